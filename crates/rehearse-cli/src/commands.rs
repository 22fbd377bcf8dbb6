//! Each command: build what it needs, call the app, print.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use rehearse_app::documents::MAX_FILE_BYTES;
use rehearse_app::{
    AnalyzeRequest, App, CoachPart, DocumentReader, LLM_TIMEOUT, LlmSettings, PostingSource,
    ResumeSource, SetSpec, SubmitAttempt, SystemClock, build_llm, prepare_set,
};
use rehearse_content::Bank;
use rehearse_core::limits::MAX_DURATION_SECONDS;
use rehearse_core::skills::SkillLexicon;
use rehearse_core::story_bank::StoryId;
use rehearse_core::target::TargetId;
use rehearse_core::{AttemptId, QuestionFilter, UserId};
use rehearse_llm::{LlmProvider, Reliable};
use rehearse_store::SqliteStore;
use serde_json::json;

use crate::output;
use crate::{
    AnalyzeArgs, AttemptsCommand, BankCommand, Cli, Command, LlmFlags, PracticeArgs, QuestionsArgs,
    QuestionsCommand, TargetsCommand,
};

/// The most bytes read from an answer file or standard input. An answer is at most 20,000
/// characters (80 KB even in four-byte characters); reading stops well before a wrong file fills
/// memory.
const MAX_ANSWER_FILE_BYTES: u64 = 1024 * 1024;

/// The built-in bank and skills lexicon, loaded once.
struct Content {
    /// The question bank and the skills lexicon, built when a command first needs them (about
    /// 20 and 25 ms), so a command that needs neither does not pay for them.
    packs: Option<PathBuf>,
    bank: std::sync::OnceLock<Arc<Bank>>,
    skills: std::sync::OnceLock<Arc<SkillLexicon>>,
    /// The LLM settings (config file, then environment) and where the file is.
    settings: LlmSettings,
    config_path: Option<PathBuf>,
    /// The models folder (the sentence model is loaded from it when first needed).
    models: Option<rehearse_models::ModelsDir>,
}

impl Content {
    /// The built-in bank (with the user's pack), the skills lexicon and the LLM settings.
    fn load(packs: Option<&Path>, config: Option<&Path>, models: Option<&Path>) -> Result<Content> {
        let config_path = crate::config::config_path(config);
        Ok(Content {
            packs: packs.map(Path::to_path_buf),
            bank: std::sync::OnceLock::new(),
            skills: std::sync::OnceLock::new(),
            settings: crate::config::llm_settings(config_path.as_deref())?,
            config_path,
            models: crate::models::models_dir(models),
        })
    }

    /// The built-in bank with the user's pack.
    fn bank(&self) -> Result<Arc<Bank>> {
        if let Some(bank) = self.bank.get() {
            return Ok(bank.clone());
        }
        let bank = Arc::new(load_bank(self.packs.as_deref())?);
        Ok(self.bank.get_or_init(|| bank).clone())
    }

    /// The built-in skills lexicon.
    fn skills(&self) -> Result<Arc<SkillLexicon>> {
        if let Some(skills) = self.skills.get() {
            return Ok(skills.clone());
        }
        let skills = Arc::new(
            rehearse_content::builtin_skills().context("the built-in skills lexicon is broken")?,
        );
        Ok(self.skills.get_or_init(|| skills).clone())
    }

    /// The sentence model from the models folder (loaded when first used), or none.
    fn meaning(&self) -> rehearse_app::meaning::Meaning {
        match &self.models {
            Some(dir) => rehearse_app::meaning::Meaning::from_dir(dir.clone()),
            None => rehearse_app::meaning::Meaning::none(),
        }
    }

    /// The configured model, unless `--offline`; with `--llm`, an error when there is none.
    fn llm(&self, flags: LlmFlags) -> Result<Option<Arc<Reliable>>> {
        if flags.offline {
            return Ok(None);
        }
        let llm = build_llm(&self.settings, LLM_TIMEOUT)?;
        if flags.llm && llm.is_none() {
            bail!(
                "--llm needs a model: set REHEARSE_LLM=openai:MODEL or anthropic:MODEL (with OPENAI_API_KEY or ANTHROPIC_API_KEY), or choose one on the settings page"
            );
        }
        Ok(llm)
    }
}

