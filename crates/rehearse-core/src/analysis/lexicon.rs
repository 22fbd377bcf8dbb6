//! The engine's word lists and the index that finds them in an answer in one pass.
//!
//! Every list is our own. A single-word entry matches by stem ("frustrated", "frustrating" and
//! "frustration" all match `frustrate`); an entry with spaces is a phrase and matches the exact
//! lowercase words in order. The index is built once and shared.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::text;

/// A fast, non-cryptographic hasher for short string keys (the FxHash scheme used by rustc): the
/// maps here are built from our own word lists, so hash flooding is not a concern, and SipHash
/// was a quarter of the engine's time.
#[derive(Default)]
pub(super) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What a matched word or phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Cue {
    Situation,
    Task,
    Action,
    Result,
    Reflection,
    /// A later point in time: "in the end", "by the end", "eventually".
    LaterTime,
    /// A verb of change: "reduced", "doubled", "grew".
    Change,
    /// An outcome judged good: "successful", "praised", "top marks".
    GoodOutcome,
    /// "I would", "I'd", "I will": what the speaker would do, not what they did.
    Hypothetical,
    /// "I always", "I usually", "whenever": a habit, not an event.
    Habitual,
    /// "I'm a", "I am very": describing oneself.
    SelfDescription,
    /// A virtue word: "hardworking", "team player".
    Virtue,
    /// "I can't think of a time", "I've never failed".
    Deflection,
    /// "I don't know", "I haven't used".
    Admission,
    /// "my guess is", "I'd start by": reasoning aloud.
    Reasoning,
    Hedge,
    Vague,
    /// A word that marks the start of a new thought in speech: "so", "and then".
    Discourse,
    /// Evidence that an answer is about a competency (index into [`COMPETENCY_CUES`]).
    Competency(u8),
}

#[rustfmt::skip]
const SITUATION: &[&str] = &[
    "at my last job", "at my previous job", "at my last company", "at my previous company",
    "in my last role", "in my previous role", "in my role as", "in my current role", "at the time",
    "when i was", "while i was", "i was working", "i was working as", "i worked as", "i was a",
    "i was an", "i was the", "i was on", "i was part of", "we were", "we had", "there was",
    "there were", "our team", "the team was", "my team was", "the company", "our company",
    "a few years ago", "a couple of years ago", "last year", "last spring", "last summer",
    "last winter", "last autumn", "last fall", "years ago", "months ago", "back in", "background",
    "the situation", "context", "was working on", "were working on", "i had just", "i joined",
    "when i joined", "at the start", "at that point", "the problem was that", "the issue was that",
    "it was", "during my", "in my first", "on a night shift", "one day",
];

#[rustfmt::skip]
const TASK: &[&str] = &[
    "my task", "my job was", "my role was", "i was responsible", "i was asked", "i was tasked",
    "i needed to", "i had to", "we had to", "we needed to", "my goal", "the goal was", "our goal",
    "i wanted to", "the challenge was", "responsible for", "i was assigned", "it was up to me",
    "my responsibility", "the task was", "the aim was", "i set out to", "i decided to find",
    "i was in charge", "i was expected to", "i had been asked", "my brief", "i had two weeks",
    "i had a week", "i had a month", "so my job", "my part was",
];

#[rustfmt::skip]
const ACTION: &[&str] = &[
    "so i", "then i", "first i", "first of all i", "next i", "after that i", "so what i did",
    "what i did was", "the first thing i did", "i decided", "i started", "i set up", "i scheduled",
    "i reached out", "i proposed", "i built", "i wrote", "i created", "i organized", "i organised",
    "i met", "i spoke", "i talked", "i asked", "i analyzed", "i analysed", "i designed",
    "i implemented", "i led", "i called", "i worked with", "i suggested", "i made sure", "i took",
    "i began", "i introduced", "i changed", "i fixed", "i negotiated", "i explained", "i prepared",
    "i gathered", "i reviewed", "i tested", "i trained", "i coached", "i presented", "i convinced",
    "i escalated", "i prioritized", "i prioritised", "i researched", "i documented", "i automated",
    "i rewrote", "i split", "i pulled", "i traced", "i mapped", "i interviewed", "i sat down",
    "i walked", "i offered", "i pushed", "i raised", "i flagged", "i brought", "i stayed",
    "i volunteered", "i drafted", "i ran", "i set", "i moved", "i put together", "i went",
    "i checked", "i used", "i found", "i learned how", "i replaced", "i cut", "i added",
    "i removed", "i followed up", "i shadowed", "i contacted", "i emailed", "i invited",
    "i apologised", "i apologized", "i listened", "i acknowledged", "i agreed", "i compared",
];

