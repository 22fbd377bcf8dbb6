//! Mock interviews: choosing the questions, running the session (`rehearse_core::mock`) against
//! the store, saving each main answer to the history like a practice answer, and — when a model
//! is configured and allowed — letting it word the follow-ups the engine chose.

use std::collections::HashMap;

use rehearse_core::coach::{parse_follow_up, probe_prompt};
use rehearse_core::mock::{
    Effect, Event, Mock, MockId, MockQuestion, MockRecord, MockSettings, MockSummary,
    choose_questions,
};
use rehearse_core::target::{Target, TargetId};
use rehearse_core::{NewAttempt, QuestionFilter, QuestionId, UserId};
use rehearse_store::StoreError;

use crate::targets::{subject_from_bank, subject_from_set};
use crate::{App, AppError, PracticeSubject};

/// What the user chose on the set-up form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MockSpec {
    /// Ask this target's questions first; without one, the bank's.
    pub target: Option<TargetId>,
    /// With `use_llm`, the target (if any) must allow its material to go to the model.
    pub settings: MockSettings,
}

/// What one event came to: the saved session, what to show, and a notice when the model's
/// wording was not used.
#[derive(Debug, Clone)]
pub struct MockStep {
    pub record: MockRecord,
    pub effects: Vec<Effect>,
    pub notice: Option<String>,
}

impl App {
    /// Starts a session: the questions fitting the round and minutes, the target's first (least
    /// practised first), then the bank's for kinds the target's set lacks.
    pub async fn start_mock(&self, user: UserId, spec: MockSpec) -> Result<MockRecord, AppError> {
        let target = match spec.target {
            Some(id) => Some(self.target(user, id).await?),
            None => None,
        };
        if spec.settings.use_llm {
            self.require_llm()?;
            if target
                .as_ref()
                .is_some_and(|target| target.llm != Some(true))
            {
                return Err(AppError::LlmNotAllowed);
            }
        }
        let counts: HashMap<QuestionId, u32> =
            self.store.attempt_counts(user).await?.into_iter().collect();
        let candidates = self.mock_candidates(target.as_ref(), &spec, &counts);
        let questions = choose_questions(&spec.settings, &candidates);
        let (mock, _) = Mock::start(spec.settings, questions)?;
        let record = self
            .store
            .insert_mock(user, spec.target, &mock, self.clock.now())
            .await?;
        tracing::info!(mock = %record.id, round = %spec.settings.round, "mock interview started");
        Ok(record)
    }

    fn mock_candidates(
        &self,
        target: Option<&Target>,
        spec: &MockSpec,
        counts: &HashMap<QuestionId, u32>,
    ) -> Vec<MockQuestion> {
        let kinds = spec.settings.round.kinds();
        let practised = |id: &str| counts.get(&QuestionId(id.to_owned())).copied().unwrap_or(0);
        let mut from_set: Vec<MockQuestion> = target
            .map(|target| {
                target
                    .set
                    .questions
                    .iter()
                    .filter(|question| kinds.contains(&question.kind))
                    .map(|question| {
                        let bank = self.bank.get(&question.id);
                        let follow_ups = bank.map(|bank| bank.follow_ups.clone());
                        mock_question(subject_from_set(question, bank), follow_ups)
                    })
                    .collect()
            })
            .unwrap_or_default();
        from_set.sort_by_key(|question| practised(&question.id));
        let role = target.map(|target| target.profile.role_family);
        let mut from_bank: Vec<MockQuestion> = kinds
            .iter()
            .filter(|kind| !from_set.iter().any(|question| question.kind == **kind))
            .flat_map(|&kind| {
                self.bank.filtered(QuestionFilter {
                    kind: Some(kind),
                    role,
                })
            })
            .map(|question| {
                mock_question(
                    subject_from_bank(question),
                    Some(question.follow_ups.clone()),
                )
            })
            .collect();
        from_bank.sort_by_key(|question| practised(&question.id));
        from_set.extend(from_bank);
        from_set
    }

