//! Reading a job posting: title, company, role family, seniority, skills, responsibilities,
//! must-haves and nice-to-haves, stated values.
//!
//! Invariants:
//! - every line kept from the posting (`responsibilities`, `must_haves`, ..., each skill's
//!   `quote`) is a verbatim substring of the text read, so questions can quote it;
//! - reading never fails: a posting that says little gives a thin profile and notes saying so;
//! - deterministic, and linear in the length of the posting.

use serde::{Deserialize, Serialize};

use crate::question::{RoleFamily, Seniority};
use crate::skills::SkillLexicon;
use crate::text;

/// What a posting says about the job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobProfile {
    pub title: Option<String>,
    pub company: Option<String>,
    pub role_family: RoleFamily,
    pub seniority: Seniority,
    /// The least experience asked for, in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_experience: Option<u32>,
    pub skills: Vec<PostingSkill>,
    pub responsibilities: Vec<String>,
    pub must_haves: Vec<String>,
    pub nice_to_haves: Vec<String>,
    pub values: Vec<String>,
    /// The posting mentions a take-home assignment or test.
    pub mentions_take_home: bool,
    pub english: bool,
    pub word_count: usize,
    /// What the reader could not find or doubts, for the user ("the posting is very short").
    pub notes: Vec<String>,
}

/// A skill the posting asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingSkill {
    /// The canonical name from the skills lexicon.
    pub name: String,
    /// Asked for as a requirement rather than a nice-to-have.
    pub required: bool,
    /// The line of the posting that mentions it, verbatim.
    pub quote: String,
}

/// What a block of the posting is about, from its heading or its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Unknown,
    About,
    Responsibilities,
    Requirements,
    NiceToHave,
    Values,
    Benefits,
}

#[rustfmt::skip]
const HEADINGS: &[(Section, &[&str])] = &[
    (Section::NiceToHave, &["nice to have", "nice-to-have", "preferred", "bonus", "desirable", "good to have", "plus if", "would be a plus", "additional skills"]),
    (Section::Responsibilities, &["responsibilit", "what you'll do", "what you will do", "what you’ll do", "duties", "the role", "your role", "role overview", "accountabilit", "day to day", "day-to-day", "in this role", "you will", "job purpose", "key tasks", "what you will be doing", "what you'll be doing", "main purpose"]),
    (Section::Requirements, &["requirement", "qualification", "what you'll need", "what you need", "what we're looking for", "what we are looking for", "who you are", "must have", "must-have", "skills", "experience", "essential", "you have", "about you", "person specification", "eligibility", "what you bring", "you should have", "competenc", "criteria"]),
    (Section::Values, &["our values", "values", "culture", "why join", "our mission", "life at", "how we work", "what we believe"]),
    (Section::Benefits, &["benefit", "perks", "what we offer", "compensation", "salary", "package", "why you'll love", "rewards"]),
    (Section::About, &["about us", "about the company", "company overview", "who we are", "about the team", "about the organisation", "about the organization", "about the trust", "about our", "overview"]),
];

/// First words of a line that states a duty.
#[rustfmt::skip]
const DUTY_VERBS: &[&str] = &[
    "design", "build", "lead", "manage", "develop", "work", "collaborate", "own", "drive",
    "support", "analyse", "analyze", "create", "maintain", "ensure", "provide", "deliver",
    "conduct", "prepare", "implement", "coordinate", "monitor", "identify", "assist", "handle",
    "partner", "define", "write", "review", "mentor", "plan", "run", "help", "establish", "improve",
    "optimise", "optimize", "deploy", "research", "communicate", "present", "report", "oversee",
    "participate", "contribute", "act", "deliver", "promote", "engage", "liaise", "assess", "care",
    "administer", "teach", "sell", "generate", "negotiate", "recruit", "track", "test", "translate",
    "shape",
];

#[rustfmt::skip]
const REQUIREMENT_MARKERS: &[&str] = &[
    "years", "experience", "degree", "knowledge of", "proficien", "familiar", "strong",
    "ability to", "must", "required", "understanding of", "qualified", "registered", "registration",
    "certif", "expertise", "background in", "skilled", "hands-on", "solid",
];

#[rustfmt::skip]
const NICE_MARKERS: &[&str] = &[
    "preferred", "nice to have", "a plus", "bonus", "desirable", "ideally", "advantage",
    "good to have",
];

#[rustfmt::skip]
const VALUE_MARKERS: &[&str] = &[
    "we value", "our values", "we believe", "culture", "integrity", "inclusive", "inclusion",
    "diversity", "customer obsess", "ownership", "respect", "compassion", "we care", "transparen",
    "collaborative", "accountab", "bias for action", "humble", "curious", "curiosity", "kindness",
    "excellence", "teamwork", "patients first", "putting patients",
];

/// Whether a sentence that names a value word is really a list of what a unit does ("a centre of
/// excellence for cardiology, respiratory, renal and stroke care"): not a value to ask about.
fn is_a_list_of_specialties(lower: &str) -> bool {
    lower.contains("centre of excellence")
        || lower.contains("center of excellence")
        || lower.matches(',').count() >= 3
            && !lower.contains("we value")
            && !lower.contains("we believe")
}

