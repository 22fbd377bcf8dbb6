//! The sentence model as the app uses it: found in the models folder, loaded on first use (or
//! warmed up when the server starts), reloaded after a model is installed, and run off the async
//! threads. Without a model everything works on the word rules, and [`MeaningStatus`] says which
//! checks are off and how to turn them on.

use std::sync::{Arc, Mutex};

use rehearse_core::meaning::Embedder;
use rehearse_core::{Analysis, AnalysisInput, QuestionKind};
use rehearse_models::{Encoder, MINILM, ModelStatus, ModelsDir};
use serde::Serialize;

use crate::{App, AppError};

/// Where the sentence model comes from.
#[derive(Default)]
pub struct Meaning {
    dir: Option<ModelsDir>,
    state: Mutex<State>,
    /// A download started from the settings page, and where it downloads from (the model's home
    /// unless a mirror is set).
    download: Arc<Mutex<Download>>,
    mirror: Option<String>,
}

/// A download of the model started from the settings page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Download {
    #[default]
    Idle,
    Running {
        done: u64,
        total: u64,
    },
    Done,
    Failed {
        error: String,
    },
}

#[derive(Default, Clone)]
enum State {
    /// Not looked for yet.
    #[default]
    Unchecked,
    /// Loaded; with the encoder itself when it came from the models folder (it can keep vectors
    /// on disk).
    Loaded(Arc<dyn Embedder>, Option<Arc<Encoder>>),
    /// Looked for and not installed (or not loadable: the reason).
    Absent(Option<String>),
}

impl std::fmt::Debug for Meaning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meaning").field("dir", &self.dir).finish()
    }
}

/// What the pages and the API say about the sentence model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeaningStatus {
    pub model: &'static str,
    /// Installed and loaded: meaning is judged.
    pub on: bool,
    /// The models folder, when there is one.
    pub folder: Option<String>,
    /// Why it is off, for the user: not installed, damaged, failed to load.
    pub problem: Option<String>,
    pub enables: &'static str,
    /// How to turn it on, when it is off.
    pub how_to_turn_on: Option<String>,
    pub download_bytes: u64,
    /// A download started from the settings page, if any.
    pub download: Download,
}

impl Meaning {
    /// No model: the word rules only.
    pub fn none() -> Meaning {
        Meaning::default()
    }

    /// The model in `dir`, loaded when first needed.
    pub fn from_dir(dir: ModelsDir) -> Meaning {
        Meaning {
            dir: Some(dir),
            ..Meaning::default()
        }
    }

    /// A given embedder (tests, and tools that load it themselves).
    pub fn fixed(embedder: Arc<dyn Embedder>) -> Meaning {
        Meaning {
            state: Mutex::new(State::Loaded(embedder, None)),
            ..Meaning::default()
        }
    }

    /// The same, downloading from `mirror` instead of the model's home (tests; a company mirror).
    pub fn with_mirror(mut self, mirror: impl Into<String>) -> Meaning {
        self.mirror = Some(mirror.into());
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The embedder, loading it on first call (blocking: a fraction of a second). `None` without
    /// a model.
    pub fn embedder(&self) -> Option<Arc<dyn Embedder>> {
        let mut state = self.lock();
        if matches!(*state, State::Unchecked) {
            *state = self.load();
        }
        match &*state {
            State::Loaded(embedder, _) => Some(embedder.clone()),
            _ => None,
        }
    }

    fn load(&self) -> State {
        let started = std::time::Instant::now();
        let Some(dir) = &self.dir else {
            return State::Absent(None);
        };
        match dir.status(&MINILM) {
            ModelStatus::Installed { path } => match Encoder::load(MINILM.name, &path) {
                Ok(encoder) => {
                    tracing::info!(
                        model = MINILM.name,
                        kept_vectors = encoder.kept(),
                        elapsed = ?started.elapsed(),
                        "sentence model loaded"
                    );
                    let encoder = Arc::new(encoder);
                    State::Loaded(encoder.clone(), Some(encoder))
                }
                Err(error) => {
                    tracing::warn!("the sentence model could not be loaded: {error}");
                    State::Absent(Some(error.to_string()))
                }
            },
            ModelStatus::Missing => State::Absent(None),
            ModelStatus::Incomplete { problem } => {
                State::Absent(Some(format!("the installed copy is damaged: {problem}")))
            }
        }
    }

    /// Forgets what was loaded, so the next use looks again (after a model was installed).
    pub fn reload(&self) {
        *self.lock() = State::Unchecked;
    }

    /// What to tell the user.
    pub fn status(&self) -> MeaningStatus {
        let on = self.embedder().is_some();
        let problem = match &*self.lock() {
            State::Absent(Some(reason)) => Some(reason.clone()),
            State::Absent(None) if self.dir.is_some() => Some("not installed".to_owned()),
            State::Absent(None) => Some("no models folder".to_owned()),
            _ => None,
        };
        MeaningStatus {
            model: MINILM.name,
            on,
            folder: self.dir.as_ref().map(|dir| dir.root().display().to_string()),
            problem: if on { None } else { problem },
            enables: MINILM.enables,
            how_to_turn_on: (!on).then(|| {
                format!(
                    "install the model: `rehearse models pull {}` (about {} MB, checked), or the button on the settings page",
                    MINILM.name,
                    MINILM.bytes() / 1_000_000
                )
            }),
            download_bytes: MINILM.bytes(),
            download: self
                .download
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
        }
    }
}

/// An analysis input that owns its texts, to be analysed on a blocking thread.
#[derive(Debug, Clone)]
pub(crate) struct OwnedInput {
    pub question: String,
    pub kind: QuestionKind,
    pub competencies: Vec<String>,
    pub key_points: Vec<String>,
    pub answer: String,
}

impl OwnedInput {
    pub fn from(input: &AnalysisInput<'_>) -> OwnedInput {
        OwnedInput {
            question: input.question.to_owned(),
            kind: input.kind,
            competencies: input.competencies.to_vec(),
            key_points: input.key_points.to_vec(),
            answer: input.answer.to_owned(),
        }
    }

