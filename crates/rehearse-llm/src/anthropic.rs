//! The Anthropic Messages wire format: `POST {base}/v1/messages`.
//!
//! Structured output is a tool the model must call: its `input_schema` is the schema, and the
//! tool call's input is the JSON answer.

use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::sse::Parser;
use crate::{
    ApiKey, ChatRequest, ChatResponse, LlmError, LlmProvider, Role, TokenCount, http_client,
    next_events, read_body, retry_after, status_error, transport_error,
};

/// The default base URL (`ANTHROPIC_BASE_URL` overrides it; without the `/v1`).
pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";

/// The API version this client speaks.
const VERSION: &str = "2023-06-01";

/// A Messages endpoint.
#[derive(Debug)]
pub struct Anthropic {
    base_url: String,
    key: ApiKey,
    model: String,
    client: reqwest::Client,
    timeout: Duration,
}

impl Anthropic {
    pub fn new(base_url: &str, key: ApiKey, model: &str, timeout: Duration) -> Anthropic {
        Anthropic {
            base_url: base_url.trim_end_matches('/').to_owned(),
            key,
            model: model.to_owned(),
            client: http_client(timeout),
            timeout,
        }
    }

    fn body(&self, request: &ChatRequest, stream: bool) -> Value {
        let messages: Vec<Value> = request
            .messages
            .iter()
            .map(|message| {
                let role = match message.role {
                    Role::User => "user",
                    Role::Assistant => "assistant",
                };
                json!({"role": role, "content": message.content})
            })
            .collect();
        let mut body = json!({
            "model": self.model,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "system": request.system,
            "messages": messages,
        });
        if let Some(schema) = &request.schema {
            body["tools"] = json!([{
                "name": schema.name,
                "description": "Give the answer as this tool's input.",
                "input_schema": schema.schema,
            }]);
            body["tool_choice"] = json!({"type": "tool", "name": schema.name});
        }
        if stream {
            body["stream"] = json!(true);
        }
        body
    }

    async fn read_stream(
        &self,
        mut response: reqwest::Response,
        deltas: &mpsc::Sender<String>,
    ) -> Result<ChatResponse, LlmError> {
        let mut parser = Parser::default();
        let mut text = String::new();
        let mut tokens = TokenCount::default();
        let mut stopped = false;
        loop {
            let (events, end) = next_events(&mut response, &mut parser, self.timeout).await?;
            for event in events {
                let json: Value = serde_json::from_str(&event.data)
                    .map_err(|_| LlmError::Malformed("a streamed event is not JSON".to_owned()))?;
                let kind = event
                    .event
                    .as_deref()
                    .or_else(|| json.get("type").and_then(Value::as_str))
                    .unwrap_or("");
                match kind {
                    "message_start" => {
                        tokens.input = json
                            .pointer("/message/usage/input_tokens")
                            .and_then(Value::as_u64)
                            .unwrap_or(0);
                    }
                    "content_block_delta" => {
                        let piece = json
                            .pointer("/delta/text")
                            .or_else(|| json.pointer("/delta/partial_json"))
                            .and_then(Value::as_str)
                            .unwrap_or("");
                        if !piece.is_empty() {
                            text.push_str(piece);
                            if text.len() > crate::MAX_RESPONSE_BYTES {
                                return Err(LlmError::Malformed(
                                    "the answer is too large".to_owned(),
                                ));
                            }
                            if deltas.send(piece.to_owned()).await.is_err() {
                                return Err(LlmError::Cancelled);
                            }
                        }
                    }
                    "message_delta" => {
                        if let Some(output) =
                            json.pointer("/usage/output_tokens").and_then(Value::as_u64)
                        {
                            tokens.output = output;
                        }
                    }
                    "message_stop" => stopped = true,
                    "error" => {
                        let message = json
                            .pointer("/error/message")
                            .and_then(Value::as_str)
                            .unwrap_or("an error in the stream");
                        let overloaded = json
                            .pointer("/error/type")
                            .and_then(Value::as_str)
                            .is_some_and(|kind| kind == "overloaded_error");
                        return Err(if overloaded {
                            LlmError::Server {
                                status: 529,
                                message: message.chars().take(200).collect(),
                            }
                        } else {
                            LlmError::Malformed(message.chars().take(200).collect())
                        });
                    }
                    _ => {}
                }
            }
            if end {
                break;
            }
        }
        if !stopped {
            return Err(LlmError::Interrupted);
        }
        Ok(ChatResponse {
            text,
            tokens,
            cached: false,
        })
    }
}

/// The answer of a non-streamed response: the tool call's input for a schema request, else the
/// text blocks joined.
fn parse_message(body: &str, schema: bool) -> Result<ChatResponse, LlmError> {
    let json: Value = serde_json::from_str(body)
        .map_err(|_| LlmError::Malformed("the answer is not JSON".to_owned()))?;
    let content = json
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| LlmError::Malformed("the answer has no content".to_owned()))?;
    let text = if schema {
        content
            .iter()
            .find(|block| block.get("type").and_then(Value::as_str) == Some("tool_use"))
            .and_then(|block| block.get("input"))
            .map(|input| input.to_string())
            .ok_or_else(|| {
                LlmError::Malformed("the model did not give a structured answer".to_owned())
            })?
    } else {
        content
            .iter()
            .filter_map(|block| block.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("")
    };
    Ok(ChatResponse {
        text,
        tokens: TokenCount {
            input: json
                .pointer("/usage/input_tokens")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            output: json
                .pointer("/usage/output_tokens")
                .and_then(Value::as_u64)
                .unwrap_or(0),
        },
        cached: false,
    })
}

#[async_trait]
impl LlmProvider for Anthropic {
    async fn chat(
        &self,
        request: &ChatRequest,
        deltas: Option<mpsc::Sender<String>>,
    ) -> Result<ChatResponse, LlmError> {
        let body = self.body(request, deltas.is_some());
        let response = self
            .client
            .post(format!("{}/v1/messages", self.base_url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("x-api-key", self.key.expose())
            .header("anthropic-version", VERSION)
            .body(serde_json::to_vec(&body).unwrap_or_default())
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
                parse_message(&text, request.schema.is_some())
            }
            Some(deltas) => self.read_stream(response, &deltas).await,
        }
    }

    fn describe(&self) -> String {
        format!(
            "anthropic · {} at {}",
            self.model,
            crate::host_of(&self.base_url)
        )
    }

    fn model(&self) -> &str {
        &self.model
    }
}
