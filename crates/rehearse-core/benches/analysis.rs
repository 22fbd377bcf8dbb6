//! How fast the feedback engine is. Run with `cargo bench -p rehearse-core`; the README records
//! the figures. Bars (DESIGN.md §7): a 300-word answer under 100 µs median on one core, and within
//! 10× the cost of merely splitting the same text into words.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_core::QuestionKind;
use rehearse_core::analysis::{AnalysisInput, analyze};
use rehearse_core::text;

/// A 300-word behavioral answer with every STAR part, a filler, a hedge and a number.
const ANSWER_300: &str = "Last spring I was the only data analyst supporting a regional sales team of twelve people, \
and our weekly revenue report was always a day late, which meant the managers planned the week on old numbers. \
My task was to find out why the report was late and to get it out every Monday morning without adding headcount. \
I started by shadowing the two colleagues who built it, and I wrote down every step they took, um, from the export \
to the final email. I found that they copied the same figures by hand from three systems, and that most of the delay \
came from checking each other's copies. I think the checks were sensible, but the copying was not. So I proposed a \
single shared query that pulled the numbers straight from the source systems, and I walked the sales director through \
a side-by-side comparison of four past reports to show that the totals matched to the cent. Once she agreed, I built \
the query, I scheduled it to run at six every Monday, and I set up an alert that emailed me if any source was missing. \
I also wrote a one-page guide so the two colleagues could check the numbers themselves, and I ran a short session with \
them so they felt ownership of the new process rather than replaced by it. For the first month I compared every \
automated report with a manual one before it went out. As a result, the report has gone out on time every week since, \
we saved about six hours of manual work a week, and the managers now plan from numbers that are hours old instead of \
days. Looking back, I learned that showing people the evidence side by side persuades them faster than any argument, \
and I have used that approach on every process change since then.";

const KEY_POINTS: &[&str] = &[
    "An index (usually a B-tree) keeps the column's values sorted with pointers to the rows, so lookups avoid a full table scan.",
    "Indexes cost extra storage and slow down writes because every index has to be maintained.",
    "In a composite index column order matters: it serves queries that filter on its leftmost columns.",
    "Use EXPLAIN to confirm the planner uses the index.",
];

fn benchmarks(c: &mut Criterion) {
    let words = text::words(ANSWER_300).len();
    assert!(
        (280..=320).contains(&words),
        "the sample answer has {words} words"
    );
    let competencies = vec!["problem-solving".to_owned(), "influence".to_owned()];
    let key_points: Vec<String> = KEY_POINTS.iter().map(|point| point.to_string()).collect();

    c.bench_function("split_words_300", |b| {
        b.iter(|| text::words(black_box(ANSWER_300)))
    });
    c.bench_function("analyze_behavioral_300", |b| {
        b.iter(|| {
            analyze(black_box(&AnalysisInput {
                question: "Tell me about a time you improved a process.",
                kind: QuestionKind::Behavioral,
                competencies: &competencies,
                key_points: &[],
                answer: ANSWER_300,
            }))
        })
    });
    c.bench_function("analyze_technical_300_with_4_key_points", |b| {
        b.iter(|| {
            analyze(black_box(&AnalysisInput {
                question: "How does a database index work?",
                kind: QuestionKind::Technical,
                competencies: &[],
                key_points: &key_points,
                answer: ANSWER_300,
            }))
        })
    });
    let megabyte: String = ANSWER_300.repeat(1_000_000 / ANSWER_300.len() + 1);
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("analyze_behavioral_1mb", |b| {
        b.iter(|| {
            analyze(black_box(&AnalysisInput {
                question: "Tell me about a time you improved a process.",
                kind: QuestionKind::Behavioral,
                competencies: &competencies,
                key_points: &[],
                answer: &megabyte,
            }))
        })
    });
    group.finish();
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
