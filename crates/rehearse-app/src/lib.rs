//! The use cases of Rehearse: the one API that the web app and the CLI both call.
//!
//! Invariants:
//! - every input limit is enforced here, once, so the web form, the JSON API and the CLI refuse
//!   the same inputs with the same message;
//! - an attempt is saved whole or not at all; nothing is saved before its input is valid;
//! - the clock is injected ([`Clock`]), so tests fix time;
//! - no HTTP, HTML or terminal concerns: callers render what this returns.

pub mod calendar;
pub mod cheat_sheet;
pub mod coaching;
pub mod documents;
mod drills;
mod error;
pub mod fetch;
mod llm_settings;
pub mod meaning;
mod mocks;
mod prep;
mod speech;
mod speech_settings;
mod stories;
mod targets;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rehearse_content::Bank;
use rehearse_core::QuestionId;
use rehearse_core::limits::{
    MAX_ANSWER_CHARS, MAX_DURATION_SECONDS, MAX_KEY_POINT_CHARS, MAX_KEY_POINTS, MAX_QUESTION_CHARS,
};
use rehearse_core::skills::SkillLexicon;
use rehearse_core::speech::{AudioClip, Transcript};
use rehearse_core::target::TargetId;
use rehearse_core::{
    Analysis, AnalysisInput, Attempt, AttemptId, AttemptSummary, NewAttempt, Question,
    QuestionFilter, QuestionKind, UserId, analyze_spoken, analyze_with,
};
use rehearse_store::{Store, StoreError};

pub use coaching::{CoachOutcome, CoachPart, LlmStatus, follow_up_for};
pub use documents::DocumentReader;
pub use drills::{DrillParts, DrillResult, DrillSubmission, MAX_BRANCHES, StretchQuestion};
pub use error::{AppError, ErrorClass};
pub use fetch::Fetcher;
pub use llm_settings::{
    LLM_TIMEOUT, LlmSettings, LlmSettingsView, SettingsSaved, SettingsStore, build_llm,
};
pub use mocks::{MockSpec, MockStep, estimate, mock_view};
pub use prep::{
    DEFAULT_HOURS_PER_DAY, DebriefInput, DebriefOutcome, MAX_FIELD_CHARS, MAX_LABEL_CHARS,
    MAX_ROUNDS, PlanSubject,
};
pub use rehearse_store::{RecordingId, RecordingInfo};
pub use speech::{AUDIO_TYPES, Heard, SpeechStatus, Transcribing};
pub use speech_settings::{
    Engine, STT_TIMEOUT, SpeechSettings, SpeechSettingsView, build_transcriber,
};
pub use stories::{
    FlexQuestion, ImportedStories, MAX_IMPORT_BYTES, OVERUSE, QuestionRef, StoryReview,
    story_outline,
};
pub use targets::{
    PostingSource, PracticeSubject, PreparedSet, ProfileEdit, ResumeSource, SetSpec, prepare_set,
};

/// How the app reads what a user points it at: a posting's web page, an uploaded file.
#[derive(Debug, Clone)]
pub struct Readers {
    pub fetcher: Fetcher,
    pub documents: DocumentReader,
}

impl Default for Readers {
    /// Public web pages with a 10-second timeout; files read in this process.
    fn default() -> Readers {
        Readers {
            fetcher: Fetcher::new(std::time::Duration::from_secs(10)),
            documents: DocumentReader::in_process(),
        }
    }
}

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// An analysis request from any interface. Either `question_id` names a bank question (its text,
/// kind and key points are used unless given here) or `question` carries the text.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeRequest {
    pub question: Option<String>,
    pub question_id: Option<String>,
    pub kind: Option<QuestionKind>,
    pub key_points: Vec<String>,
    pub answer: String,
}

/// A new attempt from any interface.
#[derive(Debug, Clone)]
pub struct SubmitAttempt {
    pub question_id: String,
    /// The target whose set holds the question (for questions made from a posting or resume).
    pub target_id: Option<TargetId>,
    /// The story the answer is told from, when the user chose one.
    pub story_id: Option<rehearse_core::story_bank::StoryId>,
    pub answer: String,
    pub duration_seconds: Option<u32>,
    /// The recording the answer was spoken in: `answer` is then its transcript, as corrected.
    pub recording: Option<RecordingId>,
}

/// What the practice page shows: the question to answer and how many match the filter.
#[derive(Debug, Clone)]
pub struct PracticeQuestion<'a> {
    pub question: Option<&'a Question>,
    pub matching: usize,
}

