//! Is the answer in English, and does it answer the question asked?
//!
//! Topic is judged by the competency the question probes (conflict, failure, influence, ...):
//! given by the bank, or read from the question's own words. An answer is on topic when it shows
//! evidence of any of those competencies. When the question probes nothing the lexicon knows, the
//! answer is given the benefit of the doubt: wrongly calling a good answer off topic costs the
//! user more than missing an off-topic one.

use super::lexicon::{COMPETENCY_CUES, Cue};
use super::parse::{Parsed, WordForms};

/// Below this many words there is too little to judge the topic or the language.
const MIN_WORDS_TO_JUDGE: usize = 12;

/// Whether the answer is written in English (so that its measures mean anything).
pub(super) fn is_english(parsed: &Parsed<'_>) -> bool {
    let words = parsed.word_count();
    if words < MIN_WORDS_TO_JUDGE {
        return true;
    }
    // Mostly non-Latin letters (Cyrillic, Arabic, CJK, ...) is not English; checked only when
    // there is something beyond ASCII to look at.
    if !parsed.answer.is_ascii() {
        let (mut letters, mut latin) = (0usize, 0usize);
        for c in parsed.answer.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
                latin += 1;
            }
        }
        if latin * 2 < letters {
            return false;
        }
    }
    // The first 150 words tell the language as well as all of them.
    let sample = &parsed.lower[..words.min(150)];
    let (mut english, mut foreign) = (0, 0);
    for word in sample {
        match parsed.lexicon.function_word(word) {
            Some(true) => english += 1,
            Some(false) => foreign += 1,
            None => {}
        }
    }
    !(foreign > english && foreign * 100 >= sample.len() * 12)
}

