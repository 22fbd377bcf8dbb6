//! Human-readable terminal output, built as text and written by the caller. Colour only when
//! stdout is a terminal and `NO_COLOR` is unset; `--json` output never comes through here.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::OnceLock;

use rehearse_app::PracticeSubject;
use rehearse_core::analysis::{Analysis, Severity, StarPart};
use rehearse_core::posting::JobProfile;
use rehearse_core::question_set::QuestionSet;
use rehearse_core::target::{TargetId, TargetSummary};
use rehearse_core::{Attempt, AttemptSummary, Question};

fn colour_enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED
        .get_or_init(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none())
}

/// Wraps `text` in an SGR code when colour is on.
fn paint(code: &str, text: &str) -> String {
    if colour_enabled() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

fn bold(text: &str) -> String {
    paint("1", text)
}

fn dim(text: &str) -> String {
    paint("2", text)
}

fn part_colour(part: StarPart) -> &'static str {
    match part {
        StarPart::Situation => "34",
        StarPart::Task => "35",
        StarPart::Action => "32",
        StarPart::Result => "33",
        StarPart::Reflection => "36",
        StarPart::Other => "2",
    }
}

pub fn clock(seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Cuts to `max` characters on a character boundary.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text.to_owned(),
    }
}

pub fn questions(questions: &[&Question]) -> String {
    let mut out = String::new();
    for question in questions {
        writeln!(
            out,
            "{}  {}  {}",
            bold(question.id.as_str()),
            dim(question.kind.as_str()),
            question.text
        )
        .ok();
    }
    writeln!(
        out,
        "{}",
        dim(&format!(
            "{} question{}",
            questions.len(),
            if questions.len() == 1 { "" } else { "s" }
        ))
    )
    .ok();
    out
}

pub fn question_prompt(question: &PracticeSubject) -> String {
    let mut out = String::new();
    writeln!(out, "{}  {}", dim(question.kind.label()), dim(&question.id)).ok();
    writeln!(out, "\n{}\n", bold(&question.text)).ok();
    if let Some(tests) = &question.tests {
        writeln!(out, "{}", dim(&format!("What it tests: {tests}"))).ok();
    }
    if let Some(why) = &question.why {
        writeln!(out, "{}", dim(&format!("Why it is in your set: {why}"))).ok();
    }
    writeln!(out).ok();
    out
}

/// A question set: what was read from the posting, then the questions with why and where from.
pub fn question_set(set: &QuestionSet, profile: &JobProfile, saved: Option<TargetId>) -> String {
    let mut out = String::new();
    let title = set.target.title.as_deref().unwrap_or("(no title found)");
    writeln!(out, "{}", bold(title)).ok();
    let mut facts = vec![
        set.target.role_family.label().to_owned(),
        set.target.seniority.label().to_owned(),
    ];
    if let Some(company) = &profile.company {
        facts.insert(0, company.clone());
    }
    writeln!(out, "{}", dim(&facts.join(" · "))).ok();
    if !set.target.skills.is_empty() {
        writeln!(out, "Skills: {}", set.target.skills.join(", ")).ok();
    }
    for note in &profile.notes {
        writeln!(out, "{}", paint("33", &format!("Note: {note}"))).ok();
    }
    writeln!(out).ok();
    for (number, question) in set.questions.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {}  {}",
            number + 1,
            bold(&question.text),
            dim(&format!("[{} · {}]", question.kind.as_str(), question.id))
        )
        .ok();
        writeln!(out, "    {}", dim(&question.why)).ok();
        if let Some(quote) = &question.source.quote {
            writeln!(out, "    {}", dim(&format!("“{}”", cut(quote, 110)))).ok();
        }
    }
    if let Some(id) = saved {
        writeln!(out, "\nSaved as target {id}. Practise a question with: rehearse practice --target {id} --question ID").ok();
    }
    out
}

