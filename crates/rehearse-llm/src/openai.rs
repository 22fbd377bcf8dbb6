//! The OpenAI-compatible Chat Completions wire format: `POST {base}/chat/completions`.
//!
//! Structured output uses `response_format: {type: "json_schema"}`. Servers that do not know it
//! (older local servers) answer 400; the client then asks for the JSON in the prompt instead and
//! remembers not to try again.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::sse::Parser;
use crate::{
    ApiKey, ChatRequest, ChatResponse, LlmError, LlmProvider, Role, TokenCount, http_client,
    next_events, read_body, retry_after, status_error, transport_error,
};

/// The default base URL (`OPENAI_BASE_URL` overrides it; it includes the `/v1`).
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// A Chat Completions endpoint.
#[derive(Debug)]
pub struct OpenAiCompatible {
    base_url: String,
    key: Option<ApiKey>,
    model: String,
    client: reqwest::Client,
    timeout: Duration,
    /// Cleared when the server turns out not to support `response_format` JSON schemas.
    schema_supported: AtomicBool,
}

impl OpenAiCompatible {
    /// A client for `model` at `base_url` (local servers need no key).
    pub fn new(base_url: &str, key: Option<ApiKey>, model: &str, timeout: Duration) -> Self {
        OpenAiCompatible {
            base_url: base_url.trim_end_matches('/').to_owned(),
            key,
            model: model.to_owned(),
            client: http_client(timeout),
            timeout,
            schema_supported: AtomicBool::new(true),
        }
    }

    fn body(&self, request: &ChatRequest, stream: bool, native_schema: bool) -> Value {
        let mut system = request.system.clone();
        if let (Some(schema), false) = (&request.schema, native_schema) {
            system.push_str(&json_instruction(&schema.schema));
        }
        let mut messages = vec![json!({"role": "system", "content": system})];
        for message in &request.messages {
            let role = match message.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            messages.push(json!({"role": role, "content": message.content}));
        }
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
        });
        if let (Some(schema), true) = (&request.schema, native_schema) {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": {"name": schema.name, "schema": schema.schema, "strict": true}
            });
        }
        if stream {
            body["stream"] = json!(true);
            body["stream_options"] = json!({"include_usage": true});
        }
        body
    }

    async fn send(
        &self,
        request: &ChatRequest,
        deltas: Option<&mpsc::Sender<String>>,
        native_schema: bool,
    ) -> Result<ChatResponse, LlmError> {
        let body = self.body(request, deltas.is_some(), native_schema);
        let mut builder = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(&body).unwrap_or_default());
        if let Some(key) = &self.key {
            builder = builder.bearer_auth(key.expose());
        }
        let response = builder
            .send()
            .await
            .map_err(|error| transport_error(error, self.timeout))?;
        let status = response.status().as_u16();
        if !response.status().is_success() {
            let wait = retry_after(response.headers());
            let text = read_body(response, 64 * 1024, self.timeout)
                .await
                .unwrap_or_default();
            return Err(status_error(status, wait, &text));
        }
        match deltas {
            None => {
                let text = read_body(response, crate::MAX_RESPONSE_BYTES, self.timeout).await?;
                parse_completion(&text)
            }
            Some(deltas) => self.read_stream(response, deltas).await,
        }
    }

    async fn read_stream(
        &self,
        mut response: reqwest::Response,
        deltas: &mpsc::Sender<String>,
    ) -> Result<ChatResponse, LlmError> {
        let mut parser = Parser::default();
        let mut text = String::new();
        let mut tokens = TokenCount::default();
        let mut finished = false;
        loop {
            let (events, end) = next_events(&mut response, &mut parser, self.timeout).await?;
            for event in events {
                if event.data == "[DONE]" {
                    finished = true;
                    continue;
                }
                let json: Value = serde_json::from_str(&event.data)
                    .map_err(|_| LlmError::Malformed("a streamed event is not JSON".to_owned()))?;
                if let Some(message) = json.pointer("/error/message").and_then(Value::as_str) {
                    return Err(LlmError::Server {
                        status: 500,
                        message: message.chars().take(200).collect(),
                    });
                }
                if let Some(piece) = json
                    .pointer("/choices/0/delta/content")
                    .and_then(Value::as_str)
                    .filter(|piece| !piece.is_empty())
                {
                    text.push_str(piece);
                    if text.len() > crate::MAX_RESPONSE_BYTES {
                        return Err(LlmError::Malformed("the answer is too large".to_owned()));
                    }
                    // Nobody is listening any more (the user left): stop paying for tokens.
                    if deltas.send(piece.to_owned()).await.is_err() {
                        return Err(LlmError::Cancelled);
                    }
                }
                if json
                    .pointer("/choices/0/finish_reason")
                    .is_some_and(|reason| !reason.is_null())
                {
                    finished = true;
                }
                if let Some(usage) = json.get("usage").filter(|usage| !usage.is_null()) {
                    tokens = usage_of(usage);
                }
            }
            if end {
                break;
            }
        }
        if !finished {
            return Err(LlmError::Interrupted);
        }
        Ok(ChatResponse {
            text,
            tokens,
            cached: false,
        })
    }
}

/// The instruction that asks for JSON when the server cannot enforce a schema.
pub(crate) fn json_instruction(schema: &Value) -> String {
    format!(
        "\n\nAnswer with one JSON object and nothing else (no prose, no code fence). It must follow this JSON schema:\n{}",
        serde_json::to_string(schema).unwrap_or_default()
    )
}

fn usage_of(usage: &Value) -> TokenCount {
    TokenCount {
        input: usage
            .get("prompt_tokens")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        output: usage
            .get("completion_tokens")
            .and_then(Value::as_u64)
            .unwrap_or(0),
    }
}

fn parse_completion(text: &str) -> Result<ChatResponse, LlmError> {
    let json: Value = serde_json::from_str(text)
        .map_err(|_| LlmError::Malformed("the answer is not JSON".to_owned()))?;
    let content = json
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or_else(|| LlmError::Malformed("the answer has no message".to_owned()))?;
    Ok(ChatResponse {
        text: content.to_owned(),
        tokens: json.get("usage").map(usage_of).unwrap_or_default(),
        cached: false,
    })
}

/// Whether a 400 says the server does not understand `response_format`.
fn rejects_schema(error: &LlmError) -> bool {
    match error {
        LlmError::BadRequest { message, .. } => {
            let lower = message.to_lowercase();
            lower.contains("response_format")
                || lower.contains("json_schema")
                || lower.contains("schema")
        }
        _ => false,
    }
}

#[async_trait]
impl LlmProvider for OpenAiCompatible {
    async fn chat(
        &self,
        request: &ChatRequest,
        deltas: Option<mpsc::Sender<String>>,
    ) -> Result<ChatResponse, LlmError> {
        let native = request.schema.is_some() && self.schema_supported.load(Ordering::Relaxed);
        match self.send(request, deltas.as_ref(), native).await {
            Err(error) if native && rejects_schema(&error) => {
                tracing::info!("the server does not support JSON schemas; asking in the prompt");
                self.schema_supported.store(false, Ordering::Relaxed);
                self.send(request, deltas.as_ref(), false).await
            }
            other => other,
        }
    }

    fn describe(&self) -> String {
        format!(
            "openai · {} at {}",
            self.model,
            crate::host_of(&self.base_url)
        )
    }

    fn model(&self) -> &str {
        &self.model
    }
}
