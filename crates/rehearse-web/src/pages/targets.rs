//! Targets: the jobs the user prepares for. A new target reads a posting (pasted, uploaded or
//! fetched) and an optional resume and builds its question set; the target page shows what was
//! read (editable when the reader got it wrong) and the set, with practice, swap and "more like
//! this" on every question.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, ErrorClass, PostingSource, ProfileEdit, ResumeSource, SetSpec};
use rehearse_core::question_set::{DEFAULT_COUNT, MAX_COUNT, SourceKind};
use rehearse_core::target::{Target, TargetId, TargetSummary};
use rehearse_core::{RoleFamily, Seniority};
use serde::Deserialize;

use super::{Choice, choices, html};
use crate::api::parse_target_id;
use crate::assets::ASSET_VERSION;
use crate::error::{PageError, WebError};
use crate::extract::CurrentUser;
use crate::view;

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    asset_version: &'static str,
    active: &'static str,
    targets: Vec<TargetSummary>,
    /// Whether this is a later page, and the cursor of the next one.
    later: bool,
    next: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
    /// Anything that is not an id shows the first page.
    after: Option<String>,
}

/// The jobs, 50 a page, newest first.
pub(super) async fn list(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let after = query
        .after
        .and_then(|after| after.parse::<i64>().ok())
        .filter(|after| *after > 0)
        .map(TargetId);
    let page = app
        .targets_page(user, after, rehearse_app::DEFAULT_PAGE)
        .await?;
    html(&TargetsPage {
        asset_version: ASSET_VERSION,
        active: "targets",
        targets: page.items,
        later: after.is_some(),
        next: page.next,
    })
}

/// What the user typed into the new-target form, kept when the form comes back with an error.
#[derive(Debug, Default, Clone)]
struct NewTargetInput {
    posting: String,
    posting_url: String,
    resume_text: String,
    role: String,
    level: Option<Seniority>,
    count: String,
}

#[derive(Template)]
#[template(path = "target_new.html")]
struct NewTargetPage {
    asset_version: &'static str,
    active: &'static str,
    input: NewTargetInput,
    levels: Vec<Choice>,
    error: Option<String>,
    default_count: usize,
    max_count: usize,
}

impl NewTargetPage {
    fn new(input: NewTargetInput, error: Option<String>) -> NewTargetPage {
        NewTargetPage {
            asset_version: ASSET_VERSION,
            active: "targets",
            levels: choices(
                Seniority::ALL,
                input.level,
                Seniority::as_str,
                Seniority::label,
            ),
            input,
            error,
            default_count: DEFAULT_COUNT,
            max_count: MAX_COUNT,
        }
    }
}

pub(super) async fn new() -> Result<Html<String>, PageError> {
    html(&NewTargetPage::new(NewTargetInput::default(), None))
}

/// The new-target form: text fields and up to two files, as multipart.
struct NewTargetForm {
    input: NewTargetInput,
    posting_file: Option<(String, Vec<u8>)>,
    resume_file: Option<(String, Vec<u8>)>,
}

async fn read_form(mut multipart: Multipart) -> Result<NewTargetForm, WebError> {
    let mut form = NewTargetForm {
        input: NewTargetInput::default(),
        posting_file: None,
        resume_file: None,
    };
    let bad = |message: String| WebError::Request {
        status: StatusCode::BAD_REQUEST,
        code: "invalid_form",
        message,
    };
    // The body limit can strike while finding the next field or while reading one.
    let unreadable = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::Request {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                code: "payload_too_large",
                message: format!(
                    "the upload is larger than {} MB; a posting or resume file is at most 10 MB",
                    crate::UPLOAD_LIMIT_BYTES / (1024 * 1024)
                ),
            }
        } else {
            bad(format!(
                "the form could not be read: {}",
                error.body_text().to_lowercase()
            ))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(unreadable)?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "posting" => form.input.posting = text(),
            "posting_url" => form.input.posting_url = text().trim().to_owned(),
            "resume_text" => form.input.resume_text = text(),
            "role" => form.input.role = text().trim().to_owned(),
            "level" => form.input.level = text().parse().ok(),
            "count" => form.input.count = text().trim().to_owned(),
            "posting_file" if !bytes.is_empty() => {
                form.posting_file = Some((file_name.unwrap_or_default(), bytes.to_vec()))
            }
            "resume_file" if !bytes.is_empty() => {
                form.resume_file = Some((file_name.unwrap_or_default(), bytes.to_vec()))
            }
            _ => {}
        }
    }
    Ok(form)
}

