//! The transcribers against a local fake of the OpenAI transcription API: what the user gets for
//! a good reply, a refused key, a rate limit, a server error, a malformed reply and a slow one.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use rehearse_core::speech::{AudioClip, TranscribeError, Transcriber};
use rehearse_llm::ApiKey;
use rehearse_speech::RemoteTranscriber;

/// Serves `reply` for every transcription request; returns the base URL.
async fn fake(reply: fn(HeaderMap, String) -> Response) -> String {
    let app = Router::new().route(
        "/v1/audio/transcriptions",
        post(
            move |headers: HeaderMap, body: axum::body::Bytes| async move {
                reply(headers, String::from_utf8_lossy(&body).into_owned())
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/v1")
}

fn clip() -> AudioClip {
    AudioClip {
        samples: (0..16_000)
            .map(|n| ((n as f32) * 0.05).sin() * 0.3)
            .collect(),
        sample_rate: 16_000,
    }
}

async fn transcribe(
    base: String,
    timeout: Duration,
) -> Result<rehearse_core::speech::Transcript, TranscribeError> {
    tokio::task::spawn_blocking(move || {
        RemoteTranscriber::new(
            &base,
            "whisper-1",
            Some(ApiKey::new("sk-test-1234")),
            timeout,
        )
        .transcribe(&clip(), &|_| {})
    })
    .await
    .unwrap()
}

const GOOD: &str = r#"{"text":"Um, I led the migration.","duration":2.4,
  "words":[{"word":"Um","start":0.2,"end":0.45},{"word":"I","start":0.9,"end":1.0},
           {"word":"led","start":1.0,"end":1.2},{"word":"the","start":1.2,"end":1.3},
           {"word":"migration.","start":1.3,"end":1.9}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_server_reply_becomes_timed_words_and_every_failure_a_clear_error() {
    // The request carries the key, the model, word timestamps and a disfluent prompt.
    let base = fake(|headers, body| {
        let ok = headers
            .get("authorization")
            .is_some_and(|v| v == "Bearer sk-test-1234")
            && body.contains("name=\"model\"\r\n\r\nwhisper-1")
            && body.contains("verbose_json")
            && body.contains("timestamp_granularities[]")
            && body.contains("Um, so, uh")
            && body.contains("RIFF");
        if ok {
            GOOD.into_response()
        } else {
            (StatusCode::BAD_REQUEST, "unexpected request").into_response()
        }
    })
    .await;
    let transcript = transcribe(base, Duration::from_secs(10)).await.unwrap();
    assert_eq!(transcript.text, "Um, I led the migration.");
    assert_eq!(transcript.words.len(), 5);
    assert_eq!(transcript.words[0].text, "Um", "fillers are kept");
    assert_eq!(
        (transcript.words[4].start_ms, transcript.words[4].end_ms),
        (1300, 1900)
    );
    assert_eq!(transcript.duration_ms, 2400);
    assert_eq!(transcript.engine, "openai:whisper-1");

    let base = fake(|_, _| {
        (
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"message":"bad key"}}"#,
        )
            .into_response()
    })
    .await;
    let error = transcribe(base, Duration::from_secs(10)).await.unwrap_err();
    assert_eq!(error, TranscribeError::Unauthorized);
    assert!(
        !error.to_string().contains("sk-test"),
        "the key is never shown"
    );

    let base = fake(|_, _| {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "7")],
            "slow down",
        )
            .into_response()
    })
    .await;
    assert_eq!(
        transcribe(base, Duration::from_secs(10)).await.unwrap_err(),
        TranscribeError::RateLimited {
            retry_after: Some(7)
        }
    );

    let base = fake(|_, _| (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response()).await;
    assert!(matches!(
        transcribe(base, Duration::from_secs(10)).await.unwrap_err(),
        TranscribeError::Server(message) if message.contains("500")
    ));

    let base = fake(|_, _| "{\"txt\": 1".into_response()).await;
    assert!(matches!(
        transcribe(base, Duration::from_secs(10)).await.unwrap_err(),
        TranscribeError::Malformed(_)
    ));

    // A server that never answers in time.
    let app = Router::new().route(
        "/v1/audio/transcriptions",
        post(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            GOOD
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    assert_eq!(
        transcribe(format!("http://{address}/v1"), Duration::from_millis(500))
            .await
            .unwrap_err(),
        TranscribeError::Timeout
    );

    // Nothing listening.
    assert!(matches!(
        transcribe("http://127.0.0.1:9/v1".to_owned(), Duration::from_secs(2))
            .await
            .unwrap_err(),
        TranscribeError::Network(_)
    ));
}
