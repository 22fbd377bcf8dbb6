//! The LLM configuration: the config file (`config.toml` in the data directory, or `--config`),
//! then the environment over it — `REHEARSE_LLM=openai:MODEL` or `anthropic:MODEL`, with the
//! conventional `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`.
//! Unset means offline. The key is read here and handed to the client; it is never printed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use rehearse_app::{LlmSettings, SettingsStore};
use rehearse_llm::ApiKey;
use serde::{Deserialize, Serialize};

/// The file's shape.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    llm: LlmSection,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct LlmSection {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    provider: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    base_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    api_key: String,
    /// Dollars per million input and output tokens, "0.15,0.60".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    price: String,
}

/// The config file's location: `--config`/`REHEARSE_CONFIG`, else `config.toml` beside the
/// database in the data directory.
pub fn config_path(given: Option<&Path>) -> Option<PathBuf> {
    given
        .map(Path::to_path_buf)
        .or_else(|| dirs::data_dir().map(|dir| dir.join("rehearse").join("config.toml")))
}

fn read_file(path: &Path) -> Result<ConfigFile> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|error| {
            anyhow!(
                "the config file {} could not be read: {}",
                path.display(),
                error.message()
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The settings in force: the file, then the environment over it.
pub fn llm_settings(path: Option<&Path>) -> Result<LlmSettings> {
    let file = match path {
        Some(path) => read_file(path)?,
        None => ConfigFile::default(),
    };
    let provider = env("REHEARSE_LLM").unwrap_or(file.llm.provider);
    let kind = provider
        .split_once(':')
        .map(|(kind, _)| kind.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let (key_var, base_var) = match kind.as_str() {
        "anthropic" => ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
        _ => ("OPENAI_API_KEY", "OPENAI_BASE_URL"),
    };
    let api_key = env(key_var)
        .or_else(|| Some(file.llm.api_key).filter(|key| !key.trim().is_empty()))
        .map(ApiKey::new);
    Ok(LlmSettings {
        provider,
        base_url: env(base_var).unwrap_or(file.llm.base_url),
        api_key,
        price: env("REHEARSE_LLM_PRICE").unwrap_or(file.llm.price),
    })
}

/// Saves settings changed on the settings page to the config file, readable only by the user
/// (it may hold a key).
#[derive(Debug)]
pub struct FileSettings {
    pub path: PathBuf,
}

impl SettingsStore for FileSettings {
    fn save(&self, settings: &LlmSettings) -> Result<(), String> {
        let file = ConfigFile {
            llm: LlmSection {
                provider: settings.provider.clone(),
                base_url: settings.base_url.clone(),
                api_key: settings
                    .api_key
                    .as_ref()
                    .map(|key| key.expose_for_storage().to_owned())
                    .unwrap_or_default(),
                price: settings.price.clone(),
            },
        };
        let text = format!(
            "# Rehearse settings. Written by the settings page; the environment (REHEARSE_LLM, OPENAI_API_KEY, ...) wins over this file.\n{}",
            toml::to_string(&file).map_err(|error| error.to_string())?
        );
        if let Some(folder) = self.path.parent() {
            std::fs::create_dir_all(folder).map_err(|error| error.to_string())?;
        }
        let temporary = self.path.with_extension("toml.tmp");
        std::fs::write(&temporary, text).map_err(|error| error.to_string())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o600))
                .map_err(|error| error.to_string())?;
        }
        std::fs::rename(&temporary, &self.path).map_err(|error| error.to_string())
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_settings_read_back_and_stay_private() {
        let dir = std::env::temp_dir().join(format!("rehearse-config-test-{}", std::process::id()));
        let path = dir.join("config.toml");
        let store = FileSettings { path: path.clone() };
        let settings = LlmSettings {
            provider: "anthropic:claude-test".to_owned(),
            base_url: "http://127.0.0.1:9".to_owned(),
            api_key: Some(ApiKey::new("sk-ant-secret-1234")),
            price: "3,15".to_owned(),
        };
        store.save(&settings).unwrap();
        let file = read_file(&path).unwrap();
        assert_eq!(file.llm.provider, "anthropic:claude-test");
        assert_eq!(file.llm.api_key, "sk-ant-secret-1234");
        assert_eq!(file.llm.price, "3,15");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "only the user can read the key");
        }
        std::fs::write(&path, "[llm]\nprovider = 1\n").unwrap();
        let error = read_file(&path).unwrap_err().to_string();
        assert!(error.starts_with("the config file"), "{error}");
        std::fs::remove_dir_all(&dir).ok();
        assert!(read_file(&path).is_ok(), "a missing file is no settings");
    }
}
