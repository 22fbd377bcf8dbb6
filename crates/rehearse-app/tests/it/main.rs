//! The target use cases end to end: postings and resumes from text, files and URLs, over a real
//! temporary SQLite store, with local HTTP servers standing in for job sites.

mod coaching;
mod fixtures;
mod meaning;
mod meaning_eval;
mod prep;
mod stories;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{TimeZone, Utc};
use rehearse_app::documents::extract_text;
use rehearse_app::{
    App, AppError, FixedClock, PostingSource, ProfileEdit, ResumeSource, SetSpec, SubmitAttempt,
};
use rehearse_content::Bank;
use rehearse_core::question_set::SourceKind;
use rehearse_core::{QuestionKind, RoleFamily, Seniority, UserId};
use rehearse_store::SqliteStore;

pub const POSTING: &str = "Senior Data Engineer - Brightwater Logistics

About the role
You will own our batch and streaming pipelines and the on-call rotation for the data platform.

Responsibilities
- Design and build data pipelines in Python and Apache Spark
- Own the on-call rotation for the data platform and lead incident reviews
- Partner with analysts to model data in Snowflake using dbt

Requirements
- 5+ years of experience in data engineering
- Strong SQL and Python
- Experience with Kubernetes and Airflow

Nice to have
- Experience with Kafka

We value ownership and clear written communication.";

pub const RESUME: &str = "Sam Rivera
sam@example.com

EXPERIENCE
Data Engineer, Northwind Freight | March 2019 - Present
- Cut the nightly ETL runtime by 40% by rewriting the Spark jobs
- Built a Python ingestion service handling 2 million events a day
- Led the migration from cron to Airflow for 120 pipelines

SKILLS
Python, SQL, Spark, Airflow, PostgreSQL";

pub async fn app() -> (App, tempfile::TempDir) {
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap());
    app_with_clock(Arc::new(clock)).await
}

pub async fn app_with_clock(clock: Arc<dyn rehearse_app::Clock>) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("test.db").to_str().unwrap())
        .await
        .unwrap();
    let app = App::new(
        Arc::new(store),
        Arc::new(Bank::builtin().unwrap()),
        Arc::new(rehearse_content::builtin_skills().unwrap()),
        clock,
    )
    .with_fetcher(rehearse_app::Fetcher::new(Duration::from_millis(500)));
    (app, dir)
}

fn spec(posting: PostingSource, resume: Option<ResumeSource>) -> SetSpec {
    SetSpec {
        posting: Some(posting),
        resume,
        ..SetSpec::default()
    }
}

pub fn error_of(result: Result<impl std::fmt::Debug, AppError>) -> (String, String) {
    let error = result.unwrap_err();
    (error.code().to_owned(), error.to_string())
}

