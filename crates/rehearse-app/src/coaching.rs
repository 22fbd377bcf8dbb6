//! The configured LLM's part: personalised questions for a target, and for an answer a coaching
//! note, a follow-up question, a stronger version and a model answer.
//!
//! Every part is optional and checked: prompts are built and answers checked in
//! `rehearse_core::coach`; a failure of any kind (no model, a network error, an answer that fails
//! a check) leaves the offline result in place and says why. The answer is saved before any model
//! is asked, so nothing the user wrote depends on one. A target's material goes to a model only
//! after the user has seen what is sent and agreed, per target; an answer outside a target goes
//! only when the user asks.

use std::sync::Arc;

use rehearse_core::analysis::Analysis;
use rehearse_core::coach::{
    CoachNote, Coaching, FollowUp, MAX_LLM_QUESTIONS, ModelAnswer, Prompt, feedback_prompt,
    follow_up_prompt, model_answer_prompt, offline_follow_up, parse_follow_up, parse_model_answer,
    parse_note, parse_questions, parse_stronger, questions_prompt, stronger_prompt,
};
use rehearse_core::question_set::{MAX_COUNT, SetQuestion};
use rehearse_core::target::TargetId;
use rehearse_core::{AttemptId, QuestionKind, UserId};
use rehearse_llm::{ChatRequest, LlmProvider, Reliable, SessionUsage};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::{App, AppError, PreparedSet};

/// What the app knows of the configured LLM, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LlmStatus {
    pub configured: bool,
    /// "openai · gpt-4o-mini at api.openai.com"; never a key.
    pub provider: Option<String>,
    pub usage: SessionUsage,
    /// What this session has cost, in dollars, when the model's price is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_dollars: Option<CostDollars>,
}

/// A cost in dollars (kept as text to compare exactly; shown as it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CostDollars(pub String);

/// One part of the coaching for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoachPart {
    Note,
    FollowUp,
    Stronger,
    ModelAnswer,
}

impl CoachPart {
    pub const ALL: [CoachPart; 4] = [
        CoachPart::Note,
        CoachPart::FollowUp,
        CoachPart::Stronger,
        CoachPart::ModelAnswer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CoachPart::Note => "note",
            CoachPart::FollowUp => "follow_up",
            CoachPart::Stronger => "stronger",
            CoachPart::ModelAnswer => "model_answer",
        }
    }
}

impl std::str::FromStr for CoachPart {
    type Err = AppError;
    fn from_str(text: &str) -> Result<CoachPart, AppError> {
        CoachPart::ALL
            .into_iter()
            .find(|part| part.as_str() == text)
            .ok_or_else(|| AppError::UnknownCoachPart(text.chars().take(40).collect()))
    }
}

/// What asking for one part came to: the attempt's coaching after it, and, when the model's part
/// is missing, why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoachOutcome {
    pub part: CoachPart,
    pub coaching: Coaching,
    /// Said to the user when the model gave nothing usable ("... the feedback above is
    /// Rehearse's own").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// Sends a prompt; with `deltas`, streams the text.
pub(crate) async fn send(
    provider: &dyn LlmProvider,
    prompt: &Prompt,
    deltas: Option<mpsc::Sender<String>>,
) -> Result<String, String> {
    let mut request = ChatRequest::new(prompt.system.clone(), prompt.user.clone());
    request.max_tokens = prompt.max_tokens;
    if let Some((name, schema)) = &prompt.schema {
        request = request.with_schema(name, schema.clone());
    }
    provider
        .chat(&request, deltas)
        .await
        .map(|response| response.text)
        .map_err(|error| {
            format!("The AI could not answer ({error}); what you see is Rehearse's own feedback.")
        })
}

fn rejected(what: &str, reason: impl std::fmt::Display) -> String {
    format!("The AI's {what} was not used: {reason}.")
}

/// A coaching note on an answer, checked.
pub async fn ask_note(
    provider: &dyn LlmProvider,
    question: &str,
    answer: &str,
    analysis: &Analysis,
    deltas: Option<mpsc::Sender<String>>,
) -> Result<CoachNote, String> {
    let text = send(
        provider,
        &feedback_prompt(question, answer, analysis),
        deltas,
    )
    .await?;
    parse_note(&text, answer, analysis).map_err(|reason| rejected("note", reason))
}

/// The follow-up an interviewer would ask.
pub async fn ask_follow_up(
    provider: &dyn LlmProvider,
    question: &str,
    answer: &str,
    analysis: &Analysis,
) -> Result<FollowUp, String> {
    let text = send(
        provider,
        &follow_up_prompt(question, answer, analysis),
        None,
    )
    .await?;
    parse_follow_up(&text).map_err(|reason| rejected("follow-up", reason))
}

