//! Meaning: what a sentence model says about texts, for the judgements that shared words get
//! wrong (a correct answer in the candidate's own words, a story about the wrong competency).
//!
//! The model itself lives outside the core (in `rehearse-models`); the core sees only the
//! [`Embedder`] trait — texts in, unit vectors out — and stays pure: the same texts through the
//! same embedder give the same vectors, so the same answer gets the same feedback. Core's tests
//! use [`WordsEmbedder`], a fixed stand-in that knows only words.
//!
//! Every judgement made with meaning keeps its evidence: a similarity picks *which sentence*
//! covers a key point, and the finding quotes that sentence, cut from the answer by code.

use crate::text;

/// A sentence model: one unit-length vector per text.
pub trait Embedder: Send + Sync + std::fmt::Debug {
    /// The model's name, shown with what it judged ("all-MiniLM-L6-v2").
    fn name(&self) -> &str;

    /// One vector per text, in order, each of length one (or all zeros for a text with nothing
    /// to embed). A text's vector depends on that text alone — not on the other texts of the
    /// call, nor on what was embedded before — so results do not change with batching or caching.
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;
}

/// The cosine of two unit vectors (their dot product), summed in a fixed order; 0 when either is
/// empty or their lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    dot as f32
}

/// The unit-length mean of several vectors (a window of sentences read as one); empty when there
/// are none.
pub fn mean(vectors: &[&[f32]]) -> Vec<f32> {
    let Some(first) = vectors.first() else {
        return Vec::new();
    };
    let mut sum = vec![0f64; first.len()];
    for vector in vectors {
        for (total, value) in sum.iter_mut().zip(vector.iter()) {
            *total += f64::from(*value);
        }
    }
    let norm = sum.iter().map(|value| value * value).sum::<f64>().sqrt();
    if norm == 0.0 {
        return vec![0.0; first.len()];
    }
    sum.iter().map(|value| (value / norm) as f32).collect()
}

/// A stand-in embedder for tests: a text's vector is its content-word stems hashed into 256
/// dimensions, so texts that share words are close and texts that share none are orthogonal.
/// It knows nothing a real model knows (paraphrase), which is what makes it a fair fixed fake.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordsEmbedder;

impl Embedder for WordsEmbedder {
    fn name(&self) -> &str {
        "words (test stand-in)"
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts
            .iter()
            .map(|text| {
                let mut vector = vec![0f64; 256];
                for word in text::words(text) {
                    let lower = word.span.of(text).to_lowercase();
                    if lower.chars().count() < 3 {
                        continue;
                    }
                    let stem = text::stem(&lower);
                    // FNV-1a: stable across runs and platforms.
                    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
                    for byte in stem.bytes() {
                        hash ^= u64::from(byte);
                        hash = hash.wrapping_mul(0x0100_0000_01b3);
                    }
                    vector[(hash % 256) as usize] += 1.0;
                }
                let norm = vector.iter().map(|value| value * value).sum::<f64>().sqrt();
                vector
                    .iter()
                    .map(|value| {
                        if norm == 0.0 {
                            0.0
                        } else {
                            (value / norm) as f32
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_is_deterministic_and_unit_length() {
        let embedder = WordsEmbedder;
        let vectors = embedder.embed(&["Indexes speed up reads", "indexes slow writes", ""]);
        assert_eq!(
            vectors,
            embedder.embed(&["Indexes speed up reads", "indexes slow writes", ""])
        );
        let norm: f32 = vectors[0].iter().map(|v| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert!(cosine(&vectors[0], &vectors[1]) > 0.2);
        assert_eq!(cosine(&vectors[0], &vectors[2]), 0.0);
        let window = mean(&[&vectors[0], &vectors[1]]);
        assert!(cosine(&window, &vectors[0]) > cosine(&vectors[1], &vectors[0]));
    }
}
