//! The feedback engine: measures an answer and returns findings tied to spans of it.
//!
//! Invariants every caller may rely on:
//! - deterministic: the same [`AnalysisInput`] always gives the same [`Analysis`];
//! - total: [`analyze`] never fails and never panics, whatever the text;
//! - evidence-linked: every span lies on character boundaries of the answer and every `quote` is
//!   exactly `answer[start..end]`, cut by code, never written by hand;
//! - honest: an answer too short to judge, off topic, or not in English gets no scores and a
//!   finding that says why; caps keep a polished answer that misses the point from scoring well.
//!
//! The pipeline: [`parse`] cuts the answer into words and sentences once and finds every cue in
//! one pass over the [`lexicon`]; [`star`] tags sentences with STAR parts; [`story`] recognises
//! answers that are not stories and "I don't know" answers; [`topic`] checks the language and
//! the topic; [`delivery`] finds fillers, hedges, vague words and repetition; [`key_points`]
//! checks technical coverage; [`scoring`] turns all of it into findings and scores.

mod delivery;
mod design;
mod key_points;
mod lexicon;
mod parse;
mod prototypes;
mod scoring;
mod semantic;
mod star;
mod story;
mod topic;

pub(crate) use semantic::says_nothing;

use serde::{Deserialize, Serialize};

use crate::meaning::Embedder;
use crate::question::QuestionKind;
use crate::text::Span;

/// Words per minute used to turn a typed answer into speaking time (a calm interview pace).
pub const WORDS_PER_MINUTE: f64 = 150.0;

/// Below this many words an answer is not scored: there is not enough of it to judge.
pub const MIN_SCORABLE_WORDS: usize = 20;

/// What to analyse: the question asked, its kind, the competencies it probes (from the bank; empty
/// means "read them from the question"), reference key points (may be empty), and the answer.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisInput<'a> {
    pub question: &'a str,
    pub kind: QuestionKind,
    pub competencies: &'a [String],
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
    /// For system-design and case answers: the framework's steps and where each is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<StepCoverage>>,
    /// The sentence model that judged meaning (key points in other words, the topic, the steps),
    /// when one did; absent when only the word rules judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    /// How a spoken answer was said, from its recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech: Option<crate::speech::Speech>,
}

/// One step of the system-design or case framework (DESIGN.md §6 `steps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepCoverage {
    /// System design: requirements, estimation, high_level, deep_dive, bottlenecks, scalability,
    /// failure_modes, tradeoffs. Case: clarify, structure, hypotheses, analysis, recommendation.
    pub name: String,
    pub covered: bool,
    /// The first sentence that shows it, when covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
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
    /// The answer states the point wrongly (denies it, reverses it, or calls the things it tells
    /// apart the same); `start` and `end` then say where.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contradicted: bool,
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
    NotEnglish,
    OffTopic,
    Hypothetical,
    Habitual,
    VirtueList,
    Deflection,
    MissingSituation,
    MissingTask,
    LongSetup,
    MissingAction,
    ActionTooThin,
    OutOfOrder,
    MissingResult,
    ResultQuantified,
    ResultNotQuantified,
    NumbersOnlyInSetup,
    WeHeavy,
    /// The speaker's own part is thin without being told with "we": few "I" actions for the
    /// length, or "we" beside them (explains an ownership score no warning does).
    FewOwnActions,
    OwnActions,
    DontKnow,
    ReasoningAloud,
    KeyPointCovered,
    KeyPointContradicted,
    KeyPointMissed,
    FillerWords,
    Hedging,
    VagueLanguage,
    Repetition,
    /// A step of the system-design or case framework the answer does not show.
    StepMissed,
    /// Most of the framework's steps are there.
    StepsCovered,
    /// A case answer recommends without saying why.
    RecommendationUnjustified,
    /// Spoken answers (from the recording): a long silence before the first word.
    SlowStart,
    /// Spoken faster or slower than listeners follow easily.
    PaceFast,
    PaceSlow,
    /// The last stretch spoken much faster than the rest.
    RushedEnding,
    /// A long silence in the middle of a sentence.
    LongPause,
    /// A pause just before the result: it lands.
    PauseBeforeResult,
    /// Little movement in pitch.
    Monotone,
    /// The voice drops at the end.
    TrailingOff,
}