pub fn targets(targets: &[TargetSummary]) -> String {
    let mut out = String::new();
    if targets.is_empty() {
        writeln!(
            out,
            "No targets yet. Make one with: rehearse questions --jd posting.txt --save"
        )
        .ok();
        return out;
    }
    writeln!(
        out,
        "{}",
        bold(&format!(
            "{:>4}  {:<22} {:<12} {:>9}  job",
            "id", "role", "level", "questions"
        ))
    )
    .ok();
    for target in targets {
        writeln!(
            out,
            "{:>4}  {:<22} {:<12} {:>9}  {}",
            target.id,
            target.role_family.label(),
            target.seniority.label(),
            target.questions,
            cut(&target.name, 60)
        )
        .ok();
    }
    out
}

pub fn attempts(attempts: &[AttemptSummary]) -> String {
    let mut out = String::new();
    if attempts.is_empty() {
        writeln!(out, "No answers yet. Start with: rehearse practice").ok();
        return out;
    }
    writeln!(
        out,
        "{}",
        bold(&format!(
            "{:>5}  {:<17}  {:>5}  question",
            "id", "when (UTC)", "score"
        ))
    )
    .ok();
    for attempt in attempts {
        let score = attempt
            .score
            .map_or_else(|| "-".to_owned(), |score| score.to_string());
        writeln!(
            out,
            "{:>5}  {:<17}  {:>5}  {}",
            attempt.id,
            attempt.created_at.format("%Y-%m-%d %H:%M"),
            score,
            cut(&attempt.question_text, 70)
        )
        .ok();
    }
    out
}

pub fn attempt(attempt: &Attempt) -> String {
    let mut out = String::new();
    writeln!(out, "{}", bold(&attempt.question_text)).ok();
    writeln!(
        out,
        "{}\n",
        dim(&format!(
            "answer {} · {} UTC",
            attempt.id,
            attempt.created_at.format("%Y-%m-%d %H:%M")
        ))
    )
    .ok();
    out.push_str(&analysis(&attempt.answer, &attempt.analysis));
    out
}

/// The feedback on one answer: figures, STAR parts, the answer sentence by sentence, findings.
/// "Said at 142 words a minute · first word after 0.8 s · 3 pauses of 1 s or more (longest 2.4 s)
/// · 2.1 fillers a minute · heard by openai:whisper-1".
fn speech_line(speech: &rehearse_core::speech::Speech) -> String {
    let pauses = match (speech.pauses.len(), speech.longest_pause()) {
        (0, _) | (_, None) => "no pause of 1 s or more".to_owned(),
        (1, Some(longest)) => format!(
            "1 pause of {:.1} s",
            f64::from(longest.length_ms()) / 1000.0
        ),
        (count, Some(longest)) => format!(
            "{count} pauses of 1 s or more (longest {:.1} s)",
            f64::from(longest.length_ms()) / 1000.0
        ),
    };
    let mut line = format!(
        "Said at {:.0} words a minute · first word after {:.1} s · {pauses} · {:.1} fillers a minute",
        speech.words_per_minute,
        f64::from(speech.time_to_first_word_ms) / 1000.0,
        speech.fillers_per_minute
    );
    if let Some(voice) = speech.voice {
        line.push_str(&format!(
            " · pitch moves {:.1} semitones",
            voice.pitch_variation_semitones
        ));
    }
    line.push_str(&format!(" · heard by {}", speech.engine));
    dim(&line)
}

