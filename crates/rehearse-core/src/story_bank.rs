//! The STAR story bank: the 7–10 stories a user keeps ready, each able to answer several
//! behavioral questions.
//!
//! - [`StoryFields`] is a story as the user writes it; [`StoryFields::validate`] is the one place
//!   its limits are checked, for every interface;
//! - [`fit`]: which stories answer a question, with a fit level and the reason;
//! - [`coverage`]: stories against the seven story categories and a job's competencies;
//! - [`claims`]: the numbers of a story checked against the resume, and claims the user must not
//!   make;
//! - [`drafts`]: story skeletons made from resume lines;
//! - [`markdown`]: the bank as Markdown and back.
//!
//! Pure, like the rest of the core: the same stories always give the same matches and coverage.

pub mod claims;
pub mod coverage;
pub mod drafts;
pub mod fit;
pub mod markdown;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A story's id, unique within one database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub i64);

impl std::fmt::Display for StoryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The seven story categories of the guide, as competency names (`competencies.toml` marks the
/// same seven with `story_category`), with the label the user sees.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("challenge", "A challenge overcome"),
    ("conflict", "A conflict navigated"),
    ("leadership", "A project led"),
    ("failure", "A failure and its lesson"),
    ("learning", "Learning something fast"),
    ("disagreement", "Disagreeing with a decision"),
    ("achievement", "Your proudest accomplishment"),
];

/// The bank's goal: at least this many stories ...
pub const GOAL_MIN: usize = 7;
/// ... and at most this many (more cannot all be kept ready).
pub const GOAL_MAX: usize = 10;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest each STAR part may be, in characters, in the guide's proportions: the action is
/// the heart of the story (about 800 words), the situation and the result a few sentences, the
/// task one. Together they are the longest whole story, [`MAX_STORY_CHARS`].
pub const PART_LIMITS: &[(&str, usize)] = &[
    ("situation", 2_000),
    ("task", 1_000),
    ("action", 5_000),
    ("result", 2_000),
    ("reflection", 2_000),
];
/// The longest whole story, in characters: about 2,000 words, several times a two-minute answer.
pub const MAX_STORY_CHARS: usize = 12_000;
const _: () = {
    let mut total = 0;
    let mut index = 0;
    while index < PART_LIMITS.len() {
        total += PART_LIMITS[index].1;
        index += 1;
    }
    assert!(total == MAX_STORY_CHARS);
};

/// The longest the part called `name` may be, in characters.
pub fn max_part_chars(name: &str) -> usize {
    PART_LIMITS
        .iter()
        .find(|(part, _)| *part == name)
        .map_or(0, |(_, limit)| *limit)
}
/// The most competencies on one story.
pub const MAX_COMPETENCIES: usize = 8;
/// The most metrics, or claims not to make, on one story.
pub const MAX_LIST_ITEMS: usize = 30;
/// The longest metric, claim, date or resume role, in characters.
pub const MAX_ITEM_CHARS: usize = 300;
/// The most stories in one bank (and in one import).
pub const MAX_STORIES: usize = 200;

/// A story as the user writes it: what is created, edited, imported and exported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryFields {
    /// Required to save (checked by `validate`, so that a missing title gets its own message).
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub result: String,
    /// What the user learned.
    #[serde(default)]
    pub reflection: String,
    /// Names from the competency vocabulary, confirmed by the user.
    #[serde(default)]
    pub competencies: Vec<String>,
    /// The story's numbers, as the user states them ("cut report time from 2 days to 3 hours"):
    /// a number listed here counts as confirmed.
    #[serde(default)]
    pub metrics: Vec<String>,
    /// When it happened, in the user's words ("spring 2023").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The resume role it belongs to (a role's header line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_role: Option<String>,
    /// Claims the user must not make (an AI rewrite must respect them too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden_claims: Vec<String>,
    /// The user's own tags, outside our vocabulary (from an imported file): shown, not counted
    /// in coverage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// What became of one competency named in an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagOutcome {
    /// As the file wrote it.
    pub given: String,
    /// Ours, when it is one or an obvious synonym; `None` when kept as the user's own tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ours: Option<&'static str>,
}

