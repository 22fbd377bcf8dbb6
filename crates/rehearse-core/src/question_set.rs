//! Building the practice set for one job: the questions this interview is likely to ask, each
//! with the reason it was chosen and, where it came from the posting or the resume, the line
//! that prompted it.
//!
//! Invariants:
//! - deterministic: the same inputs give the same set, in the same order (no randomness; "swap"
//!   and "more like this" work by excluding what the user has seen);
//! - every `source.quote` is a line kept verbatim by the posting or resume reader;
//! - no two questions in a set ask the same thing.
//!
//! The mix follows the guide's priority table: behavioral for every role; technical for
//! technical roles; system design for senior engineers; case studies for product, strategy and
//! business roles; a take-home prompt where the posting mentions one.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::posting::{JobProfile, PostingSkill};
use crate::question::{Difficulty, Question, QuestionKind, RoleFamily, Seniority};
use crate::resume::Resume;

/// The set, in the DESIGN.md §6 question-set shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSet {
    pub target: SetTarget,
    pub questions: Vec<SetQuestion>,
    /// Questions swapped out of the set, newest last: no longer practised, but a past answer's
    /// "answer it again" still finds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<SetQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetTarget {
    pub title: Option<String>,
    pub role_family: RoleFamily,
    pub seniority: Seniority,
    pub skills: Vec<String>,
}

/// One question of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetQuestion {
    /// A bank question's id, or a generated id (`jd-...`, `cv-...`) stable for its text.
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    /// Why it is in the set, in one sentence.
    pub why: String,
    pub source: Source,
    pub competencies: Vec<String>,
    pub skills: Vec<String>,
    /// What a strong answer covers (from the bank; empty for generated questions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_points: Vec<String>,
}

/// Where a question came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub from: SourceKind,
    /// The verbatim line of the posting or resume that prompted it.
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Jd,
    Resume,
    Bank,
    /// Written by the user's configured LLM (its quote, if any, is verified verbatim).
    Llm,
    /// Asked in a real interview, as the user logged it afterwards (the quote is their words).
    Debrief,
}

/// What to build a set from.
#[derive(Debug, Clone, Copy)]
pub struct SetRequest<'a> {
    pub profile: &'a JobProfile,
    pub resume: Option<&'a Resume>,
    pub bank: &'a [Question],
    pub count: usize,
    /// Question ids the set must not contain (already seen, swapped out).
    pub exclude: &'a [String],
    /// The sentence model, when there is one: bank questions are then ranked by how well their
    /// meaning fits the posting's duties and requirements, and near-duplicates are found by
    /// meaning too.
    pub meaning: Option<&'a dyn crate::meaning::Embedder>,
}

/// The default size of a set.
pub const DEFAULT_COUNT: usize = 20;
/// The largest set one request may ask for.
pub const MAX_COUNT: usize = 60;

/// A question that might go into the set, with how much it suits this job.
#[derive(Debug, Clone)]
struct Candidate {
    question: SetQuestion,
    score: f64,
    /// For generated questions, what they are about ("skill:python", "duty:<line>"): two
    /// questions about the same thing are duplicates even when worded differently. Bank
    /// questions are compared by their words instead.
    subject: Option<String>,
}

/// The share of each kind in a set for a role family and level (the guide's priority table).
fn mix(family: RoleFamily, seniority: Seniority, take_home: bool) -> Vec<(QuestionKind, f64)> {
    use QuestionKind::*;
    let senior = matches!(
        seniority,
        Seniority::Senior | Seniority::Staff | Seniority::Manager | Seniority::Director
    );
    let mut mix = match family {
        RoleFamily::SoftwareEngineering | RoleFamily::MlEngineering => {
            vec![
                (Behavioral, 0.35),
                (Technical, 0.40),
                (SystemDesign, if senior { 0.20 } else { 0.10 }),
            ]
        }
        RoleFamily::DataScience | RoleFamily::DataAnalysis => {
            vec![(Behavioral, 0.35), (Technical, 0.45), (Case, 0.15)]
        }
        RoleFamily::EngineeringManagement => vec![
            (Behavioral, 0.55),
            (SystemDesign, 0.20),
            (Technical, 0.10),
            (Case, 0.10),
        ],
        RoleFamily::ProductManagement => vec![(Behavioral, 0.45), (Case, 0.40), (Technical, 0.10)],
        RoleFamily::Design => vec![(Behavioral, 0.60), (Case, 0.30)],
        RoleFamily::Finance | RoleFamily::Operations => {
            vec![(Behavioral, 0.65), (Case, 0.25), (Technical, 0.05)]
        }
        RoleFamily::Marketing | RoleFamily::Sales | RoleFamily::CustomerSuccess => {
            vec![(Behavioral, 0.80), (Case, 0.15)]
        }
        RoleFamily::Healthcare
        | RoleFamily::Hr
        | RoleFamily::Education
        | RoleFamily::Retail
        | RoleFamily::Other => {
            vec![(Behavioral, 0.95)]
        }
    };
    if take_home {
        mix.push((TakeHome, 0.05));
    }
    mix
}

