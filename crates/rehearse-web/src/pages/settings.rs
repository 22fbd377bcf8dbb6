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
    speech_settings: rehearse_app::SpeechSettingsView,
    /// The speech form's notice or error, shown beside it.
    speech_notice: Option<String>,
    speech_error: Option<String>,
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
        speech_settings: app.speech_settings(),
        speech_notice: None,
        speech_error: None,
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SettingsQuery {
    saved: Option<String>,
    key_dropped: Option<String>,
    speech_saved: Option<String>,
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
    let speech_notice = query.speech_saved.is_some().then(|| {
        let mut notice = "Saved. Your next recording is transcribed as set below.".to_owned();
        if query.key_dropped.is_some() {
            notice.push_str(
                " The server changed, so the old key was not sent there: enter the key for the new server.",
            );
        }
        notice
    });
    html(&SettingsPage {
        speech_notice,
        ..page(&app, notice, None)
    })
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

#[derive(Debug, Deserialize)]
pub(super) struct SpeechForm {
    #[serde(default)]
    engine: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    base_url: String,
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    clear_key: Option<String>,
    #[serde(default)]
    keep_audio: Option<String>,
}

/// The speech engine's form: checked, built and saved, or shown again with what is wrong.
pub(super) async fn save_speech(
    State(app): State<App>,
    form: Result<Form<SpeechForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    match app.update_speech_settings(
        &form.engine,
        &form.model,
        &form.base_url,
        &form.api_key,
        form.clear_key.is_some(),
        form.keep_audio.is_some(),
    ) {
        Ok(saved) if saved.key_dropped => {
            Ok(Redirect::to("/settings?speech_saved=1&key_dropped=1#speech").into_response())
        }
        Ok(_) => Ok(Redirect::to("/settings?speech_saved=1#speech").into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html(&SettingsPage {
                speech_error: Some(error.to_string()),
                ..page(&app, None, None)
            })?,
        )
            .into_response()),
        Err(error) => Err(error.into()),
    }
}
