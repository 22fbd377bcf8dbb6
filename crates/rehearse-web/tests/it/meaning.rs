//! The local sentence model through the web app: the settings page says meaning is off and
//! downloads the model on request (from a local stand-in for its home, checked), and from then on
//! the API judges meaning. Needs the real model files (`REHEARSE_TEST_MODELS`, as CI provides).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::spawn_app_with;

fn test_model() -> Option<PathBuf> {
    let folder = std::env::var_os("REHEARSE_TEST_MODELS")
        .map(|root| PathBuf::from(root).join("all-MiniLM-L6-v2"))
        .filter(|folder| folder.join("model.safetensors").is_file());
    if folder.is_none() {
        let message = "the web tests with the sentence model did not run: REHEARSE_TEST_MODELS must name a models folder with all-MiniLM-L6-v2";
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            panic!("{message}");
        }
        eprintln!("{message}");
    }
    folder
}

/// A local stand-in for the model's home, serving its files.
async fn mirror(folder: PathBuf) -> String {
    use axum::Router;
    use axum::routing::get;
    let router = Router::new().route(
        "/{name}",
        get(
            move |axum::extract::Path(name): axum::extract::Path<String>| {
                let folder = folder.clone();
                async move { std::fs::read(folder.join(name)).map_err(|_| StatusCode::NOT_FOUND) }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}/")
}

#[tokio::test]
async fn the_settings_page_downloads_the_model_and_meaning_is_judged() {
    let Some(model) = test_model() else { return };
    let home = mirror(model).await;
    let models = tempfile::tempdir().unwrap();
    let dir = rehearse_models::ModelsDir::new(models.path());
    let clock = Arc::new(rehearse_app::FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).unwrap(),
    ));
    let app = spawn_app_with(clock, move |app| {
        app.with_meaning(rehearse_app::meaning::Meaning::from_dir(dir).with_mirror(home))
    })
    .await;

    let page = app.get("/settings").await.text().await.unwrap();
    assert!(
        page.contains("Off: feedback judges meaning by shared words only"),
        "{page}"
    );
    assert!(page.contains("id=\"model-download-button\""));
    let analysis: Value = app
        .post_json(
            "/api/v1/analyze",
            &json!({"question_id": "tech-sql-window-functions", "answer": "A window keeps every row and adds a total computed over the neighbouring rows."}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(analysis.get("meaning").is_none());
    let feedback = app
        .post_form(
            "/practice",
            &[
                ("question_id", "tech-sql-window-functions"),
                ("answer", "A window keeps every row and adds a total computed over the neighbouring rows."),
            ],
        )
        .await;
    let location = feedback.headers()["location"].to_str().unwrap().to_owned();
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("Checks of meaning were off for this answer"));

    // The button starts the download; the page shows its progress until it is done.
    let started = app.post_form("/settings/model", &[]).await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let mut state = Value::Null;
    for _ in 0..300 {
        state = app.get("/api/v1/models").await.json().await.unwrap();
        if state["download"]["state"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(state["download"]["state"], "done", "{state}");
    assert_eq!(state["on"], true, "{state}");
    let page = app.get("/settings").await.text().await.unwrap();
    assert!(
        page.contains("On: all-MiniLM-L6-v2 runs on this machine"),
        "{page}"
    );
    assert!(!page.contains("id=\"model-download-button\""));
    // Installed: the API refuses a second download.
    let again = app.post_json("/api/v1/models/pull", &json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let analysis: Value = app
        .post_json(
            "/api/v1/analyze",
            &json!({"question_id": "tech-sql-window-functions", "answer": "A window keeps every row and adds a total computed over the neighbouring rows."}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(analysis["meaning"], "all-MiniLM-L6-v2");
}
