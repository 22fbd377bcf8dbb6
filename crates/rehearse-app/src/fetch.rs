//! Fetching a job posting from a URL the user gave: with a timeout, a size limit, and a clear
//! message for the usual failures (a login page, a PDF, a 404, a slow site).
//!
//! This is the only network request Rehearse makes without an LLM configured, and only when the
//! user types a URL.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
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
    #[error(
        "{url} leads to {address}, a private or local address, and Rehearse only reads postings from public web sites; paste the posting's text instead"
    )]
    PrivateAddress { url: String, address: String },
    #[error(
        "{url} redirects more than 5 times; open it in your browser and paste the posting's text instead"
    )]
    TooManyRedirects { url: String },
}

/// The most redirects followed from the address the user gave.
pub const MAX_REDIRECTS: usize = 5;

/// Fetches pages over HTTP(S), from public addresses only.
///
/// A posting's address is typed by the user, but the page it names, and every page it redirects
/// to, are chosen by someone else: a redirect to `http://127.0.0.1:7878/api/...` or to a cloud
/// metadata address must not make Rehearse read its own API or the machine's neighbours. So every
/// name is resolved here ([`PublicOnly`]) and refused when any of its addresses is loopback,
/// private, link-local, unique-local, multicast, reserved or unspecified (IPv4, IPv6 and IPv4
/// inside IPv6); the connection goes to the addresses checked, with no second lookup; addresses
/// written as numbers are checked before the request; redirects are followed here, one at a time,
/// each checked the same way; no proxy is used (it would resolve names itself).
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
    /// Numeric addresses served despite being private: the test suite's local job sites.
    exceptions: Vec<SocketAddr>,
}

impl Fetcher {
    /// A fetcher that gives up after `timeout`.
    pub fn new(timeout: Duration) -> Fetcher {
        // rustls needs a process-wide crypto provider; installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnly))
            .user_agent(concat!(
                "Rehearse/",
                env!("CARGO_PKG_VERSION"),
                " (interview practice; reads one job posting)"
            ))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Fetcher {
            client,
            timeout,
            exceptions: Vec::new(),
        }
    }

    /// The same fetcher, also reading from `address` when a URL names it by number (for tests,
    /// whose job sites run on 127.0.0.1). Names are never excepted.
    pub fn allowing(mut self, address: SocketAddr) -> Fetcher {
        self.exceptions.push(address);
        self
    }

    /// The page at `url` as plain text (HTML turned into lines).
    pub async fn fetch_text(&self, url: &str) -> Result<String, FetchError> {
        let shown: String = url.chars().take(200).collect();
        let mut current = reqwest::Url::parse(url.trim())
            .map_err(|_| FetchError::BadUrl { url: shown.clone() })?;
        let mut redirects = 0;
        let mut response = loop {
            self.check_address(&current, &shown)?;
            let response = self
                .client
                .get(current.clone())
                .send()
                .await
                .map_err(|error| self.network_error(&error, &shown))?;
            if !response.status().is_redirection() {
                break response;
            }
            let next = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|location| current.join(location).ok());
            match next {
                Some(next) if redirects < MAX_REDIRECTS => {
                    redirects += 1;
                    current = next;
                }
                Some(_) => return Err(FetchError::TooManyRedirects { url: shown }),
                None => break response,
            }
        };
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
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.network_error(&error, &shown))?
        {
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

    /// Refuses other schemes, and addresses written as numbers that are not public (names are
    /// checked when they are resolved, by [`PublicOnly`]).
    fn check_address(&self, url: &reqwest::Url, shown: &str) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl {
                url: shown.to_owned(),
            });
        }
        let host = url.host_str().unwrap_or("");
        let Ok(ip) = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        else {
            return Ok(());
        };
        let port = url.port_or_known_default().unwrap_or(80);
        if is_public(ip) || self.exceptions.contains(&SocketAddr::new(ip, port)) {
            Ok(())
        } else {
            Err(FetchError::PrivateAddress {
                url: shown.to_owned(),
                address: ip.to_string(),
            })
        }
    }

    fn network_error(&self, error: &reqwest::Error, shown: &str) -> FetchError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(cause) = source {
            if let Some(refused) = cause.downcast_ref::<Refused>() {
                return FetchError::PrivateAddress {
                    url: shown.to_owned(),
                    address: refused.address.to_string(),
                };
            }
            source = cause.source();
        }
        if error.is_timeout() {
            return FetchError::Timeout {
                url: shown.to_owned(),
                seconds: self.timeout.as_secs().max(1),
            };
        }
        let reason = if error.is_connect() {
            "the connection failed"
        } else {
            "the request failed"
        };
        FetchError::Network {
            url: shown.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// Resolves names and refuses every name with an address that is not public. The connection is
/// made to the addresses returned here, so what was checked is what is reached.
#[derive(Debug)]
struct PublicOnly;

/// A name that leads to an address Rehearse does not fetch from.
#[derive(Debug, thiserror::Error)]
#[error("{address} is not a public address")]
struct Refused {
    address: IpAddr,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // RFC 6761: "localhost" and its subdomains are the machine itself, whatever a
            // resolver says (and some say nothing for "localhost.").
            let bare = host.trim_end_matches('.').to_ascii_lowercase();
            if bare == "localhost" || bare.ends_with(".localhost") {
                return Err(Box::new(Refused {
                    address: IpAddr::V4(Ipv4Addr::LOCALHOST),
                })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(private) = addresses.iter().find(|address| !is_public(address.ip())) {
                return Err(Box::new(Refused {
                    address: private.ip(),
                })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether `ip` is an ordinary address on the public internet: not loopback, private,
/// carrier-grade NAT, link-local, unique-local, site-local, multicast, documentation, benchmark,
/// reserved or unspecified — and, for IPv6 forms that carry an IPv4 address (mapped, compatible,
/// NAT64, 6to4), not one whose IPv4 address is any of those. Teredo is refused whole.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            let embedded = |high: u16, low: u16| {
                let [a, b] = high.to_be_bytes();
                let [c, d] = low.to_be_bytes();
                Ipv4Addr::new(a, b, c, d)
            };
            match s {
                // ::, ::1 and the old IPv4-compatible ::a.b.c.d.
                [0, 0, 0, 0, 0, 0, _, _] => false,
                // NAT64: the well-known prefix carries an IPv4 address; the local-use one is local.
                [0x64, 0xff9b, 0, 0, 0, 0, high, low] => is_public_v4(embedded(high, low)),
                [0x64, 0xff9b, 1, ..] => false,
                // 6to4 carries an IPv4 address in its second and third groups.
                [0x2002, high, low, ..] => is_public_v4(embedded(high, low)),
                // Teredo, and documentation.
                [0x2001, 0, ..] | [0x2001, 0xdb8, ..] => false,
                [first, ..] => {
                    first & 0xfe00 != 0xfc00 // unique local fc00::/7
                        && first & 0xffc0 != 0xfe80 // link-local fe80::/10
                        && first & 0xffc0 != 0xfec0 // site-local fec0::/10
                        && first & 0xff00 != 0xff00 // multicast ff00::/8
                }
            }
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network", 0.0.0.0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF protocol, documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay
        || (a == 192 && b == 168)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224) // multicast, reserved, broadcast
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "127.255.0.1",
            "0.0.0.0",
            "10.1.2.3",
            "100.64.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "192.0.0.8",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
            "2001::1",
            "2001:db8::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
