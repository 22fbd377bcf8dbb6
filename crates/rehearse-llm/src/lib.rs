//! LLM transport for Rehearse: one [`LlmProvider`] trait, clients for the two wire formats that
//! cover nearly every model people run — OpenAI-compatible Chat Completions (OpenAI, Ollama,
//! llama.cpp, vLLM, LM Studio, OpenRouter, Groq, most gateways) and Anthropic Messages — with
//! streaming, and [`Reliable`], which adds retries, a concurrency limit, a response cache and token
//! accounting to any provider. [`Scripted`] is a fake for tests.
//!
//! Knows nothing about interviews: prompts are built and answers parsed in `rehearse-core`.
//!
//! Invariants:
//! - an API key is never logged, printed or put in an error message ([`ApiKey`]'s `Debug` and
//!   `Display` show only its last four characters);
//! - every failure is an [`LlmError`] the caller can fall back on; nothing here panics on what a
//!   server sends;
//! - a request with a schema gets JSON back: the provider's structured output where it has one
//!   (OpenAI `response_format`, an Anthropic tool), JSON asked for in the prompt otherwise.

mod anthropic;
mod fake;
mod openai;
mod reliable;
mod sse;
mod transcription;

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

pub use anthropic::{Anthropic, DEFAULT_BASE_URL as ANTHROPIC_BASE_URL};
pub use fake::{Scripted, ScriptedReply};
pub use openai::{DEFAULT_BASE_URL as OPENAI_BASE_URL, OpenAiCompatible};
pub use reliable::{Reliable, RetryPolicy, Usage as SessionUsage};
pub use transcription::{DISFLUENT_PROMPT, Heard, HeardWord, TranscriptionClient};

/// Who says a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

/// A JSON schema the answer must follow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonSchema {
    /// A short name (letters, digits, `_`), as the providers require.
    pub name: String,
    pub schema: serde_json::Value,
}

/// One request to a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatRequest {
    pub system: String,
    pub messages: Vec<Message>,
    pub max_tokens: u32,
    pub temperature: f32,
    /// When set, the answer is JSON that follows this schema.
    pub schema: Option<JsonSchema>,
}

impl ChatRequest {
    /// A one-turn request.
    pub fn new(system: impl Into<String>, user: impl Into<String>) -> ChatRequest {
        ChatRequest {
            system: system.into(),
            messages: vec![Message {
                role: Role::User,
                content: user.into(),
            }],
            max_tokens: 1024,
            temperature: 0.3,
            schema: None,
        }
    }

    /// The same request, asking for JSON following `schema`.
    pub fn with_schema(mut self, name: &str, schema: serde_json::Value) -> ChatRequest {
        self.schema = Some(JsonSchema {
            name: name.to_owned(),
            schema,
        });
        self
    }

    /// A stable key for the cache: the request's JSON.
    fn cache_key(&self, model: &str) -> String {
        format!(
            "{model}\u{0}{}",
            serde_json::to_string(self).unwrap_or_default()
        )
    }
}

/// Tokens used by one response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TokenCount {
    pub input: u64,
    pub output: u64,
}

/// A model's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatResponse {
    /// The text; for a request with a schema, the JSON.
    pub text: String,
    pub tokens: TokenCount,
    /// Served from the cache (no tokens spent this time).
    pub cached: bool,
}

/// Why a request gave no usable answer. Messages say what to do and never contain the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("the model did not answer within {seconds} seconds")]
    Timeout { seconds: u64 },
    #[error("the provider refused the key (status {status}); check the API key")]
    Unauthorized { status: u16 },
    #[error("the provider is rate-limiting requests; try again in a minute")]
    RateLimited { retry_after: Option<Duration> },
    #[error("the provider failed (status {status}): {message}")]
    Server { status: u16, message: String },
    #[error("the provider rejected the request (status {status}): {message}")]
    BadRequest { status: u16, message: String },
    #[error("the provider could not be reached ({0}); check the address and your connection")]
    Network(String),
    #[error("the provider's answer could not be read: {0}")]
    Malformed(String),
    #[error("the answer stopped halfway")]
    Interrupted,
    #[error("the request was cancelled")]
    Cancelled,
}

