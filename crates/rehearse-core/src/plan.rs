//! The preparation plan: hours within the guide's band for the role and level, split 20% research,
//! 30% behavioral stories, 40% technical (or role-specific) practice and 10% logistics, laid out
//! day by day to each interview as concrete tasks that open the right page.
//!
//! Pure: "today" is given. The plan is recomputed from its inputs whenever it is shown, so a
//! missed day re-flows by itself: tasks not done are laid out again from today. Several targets
//! share the user's hours; the nearer interview is served first each day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::prep::InterviewFormat;
use crate::question::{QuestionKind, RoleFamily, Seniority};
use crate::target::TargetId;

/// What a task is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Research,
    Behavioral,
    Technical,
    Logistics,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Research,
        Category::Behavioral,
        Category::Technical,
        Category::Logistics,
    ];

    /// The guide's split of preparation time.
    pub fn share(self) -> f64 {
        match self {
            Category::Research => 0.20,
            Category::Behavioral => 0.30,
            Category::Technical => 0.40,
            Category::Logistics => 0.10,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Research => "research",
            Category::Behavioral => "behavioral",
            Category::Technical => "technical",
            Category::Logistics => "logistics",
        }
    }
}

/// One interview (a round) of a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    pub date: NaiveDate,
    /// "phone screen", "onsite"; empty when not given.
    #[serde(default)]
    pub label: String,
}

/// A job to plan for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTarget {
    /// `None` for a plan made from a role alone (no saved target).
    pub id: Option<TargetId>,
    pub name: String,
    /// The company, when the posting names it (research tasks name it).
    pub company: Option<String>,
    pub role_family: RoleFamily,
    pub seniority: Seniority,
    /// The next interview this plan prepares for, and how it is held (from its label).
    pub interview: NaiveDate,
    pub format: InterviewFormat,
    /// Story categories the bank does not cover yet (by name, e.g. "failure").
    pub story_gaps: Vec<String>,
    /// Questions a real interview asked (after a debrief), to practise first.
    pub asked: usize,
    /// The job's question set, in its order (empty for a plan from a role alone).
    pub questions: Vec<PlanQuestion>,
}

/// What to plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    pub today: NaiveDate,
    pub hours_per_day: f64,
    pub targets: Vec<PlanTarget>,
    /// Tasks already done.
    pub done: Vec<DoneTask>,
}

/// A task the user has done, and the day they did it: a task done today has used today's time,
/// so ticking it off does not free room for another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneTask {
    pub id: String,
    pub on: NaiveDate,
}

/// A question of a job's set, so that practice tasks name what to practise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
}

/// One task on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// Stable across re-plans, so "done" sticks: `{target}:{category}:{what}`.
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub category: Category,
    /// The page that does the task.
    pub link: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetId>,
    pub done: bool,
}

/// One day of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub tasks: Vec<Task>,
}

/// Hours per category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Allocation {
    pub research: f64,
    pub behavioral: f64,
    pub technical: f64,
    pub logistics: f64,
}

/// An interview the plan leads to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedInterview {
    pub date: NaiveDate,
    /// The job's name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetId>,
}

/// The plan (DESIGN.md §6 shape, plus notes, cuts and the tasks done).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The interviews it prepares for, soonest first.
    pub interviews: Vec<PlannedInterview>,
    pub total_hours: f64,
    pub allocation: Allocation,
    pub days: Vec<Day>,
    /// Tasks already done, with the day they were planned for gone.
    pub done: Vec<Task>,
    /// What was cut because the date is close, lowest priority first.
    pub cuts: Vec<String>,
    /// What the planner did that the user should know ("only today is left").
    pub notes: Vec<String>,
}

/// Why no plan can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the interview date {date} has passed; give the date of your next interview")]
    DateInPast { date: NaiveDate },
    #[error("give at least 15 minutes a day (and at most 16 hours)")]
    BadHours,
    #[error("there is nothing to plan for: give an interview date for a job")]
    NothingToPlan,
    #[error("the interview is more than a year away; plan closer to the date")]
    TooFar,
}

