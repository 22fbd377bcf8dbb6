//! Story skeletons from a resume: each line that says what the person did and what came of it
//! becomes a draft whose situation (the role) and result (the line itself) are filled in; the
//! user writes the task and the action.

use serde::Serialize;

use super::StoryFields;
use crate::resume::Resume;

/// A story to start from a resume line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryDraft {
    /// The resume line, verbatim.
    pub source: String,
    pub fields: StoryFields,
}

/// Words that say a line reports an outcome, not only a duty.
#[rustfmt::skip]
const OUTCOME_WORDS: &[&str] = &[
    "reduc", "increas", "cut", "sav", "improv", "grew", "grow", "won", "launch", "deliver",
    "doubl", "halv", "achiev", "exceed", "raised", "lower", "boost", "decreas", "eliminat",
    "recogni", "award", "promot", "resolv", "fixed", "shipped", "first", "record",
];

/// Drafts from the resume's achievement lines, in resume order: those with an outcome word or a
/// measured change. `text` is the resume text the `resume` was read from (to find each line's role).
pub fn drafts_from_resume(text: &str, resume: &Resume) -> Vec<StoryDraft> {
    // Each role header's position, to give a line the role above it.
    let headers: Vec<(usize, &crate::resume::ResumeRole)> = resume
        .roles
        .iter()
        .filter_map(|role| text.find(role.header.as_str()).map(|at| (at, role)))
        .collect();
    let mut out = Vec::new();
    for bullet in &resume.bullets {
        let lower = bullet.to_lowercase();
        // A number alone is a size ("a cluster of 20 TB", "a team of 5"), not something that came
        // of the work: a draft needs an outcome word or a change ("40%", "3x", "from 6 to 2").
        let has_change = resume.metrics.contains(bullet)
            && (lower.contains('%')
                || (lower.contains(" from ") && lower.contains(" to "))
                || lower.split(|c: char| !c.is_alphanumeric()).any(|token| {
                    token.len() > 1
                        && token.ends_with('x')
                        && token[..token.len() - 1].chars().all(|c| c.is_ascii_digit())
                }));
        let has_outcome = OUTCOME_WORDS.iter().any(|word| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|token| token.starts_with(word))
        });
        if !(has_change || has_outcome) {
            continue;
        }
        let position = text.find(bullet.as_str()).unwrap_or(0);
        let role = headers
            .iter()
            .filter(|(at, _)| *at <= position)
            .max_by_key(|(at, _)| *at)
            .map(|(_, role)| *role);
        let situation = match role {
            Some(role) => match (&role.title, &role.employer) {
                (Some(title), Some(employer)) => format!("As {title} at {employer}, "),
                (Some(title), None) => format!("As {title}, "),
                (None, Some(employer)) => format!("At {employer}, "),
                (None, None) => String::new(),
            },
            None => String::new(),
        };
        let result = bullet
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_owned();
        out.push(StoryDraft {
            source: bullet.clone(),
            fields: StoryFields {
                title: title_of(&result),
                situation,
                result,
                when: role.and_then(|role| role.dates.clone()),
                resume_role: role.map(|role| role.header.clone()),
                ..StoryFields::default()
            },
        });
    }
    out
}

/// A short title: the line's first eight words, without trailing punctuation.
fn title_of(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().take(8).collect();
    let mut title = words.join(" ");
    if line.split_whitespace().count() > 8 {
        title.push('…');
    }
    title
        .trim_end_matches(['.', ',', ';', ':'])
        .chars()
        .take(super::MAX_TITLE_CHARS)
        .collect()
}
