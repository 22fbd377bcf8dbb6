//! Compiles every `bank/questions/*.toml` file into the crate, so adding a file needs no code
//! change. The list is sorted, keeping the bank's order (and so every output) deterministic.

use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let questions = Path::new(&manifest_dir).join("bank").join("questions");
    println!("cargo::rerun-if-changed={}", questions.display());

    let mut files: Vec<_> = fs::read_dir(&questions)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", questions.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "toml")
        })
        .collect();
    files.sort();

    let mut code = String::from(
        "/// Every built-in question file: (file name, contents).\npub(crate) const QUESTION_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let name = path.file_name().expect("file name").to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("question_files.rs");
    fs::write(&out, code).unwrap_or_else(|error| panic!("cannot write {}: {error}", out.display()));
}
