//! Spoken answers: what a transcriber returns, and how the answer was said — pace overall and
//! per 15 seconds, pauses and where they fall, the time to the first word, fillers per minute,
//! and from the audio itself how much the voice varies and whether it trails off.
//!
//! Pure: the audio arrives decoded (mono samples) and the words with their times; transcription
//! itself is behind [`Transcriber`], implemented outside this crate (a local Whisper, or a server
//! speaking the OpenAI transcription API).

use serde::{Deserialize, Serialize};

use crate::analysis::{Finding, FindingCode, SentenceTag, Severity, StarPart};
use crate::text::{self, Span};

/// The longest recording accepted, in milliseconds (10 minutes).
pub const MAX_AUDIO_MS: u64 = 10 * 60 * 1000;
/// The largest recording accepted, in bytes (25 MB, the OpenAI API's own limit).
pub const MAX_AUDIO_BYTES: usize = 25 * 1024 * 1024;
/// A gap between two words at least this long is a pause.
pub const PAUSE_MS: u32 = 1000;
/// The pace is also measured per window of this length, so a rushed ending shows.
pub const WINDOW_MS: u32 = 15_000;

/// Decoded audio: mono samples in -1.0..=1.0.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioClip {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

impl AudioClip {
    pub fn duration_ms(&self) -> u64 {
        if self.sample_rate == 0 {
            return 0;
        }
        self.samples.len() as u64 * 1000 / u64::from(self.sample_rate)
    }
}

/// One word as it was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimedWord {
    pub text: String,
    pub start_ms: u32,
    pub end_ms: u32,
}

/// What a transcriber heard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub text: String,
    pub words: Vec<TimedWord>,
    /// The length of the recording.
    pub duration_ms: u32,
    /// Which engine heard it: "local:whisper-base.en", "openai:whisper-1".
    pub engine: String,
}

/// Why a recording could not be transcribed. Every variant leaves the recording saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranscribeError {
    #[error(
        "no speech engine is set up: install a local model or configure a transcription server"
    )]
    NotConfigured,
    #[error("the transcription server refused the API key (401)")]
    Unauthorized,
    #[error("the transcription server is busy (429){}", retry_after.map(|s| format!("; it asks to retry after {s} s")).unwrap_or_default())]
    RateLimited { retry_after: Option<u64> },
    #[error("the transcription server failed: {0}")]
    Server(String),
    #[error("the transcription server's reply could not be read: {0}")]
    Malformed(String),
    #[error("the transcription server did not answer in time")]
    Timeout,
    #[error("the transcription server could not be reached: {0}")]
    Network(String),
    #[error("the local speech model failed: {0}")]
    Model(String),
}

/// Turns speech into words with their times. Implementations are blocking: callers run them off
/// the async runtime.
pub trait Transcriber: Send + Sync + std::fmt::Debug {
    /// "local:whisper-base.en", "openai:whisper-1".
    fn engine(&self) -> String;
    /// Whether the audio leaves this machine.
    fn is_remote(&self) -> bool;
    /// The words in `clip`. `heard` is told, now and then, how many milliseconds of the clip
    /// have been transcribed so far (an engine that cannot tell never calls it), so a page or
    /// the CLI can show progress on a long answer.
    fn transcribe(
        &self,
        clip: &AudioClip,
        heard: &dyn Fn(u32),
    ) -> Result<Transcript, TranscribeError>;
}

/// A pause between two words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start_ms: u32,
    pub end_ms: u32,
}

impl Pause {
    pub fn length_ms(self) -> u32 {
        self.end_ms - self.start_ms
    }
}

/// The pace over one window of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Window {
    pub start_ms: u32,
    pub end_ms: u32,
    pub words_per_minute: f64,
}

/// How the voice moved, from the audio (absent when only words and times are known).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// The spread of the pitch of voiced speech, in semitones (a monotone voice is below about 1.5).
    pub pitch_variation_semitones: f64,
    /// The spread of loudness of voiced speech, in decibels.
    pub loudness_variation_db: f64,
    /// How much quieter the last quarter of the speech is than the rest, in decibels.
    pub trailing_off_db: f64,
}

