//! Storage for Rehearse: the [`Store`] trait, speaking only core types, and its backends.
//!
//! Invariants:
//! - no SQL or driver type crosses the trait; backends translate driver errors (not found, a file
//!   that is not a database) into [`StoreError`] themselves;
//! - every read and write is scoped to an owner: a row of another user is "not found";
//! - a write has reached disk when its future resolves (SQLite runs in WAL mode with
//!   `synchronous=FULL`), so an acknowledged attempt survives the process being killed;
//! - each backend applies its own migrations when it opens.

mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rehearse_core::coach::Coaching;
use rehearse_core::mock::{Mock, MockId, MockRecord, MockSummary};
use rehearse_core::plan::Interview;
use rehearse_core::posting::JobProfile;
use rehearse_core::prep::{Debrief, NewDebrief};
use rehearse_core::progress::Totals;
use rehearse_core::question_set::QuestionSet;
use rehearse_core::review::ReviewRecord;
use rehearse_core::speech::Transcript;
use rehearse_core::story_bank::{Story, StoryFields, StoryId};
use rehearse_core::target::{NewTarget, Target, TargetId, TargetSummary};
use rehearse_core::{Attempt, AttemptId, AttemptSummary, NewAttempt, QuestionId, UserId};

pub use sqlite::SqliteStore;

/// A recording's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct RecordingId(pub i64);

impl std::fmt::Display for RecordingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A saved recording, without its audio.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RecordingInfo {
    pub id: RecordingId,
    pub mime: String,
    /// Whether the audio is still kept.
    pub has_audio: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<Transcript>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt_id: Option<AttemptId>,
    pub created_at: DateTime<Utc>,
}