pub fn analysis(answer: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    let mut headline = format!(
        "{} answer · {} words · {} {} spoken",
        analysis.kind.label(),
        analysis.word_count,
        if analysis.speech.is_some() {
            ""
        } else {
            "about"
        },
        clock(analysis.speaking_seconds)
    )
    .replace("  ", " ");
    if let Some(target) = analysis.target_seconds {
        headline.push_str(&format!(
            " (target {}–{})",
            clock(target.min),
            clock(target.max)
        ));
    }
    writeln!(out, "{}", bold(&headline)).ok();
    if let Some(speech) = &analysis.speech {
        writeln!(out, "{}", speech_line(speech)).ok();
    }
    match &analysis.scores {
        Some(scores) => {
            let parts: Vec<String> = scores
                .named()
                .iter()
                .map(|(name, score)| format!("{name} {score}"))
                .collect();
            writeln!(
                out,
                "Score {}/100  {}",
                bold(&scores.overall.to_string()),
                dim(&parts.join(" · "))
            )
            .ok();
        }
        None => {
            writeln!(out, "Not scored: see below.").ok();
        }
    }

    if analysis.kind == rehearse_core::QuestionKind::Behavioral {
        let parts: Vec<String> = analysis
            .star
            .parts()
            .iter()
            .map(|(part, stats)| {
                if stats.present {
                    paint(
                        part_colour(*part),
                        &format!("✓ {} {:.0}%", part.label(), stats.share * 100.0),
                    )
                } else {
                    paint("31", &format!("✗ {}", part.label()))
                }
            })
            .collect();
        writeln!(out, "\nSTAR  {}", parts.join("   ")).ok();
        writeln!(out).ok();
        for sentence in &analysis.sentences {
            let text = answer.get(sentence.start..sentence.end).unwrap_or_default();
            writeln!(
                out,
                "  {} {}",
                paint(
                    part_colour(sentence.part),
                    &format!("{:<10}", sentence.part.as_str())
                ),
                text
            )
            .ok();
        }
    }

    if let Some(steps) = &analysis.steps {
        let covered = steps.iter().filter(|step| step.covered).count();
        writeln!(out, "\nSteps covered: {covered} of {}", steps.len()).ok();
        for step in steps {
            let name = step.name.replace('_', " ");
            let line = if step.covered {
                paint("32", &format!("  ✓ {name}"))
            } else {
                paint("31", &format!("  ✗ {name}"))
            };
            writeln!(out, "{line}").ok();
        }
    }

    if let Some(points) = &analysis.key_points {
        let covered = points.iter().filter(|point| point.covered).count();
        writeln!(out, "\nKey points covered: {covered} of {}", points.len()).ok();
    }

    if !analysis.findings.is_empty() {
        writeln!(out, "\n{}", bold("Feedback")).ok();
        let mut findings: Vec<_> = analysis.findings.iter().collect();
        findings.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
        for finding in findings {
            let (mark, colour) = match finding.severity {
                Severity::Major => ("!!", "31"),
                Severity::Warn => ("! ", "33"),
                Severity::Info => ("- ", "2"),
                Severity::Strength => ("+ ", "32"),
            };
            writeln!(out, "{} {}", paint(colour, mark), finding.message).ok();
            if !finding.quote.is_empty() {
                writeln!(
                    out,
                    "     {}",
                    dim(&format!("“{}”", cut(&finding.quote, 110)))
                )
                .ok();
            }
            if let Some(suggestion) = &finding.suggestion {
                writeln!(out, "     Try: {suggestion}").ok();
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------------ stories

use rehearse_app::FlexQuestion;
use rehearse_core::story_bank::claims::{ClaimReport, ClaimStatus};
use rehearse_core::story_bank::coverage::Coverage;
use rehearse_core::story_bank::drafts::StoryDraft;
use rehearse_core::story_bank::fit::{Fit, StoryMatch};
use rehearse_core::story_bank::{GOAL_MAX, GOAL_MIN, Story};

pub fn stories(stories: &[Story]) -> String {
    let mut out = String::new();
    if stories.is_empty() {
        writeln!(
            out,
            "No stories yet. Write one with: rehearse stories add (or import a file: rehearse stories import FILE)"
        )
        .ok();
        return out;
    }
    for story in stories {
        let words = story.fields.telling().split_whitespace().count();
        writeln!(
            out,
            "{:>4}  {}  {}",
            story.id,
            bold(&cut(&story.fields.title, 60)),
            dim(&format!(
                "{} · {words} words",
                if story.fields.competencies.is_empty() {
                    "no competencies yet".to_owned()
                } else {
                    story.fields.competencies.join(", ")
                }
            ))
        )
        .ok();
    }
    writeln!(
        out,
        "{}",
        dim(&format!(
            "{} of the {GOAL_MIN}–{GOAL_MAX} stories to aim for",
            stories.len()
        ))
    )
    .ok();
    out
}

pub fn story(
    story: &Story,
    suggested: &[&str],
    claims: &ClaimReport,
    flex: &[FlexQuestion],
) -> String {
    let mut out = String::new();
    let fields = &story.fields;
    writeln!(out, "{}", bold(&fields.title)).ok();
    let mut facts = Vec::new();
    if let Some(when) = &fields.when {
        facts.push(when.clone());
    }
    if let Some(role) = &fields.resume_role {
        facts.push(role.clone());
    }
    if !facts.is_empty() {
        writeln!(out, "{}", dim(&facts.join(" · "))).ok();
    }
    for part in rehearse_core::story_bank::PARTS {
        let text = fields.part(part);
        if !text.is_empty() {
            let mut label = (*part).to_owned();
            label[..1].make_ascii_uppercase();
            writeln!(out, "\n{}\n{text}", bold(&label)).ok();
        }
    }
    writeln!(out).ok();
    if fields.competencies.is_empty() {
        writeln!(out, "Competencies: none yet").ok();
    } else {
        writeln!(out, "Competencies: {}", fields.competencies.join(", ")).ok();
    }
    let unconfirmed: Vec<&str> = suggested
        .iter()
        .copied()
        .filter(|name| !fields.competencies.iter().any(|c| c == name))
        .collect();
    if !unconfirmed.is_empty() {
        writeln!(
            out,
            "{}",
            dim(&format!(
                "Its words also suggest: {}",
                unconfirmed.join(", ")
            ))
        )
        .ok();
    }
    let seconds = fields.telling().split_whitespace().count() as f64 * 60.0
        / rehearse_core::analysis::WORDS_PER_MINUTE;
    writeln!(out, "Told aloud: about {}", clock(seconds)).ok();
    for number in claims.unconfirmed() {
        writeln!(
            out,
            "{}",
            paint(
                "33",
                &format!(
                    "Check: “{}” in the {} is {}; confirm it is true (add it with --metric) or change it",
                    number.quote,
                    number.part,
                    if claims.resume_checked {
                        "not on your resume"
                    } else {
                        "not confirmed (there is no resume to check against)"
                    }
                )
            )
        )
        .ok();
    }
    for number in claims
        .numbers
        .iter()
        .filter(|n| n.status == ClaimStatus::OnResume)
    {
        writeln!(
            out,
            "{}",
            dim(&format!("“{}” matches your resume", number.quote))
        )
        .ok();
    }
    for hit in &claims.forbidden {
        writeln!(
            out,
            "{}",
            paint(
                "31",
                &format!(
                    "Do not claim: “{}” in the {} is a claim you marked as not to make",
                    hit.quote, hit.part
                )
            )
        )
        .ok();
    }
    if !flex.is_empty() {
        writeln!(out, "\nAnswers from your question sets:").ok();
        for question in flex.iter().take(8) {
            writeln!(
                out,
                "  {} {}  {}",
                fit_label(question.fit),
                cut(&question.text, 90),
                dim(&format!(
                    "[{} · target {}]",
                    question.question_id, question.target_id
                ))
            )
            .ok();
        }
    }
    out
}

fn fit_label(fit: Fit) -> String {
    match fit {
        Fit::Strong => paint("32", "strong  "),
        Fit::Workable => paint("36", "workable"),
        Fit::Stretch => paint("33", "stretch "),
        Fit::Gap => paint("2", "gap     "),
    }
}

pub fn matches(matches: &[StoryMatch]) -> String {
    let mut out = String::new();
    if matches.is_empty() {
        writeln!(out, "No stories yet. Write one with: rehearse stories add").ok();
        return out;
    }
    for found in matches {
        writeln!(
            out,
            "{} {:>4}  {}\n              {}",
            fit_label(found.fit),
            found.id,
            bold(&cut(&found.title, 70)),
            dim(&found.reason)
        )
        .ok();
    }
    out
}

pub fn coverage(coverage: &Coverage) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "{}",
        bold(&format!(
            "{} {} (aim for {}–{})",
            coverage.count,
            if coverage.count == 1 {
                "story"
            } else {
                "stories"
            },
            coverage.goal[0],
            coverage.goal[1]
        ))
    )
    .ok();
    for (heading, rows) in [
        ("Story categories", &coverage.categories),
        ("Competencies", &coverage.competencies),
    ] {
        if rows.is_empty() {
            continue;
        }
        writeln!(out, "\n{heading}").ok();
        for row in rows {
            let mark = if row.stories.is_empty() {
                paint("31", "✗")
            } else {
                paint("32", "✓")
            };
            let stressed = if row.stressed {
                " (the posting stresses it)"
            } else {
                ""
            };
            writeln!(
                out,
                "  {mark} {}{}  {}",
                row.label,
                dim(stressed),
                dim(&row.stories.join("; "))
            )
            .ok();
        }
    }
    if !coverage.warnings.is_empty() {
        writeln!(out).ok();
        for warning in &coverage.warnings {
            writeln!(out, "{}", paint("33", warning)).ok();
        }
    }
    out
}

pub fn drafts(drafts: &[StoryDraft]) -> String {
    let mut out = String::new();
    if drafts.is_empty() {
        writeln!(
            out,
            "No drafts: no resume yet, or no resume line with an outcome. Add a resume with: rehearse questions --jd POSTING --resume CV --save"
        )
        .ok();
        return out;
    }
    for (index, draft) in drafts.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {}\n    {}",
            index + 1,
            bold(&draft.fields.title),
            dim(&format!(
                "{}{}",
                draft.fields.situation,
                draft.fields.resume_role.as_deref().unwrap_or("")
            ))
        )
        .ok();
    }
    writeln!(
        out,
        "{}",
        dim("Start one with: rehearse stories add --title TITLE --result RESULT --action \"what you did\"")
    )
    .ok();
    out
}