/// The guide's preparation hours for a role and level: (least, most).
pub fn hour_band(family: RoleFamily, seniority: Seniority) -> (f64, f64) {
    if family == RoleFamily::MlEngineering {
        return (20.0, 40.0);
    }
    match seniority {
        Seniority::Entry => (4.0, 8.0),
        // The guide names entry and senior bands; mid-level sits between them.
        Seniority::Mid => (6.0, 14.0),
        Seniority::Senior | Seniority::Staff | Seniority::Manager | Seniority::Director => {
            (8.0, 20.0)
        }
    }
}

/// When in the run-up a task belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Early,
    Any,
    Late,
}

/// A task before it has a day.
struct Pending {
    task: Task,
    phase: Phase,
    /// Lower is more important: done first within a day.
    priority: u8,
    /// Lower is kept first when time is short (see `make_plan`).
    rank: f64,
    last_day: NaiveDate,
}

fn technical_family(family: RoleFamily) -> bool {
    matches!(
        family,
        RoleFamily::SoftwareEngineering
            | RoleFamily::MlEngineering
            | RoleFamily::DataScience
            | RoleFamily::DataAnalysis
    )
}

/// The tasks for one target, to fill `minutes` per category.
fn tasks_for(target: &PlanTarget, budget: &[(Category, u32)]) -> Vec<Pending> {
    let key = target
        .id
        .map_or_else(|| "role".to_owned(), |id| id.to_string());
    let set_link = target
        .id
        .map_or_else(|| "/practice".to_owned(), |id| format!("/targets/{id}#set"));
    let practice_link = |kind: &str| match target.id {
        Some(id) => format!("/practice?target={id}&kind={kind}"),
        None => format!("/practice?kind={kind}"),
    };
    let question_link = |question: &str| match target.id {
        Some(id) => format!("/practice?target={id}&question={question}"),
        None => format!("/practice?question={question}"),
    };
    // The day-before run-through is a short mock interview of the job's questions.
    let mock_link = target.id.map_or_else(
        || "/mock?round=mixed".to_owned(),
        |id| format!("/mock?target={id}&round=mixed"),
    );
    let research_link = target.id.map_or_else(
        || "/targets/new".to_owned(),
        |id| format!("/targets/{id}/research"),
    );
    let last_day = target.interview.pred_opt().unwrap_or(target.interview);
    let company = target.company.as_deref().unwrap_or("the company");
    let mut out: Vec<Pending> = Vec::new();
    for &(category, minutes) in budget {
        let mut items: Vec<Pending> = Vec::new();
        let mut push = |category: Category,
                        what: String,
                        title: String,
                        minutes: u32,
                        link: String,
                        phase: Phase,
                        priority: u8| {
            items.push(Pending {
                task: Task {
                    id: format!("{key}:{}:{what}", category.as_str()),
                    title,
                    minutes,
                    category,
                    link,
                    target: target.id,
                    done: false,
                },
                phase,
                priority,
                rank: 0.0,
                last_day,
            });
        };
        let mut left = minutes as i64;
        let take = |left: &mut i64, want: u32| -> Option<u32> {
            if *left < 10 {
                return None;
            }
            let given = (want as i64).min(*left).max(10) as u32;
            *left -= given as i64;
            Some(given)
        };
        match category {
            Category::Research => {
                if let Some(m) = take(&mut left, 45) {
                    push(
                        category,
                        "company".into(),
                        format!("Research {company}: its products, customers and stated values"),
                        m,
                        research_link.clone(),
                        Phase::Early,
                        2,
                    );
                }
                if let Some(m) = take(&mut left, 20) {
                    push(
                        category,
                        "questions-to-ask".into(),
                        "Write three questions to ask your interviewers".into(),
                        m,
                        research_link.clone(),
                        Phase::Any,
                        3,
                    );
                }
                // Each deeper session has its own subject; time beyond them goes to the last.
                let deeper = [
                    "recent news and announcements",
                    "the team and the people you will meet",
                    "its competitors and where it stands in its market",
                    "what the role does day to day, from the posting and people in the job",
                ];
                for (n, subject) in deeper.iter().enumerate() {
                    let Some(m) = take(&mut left, 40) else {
                        break;
                    };
                    push(
                        category,
                        format!("deeper-{}", n + 1),
                        format!("Research {company}: {subject}"),
                        m,
                        research_link.clone(),
                        Phase::Any,
                        (7 + n as u8).min(9),
                    );
                }
            }
            Category::Behavioral => {
                if target.asked > 0
                    && let Some(m) = take(&mut left, 30)
                {
                    push(
                        category,
                        "asked".into(),
                        format!(
                            "Practise the {} questions your last interview asked",
                            target.asked
                        ),
                        m,
                        set_link.clone(),
                        Phase::Early,
                        0,
                    );
                }
                // Three stories, then the most common questions, then the other stories: with
                // little time, a few stories and the common questions matter most.
                let gaps: Vec<(usize, &String)> = target.story_gaps.iter().enumerate().collect();
                let (first, rest) = gaps.split_at(gaps.len().min(3));
                let steps = first
                    .iter()
                    .map(Some)
                    .chain([None])
                    .chain(rest.iter().map(Some));
                for step in steps {
                    match step {
                        Some((index, gap)) => {
                            if let Some(m) = take(&mut left, 30) {
                                push(
                                    category,
                                    format!("story-{gap}"),
                                    format!("Write a story: {}", story_label(gap)),
                                    m,
                                    format!("/stories/new?competency={gap}"),
                                    Phase::Early,
                                    if *index < 3 { 1 } else { 4 },
                                );
                            }
                        }
                        None => {
                            if let Some(m) = take(&mut left, 30) {
                                push(
                                    category,
                                    "common".into(),
                                    "Practise the five most common questions aloud".into(),
                                    m,
                                    "/practice?kind=behavioral".into(),
                                    Phase::Any,
                                    1,
                                );
                            }
                        }
                    }
                }
                let mut n = 1;
                while let Some(m) = take(&mut left, 30) {
                    let Some((picked, again)) =
                        batch(&target.questions, &[QuestionKind::Behavioral], n, 5)
                    else {
                        left += i64::from(m);
                        break;
                    };
                    let (title, link) = match picked.first() {
                        Some(first) => (
                            practice_title("behavioral", &picked, again),
                            question_link(&first.id),
                        ),
                        None => (
                            "Practise 5 behavioral questions from your set".to_owned(),
                            practice_link("behavioral"),
                        ),
                    };
                    push(
                        category,
                        format!("practice-{n}"),
                        title,
                        m,
                        link,
                        Phase::Any,
                        (4 + n as u8).min(9),
                    );
                    n += 1;
                }
            }
            Category::Technical => {
                let senior = matches!(
                    target.seniority,
                    Seniority::Senior | Seniority::Staff | Seniority::Manager | Seniority::Director
                );
                let design = matches!(
                    target.role_family,
                    RoleFamily::SoftwareEngineering
                        | RoleFamily::MlEngineering
                        | RoleFamily::EngineeringManagement
                ) && senior;
                let case = matches!(
                    target.role_family,
                    RoleFamily::ProductManagement
                        | RoleFamily::Operations
                        | RoleFamily::Finance
                        | RoleFamily::Design
                );
                let mut n = 1;
                let mut practice_number = 0;
                let mut drills = 0;
                while left >= 10 {
                    let drill_of =
                        |kind: QuestionKind, drills: &mut usize, path: &str, title: &str| {
                            *drills += 1;
                            let (picked, again) = batch(&target.questions, &[kind], *drills, 1)?;
                            Some(match picked.first() {
                                Some(question) => (
                                    format!(
                                        "{title}{}: {}",
                                        if again { " again" } else { "" },
                                        quote(question)
                                    ),
                                    format!("{path}?question={}", question.id),
                                ),
                                None => (title.to_owned(), path.to_owned()),
                            })
                        };
                    let (what, title, want, link) = if design && n % 3 == 2 {
                        let Some((title, link)) = drill_of(
                            QuestionKind::SystemDesign,
                            &mut drills,
                            "/drills/system-design",
                            "45-minute system design drill",
                        ) else {
                            break;
                        };
                        ("design", title, 45, link)
                    } else if case && n % 3 == 2 {
                        let Some((title, link)) = drill_of(
                            QuestionKind::Case,
                            &mut drills,
                            "/drills/case",
                            "Work one case study through, timed",
                        ) else {
                            break;
                        };
                        ("case", title, 40, link)
                    } else {
                        practice_number += 1;
                        let (what, kinds, size): (&str, &[QuestionKind], usize) =
                            if technical_family(target.role_family) {
                                ("technical", &[QuestionKind::Technical], 3)
                            } else {
                                (
                                    "role-specific",
                                    &[
                                        QuestionKind::Technical,
                                        QuestionKind::Case,
                                        QuestionKind::TakeHome,
                                    ],
                                    4,
                                )
                            };
                        let Some((picked, again)) =
                            batch(&target.questions, kinds, practice_number, size)
                        else {
                            break;
                        };
                        match picked.first() {
                            Some(first) => (
                                "practice",
                                practice_title(what, &picked, again),
                                40,
                                question_link(&first.id),
                            ),
                            None if technical_family(target.role_family) => (
                                "practice",
                                "Practise 3 technical questions from your set".to_owned(),
                                40,
                                practice_link("technical"),
                            ),
                            None => (
                                "practice",
                                "Practise 4 role-specific questions from your set".to_owned(),
                                40,
                                set_link.clone(),
                            ),
                        }
                    };
                    let Some(m) = take(&mut left, want) else {
                        break;
                    };
                    push(
                        category,
                        format!("{what}-{n}"),
                        title,
                        m,
                        link,
                        Phase::Any,
                        // Repeats interleave with behavioral practice when time is cut.
                        if n == 1 { 2 } else { (3 + n as u8).min(9) },
                    );
                    n += 1;
                }
            }
            Category::Logistics => {
                let (devices, route) = match target.format {
                    InterviewFormat::Unknown => (
                        "Test your camera and microphone, and the meeting app",
                        "Check the time, the link or the route, and lay out what you need",
                    ),
                    InterviewFormat::Video => (
                        "Test your camera and microphone, and the meeting app",
                        "Check the time and the link, and lay out what you need",
                    ),
                    InterviewFormat::Phone => (
                        "Test your phone: charge, signal and a quiet room",
                        "Check the time and the number they call from, and lay out your notes",
                    ),
                    InterviewFormat::InPerson => (
                        "Plan the journey: the address, the entrance and when to leave",
                        "Check the time and the address, and lay out what you will wear and bring",
                    ),
                };
                let day_page = match (target.id, target.format) {
                    (Some(id), InterviewFormat::Unknown) => format!("/interview-day?target={id}"),
                    (Some(id), format) => {
                        format!("/interview-day?target={id}&format={}", format.as_str())
                    }
                    (None, InterviewFormat::Unknown) => "/interview-day".to_owned(),
                    (None, format) => format!("/interview-day?format={}", format.as_str()),
                };
                if let Some(m) = take(&mut left, 15) {
                    push(
                        category,
                        "devices".into(),
                        devices.into(),
                        m,
                        day_page.clone(),
                        Phase::Late,
                        0,
                    );
                }
                if let Some(m) = take(&mut left, 30) {
                    push(
                        category,
                        "run-through".into(),
                        "Run through three questions aloud, timed, as if it were the day".into(),
                        m,
                        mock_link.clone(),
                        Phase::Late,
                        2,
                    );
                }
                if let Some(m) = take(&mut left, 15) {
                    push(
                        category,
                        "salary".into(),
                        "Note your salary range and the script".into(),
                        m,
                        "/salary".into(),
                        Phase::Any,
                        6,
                    );
                }
                if let Some(m) = take(&mut left, 15) {
                    push(
                        category,
                        "route".into(),
                        route.into(),
                        m,
                        day_page,
                        Phase::Late,
                        3,
                    );
                }
            }
        }
        // Minutes left over (too few for a task of their own, or more than the category's
        // distinct tasks need) are shared among its tasks, so the plan adds up to its budget
        // without one task swelling or a task repeating.
        if left > 0 && !items.is_empty() {
            let count = items.len() as i64;
            for (index, item) in items.iter_mut().enumerate() {
                let share = left / count + i64::from((index as i64) < left % count);
                item.task.minutes += share as u32;
            }
        }
        out.extend(items);
    }
    out
}

