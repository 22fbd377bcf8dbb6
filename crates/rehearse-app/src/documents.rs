//! Text out of the files people upload: PDF, DOCX, HTML, Markdown and plain text.
//!
//! A file is someone else's bytes: a 1 MB PDF can hold a stream that inflates to gigabytes, a
//! nesting deep enough to overflow a stack, or a loop that never ends. So the server reads files
//! through a [`DocumentReader`] that runs the reader in a child process (the `rehearse` binary
//! itself, with the hidden `read-document` command) with a memory limit, a CPU limit and a
//! deadline, killed when the request that wanted it goes away, and at most
//! [`MAX_CONCURRENT_READS`] at once; whatever the file does, the server stays small and the user
//! gets a message. Without a helper program (tests, library use) the reader runs in this process
//! on a blocking thread, inside `catch_unwind`, with the byte limits only.
//!
//! Every failure says what was wrong and what to do instead ("paste the text").

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rehearse_core::markup;
use serde::{Deserialize, Serialize};

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The most text taken out of a DOCX's main part (guards against zip bombs).
const MAX_DOCX_XML_BYTES: u64 = 30 * 1024 * 1024;

/// The most memory a child reading one file may allocate (its heap and private mappings).
pub const MAX_READ_MEMORY_BYTES: u64 = 384 * 1024 * 1024;

/// The longest one file may take to read, in seconds (wall clock; CPU time is capped too).
pub const MAX_READ_SECONDS: u64 = 20;

/// The most files read at once; more wait their turn (for up to [`MAX_READ_SECONDS`]).
pub const MAX_CONCURRENT_READS: usize = 2;

/// The most text a child may send back (far above the 100,000 characters a document may have).
const MAX_CHILD_OUTPUT_BYTES: usize = 4 * 1024 * 1024;

/// Why a file gave no usable text.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum DocumentError {
    #[error(
        "{name} is {megabytes:.1} MB; the limit is 10 MB, so export a smaller file or paste the text"
    )]
    TooLarge { name: String, megabytes: f64 },
    #[error("{name} is empty")]
    Empty { name: String },
    #[error(
        "{name} has no text layer (it looks like a scanned image); paste the text instead, or export the PDF from your word processor"
    )]
    ScannedPdf { name: String },
    #[error("{name} is password-protected; remove the password or paste the text instead")]
    Encrypted { name: String },
    #[error("{name} could not be read as {kind} ({reason}); paste the text instead")]
    Corrupt {
        name: String,
        kind: String,
        reason: String,
    },
    #[error("{name} is not text, PDF or DOCX; paste the text instead")]
    Unsupported { name: String },
    #[error(
        "{name} needs {what} to read, far more than any resume or posting; export it again from your word processor (or print it to PDF), or paste the text"
    )]
    TooDemanding { name: String, what: String },
    #[error(
        "Rehearse is busy reading other files; try {name} again in a moment, or paste the text"
    )]
    Busy { name: String },
}

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Docx,
    Html,
    Text,
}

fn kind_of(name: &str, bytes: &[u8]) -> Option<Kind> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") || extension == "pdf" {
        return Some(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Kind::Docx);
    }
    match extension.as_str() {
        "docx" => Some(Kind::Docx),
        "htm" | "html" => Some(Kind::Html),
        "doc" | "rtf" | "odt" | "pages" | "png" | "jpg" | "jpeg" | "gif" | "zip" => None,
        _ => std::str::from_utf8(bytes).ok().map(|text| {
            if markup::looks_like_html(text) {
                Kind::Html
            } else {
                Kind::Text
            }
        }),
    }
}

/// Extracts the text of an uploaded file. Blocking: call it from `spawn_blocking`.
pub fn extract_text(name: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    let name = display_name(name);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DocumentError::TooLarge {
            name,
            megabytes: bytes.len() as f64 / (1024.0 * 1024.0),
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DocumentError::Empty { name });
    }
    let text = match kind_of(&name, bytes) {
        Some(Kind::Pdf) => pdf_text(&name, bytes)?,
        Some(Kind::Docx) => docx_text(&name, bytes)?,
        Some(Kind::Html) => markup::html_to_text(&String::from_utf8_lossy(bytes)),
        Some(Kind::Text) => String::from_utf8_lossy(bytes).into_owned(),
        None => return Err(DocumentError::Unsupported { name }),
    };
    let text = normalise(&text);
    if text.trim().is_empty() {
        return Err(DocumentError::Empty { name });
    }
    Ok(text)
}

