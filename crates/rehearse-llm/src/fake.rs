//! A scripted provider for tests: it answers from a queue and records what it was asked.

use std::collections::VecDeque;
use std::sync::Mutex;

use async_trait::async_trait;
use tokio::sync::mpsc;

use crate::{ChatRequest, ChatResponse, LlmError, LlmProvider, TokenCount};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum ScriptedReply {
    /// The whole text (streamed as one piece when asked to stream).
    Text(String),
    /// Streamed in these pieces.
    Pieces(Vec<String>),
    Error(LlmError),
}

/// Answers from a queue; when the queue is empty, every request fails as the network would.
#[derive(Debug, Default)]
pub struct Scripted {
    replies: Mutex<VecDeque<ScriptedReply>>,
    requests: Mutex<Vec<ChatRequest>>,
}

impl Scripted {
    pub fn new(replies: impl IntoIterator<Item = ScriptedReply>) -> Scripted {
        Scripted {
            replies: Mutex::new(replies.into_iter().collect()),
            requests: Mutex::new(Vec::new()),
        }
    }

    /// Adds a reply at the end of the queue.
    pub fn push(&self, reply: ScriptedReply) {
        self.replies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push_back(reply);
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<ChatRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

#[async_trait]
impl LlmProvider for Scripted {
    async fn chat(
        &self,
        request: &ChatRequest,
        deltas: Option<mpsc::Sender<String>>,
    ) -> Result<ChatResponse, LlmError> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(request.clone());
        let reply = self
            .replies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop_front();
        let pieces = match reply {
            None => {
                return Err(LlmError::Network(
                    "the script has no more replies".to_owned(),
                ));
            }
            Some(ScriptedReply::Error(error)) => return Err(error),
            Some(ScriptedReply::Text(text)) => vec![text],
            Some(ScriptedReply::Pieces(pieces)) => pieces,
        };
        if let Some(deltas) = &deltas {
            for piece in &pieces {
                deltas
                    .send(piece.clone())
                    .await
                    .map_err(|_| LlmError::Cancelled)?;
            }
        }
        let text = pieces.concat();
        Ok(ChatResponse {
            tokens: TokenCount {
                input: (request.system.len() / 4) as u64,
                output: (text.len() / 4) as u64,
            },
            text,
            cached: false,
        })
    }

    fn describe(&self) -> String {
        "scripted · test".to_owned()
    }

    fn model(&self) -> &str {
        "scripted"
    }
}
