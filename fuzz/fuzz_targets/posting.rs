//! Fuzzes the posting reader and the set builder with arbitrary bytes: the first byte says
//! whether the rest is read as HTML; the posting and a resume are split at the first 0xFF byte.
//! Whatever the input, nothing may panic and every quote must be a verbatim part of its text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rehearse_content::{Bank, builtin_skills};
use rehearse_core::markup::html_to_text;
use rehearse_core::posting::read_posting;
use rehearse_core::question_set::{SetRequest, SourceKind, build_set};
use rehearse_core::resume::read_resume;
use rehearse_core::skills::SkillLexicon;

static SKILLS: LazyLock<SkillLexicon> = LazyLock::new(|| builtin_skills().expect("skills"));
static BANK: LazyLock<Bank> = LazyLock::new(|| Bank::builtin().expect("bank"));

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let mut parts = rest.splitn(2, |&byte| byte == 0xFF).map(String::from_utf8_lossy);
    let raw_posting = parts.next().unwrap_or_default().into_owned();
    let resume_text = parts.next().unwrap_or_default().into_owned();
    let posting = if selector & 1 == 1 { html_to_text(&raw_posting) } else { raw_posting };

    let profile = read_posting(&posting, &SKILLS, None);
    for line in profile.responsibilities.iter().chain(&profile.must_haves).chain(&profile.values) {
        assert!(posting.contains(line.as_str()));
    }
    let resume = read_resume(&resume_text, &SKILLS);
    for line in resume.bullets.iter().chain(&resume.metrics) {
        assert!(resume_text.contains(line.as_str()));
    }
    let set = build_set(&SetRequest {
        profile: &profile,
        resume: Some(&resume),
        bank: BANK.questions(),
        count: usize::from(selector >> 1).clamp(1, 60),
        exclude: &[],
    });
    for question in &set.questions {
        match (question.source.from, &question.source.quote) {
            (SourceKind::Jd, Some(quote)) => assert!(posting.contains(quote.as_str())),
            (SourceKind::Resume, Some(quote)) => assert!(resume_text.contains(quote.as_str())),
            _ => {}
        }
    }
});
