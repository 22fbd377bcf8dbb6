//! Mock interviews: a session as a state machine — events in, effects out — so every rule is
//! tested without a clock, a database or a network.
//!
//! A session asks questions chosen for its round and length, analyses each answer with the
//! feedback engine, and follows up on what the answer lacks: a missing result is asked for, a
//! "we" story is asked "what was your part?", a missed technical key point gets the bank's
//! follow-up about it, a system-design answer missing a step gets that step asked. A strong answer
//! is not probed. Whether a follow-up was handled is measured, not guessed: the main answer and
//! the follow-up answer are analysed together and the gap must be gone.
//!
//! The interviewer's persona sets how hard it probes (a sceptical senior asks up to two
//! follow-ups) and how it speaks; the mode sets when feedback is shown (study: after each answer;
//! real: in the report at the end). An LLM, when the app has one, may only reword a follow-up the
//! engine chose ([`Event::Reword`]); what is probed and how it is judged stay the engine's.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, AnalysisInput, FindingCode, Severity};
use crate::coach::FollowUp;
use crate::limits::{MAX_ANSWER_CHARS, MAX_DURATION_SECONDS};
use crate::question::{QuestionKind, named_enum};
use crate::text;

named_enum! {
    /// The kind of round a mock interview rehearses.
    Round {
        Behavioral = "behavioral" / "Behavioral",
        Technical = "technical" / "Technical screen",
        SystemDesign = "system-design" / "System design",
        Case = "case" / "Case study",
        Mixed = "mixed" / "Mixed loop",
    }
}

named_enum! {
    /// Who asks: how hard the follow-ups push and how they are worded.
    Persona {
        Friendly = "friendly" / "Friendly",
        Neutral = "neutral" / "Neutral",
        Sceptical = "sceptical" / "Sceptical senior",
    }
}

named_enum! {
    /// When feedback is shown.
    Mode {
        /// Feedback after each answer.
        Study = "study" / "Study (feedback after each answer)",
        /// Feedback only in the report at the end, as in a real interview.
        Real = "real" / "Real (feedback at the end)",
    }
}

impl Round {
    /// The question kinds the round asks, in the order a mixed loop rotates through them.
    pub fn kinds(self) -> &'static [QuestionKind] {
        match self {
            Round::Behavioral => &[QuestionKind::Behavioral],
            Round::Technical => &[QuestionKind::Technical],
            Round::SystemDesign => &[QuestionKind::SystemDesign],
            Round::Case => &[QuestionKind::Case],
            Round::Mixed => &[
                QuestionKind::Behavioral,
                QuestionKind::Technical,
                QuestionKind::SystemDesign,
                QuestionKind::Case,
            ],
        }
    }
}

impl Persona {
    /// The most follow-ups asked about one question.
    pub fn max_follow_ups(self) -> usize {
        match self {
            Persona::Friendly | Persona::Neutral => 1,
            Persona::Sceptical => 2,
        }
    }

    /// What the interviewer says before the first question.
    pub fn opening(self) -> &'static str {
        match self {
            Persona::Friendly => {
                "Hi, thanks for making the time. There are no trick questions today: take a moment before you answer if you need one."
            }
            Persona::Neutral => "Thanks for coming in. Let's get started.",
            Persona::Sceptical => {
                "Let's begin. I'll push on the details, so be specific about what you did and what came of it."
            }
        }
    }

    /// How a follow-up begins.
    fn lead_in(self, nth: usize) -> &'static str {
        match (self, nth) {
            (Persona::Friendly, _) => "Thanks, that's helpful. ",
            (Persona::Neutral, _) => "",
            (Persona::Sceptical, 0) => "I'm not convinced yet. ",
            (Persona::Sceptical, _) => "Let me push on that once more. ",
        }
    }
}

/// The shortest and longest mock interview, in minutes.
/// (The error message repeats them.)
pub const MINUTES: std::ops::RangeInclusive<u32> = 5..=180;

/// How a session is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockSettings {
    pub round: Round,
    pub persona: Persona,
    pub mode: Mode,
    /// The low-anxiety option: scores are not shown, only what to work on.
    pub hide_numbers: bool,
    /// The planned length; questions are chosen to fit it and no new question starts after it.
    pub minutes: u32,
    /// Let the configured model word the follow-ups the engine chooses (the app checks the
    /// permission; the session only carries the choice).
    #[serde(default)]
    pub use_llm: bool,
}

/// One question of a session, with what the engine needs to judge the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockQuestion {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    pub competencies: Vec<String>,
    /// Reference points the engine checks (technical questions).
    pub key_points: Vec<String>,
    /// The bank's follow-up questions.
    pub follow_ups: Vec<String>,
}

