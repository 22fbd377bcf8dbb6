//! The story bank's pages: the bank with its coverage matrix, the guided builder (new and edit),
//! one story with its claims and the questions it answers, matching a question, drafts from the
//! resume, import, and the printable cheat sheet.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use rehearse_app::{App, ErrorClass, FlexQuestion, QuestionRef, StoryReview};
use rehearse_core::UserId;
use rehearse_core::story_bank::claims::{ClaimReport, ClaimStatus};
use rehearse_core::story_bank::coverage::Coverage;
use rehearse_core::story_bank::drafts::StoryDraft;
use rehearse_core::story_bank::fit::StoryMatch;
use rehearse_core::story_bank::{CATEGORIES, GOAL_MAX, GOAL_MIN, Story, StoryFields, StoryId};
use rehearse_core::target::{TargetId, TargetSummary};
use serde::Deserialize;

use super::html;
use crate::api::stories::parse_story_id;
use crate::assets::ASSET_VERSION;
use crate::error::{PageError, WebError};
use crate::extract::CurrentUser;
use crate::view;

// ------------------------------------------------------------------ the bank

/// One row of the coverage matrix: a story and a mark per column.
struct MatrixRow {
    id: StoryId,
    title: String,
    marks: Vec<bool>,
}

/// A job to check coverage against.
struct TargetChoice {
    id: TargetId,
    name: String,
    selected: bool,
}

/// One column: a category or a competency the target stresses.
struct MatrixColumn {
    label: String,
    short: String,
    covered: usize,
    stressed: bool,
}