/// Errors a caller may need to tell apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row with that id belongs to that owner.
    #[error("not found")]
    NotFound,
    /// The database could not be opened or prepared; `reason` says what to do.
    #[error("cannot open the database at {location}: {reason}")]
    Open { location: String, reason: String },
    /// A row could not be read back into core types.
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// Anything else the backend reported; opaque to callers.
    #[error("database error")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The persistence the app needs, in core types.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Saves an attempt, with its question's new review schedule when given, in one transaction
    /// (one write to disk), and returns it with its id.
    async fn insert_attempt(
        &self,
        owner: UserId,
        attempt: NewAttempt,
        review: Option<&ReviewRecord>,
    ) -> Result<Attempt, StoreError>;

    /// One attempt of `owner`; [`StoreError::NotFound`] if it does not exist or is not theirs.
    async fn attempt(&self, owner: UserId, id: AttemptId) -> Result<Attempt, StoreError>;

    /// A page of `owner`'s attempts, newest first: at most `limit`, older than `before` when
    /// given (the last id of the page before).
    async fn attempts_page(
        &self,
        owner: UserId,
        before: Option<AttemptId>,
        limit: u32,
    ) -> Result<Vec<AttemptSummary>, StoreError>;

    /// What the progress dashboard is computed from: the totals kept as answers are saved
    /// (each question's latest score, each day's sums), read without touching the answers.
    async fn practice_totals(&self, owner: UserId) -> Result<Totals, StoreError>;

    /// The newest `limit` attempts of `owner`, whole (with their analyses), newest first.
    async fn recent_attempts(&self, owner: UserId, limit: u32) -> Result<Vec<Attempt>, StoreError>;

    /// How many attempts `owner` has made at each question they have practised.
    async fn attempt_counts(&self, owner: UserId) -> Result<Vec<(QuestionId, u32)>, StoreError>;

    /// Saves a target and returns it with its id.
    async fn insert_target(&self, owner: UserId, target: NewTarget) -> Result<Target, StoreError>;

    /// One target of `owner`; [`StoreError::NotFound`] if it does not exist or is not theirs.
    async fn target(&self, owner: UserId, id: TargetId) -> Result<Target, StoreError>;

    /// Every target of `owner`, newest first (for choosing one: a user has a few dozen at most).
    async fn targets(&self, owner: UserId) -> Result<Vec<TargetSummary>, StoreError>;

    /// A page of `owner`'s targets, newest first: at most `limit`, older than `before` when
    /// given.
    async fn targets_page(
        &self,
        owner: UserId,
        before: Option<TargetId>,
        limit: u32,
    ) -> Result<Vec<TargetSummary>, StoreError>;

    /// Replaces a target's profile and set (after the user corrects the profile or changes the
    /// set); returns the updated target.
    async fn update_target(
        &self,
        owner: UserId,
        id: TargetId,
        profile: JobProfile,
        set: QuestionSet,
        updated_at: DateTime<Utc>,
    ) -> Result<Target, StoreError>;

    /// Saves stories, all or none (an import is one transaction); returns them with their ids.
    async fn insert_stories(
        &self,
        owner: UserId,
        stories: Vec<StoryFields>,
        at: DateTime<Utc>,
    ) -> Result<Vec<Story>, StoreError>;

    /// One story of `owner`; [`StoreError::NotFound`] if it does not exist or is not theirs.
    async fn story(&self, owner: UserId, id: StoryId) -> Result<Story, StoreError>;

    /// Every story of `owner`, oldest first (the order they were written in).
    async fn stories(&self, owner: UserId) -> Result<Vec<Story>, StoreError>;

    /// Replaces a story's fields; returns the updated story.
    async fn update_story(
        &self,
        owner: UserId,
        id: StoryId,
        fields: StoryFields,
        at: DateTime<Utc>,
    ) -> Result<Story, StoreError>;

    /// Deletes a story (answers told from it keep their text and lose the link).
    async fn delete_story(&self, owner: UserId, id: StoryId) -> Result<(), StoreError>;

    /// How many answers were told from each story: all of them, or those to one target's set.
    async fn story_uses(
        &self,
        owner: UserId,
        target: Option<TargetId>,
    ) -> Result<Vec<(StoryId, u32)>, StoreError>;

    /// Keeps what an LLM added to an attempt (replacing what was there).
    async fn set_attempt_coaching(
        &self,
        owner: UserId,
        id: AttemptId,
        coaching: &Coaching,
    ) -> Result<(), StoreError>;

    /// Records the user's choice about sending a target's material to the configured LLM.
    async fn set_target_llm(
        &self,
        owner: UserId,
        id: TargetId,
        allowed: bool,
    ) -> Result<(), StoreError>;

    /// Replaces a target's interview dates.
    async fn set_target_interviews(
        &self,
        owner: UserId,
        id: TargetId,
        interviews: &[Interview],
    ) -> Result<(), StoreError>;

    /// The plan tasks the user has done: each id and when it was marked done.
    async fn plan_done(&self, owner: UserId) -> Result<Vec<(String, DateTime<Utc>)>, StoreError>;

    /// Marks a plan task done or not done.
    async fn mark_task(
        &self,
        owner: UserId,
        task_id: &str,
        done: bool,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// One practised question's schedule.
    async fn review(
        &self,
        owner: UserId,
        question_id: &str,
        target: Option<TargetId>,
    ) -> Result<Option<ReviewRecord>, StoreError>;

    /// Saves a question's schedule (replacing the last).
    async fn save_review(&self, owner: UserId, record: &ReviewRecord) -> Result<(), StoreError>;

    /// Every practised question's schedule, soonest due first.
    async fn reviews(&self, owner: UserId) -> Result<Vec<ReviewRecord>, StoreError>;

    /// Saves a debrief.
    async fn insert_debrief(
        &self,
        owner: UserId,
        debrief: NewDebrief,
        at: DateTime<Utc>,
    ) -> Result<Debrief, StoreError>;

    /// A target's debriefs, oldest first.
    async fn debriefs(&self, owner: UserId, target: TargetId) -> Result<Vec<Debrief>, StoreError>;

    /// A small per-user document (`kind` names what it is, `key` which one), as JSON.
    async fn document(
        &self,
        owner: UserId,
        kind: &str,
        key: &str,
    ) -> Result<Option<String>, StoreError>;

    /// Saves a per-user document.
    async fn save_document(
        &self,
        owner: UserId,
        kind: &str,
        key: &str,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Saves a new mock interview session.
    async fn insert_mock(
        &self,
        owner: UserId,
        target: Option<TargetId>,
        mock: &Mock,
        at: DateTime<Utc>,
    ) -> Result<MockRecord, StoreError>;

    /// One session of `owner`.
    async fn mock(&self, owner: UserId, id: MockId) -> Result<MockRecord, StoreError>;

    /// Saves a session's new state.
    async fn update_mock(
        &self,
        owner: UserId,
        id: MockId,
        mock: &Mock,
        at: DateTime<Utc>,
    ) -> Result<MockRecord, StoreError>;

    /// A page of `owner`'s sessions, newest first: at most `limit`, older than `before` when
    /// given.
    async fn mocks(
        &self,
        owner: UserId,
        before: Option<MockId>,
        limit: u32,
    ) -> Result<Vec<MockSummary>, StoreError>;

    /// Flushes and closes; later calls fail. Called once at shutdown.
    /// Saves a recording as uploaded; it has no transcript and no attempt yet.
    async fn insert_recording(
        &self,
        owner: UserId,
        mime: &str,
        audio: &[u8],
        at: DateTime<Utc>,
    ) -> Result<RecordingInfo, StoreError>;

    /// What is known of a recording (not its audio).
    async fn recording(&self, owner: UserId, id: RecordingId) -> Result<RecordingInfo, StoreError>;

    /// The recording of an attempt, if it was spoken.
    async fn attempt_recording(
        &self,
        owner: UserId,
        attempt: AttemptId,
    ) -> Result<Option<RecordingInfo>, StoreError>;

    /// The audio and its media type; `None` once deleted.
    async fn recording_audio(
        &self,
        owner: UserId,
        id: RecordingId,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError>;

    async fn set_recording_transcript(
        &self,
        owner: UserId,
        id: RecordingId,
        transcript: &Transcript,
    ) -> Result<(), StoreError>;

    /// Links a recording to the attempt it became.
    async fn attach_recording(
        &self,
        owner: UserId,
        id: RecordingId,
        attempt: AttemptId,
    ) -> Result<(), StoreError>;

    /// Deletes the audio, keeping the transcript and the attempt's analysis.
    async fn delete_recording_audio(
        &self,
        owner: UserId,
        id: RecordingId,
    ) -> Result<(), StoreError>;

    async fn close(&self);
}
