//! The SQLite backend: one file, created if missing, in WAL mode, migrated on open.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rehearse_core::coach::Coaching;
use rehearse_core::mock::{Mock, MockId, MockRecord, MockSummary};
use rehearse_core::plan::Interview;
use rehearse_core::posting::JobProfile;
use rehearse_core::prep::{Debrief, NewDebrief};
use rehearse_core::progress::{DayTotals, Totals};
use rehearse_core::question_set::QuestionSet;
use rehearse_core::review::ReviewRecord;
use rehearse_core::speech::Transcript;
use rehearse_core::story_bank::{Story, StoryFields, StoryId};
use rehearse_core::target::{NewTarget, Target, TargetId, TargetSummary};
use rehearse_core::{
    Attempt, AttemptId, AttemptSummary, NewAttempt, QuestionId, QuestionKind, UserId,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::{RecordingId, RecordingInfo, Store, StoreError};

/// A [`Store`] on one SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Answers to save go to the writer task, which saves those that arrive together in one
    /// transaction: one sync to disk for many answers (group commit).
    saves: tokio::sync::mpsc::Sender<Save>,
}

/// An answer waiting to be saved, and where its id goes once it is on disk.
#[derive(Debug)]
struct Save {
    owner: UserId,
    attempt: NewAttempt,
    review: Option<ReviewRecord>,
    done: tokio::sync::oneshot::Sender<Result<Attempt, StoreError>>,
}

/// The most answers saved in one transaction.
const MOST_SAVES_AT_ONCE: usize = 64;

/// The writer: waits for an answer to save, takes every other one already waiting (up to
/// [`MOST_SAVES_AT_ONCE`]), saves them all in one transaction, and tells each how it went once
/// the transaction is on disk. When the transaction fails (an answer the database refuses), each
/// answer is saved again in a transaction of its own, so one bad answer fails alone. It ends when
/// the store is dropped.
async fn save_answers(pool: SqlitePool, mut saves: tokio::sync::mpsc::Receiver<Save>) {
    let mut batch = Vec::with_capacity(MOST_SAVES_AT_ONCE);
    while saves.recv_many(&mut batch, MOST_SAVES_AT_ONCE).await > 0 {
        let results = match save_together(&pool, &batch).await {
            Ok(ids) => ids.into_iter().map(Ok).collect(),
            Err(error) if batch.len() == 1 => vec![Err(error)],
            Err(_) => {
                let mut results = Vec::with_capacity(batch.len());
                for save in &batch {
                    let ids = save_together(&pool, std::slice::from_ref(save)).await;
                    results.push(ids.map(|ids| ids[0]));
                }
                results
            }
        };
        if batch.len() > 1 {
            tracing::debug!(answers = batch.len(), "answers saved together");
        }
        for (save, result) in batch.drain(..).zip(results) {
            let attempt = save.attempt;
            // The caller may have gone (a closed connection); the answer is saved all the same.
            save.done
                .send(result.map(|id| Attempt {
                    id: AttemptId(id),
                    question_id: attempt.question_id,
                    target_id: attempt.target_id,
                    story_id: attempt.story_id,
                    question_text: attempt.question_text,
                    kind: attempt.kind,
                    answer: attempt.answer,
                    duration_seconds: attempt.duration_seconds,
                    created_at: attempt.created_at,
                    analysis: attempt.analysis,
                    coaching: None,
                }))
                .ok();
        }
    }
}

/// Saves `batch` in one transaction: all or none.
async fn save_together(pool: &SqlitePool, batch: &[Save]) -> Result<Vec<i64>, StoreError> {
    let mut transaction = pool.begin().await.map_err(backend)?;
    let mut ids = Vec::with_capacity(batch.len());
    for save in batch {
        ids.push(insert_answer(&mut transaction, save).await?);
    }
    transaction.commit().await.map_err(backend)?;
    Ok(ids)
}

