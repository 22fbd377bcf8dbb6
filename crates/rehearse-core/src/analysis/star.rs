//! STAR tagging: which part of the story each sentence tells.
//!
//! Each sentence gets a score for every part from what it says and how: cue phrases ("my task
//! was", "as a result"), who acts and in what tense ("I" + a past-tense verb is an action, "we
//! were" sets a scene), whether it states a quantity, and where it sits (stories open with the
//! setting and close with the outcome). A Viterbi pass then picks the best sequence of parts, with
//! transitions that favour the guide's order (situation → task → action → result → reflection)
//! and staying in a part, so a sentence with no signal of its own ("He agreed.") takes its part
//! from its neighbours.

use super::lexicon::Cue;
use super::parse::{Parsed, Sentence};
use super::{Ownership, Star, StarPart};
use crate::text::Span;

const PARTS: [StarPart; 6] = [
    StarPart::Situation,
    StarPart::Task,
    StarPart::Action,
    StarPart::Result,
    StarPart::Reflection,
    StarPart::Other,
];

/// Score for moving from the row's part to the column's part (order of `PARTS`).
const TRANSITION: [[f64; 6]; 6] = [
    //  S     T     A     R    Ref    O
    [0.3, 0.4, 0.2, -0.4, -1.0, -0.2],   // from Situation
    [-0.6, 0.0, 0.4, -0.2, -1.0, -0.2],  // from Task
    [-1.2, -0.5, 0.5, 0.3, 0.0, -0.2],   // from Action
    [-1.5, -1.0, -0.8, 0.4, 0.3, -0.2],  // from Result
    [-1.5, -1.2, -0.8, -0.2, 0.4, -0.2], // from Reflection
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.2],      // from Other
];

const START: [f64; 6] = [0.3, 0.0, -0.2, -0.8, -1.2, 0.0];

fn capped(count: usize) -> f64 {
    count.min(2) as f64
}

/// How well `sentence` fits each part, before its neighbours are considered.
fn emissions(parsed: &Parsed<'_>, sentence: &Sentence, position: f64) -> [f64; 6] {
    let count = |cue| capped(parsed.count(sentence, cue));
    let features = &sentence.features;
    let acts = features.i_acts + features.we_acts;

    let mut situation = 1.4 * count(Cue::Situation);
    if features.states > 0 && acts == 0 {
        situation += 0.8;
    }
    if features.i_acts > 0 {
        situation -= 0.8;
    }
    situation += 0.7 * (1.0 - position).powi(2);

    let task = 2.4 * count(Cue::Task);

    let mut action = 0.8 * count(Cue::Action);
    if features.i_acts > 0 {
        action += 1.5 + if features.i_acts > 1 { 0.4 } else { 0.0 };
    } else if features.we_acts > 0 {
        action += 1.1;
    } else if features.others_act > 0 {
        action += 0.5;
    }

    let outcome = outcome_signal(parsed, sentence);
    let mut result = outcome;
    if features.quantity.is_some() {
        result += if outcome > 0.0 { 0.5 } else { 0.2 };
    }
    result += 0.8 * position.powi(2);

    let mut reflection = 2.2 * count(Cue::Reflection);
    reflection += if position > 0.7 { 0.3 } else { -0.5 };

    // What the speaker would do, usually does, or is like, is not an event in the story.
    let mut other = 0.25;
    if features.i_acts == 0 {
        let not_events = count(Cue::Hypothetical)
            + count(Cue::Habitual)
            + count(Cue::SelfDescription)
            + count(Cue::Virtue);
        if not_events > 0.0 {
            action -= 1.0;
            other += 0.8 * not_events.min(1.5);
        }
    }
    [situation, task, action, result, reflection, other]
}

/// How strongly a sentence reports an outcome: result phrases, a later time, change, success, or
/// a count that was won ("we got 200 followers", "sold more than 300").
fn outcome_signal(parsed: &Parsed<'_>, sentence: &Sentence) -> f64 {
    let count = |cue| capped(parsed.count(sentence, cue));
    let gained = if counts_a_gain(parsed, sentence) {
        0.7
    } else {
        0.0
    };
    1.5 * count(Cue::Result)
        + 0.7 * count(Cue::LaterTime)
        + 0.7 * count(Cue::Change).min(1.0).max(gained)
        + 0.5 * count(Cue::GoodOutcome).min(1.0)
}

