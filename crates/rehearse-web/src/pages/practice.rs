//! The practice page: a question from the bank (filtered by kind and role) or from a target's
//! set, a running timer, the answer box with feedback while typing, and the submit that saves the
//! attempt.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, ErrorClass, PracticeSubject, SubmitAttempt};
use rehearse_core::analysis::target_seconds;
use rehearse_core::limits::MAX_ANSWER_CHARS;
use rehearse_core::target::TargetId;
use rehearse_core::{QuestionFilter, QuestionKind, RoleFamily, UserId};
use serde::Deserialize;

use super::{Choice, choices, html};
use crate::assets::ASSET_VERSION;
use crate::error::PageError;
use crate::extract::CurrentUser;
use crate::view;

/// The practice page's query string. Unknown or empty values mean "any", so a hand-edited URL
/// still shows a page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PracticeQuery {
    kind: Option<String>,
    role: Option<String>,
    question: Option<String>,
    after: Option<String>,
    target: Option<String>,
    /// A story to answer with: its outline fills the answer box.
    story: Option<String>,
    /// "Try again": the earlier attempt the new answer will be compared with.
    again: Option<String>,
    /// With `again`: the finding (its index) to work on; the earlier answer fills the box.
    focus: Option<String>,
}

impl PracticeQuery {
    fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            kind: self.kind.as_deref().and_then(|kind| kind.parse().ok()),
            role: self.role.as_deref().and_then(|role| role.parse().ok()),
        }
    }

    fn target(&self) -> Result<Option<TargetId>, PageError> {
        self.target
            .as_deref()
            .filter(|target| !target.is_empty())
            .map(crate::api::parse_target_id)
            .transpose()
            .map_err(PageError)
    }
}

/// A story offered for the question, best fit first.
struct StoryOption {
    id: rehearse_core::story_bank::StoryId,
    title: String,
    fit: &'static str,
    selected: bool,
}

/// The earlier answer a re-answer is compared with.
struct Again {
    id: rehearse_core::AttemptId,
    answer: String,
    /// The weak part to rewrite: the finding's message and the words it points at.
    focus: Option<(String, String)>,
}

/// The target a question was taken from, for the link back to its set.
struct FromTarget {
    id: TargetId,
    name: String,
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage {
    asset_version: &'static str,
    active: &'static str,
    kinds: Vec<Choice>,
    roles: Vec<Choice>,
    filter_query: String,
    matching: usize,
    question: Option<PracticeSubject>,
    from_target: Option<FromTarget>,
    target_range: Option<String>,
    answer: String,
    error: Option<String>,
    max_answer_chars: usize,
    /// The user's stories ranked for this question (behavioral questions only).
    stories: Vec<StoryOption>,
    /// The story chosen to answer with.
    story_id: Option<rehearse_core::story_bank::StoryId>,
    story_warning: Option<String>,
    again: Option<Again>,
    /// The recording the answer was spoken in, kept when the page comes back with an error.
    recording: String,
}

impl PracticePage {
    fn new(
        filter: QuestionFilter,
        question: Option<PracticeSubject>,
        matching: usize,
    ) -> PracticePage {
        let mut filter_query = Vec::new();
        if let Some(kind) = filter.kind {
            filter_query.push(format!("kind={kind}"));
        }
        if let Some(role) = filter.role {
            filter_query.push(format!("role={role}"));
        }
        PracticePage {
            asset_version: ASSET_VERSION,
            active: "practice",
            kinds: choices(
                QuestionKind::ALL,
                filter.kind,
                QuestionKind::as_str,
                QuestionKind::label,
            ),
            roles: choices(
                RoleFamily::ALL,
                filter.role,
                RoleFamily::as_str,
                RoleFamily::label,
            ),
            filter_query: filter_query.join("&"),
            matching,
            target_range: question
                .as_ref()
                .and_then(|question| target_seconds(question.kind))
                .map(|range| format!("{}–{}", view::clock(range.min), view::clock(range.max))),
            question,
            from_target: None,
            answer: String::new(),
            error: None,
            max_answer_chars: MAX_ANSWER_CHARS,
            stories: Vec::new(),
            story_id: None,
            story_warning: None,
            again: None,
            recording: String::new(),
        }
    }

    /// Re-asks the question of attempt `id`; with `focus` (a finding's index), only its weak
    /// part: the earlier answer fills the box to be rewritten there. An attempt of another
    /// question is ignored, so a hand-edited link still shows a page.
    async fn with_again(
        mut self,
        app: &App,
        user: UserId,
        id: Option<&str>,
        focus: Option<&str>,
    ) -> Result<PracticePage, PageError> {
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            return Ok(self);
        };
        let earlier = app
            .attempt(user, crate::api::parse_attempt_id(id).map_err(PageError)?)
            .await?;
        if self
            .question
            .as_ref()
            .is_none_or(|question| question.id != earlier.question_id.0)
        {
            return Ok(self);
        }
        let focus = focus
            .and_then(|index| index.parse::<usize>().ok())
            .and_then(|index| earlier.analysis.findings.get(index))
            .map(|finding| {
                (
                    finding.message.clone(),
                    view::short_quote(&finding.quote, 200),
                )
            });
        if focus.is_some() && self.answer.is_empty() {
            self.answer = earlier.answer.clone();
        }
        self.again = Some(Again {
            id: earlier.id,
            answer: earlier.answer,
            focus,
        });
        Ok(self)
    }