/// What the home page shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub targets: Vec<rehearse_core::target::TargetSummary>,
    pub attempts_total: usize,
    pub questions_practised: usize,
    pub recent: Vec<AttemptSummary>,
    pub bank_size: usize,
    /// Practised questions due for review today or earlier, most overdue first.
    pub due: Vec<rehearse_core::review::ReviewRecord>,
    /// Today's tasks from the plan, when there is an interview date.
    pub today: Vec<rehearse_core::plan::Task>,
}

/// The most rows a list returns at once, and how many when not asked.
pub const MAX_PAGE: u32 = 200;
pub const DEFAULT_PAGE: u32 = 50;

/// One page of a list, newest first, with the cursor of the next page (`?after=`) when there is
/// one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The id to pass as `after` for the next page.
    pub next: Option<i64>,
}

impl<T> Page<T> {
    /// A page of `limit` from `items`, read with one more than `limit` so that the extra one
    /// says there is a next page; `id` is a row's cursor.
    pub(crate) fn of(mut items: Vec<T>, limit: u32, id: impl Fn(&T) -> i64) -> Page<T> {
        let more = items.len() > limit as usize;
        items.truncate(limit as usize);
        let next = if more { items.last().map(&id) } else { None };
        Page { items, next }
    }
}

/// The application: the bank, the store and the clock, with the use cases over them.
#[derive(Clone)]
pub struct App {
    store: Arc<dyn Store>,
    bank: Arc<Bank>,
    skills: Arc<SkillLexicon>,
    clock: Arc<dyn Clock>,
    readers: Readers,
    /// The configured LLM, if any (changed at run time from the settings page).
    llm: Arc<std::sync::RwLock<Option<Arc<rehearse_llm::Reliable>>>>,
    /// The LLM settings in force, and where the settings page saves them.
    settings: Arc<std::sync::RwLock<LlmSettings>>,
    settings_store: Option<Arc<dyn SettingsStore>>,
    /// The sentence model, when one is installed.
    meaning: Arc<meaning::Meaning>,
    /// The speech engine and its settings (changed at run time from the settings page).
    speech: Arc<std::sync::RwLock<speech::SpeechState>>,
    /// The transcriptions running now, for the progress a waiting user sees.
    transcribing: Arc<std::sync::Mutex<speech::Running>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("questions", &self.bank.questions().len())
            .finish_non_exhaustive()
    }
}

impl App {
    pub fn new(
        store: Arc<dyn Store>,
        bank: Arc<Bank>,
        skills: Arc<SkillLexicon>,
        clock: Arc<dyn Clock>,
    ) -> App {
        App {
            store,
            bank,
            skills,
            clock,
            readers: Readers::default(),
            llm: Arc::default(),
            settings: Arc::default(),
            settings_store: None,
            meaning: Arc::new(meaning::Meaning::none()),
            speech: Arc::default(),
            transcribing: Arc::default(),
        }
    }

    /// The same app, judging meaning with the sentence model of `meaning`.
    pub fn with_meaning(mut self, meaning: meaning::Meaning) -> App {
        self.meaning = Arc::new(meaning);
        self
    }

    /// The same app, fetching posting URLs with `fetcher` (tests use a short timeout).
    pub fn with_fetcher(mut self, fetcher: Fetcher) -> App {
        self.readers.fetcher = fetcher;
        self
    }

    /// The same app, reading uploaded files with `documents` (the server reads them in a child
    /// process).
    pub fn with_document_reader(mut self, documents: DocumentReader) -> App {
        self.readers.documents = documents;
        self
    }

    /// The skills lexicon.
    pub fn skills(&self) -> &SkillLexicon {
        &self.skills
    }

    /// The question bank.
    pub fn bank(&self) -> &Bank {
        &self.bank
    }

    /// The questions matching `filter`, in bank order.
    pub fn questions(&self, filter: QuestionFilter) -> Vec<&Question> {
        self.bank.filtered(filter).collect()
    }

    /// One question by id.
    pub fn question(&self, id: &str) -> Result<&Question, AppError> {
        self.bank
            .get(id)
            .ok_or_else(|| AppError::QuestionNotFound(truncate(id, 80)))
    }

    /// Analyses an answer without saving it.
    pub async fn analyze(&self, request: &AnalyzeRequest) -> Result<Analysis, AppError> {
        let Some(embedder) = self.embedder() else {
            return analyze_answer(&self.bank, request, None);
        };
        let (bank, owned) = (self.bank.clone(), request.clone());
        match tokio::task::spawn_blocking(move || {
            analyze_answer(&bank, &owned, Some(embedder.as_ref()))
        })
        .await
        {
            Ok(result) => result,
            Err(error) => {
                tracing::error!("the analysis with meaning failed: {error}");
                analyze_answer(&self.bank, request, None)
            }
        }
    }