    pub(crate) fn input(&self) -> AnalysisInput<'_> {
        AnalysisInput {
            question: &self.question,
            kind: self.kind,
            competencies: &self.competencies,
            key_points: &self.key_points,
            answer: &self.answer,
        }
    }
}

impl App {
    /// Starts downloading the sentence model into the models folder (the settings page's
    /// button); its progress shows in [`App::meaning_status`]. Once it is installed, the next
    /// analysis uses it. Does nothing while a download runs.
    pub fn start_model_download(&self) -> Result<(), AppError> {
        let meaning = self.meaning.clone();
        let Some(dir) = meaning.dir.clone() else {
            return Err(AppError::NoModelsFolder);
        };
        if matches!(dir.status(&MINILM), ModelStatus::Installed { .. }) {
            return Err(AppError::ModelInstalled);
        }
        {
            let mut download = meaning
                .download
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if matches!(*download, Download::Running { .. }) {
                return Ok(());
            }
            *download = Download::Running {
                done: 0,
                total: MINILM.bytes(),
            };
        }
        let app = self.clone();
        tokio::spawn(async move {
            let progress_state = meaning.download.clone();
            let mut progress = move |progress: rehearse_models::files::Progress| {
                *progress_state
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Download::Running {
                    done: progress.done,
                    total: progress.total,
                };
            };
            let result = dir
                .pull(&MINILM, meaning.mirror.as_deref(), &mut progress)
                .await;
            let outcome = match result {
                Ok(path) => {
                    tracing::info!(path = %path.display(), "sentence model installed");
                    meaning.reload();
                    app.warm_up_meaning();
                    Download::Done
                }
                Err(error) => {
                    tracing::warn!("the model download failed: {error}");
                    Download::Failed {
                        error: error.to_string(),
                    }
                }
            };
            *meaning
                .download
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = outcome;
        });
        Ok(())
    }

    /// The sentence model, when one is installed (loaded on first use).
    pub fn embedder(&self) -> Option<Arc<dyn Embedder>> {
        self.meaning.embedder()
    }

    /// Whether meaning is judged, and how to turn it on when it is not.
    pub fn meaning_status(&self) -> MeaningStatus {
        self.meaning.status()
    }

    /// Analyses an answer with the sentence model when there is one, off the async threads (the
    /// model takes tens of milliseconds; the word rules alone, microseconds, stay inline).
    pub(crate) async fn analysis(&self, input: &AnalysisInput<'_>) -> Analysis {
        let Some(embedder) = self.embedder() else {
            return rehearse_core::analyze(input);
        };
        let owned = OwnedInput::from(input);
        let fallback = owned.clone();
        tokio::task::spawn_blocking(move || {
            rehearse_core::analyze_with(&owned.input(), Some(embedder.as_ref()))
        })
        .await
        .unwrap_or_else(|error| {
            tracing::error!("the analysis with meaning failed: {error}");
            rehearse_core::analyze(&fallback.input())
        })
    }

    /// Loads the model and computes the vectors of the bank's questions and key points (kept on
    /// disk beside the model, so this is done once per model), in the background.
    pub fn warm_up_meaning(&self) {
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            let Some(embedder) = app.embedder() else {
                return;
            };
            let started = std::time::Instant::now();
            let texts = app.bank_texts();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            embedder.embed(&refs);
            tracing::info!(texts = refs.len(), elapsed = ?started.elapsed(), "bank embedded");
            app.keep_vectors(&refs);
        });
    }

    /// The texts that come back every run: the engine's prototypes, bank questions and key
    /// points.
    fn bank_texts(&self) -> Vec<String> {
        let mut texts: Vec<String> = rehearse_core::analysis::prototype_texts()
            .into_iter()
            .map(str::to_owned)
            .collect();
        for question in self.bank.questions() {
            texts.push(question.text.clone());
            texts.extend(question.key_points.iter().cloned());
        }
        texts
    }

    fn keep_vectors(&self, texts: &[&str]) {
        let encoder = match &*self.meaning.lock() {
            State::Loaded(_, Some(encoder)) => encoder.clone(),
            _ => return,
        };
        if let Err(error) = encoder.keep(texts) {
            tracing::warn!("the bank's vectors could not be kept on disk: {error}");
        }
    }
}