    /// Offers the user's stories for a behavioral question; with `chosen`, fills the answer box
    /// with that story's outline and warns when it has been told too often in this set.
    async fn with_stories(
        mut self,
        app: &App,
        user: UserId,
        chosen: Option<rehearse_core::story_bank::StoryId>,
    ) -> Result<PracticePage, PageError> {
        let Some(question) = self.question.as_ref() else {
            return Ok(self);
        };
        if question.kind != QuestionKind::Behavioral {
            return Ok(self);
        }
        let target = self.from_target.as_ref().map(|target| target.id);
        let matches = app
            .match_stories(
                user,
                rehearse_app::QuestionRef::Id {
                    id: question.id.clone(),
                    target,
                },
            )
            .await?;
        self.stories = matches
            .iter()
            .map(|found| StoryOption {
                id: found.id,
                title: found.title.clone(),
                fit: found.fit.as_str(),
                selected: chosen == Some(found.id),
            })
            .collect();
        if let Some(id) = chosen {
            let story = app.story(user, id).await?;
            if self.answer.is_empty() {
                self.answer = rehearse_app::story_outline(&story);
            }
            self.story_warning = app.overuse_warning(user, &story, target, false).await?;
            self.story_id = Some(id);
        }
        Ok(self)
    }

    /// The page for a question of a target's set.
    async fn for_target(
        app: &App,
        user: UserId,
        target_id: TargetId,
        question_id: &str,
    ) -> Result<PracticePage, PageError> {
        let target = app.target(user, target_id).await?;
        let subject = app
            .practice_subject(user, question_id, Some(target_id))
            .await?;
        let mut page = PracticePage::new(
            QuestionFilter::default(),
            Some(subject),
            target.set.questions.len(),
        );
        page.from_target = Some(FromTarget {
            id: target_id,
            name: target.name(),
        });
        Ok(page)
    }
}

pub(super) async fn practice(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<PracticeQuery>,
) -> Result<Html<String>, PageError> {
    let story = query
        .story
        .as_deref()
        .filter(|story| !story.is_empty())
        .map(crate::api::stories::parse_story_id)
        .transpose()
        .map_err(PageError)?;
    let (again, focus) = (query.again.as_deref(), query.focus.as_deref());
    if let (Some(target), Some(question)) = (query.target()?, query.question.as_deref()) {
        let page = PracticePage::for_target(&app, user, target, question)
            .await?
            .with_again(&app, user, again, focus)
            .await?;
        return html(&page.with_stories(&app, user, story).await?);
    }
    let filter = query.filter();
    let choice = app
        .practice_question(
            user,
            filter,
            query.question.as_deref(),
            query.after.as_deref(),
        )
        .await?;
    let subject = match choice.question {
        Some(question) => Some(
            app.practice_subject(user, question.id.as_str(), None)
                .await?,
        ),
        None => None,
    };
    let page = PracticePage::new(filter, subject, choice.matching)
        .with_again(&app, user, again, focus)
        .await?;
    html(&page.with_stories(&app, user, story).await?)
}

#[derive(Debug, Deserialize)]
pub(super) struct PracticeForm {
    question_id: String,
    #[serde(default)]
    target_id: String,
    /// The story the answer is told from ("" for none).
    #[serde(default)]
    story_id: String,
    answer: String,
    #[serde(default)]
    duration_seconds: String,
    /// The earlier attempt this answer re-answers ("" for none).
    #[serde(default)]
    again: String,
    /// The recording the answer was spoken in ("" for a typed answer).
    #[serde(default)]
    recording: String,
}

/// Saves the answer and shows its feedback. On invalid input the page comes back with the message
/// and the answer exactly as typed, so nothing is lost.
pub(super) async fn submit(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    form: Result<Form<PracticeForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let target = if form.target_id.trim().is_empty() {
        None
    } else {
        Some(crate::api::parse_target_id(form.target_id.trim()).map_err(PageError)?)
    };
    let duration_seconds = view::form_seconds(&form.duration_seconds);
    let story = form
        .story_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(rehearse_core::story_bank::StoryId);
    let submission = SubmitAttempt {
        question_id: form.question_id.clone(),
        target_id: target,
        story_id: story,
        answer: form.answer.clone(),
        duration_seconds,
        recording: match form.recording.trim() {
            "" => None,
            id => Some(crate::api::speech::parse_recording_id(id).map_err(PageError)?),
        },
    };
    match app.submit_attempt(user, submission).await {
        Ok(attempt) => {
            let compare = form
                .again
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(|id| format!("?compare={id}"))
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/attempts/{}{compare}", attempt.id)).into_response())
        }
        Err(error) if error.class() == ErrorClass::Invalid => {
            let mut page = match target {
                Some(target) => {
                    PracticePage::for_target(&app, user, target, &form.question_id).await?
                }
                None => {
                    let subject = app.practice_subject(user, &form.question_id, None).await?;
                    PracticePage::new(
                        QuestionFilter::default(),
                        Some(subject),
                        app.bank().questions().len(),
                    )
                }
            };
            page.answer = form.answer;
            page.recording = form.recording;
            page.error = Some(error.to_string());
            let again = form.again.trim();
            let mut page = page.with_again(&app, user, Some(again), None).await?;
            page = page.with_stories(&app, user, story).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