/// Other names for our competencies, as files and other tools write them.
const SYNONYMS: &[(&str, &str)] = &[
    ("conflict-resolution", "conflict"),
    ("conflict-management", "conflict"),
    ("accountability", "ownership"),
    ("responsibility", "ownership"),
    ("team-work", "teamwork"),
    ("collaboration", "teamwork"),
    ("team-player", "teamwork"),
    ("customer-service", "customer-focus"),
    ("customer-obsession", "customer-focus"),
    ("client-focus", "customer-focus"),
    ("prioritisation", "prioritization"),
    ("prioritizing", "prioritization"),
    ("prioritising", "prioritization"),
    ("time-management", "prioritization"),
    ("working-under-pressure", "pressure"),
    ("stress-management", "pressure"),
    ("resilience", "pressure"),
    ("deadlines", "pressure"),
    ("leading", "leadership"),
    ("people-management", "leadership"),
    ("mentorship", "mentoring"),
    ("coaching", "mentoring"),
    ("stakeholders", "stakeholder-management"),
    ("stakeholder-engagement", "stakeholder-management"),
    ("flexibility", "adaptability"),
    ("change-management", "adaptability"),
    ("analytical-skills", "analytical-thinking"),
    ("analysis", "analytical-thinking"),
    ("data-analysis", "analytical-thinking"),
    ("critical-thinking", "analytical-thinking"),
    ("problem-solving-skills", "problem-solving"),
    ("troubleshooting", "problem-solving"),
    ("integrity", "ethics"),
    ("honesty", "ethics"),
    ("growth-mindset", "learning"),
    ("learning-agility", "learning"),
    ("continuous-learning", "learning"),
    ("mistake", "failure"),
    ("mistakes", "failure"),
    ("persuasion", "influence"),
    ("negotiation", "influence"),
    ("influencing", "influence"),
    ("self-awareness", "self-awareness"),
    ("commercial-awareness", "business-acumen"),
    ("business-sense", "business-acumen"),
    ("decisions", "decision-making"),
    ("judgement", "decision-making"),
    ("judgment", "decision-making"),
    ("proactivity", "initiative"),
    ("proactive", "initiative"),
    ("drive", "motivation"),
    ("dealing-with-ambiguity", "ambiguity"),
    ("uncertainty", "ambiguity"),
    ("giving-feedback", "feedback"),
    ("receiving-feedback", "feedback"),
    ("disagreements", "disagreement"),
    ("achievements", "achievement"),
    ("results", "achievement"),
];

/// Our name for a competency as written anywhere: "Problem solving", "problem_solving",
/// "Conflict resolution" and a label the pages show (`labels`: label → name, e.g. "Safety and
/// compliance" → `safety`) are ours; `None` when it is not one of ours.
pub fn our_competency(given: &str, labels: &[(&str, &str)]) -> Option<&'static str> {
    let key = |text: &str| {
        text.trim()
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let name = key(given);
    let ours = |wanted: &str| crate::analysis::competency_names().find(|known| *known == wanted);
    ours(&name)
        .or_else(|| {
            SYNONYMS
                .iter()
                .find(|(other, _)| *other == name)
                .map(|(_, ours)| *ours)
        })
        .or_else(|| {
            labels
                .iter()
                .find(|(label, _)| key(label) == name)
                .and_then(|(_, known)| ours(known))
        })
}

/// A saved story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Story {
    pub id: StoryId,
    #[serde(flatten)]
    pub fields: StoryFields,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The STAR parts of a story, in telling order, with their names.
pub const PARTS: &[&str] = &["situation", "task", "action", "result", "reflection"];

impl StoryFields {
    /// The part called `name` (one of [`PARTS`]).
    pub fn part(&self, name: &str) -> &str {
        match name {
            "situation" => &self.situation,
            "task" => &self.task,
            "action" => &self.action,
            "result" => &self.result,
            "reflection" => &self.reflection,
            _ => "",
        }
    }

    /// The story as it would be told: its parts in order, one paragraph each.
    pub fn telling(&self) -> String {
        PARTS
            .iter()
            .map(|name| self.part(name).trim())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Trims every field and drops empty list items and repeats, so that stored stories are
    /// tidy whatever the interface sent.
    pub fn normalised(mut self) -> StoryFields {
        for text in [
            &mut self.title,
            &mut self.situation,
            &mut self.task,
            &mut self.action,
            &mut self.result,
            &mut self.reflection,
        ] {
            *text = text.trim().replace("\r\n", "\n");
        }
        self.title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let tidy_list = |list: &mut Vec<String>, lowercase: bool| {
            let mut seen: Vec<String> = Vec::new();
            list.retain_mut(|item| {
                *item = item.split_whitespace().collect::<Vec<_>>().join(" ");
                if lowercase {
                    *item = item.to_lowercase();
                }
                let fresh = !item.is_empty() && !seen.contains(item);
                if fresh {
                    seen.push(item.clone());
                }
                fresh
            });
        };
        tidy_list(&mut self.competencies, true);
        tidy_list(&mut self.metrics, false);
        tidy_list(&mut self.forbidden_claims, false);
        tidy_list(&mut self.tags, false);
        let tidy_option = |value: &mut Option<String>| {
            *value = value
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned);
        };
        tidy_option(&mut self.when);
        tidy_option(&mut self.resume_role);
        self
    }

