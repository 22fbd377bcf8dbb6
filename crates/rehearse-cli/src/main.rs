//! The `rehearse` binary: the composition root. It reads the command line and environment, picks
//! the database, builds the app, and runs one command. Nothing below this crate reads
//! configuration or the environment.
//!
//! `main` returns an exit code: 0 on success, 1 on an error (printed to stderr as `error: ...`
//! with its causes), 2 on a usage error (printed by clap).

mod commands;
mod config;
mod mock;
mod models;
mod output;
mod prep;
mod stories;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rehearse_core::{QuestionKind, RoleFamily, Seniority};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "rehearse",
    version,
    about = "A private interview coach: practise answers and get feedback that points at your own words",
    long_about = None
)]
struct Cli {
    /// The database: a file path or a sqlite: URL [default: rehearse.db in your data directory]
    #[arg(long, global = true, env = "REHEARSE_DB", value_name = "URL")]
    db: Option<String>,

    /// A folder of your own question files added to the bank [default: packs/ in your data
    /// directory, when it exists]
    #[arg(long, global = true, env = "REHEARSE_PACKS", value_name = "DIR")]
    packs: Option<PathBuf>,

    /// The settings file [default: config.toml in your data directory]
    #[arg(long, global = true, env = "REHEARSE_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// The folder of local models, one sub-folder per model [default: models/ in your data
    /// directory]
    #[arg(long, global = true, env = "REHEARSE_MODELS", value_name = "DIR")]
    models: Option<PathBuf>,

