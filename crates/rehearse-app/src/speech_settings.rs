//! Which speech engine turns recordings into words: the local Whisper, a server speaking the
//! OpenAI transcription API, or none. Read by the CLI from the environment and the config file,
//! changed on the settings page, saved through the same [`SettingsStore`] as the LLM settings.
//! A recording leaves the machine only when `openai:` is chosen.

use std::sync::Arc;
use std::time::Duration;

use rehearse_core::speech::Transcriber;
use rehearse_llm::ApiKey;
use rehearse_models::{ModelStatus, ModelsDir, WHISPER_TINY_EN};
use serde::Serialize;

use crate::llm_settings::KeyChange;
use crate::{App, AppError, SettingsSaved};

/// How long a transcription server may take over one recording (10 minutes of audio).
pub const STT_TIMEOUT: Duration = Duration::from_secs(300);

/// The speech settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechSettings {
    /// `local:whisper-tiny.en`, `openai:MODEL`, `off`; empty for the local engine when it is
    /// installed and none otherwise.
    pub engine: String,
    /// A transcription server's base URL; empty for OpenAI's own.
    pub base_url: String,
    pub api_key: Option<ApiKey>,
    /// The key came from the environment: it is used, never saved.
    pub api_key_from_environment: bool,
    /// Keep a recording's audio once its answer is saved (the transcript and feedback always are).
    pub keep_audio: bool,
}

impl Default for SpeechSettings {
    fn default() -> SpeechSettings {
        SpeechSettings {
            engine: String::new(),
            base_url: String::new(),
            api_key: None,
            api_key_from_environment: false,
            keep_audio: true,
        }
    }
}

/// The settings as shown on the settings page: the key only as its last four characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeechSettingsView {
    /// "local", "openai" or "off": the choice the page shows selected.
    pub choice: &'static str,
    /// The server's model name, for `openai:MODEL`.
    pub server_model: String,
    pub base_url: String,
    pub api_key: Option<String>,
    pub keep_audio: bool,
    /// The local model's name, and whether it is installed.
    pub local_model: &'static str,
    pub local_installed: bool,
}

/// A speech engine and the words that describe it ("whisper-tiny.en on this machine").
pub type Engine = (Arc<dyn Transcriber>, String);

fn bad(message: String) -> AppError {
    AppError::BadSpeechSettings(message)
}

fn installed(models: Option<&ModelsDir>) -> bool {
    models.is_some_and(|models| {
        matches!(
            models.status(&WHISPER_TINY_EN),
            ModelStatus::Installed { .. }
        )
    })
}

/// Builds the engine the settings name; `None` when they name none. The local model is loaded
/// when it first hears a recording, so starting Rehearse does not wait for it.
pub fn build_transcriber(
    settings: &SpeechSettings,
    models: Option<&ModelsDir>,
    timeout: Duration,
) -> Result<Option<Engine>, AppError> {
    let engine = settings.engine.trim();
    let local = |name: &str| -> Result<Engine, AppError> {
        let model = rehearse_models::catalog::find(name)
            .filter(|model| model.name == WHISPER_TINY_EN.name)
            .ok_or_else(|| {
                bad(format!(
                    "{name:?} is not a speech model Rehearse knows; use local:{}",
                    WHISPER_TINY_EN.name
                ))
            })?;
        let Some(ModelStatus::Installed { path }) = models.map(|models| models.status(model))
        else {
            return Err(bad(format!(
                "the speech model {} is not installed: run `rehearse models pull {}` (about 76 MB, checked), or `rehearse models add {} DIR` from a folder",
                model.name, model.name, model.name
            )));
        };
        Ok((
            Arc::new(rehearse_models::LazyWhisper::new(model.name, &path)),
            format!("{} on this machine", model.name),
        ))
    };
    match engine.split_once(':') {
        _ if engine.is_empty() => {
            if installed(models) {
                local(WHISPER_TINY_EN.name).map(Some)
            } else {
                Ok(None)
            }
        }
        None if engine.eq_ignore_ascii_case("off") => Ok(None),
        Some((kind, model)) if kind.trim().eq_ignore_ascii_case("local") => {
            local(model.trim()).map(Some)
        }
        Some((kind, model))
            if kind.trim().eq_ignore_ascii_case("openai") && !model.trim().is_empty() =>
        {
            let base_url = settings.base_url.trim();
            let web_address = base_url.starts_with("http://") || base_url.starts_with("https://");
            if !base_url.is_empty() && !web_address {
                return Err(bad(format!(
                    "{base_url:?} is not a web address; it must start with http:// or https://"
                )));
            }
            let base_url = if base_url.is_empty() {
                rehearse_llm::OPENAI_BASE_URL
            } else {
                base_url
            };
            let remote = rehearse_speech::RemoteTranscriber::new(
                base_url,
                model.trim(),
                settings.api_key.clone(),
                timeout,
            );
            let describe = remote.describe();
            Ok(Some((Arc::new(remote), describe)))
        }
        _ => Err(bad(format!(
            "{engine:?} is not a speech engine: use local:{}, openai:MODEL (for example openai:whisper-1) or off",
            WHISPER_TINY_EN.name
        ))),
    }
}

