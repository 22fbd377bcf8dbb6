//! Reading a resume's text: roles (employer, title, dates), achievement bullets, the ones with
//! numbers, and skills.
//!
//! Resumes arrive as text extracted from PDF or DOCX, often flattened ("• Led ... • Built ..." on
//! one line). Invariants as for postings: every bullet kept is a verbatim substring of the text;
//! reading never fails; a resume it cannot structure still yields its skills and sentences.

use serde::{Deserialize, Serialize};

use crate::skills::SkillLexicon;
use crate::text;

/// What a resume says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Resume {
    pub roles: Vec<ResumeRole>,
    /// Lines that describe something the person did, verbatim.
    pub bullets: Vec<String>,
    /// The bullets that carry a number: the best material for "walk me through" questions.
    pub metrics: Vec<String>,
    /// Canonical skill names, in order of first mention.
    pub skills: Vec<String>,
    pub word_count: usize,
    pub notes: Vec<String>,
}

/// One job on the resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeRole {
    /// The header line as written, verbatim.
    pub header: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<String>,
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Verbs that open an achievement ("Led", "Built", "Reduced"); a bullet also counts if it is
/// marked as one.
#[rustfmt::skip]
const ACHIEVEMENT_VERBS: &[&str] = &[
    "led", "built", "reduced", "increased", "improved", "managed", "designed", "developed",
    "created", "launched", "delivered", "implemented", "automated", "drove", "grew", "cut", "saved",
    "migrated", "owned", "mentored", "trained", "negotiated", "closed", "won", "achieved",
    "handled", "coordinated", "organised", "organized", "established", "introduced", "streamlined",
    "resolved", "analysed", "analyzed", "wrote", "ran", "supervised", "spearheaded", "redesigned",
    "optimised", "optimized", "deployed", "maintained", "supported", "prepared", "conducted",
    "collaborated", "worked", "responsible", "generated", "executed", "planned", "performed",
    "provided", "administered", "taught", "cared", "recruited", "hired", "exceeded", "oversaw",
];

/// Reads a resume's plain text.
pub fn read_resume(text: &str, skills: &SkillLexicon) -> Resume {
    let units = units(text);
    let mut roles = Vec::new();
    let mut bullets = Vec::new();
    for &(start, end, bullet) in &units {
        let unit = &text[start..end];
        let lower = unit.to_lowercase();
        if let Some(dates) = date_range(&lower)
            && unit.split_whitespace().count() <= 18
        {
            roles.push(role_from_header(unit, &dates));
            continue;
        }
        // A plain-text export's "company - Acme Ltd" line, with the title from its
        // "Data Engineer - Acme Ltd" header when there is one.
        if let Some(employer) = labelled_company(unit) {
            if !roles
                .iter()
                .any(|role: &ResumeRole| role.employer.as_deref() == Some(employer))
            {
                let title = units.iter().find_map(|&(start, end, _)| {
                    let line = &text[start..end];
                    if labelled_company(line).is_some() {
                        return None;
                    }
                    let (title, rest) = line.rsplit_once(" - ")?;
                    (rest.trim() == employer && title.split_whitespace().count() <= 8)
                        .then(|| title.trim().to_owned())
                });
                roles.push(ResumeRole {
                    header: unit.to_owned(),
                    title,
                    employer: Some(employer.to_owned()),
                    dates: None,
                });
            }
            continue;
        }
        let words = unit.split_whitespace().count();
        let first = lower
            .split(|c: char| !c.is_alphanumeric())
            .find(|word| !word.is_empty())
            .unwrap_or("");
        let achievement = ACHIEVEMENT_VERBS.contains(&first);
        if (5..=80).contains(&words) && (achievement || (bullet && words >= 7)) {
            bullets.push(unit.to_owned());
        }
    }
    let metrics: Vec<String> = bullets
        .iter()
        .filter(|bullet| has_metric(bullet))
        .cloned()
        .collect();
    // Skills from what the person says they did and know, not from what a line says about an
    // employer or a client ("working for a company that does medical billing").
    let claimed: String = units
        .iter()
        .map(|&(start, end, _)| &text[start..end])
        .filter(|unit| !describes_someone_else(unit))
        .collect::<Vec<_>>()
        .join("\n");
    let skills: Vec<String> = skills
        .distinct(&claimed)
        .into_iter()
        .map(|index| skills.get(index).name.clone())
        .collect();
    let word_count = text::words(text).len();
    let mut notes = Vec::new();
    if word_count < 80 {
        notes.push(format!("the resume text is only {word_count} words; if it is a scanned PDF, paste the text instead"));
    }
    if bullets.is_empty() && word_count >= 80 {
        notes.push("no achievement lines were found (lines starting with what you did, such as \"Led\" or \"Built\")".to_owned());
    }
    Resume {
        roles,
        bullets,
        metrics,
        skills,
        word_count,
        notes,
    }
}

