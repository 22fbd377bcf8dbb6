//! Around the interview: the company research worksheet, the interview-day checklist, the salary
//! negotiation helper and the debrief after a real interview.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::target::TargetId;

/// The longest text a worksheet field keeps, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

// ------------------------------------------------------------------------------------ research

/// The user's research on one company.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResearchNotes {
    pub mission: String,
    pub products: String,
    pub values: String,
    pub news: String,
    pub people: String,
    /// Questions to ask the interviewers.
    pub questions: String,
}

impl ResearchNotes {
    /// A new worksheet with the posting's stated values filled in.
    pub fn prefilled(values: &[String]) -> ResearchNotes {
        ResearchNotes {
            values: values
                .iter()
                .map(|value| format!("- {value}"))
                .collect::<Vec<_>>()
                .join("\n"),
            ..ResearchNotes::default()
        }
    }

    /// Whether any field is longer than [`MAX_NOTE_CHARS`].
    pub fn too_long(&self) -> bool {
        [
            &self.mission,
            &self.products,
            &self.values,
            &self.news,
            &self.people,
            &self.questions,
        ]
        .iter()
        .any(|field| field.chars().count() > MAX_NOTE_CHARS)
    }
}

// ------------------------------------------------------------------------------------ interview day

/// The guide's virtual-interview checklist: (id, what to check, why).
pub const CHECKLIST: &[(&str, &str, &str)] = &[
    (
        "camera",
        "Camera at eye level",
        "Looking up or down at the interviewer reads as distance.",
    ),
    (
        "light",
        "Light in front of you, not behind",
        "A window behind you turns you into a silhouette.",
    ),
    (
        "background",
        "A plain, tidy background",
        "Nothing behind you should compete with your face.",
    ),
    (
        "connection",
        "A wired or tested connection",
        "Run a speed test where you will sit.",
    ),
    (
        "microphone",
        "An external microphone or a headset",
        "Laptop microphones pick up the room and the keyboard.",
    ),
    (
        "hotspot",
        "Your phone ready as a hotspot",
        "If the connection drops, you can be back in a minute.",
    ),
    (
        "app",
        "The meeting app tested with a test call",
        "Install and update it today, not five minutes before.",
    ),
    (
        "notifications",
        "Notifications off and other apps closed",
        "A chime mid-answer breaks your flow.",
    ),
    (
        "water",
        "Water, your notes and your questions within reach",
        "Glancing at notes is fine; reading them is not.",
    ),
];

/// Presence on a video call, beside the checklist.
pub const PRESENCE_TIPS: &[&str] = &[
    "Look at the camera when you make your main point, not at the interviewer's face.",
    "Sit so your shoulders and hands are in the frame; gestures help you sound natural.",
    "Pause before you answer; a second of silence reads as thought, not hesitation.",
    "Keep answers to two minutes, then stop and let them ask the follow-up.",
    "If the call drops, rejoin at once and pick up with one sentence of where you were.",
];

/// Which items of the checklist are ticked, for one job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub checked: Vec<String>,
}

impl Checklist {
    /// Keeps only known items, each once.
    pub fn normalised(mut self) -> Checklist {
        self.checked
            .retain(|item| CHECKLIST.iter().any(|(id, _, _)| id == item));
        self.checked.sort_unstable();
        self.checked.dedup();
        self
    }
}

// ------------------------------------------------------------------------------------ salary

/// One figure the user found for the market.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketPoint {
    /// Where it came from ("Levels.fyi", "a recruiter", "the posting").
    pub source: String,
    /// A yearly base salary.
    pub figure: f64,
    pub level: String,
    pub location: String,
}

/// The user's salary research.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SalaryWorksheet {
    pub points: Vec<MarketPoint>,
    /// Their experience in their own words, for the script.
    pub experience: String,
    /// "£", "$", "€"; shown before figures.
    pub currency: String,
}

/// What Rehearse proposes from the worksheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SalaryProposal {
    /// The bottom of the range: the user's target.
    pub target: f64,
    /// The top of the range.
    pub top: f64,
    /// The market figures' middle, for reference.
    pub median: f64,
    /// The guide's script, in the user's numbers.
    pub script: String,
    pub rules: Vec<&'static str>,
}

/// The guide's rules for the negotiation.
pub const NEGOTIATION_RULES: &[&str] = &[
    "Wait for the written offer before you negotiate.",
    "Never give a single number: give a range, with your target at its bottom.",
    "Anchor on market data for the level and the location, not on your current salary.",
    "Thank them, restate your interest, then make the ask; silence after the ask is fine.",
    "Negotiate the whole package: base, bonus, equity, start date, leave, learning budget.",
];

