use super::*;
use crate::analyze;

const STRONG: &str = "Last spring our checkout service kept timing out during sales, and customers were abandoning their carts. As the on-call lead, I had to find the cause before the holiday sale two weeks later. I started by reading the error logs from the last three sales and lining them up with the traffic graphs, which showed the timeouts began when traffic doubled. I profiled the service under a copy of that traffic and found that every request opened a new database connection, so the database ran out of connections at peak. I wrote up two options for my manager, a bigger database or a connection pool, and recommended the pool because it was cheaper and fixed the cause. I rewrote the connection handling to use a pool, I added a load test to our pipeline, and I walked the team through the change so they could maintain it. After the release, timeouts fell from 4% of requests to 0.1%, and the holiday sale ran without a single outage. I learned to load test before every big event.";

const NO_RESULT: &str = "Last year our onboarding process was confusing, and new hires took weeks to become productive. My manager asked me to improve it. I interviewed five recent hires about what slowed them down, I wrote a new onboarding guide with a checklist for the first two weeks, and I paired each new hire with a buddy from another team. I also recorded short videos about our deployment process.";

const RESULT_FOLLOW_UP: &str = "In the end, the next four hires shipped code in their first week instead of their third, and my manager adopted the guide for the whole department.";

fn behavioral(id: &str, text: &str) -> MockQuestion {
    MockQuestion {
        id: id.to_owned(),
        text: text.to_owned(),
        kind: QuestionKind::Behavioral,
        competencies: vec!["problem-solving".to_owned()],
        key_points: Vec::new(),
        follow_ups: Vec::new(),
    }
}

fn questions() -> Vec<MockQuestion> {
    vec![
        behavioral(
            "q-problem",
            "Tell me about a time you solved a difficult problem at work.",
        ),
        behavioral(
            "q-improve",
            "Tell me about a time you improved a process at work.",
        ),
    ]
}

fn settings(persona: Persona, mode: Mode) -> MockSettings {
    MockSettings {
        round: Round::Behavioral,
        persona,
        mode,
        hide_numbers: false,
        minutes: 30,
        use_llm: false,
    }
}

fn answer(text: &str) -> Event {
    Event::Answer {
        text: text.to_owned(),
        seconds: Some(100),
    }
}

fn asked(effects: &[Effect]) -> Option<&Ask> {
    effects.iter().find_map(|effect| match effect {
        Effect::Ask(ask) => Some(ask),
        _ => None,
    })
}

#[test]
fn the_session_opens_with_the_first_question_and_its_clock() {
    let (mock, effects) =
        Mock::start(settings(Persona::Neutral, Mode::Study), questions()).unwrap();
    let ask = asked(&effects).unwrap();
    assert_eq!(ask.text, mock.questions[0].text);
    assert_eq!((ask.number, ask.of), (1, 2));
    assert_eq!(ask.aims_at, None);
    assert_eq!(ask.time_limit_seconds, 180);
    assert_eq!(mock.current().as_ref(), Some(ask));
}

#[test]
fn a_strong_answer_gets_no_probing_follow_up() {
    let (mut mock, _) =
        Mock::start(settings(Persona::Sceptical, Mode::Study), questions()).unwrap();
    let analysis = analyze(&mock.questions[0].input(STRONG));
    assert!(analysis.overall_score().unwrap() >= 80, "{analysis:#?}");
    let effects = mock.apply(answer(STRONG)).unwrap();
    assert_eq!(effects[0], Effect::Feedback { turn: 0 });
    let next = asked(&effects).unwrap();
    assert_eq!(next.question, 1, "the next question, not a follow-up");
    assert_eq!(next.aims_at, None);
}