/// Whether a line describes an employer, a client or a project's setting rather than the person:
/// "Working for a American pharmaceutical company (one of the world's premier ...)", "Client: a
/// hospital network", "Project description: ...".
fn describes_someone_else(unit: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "working for",
        "worked for a",
        "client",
        "the client",
        "our client",
        "project description",
        "about the project",
        "about the company",
        "company profile",
        "company overview",
        "the company",
        "domain",
    ];
    const INSIDE: &[&str] = &[
        " company that ",
        " company which ",
        " company who ",
        " client that ",
        " client who ",
    ];
    let lower = unit.trim().to_lowercase();
    // A plain-text export's "description - Working for ..." label first.
    let lower = lower
        .strip_prefix("description")
        .map_or(lower.as_str(), |rest| {
            rest.trim_start_matches([' ', '-', ':'])
        });
    OPENINGS.iter().any(|opening| lower.starts_with(opening))
        || INSIDE.iter().any(|phrase| lower.contains(phrase))
}

/// The resume cut into units: lines, split further at inline bullets ("•") and, for long lines, at
/// sentence ends. Each unit is (start, end, marked as a bullet), trimmed.
fn units(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let mut piece_start = line_start;
        let mut bullet = false;
        let line = &text[line_start..offset];
        let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
        for (at, c) in line.char_indices() {
            if matches!(c, '•' | '●' | '▪' | '◦' | '■' | '➢' | '❖') {
                pieces.push((piece_start, line_start + at, bullet));
                piece_start = line_start + at + c.len_utf8();
                bullet = true;
            }
        }
        pieces.push((piece_start, offset, bullet));
        for (start, end, bullet) in pieces {
            let piece = &text[start..end];
            let trimmed = piece
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '–'));
            let was_dashed = piece.trim_start().starts_with(['-', '*', '–']);
            let start = start + (piece.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            if trimmed.split_whitespace().count() > 40 {
                for sentence in text::sentences(trimmed) {
                    out.push((
                        start + sentence.start,
                        start + sentence.end,
                        bullet || was_dashed,
                    ));
                }
            } else {
                out.push((start, start + trimmed.len(), bullet || was_dashed));
            }
        }
    }
    out
}

/// A date range in a (lowercase) line: "jan 2019 - present", "2018 – 2021", "03/2020 to 06/2022".
fn date_range(lower: &str) -> Option<String> {
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    let is_year = |word: &str| {
        let digits: String = word.chars().filter(char::is_ascii_digit).collect();
        digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
            || (word.contains('/') && digits.len() >= 5)
    };
    let is_open_end = |word: &str| matches!(word, "present" | "current" | "now" | "date" | "today");
    for (index, word) in words.iter().enumerate() {
        if !is_year(word) {
            continue;
        }
        let rest = &words[index + 1..words.len().min(index + 5)];
        let has_separator = word.contains(['-', '–'])
            || rest
                .iter()
                .take(2)
                .any(|w| matches!(*w, "-" | "–" | "—" | "to" | "till"));
        let has_end = rest.iter().any(|w| is_year(w) || is_open_end(w))
            || (word.contains(['-', '–']) && word.len() > 5);
        if has_separator && has_end {
            let first = index.saturating_sub(usize::from(
                index > 0 && MONTHS.iter().any(|m| words[index - 1].starts_with(m)),
            ));
            let last = (index + 1..words.len().min(index + 5))
                .rev()
                .find(|&i| is_year(words[i]) || is_open_end(words[i]))
                .unwrap_or(index);
            return Some(words[first..=last].join(" "));
        }
    }
    None
}

