//! The models folder: one sub-folder per model, holding the catalog's files.
//!
//! A model is installed whole or not at all: its files are written into a hidden folder beside
//! the final one, checked (size and sha256), and only then renamed into place, so a cut download
//! or a wrong file never leaves a half-installed model that would be loaded.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::catalog::{Model, ModelFile};

/// Why a model could not be installed or used.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("{file} is missing from {folder}")]
    Missing { file: String, folder: String },
    #[error("{file} is {bytes} bytes; {expected} were expected, so it is not the published file")]
    WrongSize {
        file: String,
        bytes: u64,
        expected: u64,
    },
    #[error(
        "{file} does not have the published sha256 (expected {expected}, found {found}); it was not installed"
    )]
    WrongChecksum {
        file: String,
        expected: String,
        found: String,
    },
    #[error(
        "{url} could not be downloaded ({reason}); check your connection, or download the files yourself and use `rehearse models add`"
    )]
    Download { url: String, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FilesError + '_ {
    move |source| FilesError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What the models folder holds of one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelStatus {
    /// Every file is there with its published size.
    Installed { path: PathBuf },
    /// Not installed.
    Missing,
    /// A folder is there but a file is missing or has another size.
    Incomplete { problem: String },
}

/// Progress of a download, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// The models folder.
#[derive(Debug, Clone)]
pub struct ModelsDir {
    root: PathBuf,
}

impl ModelsDir {
    pub fn new(root: impl Into<PathBuf>) -> ModelsDir {
        ModelsDir { root: root.into() }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `model` lives (installed or not).
    pub fn folder(&self, model: &Model) -> PathBuf {
        self.root.join(model.name)
    }

    /// Whether `model` is installed, by its files' presence and sizes.
    pub fn status(&self, model: &Model) -> ModelStatus {
        let folder = self.folder(model);
        if !folder.is_dir() {
            return ModelStatus::Missing;
        }
        for file in model.files {
            match std::fs::metadata(folder.join(file.name)) {
                Ok(metadata) if metadata.len() == file.bytes => {}
                Ok(metadata) => {
                    return ModelStatus::Incomplete {
                        problem: format!(
                            "{} is {} bytes, not {}",
                            file.name,
                            metadata.len(),
                            file.bytes
                        ),
                    };
                }
                Err(_) => {
                    return ModelStatus::Incomplete {
                        problem: format!("{} is missing", file.name),
                    };
                }
            }
        }
        ModelStatus::Installed { path: folder }
    }

    /// Installs `model` from the files in `source` (copied, each checked).
    pub fn add(&self, model: &Model, source: &Path) -> Result<PathBuf, FilesError> {
        let staging = self.staging(model)?;
        let result = (|| {
            for file in model.files {
                let from = source.join(file.name);
                if !from.is_file() {
                    return Err(FilesError::Missing {
                        file: file.name.to_owned(),
                        folder: source.display().to_string(),
                    });
                }
                let mut input = std::fs::File::open(&from).map_err(io(&from))?;
                let to = staging.join(file.name);
                let mut output = std::fs::File::create(&to).map_err(io(&to))?;
                let mut hasher = Sha256::new();
                let mut buffer = vec![0u8; 1 << 16];
                let mut bytes = 0u64;
                loop {
                    let read = input.read(&mut buffer).map_err(io(&from))?;
                    if read == 0 {
                        break;
                    }
                    hasher.update(&buffer[..read]);
                    output.write_all(&buffer[..read]).map_err(io(&to))?;
                    bytes += read as u64;
                }
                output.sync_all().map_err(io(&to))?;
                check(file, bytes, &hex(&hasher.finalize()))?;
            }
            self.install(model, &staging)
        })();
        if result.is_err() {
            std::fs::remove_dir_all(&staging).ok();
        }
        result
    }

    /// Downloads `model` from `base` (the model's home when `None`), reporting progress, and
    /// installs it. The only network request this crate makes, and only when called.
    pub async fn pull(
        &self,
        model: &Model,
        base: Option<&str>,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<PathBuf, FilesError> {
        // rustls needs a process-wide crypto provider; installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(30))
            .read_timeout(Duration::from_secs(60))
            .user_agent(concat!("Rehearse/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| FilesError::Download {
                url: model.home.to_owned(),
                reason: error.to_string(),
            })?;
        let base = base.unwrap_or(model.home);
        let staging = self.staging(model)?;
        let total = model.bytes();
        let mut done = 0u64;
        progress(Progress { done, total });
        let result = async {
            for file in model.files {
                let url = format!("{}/{}", base.trim_end_matches('/'), file.name);
                let failed = |reason: String| FilesError::Download {
                    url: url.clone(),
                    reason,
                };
                let mut response = client
                    .get(&url)
                    .send()
                    .await
                    .map_err(|error| failed(error.to_string()))?;
                if !response.status().is_success() {
                    return Err(failed(format!("status {}", response.status().as_u16())));
                }
                let path = staging.join(file.name);
                let mut output = std::fs::File::create(&path).map_err(io(&path))?;
                let mut hasher = Sha256::new();
                let mut bytes = 0u64;
                while let Some(chunk) = response
                    .chunk()
                    .await
                    .map_err(|error| failed(error.to_string()))?
                {
                    bytes += chunk.len() as u64;
                    if bytes > file.bytes {
                        return Err(FilesError::WrongSize {
                            file: file.name.to_owned(),
                            bytes,
                            expected: file.bytes,
                        });
                    }
                    hasher.update(&chunk);
                    output.write_all(&chunk).map_err(io(&path))?;
                    progress(Progress {
                        done: done + bytes,
                        total,
                    });
                }
                output.sync_all().map_err(io(&path))?;
                check(file, bytes, &hex(&hasher.finalize()))?;
                done += bytes;
            }
            self.install(model, &staging)
        }
        .await;
        if result.is_err() {
            std::fs::remove_dir_all(&staging).ok();
        }
        result
    }

    /// A fresh hidden folder beside the model's final one.
    fn staging(&self, model: &Model) -> Result<PathBuf, FilesError> {
        create_private_dir(&self.root).map_err(io(&self.root))?;
        let staging = self
            .root
            .join(format!(".{}.partial-{}", model.name, std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        std::fs::create_dir(&staging).map_err(io(&staging))?;
        Ok(staging)
    }

    /// Moves a checked staging folder into place, replacing an older copy.
    fn install(&self, model: &Model, staging: &Path) -> Result<PathBuf, FilesError> {
        let folder = self.folder(model);
        if folder.exists() {
            let old = self
                .root
                .join(format!(".{}.old-{}", model.name, std::process::id()));
            std::fs::rename(&folder, &old).map_err(io(&folder))?;
            std::fs::rename(staging, &folder).map_err(io(&folder))?;
            std::fs::remove_dir_all(&old).ok();
        } else {
            std::fs::rename(staging, &folder).map_err(io(&folder))?;
        }
        Ok(folder)
    }
}

fn check(file: &ModelFile, bytes: u64, sha256: &str) -> Result<(), FilesError> {
    if bytes != file.bytes {
        return Err(FilesError::WrongSize {
            file: file.name.to_owned(),
            bytes,
            expected: file.bytes,
        });
    }
    if sha256 != file.sha256 {
        return Err(FilesError::WrongChecksum {
            file: file.name.to_owned(),
            expected: file.sha256.to_owned(),
            found: sha256.to_owned(),
        });
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Creates `dir` so that only its owner can enter it (the models sit in the data folder).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}