/// A stronger version from the user's own material.
#[allow(clippy::too_many_arguments)]
pub async fn ask_stronger(
    provider: &dyn LlmProvider,
    question: &str,
    answer: &str,
    analysis: &Analysis,
    story: Option<&str>,
    resume: Option<&str>,
    forbidden: &[String],
    deltas: Option<mpsc::Sender<String>>,
) -> Result<String, String> {
    let prompt = stronger_prompt(question, answer, analysis, story, resume, forbidden);
    let text = send(provider, &prompt, deltas).await?;
    let mut sources = vec![answer];
    sources.extend(story);
    sources.extend(resume);
    parse_stronger(&text, &sources, forbidden)
        .map_err(|reason| rejected("stronger version", reason))
}

/// A model answer checked against the key points.
pub async fn ask_model_answer(
    provider: &dyn LlmProvider,
    question: &str,
    key_points: &[String],
    deltas: Option<mpsc::Sender<String>>,
) -> Result<ModelAnswer, String> {
    let text = send(provider, &model_answer_prompt(question, key_points), deltas).await?;
    parse_model_answer(&text, question, key_points)
        .map_err(|reason| rejected("model answer", reason))
}

/// Questions the model adds to a prepared set (not saved): how many, or why none.
pub async fn add_llm_questions(
    provider: &dyn LlmProvider,
    prepared: &mut PreparedSet,
    count: usize,
) -> Result<usize, String> {
    let added = ask_questions(
        provider,
        &prepared.profile,
        &prepared.posting_text,
        prepared.resume_text.as_deref(),
        &prepared.set,
        count,
    )
    .await?;
    let room = MAX_COUNT.saturating_sub(prepared.set.questions.len());
    let added: Vec<SetQuestion> = added.into_iter().take(room).collect();
    let count = added.len();
    prepared.set.questions.extend(added);
    Ok(count)
}

async fn ask_questions(
    provider: &dyn LlmProvider,
    profile: &rehearse_core::posting::JobProfile,
    posting: &str,
    resume: Option<&str>,
    set: &rehearse_core::question_set::QuestionSet,
    count: usize,
) -> Result<Vec<SetQuestion>, String> {
    let prompt = questions_prompt(profile, posting, resume, set, count);
    let text = send(provider, &prompt, None).await?;
    let parsed = parse_questions(&text, posting, resume, set)
        .map_err(|reason| rejected("questions", reason))?;
    if !parsed.dropped.is_empty() {
        tracing::info!(dropped = ?parsed.dropped, "model questions dropped by the checks");
    }
    if parsed.questions.is_empty() {
        return Err(rejected(
            "questions",
            "none of them passed the checks (a new question, with any quote exact)",
        ));
    }
    Ok(parsed.questions)
}

impl App {
    /// The same app, asking `llm` when the user wants (None: offline).
    pub fn with_llm(self, llm: Option<Arc<Reliable>>) -> App {
        self.set_llm(llm);
        self
    }

    /// Changes the model (the settings page); requests in flight finish with the old one.
    pub fn set_llm(&self, llm: Option<Arc<Reliable>>) {
        *self
            .llm
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = llm;
    }