pub async fn run(cli: Cli) -> Result<()> {
    // Checking a pack must not need the pack to load, so content is loaded per command.
    let content = || {
        Content::load(
            cli.packs.as_deref(),
            cli.config.as_deref(),
            cli.models.as_deref(),
        )
    };
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Bank(BankCommand::Validate(args)) => validate_bank(&args.dir),
        Command::ReadDocument { .. } => bail!("read-document runs only as the server's child"),
        Command::Models(args) => crate::models::run(cli.models.as_deref(), args).await,
        Command::Serve(args) => serve(&open_app(cli.db, &content()?).await?, &args).await,
        Command::Analyze(args) => analyze(&content()?, args).await,
        Command::Questions(QuestionsArgs {
            command: Some(QuestionsCommand::List(args)),
            ..
        }) => {
            let content = content()?;
            let bank = content.bank()?;
            let questions: Vec<_> = bank
                .filtered(QuestionFilter {
                    kind: args.kind,
                    role: args.role,
                })
                .collect();
            if args.json {
                print_json(&json!({ "questions": questions }))
            } else {
                emit(&output::questions(&questions))
            }
        }
        Command::Questions(args) => questions(cli.db, &content()?, args).await,
        Command::Practice(args) => practice(&open_app(cli.db, &content()?).await?, args).await,
        Command::Targets(command) => targets(&open_app(cli.db, &content()?).await?, command).await,
        Command::Mock(args) => crate::mock::run(&open_app(cli.db, &content()?).await?, args).await,
        Command::Estimate(args) => {
            let estimate =
                rehearse_core::estimate::estimate(rehearse_core::estimate::EstimateInput {
                    dau: args.dau,
                    requests_per_user: args.requests_per_user,
                    payload_bytes: args.payload_bytes,
                    read_write: args.read_write,
                    retention_days: args.retention_days,
                    peak_factor: args.peak_factor,
                })?;
            if args.json {
                print_json(&estimate)
            } else {
                emit(&output::estimate(&estimate, args.tables))
            }
        }
        Command::Plan(args) => crate::prep::plan(&open_app(cli.db, &content()?).await?, args).await,
        Command::Due(flag) => crate::prep::due(&open_app(cli.db, &content()?).await?, flag).await,
        Command::Progress(flag) => {
            crate::prep::progress(&open_app(cli.db, &content()?).await?, flag).await
        }
        Command::Stories(command) => {
            crate::stories::run(&open_app(cli.db, &content()?).await?, command).await
        }
        Command::Attempts(AttemptsCommand::List(args)) => {
            let app = open_app(cli.db, &content()?).await?;
            let page = app
                .attempts(UserId::LOCAL, args.after.map(AttemptId), args.limit)
                .await?;
            app.shutdown().await;
            if args.json {
                print_json(&json!({ "attempts": page.items, "next_after": page.next }))
            } else {
                let mut text = output::attempts(&page.items);
                if let Some(after) = page.next {
                    text.push_str(&format!(
                        "\nOlder answers: rehearse attempts list --after {after}\n"
                    ));
                }
                emit(&text)
            }
        }
        Command::Attempts(AttemptsCommand::Show(args)) => {
            let app = open_app(cli.db, &content()?).await?;
            let attempt = app.attempt(UserId::LOCAL, AttemptId(args.id)).await;
            app.shutdown().await;
            let attempt = attempt?;
            if args.json {
                print_json(&attempt)
            } else {
                emit(&output::attempt(&attempt))
            }
        }
    }
}

/// The database location: `--db`/`REHEARSE_DB`, or `rehearse.db` in the user's data directory
/// (created if missing).
fn database_location(db: Option<String>) -> Result<String> {
    if let Some(db) = db {
        return Ok(db);
    }
    let data_dir = dirs::data_dir()
        .ok_or_else(|| anyhow!("cannot find your data directory; pass --db PATH to choose where to keep the database"))?
        .join("rehearse");
    crate::config::create_private_dir(&data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}; pass --db PATH to use another place",
            data_dir.display()
        )
    })?;
    Ok(data_dir.join("rehearse.db").to_string_lossy().into_owned())
}

async fn open_app(db: Option<String>, content: &Content) -> Result<App> {
    let location = database_location(db)?;
    let store = SqliteStore::open(&location).await?;
    tracing::debug!(%location, "database open");
    let mut app = App::new(
        Arc::new(store),
        content.bank()?,
        content.skills()?,
        Arc::new(SystemClock),
    )
    .with_llm(content.llm(LlmFlags::default())?)
    .with_document_reader(readers().documents)
    .with_meaning(content.meaning());
    if let Some(path) = &content.config_path {
        app = app.with_settings(
            Arc::new(crate::config::FileSettings { path: path.clone() }),
            content.settings.clone(),
        );
    }
    let app = app.with_speech(
        crate::config::speech_settings(content.config_path.as_deref())?,
        content.models.clone(),
    )?;
    Ok(app)
}

