//! A BERT sentence encoder run in this process with candle: word pieces in, one unit vector per
//! text out (mean of the last layer over the real tokens, L2-normalised — how sentence-transformers
//! defines all-MiniLM-L6-v2).
//!
//! Same bits for the same text, always: a text is padded to a length that depends on its own
//! length only (the next multiple of [`BUCKET`] word pieces) and batched only with texts padded to
//! the same length, so its vector equals embedding it alone (a test checks it bit for bit) while
//! sentences of similar length still share a batch. Vectors are cached by the sha256 of their text; the texts that
//! come back every run (the question bank, key points, the engine's prototypes) can be kept on
//! disk beside the model ([`Encoder::keep`]), so they are computed once per model.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use rehearse_core::meaning::Embedder;
use sha2::{Digest, Sha256};

/// The most word pieces read of one text (the model's own limit is 512; sentence-transformers
/// uses 256 for this model, and interview sentences are far shorter).
pub const MAX_TOKENS: usize = 256;

/// Texts are padded to a multiple of this many word pieces and batched by that length: fewer,
/// larger batches (about 1.5 times faster on an answer's sentences than batching by exact length)
/// with results still independent of a text's company.
pub const BUCKET: usize = 8;

/// The most texts run through the model at once (larger batches are no faster on a CPU and
/// hold more memory).
const MAX_BATCH: usize = 32;

/// How many vectors the memory cache keeps besides those kept on disk (about 1.5 KB each).
const CACHE_CAPACITY: usize = 20_000;

/// The file, in the model's folder, that keeps vectors of texts that come back.
const DISK_CACHE: &str = "vectors.cache";
/// The format and the way vectors are computed: a change to either (padding, pooling) bumps it,
/// so vectors from another way are never mixed in.
const DISK_MAGIC: &[u8; 8] = b"RHVEC002";

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error("the model in {folder} could not be loaded: {reason}")]
    Load { folder: String, reason: String },
}

type Key = [u8; 16];

#[derive(Default)]
struct Cache {
    vectors: HashMap<Key, Arc<[f32]>>,
    /// Insertion order of the entries that may be evicted.
    order: VecDeque<Key>,
    /// Entries read from or written to the disk cache: never evicted.
    kept: std::collections::HashSet<Key>,
}

