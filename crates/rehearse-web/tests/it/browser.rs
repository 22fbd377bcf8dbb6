//! The practice loop in a real headless Chromium, driven over WebDriver by fantoccini (the plan,
//! dashboard and device check are in `browser_prep`).
//!
//! Needs Debian's `chromium` and `chromium-driver`. Where they are missing the test says so on
//! stderr and returns; under `CI=true` a missing browser is a failure, so CI can never pass
//! without running it. (`scripts/test` also says plainly when these tests cannot run.)

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::harness::{STAR_ANSWER, spawn_app};
use crate::targets::{POSTING, RESUME};

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The chromedriver process, killed when dropped.
pub(crate) struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
    browser: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Starts chromedriver on a free port, or returns `None` (outside CI) when it is not installed.
pub(crate) async fn start_driver() -> Option<Driver> {
    let driver = find_program(&["chromedriver"]);
    let browser = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let (Some(driver), Some(browser)) = (driver, browser) else {
        let message = "browser tests did not run: chromium and chromedriver are not installed \
                       (Debian: apt-get install chromium chromium-driver)";
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            panic!("{message}");
        }
        eprintln!("{message}");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
        browser,
    };
    // Wait until it listens (it takes well under a second; give it ten).
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some(driver);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start listening on port {port}");
}

/// One browser at a time: two Chromium instances starting together on a 2-core machine can time
/// each other out.
pub(crate) static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub(crate) async fn open_browser(driver: &Driver) -> Client {
    open_browser_with(driver, &[]).await
}

/// A browser with more command-line switches (a file for the fake microphone, say).
pub(crate) async fn open_browser_with(driver: &Driver, extra: &[String]) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({
            "binary": driver.browser,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1200,900",
                // The device check's camera and microphone: Chromium's test pattern and beep,
                // allowed without a prompt.
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required",
                format!("--user-data-dir={}", driver._profile.path().display()),
            ]
        }),
    );
    if let Some(args) = capabilities["goog:chromeOptions"]["args"].as_array_mut() {
        args.extend(extra.iter().map(|arg| json!(arg)));
    }
    // Chromium occasionally fails to start under load; a second try is cheap and honest (the
    // test still fails if the browser never comes up).
    let mut last_error = None;
    for _ in 0..3 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            Ok(client) => return client,
            Err(error) => last_error = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("no browser session: {last_error:?}");
}