/// How this program reads postings and files: public web pages only, and uploaded files in a
/// child process of this same binary (`rehearse read-document`) with memory and time limits.
fn readers() -> rehearse_app::Readers {
    let mut readers = rehearse_app::Readers::default();
    match std::env::current_exe() {
        Ok(program) => readers.documents = DocumentReader::in_child(program),
        Err(error) => {
            tracing::warn!("files are read in this process: cannot find this program ({error})")
        }
    }
    readers
}

/// Reads a file given on the command line, refusing anything over the upload limit before
/// reading it.
pub(crate) fn read_file(path: &Path, what: &str) -> Result<(String, Vec<u8>)> {
    let metadata = std::fs::metadata(path)
        .with_context(|| format!("cannot read the {what} {}", path.display()))?;
    if metadata.len() > MAX_FILE_BYTES as u64 {
        bail!(
            "the {what} {} is {:.1} MB; the limit is 10 MB, so export a smaller file or paste the text",
            path.display(),
            metadata.len() as f64 / (1024.0 * 1024.0)
        );
    }
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the {what} {}", path.display()))?;
    Ok((path.display().to_string(), bytes))
}

/// `rehearse questions`: the set for a posting (and resume), printed; saved with `--save`.
async fn questions(db: Option<String>, content: &Content, args: QuestionsArgs) -> Result<()> {
    let posting = match args.jd.as_deref() {
        None => None,
        Some("-") => Some(PostingSource::Text(read_limited_utf8(
            std::io::stdin(),
            "standard input",
        )?)),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Some(PostingSource::Url(url.to_owned()))
        }
        Some(path) => {
            let (name, bytes) = read_file(Path::new(path), "posting")?;
            Some(PostingSource::File { name, bytes })
        }
    };
    let resume = match &args.resume {
        Some(path) => {
            let (name, bytes) = read_file(path, "resume")?;
            Some(ResumeSource::File { name, bytes })
        }
        None => None,
    };
    let spec = SetSpec {
        posting,
        resume,
        role: args.role,
        level: args.level,
        count: args.count,
    };
    let llm = content.llm(args.llm)?;
    if let Some(llm) = &llm {
        eprintln!(
            "Asking {} for more questions (the posting and resume are sent; --offline keeps them here)…",
            llm.describe()
        );
    }
    let mut notices = Vec::new();
    let (set, profile, saved) = if args.save {
        let app = open_app(db, content).await?.with_llm(llm);
        let result = async {
            let mut target = app.create_target(UserId::LOCAL, spec).await?;
            if app.llm_status().configured {
                // Running with a model configured is the user's consent for this target.
                app.set_target_llm(UserId::LOCAL, target.id, true).await?;
                let (updated, notice) = app
                    .add_target_llm_questions(UserId::LOCAL, target.id)
                    .await?;
                target = updated;
                notices.extend(notice);
            }
            Ok::<_, rehearse_app::AppError>(target)
        }
        .await;
        app.shutdown().await;
        let target = result?;
        (target.set.clone(), target.profile.clone(), Some(target.id))
    } else {
        let embedder = content.meaning().embedder();
        let mut prepared = prepare_set(
            &*content.bank()?,
            &*content.skills()?,
            &readers(),
            embedder.as_deref(),
            spec,
        )
        .await?;
        if let Some(llm) = &llm
            && let Err(notice) =
                rehearse_app::coaching::add_llm_questions(llm.as_ref(), &mut prepared, 5).await
        {
            notices.push(notice);
        }
        (prepared.set, prepared.profile, None)
    };
    for notice in &notices {
        eprintln!("note: {notice}");
    }
    if args.json {
        let mut document = serde_json::to_value(&set).context("cannot encode JSON")?;
        document["profile"] = serde_json::to_value(&profile).context("cannot encode JSON")?;
        if let Some(id) = saved {
            document["target_id"] = json!(id);
        }
        if !notices.is_empty() {
            document["notices"] = json!(notices);
        }
        print_json(&document)
    } else {
        emit(&output::question_set(&set, &profile, saved))
    }
}

