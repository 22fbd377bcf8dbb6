//! Recognising skills in postings and resumes: "k8s" and "Kubernetes" are one skill.
//!
//! The lexicon is data (`rehearse-content`'s `skills.toml`); this module matches it. All names
//! and aliases are found in one pass with Aho-Corasick, leftmost-longest ("Google Cloud Platform"
//! wins over "Google Cloud"), and a match counts only on word boundaries ("Java" is not found in
//! "JavaScript"). Names that are also ordinary English words or single letters ("Go", "R", "C",
//! "Swift") match only with the exact capitalisation they are listed with.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::question::RoleFamily;
use crate::text::Span;

/// One skill of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    /// The canonical name, as shown to users.
    pub name: String,
    pub aliases: Vec<String>,
    pub category: String,
    /// Where the skill matters most; empty for general skills.
    pub role_families: Vec<RoleFamily>,
}

/// A skill found in a text, at a span of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillHit {
    /// Index into [`SkillLexicon::skills`].
    pub skill: usize,
    pub span: Span,
}

/// Words that are skills only when written exactly as listed: otherwise "go to market" would be
/// the Go language and "spring sale" the Spring framework.
#[rustfmt::skip]
const AMBIGUOUS: &[&str] = &[
    "go", "r", "c", "d", "swift", "spring", "express", "rust", "ruby", "dart", "elm", "julia",
    "crystal", "shell", "chef", "puppet", "ant", "less", "sass", "make", "flask", "excel", "word",
    "access", "teams", "slack", "jira", "git", "scala", "pig", "hive", "spark", "storm", "airflow",
    "ray", "dask", "oracle", "salt", "vault", "consul", "nomad", "linear", "notion",
    "asana", "box", "zoom", "sketch", "framer", "canva", "nurse", "care", "rails", "play", "next",
    "helm", "celery", "snowflake", "greenhouse", "intercom", "blender", "sentry", "lean", "react",
    "agile", "prime", "unity", "keras", "lasso", "ridge", "scrum",
];

/// Whether a name or alias matches only as written ("Go", "R", "Spark"); such a form written in
/// lower case would match only lower-case text, which is almost never the skill.
pub fn needs_exact_case(form: &str) -> bool {
    let lower = form.trim().to_lowercase();
    lower.chars().count() <= 2 || AMBIGUOUS.contains(&lower.as_str())
}

/// The skills lexicon, ready to match.
#[derive(Debug, Clone)]
pub struct SkillLexicon {
    skills: Vec<Skill>,
    /// Matches names and aliases ignoring ASCII case.
    loose: AhoCorasick,
    /// Pattern index → skill index, for `loose`.
    loose_skill: Vec<usize>,
    /// Matches ambiguous names with their exact case.
    exact: AhoCorasick,
    exact_skill: Vec<usize>,
}