/// Words of a posting that show which competencies it stresses.
#[rustfmt::skip]
const EMPHASIS: &[(&str, &[&str])] = &[
    ("leadership", &["lead ", "leading", "leadership", "head up", "take charge"]),
    ("mentoring", &["mentor", "coach", "develop the team", "grow the team", "junior"]),
    ("stakeholder-management", &["stakeholder", "cross-functional", "cross functional", "partner with", "liaise"]),
    ("customer-focus", &["customer", "client", "patient", "user needs", "service user", "student"]),
    ("ambiguity", &["ambigu", "fast-paced", "fast paced", "startup", "unstructured", "evolving"]),
    ("ownership", &["ownership", "own the", "end-to-end", "end to end", "accountab"]),
    ("prioritization", &["prioriti", "competing", "multiple projects", "multitask"]),
    ("pressure", &["deadline", "pressure", "on-call", "on call", "high volume", "busy"]),
    ("communication", &["communicat", "present", "written and verbal", "storytelling"]),
    ("teamwork", &["collaborat", "team player", "teamwork", "multidisciplinary", "multi-disciplinary"]),
    ("influence", &["influence", "persuad", "negotiat", "buy-in"]),
    ("problem-solving", &["problem solving", "problem-solving", "troubleshoot", "root cause", "debug"]),
    ("analytical-thinking", &["analytic", "data-driven", "data driven", "insight", "metrics"]),
    ("safety", &["safety", "safeguarding", "infection", "compliance", "regulat"]),
    ("learning", &["learn", "curious", "new technolog", "keep up"]),
    ("ethics", &["integrity", "ethic", "confidential", "honest"]),
    ("adaptability", &["adapt", "flexib", "change"]),
    ("initiative", &["initiative", "self-starter", "self starter", "proactive"]),
];

/// The competencies a posting stresses (its duties, requirements and values name them), in
/// vocabulary-list order: what a story bank for this job should cover.
pub fn stressed_competencies(profile: &JobProfile) -> Vec<&'static str> {
    let lower: String = profile
        .responsibilities
        .iter()
        .chain(&profile.must_haves)
        .chain(&profile.values)
        .map(|line| line.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    EMPHASIS
        .iter()
        .filter(|(_, words)| words.iter().any(|word| lower.contains(word)))
        .map(|(name, _)| *name)
        .collect()
}

