//! Turning TOML text into validated questions, collecting every problem with its location.

use std::collections::HashSet;
use std::fmt;

use rehearse_core::{Difficulty, Question, QuestionId, QuestionKind, RoleFamily, Seniority};
use toml::{Table, Value};

use crate::Competency;

/// One problem in a bank file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankError {
    pub file: String,
    /// The question's id, or `#N` (1-based position) when it has no usable id.
    pub question: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(question) = &self.question {
            write!(f, ": question {question}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for BankError {}

const QUESTION_FIELDS: &[&str] = &[
    "id",
    "kind",
    "role_families",
    "competencies",
    "topics",
    "seniority",
    "difficulty",
    "common",
    "text",
    "tests",
    "key_points",
    "follow_ups",
    "pitfalls",
    "scale",
    "rubric",
];

/// The technical key-point range of the bank format.
const TECHNICAL_KEY_POINTS: std::ops::RangeInclusive<usize> = 3..=6;

pub(crate) fn competencies(file: &str, text: &str) -> Result<Vec<Competency>, Vec<BankError>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Vocabulary {
        competency: Vec<Competency>,
    }
    let vocabulary: Vocabulary = toml::from_str(text).map_err(|error| {
        vec![BankError {
            file: file.to_owned(),
            question: None,
            field: None,
            message: one_line(&error),
        }]
    })?;
    let mut seen = HashSet::new();
    let errors: Vec<BankError> = vocabulary
        .competency
        .iter()
        .filter(|competency| !seen.insert(competency.name.as_str()))
        .map(|competency| BankError {
            file: file.to_owned(),
            question: None,
            field: Some("name".to_owned()),
            message: format!("competency {:?} is listed twice", competency.name),
        })
        .collect();
    if errors.is_empty() {
        Ok(vocabulary.competency)
    } else {
        Err(errors)
    }
}

/// The categories a skill may have (`bank/README.md`).
const SKILL_CATEGORIES: &[&str] = &[
    "language",
    "frontend",
    "backend",
    "mobile",
    "database",
    "data-engineering",
    "cloud",
    "devops",
    "security",
    "testing",
    "ml",
    "ai",
    "analytics",
    "bi",
    "statistics",
    "design",
    "product",
    "project-management",
    "business",
    "finance",
    "sales",
    "marketing",
    "hr",
    "healthcare",
    "education",
    "operations",
    "customer-success",
    "retail",
    "legal",
    "soft-skill",
    "tool",
    "methodology",
    "certification",
];

/// Parses and validates the skills lexicon: names and aliases unique (ignoring case), categories
/// and role families known, short or ambiguous forms (matched with their exact case) written with
/// their capitals.
pub(crate) fn skills(
    file: &str,
    text: &str,
) -> Result<Vec<rehearse_core::skills::Skill>, Vec<BankError>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Lexicon {
        skill: Vec<RawSkill>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawSkill {
        name: String,
        #[serde(default)]
        aliases: Vec<String>,
        category: String,
        #[serde(default)]
        role_families: Vec<String>,
    }
    let lexicon: Lexicon = toml::from_str(text).map_err(|error| {
        vec![BankError {
            file: file.to_owned(),
            question: None,
            field: None,
            message: one_line(&error),
        }]
    })?;
    let mut errors = Vec::new();
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    let mut skills = Vec::with_capacity(lexicon.skill.len());
    for raw in lexicon.skill {
        let mut error = |field: &str, message: String| {
            errors.push(BankError {
                file: file.to_owned(),
                question: Some(format!("skill {:?}", raw.name)),
                field: Some(field.to_owned()),
                message,
            })
        };
        if raw.name.trim().is_empty() {
            error("name", "must not be empty".to_owned());
        }
        for form in std::iter::once(&raw.name).chain(&raw.aliases) {
            let key = form.trim().to_lowercase();
            if key.is_empty() {
                error("aliases", "an alias must not be empty".to_owned());
            } else if let Some(owner) = seen.get(&key) {
                if owner != &raw.name {
                    error("aliases", format!("{form:?} is already used by {owner:?}"));
                }
            } else {
                seen.insert(key, raw.name.clone());
            }
            if rehearse_core::skills::needs_exact_case(form)
                && form.chars().any(char::is_alphabetic)
                && !form.chars().any(char::is_uppercase)
            {
                error(
                    "aliases",
                    format!(
                        "{form:?} is matched only as written, so write it as the skill is written (e.g. \"Spark\")"
                    ),
                );
            }
        }
        if !SKILL_CATEGORIES.contains(&raw.category.as_str()) {
            error("category", format!("unknown category {:?}", raw.category));
        }
        let mut families = Vec::new();
        for family in &raw.role_families {
            match family.parse::<RoleFamily>() {
                Ok(family) => families.push(family),
                Err(unknown) => error("role_families", unknown.to_string()),
            }
        }
        skills.push(rehearse_core::skills::Skill {
            name: raw.name.trim().to_owned(),
            aliases: raw
                .aliases
                .iter()
                .map(|alias| alias.trim().to_owned())
                .collect(),
            category: raw.category,
            role_families: families,
        });
    }
    if errors.is_empty() {
        Ok(skills)
    } else {
        Err(errors)
    }
}

pub(crate) fn question_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    competencies: &[Competency],
) -> Result<Vec<Question>, Vec<BankError>> {
    let known_competencies: HashSet<&str> = competencies
        .iter()
        .map(|competency| competency.name.as_str())
        .collect();
    let mut errors = Vec::new();
    let mut questions = Vec::new();
    let mut first_file_of_id: std::collections::HashMap<String, String> = Default::default();

    for (file, text) in files {
        let table: Table = match text.parse() {
            Ok(table) => table,
            Err(error) => {
                errors.push(BankError {
                    file: file.to_owned(),
                    question: None,
                    field: None,
                    message: one_line(&error),
                });
                continue;
            }
        };
        for key in table.keys().filter(|key| *key != "question") {
            errors.push(BankError {
                file: file.to_owned(),
                question: None,
                field: Some(key.clone()),
                message: "unknown top-level key; a bank file holds only [[question]] tables"
                    .to_owned(),
            });
        }
        let Some(entries) = table.get("question") else {
            errors.push(BankError {
                file: file.to_owned(),
                question: None,
                field: None,
                message: "no [[question]] tables".to_owned(),
            });
            continue;
        };
        let Some(entries) = entries.as_array() else {
            errors.push(BankError {
                file: file.to_owned(),
                question: None,
                field: Some("question".to_owned()),
                message: "must be an array of tables, written [[question]]".to_owned(),
            });
            continue;
        };
        for (position, entry) in entries.iter().enumerate() {
            let mut checker = Checker {
                file,
                question: format!("#{}", position + 1),
                errors: &mut errors,
            };
            let Some(entry) = entry.as_table() else {
                checker.error(None, "must be a table".to_owned());
                continue;
            };
            if let Some(question) = checker.question(entry, &known_competencies) {
                match first_file_of_id.get(&question.id.0) {
                    Some(other) => {
                        checker.error(Some("id"), format!("duplicate id; already used in {other}"))
                    }
                    None => {
                        first_file_of_id.insert(question.id.0.clone(), file.to_owned());
                        questions.push(question);
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

/// Checks one question table, recording problems against it.
struct Checker<'e> {
    file: &'e str,
    question: String,
    errors: &'e mut Vec<BankError>,
}

impl Checker<'_> {
    fn error(&mut self, field: Option<&str>, message: String) {
        self.errors.push(BankError {
            file: self.file.to_owned(),
            question: Some(self.question.clone()),
            field: field.map(str::to_owned),
            message,
        });
    }

    fn question(&mut self, entry: &Table, known_competencies: &HashSet<&str>) -> Option<Question> {
        let errors_before = self.errors.len();
        if let Some(Value::String(id)) = entry.get("id") {
            if is_slug(id) {
                self.question = id.clone();
            } else {
                self.error(
                    Some("id"),
                    format!("{id:?} must be lowercase letters and digits joined by '-'"),
                );
            }
        } else {
            self.error(Some("id"), "missing or not a string".to_owned());
        }
        for key in entry
            .keys()
            .filter(|key| !QUESTION_FIELDS.contains(&key.as_str()))
        {
            self.error(
                Some(key),
                format!(
                    "unknown field; expected one of: {}",
                    QUESTION_FIELDS.join(", ")
                ),
            );
        }

        let kind = self
            .required_string(entry, "kind")
            .and_then(|kind| self.parse::<QuestionKind>("kind", &kind));
        let difficulty = self
            .required_string(entry, "difficulty")
            .and_then(|value| self.parse::<Difficulty>("difficulty", &value));
        let role_families: Vec<RoleFamily> = self
            .strings(entry, "role_families")
            .iter()
            .filter_map(|value| self.parse("role_families", value))
            .collect();
        let seniority: Vec<Seniority> = self
            .strings(entry, "seniority")
            .iter()
            .filter_map(|value| self.parse("seniority", value))
            .collect();
        let competencies = self.strings(entry, "competencies");
        if competencies.is_empty() {
            self.error(
                Some("competencies"),
                "needs at least one competency from competencies.toml".to_owned(),
            );
        }
        for competency in &competencies {
            if !known_competencies.contains(competency.as_str()) {
                self.error(
                    Some("competencies"),
                    format!("{competency:?} is not in competencies.toml"),
                );
            }
        }
        let topics = self.strings(entry, "topics");
        for topic in &topics {
            if !is_slug(topic) {
                self.error(
                    Some("topics"),
                    format!("{topic:?} must be a lowercase slug such as \"sql-window-functions\""),
                );
            }
        }
        let common = match entry.get("common") {
            None => false,
            Some(Value::Boolean(common)) => *common,
            Some(_) => {
                self.error(Some("common"), "must be true or false".to_owned());
                false
            }
        };
        let text = self.required_string(entry, "text").unwrap_or_default();
        if !(text.is_empty() || text.ends_with('?') || text.ends_with('.')) {
            self.error(Some("text"), "must end with '?' or '.'".to_owned());
        }
        let tests = self.required_string(entry, "tests").unwrap_or_default();
        let key_points = self.strings(entry, "key_points");
        if kind == Some(QuestionKind::Technical)
            && !TECHNICAL_KEY_POINTS.contains(&key_points.len())
        {
            self.error(
                Some("key_points"),
                format!(
                    "a technical question needs 3 to 6 key points, found {}",
                    key_points.len()
                ),
            );
        } else if key_points.is_empty() {
            self.error(
                Some("key_points"),
                "needs at least one key point".to_owned(),
            );
        }
        let follow_ups = self.strings(entry, "follow_ups");
        if follow_ups.is_empty() {
            self.error(
                Some("follow_ups"),
                "needs at least one follow-up".to_owned(),
            );
        }
        let pitfalls = self.strings(entry, "pitfalls");
        let rubric = self.strings(entry, "rubric");
        let scale = match entry.get("scale") {
            None => None,
            Some(Value::String(scale)) if !scale.trim().is_empty() => Some(scale.trim().to_owned()),
            Some(_) => {
                self.error(Some("scale"), "must be a non-empty string".to_owned());
                None
            }
        };
        if kind == Some(QuestionKind::SystemDesign) {
            if scale.is_none() && entry.get("scale").is_none() {
                self.error(
                    Some("scale"),
                    "a system-design question needs a scale hint".to_owned(),
                );
            }
            if rubric.len() < 3 {
                self.error(
                    Some("rubric"),
                    format!(
                        "a system-design question needs at least 3 rubric lines, found {}",
                        rubric.len()
                    ),
                );
            }
        }
        if kind == Some(QuestionKind::Technical) && follow_ups.len() < 2 {
            self.error(
                Some("follow_ups"),
                format!(
                    "a technical question needs at least 2 follow-ups, found {}",
                    follow_ups.len()
                ),
            );
        }

        if self.errors.len() > errors_before {
            return None;
        }
        Some(Question {
            id: QuestionId(self.question.clone()),
            kind: kind?,
            role_families,
            competencies,
            topics,
            seniority,
            difficulty: difficulty?,
            common,
            text,
            tests,
            key_points,
            follow_ups,
            pitfalls,
            scale,
            rubric,
        })
    }

    fn required_string(&mut self, entry: &Table, field: &str) -> Option<String> {
        match entry.get(field) {
            Some(Value::String(value)) if !value.trim().is_empty() => Some(value.trim().to_owned()),
            Some(Value::String(_)) => {
                self.error(Some(field), "must not be empty".to_owned());
                None
            }
            Some(_) => {
                self.error(Some(field), "must be a string".to_owned());
                None
            }
            None => {
                self.error(Some(field), "missing".to_owned());
                None
            }
        }
    }

    /// An optional array of non-empty strings (absent = empty).
    fn strings(&mut self, entry: &Table, field: &str) -> Vec<String> {
        let Some(value) = entry.get(field) else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.error(Some(field), "must be an array of strings".to_owned());
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str().map(str::trim) {
                Some(text) if !text.is_empty() => out.push(text.to_owned()),
                _ => self.error(
                    Some(field),
                    "every entry must be a non-empty string".to_owned(),
                ),
            }
        }
        out
    }

    fn parse<T: std::str::FromStr<Err = rehearse_core::question::UnknownName>>(
        &mut self,
        field: &str,
        value: &str,
    ) -> Option<T> {
        value
            .parse()
            .map_err(|error: rehearse_core::question::UnknownName| {
                self.error(Some(field), error.to_string())
            })
            .ok()
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// TOML errors span several lines (with a source excerpt); keep them on one line for reports.
fn one_line(error: &dyn fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