async fn targets(app: &App, command: TargetsCommand) -> Result<()> {
    let result = match command {
        TargetsCommand::List(flag) => {
            let targets = app.targets(UserId::LOCAL).await;
            targets.map_err(anyhow::Error::from).and_then(|targets| {
                if flag.json {
                    print_json(&json!({ "targets": targets }))
                } else {
                    emit(&output::targets(&targets))
                }
            })
        }
        TargetsCommand::Show(args) => {
            let target = app.target(UserId::LOCAL, TargetId(args.id)).await;
            target.map_err(anyhow::Error::from).and_then(|target| {
                if args.json {
                    print_json(&target)
                } else {
                    emit(&output::question_set(
                        &target.set,
                        &target.profile,
                        Some(target.id),
                    ))
                }
            })
        }
    };
    app.shutdown().await;
    result
}

/// The question files of a pack folder, as `(path, text)` pairs in name order.
fn read_pack(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the question pack folder {}", dir.display()))?;
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read the question pack folder {}", dir.display()))?
            .path();
        if path
            .extension()
            .is_some_and(|extension| extension == "toml")
        {
            let (name, bytes) = read_file(&path, "question file")?;
            let text = String::from_utf8(bytes).map_err(|_| anyhow!("{name} is not UTF-8 text"))?;
            files.push((name, text));
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("{} holds no .toml question files", dir.display());
    }
    Ok(files)
}

