//! `rehearse serve`: starts, answers, refuses a busy port, and stops on SIGTERM without losing
//! an acknowledged attempt.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::{STAR_ANSWER, Sandbox, failure, success};

/// A running server, killed if the test ends early.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

pub(crate) fn start(sandbox: &Sandbox, args: &[&str]) -> Server {
    start_command(sandbox.command(args))
}

/// Starts `command` (a `rehearse serve`) and waits for the line with its address.
pub(crate) fn start_command(mut command: std::process::Command) -> Server {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("the URL line");
    let address = line
        .strip_prefix("Rehearse is running at http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    Server { child, address }
}

/// One HTTP/1.1 request over a plain socket; returns the status and body.
pub(crate) fn http(address: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    http_for_host(address, address, method, path, body)
}

/// [`http`] with the `Host` header naming `host`.
pub(crate) fn http_for_host(
    address: &str,
    host: &str,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    request(address, host, method, path, body).expect("a response")
}

/// [`http`] that gives up quietly when the connection fails (a server killed mid-request).
fn try_http(address: &str, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    request(address, address, method, path, body).ok()
}

fn request(
    address: &str,
    host: &str,
    method: &str,
    path: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let broken = || std::io::Error::other(format!("not an HTTP response: {response:?}"));
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(broken)?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

#[test]
fn serve_answers_and_stops_cleanly_on_sigterm() {
    let sandbox = Sandbox::new();
    let server = start(&sandbox, &["serve", "--addr", "127.0.0.1:0"]);
    let (status, home) = http(&server.address, "GET", "/", "");
    assert_eq!(status, 200);
    assert!(home.contains("Rehearse"));

    let (_, questions) = http(
        &server.address,
        "GET",
        "/api/v1/questions?kind=behavioral",
        "",
    );
    let questions: serde_json::Value = serde_json::from_str(&questions).unwrap();
    let question_id = questions["questions"][0]["id"].as_str().unwrap();
    let body = serde_json::json!({"question_id": question_id, "answer": STAR_ANSWER}).to_string();
    let (status, _) = http(&server.address, "POST", "/api/v1/attempts", &body);
    assert_eq!(status, 201);

    let mut server = server;
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "clean exit on SIGTERM: {exit:?}");

    let list: serde_json::Value =
        serde_json::from_str(&success(&sandbox.run(&["attempts", "list", "--json"]))).unwrap();
    assert_eq!(
        list["attempts"].as_array().unwrap().len(),
        1,
        "the acknowledged attempt is kept"
    );
}

#[test]
fn no_command_means_serve() {
    let sandbox = Sandbox::new();
    let server = start(&sandbox, &["--addr", "127.0.0.1:0"]);
    assert_eq!(http(&server.address, "GET", "/practice", "").0, 200);
}

#[test]
fn a_busy_port_is_one_clear_line() {
    let sandbox = Sandbox::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let line = failure(&sandbox.run(&["serve", "--addr", &address]));
    assert!(
        line.contains(&format!("cannot listen on {address}")),
        "{line}"
    );
    assert!(
        line.contains("already in use") && line.contains("--addr"),
        "{line}"
    );
}

/// Durability: the server is killed with SIGKILL (no chance to flush anything) while clients are
/// saving answers, five times over on the same database. Every answer it acknowledged with 201
/// is there afterwards.
#[test]
fn every_acknowledged_answer_survives_kill_9() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let sandbox = Sandbox::new();
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let mut question_id = String::new();
    for round in 0..5 {
        let mut server = start(&sandbox, &["serve", "--addr", "127.0.0.1:0"]);
        if question_id.is_empty() {
            let (_, questions) = http(
                &server.address,
                "GET",
                "/api/v1/questions?kind=behavioral",
                "",
            );
            let questions: serde_json::Value = serde_json::from_str(&questions).unwrap();
            question_id = questions["questions"][0]["id"].as_str().unwrap().to_owned();
        }
        let body =
            serde_json::json!({"question_id": question_id, "answer": STAR_ANSWER}).to_string();
        let running = Arc::new(AtomicBool::new(true));
        let clients: Vec<_> = (0..4)
            .map(|_| {
                let (address, body) = (server.address.clone(), body.clone());
                let (running, acknowledged) = (running.clone(), acknowledged.clone());
                std::thread::spawn(move || {
                    while running.load(Ordering::Relaxed) {
                        // A request cut by the kill is not acknowledged: only a 201 counts.
                        let Some((201, reply)) =
                            try_http(&address, "POST", "/api/v1/attempts", &body)
                        else {
                            continue;
                        };
                        let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
                        acknowledged
                            .lock()
                            .unwrap()
                            .push(reply["id"].as_i64().unwrap());
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300 + 100 * round));
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        server.child.wait().unwrap();
        running.store(false, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 20,
        "the clients got only {} answers saved before the kills",
        acknowledged.len()
    );
    let server = start(&sandbox, &["serve", "--addr", "127.0.0.1:0"]);
    let lost: Vec<i64> = acknowledged
        .iter()
        .copied()
        .filter(|id| {
            http(
                &server.address,
                "GET",
                &format!("/api/v1/attempts/{id}"),
                "",
            )
            .0 != 200
        })
        .collect();
    eprintln!(
        "{} answers acknowledged across 5 kills, {} lost",
        acknowledged.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
}
