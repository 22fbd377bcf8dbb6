//! The pure domain of Rehearse.
//!
//! Everything here is a function of its arguments: no IO, no async, no clock, no randomness, no
//! environment. Time, seeds and settings are passed in by the caller. Analysis never fails: odd
//! input produces findings, not errors. That is what makes the feedback engine reproducible
//! ("same input, same feedback") and testable without a database or a network.
//!
//! - [`question`]: the question model shared by the bank, the store and the interfaces.
//! - [`attempt`]: an answer to a question, as stored and listed.
//! - [`target`]: a job the user prepares for, with its practice set.
//! - [`text`]: words and sentences with byte offsets into the user's text.
//! - [`analysis`]: the feedback engine behind the DESIGN.md §6 Analysis contract.
//! - [`coach`]: prompts for an LLM and the checks its answers must pass; the offline follow-up.
//! - [`drill`]: the timed system-design and case drills, the diagram and the design checklist.
//! - [`estimate`]: the back-of-envelope estimator of system-design interviews.
//! - [`limits`]: the input size limits every interface enforces.
//! - [`markup`]: saved web pages (HTML) to plain text.
//! - [`meaning`]: the sentence model's interface ([`meaning::Embedder`]) and vector arithmetic.
//! - [`mock`]: mock interview sessions as a state machine, with follow-ups and the report.
//! - [`plan`]: the preparation plan, day by day to the interview.
//! - [`posting`]: reading a job posting into a profile.
//! - [`prep`]: research notes, the interview-day checklist, the salary helper, debriefs.
//! - [`progress`]: readiness per interview kind and trends over time.
//! - [`question_set`]: the practice set for one job, grounded in its posting and resume.
//! - [`resume`]: reading a resume into roles, achievement lines and skills.
//! - [`review`]: spaced repetition (FSRS) for practised questions.
//! - [`skills`]: recognising skills (with their aliases) in postings and resumes.
//! - [`story_bank`]: the user's STAR stories: fit to questions, coverage, claims, Markdown.

pub mod analysis;
pub mod attempt;
pub mod coach;
pub mod drill;
pub mod estimate;
pub mod limits;
pub mod markup;
pub mod meaning;
pub mod mock;
pub mod plan;
pub mod posting;
pub mod prep;
pub mod progress;
pub mod question;
pub mod question_set;
pub mod resume;
pub mod review;
pub mod skills;
pub mod speech;
pub mod story_bank;
pub mod target;
pub mod text;

pub use analysis::{Analysis, AnalysisInput, analyze, analyze_spoken, analyze_with};
pub use attempt::{Attempt, AttemptId, AttemptSummary, NewAttempt, UserId};
pub use question::{
    Difficulty, Question, QuestionFilter, QuestionId, QuestionKind, RoleFamily, Seniority,
};