/// A verb of getting within three words before the sentence's first quantity: "got 200
/// followers", "raised about 450 pounds", "sold more than 300".
fn counts_a_gain(parsed: &Parsed<'_>, sentence: &Sentence) -> bool {
    const GAINS: &[&str] = &[
        "got",
        "gained",
        "won",
        "sold",
        "raised",
        "reached",
        "hit",
        "attracted",
        "secured",
        "signed",
        "earned",
        "collected",
        "recruited",
    ];
    sentence.features.quantity.is_some_and(|at| {
        (at.saturating_sub(3).max(sentence.words.start)..at)
            .any(|index| GAINS.contains(&parsed.lower[index]))
    })
}

/// The STAR part of every sentence of a story answer, from what its words say and, when given,
/// extra evidence per sentence and part (in `PARTS` order): the sentence model's reading of which
/// sentences state a task or an outcome.
pub(super) fn tag_with(parsed: &Parsed<'_>, extra: Option<&[[f64; 6]]>) -> Vec<StarPart> {
    let emissions = |index: usize, sentence: &Sentence, position: f64| {
        let mut scores = emissions(parsed, sentence, position);
        if let Some(extra) = extra.and_then(|extra| extra.get(index)) {
            for (score, more) in scores.iter_mut().zip(extra) {
                *score += more;
            }
        }
        scores
    };
    let count = parsed.sentences.len();
    if count == 0 {
        return Vec::new();
    }
    let position = |index: usize| {
        if count > 1 {
            index as f64 / (count - 1) as f64
        } else {
            0.5
        }
    };
    // best[k][p]: the best score of a sequence ending at sentence k in part p; from[k][p]: its
    // previous part.
    let mut best = vec![[f64::NEG_INFINITY; 6]; count];
    let mut from = vec![[0usize; 6]; count];
    let first = emissions(0, &parsed.sentences[0], position(0));
    for part in 0..6 {
        best[0][part] = START[part] + first[part];
    }
    for index in 1..count {
        let emitted = emissions(index, &parsed.sentences[index], position(index));
        for part in 0..6 {
            let (previous, score) = (0..6)
                .map(|previous| {
                    (
                        previous,
                        best[index - 1][previous] + TRANSITION[previous][part],
                    )
                })
                .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
            best[index][part] = score + emitted[part];
            from[index][part] = previous;
        }
    }
    let mut part = (0..6).fold(0, |a, b| {
        if best[count - 1][b] > best[count - 1][a] {
            b
        } else {
            a
        }
    });
    let mut parts = vec![StarPart::Other; count];
    for index in (0..count).rev() {
        parts[index] = PARTS[part];
        part = from[index][part];
    }
    // An ending that reports no outcome at all (no result phrase, change, success or later time)
    // is not a result, wherever it sits: saying so is more useful than a green tick.
    let reports_outcome = parsed.sentences.iter().zip(&parts).any(|(sentence, part)| {
        *part == StarPart::Result && outcome_signal(parsed, sentence) > 0.0
    });
    if !reports_outcome {
        for part in parts.iter_mut().filter(|part| **part == StarPart::Result) {
            *part = StarPart::Other;
        }
    }
    parts
}

/// Word counts and shares per STAR part.
pub(super) fn stats(parsed: &Parsed<'_>, parts: &[StarPart]) -> Star {
    let mut star = Star::default();
    for (sentence, &part) in parsed.sentences.iter().zip(parts) {
        let slot = match part {
            StarPart::Situation => &mut star.situation,
            StarPart::Task => &mut star.task,
            StarPart::Action => &mut star.action,
            StarPart::Result => &mut star.result,
            StarPart::Reflection | StarPart::Other => continue,
        };
        slot.present = true;
        slot.sentences += 1;
        slot.words += sentence.words.len();
    }
    let total = parsed.word_count();
    for slot in [
        &mut star.situation,
        &mut star.task,
        &mut star.action,
        &mut star.result,
    ] {
        slot.share = share(slot.words, total);
    }
    star
}