/// Polls `check` until it returns `Some`, for up to ten seconds.
pub(crate) async fn wait_for<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    for _ in 0..100 {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn practise_a_question_and_find_it_in_history() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;

    // Open the practice page filtered to behavioral questions.
    browser
        .goto(&app.url("/practice?kind=behavioral"))
        .await
        .unwrap();
    let question = browser
        .find(Locator::Id("question-text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!question.is_empty());

    // The timer runs.
    let clock = browser
        .find(Locator::Css("[data-timer-clock]"))
        .await
        .unwrap();
    wait_for("the timer to tick", || async {
        (clock.text().await.ok()? != "0:00").then_some(())
    })
    .await;

    // Type an answer; live feedback from the engine appears without a reload: the summary, the
    // answer highlighted by STAR part, and findings that point at the words when clicked.
    let answer = browser.find(Locator::Id("answer")).await.unwrap();
    answer.send_keys(STAR_ANSWER).await.unwrap();
    let live = browser.find(Locator::Id("live-feedback")).await.unwrap();
    let live_text = wait_for("live feedback", || async {
        let text = live.text().await.ok()?;
        text.contains("words").then_some(text)
    })
    .await;
    assert!(
        live_text.contains("STAR: situation, task, action, result"),
        "{live_text}"
    );
    let preview_actions = browser
        .find_all(Locator::Css("#live-answer .piece.action"))
        .await
        .unwrap();
    assert!(
        !preview_actions.is_empty(),
        "the live preview highlights the actions"
    );
    let finding = browser
        .find(Locator::Css("#live-findings .finding .show-span"))
        .await
        .unwrap();
    finding.click().await.unwrap();
    let focused = browser
        .find_all(Locator::Css("#live-answer .piece.focus"))
        .await
        .unwrap();
    assert!(
        !focused.is_empty(),
        "clicking a finding highlights its words"
    );

    // Submit and see the feedback page.
    browser
        .find(Locator::Css("#answer-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let feedback_url = wait_for("the feedback page", || async {
        let url = browser.current_url().await.ok()?;
        url.path().starts_with("/attempts/").then_some(url)
    })
    .await;
    let heading = browser
        .find(Locator::Css("h1.question-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, question);
    let star = browser
        .find(Locator::Css(".star-checklist"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        star.contains("Situation") && star.contains("Result"),
        "{star}"
    );
    let words = browser
        .find(Locator::Css("[data-word-count]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(words.parse::<u32>().unwrap() > 80, "{words}");
    assert!(
        !browser
            .find_all(Locator::Css(".findings .finding"))
            .await
            .unwrap()
            .is_empty()
    );
    let highlighted = browser
        .find_all(Locator::Css(".answer-text .piece.action"))
        .await
        .unwrap();
    assert!(!highlighted.is_empty(), "action sentences are highlighted");
    browser
        .find(Locator::Css(".findings .show-span"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let focused = browser
        .find_all(Locator::Css(".answer-text .piece.focus"))
        .await
        .unwrap();
    assert!(
        !focused.is_empty(),
        "clicking a finding highlights its words"
    );

    // Find it again in history and open it.
    browser.goto(&app.url("/attempts")).await.unwrap();
    let link = browser.find(Locator::LinkText(&question)).await.unwrap();
    link.click().await.unwrap();
    let reopened = wait_for("the attempt page", || async {
        let url = browser.current_url().await.ok()?;
        url.path().starts_with("/attempts/").then_some(url)
    })
    .await;
    assert_eq!(reopened.path(), feedback_url.path());

    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_refused_answer_is_kept_in_the_form() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;

    browser.goto(&app.url("/practice")).await.unwrap();
    // Bypass the browser's own checks to exercise the server's message.
    browser
        .execute("document.getElementById('answer').removeAttribute('required'); document.getElementById('answer').value = '   ';", vec![])
        .await
        .unwrap();
    browser
        .find(Locator::Css("#answer-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let error = wait_for("the error message", || async {
        browser
            .find(Locator::Css(".form-error"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(error.contains("the answer is empty"), "{error}");
    browser.close().await.unwrap();
}

#[tokio::test]
async fn paste_a_posting_see_the_set_and_practise_from_it() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;

    // From the navigation to the jobs page, then to the new-target form.
    browser.goto(&app.url("/")).await.unwrap();
    browser
        .find(Locator::LinkText("Jobs"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the jobs page", || async {
        (browser.current_url().await.ok()?.path() == "/targets").then_some(())
    })
    .await;
    browser
        .find(Locator::LinkText("Prepare for a job"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the new-target form", || async {
        browser.find(Locator::Id("posting")).await.ok()
    })
    .await;
    // Pasted in one go, as a user pastes a posting (typing 1,000 characters key by key is slow).
    browser
        .execute(
            "document.getElementById('posting').value = arguments[0];",
            vec![json!(POSTING)],
        )
        .await
        .unwrap();
    // The resume goes up as a file, through the browser's own file input.
    let files = tempfile::tempdir().unwrap();
    let resume_path = files.path().join("my-resume.txt");
    std::fs::write(&resume_path, RESUME).unwrap();
    browser
        .find(Locator::Id("resume_file"))
        .await
        .unwrap()
        .send_keys(resume_path.to_str().unwrap())
        .await
        .unwrap();
    browser
        .find(Locator::Css("#target-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the target page", || async {
        let url = browser.current_url().await.ok()?;
        let path = url.path().to_owned();
        (path.starts_with("/targets/") && path != "/targets/new").then_some(())
    })
    .await;
    let heading = browser
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Senior Data Engineer at Brightwater Logistics");
    let questions = browser
        .find_all(Locator::Css(".set-question"))
        .await
        .unwrap();
    assert_eq!(questions.len(), 20);
    let quotes = browser
        .find_all(Locator::Css(".source-quote"))
        .await
        .unwrap();
    assert!(quotes.len() >= 3, "grounded questions show their line");
    let profile = browser
        .find(Locator::Css(".profile"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(profile.contains("my-resume.txt"), "{profile}");

    // Correct the profile in place: the summary opens the form.
    browser
        .find(Locator::Css(".edit-profile summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        browser
            .find(Locator::Css(".edit-profile textarea[name=skills]"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );

    // Practise the first question of the set and submit an answer.
    let first_text = questions[0]
        .find(Locator::Css(".set-text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    questions[0]
        .find(Locator::LinkText("Practise"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let shown = wait_for("the practice page", || async {
        browser
            .find(Locator::Id("question-text"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert_eq!(shown, first_text);
    let answer = browser.find(Locator::Id("answer")).await.unwrap();
    answer.send_keys(STAR_ANSWER).await.unwrap();
    let live = browser.find(Locator::Id("live-feedback")).await.unwrap();
    wait_for("live feedback", || async {
        live.text().await.ok()?.contains("words").then_some(())
    })
    .await;
    browser
        .find(Locator::Css("#answer-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the feedback page", || async {
        let url = browser.current_url().await.ok()?;
        url.path().starts_with("/attempts/").then_some(())
    })
    .await;
    let title = browser
        .find(Locator::Css("h1.question-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, first_text);
    browser.close().await.unwrap();
}

#[tokio::test]
async fn build_a_story_step_by_step_and_use_it() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;

    browser.goto(&app.url("/")).await.unwrap();
    browser
        .find(Locator::LinkText("Stories"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the stories page", || async {
        (browser.current_url().await.ok()?.path() == "/stories").then_some(())
    })
    .await;
    browser
        .find(Locator::LinkText("Write a story"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let title = wait_for("the builder", || async {
        browser.find(Locator::Id("title")).await.ok()
    })
    .await;

    // One part at a time: only the title shows first, with its advice.
    let visible = |id: &'static str| {
        let browser = &browser;
        async move {
            browser
                .find(Locator::Id(id))
                .await
                .unwrap()
                .is_displayed()
                .await
                .unwrap()
        }
    };
    assert!(visible("title").await);
    assert!(!visible("action").await, "the action waits for its step");
    title.send_keys("The migration I broke").await.unwrap();
    let next = browser
        .find(Locator::Css("[data-step-next]"))
        .await
        .unwrap();
    next.click().await.unwrap();
    browser
        .find(Locator::Id("situation"))
        .await
        .unwrap()
        .send_keys("We had a release. It was late. Everyone was tired. The database was old.")
        .await
        .unwrap();
    // The review nudges the long situation while it is typed.
    let nudges = browser.find(Locator::Id("review-nudges")).await.unwrap();
    let nudge_text = wait_for("a nudge on the situation", || async {
        let text = nudges.text().await.ok()?;
        text.contains("The situation is 4 sentences")
            .then_some(text)
    })
    .await;
    assert!(nudge_text.contains("No action yet"), "{nudge_text}");
    next.click().await.unwrap();
    browser
        .find(Locator::Id("task"))
        .await
        .unwrap()
        .send_keys("I had to get orders flowing again.")
        .await
        .unwrap();
    next.click().await.unwrap();
    browser
        .find(Locator::Id("action"))
        .await
        .unwrap()
        .send_keys("I ran the migration without a tested rollback. When orders failed I told my lead at once, restored the backup myself and wrote the incident review, admitting my mistake.")
        .await
        .unwrap();
    next.click().await.unwrap();
    browser
        .find(Locator::Id("result"))
        .await
        .unwrap()
        .send_keys("It went fine in the end.")
        .await
        .unwrap();
    wait_for("the nudge for a number", || async {
        nudges
            .text()
            .await
            .ok()?
            .contains("No number in your result yet")
            .then_some(())
    })
    .await;
    let summary = browser
        .find(Locator::Id("review-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.contains("aloud"), "{summary}");
    // Fix it: a number in the result; the nudge goes.
    let result = browser.find(Locator::Id("result")).await.unwrap();
    result.clear().await.unwrap();
    result
        .send_keys("Orders were back within 40 minutes.")
        .await
        .unwrap();
    wait_for("the number nudge to go", || async {
        (!nudges
            .text()
            .await
            .ok()?
            .contains("No number in your result yet"))
        .then_some(())
    })
    .await;
    // The feedback engine's own findings on the story told aloud.
    wait_for("the engine's findings", || async {
        (!browser
            .find_all(Locator::Css("#review-findings .finding"))
            .await
            .ok()?
            .is_empty())
        .then_some(())
    })
    .await;
    next.click().await.unwrap();
    browser
        .find(Locator::Id("reflection"))
        .await
        .unwrap()
        .send_keys("Test the way back first.")
        .await
        .unwrap();
    next.click().await.unwrap();
    // The last step: the suggested competencies are marked; tick failure.
    wait_for("a suggestion", || async {
        browser
            .find(Locator::Css("[data-suggested=\"failure\"]"))
            .await
            .ok()?
            .is_displayed()
            .await
            .ok()?
            .then_some(())
    })
    .await;
    browser
        .find(Locator::Css("input[name=competency][value=failure]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .find(Locator::Css("#story-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the story page", || async {
        let path = browser.current_url().await.ok()?.path().to_owned();
        (path.starts_with("/stories/") && path != "/stories/new").then_some(())
    })
    .await;
    let heading = browser
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "The migration I broke");

    // In the coverage matrix, under failure; the other categories are gaps.
    browser
        .find(Locator::LinkText("Your stories"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let matrix = wait_for("the matrix", || async {
        browser.find(Locator::Css(".coverage-matrix")).await.ok()
    })
    .await;
    let row = matrix
        .find(Locator::Css("tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        row.contains("The migration I broke") && row.contains("✓"),
        "{row}"
    );
    let warnings = browser
        .find(Locator::Id("coverage-warnings"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        warnings.contains("No story for a conflict navigated."),
        "{warnings}"
    );
    assert!(!warnings.contains("No story for a failure"), "{warnings}");

    // Match it to a question.
    browser
        .find(Locator::LinkText("Which story for a question?"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let question = wait_for("the match form", || async {
        browser.find(Locator::Id("question")).await.ok()
    })
    .await;
    question
        .send_keys("Tell me about a time you made a mistake.")
        .await
        .unwrap();
    browser
        .find(Locator::Css("#match-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let first = wait_for("the ranking", || async {
        browser
            .find(Locator::Css("#matches li"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(
        first.starts_with("STRONG") || first.to_lowercase().starts_with("strong"),
        "{first}"
    );
    assert!(first.contains("The migration I broke"), "{first}");

    // The cheat sheet, ready to print, and its PDF.
    browser.goto(&app.url("/stories")).await.unwrap();
    browser
        .find(Locator::LinkText("Cheat sheet"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let entry = wait_for("the cheat sheet", || async {
        browser
            .find(Locator::Css(".sheet-entry"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(
        entry.contains("The migration I broke")
            && entry.contains("Orders were back within 40 minutes."),
        "{entry}"
    );
    let pdf_link = browser
        .find(Locator::LinkText("Download the PDF"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let pdf = app.get(&pdf_link).await.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_ai_coach_streams_and_shows_only_what_passed_the_checks() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let base = crate::fake_llm::start().await;
    let browser = open_browser(&driver).await;

    // Choose the model on the settings page.
    browser.goto(&app.url("/settings")).await.unwrap();
    let form = browser.find(Locator::Id("settings-form")).await.unwrap();
    form.find(Locator::Css("input[name=provider]"))
        .await
        .unwrap()
        .send_keys("openai:coach")
        .await
        .unwrap();
    form.find(Locator::Css("input[name=base_url]"))
        .await
        .unwrap()
        .send_keys(&base)
        .await
        .unwrap();
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = wait_for("the status line", || async {
        let text = browser
            .find(Locator::Id("llm-status"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        text.starts_with("On:").then_some(text)
    })
    .await;
    assert!(status.contains("openai · coach"), "{status}");

    // Answer a question, then ask the coach.
    browser
        .goto(&app.url("/practice?question=beh-conflict-coworker"))
        .await
        .unwrap();
    browser
        .find(Locator::Id("answer"))
        .await
        .unwrap()
        .send_keys(STAR_ANSWER)
        .await
        .unwrap();
    browser
        .find(Locator::Css("#answer-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let offline_follow_up = wait_for("the feedback page", || async {
        browser
            .find(Locator::Id("follow-up"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(
        offline_follow_up.contains("from Rehearse's own feedback"),
        "{offline_follow_up}"
    );
    let footer = browser
        .find(Locator::Css(".site-footer"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        footer.contains("except what you choose to send to openai · coach"),
        "{footer}"
    );
    browser
        .find(Locator::Css("#coach-form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The page reloads with the checked parts.
    let note = wait_for("the coach's note", || async {
        browser
            .find(Locator::Id("coach-note"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(
        note.contains("You open with “Last spring I was the”"),
        "{note}"
    );
    let follow_up = browser
        .find(Locator::Id("follow-up"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        follow_up.contains("What did you do yourself to fix it?")
            && follow_up.contains("from the AI coach"),
        "{follow_up}"
    );
    let stronger = browser
        .find(Locator::Id("stronger"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(stronger.contains("Looking back, I learned"), "{stronger}");
    browser.close().await.unwrap();
}