#[test]
fn an_answer_with_no_result_gets_the_result_follow_up_and_a_result_handles_it() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Study), questions()).unwrap();
    mock.apply(answer(STRONG)).unwrap();
    let effects = mock.apply(answer(NO_RESULT)).unwrap();
    let follow_up = asked(&effects).unwrap();
    assert_eq!(follow_up.question, 1);
    assert_eq!(follow_up.aims_at.as_deref(), Some("the result"));
    assert!(
        follow_up.text.contains("How did it turn out"),
        "{}",
        follow_up.text
    );
    assert_eq!(follow_up.time_limit_seconds, 120);

    let effects = mock.apply(answer(RESULT_FOLLOW_UP)).unwrap();
    assert_eq!(effects.last(), Some(&Effect::Finished));
    let turn = mock.turns.last().unwrap();
    let follow_up = turn.follow_up.as_ref().unwrap();
    assert_eq!(follow_up.probe, Probe::Result);
    assert!(follow_up.handled);
}

#[test]
fn a_follow_up_answer_that_dodges_is_not_counted_as_handled() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Real), questions()).unwrap();
    mock.apply(Event::Skip).unwrap();
    mock.apply(answer(NO_RESULT)).unwrap();
    let effects = mock
        .apply(answer(
            "I think it was a really good learning experience for everyone involved.",
        ))
        .unwrap();
    assert_eq!(effects, vec![Effect::Finished]);
    assert!(
        !mock
            .turns
            .last()
            .unwrap()
            .follow_up
            .as_ref()
            .unwrap()
            .handled
    );
    let report = mock.report();
    assert_eq!((report.follow_ups_asked, report.follow_ups_handled), (1, 0));
    assert_eq!(report.work_on[0].area, "result");
}

#[test]
fn a_sceptical_interviewer_probes_twice_and_a_friendly_one_once() {
    let we_story = "Last year our team's release process was slow and we kept missing deadlines. We needed to ship every week instead of every month. We set up a new pipeline, we wrote more tests and we changed how we reviewed code. We also moved the deploy to the morning.";
    for (persona, expected) in [(Persona::Friendly, 1), (Persona::Sceptical, 2)] {
        let (mut mock, _) = Mock::start(settings(persona, Mode::Real), questions()).unwrap();
        let mut asked_follow_ups = 0;
        let mut effects = mock.apply(answer(we_story)).unwrap();
        while let Some(ask) = asked(&effects).filter(|ask| ask.aims_at.is_some()) {
            asked_follow_ups += 1;
            assert!(
                ask.text.starts_with(persona.lead_in(asked_follow_ups - 1)),
                "{persona:?}: {}",
                ask.text
            );
            effects = mock.apply(answer("We just kept at it.")).unwrap();
        }
        assert_eq!(asked_follow_ups, expected, "{persona:?}");
        assert_eq!(mock.current().unwrap().question, 1);
    }
}

#[test]
fn real_mode_holds_feedback_for_the_report() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Real), questions()).unwrap();
    let effects = mock.apply(answer(STRONG)).unwrap();
    assert!(
        effects
            .iter()
            .all(|effect| !matches!(effect, Effect::Feedback { .. }))
    );
}

#[test]
fn skip_end_and_bad_answers() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Study), questions()).unwrap();
    assert_eq!(mock.apply(answer("   \n")), Err(MockError::EmptyAnswer));
    let long = "word ".repeat(5_000);
    assert_eq!(
        mock.apply(answer(&long)),
        Err(MockError::AnswerTooLong { chars: 25_000 })
    );
    assert_eq!(
        mock.apply(Event::Answer {
            text: STRONG.to_owned(),
            seconds: Some(90_000)
        }),
        Err(MockError::DurationTooLong(90_000))
    );
    assert!(mock.turns.is_empty(), "a refused answer changes nothing");
    assert_eq!(
        mock.apply(Event::Reword(FollowUp {
            question: "Why?".to_owned(),
            aims_at: "x".to_owned()
        })),
        Err(MockError::NothingToReword)
    );

    let effects = mock.apply(Event::Skip).unwrap();
    assert_eq!(asked(&effects).unwrap().question, 1);
    assert!(mock.turns[0].skipped);
    assert_eq!(mock.apply(Event::End).unwrap(), vec![Effect::Finished]);
    assert!(mock.finished());
    assert_eq!(mock.apply(answer(STRONG)), Err(MockError::Finished));

    let report = mock.report();
    assert_eq!((report.answered, report.skipped, report.unasked), (0, 1, 1));
    assert_eq!(report.average_score, None);
}