#[rustfmt::skip]
const RESULT: &[&str] = &[
    "as a result", "the result", "the results", "the outcome", "resulted in", "led to",
    "which meant", "this meant", "that meant", "ended up", "we saved", "on time",
    "ahead of schedule", "under budget", "was praised", "got promoted", "was promoted",
    "the feedback was", "went from", "thanks to", "because of this", "because of that",
    "since then the", "the client was", "the customer was", "the manager was", "the team was able",
    "we were able to", "i was able to", "it worked", "that worked", "it paid off", "we hit",
    "we met the", "we reached", "we won", "we closed", "we delivered", "we launched", "we shipped",
    "we finished", "we completed", "we achieved", "we exceeded",
];

#[rustfmt::skip]
const LATER_TIME: &[&str] = &[
    "in the end", "by the end", "at the end", "at the end of", "eventually", "ultimately",
    "finally", "afterwards", "after a few weeks", "after two weeks", "after a month",
    "within a week", "within a month", "within weeks", "a month later", "a week later",
    "two weeks later", "months later", "by the time", "from then on", "over the next",
    "over the following", "in the following", "the next morning", "the next day", "the next week",
    "the next quarter", "the following",
];

#[rustfmt::skip]
const CHANGE: &[&str] = &[
    "increase", "reduce", "decrease", "improve", "grow", "drop", "fell", "rose", "raise", "cut",
    "save", "double", "triple", "halve", "boost", "lower", "shrink", "shorten", "speed", "recover",
    "exceed", "surpass", "climb", "jump", "decline", "eliminate", "prevent",
];

#[rustfmt::skip]
const GOOD_OUTCOME: &[&str] = &[
    "success", "successful", "successfully", "praise", "thank", "award", "promote", "recognition",
    "happy", "pleased", "satisfied", "delighted", "top", "best", "record", "renew", "retain",
    "adopted", "approved", "accepted", "resolved", "solved", "fixed", "stable", "smoothly",
    "rolled out", "the standard", "still running", "still in use", "went live", "signed",
];

#[rustfmt::skip]
const REFLECTION: &[&str] = &[
    "i learned", "i learnt", "i've learned", "i have learned", "learned that", "learnt that",
    "taught me", "it taught", "looking back", "in hindsight", "next time", "since then i",
    "going forward", "the lesson", "my lesson", "i realized", "i realised", "do differently",
    "would do differently", "i now", "now i always", "it showed me", "my takeaway",
    "what i took from", "i took away", "it reminded me", "i still use", "i still",
    "that experience", "this experience", "it made me", "i've since", "i have since",
];

#[rustfmt::skip]
const HYPOTHETICAL: &[&str] = &[
    "i would", "i'd", "i will", "i'll", "i'm going to", "i am going to", "i could", "i might",
    "i should", "i'd probably", "i would probably", "what i would do", "what i'd do", "if i were",
    "if i was", "if that happened", "if it happened", "if i had to", "i'd try", "i would try",
    "i'd make sure", "i would make sure", "i would first", "i'd first",
];

#[rustfmt::skip]
const HABITUAL: &[&str] = &[
    "i always", "i usually", "i typically", "i generally", "i normally", "i tend to", "i often",
    "i make sure", "i try to", "i like to", "i prefer to", "whenever", "every time",
    "my approach is", "my approach", "i believe in", "i never", "as a rule", "in general",
    "generally speaking", "i'm someone who", "i am someone who", "i'm the kind of",
    "i am the kind of", "i'm always",
];

#[rustfmt::skip]
const SELF_DESCRIPTION: &[&str] = &[
    "i'm a", "i am a", "i'm an", "i am an", "i'm very", "i am very", "i'm really", "i am really",
    "i'm extremely", "i am extremely", "i'm highly", "i am highly", "i consider myself",
    "i would describe myself", "i'd describe myself", "people describe me", "my strengths are",
    "my strength is", "i'm good at", "i am good at", "i'm great at", "i'm someone",
];

#[rustfmt::skip]
const VIRTUE: &[&str] = &[
    "hardworking", "hard-working", "hard worker", "passionate", "dedicated", "motivated",
    "reliable", "detail-oriented", "detail oriented", "organized", "organised", "team player",
    "fast learner", "quick learner", "creative", "honest", "punctual", "driven", "proactive",
    "flexible", "adaptable", "friendly", "responsible", "perfectionist", "committed", "loyal",
    "self-motivated", "self-starter", "results-driven", "people person", "go-getter",
    "enthusiastic", "positive attitude", "can-do",
];

#[rustfmt::skip]
const DEFLECTION: &[&str] = &[
    "can't think of", "cannot think of", "can't really think", "can not think of",
    "don't really have", "do not really have", "don't have an example", "don't have a specific",
    "don't have a good example", "never really failed", "never failed", "haven't really failed",
    "have not really failed", "haven't failed", "haven't had a conflict", "never had a conflict",
    "never had any conflict", "never really had a conflict", "never really had any",
    "don't have any weakness", "don't have any weaknesses", "no weaknesses",
    "nothing comes to mind", "can't recall a", "cannot recall a", "get along with everyone",
    "i've been lucky", "i have been lucky", "never really disagreed", "never disagreed",
    "nothing really comes to mind", "not really a failure", "i don't really fail",
];

