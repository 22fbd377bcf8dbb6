//! The story bank's use cases: write, edit, delete and list stories; import and export them;
//! coverage against a job; which stories answer a question, and which questions a story answers;
//! claims checked against the resume; drafts from the resume; and the warning when one story is
//! told too often in one practice set.

use rehearse_core::story_bank::claims::{ClaimReport, check_claims};
use rehearse_core::story_bank::coverage::{Coverage, coverage};
use rehearse_core::story_bank::drafts::{StoryDraft, drafts_from_resume};
use rehearse_core::story_bank::fit::{Fit, QuestionProbe, StoryMatch, story_profile};
use rehearse_core::story_bank::markdown::{
    Imported, check_imported, from_markdown_with, to_markdown,
};
use rehearse_core::story_bank::{MAX_STORIES, Story, StoryFields, StoryId, TagOutcome};
use rehearse_core::target::TargetId;
use rehearse_core::{QuestionKind, UserId};
use rehearse_store::StoreError;

use crate::{App, AppError};

/// The largest import file, in bytes (two hundred long stories fit in well under this).
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

/// Telling a story this many times in one practice set earns a warning.
pub const OVERUSE: u32 = 3;

/// A story being written, measured: the builder's nudges, its length aloud, suggested
/// competencies, and its numbers checked against the newest resume.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoryReview {
    #[serde(flatten)]
    pub check: rehearse_core::story_bank::StoryCheck,
    pub claims: ClaimReport,
    /// The feedback engine on the story as it would be told (its parts in order), so the builder
    /// shows the same findings an answer gets: fillers, hedges, "we" for "I", a vague result.
    pub analysis: rehearse_core::Analysis,
}

/// The question a match is for: its text, or a bank question or a set's question by id.
#[derive(Debug, Clone)]
pub enum QuestionRef {
    Text(String),
    Id {
        id: String,
        target: Option<TargetId>,
    },
}

/// A question of the user's sets that a story answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FlexQuestion {
    pub target_id: TargetId,
    pub target_name: String,
    pub question_id: String,
    pub text: String,
    pub fit: Fit,
    pub reason: String,
}

/// Stories saved from a file, and what became of the competencies it named that were not
/// written as ours.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportedStories {
    pub stories: Vec<Story>,
    pub tags: Vec<TagOutcome>,
}

impl App {
    /// Saves a new story.
    pub async fn create_story(&self, user: UserId, fields: StoryFields) -> Result<Story, AppError> {
        let fields = checked(fields)?;
        if self.store.stories(user).await?.len() >= MAX_STORIES {
            return Err(AppError::TooManyStories);
        }
        let mut saved = self
            .store
            .insert_stories(user, vec![fields], self.clock.now())
            .await?;
        let story = saved.pop().ok_or(AppError::Storage(StoreError::NotFound))?;
        tracing::info!(story = %story.id, "story saved");
        Ok(story)
    }

    /// Every story of `user`, in the order they were written.
    pub async fn stories(&self, user: UserId) -> Result<Vec<Story>, AppError> {
        Ok(self.store.stories(user).await?)
    }

    /// One story of `user`.
    pub async fn story(&self, user: UserId, id: StoryId) -> Result<Story, AppError> {
        self.store
            .story(user, id)
            .await
            .map_err(|error| story_error(error, id))
    }

    /// Replaces a story's fields.
    pub async fn update_story(
        &self,
        user: UserId,
        id: StoryId,
        fields: StoryFields,
    ) -> Result<Story, AppError> {
        let fields = checked(fields)?;
        self.store
            .update_story(user, id, fields, self.clock.now())
            .await
            .map_err(|error| story_error(error, id))
    }

    /// Deletes a story; answers told from it are kept.
    pub async fn delete_story(&self, user: UserId, id: StoryId) -> Result<(), AppError> {
        self.store
            .delete_story(user, id)
            .await
            .map_err(|error| story_error(error, id))
    }