// ------------------------------------------------------------------------------------ coaching

use rehearse_core::coach::{Coaching, FollowUp};

/// The follow-up an interviewer would ask next.
pub fn follow_up(follow_up: &FollowUp, from_llm: bool) -> String {
    format!(
        "\n{} {}\n{}\n",
        bold("An interviewer might ask next:"),
        follow_up.question,
        dim(&format!(
            "(it probes {}; {})",
            follow_up.aims_at,
            if from_llm {
                "from the AI coach"
            } else {
                "from Rehearse's own feedback"
            }
        ))
    )
}

/// What the AI coach added, each part checked, and why any part is missing.
pub fn coaching(coaching: &Coaching, notices: &[String]) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "\n{}",
        bold(&format!("AI coach ({})", coaching.provider))
    )
    .ok();
    if let Some(note) = &coaching.note {
        writeln!(out, "{}", note.text).ok();
    }
    if let Some(follow) = &coaching.follow_up {
        out.push_str(&follow_up(follow, true));
    }
    if let Some(stronger) = &coaching.stronger {
        writeln!(
            out,
            "\n{}\n{stronger}",
            bold(
                "A stronger version, from your own words (check it is all true before you use it):"
            )
        )
        .ok();
    }
    if let Some(model) = &coaching.model_answer {
        let covered = model.covered.iter().filter(|covered| **covered).count();
        writeln!(
            out,
            "\n{} {}\n{}",
            bold("A model answer"),
            dim(&format!(
                "(covers {covered} of {} key points)",
                model.covered.len()
            )),
            model.text
        )
        .ok();
    }
    for notice in notices {
        writeln!(out, "{}", paint("33", notice)).ok();
    }
    out
}

