//! The feedback engine measured against data: the team's labelled development set
//! (`tests/devset.toml`), the real third-party answers in `../shared/evaldata`, and properties
//! that must hold for any text at all.

mod devset;
mod evaldata;
mod properties;

use rehearse_core::analysis::Analysis;

/// The contract every analysis keeps, whatever the input: spans within bounds, on character
/// boundaries, and quotes cut from the answer.
pub fn assert_spans_valid(analysis: &Analysis, answer: &str) {
    let valid = |start: usize, end: usize| start <= end && answer.get(start..end).is_some();
    for finding in &analysis.findings {
        assert!(
            valid(finding.start, finding.end),
            "finding span {finding:?}"
        );
        assert_eq!(
            &answer[finding.start..finding.end],
            finding.quote,
            "finding quote"
        );
    }
    for filler in &analysis.fillers {
        assert!(valid(filler.start, filler.end), "filler span {filler:?}");
        assert_eq!(
            &answer[filler.start..filler.end],
            filler.quote,
            "filler quote"
        );
    }
    let mut previous_end = 0;
    for sentence in &analysis.sentences {
        assert!(
            valid(sentence.start, sentence.end),
            "sentence span {sentence:?}"
        );
        assert!(
            sentence.start >= previous_end,
            "sentences are ordered and disjoint"
        );
        previous_end = sentence.end;
    }
    for point in analysis.key_points.iter().flatten() {
        if let (Some(start), Some(end)) = (point.start, point.end) {
            assert!(valid(start, end), "key point span {point:?}");
        }
    }
    if let Some(scores) = &analysis.scores {
        assert!(scores.overall <= 100);
    }
}
