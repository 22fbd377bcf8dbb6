//! The engine with and without the sentence model on the development sets: with the model it
//! must win on every metric (and keep the bars below). Needs the real model, like the encoder's
//! own tests: `REHEARSE_TEST_MODELS` (CI fetches it; without it, outside CI, this says so).

use std::sync::OnceLock;

use rehearse_models::{Encoder, MINILM, ModelStatus, ModelsDir};

use crate::meaning_eval;

/// The real encoder, loaded once for the whole test binary.
pub fn encoder() -> Option<&'static Encoder> {
    static ENCODER: OnceLock<Option<Encoder>> = OnceLock::new();
    ENCODER
        .get_or_init(|| {
            let root = std::env::var_os("REHEARSE_TEST_MODELS");
            match root.map(|root| ModelsDir::new(root).status(&MINILM)) {
                Some(ModelStatus::Installed { path }) => {
                    Some(Encoder::load(MINILM.name, &path).expect("the model loads"))
                }
                other => {
                    let message = format!(
                        "the tests with the sentence model did not run: REHEARSE_TEST_MODELS must name a models folder with all-MiniLM-L6-v2 ({other:?})"
                    );
                    if std::env::var("CI").is_ok_and(|value| value == "true") {
                        panic!("{message}");
                    }
                    eprintln!("{message}");
                    None
                }
            }
        })
        .as_ref()
}

#[test]
fn the_model_wins_on_every_measure_of_meaning() {
    let Some(encoder) = encoder() else { return };
    let report = meaning_eval::report(encoder);
    let mut table = String::new();
    for metric in &report {
        table.push_str(&format!(
            "{:<42} {:>4} cases  words {:.2}  model {:.2}\n",
            metric.name, metric.cases, metric.words, metric.model
        ));
    }
    eprintln!("{table}");
    // The measures must improve; the others are reported (README) whichever way they go.
    for metric in report
        .iter()
        .filter(|metric| meaning_eval::MUST_WIN.contains(&metric.name))
    {
        assert!(
            metric.model > metric.words,
            "{} is not better with the model:\n{table}\nmisses: {:#?}",
            metric.name,
            metric.misses
        );
    }
}

#[test]
fn the_meaning_set_is_well_formed() {
    let set = meaning_eval::meaning_set();
    let bank = rehearse_content::Bank::builtin().unwrap();
    let topics: std::collections::BTreeSet<&str> = bank
        .questions()
        .iter()
        .flat_map(|question| question.topics.iter().map(String::as_str))
        .collect();
    let competencies: Vec<&str> = rehearse_core::analysis::competency_names().collect();
    let mut ids = std::collections::BTreeSet::new();
    for case in &set.key_points {
        assert!(ids.insert(case.id.clone()), "{}", case.id);
        assert!(
            !case.note.is_empty() && !case.trap.is_empty(),
            "{}",
            case.id
        );
        for index in case.expect_covered.iter().chain(&case.expect_contradicted) {
            assert!(*index < case.key_points.len(), "{}", case.id);
        }
        assert!(
            case.expect_covered
                .iter()
                .all(|index| !case.expect_contradicted.contains(index)),
            "{}",
            case.id
        );
    }
    for case in &set.topic {
        assert!(ids.insert(case.id.clone()), "{}", case.id);
        assert!(!case.note.is_empty());
        assert!(
            case.competencies
                .iter()
                .all(|name| competencies.contains(&name.as_str()))
        );
    }
    for case in &set.star {
        assert!(ids.insert(case.id.clone()), "{}", case.id);
        assert!(!case.note.is_empty());
    }
    for case in &set.story_match {
        assert!(ids.insert(case.id.clone()), "{}", case.id);
        assert!(!case.note.is_empty());
        assert!(
            case.expect_best == "gap"
                || case
                    .stories
                    .iter()
                    .any(|story| story.id == case.expect_best),
            "{}",
            case.id
        );
    }
    for case in &set.steps {
        assert!(ids.insert(case.id.clone()), "{}", case.id);
        assert!(!case.note.is_empty());
    }
    for case in &set.posting {
        assert!(ids.insert(case.id.clone()), "{}", case.id);
        assert!(!case.note.is_empty());
        for topic in case.expect_topics.iter().chain(&case.avoid_topics) {
            assert!(topics.contains(topic.as_str()), "{}: {topic}", case.id);
        }
    }
    assert!(ids.len() >= 40, "{} cases", ids.len());
}

