//! The planner with a fixed "today".

use chrono::NaiveDate;

use super::*;
use crate::prep::InterviewFormat;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn target(id: i64, family: RoleFamily, level: Seniority, interview: &str) -> PlanTarget {
    PlanTarget {
        id: Some(TargetId(id)),
        name: format!("Job {id}"),
        company: Some(format!("Company {id}")),
        role_family: family,
        seniority: level,
        interview: date(interview),
        format: InterviewFormat::Unknown,
        story_gaps: vec!["failure".to_owned(), "conflict".to_owned()],
        asked: 0,
        questions: Vec::new(),
    }
}

fn request(targets: Vec<PlanTarget>, hours_per_day: f64) -> PlanRequest {
    PlanRequest {
        today: date("2026-12-01"),
        hours_per_day,
        targets,
        done: Vec::new(),
    }
}

/// Every planned task's title, day by day.
fn titles(plan: &Plan) -> Vec<&str> {
    plan.days
        .iter()
        .flat_map(|day| &day.tasks)
        .map(|task| task.title.as_str())
        .collect()
}

fn minutes(plan: &Plan, category: Category) -> u32 {
    plan.days
        .iter()
        .flat_map(|day| &day.tasks)
        .filter(|task| task.category == category)
        .map(|task| task.minutes)
        .sum()
}

#[test]
fn hours_follow_the_guides_bands() {
    assert_eq!(
        hour_band(RoleFamily::DataAnalysis, Seniority::Entry),
        (4.0, 8.0)
    );
    assert_eq!(
        hour_band(RoleFamily::SoftwareEngineering, Seniority::Senior),
        (8.0, 20.0)
    );
    assert_eq!(
        hour_band(RoleFamily::MlEngineering, Seniority::Entry),
        (20.0, 40.0)
    );
    assert_eq!(
        hour_band(RoleFamily::Healthcare, Seniority::Staff),
        (8.0, 20.0)
    );
}

#[test]
fn time_is_split_20_30_40_10_and_laid_out_before_the_date() {
    let plan = make_plan(&request(
        vec![target(
            1,
            RoleFamily::DataAnalysis,
            Seniority::Entry,
            "2026-12-15",
        )],
        2.0,
    ))
    .unwrap();
    assert_eq!(plan.total_hours, 6.0, "the middle of the 4–8 hour band");
    assert_eq!(plan.allocation.research, 1.2);
    assert_eq!(plan.allocation.behavioral, 1.8);
    assert_eq!(plan.allocation.technical, 2.4);
    assert_eq!(plan.allocation.logistics, 0.6);
    assert_eq!(minutes(&plan, Category::Research), 72);
    assert_eq!(minutes(&plan, Category::Technical), 144);
    for day in &plan.days {
        assert!(day.date >= date("2026-12-01") && day.date < date("2026-12-15"));
        assert!(
            day.tasks.iter().map(|t| t.minutes).sum::<u32>() <= 120,
            "{day:?}"
        );
    }
    let titles: Vec<&str> = plan
        .days
        .iter()
        .flat_map(|d| &d.tasks)
        .map(|t| t.title.as_str())
        .collect();
    assert!(titles.contains(&"Write a story: a failure and its lesson"));
    let devices = plan
        .days
        .iter()
        .find(|d| d.tasks.iter().any(|t| t.id == "1:logistics:devices"))
        .unwrap();
    assert!(
        devices.date >= date("2026-12-13"),
        "the device check is near the day: {}",
        devices.date
    );
    assert!(
        plan.cuts.is_empty() && plan.notes.is_empty(),
        "{:?}",
        plan.notes
    );
    // The same inputs, the same plan.
    assert_eq!(
        make_plan(&request(
            vec![target(
                1,
                RoleFamily::DataAnalysis,
                Seniority::Entry,
                "2026-12-15"
            )],
            2.0
        ))
        .unwrap(),
        plan
    );
}