impl FindingCode {
    /// The STAR part a warning with this code says is there but weak, and why in a few words:
    /// the STAR bar shows that part as weak rather than ticked. (A missing part is shown missing
    /// by the part itself.)
    pub fn weakens(self) -> Option<(StarPart, &'static str)> {
        Some(match self {
            Self::LongSetup => (StarPart::Situation, "runs long before your first action"),
            Self::ActionTooThin => (StarPart::Action, "too small a share of the answer"),
            Self::WeHeavy => (
                StarPart::Action,
                "told with \"we\": your own part is unclear",
            ),
            Self::ResultNotQuantified => (StarPart::Result, "no number to weigh it by"),
            Self::NumbersOnlyInSetup => (
                StarPart::Result,
                "numbers for the setup, none for the result",
            ),
            _ => return None,
        })
    }
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
    /// For a spoken answer, the moment of the recording the finding is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<u32>,
}

impl Finding {
    pub(crate) fn new(
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
            start_ms: None,
            end_ms: None,
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

/// Whether a behavioral question asks for a story ("tell me about a time ...") rather than about
/// the person ("tell me about yourself", "why this role", "your greatest weakness"). STAR only
/// applies to the first kind.
pub fn asks_for_story(question: &str) -> bool {
    const ABOUT_THE_PERSON: &[&str] = &[
        "about yourself",
        "why do you want",
        "why this",
        "why us",
        "why should we",
        "why are you",
        "your greatest",
        "your biggest",
        "your strengths",
        "your weaknesses",
        "your weakness",
        "your strength",
        "where do you see yourself",
        "what motivates",
        "what kind of work",
        "what are you looking for",
        "why are you leaving",
        "why did you leave",
        "walk me through your",
        "what would your",
        "how would your colleagues",
        "how would you describe yourself",
    ];
    let lower = question.to_lowercase().replace('’', "'");
    !ABOUT_THE_PERSON.iter().any(|phrase| lower.contains(phrase))
}

/// Whether a text is written in English, by the measure the analysis uses for answers.
pub fn is_english_text(text: &str) -> bool {
    let forms = parse::WordForms::new(text);
    topic::is_english(&parse::Parsed::new(text, &forms))
}

/// What a text is about, as the engine reads it: for matching stories to questions.
#[derive(Debug, Clone, PartialEq)]
pub struct TextProfile {
    /// Competencies the text shows, with the weight of their cues in it (vocabulary order): one
    /// per cue word, shared among the competencies a word signals.
    pub competencies: Vec<(&'static str, f32)>,
    /// Content-word stems (no function words, no words every question uses), sorted.
    pub stems: Vec<String>,
    pub word_count: usize,
}

impl TextProfile {
    /// The weight of one competency's cues.
    pub fn hits(&self, competency: &str) -> f32 {
        self.competencies
            .iter()
            .find(|(name, _)| *name == competency)
            .map_or(0.0, |(_, hits)| *hits)
    }
}

/// Reads what a text is about: its competencies and content words.
pub fn text_profile(text: &str) -> TextProfile {
    let forms = parse::WordForms::new(text);
    let parsed = parse::Parsed::new(text, &forms);
    TextProfile {
        competencies: topic::competency_hits(&parsed),
        stems: topic::content_stems(&parsed),
        word_count: parsed.word_count(),
    }
}

/// The competencies a question probes: `given` (a bank question's, when known and in the
/// vocabulary), else those whose cues its words hold.
pub fn question_competencies(question: &str, given: &[String]) -> Vec<&'static str> {
    topic::question_competencies(question, given)
        .into_iter()
        .map(|index| lexicon::COMPETENCY_CUES[index as usize].0)
        .collect()
}

/// What a story that shows `name` sounds like, in a sentence or two (the sentence model compares
/// stories and answers with it).
pub fn competency_prototype(name: &str) -> Option<&'static str> {
    prototypes::competency(name)
}

/// What a question probes, read by meaning: the `count` competencies whose prototype questions
/// (`prototypes::QUESTIONS`) are closest to it, closest first.
pub fn probed_competencies(
    question: &str,
    embedder: &dyn Embedder,
    count: usize,
) -> Vec<&'static str> {
    let mut texts: Vec<&str> = vec![question];
    for (_, questions) in prototypes::QUESTIONS {
        texts.extend(questions.iter());
    }
    let vectors = embedder.embed(&texts);
    let mut scores: Vec<(&'static str, f32)> = Vec::new();
    let mut at = 1;
    for (name, questions) in prototypes::QUESTIONS {
        let best = vectors[at..at + questions.len()]
            .iter()
            .map(|vector| crate::meaning::cosine(&vectors[0], vector))
            .fold(f32::MIN, f32::max);
        scores.push((name, best));
        at += questions.len();
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    scores
        .into_iter()
        .take(count)
        .map(|(name, _)| name)
        .collect()
}

/// What a story (or any text in parts) shows, read by meaning: for each competency, how close its
/// closest part is to the competency's story prototype, standardised across the competencies
/// (mean 0, deviation 1), so the numbers say what the text is *mostly* about rather than how
/// work-like it sounds. Vocabulary order.
pub fn competency_profile(parts: &[&str], embedder: &dyn Embedder) -> Vec<(&'static str, f32)> {
    let parts: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !part.trim().is_empty())
        .collect();
    if parts.is_empty() {
        return prototypes::COMPETENCIES
            .iter()
            .map(|(name, _)| (*name, 0.0))
            .collect();
    }
    let mut texts: Vec<&str> = parts.clone();
    texts.extend(prototypes::COMPETENCIES.iter().map(|(_, story)| *story));
    let vectors = embedder.embed(&texts);
    let part_vectors: Vec<&[f32]> = vectors[..parts.len()].iter().map(Vec::as_slice).collect();
    let whole = crate::meaning::mean(&part_vectors);
    let raw: Vec<f32> = vectors[parts.len()..]
        .iter()
        .map(|prototype| {
            part_vectors
                .iter()
                .copied()
                .chain(std::iter::once(whole.as_slice()))
                .map(|part| crate::meaning::cosine(part, prototype))
                .fold(f32::MIN, f32::max)
        })
        .collect();
    let count = raw.len() as f64;
    let mean = raw.iter().map(|v| f64::from(*v)).sum::<f64>() / count;
    let deviation = (raw
        .iter()
        .map(|v| (f64::from(*v) - mean).powi(2))
        .sum::<f64>()
        / count)
        .sqrt();
    prototypes::COMPETENCIES
        .iter()
        .zip(&raw)
        .map(|((name, _), value)| {
            let z = if deviation == 0.0 {
                0.0
            } else {
                (f64::from(*value) - mean) / deviation
            };
            (*name, z as f32)
        })
        .collect()
}

/// What each step of `kind`'s framework sounds like (system design and case), for tuning.
pub fn step_prototypes(kind: QuestionKind) -> &'static [(&'static str, &'static [&'static str])] {
    match kind {
        QuestionKind::SystemDesign => prototypes::DESIGN_STEPS,
        QuestionKind::Case => prototypes::CASE_STEPS,
        _ => &[],
    }
}