impl MockQuestion {
    pub fn input<'a>(&'a self, answer: &'a str) -> AnalysisInput<'a> {
        AnalysisInput {
            question: &self.text,
            kind: self.kind,
            competencies: &self.competencies,
            key_points: &self.key_points,
            answer,
        }
    }
}

/// What a follow-up probes: a gap the engine found in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "probe", rename_all = "snake_case")]
pub enum Probe {
    /// The answer was too short to judge.
    MoreDetail,
    /// The answer was hypothetical, habitual or a list of virtues.
    RealExample,
    /// "I don't know" without reasoning aloud.
    Reasoning,
    Result,
    OwnPart,
    Number,
    Action,
    /// A technical key point the answer did not cover (its index).
    KeyPoint {
        index: usize,
    },
    /// A step of the system-design or case framework the answer did not show.
    Step {
        name: String,
    },
    /// A case recommendation without its reasons.
    Justification,
}

impl Probe {
    /// Whether the gap is still there in `analysis`.
    fn open(&self, analysis: &Analysis) -> bool {
        let has = |codes: &[FindingCode]| {
            analysis
                .findings
                .iter()
                .any(|finding| codes.contains(&finding.code))
        };
        match self {
            Probe::MoreDetail => has(&[FindingCode::TooShort]),
            Probe::RealExample => has(&[
                FindingCode::Hypothetical,
                FindingCode::Habitual,
                FindingCode::VirtueList,
                FindingCode::Deflection,
            ]),
            Probe::Reasoning => {
                has(&[FindingCode::DontKnow]) && !has(&[FindingCode::ReasoningAloud])
            }
            Probe::Result => has(&[FindingCode::MissingResult]),
            // Only where a story was asked for: "tell me about yourself" may say "we" freely.
            Probe::OwnPart => has(&[FindingCode::WeHeavy]),
            Probe::Number => has(&[
                FindingCode::ResultNotQuantified,
                FindingCode::NumbersOnlyInSetup,
            ]),
            Probe::Action => has(&[FindingCode::MissingAction, FindingCode::ActionTooThin]),
            Probe::KeyPoint { index } => analysis.key_points.as_ref().is_some_and(|points| {
                points
                    .iter()
                    .any(|point| point.index == *index && !point.covered)
            }),
            Probe::Step { name } => analysis
                .steps
                .as_ref()
                .is_some_and(|steps| steps.iter().any(|step| step.name == *name && !step.covered)),
            Probe::Justification => has(&[FindingCode::RecommendationUnjustified]),
        }
    }

    /// What the follow-up aims at, in a few words.
    pub fn aims_at(&self, question: &MockQuestion) -> String {
        match self {
            Probe::MoreDetail => "more detail".to_owned(),
            Probe::RealExample => "a real example".to_owned(),
            Probe::Reasoning => "your reasoning".to_owned(),
            Probe::Result => "the result".to_owned(),
            Probe::OwnPart => "your own part".to_owned(),
            Probe::Number => "a measurable result".to_owned(),
            Probe::Action => "what you did".to_owned(),
            Probe::KeyPoint { index } => match question.key_points.get(*index) {
                Some(point) => format!("a point you missed: {point}"),
                None => "a point you missed".to_owned(),
            },
            Probe::Step { name } => format!("the {} step", step_label(name)),
            Probe::Justification => "why you recommend it".to_owned(),
        }
    }

    /// The follow-up question, before the persona's lead-in.
    fn question(&self, question: &MockQuestion) -> String {
        let text = match self {
            Probe::MoreDetail => {
                "Could you say more? Take me through it properly: what was going on, what you did, and how it ended."
            }
            Probe::RealExample => {
                "Can you tell me about one specific time you actually did that? What happened?"
            }
            Probe::Reasoning => {
                "That's fine. How would you reason about it, though? Talk me through what you do know and how you'd work it out."
            }
            Probe::Result => {
                "How did it turn out in the end? What was the result, and how did you know?"
            }
            Probe::OwnPart => "You said “we” a lot. What was your part, personally, step by step?",
            Probe::Number => {
                "How did you measure that? Can you put a number on it: how much, how many or how fast, compared with before?"
            }
            Probe::Action => {
                "Walk me through what you did, step by step. What were the key decisions?"
            }
            Probe::KeyPoint { index } => {
                return bank_follow_up_for(question, *index).unwrap_or_else(|| {
                    "Let's go one level deeper. What happens underneath, and what would a strong answer add that you haven't said yet?".to_owned()
                });
            }
            Probe::Step { name } => step_question(name),
            Probe::Justification => {
                "Why that recommendation? What in your analysis supports it, and what would change your mind?"
            }
        };
        text.to_owned()
    }
}