/// A sentence encoder (see the module documentation).
pub struct Encoder {
    name: String,
    folder: PathBuf,
    model: BertModel,
    tokenizer: tokenizers::Tokenizer,
    dimension: usize,
    cache: Mutex<Cache>,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("name", &self.name)
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

impl Encoder {
    /// Loads the model in `folder` (`config.json`, `tokenizer.json`, `model.safetensors`; the
    /// weights are memory-mapped) and the vectors kept beside it.
    pub fn load(name: &str, folder: &Path) -> Result<Encoder, EncoderError> {
        let failed = |reason: String| EncoderError::Load {
            folder: folder.display().to_string(),
            reason,
        };
        let config_text = std::fs::read_to_string(folder.join("config.json"))
            .map_err(|error| failed(format!("config.json: {error}")))?;
        let config: Config = serde_json::from_str(&config_text)
            .map_err(|error| failed(format!("config.json: {error}")))?;
        let mut tokenizer = tokenizers::Tokenizer::from_file(folder.join("tokenizer.json"))
            .map_err(|error| failed(format!("tokenizer.json: {error}")))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|error| failed(format!("tokenizer.json: {error}")))?;
        let weights = folder.join("model.safetensors");
        // Read into memory: mapping the file would need `unsafe`, which the workspace forbids.
        let bytes = std::fs::read(&weights)
            .map_err(|error| failed(format!("model.safetensors: {error}")))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &Device::Cpu)
            .map_err(|error| failed(format!("model.safetensors: {error}")))?;
        let model = BertModel::load(vb, &config)
            .map_err(|error| failed(format!("model.safetensors: {error}")))?;
        let encoder = Encoder {
            name: name.to_owned(),
            folder: folder.to_owned(),
            model,
            tokenizer,
            dimension: config.hidden_size,
            cache: Mutex::default(),
        };
        encoder.read_kept();
        Ok(encoder)
    }

    /// The length of each vector.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// How many word pieces the model reads of `text` (after truncation).
    pub fn tokens(&self, text: &str) -> usize {
        self.tokenizer
            .encode(text, true)
            .map(|encoding| encoding.get_ids().len())
            .unwrap_or(0)
    }

    /// Embeds `texts` (through the cache) and keeps their vectors on disk beside the model, so
    /// later runs start with them.
    pub fn keep(&self, texts: &[&str]) -> std::io::Result<()> {
        self.embed(texts);
        let mut cache = self.lock();
        let mut added = false;
        for text in texts {
            added |= cache.kept.insert(key(text));
        }
        if !added {
            // Everything was kept already: the file on disk is current.
            return Ok(());
        }
        let mut entries: Vec<(&Key, &Arc<[f32]>)> = cache
            .kept
            .iter()
            .filter_map(|key| cache.vectors.get(key).map(|vector| (key, vector)))
            .collect();
        entries.sort_by_key(|(key, _)| **key);
        let path = self.folder.join(DISK_CACHE);
        let temporary = self
            .folder
            .join(format!(".{DISK_CACHE}.{}.tmp", std::process::id()));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        out.write_all(DISK_MAGIC)?;
        out.write_all(&(self.dimension as u32).to_le_bytes())?;
        out.write_all(&(entries.len() as u32).to_le_bytes())?;
        for (key, vector) in entries {
            out.write_all(key)?;
            for value in vector.iter() {
                out.write_all(&value.to_le_bytes())?;
            }
        }
        out.into_inner()
            .map_err(|error| error.into_error())?
            .sync_all()?;
        std::fs::rename(&temporary, &path)
    }

    /// How many vectors are kept on disk.
    pub fn kept(&self) -> usize {
        self.lock().kept.len()
    }

    fn read_kept(&self) {
        let path = self.folder.join(DISK_CACHE);
        let Ok(mut file) = std::fs::File::open(&path) else {
            return;
        };
        let mut bytes = Vec::new();
        if file.read_to_end(&mut bytes).is_err() || !bytes.starts_with(DISK_MAGIC) {
            return;
        }
        let number = |at: usize| {
            bytes
                .get(at..at + 4)
                .map(|slice| u32::from_le_bytes([slice[0], slice[1], slice[2], slice[3]]) as usize)
        };
        let (Some(dimension), Some(count)) = (number(8), number(12)) else {
            return;
        };
        let entry = 16 + dimension * 4;
        if dimension != self.dimension || bytes.len() != 16 + count * entry {
            tracing::warn!(path = %path.display(), "the kept vectors do not fit this model; ignored");
            return;
        }
        let mut cache = self.lock();
        for index in 0..count {
            let at = 16 + index * entry;
            let mut key = [0u8; 16];
            key.copy_from_slice(&bytes[at..at + 16]);
            let vector: Arc<[f32]> = bytes[at + 16..at + entry]
                .chunks_exact(4)
                .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
                .collect();
            cache.vectors.insert(key, vector);
            cache.kept.insert(key);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs the model on `texts` (no cache): grouped by padded length, each group one batch.
    fn compute(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let mut out = vec![vec![0f32; self.dimension]; texts.len()];
        let mut groups: BTreeMap<usize, Vec<(usize, Vec<u32>)>> = BTreeMap::new();
        for (index, text) in texts.iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            if let Ok(encoding) = self.tokenizer.encode(*text, true) {
                let ids = encoding.get_ids().to_vec();
                groups
                    .entry(ids.len().div_ceil(BUCKET) * BUCKET)
                    .or_default()
                    .push((index, ids));
            }
        }
        for (length, members) in groups {
            for batch in members.chunks(MAX_BATCH) {
                match self.forward(length, batch) {
                    Ok(vectors) => {
                        for ((index, _), vector) in batch.iter().zip(vectors) {
                            out[*index] = vector;
                        }
                    }
                    Err(error) => tracing::error!("the sentence model failed: {error}"),
                }
            }
        }
        out
    }

    /// One batch of inputs padded to `length` through the model, mean-pooled over their real word
    /// pieces and normalised.
    fn forward(
        &self,
        length: usize,
        members: &[(usize, Vec<u32>)],
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let mut ids: Vec<u32> = Vec::with_capacity(members.len() * length);
        let mut mask: Vec<u32> = Vec::with_capacity(members.len() * length);
        for (_, pieces) in members {
            ids.extend(pieces);
            ids.extend(std::iter::repeat_n(0, length - pieces.len()));
            mask.extend(std::iter::repeat_n(1, pieces.len()));
            mask.extend(std::iter::repeat_n(0, length - pieces.len()));
        }
        let ids = Tensor::from_vec(ids, (members.len(), length), &Device::Cpu)?;
        let mask = Tensor::from_vec(mask, (members.len(), length), &Device::Cpu)?;
        let token_types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &token_types, Some(&mask))?;
        let weights = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let pooled = hidden
            .broadcast_mul(&weights)?
            .sum(1)?
            .broadcast_div(&weights.sum(1)?)?;
        let norms = pooled.sqr()?.sum_keepdim(1)?.sqrt()?;
        pooled.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

fn key(text: &str) -> Key {
    let digest = Sha256::digest(text.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

impl Embedder for Encoder {
    fn name(&self) -> &str {
        &self.name
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let keys: Vec<Key> = texts.iter().map(|text| key(text)).collect();
        let mut found: Vec<Option<Arc<[f32]>>> = {
            let cache = self.lock();
            keys.iter()
                .map(|key| cache.vectors.get(key).cloned())
                .collect()
        };
        // Each distinct missing text once.
        let mut missing: Vec<usize> = Vec::new();
        for (index, vector) in found.iter().enumerate() {
            if vector.is_none() && !missing.iter().any(|&other| keys[other] == keys[index]) {
                missing.push(index);
            }
        }
        if !missing.is_empty() {
            let computed = self.compute(&missing.iter().map(|&i| texts[i]).collect::<Vec<_>>());
            let mut cache = self.lock();
            for (&index, vector) in missing.iter().zip(computed) {
                let vector: Arc<[f32]> = vector.into();
                if cache.vectors.insert(keys[index], vector.clone()).is_none() {
                    cache.order.push_back(keys[index]);
                }
                while cache.order.len() > CACHE_CAPACITY {
                    if let Some(old) = cache.order.pop_front()
                        && !cache.kept.contains(&old)
                    {
                        cache.vectors.remove(&old);
                    }
                }
            }
            for (index, slot) in found.iter_mut().enumerate() {
                if slot.is_none() {
                    *slot = cache.vectors.get(&keys[index]).cloned();
                }
            }
        }
        found
            .into_iter()
            .map(|vector| vector.map_or_else(|| vec![0.0; self.dimension], |v| v.to_vec()))
            .collect()
    }
}
