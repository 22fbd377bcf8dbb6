//! The run-up to the interview through the app: interview dates and the plan, reviews scheduled
//! from practice, the dashboard, research, the checklist, the salary helper and debriefs.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rehearse_app::{App, Clock, DebriefInput, PlanSubject, PostingSource, SetSpec, SubmitAttempt};
use rehearse_core::plan::{Category, Interview};
use rehearse_core::prep::{Checklist, MarketPoint, ResearchNotes, SalaryWorksheet};
use rehearse_core::question_set::SourceKind;
use rehearse_core::target::Target;
use rehearse_core::{QuestionKind, Seniority, UserId};

use crate::{POSTING, app, app_with_clock, error_of};

/// A clock the test moves forward.
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl TestClock {
    fn advance_days(&self, days: i64) {
        *self.0.lock().unwrap() += Duration::days(days);
    }
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const USER: UserId = UserId::LOCAL;

/// A behavioral answer with every STAR part and a number in the result.
const STRONG: &str = "Last spring I was the only analyst supporting a sales team of twelve. \
My task was to find out why our weekly revenue report was always a day late. \
I traced every step of the report, I found that two people copied the same numbers by hand, \
and I replaced the copying with one shared query that I scheduled for Monday mornings. \
I also wrote a short guide so the team could check the numbers themselves. \
As a result, the report went out on time every week and we saved about six hours of work a week.";

/// Too short to score.
const WEAK: &str = "We fixed it, um, together.";

async fn target(app: &App) -> Target {
    app.create_target(
        USER,
        SetSpec {
            posting: Some(PostingSource::Text(POSTING.into())),
            ..SetSpec::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn interview_dates_make_a_plan_that_remembers_what_is_done() {
    let (app, _dir) = app().await;
    assert_eq!(app.today(), date("2026-11-29"));
    let (code, _) = error_of(app.plan(USER, PlanSubject::Saved, None).await);
    assert_eq!(code, "nothing_to_plan");

    let job = target(&app).await;
    let saved = app
        .set_interviews(
            USER,
            job.id,
            vec![
                Interview {
                    date: date("2026-12-10"),
                    label: " onsite ".into(),
                },
                Interview {
                    date: date("2026-12-06"),
                    label: "phone screen".into(),
                },
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        saved.interviews[0].date,
        date("2026-12-06"),
        "soonest first"
    );
    assert_eq!(saved.interviews[1].label, "onsite", "labels trimmed");

    assert_eq!(app.hours_per_day(USER).await.unwrap(), 1.0);
    app.set_hours_per_day(USER, 2.0).await.unwrap();
    assert_eq!(app.hours_per_day(USER).await.unwrap(), 2.0);
    let (code, message) = error_of(app.set_hours_per_day(USER, 0.0).await);
    assert_eq!(code, "bad_hours");
    assert!(message.contains("15 minutes"), "{message}");

    let plan = app.plan(USER, PlanSubject::Saved, None).await.unwrap();
    // A senior data role: the guide's 8–20 hours, with a week of two-hour days to fit them.
    assert!(
        (8.0..=20.0).contains(&plan.total_hours),
        "{}",
        plan.total_hours
    );
    assert_eq!(plan.days[0].date, date("2026-11-29"));
    assert!(plan.days.iter().all(|day| day.date < date("2026-12-06")));
    assert!(
        plan.days
            .iter()
            .all(|day| day.tasks.iter().map(|task| task.minutes).sum::<u32>() <= 120)
    );
    let research = plan
        .days
        .iter()
        .flat_map(|day| &day.tasks)
        .find(|task| task.category == Category::Research)
        .unwrap()
        .clone();
    assert_eq!(research.link, format!("/targets/{}/research", job.id));

    app.mark_task(USER, &research.id, true).await.unwrap();
    let plan = app.plan(USER, PlanSubject::Saved, None).await.unwrap();
    assert!(
        plan.done
            .iter()
            .any(|task| task.id == research.id && task.done)
    );
    assert!(
        plan.days
            .iter()
            .flat_map(|day| &day.tasks)
            .all(|task| task.id != research.id)
    );
    app.mark_task(USER, &research.id, false).await.unwrap();
    let plan = app.plan(USER, PlanSubject::Saved, None).await.unwrap();
    assert!(plan.done.is_empty());
    let (code, _) = error_of(app.mark_task(USER, " ", true).await);
    assert_eq!(code, "bad_task_id");

    // One job with another date, and a role with no saved job.
    let one = app
        .plan(
            USER,
            PlanSubject::Target {
                id: job.id,
                date: Some(date("2026-11-30")),
            },
            Some(1.0),
        )
        .await
        .unwrap();
    assert_eq!(one.days.len(), 1, "only today is left");
    assert!(!one.cuts.is_empty(), "a close date says what was cut");
    assert!(one.notes.iter().any(|note| note.contains("Only today")));
    let role = app
        .plan(
            USER,
            PlanSubject::Role {
                role: "machine learning engineer".into(),
                level: Some(Seniority::Senior),
                date: date("2027-01-20"),
            },
            Some(1.5),
        )
        .await
        .unwrap();
    assert!(
        (20.0..=40.0).contains(&role.total_hours),
        "{}",
        role.total_hours
    );
    let (code, _) = error_of(
        app.plan(
            USER,
            PlanSubject::Role {
                role: "nurse".into(),
                level: None,
                date: date("2026-11-01"),
            },
            None,
        )
        .await,
    );
    assert_eq!(code, "date_in_past");

    // Too many rounds, a long label, another user's job.
    let many = vec![
        Interview {
            date: date("2026-12-10"),
            label: String::new(),
        };
        11
    ];
    assert_eq!(
        error_of(app.set_interviews(USER, job.id, many).await).0,
        "too_many_rounds"
    );
    let long = vec![Interview {
        date: date("2026-12-10"),
        label: "x".repeat(101),
    }];
    assert_eq!(
        error_of(app.set_interviews(USER, job.id, long).await).0,
        "label_too_long"
    );
    assert_eq!(
        error_of(app.set_interviews(UserId(2), job.id, vec![]).await).0,
        "target_not_found"
    );

    // When every interview has passed, there is nothing left to plan.
    app.set_interviews(
        USER,
        job.id,
        vec![Interview {
            date: date("2026-11-01"),
            label: String::new(),
        }],
    )
    .await
    .unwrap();
    assert_eq!(
        error_of(app.plan(USER, PlanSubject::Saved, None).await).0,
        "nothing_to_plan"
    );
    assert_eq!(
        error_of(
            app.plan(
                USER,
                PlanSubject::Target {
                    id: job.id,
                    date: None
                },
                None
            )
            .await
        )
        .0,
        "no_interview_date"
    );
}

#[tokio::test]
async fn practice_schedules_reviews_and_weak_answers_come_back_sooner() {
    let clock = Arc::new(TestClock(Mutex::new(
        Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap(),
    )));
    let (app, _dir) = app_with_clock(clock.clone()).await;
    let answer = |id: &str, text: &str| SubmitAttempt {
        question_id: id.to_owned(),
        target_id: None,
        story_id: None,
        answer: text.to_owned(),
        duration_seconds: None,
        recording: None,
    };
    app.submit_attempt(USER, answer("beh-conflict-coworker", STRONG))
        .await
        .unwrap();
    app.submit_attempt(USER, answer("beh-why-this-role", WEAK))
        .await
        .unwrap();
    assert!(
        app.due(USER).await.unwrap().is_empty(),
        "nothing is due the day it was practised"
    );
    let reviews = app.reviews(USER).await.unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(
        reviews[0].question_id, "beh-why-this-role",
        "soonest due first"
    );
    assert_eq!(
        reviews[0].state.due,
        date("2026-11-03"),
        "a miss comes back tomorrow"
    );
    assert_eq!(reviews[0].state.lapses, 1);
    let strong_due = reviews[1].state.due;
    assert!(strong_due > date("2026-11-03"));

    // Tomorrow the weak one is due; answered well, it goes out further each time.
    clock.advance_days(1);
    let due = app.due(USER).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].question_id, "beh-why-this-role");
    let mut last_gap = 0;
    for _ in 0..3 {
        let today = app.today();
        app.submit_attempt(USER, answer("beh-why-this-role", STRONG))
            .await
            .unwrap();
        let record = app
            .reviews(USER)
            .await
            .unwrap()
            .into_iter()
            .find(|record| record.question_id == "beh-why-this-role")
            .unwrap();
        let gap = (record.state.due - today).num_days();
        assert!(gap > last_gap, "intervals grow: {gap} after {last_gap}");
        last_gap = gap;
        clock.advance_days(gap);
    }
}

#[tokio::test]
async fn the_dashboard_counts_readiness_trends_and_stories() {
    let (app, _dir) = app().await;
    let job = target(&app).await;
    let empty = app.progress(USER).await.unwrap();
    assert_eq!(empty.attempts, 0);
    assert!(empty.days.is_empty());
    let behavioral = job
        .set
        .questions
        .iter()
        .find(|question| question.kind == QuestionKind::Behavioral)
        .unwrap();
    app.submit_attempt(
        USER,
        SubmitAttempt {
            question_id: behavioral.id.clone(),
            target_id: Some(job.id),
            story_id: None,
            answer: STRONG.into(),
            duration_seconds: None,
            recording: None,
        },
    )
    .await
    .unwrap();
    let progress = app.progress(USER).await.unwrap();
    assert_eq!(progress.attempts, 1);
    let readiness = progress
        .readiness
        .iter()
        .find(|row| row.kind == QuestionKind::Behavioral)
        .unwrap();
    assert_eq!(readiness.practised, 1);
    assert!(readiness.readiness > 0);
    assert_eq!(progress.days.len(), 1);
    assert!(progress.days[0].scores.contains_key("overall"));
    assert_eq!(progress.stories, 0);
    assert_eq!(progress.story_goal, [7, 10]);
}

#[tokio::test]
async fn research_checklist_and_salary_are_kept_per_user() {
    let (app, _dir) = app().await;
    let job = target(&app).await;
    let notes = app.research(USER, job.id).await.unwrap();
    assert!(
        notes.values.contains("We value ownership"),
        "{:?}",
        notes.values
    );
    let mine = ResearchNotes {
        mission: "Move freight with less waste".into(),
        ..notes
    };
    app.save_research(USER, job.id, &mine).await.unwrap();
    assert_eq!(app.research(USER, job.id).await.unwrap(), mine);
    let long = ResearchNotes {
        news: "x".repeat(10_001),
        ..mine
    };
    assert_eq!(
        error_of(app.save_research(USER, job.id, &long).await).0,
        "note_too_long"
    );
    assert_eq!(
        error_of(app.research(UserId(2), job.id).await).0,
        "target_not_found"
    );

    let ticked = app
        .save_checklist(
            USER,
            Some(job.id),
            Checklist {
                checked: vec![
                    "light".into(),
                    "camera".into(),
                    "made-up".into(),
                    "light".into(),
                ],
            },
        )
        .await
        .unwrap();
    assert_eq!(ticked.checked, ["camera", "light"]);
    assert_eq!(app.checklist(USER, Some(job.id)).await.unwrap(), ticked);
    assert!(app.checklist(USER, None).await.unwrap().checked.is_empty());

    let (worksheet, proposal) = app.salary(USER).await.unwrap();
    assert!(worksheet.points.is_empty() && proposal.is_none());
    let point = |figure: f64| MarketPoint {
        source: "a survey".into(),
        figure,
        level: "senior".into(),
        location: "Berlin".into(),
    };
    let proposal = app
        .save_salary(
            USER,
            SalaryWorksheet {
                points: vec![point(80_000.0), point(90_000.0), point(100_000.0)],
                experience: "six years in data engineering".into(),
                currency: "€".into(),
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(proposal.target, 92_000.0);
    assert!(proposal.script.contains("€92,000"), "{}", proposal.script);
    assert_eq!(app.salary(USER).await.unwrap().0.points.len(), 3);
    let (code, message) = error_of(
        app.save_salary(
            USER,
            SalaryWorksheet {
                points: vec![point(f64::NAN)],
                ..SalaryWorksheet::default()
            },
        )
        .await,
    );
    assert_eq!(code, "bad_salary");
    assert!(message.contains("as a number"), "{message}");
}

#[tokio::test]
async fn a_debrief_adds_the_questions_asked_and_the_next_round() {
    let (app, _dir) = app().await;
    let job = target(&app).await;
    let before = job.set.questions.len();
    let outcome = app
        .add_debrief(
            USER,
            job.id,
            DebriefInput {
                date: Some(date("2026-11-27")),
                round: "phone screen".into(),
                notes: "Went well; I rambled on the Spark question.".into(),
                // One question an entry; a blank entry is skipped, a line break is a space.
                questions: vec![
                    "How would you backfill a year of Kafka events\ninto Snowflake?".into(),
                    "  ".into(),
                    "Why are you leaving Northwind?".into(),
                ],
                next_round: Some(date("2026-12-08")),
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome.added, 2);
    assert_eq!(outcome.debrief.fields.questions.len(), 2);
    let job = app.target(USER, job.id).await.unwrap();
    assert_eq!(job.set.questions.len(), before + 2);
    let asked: Vec<_> = job
        .set
        .questions
        .iter()
        .filter(|question| question.source.from == SourceKind::Debrief)
        .collect();
    assert!(
        asked[0].why.contains("2026-11-27 (phone screen)"),
        "{}",
        asked[0].why
    );
    assert_eq!(job.interviews[0].date, date("2026-12-08"));
    assert_eq!(app.debriefs(USER, job.id).await.unwrap().len(), 1);

    // The plan for the next round starts with the questions the last one asked.
    let plan = app.plan(USER, PlanSubject::Saved, None).await.unwrap();
    let first = &plan.days[0].tasks[0];
    assert!(
        first
            .title
            .contains("2 questions your last interview asked"),
        "{}",
        first.title
    );

    // Bad input: a date to come, nothing written, too many questions.
    let (code, _) = error_of(
        app.add_debrief(
            USER,
            job.id,
            DebriefInput {
                date: Some(date("2026-12-01")),
                questions: vec!["Why us?".into()],
                ..DebriefInput::default()
            },
        )
        .await,
    );
    assert_eq!(code, "date_in_future");
    let (code, _) = error_of(app.add_debrief(USER, job.id, DebriefInput::default()).await);
    assert_eq!(code, "empty_debrief");
    let (code, _) = error_of(
        app.add_debrief(
            USER,
            job.id,
            DebriefInput {
                questions: (0..31).map(|n| format!("Question {n}?")).collect(),
                ..DebriefInput::default()
            },
        )
        .await,
    );
    assert_eq!(code, "too_many_questions");
}