    /// Analyses and saves an answer to a bank question.
    pub async fn submit_attempt(
        &self,
        user: UserId,
        submission: SubmitAttempt,
    ) -> Result<Attempt, AppError> {
        let question = self
            .practice_subject(user, &submission.question_id, submission.target_id)
            .await?;
        check_answer(&submission.answer)?;
        if let Some(story) = submission.story_id {
            self.story(user, story).await?;
        }
        if let Some(seconds) = submission
            .duration_seconds
            .filter(|&seconds| seconds > MAX_DURATION_SECONDS)
        {
            return Err(AppError::DurationTooLong { seconds });
        }
        let spoken = match submission.recording {
            Some(id) => Some(self.spoken_input(user, id).await?),
            None => None,
        };
        let input = question.input(&submission.answer);
        let analysis = match spoken {
            Some((transcript, clip)) => self.spoken_analysis(&input, transcript, clip).await,
            None => self.analysis(&input).await,
        };
        let attempt = NewAttempt {
            question_id: QuestionId(question.id.clone()),
            target_id: submission.target_id,
            story_id: submission.story_id,
            question_text: question.text.clone(),
            kind: question.kind,
            answer: submission.answer,
            duration_seconds: submission.duration_seconds,
            analysis,
            created_at: self.clock.now(),
        };
        let saved = self.save_attempt(user, attempt).await?;
        tracing::info!(attempt = %saved.id, question = %saved.question_id, "attempt saved");
        if let Some(id) = submission.recording {
            self.keep_with(user, id, saved.id).await?;
        }
        Ok(saved)
    }

    /// A page of `user`'s attempts, newest first: `limit` of them (1–[`MAX_PAGE`]) older than
    /// `after` (the last id of the page before), with the cursor of the next page when there is
    /// one.
    pub async fn attempts(
        &self,
        user: UserId,
        after: Option<AttemptId>,
        limit: u32,
    ) -> Result<Page<AttemptSummary>, AppError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let items = self.store.attempts_page(user, after, limit + 1).await?;
        Ok(Page::of(items, limit, |attempt| attempt.id.0))
    }

    /// One attempt of `user`.
    pub async fn attempt(&self, user: UserId, id: AttemptId) -> Result<Attempt, AppError> {
        self.store
            .attempt(user, id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => AppError::AttemptNotFound(id),
                other => AppError::Storage(other),
            })
    }

    /// The question to practise next under `filter`.
    ///
    /// With `pinned`, that question. With `after`, the one following it in the filtered list
    /// (wrapping round), for "another question". Otherwise the question the user has practised
    /// least, earliest in the bank on a tie, so a new user starts at the top and nobody is asked
    /// the same question twice while others wait.
    pub async fn practice_question(
        &self,
        user: UserId,
        filter: QuestionFilter,
        pinned: Option<&str>,
        after: Option<&str>,
    ) -> Result<PracticeQuestion<'_>, AppError> {
        let matching: Vec<&Question> = self.bank.filtered(filter).collect();
        let question = if let Some(id) = pinned {
            Some(self.question(id)?)
        } else if let Some(after) = after {
            let position = matching
                .iter()
                .position(|question| question.id.as_str() == after);
            match position {
                Some(index) => matching.get((index + 1) % matching.len()).copied(),
                None => matching.first().copied(),
            }
        } else {
            let counts = self.store.attempt_counts(user).await?;
            let count_of = |question: &Question| {
                counts
                    .iter()
                    .find(|(id, _)| *id == question.id)
                    .map_or(0, |(_, count)| *count)
            };
            matching
                .iter()
                .copied()
                .min_by_key(|question| count_of(question))
        };
        Ok(PracticeQuestion {
            question,
            matching: matching.len(),
        })
    }

    /// The home page's summary for `user`.
    pub async fn overview(&self, user: UserId) -> Result<Overview, AppError> {
        let recent = self.store.attempts_page(user, None, 5).await?;
        let counts = self.store.attempt_counts(user).await?;
        let targets = self.store.targets(user).await?;
        let due = self.due(user).await?;
        let today = match self
            .plan_from(user, PlanSubject::Saved, None, &counts, &targets)
            .await
        {
            Ok(plan) => plan
                .days
                .into_iter()
                .find(|day| day.date == self.today())
                .map(|day| day.tasks)
                .unwrap_or_default(),
            // No interview date yet (or one the planner refuses): the plan page says why.
            Err(AppError::Plan(_)) => Vec::new(),
            Err(other) => return Err(other),
        };
        Ok(Overview {
            due,
            today,
            targets,
            attempts_total: counts.iter().map(|(_, count)| *count as usize).sum(),
            questions_practised: counts.len(),
            recent,
            bank_size: self.bank.questions().len(),
        })
    }

    /// Flushes storage; call once before the process exits.
    pub async fn shutdown(&self) {
        self.store.close().await;
    }
}

