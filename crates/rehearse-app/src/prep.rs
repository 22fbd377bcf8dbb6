//! The run-up to the interview: interview dates and the plan, the questions due for review,
//! progress over time, and the interview-day toolkit (research notes, the checklist, the salary
//! helper, debriefs).

use chrono::{Local, NaiveDate};
use rehearse_core::plan::{
    DoneTask, Interview, Plan, PlanQuestion, PlanRequest, PlanTarget, make_plan,
};
use rehearse_core::posting::read_posting;
use rehearse_core::prep::{
    Checklist, Debrief, InterviewFormat, MAX_DEBRIEF_QUESTIONS, MAX_NOTE_CHARS, MAX_POINTS,
    NewDebrief, ResearchNotes, SalaryProposal, SalaryWorksheet, propose_salary,
};
use rehearse_core::progress::{KindPool, Progress, progress};
use rehearse_core::question_set::{SourceKind, asked_questions};
use rehearse_core::review::{ReviewRecord, grade, schedule};
use rehearse_core::story_bank::coverage::coverage;
use rehearse_core::target::{Target, TargetId, TargetSummary};
use rehearse_core::{Attempt, NewAttempt, QuestionId, QuestionKind, Seniority, UserId};
use serde::{Serialize, de::DeserializeOwned};

use crate::{App, AppError};

/// The most interview rounds one job keeps.
pub const MAX_ROUNDS: usize = 10;
/// The longest label of a round ("phone screen"), and of a debrief's round.
pub const MAX_LABEL_CHARS: usize = 100;
/// The hours a day a plan assumes until the user says otherwise.
pub const DEFAULT_HOURS_PER_DAY: f64 = 1.0;
/// The longest short field of the salary worksheet (source, level, location), in characters.
pub const MAX_FIELD_CHARS: usize = 200;
/// The largest salary figure accepted: larger is a typo.
const MAX_FIGURE: f64 = 100_000_000.0;

/// What to plan for.
#[derive(Debug, Clone)]
pub enum PlanSubject {
    /// Every saved job with an interview still to come.
    Saved,
    /// One saved job; `date` stands in for its next interview when given.
    Target {
        id: TargetId,
        date: Option<NaiveDate>,
    },
    /// A role with no saved job (`rehearse plan --role`).
    Role {
        role: String,
        level: Option<Seniority>,
        date: NaiveDate,
    },
}

/// Preparation settings kept per user.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
struct PlanSettings {
    hours_per_day: f64,
}

/// A debrief as the user gives it.
#[derive(Debug, Clone, Default)]
pub struct DebriefInput {
    pub date: Option<NaiveDate>,
    pub round: String,
    pub notes: String,
    /// The questions asked, one per entry (blank entries are ignored).
    pub questions: Vec<String>,
    /// The date of the next round, if there is one: added to the job's interviews.
    pub next_round: Option<NaiveDate>,
}

/// A saved debrief and how many of its questions joined the job's set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebriefOutcome {
    pub debrief: Debrief,
    pub added: usize,
}