/// The bank follow-up that shares the most content words with key point `index`, if any shares
/// one.
fn bank_follow_up_for(question: &MockQuestion, index: usize) -> Option<String> {
    let point = question.key_points.get(index)?;
    let wanted = content_stems(point);
    question
        .follow_ups
        .iter()
        .map(|follow_up| {
            (
                content_stems(follow_up).intersection(&wanted).count(),
                follow_up,
            )
        })
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, follow_up)| follow_up.clone())
}

/// Stems of the words that carry meaning (four letters or more, not a common word).
fn content_stems(text: &str) -> HashSet<String> {
    const COMMON: &[&str] = &[
        "what", "when", "which", "where", "does", "that", "this", "with", "from", "into", "your",
        "their", "they", "them", "have", "would", "could", "should", "every", "each", "more",
        "than", "then", "there", "about", "only", "also", "some", "other", "make", "makes", "like",
        "will", "whether", "because", "while",
    ];
    text::words(text)
        .into_iter()
        .map(|word| word.span.of(text).to_lowercase())
        .filter(|word| word.chars().count() >= 4 && !COMMON.contains(&word.as_str()))
        .map(|word| text::stem(&word).into_owned())
        .collect()
}

fn step_label(name: &str) -> &str {
    match name {
        "high_level" => "high-level design",
        "deep_dive" => "deep dive",
        "failure_modes" => "failure modes",
        "tradeoffs" => "trade-offs",
        other => other,
    }
}

fn step_question(name: &str) -> &'static str {
    match name {
        "requirements" => {
            "Before we go further: what exactly are we building? Which features are in scope, and what targets for latency and availability are you designing to?"
        }
        "estimation" => {
            "How big is this? Give me rough numbers: requests a second at peak, and storage over a year."
        }
        "high_level" => {
            "Can you sketch the main components and how one request flows through them?"
        }
        "deep_dive" => {
            "Pick the hardest component and go deeper: how does it work inside, and how is its data laid out?"
        }
        "bottlenecks" => "Where does this design break first as the load grows?",
        "scalability" => {
            "How would you handle ten times the traffic? What do you shard, cache or replicate?"
        }
        "failure_modes" => {
            "What happens when a server, or a whole data centre, goes down? What does the user see?"
        }
        "tradeoffs" => {
            "What did you give up with this design, and what would make you choose differently?"
        }
        "clarify" => "What would you ask the client before diving in? What exactly is the goal?",
        "structure" => "How would you break this problem down? Lay out your framework.",
        "hypotheses" => "What's your hypothesis: where do you expect the answer to be, and why?",
        "analysis" => "Let's put numbers on it. Can you size it, even roughly?",
        "recommendation" => "So what do you recommend, and why?",
        _ => "What would you add to that?",
    }
}

/// The gaps worth a follow-up, in the order an interviewer would raise them; probes already
/// asked about this question are left out. A strong answer has none.
pub fn probes(analysis: &Analysis, question: &MockQuestion) -> Vec<Probe> {
    let mut found = Vec::new();
    let push = |found: &mut Vec<Probe>, probe: Probe| {
        if probe.open(analysis) {
            found.push(probe);
        }
    };
    let has = |code: FindingCode| analysis.findings.iter().any(|finding| finding.code == code);
    // An answer in another language or on another subject is not probed: the report says why.
    // (A design or case answer showing too few steps is also "off topic"; there the missing
    // steps are exactly what to ask about.)
    let framework = matches!(
        question.kind,
        QuestionKind::SystemDesign | QuestionKind::Case
    );
    if has(FindingCode::NotEnglish) || (has(FindingCode::OffTopic) && !framework) {
        return found;
    }
    push(&mut found, Probe::MoreDetail);
    push(&mut found, Probe::RealExample);
    push(&mut found, Probe::Reasoning);
    if !found.is_empty() {
        return found;
    }
    match question.kind {
        QuestionKind::Behavioral => {
            push(&mut found, Probe::Result);
            push(&mut found, Probe::OwnPart);
            push(&mut found, Probe::Number);
            push(&mut found, Probe::Action);
        }
        QuestionKind::Technical | QuestionKind::TakeHome => {
            for index in 0..question.key_points.len() {
                push(&mut found, Probe::KeyPoint { index });
            }
        }
        QuestionKind::SystemDesign | QuestionKind::Case => {
            push(&mut found, Probe::Justification);
            for step in analysis.steps.iter().flatten() {
                push(
                    &mut found,
                    Probe::Step {
                        name: step.name.clone(),
                    },
                );
            }
        }
    }
    found
}

/// Whether a follow-up answer puts a number on something: digits, or a number or proportion in
/// words ("twice as fast", "a third", "twelve").
fn states_a_quantity(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "half",
        "halved",
        "third",
        "quarter",
        "double",
        "doubled",
        "twice",
        "triple",
        "tripled",
        "percent",
        "dozen",
    ];
    text.chars().any(|c| c.is_ascii_digit())
        || text::words(text)
            .iter()
            .any(|word| WORDS.contains(&word.span.of(text).to_lowercase().as_str()))
}

