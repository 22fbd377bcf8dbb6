//! The settings page: which LLM to use (or none), what this session has spent, and where the
//! settings are kept. The key is never shown back, only its last four characters.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, ErrorClass, LlmSettingsView, LlmStatus};
use serde::Deserialize;

use super::html;
use crate::assets::ASSET_VERSION;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    asset_version: &'static str,
    active: &'static str,
    status: LlmStatus,
    settings: LlmSettingsView,
    saved_at: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    meaning: rehearse_app::meaning::MeaningStatus,
    speech: rehearse_app::SpeechStatus,
}

fn page(app: &App, notice: Option<String>, error: Option<String>) -> SettingsPage {
    let (settings, saved_at) = app.llm_settings();
    SettingsPage {
        asset_version: ASSET_VERSION,
        active: "settings",
        status: app.llm_status(),
        settings,
        saved_at,
        notice,
        error,
        meaning: app.meaning_status(),
        speech: app.speech_status(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SettingsQuery {
    saved: Option<String>,
    key_dropped: Option<String>,
}

pub(super) async fn show(
    State(app): State<App>,
    axum::extract::Query(query): axum::extract::Query<SettingsQuery>,
) -> Result<Html<String>, PageError> {
    let notice = query.saved.is_some().then(|| {
        let mut notice = "Saved. The new settings apply from the next request.".to_owned();
        if query.key_dropped.is_some() {
            notice.push_str(
                " The address changed, so the old key was not sent there: enter the key for the new address.",
            );
        }
        notice
    });
    html(&page(&app, notice, None))
}

#[derive(Debug, Deserialize)]
pub(super) struct SettingsForm {
    #[serde(default)]
    provider: String,
    #[serde(default)]
    base_url: String,
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    clear_key: Option<String>,
    #[serde(default)]
    price: String,
}

pub(super) async fn save(
    State(app): State<App>,
    form: Result<Form<SettingsForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    match app.update_llm_settings(
        &form.provider,
        &form.base_url,
        &form.api_key,
        form.clear_key.is_some(),
        &form.price,
    ) {
        Ok(saved) if saved.key_dropped => {
            Ok(Redirect::to("/settings?saved=1&key_dropped=1").into_response())
        }
        Ok(_) => Ok(Redirect::to("/settings?saved=1").into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html(&page(&app, None, Some(error.to_string())))?,
        )
            .into_response()),
        Err(error) => Err(error.into()),
    }
}

/// The "download the model" button: starts the download and comes back to the page, which shows
/// its progress.
pub(super) async fn download_model(State(app): State<App>) -> Result<Response, PageError> {
    match app.start_model_download() {
        Ok(()) => Ok(Redirect::to("/settings#meaning").into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => Ok((
            StatusCode::CONFLICT,
            html(&page(&app, None, Some(error.to_string())))?,
        )
            .into_response()),
        Err(error) => Err(error.into()),
    }
}