#[rustfmt::skip]
const ADMISSION: &[&str] = &[
    "i don't know", "i do not know", "i dont know", "i'm not sure", "i am not sure", "not sure",
    "no idea", "i haven't", "i have not", "i've never", "i have never", "never used",
    "never worked with", "not familiar", "i'm not familiar", "don't have experience",
    "no experience", "not something i've", "can't remember", "don't remember", "i'm not an expert",
    "not an expert", "haven't worked with", "haven't used", "haven't done",
];

#[rustfmt::skip]
const REASONING: &[&str] = &[
    "but i would", "but i'd", "i would start", "i'd start", "i'd begin", "i would begin",
    "my guess", "i'd guess", "i would guess", "if i had to guess", "i'd assume", "i would assume",
    "i'd approach", "i would approach", "one way", "i'd probably", "i would probably", "i'd first",
    "i would first", "i'd look", "i would look", "i'd check", "i would check", "i suspect",
    "my hypothesis", "i'd expect", "i would expect", "reason through", "first principles",
    "let me think", "thinking out loud", "i'd try", "i would try", "i'd want to", "i would want to",
    "i'd ask", "i would ask", "i'd measure", "i would measure", "i'd compare", "i would compare",
    "i imagine", "i'd reason", "the way i'd", "the way i would", "what i'd do", "what i would do",
    "i'd break", "i would break", "i'd estimate", "i would estimate", "i'd figure out",
    "i would figure out", "i'd read", "i would read", "i'd test", "i would test",
];

#[rustfmt::skip]
const HEDGE: &[&str] = &[
    "i think", "i guess", "i feel like", "maybe", "kind of", "sort of", "probably", "i believe",
    "somewhat", "a little bit", "i suppose", "perhaps", "hopefully", "more or less", "i'd say",
    "i would say", "in a way", "i mean", "not really", "pretty much",
];

#[rustfmt::skip]
const VAGUE: &[&str] = &[
    "stuff", "things", "something", "a lot", "lots of", "various", "etc", "and so on", "and stuff",
    "and things", "whatever", "some things", "a bunch", "a bunch of", "kind of things", "all that",
    "that kind of thing", "and everything",
];

/// Words that begin a new thought in run-on speech; long unpunctuated sentences split before them.
#[rustfmt::skip]
const DISCOURSE: &[&str] = &[
    "so", "and so", "and then", "then", "but then", "after that", "afterwards", "anyway",
    "because of that", "in the end", "eventually", "finally", "as a result", "which meant",
    "so then", "but", "and after that", "at the end",
];