/// "company - Acme Ltd" or "Company: Acme Ltd": the employer.
fn labelled_company(unit: &str) -> Option<&str> {
    let (label, name) = unit.split_once(" - ").or_else(|| unit.split_once(':'))?;
    let name = name.trim();
    (label.trim().eq_ignore_ascii_case("company")
        && !name.is_empty()
        && name.split_whitespace().count() <= 8)
        .then_some(name)
}

/// Splits a role header into title and employer: "Data Analyst at Acme", "Acme | Data Analyst",
/// "Data Analyst, Acme Ltd".
fn role_from_header(header: &str, dates: &str) -> ResumeRole {
    let mut without_dates = header.to_owned();
    for piece in dates.split_whitespace() {
        // Searched in the header itself: offsets found in a lowercased copy can differ, since
        // lowercasing changes the byte length of some letters ("Ⱥ" → "ⱥ").
        if let Some(at) = text::find_ignoring_ascii_case(&without_dates, piece) {
            without_dates.replace_range(at..at + piece.len(), " ");
        }
    }
    let cleaned: String = without_dates
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let cleaned = cleaned
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
        .to_owned();
    let (title, employer) = if let Some((title, employer)) = cleaned.split_once(" at ") {
        (
            Some(title.trim().to_owned()),
            Some(employer.trim().to_owned()),
        )
    } else if let Some((first, second)) = cleaned
        .split_once(['|', ',', '—', '–'])
        .or_else(|| cleaned.split_once(" - "))
    {
        (
            Some(first.trim().to_owned()),
            Some(
                second
                    .trim()
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_owned(),
            ),
        )
    } else if cleaned.is_empty() {
        (None, None)
    } else {
        (Some(cleaned), None)
    };
    ResumeRole {
        header: header.to_owned(),
        title: title.filter(|title| !title.is_empty()),
        employer: employer.filter(|employer| !employer.is_empty()),
        dates: Some(dates.to_owned()),
    }
}

