//! The JSON API under `/api/v1` (DESIGN.md §6). Request and response shapes are contracts.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::{AnalyzeRequest, App, SubmitAttempt};
use rehearse_core::{AttemptId, QuestionFilter, QuestionKind, RoleFamily};
use serde::Deserialize;
use serde_json::json;

use crate::error::{ApiError, WebError};
use crate::extract::{ApiJson, ApiQuery, CurrentUser};

const OPENAPI: &str = include_str!("openapi.json");

pub fn routes() -> Router<App> {
    Router::new()
        .route("/analyze", post(analyze))
        .route("/questions", get(questions))
        .route("/questions/{id}", get(question))
        .route("/attempts", post(create_attempt).get(attempts))
        .route("/attempts/{id}", get(attempt))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

pub(crate) async fn not_found() -> ApiError {
    ApiError(WebError::NotFound)
}

async fn method_not_allowed() -> ApiError {
    ApiError(WebError::Request {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: "this address does not accept that method".to_owned(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeBody {
    answer: String,
    question: Option<String>,
    question_id: Option<String>,
    kind: Option<QuestionKind>,
    #[serde(default)]
    key_points: Vec<String>,
}

async fn analyze(
    State(app): State<App>,
    ApiJson(body): ApiJson<AnalyzeBody>,
) -> Result<impl IntoResponse, ApiError> {
    let request = AnalyzeRequest {
        question: body.question,
        question_id: body.question_id,
        kind: body.kind,
        key_points: body.key_points,
        answer: body.answer,
    };
    Ok(Json(app.analyze(&request)?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsQuery {
    kind: Option<QuestionKind>,
    role: Option<RoleFamily>,
}

async fn questions(
    State(app): State<App>,
    ApiQuery(query): ApiQuery<QuestionsQuery>,
) -> impl IntoResponse {
    let questions = app.questions(QuestionFilter {
        kind: query.kind,
        role: query.role,
    });
    Json(json!({ "questions": questions }))
}

async fn question(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(app.question(&id)?.clone()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttemptBody {
    question_id: String,
    answer: String,
    duration_seconds: Option<u32>,
}

async fn create_attempt(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<AttemptBody>,
) -> Result<impl IntoResponse, ApiError> {
    let submission = SubmitAttempt {
        question_id: body.question_id,
        answer: body.answer,
        duration_seconds: body.duration_seconds,
    };
    let attempt = app.submit_attempt(user, submission).await?;
    Ok((
        StatusCode::CREATED,
        [("location", format!("/api/v1/attempts/{}", attempt.id))],
        Json(attempt),
    ))
}

async fn attempts(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    let attempts = app.attempts(user).await?;
    Ok(Json(json!({ "attempts": attempts })))
}

async fn attempt(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_attempt_id(&id)?;
    Ok(Json(app.attempt(user, id).await?))
}

/// An id that is not a positive number names no attempt: "not found", like any other unknown id.
pub(crate) fn parse_attempt_id(text: &str) -> Result<AttemptId, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(AttemptId(id)),
        _ => Err(WebError::Request {
            status: StatusCode::NOT_FOUND,
            code: "attempt_not_found",
            message: format!(
                "there is no attempt with id {:?}",
                text.chars().take(40).collect::<String>()
            ),
        }),
    }
}

async fn openapi() -> impl IntoResponse {
    ([("content-type", "application/json")], OPENAPI)
}
