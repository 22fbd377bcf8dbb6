//! Properties over arbitrary text: no panic, and every span valid, for any Unicode at all.

use proptest::prelude::*;
use rehearse_core::QuestionKind;
use rehearse_core::analysis::{AnalysisInput, analyze};
use rehearse_core::text;

/// Text mixing the hard cases: combining marks, emoji, right-to-left scripts, CRLF, NUL, bullets,
/// abbreviations, numbers and the engine's own cue words.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "I ",
        "we ",
        "led ",
        "the ",
        "team ",
        "so ",
        "then ",
        "um ",
        "like, ",
        "you know, ",
        "e.g. ",
        "Dr. ",
        "3.5 ",
        "v2.1 ",
        "40% ",
        "$1,200 ",
        "doubled ",
        "as a result ",
        "I would ",
        "I always ",
        ". ",
        "! ",
        "? ",
        "\n",
        "\r\n",
        "- ",
        "• ",
        "\u{0301}",
        "e\u{0301}",
        "😀",
        "👩‍💻",
        "שלום ",
        "مرحبا ",
        "\u{202e}",
        "\0",
        "\t",
        "...",
        ",",
        "'",
        "’",
        "-",
        "not ",
        "faster ",
        "index ",
    ]);
    prop::collection::vec(
        prop_oneof![pieces.prop_map(str::to_owned), any::<String>()],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn kinds() -> impl Strategy<Value = QuestionKind> {
    prop::sample::select(QuestionKind::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn analysis_never_panics_and_spans_are_valid(
        answer in tricky_text(),
        question in tricky_text(),
        kind in kinds(),
        key_points in prop::collection::vec(tricky_text(), 0..4),
        competencies in prop::collection::vec(prop::sample::select(vec!["conflict".to_owned(), "failure".to_owned(), "nonsense".to_owned()]), 0..3),
    ) {
        let analysis = analyze(&AnalysisInput { question: &question, kind, competencies: &competencies, key_points: &key_points, answer: &answer });
        crate::assert_spans_valid(&analysis, &answer);
        let again = analyze(&AnalysisInput { question: &question, kind, competencies: &competencies, key_points: &key_points, answer: &answer });
        prop_assert_eq!(analysis, again);
    }

    #[test]
    fn words_and_sentences_cut_on_char_boundaries(answer in tricky_text()) {
        for word in text::words(&answer) {
            prop_assert!(answer.get(word.span.start..word.span.end).is_some_and(|w| !w.is_empty()));
        }
        let sentences = text::sentences(&answer);
        for sentence in &sentences {
            prop_assert!(answer.get(sentence.start..sentence.end).is_some_and(|s| !s.trim().is_empty()));
        }
        let words = text::words(&answer);
        let lower: Vec<String> = words.iter().map(|word| word.span.of(&answer).to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let pieces = text::split_run_ons(&answer, &sentences, &words, &lower, 10);
        for piece in pieces {
            prop_assert!(answer.get(piece.start..piece.end).is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any text imports as stories or as errors with line numbers, never a panic; whatever
    /// imports exports and imports back the same.
    #[test]
    fn story_markdown_never_panics_and_round_trips(text in story_markdown()) {
        use rehearse_core::story_bank::markdown::{from_markdown, to_markdown};
        match from_markdown(&text) {
            Ok(imported) => {
                let refs: Vec<_> = imported.stories.iter().collect();
                prop_assert_eq!(
                    from_markdown(&to_markdown(&refs)).unwrap().stories,
                    imported.stories
                );
            }
            Err(errors) => {
                let lines = text.lines().count().max(1);
                prop_assert!(errors.iter().all(|error| (1..=lines).contains(&error.line)));
            }
        }
    }

    /// Matching, coverage, claims and the builder's check never panic on any story text.
    #[test]
    fn story_analysis_never_panics(title in tricky_text(), action in tricky_text(), result in tricky_text(), question in tricky_text()) {
        use rehearse_core::story_bank::{Story, StoryFields, StoryId, check_story, suggest_competencies};
        let fields = StoryFields { title, action, result, competencies: vec!["conflict".into()], metrics: vec!["40%".into()], forbidden_claims: vec!["I".into()], ..StoryFields::default() };
        let story = Story { id: StoryId(1), fields: fields.clone(), created_at: chrono::DateTime::UNIX_EPOCH, updated_at: chrono::DateTime::UNIX_EPOCH };
        let _ = rehearse_core::story_bank::fit::match_stories(&question, &[], std::slice::from_ref(&story));
        let _ = rehearse_core::story_bank::coverage::coverage(std::slice::from_ref(&story), &["influence"]);
        let report = rehearse_core::story_bank::claims::check_claims(&fields, Some(&question));
        for number in &report.numbers {
            prop_assert_eq!(fields.part(number.part).get(number.start..number.end), Some(number.quote.as_str()));
        }
        let _ = check_story(&fields);
        let _ = suggest_competencies(&fields);
    }
}

/// Text made of the Markdown format's own pieces and arbitrary text.
fn story_markdown() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## ",
        "## Situation",
        "## Action",
        "## Result",
        "## Outcome",
        "- Competencies: ",
        "conflict, failure",
        "- Metric: 40%",
        "- When: 2024",
        "- Do not claim: x",
        "- Colour: ",
        "\\",
        "\\#",
        "\n",
        "\n\n",
        "\r\n",
        "I did it.",
        "Title",
        "😀",
        "e\u{0301}",
        "\0",
    ]);
    prop::collection::vec(
        prop_oneof![4 => pieces.prop_map(str::to_owned), 1 => any::<String>()],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}
