//! Attempts: one answer to one question, kept forever (a re-answer is a new attempt).
//!
//! An attempt keeps a copy of the question text and the analysis as it was shown, so history
//! reads the same after the bank or the engine changes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::question::{QuestionId, QuestionKind};
use crate::story_bank::StoryId;
use crate::target::TargetId;

/// The owner of a row. Single-user mode has exactly one, [`UserId::LOCAL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl UserId {
    /// The one user of a single-user (desktop) installation.
    pub const LOCAL: UserId = UserId(1);
}

/// An attempt's id, unique within one database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(pub i64);

impl std::fmt::Display for AttemptId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An attempt about to be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt {
    pub question_id: QuestionId,
    /// The target whose set the question came from, if any.
    pub target_id: Option<TargetId>,
    /// The story the answer was told from, if the user chose one.
    pub story_id: Option<StoryId>,
    pub question_text: String,
    pub kind: QuestionKind,
    pub answer: String,
    pub duration_seconds: Option<u32>,
    pub analysis: Analysis,
    pub created_at: DateTime<Utc>,
}

/// A saved attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub id: AttemptId,
    pub question_id: QuestionId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<TargetId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_id: Option<StoryId>,
    pub question_text: String,
    pub kind: QuestionKind,
    pub answer: String,
    pub duration_seconds: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub analysis: Analysis,
    /// What a configured LLM added, once asked (checked; never changes the analysis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coaching: Option<crate::coach::Coaching>,
}

impl Attempt {
    /// The attempt as a history row.
    pub fn summary(&self) -> AttemptSummary {
        AttemptSummary {
            id: self.id,
            question_id: self.question_id.clone(),
            question_text: self.question_text.clone(),
            kind: self.kind,
            created_at: self.created_at,
            score: self.analysis.overall_score(),
        }
    }
}

/// One row of the history list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptSummary {
    pub id: AttemptId,
    pub question_id: QuestionId,
    pub question_text: String,
    pub kind: QuestionKind,
    pub created_at: DateTime<Utc>,
    /// The overall score; `None` when the answer was too short or off topic to score.
    pub score: Option<u8>,
}