/// Indicators that an answer is about a competency. Names match `competencies.toml`.
#[rustfmt::skip]
pub(super) const COMPETENCY_CUES: &[(&str, &[&str])] = &[
    ("challenge", &["difficult", "hard", "challenge", "problem", "obstacle", "setback", "struggle", "tough", "overcome", "pressure", "behind", "risk", "crisis", "issue", "stuck", "deadline", "complex"]),
    ("conflict", &["conflict", "disagree", "disagreed", "disagreement", "argument", "argue", "tension", "tense", "clash", "friction", "dispute", "confront", "frustrate", "upset", "angry", "annoy", "push back", "pushed back", "didn't agree", "did not agree", "eye to eye", "different view", "different opinion", "complain", "blame", "resent", "heated", "compromise", "mediate", "standoff", "back and forth", "difficult conversation", "not comfortable", "wasn't comfortable", "objected", "object"]),
    ("leadership", &["lead", "led", "leader", "team", "organize", "organise", "coordinate", "delegate", "mentor", "manage", "guide", "took charge", "in charge", "ran", "volunteer", "project", "initiative", "owner", "motivate", "direct", "kick off", "kicked off", "plan", "rollout", "captain", "president", "chair", "founder", "founded", "spearhead", "elected"]),
    ("failure", &["fail", "failure", "mistake", "wrong", "miss", "missed", "error", "broke", "didn't work", "did not work", "fell short", "lost", "regret", "lesson", "learned", "learnt", "should have", "my fault", "blame", "late", "bug", "outage", "apologize", "apologise", "own it", "owned"]),
    ("learning", &["learn", "learned", "learnt", "new", "quickly", "course", "taught myself", "study", "studied", "picked up", "ramp up", "unfamiliar", "never used", "first time", "tutorial", "documentation", "practice", "read", "training", "certification", "from scratch", "weeks"]),
    ("disagreement", &["disagree", "disagreed", "disagreement", "push back", "pushed back", "concern", "objection", "decision", "argue", "raise", "raised", "convince", "commit", "went along", "manager", "challenge", "question", "alternative", "proposal", "data", "reverse", "overrule", "not convinced", "wasn't convinced", "decided"]),
    ("achievement", &["proud", "proudest", "accomplish", "achieve", "achievement", "success", "award", "record", "best", "launch", "deliver", "result", "impact", "recognize", "recognise", "exceed", "goal", "target", "win", "won"]),
    ("ownership", &["responsibility", "responsible", "own", "owned", "ownership", "took it on", "stepped up", "step up", "wasn't my job", "not my job", "fix", "follow through", "followed up", "noticed", "volunteer", "nobody", "no one", "took charge", "on my own"]),
    ("influence", &["convince", "persuade", "persuasion", "buy-in", "buy in", "agree", "agreed", "bring round", "stakeholder", "pitch", "present", "data", "win over", "won over", "adopt", "adopted", "champion", "support", "get them on board", "on board", "change their mind", "proposal", "authority", "argument", "argue", "listen", "their side", "trust", "relationship", "show", "showed", "demonstrate", "pilot", "trial", "evidence", "ally", "allies", "credibility", "align", "sign off", "signed off", "approval", "approve", "recommend", "negotiate", "compromise", "objection", "resist", "resistance", "resistant", "came around", "come around", "came round", "won them over", "sceptical", "skeptical"]),
    ("prioritization", &["priority", "prioritize", "prioritise", "prioritization", "urgent", "deadline", "trade-off", "tradeoff", "first", "defer", "important", "triage", "plan", "order", "postpone", "push", "impact", "effort", "backlog", "capacity", "workload", "too much", "decide"]),
    ("ambiguity", &["unclear", "vague", "ambiguous", "ambiguity", "uncertain", "uncertainty", "unknown", "no clear", "figure out", "define", "assumption", "clarify", "no one knew", "nobody knew", "open-ended", "undefined", "missing information", "hypothesis", "experiment", "scope", "guess"]),
    ("customer-focus", &["customer", "client", "user", "patient", "student", "guest", "need", "feedback", "complaint", "satisfaction", "satisfied", "account", "buyer", "visitor", "member", "family", "parent", "shopper", "caller", "survey", "interview"]),
    ("feedback", &["feedback", "criticism", "critic", "told me", "review", "improve", "coach", "suggest", "constructive", "hear", "heard", "comment", "point out", "pointed out", "performance", "honest", "difficult conversation", "one-on-one", "1:1"]),
    ("ethics", &["ethic", "ethical", "right thing", "integrity", "honest", "honesty", "report", "policy", "rule", "refuse", "refused", "wrong", "compliance", "regulation", "fraud", "mislead", "misleading", "cut a corner", "cut corners", "pressure", "escalate", "whistle", "law", "legal", "audit", "auditor", "conscience", "uncomfortable", "not comfortable", "correct", "disclose", "disclosure", "transparent", "accurate", "standard", "principle", "risk", "manipulate", "hide", "cover up", "backdate", "sign", "restate", "error"]),
    ("motivation", &["want", "interest", "interested", "excite", "excited", "passion", "mission", "grow", "career", "role", "opportunity", "company", "product", "drawn", "love", "enjoy", "energy", "energise", "energize", "motivate", "meaningful", "purpose", "values", "impact", "why"]),
    ("career-change", &["career", "switch", "transition", "previous", "field", "transferable", "background", "move into", "moved into", "change", "new field", "industry", "bootcamp", "retrain", "skills", "used to", "former"]),
    ("teamwork", &["team", "together", "collaborate", "collaboration", "help", "colleague", "support", "shared", "pair", "group", "partner", "coworker", "co-worker", "teammate", "we", "everyone"]),
    ("communication", &["explain", "present", "communicate", "communication", "wrote", "email", "meeting", "clear", "audience", "listen", "update", "message", "presentation", "document", "talk", "spoke", "summary"]),
    ("adaptability", &["change", "changed", "adapt", "pivot", "shift", "new plan", "adjust", "flexible", "sudden", "suddenly", "unexpected", "overnight", "rearrange", "replan", "re-plan", "different approach"]),
    ("problem-solving", &["problem", "root cause", "investigate", "analyze", "analyse", "solution", "fix", "debug", "diagnose", "cause", "test", "hypothesis", "data", "issue", "solve", "figure out"]),
    ("pressure", &["deadline", "pressure", "stress", "urgent", "incident", "outage", "crunch", "overnight", "hours", "emergency", "rush", "time", "late", "weekend", "tight"]),
    ("initiative", &["nobody asked", "no one asked", "on my own", "took it upon", "volunteer", "proposed", "started", "noticed", "idea", "side project", "own time", "initiative", "suggested", "without being asked"]),
    ("mentoring", &["mentor", "coach", "taught", "teach", "junior", "new hire", "onboard", "grow", "develop", "pair", "guide", "confidence", "support", "feedback", "apprentice", "trainee", "intern"]),
    ("stakeholder-management", &["stakeholder", "align", "update", "expectation", "manager", "executive", "client", "communicate", "sponsor", "leadership", "director", "board", "department", "partner"]),
    ("decision-making", &["decide", "decision", "chose", "choose", "option", "trade-off", "tradeoff", "risk", "call", "judgment", "judgement", "data", "weigh", "information", "uncertain", "commit"]),
    ("self-awareness", &["weakness", "strength", "improve", "aware", "working on", "realize", "realise", "tend to", "struggle", "feedback", "habit", "better at", "learned"]),
    ("technical-depth", &["because", "works", "how", "why"]),
    ("system-design", &["design", "system", "scale", "service", "database", "cache", "users"]),
    ("analytical-thinking", &["data", "number", "estimate", "metric", "analysis", "assume", "assumption"]),
    ("business-acumen", &["revenue", "cost", "profit", "customer", "market", "price", "margin", "growth"]),
    ("safety", &["safe", "safety", "risk", "policy", "protocol", "procedure", "harm", "incident", "compliance", "escalate", "report"]),
];

