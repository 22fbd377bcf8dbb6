//! The story bank's use cases over a real temporary SQLite store.

use rehearse_app::{
    PostingSource, QuestionRef, ResumeSource, SetSpec, SubmitAttempt, story_outline,
};
use rehearse_core::UserId;
use rehearse_core::story_bank::claims::ClaimStatus;
use rehearse_core::story_bank::fit::Fit;
use rehearse_core::story_bank::{StoryFields, StoryId};

use crate::{POSTING, RESUME, app, error_of};

fn conflict_story() -> StoryFields {
    StoryFields {
        title: "The overwritten sales report".into(),
        situation: "Priya and I shared the weekly sales report and kept overwriting each other's numbers.".into(),
        task: "I had to end the friction before it reached our managers.".into(),
        action: "I asked Priya for coffee, listened to why she changed my figures, and found we defined an active customer differently. I suggested we write one definition together and split the report so each of us owned half.".into(),
        result: "The tension ended, report errors fell by 40%, and our definition became the team standard.".into(),
        competencies: vec!["conflict".into(), "teamwork".into()],
        ..StoryFields::default()
    }
}

fn failure_story() -> StoryFields {
    StoryFields {
        title: "The migration I broke".into(),
        action: "I ran a database migration on a Friday without a tested rollback. When orders failed I told my lead, restored the backup and wrote the incident review myself, admitting my mistake.".into(),
        result: "Orders were back within 40 minutes and the rollback rule has stopped 2 bad migrations since.".into(),
        reflection: "I learned to test the way back before the way forward.".into(),
        competencies: vec!["failure".into(), "ownership".into()],
        ..StoryFields::default()
    }
}

#[tokio::test]
async fn stories_are_written_edited_listed_and_deleted() {
    let (app, _dir) = app().await;
    let user = UserId::LOCAL;
    let story = app.create_story(user, conflict_story()).await.unwrap();
    assert_eq!(
        app.stories(user).await.unwrap(),
        std::slice::from_ref(&story)
    );
    let mut edited = story.fields.clone();
    edited.reflection = "Agree the words before arguing about the numbers.".into();
    let updated = app.update_story(user, story.id, edited).await.unwrap();
    assert_eq!(app.story(user, story.id).await.unwrap(), updated);

    let suggested = app.suggest_competencies(&conflict_story());
    assert!(suggested.contains(&"conflict"), "{suggested:?}");

    // Bad input: clear codes, nothing saved.
    let cases = [
        (
            StoryFields {
                title: " ".into(),
                ..conflict_story()
            },
            "missing_title",
        ),
        (
            StoryFields {
                action: "".into(),
                ..conflict_story()
            },
            "missing_action",
        ),
        (
            StoryFields {
                action: "x".repeat(100 * 1024),
                ..conflict_story()
            },
            "part_too_long",
        ),
        (
            StoryFields {
                competencies: vec!["juggling".into()],
                ..conflict_story()
            },
            "unknown_competency",
        ),
    ];
    for (fields, expected) in cases {
        let (code, message) = error_of(app.create_story(user, fields).await);
        assert_eq!(code, expected, "{message}");
    }
    assert_eq!(app.stories(user).await.unwrap().len(), 1);

    app.delete_story(user, story.id).await.unwrap();
    let (code, _) = error_of(app.story(user, story.id).await);
    assert_eq!(code, "story_not_found");
    let (code, _) = error_of(app.delete_story(user, StoryId(99)).await);
    assert_eq!(code, "story_not_found");
}