/// The most market figures kept.
pub const MAX_POINTS: usize = 50;

/// A range from the market figures: the target is the upper-middle of the market (its 60th
/// percentile), so the bottom of the range is still a good outcome, and the top is 12% above it.
/// `None` until there is at least one figure.
pub fn propose_salary(worksheet: &SalaryWorksheet) -> Option<SalaryProposal> {
    let mut figures: Vec<f64> = worksheet
        .points
        .iter()
        .map(|point| point.figure)
        .filter(|figure| figure.is_finite() && *figure > 0.0)
        .collect();
    if figures.is_empty() {
        return None;
    }
    figures.sort_by(f64::total_cmp);
    let at = |share: f64| {
        let position = share * (figures.len() - 1) as f64;
        let (low, high) = (position.floor() as usize, position.ceil() as usize);
        figures[low] + (figures[high] - figures[low]) * (position - low as f64)
    };
    let round = |value: f64| (value / 1000.0).round() * 1000.0;
    let median = round(at(0.5));
    let mut target = round(at(0.6));
    let mut top = round(target * 1.12);
    // Never above the highest figure the user found (a pay band's top is a ceiling): the top
    // comes down to it, and the target below it, so the range stays a range.
    let highest = figures[figures.len() - 1];
    if top > highest {
        top = (highest / 100.0).floor() * 100.0;
        if target >= top {
            target = (at(0.5) / 100.0).floor() * 100.0;
        }
    }
    let currency = if worksheet.currency.trim().is_empty() {
        "$".to_owned()
    } else {
        worksheet.currency.trim().to_owned()
    };
    let money = |value: f64| money(&currency, value);
    let level = worksheet
        .points
        .iter()
        .map(|point| point.level.trim())
        .find(|level| !level.is_empty())
        .unwrap_or("this level");
    let location = worksheet
        .points
        .iter()
        .map(|point| point.location.trim())
        .find(|location| !location.is_empty())
        .unwrap_or("this market");
    let experience = worksheet.experience.trim();
    let script = format!(
        "Thank you — I'm excited about this role and the team. Based on what I've found for {level} roles in {location}{}, I'm looking for a base salary in the range of {} to {}. Is there flexibility to get there?",
        if experience.is_empty() {
            String::new()
        } else {
            format!(", and {experience}")
        },
        money(target),
        money(top)
    );
    Some(SalaryProposal {
        target,
        top,
        median,
        script,
        rules: NEGOTIATION_RULES.to_vec(),
    })
}

/// A figure as the user typed it: "95000", "95,000", "$95,000", "95k", "95.5K", "95 000".
/// `None` when it is not a positive number.
pub fn parse_figure(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '_' | '\''))
        // A currency before the number ("$", "EUR") is skipped; a minus sign is kept, and refused.
        .skip_while(|c| !c.is_ascii_digit() && !matches!(c, '-' | '.'))
        .collect();
    let (number, scale) = match cleaned.strip_suffix(['k', 'K']) {
        Some(number) => (number, 1000.0),
        None => (cleaned.as_str(), 1.0),
    };
    let value: f64 = number.parse().ok()?;
    (value.is_finite() && value > 0.0).then_some(value * scale)
}

/// A sum of money as its currency writes it: "€95,000", "£48,500", "₹24,80,000" (Indian
/// grouping: lakhs and crores), "CHF 120,000" (a code with no sign of its own keeps a space).
/// `currency` is what the user typed: a sign or an ISO code, any case; empty means dollars.
pub fn money(currency: &str, value: f64) -> String {
    let typed = currency.trim();
    let (sign, indian) = match typed.to_uppercase().as_str() {
        "" | "$" | "USD" => ("$".to_owned(), false),
        "€" | "EUR" => ("€".to_owned(), false),
        "£" | "GBP" => ("£".to_owned(), false),
        "₹" | "INR" | "RS" | "RS." => ("₹".to_owned(), true),
        "¥" | "JPY" => ("¥".to_owned(), false),
        "CAD" => ("CA$".to_owned(), false),
        "AUD" => ("A$".to_owned(), false),
        "NZD" => ("NZ$".to_owned(), false),
        "SGD" => ("S$".to_owned(), false),
        _ if typed.chars().all(|c| c.is_alphabetic()) => (format!("{typed} "), false),
        _ => (typed.to_owned(), false),
    };
    let digits = format!("{:.0}", value.max(0.0));
    format!("{sign}{}", group(&digits, indian))
}

