//! The doors of the server. Rehearse listens on the user's own machine, and every web page the
//! user opens can send requests to it; this layer, which every route passes through, decides
//! which of them it answers:
//!
//! - **Host allowlist**: only the loopback names, the address it listens on and the names the
//!   user added (`--allowed-host`) are served, so a rebound DNS name (an attacker's host name
//!   pointed at 127.0.0.1) gets nothing;
//! - **same origin**: a request that could change something (any method but GET, HEAD and
//!   OPTIONS; on the API, any request at all) is refused when it comes from another origin, by
//!   Fetch Metadata (`Sec-Fetch-Site`), else `Origin`, else `Referer`. A request with none of them
//!   is not from a browser (curl, scripts, the CLI) and is served;
//! - **form bodies**: a page's form posts URL-encoded or multipart data and nothing else (the
//!   API's own rule, JSON only, is in `api.rs`);
//! - **headers** on every response: a Content-Security-Policy without inline script or style, no
//!   framing, `nosniff`, no referrer, and `no-store` on everything but the static assets.
//!
//! What this does not do: authenticate anyone. In single-user mode the machine's user is the
//! user; server mode adds accounts and per-session tokens on top.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, PageError, WebError};

/// The policy every page and script runs under: our own files only, no inline code, no frames,
/// forms post only to us. `data:` and `blob:` images are the diagram export and the charts;
/// `blob:` and `mediastream:` media are the camera and microphone check.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; \
     connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The host names the server answers to.
#[derive(Debug, Clone)]
pub struct Site {
    /// Lowercase names without a port; IPv6 addresses in brackets, as in a `Host` header.
    hosts: Vec<String>,
}

impl Site {
    /// A server listening on `address`, answering to the loopback names, that address (unless it
    /// is the unspecified 0.0.0.0 or [::]) and `extra_hosts` (names or addresses, with or without
    /// a port, which is ignored).
    pub fn new(address: SocketAddr, extra_hosts: &[String]) -> Site {
        let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .map(str::to_owned)
            .into();
        if !address.ip().is_unspecified() {
            hosts.push(host_of_ip(address.ip()));
        }
        for extra in extra_hosts {
            let name = host_name(extra.trim());
            if !name.is_empty() {
                hosts.push(name);
            }
        }
        hosts.sort();
        hosts.dedup();
        Site { hosts }
    }

    /// Whether a `Host` header (with or without its port) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host);
        self.hosts.contains(&name)
    }

    /// The names served, for messages and the log.
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }
}

fn host_of_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// The host part of `host[:port]`, lowercased, IPv6 kept in brackets; a trailing dot dropped.
fn host_name(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    let name = if host.starts_with('[') {
        match host.find(']') {
            Some(end) => host[..=end].to_owned(),
            None => host,
        }
    } else if let Ok(ip) = host.parse::<IpAddr>() {
        // A bare IPv6 address given on the command line.
        host_of_ip(ip)
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name.to_owned(),
            _ => host,
        }
    };
    name.strip_suffix('.').map(str::to_owned).unwrap_or(name)
}

/// The layer: checks the host and the origin, then adds the security headers to whatever the
/// request gets (a refusal included).
pub async fn guard(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    let api = is_api(request.uri().path());
    let mut response = match check(&site, &request, api) {
        Ok(()) => next.run(request).await,
        Err(refusal) => {
            tracing::warn!(
                method = %request.method(),
                path = request.uri().path(),
                ?refusal,
                "request refused"
            );
            refusal.into_response(api)
        }
    };
    add_security_headers(response.headers_mut());
    response
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    Host(String),
    CrossSite,
    FormBody,
}

impl Refusal {
    fn into_response(self, api: bool) -> Response {
        let (status, code, message) = match self {
            Refusal::Host(host) => (
                StatusCode::MISDIRECTED_REQUEST,
                "host_not_allowed",
                format!(
                    "Rehearse does not answer to the host name {:?}; open it at http://127.0.0.1 or http://localhost with its port, or, to serve it under that name, start it with --allowed-host {} (or REHEARSE_ALLOWED_HOSTS)",
                    host.chars().take(100).collect::<String>(),
                    host_name(&host.chars().take(100).collect::<String>()),
                ),
            ),
            Refusal::CrossSite => (
                StatusCode::FORBIDDEN,
                "cross_site_request",
                "this request came from another web site, and Rehearse only accepts changes made from its own pages; open Rehearse and do it there".to_owned(),
            ),
            Refusal::FormBody => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "a form must be sent as application/x-www-form-urlencoded or multipart/form-data".to_owned(),
            ),
        };
        let error = WebError::Request {
            status,
            code,
            message,
        };
        if api {
            ApiError(error).into_response()
        } else {
            PageError(error).into_response()
        }
    }
}

