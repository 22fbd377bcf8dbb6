//! The answer cut into words and sentences once, with the cues and grammar signals every measure
//! reads. All indexes are word indexes into `Parsed::words`.

use std::borrow::Cow;
use std::ops::Range;

use super::lexicon::{Cue, Lexicon, SUBJECT_ADVERBS};
use crate::text::{self, Span};

/// A sentence longer than this is split before discourse markers (spoken transcripts).
const RUN_ON_WORDS: usize = 35;

/// One cue found in the answer, over words `first..=last`.
#[derive(Debug, Clone, Copy)]
pub(super) struct CueHit {
    pub cue: Cue,
    pub first: usize,
    pub last: usize,
}

/// What one sentence says about who does what, and when.
#[derive(Debug, Clone, Default)]
pub(super) struct Features {
    /// "I" followed by a past-tense verb that is not a state: the speaker did something.
    pub i_acts: usize,
    /// The same with "we".
    pub we_acts: usize,
    /// The same with he, she, they or it.
    pub others_act: usize,
    /// A subject followed by a state verb ("I was", "we had", "there were").
    pub states: usize,
    /// First-person pronouns (I, me, my, ...) and plural ones (we, us, our, ...).
    pub singular: usize,
    pub plural: usize,
    /// A verb in the present tense after "I" ("I make sure", "I try").
    pub i_present: usize,
    /// The first word that states a quantity, if any.
    pub quantity: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct Sentence {
    pub span: Span,
    pub words: Range<usize>,
    pub features: Features,
    /// Indexes into `Parsed::cues` of the cues that start in this sentence.
    pub cues: Range<usize>,
}

/// The lowercase form and the stem of every word of a text, kept in two strings rather than in two
/// allocations per word (allocation was a third of the engine's time).
pub(super) struct WordForms {
    tokens: Vec<text::Word>,
    lower_text: String,
    stem_text: String,
    lower: Vec<(usize, usize)>,
    /// (in `stem_text` rather than `lower_text`, start, end)
    stems: Vec<(bool, usize, usize)>,
}

impl WordForms {
    pub(super) fn new(text: &str) -> WordForms {
        let tokens = text::words(text);
        let mut lower_text = String::with_capacity(text.len() + 8);
        let mut lower = Vec::with_capacity(tokens.len());
        for token in &tokens {
            let start = lower_text.len();
            push_lowercase(&mut lower_text, token.span.of(text));
            lower.push((start, lower_text.len()));
        }
        let mut stem_text = String::new();
        let stems = lower
            .iter()
            .map(|&(start, end)| match text::stem(&lower_text[start..end]) {
                // The stemmer only cuts suffixes, so a borrowed stem is a prefix of the word.
                Cow::Borrowed(stem) => (false, start, start + stem.len()),
                Cow::Owned(stem) => {
                    let at = stem_text.len();
                    stem_text.push_str(&stem);
                    (true, at, stem_text.len())
                }
            })
            .collect();
        WordForms {
            tokens,
            lower_text,
            stem_text,
            lower,
            stems,
        }
    }
}

/// Appends the word lowercased, with a typographic apostrophe made plain.
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

pub(super) struct Parsed<'a> {
    pub answer: &'a str,
    pub lexicon: &'static Lexicon,
    pub words: Vec<Span>,
    /// Each word lowercased, with typographic apostrophes made plain.
    pub lower: Vec<&'a str>,
    pub stems: Vec<&'a str>,
    pub sentences: Vec<Sentence>,
    /// Every cue in the answer, ordered by first word.
    pub cues: Vec<CueHit>,
}

/// First-person singular ("I", "my", ...) or plural ("we", "our", ...), by a `match` rather
/// than a list search: this runs on every word.
fn is_singular(word: &str) -> bool {
    matches!(
        word,
        "i" | "me" | "my" | "myself" | "mine" | "i'm" | "i've" | "i'd" | "i'll"
    )
}

fn is_plural(word: &str) -> bool {
    matches!(
        word,
        "we" | "us" | "our" | "ours" | "ourselves" | "we're" | "we've" | "we'd" | "we'll"
    )
}

fn is_other_subject(word: &str) -> bool {
    matches!(word, "he" | "she" | "they" | "it" | "everyone" | "nobody")
}

impl<'a> Parsed<'a> {
    /// Parses `answer`, whose word forms are `forms` (`WordForms::new(answer)`).
    pub(super) fn new(answer: &'a str, forms: &'a WordForms) -> Parsed<'a> {
        let lexicon = Lexicon::get();
        let tokens = &forms.tokens;
        let words: Vec<Span> = tokens.iter().map(|word| word.span).collect();
        let lower: Vec<&str> = forms
            .lower
            .iter()
            .map(|&(start, end)| &forms.lower_text[start..end])
            .collect();
        let stems: Vec<&str> = forms
            .stems
            .iter()
            .map(|&(extra, start, end)| {
                if extra {
                    &forms.stem_text[start..end]
                } else {
                    &forms.lower_text[start..end]
                }
            })
            .collect();

        let mut cues = Vec::new();
        lexicon.scan(&lower, &stems, |cue, first, last| {
            cues.push(CueHit { cue, first, last })
        });

