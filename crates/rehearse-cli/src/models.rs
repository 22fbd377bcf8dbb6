//! `rehearse models`: what is installed in the models folder and what each model enables;
//! `pull` (download, checked) and `add` (from a folder).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use rehearse_models::catalog::{self, MODELS, Model};
use rehearse_models::{ModelStatus, ModelsDir};
use serde_json::json;

use crate::commands::{emit, print_json};
use crate::{ModelsArgs, ModelsCommand};

/// The models folder: `--models`/`REHEARSE_MODELS`, else `models/` in the data directory.
pub fn models_dir(given: Option<&Path>) -> Option<ModelsDir> {
    given
        .map(Path::to_path_buf)
        .or_else(|| dirs::data_dir().map(|dir| dir.join("rehearse").join("models")))
        .map(ModelsDir::new)
}

fn known(name: &str) -> Result<&'static Model> {
    catalog::find(name).ok_or_else(|| {
        anyhow!(
            "{name:?} is not a model Rehearse knows; the models are: {}",
            MODELS
                .iter()
                .map(|model| model.name)
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_000_000.0)
}

pub async fn run(given: Option<&Path>, args: ModelsArgs) -> Result<()> {
    let dir = models_dir(given).ok_or_else(|| {
        anyhow!("cannot find your data directory; pass --models DIR to say where models live")
    })?;
    match args.command {
        None => list(&dir, args.json),
        Some(ModelsCommand::Add { name, dir: source }) => {
            let model = known(&name)?;
            let path = dir
                .add(model, &source)
                .with_context(|| format!("{} was not installed", model.name))?;
            emit(&format!(
                "Installed {} in {} (every file's sha256 checked).\n",
                model.name,
                path.display()
            ))
        }
        Some(ModelsCommand::Pull { name, from }) => pull(&dir, known(&name)?, from).await,
    }
}

fn list(dir: &ModelsDir, as_json: bool) -> Result<()> {
    let rows: Vec<(&Model, ModelStatus)> = MODELS
        .iter()
        .map(|model| (model, dir.status(model)))
        .collect();
    if as_json {
        let models: Vec<_> = rows
            .iter()
            .map(|(model, status)| {
                let (installed, problem, path) = match status {
                    ModelStatus::Installed { path } => {
                        (true, None, Some(path.display().to_string()))
                    }
                    ModelStatus::Missing => (false, None, None),
                    ModelStatus::Incomplete { problem } => (false, Some(problem.clone()), None),
                };
                json!({
                    "name": model.name, "installed": installed, "path": path, "problem": problem,
                    "bytes": model.bytes(), "licence": model.licence, "enables": model.enables,
                    "home": model.home,
                })
            })
            .collect();
        return print_json(&json!({"folder": dir.root().display().to_string(), "models": models}));
    }
    let mut out = format!("Models folder: {}\n\n", dir.root().display());
    for (model, status) in rows {
        let state = match &status {
            ModelStatus::Installed { path } => format!("installed in {}", path.display()),
            ModelStatus::Missing => "not installed".to_owned(),
            ModelStatus::Incomplete { problem } => format!("damaged ({problem}); pull it again"),
        };
        out.push_str(&format!(
            "{}  {}  ({}, {})\n  Enables {}.\n",
            model.name,
            state,
            megabytes(model.bytes()),
            model.licence,
            model.enables
        ));
        if !matches!(status, ModelStatus::Installed { .. }) {
            out.push_str(&format!(
                "  Install: rehearse models pull {}   (downloads from {})\n       or: rehearse models add {} DIR   (a folder with its files)\n",
                model.name,
                model.home.trim_end_matches('/'),
                model.name
            ));
        }
        out.push('\n');
    }
    emit(&out)
}

async fn pull(dir: &ModelsDir, model: &Model, from: Option<String>) -> Result<()> {
    let terminal = std::io::stderr().is_terminal();
    eprintln!(
        "Downloading {} ({}) from {}",
        model.name,
        megabytes(model.bytes()),
        from.as_deref().unwrap_or(model.home)
    );
    let mut last = 0u64;
    let mut progress = |progress: rehearse_models::files::Progress| {
        let percent = progress.done * 100 / progress.total.max(1);
        // A bar that redraws in a terminal; a line every 10% otherwise.
        if terminal {
            let filled = (percent / 4) as usize;
            eprint!(
                "\r[{}{}] {:>3}%  {} of {}",
                "#".repeat(filled),
                " ".repeat(25 - filled),
                percent,
                megabytes(progress.done),
                megabytes(progress.total)
            );
            std::io::stderr().flush().ok();
        } else if percent >= last + 10 || (percent == 100 && last != 100) {
            eprintln!("{percent}%");
            last = percent;
        }
    };
    let path: PathBuf = dir
        .pull(model, from.as_deref(), &mut progress)
        .await
        .with_context(|| format!("{} was not installed", model.name))?;
    if terminal {
        eprintln!();
    }
    emit(&format!(
        "Installed {} in {} (every file's sha256 checked).\n",
        model.name,
        path.display()
    ))
}
