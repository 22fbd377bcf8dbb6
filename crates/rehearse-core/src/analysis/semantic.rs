//! Judgements of meaning with a sentence model (see [`crate::meaning`]), layered on the word
//! rules: the model decides *whether* a window of the answer says a thing; the words still decide
//! what a denial, a reversed direction or "they are all the same" does to it, and every verdict
//! keeps the span of the sentence that earned it.
//!
//! Thresholds are cosines between unit vectors of all-MiniLM-L6-v2, fitted on the development
//! sets (`tests/devset.toml`, `tests/meaning.toml`); each is written down with its reason.

use super::design::StepHit;
use super::key_points::Verdict;
use super::parse::Parsed;
use super::prototypes;
use crate::QuestionKind;
use crate::meaning::{Embedder, cosine, mean};
use crate::text::Span;

/// A sentence says a key point when that point is the closest of the question's key points to it
/// — by at least [`KEY_POINT_MARGIN`] over the next — and at least this close. Assigning each
/// sentence to one point, rather than asking "is any sentence close enough", is what lets a plain
/// paraphrase count (its cosines are modest, but it is clearly about *this* point) while a
/// sentence about the topic in general counts for nothing.
pub(super) const KEY_POINT_SAID: f32 = 0.30;

/// How much closer a sentence must be to its key point than to the next one to be assigned.
pub(super) const KEY_POINT_MARGIN: f32 = 0.04;

/// A key point found by its words alone must also be at least this close in meaning somewhere:
/// name-dropping the terms of another topic stays below it.
pub(super) const KEY_POINT_SUPPORTED: f32 = 0.30;

/// A pair of sentences is quoted instead of its better sentence only when the pair is this much
/// closer: the quote should be the sentence that says the point.
const PAIR_GAIN: f32 = 0.03;

/// The answer as the model reads it: a vector per sentence.
pub(super) struct Sense<'e> {
    embedder: &'e dyn Embedder,
    sentences: Vec<Vec<f32>>,
    spans: Vec<Span>,
}

/// The closest window of the answer to something: one sentence, or two neighbours read together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Window {
    pub similarity: f32,
    pub first: usize,
    pub last: usize,
    pub span: Span,
}

impl<'e> Sense<'e> {
    pub fn new(embedder: &'e dyn Embedder, parsed: &Parsed<'_>) -> Sense<'e> {
        let spans: Vec<Span> = parsed.sentences.iter().map(|s| s.span).collect();
        let texts: Vec<&str> = spans.iter().map(|span| span.of(parsed.answer)).collect();
        Sense {
            embedder,
            sentences: embedder.embed(&texts),
            spans,
        }
    }

    pub fn embedder(&self) -> &'e dyn Embedder {
        self.embedder
    }

    /// The model's name.
    pub fn model(&self) -> &str {
        self.embedder.name()
    }

    pub fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.embedder.embed(texts)
    }

    /// How close sentence `index` is to `target`.
    pub fn sentence_similarity(&self, index: usize, target: &[f32]) -> f32 {
        self.sentences
            .get(index)
            .map_or(0.0, |vector| cosine(vector, target))
    }

    /// The closest window to `target`: the best single sentence, or a pair when it is clearly
    /// closer (then the pair is quoted). Ties go to the earlier window.
    pub fn best_window(&self, target: &[f32]) -> Option<Window> {
        let mut best: Option<Window> = None;
        for index in 0..self.sentences.len() {
            let similarity = cosine(&self.sentences[index], target);
            if best.is_none_or(|window| similarity > window.similarity) {
                best = Some(Window {
                    similarity,
                    first: index,
                    last: index,
                    span: self.spans[index],
                });
            }
        }
        let single = best?;
        for index in 0..self.sentences.len().saturating_sub(1) {
            let pair = mean(&[&self.sentences[index], &self.sentences[index + 1]]);
            let similarity = cosine(&pair, target);
            if similarity > single.similarity + PAIR_GAIN
                && best.is_some_and(|window| similarity > window.similarity)
            {
                best = Some(Window {
                    similarity,
                    first: index,
                    last: index + 1,
                    span: self.spans[index].cover(self.spans[index + 1]),
                });
            }
        }
        best
    }

    /// How close `window` is to `target`.
    pub fn window_similarity(&self, window: &Window, target: &[f32]) -> f32 {
        if window.first == window.last {
            cosine(&self.sentences[window.first], target)
        } else {
            let pair = mean(&[&self.sentences[window.first], &self.sentences[window.last]]);
            cosine(&pair, target)
        }
    }
}

