//! Spaced repetition for practised questions, with FSRS (the `fsrs` crate; the algorithm modern
//! Anki uses). Each answer's score becomes a grade; a weak answer brings its question back soon,
//! a strong one pushes it out. Pure: "today" is given.

use chrono::{Days, NaiveDate};
use fsrs::{FSRS, MemoryState};
use serde::{Deserialize, Serialize};

/// How an answer went, as FSRS grades a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

/// The grade for an answer's overall score: an unscored answer (too short, off topic, not a story)
/// is a miss.
pub fn grade(score: Option<u8>) -> Grade {
    match score {
        None => Grade::Again,
        Some(score) if score < 40 => Grade::Again,
        Some(score) if score < 60 => Grade::Hard,
        Some(score) if score < 85 => Grade::Good,
        Some(_) => Grade::Easy,
    }
}

/// Where one question stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewState {
    pub stability: f32,
    pub difficulty: f32,
    /// When to practise it again.
    pub due: NaiveDate,
    pub last_review: NaiveDate,
    pub reviews: u32,
    /// How many times it went badly.
    pub lapses: u32,
}

/// One practised question's schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub question_id: String,
    /// The target whose set holds it (for questions made from a posting or resume).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<crate::target::TargetId>,
    pub question_text: String,
    pub kind: crate::question::QuestionKind,
    /// The last answer's overall score.
    pub last_score: Option<u8>,
    pub state: ReviewState,
}

/// The share of questions the schedule aims to have ready when they come due.
const RETENTION: f32 = 0.9;

/// The longest gap between two practices of one question: interviews come within months.
const MAX_INTERVAL_DAYS: u64 = 60;

/// The question's next state after an answer graded `grade` on `today`.
pub fn schedule(previous: Option<&ReviewState>, grade: Grade, today: NaiveDate) -> ReviewState {
    let fsrs = FSRS::default();
    let elapsed = previous
        .map(|state| (today - state.last_review).num_days().max(0) as u32)
        .unwrap_or(0);
    let memory = previous.map(|state| MemoryState {
        stability: state.stability,
        difficulty: state.difficulty,
    });
    let next = match fsrs.next_states(memory, RETENTION, elapsed) {
        Ok(states) => match grade {
            Grade::Again => states.again,
            Grade::Hard => states.hard,
            Grade::Good => states.good,
            Grade::Easy => states.easy,
        },
        // The library refuses only impossible inputs; start the question over rather than fail.
        Err(_) => {
            return ReviewState {
                stability: 1.0,
                difficulty: 5.0,
                due: today.checked_add_days(Days::new(1)).unwrap_or(today),
                last_review: today,
                reviews: previous.map_or(1, |state| state.reviews + 1),
                lapses: previous.map_or(0, |state| state.lapses),
            };
        }
    };
    // A miss comes back tomorrow; otherwise FSRS's interval, at least a day.
    let days = if grade == Grade::Again {
        1
    } else {
        (next.interval.round().max(1.0) as u64).min(MAX_INTERVAL_DAYS)
    };
    ReviewState {
        stability: next.memory.stability,
        difficulty: next.memory.difficulty,
        due: today.checked_add_days(Days::new(days)).unwrap_or(today),
        last_review: today,
        reviews: previous.map_or(1, |state| state.reviews + 1),
        lapses: previous.map_or(0, |state| state.lapses) + u32::from(grade == Grade::Again),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn scores_become_grades() {
        assert_eq!(grade(None), Grade::Again);
        assert_eq!(grade(Some(30)), Grade::Again);
        assert_eq!(grade(Some(55)), Grade::Hard);
        assert_eq!(grade(Some(70)), Grade::Good);
        assert_eq!(grade(Some(90)), Grade::Easy);
    }

    #[test]
    fn weak_answers_come_back_sooner_and_good_ones_later_each_time() {
        let day = date("2026-12-01");
        let weak = schedule(None, Grade::Again, day);
        let good = schedule(None, Grade::Good, day);
        let easy = schedule(None, Grade::Easy, day);
        assert_eq!(weak.due, date("2026-12-02"));
        assert!(
            good.due > weak.due && easy.due >= good.due,
            "{good:?} {easy:?}"
        );

        // A history: good, good, then a miss, then good again.
        let mut state = good.clone();
        let mut gaps = Vec::new();
        for _ in 0..2 {
            let next = schedule(Some(&state), Grade::Good, state.due);
            gaps.push((next.due - state.due).num_days());
            state = next;
        }
        assert!(gaps[1] >= gaps[0], "intervals grow: {gaps:?}");
        let lapse = schedule(Some(&state), Grade::Again, state.due);
        assert_eq!(lapse.lapses, 1);
        assert_eq!((lapse.due - lapse.last_review).num_days(), 1);
        assert!(lapse.stability < state.stability);
        assert_eq!(lapse.reviews, 4);
        // Always within the cap.
        let mut long = easy;
        for _ in 0..10 {
            long = schedule(Some(&long), Grade::Easy, long.due);
        }
        assert!((long.due - long.last_review).num_days() <= 60);
    }
}
