//! The labelled development set: strong, medium and weak answers to the same questions, written
//! by the team, with what a careful coach observes in each. The test reports how often the engine
//! agrees with those labels and whether it orders each group strong > medium > weak, and fails
//! below the bars. It also checks that the set is hard: an "engine" that only counts words or
//! numbers must order it badly.

use rehearse_core::QuestionKind;
use rehearse_core::analysis::{Analysis, AnalysisInput, FindingCode, analyze};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct DevSet {
    answer: Vec<DevAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DevAnswer {
    id: String,
    group: String,
    label: String,
    question: String,
    kind: QuestionKind,
    competencies: Vec<String>,
    key_points: Vec<String>,
    style: String,
    profession: String,
    english: String,
    answer: String,
    expect_parts: Option<Vec<String>>,
    expect_quantified: Option<bool>,
    expect_we_heavy: Option<bool>,
    expect_on_topic: Option<bool>,
    expect_flags: Option<Vec<String>>,
    expect_covered: Option<Vec<usize>>,
}

fn load() -> Vec<DevAnswer> {
    let text = include_str!("../devset.toml");
    toml::from_str::<DevSet>(text)
        .expect("devset.toml parses")
        .answer
}

fn analyse(answer: &DevAnswer) -> Analysis {
    analyze(&AnalysisInput {
        question: &answer.question,
        kind: answer.kind,
        competencies: &answer.competencies,
        key_points: &answer.key_points,
        answer: &answer.answer,
    })
}

/// The finding codes that show a dev-set flag.
fn flag_codes(flag: &str) -> &'static [FindingCode] {
    match flag {
        "hypothetical" => &[FindingCode::Hypothetical],
        "habitual" => &[FindingCode::Habitual],
        "virtue_list" => &[FindingCode::VirtueList],
        "deflection" => &[FindingCode::Deflection],
        "dont_know" => &[FindingCode::DontKnow],
        "reasoning_aloud" => &[FindingCode::ReasoningAloud],
        "off_topic" => &[FindingCode::OffTopic],
        "rambling" => &[
            FindingCode::TooLong,
            FindingCode::LongSetup,
            FindingCode::Repetition,
        ],
        "fillers" => &[FindingCode::FillerWords],
        other => panic!("unknown flag {other}"),
    }
}

const FLAGS: &[&str] = &[
    "hypothetical",
    "habitual",
    "virtue_list",
    "deflection",
    "dont_know",
    "reasoning_aloud",
    "off_topic",
    "rambling",
    "fillers",
];

/// Agreement on one kind of label.
#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn record(&mut self, agrees: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if agrees {
            self.agree += 1;
        } else {
            self.misses.push(what());
        }
    }

    fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.agree as f64 / self.total as f64
        }
    }
}

/// Ordering quality of a scorer over the groups: the share of (strong, medium), (medium, weak)
/// and (strong, weak) pairs it orders correctly. Unscored answers rank lowest.
fn ordering(answers: &[DevAnswer], score: &dyn Fn(&DevAnswer) -> f64) -> (f64, Vec<String>) {
    let mut groups: Vec<&str> = answers.iter().map(|answer| answer.group.as_str()).collect();
    groups.dedup();
    let (mut right, mut total, mut wrong) = (0, 0, Vec::new());
    for group in groups {
        let find = |label: &str| {
            answers
                .iter()
                .find(|answer| answer.group == group && answer.label == label)
                .expect("label")
        };
        let (strong, medium, weak) = (
            score(find("strong")),
            score(find("medium")),
            score(find("weak")),
        );
        for (higher, lower, name) in [
            (strong, medium, "strong>medium"),
            (medium, weak, "medium>weak"),
            (strong, weak, "strong>weak"),
        ] {
            total += 1;
            if higher > lower {
                right += 1;
            } else {
                wrong.push(format!("{group}: {name} ({higher} vs {lower})"));
            }
        }
    }
    (right as f64 / total as f64, wrong)
}

