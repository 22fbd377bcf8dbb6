//! Findings and scores from the measures.
//!
//! Scores reward what the guide asks for and nothing else. Content (structure, ownership, impact,
//! relevance) outweighs form, and caps keep a fluent answer that misses the point from scoring
//! well: a hypothetical "story" cannot pass 35, a story with no actions 45, no result 60. An
//! answer too short, off topic or not in English is not scored at all, and a finding says why.

use super::design::{self, StepHit};
use super::key_points::Verdict;
use super::parse::Parsed;
use super::star::{first_we_action, sentences_of};
use super::story::{Knowing, NotAStory};
use super::{
    Finding, FindingCode, MIN_SCORABLE_WORDS, Ownership, Scores, Severity, Star, StarPart,
    TargetRange, WORDS_PER_MINUTE,
};
use crate::question::QuestionKind;
use crate::text::Span;

/// Everything measured about one answer, for turning into findings and scores.
pub(super) struct Measures<'p, 'a> {
    pub parsed: &'p Parsed<'a>,
    pub kind: QuestionKind,
    /// A behavioral question that asks for a story ("tell me about a time ...").
    pub story_prompt: bool,
    pub key_points: &'p [String],
    pub english: bool,
    pub parts: Vec<StarPart>,
    pub star: Star,
    pub result_quantity: Option<Span>,
    pub setup_quantity: Option<Span>,
    pub ownership: Ownership,
    pub fillers: Vec<Span>,
    pub hedges: Vec<Span>,
    pub vague: Vec<Span>,
    pub repetition: Option<Span>,
    pub verdicts: Option<Vec<Verdict>>,
    pub not_a_story: Option<NotAStory>,
    pub knowing: Option<Knowing>,
    pub on_topic: bool,
    /// The competencies the question probes, by name, for messages.
    pub competencies: Vec<&'static str>,
    /// Cue hits for those competencies in the answer.
    pub evidence: usize,
    /// With the sentence model: how strongly the story shows what the question asks, as a
    /// standardised closeness (0 is ordinary among the competencies); it, not the cue count,
    /// then sets relevance.
    pub shows_asked: Option<f32>,
    pub target: Option<TargetRange>,
    pub speaking_seconds: f64,
    /// Whether `speaking_seconds` is the recording's, not estimated from the words.
    pub measured: bool,
    /// The framework's steps, for system-design and case answers.
    pub steps: Option<Vec<StepHit>>,
}

impl Measures<'_, '_> {
    fn words(&self) -> usize {
        self.parsed.word_count()
    }

    fn per_hundred(&self, count: usize) -> f64 {
        count as f64 * 100.0 / self.words().max(1) as f64
    }

    /// Why the answer is not scored, if it is not.
    pub fn unscored(&self) -> bool {
        self.words() < MIN_SCORABLE_WORDS || !self.english || !self.on_topic
    }

    fn quote(&self, span: Span, max_chars: usize) -> String {
        let text = span.of(self.parsed.answer).trim();
        match text.char_indices().nth(max_chars) {
            Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
            None => text.to_owned(),
        }
    }
}

/// "1:30" for 90 seconds.
fn clock(seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn words_for(seconds: f64) -> usize {
    (seconds * WORDS_PER_MINUTE / 60.0).round() as usize
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Collects findings, cutting each quote from the answer.
struct Findings<'a> {
    answer: &'a str,
    list: Vec<Finding>,
}

impl Findings<'_> {
    fn add(
        &mut self,
        code: FindingCode,
        severity: Severity,
        span: Span,
        message: String,
        suggestion: Option<String>,
    ) {
        self.list.push(Finding::new(
            self.answer,
            code,
            severity,
            span,
            message,
            suggestion,
        ));
    }
}

