//! The development-set report: every metric of judging meaning, with the word rules alone and
//! with the sentence model, as the README's table. `--misses` lists what the model gets wrong.
//!
//!     REHEARSE_MODELS=~/.local/share/rehearse/models cargo run --release -p rehearse-app --example meaning_report [-- --misses]

// The measures are shared with the test, which also reads the fields the report does not.
#[path = "../tests/it/meaning_eval.rs"]
#[allow(dead_code)]
mod meaning_eval;

use rehearse_core::meaning::Embedder;
use rehearse_models::{Encoder, MINILM, ModelStatus, ModelsDir};

fn main() {
    let root = std::env::var_os("REHEARSE_MODELS")
        .or_else(|| std::env::var_os("REHEARSE_TEST_MODELS"))
        .expect("set REHEARSE_MODELS to the models folder");
    let ModelStatus::Installed { path } = ModelsDir::new(root).status(&MINILM) else {
        panic!("all-MiniLM-L6-v2 is not installed in REHEARSE_MODELS");
    };
    let encoder = Encoder::load(MINILM.name, &path).expect("the model loads");
    let misses = std::env::args().any(|arg| arg == "--misses");
    let report = meaning_eval::report(&encoder as &dyn Embedder);
    println!("| what (development sets) | cases | word rules | with the model |");
    println!("|---|---|---|---|");
    for metric in &report {
        println!(
            "| {} | {} | {:.2} | {:.2} |",
            metric.name, metric.cases, metric.words, metric.model
        );
    }
    if misses {
        for metric in &report {
            println!("\n## {} — the model's misses", metric.name);
            for miss in &metric.misses {
                println!("- {miss}");
            }
        }
    }
}
