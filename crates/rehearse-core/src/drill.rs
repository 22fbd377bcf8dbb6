//! Structured drills: the system-design framework as eight timed steps, the case study as five,
//! the notes written in each step, the boxes-and-arrows diagram (saved as data, exported as SVG),
//! and the design checklist of what a strong answer names.
//!
//! The notes are analysed by the same engine as any answer (`kind` system-design or case), so the
//! step coverage is the one of DESIGN.md §6; the checklist adds the specific things a design
//! interviewer listens for, each tied to the sentence of the notes that shows it.

use serde::{Deserialize, Serialize};

use crate::analysis;
use crate::meaning::{Embedder, cosine};
use crate::question::QuestionKind;
use crate::text::{self, Span};

/// One timed step of a drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DrillStep {
    /// The framework step it covers (as in the analysis' `steps`).
    pub name: &'static str,
    pub label: &'static str,
    /// The time box, in minutes.
    pub minutes: u32,
    /// What to do in the step.
    pub prompt: &'static str,
}

/// The guide's eight steps with its time boxes: clarify 3, estimate 2, high-level 5, deep dive
/// 15 (the guide's 10–15), then five minutes each for the rest of a 45-minute round.
pub const DESIGN_STEPS: &[DrillStep] = &[
    DrillStep {
        name: "requirements",
        label: "Clarify requirements",
        minutes: 3,
        prompt: "Ask what to build and for whom. List the core features, what is out of scope, and the targets: latency, availability, consistency. Write the questions you would ask and the assumptions you make.",
    },
    DrillStep {
        name: "estimation",
        label: "Estimate scale",
        minutes: 2,
        prompt: "Put numbers on the load, with units: daily users, requests a second (average and peak), reads against writes, storage a day and over the years, bandwidth. Round numbers are fine; show how you got them.",
    },
    DrillStep {
        name: "high_level",
        label: "High-level design",
        minutes: 5,
        prompt: "Name the main components and how one request flows through them: clients, load balancer, services, databases, caches, queues. Draw them below.",
    },
    DrillStep {
        name: "deep_dive",
        label: "Deep dive",
        minutes: 15,
        prompt: "Take the hardest component and go deep: the data model and schema, the API, the algorithm, how data is partitioned and indexed.",
    },
    DrillStep {
        name: "bottlenecks",
        label: "Bottlenecks",
        minutes: 5,
        prompt: "Where does the design break first as load grows? The hot keys, the single points, the slowest calls.",
    },
    DrillStep {
        name: "scalability",
        label: "Scalability",
        minutes: 5,
        prompt: "How it grows ten times: sharding, replication, caching, a CDN, moving work to queues and background workers.",
    },
    DrillStep {
        name: "failure_modes",
        label: "Failure modes",
        minutes: 5,
        prompt: "What fails and what the user sees: a server, a database, a whole region. Replicas, failover, retries with backoff, timeouts, degrading gracefully.",
    },
    DrillStep {
        name: "tradeoffs",
        label: "Trade-offs",
        minutes: 5,
        prompt: "Name the choices you made and what each gave up: consistency for availability, cost for latency, simplicity for scale. Say when you would choose differently.",
    },
];

/// The case study's five steps, in a 25-minute round.
pub const CASE_STEPS: &[DrillStep] = &[
    DrillStep {
        name: "clarify",
        label: "Clarify",
        minutes: 3,
        prompt: "Restate the problem and ask what you need to know: the goal, how success is measured, the constraints, the time frame.",
    },
    DrillStep {
        name: "structure",
        label: "Structure",
        minutes: 5,
        prompt: "Build your framework: three to five branches that together cover the problem without overlapping, each with what you would examine.",
    },
    DrillStep {
        name: "hypotheses",
        label: "Hypotheses",
        minutes: 4,
        prompt: "Say where you expect the answer to be and why, so the analysis tests something.",
    },
    DrillStep {
        name: "analysis",
        label: "Analysis with numbers",
        minutes: 10,
        prompt: "Work through the branches with numbers: size the market, compute the margin, compare the options. Show the arithmetic.",
    },
    DrillStep {
        name: "recommendation",
        label: "Recommendation",
        minutes: 3,
        prompt: "Recommend one course of action, give the two or three reasons from your analysis, the main risk, and the next steps.",
    },
];

