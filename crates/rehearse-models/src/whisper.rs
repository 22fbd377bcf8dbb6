//! Whisper in this process (candle): a recording becomes words with their times, on this machine.
//!
//! The weights come as CTranslate2 publishes them (`model.bin`, `config.json`, `tokenizer.json`:
//! the faster-whisper format, which is what the package registries carry); [`read_ct2`] reads
//! that file and renames its tensors to the names candle's Whisper loads. Decoding is greedy with
//! Whisper's timestamp rules, 30 seconds at a time, with a disfluent prompt so that "um" and "uh"
//! are kept. Whisper times segments, not words: each word is placed inside its segment over the
//! stretches where the recording has voice, in proportion to its length, so a silence inside a
//! segment falls between the words either side of it, where it was.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use candle_core::{DType, Device, IndexOp, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::whisper::{self as w, Config, model::Whisper};
use rehearse_core::speech::{AudioClip, TimedWord, TranscribeError, Transcriber, Transcript};

/// Whisper's prompt, written disfluently so that the model keeps disfluencies (our own text).
const DISFLUENT_PROMPT: &str = " Um, so, uh, I was, like, thinking... hmm, okay, so the, um, the first thing I did was, uh, yeah.";
/// The most tokens decoded for one 30-second window (Whisper's own limit is 224).
const MAX_TOKENS: usize = 224;
/// One timestamp token is this many seconds.
const TIME_STEP: f64 = 0.02;

#[derive(Debug, thiserror::Error)]
#[error("the speech model {name} cannot be loaded: {reason}")]
pub struct WhisperError {
    name: String,
    reason: String,
}

/// The special tokens, found in the tokenizer by name.
#[derive(Debug, Clone, Copy)]
struct Special {
    sot: u32,
    eot: u32,
    sot_prev: u32,
    no_timestamps: u32,
    /// The first timestamp token (`<|0.00|>`); every token from here on is a time.
    timestamp_begin: u32,
    /// `<|en|>` and `<|transcribe|>` for a multilingual model.
    language: Option<(u32, u32)>,
}

pub struct LocalWhisper {
    name: String,
    model: Mutex<Whisper>,
    config: Config,
    tokenizer: tokenizers::Tokenizer,
    special: Special,
    /// Tokens never produced (the model's suppress list and the special ones).
    suppress: Vec<u32>,
    suppress_at_start: Vec<u32>,
    mel_filters: Vec<f32>,
    prompt: Vec<u32>,
}

impl std::fmt::Debug for LocalWhisper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalWhisper")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(serde::Deserialize, Default)]
struct Ct2Config {
    #[serde(default)]
    suppress_ids: Vec<u32>,
    #[serde(default)]
    suppress_ids_begin: Vec<u32>,
}