/// [`extract_text`] with a panic inside a reader library turned into "could not be read".
fn extract_text_caught(name: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    std::panic::catch_unwind(|| extract_text(name, bytes)).unwrap_or_else(|_| {
        Err(DocumentError::Corrupt {
            name: display_name(name),
            kind: "a document".to_owned(),
            reason: "the reader failed on it".to_owned(),
        })
    })
}

/// Reads uploaded files within bounds: in a child process when a helper program is set, else on
/// a blocking thread; at most [`MAX_CONCURRENT_READS`] at a time either way.
#[derive(Debug, Clone)]
pub struct DocumentReader {
    /// The program run as `PROGRAM read-document --name NAME` with the file on its standard
    /// input (the `rehearse` binary); `None` reads in this process.
    helper: Option<PathBuf>,
    deadline: Duration,
    permits: Arc<tokio::sync::Semaphore>,
}

impl Default for DocumentReader {
    fn default() -> DocumentReader {
        DocumentReader::in_process()
    }
}

impl DocumentReader {
    /// Reads in this process (byte limits only: for tests and trusted files).
    pub fn in_process() -> DocumentReader {
        DocumentReader {
            helper: None,
            deadline: Duration::from_secs(MAX_READ_SECONDS),
            permits: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_READS)),
        }
    }

    /// Reads in a child process running `program` (see [`run_child`]).
    pub fn in_child(program: PathBuf) -> DocumentReader {
        DocumentReader {
            helper: Some(program),
            ..DocumentReader::in_process()
        }
    }

    /// The same reader with another deadline (tests).
    pub fn with_deadline(mut self, deadline: Duration) -> DocumentReader {
        self.deadline = deadline;
        self
    }

    /// The text of the file `name` with contents `bytes`. Dropping the future (the client went
    /// away) kills the child.
    pub async fn read(&self, name: String, bytes: Vec<u8>) -> Result<String, DocumentError> {
        let shown = display_name(&name);
        if bytes.len() > MAX_FILE_BYTES {
            return Err(DocumentError::TooLarge {
                name: shown,
                megabytes: bytes.len() as f64 / (1024.0 * 1024.0),
            });
        }
        let _permit = tokio::time::timeout(self.deadline, self.permits.acquire())
            .await
            .map_err(|_| DocumentError::Busy {
                name: shown.clone(),
            })?
            .map_err(|_| DocumentError::Busy {
                name: shown.clone(),
            })?;
        match &self.helper {
            Some(program) => self.read_in_child(program, &name, &shown, bytes).await,
            None => tokio::task::spawn_blocking(move || extract_text_caught(&name, &bytes))
                .await
                .unwrap_or_else(|_| {
                    Err(DocumentError::Corrupt {
                        name: shown,
                        kind: "a document".to_owned(),
                        reason: "the reader failed on it".to_owned(),
                    })
                }),
        }
    }

    async fn read_in_child(
        &self,
        program: &std::path::Path,
        name: &str,
        shown: &str,
        bytes: Vec<u8>,
    ) -> Result<String, DocumentError> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let failed = |reason: &str| DocumentError::Corrupt {
            name: shown.to_owned(),
            kind: "a document".to_owned(),
            reason: reason.to_owned(),
        };
        let mut child = tokio::process::Command::new(program)
            .args(["read-document", "--name", name])
            .env_clear()
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| {
                tracing::error!("cannot start the document reader: {error}");
                failed("the reader could not start")
            })?;
        let mut stdin = child.stdin.take().ok_or_else(|| failed("no pipe"))?;
        let mut stdout = child.stdout.take().ok_or_else(|| failed("no pipe"))?;
        let work = async {
            // Write and read at once: a child that answers early must not block on a full pipe.
            let write = async move {
                // A child that stopped reading (it failed fast) closes the pipe; that is fine.
                stdin.write_all(&bytes).await.ok();
                drop(stdin);
            };
            let read = async {
                let mut output = Vec::new();
                (&mut stdout)
                    .take(MAX_CHILD_OUTPUT_BYTES as u64 + 1)
                    .read_to_end(&mut output)
                    .await
                    .map(|_| output)
            };
            let ((), output) = tokio::join!(write, read);
            let status = child.wait().await;
            (output, status)
        };
        let (output, status) = match tokio::time::timeout(self.deadline, work).await {
            Ok(done) => done,
            Err(_) => {
                return Err(DocumentError::TooDemanding {
                    name: shown.to_owned(),
                    what: format!("more than {} seconds", self.deadline.as_secs().max(1)),
                });
            }
        };
        let output = output.map_err(|_| failed("the reader's answer was cut"))?;
        let status = status.map_err(|_| failed("the reader stopped"))?;
        if output.len() > MAX_CHILD_OUTPUT_BYTES {
            return Err(DocumentError::TooDemanding {
                name: shown.to_owned(),
                what: "more text than a document may have".to_owned(),
            });
        }
        let answer = output
            .split(|&byte| byte == b'\n')
            .rev()
            .find(|line| !line.is_empty())
            .and_then(|line| serde_json::from_slice::<Result<String, DocumentError>>(line).ok());
        match answer {
            Some(result) if status.success() => result,
            _ => {
                tracing::warn!(?status, "the document reader stopped without an answer");
                Err(stopped(shown, status))
            }
        }
    }
}