    /// One session of `user`.
    pub async fn mock(&self, user: UserId, id: MockId) -> Result<MockRecord, AppError> {
        self.store
            .mock(user, id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => AppError::MockNotFound(id),
                other => AppError::Storage(other),
            })
    }

    /// A page of `user`'s sessions, newest first: `limit` of them (1–[`crate::MAX_PAGE`]) older
    /// than `after`, with the cursor of the next page when there is one.
    pub async fn mocks(
        &self,
        user: UserId,
        after: Option<MockId>,
        limit: u32,
    ) -> Result<crate::Page<MockSummary>, AppError> {
        let limit = limit.clamp(1, crate::MAX_PAGE);
        let items = self.store.mocks(user, after, limit + 1).await?;
        Ok(crate::Page::of(items, limit, |mock| mock.id.0))
    }

    /// Applies what the user did and saves the session. A main answer is also saved as an
    /// attempt (so it counts in the history, progress and reviews). When the session asks a
    /// follow-up and the model may word it, the model is asked; if it fails or its wording fails
    /// the checks, the engine's wording stays and `notice` says why.
    pub async fn mock_event(
        &self,
        user: UserId,
        id: MockId,
        event: Event,
    ) -> Result<MockStep, AppError> {
        self.mock_event_spoken(user, id, event, None).await
    }

    /// [`App::mock_event`] for an answer given aloud: `recording` is where it was said (the
    /// answer's text is its transcript, as corrected). A main answer's analysis then has how it
    /// was said, and its attempt keeps the recording.
    pub async fn mock_event_spoken(
        &self,
        user: UserId,
        id: MockId,
        event: Event,
        recording: Option<crate::RecordingId>,
    ) -> Result<MockStep, AppError> {
        let spoken = match (recording, &event) {
            (Some(recording), Event::Answer { .. }) => {
                Some((recording, self.spoken_input(user, recording).await?))
            }
            _ => None,
        };
        let record = self.mock(user, id).await?;
        let mut mock = record.mock.clone();
        let turns_before = mock.turns.len();
        // With the sentence model the answer's analysis takes tens of milliseconds: off the async
        // threads.
        let mut effects = match self.embedder() {
            None => mock.apply(event)?,
            Some(embedder) => {
                let (mut moved, replayed) = (mock.clone(), event.clone());
                match tokio::task::spawn_blocking(move || {
                    let effects = moved.apply_with(replayed, Some(embedder.as_ref()));
                    (moved, effects)
                })
                .await
                {
                    Ok((applied, effects)) => {
                        mock = applied;
                        effects?
                    }
                    Err(error) => {
                        tracing::error!("the mock's analysis with meaning failed: {error}");
                        mock.apply(event)?
                    }
                }
            }
        };
        if let Some((_, (transcript, clip))) = &spoken
            && let Some(turn) = mock.turns[turns_before..]
                .iter_mut()
                .find(|turn| turn.analysis.is_some())
        {
            let question = &mock.questions[turn.question];
            let input = question.input(&turn.answer);
            turn.analysis = Some(
                self.spoken_analysis(&input, transcript.clone(), clip.clone())
                    .await,
            );
        }
        let saved = self
            .save_mock_answers(user, &record, &mock, turns_before)
            .await?;
        if let (Some((recording, _)), Some(attempt)) = (spoken, saved.first()) {
            self.store
                .attach_recording(user, recording, *attempt)
                .await?;
        }
        let mut notice = None;
        if let Some(asked) = asked_follow_up(&mock)
            && mock.settings.use_llm
            && self.llm().is_some()
        {
            match self.word_follow_up(&mock, &asked).await {
                Ok(wording) => effects = reworded(&mut mock, wording, effects)?,
                Err(reason) => notice = Some(reason),
            }
        }
        let record = self
            .store
            .update_mock(user, id, &mock, self.clock.now())
            .await?;
        Ok(MockStep {
            record,
            effects,
            notice,
        })
    }

    async fn word_follow_up(
        &self,
        mock: &Mock,
        aims_at: &str,
    ) -> Result<rehearse_core::coach::FollowUp, String> {
        let llm = self.llm().ok_or("no AI model is configured")?;
        let Some(turn) = mock.turns.iter().rev().find(|turn| turn.analysis.is_some()) else {
            return Err("there is no answer to follow up".to_owned());
        };
        let question = &mock.questions[turn.question];
        let analysis = turn.analysis.as_ref().expect("checked above");
        let prompt = probe_prompt(&question.text, &turn.answer, analysis, aims_at);
        let text = crate::coaching::send(llm.as_ref(), &prompt, None).await?;
        parse_follow_up(&text).map_err(|reason| {
            format!("The AI's follow-up was not used ({reason}); this is Rehearse's own.")
        })
    }

    /// Saves the main answers given since `turns_before` as attempts.
    async fn save_mock_answers(
        &self,
        user: UserId,
        record: &MockRecord,
        mock: &Mock,
        turns_before: usize,
    ) -> Result<Vec<rehearse_core::AttemptId>, AppError> {
        let mut saved_ids = Vec::new();
        let target = match record.target_id {
            Some(id) => self.target(user, id).await.ok(),
            None => None,
        };
        for turn in &mock.turns[turns_before..] {
            let Some(analysis) = &turn.analysis else {
                continue;
            };
            let question = &mock.questions[turn.question];
            let in_set = target
                .as_ref()
                .filter(|target| target.question(&question.id).is_some());
            let saved = self
                .save_attempt(
                    user,
                    NewAttempt {
                        question_id: QuestionId(question.id.clone()),
                        target_id: in_set.map(|target| target.id),
                        story_id: None,
                        question_text: question.text.clone(),
                        kind: question.kind,
                        answer: turn.answer.clone(),
                        duration_seconds: turn.seconds,
                        analysis: analysis.clone(),
                        created_at: self.clock.now(),
                    },
                )
                .await?;
            saved_ids.push(saved.id);
        }
        Ok(saved_ids)
    }
}

