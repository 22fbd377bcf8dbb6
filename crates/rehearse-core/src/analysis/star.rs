//! STAR tagging: which part of the story each sentence tells, and what that says about the answer.
//!
//! Each sentence is scored for every part from cue phrases and from who acts in it ("I" + a verb
//! is an action, a past-tense "we were"/"there was" is a setting), with a prior for its position
//! (stories open with the setting and close with the outcome). A sentence with no signal continues
//! the part of the sentence before it, as speech usually does.

use super::{Parsed, Sentence, Star, StarPart};
use crate::text::Span;

const SITUATION_CUES: &[&str] = &[
    "at my",
    "at the time",
    "when i was",
    "while i was",
    "i was working",
    "i worked as",
    "i was a",
    "i was an",
    "i was the",
    "i was on",
    "our team",
    "the team was",
    "the company",
    "there was",
    "there were",
    "we were",
    "we had",
    "a few years ago",
    "last year",
    "in my previous",
    "in my last",
    "back in",
    "background",
    "the situation",
    "context",
    "years ago",
    "months ago",
    "in my role",
    "was working on",
];

const TASK_CUES: &[&str] = &[
    "my task",
    "my job was",
    "my role was",
    "i was responsible",
    "i was asked",
    "i was tasked",
    "i needed to",
    "i had to",
    "we had to",
    "we needed to",
    "my goal",
    "the goal was",
    "our goal",
    "i wanted to",
    "the challenge was",
    "the problem was",
    "needed to",
    "responsible for",
    "i was assigned",
    "it was up to me",
    "my responsibility",
    "the task was",
    "the aim was",
    "i set out to",
];

const ACTION_CUES: &[&str] = &[
    "so i",
    "then i",
    "first i",
    "first,",
    "next,",
    "after that",
    "i decided",
    "i started",
    "i set up",
    "i scheduled",
    "i reached out",
    "i proposed",
    "i built",
    "i wrote",
    "i created",
    "i organized",
    "i organised",
    "i met",
    "i spoke",
    "i talked",
    "i asked",
    "i analyzed",
    "i analysed",
    "i designed",
    "i implemented",
    "i led",
    "i called",
    "i worked with",
    "i suggested",
    "i made sure",
    "i took",
    "i began",
    "i introduced",
    "i changed",
    "i fixed",
    "i negotiated",
    "i explained",
    "i prepared",
    "i gathered",
    "i reviewed",
    "i tested",
    "i trained",
    "i coached",
    "i presented",
    "i convinced",
    "i escalated",
    "i prioritized",
    "i prioritised",
    "i researched",
    "i documented",
    "i automated",
    "i rewrote",
    "i split",
];

const RESULT_CUES: &[&str] = &[
    "as a result",
    "in the end",
    "ultimately",
    "eventually",
    "the result",
    "the outcome",
    "resulted in",
    "led to",
    "which meant",
    "ended up",
    "by the end",
    "we saved",
    "saved",
    "reduced",
    "increased",
    "improved",
    "grew",
    "went from",
    "dropped",
    "fell",
    "rose",
    "successfully",
    "on time",
    "was praised",
    "got promoted",
    "was promoted",
    "the feedback",
    "delivered",
    "launched",
    "shipped",
    "finished",
    "completed",
    "achieved",
    "won",
];

const REFLECTION_CUES: &[&str] = &[
    "i learned",
    "i learnt",
    "learned that",
    "taught me",
    "looking back",
    "in hindsight",
    "next time",
    "since then",
    "going forward",
    "the lesson",
    "i realized",
    "i realised",
    "do differently",
    "i now",
    "now i always",
    "it showed me",
    "my takeaway",
];

/// Words that turn "i ..." into a state rather than an action.
const NON_ACTION_AFTER_I: &[&str] = &[
    "was", "am", "had", "have", "think", "guess", "mean", "believe", "feel", "felt", "would",
    "like", "love", "enjoy", "know", "'m", "’m", "'d", "’d",
];

/// Tags every sentence of a behavioral answer.
pub(super) fn tag(parsed: &Parsed<'_>) -> Vec<StarPart> {
    let count = parsed.sentences.len();
    let mut parts = Vec::with_capacity(count);
    for (index, sentence) in parsed.sentences.iter().enumerate() {
        let lower = sentence_text_lower(parsed, sentence);
        let position = if count > 1 {
            index as f64 / (count - 1) as f64
        } else {
            0.5
        };
        let cue = |cues: &[&str]| {
            cues.iter()
                .filter(|cue| contains_phrase(&lower, cue))
                .count() as f64
        };

        let mut scores = [
            (StarPart::Situation, cue(SITUATION_CUES)),
            (StarPart::Task, cue(TASK_CUES) * 1.5),
            (
                StarPart::Action,
                cue(ACTION_CUES) + subject_acts(parsed.sentence_lower(sentence)),
            ),
            (
                StarPart::Result,
                cue(RESULT_CUES) + has_number(parsed.sentence_lower(sentence)) * 0.3,
            ),
            (StarPart::Reflection, cue(REFLECTION_CUES) * 2.0),
        ];
        let has_signal = scores.iter().any(|&(_, score)| score > 0.0);
        // Position prior: a small nudge that breaks ties, never a signal on its own.
        for (part, score) in &mut scores {
            let nudge = match part {
                StarPart::Situation => 1.0 - position,
                StarPart::Result | StarPart::Reflection => position,
                _ => 0.0,
            };
            if *score > 0.0 {
                *score += nudge * 0.4;
            }
        }
        let part = if has_signal {
            scores
                .iter()
                .fold((StarPart::Other, 0.0), |best, &(part, score)| {
                    if score > best.1 { (part, score) } else { best }
                })
                .0
        } else {
            match parts.last() {
                Some(&previous) => previous,
                None if count > 1 => StarPart::Situation,
                None => StarPart::Other,
            }
        };
        parts.push(part);
    }
    parts
}

