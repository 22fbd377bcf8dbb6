//! The real postings and resumes in `../shared/evaldata` with the built-in bank and skills: every
//! posting yields a full set whose quotes are verbatim, the role family is right, and technical
//! roles get questions on the posting's own skills.

use std::path::PathBuf;

use rehearse_content::{Bank, builtin_skills};
use rehearse_core::posting::read_posting;
use rehearse_core::question_set::{SetRequest, SourceKind, build_set};
use rehearse_core::resume::read_resume;
use rehearse_core::{QuestionKind, RoleFamily};
use serde::Deserialize;

fn evaldata() -> Option<PathBuf> {
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/evaldata");
    let candidates = [
        std::env::var_os("REHEARSE_EVALDATA").map(PathBuf::from),
        Some(beside.clone()),
        Some(PathBuf::from("/work/shared/evaldata")),
    ];
    if let Some(root) = candidates.into_iter().flatten().find(|path| path.is_dir()) {
        return Some(root);
    }
    let message = format!("evaldata not found at {}", beside.display());
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("{message}");
    }
    eprintln!("{message}: these evaluation tests did not run");
    None
}

#[derive(Deserialize)]
struct Posting {
    id: String,
    title: String,
    role_family: String,
    description: String,
}

#[derive(Deserialize)]
struct ResumeRow {
    id: String,
    category: String,
    text: String,
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: PathBuf) -> Vec<T> {
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .lines()
        // Some rows carry Python's NaN for a missing value, which is not JSON.
        .map(|line| serde_json::from_str(&line.replace(": NaN", ": null")).expect("a JSON line"))
        .collect()
}

/// The families the evaldata's own label accepts (their labels are coarser than ours).
fn accepted(label: &str) -> &'static [RoleFamily] {
    use RoleFamily::*;
    match label {
        "ml_engineer" => &[MlEngineering, DataScience, SoftwareEngineering],
        "data_scientist" => &[DataScience, MlEngineering],
        "software_engineer" => &[SoftwareEngineering],
        "product_manager" => &[ProductManagement],
        "sales_bizdev" => &[Sales],
        "hr" => &[Hr],
        "marketing_content" => &[Marketing],
        "finance" => &[Finance],
        "mech_manufacturing" => &[Other, Operations],
        "registered_nurse" | "healthcare_assistant" | "allied_health" | "pharmacy" | "midwife" => {
            &[Healthcare]
        }
        "data_analyst" => &[DataAnalysis, DataScience],
        "admin" => &[Operations, Other, Healthcare],
        _ => RoleFamily::ALL,
    }
}

fn technical(family: RoleFamily) -> bool {
    matches!(
        family,
        RoleFamily::SoftwareEngineering
            | RoleFamily::MlEngineering
            | RoleFamily::DataScience
            | RoleFamily::DataAnalysis
    )
}

