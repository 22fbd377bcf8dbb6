//! The models Rehearse knows: where each file is published and the sha256 it must have.

/// One file of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFile {
    pub name: &'static str,
    pub bytes: u64,
    /// Lowercase hex.
    pub sha256: &'static str,
}

/// A model Rehearse can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    /// The folder name under the models folder, and the name on the command line.
    pub name: &'static str,
    /// Where its files are published: a file's URL is this followed by its name.
    pub home: &'static str,
    pub licence: &'static str,
    /// What installing it turns on, for `rehearse models` and the settings page.
    pub enables: &'static str,
    pub files: &'static [ModelFile],
}

impl Model {
    /// The files' total size in bytes.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|file| file.bytes).sum()
    }
}

/// The sentence model behind every judgement of meaning: sentence-transformers'
/// all-MiniLM-L6-v2 (22 M parameters, 384 dimensions), its files as published.
pub const MINILM: Model = Model {
    name: "all-MiniLM-L6-v2",
    home: "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/",
    licence: "Apache-2.0",
    enables: "feedback on meaning: key points said in your own words, answers that use the right words wrongly, stories about the wrong competency, STAR parts, design and case steps, story matching and question sets",
    files: &[
        ModelFile {
            name: "config.json",
            bytes: 612,
            sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
        },
        ModelFile {
            name: "tokenizer.json",
            bytes: 466_247,
            sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        },
        ModelFile {
            name: "model.safetensors",
            bytes: 90_868_376,
            sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        },
    ],
};

/// Every model Rehearse knows.
pub const MODELS: &[Model] = &[MINILM];

/// The model called `name` (case-insensitive), if Rehearse knows it.
pub fn find(name: &str) -> Option<&'static Model> {
    MODELS
        .iter()
        .find(|model| model.name.eq_ignore_ascii_case(name.trim()))
}
