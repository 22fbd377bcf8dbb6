//! `rehearse analyze --audio`: a recording decoded, sent to the configured transcription server
//! (a local fake of the OpenAI API here), and analysed with how it was said.

use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::{STAR_ANSWER, Sandbox, failure, stderr, success};

const KEY: &str = "sk-stt-test-secret-4321";

/// The STAR answer as said: 150 words a minute from 0.7 s, a 1.5 s pause before "As a result"
/// and a 3 s one inside a sentence, before "one shared query".
fn words() -> Vec<Value> {
    let mut at = 0.7;
    let mut out = Vec::new();
    let words: Vec<&str> = STAR_ANSWER.split_whitespace().collect();
    for (index, word) in words.iter().enumerate() {
        if *word == "As" {
            at += 1.5;
        }
        if *word == "one" && words.get(index + 1) == Some(&"shared") {
            at += 3.0;
        }
        out.push(json!({"word": word, "start": at, "end": at + 0.3}));
        at += 0.4;
    }
    out
}

/// Reads the whole body before answering, as a real server does.
async fn transcriptions(headers: HeaderMap, _body: axum::body::Bytes) -> Response {
    if headers
        .get("authorization")
        .is_none_or(|value| value.to_str().unwrap_or_default() != format!("Bearer {KEY}"))
    {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"message":"bad key"}}"#,
        )
            .into_response();
    }
    let words = words();
    let end = words.last().unwrap()["end"].as_f64().unwrap() + 0.5;
    axum::Json(json!({"text": STAR_ANSWER, "duration": end, "words": words})).into_response()
}

fn fake_server() -> String {
    let (sender, receiver) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            let router =
                axum::Router::new().route("/v1/audio/transcriptions", post(transcriptions));
            axum::serve(listener, router).await.unwrap();
        });
    });
    format!("http://{}/v1", receiver.recv().unwrap())
}

/// A 16-bit mono WAV of a tone.
fn wav(seconds: u32) -> Vec<u8> {
    rehearse_speech::to_wav(&rehearse_core::speech::AudioClip {
        samples: (0..16_000 * seconds)
            .map(|n| (n as f32 * 0.07).sin() * 0.25)
            .collect(),
        sample_rate: 16_000,
    })
}

const QUESTION: &str = "Tell me about a time you improved a process.";

#[test]
fn a_recording_is_transcribed_and_told_how_it_was_said() {
    let sandbox = Sandbox::new();
    let audio = sandbox.write("answer.wav", wav(40));
    let audio = audio.to_str().unwrap();

    // No engine configured: nothing is sent anywhere, and the error says how to set one.
    let line = failure(&sandbox.run(&["analyze", "--question", QUESTION, "--audio", audio]));
    assert!(line.contains("REHEARSE_STT=openai:MODEL"), "{line}");

    let base = fake_server();
    let with_engine = |args: &[&str], key: &str| {
        let mut command = sandbox.command(args);
        command
            .env("REHEARSE_STT", "openai:whisper-1")
            .env("REHEARSE_STT_BASE_URL", &base)
            .env("REHEARSE_STT_API_KEY", key);
        command.output().unwrap()
    };
    let output = with_engine(
        &[
            "analyze",
            "--question",
            QUESTION,
            "--audio",
            audio,
            "--json",
        ],
        KEY,
    );
    let analysis: Value = serde_json::from_str(&success(&output)).unwrap();
    let speech = &analysis["speech"];
    for field in [
        "duration_ms",
        "words_per_minute",
        "time_to_first_word_ms",
        "fillers_per_minute",
        "pauses",
        "words",
        "engine",
    ] {
        assert!(!speech[field].is_null(), "speech.{field} in {speech}");
    }
    assert_eq!(speech["engine"], "openai:whisper-1");
    assert_eq!(speech["time_to_first_word_ms"], 700);
    assert_eq!(speech["pauses"].as_array().unwrap().len(), 2, "{speech}");
    let codes: Vec<&str> = analysis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"pause_before_result"), "{codes:?}");
    assert!(codes.contains(&"long_pause"), "{codes:?}");
    let pause = analysis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["code"] == "long_pause")
        .unwrap();
    assert_eq!(pause["quote"], "one");
    assert!(pause["start_ms"].as_u64().is_some() && pause["end_ms"].as_u64().is_some());

    // The text report says how it was said.
    let output = with_engine(&["analyze", "--question", QUESTION, "--audio", audio], KEY);
    let text = success(&output);
    assert!(text.contains("Said at "), "{text}");
    assert!(
        text.contains("2 pauses of 1 s or more (longest 3.1 s)"),
        "{text}"
    );
    assert!(stderr(&output).contains("the recording is sent there"));

    // A correction of the transcript is what is analysed: without the result sentence, the
    // answer has no result, while the words and their times still come from the recording.
    let without_result = STAR_ANSWER.split(" As a result").next().unwrap();
    let corrected = sandbox.write("corrected.txt", without_result);
    let output = with_engine(
        &[
            "analyze",
            "--question",
            QUESTION,
            "--audio",
            audio,
            "--answer-file",
            corrected.to_str().unwrap(),
            "--json",
        ],
        KEY,
    );
    let analysis: Value = serde_json::from_str(&success(&output)).unwrap();
    assert_eq!(analysis["star"]["result"]["present"], false, "{analysis}");
    assert_eq!(
        analysis["speech"]["words"].as_array().unwrap().len(),
        STAR_ANSWER.split_whitespace().count()
    );

    // `practice --audio`: saved as an attempt with its recording, judged with how it was said.
    let listed = success(&sandbox.run(&["questions", "list", "--kind", "behavioral", "--json"]));
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let question = listed["questions"][0]["id"].as_str().unwrap().to_owned();
    let output = with_engine(
        &["practice", "--question", &question, "--audio", audio],
        KEY,
    );
    let text = success(&output);
    assert!(text.contains("Said at "), "{text}");
    assert!(
        text.contains("Saved as attempt 1 with its recording"),
        "{text}"
    );
    let shown = success(&sandbox.run(&["attempts", "show", "1", "--json"]));
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["analysis"]["speech"]["engine"], "openai:whisper-1");

    // A refused key: a clear error that keeps the recording and never shows the key.
    let output = with_engine(
        &["analyze", "--question", QUESTION, "--audio", audio],
        "sk-wrong",
    );
    assert_eq!(output.status.code(), Some(1));
    let line = stderr(&output)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    assert!(line.contains("refused the API key"), "{line}");
    assert!(line.contains("the recording is unchanged"), "{line}");
    assert!(!stderr(&output).contains("sk-wrong"));

    // Not a recording, and a silent one.
    let text_file = sandbox.write("notes.wav", "just some text");
    let line = failure(&with_engine(
        &[
            "analyze",
            "--question",
            QUESTION,
            "--audio",
            text_file.to_str().unwrap(),
        ],
        KEY,
    ));
    assert!(line.contains("not a recording Rehearse can read"), "{line}");
    let mut silent = wav(2);
    let header = 44;
    for byte in &mut silent[header..] {
        *byte = 0;
    }
    let silent = sandbox.write("silent.wav", silent);
    let line = failure(&with_engine(
        &[
            "analyze",
            "--question",
            QUESTION,
            "--audio",
            silent.to_str().unwrap(),
        ],
        KEY,
    ));
    assert!(line.contains("silent"), "{line}");
}
