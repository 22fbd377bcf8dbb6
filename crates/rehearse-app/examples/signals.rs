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
    let protos: Vec<_> = rehearse_core::analysis::competency_prototypes().into_iter().map(|(n, s, q)| serde_json::json!({"name": n, "story": e(s), "questions": q.iter().map(|x| e(x)).collect::<Vec<_>>()})).collect();
    let mut matches = vec![];
    for c in meaning_eval::meaning_set().story_match {
        let stories: Vec<_> = c.stories.iter().map(|s| serde_json::json!({"id": s.id, "title": e(&s.title), "situation": e(&s.situation), "task": e(&s.task), "action": e(&s.action), "result": e(&s.result)})).collect();
        matches.push(serde_json::json!({"id": c.id, "expect": c.expect_best, "q": e(&c.question), "stories": stories, "lexcomp": rehearse_core::analysis::question_competencies(&c.question, &[])}));
    }
    let mut topics = vec![];
    for c in meaning_eval::meaning_set().topic {
        let an = rehearse_core::analyze(&rehearse_core::AnalysisInput {
            question: &c.question,
            kind: rehearse_core::QuestionKind::Behavioral,
            competencies: &c.competencies,
            key_points: &[],
            answer: &c.answer,
        });
        let sents: Vec<_> = an
            .sentences
            .iter()
            .map(|s| e(&c.answer[s.start..s.end]))
            .collect();
        topics.push(serde_json::json!({"id": c.id, "y": c.expect_on_topic, "q": e(&c.question), "comps": c.competencies, "sents": sents, "lex": an.on_topic}));
    }
    for a in meaning_eval::devset().answer {
        if let (Some(t), rehearse_core::QuestionKind::Behavioral) = (a.expect_on_topic, a.kind) {
            let an = rehearse_core::analyze(&rehearse_core::AnalysisInput {
                question: &a.question,
                kind: a.kind,
                competencies: &a.competencies,
                key_points: &[],
                answer: &a.answer,
            });
            let sents: Vec<_> = an
                .sentences
                .iter()
                .map(|s| e(&a.answer[s.start..s.end]))
                .collect();
            topics.push(serde_json::json!({"id": a.id, "y": t, "q": e(&a.question), "comps": a.competencies, "sents": sents, "lex": an.on_topic}));
        }
    }
    println!(
        "{}",
        serde_json::json!({"protos": protos, "matches": matches, "topics": topics})
    );
}