impl NewTargetForm {
    fn spec(&self) -> Result<SetSpec, String> {
        let input = &self.input;
        let posting = match (
            &self.posting_file,
            input.posting_url.is_empty(),
            input.posting.trim().is_empty(),
        ) {
            (Some((name, bytes)), _, _) => Some(PostingSource::File {
                name: name.clone(),
                bytes: bytes.clone(),
            }),
            (None, false, true) => Some(PostingSource::Url(input.posting_url.clone())),
            (None, false, false) => {
                return Err("paste the posting or give its web address, not both".to_owned());
            }
            (None, true, false) => Some(PostingSource::Text(input.posting.clone())),
            (None, true, true) => None,
        };
        let resume = match (&self.resume_file, input.resume_text.trim().is_empty()) {
            (Some((name, bytes)), _) => Some(ResumeSource::File {
                name: name.clone(),
                bytes: bytes.clone(),
            }),
            (None, false) => Some(ResumeSource::Text(input.resume_text.clone())),
            (None, true) => None,
        };
        let count = if input.count.is_empty() {
            None
        } else {
            Some(
                input
                    .count
                    .parse::<usize>()
                    .map_err(|_| format!("{:?} is not a number of questions", input.count))?,
            )
        };
        Ok(SetSpec {
            posting,
            resume,
            role: Some(input.role.clone()).filter(|role| !role.is_empty()),
            level: input.level,
            count,
        })
    }
}

/// Creates the target and opens it; on a problem the form comes back with the message and
/// everything typed (files must be chosen again: browsers do not allow a page to refill them).
pub(super) async fn create(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let multipart = multipart.map_err(|rejection| WebError::Request {
        status: StatusCode::BAD_REQUEST,
        code: "invalid_form",
        message: rejection.body_text().to_lowercase(),
    })?;
    let form = match read_form(multipart).await {
        Ok(form) => form,
        Err(error) if error.status().is_client_error() => {
            let page = NewTargetPage::new(NewTargetInput::default(), Some(error.message()));
            return Ok((error.status(), html(&page)?).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let refused = |message: String| -> Result<Response, PageError> {
        let page = NewTargetPage::new(form.input.clone(), Some(message));
        Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
    };
    let spec = match form.spec() {
        Ok(spec) => spec,
        Err(message) => return refused(message),
    };
    match app.create_target(user, spec).await {
        Ok(target) => Ok(Redirect::to(&format!("/targets/{}", target.id)).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => refused(error.to_string()),
        Err(error) => Err(error.into()),
    }
}

/// A question of the set as the target page lists it.
struct SetRow {
    id: String,
    kind_label: &'static str,
    text: String,
    why: String,
    from: &'static str,
    quote: Option<String>,
    skills: Vec<String>,
}

#[derive(Template)]
#[template(path = "target.html")]
struct TargetPage {
    asset_version: &'static str,
    active: &'static str,
    target: Target,
    name: String,
    family_choices: Vec<Choice>,
    level_choices: Vec<Choice>,
    skills_text: String,
    rows: Vec<SetRow>,
    created: String,
    created_iso: String,
    notice: Option<String>,
    /// The configured model, when there is one.
    ai_provider: Option<String>,
    today: String,
    /// The interview rounds: date, label, and whether it has passed.
    rounds: Vec<(String, String, bool)>,
    /// Each debrief with its day as pages write days.
    debriefs: Vec<(String, rehearse_core::prep::Debrief)>,
    /// The debrief form as typed (kept when it comes back with an error).
    debrief: DebriefForm,
}

/// The debrief form's fields.
#[derive(Debug, Default, Deserialize)]
pub(super) struct DebriefForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    round: String,
    #[serde(default)]
    questions: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    next_round: String,
}

/// Logs a real interview; its questions join the set and the next round joins the dates.
pub(super) async fn debrief(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<DebriefForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_target_id(&id)?;
    let date = |text: &str, what: &str| -> Result<Option<chrono::NaiveDate>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| format!("the {what} {text:?} is not a date; give it as YYYY-MM-DD"))
    };
    let input = date(&form.date, "interview date").and_then(|when| {
        Ok(rehearse_app::DebriefInput {
            date: when,
            round: form.round.clone(),
            notes: form.notes.clone(),
            // The form's box holds one question a line.
            questions: form.questions.lines().map(str::to_owned).collect(),
            next_round: date(&form.next_round, "next round's date")?,
        })
    });
    let result = match input {
        Ok(input) => app.add_debrief(user, id, input).await,
        Err(message) => Err(rehearse_app::AppError::BadDate(message)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/targets/{id}#debriefs")).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let target = app.target(user, id).await?;
            let notice = Some(error.to_string());
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                html(&target_page(&app, user, target, notice, form).await?)?,
            )
                .into_response())
        }
        Err(error) => Err(error.into()),
    }
}

