//! `rehearse estimate` (and, with the mock-interview work, the drills) as a user runs them.

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
        text.contains("The answer never gets to failure handling."),
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