#[tokio::test]
async fn import_is_all_or_nothing_and_export_round_trips() {
    let (app, _dir) = app().await;
    let user = UserId::LOCAL;
    let broken = "# Good story\n## Action\nI did it.\n# Bad story\n## Result\nNo action.\n";
    let (code, message) = error_of(app.import_stories(user, "bank.md", broken.as_bytes()).await);
    assert_eq!(code, "import_failed");
    assert!(
        message.starts_with("nothing was imported from bank.md, because of 1 problem: line 4: the story \"Bad story\""),
        "{message}"
    );
    assert!(
        app.stories(user).await.unwrap().is_empty(),
        "nothing imported"
    );

    // Competencies in other words are matched to ours; the rest are kept as the user's own
    // tags; no file is refused for a tag.
    let json = serde_json::json!({"stories": [
        {"title": "From JSON", "situation": "S.", "task": "T.", "action": "I acted.", "result": "It worked.", "competencies": ["learning", "Problem Solving", "conflict resolution", "Accountability", "Safety and compliance", "Medical billing"]},
        {"title": "<script>alert(1)</script>", "action": "I wrote <b>bold</b> & more."}
    ]});
    let imported = app
        .import_stories(user, "bank.json", json.to_string().as_bytes())
        .await
        .unwrap();
    let imported_tags: Vec<(&str, Option<&str>)> = imported
        .tags
        .iter()
        .map(|tag| (tag.given.as_str(), tag.ours))
        .collect();
    assert_eq!(
        imported_tags,
        [
            ("Problem Solving", Some("problem-solving")),
            ("conflict resolution", Some("conflict")),
            ("Accountability", Some("ownership")),
            ("Safety and compliance", Some("safety")),
            ("Medical billing", None),
        ]
    );
    let imported = imported.stories;
    assert_eq!(imported.len(), 2);
    assert_eq!(
        imported[0].fields.competencies,
        [
            "learning",
            "problem-solving",
            "conflict",
            "ownership",
            "safety"
        ]
    );
    assert_eq!(imported[0].fields.tags, ["Medical billing"]);
    assert_eq!(imported[1].fields.title, "<script>alert(1)</script>");
    let (code, message) = error_of(
        app.import_stories(
            user,
            "x.json",
            br#"{"stories": [{"title": "T", "colour": "blue"}]}"#,
        )
        .await,
    );
    assert_eq!(code, "import_failed");
    assert!(message.contains("unknown field `colour`"), "{message}");
    let (code, _) = error_of(app.import_stories(user, "x.md", &[0xff, 0xfe]).await);
    assert_eq!(code, "import_failed");
    let (code, _) = error_of(
        app.import_stories(user, "huge.md", &vec![b'a'; 3 * 1024 * 1024])
            .await,
    );
    assert_eq!(code, "file_too_large");

    // Export, wipe, import the export: the same stories.
    let markdown = app.export_stories(user).await.unwrap();
    for story in app.stories(user).await.unwrap() {
        app.delete_story(user, story.id).await.unwrap();
    }
    let again = app
        .import_stories(user, "export.md", markdown.as_bytes())
        .await
        .unwrap();
    assert!(
        again.tags.is_empty(),
        "the export writes ours and the user's own apart"
    );
    let fields: Vec<StoryFields> = again
        .stories
        .into_iter()
        .map(|story| story.fields)
        .collect();
    assert_eq!(
        fields,
        imported
            .into_iter()
            .map(|story| story.fields)
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn coverage_matching_flex_claims_drafts_and_overuse() {
    let (app, _dir) = app().await;
    let user = UserId::LOCAL;
    let conflict = app.create_story(user, conflict_story()).await.unwrap();
    let failure = app.create_story(user, failure_story()).await.unwrap();
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

    let coverage = app.story_coverage(user, Some(target.id)).await.unwrap();
    assert_eq!(coverage.count, 2);
    assert!(coverage.gaps.contains(&"learning".to_owned()));
    assert!(!coverage.gaps.contains(&"failure".to_owned()));
    // The posting stresses ownership: covered by the failure story.
    let ownership = coverage
        .competencies
        .iter()
        .find(|row| row.name == "ownership")
        .unwrap();
    assert!(ownership.stressed);
    assert_eq!(ownership.stories, ["The migration I broke"]);

    let ranked = app
        .match_stories(
            user,
            QuestionRef::Text("Tell me about a time you made a mistake.".into()),
        )
        .await
        .unwrap();
    assert_eq!(ranked[0].id, failure.id);
    assert_eq!(ranked[0].fit, Fit::Strong);
    let by_bank_id = app
        .match_stories(
            user,
            QuestionRef::Id {
                id: "beh-conflict-coworker".into(),
                target: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(by_bank_id[0].id, conflict.id);
    let (code, _) = error_of(
        app.match_stories(user, QuestionRef::Text("  ".into()))
            .await,
    );
    assert_eq!(code, "missing_question");

    // The failure story answers questions of the target's set (ownership, incidents).
    let flex = app.story_flex(user, failure.id).await.unwrap();
    assert!(
        !flex.is_empty(),
        "no question of the set fits the failure story"
    );
    assert!(
        flex.iter()
            .all(|question| question.fit <= Fit::Workable && question.target_id == target.id)
    );

    // 40% is on the resume (the ETL line); 2 and 40 minutes are not.
    let claims = app.story_claims(user, failure.id).await.unwrap();
    assert!(claims.resume_checked);
    let statuses: Vec<(&str, ClaimStatus)> = claims
        .numbers
        .iter()
        .map(|n| (n.quote.as_str(), n.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("40 minutes", ClaimStatus::Unconfirmed),
            ("2", ClaimStatus::Unconfirmed)
        ]
    );
    let claims = app.story_claims(user, conflict.id).await.unwrap();
    assert_eq!(
        claims.numbers[0].status,
        ClaimStatus::OnResume,
        "{claims:?}"
    );

    let drafts = app.story_drafts(user, None).await.unwrap();
    assert!(
        drafts.iter().any(|draft| draft.source.contains("40%")),
        "{drafts:?}"
    );

    let outline = story_outline(&conflict);
    assert!(
        outline.starts_with("Situation: Priya and I shared the weekly sales report"),
        "{outline}"
    );
    assert!(outline.contains("\nResult: The tension ended"), "{outline}");

    // Telling one story a third time in one set is warned about.
    let question = &target.set.questions[1];
    for _ in 0..2 {
        assert_eq!(
            app.overuse_warning(user, &conflict, Some(target.id), false)
                .await
                .unwrap(),
            None
        );
        app.submit_attempt(
            user,
            SubmitAttempt {
                question_id: question.id.clone(),
                target_id: Some(target.id),
                story_id: Some(conflict.id),
                answer: "I listened to Priya and we agreed one definition.".into(),
                duration_seconds: None,
                recording: None,
            },
        )
        .await
        .unwrap();
    }
    let warning = app
        .overuse_warning(user, &conflict, Some(target.id), false)
        .await
        .unwrap()
        .unwrap();
    assert!(
        warning
            .starts_with("This is answer 3 told from “The overwritten sales report” in this set"),
        "{warning}"
    );
    let (code, _) = error_of(
        app.submit_attempt(
            user,
            SubmitAttempt {
                question_id: question.id.clone(),
                target_id: Some(target.id),
                story_id: Some(StoryId(404)),
                answer: "An answer.".into(),
                duration_seconds: None,
                recording: None,
            },
        )
        .await,
    );
    assert_eq!(code, "story_not_found");
}

/// Drafts come from every job's resume, not only the newest job's: a second job pasted with a
/// resume that has no outcome lines must not hide the first one's.
#[tokio::test]
async fn drafts_come_from_every_jobs_resume() {
    let (app, _dir) = app().await;
    let user = UserId::LOCAL;
    for resume in [
        RESUME,
        "Sam Rivera\nEXPERIENCE\nClerk, Acme | 2019 - Present\n- Answered the phone and filed the post for the office team\n",
    ] {
        app.create_target(
            user,
            SetSpec {
                posting: Some(PostingSource::Text(POSTING.into())),
                resume: Some(ResumeSource::Text(resume.into())),
                ..SetSpec::default()
            },
        )
        .await
        .unwrap();
    }
    let drafts = app.story_drafts(user, None).await.unwrap();
    assert!(
        drafts
            .iter()
            .any(|draft| RESUME.contains(draft.source.as_str())),
        "{drafts:?}"
    );
}
