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

/// How an interview round is held, read from its label ("video call", "phone screen", "onsite").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterviewFormat {
    /// The label does not say: the checks for a video call, which cover the most.
    #[default]
    Unknown,
    Video,
    Phone,
    InPerson,
}

impl InterviewFormat {
    pub const ALL: [InterviewFormat; 3] = [
        InterviewFormat::Video,
        InterviewFormat::Phone,
        InterviewFormat::InPerson,
    ];

    /// The format a round's label names, if any. In person wins over a call ("onsite after the
    /// phone screen" is held on site); a video call over a phone one ("video call").
    pub fn of_label(label: &str) -> InterviewFormat {
        let label = label.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|word| label.contains(word));
        if has(&[
            "onsite",
            "on-site",
            "on site",
            "in person",
            "in-person",
            "office",
            "assessment centre",
            "assessment center",
            "superday",
            "face to face",
            "face-to-face",
        ]) {
            InterviewFormat::InPerson
        } else if has(&[
            "video",
            "zoom",
            "teams",
            "google meet",
            "virtual",
            "online",
            "remote",
            "webex",
        ]) {
            InterviewFormat::Video
        } else if has(&["phone", "call", "telephone"]) {
            InterviewFormat::Phone
        } else {
            InterviewFormat::Unknown
        }
    }

    pub fn parse(text: &str) -> Option<InterviewFormat> {
        match text {
            "video" => Some(InterviewFormat::Video),
            "phone" => Some(InterviewFormat::Phone),
            "in-person" => Some(InterviewFormat::InPerson),
            _ => None,
        }
    }

    /// The name in URLs (`?format=`).
    pub fn as_str(self) -> &'static str {
        match self {
            InterviewFormat::Unknown | InterviewFormat::Video => "video",
            InterviewFormat::Phone => "phone",
            InterviewFormat::InPerson => "in-person",
        }
    }

    /// "Video call", "Phone call", "In person".
    pub fn label(self) -> &'static str {
        match self {
            InterviewFormat::Unknown | InterviewFormat::Video => "Video call",
            InterviewFormat::Phone => "Phone call",
            InterviewFormat::InPerson => "In person",
        }
    }

    /// What to check before the interview: (id, what to check, why). Ids are unique across the
    /// formats, so one saved checklist serves a job whatever its format.
    pub fn checklist(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            InterviewFormat::Unknown | InterviewFormat::Video => VIDEO_CHECKLIST,
            InterviewFormat::Phone => PHONE_CHECKLIST,
            InterviewFormat::InPerson => IN_PERSON_CHECKLIST,
        }
    }

    /// How to come across in this format.
    pub fn tips(self) -> &'static [&'static str] {
        match self {
            InterviewFormat::Unknown | InterviewFormat::Video => VIDEO_TIPS,
            InterviewFormat::Phone => PHONE_TIPS,
            InterviewFormat::InPerson => IN_PERSON_TIPS,
        }
    }

    /// Whether the camera and microphone check belongs on the page.
    pub fn uses_devices(self) -> bool {
        self != InterviewFormat::InPerson
    }
}

