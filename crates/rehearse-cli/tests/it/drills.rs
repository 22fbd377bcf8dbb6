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
