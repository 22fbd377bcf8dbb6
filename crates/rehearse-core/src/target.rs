//! Targets: a job the user prepares for — its posting, what was read from it, the resume used, and
//! the practice set made for it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posting::JobProfile;
use crate::question::{RoleFamily, Seniority};
use crate::question_set::{QuestionSet, SetQuestion};
use crate::resume::Resume;

/// A target's id, unique within one database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TargetId(pub i64);

impl std::fmt::Display for TargetId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A target about to be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTarget {
    pub posting: String,
    pub profile: JobProfile,
    pub resume_text: Option<String>,
    pub resume_name: Option<String>,
    pub resume: Option<Resume>,
    pub set: QuestionSet,
    pub created_at: DateTime<Utc>,
}

/// A saved target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub id: TargetId,
    /// The posting's text as read (HTML already turned into text).
    pub posting: String,
    pub profile: JobProfile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_name: Option<String>,
    #[serde(skip)]
    pub resume_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<Resume>,
    pub set: QuestionSet,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether this target's posting, resume and answers may go to the configured LLM: `None`
    /// until the user has seen what is sent and chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<bool>,
    /// The interview dates (rounds), soonest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviews: Vec<crate::plan::Interview>,
}

impl Target {
    /// The name to show: the title, the company, or the id.
    pub fn name(&self) -> String {
        match (&self.profile.title, &self.profile.company) {
            (Some(title), Some(company)) => format!("{title} at {company}"),
            (Some(title), None) => title.clone(),
            (None, Some(company)) => format!("A role at {company}"),
            (None, None) => format!("Target {}", self.id),
        }
    }

    /// One question of the target's set.
    /// A question of the set, or one swapped out of it (a past answer may still ask for it).
    pub fn question(&self, id: &str) -> Option<&SetQuestion> {
        self.set
            .questions
            .iter()
            .chain(&self.set.retired)
            .find(|question| question.id == id)
    }

    pub fn summary(&self) -> TargetSummary {
        TargetSummary {
            id: self.id,
            name: self.name(),
            role_family: self.profile.role_family,
            seniority: self.profile.seniority,
            questions: self.set.questions.len(),
            created_at: self.created_at,
        }
    }
}

/// One row of the targets list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetSummary {
    pub id: TargetId,
    pub name: String,
    pub role_family: RoleFamily,
    pub seniority: Seniority,
    pub questions: usize,
    pub created_at: DateTime<Utc>,
}
