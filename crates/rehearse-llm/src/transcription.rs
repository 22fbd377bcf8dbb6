//! Speech to text over the OpenAI audio-transcriptions API (`POST /v1/audio/transcriptions`,
//! multipart, `response_format=verbose_json` with word timestamps), which OpenAI, Groq,
//! whisper.cpp's server, faster-whisper servers, LocalAI and vLLM all speak.

use std::time::Duration;

use serde::Deserialize;

use crate::{ApiKey, LlmError, http_client, read_body, retry_after, status_error, transport_error};

/// Whisper drops "um" and "uh" unless the prompt is itself disfluent; this one is (our own).
pub const DISFLUENT_PROMPT: &str = "Um, so, uh, I was, like, thinking... hmm, okay, so the, um, the first thing I did was, uh, yeah.";

/// The most bytes read from a transcription (ten minutes of words with times is far less).
const MAX_TRANSCRIPT_BYTES: usize = 4 * 1024 * 1024;

/// One word with its times in seconds, as the server sent it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HeardWord {
    pub word: String,
    pub start: f64,
    pub end: f64,
}

/// What the server heard.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    pub text: String,
    pub duration: Option<f64>,
    pub words: Vec<HeardWord>,
}

#[derive(Deserialize)]
struct VerboseJson {
    text: String,
    #[serde(default)]
    duration: Option<f64>,
    #[serde(default)]
    words: Option<Vec<HeardWord>>,
    /// Servers without word timestamps may still send segments with times.
    #[serde(default)]
    segments: Option<Vec<Segment>>,
}

#[derive(Deserialize)]
struct Segment {
    start: f64,
    end: f64,
    text: String,
}

/// A transcription server.
#[derive(Debug, Clone)]
pub struct TranscriptionClient {
    base_url: String,
    model: String,
    api_key: Option<ApiKey>,
    timeout: Duration,
    http: reqwest::Client,
}

impl TranscriptionClient {
    /// `base_url` ends before `/audio/transcriptions` ("https://api.openai.com/v1").
    pub fn new(
        base_url: &str,
        model: &str,
        api_key: Option<ApiKey>,
        timeout: Duration,
    ) -> TranscriptionClient {
        TranscriptionClient {
            base_url: base_url.trim_end_matches('/').to_owned(),
            model: model.to_owned(),
            api_key,
            timeout,
            http: http_client(timeout),
        }
    }

    /// "openai:whisper-1 at api.openai.com".
    pub fn describe(&self) -> String {
        let host = self
            .base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or(&self.base_url);
        format!("openai:{} at {host}", self.model)
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// Sends a WAV recording; the words come back with their times (from segments, spread
    /// evenly over each, when the server gives no word times).
    pub async fn transcribe(&self, wav: Vec<u8>) -> Result<Heard, LlmError> {
        let file = reqwest::multipart::Part::bytes(wav)
            .file_name("answer.wav")
            .mime_str("audio/wav")
            .map_err(|_| LlmError::Malformed("the audio part could not be built".to_owned()))?;
        let form = reqwest::multipart::Form::new()
            .part("file", file)
            .text("model", self.model.clone())
            .text("response_format", "verbose_json")
            .text("timestamp_granularities[]", "word")
            .text("timestamp_granularities[]", "segment")
            .text("language", "en")
            .text("temperature", "0")
            .text("prompt", DISFLUENT_PROMPT);
        let mut request = self
            .http
            .post(format!("{}/audio/transcriptions", self.base_url))
            .multipart(form);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose());
        }
        let response = request
            .send()
            .await
            .map_err(|error| transport_error(error, self.timeout))?;
        let status = response.status().as_u16();
        let wait = retry_after(response.headers());
        let body = read_body(response, MAX_TRANSCRIPT_BYTES, self.timeout).await?;
        if !(200..300).contains(&status) {
            return Err(status_error(status, wait, &body));
        }
        parse(&body)
    }
}

fn parse(body: &str) -> Result<Heard, LlmError> {
    let reply: VerboseJson = serde_json::from_str(body).map_err(|error| {
        LlmError::Malformed(format!("not a verbose_json transcription ({error})"))
    })?;
    let valid =
        |start: f64, end: f64| start.is_finite() && end.is_finite() && 0.0 <= start && start <= end;
    let words = match reply.words.filter(|words| !words.is_empty()) {
        Some(words) => {
            if let Some(bad) = words.iter().find(|word| !valid(word.start, word.end)) {
                return Err(LlmError::Malformed(format!(
                    "a word's times are not valid ({} to {})",
                    bad.start, bad.end
                )));
            }
            words
        }
        None => reply
            .segments
            .unwrap_or_default()
            .iter()
            .filter(|segment| valid(segment.start, segment.end))
            .flat_map(|segment| {
                let words: Vec<&str> = segment.text.split_whitespace().collect();
                let step = (segment.end - segment.start) / words.len().max(1) as f64;
                words
                    .into_iter()
                    .enumerate()
                    .map(move |(index, word)| HeardWord {
                        word: word.to_owned(),
                        start: segment.start + step * index as f64,
                        end: segment.start + step * (index as f64 + 1.0),
                    })
            })
            .collect(),
    };
    Ok(Heard {
        text: reply.text.trim().to_owned(),
        duration: reply
            .duration
            .filter(|seconds| seconds.is_finite() && *seconds >= 0.0),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_or_segments_are_read_and_bad_replies_refused() {
        let heard = parse(r#"{"text":" Um, I led it.","duration":2.5,"words":[{"word":"Um","start":0.1,"end":0.4},{"word":"I","start":0.9,"end":1.0}]}"#).unwrap();
        assert_eq!(heard.text, "Um, I led it.");
        assert_eq!(heard.words.len(), 2);
        let heard =
            parse(r#"{"text":"I led it","segments":[{"start":1.0,"end":2.5,"text":" I led it"}]}"#)
                .unwrap();
        assert_eq!(heard.words.len(), 3);
        assert!((heard.words[2].start - 2.0).abs() < 1e-9);
        assert!(matches!(
            parse("{\"words\":[]}"),
            Err(LlmError::Malformed(_))
        ));
        assert!(matches!(
            parse(r#"{"text":"x","words":[{"word":"x","start":2.0,"end":1.0}]}"#),
            Err(LlmError::Malformed(_))
        ));
        assert!(matches!(parse("<html>"), Err(LlmError::Malformed(_))));
    }
}
