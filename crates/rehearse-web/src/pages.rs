//! The HTML pages. Each handler extracts, calls one app function, and renders one template.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use rehearse_app::{App, ErrorClass, SubmitAttempt};
use rehearse_core::analysis::{Analysis, target_seconds};
use rehearse_core::limits::{MAX_ANSWER_CHARS, MAX_DURATION_SECONDS};
use rehearse_core::{Attempt, AttemptSummary, Question, QuestionFilter, QuestionKind, RoleFamily};
use serde::Deserialize;

use crate::assets::ASSET_VERSION;
use crate::error::{PageError, WebError};
use crate::extract::CurrentUser;
use crate::view::{self, FindingView, Segment, StarRow};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home))
        .route("/practice", get(practice).post(submit_practice))
        .route("/attempts", get(attempts))
        .route("/attempts/{id}", get(attempt))
}

fn html(template: &impl Template) -> Result<Html<String>, PageError> {
    Ok(Html(template.render()?))
}

pub(crate) async fn not_found() -> PageError {
    PageError(WebError::NotFound)
}

// ---------------------------------------------------------------- home

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    asset_version: &'static str,
    active: &'static str,
    attempts_total: usize,
    questions_practised: usize,
    bank_size: usize,
    recent: Vec<HistoryRow>,
    kinds: Vec<(&'static str, &'static str)>,
}

async fn home(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    let overview = app.overview(user).await?;
    html(&HomePage {
        asset_version: ASSET_VERSION,
        active: "home",
        attempts_total: overview.attempts_total,
        questions_practised: overview.questions_practised,
        bank_size: overview.bank_size,
        recent: overview.recent.iter().map(HistoryRow::from).collect(),
        kinds: QuestionKind::ALL
            .iter()
            .map(|kind| (kind.as_str(), kind.label()))
            .collect(),
    })
}

// ---------------------------------------------------------------- practice

/// The practice page's query string. Unknown or empty values mean "any", so a hand-edited URL
/// still shows a page.
#[derive(Debug, Default, Deserialize)]
struct PracticeQuery {
    kind: Option<String>,
    role: Option<String>,
    question: Option<String>,
    after: Option<String>,
}

impl PracticeQuery {
    fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            kind: self.kind.as_deref().and_then(|kind| kind.parse().ok()),
            role: self.role.as_deref().and_then(|role| role.parse().ok()),
        }
    }
}

/// One `<option>` of a filter.
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

fn choices<T: Copy + PartialEq>(
    all: &[T],
    selected: Option<T>,
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|&item| Choice {
            value: value(item),
            label: label(item),
            selected: selected == Some(item),
        })
        .collect()
}

/// The question as the practice page shows it.
struct QuestionView<'a> {
    question: &'a Question,
    target: Option<String>,
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage<'a> {
    asset_version: &'static str,
    active: &'static str,
    kinds: Vec<Choice>,
    roles: Vec<Choice>,
    filter_query: String,
    matching: usize,
    question: Option<QuestionView<'a>>,
    answer: String,
    error: Option<String>,
    max_answer_chars: usize,
}

impl<'a> PracticePage<'a> {
    fn new(
        filter: QuestionFilter,
        question: Option<&'a Question>,
        matching: usize,
    ) -> PracticePage<'a> {
        let mut filter_query = Vec::new();
        if let Some(kind) = filter.kind {
            filter_query.push(format!("kind={kind}"));
        }
        if let Some(role) = filter.role {
            filter_query.push(format!("role={role}"));
        }
        PracticePage {
            asset_version: ASSET_VERSION,
            active: "practice",
            kinds: choices(
                QuestionKind::ALL,
                filter.kind,
                QuestionKind::as_str,
                QuestionKind::label,
            ),
            roles: choices(
                RoleFamily::ALL,
                filter.role,
                RoleFamily::as_str,
                RoleFamily::label,
            ),
            filter_query: filter_query.join("&"),
            matching,
            question: question.map(|question| QuestionView {
                question,
                target: target_seconds(question.kind).map(|target| {
                    format!("{}–{}", view::clock(target.min), view::clock(target.max))
                }),
            }),
            answer: String::new(),
            error: None,
            max_answer_chars: MAX_ANSWER_CHARS,
        }
    }
}

async fn practice(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<PracticeQuery>,
) -> Result<Html<String>, PageError> {
    let filter = query.filter();
    let choice = app
        .practice_question(
            user,
            filter,
            query.question.as_deref(),
            query.after.as_deref(),
        )
        .await?;
    html(&PracticePage::new(filter, choice.question, choice.matching))
}

#[derive(Debug, Deserialize)]
struct PracticeForm {
    question_id: String,
    answer: String,
    #[serde(default)]
    duration_seconds: String,
}

/// Saves the answer and shows its feedback. On invalid input the page comes back with the message
/// and the answer exactly as typed, so nothing is lost.
async fn submit_practice(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    form: Result<Form<PracticeForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    // The timer fills this in; a missing, garbled or over-long value (a tab left open for hours)
    // only loses the duration, never the answer.
    let duration_seconds = form
        .duration_seconds
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| {
            seconds.is_finite() && (0.0..=f64::from(MAX_DURATION_SECONDS)).contains(seconds)
        })
        .map(|seconds| seconds.round() as u32);
    let submission = SubmitAttempt {
        question_id: form.question_id.clone(),
        answer: form.answer.clone(),
        duration_seconds,
    };
    match app.submit_attempt(user, submission).await {
        Ok(attempt) => Ok(Redirect::to(&format!("/attempts/{}", attempt.id)).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let question = app.question(&form.question_id)?;
            let mut page = PracticePage::new(
                QuestionFilter::default(),
                Some(question),
                app.bank().questions().len(),
            );
            page.answer = form.answer;
            page.error = Some(error.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

// ---------------------------------------------------------------- history

struct HistoryRow {
    id: i64,
    question_text: String,
    kind_label: &'static str,
    when: String,
    when_iso: String,
    score: Option<u8>,
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
}

async fn attempts(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    let attempts = app.attempts(user).await?;
    html(&AttemptsPage {
        asset_version: ASSET_VERSION,
        active: "attempts",
        rows: attempts.iter().map(HistoryRow::from).collect(),
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
}

async fn attempt(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = crate::api::parse_attempt_id(&id)?;
    let attempt = app.attempt(user, id).await?;
    let analysis = &attempt.analysis;
    html(&AttemptPage {
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
    })
}

// ---------------------------------------------------------------- errors

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    asset_version: &'static str,
    active: &'static str,
    status: u16,
    title: &'a str,
    message: &'a str,
}

/// Renders the error page for `status` (used by [`PageError`]).
pub(crate) fn render_error_page(
    status: StatusCode,
    message: &str,
) -> Result<String, askama::Error> {
    ErrorPage {
        asset_version: ASSET_VERSION,
        active: "",
        status: status.as_u16(),
        title: status.canonical_reason().unwrap_or("Error"),
        message,
    }
    .render()
}
