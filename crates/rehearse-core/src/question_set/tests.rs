use super::*;
use crate::posting::read_posting;
use crate::question::{Difficulty, QuestionId};
use crate::resume::read_resume;
use crate::skills::{Skill, SkillLexicon};

fn lexicon() -> SkillLexicon {
    let skill = |name: &str, families: &[RoleFamily]| Skill {
        name: name.to_owned(),
        aliases: vec![],
        category: "tool".to_owned(),
        role_families: families.to_vec(),
    };
    SkillLexicon::new(vec![
        skill("Python", &[RoleFamily::SoftwareEngineering]),
        skill("PostgreSQL", &[RoleFamily::SoftwareEngineering]),
        skill("Kubernetes", &[RoleFamily::SoftwareEngineering]),
    ])
}

fn question(
    id: &str,
    kind: QuestionKind,
    families: &[RoleFamily],
    text: &str,
    competencies: &[&str],
) -> Question {
    Question {
        id: QuestionId(id.to_owned()),
        kind,
        role_families: families.to_vec(),
        competencies: competencies.iter().map(|c| c.to_string()).collect(),
        topics: vec![],
        seniority: vec![],
        difficulty: Difficulty::Medium,
        common: id == "beh-intro",
        text: text.to_owned(),
        tests: "t".to_owned(),
        key_points: vec!["k".to_owned()],
        follow_ups: vec!["f".to_owned()],
        pitfalls: vec![],
        scale: None,
        rubric: vec![],
    }
}

fn bank() -> Vec<Question> {
    use QuestionKind::*;
    let se = &[RoleFamily::SoftwareEngineering][..];
    vec![
        question(
            "beh-intro",
            Behavioral,
            &[],
            "Tell me about yourself.",
            &["motivation"],
        ),
        question(
            "beh-conflict",
            Behavioral,
            &[],
            "Tell me about a conflict with a coworker.",
            &["conflict"],
        ),
        question(
            "beh-failure",
            Behavioral,
            &[],
            "Tell me about a failure at work.",
            &["failure"],
        ),
        question(
            "beh-lead",
            Behavioral,
            &[],
            "Tell me about a project you led from start to finish.",
            &["leadership"],
        ),
        question(
            "beh-nurse",
            Behavioral,
            &[RoleFamily::Healthcare],
            "Tell me about a patient whose condition changed quickly.",
            &["safety"],
        ),
        question(
            "tech-index",
            Technical,
            se,
            "How does a PostgreSQL index work?",
            &["technical-depth"],
        ),
        question(
            "tech-cache",
            Technical,
            se,
            "How would you cache an expensive query?",
            &["technical-depth"],
        ),
        question(
            "tech-k8s",
            Technical,
            se,
            "What does Kubernetes do when a pod crashes?",
            &["technical-depth"],
        ),
        question(
            "sd-short",
            SystemDesign,
            se,
            "Design a link shortener for 100 million links a month.",
            &["system-design"],
        ),
        question(
            "sd-feed",
            SystemDesign,
            se,
            "Design a home feed for 50 million users.",
            &["system-design"],
        ),
        question(
            "case-retention",
            Case,
            &[RoleFamily::ProductManagement],
            "How would you raise 30-day retention?",
            &["analytical-thinking"],
        ),
    ]
}

const POSTING: &str = "Senior Backend Engineer\n\
    Responsibilities:\n\
    - Design and build the services behind our payments API in Python.\n\
    - Own the on-call rotation for the ledger team and lead incident reviews.\n\
    Requirements:\n\
    - 5+ years of experience with Python and PostgreSQL.\n\
    - Experience running services on Kubernetes in production.\n\
    Our values\n\
    - We value ownership, kindness and clear writing.";

const RESUME: &str = "Backend Developer at Shopco | 2019 - Present\n\
    • Cut checkout latency by 35% by moving session state to Redis\n\
    • Built the order service in Python handling 2,000 orders a minute";

fn set_for(posting: &str, resume: Option<&str>, count: usize, exclude: &[String]) -> QuestionSet {
    let lexicon = lexicon();
    let profile = read_posting(posting, &lexicon, None);
    let resume = resume.map(|text| read_resume(text, &lexicon));
    let bank = bank();
    build_set(&SetRequest {
        profile: &profile,
        resume: resume.as_ref(),
        bank: &bank,
        count,
        exclude,
        meaning: None,
    })
}

