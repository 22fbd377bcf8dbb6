//! `rehearse questions` from a posting and resume, `rehearse targets`, practising a set question,
//! and question packs (`bank validate`, `--packs`).

use serde_json::Value;

use crate::{STAR_ANSWER, Sandbox, failure, stderr, success};

const POSTING: &str = "Senior Data Engineer at Brightwater Logistics

Responsibilities
- Design and build data pipelines in Python and Apache Spark
- Own the on-call rotation for the data platform and lead incident reviews

Requirements
- 5+ years of experience in data engineering
- Strong SQL and Python
- Experience with k8s and Airflow";

const RESUME: &str = "Sam Rivera

EXPERIENCE
Data Engineer, Northwind Freight | March 2019 - Present
- Cut the nightly ETL runtime by 40% by rewriting the Spark jobs

SKILLS
Python, SQL, Spark, Airflow";

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

#[test]
fn questions_from_a_posting_file_and_resume_print_the_contract_json() {
    let sandbox = Sandbox::new();
    sandbox.write("posting.md", POSTING);
    sandbox.write("resume.txt", RESUME);
    let set = json(&success(&sandbox.run(&[
        "questions",
        "--jd",
        "posting.md",
        "--resume",
        "resume.txt",
        "--count",
        "12",
        "--json",
    ])));
    assert_eq!(set["target"]["title"], "Senior Data Engineer");
    assert_eq!(set["target"]["role_family"], "software-engineering");
    assert_eq!(set["target"]["seniority"], "senior");
    assert!(
        set["target"]["skills"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Kubernetes"))
    );
    let questions = set["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 12);
    let mut grounded = 0;
    for question in questions {
        let quote = question["source"]["quote"].as_str();
        match question["source"]["from"].as_str().unwrap() {
            "jd" => {
                assert!(POSTING.contains(quote.unwrap()), "{question}");
                grounded += 1;
            }
            "resume" => assert!(RESUME.contains(quote.unwrap()), "{question}"),
            _ => {}
        }
    }
    assert!(grounded >= 3, "{grounded} posting-grounded questions");
    assert!(set.get("target_id").is_none(), "not saved without --save");

    // The same from standard input, as text; the same inputs give the same set.
    let from_stdin = json(&success(&sandbox.run_with_stdin(
        &[
            "questions",
            "--jd",
            "-",
            "--resume",
            "resume.txt",
            "--count",
            "12",
            "--json",
        ],
        POSTING,
    )));
    assert_eq!(from_stdin["questions"], set["questions"]);

    // Text output: numbered questions with their reasons and lines.
    let text = success(&sandbox.run(&["questions", "--jd", "posting.md", "--count", "5"]));
    assert!(text.starts_with("Senior Data Engineer\n"), "{text}");
    assert!(text.contains(" 5. "), "{text}");
    assert!(!text.contains(" 6. "), "{text}");
}

#[test]
fn a_role_alone_gives_a_set_and_bad_input_is_one_clear_line() {
    let sandbox = Sandbox::new();
    let set = json(&success(&sandbox.run(&[
        "questions",
        "--role",
        "store manager",
        "--level",
        "manager",
        "--json",
    ])));
    assert_eq!(set["target"]["role_family"], "retail");
    assert_eq!(set["target"]["seniority"], "manager");
    assert_eq!(set["questions"].as_array().unwrap().len(), 20);

    let line = failure(&sandbox.run(&["questions"]));
    assert!(line.contains("give a job posting"), "{line}");
    let line = failure(&sandbox.run(&["questions", "--jd", "missing.txt"]));
    assert!(
        line.contains("cannot read the posting missing.txt"),
        "{line}"
    );
    sandbox.write("posting.md", POSTING);
    let line = failure(&sandbox.run(&["questions", "--jd", "posting.md", "--count", "0"]));
    assert!(line.contains("between 1 and 60"), "{line}");
    sandbox.write(
        "scan.pdf",
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    );
    let line = failure(&sandbox.run(&["questions", "--jd", "scan.pdf"]));
    assert!(line.contains("scan.pdf"), "{line}");
    assert!(line.contains("paste the text"), "{line}");
    let big = sandbox.path("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    let line = failure(&sandbox.run(&["questions", "--jd", "big.txt"]));
    assert!(line.contains("the limit is 10 MB"), "{line}");
    // A posting's address on this machine or the local network is never read.
    for url in [
        "http://127.0.0.1:9/job",
        "http://localhost:7878/api/v1/targets",
    ] {
        let line = failure(&sandbox.run(&["questions", "--jd", url]));
        assert!(line.contains("a private or local address"), "{line}");
    }
}

#[test]
fn a_saved_set_is_listed_shown_and_practised() {
    let sandbox = Sandbox::new();
    sandbox.write("posting.md", POSTING);
    sandbox.write("resume.txt", RESUME);
    assert!(success(&sandbox.run(&["targets", "list"])).contains("No targets yet"));

    let saved = json(&success(&sandbox.run(&[
        "questions",
        "--jd",
        "posting.md",
        "--resume",
        "resume.txt",
        "--save",
        "--json",
    ])));
    assert_eq!(saved["target_id"], 1);

    let list = json(&success(&sandbox.run(&["targets", "list", "--json"])));
    assert_eq!(list["targets"][0]["id"], 1);
    assert_eq!(
        list["targets"][0]["name"],
        "Senior Data Engineer at Brightwater Logistics"
    );
    assert_eq!(list["targets"][0]["questions"], 20);
    let text = success(&sandbox.run(&["targets", "list"]));
    assert!(
        text.contains("Senior Data Engineer at Brightwater Logistics"),
        "{text}"
    );

    let shown = json(&success(&sandbox.run(&["targets", "show", "1", "--json"])));
    assert_eq!(shown["set"]["questions"], saved["questions"]);
    assert_eq!(shown["resume_name"], "resume.txt");
    let text = success(&sandbox.run(&["targets", "show", "1"]));
    assert!(text.contains("rehearse practice --target 1"), "{text}");
    assert_eq!(
        failure(&sandbox.run(&["targets", "show", "9"])),
        "error: there is no target with id 9"
    );

    // Practise the resume question of the set.
    let question = saved["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|question| question["source"]["from"] == "resume")
        .unwrap();
    let id = question["id"].as_str().unwrap();
    let text = success(&sandbox.run_with_stdin(
        &["practice", "--target", "1", "--question", id],
        STAR_ANSWER,
    ));
    assert!(text.contains("Saved as answer 1."), "{text}");
    let attempt = json(&success(&sandbox.run(&["attempts", "show", "1", "--json"])));
    assert_eq!(attempt["question_id"], id);
    assert_eq!(attempt["target_id"], 1);
    assert_eq!(attempt["question_text"], question["text"]);

    let line = failure(&sandbox.run_with_stdin(
        &["practice", "--target", "1", "--question", "nope"],
        STAR_ANSWER,
    ));
    assert_eq!(
        line,
        "error: there is no question with id \"nope\" in this target's set"
    );
}

const PACK: &str = r#"
[[question]]
id = "my-pack-warehouse-safety"
kind = "behavioral"
competencies = ["ethics"]
difficulty = "medium"
text = "Tell me about a time you stopped work because something was unsafe."
tests = "Judgement and courage on safety."
key_points = ["Names the risk", "Says what they did first", "Reports the outcome"]
follow_ups = ["Who disagreed with you?"]
"#;

#[test]
fn question_packs_are_validated_and_used() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.path("pack")).unwrap();
    sandbox.write("pack/safety.toml", PACK);
    let text = success(&sandbox.run(&["bank", "validate", "pack"]));
    assert!(text.starts_with("ok: 1 questions in 1 file;"), "{text}");

    // With --packs, the pack's question is in the bank everywhere.
    let list = json(&success(&sandbox.run(&[
        "--packs",
        "pack",
        "questions",
        "list",
        "--json",
    ])));
    assert!(
        list["questions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|question| question["id"] == "my-pack-warehouse-safety")
    );
    let text = success(&sandbox.run_with_stdin(
        &[
            "--packs",
            "pack",
            "practice",
            "--question",
            "my-pack-warehouse-safety",
        ],
        STAR_ANSWER,
    ));
    assert!(text.contains("Saved as answer 1."), "{text}");

    // Errors name the file, the question and the field, one per line, then a summary.
    sandbox.write(
        "pack/broken.toml",
        PACK.replace("my-pack-warehouse-safety", "my-pack-two")
            .replace("\"ethics\"", "\"juggling\"")
            .replace("difficulty = \"medium\"", "difficulty = \"brutal\""),
    );
    sandbox.write(
        "pack/clash.toml",
        PACK.replace("my-pack-warehouse-safety", "beh-challenge-hardest-problem"),
    );
    let output = sandbox.run(&["bank", "validate", "pack"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines.iter().any(|line| line.contains("broken.toml")
            && line.contains("my-pack-two")
            && line.contains("difficulty")),
        "{report}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("clash.toml") && line.contains("duplicate id")),
        "{report}"
    );
    assert!(
        lines.last().unwrap().starts_with("error: ") && lines.last().unwrap().contains("in pack"),
        "{report}"
    );
    // A broken pack stops other commands with a pointer to the check.
    let line = failure(&sandbox.run(&["--packs", "pack", "questions", "list"]));
    assert!(line.contains("run `rehearse bank validate pack`"), "{line}");

    let line = failure(&sandbox.run(&["bank", "validate", "nowhere"]));
    assert!(
        line.contains("cannot read the question pack folder nowhere"),
        "{line}"
    );
}
