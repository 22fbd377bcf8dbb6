//! Which LLM to use: `openai:MODEL` or `anthropic:MODEL`, an optional base URL and key. The CLI
//! reads them from the environment and the config file; the settings page changes them, and the
//! change is saved through a [`SettingsStore`] the CLI provides (so only the CLI touches files).

use std::sync::Arc;
use std::time::Duration;

use rehearse_llm::{Anthropic, ApiKey, LlmProvider, OpenAiCompatible, Reliable, RetryPolicy};
use serde::Serialize;

use crate::{App, AppError};

/// The LLM settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LlmSettings {
    /// `openai:MODEL` or `anthropic:MODEL`; empty for none (offline).
    pub provider: String,
    /// The API's base URL; empty for the provider's own.
    pub base_url: String,
    pub api_key: Option<ApiKey>,
    /// The key came from the environment (`OPENAI_API_KEY`, ...): it is used, never saved.
    pub api_key_from_environment: bool,
    /// What the model costs, "INPUT,OUTPUT" in dollars per million tokens ("0.15,0.60"); empty
    /// when unknown (local models cost nothing; hosted prices change, so Rehearse keeps no table).
    pub price: String,
}

/// The settings as shown to the user: the key only as its last four characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LlmSettingsView {
    pub provider: String,
    pub base_url: String,
    pub api_key: Option<String>,
    pub price: String,
}

/// Dollars per million input and output tokens, from "0.15,0.60".
pub fn parse_price(text: &str) -> Result<Option<(f64, f64)>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        AppError::BadLlmSettings(format!(
            "{text:?} is not a price; write the dollars per million input and output tokens, e.g. 0.15,0.60"
        ))
    };
    let (input, output) = text.split_once(',').ok_or_else(bad)?;
    let number = |part: &str| {
        part.trim()
            .trim_start_matches('$')
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite() && *value >= 0.0)
    };
    match (number(input), number(output)) {
        (Some(input), Some(output)) => Ok(Some((input, output))),
        _ => Err(bad()),
    }
}

/// What a change of settings did beyond what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsSaved {
    /// The address changed and no key was typed, so the old key was not carried to it.
    pub key_dropped: bool,
}

/// Where a provider's requests go: its base URL, or the provider's own when there is none.
fn address(settings: &LlmSettings) -> String {
    let base = settings.base_url.trim().trim_end_matches('/');
    if !base.is_empty() {
        return base.to_ascii_lowercase();
    }
    let kind = settings
        .provider
        .split_once(':')
        .map(|(kind, _)| kind.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match kind.as_str() {
        "anthropic" => rehearse_llm::ANTHROPIC_BASE_URL.to_owned(),
        _ => rehearse_llm::OPENAI_BASE_URL.to_owned(),
    }
}

/// A key typed on a settings form, applied to the key in use: an empty field keeps the current
/// key, but only for the address it was given for — a key is never carried to another server
/// without being typed again (a changed address that quietly kept the key would hand it to
/// whoever runs the new one).
pub(crate) struct KeyChange<'a> {
    pub(crate) typed: &'a str,
    pub(crate) clear: bool,
    /// The key in use, and whether it came from the environment.
    pub(crate) current: Option<(ApiKey, bool)>,
    pub(crate) same_address: bool,
}

impl KeyChange<'_> {
    /// The key to use (and whether it came from the environment), and whether the current one
    /// was dropped because the address changed.
    pub(crate) fn apply(self) -> (Option<(ApiKey, bool)>, bool) {
        if self.clear {
            return (None, false);
        }
        if !self.typed.trim().is_empty() {
            return (Some((ApiKey::new(self.typed), false)), false);
        }
        match self.current {
            Some(current) if self.same_address => (Some(current), false),
            Some(_) => (None, true),
            None => (None, false),
        }
    }
}

/// Where settings changed on the settings page are kept (the CLI's config file).
pub trait SettingsStore: Send + Sync {
    fn save(&self, settings: &LlmSettings) -> Result<(), String>;
    /// Saves the speech settings, leaving the LLM's as they are.
    fn save_speech(&self, settings: &crate::SpeechSettings) -> Result<(), String>;
    /// Where they are kept, for the page ("~/.local/share/rehearse/config.toml").
    fn location(&self) -> String;
}

/// How long one model request may take.
pub const LLM_TIMEOUT: Duration = Duration::from_secs(60);