/// Why a child stopped without an answer, from how it ended: an allocation over its memory limit
/// aborts, its CPU limit sends SIGXCPU, a stack overflow (a file nested too deeply) SIGSEGV.
fn stopped(shown: &str, status: std::process::ExitStatus) -> DocumentError {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        let what = match status.signal() {
            Some(6) => Some(format!(
                "more than {} MB of memory",
                MAX_READ_MEMORY_BYTES / (1024 * 1024)
            )),
            Some(24) => Some(format!("more than {MAX_READ_SECONDS} seconds")),
            _ => None,
        };
        if let Some(what) = what {
            return DocumentError::TooDemanding {
                name: shown.to_owned(),
                what,
            };
        }
    }
    let _ = status;
    DocumentError::Corrupt {
        name: shown.to_owned(),
        kind: "a document".to_owned(),
        reason: "the reader stopped on it".to_owned(),
    }
}

/// The child's side of [`DocumentReader::in_child`]: limits itself, reads the file from
/// `input` (at most [`MAX_FILE_BYTES`]), and writes the result to `output` as one JSON line.
/// Over its memory limit the process aborts, which the parent reports; nothing here can leave
/// the limits.
pub fn run_child(name: &str, input: impl Read, mut output: impl Write) -> std::io::Result<()> {
    limit_this_process()?;
    let mut bytes = Vec::new();
    input
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    let result = extract_text_caught(name, &bytes);
    let line = serde_json::to_string(&result).map_err(std::io::Error::other)?;
    writeln!(output, "{line}")?;
    output.flush()
}

/// Caps this process's heap and private mappings, and its CPU time.
#[cfg(unix)]
fn limit_this_process() -> std::io::Result<()> {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let cap = |resource, value| {
        setrlimit(
            resource,
            Rlimit {
                current: Some(value),
                maximum: Some(value),
            },
        )
        .map_err(std::io::Error::from)
    };
    cap(Resource::Data, MAX_READ_MEMORY_BYTES)?;
    cap(Resource::Cpu, MAX_READ_SECONDS + 5)?;
    // No core file for a file that blew a limit.
    cap(Resource::Core, 0)
}

#[cfg(not(unix))]
fn limit_this_process() -> std::io::Result<()> {
    Ok(())
}

/// The file name to show in messages: no directories, at most 80 characters.
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = if base.trim().is_empty() {
        "the file"
    } else {
        base
    };
    base.chars().take(80).collect()
}

