//! Coverage of reference key points by a technical answer, in the answer's own words.
//!
//! A key point is cut into concepts: a domain term from the synonym lexicon ("B-tree", "time to
//! live") or a content word, compared by stem. An answer covers the point where one sentence, or
//! two or three neighbouring ones, state enough of its concepts (weighted, domain terms counting
//! more). A concept does not count where the answer denies it ("the order does *not* matter") or
//! states it the other way round ("writes get *faster*" against "slows down writes"): that is a
//! contradiction, reported as such, and never coverage.

use std::sync::OnceLock;

use super::KeyPointCoverage;
use super::lexicon::{DOWN_WORDS, Lexicon, NEGATORS, SYNONYMS, UP_WORDS};
use super::parse::{Parsed, WordForms};
use crate::text::{self, Span};

/// Share of a key point's concept weight an answer must state to cover it.
const COVERAGE_THRESHOLD: f64 = 0.42;
/// How far (in words) a negator or a direction word may sit from the concept it qualifies.
const REACH: usize = 4;

/// Words of rubric language that say nothing about the content ("explains", "mentions"); compared
/// by stem.
#[rustfmt::skip]
const RUBRIC_WORDS: &[&str] = &[
    "explain", "mention", "name", "state", "describe", "give", "use", "usually", "also", "instead",
    "every", "each", "only", "just", "many", "much", "make", "way", "thing", "lot", "one", "two",
    "can", "may", "might", "must", "should", "often", "rather", "other", "same", "like", "get",
    "let", "need", "well", "good", "why", "what", "when", "which", "answer", "point", "strong",
    "e.g", "etc", "instead",
];

fn rubric_stems() -> &'static Vec<String> {
    static STEMS: OnceLock<Vec<String>> = OnceLock::new();
    STEMS.get_or_init(|| {
        RUBRIC_WORDS
            .iter()
            .map(|word| text::stem(word).into_owned())
            .collect()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// One idea of a key point and the ways an answer may say it.
#[derive(Debug, Clone)]
struct Concept {
    /// Each variant is a sequence of stems.
    variants: Vec<Vec<String>>,
    weight: f64,
    /// The direction the key point gives it ("slow down writes": Down), if any.
    direction: Option<Direction>,
    /// The key point itself denies it ("users, not sessions"): then a denial agrees.
    denied: bool,
}

/// The synonym groups, tokenised and stemmed once.
fn synonym_groups() -> &'static Vec<Vec<Vec<String>>> {
    static GROUPS: OnceLock<Vec<Vec<Vec<String>>>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        SYNONYMS
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|variant| stems_of(variant))
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .collect()
    })
}

fn stems_of(text: &str) -> Vec<String> {
    let forms = WordForms::new(text);
    Parsed::new(text, &forms)
        .stems
        .iter()
        .map(|stem| stem.to_string())
        .collect()
}

/// Where `variant` occurs in `stems`, as word indexes of its first word.
fn occurrences<'s>(
    stems: &'s [&'s str],
    variant: &'s [String],
) -> impl Iterator<Item = usize> + 's {
    (0..stems.len().saturating_sub(variant.len() - 1)).filter(move |&start| {
        start + variant.len() <= stems.len() && stems[start..start + variant.len()] == *variant
    })
}

/// Whether `list` holds `word`.
fn has(list: &[String], word: &str) -> bool {
    list.iter().any(|entry| entry == word)
}

fn direction_near(
    parsed_stems: &[&str],
    at: usize,
    len: usize,
    up: &[String],
    down: &[String],
) -> Option<Direction> {
    let from = at.saturating_sub(REACH);
    let to = (at + len + REACH).min(parsed_stems.len());
    let window = (from..to).filter(|&index| index < at || index >= at + len);
    let (mut ups, mut downs) = (0, 0);
    for index in window {
        if has(up, parsed_stems[index]) {
            ups += 1;
        }
        if has(down, parsed_stems[index]) {
            downs += 1;
        }
    }
    match (ups > 0, downs > 0) {
        (true, false) => Some(Direction::Up),
        (false, true) => Some(Direction::Down),
        _ => None,
    }
}

