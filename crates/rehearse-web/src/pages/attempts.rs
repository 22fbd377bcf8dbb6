//! History and the feedback page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use rehearse_app::App;
use rehearse_core::analysis::Analysis;
use rehearse_core::{Attempt, AttemptId, AttemptSummary, QuestionKind};

use super::html;
use crate::assets::ASSET_VERSION;
use crate::error::PageError;
use crate::extract::CurrentUser;
use crate::view::{self, FindingView, Segment, StarRow};

/// One row of the history list.
pub struct HistoryRow {
    pub(super) id: i64,
    pub(super) question_text: String,
    pub(super) kind_label: &'static str,
    pub(super) when: String,
    pub(super) when_iso: String,
    pub(super) score: Option<u8>,
}

impl From<&AttemptSummary> for HistoryRow {
    fn from(summary: &AttemptSummary) -> HistoryRow {
        HistoryRow {
            id: summary.id.0,
            question_text: summary.question_text.clone(),
            kind_label: summary.kind.label(),
            when: view::timestamp(&summary.created_at),
            when_iso: view::iso(&summary.created_at),
            score: summary.score,
        }
    }
}

#[derive(Template)]
#[template(path = "attempts.html")]
struct AttemptsPage {
    asset_version: &'static str,
    active: &'static str,
    rows: Vec<HistoryRow>,
    /// Whether this is a later page (the first one has a link back).
    later: bool,
    /// The cursor of the next (older) page.
    next: Option<i64>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ListQuery {
    /// Hand-edited or stale: anything that is not an id shows the first page.
    after: Option<String>,
}

/// History, 50 answers a page, newest first.
pub(super) async fn list(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let after = query
        .after
        .and_then(|after| after.parse::<i64>().ok())
        .filter(|after| *after > 0)
        .map(AttemptId);
    let page = app
        .attempts(user, after, rehearse_app::DEFAULT_PAGE)
        .await?;
    html(&AttemptsPage {
        asset_version: ASSET_VERSION,
        active: "attempts",
        rows: page.items.iter().map(HistoryRow::from).collect(),
        later: after.is_some(),
        next: page.next,
    })
}

#[derive(Template)]
#[template(path = "attempt.html")]
struct AttemptPage<'a> {
    asset_version: &'static str,
    active: &'static str,
    attempt: &'a Attempt,
    analysis: &'a Analysis,
    when: String,
    when_iso: String,
    kind_label: &'static str,
    speaking: String,
    target: Option<String>,
    duration: Option<String>,
    segments: Vec<Segment<'a>>,
    star: Vec<StarRow>,
    findings: Vec<FindingView>,
    scores: Vec<(&'static str, u8)>,
    is_behavioral: bool,
    /// For system-design and case answers: how many of the framework's steps are covered.
    steps_covered: usize,
    /// Each framework step's name as the drill writes it ("High-level design").
    step_labels: Vec<&'static str>,
    /// Where "answer again" and "next" lead: the target's set for its questions, else the bank.
    again_link: String,
    next_link: String,
    /// The story the answer was told from, and the warning when it has been told too often.
    story: Option<(rehearse_core::story_bank::StoryId, String)>,
    story_warning: Option<String>,
    /// The question an interviewer would ask next (the model's, or the engine's), and whether
    /// the model wrote it.
    follow_up: Option<(rehearse_core::coach::FollowUp, bool)>,
    /// What the AI coach may do for this answer.
    ai: AiState,
    coach_notice: Option<String>,
    /// The parts to ask for, in order ("note follow_up stronger").
    coach_parts: String,
    /// A model answer's key points covered, of all.
    model_coverage: (usize, usize),
    /// Beside an earlier answer to the same question (after "try again").
    comparison: Option<ComparisonView>,
    /// How a spoken answer was said, and its recording (id, audio kept).
    speech: Option<view::SpeechView>,
    recording: Option<(rehearse_app::RecordingId, bool)>,
}

/// A re-answer beside the earlier one.
struct ComparisonView {
    earlier_id: AttemptId,
    earlier_when: String,
    earlier_when_iso: String,
    earlier_answer: String,
    /// (score name, before, after, change as "+7" / "−3" / "±0", class)
    rows: Vec<(&'static str, String, String, String, &'static str)>,
    fixed: Vec<String>,
    remaining: Vec<String>,
    new: Vec<String>,
}

impl ComparisonView {
    fn new(earlier: &Attempt, now: &Attempt) -> ComparisonView {
        let comparison = rehearse_core::attempt::compare(&earlier.analysis, &now.analysis);
        let shown = |score: Option<u8>| score.map_or_else(|| "—".to_owned(), |s| s.to_string());
        ComparisonView {
            earlier_id: earlier.id,
            earlier_when: view::timestamp(&earlier.created_at),
            earlier_when_iso: view::iso(&earlier.created_at),
            earlier_answer: earlier.answer.clone(),
            rows: comparison
                .scores
                .iter()
                .map(|score| {
                    let (change, class) = match score.change() {
                        Some(change) if change > 0 => (format!("+{change}"), "up"),
                        Some(change) if change < 0 => (format!("−{}", -change), "down"),
                        Some(_) => ("±0".to_owned(), "same"),
                        None => ("—".to_owned(), "same"),
                    };
                    (
                        score.name,
                        shown(score.before),
                        shown(score.after),
                        change,
                        class,
                    )
                })
                .collect(),
            fixed: comparison.fixed,
            remaining: comparison.remaining,
            new: comparison.new,
        }
    }
}

/// The feedback page's query: `compare` names an earlier attempt to show beside this one.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AttemptQuery {
    compare: Option<String>,
}

