//! Delivery: fillers, hedges, vague words and repetition.
//!
//! "Like" is a filler only where it does no grammatical work: set off by commas ("it was, like,
//! slow"), opening a sentence ("Like, we tried"), after another filler ("um like"), or before an
//! intensifier ("like really"). "I like", "tools like Spark", "felt like" and "something like
//! Postgres" are never counted. "You know" and "I mean" count when set off, not in "you know the
//! answer".

use std::hash::Hasher;

use super::lexicon::{Cue, FastMap, FxHasher};
use super::parse::Parsed;
use crate::text::Span;

/// Single words that are always fillers in an answer.
fn is_filler_word(word: &str) -> bool {
    matches!(
        word,
        "um" | "umm" | "uh" | "uhh" | "uhm" | "erm" | "er" | "ah" | "hmm" | "mm" | "eh"
    )
}

/// Words after which "like" is a verb or a preposition, never a filler.
#[rustfmt::skip]
const LIKE_IS_GRAMMAR_AFTER: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "would", "i'd", "we'd", "don't", "didn't", "really",
    "felt", "feel", "feels", "look", "looks", "looked", "seem", "seems", "seemed", "sound",
    "sounds", "sounded", "something", "anything", "nothing", "things", "tools", "just", "more",
    "much", "languages", "such", "exactly", "kind", "sort", "is", "was", "be", "not", "it's",
    "what", "person", "people", "companies", "teams", "places", "systems", "everyone", "someone",
];

/// Words after which "like" is an intensifier-led filler ("like really slow").
#[rustfmt::skip]
const INTENSIFIERS: &[&str] = &[
    "really", "super", "very", "totally", "so", "literally", "basically", "just", "kind", "sort",
    "um", "uh",
];

/// The spans of filler words and phrases, in order.
pub(super) fn fillers(parsed: &Parsed<'_>) -> Vec<Span> {
    let answer = parsed.answer;
    let mut out = Vec::new();
    for sentence in &parsed.sentences {
        let range = sentence.words.clone();
        for index in range.clone() {
            let word = parsed.lower[index];
            // Only these words can start a filler; everything else is skipped at once.
            if !(is_filler_word(word) || matches!(word, "like" | "you" | "i")) {
                continue;
            }
            let span = parsed.words[index];
            let previous = (index > range.start).then(|| parsed.lower[index - 1]);
            let next = (index + 1 < range.end).then(|| parsed.lower[index + 1]);
            let comma_after = answer[span.end..].starts_with(',');
            let comma_before = answer[..span.start].trim_end().ends_with(',');
            let opens_sentence = index == range.start;

            let is_filler = if is_filler_word(word) {
                true
            } else if word == "like" {
                let grammar =
                    previous.is_some_and(|previous| LIKE_IS_GRAMMAR_AFTER.contains(&previous));
                let set_off = comma_after && (comma_before || opens_sentence);
                let after_filler = previous.is_some_and(is_filler_word);
                let before_intensifier = next.is_some_and(|next| INTENSIFIERS.contains(&next));
                set_off || (!grammar && (after_filler || before_intensifier))
            } else {
                false
            };
            if is_filler {
                out.push(span);
                continue;
            }
            // Two-word fillers: "you know", "I mean", when set off by commas or closing a clause.
            let phrase_end = index + 1;
            if phrase_end < range.end
                && matches!(
                    (word, parsed.lower[phrase_end]),
                    ("you", "know") | ("i", "mean")
                )
            {
                let end_span = parsed.words[phrase_end];
                let closes = answer[end_span.end..].starts_with(',') || phrase_end + 1 == range.end;
                let after = (phrase_end + 1 < range.end).then(|| parsed.lower[phrase_end + 1]);
                let object_follows = after.is_some_and(|after| {
                    matches!(
                        after,
                        "what"
                            | "how"
                            | "that"
                            | "the"
                            | "a"
                            | "about"
                            | "him"
                            | "her"
                            | "them"
                            | "it"
                            | "this"
                            | "why"
                            | "where"
                            | "when"
                            | "who"
                            | "if"
                    )
                });
                let quoting =
                    previous.is_some_and(|previous| matches!(previous, "what" | "that" | "if"));
                if !quoting && (closes || ((comma_before || opens_sentence) && !object_follows)) {
                    out.push(span.cover(end_span));
                }
            }
        }
    }
    out
}

/// The spans of hedging phrases ("I think", "kind of", "maybe").
pub(super) fn hedges(parsed: &Parsed<'_>) -> Vec<Span> {
    cue_spans(parsed, Cue::Hedge)
}

/// The spans of vague words ("stuff", "things", "a lot").
pub(super) fn vague_words(parsed: &Parsed<'_>) -> Vec<Span> {
    cue_spans(parsed, Cue::Vague)
}

fn cue_spans(parsed: &Parsed<'_>, cue: Cue) -> Vec<Span> {
    let mut spans: Vec<Span> = parsed
        .cues
        .iter()
        .filter(|hit| hit.cue == cue)
        .map(|hit| parsed.span_of(hit.first, hit.last))
        .collect();
    // A phrase and a word inside it ("kind of" and "kind") count once.
    spans.dedup_by(|later, earlier| later.start < earlier.end);
    spans
}

/// The first phrase of four or more words said three times or more, or a word said twice in a
/// row ("the the"): the marks of going round in circles.
pub(super) fn repetition(parsed: &Parsed<'_>) -> Option<Span> {
    let lower = &parsed.lower;
    for index in 1..lower.len() {
        // Only a word said twice with nothing but a space between ("the the"), not across a
        // sentence end ("fixed it. It was").
        let between = &parsed.answer[parsed.words[index - 1].end..parsed.words[index].start];
        let doubled = lower[index] == lower[index - 1]
            && between.chars().all(char::is_whitespace)
            && lower[index].chars().all(char::is_alphabetic);
        if doubled
            && !matches!(
                lower[index],
                "that" | "had" | "very" | "really" | "so" | "no" | "bye" | "yeah"
            )
        {
            return Some(parsed.span_of(index - 1, index));
        }
    }
    // Phrases are compared by a hash of their words; a collision is checked against the words
    // before it counts.
    const PHRASE: usize = 4;
    if lower.len() < PHRASE * 3 {
        return None;
    }
    let hashes: Vec<u64> = lower
        .iter()
        .map(|word| {
            let mut hasher = FxHasher::default();
            hasher.write(word.as_bytes());
            hasher.finish()
        })
        .collect();
    let phrases = lower.len() - PHRASE + 1;
    let mut seen: FastMap<u64, (usize, usize)> =
        FastMap::with_capacity_and_hasher(phrases, Default::default());
    for start in 0..phrases {
        let key = hashes[start..start + PHRASE]
            .iter()
            .fold(0u64, |key, hash| key.rotate_left(17) ^ hash);
        let entry = seen.entry(key).or_insert((start, 0));
        if lower[entry.0..entry.0 + PHRASE] == lower[start..start + PHRASE] {
            entry.1 += 1;
            if entry.1 == 3 {
                return Some(parsed.span_of(entry.0, entry.0 + PHRASE - 1));
            }
        }
    }
    None
}