/// Chooses the questions for a session from `candidates` (best first): the round's kinds in
/// rotation, as many as fit in the minutes with the persona's follow-ups
/// ([`seconds_per_question`]; always at least one), each question once.
pub fn choose_questions(settings: &MockSettings, candidates: &[MockQuestion]) -> Vec<MockQuestion> {
    let round = settings.round;
    let budget = settings.minutes * 60;
    let follow_ups = settings.persona.max_follow_ups();
    let mut chosen: Vec<MockQuestion> = Vec::new();
    let mut used = 0;
    let mut next_of_kind = vec![0usize; round.kinds().len()];
    loop {
        let mut added = false;
        for (slot, kind) in round.kinds().iter().enumerate() {
            let Some((position, question)) = candidates
                .iter()
                .enumerate()
                .skip(next_of_kind[slot])
                .find(|(_, question)| question.kind == *kind)
            else {
                continue;
            };
            next_of_kind[slot] = position + 1;
            let cost = seconds_per_question(*kind, follow_ups);
            if !chosen.is_empty() && used + cost > budget {
                continue;
            }
            if chosen.iter().any(|already| already.id == question.id) {
                continue;
            }
            used += cost;
            chosen.push(question.clone());
            added = true;
        }
        if !added {
            return chosen;
        }
    }
}

/// The time a question takes in a session: hearing it and answering at the guide's pace (a
/// story 1:30–2:30, so 2:30 with the question read out; a technical answer 3 minutes), plus a
/// minute and a half for each follow-up. A 15-minute behavioral round with one follow-up each is
/// three stories; with a sceptical interviewer's two, two.
pub fn seconds_per_question(kind: QuestionKind, follow_ups: usize) -> u32 {
    let question = match kind {
        QuestionKind::Behavioral => 180,
        QuestionKind::Technical => 210,
        QuestionKind::TakeHome => 600,
        QuestionKind::SystemDesign => 40 * 60,
        QuestionKind::Case => 25 * 60,
    };
    question + 90 * follow_ups as u32
}

/// The clock shown while answering, in seconds.
pub fn time_limit(kind: QuestionKind, follow_up: bool) -> u32 {
    if follow_up {
        return 120;
    }
    match kind {
        // The guide's 1:30–2:30 for a story, with half a minute to breathe.
        QuestionKind::Behavioral => 180,
        QuestionKind::Technical => 240,
        QuestionKind::TakeHome => 600,
        QuestionKind::SystemDesign => 35 * 60,
        QuestionKind::Case => 20 * 60,
    }
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Waiting for the answer to question `question`, or to a follow-up about it.
    Asking {
        question: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        follow_up: Option<Asked>,
    },
    Finished,
}

/// A follow-up that has been asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    pub probe: Probe,
    pub text: String,
    pub aims_at: String,
}

/// One prompt and what was said to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub question: usize,
    pub prompt: String,
    /// Set for a follow-up: what it probed and whether the answer closed the gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpTurn>,
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
    pub skipped: bool,
    /// The analysis of a main answer (follow-up answers are judged against their probe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Analysis>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpTurn {
    pub probe: Probe,
    pub aims_at: String,
    pub handled: bool,
}

/// What to ask now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ask {
    /// The index of the question in the session.
    pub question: usize,
    /// 1-based, for "question 2 of 5".
    pub number: usize,
    pub of: usize,
    pub kind: QuestionKind,
    pub text: String,
    /// For a follow-up: what it aims at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aims_at: Option<String>,
    pub time_limit_seconds: u32,
}

/// What the interface must do after an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Show the feedback on turn `turn` (study mode only).
    Feedback {
        turn: usize,
    },
    Ask(Ask),
    /// The session is over; show the report.
    Finished,
}

/// What the user did.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Answer {
        text: String,
        seconds: Option<u32>,
    },
    /// Pass on the current question or follow-up.
    Skip,
    /// Stop the session now.
    End,
    /// A configured LLM's wording for the follow-up being asked (checked by the app first).
    Reword(FollowUp),
}

/// An event the session cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MockError {
    #[error(
        "there are no questions of this kind to ask; add some to the target or choose another round"
    )]
    NoQuestions,
    #[error("a mock interview lasts from 5 to 180 minutes; {0} was given")]
    BadMinutes(u32),
    #[error("this mock interview has finished")]
    Finished,
    #[error("the answer is empty; type or say something, or skip the question")]
    EmptyAnswer,
    #[error("the answer is {chars} characters; the limit is {MAX_ANSWER_CHARS}")]
    AnswerTooLong { chars: usize },
    #[error("an answer cannot take {0} seconds; the limit is {MAX_DURATION_SECONDS}")]
    DurationTooLong(u32),
    #[error("no follow-up is being asked, so there is nothing to reword")]
    NothingToReword,
}

