//! The app's one error type. Messages are written for the person using Rehearse: lowercase, no
//! trailing period, saying what was wrong and what to do.

use rehearse_core::AttemptId;
use rehearse_core::mock::{MockError, MockId};
use rehearse_core::question_set::MAX_COUNT;
use rehearse_core::story_bank::{MAX_STORIES, StoryError, StoryId};
use rehearse_core::target::TargetId;

use rehearse_core::plan::PlanError;
use rehearse_core::prep::{MAX_DEBRIEF_QUESTIONS, MAX_NOTE_CHARS};

use crate::documents::DocumentError;
use crate::fetch::FetchError;
use crate::prep::MAX_ROUNDS;
use crate::targets::MAX_DOCUMENT_CHARS;
use rehearse_core::limits::{
    MAX_ANSWER_CHARS, MAX_DURATION_SECONDS, MAX_KEY_POINT_CHARS, MAX_KEY_POINTS, MAX_QUESTION_CHARS,
};
use rehearse_store::StoreError;

/// Why a use case did not complete.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the answer is empty; type or paste your answer first")]
    EmptyAnswer,
    /// The recording cannot be used (empty, too large or long, silent, not audio).
    #[error("{0}")]
    Audio(String),
    #[error("there is no recording with id {0}")]
    RecordingNotFound(i64),
    /// An answer names a recording that is not there (deleted, or never made): refused as a
    /// conflict with what is stored, not as a missing page.
    #[error(
        "there is no recording with id {0} to go with this answer; record it again or leave recording_id out"
    )]
    UnknownRecording(i64),
    #[error("this recording has not been transcribed yet; transcribe it again or type your answer")]
    NotTranscribed,
    #[error("this recording is already part of an answer")]
    RecordingUsed,
    #[error(
        "the answer is {chars} characters long; the limit is {MAX_ANSWER_CHARS} (about 3,000 words), so shorten it"
    )]
    AnswerTooLong { chars: usize },
    #[error("no question given; pass the question text or the id of a bank question")]
    MissingQuestion,
    #[error("the question is {chars} characters long; the limit is {MAX_QUESTION_CHARS}")]
    QuestionTooLong { chars: usize },
    #[error("{given} key points given; the limit is {MAX_KEY_POINTS}")]
    TooManyKeyPoints { given: usize },
    #[error("a key point is {chars} characters long; the limit is {MAX_KEY_POINT_CHARS}")]
    KeyPointTooLong { chars: usize },
    #[error("a duration of {seconds} seconds is longer than the limit of {MAX_DURATION_SECONDS}")]
    DurationTooLong { seconds: u32 },
    #[error("there is no question with id {0:?}")]
    QuestionNotFound(String),
    #[error("there is no attempt with id {0}")]
    AttemptNotFound(AttemptId),
    #[error(
        "give a job posting (its text, a file or a web address) or at least the role, e.g. \"data analyst\""
    )]
    MissingPosting,
    #[error(
        "the {what} is {chars} characters long; the limit is {MAX_DOCUMENT_CHARS}, so paste only the relevant part"
    )]
    DocumentTooLong { what: &'static str, chars: usize },
    #[error("the role is too long; give it in a few words, e.g. \"senior data scientist\"")]
    RoleTooLong,
    #[error("{given} questions were asked for; a set has between 1 and {MAX_COUNT}")]
    CountOutOfRange { given: usize },
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("there is no target with id {0}")]
    TargetNotFound(TargetId),
    #[error("there is no question with id {0:?} in this target's set")]
    SetQuestionNotFound(String),
    #[error("every question that suits this job is already in the set")]
    NothingToSwap,
    #[error("no more questions like this one are left for this job")]
    NothingSimilar,
    #[error("the set already has {MAX_COUNT} questions; swap some instead of adding more")]
    SetFull,
    #[error("there is no story with id {0}")]
    StoryNotFound(StoryId),
    #[error(transparent)]
    Story(#[from] StoryError),
    #[error(
        "the bank holds {MAX_STORIES} stories, the most it keeps; delete some before adding more"
    )]
    TooManyStories,
    #[error("{name} is larger than 2 MB, which is not a story bank; check the file")]
    ImportTooLarge { name: String },
    #[error("nothing was imported from {name}, because of {}: {}", plural(problems.len(), "problem"), problems.iter().take(5).cloned().collect::<Vec<_>>().join("; "))]
    ImportFailed { name: String, problems: Vec<String> },
    #[error(
        "no AI model is configured; set REHEARSE_LLM (or choose one on the settings page) to use one"
    )]
    LlmOff,
    #[error(
        "there is no models folder to download into; start Rehearse with --models DIR (or REHEARSE_MODELS)"
    )]
    NoModelsFolder,
    #[error("the model is already installed and in use")]
    ModelInstalled,
    #[error(
        "this job's material is kept offline; turn the AI coach on for it on the job's page first"
    )]
    LlmNotAllowed,
    #[error(
        "{0:?} is not a part of the coaching; ask for note, follow_up, stronger or model_answer"
    )]
    UnknownCoachPart(String),
    #[error("{0}")]
    BadLlmSettings(String),
    #[error("{0}")]
    BadSpeechSettings(String),
    #[error("the settings could not be saved ({0}); they apply until Rehearse stops")]
    SettingsNotSaved(String),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("this job has no interview date yet; give the date (YYYY-MM-DD) of the next round")]
    NoInterviewDate,
    #[error("{given} interview rounds given; a job keeps at most {MAX_ROUNDS}")]
    TooManyRounds { given: usize },
    #[error("the label is too long; name the round in a few words, e.g. \"phone screen\"")]
    LabelTooLong,
    #[error("that is not a task of the plan; reload the plan and try again")]
    BadTaskId,
    #[error("a {what} is longer than {MAX_NOTE_CHARS} characters; keep the notes shorter")]
    NoteTooLong { what: &'static str },
    #[error("the interview date {date} is in the future; log the debrief after the interview")]
    DebriefInFuture { date: chrono::NaiveDate },
    #[error("{given} questions given; a debrief keeps at most {MAX_DEBRIEF_QUESTIONS}")]
    TooManyDebriefQuestions { given: usize },
    #[error(
        "the debrief is empty; write the questions you were asked, one per line, or how it went"
    )]
    EmptyDebrief,
    #[error("{0}")]
    BadSalary(String),
    #[error("{0}")]
    BadDate(String),
    #[error("{0}")]
    BadEstimate(String),
    #[error(transparent)]
    Diagram(rehearse_core::drill::DiagramError),
    #[error(
        "a step's notes are longer than {} characters; keep them to the points you would say",
        rehearse_core::drill::MAX_STEP_NOTES_CHARS
    )]
    StepNotesTooLong,
    #[error(
        "a branch of the framework is longer than {} characters; name it in a line",
        crate::drills::MAX_BRANCH_CHARS
    )]
    BranchTooLong,
    #[error("no questions match; choose another role")]
    NoQuestionsMatch,
    #[error("a drill is for system-design and case questions; choose one of those")]
    NotADrillQuestion,
    #[error("notes for {given} steps were sent; this drill has {steps}")]
    TooManySteps { given: usize, steps: usize },
    #[error(
        "{given} branches given; a framework keeps at most {}",
        crate::drills::MAX_BRANCHES
    )]
    TooManyBranches { given: usize },
    #[error("there is no mock interview with id {0}")]
    MockNotFound(MockId),
    #[error(transparent)]
    Mock(#[from] MockError),
    #[error("storage failed")]
    Storage(#[from] StoreError),
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// How an interface should treat an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The input was wrong; show the message and keep what the user typed.
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// Our fault; log the chain, show a generic message.
    Internal,
}

impl AppError {
    /// A stable snake_case code for machines (the JSON error shape).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::EmptyAnswer => "empty_answer",
            AppError::Audio(_) => "bad_audio",
            AppError::RecordingNotFound(_) => "recording_not_found",
            AppError::UnknownRecording(_) => "unknown_recording",
            AppError::NotTranscribed => "not_transcribed",
            AppError::RecordingUsed => "recording_used",
            AppError::AnswerTooLong { .. } => "answer_too_long",
            AppError::MissingQuestion => "missing_question",
            AppError::QuestionTooLong { .. } => "question_too_long",
            AppError::TooManyKeyPoints { .. } => "too_many_key_points",
            AppError::KeyPointTooLong { .. } => "key_point_too_long",
            AppError::DurationTooLong { .. } => "duration_too_long",
            AppError::QuestionNotFound(_) => "question_not_found",
            AppError::AttemptNotFound(_) => "attempt_not_found",
            AppError::MissingPosting => "missing_posting",
            AppError::DocumentTooLong { .. } => "document_too_long",
            AppError::RoleTooLong => "role_too_long",
            AppError::CountOutOfRange { .. } => "count_out_of_range",
            AppError::Document(DocumentError::TooLarge { .. }) => "file_too_large",
            AppError::Document(DocumentError::ScannedPdf { .. }) => "scanned_pdf",
            AppError::Document(DocumentError::Encrypted { .. }) => "encrypted_file",
            AppError::Document(DocumentError::Empty { .. }) => "empty_file",
            AppError::Document(DocumentError::Corrupt { .. }) => "unreadable_file",
            AppError::Document(DocumentError::Unsupported { .. }) => "unsupported_file",
            AppError::Document(DocumentError::TooDemanding { .. }) => "file_too_demanding",
            AppError::Document(DocumentError::Busy { .. }) => "busy",
            AppError::Fetch(FetchError::BadUrl { .. }) => "bad_url",
            AppError::Fetch(FetchError::Timeout { .. }) => "url_timeout",
            AppError::Fetch(FetchError::LoginWall { .. }) => "url_login_page",
            AppError::Fetch(FetchError::PrivateAddress { .. }) => "url_private_address",
            AppError::Fetch(_) => "url_unusable",
            AppError::TargetNotFound(_) => "target_not_found",
            AppError::SetQuestionNotFound(_) => "question_not_found",
            AppError::NothingToSwap => "nothing_to_swap",
            AppError::NothingSimilar => "nothing_similar",
            AppError::SetFull => "set_full",
            AppError::StoryNotFound(_) => "story_not_found",
            AppError::Story(error) => error.code(),
            AppError::TooManyStories => "too_many_stories",
            AppError::ImportTooLarge { .. } => "file_too_large",
            AppError::ImportFailed { .. } => "import_failed",
            AppError::LlmOff => "llm_off",
            AppError::NoModelsFolder => "no_models_folder",
            AppError::ModelInstalled => "model_installed",
            AppError::LlmNotAllowed => "llm_not_allowed",
            AppError::UnknownCoachPart(_) => "unknown_coach_part",
            AppError::BadLlmSettings(_) => "bad_llm_settings",
            AppError::BadSpeechSettings(_) => "bad_speech_settings",
            AppError::SettingsNotSaved(_) => "settings_not_saved",
            AppError::Plan(PlanError::DateInPast { .. }) => "date_in_past",
            AppError::Plan(PlanError::BadHours) => "bad_hours",
            AppError::Plan(PlanError::NothingToPlan) => "nothing_to_plan",
            AppError::Plan(PlanError::TooFar) => "date_too_far",
            AppError::NoInterviewDate => "no_interview_date",
            AppError::TooManyRounds { .. } => "too_many_rounds",
            AppError::LabelTooLong => "label_too_long",
            AppError::BadTaskId => "bad_task_id",
            AppError::NoteTooLong { .. } => "note_too_long",
            AppError::DebriefInFuture { .. } => "date_in_future",
            AppError::TooManyDebriefQuestions { .. } => "too_many_questions",
            AppError::EmptyDebrief => "empty_debrief",
            AppError::BadSalary(_) => "bad_salary",
            AppError::BadDate(_) => "bad_date",
            AppError::BadEstimate(_) => "bad_estimate",
            AppError::Diagram(_) => "bad_diagram",
            AppError::NotADrillQuestion => "not_a_drill_question",
            AppError::NoQuestionsMatch => "no_questions",
            AppError::StepNotesTooLong => "notes_too_long",
            AppError::BranchTooLong => "branch_too_long",
            AppError::TooManySteps { .. } => "too_many_steps",
            AppError::TooManyBranches { .. } => "too_many_branches",
            AppError::MockNotFound(_) => "mock_not_found",
            AppError::Mock(MockError::NoQuestions) => "no_questions",
            AppError::Mock(MockError::BadMinutes(_)) => "bad_minutes",
            AppError::Mock(MockError::Finished) => "mock_finished",
            AppError::Mock(MockError::EmptyAnswer) => "empty_answer",
            AppError::Mock(MockError::AnswerTooLong { .. }) => "answer_too_long",
            AppError::Mock(MockError::DurationTooLong(_)) => "duration_too_long",
            AppError::Mock(MockError::NothingToReword) => "nothing_to_reword",
            AppError::Storage(_) => "internal",
        }
    }

    /// Whether a valid request was refused because of the current state rather than its own
    /// content: no model is configured, the job keeps its data offline, the mock interview has
    /// finished, the bank is full, the date has passed (today moves; the request did not). The
    /// same request can succeed another time, so HTTP calls it a conflict (409), not 422.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            AppError::LlmOff
                | AppError::NotTranscribed
                | AppError::RecordingUsed
                | AppError::UnknownRecording(_)
                | AppError::NoModelsFolder
                | AppError::ModelInstalled
                | AppError::LlmNotAllowed
                | AppError::NothingToSwap
                | AppError::NothingSimilar
                | AppError::SetFull
                | AppError::TooManyStories
                | AppError::NoInterviewDate
                | AppError::NoQuestionsMatch
                | AppError::DebriefInFuture { .. }
                | AppError::Plan(PlanError::DateInPast { .. })
                | AppError::Plan(PlanError::TooFar)
                | AppError::Plan(PlanError::NothingToPlan)
                | AppError::Mock(MockError::Finished)
                | AppError::Mock(MockError::NoQuestions)
                | AppError::Mock(MockError::NothingToReword)
        )
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            AppError::QuestionNotFound(_)
            | AppError::AttemptNotFound(_)
            | AppError::TargetNotFound(_)
            | AppError::StoryNotFound(_)
            | AppError::MockNotFound(_)
            | AppError::RecordingNotFound(_)
            | AppError::SetQuestionNotFound(_) => ErrorClass::NotFound,
            AppError::Storage(_) | AppError::SettingsNotSaved(_) => ErrorClass::Internal,
            _ => ErrorClass::Invalid,
        }
    }
}