/// Common English function words, for telling an English answer from one in another language.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "i", "we", "you", "he", "she", "it", "they", "my", "our", "your", "his", "her",
    "their", "is", "was", "were", "are", "be", "been", "have", "had", "has", "do", "did", "that",
    "this", "what", "which", "who", "so", "not", "if", "then", "when", "me", "us", "them", "as",
    "there", "because", "about", "would", "could", "can", "will", "just", "very", "also", "into",
    "how",
];

/// Common function words of other languages written in Latin script that are not also English
/// words (Spanish, French, German, Portuguese, Italian, Dutch).
const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    "el", "la", "los", "las", "que", "y", "en", "un", "una", "por", "para", "con", "es", "del",
    "se", "lo", "como", "pero", "mi", "yo", "muy", "le", "les", "et", "est", "je", "nous", "une",
    "des", "du", "pour", "avec", "dans", "pas", "sur", "qui", "der", "die", "das", "und", "ich",
    "wir", "ist", "nicht", "mit", "ein", "eine", "auf", "zu", "den", "dem", "von", "auch", "o",
    "os", "não", "eu", "nós", "um", "uma", "com", "uno", "di", "il", "che", "non", "sono", "het",
    "een", "niet", "ik", "wij", "dat", "van", "voor", "meu", "minha", "mais", "foi", "era",
];

/// Past-tense forms that do not end in "-ed".
#[rustfmt::skip]
const IRREGULAR_PAST: &[&str] = &[
    "was", "were", "had", "did", "made", "went", "took", "got", "led", "built", "wrote", "ran",
    "found", "set", "put", "told", "said", "thought", "brought", "began", "chose", "spoke", "met",
    "knew", "saw", "gave", "kept", "left", "felt", "held", "sent", "spent", "won", "lost", "grew",
    "fell", "rose", "drove", "bought", "sold", "paid", "taught", "caught", "fought", "sought",
    "understood", "stood", "became", "came", "heard", "meant", "read", "cut", "hit", "let", "shut",
    "split", "spread", "quit", "rebuilt", "rewrote", "overcame", "undertook", "oversaw", "withdrew",
    "drew", "flew", "threw", "forgot", "forgave", "hid", "rode", "shook", "slept", "swept", "wore",
    "woke", "sat", "lay", "dealt", "stuck", "struck", "hung", "broke", "froze", "chose", "showed",
    "ate", "fed", "lent", "bent", "bound", "dug", "rang", "sang", "sank", "shot", "sent",
];

/// Words ending in "-ed" that are not past-tense verbs.
const NOT_PAST_ED: &[&str] = &[
    "need", "indeed", "speed", "seed", "bed", "red", "shed", "hundred", "feed", "proceed",
    "exceed", "succeed", "breed", "greed", "weed", "bred", "fled", "led", "ted", "wed", "sled",
    "bleed", "embed", "deed", "reed", "steed", "tweed", "creed", "med", "ed",
];

/// Verbs of state: "I was", "we had" set the scene rather than act.
#[rustfmt::skip]
const STATE_VERBS: &[&str] = &[
    "was", "were", "had", "felt", "knew", "thought", "seemed", "wanted", "needed", "liked", "loved",
    "hated", "believed", "hoped", "wished", "realized", "realised", "understood", "meant", "became",
    "got", "lost", "missed", "heard", "saw", "remembered", "forgot", "received", "inherited",
    "joined", "learned", "learnt", "noticed",
];

/// Adverbs that may sit between a subject and its verb ("I then wrote", "we quickly agreed").
#[rustfmt::skip]
pub(super) const SUBJECT_ADVERBS: &[&str] = &[
    "then", "also", "quickly", "immediately", "personally", "finally", "first", "eventually",
    "actually", "really", "just", "still", "soon", "later", "basically", "even", "carefully",
    "gently", "calmly", "simply", "initially", "ultimately", "always", "never", "instead", "myself",
    "ourselves", "together", "both", "all", "again", "right", "already", "directly",
];

#[rustfmt::skip]
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "dozen", "dozens", "half", "halved", "doubled", "tripled", "quadrupled", "twice", "percent",
    "third", "quarter", "zero", "none",
];