/// A bullet with a measured outcome: a percentage, money, a count — not a year, a phone number,
/// or a number that is part of a name ("SCD Type1/Type2", "AWS S3", "Tier 2 support", "Band 5").
fn has_metric(bullet: &str) -> bool {
    /// Words a number after them only names: "type 2", "level 3".
    const NAMING: &[&str] = &[
        "type",
        "tier",
        "level",
        "phase",
        "sprint",
        "version",
        "step",
        "grade",
        "band",
        "layer",
        "gen",
        "generation",
        "release",
        "wave",
        "class",
        "stage",
        "round",
        "part",
        "section",
    ];
    /// What may follow the digits in a measure: "40%", "$2m", "3x", "10k", "5+".
    const SUFFIXES: &[&str] = &["", "%", "k", "m", "mm", "bn", "b", "x", "+", "s", "h", "ms"];
    let words = text::words(bullet);
    words.iter().enumerate().any(|(index, word)| {
        let word = word.span.of(bullet);
        let digits = word.chars().filter(char::is_ascii_digit).count();
        let is_year =
            digits == 4 && word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
        let number = word.trim_start_matches(['$', '£', '€', '₹', '~']);
        let unit = number.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
        let measured = number.starts_with(|c: char| c.is_ascii_digit())
            && SUFFIXES.contains(&unit.to_lowercase().as_str());
        let named =
            index > 0 && NAMING.contains(&words[index - 1].span.of(bullet).to_lowercase().as_str());
        measured && !named && digits <= 9 && !is_year
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_from_a_plain_text_export_without_dates() {
        let resume = "Systems Engineer/Hadoop Developer\n\nSystems Engineer/Hadoop Developer - Tata Consultancy Services\nSkill Details\nHadoop, Spark\nCompany Details\ncompany - Tata Consultancy Services\ndescription - Roles and responsibility:\n• Developed proof of concepts for enterprise adoption of Hadoop.\ncompany - Infosys\ndescription - Built reports.\n";
        let read = read_resume(resume, &lexicon());
        let roles: Vec<(Option<&str>, Option<&str>)> = read
            .roles
            .iter()
            .map(|role| (role.title.as_deref(), role.employer.as_deref()))
            .collect();
        assert_eq!(
            roles,
            [
                (
                    Some("Systems Engineer/Hadoop Developer"),
                    Some("Tata Consultancy Services")
                ),
                (None, Some("Infosys")),
            ]
        );
    }

    #[test]
    fn skills_come_from_what_the_person_did_not_from_the_client() {
        let lexicon = SkillLexicon::new(vec![
            Skill {
                name: "Medical billing".to_owned(),
                aliases: vec![],
                category: "domain".to_owned(),
                role_families: vec![RoleFamily::Other],
            },
            Skill {
                name: "SQL".to_owned(),
                aliases: vec![],
                category: "analytics".to_owned(),
                role_families: vec![RoleFamily::DataAnalysis],
            },
        ]);
        let resume = "company - Acme Analytics\ndescription - Working for a healthcare company that does medical billing for clinics.\n• Wrote SQL reports for the finance team every week.\n";
        let read = read_resume(resume, &lexicon);
        assert_eq!(read.skills, ["SQL"]);
    }

    #[test]
    fn a_number_in_a_name_is_not_a_metric() {
        for named in [
            "Implemented SCD Type1/Type2 loads for the customer dimension in Hive.",
            "Moved the raw files from on-premise storage to AWS S3 and EC2.",
            "Handled Tier 2 support tickets for the billing product.",
            "Worked as a Band 5 staff nurse on a surgical ward.",
        ] {
            assert!(!has_metric(named), "{named}");
        }
        for measured in [
            "Cut the nightly load from 6 hours to 40 minutes.",
            "Grew revenue by 30% in two quarters.",
            "Saved $120k a year in licences.",
            "Made the build 3x faster.",
        ] {
            assert!(has_metric(measured), "{measured}");
        }
    }

    #[test]
    fn a_header_whose_lowercase_is_longer_does_not_panic() {
        // Found by proptest: "Ⱥ" is two bytes, its lowercase three.
        let role = role_from_header("Ⱥ Analyst, Acme | Jan 2020 - Present", "Jan 2020 - Present");
        assert_eq!(role.employer.as_deref(), Some("Acme"));
        assert_eq!(text::find_ignoring_ascii_case("ȺȺ jan", "JAN"), Some(5));
    }
    use crate::question::RoleFamily;
    use crate::skills::Skill;

    fn lexicon() -> SkillLexicon {
        SkillLexicon::new(vec![Skill {
            name: "SQL".to_owned(),
            aliases: vec![],
            category: "analytics".to_owned(),
            role_families: vec![RoleFamily::DataAnalysis],
        }])
    }

    #[test]
    fn roles_bullets_and_metrics() {
        let resume = "Jane Doe\nEXPERIENCE\nData Analyst at Acme Retail | Jan 2020 - Present\n\
            • Cut the nightly ETL runtime by 40% by rewriting the SQL jobs\n\
            • Built the weekly sales dashboard used by 30 store managers\n\
            Junior Analyst, Beta Bank (2017 – 2019)\n\
            - Reconciled daily transaction reports for the finance team\n\
            EDUCATION\nBSc Mathematics 2013 - 2016";
        let read = read_resume(resume, &lexicon());
        assert_eq!(read.roles.len(), 3, "{:?}", read.roles);
        assert_eq!(read.roles[0].title.as_deref(), Some("Data Analyst"));
        assert_eq!(read.roles[0].employer.as_deref(), Some("Acme Retail"));
        assert_eq!(read.roles[1].title.as_deref(), Some("Junior Analyst"));
        assert_eq!(read.roles[1].employer.as_deref(), Some("Beta Bank"));
        assert_eq!(read.bullets.len(), 3);
        assert_eq!(
            read.metrics,
            [
                "Cut the nightly ETL runtime by 40% by rewriting the SQL jobs",
                "Built the weekly sales dashboard used by 30 store managers"
            ]
        );
        assert_eq!(read.skills, ["SQL"]);
        for bullet in &read.bullets {
            assert!(resume.contains(bullet.as_str()));
        }
    }

    #[test]
    fn flattened_text_splits_at_inline_bullets() {
        let resume = "SKILLS • Strong communication with diverse clients and senior stakeholders • Managed a caseload of 40 clients across three courts";
        let read = read_resume(resume, &lexicon());
        assert_eq!(
            read.metrics,
            ["Managed a caseload of 40 clients across three courts"]
        );
    }

    #[test]
    fn odd_input_is_fine() {
        for text in [
            "",
            "•",
            "• • •",
            "2019 -",
            "- 2019 2020 to present",
            "é • ü",
        ] {
            let _ = read_resume(text, &lexicon());
        }
    }
}