#[rustfmt::skip]
const TAKE_HOME_MARKERS: &[&str] = &[
    "take-home", "take home", "home assignment", "coding challenge", "technical test",
    "technical assessment", "case study", "assignment", "work sample", "coding test",
];

/// One unit of the posting: a sentence of a line, trimmed of bullets, kept as a span.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    section: Section,
    /// The unit began a bullet line.
    bullet: bool,
}

/// Reads a posting's plain text. `title` overrides the title the reader would find.
pub fn read_posting(text: &str, skills: &SkillLexicon, title: Option<&str>) -> JobProfile {
    let lines = lines(text);
    let mut units: Vec<Unit> = Vec::new();
    let mut section = Section::Unknown;
    // Whether the current section's items are bullets: a plain line after a bulleted list has
    // left the list (and so the section).
    let mut bulleted: Option<bool> = None;
    let mut headings: Vec<(usize, usize)> = Vec::new();
    for &(start, end, bullet) in &lines {
        let line = &text[start..end];
        if let Some(kind) = heading(line, bullet) {
            section = kind;
            bulleted = None;
            headings.push((start, end));
            continue;
        }
        match bulleted {
            None => bulleted = Some(bullet),
            Some(true) if !bullet => section = Section::Unknown,
            _ => {}
        }
        for sentence in text::sentences(line) {
            units.push(Unit {
                start: start + sentence.start,
                end: start + sentence.end,
                section,
                bullet,
            });
        }
    }

    let unit_text = |unit: &Unit| &text[unit.start..unit.end];
    let lower_units: Vec<String> = units
        .iter()
        .map(|unit| unit_text(unit).to_lowercase())
        .collect();

    let mut responsibilities = Vec::new();
    let mut must_haves = Vec::new();
    let mut nice_to_haves = Vec::new();
    let mut values = Vec::new();
    for (unit, lower) in units.iter().zip(&lower_units) {
        let quote = unit_text(unit).to_owned();
        if quote.split_whitespace().count() < 3 {
            continue;
        }
        if is_logistics(lower) || is_boilerplate(lower) {
            continue;
        }
        let nice = NICE_MARKERS.iter().any(|marker| lower.contains(marker));
        match unit.section {
            Section::Responsibilities => responsibilities.push(quote),
            Section::Requirements if nice => nice_to_haves.push(quote),
            Section::Requirements => must_haves.push(quote),
            Section::NiceToHave => nice_to_haves.push(quote),
            Section::Values => values.push(quote),
            Section::Benefits => {}
            Section::About | Section::Unknown => {
                if VALUE_MARKERS.iter().any(|marker| lower.contains(marker))
                    && !is_a_list_of_specialties(lower)
                {
                    values.push(quote);
                } else if unit.section == Section::Unknown && starts_with_duty(lower) {
                    responsibilities.push(quote);
                } else if unit.section == Section::Unknown && nice {
                    nice_to_haves.push(quote);
                } else if unit.section == Section::Unknown
                    && (unit.bullet || REQUIREMENT_MARKERS.iter().any(|m| lower.contains(m)))
                    && REQUIREMENT_MARKERS.iter().any(|m| lower.contains(m))
                {
                    must_haves.push(quote);
                }
            }
        }
    }

    // Skills, with the unit that mentions each first, and whether it is asked for or only liked.
    let mut posting_skills: Vec<PostingSkill> = Vec::new();
    // Skills seen only where the posting talks about the employer, the place or the benefits
    // ("13 schools rated outstanding by Ofsted"): dropped below unless they suit the role.
    let mut incidental: Vec<(String, usize)> = Vec::new();
    let lower = text.to_lowercase();
    for hit in skills.find(text) {
        let name = &skills.get(hit.skill).name;
        // Lowercasing keeps byte offsets for the text a posting is (ASCII around the skill);
        // where it would not, the check is skipped.
        if lower.len() == text.len()
            && lower.is_char_boundary(hit.span.start)
            && names_the_hiring(&lower, hit.span.start, name)
        {
            continue;
        }
        let unit = units
            .iter()
            .position(|unit| unit.start <= hit.span.start && hit.span.end <= unit.end);
        let in_nice = unit.is_some_and(|index| {
            units[index].section == Section::NiceToHave
                || NICE_MARKERS
                    .iter()
                    .any(|marker| lower_units[index].contains(marker))
        });
        let quote = match unit {
            Some(index) => unit_text(&units[index]).to_owned(),
            None => line_around(text, hit.span.start, hit.span.end).to_owned(),
        };
        let aside = unit.is_some_and(|index| {
            matches!(
                units[index].section,
                Section::About | Section::Benefits | Section::Values
            )
        });
        match incidental.iter().position(|(known, _)| known == name) {
            Some(at) if !aside => {
                incidental.remove(at);
            }
            None if aside && !posting_skills.iter().any(|skill| skill.name == *name) => {
                incidental.push((name.clone(), hit.skill));
            }
            _ => {}
        }
        match posting_skills.iter_mut().find(|skill| skill.name == *name) {
            Some(existing) => existing.required |= !in_nice,
            None => posting_skills.push(PostingSkill {
                name: name.clone(),
                required: !in_nice,
                quote,
            }),
        }
    }

    let (title, title_company) = match title {
        Some(title) => (Some(title.to_owned()), None),
        None => match find_title(text, &lines, &headings) {
            Some(found) => {
                let (title, company) = split_title(&found);
                (Some(title), company)
            }
            None => (None, None),
        },
    };
    let years_experience = years_of_experience(&lower);
    let role_family = role_family(title.as_deref(), &lower, skills, &posting_skills);
    posting_skills.retain(|skill| {
        incidental
            .iter()
            .find(|(name, _)| *name == skill.name)
            .is_none_or(|(_, index)| {
                let families = &skills.get(*index).role_families;
                families.is_empty() || families.contains(&role_family)
            })
    });
    let seniority = seniority(title.as_deref(), years_experience, &lower);
    let word_count = text::words(text).len();
    let english = crate::analysis::is_english_text(text);

    let mut notes = Vec::new();
    if word_count == 0 {
        notes.push(
            "there is no posting, so the questions come from the role alone; paste the posting for questions about this job".to_owned(),
        );
    } else if word_count < 60 {
        notes.push(format!(
            "the posting is only {word_count} words, so the questions lean on the role family more than on the posting itself; paste the whole posting for questions about this job"
        ));
    }
    if !english {
        notes.push(
            "the posting does not look like English, so skills and sections may be missed; check what was read and correct it, or paste an English version".to_owned(),
        );
    }
    if responsibilities.is_empty() && word_count >= 60 {
        notes.push("no list of duties was found, so questions about the role's work come from the role family; if the posting has one, paste it as a list".to_owned());
    }

    JobProfile {
        title,
        company: find_company(text, &lines).or(title_company),
        role_family,
        seniority,
        years_experience,
        skills: posting_skills,
        responsibilities,
        must_haves,
        nice_to_haves,
        values,
        mentions_take_home: TAKE_HOME_MARKERS
            .iter()
            .any(|marker| lower.contains(marker)),
        english,
        word_count,
        notes,
    }
}

