//! `analyze`, `questions list`, `practice`, `attempts list|show`, and their failures.

use serde_json::Value;

use crate::{STAR_ANSWER, Sandbox, failure, success};

#[test]
fn analyze_prints_the_contract_json() {
    let sandbox = Sandbox::new();
    let answer = sandbox.write("answer.txt", STAR_ANSWER);
    let output = sandbox.run(&[
        "analyze",
        "--question",
        "Tell me about a time you fixed a broken process.",
        "--answer-file",
        answer.to_str().unwrap(),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&success(&output)).expect("one JSON document");
    assert_eq!(json["kind"], "behavioral");
    for field in [
        "word_count",
        "speaking_seconds",
        "sentences",
        "star",
        "result_quantified",
        "ownership",
        "fillers",
        "on_topic",
        "scores",
        "findings",
    ] {
        assert!(json.get(field).is_some(), "{field}");
    }
    for sentence in json["sentences"].as_array().unwrap() {
        let (start, end) = (
            sentence["start"].as_u64().unwrap() as usize,
            sentence["end"].as_u64().unwrap() as usize,
        );
        assert!(STAR_ANSWER.get(start..end).is_some());
    }
    assert!(
        !sandbox.path("rehearse.db").exists(),
        "analyze touches no database"
    );
}

#[test]
fn analyze_reads_stdin_takes_key_points_and_prints_text() {
    let sandbox = Sandbox::new();
    let output = sandbox.run_with_stdin(
        &["analyze", "--question", "What is an index?", "--kind", "technical", "--key-point", "An index is a sorted structure such as a B-tree", "--key-point", "Indexes slow down writes", "--answer-file", "-"],
        "An index keeps a sorted copy of a column in a B-tree, so the database can find rows without reading the whole table. \
         It costs disk space and every write has to update it.",
    );
    let text = success(&output);
    assert!(text.starts_with("Technical answer · "), "{text}");
    assert!(text.contains("Key points covered: "), "{text}");
    assert!(text.contains("Score "), "{text}");
}

#[test]
fn analyze_refuses_bad_answers_clearly() {
    let sandbox = Sandbox::new();
    let not_utf8 = sandbox.write("latin1.txt", b"caf\xe9 au lait");
    let line = failure(&sandbox.run(&[
        "analyze",
        "--question",
        "Q?",
        "--answer-file",
        not_utf8.to_str().unwrap(),
    ]));
    assert!(line.contains("latin1.txt is not UTF-8 text"), "{line}");

    let empty = sandbox.write("empty.txt", "  \n");
    let line = failure(&sandbox.run(&[
        "analyze",
        "--question",
        "Q?",
        "--answer-file",
        empty.to_str().unwrap(),
    ]));
    assert_eq!(
        line,
        "error: the answer is empty; type or paste your answer first"
    );

    let long = sandbox.write("long.txt", "word ".repeat(4_001));
    let line = failure(&sandbox.run(&[
        "analyze",
        "--question",
        "Q?",
        "--answer-file",
        long.to_str().unwrap(),
    ]));
    assert!(line.contains("the limit is 20000"), "{line}");

    let huge = sandbox.write("huge.txt", vec![b'a'; 2 * 1024 * 1024]);
    let line = failure(&sandbox.run(&[
        "analyze",
        "--question",
        "Q?",
        "--answer-file",
        huge.to_str().unwrap(),
    ]));
    assert!(line.contains("larger than 1 MiB"), "{line}");

    let line = failure(&sandbox.run(&[
        "analyze",
        "--question",
        "Q?",
        "--answer-file",
        "missing.txt",
    ]));
    assert!(
        line.contains("cannot read the answer file missing.txt"),
        "{line}"
    );

    let answer = sandbox.write("answer.txt", STAR_ANSWER);
    let line = failure(&sandbox.run(&[
        "analyze",
        "--question-id",
        "nope",
        "--answer-file",
        answer.to_str().unwrap(),
    ]));
    assert_eq!(line, "error: there is no question with id \"nope\"");
}

#[test]
fn usage_errors_exit_2_with_help() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["analyze", "--answer-file", "x.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::stderr(&output).contains("--question"));
    let output = sandbox.run(&["questions", "list", "--kind", "coding"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::stderr(&output).contains("unknown question kind \"coding\""));
}

#[test]
fn version_and_help() {
    let sandbox = Sandbox::new();
    assert!(success(&sandbox.run(&["--version"])).starts_with("rehearse "));
    for args in [
        &["--help"][..],
        &["analyze", "--help"],
        &["questions", "list", "--help"],
        &["practice", "--help"],
        &["attempts", "list", "--help"],
        &["plan", "--help"],
        &["due", "--help"],
        &["progress", "--help"],
        &["serve", "--help"],
    ] {
        assert!(
            success(&sandbox.run(args)).contains("Usage: rehearse"),
            "{args:?}"
        );
    }
}

#[test]
fn questions_list_filters_and_prints_json() {
    let sandbox = Sandbox::new();
    let all: Value =
        serde_json::from_str(&success(&sandbox.run(&["questions", "list", "--json"]))).unwrap();
    let all = all["questions"].as_array().unwrap();
    assert!(all.len() >= 60);

    let design: Value = serde_json::from_str(&success(&sandbox.run(&[
        "questions",
        "list",
        "--kind",
        "system-design",
        "--json",
    ])))
    .unwrap();
    let design = design["questions"].as_array().unwrap();
    assert!(
        !design.is_empty()
            && design
                .iter()
                .all(|question| question["kind"] == "system-design")
    );

    let text = success(&sandbox.run(&[
        "questions",
        "list",
        "--kind",
        "case",
        "--role",
        "product-management",
    ]));
    assert!(
        text.lines().last().unwrap().ends_with("questions"),
        "{text}"
    );
}

#[test]
fn practice_saves_an_attempt_that_attempts_list_shows() {
    let sandbox = Sandbox::new();
    assert!(success(&sandbox.run(&["attempts", "list"])).contains("No answers yet"));
    assert_eq!(
        success(&sandbox.run(&["attempts", "list", "--json"])).trim(),
        "{\n  \"attempts\": [],\n  \"next_after\": null\n}"
    );

    let output = sandbox.run_with_stdin(
        &["practice", "--question", "beh-challenge-hardest-problem"],
        STAR_ANSWER,
    );
    let text = success(&output);
    assert!(text.contains("Behavioral answer"), "{text}");
    assert!(text.contains("Saved as answer 1."), "{text}");

    let list: Value =
        serde_json::from_str(&success(&sandbox.run(&["attempts", "list", "--json"]))).unwrap();
    let rows = list["attempts"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], 1);
    assert!(rows[0]["score"].is_u64());
    assert!(rows[0]["created_at"].as_str().unwrap().ends_with('Z'));

    let shown: Value =
        serde_json::from_str(&success(&sandbox.run(&["attempts", "show", "1", "--json"]))).unwrap();
    assert_eq!(shown["answer"], STAR_ANSWER);
    let text = success(&sandbox.run(&["attempts", "show", "1"]));
    assert!(text.contains("STAR"), "{text}");
    assert_eq!(
        failure(&sandbox.run(&["attempts", "show", "7"])),
        "error: there is no attempt with id 7"
    );
}

#[test]
fn practice_refuses_an_empty_answer_and_saves_nothing() {
    let sandbox = Sandbox::new();
    let line = failure(&sandbox.run_with_stdin(&["practice"], ""));
    assert_eq!(
        line,
        "error: the answer is empty; type or paste your answer first"
    );
    let line = failure(&sandbox.run_with_stdin(&["practice", "--question", "nope"], STAR_ANSWER));
    assert_eq!(line, "error: there is no question with id \"nope\"");
    assert_eq!(
        success(&sandbox.run(&["attempts", "list", "--json"])).trim(),
        "{\n  \"attempts\": [],\n  \"next_after\": null\n}"
    );
}

#[test]
fn database_problems_are_one_clear_line() {
    let sandbox = Sandbox::new();
    let junk = sandbox.write("notes.db", "not a database\n".repeat(100));
    let line = failure(&sandbox.run(&["attempts", "list", "--db", junk.to_str().unwrap()]));
    assert!(
        line.contains("notes.db") && line.contains("not a Rehearse database"),
        "{line}"
    );

    let missing = sandbox.path("no-folder/rehearse.db");
    let line = failure(&sandbox.run(&["attempts", "list", "--db", missing.to_str().unwrap()]));
    assert!(
        line.contains("no-folder") && line.contains("writable"),
        "{line}"
    );
}

#[test]
fn default_database_lives_in_the_data_directory() {
    let sandbox = Sandbox::new();
    let mut command = sandbox.command(&["attempts", "list"]);
    command.env_remove("REHEARSE_DB");
    let output = command.output().unwrap();
    success(&output);
    assert!(sandbox.path("data/rehearse/rehearse.db").exists());
}