/// The competencies a question probes, as indexes into `COMPETENCY_CUES`: the given names, or
/// those whose cues appear in the question text.
pub(super) fn question_competencies(question: &str, given: &[String]) -> Vec<u8> {
    if !given.is_empty() {
        return given
            .iter()
            .filter_map(|name| COMPETENCY_CUES.iter().position(|(known, _)| known == name))
            .map(|index| index as u8)
            .collect();
    }
    let forms = WordForms::new(question);
    let question = Parsed::new(question, &forms);
    let mut found: Vec<u8> = question
        .cues
        .iter()
        .filter_map(|hit| match hit.cue {
            Cue::Competency(index) => Some(index),
            _ => None,
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Competencies that almost any work story shows (a challenge, a problem solved, something
/// achieved or led): a question about one of them is answered by any real story, so it is never
/// called off topic. The judgement is kept for questions about something specific (a conflict, a
/// failure, mentoring, an unclear brief), where a different story really does miss the question.
#[rustfmt::skip]
pub(super) const SHOWN_BY_ANY_STORY: &[&str] = &[
    "challenge", "achievement", "problem-solving", "ownership", "leadership", "teamwork",
    "initiative", "decision-making", "adaptability", "communication", "pressure",
    "analytical-thinking", "business-acumen", "technical-depth", "system-design", "self-awareness",
    "stakeholder-management",
];

/// Whether the question probes only things a different story would miss.
pub(super) fn is_specific(competencies: &[u8]) -> bool {
    !competencies.is_empty()
        && competencies
            .iter()
            .all(|&index| !SHOWN_BY_ANY_STORY.contains(&COMPETENCY_CUES[index as usize].0))
}

/// How much of the answer speaks to the question's competencies: the number of cue hits.
pub(super) fn competency_evidence(parsed: &Parsed<'_>, competencies: &[u8]) -> usize {
    parsed
        .cues
        .iter()
        .filter(|hit| matches!(hit.cue, Cue::Competency(index) if competencies.contains(&index)))
        .count()
}

/// Content words shared by the question and the answer (by stem), for non-behavioral questions.
pub(super) fn shared_content_words(parsed: &Parsed<'_>, question: &str) -> usize {
    /// Words every question uses, compared by stem.
    #[rustfmt::skip]
    const GENERIC: &[&str] = &[
        "tell", "time", "describe", "explain", "give", "example", "walk", "would", "could", "what",
        "when", "which", "how", "why", "your", "you", "about", "with", "that", "this", "have",
        "design", "build", "system", "work", "make", "like", "they", "them", "does",
    ];
    static GENERIC_STEMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let generic = GENERIC_STEMS.get_or_init(|| {
        GENERIC
            .iter()
            .map(|word| crate::text::stem(word).into_owned())
            .collect()
    });
    let forms = WordForms::new(question);
    let question = Parsed::new(question, &forms);
    let mut stems: Vec<&str> = question
        .stems
        .iter()
        .zip(&question.lower)
        .filter(|(stem, lower)| {
            stem.len() >= 3
                && !parsed.lexicon.is_english_function_word(lower)
                && !generic.iter().any(|word| word == *stem)
        })
        .map(|(stem, _)| *stem)
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
        .iter()
        .filter(|stem| parsed.stems.contains(stem))
        .count()
}

/// Whether the answer is long enough to judge its topic.
pub(super) fn can_judge(parsed: &Parsed<'_>) -> bool {
    parsed.word_count() >= MIN_WORDS_TO_JUDGE * 3
}

/// Words every question uses, compared by stem: not evidence that two texts share a subject.
#[rustfmt::skip]
const GENERIC_QUESTION_WORDS: &[&str] = &[
    "tell", "time", "describe", "explain", "give", "example", "walk", "would", "could", "what",
    "when", "which", "how", "why", "your", "you", "about", "with", "that", "this", "have",
    "design", "build", "system", "work", "make", "like", "they", "them", "does", "something",
    "someone", "situation", "happen", "did", "were", "was", "thing", "really", "just", "kind",
    "lot", "get", "got", "went", "going", "one", "also", "able",
];

/// The content-word stems of a parsed text: three letters or more, not function words, not the
/// words every question uses. Sorted and without repeats.
pub(super) fn content_stems(parsed: &Parsed<'_>) -> Vec<String> {
    static GENERIC_STEMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let generic = GENERIC_STEMS.get_or_init(|| {
        GENERIC_QUESTION_WORDS
            .iter()
            .map(|word| crate::text::stem(word).into_owned())
            .collect()
    });
    let mut stems: Vec<String> = parsed
        .stems
        .iter()
        .zip(&parsed.lower)
        .filter(|(stem, lower)| {
            stem.len() >= 3
                && lower.chars().all(char::is_alphabetic)
                && parsed.lexicon.function_word(lower).is_none()
                && !generic.iter().any(|word| word == *stem)
        })
        .map(|(stem, _)| (*stem).to_owned())
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// The signs of each competency in a parsed text, as (name, weight) for each competency with
/// any, in vocabulary order. A cue word that signals several competencies ("team" is leadership
/// and teamwork) counts for each in proportion: it says less about any one of them.
pub(super) fn competency_hits(parsed: &Parsed<'_>) -> Vec<(&'static str, f32)> {
    let mut weights = vec![0f32; COMPETENCY_CUES.len()];
    let hits: Vec<(usize, usize, u8)> = parsed
        .cues
        .iter()
        .filter_map(|hit| match hit.cue {
            Cue::Competency(index) => Some((hit.first, hit.last, index)),
            _ => None,
        })
        .collect();
    for &(first, last, index) in &hits {
        let sharing = hits
            .iter()
            .filter(|(f, l, _)| *f == first && *l == last)
            .count()
            .max(1);
        weights[index as usize] += 1.0 / sharing as f32;
    }
    COMPETENCY_CUES
        .iter()
        .zip(weights)
        .filter(|(_, weight)| *weight > 0.0)
        .map(|((name, _), weight)| (*name, weight))
        .collect()
}