/// The steps of the drill for a kind of question (system design, or case for everything else).
pub fn steps_for(kind: QuestionKind) -> &'static [DrillStep] {
    if kind == QuestionKind::SystemDesign {
        DESIGN_STEPS
    } else {
        CASE_STEPS
    }
}

/// The most notes one step keeps, in characters.
pub const MAX_STEP_NOTES_CHARS: usize = 5_000;

/// The notes of a drill, one text per step (in step order), as one answer to analyse: each
/// step's notes become a paragraph, so every finding points into the user's own words.
pub fn notes_as_answer(notes: &[String], diagram: &Diagram) -> String {
    let mut parts: Vec<String> = notes
        .iter()
        .map(|note| note.trim())
        .filter(|note| !note.is_empty())
        .map(str::to_owned)
        .collect();
    let labels = diagram.labels();
    if !labels.is_empty() {
        parts.push(format!("The diagram shows {}.", labels.join(", ")));
    }
    parts.join("\n\n")
}

// ------------------------------------------------------------------------------- the diagram

/// Boxes and arrows, as the user drew them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagram {
    #[serde(default)]
    pub boxes: Vec<DiagramBox>,
    #[serde(default)]
    pub arrows: Vec<Arrow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagramBox {
    pub id: u32,
    pub label: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arrow {
    pub from: u32,
    pub to: u32,
    #[serde(default)]
    pub label: String,
}

/// The limits of a diagram: far beyond any whiteboard sketch.
pub const MAX_BOXES: usize = 60;
pub const MAX_ARROWS: usize = 150;
pub const MAX_LABEL_CHARS: usize = 60;
/// The drawing area, in SVG units.
pub const WIDTH: f64 = 960.0;
pub const HEIGHT: f64 = 540.0;
const BOX_WIDTH: f64 = 140.0;
const BOX_HEIGHT: f64 = 44.0;

/// Why a diagram was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiagramError {
    #[error("the diagram is not readable ({0}); draw it again or clear it")]
    Unreadable(String),
    #[error("the diagram has {0} boxes; the limit is {MAX_BOXES}")]
    TooManyBoxes(usize),
    #[error("the diagram has {0} arrows; the limit is {MAX_ARROWS}")]
    TooManyArrows(usize),
    #[error(
        "a box label is longer than {MAX_LABEL_CHARS} characters; name the component in a few words"
    )]
    LabelTooLong,
    #[error("an arrow points at a box that is not in the diagram")]
    DanglingArrow,
}

impl Diagram {
    /// Reads and checks a diagram sent as JSON ("" is an empty diagram). Positions are kept
    /// inside the drawing area.
    pub fn parse(json: &str) -> Result<Diagram, DiagramError> {
        if json.trim().is_empty() {
            return Ok(Diagram::default());
        }
        let mut diagram: Diagram = serde_json::from_str(json)
            .map_err(|error| DiagramError::Unreadable(error.to_string()))?;
        if diagram.boxes.len() > MAX_BOXES {
            return Err(DiagramError::TooManyBoxes(diagram.boxes.len()));
        }
        if diagram.arrows.len() > MAX_ARROWS {
            return Err(DiagramError::TooManyArrows(diagram.arrows.len()));
        }
        let labels = diagram
            .boxes
            .iter()
            .map(|shape| &shape.label)
            .chain(diagram.arrows.iter().map(|arrow| &arrow.label));
        if labels
            .into_iter()
            .any(|label| label.chars().count() > MAX_LABEL_CHARS)
        {
            return Err(DiagramError::LabelTooLong);
        }
        let known = |id: u32| diagram.boxes.iter().any(|shape| shape.id == id);
        if diagram
            .arrows
            .iter()
            .any(|arrow| !known(arrow.from) || !known(arrow.to))
        {
            return Err(DiagramError::DanglingArrow);
        }
        for shape in &mut diagram.boxes {
            let clamp = |value: f64, max: f64| {
                if value.is_finite() {
                    value.clamp(0.0, max)
                } else {
                    0.0
                }
            };
            shape.x = clamp(shape.x, WIDTH - BOX_WIDTH);
            shape.y = clamp(shape.y, HEIGHT - BOX_HEIGHT);
            shape.label = shape.label.trim().to_owned();
        }
        Ok(diagram)
    }

