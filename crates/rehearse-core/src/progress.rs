//! Progress over time: readiness per interview kind, score trends per sub-score, filler and length
//! trends, and the story bank against its 7–10 goal. Pure: the caller passes the answers' totals
//! (kept up to date as answers are saved, so the dashboard costs the same at any history size) and
//! the questions the user's sets hold.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::analysis::Scores;
use crate::question::QuestionKind;

/// What the dashboard needs from one attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptPoint {
    /// When it was answered: the order of a question's attempts (the latest score counts).
    pub at: DateTime<Utc>,
    /// The user's local day of `at`, for the daily trends.
    pub date: NaiveDate,
    pub question_id: String,
    pub kind: QuestionKind,
    pub scores: Option<Scores>,
    pub words: usize,
    pub fillers: usize,
}

/// The questions of one kind the user is preparing (the union of their sets).
#[derive(Debug, Clone, PartialEq)]
pub struct KindPool {
    pub kind: QuestionKind,
    pub question_ids: Vec<String>,
}

/// How ready the user is for one kind of interview question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub kind: QuestionKind,
    /// Questions of this kind in the user's sets.
    pub questions: usize,
    /// How many of them have been answered at least once.
    pub practised: usize,
    /// The mean of the latest score of each practised question (an unscored answer counts 0).
    pub recent_score: Option<f64>,
    /// Coverage × recent score, 0–100.
    pub readiness: u8,
}

/// One day's practice, averaged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTrend {
    pub date: NaiveDate,
    pub attempts: usize,
    /// Mean scores of the day's scored answers, by sub-score name ("overall", "structure", …);
    /// a name is absent when no answer that day had it.
    pub scores: BTreeMap<&'static str, f64>,
    /// Filler words per 100 words, over the day's answers.
    pub fillers_per_100_words: f64,
    /// Mean answer length in words.
    pub mean_words: f64,
}

/// The dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub attempts: usize,
    pub readiness: Vec<Readiness>,
    /// Oldest first.
    pub days: Vec<DayTrend>,
    pub stories: usize,
    /// The guide's goal for the story bank.
    pub story_goal: [usize; 2],
}

/// The sub-scores the trends follow, in display order.
pub const TREND_SCORES: [&str; 7] = [
    "overall",
    "structure",
    "ownership",
    "impact",
    "concision",
    "relevance",
    "delivery",
];

/// One day's practice, summed: what the dashboard's trends are computed from. The store keeps
/// these as counters, added to as each answer is saved ([`Totals::add`] is the same sum).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayTotals {
    pub date: NaiveDate,
    pub attempts: usize,
    pub words: usize,
    pub fillers: usize,
    /// For each of [`TREND_SCORES`]: the sum and the count of that sub-score over the day's
    /// scored answers that had it.
    pub scores: [(u64, u64); 7],
}

impl DayTotals {
    fn new(date: NaiveDate) -> DayTotals {
        DayTotals {
            date,
            attempts: 0,
            words: 0,
            fillers: 0,
            scores: [(0, 0); 7],
        }
    }

    /// The sub-scores of `scores` in [`TREND_SCORES`] order.
    pub fn named(scores: &Scores) -> [Option<u8>; 7] {
        [
            Some(scores.overall),
            scores.structure,
            scores.ownership,
            scores.impact,
            Some(scores.concision),
            scores.relevance,
            Some(scores.delivery),
        ]
    }
}

/// Everything the dashboard needs from the user's answers, kept up to date answer by answer, so
/// its cost does not grow with how many there are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub attempts: usize,
    /// Each practised question's latest overall score (`None`: that answer was not scored).
    pub latest: HashMap<String, Option<u8>>,
    /// Oldest first.
    pub days: Vec<DayTotals>,
}

impl Totals {
    /// Adds one answer; answers are added in the order they were given.
    pub fn add(&mut self, point: &AttemptPoint) {
        self.attempts += 1;
        self.latest.insert(
            point.question_id.clone(),
            point.scores.as_ref().map(|scores| scores.overall),
        );
        let position = match self.days.binary_search_by_key(&point.date, |day| day.date) {
            Ok(position) => position,
            Err(position) => {
                self.days.insert(position, DayTotals::new(point.date));
                position
            }
        };
        let day = &mut self.days[position];
        day.attempts += 1;
        day.words += point.words;
        day.fillers += point.fillers;
        if let Some(scores) = &point.scores {
            for (total, score) in day.scores.iter_mut().zip(DayTotals::named(scores)) {
                if let Some(score) = score {
                    total.0 += u64::from(score);
                    total.1 += 1;
                }
            }
        }
    }

    /// The totals of `points`, in any order (by time, not by day: two answers on one day keep
    /// their order).
    pub fn from_points(points: &[AttemptPoint]) -> Totals {
        let mut ordered: Vec<&AttemptPoint> = points.iter().collect();
        ordered.sort_by_key(|point| point.at);
        let mut totals = Totals::default();
        for point in ordered {
            totals.add(point);
        }
        totals
    }
}