/// Builds the set. Never fails; with an empty bank it still returns the grounded questions.
pub fn build_set(request: &SetRequest<'_>) -> QuestionSet {
    let profile = request.profile;
    let count = request.count.clamp(1, MAX_COUNT);
    let excluded: HashSet<&str> = request.exclude.iter().map(String::as_str).collect();
    let mut candidates = grounded_candidates(request);
    candidates.extend(bank_candidates(request));
    candidates.retain(|candidate| !excluded.contains(candidate.question.id.as_str()));
    // Best first; ties by id so the order never depends on anything but the inputs.
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.question.id.cmp(&b.question.id))
    });

    let mix = mix(
        profile.role_family,
        profile.seniority,
        profile.mentions_take_home,
    );
    let total: f64 = mix.iter().map(|(_, share)| share).sum();
    let mut quotas: Vec<(QuestionKind, usize)> = mix
        .iter()
        .map(|(kind, share)| {
            (
                *kind,
                ((share / total) * count as f64).round().max(1.0) as usize,
            )
        })
        .collect();
    // Rounding can overshoot; trim the largest quota.
    while quotas.iter().map(|(_, quota)| quota).sum::<usize>() > count {
        if let Some(largest) = quotas.iter_mut().max_by_key(|(_, quota)| *quota) {
            largest.1 -= 1;
        }
    }

    let mut chosen = Chosen::default();
    if let Some(embedder) = request.meaning {
        let bank: Vec<&Candidate> = candidates
            .iter()
            .filter(|candidate| candidate.question.source.from == SourceKind::Bank)
            .collect();
        let texts: Vec<&str> = bank
            .iter()
            .map(|candidate| candidate.question.text.as_str())
            .collect();
        chosen.vectors = bank
            .iter()
            .map(|candidate| candidate.question.id.clone())
            .zip(embedder.embed(&texts))
            .collect();
    }
    // Every interview opens with "tell me about yourself": keep a place for it.
    if count >= 5
        && let Some(opener) = candidates
            .iter()
            .find(|candidate| is_opener(&candidate.question))
    {
        chosen.try_add(opener);
    }
    for (kind, quota) in &quotas {
        // Questions made from the posting and resume are the most specific, but a set of nothing
        // else would miss the questions every interviewer asks: at most two thirds of a kind.
        let grounded_cap = (*quota * 2).div_ceil(3).max(1);
        let (mut taken, mut grounded) = (chosen.of_kind(*kind), 0);
        for candidate in candidates
            .iter()
            .filter(|candidate| candidate.question.kind == *kind)
        {
            if taken >= *quota {
                break;
            }
            let is_grounded = candidate.subject.is_some();
            if (!is_grounded || grounded < grounded_cap) && chosen.try_add(candidate) {
                taken += 1;
                grounded += usize::from(is_grounded);
            }
        }
    }
    // Short of a quota (a small bank for this family): fill with the best remaining of any kind
    // the mix allows, then any kind at all.
    for allowed_only in [true, false] {
        for candidate in &candidates {
            if chosen.len() >= count {
                break;
            }
            let allowed = mix.iter().any(|(kind, _)| *kind == candidate.question.kind);
            if allowed || !allowed_only {
                chosen.try_add(candidate);
            }
        }
    }

    // The order of a real interview: the opener, then by kind, best first within each.
    let kind_order = |kind: QuestionKind| {
        QuestionKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0)
    };
    let mut chosen = chosen.candidates;
    chosen.sort_by(|a, b| {
        let not_opener = |c: &Candidate| !is_opener(&c.question);
        not_opener(a)
            .cmp(&not_opener(b))
            .then(kind_order(a.question.kind).cmp(&kind_order(b.question.kind)))
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.question.id.cmp(&b.question.id))
    });
    chosen.truncate(count);

    QuestionSet {
        target: SetTarget {
            title: profile.title.clone(),
            role_family: profile.role_family,
            seniority: profile.seniority,
            skills: profile
                .skills
                .iter()
                .map(|skill| skill.name.clone())
                .collect(),
        },
        questions: chosen
            .into_iter()
            .map(|candidate| candidate.question)
            .collect(),
        retired: Vec::new(),
    }
}

fn is_opener(question: &SetQuestion) -> bool {
    question
        .text
        .to_lowercase()
        .starts_with("tell me about yourself")
}

/// Questions like `id` that are not in the set yet: same kind, sharing competencies, topics or
/// skills, best first.
pub fn more_like(request: &SetRequest<'_>, id: &str, limit: usize) -> Vec<SetQuestion> {
    // The model question is usually among the excluded (it is in the set): find it first, then
    // leave the excluded out.
    let everything = SetRequest {
        exclude: &[],
        ..*request
    };
    let mut candidates = grounded_candidates(&everything);
    candidates.extend(bank_candidates(&everything));
    let Some(model) = candidates
        .iter()
        .find(|candidate| candidate.question.id == id)
        .map(|c| c.question.clone())
    else {
        return Vec::new();
    };
    let excluded: HashSet<&str> = request.exclude.iter().map(String::as_str).collect();
    // With the sentence model, "like this" is closeness in meaning to the model question.
    let closeness_in_meaning: HashMap<String, f32> = match request.meaning {
        Some(embedder) => {
            let texts: Vec<&str> = std::iter::once(model.text.as_str())
                .chain(
                    candidates
                        .iter()
                        .map(|candidate| candidate.question.text.as_str()),
                )
                .collect();
            let vectors = embedder.embed(&texts);
            candidates
                .iter()
                .zip(&vectors[1..])
                .map(|(candidate, vector)| {
                    (
                        candidate.question.id.clone(),
                        crate::meaning::cosine(&vectors[0], vector),
                    )
                })
                .collect()
        }
        None => HashMap::new(),
    };
    let mut similar: Vec<(f64, SetQuestion)> = candidates
        .into_iter()
        .filter(|candidate| candidate.question.id != id && candidate.question.kind == model.kind)
        .filter(|candidate| !excluded.contains(candidate.question.id.as_str()))
        .map(|candidate| {
            let shared =
                |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).count() as f64;
            let closeness = 2.0 * shared(&candidate.question.competencies, &model.competencies)
                + 2.0 * shared(&candidate.question.skills, &model.skills)
                + candidate.score * 0.1
                + 10.0
                    * f64::from(
                        closeness_in_meaning
                            .get(&candidate.question.id)
                            .copied()
                            .unwrap_or(0.0),
                    );
            (closeness, candidate.question)
        })
        .filter(|(closeness, _)| *closeness >= 1.0)
        .collect();
    similar.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    similar
        .into_iter()
        .take(limit)
        .map(|(_, question)| question)
        .collect()
}