    /// An imported story's competencies, each made ours ([`our_competency`]) or moved to the
    /// user's own tags, so that no file is refused for a tag; says what became of each.
    pub fn sort_imported_tags(&mut self, labels: &[(&str, &str)]) -> Vec<TagOutcome> {
        let given = std::mem::take(&mut self.competencies);
        let mut outcomes = Vec::new();
        for name in given {
            if name.trim().is_empty() {
                continue;
            }
            let ours = our_competency(&name, labels);
            match ours {
                Some(ours) => self.competencies.push(ours.to_owned()),
                None => self.tags.push(name.trim().to_owned()),
            }
            outcomes.push(TagOutcome { given: name, ours });
        }
        outcomes
    }

    /// The story as it will be kept: its sizes checked as given (so the limits are what any
    /// interface documents, whatever spaces, repeats or empty items would be tidied away), then
    /// normalised and validated.
    pub fn checked(self) -> Result<StoryFields, StoryError> {
        self.check_sizes()?;
        let fields = self.normalised();
        fields.validate()?;
        Ok(fields)
    }

    /// The size limits, on the fields as given. The parts' limits add up to the whole story's,
    /// so there is no separate check of the total.
    pub fn check_sizes(&self) -> Result<(), StoryError> {
        let chars = |text: &str| text.chars().count();
        if chars(&self.title) > MAX_TITLE_CHARS {
            return Err(StoryError::TitleTooLong {
                chars: chars(&self.title),
            });
        }
        for &(name, limit) in PART_LIMITS {
            let length = chars(self.part(name));
            if length > limit {
                return Err(StoryError::PartTooLong {
                    part: name,
                    chars: length,
                    limit,
                });
            }
        }
        if self.competencies.len() > MAX_COMPETENCIES {
            return Err(StoryError::TooManyCompetencies {
                given: self.competencies.len(),
            });
        }
        for (list, what) in [
            (&self.metrics, "metrics"),
            (&self.tags, "tags"),
            (&self.forbidden_claims, "claims not to make"),
        ] {
            if list.len() > MAX_LIST_ITEMS {
                return Err(StoryError::TooManyItems {
                    what,
                    given: list.len(),
                });
            }
        }
        let items = self
            .metrics
            .iter()
            .chain(&self.forbidden_claims)
            .chain(&self.tags)
            .chain(&self.when)
            .chain(&self.resume_role);
        if items.into_iter().any(|item| chars(item) > MAX_ITEM_CHARS) {
            return Err(StoryError::ItemTooLong);
        }
        Ok(())
    }

    /// Checks presence, the limits and the vocabulary. `normalised` first.
    pub fn validate(&self) -> Result<(), StoryError> {
        if self.title.is_empty() {
            return Err(StoryError::MissingTitle);
        }
        self.check_sizes()?;
        if self.action.is_empty() {
            return Err(StoryError::MissingAction);
        }
        if let Some(unknown) = self
            .competencies
            .iter()
            .find(|name| !crate::analysis::is_competency(name))
        {
            return Err(StoryError::UnknownCompetency(
                unknown.chars().take(60).collect(),
            ));
        }
        Ok(())
    }
}

/// Why a story cannot be saved. Messages say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoryError {
    #[error("the story needs a title, a few words you will recognise it by")]
    MissingTitle,
    #[error("the title is {chars} characters long; the limit is {MAX_TITLE_CHARS}")]
    TitleTooLong { chars: usize },
    #[error(
        "the story has no action: write what you did yourself, the heart of the story (the other parts can wait)"
    )]
    MissingAction,
    #[error(
        "the {part} is {chars} characters long; the limit is {limit} (about {words} words), so keep only what you would say", words = limit * 4 / 25
    )]
    PartTooLong {
        part: &'static str,
        chars: usize,
        limit: usize,
    },
    #[error(
        "{given} competencies given; a story shows at most {MAX_COMPETENCIES}, so keep its strongest"
    )]
    TooManyCompetencies { given: usize },
    #[error(
        "{0:?} is not a competency Rehearse knows; choose from the list (e.g. conflict, failure, influence)"
    )]
    UnknownCompetency(String),
    #[error("{given} {what} given; the limit is {MAX_LIST_ITEMS}")]
    TooManyItems { what: &'static str, given: usize },
    #[error("a metric, claim, date or role is longer than {MAX_ITEM_CHARS} characters; shorten it")]
    ItemTooLong,
}