pub(super) fn findings(measures: &Measures<'_, '_>) -> Vec<Finding> {
    let parsed = measures.parsed;
    let whole = parsed.whole();
    let mut out = Findings {
        answer: parsed.answer,
        list: Vec::new(),
    };

    // Reasons not to judge at all come first, and alone: nothing else is worth saying.
    if measures.words() < MIN_SCORABLE_WORDS {
        let needed = match measures.target {
            Some(target) => format!(
                "a {} answer runs {}–{} minutes (about {}–{} words)",
                measures.kind.label().to_lowercase(),
                clock(target.min),
                clock(target.max),
                words_for(target.min),
                words_for(target.max)
            ),
            None => "an answer needs enough words to show your reasoning".to_owned(),
        };
        out.add(
            FindingCode::TooShort,
            Severity::Major,
            whole,
            format!("This answer is {}, too short to score: {needed}.", plural(measures.words(), "word", "words")),
            Some(match measures.kind {
                QuestionKind::Behavioral => "Tell one specific story: where you were, what you had to do, what you did yourself, and how it ended.".to_owned(),
                _ => "Say what it is, how it works and when you would use it; if you are unsure, reason it through out loud.".to_owned(),
            }),
        );
        knowing_findings(measures, &mut out);
        return out.list;
    }
    if !measures.english {
        out.add(
            FindingCode::NotEnglish,
            Severity::Major,
            whole,
            "This answer does not look like English. Rehearse measures English answers only, so it is not scored; this says nothing about its quality.".to_owned(),
            Some("Practise the answer in English if the interview will be in English.".to_owned()),
        );
        return out.list;
    }
    if !measures.on_topic {
        let asked = if measures.competencies.is_empty() {
            "what the question asks".to_owned()
        } else {
            measures
                .competencies
                .iter()
                .map(|name| name.replace('-', " "))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        out.add(
            FindingCode::OffTopic,
            Severity::Major,
            whole,
            format!("The question asks about {asked}, and this answer does not speak to it, however good the story. It is not scored."),
            Some("Re-read the question and pick a story where that is the heart of it; say in your first sentence which part of the question it answers.".to_owned()),
        );
    }

    length_findings(measures, &mut out);
    if measures.kind == QuestionKind::Behavioral && measures.story_prompt {
        story_findings(measures, &mut out);
    }
    knowing_findings(measures, &mut out);
    key_point_findings(measures, &mut out);
    step_findings(measures, &mut out);
    delivery_findings(measures, &mut out);
    out.list
}

/// The framework's steps: what is missing, in order, and whether a recommendation says why.
fn step_findings(measures: &Measures<'_, '_>, out: &mut Findings<'_>) {
    let Some(hits) = &measures.steps else {
        return;
    };
    let parsed = measures.parsed;
    let last = parsed
        .sentences
        .last()
        .map_or(parsed.whole(), |sentence| sentence.span);
    let covered: Vec<&StepHit> = hits.iter().filter(|hit| hit.span.is_some()).collect();
    if covered.len() * 4 >= hits.len() * 3
        && let Some(first) = covered.first().and_then(|hit| hit.span)
    {
        out.add(
            FindingCode::StepsCovered,
            Severity::Strength,
            first,
            format!(
                "Covers {} of the {} steps: {}.",
                covered.len(),
                hits.len(),
                covered
                    .iter()
                    .map(|hit| hit.step.what)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
        );
    }
    for hit in hits.iter().filter(|hit| hit.span.is_none()) {
        out.add(
            FindingCode::StepMissed,
            Severity::Warn,
            last,
            // What the engine found, not a verdict on the answer: it may have been said in words it missed.
            format!(
                "Rehearse found nothing on {} in this answer.",
                hit.step.what
            ),
            Some(hit.step.advice.to_owned()),
        );
    }
    if let Some(recommendation) = hits
        .iter()
        .find(|hit| hit.step.name == "recommendation")
        .and_then(|hit| hit.span)
        && !design::justified(parsed, recommendation)
    {
        out.add(
            FindingCode::RecommendationUnjustified,
            Severity::Warn,
            recommendation,
            "The recommendation does not say why.".to_owned(),
            Some("Give the main reason in the same breath: \"..., because ...\", then the biggest risk and the next step.".to_owned()),
        );
    }
}

fn length_findings(measures: &Measures<'_, '_>, out: &mut Findings<'_>) {
    let parsed = measures.parsed;
    let whole = parsed.whole();
    let Some(target) = measures.target else {
        return;
    };
    if measures.speaking_seconds < target.min {
        out.add(
            FindingCode::ShortOfTarget,
            Severity::Warn,
            whole,
            format!(
                "{} {}; the target is {}–{} (about {}–{} words).",
                if measures.measured { "You spoke for" } else { "Spoken, this takes about" },
                clock(measures.speaking_seconds),
                clock(target.min),
                clock(target.max),
                words_for(target.min),
                words_for(target.max)
            ),
            Some(match measures.kind {
                QuestionKind::Behavioral => "Add the detail an interviewer would ask for next: what you did step by step, and what changed because of it.",
                _ => "Add what an interviewer would ask for next: how it works underneath, an example, and when you would choose something else.",
            }.to_owned()),
        );
    } else if measures.speaking_seconds > target.max {
        let limit_word = words_for(target.max).min(parsed.word_count().saturating_sub(1));
        let over = Span::new(parsed.words[limit_word].start, whole.end);
        out.add(
            FindingCode::TooLong,
            Severity::Warn,
            over,
            format!(
                "{} {}; from here on you are past {} and interviewers start to lose the thread.",
                if measures.measured { "You spoke for" } else { "Spoken, this takes about" },
                clock(measures.speaking_seconds),
                clock(target.max)
            ),
            Some("Cut the setup to one or two sentences and keep the detail for your own actions and the result.".to_owned()),
        );
    }
}

fn story_findings(measures: &Measures<'_, '_>, out: &mut Findings<'_>) {
    let parsed = measures.parsed;
    let parts = &measures.parts;
    let whole = parsed.whole();
    let first = parsed
        .sentences
        .first()
        .map_or(whole, |sentence| sentence.span);
    let last = parsed
        .sentences
        .last()
        .map_or(whole, |sentence| sentence.span);
    let star = &measures.star;

    if let Some(reason) = measures.not_a_story {
        let (code, span, message, suggestion) = match reason {
            NotAStory::Hypothetical(span) => (
                FindingCode::Hypothetical,
                span,
                "This says what you would do, not what you did. The question asks for a time it happened.",
                "Pick a real occasion and tell it in the past tense: \"Last year, when ..., I ...\".",
            ),
            NotAStory::Habitual(span) => (
                FindingCode::Habitual,
                span,
                "This describes what you usually do, not one time you did it.",
                "Choose one occasion that shows the habit and tell it: the situation, what you did, what happened.",
            ),
            NotAStory::VirtueList(span) => (
                FindingCode::VirtueList,
                span,
                "This lists qualities instead of telling a story that shows them.",
                "Interviewers believe a story more than an adjective: tell one event where the quality made the difference.",
            ),
            NotAStory::Deflection(span) => (
                FindingCode::Deflection,
                span,
                "This declines the question. Saying you cannot think of one reads as a lack of self-awareness or experience.",
                "Everyone has one: choose a real, modest example, own your part, and end with what you learned.",
            ),
        };
        out.add(
            code,
            Severity::Major,
            span,
            message.to_owned(),
            Some(suggestion.to_owned()),
        );
        return;
    }

    if !star.situation.present {
        out.add(
            FindingCode::MissingSituation,
            Severity::Warn,
            first,
            "No situation: the listener does not know where and when this happened.".to_owned(),
            Some("Open with one or two sentences of context: your role, the team, what was at stake.".to_owned()),
        );
    }
    if !star.task.present && star.action.present {
        out.add(
            FindingCode::MissingTask,
            Severity::Info,
            first,
            "No task: say what you were responsible for or set out to do.".to_owned(),
            Some("Add one sentence such as \"My job was to ...\" before the actions.".to_owned()),
        );
    }
    let situation_sentences = sentences_of(parsed, parts, StarPart::Situation);
    let setup_share = star.situation.share + star.task.share;
    if (star.situation.sentences >= 4 || (setup_share > 0.4 && star.situation.words > 50))
        && let Some(span) = situation_sentences.iter().copied().reduce(Span::cover)
    {
        out.add(
                FindingCode::LongSetup,
                Severity::Warn,
                span,
                format!(
                    "The setup (situation and task together) runs {} ({:.0}% of the answer) before your first action; the guide says one or two for the situation.",
                    plural(star.situation.sentences + star.task.sentences, "sentence", "sentences"),
                    setup_share * 100.0
                ),
                Some("Keep the context the listener needs to follow the story and move the rest into your actions.".to_owned()),
            );
    }

    let action_sentences = sentences_of(parsed, parts, StarPart::Action);
    if !star.action.present {
        out.add(
            FindingCode::MissingAction,
            Severity::Major,
            whole,
            "No actions of your own: the interviewer cannot tell what you did.".to_owned(),
            Some("Make the middle of the answer a sequence of \"I ...\" sentences: what you decided, built, said, changed.".to_owned()),
        );
    } else if star.action.share < 0.3 {
        out.add(
            FindingCode::ActionTooThin,
            Severity::Warn,
            action_sentences
                .iter()
                .copied()
                .reduce(Span::cover)
                .unwrap_or(whole),
            format!(
                "Your actions are {:.0}% of the answer; the guide puts them at 50–60%.",
                star.action.share * 100.0
            ),
            Some("Spend the time on the steps you took and why you chose them.".to_owned()),
        );
    }

    let first_action = parts.iter().position(|part| *part == StarPart::Action);
    let first_result = parts.iter().position(|part| *part == StarPart::Result);
    if let (Some(action), Some(result)) = (first_action, first_result)
        && result < action
    {
        out.add(
            FindingCode::OutOfOrder,
            Severity::Info,
            parsed.sentences[result].span,
            "The result comes before the actions that led to it.".to_owned(),
            Some(
                "Tell it in order: situation, task, action, result; the ending lands harder last."
                    .to_owned(),
            ),
        );
    }

    let result_sentences = sentences_of(parsed, parts, StarPart::Result);
    match (star.result.present, measures.result_quantity) {
        (false, _) => out.add(
            FindingCode::MissingResult,
            Severity::Warn,
            last,
            "No result: the story stops before saying how it ended.".to_owned(),
            Some(format!(
                "After “{}”, add what changed because of your actions, with a number if you have one.",
                measures.quote(last, 70)
            )),
        ),
        (true, Some(number)) => out.add(
            FindingCode::ResultQuantified,
            Severity::Strength,
            number,
            "The result is measured.".to_owned(),
            None,
        ),
        (true, None) => {
            let span = result_sentences.iter().copied().reduce(Span::cover).unwrap_or(last);
            let last_result = result_sentences.last().copied().unwrap_or(last);
            match measures.setup_quantity {
                Some(setup_number) => out.add(
                    FindingCode::NumbersOnlyInSetup,
                    Severity::Warn,
                    span,
                    format!(
                        "You give numbers for the setup (“{}”) but none for the result.",
                        measures.quote(setup_number, 30)
                    ),
                    Some(format!(
                        "“{}” — say by how much: the users, hours, money, errors or days it changed.",
                        measures.quote(last_result, 90)
                    )),
                ),
                None => out.add(
                    FindingCode::ResultNotQuantified,
                    Severity::Warn,
                    span,
                    "The result has no number, so it is hard to weigh.".to_owned(),
                    Some(format!(
                        "“{}” — say by how much: the users, hours, money, errors or days it changed.",
                        measures.quote(last_result, 90)
                    )),
                ),
            }
        }
    }

    let ownership = measures.ownership;
    if ownership.we_heavy {
        let span = first_we_action(parsed, parts).unwrap_or(whole);
        out.add(
            FindingCode::WeHeavy,
            Severity::Warn,
            span,
            format!(
                "In {}, \"we\" comes {} and \"I\" {}: what was your part?",
                telling(action_sentences.len()),
                plural(ownership.we, "time", "times"),
                plural(ownership.i, "time", "times")
            ),
            Some(format!(
                "In “{}”, say what you did yourself; keep \"we\" for the team's goal.",
                measures.quote(span, 80)
            )),
        );
    } else if let (score, own_actions) = ownership_score(measures)
        && star.action.present
        && score < OWNERSHIP_EXPLAINED_BELOW
    {
        // The score is down for a reason no warning gives: say which, with the counts.
        let counts = format!(
            "In {}, \"I\" comes {} and \"we\" {}, and the answer names {} you did yourself in {} words",
            telling(action_sentences.len()),
            plural(ownership.i, "time", "times"),
            plural(ownership.we, "time", "times"),
            plural(own_actions, "thing", "things"),
            measures.words()
        );
        let span = action_sentences.first().copied().unwrap_or(whole);
        out.add(
            FindingCode::FewOwnActions,
            Severity::Info,
            span,
            format!("{counts}: your own part could be clearer."),
            Some("Name two to four steps you took yourself, each as \"I ...\": what you decided, built, said or changed.".to_owned()),
        );
    } else if star.action.present && ownership.i >= 2 {
        out.add(
            FindingCode::OwnActions,
            Severity::Strength,
            action_sentences.first().copied().unwrap_or(whole),
            "Your actions are told in the first person: it is clear what you did.".to_owned(),
            None,
        );
    }
}

/// Ownership, 0–100: "I" rather than "we" in the actions, and enough actions of your own for the
/// length (a long answer with two things you did has little of your part in it). With it, the
/// count of things the speaker did themselves.
fn ownership_score(measures: &Measures<'_, '_>) -> (f64, usize) {
    let share_of_i = match (
        measures.star.action.present,
        measures.ownership.i,
        measures.ownership.we,
    ) {
        (false, _, _) => 20.0,
        (true, 0, 0) => 50.0,
        (true, i, we) => 25.0 + 75.0 * i as f64 / (i + we) as f64,
    };
    let own_actions: usize = measures
        .parsed
        .sentences
        .iter()
        .map(|sentence| sentence.features.i_acts)
        .sum();
    let density = measures.per_hundred(own_actions);
    (share_of_i * (density / 2.5).clamp(0.3, 1.0), own_actions)
}

/// Below this, an ownership score that no warning explains gets a note that does.
const OWNERSHIP_EXPLAINED_BELOW: f64 = 80.0;

/// "the 3 sentences that tell what was done": the counts of "I" and "we" are of these alone.
fn telling(sentences: usize) -> String {
    match sentences {
        1 => "the one sentence that tells what was done".to_owned(),
        count => format!("the {count} sentences that tell what was done"),
    }
}

fn knowing_findings(measures: &Measures<'_, '_>, out: &mut Findings<'_>) {
    match measures.knowing {
        Some(Knowing::ReasoningAloud(span)) => out.add(
            FindingCode::ReasoningAloud,
            Severity::Strength,
            span,
            "You said where your knowledge stops and reasoned it through out loud: what interviewers want to see.".to_owned(),
            None,
        ),
        Some(Knowing::DontKnow(span)) => out.add(
            FindingCode::DontKnow,
            Severity::Major,
            span,
            "You said you don't know and stopped. The interviewer is testing how you think, not only what you know.".to_owned(),
            Some("Say what you do know that is close, how you would find out, and your best guess: \"I haven't used X, but I'd start by ...\".".to_owned()),
        ),
        None => {}
    }
}

fn key_point_findings(measures: &Measures<'_, '_>, out: &mut Findings<'_>) {
    let Some(verdicts) = &measures.verdicts else {
        return;
    };
    let whole = measures.parsed.whole();
    for (index, verdict) in verdicts.iter().enumerate() {
        let point = measures
            .key_points
            .get(index)
            .map(String::as_str)
            .unwrap_or_default();
        let point: String = match point.char_indices().nth(140) {
            Some((cut, _)) => format!("{}…", &point[..cut]),
            None => point.to_owned(),
        };
        match verdict {
            Verdict::Covered(span) => out.add(
                FindingCode::KeyPointCovered,
                Severity::Strength,
                *span,
                format!("Covers key point {}: {point}", index + 1),
                None,
            ),
            Verdict::Contradicted(span) => out.add(
                FindingCode::KeyPointContradicted,
                Severity::Major,
                *span,
                format!("This gets key point {} wrong or denies it: {point}", index + 1),
                Some("Check this against the reference point; using the right words for the wrong idea costs more than leaving it out.".to_owned()),
            ),
            Verdict::Missed => out.add(
                FindingCode::KeyPointMissed,
                Severity::Warn,
                whole,
                format!("Misses key point {}: {point}", index + 1),
                None,
            ),
        }
    }
}

fn delivery_findings(measures: &Measures<'_, '_>, out: &mut Findings<'_>) {
    if let Some(first) = measures.fillers.first() {
        let count = measures.fillers.len();
        let rate = measures.per_hundred(count);
        out.add(
            FindingCode::FillerWords,
            if rate >= 3.0 {
                Severity::Warn
            } else {
                Severity::Info
            },
            *first,
            format!(
                "{} (“{}” first), {rate:.1} per 100 words.",
                plural(count, "filler word", "filler words"),
                measures.quote(*first, 20)
            ),
            Some(
                "Pause silently instead; a short pause sounds more confident than a filler."
                    .to_owned(),
            ),
        );
    }
    let hedges = measures.hedges.len();
    if hedges >= 3 && measures.per_hundred(hedges) >= 1.5 {
        let first = measures.hedges[0];
        out.add(
            FindingCode::Hedging,
            if measures.per_hundred(hedges) >= 3.0 { Severity::Warn } else { Severity::Info },
            first,
            format!("{} (“{}” first) soften what you say.", plural(hedges, "hedge", "hedges"), measures.quote(first, 20)),
            Some("State what you did and what you know plainly; keep one hedge for what you are genuinely unsure of.".to_owned()),
        );
    }
    let vague = measures.vague.len();
    if vague >= 3 && measures.per_hundred(vague) >= 1.5 {
        let first = measures.vague[0];
        out.add(
            FindingCode::VagueLanguage,
            Severity::Info,
            first,
            format!(
                "{} (“{}” first) where a specific word would be stronger.",
                plural(vague, "vague word", "vague words"),
                measures.quote(first, 20)
            ),
            Some("Name the thing: which tool, which people, how many.".to_owned()),
        );
    }
    if let Some(span) = measures.repetition {
        out.add(
            FindingCode::Repetition,
            Severity::Info,
            span,
            format!("“{}” is repeated.", measures.quote(span, 40)),
            Some("Say it once, then move on; repetition reads as searching for words.".to_owned()),
        );
    }
}

fn clamp(value: f64) -> u8 {
    value.round().clamp(0.0, 100.0) as u8
}

/// The scores, or `None` when the answer is not to be scored.
pub(super) fn scores(measures: &Measures<'_, '_>) -> Option<Scores> {
    if measures.unscored() {
        return None;
    }
    // Concision is about running long: a short answer is concise, and what it leaves out is
    // judged by the other scores and named by the "short of the target" finding (a shorter
    // answer must never score as less concise).
    let concision = match measures.target {
        Some(target) if measures.speaking_seconds > target.max => {
            100.0 - (measures.speaking_seconds - target.max) * 0.6
        }
        _ => 100.0,
    }
    .max(15.0);

    let delivery = (100.0
        - 10.0 * measures.per_hundred(measures.fillers.len())
        - 5.0 * measures.per_hundred(measures.hedges.len())
        - 6.0 * measures.per_hundred(measures.vague.len())
        - if measures.repetition.is_some() {
            8.0
        } else {
            0.0
        })
    .max(15.0);

    let story = measures.kind == QuestionKind::Behavioral && measures.story_prompt;
    let star = &measures.star;
    let (structure, ownership, impact) = if story {
        if measures.not_a_story.is_some() {
            (Some(10.0), Some(20.0), Some(10.0))
        } else {
            let mut structure: f64 = [
                (star.situation.present, 15.0),
                (star.task.present, 10.0),
                (star.action.present, 40.0),
                (star.result.present, 35.0),
            ]
            .iter()
            .filter(|(present, _)| *present)
            .map(|(_, weight)| weight)
            .sum();
            if star.action.present && star.action.share < 0.3 {
                structure -= 20.0;
            }
            if star.situation.share + star.task.share > 0.4 {
                structure -= 15.0;
            }
            let ownership = ownership_score(measures).0;
            let impact = match (star.result.present, measures.result_quantity.is_some()) {
                (true, true) => 95.0,
                (true, false) => 50.0,
                (false, _) => 10.0,
            };
            (Some(structure.max(0.0)), Some(ownership), Some(impact))
        }
    } else if let Some(hits) = &measures.steps {
        // System design and case studies are judged on walking the whole framework; a
        // recommendation without its reason counts half.
        let mut covered = hits.iter().filter(|hit| hit.span.is_some()).count() as f64;
        if let Some(recommendation) = hits
            .iter()
            .find(|hit| hit.step.name == "recommendation")
            .and_then(|hit| hit.span)
            && !design::justified(measures.parsed, recommendation)
        {
            covered -= 0.5;
        }
        (Some(100.0 * covered / hits.len() as f64), None, None)
    } else {
        (None, None, None)
    };

    let relevance = match (&measures.verdicts, measures.kind) {
        (Some(verdicts), _) if !verdicts.is_empty() => {
            let covered = verdicts
                .iter()
                .filter(|verdict| matches!(verdict, Verdict::Covered(_)))
                .count();
            let contradicted = verdicts
                .iter()
                .filter(|verdict| matches!(verdict, Verdict::Contradicted(_)))
                .count();
            let mut relevance =
                15.0 + 85.0 * covered as f64 / verdicts.len() as f64 - 12.0 * contradicted as f64;
            if matches!(measures.knowing, Some(Knowing::ReasoningAloud(_))) {
                relevance = relevance.max(50.0);
            }
            Some(relevance.max(5.0))
        }
        (_, QuestionKind::Behavioral) if measures.not_a_story.is_some() => Some(20.0),
        // By meaning: ordinary (0) is 60, one deviation above 80, and it tops out at 95.
        (_, QuestionKind::Behavioral) if measures.shows_asked.is_some() && story => {
            let shows = f64::from(measures.shows_asked.unwrap_or(0.0));
            Some((60.0 + 20.0 * shows).clamp(30.0, 95.0))
        }
        (_, QuestionKind::Behavioral) if !measures.competencies.is_empty() => {
            Some(match measures.evidence {
                0 => 30.0,
                1 => 65.0,
                2 => 75.0,
                3 | 4 => 85.0,
                _ => 95.0,
            })
        }
        (_, _) if matches!(measures.knowing, Some(Knowing::ReasoningAloud(_))) => Some(55.0),
        _ => None,
    };

    // A story is judged mostly on its shape, the speaker's part and the result; other answers
    // mostly on what they cover.
    let relevance_weight = if story { 0.10 } else { 0.60 };
    let structure_weight = if measures.steps.is_some() { 0.60 } else { 0.20 };
    let weighted = [
        (structure, structure_weight),
        (ownership, 0.20),
        (impact, 0.25),
        (relevance, relevance_weight),
        (Some(concision), 0.10),
        (Some(delivery), 0.15),
    ];
    let (sum, weights) = weighted
        .iter()
        .filter_map(|(score, weight)| score.map(|score| (score * weight, *weight)))
        .fold((0.0, 0.0), |(sum, weights), (value, weight)| {
            (sum + value, weights + weight)
        });
    let mut overall = sum / weights;

    // An answer far short of the target has not shown enough to earn a high mark, however tidy.
    if let Some(target) = measures.target
        && measures.speaking_seconds < target.min
    {
        overall *= 0.6 + 0.4 * measures.speaking_seconds / target.min;
    }
    // Caps: what no amount of polish makes up for.
    let mut cap: f64 = 100.0;
    if story {
        if measures.not_a_story.is_some() {
            cap = cap.min(35.0);
        } else if !star.action.present {
            cap = cap.min(45.0);
        } else if !star.result.present {
            cap = cap.min(60.0);
        }
        if measures.ownership.we_heavy {
            cap = cap.min(72.0);
        }
        if star.result.present && measures.result_quantity.is_none() {
            cap = cap.min(78.0);
        }
    }
    if matches!(measures.knowing, Some(Knowing::DontKnow(_))) {
        cap = cap.min(20.0);
    }
    // Stating something false costs more than leaving it out.
    let contradicted = measures.verdicts.as_ref().map_or(0, |verdicts| {
        verdicts
            .iter()
            .filter(|verdict| matches!(verdict, Verdict::Contradicted(_)))
            .count()
    });
    if contradicted > 0 {
        cap = cap.min(if contradicted == 1 { 60.0 } else { 45.0 });
    }
    overall = overall.min(cap);

    Some(Scores {
        overall: clamp(overall),
        structure: structure.map(clamp),
        ownership: ownership.map(clamp),
        impact: impact.map(clamp),
        concision: clamp(concision),
        relevance: relevance.map(clamp),
        delivery: clamp(delivery),
    })
}
