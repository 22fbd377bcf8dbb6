//! The story bank: limits, suggestions, fit, coverage, claims, drafts and Markdown.

use chrono::{TimeZone, Utc};

use super::claims::{ClaimStatus, check_claims};
use super::coverage::coverage;
use super::drafts::drafts_from_resume;
use super::fit::{Fit, match_stories};
use super::markdown::{from_markdown, to_markdown};
use super::*;

fn story(id: i64, title: &str, competencies: &[&str], parts: [&str; 4]) -> Story {
    let [situation, task, action, result] = parts;
    Story {
        id: StoryId(id),
        fields: StoryFields {
            title: title.to_owned(),
            situation: situation.to_owned(),
            task: task.to_owned(),
            action: action.to_owned(),
            result: result.to_owned(),
            competencies: competencies.iter().map(|c| (*c).to_owned()).collect(),
            ..StoryFields::default()
        },
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
        updated_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
    }
}

/// Ten stories, one per theme, written for these tests.
fn bank() -> Vec<Story> {
    vec![
        story(
            1,
            "Pushed back on the launch date",
            &["disagreement", "influence"],
            [
                "Our director set a launch date two weeks before the payment provider's certification would finish.",
                "I was the engineer responsible for the checkout, so I had to raise the risk.",
                "I disagreed with the decision and said so in the planning meeting. I brought the certification timeline and a list of the failures we would hit, and I proposed launching to ten percent of users first. When the director kept the date, I committed to it and built the fallback myself.",
                "We launched on the date with the fallback, no payments failed, and the director later adopted staged launches for every release.",
            ],
        ),
        story(
            2,
            "The shared-drive argument with Priya",
            &["conflict", "teamwork"],
            [
                "Priya and I shared the weekly sales report and kept overwriting each other's changes.",
                "I needed us to stop the friction before it reached the managers.",
                "I asked her for coffee, listened to why she changed my numbers, and found she used a different definition of an active customer. I suggested we write the definition down together and split the report by region so each of us owned a half.",
                "The tension ended, we never overwrote each other again, and the definition we wrote became the team standard.",
            ],
        ),
        story(
            3,
            "The migration I broke",
            &["failure", "ownership"],
            [
                "I ran a database migration on a Friday afternoon without a tested rollback.",
                "It was my change and my mistake to own.",
                "When orders started failing I told my lead at once, restored the backup, and wrote the incident review myself. I admitted I had skipped the rollback test and proposed a rule that no migration ships without one.",
                "Orders were back within forty minutes, and the rule has stopped two bad migrations since. I learned to test the way back before the way forward.",
            ],
        ),
        story(
            4,
            "Learning SQL in a fortnight",
            &["learning"],
            [
                "I moved from sales into an analyst role and had never written a line of SQL.",
                "The monthly board report was due in two weeks and it was now mine.",
                "I took a short online course every evening, practised on a copy of our database, and asked a data engineer to review my first queries. I rebuilt last month's report from scratch to check my numbers against the old one.",
                "I delivered the board report on time with figures matching to the penny, and I now teach the SQL basics to new analysts.",
            ],
        ),
        story(
            5,
            "Leading the clinic booking project",
            &["leadership", "stakeholder-management"],
            [
                "Our clinic lost a fifth of appointments to no-shows and phone queues were an hour long.",
                "I was asked to lead a team of four to put online booking in place.",
                "I planned the project in three phases, ran a weekly meeting with reception, nurses and IT, delegated the supplier work, and kept the doctors updated with a one-page summary each Friday.",
                "We went live in ten weeks, no-shows fell by a third, and the phone queue dropped to under ten minutes.",
            ],
        ),
        story(
            6,
            "Regional sales record",
            &["achievement"],
            [
                "Our region had missed its target three years running.",
                "As the new account executive I set myself the goal of closing the two biggest accounts.",
                "I studied each buyer's year, built proposals around their own numbers, and visited every site in person.",
                "I closed both, our region beat its target by eighteen percent, and I won the company's sales award. It is the result I am proudest of.",
            ],
        ),
        story(
            7,
            "Winning over the warehouse managers",
            &["influence"],
            [
                "I wanted warehouse managers I had no authority over to adopt a new picking system.",
                "My task was to get their buy-in without a mandate from above.",
                "I ran a two-week pilot in the most sceptical manager's site, shared the daily error counts with all of them, and let that manager present the results himself.",
                "Five of the six sites adopted the system within a month and picking errors fell by half.",
            ],
        ),
        story(
            8,
            "The angry parent at reception",
            &["customer-focus", "conflict"],
            [
                "A parent arrived at the school office furious that her son had been left out of a trip.",
                "I was the receptionist on duty and had to calm the situation.",
                "I listened without interrupting, apologised for the confusion, checked the trip list with the teacher while she waited, and found the consent form had been misfiled.",
                "Her son went on the trip, she thanked the school in writing, and we added a check on consent forms.",
            ],
        ),
        story(
            9,
            "Choosing a supplier with half the data",
            &["decision-making", "ambiguity", "challenge"],
            [
                "Our main supplier went bankrupt and we had four days before the shelves emptied.",
                "I had to choose a replacement without the usual three months of trials.",
                "I listed what we knew and what we could not know, called three references for each candidate, and chose the supplier with the best delivery record, with a one-month contract to limit the risk of an uncertain choice.",
                "The shelves never emptied and we extended the contract after the month.",
            ],
        ),
        story(
            10,
            "Fixing the onboarding nobody owned",
            &["ownership", "initiative"],
            [
                "New hires spent their first week without laptops because no team owned onboarding.",
                "It was not my job, but I had just been through it.",
                "I noticed the gap, volunteered to own it, wrote a checklist with IT and HR, and followed up personally with each new starter for two months.",
                "Every new hire since has had a laptop on day one, and HR took the checklist over.",
            ],
        ),
    ]
}

