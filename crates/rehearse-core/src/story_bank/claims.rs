//! Claims stay true: every number in a story is checked against the user's resume and the
//! story's own confirmed metrics, and claims the user marked as not to be made are found.
//!
//! A number is compared by value and unit ("40%" matches "40 %" and "40 percent"; "$1,200"
//! matches "1200 dollars" only if both are money): a story saying "cut costs by 40%" where the
//! resume says "30%" is flagged for the user to confirm, never silently accepted.

use serde::Serialize;

use super::{PARTS, StoryFields};
use crate::text;

/// Where a number in a story stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// The resume says it too.
    OnResume,
    /// The user listed it among the story's metrics.
    Confirmed,
    /// Neither: the user should confirm it is true.
    Unconfirmed,
}

/// A number in a story, at a span of one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberClaim {
    /// The part it is in (situation, task, action, result or reflection).
    pub part: &'static str,
    /// Byte offsets into that part.
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub status: ClaimStatus,
}

/// A claim the user marked as not to be made, found in a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForbiddenClaim {
    pub part: &'static str,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    /// The claim as the user wrote it in the list.
    pub claim: String,
}

/// The claims of one story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimReport {
    pub numbers: Vec<NumberClaim>,
    pub forbidden: Vec<ForbiddenClaim>,
    /// Whether there was a resume to check against.
    pub resume_checked: bool,
}

impl ClaimReport {
    pub fn unconfirmed(&self) -> impl Iterator<Item = &NumberClaim> {
        self.numbers
            .iter()
            .filter(|number| number.status == ClaimStatus::Unconfirmed)
    }
}

/// A number as compared: its digits (no separators) and its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Quantity {
    value: String,
    unit: Option<&'static str>,
}

impl Quantity {
    /// The same value in the same unit: "40 minutes" is not "40%", and a bare "2" is not
    /// "2 million". Strict on purpose: a wrong match would vouch for a claim nobody checked.
    fn matches(&self, other: &Quantity) -> bool {
        self.value == other.value && self.unit == other.unit
    }
}

/// Seconds in a unit of time, by the word that names it.
fn seconds_in(unit: &str) -> Option<f64> {
    Some(match unit {
        "second" | "seconds" | "sec" | "secs" => 1.0,
        "minute" | "minutes" | "min" | "mins" => 60.0,
        "hour" | "hours" | "hr" | "hrs" => 3_600.0,
        "day" | "days" => 86_400.0,
        "week" | "weeks" => 604_800.0,
        "month" | "months" => 2_592_000.0,
        "year" | "years" => 31_536_000.0,
        _ => return None,
    })
}