/// Negators: a key-point term right after one of these is denied, not stated.
#[rustfmt::skip]
pub(super) const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "neither", "nor", "don't", "doesn't", "didn't", "isn't",
    "aren't", "wasn't", "weren't", "won't", "can't", "cannot", "shouldn't", "wouldn't", "couldn't",
    "hardly", "barely", "nothing",
];

/// Direction words, for catching a key point stated backwards ("writes get faster").
/// The "up" pole also holds sameness and the "down" pole difference, so "they all do the same
/// thing" reverses "they differ".
#[rustfmt::skip]
pub(super) const UP_WORDS: &[&str] = &[
    "increase", "faster", "fast", "quicker", "quick", "speed", "more", "higher", "high", "better",
    "improve", "grow", "boost", "raise", "rise", "larger", "bigger", "cheaper", "same", "identical",
    "equivalent", "interchangeable",
];
#[rustfmt::skip]
pub(super) const DOWN_WORDS: &[&str] = &[
    "decrease", "slower", "slow", "reduce", "less", "fewer", "lower", "low", "worse", "degrade",
    "shrink", "smaller", "costlier", "penalty", "overhead", "differ", "different", "difference",
    "distinct",
];

/// Groups of words and phrases that name the same idea in ML, data, SQL and systems answers.
/// The first entry is the group's name.
#[rustfmt::skip]
pub(super) const SYNONYMS: &[&[&str]] = &[
    &["b-tree", "btree", "b tree", "b+ tree", "b+tree", "balanced tree"],
    &["write", "insert", "update", "delete", "writes", "inserts", "updates", "deletes", "modification"],
    &["read", "lookup", "look up", "select", "retrieval of rows", "reads", "lookups", "queries"],
    &["logarithmic", "log n", "o(log n)", "log time", "logarithm"],
    &["full table scan", "table scan", "sequential scan", "seq scan", "scan the whole table", "scanning the whole table", "scanning the entire table", "scan every row", "full scan"],
    &["sorted", "sort", "ordered", "in order", "sorted order"],
    &["storage", "disk", "space", "disk space", "memory"],
    &["composite index", "multi-column index", "multicolumn index", "compound index"],
    &["leftmost prefix", "leftmost column", "left-most", "first column", "leading column"],
    &["explain", "explain analyze", "query plan", "execution plan"],
    &["covering index", "index-only scan", "index only scan"],
    &["selective", "selectivity", "high cardinality", "cardinality"],
    &["softmax", "soft max", "normalised weights", "normalized weights"],
    &["query key value", "queries keys and values", "query, key and value", "qkv", "queries, keys and values", "query key and value", "keys and values"],
    &["dot product", "dot-product", "inner product"],
    &["square root", "sqrt", "root of the dimension", "scaled"],
    &["embedding", "embeddings", "vector", "vectors", "representation"],
    &["retrieval", "retrieve", "retrieved", "search", "fetch", "look up relevant"],
    &["hallucination", "hallucinate", "made up", "make things up", "fabricate", "confabulate"],
    &["null hypothesis", "no effect", "no difference", "h0"],
    &["p-value", "p value", "pvalue"],
    &["significance level", "alpha", "significance threshold", "0.05"],
    &["sample size", "power analysis", "statistical power", "number of users needed", "enough users", "enough traffic"],
    &["randomize", "randomise", "random assignment", "randomly assign", "random split", "randomly split", "randomly"],
    &["window function", "window functions", "over clause", "over (", "over("],
    &["partition by", "partition"],
    &["group by", "groupby", "aggregate", "aggregation", "collapse"],
    &["row_number", "row number", "rank", "dense_rank", "lag", "lead", "running total", "moving average"],
    &["cache", "caching", "cached", "redis", "memcached"],
    &["ttl", "time to live", "expiry", "expire", "expiration"],
    &["invalidate", "invalidation", "evict", "eviction", "purge"],
    &["idempotent", "idempotency", "same result", "same effect", "safe to retry", "only once"],
    &["retry", "retries", "resend", "replay", "retried"],
    &["idempotency key", "unique key", "request id", "deduplicate", "dedupe", "deduplication", "unique id"],
    &["latency", "response time", "delay"],
    &["throughput", "qps", "requests per second", "rps"],
    &["shard", "sharding", "horizontal partitioning", "horizontal scaling"],
    &["replica", "replication", "follower", "read replica"],
    &["queue", "message queue", "kafka", "broker", "asynchronous", "async"],
    &["load balancer", "load balancing", "load-balancer"],
    &["cdn", "content delivery network", "edge cache", "edge server"],
    &["overfit", "overfitting", "memorize", "memorise", "high variance"],
    &["underfit", "underfitting", "high bias", "too simple"],
    &["regularization", "regularisation", "l1", "l2", "dropout", "weight decay"],
    &["validation set", "holdout", "hold-out", "held-out", "cross-validation", "cross validation", "test set", "validation"],
    &["precision", "positive predictive value"],
    &["recall", "sensitivity", "true positive rate"],
    &["imbalance", "imbalanced", "rare class", "skewed", "minority class"],
    &["resample", "oversample", "undersample", "smote", "class weight", "class weights", "oversampling", "undersampling"],
    &["leakage", "leak", "leaks", "future information", "target leakage"],
    &["fine-tune", "fine tune", "finetune", "fine-tuning", "fine tuning"],
    &["prompt", "prompting", "prompt engineering", "few-shot", "few shot"],
    &["chunk", "chunks", "chunking", "passages", "split the documents"],
    &["rerank", "re-rank", "reranker", "re-ranker", "reranking"],
    &["ground truth", "labels", "labelled", "labeled", "reference answers", "golden set", "gold set"],
    &["positional encoding", "positional encodings", "position embedding", "position embeddings", "positional embedding", "rotary", "rope"],
    &["attention", "self-attention", "self attention"],
    &["race condition", "data race", "race"],
    &["lock", "mutex", "locking", "atomic", "compare-and-swap", "compare and swap"],
    &["transaction", "transactions", "acid"],
    &["join", "joins", "inner join", "left join", "outer join"],
    &["duplicate", "duplicates", "duplicated", "fan out", "fan-out", "double count", "double-count"],
    &["confidence interval", "interval", "margin of error"],
    &["metric", "metrics", "kpi", "kpis"],
    &["baseline", "control group", "control"],
];