#[test]
fn each_question_finds_its_story_first() {
    let bank = bank();
    let cases = [
        (
            "Tell me about a time you disagreed with a decision your manager made.",
            1,
        ),
        (
            "Describe a conflict with a coworker and how you resolved it.",
            2,
        ),
        ("Tell me about a time you failed.", 3),
        (
            "Tell me about a time you had to learn something new quickly.",
            4,
        ),
        ("Tell me about a project you led from start to finish.", 5),
        ("What is the accomplishment you are proudest of?", 6),
        (
            "Tell me about a time you persuaded people who did not report to you.",
            7,
        ),
        ("Describe a time you dealt with an upset customer.", 8),
        (
            "Tell me about a decision you made with incomplete information.",
            9,
        ),
        (
            "Tell me about a time you took ownership of something outside your job.",
            10,
        ),
    ];
    for (question, expected) in cases {
        let matches = match_stories(question, &[], &bank);
        assert_eq!(
            matches[0].id,
            StoryId(expected),
            "{question}: {:#?}",
            &matches[..3]
        );
        assert_eq!(matches[0].fit, Fit::Strong, "{question}: {:?}", matches[0]);
        assert!(!matches[0].reason.is_empty());
    }
}

#[test]
fn fit_levels_and_reasons_say_why() {
    let bank = bank();
    let matches = match_stories("Tell me about a time you failed.", &[], &bank);
    let failure = &matches[0];
    assert!(
        failure.reason.starts_with("You tagged it failure"),
        "{}",
        failure.reason
    );
    // The sales record says nothing of failure.
    let sales = matches.iter().find(|m| m.id == StoryId(6)).unwrap();
    assert!(sales.fit >= Fit::Stretch, "{sales:?}");
    // Bank competencies given: the question's own list is used.
    let given = match_stories(
        "Tell me about a hard week.",
        &["conflict".to_owned()],
        &bank,
    );
    assert_eq!(given[0].id, StoryId(2));
    // The same input, the same ranking.
    assert_eq!(
        match_stories("Tell me about a time you failed.", &[], &bank),
        matches
    );
    // Nothing at all in common: a gap, said plainly.
    let lonely = vec![story(1, "Lunch", &[], ["", "", "I ate a sandwich.", ""])];
    let gap = &match_stories("Tell me about a conflict with a colleague.", &[], &lonely)[0];
    assert_eq!(gap.fit, Fit::Gap);
    assert!(
        gap.reason.contains("Nothing in it speaks to conflict"),
        "{}",
        gap.reason
    );
}

