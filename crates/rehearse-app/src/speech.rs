//! Spoken answers: a recording saved as uploaded, transcribed by the configured engine, and
//! turned into an attempt with how it was said. A failed transcription keeps the recording, so
//! the user can retry or type.

use std::sync::{Arc, Mutex};

use rehearse_core::speech::{AudioClip, Transcriber, Transcript};
use rehearse_core::{Analysis, AnalysisInput, UserId};
use rehearse_store::{RecordingId, RecordingInfo, StoreError};

use crate::{App, AppError};

/// A recording after the attempt to transcribe it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heard {
    pub recording: RecordingInfo,
    /// Why there is no transcript, for the user ("no speech engine ...", "the server is busy").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Where the speech engine runs, for the consent line on the page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpeechStatus {
    /// "openai:whisper-1 at api.openai.com", or none.
    pub engine: Option<String>,
    /// Whether recordings leave this machine to be transcribed.
    pub remote: bool,
    /// Whether a recording's audio is kept once its answer is saved.
    pub keep_audio: bool,
}

/// The media types a recording may come as (`application/octet-stream`: the type is read from
/// the file itself).
pub const AUDIO_TYPES: &[&str] = &[
    "audio/wav",
    "audio/x-wav",
    "audio/wave",
    "audio/flac",
    "audio/mpeg",
    "audio/ogg",
    "application/octet-stream",
];

/// The audio type a file's first bytes show, for one sent as `application/octet-stream`.
fn sniffed(mime: &str, audio: &[u8]) -> String {
    if mime != "application/octet-stream" {
        return mime.to_owned();
    }
    match audio {
        [b'R', b'I', b'F', b'F', ..] => "audio/wav",
        [b'f', b'L', b'a', b'C', ..] => "audio/flac",
        [b'O', b'g', b'g', b'S', ..] => "audio/ogg",
        [b'I', b'D', b'3', ..] => "audio/mpeg",
        [0xFF, second, ..] if second & 0xE0 == 0xE0 => "audio/mpeg",
        _ => mime,
    }
    .to_owned()
}

/// The speech engine in force and the settings it was built from.
#[derive(Default)]
pub(crate) struct SpeechState {
    pub(crate) engine: Option<crate::Engine>,
    pub(crate) settings: crate::SpeechSettings,
    /// Where local models are, to build the local engine when the settings page asks for it.
    pub(crate) models: Option<rehearse_models::ModelsDir>,
}

/// One transcription running now: how much of its clip has been heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Transcribing {
    pub done_ms: u32,
    pub total_ms: u32,
}

/// The transcriptions running now, by user.
#[derive(Debug, Default)]
pub(crate) struct Running {
    next: u64,
    jobs: Vec<(u64, UserId, Transcribing)>,
}

/// A transcription's place in [`Running`], removed when it ends (however it ends).
struct RunningJob {
    running: Arc<Mutex<Running>>,
    id: u64,
}

impl RunningJob {
    fn start(running: &Arc<Mutex<Running>>, user: UserId, total_ms: u32) -> RunningJob {
        let mut all = running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        all.next += 1;
        let id = all.next;
        all.jobs.push((
            id,
            user,
            Transcribing {
                done_ms: 0,
                total_ms,
            },
        ));
        RunningJob {
            running: running.clone(),
            id,
        }
    }

    fn heard(&self, done_ms: u32) {
        let mut all = self
            .running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, _, job)) = all.jobs.iter_mut().find(|(id, _, _)| *id == self.id) {
            job.done_ms = done_ms.min(job.total_ms);
        }
    }
}

impl Drop for RunningJob {
    fn drop(&mut self) {
        let mut all = self
            .running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        all.jobs.retain(|(id, _, _)| *id != self.id);
    }
}

impl App {
    /// The same app, transcribing with `engine` (tests; the CLI builds it from the settings).
    pub fn with_transcriber(self, engine: Arc<dyn Transcriber>, describe: String) -> App {
        self.speech_write().engine = Some((engine, describe));
        self
    }

