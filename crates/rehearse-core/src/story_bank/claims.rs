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

/// The numbers in a text, with their spans: a year on its own is a date, not a claim.
fn quantities(text: &str) -> Vec<(usize, usize, Quantity)> {
    let words = text::words(text);
    let mut out = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let raw = word.span.of(text);
        let digits: String = raw
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .trim_matches('.')
            .to_owned();
        if !digits.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let is_year = digits.len() == 4
            && raw.chars().all(|c| c.is_ascii_digit())
            && (digits.starts_with("19") || digits.starts_with("20"));
        if is_year {
            continue;
        }
        let next = words
            .get(index + 1)
            .map(|next| next.span.of(text).to_lowercase());
        let lower = raw.to_lowercase();
        let unit = if lower.contains('%') || matches!(next.as_deref(), Some("percent" | "per")) {
            Some("%")
        } else if lower.contains(['$', '£', '€'])
            || matches!(
                next.as_deref(),
                Some("dollars" | "pounds" | "euros" | "usd" | "gbp" | "eur")
            )
        {
            Some("money")
        } else if lower.ends_with('x') || matches!(next.as_deref(), Some("times")) {
            Some("x")
        } else if matches!(
            next.as_deref(),
            Some(
                "second"
                    | "seconds"
                    | "minute"
                    | "minutes"
                    | "min"
                    | "mins"
                    | "hour"
                    | "hours"
                    | "hr"
                    | "hrs"
                    | "day"
                    | "days"
                    | "week"
                    | "weeks"
                    | "month"
                    | "months"
                    | "year"
                    | "years"
            )
        ) {
            Some("time")
        } else {
            None
        };
        // "40k", "40 thousand" and "40,000" are the same number; "1.2m" and "1.2 million" too.
        let scale = if lower.ends_with('k') || next.as_deref() == Some("thousand") {
            1_000.0
        } else if (lower.ends_with('m') && !lower.ends_with("am") && !lower.ends_with("pm"))
            || next.as_deref() == Some("million")
        {
            1_000_000.0
        } else if lower.ends_with("bn") || next.as_deref() == Some("billion") {
            1_000_000_000.0
        } else {
            1.0
        };
        let value = match digits.parse::<f64>() {
            Ok(number) if scale > 1.0 => format!("{}", number * scale),
            Ok(number) => format!("{number}"),
            Err(_) => digits,
        };
        out.push((word.span.start, word.span.end, Quantity { value, unit }));
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
