//! The back-of-envelope estimator of system-design interviews: from daily users, requests per
//! user, payload size, reads per write, retention and a peak factor to requests per second,
//! storage, bandwidth and a cache size, with the reference tables beside them.
//!
//! The formulas (DESIGN.md §6, `rehearse estimate`): average QPS = DAU × requests per user ÷
//! 86,400; peak = average × peak factor; with R reads per write, write QPS = QPS ÷ (R + 1); storage
//! per day = writes per day × payload; total = per day × retention days. Numbers stay unrounded;
//! [`human_bytes`] and [`human_rate`] round them for people.

use serde::{Deserialize, Serialize};

pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// What the user knows or assumes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EstimateInput {
    pub dau: f64,
    pub requests_per_user: f64,
    pub payload_bytes: f64,
    /// Reads per write; 0 means every request is a write.
    #[serde(default)]
    pub read_write: f64,
    #[serde(default = "default_retention")]
    pub retention_days: f64,
    #[serde(default = "default_peak")]
    pub peak_factor: f64,
}

fn default_retention() -> f64 {
    DEFAULT_RETENTION_DAYS
}

fn default_peak() -> f64 {
    DEFAULT_PEAK_FACTOR
}

/// Five years, the horizon interview prompts usually ask for.
pub const DEFAULT_RETENTION_DAYS: f64 = 5.0 * 365.0;
/// Traffic at its busiest hour is commonly about twice the day's average.
pub const DEFAULT_PEAK_FACTOR: f64 = 2.0;
/// The share of a day's read traffic worth keeping in memory (the 80/20 rule: a fifth of the
/// items serve most reads).
pub const CACHE_SHARE: f64 = 0.2;

/// The estimate, unrounded (DESIGN.md §6 shape plus the rest).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub avg_qps: f64,
    pub peak_qps: f64,
    pub write_qps: f64,
    pub read_qps: f64,
    pub peak_write_qps: f64,
    pub peak_read_qps: f64,
    pub requests_per_day: f64,
    pub writes_per_day: f64,
    pub storage_per_day_bytes: f64,
    pub storage_total_bytes: f64,
    /// Bytes a second written, on average.
    pub ingress_bytes_per_second: f64,
    /// Bytes a second read, on average.
    pub egress_bytes_per_second: f64,
    /// Memory to cache a fifth of a day's reads.
    pub cache_bytes: f64,
    pub input: EstimateInput,
}

/// An input that makes no estimate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EstimateError {
    #[error(
        "{field} must be a number from {} to {}; {given} was given",
        human_count(*min),
        human_count(*max)
    )]
    OutOfRange {
        field: &'static str,
        given: f64,
        min: f64,
        max: f64,
    },
}

fn check(field: &'static str, given: f64, min: f64, max: f64) -> Result<(), EstimateError> {
    if given.is_finite() && (min..=max).contains(&given) {
        Ok(())
    } else {
        Err(EstimateError::OutOfRange {
            field,
            given,
            min,
            max,
        })
    }
}

/// The estimate for `input`.
pub fn estimate(input: EstimateInput) -> Result<Estimate, EstimateError> {
    // Ranges generous enough for any interview prompt and small enough that nothing overflows
    // into meaningless numbers.
    check("daily active users", input.dau, 1.0, 1e11)?;
    check("requests per user", input.requests_per_user, 0.0, 1e6)?;
    check("payload bytes", input.payload_bytes, 0.0, 1e12)?;
    check("reads per write", input.read_write, 0.0, 1e6)?;
    check("retention days", input.retention_days, 0.0, 36_500.0)?;
    check("peak factor", input.peak_factor, 1.0, 100.0)?;
    let requests_per_day = input.dau * input.requests_per_user;
    let avg_qps = requests_per_day / SECONDS_PER_DAY;
    let write_qps = avg_qps / (input.read_write + 1.0);
    let read_qps = avg_qps - write_qps;
    let writes_per_day = requests_per_day / (input.read_write + 1.0);
    let storage_per_day_bytes = writes_per_day * input.payload_bytes;
    let reads_per_day = requests_per_day - writes_per_day;
    Ok(Estimate {
        avg_qps,
        peak_qps: avg_qps * input.peak_factor,
        write_qps,
        read_qps,
        peak_write_qps: write_qps * input.peak_factor,
        peak_read_qps: read_qps * input.peak_factor,
        requests_per_day,
        writes_per_day,
        storage_per_day_bytes,
        storage_total_bytes: storage_per_day_bytes * input.retention_days,
        ingress_bytes_per_second: write_qps * input.payload_bytes,
        egress_bytes_per_second: read_qps * input.payload_bytes,
        cache_bytes: reads_per_day * input.payload_bytes * CACHE_SHARE,
        input,
    })
}

