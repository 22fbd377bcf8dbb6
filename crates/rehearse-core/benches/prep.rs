//! How fast the run-up tools are: the plan is recomputed on every page view (so a missed day
//! re-flows by itself), the dashboard on every visit, and a review schedule on every answer. Run
//! with `cargo bench -p rehearse-core --bench prep`; the README records the figures.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_core::analysis::Scores;
use rehearse_core::plan::{DoneTask, PlanQuestion, PlanRequest, PlanTarget, make_plan};
use rehearse_core::progress::{AttemptPoint, KindPool, Totals, progress};
use rehearse_core::review::{Grade, schedule};
use rehearse_core::target::TargetId;
use rehearse_core::{QuestionKind, RoleFamily, Seniority};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn benchmarks(c: &mut Criterion) {
    let today = date("2026-11-29");
    // Three jobs with interviews a week, a month and two months away.
    let targets: Vec<PlanTarget> = [
        (RoleFamily::SoftwareEngineering, Seniority::Senior, 7),
        (RoleFamily::MlEngineering, Seniority::Mid, 30),
        (RoleFamily::ProductManagement, Seniority::Manager, 60),
    ]
    .into_iter()
    .enumerate()
    .map(|(index, (family, seniority, days))| PlanTarget {
        id: Some(TargetId(index as i64 + 1)),
        name: format!("Job {index}"),
        company: Some(format!("Company {index}")),
        role_family: family,
        seniority,
        interview: today + Days::new(days),
        format: rehearse_core::prep::InterviewFormat::Unknown,
        story_gaps: vec!["failure".into(), "conflict".into(), "leadership".into()],
        asked: 3,
        questions: (0..30)
            .map(|n| PlanQuestion {
                id: format!("q{n}"),
                kind: QuestionKind::ALL[n % 5],
                text: format!("Practice question number {n} about something"),
            })
            .collect(),
    })
    .collect();
    let request = PlanRequest {
        today,
        hours_per_day: 1.5,
        targets,
        done: vec![DoneTask {
            id: "1:research:company".into(),
            on: today,
        }],
    };
    assert!(!make_plan(&request).unwrap().days.is_empty());
    c.bench_function("plan: three jobs over two months", |b| {
        b.iter(|| make_plan(black_box(&request)))
    });

    // A year of practice: 2,000 answers to 300 questions.
    let attempts: Vec<AttemptPoint> = (0..2_000_u32)
        .map(|n| AttemptPoint {
            at: (today - Days::new(u64::from(n % 365)))
                .and_hms_opt(12, 0, 0)
                .unwrap()
                .and_utc(),
            date: today - Days::new(u64::from(n % 365)),
            question_id: format!("q{}", n % 300),
            kind: QuestionKind::ALL[(n % 5) as usize],
            scores: (n % 7 != 0).then_some(Scores {
                overall: (n % 100) as u8,
                structure: Some(70),
                ownership: Some(60),
                impact: None,
                concision: 80,
                relevance: None,
                delivery: 75,
            }),
            words: 200 + (n % 150) as usize,
            fillers: (n % 9) as usize,
        })
        .collect();
    let pools: Vec<KindPool> = QuestionKind::ALL
        .iter()
        .enumerate()
        .map(|(index, kind)| KindPool {
            kind: *kind,
            question_ids: (0..60).map(|n| format!("q{}", n * 5 + index)).collect(),
        })
        .collect();
    c.bench_function("progress: 2,000 answers", |b| {
        b.iter(|| {
            progress(
                &Totals::from_points(black_box(&attempts)),
                black_box(&pools),
                8,
            )
        })
    });

    let state = schedule(None, Grade::Good, today);
    c.bench_function("review: schedule one answer (FSRS)", |b| {
        b.iter(|| schedule(black_box(Some(&state)), Grade::Hard, today + Days::new(3)))
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