    /// The boxes' labels, in drawing order, without empty ones.
    pub fn labels(&self) -> Vec<&str> {
        self.boxes
            .iter()
            .map(|shape| shape.label.as_str())
            .filter(|label| !label.is_empty())
            .collect()
    }

    /// The diagram as a standalone SVG document (text escaped).
    pub fn to_svg(&self) -> String {
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" font-family=\"sans-serif\" font-size=\"13\">\n<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        );
        let centre = |id: u32| {
            self.boxes
                .iter()
                .find(|shape| shape.id == id)
                .map(|shape| (shape.x + BOX_WIDTH / 2.0, shape.y + BOX_HEIGHT / 2.0))
        };
        for arrow in &self.arrows {
            let (Some(from), Some(to)) = (centre(arrow.from), centre(arrow.to)) else {
                continue;
            };
            let end = edge_point(from, to);
            svg.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"black\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>\n",
                from.0, from.1, end.0, end.1
            ));
            if !arrow.label.is_empty() {
                svg.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>\n",
                    (from.0 + end.0) / 2.0,
                    (from.1 + end.1) / 2.0 - 4.0,
                    escape(&arrow.label)
                ));
            }
        }
        for shape in &self.boxes {
            svg.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{BOX_WIDTH}\" height=\"{BOX_HEIGHT}\" rx=\"6\" fill=\"#dcf3df\" stroke=\"#2f5d8a\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\">{}</text>\n",
                shape.x,
                shape.y,
                shape.x + BOX_WIDTH / 2.0,
                shape.y + BOX_HEIGHT / 2.0,
                escape(&shape.label)
            ));
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// Where the line from `from` to `to` (box centres) meets the edge of the target box, so the
/// arrow head is visible.
fn edge_point(from: (f64, f64), to: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    if dx == 0.0 && dy == 0.0 {
        return to;
    }
    let scale_x = if dx == 0.0 {
        f64::INFINITY
    } else {
        (BOX_WIDTH / 2.0) / dx.abs()
    };
    let scale_y = if dy == 0.0 {
        f64::INFINITY
    } else {
        (BOX_HEIGHT / 2.0) / dy.abs()
    };
    let back = scale_x.min(scale_y).min(1.0);
    (to.0 - dx * back, to.1 - dy * back)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ------------------------------------------------------------------------------- the checklist

/// One thing a design interviewer listens for, and where the notes show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub label: &'static str,
    /// What to add when it is missing.
    pub advice: &'static str,
    /// The sentence of the notes that shows it (byte offsets, end exclusive).
    pub start: Option<usize>,
    pub end: Option<usize>,
}

impl Check {
    fn new(
        name: &'static str,
        label: &'static str,
        advice: &'static str,
        span: Option<Span>,
    ) -> Check {
        Check {
            name,
            label,
            advice,
            start: span.map(|span| span.start),
            end: span.map(|span| span.end),
        }
    }

    pub fn found(&self) -> bool {
        self.start.is_some()
    }

    /// The sentence that shows it.
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.start?, self.end?))
    }
}

