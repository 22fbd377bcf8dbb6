//! Targets and their question sets: reading a posting (text, file or URL) and a resume, building
//! the set, saving it, correcting the profile, swapping and adding questions, and practising a
//! question from a set.

use rehearse_core::limits::MAX_QUESTION_CHARS;
use rehearse_core::posting::{JobProfile, PostingSkill, read_posting};
use rehearse_core::question_set::{
    DEFAULT_COUNT, MAX_COUNT, QuestionSet, SetQuestion, SetRequest, build_set, more_like,
};
use rehearse_core::resume::{Resume, read_resume};
use rehearse_core::target::{NewTarget, Target, TargetId, TargetSummary};
use rehearse_core::{AnalysisInput, QuestionKind, RoleFamily, Seniority, UserId};
use rehearse_store::StoreError;

use crate::{App, AppError};

/// The longest posting or resume text accepted, in characters (a long posting is ~15,000).
pub const MAX_DOCUMENT_CHARS: usize = 100_000;

/// How many swapped-out questions a set keeps for the answers given to them.
pub const MAX_RETIRED: usize = 100;

/// Where a posting comes from.
#[derive(Debug, Clone)]
pub enum PostingSource {
    Text(String),
    Url(String),
    File { name: String, bytes: Vec<u8> },
}

/// Where a resume comes from.
#[derive(Debug, Clone)]
pub enum ResumeSource {
    Text(String),
    File { name: String, bytes: Vec<u8> },
}

/// A request for a question set, from any interface.
#[derive(Debug, Clone, Default)]
pub struct SetSpec {
    pub posting: Option<PostingSource>,
    pub resume: Option<ResumeSource>,
    /// The role in the user's words ("data scientist"); used as the title when given.
    pub role: Option<String>,
    pub level: Option<Seniority>,
    /// How many questions; `None` for the default.
    pub count: Option<usize>,
}

/// A built set with everything read on the way.
#[derive(Debug, Clone)]
pub struct PreparedSet {
    pub posting_text: String,
    pub profile: JobProfile,
    pub resume_name: Option<String>,
    pub resume_text: Option<String>,
    pub resume: Option<Resume>,
    pub set: QuestionSet,
}

/// Corrections to a profile the reader got wrong.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    pub title: Option<String>,
    pub company: Option<String>,
    pub role_family: Option<RoleFamily>,
    pub seniority: Option<Seniority>,
    /// The full list of skills the role needs, in the user's words (matched to canonical names).
    pub skills: Option<Vec<String>>,
}

/// A question to practise, resolved from the bank or a target's set.
#[derive(Debug, Clone)]
pub struct PracticeSubject {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    pub competencies: Vec<String>,
    /// Reference points checked by the engine (technical questions only).
    pub key_points: Vec<String>,
    pub tests: Option<String>,
    /// Key points shown to the user as "a strong answer" (every kind).
    pub guidance: Vec<String>,
    pub difficulty: Option<rehearse_core::Difficulty>,
    /// Why it is in the target's set, for questions from a set.
    pub why: Option<String>,
    pub quote: Option<String>,
}

impl PracticeSubject {
    /// The analysis input for an answer to this question.
    pub fn input<'a>(&'a self, answer: &'a str) -> AnalysisInput<'a> {
        AnalysisInput {
            question: &self.text,
            kind: self.kind,
            competencies: &self.competencies,
            key_points: &self.key_points,
            answer,
        }
    }
}

/// A name typed in a one-line field: control characters (a pasted CR or tab) become spaces, runs
/// of spaces one, at most 200 characters; `None` when nothing is left.
fn one_line(text: &str) -> Option<String> {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(joined.chars().take(200).collect::<String>()).filter(|name| !name.is_empty())
}

fn check_length(text: &str, what: &'static str) -> Result<(), AppError> {
    let chars = text.chars().count();
    if chars > MAX_DOCUMENT_CHARS {
        return Err(AppError::DocumentTooLong { what, chars });
    }
    Ok(())
}