impl App {
    /// Today, in the machine's time zone: plans and reviews count in the user's days.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&Local).date_naive()
    }

    // ------------------------------------------------------------------ interview dates and plan

    /// Replaces a job's interview dates (rounds); keeps them soonest first.
    pub async fn set_interviews(
        &self,
        user: UserId,
        id: TargetId,
        mut interviews: Vec<Interview>,
    ) -> Result<Target, AppError> {
        self.target(user, id).await?;
        if interviews.len() > MAX_ROUNDS {
            return Err(AppError::TooManyRounds {
                given: interviews.len(),
            });
        }
        for interview in &mut interviews {
            if interview.label.chars().count() > MAX_LABEL_CHARS {
                return Err(AppError::LabelTooLong);
            }
            interview.label = interview.label.trim().to_owned();
        }
        interviews.sort_by_key(|interview| interview.date);
        interviews.dedup();
        self.store
            .set_target_interviews(user, id, &interviews)
            .await?;
        self.target(user, id).await
    }

    /// The hours a day the user has for preparing.
    pub async fn hours_per_day(&self, user: UserId) -> Result<f64, AppError> {
        Ok(self
            .read_document::<PlanSettings>(user, "settings", "plan")
            .await?
            .map_or(DEFAULT_HOURS_PER_DAY, |settings| settings.hours_per_day))
    }

    /// Saves the hours a day the user has for preparing.
    pub async fn set_hours_per_day(&self, user: UserId, hours: f64) -> Result<(), AppError> {
        check_hours(hours)?;
        self.write_document(
            user,
            "settings",
            "plan",
            &PlanSettings {
                hours_per_day: hours,
            },
        )
        .await
    }

    /// The plan to the interview date(s), with the tasks already done marked.
    pub async fn plan(
        &self,
        user: UserId,
        subject: PlanSubject,
        hours_per_day: Option<f64>,
    ) -> Result<Plan, AppError> {
        let practised = self.store.attempt_counts(user).await?;
        let jobs = match subject {
            PlanSubject::Saved => self.store.targets(user).await?,
            _ => Vec::new(),
        };
        self.plan_from(user, subject, hours_per_day, &practised, &jobs)
            .await
    }

    /// [`App::plan`] with what was practised and the saved jobs already read (the home page
    /// reads them for itself too).
    pub(crate) async fn plan_from(
        &self,
        user: UserId,
        subject: PlanSubject,
        hours_per_day: Option<f64>,
        practised: &[(QuestionId, u32)],
        jobs: &[TargetSummary],
    ) -> Result<Plan, AppError> {
        let today = self.today();
        let hours_per_day = match hours_per_day {
            Some(hours) => {
                check_hours(hours)?;
                hours
            }
            None => self.hours_per_day(user).await?,
        };
        let stories = self.store.stories(user).await?;
        let story_gaps = coverage(&stories, &[]).gaps;
        let targets = match subject {
            PlanSubject::Saved => {
                let mut out = Vec::new();
                for summary in jobs {
                    let target = self.target(user, summary.id).await?;
                    let next = target
                        .interviews
                        .iter()
                        .find(|interview| interview.date >= today)
                        .map(|interview| interview.date);
                    if let Some(date) = next {
                        out.push(plan_target(&target, date, &story_gaps, practised));
                    }
                }
                out
            }
            PlanSubject::Target { id, date } => {
                let target = self.target(user, id).await?;
                let date = date
                    .or_else(|| {
                        target
                            .interviews
                            .iter()
                            .map(|interview| interview.date)
                            .find(|date| *date >= today)
                    })
                    .ok_or(AppError::NoInterviewDate)?;
                vec![plan_target(&target, date, &story_gaps, practised)]
            }
            PlanSubject::Role { role, level, date } => {
                let role = role.trim();
                if role.is_empty() {
                    return Err(AppError::MissingPosting);
                }
                if role.chars().count() > MAX_LABEL_CHARS {
                    return Err(AppError::RoleTooLong);
                }
                let mut profile = read_posting("", &self.skills, Some(role));
                if let Some(level) = level {
                    profile.seniority = level;
                }
                vec![PlanTarget {
                    id: None,
                    name: role.to_owned(),
                    company: None,
                    role_family: profile.role_family,
                    seniority: profile.seniority,
                    interview: date,
                    format: InterviewFormat::Unknown,
                    story_gaps: story_gaps.clone(),
                    asked: 0,
                    questions: Vec::new(),
                }]
            }
        };
        let done = self
            .store
            .plan_done(user)
            .await?
            .into_iter()
            .map(|(id, at)| DoneTask {
                id,
                on: at.with_timezone(&Local).date_naive(),
            })
            .collect();
        Ok(make_plan(&PlanRequest {
            today,
            hours_per_day,
            targets,
            done,
        })?)
    }

    /// Marks a plan task done or not done.
    pub async fn mark_task(&self, user: UserId, task_id: &str, done: bool) -> Result<(), AppError> {
        if task_id.chars().count() > 200 || task_id.trim().is_empty() {
            return Err(AppError::BadTaskId);
        }
        let task_id = task_id.trim();
        self.store
            .mark_task(user, task_id, done, self.clock.now())
            .await?;
        Ok(())
    }

    // ------------------------------------------------------------------ reviews and progress

    /// Saves an answer together with its question's next review (FSRS, from the answer's score),
    /// in one transaction. A schedule that cannot be worked out does not stop the answer being
    /// saved.
    pub(crate) async fn save_attempt(
        &self,
        user: UserId,
        attempt: NewAttempt,
    ) -> Result<Attempt, AppError> {
        let previous = self
            .store
            .review(user, &attempt.question_id.0, attempt.target_id)
            .await;
        let review = match previous {
            Ok(previous) => {
                let score = attempt.analysis.overall_score();
                Some(ReviewRecord {
                    question_id: attempt.question_id.0.clone(),
                    target_id: attempt.target_id,
                    question_text: attempt.question_text.clone(),
                    kind: attempt.kind,
                    last_score: score,
                    state: schedule(
                        previous.as_ref().map(|record| &record.state),
                        grade(score),
                        self.today(),
                    ),
                })
            }
            Err(error) => {
                tracing::warn!(%error, question = %attempt.question_id, "could not read the review schedule");
                None
            }
        };
        Ok(self
            .store
            .insert_attempt(user, attempt, review.as_ref())
            .await?)
    }

    /// The practised questions due today or earlier, most overdue first.
    pub async fn due(&self, user: UserId) -> Result<Vec<ReviewRecord>, AppError> {
        let today = self.today();
        Ok(self
            .store
            .reviews(user)
            .await?
            .into_iter()
            .filter(|record| record.state.due <= today)
            .collect())
    }

    /// Every practised question's schedule, soonest due first.
    pub async fn reviews(&self, user: UserId) -> Result<Vec<ReviewRecord>, AppError> {
        Ok(self.store.reviews(user).await?)
    }

    /// The dashboard: readiness per kind against the user's sets, trends, stories.
    pub async fn progress(&self, user: UserId) -> Result<Progress, AppError> {
        let totals = self.store.practice_totals(user).await?;
        let mut pools: Vec<KindPool> = QuestionKind::ALL
            .iter()
            .map(|kind| KindPool {
                kind: *kind,
                question_ids: Vec::new(),
            })
            .collect();
        for summary in self.store.targets(user).await? {
            let target = self.target(user, summary.id).await?;
            for question in &target.set.questions {
                if let Some(pool) = pools.iter_mut().find(|pool| pool.kind == question.kind) {
                    pool.question_ids.push(question.id.clone());
                }
            }
        }
        let stories = self.store.stories(user).await?.len();
        Ok(progress(&totals, &pools, stories))
    }

    // ------------------------------------------------------------------ research, checklist, salary

    /// A job's research worksheet: the user's notes, or the posting's stated values to start.
    pub async fn research(&self, user: UserId, id: TargetId) -> Result<ResearchNotes, AppError> {
        let target = self.target(user, id).await?;
        Ok(self
            .read_document(user, "research", &id.to_string())
            .await?
            .unwrap_or_else(|| ResearchNotes::prefilled(&target.profile.values)))
    }

    /// Saves a job's research worksheet.
    pub async fn save_research(
        &self,
        user: UserId,
        id: TargetId,
        notes: &ResearchNotes,
    ) -> Result<(), AppError> {
        self.target(user, id).await?;
        if notes.too_long() {
            return Err(AppError::NoteTooLong {
                what: "research note",
            });
        }
        self.write_document(user, "research", &id.to_string(), notes)
            .await
    }

    /// The interview-day checklist of a job (or of no job in particular).
    pub async fn checklist(
        &self,
        user: UserId,
        id: Option<TargetId>,
    ) -> Result<Checklist, AppError> {
        if let Some(id) = id {
            self.target(user, id).await?;
        }
        Ok(self
            .read_document::<Checklist>(user, "checklist", &checklist_key(id))
            .await?
            .unwrap_or_default()
            .normalised())
    }

    /// Saves which checklist items are ticked (unknown items are dropped).
    pub async fn save_checklist(
        &self,
        user: UserId,
        id: Option<TargetId>,
        checklist: Checklist,
    ) -> Result<Checklist, AppError> {
        if let Some(id) = id {
            self.target(user, id).await?;
        }
        let checklist = checklist.normalised();
        self.write_document(user, "checklist", &checklist_key(id), &checklist)
            .await?;
        Ok(checklist)
    }

    /// The salary worksheet and, once it has a figure, the proposed range and script.
    pub async fn salary(
        &self,
        user: UserId,
    ) -> Result<(SalaryWorksheet, Option<SalaryProposal>), AppError> {
        let worksheet: SalaryWorksheet = self
            .read_document(user, "salary", "")
            .await?
            .unwrap_or_default();
        let proposal = propose_salary(&worksheet);
        Ok((worksheet, proposal))
    }

    /// Saves the salary worksheet and returns the proposal it gives.
    pub async fn save_salary(
        &self,
        user: UserId,
        worksheet: SalaryWorksheet,
    ) -> Result<Option<SalaryProposal>, AppError> {
        check_salary(&worksheet)?;
        self.write_document(user, "salary", "", &worksheet).await?;
        Ok(propose_salary(&worksheet))
    }

    // ------------------------------------------------------------------ debriefs

    /// Logs a real interview: the debrief is saved, its questions join the job's set, and the
    /// next round's date (if given) joins the job's interviews, so the plan adapts.
    pub async fn add_debrief(
        &self,
        user: UserId,
        id: TargetId,
        input: DebriefInput,
    ) -> Result<DebriefOutcome, AppError> {
        let target = self.target(user, id).await?;
        let today = self.today();
        let date = input.date.unwrap_or(today);
        if date > today {
            return Err(AppError::DebriefInFuture { date });
        }
        // Sizes are checked as given, before anything is tidied away.
        if input.round.chars().count() > MAX_LABEL_CHARS {
            return Err(AppError::LabelTooLong);
        }
        if input.notes.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::NoteTooLong {
                what: "debrief note",
            });
        }
        if input.questions.len() > MAX_DEBRIEF_QUESTIONS {
            return Err(AppError::TooManyDebriefQuestions {
                given: input.questions.len(),
            });
        }
        if let Some(long) = input
            .questions
            .iter()
            .find(|question| question.chars().count() > rehearse_core::limits::MAX_QUESTION_CHARS)
        {
            return Err(AppError::QuestionTooLong {
                chars: long.chars().count(),
            });
        }
        let round = input.round.trim().to_owned();
        let notes = input.notes.trim().to_owned();
        // One question an entry, on one line; blank entries are skipped.
        let questions: Vec<String> = input
            .questions
            .iter()
            .map(|question| question.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|question| !question.is_empty())
            .collect();
        if questions.is_empty() && notes.is_empty() {
            return Err(AppError::EmptyDebrief);
        }
        if let Some(next) = input.next_round
            && next < today
        {
            return Err(AppError::Plan(rehearse_core::plan::PlanError::DateInPast {
                date: next,
            }));
        }

        let when = if round.is_empty() {
            format!("on {date}")
        } else {
            format!("on {date} ({round})")
        };
        let added = asked_questions(
            &target.set,
            self.bank.questions(),
            target.profile.role_family,
            &questions,
            &when,
        );
        let count = added.len();
        let debrief = self
            .store
            .insert_debrief(
                user,
                NewDebrief {
                    target_id: id,
                    date,
                    round,
                    notes,
                    questions,
                },
                self.clock.now(),
            )
            .await?;
        if count > 0 {
            let mut set = target.set.clone();
            set.questions.extend(added);
            self.store
                .update_target(user, id, target.profile.clone(), set, self.clock.now())
                .await?;
        }
        if let Some(next) = input.next_round {
            let mut interviews = target.interviews.clone();
            interviews.push(Interview {
                date: next,
                label: String::new(),
            });
            self.set_interviews(user, id, interviews).await?;
        }
        Ok(DebriefOutcome {
            debrief,
            added: count,
        })
    }

    /// A job's debriefs, oldest first.
    pub async fn debriefs(&self, user: UserId, id: TargetId) -> Result<Vec<Debrief>, AppError> {
        self.target(user, id).await?;
        Ok(self.store.debriefs(user, id).await?)
    }

    // ------------------------------------------------------------------ documents

    async fn read_document<T: DeserializeOwned>(
        &self,
        user: UserId,
        kind: &str,
        key: &str,
    ) -> Result<Option<T>, AppError> {
        let Some(body) = self.store.document(user, kind, key).await? else {
            return Ok(None);
        };
        // A document from an older version that no longer reads is started afresh, not fatal.
        match serde_json::from_str(&body) {
            Ok(value) => Ok(Some(value)),
            Err(error) => {
                tracing::warn!(%error, kind, key, "a saved document did not read; starting afresh");
                Ok(None)
            }
        }
    }

    async fn write_document<T: Serialize>(
        &self,
        user: UserId,
        kind: &str,
        key: &str,
        value: &T,
    ) -> Result<(), AppError> {
        let body = serde_json::to_string(value).map_err(|error| {
            AppError::Storage(rehearse_store::StoreError::Corrupt(error.to_string()))
        })?;
        self.store
            .save_document(user, kind, key, &body, self.clock.now())
            .await?;
        Ok(())
    }
}