/// The plan: the split, notes, each day's tasks with their ids (for `--done`), and the cuts.
pub fn plan(plan: &rehearse_core::plan::Plan) -> String {
    let allocation = plan.allocation;
    let mut out = format!(
        "{} — research {:.1} h, behavioral {:.1} h, technical {:.1} h, logistics {:.1} h\n",
        bold(&format!("Plan: {:.1} hours", plan.total_hours)),
        allocation.research,
        allocation.behavioral,
        allocation.technical,
        allocation.logistics
    );
    for note in &plan.notes {
        writeln!(out, "Note: {note}").ok();
    }
    for day in &plan.days {
        let minutes: u32 = day.tasks.iter().map(|task| task.minutes).sum();
        writeln!(
            out,
            "\n{} {}",
            bold(&day.date.format("%a %-d %b %Y").to_string()),
            dim(&format!("({minutes} min)"))
        )
        .ok();
        for task in &day.tasks {
            writeln!(
                out,
                "  [ ] {:>3} min  {}  {}",
                task.minutes,
                task.title,
                dim(&format!("[{}] {}", task.category.as_str(), task.id))
            )
            .ok();
        }
    }
    if !plan.done.is_empty() {
        writeln!(out, "\n{}", bold("Done")).ok();
        for task in &plan.done {
            writeln!(out, "  [x] {:>3} min  {}", task.minutes, task.title).ok();
        }
    }
    if !plan.cuts.is_empty() {
        writeln!(out, "\n{}", bold("Cut, least important first")).ok();
        for cut in &plan.cuts {
            writeln!(out, "  - {cut}").ok();
        }
    }
    if plan.days.iter().any(|day| !day.tasks.is_empty()) {
        writeln!(
            out,
            "\nCheck a task off with: rehearse plan --done TASK (the id after the category)."
        )
        .ok();
    }
    out
}