/// One answer, its question's counters and its review schedule, inside the writer's transaction.
async fn insert_answer(
    transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    save: &Save,
) -> Result<i64, StoreError> {
    let (owner, attempt) = (save.owner, &save.attempt);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attempts (owner_id, question_id, question_text, kind, answer, duration_seconds,
                               overall_score, analysis, created_at, target_id, story_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id",
    )
    .bind(owner.0)
    .bind(attempt.question_id.as_str())
    .bind(&attempt.question_text)
    .bind(attempt.kind.as_str())
    .bind(&attempt.answer)
    .bind(attempt.duration_seconds.map(i64::from))
    .bind(attempt.analysis.overall_score().map(i64::from))
    .bind(to_json(&attempt.analysis)?)
    .bind(attempt.created_at)
    .bind(attempt.target_id.map(|id| id.0))
    .bind(attempt.story_id.map(|id| id.0))
    .fetch_one(&mut **transaction)
    .await
    .map_err(backend)?;
    add_to_totals(transaction, owner, attempt).await?;
    if let Some(record) = &save.review {
        upsert_review(transaction, owner, record, to_json(record)?).await?;
    }
    Ok(id)
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `location`: a `sqlite:` URL or a
    /// file path. The folder must exist.
    pub async fn open(location: &str) -> Result<SqliteStore, StoreError> {
        let open_error = |reason: String| StoreError::Open {
            location: location.to_owned(),
            reason,
        };
        let options = if location.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(location)
                .map_err(|error| open_error(error.to_string()))?
        } else {
            SqliteConnectOptions::new().filename(location)
        };
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an attempt the user saw saved is on disk, even if the power goes next.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        make_private(options.get_filename()).map_err(|error| {
            open_error(format!(
                "cannot make the database readable only by you: {error}"
            ))
        })?;
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|error| open_error(explain_open_error(&error)))?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await.map_err(|error| {
            let reason = match &error {
                sqlx::migrate::MigrateError::Execute(inner) => explain_open_error(inner),
                sqlx::migrate::MigrateError::VersionMissing(_) | sqlx::migrate::MigrateError::VersionMismatch(_) => {
                    "it was written by a different version of Rehearse; use a newer Rehearse or another --db".to_owned()
                }
                other => other.to_string(),
            };
            open_error(reason)
        })?;
        let (saves, waiting) = tokio::sync::mpsc::channel(1024);
        tokio::spawn(save_answers(pool.clone(), waiting));
        Ok(SqliteStore { pool, saves })
    }
}