#[test]
fn done_tasks_stay_done_and_a_missed_day_reflows() {
    let first = make_plan(&request(
        vec![target(
            1,
            RoleFamily::SoftwareEngineering,
            Seniority::Senior,
            "2026-12-10",
        )],
        1.5,
    ))
    .unwrap();
    let first_day_ids: Vec<String> = first.days[0].tasks.iter().map(|t| t.id.clone()).collect();
    // Two days later, nothing done: everything is laid out again from the new today.
    let mut later = request(
        vec![target(
            1,
            RoleFamily::SoftwareEngineering,
            Seniority::Senior,
            "2026-12-10",
        )],
        1.5,
    );
    later.today = date("2026-12-03");
    let reflowed = make_plan(&later).unwrap();
    assert!(reflowed.days.iter().all(|d| d.date >= date("2026-12-03")));
    let all: Vec<&str> = reflowed
        .days
        .iter()
        .flat_map(|d| &d.tasks)
        .map(|t| t.id.as_str())
        .chain(reflowed.cuts.iter().map(|_| ""))
        .collect();
    for id in &first_day_ids {
        assert!(
            all.contains(&id.as_str()) || !reflowed.cuts.is_empty(),
            "{id} is still planned"
        );
    }
    // Marked done: listed as done, not planned again.
    later.done = first_day_ids
        .iter()
        .map(|id| DoneTask {
            id: id.clone(),
            on: date("2026-12-01"),
        })
        .collect();
    let with_done = make_plan(&later).unwrap();
    let mut done_ids: Vec<String> = with_done.done.iter().map(|t| t.id.clone()).collect();
    let mut expected = first_day_ids.clone();
    done_ids.sort();
    expected.sort();
    assert_eq!(done_ids, expected);
    assert!(with_done.done.iter().all(|t| t.done));
    assert!(
        with_done
            .days
            .iter()
            .flat_map(|d| &d.tasks)
            .all(|t| !first_day_ids.contains(&t.id))
    );
}