/// The `n`th (from 1) batch of `size` questions of `kind` in the set, going round again when the
/// set runs out, and whether it is a second pass.
///
/// `None` once the set has been gone through twice: a third round of the same few questions
/// ("a language-learning app case" four times) is not worth the time, so the plan stops there and
/// gives the minutes to the category's other tasks.
fn batch<'a>(
    questions: &'a [PlanQuestion],
    kinds: &[QuestionKind],
    n: usize,
    size: usize,
) -> Option<(Vec<&'a PlanQuestion>, bool)> {
    let of_kind: Vec<&PlanQuestion> = questions
        .iter()
        .filter(|question| kinds.contains(&question.kind))
        .collect();
    if of_kind.is_empty() {
        return Some((Vec::new(), false));
    }
    let start = (n - 1) * size;
    if start >= 2 * of_kind.len() {
        return None;
    }
    let picked = (start..start + size.min(of_kind.len()))
        .map(|index| of_kind[index % of_kind.len()])
        .collect();
    Some((picked, start >= of_kind.len()))
}

/// "Practise 3 technical questions: “Explain SQL window functions…”, …", naming the questions
/// so that repeated practice says what differs.
fn practice_title(what: &str, picked: &[&PlanQuestion], again: bool) -> String {
    let quotes: Vec<String> = picked.iter().map(|question| quote(question)).collect();
    format!(
        "Practise {} {what} {}{}: {}",
        picked.len(),
        if picked.len() == 1 {
            "question"
        } else {
            "questions"
        },
        if again { " again" } else { "" },
        quotes.join(", ")
    )
}

