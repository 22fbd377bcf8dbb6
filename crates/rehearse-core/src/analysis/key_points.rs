//! Coverage of reference key points by a technical answer.
//!
//! A key point is covered by a sentence that contains at least half of the key point's content
//! words (compared by a crude stem, so "indexes" matches "index" and "caching" matches "cache").
//! The evidence is that sentence.

use super::{KeyPointCoverage, Parsed};

const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "are",
    "but",
    "not",
    "you",
    "all",
    "any",
    "can",
    "has",
    "have",
    "had",
    "was",
    "were",
    "one",
    "our",
    "out",
    "its",
    "it's",
    "this",
    "that",
    "with",
    "from",
    "they",
    "them",
    "then",
    "than",
    "what",
    "when",
    "which",
    "who",
    "how",
    "why",
    "into",
    "onto",
    "your",
    "more",
    "most",
    "some",
    "such",
    "each",
    "other",
    "also",
    "only",
    "very",
    "just",
    "about",
    "over",
    "under",
    "between",
    "both",
    "does",
    "doing",
    "done",
    "there",
    "their",
    "these",
    "those",
    "will",
    "would",
    "should",
    "could",
    "may",
    "might",
    "must",
    "being",
    "been",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "or",
    "as",
    "is",
    "be",
    "it",
    "so",
    "if",
    "no",
    "names",
    "explains",
    "states",
    "mentions",
    "describes",
    "gives",
    "uses",
    "using",
];

/// A crude stem: the first six characters of the lowercased word, after dropping a plural "s".
/// Enough for a first cut; the full engine brings a real stemmer and synonyms.
fn stem(word: &str) -> String {
    let word = word.strip_suffix("'s").unwrap_or(word);
    let word = if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    };
    word.chars().take(6).collect()
}

fn content_stems(words: impl Iterator<Item = String>) -> Vec<String> {
    let mut stems: Vec<String> = words
        .filter(|word| word.chars().count() >= 3 && !STOP_WORDS.contains(&word.as_str()))
        .map(|word| stem(&word))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

pub(super) fn coverage(parsed: &Parsed<'_>, key_points: &[String]) -> Vec<KeyPointCoverage> {
    let sentence_stems: Vec<Vec<String>> = parsed
        .sentences
        .iter()
        .map(|sentence| content_stems(parsed.sentence_lower(sentence).iter().cloned()))
        .collect();
    key_points
        .iter()
        .enumerate()
        .map(|(index, key_point)| {
            let wanted = content_stems(
                crate::text::words(key_point)
                    .iter()
                    .map(|word| word.span.of(key_point).to_lowercase()),
            );
            let needed = wanted.len().div_ceil(2).max(1);
            let best = sentence_stems
                .iter()
                .enumerate()
                .map(|(sentence_index, stems)| {
                    (
                        sentence_index,
                        wanted
                            .iter()
                            .filter(|stem| stems.binary_search(stem).is_ok())
                            .count(),
                    )
                })
                .filter(|&(_, hits)| hits >= needed)
                .max_by_key(|&(sentence_index, hits)| (hits, std::cmp::Reverse(sentence_index)));
            match best {
                Some((sentence_index, _)) if !wanted.is_empty() => {
                    let span = parsed.sentences[sentence_index].span;
                    KeyPointCoverage {
                        index,
                        covered: true,
                        start: Some(span.start),
                        end: Some(span.end),
                    }
                }
                _ => KeyPointCoverage {
                    index,
                    covered: false,
                    start: None,
                    end: None,
                },
            }
        })
        .collect()
}