#[test]
fn a_close_date_keeps_what_matters_and_says_what_was_cut() {
    let plan = make_plan(&request(
        vec![target(
            1,
            RoleFamily::SoftwareEngineering,
            Seniority::Senior,
            "2026-12-02",
        )],
        1.0,
    ))
    .unwrap();
    assert!(
        (0.75..=1.0).contains(&plan.total_hours),
        "{}",
        plan.total_hours
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.starts_with("Only today is left")),
        "{:?}",
        plan.notes
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("The guide suggests 8–20 hours")),
        "{:?}",
        plan.notes
    );
    assert_eq!(plan.days.len(), 1);
    assert!(plan.days[0].tasks.iter().map(|t| t.minutes).sum::<u32>() <= 60);
    // Stories for gaps come before more practice.
    assert!(
        plan.days[0]
            .tasks
            .iter()
            .any(|t| t.title.starts_with("Write a story")),
        "{:?}",
        plan.days[0].tasks
    );
    // The rest of the guide's hours are listed as cut, the least important first.
    let position = |start: &str| {
        plan.cuts
            .iter()
            .position(|cut| cut.starts_with(start))
            .unwrap_or_else(|| panic!("{start:?} not in {:?}", plan.cuts))
    };
    assert!(
        plan.cuts.iter().any(|cut| cut.contains("(×")),
        "repeats are grouped"
    );
    assert!(position("Practise 3 technical") < position("Practise the five most common"));
    assert!(
        position("Research Company 1: recent news") < position("Research Company 1: its products")
    );
    assert!(
        plan.days[0]
            .tasks
            .iter()
            .any(|t| t.title.starts_with("Test your camera")),
        "the device check is kept on the last day"
    );
    assert!(
        plan.notes.iter().any(|n| n.contains("cut")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn several_jobs_share_the_days() {
    let plan = make_plan(&request(
        vec![
            target(2, RoleFamily::DataScience, Seniority::Mid, "2026-12-20"),
            target(1, RoleFamily::Sales, Seniority::Entry, "2026-12-05"),
        ],
        1.0,
    ))
    .unwrap();
    for day in &plan.days {
        assert!(
            day.tasks.iter().map(|t| t.minutes).sum::<u32>() <= 60,
            "{day:?}"
        );
        for task in &day.tasks {
            if task.target == Some(TargetId(1)) {
                assert!(day.date < date("2026-12-05"), "{task:?} on {}", day.date);
            }
        }
    }
    assert!(
        plan.days
            .iter()
            .flat_map(|d| &d.tasks)
            .any(|t| t.target == Some(TargetId(2)))
    );
    // Sales: role-specific practice rather than technical questions.
    assert!(
        plan.days
            .iter()
            .flat_map(|d| &d.tasks)
            .any(|t| t.title == "Practise 4 role-specific questions from your set"),
        "{plan:#?}"
    );
}

#[test]
fn bad_requests_are_clear_errors() {
    let past = request(
        vec![target(1, RoleFamily::Sales, Seniority::Entry, "2026-11-30")],
        2.0,
    );
    assert_eq!(
        make_plan(&past),
        Err(PlanError::DateInPast {
            date: date("2026-11-30")
        })
    );
    let zero = request(
        vec![target(1, RoleFamily::Sales, Seniority::Entry, "2026-12-30")],
        0.0,
    );
    assert_eq!(make_plan(&zero), Err(PlanError::BadHours));
    assert_eq!(
        make_plan(&request(vec![], 2.0)),
        Err(PlanError::NothingToPlan)
    );
    let far = request(
        vec![target(1, RoleFamily::Sales, Seniority::Entry, "2028-12-30")],
        2.0,
    );
    assert_eq!(make_plan(&far), Err(PlanError::TooFar));
    // Today: only the essentials, and no panic.
    let today = make_plan(&request(
        vec![target(1, RoleFamily::Other, Seniority::Mid, "2026-12-01")],
        2.0,
    ))
    .unwrap();
    assert!(today.notes.iter().any(|n| n.contains("is today")));
    assert!(today.notes.iter().any(|n| n.contains("not recognised")));
}

#[test]
fn a_short_plan_keeps_the_essentials_and_the_split() {
    // Nine hours before a senior engineer's interview, where the guide suggests 8–20.
    let plan = make_plan(&request(
        vec![target(
            1,
            RoleFamily::SoftwareEngineering,
            Seniority::Senior,
            "2026-12-10",
        )],
        1.0,
    ))
    .unwrap();
    assert!(!plan.cuts.is_empty());
    let share = |hours: f64| hours / plan.total_hours;
    assert!(
        share(plan.allocation.technical) > 0.3,
        "{:?}",
        plan.allocation
    );
    assert!(
        share(plan.allocation.research) > 0.1,
        "{:?}",
        plan.allocation
    );
    assert!(
        share(plan.allocation.behavioral) > 0.2,
        "{:?}",
        plan.allocation
    );
    let titles: Vec<&str> = plan
        .days
        .iter()
        .flat_map(|d| &d.tasks)
        .map(|t| t.title.as_str())
        .collect();
    for essential in [
        "Write a story: a failure and its lesson",
        "Practise the five most common questions aloud",
        "Test your camera and microphone, and the meeting app",
        "45-minute system design drill",
    ] {
        assert!(titles.contains(&essential), "{essential:?} in {titles:?}");
    }
}

#[test]
fn drills_and_the_run_through_link_to_their_pages() {
    let plan = make_plan(&request(
        vec![target(
            3,
            RoleFamily::SoftwareEngineering,
            Seniority::Senior,
            "2027-01-20",
        )],
        3.0,
    ))
    .unwrap();
    let link_of = |title: &str| {
        plan.days
            .iter()
            .flat_map(|day| &day.tasks)
            .find(|task| task.title.starts_with(title))
            .map(|task| task.link.clone())
    };
    assert_eq!(
        link_of("45-minute system design drill").as_deref(),
        Some("/drills/system-design")
    );
    assert_eq!(
        link_of("Run through three questions aloud").as_deref(),
        Some("/mock?target=3&round=mixed")
    );
}

/// An in-person round plans the journey, not a camera test; a phone screen plans the phone; the
/// day-before tasks open the interview-day page for that format and job.
#[test]
fn the_last_day_tasks_fit_how_the_interview_is_held() {
    let last_day = |format: InterviewFormat| {
        let mut job = target(4, RoleFamily::Other, Seniority::Mid, "2026-12-05");
        job.format = format;
        let plan = make_plan(&request(vec![job], 2.0)).unwrap();
        plan.days
            .iter()
            .flat_map(|day| &day.tasks)
            .filter(|task| task.link.starts_with("/interview-day"))
            .map(|task| (task.title.clone(), task.link.clone()))
            .collect::<Vec<_>>()
    };
    let in_person = last_day(InterviewFormat::InPerson);
    assert!(
        in_person
            .iter()
            .all(|(title, _)| !title.contains("camera") && !title.contains("link")),
        "{in_person:?}"
    );
    assert!(
        in_person
            .iter()
            .any(|(title, _)| title.starts_with("Plan the journey"))
    );
    assert!(
        in_person
            .iter()
            .all(|(_, link)| link == "/interview-day?target=4&format=in-person")
    );
    let phone = last_day(InterviewFormat::Phone);
    assert!(
        phone
            .iter()
            .any(|(title, _)| title.starts_with("Test your phone")),
        "{phone:?}"
    );
    let unknown = last_day(InterviewFormat::Unknown);
    assert!(
        unknown
            .iter()
            .any(|(title, link)| title.starts_with("Test your camera")
                && link == "/interview-day?target=4"),
        "{unknown:?}"
    );
}

fn questions(kind: QuestionKind, count: usize) -> Vec<PlanQuestion> {
    (0..count)
        .map(|n| PlanQuestion {
            id: format!("{}-{n}", kind.as_str()),
            kind,
            text: format!(
                "The {n}th {} question of the set, told at some length",
                kind.as_str()
            ),
        })
        .collect()
}

/// No task is cut while a day it could go on has room for it (the last two days for the
/// day-before tasks), over many dates, daily hours and kinds of job.
#[test]
fn nothing_is_cut_while_a_day_it_could_go_on_has_room() {
    let jobs = [
        (RoleFamily::DataScience, Seniority::Mid),
        (RoleFamily::SoftwareEngineering, Seniority::Senior),
        (RoleFamily::ProductManagement, Seniority::Entry),
        (RoleFamily::Other, Seniority::Director),
    ];
    for (family, level) in jobs {
        for days in 1..=14 {
            for quarter_hours in [1_u32, 2, 3, 4, 6, 8, 10, 12, 16] {
                let mut job = target(1, family, level, "2026-12-01");
                job.interview = date("2026-12-01") + chrono::Days::new(days);
                let plan =
                    make_plan(&request(vec![job.clone()], f64::from(quarter_hours) / 4.0)).unwrap();
                let daily: u32 = quarter_hours * 15;
                let free = |day: NaiveDate| -> u32 {
                    let used: u32 = plan
                        .days
                        .iter()
                        .filter(|planned| planned.date == day)
                        .flat_map(|planned| &planned.tasks)
                        .map(|task| task.minutes)
                        .sum();
                    daily.saturating_sub(used)
                };
                let last = job.interview.pred_opt().unwrap();
                for cut in &plan.cuts {
                    let Some(minutes) = cut
                        .strip_suffix(" min)")
                        .and_then(|rest| rest.rsplit([' ', '(']).next())
                        .and_then(|number| number.parse::<u32>().ok())
                    else {
                        continue; // "(×3, 120 min)": repeats, each smaller than the total
                    };
                    let late = ["Test your camera", "Run through", "Check the time"]
                        .iter()
                        .any(|start| cut.starts_with(start));
                    let window: Vec<NaiveDate> = if late {
                        [last, last.pred_opt().unwrap()]
                            .into_iter()
                            .filter(|day| *day >= date("2026-12-01"))
                            .collect()
                    } else {
                        date("2026-12-01")
                            .iter_days()
                            .take_while(|day| *day <= last)
                            .collect()
                    };
                    let room = window.iter().find(|day| free(**day) >= minutes);
                    assert!(
                        room.is_none(),
                        "{family:?} {level:?}, {days} days at {quarter_hours}/4 h: “{cut}” cut with {} min free on {:?}",
                        free(*room.unwrap()),
                        room
                    );
                }
            }
        }
    }
}

#[test]
fn repeated_tasks_say_what_differs() {
    let mut job = target(
        1,
        RoleFamily::SoftwareEngineering,
        Seniority::Senior,
        "2026-12-31",
    );
    job.questions = [
        questions(QuestionKind::Behavioral, 12),
        questions(QuestionKind::Technical, 9),
        questions(QuestionKind::SystemDesign, 3),
    ]
    .concat();
    let plan = make_plan(&request(vec![job], 2.0)).unwrap();
    let titles = titles(&plan);
    let mut seen = std::collections::HashSet::new();
    for title in &titles {
        assert!(seen.insert(*title), "“{title}” twice: {titles:#?}");
    }
    let practice: Vec<&&str> = titles
        .iter()
        .filter(|title| title.starts_with("Practise 3 technical questions"))
        .collect();
    assert!(practice.len() >= 2, "{titles:#?}");
    assert!(
        practice[0].contains("“The 0th technical question"),
        "{}",
        practice[0]
    );
    let design = titles
        .iter()
        .find(|title| title.starts_with("45-minute system design drill"))
        .unwrap();
    assert!(
        design.contains("“The 0th system-design question"),
        "{design}"
    );
    // The task opens that question.
    let task = plan
        .days
        .iter()
        .flat_map(|day| &day.tasks)
        .find(|task| task.title == **practice[0])
        .unwrap();
    assert_eq!(task.link, "/practice?target=1&question=technical-0");
    let research: Vec<&&str> = titles
        .iter()
        .filter(|title| title.starts_with("Research Company 1"))
        .collect();
    assert!(research.len() >= 3, "{research:#?}");
}

#[test]
fn ticking_off_a_task_today_does_not_bring_back_a_cut_one() {
    let job = target(1, RoleFamily::DataScience, Seniority::Mid, "2026-12-04");
    let mut plan_request = request(vec![job], 1.0);
    let before = make_plan(&plan_request).unwrap();
    assert!(!before.cuts.is_empty(), "a close date cuts: {before:#?}");
    let first = before.days[0].tasks[0].id.clone();
    plan_request.done = vec![DoneTask {
        id: first.clone(),
        on: date("2026-12-01"),
    }];
    let after = make_plan(&plan_request).unwrap();
    assert_eq!(after.cuts, before.cuts);
    assert_eq!(after.done.len(), 1);
    let today: Vec<&str> = after.days[0]
        .tasks
        .iter()
        .map(|task| task.id.as_str())
        .collect();
    let expected: Vec<&str> = before.days[0].tasks[1..]
        .iter()
        .map(|task| task.id.as_str())
        .collect();
    assert_eq!(
        today, expected,
        "today keeps the rest of its tasks and gains none"
    );
    // Done on an earlier day, it used that day's time, not today's.
    plan_request.done[0].on = date("2026-11-30");
    let earlier = make_plan(&plan_request).unwrap();
    assert!(earlier.days[0].tasks.iter().all(|task| task.id != first));
}

#[test]
fn the_plan_names_the_interviews_it_leads_to() {
    let plan = make_plan(&request(
        vec![
            target(2, RoleFamily::DataScience, Seniority::Mid, "2026-12-20"),
            target(1, RoleFamily::DataScience, Seniority::Mid, "2026-12-10"),
        ],
        1.0,
    ))
    .unwrap();
    let names: Vec<(&str, String)> = plan
        .interviews
        .iter()
        .map(|interview| (interview.name.as_str(), interview.date.to_string()))
        .collect();
    assert_eq!(
        names,
        [
            ("Job 1", "2026-12-10".to_owned()),
            ("Job 2", "2026-12-20".to_owned())
        ]
    );
}

#[test]
fn a_small_set_is_practised_twice_at_most() {
    let mut job = target(1, RoleFamily::Sales, Seniority::Mid, "2026-12-31");
    job.questions = [
        questions(QuestionKind::Case, 1),
        questions(QuestionKind::Behavioral, 3),
    ]
    .concat();
    let plan = make_plan(&request(vec![job], 3.0)).unwrap();
    let titles = titles(&plan);
    let case = titles
        .iter()
        .filter(|title| title.contains("The 0th case question"))
        .count();
    assert!(case <= 2, "{titles:#?}");
    let cut_repeats = plan.cuts.iter().filter(|cut| cut.contains("again")).count();
    assert_eq!(cut_repeats, 0, "{:?}", plan.cuts);
}

#[test]
fn a_story_to_write_is_planned_once_for_all_jobs() {
    let plan = make_plan(&request(
        vec![
            target(1, RoleFamily::DataScience, Seniority::Mid, "2026-12-10"),
            target(2, RoleFamily::DataScience, Seniority::Mid, "2026-12-20"),
        ],
        2.0,
    ))
    .unwrap();
    let stories: Vec<&str> = plan
        .days
        .iter()
        .flat_map(|day| &day.tasks)
        .filter(|task| task.title.starts_with("Write a story"))
        .map(|task| task.title.as_str())
        .collect();
    let mut unique = stories.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(stories.len(), unique.len(), "{stories:?}");
    assert!(!stories.is_empty());
}