/// A phrase of several words and what it signals.
type Phrase = (Vec<&'static str>, Cue);

/// The built index.
pub(super) struct Lexicon {
    by_stem: FastMap<String, Vec<Cue>>,
    /// Phrases by their first two words.
    phrases: FastMap<(&'static str, &'static str), Vec<Phrase>>,
    /// Function words: `true` for English, `false` for other languages.
    function_words: FastMap<&'static str, bool>,
    irregular_past: FastMap<&'static str, ()>,
    not_past_ed: FastMap<&'static str, ()>,
    state_verbs: FastMap<&'static str, ()>,
    number_words: FastMap<&'static str, ()>,
}

impl Lexicon {
    /// The shared lexicon, built on first use.
    pub(super) fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::build)
    }

    fn build() -> Lexicon {
        let mut lexicon = Lexicon {
            by_stem: FastMap::default(),
            phrases: FastMap::default(),
            function_words: FOREIGN_FUNCTION_WORDS
                .iter()
                .map(|word| (*word, false))
                .chain(ENGLISH_FUNCTION_WORDS.iter().map(|word| (*word, true)))
                .collect(),
            irregular_past: set(IRREGULAR_PAST),
            not_past_ed: set(NOT_PAST_ED),
            state_verbs: set(STATE_VERBS),
            number_words: set(NUMBER_WORDS),
        };
        let lists: &[(&[&str], Cue)] = &[
            (SITUATION, Cue::Situation),
            (TASK, Cue::Task),
            (ACTION, Cue::Action),
            (RESULT, Cue::Result),
            (LATER_TIME, Cue::LaterTime),
            (CHANGE, Cue::Change),
            (GOOD_OUTCOME, Cue::GoodOutcome),
            (REFLECTION, Cue::Reflection),
            (HYPOTHETICAL, Cue::Hypothetical),
            (HABITUAL, Cue::Habitual),
            (SELF_DESCRIPTION, Cue::SelfDescription),
            (VIRTUE, Cue::Virtue),
            (DEFLECTION, Cue::Deflection),
            (ADMISSION, Cue::Admission),
            (REASONING, Cue::Reasoning),
            (HEDGE, Cue::Hedge),
            (VAGUE, Cue::Vague),
            (DISCOURSE, Cue::Discourse),
        ];
        for (entries, cue) in lists {
            for entry in *entries {
                lexicon.add(entry, *cue);
            }
        }
        for (index, (_, cues)) in COMPETENCY_CUES.iter().enumerate() {
            for entry in *cues {
                lexicon.add(entry, Cue::Competency(index as u8));
            }
        }
        lexicon
    }

    fn add(&mut self, entry: &'static str, cue: Cue) {
        // A hyphen separates words ("hard-working" is said as two), as it does in answers.
        if entry.contains([' ', '-']) {
            let words: Vec<&'static str> = entry
                .split([' ', '-'])
                .filter(|word| !word.is_empty())
                .collect();
            self.phrases
                .entry((words[0], words[1]))
                .or_default()
                .push((words, cue));
        } else {
            let stem = self.stem(entry);
            let cues = self.by_stem.entry(stem).or_default();
            if !cues.contains(&cue) {
                cues.push(cue);
            }
        }
    }

    /// The stem of a lowercase word ([`text::stem`]).
    pub(super) fn stem(&self, lower: &str) -> String {
        text::stem(lower).into_owned()
    }

    /// Every cue in a run of words: `lower` and `stems` are parallel. Calls `found(cue, first,
    /// last)` with inclusive word indexes, in order of the first word.
    pub(super) fn scan(
        &self,
        lower: &[&str],
        stems: &[&str],
        mut found: impl FnMut(Cue, usize, usize),
    ) {
        for index in 0..lower.len() {
            if let Some(cues) = self.by_stem.get(stems[index]) {
                for &cue in cues {
                    found(cue, index, index);
                }
            }
            let Some(next) = lower.get(index + 1) else {
                continue;
            };
            if let Some(candidates) = self.phrases.get(&(lower[index], *next)) {
                for (words, cue) in candidates {
                    let end = index + words.len();
                    if end <= lower.len()
                        && words
                            .iter()
                            .zip(&lower[index..end])
                            .all(|(want, have)| want == have)
                    {
                        found(*cue, index, end - 1);
                    }
                }
            }
        }
    }

    pub(super) fn is_english_function_word(&self, lower: &str) -> bool {
        self.function_words.get(lower) == Some(&true)
    }

    /// `Some(true)` for an English function word, `Some(false)` for one of another language.
    pub(super) fn function_word(&self, lower: &str) -> Option<bool> {
        self.function_words.get(lower).copied()
    }

    /// Whether a lowercase word is a past-tense verb form.
    pub(super) fn is_past(&self, lower: &str) -> bool {
        if self.irregular_past.contains_key(lower) {
            return true;
        }
        lower.len() > 3
            && lower.ends_with("ed")
            && lower.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && !self.not_past_ed.contains_key(lower)
            && !lower.ends_with("eed")
    }

    pub(super) fn is_state_verb(&self, lower: &str) -> bool {
        self.state_verbs.contains_key(lower)
    }

    /// Whether a lowercase word states a quantity: digits (not a year), a number word, a
    /// multiplier.
    pub(super) fn is_quantity(&self, lower: &str) -> bool {
        if self.number_words.contains_key(lower) {
            return true;
        }
        let digits = lower.bytes().filter(u8::is_ascii_digit).count();
        // A number leads its word ("40%", "3x", "$120k"); one inside a name ("NEWS2", "S3",
        // "Type1") measures nothing.
        let leads = lower
            .trim_start_matches(['$', '£', '€', '₹', '~'])
            .starts_with(|c: char| c.is_ascii_digit());
        if digits == 0 || !leads {
            return false;
        }
        // A bare four-digit year (1950-2099) dates the story; it does not measure the result.
        let is_year = digits == 4
            && lower.len() == 4
            && (lower.starts_with("19") || lower.starts_with("20"))
            && !lower.contains('%');
        !is_year
    }
}

