//! The run-up to the interview over HTTP: the plan page and API, the calendar file, the review
//! queue on the home page, the dashboard, research, the interview-day checklist, the salary
//! helper and debriefs, with their bad-input answers.

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{STAR_ANSWER, TestApp, TestClock, spawn_app, spawn_app_with_clock};
use crate::targets::POSTING;

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn text_of(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    response.text().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn error_code(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    json_of(response).await["error"]["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Saves the posting as job 1.
async fn job(app: &TestApp) -> i64 {
    let response = app
        .post_json("/api/v1/targets", &json!({ "posting": POSTING }))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    json_of(response).await["id"].as_i64().unwrap()
}

fn tasks(plan: &Value) -> Vec<Value> {
    plan["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|day| day["tasks"].as_array().unwrap().clone())
        .collect()
}

#[tokio::test]
async fn the_plan_page_takes_dates_hours_and_check_offs() {
    let app = spawn_app().await;
    let page = text_of(app.get("/plan").await, StatusCode::OK).await;
    assert!(page.contains("Add the job you are preparing for"), "{page}");

    let id = job(&app).await;
    let page = text_of(app.get("/plan").await, StatusCode::OK).await;
    assert!(page.contains("Give an interview date"), "{page}");
    let response = app
        .post_form(
            &format!("/targets/{id}/interviews"),
            &[
                ("date", "2026-12-08"),
                ("label", "onsite"),
                ("date", ""),
                ("label", ""),
                ("back", "/plan"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/plan");
    let page = text_of(app.get("/plan").await, StatusCode::OK).await;
    assert!(page.contains("next interview in 9 days (onsite)"), "{page}");
    assert!(page.contains("Today, Sun 29 Nov 2026"), "{page}");
    assert!(page.contains("split the guide's way"));
    assert!(page.contains("Research Brightwater Logistics"), "{page}");

    // The API gives the same plan; a task checked off there shows as done on the page.
    let plan = json_of(app.get("/api/v1/plans").await).await;
    assert!(plan["total_hours"].as_f64().unwrap() > 0.0);
    // A story task opens the builder with its category ticked.
    let story_task = tasks(&plan)
        .into_iter()
        .find(|task| task["link"] == "/stories/new?competency=challenge")
        .expect("a story task for a bank with no stories");
    let builder = text_of(
        app.get(story_task["link"].as_str().unwrap()).await,
        StatusCode::OK,
    )
    .await;
    assert!(builder.contains("value=\"challenge\" checked"), "{builder}");
    let first = tasks(&plan)[0]["id"].as_str().unwrap().to_owned();
    let response = app
        .put_json(
            &format!("/api/v1/plans/tasks/{first}"),
            &json!({ "done": true }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let page = text_of(app.get("/plan").await, StatusCode::OK).await;
    assert!(page.contains("Done (1)"), "{page}");
    let response = app
        .post_form(
            "/plan/tasks",
            &[("task", &first), ("done", "0"), ("back", "/")],
        )
        .await;
    assert_eq!(location(&response), "/");
    let plan = json_of(app.get("/api/v1/plans").await).await;
    assert!(plan["done"].as_array().unwrap().is_empty());
    // The form never sends the user off the site.
    let response = app
        .post_form(
            "/plan/tasks",
            &[("task", &first), ("done", "1"), ("back", "//evil.example")],
        )
        .await;
    assert_eq!(location(&response), "/plan");

    // Hours a day: saved, or refused with the page kept.
    let response = app.post_form("/plan/hours", &[("hours", "2.5")]).await;
    assert_eq!(location(&response), "/plan");
    let page = text_of(app.get("/plan").await, StatusCode::OK).await;
    assert!(page.contains("value=\"2.5\""), "{page}");
    let page = text_of(
        app.post_form("/plan/hours", &[("hours", "zero")]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("at least 15 minutes a day"), "{page}");
    let page = text_of(
        app.post_form(
            &format!("/targets/{id}/interviews"),
            &[("date", "next tuesday")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("YYYY-MM-DD"), "{page}");

    // The calendar file: one event per task and one for the interview, linking back to this
    // server.
    let response = app.get("/plan.ics?start=07:30").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = response.text().await.unwrap();
    let plan = json_of(app.get("/api/v1/plans").await).await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), tasks(&plan).len() + 1);
    assert!(ics.contains("SUMMARY:Interview: "), "{ics}");
    assert!(ics.contains("DTSTART:20261129T073000"), "{ics}");
    assert!(ics.contains(&format!("http://{}/", app.address)), "{ics}");

    // Home lists today's tasks.
    let home = text_of(app.get("/").await, StatusCode::OK).await;
    assert!(home.contains("id=\"today-tasks\""), "{home}");
}

#[tokio::test]
async fn the_plan_api_refuses_bad_input_clearly() {
    let app = spawn_app().await;
    let code = error_code(app.get("/api/v1/plans").await, StatusCode::CONFLICT).await;
    assert_eq!(code, "nothing_to_plan");
    for (query, status, expected) in [
        ("role=nurse", StatusCode::UNPROCESSABLE_ENTITY, "bad_date"),
        (
            "role=nurse&date=2020-01-01",
            StatusCode::CONFLICT,
            "date_in_past",
        ),
        (
            "role=nurse&date=2026-12-10&hours_per_day=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_hours",
        ),
        (
            "role=nurse&date=2029-01-01",
            StatusCode::CONFLICT,
            "date_too_far",
        ),
        ("target=99", StatusCode::NOT_FOUND, "target_not_found"),
        ("date=soon", StatusCode::BAD_REQUEST, "invalid_query"),
    ] {
        let code = error_code(app.get(&format!("/api/v1/plans?{query}")).await, status).await;
        assert_eq!(code, expected, "{query}");
    }
    let plan = json_of(
        app.get("/api/v1/plans?role=registered%20nurse&level=entry&date=2026-12-05")
            .await,
    )
    .await;
    let total = plan["total_hours"].as_f64().unwrap();
    assert!((4.0..=8.0).contains(&total), "{total}");

    let id = job(&app).await;
    let eleven: Vec<Value> = (0..11).map(|_| json!({ "date": "2026-12-10" })).collect();
    let code = error_code(
        app.put_json(
            &format!("/api/v1/targets/{id}/interviews"),
            &json!({ "interviews": eleven }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "too_many_rounds");
    let saved = json_of(
        app.put_json(
            &format!("/api/v1/targets/{id}/interviews"),
            &json!({ "interviews": [{"date": "2026-12-10", "label": "final"}, {"date": "2026-12-02"}] }),
        )
        .await,
    )
    .await;
    assert_eq!(saved["interviews"][0]["date"], "2026-12-02");
    let code = error_code(
        app.put_json("/api/v1/plans/tasks/x", &json!({ "done": "yes" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "invalid_request");
}

#[tokio::test]
async fn practised_questions_come_back_due_on_the_home_page() {
    let clock = TestClock::at(Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap());
    let app = spawn_app_with_clock(clock.clone()).await;
    for (question, answer) in [
        ("beh-why-this-role", "Um, I like it."),
        ("beh-conflict-coworker", STAR_ANSWER),
    ] {
        let response = app
            .post_json(
                "/api/v1/attempts",
                &json!({ "question_id": question, "answer": answer }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let due = json_of(app.get("/api/v1/reviews/due").await).await;
    assert_eq!(
        due["due"],
        json!([]),
        "nothing is due the day it is practised"
    );
    let home = text_of(app.get("/").await, StatusCode::OK).await;
    assert!(!home.contains("Due for review"), "{home}");

    clock.advance_days(1);
    let due = json_of(app.get("/api/v1/reviews/due").await).await;
    assert_eq!(due["due"].as_array().unwrap().len(), 1);
    assert_eq!(due["due"][0]["question_id"], "beh-why-this-role");
    let home = text_of(app.get("/").await, StatusCode::OK).await;
    assert!(home.contains("Due for review (1)"), "{home}");
    assert!(
        home.contains("/practice?question=beh-why-this-role"),
        "{home}"
    );

    // Weeks later both are due, the weak one overdue longest and listed first.
    clock.advance_days(40);
    let due = json_of(app.get("/api/v1/reviews/due").await).await;
    assert_eq!(due["due"].as_array().unwrap().len(), 2);
    assert_eq!(due["due"][0]["question_id"], "beh-why-this-role");
    let home = text_of(app.get("/").await, StatusCode::OK).await;
    assert!(home.contains("days ago"), "{home}");

    // The dashboard counts both answers, on the day they were given.
    let progress = json_of(app.get("/api/v1/progress").await).await;
    assert_eq!(progress["attempts"], 2);
    assert_eq!(progress["days"][0]["date"], "2026-11-02");
    let page = text_of(app.get("/progress").await, StatusCode::OK).await;
    assert!(page.contains("id=\"score-chart\""), "{page}");
    assert!(page.contains("role=\"img\""), "{page}");
    assert!(page.contains("id=\"trends-table\""), "{page}");
    assert!(page.contains("0 stories written"), "{page}");
}

#[tokio::test]
async fn an_empty_dashboard_says_what_to_do() {
    let app = spawn_app().await;
    let page = text_of(app.get("/progress").await, StatusCode::OK).await;
    assert!(page.contains("Add a job to measure readiness"), "{page}");
    assert!(page.contains("No answers yet"), "{page}");
    assert!(page.contains("id=\"stories-chart\""), "{page}");
}

#[tokio::test]
async fn research_checklist_and_salary_forms_save_and_refuse_clearly() {
    let app = spawn_app().await;
    let id = job(&app).await;

    let page = text_of(
        app.get(&format!("/targets/{id}/research")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("- We value ownership"), "{page}");
    let response = app
        .post_form(
            &format!("/targets/{id}/research"),
            &[
                ("mission", "Freight with less waste"),
                ("questions", "How is on-call shared?"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/targets/{id}/research?saved=1")
    );
    let page = text_of(
        app.get(&format!("/targets/{id}/research?saved=1")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Freight with less waste"));
    assert!(page.contains("Saved."));
    let long = "x".repeat(10_001);
    let page = text_of(
        app.post_form(
            &format!("/targets/{id}/research"),
            &[("mission", "kept"), ("news", &long)],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("longer than 10000 characters"), "{page}");
    assert!(
        page.contains(">kept</textarea>"),
        "the typed notes are kept"
    );

    let page = text_of(app.get("/interview-day").await, StatusCode::OK).await;
    assert_eq!(page.matches("name=\"item\"").count(), 9);
    assert!(page.contains("id=\"camera-preview\""));
    assert!(page.contains("Look at the camera"));
    let target = id.to_string();
    let response = app
        .post_form(
            "/interview-day",
            &[
                ("target", &target),
                ("item", "camera"),
                ("item", "light"),
                ("item", "bogus"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/interview-day?saved=1&target={id}#checklist")
    );
    let page = text_of(
        app.get(&format!("/interview-day?target={id}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("2 of 9"), "{page}");
    assert!(page.contains("value=\"camera\" checked"), "{page}");
    assert_eq!(
        app.get("/interview-day?target=abc").await.status(),
        StatusCode::NOT_FOUND
    );

    // An onsite round: the in-person checklist, no camera check; ticking its items keeps the
    // video call's ticks.
    app.post_form(
        &format!("/targets/{id}/interviews"),
        &[("date", "2026-12-08"), ("label", "onsite")],
    )
    .await;
    let page = text_of(
        app.get(&format!("/interview-day?target={id}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("In person: checklist"), "{page}");
    assert!(page.contains("value=\"route\""), "{page}");
    assert!(!page.contains("id=\"camera-preview\""), "{page}");
    assert!(page.contains("Presence in the room"), "{page}");
    let response = app
        .post_form(
            "/interview-day",
            &[
                ("target", &target),
                ("format", "in-person"),
                ("item", "route"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/interview-day?saved=1&target={id}&format=in-person#checklist")
    );
    let page = text_of(
        app.get(&format!("/interview-day?target={id}&format=video"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("2 of 9"), "the video ticks are kept: {page}");
    assert!(page.contains("id=\"camera-preview\""), "{page}");
    let page = text_of(
        app.get(&format!("/interview-day?target={id}&format=phone"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Phone call: checklist"), "{page}");

    let response = app
        .post_form(
            "/salary",
            &[
                ("source", "survey"),
                ("figure", "90k"),
                ("level", "senior"),
                ("location", "Berlin"),
                ("source", "recruiter"),
                ("figure", "€100,000"),
                ("level", ""),
                ("location", ""),
                ("source", ""),
                ("figure", ""),
                ("level", ""),
                ("location", ""),
                ("currency", "€"),
                ("experience", "six years in data engineering"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/salary?saved=1#proposal");
    let page = text_of(app.get("/salary?saved=1").await, StatusCode::OK).await;
    assert!(page.contains("€96,000 – €100,000"), "{page}");
    assert!(page.contains("six years in data engineering"), "{page}");
    assert!(page.contains("/practice?question=beh-salary-offer"));
    assert_eq!(
        app.get("/practice?question=beh-salary-offer")
            .await
            .status(),
        StatusCode::OK
    );
    let page = text_of(
        app.post_form(
            "/salary",
            &[("source", "friend"), ("figure", "lots"), ("level", "mid")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("is not a salary"), "{page}");
    assert!(page.contains("value=\"friend\""), "the typed rows are kept");
}

#[tokio::test]
async fn a_debrief_adds_the_questions_and_the_next_round() {
    let app = spawn_app().await;
    let id = job(&app).await;
    let response = app
        .post_form(
            &format!("/targets/{id}/debrief"),
            &[
                ("date", "2026-11-27"),
                ("round", "phone screen"),
                (
                    "questions",
                    "How would you backfill a year of Kafka events?\nWhy are you leaving Northwind?",
                ),
                ("notes", "Rambled on the first one."),
                ("next_round", "2026-12-09"),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("/targets/{id}#debriefs"));
    let page = text_of(app.get(&format!("/targets/{id}")).await, StatusCode::OK).await;
    assert_eq!(
        page.matches("· Asked in your interview").count(),
        2,
        "{page}"
    );
    assert!(page.contains("Rambled on the first one."));
    assert!(
        page.contains("value=\"2026-12-09\""),
        "the next round is a date"
    );
    let plan = json_of(app.get("/api/v1/plans").await).await;
    assert!(
        tasks(&plan)
            .iter()
            .any(|task| task["title"] == "Practise the 2 questions your last interview asked"),
        "{plan}"
    );

    let page = text_of(
        app.post_form(
            &format!("/targets/{id}/debrief"),
            &[("date", "2026-12-20"), ("questions", "Why us?")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("is in the future"), "{page}");
    assert!(
        page.contains(">Why us?</textarea>"),
        "the typed questions are kept"
    );
    let page = text_of(
        app.post_form(&format!("/targets/{id}/debrief"), &[("date", "yesterday")])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("YYYY-MM-DD"), "{page}");

    let response = app
        .post_json(
            &format!("/api/v1/targets/{id}/debriefs"),
            &json!({ "questions": ["Tell me about a time you disagreed with your manager."] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(json_of(response).await["added"], 1);
    let list = json_of(app.get(&format!("/api/v1/targets/{id}/debriefs")).await).await;
    assert_eq!(list["debriefs"].as_array().unwrap().len(), 2);
    let code = error_code(
        app.post_json(&format!("/api/v1/targets/{id}/debriefs"), &json!({}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "empty_debrief");
}
