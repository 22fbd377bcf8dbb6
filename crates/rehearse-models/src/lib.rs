//! Local models for Rehearse: the files a model is made of, and running it in this process.
//!
//! - [`catalog`]: the models Rehearse knows, their files with sha256 sums, and what each enables;
//! - [`files`]: the models folder (`REHEARSE_MODELS`, one sub-folder per model): what is
//!   installed, `pull` (download over HTTPS, checked, installed whole or not at all) and `add`
//!   (install from a folder, for machines without internet);
//! - [`encoder`]: a BERT sentence encoder (candle) behind core's [`rehearse_core::meaning::Embedder`]
//!   trait, with mean pooling and normalisation as sentence-transformers defines them, and a cache
//!   of vectors by text (in memory, and on disk for texts that come back: the bank).
//!
//! Invariants:
//! - nothing is downloaded unless [`files::ModelsDir::pull`] is called (the user asked);
//! - a model folder is used only when every file has the catalog's size (sums are checked when
//!   files are installed, not at every start);
//! - a text's vector depends on the text alone: texts are batched only with texts of the same
//!   token length (no padding), which gives the same bits as embedding each alone.
//!
//! Knows nothing about interviews.

pub mod catalog;
pub mod encoder;
pub mod files;
pub mod whisper;

pub use catalog::{MINILM, Model, WHISPER_TINY_EN};
pub use encoder::{Encoder, EncoderError};
pub use files::{FilesError, ModelStatus, ModelsDir};
pub use whisper::{LazyWhisper, LocalWhisper, WhisperError};
