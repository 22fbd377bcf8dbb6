//! The system-design and case drills: notes per timed step and a diagram, analysed as one
//! answer (saved to the history like any attempt), with the design checklist; the drill's own
//! parts (notes, step times, diagram) are kept beside the attempt for the result page and the SVG.

use rehearse_core::drill::{
    Check, Diagram, DiagramError, DrillStep, MAX_STEP_NOTES_CHARS, design_checklist,
    design_checklist_with, notes_as_answer, steps_for,
};
use rehearse_core::target::TargetId;
use rehearse_core::{Attempt, AttemptId, QuestionKind, UserId};
use serde::{Deserialize, Serialize};

use crate::{App, AppError, SubmitAttempt};

/// Where a drill's own parts are kept (per attempt).
const DRILL_DOCUMENT: &str = "drill";

/// The most branches a case framework keeps, and the longest branch.
pub const MAX_BRANCHES: usize = 8;
pub const MAX_BRANCH_CHARS: usize = 300;

/// A finished drill as sent by the page or the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillSubmission {
    pub question_id: String,
    pub target: Option<TargetId>,
    /// One text per step, in step order (missing steps are empty).
    pub notes: Vec<String>,
    /// The seconds spent in each step, when the page measured them.
    pub step_seconds: Vec<Option<u32>>,
    /// The diagram as JSON ("" for none).
    pub diagram: String,
    /// A case framework's branches, from the builder.
    pub branches: Vec<String>,
}

/// The drill's own parts, kept beside its attempt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrillParts {
    pub notes: Vec<String>,
    pub step_seconds: Vec<Option<u32>>,
    pub diagram: Diagram,
    #[serde(default)]
    pub branches: Vec<String>,
}

/// A drill and its feedback.
#[derive(Debug, Clone)]
pub struct DrillResult {
    pub attempt: Attempt,
    pub steps: &'static [DrillStep],
    pub parts: DrillParts,
    /// System design only: what a design interviewer listens for.
    pub checklist: Vec<Check>,
}

impl App {
    /// Analyses and saves a drill.
    pub async fn submit_drill(
        &self,
        user: UserId,
        drill: DrillSubmission,
    ) -> Result<DrillResult, AppError> {
        let subject = self
            .practice_subject(user, &drill.question_id, drill.target)
            .await?;
        if !matches!(
            subject.kind,
            QuestionKind::SystemDesign | QuestionKind::Case
        ) {
            return Err(AppError::NotADrillQuestion);
        }
        let steps = steps_for(subject.kind);
        if drill.notes.len() > steps.len() {
            return Err(AppError::TooManySteps {
                given: drill.notes.len(),
                steps: steps.len(),
            });
        }
        if drill
            .notes
            .iter()
            .any(|note| note.chars().count() > MAX_STEP_NOTES_CHARS)
        {
            return Err(AppError::StepNotesTooLong);
        }
        let branches: Vec<String> = drill
            .branches
            .iter()
            .map(|branch| branch.trim().to_owned())
            .filter(|branch| !branch.is_empty())
            .collect();
        if branches.len() > MAX_BRANCHES {
            return Err(AppError::TooManyBranches {
                given: branches.len(),
            });
        }
        if branches
            .iter()
            .any(|branch| branch.chars().count() > MAX_BRANCH_CHARS)
        {
            return Err(AppError::BranchTooLong);
        }
        let diagram = Diagram::parse(&drill.diagram)?;
        let mut notes = drill.notes.clone();
        notes.resize(steps.len(), String::new());
        // The framework the builder made is part of the structure step, in the user's words.
        if let Some(index) = steps.iter().position(|step| step.name == "structure")
            && !branches.is_empty()
        {
            let framework = format!(
                "My framework has {} branches: {}.",
                branches.len(),
                branches.join("; ")
            );
            notes[index] = format!("{}\n{framework}", notes[index].trim())
                .trim()
                .to_owned();
        }
        let answer = notes_as_answer(&notes, &diagram);
        let mut step_seconds = drill.step_seconds.clone();
        step_seconds.resize(steps.len(), None);
        let measured: Vec<u32> = step_seconds.iter().flatten().copied().collect();
        let attempt = self
            .submit_attempt(
                user,
                SubmitAttempt {
                    question_id: drill.question_id,
                    target_id: drill.target,
                    story_id: None,
                    answer,
                    duration_seconds: (!measured.is_empty())
                        .then(|| measured.iter().sum::<u32>())
                        .filter(|&total| total <= rehearse_core::limits::MAX_DURATION_SECONDS),
                    recording: None,
                },
            )
            .await?;
        let parts = DrillParts {
            notes,
            step_seconds,
            diagram,
            branches,
        };
        self.store
            .save_document(
                user,
                DRILL_DOCUMENT,
                &attempt.id.to_string(),
                &serde_json::to_string(&parts).map_err(|error| {
                    AppError::Storage(rehearse_store::StoreError::Corrupt(error.to_string()))
                })?,
                self.clock.now(),
            )
            .await?;
        Ok(self.result(attempt, parts).await)
    }