/// The built-in bank, with the user's pack when there is one: `--packs DIR`, else `packs/` in
/// the data directory if it exists. A broken pack stops the command with a pointer to the check.
fn load_bank(packs: Option<&Path>) -> Result<Bank> {
    let default = dirs::data_dir()
        .map(|dir| dir.join("rehearse").join("packs"))
        .filter(|dir| dir.is_dir());
    let Some(dir) = packs.map(Path::to_path_buf).or(default) else {
        return Bank::builtin().context("the built-in question bank is broken");
    };
    let files = read_pack(&dir)?;
    Bank::builtin_with_pack(
        files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
    .map_err(|errors| {
        anyhow!(
            "the question pack in {} has {} problem{}; run `rehearse bank validate {}` to see them",
            dir.display(),
            errors.0.len(),
            if errors.0.len() == 1 { "" } else { "s" },
            dir.display()
        )
    })
}

/// `rehearse bank validate DIR`: every `*.toml` in the folder, validated together with the
/// built-in bank (so an id that clashes with a built-in question is caught).
fn validate_bank(dir: &Path) -> Result<()> {
    let files = read_pack(dir)?;
    match Bank::builtin_with_pack(
        files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    ) {
        Ok(bank) => emit(&format!(
            "ok: {} questions in {} file{}; the bank with them holds {}\n",
            bank.questions().len() - Bank::builtin().map_or(0, |builtin| builtin.questions().len()),
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            bank.questions().len()
        )),
        Err(errors) => {
            let mut report = String::new();
            for error in &errors.0 {
                report.push_str(&format!("{error}\n"));
            }
            std::io::stderr().write_all(report.as_bytes()).ok();
            bail!(
                "{} problem{} in {}",
                errors.0.len(),
                if errors.0.len() == 1 { "" } else { "s" },
                dir.display()
            )
        }
    }
}

async fn serve(app: &App, args: &crate::ServeArgs) -> Result<()> {
    let addr = args.addr.as_str();
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|error| {
        let hint = match error.kind() {
            std::io::ErrorKind::AddrInUse => "the port is already in use (is Rehearse already running?); pass --addr with another port, e.g. --addr 127.0.0.1:7879",
            std::io::ErrorKind::PermissionDenied => "permission denied; use a port above 1023",
            _ => "check the address, e.g. --addr 127.0.0.1:7878",
        };
        anyhow!("cannot listen on {addr}: {error}; {hint}")
    })?;
    let local = listener
        .local_addr()
        .context("cannot read the listening address")?;
    emit(&format!(
        "Rehearse is running at http://{local}/ (press Ctrl-C to stop)\n"
    ))?;
    // The sentence model loads in the background (and the bank's vectors, once per model), so the
    // first answer does not wait for it.
    app.warm_up_meaning();
    rehearse_web::serve(
        listener,
        app.clone(),
        &args.allowed_hosts,
        shutdown_signal(),
    )
    .await
    .context("the web server failed")?;
    // Requests in flight have finished; now flush the database before exiting.
    app.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn analyze(content: &Content, args: AnalyzeArgs) -> Result<()> {
    let heard = match &args.audio {
        Some(path) => Some(hear(content, path, args.json).await?),
        None => None,
    };
    // With a recording, an answer file is the user's correction of what was heard.
    let answer = match (&args.answer_file, &heard) {
        (Some(path), _) => read_answer(path)?,
        (None, Some((transcript, _))) => transcript.text.clone(),
        (None, None) => bail!("give --answer-file or --audio"),
    };
    let request = AnalyzeRequest {
        question: args.question.clone(),
        question_id: args.question_id.clone(),
        kind: args.kind,
        key_points: args.key_points.clone(),
        answer,
    };
    // The bank is read only to find a question given by id.
    let bank = match &request.question_id {
        Some(_) => content.bank()?,
        None => Arc::new(Bank::default()),
    };
    let meaning = content.meaning();
    let embedder = meaning.embedder();
    let analysis = rehearse_app::analyze_answer_as_said(
        &bank,
        &request,
        embedder.as_deref(),
        heard
            .as_ref()
            .map(|(transcript, clip)| (transcript, Some(clip))),
    )?;
    let llm = content.llm(args.llm)?;
    let coached = match &llm {
        Some(llm) => {
            let question = match (&request.question, &request.question_id) {
                (Some(text), _) => text.clone(),
                (None, Some(id)) => bank
                    .get(id)
                    .map(|question| question.text.clone())
                    .unwrap_or_default(),
                (None, None) => String::new(),
            };
            let key_points = if request.key_points.is_empty() {
                request
                    .question_id
                    .as_deref()
                    .and_then(|id| bank.get(id))
                    .map(|question| question.key_points.clone())
                    .unwrap_or_default()
            } else {
                request.key_points.clone()
            };
            if !args.json {
                eprintln!(
                    "Asking {} to coach this answer (the question and answer are sent; --offline keeps them here)…",
                    llm.describe()
                );
            }
            Some(
                coach_answer(
                    llm.as_ref(),
                    &question,
                    &request.answer,
                    &analysis,
                    &key_points,
                )
                .await,
            )
        }
        None => None,
    };
    if args.json {
        let mut document = serde_json::to_value(&analysis).context("cannot encode JSON")?;
        if let Some((coaching, notices)) = &coached {
            document["coaching"] = serde_json::to_value(coaching).context("cannot encode JSON")?;
            document["notices"] = json!(notices);
        }
        print_json(&document)
    } else {
        let mut text = output::analysis(&request.answer, &analysis);
        match &coached {
            Some((coaching, notices)) => text.push_str(&output::coaching(coaching, notices)),
            None => {
                if let Some(follow_up) = rehearse_core::coach::offline_follow_up(&analysis) {
                    text.push_str(&output::follow_up(&follow_up, false));
                }
            }
        }
        emit(&text)?;
        if embedder.is_none() {
            let status = meaning.status();
            eprintln!(
                "note: checks of meaning are off ({}): key points said in other words, stories about the wrong competency and the like are judged by shared words only; to turn them on, {}",
                status.problem.unwrap_or_default(),
                status.how_to_turn_on.unwrap_or_default()
            );
        }
        Ok(())
    }
}

/// Every part of the coaching for an answer outside the database (`rehearse analyze`): each
/// checked, with a notice for each part the model could not give.
async fn coach_answer(
    llm: &dyn LlmProvider,
    question: &str,
    answer: &str,
    analysis: &rehearse_core::Analysis,
    key_points: &[String],
) -> (rehearse_core::coach::Coaching, Vec<String>) {
    use rehearse_app::coaching::{ask_follow_up, ask_model_answer, ask_note, ask_stronger};
    let mut coaching = rehearse_core::coach::Coaching {
        provider: llm.describe(),
        ..Default::default()
    };
    let mut notices = Vec::new();
    match ask_note(llm, question, answer, analysis, None).await {
        Ok(note) => coaching.note = Some(note),
        Err(notice) => notices.push(notice),
    }
    match ask_follow_up(llm, question, answer, analysis).await {
        Ok(follow_up) => coaching.follow_up = Some(follow_up),
        Err(notice) => notices.push(notice),
    }
    if analysis.kind == rehearse_core::QuestionKind::Technical && !key_points.is_empty() {
        match ask_model_answer(llm, question, key_points, None).await {
            Ok(model) => coaching.model_answer = Some(model),
            Err(notice) => notices.push(notice),
        }
    } else {
        match ask_stronger(llm, question, answer, analysis, None, None, &[], None).await {
            Ok(stronger) => coaching.stronger = Some(stronger),
            Err(notice) => notices.push(notice),
        }
    }
    notices.dedup();
    (coaching, notices)
}

/// Reads, decodes and transcribes a recording with the configured speech engine.
async fn hear(
    content: &Content,
    path: &Path,
    quiet: bool,
) -> Result<(
    rehearse_core::speech::Transcript,
    rehearse_core::speech::AudioClip,
)> {
    let (bytes, extension) = read_recording(path)?;
    let clip = rehearse_speech::decode(&bytes, extension.as_deref())
        .with_context(|| format!("{} cannot be used", path.display()))?;
    let Some((engine, describe)) = rehearse_app::build_transcriber(
        &crate::config::speech_settings(content.config_path.as_deref())?,
        content.models.as_ref(),
        rehearse_app::STT_TIMEOUT,
    )?
    else {
        bail!(
            "--audio needs a speech engine: install the local one with `rehearse models pull whisper-tiny.en` (nothing leaves this machine), or set REHEARSE_STT=openai:MODEL for a transcription server (REHEARSE_STT_BASE_URL, and REHEARSE_STT_API_KEY or OPENAI_API_KEY if it needs a key)"
        );
    };
    if !quiet {
        eprintln!(
            "Transcribing {} of audio with {}{}…",
            output::clock(clip.duration_ms() as f64 / 1000.0),
            describe,
            if engine.is_remote() {
                " (the recording is sent there)"
            } else {
                ""
            }
        );
    }
    let transcript = tokio::task::spawn_blocking({
        let clip = clip.clone();
        let total_ms = clip.duration_ms() as u32;
        move || {
            let heard = engine.transcribe(&clip, &|done_ms| progress(done_ms, total_ms));
            progress_done();
            heard
        }
    })
    .await
    .context("the transcription stopped")?
    .map_err(|error| anyhow!("{error}; the recording is unchanged at {}", path.display()))?;
    if transcript.words.is_empty() {
        bail!(
            "no words were heard in {}: check the recording",
            path.display()
        );
    }
    Ok((transcript, clip))
}

/// How far a transcription has got, on one line of a terminal ("Transcribing: 40%"); nothing
/// when standard error is not a terminal (a log wants the result, not a bar).
fn progress(done_ms: u32, total_ms: u32) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() && total_ms > 0 {
        let percent = (u64::from(done_ms) * 100 / u64::from(total_ms)).min(100);
        let filled = (percent / 5) as usize;
        eprint!(
            "\r  [{}{}] {percent:>3}%",
            "#".repeat(filled),
            " ".repeat(20 - filled)
        );
    }
}