fn checklist_key(id: Option<TargetId>) -> String {
    id.map_or_else(|| "any".to_owned(), |id| id.to_string())
}

fn check_hours(hours: f64) -> Result<(), AppError> {
    if hours.is_finite() && (0.25..=16.0).contains(&hours) {
        Ok(())
    } else {
        Err(AppError::Plan(rehearse_core::plan::PlanError::BadHours))
    }
}

fn check_salary(worksheet: &SalaryWorksheet) -> Result<(), AppError> {
    if worksheet.points.len() > MAX_POINTS {
        return Err(AppError::BadSalary(format!(
            "{} figures given; the worksheet keeps at most {MAX_POINTS}",
            worksheet.points.len()
        )));
    }
    for point in &worksheet.points {
        if !(point.figure.is_finite() && point.figure > 0.0 && point.figure < MAX_FIGURE) {
            return Err(AppError::BadSalary(format!(
                "{} is not a yearly salary; give the figure as a number, e.g. 95000",
                point.figure
            )));
        }
        let longest = [&point.source, &point.level, &point.location]
            .iter()
            .map(|field| field.chars().count())
            .max()
            .unwrap_or(0);
        if longest > MAX_FIELD_CHARS {
            return Err(AppError::BadSalary(format!(
                "a source, level or location is {longest} characters long; the limit is {MAX_FIELD_CHARS}"
            )));
        }
    }
    if worksheet.experience.chars().count() > MAX_NOTE_CHARS / 10 {
        return Err(AppError::BadSalary(format!(
            "the experience note is longer than {} characters; a sentence or two is enough",
            MAX_NOTE_CHARS / 10
        )));
    }
    if worksheet.currency.chars().count() > 5 {
        return Err(AppError::BadSalary(
            "give the currency as a symbol or code, e.g. $ or EUR".to_owned(),
        ));
    }
    Ok(())
}

/// One job as the planner sees it.
fn plan_target(
    target: &Target,
    date: NaiveDate,
    story_gaps: &[String],
    practised: &[(QuestionId, u32)],
) -> PlanTarget {
    // Questions a real interview asked that have not been practised since.
    let asked = target
        .set
        .questions
        .iter()
        .filter(|question| question.source.from == SourceKind::Debrief)
        .filter(|question| !practised.iter().any(|(id, _)| id.0 == question.id))
        .count();
    PlanTarget {
        id: Some(target.id),
        name: target.name(),
        company: target.profile.company.clone(),
        role_family: target.profile.role_family,
        seniority: target.profile.seniority,
        interview: date,
        // The round on that date says how it is held.
        format: target
            .interviews
            .iter()
            .find(|interview| interview.date == date)
            .map_or(InterviewFormat::Unknown, |interview| {
                InterviewFormat::of_label(&interview.label)
            }),
        story_gaps: story_gaps.to_vec(),
        asked,
        questions: target
            .set
            .questions
            .iter()
            .map(|question| PlanQuestion {
                id: question.id.clone(),
                kind: question.kind,
                text: question.text.clone(),
            })
            .collect(),
    }
}
