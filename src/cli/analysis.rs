//! The analyses: competency gaps, candidates, the nine-box, training needs, the
//! formation plan, performance monitoring and `check`. Each reads a unit's subtree, an instansi or the whole
//! database, so when a server holds the database the server runs them on its own store
//! and sends back only what they print: a client never pulls an agency's people, let
//! alone every agency's, through the socket. The same function runs either way, so the
//! output is the same byte for byte.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::output::Style;
use super::{Cli, Command, Outcome};
use crate::i18n::Lang;
use crate::model::Date;
use crate::rules::RuleSet;
use crate::server::wire;
use crate::store::{RemoteStore, Store};

/// Runs the analysis `command` on `store`: its listing to `out`, its messages to `err`.
pub fn run(
    command: &Command,
    rules: &RuleSet,
    today: Date,
    store: &(dyn Store + Sync),
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    use super::{commands, edit, workforce};
    match command {
        Command::Gaps { code, format } => commands::gaps(store, rules, code, *format, out, err, style),
        Command::Candidates { code, limit, all, explain, format } => {
            let explain = explain.as_deref();
            commands::candidates(store, rules, today, code, *limit, *all, explain, *format, out, err, style)
        }
        Command::Ninebox { code, pool, format, .. } => match format.listing() {
            Some(format) => workforce::ninebox(store, rules, code.as_deref(), *pool, format, out, err, style),
            None => super::picture::ninebox(store, rules, code.as_deref(), out, err),
        },
        Command::TrainingNeeds { code, people, format, .. } => {
            workforce::training(store, rules, code.as_deref(), *people, *format, out, err, style)
        }
        Command::Formation { code, years, shortages, format, .. } => match (format.listing(), shortages) {
            (Some(format), false) => {
                workforce::formation(store, rules, today, code.as_deref(), *years, format, out, err, style)
            }
            (Some(format), true) => {
                workforce::recruitment(store, rules, today, code.as_deref(), *years, format, out, err, style)
            }
            (None, _) => super::picture::formation(store, rules, today, code.as_deref(), *years, out, err),
        },
        Command::Performance { code, years, people, format, .. } => {
            let query = super::performance::Query { code: code.as_deref(), years: *years, people: *people, today };
            match format.listing() {
                Some(format) => super::performance::performance(store, rules, query, format, out, err, style),
                None => super::picture::performance(store, rules, query, out, err),
            }
        }
        Command::Check { integrity, fail_on, format } => {
            edit::check(store, rules, today, (*integrity, *fail_on), *format, out, err, style)
        }
        other => anyhow::bail!("{} is not an analysis", other.name()),
    }
}

/// An analysis as the client asks the server to run it: the command, and everything of
/// the client's own that its output depends on (the day, the language, the rules file,
/// how standard output looks). The server reads no file and no environment of the
/// client's.
#[derive(Debug, Serialize, Deserialize)]
struct Question {
    command: Command,
    today: Date,
    lang: Lang,
    /// The rules file: where it is (for messages) and its text.
    rules: Option<(String, String)>,
    colour: bool,
    width: Option<usize>,
    no_header: bool,
    /// Whether the client's output is a terminal (no spreadsheet is written to one).
    terminal: bool,
    /// A spreadsheet's sheet name.
    sheet: String,
}

/// What the analysis printed, and how it ended (an error as its message).
#[derive(Debug, Serialize, Deserialize)]
struct Answer {
    printed: Vec<u8>,
    messages: Vec<u8>,
    ended: Result<Outcome, String>,
}

/// Has the server behind `remote` run the analysis `command`, and prints what it printed.
pub fn ask(
    remote: &RemoteStore,
    cli: &Cli,
    command: &Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let rules = super::rules_file(cli)?;
    // A broken rules file is the client's to report, as when opened directly.
    super::rules_of(rules.as_ref())?;
    let question = Question {
        command: command.clone(),
        today: cli.today(),
        lang: crate::i18n::lang(),
        rules,
        colour: style.colour,
        width: style.width,
        no_header: style.no_header,
        terminal: style.terminal,
        sheet: style.sheet.clone(),
    };
    let answer: Answer = wire::from_payload(&remote.analyse(wire::payload(&question)?)?)?;
    // Standard output first, as when run here: its listing is flushed before the
    // summary on standard error (`check`'s count of findings comes last).
    out.write_all(&answer.printed)?;
    out.flush()?;
    err.write_all(&answer.messages)?;
    answer.ended.map_err(anyhow::Error::msg)
}

/// The server's side of [`ask`] (its [`crate::server::serve::Analyst`]): runs the
/// question on the server's store, in the client's language.
pub fn answer(store: &(dyn Store + Sync), question: &[u8]) -> Result<(Vec<u8>, String), String> {
    let question: Question = wire::from_payload(question).map_err(|e| e.to_string())?;
    let style = Style {
        colour: question.colour,
        width: question.width,
        no_header: question.no_header,
        terminal: question.terminal,
        sheet: question.sheet.clone(),
    };
    let (mut printed, mut messages) = (Vec::new(), Vec::new());
    let ended = crate::i18n::in_lang(question.lang, || {
        super::rules_of(question.rules.as_ref())
            .and_then(|rules| {
                run(&question.command, &rules, question.today, store, &mut printed, &mut messages, &style)
            })
            .map_err(|e| format!("{e:#}"))
    });
    let answer = wire::payload(&Answer { printed, messages, ended }).map_err(|e| e.to_string())?;
    Ok((answer, question.command.name()))
}
