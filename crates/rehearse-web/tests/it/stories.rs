//! The story bank over a real socket: the pages and their forms, and the JSON API.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::harness::{STAR_ANSWER, TestApp, spawn_app};

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn error_code(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    json_of(response).await["error"]["code"]
        .as_str()
        .expect("code")
        .to_owned()
}

fn conflict() -> Value {
    json!({
        "title": "The overwritten sales report",
        "situation": "Priya and I kept overwriting each other's numbers in the weekly report.",
        "task": "I had to end the friction before it reached our managers.",
        "action": "I asked her for coffee, listened, and found we defined an active customer differently. I suggested we write one definition together.",
        "result": "The tension ended and report errors fell by 40%.",
        "competencies": ["conflict", "teamwork"]
    })
}

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn stories_api_creates_reads_updates_and_deletes() {
    let app = spawn_app().await;
    let response = app.post_json("/api/v1/stories", &conflict()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let story = json_of(response).await;
    assert_eq!(location, format!("/api/v1/stories/{}", story["id"]));
    assert_eq!(story["competencies"], json!(["conflict", "teamwork"]));

    let shown = json_of(app.get(&location).await).await;
    assert_eq!(shown["title"], "The overwritten sales report");
    assert!(
        shown["suggested_competencies"]
            .as_array()
            .unwrap()
            .contains(&json!("conflict"))
    );

    let mut changed = conflict();
    changed["reflection"] = json!("Agree the words before the numbers.");
    let updated = app
        .client
        .put(app.url(&location))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(
        json_of(updated).await["reflection"],
        "Agree the words before the numbers."
    );

    let list = json_of(app.get("/api/v1/stories").await).await;
    assert_eq!(list["stories"].as_array().unwrap().len(), 1);

    // Bad input: clear codes, nothing saved.
    for (body, status, code) in [
        (
            json!({"title": "", "action": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_title",
        ),
        (
            json!({"title": "T"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_action",
        ),
        (
            json!({"title": "T", "action": "x".repeat(102_400)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "part_too_long",
        ),
        (
            json!({"title": "T", "action": "x", "colour": "blue"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            json!({"title": "T", "action": "x", "competencies": ["juggling"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_competency",
        ),
    ] {
        let response = app.post_json("/api/v1/stories", &body).await;
        assert_eq!(error_code(response, status).await, code);
    }
    assert_eq!(
        json_of(app.get("/api/v1/stories").await).await["stories"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let deleted = app.client.delete(app.url(&location)).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        error_code(app.get(&location).await, StatusCode::NOT_FOUND).await,
        "story_not_found"
    );
    assert_eq!(
        error_code(app.get("/api/v1/stories/abc").await, StatusCode::NOT_FOUND).await,
        "story_not_found"
    );
}

#[tokio::test]
async fn match_coverage_review_import_and_export_follow_the_contract() {
    let app = spawn_app().await;
    app.post_json("/api/v1/stories", &conflict()).await;
    let failure = json!({
        "title": "The migration I broke",
        "action": "I ran a migration without a tested rollback. When orders failed I told my lead and restored the backup myself.",
        "result": "Orders were back within 40 minutes.",
        "competencies": ["failure"]
    });
    app.post_json("/api/v1/stories", &failure).await;

    let matches = json_of(
        app.get("/api/v1/stories/match?question=Tell%20me%20about%20a%20time%20you%20failed")
            .await,
    )
    .await;
    let first = &matches["matches"][0];
    assert_eq!(first["title"], "The migration I broke");
    assert_eq!(first["fit"], "strong");
    for field in ["id", "title", "fit", "reason"] {
        assert!(!first[field].is_null(), "{field}");
    }
    let by_id = json_of(
        app.get("/api/v1/stories/match?question_id=beh-conflict-coworker")
            .await,
    )
    .await;
    assert_eq!(by_id["matches"][0]["title"], "The overwritten sales report");
    assert_eq!(
        error_code(
            app.get("/api/v1/stories/match").await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "invalid_request"
    );

    let coverage = json_of(app.get("/api/v1/stories/coverage").await).await;
    assert_eq!(coverage["count"], 2);
    assert!(
        coverage["gaps"]
            .as_array()
            .unwrap()
            .contains(&json!("learning"))
    );
    let conflict_row = coverage["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["name"] == "conflict")
        .unwrap();
    assert_eq!(
        conflict_row["stories"],
        json!(["The overwritten sales report"])
    );

    let review = json_of(
        app.post_json(
            "/api/v1/stories/review",
            &json!({"title": "", "situation": "We had a project. It was big. It was late.", "action": "We met and we planned.", "result": "It went well."}),
        )
        .await,
    )
    .await;
    let parts: Vec<&str> = review["nudges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["part"].as_str().unwrap())
        .collect();
    assert!(
        parts.contains(&"situation") && parts.contains(&"result"),
        "{review}"
    );
    assert!(review["speaking_seconds"].as_f64().unwrap() > 0.0);
    assert_eq!(
        review["analysis"]["kind"], "behavioral",
        "the engine's analysis of the telling"
    );
    assert!(review["analysis"]["findings"].is_array());

    // Export, then import the export back: two more stories.
    let exported = app.get("/api/v1/stories/export").await;
    assert!(
        exported.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    let markdown = exported.text().await.unwrap();
    let imported = app
        .client
        .post(app.url("/api/v1/stories/import"))
        .header("content-type", "text/markdown")
        .body(markdown)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), StatusCode::CREATED);
    assert_eq!(
        json_of(imported).await["stories"].as_array().unwrap().len(),
        2
    );
    let broken = app
        .client
        .post(app.url("/api/v1/stories/import"))
        .header("content-type", "text/markdown")
        .body("# Only a title\n")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(broken, StatusCode::UNPROCESSABLE_ENTITY).await,
        "import_failed"
    );
    let wrong_type = app
        .client
        .post(app.url("/api/v1/stories/import"))
        .header("content-type", "image/png")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(wrong_type, StatusCode::UNSUPPORTED_MEDIA_TYPE).await,
        "unsupported_media_type"
    );
    assert_eq!(
        json_of(app.get("/api/v1/stories").await).await["stories"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let pdf = app.get("/api/v1/stories/cheat-sheet.pdf").await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-1.4"));
}

#[tokio::test]
async fn the_builder_form_saves_and_keeps_everything_when_refused() {
    let app = spawn_app().await;
    let new = app.get("/stories/new").await.text().await.unwrap();
    assert!(new.contains("data-step=\"action\""));
    assert!(new.contains("The heart of the story"));

    // Refused (no action): the page comes back with every field, escaped.
    let refused = post_form(
        &app,
        "/stories",
        &[
            ("title", "<b>Bold</b> & brave"),
            ("situation", "It was <script>late</script>."),
            ("competency", "conflict"),
            ("competency", "failure"),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.unwrap();
    assert!(body.contains("the story has no action"), "says why");
    assert!(
        body.contains("value=\"&#60;b&#62;Bold&#60;/b&#62; &#38; brave\""),
        "keeps the title, escaped"
    );
    assert!(
        body.contains("It was &#60;script&#62;late&#60;/script&#62;."),
        "keeps the situation, escaped"
    );
    assert!(
        body.contains("value=\"conflict\" checked"),
        "keeps the ticks"
    );
    assert!(body.contains("value=\"failure\" checked"));

    let saved = post_form(
        &app,
        "/stories",
        &[
            ("title", "The migration I broke"),
            (
                "action",
                "I ran a migration without a rollback and restored the backup myself.",
            ),
            ("result", "Orders were back within 40 minutes."),
            ("competency", "failure"),
            ("competency", "ownership"),
            ("metrics", ""),
            ("when", "spring 2024"),
            ("forbidden_claims", "I led the team\n\n"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("<h1>The migration I broke</h1>"));
    assert!(page.contains("spring 2024"));
    assert!(page.contains("A failure and its lesson"));
    assert!(
        page.contains("<strong>40 minutes</strong>"),
        "the number to confirm"
    );

    // Confirm the number: it joins the metrics and counts as true.
    let confirmed = post_form(
        &app,
        &format!("{location}/confirm"),
        &[("metric", "40 minutes")],
    )
    .await;
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("confirmed by you"), "{page}");

    // Edit, then delete.
    let edit = app
        .get(&format!("{location}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(edit.contains("value=\"failure\" checked"));
    assert!(
        edit.contains(">40 minutes</textarea>"),
        "metrics one per line"
    );
    let updated = post_form(
        &app,
        &location,
        &[
            ("title", "The migration I broke"),
            ("action", "I restored the backup."),
            ("competency", "failure"),
        ],
    )
    .await;
    assert_eq!(updated.status(), StatusCode::SEE_OTHER);
    let deleted = post_form(&app, &format!("{location}/delete"), &[]).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert_eq!(deleted.headers()["location"], "/stories?notice=deleted");
    assert_eq!(app.get(&location).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_bank_page_imports_shows_coverage_and_the_cheat_sheet() {
    let app = spawn_app().await;
    let empty = app.get("/stories").await.text().await.unwrap();
    assert!(empty.contains("No stories yet"));

    let markdown = "# The overwritten sales report\n\n- Competencies: conflict resolution, Medical billing\n\n## Action\n\nI listened to Priya.\n\n## Result\n\nErrors fell by 40%.\n";
    let form = Form::new().part(
        "file",
        Part::bytes(markdown.as_bytes().to_vec()).file_name("stories.md"),
    );
    let imported = app
        .client
        .post(app.url("/stories/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        imported.headers()["location"],
        "/stories?notice=imported-1-1-1"
    );
    let page = app
        .get("/stories?notice=imported-1-1-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(
            "Imported 1 story. 1 competency was matched to ours. 1 tag not ours kept as your own"
        ),
        "{page}"
    );

    let broken = Form::new().part(
        "file",
        Part::bytes(b"# Half\n## Outcome\nx\n".to_vec()).file_name("broken.md"),
    );
    let refused = app
        .client
        .post(app.url("/stories/import"))
        .multipart(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("nothing was imported from broken.md"),
        "{body}"
    );
    assert!(body.contains("line 2"), "names the line");

    let page = app
        .get("/stories?notice=imported-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Imported 1 story."));
    assert!(page.contains("1 of 7–10 stories"));
    assert!(page.contains("No story for a failure and its lesson."));
    assert!(page.contains(">The overwritten sales report</a>"));

    // Markup in a story is text wherever it is shown.
    let script = json_of(
        app.post_json(
            "/api/v1/stories",
            &json!({"title": "<script>alert(1)</script>", "action": "I wrote <b>bold</b> & <img src=x onerror=alert(1)>."}),
        )
        .await,
    )
    .await;
    for path in [
        format!("/stories/{}", script["id"]),
        "/stories".to_owned(),
        "/stories/cheat-sheet".to_owned(),
    ] {
        let page = app.get(&path).await.text().await.unwrap();
        assert!(!page.contains("<script>alert(1)</script>"), "{path}");
        assert!(
            page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{path}"
        );
        assert!(!page.contains("<img src=x"), "{path}");
    }

    let sheet = app.get("/stories/cheat-sheet").await.text().await.unwrap();
    assert!(sheet.contains("<h2>The overwritten sales report</h2>"));
    assert!(sheet.contains("Errors fell by 40%."));
    let pdf = app.get("/stories/cheat-sheet.pdf").await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let export = app.get("/stories/export.md").await;
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("stories.md")
    );
    assert!(
        export
            .text()
            .await
            .unwrap()
            .starts_with("# The overwritten sales report")
    );

    let matched = app
        .get("/stories/match?question=Tell+me+about+a+conflict+with+a+coworker")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        matched.contains("class=\"fit workable\""),
        "tagged conflict, too short to show it: {matched}"
    );
    assert!(matched.contains("You tagged it conflict, which this question asks about."));
}

#[tokio::test]
async fn practising_with_a_story_prefills_its_outline_and_links_the_answer() {
    let app = spawn_app().await;
    let story = json_of(app.post_json("/api/v1/stories", &conflict()).await).await;
    let id = story["id"].as_i64().unwrap().to_string();
    let page = app
        .get(&format!(
            "/practice?question=beh-conflict-coworker&story={id}"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Answer with one of your stories"));
    assert!(
        page.contains("strong · The overwritten sales report"),
        "{page}"
    );
    assert!(
        page.contains("Situation: Priya and I kept overwriting"),
        "the outline fills the answer"
    );
    assert!(page.contains(&format!("name=\"story_id\" value=\"{id}\"")));

    for round in 1..=3 {
        let saved = post_form(
            &app,
            "/practice",
            &[
                ("question_id", "beh-conflict-coworker"),
                ("story_id", &id),
                ("answer", STAR_ANSWER),
            ],
        )
        .await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let feedback = app
            .get(saved.headers()["location"].to_str().unwrap())
            .await
            .text()
            .await
            .unwrap();
        assert!(feedback.contains("told from your story"), "{round}");
        assert_eq!(
            feedback.contains("id=\"story-warning\""),
            round == 3,
            "warned on the third telling only ({round})"
        );
    }
    let attempts = json_of(app.get("/api/v1/attempts").await).await;
    let first = attempts["attempts"][0]["id"].as_i64().unwrap();
    let attempt = json_of(app.get(&format!("/api/v1/attempts/{first}")).await).await;
    assert_eq!(attempt["story_id"].as_i64().unwrap().to_string(), id);
}