/// What the AI coach may do for an answer.
enum AiState {
    /// No model configured.
    Off,
    /// The answer belongs to a job kept offline (or not chosen yet).
    NotAllowed(rehearse_core::target::TargetId),
    Ready(String),
}

pub(super) async fn show(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<AttemptQuery>,
) -> Result<Html<String>, PageError> {
    let id = crate::api::parse_attempt_id(&id)?;
    let compare = query
        .compare
        .as_deref()
        .filter(|compare| !compare.is_empty())
        .map(crate::api::parse_attempt_id)
        .transpose()?;
    Ok(Html(render_attempt(&app, user, id, None, compare).await?))
}

/// Asks the model for every part of the coaching, without streaming (the page's form works
/// without JavaScript), then shows the page with what passed the checks.
pub(super) async fn coach(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = crate::api::parse_attempt_id(&id)?;
    let attempt = app.attempt(user, id).await?;
    let mut notices = Vec::new();
    for part in parts_for(&attempt) {
        match app.coach(user, id, part, None).await {
            Ok(outcome) => notices.extend(outcome.notice),
            Err(error) if error.class() == rehearse_app::ErrorClass::Invalid => {
                notices.push(error.to_string());
                break;
            }
            Err(error) => return Err(error.into()),
        }
    }
    notices.dedup();
    let notice = (!notices.is_empty()).then(|| notices.join(" "));
    Ok(Html(render_attempt(&app, user, id, notice, None).await?))
}

/// The parts of the coaching an answer gets: a model answer for a technical question, a stronger
/// version otherwise.
fn parts_for(attempt: &Attempt) -> Vec<rehearse_app::CoachPart> {
    use rehearse_app::CoachPart;
    if attempt.kind == QuestionKind::Technical {
        vec![CoachPart::Note, CoachPart::FollowUp, CoachPart::ModelAnswer]
    } else {
        vec![CoachPart::Note, CoachPart::FollowUp, CoachPart::Stronger]
    }
}

