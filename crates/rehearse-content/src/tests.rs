use rehearse_core::{QuestionFilter, QuestionKind, RoleFamily};

use super::*;

#[test]
fn builtin_bank_is_valid() {
    if let Err(errors) = Bank::builtin() {
        panic!("{errors}");
    }
}

#[test]
fn builtin_bank_covers_every_kind() {
    let bank = Bank::builtin().expect("valid bank");
    assert!(
        bank.questions().len() >= 60,
        "only {} questions",
        bank.questions().len()
    );
    for kind in QuestionKind::ALL {
        let count = bank
            .filtered(QuestionFilter {
                kind: Some(*kind),
                role: None,
            })
            .count();
        assert!(count >= 5, "only {count} {kind} questions");
    }
    assert_eq!(
        bank.questions()
            .iter()
            .filter(|question| question.common)
            .count(),
        5,
        "five common questions"
    );
}

#[test]
fn builtin_bank_covers_the_seven_story_categories() {
    let bank = Bank::builtin().expect("valid bank");
    let categories: Vec<&str> = bank
        .competencies()
        .iter()
        .filter(|competency| competency.story_category)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(categories.len(), 7);
    for category in categories {
        let count = bank
            .filtered(QuestionFilter {
                kind: Some(QuestionKind::Behavioral),
                role: None,
            })
            .filter(|question| question.competencies.iter().any(|c| c == category))
            .count();
        assert!(
            count >= 2,
            "only {count} behavioral questions on {category}"
        );
    }
}

#[test]
fn lookup_and_role_filter() {
    let bank = Bank::builtin().expect("valid bank");
    let first = &bank.questions()[0];
    assert_eq!(bank.get(first.id.as_str()), Some(first));
    assert_eq!(bank.get("no-such-question"), None);
    // General behavioral questions suit every role, including non-technical ones.
    let nurse = QuestionFilter {
        kind: Some(QuestionKind::Behavioral),
        role: Some(RoleFamily::Healthcare),
    };
    assert!(bank.filtered(nurse).count() >= 10);
}

const VALID: &str = r#"
[[question]]
id = "beh-sample"
kind = "behavioral"
competencies = ["conflict"]
difficulty = "easy"
text = "Tell me about a disagreement."
tests = "Conflict handling."
key_points = ["Names the disagreement"]
follow_ups = ["What would you change?"]
"#;

#[test]
fn a_valid_pack_loads() {
    let bank = Bank::from_files([("mine.toml", VALID)]).expect("valid");
    assert_eq!(bank.questions().len(), 1);
    assert!(bank.questions()[0].role_families.is_empty());
}

#[test]
fn a_pack_joins_the_builtin_bank_and_may_not_reuse_its_ids() {
    let builtin = Bank::builtin().unwrap().questions().len();
    let bank = Bank::builtin_with_pack([("packs/mine.toml", VALID)]).expect("valid");
    assert_eq!(bank.questions().len(), builtin + 1);
    assert!(bank.get("beh-sample").is_some());

    let first_id = Bank::builtin().unwrap().questions()[0].id.0.clone();
    let clash = VALID.replace("beh-sample", &first_id);
    let errors = Bank::builtin_with_pack([("packs/mine.toml", clash.as_str())]).unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors}");
    let line = errors.0[0].to_string();
    assert!(line.starts_with("packs/mine.toml: "), "{line}");
    assert!(line.contains("duplicate id; already used in"), "{line}");
}

#[test]
fn errors_name_the_file_the_question_and_the_field() {
    let broken = r#"
[[question]]
id = "beh-broken"
kind = "behavioural"
competencies = ["conflict", "telepathy"]
difficulty = "easy"
text = "Tell me about a disagreement"
tset = "typo"
key_points = []
follow_ups = ["Why?"]

[[question]]
kind = "technical"
competencies = ["technical-depth"]
difficulty = "hard"
text = "What is an index?"
tests = "Databases."
key_points = ["Sorted structure"]
follow_ups = ["Why?"]
"#;
    let errors = Bank::from_files([("broken.toml", broken)]).unwrap_err();
    let lines: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    expect_test::expect![[r#"
        [
            "broken.toml: question beh-broken: field `tset`: unknown field; expected one of: id, kind, role_families, competencies, topics, seniority, difficulty, common, text, tests, key_points, follow_ups, pitfalls, scale, rubric",
            "broken.toml: question beh-broken: field `kind`: unknown question kind \"behavioural\"; expected one of: behavioral, technical, system-design, take-home, case",
            "broken.toml: question beh-broken: field `competencies`: \"telepathy\" is not in competencies.toml",
            "broken.toml: question beh-broken: field `text`: must end with '?' or '.'",
            "broken.toml: question beh-broken: field `tests`: missing",
            "broken.toml: question beh-broken: field `key_points`: needs at least one key point",
            "broken.toml: question #2: field `id`: missing or not a string",
            "broken.toml: question #2: field `key_points`: a technical question needs 3 to 6 key points, found 1",
            "broken.toml: question #2: field `follow_ups`: a technical question needs at least 2 follow-ups, found 1",
        ]
    "#]]
    .assert_debug_eq(&lines);
}

#[test]
fn duplicate_ids_across_files_and_bad_toml_are_reported() {
    let errors = Bank::from_files([
        ("a.toml", VALID),
        ("b.toml", VALID),
        ("c.toml", "[[question]\nid="),
    ])
    .unwrap_err();
    let lines: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines[0],
        "b.toml: question beh-sample: field `id`: duplicate id; already used in a.toml"
    );
    assert!(lines[1].starts_with("c.toml: "), "{}", lines[1]);
    assert_eq!(lines.len(), 2);
}

#[test]
fn builtin_skills_load_with_their_aliases() {
    let skills = builtin_skills().unwrap_or_else(|errors| panic!("{errors}"));
    assert!(
        skills.skills().len() >= 800,
        "only {} skills",
        skills.skills().len()
    );
    let names = |text: &str| -> Vec<String> {
        skills
            .distinct(text)
            .into_iter()
            .map(|index| skills.get(index).name.clone())
            .collect()
    };
    assert_eq!(
        names("We deploy on k8s with Postgres"),
        ["Kubernetes", "PostgreSQL"]
    );
    assert_eq!(
        names("Pipelines in Spark and Airflow, events on kafka"),
        ["Apache Spark", "Apache Airflow", "Apache Kafka"]
    );
    assert!(names("Experience with PyTorch and scikit-learn").len() == 2);
    assert!(
        names("We go for a walk at lunch and react quickly").is_empty(),
        "ordinary words are not skills"
    );
}

#[test]
fn skills_errors_name_the_skill_and_the_field() {
    let broken = r#"
[[skill]]
name = "Kubernetes"
aliases = ["k8s"]
category = "devops"

[[skill]]
name = "Kubeflow"
aliases = ["K8S", "spark"]
category = "orchestration"
role_families = ["astronaut"]
"#;
    let errors = validate::skills("skills.toml", broken).unwrap_err();
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[0].contains(
            "skill \"Kubeflow\": field `aliases`: \"K8S\" is already used by \"Kubernetes\""
        ),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("\"spark\" is matched only as written"));
    assert!(lines[2].contains("unknown category \"orchestration\""));
    assert!(lines[3].contains("unknown role family \"astronaut\""));
}
