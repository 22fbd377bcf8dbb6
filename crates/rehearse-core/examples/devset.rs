//! Shows what the engine makes of dev-set answers, sentence by sentence, for tuning it:
//! `cargo run -p rehearse-core --example devset -- conflict-nurse tech-db-index-weak`
//! (each argument is an answer id or the start of one; no argument lists every id).

use rehearse_core::QuestionKind;
use rehearse_core::analysis::{AnalysisInput, analyze};
use serde::Deserialize;

#[derive(Deserialize)]
struct DevSet {
    answer: Vec<DevAnswer>,
}

#[derive(Deserialize)]
struct DevAnswer {
    id: String,
    label: String,
    question: String,
    kind: QuestionKind,
    competencies: Vec<String>,
    key_points: Vec<String>,
    answer: String,
}

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    let set: DevSet =
        toml::from_str(include_str!("../tests/devset.toml")).expect("devset.toml parses");
    for answer in &set.answer {
        if wanted.is_empty() {
            println!("{} ({})", answer.id, answer.label);
            continue;
        }
        if !wanted
            .iter()
            .any(|prefix| answer.id.starts_with(prefix.as_str()))
        {
            continue;
        }
        let analysis = analyze(&AnalysisInput {
            question: &answer.question,
            kind: answer.kind,
            competencies: &answer.competencies,
            key_points: &answer.key_points,
            answer: &answer.answer,
        });
        println!(
            "=== {} [{}] {} words, on topic {}",
            answer.id, answer.label, analysis.word_count, analysis.on_topic
        );
        println!("    scores {:?}", analysis.scores);
        for sentence in &analysis.sentences {
            println!(
                "  {:<10} {}",
                sentence.part.as_str(),
                &answer.answer[sentence.start..sentence.end]
            );
        }
        for finding in &analysis.findings {
            let quote: String = finding.quote.chars().take(80).collect();
            println!(
                "  * {:?} {:?}: {} «{quote}»",
                finding.severity, finding.code, finding.message
            );
        }
        for (index, point) in answer.key_points.iter().enumerate() {
            println!("  key point {index}: {point}");
        }
    }
}