/// The questions chosen so far, each with its content words kept for the duplicate check (a
/// set is checked against hundreds of candidates; the words of its questions are read once).
#[derive(Default)]
struct Chosen {
    candidates: Vec<Candidate>,
    words: Vec<HashSet<String>>,
    /// With the sentence model: each bank question's vector, by id, for near-duplicates in other
    /// words.
    vectors: HashMap<String, Vec<f32>>,
}

/// Two bank questions this close in meaning ask the same thing, however they are worded.
const SAME_QUESTION: f32 = 0.85;

impl Chosen {
    fn len(&self) -> usize {
        self.candidates.len()
    }

    fn of_kind(&self, kind: QuestionKind) -> usize {
        self.candidates
            .iter()
            .filter(|chosen| chosen.question.kind == kind)
            .count()
    }

    /// Adds the candidate unless it is, or asks the same as, a question already chosen; whether
    /// it was added.
    fn try_add(&mut self, candidate: &Candidate) -> bool {
        let words = content_words(&candidate.question.text);
        let duplicate =
            self.candidates
                .iter()
                .zip(&self.words)
                .any(|(existing, existing_words)| {
                    existing.question.id == candidate.question.id
                        || match (&existing.subject, &candidate.subject) {
                            (Some(a), Some(b)) => a == b,
                            (None, None) => {
                                similarity(existing_words, &words) >= 0.5
                                    || self
                                        .same_meaning(&existing.question.id, &candidate.question.id)
                            }
                            _ => false,
                        }
                });
        if !duplicate {
            self.candidates.push(candidate.clone());
            self.words.push(words);
        }
        !duplicate
    }
}

impl Chosen {
    /// Whether two bank questions mean the same (false without the sentence model).
    fn same_meaning(&self, a: &str, b: &str) -> bool {
        match (self.vectors.get(a), self.vectors.get(b)) {
            (Some(a), Some(b)) => crate::meaning::cosine(a, b) >= SAME_QUESTION,
            _ => false,
        }
    }
}

/// Lowercase words of four letters or more, minus the words every question uses.
fn content_words(text: &str) -> HashSet<String> {
    const COMMON: &[&str] = &[
        "tell",
        "about",
        "time",
        "when",
        "what",
        "your",
        "with",
        "that",
        "this",
        "have",
        "were",
        "would",
        "could",
        "describe",
        "walk",
        "through",
        "give",
        "example",
        "were",
        "they",
        "them",
        "which",
        "where",
        "there",
        "then",
        "from",
        "into",
        "will",
        "role",
        "posting",
        "says",
        "asks",
        "something",
        "similar",
        "part",
        "result",
        "turn",
        "came",
        "work",
        "done",
    ];
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.len() >= 4 && !COMMON.contains(word))
        .map(|word| word.trim_end_matches('s').to_owned())
        .collect()
}

/// Whether two question texts ask the same thing (most of their content words shared).
pub(crate) fn same_question(a: &str, b: &str) -> bool {
    similarity(&content_words(a), &content_words(b)) >= 0.5
}

fn similarity(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.union(b).count() as f64
}

/// Questions a real interview asked (logged in a debrief), as set questions for the target: each
/// in the user's words, with the kind, competencies and key points of a bank question that asks
/// the same thing when there is one. Questions the set already asks are left out.
pub fn asked_questions(
    set: &QuestionSet,
    bank: &[Question],
    family: RoleFamily,
    asked: &[String],
    when: &str,
) -> Vec<SetQuestion> {
    let mut out: Vec<SetQuestion> = Vec::new();
    for text in asked
        .iter()
        .map(|text| text.trim())
        .filter(|text| !text.is_empty())
    {
        let known = set
            .questions
            .iter()
            .chain(&out)
            .any(|question| same_question(&question.text, text));
        if known {
            continue;
        }
        // Borrow a bank question's notes only on a close match: wrong key points would grade the
        // answer against a different question.
        let words = content_words(text);
        let similar = bank.iter().find(|question| {
            let theirs = content_words(&question.text);
            words.intersection(&theirs).count() >= 2 && similarity(&words, &theirs) >= 0.6
        });
        let (kind, competencies, key_points, why) = match similar {
            Some(question) => (
                question.kind,
                question.competencies.clone(),
                question.key_points.clone(),
                format!(
                    "Asked in your interview {when}; what a strong answer covers comes from a bank question that asks the same."
                ),
            ),
            None => (
                guess_kind(text, family),
                Vec::new(),
                Vec::new(),
                format!("Asked in your interview {when}."),
            ),
        };
        out.push(SetQuestion {
            id: generated_id("asked", text),
            kind,
            text: text.to_owned(),
            why,
            source: Source {
                from: SourceKind::Debrief,
                quote: Some(text.to_owned()),
            },
            competencies,
            skills: Vec::new(),
            key_points,
        });
    }
    out
}

