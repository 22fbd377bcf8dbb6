//! Presentation helpers: turning core values into what templates show. Pure functions, no IO.

use chrono::{DateTime, Utc};
use rehearse_core::analysis::{Analysis, Finding, Severity, StarPart};

/// A stretch of the answer, tagged with the STAR part of its sentence (none between sentences).
/// Pieces are cut at every sentence and finding boundary, so any finding's span is a run of whole
/// pieces that the page can highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub part: Option<StarPart>,
    /// Set on the first piece of a sentence: the sentence's index, for anchors.
    pub sentence: Option<usize>,
    /// The piece is a filler word.
    pub filler: bool,
}

impl Segment<'_> {
    /// The CSS class of the segment.
    pub fn class(&self) -> &'static str {
        self.part.map_or("", |part| part.as_str())
    }

    pub fn label(&self) -> &'static str {
        self.part.map_or("", StarPart::label)
    }
}

/// Cuts `answer` into pieces at the analysis's sentence and finding boundaries. Every byte of the
/// answer appears in exactly one piece, in order, so the page shows the answer exactly as written.
/// Offsets that are out of range or not on a character boundary are ignored (stored analyses come
/// from our own engine, but are never trusted blindly).
pub fn segments<'a>(answer: &'a str, analysis: &Analysis) -> Vec<Segment<'a>> {
    let mut cuts: Vec<usize> = vec![0, answer.len()];
    for sentence in &analysis.sentences {
        cuts.extend([sentence.start, sentence.end]);
    }
    for finding in &analysis.findings {
        cuts.extend([finding.start, finding.end]);
    }
    for filler in &analysis.fillers {
        cuts.extend([filler.start, filler.end]);
    }
    cuts.retain(|&cut| answer.is_char_boundary(cut));
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| {
            let (start, end) = (pair[0], pair[1]);
            let sentence = analysis
                .sentences
                .iter()
                .position(|sentence| sentence.start <= start && start < sentence.end);
            Segment {
                text: &answer[start..end],
                start,
                end,
                part: sentence.map(|index| analysis.sentences[index].part),
                sentence: sentence.filter(|&index| analysis.sentences[index].start == start),
                filler: analysis
                    .fillers
                    .iter()
                    .any(|filler| filler.start <= start && end <= filler.end),
            }
        })
        .collect()
}

/// The seconds a page's clock put in a form field. A missing, garbled or over-long value (a tab
/// left open for hours) is `None`: it only loses the time, never the answer.
pub fn form_seconds(text: &str) -> Option<u32> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| {
            seconds.is_finite()
                && (0.0..=f64::from(rehearse_core::limits::MAX_DURATION_SECONDS)).contains(seconds)
        })
        .map(|seconds| seconds.round() as u32)
}

