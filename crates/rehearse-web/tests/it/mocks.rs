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

/// The id of the question a page shows.
fn question_on(page: &str) -> String {
    page.split("data-question-id=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a question on the page")
        .to_owned()
}

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
        json!({"round": "behavioral", "minutes": 15, "persona": "neutral", "mode": "real"}),
    )
    .await;
    let id = mock["id"].as_i64().unwrap();
    assert_eq!(mock["state"], "asking");
    assert_eq!(mock["current"]["number"], 1);
    assert_eq!(
        mock["current"]["of"], 3,
        "three stories with a follow-up each fit 15 minutes"
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
            StatusCode::CONFLICT
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
    let report = text_of(app.get(&format!("/mock/{id}")).await, StatusCode::OK).await;
    assert!(
        report.contains("No question was answered"),
        "an empty session is not praised: {report}"
    );
    assert_eq!(
        error_code(
            app.post_json(&events, &json!({"type": "skip"})).await,
            StatusCode::CONFLICT
        )
        .await,
        "mock_finished"
    );
}

#[tokio::test]
async fn the_mock_pages_run_a_session_in_study_mode_and_end_with_the_report() {
    let app = spawn_app().await;
    let setup = text_of(app.get("/mock").await, StatusCode::OK).await;
    assert!(
        setup.contains(
            "a story takes about 4½ minutes with its follow-up (6 with a sceptical interviewer)"
        ),
        "the form says what fits"
    );
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
                ("minutes", "15"),
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
            &[
                ("question_id", "beh-conflict-coworker"),
                ("answer", NO_RESULT),
            ],
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
        app.get(&format!(
            "/practice?question=beh-conflict-coworker&again=1&focus={focus}"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Rewrite the weak part"), "{page}");
    assert!(
        page.contains(&NO_RESULT[..60]),
        "the earlier answer fills the box"
    );
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
    assert!(
        compared.contains("✓ No result"),
        "the missing result is fixed: {compared}"
    );

    // A refused re-answer keeps the link to the earlier one.
    let refused = app
        .post_form(
            "/practice",
            &[
                ("question_id", "beh-conflict-coworker"),
                ("answer", ""),
                ("again", "1"),
            ],
        )
        .await;
    let page = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("name=\"again\" value=\"1\""), "{page}");

    // Comparing with an answer to another question, or a missing one, is ignored or refused.
    let other = app
        .post_form(
            "/practice",
            &[("question_id", "beh-failure"), ("answer", NO_RESULT)],
        )
        .await;
    assert_eq!(location(&other), "/attempts/3");
    let page = text_of(app.get("/attempts/3?compare=1").await, StatusCode::OK).await;
    assert!(!page.contains("id=\"comparison\""));
    assert_eq!(
        app.get("/attempts/2?compare=99").await.status(),
        StatusCode::NOT_FOUND
    );
}

// ------------------------------------------------------------------ drills

const DESIGN_NOTES: [&str; 8] = [
    "I would ask whether we need custom aliases and analytics, and assume links never expire. Redirects should take under 50 ms and the service needs 99.9% availability.",
    "About 100 million new links a month, so roughly 40 writes a second, and with 100 reads per write about 4,000 reads a second, 8,000 at peak. Each link is 500 bytes, so 50 GB a month.",
    "Clients call an API service behind a load balancer. The service writes mappings to a key-value database and reads hot links from a Redis cache.",
    "The short code is a base62 encoding of a counter from a ticket server; the table is keyed by code with the long URL and the creation date.",
    "The database is the bottleneck for reads, and a hot link can overload one shard.",
    "I shard the table by the hash of the code, keep a cache in front of it, and send click events to a Kafka queue for background workers.",
    "Each shard has two replicas and fails over automatically; if the cache is down, reads go to the database with a timeout.",
    "I chose eventual consistency for click counts at the cost of slightly stale numbers, and a counter instead of random codes, so we give up unguessable links.",
];

fn drill_form(question: &str, notes: &[&str], diagram: &str) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("question_id", question);
    form.append_pair("target_id", "");
    for note in notes {
        form.append_pair("notes", note);
        form.append_pair("seconds", "120");
    }
    form.append_pair("diagram", diagram);
    form.finish()
}

