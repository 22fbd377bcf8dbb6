//! The CLI with a model configured: a local server speaks the OpenAI wire format (the tests set
//! `OPENAI_BASE_URL` to it). It answers each kind of prompt the way a good model would, unless the
//! model name asks it to fail.

use std::net::SocketAddr;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::{STAR_ANSWER, Sandbox, failure, stderr, stdout, success};

const KEY: &str = "sk-cli-test-secret-9876";

/// The text between `<tag>` and `</tag>` in a prompt.
fn block<'a>(text: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>\n");
    let start = text.find(&open).map_or(0, |at| at + open.len());
    let end = text[start..]
        .find(&format!("\n</{tag}>"))
        .map_or(text.len(), |at| start + at);
    &text[start..end]
}

async fn completions(Json(body): Json<Value>) -> Response {
    if body["model"] == "unauthorized" {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"message":"bad key"}}"#,
        )
            .into_response();
    }
    let system = body["messages"][0]["content"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let user = body["messages"][1]["content"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let schema = body["response_format"]["json_schema"]["name"]
        .as_str()
        .unwrap_or("");
    let content = match schema {
        "questions" => {
            // Quotes the posting's first line, which the offline set has not used.
            let posting = block(&user, "posting");
            let line = posting.lines().next().unwrap_or("").trim();
            json!({"questions": [
                {"text": format!("What would your first month as {line} look like, and how would you learn the sites?"), "kind": "behavioral", "why": "It is the job.", "quote": line, "from": "jd"},
                {"text": "Tell me about the warehouse you ran in Lisbon.", "kind": "behavioral", "why": "Invented.", "quote": "Ran the Lisbon warehouse", "from": "resume"}
            ]})
            .to_string()
        }
        "follow_up" => json!({"question": "What did you do yourself to fix it?", "aims_at": "your own part"}).to_string(),
        _ if system.starts_with("You are a warm, direct interview coach") => {
            let answer = block(&user, "answer");
            let phrase: String = answer.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
            format!("You open with “{phrase}”, which sets the scene; now make your own actions the heart of the answer.")
        }
        _ if system.starts_with("You are an interview coach. Rewrite") => {
            format!("{} Looking back, I learned to check the numbers with the team early.", block(&user, "answer"))
        }
        _ => "An index keeps values sorted so lookups avoid a full table scan, and it slows down writes because it must be maintained.".to_owned(),
    };
    Json(json!({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 50, "completion_tokens": 20}})).into_response()
}

/// The same answers in the Anthropic Messages format (structured answers as a tool call).
async fn messages(headers: axum::http::HeaderMap, Json(body): Json<Value>) -> Response {
    if headers.get("x-api-key").and_then(|key| key.to_str().ok()) != Some(KEY) {
        return (StatusCode::UNAUTHORIZED, r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#).into_response();
    }
    let system = body["system"].as_str().unwrap_or("").to_owned();
    let user = body["messages"][0]["content"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let tool = body["tools"][0]["name"].as_str().unwrap_or("");
    let content = if tool == "follow_up" {
        json!([{"type": "tool_use", "id": "t1", "name": "follow_up", "input": {"question": "What did you do yourself to fix it?", "aims_at": "your own part"}}])
    } else if system.starts_with("You are a warm, direct interview coach") {
        let phrase: String = block(&user, "answer")
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        json!([{"type": "text", "text": format!("You open with “{phrase}”; now tell what you did.")}])
    } else {
        json!([{"type": "text", "text": format!("{} Looking back, I learned to check the numbers early.", block(&user, "answer"))}])
    };
    Json(json!({"content": content, "stop_reason": "end_turn", "usage": {"input_tokens": 30, "output_tokens": 10}})).into_response()
}

/// Starts the fake model on its own thread; returns its base URL.
fn fake_model() -> String {
    let (sender, receiver) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            let router = axum::Router::new()
                .route("/v1/chat/completions", post(completions))
                .route("/v1/messages", post(messages));
            axum::serve(listener, router).await.unwrap();
        });
    });
    format!("http://{}/v1", receiver.recv().unwrap())
}

