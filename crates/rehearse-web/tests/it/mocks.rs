//! Mock interviews and drills over HTTP: the API session from start to report, the pages with
//! their forms, the estimator, and the bad-input answers of each.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{TestApp, spawn_app};

/// A conflict story with actions but no ending: the session must ask for the result. (The bank's
/// behavioral round opens with "tell me about yourself" and "why this role"; the conflict
/// question is third.)
pub const NO_RESULT: &str = "Last year a coworker on my team and I disagreed about how to launch a new billing feature. He wanted to ship it to every customer at once, and I thought that was too risky because billing errors are hard to undo. I asked him for a meeting, I listened to his reasons, and I showed him the error rates from our last big launch. Then I proposed that we release it to ten percent of customers first, and I wrote the rollout plan myself.";

pub const RESULT: &str = "In the end he agreed to the staged launch, which caught two billing bugs before they reached 90% of our customers, and we still work well together.";

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn error_code(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    json_of(response).await["error"]["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn text_of(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    response.text().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn start(app: &TestApp, body: Value) -> Value {
    let response = app.post_json("/api/v1/mocks", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    json_of(response).await
}

async fn send(app: &TestApp, id: i64, event: Value) -> Value {
    let response = app
        .post_json(&format!("/api/v1/mocks/{id}/events"), &event)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    json_of(response).await
}

#[tokio::test]
async fn a_mock_interview_through_the_api_follows_up_on_a_missing_result_and_reports() {
    let app = spawn_app().await;
    let mock = start(
        &app,
        json!({"round": "behavioral", "minutes": 18, "persona": "neutral", "mode": "real"}),
    )
    .await;
    let id = mock["id"].as_i64().unwrap();
    assert_eq!(mock["state"], "asking");
    assert_eq!(mock["current"]["number"], 1);
    assert_eq!(
        mock["current"]["of"], 3,
        "three behavioral questions fit 18 minutes"
    );
    assert_eq!(mock["current"]["time_limit_seconds"], 180);
    send(&app, id, json!({"type": "skip"})).await;
    send(&app, id, json!({"type": "skip"})).await;

    let step = send(
        &app,
        id,
        json!({"type": "answer", "text": NO_RESULT, "seconds": 95}),
    )
    .await;
    let ask = &step["effects"][0];
    assert_eq!(
        ask["effect"], "ask",
        "real mode shows no feedback yet: {step}"
    );
    assert_eq!(ask["aims_at"], "the result");
    assert_eq!(step["mock"]["current"]["aims_at"], "the result");

    let step = send(
        &app,
        id,
        json!({"type": "answer", "text": RESULT, "seconds": 20}),
    )
    .await;
    assert_eq!(step["mock"]["turns"][3]["follow_up"]["handled"], true);
    assert_eq!(step["effects"], json!([{"effect": "finished"}]));
    let report = &step["mock"]["report"];
    assert_eq!(report["answered"], 1);
    assert_eq!(report["skipped"], 2);
    assert_eq!(report["unasked"], 0);
    assert_eq!(report["follow_ups_handled"], 1);
    assert!(report["work_on"].as_array().unwrap().len() <= 3);

    // The main answer joined the history; the list and the session read back the same.
    let attempts = json_of(app.get("/api/v1/attempts").await).await;
    assert_eq!(attempts["attempts"].as_array().unwrap().len(), 1);
    let list = json_of(app.get("/api/v1/mocks").await).await;
    assert_eq!(list["mocks"][0]["id"], id);
    assert_eq!(list["mocks"][0]["finished"], true);
    let again = json_of(app.get(&format!("/api/v1/mocks/{id}")).await).await;
    assert_eq!(again["report"], *report);
}

#[tokio::test]
async fn mock_api_bad_input_gets_clear_errors_and_changes_nothing() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/v1/mocks", &json!({"round": "lunch"}))
        .await;
    assert!(response.status().is_client_error());
    let message = json_of(response).await["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("expected one of: behavioral"), "{message}");
    assert_eq!(
        error_code(
            app.post_json(
                "/api/v1/mocks",
                &json!({"round": "behavioral", "minutes": 600})
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "bad_minutes"
    );
    assert_eq!(
        error_code(
            app.post_json(
                "/api/v1/mocks",
                &json!({"round": "behavioral", "target_id": 99})
            )
            .await,
            StatusCode::NOT_FOUND
        )
        .await,
        "target_not_found"
    );
    assert_eq!(
        error_code(
            app.post_json(
                "/api/v1/mocks",
                &json!({"round": "behavioral", "use_llm": true})
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "llm_off"
    );
    assert_eq!(
        error_code(app.get("/api/v1/mocks/7").await, StatusCode::NOT_FOUND).await,
        "mock_not_found"
    );
    assert_eq!(
        error_code(app.get("/api/v1/mocks/abc").await, StatusCode::NOT_FOUND).await,
        "mock_not_found"
    );

    let mock = start(&app, json!({"round": "technical", "minutes": 5})).await;
    let id = mock["id"].as_i64().unwrap();
    let events = format!("/api/v1/mocks/{id}/events");
    assert_eq!(
        error_code(
            app.post_json(&events, &json!({"type": "answer", "text": "  "}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "empty_answer"
    );
    assert_eq!(
        error_code(
            app.post_json(
                &events,
                &json!({"type": "answer", "text": "x".repeat(20_001)})
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "answer_too_long"
    );
    assert!(
        app.post_json(&events, &json!({"type": "dance"}))
            .await
            .status()
            .is_client_error()
    );
    let unchanged = json_of(app.get(&format!("/api/v1/mocks/{id}")).await).await;
    assert_eq!(unchanged["turns"], json!([]));
    send(&app, id, json!({"type": "end"})).await;
    assert_eq!(
        error_code(
            app.post_json(&events, &json!({"type": "skip"})).await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "mock_finished"
    );
}

#[tokio::test]
async fn the_mock_pages_run_a_session_in_study_mode_and_end_with_the_report() {
    let app = spawn_app().await;
    let setup = text_of(app.get("/mock").await, StatusCode::OK).await;
    assert!(setup.contains("id=\"mock-form\""), "{setup}");
    assert!(setup.contains("Sceptical senior"));

    // A refused form comes back filled in, with the reason.
    let refused = app
        .post_form(
            "/mock",
            &[
                ("round", "behavioral"),
                ("minutes", "lots"),
                ("persona", "friendly"),
                ("mode", "study"),
            ],
        )
        .await;
    let page = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("whole number of minutes"), "{page}");
    assert!(page.contains("value=\"lots\""));
    let refused = app
        .post_form(
            "/mock",
            &[
                ("round", "behavioral"),
                ("minutes", "2"),
                ("persona", "friendly"),
                ("mode", "study"),
            ],
        )
        .await;
    assert!(
        text_of(refused, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("from 5 to 180 minutes")
    );

    let started = app
        .post_form(
            "/mock",
            &[
                ("target", ""),
                ("round", "behavioral"),
                ("minutes", "18"),
                ("persona", "friendly"),
                ("mode", "study"),
                ("hide_numbers", "on"),
            ],
        )
        .await;
    let session = location(&started);
    assert_eq!(session, "/mock/1");
    let page = text_of(app.get(&session).await, StatusCode::OK).await;
    assert!(page.contains("Question 1 of 3"), "{page}");
    assert!(page.contains("data-countdown=\"180\""));
    assert!(page.contains("no trick questions"), "the friendly opening");
    app.post_form(&session, &[("action", "skip")]).await;
    app.post_form(&session, &[("action", "skip")]).await;
    let page = text_of(app.get(&session).await, StatusCode::OK).await;
    assert!(page.contains("You skipped it."), "{page}");

    // An empty answer is refused on the page; a typed one kept exactly.
    let refused = app
        .post_form(&session, &[("action", "answer"), ("answer", " ")])
        .await;
    assert!(
        text_of(refused, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("the answer is empty")
    );

    let answered = app
        .post_form(
            &session,
            &[
                ("action", "answer"),
                ("answer", NO_RESULT),
                ("seconds", "88"),
            ],
        )
        .await;
    assert_eq!(location(&answered), session);
    let page = text_of(app.get(&session).await, StatusCode::OK).await;
    assert!(
        page.contains("id=\"last-feedback\""),
        "study mode shows feedback: {page}"
    );
    assert!(
        page.contains("How did it turn out"),
        "the result follow-up: {page}"
    );
    assert!(page.contains("This follow-up probes the result"));
    assert!(
        !page.contains("Score <strong>"),
        "low-anxiety hides the score"
    );

    app.post_form(&session, &[("action", "answer"), ("answer", RESULT)])
        .await;
    let page = text_of(app.get(&session).await, StatusCode::OK).await;
    assert!(page.contains("How it went"), "{page}");
    let report = text_of(app.get(&session).await, StatusCode::OK).await;
    assert!(report.contains("How it went"), "{report}");
    assert!(report.contains("data-handled>1 of 1"), "{report}");
    assert!(report.contains("Skipped."));
    assert!(report.contains("Practise this again"));
    assert!(
        !report.contains("Average score"),
        "low-anxiety hides numbers"
    );

    let list = text_of(app.get("/mock").await, StatusCode::OK).await;
    assert!(list.contains("href=\"/mock/1\""));
    assert!(list.contains("finished"));
    assert_eq!(app.get("/mock/99").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/mock/x").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_estimator_api_computes_with_units_and_refuses_nonsense() {
    let app = spawn_app().await;
    let estimate = json_of(
        app.get(
            "/api/v1/estimate?dau=1000000&requests_per_user=10&payload_bytes=1000&read_write=4",
        )
        .await,
    )
    .await;
    let avg = estimate["avg_qps"].as_f64().unwrap();
    assert!((avg - 10_000_000.0 / 86_400.0).abs() < 1e-9, "{estimate}");
    assert!((estimate["write_qps"].as_f64().unwrap() - avg / 5.0).abs() < 1e-9);
    assert!((estimate["peak_qps"].as_f64().unwrap() - avg * 2.0).abs() < 1e-9);
    assert_eq!(
        estimate["storage_per_day_bytes"].as_f64().unwrap(),
        2_000_000.0 * 1000.0
    );
    assert_eq!(
        error_code(
            app.get("/api/v1/estimate?dau=0&requests_per_user=10&payload_bytes=1000")
                .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "bad_estimate"
    );
    assert!(
        app.get("/api/v1/estimate?dau=many&requests_per_user=10&payload_bytes=1")
            .await
            .status()
            .is_client_error()
    );
}

#[tokio::test]
async fn try_again_re_asks_the_question_and_shows_the_change_in_each_score() {
    let app = spawn_app().await;
    let first = app
        .post_form(
            "/practice",
            &[("question_id", "beh-conflict-coworker"), ("answer", NO_RESULT)],
        )
        .await;
    assert_eq!(location(&first), "/attempts/1");
    let feedback = text_of(app.get("/attempts/1").await, StatusCode::OK).await;
    assert!(
        feedback.contains("again=1&amp;focus="),
        "each problem offers a try-again: {feedback}"
    );

    // "Try again on this" brings the earlier answer back to rewrite the weak part.
    let focus = feedback
        .split("again=1&amp;focus=")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let page = text_of(
        app.get(&format!("/practice?question=beh-conflict-coworker&again=1&focus={focus}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Rewrite the weak part"), "{page}");
    assert!(page.contains(&NO_RESULT[..60]), "the earlier answer fills the box");
    assert!(page.contains("name=\"again\" value=\"1\""));

    // The new answer is shown beside the old, with the change in each score.
    let second = app
        .post_form(
            "/practice",
            &[
                ("question_id", "beh-conflict-coworker"),
                ("answer", &format!("{NO_RESULT} {RESULT}")),
                ("again", "1"),
            ],
        )
        .await;
    assert_eq!(location(&second), "/attempts/2?compare=1");
    let compared = text_of(app.get("/attempts/2?compare=1").await, StatusCode::OK).await;
    assert!(compared.contains("id=\"comparison\""), "{compared}");
    assert!(compared.contains("data-score-name=\"overall\""));
    assert!(compared.contains("class=\"change up\""), "{compared}");
    assert!(compared.contains("✓ No result"), "the missing result is fixed: {compared}");

    // A refused re-answer keeps the link to the earlier one.
    let refused = app
        .post_form(
            "/practice",
            &[("question_id", "beh-conflict-coworker"), ("answer", ""), ("again", "1")],
        )
        .await;
    let page = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("name=\"again\" value=\"1\""), "{page}");

    // Comparing with an answer to another question, or a missing one, is ignored or refused.
    let other = app
        .post_form("/practice", &[("question_id", "beh-failure"), ("answer", NO_RESULT)])
        .await;
    assert_eq!(location(&other), "/attempts/3");
    let page = text_of(app.get("/attempts/3?compare=1").await, StatusCode::OK).await;
    assert!(!page.contains("id=\"comparison\""));
    assert_eq!(
        app.get("/attempts/2?compare=99").await.status(),
        StatusCode::NOT_FOUND
    );
}
