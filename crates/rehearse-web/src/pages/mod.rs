//! The HTML pages. Each handler extracts, calls one app function, and renders one template.
//!
//! - [`practice`]: the practice page (a bank question or one from a target's set);
//! - [`attempts`]: history and the feedback page;
//! - [`targets`]: jobs the user prepares for, with their question sets;
//! - [`stories`]: the STAR story bank: coverage, the guided builder, matching, the cheat sheet;
//! - [`drills`]: the timed system-design and case drills, "I don't know", the estimator;
//! - [`mock`]: mock interviews: set-up, the session with its follow-ups, the report;
//! - [`prep`]: the plan, progress, research, the interview-day toolkit and the salary helper.

mod attempts;
mod drills;
mod mock;
mod practice;
mod prep;
mod settings;
mod stories;
mod targets;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::{get, post};
use rehearse_app::App;
use rehearse_core::QuestionKind;

use crate::assets::ASSET_VERSION;
use crate::error::{PageError, WebError};
use crate::extract::CurrentUser;

pub use attempts::HistoryRow;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home))
        .route("/practice", get(practice::practice).post(practice::submit))
        .route("/attempts", get(attempts::list))
        .route("/attempts/{id}", get(attempts::show))
        .route("/attempts/{id}/coach", post(attempts::coach))
        .route(
            "/attempts/{id}/recording/delete",
            post(attempts::delete_recording),
        )
        .route(
            "/targets",
            get(targets::list)
                .post(targets::create)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::UPLOAD_LIMIT_BYTES,
                )),
        )
        .route("/targets/new", get(targets::new))
        .route("/targets/{id}", get(targets::show))
        .route("/targets/{id}/profile", post(targets::edit_profile))
        .route("/targets/{id}/swap", post(targets::swap))
        .route("/targets/{id}/more", post(targets::more))
        .route(
            "/targets/{id}/ai",
            get(targets::ai_preview).post(targets::ai_choice),
        )
        .route("/targets/{id}/ai-questions", post(targets::ai_questions))
        .route("/targets/{id}/interviews", post(prep::interviews))
        .route(
            "/targets/{id}/research",
            get(prep::research).post(prep::save_research),
        )
        .route("/targets/{id}/debrief", post(targets::debrief))
        .route("/plan", get(prep::plan))
        .route("/plan/hours", post(prep::plan_hours))
        .route("/plan/tasks", post(prep::plan_task))
        .route("/plan.ics", get(prep::plan_ics))
        .route("/progress", get(prep::progress))
        .route(
            "/interview-day",
            get(prep::interview_day).post(prep::save_checklist),
        )
        .route("/salary", get(prep::salary).post(prep::save_salary))
        .route("/mock", get(mock::setup).post(mock::start))
        .route("/drills", post(drills::submit))
        .route("/drills/system-design", get(drills::system_design))
        .route("/drills/case", get(drills::case))
        .route("/drills/dont-know", get(drills::dont_know))
        .route("/drills/estimate", get(drills::estimate))
        .route("/drills/{id}", get(drills::result))
        .route("/drills/{id}/diagram.svg", get(drills::diagram_svg))
        .route("/mock/{id}", get(mock::show).post(mock::event))
        .route("/settings", get(settings::show).post(settings::save))
        .route("/settings/model", post(settings::download_model))
        .route("/settings/speech", post(settings::save_speech))
        .route("/stories", get(stories::list).post(stories::create))
        .route("/stories/new", get(stories::new))
        .route(
            "/stories/import",
            post(stories::import).layer(axum::extract::DefaultBodyLimit::max(
                rehearse_app::MAX_IMPORT_BYTES + 64 * 1024,
            )),
        )
        .route("/stories/export.md", get(stories::export))
        .route("/stories/match", get(stories::match_question))
        .route("/stories/drafts", get(stories::drafts))
        .route("/stories/cheat-sheet", get(stories::cheat_sheet))
        .route("/stories/cheat-sheet.pdf", get(stories::cheat_sheet_pdf))
        .route("/stories/{id}", get(stories::show).post(stories::update))
        .route("/stories/{id}/edit", get(stories::edit))
        .route("/stories/{id}/delete", post(stories::delete))
        .route("/stories/{id}/confirm", post(stories::confirm))
}

fn html(template: &impl Template) -> Result<Html<String>, PageError> {
    Ok(Html(template.render()?))
}

pub(crate) async fn not_found() -> PageError {
    PageError(WebError::NotFound)
}

/// One `<option>` of a select.
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
    targets: Vec<rehearse_core::target::TargetSummary>,
    kinds: Vec<(&'static str, &'static str)>,
    today: Vec<prep::TaskView>,
    due: Vec<DueRow>,
    due_total: usize,
}

/// How many due questions the home page lists (the most overdue first).
const DUE_SHOWN: usize = 10;

/// A question due for review, as the home page lists it.
struct DueRow {
    text: String,
    link: String,
    last: String,
    overdue_days: i64,
}

async fn home(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    let overview = app.overview(user).await?;
    let today = app.today();
    let due_total = overview.due.len();
    let due = overview
        .due
        .iter()
        .take(DUE_SHOWN)
        .map(|record| DueRow {
            text: record.question_text.clone(),
            link: match record.target_id {
                Some(target) => {
                    format!("/practice?target={target}&question={}", record.question_id)
                }
                None => format!("/practice?question={}", record.question_id),
            },
            last: record.last_score.map_or_else(
                || "not scored".to_owned(),
                |score| format!("last score {score}"),
            ),
            overdue_days: (today - record.state.due).num_days(),
        })
        .collect();
    html(&HomePage {
        due_total,
        today: overview.today.iter().map(prep::TaskView::from).collect(),
        due,
        asset_version: ASSET_VERSION,
        active: "home",
        attempts_total: overview.attempts_total,
        questions_practised: overview.questions_practised,
        bank_size: overview.bank_size,
        recent: overview.recent.iter().map(HistoryRow::from).collect(),
        targets: overview.targets,
        kinds: QuestionKind::ALL
            .iter()
            .map(|kind| (kind.as_str(), kind.label()))
            .collect(),
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