/// What is checked: (name, label, advice, word beginnings that show it).
const DESIGN_CHECKS: &[(&str, &str, &str, &[&str])] = &[
    (
        "requirements_asked",
        "Requirements asked",
        "Ask or state what is in scope and the targets before designing.",
        &[
            "requirement",
            "clarif",
            "assum",
            "scope",
            "should support",
            "must support",
            "do we need",
            "ask whether",
            "ask if",
            "i would ask",
        ],
    ),
    (
        "components",
        "Components named",
        "Name the boxes: load balancer, service, database, cache, queue.",
        &[
            "load balancer",
            "service",
            "server",
            "database",
            "gateway",
            "storage",
            "api",
            "worker",
        ],
    ),
    (
        "bottlenecks",
        "Bottlenecks",
        "Say where it breaks first: the hot key, the single database, the slow call.",
        &[
            "bottleneck",
            "hot key",
            "hotspot",
            "hot spot",
            "single point",
            "breaks first",
            "contention",
            "saturat",
            "overload",
            "skew",
            "get most of the",
            "gets most of the",
            "slowest",
        ],
    ),
    (
        "sharding",
        "Sharding",
        "Say how the data is split across machines, and by which key.",
        &["shard", "partition", "consistent hash"],
    ),
    (
        "caching",
        "Caching",
        "Put a cache in front of the hot reads, and say what is cached and how it is invalidated.",
        &[
            "cache",
            "caching",
            "redis",
            "memcache",
            "in memory",
            "in-memory",
        ],
    ),
    (
        "cdn",
        "CDN",
        "Serve static and media content from a CDN near the users.",
        &["cdn", "content delivery", "edge location", "edge server"],
    ),
    (
        "async",
        "Async work",
        "Move slow work off the request path into a queue and background workers.",
        &[
            "queue",
            "async",
            "background",
            "kafka",
            "pub/sub",
            "pubsub",
            "message broker",
            "event stream",
            "worker",
            "processed later",
            "handled later",
            "off the request path",
        ],
    ),
    (
        "failure_handling",
        "Failure handling",
        "Say what happens when a part fails: replicas, failover, retries with backoff, timeouts.",
        &[
            "replica",
            "failover",
            "fail over",
            "retry",
            "retries",
            "backup",
            "redundan",
            "circuit breaker",
            "timeout",
            "degrade",
        ],
    ),
    (
        "tradeoff_cost",
        "Trade-offs with what was given up",
        "For each choice, say what it costs: “…at the cost of…”, “…instead of…, so we give up…”.",
        &[
            "at the cost of",
            "instead of",
            "gave up",
            "give up",
            "giving up",
            "in exchange",
            "sacrific",
            "downside",
            "the cost is",
            "we lose",
            "we accept",
            "trade off",
            "trade-off",
            "tradeoff",
            "but then",
            "at the expense",
            "costs us",
            "the price is",
            "in return",
        ],
    ),
];

/// The design checklist over `notes` (the text from [`notes_as_answer`]) by the word rules alone,
/// in a fixed order, "numbers with units" first.
pub fn design_checklist(notes: &str) -> Vec<Check> {
    design_checklist_with(notes, None)
}

/// The design checklist, with the sentence model when there is one: an item is shown by the
/// sentence of the notes closest in meaning to its prototypes when close enough (see
/// [`CHECK_SHOWN`]), in any words ("keep the popular results in memory" is caching), else
/// by its words; a sentence that only promises ("Caching: TBD") shows nothing. Numbers with units
/// are always found by their words.
pub fn design_checklist_with(notes: &str, embedder: Option<&dyn Embedder>) -> Vec<Check> {
    let sentences = text::sentences(notes);
    let mut checks = vec![Check::new(
        "numbers",
        "Numbers with units",
        "Estimate with units: requests a second, gigabytes a day, milliseconds.",
        sentences
            .iter()
            .copied()
            .find(|span| has_number_with_unit(span.of(notes))),
    )];
    let by_meaning = embedder.map(|embedder| closest_sentences(notes, &sentences, embedder));
    for (item, (name, label, advice, cues)) in DESIGN_CHECKS.iter().enumerate() {
        // With a model, a promise ("Caching: TBD") shows nothing even in the item's words.
        let by_words = sentences.iter().copied().find(|span| {
            let sentence = span.of(notes);
            cues.iter().any(|cue| starts_a_word(sentence, cue))
                && (by_meaning.is_none() || !analysis::says_nothing(sentence))
        });
        let span = by_meaning
            .as_ref()
            .and_then(|closest| closest[item])
            .or(by_words);
        checks.push(Check::new(name, label, advice, span));
    }
    checks
}

