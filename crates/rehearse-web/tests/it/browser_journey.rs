//! A new user's journey on real third-party material from `../shared/evaldata` (never copied
//! into the repo): a LinkedIn data-science posting and a Hadoop developer's resume, three real
//! spoken answers, a story, a plan and a mock. Then every page, at a laptop's 1366 px and a
//! phone's 390 px, in headless Chromium: nothing wider than the screen, and axe-core finds no
//! serious or critical accessibility problem. Every page's HTML also goes through the W3C Nu HTML
//! checker: no errors.
//!
//! axe-core and the checker come from the npm registry (`.ci/run` installs them and names them
//! in `REHEARSE_AXE` and `REHEARSE_VNU`); outside CI, where they are missing, the test says so and
//! skips those checks. Under `CI=true` everything must be there.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::browser::{ONE_BROWSER, open_browser, start_driver};
use crate::harness::{TestApp, spawn_app_with};

/// `../shared/evaldata`, as the engine's evaluation tests find it.
fn evaldata() -> Option<PathBuf> {
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/evaldata");
    let found = [
        std::env::var_os("REHEARSE_EVALDATA").map(PathBuf::from),
        Some(beside.clone()),
        Some(PathBuf::from("/work/shared/evaldata")),
    ]
    .into_iter()
    .flatten()
    .find(|path| path.is_dir());
    if found.is_none() {
        let message = format!("evaldata not found at {}", beside.display());
        if in_ci() {
            panic!("{message}");
        }
        eprintln!("{message}: the journey test did not run");
    }
    found
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// A tool file named by an environment variable: required in CI, else skipped with a note.
fn tool(variable: &str, what: &str) -> Option<PathBuf> {
    let path = std::env::var_os(variable).map(PathBuf::from);
    match path {
        Some(path) if path.is_file() => Some(path),
        _ => {
            let message = format!(
                "{what} is not installed ({variable} names no file): its checks did not run"
            );
            if in_ci() {
                panic!("{message}");
            }
            eprintln!("{message}");
            None
        }
    }
}

/// The first JSON line of `file` whose text has every one of `needles`.
fn record(root: &Path, file: &str, needles: &[&str]) -> Value {
    let text = std::fs::read_to_string(root.join(file)).expect("evaldata file");
    text.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|value| {
            let text = value.to_string();
            needles.iter().all(|needle| text.contains(needle))
        })
        .unwrap_or_else(|| panic!("no record in {file} with {needles:?}"))
}

async fn created(app: &TestApp, path: &str, body: &Value) -> Value {
    let response = app.post_json(path, body).await;
    let status = response.status();
    let value: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {value}");
    value
}