/// A mock interview in progress or finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mock {
    pub settings: MockSettings,
    pub questions: Vec<MockQuestion>,
    pub turns: Vec<Turn>,
    pub state: State,
}

impl Mock {
    /// Starts a session with these questions (see [`choose_questions`]); the first effect asks
    /// the first question.
    pub fn start(
        settings: MockSettings,
        questions: Vec<MockQuestion>,
    ) -> Result<(Mock, Vec<Effect>), MockError> {
        if !MINUTES.contains(&settings.minutes) {
            return Err(MockError::BadMinutes(settings.minutes));
        }
        if questions.is_empty() {
            return Err(MockError::NoQuestions);
        }
        let mock = Mock {
            settings,
            questions,
            turns: Vec::new(),
            state: State::Asking {
                question: 0,
                follow_up: None,
            },
        };
        let effects = mock.current().map(Effect::Ask).into_iter().collect();
        Ok((mock, effects))
    }

    /// What is being asked now; `None` once finished.
    pub fn current(&self) -> Option<Ask> {
        let State::Asking {
            question,
            follow_up,
        } = &self.state
        else {
            return None;
        };
        // A session read back from storage is not trusted to point at a real question.
        let asked = self.questions.get(*question)?;
        Some(Ask {
            question: *question,
            number: question + 1,
            of: self.questions.len(),
            kind: asked.kind,
            text: follow_up
                .as_ref()
                .map_or_else(|| asked.text.clone(), |follow_up| follow_up.text.clone()),
            aims_at: follow_up
                .as_ref()
                .map(|follow_up| follow_up.aims_at.clone()),
            time_limit_seconds: time_limit(asked.kind, follow_up.is_some()),
        })
    }

    /// The mean score for history lists; none for a low-anxiety session, which hides numbers.
    pub fn list_score(&self) -> Option<u8> {
        if self.settings.hide_numbers {
            return None;
        }
        self.report().average_score
    }

    pub fn finished(&self) -> bool {
        self.state == State::Finished
    }

    /// The seconds spent answering so far.
    pub fn elapsed_seconds(&self) -> u32 {
        self.turns.iter().filter_map(|turn| turn.seconds).sum()
    }

    /// Applies one event; the effects say what to show next.
    pub fn apply(&mut self, event: Event) -> Result<Vec<Effect>, MockError> {
        self.apply_with(event, None)
    }

    /// [`Mock::apply`], with the sentence model judging the answers' meaning when one is given
    /// (what they lack decides the follow-up, and whether a follow-up was handled).
    pub fn apply_with(
        &mut self,
        event: Event,
        embedder: Option<&dyn crate::meaning::Embedder>,
    ) -> Result<Vec<Effect>, MockError> {
        let State::Asking {
            question,
            follow_up,
        } = self.state.clone()
        else {
            return Err(MockError::Finished);
        };
        if question >= self.questions.len() {
            self.state = State::Finished;
            return Err(MockError::Finished);
        }
        match event {
            Event::End => {
                self.state = State::Finished;
                Ok(vec![Effect::Finished])
            }
            Event::Skip => {
                self.turns.push(Turn {
                    question,
                    prompt: self.current().map(|ask| ask.text).unwrap_or_default(),
                    follow_up: follow_up.map(|asked| FollowUpTurn {
                        probe: asked.probe,
                        aims_at: asked.aims_at,
                        handled: false,
                    }),
                    answer: String::new(),
                    seconds: None,
                    skipped: true,
                    analysis: None,
                });
                Ok(self.next_question(question))
            }
            Event::Reword(wording) => {
                let Some(mut asked) = follow_up else {
                    return Err(MockError::NothingToReword);
                };
                asked.text = wording.question;
                self.state = State::Asking {
                    question,
                    follow_up: Some(asked),
                };
                Ok(self.current().map(Effect::Ask).into_iter().collect())
            }
            Event::Answer { text, seconds } => {
                if text.trim().is_empty() {
                    return Err(MockError::EmptyAnswer);
                }
                let chars = text.chars().count();
                if chars > MAX_ANSWER_CHARS {
                    return Err(MockError::AnswerTooLong { chars });
                }
                if let Some(seconds) = seconds.filter(|&seconds| seconds > MAX_DURATION_SECONDS) {
                    return Err(MockError::DurationTooLong(seconds));
                }
                Ok(match follow_up {
                    None => self.answer_main(question, text, seconds, embedder),
                    Some(asked) => self.answer_follow_up(question, asked, text, seconds, embedder),
                })
            }
        }
    }

