//! The development sets scored with and without the sentence model: key-point F1, contradiction
//! recall, ordering of answers by quality, on-topic accuracy, STAR-part agreement, story-match
//! top-1 and design-step F1. Shared by the test (`meaning.rs`, which holds the bars) and the
//! report (`examples/meaning_report.rs`, which prints the README's table).

use std::collections::BTreeSet;

use rehearse_core::QuestionKind;
use rehearse_core::analysis::{Analysis, AnalysisInput, analyze_with};
use rehearse_core::meaning::Embedder;
use rehearse_core::story_bank::{Story, StoryFields, StoryId};
use serde::Deserialize;

const DEVSET: &str = include_str!("../../../rehearse-core/tests/devset.toml");
const MEANING: &str = include_str!("../../../rehearse-core/tests/meaning.toml");

#[derive(Debug, Deserialize)]
pub struct DevSet {
    pub answer: Vec<DevAnswer>,
}

#[derive(Debug, Deserialize)]
pub struct DevAnswer {
    pub id: String,
    pub group: String,
    pub label: String,
    pub question: String,
    pub kind: QuestionKind,
    pub competencies: Vec<String>,
    pub key_points: Vec<String>,
    pub answer: String,
    pub expect_parts: Option<Vec<String>>,
    pub expect_on_topic: Option<bool>,
    pub expect_covered: Option<Vec<usize>>,
}

#[derive(Debug, Deserialize)]
pub struct MeaningSet {
    #[serde(default)]
    pub key_points: Vec<KeyPointCase>,
    #[serde(default)]
    pub topic: Vec<TopicCase>,
    #[serde(default)]
    pub star: Vec<StarCase>,
    #[serde(default)]
    pub story_match: Vec<MatchCase>,
    #[serde(default)]
    pub steps: Vec<StepsCase>,
    #[serde(default)]
    pub posting: Vec<PostingCase>,
}

