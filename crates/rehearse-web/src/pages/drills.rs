//! The drills: system design in the guide's eight timed steps with a diagram, the case study in
//! five, "I don't know" (a question just past your level, answered by reasoning aloud), and the
//! back-of-envelope estimator with its reference tables.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, DrillResult, DrillSubmission, ErrorClass, PracticeSubject};
use rehearse_core::drill::{DrillStep, MAX_STEP_NOTES_CHARS, steps_for};
use rehearse_core::estimate::{EstimateInput, LATENCIES, POWERS_OF_TWO, human_duration};
use rehearse_core::limits::MAX_ANSWER_CHARS;
use rehearse_core::target::TargetId;
use rehearse_core::{QuestionFilter, QuestionKind, RoleFamily, UserId};
use serde::Deserialize;

use super::{Choice, choices, html};
use crate::assets::ASSET_VERSION;
use crate::error::PageError;
use crate::extract::CurrentUser;
use crate::view;

// ---------------------------------------------------------------- the timed drills

#[derive(Debug, Default, Deserialize)]
pub(super) struct DrillQuery {
    question: Option<String>,
    target: Option<String>,
    after: Option<String>,
}

/// One step of the drill page, with what the user wrote in it (kept when the form comes back).
struct StepView {
    step: &'static DrillStep,
    notes: String,
}

#[derive(Template)]
#[template(path = "drill.html")]
struct DrillPage {
    asset_version: &'static str,
    active: &'static str,
    kind: QuestionKind,
    title: &'static str,
    question: PracticeSubject,
    target: Option<TargetId>,
    steps: Vec<StepView>,
    total_minutes: u32,
    branches: Vec<String>,
    diagram: String,
    error: Option<String>,
    max_notes_chars: usize,
}

fn title_of(kind: QuestionKind) -> &'static str {
    if kind == QuestionKind::SystemDesign {
        "System design drill"
    } else {
        "Case study drill"
    }
}

impl DrillPage {
    fn new(question: PracticeSubject, target: Option<TargetId>) -> DrillPage {
        let steps = steps_for(question.kind);
        DrillPage {
            asset_version: ASSET_VERSION,
            active: "mock",
            kind: question.kind,
            title: title_of(question.kind),
            target,
            steps: steps
                .iter()
                .map(|step| StepView {
                    step,
                    notes: String::new(),
                })
                .collect(),
            total_minutes: steps.iter().map(|step| step.minutes).sum(),
            branches: vec![String::new(); 5],
            diagram: String::new(),
            error: None,
            max_notes_chars: MAX_STEP_NOTES_CHARS,
            question,
        }
    }
}

async fn drill_question(
    app: &App,
    user: UserId,
    kind: QuestionKind,
    query: &DrillQuery,
) -> Result<(PracticeSubject, Option<TargetId>), PageError> {
    let target = query
        .target
        .as_deref()
        .filter(|target| !target.is_empty())
        .map(crate::api::parse_target_id)
        .transpose()
        .map_err(PageError)?;
    if let (Some(target), Some(question)) = (target, query.question.as_deref()) {
        return Ok((
            app.practice_subject(user, question, Some(target)).await?,
            Some(target),
        ));
    }
    let choice = app
        .practice_question(
            user,
            QuestionFilter {
                kind: Some(kind),
                role: None,
            },
            query.question.as_deref(),
            query.after.as_deref(),
        )
        .await?;
    let question = choice
        .question
        .ok_or(PageError(crate::WebError::NotFound))?;
    Ok((
        app.practice_subject(user, question.id.as_str(), None)
            .await?,
        None,
    ))
}

pub(super) async fn system_design(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<DrillQuery>,
) -> Result<Html<String>, PageError> {
    drill_page(app, user, QuestionKind::SystemDesign, query).await
}

pub(super) async fn case(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<DrillQuery>,
) -> Result<Html<String>, PageError> {
    drill_page(app, user, QuestionKind::Case, query).await
}

async fn drill_page(
    app: App,
    user: UserId,
    kind: QuestionKind,
    query: DrillQuery,
) -> Result<Html<String>, PageError> {
    let (question, target) = drill_question(&app, user, kind, &query).await?;
    if question.kind != kind {
        return Err(PageError(crate::WebError::NotFound));
    }
    html(&DrillPage::new(question, target))
}

/// Reads the drill form: repeated `notes`, `seconds` and `branch` fields in page order.
fn read_drill_form(body: &str) -> Result<DrillSubmission, PageError> {
    let mut drill = DrillSubmission::default();
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "question_id" => drill.question_id = value.into_owned(),
            "target_id" if !value.trim().is_empty() => {
                drill.target = Some(crate::api::parse_target_id(value.trim()).map_err(PageError)?);
            }
            "notes" => drill.notes.push(value.into_owned()),
            "seconds" => drill.step_seconds.push(view::form_seconds(&value)),
            "diagram" => drill.diagram = value.into_owned(),
            "branch" => drill.branches.push(value.into_owned()),
            _ => {}
        }
    }
    Ok(drill)
}