/// A session as the API shows it: the saved state, what is being asked, and the report once it
/// has finished.
pub fn mock_view(record: &MockRecord) -> serde_json::Value {
    let mut value = serde_json::json!({
        "id": record.id,
        "target_id": record.target_id,
        "settings": record.mock.settings,
        "state": if record.mock.finished() { "finished" } else { "asking" },
        "questions": record.mock.questions,
        "turns": record.mock.turns,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    });
    if let Some(ask) = record.mock.current() {
        value["current"] = serde_json::json!(ask);
    }
    if record.mock.finished() {
        value["report"] = serde_json::json!(record.mock.report());
    }
    value
}

/// The back-of-envelope estimate of a system-design drill.
pub fn estimate(
    input: rehearse_core::estimate::EstimateInput,
) -> Result<rehearse_core::estimate::Estimate, AppError> {
    rehearse_core::estimate::estimate(input)
        .map_err(|error| AppError::BadEstimate(error.to_string()))
}

/// A question as the session asks it: what the engine judges answers against, and the bank's
/// follow-ups (none for questions written for the job).
fn mock_question(subject: PracticeSubject, follow_ups: Option<Vec<String>>) -> MockQuestion {
    MockQuestion {
        id: subject.id,
        text: subject.text,
        kind: subject.kind,
        competencies: subject.competencies,
        key_points: subject.key_points,
        follow_ups: follow_ups.unwrap_or_default(),
    }
}

/// What the follow-up being asked aims at, if one is.
fn asked_follow_up(mock: &Mock) -> Option<String> {
    mock.current()?.aims_at
}

/// Applies the model's wording and replaces the ask in `effects` with the reworded one.
fn reworded(
    mock: &mut Mock,
    wording: rehearse_core::coach::FollowUp,
    mut effects: Vec<Effect>,
) -> Result<Vec<Effect>, AppError> {
    let ask = mock.apply(Event::Reword(wording))?;
    effects.retain(|effect| !matches!(effect, Effect::Ask(_)));
    effects.extend(ask);
    Ok(effects)
}