impl LocalWhisper {
    /// Loads the model in `folder` (`model.bin`, `config.json`, `tokenizer.json`), named `name`.
    pub fn load(name: &str, folder: &Path) -> Result<LocalWhisper, WhisperError> {
        let failed = |reason: String| WhisperError {
            name: name.to_owned(),
            reason,
        };
        let ct2_config: Ct2Config = std::fs::read_to_string(folder.join("config.json"))
            .map_err(|error| failed(format!("config.json: {error}")))
            .and_then(|text| {
                serde_json::from_str(&text).map_err(|error| failed(format!("config.json: {error}")))
            })?;
        let tokenizer = tokenizers::Tokenizer::from_file(folder.join("tokenizer.json"))
            .map_err(|error| failed(format!("tokenizer.json: {error}")))?;
        let token = |text: &str| {
            tokenizer
                .token_to_id(text)
                .ok_or_else(|| failed(format!("tokenizer.json has no {text}")))
        };
        let no_timestamps = token("<|notimestamps|>")?;
        let special = Special {
            sot: token("<|startoftranscript|>")?,
            eot: token("<|endoftext|>")?,
            sot_prev: token("<|startofprev|>")?,
            no_timestamps,
            timestamp_begin: no_timestamps + 1,
            language: None,
        };
        let mut file = std::fs::File::open(folder.join("model.bin"))
            .map_err(|error| failed(format!("model.bin: {error}")))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|error| failed(format!("model.bin: {error}")))?;
        let (tensors, config) = read_ct2(&bytes, &ct2_config.suppress_ids)
            .map_err(|reason| failed(format!("model.bin: {reason}")))?;
        let special = if config.vocab_size >= 51865 {
            Special {
                language: Some((token("<|en|>")?, token("<|transcribe|>")?)),
                ..special
            }
        } else {
            special
        };
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        let model =
            Whisper::load(&vb, config.clone()).map_err(|error| failed(error.to_string()))?;
        let mut suppress = ct2_config.suppress_ids.clone();
        suppress.extend([special.sot, special.sot_prev, special.no_timestamps]);
        // Every other special token (languages, tasks, "no captions") lies between them.
        suppress.extend(special.sot + 1..special.no_timestamps);
        let prompt = tokenizer
            .encode(DISFLUENT_PROMPT, false)
            .map_err(|error| failed(format!("tokenizer.json: {error}")))?
            .get_ids()
            .to_vec();
        Ok(LocalWhisper {
            name: name.to_owned(),
            mel_filters: mel_filters(config.num_mel_bins),
            model: Mutex::new(model),
            config,
            tokenizer,
            special,
            suppress,
            suppress_at_start: ct2_config.suppress_ids_begin,
            prompt,
        })
    }

    /// The segments heard in a clip: (start s, end s, text).
    fn segments(
        &self,
        samples: &[f32],
        heard: &dyn Fn(u32),
    ) -> Result<Vec<(f64, f64, String)>, String> {
        let mut model = self
            .model
            .lock()
            .map_err(|_| "the model is unusable".to_owned())?;
        let bins = self.config.num_mel_bins;
        // The spectrogram of the whole clip (candle pads it with 30 s of silence at the end, so
        // every window is full).
        let mel = w::audio::pcm_to_mel(&self.config, samples, &self.mel_filters);
        let frames = mel.len() / bins;
        let content = samples.len() / w::HOP_LENGTH;
        let mel = Tensor::from_vec(mel, (1, bins, frames), &Device::Cpu)
            .map_err(|error| error.to_string())?;
        let frame_seconds = w::HOP_LENGTH as f64 / w::SAMPLE_RATE as f64;
        let mut segments = Vec::new();
        let mut seek = 0usize;
        while seek + 10 < content {
            let size = w::N_FRAMES.min(frames - seek);
            let window = mel
                .narrow(2, seek, size)
                .map_err(|error| error.to_string())?;
            let features = model
                .encoder
                .forward(&window, true)
                .map_err(|error| error.to_string())?;
            let tokens = self.decode(&mut model, &features)?;
            let start_s = seek as f64 * frame_seconds;
            let window_s = (content - seek).min(w::N_FRAMES) as f64 * frame_seconds;
            let (found, last_end) = self.split_segments(&tokens);
            tracing::debug!(seek, ?last_end, segments = found.len(), "whisper window");
            for (from, to, ids) in found {
                let text = self
                    .tokenizer
                    .decode(&ids, true)
                    .map_err(|error| error.to_string())?;
                let (from, to) = (from.min(window_s), to.min(window_s));
                if !text.trim().is_empty() && to > from {
                    segments.push((start_s + from, start_s + to, text.trim().to_owned()));
                }
            }
            // The next window starts where the last complete segment ended, so a word cut by
            // the window's edge is heard whole in the next one.
            let step = match last_end {
                Some(last) if seek + w::N_FRAMES < content && last > 1.0 => {
                    (last / frame_seconds) as usize
                }
                _ => w::N_FRAMES,
            };
            seek += step.max(100);
            heard((seek.min(content) as f64 * frame_seconds * 1000.0) as u32);
        }
        Ok(segments)
    }

    /// Greedy decoding of one window with Whisper's timestamp rules.
    fn decode(&self, model: &mut Whisper, features: &Tensor) -> Result<Vec<u32>, String> {
        let special = self.special;
        // The prompt as earlier speech with its times, as Whisper sees the text before a window:
        // without times in it, the model stops writing them.
        let mut tokens = vec![special.sot_prev, special.timestamp_begin];
        tokens.extend(&self.prompt);
        tokens.push(special.timestamp_begin + 250);
        tokens.push(special.sot);
        if let Some((language, task)) = special.language {
            tokens.extend([language, task]);
        }
        let sample_begin = tokens.len();
        let vocab = self.config.vocab_size;
        for step in 0..MAX_TOKENS {
            let input = Tensor::new(tokens.as_slice(), &Device::Cpu)
                .and_then(|tensor| tensor.unsqueeze(0))
                .map_err(|error| error.to_string())?;
            let hidden = model
                .decoder
                .forward(&input, features, step == 0)
                .map_err(|error| error.to_string())?;
            let last = hidden
                .i((.., hidden.dim(1).map_err(|error| error.to_string())? - 1..))
                .map_err(|error| error.to_string())?;
            let logits = model
                .decoder
                .final_linear(&last)
                .and_then(|logits| logits.i((0, 0)))
                .and_then(|logits| logits.to_dtype(DType::F32))
                .and_then(|logits| logits.to_vec1::<f32>())
                .map_err(|error| error.to_string())?;
            let mut logits = logits;
            logits.truncate(vocab);
            self.apply_rules(&mut logits, &tokens[sample_begin..]);
            let next = argmax(&logits);
            if next == special.eot {
                break;
            }
            tokens.push(next);
        }
        Ok(tokens[sample_begin..].to_vec())
    }

    /// Suppressed tokens and the timestamp rules (as in Whisper's `ApplyTimestampRules`).
    fn apply_rules(&self, logits: &mut [f32], sampled: &[u32]) {
        let special = self.special;
        let begin = special.timestamp_begin as usize;
        let eot = special.eot as usize;
        for &id in &self.suppress {
            if let Some(logit) = logits.get_mut(id as usize) {
                *logit = f32::NEG_INFINITY;
            }
        }
        if sampled.is_empty() {
            for &id in &self.suppress_at_start {
                if let Some(logit) = logits.get_mut(id as usize) {
                    *logit = f32::NEG_INFINITY;
                }
            }
            // A window opens with a timestamp, at most one second in.
            logits[..begin].fill(f32::NEG_INFINITY);
            let latest = (begin + 50).min(logits.len());
            logits[latest..].fill(f32::NEG_INFINITY);
            return;
        }
        let is_time = |token: u32| token >= special.timestamp_begin;
        let last_was_time = sampled.last().is_some_and(|&token| is_time(token));
        let before_was_time = sampled.len() < 2 || is_time(sampled[sampled.len() - 2]);
        if last_was_time {
            if before_was_time {
                // A segment just closed: text comes next.
                logits[begin..].fill(f32::NEG_INFINITY);
            } else {
                // A timestamp opened after text: it is closed by one, or the text ends.
                logits[..eot].fill(f32::NEG_INFINITY);
            }
        }
        // Times never go back.
        if let Some(&latest) = sampled.iter().filter(|&&token| is_time(token)).max() {
            let floor = if last_was_time && !before_was_time {
                latest as usize
            } else {
                latest as usize + 1
            };
            let floor = floor.min(logits.len());
            logits[begin..floor].fill(f32::NEG_INFINITY);
        }
        // When a timestamp is likelier than any one text token, it must be a timestamp.
        let log_sum = |values: &[f32]| {
            let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            if max == f32::NEG_INFINITY {
                return f32::NEG_INFINITY;
            }
            max + values.iter().map(|v| (v - max).exp()).sum::<f32>().ln()
        };
        let total = log_sum(logits);
        let times = log_sum(&logits[begin..]) - total;
        let best_text = logits[..begin]
            .iter()
            .copied()
            .fold(f32::NEG_INFINITY, f32::max)
            - total;
        if times > best_text {
            logits[..begin].fill(f32::NEG_INFINITY);
        }
    }

    /// Segments of a window's tokens: (start s, end s, text tokens), and the end of the last
    /// complete one.
    fn split_segments(&self, tokens: &[u32]) -> (Vec<TokenSegment>, Option<f64>) {
        let begin = self.special.timestamp_begin;
        let time = |token: u32| f64::from(token - begin) * TIME_STEP;
        let mut segments = Vec::new();
        let mut open: Option<f64> = None;
        let mut text = Vec::new();
        let mut last_end = None;
        for &token in tokens {
            if token >= begin {
                match open {
                    None => open = Some(time(token)),
                    Some(start) if text.is_empty() => open = Some(start.max(time(token))),
                    Some(start) => {
                        let end = time(token);
                        segments.push((start, end, std::mem::take(&mut text)));
                        last_end = Some(end);
                        open = None;
                    }
                }
            } else if token < self.special.eot {
                text.push(token);
            }
        }
        // Text with no closing time: kept only when it is all the window had (the next window
        // starts at the last closed segment and hears it again otherwise).
        if let Some(start) = open
            && !text.is_empty()
            && segments.is_empty()
        {
            segments.push((start, 30.0, text));
        }
        (segments, last_end)
    }
}