/// Sets up what a user has after a first evening: a job, answers (one of them spoken), a story,
/// a plan, a mock. Returns the spoken answer's page.
async fn first_evening(app: &TestApp, root: &Path) -> String {
    let job = record(root, "jobs-linkedin-india/jobs_sample.jsonl", &["\"SLB\""]);
    // As it is copied from the job board: the title, the company line, then the description.
    let posting = format!(
        "{}\n{} · {}\n\n{}",
        job["title"].as_str().unwrap(),
        job["company"].as_str().unwrap(),
        job["location"].as_str().unwrap(),
        job["description"].as_str().unwrap()
    );
    let resume = record(
        root,
        "resumes-kaggle-updated/resumes_sample.jsonl",
        &["Hadoop Developer", "Tata Consultancy Services"],
    );
    let target = created(
        app,
        "/api/v1/targets",
        &json!({"posting": posting, "resume": resume["text"]}),
    )
    .await;
    let target_id = target["id"].as_i64().unwrap();
    assert_eq!(
        target["profile"]["company"], "SLB",
        "the company line is read"
    );

    // A second job with a long name, as NHS postings have: every page that lists jobs must
    // still fit a phone.
    let nhs = record(
        root,
        "jobs-nhs-uk/jobs_sample.jsonl",
        &["Specialist Midwife - Early Intervention"],
    );
    let nhs_posting = format!(
        "{}\n{}\n\n{}",
        nhs["title"].as_str().unwrap(),
        nhs["company"].as_str().unwrap(),
        nhs["description"].as_str().unwrap()
    );
    created(app, "/api/v1/targets", &json!({"posting": nhs_posting})).await;

    // Three real spoken answers, each to the bank's version of the question it answered.
    let spoken =
        std::fs::read_to_string(root.join("mit-interview-transcripts/answers_by_question.jsonl"))
            .unwrap();
    let spoken: Vec<Value> = spoken
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    for (theirs, ours) in [
        ("q2_tell_me_about_yourself", "beh-tell-me-about-yourself"),
        ("q3_leadership", "beh-leadership-led-project"),
        ("q5_weakness", "beh-greatest-weakness"),
    ] {
        let answer = spoken
            .iter()
            .find(|answer| {
                answer["question_id"] == theirs
                    && answer["answer"]
                        .as_str()
                        .is_some_and(|text| text.len() > 600)
            })
            .unwrap_or_else(|| panic!("a long answer to {theirs}"));
        created(
            app,
            "/api/v1/attempts",
            &json!({"question_id": ours, "answer": answer["answer"], "duration_seconds": 120}),
        )
        .await;
    }
    let long_answer = spoken
        .iter()
        .find(|answer| answer["question_id"] == "q4_team_challenge")
        .unwrap()["answer"]
        .clone();

    // One answer spoken: the recording goes to the (fake) engine, which hears the real answer.
    let recording = app
        .client
        .post(app.url("/api/v1/recordings"))
        .header("content-type", "audio/wav")
        .body(crate::speech::wav(3.0))
        .send()
        .await
        .unwrap();
    let recording: Value = recording.json().await.unwrap();
    let heard = recording["recording"]["transcript"]["text"].clone();
    assert!(heard.is_string(), "{recording}");
    let behavioral: Value = app
        .get("/api/v1/questions?kind=behavioral")
        .await
        .json()
        .await
        .unwrap();
    let spoken_attempt = created(
        app,
        "/api/v1/attempts",
        &json!({"question_id": behavioral["questions"][3]["id"], "answer": heard,
                "recording_id": recording["recording"]["id"]}),
    )
    .await;

    created(
        app,
        "/api/v1/stories",
        &json!({
            "title": "The Hive job that ran all night",
            "situation": "At Tata Consultancy Services our nightly Hive load for a pharmaceutical client ran for six hours and often missed the 7 AM reports.",
            "task": "I was asked to bring it inside the night window without new hardware.",
            "action": "I profiled the slowest stages, I moved the joins to partitioned ORC tables, and I rewrote two Pig scripts as Spark jobs that I tested against a week of data.",
            "result": "The load finished in 1 hour 40 minutes, and the reports were on time every morning for the rest of the project.",
            "competencies": ["problem-solving", "ownership"]
        }),
    )
    .await;

    let interview = (chrono::Local::now().date_naive() + chrono::Days::new(9)).to_string();
    let response = app
        .put_json(
            &format!("/api/v1/targets/{target_id}/interviews"),
            &json!({"interviews": [{"date": interview, "label": "first round"}]}),
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());

    // One task of the plan done, so its list of done tasks shows.
    let plan: Value = app.get("/api/v1/plans").await.json().await.unwrap();
    let first = plan["days"][0]["tasks"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = app
        .put_json(
            &format!("/api/v1/plans/tasks/{first}"),
            &json!({"done": true}),
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());

    let mock = created(
        app,
        "/api/v1/mocks",
        &json!({"round": "behavioral", "minutes": 15, "persona": "neutral", "mode": "real", "target_id": target_id}),
    )
    .await;
    let mock_id = mock["id"].as_i64().unwrap();
    for _ in 0..3 {
        let response = app
            .post_json(
                &format!("/api/v1/mocks/{mock_id}/events"),
                &json!({"type": "answer", "text": long_answer, "seconds": 110}),
            )
            .await;
        assert!(response.status().is_success());
    }
    created(
        app,
        &format!("/api/v1/mocks/{mock_id}/events"),
        &json!({"type": "end"}),
    )
    .await;
    format!("/attempts/{}", spoken_attempt["id"])
}

/// Every page a user can open, with the first evening's data behind it.
const PAGES: &[&str] = &[
    "/",
    "/targets",
    "/targets/new",
    "/targets/1",
    "/targets/1/research",
    "/practice",
    "/practice?target=1",
    "/practice?kind=behavioral",
    "/attempts",
    "/attempts/1",
    "/mock",
    "/mock/1",
    "/stories",
    "/stories/new",
    "/stories/1",
    "/stories/1/edit",
    "/stories/match",
    "/stories/drafts",
    "/stories/cheat-sheet",
    "/plan",
    "/progress",
    "/interview-day",
    "/salary",
    "/settings",
    "/drills/system-design",
    "/drills/case",
    "/drills/dont-know",
    "/drills/estimate",
];

/// Runs axe-core on the open page: the serious and critical violations, as "rule: target".
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(result => {
  done(result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")));
}).catch(error => done(["axe failed: " + error]));
"#;

#[tokio::test]
async fn a_first_evening_on_real_material_fits_every_screen_and_passes_the_checkers() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(root) = evaldata() else { return };
    let Some(driver) = start_driver().await else {
        return;
    };
    let axe = tool("REHEARSE_AXE", "axe-core").map(|path| std::fs::read_to_string(path).unwrap());
    let vnu = tool("REHEARSE_VNU", "the Nu HTML checker (vnu.jar)");
    // A speech engine (a local fake of the OpenAI API) that hears a real spoken answer.
    let heard =
        std::fs::read_to_string(root.join("mit-interview-transcripts/answers_by_question.jsonl"))
            .unwrap()
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find(|answer| answer["question_id"] == "q3_leadership")
            .and_then(|answer| answer["answer"].as_str().map(str::to_owned))
            .expect("a spoken answer");
    let base = crate::speech::fake_engine(heard).await;
    let clock = std::sync::Arc::new(rehearse_app::FixedClock(chrono::Utc::now()));
    let app = spawn_app_with(clock, move |app| crate::speech::with_engine(app, &base)).await;
    let spoken_page = first_evening(&app, &root).await;

    // The facts a user acts on, on the pages.
    let job = app.get("/targets/1").await.text().await.unwrap();
    assert!(job.contains("SLB"), "the job page names the company");
    let plan = app.get("/plan").await.text().await.unwrap();
    assert!(plan.contains("first round"), "the plan knows the round");
    let story = app.get("/stories/1").await.text().await.unwrap();
    assert!(
        story.contains("1 hour 40 minutes") && !story.contains("<strong>40</strong>"),
        "a duration is one claim"
    );

    let spoken = app.get(&spoken_page).await.text().await.unwrap();
    assert!(
        spoken.contains("How you said it") && spoken.contains("id=\"answer-audio\""),
        "the spoken answer's page plays it and says how it was said"
    );

    let browser = open_browser(&driver).await;
    let mut problems: Vec<String> = Vec::new();
    for (width, height) in [(1366_u32, 900_u32), (390, 844)] {
        browser.set_window_size(width, height).await.unwrap();
        for page in PAGES.iter().copied().chain([spoken_page.as_str()]) {
            browser.goto(&app.url(page)).await.unwrap();
            let sizes = browser
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth, \
                     Array.from(document.querySelectorAll('body *')) \
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 \
                                    && !e.closest('.site-header nav, .table-wrap, pre')) \
                       .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)];",
                    vec![],
                )
                .await
                .unwrap();
            let (scroll, inner) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
            if scroll > inner {
                problems.push(format!(
                    "{page} at {width} px is {scroll} px wide: {}",
                    sizes[2]
                ));
            }
            // Where there is an answer box, type into it, so the live view is checked too.
            if let Ok(answer) = browser
                .find(fantoccini::Locator::Css("textarea[name=answer]"))
                .await
            {
                answer
                    .send_keys("Last year I led the migration of our reports. I wrote the plan and we cut the run time by 40%.")
                    .await
                    .unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            }
            if let Some(axe) = &axe {
                browser.execute(axe, vec![]).await.unwrap();
                let violations = browser.execute_async(AXE_RUN, vec![]).await.unwrap();
                for violation in violations.as_array().into_iter().flatten() {
                    problems.push(format!(
                        "{page} at {width} px: {}",
                        violation.as_str().unwrap_or_default()
                    ));
                }
            }
        }
    }
    browser.close().await.unwrap();

    if let Some(vnu) = vnu {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for (index, page) in PAGES.iter().enumerate() {
            let html = app.get(page).await.text().await.unwrap();
            let file = dir.path().join(format!("page-{index:02}.html"));
            std::fs::write(&file, html).unwrap();
            files.push(file);
        }
        let output = std::process::Command::new("java")
            .arg("-jar")
            .arg(&vnu)
            .args(["--errors-only", "--format", "gnu"])
            .args(&files)
            .output()
            .expect("java runs the checker");
        let report = String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout);
        for line in report.lines().filter(|line| line.contains("error")) {
            // "…/page-03.html":12.5-12.9: error: …  → the page's path
            let page = line
                .split("page-")
                .nth(1)
                .and_then(|rest| rest.get(..2))
                .and_then(|index| index.parse::<usize>().ok())
                .map_or("?", |index| PAGES[index]);
            problems.push(format!("HTML {page}: {line}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
