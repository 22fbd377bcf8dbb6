#[path = "../tests/it/meaning_eval.rs"]
#[allow(dead_code)]
mod meaning_eval;
use rehearse_core::QuestionKind;
use rehearse_core::meaning::{Embedder, cosine};
use rehearse_models::{Encoder, MINILM};
fn main() {
    let enc = Encoder::load(
        MINILM.name,
        std::path::Path::new("/var/tmp/rehearse-ci-models/all-MiniLM-L6-v2"),
    )
    .unwrap();
    let mut cases: Vec<(
        String,
        String,
        QuestionKind,
        Vec<String>,
        Vec<String>,
        String,
        Vec<usize>,
        Vec<usize>,
        String,
    )> = vec![];
    for a in meaning_eval::devset().answer {
        if let Some(e) = a.expect_covered {
            cases.push((
                a.id,
                a.question,
                a.kind,
                a.competencies,
                a.key_points,
                a.answer,
                e,
                vec![],
                "dev".into(),
            ));
        }
    }
    for c in meaning_eval::meaning_set().key_points {
        cases.push((
            c.id,
            c.question,
            QuestionKind::Technical,
            vec![],
            c.key_points,
            c.answer,
            c.expect_covered,
            c.expect_contradicted,
            c.trap,
        ));
    }
    let mut out = vec![];
    for (id, q, kind, comp, kps, ans, cov, con, trap) in cases {
        let input = rehearse_core::AnalysisInput {
            question: &q,
            kind,
            competencies: &comp,
            key_points: &kps,
            answer: &ans,
        };
        let an = rehearse_core::analyze(&input);
        let sents: Vec<&str> = an.sentences.iter().map(|s| &ans[s.start..s.end]).collect();
        let sv = enc.embed(&sents);
        let kv = enc.embed(&kps.iter().map(String::as_str).collect::<Vec<_>>());
        let qv = enc.embed(&[&q]).remove(0);
        let matrix: Vec<Vec<f32>> = sv
            .iter()
            .map(|s| kv.iter().map(|k| cosine(s, k)).collect())
            .collect();
        let lex: Vec<(bool, bool)> = an
            .key_points
            .unwrap()
            .iter()
            .map(|k| (k.covered, k.contradicted))
            .collect();
        let qk: Vec<f32> = kv.iter().map(|k| cosine(&qv, k)).collect();
        let qs: Vec<f32> = sv.iter().map(|s| cosine(&qv, s)).collect();
        out.push(serde_json::json!({"id": id, "trap": trap, "cov": cov, "con": con, "m": matrix, "lex": lex, "qk": qk, "qs": qs, "sents": sents}));
    }
    println!("{}", serde_json::to_string(&out).unwrap());
}
