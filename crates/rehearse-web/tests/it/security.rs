//! The server's doors, over a real socket: foreign `Host` names, requests from other origins on
//! every state-changing route (the routes are read from the source, so a new route is covered the
//! day it is added), the security headers, body types, the `back` field, posting URLs that lead
//! to private addresses, and control characters on their way into a calendar.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{STAR_ANSWER, TestApp, spawn_app};
use crate::targets::{POSTING, RESUME};

/// A route as declared in the source: its path pattern and one method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Route {
    method: &'static str,
    path: String,
}

const METHODS: [&str; 6] = ["get", "post", "put", "delete", "patch", "any"];

/// Every `.route("PATH", METHOD(handler).METHOD(handler)...)` in the web crate's source, with
/// `/api/v1` before the API's own. Read from the files rather than listed here, so that a route
/// added later is tested without anyone remembering to list it.
fn declared_routes() -> Vec<Route> {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![(source.join("lib.rs"), ""), (source.join("assets.rs"), "")];
    files.push((source.join("pages/mod.rs"), ""));
    files.push((source.join("api.rs"), "/api/v1"));
    for entry in std::fs::read_dir(source.join("api")).unwrap() {
        files.push((entry.unwrap().path(), "/api/v1"));
    }
    let mut routes = BTreeSet::new();
    for (file, prefix) in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let Some(open) = rest.find('"') else { break };
            let Some(close) = rest[open + 1..].find('"') else {
                break;
            };
            let path = &rest[open + 1..open + 1 + close];
            // The handler expression runs to the parenthesis that closes `.route(`.
            let mut depth = 1;
            let mut end = 0;
            for (index, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = index;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let handlers = &rest[open + 1 + close + 1..end];
            // `/api` itself is declared in lib.rs without the prefix.
            let full = if path.starts_with("/api") {
                path.to_owned()
            } else {
                format!("{prefix}{path}")
            };
            for method in METHODS {
                let called = format!("{method}(");
                let mut search = handlers;
                while let Some(found) = search.find(&called) {
                    let before = search[..found].chars().next_back();
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        routes.insert(Route {
                            method,
                            path: full.clone(),
                        });
                    }
                    search = &search[found + called.len()..];
                }
            }
            rest = &rest[end..];
        }
    }
    routes.into_iter().collect()
}

/// A concrete address for a route pattern.
fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{part}", "note")
        .replace("{name}", "app.css")
        .replace("{*rest}", "anything")
}

/// What the user has, as the API shows it: compared before and after forged requests.
async fn state(app: &TestApp) -> Vec<Value> {
    let mut snapshot = Vec::new();
    for path in [
        "/api/v1/stories",
        "/api/v1/targets",
        "/api/v1/targets/1",
        "/api/v1/attempts",
        "/api/v1/mocks",
        "/api/v1/llm",
        "/api/v1/plans",
        "/api/v1/targets/1/debriefs",
    ] {
        snapshot.push(app.get(path).await.json::<Value>().await.unwrap());
    }
    snapshot
}

async fn some_data(app: &TestApp) {
    let target = app
        .post_json(
            "/api/v1/targets",
            &json!({"posting": POSTING, "resume": RESUME, "count": 8}),
        )
        .await;
    assert_eq!(target.status(), StatusCode::CREATED);
    let story = app
        .post_json(
            "/api/v1/stories",
            &json!({"title": "The late report", "situation": "A report was late.",
                    "action": "I rebuilt the query.", "result": "It went out on time."}),
        )
        .await;
    assert_eq!(story.status(), StatusCode::CREATED);
    let questions: Value = app
        .get("/api/v1/questions?kind=behavioral")
        .await
        .json()
        .await
        .unwrap();
    let answer = app
        .post_json(
            "/api/v1/attempts",
            &json!({"question_id": questions["questions"][0]["id"], "answer": STAR_ANSWER}),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::CREATED);
}

