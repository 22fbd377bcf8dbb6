//! The bank against what interviews ask: the seven story categories and the competencies a
//! target job stresses. Shows the gaps ("no failure story"), a story carrying too much alone, and
//! the count against the 7–10 goal.
//!
//! A story covers what the user confirmed for it (its `competencies`), not what its words merely
//! suggest: coverage is the user's claim about their own stories.

use serde::Serialize;

use super::{CATEGORIES, GOAL_MAX, GOAL_MIN, Story, StoryId, label};

/// One row of the matrix: a category or competency and the stories that cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub name: String,
    pub label: String,
    /// Titles of the stories that cover it.
    pub stories: Vec<String>,
    #[serde(skip)]
    pub story_ids: Vec<StoryId>,
    /// The target job's posting stresses it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stressed: bool,
}

/// The coverage of a bank (DESIGN.md §6 shape, plus labels and warnings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub count: usize,
    pub goal: [usize; 2],
    pub categories: Vec<CoverageRow>,
    pub competencies: Vec<CoverageRow>,
    /// Names of the categories and stressed competencies no story covers.
    pub gaps: Vec<String>,
    /// What to do about it, in sentences for the user.
    pub warnings: Vec<String>,
}

/// A story that alone covers this many rows carries too much.
const OVERLOAD: usize = 3;

/// The coverage of `stories`, against the seven categories and `stressed` (the competencies the
/// target job's posting stresses; empty without a target).
pub fn coverage(stories: &[Story], stressed: &[&str]) -> Coverage {
    let row = |name: &str, stressed: bool| {
        let covering: Vec<&Story> = stories
            .iter()
            .filter(|story| story.fields.competencies.iter().any(|c| c == name))
            .collect();
        CoverageRow {
            name: name.to_owned(),
            label: label(name),
            stories: covering.iter().map(|s| s.fields.title.clone()).collect(),
            story_ids: covering.iter().map(|s| s.id).collect(),
            stressed,
        }
    };
    let categories: Vec<CoverageRow> = CATEGORIES
        .iter()
        .map(|(name, _)| row(name, stressed.contains(name)))
        .collect();
    // The job's competencies first, then any other a story covers, in vocabulary order.
    let mut names: Vec<&str> = stressed
        .iter()
        .copied()
        .filter(|name| !CATEGORIES.iter().any(|(category, _)| category == name))
        .collect();
    let mut others: Vec<&str> = stories
        .iter()
        .flat_map(|story| story.fields.competencies.iter().map(String::as_str))
        .filter(|name| !CATEGORIES.iter().any(|(category, _)| category == name))
        .filter(|name| !names.contains(name))
        .collect();
    others.sort_unstable();
    others.dedup();
    names.extend(others);
    let competencies: Vec<CoverageRow> = names
        .iter()
        .map(|name| row(name, stressed.contains(name)))
        .collect();

    let gaps: Vec<String> = categories
        .iter()
        .chain(competencies.iter().filter(|row| row.stressed))
        .filter(|row| row.stories.is_empty())
        .map(|row| row.name.clone())
        .collect();

    let mut warnings = Vec::new();
    let count = stories.len();
    if count < GOAL_MIN {
        warnings.push(format!(
            "You have {count} {}; aim for {GOAL_MIN} to {GOAL_MAX}, enough to answer any behavioral question without repeating one.",
            if count == 1 { "story" } else { "stories" }
        ));
    } else if count > GOAL_MAX {
        warnings.push(format!(
            "You have {count} stories; more than {GOAL_MAX} cannot all be kept ready, so keep your strongest {GOAL_MAX}."
        ));
    }
    for row in categories.iter().filter(|row| row.stories.is_empty()) {
        warnings.push(format!(
            "No story for {}.",
            row.label[..1].to_lowercase() + &row.label[1..]
        ));
    }
    for row in competencies
        .iter()
        .filter(|row| row.stressed && row.stories.is_empty())
    {
        warnings.push(format!(
            "Nothing on {}, which this posting stresses.",
            row.label
        ));
    }
    for story in stories {
        let alone: Vec<&CoverageRow> = categories
            .iter()
            .chain(&competencies)
            .filter(|row| row.story_ids == [story.id])
            .collect();
        if alone.len() >= OVERLOAD {
            let names: Vec<String> = alone.iter().map(|row| row.name.replace('-', " ")).collect();
            warnings.push(format!(
                "“{}” is your only story for {}: one story cannot carry that many questions, so write another for some of them.",
                story.fields.title,
                join_and(&names)
            ));
        }
        if story.fields.competencies.is_empty() {
            warnings.push(format!(
                "“{}” has no competencies yet: confirm the suggested ones so it counts here.",
                story.fields.title
            ));
        }
    }
    Coverage {
        count,
        goal: [GOAL_MIN, GOAL_MAX],
        categories,
        competencies,
        gaps,
        warnings,
    }
}

/// "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