/// Phrases that claim two things are the same: said where a key point draws a difference, they
/// are the right words in the wrong relation.
const SAMENESS: &[&str] = &[
    "the same thing",
    "the same as",
    "all the same",
    "all do the same",
    "do the same thing",
    "does the same thing",
    "basically the same",
    "pretty much the same",
    "exactly the same",
    "no difference",
    "no real difference",
    "doesn't matter which",
    "does not matter which",
    "interchangeable",
    "identical",
    "equivalent",
    "just another name for",
    "another word for",
];

/// Words with which a key point draws a difference.
const DIFFERENCE: &[&str] = &[
    "unlike",
    "differ",
    "different",
    "difference",
    "whereas",
    "rather than",
    "instead of",
    "not the same",
    "distinct",
    "while ",
    "but ",
    "versus",
    "compared with",
    "compared to",
    "leaves gaps",
    "without collapsing",
];

fn says_sameness(text: &str) -> bool {
    let lower = text.to_lowercase().replace('’', "'");
    SAMENESS.iter().any(|phrase| lower.contains(phrase))
}

fn draws_difference(key_point: &str) -> bool {
    let lower = key_point.to_lowercase();
    DIFFERENCE.iter().any(|word| lower.contains(word))
}

/// The verdicts on the key points with meaning: the word rules' contradictions stand; a point is
/// covered by the closest sentence assigned to it (see [`KEY_POINT_SAID`]), or where its words
/// were found when it is close enough in meaning somewhere; covered where the sentence calls the
/// things the point tells apart the same, it is contradicted instead.
pub(super) fn key_points(
    sense: &Sense<'_>,
    parsed: &Parsed<'_>,
    key_points: &[String],
    lexical: &[Verdict],
) -> Vec<Verdict> {
    let texts: Vec<&str> = key_points.iter().map(String::as_str).collect();
    let vectors = sense.embed(&texts);
    // similarity[sentence][point]
    let similarity: Vec<Vec<f32>> = (0..sense.sentences.len())
        .map(|index| {
            vectors
                .iter()
                .map(|vector| sense.sentence_similarity(index, vector))
                .collect()
        })
        .collect();
    // Each sentence's point, when it has a clear one.
    let assigned: Vec<Option<usize>> = similarity
        .iter()
        .map(|row| {
            let mut order: Vec<usize> = (0..row.len()).collect();
            order.sort_by(|a, b| row[*b].total_cmp(&row[*a]).then(a.cmp(b)));
            let best = *order.first()?;
            let clear = order
                .get(1)
                .is_none_or(|&next| row[best] - row[next] >= KEY_POINT_MARGIN);
            (clear && row[best] >= KEY_POINT_SAID).then_some(best)
        })
        .collect();
    key_points
        .iter()
        .enumerate()
        .map(|(point, key_point)| {
            if let Verdict::Contradicted(span) = lexical[point] {
                return Verdict::Contradicted(span);
            }
            let closest = similarity.iter().map(|row| row[point]).fold(0.0, f32::max);
            let by_meaning = assigned
                .iter()
                .enumerate()
                .filter(|(_, assigned)| **assigned == Some(point))
                .max_by(|a, b| similarity[a.0][point].total_cmp(&similarity[b.0][point]))
                .map(|(sentence, _)| sense.spans[sentence]);
            let span = match (by_meaning, lexical[point]) {
                (Some(span), _) => span,
                (None, Verdict::Covered(span)) if closest >= KEY_POINT_SUPPORTED => span,
                _ => return Verdict::Missed,
            };
            if draws_difference(key_point) && says_sameness(span.of(parsed.answer)) {
                Verdict::Contradicted(span)
            } else {
                Verdict::Covered(span)
            }
        })
        .collect()
}

