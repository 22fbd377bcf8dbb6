//! A transcription server speaking the OpenAI audio-transcriptions API, behind the core's
//! [`Transcriber`]. The recording goes as 16 kHz mono WAV; the words come back with their times.

use std::time::Duration;

use rehearse_core::speech::{AudioClip, TimedWord, TranscribeError, Transcriber, Transcript};
use rehearse_llm::{ApiKey, LlmError, TranscriptionClient};

use crate::audio::to_wav;

#[derive(Debug, Clone)]
pub struct RemoteTranscriber {
    base_url: String,
    model: String,
    api_key: Option<ApiKey>,
    timeout: Duration,
}

impl RemoteTranscriber {
    pub fn new(
        base_url: &str,
        model: &str,
        api_key: Option<ApiKey>,
        timeout: Duration,
    ) -> RemoteTranscriber {
        RemoteTranscriber {
            base_url: base_url.to_owned(),
            model: model.to_owned(),
            api_key,
            timeout,
        }
    }

    /// "openai:whisper-1 at api.openai.com".
    pub fn describe(&self) -> String {
        self.client().describe()
    }

    fn client(&self) -> TranscriptionClient {
        TranscriptionClient::new(
            &self.base_url,
            &self.model,
            self.api_key.clone(),
            self.timeout,
        )
    }
}

impl Transcriber for RemoteTranscriber {
    fn engine(&self) -> String {
        format!("openai:{}", self.model)
    }

    fn is_remote(&self) -> bool {
        true
    }

    /// Blocking: call it from a blocking thread (`spawn_blocking`) or outside any runtime. One
    /// request, so no progress to tell.
    fn transcribe(
        &self,
        clip: &AudioClip,
        _heard: &dyn Fn(u32),
    ) -> Result<Transcript, TranscribeError> {
        let wav = to_wav(clip);
        // A client per call: its connections belong to the runtime that drives this request.
        let request = async { self.client().transcribe(wav).await };
        let heard = match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle.block_on(request),
            Err(_) => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| TranscribeError::Network(error.to_string()))?
                .block_on(request),
        }
        .map_err(transcribe_error)?;
        let ms = |seconds: f64| (seconds * 1000.0).round().clamp(0.0, f64::from(u32::MAX)) as u32;
        let words = heard
            .words
            .iter()
            .filter(|word| !word.word.trim().is_empty())
            .map(|word| TimedWord {
                text: word.word.trim().to_owned(),
                start_ms: ms(word.start),
                end_ms: ms(word.end),
            })
            .collect();
        Ok(Transcript {
            text: heard.text,
            words,
            duration_ms: heard.duration.map_or(clip.duration_ms() as u32, ms),
            engine: self.engine(),
        })
    }
}

fn transcribe_error(error: LlmError) -> TranscribeError {
    match error {
        LlmError::Unauthorized { .. } => TranscribeError::Unauthorized,
        LlmError::RateLimited { retry_after } => TranscribeError::RateLimited {
            retry_after: retry_after.map(|wait| wait.as_secs()),
        },
        LlmError::Timeout { .. } => TranscribeError::Timeout,
        LlmError::Network(message) => TranscribeError::Network(message),
        LlmError::Malformed(message) => TranscribeError::Malformed(message),
        LlmError::Server { status, message } | LlmError::BadRequest { status, message } => {
            TranscribeError::Server(format!("status {status}: {message}"))
        }
        other => TranscribeError::Server(other.to_string()),
    }
}