#[tokio::test]
async fn a_target_from_a_posting_and_resume_is_grounded_saved_and_practised() {
    let (app, _dir) = app().await;
    let user = UserId::LOCAL;
    let target = app
        .create_target(
            user,
            spec(
                PostingSource::Text(POSTING.into()),
                Some(ResumeSource::Text(RESUME.into())),
            ),
        )
        .await
        .unwrap();

    assert_eq!(
        target.profile.title.as_deref(),
        Some("Senior Data Engineer")
    );
    assert_eq!(target.profile.role_family, RoleFamily::SoftwareEngineering);
    assert_eq!(target.profile.seniority, Seniority::Senior);
    let skills: Vec<&str> = target
        .profile
        .skills
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    for skill in [
        "Python",
        "Apache Spark",
        "Kubernetes",
        "Apache Airflow",
        "Snowflake",
    ] {
        assert!(skills.contains(&skill), "{skill} missing from {skills:?}");
    }
    assert_eq!(target.set.questions.len(), 20);

    // Every quote is a verbatim line of the text it came from.
    let mut from_posting = 0;
    let mut from_resume = 0;
    for question in &target.set.questions {
        match (question.source.from, &question.source.quote) {
            (SourceKind::Jd, Some(quote)) => {
                assert!(POSTING.contains(quote.as_str()), "{quote:?} not in posting");
                from_posting += 1;
            }
            (SourceKind::Resume, Some(quote)) => {
                assert!(RESUME.contains(quote.as_str()), "{quote:?} not in resume");
                from_resume += 1;
            }
            _ => {}
        }
        assert!(!question.why.is_empty());
    }
    assert!(
        from_posting >= 3,
        "{from_posting} posting-grounded questions"
    );
    assert!(from_resume >= 1, "{from_resume} resume-grounded questions");
    assert!(
        target
            .set
            .questions
            .iter()
            .any(|q| q.text.contains("40%") && q.source.from == SourceKind::Resume),
        "no question about the 40% result"
    );
    // Kubernetes is a must-have the resume lacks: a gap question.
    assert!(
        target
            .set
            .questions
            .iter()
            .any(|q| q.skills.iter().any(|s| s == "Kubernetes")),
        "no question on the Kubernetes gap: {:#?}",
        target.set.questions
    );

    // The same inputs give the same set.
    let again = app
        .prepare_set(spec(
            PostingSource::Text(POSTING.into()),
            Some(ResumeSource::Text(RESUME.into())),
        ))
        .await
        .unwrap();
    assert_eq!(again.set, target.set);

    // Saved, listed and read back.
    assert_eq!(app.targets(user).await.unwrap(), vec![target.summary()]);
    assert_eq!(app.target(user, target.id).await.unwrap(), target);

    // Practise a generated question from the set and find the attempt under the target.
    let generated = target
        .set
        .questions
        .iter()
        .find(|q| q.source.from == SourceKind::Resume)
        .unwrap();
    let subject = app
        .practice_subject(user, &generated.id, Some(target.id))
        .await
        .unwrap();
    assert_eq!(subject.text, generated.text);
    assert_eq!(subject.quote, generated.source.quote);
    let attempt = app
        .submit_attempt(
            user,
            SubmitAttempt {
                question_id: generated.id.clone(),
                target_id: Some(target.id),
                story_id: None,
                answer: "I rewrote the Spark jobs myself and the runtime fell by 40%.".into(),
                duration_seconds: Some(30),
                recording: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(attempt.target_id, Some(target.id));
    assert_eq!(attempt.question_text, generated.text);

    // A generated question is not in the bank: without its target it is not found.
    let (code_, _) = error_of(app.practice_subject(user, &generated.id, None).await);
    assert_eq!(code_, "question_not_found");
}

#[tokio::test]
async fn swap_more_and_profile_edits_change_the_set() {
    let (app, _dir) = app().await;
    let user = UserId::LOCAL;
    let target = app
        .create_target(user, spec(PostingSource::Text(POSTING.into()), None))
        .await
        .unwrap();
    let before: Vec<String> = target.set.questions.iter().map(|q| q.id.clone()).collect();

    let swapped_out = before[0].clone();
    let swapped = app
        .swap_question(user, target.id, &swapped_out)
        .await
        .unwrap();
    assert_eq!(swapped.set.questions.len(), before.len());
    assert_ne!(swapped.set.questions[0].id, swapped_out);
    assert!(
        !before.contains(&swapped.set.questions[0].id),
        "the swap brought back a seen question"
    );
    assert_eq!(swapped.set.questions[1..], target.set.questions[1..]);

    let technical = swapped
        .set
        .questions
        .iter()
        .find(|q| q.kind == QuestionKind::Technical && q.source.from == SourceKind::Bank)
        .unwrap()
        .id
        .clone();
    let more = app
        .more_like_this(user, target.id, &technical)
        .await
        .unwrap();
    assert!(more.set.questions.len() > swapped.set.questions.len());
    let at = more
        .set
        .questions
        .iter()
        .position(|q| q.id == technical)
        .unwrap();
    assert_eq!(more.set.questions[at + 1].kind, QuestionKind::Technical);
    let ids: std::collections::HashSet<&str> =
        more.set.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        more.set.questions.len(),
        "a question appears twice"
    );

    // The reader's guess corrected: now a mid-level analyst role needing Tableau.
    let edited = app
        .edit_profile(
            user,
            target.id,
            ProfileEdit {
                title: Some("Data Analyst".into()),
                role_family: Some(RoleFamily::DataAnalysis),
                seniority: Some(Seniority::Mid),
                skills: Some(vec!["tableau".into(), "SQL".into()]),
                ..ProfileEdit::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.profile.title.as_deref(), Some("Data Analyst"));
    assert_eq!(edited.profile.role_family, RoleFamily::DataAnalysis);
    let skills: Vec<&str> = edited
        .profile
        .skills
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(skills, ["Tableau", "SQL"]);
    assert!(
        !edited
            .set
            .questions
            .iter()
            .any(|q| q.kind == QuestionKind::SystemDesign),
        "a mid-level analyst set has no system design"
    );
    assert_eq!(app.target(user, target.id).await.unwrap(), edited);

    let (code_, _) = error_of(app.swap_question(user, target.id, "no-such-question").await);
    assert_eq!(code_, "question_not_found");
    let (code_, _) = error_of(
        app.swap_question(user, rehearse_core::target::TargetId(999), &technical)
            .await,
    );
    assert_eq!(code_, "target_not_found");
}

#[tokio::test]
async fn a_role_alone_gives_a_generic_set_and_nothing_at_all_is_refused() {
    let (app, _dir) = app().await;
    let set = app
        .prepare_set(SetSpec {
            role: Some("registered nurse".into()),
            count: Some(10),
            ..SetSpec::default()
        })
        .await
        .unwrap();
    assert_eq!(set.profile.role_family, RoleFamily::Healthcare);
    assert_eq!(set.set.questions.len(), 10);

    let (code_, message) = error_of(app.prepare_set(SetSpec::default()).await);
    assert_eq!(code_, "missing_posting");
    assert!(message.contains("give a job posting"));
    let (code_, _) = error_of(
        app.prepare_set(SetSpec {
            role: Some("analyst".into()),
            count: Some(0),
            ..SetSpec::default()
        })
        .await,
    );
    assert_eq!(code_, "count_out_of_range");
    let (code_, _) = error_of(
        app.prepare_set(spec(PostingSource::Text("x ".repeat(60_000)), None))
            .await,
    );
    assert_eq!(code_, "document_too_long");
}

#[tokio::test]
async fn short_and_foreign_postings_still_get_a_set_with_a_note() {
    let (app, _dir) = app().await;
    let short = app
        .prepare_set(spec(
            PostingSource::Text(
                "Marketing manager wanted for a growing bakery chain. Apply now.".into(),
            ),
            None,
        ))
        .await
        .unwrap();
    assert_eq!(short.set.questions.len(), 20);
    assert!(
        !short.profile.notes.is_empty(),
        "no note for a very short posting"
    );

    let german = app
        .prepare_set(spec(
            PostingSource::Text(
                "Wir suchen eine Pflegefachkraft für unsere Station. Sie arbeiten im Schichtdienst \
                 und betreuen Patienten mit Sorgfalt und Empathie. Wir bieten ein motiviertes Team \
                 und faire Bezahlung. Bewerben Sie sich jetzt mit Lebenslauf und Zeugnissen."
                    .into(),
            ),
            None,
        ))
        .await
        .unwrap();
    assert!(!german.profile.english);
    assert_eq!(german.set.questions.len(), 20);
    assert!(
        german
            .profile
            .notes
            .iter()
            .any(|note| note.contains("English")),
        "{:?}",
        german.profile.notes
    );
}

#[tokio::test]
async fn a_pdf_resume_is_read_with_its_roles_bullets_and_metrics() {
    let (app, _dir) = app().await;
    let bytes = fixtures::pdf(&[RESUME.lines().map(str::to_owned).collect()]);
    let text = extract_text("resume.pdf", &bytes).unwrap();
    assert!(
        text.contains("Cut the nightly ETL runtime by 40%"),
        "{text}"
    );

    let prepared = app
        .prepare_set(spec(
            PostingSource::Text(POSTING.into()),
            Some(ResumeSource::File {
                name: "C:\\Users\\sam\\resume.pdf".into(),
                bytes,
            }),
        ))
        .await
        .unwrap();
    assert_eq!(prepared.resume_name.as_deref(), Some("resume.pdf"));
    let resume = prepared.resume.unwrap();
    assert!(resume.roles.iter().any(|role| {
        role.employer
            .as_deref()
            .is_some_and(|e| e.contains("Northwind"))
    }));
    assert!(resume.metrics.iter().any(|metric| metric.contains("40%")));

    let three_pages = extract_text("long.pdf", &fixtures::three_page_resume()).unwrap();
    assert!(three_pages.contains("page 3"));
}

#[tokio::test]
async fn unusable_files_get_clear_messages() {
    let (app, _dir) = app().await;
    let resume = |name: &str, bytes: Vec<u8>| {
        spec(
            PostingSource::Text(POSTING.into()),
            Some(ResumeSource::File {
                name: name.into(),
                bytes,
            }),
        )
    };
    // A PDF whose pages hold no text, as a scanner makes (here: pages with nothing drawn).
    let scanned = fixtures::pdf(&[vec![], vec![]]);
    let (code_, message) = error_of(app.prepare_set(resume("scan.pdf", scanned)).await);
    assert_eq!(code_, "scanned_pdf");
    assert!(message.contains("paste the text"), "{message}");

    let mut encrypted = fixtures::pdf(&[vec!["Secret".into()]]);
    encrypted.extend_from_slice(b"\ntrailer << /Encrypt 9 0 R >>\n");
    let (code_, _) = error_of(app.prepare_set(resume("locked.pdf", encrypted)).await);
    assert_eq!(code_, "encrypted_file");

    let (code_, message) = error_of(
        app.prepare_set(resume("cv.docx", b"PK\x03\x04 torn".to_vec()))
            .await,
    );
    assert_eq!(code_, "unreadable_file");
    assert!(
        message.starts_with("cv.docx could not be read as DOCX"),
        "{message}"
    );

    let (code_, message) = error_of(
        app.prepare_set(resume("huge.pdf", vec![b'%'; 50 * 1024 * 1024]))
            .await,
    );
    assert_eq!(code_, "file_too_large");
    assert!(message.contains("50.0 MB; the limit is 10 MB"), "{message}");

    // A PDF that makes the reader fail is an error, not a crash.
    let mut torn = fixtures::three_page_resume();
    torn.truncate(torn.len() / 2);
    let (code_, _) = error_of(app.prepare_set(resume("torn.pdf", torn)).await);
    assert!(
        ["unreadable_file", "scanned_pdf"].contains(&code_.as_str()),
        "{code_}"
    );
}

/// A job site on 127.0.0.1 with the pages the tests need.
async fn job_site() -> JobSite {
    let posting_page = format!(
        "<!doctype html><html><head><title>Jobs</title><style>p{{}}</style></head><body>\
         <nav>Home | Careers</nav><main><h1>Senior Data Engineer</h1><p>Brightwater Logistics</p>\
         <ul>{}</ul></main><script>track()</script></body></html>",
        POSTING
            .lines()
            .skip(2)
            .filter(|line| !line.is_empty())
            .map(|line| format!("<li>{}</li>", line.trim_start_matches("- ")))
            .collect::<String>()
    );
    let router = Router::new()
        .route(
            "/job",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], posting_page) }),
        )
        .route(
            "/login",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html")],
                    "<html><body><h1>Sign in</h1><form>Email <input> Password \
                     <input type=password><button>Log in</button></form></body></html>",
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "too late"
            }),
        )
        .route(
            "/huge",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/plain")],
                    "a ".repeat(1_500_000),
                )
            }),
        )
        .route(
            "/file.pdf",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.4") }),
        )
        .route(
            "/gone",
            get(|| async { (axum::http::StatusCode::NOT_FOUND, "no").into_response() }),
        )
        // Redirects: on this site (followed), round in a circle (refused after five), and to
        // other loopback addresses in their usual disguises (refused).
        .route(
            "/moved",
            get(|| async { axum::response::Redirect::temporary("/job") }),
        )
        .route(
            "/circle",
            get(|| async { axum::response::Redirect::temporary("/circle") }),
        )
        .route(
            "/to-home",
            get(|| async { axum::response::Redirect::temporary("http://127.0.0.1:7878/settings") }),
        )
        .route(
            "/to-localhost",
            get(|| async { axum::response::Redirect::temporary("http://localhost:9/") }),
        )
        .route(
            "/to-metadata",
            get(|| async {
                axum::response::Redirect::temporary("http://169.254.169.254/latest/meta-data/")
            }),
        )
        .route(
            "/to-mapped",
            get(|| async { axum::response::Redirect::temporary("http://[::ffff:127.0.0.1]:9/") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    JobSite { address }
}

/// A local stand-in for a job site; its numeric address is the one private address the app's
/// fetcher is allowed to read.
struct JobSite {
    address: std::net::SocketAddr,
}

impl std::fmt::Display for JobSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "http://{}", self.address)
    }
}

