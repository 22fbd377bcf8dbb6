//! The LLM configuration: the config file (`config.toml` in the data directory, or `--config`),
//! then the environment over it — `REHEARSE_LLM=openai:MODEL` or `anthropic:MODEL`, with the
//! conventional `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`.
//! Unset means offline. The key is read here and handed to the client; it is never printed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use rehearse_app::{LlmSettings, SettingsStore, SpeechSettings};
use rehearse_llm::ApiKey;
use serde::{Deserialize, Serialize};

/// The file's shape.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    llm: LlmSection,
    #[serde(default, skip_serializing_if = "SttSection::is_empty")]
    stt: SttSection,
}

/// The speech-to-text engine: `engine = "openai:whisper-1"` with a server's address and key.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SttSection {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    engine: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    base_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    api_key: String,
    /// Keep a recording's audio once its answer is saved (the transcript and feedback always are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keep_audio: Option<bool>,
}

impl SttSection {
    fn is_empty(&self) -> bool {
        self.engine.is_empty()
            && self.base_url.is_empty()
            && self.api_key.is_empty()
            && self.keep_audio.is_none()
    }
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

/// The config file's location: `--config`/`REHEARSE_CONFIG`, else `config.toml` in the data
/// directory (wherever `--db` puts the database).
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
    let from_environment = env(key_var);
    let api_key_from_environment = from_environment.is_some();
    let api_key = from_environment
        .or_else(|| Some(file.llm.api_key).filter(|key| !key.trim().is_empty()))
        .map(ApiKey::new);
    Ok(LlmSettings {
        provider,
        base_url: env(base_var).unwrap_or(file.llm.base_url),
        api_key,
        api_key_from_environment,
        price: env("REHEARSE_LLM_PRICE").unwrap_or(file.llm.price),
    })
}

/// The speech settings in force: the file's `[stt]`, then the environment over it —
/// `REHEARSE_STT` (`local:MODEL`, `openai:MODEL` or `off`), `REHEARSE_STT_BASE_URL`,
/// `REHEARSE_STT_API_KEY` (falling back to `OPENAI_API_KEY`), `REHEARSE_KEEP_AUDIO` (`yes`/`no`).
/// Unset, the local Whisper is used when it is installed, and nothing otherwise: a recording
/// leaves the machine only when `openai:` says so.
pub fn speech_settings(path: Option<&Path>) -> Result<SpeechSettings> {
    let file = match path {
        Some(path) => read_file(path)?.stt,
        None => SttSection::default(),
    };
    let keep_audio = match env("REHEARSE_KEEP_AUDIO") {
        Some(value) => match value.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "on" => true,
            "no" | "false" | "0" | "off" => false,
            _ => bail!("REHEARSE_KEEP_AUDIO={value:?}: use yes or no"),
        },
        None => file.keep_audio.unwrap_or(true),
    };
    let from_environment = env("REHEARSE_STT_API_KEY").or_else(|| env("OPENAI_API_KEY"));
    let api_key_from_environment = from_environment.is_some();
    Ok(SpeechSettings {
        engine: env("REHEARSE_STT").unwrap_or(file.engine),
        base_url: env("REHEARSE_STT_BASE_URL").unwrap_or(file.base_url),
        api_key: from_environment
            .or_else(|| Some(file.api_key).filter(|key| !key.trim().is_empty()))
            .map(ApiKey::new),
        api_key_from_environment,
        keep_audio,
    })
}

/// Creates `dir` (and its parents) so that only its owner can enter it: Rehearse's data
/// directory holds the database and the settings file. An existing one is tightened to 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Writes `text` to `path` through a new temporary file beside it that only the owner can read
/// from the moment it exists (created 0600, never chmod-ed after), synced, then renamed over
/// `path` — so no other user can read the key at any point, and a crash leaves the old file.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".to_owned());
    let mut attempt = 0u32;
    let (temporary, mut file) = loop {
        let temporary = folder.join(format!(".{file_name}.{}.{attempt}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&temporary) {
            Ok(file) => break (temporary, file),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    };
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        std::fs::remove_file(&temporary).ok();
    }
    written
}

/// Saves settings changed on the settings page to the config file, readable only by the user
/// (it may hold a key).
#[derive(Debug)]
pub struct FileSettings {
    pub path: PathBuf,
}

impl FileSettings {
    /// Rewrites the file with `change` applied to what it holds now.
    fn rewrite(&self, change: impl FnOnce(&mut ConfigFile)) -> Result<(), String> {
        // An unreadable file is replaced rather than blocking every change from the page.
        let mut file = read_file(&self.path).unwrap_or_default();
        change(&mut file);
        let text = format!(
            "# Rehearse settings. Written by the settings page; the environment (REHEARSE_LLM, OPENAI_API_KEY, REHEARSE_STT, ...) wins over this file.\n{}",
            toml::to_string(&file).map_err(|error| error.to_string())?
        );
        if let Some(folder) = self.path.parent()
            && !folder.as_os_str().is_empty()
            && !folder.exists()
        {
            create_private_dir(folder).map_err(|error| error.to_string())?;
        }
        write_private(&self.path, &text).map_err(|error| error.to_string())
    }
}

