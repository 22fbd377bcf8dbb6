//! Is the answer in English, and does it answer the question asked?
//!
//! Topic is judged by the competency the question probes (conflict, failure, influence, ...):
//! given by the bank, or read from the question's own words. An answer is on topic when it shows
//! evidence of any of those competencies. When the question probes nothing the lexicon knows, the
//! answer is given the benefit of the doubt: wrongly calling a good answer off topic costs the
//! user more than missing an off-topic one.

use super::lexicon::{COMPETENCY_CUES, Cue};
use super::parse::Parsed;

/// Below this many words there is too little to judge the topic or the language.
const MIN_WORDS_TO_JUDGE: usize = 12;

/// Whether the answer is written in English (so that its measures mean anything).
pub(super) fn is_english(parsed: &Parsed<'_>) -> bool {
    let words = parsed.word_count();
    if words < MIN_WORDS_TO_JUDGE {
        return true;
    }
    let letters = parsed
        .answer
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        .max(1);
    let latin = parsed
        .answer
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(c))
        .count();
    if latin * 2 < letters {
        return false;
    }
    let english = parsed
        .lower
        .iter()
        .filter(|word| parsed.lexicon.is_english_function_word(word))
        .count();
    let foreign = parsed
        .lower
        .iter()
        .filter(|word| parsed.lexicon.is_foreign_function_word(word))
        .count();
    !(foreign > english && foreign * 100 >= words * 12)
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
    let question = Parsed::new(question);
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
    const GENERIC: &[&str] = &[
        "tell", "time", "describ", "explain", "give", "exampl", "walk", "would", "could", "what",
        "when", "which", "how", "why", "your", "you", "about", "with", "that", "this", "have",
        "design", "build", "system", "work", "make", "like", "they", "them", "does", "doe",
    ];
    let question = Parsed::new(question);
    let mut stems: Vec<&String> = question
        .stems
        .iter()
        .zip(&question.lower)
        .filter(|(stem, lower)| {
            stem.len() >= 3
                && !parsed.lexicon.is_english_function_word(lower)
                && !GENERIC.contains(&stem.as_str())
        })
        .map(|(stem, _)| stem)
        .collect();
    stems.sort();
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
