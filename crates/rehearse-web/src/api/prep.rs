//! The run-up to the interview in the JSON API: the plan (DESIGN.md §6 plan shape), its tasks,
//! interview dates, debriefs, the review queue and progress.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use rehearse_app::{App, DebriefInput, PlanSubject};
use rehearse_core::Seniority;
use rehearse_core::plan::Interview;
use serde::Deserialize;
use serde_json::json;

use super::parse_target_id;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, CurrentUser};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/plans", get(plan))
        .route("/plans/tasks/{id}", put(mark_task))
        .route("/progress", get(progress))
        .route("/reviews/due", get(due))
        .route("/targets/{id}/interviews", put(set_interviews))
        .route("/targets/{id}/debriefs", get(debriefs).post(add_debrief))
}

/// What to plan for: a saved job (`target`, with `date` standing in for its next interview), a
/// role (`role`, `level`, `date`), or every job with an interview date (nothing given).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanQuery {
    target: Option<i64>,
    role: Option<String>,
    level: Option<Seniority>,
    date: Option<NaiveDate>,
    hours_per_day: Option<f64>,
}

async fn plan(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<PlanQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let subject = match (query.target, query.role) {
        (Some(id), _) => PlanSubject::Target {
            id: parse_target_id(&id.to_string())?,
            date: query.date,
        },
        (None, Some(role)) => PlanSubject::Role {
            role,
            level: query.level,
            date: query.date.ok_or_else(|| {
                rehearse_app::AppError::BadDate(
                    "a plan for a role needs the interview date: add date=YYYY-MM-DD".to_owned(),
                )
            })?,
        },
        (None, None) => PlanSubject::Saved,
    };
    Ok(Json(app.plan(user, subject, query.hours_per_day).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskBody {
    done: bool,
}

async fn mark_task(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<impl IntoResponse, ApiError> {
    app.mark_task(user, &id, body.done).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn progress(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(app.progress(user).await?))
}

async fn due(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(json!({ "due": app.due(user).await? })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InterviewsBody {
    interviews: Vec<Interview>,
}

async fn set_interviews(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InterviewsBody>,
) -> Result<impl IntoResponse, ApiError> {
    let target = app
        .set_interviews(user, parse_target_id(&id)?, body.interviews)
        .await?;
    Ok(Json(json!({ "interviews": target.interviews })))
}

async fn debriefs(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let debriefs = app.debriefs(user, parse_target_id(&id)?).await?;
    Ok(Json(json!({ "debriefs": debriefs })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DebriefBody {
    date: Option<NaiveDate>,
    #[serde(default)]
    round: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    questions: Vec<String>,
    next_round: Option<NaiveDate>,
}

async fn add_debrief(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DebriefBody>,
) -> Result<impl IntoResponse, ApiError> {
    let outcome = app
        .add_debrief(
            user,
            parse_target_id(&id)?,
            DebriefInput {
                date: body.date,
                round: body.round,
                notes: body.notes,
                questions: body.questions,
                next_round: body.next_round,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(outcome)))
}
