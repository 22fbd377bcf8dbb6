//! Answering aloud in the real page: Chromium's fake microphone plays a file, the page records
//! it, the (fake) engine transcribes it, the transcript lands in the answer box, and the
//! feedback page plays it back with how it was said.

use std::sync::Arc;
use std::time::Duration;

use fantoccini::Locator;
use rehearse_app::FixedClock;

use crate::browser::{ONE_BROWSER, open_browser_with, start_driver, wait_for};
use crate::harness::spawn_app_with;

const HEARD: &str = "Last spring I was the only analyst on a sales team of twelve. My task was to \
find out why the weekly report was late. I traced every step and I replaced the copying with one \
shared query. As a result, the report went out on time every week.";

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_recorded_in_the_page_is_transcribed_and_played_back() {
    let _one_browser = ONE_BROWSER.lock().await;
    let Some(driver) = start_driver().await else {
        return;
    };
    let base = crate::speech::fake_engine(HEARD.to_owned()).await;
    let clock = Arc::new(FixedClock(chrono::Utc::now()));
    let app = spawn_app_with(clock, move |app| crate::speech::with_engine(app, &base)).await;
    // What the fake microphone "hears": a tone, 48 kHz as a sound card gives.
    let folder = tempfile::tempdir().unwrap();
    let microphone = folder.path().join("microphone.wav");
    let clip = rehearse_core::speech::AudioClip {
        samples: (0..48_000 * 6)
            .map(|n| (n as f32 * 2.0 * std::f32::consts::PI * 180.0 / 48_000.0).sin() * 0.4)
            .collect(),
        sample_rate: 48_000,
    };
    std::fs::write(&microphone, rehearse_speech::to_wav(&clip)).unwrap();
    let browser = open_browser_with(
        &driver,
        &[format!(
            "--use-file-for-fake-audio-capture={}",
            microphone.display()
        )],
    )
    .await;

    browser
        .goto(&app.url("/practice?kind=behavioral"))
        .await
        .unwrap();
    let engine_line = wait_for("the engine line", || async {
        let text = browser
            .find(Locator::Id("recorder-engine"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        text.contains("Recordings are sent to openai:whisper-1")
            .then_some(text)
    })
    .await;
    assert!(
        engine_line.contains("Nothing else leaves this machine"),
        "{engine_line}"
    );
    record(&browser, "recorder", Duration::from_millis(1500)).await;
    let status = wait_for("the transcript", || async {
        let status = browser
            .find(Locator::Id("recorder-status"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        status.starts_with("Transcribed").then_some(status)
    })
    .await;
    assert!(status.contains("Correct any word"), "{status}");
    let answer = browser
        .find(Locator::Id("answer"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(answer, HEARD);
    let playback_shown = browser
        .execute(
            "return !document.getElementById('recorder-playback').hidden;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(playback_shown, serde_json::json!(true));
    // The recording reached the server: the browser's copy is gone.
    let recording = browser
        .find(Locator::Id("recording-id"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(recording, "1");
    let retry_hidden = browser
        .execute(
            "return document.getElementById('recorder-retry-actions').hidden;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(retry_hidden, serde_json::json!(true));

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
    let heading = browser
        .find(Locator::Id("speech-heading"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "How you said it");
    // The recording plays, and the word being played is highlighted in the answer.
    browser
        .execute(
            "var audio = document.getElementById('answer-audio'); audio.muted = true; audio.play();",
            vec![],
        )
        .await
        .unwrap();
    let word = wait_for("a highlighted word", || async {
        let word = browser
            .execute(
                "return CSS.highlights.has('spoken-word') ? [...CSS.highlights.get('spoken-word')][0].toString() : null;",
                vec![],
            )
            .await
            .ok()?;
        word.as_str().map(str::to_owned)
    })
    .await;
    assert!(HEARD.contains(&word), "{word}");

    // The story builder: the story told aloud lands in its parts, sentence by sentence, and the
    // recording's audio is not kept (it was only a way to write).
    browser.goto(&app.url("/stories/new")).await.unwrap();
    record(&browser, "recorder", Duration::from_millis(1200)).await;
    let status = wait_for("the story placed", || async {
        let status = text_of(&browser, "recorder-status").await?;
        status.starts_with("Your telling is in").then_some(status)
    })
    .await;
    assert!(status.contains("check each part"), "{status}");
    let field = |name: &'static str| {
        let browser = browser.clone();
        async move {
            browser
                .find(Locator::Id(name))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    assert!(
        field("situation").await.starts_with("Last spring"),
        "{status}"
    );
    assert!(field("task").await.starts_with("My task was"), "{status}");
    assert!(
        field("action").await.starts_with("I traced every step"),
        "{status}"
    );
    assert!(field("result").await.starts_with("As a result"), "{status}");
    let told = [
        field("situation").await,
        field("task").await,
        field("action").await,
        field("result").await,
        field("reflection").await,
    ]
    .join(" ");
    assert_eq!(
        told.split_whitespace().collect::<Vec<_>>(),
        HEARD.split_whitespace().collect::<Vec<_>>(),
        "every word told is in a part, once"
    );
    let recording: serde_json::Value = app.get("/api/v1/recordings/2").await.json().await.unwrap();
    wait_for("the story's audio deleted", || async {
        let recording: serde_json::Value =
            app.get("/api/v1/recordings/2").await.json().await.ok()?;
        (recording["has_audio"] == false).then_some(())
    })
    .await;
    assert!(recording["transcript"]["text"].is_string(), "{recording}");

    // A system-design drill: each step can be talked through aloud, into that step's notes.
    browser
        .goto(&app.url("/drills/system-design"))
        .await
        .unwrap();
    browser
        .execute(
            "document.getElementById('notes-0').value = 'Users: 10 million a day.';",
            vec![],
        )
        .await
        .unwrap();
    record(&browser, "recorder-0", Duration::from_millis(1200)).await;
    wait_for("the step's notes", || async {
        let notes = browser
            .find(Locator::Id("notes-0"))
            .await
            .ok()?
            .prop("value")
            .await
            .ok()??;
        (notes.starts_with("Users: 10 million a day.\nLast spring")).then_some(())
    })
    .await;
    browser.close().await.unwrap();
}

async fn text_of(browser: &fantoccini::Client, id: &str) -> Option<String> {
    browser.find(Locator::Id(id)).await.ok()?.text().await.ok()
}

/// Records `length` of the fake microphone with the recorder whose ids start with `id`.
async fn record(browser: &fantoccini::Client, id: &str, length: Duration) {
    let start = format!("{id}-start");
    let clock = format!("{id}-clock");
    wait_for("the recorder", || async {
        let button = browser.find(Locator::Id(&start)).await.ok()?;
        button.is_displayed().await.ok()?.then_some(())
    })
    .await;
    browser
        .find(Locator::Id(&start))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("recording", || async {
        (text_of(browser, &clock).await? != "0:00").then_some(())
    })
    .await;
    tokio::time::sleep(length).await;
    browser
        .find(Locator::Id(&format!("{id}-stop")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}
