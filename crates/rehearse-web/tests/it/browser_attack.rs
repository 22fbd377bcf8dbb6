//! A hostile page in a real Chromium. The user has Rehearse open with a model configured, a job
//! and a story; they visit a page on another origin (another port of 127.0.0.1, so Chromium's
//! local-network protection does not step in) that tries, all at once: forms posted into hidden
//! frames, `fetch` with `no-cors`, the settings page in a frame, and a popup whose forms post at
//! the top level. Nothing it tries may change anything, and no request may reach either the
//! user's model or the attacker's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::{ONE_BROWSER, open_browser, start_driver, wait_for};
use crate::harness::{TestApp, spawn_app};
use crate::targets::{POSTING, RESUME};

/// A server on 127.0.0.1 that answers 500 to everything and counts what reaches it.
async fn counting_server() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { (StatusCode::INTERNAL_SERVER_ERROR, "no") }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{address}"), hits)
}

/// The attacker's site: `/` tries everything; `/popup` posts at the top level.
async fn attacker_site(app: &str, evil_ai: &str) -> String {
    let forms = format!(
        r#"
<form method="post" action="{app}/settings">
  <input name="provider" value="openai:evil"><input name="base_url" value="{evil_ai}/v1">
  <input name="api_key" value=""><input name="price" value=""></form>
<form method="post" action="{app}/settings/speech">
  <input name="engine" value="openai"><input name="model" value="whisper-1">
  <input name="base_url" value="{evil_ai}/v1"><input name="keep_audio" value="1"></form>
<form method="post" action="{app}/targets/1/ai"><input name="allowed" value="1"></form>
<form method="post" action="{app}/targets/1/ai-questions"></form>
<form method="post" action="{app}/stories/1/delete"></form>
<form method="post" action="{app}/targets" enctype="multipart/form-data">
  <input name="posting" value="Planted posting for a planted job. Own everything."></form>
<form method="post" action="{app}/plan/hours"><input name="hours" value="9"></form>
<form method="post" action="{app}/stories" >
  <input name="title" value="Planted"><input name="action" value="I planted it."></form>
<form method="post" action="{app}/api/v1/stories/import" enctype="text/plain">
  <input name='{{"stories":[{{"title":"Planted","action":"x' value='"}}]}}'></form>
<form method="post" action="{app}/api/v1/targets/1/llm" enctype="text/plain">
  <input name='{{"allowed":true,"x":"' value='"}}'></form>
"#
    );
    let main = format!(
        r#"<!doctype html><html><head><title>You won</title></head><body>
<h1>Claim your prize</h1>
{forms}
<iframe id="framed" src="{app}/settings" width="600" height="400"></iframe>
<script>
  var app = "{app}";
  Array.prototype.forEach.call(document.forms, function (form, index) {{
    var sink = document.createElement("iframe");
    sink.name = "sink" + index;
    document.body.appendChild(sink);
    form.target = sink.name;
    form.submit();
  }});
  [
    ["/api/v1/stories", JSON.stringify({{title: "Planted", action: "I planted it."}})],
    ["/api/v1/stories/import", JSON.stringify({{stories: [{{title: "Planted", action: "x"}}]}})],
    ["/api/v1/targets/1/llm", JSON.stringify({{allowed: true}})],
    ["/api/v1/targets/1/llm-questions", ""],
    ["/api/v1/targets", JSON.stringify({{posting: "Planted"}})],
    ["/api/v1/attempts/1/coach", JSON.stringify({{part: "note"}})],
    ["/settings", "provider=openai%3Aevil&base_url={evil_ai}%2Fv1&api_key="],
    ["/settings/speech", "engine=openai&model=whisper-1&base_url={evil_ai}%2Fv1"]
  ].forEach(function (pair) {{
    fetch(app + pair[0], {{method: "POST", mode: "no-cors", credentials: "include", body: pair[1],
      headers: {{"Content-Type": "text/plain"}}}}).catch(function () {{}});
  }});
  var image = new Image();
  image.src = app + "/api/v1/attempts/1/coach/note/stream";
  window.open("/popup", "popup");
  setTimeout(function () {{ document.title = "done"; }}, 2500);
</script></body></html>"#
    );
    let popup = format!(
        r#"<!doctype html><html><body>
<form id="top" method="post" action="{app}/settings">
  <input name="provider" value="openai:evil"><input name="base_url" value="{evil_ai}/v1">
  <input name="api_key" value=""></form>
<script>document.getElementById("top").submit();</script></body></html>"#
    );
    let router =
        Router::new()
            .route(
                "/",
                get(move || async move {
                    ([(header::CONTENT_TYPE, "text/html")], main).into_response()
                }),
            )
            .route(
                "/popup",
                get(move || async move {
                    ([(header::CONTENT_TYPE, "text/html")], popup).into_response()
                }),
            );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// Everything the attack aims at, as the app shows it.
async fn what_the_user_has(app: &TestApp) -> Vec<Value> {
    let mut state = Vec::new();
    for path in [
        "/api/v1/llm",
        "/api/v1/speech",
        "/api/v1/stories",
        "/api/v1/targets",
        "/api/v1/targets/1",
        "/api/v1/targets/1/llm-preview",
    ] {
        state.push(app.get(path).await.json::<Value>().await.unwrap());
    }
    let plan = app.get("/plan").await.text().await.unwrap();
    let hours = plan
        .split("name=\"hours\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
        .to_owned();
    state.push(json!({ "hours": hours }));
    state
}

#[tokio::test]
async fn a_page_on_another_origin_changes_nothing_and_reaches_no_model() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let (users_ai, users_ai_hits) = counting_server().await;
    let (evil_ai, evil_ai_hits) = counting_server().await;

    // The user's own setup: a model with a key, a job kept offline, a story.
    let configured = app
        .post_form(
            "/settings",
            &[
                ("provider", "openai:coach"),
                ("base_url", &users_ai),
                ("api_key", "sk-the-users-own-key-9876"),
            ],
        )
        .await;
    assert_eq!(configured.status(), StatusCode::SEE_OTHER);
    let target = app
        .post_json(
            "/api/v1/targets",
            &json!({"posting": POSTING, "resume": RESUME, "count": 8}),
        )
        .await;
    assert_eq!(target.status(), StatusCode::CREATED);
    let story = app
        .post_json(
            "/api/v1/stories",
            &json!({"title": "The late report", "action": "I rebuilt the query."}),
        )
        .await;
    assert_eq!(story.status(), StatusCode::CREATED);
    let before = what_the_user_has(&app).await;

    let site = attacker_site(&format!("http://{}", app.address), &evil_ai).await;
    let browser = open_browser(&driver).await;
    browser.goto(&format!("{site}/")).await.unwrap();
    wait_for("the attack to run", || async {
        (browser.title().await.ok()? == "done").then_some(())
    })
    .await;
    // Give the popup's top-level post and the last frames time to land.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // The framed settings page did not render in the attacker's page.
    let frame = browser.find(Locator::Id("framed")).await.unwrap();
    frame.enter_frame().await.unwrap();
    assert!(
        browser
            .find_all(Locator::Id("settings-form"))
            .await
            .unwrap()
            .is_empty(),
        "the settings page must not render inside another site's frame"
    );
    browser.enter_parent_frame().await.unwrap();

    // The popup's top-level post was refused, with a page saying why.
    let windows = browser.windows().await.unwrap();
    assert!(windows.len() >= 2, "the popup opened");
    for window in windows {
        browser.switch_to_window(window).await.unwrap();
        let url = browser.current_url().await.unwrap();
        if url.as_str().contains(&format!("{}", app.address)) {
            let body = browser
                .find(Locator::Css("body"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(body.contains("came from another web site"), "{body}");
        }
    }
    browser.close().await.unwrap();

    assert_eq!(what_the_user_has(&app).await, before, "nothing changed");
    assert_eq!(users_ai_hits.load(Ordering::SeqCst), 0, "the user's model");
    assert_eq!(
        evil_ai_hits.load(Ordering::SeqCst),
        0,
        "the attacker's model"
    );

    // The same settings form without a browser's cross-site headers does take effect: the
    // attack failed because of where it came from, not because its forms were wrong.
    let plain = app
        .post_form(
            "/settings",
            &[("provider", "openai:evil"), ("base_url", &evil_ai)],
        )
        .await;
    assert_eq!(plain.status(), StatusCode::SEE_OTHER);
    let settings: Value = app.get("/api/v1/llm").await.json().await.unwrap();
    assert!(settings.to_string().contains("evil"), "{settings}");
}
