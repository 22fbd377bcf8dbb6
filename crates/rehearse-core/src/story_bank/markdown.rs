//! The bank as Markdown, and back. The format, one story after another:
//!
//! ```text
//! # The title
//!
//! - Competencies: conflict, influence
//! - Metric: report time from 2 days to 3 hours
//! - When: spring 2023
//! - Resume role: Data Analyst, Acme | 2019 - 2022
//! - Do not claim: I managed the team
//!
//! ## Situation
//!
//! ...
//!
//! ## Task / ## Action / ## Result / ## Reflection
//! ```
//!
//! A line inside a part that starts with `#` or `\` is written with a `\` in front, so every
//! story comes back exactly as it went out. Reading is all or nothing: every problem is reported
//! with its line number, and a file with any problem gives no stories.

use super::{MAX_STORIES, PARTS, StoryFields, TagOutcome};

/// A problem in a Markdown file, at a line (counting from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The stories as Markdown.
pub fn to_markdown(stories: &[&StoryFields]) -> String {
    let mut out = String::new();
    for (index, story) in stories.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&format!("# {}\n\n", story.title));
        let mut meta = Vec::new();
        if !story.competencies.is_empty() {
            meta.push(format!("- Competencies: {}", story.competencies.join(", ")));
        }
        if !story.tags.is_empty() {
            meta.push(format!("- Tags: {}", story.tags.join(", ")));
        }
        for metric in &story.metrics {
            meta.push(format!("- Metric: {metric}"));
        }
        if let Some(when) = &story.when {
            meta.push(format!("- When: {when}"));
        }
        if let Some(role) = &story.resume_role {
            meta.push(format!("- Resume role: {role}"));
        }
        for claim in &story.forbidden_claims {
            meta.push(format!("- Do not claim: {claim}"));
        }
        if !meta.is_empty() {
            out.push_str(&meta.join("\n"));
            out.push_str("\n\n");
        }
        for part in PARTS {
            let text = story.part(part);
            if text.is_empty() {
                continue;
            }
            out.push_str(&format!("## {}\n\n", capitalised(part)));
            for line in text.lines() {
                if line.trim_start().starts_with('#') || line.starts_with('\\') {
                    out.push('\\');
                }
                out.push_str(line);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A story being read, with the line it started on.
struct Reading {
    line: usize,
    fields: StoryFields,
    part: Option<&'static str>,
    /// Lines of the current part.
    lines: Vec<String>,
    seen_parts: Vec<&'static str>,
}

impl Reading {
    fn end_part(&mut self) {
        if let Some(part) = self.part.take() {
            let text = self.lines.join("\n").trim().to_owned();
            let slot = match part {
                "situation" => &mut self.fields.situation,
                "task" => &mut self.fields.task,
                "action" => &mut self.fields.action,
                "result" => &mut self.fields.result,
                _ => &mut self.fields.reflection,
            };
            *slot = text;
            self.lines.clear();
        }
    }
}

/// Stories read from a file, and what became of the competencies it named.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    pub stories: Vec<StoryFields>,
    /// Each competency named that was not written as ours: matched to ours, or kept as the
    /// user's own tag.
    pub tags: Vec<TagOutcome>,
}

/// Checks imported stories after their competencies are sorted
/// ([`StoryFields::sort_imported_tags`]): the stories, or each problem with its story's index.
pub fn check_imported(
    stories: Vec<StoryFields>,
    labels: &[(&str, &str)],
) -> Result<Imported, Vec<(usize, String, super::StoryError)>> {
    let mut imported = Imported::default();
    let mut problems = Vec::new();
    for (index, mut fields) in stories.into_iter().enumerate() {
        let title = fields.title.clone();
        // The limits hold for the file as written, before its competencies are sorted.
        if let Err(problem) = fields.check_sizes() {
            problems.push((index, title, problem));
            continue;
        }
        let outcomes = fields.sort_imported_tags(labels);
        match fields.checked() {
            Ok(fields) => {
                imported.stories.push(fields);
                imported.tags.extend(
                    outcomes
                        .into_iter()
                        .filter(|outcome| outcome.ours != Some(outcome.given.as_str())),
                );
            }
            Err(problem) => problems.push((index, title, problem)),
        }
    }
    if problems.is_empty() {
        Ok(imported)
    } else {
        Err(problems)
    }
}

/// Reads stories from Markdown: all of them, or every problem found.
pub fn from_markdown(text: &str) -> Result<Imported, Vec<ImportError>> {
    from_markdown_with(text, &[])
}

/// [`from_markdown`], knowing the competency labels the pages show (label → name), so that a
/// file written with them imports them as ours.
pub fn from_markdown_with(
    text: &str,
    labels: &[(&str, &str)],
) -> Result<Imported, Vec<ImportError>> {
    let mut errors: Vec<ImportError> = Vec::new();
    let mut stories: Vec<(usize, StoryFields)> = Vec::new();
    let mut current: Option<Reading> = None;
    let error = |errors: &mut Vec<ImportError>, line: usize, message: String| {
        if errors.len() < 50 {
            errors.push(ImportError { line, message });
        }
    };
    let finish = |reading: Option<Reading>, stories: &mut Vec<(usize, StoryFields)>| {
        if let Some(mut reading) = reading {
            reading.end_part();
            stories.push((reading.line, reading.fields));
        }
    };

    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_end();
        if let Some(title) = line.strip_prefix("# ") {
            finish(current.take(), &mut stories);
            current = Some(Reading {
                line: number,
                fields: StoryFields {
                    title: title.trim().to_owned(),
                    ..StoryFields::default()
                },
                part: None,
                lines: Vec::new(),
                seen_parts: Vec::new(),
            });
            continue;
        }
        let Some(reading) = current.as_mut() else {
            if !line.trim().is_empty() {
                error(
                    &mut errors,
                    number,
                    "text before the first story; each story starts with a line \"# Title\""
                        .to_owned(),
                );
            }
            continue;
        };
        if let Some(heading) = line.strip_prefix("## ") {
            let name = heading.trim().to_lowercase();
            match PARTS.iter().find(|part| **part == name) {
                Some(part) if reading.seen_parts.contains(part) => error(
                    &mut errors,
                    number,
                    format!("\"{}\" appears twice in this story", heading.trim()),
                ),
                Some(part) => {
                    reading.end_part();
                    reading.part = Some(part);
                    reading.seen_parts.push(part);
                }
                None => error(
                    &mut errors,
                    number,
                    format!(
                        "\"## {}\" is not a part of a story; use ## Situation, ## Task, ## Action, ## Result or ## Reflection",
                        heading.trim()
                    ),
                ),
            }
            continue;
        }
        if reading.part.is_some() {
            let content = line.strip_prefix('\\').unwrap_or(line);
            reading.lines.push(content.to_owned());
            continue;
        }
        // Between the title and the first part: "- Key: value" lines.
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line
            .trim_start()
            .strip_prefix(['-', '*'])
            .and_then(|rest| rest.split_once(':'))
        else {
            error(
                &mut errors,
                number,
                "expected \"- Key: value\" (Competencies, Tags, Metric, When, Resume role, Do not claim) or a part such as \"## Situation\"".to_owned(),
            );
            continue;
        };
        let value = value.trim().to_owned();
        match key.trim().to_lowercase().as_str() {
            "competencies" | "competency" => reading
                .fields
                .competencies
                .extend(value.split(',').map(|name| name.trim().to_owned())),
            "tags" | "tag" => reading
                .fields
                .tags
                .extend(value.split(',').map(|name| name.trim().to_owned())),
            "metric" | "metrics" => reading.fields.metrics.push(value),
            "when" => reading.fields.when = Some(value),
            "resume role" | "role" => reading.fields.resume_role = Some(value),
            "do not claim" | "don't claim" => reading.fields.forbidden_claims.push(value),
            other => error(
                &mut errors,
                number,
                format!(
                    "unknown field \"{other}\"; use Competencies, Tags, Metric, When, Resume role or Do not claim"
                ),
            ),
        }
    }
    finish(current.take(), &mut stories);

    if stories.is_empty() && errors.is_empty() {
        error(
            &mut errors,
            1,
            "no stories found; each story starts with a line \"# Title\"".to_owned(),
        );
    }
    if stories.len() > MAX_STORIES {
        error(
            &mut errors,
            1,
            format!(
                "{} stories in one file; the limit is {MAX_STORIES}",
                stories.len()
            ),
        );
    }
    let lines: Vec<usize> = stories.iter().map(|(line, _)| *line).collect();
    let checked = check_imported(
        stories.into_iter().map(|(_, fields)| fields).collect(),
        labels,
    );
    let imported = match checked {
        Ok(imported) => Some(imported),
        Err(problems) => {
            for (index, title, problem) in problems {
                error(
                    &mut errors,
                    lines[index],
                    format!("the story \"{}\": {problem}", short(title.trim())),
                );
            }
            None
        }
    };
    if let (true, Some(imported)) = (errors.is_empty(), imported) {
        Ok(imported)
    } else {
        errors.sort_by_key(|error| error.line);
        Err(errors)
    }
}

fn short(title: &str) -> String {
    let cut: String = title.chars().take(60).collect();
    if cut.len() < title.len() {
        format!("{cut}…")
    } else {
        cut
    }
}
