//! Which stories answer a question, best first, each with a fit level and the reason.
//!
//! A story fits a question by what the question probes (its competencies: a bank question's own,
//! or read from its words) and by what it shares with the question's words. The user's confirmed
//! competencies count most — they know their story; the story's own words count next (its cues
//! for each competency, per length, so a long story does not win by length); shared content
//! words break ties and name the subject ("deadline", "client").

use serde::{Deserialize, Serialize};

use super::{Story, StoryId};
use crate::analysis::{TextProfile, is_generic_competency, question_competencies, text_profile};
use crate::meaning::Embedder;
use crate::text;

/// How well a story answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// Tagged with, and told with, what the question asks about.
    Strong,
    /// Shows what the question asks about, with some reshaping.
    Workable,
    /// Could be bent to it; expect a weaker answer.
    Stretch,
    /// Does not answer it.
    Gap,
}

impl Fit {
    pub fn as_str(self) -> &'static str {
        match self {
            Fit::Strong => "strong",
            Fit::Workable => "workable",
            Fit::Stretch => "stretch",
            Fit::Gap => "gap",
        }
    }
}

/// One story's fit to a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryMatch {
    pub id: StoryId,
    pub title: String,
    pub fit: Fit,
    /// Why, in one sentence.
    pub reason: String,
    /// The ranking score (higher is better); not shown.
    #[serde(skip)]
    pub score: f64,
}

/// What a question asks about, by the words questions use (more precise than the answer cues:
/// "decision" in a question asks about deciding, not about disagreeing). Each word is matched as
/// the start of a word of the question ("fail" finds "failed", "failure").
#[rustfmt::skip]
const QUESTION_CUES: &[(&str, &[&str])] = &[
    ("conflict", &["conflict", "upset", "angry", "difficult coworker", "difficult colleague", "difficult person", "difficult customer", "disagreement with a", "argument", "clash", "tension", "frustrat"]),
    ("disagreement", &["disagreed with", "disagree with", "push back", "pushed back", "decision you did not agree", "decision you didn't agree", "went against", "challenged a decision", "challenge a decision"]),
    ("failure", &["fail", "mistake", "went wrong", "regret", "missed a deadline", "did not go", "didn't go", "setback"]),
    ("learning", &["learn", "new skill", "unfamiliar", "quickly pick", "pick up", "ramp up", "teach yourself", "taught yourself"]),
    ("leadership", &["led ", "lead ", "leading", "leader", "in charge", "took charge", "project you ran"]),
    ("achievement", &["proud", "accomplish", "achievement", "biggest success", "greatest success"]),
    ("challenge", &["challeng", "difficult problem", "hardest", "obstacle", "tough"]),
    ("influence", &["persuad", "convinc", "influenc", "buy-in", "buy in", "did not report to you", "didn't report to you", "without authority", "win over", "won over"]),
    ("customer-focus", &["customer", "client", "patient", "user", "guest", "student", "parent"]),
    ("decision-making", &["decision", "decide", "choice", "chose", "choose", "judgement", "judgment"]),
    ("ambiguity", &["incomplete information", "unclear", "ambigu", "uncertain", "without all the", "limited information", "little information", "vague"]),
    ("ownership", &["ownership", "outside your job", "outside your role", "beyond your role", "not your job", "above and beyond", "responsibility for"]),
    ("initiative", &["initiative", "without being asked", "on your own", "proactive"]),
    ("teamwork", &["team", "collaborat", "together", "colleague", "coworker"]),
    ("feedback", &["feedback", "critici"]),
    ("pressure", &["pressure", "deadline", "stress", "urgent"]),
    ("prioritization", &["priorit", "competing", "too much work", "juggle"]),
    ("ethics", &["ethic", "integrity", "right thing", "dishonest", "cut corners"]),
    ("mentoring", &["mentor", "coach", "develop someone", "junior"]),
    ("adaptability", &["adapt", "change", "pivot"]),
    ("communication", &["explain", "communicat", "present"]),
    ("problem-solving", &["problem", "solve", "root cause"]),
    ("stakeholder-management", &["stakeholder"]),
    ("safety", &["safety", "unsafe", "safeguard"]),
];