#[test]
fn development_set_agreement_and_ordering() {
    let answers = load();
    assert!(
        answers.len() >= 60,
        "the dev set has {} answers",
        answers.len()
    );
    let analyses: Vec<Analysis> = answers.iter().map(analyse).collect();
    for (answer, analysis) in answers.iter().zip(&analyses) {
        crate::assert_spans_valid(analysis, &answer.answer);
    }

    let mut parts = Tally::default();
    let mut quantified = Tally::default();
    let mut we_heavy = Tally::default();
    let mut on_topic = Tally::default();
    let mut flags_found = Tally::default();
    let mut flags_false = Tally::default();
    let mut covered = Tally::default();
    for (answer, analysis) in answers.iter().zip(&analyses) {
        let id = &answer.id;
        if let Some(expected) = &answer.expect_parts {
            for (part, stats) in [
                ("situation", analysis.star.situation),
                ("task", analysis.star.task),
                ("action", analysis.star.action),
                ("result", analysis.star.result),
            ] {
                // A non-story has no real parts, whatever its sentences are tagged.
                let not_a_story = analysis.findings.iter().any(|finding| {
                    matches!(
                        finding.code,
                        FindingCode::Hypothetical
                            | FindingCode::Habitual
                            | FindingCode::VirtueList
                            | FindingCode::Deflection
                    )
                });
                let present = stats.present && !not_a_story;
                let wanted = expected.iter().any(|p| p == part);
                parts.record(present == wanted, || {
                    format!("{id}: {part} expected {wanted}, got {present}")
                });
            }
        }
        if let Some(expected) = answer.expect_quantified {
            quantified.record(analysis.result_quantified == expected, || {
                format!("{id}: quantified expected {expected}")
            });
        }
        if let Some(expected) = answer.expect_we_heavy {
            we_heavy.record(analysis.ownership.we_heavy == expected, || {
                format!("{id}: we_heavy expected {expected}")
            });
        }
        if let Some(expected) = answer.expect_on_topic {
            on_topic.record(analysis.on_topic == expected, || {
                format!("{id}: on_topic expected {expected}")
            });
        }
        if let Some(expected) = &answer.expect_flags {
            for flag in FLAGS {
                let shown = analysis
                    .findings
                    .iter()
                    .any(|finding| flag_codes(flag).contains(&finding.code));
                if expected.iter().any(|e| e == flag) {
                    flags_found.record(shown, || format!("{id}: {flag} not found"));
                } else if !matches!(*flag, "rambling" | "fillers") {
                    // Coaching on length and fillers is fine on any answer; a wrong verdict
                    // ("not a story", "off topic", "don't know") is not.
                    flags_false.record(!shown, || format!("{id}: {flag} found but not expected"));
                }
            }
        }
        if let (Some(expected), Some(points)) = (&answer.expect_covered, &analysis.key_points) {
            for point in points {
                let wanted = expected.contains(&point.index);
                covered.record(point.covered == wanted, || {
                    format!("{id}: key point {} expected {wanted}", point.index)
                });
            }
        }
    }

    let engine = |answer: &DevAnswer| {
        let index = answers.iter().position(|a| a.id == answer.id).unwrap();
        analyses[index].overall_score().map_or(-1.0, f64::from)
    };
    let (engine_ordering, wrong) = ordering(&answers, &engine);
    let words = |answer: &DevAnswer| answer.answer.split_whitespace().count() as f64;
    let numbers = |answer: &DevAnswer| {
        answer
            .answer
            .split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .count() as f64
    };
    let (by_words, _) = ordering(&answers, &words);
    let (by_numbers, _) = ordering(&answers, &numbers);

    let mut report = format!("\ndevelopment set: {} answers\n", answers.len());
    report += &format!(
        "  ordering (pairs strong>medium>weak): engine {:.0}%, word count {:.0}%, number count {:.0}%\n",
        engine_ordering * 100.0,
        by_words * 100.0,
        by_numbers * 100.0
    );
    for (name, tally) in [
        ("STAR parts", &parts),
        ("quantified result", &quantified),
        ("we-heavy", &we_heavy),
        ("on topic", &on_topic),
        ("flags found", &flags_found),
        ("no false flags", &flags_false),
        ("key points", &covered),
    ] {
        report += &format!(
            "  {name:<18} {:>3}/{:<3} {:.0}%\n",
            tally.agree,
            tally.total,
            tally.rate() * 100.0
        );
        for miss in &tally.misses {
            report += &format!("      {miss}\n");
        }
    }
    for miss in &wrong {
        report += &format!("  misordered: {miss}\n");
    }
    eprintln!("{report}");

    assert!(
        by_words < 0.8 && by_numbers < 0.8,
        "the set must defeat word and number counting{report}"
    );
    assert!(engine_ordering >= 0.9, "ordering below 90%{report}");
    for (name, tally, bar) in [
        ("STAR parts", &parts, 0.85),
        ("quantified result", &quantified, 0.85),
        ("we-heavy", &we_heavy, 0.85),
        ("on topic", &on_topic, 0.85),
        ("flags found", &flags_found, 0.8),
        ("no false flags", &flags_false, 0.95),
        ("key points", &covered, 0.8),
    ] {
        assert!(
            tally.rate() >= bar,
            "{name} agreement {:.0}% is below {:.0}%{report}",
            tally.rate() * 100.0,
            bar * 100.0
        );
    }
}