#[derive(Debug, Deserialize)]
pub struct KeyPointCase {
    pub id: String,
    pub question: String,
    pub key_points: Vec<String>,
    pub answer: String,
    pub expect_covered: Vec<usize>,
    pub expect_contradicted: Vec<usize>,
    pub label: String,
    pub trap: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
pub struct TopicCase {
    pub id: String,
    pub question: String,
    pub competencies: Vec<String>,
    pub answer: String,
    pub expect_on_topic: bool,
    pub note: String,
}

#[derive(Debug, Deserialize)]
pub struct StarCase {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub expect_parts: Vec<String>,
    pub note: String,
}

#[derive(Debug, Deserialize)]
pub struct MatchStory {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub result: String,
}

#[derive(Debug, Deserialize)]
pub struct MatchCase {
    pub id: String,
    pub question: String,
    pub stories: Vec<MatchStory>,
    pub expect_best: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
pub struct StepsCase {
    pub id: String,
    pub kind: QuestionKind,
    pub question: String,
    pub notes: String,
    pub expect_covered: Vec<String>,
    pub note: String,
}

#[derive(Debug, Deserialize)]
pub struct PostingCase {
    pub id: String,
    pub posting: String,
    pub expect_topics: Vec<String>,
    #[serde(default)]
    pub avoid_topics: Vec<String>,
    pub note: String,
}

pub fn devset() -> DevSet {
    toml::from_str(DEVSET).expect("devset.toml parses")
}

pub fn meaning_set() -> MeaningSet {
    toml::from_str(MEANING).expect("meaning.toml parses")
}

/// One metric with and without the model.
#[derive(Debug, Clone)]
pub struct Metric {
    pub name: &'static str,
    pub cases: usize,
    pub words: f64,
    pub model: f64,
    /// The cases the model gets wrong, for tuning.
    pub misses: Vec<String>,
}

fn f1(true_positive: usize, false_positive: usize, false_negative: usize) -> f64 {
    let precision = true_positive as f64 / (true_positive + false_positive).max(1) as f64;
    let recall = true_positive as f64 / (true_positive + false_negative).max(1) as f64;
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn analyse(
    question: &str,
    kind: QuestionKind,
    competencies: &[String],
    key_points: &[String],
    answer: &str,
    embedder: Option<&dyn Embedder>,
) -> Analysis {
    analyze_with(
        &AnalysisInput {
            question,
            kind,
            competencies,
            key_points,
            answer,
        },
        embedder,
    )
}

fn covered(analysis: &Analysis) -> BTreeSet<usize> {
    analysis
        .key_points
        .iter()
        .flatten()
        .filter(|point| point.covered)
        .map(|point| point.index)
        .collect()
}

fn contradicted(analysis: &Analysis) -> BTreeSet<usize> {
    analysis
        .key_points
        .iter()
        .flatten()
        .filter(|point| point.contradicted)
        .map(|point| point.index)
        .collect()
}

/// Key-point F1 over every (answer, key point) pair of both sets.
pub fn key_point_f1(embedder: Option<&dyn Embedder>) -> (f64, Vec<String>) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut misses = Vec::new();
    let mut tally = |id: &str, expected: &BTreeSet<usize>, got: &BTreeSet<usize>| {
        tp += expected.intersection(got).count();
        fp += got.difference(expected).count();
        fn_ += expected.difference(got).count();
        if expected != got {
            misses.push(format!("{id}: expected {expected:?}, got {got:?}"));
        }
    };
    for answer in devset().answer {
        if let Some(expected) = &answer.expect_covered {
            let analysis = analyse(
                &answer.question,
                answer.kind,
                &answer.competencies,
                &answer.key_points,
                &answer.answer,
                embedder,
            );
            tally(
                &answer.id,
                &expected.iter().copied().collect(),
                &covered(&analysis),
            );
        }
    }
    for case in meaning_set().key_points {
        let analysis = analyse(
            &case.question,
            QuestionKind::Technical,
            &[],
            &case.key_points,
            &case.answer,
            embedder,
        );
        tally(
            &case.id,
            &case.expect_covered.iter().copied().collect(),
            &covered(&analysis),
        );
    }
    (f1(tp, fp, fn_), misses)
}

/// Recall of the contradictions the sets mark (the right words in the wrong relation, negations):
/// a contradicted point must be reported as such, never as covered.
pub fn contradiction_recall(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (mut found, mut total) = (0, 0);
    let mut misses = Vec::new();
    for case in meaning_set().key_points {
        if case.expect_contradicted.is_empty() {
            continue;
        }
        let analysis = analyse(
            &case.question,
            QuestionKind::Technical,
            &[],
            &case.key_points,
            &case.answer,
            embedder,
        );
        let got = contradicted(&analysis);
        for index in &case.expect_contradicted {
            total += 1;
            if got.contains(index) {
                found += 1;
            } else {
                misses.push(format!(
                    "{}: point {index} not reported as contradicted",
                    case.id
                ));
            }
        }
    }
    (found as f64 / total.max(1) as f64, total, misses)
}

fn score(analysis: &Analysis) -> f64 {
    analysis.overall_score().map_or(-1.0, f64::from)
}

/// Ordering: within the dev set's groups (strong > medium > weak) and among the meaning set's
/// technical answers to the same question (complete > partial > poor), the share of pairs the
/// overall score orders correctly.
pub fn ordering(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let rank = |label: &str| match label {
        "strong" | "complete" => 2,
        "medium" | "partial" => 1,
        _ => 0,
    };
    let mut items: Vec<(String, String, i32, f64)> = Vec::new();
    for answer in devset().answer {
        let analysis = analyse(
            &answer.question,
            answer.kind,
            &answer.competencies,
            &answer.key_points,
            &answer.answer,
            embedder,
        );
        items.push((
            answer.group.clone(),
            answer.id,
            rank(&answer.label),
            score(&analysis),
        ));
    }
    for case in meaning_set().key_points {
        let analysis = analyse(
            &case.question,
            QuestionKind::Technical,
            &[],
            &case.key_points,
            &case.answer,
            embedder,
        );
        items.push((
            case.question.clone(),
            case.id,
            rank(&case.label),
            score(&analysis),
        ));
    }
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            if a.0 != b.0 || a.2 == b.2 {
                continue;
            }
            total += 1;
            let (better, worse) = if a.2 > b.2 { (a, b) } else { (b, a) };
            if better.3 > worse.3 {
                right += 1;
            } else {
                misses.push(format!(
                    "{} ({}) not above {} ({})",
                    better.1, better.3, worse.1, worse.3
                ));
            }
        }
    }
    (right as f64 / total.max(1) as f64, total, misses)
}