/// The sentence lowercased with single spaces, padded so phrases match on word boundaries.
fn sentence_text_lower(parsed: &Parsed<'_>, sentence: &Sentence) -> String {
    let mut out = String::from(" ");
    for (word_index, word) in sentence.words.clone().zip(parsed.sentence_lower(sentence)) {
        out.push_str(word);
        // Keep a comma after a word, so cues like "first," can match.
        let span = parsed.words[word_index];
        if parsed.answer[span.end..].starts_with(',') {
            out.push(',');
        }
        out.push(' ');
    }
    out
}

fn contains_phrase(padded_lower: &str, cue: &str) -> bool {
    let mut needle = String::with_capacity(cue.len() + 2);
    needle.push(' ');
    needle.push_str(cue);
    if !cue.ends_with(',') {
        needle.push(' ');
    }
    padded_lower.contains(&needle)
}

/// 1.0 when "I" or "we" is followed by a verb that is not a state ("I was", "we think"): someone
/// in the story does something. Whether it is "I" or "we" is ownership's business, not the part's.
fn subject_acts(words: &[String]) -> f64 {
    let acts = words.windows(2).any(|pair| {
        matches!(pair[0].as_str(), "i" | "we") && !NON_ACTION_AFTER_I.contains(&pair[1].as_str())
    });
    if acts { 1.0 } else { 0.0 }
}

const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "dozen",
    "dozens",
    "half",
    "halved",
    "doubled",
    "tripled",
    "twice",
    "percent",
    "third",
    "quarter",
];

fn is_number_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&word)
}

fn has_number(words: &[String]) -> f64 {
    if words.iter().any(|word| is_number_word(word)) {
        1.0
    } else {
        0.0
    }
}

/// Word counts and shares per STAR part.
pub(super) fn stats(parsed: &Parsed<'_>, parts: &[StarPart], total_words: usize) -> Star {
    let mut star = Star::default();
    for (sentence, &part) in parsed.sentences.iter().zip(parts) {
        let slot = match part {
            StarPart::Situation => &mut star.situation,
            StarPart::Task => &mut star.task,
            StarPart::Action => &mut star.action,
            StarPart::Result => &mut star.result,
            StarPart::Reflection | StarPart::Other => continue,
        };
        slot.present = true;
        slot.sentences += 1;
        slot.words += sentence.words.len();
    }
    for slot in [
        &mut star.situation,
        &mut star.task,
        &mut star.action,
        &mut star.result,
    ] {
        slot.share = share(slot.words, total_words);
    }
    star
}

fn share(part: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (part as f64 / total as f64 * 1000.0).round() / 1000.0
    }
}

/// The first number in the result sentences: evidence that the result is quantified.
pub(super) fn result_number(parsed: &Parsed<'_>, parts: &[StarPart]) -> Option<Span> {
    parsed
        .sentences
        .iter()
        .zip(parts)
        .filter(|(_, part)| **part == StarPart::Result)
        .flat_map(|(sentence, _)| sentence.words.clone())
        .find(|&index| is_number_word(&parsed.lower[index]))
        .map(|index| parsed.words[index])
}

const SINGULAR: &[&str] = &[
    "i", "me", "my", "myself", "mine", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll",
];
const PLURAL: &[&str] = &[
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "we're",
    "we’re",
    "we've",
    "we’ve",
    "we'd",
    "we’d",
    "we'll",
    "we’ll",
];

/// "I" against "we" in the action sentences (the whole answer when no sentence is an action).
pub(super) fn ownership(parsed: &Parsed<'_>, parts: &[StarPart]) -> super::Ownership {
    let has_actions = parts.contains(&StarPart::Action);
    let mut i = 0;
    let mut we = 0;
    for (sentence, &part) in parsed.sentences.iter().zip(parts) {
        if has_actions && part != StarPart::Action {
            continue;
        }
        for word in parsed.sentence_lower(sentence) {
            if SINGULAR.contains(&word.as_str()) {
                i += 1;
            } else if PLURAL.contains(&word.as_str()) {
                we += 1;
            }
        }
    }
    super::Ownership {
        i,
        we,
        we_heavy: we >= 2 && we > i,
    }
}

/// The first action sentence told with "we", for pointing at.
pub(super) fn first_we_action(parsed: &Parsed<'_>, parts: &[StarPart]) -> Option<Span> {
    parsed
        .sentences
        .iter()
        .zip(parts)
        .find(|(sentence, part)| {
            **part == StarPart::Action
                && parsed
                    .sentence_lower(sentence)
                    .iter()
                    .any(|word| PLURAL.contains(&word.as_str()))
        })
        .map(|(sentence, _)| sentence.span)
}
