//! `rehearse stories ...` run as a user runs it.

use serde_json::Value;

use crate::{STAR_ANSWER, Sandbox, failure, stderr, success};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

const BANK: &str = "# The migration I broke

- Competencies: failure, ownership
- Metric: orders back within 40 minutes

## Action

I ran a database migration on a Friday without a tested rollback. When orders failed I told my lead, restored the backup and wrote the incident review myself.

## Result

Orders were back within 40 minutes and the rule has stopped 2 bad migrations since.

# The overwritten sales report

- Competencies: conflict

## Situation

Priya and I kept overwriting each other's numbers in the weekly report.

## Action

I asked her for coffee, listened, and we wrote one definition of an active customer together.

## Result

The tension ended and report errors fell by 40%.
";

#[test]
fn stories_are_added_listed_shown_edited_and_removed() {
    let sandbox = Sandbox::new();
    assert!(success(&sandbox.run(&["stories", "list"])).contains("No stories yet"));
    let saved = json(&success(&sandbox.run(&[
        "stories",
        "add",
        "--title",
        "Learning SQL in a fortnight",
        "--action",
        "I took a course every evening and rebuilt last month's report to check my numbers.",
        "--result",
        "The board report went out on time.",
        "--competency",
        "learning",
        "--json",
    ])));
    assert_eq!(saved["id"], 1);
    assert_eq!(saved["competencies"], serde_json::json!(["learning"]));

    let text = success(&sandbox.run(&["stories", "list"]));
    assert!(text.contains("Learning SQL in a fortnight"), "{text}");
    assert!(text.contains("1 of the 7–10 stories"), "{text}");

    let shown = json(&success(&sandbox.run(&["stories", "show", "1", "--json"])));
    assert_eq!(shown["story"]["title"], "Learning SQL in a fortnight");
    assert!(shown["suggested_competencies"].is_array());
    assert!(shown["claims"]["numbers"].is_array());

    success(&sandbox.run(&[
        "stories",
        "edit",
        "1",
        "--reflection",
        "Check against the old report.",
    ]));
    let shown = json(&success(&sandbox.run(&["stories", "show", "1", "--json"])));
    assert_eq!(
        shown["story"]["reflection"],
        "Check against the old report."
    );
    assert_eq!(
        shown["story"]["competencies"],
        serde_json::json!(["learning"]),
        "untouched fields stay"
    );

    // A Markdown file with one story, from standard input.
    let output = sandbox.run_with_stdin(
        &["stories", "add", "--file", "-"],
        BANK.split("# The overwritten").next().unwrap(),
    );
    assert!(success(&output).starts_with("Saved as story 2."));

    let line = failure(&sandbox.run(&["stories", "add", "--title", "No action"]));
    assert!(line.contains("the story has no action"), "{line}");
    let line = failure(&sandbox.run(&[
        "stories",
        "add",
        "--title",
        "T",
        "--action",
        "A",
        "--competency",
        "juggling",
    ]));
    assert!(line.contains("\"juggling\" is not a competency"), "{line}");
    let big = "word ".repeat(20_000);
    let line = failure(&sandbox.run(&["stories", "add", "--title", "Huge", "--action", &big]));
    assert!(
        line.contains("the action is 100000 characters long; the limit is 5000"),
        "{line}"
    );

    assert_eq!(
        success(&sandbox.run(&["stories", "rm", "1"])),
        "Story 1 deleted.\n"
    );
    assert_eq!(
        failure(&sandbox.run(&["stories", "rm", "1"])),
        "error: there is no story with id 1"
    );
}

#[test]
fn import_export_coverage_and_match() {
    let sandbox = Sandbox::new();
    sandbox.write("bank.md", BANK);
    assert_eq!(
        success(&sandbox.run(&["stories", "import", "bank.md"])),
        "Imported 2 stories.\n"
    );

    // A half-broken file imports nothing and names the line.
    sandbox.write(
        "broken.md",
        "# Good\n## Action\nDid it.\n# Bad\n## Outcome\nNope\n",
    );
    let line = failure(&sandbox.run(&["stories", "import", "broken.md"]));
    assert!(
        line.contains("nothing was imported from broken.md"),
        "{line}"
    );
    assert!(
        line.contains("line 5: \"## Outcome\" is not a part of a story"),
        "{line}"
    );
    sandbox.write("bank.json", r#"{"stories": [{"title": "From JSON", "action": "I acted.", "competencies": ["learning"]}]}"#);
    assert_eq!(
        success(&sandbox.run(&["stories", "import", "bank.json"])),
        "Imported 1 story.\n"
    );
    let list = json(&success(&sandbox.run(&["stories", "list", "--json"])));
    assert_eq!(list["stories"].as_array().unwrap().len(), 3);

    let markdown = success(&sandbox.run(&["stories", "export"]));
    assert!(
        markdown.starts_with("# The migration I broke\n"),
        "{markdown}"
    );
    success(&sandbox.run(&[
        "stories",
        "export",
        "--format",
        "pdf",
        "--output",
        "sheet.pdf",
    ]));
    let pdf = std::fs::read(sandbox.path("sheet.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));

    let coverage = json(&success(&sandbox.run(&["stories", "coverage", "--json"])));
    assert_eq!(coverage["count"], 3);
    let gaps: Vec<&str> = coverage["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert!(
        gaps.contains(&"challenge") && !gaps.contains(&"failure"),
        "{gaps:?}"
    );
    let failure_row = coverage["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["name"] == "failure")
        .unwrap();
    assert_eq!(
        failure_row["stories"],
        serde_json::json!(["The migration I broke"])
    );
    let text = success(&sandbox.run(&["stories", "coverage"]));
    assert!(
        text.contains("No story for a challenge overcome."),
        "{text}"
    );

    let matches = json(&success(&sandbox.run(&[
        "stories",
        "match",
        "--question",
        "Tell me about a conflict with a coworker.",
        "--json",
    ])));
    let first = &matches["matches"][0];
    assert_eq!(first["title"], "The overwritten sales report");
    assert_eq!(first["fit"], "strong");
    assert!(first["reason"].as_str().unwrap().contains("conflict"));
    let by_id = json(&success(&sandbox.run(&[
        "stories",
        "match",
        "--question-id",
        "beh-failure",
        "--json",
    ])));
    assert_eq!(
        by_id["matches"][0]["title"], "The migration I broke",
        "{by_id}"
    );
    let usage = sandbox.run(&["stories", "match"]);
    assert_eq!(usage.status.code(), Some(2), "{}", stderr(&usage));
}

#[test]
fn practising_with_a_story_shows_its_outline_and_links_the_answer() {
    let sandbox = Sandbox::new();
    sandbox.write("bank.md", BANK);
    success(&sandbox.run(&["stories", "import", "bank.md"]));
    let text = success(&sandbox.run_with_stdin(
        &[
            "practice",
            "--question",
            "beh-conflict-coworker",
            "--story",
            "2",
        ],
        STAR_ANSWER,
    ));
    assert!(
        text.contains("Your story “The overwritten sales report”, in outline:"),
        "{text}"
    );
    assert!(
        text.contains("Situation: Priya and I kept overwriting"),
        "{text}"
    );
    let attempt = json(&success(&sandbox.run(&["attempts", "show", "1", "--json"])));
    assert_eq!(attempt["story_id"], 2);
    let line = failure(&sandbox.run_with_stdin(&["practice", "--story", "9"], STAR_ANSWER));
    assert_eq!(line, "error: there is no story with id 9");
}