fn share(part: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (part as f64 / total as f64 * 1000.0).round() / 1000.0
    }
}

/// The span of every sentence of `part`, in order.
pub(super) fn sentences_of(parsed: &Parsed<'_>, parts: &[StarPart], part: StarPart) -> Vec<Span> {
    parsed
        .sentences
        .iter()
        .zip(parts)
        .filter(|(_, p)| **p == part)
        .map(|(sentence, _)| sentence.span)
        .collect()
}

/// The first quantity stated in the result: the evidence that the result is measured. A number
/// counts in a result sentence that reports an outcome, or in the closing result sentences; a
/// number in a sentence that drifted into the result without saying how things ended does not.
pub(super) fn result_quantity(parsed: &Parsed<'_>, parts: &[StarPart]) -> Option<Span> {
    let last_result = parts.iter().rposition(|part| *part == StarPart::Result)?;
    parsed
        .sentences
        .iter()
        .zip(parts)
        .enumerate()
        .filter(|(_, (_, part))| **part == StarPart::Result)
        .filter(|(index, (sentence, _))| {
            outcome_signal(parsed, sentence) > 0.0 || *index + 1 >= last_result
        })
        .find_map(|(_, (sentence, _))| {
            sentence
                .features
                .quantity
                .map(|index| with_what_it_counts(parsed, sentence, index))
        })
}

/// A quantity with the word that says what it counts ("5 days", "two weeks"): the next word of
/// its sentence, with nothing but a space between and not a small word ("within", "to"), since a
/// quote of "5" alone says nothing. "38%" and "$120,000" say what they
/// count already.
fn with_what_it_counts(parsed: &Parsed<'_>, sentence: &Sentence, index: usize) -> Span {
    const ENDS: &[&str] = &[
        "a", "an", "the", "and", "or", "but", "in", "within", "by", "to", "from", "of", "for",
        "on", "at", "per", "after", "before", "than", "so", "which", "that", "while", "with",
        "instead",
    ];
    let span = parsed.words[index];
    let quantity = span.of(parsed.answer);
    if quantity.ends_with('%') || quantity.starts_with(|c: char| !c.is_alphanumeric()) {
        return span;
    }
    let next = index + 1;
    if next < sentence.words.end
        && parsed.answer[span.end..parsed.words[next].start] == *" "
        && !ENDS.contains(&parsed.lower[next])
    {
        return span.cover(parsed.words[next]);
    }
    span
}

/// The first quantity stated before the actions, for "numbers in the setup but not the result".
pub(super) fn setup_quantity(parsed: &Parsed<'_>, parts: &[StarPart]) -> Option<Span> {
    parsed
        .sentences
        .iter()
        .zip(parts)
        .filter(|(_, part)| matches!(part, StarPart::Situation | StarPart::Task))
        .find_map(|(sentence, _)| {
            sentence
                .features
                .quantity
                .map(|index| with_what_it_counts(parsed, sentence, index))
        })
}

/// "I" against "we" in the action sentences (the whole answer when no sentence is an action).
pub(super) fn ownership(parsed: &Parsed<'_>, parts: &[StarPart]) -> Ownership {
    let has_actions = parts.contains(&StarPart::Action);
    let (mut i, mut we) = (0, 0);
    for (sentence, &part) in parsed.sentences.iter().zip(parts) {
        if has_actions && part != StarPart::Action {
            continue;
        }
        i += sentence.features.singular;
        we += sentence.features.plural;
    }
    Ownership {
        i,
        we,
        we_heavy: has_actions && we >= 2 && we > i,
    }
}

/// The first action sentence told with "we", for pointing at.
pub(super) fn first_we_action(parsed: &Parsed<'_>, parts: &[StarPart]) -> Option<Span> {
    parsed
        .sentences
        .iter()
        .zip(parts)
        .find(|(sentence, part)| **part == StarPart::Action && sentence.features.plural > 0)
        .map(|(sentence, _)| sentence.span)
}