/// A segment as decoded: its start and end in seconds of the window, and its text tokens.
type TokenSegment = (f64, f64, Vec<u32>);

fn argmax(values: &[f32]) -> u32 {
    values
        .iter()
        .enumerate()
        .fold((0usize, f32::NEG_INFINITY), |best, (index, &value)| {
            if value > best.1 { (index, value) } else { best }
        })
        .0 as u32
}

impl Transcriber for LocalWhisper {
    fn engine(&self) -> String {
        format!("local:{}", self.name)
    }

    fn is_remote(&self) -> bool {
        false
    }

    fn transcribe(
        &self,
        clip: &AudioClip,
        heard: &dyn Fn(u32),
    ) -> Result<Transcript, TranscribeError> {
        if clip.sample_rate != w::SAMPLE_RATE as u32 {
            return Err(TranscribeError::Model(format!(
                "the audio must be {} Hz",
                w::SAMPLE_RATE
            )));
        }
        let segments = self
            .segments(&clip.samples, heard)
            .map_err(TranscribeError::Model)?;
        let voiced = voiced_stretches(&clip.samples, clip.sample_rate);
        let mut words = Vec::new();
        for (start, end, text) in &segments {
            words.extend(place_words(text, *start, *end, &voiced));
        }
        let text = segments
            .iter()
            .map(|(_, _, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Transcript {
            text,
            words,
            duration_ms: clip.duration_ms() as u32,
            engine: self.engine(),
        })
    }
}

/// A [`LocalWhisper`] loaded when first asked to transcribe, so commands and pages that never
/// hear a recording do not pay for loading it.
#[derive(Debug)]
pub struct LazyWhisper {
    name: String,
    folder: std::path::PathBuf,
    loaded: std::sync::OnceLock<Result<LocalWhisper, String>>,
}

impl LazyWhisper {
    pub fn new(name: &str, folder: &Path) -> LazyWhisper {
        LazyWhisper {
            name: name.to_owned(),
            folder: folder.to_owned(),
            loaded: std::sync::OnceLock::new(),
        }
    }
}

impl Transcriber for LazyWhisper {
    fn engine(&self) -> String {
        format!("local:{}", self.name)
    }