#[test]
fn an_llm_may_reword_a_follow_up_but_not_change_what_it_probes() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Study), questions()).unwrap();
    mock.apply(answer(NO_RESULT)).unwrap();
    let effects = mock
        .apply(Event::Reword(FollowUp {
            question: "So what changed for the new hires afterwards?".to_owned(),
            aims_at: "outcome".to_owned(),
        }))
        .unwrap();
    let ask = asked(&effects).unwrap();
    assert_eq!(ask.text, "So what changed for the new hires afterwards?");
    assert_eq!(ask.aims_at.as_deref(), Some("the result"));
    mock.apply(answer(RESULT_FOLLOW_UP)).unwrap();
    assert!(mock.turns[1].follow_up.as_ref().unwrap().handled);
}

#[test]
fn no_new_question_starts_after_the_time_is_up() {
    let mut short = settings(Persona::Neutral, Mode::Real);
    short.minutes = 5;
    let (mut mock, _) = Mock::start(short, questions()).unwrap();
    let effects = mock
        .apply(Event::Answer {
            text: STRONG.to_owned(),
            seconds: Some(301),
        })
        .unwrap();
    assert_eq!(effects, vec![Effect::Finished]);
    assert_eq!(mock.report().unasked, 1);
}

#[test]
fn sessions_need_questions_and_a_sensible_length() {
    assert_eq!(
        Mock::start(settings(Persona::Neutral, Mode::Real), Vec::new()).unwrap_err(),
        MockError::NoQuestions
    );
    let mut long = settings(Persona::Neutral, Mode::Real);
    long.minutes = 600;
    let error = Mock::start(long, questions()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "a mock interview lasts from 5 to 180 minutes; 600 was given"
    );
}

#[test]
fn a_missed_key_point_gets_the_bank_follow_up_about_it() {
    let question = MockQuestion {
        id: "tech-index".to_owned(),
        text: "How does a database index speed up queries?".to_owned(),
        kind: QuestionKind::Technical,
        competencies: vec!["technical-depth".to_owned()],
        key_points: vec![
            "An index is a sorted structure, usually a B-tree, that finds rows without scanning the whole table".to_owned(),
            "Indexes slow down writes because every insert and update must also update the index".to_owned(),
        ],
        follow_ups: vec![
            "When would a full table scan beat an index?".to_owned(),
            "How do writes and updates get slower as you add indexes?".to_owned(),
        ],
    };
    let mut technical = settings(Persona::Neutral, Mode::Study);
    technical.round = Round::Technical;
    let (mut mock, _) = Mock::start(technical, vec![question]).unwrap();
    let effects = mock
        .apply(answer("An index is a sorted structure, usually a B-tree, kept next to the table. Instead of scanning every row, the database walks down the tree to the matching rows in a few steps, so lookups on the indexed column take logarithmic time rather than a full table scan. That is why queries that filter on an indexed column are fast."))
        .unwrap();
    let ask = asked(&effects).unwrap();
    assert_eq!(
        ask.text,
        "How do writes and updates get slower as you add indexes?"
    );
    assert!(ask.aims_at.as_deref().unwrap().contains("slow down writes"));
}

#[test]
fn a_system_design_answer_missing_a_step_is_asked_for_it() {
    let question = MockQuestion {
        id: "sd-short".to_owned(),
        text: "Design a URL shortener.".to_owned(),
        kind: QuestionKind::SystemDesign,
        competencies: Vec::new(),
        key_points: Vec::new(),
        follow_ups: Vec::new(),
    };
    let mut design = settings(Persona::Neutral, Mode::Study);
    design.round = Round::SystemDesign;
    design.minutes = 45;
    let (mut mock, _) = Mock::start(design, vec![question]).unwrap();
    let effects = mock
        .apply(answer("I would put an API server behind a load balancer, store the mappings in a key-value database and keep hot links in a cache. A request to shorten writes a row; a redirect reads the cache first and falls back to the database."))
        .unwrap();
    let ask = asked(&effects).unwrap();
    assert_eq!(ask.aims_at.as_deref(), Some("the requirements step"));
    assert_eq!(ask.time_limit_seconds, 120);
}