/// The key a section of the file keeps: the one in use, unless it came from the environment —
/// such a key is used, never written, and the file keeps its own (`in_file`).
fn key_to_write(key: Option<&ApiKey>, from_environment: bool, in_file: &mut String) -> String {
    if from_environment {
        std::mem::take(in_file)
    } else {
        key.map(|key| key.expose_for_storage().to_owned())
            .unwrap_or_default()
    }
}

impl SettingsStore for FileSettings {
    fn save(&self, settings: &LlmSettings) -> Result<(), String> {
        self.rewrite(|file| {
            let api_key = key_to_write(
                settings.api_key.as_ref(),
                settings.api_key_from_environment,
                &mut file.llm.api_key,
            );
            file.llm = LlmSection {
                provider: settings.provider.clone(),
                base_url: settings.base_url.clone(),
                api_key,
                price: settings.price.clone(),
            };
        })
    }

    fn save_speech(&self, settings: &SpeechSettings) -> Result<(), String> {
        self.rewrite(|file| {
            let api_key = key_to_write(
                settings.api_key.as_ref(),
                settings.api_key_from_environment,
                &mut file.stt.api_key,
            );
            file.stt = SttSection {
                engine: settings.engine.clone(),
                base_url: settings.base_url.clone(),
                api_key,
                keep_audio: Some(settings.keep_audio),
            };
        })
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
            api_key_from_environment: false,
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

    #[test]
    fn a_key_from_the_environment_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let store = FileSettings { path: path.clone() };
        let mut settings = LlmSettings {
            provider: "openai:gpt-test".to_owned(),
            api_key: Some(ApiKey::new("sk-from-the-file-1111")),
            ..LlmSettings::default()
        };
        store.save(&settings).unwrap();
        settings.api_key = Some(ApiKey::new("sk-from-the-environment-2222"));
        settings.api_key_from_environment = true;
        settings.price = "1,2".to_owned();
        store.save(&settings).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("sk-from-the-environment"), "{text}");
        assert!(
            text.contains("sk-from-the-file-1111"),
            "the file keeps its own key"
        );
        assert!(text.contains("price = \"1,2\""), "{text}");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("config.toml")]);
    }

    #[test]
    fn the_speech_and_llm_settings_are_saved_without_touching_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let store = FileSettings { path: path.clone() };
        store
            .save(&LlmSettings {
                provider: "openai:gpt-test".to_owned(),
                api_key: Some(ApiKey::new("sk-llm-1111")),
                ..LlmSettings::default()
            })
            .unwrap();
        store
            .save_speech(&SpeechSettings {
                engine: "openai:whisper-1".to_owned(),
                base_url: "http://127.0.0.1:9/v1".to_owned(),
                api_key: Some(ApiKey::new("sk-stt-2222")),
                api_key_from_environment: false,
                keep_audio: false,
            })
            .unwrap();
        let file = read_file(&path).unwrap();
        assert_eq!(file.llm.api_key, "sk-llm-1111");
        assert_eq!(file.stt.engine, "openai:whisper-1");
        assert_eq!(file.stt.api_key, "sk-stt-2222");
        assert_eq!(file.stt.keep_audio, Some(false));
        store
            .save(&LlmSettings {
                provider: String::new(),
                ..LlmSettings::default()
            })
            .unwrap();
        let read = speech_settings(Some(&path)).unwrap();
        assert_eq!(read.engine, "openai:whisper-1", "the speech settings stay");
        assert!(!read.keep_audio);
    }

    #[cfg(unix)]
    #[test]
    fn the_settings_file_is_private_from_its_first_byte() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("rehearse");
        let path = folder.join("config.toml");
        // Another user watching the folder while the file is written sees only 0600 files.
        let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let watcher = {
            let folder = folder.clone();
            let watching = watching.clone();
            std::thread::spawn(move || {
                let mut seen = 0;
                while watching.load(std::sync::atomic::Ordering::Relaxed) {
                    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                        if let Ok(metadata) = entry.metadata() {
                            assert_eq!(
                                metadata.permissions().mode() & 0o077,
                                0,
                                "{:?}",
                                entry.file_name()
                            );
                            seen += 1;
                        }
                    }
                }
                seen
            })
        };
        let store = FileSettings { path: path.clone() };
        for round in 0..200 {
            let settings = LlmSettings {
                provider: "openai:gpt-test".to_owned(),
                api_key: Some(ApiKey::new(format!("sk-secret-{round:04}"))),
                ..LlmSettings::default()
            };
            store.save(&settings).unwrap();
        }
        watching.store(false, std::sync::atomic::Ordering::Relaxed);
        assert!(watcher.join().unwrap() > 0, "the watcher saw the files");
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&folder), 0o700, "a folder it creates is private too");
    }
}
