//! How fast a mock interview answers: each answer is analysed, probed and (for a follow-up)
//! re-analysed with the main answer, on every event; the drill's checklist and SVG run on every
//! result page. Run with `cargo bench -p rehearse-core --bench mock`; the README records the
//! figures.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse_core::QuestionKind;
use rehearse_core::drill::{Arrow, Diagram, DiagramBox, design_checklist};
use rehearse_core::mock::{Event, Mock, MockQuestion, MockSettings, Mode, Persona, Round};

const NO_RESULT: &str = "Last year a coworker on my team and I disagreed about how to launch a new billing feature. He wanted to ship it to every customer at once, and I thought that was too risky because billing errors are hard to undo. I asked him for a meeting, I listened to his reasons, and I showed him the error rates from our last big launch. Then I proposed that we release it to ten percent of customers first, and I wrote the rollout plan myself.";

const RESULT: &str = "In the end he agreed to the staged launch, which caught two billing bugs before they reached 90% of our customers, and we still work well together.";

const DESIGN: &str = "I would ask whether we need custom aliases and analytics, and assume links never expire. About 100 million new links a month, so roughly 40 writes a second and 4,000 reads a second at peak. Clients call an API service behind a load balancer; the service writes to a key-value database and reads hot links from a Redis cache. The database is the bottleneck for reads. I shard the table by the hash of the code and send click events to a Kafka queue. Each shard has two replicas and fails over automatically. I chose eventual consistency for click counts at the cost of slightly stale numbers.";

fn benchmarks(c: &mut Criterion) {
    let question = MockQuestion {
        id: "beh-conflict".to_owned(),
        text: "Tell me about a time you had a real conflict with a coworker.".to_owned(),
        kind: QuestionKind::Behavioral,
        competencies: vec!["conflict".to_owned()],
        key_points: Vec::new(),
        follow_ups: Vec::new(),
    };
    let settings = MockSettings {
        round: Round::Behavioral,
        persona: Persona::Sceptical,
        mode: Mode::Study,
        hide_numbers: false,
        minutes: 30,
        use_llm: false,
    };
    let answer = |text: &str| Event::Answer {
        text: text.to_owned(),
        seconds: Some(90),
    };
    c.bench_function("mock: answer, probe, follow-up judged, report", |b| {
        b.iter(|| {
            let (mut mock, _) = Mock::start(settings, vec![question.clone()]).unwrap();
            mock.apply(answer(NO_RESULT)).unwrap();
            mock.apply(answer(RESULT)).unwrap();
            black_box(mock.report())
        })
    });
    c.bench_function("drill: design checklist of 100 words", |b| {
        b.iter(|| design_checklist(black_box(DESIGN)))
    });
    let diagram = Diagram {
        boxes: (0..20)
            .map(|id| DiagramBox {
                id,
                label: format!("Service {id}"),
                x: f64::from(id % 5) * 180.0,
                y: f64::from(id / 5) * 90.0,
            })
            .collect(),
        arrows: (1..20)
            .map(|id| Arrow {
                from: id - 1,
                to: id,
                label: String::new(),
            })
            .collect(),
    };
    c.bench_function("drill: SVG of 20 boxes and 19 arrows", |b| {
        b.iter(|| black_box(&diagram).to_svg())
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
