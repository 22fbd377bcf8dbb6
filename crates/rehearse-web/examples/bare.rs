//! The baseline for `scripts/scale-bench`: a bare axum server built the same way as Rehearse's
//! (same axum, same tokio runtime, same release profile), doing no work — a page of fixed HTML, a
//! fixed JSON read, and a POST that parses its JSON body and answers 201. Rehearse's figures are
//! given as ratios to these.
//!
//! `cargo run --release -p rehearse-web --example bare -- 127.0.0.1:7990`

use axum::Json;
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bare</title></head><body><main><h1>Bare</h1><p>A fixed page.</p></main></body></html>";

#[tokio::main]
async fn main() {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:7990".to_owned());
    let router = axum::Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route(
            "/api/v1/attempts",
            get(|| async { Json(serde_json::json!({"attempts": []})) }).post(
                |Json(body): Json<serde_json::Value>| async move {
                    (
                        StatusCode::CREATED,
                        Json(serde_json::json!({"id": 1, "got": body.is_object()})),
                    )
                },
            ),
        );
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .expect("the address is free");
    eprintln!("bare server on http://{address}");
    axum::serve(listener, router).await.expect("serve");
}
