//! A short mock interview and the system-design drill in a real headless Chromium: the clocks,
//! the follow-up, the report, the steps one at a time, and the diagram.

use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::browser::{ONE_BROWSER, open_browser, start_driver, wait_for};
use crate::browser_prep::{click, text};
use crate::harness::spawn_app;
use crate::mocks::{NO_RESULT, RESULT};

async fn type_into(browser: &Client, css: &str, text: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css}: {error}"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Seconds shown by a clock like "2:58".
fn seconds(clock: &str) -> u32 {
    let (minutes, seconds) = clock.trim().split_once(':').expect("m:ss");
    minutes.parse::<u32>().unwrap() * 60 + seconds.parse::<u32>().unwrap()
}

async fn displayed(browser: &Client, css: &str) -> bool {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_short_mock_interview_with_a_follow_up_and_the_report() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;
    browser.goto(&app.url("/mock")).await.unwrap();
    browser
        .execute(
            "document.querySelector('#mock-form input[name=minutes]').value = '15';",
            vec![],
        )
        .await
        .unwrap();
    click(&browser, "#mock-form button[type=submit]").await;
    wait_for("the first question", || async {
        let text = browser
            .find(Locator::Css("#mock-question"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        (!text.is_empty()).then_some(())
    })
    .await;
    assert_eq!(browser.current_url().await.unwrap().path(), "/mock/1");

    // The clock counts down from the question's three minutes.
    let first = seconds(&text(&browser, "[data-countdown-clock]").await);
    assert!(first <= 180, "{first}");
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let later = seconds(&text(&browser, "[data-countdown-clock]").await);
    assert!(later < first, "counting down: {first} then {later}");

    // Pass on the two questions about the person; answer the conflict story without its end.
    for number in [2, 3] {
        click(&browser, "button[value=skip]").await;
        wait_for("the next question", || async {
            let meta = browser
                .find(Locator::Css(".question-card .meta"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            meta.contains(&format!("Question {number} of 3"))
                .then_some(())
        })
        .await;
    }
    type_into(&browser, "#mock-answer", NO_RESULT).await;
    click(&browser, "button[value=answer]").await;
    let follow_up = wait_for("the follow-up", || async {
        let question = browser
            .find(Locator::Css("#mock-question"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        question.contains("How did it turn out").then_some(question)
    })
    .await;
    assert!(follow_up.contains("result"), "{follow_up}");
    assert!(text(&browser, "#last-feedback").await.contains("No result"));
    assert!(text(&browser, "#aims-at").await.contains("the result"));

    type_into(&browser, "#mock-answer", RESULT).await;
    click(&browser, "button[value=answer]").await;
    let report = wait_for("the report", || async {
        let report = browser
            .find(Locator::Css("#report"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        Some(report)
    })
    .await;
    assert!(
        report.contains("1 of 1"),
        "the follow-up was handled: {report}"
    );
    assert!(text(&browser, "#q3").await.contains("Handled"));

    // The clock's time went with each answer.
    let session: Value = app.get("/api/v1/mocks/1").await.json().await.unwrap();
    assert!(
        session["turns"][2]["seconds"].as_u64().is_some(),
        "{session}"
    );
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_system_design_drill_runs_its_steps_against_the_clock_with_a_diagram() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;
    browser
        .goto(&app.url("/drills/system-design"))
        .await
        .unwrap();

    // One step at a time, its time box on the clock.
    assert!(displayed(&browser, "[data-drill-clock]").await);
    assert!(displayed(&browser, "fieldset[data-step=requirements]").await);
    assert!(!displayed(&browser, "fieldset[data-step=estimation]").await);
    let clock = seconds(&text(&browser, "[data-step-clock]").await);
    assert!(
        (170..=180).contains(&clock),
        "three minutes to clarify: {clock}"
    );
    type_into(
        &browser,
        "fieldset[data-step=requirements] textarea",
        "I would ask whether we need custom aliases, and assume links never expire.",
    )
    .await;
    click(&browser, "fieldset[data-step=requirements] [data-next]").await;
    assert!(displayed(&browser, "fieldset[data-step=estimation]").await);
    assert!(!displayed(&browser, "fieldset[data-step=requirements]").await);
    let clock = seconds(&text(&browser, "[data-step-clock]").await);
    assert!(
        (110..=120).contains(&clock),
        "two minutes to estimate: {clock}"
    );
    assert_eq!(
        browser
            .find(Locator::Css("[data-step-tab='0']"))
            .await
            .unwrap()
            .attr("class")
            .await
            .unwrap()
            .as_deref(),
        Some("done")
    );
    type_into(
        &browser,
        "fieldset[data-step=estimation] textarea",
        "About 40 writes a second and 4,000 reads a second at peak.",
    )
    .await;
    click(&browser, "fieldset[data-step=estimation] [data-next]").await;

    // The diagram: two boxes, joined by an arrow.
    for label in ["Load balancer", "API service"] {
        type_into(&browser, "#box-label", label).await;
        click(&browser, "[data-add-box]").await;
    }
    click(&browser, "#diagram [data-box='1'] rect").await;
    click(&browser, "#diagram [data-box='2'] rect").await;
    type_into(&browser, "#box-label", "HTTPS").await;
    click(&browser, "[data-connect]").await;
    let lines = browser
        .find_all(Locator::Css("#diagram line"))
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    let saved: Value = serde_json::from_str(
        &browser
            .find(Locator::Css("#diagram-data"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(saved["boxes"].as_array().unwrap().len(), 2, "{saved}");
    assert_eq!(saved["arrows"][0]["from"], 1);
    assert_eq!(saved["arrows"][0]["to"], 2);
    assert_eq!(saved["arrows"][0]["label"], "HTTPS");

    click(&browser, "#drill-finish").await;
    wait_for("the drill's feedback", || async {
        let url = browser.current_url().await.ok()?;
        url.path().starts_with("/drills/1").then_some(())
    })
    .await;
    let result = text(&browser, "main").await;
    assert!(
        result.contains("of 3:00"),
        "the time spent per step: {result}"
    );
    assert!(displayed(&browser, "#diagram-result svg").await);
    assert!(
        text(&browser, "#diagram-result")
            .await
            .contains("API service")
    );
    browser.close().await.unwrap();
}
