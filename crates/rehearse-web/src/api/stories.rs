//! The story bank's JSON API under `/api/v1/stories` (DESIGN.md §6 shapes for match and
//! coverage).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::{App, QuestionRef};
use rehearse_core::story_bank::{StoryFields, StoryId};
use rehearse_core::target::TargetId;
use serde::Deserialize;
use serde_json::json;

use crate::error::{ApiError, WebError};
use crate::extract::{ApiJson, ApiQuery, CurrentUser};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/stories", get(list).post(create))
        .route("/stories/export", get(export))
        .route("/stories/cheat-sheet.pdf", get(cheat_sheet_pdf))
        .route("/stories/coverage", get(coverage))
        .route("/stories/match", get(match_question))
        .route("/stories/review", post(review))
        .route("/stories/drafts", get(drafts))
        .route("/stories/{id}", get(show).put(update).delete(delete))
        .route("/stories/{id}/claims", get(claims))
        .route("/stories/{id}/answers", get(answers))
}

/// The routes that take a body other than JSON: the import takes Markdown too.
pub fn upload_routes() -> Router<App> {
    Router::new().route(
        "/stories/import",
        post(import).layer(axum::extract::DefaultBodyLimit::max(
            rehearse_app::MAX_IMPORT_BYTES + 64 * 1024,
        )),
    )
}

/// A story id that is not a positive number names no story.
pub(crate) fn parse_story_id(text: &str) -> Result<StoryId, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(StoryId(id)),
        _ => Err(WebError::Request {
            status: StatusCode::NOT_FOUND,
            code: "story_not_found",
            message: format!(
                "there is no story with id {:?}",
                text.chars().take(40).collect::<String>()
            ),
        }),
    }
}

async fn list(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(json!({ "stories": app.stories(user).await? })))
}

async fn create(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(fields): ApiJson<StoryFields>,
) -> Result<impl IntoResponse, ApiError> {
    let story = app.create_story(user, fields).await?;
    Ok((
        StatusCode::CREATED,
        [("location", format!("/api/v1/stories/{}", story.id))],
        Json(story),
    ))
}

async fn show(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_story_id(&id)?;
    let story = app.story(user, id).await?;
    let suggested = app.suggest_competencies(&story.fields);
    let mut document = serde_json::to_value(&story).unwrap_or_default();
    document["suggested_competencies"] = json!(suggested);
    Ok(Json(document))
}

async fn update(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(fields): ApiJson<StoryFields>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_story_id(&id)?;
    Ok(Json(app.update_story(user, id, fields).await?))
}

async fn delete(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    app.delete_story(user, parse_story_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The body is the file itself: Markdown (`text/markdown` or `text/plain`) or JSON
/// `{"stories": [...]}` (`application/json`).
async fn import(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let body = body.map_err(|rejection| {
        ApiError(WebError::Request {
            status: rejection.status(),
            code: if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                "payload_too_large"
            } else {
                "invalid_request"
            },
            message: "the file is larger than 2 MB, which is not a story bank; check the file"
                .to_owned(),
        })
    })?;
    // Not text/plain: a form on another site can send that without asking.
    let name = match crate::guard::media_type(&headers).as_deref() {
        Some("application/json") => "the request body (JSON)",
        Some("text/markdown" | "text/x-markdown") => "the request body (Markdown)",
        _ => {
            return Err(ApiError(WebError::Request {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "send the file as text/markdown or application/json".to_owned(),
            }));
        }
    };
    let imported = app.import_stories(user, name, &body).await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

async fn export(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"stories.md\"",
            ),
        ],
        app.export_stories(user).await?,
    ))
}

async fn cheat_sheet_pdf(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"story-cheat-sheet.pdf\"",
            ),
        ],
        app.cheat_sheet_pdf(user).await?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetQuery {
    target: Option<i64>,
}

async fn coverage(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<TargetQuery>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(
        app.story_coverage(user, query.target.map(TargetId)).await?,
    ))
}

async fn drafts(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<TargetQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let drafts = app.story_drafts(user, query.target.map(TargetId)).await?;
    Ok(Json(json!({ "drafts": drafts })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchQuery {
    question: Option<String>,
    question_id: Option<String>,
    target: Option<i64>,
}

async fn match_question(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<MatchQuery>,
) -> Result<impl IntoResponse, ApiError> {
    // A question id names the question exactly; with one, the text is not needed.
    let question = match (query.question_id, query.question) {
        (Some(id), _) => QuestionRef::Id {
            id,
            target: query.target.map(TargetId),
        },
        (None, Some(text)) => QuestionRef::Text(text),
        (None, None) => {
            return Err(ApiError(WebError::Request {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_request",
                message: "give either question (its text) or question_id".to_owned(),
            }));
        }
    };
    let matches = app.match_stories(user, question).await?;
    Ok(Json(json!({ "matches": matches })))
}

async fn review(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(fields): ApiJson<StoryFields>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(app.review_story(user, fields).await?))
}

async fn claims(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(app.story_claims(user, parse_story_id(&id)?).await?))
}

async fn answers(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let answers = app.story_flex(user, parse_story_id(&id)?).await?;
    Ok(Json(json!({ "answers": answers })))
}