/// What an item of the design checklist sounds like: the prototypes of the framework step it is
/// (requirements, bottlenecks, failure modes, trade-offs), then its own.
pub(crate) fn checklist_prototypes(name: &str) -> Vec<&'static str> {
    let step = match name {
        "requirements_asked" => "requirements",
        "failure_handling" => "failure_modes",
        "tradeoff_cost" => "tradeoffs",
        other => other,
    };
    let of = |list: &'static [(&'static str, &'static [&'static str])], wanted: &str| {
        list.iter()
            .find(|(known, _)| *known == wanted)
            .map_or(&[][..], |(_, examples)| *examples)
    };
    of(prototypes::DESIGN_STEPS, step)
        .iter()
        .chain(of(prototypes::DESIGN_CHECKS, name))
        .copied()
        .collect()
}

/// Every prototype text the engine compares answers with, so that a server can embed them once,
/// before the first answer, and keep their vectors with the bank's.
pub fn prototype_texts() -> Vec<&'static str> {
    let lists = [
        prototypes::QUESTIONS,
        prototypes::DESIGN_STEPS,
        prototypes::DESIGN_CHECKS,
        prototypes::CASE_STEPS,
    ];
    prototypes::COMPETENCIES
        .iter()
        .map(|(_, story)| *story)
        .chain(
            lists
                .into_iter()
                .flatten()
                .flat_map(|(_, examples)| examples.iter().copied()),
        )
        .chain(prototypes::TASK.iter().copied())
        .chain(prototypes::RESULT.iter().copied())
        .collect()
}

