//! The real server against what tries to exhaust or misuse it: a PDF bomb, a DOCX zip bomb and a
//! deeply nested HTML page uploaded as a resume (a clear message, and the server's own peak
//! memory, read from /proc, stays small); a foreign `Host`; `--allowed-host`; the modes of the
//! files Rehearse creates.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::Sandbox;
use crate::serve::{Server, start};

/// A zlib stream of `mebibytes` MiB of zeros, built without compressing them all: a block
/// compressed from a fresh state and ended with a full flush is byte-aligned and refers to
/// nothing before it, so one such block repeated, then an empty final block, is a valid stream.
fn zeros_zlib(mebibytes: usize) -> Vec<u8> {
    let raw = raw_deflate_repeated(&[], &vec![0; 1 << 20], mebibytes);
    // Adler-32 of n zeros: a stays 1, b counts the bytes.
    let b = ((mebibytes as u64) << 20) % 65521;
    let mut stream = vec![0x78, 0xda];
    stream.extend_from_slice(&raw);
    stream.extend_from_slice(&(((b << 16) | 1) as u32).to_be_bytes());
    stream
}

/// Raw deflate of `prefix` then `chunk` repeated `times` times.
fn raw_deflate_repeated(prefix: &[u8], chunk: &[u8], times: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let block = |input: &[u8], flush: FlushCompress| {
        let mut compressor = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(input.len() + 1024);
        compressor.compress_vec(input, &mut out, flush).unwrap();
        out
    };
    let repeated = block(chunk, FlushCompress::Full);
    let mut stream = block(prefix, FlushCompress::Full);
    for _ in 0..times {
        stream.extend_from_slice(&repeated);
    }
    stream.extend_from_slice(&block(&[], FlushCompress::Finish));
    stream
}

/// A one-page PDF whose content stream is `stream`, FlateDecode, with a correct xref table.
fn pdf_with_content(stream: &[u8]) -> Vec<u8> {
    let mut content = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    )
    .into_bytes();
    content.extend_from_slice(stream);
    content.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// A DOCX whose `word/document.xml` inflates to a GiB of text inside one `<w:t>`. Written by