#[test]
fn a_technical_posting_gets_grounded_technical_and_design_questions() {
    let set = set_for(POSTING, Some(RESUME), 12, &[]);
    assert_eq!(set.questions.len(), 12);
    assert_eq!(set.target.role_family, RoleFamily::SoftwareEngineering);
    assert_eq!(set.questions[0].id, "beh-intro", "the opener comes first");
    let kinds: HashSet<QuestionKind> = set.questions.iter().map(|q| q.kind).collect();
    assert!(
        kinds.contains(&QuestionKind::Technical) && kinds.contains(&QuestionKind::SystemDesign)
    );
    assert!(
        !set.questions
            .iter()
            .any(|q| q.id == "beh-nurse" || q.id == "case-retention")
    );
    let from = |kind: SourceKind| {
        set.questions
            .iter()
            .filter(|q| q.source.from == kind)
            .count()
    };
    assert!(from(SourceKind::Jd) >= 3, "posting-grounded questions");
    assert!(from(SourceKind::Resume) >= 1, "resume-grounded questions");
    for question in &set.questions {
        if let Some(quote) = &question.source.quote {
            assert!(
                POSTING.contains(quote.as_str()) || RESUME.contains(quote.as_str()),
                "verbatim: {quote}"
            );
        }
        assert!(!question.why.is_empty());
    }
}

#[test]
fn sets_are_deterministic_without_duplicates_and_honour_exclusions() {
    let first = set_for(POSTING, Some(RESUME), 10, &[]);
    assert_eq!(first, set_for(POSTING, Some(RESUME), 10, &[]));
    let ids: HashSet<&str> = first.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), first.questions.len());
    let swapped_out = vec![first.questions[1].id.clone()];
    let second = set_for(POSTING, Some(RESUME), 10, &swapped_out);
    assert!(!second.questions.iter().any(|q| q.id == swapped_out[0]));
}

#[test]
fn a_gap_between_posting_and_resume_is_asked_about() {
    let set = set_for(POSTING, Some(RESUME), 20, &[]);
    assert!(set.questions.iter().any(|q| {
        q.text
            .contains("Kubernetes, which your resume does not mention")
    }));
}

#[test]
fn a_nursing_posting_gets_no_technical_questions() {
    let set = set_for(
        "Staff Nurse - Band 5\nYou will deliver safe patient care on a busy surgical ward.",
        None,
        8,
        &[],
    );
    assert_eq!(set.target.role_family, RoleFamily::Healthcare);
    assert!(
        set.questions
            .iter()
            .all(|q| q.kind == QuestionKind::Behavioral)
    );
    assert!(set.questions.iter().any(|q| q.id == "beh-nurse"));
}

#[test]
fn more_like_this_stays_on_kind_and_skips_the_excluded() {
    let lexicon = lexicon();
    let profile = read_posting(POSTING, &lexicon, None);
    let bank = bank();
    // As in use: the question asked about is in the set, so it is excluded too.
    let exclude = vec!["tech-index".to_owned(), "tech-cache".to_owned()];
    let request = SetRequest {
        profile: &profile,
        resume: None,
        bank: &bank,
        count: 10,
        exclude: &exclude,
        meaning: None,
    };
    let similar = more_like(&request, "tech-cache", 3);
    assert!(!similar.is_empty());
    assert!(similar.iter().all(|q| q.kind == QuestionKind::Technical
        && q.id != "tech-index"
        && q.id != "tech-cache"));
}

#[test]
fn questions_from_a_debrief_join_the_set_in_the_users_words() {
    let bank = bank();
    let set = QuestionSet {
        retired: Vec::new(),
        target: SetTarget {
            title: None,
            role_family: RoleFamily::SoftwareEngineering,
            seniority: Seniority::Senior,
            skills: vec![],
        },
        questions: vec![],
    };
    let asked = [
        "Tell me about a project you led, from start to finish, and how it went".to_owned(),
        "  ".to_owned(),
        "What does a PostgreSQL vacuum do?".to_owned(),
        "Design a URL shortener for 100M users".to_owned(),
        // Asked twice: kept once.
        "tell me about a project you led, from start to finish, and how it went".to_owned(),
    ];
    let added = asked_questions(
        &set,
        &bank,
        RoleFamily::SoftwareEngineering,
        &asked,
        "on 2026-11-20",
    );
    assert_eq!(added.len(), 3, "{added:#?}");
    for question in &added {
        assert_eq!(question.source.from, SourceKind::Debrief);
        assert_eq!(
            question.source.quote.as_deref(),
            Some(question.text.as_str())
        );
        assert!(question.id.starts_with("asked-"));
        assert!(question.why.contains("on 2026-11-20"));
    }
    // The project question borrows the bank's competencies and key points.
    assert_eq!(added[0].kind, QuestionKind::Behavioral);
    assert_eq!(added[0].competencies, ["leadership"]);
    assert_eq!(added[0].key_points, ["k"]);
    assert_eq!(added[1].kind, QuestionKind::Technical);
    assert!(added[1].key_points.is_empty());
    assert_eq!(added[2].kind, QuestionKind::SystemDesign);

    // Logging the same interview again adds nothing new.
    let set = QuestionSet {
        questions: added,
        ..set
    };
    assert!(
        asked_questions(
            &set,
            &bank,
            RoleFamily::SoftwareEngineering,
            &asked,
            "again"
        )
        .is_empty()
    );
}
