//! The web app through real sockets: each test starts the app on port 0 with its own temporary
//! database (`spawn_app`), then talks HTTP to it — with a plain client (`http`) or a real headless
//! Chromium driven over WebDriver (`browser`).

mod browser;
mod browser_attack;
mod browser_journey;
mod browser_mock;
mod browser_prep;
mod browser_speech;
mod coaching;
mod fake_llm;
mod harness;
mod http;
mod meaning;
mod mocks;
mod prep;
mod security;
mod speech;
mod stories;
mod targets;
