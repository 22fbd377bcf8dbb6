//! Delivery: filler words.
//!
//! "Like" is a filler only where it does no grammatical work: set off by commas ("it was, like,
//! slow") or opening a sentence ("Like, we tried"). "I like", "tools like Spark" and "felt like"
//! are never counted.

use super::Parsed;
use crate::text::Span;

/// Single words that are always fillers in an answer.
const FILLER_WORDS: &[&str] = &[
    "um", "umm", "uh", "uhh", "uhm", "erm", "er", "ah", "hmm", "mm",
];

/// The spans of filler words and phrases, in order.
pub(super) fn fillers(parsed: &Parsed<'_>) -> Vec<Span> {
    let mut out = Vec::new();
    let answer = parsed.answer;
    for sentence in &parsed.sentences {
        let range = sentence.words.clone();
        for index in range.clone() {
            let word = parsed.lower[index].as_str();
            let span = parsed.words[index];
            let next = (index + 1 < range.end).then(|| parsed.lower[index + 1].as_str());
            let comma_after = answer[span.end..].starts_with(',');
            let comma_before = answer[..span.start].trim_end().ends_with(',');
            let sentence_start = index == range.start;
            let filler_like = word == "like" && comma_after && (comma_before || sentence_start);
            if FILLER_WORDS.contains(&word) || filler_like {
                out.push(span);
            } else if word == "you" && next == Some("know") {
                // "you know" is a filler when set off: "..., you know, ..." or ending a sentence;
                // not in "you know the answer".
                let know = parsed.words[index + 1];
                let set_off = answer[know.end..].starts_with(',') || index + 2 == range.end;
                if set_off && (comma_before || sentence_start || index + 2 == range.end) {
                    out.push(span.cover(know));
                }
            }
        }
    }
    out
}