/// "2480000" → "2,480,000", or "24,80,000" in the Indian system (the last three digits, then
/// pairs).
fn group(digits: &str, indian: bool) -> String {
    let len = digits.len();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        let left = len - index;
        let cut = if indian {
            left >= 3 && (left == 3 || (left - 3).is_multiple_of(2))
        } else {
            left.is_multiple_of(3)
        };
        if index > 0 && cut {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

// ------------------------------------------------------------------------------------ debrief

/// A real interview, logged afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDebrief {
    pub target_id: TargetId,
    pub date: NaiveDate,
    /// "phone screen", "second round".
    pub round: String,
    /// How it went, in the user's words.
    pub notes: String,
    /// The questions they were asked, one each.
    pub questions: Vec<String>,
}

/// A saved debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub id: i64,
    #[serde(flatten)]
    pub fields: NewDebrief,
    pub created_at: DateTime<Utc>,
}

/// The most questions one debrief keeps.
pub const MAX_DEBRIEF_QUESTIONS: usize = 30;

#[cfg(test)]
mod tests {
    use super::*;

    fn point(figure: f64) -> MarketPoint {
        MarketPoint {
            source: "survey".to_owned(),
            figure,
            level: "senior analyst".to_owned(),
            location: "Manchester".to_owned(),
        }
    }

    #[test]
    fn the_range_puts_the_target_at_its_bottom_and_the_script_uses_it() {
        assert_eq!(propose_salary(&SalaryWorksheet::default()), None);
        let worksheet = SalaryWorksheet {
            points: [48_000.0, 52_000.0, 55_000.0, 60_000.0, 65_000.0]
                .into_iter()
                .map(point)
                .collect(),
            experience: "six years of analytics experience".to_owned(),
            currency: "£".to_owned(),
        };
        let proposal = propose_salary(&worksheet).unwrap();
        assert_eq!(proposal.median, 55_000.0);
        assert_eq!(proposal.target, 57_000.0);
        assert_eq!(proposal.top, 64_000.0);
        assert!(proposal.top > proposal.target);
        assert_eq!(
            proposal.script,
            "Thank you — I'm excited about this role and the team. Based on what I've found for senior analyst roles in Manchester, and six years of analytics experience, I'm looking for a base salary in the range of £57,000 to £64,000. Is there flexibility to get there?"
        );
        assert!(
            proposal
                .rules
                .iter()
                .any(|rule| rule.starts_with("Never give a single number"))
        );
    }

    #[test]
    fn the_range_never_goes_above_the_highest_figure_found() {
        // An NHS band: £28,407 to £30,615.
        let band = SalaryWorksheet {
            points: [28_407.0, 30_615.0].into_iter().map(point).collect(),
            currency: "£".to_owned(),
            ..SalaryWorksheet::default()
        };
        let proposal = propose_salary(&band).unwrap();
        assert!(proposal.top <= 30_615.0, "{proposal:?}");
        assert!(proposal.target < proposal.top, "{proposal:?}");
    }

    #[test]
    fn figures_are_read_as_people_type_them() {
        for (text, value) in [
            ("95000", Some(95_000.0)),
            ("95,000", Some(95_000.0)),
            ("$95,000", Some(95_000.0)),
            ("£ 95 000", Some(95_000.0)),
            ("95k", Some(95_000.0)),
            ("95.5K", Some(95_500.0)),
            ("EUR 70000", Some(70_000.0)),
            ("", None),
            ("ninety", None),
            ("-5", None),
            ("0", None),
            ("1e400", None),
            ("95kk", None),
        ] {
            assert_eq!(parse_figure(text), value, "{text:?}");
        }
        assert_eq!(money("", 1_234_567.0), "$1,234,567");
        assert_eq!(money("€", 950.0), "€950");
        assert_eq!(money("INR", 2_480_000.0), "₹24,80,000");
        assert_eq!(money("₹", 125_000_000.0), "₹12,50,00,000");
        assert_eq!(money("inr", 950.0), "₹950");
        assert_eq!(money("₹", 1_000.0), "₹1,000");
        assert_eq!(money("GBP", 48_500.0), "£48,500");
        assert_eq!(money("CHF", 120_000.0), "CHF 120,000");
        assert_eq!(money("usd", 0.0), "$0");
    }

    #[test]
    fn worksheets_are_prefilled_and_checklists_tidy() {
        let notes = ResearchNotes::prefilled(&["We value ownership.".to_owned()]);
        assert_eq!(notes.values, "- We value ownership.");
        let checklist = Checklist {
            checked: vec![
                "light".into(),
                "camera".into(),
                "light".into(),
                "teleport".into(),
            ],
        }
        .normalised();
        assert_eq!(checklist.checked, ["camera", "light"]);
        assert_eq!(group("1234567", false), "1,234,567");
    }
}