/// On-topic accuracy over the dev set's labels and the meaning set's topic cases.
pub fn on_topic(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    let mut check = |id: &str, expected: bool, analysis: &Analysis| {
        total += 1;
        if analysis.on_topic == expected {
            right += 1;
        } else {
            misses.push(format!("{id}: expected on_topic={expected}"));
        }
    };
    for answer in devset().answer {
        if let Some(expected) = answer.expect_on_topic {
            let analysis = analyse(
                &answer.question,
                answer.kind,
                &answer.competencies,
                &answer.key_points,
                &answer.answer,
                embedder,
            );
            check(&answer.id, expected, &analysis);
        }
    }
    for case in meaning_set().topic {
        let analysis = analyse(
            &case.question,
            QuestionKind::Behavioral,
            &case.competencies,
            &[],
            &case.answer,
            embedder,
        );
        check(&case.id, case.expect_on_topic, &analysis);
    }
    (right as f64 / total.max(1) as f64, total, misses)
}

/// STAR-part agreement: over (answer, part) pairs for the four STAR parts, the share where the
/// engine's "present" agrees with the coach's.
pub fn star_agreement(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    let mut check = |id: &str, expected: &[String], analysis: &Analysis| {
        for (part, stats) in analysis.star.parts() {
            let said = expected.iter().any(|name| name == part.as_str());
            total += 1;
            if stats.present == said {
                right += 1;
            } else {
                misses.push(format!("{id}: {} expected {said}", part.as_str()));
            }
        }
    };
    for answer in devset().answer {
        if let Some(expected) = &answer.expect_parts
            && answer.kind == QuestionKind::Behavioral
            && !expected.is_empty()
        {
            let analysis = analyse(
                &answer.question,
                answer.kind,
                &answer.competencies,
                &[],
                &answer.answer,
                embedder,
            );
            check(&answer.id, expected, &analysis);
        }
    }
    for case in meaning_set().star {
        let analysis = analyse(
            &case.question,
            QuestionKind::Behavioral,
            &[],
            &[],
            &case.answer,
            embedder,
        );
        check(&case.id, &case.expect_parts, &analysis);
    }
    (right as f64 / total.max(1) as f64, total, misses)
}

/// Design and case step F1 over the meaning set's notes.
pub fn step_f1(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut misses = Vec::new();
    let cases = meaning_set().steps;
    for case in &cases {
        let analysis = analyse(&case.question, case.kind, &[], &[], &case.notes, embedder);
        let got: BTreeSet<String> = analysis
            .steps
            .iter()
            .flatten()
            .filter(|step| step.covered)
            .map(|step| step.name.clone())
            .collect();
        let expected: BTreeSet<String> = case.expect_covered.iter().cloned().collect();
        tp += expected.intersection(&got).count();
        fp += got.difference(&expected).count();
        fn_ += expected.difference(&got).count();
        if expected != got {
            misses.push(format!(
                "{}: missed {:?}, extra {:?}",
                case.id,
                expected.difference(&got).collect::<Vec<_>>(),
                got.difference(&expected).collect::<Vec<_>>()
            ));
        }
    }
    (f1(tp, fp, fn_), cases.len(), misses)
}

