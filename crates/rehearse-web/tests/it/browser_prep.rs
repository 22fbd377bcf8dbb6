//! The plan, the dashboard and the device check in a real headless Chromium. Chromium's fake
//! camera (a test pattern) and microphone (a beep) stand in for real devices.

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::browser::{ONE_BROWSER, open_browser, start_driver, wait_for};
use crate::harness::{STAR_ANSWER, TestApp, spawn_app};
use crate::targets::POSTING;

async fn job(app: &TestApp) -> i64 {
    let response = app
        .post_json("/api/v1/targets", &json!({ "posting": POSTING }))
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["id"].as_i64().unwrap()
}

pub(crate) async fn text(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css}: {error}"))
        .text()
        .await
        .unwrap()
}

pub(crate) async fn click(browser: &Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css}: {error}"))
        .click()
        .await
        .unwrap();
}

/// Waits for a page whose URL path is `path` after a form submit.
async fn wait_for_path(browser: &Client, path: &str) {
    wait_for(path, || async {
        let url = browser.current_url().await.ok()?;
        (url.path() == path).then_some(())
    })
    .await;
}

#[tokio::test]
async fn set_a_date_follow_the_plan_and_check_tasks_off() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let id = job(&app).await;
    let browser = open_browser(&driver).await;
    browser.goto(&app.url("/plan")).await.unwrap();
    assert!(
        text(&browser, "#plan-empty")
            .await
            .contains("Give an interview date")
    );

    // The date picker's typing differs by locale; set its value as the picker would.
    browser
        .execute(
            "document.querySelector('form[data-job] input[name=date]').value = '2026-12-08';",
            vec![],
        )
        .await
        .unwrap();
    let label = browser
        .find(Locator::Css("form[data-job] input[name=label]"))
        .await
        .unwrap();
    label.send_keys("onsite").await.unwrap();
    click(&browser, "form[data-job] button[type=submit]").await;
    let first_day = wait_for("the plan's days", || async {
        let day = browser.find(Locator::Css(".plan-day h3")).await.ok()?;
        day.text().await.ok()
    })
    .await;
    assert!(
        first_day.starts_with("Today, Sun 29 Nov 2026"),
        "{first_day}"
    );
    let legend = text(&browser, "form[data-job] legend").await;
    assert!(
        legend.contains("next interview in 9 days (onsite)"),
        "{legend}"
    );
    let research = browser
        .find(Locator::Css(&format!(
            ".plan-task a[href='/targets/{id}/research']"
        )))
        .await;
    assert!(research.is_ok(), "a research task opens the worksheet");

    // Check the first task off; it moves to "Done"; undo brings it back.
    let first = browser
        .find(Locator::Css(".plan-day .plan-task"))
        .await
        .unwrap();
    let task_id = first.attr("data-task").await.unwrap().unwrap();
    click(&browser, ".plan-day .plan-task form.check button").await;
    wait_for("the task to be done", || async {
        let heading = browser.find(Locator::Id("done-heading")).await.ok()?;
        (heading.text().await.ok()? == "Done (1)").then_some(())
    })
    .await;
    let done = text(&browser, ".plan-tasks.done").await;
    assert!(!done.is_empty());
    assert!(
        browser
            .find(Locator::Css(&format!(".plan-day [data-task='{task_id}']")))
            .await
            .is_err(),
        "a done task is not planned again"
    );
    click(&browser, ".plan-tasks.done form.check button").await;
    wait_for("the task to be back", || async {
        browser
            .find(Locator::Css(&format!(".plan-day [data-task='{task_id}']")))
            .await
            .ok()
            .map(|_| ())
    })
    .await;

    // More hours a day: fewer days needed.
    let days_before = browser
        .find_all(Locator::Css(".plan-day"))
        .await
        .unwrap()
        .len();
    let hours = browser
        .find(Locator::Css("#hours-form input[name=hours]"))
        .await
        .unwrap();
    hours.clear().await.unwrap();
    hours.send_keys("3").await.unwrap();
    click(&browser, "#hours-form button").await;
    wait_for_path(&browser, "/plan").await;
    let days_after = wait_for("the re-planned days", || async {
        let input = browser
            .find(Locator::Css("#hours-form input[name=hours]"))
            .await
            .ok()?;
        (input.prop("value").await.ok()?? == "3").then_some(())?;
        Some(
            browser
                .find_all(Locator::Css(".plan-day"))
                .await
                .ok()?
                .len(),
        )
    })
    .await;
    assert!(days_after < days_before, "{days_after} < {days_before}");
    assert!(
        browser
            .find(Locator::Css("form[action='/plan.ics'] button"))
            .await
            .is_ok()
    );
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_with_the_numbers_beside_them() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    job(&app).await;
    for (question, answer) in [
        ("beh-conflict-coworker", STAR_ANSWER),
        ("beh-why-this-role", "Um, so, I like, um, the product."),
    ] {
        let response = app
            .post_json(
                "/api/v1/attempts",
                &json!({ "question_id": question, "answer": answer }),
            )
            .await;
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    }
    let browser = open_browser(&driver).await;
    browser.goto(&app.url("/progress")).await.unwrap();
    // Each chart is drawn at a real size, with its lines, and labelled for screen readers.
    let sizes = browser
        .execute(
            "return Array.from(document.querySelectorAll('figure.chart > svg')).map(svg => {
               const box = svg.getBoundingClientRect();
               return [svg.closest('figure').id, Math.round(box.width), Math.round(box.height),
                       svg.getAttribute('aria-labelledby')];
             });",
            vec![],
        )
        .await
        .unwrap();
    let sizes = sizes.as_array().unwrap();
    let ids: Vec<&str> = sizes.iter().map(|row| row[0].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "readiness-chart",
            "score-chart",
            "filler-chart",
            "length-chart",
            "stories-chart"
        ]
    );
    for row in sizes {
        assert!(row[1].as_i64().unwrap() > 300, "{row}");
        assert!(row[2].as_i64().unwrap() > 40, "{row}");
        assert!(row[3].as_str().unwrap().ends_with("-desc"), "{row}");
    }
    let dots = browser
        .find_all(Locator::Css("#score-chart g[data-series=overall] circle"))
        .await
        .unwrap();
    assert_eq!(dots.len(), 1, "one day of answers");
    // <desc> is not rendered, so it is read from the document.
    let described = browser
        .execute(
            "return document.querySelector('#filler-chart desc').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        described
            .as_str()
            .unwrap()
            .starts_with("fillers per 100 words"),
        "{described}"
    );
    let rows = browser
        .find_all(Locator::Css("#trends-table tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let row = rows[0].text().await.unwrap();
    assert!(row.starts_with("Sun 29 Nov 2026 2"), "{row}");
    let readiness = text(&browser, "#readiness-table").await;
    assert!(readiness.contains("Behavioral"), "{readiness}");
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_device_check_shows_the_camera_and_the_microphone_level() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = open_browser(&driver).await;
    browser.goto(&app.url("/interview-day")).await.unwrap();

    click(&browser, "#device-start").await;
    wait_for("the camera to stream", || async {
        let width = browser
            .execute(
                "return document.getElementById('camera-preview').videoWidth;",
                vec![],
            )
            .await
            .ok()?;
        (width.as_i64()? > 0).then_some(())
    })
    .await;
    let status = text(&browser, "#device-status").await;
    assert!(status.starts_with("Camera:"), "{status}");
    // Chromium's fake microphone beeps: the meter moves.
    wait_for("the microphone level", || async {
        let level = browser
            .find(Locator::Id("device-check"))
            .await
            .ok()?
            .attr("data-level")
            .await
            .ok()??;
        (level.parse::<f64>().ok()? > 0.0).then_some(())
    })
    .await;

    click(&browser, "#test-sound").await;
    let tone = browser
        .find(Locator::Id("device-check"))
        .await
        .unwrap()
        .attr("data-tone")
        .await
        .unwrap();
    assert_eq!(tone.as_deref(), Some("played"));

    click(&browser, "#device-stop").await;
    let stopped = browser
        .execute(
            "return [document.getElementById('camera-preview').srcObject === null,
                     document.getElementById('device-check').hasAttribute('data-live'),
                     document.getElementById('device-start').disabled];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(stopped, json!([true, false, false]));

    // The checklist beside it keeps what was ticked.
    click(&browser, "input[name=item][value=camera]").await;
    click(&browser, "input[name=item][value=light]").await;
    click(&browser, "#checklist-form button[type=submit]").await;
    wait_for("the saved checklist", || async {
        let count = browser.find(Locator::Id("checked-count")).await.ok()?;
        (count.text().await.ok()? == "2 of 9").then_some(())
    })
    .await;
    browser.close().await.unwrap();
}