/// The questions due for review.
pub fn due(due: &[rehearse_core::review::ReviewRecord]) -> String {
    if due.is_empty() {
        return "Nothing is due for review today. Questions you practise come back here when it is time.\n"
            .to_owned();
    }
    let mut out = format!(
        "{}\n",
        bold(&format!(
            "{} question{} due for review",
            due.len(),
            if due.len() == 1 { "" } else { "s" }
        ))
    );
    for record in due {
        let score = record
            .last_score
            .map_or_else(|| "not scored".to_owned(), |score| format!("last {score}"));
        writeln!(
            out,
            "  {}  {}  {}",
            record.state.due,
            cut(&record.question_text, 70),
            dim(&format!("({score})"))
        )
        .ok();
        let target = record
            .target_id
            .map(|id| format!(" --target {id}"))
            .unwrap_or_default();
        writeln!(
            out,
            "    {}",
            dim(&format!(
                "rehearse practice --question {}{target}",
                record.question_id
            ))
        )
        .ok();
    }
    out
}

/// The dashboard as text: readiness, the last days' trends, and the story count.
pub fn progress(progress: &rehearse_core::progress::Progress) -> String {
    let mut out = format!("{}\n", bold("Readiness by interview kind"));
    if progress.readiness.is_empty() {
        out.push_str(
            "  Add a job (rehearse questions --save) to measure readiness against its set.\n",
        );
    }
    for row in &progress.readiness {
        writeln!(
            out,
            "  {:<14} {:>3}%  {} of {} practised, recent score {}",
            row.kind.label(),
            row.readiness,
            row.practised,
            row.questions,
            row.recent_score
                .map_or_else(|| "—".to_owned(), |score| format!("{score:.0}"))
        )
        .ok();
    }
    writeln!(out, "\n{}", bold("By day (most recent last)")).ok();
    if progress.days.is_empty() {
        out.push_str("  No answers yet.\n");
    } else {
        writeln!(
            out,
            "  {:<10}  {:>7}  {:>7}  {:>13}  {:>6}",
            "date", "answers", "overall", "fillers/100w", "words"
        )
        .ok();
    }
    let start = progress.days.len().saturating_sub(14);
    for day in &progress.days[start..] {
        writeln!(
            out,
            "  {:<10}  {:>7}  {:>7}  {:>13.1}  {:>6.0}",
            day.date,
            day.attempts,
            day.scores
                .get("overall")
                .map_or_else(|| "—".to_owned(), |score| format!("{score:.0}")),
            day.fillers_per_100_words,
            day.mean_words
        )
        .ok();
    }
    writeln!(
        out,
        "\nStories: {} (the goal is {}–{}).",
        progress.stories, progress.story_goal[0], progress.story_goal[1]
    )
    .ok();
    out
}