/// The dashboard from the answers' totals, the set questions by kind, and the story count.
pub fn progress(totals: &Totals, pools: &[KindPool], stories: usize) -> Progress {
    let readiness = pools
        .iter()
        .filter(|pool| !pool.question_ids.is_empty())
        .map(|pool| {
            let ids: HashSet<&str> = pool.question_ids.iter().map(String::as_str).collect();
            let scores: Vec<f64> = ids
                .iter()
                .filter_map(|id| totals.latest.get(*id))
                .map(|score| f64::from(score.unwrap_or(0)))
                .collect();
            let coverage = scores.len() as f64 / ids.len() as f64;
            let recent_score =
                (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            Readiness {
                kind: pool.kind,
                questions: ids.len(),
                practised: scores.len(),
                recent_score,
                readiness: (coverage * recent_score.unwrap_or(0.0)).round() as u8,
            }
        })
        .collect();
    Progress {
        attempts: totals.attempts,
        readiness,
        days: totals.days.iter().map(day_trend).collect(),
        stories,
        story_goal: [7, 10],
    }
}

fn day_trend(day: &DayTotals) -> DayTrend {
    DayTrend {
        date: day.date,
        attempts: day.attempts,
        scores: TREND_SCORES
            .iter()
            .zip(day.scores)
            .filter(|(_, (_, count))| *count > 0)
            .map(|(name, (sum, count))| (*name, round1(sum as f64 / count as f64)))
            .collect(),
        fillers_per_100_words: if day.words == 0 {
            0.0
        } else {
            round1(day.fillers as f64 * 100.0 / day.words as f64)
        },
        mean_words: round1(day.words as f64 / day.attempts.max(1) as f64),
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(overall: u8, structure: u8) -> Scores {
        Scores {
            overall,
            structure: Some(structure),
            ownership: None,
            impact: None,
            concision: 70,
            relevance: None,
            delivery: 80,
        }
    }

    fn point(
        date: &str,
        id: &str,
        score: Option<u8>,
        words: usize,
        fillers: usize,
    ) -> AttemptPoint {
        let date: NaiveDate = date.parse().unwrap();
        AttemptPoint {
            at: date.and_hms_opt(12, 0, 0).unwrap().and_utc(),
            date,
            question_id: id.to_owned(),
            kind: QuestionKind::Behavioral,
            scores: score.map(|score| scores(score, score)),
            words,
            fillers,
        }
    }

    #[test]
    fn readiness_is_coverage_times_the_latest_scores() {
        let attempts = [
            point("2026-11-02", "a", Some(40), 200, 4),
            point("2026-11-01", "b", None, 10, 0),
            // A later, better answer to "a" replaces its earlier score.
            point("2026-11-03", "a", Some(80), 250, 1),
        ];
        let pools = [
            KindPool {
                kind: QuestionKind::Behavioral,
                question_ids: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            },
            KindPool {
                kind: QuestionKind::Technical,
                question_ids: vec!["t".into()],
            },
            KindPool {
                kind: QuestionKind::Case,
                question_ids: vec![],
            },
        ];
        let progress = progress(&Totals::from_points(&attempts), &pools, 3);
        assert_eq!(progress.readiness.len(), 2, "an empty pool is not shown");
        let behavioral = &progress.readiness[0];
        assert_eq!((behavioral.questions, behavioral.practised), (4, 2));
        // "a" latest 80, "b" unscored 0: mean 40; coverage 2/4: readiness 20.
        assert_eq!(behavioral.recent_score, Some(40.0));
        assert_eq!(behavioral.readiness, 20);
        let technical = &progress.readiness[1];
        assert_eq!((technical.practised, technical.readiness), (0, 0));
        assert_eq!(technical.recent_score, None);
        assert_eq!(progress.story_goal, [7, 10]);
        assert_eq!(progress.stories, 3);
    }

    #[test]
    fn the_latest_of_one_day_counts_whatever_the_order_given() {
        // Newest first, as the store lists them: a retry from 37 to 73 on the same day.
        let mut retry = point("2026-11-02", "a", Some(73), 200, 0);
        retry.at += chrono::Duration::minutes(20);
        let attempts = [retry, point("2026-11-02", "a", Some(37), 200, 0)];
        let pools = [KindPool {
            kind: QuestionKind::Behavioral,
            question_ids: vec!["a".into()],
        }];
        let progress = progress(&Totals::from_points(&attempts), &pools, 0);
        assert_eq!(progress.readiness[0].recent_score, Some(73.0));
        assert_eq!(progress.readiness[0].readiness, 73);
    }

    #[test]
    fn trends_are_per_day_oldest_first() {
        let attempts = [
            point("2026-11-02", "a", Some(60), 200, 6),
            point("2026-11-01", "b", None, 100, 5),
            point("2026-11-02", "c", Some(80), 300, 4),
        ];
        let progress = progress(&Totals::from_points(&attempts), &[], 0);
        assert_eq!(progress.attempts, 3);
        let [first, second] = progress.days.as_slice() else {
            panic!("two days expected: {:?}", progress.days);
        };
        assert_eq!(first.date.to_string(), "2026-11-01");
        assert!(first.scores.is_empty(), "an unscored day has no scores");
        assert_eq!(first.fillers_per_100_words, 5.0);
        assert_eq!(second.attempts, 2);
        assert_eq!(second.scores["overall"], 70.0);
        assert_eq!(second.scores["structure"], 70.0);
        assert_eq!(second.scores["delivery"], 80.0);
        assert!(!second.scores.contains_key("impact"));
        assert_eq!(second.fillers_per_100_words, 2.0);
        assert_eq!(second.mean_words, 250.0);
    }
}