#[test]
fn coverage_flags_the_missing_category_and_overload() {
    let mut bank = bank();
    bank.retain(|story| story.id != StoryId(3)); // no failure story now
    let report = coverage(&bank, &["influence", "customer-focus", "safety"]);
    assert_eq!(report.count, 9);
    assert_eq!(report.gaps, ["failure", "safety"]);
    assert!(
        report
            .warnings
            .contains(&"No story for a failure and its lesson.".to_owned())
    );
    assert!(
        report
            .warnings
            .contains(&"Nothing on safety, which this posting stresses.".to_owned()),
        "{:?}",
        report.warnings
    );
    let influence = report
        .competencies
        .iter()
        .find(|row| row.name == "influence")
        .unwrap();
    assert_eq!(
        influence.stories,
        [
            "Pushed back on the launch date",
            "Winning over the warehouse managers"
        ]
    );
    assert!(influence.stressed);

    let one = vec![story(
        1,
        "Everything",
        &["challenge", "conflict", "failure"],
        ["", "", "I did it.", ""],
    )];
    let report = coverage(&one, &[]);
    assert!(report.warnings[0].starts_with("You have 1 story; aim for 7 to 10"));
    assert!(
        report.warnings.iter().any(|w| w
            .starts_with("“Everything” is your only story for challenge, conflict and failure")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn suggestions_come_from_the_story_text() {
    let bank = bank();
    for (id, expected) in [
        (2, "conflict"),
        (3, "failure"),
        (4, "learning"),
        (7, "influence"),
    ] {
        let fields = &bank[id - 1].fields;
        let suggested = suggest_competencies(fields);
        assert!(suggested.contains(&expected), "story {id}: {suggested:?}");
        assert!(suggested.len() <= 4);
    }
}

#[test]
fn limits_give_clear_errors() {
    let valid = bank()[0].fields.clone();
    assert_eq!(valid.clone().normalised().validate(), Ok(()));
    let with = |change: &dyn Fn(&mut StoryFields)| {
        let mut fields = valid.clone();
        change(&mut fields);
        fields.normalised().validate().unwrap_err()
    };
    assert_eq!(with(&|f| f.title = "  ".into()), StoryError::MissingTitle);
    assert_eq!(with(&|f| f.action = "\n".into()), StoryError::MissingAction);
    let huge = with(&|f| f.action = "word ".repeat(20_480)); // a 100 KB story
    assert_eq!(huge.code(), "part_too_long");
    assert!(huge.to_string().contains("the limit is 5000"), "{huge}");
    let long_task = with(&|f| f.task = "x".repeat(1_001));
    assert_eq!(
        long_task.to_string(),
        "the task is 1001 characters long; the limit is 1000 (about 160 words), so keep only what you would say"
    );
    // Every part at its limit is a whole story at its limit, and valid.
    let mut longest = StoryFields {
        title: "T".into(),
        ..StoryFields::default()
    };
    for &(part, limit) in PART_LIMITS {
        let text = "y".repeat(limit);
        match part {
            "situation" => longest.situation = text,
            "task" => longest.task = text,
            "action" => longest.action = text,
            "result" => longest.result = text,
            _ => longest.reflection = text,
        }
    }
    assert_eq!(longest.telling().chars().count(), MAX_STORY_CHARS + 4 * 2);
    assert_eq!(longest.normalised().validate(), Ok(()));
    assert_eq!(
        with(&|f| f.competencies = vec!["juggling".into()]),
        StoryError::UnknownCompetency("juggling".into())
    );
    // Normalising tidies lists: case, spaces, repeats, empties.
    let tidy = StoryFields {
        title: "  A   title ".into(),
        action: "Did it.\r\nThen more.".into(),
        competencies: vec!["Conflict".into(), "conflict ".into(), "".into()],
        when: Some("  ".into()),
        ..StoryFields::default()
    }
    .normalised();
    assert_eq!(tidy.title, "A title");
    assert_eq!(tidy.action, "Did it.\nThen more.");
    assert_eq!(tidy.competencies, ["conflict"]);
    assert_eq!(tidy.when, None);
}

#[test]
fn numbers_are_checked_against_the_resume_and_metrics() {
    let fields = StoryFields {
        title: "Report".into(),
        action: "I rebuilt the report in 2019 for 12 managers.".into(),
        result: "Report time fell by 40% and we saved $1,200 a month, about 3x faster. I never managed the team.".into(),
        metrics: vec!["saved $1200 a month".into()],
        forbidden_claims: vec!["managed the team".into()],
        ..StoryFields::default()
    };
    let resume = "- Cut report time by 40 percent for 12 store managers";
    let report = check_claims(&fields, Some(resume));
    let statuses: Vec<(&str, ClaimStatus)> = report
        .numbers
        .iter()
        .map(|n| (n.quote.as_str(), n.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("12", ClaimStatus::OnResume),
            ("40%", ClaimStatus::OnResume),
            ("$1,200", ClaimStatus::Confirmed),
            ("3x", ClaimStatus::Unconfirmed),
        ]
    );
    assert_eq!(report.forbidden.len(), 1);
    let hit = &report.forbidden[0];
    assert_eq!(&fields.result[hit.start..hit.end], "managed the team");
    assert_eq!(hit.part, "result");

    // A different number is not the same claim.
    let wrong = check_claims(&fields, Some("- Cut report time by 30%"));
    assert_eq!(wrong.numbers[1].status, ClaimStatus::Unconfirmed);
    assert!(!check_claims(&fields, None).resume_checked);
}

#[test]
fn a_claim_is_quoted_whole_and_a_time_of_day_is_no_claim() {
    let fields = StoryFields {
        title: "Night run".into(),
        action: "I came in at 6 AM, before the 9:30 stand-up, and reran the load.".into(),
        result: "The job now takes 1 hour 40 minutes instead of 3 hours, for 40 thousand rows."
            .into(),
        metrics: vec!["load down to 100 minutes".into()],
        ..StoryFields::default()
    };
    let report = check_claims(&fields, None);
    let quotes: Vec<(&str, ClaimStatus)> = report
        .numbers
        .iter()
        .map(|n| (n.quote.as_str(), n.status))
        .collect();
    assert_eq!(
        quotes,
        [
            ("1 hour 40 minutes", ClaimStatus::Confirmed),
            ("3 hours", ClaimStatus::Unconfirmed),
            ("40 thousand", ClaimStatus::Unconfirmed),
        ]
    );
}

#[test]
fn resume_lines_become_draft_stories() {
    let text = "Sam Rivera\n\nEXPERIENCE\nData Engineer, Northwind Freight | March 2019 - Present\n\
        - Cut the nightly ETL runtime by 40% by rewriting the Spark jobs\n\
        - Attended weekly planning meetings with the product team\n\
        - Worked on a cluster with a capacity of 20 TB and 13 nodes\n\
        Analyst, Acme | 2016 - 2019\n\
        - Launched the first self-service sales dashboard for regional managers\n";
    let skills = crate::skills::SkillLexicon::new(Vec::new());
    let resume = crate::resume::read_resume(text, &skills);
    let drafts = drafts_from_resume(text, &resume);
    let sources: Vec<&str> = drafts.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "Cut the nightly ETL runtime by 40% by rewriting the Spark jobs",
            "Launched the first self-service sales dashboard for regional managers"
        ],
        "{resume:#?}"
    );
    let first = &drafts[0].fields;
    assert_eq!(first.title, "Cut the nightly ETL runtime by 40% by…");
    assert_eq!(first.situation, "As Data Engineer at Northwind Freight, ");
    assert_eq!(first.result, sources[0]);
    assert_eq!(
        first.resume_role.as_deref(),
        Some("Data Engineer, Northwind Freight | March 2019 - Present")
    );
    assert_eq!(drafts[1].fields.situation, "As Analyst at Acme, ");
}

#[test]
fn markdown_round_trips_and_reports_problems_by_line() {
    let mut stories: Vec<StoryFields> = bank().into_iter().map(|s| s.fields).collect();
    stories[0].metrics = vec!["10% of users first".into()];
    stories[0].when = Some("spring 2024".into());
    stories[0].resume_role = Some("Engineer, Shopwise | 2021 - Present".into());
    stories[0].forbidden_claims = vec!["I ran the launch".into()];
    stories[1].reflection =
        "# not a heading\n\\ a backslash\n<script>alert(1)</script> stays text".into();
    let refs: Vec<&StoryFields> = stories.iter().collect();
    let markdown = to_markdown(&refs);
    assert!(markdown.starts_with("# Pushed back on the launch date\n\n- Competencies: disagreement, influence\n- Metric: 10% of users first\n"));
    assert!(markdown.contains("\n\\# not a heading\n\\\\ a backslash\n"));
    assert_eq!(from_markdown(&markdown).unwrap().stories, stories);

    let broken = "Preamble text\n# One\n- Colour: blue\n## Action\nI did it.\n## Action\nAgain.\n\
                  # Two\n## Result\nNo action here.\n# Three\n## Situation\nx\n## Outcome\ny\n";
    let errors: Vec<String> = from_markdown(broken)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "line 1: text before the first story; each story starts with a line \"# Title\"",
            "line 3: unknown field \"colour\"; use Competencies, Tags, Metric, When, Resume role or Do not claim",
            "line 6: \"Action\" appears twice in this story",
            "line 8: the story \"Two\": the story has no action: write what you did yourself, the heart of the story (the other parts can wait)",
            "line 11: the story \"Three\": the story has no action: write what you did yourself, the heart of the story (the other parts can wait)",
            "line 14: \"## Outcome\" is not a part of a story; use ## Situation, ## Task, ## Action, ## Result or ## Reflection",
        ]
    );
    assert_eq!(
        from_markdown("   \n").unwrap_err()[0].to_string(),
        "line 1: no stories found; each story starts with a line \"# Title\""
    );
}

