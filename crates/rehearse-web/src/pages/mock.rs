//! Mock interviews: the set-up form with past sessions, the session (one prompt at a time, a
//! visible clock, feedback after each answer in study mode) and the report at the end.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, ErrorClass, MockSpec};
use rehearse_core::UserId;
use rehearse_core::analysis::Severity;
use rehearse_core::limits::MAX_ANSWER_CHARS;
use rehearse_core::mock::{
    Ask, Event, MockId, MockRecord, MockSettings, Mode, Persona, Report, Round, Turn,
};
use rehearse_core::target::{Target, TargetId, TargetSummary};
use serde::Deserialize;

use super::{Choice, choices, html};
use crate::api::mocks::parse_mock_id;
use crate::assets::ASSET_VERSION;
use crate::error::PageError;
use crate::extract::CurrentUser;
use crate::view;

// ---------------------------------------------------------------- set-up

/// One past session in the list.
struct SessionRow {
    id: MockId,
    round: &'static str,
    when: String,
    when_iso: String,
    finished: bool,
    score: Option<u8>,
}

#[derive(Template)]
#[template(path = "mock.html")]
struct SetupPage {
    asset_version: &'static str,
    active: &'static str,
    targets: Vec<(TargetSummary, bool)>,
    rounds: Vec<Choice>,
    personas: Vec<Choice>,
    modes: Vec<Choice>,
    minutes: String,
    /// How long each kind of question takes, so the user sees what fits.
    timing: String,
    hide_numbers: bool,
    llm: Option<String>,
    error: Option<String>,
    sessions: Vec<SessionRow>,
    /// Whether the sessions are a later page, and the cursor of the next one.
    later: bool,
    next: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SetupQuery {
    target: Option<String>,
    round: Option<String>,
    /// The page of past sessions (anything not an id shows the first).
    after: Option<String>,
}

/// What the set-up form sent, kept as typed so a refused form comes back filled in.
#[derive(Debug, Default, Deserialize)]
pub(super) struct SetupForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    round: String,
    #[serde(default)]
    persona: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    hide_numbers: Option<String>,
    #[serde(default)]
    use_llm: Option<String>,
}

/// "A story takes about 4½ minutes with its follow-up (6 with a sceptical interviewer), …",
/// from the same figures the questions are chosen by.
fn timing() -> String {
    use rehearse_core::QuestionKind;
    use rehearse_core::mock::{Persona, seconds_per_question};
    let minutes = |kind: QuestionKind, persona: Persona| {
        let seconds = seconds_per_question(kind, persona.max_follow_ups());
        let whole = seconds / 60;
        if seconds % 60 >= 30 {
            format!("{whole}½")
        } else {
            whole.to_string()
        }
    };
    format!(
        "Questions are chosen to fit: a story takes about {} minutes with its follow-up ({} with a sceptical interviewer), a technical question {}, a system design {}, a case {}.",
        minutes(QuestionKind::Behavioral, Persona::Neutral),
        minutes(QuestionKind::Behavioral, Persona::Sceptical),
        minutes(QuestionKind::Technical, Persona::Neutral),
        minutes(QuestionKind::SystemDesign, Persona::Neutral),
        minutes(QuestionKind::Case, Persona::Neutral),
    )
}