    /// A saved drill: its attempt and its parts.
    pub async fn drill(&self, user: UserId, id: AttemptId) -> Result<DrillResult, AppError> {
        let attempt = self.attempt(user, id).await?;
        let parts = self
            .store
            .document(user, DRILL_DOCUMENT, &id.to_string())
            .await?
            .ok_or(AppError::AttemptNotFound(id))?;
        let parts: DrillParts = serde_json::from_str(&parts).map_err(|error| {
            AppError::Storage(rehearse_store::StoreError::Corrupt(format!(
                "drill {id}: {error}"
            )))
        })?;
        Ok(self.result(attempt, parts).await)
    }
}

impl App {
    async fn result(&self, attempt: Attempt, parts: DrillParts) -> DrillResult {
        let checklist = if attempt.kind == QuestionKind::SystemDesign {
            self.design_checklist(&attempt.answer).await
        } else {
            Vec::new()
        };
        DrillResult {
            steps: steps_for(attempt.kind),
            attempt,
            parts,
            checklist,
        }
    }

    /// The design checklist, with the sentence model when there is one (off the async threads,
    /// like the analysis).
    async fn design_checklist(&self, notes: &str) -> Vec<Check> {
        let Some(embedder) = self.embedder() else {
            return design_checklist(notes);
        };
        let owned = notes.to_owned();
        tokio::task::spawn_blocking(move || design_checklist_with(&owned, Some(embedder.as_ref())))
            .await
            .unwrap_or_else(|error| {
                tracing::error!("the design checklist with meaning failed: {error}");
                design_checklist(notes)
            })
    }
}

impl From<DiagramError> for AppError {
    fn from(error: DiagramError) -> AppError {
        AppError::Diagram(error)
    }
}

/// A question for the "I don't know" drill, with the level chosen.
#[derive(Debug, Clone)]
pub struct StretchQuestion {
    pub subject: crate::PracticeSubject,
    pub difficulty: rehearse_core::Difficulty,
    /// The user's mean technical score the level was chosen from, if any.
    pub technical_average: Option<u8>,
}

impl App {
    /// A technical question just past the user's level: medium until their recent technical
    /// answers average 60, hard after; suiting `role` when given; least practised first, and
    /// the next one after `after` for "another".
    pub async fn stretch_question(
        &self,
        user: UserId,
        role: Option<rehearse_core::RoleFamily>,
        after: Option<&str>,
    ) -> Result<StretchQuestion, AppError> {
        use rehearse_core::Difficulty;
        let recent = self.store.recent_attempts(user, 50).await?;
        let scores: Vec<u32> = recent
            .iter()
            .filter(|attempt| attempt.kind == QuestionKind::Technical)
            .filter_map(|attempt| attempt.analysis.overall_score())
            .map(u32::from)
            .collect();
        let technical_average =
            (!scores.is_empty()).then(|| (scores.iter().sum::<u32>() / scores.len() as u32) as u8);
        let difficulty = match technical_average {
            Some(average) if average >= 60 => Difficulty::Hard,
            _ => Difficulty::Medium,
        };
        let counts: std::collections::HashMap<rehearse_core::QuestionId, u32> =
            self.store.attempt_counts(user).await?.into_iter().collect();
        let mut candidates: Vec<&rehearse_core::Question> = self
            .bank
            .filtered(rehearse_core::QuestionFilter {
                kind: Some(QuestionKind::Technical),
                role,
            })
            .filter(|question| question.difficulty == difficulty)
            .collect();
        if candidates.is_empty() {
            candidates = self
                .bank
                .filtered(rehearse_core::QuestionFilter {
                    kind: Some(QuestionKind::Technical),
                    role: None,
                })
                .filter(|question| question.difficulty == difficulty)
                .collect();
        }
        let chosen = match after.and_then(|after| {
            candidates
                .iter()
                .position(|question| question.id.as_str() == after)
        }) {
            Some(position) => candidates.get((position + 1) % candidates.len()).copied(),
            None => candidates
                .iter()
                .min_by_key(|question| counts.get(&question.id).copied().unwrap_or(0))
                .copied(),
        }
        .ok_or(AppError::NoQuestionsMatch)?;
        Ok(StretchQuestion {
            subject: self
                .practice_subject(user, chosen.id.as_str(), None)
                .await?,
            difficulty,
            technical_average,
        })
    }
}