        let spans = text::split_run_ons(
            answer,
            &text::sentences(answer),
            tokens,
            &lower,
            RUN_ON_WORDS,
        );
        let mut sentences = Vec::with_capacity(spans.len());
        let (mut next_word, mut next_cue) = (0, 0);
        for span in spans {
            let first = next_word;
            while next_word < words.len() && words[next_word].start < span.end {
                next_word += 1;
            }
            let first_cue = next_cue;
            while next_cue < cues.len() && cues[next_cue].first < next_word {
                next_cue += 1;
            }
            sentences.push(Sentence {
                span,
                words: first..next_word,
                features: Features::default(),
                cues: first_cue..next_cue,
            });
        }
        let mut parsed = Parsed {
            answer,
            lexicon,
            words,
            lower,
            stems,
            sentences,
            cues,
        };
        for index in 0..parsed.sentences.len() {
            let features = parsed.features(parsed.sentences[index].words.clone());
            parsed.sentences[index].features = features;
        }
        parsed
    }

    fn features(&self, range: Range<usize>) -> Features {
        let mut features = Features::default();
        for index in range.clone() {
            let word = self.lower[index];
            if is_singular(word) {
                features.singular += 1;
            } else if is_plural(word) {
                features.plural += 1;
            }
            if features.quantity.is_none() && self.lexicon.is_quantity(word) {
                features.quantity = Some(index);
            }
            let is_subject =
                word == "i" || word == "we" || is_other_subject(word) || word == "there";
            if !is_subject {
                continue;
            }
            // The verb: the next word, skipping up to two adverbs ("I then quickly wrote").
            let mut verb = index + 1;
            while verb < range.end
                && verb < index + 3
                && SUBJECT_ADVERBS.contains(&self.lower[verb])
            {
                verb += 1;
            }
            let Some(verb_word) = self.lower.get(verb).filter(|_| verb < range.end) else {
                continue;
            };
            if self.lexicon.is_state_verb(verb_word) {
                features.states += 1;
            } else if self.lexicon.is_past(verb_word) {
                // Verbs joined to this one share its subject: "I called them and asked ...".
                let acts = 1 + self.coordinated_past_verbs(verb + 1..range.end);
                match word {
                    "i" => features.i_acts += acts,
                    "we" => features.we_acts += acts,
                    "there" => {}
                    _ => features.others_act += acts,
                }
            } else if word == "i" && is_plain_verb(verb_word) {
                features.i_present += 1;
            }
        }
        features
    }

    /// Past-tense verbs right after "and", "then" or a comma in `range`, up to the next subject:
    /// the further actions of a subject already counted.
    fn coordinated_past_verbs(&self, range: Range<usize>) -> usize {
        let mut count = 0;
        for index in range.clone() {
            let word = self.lower[index];
            if word == "i" || word == "we" || is_other_subject(word) {
                break;
            }
            let joined = index > range.start
                && (matches!(self.lower[index - 1], "and" | "then")
                    || self.answer[..self.words[index].start]
                        .trim_end()
                        .ends_with(','));
            if joined && self.lexicon.is_past(word) && !self.lexicon.is_state_verb(word) {
                count += 1;
            }
        }
        count
    }

    /// The cues that start in `sentence`.
    pub(super) fn cues_in(&self, sentence: &Sentence) -> &[CueHit] {
        &self.cues[sentence.cues.clone()]
    }

    /// How many cues of `kind` start in `sentence`.
    pub(super) fn count(&self, sentence: &Sentence, kind: Cue) -> usize {
        self.cues_in(sentence)
            .iter()
            .filter(|hit| hit.cue == kind)
            .count()
    }

    /// How many cues of `kind` the whole answer has.
    pub(super) fn total(&self, kind: Cue) -> usize {
        self.cues.iter().filter(|hit| hit.cue == kind).count()
    }

    /// The span of words `first..=last`.
    pub(super) fn span_of(&self, first: usize, last: usize) -> Span {
        Span::new(self.words[first].start, self.words[last].end)
    }

    /// The whole answer, trimmed to its sentences.
    pub(super) fn whole(&self) -> Span {
        match (self.sentences.first(), self.sentences.last()) {
            (Some(first), Some(last)) => first.span.cover(last.span),
            _ => Span::new(0, self.answer.len()),
        }
    }

    pub(super) fn word_count(&self) -> usize {
        self.words.len()
    }
}

/// A present-tense verb after "I": a plain lowercase word that is not a pronoun, article,
/// auxiliary or past form. Good enough to tell "I make sure" from "I made".
fn is_plain_verb(word: &str) -> bool {
    const NOT_VERBS: &[&str] = &[
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "as",
        "am",
        "was",
        "would",
        "will",
        "could",
        "should",
        "can",
        "might",
        "must",
        "had",
        "have",
        "did",
        "do",
        "don't",
        "didn't",
        "think",
        "guess",
        "mean",
        "believe",
        "feel",
        "also",
        "really",
        "just",
        "not",
        "never",
        "personally",
        "myself",
    ];
    word.len() > 1
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !NOT_VERBS.contains(&word)
        && !word.ends_with("ed")
}