    /// Measures a story while it is written (nothing is saved). Only the size limits apply: a
    /// draft may lack its title or action.
    pub async fn review_story(
        &self,
        user: UserId,
        fields: StoryFields,
    ) -> Result<StoryReview, AppError> {
        fields.check_sizes()?;
        let fields = fields.normalised();
        // Everything else is checked as for a saved story: a stand-in title and action keep
        // their absence from hiding a later problem (an unknown competency).
        StoryFields {
            title: "draft".to_owned(),
            action: "draft".to_owned(),
            ..fields.clone()
        }
        .validate()?;
        let resume = self.latest_resume(user).await?;
        let telling = fields.telling();
        // Told as the answer to a story question about what the user ticked (the engine reads
        // the topic from those competencies; with none, any real story is on topic).
        let analysis = rehearse_core::analyze(&rehearse_core::AnalysisInput {
            question: "Tell me about a time you faced a challenge at work.",
            kind: QuestionKind::Behavioral,
            competencies: &fields.competencies,
            key_points: &[],
            answer: &telling,
        });
        Ok(StoryReview {
            check: rehearse_core::story_bank::check_story(&fields),
            claims: check_claims(&fields, resume.as_deref()),
            analysis,
        })
    }

    /// The competencies a story shows (by its words, and by meaning with the sentence model),
    /// for the user to confirm.
    pub fn suggest_competencies(&self, fields: &StoryFields) -> Vec<&'static str> {
        rehearse_core::story_bank::suggest_competencies_with(fields, self.embedder().as_deref())
    }

    /// Imports stories from a Markdown or JSON file: all of them, or none and every problem. A
    /// competency not in our vocabulary never refuses a file: it is matched to ours or kept as
    /// the user's own tag, and the result says which.
    pub async fn import_stories(
        &self,
        user: UserId,
        name: &str,
        bytes: &[u8],
    ) -> Result<ImportedStories, AppError> {
        let shown: String = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .chars()
            .take(80)
            .collect();
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(AppError::ImportTooLarge { name: shown });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| AppError::ImportFailed {
            name: shown.clone(),
            problems: vec!["it is not UTF-8 text; export it as Markdown or JSON".to_owned()],
        })?;
        let looks_json =
            name.to_lowercase().ends_with(".json") || text.trim_start().starts_with('{');
        // The labels the pages show count as ours ("Safety and compliance").
        let labels: Vec<(&str, &str)> = self
            .bank
            .competencies()
            .iter()
            .map(|competency| (competency.label.as_str(), competency.name.as_str()))
            .collect();
        let stories = if looks_json {
            from_json(text, &labels)
        } else {
            from_markdown_with(text, &labels)
                .map_err(|errors| errors.iter().map(ToString::to_string).collect())
        }
        .map_err(|problems| AppError::ImportFailed {
            name: shown.clone(),
            problems,
        })?;
        let Imported { stories, tags } = stories;
        let existing = self.store.stories(user).await?.len();
        if existing + stories.len() > MAX_STORIES {
            return Err(AppError::TooManyStories);
        }
        let saved = self
            .store
            .insert_stories(user, stories, self.clock.now())
            .await?;
        tracing::info!(count = saved.len(), "stories imported");
        Ok(ImportedStories {
            stories: saved,
            tags,
        })
    }

    /// The bank as Markdown (importable back).
    pub async fn export_stories(&self, user: UserId) -> Result<String, AppError> {
        let stories = self.store.stories(user).await?;
        Ok(to_markdown(
            &stories
                .iter()
                .map(|story| &story.fields)
                .collect::<Vec<_>>(),
        ))
    }

    /// The bank on one page: the entries, and the same as a PDF.
    pub async fn cheat_sheet(
        &self,
        user: UserId,
    ) -> Result<Vec<crate::cheat_sheet::SheetEntry>, AppError> {
        Ok(crate::cheat_sheet::entries(
            &self.store.stories(user).await?,
        ))
    }

    /// The cheat sheet as a PDF.
    pub async fn cheat_sheet_pdf(&self, user: UserId) -> Result<Vec<u8>, AppError> {
        let entries = self.cheat_sheet(user).await?;
        Ok(crate::cheat_sheet::pdf(
            &entries,
            &format!(
                "My stories ({}), {}",
                entries.len(),
                self.clock.now().format("%a %-d %b %Y")
            ),
        ))
    }

    /// The bank's coverage: the seven categories, and the competencies the target's posting
    /// stresses (the newest target when none is named; none when there are no targets).
    pub async fn story_coverage(
        &self,
        user: UserId,
        target: Option<TargetId>,
    ) -> Result<Coverage, AppError> {
        let stories = self.store.stories(user).await?;
        let target = match target {
            Some(id) => Some(self.target(user, id).await?),
            None => None,
        };
        let stressed = target
            .as_ref()
            .map(|target| rehearse_core::question_set::stressed_competencies(&target.profile))
            .unwrap_or_default();
        Ok(coverage(&stories, &stressed))
    }

    /// Every story ranked for a question, best first.
    pub async fn match_stories(
        &self,
        user: UserId,
        question: QuestionRef,
    ) -> Result<Vec<StoryMatch>, AppError> {
        let (text, competencies) = match question {
            QuestionRef::Text(text) => {
                let text = text.trim().to_owned();
                if text.is_empty() {
                    return Err(AppError::MissingQuestion);
                }
                let chars = text.chars().count();
                if chars > rehearse_core::limits::MAX_QUESTION_CHARS {
                    return Err(AppError::QuestionTooLong { chars });
                }
                (text, Vec::new())
            }
            QuestionRef::Id { id, target } => {
                let subject = self.practice_subject(user, &id, target).await?;
                (subject.text, subject.competencies)
            }
        };
        let stories = self.store.stories(user).await?;
        let embedder = self.embedder();
        Ok(rehearse_core::story_bank::fit::match_stories_with(
            &text,
            &competencies,
            &stories,
            embedder.as_deref(),
        ))
    }

    /// The questions of the user's sets that a story answers well (strong or workable), best
    /// first.
    pub async fn story_flex(
        &self,
        user: UserId,
        id: StoryId,
    ) -> Result<Vec<FlexQuestion>, AppError> {
        let story = self.story(user, id).await?;
        let profile = story_profile(&story);
        let mut out: Vec<(FlexQuestion, f64)> = Vec::new();
        for summary in self.store.targets(user).await? {
            let target = self.target(user, summary.id).await?;
            for question in &target.set.questions {
                if question.kind != QuestionKind::Behavioral
                    || !rehearse_core::analysis::asks_for_story(&question.text)
                {
                    continue;
                }
                let probe = QuestionProbe::new(&question.text, &question.competencies);
                let fit = probe.fit(&story, &profile);
                if fit.fit <= Fit::Workable {
                    out.push((
                        FlexQuestion {
                            target_id: target.id,
                            target_name: summary.name.clone(),
                            question_id: question.id.clone(),
                            text: question.text.clone(),
                            fit: fit.fit,
                            reason: fit.reason,
                        },
                        fit.score,
                    ));
                }
            }
        }
        out.sort_by(|a, b| a.0.fit.cmp(&b.0.fit).then(b.1.total_cmp(&a.1)));
        Ok(out.into_iter().map(|(question, _)| question).collect())
    }

    /// A story's numbers checked against the newest resume, and its forbidden claims found.
    pub async fn story_claims(&self, user: UserId, id: StoryId) -> Result<ClaimReport, AppError> {
        let story = self.story(user, id).await?;
        let resume = self.latest_resume(user).await?;
        Ok(check_claims(&story.fields, resume.as_deref()))
    }

    /// Story skeletons from the resume lines of a target, or of every job's resume (newest
    /// first, each line once: two jobs may carry different resumes).
    pub async fn story_drafts(
        &self,
        user: UserId,
        target: Option<TargetId>,
    ) -> Result<Vec<StoryDraft>, AppError> {
        let ids: Vec<TargetId> = match target {
            Some(id) => vec![id],
            None => self
                .store
                .targets(user)
                .await?
                .into_iter()
                .map(|summary| summary.id)
                .collect(),
        };
        let mut drafts: Vec<StoryDraft> = Vec::new();
        for id in ids {
            let target = self.target(user, id).await?;
            if let (Some(text), Some(resume)) = (target.resume_text, target.resume) {
                for draft in drafts_from_resume(&text, &resume) {
                    if !drafts.iter().any(|known| known.source == draft.source) {
                        drafts.push(draft);
                    }
                }
            }
        }
        Ok(drafts)
    }

    /// How many answers in the set of `target` (or in all, without one) were told from `story`.
    pub async fn story_uses(
        &self,
        user: UserId,
        story: StoryId,
        target: Option<TargetId>,
    ) -> Result<u32, AppError> {
        Ok(self
            .store
            .story_uses(user, target)
            .await?
            .into_iter()
            .find(|(id, _)| *id == story)
            .map_or(0, |(_, count)| count))
    }

    /// The warning to show when a story is about to be told, or has been told, a third time in
    /// one practice set.
    pub async fn overuse_warning(
        &self,
        user: UserId,
        story: &Story,
        target: Option<TargetId>,
        told_already: bool,
    ) -> Result<Option<String>, AppError> {
        let uses = self.story_uses(user, story.id, target).await? + u32::from(!told_already);
        let place = if target.is_some() {
            "in this set"
        } else {
            "so far"
        };
        Ok((uses >= OVERUSE).then(|| {
            format!(
                "This is answer {uses} told from “{}” {place}: interviewers notice a story told three times, so use another for the next question.",
                story.fields.title
            )
        }))
    }

    /// The newest target's resume text, if any target has one (to check a story's claims).
    async fn latest_resume(&self, user: UserId) -> Result<Option<String>, AppError> {
        for summary in self.store.targets(user).await? {
            if let Some(text) = self.target(user, summary.id).await?.resume_text {
                return Ok(Some(text));
            }
        }
        Ok(None)
    }
}

