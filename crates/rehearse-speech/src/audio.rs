//! Recordings in, 16 kHz mono samples out: WAV, FLAC, MP3 and OGG Vorbis (the page itself
//! records WAV), within the core's limits of size and length, with a clear error for anything
//! else.

use std::io::Cursor;

use rehearse_core::speech::{AudioClip, MAX_AUDIO_BYTES, MAX_AUDIO_MS};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// The rate every transcriber and measure works at.
pub const SAMPLE_RATE: u32 = 16_000;

/// Why a recording cannot be used. The messages are for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    #[error("the recording is empty")]
    Empty,
    #[error("the recording is {0} MB; the limit is 25 MB")]
    TooLarge(usize),
    #[error("the recording is longer than 10 minutes; record a shorter answer")]
    TooLong,
    #[error("this is not a recording Rehearse can read (WAV, FLAC, MP3 or OGG): {0}")]
    Unsupported(String),
    #[error("the recording is silent: check that the right microphone is chosen and not muted")]
    Silent,
}

/// Decodes a recording, mixes it to mono and resamples it to [`SAMPLE_RATE`]. `extension` is a
/// hint ("wav", "mp3"); the content decides.
pub fn decode(bytes: &[u8], extension: Option<&str>) -> Result<AudioClip, AudioError> {
    if bytes.is_empty() {
        return Err(AudioError::Empty);
    }
    if bytes.len() > MAX_AUDIO_BYTES {
        return Err(AudioError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
    }
    let unsupported = |error: DecodeError| AudioError::Unsupported(error.to_string());
    let source = MediaSourceStream::new(Box::new(Cursor::new(bytes.to_vec())), Default::default());
    let mut hint = Hint::new();
    if let Some(extension) = extension {
        hint.with_extension(extension);
    }
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(unsupported)?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|track| track.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| AudioError::Unsupported("it has no audio track".to_owned()))?;
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(unsupported)?;
    let mut mono: Vec<f32> = Vec::new();
    let mut rate = track.codec_params.sample_rate.unwrap_or(0);
    loop {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            Err(DecodeError::IoError(error))
                if error.kind() == std::io::ErrorKind::UnexpectedEof =>
            {
                break;
            }
            Err(DecodeError::ResetRequired) => break,
            Err(error) => return Err(unsupported(error)),
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            // A damaged packet is skipped, as players do.
            Err(DecodeError::DecodeError(_)) => continue,
            Err(error) => return Err(unsupported(error)),
        };
        let spec = *decoded.spec();
        rate = spec.rate;
        let channels = spec.channels.count().max(1);
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
        buffer.copy_interleaved_ref(decoded);
        mono.extend(
            buffer
                .samples()
                .chunks(channels)
                .map(|frame| frame.iter().sum::<f32>() / channels as f32),
        );
        if rate > 0 && mono.len() as u64 * 1000 / u64::from(rate) > MAX_AUDIO_MS {
            return Err(AudioError::TooLong);
        }
    }
    if mono.is_empty() || rate == 0 {
        return Err(AudioError::Empty);
    }
    if mono.iter().all(|sample| sample.abs() < 1e-3) {
        return Err(AudioError::Silent);
    }
    Ok(AudioClip {
        samples: resample(&mono, rate, SAMPLE_RATE),
        sample_rate: SAMPLE_RATE,
    })
}

/// Windowed-sinc resampling (a Hann window over 16 zero crossings), low-passed below the new
/// Nyquist frequency when going down so that nothing folds back.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.is_empty() || from == 0 || to == 0 {
        return samples.to_vec();
    }
    const ZERO_CROSSINGS: f64 = 16.0;
    let ratio = f64::from(from) / f64::from(to);
    let cutoff = (1.0 / ratio).min(1.0) * 0.95;
    let half = (ZERO_CROSSINGS / cutoff).ceil() as i64;
    let count = (samples.len() as f64 / ratio).floor() as usize;
    (0..count)
        .map(|index| {
            let centre = index as f64 * ratio;
            let first = (centre.floor() as i64 - half).max(0);
            let last = (centre.floor() as i64 + half).min(samples.len() as i64 - 1);
            let mut sum = 0.0;
            for at in first..=last {
                let x = (centre - at as f64) * cutoff;
                let sinc = if x.abs() < 1e-9 {
                    1.0
                } else {
                    (std::f64::consts::PI * x).sin() / (std::f64::consts::PI * x)
                };
                let window = 0.5
                    + 0.5
                        * (std::f64::consts::PI * (centre - at as f64) / (half as f64 + 1.0)).cos();
                sum += f64::from(samples[at as usize]) * sinc * window * cutoff;
            }
            sum as f32
        })
        .collect()
}

/// A clip as a 16-bit PCM WAV file, for sending to a server.
pub fn to_wav(clip: &AudioClip) -> Vec<u8> {
    let data_len = (clip.samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&clip.sample_rate.to_le_bytes());
    out.extend_from_slice(&(clip.sample_rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for sample in &clip.samples {
        let value = (sample.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        out.extend_from_slice(&value.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(hz: f64, rate: u32, seconds: f64) -> AudioClip {
        AudioClip {
            samples: (0..(seconds * f64::from(rate)) as usize)
                .map(|n| {
                    (0.5 * (std::f64::consts::TAU * hz * n as f64 / f64::from(rate)).sin()) as f32
                })
                .collect(),
            sample_rate: rate,
        }
    }

    #[test]
    fn a_wav_round_trips_and_is_resampled_to_16_khz() {
        let clip = sine(440.0, 48_000, 1.0);
        let back = decode(&to_wav(&clip), Some("wav")).unwrap();
        assert_eq!(back.sample_rate, SAMPLE_RATE);
        assert!((back.samples.len() as i64 - 16_000).abs() <= 1);
        // Still a 440 Hz tone at the same level (ignoring the edges).
        let peak = back.samples[1000..15_000]
            .iter()
            .fold(0.0f32, |a, b| a.max(b.abs()));
        assert!((peak - 0.5).abs() < 0.02, "{peak}");
        // A tone above the new Nyquist frequency is filtered out, not folded back.
        let high = resample(&sine(12_000.0, 48_000, 0.5).samples, 48_000, 16_000);
        let peak = high[1000..7000].iter().fold(0.0f32, |a, b| a.max(b.abs()));
        assert!(peak < 0.05, "{peak}");
    }

    #[test]
    fn bad_recordings_get_clear_errors() {
        assert_eq!(decode(&[], None), Err(AudioError::Empty));
        assert!(matches!(
            decode(b"not audio at all, just text", None),
            Err(AudioError::Unsupported(_))
        ));
        let silent = AudioClip {
            samples: vec![0.0; 16_000],
            sample_rate: 16_000,
        };
        assert_eq!(decode(&to_wav(&silent), None), Err(AudioError::Silent));
        let big = vec![0u8; MAX_AUDIO_BYTES + 1];
        assert!(matches!(decode(&big, None), Err(AudioError::TooLarge(26))));
        let long = sine(200.0, 8000, 601.0);
        assert_eq!(decode(&to_wav(&long), None), Err(AudioError::TooLong));
    }
}