async fn post_body(app: &TestApp, path: &str, body: String) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_system_design_drill_walks_eight_timed_steps_and_gives_step_and_checklist_feedback() {
    let app = spawn_app().await;
    let page = text_of(app.get("/drills/system-design").await, StatusCode::OK).await;
    for (step, minutes) in [
        ("requirements", 3),
        ("estimation", 2),
        ("high_level", 5),
        ("deep_dive", 15),
        ("bottlenecks", 5),
        ("scalability", 5),
        ("failure_modes", 5),
        ("tradeoffs", 5),
    ] {
        assert!(
            page.contains(&format!("data-step=\"{step}\" data-minutes=\"{minutes}\"")),
            "{step}: {page}"
        );
    }
    assert!(page.contains("data-diagram-editor"));
    let question = question_on(&page);

    let diagram = r#"{"boxes":[{"id":1,"label":"Load balancer","x":10,"y":10},{"id":2,"label":"API <service>","x":300,"y":10}],"arrows":[{"from":1,"to":2,"label":""}]}"#;
    let saved = post_body(
        &app,
        "/drills",
        drill_form(&question, &DESIGN_NOTES, diagram),
    )
    .await;
    let result_path = location(&saved);
    assert_eq!(result_path, "/drills/1");
    let result = text_of(app.get(&result_path).await, StatusCode::OK).await;
    assert!(result.contains("data-steps-covered>8 of 8"), "{result}");
    assert!(
        result.contains("2:00 of 15:00"),
        "time per step against its box"
    );
    for label in [
        "Sharding",
        "Caching",
        "Async work",
        "Failure handling",
        "Trade-offs with what was given up",
    ] {
        assert!(
            result.contains(&format!("class=\"present action\" data-check=\"{label}\"")),
            "{label}: {result}"
        );
    }
    assert!(
        result.contains("class=\"missing\" data-check=\"CDN\""),
        "no CDN was named"
    );
    assert!(
        result.contains("API &lt;service&gt;"),
        "the diagram, escaped: {result}"
    );

    let svg = app.get("/drills/1/diagram.svg").await;
    assert_eq!(svg.status(), StatusCode::OK);
    assert!(
        svg.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    let svg = svg.text().await.unwrap();
    assert!(
        svg.contains("API &lt;service&gt;") && svg.contains("<line"),
        "{svg}"
    );

    // The notes are an attempt like any other, with the framework's steps on its feedback page.
    let attempt = text_of(app.get("/attempts/1").await, StatusCode::OK).await;
    assert!(attempt.contains("id=\"steps\""), "{attempt}");
    assert!(attempt.contains("data-step=\"failure_modes\""));
    assert!(
        attempt.contains("<strong>High-level design</strong>"),
        "steps are named as the drill names them"
    );

    // A thin sketch misses steps and says what to add.
    let thin = post_body(
        &app,
        "/drills",
        drill_form(&question, &["", "", "Some servers and a database."], ""),
    )
    .await;
    let thin = text_of(app.get(&location(&thin)).await, StatusCode::OK).await;
    assert!(thin.contains("id=\"missing\""), "{thin}");
    assert!(thin.contains("data-steps-covered>0 of 8"), "{thin}");
    assert!(
        thin.contains("id=\"not-scored\""),
        "too short to score says so: {thin}"
    );
}

#[tokio::test]
async fn a_refused_drill_comes_back_with_everything_typed() {
    let app = spawn_app().await;
    let page = text_of(app.get("/drills/system-design").await, StatusCode::OK).await;
    let question = question_on(&page);
    let refused = post_body(
        &app,
        "/drills",
        drill_form(&question, &["My requirements notes."], "{not json"),
    )
    .await;
    let page = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("the diagram is not readable"), "{page}");
    assert!(page.contains("My requirements notes."));

    let long = "x".repeat(5_001);
    let refused = post_body(&app, "/drills", drill_form(&question, &[&long], "")).await;
    let page = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("notes are longer than 5000"), "{page}");
    let empty = post_body(&app, "/drills", drill_form(&question, &["", " "], "")).await;
    assert!(
        text_of(empty, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("the answer is empty")
    );
    let too_many = post_body(&app, "/drills", drill_form(&question, &["a"; 9], "")).await;
    assert!(
        text_of(too_many, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("notes for 9 steps")
    );
    let wrong = post_body(&app, "/drills", drill_form("beh-failure", &["notes"], "")).await;
    assert!(
        text_of(wrong, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("system-design and case questions")
    );
    assert_eq!(app.get("/drills/1").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/drills/1/diagram.svg").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_case_drill_builds_a_framework_and_judges_the_recommendation() {
    let app = spawn_app().await;
    let page = text_of(app.get("/drills/case").await, StatusCode::OK).await;
    assert!(
        page.contains("data-step=\"recommendation\" data-minutes=\"3\""),
        "{page}"
    );
    assert!(page.contains("name=\"branch\""));
    let question = question_on(&page);
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("question_id", &question);
    for note in [
        "First I would clarify the goal: is it profit or growth, and over what time frame?",
        "",
        "My hypothesis is that costs grew faster than revenue because of shipping.",
        "Revenue is 10 million a year and shipping costs rose from 8% to 14% of revenue, so margin fell by 600 thousand.",
        "I recommend renegotiating the shipping contract, because it explains most of the lost margin.",
    ] {
        form.append_pair("notes", note);
        form.append_pair("seconds", "60");
    }
    form.append_pair("branch", "Revenue: price times volume by segment");
    form.append_pair("branch", "Costs: fixed and variable, shipping first");
    form.append_pair("branch", "");
    let saved = post_body(&app, "/drills", form.finish()).await;
    let result = text_of(app.get(&location(&saved)).await, StatusCode::OK).await;
    assert!(result.contains("Your framework"), "{result}");
    assert!(result.contains("Costs: fixed and variable, shipping first"));
    assert!(
        result.contains("data-steps-covered>5 of 5"),
        "the framework covers structure: {result}"
    );
    assert!(
        !result.contains("id=\"checklist\""),
        "the design checklist is for system design"
    );
}

#[tokio::test]
async fn the_dont_know_drill_asks_past_your_level_and_rewards_reasoning_aloud() {
    let app = spawn_app().await;
    let page = text_of(app.get("/drills/dont-know").await, StatusCode::OK).await;
    assert!(
        page.contains("Medium"),
        "no technical answers yet: medium: {page}"
    );
    let question = question_on(&page);
    let answer = "I'm not sure exactly how that works, but I'd reason from what I do know. I would expect the system to keep an index of the data, because scanning everything would be too slow, and I think it would trade memory for speed. To check, I would look at the documentation and run a small test to measure it.";
    let saved = app
        .post_form(
            "/practice",
            &[("question_id", &question), ("answer", answer)],
        )
        .await;
    let feedback = text_of(app.get(&location(&saved)).await, StatusCode::OK).await;
    assert!(
        feedback.contains("reasoned it through out loud"),
        "{feedback}"
    );
    let another = text_of(
        app.get(&format!("/drills/dont-know?after={question}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!another.contains(&format!("data-question-id=\"{question}\"")));
}

#[tokio::test]
async fn the_estimator_page_shows_units_and_the_reference_tables() {
    let app = spawn_app().await;
    let empty = text_of(app.get("/drills/estimate").await, StatusCode::OK).await;
    assert!(empty.contains("Powers of two") && empty.contains("Latencies"));
    assert!(!empty.contains("id=\"estimate-result\""));
    let page = text_of(
        app.get("/drills/estimate?dau=10,000,000&requests_per_user=20&payload_bytes=500&read_write=4&retention_days=365&peak_factor=3")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("2.3 thousand/s average, 6.9 thousand/s at peak"),
        "{page}"
    );
    assert!(page.contains("20 GB a day, 7.3 TB over 365 days"));
    let bad = app
        .get("/drills/estimate?dau=lots&requests_per_user=2&payload_bytes=1")
        .await;
    assert!(
        text_of(bad, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("daily active users must be a number")
    );
    let bad = app
        .get("/drills/estimate?dau=0&requests_per_user=2&payload_bytes=1")
        .await;
    assert!(
        text_of(bad, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .contains("0 was given")
    );
}

#[tokio::test]
async fn a_configured_model_words_the_follow_up_the_engine_chose() {
    let app = spawn_app().await;
    let base = crate::fake_llm::start().await;
    let configure = |model: &'static str| {
        let app = &app;
        let base = base.clone();
        async move {
            app.client
                .post(app.url("/settings"))
                .form(&[
                    ("provider", format!("openai:{model}")),
                    ("base_url", base),
                    ("api_key", "sk-mock-test-0000".to_owned()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(configure("coach").await.status(), StatusCode::SEE_OTHER);
    let mock = start(
        &app,
        json!({"round": "behavioral", "minutes": 18, "use_llm": true}),
    )
    .await;
    let id = mock["id"].as_i64().unwrap();
    send(&app, id, json!({"type": "skip"})).await;
    send(&app, id, json!({"type": "skip"})).await;
    let step = send(&app, id, json!({"type": "answer", "text": NO_RESULT})).await;
    assert_eq!(step["notice"], Value::Null, "{step}");
    let ask = &step["mock"]["current"];
    assert_eq!(
        ask["text"],
        "So how did the launch end up, and how could you tell it worked?"
    );
    assert_eq!(
        ask["aims_at"], "the result",
        "what is probed stays the engine's"
    );
    let step = send(&app, id, json!({"type": "answer", "text": RESULT})).await;
    assert_eq!(step["mock"]["turns"][3]["follow_up"]["handled"], true);

    // A model that fails leaves the engine's wording, and says so.
    assert_eq!(
        configure("unauthorized").await.status(),
        StatusCode::SEE_OTHER
    );
    let mock = start(
        &app,
        json!({"round": "behavioral", "minutes": 18, "use_llm": true}),
    )
    .await;
    let id = mock["id"].as_i64().unwrap();
    send(&app, id, json!({"type": "skip"})).await;
    send(&app, id, json!({"type": "skip"})).await;
    let step = send(&app, id, json!({"type": "answer", "text": NO_RESULT})).await;
    assert!(
        step["notice"].as_str().unwrap().contains("Rehearse's own"),
        "{step}"
    );
    assert!(
        step["mock"]["current"]["text"]
            .as_str()
            .unwrap()
            .contains("How did it turn out")
    );

    // A job kept offline is not sent to the model.
    let job = app
        .post_json(
            "/api/v1/targets",
            &json!({"posting": crate::targets::POSTING}),
        )
        .await;
    let job = json_of(job).await["id"].as_i64().unwrap();
    assert_eq!(
        error_code(
            app.post_json(
                "/api/v1/mocks",
                &json!({"round": "behavioral", "target_id": job, "use_llm": true})
            )
            .await,
            StatusCode::CONFLICT
        )
        .await,
        "llm_not_allowed"
    );
}