/// A sentence does a framework step when it is at least this close to one of the step's
/// prototypes (`prototypes::DESIGN_STEPS`, `CASE_STEPS`).
pub(super) const STEP_SHOWN: f32 = 0.45;

/// Phrases of a note that promises a step without doing it ("Bottlenecks: need to think about
/// bottlenecks", "Requirements: TBD, the usual stuff").
const SAYS_NOTHING: &[&str] = &[
    "tbd",
    "etc",
    "the usual",
    "need to think",
    "need to identify",
    "will deep dive",
    "deep dive into",
    "will think",
    "to consider",
    "to be decided",
    "there will be",
    "many trade-offs",
    "lots of",
    "make it reliable",
    "gracefully",
    "standard architecture",
    "needs to be big",
    // "Later" alone is a real plan ("the emails are sent later, by workers"); these only defer.
    ": later",
    "decide later",
    "figure out later",
    "figure it out later",
    "for later",
    "later on",
    "come back to",
    "the important parts",
    "and so on",
    "as needed",
    "if needed",
    "best practices",
];

/// Whether a sentence of notes only names or promises a step: one of [`SAYS_NOTHING`] and no
/// number.
pub(crate) fn says_nothing(text: &str) -> bool {
    let lower = text.to_lowercase();
    !lower.chars().any(|c| c.is_ascii_digit())
        && SAYS_NOTHING.iter().any(|phrase| lower.contains(phrase))
}

/// The framework's steps with meaning: a step is covered by the sentence closest to its
/// prototypes when close enough (with a number where the step needs one), or where its words were
/// found; a sentence that only promises a step shows none.
pub(super) fn steps(
    sense: &Sense<'_>,
    parsed: &Parsed<'_>,
    kind: QuestionKind,
    lexical: Option<Vec<StepHit>>,
) -> Option<Vec<StepHit>> {
    let mut hits = lexical?;
    let prototypes = match kind {
        QuestionKind::SystemDesign => prototypes::DESIGN_STEPS,
        QuestionKind::Case => prototypes::CASE_STEPS,
        _ => return Some(hits),
    };
    let empty: Vec<bool> = parsed
        .sentences
        .iter()
        .map(|sentence| says_nothing(sentence.span.of(parsed.answer)))
        .collect();
    for hit in &mut hits {
        let Some((_, examples)) = prototypes.iter().find(|(name, _)| *name == hit.step.name) else {
            continue;
        };
        let vectors = sense.embed(examples);
        let best = parsed
            .sentences
            .iter()
            .enumerate()
            .filter(|(index, sentence)| {
                !empty[*index] && (!hit.step.needs_number || sentence.features.quantity.is_some())
            })
            .map(|(index, sentence)| {
                let closeness = vectors
                    .iter()
                    .map(|vector| sense.sentence_similarity(index, vector))
                    .fold(0.0, f32::max);
                (sentence.span, closeness)
            })
            .filter(|(_, closeness)| *closeness >= STEP_SHOWN)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(span, _)| span);
        let by_words = hit.span.filter(|span| {
            parsed
                .sentences
                .iter()
                .position(|sentence| sentence.span == *span)
                .is_none_or(|index| !empty[index])
        });
        hit.span = best.or(by_words);
    }
    Some(hits)
}

/// An answer is on topic when it is at least this close to the question (the mean of its
/// sentences against the question's vector) ...
pub(super) const ON_TOPIC_QUESTION: f32 = 0.22;