impl StoryError {
    /// A stable snake_case code for machines.
    pub fn code(&self) -> &'static str {
        match self {
            StoryError::MissingTitle => "missing_title",
            StoryError::TitleTooLong { .. } => "title_too_long",
            StoryError::MissingAction => "missing_action",
            StoryError::PartTooLong { .. } => "part_too_long",
            StoryError::TooManyCompetencies { .. } => "too_many_competencies",
            StoryError::UnknownCompetency(_) => "unknown_competency",
            StoryError::TooManyItems { .. } => "too_many_items",
            StoryError::ItemTooLong => "item_too_long",
        }
    }
}

/// The competencies a story's text shows, strongest first, for the user to confirm: at most
/// four. A competency counts by its keywords (the words questions about it use: "mistake",
/// "persuade", "upset") and by the engine's cues for it, each cue list weighed by its length so a
/// long list does not win by catching common words; the seven story categories come first
/// among equals, and generic competencies (teamwork, communication) are discounted.
pub fn suggest_competencies(fields: &StoryFields) -> Vec<&'static str> {
    suggest_competencies_with(fields, None)
}

/// A suggested competency by meaning stands at least this far above the story's ordinary (in
/// deviations of its competency profile, see `analysis::competency_profile`).
pub const SUGGESTED_BY_MEANING: f32 = 1.0;

/// [`suggest_competencies`], with the sentence model reading what the story shows when one is
/// given: the words' suggestions, then the competencies its sentences are unusually close to
/// (strongest first) where the words found fewer than four.
pub fn suggest_competencies_with(
    fields: &StoryFields,
    embedder: Option<&dyn crate::meaning::Embedder>,
) -> Vec<&'static str> {
    let by_words = suggest_by_words(fields);
    let Some(embedder) = embedder else {
        return by_words;
    };
    let shown: String = [
        &fields.task,
        &fields.action,
        &fields.result,
        &fields.reflection,
    ]
    .iter()
    .map(|part| part.trim())
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join("\n\n");
    let sentences: Vec<&str> = crate::text::sentences(&shown)
        .iter()
        .map(|span| span.of(&shown))
        .collect();
    let mut profile = crate::analysis::competency_profile(&sentences, embedder);
    profile.retain(|(name, z)| *z >= SUGGESTED_BY_MEANING && crate::analysis::is_suggestible(name));
    profile.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut suggested = by_words;
    for (name, _) in profile {
        if !suggested.contains(&name) {
            suggested.push(name);
        }
    }
    suggested.truncate(4);
    suggested
}

fn suggest_by_words(fields: &StoryFields) -> Vec<&'static str> {
    let text = format!("{}\n\n{}", fields.title, fields.telling());
    let profile = crate::analysis::text_profile(&text);
    let keywords = fit::keyword_counts(&text);
    let mut scored: Vec<(&'static str, f64)> = crate::analysis::competency_names()
        .filter(|name| crate::analysis::is_suggestible(name))
        .map(|name| {
            let cues = f64::from(profile.hits(name));
            // Keywords of a setting ("customer", "team") say where a story happened, not what
            // it shows: only the other competencies' keywords count.
            let keyword = if matches!(name, "customer-focus" | "teamwork" | "communication") {
                0.0
            } else {
                keywords
                    .iter()
                    .find(|(known, _)| *known == name)
                    .map_or(0.0, |(_, count)| *count as f64)
            };
            let category = CATEGORIES.iter().any(|(category, _)| *category == name);
            let weight = if crate::analysis::is_generic_competency(name) {
                0.6
            } else {
                1.0
            } + if category { 0.2 } else { 0.0 };
            (name, (cues + 1.5 * keyword) * weight)
        })
        .filter(|(_, score)| *score >= 1.5)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    scored.into_iter().take(4).map(|(name, _)| name).collect()
}

/// A nudge for the story builder: what a part still lacks, by the guide's advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nudge {
    /// The part it is about (situation, task, action, result, reflection) or "story".
    pub part: &'static str,
    pub message: String,
}

/// What the whole story measures while it is written: its length aloud and the nudges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryCheck {
    pub word_count: usize,
    pub speaking_seconds: f64,
    /// The action's share of the story's words (the guide: 50–60%).
    pub action_share: f64,
    pub nudges: Vec<Nudge>,
    pub suggested_competencies: Vec<&'static str>,
}

