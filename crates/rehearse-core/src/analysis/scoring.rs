//! Findings and scores from the measures.
//!
//! Scores reward what the guide asks for and nothing else: a padded answer loses concision, a
//! story without a result loses impact, and an answer under [`MIN_SCORABLE_WORDS`] is not scored
//! at all.

use super::star::first_we_action;
use super::{
    Analysis, Finding, FindingCode, MIN_SCORABLE_WORDS, Parsed, Scores, Severity, StarPart,
    WORDS_PER_MINUTE,
};
use crate::question::QuestionKind;
use crate::text::Span;

/// "1:30" for 90 seconds.
fn clock(seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn words_for(seconds: f64) -> usize {
    (seconds * WORDS_PER_MINUTE / 60.0).round() as usize
}

pub(super) fn findings(
    parsed: &Parsed<'_>,
    parts: &[StarPart],
    analysis: &Analysis,
    result_number: Option<Span>,
) -> Vec<Finding> {
    let answer = parsed.answer;
    let whole = parsed.whole();
    let mut out = Vec::new();
    let mut add = |code, severity, span: Span, message: String, suggestion: Option<String>| {
        out.push(Finding::new(
            answer, code, severity, span, message, suggestion,
        ));
    };

    // Length first: too short to judge means nothing else is worth saying.
    if analysis.word_count < MIN_SCORABLE_WORDS {
        let needed = match analysis.target_seconds {
            Some(target) => format!(
                "a {} answer runs {}–{} minutes (about {}–{} words)",
                analysis.kind.label().to_lowercase(),
                clock(target.min),
                clock(target.max),
                words_for(target.min),
                words_for(target.max)
            ),
            None => "an answer needs enough words to show your reasoning".to_owned(),
        };
        add(
            FindingCode::TooShort,
            Severity::Major,
            whole,
            format!(
                "This answer is {} word{}, too short to score: {needed}.",
                analysis.word_count,
                if analysis.word_count == 1 { "" } else { "s" }
            ),
            Some(match analysis.kind {
                QuestionKind::Behavioral => "Tell one specific story: where you were, what you had to do, what you did yourself, and how it ended.".to_owned(),
                _ => "Explain what it is, how it works, and when you would use it, with an example.".to_owned(),
            }),
        );
        return out;
    }

    if let Some(target) = analysis.target_seconds {
        if analysis.speaking_seconds < target.min {
            add(
                FindingCode::ShortOfTarget,
                Severity::Warn,
                whole,
                format!(
                    "Spoken, this takes about {}; the target is {}–{} (about {}–{} words).",
                    clock(analysis.speaking_seconds),
                    clock(target.min),
                    clock(target.max),
                    words_for(target.min),
                    words_for(target.max)
                ),
                Some("Add the detail an interviewer would ask for next: what you did step by step, and what changed because of it.".to_owned()),
            );
        } else if analysis.speaking_seconds > target.max {
            // Point at the words spoken after the time is up.
            let limit_word = words_for(target.max).min(parsed.words.len().saturating_sub(1));
            let over = Span::new(parsed.words[limit_word].start, whole.end);
            add(
                FindingCode::TooLong,
                Severity::Warn,
                over,
                format!(
                    "Spoken, this takes about {}; past {} (from here) interviewers start to lose the thread.",
                    clock(analysis.speaking_seconds),
                    clock(target.max)
                ),
                Some("Cut the setup to one or two sentences and keep the detail for your own actions and the result.".to_owned()),
            );
        }
    }

    if analysis.kind == QuestionKind::Behavioral {
        star_findings(parsed, parts, analysis, result_number, &mut add);
    }

    if !analysis.fillers.is_empty() {
        let first = &analysis.fillers[0];
        let count = analysis.fillers.len();
        let per_hundred = count as f64 * 100.0 / analysis.word_count as f64;
        add(
            FindingCode::FillerWords,
            if per_hundred >= 3.0 {
                Severity::Warn
            } else {
                Severity::Info
            },
            Span::new(first.start, first.end),
            format!(
                "{count} filler word{} (\"{}\" first), {:.1} per 100 words.",
                if count == 1 { "" } else { "s" },
                first.quote,
                per_hundred
            ),
            Some(
                "Pause silently instead; a short pause sounds more confident than a filler."
                    .to_owned(),
            ),
        );
    }

    if let Some(coverage) = &analysis.key_points {
        for point in coverage {
            match (point.start, point.end) {
                (Some(start), Some(end)) => add(
                    FindingCode::KeyPointCovered,
                    Severity::Strength,
                    Span::new(start, end),
                    format!("Covers key point {}.", point.index + 1),
                    None,
                ),
                _ => add(
                    FindingCode::KeyPointMissed,
                    Severity::Warn,
                    whole,
                    format!("Does not cover key point {}.", point.index + 1),
                    None,
                ),
            }
        }
    }
    out
}

fn star_findings(
    parsed: &Parsed<'_>,
    parts: &[StarPart],
    analysis: &Analysis,
    result_number: Option<Span>,
    add: &mut impl FnMut(FindingCode, Severity, Span, String, Option<String>),
) {
    let whole = parsed.whole();
    let first = parsed
        .sentences
        .first()
        .map_or(whole, |sentence| sentence.span);
    let last = parsed
        .sentences
        .last()
        .map_or(whole, |sentence| sentence.span);
    let star = &analysis.star;

    if !star.situation.present {
        add(
            FindingCode::MissingSituation,
            Severity::Warn,
            first,
            "No situation: the listener does not know where and when this happened.".to_owned(),
            Some("Open with one or two sentences of context: your role, the team, what was at stake.".to_owned()),
        );
    }
    if !star.task.present {
        add(
            FindingCode::MissingTask,
            Severity::Info,
            first,
            "No task: say what you were responsible for or set out to do.".to_owned(),
            Some("Add one sentence such as \"My job was to ...\" before the actions.".to_owned()),
        );
    }
    if !star.action.present {
        add(
            FindingCode::MissingAction,
            Severity::Major,
            whole,
            "No actions told in the first person: the interviewer cannot tell what you did.".to_owned(),
            Some("Make the middle of the answer a sequence of \"I ...\" sentences: what you decided, built, said, changed.".to_owned()),
        );
    } else if star.action.share < 0.3 {
        add(
            FindingCode::ActionTooThin,
            Severity::Warn,
            sentences_of(parsed, parts, StarPart::Action).unwrap_or(whole),
            format!(
                "Your actions are {:.0}% of the answer; the guide puts them at 50–60%.",
                star.action.share * 100.0
            ),
            Some("Trim the setup and spend the time on the steps you took and why.".to_owned()),
        );
    }

    match (star.result.present, result_number) {
        (false, _) => add(
            FindingCode::MissingResult,
            Severity::Warn,
            last,
            "No result: the story stops before saying how it ended.".to_owned(),
            Some(
                "Finish with what changed because of your actions, with a number if you have one."
                    .to_owned(),
            ),
        ),
        (true, Some(number)) => add(
            FindingCode::ResultQuantified,
            Severity::Strength,
            number,
            "The result is measured.".to_owned(),
            None,
        ),
        (true, None) => add(
            FindingCode::ResultNotQuantified,
            Severity::Warn,
            sentences_of(parsed, parts, StarPart::Result).unwrap_or(last),
            "The result has no number: \"it went well\" is hard to weigh.".to_owned(),
            Some("Say by how much: the users, hours, money, errors or days it changed.".to_owned()),
        ),
    }

    let ownership = analysis.ownership;
    if ownership.we_heavy {
        add(
            FindingCode::WeHeavy,
            Severity::Warn,
            first_we_action(parsed, parts).unwrap_or(whole),
            format!(
                "Your actions say \"we\" {} times and \"I\" {} times: what was your part?",
                ownership.we, ownership.i
            ),
            Some(
                "Keep \"we\" for the team's goal and say \"I\" for what you did yourself."
                    .to_owned(),
            ),
        );
    } else if star.action.present && ownership.i >= 2 {
        add(
            FindingCode::OwnActions,
            Severity::Strength,
            sentences_of(parsed, parts, StarPart::Action).unwrap_or(whole),
            "Your actions are told in the first person.".to_owned(),
            None,
        );
    }
}

/// The span from the first to the last sentence of a part.
fn sentences_of(parsed: &Parsed<'_>, parts: &[StarPart], wanted: StarPart) -> Option<Span> {
    parsed
        .sentences
        .iter()
        .zip(parts)
        .filter(|(_, part)| **part == wanted)
        .map(|(sentence, _)| sentence.span)
        .reduce(Span::cover)
}

fn clamp_score(value: f64) -> u8 {
    value.round().clamp(0.0, 100.0) as u8
}

pub(super) fn scores(analysis: &Analysis) -> Option<Scores> {
    if analysis.word_count < MIN_SCORABLE_WORDS {
        return None;
    }
    let concision = match analysis.target_seconds {
        Some(target) if analysis.speaking_seconds < target.min => {
            100.0 * analysis.speaking_seconds / target.min
        }
        Some(target) if analysis.speaking_seconds > target.max => {
            100.0 - (analysis.speaking_seconds - target.max) * 0.7
        }
        _ => 100.0,
    }
    .max(20.0);

    let per_hundred = analysis.fillers.len() as f64 * 100.0 / analysis.word_count as f64;
    let delivery = (100.0 - per_hundred * 12.0).max(20.0);

    // Relevance is measured only against reference key points; without them it is absent rather
    // than a made-up middle.
    let relevance = analysis
        .key_points
        .as_ref()
        .filter(|points| !points.is_empty())
        .map(|points| {
            let share =
                points.iter().filter(|point| point.covered).count() as f64 / points.len() as f64;
            20.0 + 80.0 * share
        });

    let (structure, ownership, impact) = if analysis.kind == QuestionKind::Behavioral {
        let star = &analysis.star;
        let mut structure = [
            (star.situation.present, 20.0),
            (star.task.present, 15.0),
            (star.action.present, 35.0),
            (star.result.present, 30.0),
        ]
        .iter()
        .filter(|(present, _)| *present)
        .map(|(_, weight)| weight)
        .sum::<f64>();
        if star.action.present && star.action.share < 0.3 {
            structure -= 15.0;
        }
        let ownership = match (analysis.ownership.i, analysis.ownership.we) {
            (0, 0) => 40.0,
            (i, we) => 30.0 + 70.0 * i as f64 / (i + we) as f64,
        };
        let impact = match (star.result.present, analysis.result_quantified) {
            (true, true) => 95.0,
            (true, false) => 55.0,
            (false, _) => 15.0,
        };
        (Some(structure), Some(ownership), Some(impact))
    } else {
        (None, None, None)
    };

    // The overall score is the weighted mean of the sub-scores that apply. Content (structure,
    // ownership, impact, relevance) outweighs form, so a fluent answer that says little stays low.
    let weighted = [
        (structure, 0.20),
        (ownership, 0.20),
        (impact, 0.25),
        (relevance, 0.35),
        (Some(concision), 0.15),
        (Some(delivery), 0.10),
    ];
    let (sum, weights) = weighted
        .iter()
        .filter_map(|(score, weight)| score.map(|score| (score * weight, weight)))
        .fold((0.0, 0.0), |(sum, weights), (value, weight)| {
            (sum + value, weights + weight)
        });
    // An answer far short of the target has not shown enough to earn a high mark, however tidy.
    let length_factor = match analysis.target_seconds {
        Some(target) if analysis.speaking_seconds < target.min => {
            0.6 + 0.4 * analysis.speaking_seconds / target.min
        }
        _ => 1.0,
    };
    Some(Scores {
        overall: clamp_score(sum / weights * length_factor),
        structure: structure.map(clamp_score),
        ownership: ownership.map(clamp_score),
        impact: impact.map(clamp_score),
        concision: clamp_score(concision),
        relevance: relevance.map(clamp_score),
        delivery: clamp_score(delivery),
    })
}
