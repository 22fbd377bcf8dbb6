//! Spoken answers in the API: a recording uploaded as audio and transcribed, read back, its audio
//! played and deleted; `POST /attempts` takes its id.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::{AUDIO_TYPES, App, RecordingId};
use rehearse_core::speech::MAX_AUDIO_BYTES;

use crate::error::{ApiError, WebError};
use crate::extract::CurrentUser;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/recordings/{id}", get(recording))
        .route("/recordings/{id}/transcribe", post(transcribe_again))
        .route("/recordings/{id}/audio", get(audio).delete(delete_audio))
        .route("/speech", get(status))
}

/// The upload, outside the JSON-only layer: it checks its own types (audio only, which no other
/// site's form can send without the browser asking first).
pub fn upload_routes() -> Router<App> {
    Router::new().route(
        "/recordings",
        post(upload).layer(axum::extract::DefaultBodyLimit::max(
            MAX_AUDIO_BYTES + 64 * 1024,
        )),
    )
}

pub(crate) fn parse_recording_id(text: &str) -> Result<RecordingId, WebError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(RecordingId(id)),
        _ => Err(WebError::Request {
            status: StatusCode::NOT_FOUND,
            code: "recording_not_found",
            message: format!(
                "there is no recording with id {:?}",
                text.chars().take(40).collect::<String>()
            ),
        }),
    }
}

async fn upload(
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
            message:
                "the recording is larger than 25 MB; record a shorter answer (10 minutes at most)"
                    .to_owned(),
        })
    })?;
    let media = crate::guard::media_type(&headers).unwrap_or_default();
    if !AUDIO_TYPES.contains(&media.as_str()) {
        return Err(ApiError(WebError::Request {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "send the recording as audio/wav, audio/flac, audio/mpeg or audio/ogg"
                .to_owned(),
        }));
    }
    let heard = app.record(user, &media, body.to_vec()).await?;
    Ok((
        StatusCode::CREATED,
        [(
            "location",
            format!("/api/v1/recordings/{}", heard.recording.id),
        )],
        Json(heard),
    ))
}

async fn recording(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_recording_id(&id)?;
    Ok(Json(app.recording(user, id).await?))
}

async fn transcribe_again(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_recording_id(&id)?;
    Ok(Json(app.transcribe_again(user, id).await?))
}

async fn audio(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_recording_id(&id)?;
    match app.recording_audio(user, id).await? {
        Some((mime, bytes)) => Ok((
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )),
        None => Err(ApiError(WebError::Request {
            status: StatusCode::NOT_FOUND,
            code: "audio_deleted",
            message: "this recording's audio was deleted; its transcript and feedback are kept"
                .to_owned(),
        })),
    }
}

async fn delete_audio(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = parse_recording_id(&id)?;
    app.delete_recording_audio(user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which speech engine transcribes, whether recordings leave the machine for it, and how far
/// this user's transcriptions running now have got (the page's progress bar).
async fn status(State(app): State<App>, CurrentUser(user): CurrentUser) -> impl IntoResponse {
    #[derive(serde::Serialize)]
    struct Status {
        #[serde(flatten)]
        speech: rehearse_app::SpeechStatus,
        transcribing: Vec<rehearse_app::Transcribing>,
    }
    Json(Status {
        speech: app.speech_status(),
        transcribing: app.transcribing(user),
    })
}
