//! The engine with the sentence model: full analyses and a question set, with the word rules
//! alone beside them as the baseline. Needs the model (REHEARSE_MODELS or REHEARSE_TEST_MODELS
//! naming a models folder with all-MiniLM-L6-v2); without it, nothing runs. The README records
//! the figures. Bars (issue 13): a 300-word behavioral answer in 250 ms; a technical one with 6
//! key points in 400 ms; a set from a 1,000-word posting in 300 ms.
//!
//! "Fresh" means every sentence is new to the model (each iteration changes every sentence), the
//! cost of a first analysis; "one sentence changed" is re-analysis while typing.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_core::meaning::Embedder;
use rehearse_core::question_set::{SetRequest, build_set};
use rehearse_core::{AnalysisInput, QuestionKind, analyze, analyze_with};
use rehearse_models::{Encoder, MINILM, ModelStatus, ModelsDir};

const BEHAVIORAL: &str = "Last spring I was the only analyst supporting a sales team of twelve. My task was to find out why our weekly revenue report was always a day late. I traced every step of the report, and I found that two people copied the same numbers by hand. I replaced the copying with one shared query that I scheduled for Monday mornings. I also wrote a short guide so the team could check the numbers themselves. I walked the two of them through it in a half-hour session, and I sat with them for the first two Mondays. When the regional managers asked for a split by product, I added it to the same query instead of starting a new report. As a result, the report went out on time every week, and we saved about six hours of work a week between us. The sales director started using it in her Monday meeting, and later two other teams asked for the same setup. I helped them adapt the query for their regions, which took me two afternoons. Looking back, I learned to ask where the time goes before building anything new, and that a small fix can matter more than a big project. The guide is still in use, and my manager mentioned it in my review. If I did it again, I would involve the team earlier, because they knew where the numbers came from better than I did, and two of them had ideas I only heard about later.";

const TECHNICAL: &str = "A window function computes something for each row using a set of related rows, but unlike GROUP BY it keeps every row instead of collapsing each group into one. You define the window with OVER, usually PARTITION BY a column and ORDER BY another, and you can give a frame such as the last seven rows for a rolling average. For ranking, ROW_NUMBER gives every row its own number, RANK leaves gaps after ties and DENSE_RANK does not. LAG and LEAD read the previous or next row, which is how I compute day-over-day change. One trap is the default frame: with ORDER BY and no frame it runs from the start of the partition to the current row and includes ties. And because window functions are evaluated after WHERE and GROUP BY, you cannot filter on them directly; you wrap the query in a CTE or use QUALIFY where the database has it. In practice I use them for deduplicating events, keeping the latest row per customer, and running totals in finance reports.";

fn encoder() -> Option<Encoder> {
    let root =
        std::env::var_os("REHEARSE_MODELS").or_else(|| std::env::var_os("REHEARSE_TEST_MODELS"))?;
    match ModelsDir::new(root).status(&MINILM) {
        ModelStatus::Installed { path } => Encoder::load(MINILM.name, &path).ok(),
        _ => None,
    }
}

/// The answer with every sentence made new (a number added to each), so no vector is cached.
fn fresh(answer: &str, round: u64) -> String {
    answer.replace(". ", &format!(" ({round}). "))
}

fn posting() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/evaldata/jobs-linkedin-india/jobs_sample.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("the shared evaldata");
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| row["description"].as_str().map(str::to_owned))
        .max_by_key(|description| description.split_whitespace().count())
        .expect("a posting")
}

fn bench(c: &mut Criterion) {
    let Some(encoder) = encoder() else {
        eprintln!("the meaning benchmark needs the model: set REHEARSE_MODELS");
        return;
    };
    let bank = rehearse_content::Bank::builtin().expect("bank");
    let skills = rehearse_content::builtin_skills().expect("skills");
    let key_points = bank
        .get("tech-sql-window-functions")
        .expect("question")
        .key_points
        .clone();
    assert_eq!(key_points.len(), 6);
    eprintln!(
        "behavioral answer: {} words; technical: {} words",
        BEHAVIORAL.split_whitespace().count(),
        TECHNICAL.split_whitespace().count()
    );

    // The bank's texts, embedded once (what `warm_up_meaning` does at the first start).
    let texts: Vec<&str> = bank
        .questions()
        .iter()
        .flat_map(|question| {
            std::iter::once(question.text.as_str())
                .chain(question.key_points.iter().map(String::as_str))
        })
        .collect();
    let started = Instant::now();
    encoder.embed(&texts);
    eprintln!(
        "the bank's {} texts embedded in {:.1} s (once per model; kept on disk)",
        texts.len(),
        started.elapsed().as_secs_f64()
    );

    fn behavioral(answer: &str) -> AnalysisInput<'_> {
        AnalysisInput {
            question: "Tell me about a time you improved a process at work.",
            kind: QuestionKind::Behavioral,
            competencies: &[],
            key_points: &[],
            answer,
        }
    }
    c.bench_function(
        "meaning: 300-word behavioral answer, words only (baseline)",
        |b| b.iter(|| analyze(black_box(&behavioral(BEHAVIORAL)))),
    );
    let mut round = 0;
    c.bench_function("meaning: 300-word behavioral answer, fresh", |b| {
        b.iter(|| {
            round += 1;
            let answer = fresh(BEHAVIORAL, round);
            analyze_with(&behavioral(&answer), Some(&encoder))
        })
    });
    c.bench_function(
        "meaning: 300-word behavioral answer, one sentence changed",
        |b| {
            b.iter(|| {
                round += 1;
                let answer = format!("{BEHAVIORAL} That was in {round}.");
                analyze_with(&behavioral(&answer), Some(&encoder))
            })
        },
    );
    fn technical<'a>(answer: &'a str, key_points: &'a [String]) -> AnalysisInput<'a> {
        AnalysisInput {
            question: "Explain SQL window functions and when you would use one instead of GROUP BY.",
            kind: QuestionKind::Technical,
            competencies: &[],
            key_points,
            answer,
        }
    }
    c.bench_function("meaning: technical answer with 6 key points, fresh", |b| {
        b.iter(|| {
            round += 1;
            let answer = fresh(TECHNICAL, round);
            analyze_with(&technical(&answer, &key_points), Some(&encoder))
        })
    });

    let posting = posting();
    eprintln!("posting: {} words", posting.split_whitespace().count());
    let set = |posting: &str, meaning: Option<&dyn Embedder>| {
        let profile = rehearse_core::posting::read_posting(posting, &skills, None);
        build_set(&SetRequest {
            profile: &profile,
            resume: None,
            bank: bank.questions(),
            count: 20,
            exclude: &[],
            meaning,
        })
    };
    c.bench_function("meaning: question set, words only (baseline)", |b| {
        b.iter(|| set(black_box(&posting), None))
    });
    c.bench_function("meaning: question set from a fresh posting", |b| {
        b.iter(|| {
            round += 1;
            set(&fresh(&posting, round), Some(&encoder))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