/// Ends the progress line, if one was drawn.
fn progress_done() {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprint!("\r{}\r", " ".repeat(30));
    }
}

/// Reads an answer from a file or `-` (stdin) as UTF-8, refusing oversized and non-UTF-8 input
/// with a message that says which.
fn read_answer(path: &Path) -> Result<String> {
    let (name, reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
        ("standard input".to_owned(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read the answer file {}", path.display()))?;
        (path.display().to_string(), Box::new(file))
    };
    read_limited_utf8(reader, &name)
}

fn read_limited_utf8(reader: impl Read, name: &str) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_ANSWER_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_ANSWER_FILE_BYTES {
        bail!("{name} is larger than 1 MiB; an answer is at most 20,000 characters");
    }
    String::from_utf8(bytes).map_err(|error| {
        anyhow!(
            "{name} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again",
            error.utf8_error().valid_up_to()
        )
    })
}

/// A recording given on the command line, refused over the size limit before it is read, with its
/// extension lowercased (a hint to the decoder).
fn read_recording(path: &Path) -> Result<(Vec<u8>, Option<String>)> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read the recording {}", path.display()))?
        .len();
    if size > rehearse_core::speech::MAX_AUDIO_BYTES as u64 {
        bail!(
            "{} is {} MB; a recording is at most 25 MB (10 minutes)",
            path.display(),
            size.div_ceil(1024 * 1024)
        );
    }
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the recording {}", path.display()))?;
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_lowercase());
    Ok((bytes, extension))
}