/// Measures a story being written against the guide: Situation in one or two sentences, Task in
/// one, Action the heart (50–60% of the story, told with "I"), Result quantified, a lesson, and
/// 1:30–2:30 aloud.
pub fn check_story(fields: &StoryFields) -> StoryCheck {
    use crate::text;
    let words_of = |part: &str| text::words(fields.part(part)).len();
    let word_count: usize = PARTS.iter().map(|part| words_of(part)).sum();
    let speaking_seconds = word_count as f64 * 60.0 / crate::analysis::WORDS_PER_MINUTE;
    let action_share = if word_count == 0 {
        0.0
    } else {
        words_of("action") as f64 / word_count as f64
    };
    let sentences = |part: &str| text::sentences(fields.part(part)).len();
    let mut nudges = Vec::new();
    let mut nudge = |part: &'static str, message: String| nudges.push(Nudge { part, message });
    if fields.situation.trim().is_empty() {
        nudge(
            "situation",
            "No situation yet: where and when, in a sentence or two.".to_owned(),
        );
    } else if sentences("situation") > 2 {
        nudge(
            "situation",
            format!(
                "The situation is {} sentences; one or two set the scene, so move the rest into the action or cut it.",
                sentences("situation")
            ),
        );
    }
    if fields.task.trim().is_empty() {
        nudge(
            "task",
            "No task yet: what you had to achieve, in one sentence.".to_owned(),
        );
    } else if sentences("task") > 1 {
        nudge(
            "task",
            format!(
                "The task is {} sentences; say it in one.",
                sentences("task")
            ),
        );
    }
    if fields.action.trim().is_empty() {
        nudge(
            "action",
            "No action yet: what you did yourself, step by step.".to_owned(),
        );
    } else {
        if word_count >= 60 && action_share < 0.45 {
            nudge(
                "action",
                format!(
                    "The action is {:.0}% of the story; make it the heart, 50–60%: what did you do, step by step?",
                    action_share * 100.0
                ),
            );
        }
        let lower: Vec<String> = text::words(&fields.action)
            .iter()
            .map(|word| word.span.of(&fields.action).to_lowercase())
            .collect();
        let count = |forms: &[&str]| lower.iter().filter(|w| forms.contains(&w.as_str())).count();
        let (i, we) = (
            count(&["i", "me", "my", "i'm", "i've", "i'd"]),
            count(&["we", "us", "our", "we're", "we've"]),
        );
        if we > i {
            nudge(
                "action",
                format!("The action says “we” {we} times and “I” {i}: say what you did yourself."),
            );
        }
    }
    if fields.result.trim().is_empty() {
        nudge("result", "No result yet: what came of it?".to_owned());
    } else if !is_quantified(&fields.result) {
        nudge(
            "result",
            "No number in your result yet: how much, how many, how fast, compared with before?"
                .to_owned(),
        );
    }
    if fields.reflection.trim().is_empty() {
        nudge(
            "reflection",
            "Add what you learned, in a sentence: interviewers ask.".to_owned(),
        );
    }
    if speaking_seconds > 150.0 {
        nudge(
            "story",
            format!(
                "About {} aloud; aim for 1:30–2:30 by cutting the setup first.",
                clock(speaking_seconds)
            ),
        );
    }
    StoryCheck {
        word_count,
        speaking_seconds,
        action_share,
        nudges,
        suggested_competencies: suggest_competencies(fields),
    }
}

/// Whether a result states a measure: a number, a percentage or a word like "doubled".
fn is_quantified(text: &str) -> bool {
    #[rustfmt::skip]
    const MEASURE_WORDS: &[&str] = &[
        "doubled", "halved", "tripled", "twice", "half", "third", "quarter", "percent", "zero",
        "none", "every", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "dozen",
    ];
    text.chars().any(|c| c.is_ascii_digit())
        || crate::text::words(text)
            .iter()
            .any(|word| MEASURE_WORDS.contains(&word.span.of(text).to_lowercase().as_str()))
}

fn clock(seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The label of a story category or competency name, for people ("failure" → "A failure and
/// its lesson"); other names are shown with spaces for hyphens.
pub fn label(name: &str) -> String {
    CATEGORIES
        .iter()
        .find(|(category, _)| *category == name)
        .map_or_else(|| name.replace('-', " "), |(_, label)| (*label).to_owned())
}

#[cfg(test)]
mod tests;