async fn setup_page(
    app: &App,
    user: UserId,
    form: &SetupForm,
    error: Option<String>,
    after: Option<MockId>,
) -> Result<SetupPage, PageError> {
    let chosen_target = form.target.parse::<i64>().ok().map(TargetId);
    let targets = app
        .targets(user)
        .await?
        .into_iter()
        .map(|target| {
            let selected = Some(target.id) == chosen_target;
            (target, selected)
        })
        .collect();
    let page = app.mocks(user, after, rehearse_app::DEFAULT_PAGE).await?;
    let sessions = page
        .items
        .into_iter()
        .map(|summary| SessionRow {
            id: summary.id,
            round: summary.round.label(),
            when: view::timestamp(&summary.created_at),
            when_iso: view::iso(&summary.created_at),
            finished: summary.finished,
            score: summary.score,
        })
        .collect();
    Ok(SetupPage {
        timing: timing(),
        asset_version: ASSET_VERSION,
        active: "mock",
        targets,
        rounds: choices(
            Round::ALL,
            Some(form.round.parse().unwrap_or(Round::Behavioral)),
            Round::as_str,
            Round::label,
        ),
        personas: choices(
            Persona::ALL,
            Some(form.persona.parse().unwrap_or(Persona::Neutral)),
            Persona::as_str,
            Persona::label,
        ),
        modes: choices(
            Mode::ALL,
            Some(form.mode.parse().unwrap_or(Mode::Study)),
            Mode::as_str,
            Mode::label,
        ),
        minutes: if form.minutes.is_empty() {
            "30".to_owned()
        } else {
            form.minutes.clone()
        },
        hide_numbers: form.hide_numbers.is_some(),
        llm: app.llm_status().provider,
        error,
        sessions,
        later: after.is_some(),
        next: page.next,
    })
}

pub(super) async fn setup(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<SetupQuery>,
) -> Result<Html<String>, PageError> {
    let form = SetupForm {
        target: query.target.unwrap_or_default(),
        round: query.round.unwrap_or_default(),
        ..SetupForm::default()
    };
    let after = query
        .after
        .and_then(|after| after.parse::<i64>().ok())
        .filter(|after| *after > 0)
        .map(MockId);
    html(&setup_page(&app, user, &form, None, after).await?)
}

/// Reads the form into a spec; a wrong value is a message for the form, not an error page.
fn spec_of(form: &SetupForm) -> Result<MockSpec, String> {
    let target = match form.target.trim() {
        "" => None,
        id => Some(TargetId(
            id.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| "choose one of your jobs from the list, or none".to_owned())?,
        )),
    };
    let round: Round = form.round.parse().map_err(|error| format!("{error}"))?;
    let persona: Persona = form.persona.parse().map_err(|error| format!("{error}"))?;
    let mode: Mode = form.mode.parse().map_err(|error| format!("{error}"))?;
    let minutes = form.minutes.trim().parse::<u32>().map_err(|_| {
        format!(
            "the length must be a whole number of minutes from 5 to 180; {:?} was given",
            form.minutes.chars().take(20).collect::<String>()
        )
    })?;
    Ok(MockSpec {
        target,
        settings: MockSettings {
            round,
            persona,
            mode,
            hide_numbers: form.hide_numbers.is_some(),
            minutes,
            use_llm: form.use_llm.is_some(),
        },
    })
}