#[derive(Template)]
#[template(path = "stories.html")]
struct StoriesPage {
    asset_version: &'static str,
    active: &'static str,
    count: usize,
    goal_min: usize,
    goal_max: usize,
    columns: Vec<MatrixColumn>,
    rows: Vec<MatrixRow>,
    warnings: Vec<String>,
    targets: Vec<TargetChoice>,
    target: Option<TargetId>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct BankQuery {
    target: Option<String>,
    notice: Option<String>,
}

fn target_of(text: Option<&str>) -> Result<Option<TargetId>, PageError> {
    text.filter(|text| !text.is_empty())
        .map(crate::api::parse_target_id)
        .transpose()
        .map_err(PageError)
}

async fn bank_page(
    app: &App,
    user: UserId,
    target: Option<TargetId>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<StoriesPage, PageError> {
    let stories = app.stories(user).await?;
    let coverage = app.story_coverage(user, target).await?;
    Ok(StoriesPage {
        asset_version: ASSET_VERSION,
        active: "stories",
        count: stories.len(),
        goal_min: GOAL_MIN,
        goal_max: GOAL_MAX,
        columns: columns(&coverage),
        rows: stories
            .iter()
            .map(|story| MatrixRow {
                id: story.id,
                title: story.fields.title.clone(),
                marks: coverage
                    .categories
                    .iter()
                    .chain(coverage.competencies.iter().filter(|row| row.stressed))
                    .map(|row| row.story_ids.contains(&story.id))
                    .collect(),
            })
            .collect(),
        warnings: coverage.warnings,
        targets: app
            .targets(user)
            .await?
            .into_iter()
            .map(|summary: TargetSummary| TargetChoice {
                selected: target == Some(summary.id),
                id: summary.id,
                name: summary.name,
            })
            .collect(),
        target,
        notice,
        error,
    })
}

fn columns(coverage: &Coverage) -> Vec<MatrixColumn> {
    coverage
        .categories
        .iter()
        .map(|row| MatrixColumn {
            label: row.label.clone(),
            short: short_label(&row.name),
            covered: row.stories.len(),
            stressed: row.stressed,
        })
        .chain(
            coverage
                .competencies
                .iter()
                .filter(|row| row.stressed)
                .map(|row| MatrixColumn {
                    label: format!("{} (the posting stresses it)", row.label),
                    short: short_label(&row.name),
                    covered: row.stories.len(),
                    stressed: true,
                }),
        )
        .collect()
}

/// The column heading: a category's one word, or the competency's name.
fn short_label(name: &str) -> String {
    let word = match name {
        "leadership" => "Led",
        "achievement" => "Proudest",
        "disagreement" => "Disagreed",
        "challenge" => "Challenge",
        "conflict" => "Conflict",
        "failure" => "Failure",
        "learning" => "Learning",
        other => return other.replace('-', " "),
    };
    word.to_owned()
}

pub(super) async fn list(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<BankQuery>,
) -> Result<Html<String>, PageError> {
    let target = target_of(query.target.as_deref())?;
    // Only the notices this app sends, so a crafted link cannot put words on the page.
    let notice = query.notice.as_deref().and_then(|notice| {
        if notice == "deleted" {
            return Some("The story was deleted.".to_owned());
        }
        // "imported-{stories}-{tags matched to ours}-{tags kept as the user's own}"
        let counts: Vec<usize> = notice
            .strip_prefix("imported-")?
            .split('-')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let (&count, matched, kept) = match counts.as_slice() {
            [count] => (count, 0, 0),
            [count, matched, kept] => (count, *matched, *kept),
            _ => return None,
        };
        let mut message = if count == 1 {
            "Imported 1 story.".to_owned()
        } else {
            format!("Imported {count} stories.")
        };
        if matched > 0 {
            message.push_str(&format!(
                " {matched} competenc{} matched to ours.",
                if matched == 1 { "y was" } else { "ies were" }
            ));
        }
        if kept > 0 {
            message.push_str(&format!(
                " {kept} tag{} not ours kept as your own: shown on the story, not counted in coverage.",
                if kept == 1 { "" } else { "s" }
            ));
        }
        Some(message)
    });
    html(&bank_page(&app, user, target, notice, None).await?)
}

/// An uploaded Markdown or JSON file: all stories, or the page back with every problem.
pub(super) async fn import(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let mut multipart = multipart.map_err(|rejection| WebError::Request {
        status: StatusCode::BAD_REQUEST,
        code: "invalid_form",
        message: rejection.body_text().to_lowercase(),
    })?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut problem: Option<String> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.file_name().unwrap_or("stories.md").to_owned();
                let is_file = field.name() == Some("file");
                match field.bytes().await {
                    Ok(bytes) if is_file && !bytes.is_empty() => {
                        file = Some((name, bytes.to_vec()))
                    }
                    Ok(_) => {}
                    Err(error) => {
                        problem = Some(if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            "the file is larger than 2 MB, which is not a story bank; check the file".to_owned()
                        } else {
                            format!(
                                "the upload could not be read: {}",
                                error.body_text().to_lowercase()
                            )
                        });
                        break;
                    }
                }
            }
            Ok(None) => break,
            Err(error) => {
                problem = Some(if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    "the file is larger than 2 MB, which is not a story bank; check the file"
                        .to_owned()
                } else {
                    format!(
                        "the upload could not be read: {}",
                        error.body_text().to_lowercase()
                    )
                });
                break;
            }
        }
    }
    let message = match (problem, file) {
        (Some(problem), _) => problem,
        (None, None) => "choose a Markdown or JSON file to import".to_owned(),
        (None, Some((name, bytes))) => match app.import_stories(user, &name, &bytes).await {
            Ok(imported) => {
                let matched = imported
                    .tags
                    .iter()
                    .filter(|tag| tag.ours.is_some())
                    .count();
                let kept = imported.tags.len() - matched;
                return Ok(Redirect::to(&format!(
                    "/stories?notice=imported-{}-{matched}-{kept}",
                    imported.stories.len()
                ))
                .into_response());
            }
            Err(error) if error.class() == ErrorClass::Invalid => error.to_string(),
            Err(error) => return Err(error.into()),
        },
    };
    let page = bank_page(&app, user, None, None, Some(message)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
}

pub(super) async fn export(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Response, PageError> {
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"stories.md\"",
            ),
        ],
        app.export_stories(user).await?,
    )
        .into_response())
}

// ------------------------------------------------------------------ the builder

