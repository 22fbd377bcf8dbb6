//! `rehearse estimate` and `rehearse mock` as a user runs them.

use serde_json::Value;

use crate::{Sandbox, failure, success};

#[test]
fn estimate_prints_unrounded_json_and_rounded_text() {
    let sandbox = Sandbox::new();
    let args = [
        "estimate",
        "--dau",
        "10000000",
        "--requests-per-user",
        "20",
        "--payload-bytes",
        "500",
        "--read-write",
        "4",
        "--retention-days",
        "365",
        "--peak-factor",
        "3",
    ];
    let json: Value =
        serde_json::from_str(&success(&sandbox.run(&[&args[..], &["--json"]].concat()))).unwrap();
    // Hand-computed: 200 million requests a day / 86,400.
    let close = |key: &str, expected: f64| {
        let value = json[key].as_f64().unwrap();
        assert!(
            (value - expected).abs() < 1e-6 * expected.max(1.0),
            "{key}: {value}"
        );
    };
    close("avg_qps", 200e6 / 86_400.0);
    close("peak_qps", 3.0 * 200e6 / 86_400.0);
    close("write_qps", 200e6 / 86_400.0 / 5.0);
    close("storage_per_day_bytes", 20e9);
    close("storage_total_bytes", 7.3e12);

    let text = success(&sandbox.run(&args));
    assert!(
        text.contains("2.3 thousand/s average, 6.9 thousand/s at peak"),
        "{text}"
    );
    assert!(text.contains("20 GB a day, 7.3 TB over 365 days"), "{text}");
    assert!(!text.contains("Latencies"));
    let tables = success(&sandbox.run(&[&args[..], &["--tables"]].concat()));
    assert!(tables.contains("2^30  a billion"), "{tables}");
    assert!(
        tables.contains("Round trip within one datacenter"),
        "{tables}"
    );

    // Defaults: writes only, five years, peak twice the average.
    let json: Value = serde_json::from_str(&success(&sandbox.run(&[
        "estimate",
        "--dau",
        "86400",
        "--requests-per-user",
        "1",
        "--payload-bytes",
        "1000",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["avg_qps"], 1.0);
    assert_eq!(json["peak_qps"], 2.0);
    assert_eq!(json["write_qps"], 1.0);
    assert_eq!(json["storage_total_bytes"], 86_400.0 * 1000.0 * 1825.0);
}

#[test]
fn estimate_refuses_impossible_inputs() {
    let sandbox = Sandbox::new();
    let line = failure(&sandbox.run(&[
        "estimate",
        "--dau",
        "0",
        "--requests-per-user",
        "1",
        "--payload-bytes",
        "1",
    ]));
    assert_eq!(
        line,
        "error: daily active users must be a number from 1 to 100 billion; 0 was given"
    );
    let line = failure(&sandbox.run(&[
        "estimate",
        "--dau",
        "100",
        "--requests-per-user",
        "1",
        "--payload-bytes",
        "1",
        "--peak-factor",
        "0.5",
    ]));
    assert!(line.contains("peak factor"), "{line}");
    let output = sandbox.run(&["estimate", "--dau", "lots"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn analyze_reports_the_framework_steps_of_written_design_and_case_answers() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "design.txt",
        "First, the requirements: users create short links and get redirected; I'll assume links never expire. \
         At 100 million links a month that is about 40 writes per second and 400 reads per second. \
         Clients call an API service behind a load balancer, which writes to a key-value database with a cache in front. \
         The bottleneck is the redirect path, so we shard the store by code and serve hot links from a CDN.",
    );
    let json: Value = serde_json::from_str(&success(&sandbox.run(&[
        "analyze",
        "--question",
        "Design a link shortener.",
        "--kind",
        "system-design",
        "--answer-file",
        "design.txt",
        "--json",
    ])))
    .unwrap();
    let steps = json["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "requirements",
            "estimation",
            "high_level",
            "deep_dive",
            "bottlenecks",
            "scalability",
            "failure_modes",
            "tradeoffs"
        ]
    );
    let covered = |name: &str| {
        steps
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["covered"] == true)
            .unwrap()
    };
    assert!(covered("requirements") && covered("estimation") && covered("high_level"));
    assert!(covered("bottlenecks") && covered("scalability"));
    assert!(!covered("failure_modes") && !covered("tradeoffs"));
    let text = success(&sandbox.run(&[
        "analyze",
        "--question",
        "Design a link shortener.",
        "--kind",
        "system-design",
        "--answer-file",
        "design.txt",
    ]));
    assert!(text.contains("Steps covered: 5 of 8"), "{text}");
    assert!(
        text.contains("Rehearse found nothing on failure handling in this answer."),
        "{text}"
    );

    sandbox.write(
        "case.txt",
        "I'd structure this into revenue and costs. Revenue grew 5% but costs rose 12%, so margins fell by about $20 million. \
         I recommend raising prices on specialty drinks, because demand there is less sensitive to price.",
    );
    let json: Value = serde_json::from_str(&success(&sandbox.run(&[
        "analyze",
        "--question",
        "A coffee chain's profits fell. What would you recommend?",
        "--kind",
        "case",
        "--answer-file",
        "case.txt",
        "--json",
    ])))
    .unwrap();
    let names: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["covered"] == true)
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["structure", "analysis", "recommendation"]);
}