/// Story-match top-1: the best story (or "gap" when none fits) as a coach would pick it.
pub fn story_top1(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    for case in meaning_set().story_match {
        let stories: Vec<Story> = case
            .stories
            .iter()
            .enumerate()
            .map(|(index, story)| Story {
                id: StoryId(index as i64 + 1),
                fields: StoryFields {
                    title: story.title.clone(),
                    situation: story.situation.clone(),
                    task: story.task.clone(),
                    action: story.action.clone(),
                    result: story.result.clone(),
                    ..StoryFields::default()
                },
                created_at: chrono::DateTime::UNIX_EPOCH,
                updated_at: chrono::DateTime::UNIX_EPOCH,
            })
            .collect();
        let best = app_matcher(&case.question, &stories, embedder);
        let got = best
            .and_then(|id| case.stories.get(id.0 as usize - 1))
            .map_or("gap".to_owned(), |story| story.id.clone());
        total += 1;
        if got == case.expect_best {
            right += 1;
        } else {
            misses.push(format!(
                "{}: expected {}, got {got}",
                case.id, case.expect_best
            ));
        }
    }
    (right as f64 / total.max(1) as f64, total, misses)
}

/// Story matching as the app does it: the best story, or none when the best is a gap.
pub fn app_matcher(
    question: &str,
    stories: &[Story],
    embedder: Option<&dyn Embedder>,
) -> Option<StoryId> {
    let matches =
        rehearse_core::story_bank::fit::match_stories_with(question, &[], stories, embedder);
    matches
        .first()
        .filter(|best| best.fit != rehearse_core::story_bank::fit::Fit::Gap)
        .map(|best| best.id)
}

/// Suggested competencies for the dev set's real stories (its strong and medium on-topic
/// behavioral answers, told as stories): the share whose probed competency is among the (at most
/// four) suggestions.
pub fn suggestions(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (mut asked, mut found) = (0, 0);
    let mut misses = Vec::new();
    for answer in devset().answer {
        let story_told = answer.kind == QuestionKind::Behavioral
            && answer.label != "weak"
            && answer.expect_on_topic == Some(true)
            && answer
                .expect_parts
                .as_ref()
                .is_some_and(|parts| parts.iter().any(|part| part == "action"));
        let Some(probed) = answer
            .competencies
            .iter()
            .find(|name| rehearse_core::analysis::is_suggestible(name))
        else {
            continue;
        };
        if !story_told {
            continue;
        }
        let fields = StoryFields {
            title: "A story".to_owned(),
            action: answer.answer.clone(),
            ..StoryFields::default()
        };
        let suggested = rehearse_core::story_bank::suggest_competencies_with(&fields, embedder);
        asked += 1;
        if suggested.contains(&probed.as_str()) {
            found += 1;
        } else {
            misses.push(format!("{}: {probed} not in {suggested:?}", answer.id));
        }
    }
    (found as f64 / asked.max(1) as f64, asked, misses)
}

/// The measures the model must win on (the six, and the sets' must-have topics); the
/// others are reported whichever way they go.
pub const MUST_WIN: &[&str] = &[
    "key-point F1",
    "ordering (better answer scores higher)",
    "on-topic accuracy",
    "STAR-part agreement",
    "story-match top-1",
    "design and case step F1",
    "question sets: must-have topics asked",
];

fn key_point_measure(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let (f1, misses) = key_point_f1(embedder);
    let cases = devset()
        .answer
        .iter()
        .filter(|answer| answer.expect_covered.is_some())
        .count()
        + meaning_set().key_points.len();
    (f1, cases, misses)
}

/// One measure of the report: run with or without the model, it gives (value, cases, misses).
type Measure = fn(Option<&dyn Embedder>) -> (f64, usize, Vec<String>);

