//! How fast a question set is built. Run with `cargo bench -p rehearse-content`; the README
//! records the figures. Bar (issue 4): a 1,000-word posting against a 10,000-question bank in
//! under 20 ms, reading the posting included.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_content::{Bank, builtin_skills};
use rehearse_core::posting::read_posting;
use rehearse_core::question_set::{SetRequest, build_set};
use rehearse_core::resume::read_resume;
use rehearse_core::{Question, QuestionId};

/// A structured posting of about 1,000 words: a blurb, duties, requirements, values, benefits.
fn posting_1000_words() -> String {
    let mut text = String::from(
        "Senior Backend Engineer at Harbour Payments\n\n\
         About us\n\
         Harbour Payments moves money for small businesses across Europe. We are a team of 180 \
         people, and our platform handles four million payments a day.\n\n\
         What you will do\n",
    );
    let duties = [
        "Design and build the services behind our payments API in Go and PostgreSQL",
        "Own the on-call rotation for the ledger team and lead incident reviews",
        "Mentor two junior engineers and review their designs",
        "Improve the reliability of our Kafka pipelines and the observability of every service",
        "Work with product managers to turn customer problems into small, shippable changes",
        "Migrate batch jobs from cron to Kubernetes jobs with clear ownership",
    ];
    let requirements = [
        "5+ years of experience building backend services",
        "Strong knowledge of PostgreSQL, including query plans and indexing",
        "Experience with Kubernetes, Terraform and AWS",
        "Comfort with distributed systems: idempotency, retries, exactly-once myths",
        "Clear written communication in English",
    ];
    let mut round = 0;
    while text.split_whitespace().count() < 960 {
        for duty in duties {
            text.push_str(&format!("- {duty} (area {round})\n"));
        }
        text.push_str("\nRequirements\n");
        for requirement in requirements {
            text.push_str(&format!("- {requirement}\n"));
        }
        text.push_str("\nNice to have\n- Experience with Rust or gRPC\n\n");
        text.push_str("Our values\n- We value ownership, kindness and saying what we think.\n\n");
        round += 1;
    }
    text.push_str("Benefits\n- 30 days of holiday and a learning budget\n");
    text
}

const RESUME: &str = "Alex Morgan\n\nEXPERIENCE\n\
Backend Engineer, Riverline Bank | 2019 - Present\n\
- Cut p99 latency of the payments API by 45% by reworking the PostgreSQL indexes\n\
- Led the migration of 30 services to Kubernetes\n\
- Built an idempotent retry layer handling 2 million events a day\n\n\
SKILLS\nGo, Python, PostgreSQL, Kafka, Docker";

/// The real bank, copied with new ids until it holds `size` questions.
fn scaled_bank(size: usize) -> Vec<Question> {
    let real = Bank::builtin().expect("bank").questions().to_vec();
    let mut out = Vec::with_capacity(size);
    for copy in 0.. {
        for question in &real {
            if out.len() == size {
                return out;
            }
            let mut question = question.clone();
            if copy > 0 {
                question.id = QuestionId(format!("{}-copy-{copy}", question.id.0));
                question.text = format!("{} (variant {copy})", question.text);
            }
            out.push(question);
        }
    }
    out
}

fn benchmarks(c: &mut Criterion) {
    let skills = builtin_skills().expect("skills");
    let posting = posting_1000_words();
    let words = posting.split_whitespace().count();
    assert!(
        (950..=1100).contains(&words),
        "the posting has {words} words"
    );
    let resume = read_resume(RESUME, &skills);
    let bank = scaled_bank(10_000);
    let real = Bank::builtin().expect("bank");

    c.bench_function("read_posting/1000 words", |b| {
        b.iter(|| read_posting(black_box(&posting), &skills, None))
    });
    c.bench_function("question_set/1000-word posting, 10000 questions", |b| {
        b.iter(|| {
            let profile = read_posting(black_box(&posting), &skills, None);
            build_set(&SetRequest {
                profile: &profile,
                resume: Some(&resume),
                bank: &bank,
                count: 20,
                exclude: &[],
                meaning: None,
            })
        })
    });
    c.bench_function("question_set/1000-word posting, built-in bank", |b| {
        b.iter(|| {
            let profile = read_posting(black_box(&posting), &skills, None);
            build_set(&SetRequest {
                profile: &profile,
                resume: Some(&resume),
                bank: real.questions(),
                count: 20,
                exclude: &[],
                meaning: None,
            })
        })
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