/// A question's opening words in quotes, cut at 45 characters.
fn quote(question: &PlanQuestion) -> String {
    let text = question.text.trim();
    match text.char_indices().nth(45) {
        Some((cut, _)) => format!("“{}…”", text[..cut].trim_end()),
        None => format!("“{text}”"),
    }
}

fn story_label(name: &str) -> String {
    crate::story_bank::label(name).to_lowercase()
}

/// Makes the plan.
pub fn make_plan(request: &PlanRequest) -> Result<Plan, PlanError> {
    if !(0.25..=16.0).contains(&request.hours_per_day) || !request.hours_per_day.is_finite() {
        return Err(PlanError::BadHours);
    }
    if request.targets.is_empty() {
        return Err(PlanError::NothingToPlan);
    }
    if let Some(past) = request.targets.iter().find(|t| t.interview < request.today) {
        return Err(PlanError::DateInPast {
            date: past.interview,
        });
    }
    let horizon = request
        .targets
        .iter()
        .map(|target| target.interview)
        .max()
        .unwrap_or(request.today);
    if (horizon - request.today).num_days() > 366 {
        return Err(PlanError::TooFar);
    }
    let daily_minutes = (request.hours_per_day * 60.0).round() as u32;
    let mut notes = Vec::new();
    let mut cuts = Vec::new();
    let mut allocation = Allocation::default();
    let mut pending: Vec<Pending> = Vec::new();

    // Nearer interviews first: they get the days they need before the later ones.
    let mut targets = request.targets.clone();
    targets.sort_by_key(|target| target.interview);
    for target in &targets {
        let (low, high) = hour_band(target.role_family, target.seniority);
        let days = (target.interview - request.today).num_days().max(0) as f64;
        // The interview day itself is not for preparing; with no day left, today is all there is.
        let prep_days = days.max(1.0);
        if days == 0.0 {
            notes.push(format!(
                "The interview for {} is today: only the essentials are listed.",
                target.name
            ));
        } else if days == 1.0 {
            notes.push(format!(
                "Only today is left before the interview for {}: do these first, in order.",
                target.name
            ));
        }
        let available = prep_days * request.hours_per_day;
        if available < low {
            notes.push(format!(
                "The guide suggests {low:.0}–{high:.0} hours for this role; {available:.1} are left before {}, so the plan keeps what matters most and lists what it cut.",
                target.interview
            ));
        }
        let budget = |hours: f64| -> Vec<(Category, u32)> {
            Category::ALL
                .iter()
                .map(|category| (*category, (hours * 60.0 * category.share()).round() as u32))
                .collect()
        };
        // Each task's place in the order of what is kept when time is short: the essentials
        // first, then every category in turn in proportion to its share, so whatever is kept
        // still follows the guide's split.
        let mut tasks = tasks_for(target, &budget((low + high) / 2.0));
        let mut spent = [0_u32; 4];
        for item in &mut tasks {
            let slot = Category::ALL
                .iter()
                .position(|category| *category == item.task.category)
                .unwrap_or(0);
            item.rank = if item.priority <= 1 {
                0.0
            } else {
                1.0 + f64::from(spent[slot]) / item.task.category.share()
            };
            spent[slot] += item.task.minutes;
        }
        // The story bank is one for all jobs: a story to write is planned once, for the nearest
        // interview (targets are in date order here).
        let story_of = |id: &str| {
            id.split_once(":behavioral:story-")
                .map(|(_, gap)| gap.to_owned())
        };
        tasks.retain(|item| {
            story_of(&item.task.id).is_none_or(|gap| {
                !pending
                    .iter()
                    .any(|planned| story_of(&planned.task.id).as_deref() == Some(gap.as_str()))
            })
        });
        pending.extend(tasks);
    }
    if request
        .targets
        .iter()
        .all(|target| target.role_family == RoleFamily::Other)
    {
        notes.push("The role was not recognised, so the plan is for a general role; correct the role on the job's page for a closer plan.".to_owned());
    }

    let done_on = |id: &str| {
        request
            .done
            .iter()
            .find(|done| done.id == id)
            .map(|done| done.on)
    };
    // What was done today has used today's time.
    let done_today: i64 = pending
        .iter()
        .filter(|item| done_on(&item.task.id) == Some(request.today))
        .map(|item| i64::from(item.task.minutes))
        .sum();
    let (done, mut pending): (Vec<Pending>, Vec<Pending>) = pending
        .into_iter()
        .partition(|item| done_on(&item.task.id).is_some());
    let done: Vec<Task> = done
        .into_iter()
        .map(|mut item| {
            item.task.done = true;
            item.task
        })
        .collect();

    // Choose what fits, most important first, as long as every deadline can still be met (the
    // minutes due by each interview never exceed the minutes there are before it).
    let capacity_until = |last: NaiveDate| -> i64 {
        ((last.max(request.today) - request.today).num_days() + 1) * i64::from(daily_minutes)
            - done_today
    };
    pending.sort_by(|a, b| {
        a.rank
            .total_cmp(&b.rank)
            .then(a.priority.cmp(&b.priority))
            .then(a.last_day.cmp(&b.last_day))
    });
    let mut kept: Vec<Pending> = Vec::new();
    let mut unplaced: Vec<Pending> = Vec::new();
    for item in pending {
        let fits = kept
            .iter()
            .map(|kept| kept.last_day)
            .chain([item.last_day])
            .filter(|deadline| *deadline >= item.last_day)
            .all(|deadline| {
                let due: i64 = kept
                    .iter()
                    .filter(|kept| kept.last_day <= deadline)
                    .map(|kept| i64::from(kept.task.minutes))
                    .sum();
                due + i64::from(item.task.minutes) <= capacity_until(deadline)
            });
        if fits {
            kept.push(item);
        } else {
            unplaced.push(item);
        }
    }
    let mut pending = kept;

    // Lay out, nearest interview first: its tasks take the days they need before the next
    // interview's tasks fill what is left. Each day takes the tasks that fit its capacity and
    // phase, in two passes: first one task of each kind per job, so a day mixes stories, research
    // and practice; then whatever else fits.
    pending.sort_by(|a, b| {
        a.last_day
            .cmp(&b.last_day)
            .then(a.phase.cmp(&b.phase))
            .then(a.priority.cmp(&b.priority))
    });
    let mut schedule: std::collections::BTreeMap<NaiveDate, (i64, Vec<Task>)> =
        std::collections::BTreeMap::new();
    let mut date = request.today;
    while date <= horizon {
        let left = if date == request.today {
            (i64::from(daily_minutes) - done_today).max(0)
        } else {
            i64::from(daily_minutes)
        };
        schedule.insert(date, (left, Vec::new()));
        date = match date.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    while let Some(first) = pending.first() {
        let deadline = first.last_day;
        let split = pending
            .iter()
            .position(|item| item.last_day != deadline)
            .unwrap_or(pending.len());
        let mut group: Vec<Pending> = pending.drain(..split).collect();
        let last = deadline.max(request.today);
        // Tasks for the last days ("test your camera") take their room first, from the last day
        // back, so earlier work filling those days cannot push them out.
        let mut index = 0;
        while index < group.len() {
            if group[index].phase != Phase::Late {
                index += 1;
                continue;
            }
            let minutes = i64::from(group[index].task.minutes);
            let slot = [
                Some(last),
                last.pred_opt().filter(|day| *day >= request.today),
            ]
            .into_iter()
            .flatten()
            .find(|day| {
                schedule
                    .get(day)
                    .is_some_and(|(capacity, _)| minutes <= *capacity)
            });
            match slot.and_then(|day| schedule.get_mut(&day)) {
                Some((capacity, tasks)) => {
                    *capacity -= minutes;
                    tasks.push(group.remove(index).task);
                }
                None => index += 1,
            }
        }
        let mut date = request.today;
        while date <= last && !group.is_empty() {
            let Some((capacity, tasks)) = schedule.get_mut(&date) else {
                break;
            };
            for varied in [true, false] {
                let mut index = 0;
                while index < group.len() {
                    let item = &group[index];
                    let phase_fits = match item.phase {
                        Phase::Late => (last - date).num_days() <= 1,
                        _ => true,
                    };
                    // The first pass is for what matters; the extras wait for the second.
                    let repeat = varied
                        && (item.priority > 5
                            || tasks.iter().any(|task| {
                                task.category == item.task.category
                                    && task.target == item.task.target
                            }));
                    if phase_fits && !repeat && i64::from(item.task.minutes) <= *capacity {
                        *capacity -= i64::from(item.task.minutes);
                        tasks.push(group.remove(index).task);
                    } else {
                        index += 1;
                    }
                }
            }
            date = match date.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        unplaced.extend(group);
    }
    // Blocks rarely fill a day exactly: what is left of each day takes the most important task
    // that did not make the cut and still fits.
    unplaced.sort_by(|a, b| a.rank.total_cmp(&b.rank).then(a.priority.cmp(&b.priority)));
    let mut index = 0;
    while index < unplaced.len() {
        let item = &unplaced[index];
        let last = item.last_day.max(request.today);
        let slot = schedule
            .range_mut(request.today..=last)
            .find(|(date, (capacity, _))| {
                let phase_fits = item.phase != Phase::Late || (last - **date).num_days() <= 1;
                phase_fits && i64::from(item.task.minutes) <= *capacity
            });
        match slot {
            Some((_, (capacity, tasks))) => {
                *capacity -= i64::from(item.task.minutes);
                tasks.push(unplaced.remove(index).task);
            }
            None => index += 1,
        }
    }
    let days: Vec<Day> = schedule
        .into_iter()
        .filter(|(_, (_, tasks))| !tasks.is_empty())
        .map(|(date, (_, tasks))| Day { date, tasks })
        .collect();
    // Whatever did not fit is cut, least important first in the list.
    unplaced.sort_by(|a, b| b.rank.total_cmp(&a.rank).then(b.priority.cmp(&a.priority)));
    let unplaced_count = unplaced.len();
    // Repeats of one task are listed once: "Practise 3 technical questions (×4, 160 min)".
    let mut grouped: Vec<(&str, u32, u32)> = Vec::new();
    for item in &unplaced {
        match grouped
            .iter_mut()
            .find(|(title, _, _)| *title == item.task.title)
        {
            Some((_, count, minutes)) => {
                *count += 1;
                *minutes += item.task.minutes;
            }
            None => grouped.push((&item.task.title, 1, item.task.minutes)),
        }
    }
    for (title, count, minutes) in grouped {
        cuts.push(if count == 1 {
            format!("{title} ({minutes} min)")
        } else {
            format!("{title} (×{count}, {minutes} min)")
        });
    }
    if !cuts.is_empty() {
        notes.push(format!(
            "{} task{} did not fit before the date and {} cut, least important first in the list.",
            unplaced_count,
            if unplaced_count == 1 { "" } else { "s" },
            if unplaced_count == 1 { "is" } else { "are" }
        ));
    }
    // The hours planned: the tasks laid out and those already done.
    for task in days.iter().flat_map(|day| &day.tasks).chain(&done) {
        let hours = f64::from(task.minutes) / 60.0;
        match task.category {
            Category::Research => allocation.research += hours,
            Category::Behavioral => allocation.behavioral += hours,
            Category::Technical => allocation.technical += hours,
            Category::Logistics => allocation.logistics += hours,
        }
    }
    let total_hours =
        allocation.research + allocation.behavioral + allocation.technical + allocation.logistics;
    Ok(Plan {
        interviews: targets
            .iter()
            .map(|target| PlannedInterview {
                date: target.interview,
                name: target.name.clone(),
                target: target.id,
            })
            .collect(),
        total_hours,
        allocation,
        days,
        done,
        cuts,
        notes,
    })
}

#[cfg(test)]
mod tests;
