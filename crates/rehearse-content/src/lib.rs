//! The built-in question bank and the competency vocabulary, as human-editable TOML files
//! compiled into the binary (see `bank/README.md` for the format), with their loader and validator.
//!
//! Invariants:
//! - a [`Bank`] only exists validated: ids unique, every enum value known, every competency in
//!   the vocabulary, every required field present;
//! - validation reports *every* problem, each naming the file, the question and the field, so a
//!   broken file is fixed in one pass;
//! - no file-system access: callers hand in `(file name, text)` pairs, which is how a user's own
//!   question pack is validated and loaded with the same code ([`Bank::builtin_with_pack`]).

mod validate;

use std::collections::HashMap;
use std::fmt;

use rehearse_core::{Question, QuestionFilter};
use serde::Deserialize;

pub use validate::BankError;

mod files {
    include!(concat!(env!("OUT_DIR"), "/question_files.rs"));
}

/// The built-in competency vocabulary file.
const COMPETENCIES: &str = include_str!("../bank/competencies.toml");

/// The built-in skills lexicon file.
const SKILLS: &str = include_str!("../bank/skills.toml");

/// The built-in skills lexicon, validated and ready to match.
pub fn builtin_skills() -> Result<rehearse_core::skills::SkillLexicon, BankErrors> {
    let skills = validate::skills("skills.toml", SKILLS).map_err(BankErrors)?;
    Ok(rehearse_core::skills::SkillLexicon::new(skills))
}

/// One entry of the competency vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// The name questions and stories use, e.g. `conflict`.
    pub name: String,
    /// The name shown to people, e.g. "Conflict navigated".
    pub label: String,
    /// One of the guide's seven story categories.
    #[serde(default)]
    pub story_category: bool,
    pub description: String,
}

/// A validated question bank. `Bank::default()` is an empty one, for callers that need none.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    questions: Vec<Question>,
    by_id: HashMap<String, usize>,
    competencies: Vec<Competency>,
}

/// Every problem found while loading a bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankErrors(pub Vec<BankError>);

impl fmt::Display for BankErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} problem{} in the question bank",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            write!(f, "\n  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BankErrors {}

impl Bank {
    /// The bank compiled into the binary.
    pub fn builtin() -> Result<Bank, BankErrors> {
        Bank::from_files(files::QUESTION_FILES.iter().copied())
    }

    /// The built-in bank with a user's question pack added: the pack's files are validated
    /// together with the built-in ones, so an id that clashes with a built-in question is an
    /// error naming the pack's file.
    pub fn builtin_with_pack<'a>(
        pack: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Bank, BankErrors> {
        Bank::from_files(files::QUESTION_FILES.iter().copied().chain(pack))
    }

    /// Loads and validates question files given as `(file name, contents)` pairs, against the
    /// built-in competency vocabulary.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Bank, BankErrors> {
        let competencies =
            validate::competencies("competencies.toml", COMPETENCIES).map_err(BankErrors)?;
        let questions = validate::question_files(files, &competencies).map_err(BankErrors)?;
        let by_id = questions
            .iter()
            .enumerate()
            .map(|(index, question)| (question.id.0.clone(), index))
            .collect();
        Ok(Bank {
            questions,
            by_id,
            competencies,
        })
    }

    /// Every question, in file order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&index| &self.questions[index])
    }

    /// The questions that pass `filter`, in bank order.
    pub fn filtered(&self, filter: QuestionFilter) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(move |question| filter.matches(question))
    }

    /// The competency vocabulary.
    pub fn competencies(&self) -> &[Competency] {
        &self.competencies
    }

    /// The vocabulary entry for a competency name.
    pub fn competency(&self, name: &str) -> Option<&Competency> {
        self.competencies
            .iter()
            .find(|competency| competency.name == name)
    }
}

#[cfg(test)]
mod tests;