    /// The same app, deleting a recording's audio once its answer is saved (`keep` false).
    pub fn with_kept_audio(self, keep: bool) -> App {
        self.speech_write().settings.keep_audio = keep;
        self
    }

    pub(crate) fn speech_state(&self) -> std::sync::RwLockReadGuard<'_, SpeechState> {
        self.speech
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn speech_write(&self) -> std::sync::RwLockWriteGuard<'_, SpeechState> {
        self.speech
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn engine(&self) -> Option<crate::Engine> {
        self.speech_state().engine.clone()
    }

    /// Links a recording to the attempt it became, and deletes its audio unless audio is kept.
    pub(crate) async fn keep_with(
        &self,
        user: UserId,
        recording: RecordingId,
        attempt: rehearse_core::AttemptId,
    ) -> Result<(), AppError> {
        self.store
            .attach_recording(user, recording, attempt)
            .await?;
        let keep_audio = self.speech_state().settings.keep_audio;
        if !keep_audio {
            self.store.delete_recording_audio(user, recording).await?;
        }
        Ok(())
    }

    pub fn speech_status(&self) -> SpeechStatus {
        let state = self.speech_state();
        SpeechStatus {
            keep_audio: state.settings.keep_audio,
            engine: state.engine.as_ref().map(|(_, describe)| describe.clone()),
            remote: state
                .engine
                .as_ref()
                .is_some_and(|(engine, _)| engine.is_remote()),
        }
    }

    /// The user's transcriptions running now, oldest first.
    pub fn transcribing(&self, user: UserId) -> Vec<Transcribing> {
        let all = self
            .transcribing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        all.jobs
            .iter()
            .filter(|(_, owner, _)| *owner == user)
            .map(|(_, _, job)| *job)
            .collect()
    }

    /// Saves a recording and transcribes it. Audio that cannot be used is refused, and nothing is
    /// saved; a transcription that fails leaves the recording saved, with the reason.
    pub async fn record(
        &self,
        user: UserId,
        mime: &str,
        audio: Vec<u8>,
    ) -> Result<Heard, AppError> {
        let mime = sniffed(mime, &audio);
        let clip = decode(&mime, audio.clone()).await?;
        let recording = self
            .store
            .insert_recording(user, &mime, &audio, self.clock.now())
            .await?;
        tracing::info!(recording = %recording.id, ms = clip.duration_ms(), "recording saved");
        self.transcribe(user, recording, clip).await
    }

    /// Transcribes a saved recording again (after a failure).
    pub async fn transcribe_again(&self, user: UserId, id: RecordingId) -> Result<Heard, AppError> {
        let recording = self.recording(user, id).await?;
        let Some((mime, audio)) = self.store.recording_audio(user, id).await? else {
            return Err(AppError::Audio(
                "this recording's audio was deleted; record the answer again".to_owned(),
            ));
        };
        let clip = decode(&mime, audio).await?;
        self.transcribe(user, recording, clip).await
    }

    async fn transcribe(
        &self,
        user: UserId,
        mut recording: RecordingInfo,
        clip: AudioClip,
    ) -> Result<Heard, AppError> {
        let Some((engine, _)) = self.engine() else {
            return Ok(Heard {
                recording,
                problem: Some(
                    "No speech engine is set up, so it was not transcribed. Your recording is saved; type your answer, or set up an engine (REHEARSE_STT) and transcribe it again."
                        .to_owned(),
                ),
            });
        };
        let job = RunningJob::start(&self.transcribing, user, clip.duration_ms() as u32);
        let heard = tokio::task::spawn_blocking(move || {
            engine.transcribe(&clip, &|done_ms| job.heard(done_ms))
        })
        .await
        .map_err(|error| AppError::Audio(format!("the transcription stopped: {error}")))?;
        match heard {
            Ok(transcript) if transcript.words.is_empty() => Ok(Heard {
                recording,
                problem: Some(
                    "No words were heard. Your recording is saved; check the microphone and record again, or type your answer."
                        .to_owned(),
                ),
            }),
            Ok(transcript) => {
                self.store
                    .set_recording_transcript(user, recording.id, &transcript)
                    .await?;
                recording.transcript = Some(transcript);
                Ok(Heard {
                    recording,
                    problem: None,
                })
            }
            Err(error) => Ok(Heard {
                recording,
                problem: Some(format!(
                    "It could not be transcribed: {error}. Your recording is saved; transcribe it again or type your answer."
                )),
            }),
        }
    }