/// The engine's prototypes, for tuning: each competency's story and question prototypes.
pub fn competency_prototypes() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    prototypes::COMPETENCIES
        .iter()
        .map(|(name, story)| {
            let questions = prototypes::QUESTIONS
                .iter()
                .find(|(known, _)| known == name)
                .map_or(&[][..], |(_, questions)| *questions);
            (*name, *story, questions)
        })
        .collect()
}

/// The competency vocabulary's names, in its order.
pub fn competency_names() -> impl Iterator<Item = &'static str> {
    lexicon::COMPETENCY_CUES.iter().map(|(name, _)| *name)
}

/// How many cue words and phrases the engine knows for a competency.
pub fn cue_count(name: &str) -> usize {
    lexicon::COMPETENCY_CUES
        .iter()
        .find(|(known, _)| *known == name)
        .map_or(0, |(_, cues)| cues.len())
}

/// Whether `name` is in the competency vocabulary (`competencies.toml`).
pub fn is_competency(name: &str) -> bool {
    lexicon::COMPETENCY_CUES
        .iter()
        .any(|(known, _)| *known == name)
}

/// Whether a story's words can suggest this competency: not those whose cues are too common to
/// mean anything in a story ("how", "because", "design", "want").
pub fn is_suggestible(name: &str) -> bool {
    is_competency(name)
        && !matches!(
            name,
            "technical-depth" | "system-design" | "motivation" | "career-change" | "self-awareness"
        )
}

/// Competencies that almost any work story shows, so that sharing one says little.
pub fn is_generic_competency(name: &str) -> bool {
    topic::SHOWN_BY_ANY_STORY.contains(&name)
}

/// The numbers behind the judgements of meaning, for tuning and explaining them: how close the
/// answer is to the question and to the competencies' prototypes, and each key point's closest
/// window. `None` without an embedder or without sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeaningSignals {
    pub question: f32,
    pub closest_sentence: f32,
    pub asked_competency: f32,
    pub other_competency: f32,
    /// Per key point: the closest window's similarity.
    pub key_points: Vec<f32>,
    /// Per key point: its similarity to the question itself (what merely being on topic earns).
    pub key_points_to_question: Vec<f32>,
    /// Per key point: the closest window's similarity to the closest *other* key point.
    pub key_points_rival: Vec<f32>,
}

/// See [`MeaningSignals`].
pub fn meaning_signals(
    input: &AnalysisInput<'_>,
    embedder: &dyn Embedder,
) -> Option<MeaningSignals> {
    let forms = parse::WordForms::new(input.answer);
    let parsed = parse::Parsed::new(input.answer, &forms);
    if parsed.sentences.is_empty() {
        return None;
    }
    let sense = semantic::Sense::new(embedder, &parsed);
    let competencies = question_competencies(input.question, input.competencies);
    let topic = semantic::topic(&sense, &parsed, input.question, &competencies);
    let texts: Vec<&str> = input.key_points.iter().map(String::as_str).collect();
    let vectors = sense.embed(&texts);
    let question_vector = sense.embed(&[input.question]).remove(0);
    let windows: Vec<Option<semantic::Window>> = vectors
        .iter()
        .map(|vector| sense.best_window(vector))
        .collect();
    let key_points = windows
        .iter()
        .map(|window| window.map_or(0.0, |window| window.similarity))
        .collect();
    let key_points_to_question = vectors
        .iter()
        .map(|vector| crate::meaning::cosine(vector, &question_vector))
        .collect();
    let key_points_rival = windows
        .iter()
        .enumerate()
        .map(|(index, window)| {
            let Some(window) = window else { return 0.0 };
            vectors
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, vector)| sense.window_similarity(window, vector))
                .fold(0.0, f32::max)
        })
        .collect();
    Some(MeaningSignals {
        key_points_to_question,
        key_points_rival,
        question: topic.question,
        closest_sentence: topic.closest_sentence,
        asked_competency: topic.asked,
        other_competency: topic.other,
        key_points,
    })
}