/// "1:05" for 65 seconds.
pub fn clock(seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// A day, the one way every page writes one: "Thu 3 Dec 2026" (`app.js` writes timestamps the
/// same way, in the reader's time zone).
pub fn day(date: chrono::NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// A timestamp as shown before the browser puts it in the reader's time zone:
/// "Thu 3 Dec 2026, 13:00 UTC".
pub fn timestamp(at: &DateTime<Utc>) -> String {
    at.format("%a %-d %b %Y, %H:%M UTC").to_string()
}

/// The machine-readable form for `<time datetime>`.
pub fn iso(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A quote cut down for display, on a character boundary, with an ellipsis when cut.
pub fn short_quote(quote: &str, max_chars: usize) -> String {
    match quote.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", quote[..cut].trim_end()),
        None => quote.to_owned(),
    }
}

/// A finding as the page lists it.
#[derive(Debug, Clone)]
pub struct FindingView {
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub message: String,
    pub quote: String,
    pub suggestion: Option<String>,
    /// The first sentence the finding's span touches, for the link to it.
    pub sentence: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// The finding's place in the analysis, for "try again on this".
    pub index: usize,
    /// For a spoken answer: the moment in the recording, in milliseconds, and as "0:34".
    pub at_ms: Option<u32>,
    pub at: String,
}

/// Findings in the order a coach would raise them: problems first, then notes, then strengths.
pub fn findings(analysis: &Analysis) -> Vec<FindingView> {
    let mut findings: Vec<(usize, &Finding)> = analysis.findings.iter().enumerate().collect();
    findings.sort_by_key(|(_, finding)| std::cmp::Reverse(finding.severity));
    findings
        .into_iter()
        .map(|(index, finding)| FindingView {
            index,
            severity: match finding.severity {
                Severity::Strength => "strength",
                Severity::Info => "info",
                Severity::Warn => "warn",
                Severity::Major => "major",
            },
            severity_label: match finding.severity {
                Severity::Strength => "Strength",
                Severity::Info => "Note",
                Severity::Warn => "Work on",
                Severity::Major => "Problem",
            },
            message: finding.message.clone(),
            quote: short_quote(&finding.quote, 160),
            suggestion: finding.suggestion.clone(),
            start: finding.start,
            end: finding.end,
            at_ms: finding.start_ms,
            at: finding
                .start_ms
                .map(|ms| clock(f64::from(ms) / 1000.0))
                .unwrap_or_default(),
            sentence: analysis.sentences.iter().position(|sentence| {
                sentence.end > finding.start && sentence.start <= finding.start
            }),
        })
        .collect()
}

/// One row of the STAR checklist.
#[derive(Debug, Clone)]
pub struct StarRow {
    pub part: &'static str,
    pub label: &'static str,
    pub present: bool,
    /// Present, but a warning says it is weak: why, in a few words.
    pub weak: Option<&'static str>,
    pub percent: u32,
    pub guide: &'static str,
}

/// The four STAR parts with the guide's advice for each; a part a warning calls weak is not
/// ticked.
pub fn star_rows(analysis: &Analysis) -> Vec<StarRow> {
    analysis
        .star
        .parts()
        .into_iter()
        .map(|(part, stats)| StarRow {
            part: part.as_str(),
            label: part.label(),
            present: stats.present,
            weak: analysis
                .findings
                .iter()
                .filter(|finding| finding.severity >= Severity::Warn)
                .filter_map(|finding| finding.code.weakens())
                .find(|(weak, _)| *weak == part)
                .map(|(_, why)| why)
                .filter(|_| stats.present),
            percent: (stats.share * 100.0).round() as u32,
            guide: match part {
                StarPart::Situation => "1–2 sentences of context",
                StarPart::Task => "about one sentence on your responsibility",
                StarPart::Action => "the heart of it, 50–60%, told with \"I\"",
                _ => "stated, with a number",
            },
        })
        .collect()
}

/// How a spoken answer was said, for the feedback page.
pub struct SpeechView {
    pub pace: String,
    pub first_word: String,
    pub pauses: String,
    pub fillers: String,
    pub voice: Option<String>,
    pub engine: String,
    /// The pace per 15 seconds: ("0:15–0:30", words a minute, bar width in percent).
    pub windows: Vec<(String, u32, u32)>,
    /// The timeline: STAR parts and pauses as (class, left %, width %, label).
    pub timeline: Vec<(&'static str, f64, f64, String)>,
    /// Each word's times and place in the answer, "start_ms end_ms byte_start byte_end;...",
    /// for highlighting the word being played.
    pub words: String,
}

pub fn speech(answer: &str, analysis: &Analysis) -> Option<SpeechView> {
    let speech = analysis.speech.as_ref()?;
    let seconds = |ms: u32| format!("{:.1} s", f64::from(ms) / 1000.0);
    let spans = rehearse_core::speech::align(answer, &speech.words);
    let total = f64::from(speech.duration_ms.max(1));
    let percent = |ms: u32| (f64::from(ms) / total * 1000.0).round() / 10.0;
    let mut timeline = Vec::new();
    // Each sentence's part, from the times of its first and last heard words.
    for sentence in &analysis.sentences {
        let times: Vec<&rehearse_core::speech::TimedWord> = speech
            .words
            .iter()
            .zip(&spans)
            .filter(|(_, span)| {
                span.is_some_and(|span| span.start >= sentence.start && span.end <= sentence.end)
            })
            .map(|(word, _)| word)
            .collect();
        if let (Some(first), Some(last)) = (times.first(), times.last()) {
            timeline.push((
                sentence.part.as_str(),
                percent(first.start_ms),
                (percent(last.end_ms) - percent(first.start_ms)).max(0.3),
                format!(
                    "{} {}–{}",
                    sentence.part.label(),
                    clock(f64::from(first.start_ms) / 1000.0),
                    clock(f64::from(last.end_ms) / 1000.0)
                ),
            ));
        }
    }
    for pause in &speech.pauses {
        timeline.push((
            "pause",
            percent(pause.start_ms),
            (percent(pause.end_ms) - percent(pause.start_ms)).max(0.3),
            format!(
                "pause of {} at {}",
                seconds(pause.length_ms()),
                clock(f64::from(pause.start_ms) / 1000.0)
            ),
        ));
    }
    let fastest = speech
        .windows
        .iter()
        .map(|window| window.words_per_minute)
        .fold(1.0, f64::max);
    Some(SpeechView {
        pace: format!("{:.0} words a minute", speech.words_per_minute),
        first_word: seconds(speech.time_to_first_word_ms),
        pauses: match (speech.pauses.len(), speech.longest_pause()) {
            (0, _) | (_, None) => "none of 1 s or more".to_owned(),
            (count, Some(longest)) => format!(
                "{count} of 1 s or more, the longest {}",
                seconds(longest.length_ms())
            ),
        },
        fillers: format!("{:.1} a minute", speech.fillers_per_minute),
        voice: speech.voice.map(|voice| {
            format!(
                "pitch moves {:.1} semitones; {}",
                voice.pitch_variation_semitones,
                if voice.trailing_off_db >= 6.0 {
                    format!("the end is {:.0} dB quieter", voice.trailing_off_db)
                } else {
                    "the volume holds to the end".to_owned()
                }
            )
        }),
        engine: speech.engine.clone(),
        windows: speech
            .windows
            .iter()
            .map(|window| {
                (
                    format!(
                        "{}–{}",
                        clock(f64::from(window.start_ms) / 1000.0),
                        clock(f64::from(window.end_ms) / 1000.0)
                    ),
                    window.words_per_minute.round() as u32,
                    (window.words_per_minute / fastest * 100.0).round() as u32,
                )
            })
            .collect(),
        timeline,
        words: speech
            .words
            .iter()
            .zip(&spans)
            .filter_map(|(word, span)| {
                span.map(|span| {
                    format!(
                        "{} {} {} {}",
                        word.start_ms, word.end_ms, span.start, span.end
                    )
                })
            })
            .collect::<Vec<_>>()
            .join(";"),
    })
}

#[cfg(test)]
mod tests {
    use rehearse_core::{AnalysisInput, QuestionKind, analyze};

    use super::*;

    #[test]
    fn segments_cut_at_finding_boundaries() {
        let answer = "Um, I led the team. We launched it.";
        let analysis = analyze(&AnalysisInput {
            competencies: &[],
            question: "Q?",
            kind: QuestionKind::Behavioral,
            key_points: &[],
            answer,
        });
        let pieces = segments(answer, &analysis);
        assert!(!analysis.fillers.is_empty());
        for filler in &analysis.fillers {
            let piece = pieces
                .iter()
                .find(|piece| piece.start == filler.start)
                .expect("a piece per filler");
            assert!(piece.filler && piece.end == filler.end);
        }
        assert_eq!(
            pieces
                .iter()
                .filter(|piece| piece.sentence.is_some())
                .count(),
            analysis.sentences.len()
        );
    }

    #[test]
    fn segments_cover_the_answer_exactly() {
        let answer = "  First I did this.\n\nThen it worked 50% better!  ";
        let analysis = analyze(&AnalysisInput {
            competencies: &[],
            question: "Q?",
            kind: QuestionKind::Behavioral,
            key_points: &[],
            answer,
        });
        let joined: String = segments(answer, &analysis)
            .iter()
            .map(|segment| segment.text)
            .collect();
        assert_eq!(joined, answer);
    }

    #[test]
    fn short_quotes_cut_on_character_boundaries() {
        assert_eq!(short_quote("ééééé", 3), "ééé…");
        assert_eq!(short_quote("short", 10), "short");
    }

    #[test]
    fn days_and_timestamps_are_written_one_way() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(day(date), "Thu 3 Dec 2026");
        let at = date.and_hms_opt(13, 5, 0).unwrap().and_utc();
        assert_eq!(timestamp(&at), "Thu 3 Dec 2026, 13:05 UTC");
    }

    #[test]
    fn clock_formats_minutes_and_seconds() {
        assert_eq!(clock(65.4), "1:05");
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(150.0), "2:30");
    }
}