async fn render_attempt(
    app: &App,
    user: rehearse_core::UserId,
    id: AttemptId,
    coach_notice: Option<String>,
    compare: Option<AttemptId>,
) -> Result<String, PageError> {
    let attempt = app.attempt(user, id).await?;
    // Only an earlier answer to the same question is compared; anything else is ignored.
    let comparison = match compare {
        Some(earlier) if earlier != id => Some(app.attempt(user, earlier).await?)
            .filter(|earlier| earlier.question_id == attempt.question_id)
            .map(|earlier| ComparisonView::new(&earlier, &attempt)),
        _ => None,
    };
    let analysis = &attempt.analysis;
    // A deleted story leaves the answer without its link.
    let story = match attempt.story_id {
        Some(story_id) => app.story(user, story_id).await.ok(),
        None => None,
    };
    let story_warning = match &story {
        Some(story) => {
            app.overuse_warning(user, story, attempt.target_id, true)
                .await?
        }
        None => None,
    };
    let ai = match app.llm_status().provider {
        None => AiState::Off,
        Some(provider) => match attempt.target_id {
            Some(target) if app.target(user, target).await?.llm != Some(true) => {
                AiState::NotAllowed(target)
            }
            _ => AiState::Ready(provider),
        },
    };
    let page = AttemptPage {
        asset_version: ASSET_VERSION,
        active: "attempts",
        attempt: &attempt,
        analysis,
        when: view::timestamp(&attempt.created_at),
        when_iso: view::iso(&attempt.created_at),
        kind_label: attempt.kind.label(),
        speaking: view::clock(analysis.speaking_seconds),
        target: analysis
            .target_seconds
            .map(|target| format!("{}–{}", view::clock(target.min), view::clock(target.max))),
        duration: attempt
            .duration_seconds
            .map(|seconds| view::clock(f64::from(seconds))),
        segments: view::segments(&attempt.answer, analysis),
        star: view::star_rows(analysis),
        findings: view::findings(analysis),
        scores: analysis
            .scores
            .map(|scores| scores.named())
            .unwrap_or_default(),
        is_behavioral: attempt.kind == QuestionKind::Behavioral,
        steps_covered: analysis
            .steps
            .as_ref()
            .map_or(0, |steps| steps.iter().filter(|step| step.covered).count()),
        step_labels: analysis
            .steps
            .iter()
            .flatten()
            .map(|step| {
                rehearse_core::drill::steps_for(attempt.kind)
                    .iter()
                    .find(|known| known.name == step.name)
                    .map_or("", |known| known.label)
            })
            .collect(),
        story: story.map(|story| (story.id, story.fields.title)),
        story_warning,
        again_link: match attempt.target_id {
            Some(target) => format!(
                "/practice?target={target}&question={}&again={}",
                attempt.question_id, attempt.id
            ),
            None => format!(
                "/practice?question={}&again={}",
                attempt.question_id, attempt.id
            ),
        },
        comparison,
        next_link: match attempt.target_id {
            Some(target) => format!("/targets/{target}#set"),
            None => format!("/practice?after={}", attempt.question_id),
        },
        follow_up: rehearse_app::follow_up_for(&attempt),
        speech: view::speech(&attempt.answer, analysis),
        recording: app
            .attempt_recording(user, attempt.id)
            .await?
            .map(|recording| (recording.id, recording.has_audio)),
        ai,
        coach_notice,
        model_coverage: attempt
            .coaching
            .as_ref()
            .and_then(|coaching| coaching.model_answer.as_ref())
            .map_or((0, 0), |model| {
                (
                    model.covered.iter().filter(|covered| **covered).count(),
                    model.covered.len(),
                )
            }),
        coach_parts: parts_for(&attempt)
            .iter()
            .map(|part| part.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    };
    Ok(page.render()?)
}

/// Deletes the audio of an attempt's recording; the transcript and the feedback stay.
pub(super) async fn delete_recording(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::response::Response, PageError> {
    use axum::response::IntoResponse;
    let id = crate::api::parse_attempt_id(&id)?;
    if let Some(recording) = app.attempt_recording(user, id).await? {
        app.delete_recording_audio(user, recording.id).await?;
    }
    Ok(axum::response::Redirect::to(&format!("/attempts/{id}#speech")).into_response())
}