#[test]
fn the_builder_nudges_what_a_part_lacks() {
    let weak = StoryFields {
        title: "Team project".into(),
        situation: "We had a project. It was big. It was late. Everyone was stressed.".into(),
        action: "We met. We planned. We worked hard on it together.".into(),
        result: "It went well.".into(),
        ..StoryFields::default()
    };
    let check = check_story(&weak);
    let parts: Vec<&str> = check.nudges.iter().map(|n| n.part).collect();
    assert_eq!(
        parts,
        ["situation", "task", "action", "result", "reflection"],
        "{:#?}",
        check.nudges
    );
    assert!(
        check.nudges[0]
            .message
            .starts_with("The situation is 4 sentences")
    );
    assert!(
        check.nudges[2].message.contains("“we” 3 times and “I” 0"),
        "{}",
        check.nudges[2].message
    );
    assert!(
        check.nudges[3]
            .message
            .starts_with("No number in your result yet")
    );

    let strong = &bank()[2].fields; // the migration story, with a reflection in its result
    let check = check_story(strong);
    assert!(
        check
            .nudges
            .iter()
            .all(|n| !["situation", "task", "result"].contains(&n.part)),
        "{:#?}",
        check.nudges
    );
    assert!((check.speaking_seconds - check.word_count as f64 * 0.4).abs() < 1e-9);
    assert!(check.action_share > 0.3);
}