/// The lines of the text as (start, end, bullet): trimmed of whitespace, bullet markers and
/// Markdown heading marks, empty lines dropped.
fn lines(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let mut start = line_start + (line.len() - trimmed.len());
        let mut content = trimmed;
        let mut bullet = false;
        loop {
            let stripped = content
                .strip_prefix([
                    '-', '*', '•', '·', '◦', '▪', '●', '■', '–', '—', '>', '#', '+',
                ])
                .or_else(|| numbered(content));
            match stripped {
                Some(rest) => {
                    bullet = true;
                    let rest_trimmed = rest.trim_start();
                    start += content.len() - rest_trimmed.len();
                    content = rest_trimmed;
                }
                None => break,
            }
        }
        let content = content.trim_end();
        if !content.is_empty() {
            out.push((start, start + content.len(), bullet));
        }
    }
    out
}

/// "1." or "2)" at the start of a line.
fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    line[digits..]
        .strip_prefix(['.', ')'])
        .filter(|rest| rest.starts_with(' '))
}

/// The kind of section a line heads, if it is a heading.
fn heading(line: &str, bullet: bool) -> Option<Section> {
    let plain = line.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let words = plain.split_whitespace().count();
    if words == 0 || words > 9 || bullet && !plain.ends_with(':') {
        return None;
    }
    let ends_with_colon = plain.ends_with(':');
    let looks_like_heading = ends_with_colon
        || line.starts_with("**")
        || (words <= 6 && !plain.ends_with(['.', '!', '?', ',', ';']))
        || plain
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if !looks_like_heading {
        return None;
    }
    let lower = plain.trim_end_matches(':').to_lowercase();
    HEADINGS
        .iter()
        .find(|(_, words)| words.iter().any(|word| lower.contains(word)))
        .map(|(section, _)| *section)
        .or((ends_with_colon && words <= 5).then_some(Section::Unknown))
}

fn starts_with_duty(lower: &str) -> bool {
    let first = lower
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    DUTY_VERBS
        .iter()
        .any(|verb| first == *verb || (first.starts_with(verb) && first.len() <= verb.len() + 3))
        || lower.starts_with("you will")
        || lower.starts_with("you'll")
        || lower.starts_with("you’ll")
}

/// "Working hours: 37.5 a week", "Salary: £32,000", "Closing date: ...": terms of the job, not
/// duties or requirements (though "Working ..." starts like a duty).
fn is_logistics(lower: &str) -> bool {
    const TERMS: &[&str] = &[
        "hour",
        "salary",
        "pay",
        "location",
        "contract",
        "closing",
        "band",
        "shift",
        "start date",
        "benefit",
        "holiday",
        "interview date",
        "job type",
        "employment type",
        "reference",
        "working pattern",
        "schedule",
    ];
    lower.split_once(':').is_some_and(|(label, _)| {
        label.split_whitespace().count() <= 4 && TERMS.iter().any(|term| label.contains(term))
    })
}