#[test]
fn development_set_is_well_formed() {
    let answers = load();
    let mut ids: Vec<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), answers.len(), "ids are unique");
    for answer in &answers {
        assert!(
            ["strong", "medium", "weak"].contains(&answer.label.as_str()),
            "{}",
            answer.id
        );
        assert!(
            ["typed", "spoken"].contains(&answer.style.as_str()),
            "{}",
            answer.id
        );
        assert!(
            ["native", "second-language"].contains(&answer.english.as_str()),
            "{}",
            answer.id
        );
        assert!(!answer.profession.is_empty());
    }
    assert!(
        answers
            .iter()
            .filter(|answer| answer.kind == QuestionKind::Technical)
            .count()
            >= 12
    );
    assert!(
        answers
            .iter()
            .filter(|answer| answer.style == "spoken")
            .count()
            >= 15
    );
}

/// A story bank's competency suggestions on the dev set's real stories: the strong and medium
/// behavioral answers that are on topic, told as stories. The competency their question probes
/// should be among the (at most four) suggestions the user is asked to confirm.
#[test]
fn suggested_competencies_include_what_the_story_shows() {
    use rehearse_core::story_bank::{StoryFields, suggest_competencies};
    let (mut asked, mut found) = (0, 0);
    let mut misses = String::new();
    for answer in load() {
        let story_told = answer.kind == QuestionKind::Behavioral
            && answer.label != "weak"
            && answer.expect_on_topic == Some(true)
            && answer
                .expect_parts
                .as_ref()
                .is_some_and(|parts| parts.iter().any(|part| part == "action"));
        let Some(probed) = answer
            .competencies
            .iter()
            .find(|name| rehearse_core::analysis::is_suggestible(name))
        else {
            continue;
        };
        if !story_told {
            continue;
        }
        let fields = StoryFields {
            title: "A story".to_owned(),
            action: answer.answer.clone(),
            ..StoryFields::default()
        };
        let suggested = suggest_competencies(&fields);
        asked += 1;
        if suggested.contains(&probed.as_str()) {
            found += 1;
        } else {
            misses.push_str(&format!("  {}: {probed} not in {suggested:?}\n", answer.id));
        }
    }
    let share = found as f64 * 100.0 / asked as f64;
    eprintln!(
        "\ncompetency suggestions: {found}/{asked} ({share:.0}%) stories get their competency suggested\n{misses}"
    );
    assert!(asked >= 20, "{asked} stories");
    assert!(share >= 55.0, "{share:.0}%\n{misses}");
}

/// Every sub-score a story loses is explained by a finding: an ownership score below 80 comes
/// with a warning about "we" or a note about how few of the actions are the speaker's own.
#[test]
fn a_low_ownership_score_is_always_explained() {
    let mut checked = 0;
    for answer in load() {
        let analysis = analyse(&answer);
        let Some(ownership) = analysis.scores.and_then(|scores| scores.ownership) else {
            continue;
        };
        // Not a story, or no actions at all: that finding is the explanation.
        let explained_otherwise = analysis.findings.iter().any(|finding| {
            matches!(
                finding.code,
                FindingCode::MissingAction
                    | FindingCode::Hypothetical
                    | FindingCode::Habitual
                    | FindingCode::VirtueList
                    | FindingCode::Deflection
            )
        });
        if ownership >= 80 || explained_otherwise {
            continue;
        }
        checked += 1;
        assert!(
            analysis.findings.iter().any(|finding| matches!(
                finding.code,
                FindingCode::WeHeavy | FindingCode::FewOwnActions
            )),
            "{}: ownership {ownership} with no finding to explain it: {:?}",
            answer.id,
            analysis.findings.iter().map(|f| f.code).collect::<Vec<_>>()
        );
    }
    assert!(checked >= 3, "only {checked} answers with low ownership");
}