pub(super) async fn start(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    form: Result<Form<SetupForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let refused = |message: String| async {
        let page = setup_page(&app, user, &form, Some(message), None).await?;
        Ok::<Response, PageError>((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
    };
    let spec = match spec_of(&form) {
        Ok(spec) => spec,
        Err(message) => return refused(message).await,
    };
    match app.start_mock(user, spec).await {
        Ok(record) => Ok(Redirect::to(&format!("/mock/{}", record.id)).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => refused(error.to_string()).await,
        Err(error) => Err(error.into()),
    }
}

// ---------------------------------------------------------------- the session

/// Feedback on the last answer (study mode).
struct LastFeedback {
    /// For a follow-up: what it aimed at and whether the answer closed the gap.
    follow_up: Option<(String, bool)>,
    skipped: bool,
    score: Option<u8>,
    /// The most important findings, problems first.
    points: Vec<Point>,
    strengths: Vec<Point>,
}

/// A finding as the session shows it: the message and the user's own words.
struct Point {
    message: String,
    quote: String,
}

/// One question of the report.
struct ReportRow {
    number: usize,
    text: String,
    kind: &'static str,
    answer: String,
    skipped: bool,
    took: Option<String>,
    score: Option<u8>,
    points: Vec<Point>,
    strengths: Vec<Point>,
    /// (question, aims at, answer, skipped, handled)
    follow_ups: Vec<(String, String, String, bool, bool)>,
    practise: String,
}

/// A thing to work on, with links to practise the questions where it showed.
struct WorkOnRow {
    title: &'static str,
    advice: &'static str,
    links: Vec<(usize, String)>,
}

#[derive(Template)]
#[template(path = "mock_session.html")]
struct SessionPage {
    asset_version: &'static str,
    active: &'static str,
    id: MockId,
    round: &'static str,
    persona: &'static str,
    study: bool,
    hide_numbers: bool,
    opening: Option<&'static str>,
    ask: Option<Ask>,
    time_limit: String,
    last: Option<LastFeedback>,
    answer: String,
    error: Option<String>,
    notice: Option<&'static str>,
    max_answer_chars: usize,
    /// Turns so far: names the browser's saved draft, so a new prompt starts empty.
    turn: usize,
    report: Option<Report>,
    report_rows: Vec<ReportRow>,
    work_on: Vec<WorkOnRow>,
    handled: String,
}

fn points(analysis: &rehearse_core::analysis::Analysis) -> (Vec<Point>, Vec<Point>) {
    let point = |finding: &rehearse_core::analysis::Finding| Point {
        message: finding.message.clone(),
        quote: view::short_quote(&finding.quote, 160),
    };
    let mut problems: Vec<&rehearse_core::analysis::Finding> = analysis
        .findings
        .iter()
        .filter(|finding| matches!(finding.severity, Severity::Major | Severity::Warn))
        .collect();
    problems.sort_by_key(|finding| finding.severity != Severity::Major);
    let strengths = analysis
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Strength)
        .take(2)
        .map(point)
        .collect();
    (problems.into_iter().take(4).map(point).collect(), strengths)
}

fn last_feedback(turn: &Turn, hide_numbers: bool) -> LastFeedback {
    let (problems, strengths) = turn.analysis.as_ref().map(points).unwrap_or_default();
    LastFeedback {
        follow_up: turn
            .follow_up
            .as_ref()
            .map(|follow_up| (follow_up.aims_at.clone(), follow_up.handled)),
        skipped: turn.skipped,
        score: turn
            .analysis
            .as_ref()
            .and_then(|analysis| analysis.overall_score())
            .filter(|_| !hide_numbers),
        points: problems,
        strengths,
    }
}

/// Where "practise again" leads: the target's set for its questions, else the bank.
fn practise_link(target: Option<&Target>, question_id: &str) -> String {
    match target.filter(|target| target.question(question_id).is_some()) {
        Some(target) => format!("/practice?target={}&question={question_id}", target.id),
        None => format!("/practice?question={question_id}"),
    }
}

async fn session_page(
    app: &App,
    user: UserId,
    record: &MockRecord,
    answer: String,
    error: Option<String>,
    notice: bool,
) -> Result<SessionPage, PageError> {
    let mock = &record.mock;
    let settings = mock.settings;
    let study = settings.mode == Mode::Study;
    let target = match record.target_id {
        Some(id) => app.target(user, id).await.ok(),
        None => None,
    };
    let ask = mock.current();
    let (report, report_rows, work_on, handled) = if mock.finished() {
        let report = mock.report();
        let rows = report
            .items
            .iter()
            .map(|item| {
                let (problems, strengths) = item.analysis.as_ref().map(points).unwrap_or_default();
                ReportRow {
                    number: item.question + 1,
                    text: item.text.clone(),
                    kind: item.kind.label(),
                    answer: item.answer.clone(),
                    skipped: item.skipped,
                    took: item.seconds.map(|seconds| view::clock(f64::from(seconds))),
                    score: item
                        .analysis
                        .as_ref()
                        .and_then(|analysis| analysis.overall_score())
                        .filter(|_| !settings.hide_numbers),
                    points: problems,
                    strengths,
                    follow_ups: item
                        .follow_ups
                        .iter()
                        .map(|follow_up| {
                            (
                                follow_up.question.clone(),
                                follow_up.aims_at.clone(),
                                follow_up.answer.clone(),
                                follow_up.skipped,
                                follow_up.handled,
                            )
                        })
                        .collect(),
                    practise: practise_link(target.as_ref(), &item.question_id),
                }
            })
            .collect();
        let work_on = report
            .work_on
            .iter()
            .map(|area| WorkOnRow {
                title: area.title,
                advice: area.advice,
                links: area
                    .questions
                    .iter()
                    .map(|&index| {
                        (
                            index + 1,
                            practise_link(target.as_ref(), &mock.questions[index].id),
                        )
                    })
                    .collect(),
            })
            .collect();
        let handled = format!(
            "{} of {}",
            report.follow_ups_handled, report.follow_ups_asked
        );
        (Some(report), rows, work_on, handled)
    } else {
        (None, Vec::new(), Vec::new(), String::new())
    };
    Ok(SessionPage {
        asset_version: ASSET_VERSION,
        active: "mock",
        id: record.id,
        round: settings.round.label(),
        persona: settings.persona.label(),
        study,
        hide_numbers: settings.hide_numbers,
        opening: mock.turns.is_empty().then(|| settings.persona.opening()),
        time_limit: ask
            .as_ref()
            .map(|ask| view::clock(f64::from(ask.time_limit_seconds)))
            .unwrap_or_default(),
        ask,
        last: mock
            .turns
            .last()
            .filter(|_| study && !mock.finished())
            .map(|turn| last_feedback(turn, settings.hide_numbers)),
        answer,
        error,
        notice: notice.then_some(
            "The AI's wording of this follow-up was not used, so this is Rehearse's own.",
        ),
        max_answer_chars: MAX_ANSWER_CHARS,
        turn: mock.turns.len(),
        report,
        report_rows,
        work_on,
        handled,
    })
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SessionQuery {
    notice: Option<String>,
}

pub(super) async fn show(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<SessionQuery>,
) -> Result<Html<String>, PageError> {
    let record = app.mock(user, parse_mock_id(&id)?).await?;
    let notice = query.notice.as_deref() == Some("ai");
    html(&session_page(&app, user, &record, String::new(), None, notice).await?)
}

#[derive(Debug, Deserialize)]
pub(super) struct EventForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    seconds: String,
    /// The recording the answer was spoken in ("" for a typed one).
    #[serde(default)]
    recording: String,
}

/// Applies the answer, skip or end, then shows the session again (as a redirect, so reloading
/// does not answer twice). A refused answer comes back with the text exactly as typed.
pub(super) async fn event(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<EventForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_mock_id(&id)?;
    let seconds = view::form_seconds(&form.seconds);
    let event = match form.action.as_str() {
        "skip" => Event::Skip,
        "end" => Event::End,
        _ => Event::Answer {
            text: form.answer.clone(),
            seconds,
        },
    };
    let recording = match (form.action.as_str(), form.recording.trim()) {
        ("skip" | "end", _) | (_, "") => None,
        (_, recording) => {
            Some(crate::api::speech::parse_recording_id(recording).map_err(PageError)?)
        }
    };
    match app.mock_event_spoken(user, id, event, recording).await {
        Ok(step) => {
            let notice = if step.notice.is_some() {
                "?notice=ai"
            } else {
                ""
            };
            Ok(Redirect::to(&format!("/mock/{id}{notice}")).into_response())
        }
        Err(error) if error.class() == ErrorClass::Invalid => {
            let record = app.mock(user, id).await?;
            let page = session_page(
                &app,
                user,
                &record,
                form.answer,
                Some(error.to_string()),
                false,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
