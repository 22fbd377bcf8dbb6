//! `rehearse models`: list, add from a folder, pull from a local stand-in for the model's home
//! (sha256 checked), and `analyze` judging meaning once the model is installed. Needs the real
//! model files (`REHEARSE_TEST_MODELS`, as CI provides); without them, outside CI, it says so.

use std::path::PathBuf;

use crate::{Sandbox, failure, stdout, success};

fn test_model() -> Option<PathBuf> {
    let folder = std::env::var_os("REHEARSE_TEST_MODELS")
        .map(|root| PathBuf::from(root).join("all-MiniLM-L6-v2"))
        .filter(|folder| folder.join("model.safetensors").is_file());
    if folder.is_none() {
        let message = "the models tests did not run: REHEARSE_TEST_MODELS must name a models folder with all-MiniLM-L6-v2";
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            panic!("{message}");
        }
        eprintln!("{message}");
    }
    folder
}

const ANSWER: &str = "Think of it like this: you want a number for every single row, say each sale's share of its region's total, but you do not want the rows squashed together. A normal aggregate squashes them, one line per region. With a window you still get every sale back, and next to it the region total worked out over the neighbouring rows.";

#[test]
fn models_are_listed_added_and_used() {
    let Some(model) = test_model() else { return };
    let sandbox = Sandbox::new();
    let models = sandbox.path("models");
    let models_arg = models.to_str().unwrap();
    let list = success(&sandbox.run(&["--models", models_arg, "models"]));
    assert!(list.contains("all-MiniLM-L6-v2  not installed"), "{list}");
    assert!(
        list.contains("rehearse models pull all-MiniLM-L6-v2"),
        "{list}"
    );

    // Without the model, analyze says once which checks are off.
    sandbox.write("answer.txt", ANSWER);
    let analyze = |sandbox: &Sandbox| {
        sandbox.run(&[
            "--models",
            models_arg,
            "analyze",
            "--question-id",
            "tech-sql-window-functions",
            "--answer-file",
            "answer.txt",
        ])
    };
    let off = analyze(&sandbox);
    assert!(off.status.success());
    let note = String::from_utf8_lossy(&off.stderr).into_owned();
    assert!(note.contains("checks of meaning are off"), "{note}");
    assert!(note.contains("rehearse models pull"), "{note}");

    // A folder with a wrong file is refused, and nothing is installed.
    let bad = sandbox.path("bad");
    std::fs::create_dir_all(&bad).unwrap();
    for name in ["config.json", "tokenizer.json"] {
        std::fs::copy(model.join(name), bad.join(name)).unwrap();
    }
    std::fs::write(bad.join("model.safetensors"), b"not the weights").unwrap();
    let line = failure(&sandbox.run(&[
        "--models",
        models_arg,
        "models",
        "add",
        "all-MiniLM-L6-v2",
        bad.to_str().unwrap(),
    ]));
    assert!(line.contains("model.safetensors is 15 bytes"), "{line}");
    assert!(!models.join("all-MiniLM-L6-v2").exists());

    let added = success(&sandbox.run(&[
        "--models",
        models_arg,
        "models",
        "add",
        "all-MiniLM-L6-v2",
        model.to_str().unwrap(),
    ]));
    assert!(added.contains("every file's sha256 checked"), "{added}");
    let listed: serde_json::Value = serde_json::from_str(&success(
        &sandbox.run(&["--models", models_arg, "models", "--json"]),
    ))
    .unwrap();
    assert_eq!(listed["models"][0]["installed"], true);

    let on = analyze(&sandbox);
    assert!(on.status.success());
    assert!(!String::from_utf8_lossy(&on.stderr).contains("checks of meaning are off"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&sandbox.run(&[
        "--models",
        models_arg,
        "analyze",
        "--question-id",
        "tech-sql-window-functions",
        "--answer-file",
        "answer.txt",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["meaning"], "all-MiniLM-L6-v2");
}

#[tokio::test]
async fn pull_downloads_from_the_models_home_and_checks_it() {
    let Some(model) = test_model() else { return };
    use axum::Router;
    use axum::routing::get;
    let folder = model.clone();
    let router = Router::new().route(
        "/{name}",
        get(
            move |axum::extract::Path(name): axum::extract::Path<String>| {
                let folder = folder.clone();
                async move {
                    std::fs::read(folder.join(&name)).map_err(|_| axum::http::StatusCode::NOT_FOUND)
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let sandbox = Sandbox::new();
    let models = sandbox.path("models");
    let output = tokio::task::spawn_blocking(move || {
        let pulled = sandbox.run(&[
            "--models",
            models.to_str().unwrap(),
            "models",
            "pull",
            "all-MiniLM-L6-v2",
            "--from",
            &format!("http://{address}/"),
        ]);
        (pulled, sandbox, models)
    })
    .await
    .unwrap();
    let (pulled, _sandbox, models) = output;
    let said = success(&pulled);
    assert!(said.contains("Installed all-MiniLM-L6-v2"), "{said}");
    let progress = String::from_utf8_lossy(&pulled.stderr).into_owned();
    assert!(
        progress.contains("Downloading all-MiniLM-L6-v2 (91 MB)"),
        "{progress}"
    );
    assert!(progress.contains("100%"), "{progress}");
    assert!(
        models
            .join("all-MiniLM-L6-v2")
            .join("model.safetensors")
            .is_file()
    );
}
