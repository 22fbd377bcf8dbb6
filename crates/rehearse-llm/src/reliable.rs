//! Reliability around any provider: retries with backoff on rate limits and server errors
//! (honouring `Retry-After`), a limit on requests in flight, a response cache so the same request
//! costs once, and the tokens spent this session.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;
use tokio::sync::{Semaphore, mpsc};

use crate::{ChatRequest, ChatResponse, LlmError, LlmProvider};

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The first wait; each later one doubles.
    pub base_delay: Duration,
    /// No wait is longer, whatever `Retry-After` says (the user is waiting).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
        }
    }
}

/// The tokens and requests of this session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub requests: u64,
    pub cached: u64,
    pub failed: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// The most responses kept in the cache.
const CACHE_ENTRIES: usize = 256;

/// A provider with retries, a concurrency limit, a cache and accounting.
pub struct Reliable {
    inner: Arc<dyn LlmProvider>,
    policy: RetryPolicy,
    permits: Semaphore,
    cache: Mutex<(HashMap<String, ChatResponse>, VecDeque<String>)>,
    requests: AtomicU64,
    cached: AtomicU64,
    failed: AtomicU64,
    input_tokens: AtomicU64,
    output_tokens: AtomicU64,
}

impl std::fmt::Debug for Reliable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reliable")
            .field("provider", &self.inner.describe())
            .finish_non_exhaustive()
    }
}

impl Reliable {
    /// `inner` with `policy`, at most `concurrency` requests in flight.
    pub fn new(inner: Arc<dyn LlmProvider>, policy: RetryPolicy, concurrency: usize) -> Reliable {
        Reliable {
            inner,
            policy,
            permits: Semaphore::new(concurrency.max(1)),
            cache: Mutex::new((HashMap::new(), VecDeque::new())),
            requests: AtomicU64::new(0),
            cached: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            input_tokens: AtomicU64::new(0),
            output_tokens: AtomicU64::new(0),
        }
    }

    /// What this session has spent.
    pub fn usage(&self) -> Usage {
        Usage {
            requests: self.requests.load(Ordering::Relaxed),
            cached: self.cached.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            input_tokens: self.input_tokens.load(Ordering::Relaxed),
            output_tokens: self.output_tokens.load(Ordering::Relaxed),
        }
    }

    fn cached_response(&self, key: &str) -> Option<ChatResponse> {
        let cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.0.get(key).cloned()
    }

    fn remember(&self, key: String, response: &ChatResponse) {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (entries, order) = &mut *cache;
        if entries.insert(key.clone(), response.clone()).is_none() {
            order.push_back(key);
        }
        while order.len() > CACHE_ENTRIES {
            if let Some(oldest) = order.pop_front() {
                entries.remove(&oldest);
            }
        }
    }

    /// The wait before try number `attempt` (from 1), after `error`.
    fn delay(&self, attempt: u32, error: &LlmError) -> Duration {
        let backoff = self.policy.base_delay * 2u32.saturating_pow(attempt.saturating_sub(1));
        let wanted = match error {
            LlmError::RateLimited {
                retry_after: Some(wait),
            } => (*wait).max(backoff),
            _ => backoff,
        };
        wanted.min(self.policy.max_delay)
    }

    /// One try; with `deltas`, the pieces are forwarded and counted, since a try that already
    /// showed text cannot be retried without showing it twice.
    async fn attempt(
        &self,
        request: &ChatRequest,
        deltas: Option<&mpsc::Sender<String>>,
    ) -> (Result<ChatResponse, LlmError>, bool) {
        let Some(outer) = deltas else {
            return (self.inner.chat(request, None).await, false);
        };
        let (inner_tx, mut inner_rx) = mpsc::channel::<String>(64);
        let mut forwarded = false;
        let forward = async {
            while let Some(piece) = inner_rx.recv().await {
                forwarded = true;
                if outer.send(piece).await.is_err() {
                    break;
                }
            }
        };
        let (result, ()) = tokio::join!(self.inner.chat(request, Some(inner_tx)), forward);
        (result, forwarded)
    }
}

#[async_trait]
impl LlmProvider for Reliable {
    async fn chat(
        &self,
        request: &ChatRequest,
        deltas: Option<mpsc::Sender<String>>,
    ) -> Result<ChatResponse, LlmError> {
        let key = request.cache_key(self.inner.model());
        if let Some(mut hit) = self.cached_response(&key) {
            self.cached.fetch_add(1, Ordering::Relaxed);
            if let Some(deltas) = &deltas {
                deltas
                    .send(hit.text.clone())
                    .await
                    .map_err(|_| LlmError::Cancelled)?;
            }
            hit.cached = true;
            return Ok(hit);
        }
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| LlmError::Cancelled)?;
        let mut attempt = 1;
        loop {
            self.requests.fetch_add(1, Ordering::Relaxed);
            let (result, showed_text) = self.attempt(request, deltas.as_ref()).await;
            match result {
                Ok(response) => {
                    self.input_tokens
                        .fetch_add(response.tokens.input, Ordering::Relaxed);
                    self.output_tokens
                        .fetch_add(response.tokens.output, Ordering::Relaxed);
                    self.remember(key, &response);
                    return Ok(response);
                }
                Err(error)
                    if error.is_transient() && !showed_text && attempt < self.policy.attempts =>
                {
                    let wait = self.delay(attempt, &error);
                    tracing::info!(%error, attempt, wait_ms = wait.as_millis() as u64, "retrying the model request");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(error) => {
                    self.failed.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(%error, "the model request failed");
                    return Err(error);
                }
            }
        }
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn model(&self) -> &str {
        self.inner.model()
    }
}
