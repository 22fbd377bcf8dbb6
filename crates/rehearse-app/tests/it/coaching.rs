//! The LLM's part through the app, with a scripted model: consent per target, questions added
//! only when they pass the checks, each coaching part kept or refused with a notice, streaming.

use std::sync::Arc;

use rehearse_app::{CoachPart, PostingSource, ResumeSource, SetSpec, SubmitAttempt, follow_up_for};
use rehearse_core::UserId;
use rehearse_core::question_set::SourceKind;
use rehearse_llm::{LlmError, Reliable, RetryPolicy, Scripted, ScriptedReply};
use tokio::sync::mpsc;

use crate::{POSTING, RESUME, app, error_of};

const ANSWER: &str = "Last year our nightly ETL job kept failing. We had meetings about it. \
We rewrote the Spark jobs together and the runtime fell by 40%.";

fn scripted(replies: Vec<ScriptedReply>) -> (Arc<Scripted>, Arc<Reliable>) {
    let script = Arc::new(Scripted::new(replies));
    let policy = RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    };
    let reliable = Arc::new(Reliable::new(script.clone(), policy, 2));
    (script, reliable)
}

fn text(reply: &str) -> ScriptedReply {
    ScriptedReply::Text(reply.to_owned())
}

#[tokio::test]
async fn without_a_model_everything_is_offline_and_says_so() {
    let (app, _dir) = app().await;
    let status = app.llm_status();
    assert!(!status.configured && status.provider.is_none());
    let attempt = app
        .submit_attempt(
            UserId::LOCAL,
            SubmitAttempt {
                question_id: "beh-conflict-coworker".into(),
                target_id: None,
                story_id: None,
                answer: ANSWER.into(),
                duration_seconds: None,
                recording: None,
            },
        )
        .await
        .unwrap();
    let (code, message) = error_of(
        app.coach(UserId::LOCAL, attempt.id, CoachPart::Note, None)
            .await,
    );
    assert_eq!(code, "llm_off");
    assert!(message.contains("REHEARSE_LLM"), "{message}");
    // The engine's own follow-up is there anyway.
    let (follow_up, from_llm) = follow_up_for(&attempt).unwrap();
    assert!(!from_llm);
    assert!(follow_up.question.ends_with('?'));
}

