//! The app's one error type. Messages are written for the person using Rehearse: lowercase, no
//! trailing period, saying what was wrong and what to do.

use rehearse_core::AttemptId;
use rehearse_core::limits::{
    MAX_ANSWER_CHARS, MAX_DURATION_SECONDS, MAX_KEY_POINT_CHARS, MAX_KEY_POINTS, MAX_QUESTION_CHARS,
};
use rehearse_store::StoreError;

/// Why a use case did not complete.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the answer is empty; type or paste your answer first")]
    EmptyAnswer,
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
    #[error("storage failed")]
    Storage(#[from] StoreError),
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
            AppError::AnswerTooLong { .. } => "answer_too_long",
            AppError::MissingQuestion => "missing_question",
            AppError::QuestionTooLong { .. } => "question_too_long",
            AppError::TooManyKeyPoints { .. } => "too_many_key_points",
            AppError::KeyPointTooLong { .. } => "key_point_too_long",
            AppError::DurationTooLong { .. } => "duration_too_long",
            AppError::QuestionNotFound(_) => "question_not_found",
            AppError::AttemptNotFound(_) => "attempt_not_found",
            AppError::Storage(_) => "internal",
        }
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            AppError::QuestionNotFound(_) | AppError::AttemptNotFound(_) => ErrorClass::NotFound,
            AppError::Storage(_) => ErrorClass::Internal,
            _ => ErrorClass::Invalid,
        }
    }
}
