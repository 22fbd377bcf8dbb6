//! Words and sentences with byte offsets into the user's text.
//!
//! Every span produced here lies on UTF-8 character boundaries of the text it was cut from, so a
//! caller may always slice `&text[start..end]`. Nothing allocates per character; the cost is one
//! pass over the text for words and one for sentences.

use std::borrow::Cow;

/// A half-open byte range `start..end` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// The text this span covers.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// One word: letters and digits, with inner apostrophes, dots and commas kept (a hyphen splits
/// words, as they are spoken: "follow-up" is two)
/// ("don't", "3.5", "1,200", "v2.1"), and a leading currency sign or trailing
/// percent sign kept with a number ("$40", "30%").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | ',' | '_' | '/')
}

/// Splits `text` into words, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let currency = matches!(c, '$' | '£' | '€' | '¥')
            && chars.peek().is_some_and(|&(_, next)| next.is_ascii_digit());
        if !is_word_char(c) && !currency {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if is_word_char(next) {
                end = i + next.len_utf8();
                chars.next();
            } else if is_joiner(next) {
                // A joiner stays inside a word only when a word character follows it, and dots
                // and commas only between digits ("3.5", "1,200"), so sentence ends stay outside.
                let joiner_len = next.len_utf8();
                let after = text[i + joiner_len..].chars().next();
                let before_is_digit = text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|b| b.is_ascii_digit());
                let keep = match (next, after) {
                    (_, None) => false,
                    ('.' | ',', Some(a)) => before_is_digit && a.is_ascii_digit(),
                    (_, Some(a)) => is_word_char(a),
                };
                if !keep {
                    break;
                }
                end = i + joiner_len;
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek().is_some_and(|&(_, next)| next == '%') {
            let (i, _) = chars.next().unwrap_or((end, '%'));
            end = i + 1;
        }
        out.push(Word {
            span: Span::new(start, end),
        });
    }
    out
}

/// A light English stemmer for matching, not for display: it strips inflections (plural, "-ed",
/// "-ing", "-ly") and a final "e", so that "save", "saves", "saved" and "saving" all become "sav",
/// and "indexes" and "index" both "index". It is consistent rather than linguistic, and only ever
/// compared with its own output. Short words, and words with digits or non-ASCII letters, are
/// returned unchanged. Expects a lowercase word.
pub fn stem(word: &str) -> Cow<'_, str> {
    let is_plain = |b: &u8| b.is_ascii_lowercase() || *b == b'-' || *b == b'\'';
    if word.len() <= 3 || !word.as_bytes().iter().all(is_plain) {
        return Cow::Borrowed(word);
    }
    let mut rest = word.strip_suffix("'s").unwrap_or(word);
    if rest.len() > 4 && rest.ends_with("ies") {
        return Cow::Owned(format!("{}y", &rest[..rest.len() - 3]));
    } else if rest.ends_with("sses") {
        rest = &rest[..rest.len() - 2];
    } else if rest.len() > 3
        && rest.ends_with('s')
        && !rest.ends_with("ss")
        && !rest.ends_with("us")
        && !rest.ends_with("is")
    {
        rest = &rest[..rest.len() - 1];
    }
    if rest.len() > 4 && rest.ends_with("ied") {
        return Cow::Owned(format!("{}y", &rest[..rest.len() - 3]));
    } else if rest.len() > 4 && rest.ends_with("ed") && !rest.ends_with("eed") {
        rest = undouble(&rest[..rest.len() - 2]);
    } else if rest.len() > 5 && rest.ends_with("ing") {
        rest = undouble(&rest[..rest.len() - 3]);
    } else if rest.len() > 5 && rest.ends_with("ly") {
        rest = &rest[..rest.len() - 2];
    }
    if rest.len() > 3 && rest.ends_with('e') {
        rest = &rest[..rest.len() - 1];
    }
    Cow::Borrowed(rest)
}

/// "plann" → "plan", "stopp" → "stop"; "call" and "pass" keep their doubled letter.
fn undouble(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    match bytes {
        [.., a, b] if a == b && !b"aeioulsz".contains(b) => &stem[..stem.len() - 1],
        _ => stem,
    }
}