/// Saves the drill and shows its feedback; a refused drill comes back with everything typed.
pub(super) async fn submit(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    body: String,
) -> Result<Response, PageError> {
    let drill = read_drill_form(&body)?;
    match app.submit_drill(user, drill.clone()).await {
        Ok(result) => Ok(Redirect::to(&format!("/drills/{}", result.attempt.id)).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let question = app
                .practice_subject(user, &drill.question_id, drill.target)
                .await?;
            if !matches!(
                question.kind,
                QuestionKind::SystemDesign | QuestionKind::Case
            ) {
                return Err(error.into());
            }
            let mut page = DrillPage::new(question, drill.target);
            for (view, notes) in page.steps.iter_mut().zip(&drill.notes) {
                view.notes = notes.clone();
            }
            for (slot, branch) in page.branches.iter_mut().zip(&drill.branches) {
                *slot = branch.clone();
            }
            page.diagram = drill.diagram;
            page.error = Some(error.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// One step of the result: its time against the box, whether the notes show it, and the notes.
struct StepResult {
    label: &'static str,
    minutes: u32,
    took: Option<String>,
    over: bool,
    covered: Option<bool>,
    notes: String,
}

#[derive(Template)]
#[template(path = "drill_result.html")]
struct ResultPage {
    asset_version: &'static str,
    active: &'static str,
    title: &'static str,
    id: rehearse_core::AttemptId,
    question: String,
    again_link: String,
    score: Option<u8>,
    covered: usize,
    steps: Vec<StepResult>,
    missing: Vec<String>,
    /// Why the notes were not scored, when they were not.
    not_scored: Option<String>,
    checklist: Vec<(bool, &'static str, String)>,
    branches: Vec<String>,
    svg: Option<String>,
}

pub(super) async fn result(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = crate::api::parse_attempt_id(&id)?;
    let DrillResult {
        attempt,
        steps,
        parts,
        checklist,
    } = app.drill(user, id).await?;
    let analysis = &attempt.analysis;
    let coverage = |name: &str| {
        analysis
            .steps
            .as_ref()
            .and_then(|steps| steps.iter().find(|step| step.name == name))
            .map(|step| step.covered)
    };
    let page = ResultPage {
        asset_version: ASSET_VERSION,
        active: "mock",
        title: title_of(attempt.kind),
        id,
        question: attempt.question_text.clone(),
        again_link: format!(
            "/drills/{}?question={}{}",
            if attempt.kind == QuestionKind::SystemDesign {
                "system-design"
            } else {
                "case"
            },
            attempt.question_id,
            attempt
                .target_id
                .map(|target| format!("&target={target}"))
                .unwrap_or_default()
        ),
        score: analysis.overall_score(),
        covered: analysis
            .steps
            .iter()
            .flatten()
            .filter(|step| step.covered)
            .count(),
        steps: steps
            .iter()
            .enumerate()
            .map(|(index, step)| {
                let seconds = parts.step_seconds.get(index).copied().flatten();
                StepResult {
                    label: step.label,
                    minutes: step.minutes,
                    took: seconds.map(|seconds| view::clock(f64::from(seconds))),
                    over: seconds.is_some_and(|seconds| seconds > step.minutes * 60),
                    covered: coverage(step.name),
                    notes: parts.notes.get(index).cloned().unwrap_or_default(),
                }
            })
            .collect(),
        // Every step the notes do not show, with what the step is for; and a recommendation
        // without its reasons.
        missing: steps
            .iter()
            .filter(|step| coverage(step.name) != Some(true))
            .map(|step| format!("{}: {}", step.label, step.prompt))
            .chain(
                analysis
                    .findings
                    .iter()
                    .filter(|finding| {
                        finding.code
                            == rehearse_core::analysis::FindingCode::RecommendationUnjustified
                    })
                    .map(|finding| finding.message.clone()),
            )
            .collect(),
        not_scored: analysis
            .scores
            .is_none()
            .then(|| {
                analysis
                    .findings
                    .iter()
                    .find(|finding| finding.severity == rehearse_core::analysis::Severity::Major)
                    .map(|finding| finding.message.clone())
            })
            .flatten(),
        checklist: checklist
            .iter()
            .map(|check| {
                let shown = match check.span() {
                    Some(span) if span.end <= attempt.answer.len() => {
                        format!("“{}”", view::short_quote(span.of(&attempt.answer), 160))
                    }
                    _ => check.advice.to_owned(),
                };
                (check.found(), check.label, shown)
            })
            .collect(),
        branches: parts.branches.clone(),
        svg: (!parts.diagram.boxes.is_empty()).then(|| parts.diagram.to_svg()),
    };
    html(&page)
}

/// The diagram as an SVG file.
pub(super) async fn diagram_svg(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = crate::api::parse_attempt_id(&id)?;
    let drill = app.drill(user, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rehearse-diagram.svg\"",
            ),
        ],
        drill.parts.diagram.to_svg(),
    )
        .into_response())
}

// ---------------------------------------------------------------- "I don't know"

#[derive(Debug, Default, Deserialize)]
pub(super) struct StretchQuery {
    role: Option<String>,
    after: Option<String>,
}

#[derive(Template)]
#[template(path = "dont_know.html")]
struct DontKnowPage {
    asset_version: &'static str,
    active: &'static str,
    question: PracticeSubject,
    level: &'static str,
    average: Option<u8>,
    roles: Vec<Choice>,
    role_query: String,
    max_answer_chars: usize,
}

pub(super) async fn dont_know(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<StretchQuery>,
) -> Result<Html<String>, PageError> {
    let role: Option<RoleFamily> = query.role.as_deref().and_then(|role| role.parse().ok());
    let stretch = app
        .stretch_question(user, role, query.after.as_deref())
        .await?;
    html(&DontKnowPage {
        asset_version: ASSET_VERSION,
        active: "mock",
        level: stretch.difficulty.label(),
        average: stretch.technical_average,
        question: stretch.subject,
        roles: choices(RoleFamily::ALL, role, RoleFamily::as_str, RoleFamily::label),
        role_query: role.map(|role| format!("role={role}&")).unwrap_or_default(),
        max_answer_chars: MAX_ANSWER_CHARS,
    })
}

// ---------------------------------------------------------------- the estimator

#[derive(Debug, Default, Deserialize)]
pub(super) struct EstimateQuery {
    dau: Option<String>,
    requests_per_user: Option<String>,
    payload_bytes: Option<String>,
    read_write: Option<String>,
    retention_days: Option<String>,
    peak_factor: Option<String>,
}

#[derive(Template)]
#[template(path = "estimate.html")]
struct EstimatePage {
    asset_version: &'static str,
    active: &'static str,
    fields: Vec<(&'static str, &'static str, String, &'static str)>,
    rows: Vec<(&'static str, String)>,
    error: Option<String>,
    powers: Vec<(u32, &'static str, &'static str)>,
    latencies: Vec<(&'static str, String)>,
}

/// A number field: empty means the default; anything else must be a number.
fn number(value: &Option<String>, what: &str, default: f64) -> Result<f64, String> {
    match value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
    {
        None => Ok(default),
        Some(text) => text.replace([',', '_'], "").parse::<f64>().map_err(|_| {
            format!(
                "{what} must be a number; {:?} was given",
                text.chars().take(30).collect::<String>()
            )
        }),
    }
}

/// The form's numbers; an empty field takes its default.
fn estimate_input(query: &EstimateQuery) -> Result<EstimateInput, String> {
    use rehearse_core::estimate::{DEFAULT_PEAK_FACTOR, DEFAULT_RETENTION_DAYS};
    Ok(EstimateInput {
        dau: number(&query.dau, "daily active users", 0.0)?,
        requests_per_user: number(&query.requests_per_user, "requests per user", 0.0)?,
        payload_bytes: number(&query.payload_bytes, "payload bytes", 0.0)?,
        read_write: number(&query.read_write, "reads per write", 0.0)?,
        retention_days: number(
            &query.retention_days,
            "retention days",
            DEFAULT_RETENTION_DAYS,
        )?,
        peak_factor: number(&query.peak_factor, "peak factor", DEFAULT_PEAK_FACTOR)?,
    })
}

pub(super) async fn estimate(Query(query): Query<EstimateQuery>) -> Result<Response, PageError> {
    let asked = query
        .dau
        .as_deref()
        .is_some_and(|dau| !dau.trim().is_empty());
    let outcome = asked.then(|| {
        estimate_input(&query)
            .and_then(|input| rehearse_app::estimate(input).map_err(|error| error.to_string()))
    });
    let value = |field: &Option<String>| field.clone().unwrap_or_default();
    let (rows, error) = match outcome {
        Some(Ok(estimate)) => (estimate.rows(), None),
        Some(Err(message)) => (Vec::new(), Some(message)),
        None => (Vec::new(), None),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EstimatePage {
        asset_version: ASSET_VERSION,
        active: "mock",
        fields: vec![
            ("dau", "Daily active users", value(&query.dau), "10000000"),
            (
                "requests_per_user",
                "Requests per user a day",
                value(&query.requests_per_user),
                "20",
            ),
            (
                "payload_bytes",
                "Bytes per write",
                value(&query.payload_bytes),
                "500",
            ),
            (
                "read_write",
                "Reads per write (0 = writes only)",
                value(&query.read_write),
                "0",
            ),
            (
                "retention_days",
                "Days kept",
                value(&query.retention_days),
                "1825",
            ),
            (
                "peak_factor",
                "Peak over average",
                value(&query.peak_factor),
                "2",
            ),
        ],
        rows,
        error,
        powers: POWERS_OF_TWO.to_vec(),
        latencies: LATENCIES
            .iter()
            .map(|(what, nanoseconds)| (*what, human_duration(*nanoseconds)))
            .collect(),
    };
    Ok((status, html(&page)?).into_response())
}