    pub(crate) fn llm(&self) -> Option<Arc<Reliable>> {
        self.llm
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Whether a model is configured, which, and what this session has spent.
    pub fn llm_status(&self) -> LlmStatus {
        let price = crate::llm_settings::parse_price(
            &self
                .settings
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .price,
        )
        .ok()
        .flatten();
        match self.llm() {
            Some(llm) => {
                let usage = llm.usage();
                LlmStatus {
                    configured: true,
                    provider: Some(llm.describe()),
                    cost_dollars: price.map(|(input, output)| {
                        let cost = usage.input_tokens as f64 / 1e6 * input
                            + usage.output_tokens as f64 / 1e6 * output;
                        CostDollars(format!("{cost:.4}"))
                    }),
                    usage,
                }
            }
            None => LlmStatus {
                configured: false,
                provider: None,
                usage: SessionUsage::default(),
                cost_dollars: None,
            },
        }
    }

    pub(crate) fn require_llm(&self) -> Result<Arc<Reliable>, AppError> {
        self.llm().ok_or(AppError::LlmOff)
    }

    /// Exactly what a target's coaching sends: the questions prompt (the posting and resume) and
    /// a note of what goes with each answer.
    pub async fn llm_preview(&self, user: UserId, id: TargetId) -> Result<Vec<Prompt>, AppError> {
        let target = self.target(user, id).await?;
        Ok(vec![questions_prompt(
            &target.profile,
            &target.posting,
            target.resume_text.as_deref(),
            &target.set,
            5,
        )])
    }

    /// Records the user's choice for a target.
    pub async fn set_target_llm(
        &self,
        user: UserId,
        id: TargetId,
        allowed: bool,
    ) -> Result<(), AppError> {
        self.target(user, id).await?;
        self.store.set_target_llm(user, id, allowed).await?;
        Ok(())
    }

    /// Asks the model for more questions for a target and adds those that pass the checks to its
    /// set; returns the target and, if nothing was added, why.
    pub async fn add_target_llm_questions(
        &self,
        user: UserId,
        id: TargetId,
    ) -> Result<(rehearse_core::target::Target, Option<String>), AppError> {
        let llm = self.require_llm()?;
        let target = self.target(user, id).await?;
        if target.llm != Some(true) {
            return Err(AppError::LlmNotAllowed);
        }
        let added = ask_questions(
            llm.as_ref(),
            &target.profile,
            &target.posting,
            target.resume_text.as_deref(),
            &target.set,
            5,
        )
        .await;
        match added {
            Ok(questions) => {
                let mut set = target.set.clone();
                let room = MAX_COUNT.saturating_sub(set.questions.len());
                if room == 0 {
                    return Err(AppError::SetFull);
                }
                set.questions
                    .extend(questions.into_iter().take(room.min(MAX_LLM_QUESTIONS)));
                let updated = self
                    .store
                    .update_target(user, id, target.profile.clone(), set, self.clock.now())
                    .await?;
                Ok((updated, None))
            }
            Err(notice) => Ok((target, Some(notice))),
        }
    }

    /// Whether the coaching of an attempt may be asked for: a model is configured and, for a
    /// question of a target's set, the user allowed it for that target.
    pub async fn coach_allowed(&self, user: UserId, id: AttemptId) -> Result<(), AppError> {
        self.require_llm()?;
        let attempt = self.attempt(user, id).await?;
        if let Some(target) = attempt.target_id
            && self.target(user, target).await?.llm != Some(true)
        {
            return Err(AppError::LlmNotAllowed);
        }
        Ok(())
    }

    /// One part of the coaching for a saved answer, streamed into `deltas` when given; kept with
    /// the attempt when it passes the checks.
    pub async fn coach(
        &self,
        user: UserId,
        id: AttemptId,
        part: CoachPart,
        deltas: Option<mpsc::Sender<String>>,
    ) -> Result<CoachOutcome, AppError> {
        let llm = self.require_llm()?;
        let attempt = self.attempt(user, id).await?;
        let target = match attempt.target_id {
            Some(target_id) => Some(self.target(user, target_id).await?),
            None => None,
        };
        if target
            .as_ref()
            .is_some_and(|target| target.llm != Some(true))
        {
            return Err(AppError::LlmNotAllowed);
        }
        let mut coaching = attempt.coaching.clone().unwrap_or_default();
        coaching.provider = llm.describe();
        let question = attempt.question_text.as_str();
        let answer = attempt.answer.as_str();
        let analysis = &attempt.analysis;
        let result: Result<(), String> = match part {
            CoachPart::Note => ask_note(llm.as_ref(), question, answer, analysis, deltas)
                .await
                .map(|note| coaching.note = Some(note)),
            CoachPart::FollowUp => ask_follow_up(llm.as_ref(), question, answer, analysis)
                .await
                .map(|follow_up| coaching.follow_up = Some(follow_up)),
            CoachPart::Stronger => {
                let story = match attempt.story_id {
                    Some(story) => self.story(user, story).await.ok(),
                    None => None,
                };
                let resume = target
                    .as_ref()
                    .and_then(|target| target.resume_text.clone());
                let forbidden = story
                    .as_ref()
                    .map(|story| story.fields.forbidden_claims.clone())
                    .unwrap_or_default();
                ask_stronger(
                    llm.as_ref(),
                    question,
                    answer,
                    analysis,
                    story
                        .as_ref()
                        .map(|story| story.fields.telling())
                        .as_deref(),
                    resume.as_deref(),
                    &forbidden,
                    deltas,
                )
                .await
                .map(|stronger| coaching.stronger = Some(stronger))
            }
            CoachPart::ModelAnswer => {
                let key_points = self
                    .practice_subject(user, attempt.question_id.as_str(), attempt.target_id)
                    .await
                    .map(|subject| subject.guidance)
                    .unwrap_or_default();
                if attempt.kind != QuestionKind::Technical || key_points.is_empty() {
                    Err(
                        "A model answer is for technical questions with reference points."
                            .to_owned(),
                    )
                } else {
                    ask_model_answer(llm.as_ref(), question, &key_points, deltas)
                        .await
                        .map(|model| coaching.model_answer = Some(model))
                }
            }
        };
        let notice = result.err();
        if notice.is_none() {
            self.store.set_attempt_coaching(user, id, &coaching).await?;
        }
        Ok(CoachOutcome {
            part,
            coaching,
            notice,
        })
    }
}

/// The follow-up to show for an answer: the model's when it gave one, else the engine's.
pub fn follow_up_for(attempt: &rehearse_core::Attempt) -> Option<(FollowUp, bool)> {
    attempt
        .coaching
        .as_ref()
        .and_then(|coaching| coaching.follow_up.clone())
        .map(|follow_up| (follow_up, true))
        .or_else(|| offline_follow_up(&attempt.analysis).map(|follow_up| (follow_up, false)))
}
