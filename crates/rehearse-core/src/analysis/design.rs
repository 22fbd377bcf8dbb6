//! The shape of a system-design or case-study answer: which steps of the guide's framework it
//! covers, each tied to the first sentence that shows it.
//!
//! System design follows the guide's eight steps (requirements, estimation, high-level design,
//! deep dive, bottlenecks, scalability, failure modes, trade-offs); a case study follows clarify,
//! structure, hypotheses, analysis with numbers, and a recommendation. A step counts as covered
//! when a sentence says the kind of thing that step is for — a requirement or assumption, a
//! number with a unit, three or more named components — not when it merely names the step.

use super::parse::Parsed;
use crate::QuestionKind;
use crate::text::Span;

/// One step of a framework.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Step {
    pub name: &'static str,
    /// For messages: "an estimate of scale".
    pub what: &'static str,
    /// What to add when it is missing.
    pub advice: &'static str,
    /// Word beginnings that show the step ("shard" finds "sharding").
    cues: &'static [&'static str],
    /// The sentence must also state a quantity.
    pub needs_number: bool,
    /// Distinct cues needed across the whole answer (components of a high-level design).
    distinct: usize,
}

/// Where a step is shown, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StepHit {
    pub step: &'static Step,
    pub span: Option<Span>,
}

pub(super) const DESIGN_STEPS: &[Step] = &[
    Step {
        name: "requirements",
        what: "the requirements",
        advice: "Open by pinning down what to build: the core features, what is out of scope, and the targets for latency, availability and consistency. Ask, or state your assumptions.",
        cues: &[
            "requirement",
            "functional",
            "clarif",
            "assum",
            "scope",
            "should support",
            "should be able",
            "must support",
            "needs to support",
            "do we need",
            "use case",
            "feature",
            "latency target",
            "availability",
            "sla",
            "slo",
            "read-heavy",
            "read heavy",
            "write-heavy",
            "write heavy",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "estimation",
        what: "an estimate of scale",
        advice: "Estimate the load with units: requests a second (average and peak), storage a day and over the years, bandwidth. Round numbers are fine; say how you got them.",
        cues: &[
            "per second",
            "a second",
            "/s",
            "qps",
            "rps",
            "request",
            "per day",
            "a day",
            "byte",
            "kb",
            "mb",
            "gb",
            "tb",
            "pb",
            "user",
            "dau",
            "storage",
            "bandwidth",
            "write",
            "read",
            "message",
            "per month",
            "a month",
            "per year",
            "a year",
        ],
        needs_number: true,
        distinct: 1,
    },
    Step {
        name: "high_level",
        what: "a high-level design",
        advice: "Sketch the main components and how a request flows through them: clients, load balancer, services, database, cache, queue.",
        cues: &[
            "load balanc",
            "gateway",
            "api",
            "service",
            "server",
            "database",
            "db ",
            "cache",
            "queue",
            "broker",
            "kafka",
            "redis",
            "cdn",
            "object stor",
            "blob",
            "s3",
            "worker",
            "client",
            "search index",
            "elasticsearch",
            "stream processor",
            "key-value",
            "key value",
            "sql",
            "nosql",
            "cassandra",
            "postgres",
            "mysql",
        ],
        needs_number: false,
        distinct: 3,
    },
    Step {
        name: "deep_dive",
        what: "a deep dive",
        advice: "Pick the hardest component and go deep: its data model or schema, the algorithm, the read and write paths.",
        cues: &[
            "deep dive",
            "in detail",
            "schema",
            "data model",
            "table",
            "index",
            "primary key",
            "partition key",
            "algorithm",
            "base62",
            "base 62",
            "consistent hash",
            "go deeper",
            "zoom in",
            "write path",
            "read path",
            "fan-out",
            "fan out",
            "step by step",
            "the flow",
            "data structure",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "bottlenecks",
        what: "the bottlenecks",
        advice: "Say where it breaks first under load: the hot path, hot keys or partitions, single points of failure.",
        cues: &[
            "bottleneck",
            "hot spot",
            "hotspot",
            "hot key",
            "hot partition",
            "single point",
            "contention",
            "overload",
            "saturat",
            "thundering herd",
            "limiting factor",
            "breaks first",
            "choke point",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "scalability",
        what: "how it scales",
        advice: "Say how it grows: sharding or partitioning, replicas, caching, a CDN, stateless services behind a load balancer, work moved to queues.",
        cues: &[
            "shard",
            "partition",
            "replica",
            "replicat",
            "horizontal",
            "scale out",
            "scales out",
            "autoscal",
            "auto-scal",
            "cdn",
            "asynchronous",
            "async",
            "stateless",
            "read replica",
            "cache",
            "queue",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "failure_modes",
        what: "failure handling",
        advice: "Say what happens when parts fail: retries with timeouts, failover, replication, idempotent writes, graceful degradation.",
        cues: &[
            "fail",
            "outage",
            "retry",
            "retries",
            "timeout",
            "time out",
            "fallback",
            "redundan",
            "backup",
            "circuit breaker",
            "degrad",
            "crash",
            "goes down",
            "is down",
            "idempot",
            "data loss",
            "disaster",
            "health check",
            "dead letter",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "tradeoffs",
        what: "the trade-offs",
        advice: "Name the choices you made and what each gave up: consistency for availability, cost for latency, simplicity for scale.",
        cues: &[
            "trade-off",
            "tradeoff",
            "trade off",
            "at the cost of",
            "the cost is",
            "downside",
            "give up",
            "gives up",
            "giving up",
            "in exchange",
            "rather than",
            "instead of",
            "versus",
            "vs ",
            "vs.",
            "on the other hand",
            "the price is",
            "sacrific",
            "eventual consistency",
            "eventually consistent",
            "strong consistency",
        ],
        needs_number: false,
        distinct: 1,
    },
];

pub(super) const CASE_STEPS: &[Step] = &[
    Step {
        name: "clarify",
        what: "clarifying the problem",
        advice: "Start by restating the goal and asking what success means, the time frame and any constraints.",
        cues: &[
            "clarif",
            "assum",
            "objective",
            "the goal",
            "our goal",
            "their goal",
            "success",
            "i would ask",
            "i'd ask",
            "to confirm",
            "understand the",
            "constraint",
            "time frame",
            "timeframe",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "structure",
        what: "a structure",
        advice: "Lay out how you will break the problem down before diving in: a few areas that do not overlap, such as revenue and costs, or market, customers and competition.",
        cues: &[
            "framework",
            "structure",
            "break it down",
            "break this down",
            "break down",
            "buckets",
            "areas",
            "three things",
            "two sides",
            "mece",
            "split the problem",
            "look at three",
            "look at two",
            "look at four",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "hypotheses",
        what: "a hypothesis",
        advice: "Say what you think is going on and how you would test it: \"My hypothesis is ..., which I would check by ...\".",
        cues: &[
            "hypothes",
            "i suspect",
            "my guess",
            "i'd expect",
            "i would expect",
            "i expect",
            "probably",
            "likely",
            "to test",
            "i would test",
            "i'd test",
            "if that's true",
            "if that is true",
        ],
        needs_number: false,
        distinct: 1,
    },
    Step {
        name: "analysis",
        what: "analysis with numbers",
        advice: "Work the numbers aloud: size the market or the gap, the margin, the break-even, with your assumptions stated.",
        cues: &[
            "%",
            "percent",
            "margin",
            "revenue",
            "cost",
            "price",
            "market size",
            "million",
            "billion",
            "thousand",
            "per year",
            "a year",
            "growth",
            "break-even",
            "breakeven",
            "profit",
            "unit",
            "customer",
            "$",
            "£",
            "€",
        ],
        needs_number: true,
        distinct: 1,
    },
    Step {
        name: "recommendation",
        what: "a recommendation",
        advice: "End with a clear recommendation, the main reason for it, the biggest risk, and the next step.",
        cues: &[
            "recommend",
            "we should",
            "they should",
            "the company should",
            "the client should",
            "i would advise",
            "i'd advise",
            "my advice",
            "i suggest",
            "i would suggest",
            "go ahead",
            "in conclusion",
            "to conclude",
            "in summary",
            "my answer is",
        ],
        needs_number: false,
        distinct: 1,
    },
];

/// Words that justify a recommendation.
const BECAUSE: &[&str] = &[
    "because",
    "since ",
    "given ",
    "as a result",
    "so that",
    "therefore",
    "which means",
    "due to",
    "the main reason",
    "that's why",
    "that is why",
];

/// The framework for a kind of question, if it has one.
pub(super) fn framework(kind: QuestionKind) -> Option<&'static [Step]> {
    match kind {
        QuestionKind::SystemDesign => Some(DESIGN_STEPS),
        QuestionKind::Case => Some(CASE_STEPS),
        _ => None,
    }
}

/// Whether `cue` begins a word in `text` (lowercase).
fn has_cue(text: &str, cue: &str) -> bool {
    let mut from = 0;
    while let Some(found) = text[from..].find(cue) {
        let at = from + found;
        let starts_word = at == 0
            || !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            || !cue.starts_with(char::is_alphanumeric);
        if starts_word {
            return true;
        }
        from = at + cue.len();
    }
    false
}

/// Which steps of `kind`'s framework the answer covers, in the framework's order.
pub(super) fn steps(parsed: &Parsed<'_>, kind: QuestionKind) -> Option<Vec<StepHit>> {
    let framework = framework(kind)?;
    let sentences: Vec<(Span, String, bool)> = parsed
        .sentences
        .iter()
        .map(|sentence| {
            (
                sentence.span,
                sentence.span.of(parsed.answer).to_lowercase(),
                sentence.features.quantity.is_some(),
            )
        })
        .collect();
    let hits = framework
        .iter()
        .map(|step| {
            let shows = |text: &str, number: bool| {
                (!step.needs_number || number) && step.cues.iter().any(|cue| has_cue(text, cue))
            };
            let first = sentences
                .iter()
                .find(|(_, text, number)| shows(text, *number))
                .map(|(span, _, _)| *span);
            let span = if step.distinct > 1 {
                let named = step
                    .cues
                    .iter()
                    .filter(|cue| sentences.iter().any(|(_, text, _)| has_cue(text, cue)))
                    .count();
                first.filter(|_| named >= step.distinct)
            } else {
                first
            };
            StepHit { step, span }
        })
        .collect();
    Some(hits)
}

/// For a case answer with a recommendation: whether it says why (in the sentence or the next).
pub(super) fn justified(parsed: &Parsed<'_>, recommendation: Span) -> bool {
    let at = parsed
        .sentences
        .iter()
        .position(|sentence| sentence.span == recommendation);
    let Some(at) = at else {
        return false;
    };
    parsed.sentences[at..].iter().take(2).any(|sentence| {
        let text = sentence.span.of(parsed.answer).to_lowercase();
        BECAUSE.iter().any(|cue| text.contains(cue))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analysis, AnalysisInput, FindingCode, analyze};

    const DESIGN_QUESTION: &str = "Design a service that turns long web addresses into short codes and sends visitors on to the original page.";

    /// All eight steps, in order.
    const DESIGN_COMPLETE: &str = "First I want to clarify the requirements. Users should be able to create a short link and be redirected quickly; custom aliases and click analytics are nice to have, and I'll assume links never expire. The redirect latency target is under 50 milliseconds, and availability matters more than strong consistency. For scale, assume 100 million new links a month, which is about 40 writes per second, and ten redirects per link, so about 400 reads per second on average and 1,000 at peak. Each record is about 500 bytes, so 50 GB a month and 3 TB over five years. At a high level, clients call an API service behind a load balancer; the service writes mappings to a key-value database, a cache sits in front of it for redirects, and click events go onto a queue for an analytics worker. Let me deep dive on key generation: a counter hands out ranges to each server, and we encode the number in base62, so seven characters give 3.5 trillion codes with no collision check. The schema is one table keyed by the short code, with the long address and the creation time. The bottleneck is the redirect read path, especially hot links that go viral. To scale, we shard the key-value store by code, add read replicas, keep popular codes in the cache and serve redirects from a CDN close to users. For failures, if a range server crashes we lose only its unused keys; if the cache fails we fall back to the database, and the analytics queue can lag without breaking redirects. The main trade-off is 301 versus 302: a 301 lets browsers cache the redirect and cuts load, but we give up accurate click counts, so I would use 302 at the cost of more traffic.";

    /// Components and a cache, but no numbers, failures or trade-offs.
    const DESIGN_PARTIAL: &str = "I would build an API service that takes a long address and returns a short code. The service stores the mapping in a database, and when someone visits the short link the server looks up the code and redirects them. I'd put a cache like Redis in front of the database so popular links are fast. Users should be able to pick their own alias if they want. The codes could be random strings of seven characters. If the site gets popular we can add more servers behind a load balancer.";

    /// A database and hope.
    const DESIGN_POOR: &str = "I would use a database and some code to make the links shorter for people. Then it would work for everyone who wants short links. It would be fast and reliable and good. I think that is the main idea of how I would do it.";

    const CASE_QUESTION: &str = "A coffee chain's profits fell 15% last year while its revenue grew. What would you look at, and what would you recommend?";

    const CASE_COMPLETE: &str = "Let me clarify the goal: the client wants to restore profit within a year, and I'll assume the fall comes from the existing stores rather than a one-off charge. I'd structure this in two areas: revenue, split into price and volume, and costs, split into ingredients, labour and rent. My hypothesis is that costs grew faster than sales, probably coffee bean prices and wages, which I would test against last year's cost lines. Running the numbers, revenue grew 5% to $420 million, but the cost of goods rose from 30% to 36% of revenue, which alone takes about $25 million off profit, most of the fall. I recommend renegotiating the bean contracts and raising prices on specialty drinks by about 4%, because customers there are less sensitive to price and that closes most of the margin gap. The main risk is losing volume, so I'd pilot the change in a few regions first.";

    const CASE_PARTIAL: &str = "Profits fell because costs went up faster than sales did. The company should raise prices. Revenue grew 10% but profits dropped 15%, so costs must have grown a lot, maybe rent or wages. They could also cut some staff hours in quiet times of the day.";

    const CASE_POOR: &str = "I think the coffee chain is doing okay overall and people will always like coffee. Maybe they need better marketing and a nicer logo on the cups. It depends on a lot of things really, so it is hard to say.";

    fn run(question: &str, kind: QuestionKind, answer: &str) -> Analysis {
        analyze(&AnalysisInput {
            question,
            kind,
            competencies: &[],
            key_points: &[],
            answer,
        })
    }

    fn covered(analysis: &Analysis) -> Vec<&str> {
        analysis
            .steps
            .as_ref()
            .unwrap()
            .iter()
            .filter(|step| step.covered)
            .map(|step| step.name.as_str())
            .collect()
    }

    #[test]
    fn cues_begin_words() {
        assert!(has_cue("we shard by user id", "shard"));
        assert!(has_cue("sharding by user", "shard"));
        assert!(!has_cue("a reshard job", "shard"));
        assert!(has_cue("about 40% of users", "%"));
        assert!(has_cue("the api gateway", "api"));
        assert!(!has_cue("rapid growth", "api"));
    }

    #[test]
    fn a_complete_design_walks_all_eight_steps_and_outscores_the_rest() {
        let complete = run(DESIGN_QUESTION, QuestionKind::SystemDesign, DESIGN_COMPLETE);
        assert_eq!(
            covered(&complete),
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
        // Every covered step points at a sentence of the answer.
        for step in complete.steps.as_ref().unwrap() {
            let (start, end) = (step.start.unwrap(), step.end.unwrap());
            assert!(start < end && end <= DESIGN_COMPLETE.len());
        }
        assert!(
            complete
                .findings
                .iter()
                .any(|f| f.code == FindingCode::StepsCovered)
        );
        assert!(
            !complete
                .findings
                .iter()
                .any(|f| f.code == FindingCode::StepMissed)
        );

        let partial = run(DESIGN_QUESTION, QuestionKind::SystemDesign, DESIGN_PARTIAL);
        let partial_steps = covered(&partial);
        assert!(partial_steps.contains(&"high_level"), "{partial_steps:?}");
        for missing in ["estimation", "failure_modes", "tradeoffs", "bottlenecks"] {
            assert!(
                !partial_steps.contains(&missing),
                "{missing} in {partial_steps:?}"
            );
            assert!(
                partial
                    .findings
                    .iter()
                    .any(|f| f.code == FindingCode::StepMissed && f.suggestion.is_some()),
            );
        }
        let poor = run(DESIGN_QUESTION, QuestionKind::SystemDesign, DESIGN_POOR);
        assert!(covered(&poor).len() <= 1, "{:?}", covered(&poor));

        let score = |analysis: &Analysis| analysis.overall_score().unwrap();
        assert!(
            score(&complete) > score(&partial) && score(&partial) > score(&poor),
            "{} > {} > {}",
            score(&complete),
            score(&partial),
            score(&poor)
        );
        assert!(score(&complete) >= 80, "{}", score(&complete));
        assert!(score(&poor) < 45, "{}", score(&poor));
    }

    #[test]
    fn a_case_needs_a_structure_numbers_and_a_justified_recommendation() {
        let complete = run(CASE_QUESTION, QuestionKind::Case, CASE_COMPLETE);
        assert_eq!(
            covered(&complete),
            [
                "clarify",
                "structure",
                "hypotheses",
                "analysis",
                "recommendation"
            ]
        );
        assert!(
            !complete
                .findings
                .iter()
                .any(|f| f.code == FindingCode::RecommendationUnjustified)
        );
        let partial = run(CASE_QUESTION, QuestionKind::Case, CASE_PARTIAL);
        let partial_steps = covered(&partial);
        assert!(
            partial_steps.contains(&"recommendation"),
            "{partial_steps:?}"
        );
        assert!(!partial_steps.contains(&"structure"), "{partial_steps:?}");
        let unjustified = partial
            .findings
            .iter()
            .find(|f| f.code == FindingCode::RecommendationUnjustified)
            .expect("the bare recommendation is flagged");
        assert_eq!(unjustified.quote, "The company should raise prices.");
        let poor = run(CASE_QUESTION, QuestionKind::Case, CASE_POOR);
        let score = |analysis: &Analysis| analysis.overall_score().unwrap();
        assert!(
            score(&complete) > score(&partial) && score(&partial) > score(&poor),
            "{} > {} > {}",
            score(&complete),
            score(&partial),
            score(&poor)
        );
    }

    #[test]
    fn other_kinds_have_no_steps() {
        let answer = run(
            "How does an index work?",
            QuestionKind::Technical,
            DESIGN_PARTIAL,
        );
        assert!(answer.steps.is_none());
        let json = serde_json::to_value(&answer).unwrap();
        assert!(
            json.get("steps").is_none(),
            "absent from the JSON, not null"
        );
    }
}
