//! The feedback engine: measures an answer and returns findings tied to spans of it.
//!
//! Invariants every caller may rely on:
//! - deterministic: the same [`AnalysisInput`] always gives the same [`Analysis`];
//! - total: [`analyze`] never fails and never panics, whatever the text;
//! - evidence-linked: every span lies on character boundaries of the answer and every `quote` is
//!   exactly `answer[start..end]`, cut by code, never written by hand;
//! - honest: an answer too short to judge gets no scores and a finding that says why.
//!
//! This is the first cut behind the DESIGN.md §6 contract: length and speaking time against the
//! guide's target, the STAR part of each sentence, a quantified result, "I" versus "we" in the
//! actions, fillers, and coverage of reference key points. The types below are the contract; the
//! measuring behind them deepens without changing callers.

mod delivery;
mod key_points;
mod scoring;
mod star;

use serde::{Deserialize, Serialize};

use crate::question::QuestionKind;
use crate::text::{self, Span};

/// Words per minute used to turn a typed answer into speaking time (a calm interview pace).
pub const WORDS_PER_MINUTE: f64 = 150.0;

/// Below this many words an answer is not scored: there is not enough of it to judge.
pub const MIN_SCORABLE_WORDS: usize = 20;

/// What to analyse: the question asked, its kind, reference key points (may be empty), the answer.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisInput<'a> {
    pub question: &'a str,
    pub kind: QuestionKind,
    pub key_points: &'a [String],
    pub answer: &'a str,
}

/// The analysis of one answer (DESIGN.md §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub kind: QuestionKind,
    pub word_count: usize,
    /// Estimated speaking time at [`WORDS_PER_MINUTE`].
    pub speaking_seconds: f64,
    /// The guide's target speaking time for this kind of answer, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_seconds: Option<TargetRange>,
    pub sentences: Vec<SentenceTag>,
    pub star: Star,
    pub result_quantified: bool,
    pub ownership: Ownership,
    pub fillers: Vec<Quote>,
    pub on_topic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_points: Option<Vec<KeyPointCoverage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<Scores>,
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// The overall score, if the answer was scored.
    pub fn overall_score(&self) -> Option<u8> {
        self.scores.as_ref().map(|scores| scores.overall)
    }
}

/// A span of the answer with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

impl Quote {
    fn cut(answer: &str, span: Span) -> Quote {
        Quote {
            start: span.start,
            end: span.end,
            quote: span.of(answer).to_owned(),
        }
    }
}

/// A speaking-time range in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TargetRange {
    pub min: f64,
    pub max: f64,
}

/// The STAR part a sentence plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StarPart {
    Situation,
    Task,
    Action,
    Result,
    Reflection,
    Other,
}

impl StarPart {
    pub fn as_str(self) -> &'static str {
        match self {
            StarPart::Situation => "situation",
            StarPart::Task => "task",
            StarPart::Action => "action",
            StarPart::Result => "result",
            StarPart::Reflection => "reflection",
            StarPart::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StarPart::Situation => "Situation",
            StarPart::Task => "Task",
            StarPart::Action => "Action",
            StarPart::Result => "Result",
            StarPart::Reflection => "Reflection",
            StarPart::Other => "Other",
        }
    }
}

/// One sentence of the answer and the part it plays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceTag {
    pub start: usize,
    pub end: usize,
    pub part: StarPart,
}

/// How much of the answer each STAR part takes.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PartStats {
    pub present: bool,
    pub sentences: usize,
    pub words: usize,
    /// Share of the answer's words, 0.0–1.0.
    pub share: f64,
}

/// The four STAR parts of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Star {
    pub situation: PartStats,
    pub task: PartStats,
    pub action: PartStats,
    pub result: PartStats,
}

impl Star {
    /// The parts in the guide's order, with their names.
    pub fn parts(&self) -> [(StarPart, PartStats); 4] {
        [
            (StarPart::Situation, self.situation),
            (StarPart::Task, self.task),
            (StarPart::Action, self.action),
            (StarPart::Result, self.result),
        ]
    }
}

/// First person singular versus plural in the actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ownership {
    pub i: usize,
    pub we: usize,
    pub we_heavy: bool,
}

/// Whether the answer covers one reference key point, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPointCoverage {
    pub index: usize,
    pub covered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// Sub-scores 0–100. A sub-score that does not apply to the question's kind is absent (STAR
/// structure and ownership mean nothing for a definition question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub overall: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    pub concision: u8,
    /// Absent when there is nothing to measure the content against (no key points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevance: Option<u8>,
    pub delivery: u8,
}

