//! Mock interviews and the estimator in the JSON API.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::{App, MockSpec};
use rehearse_core::estimate::EstimateInput;
use rehearse_core::mock::{Event, MockId, MockSettings, Mode, Persona, Round};
use serde::Deserialize;
use serde_json::json;

use super::parse_target_id;
use crate::error::{ApiError, WebError};
use crate::extract::{ApiJson, ApiQuery, CurrentUser};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/mocks", post(create).get(list))
        .route("/mocks/{id}", get(show))
        .route("/mocks/{id}/events", post(event))
        .route("/estimate", get(estimate))
}

pub(crate) fn parse_mock_id(text: &str) -> Result<MockId, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(MockId(id)),
        _ => Err(WebError::Request {
            status: StatusCode::NOT_FOUND,
            code: "mock_not_found",
            message: format!(
                "there is no mock interview with id {:?}",
                text.chars().take(40).collect::<String>()
            ),
        }),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    target_id: Option<i64>,
    round: Round,
    #[serde(default = "neutral")]
    persona: Persona,
    #[serde(default = "study")]
    mode: Mode,
    #[serde(default)]
    hide_numbers: bool,
    #[serde(default = "thirty")]
    minutes: u32,
    #[serde(default)]
    use_llm: bool,
}

fn neutral() -> Persona {
    Persona::Neutral
}
fn study() -> Mode {
    Mode::Study
}
fn thirty() -> u32 {
    30
}

async fn create(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<impl IntoResponse, ApiError> {
    let target = body
        .target_id
        .map(|id| parse_target_id(&id.to_string()))
        .transpose()?;
    let spec = MockSpec {
        target,
        settings: MockSettings {
            round: body.round,
            persona: body.persona,
            mode: body.mode,
            hide_numbers: body.hide_numbers,
            minutes: body.minutes,
            use_llm: body.use_llm,
        },
    };
    let record = app.start_mock(user, spec).await?;
    Ok((StatusCode::CREATED, Json(rehearse_app::mock_view(&record))))
}

async fn list(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<crate::api::PageQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let limit = query.limit()?;
    let page = app.mocks(user, query.after()?.map(MockId), limit).await?;
    let next = page
        .next
        .map(|after| format!("/api/v1/mocks?limit={limit}&after={after}"));
    Ok(Json(json!({ "mocks": page.items, "next": next })))
}

async fn show(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let record = app.mock(user, parse_mock_id(&id)?).await?;
    Ok(Json(rehearse_app::mock_view(&record)))
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum EventBody {
    Answer {
        text: String,
        seconds: Option<u32>,
        /// The recording the answer was spoken in (`POST /recordings`).
        #[serde(default)]
        recording_id: Option<i64>,
    },
    // Struct variants, not unit ones: serde ignores unknown fields beside a unit variant's tag.
    Skip {},
    End {},
}

async fn event(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EventBody>,
) -> Result<impl IntoResponse, ApiError> {
    let mut recording = None;
    let event = match body {
        EventBody::Answer {
            text,
            seconds,
            recording_id,
        } => {
            recording = recording_id
                .map(|id| crate::api::speech::parse_recording_id(&id.to_string()))
                .transpose()?;
            Event::Answer { text, seconds }
        }
        EventBody::Skip {} => Event::Skip,
        EventBody::End {} => Event::End,
    };
    let step = app
        .mock_event_spoken(user, parse_mock_id(&id)?, event, recording)
        .await?;
    Ok(Json(json!({
        "effects": step.effects,
        "notice": step.notice,
        "mock": rehearse_app::mock_view(&step.record),
    })))
}

async fn estimate(ApiQuery(input): ApiQuery<EstimateInput>) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(rehearse_app::estimate(input)?))
}
