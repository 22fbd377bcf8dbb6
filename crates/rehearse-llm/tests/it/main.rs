//! The clients against a local server that speaks both wire formats — and misbehaves on request.
//! The model name picks the behaviour: `ok`, `unauthorized`, `rate-limited` (429 with
//! `Retry-After` until the third try), `broken` (500), `malformed`, `cut` (a stream that stops
//! halfway), `slow`, `no-schema` (400 on structured output).

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use rehearse_llm::{
    Anthropic, ApiKey, ChatRequest, LlmError, LlmProvider, OpenAiCompatible, Reliable, RetryPolicy,
};
use serde_json::{Value, json};
use tokio::sync::mpsc;

#[derive(Default)]
struct Seen {
    bodies: Mutex<Vec<Value>>,
    headers: Mutex<Vec<HeaderMap>>,
    tries: AtomicUsize,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

type Shared = Arc<Seen>;

const KEY: &str = "sk-test-secret-key-1234";

fn sse(events: &[String]) -> Response {
    let body: String = events.iter().map(|event| format!("{event}\n\n")).collect();
    ([(header::CONTENT_TYPE, "text/event-stream")], body).into_response()
}

async fn misbehave(model: &str, seen: &Seen) -> Option<Response> {
    match model {
        "unauthorized" => Some(
            (
                StatusCode::UNAUTHORIZED,
                r#"{"error":{"message":"invalid x-api-key"}}"#,
            )
                .into_response(),
        ),
        "rate-limited" if seen.tries.fetch_add(1, Ordering::SeqCst) < 2 => Some(
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "0.2")],
                r#"{"error":{"message":"slow down"}}"#,
            )
                .into_response(),
        ),
        "broken" => {
            seen.tries.fetch_add(1, Ordering::SeqCst);
            Some(
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    r#"{"error":{"message":"boom"}}"#,
                )
                    .into_response(),
            )
        }
        "malformed" => {
            Some(([(header::CONTENT_TYPE, "application/json")], "{not json").into_response())
        }
        "slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            None
        }
        _ => None,
    }
}

async fn openai(State(seen): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap();
    seen.bodies.lock().unwrap().push(body.clone());
    seen.headers.lock().unwrap().push(headers);
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(30)).await;
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    let model = body["model"].as_str().unwrap_or("").to_owned();
    if let Some(response) = misbehave(&model, &seen).await {
        return response;
    }
    if model == "no-schema" && body.get("response_format").is_some() {
        return (
            StatusCode::BAD_REQUEST,
            r#"{"error":{"message":"response_format json_schema is not supported"}}"#,
        )
            .into_response();
    }
    let content = if body.get("response_format").is_some() || model == "no-schema" {
        r#"{"answer":"yes"}"#.to_owned()
    } else {
        "Hello there".to_owned()
    };
    if body["stream"] == json!(true) {
        let mut events: Vec<String> = content
            .as_bytes()
            .chunks(4)
            .map(|piece| {
                format!(
                    "data: {}",
                    json!({"choices": [{"delta": {"content": String::from_utf8_lossy(piece)}, "finish_reason": null}]})
                )
            })
            .collect();
        if model == "cut" {
            events.truncate(1);
            return sse(&events);
        }
        events.push(format!(
            "data: {}",
            json!({"choices": [{"delta": {}, "finish_reason": "stop"}]})
        ));
        events.push(format!(
            "data: {}",
            json!({"choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 3}})
        ));
        events.push("data: [DONE]".to_owned());
        return sse(&events);
    }
    axum::Json(json!({
        "choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 3}
    }))
    .into_response()
}

async fn anthropic(State(seen): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap();
    seen.bodies.lock().unwrap().push(body.clone());
    seen.headers.lock().unwrap().push(headers);
    let model = body["model"].as_str().unwrap_or("").to_owned();
    if let Some(response) = misbehave(&model, &seen).await {
        return response;
    }
    let tool = body.get("tools").is_some();
    if body["stream"] == json!(true) {
        let mut events = vec![
            format!(
                "event: message_start\ndata: {}",
                json!({"type": "message_start", "message": {"usage": {"input_tokens": 12}}})
            ),
            format!(
                "event: content_block_start\ndata: {}",
                json!({"type": "content_block_start", "index": 0})
            ),
            "event: ping\ndata: {\"type\": \"ping\"}".to_owned(),
        ];
        let pieces: Vec<Value> = if tool {
            vec![
                json!({"type": "input_json_delta", "partial_json": "{\"answer\":"}),
                json!({"type": "input_json_delta", "partial_json": "\"yes\"}"}),
            ]
        } else {
            vec![
                json!({"type": "text_delta", "text": "Hello "}),
                json!({"type": "text_delta", "text": "there"}),
            ]
        };
        for delta in pieces {
            events.push(format!(
                "event: content_block_delta\ndata: {}",
                json!({"type": "content_block_delta", "index": 0, "delta": delta})
            ));
        }
        if model == "cut" {
            events.truncate(4);
            return sse(&events);
        }
        events.push(format!("event: message_delta\ndata: {}", json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 4}})));
        events.push(format!(
            "event: message_stop\ndata: {}",
            json!({"type": "message_stop"})
        ));
        return sse(&events);
    }
    let content = if tool {
        json!([{"type": "tool_use", "id": "t1", "name": "answer", "input": {"answer": "yes"}}])
    } else {
        json!([{"type": "text", "text": "Hello there"}])
    };
    axum::Json(json!({"content": content, "stop_reason": "end_turn", "usage": {"input_tokens": 12, "output_tokens": 4}})).into_response()
}