/// The estimate, rounded with units, and optionally the reference tables.
pub fn estimate(estimate: &rehearse_core::estimate::Estimate, tables: bool) -> String {
    use rehearse_core::estimate::{
        LATENCIES, POWERS_OF_TWO, human_bytes, human_count, human_duration,
    };
    let input = &estimate.input;
    let mut out = format!(
        "{}\n  {} users × {} requests a day, {} per write, {} reads per write, kept {} days, peak ×{}\n\n",
        bold("Back-of-envelope estimate"),
        human_count(input.dau),
        human_count(input.requests_per_user),
        human_bytes(input.payload_bytes),
        human_count(input.read_write),
        human_count(input.retention_days),
        human_count(input.peak_factor),
    );
    let rows = estimate.rows();
    for (label, value) in rows {
        writeln!(out, "  {label:<10} {value}").ok();
    }
    if tables {
        writeln!(out, "\n{}", bold("Powers of two")).ok();
        for (power, roughly, unit) in POWERS_OF_TWO {
            writeln!(out, "  2^{power:<3} {roughly:<14} {unit}").ok();
        }
        writeln!(out, "\n{}", bold("Latencies")).ok();
        for (what, nanoseconds) in LATENCIES {
            writeln!(out, "  {what:<44} {}", human_duration(*nanoseconds)).ok();
        }
    }
    out
}

// ---------------------------------------------------------------- mock interviews

/// The interviewer's opening, and how to answer in the terminal.
pub fn mock_opening(mock: &rehearse_core::mock::Mock, interactive: bool) -> String {
    let settings = mock.settings;
    let mut out = format!(
        "{} · {} interviewer · {} questions, about {} minutes\n",
        bold(settings.round.label()),
        settings.persona.label(),
        mock.questions.len(),
        settings.minutes
    );
    if interactive {
        out.push_str(&dim(
            "End each answer with an empty line. Type skip to pass, end to stop.\n",
        ));
        out.push('\n');
    }
    out.push_str(&format!("“{}”\n", settings.persona.opening()));
    out
}

pub fn mock_ask(ask: &rehearse_core::mock::Ask, mode: rehearse_core::mock::Mode) -> String {
    let label = match &ask.aims_at {
        Some(aims_at) if mode == rehearse_core::mock::Mode::Study => {
            format!("Follow-up (it probes {aims_at})")
        }
        Some(_) => "Follow-up".to_owned(),
        None => format!(
            "Question {} of {} · {}",
            ask.number,
            ask.of,
            ask.kind.label()
        ),
    };
    format!(
        "\n{} {}\n{}\n",
        bold(&label),
        dim(&format!(
            "({} on the clock)",
            clock(f64::from(ask.time_limit_seconds))
        )),
        ask.text
    )
}

