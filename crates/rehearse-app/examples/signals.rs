#[path = "../tests/it/meaning_eval.rs"]
#[allow(dead_code)]
mod meaning_eval;
use rehearse_models::{Encoder, MINILM};
fn main() {
    let enc = Encoder::load(
        MINILM.name,
        std::path::Path::new("/var/tmp/rehearse-ci-models/all-MiniLM-L6-v2"),
    )
    .unwrap();
    let bank = rehearse_content::Bank::builtin().unwrap();
    let skills = rehearse_content::builtin_skills().unwrap();
    for c in meaning_eval::meaning_set().posting {
        if !["posting-application-security", "posting-mlops-platform"].contains(&c.id.as_str()) {
            continue;
        }
        let profile = rehearse_core::posting::read_posting(&c.posting, &skills, None);
        println!(
            "== {} {:?} {:?}",
            c.id, profile.role_family, profile.seniority
        );
        for m in [None, Some(&enc as &dyn rehearse_core::meaning::Embedder)] {
            let set =
                rehearse_core::question_set::build_set(&rehearse_core::question_set::SetRequest {
                    profile: &profile,
                    resume: None,
                    bank: bank.questions(),
                    count: 20,
                    exclude: &[],
                    meaning: m,
                });
            println!("-- meaning {}", m.is_some());
            for q in &set.questions {
                if q.kind != rehearse_core::QuestionKind::Behavioral {
                    println!(
                        "   {:?} {} {:?} {}",
                        q.kind,
                        q.id,
                        bank.get(&q.id).map(|x| x.topics.clone()),
                        q.text.chars().take(70).collect::<String>()
                    );
                }
            }
        }
    }
}