    fn answer_main(
        &mut self,
        question: usize,
        text: String,
        seconds: Option<u32>,
        embedder: Option<&dyn crate::meaning::Embedder>,
    ) -> Vec<Effect> {
        let asked = &self.questions[question];
        let analysis = crate::analysis::analyze_with(&asked.input(&text), embedder);
        let probe = probes(&analysis, asked).into_iter().next();
        self.turns.push(Turn {
            question,
            prompt: asked.text.clone(),
            follow_up: None,
            answer: text,
            seconds,
            skipped: false,
            analysis: Some(analysis),
        });
        let mut effects = self.feedback();
        match probe {
            Some(probe) => effects.extend(self.ask_follow_up(question, probe, 0)),
            None => effects.extend(self.next_question(question)),
        }
        effects
    }

    fn answer_follow_up(
        &mut self,
        question: usize,
        asked: Asked,
        text: String,
        seconds: Option<u32>,
        embedder: Option<&dyn crate::meaning::Embedder>,
    ) -> Vec<Effect> {
        let subject = &self.questions[question];
        // The follow-up answer is judged together with everything said about this question.
        let combined = self.answers_to(question, Some(&text));
        let analysis = crate::analysis::analyze_with(&subject.input(&combined), embedder);
        // Handled when the gap is closed by what the follow-up answer says — not when the gap
        // moved because the answer got worse ("I'm not sure" can remove a result rather than
        // measure it), and not by a non-answer.
        let alone = crate::analysis::analyze(&subject.input(&text));
        let evades = text.split_whitespace().count() < 4
            || alone
                .findings
                .iter()
                .any(|finding| finding.code == FindingCode::DontKnow);
        let measured = asked.probe != Probe::Number || states_a_quantity(&text);
        let handled = !asked.probe.open(&analysis) && !evades && measured;
        let already_probed: Vec<Probe> = self
            .follow_ups_of(question)
            .map(|turn| turn.probe.clone())
            .chain(std::iter::once(asked.probe.clone()))
            .collect();
        let asked_probe = Some(asked.probe.clone());
        self.turns.push(Turn {
            question,
            prompt: asked.text.clone(),
            follow_up: Some(FollowUpTurn {
                probe: asked.probe,
                aims_at: asked.aims_at,
                handled,
            }),
            answer: text,
            seconds,
            skipped: false,
            analysis: None,
        });
        let mut effects = self.feedback();
        // A new gap first; a sceptical interviewer presses again on one left unhandled.
        let pressed =
            asked_probe.filter(|_| !handled && self.settings.persona == Persona::Sceptical);
        let next_probe = probes(&analysis, subject)
            .into_iter()
            .find(|probe| !already_probed.contains(probe))
            .or(pressed);
        match next_probe {
            Some(probe) if already_probed.len() < self.settings.persona.max_follow_ups() => {
                effects.extend(self.ask_follow_up(question, probe, already_probed.len()));
            }
            _ => effects.extend(self.next_question(question)),
        }
        effects
    }