/// Abbreviations whose trailing dot does not end a sentence (compared lowercase, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "inc", "ltd",
    "co", "corp", "dept", "approx", "no", "u.s", "u.k", "e.u", "a.m", "p.m", "fig", "cf", "al",
    "mt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// The byte offset of `needle` in `haystack`, ASCII letters compared without case.
pub fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.char_indices().map(|(at, _)| at).find(|&at| {
        haystack
            .as_bytes()
            .get(at..at + needle.len())
            .is_some_and(|bytes| bytes.eq_ignore_ascii_case(needle.as_bytes()))
            && haystack.is_char_boundary(at + needle.len())
    })
}

/// Splits `text` into sentence spans, trimmed of surrounding whitespace.
///
/// A sentence ends at `.`, `!` or `?` followed by whitespace (so "3.5" and "v2.1" stay whole),
/// unless the word before the dot is a known abbreviation or a single letter ("J. Smith"); and at
/// every line break that starts a new line of text (bullet lists, transcripts typed line by line).
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary_end = match b {
            b'\n' => Some(i),
            b'.' | b'!' | b'?' => {
                // Include closing quotes and brackets, and runs like "?!" or "...".
                let mut j = i + 1;
                while j < bytes.len()
                    && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')')
                {
                    j += 1;
                }
                let followed_by_space = j >= bytes.len() || bytes[j].is_ascii_whitespace();
                if followed_by_space && !(b == b'.' && ends_with_abbreviation(&text[start..i])) {
                    Some(j)
                } else {
                    i = j;
                    continue;
                }
            }
            _ => None,
        };
        match boundary_end {
            Some(end) => {
                push_trimmed(text, start, end, &mut out);
                start = end;
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn ends_with_abbreviation(before_dot: &str) -> bool {
    let last_word = before_dot
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if last_word.is_empty() {
        return false;
    }
    let single_letter =
        last_word.chars().count() == 1 && last_word.chars().all(char::is_alphabetic);
    single_letter
        || ABBREVIATIONS
            .iter()
            .any(|abbreviation| last_word.eq_ignore_ascii_case(abbreviation))
}

/// Pushes `text[start..end]` trimmed of whitespace and bullet markers, if anything is left.
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let leading = piece.len()
        - piece
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '•' | '·'))
            .len();
    let trailing = piece.len() - piece.trim_end().len();
    if leading + trailing < piece.len() {
        out.push(Span::new(start + leading, end - trailing));
    }
}

/// Words and phrases that open a new thought in run-on speech.
const RUN_ON_MARKERS: &[&[&str]] = &[
    &["so"],
    &["then"],
    &["but"],
    &["anyway"],
    &["eventually"],
    &["finally"],
    &["afterwards"],
    &["after", "that"],
    &["in", "the", "end"],
    &["at", "the", "end"],
    &["as", "a", "result"],
    &["by", "the", "end"],
    &["which", "meant"],
    &["because", "of", "that"],
];

/// Splits one sentence at ", so I ...", ", and we ...", ", and then I ..." (not at ", but I", a
/// contrast inside one part of the story; see
/// `split_run_ons`).
fn split_comma_clauses(
    text: &str,
    sentence: Span,
    inside: &[Word],
    lower: &[&str],
    out: &mut Vec<Span>,
) {
    const MIN_CLAUSE: usize = 4;
    let word_is =
        |index: usize, wanted: &[&str]| lower.get(index).is_some_and(|word| wanted.contains(word));
    let mut piece_start = sentence.start;
    let mut piece_first = 0;
    let comma_before =
        |index: usize| text[inside[index - 1].span.end..inside[index].span.start].contains(',');
    for index in MIN_CLAUSE..inside.len().saturating_sub(MIN_CLAUSE) {
        let subject = if word_is(index + 1, &["then"]) {
            index + 2
        } else {
            index + 1
        };
        // "A, B, and I did C" is a list of steps: one sentence.
        let in_a_list = word_is(index, &["and"]) && (piece_first + 1..index).any(comma_before);
        if comma_before(index)
            && !in_a_list
            && index >= piece_first + MIN_CLAUSE
            && word_is(index, &["so", "and", "then"])
            && word_is(subject, &["i", "we"])
        {
            out.push(Span::new(piece_start, inside[index - 1].span.end));
            piece_start = inside[index].span.start;
            piece_first = index;
        }
    }
    out.push(Span::new(piece_start, sentence.end));
}