/// The most model requests in flight at once.
const LLM_CONCURRENCY: usize = 4;

/// Builds the provider the settings name; `None` when they name none.
pub fn build_llm(
    settings: &LlmSettings,
    timeout: Duration,
) -> Result<Option<Arc<Reliable>>, AppError> {
    let spec = settings.provider.trim();
    if spec.is_empty() {
        return Ok(None);
    }
    let (kind, model) = spec
        .split_once(':')
        .map(|(kind, model)| (kind.trim().to_ascii_lowercase(), model.trim()))
        .filter(|(_, model)| !model.is_empty())
        .ok_or_else(|| AppError::BadLlmSettings(format!(
            "{spec:?} does not name a provider and model; write openai:MODEL or anthropic:MODEL, e.g. openai:gpt-4o-mini"
        )))?;
    let base_url = settings.base_url.trim();
    let web_address = base_url.starts_with("http://") || base_url.starts_with("https://");
    if !base_url.is_empty() && !web_address {
        return Err(AppError::BadLlmSettings(format!(
            "{base_url:?} is not a web address; it must start with http:// or https://"
        )));
    }
    let provider: Arc<dyn LlmProvider> = match kind.as_str() {
        "openai" => Arc::new(OpenAiCompatible::new(
            if base_url.is_empty() {
                rehearse_llm::OPENAI_BASE_URL
            } else {
                base_url
            },
            settings.api_key.clone(),
            model,
            timeout,
        )),
        "anthropic" => {
            let key = settings.api_key.clone().ok_or_else(|| {
                AppError::BadLlmSettings(
                    "Anthropic needs an API key; set ANTHROPIC_API_KEY or enter it on the settings page".to_owned(),
                )
            })?;
            Arc::new(Anthropic::new(
                if base_url.is_empty() {
                    rehearse_llm::ANTHROPIC_BASE_URL
                } else {
                    base_url
                },
                key,
                model,
                timeout,
            ))
        }
        other => {
            return Err(AppError::BadLlmSettings(format!(
                "{other:?} is not a provider Rehearse knows; use openai (for any OpenAI-compatible server, local ones included) or anthropic"
            )));
        }
    };
    Ok(Some(Arc::new(Reliable::new(
        provider,
        RetryPolicy::default(),
        LLM_CONCURRENCY,
    ))))
}

impl App {
    /// The same app, saving settings changed on the settings page to `store`, starting from
    /// `settings`.
    pub fn with_settings(mut self, store: Arc<dyn SettingsStore>, settings: LlmSettings) -> App {
        self.settings_store = Some(store);
        *self
            .settings
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = settings;
        self
    }

    /// The current settings, for the settings page (the key masked).
    pub fn llm_settings(&self) -> (LlmSettingsView, Option<String>) {
        let settings = self
            .settings
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        (
            LlmSettingsView {
                provider: settings.provider,
                base_url: settings.base_url,
                api_key: settings.api_key.map(|key| key.masked()),
                price: settings.price,
            },
            self.settings_store.as_ref().map(|store| store.location()),
        )
    }

    /// Changes the LLM settings: checked, built, saved, and used from the next request. An empty
    /// `api_key` keeps the current key, but only for the address it was given for: a key is
    /// never carried to another server without being typed again (a changed address that quietly
    /// kept the key would hand it to whoever runs the new one). `clear_key` removes it.
    pub fn update_llm_settings(
        &self,
        provider: &str,
        base_url: &str,
        api_key: &str,
        clear_key: bool,
        price: &str,
    ) -> Result<SettingsSaved, AppError> {
        parse_price(price)?;
        if provider.chars().count() > 200 || base_url.chars().count() > 2000 {
            return Err(AppError::BadLlmSettings("a setting is too long".to_owned()));
        }
        let current = self
            .settings
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let mut settings = LlmSettings {
            provider: provider.trim().to_owned(),
            base_url: base_url.trim().to_owned(),
            api_key: None,
            api_key_from_environment: false,
            price: price.trim().to_owned(),
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
        let llm = build_llm(&settings, LLM_TIMEOUT)?;
        if let Some(store) = &self.settings_store {
            store.save(&settings).map_err(AppError::SettingsNotSaved)?;
        }
        self.set_llm(llm);
        *self
            .settings
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = settings;
        tracing::info!(provider = %self.llm_status().provider.unwrap_or_else(|| "none".to_owned()), "LLM settings changed");
        Ok(SettingsSaved { key_dropped })
    }
}
