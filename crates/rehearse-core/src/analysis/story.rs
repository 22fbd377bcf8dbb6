//! Whether a behavioral answer tells a real story, and how an answer handles not knowing.
//!
//! "Tell me about a time" asks for an event. Four common answers are not one: what the speaker
//! *would* do (hypothetical), what they *usually* do (habit), what they are *like* (a list of
//! virtues), and declining to answer (deflection). Each is recognised from its phrases together
//! with the absence of told events (past-tense actions), so a real story that mentions a habit in
//! passing is not mistaken for one.

use super::lexicon::Cue;
use super::parse::Parsed;
use crate::text::Span;

/// Why an answer is not a story, with the words that show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NotAStory {
    Hypothetical(Span),
    Habitual(Span),
    VirtueList(Span),
    Deflection(Span),
}

/// How an answer deals with a question the speaker cannot fully answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Knowing {
    /// Says so and reasons it through: what the guide recommends.
    ReasoningAloud(Span),
    /// Says so and stops.
    DontKnow(Span),
}

/// Events the answer tells: first-person past-tense actions.
fn told_events(parsed: &Parsed<'_>) -> usize {
    parsed
        .sentences
        .iter()
        .map(|sentence| sentence.features.i_acts + sentence.features.we_acts)
        .sum()
}

/// The sentence around the first hit of `cue`.
fn first_sentence_with(parsed: &Parsed<'_>, cue: Cue) -> Option<Span> {
    parsed
        .sentences
        .iter()
        .find(|sentence| parsed.count(sentence, cue) > 0)
        .map(|sentence| sentence.span)
}

/// Sentences carrying `cue` that tell no event of their own.
fn sentences_without_events(parsed: &Parsed<'_>, cues: &[Cue]) -> usize {
    parsed
        .sentences
        .iter()
        .filter(|sentence| {
            sentence.features.i_acts == 0 && cues.iter().any(|&cue| parsed.count(sentence, cue) > 0)
        })
        .count()
}

/// Recognises a behavioral answer that is not a story. `None` for a real story.
pub(super) fn not_a_story(parsed: &Parsed<'_>) -> Option<NotAStory> {
    let events = told_events(parsed);
    let sentences = parsed.sentences.len().max(1);

    if parsed.total(Cue::Deflection) > 0 && events <= 2 {
        return first_sentence_with(parsed, Cue::Deflection).map(NotAStory::Deflection);
    }
    if events <= 1 {
        let hypothetical = sentences_without_events(parsed, &[Cue::Hypothetical]);
        if hypothetical >= 2 && hypothetical * 100 >= sentences * 30 {
            return first_sentence_with(parsed, Cue::Hypothetical).map(NotAStory::Hypothetical);
        }
        let present: usize = parsed
            .sentences
            .iter()
            .map(|sentence| sentence.features.i_present)
            .sum();
        let habitual = parsed.total(Cue::Habitual);
        if habitual >= 2 || (habitual >= 1 && present >= 3) {
            return first_sentence_with(parsed, Cue::Habitual).map(NotAStory::Habitual);
        }
        let virtues = parsed.total(Cue::Virtue);
        if virtues >= 3 || (virtues >= 2 && parsed.total(Cue::SelfDescription) >= 1) {
            return first_sentence_with(parsed, Cue::Virtue).map(NotAStory::VirtueList);
        }
    }
    None
}

/// Recognises "I don't know" answers: reasoning aloud, or stopping.
pub(super) fn knowing(parsed: &Parsed<'_>) -> Option<Knowing> {
    let admission = first_sentence_with(parsed, Cue::Admission)?;
    let reasoning = parsed.total(Cue::Reasoning);
    if reasoning >= 1 && parsed.word_count() >= 25 {
        let reasoning_span = first_sentence_with(parsed, Cue::Reasoning).unwrap_or(admission);
        return Some(Knowing::ReasoningAloud(admission.cover(reasoning_span)));
    }
    (parsed.word_count() < 60).then_some(Knowing::DontKnow(admission))
}