/// Reads the posting and resume and builds the set, without saving anything: the one set-building
/// entry point, used by [`App::prepare_set`] and by callers with no database
/// (`rehearse questions`).
pub async fn prepare_set(
    bank: &rehearse_content::Bank,
    skills: &rehearse_core::skills::SkillLexicon,
    readers: &crate::Readers,
    meaning: Option<&dyn rehearse_core::meaning::Embedder>,
    spec: SetSpec,
) -> Result<PreparedSet, AppError> {
    let count = spec.count.unwrap_or(DEFAULT_COUNT);
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(AppError::CountOutOfRange { given: count });
    }
    if let Some(role) = &spec.role
        && role.chars().count() > MAX_QUESTION_CHARS / 10
    {
        return Err(AppError::RoleTooLong);
    }
    let posting_text = match spec.posting {
        Some(PostingSource::Text(text)) => {
            // Pasted text is measured as given (what the user sees and the API documents).
            check_length(&text, "posting")?;
            crate::documents::normalise(&if rehearse_core::markup::looks_like_html(&text) {
                rehearse_core::markup::html_to_text(&text)
            } else {
                text
            })
        }
        Some(PostingSource::Url(url)) => readers.fetcher.fetch_text(&url).await?,
        Some(PostingSource::File { name, bytes }) => readers.documents.read(name, bytes).await?,
        None => String::new(),
    };
    check_length(&posting_text, "posting")?;
    if posting_text.trim().is_empty()
        && spec
            .role
            .as_deref()
            .is_none_or(|role| role.trim().is_empty())
    {
        return Err(AppError::MissingPosting);
    }
    let (resume_name, resume_text) = match spec.resume {
        Some(ResumeSource::Text(text)) => {
            check_length(&text, "resume")?;
            (None, Some(crate::documents::normalise(&text)))
        }
        Some(ResumeSource::File { name, bytes }) => {
            let shown = name
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&name)
                .chars()
                .take(80)
                .collect();
            (
                Some(shown),
                Some(readers.documents.read(name, bytes).await?),
            )
        }
        None => (None, None),
    };
    if let Some(text) = &resume_text {
        check_length(text, "resume")?;
    }
    let resume_text = resume_text.filter(|text| !text.trim().is_empty());

    let role = spec
        .role
        .as_deref()
        .map(str::trim)
        .filter(|role| !role.is_empty());
    let mut profile = read_posting(&posting_text, skills, role);
    if let Some(level) = spec.level {
        profile.seniority = level;
    }
    let resume = resume_text.as_deref().map(|text| read_resume(text, skills));
    let set = build_set(&SetRequest {
        profile: &profile,
        resume: resume.as_ref(),
        bank: bank.questions(),
        count,
        exclude: &[],
        meaning,
    });
    Ok(PreparedSet {
        posting_text,
        profile,
        resume_name,
        resume_text,
        resume,
        set,
    })
}

impl App {
    /// Reads the posting and resume and builds the set, without saving anything.
    pub async fn prepare_set(&self, spec: SetSpec) -> Result<PreparedSet, AppError> {
        let embedder = self.embedder();
        prepare_set(
            &self.bank,
            &self.skills,
            &self.readers,
            embedder.as_deref(),
            spec,
        )
        .await
    }

    /// Builds a set and saves it as a target.
    pub async fn create_target(&self, user: UserId, spec: SetSpec) -> Result<Target, AppError> {
        let prepared = self.prepare_set(spec).await?;
        let target = self
            .store
            .insert_target(
                user,
                NewTarget {
                    posting: prepared.posting_text,
                    profile: prepared.profile,
                    resume_text: prepared.resume_text,
                    resume_name: prepared.resume_name,
                    resume: prepared.resume,
                    set: prepared.set,
                    created_at: self.clock.now(),
                },
            )
            .await?;
        tracing::info!(target = %target.id, questions = target.set.questions.len(), "target saved");
        Ok(target)
    }

    /// Every target of `user`, newest first (to choose one from).
    pub async fn targets(&self, user: UserId) -> Result<Vec<TargetSummary>, AppError> {
        Ok(self.store.targets(user).await?)
    }