/// The kind of a question from its wording, for questions the bank does not know.
fn guess_kind(text: &str, family: RoleFamily) -> QuestionKind {
    let lower = text.to_lowercase();
    let has = |cues: &[&str]| cues.iter().any(|cue| lower.contains(cue));
    if has(&[
        "design a ",
        "design an ",
        "how would you design",
        "architect a",
        "architecture for",
    ]) {
        QuestionKind::SystemDesign
    } else if has(&[
        "a time ",
        "an example",
        "tell me about yourself",
        "why do you",
        "why are you",
        "weakness",
        "strength",
        "proud",
        "conflict",
        "mistake",
    ]) {
        QuestionKind::Behavioral
    } else if has(&[
        "how many ",
        "estimate ",
        "market size",
        "should we launch",
        "should the company",
    ]) {
        QuestionKind::Case
    } else if is_technical_family(family) {
        QuestionKind::Technical
    } else {
        QuestionKind::Behavioral
    }
}

/// A stable id for a generated question: its origin and a hash of its text.
pub(crate) fn generated_id(prefix: &str, text: &str) -> String {
    // FNV-1a: small, stable across platforms and releases.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{prefix}-{:08x}", hash as u32)
}

fn is_technical_family(family: RoleFamily) -> bool {
    matches!(
        family,
        RoleFamily::SoftwareEngineering
            | RoleFamily::MlEngineering
            | RoleFamily::DataScience
            | RoleFamily::DataAnalysis
    )
}

