//! Input size limits, shared by every interface (web form, JSON API, CLI) so that they agree.
//!
//! The analysis itself accepts any text; these limits exist so that a pasted novel or a wrong file
//! gets a clear message instead of a slow page, and so that storage stays bounded.

/// The longest answer accepted, in characters (Unicode scalar values, as a browser's `maxlength`
/// counts them closely enough). About 3,000 words: far beyond any spoken answer.
pub const MAX_ANSWER_CHARS: usize = 20_000;

/// The longest question text accepted from a user (the built-in bank is far below it).
pub const MAX_QUESTION_CHARS: usize = 2_000;

/// The most reference key points one analysis request may carry.
pub const MAX_KEY_POINTS: usize = 20;

/// The longest single key point, in characters.
pub const MAX_KEY_POINT_CHARS: usize = 500;

/// The longest stated answer duration accepted, in seconds (two hours).
pub const MAX_DURATION_SECONDS: u32 = 7_200;