    fn is_remote(&self) -> bool {
        false
    }

    fn transcribe(
        &self,
        clip: &AudioClip,
        heard: &dyn Fn(u32),
    ) -> Result<Transcript, TranscribeError> {
        let loaded = self.loaded.get_or_init(|| {
            let started = std::time::Instant::now();
            let whisper =
                LocalWhisper::load(&self.name, &self.folder).map_err(|error| error.to_string());
            tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "speech model loaded"
            );
            whisper
        });
        match loaded {
            Ok(whisper) => {
                let started = std::time::Instant::now();
                let transcript = whisper.transcribe(clip, heard);
                tracing::info!(
                    audio_ms = clip.duration_ms(),
                    ms = started.elapsed().as_millis() as u64,
                    "transcribed on this machine"
                );
                transcript
            }
            Err(error) => Err(TranscribeError::Model(error.clone())),
        }
    }
}

// ------------------------------------------------------------------------------------ words in time

/// The stretches of a recording with voice, in seconds: 10 ms frames louder than the quiet
/// floor by 15 dB (and than -50 dB), gaps under 150 ms bridged.
fn voiced_stretches(samples: &[f32], rate: u32) -> Vec<(f64, f64)> {
    let frame = (rate / 100).max(1) as usize;
    let levels: Vec<f64> = samples
        .chunks(frame)
        .map(|chunk| {
            let energy =
                chunk.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / chunk.len() as f64;
            10.0 * energy.max(1e-12).log10()
        })
        .collect();
    if levels.is_empty() {
        return Vec::new();
    }
    let mut sorted = levels.clone();
    sorted.sort_by(f64::total_cmp);
    let floor = sorted[sorted.len() / 10];
    let threshold = (floor + 15.0).max(-50.0);
    let seconds = |index: usize| index as f64 * frame as f64 / f64::from(rate);
    let mut stretches: Vec<(f64, f64)> = Vec::new();
    let mut start = None;
    for (index, level) in levels.iter().enumerate() {
        match (start, *level > threshold) {
            (None, true) => start = Some(index),
            (Some(from), false) => {
                stretches.push((seconds(from), seconds(index)));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        stretches.push((seconds(from), seconds(levels.len())));
    }
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for stretch in stretches {
        match merged.last_mut() {
            Some(last) if stretch.0 - last.1 < 0.15 => last.1 = stretch.1,
            _ => merged.push(stretch),
        }
    }
    merged
}

/// The words of a segment placed over its voiced time, each in proportion to its length.
fn place_words(text: &str, start: f64, end: f64, voiced: &[(f64, f64)]) -> Vec<TimedWord> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut spans: Vec<(f64, f64)> = voiced
        .iter()
        .filter_map(|&(from, to)| {
            let (from, to) = (from.max(start), to.min(end));
            (to > from).then_some((from, to))
        })
        .collect();
    if spans.is_empty() {
        spans.push((start, end));
    }
    let voiced_total: f64 = spans.iter().map(|(from, to)| to - from).sum();
    let weights: Vec<f64> = words
        .iter()
        .map(|word| word.chars().filter(|c| c.is_alphanumeric()).count().max(1) as f64 + 1.0)
        .collect();
    let total: f64 = weights.iter().sum();
    // Each word goes to the voiced stretch that holds its middle, in proportion to its length
    // over all the voiced time; within a stretch its words share it by length. No word spans a
    // silence, so the silence falls between two words.
    let stretch_of = |share: f64| -> usize {
        let mut left = share * voiced_total;
        for (index, &(from, to)) in spans.iter().enumerate() {
            if left <= to - from {
                return index;
            }
            left -= to - from;
        }
        spans.len() - 1
    };
    let mut done = 0.0;
    let homes: Vec<usize> = weights
        .iter()
        .map(|weight| {
            let home = stretch_of((done + weight / 2.0) / total);
            done += weight;
            home
        })
        .collect();
    let ms = |seconds: f64| (seconds * 1000.0).round().max(0.0) as u32;
    let mut out = Vec::with_capacity(words.len());
    for (index, &(from, to)) in spans.iter().enumerate() {
        let members: Vec<usize> = (0..words.len())
            .filter(|&word| homes[word] == index)
            .collect();
        let share: f64 = members.iter().map(|&word| weights[word]).sum();
        let mut at = from;
        for &word in &members {
            let length = (to - from) * weights[word] / share;
            out.push(TimedWord {
                text: words[word].to_owned(),
                start_ms: ms(at),
                end_ms: ms(at + length * 0.9),
            });
            at += length;
        }
    }
    out
}

// ------------------------------------------------------------------------------------ the mel filters

/// The mel filter bank Whisper was trained with (librosa's, Slaney scale and area
/// normalisation): `n_mels` rows over the 201 bins of a 400-point FFT at 16 kHz.
pub fn mel_filters(n_mels: usize) -> Vec<f32> {
    let (rate, fft) = (w::SAMPLE_RATE as f64, w::N_FFT);
    let bins = fft / 2 + 1;
    let hz_to_mel = |hz: f64| {
        if hz < 1000.0 {
            hz * 3.0 / 200.0
        } else {
            15.0 + (hz / 1000.0).ln() / (6.4f64.ln() / 27.0)
        }
    };
    let mel_to_hz = |mel: f64| {
        if mel < 15.0 {
            mel * 200.0 / 3.0
        } else {
            1000.0 * ((mel - 15.0) * (6.4f64.ln() / 27.0)).exp()
        }
    };
    let top = hz_to_mel(rate / 2.0);
    let points: Vec<f64> = (0..n_mels + 2)
        .map(|index| mel_to_hz(top * index as f64 / (n_mels + 1) as f64))
        .collect();
    let mut filters = vec![0f32; n_mels * bins];
    for mel in 0..n_mels {
        let (low, centre, high) = (points[mel], points[mel + 1], points[mel + 2]);
        let norm = 2.0 / (high - low);
        for bin in 0..bins {
            let hz = bin as f64 * rate / fft as f64;
            let rising = (hz - low) / (centre - low);
            let falling = (high - hz) / (high - centre);
            filters[mel * bins + bin] = (rising.min(falling).max(0.0) * norm) as f32;
        }
    }
    filters
}

// ------------------------------------------------------------------------------------ CTranslate2

/// The tensors of a CTranslate2 Whisper `model.bin` under the names candle's Whisper loads, and
/// the model's shape. The format: a version (6), the spec's name, a revision, then each variable
/// as name, rank, dimensions, type and bytes (little-endian).
pub fn read_ct2(
    bytes: &[u8],
    suppress: &[u32],
) -> Result<(HashMap<String, Tensor>, Config), String> {
    let mut reader = Bytes { bytes, at: 0 };
    let version = reader.u32()?;
    if version != 6 {
        return Err(format!(
            "version {version} of the format is not known (6 is)"
        ));
    }
    let spec = reader.string()?;
    if spec != "WhisperSpec" {
        return Err(format!("it holds a {spec}, not Whisper"));
    }
    reader.u32()?;
    let count = reader.u32()? as usize;
    let mut raw: HashMap<String, Tensor> = HashMap::new();
    let mut scalars: HashMap<String, i64> = HashMap::new();
    for _ in 0..count {
        let name = reader.string()?;
        let rank = reader.u8()? as usize;
        let dims = (0..rank)
            .map(|_| reader.u32().map(|dim| dim as usize))
            .collect::<Result<Vec<_>, _>>()?;
        let kind = reader.u8()?;
        let size = reader.u32()? as usize;
        let data = reader.take(size)?;
        if rank == 0 {
            let value = match kind {
                1 => i64::from(data.first().copied().unwrap_or(0) as i8),
                2 if data.len() >= 2 => i64::from(i16::from_le_bytes([data[0], data[1]])),
                3 if data.len() >= 4 => {
                    i64::from(i32::from_le_bytes([data[0], data[1], data[2], data[3]]))
                }
                _ => 0,
            };
            scalars.insert(name, value);
            continue;
        }
        let dtype = match kind {
            0 => DType::F32,
            4 => DType::F16,
            5 => DType::BF16,
            other => return Err(format!("{name}: type {other} is not supported")),
        };
        let tensor = Tensor::from_raw_buffer(data, dtype, &dims, &Device::Cpu)
            .and_then(|tensor| tensor.to_dtype(DType::F32))
            .map_err(|error| format!("{name}: {error}"))?;
        raw.insert(name, tensor);
    }
    let get = |name: &str| {
        raw.get(name)
            .cloned()
            .ok_or_else(|| format!("{name} is missing"))
    };
    let conv1 = get("encoder/conv1/weight")?;
    let d_model = conv1.dim(0).map_err(|error| error.to_string())?;
    let layers = |prefix: &str| {
        (0..)
            .take_while(|index| {
                raw.contains_key(&format!("{prefix}/layer_{index}/ffn/linear_0/weight"))
            })
            .count()
    };
    let (encoder_layers, decoder_layers) = (layers("encoder"), layers("decoder"));
    let embeddings = get("decoder/embeddings/weight")?;
    let heads = |name: &str| match scalars.get(name) {
        Some(&heads) if heads > 0 && d_model % heads as usize == 0 => Ok(heads as usize),
        other => Err(format!("{name} is {other:?}, not a number of heads")),
    };
    let config = Config {
        num_mel_bins: conv1.dim(1).map_err(|error| error.to_string())?,
        max_source_positions: get("encoder/position_encodings/encodings")?
            .dim(0)
            .map_err(|error| error.to_string())?,
        d_model,
        encoder_attention_heads: heads("encoder/num_heads")?,
        encoder_layers,
        vocab_size: embeddings.dim(0).map_err(|error| error.to_string())?,
        max_target_positions: get("decoder/position_encodings/encodings")?
            .dim(0)
            .map_err(|error| error.to_string())?,
        decoder_attention_heads: heads("decoder/num_heads")?,
        decoder_layers,
        suppress_tokens: suppress.to_vec(),
    };

    let mut out: HashMap<String, Tensor> = HashMap::new();
    let mut put = |name: String, tensor: Tensor| {
        out.insert(name, tensor);
    };
    let rows = |tensor: &Tensor, index: usize| {
        tensor
            .narrow(0, index * d_model, d_model)
            .map_err(|error| error.to_string())
    };
    for (ct2, ours) in [
        ("encoder/conv1", "model.encoder.conv1"),
        ("encoder/conv2", "model.encoder.conv2"),
    ] {
        put(format!("{ours}.weight"), get(&format!("{ct2}/weight"))?);
        put(format!("{ours}.bias"), get(&format!("{ct2}/bias"))?);
    }
    let norm = |ct2: &str, ours: &str, put: &mut dyn FnMut(String, Tensor)| -> Result<(), String> {
        put(format!("{ours}.weight"), get(&format!("{ct2}/gamma"))?);
        put(format!("{ours}.bias"), get(&format!("{ct2}/beta"))?);
        Ok(())
    };
    let linear =
        |ct2: &str, ours: &str, put: &mut dyn FnMut(String, Tensor)| -> Result<(), String> {
            put(format!("{ours}.weight"), get(&format!("{ct2}/weight"))?);
            put(format!("{ours}.bias"), get(&format!("{ct2}/bias"))?);
            Ok(())
        };
    // A fused projection, cut into its parts (the key has no bias in Whisper).
    let fused =
        |ct2: &str, parts: &[&str], put: &mut dyn FnMut(String, Tensor)| -> Result<(), String> {
            let weight = get(&format!("{ct2}/weight"))?;
            let bias = get(&format!("{ct2}/bias"))?;
            for (index, part) in parts.iter().enumerate() {
                put(format!("{part}.weight"), rows(&weight, index)?);
                if !part.ends_with("k_proj") {
                    put(format!("{part}.bias"), rows(&bias, index)?);
                }
            }
            Ok(())
        };
    put("model.decoder.embed_tokens.weight".to_owned(), embeddings);
    put(
        "model.decoder.embed_positions.weight".to_owned(),
        get("decoder/position_encodings/encodings")?,
    );
    // The encoder's and the decoder's layers are the same but for the decoder's attention to the
    // audio.
    for (side, layers) in [("encoder", encoder_layers), ("decoder", decoder_layers)] {
        norm(
            &format!("{side}/layer_norm"),
            &format!("model.{side}.layer_norm"),
            &mut put,
        )?;
        for index in 0..layers {
            let ct2 = format!("{side}/layer_{index}");
            let ours = format!("model.{side}.layers.{index}");
            let pair = |a: &str, b: &str| (format!("{ct2}/{a}"), format!("{ours}.{b}"));
            let (from, to) = pair("self_attention/layer_norm", "self_attn_layer_norm");
            norm(&from, &to, &mut put)?;
            fused(
                &format!("{ct2}/self_attention/linear_0"),
                &[
                    &format!("{ours}.self_attn.q_proj"),
                    &format!("{ours}.self_attn.k_proj"),
                    &format!("{ours}.self_attn.v_proj"),
                ],
                &mut put,
            )?;
            let (from, to) = pair("self_attention/linear_1", "self_attn.out_proj");
            linear(&from, &to, &mut put)?;
            if side == "decoder" {
                let (from, to) = pair("attention/layer_norm", "encoder_attn_layer_norm");
                norm(&from, &to, &mut put)?;
                let (from, to) = pair("attention/linear_0", "encoder_attn.q_proj");
                linear(&from, &to, &mut put)?;
                fused(
                    &format!("{ct2}/attention/linear_1"),
                    &[
                        &format!("{ours}.encoder_attn.k_proj"),
                        &format!("{ours}.encoder_attn.v_proj"),
                    ],
                    &mut put,
                )?;
                let (from, to) = pair("attention/linear_2", "encoder_attn.out_proj");
                linear(&from, &to, &mut put)?;
            }
            let (from, to) = pair("ffn/layer_norm", "final_layer_norm");
            norm(&from, &to, &mut put)?;
            let (from, to) = pair("ffn/linear_0", "fc1");
            linear(&from, &to, &mut put)?;
            let (from, to) = pair("ffn/linear_1", "fc2");
            linear(&from, &to, &mut put)?;
        }
    }
    Ok((out, config))
}

/// A little-endian reader over a byte slice that refuses to read past its end.
struct Bytes<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(count)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| "the file ends too early".to_owned())?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, String> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn string(&mut self) -> Result<String, String> {
        let bytes = self.take(2)?;
        let length = u16::from_le_bytes([bytes[0], bytes[1]]) as usize;
        let text = self.take(length)?;
        Ok(String::from_utf8_lossy(text)
            .trim_end_matches('\0')
            .to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mel_filters_are_triangles_that_cover_the_band() {
        let filters = mel_filters(80);
        assert_eq!(filters.len(), 80 * 201);
        assert!(filters.iter().all(|value| *value >= 0.0));
        // Every filter has weight, and peaks once.
        for mel in 0..80 {
            let row = &filters[mel * 201..(mel + 1) * 201];
            assert!(row.iter().any(|value| *value > 0.0), "filter {mel}");
        }
        // The first filter starts at 0 Hz; 8 kHz is the top edge of the last.
        assert_eq!(filters[0], 0.0);
    }

    #[test]
    fn a_damaged_model_file_is_refused_not_a_panic() {
        for bytes in [
            &b""[..],
            &[6, 0, 0, 0][..],
            &[7, 0, 0, 0, 1, 0, b'x'][..],
            &[6, 0, 0, 0, 200, 0][..],
        ] {
            assert!(read_ct2(bytes, &[]).is_err());
        }
    }

    #[test]
    fn words_are_placed_over_the_voice_and_a_silence_falls_between_them() {
        // Voice from 1.0 to 2.0 s and from 3.5 to 4.5 s; the segment spans both.
        let voiced = [(1.0, 2.0), (3.5, 4.5)];
        let words = place_words("alpha beta gamma delta", 0.8, 4.8, &voiced);
        assert_eq!(words.len(), 4);
        assert_eq!(words[0].start_ms, 1000);
        // The 1.5 s silence lies between "beta" and "gamma".
        assert!(
            words[1].end_ms <= 2000 && words[2].start_ms >= 3500,
            "{words:?}"
        );
        assert!(
            words
                .windows(2)
                .all(|pair| pair[0].end_ms <= pair[1].start_ms)
        );
        assert!(words[3].end_ms <= 4500);
    }

    #[test]
    fn voice_is_found_between_silences() {
        let rate = 16_000;
        let mut samples = vec![0.0f32; rate];
        samples.extend((0..rate).map(|n| (n as f32 * 0.1).sin() * 0.3));
        samples.extend(vec![0.0f32; rate * 2]);
        samples.extend((0..rate / 2).map(|n| (n as f32 * 0.1).sin() * 0.3));
        let voiced = voiced_stretches(&samples, rate as u32);
        assert_eq!(voiced.len(), 2, "{voiced:?}");
        assert!((voiced[0].0 - 1.0).abs() < 0.02 && (voiced[1].0 - 4.0).abs() < 0.02);
    }
}