fn set(words: &[&'static str]) -> FastMap<&'static str, ()> {
    words.iter().map(|word| (*word, ())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues_in(text: &str) -> Vec<(Cue, String)> {
        let lexicon = Lexicon::get();
        let words: Vec<&str> = text.split(' ').collect();
        let lower: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
        let stems: Vec<String> = lower.iter().map(|word| lexicon.stem(word)).collect();
        let mut out = Vec::new();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        lexicon.scan(&lower, &stems, |cue, first, last| {
            out.push((cue, lower[first..=last].join(" ")))
        });
        out
    }

    #[test]
    fn single_words_match_by_stem_and_phrases_exactly() {
        let found = cues_in("I was frustrated so I pushed back and as a result it improved");
        let conflict = COMPETENCY_CUES
            .iter()
            .position(|(name, _)| *name == "conflict")
            .unwrap() as u8;
        assert!(found.contains(&(Cue::Competency(conflict), "frustrated".to_owned())));
        assert!(found.contains(&(Cue::Result, "as a result".to_owned())));
        assert!(found.contains(&(Cue::Change, "improved".to_owned())));
        assert!(found.contains(&(Cue::Action, "so i".to_owned())));
    }

    #[test]
    fn quantities_exclude_years() {
        let lexicon = Lexicon::get();
        for word in ["38%", "$120,000", "3.5", "doubled", "twelve", "10x", "2x"] {
            assert!(lexicon.is_quantity(word), "{word}");
        }
        for word in ["2019", "team", "v"] {
            assert!(!lexicon.is_quantity(word), "{word}");
        }
    }

    #[test]
    fn past_tense_forms() {
        let lexicon = Lexicon::get();
        for word in ["walked", "built", "was", "prioritized"] {
            assert!(lexicon.is_past(word), "{word}");
        }
        for word in ["need", "speed", "hundred", "walk", "red"] {
            assert!(!lexicon.is_past(word), "{word}");
        }
    }

    #[test]
    fn competency_names_are_in_the_vocabulary_order_we_expect() {
        let names: Vec<&str> = COMPETENCY_CUES.iter().map(|(name, _)| *name).collect();
        assert!(names.contains(&"conflict") && names.contains(&"failure") && names.len() == 31);
    }
}
