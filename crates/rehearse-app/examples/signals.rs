#[path = "../tests/it/meaning_eval.rs"]
#[allow(dead_code)]
mod meaning_eval;
use rehearse_core::meaning::Embedder;
use rehearse_models::{Encoder, MINILM};
fn r(v: Vec<f32>) -> Vec<f32> {
    v.into_iter()
        .map(|x| (x * 10000.0).round() / 10000.0)
        .collect()
}
fn main() {
    let enc = Encoder::load(
        MINILM.name,
        std::path::Path::new("/var/tmp/rehearse-ci-models/all-MiniLM-L6-v2"),
    )
    .unwrap();
    let e = |t: &str| r(enc.embed(&[t]).remove(0));
    let mut cases = vec![];
    for c in meaning_eval::meaning_set().steps {
        let an = rehearse_core::analyze(&rehearse_core::AnalysisInput {
            question: &c.question,
            kind: c.kind,
            competencies: &[],
            key_points: &[],
            answer: &c.notes,
        });
        let sents: Vec<_> = an
            .sentences
            .iter()
            .map(|s| {
                (
                    c.notes[s.start..s.end].to_string(),
                    e(&c.notes[s.start..s.end]),
                    s.start,
                )
            })
            .collect();
        let lex: Vec<_> = an
            .steps
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.covered, s.start))
            .collect();
        cases.push(serde_json::json!({"id": c.id, "kind": format!("{:?}", c.kind), "expect": c.expect_covered, "sents": sents, "lex": lex}));
    }
    let mut protos = serde_json::Map::new();
    for kind in [
        rehearse_core::QuestionKind::SystemDesign,
        rehearse_core::QuestionKind::Case,
    ] {
        for (name, examples) in rehearse_core::analysis::step_prototypes(kind) {
            protos.insert(
                name.to_string(),
                serde_json::json!(examples.iter().map(|x| e(x)).collect::<Vec<_>>()),
            );
        }
    }
    println!("{}", serde_json::json!({"cases": cases, "protos": protos}));
}
