//! The storage contract: one story run against every backend, plus SQLite's open-time errors.
//!
//! Every backend must pass `contract`; a new backend adds one `#[tokio::test]` that opens it and
//! calls it.

use chrono::{TimeZone, Utc};
use rehearse_core::mock::{Event, Mock, MockQuestion, MockSettings, Mode, Persona, Round};
use rehearse_core::posting::{JobProfile, PostingSkill};
use rehearse_core::question_set::{QuestionSet, SetQuestion, SetTarget, Source, SourceKind};
use rehearse_core::resume::Resume;
use rehearse_core::speech::{TimedWord, Transcript};
use rehearse_core::story_bank::StoryFields;
use rehearse_core::target::NewTarget;
use rehearse_core::{
    AnalysisInput, AttemptId, NewAttempt, QuestionId, QuestionKind, RoleFamily, Seniority, UserId,
    analyze,
};
use rehearse_store::{SqliteStore, Store, StoreError};

fn new_attempt(question: &str, answer: &str, minute: u32) -> NewAttempt {
    let analysis = analyze(&AnalysisInput {
        competencies: &[],
        question: "Q?",
        kind: QuestionKind::Behavioral,
        key_points: &[],
        answer,
    });
    NewAttempt {
        question_id: QuestionId(question.to_owned()),
        target_id: None,
        story_id: None,
        question_text: format!("Text of {question}?"),
        kind: QuestionKind::Behavioral,
        answer: answer.to_owned(),
        duration_seconds: Some(95),
        analysis,
        created_at: Utc.with_ymd_and_hms(2026, 11, 29, 9, minute, 0).unwrap(),
    }
}

const LONG_ANSWER: &str = "At my last job our release process took two days. My task was to make it faster. \
I wrote a script that ran the checks in parallel and I moved the manual sign-off to a checklist. \
As a result, releases took three hours instead of two days.";

/// How many answers `owner` has saved, from the per-question counters.
async fn total(store: &dyn Store, owner: UserId) -> u64 {
    store
        .attempt_counts(owner)
        .await
        .unwrap()
        .iter()
        .map(|(_, count)| u64::from(*count))
        .sum()
}