/// Analyses one answer with the word rules alone. Never fails: see the module invariants.
pub fn analyze(input: &AnalysisInput<'_>) -> Analysis {
    analyze_with(input, None)
}

/// Analyses one answer, with a sentence model judging meaning when one is given. Never fails:
/// see the module invariants (the same embedder gives the same analysis).
pub fn analyze_with(input: &AnalysisInput<'_>, embedder: Option<&dyn Embedder>) -> Analysis {
    analyze_timed(input, embedder, None)
}

/// Analyses a spoken answer: `input.answer` is what was said (the transcript, or the user's
/// correction of it), judged as any answer, with the time it really took, and with how it was
/// said from the words' times and, when given, the recording itself.
pub fn analyze_spoken(
    input: &AnalysisInput<'_>,
    embedder: Option<&dyn Embedder>,
    transcript: &crate::speech::Transcript,
    clip: Option<&crate::speech::AudioClip>,
) -> Analysis {
    let spoken_ms = transcript.words.last().map(|word| word.end_ms);
    let mut analysis = analyze_timed(input, embedder, spoken_ms.map(|ms| f64::from(ms) / 1000.0));
    let speech = crate::speech::measure(transcript, analysis.fillers.len(), clip);
    let spans = crate::speech::align(input.answer, &speech.words);
    // "From here on you are past 2:30" points at the word said at 2:30, not at a word count.
    if let (Some(target), Some(finding)) = (
        analysis.target_seconds,
        analysis
            .findings
            .iter_mut()
            .find(|finding| finding.code == FindingCode::TooLong),
    ) && let Some(span) = speech
        .words
        .iter()
        .zip(&spans)
        .find(|(word, span)| f64::from(word.start_ms) >= target.max * 1000.0 && span.is_some())
        .and_then(|(_, span)| *span)
    {
        let over = Span::new(span.start, input.answer.trim_end().len().max(span.end));
        finding.start = over.start;
        finding.end = over.end;
        finding.quote = over.of(input.answer).to_owned();
        finding.start_ms = Some((target.max * 1000.0) as u32);
        finding.end_ms = Some(speech.duration_ms);
    }
    if analysis.scores.is_some() {
        let spoken = crate::speech::findings(&speech, &spans, input.answer, &analysis.sentences);
        analysis.findings.extend(spoken);
    }
    analysis.speech = Some(speech);
    analysis
}