/// `rehearse practice --audio FILE`: the recording saved and transcribed like one made in the
/// page, and the attempt judged with how it was said.
async fn practice_aloud(
    app: &App,
    question: &rehearse_app::PracticeSubject,
    target: Option<TargetId>,
    story: Option<&rehearse_core::story_bank::Story>,
    path: &Path,
) -> Result<()> {
    let (bytes, extension) = read_recording(path)?;
    let mime = match extension.as_deref() {
        Some("flac") => "audio/flac",
        Some("mp3") => "audio/mpeg",
        Some("ogg" | "oga") => "audio/ogg",
        _ => "audio/wav",
    };
    let status = app.speech_status();
    match &status.engine {
        Some(engine) => eprintln!(
            "Transcribing with {engine}{}…",
            if status.remote {
                " (the recording is sent there)"
            } else {
                ""
            }
        ),
        None => bail!(
            "--audio needs a speech engine: install the local one with `rehearse models pull whisper-tiny.en` (nothing leaves this machine), or set REHEARSE_STT=openai:MODEL for a transcription server"
        ),
    }
    // The app tells how far it has got; show it while waiting.
    let watcher = tokio::spawn({
        let app = app.clone();
        async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                if let Some(job) = app.transcribing(UserId::LOCAL).first() {
                    progress(job.done_ms, job.total_ms);
                }
            }
        }
    });
    let heard = app.record(UserId::LOCAL, mime, bytes).await;
    watcher.abort();
    progress_done();
    let heard = heard?;
    let Some(transcript) = heard.recording.transcript else {
        bail!(
            "{} (recording {} is saved)",
            heard.problem.unwrap_or_default(),
            heard.recording.id
        );
    };
    let attempt = app
        .submit_attempt(
            UserId::LOCAL,
            SubmitAttempt {
                question_id: question.id.clone(),
                target_id: target,
                story_id: story.map(|story| story.id),
                answer: transcript.text,
                duration_seconds: None,
                recording: Some(heard.recording.id),
            },
        )
        .await?;
    emit(&output::analysis(&attempt.answer, &attempt.analysis))?;
    emit(&format!(
        "\nSaved as attempt {} with its recording. See it again with: rehearse attempts show {}\n",
        attempt.id, attempt.id
    ))?;
    app.shutdown().await;
    Ok(())
}

async fn practice(app: &App, args: PracticeArgs) -> Result<()> {
    let target = args.target.map(TargetId);
    let question_id = match (target, args.question.as_deref()) {
        (Some(_), Some(id)) => id.to_owned(),
        _ => {
            let filter = QuestionFilter {
                kind: args.kind,
                role: args.role,
            };
            let choice = app
                .practice_question(UserId::LOCAL, filter, args.question.as_deref(), None)
                .await?;
            choice
                .question
                .ok_or_else(|| anyhow!("no questions match that kind and role"))?
                .id
                .0
                .clone()
        }
    };
    let question = app
        .practice_subject(UserId::LOCAL, &question_id, target)
        .await?;
    emit(&output::question_prompt(&question))?;
    let story = match args.story {
        Some(id) => Some(app.story(UserId::LOCAL, StoryId(id)).await?),
        None => None,
    };
    if let Some(story) = &story {
        emit(&format!(
            "\nYour story “{}”, in outline:\n{}\n\n",
            story.fields.title,
            rehearse_app::story_outline(story)
        ))?;
        if let Some(warning) = app
            .overuse_warning(UserId::LOCAL, story, target, false)
            .await?
        {
            emit(&format!("{warning}\n\n"))?;
        }
    }

    if let Some(path) = &args.audio {
        return practice_aloud(app, &question, target, story.as_ref(), path).await;
    }

    // The answer's duration is measured only when a person is typing it; piped input has none.
    let interactive = std::io::stdin().is_terminal();
    let started = Instant::now();
    let answer = if interactive && editor().is_some() {
        read_from_editor(&question.text)?
    } else {
        if interactive {
            eprintln!("Type your answer. Finish with Ctrl-D on an empty line.");
        }
        read_limited_utf8(std::io::stdin(), "standard input")?
    };
    // A duration past the limit (an editor left open overnight) is dropped, not refused: the
    // answer matters more than its timing.
    let duration_seconds = interactive
        .then(|| u32::try_from(started.elapsed().as_secs()).unwrap_or(u32::MAX))
        .filter(|&seconds| seconds <= MAX_DURATION_SECONDS);

    let attempt = app
        .submit_attempt(
            UserId::LOCAL,
            SubmitAttempt {
                question_id: question.id.clone(),
                target_id: target,
                story_id: story.as_ref().map(|story| story.id),
                answer,
                duration_seconds,
                recording: None,
            },
        )
        .await;
    let attempt = match attempt {
        Ok(attempt) => attempt,
        Err(error) => {
            app.shutdown().await;
            return Err(error.into());
        }
    };
    emit(&output::analysis(&attempt.answer, &attempt.analysis))?;
    emit(&format!(
        "\nSaved as answer {id}. See it again with: rehearse attempts show {id}\n",
        id = attempt.id
    ))?;
    // The answer is saved; now the model, if there is one and the user allows it.
    let coached = coach_saved(app, &attempt, target, args.llm).await;
    app.shutdown().await;
    let (coaching, mut notices) = coached?;
    notices.dedup();
    match coaching {
        Some(coaching) => emit(&output::coaching(&coaching, &notices)),
        None => {
            let mut text = String::new();
            if let Some(follow_up) = rehearse_core::coach::offline_follow_up(&attempt.analysis) {
                text.push_str(&output::follow_up(&follow_up, false));
            }
            for notice in &notices {
                text.push_str(&format!("{notice}\n"));
            }
            emit(&text)
        }
    }
}