/// The employer's standard statements (equal opportunity, accommodations, data protection):
/// true of every job, so not a requirement or a value of this one.
fn is_boilerplate(lower: &str) -> bool {
    const MARKERS: &[&str] = &[
        "equal opportunit",
        "equal employment",
        "without regard to",
        "regardless of race",
        "regardless of their",
        "protected veteran",
        "protected characteristic",
        "national origin",
        "gender identity",
        "sexual orientation",
        "reasonable accommodation",
        "reasonable adjustment",
        "disability confident",
        "privacy notice",
        "criminal record",
    ];
    MARKERS.iter().any(|marker| lower.contains(marker))
}

/// Whether a skill found at `start` only names the hiring itself: "We are recruiting for a
/// band 6 nurse" asks for a nurse, not for recruiting.
fn names_the_hiring(lower_text: &str, start: usize, skill: &str) -> bool {
    const HIRING: &[&str] = &["Recruiting", "Recruitment marketing"];
    if !HIRING.contains(&skill) {
        return false;
    }
    let before = lower_text[..start].trim_end();
    [
        "we are",
        "we're",
        "are currently",
        "we are currently",
        "is",
        "are",
        "currently",
    ]
    .iter()
    .any(|lead| before.ends_with(lead))
}

/// The line of `text` around a span, trimmed.
fn line_around(text: &str, start: usize, end: usize) -> &str {
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    text[line_start..line_end].trim()
}

/// "Job title: X", "Role: X", or a short first line that is not a heading.
fn find_title(
    text: &str,
    lines: &[(usize, usize, bool)],
    headings: &[(usize, usize)],
) -> Option<String> {
    const LABELS: &[&str] = &[
        "job title",
        "title",
        "position",
        "role",
        "designation",
        "job role",
        "vacancy",
    ];
    for &(start, end, _) in lines.iter().take(25) {
        let line = &text[start..end];
        if let Some((label, value)) = line.split_once(':') {
            let label = label.trim().trim_matches('*').to_lowercase();
            let value = value.trim().trim_matches('*').trim();
            if LABELS.contains(&label.as_str())
                && !value.is_empty()
                && value.split_whitespace().count() <= 10
            {
                return Some(value.to_owned());
            }
        }
    }
    let &(start, end, bullet) = lines.first()?;
    let first = text[start..end].trim_matches(|c: char| c == '*' || c.is_whitespace());
    let words = first.split_whitespace().count();
    let generic = [
        "job description",
        "about",
        "overview",
        "description",
        "job summary",
        "summary",
    ]
    .iter()
    .any(|generic| first.to_lowercase().starts_with(generic));
    (!bullet
        && (1..=10).contains(&words)
        && !generic
        && !first.ends_with('.')
        && !headings.contains(&(start, end)))
    .then(|| first.trim_end_matches(':').to_owned())
}

/// The last word of an organisation's name: "Acme Ltd", "Airedale NHS Foundation Trust".
const COMPANY_ENDINGS: &[&str] = &[
    "ltd",
    "ltd.",
    "limited",
    "inc",
    "inc.",
    "llc",
    "plc",
    "gmbh",
    "group",
    "trust",
    "corp",
    "corp.",
    "corporation",
    "company",
    "co.",
    "llp",
    "ag",
    "sa",
    "bv",
    "university",
    "council",
];

/// "Data Engineer at Acme", "Data Engineer - Acme Ltd", "Staff Nurse | Band 5": the title before
/// the separator, and the part after it when it is surely a company (after "at", or ending in a
/// company word); a place or a band after a dash is dropped, never taken for a company.
fn split_title(line: &str) -> (String, Option<String>) {
    for separator in [" at ", " - ", " – ", " — ", " | "] {
        let Some((left, right)) = line.split_once(separator) else {
            continue;
        };
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() || right.is_empty() {
            continue;
        }
        let words: Vec<&str> = right.split_whitespace().collect();
        let company_like = words.len() <= 6
            && words
                .first()
                .and_then(|word| word.chars().next())
                .is_some_and(char::is_uppercase)
            && (separator == " at "
                || words
                    .last()
                    .is_some_and(|last| COMPANY_ENDINGS.contains(&last.to_lowercase().as_str())));
        // "Assistant Manager - Sales": the right side is the job's field, part of the title.
        // (A word or two that begins with a field's name: "Sales", "Finance & Tax"; not
        // "Brightwater Logistics", a company that has a field's word in its name.)
        let lower_right = format!("{} ", right.to_lowercase());
        let names_a_field = right.split_whitespace().count() <= 3
            && FAMILY_TITLES
                .iter()
                .flat_map(|(_, keywords)| keywords.iter())
                .any(|keyword| lower_right.starts_with(keyword));
        if !company_like && names_a_field {
            return (format!("{left} - {right}"), None);
        }
        return (left.to_owned(), company_like.then(|| right.to_owned()));
    }
    (line.to_owned(), None)
}