    pub async fn recording(
        &self,
        user: UserId,
        id: RecordingId,
    ) -> Result<RecordingInfo, AppError> {
        self.store
            .recording(user, id)
            .await
            .map_err(|error| not_found(error, id))
    }

    /// The recording's audio and media type, if kept.
    pub async fn recording_audio(
        &self,
        user: UserId,
        id: RecordingId,
    ) -> Result<Option<(String, Vec<u8>)>, AppError> {
        self.store
            .recording_audio(user, id)
            .await
            .map_err(|error| not_found(error, id))
    }

    /// Deletes a recording's audio; its transcript and the attempt's feedback stay.
    pub async fn delete_recording_audio(
        &self,
        user: UserId,
        id: RecordingId,
    ) -> Result<(), AppError> {
        self.store
            .delete_recording_audio(user, id)
            .await
            .map_err(|error| not_found(error, id))
    }

    /// The recording an attempt was spoken in, if any.
    pub async fn attempt_recording(
        &self,
        user: UserId,
        attempt: rehearse_core::AttemptId,
    ) -> Result<Option<RecordingInfo>, AppError> {
        Ok(self.store.attempt_recording(user, attempt).await?)
    }

    /// The transcript and audio of a recording an attempt is about to be made from.
    pub(crate) async fn spoken_input(
        &self,
        user: UserId,
        id: RecordingId,
    ) -> Result<(Transcript, Option<AudioClip>), AppError> {
        let recording = self
            .recording(user, id)
            .await
            .map_err(|error| match error {
                AppError::RecordingNotFound(id) => AppError::UnknownRecording(id),
                other => other,
            })?;
        if recording.attempt_id.is_some() {
            return Err(AppError::RecordingUsed);
        }
        let transcript = recording.transcript.ok_or(AppError::NotTranscribed)?;
        let clip = match self.store.recording_audio(user, id).await? {
            Some((mime, audio)) => decode(&mime, audio).await.ok(),
            None => None,
        };
        Ok((transcript, clip))
    }

    /// The analysis of a spoken answer, with the sentence model when there is one.
    pub(crate) async fn spoken_analysis(
        &self,
        input: &AnalysisInput<'_>,
        transcript: Transcript,
        clip: Option<AudioClip>,
    ) -> Analysis {
        let embedder = self.embedder();
        let owned = crate::meaning::OwnedInput::from(input);
        tokio::task::spawn_blocking(move || {
            rehearse_core::analyze_spoken(
                &owned.input(),
                embedder.as_deref(),
                &transcript,
                clip.as_ref(),
            )
        })
        .await
        .unwrap_or_else(|error| {
            tracing::error!("the analysis of a spoken answer failed: {error}");
            rehearse_core::analyze(input)
        })
    }
}

fn not_found(error: StoreError, id: RecordingId) -> AppError {
    match error {
        StoreError::NotFound => AppError::RecordingNotFound(id.0),
        other => AppError::Storage(other),
    }
}

/// Decodes off the async threads (a long MP3 takes a while).
async fn decode(mime: &str, audio: Vec<u8>) -> Result<AudioClip, AppError> {
    let extension = match mime {
        "audio/flac" => Some("flac"),
        "audio/mpeg" => Some("mp3"),
        "audio/ogg" => Some("ogg"),
        "application/octet-stream" => None,
        _ => Some("wav"),
    };
    tokio::task::spawn_blocking(move || rehearse_speech::decode(&audio, extension))
        .await
        .map_err(|error| AppError::Audio(format!("the recording could not be read: {error}")))?
        .map_err(|error| AppError::Audio(error.to_string()))
}