#[test]
fn every_real_posting_gets_a_full_grounded_set() {
    let Some(root) = evaldata() else { return };
    let bank = Bank::builtin().unwrap();
    let skills = builtin_skills().unwrap();
    let mut postings: Vec<Posting> = read_jsonl(root.join("jobs-linkedin-india/jobs_sample.jsonl"));
    postings.extend(read_jsonl::<Posting>(
        root.join("jobs-nhs-uk/jobs_sample.jsonl"),
    ));
    assert_eq!(postings.len(), 65);
    let resumes: Vec<ResumeRow> =
        read_jsonl(root.join("resumes-kaggle-updated/resumes_sample.jsonl"));

    let (mut family_right, mut grounded_three, mut technical_roles, mut technical_on_skills) =
        (0, 0, 0, 0);
    let mut report = String::new();
    for (index, posting) in postings.iter().enumerate() {
        let text = posting.description.as_str();
        let profile = read_posting(text, &skills, Some(&posting.title));
        // Pair each posting with a resume, to exercise resume grounding and gaps too.
        let resume_row = &resumes[index % resumes.len()];
        let resume = read_resume(&resume_row.text, &skills);
        let set = build_set(&SetRequest {
            profile: &profile,
            resume: Some(&resume),
            bank: bank.questions(),
            count: 20,
            exclude: &[],
            meaning: None,
        });

        assert_eq!(set.questions.len(), 20, "{}: a full set", posting.id);
        for question in &set.questions {
            if let Some(quote) = &question.source.quote {
                let verbatim = match question.source.from {
                    SourceKind::Resume => resume_row.text.contains(quote.as_str()),
                    _ => text.contains(quote.as_str()),
                };
                assert!(verbatim, "{}: quote not verbatim: {quote:?}", posting.id);
            }
        }
        let family_ok = accepted(&posting.role_family).contains(&profile.role_family);
        family_right += usize::from(family_ok);
        let from_posting = set
            .questions
            .iter()
            .filter(|q| q.source.from == SourceKind::Jd)
            .count();
        grounded_three += usize::from(from_posting >= 3);
        if technical(profile.role_family) {
            technical_roles += 1;
            let posting_skills: Vec<&str> = profile
                .skills
                .iter()
                .map(|skill| skill.name.as_str())
                .collect();
            let on_skills = set.questions.iter().any(|q| {
                q.kind == QuestionKind::Technical
                    && q.skills
                        .iter()
                        .any(|s| posting_skills.contains(&s.as_str()))
            });
            technical_on_skills += usize::from(on_skills);
            if !on_skills {
                report += &format!(
                    "  no technical question on the posting's skills: {} ({:?})\n",
                    posting.id, posting_skills
                );
            }
        }
        if !family_ok {
            report += &format!(
                "  family: {} {:?} labelled {}, read {}\n",
                posting.id, posting.title, posting.role_family, profile.role_family
            );
        }
        let _ = &resume_row.category;
    }
    let share = |count: usize, of: usize| count as f64 * 100.0 / of.max(1) as f64;
    eprintln!(
        "\nreal postings: {} read\n  role family right: {family_right}/{} ({:.0}%)\n  with at least three posting-grounded questions: {grounded_three} ({:.0}%)\n  technical roles with a technical question on the posting's own skills: {technical_on_skills}/{technical_roles}\n{report}",
        postings.len(),
        postings.len(),
        share(family_right, postings.len()),
        share(grounded_three, postings.len()),
    );
    assert!(
        share(family_right, postings.len()) >= 90.0,
        "role family right for at least 90%{report}"
    );
    assert!(
        share(grounded_three, postings.len()) >= 75.0,
        "grounded questions for most postings{report}"
    );
    assert_eq!(
        technical_on_skills, technical_roles,
        "every technical role gets its skills asked about{report}"
    );
}

#[test]
fn every_real_resume_is_read() {
    let Some(root) = evaldata() else { return };
    let skills = builtin_skills().unwrap();
    let resumes: Vec<ResumeRow> =
        read_jsonl(root.join("resumes-kaggle-updated/resumes_sample.jsonl"));
    assert_eq!(resumes.len(), 42);
    let (mut with_skills, mut with_bullets, mut with_metrics) = (0, 0, 0);
    for row in &resumes {
        let resume = read_resume(&row.text, &skills);
        for line in resume.bullets.iter().chain(&resume.metrics) {
            assert!(
                row.text.contains(line.as_str()),
                "{}: not verbatim: {line:?}",
                row.id
            );
        }
        with_skills += usize::from(!resume.skills.is_empty());
        with_bullets += usize::from(!resume.bullets.is_empty());
        with_metrics += usize::from(!resume.metrics.is_empty());
    }
    eprintln!(
        "\nreal resumes: 42 read; with skills {with_skills}, with achievement lines {with_bullets}, with numbers {with_metrics}"
    );
    assert!(
        with_skills >= 38,
        "skills found in most resumes: {with_skills}"
    );
    assert!(
        with_bullets >= 30,
        "achievement lines found in most resumes: {with_bullets}"
    );
}