/// Words that open a new thought when a subject follows them ("first I", "and we").
const BEFORE_SUBJECT: &[&str] = &["first", "next", "and", "because", "after", "once", "when"];
const SUBJECTS: &[&str] = &["i", "we", "he", "she", "they", "my", "our"];

/// Splits sentences longer than `max_words` words before discourse markers, so that a spoken
/// transcript with no punctuation still has sentence-sized units. A piece is never shorter than
/// eight words, and the last one never shorter than five. A sentence of any length is also split
/// at a comma that opens a new step with its own subject ("I was responsible for the marketing, so
/// I made posters"), when both sides have four words or more: one sentence then holds one part of
/// a story. `lower` holds the words of `words` lowercased, in the same order.
pub fn split_run_ons(
    text: &str,
    sentences: &[Span],
    words: &[Word],
    lower: &[&str],
    max_words: usize,
) -> Vec<Span> {
    const MIN_PIECE: usize = 8;
    const MIN_LAST: usize = 5;
    let mut out = Vec::with_capacity(sentences.len());
    let mut next_word = 0;
    for sentence in sentences {
        while next_word < words.len() && words[next_word].span.start < sentence.start {
            next_word += 1;
        }
        let first = next_word;
        let mut last = first;
        while last < words.len() && words[last].span.end <= sentence.end {
            last += 1;
        }
        let inside = &words[first..last];
        let inside_lower = &lower[first..last];
        if inside.len() <= max_words {
            split_comma_clauses(text, *sentence, inside, inside_lower, &mut out);
            continue;
        }
        let word_is = |index: usize, wanted: &str| {
            inside_lower.get(index).is_some_and(|word| *word == wanted)
        };
        let opens_thought = |index: usize| {
            // Most words cannot start a marker: rule them out with one `match`.
            matches!(
                inside_lower[index],
                "so" | "then"
                    | "but"
                    | "anyway"
                    | "eventually"
                    | "finally"
                    | "afterwards"
                    | "after"
                    | "in"
                    | "at"
                    | "as"
                    | "by"
                    | "which"
                    | "because"
                    | "first"
                    | "next"
                    | "and"
                    | "once"
                    | "when"
            ) && (RUN_ON_MARKERS.iter().any(|marker| {
                marker
                    .iter()
                    .enumerate()
                    .all(|(offset, wanted)| word_is(index + offset, wanted))
            }) || (BEFORE_SUBJECT.iter().any(|marker| word_is(index, marker))
                && SUBJECTS.iter().any(|subject| word_is(index + 1, subject))))
        };
        let mut piece_start = sentence.start;
        let mut piece_first = 0;
        for index in 1..inside.len() {
            if !opens_thought(index) {
                continue;
            }
            // "and then", "and at the end": the conjunction goes with the new thought.
            let index = if word_is(index - 1, "and") || word_is(index - 1, "but") {
                index - 1
            } else {
                index
            };
            if index == 0 || index < piece_first + MIN_PIECE || inside.len() - index < MIN_LAST {
                continue;
            }
            out.push(Span::new(piece_start, inside[index - 1].span.end));
            piece_start = inside[index].span.start;
            piece_first = index;
        }
        out.push(Span::new(piece_start, sentence.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_texts(text: &str) -> Vec<&str> {
        words(text).iter().map(|w| w.span.of(text)).collect()
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn words_keep_contractions_numbers_and_money() {
        assert_eq!(
            word_texts("I didn't stop: latency fell 30% (from 1,200 ms to $40k, v2.1)."),
            [
                "I", "didn't", "stop", "latency", "fell", "30%", "from", "1,200", "ms", "to",
                "$40k", "v2.1"
            ]
        );
        assert_eq!(
            word_texts("a follow-up, then - done"),
            ["a", "follow", "up", "then", "done"]
        );
    }

    #[test]
    fn sentences_survive_abbreviations_decimals_and_versions() {
        assert_eq!(
            sentence_texts(
                "We met Dr. Patel at 3.5 p.m. to discuss v2.1, e.g. the cache. It worked!"
            ),
            [
                "We met Dr. Patel at 3.5 p.m. to discuss v2.1, e.g. the cache.",
                "It worked!"
            ]
        );
    }

    #[test]
    fn sentences_split_bullets_and_lines() {
        assert_eq!(
            sentence_texts("Context\n- built the pipeline\n- cut cost by 20%\n\nDone"),
            ["Context", "built the pipeline", "cut cost by 20%", "Done"]
        );
    }

    #[test]
    fn spans_stay_on_char_boundaries_for_any_script() {
        let text = "Já fiz isso. 我们做了。 Ça marche?! 😀 done.";
        for span in sentences(text) {
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        for word in words(text) {
            assert!(!word.span.of(text).is_empty());
        }
    }

    #[test]
    fn stems_conflate_inflections() {
        let stems = |words: &[&str]| {
            words
                .iter()
                .map(|word| stem(word).into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(stems(&["save", "saves", "saved", "saving"]), ["sav"; 4]);
        assert_eq!(stems(&["index", "indexes"]), ["index"; 2]);
        assert_eq!(stems(&["query", "queries"]), ["query"; 2]);
        assert_eq!(
            stems(&["plan", "planned", "planning", "plans"]),
            ["plan"; 4]
        );
        assert_eq!(stems(&["called", "calls"]), ["call"; 2]);
        assert_eq!(
            stems(&["process", "status", "analysis", "was", "i'm", "3.5"]),
            ["process", "status", "analysis", "was", "i'm", "3.5"]
        );
    }

    /// Splits run-ons the way the analysis does, with the words lowercased.
    fn run_ons(text: &str, max_words: usize) -> Vec<Span> {
        let words = words(text);
        let lower: Vec<String> = words
            .iter()
            .map(|word| word.span.of(text).to_lowercase())
            .collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        split_run_ons(text, &sentences(text), &words, &lower, max_words)
    }

    #[test]
    fn run_ons_split_before_discourse_markers() {
        let text = "ok so I was working at a store and the manager asked me to fix the schedule \
                    and then I talked to everyone on the team about their hours so I made a new rota \
                    and it worked out fine in the end";
        let pieces: Vec<&str> = run_ons(text, 20).iter().map(|span| span.of(text)).collect();
        assert_eq!(
            pieces,
            [
                "ok so I was working at a store and the manager asked me to fix the schedule",
                "and then I talked to everyone on the team about their hours",
                "so I made a new rota and it worked out fine in the end",
            ]
        );
        let short = "So I did it. Then it worked.";
        assert_eq!(run_ons(short, 20), sentences(short));
    }

    #[test]
    fn a_comma_before_a_new_step_splits_a_short_sentence() {
        let text = "I was responsible for the marketing, so I made posters and an Instagram page, \
                    and we got 200 followers in two weeks.";
        let pieces: Vec<&str> = run_ons(text, 35).iter().map(|span| span.of(text)).collect();
        assert_eq!(
            pieces,
            [
                "I was responsible for the marketing",
                "so I made posters and an Instagram page",
                "and we got 200 followers in two weeks.",
            ]
        );
        // Too short a clause, or no subject after the comma: one sentence.
        for whole in [
            "Then, so I said, we left early.",
            "I met the team, and the client, and the auditors before the launch.",
            "We split the work, we met every morning, and we cut two features.",
        ] {
            assert_eq!(run_ons(whole, 35), sentences(whole), "{whole}");
        }
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\t ").is_empty());
        assert!(words("  ...  ").is_empty());
    }
}
