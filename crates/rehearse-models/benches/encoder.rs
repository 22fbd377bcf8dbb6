//! The sentence encoder's speed: a 300-word answer's sentences (the unit of the analysis), one
//! sentence, and the throughput in word pieces a second. Needs the model: set REHEARSE_MODELS (or
//! REHEARSE_TEST_MODELS) to a models folder holding all-MiniLM-L6-v2; without it, nothing runs.

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_core::meaning::Embedder;
use rehearse_models::{Encoder, MINILM, ModelStatus, ModelsDir};

const ANSWER: &str = "Last spring I was the only analyst supporting a sales team of twelve. My task was to find out why our weekly revenue report was always a day late. I traced every step of the report. I found that two people copied the same numbers by hand. I replaced the copying with one shared query that I scheduled for Monday mornings. I also wrote a short guide so the team could check the numbers themselves. As a result, the report went out on time every week. We saved about six hours of work a week. The sales director started using it in her Monday meeting. Later two other teams asked for the same setup. I helped them adapt the query for their regions. It took me two afternoons. Looking back, I learned to ask where the time goes before building anything new. I also learned that small fixes can matter more than big projects. The guide is still in use today. My manager mentioned it in my review. I would do the same again, but I would involve the team earlier.";

fn encoder() -> Option<Encoder> {
    let root =
        std::env::var_os("REHEARSE_MODELS").or_else(|| std::env::var_os("REHEARSE_TEST_MODELS"))?;
    let dir = ModelsDir::new(root);
    match dir.status(&MINILM) {
        ModelStatus::Installed { path } => Encoder::load(MINILM.name, &path).ok(),
        _ => None,
    }
}

fn bench(c: &mut Criterion) {
    let Some(encoder) = encoder() else {
        eprintln!("the encoder benchmark needs the model: set REHEARSE_MODELS");
        return;
    };
    let sentences: Vec<String> = ANSWER
        .split(". ")
        .map(|sentence| sentence.trim_end_matches('.').to_owned() + ".")
        .collect();
    let tokens: usize = sentences.iter().map(|s| encoder.tokens(s)).sum();
    eprintln!("{} sentences, {tokens} word pieces", sentences.len());
    let mut round = 0u64;
    c.bench_function(
        "encoder: a 300-word answer's 17 sentences (uncached)",
        |b| {
            b.iter(|| {
                // A fresh suffix each time, so the cache never answers.
                round += 1;
                let texts: Vec<String> = sentences.iter().map(|s| format!("{s} {round}")).collect();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                encoder.embed(&refs)
            })
        },
    );
    c.bench_function("encoder: one sentence (uncached)", |b| {
        b.iter(|| {
            round += 1;
            encoder.embed(&[&format!(
                "I replaced the copying with one shared query {round}."
            )])
        })
    });
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    encoder.embed(&refs);
    c.bench_function("encoder: the same 17 sentences (cached)", |b| {
        b.iter(|| encoder.embed(&refs))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