/// An app judging meaning with its own copy of the real model.
async fn app_with_model() -> Option<(rehearse_app::App, tempfile::TempDir)> {
    let root = std::env::var_os("REHEARSE_TEST_MODELS")?;
    let (app, dir) = crate::app().await;
    Some((
        app.with_meaning(rehearse_app::meaning::Meaning::from_dir(ModelsDir::new(
            root,
        ))),
        dir,
    ))
}

/// Plain words for the window-functions question: most of its points, none of its terms.
const WINDOWS_IN_PLAIN_WORDS: &str = "Think of it like this: you want a number for every single row, say each sale's share of its region's total, but you do not want the rows squashed together. A normal aggregate squashes them, one line per region. With a window you still get every sale back, and next to it the region total worked out over the neighbouring rows. You can also look one row back, to see how much today's figure moved from yesterday's. And one thing that catches people: you cannot filter on that computed column in the same query's where clause, because it is worked out after the filtering, so you wrap it in a subquery first.";

#[tokio::test]
async fn answers_are_judged_by_meaning_through_the_app() {
    if encoder().is_none() {
        return;
    }
    let Some((app, _dir)) = app_with_model().await else {
        return;
    };
    let status = app.meaning_status();
    assert!(status.on, "{status:?}");
    let attempt = app
        .submit_attempt(
            rehearse_core::UserId::LOCAL,
            rehearse_app::SubmitAttempt {
                question_id: "tech-sql-window-functions".to_owned(),
                target_id: None,
                story_id: None,
                answer: WINDOWS_IN_PLAIN_WORDS.to_owned(),
                duration_seconds: None,
                recording: None,
            },
        )
        .await
        .unwrap();
    let analysis = &attempt.analysis;
    assert_eq!(analysis.meaning.as_deref(), Some("all-MiniLM-L6-v2"));
    let covered: Vec<usize> = analysis
        .key_points
        .iter()
        .flatten()
        .filter(|point| point.covered)
        .map(|point| point.index)
        .collect();
    let by_words = rehearse_core::analyze(&rehearse_core::AnalysisInput {
        question: "Explain SQL window functions and when you would use one instead of GROUP BY.",
        kind: rehearse_core::QuestionKind::Technical,
        competencies: &[],
        key_points: &app
            .question("tech-sql-window-functions")
            .unwrap()
            .key_points,
        answer: WINDOWS_IN_PLAIN_WORDS,
    });
    let covered_by_words = by_words
        .key_points
        .iter()
        .flatten()
        .filter(|point| point.covered)
        .count();
    assert!(
        covered.len() > covered_by_words,
        "meaning {covered:?} vs words {covered_by_words}"
    );
    // Each covered point quotes the sentence that covers it, cut from the answer.
    for point in analysis
        .key_points
        .iter()
        .flatten()
        .filter(|point| point.covered)
    {
        let (start, end) = (point.start.unwrap(), point.end.unwrap());
        assert!(
            WINDOWS_IN_PLAIN_WORDS.is_char_boundary(start) && end <= WINDOWS_IN_PLAIN_WORDS.len()
        );
    }

    // A polished answer about something else is off topic and not scored.
    let biryani = app
        .analyze(&rehearse_app::AnalyzeRequest {
            question: Some("Walk me through a piece of work where you used data science to change a decision.".to_owned()),
            answer: "Last Sunday I cooked biryani for twelve people at my cousin's engagement. I soaked the basmati for forty minutes, fried the onions slowly until they were deep brown, and layered the rice over the marinated chicken. I sealed the pot with dough so the steam stayed in, and cooked it on a low flame for half an hour. Everyone asked for seconds, and my aunt wanted the recipe, which I wrote down for her that evening.".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!biryani.on_topic, "{:?}", biryani.findings);
    assert!(biryani.scores.is_none());
    // The same input gives the same analysis.
    let again = app
        .analyze(&rehearse_app::AnalyzeRequest {
            question_id: Some("tech-sql-window-functions".to_owned()),
            answer: WINDOWS_IN_PLAIN_WORDS.to_owned(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(again, *analysis);
}

/// A design drill's checklist, judged by meaning: items told in plain words are found, and a note
/// that only promises an item is not.
#[tokio::test]
async fn the_design_checklist_hears_plain_words() {
    if encoder().is_none() {
        return;
    }
    let Some((app, _dir)) = app_with_model().await else {
        return;
    };
    let notes = [
        "Who uses it, and do old links ever stop working?",
        "Roughly 100 million new links a month.",
        "Browsers talk to a small web tier that looks up the long address.",
        "Each machine keeps the popular lookups in its own memory, so most clicks never touch the disk.",
        "Users are spread over several database machines according to their account number.",
        "Click counting is handed to a pile of jobs that helpers work through in the background.",
        "If one of the boxes dies, a copy on another box takes over within seconds.",
        "Image previews: TBD.",
    ];
    let result = app
        .submit_drill(
            rehearse_core::UserId::LOCAL,
            rehearse_app::DrillSubmission {
                question_id: "sd-link-shortener".to_owned(),
                notes: notes.iter().map(|note| (*note).to_owned()).collect(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let found = |name: &str| {
        result
            .checklist
            .iter()
            .find(|check| check.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", result.checklist))
            .clone()
    };
    let answer = &result.attempt.answer;
    for (name, expected) in [
        ("caching", "popular lookups"),
        ("sharding", "according to their account number"),
        ("async", "in the background"),
        ("failure_handling", "boxes dies"),
    ] {
        let check = found(name);
        let span = check
            .span()
            .unwrap_or_else(|| panic!("{name} not found: {:?}", result.checklist));
        assert!(
            span.of(answer).contains(expected),
            "{name} quoted {:?}",
            span.of(answer)
        );
    }
    assert!(!found("cdn").found(), "{:?}", found("cdn"));
    // By words alone the plain notes miss most of these.
    let by_words = rehearse_core::drill::design_checklist(answer);
    let plain_found = |checks: &[rehearse_core::drill::Check]| {
        checks.iter().filter(|check| check.found()).count()
    };
    assert!(plain_found(&result.checklist) > plain_found(&by_words));
}

/// Each checklist item in words that are not its own, among sentences that are about none, and a
/// vague sketch that shows nothing but what it names.
#[test]
fn each_design_check_is_found_in_other_words() {
    let Some(encoder) = encoder() else { return };
    let sentences = [
        (
            "caching",
            "We hold on to recent answers in RAM for a few minutes so repeat requests are instant.",
        ),
        (
            "sharding",
            "The table is broken into pieces by the hash of the key, each piece on its own server.",
        ),
        (
            "cdn",
            "Videos and thumbnails are copied to servers near viewers in each region.",
        ),
        (
            "async",
            "Sending the emails happens later, from a list that worker processes drain.",
        ),
        (
            "failure_handling",
            "When a node crashes, traffic moves to its standby and clients retry with backoff.",
        ),
        (
            "bottlenecks",
            "The single primary database will run out of write capacity first.",
        ),
        (
            "tradeoff_cost",
            "I picked eventual consistency, so a count may be a few seconds stale.",
        ),
        ("", "The team liked the design a lot."),
        (
            "",
            "A photo is about 2 MB, so a million uploads a day is 2 TB of storage a day.",
        ),
        ("", "Caching: to be decided later."),
        ("", "Monitoring with dashboards and alerts on error rates."),
    ];
    let notes = sentences.map(|(_, sentence)| sentence).join("\n\n");
    let checks = rehearse_core::drill::design_checklist_with(&notes, Some(encoder));
    for (name, sentence) in sentences.iter().filter(|(name, _)| !name.is_empty()) {
        let check = checks.iter().find(|check| check.name == *name).unwrap();
        assert_eq!(
            check.span().map(|span| span.of(&notes)),
            Some(*sentence),
            "{name}"
        );
    }
    let vague =
        "We would make it fast and scalable. The team liked the design a lot. Caching: TBD.";
    let found: Vec<&str> = rehearse_core::drill::design_checklist_with(vague, Some(encoder))
        .into_iter()
        .filter(|check| check.found())
        .map(|check| check.name)
        .collect();
    assert!(found.is_empty(), "{found:?}");
}