impl JobSite {
    fn app(&self, app: &App) -> App {
        app.clone().with_fetcher(
            rehearse_app::Fetcher::new(Duration::from_millis(500)).allowing(self.address),
        )
    }
}

#[tokio::test]
async fn a_posting_is_fetched_from_a_url() {
    let (app, _dir) = app().await;
    let site = job_site().await;
    let app = site.app(&app);
    let prepared = app
        .prepare_set(spec(PostingSource::Url(format!("{site}/job")), None))
        .await
        .unwrap();
    assert!(!prepared.posting_text.contains("track()"));
    assert!(prepared.posting_text.contains("Own the on-call rotation"));
    assert_eq!(
        prepared.profile.title.as_deref(),
        Some("Senior Data Engineer")
    );
    assert_eq!(
        prepared.profile.role_family,
        RoleFamily::SoftwareEngineering
    );
    for question in &prepared.set.questions {
        if let (SourceKind::Jd, Some(quote)) = (question.source.from, &question.source.quote) {
            assert!(prepared.posting_text.contains(quote.as_str()), "{quote:?}");
        }
    }
}

#[tokio::test]
async fn unusable_urls_get_clear_messages() {
    let (app, _dir) = app().await;
    let site = job_site().await;
    let app = site.app(&app);
    let fetch = |path: &str| spec(PostingSource::Url(format!("{site}{path}")), None);
    let cases = [
        ("/login", "url_login_page", "sign-in page"),
        ("/slow", "url_timeout", "did not answer within"),
        ("/huge", "url_unusable", "larger than 2 MB"),
        ("/file.pdf", "url_unusable", "upload the file instead"),
        ("/gone", "url_unusable", "status 404"),
    ];
    for (path, expected_code, expected_message) in cases {
        let (code_, message) = error_of(app.prepare_set(fetch(path)).await);
        assert_eq!(code_, expected_code, "{path}");
        assert!(message.contains(expected_message), "{path}: {message}");
        assert!(
            message.contains("paste") || message.contains("upload"),
            "{path}: {message}"
        );
    }
    let (code_, _) = error_of(
        app.prepare_set(spec(
            PostingSource::Url("ftp://example.com/job".into()),
            None,
        ))
        .await,
    );
    assert_eq!(code_, "bad_url");
    // Nothing listens on port 9 of loopback.
    let (code_, message) = error_of(
        app.prepare_set(spec(
            PostingSource::Url("http://127.0.0.1:9/job".into()),
            None,
        ))
        .await,
    );
    assert_eq!(code_, "url_private_address");
    assert!(message.contains("private or local address"), "{message}");
    // The allowed site's own address, on a port it does not listen on: a network failure.
    let closed = format!("http://{}:9/job", site.address.ip());
    let unallowed = std::net::SocketAddr::new(site.address.ip(), 9);
    let (code_, message) = error_of(
        site.app(&app)
            .with_fetcher(
                rehearse_app::Fetcher::new(Duration::from_millis(500))
                    .allowing(site.address)
                    .allowing(unallowed),
            )
            .prepare_set(spec(PostingSource::Url(closed), None))
            .await,
    );
    assert_eq!(code_, "url_unusable");
    assert!(message.contains("could not be reached"), "{message}");
}

