//! The plan as an iCalendar file (RFC 5545): one event per task, in a time block on its day, and
//! an all-day event for each interview.
//!
//! Times are "floating" (no time zone): 18:00 in the file is 18:00 wherever the calendar app is,
//! which is what a study session means. Each event's UID is the task's id, so importing a newer
//! plan moves the events that moved instead of duplicating them.

use chrono::{DateTime, NaiveTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use rehearse_core::plan::Plan;

/// When the day's first task starts unless the user says otherwise.
pub const DEFAULT_START: NaiveTime = match NaiveTime::from_hms_opt(18, 0, 0) {
    Some(time) => time,
    None => panic!("18:00 is a time"),
};

/// The plan's tasks not yet done as a calendar; each day's tasks run back to back from `start`.
/// `origin` prefixes task links ("http://127.0.0.1:7878") so events open the right page.
pub fn plan_ics(plan: &Plan, start: NaiveTime, origin: &str, stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Rehearse//Interview plan//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name("Interview preparation (Rehearse)");
    for interview in &plan.interviews {
        let link = interview.target.map_or_else(
            || "/interview-day".to_owned(),
            |id| format!("/interview-day?target={id}"),
        );
        let url = format!("{origin}{link}");
        calendar.push(
            Event::new()
                .uid(&text_value(&format!(
                    "interview-{}-{}@rehearse",
                    interview
                        .target
                        .map_or_else(|| "role".to_owned(), |id| id.to_string()),
                    interview.date
                )))
                .timestamp(stamp)
                .summary(&text_value(&format!("Interview: {}", interview.name)))
                .description(&text_value(&format!(
                    "The day's checklist and a camera and microphone check: {url}"
                )))
                .url(&text_value(&url))
                .all_day(interview.date)
                .done(),
        );
    }
    for day in &plan.days {
        let mut at = day.date.and_time(start);
        for task in &day.tasks {
            let end = at + chrono::Duration::minutes(i64::from(task.minutes));
            let url = format!("{origin}{}", task.link);
            calendar.push(
                Event::new()
                    .uid(&text_value(&format!("{}@rehearse", task.id)))
                    .timestamp(stamp)
                    .summary(&text_value(&task.title))
                    .description(&text_value(&format!(
                        "{} min of {} preparation. Open: {url}",
                        task.minutes,
                        task.category.as_str()
                    )))
                    .url(&text_value(&url))
                    .starts(at)
                    .ends(end)
                    .done(),
            );
            at = end;
        }
    }
    calendar.done().to_string()
}

/// A value made safe for one content line: every control character (CR, LF, tab, NUL, ...) is a
/// space, so nothing a user typed can end a line and start a property of its own. (The library
/// escapes commas, semicolons and backslashes; it leaves a bare CR alone.)
fn text_value(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rehearse_core::plan::{PlanRequest, PlanTarget, make_plan};
    use rehearse_core::target::TargetId;
    use rehearse_core::{RoleFamily, Seniority};

    #[test]
    fn the_calendar_parses_back_with_one_timed_event_per_task() {
        let today = "2026-11-29".parse().unwrap();
        let plan = make_plan(&PlanRequest {
            today,
            hours_per_day: 1.5,
            targets: vec![PlanTarget {
                id: Some(TargetId(4)),
                name: "Data Analyst at Acme, Inc.; \"Berlin\"".to_owned(),
                company: Some("Acme, Inc.".to_owned()),
                role_family: RoleFamily::DataAnalysis,
                seniority: Seniority::Mid,
                interview: "2026-12-06".parse().unwrap(),
                format: rehearse_core::prep::InterviewFormat::Unknown,
                story_gaps: vec!["failure".to_owned()],
                asked: 0,
                questions: Vec::new(),
            }],
            done: vec![],
        })
        .unwrap();
        let tasks: Vec<_> = plan.days.iter().flat_map(|day| &day.tasks).collect();
        assert!(tasks.len() > 5);
        let stamp = "2026-11-29T08:00:00Z".parse().unwrap();
        let text = plan_ics(&plan, DEFAULT_START, "http://127.0.0.1:7878", stamp);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rehearse//"));
        assert!(
            text.lines().all(|line| line.len() <= 75),
            "lines are folded"
        );
        assert_eq!(
            text,
            plan_ics(&plan, DEFAULT_START, "http://127.0.0.1:7878", stamp)
        );

        let parsed: Calendar = text.parse().unwrap();
        let events: Vec<&Event> = parsed.events().collect();
        assert_eq!(events.len(), tasks.len() + 1, "the tasks and the interview");
        // The interview itself, all day on its date.
        let interview = events[0];
        assert_eq!(
            interview.get_summary(),
            Some("Interview: Data Analyst at Acme, Inc.; \"Berlin\"")
        );
        assert_eq!(
            interview.get_start(),
            Some(icalendar::DatePerhapsTime::Date(
                "2026-12-06".parse().unwrap()
            ))
        );
        assert_eq!(
            interview.get_url(),
            Some("http://127.0.0.1:7878/interview-day?target=4")
        );
        let events = &events[1..];
        let first_day = &plan.days[0];
        let first = events[0];
        assert_eq!(first.get_summary(), Some(first_day.tasks[0].title.as_str()));
        assert_eq!(
            first.get_url(),
            Some(format!("http://127.0.0.1:7878{}", first_day.tasks[0].link).as_str())
        );
        let start = first_day.date.and_time(DEFAULT_START);
        assert_eq!(
            first.get_start(),
            Some(icalendar::DatePerhapsTime::from(start))
        );
        // The second task starts when the first ends.
        let end = start + chrono::Duration::minutes(i64::from(first_day.tasks[0].minutes));
        assert_eq!(first.get_end(), Some(icalendar::DatePerhapsTime::from(end)));
        if first_day.tasks.len() > 1 {
            assert_eq!(
                events[1].get_start(),
                Some(icalendar::DatePerhapsTime::from(end))
            );
        }
        let uids: std::collections::HashSet<_> =
            events.iter().filter_map(|event| event.get_uid()).collect();
        assert_eq!(uids.len(), events.len(), "every event has its own UID");
    }

    #[test]
    fn typed_control_characters_cannot_start_a_property() {
        let today = "2026-11-29".parse().unwrap();
        let plan = make_plan(&PlanRequest {
            today,
            hours_per_day: 1.5,
            targets: vec![PlanTarget {
                id: Some(TargetId(4)),
                name: "Analyst\rBEGIN:VALARM\nATTACH:http://evil.example/\r\nX-\u{7}\t".to_owned(),
                company: Some("Acme\r\nORGANIZER:mailto:evil@example.com".to_owned()),
                role_family: RoleFamily::DataAnalysis,
                seniority: Seniority::Mid,
                interview: "2026-12-06".parse().unwrap(),
                format: rehearse_core::prep::InterviewFormat::Unknown,
                story_gaps: vec![],
                asked: 0,
                questions: Vec::new(),
            }],
            done: vec![],
        })
        .unwrap();
        let stamp = "2026-11-29T08:00:00Z".parse().unwrap();
        let text = plan_ics(&plan, DEFAULT_START, "http://127.0.0.1:7878", stamp);
        // Every line ends with CRLF and no other CR, LF or control character appears.
        for line in text.split("\r\n") {
            assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
            assert!(!line.starts_with("BEGIN:VALARM"), "{line:?}");
            assert!(!line.starts_with("ATTACH:"), "{line:?}");
            assert!(!line.starts_with("ORGANIZER:"), "{line:?}");
        }
        let parsed: Calendar = text.parse().unwrap();
        assert!(parsed.events().count() > 3);
    }
}
