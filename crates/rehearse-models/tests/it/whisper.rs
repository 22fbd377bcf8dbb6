//! Whisper on this machine, on synthetic speech with a known script, rate and pauses: espeak-ng
//! says each sentence at a set rate, silences of known length go between some of them, and the
//! measures from the transcript are checked against what was made. Needs the model
//! (`REHEARSE_TEST_MODELS` with whisper-tiny.en) and espeak-ng; under `CI=true` both must be there.

use std::path::{Path, PathBuf};
use std::process::Command;

use rehearse_core::speech::{AudioClip, Transcriber, measure};
use rehearse_models::{LocalWhisper, ModelStatus, ModelsDir, WHISPER_TINY_EN};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

fn model_folder() -> Option<PathBuf> {
    let root = std::env::var_os("REHEARSE_TEST_MODELS");
    match root.map(|root| ModelsDir::new(root).status(&WHISPER_TINY_EN)) {
        Some(ModelStatus::Installed { path }) => Some(path),
        other => {
            let message = format!(
                "the speech tests did not run: REHEARSE_TEST_MODELS must name a models folder with whisper-tiny.en ({other:?})"
            );
            assert!(!in_ci(), "{message}");
            eprintln!("{message}");
            None
        }
    }
}

/// espeak-ng's voice saying `text` at `wpm`, as 16 kHz mono samples.
fn say(text: &str, wpm: u32, folder: &Path) -> Option<Vec<f32>> {
    let file = folder.join("said.wav");
    let status = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", &wpm.to_string(), "-w"])
        .arg(&file)
        .arg(text)
        .status();
    match status {
        Ok(status) if status.success() => {}
        _ => {
            let message = "the speech tests did not run: espeak-ng is not installed (Debian: apt-get install espeak-ng)";
            assert!(!in_ci(), "{message}");
            eprintln!("{message}");
            return None;
        }
    }
    let clip = rehearse_speech_decode(&std::fs::read(&file).unwrap());
    // espeak pads each clip with a little silence; trim it so the pauses are the ones we put.
    let loud = |sample: &f32| sample.abs() > 0.01;
    let first = clip.iter().position(loud).unwrap_or(0);
    let last = clip.iter().rposition(loud).unwrap_or(clip.len());
    Some(clip[first..=last].to_vec())
}

/// A minimal WAV reader for espeak's output (16-bit mono PCM), resampled to 16 kHz by linear
/// interpolation (espeak writes 22,050 Hz).
fn rehearse_speech_decode(bytes: &[u8]) -> Vec<f32> {
    let rate = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]) as f64;
    let data = bytes
        .windows(4)
        .position(|window| window == b"data")
        .expect("a data chunk")
        + 8;
    let samples: Vec<f32> = bytes[data..]
        .chunks_exact(2)
        .map(|pair| f32::from(i16::from_le_bytes([pair[0], pair[1]])) / 32768.0)
        .collect();
    let ratio = rate / 16_000.0;
    (0..(samples.len() as f64 / ratio) as usize)
        .map(|index| {
            let at = index as f64 * ratio;
            let low = at.floor() as usize;
            let high = (low + 1).min(samples.len() - 1);
            let share = (at - low as f64) as f32;
            samples[low] * (1.0 - share) + samples[high] * share
        })
        .collect()
}

const SENTENCES: [&str; 5] = [
    "Last spring I was the only analyst supporting a sales team of twelve people.",
    "My task was to find out why the weekly revenue report was always a day late.",
    "I traced every step of the report and I found that two people copied the same numbers by hand.",
    "So I replaced the copying with one shared query that I scheduled for Monday mornings.",
    "As a result the report went out on time every week and we saved about six hours of work.",
];