/// A competency to tick in the builder.
struct CompetencyChoice {
    name: String,
    label: String,
    description: String,
    checked: bool,
    category: bool,
}

#[derive(Template)]
#[template(path = "story_form.html")]
struct StoryFormPage {
    asset_version: &'static str,
    active: &'static str,
    /// The story being edited; `None` for a new one.
    editing: Option<StoryId>,
    fields: StoryFields,
    metrics_text: String,
    forbidden_text: String,
    competencies: Vec<CompetencyChoice>,
    roles: Vec<String>,
    review: Option<StoryReview>,
    /// Words, length aloud and the action's share, for a story with something in it.
    summary: Option<String>,
    /// The engine's first findings on the story told aloud.
    findings: Vec<view::FindingView>,
    error: Option<String>,
    source: Option<String>,
}

impl StoryFormPage {
    async fn new(
        app: &App,
        user: UserId,
        editing: Option<StoryId>,
        fields: StoryFields,
        error: Option<String>,
    ) -> Result<StoryFormPage, PageError> {
        let review = app
            .review_story(user, fields.clone())
            .await
            .ok()
            .filter(|review| review.check.word_count > 0);
        let summary = review.as_ref().map(|review| {
            format!(
                "{} words · about {} aloud · action {:.0}% of the story",
                review.check.word_count,
                view::clock(review.check.speaking_seconds),
                review.check.action_share * 100.0
            )
        });
        let roles = app
            .story_drafts(user, None)
            .await?
            .into_iter()
            .filter_map(|draft| draft.fields.resume_role)
            .fold(Vec::new(), |mut roles: Vec<String>, role| {
                if !roles.contains(&role) {
                    roles.push(role);
                }
                roles
            });
        Ok(StoryFormPage {
            asset_version: ASSET_VERSION,
            active: "stories",
            editing,
            metrics_text: fields.metrics.join("\n"),
            forbidden_text: fields.forbidden_claims.join("\n"),
            competencies: app
                .bank()
                .competencies()
                .iter()
                .map(|competency| CompetencyChoice {
                    name: competency.name.clone(),
                    label: competency.label.clone(),
                    description: competency.description.clone(),
                    checked: fields.competencies.contains(&competency.name),
                    category: CATEGORIES.iter().any(|(name, _)| *name == competency.name),
                })
                .collect(),
            roles,
            findings: review
                .as_ref()
                .map(|review| {
                    view::findings(&review.analysis)
                        .into_iter()
                        .take(5)
                        .collect()
                })
                .unwrap_or_default(),
            review,
            summary,
            error,
            source: None,
            fields,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct NewQuery {
    /// A resume draft to start from (its position in the drafts list, from 1).
    draft: Option<String>,
    /// A story category to start with ticked (the plan's "write a story: a failure" task).
    competency: Option<String>,
}

pub(super) async fn new(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<NewQuery>,
) -> Result<Html<String>, PageError> {
    let draft = match query.draft.as_deref().and_then(|n| n.parse::<usize>().ok()) {
        Some(number) if number > 0 => app
            .story_drafts(user, None)
            .await?
            .into_iter()
            .nth(number - 1),
        _ => None,
    };
    let (fields, source) = match draft {
        Some(draft) => (draft.fields, Some(draft.source)),
        None => (StoryFields::default(), None),
    };
    let mut fields = fields;
    if let Some(name) = query.competency.as_deref()
        && CATEGORIES.iter().any(|(category, _)| *category == name)
        && !fields.competencies.iter().any(|have| have == name)
    {
        fields.competencies.push(name.to_owned());
    }
    let mut page = StoryFormPage::new(&app, user, None, fields, None).await?;
    page.source = source;
    html(&page)
}

/// The builder's form: the parts, the ticked competencies, and lists one item per line.
#[derive(Debug, Default)]
struct StoryForm {
    title: String,
    situation: String,
    task: String,
    action: String,
    result: String,
    reflection: String,
    competency: Vec<String>,
    metrics: String,
    when: String,
    resume_role: String,
    forbidden_claims: String,
    /// The user's own tags, comma-separated.
    tags: String,
}

impl StoryForm {
    fn fields(self) -> StoryFields {
        let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
        StoryFields {
            title: self.title,
            situation: self.situation,
            task: self.task,
            action: self.action,
            result: self.result,
            reflection: self.reflection,
            competencies: self.competency,
            metrics: lines(&self.metrics),
            when: Some(self.when),
            resume_role: Some(self.resume_role),
            forbidden_claims: lines(&self.forbidden_claims),
            tags: self.tags.split(',').map(str::to_owned).collect(),
        }
        .normalised()
    }
}

/// The form's fields. Repeated `competency` checkboxes need a decoder that collects them (serde's
/// form decoding keeps one value per name).
fn parse_story_form(body: &str) -> StoryForm {
    let mut form = StoryForm::default();
    for (key, value) in form_urlencoded::parse(body.as_bytes()).into_owned() {
        match key.as_str() {
            "title" => form.title = value,
            "situation" => form.situation = value,
            "task" => form.task = value,
            "action" => form.action = value,
            "result" => form.result = value,
            "reflection" => form.reflection = value,
            "competency" => form.competency.push(value),
            "metrics" => form.metrics = value,
            "when" => form.when = value,
            "resume_role" => form.resume_role = value,
            "forbidden_claims" => form.forbidden_claims = value,
            "tags" => form.tags = value,
            _ => {}
        }
    }
    form
}

async fn save(
    app: &App,
    user: UserId,
    editing: Option<StoryId>,
    body: &str,
) -> Result<Response, PageError> {
    let fields = parse_story_form(body).fields();
    let saved = match editing {
        Some(id) => app.update_story(user, id, fields.clone()).await,
        None => app.create_story(user, fields.clone()).await,
    };
    match saved {
        Ok(story) => Ok(Redirect::to(&format!("/stories/{}", story.id)).into_response()),
        Err(error) if error.class() == ErrorClass::Invalid => {
            let page =
                StoryFormPage::new(app, user, editing, fields, Some(error.to_string())).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(&page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

pub(super) async fn create(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    body: String,
) -> Result<Response, PageError> {
    save(&app, user, None, &body).await
}

pub(super) async fn edit(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = parse_story_id(&id)?;
    let story = app.story(user, id).await?;
    html(&StoryFormPage::new(&app, user, Some(id), story.fields, None).await?)
}

pub(super) async fn update(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, PageError> {
    let id = parse_story_id(&id)?;
    app.story(user, id).await?;
    save(&app, user, Some(id), &body).await
}

pub(super) async fn delete(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    app.delete_story(user, parse_story_id(&id)?).await?;
    Ok(Redirect::to("/stories?notice=deleted").into_response())
}

// ------------------------------------------------------------------ one story

/// A number of the story with what the user should do about it.
struct NumberRow {
    quote: String,
    part: &'static str,
    status: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    asset_version: &'static str,
    active: &'static str,
    story: Story,
    parts: Vec<(&'static str, String)>,
    competency_labels: Vec<String>,
    speaking: String,
    numbers: Vec<NumberRow>,
    resume_checked: bool,
    forbidden: Vec<(String, &'static str)>,
    answers: Vec<FlexQuestion>,
    created: String,
    updated: String,
}

fn number_rows(claims: &ClaimReport) -> Vec<NumberRow> {
    claims
        .numbers
        .iter()
        .map(|number| {
            let (status, label) = match number.status {
                ClaimStatus::OnResume => ("on-resume", "on your resume"),
                ClaimStatus::Confirmed => ("confirmed", "confirmed by you"),
                ClaimStatus::Unconfirmed if claims.resume_checked => {
                    ("unconfirmed", "not on your resume: confirm it is true")
                }
                ClaimStatus::Unconfirmed => (
                    "unconfirmed",
                    "not confirmed yet (no resume to check against)",
                ),
            };
            NumberRow {
                quote: number.quote.clone(),
                part: number.part,
                status,
                label,
            }
        })
        .collect()
}

pub(super) async fn show(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = parse_story_id(&id)?;
    let story = app.story(user, id).await?;
    let claims = app.story_claims(user, id).await?;
    let answers = app.story_flex(user, id).await?;
    let words = story.fields.telling().split_whitespace().count();
    html(&StoryPage {
        asset_version: ASSET_VERSION,
        active: "stories",
        parts: rehearse_core::story_bank::PARTS
            .iter()
            .map(|part| (*part, story.fields.part(part).to_owned()))
            .filter(|(_, text)| !text.is_empty())
            .collect(),
        competency_labels: story
            .fields
            .competencies
            .iter()
            .map(|name| rehearse_core::story_bank::label(name))
            .collect(),
        speaking: view::clock(words as f64 * 60.0 / rehearse_core::analysis::WORDS_PER_MINUTE),
        numbers: number_rows(&claims),
        resume_checked: claims.resume_checked,
        forbidden: claims
            .forbidden
            .iter()
            .map(|hit| (hit.quote.clone(), hit.part))
            .collect(),
        answers,
        created: view::timestamp(&story.created_at),
        updated: view::timestamp(&story.updated_at),
        story,
    })
}

#[derive(Debug, Deserialize)]
pub(super) struct ConfirmForm {
    metric: String,
}

/// Confirms a number: it joins the story's metrics, which count as true.
pub(super) async fn confirm(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<ConfirmForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form?;
    let id = parse_story_id(&id)?;
    let mut fields = app.story(user, id).await?.fields;
    fields.metrics.push(form.metric);
    app.update_story(user, id, fields).await?;
    Ok(Redirect::to(&format!("/stories/{id}#claims")).into_response())
}

// ------------------------------------------------------------------ matching, drafts, sheet

#[derive(Template)]
#[template(path = "story_match.html")]
struct MatchPage {
    asset_version: &'static str,
    active: &'static str,
    question: String,
    matches: Vec<StoryMatch>,
    error: Option<String>,
    has_stories: bool,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct MatchQuery {
    question: Option<String>,
}

pub(super) async fn match_question(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<MatchQuery>,
) -> Result<Response, PageError> {
    let question = query.question.unwrap_or_default();
    let has_stories = !app.stories(user).await?.is_empty();
    let (matches, error) = if question.trim().is_empty() {
        (Vec::new(), None)
    } else {
        match app
            .match_stories(user, QuestionRef::Text(question.clone()))
            .await
        {
            Ok(matches) => (matches, None),
            Err(error) if error.class() == ErrorClass::Invalid => {
                (Vec::new(), Some(error.to_string()))
            }
            Err(error) => return Err(error.into()),
        }
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = MatchPage {
        asset_version: ASSET_VERSION,
        active: "stories",
        question,
        matches,
        error,
        has_stories,
    };
    Ok((status, html(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "story_drafts.html")]
struct DraftsPage {
    asset_version: &'static str,
    active: &'static str,
    drafts: Vec<StoryDraft>,
}

pub(super) async fn drafts(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    html(&DraftsPage {
        asset_version: ASSET_VERSION,
        active: "stories",
        drafts: app.story_drafts(user, None).await?,
    })
}

#[derive(Template)]
#[template(path = "cheat_sheet.html")]
struct CheatSheetPage {
    asset_version: &'static str,
    active: &'static str,
    entries: Vec<rehearse_app::cheat_sheet::SheetEntry>,
}

pub(super) async fn cheat_sheet(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Html<String>, PageError> {
    html(&CheatSheetPage {
        asset_version: ASSET_VERSION,
        active: "stories",
        entries: app.cheat_sheet(user).await?,
    })
}

pub(super) async fn cheat_sheet_pdf(
    State(app): State<App>,
    CurrentUser(user): CurrentUser,
) -> Result<Response, PageError> {
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"story-cheat-sheet.pdf\"",
            ),
        ],
        app.cheat_sheet_pdf(user).await?,
    )
        .into_response())
}