/// hand (one stored entry's headers): the CRC is left 0, since no reader gets to the end.
fn docx_bomb() -> Vec<u8> {
    let name = b"word/document.xml";
    let data = raw_deflate_repeated(
        b"<w:document><w:body><w:p><w:r><w:t>",
        &b"Led the team. ".repeat(1 << 16),
        1 << 10,
    );
    let uncompressed: u32 = 35 + 14 * (1 << 26);
    let mut zip = Vec::new();
    let local = |zip: &mut Vec<u8>| {
        zip.extend_from_slice(&[0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        zip.extend_from_slice(&0u32.to_le_bytes()); // CRC-32
        zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
        zip.extend_from_slice(&uncompressed.to_le_bytes());
        zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        zip.extend_from_slice(name);
    };
    local(&mut zip);
    zip.extend_from_slice(&data);
    let central = zip.len();
    zip.extend_from_slice(&[0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
    zip.extend_from_slice(&uncompressed.to_le_bytes());
    zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
    zip.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
    zip.extend_from_slice(name);
    let central_size = zip.len() - central;
    zip.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0]);
    zip.extend_from_slice(&(central_size as u32).to_le_bytes());
    zip.extend_from_slice(&(central as u32).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

/// A page nested 800,000 elements deep (8.8 MB, under the 10 MB limit).
fn deep_html() -> Vec<u8> {
    let depth = 800_000;
    let mut page = "<div>".repeat(depth);
    page.push_str("Senior Data Engineer. Own the on-call rotation.");
    page.push_str(&"</div>".repeat(depth));
    page.into_bytes()
}

/// Sends the new-target form with a pasted posting and `resume` as the uploaded file; returns
/// the status and the page.
fn upload_resume(address: &str, file_name: &str, resume: &[u8]) -> (u16, String) {
    let boundary = "rehearse-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"posting\"\r\n\r\n\
             Senior Data Engineer at Acme. Own the on-call rotation and build pipelines in \
             Python and SQL.\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"resume_file\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(resume);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "POST /targets HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("response");
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status line");
    (status, response)
}

/// The server process's peak resident memory, in MiB (`VmHWM` in /proc).
fn peak_memory_mib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .expect("/proc status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .expect("VmHWM");
    kib / 1024
}

#[test]
fn bombs_get_a_clear_message_and_the_server_stays_small() {
    let sandbox = Sandbox::new();
    let server = start(&sandbox, &["serve", "--addr", "127.0.0.1:0"]);

    // 1 GiB of content in a 1 MB PDF: the reader's child hits its memory limit.
    let pdf = pdf_with_content(&zeros_zlib(1024));
    assert!(pdf.len() < 2 * 1024 * 1024, "{} bytes", pdf.len());
    let (status, page) = upload_resume(&server.address, "resume.pdf", &pdf);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("resume.pdf needs more than"), "{page}");
    assert!(page.contains("paste the text"), "{page}");

    // 1 GiB of text in a 1 MB DOCX: read up to its limit, then refused by the length check.
    let (status, page) = upload_resume(&server.address, "resume.docx", &docx_bomb());
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("the limit is 100,000") || page.contains("needs more than"),
        "{page}"
    );

    // 800,000 nested elements: read in one pass, however deep.
    let (status, page) = upload_resume(&server.address, "resume.html", &deep_html());
    assert!(status == 303 || status == 200, "{status}: {page}");

    let peak = peak_memory_mib(&server);
    assert!(peak < 512, "the server peaked at {peak} MiB");

    // It still answers.
    assert_eq!(crate::serve::http(&server.address, "GET", "/", "").0, 200);
}

/// A GET with the given `Host` header: the status and the body.
fn get_with_host(address: &str, host: &str, path: &str) -> (u16, String) {
    crate::serve::http_for_host(address, host, "GET", path, "")
}

#[test]
fn only_allowed_host_names_are_served() {
    let sandbox = Sandbox::new();
    let server = start(
        &sandbox,
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--allowed-host",
            "rehearse.internal",
        ],
    );
    let port = server.address.rsplit(':').next().unwrap().to_owned();
    for host in [
        server.address.clone(),
        format!("localhost:{port}"),
        "rehearse.internal".to_owned(),
    ] {
        assert_eq!(get_with_host(&server.address, &host, "/").0, 200, "{host}");
    }
    let (status, response) = get_with_host(&server.address, "rebound.attacker.example", "/");
    assert_eq!(status, 421);
    assert!(response.contains("--allowed-host"), "{response}");
    let (status, response) = get_with_host(
        &server.address,
        &format!("rebound.attacker.example:{port}"),
        "/api/v1/attempts",
    );
    assert_eq!(status, 421);
    assert!(
        response.contains("\"code\":\"host_not_allowed\""),
        "{response}"
    );
    // The environment works too.
    drop(server);
    let mut command = sandbox.command(&["serve", "--addr", "127.0.0.1:0"]);
    command.env("REHEARSE_ALLOWED_HOSTS", "one.internal,two.internal");
    let server = crate::serve::start_command(command);
    assert_eq!(get_with_host(&server.address, "two.internal", "/").0, 200);
    assert_eq!(get_with_host(&server.address, "three.internal", "/").0, 421);
}

#[cfg(unix)]
#[test]
fn files_rehearse_creates_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    // The default data directory (XDG_DATA_HOME/rehearse), created on first use.
    let mut command = sandbox.command(&["attempts", "list"]);
    command.env_remove("REHEARSE_DB");
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let data = sandbox.path("data").join("rehearse");
    assert_eq!(mode(&data), 0o700, "the data directory");
    assert_eq!(mode(&data.join("rehearse.db")), 0o600, "the database");

    // A database that already exists with loose modes is tightened, with its WAL.
    let db = sandbox.path("rehearse.db");
    crate::success(&sandbox.run(&["attempts", "list"]));
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let server = start(&sandbox, &["serve", "--addr", "127.0.0.1:0"]);
    let body = serde_json::json!({"title": "A story", "action": "I fixed it."}).to_string();
    assert_eq!(
        crate::serve::http(&server.address, "POST", "/api/v1/stories", &body).0,
        201
    );
    assert_eq!(mode(&db), 0o600, "the database");
    for suffix in ["-wal", "-shm"] {
        let path = sandbox.path(&format!("rehearse.db{suffix}"));
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
}