/// Cuts a quote to a readable length for use inside a question (on a word boundary).
fn short(quote: &str) -> String {
    let quote = quote.trim().trim_end_matches(['.', ';', ',', ':']);
    if quote.chars().count() <= 160 {
        return quote.to_owned();
    }
    let cut: String = quote.chars().take(160).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

/// Questions made from the posting and the resume.
fn grounded_candidates(request: &SetRequest<'_>) -> Vec<Candidate> {
    let profile = request.profile;
    let technical = is_technical_family(profile.role_family);
    let mut out = Vec::new();
    let skills_in = |line: &str| -> Vec<String> {
        profile
            .skills
            .iter()
            .filter(|skill| line.contains(skill.quote.as_str()) || skill.quote == line)
            .map(|s| s.name.clone())
            .collect()
    };
    let competency_of = |line: &str| -> Vec<String> {
        let lower = line.to_lowercase();
        let mut found: Vec<String> = EMPHASIS
            .iter()
            .filter(|(_, words)| words.iter().any(|word| lower.contains(word)))
            .map(|(name, _)| (*name).to_owned())
            .take(2)
            .collect();
        if found.is_empty() {
            found.push("ownership".to_owned());
        }
        found
    };

    // The duties of the role: the longest, most concrete first.
    let mut duties: Vec<&String> = profile
        .responsibilities
        .iter()
        .filter(|line| line.split_whitespace().count() >= 5)
        .collect();
    duties.sort_by_key(|line| std::cmp::Reverse(line.len().min(200)));
    for (rank, duty) in duties.iter().take(5).enumerate() {
        let skills = skills_in(duty);
        let (kind, text, why) = if technical && !skills.is_empty() {
            (
                QuestionKind::Technical,
                format!(
                    "The role involves “{}”. How would you approach that here, and what have you built that comes closest to it?",
                    short(duty)
                ),
                format!(
                    "The posting lists this among the role's duties and names {}.",
                    skills.join(", ")
                ),
            )
        } else {
            (
                QuestionKind::Behavioral,
                format!("The role involves “{}”. Tell me about a time you did something like it: what was your part, and what came of it?", short(duty)),
                "The posting lists this among the role's duties; the interviewer will want evidence you have done it.".to_owned(),
            )
        };
        out.push(Candidate {
            score: 9.0 - rank as f64 * 0.5,
            subject: Some(format!("duty:{duty}")),
            question: SetQuestion {
                id: generated_id("jd", &text),
                kind,
                text,
                why,
                source: Source {
                    from: SourceKind::Jd,
                    quote: Some((*duty).clone()),
                },
                competencies: competency_of(duty),
                skills,
                key_points: Vec::new(),
            },
        });
    }

    // Required skills, for technical roles: a question about real use of each.
    if technical {
        for (rank, skill) in profile
            .skills
            .iter()
            .filter(|skill| skill.required)
            .take(4)
            .enumerate()
        {
            let text = format!(
                "The posting asks for {}. Walk me through a piece of work where you used it: what did you decide, and what would you do differently now?",
                skill.name
            );
            out.push(Candidate {
                score: 8.0 - rank as f64 * 0.5,
                subject: Some(format!("skill:{}", skill.name.to_lowercase())),
                question: SetQuestion {
                    id: generated_id("jd", &text),
                    kind: QuestionKind::Technical,
                    text,
                    why: format!("{} is one of the posting's required skills.", skill.name),
                    source: Source {
                        from: SourceKind::Jd,
                        quote: Some(skill.quote.clone()),
                    },
                    competencies: vec!["technical-depth".to_owned()],
                    skills: vec![skill.name.clone()],
                    key_points: Vec::new(),
                },
            });
        }
    }

    // Stated values: the interviewer checks for them.
    for (rank, value) in profile
        .values
        .iter()
        .filter(|line| line.split_whitespace().count() >= 4)
        .take(2)
        .enumerate()
    {
        let text = format!(
            "The posting says “{}”. Tell me about a time your work showed that.",
            short(value)
        );
        out.push(Candidate {
            score: 6.5 - rank as f64 * 0.5,
            subject: Some(format!("value:{value}")),
            question: SetQuestion {
                id: generated_id("jd", &text),
                kind: QuestionKind::Behavioral,
                text,
                why: "The posting states this as a value; interviewers look for evidence of it."
                    .to_owned(),
                source: Source {
                    from: SourceKind::Jd,
                    quote: Some(value.clone()),
                },
                competencies: competency_of(value),
                skills: Vec::new(),
                key_points: Vec::new(),
            },
        });
    }

    if let Some(resume) = request.resume {
        // The resume's measured achievements: the interviewer will ask how.
        for (rank, bullet) in resume.metrics.iter().take(3).enumerate() {
            let text = format!(
                "Your resume says “{}”. Walk me through it: what was the situation, what did you do yourself, and how did you measure the result?",
                short(bullet)
            );
            out.push(Candidate {
                score: 8.5 - rank as f64 * 0.5,
                subject: Some(format!("resume:{bullet}")),
                question: SetQuestion {
                    id: generated_id("cv", &text),
                    kind: QuestionKind::Behavioral,
                    text,
                    why: "Interviewers probe the numbers on a resume; this one should be a ready story.".to_owned(),
                    source: Source { from: SourceKind::Resume, quote: Some(bullet.clone()) },
                    competencies: vec!["achievement".to_owned(), "ownership".to_owned()],
                    skills: Vec::new(),
                    key_points: Vec::new(),
                },
            });
        }
        // Gaps: skills the posting requires that the resume does not show, those named in the
        // requirements first (a skill only in the title or the blurb is a weaker demand).
        let mut gaps: Vec<&PostingSkill> = profile
            .skills
            .iter()
            .filter(|skill| skill.required && !resume.skills.iter().any(|s| s == &skill.name))
            .collect();
        gaps.sort_by_key(|skill| !profile.must_haves.contains(&skill.quote));
        for (rank, skill) in gaps.into_iter().take(2).enumerate() {
            let text = format!(
                "The posting asks for {}, which your resume does not mention. What have you done that comes closest, and how would you get up to speed?",
                skill.name
            );
            out.push(Candidate {
                score: 7.5 - rank as f64 * 0.5,
                subject: Some(format!("skill:{}", skill.name.to_lowercase())),
                question: SetQuestion {
                    id: generated_id("jd", &text),
                    kind: QuestionKind::Behavioral,
                    text,
                    why: format!("{} is required by the posting but missing from your resume: expect to be asked.", skill.name),
                    source: Source { from: SourceKind::Jd, quote: Some(skill.quote.clone()) },
                    competencies: vec!["learning".to_owned()],
                    skills: vec![skill.name.clone()],
                    key_points: Vec::new(),
                },
            });
        }
    }
    out
}

/// How many bank questions of each kind are turned into candidates, best first. A set holds at
/// most [`MAX_COUNT`]; the rest of a large bank only costs time (a 10,000-question bank would
/// otherwise copy every question for every set).
const CANDIDATES_PER_KIND: usize = 4 * MAX_COUNT;

/// The posting's skills, found in question texts and topics in one pass.
struct SkillMatcher {
    automaton: aho_corasick::AhoCorasick,
    /// Pattern index → index into the posting's skills.
    skill_of: Vec<usize>,
}

impl SkillMatcher {
    fn new(skills: &[PostingSkill]) -> SkillMatcher {
        let mut patterns = Vec::new();
        let mut skill_of = Vec::new();
        for (index, skill) in skills.iter().enumerate() {
            let lower = skill.name.to_lowercase();
            let spaced = lower.replace('-', " ");
            if spaced != lower {
                patterns.push(spaced);
                skill_of.push(index);
            }
            patterns.push(lower);
            skill_of.push(index);
        }
        let automaton = aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&patterns)
            .unwrap_or_else(|_| {
                aho_corasick::AhoCorasick::new(Vec::<String>::new())
                    .expect("an empty automaton builds")
            });
        SkillMatcher {
            automaton,
            skill_of,
        }
    }

    /// Marks in `found` the skills that `text` mentions as whole words.
    fn mark(&self, text: &str, found: &mut [bool]) {
        for hit in self.automaton.find_overlapping_iter(text) {
            let before = text[..hit.start()].chars().next_back();
            let after = text[hit.end()..].chars().next();
            if before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
            {
                found[self.skill_of[hit.pattern().as_usize()]] = true;
            }
        }
    }
}