#[test]
fn questions_are_chosen_to_fit_the_round_and_the_minutes() {
    let mut candidates = Vec::new();
    for (index, kind) in [
        QuestionKind::Behavioral,
        QuestionKind::Technical,
        QuestionKind::Behavioral,
        QuestionKind::SystemDesign,
        QuestionKind::Case,
        QuestionKind::Technical,
        QuestionKind::Behavioral,
    ]
    .into_iter()
    .enumerate()
    {
        let mut question = behavioral(&format!("q{index}"), "A question?");
        question.kind = kind;
        candidates.push(question);
    }
    let ids = |chosen: Vec<MockQuestion>| {
        chosen
            .into_iter()
            .map(|question| question.id)
            .collect::<Vec<_>>()
    };
    let fit = |round: Round, minutes: u32, persona: Persona| {
        let settings = MockSettings {
            round,
            minutes,
            ..settings(persona, Mode::Real)
        };
        ids(choose_questions(&settings, &candidates))
    };
    assert_eq!(
        fit(Round::Behavioral, 15, Persona::Neutral),
        ["q0", "q2", "q6"],
        "three stories with a follow-up each fit in 15 minutes"
    );
    assert_eq!(
        fit(Round::Behavioral, 15, Persona::Sceptical),
        ["q0", "q2"],
        "two follow-ups each leave room for two"
    );
    assert_eq!(
        fit(Round::Behavioral, 60, Persona::Neutral),
        ["q0", "q2", "q6"],
        "never the same question twice"
    );
    assert_eq!(
        fit(Round::SystemDesign, 10, Persona::Neutral),
        ["q3"],
        "always at least one"
    );
    assert_eq!(
        fit(Round::Mixed, 60, Persona::Neutral),
        ["q0", "q1", "q3", "q2", "q6"]
    );
    assert!(
        choose_questions(
            &MockSettings {
                round: Round::Case,
                ..settings(Persona::Neutral, Mode::Real)
            },
            &candidates[..2]
        )
        .is_empty()
    );
}

#[test]
fn the_report_names_the_three_things_to_work_on_with_the_questions_to_practise() {
    let we_story = "Last year our team's release process was slow and we kept missing deadlines. We needed to ship every week instead of every month. We set up a new pipeline, we wrote more tests and we changed how we reviewed code. We also moved the deploy to the morning.";
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Real), questions()).unwrap();
    mock.apply(answer(we_story)).unwrap();
    mock.apply(Event::Skip).unwrap();
    mock.apply(answer(NO_RESULT)).unwrap();
    mock.apply(answer(RESULT_FOLLOW_UP)).unwrap();
    assert!(mock.finished());
    let report = mock.report();
    assert_eq!(report.items.len(), 2);
    assert_eq!(report.items[0].follow_ups.len(), 1);
    assert!(report.items[0].follow_ups[0].skipped);
    assert!(report.work_on.len() <= 3 && !report.work_on.is_empty());
    for area in &report.work_on {
        assert!(!area.questions.is_empty(), "{area:?}");
    }
    assert!(
        report
            .work_on
            .iter()
            .any(|area| area.area == "own_part" && area.questions == [0]),
        "{:?}",
        report.work_on
    );
    assert!(report.average_score.is_some());
}

#[test]
fn a_session_survives_a_round_trip_through_json() {
    let (mut mock, _) =
        Mock::start(settings(Persona::Sceptical, Mode::Study), questions()).unwrap();
    mock.apply(answer(NO_RESULT)).unwrap();
    let json = serde_json::to_string(&mock).unwrap();
    let back: Mock = serde_json::from_str(&json).unwrap();
    assert_eq!(back, mock);
    assert_eq!(back.current(), mock.current());
}