#[test]
fn the_route_reader_finds_the_routes() {
    let routes = declared_routes();
    let changing = routes.iter().filter(|route| route.method != "get").count();
    assert!(
        changing >= 40,
        "{changing} state-changing routes: {routes:#?}"
    );
    for expected in [
        ("post", "/settings"),
        ("post", "/stories/{id}/delete"),
        ("post", "/targets/{id}/ai"),
        ("post", "/targets/{id}/ai-questions"),
        ("post", "/api/v1/stories/import"),
        ("delete", "/api/v1/stories/{id}"),
        ("put", "/api/v1/plans/tasks/{id}"),
        ("get", "/api/v1/attempts/{id}/coach/{part}/stream"),
        ("get", "/static/{name}"),
    ] {
        assert!(
            routes
                .iter()
                .any(|route| (route.method, route.path.as_str()) == expected),
            "{expected:?} in {routes:#?}"
        );
    }
}

#[tokio::test]
async fn no_other_origin_can_change_anything() {
    let app = spawn_app().await;
    some_data(&app).await;
    let before = state(&app).await;
    let other_port = format!("http://127.0.0.1:{}", app.address.port() + 1);
    let forgeries: [&[(&str, &str)]; 5] = [
        &[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://evil.example"),
        ],
        // Another port of 127.0.0.1 is the same site but another origin.
        &[("sec-fetch-site", "same-site"), ("origin", &other_port)],
        // Without Fetch Metadata: the Origin decides; then the Referer.
        &[("origin", &other_port)],
        &[("origin", "null")],
        &[("referer", "http://evil.example/page")],
    ];
    let mut refused = 0;
    for route in declared_routes() {
        let api = route.path.starts_with("/api");
        if route.method == "get" && !api {
            continue;
        }
        let url = app.url(&concrete(&route.path));
        let method = match route.method {
            "any" => "POST".to_owned(),
            other => other.to_ascii_uppercase(),
        }
        .parse::<reqwest::Method>()
        .unwrap();
        for headers in forgeries {
            // Fetch Metadata alone judges a GET: browsers send no Origin with one.
            if route.method == "get" && !headers.iter().any(|(name, _)| *name == "sec-fetch-site") {
                continue;
            }
            // The body types another site's form can send without asking: each is refused.
            for content_type in [
                "application/x-www-form-urlencoded",
                "text/plain",
                "multipart/form-data; boundary=x",
            ] {
                let mut request = app
                    .client
                    .request(method.clone(), &url)
                    .header("content-type", content_type)
                    .body("provider=openai%3Aevil&base_url=http%3A%2F%2Fevil.example");
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                let response = request.send().await.unwrap();
                assert_eq!(
                    response.status(),
                    StatusCode::FORBIDDEN,
                    "{} {} with {headers:?}",
                    route.method,
                    route.path
                );
                let body = response.text().await.unwrap();
                assert!(
                    body.contains("came from another web site"),
                    "{} {}: {body}",
                    route.method,
                    route.path
                );
                if api {
                    assert!(body.contains("\"code\":\"cross_site_request\""), "{body}");
                }
                refused += 1;
            }
        }
    }
    assert!(refused > 500, "{refused} forged requests");
    assert_eq!(state(&app).await, before, "nothing changed");

    // The app's own pages still work: same origin by Fetch Metadata, or by Origin alone.
    let own = format!("http://{}", app.address);
    for headers in [
        [("sec-fetch-site", "same-origin"), ("origin", own.as_str())],
        [("origin", own.as_str()), ("x-none", "")],
    ] {
        let mut request = app
            .client
            .post(app.url("/stories"))
            .form(&[("title", "Kept"), ("action", "I kept it.")]);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        assert_eq!(
            request.send().await.unwrap().status(),
            StatusCode::SEE_OTHER
        );
    }
    // A script or the CLI sends none of these headers, and the API serves it.
    let listed = app.get("/api/v1/stories").await;
    assert_eq!(listed.status(), StatusCode::OK);
    assert_eq!(
        listed.json::<Value>().await.unwrap()["stories"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

/// A GET with the given `Host` header.
async fn get_with_host(app: &TestApp, path: &str, host: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("host", host)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn only_its_own_host_names_are_served() {
    let app = spawn_app().await;
    let port = app.address.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
    ] {
        assert_eq!(
            get_with_host(&app, "/", &host).await.status(),
            StatusCode::OK,
            "{host}"
        );
    }
    for host in [
        format!("attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("192.168.1.20:{port}"),
    ] {
        let page = get_with_host(&app, "/settings", &host).await;
        assert_eq!(page.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
        let text = page.text().await.unwrap();
        assert!(text.contains("--allowed-host"), "{text}");
        assert!(!text.contains("AI coach"), "nothing of the page");
        let api = get_with_host(&app, "/api/v1/attempts", &host).await;
        assert_eq!(api.status(), StatusCode::MISDIRECTED_REQUEST);
        let body: Value = api.json().await.unwrap();
        assert_eq!(body["error"]["code"], "host_not_allowed");
        let write = app
            .client
            .post(app.url("/api/v1/stories"))
            .header("host", &host)
            .json(&json!({"title": "Rebound", "action": "I was rebound."}))
            .send()
            .await
            .unwrap();
        assert_eq!(write.status(), StatusCode::MISDIRECTED_REQUEST);
    }
    let stories: Value = app.get("/api/v1/stories").await.json().await.unwrap();
    assert_eq!(stories["stories"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let cases = [
        ("/", StatusCode::OK, true),
        ("/settings", StatusCode::OK, true),
        ("/api/v1/attempts", StatusCode::OK, true),
        ("/api/v1/openapi.json", StatusCode::OK, true),
        ("/attempts/999", StatusCode::NOT_FOUND, true),
        ("/api/v1/nothing", StatusCode::NOT_FOUND, true),
        ("/static/app.js", StatusCode::OK, false),
        ("/static/app.css", StatusCode::OK, false),
    ];
    for (path, status, private) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .unwrap_or_else(|| panic!("{path} has no {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        let policy = header("content-security-policy");
        assert_eq!(policy, rehearse_web::CONTENT_SECURITY_POLICY);
        assert!(policy.contains("default-src 'self'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"));
        assert_eq!(header("x-frame-options"), "DENY");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "no-referrer");
        if private {
            assert_eq!(header("cache-control"), "no-store", "{path}");
        } else {
            assert!(header("cache-control").starts_with("public"), "{path}");
        }
    }
    // Refusals carry them too.
    let refused = get_with_host(&app, "/", "evil.example").await;
    assert!(refused.headers().contains_key("content-security-policy"));
    // No page has an inline script or style, or an event-handler attribute.
    for path in [
        "/",
        "/practice",
        "/settings",
        "/stories/new",
        "/plan",
        "/mock",
    ] {
        let page = app.get(path).await.text().await.unwrap();
        assert!(!page.contains("<script>"), "{path}");
        assert!(!page.contains("<style"), "{path}");
        assert!(!page.contains(" style=\""), "{path}");
        assert!(!page.contains(" onclick="), "{path}");
        for script in page.split("<script").skip(1) {
            assert!(script.trim_start().starts_with("src=\"/static/"), "{path}");
        }
    }
}

#[tokio::test]
async fn the_api_takes_json_and_pages_take_forms() {
    let app = spawn_app().await;
    for (path, content_type) in [
        ("/api/v1/analyze", "text/plain"),
        ("/api/v1/analyze", "application/x-www-form-urlencoded"),
        ("/api/v1/stories", "multipart/form-data; boundary=x"),
        ("/api/v1/targets/1/llm-questions", "text/plain"),
        ("/api/v1/stories/import", "text/plain"),
        (
            "/api/v1/stories/import",
            "application/x-www-form-urlencoded",
        ),
    ] {
        let response = app
            .client
            .post(app.url(path))
            .header("content-type", content_type)
            .body(r#"{"answer": "x", "question": "y"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{path} {content_type}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unsupported_media_type");
    }
    // A bodyless POST needs no type; Markdown is the import's documented other type.
    let bodyless = app
        .client
        .post(app.url("/api/v1/targets/1/llm-questions"))
        .send()
        .await
        .unwrap();
    assert_ne!(bodyless.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let markdown = app
        .client
        .post(app.url("/api/v1/stories/import"))
        .header("content-type", "text/markdown; charset=utf-8")
        .body("# The late report\n\n## Action\n\nI rebuilt the query.\n")
        .send()
        .await
        .unwrap();
    assert_eq!(markdown.status(), StatusCode::CREATED);

    let page = app
        .client
        .post(app.url("/stories"))
        .header("content-type", "text/plain")
        .body("title=T&action=A")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_back_field_leads_only_to_a_page_of_this_app() {
    let app = spawn_app().await;
    let back = |value: &'static str| {
        let app = &app;
        async move {
            let response = app
                .post_form(
                    "/plan/tasks",
                    &[("task", "t1"), ("done", "1"), ("back", value)],
                )
                .await;
            assert!(
                response.status().is_redirection(),
                "{value:?}: {}",
                response.status()
            );
            response.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(back("/plan#today").await, "/plan#today");
    assert_eq!(back("/").await, "/");
    for hostile in [
        "//evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/ /evil.example",
        "",
    ] {
        assert_eq!(back(hostile).await, "/plan", "{hostile:?}");
    }
    // The interview-dates form's back field is read by hand from the body: same rule.
    let response = app
        .post_form(
            "/targets/1/interviews",
            &[("date", ""), ("back", "/\t/evil.example")],
        )
        .await;
    if response.status().is_redirection() {
        assert_eq!(response.headers()["location"], "/plan");
    }
}

#[tokio::test]
async fn posting_urls_that_lead_home_are_refused() {
    let app = spawn_app().await;
    let port = app.address.port();
    for url in [
        format!("http://127.0.0.1:{port}/api/v1/attempts"),
        format!("http://localhost:{port}/settings"),
        format!("http://[::1]:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://2130706433:{port}/"),
        format!("http://127.1:{port}/"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://10.0.0.1/".to_owned(),
    ] {
        for path in ["/api/v1/targets", "/api/v1/question-sets"] {
            let response = app.post_json(path, &json!({"posting_url": url})).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "url_private_address", "{url}");
        }
    }
    let targets: Value = app.get("/api/v1/targets").await.json().await.unwrap();
    assert_eq!(targets["targets"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn typed_control_characters_stay_out_of_the_calendar() {
    let app = spawn_app().await;
    let target = app
        .post_json("/api/v1/targets", &json!({"posting": POSTING, "count": 6}))
        .await;
    assert_eq!(target.status(), StatusCode::CREATED);
    let edited = app
        .post_form(
            "/targets/1/profile",
            &[
                ("title", "Analyst\rBEGIN:VALARM\rTRIGGER:-PT1M"),
                ("company", "Acme\r\nORGANIZER:mailto:evil@example.com"),
                ("role_family", "data-analysis"),
                ("seniority", "mid"),
                ("skills", "SQL"),
            ],
        )
        .await;
    assert!(edited.status().is_redirection(), "{}", edited.status());
    let dates = app
        .put_json(
            "/api/v1/targets/1/interviews",
            &json!({"interviews": [{"date": "2026-12-10", "label": "first\rround"}]}),
        )
        .await;
    assert_eq!(dates.status(), StatusCode::OK);
    let calendar = app.get("/plan.ics").await.text().await.unwrap();
    assert!(calendar.contains("BEGIN:VEVENT"), "{calendar}");
    // The typed name reached the calendar, its CR and LF made spaces.
    let unfolded = calendar.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Research Acme ORGANIZER:mailto:evil@example.com: "),
        "{unfolded}"
    );
    for line in calendar.split("\r\n") {
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        for injected in ["BEGIN:VALARM", "TRIGGER:", "ORGANIZER:"] {
            assert!(!line.starts_with(injected), "{line:?}");
        }
    }
}
