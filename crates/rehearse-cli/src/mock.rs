//! `rehearse mock`: a mock interview in the terminal. Each answer is typed (or piped) and ends
//! with an empty line; a line saying only `skip` passes, `end` (or the end of input) stops. The
//! follow-ups and the report are the same as the web page's.

use std::io::{BufRead, IsTerminal};
use std::time::Instant;

use anyhow::Result;
use rehearse_app::{App, ErrorClass, MockSpec};
use rehearse_core::UserId;
use rehearse_core::limits::MAX_ANSWER_CHARS;
use rehearse_core::mock::{Effect, Event, MockSettings};
use rehearse_core::target::TargetId;

use crate::MockArgs;
use crate::commands::{emit, print_json};
use crate::output;

/// What one read from the terminal came to.
enum Said {
    Answer(String),
    Skip,
    End,
}

/// Reads lines up to an empty line (after some text) or the end of input.
fn read_answer(input: &mut impl BufRead) -> Result<Said> {
    let mut answer = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if answer.trim().is_empty() {
                continue;
            }
            break;
        }
        if answer.is_empty() {
            match trimmed {
                "skip" => return Ok(Said::Skip),
                "end" => return Ok(Said::End),
                _ => {}
            }
        }
        // Past the limit the rest is still read (so it is not taken as the next answer); the
        // session refuses the answer with its length.
        if answer.chars().count() <= MAX_ANSWER_CHARS + 1 {
            answer.push_str(&line);
        }
    }
    Ok(if answer.trim().is_empty() {
        Said::End
    } else {
        Said::Answer(answer.trim_end().to_owned())
    })
}

pub async fn run(app: &App, args: MockArgs) -> Result<()> {
    let result = interview(app, args).await;
    app.shutdown().await;
    result
}

async fn interview(app: &App, args: MockArgs) -> Result<()> {
    let settings = MockSettings {
        round: args.round,
        persona: args.persona,
        mode: args.mode,
        hide_numbers: args.hide_numbers,
        minutes: args.minutes,
        use_llm: args.llm,
    };
    let record = app
        .start_mock(
            UserId::LOCAL,
            MockSpec {
                target: args.target.map(TargetId),
                settings,
            },
        )
        .await?;
    let id = record.id;
    // With --json the conversation goes to stderr and stdout gets only the JSON document.
    let say = |text: &str| -> Result<()> {
        if args.json {
            eprint!("{text}");
            Ok(())
        } else {
            emit(text)
        }
    };
    let interactive = std::io::stdin().is_terminal();
    say(&output::mock_opening(&record.mock, interactive))?;
    let mut stdin = std::io::stdin().lock();
    let mut mock = record.mock;
    while let Some(ask) = mock.current() {
        say(&output::mock_ask(&ask, mock.settings.mode))?;
        let started = Instant::now();
        let event = match read_answer(&mut stdin)? {
            Said::Skip => Event::Skip,
            Said::End => Event::End,
            Said::Answer(text) => Event::Answer {
                text,
                seconds: interactive
                    .then(|| u32::try_from(started.elapsed().as_secs()).unwrap_or(u32::MAX)),
            },
        };
        match app.mock_event(UserId::LOCAL, id, event).await {
            Ok(step) => {
                mock = step.record.mock;
                for effect in &step.effects {
                    if let Effect::Feedback { turn } = effect {
                        say(&output::mock_feedback(
                            &mock.turns[*turn],
                            mock.settings.hide_numbers,
                        ))?;
                    }
                }
                if let Some(notice) = step.notice {
                    say(&format!("{notice}\n"))?;
                }
            }
            // A refused answer (empty, too long) is said, and the question asked again.
            Err(error) if error.class() == ErrorClass::Invalid => {
                eprintln!("{error}");
            }
            Err(error) => return Err(error.into()),
        }
    }
    let record = app.mock(UserId::LOCAL, id).await?;
    if args.json {
        print_json(&rehearse_app::mock_view(&record))
    } else {
        // A bank question is practised by its id; a question written for the job needs the job.
        let practise = |id: &str| match record.target_id {
            Some(target) if app.question(id).is_err() => {
                format!("--target {target} --question {id}")
            }
            _ => format!("--question {id}"),
        };
        emit(&output::mock_report(&record, &practise))
    }
}
