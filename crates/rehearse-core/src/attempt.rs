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

/// How a new answer to a question compares with an earlier one: every score with its change, the
/// problems fixed, the ones still there, and any new ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub scores: Vec<ScoreChange>,
    /// Messages of the earlier answer's problems that the new answer no longer has.
    pub fixed: Vec<String>,
    /// Messages of the new answer's problems that the earlier answer had too.
    pub remaining: Vec<String>,
    /// Messages of problems the earlier answer did not have.
    pub new: Vec<String>,
}

/// One score before and after (absent where that answer was not scored on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScoreChange {
    pub name: &'static str,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

impl ScoreChange {
    /// After minus before, when both exist.
    pub fn change(&self) -> Option<i16> {
        Some(i16::from(self.after?) - i16::from(self.before?))
    }
}

/// Compares two analyses of answers to the same question. Problems are matched by their kind of
/// finding, so a rewritten sentence that still lacks a result is still "no result".
pub fn compare(before: &Analysis, after: &Analysis) -> Comparison {
    use crate::analysis::Severity;
    let named = |analysis: &Analysis| -> Vec<(&'static str, Option<u8>)> {
        let scores = analysis.scores;
        vec![
            ("overall", scores.map(|scores| scores.overall)),
            ("structure", scores.and_then(|scores| scores.structure)),
            ("ownership", scores.and_then(|scores| scores.ownership)),
            ("impact", scores.and_then(|scores| scores.impact)),
            ("concision", scores.map(|scores| scores.concision)),
            ("relevance", scores.and_then(|scores| scores.relevance)),
            ("delivery", scores.map(|scores| scores.delivery)),
        ]
    };
    let scores = named(before)
        .into_iter()
        .zip(named(after))
        .filter(|((_, old), (_, new))| old.is_some() || new.is_some())
        .map(|((name, old), (_, new))| ScoreChange {
            name,
            before: old,
            after: new,
        })
        .collect();
    let problems = |analysis: &Analysis| -> Vec<(crate::analysis::FindingCode, String)> {
        let mut seen = Vec::new();
        for finding in &analysis.findings {
            if matches!(finding.severity, Severity::Major | Severity::Warn)
                && !seen.iter().any(|(code, _)| *code == finding.code)
            {
                seen.push((finding.code, finding.message.clone()));
            }
        }
        seen
    };
    let (old, new) = (problems(before), problems(after));
    let has = |list: &[(crate::analysis::FindingCode, String)], code| {
        list.iter().any(|(other, _)| *other == code)
    };
    Comparison {
        scores,
        fixed: old
            .iter()
            .filter(|(code, _)| !has(&new, *code))
            .map(|(_, message)| message.clone())
            .collect(),
        remaining: new
            .iter()
            .filter(|(code, _)| has(&old, *code))
            .map(|(_, message)| message.clone())
            .collect(),
        new: new
            .iter()
            .filter(|(code, _)| !has(&old, *code))
            .map(|(_, message)| message.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalysisInput, analyze};
    use crate::question::QuestionKind;

    fn analysis(answer: &str) -> Analysis {
        analyze(&AnalysisInput {
            question: "Tell me about a time you improved a process at work.",
            kind: QuestionKind::Behavioral,
            competencies: &[],
            key_points: &[],
            answer,
        })
    }

    #[test]
    fn a_re_answer_shows_each_score_change_and_the_problems_fixed() {
        let before = analysis(
            "Last year our onboarding was confusing and new hires took weeks to become productive. My manager asked me to improve it. I interviewed five recent hires, I wrote a new onboarding guide with a checklist, and I paired each new hire with a buddy.",
        );
        let after = analysis(
            "Last year our onboarding was confusing and new hires took weeks to become productive. My manager asked me to improve it. I interviewed five recent hires, I wrote a new onboarding guide with a checklist, and I paired each new hire with a buddy. In the end the next four hires shipped code in their first week instead of their third, and the guide became the standard for the whole department.",
        );
        let comparison = compare(&before, &after);
        assert_eq!(comparison.scores[0].name, "overall");
        let overall = comparison.scores[0];
        assert!(overall.change().unwrap() > 0, "{comparison:#?}");
        assert_eq!(
            overall.change(),
            Some(
                i16::from(after.overall_score().unwrap())
                    - i16::from(before.overall_score().unwrap())
            )
        );
        assert!(
            comparison
                .fixed
                .iter()
                .any(|message| message.starts_with("No result")),
            "{comparison:#?}"
        );
        assert!(comparison.new.is_empty(), "{comparison:#?}");
        // The same answer twice changes nothing.
        let same = compare(&before, &before);
        assert!(same.scores.iter().all(|score| score.change() == Some(0)));
        assert!(same.fixed.is_empty() && same.new.is_empty());
        assert!(!same.remaining.is_empty());
    }
}