/// Whether `cue` appears in `sentence` at the start of a word (ASCII case ignored).
fn starts_a_word(sentence: &str, cue: &str) -> bool {
    let mut rest = sentence;
    let mut offset = 0;
    while let Some(at) = text::find_ignoring_ascii_case(rest, cue) {
        let absolute = offset + at;
        let before = sentence[..absolute].chars().next_back();
        if before.is_none_or(|c| !c.is_alphanumeric()) {
            return true;
        }
        let step = at + cue.len();
        offset += step;
        rest = &rest[step..];
    }
    false
}

/// The units a design estimate is given in.
const UNITS: &[&str] = &[
    "qps",
    "rps",
    "tps",
    "/s",
    "/sec",
    "per second",
    "a second",
    "per day",
    "a day",
    "per month",
    "a month",
    "per year",
    "a year",
    "b",
    "kb",
    "mb",
    "gb",
    "tb",
    "pb",
    "bytes",
    "byte",
    "ms",
    "milliseconds",
    "seconds",
    "users",
    "requests",
    "writes",
    "reads",
    "messages",
    "million",
    "billion",
    "thousand",
    "k",
    "m",
    "%",
];

/// A sentence of design notes shows a checklist item by meaning when it is at least this close
/// to the item's prototypes and the item is (nearly, [`CHECK_MARGIN`]) the closest of all the
/// items to it. The bar is lower than the framework steps' (`analysis::STEP_SHOWN`) because the
/// items are narrower than steps, so a plain sentence lands less close to any of them; asking for
/// the closest item keeps "the primary database runs out of writes first" from counting as
/// caching too.
const CHECK_SHOWN: f32 = 0.40;

/// How far below its closest item a sentence may be and still show another: a sentence about
/// keeping popular reads in memory is both caching and a relieved bottleneck.
const CHECK_MARGIN: f32 = 0.03;

/// For each item of [`DESIGN_CHECKS`], the sentence of the notes that shows it by meaning (see
/// [`CHECK_SHOWN`]), the closest one when several do, the earliest on a tie.
fn closest_sentences(
    notes: &str,
    sentences: &[Span],
    embedder: &dyn Embedder,
) -> Vec<Option<Span>> {
    let texts: Vec<&str> = sentences.iter().map(|span| span.of(notes)).collect();
    let vectors = embedder.embed(&texts);
    // The items, then the estimate step: a sentence closest to an estimate ("each link is a few
    // hundred bytes, so 30 GB a month") is about sizes, whichever item it also brushes against.
    let examples: Vec<Vec<Vec<f32>>> = DESIGN_CHECKS
        .iter()
        .map(|(name, ..)| *name)
        .chain(["estimation"])
        .map(|name| embedder.embed(&analysis::checklist_prototypes(name)))
        .collect();
    let mut closest: Vec<Option<(usize, f32)>> = vec![None; DESIGN_CHECKS.len()];
    for (index, vector) in vectors.iter().enumerate() {
        if analysis::says_nothing(texts[index]) {
            continue;
        }
        let closeness: Vec<f32> = examples
            .iter()
            .map(|item| {
                item.iter()
                    .map(|example| cosine(vector, example))
                    .fold(0.0, f32::max)
            })
            .collect();
        let best = closeness.iter().copied().fold(0.0, f32::max);
        for (item, value) in closeness.into_iter().take(DESIGN_CHECKS.len()).enumerate() {
            if value >= CHECK_SHOWN
                && value >= best - CHECK_MARGIN
                && closest[item].is_none_or(|(_, top)| value > top)
            {
                closest[item] = Some((index, value));
            }
        }
    }
    closest
        .into_iter()
        .map(|found| found.map(|(index, _)| sentences[index]))
        .collect()
}