#[tokio::test]
async fn redirects_are_followed_only_to_public_addresses() {
    let (app, _dir) = app().await;
    let site = job_site().await;
    let app = site.app(&app);
    let fetch = |path: &str| spec(PostingSource::Url(format!("{site}{path}")), None);
    let moved = app.prepare_set(fetch("/moved")).await.unwrap();
    assert!(moved.posting_text.contains("Own the on-call rotation"));
    let (code_, message) = error_of(app.prepare_set(fetch("/circle")).await);
    assert_eq!(code_, "url_unusable");
    assert!(message.contains("redirects more than 5 times"), "{message}");
    for (path, address) in [
        ("/to-home", "127.0.0.1"),
        ("/to-localhost", "127.0.0.1"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-mapped", "::ffff:127.0.0.1"),
    ] {
        let (code_, message) = error_of(app.prepare_set(fetch(path)).await);
        assert_eq!(code_, "url_private_address", "{path}");
        assert!(message.contains(address), "{path}: {message}");
        assert!(message.contains("paste the posting's text"), "{path}");
    }
}

#[tokio::test]
async fn private_addresses_are_refused_in_every_spelling() {
    let (app, _dir) = app().await;
    // The app's own fetcher: nothing excepted. None of these is contacted.
    for url in [
        "http://127.0.0.1:7878/api/v1/targets",
        "http://localhost:7878/",
        "http://LOCALHOST./",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://0.0.0.0:7878/",
        "http://[::1]:7878/",
        "http://[::ffff:127.0.0.1]:7878/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.0.1/",
        "http://172.16.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "https://127.0.0.1/",
        "http://user:pass@127.0.0.1/",
    ] {
        let (code_, message) = error_of(
            app.prepare_set(spec(PostingSource::Url(url.into()), None))
                .await,
        );
        assert_eq!(code_, "url_private_address", "{url}: {message}");
    }
    for url in [
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
        "ftp://10.0.0.1/",
    ] {
        let (code_, _) = error_of(
            app.prepare_set(spec(PostingSource::Url(url.into()), None))
                .await,
        );
        assert_eq!(code_, "bad_url", "{url}");
    }
}

/// A stand-in for the document reader's child that records its process id and then hangs.
#[cfg(unix)]
fn hanging_reader(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let pid_file = dir.join("reader.pid");
    let program = dir.join("hanging-reader");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\necho $$ > {}\nexec sleep 30\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    (program, pid_file)
}

/// Whether process `pid` is still running (a zombie waiting to be reaped is not).
#[cfg(unix)]
fn running(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map(|status| !status.contains("State:\tZ"))
        .unwrap_or(false)
}

#[cfg(unix)]
#[tokio::test]
async fn a_reader_that_hangs_is_stopped_at_its_deadline_or_when_the_request_goes() {
    let dir = tempfile::tempdir().unwrap();
    let (program, pid_file) = hanging_reader(dir.path());
    let reader = rehearse_app::DocumentReader::in_child(program.clone())
        .with_deadline(Duration::from_millis(1500));
    let error = reader
        .read("resume.pdf".into(), b"%PDF-1.4".to_vec())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("resume.pdf needs more than 1 seconds"),
        "{error}"
    );
    let pid = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!running(&pid), "the child is killed at the deadline");

    // The request goes away (its future is dropped) long before the deadline.
    std::fs::remove_file(&pid_file).unwrap();
    let reader = rehearse_app::DocumentReader::in_child(program);
    let read = reader.read("resume.pdf".into(), b"%PDF-1.4".to_vec());
    let gone = tokio::time::timeout(Duration::from_millis(800), read).await;
    assert!(gone.is_err(), "still reading when the client left");
    let pid = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!running(&pid), "the child is killed with the request");
}