impl Estimate {
    /// The estimate for people: each figure rounded with its unit, as (what, figures).
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        [
            (
                "Requests",
                format!(
                    "{} average, {} at peak",
                    human_rate(self.avg_qps),
                    human_rate(self.peak_qps)
                ),
            ),
            (
                "Writes",
                format!(
                    "{} average, {} at peak",
                    human_rate(self.write_qps),
                    human_rate(self.peak_write_qps)
                ),
            ),
            (
                "Reads",
                format!(
                    "{} average, {} at peak",
                    human_rate(self.read_qps),
                    human_rate(self.peak_read_qps)
                ),
            ),
            (
                "Storage",
                format!(
                    "{} a day, {} over {} days",
                    human_bytes(self.storage_per_day_bytes),
                    human_bytes(self.storage_total_bytes),
                    human_count(self.input.retention_days)
                ),
            ),
            (
                "Bandwidth",
                format!(
                    "{}/s in, {}/s out",
                    human_bytes(self.ingress_bytes_per_second),
                    human_bytes(self.egress_bytes_per_second)
                ),
            ),
            (
                "Cache",
                format!(
                    "{} (a fifth of a day's reads)",
                    human_bytes(self.cache_bytes)
                ),
            ),
        ]
        .into()
    }
}

/// Bytes in decimal units, as estimates are said aloud: "4.3 TB".
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 7] = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} bytes")
    } else {
        format!("{} {}", significant(value), UNITS[unit])
    }
}

/// A rate a second: "1.2 thousand/s".
pub fn human_rate(per_second: f64) -> String {
    format!("{}/s", human_count(per_second))
}

/// A count in words people use: "3.5 billion".
pub fn human_count(count: f64) -> String {
    const UNITS: [(f64, &str); 4] = [
        (1e12, "trillion"),
        (1e9, "billion"),
        (1e6, "million"),
        (1e3, "thousand"),
    ];
    let count = count.max(0.0);
    for (size, name) in UNITS {
        if count >= size {
            return format!("{} {name}", significant(count / size));
        }
    }
    significant(count)
}

/// Two or three significant figures: 4.27 → "4.3", 42.7 → "43", 427 → "427".
fn significant(value: f64) -> String {
    if value == 0.0 {
        "0".to_owned()
    } else if value < 10.0 {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
    } else {
        format!("{value:.0}")
    }
}

/// Powers of two to keep in mind: (power, roughly, the unit it names).
pub const POWERS_OF_TWO: &[(u32, &str, &str)] = &[
    (10, "a thousand", "1 KB"),
    (20, "a million", "1 MB"),
    (30, "a billion", "1 GB"),
    (40, "a trillion", "1 TB"),
    (50, "a quadrillion", "1 PB"),
];

/// Latencies every engineer should know, in nanoseconds (the widely quoted figures, rounded).
pub const LATENCIES: &[(&str, f64)] = &[
    ("L1 cache reference", 0.5),
    ("Branch mispredict", 5.0),
    ("L2 cache reference", 7.0),
    ("Mutex lock or unlock", 25.0),
    ("Main memory reference", 100.0),
    ("Compress 1 KB with a fast compressor", 3_000.0),
    ("Send 1 KB over a 1 Gbps network", 10_000.0),
    ("Read 4 KB at random from an SSD", 150_000.0),
    ("Read 1 MB in sequence from memory", 250_000.0),
    ("Round trip within one datacenter", 500_000.0),
    ("Read 1 MB in sequence from an SSD", 1_000_000.0),
    ("Disk seek", 10_000_000.0),
    ("Read 1 MB in sequence from disk", 20_000_000.0),
    ("Packet from California to Europe and back", 150_000_000.0),
];