    /// With no command: the options of `serve`
    #[command(flatten)]
    serve: ServeArgs,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web app (the default when no command is given)
    Serve(ServeArgs),
    /// Analyse one answer and print the feedback
    Analyze(AnalyzeArgs),
    /// The questions a job's interview is likely to ask (from its posting and your resume), or
    /// `questions list` to browse the bank
    Questions(QuestionsArgs),
    /// Answer a question in the terminal, save it, and see the feedback
    Practice(PracticeArgs),
    /// Your past answers
    #[command(subcommand)]
    Attempts(AttemptsCommand),
    /// The jobs you prepare for and their question sets
    #[command(subcommand)]
    Targets(TargetsCommand),
    /// Your STAR story bank: the 7–10 stories that answer any behavioral question
    #[command(subcommand)]
    Stories(StoriesCommand),
    /// A day-by-day preparation plan to the interview date (for a saved job, a role, or every
    /// job with an interview date)
    Plan(PlanArgs),
    /// The practised questions due for review today (spaced repetition)
    Due(JsonFlag),
    /// Readiness per interview kind, score and filler trends, stories against the 7–10 goal
    Progress(JsonFlag),
    /// A mock interview in the terminal: questions for the round, follow-ups on what each answer
    /// lacks, and the report at the end. End each answer with an empty line; type `skip` to pass
    /// or `end` to stop
    Mock(MockArgs),
    /// Back-of-envelope numbers for a system design: requests a second, storage, bandwidth, cache
    Estimate(EstimateArgs),
    /// Check question packs
    #[command(subcommand)]
    Bank(BankCommand),
    /// Local models: what is installed and what each enables; `pull` downloads one (checked),
    /// `add` installs one from a folder
    Models(ModelsArgs),
    /// Internal: read one uploaded file from standard input, within memory and time limits, and
    /// print its text as JSON (the server runs this in a child process for every file)
    #[command(hide = true)]
    ReadDocument {
        /// The file's name (its extension helps tell the format)
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Args)]
struct ModelsArgs {
    #[command(subcommand)]
    command: Option<ModelsCommand>,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ModelsCommand {
    /// Download a model from its public home over HTTPS (about 90 MB for all-MiniLM-L6-v2),
    /// check every file's sha256, and install it
    Pull {
        /// The model, e.g. all-MiniLM-L6-v2
        name: String,
        /// Download from this address instead (a mirror with the same files)
        #[arg(long, value_name = "URL")]
        from: Option<String>,
    },
    /// Install a model from a folder holding its files (config.json, tokenizer.json,
    /// model.safetensors), checking every file's sha256 (for machines without internet)
    Add {
        /// The model, e.g. all-MiniLM-L6-v2
        name: String,
        /// The folder with the files
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
struct MockArgs {
    /// Ask this saved job's questions first (see `rehearse targets list`) [default: the bank's]
    #[arg(long, value_name = "ID")]
    target: Option<i64>,
    /// behavioral, technical, system-design, case or mixed
    #[arg(long, value_name = "KIND")]
    round: rehearse_core::mock::Round,
    /// The planned length, 5 to 180; questions are chosen to fit it
    #[arg(long, value_name = "N", default_value_t = 30)]
    minutes: u32,
    /// friendly, neutral or sceptical (a sceptical senior asks up to two follow-ups)
    #[arg(long, value_name = "WHO", default_value = "neutral")]
    persona: rehearse_core::mock::Persona,
    /// study (feedback after each answer) or real (feedback at the end)
    #[arg(long, value_name = "MODE", default_value = "study")]
    mode: rehearse_core::mock::Mode,
    /// Low-anxiety: no scores, only what to work on
    #[arg(long)]
    hide_numbers: bool,
    /// Let the configured model word the follow-ups (the job must allow it)
    #[arg(long)]
    llm: bool,
    /// Print the session as one JSON document at the end (the conversation goes to stderr)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct EstimateArgs {
    /// Daily active users
    #[arg(long, value_name = "N")]
    dau: f64,
    /// Requests each user makes a day
    #[arg(long, value_name = "N")]
    requests_per_user: f64,
    /// Bytes each write stores
    #[arg(long, value_name = "N")]
    payload_bytes: f64,
    /// Reads per write (0 = every request is a write)
    #[arg(long, value_name = "R", default_value_t = 0.0)]
    read_write: f64,
    /// How long data is kept
    #[arg(long, value_name = "N", default_value_t = rehearse_core::estimate::DEFAULT_RETENTION_DAYS)]
    retention_days: f64,
    /// Peak traffic as a multiple of the average
    #[arg(long, value_name = "F", default_value_t = rehearse_core::estimate::DEFAULT_PEAK_FACTOR)]
    peak_factor: f64,
    /// Also print the powers-of-two and latency tables
    #[arg(long)]
    tables: bool,
    /// Print one JSON document (unrounded numbers)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct PlanArgs {
    /// Plan for this saved job (see `rehearse targets list`); with --date, the date is saved as
    /// one of its interviews
    #[arg(long, value_name = "ID", conflicts_with = "role")]
    target: Option<i64>,
    /// Plan for a role with no saved job, e.g. "data analyst" (needs --date)
    #[arg(long, value_name = "TEXT", requires = "date")]
    role: Option<String>,
    /// The role's level with --role: entry, mid, senior, staff, manager or director
    #[arg(long, value_name = "LEVEL", requires = "role")]
    level: Option<Seniority>,
    /// The interview date, YYYY-MM-DD [default: the job's next interview date]
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<chrono::NaiveDate>,
    /// The hours a day you have for preparing [default: as saved, or 1]
    #[arg(long, value_name = "H")]
    hours_per_day: Option<f64>,
    /// Mark a task done (its id, as printed) before showing the plan; repeat for more
    #[arg(long = "done", value_name = "TASK")]
    done: Vec<String>,
    /// Mark a task not done
    #[arg(long = "undo", value_name = "TASK")]
    undo: Vec<String>,
    /// Also write the plan as an iCalendar file (one event per task), or - for standard output
    #[arg(long, value_name = "PATH")]
    ics: Option<PathBuf>,
    /// When each day's first task starts in the calendar file
    #[arg(long, value_name = "HH:MM", default_value = "18:00")]
    start: chrono::NaiveTime,
    /// Print one JSON document (DESIGN.md §6 plan)
    #[arg(long)]
    json: bool,
}

/// Whether to ask the configured LLM.
#[derive(Debug, Args, Default, Clone, Copy)]
struct LlmFlags {
    /// Use the configured LLM (REHEARSE_LLM); an error when none is configured
    #[arg(long, conflicts_with = "offline")]
    llm: bool,
    /// Do not use an LLM, even if one is configured
    #[arg(long)]
    offline: bool,
}

#[derive(Debug, Subcommand)]
enum StoriesCommand {
    /// List your stories
    List(JsonFlag),
    /// Show one story with its suggested competencies, claims to check and the questions it answers
    Show(StoryShowArgs),
    /// Write a story: from a Markdown file, from flags, or in $EDITOR
    Add(StoryWriteArgs),
    /// Change a story: flags change those fields; --file replaces it; neither opens $EDITOR
    Edit(StoryEditArgs),
    /// Delete a story (answers told from it are kept)
    Rm(StoryIdArg),
    /// Import stories from Markdown (as `stories export` writes) or JSON {"stories": [...]}:
    /// all of them, or none and every problem
    Import(StoryImportArgs),
    /// The bank as Markdown (default) or a one-page PDF cheat sheet
    Export(StoryExportArgs),
    /// Stories against the seven categories and a job's competencies: gaps and overload
    Coverage(StoryCoverageArgs),
    /// Your stories ranked for a question, with a fit level and the reason
    Match(StoryMatchArgs),
    /// Story skeletons made from your resume's achievement lines
    Drafts(StoryCoverageArgs),
}

#[derive(Debug, Args)]
struct StoryIdArg {
    /// The story's id, as listed
    id: i64,
}

#[derive(Debug, Args)]
struct StoryShowArgs {
    /// The story's id, as listed
    id: i64,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

/// A story's fields as flags.
#[derive(Debug, Args, Default)]
struct StoryFieldArgs {
    /// A Markdown file holding one story (as `stories export` writes it), or - for standard input
    #[arg(long, value_name = "PATH|-")]
    file: Option<PathBuf>,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    situation: Option<String>,
    #[arg(long)]
    task: Option<String>,
    /// What you did yourself: the heart of the story
    #[arg(long)]
    action: Option<String>,
    #[arg(long)]
    result: Option<String>,
    /// What you learned
    #[arg(long)]
    reflection: Option<String>,
    /// A competency the story shows (repeat for more), e.g. conflict, failure, influence
    #[arg(long = "competency", value_name = "NAME")]
    competencies: Vec<String>,
    /// A number the story claims, stated as you would say it (repeat for more)
    #[arg(long = "metric", value_name = "TEXT")]
    metrics: Vec<String>,
    /// When it happened, e.g. "spring 2024"
    #[arg(long)]
    when: Option<String>,
    /// A claim you must not make (repeat for more)
    #[arg(long = "do-not-claim", value_name = "TEXT")]
    forbidden_claims: Vec<String>,
}

#[derive(Debug, Args)]
struct StoryWriteArgs {
    #[command(flatten)]
    fields: StoryFieldArgs,
    /// Print the saved story as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct StoryEditArgs {
    /// The story's id, as listed
    id: i64,
    #[command(flatten)]
    fields: StoryFieldArgs,
    /// Print the saved story as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct StoryImportArgs {
    /// A Markdown (.md) or JSON (.json) file
    file: PathBuf,
    /// Print the imported stories as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    Markdown,
    Pdf,
}

#[derive(Debug, Args)]
struct StoryExportArgs {
    /// markdown or pdf
    #[arg(long, value_enum, default_value = "markdown")]
    format: ExportFormat,
    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct StoryCoverageArgs {
    /// The target job whose competencies count [default: none]
    #[arg(long, value_name = "ID")]
    target: Option<i64>,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct StoryQuestion {
    /// The question, in words
    #[arg(long, value_name = "TEXT")]
    question: Option<String>,
    /// A bank question's id (or a set question's, with --target)
    #[arg(long, value_name = "ID")]
    question_id: Option<String>,
}

#[derive(Debug, Args)]
struct StoryMatchArgs {
    #[command(flatten)]
    question: StoryQuestion,
    /// The target whose set holds --question-id
    #[arg(long, value_name = "ID", requires = "question_id")]
    target: Option<i64>,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
struct QuestionsArgs {
    #[command(subcommand)]
    command: Option<QuestionsCommand>,
    /// The job posting: a file (PDF, DOCX, HTML, text), a web address, or - for standard input
    #[arg(long, value_name = "PATH|URL|-")]
    jd: Option<String>,
    /// Your resume: a PDF, DOCX or text file
    #[arg(long, value_name = "PATH")]
    resume: Option<PathBuf>,
    /// The role in words (used as the title, or alone without a posting), e.g. "data analyst"
    #[arg(long, value_name = "TEXT")]
    role: Option<String>,
    /// entry, mid, senior, staff, manager or director [default: from the posting]
    #[arg(long, value_name = "LEVEL")]
    level: Option<Seniority>,
    /// How many questions [default: 20]
    #[arg(long, value_name = "N")]
    count: Option<usize>,
    /// Save the set as a target (see `rehearse targets`)
    #[arg(long)]
    save: bool,
    #[command(flatten)]
    llm: LlmFlags,
    /// Print one JSON document (DESIGN.md §6 question set)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum TargetsCommand {
    /// List your targets, newest first
    List(JsonFlag),
    /// Show one target: what was read from its posting, and its question set
    Show(TargetsShowArgs),
}

#[derive(Debug, Args)]
struct TargetsShowArgs {
    /// The target's id, as listed
    id: i64,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum BankCommand {
    /// Validate a folder of question files (*.toml, the bank's format) together with the
    /// built-in bank; errors name the file, the question and the field
    Validate(BankValidateArgs),
}

#[derive(Debug, Args)]
struct BankValidateArgs {
    /// The folder holding the question files
    dir: PathBuf,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The address to listen on; port 0 picks a free port
    #[arg(long, env = "REHEARSE_ADDR", default_value = "127.0.0.1:7878")]
    addr: String,
    /// Another host name (or address) the server answers to, besides 127.0.0.1, localhost,
    /// [::1] and the address it listens on; repeat for more. Only for serving Rehearse under a
    /// name of your own (a reverse proxy, another machine): every other name is refused, which is
    /// what stops DNS-rebinding attacks
    #[arg(
        long = "allowed-host",
        env = "REHEARSE_ALLOWED_HOSTS",
        value_name = "NAME",
        value_delimiter = ','
    )]
    allowed_hosts: Vec<String>,
}

#[derive(Debug, Args)]
struct AnalyzeArgs {
    /// The question that was asked
    #[arg(long, required_unless_present = "question_id")]
    question: Option<String>,
    /// A bank question's id instead of --question (uses its kind and key points)
    #[arg(long, value_name = "ID")]
    question_id: Option<String>,
    /// behavioral, technical, system-design, take-home or case [default: behavioral]
    #[arg(long)]
    kind: Option<QuestionKind>,
    /// A point a strong answer covers (repeatable); checked for coverage
    #[arg(long = "key-point", value_name = "TEXT")]
    key_points: Vec<String>,
    /// The file holding the answer, or - for standard input (with --audio: your correction of
    /// the transcript, analysed instead of what was heard)
    #[arg(long, value_name = "PATH", required_unless_present = "audio")]
    answer_file: Option<PathBuf>,
    /// A recording of the answer (WAV, FLAC, MP3 or OGG, up to 10 minutes and 25 MB): it is
    /// transcribed by the configured speech engine (REHEARSE_STT) and how it was said is measured
    #[arg(long, value_name = "FILE")]
    audio: Option<PathBuf>,
    /// Print one JSON document (DESIGN.md §6 Analysis)
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    llm: LlmFlags,
}

#[derive(Debug, Subcommand)]
enum QuestionsCommand {
    /// List bank questions
    List(QuestionsListArgs),
}

#[derive(Debug, Args)]
struct QuestionsListArgs {
    /// Only this kind
    #[arg(long)]
    kind: Option<QuestionKind>,
    /// Only questions that suit this role family
    #[arg(long)]
    role: Option<RoleFamily>,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct PracticeArgs {
    /// Practise a question of this target's set (with --question)
    #[arg(long, value_name = "ID", requires = "question")]
    target: Option<i64>,
    /// Answer with this story: its outline is shown, and the answer counts as told from it
    #[arg(long, value_name = "ID")]
    story: Option<i64>,
    /// Practise this kind
    #[arg(long)]
    kind: Option<QuestionKind>,
    /// Practise questions that suit this role family
    #[arg(long)]
    role: Option<RoleFamily>,
    /// Practise this question (a bank id, or a set question's id with --target)
    #[arg(long, value_name = "ID")]
    question: Option<String>,
    /// Answer with a recording (WAV, FLAC, MP3 or OGG): it is saved, transcribed by the speech
    /// engine, and judged with how it was said
    #[arg(long, value_name = "FILE")]
    audio: Option<PathBuf>,
    #[command(flatten)]
    llm: LlmFlags,
}

#[derive(Debug, Subcommand)]
enum AttemptsCommand {
    /// List your answers, newest first, a page at a time
    List(AttemptsListArgs),
    /// Show one answer with its feedback
    Show(AttemptsShowArgs),
}

#[derive(Debug, Args)]
struct JsonFlag {
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct AttemptsListArgs {
    /// How many answers (1–200)
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=200))]
    limit: u32,
    /// Answers older than this one (the id the page before ended with)
    #[arg(long)]
    after: Option<i64>,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct AttemptsShowArgs {
    /// The attempt's id, as listed
    id: i64,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The document reader's child: no runtime, no logging, nothing but the file.
    if let Some(Command::ReadDocument { name }) = &cli.command {
        return match rehearse_app::documents::run_child(
            name,
            std::io::stdin().lock(),
            std::io::stdout().lock(),
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    init_logging(matches!(cli.command, None | Some(Command::Serve(_))));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return report(&anyhow::Error::new(error).context("cannot start the async runtime"));
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error),
    }
}

/// Prints `error: ...` with every cause, once, to stderr.
fn report(error: &anyhow::Error) -> ExitCode {
    let mut message = format!("error: {error}");
    for cause in error.chain().skip(1) {
        message.push_str(&format!(": {cause}"));
    }
    eprintln!("{message}");
    ExitCode::FAILURE
}

/// Logs go to stderr, filtered by `RUST_LOG`; the server logs requests at info, other commands
/// only warnings so their output stays clean.
fn init_logging(serving: bool) {
    let default = if serving { "info,sqlx=warn" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
