//! The run-up to the interview: the plan (with interview dates, hours a day, check-off and the
//! calendar file), the progress dashboard, the research worksheet, the interview-day checklist
//! and device check, and the salary helper.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveTime};
use rehearse_app::{App, AppError, ErrorClass, PlanSubject, calendar};
use rehearse_core::UserId;
use rehearse_core::plan::{Interview, Plan, PlanError, Task};
use rehearse_core::prep::{
    Checklist, InterviewFormat, MarketPoint, ResearchNotes, SalaryWorksheet, money, parse_figure,
};
use rehearse_core::progress::{Progress, TREND_SCORES};
use rehearse_core::target::TargetId;
use serde::Deserialize;

use super::html;
use crate::api::parse_target_id;
use crate::assets::ASSET_VERSION;
use crate::charts::{BarChart, LineChart, bar_chart, line_chart};
use crate::error::PageError;
use crate::extract::CurrentUser;
use crate::view;

// ---------------------------------------------------------------- shared views

/// A task as pages show it.
pub(crate) struct TaskView {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub category: &'static str,
    pub link: String,
}

impl From<&Task> for TaskView {
    fn from(task: &Task) -> TaskView {
        TaskView {
            id: task.id.clone(),
            title: task.title.clone(),
            minutes: task.minutes,
            category: task.category.as_str(),
            link: task.link.clone(),
        }
    }
}

/// "Today, Thu 3 Dec 2026", or the day alone.
fn day_label(date: NaiveDate, today: NaiveDate) -> String {
    let label = view::day(date);
    match (date - today).num_days() {
        0 => format!("Today, {label}"),
        1 => format!("Tomorrow, {label}"),
        _ => label,
    }
}