impl LlmError {
    /// Worth trying again: rate limits, server errors, cut streams and network trouble.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            LlmError::RateLimited { .. }
                | LlmError::Server { .. }
                | LlmError::Interrupted
                | LlmError::Network(_)
        )
    }
}

/// A model behind some wire format.
#[async_trait]
pub trait LlmProvider: Send + Sync + 'static {
    /// Sends the request. With `deltas`, the answer is streamed: each piece of text is sent there
    /// as it arrives (for a schema request, pieces of the JSON), and the whole is returned at the
    /// end.
    async fn chat(
        &self,
        request: &ChatRequest,
        deltas: Option<mpsc::Sender<String>>,
    ) -> Result<ChatResponse, LlmError>;

    /// What the user sees on the status line: "openai · gpt-4o-mini at api.openai.com".
    fn describe(&self) -> String;

    /// The model's name, for the cache key.
    fn model(&self) -> &str;
}

/// An API key that does not show itself.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into().trim().to_owned())
    }

    /// The key itself, for the request header only.
    fn expose(&self) -> &str {
        &self.0
    }

    /// The key itself, to save in the user's own config file (never for a log or a page).
    pub fn expose_for_storage(&self) -> &str {
        &self.0
    }

    /// "…abcd": enough to tell keys apart, never enough to use one.
    pub fn masked(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if self.0.chars().count() <= 8 {
            "…".to_owned()
        } else {
            format!("…{tail}")
        }
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl std::fmt::Display for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// The HTTP client both wire formats use: rustls, a whole-request timeout, no redirects (an API
/// does not redirect; a redirect means a wrong base URL).
fn http_client(timeout: Duration) -> reqwest::Client {
    // rustls needs a process-wide crypto provider; installing it twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Rehearse/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// The error for a failed HTTP exchange.
fn transport_error(error: reqwest::Error, timeout: Duration) -> LlmError {
    if error.is_timeout() {
        LlmError::Timeout {
            seconds: timeout.as_secs().max(1),
        }
    } else if error.is_connect() {
        LlmError::Network("the connection failed".to_owned())
    } else if error.is_body() || error.is_decode() {
        LlmError::Interrupted
    } else {
        LlmError::Network("the request failed".to_owned())
    }
}

/// The events of the next chunk of a streamed response, and whether the stream has ended (the
/// parser's last event, if any, comes with the end).
async fn next_events(
    response: &mut reqwest::Response,
    parser: &mut sse::Parser,
    timeout: Duration,
) -> Result<(Vec<sse::Event>, bool), LlmError> {
    match response
        .chunk()
        .await
        .map_err(|error| transport_error(error, timeout))?
    {
        Some(chunk) => Ok((parser.push(&chunk).map_err(LlmError::Malformed)?, false)),
        None => Ok((parser.finish().into_iter().collect(), true)),
    }
}

/// The error for a non-success status, with the provider's own message where it gives one
/// (cut short; never the request).
fn status_error(status: u16, retry_after: Option<Duration>, body: &str) -> LlmError {
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|json| {
            json.pointer("/error/message")
                .or_else(|| json.pointer("/error"))
                .or_else(|| json.pointer("/message"))
                .and_then(|value| value.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| body.chars().take(200).collect());
    let message: String = message.chars().take(200).collect();
    match status {
        401 | 403 => LlmError::Unauthorized { status },
        429 => LlmError::RateLimited { retry_after },
        500..=599 => LlmError::Server { status, message },
        _ => LlmError::BadRequest { status, message },
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare from APIs and is ignored).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
        .map(|seconds| Duration::from_secs_f64(seconds.min(600.0)))
}

/// Reads a whole response body, refusing anything over `limit` bytes.
async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> Result<String, LlmError> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| transport_error(error, timeout))?
    {
        if body.len() + chunk.len() > limit {
            return Err(LlmError::Malformed("the answer is too large".to_owned()));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| LlmError::Malformed("the answer is not UTF-8".to_owned()))
}

/// The most bytes read from one answer (far beyond any answer we ask for).
const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// The host of a base URL, for the status line (never the path, which may carry a token).
fn host_of(base_url: &str) -> String {
    reqwest::Url::parse(base_url)
        .ok()
        .and_then(|url| {
            url.host_str().map(|host| match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            })
        })
        .unwrap_or_else(|| "an unreadable address".to_owned())
}