/// The feedback on one answer (study mode): the score unless hidden, and what to fix.
pub fn mock_feedback(turn: &rehearse_core::mock::Turn, hide_numbers: bool) -> String {
    let mut out = String::new();
    if let Some(follow_up) = &turn.follow_up {
        if turn.skipped {
            return out;
        }
        let verdict = if follow_up.handled {
            format!("✓ You gave {}.", follow_up.aims_at)
        } else {
            format!("✗ Still missing: {}.", follow_up.aims_at)
        };
        writeln!(out, "{}", dim(&verdict)).ok();
        return out;
    }
    let Some(analysis) = &turn.analysis else {
        return out;
    };
    if let Some(score) = analysis.overall_score().filter(|_| !hide_numbers) {
        writeln!(out, "{}", dim(&format!("Score {score}/100"))).ok();
    }
    for finding in analysis
        .findings
        .iter()
        .filter(|finding| matches!(finding.severity, Severity::Major | Severity::Warn))
        .take(3)
    {
        writeln!(out, "{}", dim(&format!("· {}", finding.message))).ok();
    }
    out
}

/// The end-of-session report; `practise` gives the `rehearse practice` options for a question.
pub fn mock_report(
    record: &rehearse_core::mock::MockRecord,
    practise: &dyn Fn(&str) -> String,
) -> String {
    let mock = &record.mock;
    let report = mock.report();
    let hide = mock.settings.hide_numbers;
    let mut out = String::new();
    writeln!(out, "\n{}", bold("How it went")).ok();
    let mut line = format!(
        "{} answered, {} skipped, {} not reached · follow-ups handled {} of {}",
        report.answered,
        report.skipped,
        report.unasked,
        report.follow_ups_handled,
        report.follow_ups_asked
    );
    if let Some(score) = report.average_score.filter(|_| !hide) {
        line.push_str(&format!(" · average score {score}"));
    }
    writeln!(out, "{line}").ok();
    if report.answered == 0 {
        writeln!(
            out,
            "No question was answered, so there is nothing to judge yet."
        )
        .ok();
    } else if report.work_on.is_empty() {
        writeln!(out, "Nothing stood out to work on in these answers.").ok();
    } else {
        writeln!(out, "\n{}", bold("Work on these first")).ok();
        for (index, area) in report.work_on.iter().enumerate() {
            let questions: Vec<String> = area
                .questions
                .iter()
                .map(|question| (question + 1).to_string())
                .collect();
            writeln!(
                out,
                "{}. {}. {}\n   {}",
                index + 1,
                area.title,
                area.advice,
                dim(&format!(
                    "Seen in question {}. Practise again: rehearse practice {}",
                    questions.join(", "),
                    practise(&mock.questions[area.questions[0]].id)
                ))
            )
            .ok();
        }
    }
    writeln!(out, "\n{}", bold("Every answer")).ok();
    for item in &report.items {
        let mut heading = format!("{}. {}", item.question + 1, item.text);
        if let Some(score) = item
            .analysis
            .as_ref()
            .and_then(|analysis| analysis.overall_score())
            .filter(|_| !hide)
        {
            heading.push_str(&format!(" · score {score}"));
        }
        writeln!(out, "{heading}").ok();
        if item.skipped {
            writeln!(out, "   {}", dim("skipped")).ok();
        }
        for follow_up in &item.follow_ups {
            let verdict = if follow_up.skipped {
                "skipped"
            } else if follow_up.handled {
                "handled"
            } else {
                "not handled"
            };
            writeln!(
                out,
                "   Follow-up on {}: {}",
                follow_up.aims_at,
                dim(verdict)
            )
            .ok();
        }
    }
    writeln!(
        out,
        "\n{}",
        dim(&format!(
            "Saved as mock interview {}; the answers are in your history (rehearse attempts list).",
            record.id
        ))
    )
    .ok();
    out
}