/// Every metric, with the word rules alone and with `embedder`.
pub fn report(embedder: &dyn Embedder) -> Vec<Metric> {
    let both = |name: &'static str, run: Measure| {
        let (words, cases, _) = run(None);
        let (model, _, misses) = run(Some(embedder));
        Metric {
            name,
            cases,
            words,
            model,
            misses,
        }
    };
    vec![
        both("key-point F1", key_point_measure),
        both("contradictions reported (recall)", contradiction_recall),
        both("ordering (better answer scores higher)", ordering),
        both("on-topic accuracy", on_topic),
        both("STAR-part agreement", star_agreement),
        both("story-match top-1", story_top1),
        both("design and case step F1", step_f1),
        both("story competencies suggested", suggestions),
        both("question sets: must-have topics asked", set_topics),
        both(
            "question sets: not led by a throw-away line",
            set_not_misled,
        ),
    ]
}

/// The set for a posting, with or without meaning.
fn posting_set(
    posting: &str,
    embedder: Option<&dyn Embedder>,
) -> (Vec<Vec<String>>, rehearse_core::question_set::QuestionSet) {
    use std::sync::OnceLock;
    static CONTENT: OnceLock<(rehearse_content::Bank, rehearse_core::skills::SkillLexicon)> =
        OnceLock::new();
    let (bank, skills) = CONTENT.get_or_init(|| {
        (
            rehearse_content::Bank::builtin().expect("bank"),
            rehearse_content::builtin_skills().expect("skills"),
        )
    });
    let profile = rehearse_core::posting::read_posting(posting, skills, None);
    let set = rehearse_core::question_set::build_set(&rehearse_core::question_set::SetRequest {
        profile: &profile,
        resume: None,
        bank: bank.questions(),
        count: 20,
        exclude: &[],
        meaning: embedder,
    });
    // The topics of the set's questions, in set order (behavioral ones too: a nursing posting's
    // must-haves are asked as situations).
    let topics = set
        .questions
        .iter()
        .map(|question| {
            bank.get(&question.id)
                .map(|found| found.topics.clone())
                .unwrap_or_default()
        })
        .collect();
    (topics, set)
}

/// How many of the topics a posting's must-haves call for its set asks about, averaged over the
/// postings.
pub fn set_topics(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let cases = meaning_set().posting;
    let mut total = 0.0;
    let mut misses = Vec::new();
    for case in &cases {
        let (topics, _) = posting_set(&case.posting, embedder);
        let found: BTreeSet<&String> = topics.iter().flatten().collect();
        let hit = case
            .expect_topics
            .iter()
            .filter(|topic| found.contains(topic))
            .count();
        total += hit as f64 / case.expect_topics.len().max(1) as f64;
        if hit < case.expect_topics.len() {
            misses.push(format!(
                "{}: missing {:?}",
                case.id,
                case.expect_topics
                    .iter()
                    .filter(|topic| !found.contains(topic))
                    .collect::<Vec<_>>()
            ));
        }
    }
    (total / cases.len().max(1) as f64, cases.len(), misses)
}

/// The share of postings whose throw-away topics ("some statistics") do not lead the set: none of
/// them is the main topic (the first listed) of its first five knowledge questions.
pub fn set_not_misled(embedder: Option<&dyn Embedder>) -> (f64, usize, Vec<String>) {
    let cases: Vec<PostingCase> = meaning_set()
        .posting
        .into_iter()
        .filter(|case| !case.avoid_topics.is_empty())
        .collect();
    let mut right = 0;
    let mut misses = Vec::new();
    for case in &cases {
        let (_, set) = posting_set(&case.posting, embedder);
        let bank = rehearse_content::Bank::builtin().expect("bank");
        // The first five questions that ask about knowledge.
        let lead: BTreeSet<String> = set
            .questions
            .iter()
            .filter(|question| question.kind != QuestionKind::Behavioral)
            .take(5)
            .filter_map(|question| {
                bank.get(&question.id)
                    .and_then(|found| found.topics.first().cloned())
            })
            .collect();
        let misled: Vec<&String> = case
            .avoid_topics
            .iter()
            .filter(|topic| lead.contains(*topic))
            .collect();
        if misled.is_empty() {
            right += 1;
        } else {
            misses.push(format!("{}: leads with {misled:?}", case.id));
        }
    }
    (
        right as f64 / cases.len().max(1) as f64,
        cases.len(),
        misses,
    )
}
