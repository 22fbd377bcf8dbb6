//! The Rehearse web app: server-rendered HTML pages, the JSON API under `/api/v1`, and the static
//! assets, all served from one binary with no build step and nothing loaded from the network.
//!
//! Invariants:
//! - handlers extract, call one `rehearse_app` function, and render; no SQL, no analysis, no
//!   business rules here;
//! - every error leaves through [`error::WebError`], whose one `status` function maps it to a code;
//!   API errors are `{"error": {"code", "message"}}`, page errors are pages;
//! - HTML comes only from compiled askama templates with escaping on (`templates/*.html`).

mod api;
mod assets;
mod charts;
mod error;
mod extract;
mod guard;
mod pages;
mod view;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use rehearse_app::App;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use error::WebError;
pub use guard::{CONTENT_SECURITY_POLICY, Site};

/// The largest request body accepted, in bytes: room for the largest valid request (a debrief's
/// 70,000 characters) even when every character is JSON-escaped as a surrogate pair (12 bytes),
/// so an oversized field gets the app's clear "too long" message and only absurd bodies stop here.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// The largest body of a request that carries a posting and a resume as JSON (100,000 characters
/// each, escaped as above).
pub const DOCUMENTS_BODY_LIMIT_BYTES: usize = 3 * 1024 * 1024;

/// The largest upload (the new-target form: a posting and a resume file, 10 MB each, and text).
pub const UPLOAD_LIMIT_BYTES: usize = 24 * 1024 * 1024;

/// The whole web app as a router over `app`, answering only to `site`'s host names.
pub fn router(app: App, site: Site) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        // Anything else under /api is a JSON 404 too: API clients never get an HTML page.
        .route("/api", axum::routing::any(api::not_found))
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        .merge(assets::routes())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        // Every route, the fallbacks and the assets pass through the guard (`guard.rs`).
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(site),
            guard::guard,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes the requests in flight
/// (so an answer being saved is saved) and returns. It answers to the loopback names, the
/// listening address and `allowed_hosts`.
pub async fn serve(
    listener: TcpListener,
    app: App,
    allowed_hosts: &[String],
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let site = Site::new(listener.local_addr()?, allowed_hosts);
    tracing::debug!(hosts = ?site.hosts(), "serving these host names");
    let service = router(app, site).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}