const CONFLICT_NO_RESULT: &str = "Last year a coworker on my team and I disagreed about how to launch a new billing feature. He wanted to ship it to every customer at once, and I thought that was too risky because billing errors are hard to undo. I asked him for a meeting, I listened to his reasons, and I showed him the error rates from our last big launch. Then I proposed that we release it to ten percent of customers first, and I wrote the rollout plan myself.";

const CONFLICT_RESULT: &str = "In the end he agreed to the staged launch, which caught two billing bugs before they reached 90% of our customers, and we still work well together.";

#[test]
fn mock_runs_an_interview_from_piped_answers_with_the_result_follow_up_and_the_report() {
    let sandbox = Sandbox::new();
    // The bank's behavioral round opens with "tell me about yourself" and "why this role";
    // the conflict question is third.
    let input = format!("skip\n\nskip\n{CONFLICT_NO_RESULT}\n\n{CONFLICT_RESULT}\n\n");
    let text = success(&sandbox.run_with_stdin(
        &["mock", "--round", "behavioral", "--minutes", "15"],
        &input,
    ));
    assert!(text.contains("Question 3 of 3"), "{text}");
    assert!(text.contains("Follow-up (it probes the result)"), "{text}");
    assert!(text.contains("✓ You gave the result."), "{text}");
    assert!(text.contains("follow-ups handled 1 of 1"), "{text}");
    assert!(text.contains("Work on these first"), "{text}");
    assert!(
        text.contains("rehearse practice --question beh-conflict-coworker"),
        "{text}"
    );

    // The answer joined the history; --json gives the session as one document.
    let attempts: Value =
        serde_json::from_str(&success(&sandbox.run(&["attempts", "list", "--json"]))).unwrap();
    assert_eq!(attempts["attempts"].as_array().unwrap().len(), 1);
    let json: Value = serde_json::from_str(&success(&sandbox.run_with_stdin(
        &[
            "mock",
            "--round",
            "technical",
            "--minutes",
            "5",
            "--mode",
            "real",
            "--json",
        ],
        "end\n",
    )))
    .unwrap();
    assert_eq!(json["state"], "finished");
    assert_eq!(json["report"]["answered"], 0);
}

#[test]
fn mock_refuses_bad_settings_with_one_clear_line() {
    let sandbox = Sandbox::new();
    let error = failure(&sandbox.run(&["mock", "--round", "behavioral", "--minutes", "500"]));
    assert!(
        error.contains("from 5 to 180 minutes; 500 was given"),
        "{error}"
    );
    let error = failure(&sandbox.run(&["mock", "--round", "behavioral", "--target", "4"]));
    assert!(error.contains("there is no target with id 4"), "{error}");
    let usage = sandbox.run(&["mock", "--round", "lunch"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("expected one of: behavioral"));
}

#[test]
fn mock_asks_a_saved_jobs_questions_first() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "posting.txt",
        "Senior Backend Engineer at Tidewater\n\nRequirements\n- Go and PostgreSQL\n- Kubernetes",
    );
    success(&sandbox.run(&["questions", "--jd", "posting.txt", "--save"]));
    let target: Value =
        serde_json::from_str(&success(&sandbox.run(&["targets", "show", "1", "--json"]))).unwrap();
    let technical: Vec<&str> = target["set"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|question| question["kind"] == "technical")
        .map(|question| question["text"].as_str().unwrap())
        .collect();
    assert!(!technical.is_empty(), "{target}");
    let json: Value = serde_json::from_str(&success(&sandbox.run_with_stdin(
        &[
            "mock",
            "--target",
            "1",
            "--round",
            "technical",
            "--minutes",
            "10",
            "--json",
        ],
        "end\n",
    )))
    .unwrap();
    assert_eq!(json["target_id"], 1);
    let asked = json["questions"][0]["text"].as_str().unwrap();
    assert!(technical.contains(&asked), "{asked} is from the job's set");
}
