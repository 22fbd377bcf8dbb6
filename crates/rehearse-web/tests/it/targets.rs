//! Targets and question sets over a real socket: the new-target form (multipart, with files), the
//! target page and its swap / more / profile forms, practising a set question, and the JSON API.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::harness::{STAR_ANSWER, TestApp, spawn_app};

pub const POSTING: &str = "Senior Data Engineer at Brightwater Logistics\n\n\
Responsibilities\n\
- Design and build data pipelines in Python and Apache Spark\n\
- Own the on-call rotation for the data platform and lead incident reviews\n\
- Partner with analysts to model data in Snowflake using dbt\n\n\
Requirements\n\
- 5+ years of experience in data engineering\n\
- Strong SQL and Python\n\
- Experience with k8s and Airflow\n\n\
We value ownership and clear written communication.";

pub const RESUME: &str = "Sam Rivera\n\n\
EXPERIENCE\n\
Data Engineer, Northwind Freight | March 2019 - Present\n\
- Cut the nightly ETL runtime by 40% by rewriting the Spark jobs\n\
- Led the migration from cron to Airflow for 120 pipelines\n\n\
SKILLS\n\
Python, SQL, Spark, Airflow";

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn error_code(response: reqwest::Response, status: StatusCode) -> (String, String) {
    assert_eq!(response.status(), status);
    let body = json_of(response).await;
    (
        body["error"]["code"].as_str().expect("code").to_owned(),
        body["error"]["message"]
            .as_str()
            .expect("message")
            .to_owned(),
    )
}

async fn post_form(app: &TestApp, form: Form) -> reqwest::Response {
    app.client
        .post(app.url("/targets"))
        .multipart(form)
        .send()
        .await
        .expect("request")
}

