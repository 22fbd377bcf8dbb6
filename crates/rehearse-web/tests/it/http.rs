//! Every route, success and failure, over a real socket.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{STAR_ANSWER, spawn_app};

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

/// Asserts the JSON error shape and returns the code.
async fn error_code(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "errors are JSON"
    );
    let body = json_of(response).await;
    let message = body["error"]["message"].as_str().expect("message");
    assert!(
        !message.is_empty() && !message.ends_with('.'),
        "message style: {message}"
    );
    body["error"]["code"].as_str().expect("code").to_owned()
}

// ------------------------------------------------------------------ JSON API

#[tokio::test]
async fn analyze_returns_the_contract_shape() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/analyze",
            &json!({"question": "Tell me about a time you fixed a broken process.", "answer": STAR_ANSWER}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let analysis = json_of(response).await;
    assert_eq!(analysis["kind"], "behavioral");
    assert!(analysis["word_count"].as_u64().unwrap() > 80);
    for part in ["situation", "task", "action", "result"] {
        assert_eq!(analysis["star"][part]["present"], true, "{part}");
    }
    assert_eq!(analysis["result_quantified"], true);
    assert!(analysis["scores"]["overall"].is_u64());
    // Every quote is the answer's own text at its offsets.
    for finding in analysis["findings"].as_array().unwrap() {
        let (start, end) = (
            finding["start"].as_u64().unwrap() as usize,
            finding["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(finding["quote"].as_str().unwrap(), &STAR_ANSWER[start..end]);
    }
}

#[tokio::test]
async fn analyze_checks_key_points_given_or_from_the_bank() {
    let app = spawn_app().await;
    let body = json!({
        "question": "How does a database index speed up reads?",
        "kind": "technical",
        "key_points": ["An index is a sorted structure such as a B-tree", "Indexes slow down writes"],
        "answer": "An index keeps a sorted copy of the column in a B-tree structure, so lookups skip the full table scan."
    });
    let analysis = json_of(app.post_json("/api/v1/analyze", &body).await).await;
    assert_eq!(analysis["kind"], "technical");
    let points = analysis["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["covered"], true);
    assert_eq!(points[1]["covered"], false);

    let technical = json_of(app.get("/api/v1/questions?kind=technical").await).await;
    let question = &technical["questions"][0];
    let analysis = json_of(
        app.post_json(
            "/api/v1/analyze",
            &json!({"question_id": question["id"], "answer": "I am not sure."}),
        )
        .await,
    )
    .await;
    assert_eq!(
        analysis["key_points"].as_array().unwrap().len(),
        question["key_points"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn analyze_rejects_bad_input_with_clear_errors() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"question": "Q?", "answer": ""}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_answer",
        ),
        (
            json!({"question": "Q?", "answer": "x".repeat(20_001)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "answer_too_long",
        ),
        (
            json!({"answer": "An answer."}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_question",
        ),
        (
            json!({"question_id": "no-such-id", "answer": "An answer."}),
            StatusCode::NOT_FOUND,
            "question_not_found",
        ),
        (
            json!({"question": "Q?", "answer": "A.", "kind": "coding"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            json!({"question": "Q?", "answr": "typo"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            json!({"question": "Q?", "answer": "A.", "key_points": vec!["p"; 21]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_key_points",
        ),
    ];
    for (body, status, code) in cases {
        assert_eq!(
            error_code(app.post_json("/api/v1/analyze", &body).await, status).await,
            code,
            "{body}"
        );
    }

    let malformed = app
        .client
        .post(app.url("/api/v1/analyze"))
        .header("content-type", "application/json")
        .body("{\"answer\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(malformed, StatusCode::BAD_REQUEST).await,
        "invalid_json"
    );

    let not_json = app
        .client
        .post(app.url("/api/v1/analyze"))
        .body("answer=hello")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
        "unsupported_media_type"
    );

    let huge = json!({"question": "Q?", "answer": "word ".repeat(250_000)});
    assert_eq!(
        error_code(
            app.post_json("/api/v1/analyze", &huge).await,
            StatusCode::PAYLOAD_TOO_LARGE
        )
        .await,
        "payload_too_large"
    );
}

#[tokio::test]
async fn questions_list_filter_and_lookup() {
    let app = spawn_app().await;
    let all = json_of(app.get("/api/v1/questions").await).await;
    let all = all["questions"].as_array().unwrap().clone();
    assert!(all.len() >= 60);
    for field in [
        "id",
        "kind",
        "text",
        "role_families",
        "competencies",
        "key_points",
        "follow_ups",
    ] {
        assert!(all[0].get(field).is_some(), "question field {field}");
    }

    let cases = json_of(app.get("/api/v1/questions?kind=case").await).await;
    let cases = cases["questions"].as_array().unwrap();
    assert!(!cases.is_empty() && cases.len() < all.len());
    assert!(cases.iter().all(|question| question["kind"] == "case"));

    let nursing = json_of(
        app.get("/api/v1/questions?role=healthcare&kind=behavioral")
            .await,
    )
    .await;
    let nursing = nursing["questions"].as_array().unwrap();
    assert!(
        nursing
            .iter()
            .any(|question| question["role_families"] == json!(["healthcare"]))
    );
    assert!(nursing.iter().all(|question| {
        let families = question["role_families"].as_array().unwrap();
        families.is_empty() || families.contains(&json!("healthcare"))
    }));

    let id = all[0]["id"].as_str().unwrap();
    let one = json_of(app.get(&format!("/api/v1/questions/{id}")).await).await;
    assert_eq!(one, all[0]);

    assert_eq!(
        error_code(
            app.get("/api/v1/questions?kind=coding").await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_query"
    );
    assert_eq!(
        error_code(
            app.get("/api/v1/questions/nope").await,
            StatusCode::NOT_FOUND
        )
        .await,
        "question_not_found"
    );
}

#[tokio::test]
async fn attempts_are_created_listed_and_read_back() {
    let app = spawn_app().await;
    let questions = json_of(app.get("/api/v1/questions?kind=behavioral").await).await;
    let question_id = questions["questions"][0]["id"].as_str().unwrap().to_owned();

    let empty = json_of(app.get("/api/v1/attempts").await).await;
    assert_eq!(empty, json!({"attempts": [], "next": null}));

    let response = app
        .post_json(
            "/api/v1/attempts",
            &json!({"question_id": question_id, "answer": STAR_ANSWER, "duration_seconds": 101}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let created = json_of(response).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/attempts/{id}"));
    assert_eq!(created["question_id"], question_id.as_str());
    assert_eq!(created["created_at"], "2026-11-29T09:30:00Z");
    assert_eq!(created["duration_seconds"], 101);
    assert!(created["analysis"]["scores"]["overall"].is_u64());

    let list = json_of(app.get("/api/v1/attempts").await).await;
    let rows = list["attempts"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], id);
    assert_eq!(rows[0]["question_id"], question_id.as_str());
    assert_eq!(rows[0]["created_at"], "2026-11-29T09:30:00Z");
    assert_eq!(rows[0]["score"], created["analysis"]["scores"]["overall"]);

    let read = json_of(app.get(&location).await).await;
    assert_eq!(read, created);
}

#[tokio::test]
async fn attempts_reject_bad_input_and_save_nothing() {
    let app = spawn_app().await;
    let questions = json_of(app.get("/api/v1/questions").await).await;
    let question_id = questions["questions"][0]["id"].as_str().unwrap().to_owned();
    let cases = [
        (
            json!({"question_id": question_id, "answer": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_answer",
        ),
        (
            json!({"question_id": question_id, "answer": "é".repeat(20_001)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "answer_too_long",
        ),
        (
            json!({"question_id": "nope", "answer": STAR_ANSWER}),
            StatusCode::NOT_FOUND,
            "question_not_found",
        ),
        (
            json!({"question_id": question_id, "answer": STAR_ANSWER, "duration_seconds": -5}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            json!({"question_id": question_id, "answer": STAR_ANSWER, "duration_seconds": 99_999}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "duration_too_long",
        ),
        (
            json!({"answer": STAR_ANSWER}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
    ];
    for (body, status, code) in cases {
        assert_eq!(
            error_code(app.post_json("/api/v1/attempts", &body).await, status).await,
            code,
            "{body}"
        );
    }
    assert_eq!(
        json_of(app.get("/api/v1/attempts").await).await,
        json!({"attempts": [], "next": null})
    );

    for missing in [
        "/api/v1/attempts/999",
        "/api/v1/attempts/abc",
        "/api/v1/attempts/-1",
    ] {
        assert_eq!(
            error_code(app.get(missing).await, StatusCode::NOT_FOUND).await,
            "attempt_not_found",
            "{missing}"
        );
    }
}

#[tokio::test]
async fn unknown_api_routes_and_methods_get_json_errors() {
    let app = spawn_app().await;
    assert_eq!(
        error_code(app.get("/api/v1/nothing-here").await, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    assert_eq!(
        error_code(app.get("/api/v2/attempts").await, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    let delete = app
        .client
        .delete(app.url("/api/v1/attempts"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(delete, StatusCode::METHOD_NOT_ALLOWED).await,
        "method_not_allowed"
    );
}

#[tokio::test]
async fn openapi_document_lists_every_api_route() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let document = json_of(response).await;
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/analyze", "post"),
        ("/api/v1/questions", "get"),
        ("/api/v1/questions/{id}", "get"),
        ("/api/v1/attempts", "post"),
        ("/api/v1/attempts", "get"),
        ("/api/v1/attempts/{id}", "get"),
        ("/api/v1/question-sets", "post"),
        ("/api/v1/targets", "post"),
        ("/api/v1/targets", "get"),
        ("/api/v1/targets/{id}", "get"),
        ("/api/v1/stories", "get"),
        ("/api/v1/stories", "post"),
        ("/api/v1/stories/{id}", "get"),
        ("/api/v1/stories/{id}", "put"),
        ("/api/v1/stories/{id}", "delete"),
        ("/api/v1/stories/import", "post"),
        ("/api/v1/stories/coverage", "get"),
        ("/api/v1/stories/match", "get"),
        ("/api/v1/stories/review", "post"),
        ("/api/v1/llm", "get"),
        ("/api/v1/attempts/{id}/coach", "post"),
        ("/api/v1/targets/{id}/llm", "post"),
        ("/api/v1/targets/{id}/llm-preview", "get"),
        ("/api/v1/targets/{id}/llm-questions", "post"),
        ("/api/v1/plans", "get"),
        ("/api/v1/plans/tasks/{id}", "put"),
        ("/api/v1/progress", "get"),
        ("/api/v1/reviews/due", "get"),
        ("/api/v1/targets/{id}/interviews", "put"),
        ("/api/v1/targets/{id}/debriefs", "get"),
        ("/api/v1/targets/{id}/debriefs", "post"),
        ("/api/v1/mocks", "post"),
        ("/api/v1/mocks", "get"),
        ("/api/v1/mocks/{id}", "get"),
        ("/api/v1/mocks/{id}/events", "post"),
        ("/api/v1/estimate", "get"),
        ("/api/v1/recordings", "post"),
        ("/api/v1/recordings/{id}", "get"),
        ("/api/v1/recordings/{id}/transcribe", "post"),
        ("/api/v1/recordings/{id}/audio", "get"),
        ("/api/v1/recordings/{id}/audio", "delete"),
        ("/api/v1/speech", "get"),
        ("/api/v1/openapi.json", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|item| item.get(method)).is_some(),
            "{method} {path} is documented"
        );
    }
    // Every documented path is routed: whatever it answers, it is not the fallback's "not_found".
    for path in paths.keys() {
        let concrete = path.replace("{id}", "1").replace("{part}", "note");
        let response = if paths[path].get("get").is_some() {
            app.get(&concrete).await
        } else {
            app.post_json(&concrete, &json!({})).await
        };
        if response.status() == StatusCode::NOT_FOUND {
            let body = json_of(response).await;
            assert_ne!(body["error"]["code"], "not_found", "{path} is routed");
        }
    }
}

// ------------------------------------------------------------------ pages

async fn page(app: &crate::harness::TestApp, path: &str, status: StatusCode) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "{path}");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{path} is HTML"
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn pages_render() {
    let app = spawn_app().await;
    let home = page(&app, "/", StatusCode::OK).await;
    assert!(home.contains("Practise a question"));
    assert!(home.contains("No answers yet"));

    let practice = page(&app, "/practice", StatusCode::OK).await;
    assert!(practice.contains("name=\"answer\""));
    assert!(practice.contains("data-timer"));

    let technical = page(
        &app,
        "/practice?kind=technical&role=data-science",
        StatusCode::OK,
    )
    .await;
    assert!(technical.contains("<option value=\"technical\" selected>"));
    assert!(technical.contains("<option value=\"data-science\" selected>"));

    // A hand-edited filter shows every question rather than an error.
    assert!(
        page(&app, "/practice?kind=bogus", StatusCode::OK)
            .await
            .contains("name=\"answer\"")
    );
    // A pinned question that does not exist is a 404 page.
    assert!(
        page(&app, "/practice?question=nope", StatusCode::NOT_FOUND)
            .await
            .contains("no question with id")
    );

    let history = page(&app, "/attempts", StatusCode::OK).await;
    assert!(history.contains("No answers yet"));

    assert!(
        page(&app, "/attempts/12345", StatusCode::NOT_FOUND)
            .await
            .contains("no attempt with id 12345")
    );
    assert!(
        page(&app, "/attempts/abc", StatusCode::NOT_FOUND)
            .await
            .contains("Not Found")
    );
    assert!(
        page(&app, "/no/such/page", StatusCode::NOT_FOUND)
            .await
            .contains("nothing at this address")
    );
}

#[tokio::test]
async fn practice_form_saves_and_shows_feedback() {
    let app = spawn_app().await;
    let practice = page(&app, "/practice?kind=behavioral", StatusCode::OK).await;
    let question_id = practice
        .split("name=\"question_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("question id in the form")
        .to_owned();

    let response = app
        .client
        .post(app.url("/practice"))
        .form(&[
            ("question_id", question_id.as_str()),
            ("answer", STAR_ANSWER),
            ("duration_seconds", "97"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/attempts/"), "{location}");

    let feedback = page(&app, &location, StatusCode::OK).await;
    assert!(feedback.contains("STAR structure"));
    assert!(feedback.contains("class=\"piece situation\""));
    assert!(feedback.contains("class=\"piece result\""));
    assert!(feedback.contains("data-word-count>"));
    assert!(feedback.contains("1:37"), "the time the user took");

    let history = page(&app, "/attempts", StatusCode::OK).await;
    assert!(history.contains(&format!("href=\"{location}\"")));
    let home = page(&app, "/", StatusCode::OK).await;
    assert!(home.contains(&format!("href=\"{location}\"")));
}

/// A result with no number is there but weak: the STAR bar must not tick it.
#[tokio::test]
async fn the_star_bar_shows_a_part_a_finding_calls_weak() {
    let app = spawn_app().await;
    let unmeasured = "Last year I worked as a support lead at a software company, and our biggest customer threatened to leave after a bad outage. My job was to win back their trust before the renewal. I called their operations manager the same afternoon and listened to everything that had gone wrong. I wrote a plain account of the cause and the fix, and I sent it to her the next morning. I set up a weekly call with their team and I personally reviewed every ticket they opened. In the end they renewed the contract and their manager thanked our team in the review.";
    let response = app
        .client
        .post(app.url("/practice"))
        .form(&[
            ("question_id", "beh-g-challenge-rebuild-trust"),
            ("answer", unmeasured),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let feedback = page(&app, &location, StatusCode::OK).await;
    assert!(
        feedback.contains("class=\"result present weak\""),
        "{feedback}"
    );
    assert!(feedback.contains("weak: no number to weigh it by"));
    assert!(feedback.contains("class=\"action present\""));

    // A measured result is ticked.
    let response = app
        .client
        .post(app.url("/practice"))
        .form(&[
            ("question_id", "beh-proudest-achievement"),
            ("answer", STAR_ANSWER),
        ])
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let feedback = page(&app, &location, StatusCode::OK).await;
    assert!(feedback.contains("class=\"result present\""), "{feedback}");
    assert!(!feedback.contains("weak:"));
}

#[tokio::test]
async fn practice_form_keeps_the_answer_when_it_is_refused() {
    let app = spawn_app().await;
    let questions = json_of(app.get("/api/v1/questions").await).await;
    let question_id = questions["questions"][0]["id"].as_str().unwrap().to_owned();

    let too_long = format!("My <b>answer</b> & more {}", "word ".repeat(5_000));
    let response = app
        .client
        .post(app.url("/practice"))
        .form(&[
            ("question_id", question_id.as_str()),
            ("answer", too_long.as_str()),
            ("duration_seconds", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert!(body.contains("the limit is 20000"), "says why");
    assert!(
        body.contains("My &#60;b&#62;answer&#60;/b&#62; &#38; more word word"),
        "keeps the answer, escaped"
    );

    let empty = app
        .client
        .post(app.url("/practice"))
        .form(&[("question_id", question_id.as_str()), ("answer", "   ")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text().await.unwrap().contains("the answer is empty"));

    let bad_form = app
        .client
        .post(app.url("/practice"))
        .form(&[("answer", "no question id")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_form.status(), StatusCode::BAD_REQUEST);

    assert_eq!(
        json_of(app.get("/api/v1/attempts").await).await,
        json!({"attempts": [], "next": null}),
        "nothing saved"
    );
}

#[tokio::test]
async fn static_assets_are_served() {
    let app = spawn_app().await;
    for (path, content_type) in [
        ("/static/app.css", "text/css"),
        ("/static/app.js", "text/javascript"),
        ("/static/icon.svg", "image/svg+xml"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(content_type)
        );
    }
    assert_eq!(
        app.get("/static/nope.js").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_keeps_every_acknowledged_attempt() {
    let mut app = spawn_app().await;
    let questions = json_of(app.get("/api/v1/questions").await).await;
    let question_id = questions["questions"][0]["id"].as_str().unwrap().to_owned();

    let mut requests = Vec::new();
    for index in 0..20 {
        let client = app.client.clone();
        let url = app.url("/api/v1/attempts");
        let body = json!({"question_id": question_id, "answer": format!("{STAR_ANSWER} Attempt {index}.")});
        requests.push(tokio::spawn(async move {
            client.post(url).json(&body).send().await
        }));
        if index == 10 {
            // Let the first requests get going, then stop while later ones are in flight.
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            app.signal_stop();
        }
    }
    let mut acknowledged = Vec::new();
    for request in requests {
        if let Ok(Ok(response)) = request.await
            && response.status() == StatusCode::CREATED
        {
            acknowledged.push(json_of(response).await["id"].as_i64().unwrap());
        }
    }
    app.stop().await;
    assert!(!acknowledged.is_empty());

    let store = rehearse_store::SqliteStore::open(app.db_path.to_str().unwrap())
        .await
        .unwrap();
    use rehearse_store::Store as _;
    for id in acknowledged {
        assert!(
            store
                .attempt(rehearse_core::UserId::LOCAL, rehearse_core::AttemptId(id))
                .await
                .is_ok(),
            "acknowledged attempt {id} was kept"
        );
    }
}

#[tokio::test]
async fn a_garbled_or_huge_timer_value_loses_only_the_duration() {
    let app = spawn_app().await;
    let questions = json_of(app.get("/api/v1/questions").await).await;
    let question_id = questions["questions"][0]["id"].as_str().unwrap().to_owned();
    for duration in ["999999", "NaN", "-3", "abc"] {
        let response = app
            .client
            .post(app.url("/practice"))
            .form(&[
                ("question_id", question_id.as_str()),
                ("answer", STAR_ANSWER),
                ("duration_seconds", duration),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{duration}");
        let location = response.headers()["location"]
            .to_str()
            .unwrap()
            .replace("/attempts/", "/api/v1/attempts/");
        let attempt = json_of(app.get(&location).await).await;
        assert_eq!(attempt["duration_seconds"], Value::Null, "{duration}");
        assert_eq!(attempt["answer"], STAR_ANSWER);
    }
}

/// The limits the OpenAPI document states are the code's own: a change to one without the other
/// fails here (schemathesis, in `scripts/api-contract`, then checks the server keeps them).
#[tokio::test]
async fn openapi_limits_are_the_codes_limits() {
    use rehearse_core::limits::{MAX_ANSWER_CHARS, MAX_QUESTION_CHARS};
    use rehearse_core::story_bank::{
        MAX_COMPETENCIES, MAX_ITEM_CHARS, MAX_LIST_ITEMS, MAX_TITLE_CHARS, PART_LIMITS,
    };
    let app = spawn_app().await;
    let document = json_of(app.get("/api/v1/openapi.json").await).await;
    let schemas = &document["components"]["schemas"];
    let story = &schemas["StoryFields"]["properties"];
    for &(part, limit) in PART_LIMITS {
        assert_eq!(story[part]["maxLength"], json!(limit), "{part}");
    }
    assert_eq!(story["title"]["maxLength"], json!(MAX_TITLE_CHARS));
    assert_eq!(story["competencies"]["maxItems"], json!(MAX_COMPETENCIES));
    assert_eq!(story["metrics"]["maxItems"], json!(MAX_LIST_ITEMS));
    assert_eq!(
        story["metrics"]["items"]["maxLength"],
        json!(MAX_ITEM_CHARS)
    );
    let names: Vec<&str> = rehearse_core::analysis::competency_names().collect();
    assert_eq!(story["competencies"]["items"]["enum"], json!(names));
    assert_eq!(
        schemas["AnalyzeRequest"]["properties"]["answer"]["maxLength"],
        json!(MAX_ANSWER_CHARS)
    );
    assert_eq!(
        schemas["AnalyzeRequest"]["properties"]["question"]["maxLength"],
        json!(MAX_QUESTION_CHARS)
    );
    // "Not only spaces" is written out as exactly the characters Rust calls whitespace, so that
    // every regex dialect reads it alike.
    let pattern = schemas["NewAttempt"]["properties"]["answer"]["pattern"]
        .as_str()
        .unwrap();
    let class: Vec<char> = pattern
        .trim_start_matches("[^")
        .trim_end_matches(']')
        .chars()
        .collect();
    let mut listed = std::collections::BTreeSet::new();
    let mut index = 0;
    while index < class.len() {
        if index + 2 < class.len() && class[index + 1] == '-' {
            listed.extend(class[index]..=class[index + 2]);
            index += 3;
        } else {
            listed.insert(class[index]);
            index += 1;
        }
    }
    let whitespace: std::collections::BTreeSet<char> = (char::MIN..=char::MAX)
        .filter(|c| c.is_whitespace())
        .collect();
    assert_eq!(listed, whitespace);
}

#[tokio::test]
async fn history_comes_a_page_at_a_time() {
    let app = spawn_app().await;
    let questions = json_of(app.get("/api/v1/questions?kind=behavioral").await).await;
    let question = questions["questions"][0]["id"].clone();
    for _ in 0..53 {
        let response = app
            .post_json(
                "/api/v1/attempts",
                &json!({"question_id": question, "answer": STAR_ANSWER}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    // The API: 50 by default, newest first, and a link to the rest.
    let first = json_of(app.get("/api/v1/attempts").await).await;
    let ids: Vec<i64> = first["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|attempt| attempt["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 50);
    assert_eq!(ids[0], 53);
    assert_eq!(first["next"], "/api/v1/attempts?limit=50&after=4");
    let rest = json_of(app.get(first["next"].as_str().unwrap()).await).await;
    let rest_ids: Vec<i64> = rest["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|attempt| attempt["id"].as_i64().unwrap())
        .collect();
    assert_eq!(rest_ids, [3, 2, 1]);
    assert!(rest["next"].is_null());
    let small = json_of(app.get("/api/v1/attempts?limit=2&after=10").await).await;
    assert_eq!(small["attempts"][0]["id"], 9);
    assert_eq!(small["next"], "/api/v1/attempts?limit=2&after=8");
    for bad in ["limit=0", "limit=201", "after=0", "after=abc", "page=2"] {
        assert_eq!(
            error_code(
                app.get(&format!("/api/v1/attempts?{bad}")).await,
                StatusCode::BAD_REQUEST
            )
            .await,
            "invalid_query",
            "{bad}"
        );
    }
    // The page: 50 rows, a link to older answers, and from there back to the newest.
    let page = app.get("/attempts").await.text().await.unwrap();
    assert_eq!(page.matches("<a href=\"/attempts/").count(), 50);
    assert!(
        page.contains("href=\"/attempts?after=4\" rel=\"next\""),
        "{page}"
    );
    let older = app.get("/attempts?after=4").await.text().await.unwrap();
    assert_eq!(older.matches("<a href=\"/attempts/").count(), 3);
    assert!(older.contains("Newest answers"));
    assert!(!older.contains("rel=\"next\""));
    // A stale or hand-edited cursor shows the first page rather than an error.
    let odd = app.get("/attempts?after=nonsense").await;
    assert_eq!(odd.status(), StatusCode::OK);
    // The home page counts them all and shows five.
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("53"), "the total is on the home page");
}

#[tokio::test]
async fn jobs_and_mock_interviews_come_a_page_at_a_time() {
    let app = spawn_app().await;
    for n in 0..52 {
        let response = app
            .post_json(
                "/api/v1/targets",
                &json!({"posting": format!("Data Analyst {n}\nAcme\n\nWe need SQL and Python for reporting.")}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let first = json_of(app.get("/api/v1/targets").await).await;
    assert_eq!(first["targets"].as_array().unwrap().len(), 50);
    assert_eq!(first["next"], "/api/v1/targets?limit=50&after=3");
    let rest = json_of(app.get("/api/v1/targets?after=3").await).await;
    assert_eq!(rest["targets"].as_array().unwrap().len(), 2);
    assert!(rest["next"].is_null());
    let page = app.get("/targets").await.text().await.unwrap();
    assert!(
        page.contains("href=\"/targets?after=3\" rel=\"next\""),
        "{page}"
    );
    let older = app.get("/targets?after=3").await.text().await.unwrap();
    assert!(older.contains("Newest jobs"));
    assert_eq!(older.matches("<a href=\"/targets/").count(), 2);

    for _ in 0..3 {
        let response = app
            .post_json(
                "/api/v1/mocks",
                &json!({"round": "behavioral", "minutes": 10}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let mocks = json_of(app.get("/api/v1/mocks?limit=2").await).await;
    assert_eq!(mocks["mocks"].as_array().unwrap().len(), 2);
    assert_eq!(mocks["next"], "/api/v1/mocks?limit=2&after=2");
    let last = json_of(app.get("/api/v1/mocks?limit=2&after=2").await).await;
    assert_eq!(last["mocks"][0]["id"], 1);
    assert!(last["next"].is_null());
    assert_eq!(
        error_code(
            app.get("/api/v1/mocks?limit=0").await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_query"
    );
    let setup = app.get("/mock?after=2").await.text().await.unwrap();
    assert!(setup.contains("Newest mock interviews"), "{setup}");
}