/// The database holds resumes, postings and answers: it is created readable and writable by its
/// owner only (0600), and an existing one, with its WAL and shared-memory files, is tightened to
/// that. SQLite gives the WAL and shared-memory files the database file's mode when it creates
/// them. In-memory databases have no file.
#[cfg(unix)]
fn make_private(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let name = path.to_string_lossy();
    if name.is_empty() || name == ":memory:" || name.starts_with("file::memory:") {
        return Ok(());
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => return Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        // A missing folder and the like: SQLite's own error says it better.
        Err(_) => return Ok(()),
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{name}{suffix}"));
        if let Ok(metadata) = std::fs::metadata(&file)
            && metadata.permissions().mode() & 0o077 != 0
        {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_path: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// Turns an open failure into a sentence that says what to do.
fn explain_open_error(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(database) => match database.code().as_deref() {
            // SQLITE_NOTADB, SQLITE_CORRUPT
            Some("26") | Some("11") => {
                "the file is not a Rehearse database or is damaged; move it aside or pass another --db".to_owned()
            }
            // SQLITE_CANTOPEN
            Some("14") => "the file cannot be created or opened; check that its folder exists and is writable, or pass another --db".to_owned(),
            // SQLITE_READONLY, SQLITE_PERM
            Some("8") | Some("3") => "the file is read-only; make it writable or pass another --db".to_owned(),
            _ => database.message().to_owned(),
        },
        sqlx::Error::Io(io) => format!("{io}; check that the folder exists and is writable, or pass another --db"),
        other => other.to_string(),
    }
}

/// One row of `daily_stats`.
#[derive(sqlx::FromRow)]
struct DayRow {
    day: String,
    attempts: i64,
    words: i64,
    fillers: i64,
    overall_sum: i64,
    overall_n: i64,
    structure_sum: i64,
    structure_n: i64,
    ownership_sum: i64,
    ownership_n: i64,
    impact_sum: i64,
    impact_n: i64,
    concision_sum: i64,
    concision_n: i64,
    relevance_sum: i64,
    relevance_n: i64,
    delivery_sum: i64,
    delivery_n: i64,
}

/// Adds a saved answer to its question's counter and its day's sums (the dashboard's totals).
async fn add_to_totals(
    transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    owner: UserId,
    attempt: &NewAttempt,
) -> Result<(), StoreError> {
    let overall = attempt.analysis.overall_score().map(i64::from);
    sqlx::query(
        "INSERT INTO question_stats (owner_id, question_id, attempts, latest_score) VALUES ($1, $2, 1, $3)
         ON CONFLICT (owner_id, question_id)
         DO UPDATE SET attempts = attempts + 1, latest_score = excluded.latest_score",
    )
    .bind(owner.0)
    .bind(attempt.question_id.as_str())
    .bind(overall)
    .execute(&mut **transaction)
    .await
    .map_err(backend)?;
    let scores = attempt
        .analysis
        .scores
        .as_ref()
        .map(DayTotals::named)
        .unwrap_or_default();
    let mut query = sqlx::query(
        "INSERT INTO daily_stats VALUES ($1, date($2, 'localtime'), 1, $3, $4,
             $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (owner_id, day) DO UPDATE SET
             attempts = attempts + 1, words = words + excluded.words, fillers = fillers + excluded.fillers,
             overall_sum = overall_sum + excluded.overall_sum, overall_n = overall_n + excluded.overall_n,
             structure_sum = structure_sum + excluded.structure_sum, structure_n = structure_n + excluded.structure_n,
             ownership_sum = ownership_sum + excluded.ownership_sum, ownership_n = ownership_n + excluded.ownership_n,
             impact_sum = impact_sum + excluded.impact_sum, impact_n = impact_n + excluded.impact_n,
             concision_sum = concision_sum + excluded.concision_sum, concision_n = concision_n + excluded.concision_n,
             relevance_sum = relevance_sum + excluded.relevance_sum, relevance_n = relevance_n + excluded.relevance_n,
             delivery_sum = delivery_sum + excluded.delivery_sum, delivery_n = delivery_n + excluded.delivery_n",
    )
    .bind(owner.0)
    .bind(attempt.created_at)
    .bind(i64::try_from(attempt.analysis.word_count).unwrap_or(i64::MAX))
    .bind(i64::try_from(attempt.analysis.fillers.len()).unwrap_or(i64::MAX));
    for score in scores {
        query = query
            .bind(score.map_or(0, i64::from))
            .bind(i64::from(score.is_some()));
    }
    query.execute(&mut **transaction).await.map_err(backend)?;
    Ok(())
}

/// Saves a question's review schedule, replacing the one before.
async fn upsert_review(
    transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    owner: UserId,
    record: &ReviewRecord,
    json: String,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO reviews (owner_id, question_id, target_id, due, record) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (owner_id, question_id, target_id) DO UPDATE SET due = excluded.due, record = excluded.record",
    )
    .bind(owner.0)
    .bind(&record.question_id)
    .bind(record.target_id.map_or(0, |id| id.0))
    .bind(record.state.due.to_string())
    .bind(json)
    .execute(&mut **transaction)
    .await
    .map_err(backend)?;
    Ok(())
}

fn backend(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => StoreError::Backend(Box::new(other)),
    }
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    id: i64,
    question_id: String,
    target_id: Option<i64>,
    story_id: Option<i64>,
    question_text: String,
    kind: String,
    answer: String,
    duration_seconds: Option<i64>,
    analysis: String,
    coaching: Option<String>,
    created_at: DateTime<Utc>,
}