/// The guide's virtual-interview checklist.
const VIDEO_CHECKLIST: &[(&str, &str, &str)] = &[
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

const PHONE_CHECKLIST: &[(&str, &str, &str)] = &[
    (
        "phone-charge",
        "Phone charged, and a charger within reach",
        "A call that runs over should not end at 5%.",
    ),
    (
        "phone-signal",
        "A quiet room with a good signal",
        "Make a test call from the spot where you will sit.",
    ),
    (
        "phone-number",
        "The number they will call from, saved",
        "An unknown number sent to voicemail is a bad start.",
    ),
    (
        "notifications",
        "Notifications off and other apps closed",
        "A chime mid-answer breaks your flow.",
    ),
    (
        "phone-notes",
        "Your notes, the posting and your questions in front of you",
        "On the phone nobody sees you glance at them.",
    ),
    (
        "phone-water",
        "Water within reach",
        "Talking for forty minutes dries the throat.",
    ),
];

const IN_PERSON_CHECKLIST: &[(&str, &str, &str)] = &[
    (
        "route",
        "The address, the entrance and the route, with a backup",
        "Know which building and floor, and how long the journey really takes.",
    ),
    (
        "leave-time",
        "A time to leave that gets you there 15 minutes early",
        "Wait nearby rather than walking in half an hour early.",
    ),
    (
        "names",
        "The names of the people you will meet, and who to ask for at reception",
        "Greeting someone by name settles the first minute.",
    ),
    (
        "clothes",
        "Clothes chosen and ready the night before",
        "One decision fewer on the morning.",
    ),
    (
        "copies",
        "Printed copies of your resume and the posting",
        "An interviewer who forgot theirs will be glad of one.",
    ),
    (
        "id",
        "Photo ID, if the building signs visitors in",
        "Offices often ask for it at the desk.",
    ),
    (
        "notepad",
        "A notepad, a pen and your questions for them",
        "Writing down a question's parts keeps a long answer on track.",
    ),
    (
        "phone-silent",
        "Your phone on silent before you go in",
        "Not on vibrate: a buzzing pocket is heard too.",
    ),
];

/// Presence on a video call, beside the checklist.
const VIDEO_TIPS: &[&str] = &[
    "Look at the camera when you make your main point, not at the interviewer's face.",
    "Sit so your shoulders and hands are in the frame; gestures help you sound natural.",
    "Pause before you answer; a second of silence reads as thought, not hesitation.",
    "Keep answers to two minutes, then stop and let them ask the follow-up.",
    "If the call drops, rejoin at once and pick up with one sentence of where you were.",
];

const PHONE_TIPS: &[&str] = &[
    "Stand up or sit upright: your voice carries more energy.",
    "Smile when you greet them; it can be heard.",
    "With no faces to read, keep answers to two minutes and ask whether they want more detail.",
    "Say when you are thinking (\"let me take a second\"): silence on a phone sounds like a dropped line.",
];

const IN_PERSON_TIPS: &[&str] = &[
    "Everyone you meet from the door onwards is part of the interview.",
    "A firm handshake, eye contact and their name: the first minute sets the tone.",
    "With a panel, answer the person who asked, then look at the others as you finish.",
    "Sit back in the chair with your hands free; notes stay on the table until you need them.",
];

/// Which items of the checklist are ticked, for one job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub checked: Vec<String>,
}

impl Checklist {
    /// Keeps only known items (of any format), each once.
    pub fn normalised(mut self) -> Checklist {
        self.checked.retain(|item| {
            InterviewFormat::ALL
                .iter()
                .any(|format| format.checklist().iter().any(|(id, _, _)| id == item))
        });
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
    fn a_rounds_label_gives_its_format_and_its_own_checklist() {
        for (label, format) in [
            ("onsite", InterviewFormat::InPerson),
            ("Final round at the office", InterviewFormat::InPerson),
            ("onsite after the phone screen", InterviewFormat::InPerson),
            ("Assessment centre", InterviewFormat::InPerson),
            ("phone screen", InterviewFormat::Phone),
            ("Video call with the team", InterviewFormat::Video),
            ("Teams interview", InterviewFormat::Video),
            ("meet the hiring manager", InterviewFormat::Unknown),
            ("", InterviewFormat::Unknown),
        ] {
            assert_eq!(InterviewFormat::of_label(label), format, "{label}");
        }
        // No camera to test in person; no route to plan for a call.
        let ids = |format: InterviewFormat| -> Vec<&str> {
            format.checklist().iter().map(|(id, _, _)| *id).collect()
        };
        assert!(!ids(InterviewFormat::InPerson).contains(&"camera"));
        assert!(ids(InterviewFormat::InPerson).contains(&"route"));
        assert!(!ids(InterviewFormat::Phone).contains(&"route"));
        assert!(!InterviewFormat::InPerson.uses_devices());
        // One saved list serves every format: an id means one thing everywhere.
        let mut all: Vec<(&str, &str)> = InterviewFormat::ALL
            .iter()
            .flat_map(|format| {
                format
                    .checklist()
                    .iter()
                    .map(|(id, label, _)| (*id, *label))
            })
            .collect();
        all.sort_unstable();
        all.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut unique: Vec<&str> = all.iter().map(|(id, _)| *id).collect();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "an id with two meanings: {all:?}");
        let kept = Checklist {
            checked: vec!["route".into(), "camera".into(), "bogus".into()],
        }
        .normalised();
        assert_eq!(kept.checked, ["camera", "route"]);
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