/// ... and what it shows of the competency asked about is at least ordinary for it: its
/// standardised closeness to that competency's prototype (see `competency_profile`) is not below
/// this. A polished story about teamwork given to a conflict question is close to the question's
/// words and far below ordinary on conflict.
pub(super) const ON_TOPIC_COMPETENCY: f32 = 0.0;

/// How an answer relates to what a story question asks, as the model reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TopicSense {
    /// The answer (the mean of its sentences) against the question.
    pub question: f32,
    /// The closest sentence of the answer to the question.
    pub closest_sentence: f32,
    /// How much the answer shows the competency asked about (the best of them), standardised.
    pub asked: f32,
    /// The same for the best competency not asked about.
    pub other: f32,
}

impl TopicSense {
    pub fn on_topic(&self) -> bool {
        self.question >= ON_TOPIC_QUESTION && self.asked >= ON_TOPIC_COMPETENCY
    }
}

/// The answer against the question and the competencies.
pub(super) fn topic(
    sense: &Sense<'_>,
    parsed: &Parsed<'_>,
    question: &str,
    asked: &[&str],
) -> TopicSense {
    let refs: Vec<&[f32]> = sense.sentences.iter().map(Vec::as_slice).collect();
    let answer = mean(&refs);
    let question_vector = sense.embed(&[question]).remove(0);
    let texts: Vec<&str> = sense
        .spans
        .iter()
        .map(|span| span.of(parsed.answer))
        .collect();
    let profile = super::competency_profile(&texts, sense.embedder);
    let (mut asked_best, mut other_best) = (f32::MIN, f32::MIN);
    for (name, z) in &profile {
        if asked.contains(name) {
            asked_best = asked_best.max(*z);
        } else {
            other_best = other_best.max(*z);
        }
    }
    TopicSense {
        question: cosine(&answer, &question_vector),
        closest_sentence: sense
            .sentences
            .iter()
            .map(|vector| cosine(vector, &question_vector))
            .fold(0.0, f32::max),
        // No competency asked about: nothing to fall short of.
        asked: if asked.is_empty() { 0.0 } else { asked_best },
        other: other_best,
    }
}

/// A sentence this close to the task or result prototypes reads as one, whatever its words ...
pub(super) const PART_CLOSE: f32 = 0.40;
/// ... and gets this much more of that part's score (the word rules' own cues score 1.5–2.4).
pub(super) const PART_WEIGHT: f64 = 1.2;

/// Words of an outcome that has not happened: a hope or a plan is not a result.
const NOT_HAPPENED: &[&str] = &[
    "hope",
    "hopefully",
    "will ",
    "would ",
    "going to",
    "plan to",
    "planning to",
    "should ",
    "might ",
    "fingers crossed",
];

/// The sentence model's evidence for the task and result of each sentence, in the tagger's part
/// order (situation, task, action, result, reflection, other).
pub(super) fn star_evidence(sense: &Sense<'_>, parsed: &Parsed<'_>) -> Vec<[f64; 6]> {
    let task = sense.embed(prototypes::TASK);
    let result = sense.embed(prototypes::RESULT);
    let closest = |index: usize, vectors: &[Vec<f32>]| {
        vectors
            .iter()
            .map(|vector| sense.sentence_similarity(index, vector))
            .fold(0.0, f32::max)
    };
    let boost = |similarity: f32| {
        if similarity >= PART_CLOSE {
            PART_WEIGHT * f64::from(((similarity - PART_CLOSE) / 0.15).min(1.0)).max(0.3)
        } else {
            0.0
        }
    };
    parsed
        .sentences
        .iter()
        .enumerate()
        .map(|(index, sentence)| {
            let lower = sentence.span.of(parsed.answer).to_lowercase();
            let happened = !NOT_HAPPENED.iter().any(|word| lower.contains(word));
            let mut extra = [0.0; 6];
            extra[1] = boost(closest(index, &task));
            if happened {
                extra[3] = boost(closest(index, &result));
            }
            extra
        })
        .collect()
}
