//! The practice page: a question from the bank (filtered by kind and role) or from a target's
//! set, a running timer, the answer box with feedback while typing, and the submit that saves the
//! attempt.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, ErrorClass, PracticeSubject, SubmitAttempt};
use rehearse_core::analysis::target_seconds;
use rehearse_core::limits::{MAX_ANSWER_CHARS, MAX_DURATION_SECONDS};
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
        }
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
    if let (Some(target), Some(question)) = (query.target()?, query.question.as_deref()) {
        let page = PracticePage::for_target(&app, user, target, question).await?;
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
    let page = PracticePage::new(filter, subject, choice.matching);
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
    // The timer fills this in; a missing, garbled or over-long value (a tab left open for hours)
    // only loses the duration, never the answer.
    let duration_seconds = form
        .duration_seconds
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| {
            seconds.is_finite() && (0.0..=f64::from(MAX_DURATION_SECONDS)).contains(seconds)
        })
        .map(|seconds| seconds.round() as u32);
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
    };
    match app.submit_attempt(user, submission).await {
        Ok(attempt) => Ok(Redirect::to(&format!("/attempts/{}", attempt.id)).into_response()),
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
            page.error = Some(error.to_string());
            let page = page.with_stories(&app, user, story).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
