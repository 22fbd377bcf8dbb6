//! The local sentence model under `/api/v1/models`: whether meaning is judged, and a download.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rehearse_app::App;

use crate::error::ApiError;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/models", get(status))
        .route("/models/pull", post(pull))
}

async fn status(State(app): State<App>) -> impl IntoResponse {
    Json(app.meaning_status())
}

/// Starts the download (202); its progress is in `GET /api/v1/models`.
async fn pull(State(app): State<App>) -> Result<impl IntoResponse, ApiError> {
    app.start_model_download()?;
    Ok((StatusCode::ACCEPTED, Json(app.meaning_status())))
}