impl AttemptRow {
    fn into_attempt(self) -> Result<Attempt, StoreError> {
        Ok(Attempt {
            id: AttemptId(self.id),
            question_id: QuestionId(self.question_id),
            target_id: self.target_id.map(TargetId),
            story_id: self.story_id.map(StoryId),
            question_text: self.question_text,
            kind: parse_kind(&self.kind)?,
            answer: self.answer,
            duration_seconds: self
                .duration_seconds
                .and_then(|seconds| u32::try_from(seconds).ok()),
            created_at: self.created_at,
            analysis: serde_json::from_str(&self.analysis).map_err(|error| {
                StoreError::Corrupt(format!("attempt {}: analysis: {error}", self.id))
            })?,
            coaching: self
                .coaching
                .as_deref()
                .map(|json| {
                    serde_json::from_str(json).map_err(|error| {
                        StoreError::Corrupt(format!("attempt {}: coaching: {error}", self.id))
                    })
                })
                .transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    question_id: String,
    question_text: String,
    kind: String,
    overall_score: Option<i64>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct TargetRow {
    id: i64,
    posting: String,
    profile: String,
    resume_name: Option<String>,
    resume_text: Option<String>,
    resume: Option<String>,
    question_set: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    llm_consent: Option<i64>,
    interviews: Option<String>,
}

#[derive(sqlx::FromRow)]
struct StoryRow {
    id: i64,
    fields: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl StoryRow {
    fn into_story(self) -> Result<Story, StoreError> {
        Ok(Story {
            id: StoryId(self.id),
            fields: serde_json::from_str(&self.fields)
                .map_err(|error| StoreError::Corrupt(format!("story {}: {error}", self.id)))?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    id: i64,
    json: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json)
        .map_err(|error| StoreError::Corrupt(format!("target {id}: {what}: {error}")))
}

fn to_json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Backend(Box::new(error)))
}

impl TargetRow {
    fn into_target(self) -> Result<Target, StoreError> {
        Ok(Target {
            id: TargetId(self.id),
            posting: self.posting,
            profile: from_json("profile", self.id, &self.profile)?,
            resume_name: self.resume_name,
            resume_text: self.resume_text,
            resume: self
                .resume
                .as_deref()
                .map(|json| from_json("resume", self.id, json))
                .transpose()?,
            set: from_json("question set", self.id, &self.question_set)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            llm: self.llm_consent.map(|consent| consent != 0),
            interviews: self
                .interviews
                .as_deref()
                .map(|json| from_json("interviews", self.id, json))
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

#[derive(sqlx::FromRow)]
struct TargetSummaryRow {
    id: i64,
    name: String,
    role_family: String,
    seniority: String,
    question_count: i64,
    created_at: DateTime<Utc>,
}

fn parse_kind(kind: &str) -> Result<QuestionKind, StoreError> {
    kind.parse()
        .map_err(|error| StoreError::Corrupt(format!("{error}")))
}

#[async_trait]
impl Store for SqliteStore {
    async fn insert_attempt(
        &self,
        owner: UserId,
        attempt: NewAttempt,
        review: Option<&ReviewRecord>,
    ) -> Result<Attempt, StoreError> {
        let (done, saved) = tokio::sync::oneshot::channel();
        let stopped = || StoreError::Backend("the database is closed".into());
        self.saves
            .send(Save {
                owner,
                attempt,
                review: review.cloned(),
                done,
            })
            .await
            .map_err(|_| stopped())?;
        saved.await.map_err(|_| stopped())?
    }

    async fn attempt(&self, owner: UserId, id: AttemptId) -> Result<Attempt, StoreError> {
        sqlx::query_as::<_, AttemptRow>(
            "SELECT id, question_id, target_id, story_id, question_text, kind, answer, duration_seconds, analysis, coaching, created_at
             FROM attempts WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?
        .into_attempt()
    }

    async fn attempts_page(
        &self,
        owner: UserId,
        before: Option<AttemptId>,
        limit: u32,
    ) -> Result<Vec<AttemptSummary>, StoreError> {
        let rows = sqlx::query_as::<_, SummaryRow>(
            "SELECT id, question_id, question_text, kind, overall_score, created_at
             FROM attempts WHERE owner_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(owner.0)
        .bind(before.map_or(i64::MAX, |id| id.0))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|row| {
                Ok(AttemptSummary {
                    id: AttemptId(row.id),
                    question_id: QuestionId(row.question_id),
                    question_text: row.question_text,
                    kind: parse_kind(&row.kind)?,
                    created_at: row.created_at,
                    score: row.overall_score.and_then(|score| u8::try_from(score).ok()),
                })
            })
            .collect()
    }

    async fn practice_totals(&self, owner: UserId) -> Result<Totals, StoreError> {
        let questions: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT question_id, attempts, latest_score FROM question_stats WHERE owner_id = $1",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let days: Vec<DayRow> = sqlx::query_as(
            "SELECT day, attempts, words, fillers, overall_sum, overall_n, structure_sum, structure_n,
                    ownership_sum, ownership_n, impact_sum, impact_n, concision_sum, concision_n,
                    relevance_sum, relevance_n, delivery_sum, delivery_n
             FROM daily_stats WHERE owner_id = $1 ORDER BY day",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let count = |value: i64| usize::try_from(value).unwrap_or(0);
        let sum = |value: i64| u64::try_from(value).unwrap_or(0);
        Ok(Totals {
            attempts: questions
                .iter()
                .map(|(_, attempts, _)| count(*attempts))
                .sum(),
            latest: questions
                .into_iter()
                .map(|(question, _, score)| {
                    (question, score.and_then(|score| u8::try_from(score).ok()))
                })
                .collect(),
            days: days
                .into_iter()
                .map(|row| {
                    Ok(DayTotals {
                        date: row.day.parse().map_err(|_| {
                            StoreError::Corrupt(format!("a day's totals: {:?}", row.day))
                        })?,
                        attempts: count(row.attempts),
                        words: count(row.words),
                        fillers: count(row.fillers),
                        scores: [
                            (sum(row.overall_sum), sum(row.overall_n)),
                            (sum(row.structure_sum), sum(row.structure_n)),
                            (sum(row.ownership_sum), sum(row.ownership_n)),
                            (sum(row.impact_sum), sum(row.impact_n)),
                            (sum(row.concision_sum), sum(row.concision_n)),
                            (sum(row.relevance_sum), sum(row.relevance_n)),
                            (sum(row.delivery_sum), sum(row.delivery_n)),
                        ],
                    })
                })
                .collect::<Result<_, StoreError>>()?,
        })
    }

    async fn recent_attempts(&self, owner: UserId, limit: u32) -> Result<Vec<Attempt>, StoreError> {
        sqlx::query_as::<_, AttemptRow>(
            "SELECT id, question_id, target_id, story_id, question_text, kind, answer, duration_seconds, analysis, coaching, created_at
             FROM attempts WHERE owner_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(owner.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(AttemptRow::into_attempt)
        .collect()
    }

    async fn attempt_counts(&self, owner: UserId) -> Result<Vec<(QuestionId, u32)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT question_id, attempts FROM question_stats WHERE owner_id = $1 ORDER BY question_id",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(question_id, count)| {
                (
                    QuestionId(question_id),
                    u32::try_from(count).unwrap_or(u32::MAX),
                )
            })
            .collect())
    }

    async fn insert_target(&self, owner: UserId, target: NewTarget) -> Result<Target, StoreError> {
        let (profile, set) = (to_json(&target.profile)?, to_json(&target.set)?);
        let resume = target.resume.as_ref().map(to_json).transpose()?;
        let provisional = Target {
            id: TargetId(0),
            posting: target.posting,
            profile: target.profile,
            resume_name: target.resume_name,
            resume_text: target.resume_text,
            resume: target.resume,
            set: target.set,
            created_at: target.created_at,
            updated_at: target.created_at,
            llm: None,
            interviews: Vec::new(),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO targets (owner_id, name, role_family, seniority, question_count, posting, profile,
                                  resume_name, resume_text, resume, question_set, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
             RETURNING id",
        )
        .bind(owner.0)
        .bind(provisional.name())
        .bind(provisional.profile.role_family.as_str())
        .bind(provisional.profile.seniority.as_str())
        .bind(provisional.set.questions.len() as i64)
        .bind(&provisional.posting)
        .bind(profile)
        .bind(&provisional.resume_name)
        .bind(&provisional.resume_text)
        .bind(resume)
        .bind(set)
        .bind(provisional.created_at)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(Target {
            id: TargetId(id),
            ..provisional
        })
    }

    async fn target(&self, owner: UserId, id: TargetId) -> Result<Target, StoreError> {
        sqlx::query_as::<_, TargetRow>(
            "SELECT id, posting, profile, resume_name, resume_text, resume, question_set, created_at, updated_at, llm_consent, interviews
             FROM targets WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?
        .into_target()
    }

    async fn targets(&self, owner: UserId) -> Result<Vec<TargetSummary>, StoreError> {
        self.targets_page(owner, None, u32::MAX).await
    }

    async fn targets_page(
        &self,
        owner: UserId,
        before: Option<TargetId>,
        limit: u32,
    ) -> Result<Vec<TargetSummary>, StoreError> {
        let rows = sqlx::query_as::<_, TargetSummaryRow>(
            "SELECT id, name, role_family, seniority, question_count, created_at
             FROM targets WHERE owner_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(owner.0)
        .bind(before.map_or(i64::MAX, |id| id.0))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|row| {
                Ok(TargetSummary {
                    id: TargetId(row.id),
                    name: row.name,
                    role_family: row
                        .role_family
                        .parse()
                        .map_err(|error| StoreError::Corrupt(format!("{error}")))?,
                    seniority: row
                        .seniority
                        .parse()
                        .map_err(|error| StoreError::Corrupt(format!("{error}")))?,
                    questions: usize::try_from(row.question_count).unwrap_or(0),
                    created_at: row.created_at,
                })
            })
            .collect()
    }

    async fn update_target(
        &self,
        owner: UserId,
        id: TargetId,
        profile: JobProfile,
        set: QuestionSet,
        updated_at: DateTime<Utc>,
    ) -> Result<Target, StoreError> {
        let mut target = self.target(owner, id).await?;
        target.profile = profile;
        target.set = set;
        target.updated_at = updated_at;
        let changed = sqlx::query(
            "UPDATE targets SET name = $3, role_family = $4, seniority = $5, question_count = $6,
                                profile = $7, question_set = $8, updated_at = $9
             WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .bind(target.name())
        .bind(target.profile.role_family.as_str())
        .bind(target.profile.seniority.as_str())
        .bind(target.set.questions.len() as i64)
        .bind(to_json(&target.profile)?)
        .bind(to_json(&target.set)?)
        .bind(updated_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(target)
    }

    async fn insert_stories(
        &self,
        owner: UserId,
        stories: Vec<StoryFields>,
        at: DateTime<Utc>,
    ) -> Result<Vec<Story>, StoreError> {
        // One transaction: an import saves every story or none.
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        let mut saved = Vec::with_capacity(stories.len());
        for fields in stories {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO stories (owner_id, title, fields, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(owner.0)
            .bind(&fields.title)
            .bind(to_json(&fields)?)
            .bind(at)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
            saved.push(Story {
                id: StoryId(id),
                fields,
                created_at: at,
                updated_at: at,
            });
        }
        transaction.commit().await.map_err(backend)?;
        Ok(saved)
    }

    async fn story(&self, owner: UserId, id: StoryId) -> Result<Story, StoreError> {
        sqlx::query_as::<_, StoryRow>(
            "SELECT id, fields, created_at, updated_at FROM stories WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?
        .into_story()
    }

    async fn stories(&self, owner: UserId) -> Result<Vec<Story>, StoreError> {
        sqlx::query_as::<_, StoryRow>(
            "SELECT id, fields, created_at, updated_at FROM stories WHERE owner_id = $1 ORDER BY id",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(StoryRow::into_story)
        .collect()
    }

    async fn update_story(
        &self,
        owner: UserId,
        id: StoryId,
        fields: StoryFields,
        at: DateTime<Utc>,
    ) -> Result<Story, StoreError> {
        let mut story = self.story(owner, id).await?;
        let changed = sqlx::query(
            "UPDATE stories SET title = $3, fields = $4, updated_at = $5 WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .bind(&fields.title)
        .bind(to_json(&fields)?)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        story.fields = fields;
        story.updated_at = at;
        Ok(story)
    }

    async fn delete_story(&self, owner: UserId, id: StoryId) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM stories WHERE owner_id = $1 AND id = $2")
            .bind(owner.0)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn story_uses(
        &self,
        owner: UserId,
        target: Option<TargetId>,
    ) -> Result<Vec<(StoryId, u32)>, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT story_id, COUNT(*) FROM attempts
             WHERE owner_id = $1 AND story_id IS NOT NULL AND ($2 IS NULL OR target_id = $2)
             GROUP BY story_id ORDER BY story_id",
        )
        .bind(owner.0)
        .bind(target.map(|id| id.0))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(id, count)| (StoryId(id), u32::try_from(count).unwrap_or(u32::MAX)))
            .collect())
    }

    async fn set_attempt_coaching(
        &self,
        owner: UserId,
        id: AttemptId,
        coaching: &Coaching,
    ) -> Result<(), StoreError> {
        let changed =
            sqlx::query("UPDATE attempts SET coaching = $3 WHERE owner_id = $1 AND id = $2")
                .bind(owner.0)
                .bind(id.0)
                .bind(to_json(coaching)?)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn set_target_llm(
        &self,
        owner: UserId,
        id: TargetId,
        allowed: bool,
    ) -> Result<(), StoreError> {
        let changed =
            sqlx::query("UPDATE targets SET llm_consent = $3 WHERE owner_id = $1 AND id = $2")
                .bind(owner.0)
                .bind(id.0)
                .bind(i64::from(allowed))
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn set_target_interviews(
        &self,
        owner: UserId,
        id: TargetId,
        interviews: &[Interview],
    ) -> Result<(), StoreError> {
        let changed =
            sqlx::query("UPDATE targets SET interviews = $3 WHERE owner_id = $1 AND id = $2")
                .bind(owner.0)
                .bind(id.0)
                .bind(to_json(&interviews)?)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn plan_done(&self, owner: UserId) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        sqlx::query_as(
            "SELECT task_id, done_at FROM plan_done WHERE owner_id = $1 ORDER BY task_id",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)
    }

    async fn mark_task(
        &self,
        owner: UserId,
        task_id: &str,
        done: bool,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let query = if done {
            sqlx::query(
                "INSERT INTO plan_done (owner_id, task_id, done_at) VALUES ($1, $2, $3)
                 ON CONFLICT (owner_id, task_id) DO NOTHING",
            )
            .bind(owner.0)
            .bind(task_id)
            .bind(at)
        } else {
            sqlx::query("DELETE FROM plan_done WHERE owner_id = $1 AND task_id = $2")
                .bind(owner.0)
                .bind(task_id)
        };
        query.execute(&self.pool).await.map_err(backend)?;
        Ok(())
    }

    async fn review(
        &self,
        owner: UserId,
        question_id: &str,
        target: Option<TargetId>,
    ) -> Result<Option<ReviewRecord>, StoreError> {
        let row: Option<String> = sqlx::query_scalar(
            "SELECT record FROM reviews WHERE owner_id = $1 AND question_id = $2 AND target_id = $3",
        )
        .bind(owner.0)
        .bind(question_id)
        .bind(target.map_or(0, |id| id.0))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|json| {
            serde_json::from_str(&json)
                .map_err(|error| StoreError::Corrupt(format!("review of {question_id}: {error}")))
        })
        .transpose()
    }

    async fn save_review(&self, owner: UserId, record: &ReviewRecord) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(backend)?;
        upsert_review(&mut transaction, owner, record, to_json(record)?).await?;
        transaction.commit().await.map_err(backend)
    }

    async fn reviews(&self, owner: UserId) -> Result<Vec<ReviewRecord>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT record FROM reviews WHERE owner_id = $1 ORDER BY due, question_id",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|json| {
                serde_json::from_str(json)
                    .map_err(|error| StoreError::Corrupt(format!("a review: {error}")))
            })
            .collect()
    }

    async fn insert_debrief(
        &self,
        owner: UserId,
        debrief: NewDebrief,
        at: DateTime<Utc>,
    ) -> Result<Debrief, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO debriefs (owner_id, target_id, fields, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(owner.0)
        .bind(debrief.target_id.0)
        .bind(to_json(&debrief)?)
        .bind(at)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(Debrief {
            id,
            fields: debrief,
            created_at: at,
        })
    }

    async fn debriefs(&self, owner: UserId, target: TargetId) -> Result<Vec<Debrief>, StoreError> {
        let rows: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, fields, created_at FROM debriefs WHERE owner_id = $1 AND target_id = $2 ORDER BY id",
        )
        .bind(owner.0)
        .bind(target.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(id, fields, created_at)| {
                Ok(Debrief {
                    id,
                    fields: serde_json::from_str(&fields)
                        .map_err(|error| StoreError::Corrupt(format!("debrief {id}: {error}")))?,
                    created_at,
                })
            })
            .collect()
    }

    async fn document(
        &self,
        owner: UserId,
        kind: &str,
        key: &str,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT body FROM documents WHERE owner_id = $1 AND kind = $2 AND key = $3",
        )
        .bind(owner.0)
        .bind(kind)
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)
    }

    async fn save_document(
        &self,
        owner: UserId,
        kind: &str,
        key: &str,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO documents (owner_id, kind, key, body, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (owner_id, kind, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(owner.0)
        .bind(kind)
        .bind(key)
        .bind(body)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn insert_mock(
        &self,
        owner: UserId,
        target: Option<TargetId>,
        mock: &Mock,
        at: DateTime<Utc>,
    ) -> Result<MockRecord, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mocks (owner_id, target_id, round, finished, score, session, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(owner.0)
        .bind(target.map(|target| target.0))
        .bind(mock.settings.round.as_str())
        .bind(mock.finished())
        .bind(mock.list_score().map(i64::from))
        .bind(to_json(mock)?)
        .bind(at)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(MockRecord {
            id: MockId(id),
            target_id: target,
            mock: mock.clone(),
            created_at: at,
            updated_at: at,
        })
    }

    async fn mock(&self, owner: UserId, id: MockId) -> Result<MockRecord, StoreError> {
        let (target, session, created_at, updated_at): (
            Option<i64>,
            String,
            DateTime<Utc>,
            DateTime<Utc>,
        ) = sqlx::query_as(
            "SELECT target_id, session, created_at, updated_at FROM mocks WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(MockRecord {
            id,
            target_id: target.map(TargetId),
            mock: serde_json::from_str(&session)
                .map_err(|error| StoreError::Corrupt(format!("mock {id}: {error}")))?,
            created_at,
            updated_at,
        })
    }

    async fn update_mock(
        &self,
        owner: UserId,
        id: MockId,
        mock: &Mock,
        at: DateTime<Utc>,
    ) -> Result<MockRecord, StoreError> {
        let updated = sqlx::query(
            "UPDATE mocks SET finished = $3, score = $4, session = $5, updated_at = $6
             WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .bind(mock.finished())
        .bind(mock.list_score().map(i64::from))
        .bind(to_json(mock)?)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.mock(owner, id).await
    }

    async fn mocks(
        &self,
        owner: UserId,
        before: Option<MockId>,
        limit: u32,
    ) -> Result<Vec<MockSummary>, StoreError> {
        let rows: Vec<(i64, Option<i64>, String, bool, Option<i64>, DateTime<Utc>)> =
            sqlx::query_as(
                "SELECT id, target_id, round, finished, score, created_at FROM mocks
                 WHERE owner_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(owner.0)
            .bind(before.map_or(i64::MAX, |id| id.0))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.into_iter()
            .map(|(id, target, round, finished, score, created_at)| {
                Ok(MockSummary {
                    id: MockId(id),
                    target_id: target.map(TargetId),
                    round: round
                        .parse()
                        .map_err(|error| StoreError::Corrupt(format!("mock {id}: {error}")))?,
                    finished,
                    score: score.and_then(|score| u8::try_from(score).ok()),
                    created_at,
                })
            })
            .collect()
    }

    async fn insert_recording(
        &self,
        owner: UserId,
        mime: &str,
        audio: &[u8],
        at: DateTime<Utc>,
    ) -> Result<RecordingInfo, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO recordings (owner_id, mime, audio, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(owner.0)
        .bind(mime)
        .bind(audio)
        .bind(at)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        self.recording(owner, RecordingId(id)).await
    }

    async fn recording(&self, owner: UserId, id: RecordingId) -> Result<RecordingInfo, StoreError> {
        sqlx::query_as::<_, RecordingRow>(
            "SELECT id, attempt_id, mime, audio IS NOT NULL AS has_audio, transcript, created_at
             FROM recordings WHERE owner_id = $1 AND id = $2",
        )
        .bind(owner.0)
        .bind(id.0)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?
        .into_info()
    }

    async fn attempt_recording(
        &self,
        owner: UserId,
        attempt: AttemptId,
    ) -> Result<Option<RecordingInfo>, StoreError> {
        sqlx::query_as::<_, RecordingRow>(
            "SELECT id, attempt_id, mime, audio IS NOT NULL AS has_audio, transcript, created_at
             FROM recordings WHERE owner_id = $1 AND attempt_id = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(owner.0)
        .bind(attempt.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(RecordingRow::into_info)
        .transpose()
    }

    async fn recording_audio(
        &self,
        owner: UserId,
        id: RecordingId,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let (mime, audio): (String, Option<Vec<u8>>) =
            sqlx::query_as("SELECT mime, audio FROM recordings WHERE owner_id = $1 AND id = $2")
                .bind(owner.0)
                .bind(id.0)
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        Ok(audio.map(|audio| (mime, audio)))
    }

    async fn set_recording_transcript(
        &self,
        owner: UserId,
        id: RecordingId,
        transcript: &Transcript,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(transcript)
            .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        let done =
            sqlx::query("UPDATE recordings SET transcript = $1 WHERE owner_id = $2 AND id = $3")
                .bind(json)
                .bind(owner.0)
                .bind(id.0)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn attach_recording(
        &self,
        owner: UserId,
        id: RecordingId,
        attempt: AttemptId,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE recordings SET attempt_id = $1 WHERE owner_id = $2 AND id = $3
             AND EXISTS (SELECT 1 FROM attempts WHERE id = $1 AND owner_id = $2)",
        )
        .bind(attempt.0)
        .bind(owner.0)
        .bind(id.0)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_recording_audio(
        &self,
        owner: UserId,
        id: RecordingId,
    ) -> Result<(), StoreError> {
        let done =
            sqlx::query("UPDATE recordings SET audio = NULL WHERE owner_id = $1 AND id = $2")
                .bind(owner.0)
                .bind(id.0)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

#[derive(sqlx::FromRow)]
struct RecordingRow {
    id: i64,
    attempt_id: Option<i64>,
    mime: String,
    has_audio: bool,
    transcript: Option<String>,
    created_at: DateTime<Utc>,
}

impl RecordingRow {
    fn into_info(self) -> Result<RecordingInfo, StoreError> {
        Ok(RecordingInfo {
            id: RecordingId(self.id),
            mime: self.mime,
            has_audio: self.has_audio,
            transcript: self
                .transcript
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|error| {
                    StoreError::Corrupt(format!("recording {}: transcript: {error}", self.id))
                })?,
            attempt_id: self.attempt_id.map(AttemptId),
            created_at: self.created_at,
        })
    }
}