async fn server() -> (String, Shared) {
    let seen: Shared = Arc::default();
    let router = Router::new()
        .route("/v1/chat/completions", post(openai))
        .route("/v1/messages", post(anthropic))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{address}"), seen)
}

fn openai_client(base: &str, model: &str) -> OpenAiCompatible {
    OpenAiCompatible::new(
        &format!("{base}/v1"),
        Some(ApiKey::new(KEY)),
        model,
        Duration::from_secs(2),
    )
}

fn anthropic_client(base: &str, model: &str) -> Anthropic {
    Anthropic::new(base, ApiKey::new(KEY), model, Duration::from_secs(2))
}

fn schema_request() -> ChatRequest {
    ChatRequest::new("You answer.", "Yes or no?").with_schema(
        "answer",
        json!({"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"], "additionalProperties": false}),
    )
}

async fn stream(
    provider: &dyn LlmProvider,
    request: &ChatRequest,
) -> (Result<rehearse_llm::ChatResponse, LlmError>, Vec<String>) {
    let (sender, mut receiver) = mpsc::channel(16);
    let collect = async {
        let mut pieces = Vec::new();
        while let Some(piece) = receiver.recv().await {
            pieces.push(piece);
        }
        pieces
    };
    let (result, pieces) = tokio::join!(provider.chat(request, Some(sender)), collect);
    (result, pieces)
}

#[tokio::test]
async fn openai_answers_whole_and_streamed_with_structured_output() {
    let (base, seen) = server().await;
    let client = openai_client(&base, "ok");
    let plain = client
        .chat(&ChatRequest::new("Be brief.", "Hi"), None)
        .await
        .unwrap();
    assert_eq!(plain.text, "Hello there");
    assert_eq!((plain.tokens.input, plain.tokens.output), (11, 3));
    let structured = client.chat(&schema_request(), None).await.unwrap();
    assert_eq!(structured.text, r#"{"answer":"yes"}"#);

    let (result, pieces) = stream(&client, &ChatRequest::new("Be brief.", "Hi")).await;
    let streamed = result.unwrap();
    assert_eq!(pieces.concat(), "Hello there");
    assert!(pieces.len() > 1, "arrives in pieces");
    assert_eq!(streamed.tokens.output, 3);

    let bodies = seen.bodies.lock().unwrap().clone();
    assert_eq!(
        bodies[0]["messages"][0],
        json!({"role": "system", "content": "Be brief."})
    );
    assert_eq!(bodies[1]["response_format"]["type"], "json_schema");
    assert_eq!(bodies[1]["response_format"]["json_schema"]["strict"], true);
    assert_eq!(bodies[2]["stream"], true);
    let headers = seen.headers.lock().unwrap().clone();
    assert_eq!(headers[0]["authorization"], format!("Bearer {KEY}"));
    assert_eq!(
        client.describe(),
        format!("openai · ok at {}", base.trim_start_matches("http://"))
    );
}

#[tokio::test]
async fn anthropic_answers_whole_and_streamed_with_a_tool_for_structure() {
    let (base, seen) = server().await;
    let client = anthropic_client(&base, "ok");
    assert_eq!(
        client
            .chat(&ChatRequest::new("Be brief.", "Hi"), None)
            .await
            .unwrap()
            .text,
        "Hello there"
    );
    let structured = client.chat(&schema_request(), None).await.unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&structured.text).unwrap(),
        json!({"answer": "yes"})
    );
    let (result, pieces) = stream(&client, &ChatRequest::new("Be brief.", "Hi")).await;
    assert_eq!(pieces, ["Hello ", "there"]);
    assert_eq!(result.unwrap().tokens.input, 12);
    let (result, _) = stream(&client, &schema_request()).await;
    assert_eq!(result.unwrap().text, r#"{"answer":"yes"}"#);

    let bodies = seen.bodies.lock().unwrap().clone();
    assert_eq!(bodies[0]["system"], "Be brief.");
    assert_eq!(
        bodies[1]["tool_choice"],
        json!({"type": "tool", "name": "answer"})
    );
    let headers = seen.headers.lock().unwrap().clone();
    assert_eq!(headers[0]["x-api-key"], KEY);
    assert_eq!(headers[0]["anthropic-version"], "2023-06-01");
}