/// Whether the sentence states a number with a unit ("20k QPS", "5 GB a day", "200ms").
fn has_number_with_unit(sentence: &str) -> bool {
    let words = text::words(sentence);
    words.iter().any(|word| {
        let token = word.span.of(sentence).to_ascii_lowercase();
        let digits = token.trim_start_matches('$');
        let Some(first) = digits.chars().next() else {
            return false;
        };
        if !first.is_ascii_digit() {
            return false;
        }
        // A unit glued on ("200ms", "5gb", "10k", "30%") or in the next words ("5 GB a day").
        let suffix: String = digits
            .chars()
            .skip_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        if !suffix.is_empty() && UNITS.contains(&suffix.as_str()) {
            return true;
        }
        let after = &sentence[word.span.end..];
        let after = after.trim_start().to_ascii_lowercase();
        UNITS.iter().any(|unit| {
            after.starts_with(unit)
                && after[unit.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_drill_has_the_guides_eight_steps_and_time_boxes() {
        let names: Vec<&str> = DESIGN_STEPS.iter().map(|step| step.name).collect();
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
        let minutes: Vec<u32> = DESIGN_STEPS.iter().map(|step| step.minutes).collect();
        assert_eq!(minutes, [3, 2, 5, 15, 5, 5, 5, 5]);
        assert_eq!(minutes.iter().sum::<u32>(), 45);
        assert_eq!(CASE_STEPS.len(), 5);
        assert_eq!(steps_for(QuestionKind::Case)[4].name, "recommendation");
    }

    #[test]
    fn a_diagram_is_checked_kept_in_bounds_and_exported_as_escaped_svg() {
        let diagram = Diagram::parse(
            r#"{"boxes":[{"id":1,"label":" Load balancer ","x":-50,"y":20},{"id":2,"label":"<API> & co","x":5000,"y":300}],
                "arrows":[{"from":1,"to":2,"label":"HTTPS"}]}"#,
        )
        .unwrap();
        assert_eq!(diagram.labels(), ["Load balancer", "<API> & co"]);
        assert_eq!(diagram.boxes[0].x, 0.0);
        assert_eq!(diagram.boxes[1].x, WIDTH - BOX_WIDTH);
        let svg = diagram.to_svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("&lt;API&gt; &amp; co"), "{svg}");
        assert!(!svg.contains("<API>"));
        assert_eq!(svg.matches("<rect x=").count(), 2);
        assert_eq!(svg.matches("<line").count(), 1);
        assert!(svg.contains(">HTTPS</text>"));

        assert_eq!(Diagram::parse("").unwrap(), Diagram::default());
        assert!(matches!(
            Diagram::parse("{boxes"),
            Err(DiagramError::Unreadable(_))
        ));
        assert_eq!(
            Diagram::parse(r#"{"boxes":[],"arrows":[{"from":1,"to":2}]}"#),
            Err(DiagramError::DanglingArrow)
        );
        let many = format!(
            r#"{{"boxes":[{}]}}"#,
            (0..61)
                .map(|id| format!(r#"{{"id":{id},"label":"x","x":0,"y":0}}"#))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(Diagram::parse(&many), Err(DiagramError::TooManyBoxes(61)));
        let long = format!(
            r#"{{"boxes":[{{"id":1,"label":"{}","x":0,"y":0}}]}}"#,
            "x".repeat(61)
        );
        assert_eq!(Diagram::parse(&long), Err(DiagramError::LabelTooLong));
    }

    #[test]
    fn the_checklist_finds_each_item_in_the_sentence_that_shows_it() {
        let notes = "I would ask whether we need custom aliases, and assume links never expire.\n\n\
            About 100 million new links a month, so roughly 40 writes a second and 4,000 reads a second at peak.\n\n\
            A load balancer in front of stateless API servers, a key-value database, and Redis as a cache for hot links.\n\n\
            The database is the bottleneck for writes, so I shard it by the hash of the short code.\n\n\
            Analytics events go to a Kafka queue and background workers.\n\n\
            Each shard has two replicas and fails over automatically.\n\n\
            I chose eventual consistency for the counts, at the cost of slightly stale numbers.";
        let checks = design_checklist(notes);
        let found: Vec<&str> = checks
            .iter()
            .filter(|check| check.found())
            .map(|check| check.name)
            .collect();
        assert_eq!(
            found,
            [
                "numbers",
                "requirements_asked",
                "components",
                "bottlenecks",
                "sharding",
                "caching",
                "async",
                "failure_handling",
                "tradeoff_cost"
            ]
        );
        let cdn = checks.iter().find(|check| check.name == "cdn").unwrap();
        assert!(!cdn.found());
        let numbers = &checks[0];
        assert!(
            numbers
                .span()
                .unwrap()
                .of(notes)
                .starts_with("About 100 million")
        );
        let cost = checks.last().unwrap();
        assert!(cost.span().unwrap().of(notes).contains("at the cost of"));

        // A vague sketch finds little, and "caches" inside another word does not count.
        let vague = design_checklist("We would use some servers and make it fast and reliable.");
        let found: Vec<&str> = vague
            .iter()
            .filter(|check| check.found())
            .map(|check| check.name)
            .collect();
        assert_eq!(found, ["components"]);
        assert!(!has_number_with_unit("We have 3 options."));
        assert!(has_number_with_unit("Latency under 200ms."));
        assert!(has_number_with_unit("That is 5 GB a day."));
        assert!(has_number_with_unit("About 10k QPS."));
    }

    #[test]
    fn with_a_model_the_checklist_goes_by_meaning_and_skips_promises() {
        use crate::meaning::WordsEmbedder;
        let found = |notes: &str| -> Vec<&'static str> {
            design_checklist_with(notes, Some(&WordsEmbedder))
                .into_iter()
                .filter(|check| check.found())
                .map(|check| check.name)
                .collect()
        };
        // A note that only promises an item shows nothing, by meaning or by words.
        assert_eq!(
            found("Caching: TBD.\n\nSharding: later."),
            Vec::<&str>::new()
        );
        assert!(
            design_checklist("Caching: TBD.")
                .iter()
                .any(|check| check.name == "caching" && check.found())
        );
        // A sentence close to an item's prototypes shows it, and the span is that sentence.
        let notes = "We talk about the weather.\n\nShard the data by user id so each database node holds part of the rows.";
        let checks = design_checklist_with(notes, Some(&WordsEmbedder));
        let sharding = checks
            .iter()
            .find(|check| check.name == "sharding")
            .unwrap();
        assert!(
            sharding
                .span()
                .unwrap()
                .of(notes)
                .starts_with("Shard the data")
        );
        // The same notes give the same checklist.
        assert_eq!(checks, design_checklist_with(notes, Some(&WordsEmbedder)));
        // No notes, no checks, no panic.
        assert_eq!(found(""), Vec::<&str>::new());
    }

    #[test]
    fn notes_become_one_answer_with_the_diagram_components() {
        let diagram = Diagram {
            boxes: vec![
                DiagramBox {
                    id: 1,
                    label: "Load balancer".into(),
                    x: 0.0,
                    y: 0.0,
                },
                DiagramBox {
                    id: 2,
                    label: "Cache".into(),
                    x: 0.0,
                    y: 0.0,
                },
            ],
            arrows: Vec::new(),
        };
        let answer = notes_as_answer(
            &[
                "Who uses it?".to_owned(),
                "  ".to_owned(),
                "Ten servers.".to_owned(),
            ],
            &diagram,
        );
        assert_eq!(
            answer,
            "Who uses it?\n\nTen servers.\n\nThe diagram shows Load balancer, Cache."
        );
    }
}