/// Analyses an answer against `bank` without any storage: the one analysis entry point, used by
/// [`App::analyze`] and by callers that have no database (`rehearse analyze`).
/// Checks and analyses an answer: the one analysis entry point for callers without an [`App`]
/// (`rehearse analyze`), with the sentence model when `embedder` is given.
pub fn analyze_answer(
    bank: &Bank,
    request: &AnalyzeRequest,
    embedder: Option<&dyn rehearse_core::meaning::Embedder>,
) -> Result<Analysis, AppError> {
    analyze_answer_as_said(bank, request, embedder, None)
}

/// A spoken answer: `request.answer` is what was said (the transcript or the user's correction
/// of it), analysed as any answer and with how it was said, from the words' times and, when
/// given, the recording.
pub fn analyze_answer_as_said(
    bank: &Bank,
    request: &AnalyzeRequest,
    embedder: Option<&dyn rehearse_core::meaning::Embedder>,
    spoken: Option<(&Transcript, Option<&AudioClip>)>,
) -> Result<Analysis, AppError> {
    let run = |input: &AnalysisInput<'_>| match spoken {
        Some((transcript, clip)) => analyze_spoken(input, embedder, transcript, clip),
        None => analyze_with(input, embedder),
    };
    check_answer(&request.answer)?;
    if request.key_points.len() > MAX_KEY_POINTS {
        return Err(AppError::TooManyKeyPoints {
            given: request.key_points.len(),
        });
    }
    if let Some(long) = request
        .key_points
        .iter()
        .find(|point| point.chars().count() > MAX_KEY_POINT_CHARS)
    {
        return Err(AppError::KeyPointTooLong {
            chars: long.chars().count(),
        });
    }
    let bank_question = match request.question_id.as_deref() {
        Some(id) => Some(
            bank.get(id)
                .ok_or_else(|| AppError::QuestionNotFound(truncate(id, 80)))?,
        ),
        None => None,
    };
    let question = match (&request.question, bank_question) {
        (Some(text), _) => {
            let chars = text.chars().count();
            if chars > MAX_QUESTION_CHARS {
                return Err(AppError::QuestionTooLong { chars });
            }
            text.as_str()
        }
        (None, Some(question)) => question.text.as_str(),
        (None, None) => return Err(AppError::MissingQuestion),
    };
    // A bank question asked as it is: use everything the bank knows about it. Anything the
    // request overrides makes it a different question, read from its own words.
    if let (Some(bank_question), None, None, true) = (
        bank_question,
        &request.question,
        request.kind,
        request.key_points.is_empty(),
    ) {
        return Ok(run(&input_for(bank_question, &request.answer)));
    }
    let kind = request
        .kind
        .or(bank_question.map(|question| question.kind))
        .unwrap_or(QuestionKind::Behavioral);
    let key_points = match (request.key_points.is_empty(), bank_question) {
        (true, Some(question)) => reference_key_points(question),
        _ => request.key_points.as_slice(),
    };
    Ok(run(&AnalysisInput {
        question,
        kind,
        competencies: &[],
        key_points,
        answer: &request.answer,
    }))
}

/// The analysis input for an answer to a bank question.
fn input_for<'a>(question: &'a Question, answer: &'a str) -> AnalysisInput<'a> {
    AnalysisInput {
        question: &question.text,
        kind: question.kind,
        competencies: &question.competencies,
        key_points: reference_key_points(question),
        answer,
    }
}

/// The key points an answer to `question` is checked against: technical questions have
/// reference points; for other kinds the key points describe a good answer and are shown, not
/// matched.
pub(crate) fn reference_key_points(question: &Question) -> &[String] {
    if question.kind == QuestionKind::Technical {
        &question.key_points
    } else {
        &[]
    }
}

fn check_answer(answer: &str) -> Result<(), AppError> {
    if answer.trim().is_empty() {
        return Err(AppError::EmptyAnswer);
    }
    // Count characters only up to the limit: a huge paste is refused without walking all of it.
    let chars = answer.chars().take(MAX_ANSWER_CHARS + 1).count();
    if chars > MAX_ANSWER_CHARS {
        return Err(AppError::AnswerTooLong {
            chars: answer.chars().count(),
        });
    }
    Ok(())
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests;