/// "Company: X", "About X", "X is a ...", "At X, we ...".
fn find_company(text: &str, lines: &[(usize, usize, bool)]) -> Option<String> {
    const LABELS: &[&str] = &[
        "company",
        "employer",
        "organisation",
        "organization",
        "hiring organisation",
        "trust",
    ];
    let capitalised = |name: &str| {
        let words: Vec<&str> = name.split_whitespace().collect();
        (1..=5).contains(&words.len())
            && words.iter().all(|word| {
                word.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                    || matches!(*word, "of" | "and" | "&" | "for" | "the")
            })
    };
    for (index, &(start, end, _)) in lines.iter().take(40).enumerate() {
        let line = text[start..end].trim_matches('*');
        // A job board's header under the title: "SLB · Pune, Maharashtra · 2 weeks ago".
        if index < 3
            && let Some((name, _)) = line.split_once(" · ").or_else(|| line.split_once(" • "))
            && capitalised(name.trim())
        {
            return Some(name.trim().to_owned());
        }
        // The employer's name alone on a line of the header: "Airedale NHS Foundation Trust".
        if (1..3).contains(&index)
            && capitalised(line.trim())
            && line
                .split_whitespace()
                .last()
                .is_some_and(|last| COMPANY_ENDINGS.contains(&last.to_lowercase().as_str()))
        {
            return Some(line.trim().to_owned());
        }
        if let Some((label, value)) = line.split_once(':') {
            let value = value.trim();
            if LABELS.contains(&label.trim().to_lowercase().as_str()) && capitalised(value) {
                return Some(value.to_owned());
            }
        }
        if let Some(name) = line
            .strip_prefix("About ")
            .map(|name| name.trim_end_matches(':').trim())
            && capitalised(name)
            && !matches!(
                name.to_lowercase().as_str(),
                "us" | "you" | "the role" | "the team" | "the company" | "the job"
            )
        {
            return Some(name.to_owned());
        }
        if let Some(rest) = line.strip_prefix("At ")
            && let Some((name, _)) = rest.split_once(", we")
            && capitalised(name)
        {
            return Some(name.to_owned());
        }
    }
    None
}

/// The least number of years of experience the posting asks for.
fn years_of_experience(lower: &str) -> Option<u32> {
    let mut best: Option<u32> = None;
    for (at, _) in lower.match_indices("year") {
        let before = &lower[..at];
        let window: String = before
            .chars()
            .rev()
            .take(14)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // "3+ years", "2-5 years", "3 to 5 years", "minimum 4 years": the first number in the window.
        let number = window
            .split(|c: char| !c.is_ascii_digit())
            .filter(|digits| !digits.is_empty())
            .find_map(|digits| digits.parse::<u32>().ok())
            .filter(|years| (1..=30).contains(years));
        let after = &lower[at..];
        let about_experience = after
            .chars()
            .take(40)
            .collect::<String>()
            .contains("experience")
            || window.contains("minimum")
            || window.contains("min ")
            || window.contains("min.")
            || window.contains("at least");
        if let (Some(years), true) = (number, about_experience) {
            best = Some(best.map_or(years, |best: u32| best.min(years)));
        }
    }
    best
}

/// Title keywords per family, most specific first.
#[rustfmt::skip]
const FAMILY_TITLES: &[(RoleFamily, &[&str])] = &[
    (RoleFamily::MlEngineering, &["machine learning", "ml engineer", "mlops", "ai engineer", "ai/ml", "deep learning", "nlp", "computer vision", "llm", "applied scientist", "research engineer", "ai platform", "ai developer"]),
    (RoleFamily::DataScience, &["data scientist", "data science", "quantitative", "statistician", "decision scientist"]),
    (RoleFamily::EngineeringManagement, &["engineering manager", "head of engineering", "vp engineering", "vp of engineering", "director of engineering", "cto", "software development manager"]),
    (RoleFamily::ProductManagement, &["product manager", "product owner", "product lead", "head of product", "product management"]),
    (RoleFamily::Design, &["designer", "ux ", "ui/ux", "ux/ui", "user researcher", "design lead", "user experience"]),
    (RoleFamily::Healthcare, &["nurse", "nursing", "midwife", "healthcare assistant", "health care assistant", "radiographer", "therapist", "physiotherap", "pharmacist", "pharmacy", "clinical", "doctor", "physician", "paramedic", "care assistant", "carer", "dental", "medical", "health visitor", "sister", "allied health", "phlebotom", "dietitian", "sonographer", "optometrist", "psycholog"]),
    (RoleFamily::DataAnalysis, &["data analyst", "business analyst", "bi analyst", "analytics", "intelligence analyst", "reporting analyst", "insight analyst", "bi developer", "data & insight"]),
    (RoleFamily::Finance, &["financ", "accountant", "accounting", "credit analyst", "auditor", "audit", "controller", "treasury", "tax ", "portfolio", "investment", "actuar", "payroll", "bookkeep", "fp&a", "underwrit"]),
    (RoleFamily::Sales, &["sales", "business development", "account executive", "bdm", "bde", "sdr", "bdr", "inside sales", "key account", "territory manager"]),
    (RoleFamily::Marketing, &["marketing", "copywriter", "content writer", "content", "social media", "seo", "brand", "communications", "public relations", "growth marketer"]),
    (RoleFamily::Hr, &["human resource", "hr ", "hrbp", "recruit", "talent acquisition", "people partner", "people operations", "hr generalist", "hr manager", "hr business"]),
    (RoleFamily::Education, &["teacher", "lecturer", "tutor", "teaching", "instructor", "professor", "educator", "school", "trainer"]),
    (RoleFamily::CustomerSuccess, &["customer success", "customer support", "customer service", "client success", "support specialist", "customer experience", "helpdesk", "help desk"]),
    (RoleFamily::Retail, &["store manager", "retail", "cashier", "sales associate", "merchandis", "shop ", "store assistant"]),
    (RoleFamily::Other, &["mechanical", "civil engineer", "electrical", "manufacturing", "maintenance engineer", "simulation", "structural", "chemical engineer", "vehicle dynamics", "plant engineer"]),
    (RoleFamily::SoftwareEngineering, &["software", "developer", "engineer", "programmer", "devops", "sre", "full stack", "full-stack", "backend", "back-end", "frontend", "front-end", "web", "qa ", "test automation", "architect", "ios", "android"]),
    (RoleFamily::Operations, &["operations", "logistics", "supply chain", "warehouse", "procurement", "administrator", "admin", "coordinator", "office manager", "project manager", "programme manager", "program manager", "scheduler", "planner"]),
];