async fn target_page(
    app: &App,
    user: rehearse_core::UserId,
    target: Target,
    notice: Option<String>,
    debrief: DebriefForm,
) -> Result<TargetPage, PageError> {
    let debriefs = app.debriefs(user, target.id).await?;
    let today = app.today();
    let rows = target
        .set
        .questions
        .iter()
        .map(|question| SetRow {
            id: question.id.clone(),
            kind_label: question.kind.label(),
            text: question.text.clone(),
            why: question.why.clone(),
            from: match question.source.from {
                SourceKind::Jd => "From the posting",
                SourceKind::Resume => "From your resume",
                SourceKind::Bank => "From the question bank",
                SourceKind::Llm => "Suggested by the AI",
                SourceKind::Debrief => "Asked in your interview",
            },
            quote: question.source.quote.clone(),
            skills: question.skills.clone(),
        })
        .collect();
    Ok(TargetPage {
        asset_version: ASSET_VERSION,
        active: "targets",
        today: today.to_string(),
        rounds: target
            .interviews
            .iter()
            .map(|round| {
                (
                    round.date.to_string(),
                    round.label.clone(),
                    round.date < today,
                )
            })
            .collect(),
        debriefs: debriefs
            .into_iter()
            .map(|debrief| (view::day(debrief.fields.date), debrief))
            .collect(),
        debrief,
        name: target.name(),
        family_choices: choices(
            RoleFamily::ALL,
            Some(target.profile.role_family),
            RoleFamily::as_str,
            RoleFamily::label,
        ),
        level_choices: choices(
            Seniority::ALL,
            Some(target.profile.seniority),
            Seniority::as_str,
            Seniority::label,
        ),
        skills_text: target
            .profile
            .skills
            .iter()
            .map(|skill| skill.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        created: view::timestamp(&target.created_at),
        created_iso: view::iso(&target.created_at),
        rows,
        target,
        notice,
        ai_provider: app.llm_status().provider,
    })
}

pub(super) async fn show(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let target = app.target(user, parse_target_id(&id)?).await?;
    html(&target_page(&app, user, target, None, DebriefForm::default()).await?)
}

#[derive(Debug, Deserialize)]
pub(super) struct ProfileForm {
    title: String,
    company: String,
    role_family: String,
    seniority: String,
    skills: String,
}

pub(super) async fn edit_profile(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<ProfileForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_target_id(&id)?;
    let edit = ProfileEdit {
        title: Some(form.title),
        company: Some(form.company),
        role_family: form.role_family.parse().ok(),
        seniority: form.seniority.parse().ok(),
        skills: Some(form.skills.split([',', '\n']).map(str::to_owned).collect()),
    };
    app.edit_profile(user, id, edit).await?;
    Ok(Redirect::to(&format!("/targets/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
pub(super) struct QuestionForm {
    question_id: String,
}

/// Swaps one question for another; when none is left, the page says so.
pub(super) async fn swap(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<QuestionForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_target_id(&id)?;
    let changed = app
        .swap_question(user, id, &form.question_id)
        .await
        .map(drop);
    set_changed(&app, user, id, changed).await
}

/// Back to the set after a change to it; a change refused comes back as the page with why.
async fn set_changed(
    app: &App,
    user: rehearse_core::UserId,
    id: TargetId,
    changed: Result<(), rehearse_app::AppError>,
) -> Result<Response, PageError> {
    match changed {
        Ok(()) => Ok(Redirect::to(&format!("/targets/{id}#set")).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let target = app.target(user, id).await?;
            let page = target_page(
                app,
                user,
                target,
                Some(error.to_string()),
                DebriefForm::default(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// Adds questions like one of the set, just after it.
pub(super) async fn more(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<QuestionForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_target_id(&id)?;
    let changed = app
        .more_like_this(user, id, &form.question_id)
        .await
        .map(drop);
    set_changed(&app, user, id, changed).await
}

// ---------------------------------------------------------------- the AI coach for a target

#[derive(Template)]
#[template(path = "target_ai.html")]
struct AiPreviewPage {
    asset_version: &'static str,
    active: &'static str,
    target_id: TargetId,
    name: String,
    provider: String,
    prompts: Vec<rehearse_core::coach::Prompt>,
    allowed: Option<bool>,
}

/// Exactly what would be sent, before the user chooses.
pub(super) async fn ai_preview(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = parse_target_id(&id)?;
    let target = app.target(user, id).await?;
    let provider = app
        .llm_status()
        .provider
        .ok_or(PageError(WebError::App(rehearse_app::AppError::LlmOff)))?;
    html(&AiPreviewPage {
        asset_version: ASSET_VERSION,
        active: "targets",
        target_id: id,
        name: target.name(),
        provider,
        prompts: app.llm_preview(user, id).await?,
        allowed: target.llm,
    })
}

#[derive(Debug, Deserialize)]
pub(super) struct AiChoiceForm {
    allowed: String,
}

pub(super) async fn ai_choice(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<AiChoiceForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_target_id(&id)?;
    app.set_target_llm(user, id, form.allowed == "1").await?;
    Ok(Redirect::to(&format!("/targets/{id}#ai")).into_response())
}

/// Asks the model for more questions; when it gives none that pass the checks, the page says why.
pub(super) async fn ai_questions(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_target_id(&id)?;
    match app.add_target_llm_questions(user, id).await {
        Ok((_, None)) => Ok(Redirect::to(&format!("/targets/{id}#set")).into_response()),
        Ok((target, Some(notice))) => Ok((
            StatusCode::OK,
            html(&target_page(&app, user, target, Some(notice), DebriefForm::default()).await?)?,
        )
            .into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let target = app.target(user, id).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                html(
                    &target_page(
                        &app,
                        user,
                        target,
                        Some(error.to_string()),
                        DebriefForm::default(),
                    )
                    .await?,
                )?,
            )
                .into_response())
        }
        Err(error) => Err(error.into()),
    }
}