/// Bank questions that suit the role, scored by how well they fit this posting; the best
/// [`CANDIDATES_PER_KIND`] of each kind.
fn bank_candidates(request: &SetRequest<'_>) -> Vec<Candidate> {
    let profile = request.profile;
    let emphasised = stressed_competencies(profile);
    let matcher = SkillMatcher::new(&profile.skills);
    let excluded: HashSet<&str> = request.exclude.iter().map(String::as_str).collect();

    // Score every suitable question without copying it.
    let mut scored: Vec<(f64, &Question, Vec<usize>)> = Vec::new();
    let mut found = vec![false; profile.skills.len()];
    for question in request.bank {
        if !question.suits_role(profile.role_family) || excluded.contains(question.id.as_str()) {
            continue;
        }
        found.iter_mut().for_each(|mark| *mark = false);
        matcher.mark(&question.text, &mut found);
        for topic in &question.topics {
            matcher.mark(topic, &mut found);
        }
        let skills: Vec<usize> = (0..found.len()).filter(|&index| found[index]).collect();
        scored.push((
            score(question, profile, &emphasised, skills.len()),
            question,
            skills,
        ));
    }
    if let Some(embedder) = request.meaning {
        let texts: Vec<&str> = scored
            .iter()
            .map(|(_, question, _)| question.text.as_str())
            .collect();
        if let Some(fits) = posting_fit(embedder, profile, &texts) {
            for ((score, _, skills), fit) in scored.iter_mut().zip(fits) {
                // The words' skill bonus shrinks: one matching word no longer decides.
                *score += MEANING_WEIGHT * f64::from(fit) - 1.5 * skills.len().min(2) as f64;
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut per_kind: Vec<(QuestionKind, usize)> = Vec::new();
    scored.retain(|(_, question, _)| {
        let taken = match per_kind.iter_mut().find(|(kind, _)| *kind == question.kind) {
            Some((_, taken)) => taken,
            None => {
                per_kind.push((question.kind, 0));
                &mut per_kind.last_mut().expect("just pushed").1
            }
        };
        *taken += 1;
        *taken <= CANDIDATES_PER_KIND
    });

    scored
        .into_iter()
        .map(|(score, question, skill_indexes)| {
            let skills: Vec<String> = skill_indexes
                .iter()
                .map(|&index| profile.skills[index].name.clone())
                .collect();
            Candidate {
                score,
                subject: None,
                question: SetQuestion {
                    id: question.id.0.clone(),
                    kind: question.kind,
                    text: question.text.clone(),
                    why: why(question, profile, &emphasised, &skills),
                    source: Source {
                        from: SourceKind::Bank,
                        quote: None,
                    },
                    competencies: question.competencies.clone(),
                    skills,
                    key_points: question.key_points.clone(),
                },
            }
        })
        .collect()
}

/// How much a bank question's fit in meaning to the posting adds to its score, at most (a
/// perfect fit is worth more than two matching skills and a stressed competency together).
const MEANING_WEIGHT: f64 = 10.0;

/// A fit below this is no fit (questions of the same field are this close to any posting line).
const FIT_FLOOR: f32 = 0.25;
/// ... and at this it is a full one.
const FIT_FULL: f32 = 0.55;

/// What the posting asks for, as lines to compare questions with: its duties and requirements,
/// and the lines where it names its skills (nice-to-haves count half).
fn needs(profile: &JobProfile) -> Vec<(&str, f32)> {
    let candidates = profile
        .responsibilities
        .iter()
        .chain(&profile.must_haves)
        .map(|line| (line.as_str(), 1.0))
        .chain(
            profile
                .skills
                .iter()
                .map(|skill| (skill.quote.as_str(), if skill.required { 1.0 } else { 0.5 })),
        )
        .chain(
            profile
                .nice_to_haves
                .iter()
                .map(|line| (line.as_str(), 0.5)),
        );
    let mut lines: Vec<(&str, f32)> = Vec::new();
    for (line, weight) in candidates {
        let line = line.trim();
        if !line.is_empty() && !lines.iter().any(|(known, _)| *known == line) {
            lines.push((line, weight));
        }
    }
    lines
}

/// How well each of `questions` fits the posting's needs by meaning, 0 to 1: the mean of its two
/// closest need lines (weighted), so a question that speaks to one throw-away half-line scores
/// below one that speaks to the heart of the job. `None` when the posting has no need lines.
fn posting_fit(
    embedder: &dyn crate::meaning::Embedder,
    profile: &JobProfile,
    questions: &[&str],
) -> Option<Vec<f32>> {
    let needs = needs(profile);
    if needs.is_empty() {
        return None;
    }
    let need_texts: Vec<&str> = needs.iter().map(|(line, _)| *line).collect();
    let need_vectors = embedder.embed(&need_texts);
    let refs: Vec<&[f32]> = need_vectors.iter().map(Vec::as_slice).collect();
    let centre = crate::meaning::mean(&refs);
    let question_vectors = embedder.embed(questions);
    Some(
        question_vectors
            .iter()
            .map(|question| {
                let mut closeness: Vec<f32> = need_vectors
                    .iter()
                    .zip(&needs)
                    .map(|(need, (_, weight))| crate::meaning::cosine(question, need) * weight)
                    .collect();
                closeness.sort_by(|a, b| b.total_cmp(a));
                let top = closeness.iter().take(2).sum::<f32>() / closeness.len().min(2) as f32;
                // Half from the job as a whole: a throw-away half-line barely moves its centre.
                let whole = crate::meaning::cosine(question, &centre);
                let fit = 0.75 * top + 0.25 * whole;
                ((fit - FIT_FLOOR) / (FIT_FULL - FIT_FLOOR)).clamp(0.0, 1.0)
            })
            .collect(),
    )
}

/// How well a bank question suits this posting.
fn score(question: &Question, profile: &JobProfile, emphasised: &[&str], skills: usize) -> f64 {
    let mut score = 2.0 + 3.0 * skills.min(2) as f64;
    let stressed = question
        .competencies
        .iter()
        .filter(|c| emphasised.contains(&c.as_str()))
        .count();
    score += 1.5 * stressed.min(2) as f64;
    if !question.role_families.is_empty() {
        score += 1.5;
    }
    if question.common {
        score += 2.5;
    }
    if !question.seniority.is_empty() {
        if question.seniority.contains(&profile.seniority) {
            score += 1.0;
        } else {
            score -= 3.0;
        }
    }
    score
        + match (profile.seniority, question.difficulty) {
            (Seniority::Entry, Difficulty::Hard) => -1.5,
            (Seniority::Entry, Difficulty::Easy) => 0.5,
            (
                Seniority::Senior | Seniority::Staff | Seniority::Director | Seniority::Manager,
                Difficulty::Hard,
            ) => 0.5,
            (
                Seniority::Senior | Seniority::Staff | Seniority::Director | Seniority::Manager,
                Difficulty::Easy,
            ) => -0.5,
            _ => 0.0,
        }
}

/// Why a bank question is in the set: its strongest reason, in one sentence.
fn why(
    question: &Question,
    profile: &JobProfile,
    emphasised: &[&str],
    skills: &[String],
) -> String {
    let stressed = question
        .competencies
        .iter()
        .find(|c| emphasised.contains(&c.as_str()));
    let reason = if !skills.is_empty() {
        Some(format!("the posting asks for {}", skills.join(" and ")))
    } else if let Some(stressed) = stressed {
        Some(format!(
            "the posting stresses {}",
            stressed.replace('-', " ")
        ))
    } else if !question.role_families.is_empty() {
        Some(format!(
            "it is typical for {} roles",
            profile.role_family.label().to_lowercase()
        ))
    } else if question.common {
        Some("it is one of the most common interview questions".to_owned())
    } else if question.kind == QuestionKind::TakeHome && profile.mentions_take_home {
        Some("the posting mentions a take-home assignment".to_owned())
    } else {
        None
    };
    match reason {
        Some(reason) => format!("Chosen because {reason}."),
        None => format!(
            "A {} question that suits a {} role.",
            question.kind.label().to_lowercase(),
            profile.role_family.label().to_lowercase()
        ),
    }
}

#[cfg(test)]
mod tests;