/// How many times each competency's [`QUESTION_CUES`] occur in a text (each cue at the start of
/// a word), for those that occur.
pub(super) fn keyword_counts(text: &str) -> Vec<(&'static str, usize)> {
    let lower = format!(" {} ", text.to_lowercase().replace('’', "'"));
    QUESTION_CUES
        .iter()
        .map(|(name, cues)| {
            let count: usize = cues
                .iter()
                .map(|cue| {
                    lower
                        .match_indices(cue)
                        .filter(|(at, _)| {
                            lower[..*at]
                                .chars()
                                .next_back()
                                .is_none_or(|c| !c.is_alphanumeric())
                        })
                        .count()
                })
                .sum();
            (*name, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// The competencies a question's words ask about, by [`QUESTION_CUES`].
fn asked_about(question: &str) -> Vec<&'static str> {
    keyword_counts(question)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// A question prepared once for matching against many stories.
pub struct QuestionProbe {
    competencies: Vec<&'static str>,
    specific: bool,
    /// (stem, the word as the question writes it)
    words: Vec<(String, String)>,
}

impl QuestionProbe {
    /// `competencies`: a bank question's own (empty to read them from its words).
    pub fn new(question: &str, competencies: &[String]) -> QuestionProbe {
        let competencies = if competencies.is_empty() {
            let asked = asked_about(question);
            if asked.is_empty() {
                question_competencies(question, &[])
            } else {
                asked
            }
        } else {
            question_competencies(question, competencies)
        };
        let specific = competencies.iter().any(|name| !is_generic_competency(name));
        let profile = text_profile(question);
        let mut words: Vec<(String, String)> = Vec::new();
        for word in text::words(question) {
            let lower = word.span.of(question).to_lowercase();
            let stem = text::stem(&lower).into_owned();
            if profile.stems.binary_search(&stem).is_ok() && !words.iter().any(|(s, _)| *s == stem)
            {
                words.push((stem, lower));
            }
        }
        QuestionProbe {
            competencies,
            specific,
            words,
        }
    }

    /// The competencies the question probes.
    pub fn competencies(&self) -> &[&'static str] {
        &self.competencies
    }

    /// How much a competency counts for this question: when the question probes something
    /// specific (a conflict, a failure), the generic side of a story (teamwork) counts half.
    fn weight(&self, name: &str) -> f64 {
        if self.specific && is_generic_competency(name) {
            0.5
        } else {
            1.0
        }
    }

    /// How well one story (with its profile) answers the question.
    pub fn fit(&self, story: &Story, profile: &StoryProfile) -> StoryMatch {
        let tagged: Vec<&str> = self
            .competencies
            .iter()
            .copied()
            .filter(|name| story.fields.competencies.iter().any(|c| c == name))
            .collect();
        // Each tagged competency the question asks about counts; two are plenty.
        let tag = tagged
            .iter()
            .map(|name| self.weight(name))
            .sum::<f64>()
            .min(2.0);
        // Cues per length: one stray cue is not evidence; five in a 300-word story show a
        // competency fully.
        let per_length = 2.0 + profile.shows.word_count as f64 / 100.0;
        let (evidence, shown) = self
            .competencies
            .iter()
            .map(|name| {
                let strength = (f64::from(profile.shows.hits(name)) / per_length).min(1.0);
                (strength * self.weight(name), *name)
            })
            .fold((0.0, None), |best, (value, name)| {
                if value > best.0 {
                    (value, Some(name))
                } else {
                    best
                }
            });
        let shared: Vec<&str> = self
            .words
            .iter()
            .filter(|(stem, _)| profile.words.stems.binary_search(stem).is_ok())
            .map(|(_, word)| word.as_str())
            .take(3)
            .collect();

        let fit = if tag >= 2.0
            || (tag >= 1.0 && (evidence >= 0.3 || !shared.is_empty()))
            || (evidence >= 0.8 && !shared.is_empty())
        {
            Fit::Strong
        } else if tag > 0.0 || evidence >= 0.4 || shared.len() >= 2 {
            Fit::Workable
        } else if evidence > 0.0 || !shared.is_empty() {
            Fit::Stretch
        } else {
            Fit::Gap
        };
        // What the story is mostly about: the share of its competency signs that are the
        // question's. Two stories that both show leadership rank by which is about it.
        let total: f64 = profile
            .shows
            .competencies
            .iter()
            .map(|(_, hits)| f64::from(*hits))
            .sum();
        let emphasis: f64 = self
            .competencies
            .iter()
            .map(|name| self.weight(name) * f64::from(profile.shows.hits(name)))
            .sum::<f64>()
            / (total + 3.0);
        let score = 3.0 * tag + 2.0 * evidence + 3.0 * emphasis + 0.4 * shared.len() as f64;

        let mut reasons: Vec<String> = Vec::new();
        if let Some(first) = tagged.first() {
            reasons.push(format!(
                "you tagged it {}, which this question asks about",
                tagged_list(&tagged, first)
            ));
        }
        if let Some(name) = shown.filter(|name| evidence >= 0.3 && !tagged.contains(name)) {
            reasons.push(format!("its words show {}", name.replace('-', " ")));
        }
        if !shared.is_empty() {
            let quoted: Vec<String> = shared.iter().map(|word| format!("“{word}”")).collect();
            reasons.push(format!("it shares {} with the question", quoted.join(", ")));
        }
        let reason = if reasons.is_empty() {
            match self.competencies.first() {
                Some(name) => format!(
                    "Nothing in it speaks to {}, which this question asks about.",
                    name.replace('-', " ")
                ),
                None => "It shares nothing with the question.".to_owned(),
            }
        } else {
            let sentence = reasons.join("; ");
            let mut chars = sentence.chars();
            let first = chars
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default();
            format!("{first}{}.", chars.as_str())
        };
        StoryMatch {
            id: story.id,
            title: story.fields.title.clone(),
            fit,
            reason,
            score,
        }
    }
}

impl QuestionProbe {
    /// The fit from meaning: `closeness` (see [`story_closeness`]) sets the level; a tag of what
    /// the question probes raises it one level; the score ranks by closeness.
    fn fit_with_meaning(
        &self,
        story: &Story,
        by_words: StoryMatch,
        closeness: f32,
        probed: &[&str],
    ) -> StoryMatch {
        let tagged = probed
            .iter()
            .chain(&self.competencies)
            .any(|name| story.fields.competencies.iter().any(|c| c == name));
        let level = if closeness >= STORY_STRONG {
            Fit::Strong
        } else if closeness >= STORY_WORKABLE {
            Fit::Workable
        } else if closeness >= STORY_STRETCH {
            Fit::Stretch
        } else {
            Fit::Gap
        };
        let fit = match (level, tagged) {
            (Fit::Workable, true) => Fit::Strong,
            (Fit::Stretch, true) => Fit::Workable,
            (level, _) => level,
        };
        let what = probed
            .first()
            .map(|name| name.replace('-', " "))
            .unwrap_or_else(|| "what the question asks".to_owned());
        let reason = match fit {
            Fit::Strong => format!("What you did and what came of it speak to {what}."),
            Fit::Workable => {
                format!("It touches {what}; bring that part forward when you tell it.")
            }
            Fit::Stretch => format!("It is only loosely about {what}; expect a weaker answer."),
            Fit::Gap => format!("Nothing in what it shows speaks to {what}."),
        };
        let reason = if tagged && fit != Fit::Gap {
            format!("{} You tagged it with what the question probes.", reason)
        } else {
            reason
        };
        StoryMatch {
            fit,
            reason,
            score: f64::from(closeness) + if tagged { 0.05 } else { 0.0 },
            ..by_words
        }
    }
}

fn tagged_list(tagged: &[&str], first: &str) -> String {
    if tagged.len() == 1 {
        first.replace('-', " ")
    } else {
        tagged
            .iter()
            .map(|name| name.replace('-', " "))
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// What a story is about, read once for matching against many questions.
pub struct StoryProfile {
    /// What the story shows: its task, action, result and reflection (the situation is the
    /// setting — a sales story that opens with "we had missed the target" is not about failure).
    pub shows: TextProfile,
    /// All its words, title included, for the words it shares with a question.
    pub words: TextProfile,
}

/// Reads a story for matching.
pub fn story_profile(story: &Story) -> StoryProfile {
    let fields = &story.fields;
    let shown = [
        &fields.task,
        &fields.action,
        &fields.result,
        &fields.reflection,
    ]
    .iter()
    .map(|part| part.trim())
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join("\n\n");
    StoryProfile {
        shows: text_profile(&shown),
        words: text_profile(&format!("{}\n\n{}", fields.title, fields.telling())),
    }
}

/// Every story ranked for a question: best fit first, then by score, then by id.
pub fn match_stories(
    question: &str,
    competencies: &[String],
    stories: &[Story],
) -> Vec<StoryMatch> {
    match_stories_with(question, competencies, stories, None)
}

/// How many of the competencies a question probes are read by meaning when it has none of its
/// own (a bank question's).
const PROBED: usize = 3;

/// A story's closeness in meaning to a question: how much of what the story shows (its task,
/// action and result, standardised across the vocabulary — see
/// [`crate::analysis::competency_profile`]) is what the question probes, averaged over those
/// competencies. 0 is an ordinary story for this question; 1, a story mostly about it.
pub fn story_closeness(probed: &[&str], story: &Story, embedder: &dyn Embedder) -> f32 {
    let fields = &story.fields;
    let profile = crate::analysis::competency_profile(
        &[
            fields.task.as_str(),
            fields.action.as_str(),
            fields.result.as_str(),
        ],
        embedder,
    );
    if probed.is_empty() {
        return 0.0;
    }
    probed
        .iter()
        .map(|name| {
            profile
                .iter()
                .find(|(known, _)| known == name)
                .map_or(0.0, |(_, z)| *z)
        })
        .sum::<f32>()
        / probed.len() as f32
}

/// A story at least this close (see [`story_closeness`], in deviations) is mostly about what the
/// question probes ...
pub const STORY_STRONG: f32 = 1.0;
/// ... this close, about it in part ...
pub const STORY_WORKABLE: f32 = 0.5;
/// ... and this close, only bent to it. Below: a gap.
pub const STORY_STRETCH: f32 = 0.0;

/// [`match_stories`] with a sentence model judging what each story shows against what the
/// question asks, when one is given: the fit comes from meaning (the user's tags still raise
/// it), and the ranking from closeness.
pub fn match_stories_with(
    question: &str,
    competencies: &[String],
    stories: &[Story],
    embedder: Option<&dyn Embedder>,
) -> Vec<StoryMatch> {
    let probe = QuestionProbe::new(question, competencies);
    // A bank question says what it probes; otherwise its meaning does.
    let probed: Vec<&'static str> = match embedder {
        Some(_) if !competencies.is_empty() => probe.competencies().to_vec(),
        Some(embedder) => crate::analysis::probed_competencies(question, embedder, PROBED),
        None => Vec::new(),
    };
    let mut matches: Vec<StoryMatch> = stories
        .iter()
        .map(|story| {
            let by_words = probe.fit(story, &story_profile(story));
            match embedder {
                Some(embedder) => {
                    let closeness = story_closeness(&probed, story, embedder);
                    probe.fit_with_meaning(story, by_words, closeness, &probed)
                }
                None => by_words,
            }
        })
        .collect();
    matches.sort_by(|a, b| {
        a.fit
            .cmp(&b.fit)
            .then(b.score.total_cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
    matches
}