/// A latency for people: "150 µs".
pub fn human_duration(nanoseconds: f64) -> String {
    if nanoseconds < 1_000.0 {
        format!("{} ns", significant(nanoseconds))
    } else if nanoseconds < 1_000_000.0 {
        format!("{} µs", significant(nanoseconds / 1_000.0))
    } else if nanoseconds < 1_000_000_000.0 {
        format!("{} ms", significant(nanoseconds / 1_000_000.0))
    } else {
        format!("{} s", significant(nanoseconds / 1_000_000_000.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(dau: f64, requests: f64, payload: f64, read_write: f64) -> EstimateInput {
        EstimateInput {
            dau,
            requests_per_user: requests,
            payload_bytes: payload,
            read_write,
            retention_days: 365.0,
            peak_factor: 3.0,
        }
    }

    #[test]
    fn the_numbers_match_a_hand_calculation() {
        // 10 million users making 20 requests a day: 200 million a day.
        let estimate = estimate(input(10e6, 20.0, 500.0, 4.0)).unwrap();
        // 200e6 / 86,400 = 2,314.8148…
        assert!((estimate.avg_qps - 2_314.814_814_8).abs() < 1e-6);
        assert!((estimate.peak_qps - 6_944.444_444_4).abs() < 1e-6);
        // Four reads per write: a fifth are writes.
        assert!((estimate.write_qps - 462.962_962_96).abs() < 1e-6);
        assert!((estimate.read_qps - 1_851.851_851_8).abs() < 1e-6);
        assert_eq!(estimate.writes_per_day, 40e6);
        // 40 million writes × 500 bytes = 20 GB a day; a year is 7.3 TB.
        assert_eq!(estimate.storage_per_day_bytes, 20e9);
        assert_eq!(estimate.storage_total_bytes, 7.3e12);
        // 160 million reads × 500 bytes × 0.2 = 16 GB of cache.
        assert_eq!(estimate.cache_bytes, 16e9);
        assert!((estimate.ingress_bytes_per_second - 231_481.481_48).abs() < 1e-3);
        assert_eq!(human_bytes(estimate.storage_total_bytes), "7.3 TB");
        assert_eq!(human_rate(estimate.avg_qps), "2.3 thousand/s");
    }

    #[test]
    fn writes_only_and_the_link_shortener() {
        let writes_only = estimate(input(1e6, 1.0, 1_000.0, 0.0)).unwrap();
        assert_eq!(writes_only.write_qps, writes_only.avg_qps);
        assert_eq!(writes_only.read_qps, 0.0);
        assert_eq!(writes_only.cache_bytes, 0.0);
        // The bank's link shortener: 100 million links a month (≈3.3 million a day) with ten
        // redirects each: about 40 writes and 400 redirects a second.
        let shortener = estimate(EstimateInput {
            dau: 100e6 / 30.0,
            requests_per_user: 11.0,
            payload_bytes: 500.0,
            read_write: 10.0,
            retention_days: 5.0 * 365.0,
            peak_factor: DEFAULT_PEAK_FACTOR,
        })
        .unwrap();
        assert_eq!(shortener.write_qps.round(), 39.0);
        assert_eq!(shortener.read_qps.round(), 386.0);
        assert_eq!(human_bytes(shortener.storage_total_bytes), "3 TB");
    }

    #[test]
    fn out_of_range_inputs_are_named() {
        let error = estimate(input(0.0, 1.0, 1.0, 0.0)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "daily active users must be a number from 1 to 100 billion; 0 was given"
        );
        assert!(estimate(input(1.0, f64::NAN, 1.0, 0.0)).is_err());
        assert!(estimate(input(1.0, 1.0, -1.0, 0.0)).is_err());
        let mut peak = input(1.0, 1.0, 1.0, 0.0);
        peak.peak_factor = 0.5;
        assert!(
            estimate(peak)
                .unwrap_err()
                .to_string()
                .starts_with("peak factor")
        );
    }

    #[test]
    fn people_read_rounded_units() {
        assert_eq!(human_bytes(999.0), "999 bytes");
        assert_eq!(human_bytes(1_500.0), "1.5 KB");
        assert_eq!(human_bytes(42_700_000.0), "43 MB");
        assert_eq!(human_count(3.52e12), "3.5 trillion");
        assert_eq!(human_count(12.0), "12");
        assert_eq!(human_count(0.25), "0.2");
        assert_eq!(human_duration(0.5), "0.5 ns");
        assert_eq!(human_duration(150_000.0), "150 µs");
        assert_eq!(human_duration(150_000_000.0), "150 ms");
    }
}
