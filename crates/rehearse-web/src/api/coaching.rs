//! The LLM's part in the JSON API: its status, a target's choice and preview, the model's
//! questions for a target, and the coaching of an answer — whole, or streamed as server-sent
//! events (`delta` events with the text as it arrives, then one `done` event with the checked
//! outcome).

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::{App, CoachPart};
use rehearse_core::UserId;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;

use super::{parse_attempt_id, parse_target_id};
use crate::error::{ApiError, WebError};
use crate::extract::{ApiJson, CurrentUser};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/llm", get(status))
        .route("/attempts/{id}/coach", post(coach))
        .route("/attempts/{id}/coach/{part}/stream", get(coach_stream))
        .route("/targets/{id}/llm", post(set_target))
        .route("/targets/{id}/llm-preview", get(preview))
        .route("/targets/{id}/llm-questions", post(questions))
}

async fn status(State(app): State<App>) -> impl IntoResponse {
    Json(app.llm_status())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoachBody {
    part: CoachPart,
}

async fn coach(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CoachBody>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_attempt_id(&id)?;
    Ok(Json(app.coach(user, id, body.part, None).await?))
}

/// Streams one part. The checks run before the stream starts, so a refusal is an ordinary JSON
/// error; when the reader goes away, the model request is cancelled.
async fn coach_stream(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path((id, part)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_attempt_id(&id)?;
    let part: CoachPart = part.parse().map_err(WebError::App)?;
    app.coach_allowed(user, id).await?;
    let (events, receiver) = mpsc::channel::<Event>(32);
    tokio::spawn(run_coach(app, user, id, part, events));
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver
            .recv()
            .await
            .map(|event| (Ok::<_, Infallible>(event), receiver))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

async fn run_coach(
    app: App,
    user: UserId,
    id: rehearse_core::AttemptId,
    part: CoachPart,
    events: mpsc::Sender<Event>,
) {
    let (deltas, mut pieces) = mpsc::channel::<String>(32);
    let forward = {
        let events = events.clone();
        async move {
            while let Some(piece) = pieces.recv().await {
                if events
                    .send(Event::default().event("delta").data(piece))
                    .await
                    .is_err()
                {
                    break; // the reader left; dropping `pieces` cancels the model request
                }
            }
        }
    };
    let (outcome, ()) = tokio::join!(app.coach(user, id, part, Some(deltas)), forward);
    let last = match outcome {
        Ok(outcome) => Event::default()
            .event("done")
            .data(serde_json::to_string(&outcome).unwrap_or_default()),
        Err(error) => {
            let error = WebError::App(error);
            Event::default().event("failed").data(
                json!({"error": {"code": error.code(), "message": error.message()}}).to_string(),
            )
        }
    };
    events.send(last).await.ok();
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceBody {
    allowed: bool,
}

async fn set_target(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ChoiceBody>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_target_id(&id)?;
    app.set_target_llm(user, id, body.allowed).await?;
    Ok(Json(json!({"target_id": id, "llm": body.allowed})))
}

async fn preview(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_target_id(&id)?;
    let prompts = app.llm_preview(user, id).await?;
    Ok(Json(
        json!({"provider": app.llm_status().provider, "prompts": prompts}),
    ))
}

async fn questions(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_target_id(&id)?;
    let (target, notice) = app.add_target_llm_questions(user, id).await?;
    Ok(Json(json!({"set": target.set, "notice": notice})))
}