impl Scores {
    /// Every present sub-score with its name, in display order.
    pub fn named(&self) -> Vec<(&'static str, u8)> {
        [
            ("structure", self.structure),
            ("ownership", self.ownership),
            ("impact", self.impact),
            ("concision", Some(self.concision)),
            ("relevance", self.relevance),
            ("delivery", Some(self.delivery)),
        ]
        .into_iter()
        .filter_map(|(name, score)| score.map(|score| (name, score)))
        .collect()
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something the answer does well, with the evidence.
    Strength,
    Info,
    Warn,
    /// Stops the answer from working at all (too short, no actions).
    Major,
}

/// What a finding is about; the wire names are stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    TooShort,
    TooLong,
    ShortOfTarget,
    MissingSituation,
    MissingTask,
    MissingAction,
    MissingResult,
    ActionTooThin,
    ResultQuantified,
    ResultNotQuantified,
    WeHeavy,
    OwnActions,
    FillerWords,
    KeyPointCovered,
    KeyPointMissed,
}

/// One piece of feedback, tied to the words it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub message: String,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Finding {
    fn new(
        answer: &str,
        code: FindingCode,
        severity: Severity,
        span: Span,
        message: String,
        suggestion: Option<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            message,
            start: span.start,
            end: span.end,
            quote: span.of(answer).to_owned(),
            suggestion,
        }
    }
}

/// The speaking-time target for a kind of answer, if the guide gives one.
pub fn target_seconds(kind: QuestionKind) -> Option<TargetRange> {
    match kind {
        // The guide: a behavioral answer runs 1.5 to 2.5 minutes.
        QuestionKind::Behavioral => Some(TargetRange {
            min: 90.0,
            max: 150.0,
        }),
        // A technical screen answer: long enough to explain, short enough to leave room for
        // follow-ups.
        QuestionKind::Technical => Some(TargetRange {
            min: 45.0,
            max: 180.0,
        }),
        // Design, case and take-home discussions run many minutes; only a floor applies.
        QuestionKind::SystemDesign | QuestionKind::TakeHome | QuestionKind::Case => None,
    }
}

/// A sentence with the words inside it, the unit every measure works on.
struct Sentence {
    span: Span,
    /// Indexes into the answer's word list.
    words: std::ops::Range<usize>,
}

/// The answer cut into words and sentences once, shared by every measure.
struct Parsed<'a> {
    answer: &'a str,
    words: Vec<Span>,
    /// Each word lowercased, in the same order as `words`.
    lower: Vec<String>,
    sentences: Vec<Sentence>,
}

impl<'a> Parsed<'a> {
    fn new(answer: &'a str) -> Parsed<'a> {
        let words: Vec<Span> = text::words(answer)
            .into_iter()
            .map(|word| word.span)
            .collect();
        let lower = words
            .iter()
            .map(|span| span.of(answer).to_lowercase())
            .collect();
        let mut sentences = Vec::new();
        let mut next_word = 0;
        for span in text::sentences(answer) {
            let first = next_word;
            while next_word < words.len() && words[next_word].start < span.end {
                next_word += 1;
            }
            sentences.push(Sentence {
                span,
                words: first..next_word,
            });
        }
        Parsed {
            answer,
            words,
            lower,
            sentences,
        }
    }

    fn whole(&self) -> Span {
        match (self.sentences.first(), self.sentences.last()) {
            (Some(first), Some(last)) => first.span.cover(last.span),
            _ => Span::new(0, self.answer.len()),
        }
    }

    fn sentence_lower(&self, sentence: &Sentence) -> &[String] {
        &self.lower[sentence.words.clone()]
    }
}

/// Analyses one answer. Never fails: see the module invariants.
pub fn analyze(input: &AnalysisInput<'_>) -> Analysis {
    let parsed = Parsed::new(input.answer);
    let word_count = parsed.words.len();
    let speaking_seconds = word_count as f64 * 60.0 / WORDS_PER_MINUTE;

    let parts = if input.kind == QuestionKind::Behavioral {
        star::tag(&parsed)
    } else {
        vec![StarPart::Other; parsed.sentences.len()]
    };
    let star = star::stats(&parsed, &parts, word_count);
    let result_number = star::result_number(&parsed, &parts);
    let ownership = star::ownership(&parsed, &parts);
    let fillers = delivery::fillers(&parsed);
    let key_points =
        (!input.key_points.is_empty()).then(|| key_points::coverage(&parsed, input.key_points));

    let mut analysis = Analysis {
        kind: input.kind,
        word_count,
        speaking_seconds,
        target_seconds: target_seconds(input.kind),
        sentences: parsed
            .sentences
            .iter()
            .zip(&parts)
            .map(|(sentence, &part)| SentenceTag {
                start: sentence.span.start,
                end: sentence.span.end,
                part,
            })
            .collect(),
        star,
        result_quantified: result_number.is_some(),
        ownership,
        fillers: fillers
            .iter()
            .map(|&span| Quote::cut(input.answer, span))
            .collect(),
        // First cut: topic detection arrives with the full engine; until then no answer is
        // called off topic, rather than wrongly calling a good one so.
        on_topic: true,
        key_points,
        scores: None,
        findings: Vec::new(),
    };
    analysis.findings = scoring::findings(&parsed, &parts, &analysis, result_number);
    analysis.scores = scoring::scores(&analysis);
    analysis
}

#[cfg(test)]
mod tests;
