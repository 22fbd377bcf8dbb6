//! Rules of the workspace, checked as ordinary tests.

use std::collections::BTreeMap;

use crate::workspace_root;

/// The allowed edges between our crates (DESIGN.md §4): cli → web → app → {core, content, store,
/// llm, models, speech}, store → core, content → core, models → core, speech → {core, llm}. Core
/// and llm depend on no workspace crate.
const ALLOWED: &[(&str, &[&str])] = &[
    ("rehearse-core", &[]),
    ("rehearse-llm", &[]),
    ("rehearse-content", &["rehearse-core"]),
    ("rehearse-store", &["rehearse-core"]),
    ("rehearse-models", &["rehearse-core"]),
    ("rehearse-speech", &["rehearse-core", "rehearse-llm"]),
    (
        "rehearse-app",
        &[
            "rehearse-core",
            "rehearse-content",
            "rehearse-store",
            "rehearse-llm",
            "rehearse-models",
            "rehearse-speech",
        ],
    ),
    ("rehearse-web", &["rehearse-app", "rehearse-core"]),
    (
        "rehearse-cli",
        &[
            "rehearse-web",
            "rehearse-app",
            "rehearse-core",
            "rehearse-content",
            "rehearse-store",
            "rehearse-llm",
            "rehearse-models",
            "rehearse-speech",
        ],
    ),
];

/// Crates the pure core must never depend on: IO, async, HTTP, SQL, command lines.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "tokio", "sqlx", "reqwest", "axum", "clap", "hyper", "askama",
];

fn manifests() -> BTreeMap<String, toml::Table> {
    let crates = workspace_root().join("crates");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if manifest.is_file() {
            let table: toml::Table = std::fs::read_to_string(&manifest).unwrap().parse().unwrap();
            let name = table["package"]["name"].as_str().unwrap().to_owned();
            out.insert(name, table);
        }
    }
    out
}

fn dependencies(manifest: &toml::Table, section: &str) -> Vec<String> {
    manifest
        .get(section)
        .and_then(|deps| deps.as_table())
        .map(|deps| deps.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn workspace_crates_depend_only_along_allowed_edges() {
    let manifests = manifests();
    let known: Vec<&str> = ALLOWED.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        manifests
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .len(),
        known.len(),
        "every crate is listed in ALLOWED"
    );
    for (name, manifest) in &manifests {
        let allowed = ALLOWED
            .iter()
            .find(|(crate_name, _)| crate_name == name)
            .unwrap_or_else(|| panic!("{name} is not in ALLOWED"))
            .1;
        // Normal dependencies only: tests may reach further (web's tests build a real store).
        for dependency in dependencies(manifest, "dependencies") {
            if dependency.starts_with("rehearse-") {
                assert!(
                    allowed.contains(&dependency.as_str()),
                    "{name} must not depend on {dependency}"
                );
            }
        }
    }
}

#[test]
fn core_stays_pure() {
    let manifests = manifests();
    let core = &manifests["rehearse-core"];
    for section in ["dependencies", "dev-dependencies"] {
        for dependency in dependencies(core, section) {
            assert!(
                !FORBIDDEN_IN_CORE.contains(&dependency.as_str()),
                "rehearse-core must not use {dependency}"
            );
        }
    }
}

#[test]
fn every_crate_uses_the_workspace_lints_and_documents_itself() {
    for (name, manifest) in manifests() {
        assert_eq!(
            manifest["lints"]["workspace"].as_bool(),
            Some(true),
            "{name} uses [lints] workspace = true"
        );
        let directory = workspace_root().join("crates").join(&name).join("src");
        let entry = if directory.join("lib.rs").exists() {
            directory.join("lib.rs")
        } else {
            directory.join("main.rs")
        };
        let source = std::fs::read_to_string(&entry).unwrap();
        assert!(
            source.starts_with("//!"),
            "{} starts with a //! comment saying what it is for",
            entry.display()
        );
    }
}
