//! Text out of the files people upload: PDF, DOCX, HTML, Markdown and plain text.
//!
//! Extraction runs off the async threads and inside `catch_unwind`: PDF libraries panic on some
//! files, and a bad file must cost the user a message, not the server a thread. Every failure
//! says what was wrong and what to do instead ("paste the text").

use std::io::Read;

use rehearse_core::markup;

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The most text taken out of a DOCX's main part (guards against zip bombs).
const MAX_DOCX_XML_BYTES: u64 = 30 * 1024 * 1024;

/// Why a file gave no usable text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
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
        kind: &'static str,
        reason: String,
    },
    #[error("{name} is not text, PDF or DOCX; paste the text instead")]
    Unsupported { name: String },
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

/// Runs [`extract_text`] on a blocking thread; a panic inside the PDF library becomes a
/// "could not be read" error.
pub async fn extract_text_async(name: String, bytes: Vec<u8>) -> Result<String, DocumentError> {
    let shown = display_name(&name);
    let joined = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_text(&name, &bytes)))
    })
    .await;
    match joined {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(_) => Err(DocumentError::Corrupt {
            name: shown,
            kind: "a document",
            reason: "the reader failed on it".to_owned(),
        }),
    }
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
            kind: "PDF",
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
                    kind: "PDF",
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
        kind: "DOCX",
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