fn hours_label(hours: f64) -> String {
    let text = format!("{hours:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

// ---------------------------------------------------------------- the plan

struct RoundView {
    date: String,
    label: String,
}

struct JobDates {
    id: TargetId,
    name: String,
    rounds: Vec<RoundView>,
    /// "in 6 days (phone screen)" for the next round to come.
    next: Option<String>,
}

struct DayView {
    iso: String,
    label: String,
    minutes: u32,
    tasks: Vec<TaskView>,
}

struct AllocationRow {
    label: &'static str,
    hours: String,
    share: u32,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    asset_version: &'static str,
    active: &'static str,
    today: String,
    hours: String,
    jobs: Vec<JobDates>,
    total_hours: String,
    allocation: Vec<AllocationRow>,
    days: Vec<DayView>,
    done: Vec<TaskView>,
    cuts: Vec<String>,
    notes: Vec<String>,
    /// Why there is no plan yet (no dates), in words.
    empty: Option<String>,
    error: Option<String>,
}

async fn plan_page(app: &App, user: UserId, error: Option<String>) -> Result<PlanPage, PageError> {
    let today = app.today();
    let mut jobs = Vec::new();
    for summary in app.targets(user).await? {
        let target = app.target(user, summary.id).await?;
        let next = target
            .interviews
            .iter()
            .find(|round| round.date >= today)
            .map(|round| {
                let days = (round.date - today).num_days();
                let when = match days {
                    0 => "today".to_owned(),
                    1 => "tomorrow".to_owned(),
                    _ => format!("in {days} days"),
                };
                if round.label.is_empty() {
                    when
                } else {
                    format!("{when} ({})", round.label)
                }
            });
        jobs.push(JobDates {
            id: target.id,
            name: target.name(),
            rounds: target
                .interviews
                .iter()
                .map(|round| RoundView {
                    date: round.date.to_string(),
                    label: round.label.clone(),
                })
                .collect(),
            next,
        });
    }
    let hours = app.hours_per_day(user).await?;
    let (plan, empty) = match app.plan(user, PlanSubject::Saved, None).await {
        Ok(plan) => (Some(plan), None),
        Err(AppError::Plan(PlanError::NothingToPlan)) => (
            None,
            Some(if jobs.is_empty() {
                "Add the job you are preparing for, then give its interview date here."
            } else {
                "Give an interview date for a job below, and the plan fills the days until then."
            }
            .to_owned()),
        ),
        Err(error) if error.class() == ErrorClass::Invalid => (None, Some(error.to_string())),
        Err(error) => return Err(error.into()),
    };
    let plan = plan.unwrap_or(Plan {
        interviews: vec![],
        total_hours: 0.0,
        allocation: Default::default(),
        days: vec![],
        done: vec![],
        cuts: vec![],
        notes: vec![],
    });
    let share = |hours: f64| {
        if plan.total_hours > 0.0 {
            (hours / plan.total_hours * 100.0).round() as u32
        } else {
            0
        }
    };
    let allocation = [
        ("Research", plan.allocation.research),
        ("Behavioral stories", plan.allocation.behavioral),
        ("Technical and role practice", plan.allocation.technical),
        ("Logistics", plan.allocation.logistics),
    ]
    .into_iter()
    .map(|(label, hours)| AllocationRow {
        label,
        hours: format!("{hours:.1}"),
        share: share(hours),
    })
    .collect();
    Ok(PlanPage {
        asset_version: ASSET_VERSION,
        active: "plan",
        today: today.to_string(),
        hours: hours_label(hours),
        jobs,
        total_hours: format!("{:.1}", plan.total_hours),
        allocation,
        days: plan
            .days
            .iter()
            .map(|day| DayView {
                iso: day.date.to_string(),
                label: day_label(day.date, today),
                minutes: day.tasks.iter().map(|task| task.minutes).sum(),
                tasks: day.tasks.iter().map(TaskView::from).collect(),
            })
            .collect(),
        done: plan.done.iter().map(TaskView::from).collect(),
        cuts: plan.cuts,
        notes: plan.notes,
        empty,
        error,
    })
}

pub(super) async fn plan(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    html(&plan_page(&app, user, None).await?)
}

/// Shows the plan page again with `error`, keeping everything else.
async fn plan_with_error(app: &App, user: UserId, error: AppError) -> Result<Response, PageError> {
    if error.class() != ErrorClass::Invalid {
        return Err(error.into());
    }
    let page = plan_page(app, user, Some(error.to_string())).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
}

#[derive(Debug, Deserialize)]
pub(super) struct HoursForm {
    hours: String,
}

pub(super) async fn plan_hours(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    form: Result<Form<HoursForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let hours = form.hours.trim().replace(',', ".").parse::<f64>().ok();
    let result = match hours {
        Some(hours) => app.set_hours_per_day(user, hours).await,
        None => Err(AppError::Plan(PlanError::BadHours)),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/plan").into_response()),
        Err(error) => plan_with_error(&app, user, error).await,
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct TaskForm {
    task: String,
    done: String,
    #[serde(default)]
    back: String,
}

/// Where a form may send the user back to: a path on this app, never another site. A browser
/// drops tabs and newlines from a URL and reads `\` as `/`, so "/<TAB>/evil.example" and
/// "/\evil.example" both lead elsewhere: any control character, space or backslash, or a second
/// leading slash, sends the user to `fallback` instead.
fn back_to(back: &str, fallback: &str) -> String {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && back.len() <= 2000
        && !back
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if local { back } else { fallback }.to_owned()
}

pub(super) async fn plan_task(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    form: Result<Form<TaskForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    match app.mark_task(user, &form.task, form.done == "1").await {
        Ok(()) => Ok(Redirect::to(&back_to(&form.back, "/plan")).into_response()),
        Err(error) => plan_with_error(&app, user, error).await,
    }
}

/// The interview rounds of a job from its form: repeated `date` and `label` fields, in order.
/// Rows with no date are dropped (that is how a round is removed).
fn parse_rounds(body: &str) -> Result<(Vec<Interview>, String), String> {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut back = String::new();
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "date" => rows.push((value.trim().to_owned(), String::new())),
            "label" => {
                if let Some(row) = rows.last_mut() {
                    row.1 = value.into_owned();
                }
            }
            "back" => back = value.into_owned(),
            _ => {}
        }
    }
    let mut rounds = Vec::new();
    for (date, label) in rows {
        if date.is_empty() {
            continue;
        }
        let date = date.parse::<NaiveDate>().map_err(|_| {
            format!(
                "{:?} is not a date; give it as YYYY-MM-DD",
                date.chars().take(40).collect::<String>()
            )
        })?;
        rounds.push(Interview { date, label });
    }
    Ok((rounds, back))
}

pub(super) async fn interviews(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, PageError> {
    let id = parse_target_id(&id)?;
    let (rounds, back) = match parse_rounds(&body) {
        Ok(parsed) => parsed,
        Err(message) => {
            let page = plan_page(&app, user, Some(message)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response());
        }
    };
    match app.set_interviews(user, id, rounds).await {
        Ok(_) => Ok(Redirect::to(&back_to(&back, "/plan")).into_response()),
        Err(error) => plan_with_error(&app, user, error).await,
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct IcsQuery {
    start: Option<String>,
}

/// The plan as an iCalendar file, each day's tasks from `start` (18:00 by default).
pub(super) async fn plan_ics(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    Query(query): Query<IcsQuery>,
) -> Result<Response, PageError> {
    let start = query
        .start
        .as_deref()
        .and_then(|start| NaiveTime::parse_from_str(start, "%H:%M").ok())
        .unwrap_or(calendar::DEFAULT_START);
    let plan = app.plan(user, PlanSubject::Saved, None).await?;
    // Links in the events point back at this server, as the browser reached it.
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .filter(|host| {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .unwrap_or("127.0.0.1:7878");
    let text = calendar::plan_ics(&plan, start, &format!("http://{host}"), chrono::Utc::now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"interview-plan.ics\"",
            ),
        ],
        text,
    )
        .into_response())
}

// ---------------------------------------------------------------- progress

struct ReadinessRow {
    kind: &'static str,
    readiness: u8,
    practised: usize,
    questions: usize,
    recent: String,
}

struct TrendRow {
    date: String,
    attempts: usize,
    scores: Vec<String>,
    fillers: String,
    words: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    asset_version: &'static str,
    active: &'static str,
    attempts: usize,
    readiness: Vec<ReadinessRow>,
    readiness_chart: Option<BarChart>,
    score_chart: Option<LineChart>,
    habit_charts: Vec<LineChart>,
    score_names: Vec<&'static str>,
    trend_rows: Vec<TrendRow>,
    stories: usize,
    goal: [usize; 2],
    stories_chart: BarChart,
}

fn progress_page(progress: Progress) -> ProgressPage {
    let readiness: Vec<ReadinessRow> = progress
        .readiness
        .iter()
        .map(|row| ReadinessRow {
            kind: row.kind.label(),
            readiness: row.readiness,
            practised: row.practised,
            questions: row.questions,
            recent: row
                .recent_score
                .map_or_else(|| "—".to_owned(), |score| format!("{score:.0}")),
        })
        .collect();
    let readiness_chart = (!readiness.is_empty()).then(|| {
        bar_chart(
            "readiness-chart",
            "Readiness by interview kind (coverage of your sets × recent scores)",
            &readiness
                .iter()
                .map(|row| {
                    (
                        row.kind.to_owned(),
                        f64::from(row.readiness),
                        format!("{}%", row.readiness),
                    )
                })
                .collect::<Vec<_>>(),
            100.0,
            &[],
        )
    });
    let dates: Vec<String> = progress
        .days
        .iter()
        .map(|day| day.date.format("%-d %b").to_string())
        .collect();
    // Only the sub-scores some day has, so the legend lists nothing empty.
    let score_names: Vec<&'static str> = TREND_SCORES
        .into_iter()
        .filter(|name| {
            progress
                .days
                .iter()
                .any(|day| day.scores.contains_key(name))
        })
        .collect();
    let score_chart = (!score_names.is_empty()).then(|| {
        let series: Vec<(&str, Vec<Option<f64>>)> = score_names
            .iter()
            .map(|name| {
                (
                    *name,
                    progress
                        .days
                        .iter()
                        .map(|day| day.scores.get(name).copied())
                        .collect(),
                )
            })
            .collect();
        line_chart(
            "score-chart",
            "Scores by day (mean of the day's answers)",
            &dates,
            &series,
            100.0,
        )
    });
    let mut habit_charts = Vec::new();
    if !progress.days.is_empty() {
        let fillers: Vec<Option<f64>> = progress
            .days
            .iter()
            .map(|day| Some(day.fillers_per_100_words))
            .collect();
        let most = fillers.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
        habit_charts.push(line_chart(
            "filler-chart",
            "Filler words per 100 words",
            &dates,
            &[("fillers per 100 words", fillers)],
            // A multiple of four, so the axis reads in whole numbers.
            ((most * 1.2).max(4.0) / 4.0).ceil() * 4.0,
        ));
        let words: Vec<Option<f64>> = progress
            .days
            .iter()
            .map(|day| Some(day.mean_words))
            .collect();
        let longest = words.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
        habit_charts.push(line_chart(
            "length-chart",
            "Answer length (mean words)",
            &dates,
            &[("mean words", words)],
            ((longest * 1.2).max(100.0) / 50.0).ceil() * 50.0,
        ));
    }
    let trend_rows = progress
        .days
        .iter()
        .map(|day| TrendRow {
            date: view::day(day.date),
            attempts: day.attempts,
            scores: score_names
                .iter()
                .map(|name| {
                    day.scores
                        .get(name)
                        .map_or_else(|| "—".to_owned(), |score| format!("{score:.0}"))
                })
                .collect(),
            fillers: format!("{:.1}", day.fillers_per_100_words),
            words: format!("{:.0}", day.mean_words),
        })
        .collect();
    let [low, high] = progress.story_goal;
    let stories_chart = bar_chart(
        "stories-chart",
        "Stories written against the goal of 7 to 10",
        &[(
            "Stories".to_owned(),
            progress.stories as f64,
            format!("{} of {low}–{high}", progress.stories),
        )],
        high as f64,
        &[(low as f64, "7"), (high as f64, "10")],
    );
    ProgressPage {
        asset_version: ASSET_VERSION,
        active: "progress",
        attempts: progress.attempts,
        readiness,
        readiness_chart,
        score_chart,
        habit_charts,
        score_names,
        trend_rows,
        stories: progress.stories,
        goal: progress.story_goal,
        stories_chart,
    }
}

pub(super) async fn progress(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    html(&progress_page(app.progress(user).await?))
}

// ---------------------------------------------------------------- research

#[derive(Template)]
#[template(path = "research.html")]
struct ResearchPage {
    asset_version: &'static str,
    active: &'static str,
    target_id: TargetId,
    name: String,
    notes: ResearchNotes,
    stated_values: Vec<String>,
    saved: bool,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct SavedQuery {
    saved: Option<String>,
    target: Option<String>,
    /// The interview day's format (`video`, `phone`, `in-person`); else the round's label says.
    format: Option<String>,
}

pub(super) async fn research(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<Html<String>, PageError> {
    let id = parse_target_id(&id)?;
    let target = app.target(user, id).await?;
    html(&ResearchPage {
        asset_version: ASSET_VERSION,
        active: "targets",
        target_id: id,
        name: target.name(),
        notes: app.research(user, id).await?,
        stated_values: target.profile.values.clone(),
        saved: query.saved.is_some(),
        error: None,
    })
}

pub(super) async fn save_research(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<ResearchNotes>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(notes) = form?;
    let id = parse_target_id(&id)?;
    match app.save_research(user, id, &notes).await {
        Ok(()) => Ok(Redirect::to(&format!("/targets/{id}/research?saved=1")).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let target = app.target(user, id).await?;
            let page = ResearchPage {
                asset_version: ASSET_VERSION,
                active: "targets",
                target_id: id,
                name: target.name(),
                notes,
                stated_values: target.profile.values.clone(),
                saved: false,
                error: Some(error.to_string()),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

// ---------------------------------------------------------------- interview day

struct JobChoice {
    id: TargetId,
    name: String,
    selected: bool,
}

struct FormatChoice {
    link: String,
    label: &'static str,
    current: bool,
}

struct ChecklistRow {
    id: &'static str,
    label: &'static str,
    why: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "interview_day.html")]
struct InterviewDayPage {
    asset_version: &'static str,
    active: &'static str,
    jobs: Vec<JobChoice>,
    target: Option<TargetId>,
    heading: String,
    next: Option<String>,
    format: InterviewFormat,
    formats: Vec<FormatChoice>,
    items: Vec<ChecklistRow>,
    checked: usize,
    tips: &'static [&'static str],
    saved: bool,
}

pub(super) async fn interview_day(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<SavedQuery>,
) -> Result<Html<String>, PageError> {
    let today = app.today();
    let mut targets = Vec::new();
    for summary in app.targets(user).await? {
        targets.push(app.target(user, summary.id).await?);
    }
    let next_of = |target: &rehearse_core::target::Target| {
        target
            .interviews
            .iter()
            .find(|round| round.date >= today)
            .cloned()
    };
    // The job asked for, else the one whose interview comes first.
    let chosen = match query.target.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => Some(parse_target_id(id)?),
        None => targets
            .iter()
            .filter_map(|target| next_of(target).map(|round| (round.date, target.id)))
            .min()
            .map(|(_, id)| id),
    };
    let target = match chosen {
        Some(id) => Some(app.target(user, id).await?),
        None => None,
    };
    let next = target.as_ref().and_then(next_of);
    // The format asked for, else the one the next round's label names.
    let format = match query.format.as_deref().and_then(InterviewFormat::parse) {
        Some(format) => format,
        None => next.as_ref().map_or(InterviewFormat::Unknown, |round| {
            InterviewFormat::of_label(&round.label)
        }),
    };
    let checklist = app.checklist(user, chosen).await?;
    let items: Vec<ChecklistRow> = format
        .checklist()
        .iter()
        .map(|(id, label, why)| ChecklistRow {
            id,
            label,
            why,
            checked: checklist.checked.iter().any(|item| item == id),
        })
        .collect();
    let job = chosen.map_or_else(String::new, |id| format!("target={id}&"));
    let formats = InterviewFormat::ALL
        .iter()
        .map(|choice| FormatChoice {
            link: format!("/interview-day?{job}format={}", choice.as_str()),
            label: choice.label(),
            current: choice.as_str() == format.as_str(),
        })
        .collect();
    html(&InterviewDayPage {
        asset_version: ASSET_VERSION,
        active: "plan",
        jobs: targets
            .iter()
            .map(|job| JobChoice {
                id: job.id,
                name: job.name(),
                selected: Some(job.id) == chosen,
            })
            .collect(),
        target: chosen,
        heading: target
            .as_ref()
            .map_or_else(|| "Interview day".to_owned(), |target| target.name()),
        next: next.map(|round| {
            let label = day_label(round.date, today);
            if round.label.is_empty() {
                label
            } else {
                format!("{label} ({})", round.label)
            }
        }),
        checked: items.iter().filter(|item| item.checked).count(),
        items,
        tips: format.tips(),
        format,
        formats,
        saved: query.saved.is_some(),
    })
}

/// Saves the ticked items: repeated `item` fields, and the job (`target`, empty for none).
pub(super) async fn save_checklist(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    body: String,
) -> Result<Response, PageError> {
    let mut checked = Vec::new();
    let mut target = None;
    let mut format = None;
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "item" => checked.push(value.into_owned()),
            "target" if !value.is_empty() => target = Some(parse_target_id(&value)?),
            "format" => format = InterviewFormat::parse(&value),
            _ => {}
        }
    }
    // The other formats' ticks are kept: the form only shows one format's items.
    let mut saved = app.checklist(user, target).await?;
    if let Some(format) = format {
        saved
            .checked
            .retain(|item| !format.checklist().iter().any(|(id, _, _)| id == item));
        checked.extend(saved.checked);
    }
    app.save_checklist(user, target, Checklist { checked })
        .await?;
    let mut query = target.map_or_else(String::new, |id| format!("&target={id}"));
    if let Some(format) = format {
        query.push_str(&format!("&format={}", format.as_str()));
    }
    Ok(Redirect::to(&format!("/interview-day?saved=1{query}#checklist")).into_response())
}

// ---------------------------------------------------------------- salary

#[derive(Default)]
struct PointRow {
    source: String,
    figure: String,
    level: String,
    location: String,
}

struct ProposalView {
    range: String,
    median: String,
    script: String,
    rules: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "salary.html")]
struct SalaryPage {
    asset_version: &'static str,
    active: &'static str,
    rows: Vec<PointRow>,
    experience: String,
    currency: String,
    proposal: Option<ProposalView>,
    saved: bool,
    error: Option<String>,
}

/// Blank rows under the figures, for adding more.
const BLANK_ROWS: usize = 3;

fn salary_page(
    worksheet_rows: Vec<PointRow>,
    experience: String,
    currency: String,
    proposal: Option<rehearse_core::prep::SalaryProposal>,
    saved: bool,
    error: Option<String>,
) -> SalaryPage {
    let mut rows = worksheet_rows;
    rows.extend((0..BLANK_ROWS).map(|_| PointRow::default()));
    let proposal = proposal.map(|proposal| ProposalView {
        range: format!(
            "{} – {}",
            money(&currency, proposal.target),
            money(&currency, proposal.top)
        ),
        median: money(&currency, proposal.median),
        script: proposal.script,
        rules: proposal.rules,
    });
    SalaryPage {
        asset_version: ASSET_VERSION,
        active: "plan",
        rows,
        experience,
        currency,
        proposal,
        saved,
        error,
    }
}

fn figure_text(figure: f64) -> String {
    format!("{figure:.0}")
}

pub(super) async fn salary(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<SavedQuery>,
) -> Result<Html<String>, PageError> {
    let (worksheet, proposal) = app.salary(user).await?;
    let rows = worksheet
        .points
        .iter()
        .map(|point| PointRow {
            source: point.source.clone(),
            figure: figure_text(point.figure),
            level: point.level.clone(),
            location: point.location.clone(),
        })
        .collect();
    html(&salary_page(
        rows,
        worksheet.experience,
        worksheet.currency,
        proposal,
        query.saved.is_some(),
        None,
    ))
}

/// Saves the worksheet: rows of repeated `source`, `figure`, `level`, `location` fields (a new
/// row starts at each `source`); empty rows are skipped.
pub(super) async fn save_salary(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    body: String,
) -> Result<Response, PageError> {
    let mut rows: Vec<PointRow> = Vec::new();
    let mut experience = String::new();
    let mut currency = String::new();
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        let value = value.trim().to_owned();
        match key.as_ref() {
            "source" => rows.push(PointRow {
                source: value,
                ..PointRow::default()
            }),
            "figure" | "level" | "location" => {
                if let Some(row) = rows.last_mut() {
                    match key.as_ref() {
                        "figure" => row.figure = value,
                        "level" => row.level = value,
                        _ => row.location = value,
                    }
                }
            }
            "experience" => experience = value,
            "currency" => currency = value,
            _ => {}
        }
    }
    rows.retain(|row| {
        !(row.source.is_empty()
            && row.figure.is_empty()
            && row.level.is_empty()
            && row.location.is_empty())
    });
    let mut points = Vec::new();
    let mut error = None;
    for (number, row) in rows.iter().enumerate() {
        match parse_figure(&row.figure) {
            Some(figure) => points.push(MarketPoint {
                source: row.source.clone(),
                figure,
                level: row.level.clone(),
                location: row.location.clone(),
            }),
            None => {
                error = Some(if row.figure.is_empty() {
                    format!(
                        "row {} has no figure; give the yearly salary, e.g. 95000",
                        number + 1
                    )
                } else {
                    format!(
                        "{:?} in row {} is not a salary; give the yearly figure as a number, e.g. 95000",
                        row.figure.chars().take(40).collect::<String>(),
                        number + 1
                    )
                });
                break;
            }
        }
    }
    let result = match error {
        Some(message) => Err(AppError::BadSalary(message)),
        None => {
            app.save_salary(
                user,
                SalaryWorksheet {
                    points,
                    experience: experience.clone(),
                    currency: currency.clone(),
                },
            )
            .await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to("/salary?saved=1#proposal").into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let page = salary_page(
                rows,
                experience,
                currency,
                None,
                false,
                Some(error.to_string()),
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_are_read_in_order_and_empty_ones_dropped() {
        let (rounds, back) = parse_rounds(
            "date=2026-12-10&label=onsite&date=&label=ignored&date=2026-12-03&label=&back=%2Ftargets%2F1",
        )
        .unwrap();
        assert_eq!(back, "/targets/1");
        assert_eq!(rounds.len(), 2);
        assert_eq!(rounds[0].label, "onsite");
        assert_eq!(rounds[1].date.to_string(), "2026-12-03");
        let error = parse_rounds("date=next+week").unwrap_err();
        assert!(error.contains("YYYY-MM-DD"), "{error}");
    }

    #[test]
    fn forms_only_send_the_user_back_within_the_site() {
        assert_eq!(back_to("/", "/plan"), "/");
        assert_eq!(back_to("/targets/3", "/plan"), "/targets/3");
        assert_eq!(back_to("//evil.example", "/plan"), "/plan");
        assert_eq!(back_to("https://evil.example", "/plan"), "/plan");
        assert_eq!(back_to("/\\evil", "/plan"), "/plan");
        assert_eq!(back_to("", "/plan"), "/plan");
    }

    #[test]
    fn labels_read_naturally() {
        let today: NaiveDate = "2026-11-29".parse().unwrap();
        assert_eq!(day_label(today, today), "Today, Sun 29 Nov 2026");
        assert_eq!(
            day_label("2026-11-30".parse().unwrap(), today),
            "Tomorrow, Mon 30 Nov 2026"
        );
        assert_eq!(hours_label(1.0), "1");
        assert_eq!(hours_label(1.5), "1.5");
        assert_eq!(hours_label(0.25), "0.25");
    }
}