/// Whether a negator shortly before `at` denies it. "Not like", "not only" and "not just"
/// compare or extend rather than deny.
fn negated(lower: &[&str], at: usize, floor: usize) -> bool {
    (at.saturating_sub(REACH).max(floor)..at).any(|index| {
        NEGATORS.contains(&lower[index])
            && !lower
                .get(index + 1)
                .is_some_and(|next| matches!(*next, "like" | "only" | "just" | "unlike" | "as"))
    })
}

struct Directions {
    up: Vec<String>,
    down: Vec<String>,
}

fn directions() -> &'static Directions {
    static DIRECTIONS: OnceLock<Directions> = OnceLock::new();
    DIRECTIONS.get_or_init(|| {
        let lexicon = Lexicon::get();
        Directions {
            up: UP_WORDS.iter().map(|word| lexicon.stem(word)).collect(),
            down: DOWN_WORDS.iter().map(|word| lexicon.stem(word)).collect(),
        }
    })
}

/// The concepts of one key point.
fn concepts(key_point: &str) -> Vec<Concept> {
    let forms = WordForms::new(key_point);
    let parsed = Parsed::new(key_point, &forms);
    let directions = directions();
    let mut used = vec![false; parsed.stems.len()];
    let mut out: Vec<Concept> = Vec::new();
    for group in synonym_groups() {
        let mut found = None;
        for variant in group {
            if let Some(at) = occurrences(&parsed.stems, variant)
                .find(|&at| !used[at..at + variant.len()].iter().any(|u| *u))
            {
                found = Some((at, variant.len()));
                break;
            }
        }
        if let Some((at, len)) = found {
            used[at..at + len].iter_mut().for_each(|u| *u = true);
            out.push(Concept {
                variants: group.clone(),
                weight: 1.5,
                direction: direction_near(&parsed.stems, at, len, &directions.up, &directions.down),
                denied: negated(&parsed.lower, at, 0),
            });
        }
    }
    for (index, &stem) in parsed.stems.iter().enumerate() {
        let lower = parsed.lower[index];
        let is_direction = has(&directions.up, stem) || has(&directions.down, stem);
        if used[index]
            || lower.chars().count() < 3
            || parsed.lexicon.is_english_function_word(lower)
            || NEGATORS.contains(&lower)
            || has(rubric_stems(), stem)
            || is_direction
            || out.iter().any(|concept| {
                concept.variants.len() == 1
                    && concept.variants[0].len() == 1
                    && concept.variants[0][0] == stem
            })
        {
            continue;
        }
        out.push(Concept {
            variants: vec![vec![stem.to_owned()]],
            weight: 1.0,
            direction: direction_near(&parsed.stems, index, 1, &directions.up, &directions.down),
            denied: negated(&parsed.lower, index, 0),
        });
    }
    out
}

/// How an answer window states one concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stated {
    Yes,
    Denied,
    Absent,
}

/// Every place the answer says `concept`, as (word index, denied there).
fn mentions(parsed: &Parsed<'_>, concept: &Concept) -> Vec<(usize, bool)> {
    let directions = directions();
    let mut out = Vec::new();
    for variant in &concept.variants {
        for at in occurrences(&parsed.stems, variant) {
            // A negator only reaches back to the start of its own sentence.
            let sentence = parsed
                .sentences
                .partition_point(|sentence| sentence.words.end <= at);
            let floor = parsed
                .sentences
                .get(sentence)
                .map_or(0, |sentence| sentence.words.start);
            let wrong_way = concept.direction.is_some_and(|wanted| {
                direction_near(
                    &parsed.stems,
                    at,
                    variant.len(),
                    &directions.up,
                    &directions.down,
                )
                .is_some_and(|said| said != wanted)
            });
            out.push((
                at,
                negated(&parsed.lower, at, floor) != concept.denied || wrong_way,
            ));
        }
    }
    out
}

/// How the words in `window` state a concept mentioned at `mentions`. One denial in the window
/// outweighs any number of plain mentions: saying "writes get faster" is not redeemed by
/// mentioning inserts elsewhere.
fn stated(mentions: &[(usize, bool)], window: &std::ops::Range<usize>) -> Stated {
    let mut result = Stated::Absent;
    for &(at, denied) in mentions {
        if window.contains(&at) {
            if denied {
                return Stated::Denied;
            }
            result = Stated::Yes;
        }
    }
    result
}

