//! Spoken answers through the API: a recording uploaded, transcribed by a server speaking the
//! OpenAI transcription API (a local fake), saved as an attempt with how it was said, its audio
//! played back and deleted; and what the user gets with no engine or a bad recording.

use std::sync::Arc;
use std::time::Duration;

use axum::routing::post;
use chrono::{TimeZone, Utc};
use rehearse_app::FixedClock;
use rehearse_speech::RemoteTranscriber;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{TestApp, spawn_app, spawn_app_with};

const ANSWER: &str = "Last spring I was the only analyst supporting a sales team of twelve. \
My task was to find out why our weekly revenue report was always a day late. \
I traced every step of the report, I found that two people copied the same numbers by hand, \
and I replaced the copying with one shared query that I scheduled for Monday mornings. \
As a result, the report went out on time every week and we saved about six hours of work a week.";

/// A fake transcription server that hears `text` at 150 words a minute from 0.6 s, with a 1.5 s
/// pause before "As"; returns its base URL.
pub(crate) async fn fake_engine(text: String) -> String {
    let text = Arc::new(text);
    let app = axum::Router::new().route(
        "/v1/audio/transcriptions",
        // The body is read whole, as a real server does before it answers.
        post(move |_body: axum::body::Bytes| {
            let text = text.clone();
            async move {
                let mut at = 0.6;
                let words: Vec<Value> = text
                    .split_whitespace()
                    .map(|word| {
                        if word == "As" {
                            at += 1.5;
                        }
                        let timed = json!({"word": word, "start": at, "end": at + 0.3});
                        at += 0.4;
                        timed
                    })
                    .collect();
                axum::Json(json!({"text": *text, "duration": at + 0.5, "words": words}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/v1")
}

/// The app transcribing with the fake server at `base`.
pub(crate) fn with_engine(app: rehearse_app::App, base: &str) -> rehearse_app::App {
    let engine = RemoteTranscriber::new(base, "whisper-1", None, Duration::from_secs(10));
    let describe = engine.describe();
    app.with_transcriber(Arc::new(engine), describe)
}

/// A 16 kHz mono 16-bit WAV of a tone.
pub(crate) fn wav(seconds: f32) -> Vec<u8> {
    let clip = rehearse_core::speech::AudioClip {
        samples: (0..(seconds * 16_000.0) as usize)
            .map(|n| (n as f32 * 0.06).sin() * 0.3)
            .collect(),
        sample_rate: 16_000,
    };
    rehearse_speech::to_wav(&clip)
}

async fn upload(app: &TestApp, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/recordings"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recording_becomes_an_attempt_with_how_it_was_said() {
    let base = fake_engine(ANSWER.to_owned()).await;
    let clock = Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
    ));
    let app = spawn_app_with(clock, move |app| with_engine(app, &base)).await;
    let status = json_of(app.get("/api/v1/speech").await).await;
    assert_eq!(status["remote"], true);
    let settings = app.get("/settings").await.text().await.unwrap();
    assert!(
        settings.contains("each recording you send to be transcribed goes there"),
        "{settings}"
    );
    assert!(
        status["engine"]
            .as_str()
            .unwrap()
            .starts_with("openai:whisper-1 at 127.0.0.1")
    );

    let response = upload(&app, "audio/wav", wav(3.0)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let heard = json_of(response).await;
    assert!(heard["problem"].is_null(), "{heard}");
    let recording = heard["recording"]["id"].as_i64().unwrap();
    assert_eq!(heard["recording"]["transcript"]["text"], ANSWER);
    assert_eq!(heard["recording"]["has_audio"], true);

    // The answer as corrected by the user, with the recording: analysed with its speech.
    let questions = json_of(app.get("/api/v1/questions?kind=behavioral").await).await;
    let question = questions["questions"][0]["id"].clone();
    let corrected = ANSWER.replace("twelve", "fourteen");
    let response = app
        .post_json(
            "/api/v1/attempts",
            &json!({"question_id": question, "answer": corrected, "recording_id": recording}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let attempt = json_of(response).await;
    assert_eq!(attempt["answer"], corrected.as_str());
    let speech = &attempt["analysis"]["speech"];
    assert_eq!(speech["time_to_first_word_ms"], 600);
    assert_eq!(speech["pauses"].as_array().unwrap().len(), 1, "{speech}");
    assert!(
        attempt["analysis"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|finding| finding["code"] == "pause_before_result" && finding["start_ms"].is_u64()),
        "{}",
        attempt["analysis"]["findings"]
    );
    let info = json_of(app.get(&format!("/api/v1/recordings/{recording}")).await).await;
    assert_eq!(info["attempt_id"], attempt["id"]);

    // One recording makes one attempt.
    let again = app
        .post_json(
            "/api/v1/attempts",
            &json!({"question_id": question, "answer": corrected, "recording_id": recording}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Played back as uploaded, then deleted: the feedback stays.
    let audio = app
        .get(&format!("/api/v1/recordings/{recording}/audio"))
        .await;
    assert_eq!(audio.status(), StatusCode::OK);
    assert_eq!(audio.headers()["content-type"], "audio/wav");
    assert_eq!(audio.bytes().await.unwrap().len(), wav(3.0).len());
    // The feedback page plays it, says how it was said, and deletes it.
    let page = app
        .get(&format!("/attempts/{}", attempt["id"]))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("How you said it"), "{page}");
    assert!(page.contains(&format!("src=\"/api/v1/recordings/{recording}/audio\"")));
    assert!(
        page.contains("1 of 1 s or more, the longest 1.6 s"),
        "{page}"
    );
    assert!(page.contains("data-words=\"600 900 0 4;"), "{page}");
    assert!(page.contains("data-seek="), "a finding plays its moment");
    let deleted = app
        .post_form(
            &format!("/attempts/{}/recording/delete", attempt["id"]),
            &[],
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&format!("/attempts/{}", attempt["id"]))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("The recording was deleted"), "{page}");
    assert!(!page.contains("id=\"answer-audio\""));
    let deleted = app
        .client
        .delete(app.url(&format!("/api/v1/recordings/{recording}/audio")))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = app
        .get(&format!("/api/v1/recordings/{recording}/audio"))
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(gone).await["error"]["code"], "audio_deleted");
    let kept = json_of(
        app.get(&format!("/api/v1/attempts/{}", attempt["id"]))
            .await,
    )
    .await;
    assert!(kept["analysis"]["speech"].is_object());

    // A mock interview answered aloud: the main answer's analysis has how it was said, and its
    // attempt keeps the recording.
    let mock = json_of(
        app.post_json(
            "/api/v1/mocks",
            &json!({"round": "behavioral", "minutes": 15, "persona": "neutral", "mode": "study"}),
        )
        .await,
    )
    .await;
    let heard = json_of(upload(&app, "audio/wav", wav(2.0)).await).await;
    let spoken = heard["recording"]["id"].as_i64().unwrap();
    let response = app
        .post_json(
            &format!("/api/v1/mocks/{}/events", mock["id"]),
            &json!({"type": "answer", "text": ANSWER, "seconds": 40, "recording_id": spoken}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
    let info = json_of(app.get(&format!("/api/v1/recordings/{spoken}")).await).await;
    let attempt_id = info["attempt_id"]
        .as_i64()
        .expect("the mock answer's attempt");
    let mock_attempt = json_of(app.get(&format!("/api/v1/attempts/{attempt_id}")).await).await;
    assert_eq!(
        mock_attempt["analysis"]["speech"]["engine"],
        "openai:whisper-1"
    );
    let page = app
        .get(&format!("/mock/{}", mock["id"]))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("id=\"read-aloud\"") && page.contains("id=\"recorder\""),
        "{page}"
    );

    assert_eq!(
        app.get("/api/v1/recordings/999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/recordings/abc").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn without_an_engine_or_with_bad_audio_the_user_is_told_what_to_do() {
    let app = spawn_app().await;
    let status = json_of(app.get("/api/v1/speech").await).await;
    assert_eq!(status["remote"], false);
    assert!(status["engine"].is_null());
    let settings = app.get("/settings").await.text().await.unwrap();
    assert!(
        settings.contains("it is not turned into text and nothing is sent anywhere"),
        "{settings}"
    );

    // No engine: the recording is saved, nothing is sent anywhere, and the reason is given.
    let response = upload(&app, "audio/wav", wav(2.0)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let heard = json_of(response).await;
    assert!(
        heard["problem"]
            .as_str()
            .unwrap()
            .contains("No speech engine"),
        "{heard}"
    );
    assert!(heard["recording"]["transcript"].is_null());
    let recording = heard["recording"]["id"].as_i64().unwrap();
    let questions = json_of(app.get("/api/v1/questions?kind=behavioral").await).await;
    let response = app
        .post_json(
            "/api/v1/attempts",
            &json!({"question_id": questions["questions"][0]["id"], "answer": ANSWER, "recording_id": recording}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(response).await["error"]["code"], "not_transcribed");

    // Not audio, silent audio, an unknown type.
    let response = upload(
        &app,
        "audio/wav",
        b"hello, this is not a recording".to_vec(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], "bad_audio");
    let silent = rehearse_speech::to_wav(&rehearse_core::speech::AudioClip {
        samples: vec![0.0; 16_000],
        sample_rate: 16_000,
    });
    let body = json_of(upload(&app, "audio/wav", silent).await).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("silent"),
        "{body}"
    );
    let response = upload(&app, "text/plain", wav(1.0)).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Sent as bytes, its type is read from the file.
    let body = json_of(upload(&app, "application/octet-stream", wav(1.0)).await).await;
    assert_eq!(body["recording"]["mime"], "audio/wav", "{body}");
    let response = upload(&app, "audio/wav", vec![0; 26 * 1024 * 1024]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test(flavor = "multi_thread")]
async fn with_audio_not_kept_the_recording_goes_once_its_answer_is_saved() {
    let base = fake_engine(ANSWER.to_owned()).await;
    let clock = Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
    ));
    let app = spawn_app_with(clock, move |app| {
        with_engine(app, &base).with_kept_audio(false)
    })
    .await;
    let status = json_of(app.get("/api/v1/speech").await).await;
    assert_eq!(status["keep_audio"], false);
    let heard = json_of(upload(&app, "audio/wav", wav(2.0)).await).await;
    let recording = heard["recording"]["id"].as_i64().unwrap();
    // Kept until the answer is saved (it may be transcribed again, or played back first).
    assert_eq!(
        app.get(&format!("/api/v1/recordings/{recording}/audio"))
            .await
            .status(),
        StatusCode::OK
    );
    let questions = json_of(app.get("/api/v1/questions?kind=behavioral").await).await;
    let attempt = json_of(
        app.post_json(
            "/api/v1/attempts",
            &json!({"question_id": questions["questions"][0]["id"], "answer": ANSWER, "recording_id": recording}),
        )
        .await,
    )
    .await;
    assert!(
        attempt["analysis"]["speech"]["voice"].is_object(),
        "measured from the audio first"
    );
    let gone = app
        .get(&format!("/api/v1/recordings/{recording}/audio"))
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let settings = app.get("/settings").await.text().await.unwrap();
    assert!(
        settings.contains("name=\"keep_audio\" value=\"1\" >"),
        "the box to keep recordings is not ticked: {settings}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_speech_engine_is_chosen_on_the_settings_page() {
    let base = fake_engine(ANSWER.to_owned()).await;
    let app = spawn_app().await;
    let settings = app.get("/settings").await.text().await.unwrap();
    assert!(settings.contains("id=\"speech-form\""), "{settings}");
    assert!(
        settings.contains("value=\"local\"  disabled"),
        "the local engine cannot be chosen before it is installed: {settings}"
    );

    // Refused, with the reason beside the form, and nothing changed.
    for (fields, reason) in [
        (vec![("engine", "local")], "is not installed"),
        (
            vec![("engine", "openai"), ("model", " ")],
            "transcription model (for example whisper-1)",
        ),
        (
            vec![
                ("engine", "openai"),
                ("model", "whisper-1"),
                ("base_url", "ftp://x"),
            ],
            "is not a web address",
        ),
        (vec![("engine", "elsewhere")], "is not a choice"),
    ] {
        let response = app.post_form("/settings/speech", &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}"
        );
        let page = response.text().await.unwrap();
        assert!(page.contains("id=\"speech-error\""), "{page}");
        assert!(page.contains(reason), "{reason}: {page}");
    }
    assert!(json_of(app.get("/api/v1/speech").await).await["engine"].is_null());

    // A server chosen: used from the next recording, its key never shown back.
    let response = app
        .post_form(
            "/settings/speech",
            &[
                ("engine", "openai"),
                ("model", "whisper-1"),
                ("base_url", &base),
                ("api_key", "sk-speech-secret-9876"),
                ("keep_audio", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        "/settings?speech_saved=1#speech"
    );
    let page = app
        .get("/settings?speech_saved=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"speech-notice\""), "{page}");
    assert!(page.contains("ending …9876"), "{page}");
    assert!(!page.contains("sk-speech-secret"), "the key is never shown");
    let status = json_of(app.get("/api/v1/speech").await).await;
    assert_eq!(status["remote"], true);
    assert_eq!(status["keep_audio"], true);
    let heard = json_of(upload(&app, "audio/wav", wav(2.0)).await).await;
    assert_eq!(heard["recording"]["transcript"]["text"], ANSWER, "{heard}");

    // Another server without a key typed: the old key does not follow it there.
    let response = app
        .post_form(
            "/settings/speech",
            &[
                ("engine", "openai"),
                ("model", "whisper-1"),
                ("base_url", "http://127.0.0.1:9/v1"),
            ],
        )
        .await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("key_dropped=1"), "{location}");
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("the old key was not sent there"), "{page}");
    assert!(!page.contains("ending …9876"), "{page}");

    // Off, and recordings not kept.
    app.post_form("/settings/speech", &[("engine", "off")])
        .await;
    let status = json_of(app.get("/api/v1/speech").await).await;
    assert!(status["engine"].is_null(), "{status}");
    assert_eq!(status["keep_audio"], false);
    let heard = json_of(upload(&app, "audio/wav", wav(2.0)).await).await;
    assert!(heard["recording"]["transcript"].is_null(), "{heard}");
}

/// An engine that tells it has heard half the clip, then waits to be let go.
#[derive(Debug)]
struct HalfwayEngine {
    go: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
}

impl rehearse_core::speech::Transcriber for HalfwayEngine {
    fn engine(&self) -> String {
        "local:halfway".to_owned()
    }

    fn is_remote(&self) -> bool {
        false
    }

    fn transcribe(
        &self,
        clip: &rehearse_core::speech::AudioClip,
        heard: &dyn Fn(u32),
    ) -> Result<rehearse_core::speech::Transcript, rehearse_core::speech::TranscribeError> {
        let total = clip.duration_ms() as u32;
        heard(total / 2);
        self.go.lock().unwrap().recv().ok();
        Ok(rehearse_core::speech::Transcript {
            text: "I did it.".to_owned(),
            words: ["I", "did", "it."]
                .iter()
                .enumerate()
                .map(|(index, word)| rehearse_core::speech::TimedWord {
                    text: (*word).to_owned(),
                    start_ms: 300 + index as u32 * 400,
                    end_ms: 600 + index as u32 * 400,
                })
                .collect(),
            duration_ms: total,
            engine: self.engine(),
        })
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn how_far_a_transcription_has_got_is_told_while_it_runs() {
    let (go, wait) = std::sync::mpsc::channel();
    let engine = HalfwayEngine {
        go: std::sync::Mutex::new(wait),
    };
    let clock = Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
    ));
    let app = Arc::new(
        spawn_app_with(clock, move |app| {
            app.with_transcriber(Arc::new(engine), "halfway on this machine".to_owned())
        })
        .await,
    );
    let idle = json_of(app.get("/api/v1/speech").await).await;
    assert_eq!(idle["transcribing"], json!([]));
    let sending = tokio::spawn({
        let app = app.clone();
        async move { upload(&app, "audio/wav", wav(3.0)).await }
    });
    let running = crate::browser::wait_for("the progress", || async {
        let status = json_of(app.get("/api/v1/speech").await).await;
        (status["transcribing"].as_array()?.len() == 1).then_some(status)
    })
    .await;
    assert_eq!(
        running["transcribing"],
        json!([{"done_ms": 1500, "total_ms": 3000}])
    );
    go.send(()).unwrap();
    let response = sending.await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let done = json_of(app.get("/api/v1/speech").await).await;
    assert_eq!(done["transcribing"], json!([]), "a finished one is gone");
}
