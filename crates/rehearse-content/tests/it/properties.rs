//! Properties over arbitrary text: the posting and resume readers, the HTML reader and the set
//! builder never panic, every quote they return is a verbatim part of the text read, and the
//! same input gives the same output.

use std::sync::LazyLock;

use proptest::prelude::*;
use rehearse_content::{Bank, builtin_skills};
use rehearse_core::markup::html_to_text;
use rehearse_core::posting::read_posting;
use rehearse_core::question_set::{SetRequest, SourceKind, build_set};
use rehearse_core::resume::read_resume;
use rehearse_core::skills::SkillLexicon;

static SKILLS: LazyLock<SkillLexicon> = LazyLock::new(|| builtin_skills().expect("skills"));
static BANK: LazyLock<Bank> = LazyLock::new(|| Bank::builtin().expect("bank"));

/// Text mixing what postings and resumes are made of (headings, bullets, skills and their
/// aliases, years, bands, dates, numbers) with markup and hard Unicode.
fn document() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Senior ",
        "Data Engineer",
        " at ",
        " - ",
        " | ",
        "Job title: ",
        "Company: ",
        "About ",
        "At Acme, we ",
        "Requirements:",
        "## Responsibilities",
        "Nice to have",
        "What you'll do",
        "Our values",
        "Benefits",
        "EXPERIENCE",
        "SKILLS",
        "Education",
        "- ",
        "* ",
        "• ",
        "1. ",
        "**",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "5+ years of experience",
        "Band 6",
        "k8s",
        "C++",
        "C#",
        ".NET",
        "Go",
        "R",
        "Python",
        "SQL",
        "Postgres",
        "Spark",
        "node.js",
        "take-home",
        "Lead ",
        "Own the on-call rotation",
        "We value ownership",
        "Cut costs by 40%",
        "$1.2M",
        "Jan 2020",
        "2019 – Present",
        "March 2019 - Present",
        "Manager",
        "nurse",
        "I ",
        "the ",
        "and ",
        ". ",
        ": ",
        ", ",
        "(",
        ")",
        "<li>",
        "</li>",
        "<p>",
        "<br>",
        "&amp;",
        "&#x1F600;",
        "<script>",
        "e\u{0301}",
        "😀",
        "👩‍💻",
        "שלום ",
        "مرحبا ",
        "\u{202e}",
        "\0",
        "Ω",
        "ß",
        "İ",
    ]);
    prop::collection::vec(
        prop_oneof![4 => pieces.prop_map(str::to_owned), 1 => any::<String>()],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn posting_reader_quotes_only_the_posting(text in document(), role in prop::option::of(document())) {
        let profile = read_posting(&text, &SKILLS, role.as_deref());
        for line in profile.responsibilities.iter()
            .chain(&profile.must_haves)
            .chain(&profile.nice_to_haves)
            .chain(&profile.values)
        {
            prop_assert!(text.contains(line.as_str()), "{line:?} is not in the posting");
        }
        for skill in &profile.skills {
            prop_assert!(text.contains(skill.quote.as_str()), "{:?} is not in the posting", skill.quote);
        }
        prop_assert_eq!(&profile, &read_posting(&text, &SKILLS, role.as_deref()));
    }

    #[test]
    fn resume_reader_quotes_only_the_resume(text in document()) {
        let resume = read_resume(&text, &SKILLS);
        for line in resume.bullets.iter().chain(&resume.metrics) {
            prop_assert!(text.contains(line.as_str()), "{line:?} is not in the resume");
        }
        for role in &resume.roles {
            prop_assert!(text.contains(role.header.as_str()));
        }
        prop_assert_eq!(&resume, &read_resume(&text, &SKILLS));
    }

    #[test]
    fn sets_are_full_grounded_verbatim_and_stable(posting in document(), resume in document(), count in 1usize..=60) {
        let profile = read_posting(&posting, &SKILLS, None);
        let resume_read = read_resume(&resume, &SKILLS);
        let request = SetRequest {
            profile: &profile,
            resume: Some(&resume_read),
            bank: BANK.questions(),
            count,
            exclude: &[],
            meaning: None,
        };
        let set = build_set(&request);
        prop_assert_eq!(set.questions.len(), count, "a full set from the built-in bank");
        let mut ids: Vec<&str> = set.questions.iter().map(|q| q.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), set.questions.len(), "no question twice");
        for question in &set.questions {
            match (question.source.from, &question.source.quote) {
                (SourceKind::Jd, Some(quote)) => prop_assert!(posting.contains(quote.as_str())),
                (SourceKind::Resume, Some(quote)) => prop_assert!(resume.contains(quote.as_str())),
                _ => {}
            }
        }
        prop_assert_eq!(&set, &build_set(&request));
    }

    #[test]
    fn html_reader_never_panics(html in document()) {
        let text = html_to_text(&html);
        prop_assert!(!text.contains("<script>"));
    }
}