    /// Every answer given about `question`, main answer first, with `extra` at the end.
    fn answers_to(&self, question: usize, extra: Option<&str>) -> String {
        self.turns
            .iter()
            .filter(|turn| turn.question == question && !turn.skipped)
            .map(|turn| turn.answer.as_str())
            .chain(extra)
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn follow_ups_of(&self, question: usize) -> impl Iterator<Item = &FollowUpTurn> {
        self.turns
            .iter()
            .filter(move |turn| turn.question == question)
            .filter_map(|turn| turn.follow_up.as_ref())
    }

    fn feedback(&self) -> Vec<Effect> {
        match self.settings.mode {
            Mode::Study => vec![Effect::Feedback {
                turn: self.turns.len() - 1,
            }],
            Mode::Real => Vec::new(),
        }
    }

    fn ask_follow_up(&mut self, question: usize, probe: Probe, nth: usize) -> Vec<Effect> {
        let subject = &self.questions[question];
        let text = format!(
            "{}{}",
            self.settings.persona.lead_in(nth),
            probe.question(subject)
        );
        let aims_at = probe.aims_at(subject);
        self.state = State::Asking {
            question,
            follow_up: Some(Asked {
                probe,
                text,
                aims_at,
            }),
        };
        self.current().map(Effect::Ask).into_iter().collect()
    }

    /// Moves past `question`: the next one, or the end when there is none or the time is up.
    fn next_question(&mut self, question: usize) -> Vec<Effect> {
        let next = question + 1;
        let out_of_time = self.elapsed_seconds() >= self.settings.minutes * 60;
        if next >= self.questions.len() || out_of_time {
            self.state = State::Finished;
            return vec![Effect::Finished];
        }
        self.state = State::Asking {
            question: next,
            follow_up: None,
        };
        self.current().map(Effect::Ask).into_iter().collect()
    }

    /// The end-of-session report (also for a session ended early: what was answered so far).
    pub fn report(&self) -> Report {
        let items: Vec<ReportItem> = self
            .questions
            .iter()
            .enumerate()
            .filter_map(|(index, question)| {
                let mut turns = self.turns.iter().filter(|turn| turn.question == index);
                let main = turns.next()?;
                Some(ReportItem {
                    question: index,
                    question_id: question.id.clone(),
                    text: question.text.clone(),
                    kind: question.kind,
                    answer: main.answer.clone(),
                    seconds: main.seconds,
                    skipped: main.skipped,
                    analysis: main.analysis.clone(),
                    follow_ups: turns
                        .filter_map(|turn| {
                            let follow_up = turn.follow_up.as_ref()?;
                            Some(ReportFollowUp {
                                question: turn.prompt.clone(),
                                probe: follow_up.probe.clone(),
                                aims_at: follow_up.aims_at.clone(),
                                answer: turn.answer.clone(),
                                skipped: turn.skipped,
                                handled: follow_up.handled,
                            })
                        })
                        .collect(),
                })
            })
            .collect();
        let scores: Vec<u32> = items
            .iter()
            .filter_map(|item| item.analysis.as_ref()?.overall_score())
            .map(u32::from)
            .collect();
        let follow_ups = items.iter().flat_map(|item| &item.follow_ups);
        Report {
            answered: items.iter().filter(|item| !item.skipped).count(),
            skipped: items.iter().filter(|item| item.skipped).count(),
            unasked: self.questions.len() - items.len(),
            follow_ups_asked: follow_ups.clone().count(),
            follow_ups_handled: follow_ups.filter(|follow_up| follow_up.handled).count(),
            average_score: (!scores.is_empty())
                .then(|| (scores.iter().sum::<u32>() / scores.len() as u32) as u8),
            work_on: work_on(&items, 3),
            items,
        }
    }
}

/// A saved session's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MockId(pub i64);

impl std::fmt::Display for MockId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A saved session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MockRecord {
    pub id: MockId,
    /// The target whose questions it asks, if any (a session on the bank has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<crate::target::TargetId>,
    pub mock: Mock,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A session as a history row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MockSummary {
    pub id: MockId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<crate::target::TargetId>,
    pub round: Round,
    pub finished: bool,
    /// The mean overall score of its scored answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl MockRecord {
    pub fn summary(&self) -> MockSummary {
        MockSummary {
            id: self.id,
            target_id: self.target_id,
            round: self.mock.settings.round,
            finished: self.mock.finished(),
            score: self.mock.list_score(),
            created_at: self.created_at,
        }
    }
}

/// The end-of-session report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub answered: usize,
    pub skipped: usize,
    /// Questions not reached (the session was ended or ran out of time).
    pub unasked: usize,
    pub follow_ups_asked: usize,
    pub follow_ups_handled: usize,
    /// The mean overall score of the scored answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_score: Option<u8>,
    pub items: Vec<ReportItem>,
    /// The things to work on first, most important first.
    pub work_on: Vec<WorkOn>,
}

/// One question of the report with everything said to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportItem {
    pub question: usize,
    pub question_id: String,
    pub text: String,
    pub kind: QuestionKind,
    pub answer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
    pub skipped: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Analysis>,
    pub follow_ups: Vec<ReportFollowUp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportFollowUp {
    pub question: String,
    pub probe: Probe,
    pub aims_at: String,
    pub answer: String,
    pub skipped: bool,
    pub handled: bool,
}

/// Something to work on, with the questions where it showed (indices into the session).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkOn {
    pub area: &'static str,
    pub title: &'static str,
    pub advice: &'static str,
    pub questions: Vec<usize>,
}