fn check(site: &Site, request: &Request, api: bool) -> Result<(), Refusal> {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if host.is_empty() || !site.allows(host) {
        return Err(Refusal::Host(host.to_owned()));
    }
    // A request in absolute form ("POST http://other/ HTTP/1.1") names its host in the target.
    if let Some(target) = request.uri().authority()
        && !site.allows(target.as_str())
    {
        return Err(Refusal::Host(target.to_string()));
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // Pages may be opened from a link on any site; the API has no reason to be called from one.
    if !safe || api {
        same_origin(headers, host, safe)?;
    }
    if !safe && !api && !form_body(headers) {
        return Err(Refusal::FormBody);
    }
    Ok(())
}

/// Whether a request came from this server's own pages, or from no browser at all.
///
/// Fetch Metadata first (every current browser sends it): `same-origin` and `none` (the user
/// typed the address or used a bookmark) pass, `same-site` and `cross-site` do not — another port
/// on 127.0.0.1 is the same site but another origin. Without it, `Origin` must name this host; a
/// `null` origin (a sandboxed frame, a privacy-stripped form) is refused. Without either, a
/// `Referer` must name this host. With none of the three the request is not from a browser page.
/// `safe` requests (GET to the API) are judged by Fetch Metadata only: browsers send no `Origin`
/// on them, and their `Referer` may be any page.
fn same_origin(headers: &HeaderMap, host: &str, safe: bool) -> Result<(), Refusal> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err(Refusal::CrossSite),
        };
    }
    if safe {
        return Ok(());
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        return match origin.to_str().ok().and_then(authority_of) {
            Some(authority) if authority.eq_ignore_ascii_case(host) => Ok(()),
            _ => Err(Refusal::CrossSite),
        };
    }
    match text("referer") {
        Some(referer) => match authority_of(referer) {
            Some(authority) if authority.eq_ignore_ascii_case(host) => Ok(()),
            _ => Err(Refusal::CrossSite),
        },
        None => Ok(()),
    }
}

/// The `host[:port]` of an http(s) URL or origin; `None` for `null` and anything else.
fn authority_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

/// Whether the body of a page's form is one a form sends (or there is none).
fn form_body(headers: &HeaderMap) -> bool {
    match media_type(headers) {
        Some(media) => {
            media == "application/x-www-form-urlencoded" || media == "multipart/form-data"
        }
        None => !has_body(headers),
    }
}

/// The media type of the body, lowercased, without parameters.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).to_string())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

/// Whether the request says it has a body.
pub(crate) fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|length| length.trim() != "0")
}

fn add_security_headers(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(
        headers,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    // Pages and API responses carry personal data; only the static assets say otherwise.
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site::new(
            "127.0.0.1:7878".parse().unwrap(),
            &["rehearse.example.org".to_owned()],
        )
    }

    #[test]
    fn only_named_hosts_are_served() {
        let site = site();
        for host in [
            "127.0.0.1:7878",
            "127.0.0.1",
            "localhost:7878",
            "LOCALHOST:1",
            "localhost.:7878",
            "[::1]:7878",
            "rehearse.example.org",
            "rehearse.example.org:443",
        ] {
            assert!(site.allows(host), "{host}");
        }
        for host in [
            "attacker.example:7878",
            "127.0.0.1.nip.io:7878",
            "localhost.attacker.example",
            "127.0.0.2:7878",
            "[::2]:7878",
            "",
            "0.0.0.0:7878",
            "example.org",
        ] {
            assert!(!site.allows(host), "{host}");
        }
        let any = Site::new("0.0.0.0:80".parse().unwrap(), &["192.168.1.9".to_owned()]);
        assert!(!any.allows("0.0.0.0"));
        assert!(any.allows("192.168.1.9:80"));
        let v6 = Site::new("[::1]:80".parse().unwrap(), &["fd00::1".to_owned()]);
        assert!(v6.allows("[fd00::1]:80"));
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_origin_decides_for_changes() {
        let host = "127.0.0.1:7878";
        let verdict = |pairs: &[(&'static str, &'static str)]| {
            same_origin(&headers(pairs), host, false).is_ok()
        };
        assert!(verdict(&[("sec-fetch-site", "same-origin")]));
        assert!(verdict(&[("sec-fetch-site", "none")]));
        assert!(!verdict(&[("sec-fetch-site", "same-site")]));
        assert!(!verdict(&[("sec-fetch-site", "cross-site")]));
        // Fetch Metadata wins over an Origin that says otherwise.
        assert!(!verdict(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:7878")
        ]));
        assert!(verdict(&[("origin", "http://127.0.0.1:7878")]));
        assert!(!verdict(&[("origin", "http://127.0.0.1:9999")]));
        assert!(!verdict(&[("origin", "http://evil.example")]));
        assert!(!verdict(&[("origin", "null")]));
        assert!(verdict(&[("referer", "http://127.0.0.1:7878/settings")]));
        assert!(!verdict(&[("referer", "http://127.0.0.1:7879/settings")]));
        assert!(!verdict(&[("referer", "http://user@127.0.0.1:7878/")]));
        // No browser: curl, scripts, the CLI.
        assert!(verdict(&[]));
        // A GET to the API: only Fetch Metadata can tell.
        assert!(same_origin(&headers(&[("referer", "http://evil.example/")]), host, true).is_ok());
        assert!(same_origin(&headers(&[("sec-fetch-site", "cross-site")]), host, true).is_err());
    }

    #[test]
    fn forms_send_form_bodies() {
        assert!(form_body(&headers(&[(
            "content-type",
            "application/x-www-form-urlencoded"
        )])));
        assert!(form_body(&headers(&[(
            "content-type",
            "multipart/form-data; boundary=x"
        )])));
        assert!(!form_body(&headers(&[("content-type", "text/plain")])));
        assert!(form_body(&headers(&[("content-length", "0")])));
        assert!(!form_body(&headers(&[("content-length", "12")])));
    }
}