/// The role family: from the title when it says, otherwise from the skills and words of the body.
fn role_family(
    title: Option<&str>,
    lower: &str,
    skills: &SkillLexicon,
    found: &[PostingSkill],
) -> RoleFamily {
    if let Some(title) = title {
        let title = format!("{} ", title.to_lowercase());
        if let Some((family, _)) = FAMILY_TITLES
            .iter()
            .find(|(_, words)| words.iter().any(|word| title.contains(word)))
        {
            return *family;
        }
    }
    // Votes: each skill votes for its families; title words found in the body count double.
    let mut votes: Vec<(RoleFamily, usize)> =
        RoleFamily::ALL.iter().map(|family| (*family, 0)).collect();
    for skill in found {
        if let Some(index) = skills.by_name(&skill.name) {
            for family in &skills.get(index).role_families {
                if let Some(vote) = votes.iter_mut().find(|(f, _)| f == family) {
                    vote.1 += 1;
                }
            }
        }
    }
    for (family, words) in FAMILY_TITLES {
        let mentions: usize = words.iter().map(|word| lower.matches(word).count()).sum();
        if let Some(vote) = votes.iter_mut().find(|(f, _)| f == family) {
            vote.1 += 2 * mentions;
        }
    }
    votes
        .iter()
        .filter(|(_, count)| *count > 0)
        .max_by_key(|(family, count)| {
            (
                *count,
                std::cmp::Reverse(RoleFamily::ALL.iter().position(|f| f == family)),
            )
        })
        .map_or(RoleFamily::Other, |(family, _)| *family)
}