fn with_model<'a>(
    sandbox: &Sandbox,
    base: &str,
    model: &str,
    args: &'a [&'a str],
) -> std::process::Command {
    let mut command = sandbox.command(args);
    command
        .env("REHEARSE_LLM", format!("openai:{model}"))
        .env("OPENAI_BASE_URL", base)
        .env("OPENAI_API_KEY", KEY);
    command
}

fn run(mut command: std::process::Command, stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn analyze_adds_checked_coaching_and_never_shows_the_key() {
    let base = fake_model();
    let sandbox = Sandbox::new();
    sandbox.write("answer.txt", STAR_ANSWER);
    let args = [
        "analyze",
        "--question",
        "Tell me about a time you fixed a broken process.",
        "--answer-file",
        "answer.txt",
    ];
    let output = run(with_model(&sandbox, &base, "coach", &args), "");
    let text = success(&output);
    assert!(
        text.contains("AI coach (openai · coach at 127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("You open with “Last spring I was the”"),
        "{text}"
    );
    assert!(
        text.contains("An interviewer might ask next: What did you do yourself to fix it?"),
        "{text}"
    );
    assert!(
        text.contains("A stronger version, from your own words"),
        "{text}"
    );
    let everything = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!everything.contains(KEY), "the key never shows");
    assert!(stderr(&output).contains("the question and answer are sent"));

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let document: Value = serde_json::from_str(&success(&run(
        with_model(&sandbox, &base, "coach", &json_args),
        "",
    )))
    .unwrap();
    assert_eq!(
        document["coaching"]["follow_up"]["aims_at"],
        "your own part"
    );
    assert!(
        document["word_count"].as_u64().unwrap() > 50,
        "the engine's facts are there too"
    );

    // Offline: the engine's own follow-up, nothing sent.
    let mut offline = args.to_vec();
    offline.push("--offline");
    let text = success(&run(with_model(&sandbox, &base, "coach", &offline), ""));
    assert!(!text.contains("AI coach"));
    assert!(text.contains("from Rehearse's own feedback"), "{text}");

    // A refused key: the analysis still prints, with a notice; exit 0.
    let output = run(with_model(&sandbox, &base, "unauthorized", &args), "");
    let text = success(&output);
    assert!(text.contains("STAR"), "the analysis is there: {text}");
    assert!(
        text.contains(
            "The AI could not answer (the provider refused the key (status 401); check the API key)"
        ),
        "{text}"
    );
    assert!(!format!("{}{}", stdout(&output), stderr(&output)).contains(KEY));

    // --llm with no model configured is a clear error.
    let mut llm = args.to_vec();
    llm.push("--llm");
    let line = failure(&sandbox.run(&llm));
    assert!(
        line.contains("--llm needs a model: set REHEARSE_LLM"),
        "{line}"
    );
}

#[test]
fn questions_add_the_models_questions_with_verbatim_quotes() {
    let base = fake_model();
    let sandbox = Sandbox::new();
    let posting = "Operations Coordinator\n\nResponsibilities\n- Coordinate the weekly delivery schedule across three warehouses\n- Handle supplier escalations and keep stakeholders informed\n";
    sandbox.write("posting.txt", posting);
    let output = run(
        with_model(
            &sandbox,
            &base,
            "coach",
            &["questions", "--jd", "posting.txt", "--json"],
        ),
        "",
    );
    let set: Value = serde_json::from_str(&success(&output)).unwrap();
    let from_model: Vec<&Value> = set["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["source"]["from"] == "llm")
        .collect();
    assert_eq!(from_model.len(), 1, "{set}");
    assert!(posting.contains(from_model[0]["source"]["quote"].as_str().unwrap()));
    assert!(stderr(&output).contains("the posting and resume are sent"));

    // Saved: the target remembers that the model may be used for it.
    let output = run(
        with_model(
            &sandbox,
            &base,
            "coach",
            &["questions", "--jd", "posting.txt", "--save", "--json"],
        ),
        "",
    );
    let saved: Value = serde_json::from_str(&success(&output)).unwrap();
    let shown: Value =
        serde_json::from_str(&success(&sandbox.run(&["targets", "show", "1", "--json"]))).unwrap();
    assert_eq!(shown["llm"], true);
    assert_eq!(shown["set"]["questions"], saved["questions"]);
}

#[test]
fn practice_coaches_the_saved_answer() {
    let base = fake_model();
    let sandbox = Sandbox::new();
    let output = run(
        with_model(
            &sandbox,
            &base,
            "coach",
            &["practice", "--question", "beh-conflict-coworker"],
        ),
        STAR_ANSWER,
    );
    let text = success(&output);
    assert!(text.contains("Saved as answer 1."), "{text}");
    assert!(text.contains("AI coach (openai · coach"), "{text}");
    let attempt: Value =
        serde_json::from_str(&success(&sandbox.run(&["attempts", "show", "1", "--json"]))).unwrap();
    assert_eq!(
        attempt["coaching"]["follow_up"]["question"],
        "What did you do yourself to fix it?"
    );
    assert!(
        attempt["coaching"]["stronger"]
            .as_str()
            .unwrap()
            .starts_with("Last spring")
    );

    // The model failing leaves the saved answer and the engine's feedback.
    let output = run(
        with_model(
            &sandbox,
            &base,
            "unauthorized",
            &["practice", "--question", "beh-conflict-coworker"],
        ),
        STAR_ANSWER,
    );
    let text = success(&output);
    assert!(text.contains("Saved as answer 2."), "{text}");
    assert!(text.contains("The AI could not answer"), "{text}");
}

#[test]
fn the_config_file_configures_the_model_and_the_environment_wins() {
    let base = fake_model();
    let sandbox = Sandbox::new();
    sandbox.write("answer.txt", STAR_ANSWER);
    std::fs::create_dir_all(sandbox.path("data/rehearse")).unwrap();
    sandbox.write(
        "data/rehearse/config.toml",
        format!("[llm]\nprovider = \"openai:coach\"\nbase_url = \"{base}\"\n"),
    );
    let args = [
        "analyze",
        "--question",
        "Tell me about a time you fixed a broken process.",
        "--answer-file",
        "answer.txt",
    ];
    let text = success(&sandbox.run(&args));
    assert!(text.contains("AI coach (openai · coach"), "{text}");

    // REHEARSE_LLM in the environment wins over the file.
    let mut command = sandbox.command(&args);
    command.env("REHEARSE_LLM", "openai:unauthorized");
    let text = success(&run(command, ""));
    assert!(text.contains("The AI could not answer"), "{text}");

    // A broken file is one clear line.
    sandbox.write("data/rehearse/config.toml", "[llm]\nprovider = 7\n");
    let line = failure(&sandbox.run(&args));
    assert!(line.starts_with("error: the config file"), "{line}");
}

#[test]
fn anthropic_works_the_same_way() {
    let base = fake_model();
    let anthropic_base = base.trim_end_matches("/v1").to_owned();
    let sandbox = Sandbox::new();
    sandbox.write("answer.txt", STAR_ANSWER);
    let mut command = sandbox.command(&[
        "analyze",
        "--question",
        "Tell me about a time you fixed a broken process.",
        "--answer-file",
        "answer.txt",
    ]);
    command
        .env("REHEARSE_LLM", "anthropic:claude-test")
        .env("ANTHROPIC_BASE_URL", &anthropic_base)
        .env("ANTHROPIC_API_KEY", KEY);
    let output = run(command, "");
    let text = success(&output);
    assert!(
        text.contains("AI coach (anthropic · claude-test at 127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("You open with “Last spring I was the”"),
        "{text}"
    );
    assert!(
        text.contains("What did you do yourself to fix it?"),
        "{text}"
    );
    assert!(!format!("{}{}", stdout(&output), stderr(&output)).contains(KEY));

    // Anthropic without a key is a clear error before anything is sent.
    let mut command =
        sandbox.command(&["analyze", "--question", "Q?", "--answer-file", "answer.txt"]);
    command.env("REHEARSE_LLM", "anthropic:claude-test");
    let line = failure(&run(command, ""));
    assert!(line.contains("Anthropic needs an API key"), "{line}");
}