/// How the answer was said (DESIGN.md §6, `speech`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speech {
    pub duration_ms: u32,
    pub words_per_minute: f64,
    pub time_to_first_word_ms: u32,
    pub fillers_per_minute: f64,
    pub pauses: Vec<Pause>,
    pub words: Vec<TimedWord>,
    pub windows: Vec<Window>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<Voice>,
    pub engine: String,
}

impl Speech {
    pub fn longest_pause(&self) -> Option<Pause> {
        self.pauses
            .iter()
            .copied()
            .max_by_key(|pause| pause.length_ms())
    }
}

/// Measures how the answer was said. `fillers` is how many fillers the words hold (the analysis
/// finds them in the text); `clip`, when given, adds the voice.
pub fn measure(transcript: &Transcript, fillers: usize, clip: Option<&AudioClip>) -> Speech {
    let words = &transcript.words;
    let duration_ms = transcript
        .duration_ms
        .max(words.last().map_or(0, |word| word.end_ms));
    let speaking_ms = match (words.first(), words.last()) {
        (Some(first), Some(last)) => last.end_ms.saturating_sub(first.start_ms),
        _ => 0,
    };
    let per_minute = |count: usize, ms: u32| {
        if ms == 0 {
            0.0
        } else {
            round1(count as f64 * 60_000.0 / f64::from(ms))
        }
    };
    let pauses = words
        .windows(2)
        .filter(|pair| pair[1].start_ms >= pair[0].end_ms.saturating_add(PAUSE_MS))
        .map(|pair| Pause {
            start_ms: pair[0].end_ms,
            end_ms: pair[1].start_ms,
        })
        .collect();
    Speech {
        duration_ms,
        words_per_minute: per_minute(words.len(), speaking_ms),
        time_to_first_word_ms: words.first().map_or(duration_ms, |word| word.start_ms),
        fillers_per_minute: per_minute(fillers, speaking_ms),
        pauses,
        windows: windows(words),
        words: words.clone(),
        voice: clip.and_then(voice),
        engine: transcript.engine.clone(),
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The pace per [`WINDOW_MS`] from the first word; a last window shorter than a third of that is
/// folded into the one before (four words in two seconds is not a pace).
fn windows(words: &[TimedWord]) -> Vec<Window> {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    let (start, end) = (first.start_ms, last.end_ms.max(first.start_ms + 1));
    let mut bounds: Vec<(u32, u32)> = (start..end)
        .step_by(WINDOW_MS as usize)
        .map(|from| (from, (from + WINDOW_MS).min(end)))
        .collect();
    if bounds.len() > 1
        && let Some(&(from, to)) = bounds.last()
        && to - from < WINDOW_MS / 3
    {
        bounds.pop();
        if let Some(previous) = bounds.last_mut() {
            previous.1 = to;
        }
    }
    bounds
        .into_iter()
        .map(|(from, to)| {
            let count = words
                .iter()
                .filter(|word| word.start_ms >= from && (word.start_ms < to || to == end))
                .count();
            Window {
                start_ms: from,
                end_ms: to,
                words_per_minute: round1(count as f64 * 60_000.0 / f64::from(to - from)),
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------ findings

/// Comfortable listening: 130–160 words a minute; these are the edges past which it is not.
const FAST_WPM: f64 = 175.0;
const SLOW_WPM: f64 = 105.0;
/// A silence before the first word longer than this reads as unprepared.
const SLOW_START_MS: u32 = 5000;
/// A silence inside a sentence at least this long loses the listener.
const MID_SENTENCE_PAUSE_MS: u32 = 2000;

/// What the recording says about how the answer was said, each finding on the words it is about
/// (`spans`: each timed word's place in `answer`, from [`align`]) and on its moment in the audio.
pub fn findings(
    speech: &Speech,
    spans: &[Option<Span>],
    answer: &str,
    sentences: &[SentenceTag],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let words = &speech.words;
    let placed: Vec<(usize, Span)> = spans
        .iter()
        .enumerate()
        .filter_map(|(index, span)| span.map(|span| (index, span)))
        .collect();
    let (Some(&(_, first_span)), Some(&(_, last_span))) = (placed.first(), placed.last()) else {
        return out;
    };
    let whole = first_span.cover(last_span);
    // The words said between two moments, as one span of the answer.
    let between = |from_ms: u32, to_ms: u32| -> Option<Span> {
        placed
            .iter()
            .filter(|(index, _)| {
                words[*index].start_ms >= from_ms && words[*index].start_ms < to_ms
            })
            .map(|(_, span)| *span)
            .reduce(Span::cover)
    };
    let mut add = |code, severity, span: Span, ms: (u32, u32), message: String, tip: &str| {
        let mut finding = Finding::new(answer, code, severity, span, message, Some(tip.to_owned()));
        finding.start_ms = Some(ms.0);
        finding.end_ms = Some(ms.1);
        out.push(finding);
    };
    let last_ms = words.last().map_or(0, |word| word.end_ms);

    if speech.time_to_first_word_ms >= SLOW_START_MS {
        add(
            FindingCode::SlowStart,
            Severity::Info,
            first_span,
            (0, speech.time_to_first_word_ms),
            format!(
                "You took {} before the first word.",
                seconds(speech.time_to_first_word_ms)
            ),
            "A breath is fine; then open with one sentence that says what the story is about, and build from there.",
        );
    }

    let enough_words = words.len() >= 40;
    if enough_words && speech.words_per_minute > FAST_WPM {
        add(
            FindingCode::PaceFast,
            Severity::Warn,
            whole,
            (words[0].start_ms, last_ms),
            format!(
                "You spoke at {:.0} words a minute; 130–160 is easy to follow.",
                speech.words_per_minute
            ),
            "Slow down at the points you want remembered: the decision you made and the result.",
        );
    } else if enough_words && speech.words_per_minute < SLOW_WPM {
        add(
            FindingCode::PaceSlow,
            Severity::Info,
            whole,
            (words[0].start_ms, last_ms),
            format!(
                "You spoke at {:.0} words a minute; 130–160 keeps a listener with you.",
                speech.words_per_minute
            ),
            "Know the order of your story before you start, so the words come without searching.",
        );
    }

    // A rushed ending: the last window well above the pace of the rest.
    if let Some((last, rest)) = speech.windows.split_last()
        && rest.len() >= 2
    {
        let mut paces: Vec<f64> = rest.iter().map(|window| window.words_per_minute).collect();
        paces.sort_by(f64::total_cmp);
        let usual = paces[paces.len() / 2];
        if last.words_per_minute >= usual * 1.25
            && last.words_per_minute >= 165.0
            && let Some(span) = between(last.start_ms, last.end_ms + 1)
        {
            add(
                FindingCode::RushedEnding,
                Severity::Warn,
                span,
                (last.start_ms, last.end_ms),
                format!(
                    "The last {} run at {:.0} words a minute against {:.0} before: the ending is rushed.",
                    seconds(last.end_ms - last.start_ms),
                    last.words_per_minute,
                    usual
                ),
                "The result is what they will remember: say it at your normal pace, then stop.",
            );
        }
    }

    // Pauses: the sentence each one falls in, by the word after it.
    let sentence_of = |at: usize| {
        sentences
            .iter()
            .position(|s| at >= s.start && at < s.end.max(s.start + 1))
    };
    let mut mid_sentence: Vec<(Pause, Span)> = Vec::new();
    let mut before_result = None;
    for pause in &speech.pauses {
        let Some(after) = words.iter().position(|word| word.start_ms >= pause.end_ms) else {
            continue;
        };
        let Some(after_span) = spans[after] else {
            continue;
        };
        let before_span = after.checked_sub(1).and_then(|before| spans[before]);
        let (Some(now), Some(then)) = (
            sentence_of(after_span.start),
            before_span.and_then(|span| sentence_of(span.start)),
        ) else {
            continue;
        };
        if now == then {
            if pause.length_ms() >= MID_SENTENCE_PAUSE_MS {
                mid_sentence.push((*pause, after_span));
            }
        } else if sentences[now].part == StarPart::Result
            && sentences[..now].iter().all(|s| s.part != StarPart::Result)
        {
            before_result = Some((*pause, Span::new(sentences[now].start, sentences[now].end)));
        }
    }
    if let Some(&(longest, span)) = mid_sentence
        .iter()
        .max_by_key(|(pause, _)| pause.length_ms())
    {
        add(
            FindingCode::LongPause,
            Severity::Info,
            span,
            (longest.start_ms, longest.end_ms),
            if mid_sentence.len() == 1 {
                format!(
                    "You stopped for {} in the middle of a sentence.",
                    seconds(longest.length_ms())
                )
            } else {
                format!(
                    "You stopped {} times in the middle of a sentence, the longest for {}.",
                    mid_sentence.len(),
                    seconds(longest.length_ms())
                )
            },
            "Pauses between sentences sound like thought; inside one they sound like searching. Finish the sentence, then pause.",
        );
    }
    if let Some((pause, span)) = before_result {
        add(
            FindingCode::PauseBeforeResult,
            Severity::Strength,
            span,
            (pause.start_ms, pause.end_ms),
            format!(
                "You paused {} before the result, so it lands.",
                seconds(pause.length_ms())
            ),
            "Keep it.",
        );
    }

    if let Some(voice) = speech.voice
        && last_ms >= 20_000
    {
        if voice.pitch_variation_semitones < 1.5 {
            add(
                FindingCode::Monotone,
                Severity::Info,
                whole,
                (words[0].start_ms, last_ms),
                format!(
                    "Your pitch moves little ({:.1} semitones either way; lively speech moves 2–4).",
                    voice.pitch_variation_semitones
                ),
                "Lift your voice on the decision and the number in the result; it tells the listener what matters.",
            );
        }
        if voice.trailing_off_db >= 6.0 {
            let from = words[words.len() * 3 / 4].start_ms;
            add(
                FindingCode::TrailingOff,
                Severity::Info,
                between(from, u32::MAX).unwrap_or(whole),
                (from, last_ms),
                format!(
                    "Your voice drops by {:.0} dB over the last quarter of the answer.",
                    voice.trailing_off_db
                ),
                "Finish as loud as you started: the end is usually the result.",
            );
        }
    }
    out
}

/// "3.2 s", "1 min 5 s".
fn seconds(ms: u32) -> String {
    if ms < 60_000 {
        format!("{:.1} s", f64::from(ms) / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000)
    }
}

// ------------------------------------------------------------------------------------ the voice

/// Frames of 32 ms, hop 16 ms: pitch by autocorrelation (70–400 Hz) and loudness by RMS, over the
/// voiced frames only.
fn voice(clip: &AudioClip) -> Option<Voice> {
    let rate = clip.sample_rate as usize;
    if rate < 8000 {
        return None;
    }
    let frame = rate * 32 / 1000;
    let hop = frame / 2;
    let loudness: Vec<f64> = clip
        .samples
        .chunks(hop)
        .map(|chunk| {
            let energy =
                chunk.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / chunk.len() as f64;
            10.0 * energy.max(1e-12).log10()
        })
        .collect();
    let loudest = loudness.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // Voiced: within 30 dB of the loudest frame and above a floor that silence never reaches.
    let voiced: Vec<usize> = (0..loudness.len())
        .filter(|&index| loudness[index] > loudest - 30.0 && loudness[index] > -55.0)
        .collect();
    // Under two seconds of voice says nothing about how it moves.
    if voiced.len() * hop < rate * 2 {
        return None;
    }
    let voiced_loudness: Vec<f64> = voiced.iter().map(|&index| loudness[index]).collect();
    let quarter = voiced_loudness.len() * 3 / 4;
    let trailing_off_db = mean(&voiced_loudness[..quarter]) - mean(&voiced_loudness[quarter..]);

    let (min_lag, max_lag) = (rate / 400, rate / 70);
    // Pitch at most at MAX_PITCH_FRAMES voiced frames spread evenly over the answer: enough to
    // see how it moves, at a bounded cost whatever the length (autocorrelation is the dear part).
    const MAX_PITCH_FRAMES: usize = 400;
    let step = voiced.len().div_ceil(MAX_PITCH_FRAMES).max(1);
    let mut pitches = Vec::new();
    for &index in voiced.iter().step_by(step) {
        let start = index * hop;
        let Some(window) = clip.samples.get(start..start + frame) else {
            continue;
        };
        if let Some(hz) = pitch(window, min_lag, max_lag.min(frame - 1), rate) {
            pitches.push(12.0 * (hz / 100.0).log2());
        }
    }
    if pitches.len() < 20.min(voiced.len() / step) {
        return None;
    }
    Some(Voice {
        pitch_variation_semitones: round1(spread(&pitches)),
        loudness_variation_db: round1(spread(&voiced_loudness)),
        trailing_off_db: round1(trailing_off_db),
    })
}

/// The frequency of the strongest normalised autocorrelation peak, if it is clearly periodic.
fn pitch(window: &[f32], min_lag: usize, max_lag: usize, rate: usize) -> Option<f64> {
    let energy: f64 = window.iter().map(|s| f64::from(*s).powi(2)).sum();
    if energy <= 0.0 || min_lag == 0 || max_lag <= min_lag {
        return None;
    }
    let (lag, strength) = (min_lag..=max_lag)
        .map(|lag| {
            let sum: f64 = window[..window.len() - lag]
                .iter()
                .zip(&window[lag..])
                .map(|(a, b)| f64::from(*a) * f64::from(*b))
                .sum();
            (lag, sum / energy)
        })
        .fold((0, f64::NEG_INFINITY), |best, next| {
            if next.1 > best.1 { next } else { best }
        });
    (strength > 0.45).then(|| rate as f64 / lag as f64)
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn spread(values: &[f64]) -> f64 {
    let centre = mean(values);
    (values.iter().map(|v| (v - centre).powi(2)).sum::<f64>() / values.len().max(1) as f64).sqrt()
}

// ------------------------------------------------------------------------------------ alignment

/// The byte span in `text` of each timed word, when it can be found there in order: the words
/// are matched ignoring case and punctuation, looking a few words ahead so that a word the user
/// corrected, added or removed costs only itself.
pub fn align(text: &str, words: &[TimedWord]) -> Vec<Option<Span>> {
    const LOOKAHEAD: usize = 6;
    let tokens = text::words(text);
    let key = |word: &str| -> String {
        word.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let token_keys: Vec<String> = tokens
        .iter()
        .map(|token| key(token.span.of(text)))
        .collect();
    let mut next = 0;
    words
        .iter()
        .map(|word| {
            let wanted = key(&word.text);
            if wanted.is_empty() {
                return None;
            }
            let found = (next..(next + LOOKAHEAD).min(tokens.len()))
                .find(|&index| token_keys[index] == wanted)?;
            next = found + 1;
            Some(tokens[found].span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words at a steady rate with the given gaps (ms) inserted before word indexes.
    fn words_at(count: usize, wpm: f64, start_ms: u32, gaps: &[(usize, u32)]) -> Vec<TimedWord> {
        let step = 60_000.0 / wpm;
        let mut at = f64::from(start_ms);
        (0..count)
            .map(|index| {
                if let Some((_, gap)) = gaps.iter().find(|(before, _)| *before == index) {
                    at += f64::from(*gap);
                }
                let word = TimedWord {
                    text: format!("w{index}"),
                    start_ms: at as u32,
                    end_ms: (at + step * 0.8) as u32,
                };
                at += step;
                word
            })
            .collect()
    }

    fn transcript(words: Vec<TimedWord>) -> Transcript {
        Transcript {
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            duration_ms: words.last().map_or(0, |w| w.end_ms + 500),
            words,
            engine: "test".into(),
        }
    }

    #[test]
    fn pace_pauses_and_the_first_word_are_measured() {
        let speech = measure(
            &transcript(words_at(300, 150.0, 2500, &[(40, 1500), (120, 3000)])),
            6,
            None,
        );
        assert_eq!(speech.time_to_first_word_ms, 2500);
        // 300 words in two minutes plus 4.5 s of pauses.
        assert!(
            (speech.words_per_minute - 144.6).abs() < 1.0,
            "{}",
            speech.words_per_minute
        );
        assert_eq!(speech.pauses.len(), 2, "{:?}", speech.pauses);
        assert!(speech.pauses[1].length_ms() >= 3000);
        assert_eq!(speech.longest_pause(), Some(speech.pauses[1]));
        assert!((speech.fillers_per_minute - 2.9).abs() < 0.2);
        // Windows of 15 s; the steady ones read 150 (60 / 0.4 s per word).
        assert!(speech.windows.len() >= 8);
        assert!(
            speech
                .windows
                .iter()
                .filter(|w| (w.words_per_minute - 150.0).abs() < 5.0)
                .count()
                >= 6
        );
    }

    #[test]
    fn a_rushed_ending_shows_in_the_last_windows() {
        let mut words = words_at(150, 130.0, 0, &[]);
        let end = words.last().unwrap().end_ms + 200;
        let fast: Vec<TimedWord> = words_at(60, 210.0, end, &[]);
        words.extend(fast);
        let speech = measure(&transcript(words), 0, None);
        let last = speech.windows.last().unwrap().words_per_minute;
        let first = speech.windows[0].words_per_minute;
        assert!(last > first * 1.4, "{:?}", speech.windows);
    }

    #[test]
    fn silence_and_no_words_measure_nothing_and_do_not_panic() {
        let speech = measure(
            &transcript(Vec::new()),
            0,
            Some(&AudioClip {
                samples: vec![0.0; 16_000],
                sample_rate: 16_000,
            }),
        );
        assert_eq!(speech.words_per_minute, 0.0);
        assert!(speech.pauses.is_empty() && speech.windows.is_empty());
        assert_eq!(speech.voice, None);
    }

    fn tone(hz: impl Fn(f64) -> f64, amplitude: impl Fn(f64) -> f64, seconds: f64) -> AudioClip {
        let rate = 16_000;
        let mut phase = 0.0f64;
        let samples = (0..(seconds * f64::from(rate)) as usize)
            .map(|n| {
                let t = n as f64 / f64::from(rate);
                phase += std::f64::consts::TAU * hz(t) / f64::from(rate);
                // A buzz with harmonics, as a voice has.
                (amplitude(t)
                    * (phase.sin() + 0.5 * (2.0 * phase).sin() + 0.25 * (3.0 * phase).sin())
                    / 1.75) as f32
            })
            .collect();
        AudioClip {
            samples,
            sample_rate: rate,
        }
    }

    #[test]
    fn a_flat_voice_is_monotone_and_a_moving_one_is_not() {
        let flat = voice(&tone(|_| 120.0, |_| 0.3, 6.0)).unwrap();
        assert!(flat.pitch_variation_semitones < 0.5, "{flat:?}");
        let moving = voice(&tone(
            |t| 120.0 * 2f64.powf((t * 1.7).sin() * 4.0 / 12.0),
            |_| 0.3,
            6.0,
        ))
        .unwrap();
        assert!(moving.pitch_variation_semitones > 2.0, "{moving:?}");
        let fading = voice(&tone(|_| 150.0, |t| if t < 4.5 { 0.4 } else { 0.08 }, 6.0)).unwrap();
        assert!(fading.trailing_off_db > 8.0, "{fading:?}");
        assert!(flat.trailing_off_db.abs() < 1.0, "{flat:?}");
    }

    /// The words of `text` as said at `wpm`, with `gaps` (ms) before the words that start with
    /// the given text, and from `fast_from` on at twice the pace.
    fn said(text: &str, wpm: f64, gaps: &[(&str, u32)], fast_from: Option<&str>) -> Transcript {
        let mut at = 800.0;
        let mut step = 60_000.0 / wpm;
        let words = text::words(text)
            .iter()
            .map(|word| {
                let word = word.span.of(text);
                if let Some((_, gap)) = gaps.iter().find(|(before, _)| *before == word) {
                    at += f64::from(*gap);
                }
                if fast_from == Some(word) {
                    step /= 2.0;
                }
                let timed = TimedWord {
                    text: word.to_owned(),
                    start_ms: at as u32,
                    end_ms: (at + step * 0.8) as u32,
                };
                at += step;
                timed
            })
            .collect::<Vec<_>>();
        Transcript {
            text: text.to_owned(),
            duration_ms: words.last().unwrap().end_ms + 400,
            words,
            engine: "test".into(),
        }
    }

    fn spoken_codes(transcript: &Transcript) -> (crate::Analysis, Vec<FindingCode>) {
        let analysis = crate::analyze_spoken(
            &crate::AnalysisInput {
                question: "Tell me about a time you fixed a process that was failing.",
                kind: crate::QuestionKind::Behavioral,
                competencies: &[],
                key_points: &[],
                answer: &transcript.text,
            },
            None,
            transcript,
            None,
        );
        let codes = analysis
            .findings
            .iter()
            .map(|finding| finding.code)
            .collect();
        (analysis, codes)
    }

    const STORY: &str = "Last year I was the only data analyst on a team of six at a regional grocery chain. \
        My task was to find out why online orders were being cancelled at twice the normal rate. \
        I pulled three months of order logs and I joined them with the stock feed from each store. \
        I found that the website kept showing items as in stock for four hours after the shelves were empty. \
        I then wrote a short proposal, walked the operations manager through the numbers, and I built a script that refreshed stock every fifteen minutes. \
        I also set up a daily report so the store managers could see substitutions before customers did. \
        As a result, cancellations fell by 38% within six weeks and we kept about $120,000 a year in orders that used to be lost.";

    #[test]
    fn a_spoken_answer_is_told_where_it_paused_and_rushed() {
        // A pause before the result, one in the middle of a sentence, and a rushed last stretch.
        let transcript = said(
            STORY,
            140.0,
            &[("As", 1600), ("proposal", 3200)],
            Some("walked"),
        );
        let (analysis, codes) = spoken_codes(&transcript);
        assert!(codes.contains(&FindingCode::PauseBeforeResult), "{codes:?}");
        assert!(codes.contains(&FindingCode::LongPause), "{codes:?}");
        assert!(codes.contains(&FindingCode::RushedEnding), "{codes:?}");
        let pause = analysis
            .findings
            .iter()
            .find(|f| f.code == FindingCode::LongPause)
            .unwrap();
        assert_eq!(pause.quote, "proposal");
        assert!(pause.end_ms.unwrap() - pause.start_ms.unwrap() >= 3000);
        let before = analysis
            .findings
            .iter()
            .find(|f| f.code == FindingCode::PauseBeforeResult)
            .unwrap();
        assert!(before.quote.starts_with("As a result"), "{before:?}");
        // The real time: the answer took under a minute, said so as measured.
        let short = analysis
            .findings
            .iter()
            .find(|f| f.code == FindingCode::ShortOfTarget)
            .unwrap();
        assert!(
            short.message.starts_with("You spoke for 0:"),
            "{}",
            short.message
        );
        let speech = analysis.speech.unwrap();
        assert_eq!(speech.words.len(), analysis.word_count);

        // Said evenly, with no long gaps: none of that.
        let (_, codes) = spoken_codes(&said(STORY, 140.0, &[], None));
        for code in [
            FindingCode::PauseBeforeResult,
            FindingCode::LongPause,
            FindingCode::RushedEnding,
            FindingCode::PaceFast,
        ] {
            assert!(!codes.contains(&code), "{code:?} in {codes:?}");
        }
        // Too fast throughout.
        let (_, codes) = spoken_codes(&said(STORY, 200.0, &[], None));
        assert!(codes.contains(&FindingCode::PaceFast), "{codes:?}");
    }

    #[test]
    fn words_align_to_the_corrected_text() {
        let words: Vec<TimedWord> = ["I", "lead", "the", "migration", "um", "to", "Postgres."]
            .iter()
            .enumerate()
            .map(|(i, w)| TimedWord {
                text: (*w).into(),
                start_ms: i as u32 * 400,
                end_ms: i as u32 * 400 + 300,
            })
            .collect();
        let corrected = "I led the migration, um, to PostgreSQL.";
        let spans = align(corrected, &words);
        let quoted: Vec<Option<&str>> = spans.iter().map(|s| s.map(|s| s.of(corrected))).collect();
        assert_eq!(
            quoted,
            [
                Some("I"),
                None,
                Some("the"),
                Some("migration"),
                Some("um"),
                Some("to"),
                None
            ]
        );
    }
}
