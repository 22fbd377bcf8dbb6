//! `spawn_app`: a real server on 127.0.0.1:0 over a temporary SQLite database and a fixed clock.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rehearse_app::{App, FixedClock};
use rehearse_content::Bank;
use rehearse_store::SqliteStore;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    pub db_path: std::path::PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
    app: App,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Starts a graceful shutdown; returns once the server has stopped and the store is closed.
    pub async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            shutdown.send(()).ok();
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server");
        }
        self.app.shutdown().await;
    }

    /// Begins shutdown without waiting.
    pub fn signal_stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            shutdown.send(()).ok();
        }
    }
}

pub async fn spawn_app() -> TestApp {
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).unwrap());
    spawn_app_with_clock(Arc::new(clock)).await
}

/// A clock the test moves forward.
pub struct TestClock(std::sync::Mutex<chrono::DateTime<Utc>>);

impl TestClock {
    pub fn at(time: chrono::DateTime<Utc>) -> Arc<TestClock> {
        Arc::new(TestClock(std::sync::Mutex::new(time)))
    }

    pub fn advance_days(&self, days: i64) {
        *self.0.lock().unwrap() += chrono::Duration::days(days);
    }
}

impl rehearse_app::Clock for TestClock {
    fn now(&self) -> chrono::DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub async fn spawn_app_with_clock(clock: Arc<dyn rehearse_app::Clock>) -> TestApp {
    spawn_app_with(clock, |app| app).await
}

/// A server over an app changed by `build` (its sentence model, say).
pub async fn spawn_app_with(
    clock: Arc<dyn rehearse_app::Clock>,
    build: impl FnOnce(App) -> App,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("rehearse.db");
    let store = SqliteStore::open(db_path.to_str().unwrap())
        .await
        .expect("store");
    let app = App::new(
        Arc::new(store),
        Arc::new(Bank::builtin().expect("bank")),
        Arc::new(rehearse_content::builtin_skills().expect("skills")),
        clock,
    );
    let app = build(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().unwrap();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(rehearse_web::serve(listener, app.clone(), &[], async {
        stopped.await.ok();
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        db_path,
        shutdown: Some(shutdown),
        server: Some(server),
        app,
        _dir: dir,
    }
}

/// A behavioral answer with every STAR part and a number in the result.
pub const STAR_ANSWER: &str = "Last spring I was the only analyst supporting a sales team of twelve. \
My task was to find out why our weekly revenue report was always a day late. \
I traced every step of the report, I found that two people copied the same numbers by hand, \
and I replaced the copying with one shared query that I scheduled for Monday mornings. \
I also wrote a short guide so the team could check the numbers themselves. \
As a result, the report went out on time every week and we saved about six hours of work a week.";