#[tokio::test]
async fn failures_are_named_and_never_show_the_key() {
    let (base, _) = server().await;
    let request = ChatRequest::new("s", "u");
    for client in [
        Box::new(openai_client(&base, "unauthorized")) as Box<dyn LlmProvider>,
        Box::new(anthropic_client(&base, "unauthorized")),
    ] {
        let error = client.chat(&request, None).await.unwrap_err();
        assert_eq!(error, LlmError::Unauthorized { status: 401 });
        assert!(!error.to_string().contains(KEY));
    }
    let debug = format!(
        "{:?} {:?}",
        openai_client(&base, "ok"),
        anthropic_client(&base, "ok")
    );
    assert!(!debug.contains(KEY) && debug.contains("…1234"), "{debug}");
    let malformed = openai_client(&base, "malformed")
        .chat(&request, None)
        .await
        .unwrap_err();
    assert!(matches!(malformed, LlmError::Malformed(_)), "{malformed:?}");
    let slow = openai_client(&base, "slow")
        .chat(&request, None)
        .await
        .unwrap_err();
    assert_eq!(slow, LlmError::Timeout { seconds: 2 });
    for client in [
        Box::new(openai_client(&base, "cut")) as Box<dyn LlmProvider>,
        Box::new(anthropic_client(&base, "cut")),
    ] {
        let (result, pieces) = stream(client.as_ref(), &request).await;
        assert_eq!(result.unwrap_err(), LlmError::Interrupted);
        assert!(!pieces.is_empty(), "some text came before the cut");
    }
    let nowhere =
        OpenAiCompatible::new("http://127.0.0.1:9/v1", None, "ok", Duration::from_secs(2));
    assert!(matches!(
        nowhere.chat(&request, None).await.unwrap_err(),
        LlmError::Network(_)
    ));
    let key = ApiKey::new(KEY);
    assert_eq!(format!("{key:?}"), "ApiKey(…1234)");
    assert_eq!(key.to_string(), "…1234");
}

#[tokio::test]
async fn a_server_without_structured_output_gets_the_schema_in_the_prompt() {
    let (base, seen) = server().await;
    let client = openai_client(&base, "no-schema");
    assert_eq!(
        client.chat(&schema_request(), None).await.unwrap().text,
        r#"{"answer":"yes"}"#
    );
    assert_eq!(
        client.chat(&schema_request(), None).await.unwrap().text,
        r#"{"answer":"yes"}"#
    );
    let bodies = seen.bodies.lock().unwrap().clone();
    assert_eq!(
        bodies.len(),
        3,
        "tried once with the schema, then remembered"
    );
    assert!(bodies[1].get("response_format").is_none());
    assert!(
        bodies[1]["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("follow this JSON schema")
    );
}

#[tokio::test]
async fn reliable_retries_honours_retry_after_caches_and_limits_concurrency() {
    let (base, seen) = server().await;
    let policy = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
    };
    let limited = Reliable::new(Arc::new(openai_client(&base, "rate-limited")), policy, 2);
    let started = Instant::now();
    let answer = limited
        .chat(&ChatRequest::new("s", "u"), None)
        .await
        .unwrap();
    assert_eq!(answer.text, "Hello there");
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "waited as Retry-After asked, twice"
    );
    assert_eq!(limited.usage().requests, 3);

    // The same request again: from the cache, no new request, no tokens.
    let again = limited
        .chat(&ChatRequest::new("s", "u"), None)
        .await
        .unwrap();
    assert!(again.cached);
    let usage = limited.usage();
    assert_eq!(
        (usage.requests, usage.cached, usage.output_tokens),
        (3, 1, 3)
    );

    let broken = Reliable::new(Arc::new(openai_client(&base, "broken")), policy, 2);
    let error = broken
        .chat(&ChatRequest::new("s", "u"), None)
        .await
        .unwrap_err();
    assert!(matches!(error, LlmError::Server { status: 500, .. }));
    assert_eq!(broken.usage().failed, 1);

    // Unauthorized is not retried.
    let refused = Reliable::new(Arc::new(openai_client(&base, "unauthorized")), policy, 2);
    refused
        .chat(&ChatRequest::new("s", "u"), None)
        .await
        .unwrap_err();
    assert_eq!(refused.usage().requests, 1);

    // A cut stream that already showed text is not retried (it would show the text twice).
    let cut = Reliable::new(Arc::new(openai_client(&base, "cut")), policy, 2);
    let (result, _) = stream(&cut, &ChatRequest::new("s", "u")).await;
    assert_eq!(result.unwrap_err(), LlmError::Interrupted);
    assert_eq!(cut.usage().requests, 1);

    // At most one in flight.
    seen.most_in_flight.store(0, Ordering::SeqCst);
    let one = Arc::new(Reliable::new(
        Arc::new(openai_client(&base, "ok")),
        policy,
        1,
    ));
    let tasks: Vec<_> = (0..4)
        .map(|n| {
            let one = one.clone();
            tokio::spawn(async move {
                one.chat(&ChatRequest::new("s", format!("question {n}")), None)
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(seen.most_in_flight.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_listener_that_leaves_cancels_the_stream() {
    let (base, _) = server().await;
    let client = openai_client(&base, "ok");
    let (sender, receiver) = mpsc::channel(1);
    drop(receiver);
    let error = client
        .chat(&ChatRequest::new("s", "u"), Some(sender))
        .await
        .unwrap_err();
    assert_eq!(error, LlmError::Cancelled);
}