impl SkillLexicon {
    /// Builds the matcher. Skills are expected to be validated (unique names and aliases) by the
    /// loader; duplicates here only mean the first wins.
    pub fn new(skills: Vec<Skill>) -> SkillLexicon {
        let (mut loose_patterns, mut loose_skill, mut exact_patterns, mut exact_skill) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (index, skill) in skills.iter().enumerate() {
            for form in std::iter::once(&skill.name).chain(&skill.aliases) {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                let lower = form.to_lowercase();
                if needs_exact_case(form) {
                    exact_patterns.push(form.to_owned());
                    exact_skill.push(index);
                } else {
                    loose_patterns.push(lower);
                    loose_skill.push(index);
                }
            }
        }
        let build = |patterns: &[String], case_insensitive: bool| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(case_insensitive)
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns)
                .unwrap_or_else(|_| {
                    AhoCorasick::new(Vec::<String>::new()).expect("an empty automaton builds")
                })
        };
        SkillLexicon {
            loose: build(&loose_patterns, true),
            exact: build(&exact_patterns, false),
            loose_skill,
            exact_skill,
            skills,
        }
    }

    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    pub fn get(&self, index: usize) -> &Skill {
        &self.skills[index]
    }

    /// The skill with this canonical name (case-insensitive).
    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.skills
            .iter()
            .position(|skill| skill.name.eq_ignore_ascii_case(name))
    }

    /// Every skill mentioned in `text`, in order of position, on word boundaries.
    pub fn find(&self, text: &str) -> Vec<SkillHit> {
        let mut hits: Vec<SkillHit> = Vec::new();
        for (automaton, skill_of) in [
            (&self.loose, &self.loose_skill),
            (&self.exact, &self.exact_skill),
        ] {
            for found in automaton.find_iter(text) {
                let span = Span::new(found.start(), found.end());
                if on_word_boundaries(text, span) {
                    hits.push(SkillHit {
                        skill: skill_of[found.pattern().as_usize()],
                        span,
                    });
                }
            }
        }
        hits.sort_by_key(|hit| (hit.span.start, std::cmp::Reverse(hit.span.end)));
        // Overlaps between the two automata: keep the earlier, longer one.
        let mut kept: Vec<SkillHit> = Vec::with_capacity(hits.len());
        for hit in hits {
            if kept
                .last()
                .is_none_or(|last| hit.span.start >= last.span.end)
            {
                kept.push(hit);
            }
        }
        kept
    }

    /// The distinct skills mentioned in `text`, in order of first mention.
    pub fn distinct(&self, text: &str) -> Vec<usize> {
        let mut seen = Vec::new();
        for hit in self.find(text) {
            if !seen.contains(&hit.skill) {
                seen.push(hit.skill);
            }
        }
        seen
    }
}

/// A match must not be part of a longer word: "Java" is not in "JavaScript", "C" is not in "CEO".
/// Symbols that end names ("C++", "C#", ".NET") are their own boundary.
fn on_word_boundaries(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let joins = |c: char| c.is_alphanumeric() || c == '_';
    let first = text[span.start..].chars().next();
    let last = text[..span.end].chars().next_back();
    let before_ok = before.is_none_or(|c| !joins(c) || first.is_some_and(|f| !joins(f)));
    // "C++" followed by a letter is still C++; but "Go" followed by "lang" is not Go.
    let after_ok = after.is_none_or(|c| !joins(c) || last.is_some_and(|l| !joins(l)));
    before_ok
        && after_ok
        && !(after == Some('+') && last.is_some_and(joins))
        && !(after == Some('#') && last.is_some_and(joins))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> SkillLexicon {
        let skill = |name: &str, aliases: &[&str]| Skill {
            name: name.to_owned(),
            aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
            category: "tool".to_owned(),
            role_families: Vec::new(),
        };
        SkillLexicon::new(vec![
            skill("Kubernetes", &["k8s"]),
            skill("PostgreSQL", &["postgres"]),
            skill("Java", &[]),
            skill("JavaScript", &["js"]),
            skill("C++", &["cpp"]),
            skill("C", &[]),
            skill("Go", &["golang"]),
            skill("Google Cloud", &["gcp"]),
            skill("Google Cloud Platform", &[]),
        ])
    }

    fn names(text: &str) -> Vec<String> {
        let lexicon = lexicon();
        lexicon
            .find(text)
            .iter()
            .map(|hit| format!("{}={}", lexicon.get(hit.skill).name, hit.span.of(text)))
            .collect()
    }

    #[test]
    fn aliases_map_to_canonical_names_on_word_boundaries() {
        assert_eq!(
            names("We run k8s and Postgres; JavaScript (not Java) and C++ skills; GCP."),
            [
                "Kubernetes=k8s",
                "PostgreSQL=Postgres",
                "JavaScript=JavaScript",
                "Java=Java",
                "C++=C++",
                "Google Cloud=GCP"
            ]
        );
    }

    #[test]
    fn longest_name_wins_and_ambiguous_words_need_their_case() {
        assert_eq!(
            names("Google Cloud Platform experience"),
            ["Google Cloud Platform=Google Cloud Platform"]
        );
        assert_eq!(
            names("We go to market fast and write Go services in golang"),
            ["Go=Go", "Go=golang"]
        );
        assert_eq!(names("Our CEO uses C daily"), ["C=C"]);
    }
}
