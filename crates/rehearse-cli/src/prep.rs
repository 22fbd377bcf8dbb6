//! `rehearse plan`, `rehearse due` and `rehearse progress`: the run-up to the interview from the
//! terminal.

use anyhow::{Context, Result, bail};
use rehearse_app::{App, PlanSubject, calendar};
use rehearse_core::UserId;
use rehearse_core::plan::Interview;
use rehearse_core::target::TargetId;
use serde_json::json;

use crate::commands::{emit, print_json};
use crate::{JsonFlag, PlanArgs, output};

const USER: UserId = UserId::LOCAL;

/// Where the web app listens by default: calendar events link to its pages.
const ORIGIN: &str = "http://127.0.0.1:7878";

pub async fn plan(app: &App, args: PlanArgs) -> Result<()> {
    let result = make_plan(app, args).await;
    app.shutdown().await;
    result
}

async fn make_plan(app: &App, args: PlanArgs) -> Result<()> {
    for task in &args.done {
        app.mark_task(USER, task, true).await?;
    }
    for task in &args.undo {
        app.mark_task(USER, task, false).await?;
    }
    let subject = match (args.target, args.role) {
        (Some(id), _) => {
            let id = TargetId(id);
            // The date given is one of the job's interviews from now on, on every page.
            if let Some(date) = args.date {
                let target = app.target(USER, id).await?;
                if !target.interviews.iter().any(|round| round.date == date) {
                    let mut interviews = target.interviews.clone();
                    interviews.push(Interview {
                        date,
                        label: String::new(),
                    });
                    // A date in the past is refused by the planner with its own message.
                    if date >= app.today() {
                        app.set_interviews(USER, id, interviews).await?;
                    }
                }
            }
            PlanSubject::Target {
                id,
                date: args.date,
            }
        }
        (None, Some(role)) => PlanSubject::Role {
            role,
            level: args.level,
            // clap requires --date with --role.
            date: args.date.context("--role needs --date")?,
        },
        (None, None) => PlanSubject::Saved,
    };
    let plan = app.plan(USER, subject, args.hours_per_day).await?;
    // A task id that is not in the plan was a typo: take the mark back and say so.
    let known = |id: &str| {
        plan.days
            .iter()
            .flat_map(|day| &day.tasks)
            .chain(&plan.done)
            .any(|task| task.id == id)
    };
    if let Some(unknown) = args.done.iter().find(|id| !known(id.trim())) {
        app.mark_task(USER, unknown, false).await?;
        bail!(
            "there is no task {unknown:?} in this plan; `rehearse plan --json` lists each task's id"
        );
    }
    if let Some(path) = &args.ics {
        let text = calendar::plan_ics(&plan, args.start, ORIGIN, chrono::Utc::now());
        if path.as_os_str() == "-" {
            return emit(&text);
        }
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the calendar to {}", path.display()))?;
        if !args.json {
            eprintln!(
                "Wrote {} events to {}.",
                plan.days.iter().map(|day| day.tasks.len()).sum::<usize>(),
                path.display()
            );
        }
    }
    if args.json {
        print_json(&plan)
    } else {
        emit(&output::plan(&plan))
    }
}

pub async fn due(app: &App, flag: JsonFlag) -> Result<()> {
    let due = app.due(USER).await;
    app.shutdown().await;
    let due = due?;
    if flag.json {
        print_json(&json!({ "due": due }))
    } else {
        emit(&output::due(&due))
    }
}

pub async fn progress(app: &App, flag: JsonFlag) -> Result<()> {
    let progress = app.progress(USER).await;
    app.shutdown().await;
    let progress = progress?;
    if flag.json {
        print_json(&progress)
    } else {
        emit(&output::progress(&progress))
    }
}
