//! `rehearse plan`, `rehearse due` and `rehearse progress`, run as a user runs them. The binary
//! uses the real clock, so dates are counted from today.

use chrono::{Days, Local, NaiveDate};
use serde_json::Value;

use crate::{STAR_ANSWER, Sandbox, failure, success};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn in_days(days: u64) -> String {
    (today() + Days::new(days)).to_string()
}

fn tasks(plan: &Value) -> Vec<&Value> {
    plan["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|day| day["tasks"].as_array().unwrap())
        .collect()
}

#[test]
fn a_plan_for_a_role_prints_json_text_and_a_calendar() {
    let sandbox = Sandbox::new();
    let date = in_days(8);
    let args = [
        "plan",
        "--role",
        "data analyst",
        "--level",
        "mid",
        "--date",
        &date,
        "--hours-per-day",
        "1.5",
    ];
    // A task id that is not in the plan is refused, not silently kept.
    let typo = failure(&sandbox.run(&[&args[..], &["--done", "bogus-task"]].concat()));
    assert!(typo.contains("no task \"bogus-task\""), "{typo}");
    let plan = json(&success(&sandbox.run(&[&args[..], &["--json"]].concat())));
    assert!(
        plan["done"].as_array().unwrap().is_empty(),
        "the typo was not kept"
    );
    // The guide's band for a mid-level role, split 20/30/40/10 when it all fits.
    let total = plan["total_hours"].as_f64().unwrap();
    assert!((6.0..=14.0).contains(&total), "{total}");
    for key in ["research", "behavioral", "technical", "logistics"] {
        assert!(plan["allocation"][key].as_f64().unwrap() > 0.0, "{key}");
    }
    assert_eq!(plan["days"][0]["date"], today().to_string());
    let tasks = tasks(&plan);
    assert!(tasks.len() >= 8);
    for task in &tasks {
        assert!(task["title"].as_str().unwrap().len() > 5);
        assert!(task["minutes"].as_u64().unwrap() >= 10);
        assert!(
            ["research", "behavioral", "technical", "logistics"]
                .contains(&task["category"].as_str().unwrap())
        );
    }
    for day in plan["days"].as_array().unwrap() {
        assert!(
            day["date"].as_str().unwrap() < date.as_str(),
            "every task before the day"
        );
        let minutes: u64 = day["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|task| task["minutes"].as_u64().unwrap())
            .sum();
        assert!(minutes <= 90, "{day}");
    }

    let text = success(&sandbox.run(&args));
    assert!(text.starts_with("Plan: "), "{text}");
    assert!(text.contains("Research the company"), "{text}");
    assert!(text.contains("[ ]"), "{text}");

    let output = sandbox.run(&[&args[..], &["--ics", "plan.ics"]].concat());
    success(&output);
    let ics = std::fs::read_to_string(sandbox.path("plan.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    // The tasks, and the interview itself.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), tasks.len() + 1);
    let stdout_ics = success(&sandbox.run(&[&args[..], &["--ics", "-"]].concat()));
    assert_eq!(stdout_ics.matches("BEGIN:VEVENT").count(), tasks.len() + 1);
}

#[test]
fn a_saved_job_keeps_its_date_and_the_tasks_done() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "posting.txt",
        "Senior Backend Engineer at Tidewater\n\nRequirements\n- Go and PostgreSQL\n- Kubernetes",
    );
    success(&sandbox.run(&["questions", "--jd", "posting.txt", "--save"]));
    let line = failure(&sandbox.run(&["plan"]));
    assert!(line.contains("nothing to plan"), "{line}");
    let line = failure(&sandbox.run(&["plan", "--target", "1"]));
    assert!(line.contains("no interview date"), "{line}");

    let date = in_days(12);
    let plan = json(&success(
        &sandbox.run(&["plan", "--target", "1", "--date", &date, "--json"]),
    ));
    let first = tasks(&plan)[0]["id"].as_str().unwrap().to_owned();
    assert!(first.starts_with("1:"), "{first}");
    // The date was kept: the plan for every job now has it.
    let again = json(&success(&sandbox.run(&["plan", "--json"])));
    assert_eq!(tasks(&again).len(), tasks(&plan).len());
    let targets = json(&success(&sandbox.run(&["targets", "show", "1", "--json"])));
    assert_eq!(targets["interviews"][0]["date"], date);

    let done = json(&success(
        &sandbox.run(&["plan", "--done", &first, "--json"]),
    ));
    assert_eq!(done["done"][0]["id"], first);
    assert!(tasks(&done).iter().all(|task| task["id"] != first.as_str()));
    let undone = json(&success(
        &sandbox.run(&["plan", "--undo", &first, "--json"]),
    ));
    assert!(undone["done"].as_array().unwrap().is_empty());
}

#[test]
fn bad_plan_input_gets_a_clear_message() {
    let sandbox = Sandbox::new();
    let line = failure(&sandbox.run(&["plan", "--role", "nurse", "--date", "2020-01-01"]));
    assert!(line.contains("has passed"), "{line}");
    let line = failure(&sandbox.run(&[
        "plan",
        "--role",
        "nurse",
        "--date",
        &in_days(5),
        "--hours-per-day",
        "0",
    ]));
    assert!(line.contains("at least 15 minutes"), "{line}");
    let line = failure(&sandbox.run(&["plan", "--role", "nurse", "--date", &in_days(900)]));
    assert!(line.contains("more than a year away"), "{line}");
    let line = failure(&sandbox.run(&["plan", "--target", "7", "--date", &in_days(5)]));
    assert!(line.contains("no target with id 7"), "{line}");
    // Usage errors are clap's: exit 2 with the usage.
    let output = sandbox.run(&["plan", "--role", "nurse"]);
    assert_eq!(output.status.code(), Some(2));
    let output = sandbox.run(&["plan", "--role", "nurse", "--date", "next week"]);
    assert_eq!(output.status.code(), Some(2));

    // The role is recognised or the plan says it is general.
    let plan = json(&success(&sandbox.run(&[
        "plan",
        "--role",
        "chief vibes officer",
        "--date",
        &in_days(1),
        "--json",
    ])));
    let notes = plan["notes"].to_string();
    assert!(notes.contains("not recognised"), "{notes}");
    assert!(notes.contains("Only today"), "{notes}");
    assert_eq!(plan["days"].as_array().unwrap().len(), 1);
}

#[test]
fn due_and_progress_follow_practice() {
    let sandbox = Sandbox::new();
    assert!(success(&sandbox.run(&["due"])).contains("Nothing is due"));
    assert_eq!(
        json(&success(&sandbox.run(&["due", "--json"])))["due"],
        Value::Array(vec![])
    );
    let text = success(&sandbox.run(&["progress"]));
    assert!(text.contains("No answers yet"), "{text}");
    assert!(text.contains("Stories: 0 (the goal is 7–10)"), "{text}");

    success(&sandbox.run_with_stdin(
        &["practice", "--question", "beh-challenge-hardest-problem"],
        STAR_ANSWER,
    ));
    // Practised today, so not due today.
    assert_eq!(
        json(&success(&sandbox.run(&["due", "--json"])))["due"],
        Value::Array(vec![])
    );
    let progress = json(&success(&sandbox.run(&["progress", "--json"])));
    assert_eq!(progress["attempts"], 1);
    assert_eq!(progress["days"][0]["date"], today().to_string());
    assert!(progress["days"][0]["scores"]["overall"].as_f64().unwrap() > 0.0);
    assert_eq!(progress["story_goal"], serde_json::json!([7, 10]));
    let text = success(&sandbox.run(&["progress"]));
    assert!(text.contains(&today().to_string()), "{text}");
}