fn analyze_timed(
    input: &AnalysisInput<'_>,
    embedder: Option<&dyn Embedder>,
    measured_seconds: Option<f64>,
) -> Analysis {
    let forms = parse::WordForms::new(input.answer);
    let parsed = parse::Parsed::new(input.answer, &forms);
    let word_count = parsed.word_count();
    let speaking_seconds = measured_seconds.unwrap_or(word_count as f64 * 60.0 / WORDS_PER_MINUTE);
    let behavioral = input.kind == QuestionKind::Behavioral;
    let story_prompt = behavioral && asks_for_story(input.question);

    let sense = embedder
        .filter(|_| !parsed.sentences.is_empty())
        .map(|embedder| semantic::Sense::new(embedder, &parsed));
    let parts = if behavioral {
        let evidence = sense
            .as_ref()
            .map(|sense| semantic::star_evidence(sense, &parsed));
        star::tag_with(&parsed, evidence.as_deref())
    } else {
        vec![StarPart::Other; parsed.sentences.len()]
    };
    let star = star::stats(&parsed, &parts);
    let judgement =
        (!input.key_points.is_empty()).then(|| key_points::judge(&parsed, input.key_points));
    let mentions_domain_terms = judgement
        .as_ref()
        .is_some_and(|judgement| judgement.mentions_domain_terms);
    let verdicts = judgement.map(|judgement| match &sense {
        Some(sense) => semantic::key_points(sense, &parsed, input.key_points, &judgement.verdicts),
        None => judgement.verdicts,
    });
    let not_a_story = if story_prompt {
        story::not_a_story(&parsed)
    } else {
        None
    };
    let knowing = if behavioral {
        None
    } else {
        story::knowing(&parsed)
    };

    let steps = match &sense {
        Some(sense) => semantic::steps(
            sense,
            &parsed,
            input.kind,
            design::steps(&parsed, input.kind),
        ),
        None => design::steps(&parsed, input.kind),
    };
    let steps_covered = steps.as_ref().map_or(0, |hits| {
        hits.iter().filter(|hit| hit.span.is_some()).count()
    });

    let competencies = topic::question_competencies(input.question, input.competencies);
    let evidence = topic::competency_evidence(&parsed, &competencies);
    let english = topic::is_english(&parsed);
    // With meaning, a story question's topic is judged by what the answer shows; what it probes
    // is the bank's word when given, else read from the question by meaning.
    let topic_sense = sense.as_ref().filter(|_| story_prompt).map(|sense| {
        let asked: Vec<&str> = if input.competencies.is_empty() {
            probed_competencies(input.question, sense.embedder(), 3)
        } else {
            competencies
                .iter()
                .map(|&index| lexicon::COMPETENCY_CUES[index as usize].0)
                .collect()
        };
        semantic::topic(sense, &parsed, input.question, &asked)
    });
    let by_meaning = topic_sense.as_ref().map(semantic::TopicSense::on_topic);
    let on_topic = !topic::can_judge(&parsed)
        || knowing.is_some()
        || if let Some(shows_it) = by_meaning {
            shows_it || not_a_story.is_some()
        } else if behavioral {
            // Questions about the person ("tell me about yourself") take many good shapes; only
            // story prompts are judged on topic.
            !story_prompt
                || !topic::is_specific(&competencies)
                || evidence > 0
                || not_a_story.is_some()
        } else {
            let key_point_signal = verdicts.as_ref().is_some_and(|verdicts| {
                verdicts
                    .iter()
                    .any(|verdict| !matches!(verdict, key_points::Verdict::Missed))
            }) || mentions_domain_terms;
            key_point_signal
                || steps_covered >= 3
                || topic::shared_content_words(&parsed, input.question) >= 2
                || (input.key_points.is_empty()
                    && topic::shared_content_words(&parsed, input.question) >= 1)
        };

    let measures = scoring::Measures {
        parsed: &parsed,
        kind: input.kind,
        story_prompt,
        key_points: input.key_points,
        english,
        result_quantity: star::result_quantity(&parsed, &parts),
        setup_quantity: star::setup_quantity(&parsed, &parts),
        ownership: star::ownership(&parsed, &parts),
        fillers: delivery::fillers(&parsed),
        hedges: delivery::hedges(&parsed),
        vague: delivery::vague_words(&parsed),
        repetition: delivery::repetition(&parsed),
        parts,
        star,
        verdicts,
        not_a_story,
        knowing,
        on_topic,
        competencies: competencies
            .iter()
            .map(|&index| lexicon::COMPETENCY_CUES[index as usize].0)
            .collect(),
        evidence,
        shows_asked: topic_sense.as_ref().map(|topic| topic.asked),
        target: target_seconds(input.kind),
        speaking_seconds,
        measured: measured_seconds.is_some(),
        steps,
    };

    Analysis {
        kind: input.kind,
        word_count,
        speaking_seconds,
        target_seconds: measures.target,
        sentences: parsed
            .sentences
            .iter()
            .zip(&measures.parts)
            .map(|(sentence, &part)| SentenceTag {
                start: sentence.span.start,
                end: sentence.span.end,
                part,
            })
            .collect(),
        star: measures.star,
        result_quantified: measures.result_quantity.is_some(),
        ownership: measures.ownership,
        fillers: measures
            .fillers
            .iter()
            .map(|&span| Quote::cut(input.answer, span))
            .collect(),
        on_topic: measures.on_topic,
        key_points: measures.verdicts.as_deref().map(key_points::coverage),
        scores: scoring::scores(&measures),
        findings: scoring::findings(&measures),
        steps: measures.steps.as_ref().map(|hits| {
            hits.iter()
                .map(|hit| StepCoverage {
                    name: hit.step.name.to_owned(),
                    covered: hit.span.is_some(),
                    start: hit.span.map(|span| span.start),
                    end: hit.span.map(|span| span.end),
                })
                .collect()
        }),
        meaning: sense.as_ref().map(|sense| sense.model().to_owned()),
        speech: None,
    }
}

#[cfg(test)]
mod tests;