fn pdf_text(name: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    if find(bytes, b"/Encrypt").is_some() {
        return Err(DocumentError::Encrypted {
            name: name.to_owned(),
        });
    }
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| DocumentError::Corrupt {
            name: name.to_owned(),
            kind: "PDF".to_owned(),
            reason: "the PDF reader failed on it".to_owned(),
        })?
        .map_err(|error| {
            let reason = error.to_string();
            if reason.to_lowercase().contains("encrypt")
                || reason.to_lowercase().contains("password")
            {
                DocumentError::Encrypted {
                    name: name.to_owned(),
                }
            } else {
                DocumentError::Corrupt {
                    name: name.to_owned(),
                    kind: "PDF".to_owned(),
                    reason: first_line(&reason),
                }
            }
        })?;
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(DocumentError::ScannedPdf {
            name: name.to_owned(),
        });
    }
    Ok(text)
}

/// The paragraphs of a DOCX's main document, one per line; tabs and breaks kept.
fn docx_text(name: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    let corrupt = |reason: String| DocumentError::Corrupt {
        name: name.to_owned(),
        kind: "DOCX".to_owned(),
        reason,
    };
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An OLE container: an encrypted Office file, or an old binary .doc.
        return Err(DocumentError::Encrypted {
            name: name.to_owned(),
        });
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| corrupt(first_line(&error.to_string())))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| {
            corrupt("it has no word/document.xml, so it is not a Word document".to_owned())
        })?
        .take(MAX_DOCX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|error| corrupt(first_line(&error.to_string())))?;

    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => {
                in_text = element.local_name().as_ref() == "t";
            }
            Ok(Event::Empty(element)) => match element.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(text)) if in_text => {
                out.push_str(&text.into_inner());
            }
            Ok(Event::GeneralRef(reference)) if in_text => {
                let entity = format!("&{};", reference.into_inner());
                out.push_str(&markup::decode_entities(&entity));
            }
            Ok(Event::End(element)) => match element.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => return Err(corrupt(first_line(&error.to_string()))),
        }
    }
    Ok(out)
}

/// Line endings made plain, NUL and other control characters dropped, runs of blank lines cut to
/// one, trailing spaces trimmed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0;
    for line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_lines = 0;
    }
    out
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or(text)
        .chars()
        .take(120)
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn docx(document_xml: &str) -> Vec<u8> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("word/document.xml", options).unwrap();
        writer.write_all(document_xml.as_bytes()).unwrap();
        writer.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn docx_paragraphs_become_lines() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>Data Analyst at Acme</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 2020 – Present</w:t></w:r></w:p>
            <w:p><w:r><w:t>Cut report time by 40% &amp; more</w:t></w:r></w:p></w:body></w:document>"#;
        let text = extract_text("cv.docx", &docx(xml)).unwrap();
        assert_eq!(
            text,
            "Data Analyst at Acme\t 2020 – Present\nCut report time by 40% & more"
        );
    }

    #[test]
    fn bad_files_get_clear_errors() {
        let error = |name: &str, bytes: &[u8]| extract_text(name, bytes).unwrap_err().to_string();
        assert!(
            error("cv.docx", b"PK\x03\x04 not really a zip").contains("could not be read as DOCX")
        );
        assert!(error("cv.docx", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).contains("password-protected"));
        assert!(error("scan.pdf", b"%PDF-1.4\n/Encrypt 5 0 R\n").contains("password-protected"));
        assert!(error("photo.png", &[0x89, b'P', b'N', b'G']).contains("not text, PDF or DOCX"));
        assert!(error("empty.txt", b"  \n ").contains("empty"));
        assert!(error("huge.txt", &vec![b'a'; MAX_FILE_BYTES + 1]).contains("the limit is 10 MB"));
        assert!(error("/home/me/broken.pdf", b"%PDF-1.4 garbage").starts_with("broken.pdf"));
    }

    #[test]
    fn text_and_html_files() {
        assert_eq!(
            extract_text("posting.txt", b"Line one\r\n\r\n\r\nLine\x00 two").unwrap(),
            "Line one\n\nLine two"
        );
        assert_eq!(
            extract_text("p.html", b"<ul><li>Build APIs</li></ul>").unwrap(),
            "- Build APIs"
        );
    }
}