/// Seniority from the title's words, then the years asked for, then the NHS band.
fn seniority(title: Option<&str>, years: Option<u32>, lower: &str) -> Seniority {
    if let Some(title) = title {
        let title = format!(
            " {} ",
            title.to_lowercase().replace(['-', ',', '(', ')', '/'], " ")
        );
        let has = |words: &[&str]| {
            words
                .iter()
                .any(|word| title.contains(&format!(" {word} ")))
        };
        if has(&["director", "vp", "vice president", "head", "chief"]) {
            return Seniority::Director;
        }
        if has(&["manager", "supervisor"]) && !has(&["product", "account", "project"]) {
            return Seniority::Manager;
        }
        // "Staff engineer" is a level; "staff nurse" is the ordinary registered nurse, and
        // "staff accountant" an early-career role: "staff" is a level only in engineering titles.
        let engineering = has(&[
            "engineer",
            "developer",
            "scientist",
            "architect",
            "designer",
            "researcher",
            "analyst",
            "swe",
            "sre",
        ]);
        if has(&["principal", "distinguished"]) || (engineering && has(&["staff"])) {
            return Seniority::Staff;
        }
        if has(&["senior", "sr", "sr.", "lead", "sister"]) {
            return Seniority::Senior;
        }
        // "Assistant manager" is a first management step, not an entry-level job: the years
        // the posting asks for decide.
        if has(&[
            "intern",
            "internship",
            "graduate",
            "junior",
            "jr",
            "trainee",
            "apprentice",
            "entry",
            "fresher",
        ]) || (has(&["assistant"]) && !has(&["manager"]) && years.is_none_or(|years| years < 2))
        {
            return Seniority::Entry;
        }
    }
    if let Some(years) = years {
        return match years {
            0..=1 => Seniority::Entry,
            2..=4 => Seniority::Mid,
            5..=9 => Seniority::Senior,
            _ => Seniority::Staff,
        };
    }
    for (band, level) in [
        ("band 8", Seniority::Manager),
        ("band 7", Seniority::Senior),
        ("band 6", Seniority::Mid),
        ("band 5", Seniority::Entry),
        ("band 4", Seniority::Entry),
        ("band 3", Seniority::Entry),
        ("band 2", Seniority::Entry),
    ] {
        if lower.contains(band) {
            return level;
        }
    }
    // "Any graduate" is an education requirement; a graduate *scheme* is an entry-level job.
    if [
        "graduate scheme",
        "graduate programme",
        "graduate program",
        "graduate role",
        "new graduate",
        "recent graduate",
        "graduate trainee",
        "internship",
        "fresher",
        "entry level",
        "entry-level",
    ]
    .iter()
    .any(|word| lower.contains(word))
    {
        return Seniority::Entry;
    }
    Seniority::Mid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::Skill;

    fn lexicon() -> SkillLexicon {
        let skill = |name: &str, aliases: &[&str], families: &[RoleFamily]| Skill {
            name: name.to_owned(),
            aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
            category: "tool".to_owned(),
            role_families: families.to_vec(),
        };
        SkillLexicon::new(vec![
            skill("Kubernetes", &["k8s"], &[RoleFamily::SoftwareEngineering]),
            skill(
                "PostgreSQL",
                &["postgres"],
                &[RoleFamily::SoftwareEngineering],
            ),
            skill(
                "Python",
                &[],
                &[RoleFamily::SoftwareEngineering, RoleFamily::DataScience],
            ),
            skill("Terraform", &[], &[RoleFamily::SoftwareEngineering]),
            skill("Recruiting", &["recruitment"], &[RoleFamily::Other]),
            skill("Ofsted framework", &["ofsted"], &[RoleFamily::Education]),
        ])
    }

    const POSTING: &str = "Senior Backend Engineer\n\
        About Acme Payments\n\
        Acme Payments moves money for 2 million small businesses.\n\n\
        What you'll do:\n\
        - Design and build the services behind our payments API.\n\
        - Own the on-call rotation for the ledger team and lead incident reviews.\n\
        - Mentor two junior engineers.\n\n\
        Requirements:\n\
        - 5+ years of experience building backend services in Python.\n\
        - Strong knowledge of Postgres and k8s.\n\n\
        Nice to have:\n\
        - Experience with Terraform.\n\n\
        Our values\n\
        - We value ownership and kindness.\n\
        The process includes a short take-home exercise.";

    #[test]
    fn an_employers_name_alone_under_the_title_is_the_company() {
        let profile = read_posting(
            "Specialist Midwife - Early Intervention (Band 7)\nAiredale NHS Foundation Trust\n\nJob summary\nYou will support families.",
            &lexicon(),
            None,
        );
        assert_eq!(
            profile.company.as_deref(),
            Some("Airedale NHS Foundation Trust")
        );
        // A heading under the title is not a company.
        let profile = read_posting(
            "Data Analyst\nJob Summary\n\nWe are hiring.",
            &lexicon(),
            None,
        );
        assert_eq!(profile.company, None);
    }

    #[test]
    fn a_job_boards_header_line_names_the_company() {
        let profile = read_posting(
            "Data Scientist\nSLB · Pune, Maharashtra, India · 2 weeks ago\n\nAbout us\nWe are a global technology company.",
            &lexicon(),
            None,
        );
        assert_eq!(profile.title.as_deref(), Some("Data Scientist"));
        assert_eq!(profile.company.as_deref(), Some("SLB"));
    }

    #[test]
    fn boilerplate_and_the_hiring_itself_are_not_asked_for() {
        let posting = "Staff Nurse\nWe are recruiting for a motivated staff nurse to join our surgical ward.\n\nRequirements:\n- Registered nurse with current NMC registration.\n- We are an equal opportunity employer and consider all qualified applicants without regard to race, religion or disability.\n";
        let profile = read_posting(posting, &lexicon(), None);
        assert!(
            profile
                .must_haves
                .iter()
                .all(|line| !line.contains("equal opportunity")),
            "{:?}",
            profile.must_haves
        );
        assert!(
            profile
                .skills
                .iter()
                .all(|skill| skill.name != "Recruiting"),
            "{:?}",
            profile.skills
        );
    }

    #[test]
    fn a_staff_nurse_is_not_a_staff_engineer() {
        let level = |title: &str| read_posting("", &lexicon(), Some(title)).seniority;
        assert_ne!(level("Staff Nurse"), Seniority::Staff);
        assert_ne!(level("Staff nurse – cancer care"), Seniority::Staff);
        assert_eq!(level("Staff Software Engineer"), Seniority::Staff);
        assert_eq!(level("Principal Data Scientist"), Seniority::Staff);
        assert_ne!(
            level("Assistant Manager - HR Business Partner"),
            Seniority::Entry
        );
        assert_eq!(level("Marketing Assistant"), Seniority::Entry);
        let genpact = read_posting(
            "Human Resources Business Partner\n*Education - Any Graduate/ MBA from premier institute.\n*Experience - Must have relevant experience in HRBP Role only -\nAssistant Manager - Min 5 years\nManager - Min 7 years\n",
            &lexicon(),
            None,
        );
        assert_eq!(genpact.seniority, Seniority::Senior, "five years at least");
    }

    #[test]
    fn a_skill_met_only_in_the_employers_blurb_is_not_asked_for() {
        let posting = "Staff Nurse\nRequirements:\n- Registered nurse with NMC registration.\n\nAbout our trust and the city\nThe city has 13 schools rated outstanding by Ofsted and many green spaces.\n";
        let profile = read_posting(posting, &lexicon(), None);
        assert!(
            profile
                .skills
                .iter()
                .all(|skill| skill.name != "Ofsted framework"),
            "{:?}",
            profile.skills
        );
        // For a teaching job the same line would count.
        let teaching = read_posting(
            &posting.replace("Staff Nurse", "Primary School Teacher"),
            &lexicon(),
            None,
        );
        assert_eq!(teaching.role_family, RoleFamily::Education);
        assert!(
            teaching
                .skills
                .iter()
                .any(|skill| skill.name == "Ofsted framework")
        );
    }

    #[test]
    fn a_list_of_specialties_is_not_a_value() {
        let posting = "Staff Nurse\nAbout us\nThe ward is a centre of excellence for cardiology, respiratory, renal and stroke care.\nWe value compassion and respect for every patient.\n";
        let profile = read_posting(posting, &lexicon(), None);
        assert_eq!(
            profile.values,
            ["We value compassion and respect for every patient."]
        );
    }

    #[test]
    fn a_role_alone_is_not_called_a_short_posting() {
        let profile = read_posting("", &lexicon(), Some("registered nurse"));
        assert!(
            profile.notes.iter().all(|note| !note.contains("0 words")),
            "{:?}",
            profile.notes
        );
        assert!(profile.notes[0].starts_with("there is no posting"));
    }

    #[test]
    fn a_title_line_is_split_from_its_company_only_when_surely_a_company() {
        let split = |line: &str| {
            let (title, company) = split_title(line);
            (title, company.unwrap_or_default())
        };
        assert_eq!(
            split("Data Engineer at Northwind"),
            ("Data Engineer".into(), "Northwind".into())
        );
        assert_eq!(
            split("Data Engineer - Brightwater Ltd"),
            ("Data Engineer".into(), "Brightwater Ltd".into())
        );
        assert_eq!(
            split("Data Engineer - London"),
            ("Data Engineer".into(), String::new())
        );
        assert_eq!(
            split("Staff Nurse | Band 5"),
            ("Staff Nurse".into(), String::new())
        );
        assert_eq!(
            split("Assistant Manager - Sales"),
            ("Assistant Manager - Sales".into(), String::new())
        );
        assert_eq!(
            split("Senior Data Engineer - Brightwater Logistics"),
            ("Senior Data Engineer".into(), String::new())
        );
        assert_eq!(
            split("Full-stack Developer"),
            ("Full-stack Developer".into(), String::new())
        );

        let profile = read_posting(
            "Data Engineer at Northwind\nBuild pipelines.",
            &lexicon(),
            None,
        );
        assert_eq!(profile.title.as_deref(), Some("Data Engineer"));
        assert_eq!(profile.company.as_deref(), Some("Northwind"));
    }

    #[test]
    fn terms_of_the_job_are_not_duties() {
        let profile = read_posting(
            "Radiographer\nWorking hours: 37.5 hours per week including nights and weekends\n\
             Work with the team to deliver safe scans for every patient\nSalary: £32,000 to £39,000 a year",
            &lexicon(),
            None,
        );
        assert_eq!(
            profile.responsibilities,
            ["Work with the team to deliver safe scans for every patient"]
        );
    }

    #[test]
    fn a_structured_posting_is_read_fully() {
        let profile = read_posting(POSTING, &lexicon(), None);
        assert_eq!(profile.title.as_deref(), Some("Senior Backend Engineer"));
        assert_eq!(profile.company.as_deref(), Some("Acme Payments"));
        assert_eq!(profile.role_family, RoleFamily::SoftwareEngineering);
        assert_eq!(profile.seniority, Seniority::Senior);
        assert_eq!(profile.years_experience, Some(5));
        assert_eq!(profile.responsibilities.len(), 3);
        assert_eq!(profile.must_haves.len(), 2);
        assert_eq!(profile.nice_to_haves, ["Experience with Terraform."]);
        assert_eq!(profile.values, ["We value ownership and kindness."]);
        assert!(profile.mentions_take_home);
        let skills: Vec<(&str, bool)> = profile
            .skills
            .iter()
            .map(|skill| (skill.name.as_str(), skill.required))
            .collect();
        assert_eq!(
            skills,
            [
                ("Python", true),
                ("PostgreSQL", true),
                ("Kubernetes", true),
                ("Terraform", false)
            ]
        );
        for quote in profile
            .responsibilities
            .iter()
            .chain(&profile.must_haves)
            .chain(profile.skills.iter().map(|s| &s.quote))
        {
            assert!(POSTING.contains(quote.as_str()), "verbatim: {quote}");
        }
    }

    #[test]
    fn a_short_or_odd_posting_gives_notes_not_errors() {
        let profile = read_posting("Nurse needed. Nights.", &lexicon(), None);
        assert_eq!(profile.role_family, RoleFamily::Healthcare);
        assert!(
            profile
                .notes
                .iter()
                .any(|note| note.contains("only 3 words"))
        );
        for text in ["", "\n\n\n", "- \n* \n1. ", "::::", "Title:"] {
            let _ = read_posting(text, &lexicon(), None);
        }
    }

    #[test]
    fn years_and_bands_set_seniority() {
        assert_eq!(
            years_of_experience("requires 2-5 years of experience in sales"),
            Some(2)
        );
        assert_eq!(
            years_of_experience("minimum 3 years in a similar role"),
            Some(3)
        );
        assert_eq!(years_of_experience("founded 20 years ago"), None);
        assert_eq!(
            seniority(None, None, "staff nurse band 6 vacancy"),
            Seniority::Mid
        );
        assert_eq!(
            seniority(Some("Software Engineer Intern"), Some(5), ""),
            Seniority::Entry
        );
    }
}