#[test]
fn settings_names_parse_and_list_the_accepted_ones() {
    assert_eq!("system-design".parse::<Round>(), Ok(Round::SystemDesign));
    assert_eq!("sceptical".parse::<Persona>(), Ok(Persona::Sceptical));
    assert_eq!(
        "mean".parse::<Persona>().unwrap_err().to_string(),
        "unknown persona \"mean\"; expected one of: friendly, neutral, sceptical"
    );
}

#[test]
fn a_sceptical_interviewer_presses_again_on_a_dodged_follow_up() {
    let (mut mock, _) = Mock::start(settings(Persona::Sceptical, Mode::Real), questions()).unwrap();
    mock.apply(answer(NO_RESULT)).unwrap();
    let effects = mock.apply(answer("We just kept at it.")).unwrap();
    let again = asked(&effects).unwrap();
    assert_eq!(again.aims_at.as_deref(), Some("the result"));
    assert!(
        again.text.starts_with("Let me push on that once more."),
        "{}",
        again.text
    );
    let effects = mock.apply(answer(RESULT_FOLLOW_UP)).unwrap();
    assert_eq!(
        asked(&effects).unwrap().question,
        1,
        "two follow-ups at most"
    );
    assert!(mock.turns[2].follow_up.as_ref().unwrap().handled);
}

#[test]
fn a_stored_session_pointing_past_its_questions_is_over_not_a_panic() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Study), questions()).unwrap();
    mock.state = State::Asking {
        question: 7,
        follow_up: None,
    };
    assert_eq!(mock.current(), None);
    assert_eq!(mock.apply(answer(STRONG)), Err(MockError::Finished));
    assert!(mock.finished());
    assert_eq!(mock.report().unasked, 2);
}

#[test]
fn tell_me_about_yourself_is_not_asked_about_we() {
    let answer = "I'm a data engineer with six years in retail. We built the company's first data platform, we moved our reports from spreadsheets to dashboards, and we now serve forty analysts. We also run the training for new starters. I'm looking for a role where I can do the same at a larger scale.";
    let question = behavioral("beh-tell-me-about-yourself", "Tell me about yourself.");
    let analysis = analyze(&AnalysisInput {
        question: &question.text,
        kind: QuestionKind::Behavioral,
        competencies: &[],
        key_points: &[],
        answer,
    });
    assert!(
        analysis.ownership.we_heavy,
        "the answer says we: {analysis:?}"
    );
    assert!(
        !probes(&analysis, &question).contains(&Probe::OwnPart),
        "{:?}",
        probes(&analysis, &question)
    );
}

#[test]
fn a_non_answer_to_a_follow_up_is_not_handled() {
    let (mut mock, _) = Mock::start(settings(Persona::Neutral, Mode::Real), questions()).unwrap();
    let unmeasured = format!(
        "{NO_RESULT} In the end new hires became productive much sooner, and my manager asked me to run the same onboarding for the next team."
    );
    mock.apply(answer(&unmeasured)).unwrap();
    let probe = match &mock.state {
        State::Asking {
            follow_up: Some(asked),
            ..
        } => asked.probe.clone(),
        other => panic!("a follow-up is asked: {other:?}"),
    };
    mock.apply(answer("I'm not sure, I'd have to think about it."))
        .unwrap();
    let turn = mock
        .turns
        .iter()
        .rev()
        .find(|turn| turn.follow_up.is_some())
        .unwrap();
    let follow_up = turn.follow_up.as_ref().unwrap();
    assert_eq!(follow_up.probe, probe);
    assert_eq!(probe, Probe::Number, "the result has no number");
    assert!(!follow_up.handled, "“I'm not sure” handles nothing");
    assert!(!states_a_quantity("I would have to check."));
    assert!(states_a_quantity("It went from 6 hours to 40 minutes."));
    assert!(states_a_quantity("About twice as fast as before."));
}
