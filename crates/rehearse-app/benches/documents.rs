//! How fast uploaded documents are read. Run with `cargo bench -p rehearse-app`; the README
//! records the figures. Bar (issue 4): a 3-page PDF resume read in under 200 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_app::documents::extract_text;
use rehearse_core::resume::read_resume;

#[path = "../tests/it/fixtures.rs"]
mod fixtures;

fn benchmarks(c: &mut Criterion) {
    let pdf = fixtures::three_page_resume();
    let skills = rehearse_content::builtin_skills().expect("skills");
    let text = extract_text("resume.pdf", &pdf).expect("the fixture reads");
    let words = text.split_whitespace().count();
    assert!(
        (1_000..=1_500).contains(&words),
        "the resume has {words} words"
    );

    c.bench_function("resume/3-page PDF: extract text", |b| {
        b.iter(|| extract_text("resume.pdf", black_box(&pdf)))
    });
    c.bench_function("resume/3-page PDF: extract and read", |b| {
        b.iter(|| {
            let text = extract_text("resume.pdf", black_box(&pdf)).expect("reads");
            read_resume(&text, &skills)
        })
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