/// The numbers in a text, with their spans, each quoted with the word that says what it counts
/// ("40 minutes", "30%"): a year on its own or a time of day ("6 AM", "9:30") is a date, not a
/// claim, and a duration in two units ("1 hour 40 minutes") is one number.
fn quantities(text: &str) -> Vec<(usize, usize, Quantity)> {
    let words = text::words(text);
    let lower_at = |index: usize| {
        words
            .get(index)
            .map(|word| word.span.of(text).to_lowercase())
    };
    let digits_of = |raw: &str| {
        raw.chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .trim_matches('.')
            .to_owned()
    };
    let mut out: Vec<(usize, usize, Quantity)> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        let raw = word.span.of(text);
        let digits = digits_of(raw);
        index += 1;
        if !digits.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let is_year = digits.len() == 4
            && raw.chars().all(|c| c.is_ascii_digit())
            && (digits.starts_with("19") || digits.starts_with("20"));
        let lower = raw.to_lowercase();
        let next = lower_at(index);
        // "9:30" comes as two words with a colon between.
        let colon = text[word.span.end..].starts_with(':')
            && words
                .get(index)
                .is_some_and(|after| after.span.start == word.span.end + 1);
        if colon {
            index += 1;
            continue;
        }
        let clock = lower.ends_with("am")
            || lower.ends_with("pm")
            || matches!(
                next.as_deref(),
                Some("am" | "pm" | "a.m" | "p.m" | "o'clock")
            );
        if is_year || clock {
            index += usize::from(matches!(
                next.as_deref(),
                Some("am" | "pm" | "a.m" | "p.m" | "o'clock")
            ));
            continue;
        }
        let mut end = word.span.end;
        let mut unit_word = false;
        let unit = if lower.contains('%') || matches!(next.as_deref(), Some("percent" | "per")) {
            unit_word = next.as_deref() == Some("percent");
            Some("%")
        } else if lower.contains(['$', '£', '€', '₹']) {
            Some("money")
        } else if matches!(
            next.as_deref(),
            Some("dollars" | "pounds" | "euros" | "rupees" | "usd" | "gbp" | "eur" | "inr")
        ) {
            unit_word = true;
            Some("money")
        } else if lower.ends_with('x') {
            Some("x")
        } else if next.as_deref() == Some("times") {
            unit_word = true;
            Some("x")
        } else if next.as_deref().and_then(seconds_in).is_some() {
            unit_word = true;
            Some("time")
        } else {
            None
        };
        // "40k", "40 thousand" and "40,000" are the same number; "1.2m" and "1.2 million" too.
        let scale_word = matches!(next.as_deref(), Some("thousand" | "million" | "billion"));
        let scale = if lower.ends_with('k') || next.as_deref() == Some("thousand") {
            1_000.0
        } else if lower.ends_with('m') || next.as_deref() == Some("million") {
            1_000_000.0
        } else if lower.ends_with("bn") || next.as_deref() == Some("billion") {
            1_000_000_000.0
        } else {
            1.0
        };
        if unit_word || scale_word {
            end = words[index].span.end;
            index += 1;
        }
        let number = digits.parse::<f64>().ok();
        let value = match (unit, number) {
            // Durations compare in seconds, so "1 hour 40 minutes" is "100 minutes".
            (Some("time"), Some(number)) => {
                let mut seconds =
                    number * seconds_in(&lower_at(index - 1).unwrap_or_default()).unwrap_or(1.0);
                // "1 hour 40 minutes", "2 hours and 15 minutes": one duration.
                let mut look = index + usize::from(lower_at(index).as_deref() == Some("and"));
                while let (Some(amount), Some(unit)) = (
                    lower_at(look).and_then(|word| digits_of(&word).parse::<f64>().ok()),
                    lower_at(look + 1).as_deref().and_then(seconds_in),
                ) {
                    seconds += amount * unit;
                    end = words[look + 1].span.end;
                    index = look + 2;
                    look = index + usize::from(lower_at(index).as_deref() == Some("and"));
                }
                format!("{seconds}s")
            }
            (_, Some(number)) if scale > 1.0 => format!("{}", number * scale),
            (_, Some(number)) => format!("{number}"),
            (_, None) => digits,
        };
        out.push((word.span.start, end, Quantity { value, unit }));
    }
    out
}

/// Checks a story's numbers against the resume (when there is one) and its metrics, and finds
/// the claims it must not make.
pub fn check_claims(story: &StoryFields, resume: Option<&str>) -> ClaimReport {
    let on_resume: Vec<Quantity> = resume
        .map(|text| quantities(text).into_iter().map(|(_, _, q)| q).collect())
        .unwrap_or_default();
    let confirmed: Vec<Quantity> = story
        .metrics
        .iter()
        .flat_map(|metric| quantities(metric).into_iter().map(|(_, _, q)| q))
        .collect();
    let mut numbers = Vec::new();
    let mut forbidden = Vec::new();
    for part in PARTS {
        let text = story.part(part);
        for (start, end, quantity) in quantities(text) {
            let status = if on_resume.iter().any(|known| known.matches(&quantity)) {
                ClaimStatus::OnResume
            } else if confirmed.iter().any(|known| known.matches(&quantity)) {
                ClaimStatus::Confirmed
            } else {
                ClaimStatus::Unconfirmed
            };
            numbers.push(NumberClaim {
                part,
                start,
                end,
                quote: text[start..end].to_owned(),
                status,
            });
        }
        for claim in &story.forbidden_claims {
            let needle = claim.trim();
            let mut from = 0;
            while let Some(at) = text::find_ignoring_ascii_case(&text[from..], needle) {
                let start = from + at;
                let end = start + needle.len();
                forbidden.push(ForbiddenClaim {
                    part,
                    start,
                    end,
                    quote: text[start..end].to_owned(),
                    claim: claim.clone(),
                });
                from = end;
            }
        }
    }
    ClaimReport {
        numbers,
        forbidden,
        resume_checked: resume.is_some(),
    }
}
