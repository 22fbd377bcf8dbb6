//! The JSON API under `/api/v1` (DESIGN.md §6). Request and response shapes are contracts.

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::{AnalyzeRequest, App, PostingSource, ResumeSource, SetSpec, SubmitAttempt};
use rehearse_core::story_bank::StoryId;
use rehearse_core::target::TargetId;
use rehearse_core::{AttemptId, QuestionFilter, QuestionKind, RoleFamily, Seniority};
use serde::Deserialize;
use serde_json::json;

use crate::error::{ApiError, WebError};
use crate::extract::{ApiJson, ApiQuery, CurrentUser};

mod coaching;
pub(crate) mod mocks;
mod models;
mod prep;
pub(crate) mod speech;
pub(crate) mod stories;

const OPENAPI: &str = include_str!("openapi.json");

pub fn routes() -> Router<App> {
    Router::new()
        .route("/analyze", post(analyze))
        .route("/questions", get(questions))
        .route("/questions/{id}", get(question))
        .route("/attempts", post(create_attempt).get(attempts))
        .route("/attempts/{id}", get(attempt))
        .route(
            "/question-sets",
            post(question_set).layer(DefaultBodyLimit::max(crate::DOCUMENTS_BODY_LIMIT_BYTES)),
        )
        .route(
            "/targets",
            post(create_target)
                .layer(DefaultBodyLimit::max(crate::DOCUMENTS_BODY_LIMIT_BYTES))
                .get(targets),
        )
        .route("/targets/{id}", get(target))
        .route("/openapi.json", get(openapi))
        .merge(stories::routes())
        .merge(coaching::routes())
        .merge(prep::routes())
        .merge(mocks::routes())
        .merge(models::routes())
        .merge(speech::routes())
        .layer(axum::middleware::from_fn(json_bodies))
        .merge(stories::upload_routes())
        .merge(speech::upload_routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// A change to the API comes as JSON, or with no body at all. Other types (`text/plain`, forms)
/// are what another site's page can send without the browser asking first, so they are refused
/// before any handler runs. The story import, which takes Markdown too, checks its own types.
async fn json_bodies(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let json = match crate::guard::media_type(headers).as_deref() {
        Some(media) => media == "application/json",
        None => !crate::guard::has_body(headers),
    };
    if changes && !json {
        return ApiError(WebError::Request {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "send the body as JSON with the header Content-Type: application/json"
                .to_owned(),
        })
        .into_response();
    }
    next.run(request).await
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
    /// With `question_id`: the target whose set holds the question.
    target_id: Option<i64>,
    kind: Option<QuestionKind>,
    #[serde(default)]
    key_points: Vec<String>,
}

async fn analyze(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<AnalyzeBody>,
) -> Result<impl IntoResponse, ApiError> {
    if let (Some(target), Some(question_id)) = (body.target_id, body.question_id.as_deref()) {
        let target = parse_target_id(&target.to_string())?;
        return Ok(Json(
            app.analyze_practice(user, question_id, target, &body.answer)
                .await?,
        ));
    }
    let request = AnalyzeRequest {
        question: body.question,
        question_id: body.question_id,
        kind: body.kind,
        key_points: body.key_points,
        answer: body.answer,
    };
    Ok(Json(app.analyze(&request).await?))
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
    target_id: Option<i64>,
    /// The story the answer is told from.
    story_id: Option<i64>,
    answer: String,
    duration_seconds: Option<u32>,
    /// The recording the answer was spoken in (`POST /recordings`); `answer` is its transcript,
    /// as corrected.
    recording_id: Option<i64>,
}

async fn create_attempt(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<AttemptBody>,
) -> Result<impl IntoResponse, ApiError> {
    let submission = SubmitAttempt {
        question_id: body.question_id,
        target_id: body.target_id.map(TargetId),
        story_id: body.story_id.map(StoryId),
        answer: body.answer,
        duration_seconds: body.duration_seconds,
        recording: body
            .recording_id
            .map(|id| speech::parse_recording_id(&id.to_string()))
            .transpose()?,
    };
    let attempt = app.submit_attempt(user, submission).await?;
    Ok((
        StatusCode::CREATED,
        [("location", format!("/api/v1/attempts/{}", attempt.id))],
        Json(attempt),
    ))
}

/// A page of a list: `limit` rows (1–200, 50 by default) after the cursor `after` (the last id
/// of the page before).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageQuery {
    pub(crate) limit: Option<u32>,
    pub(crate) after: Option<i64>,
}

impl PageQuery {
    /// The cursor, when given: an id, so 1 or more.
    pub(crate) fn after(&self) -> Result<Option<i64>, WebError> {
        match self.after {
            Some(after) if after < 1 => Err(WebError::Request {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_query",
                message: format!("after={after}: give the id the page before ended with"),
            }),
            after => Ok(after),
        }
    }

    pub(crate) fn limit(&self) -> Result<u32, WebError> {
        match self.limit {
            None => Ok(rehearse_app::DEFAULT_PAGE),
            Some(limit) if (1..=rehearse_app::MAX_PAGE).contains(&limit) => Ok(limit),
            Some(limit) => Err(WebError::Request {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_query",
                message: format!(
                    "limit={limit}: a page holds 1 to {} rows",
                    rehearse_app::MAX_PAGE
                ),
            }),
        }
    }
}

async fn attempts(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let limit = query.limit()?;
    let page = app
        .attempts(user, query.after()?.map(AttemptId), limit)
        .await?;
    let next = page
        .next
        .map(|after| format!("/api/v1/attempts?limit={limit}&after={after}"));
    Ok(Json(json!({ "attempts": page.items, "next": next })))
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

/// The body of `POST /api/v1/question-sets` and `POST /api/v1/targets`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetBody {
    /// The posting's text (plain, Markdown or HTML).
    posting: Option<String>,
    /// Or a web address to fetch it from.
    posting_url: Option<String>,
    /// The resume's text.
    resume: Option<String>,
    /// The role in words, when there is no posting or to override its title.
    role: Option<String>,
    level: Option<Seniority>,
    count: Option<usize>,
}

impl SetBody {
    fn into_spec(self) -> Result<SetSpec, ApiError> {
        let posting = match (self.posting, self.posting_url) {
            (Some(_), Some(_)) => {
                return Err(ApiError(WebError::Request {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "invalid_request",
                    message: "give either posting or posting_url, not both".to_owned(),
                }));
            }
            (Some(text), None) => Some(PostingSource::Text(text)),
            (None, Some(url)) => Some(PostingSource::Url(url)),
            (None, None) => None,
        };
        Ok(SetSpec {
            posting,
            resume: self.resume.map(ResumeSource::Text),
            role: self.role,
            level: self.level,
            count: self.count,
        })
    }
}

async fn question_set(
    State(app): State<App>,
    ApiJson(body): ApiJson<SetBody>,
) -> Result<impl IntoResponse, ApiError> {
    let prepared = app.prepare_set(body.into_spec()?).await?;
    let mut document = serde_json::to_value(&prepared.set).unwrap_or_default();
    document["profile"] = serde_json::to_value(&prepared.profile).unwrap_or_default();
    Ok(Json(document))
}

async fn create_target(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<SetBody>,
) -> Result<impl IntoResponse, ApiError> {
    let target = app.create_target(user, body.into_spec()?).await?;
    Ok((
        StatusCode::CREATED,
        [("location", format!("/api/v1/targets/{}", target.id))],
        Json(target),
    ))
}

async fn targets(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let limit = query.limit()?;
    let page = app
        .targets_page(user, query.after()?.map(TargetId), limit)
        .await?;
    let next = page
        .next
        .map(|after| format!("/api/v1/targets?limit={limit}&after={after}"));
    Ok(Json(json!({ "targets": page.items, "next": next })))
}

async fn target(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(app.target(user, parse_target_id(&id)?).await?))
}

/// A target id that is not a positive number names no target.
pub(crate) fn parse_target_id(text: &str) -> Result<TargetId, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(TargetId(id)),
        _ => Err(WebError::Request {
            status: StatusCode::NOT_FOUND,
            code: "target_not_found",
            message: format!(
                "there is no target with id {:?}",
                text.chars().take(40).collect::<String>()
            ),
        }),
    }
}

async fn openapi() -> impl IntoResponse {
    ([("content-type", "application/json")], OPENAPI)
}
