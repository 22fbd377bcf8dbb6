//! The use cases against a real temporary SQLite store and a fixed clock.

use chrono::TimeZone;
use rehearse_store::SqliteStore;

use super::*;

async fn app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("test.db").to_str().unwrap())
        .await
        .unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap());
    let app = App::new(
        Arc::new(store),
        Arc::new(Bank::builtin().unwrap()),
        Arc::new(rehearse_content::builtin_skills().unwrap()),
        Arc::new(clock),
    );
    (app, dir)
}

const ANSWER: &str = "At my last job I led a team of four. My task was to cut our release time. \
I automated the checks and I wrote a release checklist. As a result, releases went from two days to three hours.";

fn first_behavioral(app: &App) -> String {
    app.questions(QuestionFilter {
        kind: Some(QuestionKind::Behavioral),
        role: None,
    })[0]
        .id
        .0
        .clone()
}

#[tokio::test]
async fn submitting_saves_the_analysis_and_history_lists_it() {
    let (app, _dir) = app().await;
    let question_id = first_behavioral(&app);
    let saved = app
        .submit_attempt(
            UserId::LOCAL,
            SubmitAttempt {
                target_id: None,
                story_id: None,
                question_id: question_id.clone(),
                answer: ANSWER.into(),
                duration_seconds: Some(80),
                recording: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        saved.created_at,
        Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap()
    );
    assert_eq!(saved.analysis.word_count, 39);
    assert!(saved.analysis.star.action.present);

    let history = app.attempts(UserId::LOCAL, None, 50).await.unwrap();
    assert_eq!(history.items, vec![saved.summary()]);
    assert_eq!(history.next, None);
    assert_eq!(app.attempt(UserId::LOCAL, saved.id).await.unwrap(), saved);
}

#[tokio::test]
async fn invalid_submissions_save_nothing() {
    let (app, _dir) = app().await;
    let question_id = first_behavioral(&app);
    let submit = |answer: String, duration_seconds| SubmitAttempt {
        target_id: None,
        story_id: None,
        question_id: question_id.clone(),
        answer,
        duration_seconds,
        recording: None,
    };
    let cases = [
        (submit("   \n".into(), None), "empty_answer"),
        (
            submit("x".repeat(MAX_ANSWER_CHARS + 1), None),
            "answer_too_long",
        ),
        (
            submit(ANSWER.into(), Some(MAX_DURATION_SECONDS + 1)),
            "duration_too_long",
        ),
        (
            SubmitAttempt {
                target_id: None,
                story_id: None,
                question_id: "nope".into(),
                answer: ANSWER.into(),
                duration_seconds: None,
                recording: None,
            },
            "question_not_found",
        ),
    ];
    for (submission, code) in cases {
        assert_eq!(
            app.submit_attempt(UserId::LOCAL, submission)
                .await
                .unwrap_err()
                .code(),
            code
        );
    }
    assert!(
        app.attempts(UserId::LOCAL, None, 50)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // Exactly the limit is fine; the limit counts characters, not bytes.
    let at_limit = "é".repeat(MAX_ANSWER_CHARS);
    assert!(
        app.submit_attempt(UserId::LOCAL, submit(at_limit, None))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn unknown_attempt_is_not_found() {
    let (app, _dir) = app().await;
    let error = app.attempt(UserId::LOCAL, AttemptId(42)).await.unwrap_err();
    assert_eq!(error.code(), "attempt_not_found");
    assert_eq!(error.to_string(), "there is no attempt with id 42");
}

#[tokio::test]
async fn practice_offers_the_least_practised_question_and_cycles_on_request() {
    let (app, _dir) = app().await;
    let filter = QuestionFilter {
        kind: Some(QuestionKind::Behavioral),
        role: None,
    };
    let all: Vec<String> = app
        .questions(filter)
        .iter()
        .map(|question| question.id.0.clone())
        .collect();

    let first = app
        .practice_question(UserId::LOCAL, filter, None, None)
        .await
        .unwrap();
    assert_eq!(first.question.unwrap().id.0, all[0]);
    assert_eq!(first.matching, all.len());

    app.submit_attempt(
        UserId::LOCAL,
        SubmitAttempt {
            target_id: None,
            story_id: None,
            question_id: all[0].clone(),
            answer: ANSWER.into(),
            duration_seconds: None,
            recording: None,
        },
    )
    .await
    .unwrap();
    let next = app
        .practice_question(UserId::LOCAL, filter, None, None)
        .await
        .unwrap();
    assert_eq!(
        next.question.unwrap().id.0,
        all[1],
        "a practised question goes to the back"
    );

    let last = all.last().unwrap();
    let wrapped = app
        .practice_question(UserId::LOCAL, filter, None, Some(last))
        .await
        .unwrap();
    assert_eq!(
        wrapped.question.unwrap().id.0,
        all[0],
        "another question wraps round"
    );

    let pinned = app
        .practice_question(UserId::LOCAL, filter, Some(&all[3]), None)
        .await
        .unwrap();
    assert_eq!(pinned.question.unwrap().id.0, all[3]);
    assert!(
        app.practice_question(UserId::LOCAL, filter, Some("nope"), None)
            .await
            .is_err()
    );
}

#[test]
fn analyze_uses_bank_key_points_for_technical_questions() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (app, _dir) = rt.block_on(app());
    let technical = app.questions(QuestionFilter {
        kind: Some(QuestionKind::Technical),
        role: None,
    })[0]
        .clone();
    let analysis = rt
        .block_on(app.analyze(&AnalyzeRequest {
            question_id: Some(technical.id.0.clone()),
            answer: "I do not know.".into(),
            ..Default::default()
        }))
        .unwrap();
    assert_eq!(analysis.kind, QuestionKind::Technical);
    assert_eq!(
        analysis.key_points.unwrap().len(),
        technical.key_points.len()
    );

    let error = rt
        .block_on(app.analyze(&AnalyzeRequest {
            answer: "An answer.".into(),
            ..Default::default()
        }))
        .unwrap_err();
    assert_eq!(error.code(), "missing_question");
    let too_many = AnalyzeRequest {
        question: Some("Q?".into()),
        key_points: vec!["point".into(); MAX_KEY_POINTS + 1],
        answer: "An answer.".into(),
        ..Default::default()
    };
    assert_eq!(
        rt.block_on(app.analyze(&too_many)).unwrap_err().code(),
        "too_many_key_points"
    );
}
