//! The `rehearse` binary run as a user runs it, in a temporary directory: commands, exit codes,
//! stdout and stderr. Plus `tidy`, which checks rules of the workspace itself.

mod commands;
mod drills;
mod llm;
mod models;
mod prep;
mod security;
mod serve;
mod speech;
mod stories;
mod targets;
mod tidy;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A temporary directory with a `rehearse` command that uses a database inside it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Sandbox {
        Sandbox::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> std::path::PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// `rehearse ARGS` with the sandbox's database and a clean environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rehearse"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_LOG")
            .env_remove("REHEARSE_ADDR")
            .env_remove("REHEARSE_CONFIG")
            .env_remove("REHEARSE_PACKS")
            // No model unless a test configures one.
            .env_remove("REHEARSE_LLM")
            .env_remove("REHEARSE_LLM_PRICE")
            .env_remove("OPENAI_API_KEY")
            .env_remove("OPENAI_BASE_URL")
            .env_remove("ANTHROPIC_API_KEY")
            .env_remove("ANTHROPIC_BASE_URL")
            .env_remove("REHEARSE_STT")
            .env_remove("REHEARSE_STT_BASE_URL")
            .env_remove("REHEARSE_STT_API_KEY")
            .env_remove("REHEARSE_KEEP_AUDIO")
            .env("REHEARSE_DB", self.path("rehearse.db"))
            .env("NO_COLOR", "1")
            // Keep the user's real data directory out of reach.
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data"));
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rehearse runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().expect("rehearse finishes")
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

/// Asserts success and returns stdout.
pub fn success(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// Asserts exit code 1 with one `error:` line on stderr, and returns that line.
pub fn failure(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
    let stderr = stderr(output);
    let line = stderr.trim_end();
    assert!(
        line.starts_with("error: ") && !line.contains('\n'),
        "one error line: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    line.to_owned()
}

pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .parent()
        .unwrap()
}

pub const STAR_ANSWER: &str = "Last spring I was the only analyst supporting a sales team of twelve. \
My task was to find out why our weekly revenue report was always a day late. \
I traced every step of the report, I found that two people copied the same numbers by hand, \
and I replaced the copying with one shared query that I scheduled for Monday mornings. \
As a result, the report went out on time every week and we saved about six hours of work a week.";