/// The areas findings fall into, with what to do about each.
const AREAS: &[(&str, &str, &str, &[FindingCode])] = &[
    (
        "real_example",
        "Tell a real story",
        "Answer with one specific time: when it was, what you did and what happened. A description of how you usually work, or what you would do, is not evidence.",
        &[
            FindingCode::Hypothetical,
            FindingCode::Habitual,
            FindingCode::VirtueList,
            FindingCode::Deflection,
        ],
    ),
    (
        "result",
        "Finish with the result",
        "End every story with how it turned out and how you knew. An answer that stops at the actions leaves the interviewer to guess.",
        &[FindingCode::MissingResult],
    ),
    (
        "number",
        "Put a number on the result",
        "Say how much, how many or how fast, compared with before: a percentage, a count, time or money saved. If you have no figure, say how you judged it.",
        &[
            FindingCode::ResultNotQuantified,
            FindingCode::NumbersOnlyInSetup,
        ],
    ),
    (
        "own_part",
        "Say what you did yourself",
        "Use “I” for your own actions and name the decisions you made. “We” hides your part.",
        &[FindingCode::WeHeavy, FindingCode::FewOwnActions],
    ),
    (
        "actions",
        "Spend the answer on your actions",
        "The action is the heart of the answer: give it about half the time, as two to four concrete steps.",
        &[FindingCode::MissingAction, FindingCode::ActionTooThin],
    ),
    (
        "shape",
        "Keep the STAR shape",
        "Set the scene in a sentence or two, say what you had to achieve, then what you did and how it ended, in that order.",
        &[
            FindingCode::LongSetup,
            FindingCode::OutOfOrder,
            FindingCode::MissingSituation,
            FindingCode::MissingTask,
        ],
    ),
    (
        "content",
        "Cover the key points",
        "Technical answers are judged on the points a strong answer states. Review the missed points and say each one plainly.",
        &[
            FindingCode::KeyPointMissed,
            FindingCode::KeyPointContradicted,
        ],
    ),
    (
        "framework",
        "Walk the whole framework",
        "Go through every step in order, even briefly: requirements, numbers, components, then depth, bottlenecks, scale, failures and trade-offs (for a case: clarify, structure, hypotheses, numbers, a justified recommendation).",
        &[
            FindingCode::StepMissed,
            FindingCode::RecommendationUnjustified,
        ],
    ),
    (
        "reasoning",
        "Reason aloud when unsure",
        "When you do not know, say what you do know and how you would find out. Silence or a bluff costs more than an honest line of reasoning.",
        &[FindingCode::DontKnow],
    ),
    (
        "length",
        "Fit the answer to the time",
        "Aim for one and a half to two and a half minutes for a story: long enough for the detail, short enough to leave room for follow-ups.",
        &[
            FindingCode::TooShort,
            FindingCode::TooLong,
            FindingCode::ShortOfTarget,
        ],
    ),
    (
        "topic",
        "Answer the question asked",
        "Repeat the question to yourself and choose a story that shows what it asks about.",
        &[FindingCode::OffTopic],
    ),
    (
        "delivery",
        "Speak plainly",
        "Drop the fillers and hedges, and replace vague words with the specific thing you mean.",
        &[
            FindingCode::FillerWords,
            FindingCode::Hedging,
            FindingCode::VagueLanguage,
            FindingCode::Repetition,
        ],
    ),
];

/// The follow-up probes that fall in each area (an unhandled follow-up adds weight there).
fn area_of_probe(probe: &Probe) -> &'static str {
    match probe {
        Probe::MoreDetail => "length",
        Probe::RealExample => "real_example",
        Probe::Reasoning => "reasoning",
        Probe::Result => "result",
        Probe::OwnPart => "own_part",
        Probe::Number => "number",
        Probe::Action => "actions",
        Probe::KeyPoint { .. } => "content",
        Probe::Step { .. } | Probe::Justification => "framework",
    }
}

/// Weighs every problem found across the session (a major finding 3, a warning 2, a follow-up
/// left unhandled 2, once per question and area) and returns the `count` heaviest areas; ties go
/// to the area listed first in [`AREAS`], which lists what matters most first.
fn work_on(items: &[ReportItem], count: usize) -> Vec<WorkOn> {
    let mut weights = vec![(0u32, Vec::<usize>::new()); AREAS.len()];
    let area_index = |name: &str| AREAS.iter().position(|area| area.0 == name);
    for item in items {
        let mut seen = HashSet::new();
        let findings = item.analysis.iter().flat_map(|analysis| &analysis.findings);
        for finding in findings {
            let weight = match finding.severity {
                Severity::Major => 3,
                Severity::Warn => 2,
                Severity::Info | Severity::Strength => continue,
            };
            let Some(area) = AREAS.iter().position(|area| area.3.contains(&finding.code)) else {
                continue;
            };
            if seen.insert(area) {
                weights[area].0 += weight;
                weights[area].1.push(item.question);
            }
        }
        for follow_up in &item.follow_ups {
            if follow_up.handled {
                continue;
            }
            if let Some(area) = area_index(area_of_probe(&follow_up.probe)) {
                weights[area].0 += 2;
                if !weights[area].1.contains(&item.question) {
                    weights[area].1.push(item.question);
                }
            }
        }
    }
    let mut ranked: Vec<(usize, (u32, Vec<usize>))> = weights
        .into_iter()
        .enumerate()
        .filter(|(_, (weight, _))| *weight > 0)
        .collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(count)
        .map(|(area, (_, questions))| WorkOn {
            area: AREAS[area].0,
            title: AREAS[area].1,
            advice: AREAS[area].2,
            questions,
        })
        .collect()
}

#[cfg(test)]
mod tests;