/// Where a server's requests go, to tell whether a saved key may follow a change.
fn address(settings: &SpeechSettings) -> String {
    let base = settings.base_url.trim().trim_end_matches('/');
    if base.is_empty() {
        rehearse_llm::OPENAI_BASE_URL.to_owned()
    } else {
        base.to_ascii_lowercase()
    }
}

impl App {
    /// The same app, transcribing as `settings` say, with local models from `models`.
    pub fn with_speech(
        mut self,
        settings: SpeechSettings,
        models: Option<ModelsDir>,
    ) -> Result<App, AppError> {
        let engine = build_transcriber(&settings, models.as_ref(), STT_TIMEOUT)?;
        if let Some((_, describe)) = &engine {
            tracing::info!(engine = %describe, "recordings are transcribed by {describe}");
        }
        self.speech = Arc::new(std::sync::RwLock::new(crate::speech::SpeechState {
            engine,
            settings,
            models,
        }));
        Ok(self)
    }

    /// The speech settings, for the settings page (the key masked).
    pub fn speech_settings(&self) -> SpeechSettingsView {
        let state = self.speech_state();
        let settings = &state.settings;
        let engine = settings.engine.trim();
        let (choice, server_model) = match engine.split_once(':') {
            Some((kind, model)) if kind.eq_ignore_ascii_case("openai") => {
                ("openai", model.trim().to_owned())
            }
            _ if engine.eq_ignore_ascii_case("off") => ("off", String::new()),
            _ if engine.is_empty() && !installed(state.models.as_ref()) => ("off", String::new()),
            _ => ("local", String::new()),
        };
        SpeechSettingsView {
            choice,
            server_model,
            base_url: settings.base_url.clone(),
            api_key: settings.api_key.as_ref().map(ApiKey::masked),
            keep_audio: settings.keep_audio,
            local_model: WHISPER_TINY_EN.name,
            local_installed: installed(state.models.as_ref()),
        }
    }

    /// Changes the speech settings from the settings page: `choice` is "local", "openai" (with
    /// `server_model`) or "off". Checked, built, saved, and used from the next recording. As for
    /// the AI model, an empty key keeps the saved one only for the same server.
    pub fn update_speech_settings(
        &self,
        choice: &str,
        server_model: &str,
        base_url: &str,
        api_key: &str,
        clear_key: bool,
        keep_audio: bool,
    ) -> Result<SettingsSaved, AppError> {
        if server_model.chars().count() > 200
            || base_url.chars().count() > 2000
            || api_key.chars().count() > 500
        {
            return Err(bad("a setting is too long".to_owned()));
        }
        let engine = match choice {
            "local" => format!("local:{}", WHISPER_TINY_EN.name),
            "off" => "off".to_owned(),
            "openai" if server_model.trim().is_empty() => {
                return Err(bad(
                    "name the server's transcription model (for example whisper-1)".to_owned(),
                ));
            }
            "openai" => format!("openai:{}", server_model.trim()),
            other => {
                return Err(bad(format!(
                    "{:?} is not a choice; choose local, openai or off",
                    other.chars().take(40).collect::<String>()
                )));
            }
        };
        let (current, models) = {
            let state = self.speech_state();
            (state.settings.clone(), state.models.clone())
        };
        let mut settings = SpeechSettings {
            engine,
            base_url: if choice == "openai" {
                base_url.trim().to_owned()
            } else {
                current.base_url.clone()
            },
            api_key: None,
            api_key_from_environment: false,
            keep_audio,
        };
        let (key, key_dropped) = KeyChange {
            typed: api_key,
            clear: clear_key,
            current: current
                .api_key
                .clone()
                .map(|key| (key, current.api_key_from_environment)),
            same_address: address(&current) == address(&settings),
        }
        .apply();
        settings.api_key_from_environment = key.as_ref().is_some_and(|(_, env)| *env);
        settings.api_key = key.map(|(key, _)| key);
        let engine = build_transcriber(&settings, models.as_ref(), STT_TIMEOUT)?;
        if let Some(store) = &self.settings_store {
            store
                .save_speech(&settings)
                .map_err(AppError::SettingsNotSaved)?;
        }
        let describe = engine
            .as_ref()
            .map_or_else(|| "none".to_owned(), |(_, describe)| describe.clone());
        {
            let mut state = self
                .speech
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            state.engine = engine;
            state.settings = settings;
        }
        tracing::info!(engine = %describe, "speech settings changed");
        Ok(SettingsSaved { key_dropped })
    }
}