#[test]
fn synthetic_speech_gives_its_rate_its_pauses_and_its_words() {
    let Some(folder) = model_folder() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let rate = 150;
    // Silences after the second (1.5 s) and the fourth sentence (2.5 s); 0.3 s elsewhere.
    let gaps = [0.3, 1.5, 0.3, 2.5];
    let mut samples = vec![0.0f32; 8000];
    let mut said_seconds = 0.0;
    let mut pauses_at = Vec::new();
    for (index, sentence) in SENTENCES.iter().enumerate() {
        let Some(voice) = say(sentence, rate, scratch.path()) else {
            return;
        };
        said_seconds += voice.len() as f64 / 16_000.0;
        samples.extend(voice);
        if let Some(gap) = gaps.get(index) {
            if *gap >= 1.0 {
                pauses_at.push((samples.len() as f64 / 16_000.0, *gap));
            }
            samples.extend(vec![0.0f32; (gap * 16_000.0) as usize]);
        }
    }
    let clip = AudioClip {
        samples,
        sample_rate: 16_000,
    };
    let whisper = LocalWhisper::load("whisper-tiny.en", &folder).unwrap();
    let started = std::time::Instant::now();
    let told = std::sync::Mutex::new(Vec::new());
    let transcript = whisper
        .transcribe(&clip, &|ms| told.lock().unwrap().push(ms))
        .unwrap();
    // Progress is told window by window, only forwards, up to the clip's end.
    let told = told.into_inner().unwrap();
    assert!(!told.is_empty(), "no progress was told");
    assert!(told.windows(2).all(|pair| pair[0] <= pair[1]), "{told:?}");
    let last = *told.last().unwrap();
    assert!(
        last <= clip.duration_ms() as u32 && last + 1000 >= clip.duration_ms() as u32,
        "the last progress {last} ms is not the clip's end {} ms",
        clip.duration_ms()
    );
    eprintln!(
        "transcribed {:.1} s of speech in {:.1} s: {}",
        clip.duration_ms() as f64 / 1000.0,
        started.elapsed().as_secs_f64(),
        transcript.text
    );
    // Word error rate against the script (words compared lowercased without punctuation; "twelve"
    // heard as "12" counts as an error, as a reader would see it).
    let script: Vec<String> = SENTENCES.iter().flat_map(|s| normalised(s)).collect();
    let heard: Vec<String> = normalised(&transcript.text);
    let wer = edit_distance(&script, &heard) as f64 / script.len() as f64;
    eprintln!(
        "word error rate on the synthetic script: {:.1}% ({} words)",
        wer * 100.0,
        script.len()
    );
    assert!(wer <= 0.15, "word error rate {wer:.2}");
    let lower = transcript.text.to_lowercase();
    for word in ["analyst", "revenue", "report", "query", "monday", "hours"] {
        assert!(lower.contains(word), "{word:?} in {lower:?}");
    }
    assert_eq!(transcript.engine, "local:whisper-tiny.en");
    let started = std::time::Instant::now();
    measure(&transcript, 0, None);
    let from_words = started.elapsed();
    let speech = measure(&transcript, 0, Some(&clip));
    eprintln!(
        "delivery measured in {:.3} ms from the words, {:.1} ms with the voice ({} words, {:.0} s of audio; a debug build)",
        from_words.as_secs_f64() * 1000.0,
        (started.elapsed() - from_words).as_secs_f64() * 1000.0,
        transcript.words.len(),
        clip.duration_ms() as f64 / 1000.0
    );

    // The rate: words heard over the time spent saying them (the pauses we added are not
    // speaking time; espeak's own short gaps are).
    let words: usize = SENTENCES.iter().map(|s| s.split_whitespace().count()).sum();
    let heard_wpm = words as f64 * 60.0 / (said_seconds + 0.3 * 2.0);
    let measured_wpm = speech.words_per_minute * (speech_ms(&speech) as f64 / 1000.0)
        / (speech_ms(&speech) as f64 / 1000.0 - pauses_at.iter().map(|(_, gap)| gap).sum::<f64>());
    eprintln!(
        "rate: espeak at {rate}, words over speaking time {heard_wpm:.0}, measured {measured_wpm:.0}; pauses {:?}",
        speech.pauses
    );
    assert!(
        (measured_wpm - heard_wpm).abs() / heard_wpm <= 0.10,
        "measured {measured_wpm:.0} against {heard_wpm:.0}"
    );
    // Every inserted pause of a second or more is found, where it was, and no other.
    assert_eq!(
        speech.pauses.len(),
        pauses_at.len(),
        "{:?} against {pauses_at:?}",
        speech.pauses
    );
    for (pause, (at, gap)) in speech.pauses.iter().zip(&pauses_at) {
        let start = f64::from(pause.start_ms) / 1000.0;
        let length = f64::from(pause.length_ms()) / 1000.0;
        assert!((start - at).abs() < 0.35, "pause at {start} against {at}");
        assert!(
            (length - gap).abs() < 0.4,
            "pause of {length} against {gap}"
        );
    }
}

fn speech_ms(speech: &rehearse_core::speech::Speech) -> u32 {
    match (speech.words.first(), speech.words.last()) {
        (Some(first), Some(last)) => last.end_ms - first.start_ms,
        _ => 0,
    }
}

/// Fillers said in the script are kept in the transcript (the disfluent prompt).
#[test]
fn fillers_said_are_kept() {
    let Some(folder) = model_folder() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let script = "Um, so, I was, uh, the only analyst on the team. And, um, my task was to, uh, find out why the report was late.";
    let Some(mut samples) = say(script, 150, scratch.path()) else {
        return;
    };
    samples.splice(0..0, vec![0.0f32; 8000]);
    let clip = AudioClip {
        samples,
        sample_rate: 16_000,
    };
    let whisper = LocalWhisper::load("whisper-tiny.en", &folder).unwrap();
    let heard = whisper.transcribe(&clip, &|_| {}).unwrap();
    let words = normalised(&heard.text);
    let said = |filler: &str| words.iter().filter(|word| *word == filler).count();
    eprintln!(
        "fillers: um {} of 2, uh {} of 2 in {:?}",
        said("um"),
        said("uh"),
        heard.text
    );
    assert_eq!((said("um"), said("uh")), (2, 2), "{}", heard.text);
}

fn normalised(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Word-level Levenshtein distance.
fn edit_distance(a: &[String], b: &[String]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, left) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, right) in b.iter().enumerate() {
            let cost = usize::from(left != right);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}
