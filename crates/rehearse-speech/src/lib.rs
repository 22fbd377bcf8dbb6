//! Speech adapters: a recording decoded into the 16 kHz mono samples the core measures and the
//! transcribers take ([`audio`]), and transcribers behind `rehearse_core::speech::Transcriber`
//! ([`remote`]: any server speaking the OpenAI audio-transcriptions API).

pub mod audio;
pub mod remote;

pub use audio::{AudioError, decode, to_wav};
pub use remote::RemoteTranscriber;