/// Creates a target through the form and returns its page's path.
async fn create_target(app: &TestApp) -> String {
    let form = Form::new()
        .text("posting", POSTING)
        .part(
            "resume_file",
            Part::bytes(RESUME.as_bytes().to_vec()).file_name("resume.txt"),
        )
        .text("count", "12");
    let response = post_form(app, form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The question ids of a target page's set, in order.
fn set_ids(page: &str) -> Vec<String> {
    page.split("data-question-id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_target_is_created_from_the_form_and_its_set_practised() {
    let app = spawn_app().await;
    let new = app.get("/targets/new").await.text().await.unwrap();
    assert!(new.contains("enctype=\"multipart/form-data\""));

    let location = create_target(&app).await;
    assert!(location.starts_with("/targets/"), "{location}");
    let page = app.get(&location).await.text().await.unwrap();
    assert!(
        page.contains("<h1>Senior Data Engineer at Brightwater Logistics</h1>"),
        "the title"
    );
    assert!(page.contains("Software engineering"), "the role family");
    assert!(
        page.contains(">Kubernetes</span>"),
        "k8s read as Kubernetes"
    );
    assert!(page.contains("resume.txt"), "the resume's name");
    assert!(page.contains("Your question set (12)"));
    assert!(
        page.contains("“Cut the nightly ETL runtime by 40% by rewriting the Spark jobs”"),
        "a resume line quoted"
    );
    assert!(page.contains("From the posting"));
    let ids = set_ids(&page);
    assert_eq!(ids.len(), 12);

    // Practise the resume question from the set, then find the attempt.
    let resume_question = page
        .split("<li class=\"set-question\" data-question-id=\"")
        .skip(1)
        .find(|item| item.contains("From your resume"))
        .and_then(|item| item.split('"').next())
        .unwrap()
        .to_owned();
    let target_id = location.trim_start_matches("/targets/");
    let practice = app
        .get(&format!(
            "/practice?target={target_id}&question={resume_question}"
        ))
        .await;
    assert_eq!(practice.status(), StatusCode::OK);
    let practice = practice.text().await.unwrap();
    assert!(
        practice.contains("Walk me through it"),
        "the set's question"
    );
    assert!(
        practice.contains("Cut the nightly ETL runtime"),
        "its source line"
    );
    let submitted = app
        .client
        .post(app.url("/practice"))
        .form(&[
            ("question_id", resume_question.as_str()),
            ("target_id", target_id),
            ("answer", STAR_ANSWER),
            ("duration_seconds", "90"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let attempt_path = submitted.headers()["location"].to_str().unwrap().to_owned();
    let attempt = json_of(app.get(&format!("/api/v1{attempt_path}")).await).await;
    assert_eq!(attempt["question_id"], resume_question.as_str());
    assert_eq!(attempt["target_id"], target_id.parse::<i64>().unwrap());

    // Listed on the targets page and the home page.
    let list = app.get("/targets").await.text().await.unwrap();
    assert!(list.contains(&format!("href=\"{location}\"")));
}

#[tokio::test]
async fn swap_more_and_profile_forms_change_the_set() {
    let app = spawn_app().await;
    let location = create_target(&app).await;
    let before = set_ids(&app.get(&location).await.text().await.unwrap());

    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            app.client
                .post(app.url(&path))
                .form(&fields)
                .send()
                .await
                .unwrap()
        }
    };
    let swapped = post(
        format!("{location}/swap"),
        vec![("question_id", before[2].clone())],
    )
    .await;
    assert_eq!(swapped.status(), StatusCode::SEE_OTHER);
    let after_swap = set_ids(&app.get(&location).await.text().await.unwrap());
    assert_eq!(after_swap.len(), before.len());
    assert!(!after_swap.contains(&before[2]));
    assert_eq!(after_swap[..2], before[..2]);
    // The question swapped out can still be answered again from a past answer's link.
    let target_id = location.trim_start_matches("/targets/");
    let again = app
        .get(&format!(
            "/practice?target={target_id}&question={}",
            before[2]
        ))
        .await;
    assert_eq!(again.status(), StatusCode::OK, "{}", before[2]);

    let more = post(
        format!("{location}/more"),
        vec![("question_id", after_swap[0].clone())],
    )
    .await;
    assert_eq!(more.status(), StatusCode::SEE_OTHER);
    let after_more = set_ids(&app.get(&location).await.text().await.unwrap());
    assert!(after_more.len() > after_swap.len());

    let unknown = post(
        format!("{location}/swap"),
        vec![("question_id", "no-such-question".to_owned())],
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let edited = post(
        format!("{location}/profile"),
        vec![
            ("title", "Nurse".to_owned()),
            ("company", "St Elsewhere".to_owned()),
            ("role_family", "healthcare".to_owned()),
            ("seniority", "mid".to_owned()),
            ("skills", "patient care, triage".to_owned()),
        ],
    )
    .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("<h1>Nurse at St Elsewhere</h1>"));
    assert!(page.contains("data-role-family>Healthcare<"));
    assert!(
        !page.contains("System design ·"),
        "no system design for a nurse"
    );
}

#[tokio::test]
async fn the_form_refuses_bad_input_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    // Nothing to go on.
    let response = post_form(&app, Form::new().text("posting", "  ")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("give a job posting")
    );

    // A scanned PDF: the message says what to do, and the pasted resume stays in the form.
    let scanned =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF".to_vec();
    let form = Form::new()
        .part(
            "posting_file",
            Part::bytes(scanned).file_name("posting.pdf"),
        )
        .text("resume_text", "My <resume> & more");
    let response = post_form(&app, form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert!(body.contains("posting.pdf"), "names the file: {body}");
    assert!(body.contains("paste the text"), "says what to do");
    assert!(
        body.contains("My &#60;resume&#62; &#38; more"),
        "keeps the resume, escaped"
    );

    // Both a posting and a web address.
    let form = Form::new()
        .text("posting", POSTING)
        .text("posting_url", "https://example.com/job");
    let response = post_form(&app, form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("not both"));

    let form = Form::new().text("posting", POSTING).text("count", "ninety");
    let response = post_form(&app, form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("is not a number of questions")
    );

    // 50 MB: refused with a message, not a dropped connection.
    let huge = Part::bytes(vec![b'a'; 50 * 1024 * 1024]).file_name("huge.pdf");
    let response = post_form(&app, Form::new().part("resume_file", huge)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("at most 10 MB"));

    // An 11 MB file fits the upload limit but not the file limit.
    let big = Part::bytes(vec![b'a'; 11 * 1024 * 1024]).file_name("big.txt");
    let form = Form::new()
        .text("posting", POSTING)
        .part("resume_file", big);
    let response = post_form(&app, form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("the limit is 10 MB")
    );

    assert_eq!(
        json_of(app.get("/api/v1/targets").await).await,
        json!({"targets": [], "next": null}),
        "nothing saved"
    );
    assert_eq!(
        app.get("/targets/999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/targets/abc").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn question_sets_api_follows_the_contract() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/question-sets",
            &json!({"posting": POSTING, "resume": RESUME, "count": 15}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let set = json_of(response).await;
    assert_eq!(set["target"]["title"], "Senior Data Engineer");
    assert_eq!(set["target"]["role_family"], "software-engineering");
    assert_eq!(set["target"]["seniority"], "senior");
    let skills = set["target"]["skills"].as_array().unwrap();
    assert!(skills.contains(&json!("Kubernetes")));
    let questions = set["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 15);
    for question in questions {
        for field in ["id", "kind", "text", "why"] {
            assert!(question[field].is_string(), "{field} in {question}");
        }
        assert!(question["competencies"].is_array() && question["skills"].is_array());
        let from = question["source"]["from"].as_str().unwrap();
        let quote = &question["source"]["quote"];
        match from {
            "jd" => assert!(POSTING.contains(quote.as_str().unwrap())),
            "resume" => assert!(RESUME.contains(quote.as_str().unwrap())),
            "bank" => assert!(quote.is_null() || quote.is_string()),
            other => panic!("source.from {other}"),
        }
    }
    // The same inputs, the same set; nothing saved.
    let again = json_of(
        app.post_json(
            "/api/v1/question-sets",
            &json!({"posting": POSTING, "resume": RESUME, "count": 15}),
        )
        .await,
    )
    .await;
    assert_eq!(again, set);
    assert_eq!(
        json_of(app.get("/api/v1/targets").await).await,
        json!({"targets": [], "next": null})
    );

    // A role alone.
    let response = app
        .post_json(
            "/api/v1/question-sets",
            &json!({"role": "primary school teacher", "level": "entry"}),
        )
        .await;
    let generic = json_of(response).await;
    assert_eq!(generic["target"]["role_family"], "education");
    assert_eq!(generic["questions"].as_array().unwrap().len(), 20);

    for (body, status, code) in [
        (
            json!({}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_posting",
        ),
        (
            json!({"posting": POSTING, "count": 500}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "count_out_of_range",
        ),
        (
            json!({"posting": POSTING, "posting_url": "https://example.com"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            json!({"posting_url": "not a url"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_url",
        ),
        (
            json!({"posting": "x ".repeat(60_000)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "document_too_long",
        ),
        (
            json!({"posting": POSTING, "colour": "blue"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
    ] {
        let response = app.post_json("/api/v1/question-sets", &body).await;
        let (got, message) = error_code(response, status).await;
        assert_eq!(got, code, "{message}");
    }
}

#[tokio::test]
async fn targets_api_creates_lists_and_reads() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/targets",
            &json!({"posting": POSTING, "resume": RESUME}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let created = json_of(response).await;
    assert_eq!(location, format!("/api/v1/targets/{}", created["id"]));
    assert_eq!(created["set"]["questions"].as_array().unwrap().len(), 20);
    assert!(
        created.get("resume_text").is_none(),
        "the resume text stays private"
    );

    let listed = json_of(app.get("/api/v1/targets").await).await;
    assert_eq!(listed["targets"][0]["id"], created["id"]);
    assert_eq!(
        listed["targets"][0]["name"],
        "Senior Data Engineer at Brightwater Logistics"
    );
    assert_eq!(json_of(app.get(&location).await).await, created);

    let (code, _) = error_code(app.get("/api/v1/targets/999").await, StatusCode::NOT_FOUND).await;
    assert_eq!(code, "target_not_found");
}