/// The outline a story gives an answer: each part's first sentence, as prompts to speak from.
pub fn story_outline(story: &Story) -> String {
    let mut out = Vec::new();
    for part in ["situation", "task", "action", "result"] {
        let text = story.fields.part(part).trim();
        if text.is_empty() {
            continue;
        }
        let first = rehearse_core::text::sentences(text)
            .first()
            .map(|span| span.of(text).trim().to_owned())
            .unwrap_or_else(|| text.to_owned());
        let mut label = part.to_owned();
        label[..1].make_ascii_uppercase();
        out.push(format!("{label}: {first}"));
    }
    out.join("\n")
}

fn checked(fields: StoryFields) -> Result<StoryFields, AppError> {
    Ok(fields.checked()?)
}

fn story_error(error: StoreError, id: StoryId) -> AppError {
    match error {
        StoreError::NotFound => AppError::StoryNotFound(id),
        other => AppError::Storage(other),
    }
}

/// `{"stories": [...]}` with the StoryFields shape: all stories, or the problems.
fn from_json(text: &str, labels: &[(&str, &str)]) -> Result<Imported, Vec<String>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        stories: Vec<StoryFields>,
    }
    let file: File = serde_json::from_str(text).map_err(|error| {
        vec![format!(
            "line {}: {}",
            error.line(),
            error
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
        )]
    })?;
    if file.stories.len() > MAX_STORIES {
        return Err(vec![format!(
            "{} stories in one file; the limit is {MAX_STORIES}",
            file.stories.len()
        )]);
    }
    check_imported(file.stories, labels).map_err(|problems| {
        problems
            .into_iter()
            .map(|(index, _, error)| format!("story {}: {error}", index + 1))
            .collect()
    })
}