async fn contract(store: &dyn Store) {
    let me = UserId::LOCAL;
    assert!(
        store.attempts_page(me, None, 50).await.unwrap().is_empty(),
        "a new store is empty"
    );
    assert_eq!(total(store, me).await, 0);

    // Writes come back exactly as written, with an id.
    let first = store
        .insert_attempt(me, new_attempt("beh-one", LONG_ANSWER, 1), None)
        .await
        .unwrap();
    let second = store
        .insert_attempt(me, new_attempt("beh-two", "Short.", 2), None)
        .await
        .unwrap();
    let third = store
        .insert_attempt(
            me,
            new_attempt("beh-one", "Unicode ✓ — “quotes” 😀", 3),
            None,
        )
        .await
        .unwrap();
    assert_ne!(first.id, second.id);
    let read = store.attempt(me, first.id).await.unwrap();
    assert_eq!(read, first);
    assert_eq!(read.answer, LONG_ANSWER);
    assert_eq!(
        store.attempt(me, third.id).await.unwrap().answer,
        "Unicode ✓ — “quotes” 😀"
    );

    // History lists newest first, with the score the analysis gave (none for a too-short answer).
    let list = store.attempts_page(me, None, 50).await.unwrap();
    assert_eq!(
        list.iter().map(|summary| summary.id).collect::<Vec<_>>(),
        [third.id, second.id, first.id]
    );
    assert_eq!(list[2].score, first.analysis.overall_score());
    assert!(list[2].score.is_some());
    assert_eq!(list[1].score, None);
    assert_eq!(list[2], first.summary());

    // Pages: as many as asked for, then the rest after the last one seen.
    let page = store.attempts_page(me, None, 2).await.unwrap();
    assert_eq!(page, list[..2]);
    let rest = store.attempts_page(me, Some(page[1].id), 2).await.unwrap();
    assert_eq!(rest, list[2..]);
    assert!(
        store
            .attempts_page(me, Some(first.id), 2)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(total(store, me).await, 3);

    // The dashboard's totals, kept as answers are saved, agree with the answers themselves.
    let totals = store.practice_totals(me).await.unwrap();
    let points: Vec<_> = [&first, &second, &third]
        .iter()
        .map(|attempt| rehearse_core::progress::AttemptPoint {
            at: attempt.created_at,
            date: attempt
                .created_at
                .with_timezone(&chrono::Local)
                .date_naive(),
            question_id: attempt.question_id.0.clone(),
            kind: attempt.kind,
            scores: attempt.analysis.scores,
            words: attempt.analysis.word_count,
            fillers: attempt.analysis.fillers.len(),
        })
        .collect();
    assert_eq!(
        totals,
        rehearse_core::progress::Totals::from_points(&points)
    );
    assert_eq!(totals.attempts, 3);
    assert_eq!(totals.latest["beh-one"], third.analysis.overall_score());

    // Whole attempts for the dashboard: newest first, as many as asked for.
    assert_eq!(
        store.recent_attempts(me, 2).await.unwrap(),
        [third.clone(), second.clone()]
    );
    assert!(
        store
            .recent_attempts(UserId(2), 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Counts per question, for choosing what to practise next.
    let counts = store.attempt_counts(me).await.unwrap();
    assert_eq!(
        counts,
        [
            (QuestionId("beh-one".into()), 2),
            (QuestionId("beh-two".into()), 1)
        ]
    );

    // Unknown ids, and rows of another owner, are not found.
    assert!(matches!(
        store.attempt(me, AttemptId(999_999)).await,
        Err(StoreError::NotFound)
    ));
    let stranger = UserId(2);
    assert!(matches!(
        store.attempt(stranger, first.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .attempts_page(stranger, None, 50)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(total(store, stranger).await, 0);
    assert_eq!(
        store.practice_totals(stranger).await.unwrap(),
        rehearse_core::progress::Totals::default()
    );
    assert!(store.attempt_counts(stranger).await.unwrap().is_empty());

    // Recordings: the audio as uploaded, a transcript added, linked to an attempt, the audio
    // deleted while the transcript stays; private to their owner.
    let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    let recording = store
        .insert_recording(me, "audio/wav", b"RIFF....WAVE", at)
        .await
        .unwrap();
    assert!(
        recording.has_audio && recording.transcript.is_none() && recording.attempt_id.is_none()
    );
    assert_eq!(
        store.recording_audio(me, recording.id).await.unwrap(),
        Some(("audio/wav".to_owned(), b"RIFF....WAVE".to_vec()))
    );
    let transcript = Transcript {
        text: "I led it.".to_owned(),
        words: vec![TimedWord {
            text: "I".to_owned(),
            start_ms: 100,
            end_ms: 200,
        }],
        duration_ms: 900,
        engine: "test".to_owned(),
    };
    store
        .set_recording_transcript(me, recording.id, &transcript)
        .await
        .unwrap();
    store
        .attach_recording(me, recording.id, first.id)
        .await
        .unwrap();
    let found = store
        .attempt_recording(me, first.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.transcript.as_ref(), Some(&transcript));
    assert_eq!(found.attempt_id, Some(first.id));
    assert!(
        store
            .attempt_recording(me, second.id)
            .await
            .unwrap()
            .is_none()
    );
    for result in [
        store.recording(stranger, recording.id).await.map(|_| ()),
        store
            .recording_audio(stranger, recording.id)
            .await
            .map(|_| ()),
        store.delete_recording_audio(stranger, recording.id).await,
        store
            .set_recording_transcript(stranger, recording.id, &transcript)
            .await,
        store
            .attach_recording(stranger, recording.id, first.id)
            .await,
    ] {
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    }
    assert!(
        store
            .attempt_recording(stranger, first.id)
            .await
            .unwrap()
            .is_none()
    );
    store
        .delete_recording_audio(me, recording.id)
        .await
        .unwrap();
    assert_eq!(store.recording_audio(me, recording.id).await.unwrap(), None);
    let kept = store.recording(me, recording.id).await.unwrap();
    assert!(!kept.has_audio && kept.transcript.is_some());

    // Targets: saved whole, listed newest first, updated in place, private to their owner.
    assert!(store.targets(me).await.unwrap().is_empty());
    let first_target = store
        .insert_target(me, new_target("Backend Engineer"))
        .await
        .unwrap();
    let second_target = store
        .insert_target(me, new_target("Staff Nurse"))
        .await
        .unwrap();
    assert_eq!(
        store.target(me, first_target.id).await.unwrap(),
        first_target
    );
    let listed = store.targets(me).await.unwrap();
    assert_eq!(
        listed.iter().map(|t| t.id).collect::<Vec<_>>(),
        [second_target.id, first_target.id]
    );
    assert_eq!(listed[1], first_target.summary());
    let mut profile = first_target.profile.clone();
    profile.title = Some("Senior Backend Engineer".to_owned());
    let mut set = first_target.set.clone();
    set.questions.clear();
    let later = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
    let updated = store
        .update_target(me, first_target.id, profile, set, later)
        .await
        .unwrap();
    assert_eq!(updated.name(), "Senior Backend Engineer at Acme");
    assert_eq!(store.target(me, first_target.id).await.unwrap(), updated);
    assert_eq!(store.targets(me).await.unwrap()[1].questions, 0);
    assert!(matches!(
        store.target(stranger, first_target.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.targets(stranger).await.unwrap().is_empty());
    let stolen = store
        .update_target(
            stranger,
            first_target.id,
            updated.profile.clone(),
            updated.set.clone(),
            later,
        )
        .await;
    assert!(matches!(stolen, Err(StoreError::NotFound)));

    // An attempt can name the target its question came from.
    let mut from_set = new_attempt("jd-1234abcd", LONG_ANSWER, 4);
    from_set.target_id = Some(first_target.id);
    let saved = store.insert_attempt(me, from_set, None).await.unwrap();
    assert_eq!(
        store.attempt(me, saved.id).await.unwrap().target_id,
        Some(first_target.id)
    );

    // What an LLM added is kept with the attempt; a target remembers the user's LLM choice.
    let coaching = rehearse_core::coach::Coaching {
        provider: "scripted · test".to_owned(),
        follow_up: Some(rehearse_core::coach::FollowUp {
            question: "What did you do yourself?".to_owned(),
            aims_at: "your own part".to_owned(),
        }),
        stronger: Some("A stronger answer ✓".to_owned()),
        ..Default::default()
    };
    store
        .set_attempt_coaching(me, saved.id, &coaching)
        .await
        .unwrap();
    assert_eq!(
        store.attempt(me, saved.id).await.unwrap().coaching,
        Some(coaching.clone())
    );
    assert!(matches!(
        store
            .set_attempt_coaching(stranger, saved.id, &coaching)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.target(me, first_target.id).await.unwrap().llm, None);
    store
        .set_target_llm(me, first_target.id, true)
        .await
        .unwrap();
    assert_eq!(
        store.target(me, first_target.id).await.unwrap().llm,
        Some(true)
    );
    store
        .set_target_llm(me, first_target.id, false)
        .await
        .unwrap();
    assert_eq!(
        store.target(me, first_target.id).await.unwrap().llm,
        Some(false)
    );
    assert!(matches!(
        store.set_target_llm(stranger, first_target.id, true).await,
        Err(StoreError::NotFound)
    ));

    // Preparation: interview dates, done tasks, review schedules, debriefs, documents.
    let dates = vec![rehearse_core::plan::Interview {
        date: "2026-12-15".parse().unwrap(),
        label: "onsite".to_owned(),
    }];
    store
        .set_target_interviews(me, first_target.id, &dates)
        .await
        .unwrap();
    assert_eq!(
        store.target(me, first_target.id).await.unwrap().interviews,
        dates
    );
    assert!(matches!(
        store
            .set_target_interviews(stranger, first_target.id, &dates)
            .await,
        Err(StoreError::NotFound)
    ));
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
    store
        .mark_task(me, "1:research:company", true, at)
        .await
        .unwrap();
    store
        .mark_task(me, "1:research:company", true, at)
        .await
        .unwrap();
    store
        .mark_task(me, "1:logistics:devices", true, at)
        .await
        .unwrap();
    store
        .mark_task(me, "1:logistics:devices", false, at)
        .await
        .unwrap();
    let done = store.plan_done(me).await.unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].0, "1:research:company");
    assert!(store.plan_done(stranger).await.unwrap().is_empty());

    let review = |question: &str, due: &str| rehearse_core::review::ReviewRecord {
        question_id: question.to_owned(),
        target_id: Some(first_target.id),
        question_text: "Q?".to_owned(),
        kind: QuestionKind::Behavioral,
        last_score: Some(55),
        state: rehearse_core::review::ReviewState {
            stability: 2.5,
            difficulty: 5.0,
            due: due.parse().unwrap(),
            last_review: "2026-11-29".parse().unwrap(),
            reviews: 1,
            lapses: 0,
        },
    };
    store
        .save_review(me, &review("beh-b", "2026-12-05"))
        .await
        .unwrap();
    store
        .save_review(me, &review("beh-a", "2026-12-02"))
        .await
        .unwrap();
    store
        .save_review(me, &review("beh-b", "2026-12-01"))
        .await
        .unwrap();
    let reviews = store.reviews(me).await.unwrap();
    assert_eq!(
        reviews
            .iter()
            .map(|r| r.question_id.as_str())
            .collect::<Vec<_>>(),
        ["beh-b", "beh-a"]
    );
    assert_eq!(
        store
            .review(me, "beh-a", Some(first_target.id))
            .await
            .unwrap(),
        Some(review("beh-a", "2026-12-02"))
    );
    assert_eq!(store.review(me, "beh-a", None).await.unwrap(), None);
    assert!(store.reviews(stranger).await.unwrap().is_empty());

    // An answer saved with its review schedule: both, in one transaction.
    let mut answered = new_attempt("beh-c", LONG_ANSWER, 7);
    answered.target_id = Some(first_target.id);
    let before = total(store, me).await;
    store
        .insert_attempt(me, answered, Some(&review("beh-c", "2026-12-09")))
        .await
        .unwrap();
    assert_eq!(total(store, me).await, before + 1);
    assert_eq!(
        store
            .review(me, "beh-c", Some(first_target.id))
            .await
            .unwrap(),
        Some(review("beh-c", "2026-12-09"))
    );

    let debrief = store
        .insert_debrief(
            me,
            rehearse_core::prep::NewDebrief {
                target_id: first_target.id,
                date: "2026-12-15".parse().unwrap(),
                round: "first round".to_owned(),
                notes: "Went well; stumbled on the failure question.".to_owned(),
                questions: vec!["Why this company?".to_owned()],
            },
            at,
        )
        .await
        .unwrap();
    assert_eq!(
        store.debriefs(me, first_target.id).await.unwrap(),
        [debrief]
    );
    assert!(
        store
            .debriefs(stranger, first_target.id)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(store.document(me, "research", "1").await.unwrap(), None);
    store
        .save_document(me, "research", "1", "{\"mission\":\"x\"}", at)
        .await
        .unwrap();
    store
        .save_document(me, "research", "1", "{\"mission\":\"y\"}", at)
        .await
        .unwrap();
    assert_eq!(
        store
            .document(me, "research", "1")
            .await
            .unwrap()
            .as_deref(),
        Some("{\"mission\":\"y\"}")
    );
    assert_eq!(
        store.document(stranger, "research", "1").await.unwrap(),
        None
    );

    // Stories: saved together, listed oldest first, updated, deleted, private to their owner.
    assert!(store.stories(me).await.unwrap().is_empty());
    let story = |title: &str| StoryFields {
        title: title.to_owned(),
        action: "I rewrote the report query myself.".to_owned(),
        competencies: vec!["ownership".to_owned()],
        metrics: vec!["2 days to 3 hours".to_owned()],
        when: Some("spring 2024".to_owned()),
        ..StoryFields::default()
    };
    let at = Utc.with_ymd_and_hms(2026, 11, 29, 11, 0, 0).unwrap();
    let saved_stories = store
        .insert_stories(me, vec![story("Late report"), story("Angry client ✓")], at)
        .await
        .unwrap();
    assert_eq!(store.stories(me).await.unwrap(), saved_stories);
    let (late, client) = (&saved_stories[0], &saved_stories[1]);
    assert_eq!(store.story(me, client.id).await.unwrap(), *client);
    let mut edited = late.fields.clone();
    edited.result = "Reports went out on Mondays.".to_owned();
    let updated = store
        .update_story(me, late.id, edited, later)
        .await
        .unwrap();
    assert_eq!(updated.updated_at, later);
    assert_eq!(updated.created_at, at);
    assert_eq!(store.story(me, late.id).await.unwrap(), updated);
    assert!(matches!(
        store.story(stranger, late.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.stories(stranger).await.unwrap().is_empty());
    assert!(matches!(
        store
            .update_story(stranger, late.id, story("x"), later)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_story(stranger, late.id).await,
        Err(StoreError::NotFound)
    ));

    // Answers told from a story are counted, per target or in all.
    for (minute, target) in [
        (5, Some(first_target.id)),
        (6, Some(first_target.id)),
        (7, None),
    ] {
        let mut told = new_attempt("beh-one", LONG_ANSWER, minute);
        told.story_id = Some(client.id);
        told.target_id = target;
        store.insert_attempt(me, told, None).await.unwrap();
    }
    assert_eq!(store.story_uses(me, None).await.unwrap(), [(client.id, 3)]);
    assert_eq!(
        store.story_uses(me, Some(first_target.id)).await.unwrap(),
        [(client.id, 2)]
    );
    assert!(store.story_uses(stranger, None).await.unwrap().is_empty());

    // Deleting a story keeps the answers told from it, without the link.
    store.delete_story(me, client.id).await.unwrap();
    assert!(matches!(
        store.story(me, client.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_story(me, client.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.story_uses(me, None).await.unwrap().is_empty());
    assert_eq!(total(store, me).await, 8);
    assert_eq!(store.stories(me).await.unwrap(), [updated]);

    // Mock interviews: saved, updated after every answer, listed newest first, private.
    let settings = MockSettings {
        round: Round::Behavioral,
        persona: Persona::Neutral,
        mode: Mode::Study,
        hide_numbers: false,
        minutes: 20,
        use_llm: false,
    };
    let question = MockQuestion {
        id: "beh-one".to_owned(),
        text: "Tell me about a time you fixed something.".to_owned(),
        kind: QuestionKind::Behavioral,
        competencies: Vec::new(),
        key_points: Vec::new(),
        follow_ups: Vec::new(),
    };
    let (mut mock, _) = Mock::start(settings, vec![question]).unwrap();
    assert!(store.mocks(me, None, 50).await.unwrap().is_empty());
    let saved = store
        .insert_mock(me, Some(first_target.id), &mock, at)
        .await
        .unwrap();
    assert_eq!(store.mock(me, saved.id).await.unwrap(), saved);
    mock.apply(Event::Answer {
        text: LONG_ANSWER.to_owned(),
        seconds: Some(95),
    })
    .unwrap();
    if !mock.finished() {
        mock.apply(Event::End).unwrap();
    }
    let updated = store.update_mock(me, saved.id, &mock, later).await.unwrap();
    assert_eq!(updated.mock, mock);
    assert_eq!((updated.created_at, updated.updated_at), (at, later));
    let second = store.insert_mock(me, None, &mock, later).await.unwrap();
    let list = store.mocks(me, None, 50).await.unwrap();
    assert_eq!(list, [second.summary(), updated.summary()]);
    assert_eq!(store.mocks(me, None, 1).await.unwrap(), [second.summary()]);
    assert_eq!(
        store.mocks(me, Some(second.id), 1).await.unwrap(),
        [updated.summary()]
    );
    assert!(list[1].finished && list[1].score.is_some());
    assert_eq!(list[1].target_id, Some(first_target.id));
    assert!(matches!(
        store.mock(stranger, saved.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.update_mock(stranger, saved.id, &mock, later).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.mocks(stranger, None, 50).await.unwrap().is_empty());
}

fn new_target(title: &str) -> NewTarget {
    let profile = JobProfile {
        title: Some(title.to_owned()),
        company: Some("Acme".to_owned()),
        role_family: RoleFamily::SoftwareEngineering,
        seniority: Seniority::Mid,
        years_experience: Some(3),
        skills: vec![PostingSkill {
            name: "Python".to_owned(),
            required: true,
            quote: "3+ years of Python".to_owned(),
        }],
        responsibilities: vec!["Build the payments API.".to_owned()],
        must_haves: vec!["3+ years of Python".to_owned()],
        nice_to_haves: vec![],
        values: vec![],
        mentions_take_home: false,
        english: true,
        word_count: 12,
        notes: vec![],
    };
    let set = QuestionSet {
        retired: Vec::new(),
        target: SetTarget { title: profile.title.clone(), role_family: profile.role_family, seniority: profile.seniority, skills: vec!["Python".to_owned()] },
        questions: vec![SetQuestion {
            id: "jd-1234abcd".to_owned(),
            kind: QuestionKind::Behavioral,
            text: "The role involves “Build the payments API”. Tell me about a time you did something like it.".to_owned(),
            why: "The posting lists this among the role's duties.".to_owned(),
            source: Source { from: SourceKind::Jd, quote: Some("Build the payments API.".to_owned()) },
            competencies: vec!["ownership".to_owned()],
            skills: vec![],
            key_points: vec![],
        }],
    };
    NewTarget {
        posting: "Backend Engineer at Acme. Build the payments API. 3+ years of Python".to_owned(),
        profile,
        resume_text: Some("Led the move to Python".to_owned()),
        resume_name: Some("cv.pdf".to_owned()),
        resume: Some(Resume::default()),
        set,
        created_at: Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap(),
    }
}

#[tokio::test]
async fn sqlite_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("rehearse.db").to_str().unwrap())
        .await
        .unwrap();
    contract(&store).await;
    store.close().await;
}

#[tokio::test]
async fn sqlite_data_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rehearse.db");
    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::open(&url).await.unwrap();
    let saved = store
        .insert_attempt(UserId::LOCAL, new_attempt("beh-one", LONG_ANSWER, 1), None)
        .await
        .unwrap();
    store.close().await;

    let reopened = SqliteStore::open(&url).await.unwrap();
    assert_eq!(
        reopened.attempt(UserId::LOCAL, saved.id).await.unwrap(),
        saved
    );
    reopened.close().await;
}

#[tokio::test]
async fn sqlite_refuses_a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();
    let error = SqliteStore::open(path.to_str().unwrap()).await.unwrap_err();
    let message = error.to_string();
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert!(message.contains("not a Rehearse database"), "{message}");
    // The user's file is left as it was.
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("these are my notes")
    );
}

#[tokio::test]
async fn sqlite_names_a_path_it_cannot_create() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("rehearse.db");
    let message = SqliteStore::open(path.to_str().unwrap())
        .await
        .unwrap_err()
        .to_string();
    assert!(message.contains("no-such-folder"), "{message}");
    assert!(
        message.contains("check that its folder exists and is writable"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn answers_saved_together_are_each_saved_or_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(
        SqliteStore::open(dir.path().join("rehearse.db").to_str().unwrap())
            .await
            .unwrap(),
    );
    // Fifty at once, and one that cannot be saved (its job does not exist): the writer takes
    // them together, and the bad one fails alone.
    let mut saves = Vec::new();
    for minute in 0..51 {
        let store = store.clone();
        saves.push(tokio::spawn(async move {
            let mut attempt = new_attempt("beh-one", LONG_ANSWER, minute);
            if minute == 25 {
                attempt.target_id = Some(rehearse_core::target::TargetId(999));
            }
            store.insert_attempt(UserId::LOCAL, attempt, None).await
        }));
    }
    let mut ids = Vec::new();
    let mut refused = 0;
    for save in saves {
        match save.await.unwrap() {
            Ok(attempt) => ids.push(attempt.id),
            Err(_) => refused += 1,
        }
    }
    assert_eq!(refused, 1);
    ids.sort_by_key(|id| id.0);
    ids.dedup();
    assert_eq!(ids.len(), 50, "each saved answer has its own id");
    assert_eq!(total(&*store, UserId::LOCAL).await, 50);
    assert_eq!(
        store.attempt_counts(UserId::LOCAL).await.unwrap(),
        [(QuestionId("beh-one".into()), 50)]
    );
    for id in ids {
        assert!(store.attempt(UserId::LOCAL, id).await.is_ok());
    }
}