#[tokio::test]
async fn a_target_asks_first_then_adds_only_checked_questions() {
    let questions = r#"{"questions": [
        {"text": "This role owns the on-call rotation for the data platform: walk me through the worst incident you handled.", "kind": "behavioral", "why": "On-call is in the duties.", "quote": "Own the on-call rotation for the data platform and lead incident reviews", "from": "jd"},
        {"text": "Tell me about the team of 40 engineers you managed.", "kind": "behavioral", "why": "Leadership.", "quote": "Managed 40 engineers", "from": "resume"}
    ]}"#;
    let (script, llm) = scripted(vec![text(questions)]);
    let (app, _dir) = app().await;
    let app = app.with_llm(Some(llm.clone()));
    let user = UserId::LOCAL;
    let target = app
        .create_target(
            user,
            SetSpec {
                posting: Some(PostingSource::Text(POSTING.into())),
                resume: Some(ResumeSource::Text(RESUME.into())),
                ..SetSpec::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(target.llm, None, "not chosen yet");
    let (code, _) = error_of(app.add_target_llm_questions(user, target.id).await);
    assert_eq!(code, "llm_not_allowed");
    assert!(
        script.requests().is_empty(),
        "nothing sent before the user agreed"
    );

    // What would be sent: the posting and resume, as delimited data.
    let preview = app.llm_preview(user, target.id).await.unwrap();
    assert!(preview[0].user.contains("<posting>\nSenior Data Engineer"));
    assert!(preview[0].user.contains("<resume>\nSam Rivera"));

    app.set_target_llm(user, target.id, true).await.unwrap();
    let (updated, notice) = app.add_target_llm_questions(user, target.id).await.unwrap();
    assert_eq!(notice, None);
    assert_eq!(
        updated.set.questions.len(),
        target.set.questions.len() + 1,
        "the invented quote was dropped"
    );
    let added = updated.set.questions.last().unwrap();
    assert_eq!(added.source.from, SourceKind::Llm);
    assert!(POSTING.contains(added.source.quote.as_deref().unwrap()));
    assert_eq!(app.target(user, target.id).await.unwrap().set, updated.set);

    // Turned off again: nothing more is sent.
    app.set_target_llm(user, target.id, false).await.unwrap();
    let (code, _) = error_of(app.add_target_llm_questions(user, target.id).await);
    assert_eq!(code, "llm_not_allowed");
    assert_eq!(script.requests().len(), 1);
    assert_eq!(app.llm_status().usage.requests, 1);
}

#[tokio::test]
async fn each_coaching_part_is_kept_only_when_it_passes_the_checks() {
    let (script, llm) = scripted(vec![
        // The note streams in pieces and quotes the answer exactly.
        ScriptedReply::Pieces(vec![
            "You say “we rewrote the Spark jobs together” ".into(),
            "without saying what you did yourself. Name the two things you changed.".into(),
        ]),
        text(
            r#"{"question": "What exactly did you change in the Spark jobs yourself?", "aims_at": "your own part"}"#,
        ),
        // A stronger version that invents a number is refused.
        text(
            "Last year our nightly ETL job kept failing, which delayed 300 reports a night. I took it on: I profiled the Spark jobs, I rewrote the two slowest and I added a check on the input. As a result the runtime fell by 40% and the job has not failed since.",
        ),
        ScriptedReply::Error(LlmError::RateLimited { retry_after: None }),
    ]);
    let (app, _dir) = app().await;
    let app = app.with_llm(Some(llm));
    let user = UserId::LOCAL;
    let attempt = app
        .submit_attempt(
            user,
            SubmitAttempt {
                question_id: "beh-conflict-coworker".into(),
                target_id: None,
                story_id: None,
                answer: ANSWER.into(),
                duration_seconds: None,
                recording: None,
            },
        )
        .await
        .unwrap();

    let (sender, mut receiver) = mpsc::channel(8);
    let collect = async {
        let mut pieces = Vec::new();
        while let Some(piece) = receiver.recv().await {
            pieces.push(piece);
        }
        pieces
    };
    let (outcome, pieces) = tokio::join!(
        app.coach(user, attempt.id, CoachPart::Note, Some(sender)),
        collect
    );
    let outcome = outcome.unwrap();
    assert_eq!(pieces.len(), 2, "streamed as it came");
    assert_eq!(outcome.notice, None);
    let note = outcome.coaching.note.clone().unwrap();
    assert_eq!(
        &ANSWER[note.quotes[0].start..note.quotes[0].end],
        "We rewrote the Spark jobs together"
    );

    let follow = app
        .coach(user, attempt.id, CoachPart::FollowUp, None)
        .await
        .unwrap();
    assert_eq!(
        follow.coaching.follow_up.as_ref().unwrap().aims_at,
        "your own part"
    );

    let stronger = app
        .coach(user, attempt.id, CoachPart::Stronger, None)
        .await
        .unwrap();
    assert_eq!(stronger.coaching.stronger, None);
    assert_eq!(
        stronger.notice.as_deref(),
        Some(
            "The AI's stronger version was not used: the model used a number that is not in your words, story or resume: 300."
        )
    );

    // The same request again costs nothing: it comes from the cache.
    let again = app
        .coach(user, attempt.id, CoachPart::Note, None)
        .await
        .unwrap();
    assert_eq!(again.coaching.note, outcome.coaching.note);
    assert_eq!(app.llm_status().usage.cached, 1);

    // A provider failure leaves the offline feedback and says so.
    let other = app
        .submit_attempt(
            user,
            SubmitAttempt {
                question_id: "beh-conflict-coworker".into(),
                target_id: None,
                story_id: None,
                answer: format!("{ANSWER} It took two weeks."),
                duration_seconds: None,
                recording: None,
            },
        )
        .await
        .unwrap();
    let failed = app
        .coach(user, other.id, CoachPart::Note, None)
        .await
        .unwrap();
    assert!(failed.notice.unwrap().starts_with(
        "The AI could not answer (the provider is rate-limiting requests; try again in a minute)"
    ));
    assert_eq!(app.attempt(user, other.id).await.unwrap().coaching, None);

    // What passed is kept with the attempt; the analysis is untouched.
    let saved = app.attempt(user, attempt.id).await.unwrap();
    let coaching = saved.coaching.clone().unwrap();
    assert_eq!(coaching.note, Some(note));
    assert!(coaching.follow_up.is_some() && coaching.stronger.is_none());
    assert_eq!(saved.analysis, attempt.analysis);
    assert_eq!(coaching.provider, "scripted · test");
    let (follow_up, from_llm) = follow_up_for(&saved).unwrap();
    assert!(from_llm && follow_up.question.starts_with("What exactly"));
    // The answer went as data.
    assert!(
        script.requests()[0].messages[0]
            .content
            .contains("<answer>\nLast year our nightly ETL job")
    );

    let model = app
        .coach(user, attempt.id, CoachPart::ModelAnswer, None)
        .await
        .unwrap();
    assert!(model.notice.unwrap().contains("technical questions"));
}