    /// A page of `user`'s targets, newest first: `limit` (1–[`crate::MAX_PAGE`]) older than
    /// `after`, with the cursor of the next page when there is one.
    pub async fn targets_page(
        &self,
        user: UserId,
        after: Option<TargetId>,
        limit: u32,
    ) -> Result<crate::Page<TargetSummary>, AppError> {
        let limit = limit.clamp(1, crate::MAX_PAGE);
        let items = self.store.targets_page(user, after, limit + 1).await?;
        Ok(crate::Page::of(items, limit, |target| target.id.0))
    }

    /// One target of `user`.
    pub async fn target(&self, user: UserId, id: TargetId) -> Result<Target, AppError> {
        self.store
            .target(user, id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => AppError::TargetNotFound(id),
                other => AppError::Storage(other),
            })
    }

    /// Corrects the profile and rebuilds the set from it (questions the user already swapped out
    /// stay out).
    pub async fn edit_profile(
        &self,
        user: UserId,
        id: TargetId,
        edit: ProfileEdit,
    ) -> Result<Target, AppError> {
        let target = self.target(user, id).await?;
        let mut profile = target.profile.clone();
        if let Some(title) = edit.title {
            profile.title = one_line(&title);
        }
        if let Some(company) = edit.company {
            profile.company = one_line(&company);
        }
        if let Some(family) = edit.role_family {
            profile.role_family = family;
        }
        if let Some(level) = edit.seniority {
            profile.seniority = level;
        }
        if let Some(skills) = edit.skills {
            profile.skills = self.skills_from_words(&target, &skills);
        }
        let embedder = self.embedder();
        let set = build_set(&SetRequest {
            profile: &profile,
            resume: target.resume.as_ref(),
            bank: self.bank.questions(),
            count: target.set.questions.len().clamp(1, MAX_COUNT),
            exclude: &[],
            meaning: embedder.as_deref(),
        });
        Ok(self
            .store
            .update_target(user, id, profile, set, self.clock.now())
            .await?)
    }

    /// The skills the user listed, as canonical names where the lexicon knows them, keeping the
    /// posting's quote for those the posting mentions.
    fn skills_from_words(&self, target: &Target, words: &[String]) -> Vec<PostingSkill> {
        let mut out: Vec<PostingSkill> = Vec::new();
        for word in words
            .iter()
            .map(|word| word.trim())
            .filter(|word| !word.is_empty())
            .take(60)
        {
            let name = self
                .skills
                .find(word)
                .first()
                .map(|hit| self.skills.get(hit.skill).name.clone())
                .unwrap_or_else(|| word.chars().take(60).collect());
            if out
                .iter()
                .any(|skill| skill.name.eq_ignore_ascii_case(&name))
            {
                continue;
            }
            let quote = target
                .profile
                .skills
                .iter()
                .find(|skill| skill.name.eq_ignore_ascii_case(&name))
                .map(|skill| skill.quote.clone())
                .unwrap_or_default();
            out.push(PostingSkill {
                name,
                required: true,
                quote,
            });
        }
        out
    }

    /// Replaces one question of a target's set with the best one of the same kind not yet seen;
    /// the one replaced is kept aside (`QuestionSet::retired`, the newest [`MAX_RETIRED`]).
    pub async fn swap_question(
        &self,
        user: UserId,
        id: TargetId,
        question_id: &str,
    ) -> Result<Target, AppError> {
        let target = self.target(user, id).await?;
        let position = target
            .set
            .questions
            .iter()
            .position(|question| question.id == question_id)
            .ok_or_else(|| AppError::SetQuestionNotFound(question_id.chars().take(80).collect()))?;
        let kind = target.set.questions[position].kind;
        // Swapped-out questions stay out of the set, and stay findable for past answers.
        let seen: Vec<String> = target
            .set
            .questions
            .iter()
            .chain(&target.set.retired)
            .map(|question| question.id.clone())
            .collect();
        let embedder = self.embedder();
        let request = SetRequest {
            profile: &target.profile,
            resume: target.resume.as_ref(),
            bank: self.bank.questions(),
            count: MAX_COUNT,
            exclude: &seen,
            meaning: embedder.as_deref(),
        };
        let fresh = build_set(&request);
        let replacement = fresh
            .questions
            .iter()
            .find(|question| question.kind == kind)
            .or_else(|| fresh.questions.first())
            .cloned()
            .ok_or(AppError::NothingToSwap)?;
        let mut set = target.set.clone();
        let swapped = std::mem::replace(&mut set.questions[position], replacement);
        set.retired.push(swapped);
        if set.retired.len() > MAX_RETIRED {
            set.retired.remove(0);
        }
        Ok(self
            .store
            .update_target(user, id, target.profile.clone(), set, self.clock.now())
            .await?)
    }

    /// Adds up to three questions like one of the set.
    pub async fn more_like_this(
        &self,
        user: UserId,
        id: TargetId,
        question_id: &str,
    ) -> Result<Target, AppError> {
        let target = self.target(user, id).await?;
        if target.question(question_id).is_none() {
            return Err(AppError::SetQuestionNotFound(
                question_id.chars().take(80).collect(),
            ));
        }
        let room = MAX_COUNT.saturating_sub(target.set.questions.len()).min(3);
        if room == 0 {
            return Err(AppError::SetFull);
        }
        let seen: Vec<String> = target
            .set
            .questions
            .iter()
            .map(|question| question.id.clone())
            .collect();
        let embedder = self.embedder();
        let request = SetRequest {
            profile: &target.profile,
            resume: target.resume.as_ref(),
            bank: self.bank.questions(),
            count: MAX_COUNT,
            exclude: &seen,
            meaning: embedder.as_deref(),
        };
        let similar = more_like(&request, question_id, room);
        if similar.is_empty() {
            return Err(AppError::NothingSimilar);
        }
        let mut set = target.set.clone();
        let after = set
            .questions
            .iter()
            .position(|question| question.id == question_id)
            .map_or(set.questions.len(), |at| at + 1);
        for (offset, question) in similar.into_iter().enumerate() {
            set.questions.insert(after + offset, question);
        }
        Ok(self
            .store
            .update_target(user, id, target.profile.clone(), set, self.clock.now())
            .await?)
    }

    /// Analyses an answer to a question of a target's set, without saving it (feedback while
    /// typing).
    pub async fn analyze_practice(
        &self,
        user: UserId,
        question_id: &str,
        target: TargetId,
        answer: &str,
    ) -> Result<rehearse_core::Analysis, AppError> {
        crate::check_answer(answer)?;
        let subject = self
            .practice_subject(user, question_id, Some(target))
            .await?;
        Ok(self.analysis(&subject.input(answer)).await)
    }

    /// The question to practise: from a target's set when `target` is given, else from the bank.
    pub async fn practice_subject(
        &self,
        user: UserId,
        question_id: &str,
        target: Option<TargetId>,
    ) -> Result<PracticeSubject, AppError> {
        if let Some(target_id) = target {
            let target = self.target(user, target_id).await?;
            let question = target.question(question_id).ok_or_else(|| {
                AppError::SetQuestionNotFound(question_id.chars().take(80).collect())
            })?;
            let bank = self.bank.get(question_id);
            return Ok(subject_from_set(question, bank));
        }
        Ok(subject_from_bank(self.question(question_id)?))
    }
}

/// A bank question as a subject: the engine checks its reference key points.
pub(crate) fn subject_from_bank(question: &rehearse_core::Question) -> PracticeSubject {
    PracticeSubject {
        id: question.id.0.clone(),
        text: question.text.clone(),
        kind: question.kind,
        competencies: question.competencies.clone(),
        key_points: crate::reference_key_points(question).to_vec(),
        tests: Some(question.tests.clone()),
        guidance: question.key_points.clone(),
        difficulty: Some(question.difficulty),
        why: None,
        quote: None,
    }
}

/// A set's question as a subject: only technical questions are checked against key points.
pub(crate) fn subject_from_set(
    question: &SetQuestion,
    bank: Option<&rehearse_core::Question>,
) -> PracticeSubject {
    PracticeSubject {
        id: question.id.clone(),
        text: question.text.clone(),
        kind: question.kind,
        competencies: question.competencies.clone(),
        key_points: if question.kind == QuestionKind::Technical {
            question.key_points.clone()
        } else {
            Vec::new()
        },
        tests: bank.map(|bank| bank.tests.clone()),
        guidance: question.key_points.clone(),
        difficulty: bank.map(|bank| bank.difficulty),
        why: Some(question.why.clone()),
        quote: question.source.quote.clone(),
    }
}
