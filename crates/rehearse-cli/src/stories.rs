//! `rehearse stories ...`: the story bank from the terminal.

use std::io::{IsTerminal, Read};

use anyhow::{Context, Result, anyhow, bail};
use rehearse_app::{App, QuestionRef};
use rehearse_core::UserId;
use rehearse_core::story_bank::markdown::{from_markdown, to_markdown};
use rehearse_core::story_bank::{StoryFields, StoryId};
use rehearse_core::target::TargetId;
use serde_json::json;

use crate::commands::{editor, emit, emit_bytes, print_json, read_file};
use crate::{ExportFormat, StoriesCommand, StoryFieldArgs, output};

const USER: UserId = UserId::LOCAL;

pub async fn run(app: &App, command: StoriesCommand) -> Result<()> {
    let result = dispatch(app, command).await;
    app.shutdown().await;
    result
}

async fn dispatch(app: &App, command: StoriesCommand) -> Result<()> {
    match command {
        StoriesCommand::List(flag) => {
            let stories = app.stories(USER).await?;
            if flag.json {
                print_json(&json!({ "stories": stories }))
            } else {
                emit(&output::stories(&stories))
            }
        }
        StoriesCommand::Show(args) => {
            let id = StoryId(args.id);
            let story = app.story(USER, id).await?;
            let claims = app.story_claims(USER, id).await?;
            let flex = app.story_flex(USER, id).await?;
            let suggested = app.suggest_competencies(&story.fields);
            if args.json {
                print_json(&json!({
                    "story": story,
                    "suggested_competencies": suggested,
                    "claims": claims,
                    "answers": flex,
                }))
            } else {
                emit(&output::story(&story, &suggested, &claims, &flex))
            }
        }
        StoriesCommand::Add(args) => {
            let fields = match fields_from(&args.fields, None)? {
                Some(fields) => fields,
                None => from_editor(&template())?,
            };
            let story = app.create_story(USER, fields).await?;
            if args.json {
                print_json(&story)
            } else {
                let suggested = app.suggest_competencies(&story.fields);
                let mut text = format!("Saved as story {}.\n", story.id);
                if story.fields.competencies.is_empty() && !suggested.is_empty() {
                    text.push_str(&format!(
                        "Its words suggest: {}. Confirm with: rehearse stories edit {} {}\n",
                        suggested.join(", "),
                        story.id,
                        suggested
                            .iter()
                            .map(|name| format!("--competency {name}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ));
                }
                emit(&text)
            }
        }
        StoriesCommand::Edit(args) => {
            let id = StoryId(args.id);
            let current = app.story(USER, id).await?;
            let fields = match fields_from(&args.fields, Some(&current.fields))? {
                Some(fields) => fields,
                None => from_editor(&to_markdown(&[&current.fields]))?,
            };
            let story = app.update_story(USER, id, fields).await?;
            if args.json {
                print_json(&story)
            } else {
                emit(&format!("Story {} saved.\n", story.id))
            }
        }
        StoriesCommand::Rm(args) => {
            let id = StoryId(args.id);
            app.delete_story(USER, id).await?;
            emit(&format!("Story {id} deleted.\n"))
        }
        StoriesCommand::Import(args) => {
            let (name, bytes) = read_file(&args.file, "story file")?;
            let imported = app.import_stories(USER, &name, &bytes).await?;
            if args.json {
                print_json(&imported)
            } else {
                let count = imported.stories.len();
                let mut text = format!(
                    "Imported {count} {}.\n",
                    if count == 1 { "story" } else { "stories" }
                );
                for tag in &imported.tags {
                    text.push_str(&match tag.ours {
                        Some(ours) => format!("  “{}” is our “{ours}”.\n", tag.given),
                        None => format!(
                            "  “{}” is not one of ours: kept as your own tag (not counted in coverage).\n",
                            tag.given
                        ),
                    });
                }
                emit(&text)
            }
        }
        StoriesCommand::Export(args) => {
            let bytes = match args.format {
                ExportFormat::Markdown => app.export_stories(USER).await?.into_bytes(),
                ExportFormat::Pdf => app.cheat_sheet_pdf(USER).await?,
            };
            match &args.output {
                Some(path) => {
                    std::fs::write(path, &bytes)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    emit(&format!("Wrote {}.\n", path.display()))
                }
                None if args.format == ExportFormat::Pdf && std::io::stdout().is_terminal() => {
                    bail!("a PDF is not for the terminal; pass --output cheat-sheet.pdf")
                }
                None => emit_bytes(&bytes),
            }
        }
        StoriesCommand::Coverage(args) => {
            let coverage = app.story_coverage(USER, args.target.map(TargetId)).await?;
            if args.json {
                print_json(&coverage)
            } else {
                emit(&output::coverage(&coverage))
            }
        }
        StoriesCommand::Match(args) => {
            let question = match (args.question.question, args.question.question_id) {
                (Some(text), _) => QuestionRef::Text(text),
                (None, Some(id)) => QuestionRef::Id {
                    id,
                    target: args.target.map(TargetId),
                },
                (None, None) => bail!("give --question TEXT or --question-id ID"),
            };
            let matches = app.match_stories(USER, question).await?;
            if args.json {
                print_json(&json!({ "matches": matches }))
            } else {
                emit(&output::matches(&matches))
            }
        }
        StoriesCommand::Drafts(args) => {
            let drafts = app.story_drafts(USER, args.target.map(TargetId)).await?;
            if args.json {
                print_json(&json!({ "drafts": drafts }))
            } else {
                emit(&output::drafts(&drafts))
            }
        }
    }
}

/// The fields from `--file` or the field flags (over `current` when editing); `None` when
/// neither was given, for the editor to fill.
fn fields_from(
    args: &StoryFieldArgs,
    current: Option<&StoryFields>,
) -> Result<Option<StoryFields>> {
    if let Some(path) = &args.file {
        let text = if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .take(rehearse_app::MAX_IMPORT_BYTES as u64 + 1)
                .read_to_string(&mut text)
                .context("cannot read standard input as UTF-8 text")?;
            text
        } else {
            let (name, bytes) = read_file(path, "story file")?;
            String::from_utf8(bytes).map_err(|_| anyhow!("{name} is not UTF-8 text"))?
        };
        return one_story(&text).map(Some);
    }
    let given = args.title.is_some()
        || args.situation.is_some()
        || args.task.is_some()
        || args.action.is_some()
        || args.result.is_some()
        || args.reflection.is_some()
        || args.when.is_some()
        || !args.competencies.is_empty()
        || !args.metrics.is_empty()
        || !args.forbidden_claims.is_empty();
    if !given {
        return Ok(None);
    }
    let mut fields = current.cloned().unwrap_or_default();
    let set = |slot: &mut String, value: &Option<String>| {
        if let Some(value) = value {
            *slot = value.clone();
        }
    };
    set(&mut fields.title, &args.title);
    set(&mut fields.situation, &args.situation);
    set(&mut fields.task, &args.task);
    set(&mut fields.action, &args.action);
    set(&mut fields.result, &args.result);
    set(&mut fields.reflection, &args.reflection);
    if args.when.is_some() {
        fields.when = args.when.clone();
    }
    if !args.competencies.is_empty() {
        fields.competencies = args.competencies.clone();
    }
    if !args.metrics.is_empty() {
        fields.metrics = args.metrics.clone();
    }
    if !args.forbidden_claims.is_empty() {
        fields.forbidden_claims = args.forbidden_claims.clone();
    }
    Ok(Some(fields))
}

/// Exactly one story from Markdown; problems are reported by line.
fn one_story(text: &str) -> Result<StoryFields> {
    let mut stories = from_markdown(text)
        .map(|imported| imported.stories)
        .map_err(|errors| {
            anyhow!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })?;
    match stories.len() {
        1 => Ok(stories.remove(0)),
        count => bail!(
            "the file holds {count} stories; add one at a time, or use `rehearse stories import`"
        ),
    }
}

/// The skeleton the editor opens with for a new story.
fn template() -> String {
    "# A few words you will recognise the story by\n\n\
     - Competencies: \n\
     - When: \n\n\
     ## Situation\n\nWhere and when, in one or two sentences.\n\n\
     ## Task\n\nWhat you had to achieve, in one sentence.\n\n\
     ## Action\n\nWhat you did yourself (\"I\", not \"we\"): the heart of the story, half of it or more.\n\n\
     ## Result\n\nWhat came of it, with a number if you can.\n\n\
     ## Reflection\n\nWhat you learned.\n"
        .to_owned()
}

/// Opens the editor on `initial` and reads back one story.
fn from_editor(initial: &str) -> Result<StoryFields> {
    if editor().is_none() || !std::io::stdin().is_terminal() {
        bail!(
            "give the story with --file PATH (Markdown) or with --title and --action (and the other parts), or set EDITOR to write it in your editor"
        );
    }
    let text = crate::commands::edit_in_editor(initial, "story.md")?;
    one_story(&text)
}