/// The model's coaching for a saved answer, when one is configured and allowed.
async fn coach_saved(
    app: &App,
    attempt: &rehearse_core::Attempt,
    target: Option<TargetId>,
    flags: LlmFlags,
) -> Result<(Option<rehearse_core::coach::Coaching>, Vec<String>)> {
    let status = app.llm_status();
    let mut notices = Vec::new();
    let mut coaching = None;
    if !status.configured || flags.offline {
        return Ok((None, notices));
    }
    if let Some(target) = target {
        let allowed = app.target(UserId::LOCAL, target).await?.llm;
        if flags.llm {
            app.set_target_llm(UserId::LOCAL, target, true).await?;
        } else if allowed != Some(true) {
            notices.push(
                "This job's material is kept offline; pass --llm to send it to the AI coach."
                    .to_owned(),
            );
            return Ok((None, notices));
        }
    }
    eprintln!(
        "Asking {} to coach this answer…",
        status.provider.unwrap_or_default()
    );
    let parts = if attempt.kind == rehearse_core::QuestionKind::Technical {
        [CoachPart::Note, CoachPart::FollowUp, CoachPart::ModelAnswer]
    } else {
        [CoachPart::Note, CoachPart::FollowUp, CoachPart::Stronger]
    };
    for part in parts {
        let outcome = app.coach(UserId::LOCAL, attempt.id, part, None).await?;
        notices.extend(outcome.notice);
        coaching = Some(outcome.coaching);
    }
    Ok((coaching, notices))
}

pub(crate) fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"].iter().find_map(|name| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.trim().is_empty())
    })
}

/// Opens `$VISUAL`/`$EDITOR` on a temporary file; lines starting with `#` are instructions and
/// are dropped, as git does for commit messages.
fn read_from_editor(question: &str) -> Result<String> {
    let editor = editor().unwrap_or_default();
    let path = std::env::temp_dir().join(format!("rehearse-answer-{}.md", std::process::id()));
    let header = format!(
        "\n# Question: {question}\n# Write your answer above these lines, save, and close the editor.\n# Lines starting with '#' are ignored. An empty answer cancels.\n"
    );
    std::fs::write(&path, header).with_context(|| format!("cannot write {}", path.display()))?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(&path)
        .status()
        .with_context(|| {
            format!("cannot start the editor {editor:?}; set EDITOR to your editor's command")
        })?;
    let text = std::fs::File::open(&path)
        .with_context(|| format!("cannot read {}", path.display()))
        .and_then(|file| read_limited_utf8(file, &path.display().to_string()));
    std::fs::remove_file(&path).ok();
    if !status.success() {
        bail!("the editor exited with {status}; nothing was saved");
    }
    Ok(text?
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned())
}

/// Opens `$VISUAL`/`$EDITOR` on `initial` in a temporary file named `*-{suffix}` and returns
/// what was saved.
pub(crate) fn edit_in_editor(initial: &str, suffix: &str) -> Result<String> {
    let editor = editor().unwrap_or_default();
    let path = std::env::temp_dir().join(format!("rehearse-{}-{suffix}", std::process::id()));
    std::fs::write(&path, initial).with_context(|| format!("cannot write {}", path.display()))?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(&path)
        .status()
        .with_context(|| {
            format!("cannot start the editor {editor:?}; set EDITOR to your editor's command")
        });
    let text = std::fs::File::open(&path)
        .with_context(|| format!("cannot read {}", path.display()))
        .and_then(|file| read_limited_utf8(file, &path.display().to_string()));
    std::fs::remove_file(&path).ok();
    let status = status?;
    if !status.success() {
        bail!("the editor exited with {status}; nothing was saved");
    }
    text
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).context("cannot encode JSON")?;
    text.push('\n');
    emit(&text)
}

/// Writes to stdout and flushes. A closed pipe (`rehearse ... | head`) is not an error: the reader
/// has what it wanted.
pub(crate) fn emit(text: &str) -> Result<()> {
    emit_bytes(text.as_bytes())
}

/// [`emit`] for bytes (a PDF).
pub(crate) fn emit_bytes(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(error).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}
