//! Fetching a job posting from a URL the user gave: with a timeout, a size limit, and a clear
//! message for the usual failures (a login page, a PDF, a 404, a slow site).
//!
//! This is the only network request Rehearse makes without an LLM configured, and only when the
//! user types a URL.

use std::time::Duration;

use rehearse_core::markup;

/// The most bytes read from a page.
pub const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// Why a page could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url:?} is not a web address; it must start with http:// or https://")]
    BadUrl { url: String },
    #[error(
        "{url} did not answer within {seconds} seconds; try again, or paste the posting's text"
    )]
    Timeout { url: String, seconds: u64 },
    #[error("{url} answered with status {status}; check the address, or paste the posting's text")]
    Status { url: String, status: u16 },
    #[error(
        "{url} is larger than 2 MB, which is not a job posting; paste the posting's text instead"
    )]
    TooLarge { url: String },
    #[error(
        "{url} shows a sign-in page rather than the posting; copy the posting's text and paste it instead"
    )]
    LoginWall { url: String },
    #[error("{url} is {content_type}, not a web page; download it and upload the file instead")]
    NotAPage { url: String, content_type: String },
    #[error(
        "{url} could not be reached ({reason}); check the address and your connection, or paste the posting's text"
    )]
    Network { url: String, reason: String },
}

/// Fetches pages over HTTP(S).
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
}

impl Fetcher {
    /// A fetcher that gives up after `timeout`.
    pub fn new(timeout: Duration) -> Fetcher {
        // rustls needs a process-wide crypto provider; installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!(
                "Rehearse/",
                env!("CARGO_PKG_VERSION"),
                " (interview practice; reads one job posting)"
            ))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Fetcher { client, timeout }
    }

    /// The page at `url` as plain text (HTML turned into lines).
    pub async fn fetch_text(&self, url: &str) -> Result<String, FetchError> {
        let shown: String = url.chars().take(200).collect();
        let parsed = reqwest::Url::parse(url.trim())
            .map_err(|_| FetchError::BadUrl { url: shown.clone() })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl { url: shown });
        }
        let network = |error: reqwest::Error| {
            if error.is_timeout() {
                FetchError::Timeout {
                    url: shown.clone(),
                    seconds: self.timeout.as_secs().max(1),
                }
            } else {
                let reason = if error.is_connect() {
                    "the connection failed".to_owned()
                } else {
                    "the request failed".to_owned()
                };
                FetchError::Network {
                    url: shown.clone(),
                    reason,
                }
            }
        };
        let mut response = self.client.get(parsed).send().await.map_err(network)?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status {
                url: shown,
                status: status.as_u16(),
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("text/html")
            .to_ascii_lowercase();
        if !(content_type.starts_with("text/")
            || content_type.contains("html")
            || content_type.contains("xml"))
        {
            return Err(FetchError::NotAPage {
                url: shown,
                content_type: content_type.chars().take(60).collect(),
            });
        }
        if response
            .content_length()
            .is_some_and(|length| length > MAX_PAGE_BYTES as u64)
        {
            return Err(FetchError::TooLarge { url: shown });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            if body.len() + chunk.len() > MAX_PAGE_BYTES {
                return Err(FetchError::TooLarge { url: shown });
            }
            body.extend_from_slice(&chunk);
        }
        let raw = String::from_utf8_lossy(&body);
        let text = if content_type.contains("html") || markup::looks_like_html(&raw) {
            markup::html_to_text(&raw)
        } else {
            raw.into_owned()
        };
        if is_login_page(&text) {
            return Err(FetchError::LoginWall { url: shown });
        }
        Ok(crate::documents::normalise(&text))
    }
}

/// A short page that asks for a password is a sign-in wall, not a posting.
fn is_login_page(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = lower.split_whitespace().count();
    let asks_to_sign_in = ["sign in", "log in", "login", "sign-in"]
        .iter()
        .any(|phrase| lower.contains(phrase));
    let asks_for_password = lower.contains("password");
    asks_to_sign_in && asks_for_password && words < 400
}
