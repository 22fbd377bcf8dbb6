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
    browser
        .find(Locator::Id("record-start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("recording", || async {
        let clock = browser
            .find(Locator::Id("record-clock"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        (clock != "0:00").then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    browser
        .find(Locator::Id("record-stop"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = wait_for("the transcript", || async {
        let status = browser
            .find(Locator::Id("record-status"))
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
            "return !document.getElementById('record-playback').hidden;",
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
            "return document.getElementById('record-retry-actions').hidden;",
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
    browser.close().await.unwrap();
}
