//! Fuzzes the feedback engine with arbitrary bytes: the first byte picks the question kind, the
//! rest is split into question, competencies, key points and answer at 0xFF bytes. Whatever the
//! input, `analyze` must not panic and every span must be valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rehearse_core::QuestionKind;
use rehearse_core::analysis::{AnalysisInput, analyze};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let kind = QuestionKind::ALL[usize::from(selector) % QuestionKind::ALL.len()];
    let mut parts = rest.split(|&byte| byte == 0xFF).map(String::from_utf8_lossy);
    let question = parts.next().unwrap_or_default().into_owned();
    let answer = parts.next().unwrap_or_default().into_owned();
    let competencies: Vec<String> = ["conflict", "failure", "leadership"]
        .iter()
        .filter(|_| selector & 0x80 != 0)
        .map(|name| name.to_string())
        .collect();
    let key_points: Vec<String> = parts.map(|part| part.into_owned()).collect();
    let analysis = analyze(&AnalysisInput {
        question: &question,
        kind,
        competencies: &competencies,
        key_points: &key_points,
        answer: &answer,
    });
    for finding in &analysis.findings {
        assert_eq!(answer.get(finding.start..finding.end), Some(finding.quote.as_str()));
    }
    for filler in &analysis.fillers {
        assert_eq!(answer.get(filler.start..filler.end), Some(filler.quote.as_str()));
    }
    for sentence in &analysis.sentences {
        assert!(answer.get(sentence.start..sentence.end).is_some());
    }
});