/// The verdict on one key point, with its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Covered(Span),
    /// The answer talks about the point but denies or reverses part of it.
    Contradicted(Span),
    Missed,
}

/// The verdicts on every key point, and whether the answer names any of their domain terms at all
/// (a sign that it is at least on topic).
pub(super) struct Judgement {
    pub verdicts: Vec<Verdict>,
    pub mentions_domain_terms: bool,
}

/// Judges every key point against the answer.
pub(super) fn judge(parsed: &Parsed<'_>, key_points: &[String]) -> Judgement {
    let mut mentions_domain_terms = false;
    let verdicts = key_points
        .iter()
        .map(|key_point| {
            let concepts = concepts(key_point);
            let mentioned: Vec<Vec<(usize, bool)>> = concepts
                .iter()
                .map(|concept| mentions(parsed, concept))
                .collect();
            mentions_domain_terms |= concepts
                .iter()
                .zip(&mentioned)
                .any(|(concept, places)| concept.weight > 1.0 && !places.is_empty());
            judge_one(parsed, &concepts, &mentioned)
        })
        .collect();
    Judgement {
        verdicts,
        mentions_domain_terms,
    }
}

fn judge_one(
    parsed: &Parsed<'_>,
    concepts: &[Concept],
    mentioned: &[Vec<(usize, bool)>],
) -> Verdict {
    let total: f64 = concepts.iter().map(|concept| concept.weight).sum();
    if concepts.is_empty() || total == 0.0 {
        return Verdict::Missed;
    }
    let needed_count = if concepts.len() == 1 { 1 } else { 2 };
    let sentences = &parsed.sentences;
    let mut best: Option<(f64, Span)> = None;
    let mut contradiction: Option<(f64, Span)> = None;
    for start in 0..sentences.len() {
        for width in 1..=3 {
            let end = start + width;
            if end > sentences.len() {
                break;
            }
            let words = sentences[start].words.start..sentences[end - 1].words.end;
            let span = sentences[start].span.cover(sentences[end - 1].span);
            let (mut said, mut said_count, mut denied) = (0.0, 0, 0.0);
            for (concept, places) in concepts.iter().zip(mentioned) {
                match stated(places, &words) {
                    Stated::Yes => {
                        said += concept.weight;
                        said_count += 1;
                    }
                    Stated::Denied => denied += concept.weight,
                    Stated::Absent => {}
                }
            }
            let share = said / total;
            if share >= COVERAGE_THRESHOLD
                && said_count >= needed_count
                && best.is_none_or(|(score, _)| share > score + 1e-9)
            {
                best = Some((share, span));
            }
            let talked_about = (said + denied) / total;
            if denied > 0.0
                && talked_about >= COVERAGE_THRESHOLD
                && contradiction.is_none_or(|(score, _)| talked_about > score + 1e-9)
            {
                contradiction = Some((talked_about, span));
            }
        }
    }
    // Stating the point cleanly somewhere is coverage, whatever else is said. A contradiction is
    // an answer that only reaches the point by denying or reversing part of it.
    match (best, contradiction) {
        (Some((_, span)), _) => Verdict::Covered(span),
        (None, Some((_, span))) => Verdict::Contradicted(span),
        (None, None) => Verdict::Missed,
    }
}

/// The contract view of the verdicts.
pub(super) fn coverage(verdicts: &[Verdict]) -> Vec<KeyPointCoverage> {
    verdicts
        .iter()
        .enumerate()
        .map(|(index, verdict)| match verdict {
            Verdict::Covered(span) => KeyPointCoverage {
                index,
                covered: true,
                contradicted: false,
                start: Some(span.start),
                end: Some(span.end),
            },
            Verdict::Contradicted(span) => KeyPointCoverage {
                index,
                covered: false,
                contradicted: true,
                start: Some(span.start),
                end: Some(span.end),
            },
            Verdict::Missed => KeyPointCoverage {
                index,
                covered: false,
                contradicted: false,
                start: None,
                end: None,
            },
        })
        .collect()
}
