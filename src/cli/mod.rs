//! The headless face: `jabat [--db PATH|URL | --demo] <command>`.
//!
//! Exit codes follow ripgrep: 0 success or found, 1 nothing found, 2 error. A closed
//! pipe (`jabat find x | head`) ends quietly with 0.

mod analysis;
mod commands;
mod db;
pub mod documents;
mod edit;
mod import;
mod lookup;
mod open;
pub mod output;
mod performance;
mod picture;
mod progress;
mod reconcile;
mod review;
mod server;
mod workforce;
pub mod xlsx;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::i18n::{self, Lang};
use crate::interchange::generate::Preset;
use crate::store::{Location, Store};
use open::open_options;
pub use open::{Opened, db_location, db_path, open, open_at, open_local};
use output::{Format, PictureFormat};

/// jabat: the job structure of Indonesian civil-service agencies, from the terminal.
#[derive(Debug, Parser)]
#[command(name = "jabat", version, about, long_about = None)]
pub struct Cli {
    /// The database: a directory (default: the user's data dir, jabat/db), or a
    /// PostgreSQL URL (postgres://user@host/name, postgresql:///name?host=/run/postgresql).
    #[arg(long, global = true, env = "JABAT_DB", value_name = "PATH|URL")]
    pub db: Option<Location>,
    /// Run on a temporary database filled with the city sample (nothing is written
    /// to the user's data dir). Takes precedence over --db.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Language of the interface (default from LC_ALL/LC_MESSAGES/LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Do not capture the mouse in the full-screen interface (keeps the terminal's own
    /// text selection, e.g. over SSH).
    #[arg(long)]
    pub no_mouse: bool,
    /// CSV without its header line (for appending to a file, or `sort`).
    #[arg(long, global = true)]
    pub no_header: bool,
    /// No progress bars (they are drawn only on a terminal anyway).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Open without allowing any change: nothing is written, by any command (with no
    /// server running, a private copy of the database is read).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Open a database directory directly instead of through its server (one is started
    /// when none runs); this process then holds it alone, and other jabat commands wait.
    #[arg(long, global = true)]
    pub no_server: bool,
    /// Rules file overriding the regulations' defaults (default: rules.toml in the
    /// config directory, when there is one).
    #[arg(long, global = true, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Write the output to FILE (whole, or not at all) instead of standard output: a
    /// listing in any format, a spreadsheet (--format xlsx), a PDF; for generate, the
    /// directory (or .json file) of the sample.
    #[arg(long, global = true, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The day to evaluate as of (ages, retirements, rules; and the day `--demo`'s
    /// sample is made as of), YYYY-MM-DD; default: the system date.
    #[arg(long, global = true, env = "JABAT_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<crate::model::Date>,
    /// What to do; without one, the full-screen interface (an overview when the
    /// output is not a terminal).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A reason: no control characters, not too long.
fn parse_text(text: &str) -> Result<String, String> {
    match crate::edit::text_refusal(text) {
        Some(why) => Err(why),
        None => Ok(text.to_string()),
    }
}

fn parse_date(text: &str) -> Result<crate::model::Date, String> {
    crate::model::Date::parse(text)
}

impl Cli {
    /// The day everything is evaluated as of: `--today`, else the system date.
    pub fn today(&self) -> crate::model::Date {
        self.today.unwrap_or_else(crate::model::Date::today)
    }
}

/// A shell `jabat completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// Elvish.
    Elvish,
    /// PowerShell.
    Powershell,
}

/// The least grave finding `check` fails on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Any finding.
    Info,
}

/// Which kind of node `find` looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum KindArg {
    /// Organization units.
    Unit,
    /// Positions.
    Position,
    /// Employees.
    Employee,
}

/// The commands.
#[derive(Debug, Clone, Subcommand, serde::Serialize, serde::Deserialize)]
pub enum Command {
    /// Print the unit tree, from the roots or from CODE.
    Tree {
        /// Unit code to start from.
        code: Option<String>,
        /// Levels below the start to show (0 = the start only).
        #[arg(long)]
        depth: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show a unit or position (by code) or an employee (by NIP).
    Show {
        /// Unit code, position code or NIP.
        target: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Find units, positions and employees by name, code or NIP.
    Find {
        /// Words to look for (case and accents ignored; each word matches a prefix).
        #[arg(required = true)]
        query: Vec<String>,
        /// Only this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Most results to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Counts over the whole database.
    Stats {
        /// Also measure the storage (reads everything; slow on large databases).
        #[arg(long)]
        storage: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import a directory of CSV files or a .json document (all or nothing).
    Import {
        /// Directory of CSV files (any of them may be an .xlsx), a workbook (.xlsx, .ods)
        /// whose sheets are the tables, or a .json file.
        path: PathBuf,
        /// Validate only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace the whole content of a non-empty database (atomic swap).
        #[arg(long, conflicts_with = "merge")]
        replace: bool,
        /// Upsert into a non-empty database by code and NIP.
        #[arg(long)]
        merge: bool,
        /// Replace even when the import holds far fewer units, positions or people
        /// than the database (asked on a terminal, refused without one).
        #[arg(long, requires = "replace")]
        yes: bool,
        /// What becomes of a person whose row names a post (by its name and unit) that
        /// is not found: the import is refused, listing them (`error`), or they go on the
        /// holding list, listed (`hold`).
        #[arg(long, value_enum, default_value_t)]
        unplaced: Unplaced,
        /// With --merge --dry-run: the input is every person there is (a whole SIASN
        /// export), so that who is in the database and not in it is reported as gone.
        #[arg(long, requires = "merge")]
        complete: bool,
        /// The reconciliation's format (--merge --dry-run).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Export everything as a directory of CSV files, or a .json document.
    Export {
        /// Target directory, or a file ending in .json.
        path: PathBuf,
    },
    /// Competency gaps: of a position's holders, or the matrix of a unit's subtree
    /// (positions × competencies, worst first).
    Gaps {
        /// Position or unit code.
        code: String,
        /// Output format (JSON carries every figure).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Promotion candidates for a position: the eligible ranked, the near misses, and
    /// every reason; people of the position's instansi (all with --all).
    Candidates {
        /// Position code.
        code: String,
        /// Most eligible candidates and near misses listed in the table.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Consider every instansi of the database.
        #[arg(long)]
        all: bool,
        /// Explain one person's verdict.
        #[arg(long, value_name = "NIP")]
        explain: Option<String>,
        /// Output format; JSON lists everyone with every failed rule.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Decisions and notes on a position's candidates (made in the interface's
    /// candidate list), with who made them and when; --all lists every position with
    /// decisions.
    Review {
        /// Position code.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// Every position with decisions or notes.
        #[arg(long, conflicts_with = "code")]
        all: bool,
        /// Put a candidate (NIP) on the shortlist, as `s` in the interface (again: take
        /// it back).
        #[arg(long, value_name = "NIP", group = "decide", conflicts_with = "all")]
        shortlist: Option<String>,
        /// Reject a candidate (NIP), as `x`.
        #[arg(long, value_name = "NIP", group = "decide", conflicts_with = "all")]
        reject: Option<String>,
        /// Nominate a candidate (NIP), as `a`: one nominee per position.
        #[arg(long, value_name = "NIP", group = "decide", conflicts_with = "all")]
        nominate: Option<String>,
        /// Write a note on a candidate: NIP and the text (an empty text removes it).
        #[arg(long, num_args = 2, value_names = ["NIP", "TEXT"], group = "decide", conflicts_with = "all")]
        note: Option<Vec<String>>,
        /// Take back the last decision or note on the position, as `u`.
        #[arg(long, group = "decide", conflicts_with = "all")]
        undo: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The list for the promotion meeting (Baperjakat): a position's candidates in rank
    /// order (every eligible one, and anyone with a decision or note) with the decision,
    /// the note and the facts behind each.
    ExportReview {
        /// Position code.
        code: String,
        /// Output format; pdf is the meeting's record (berita acara) to print and sign
        /// (to --out FILE, or a pipe).
        #[arg(long, value_enum, default_value_t)]
        format: output::PaperFormat,
    },
    /// The peta jabatan of a unit: each unit a heading with its head's position, then
    /// its positions with kelas, B (bezetting), K (kebutuhan) and ± (selisih), its
    /// sub-units and its totals; with --draft as the draft would make it, every change
    /// marked.
    PetaJabatan {
        /// Unit code (a perangkat daerah, or any unit).
        code: String,
        /// Show the structure as this draft would leave it.
        #[arg(long, value_name = "NAME")]
        draft: Option<String>,
        /// Output format; svg and pdf draw the organisation chart.
        #[arg(long, value_enum, default_value_t)]
        format: documents::DocumentFormat,
        /// The paper the chart is laid out for (landscape).
        #[arg(long, value_enum, default_value_t)]
        paper: crate::documents::chart::PaperSize,
    },
    /// A position's job description (anjab, PermenPANRB 1/2020) in the form's order: the
    /// summary, the uraian tugas (its ABK tasks with their steps and results), materials,
    /// tools, responsibilities, authority, working relations and conditions, hazards,
    /// requirements, expected performance, kelas.
    Anjab {
        /// Position code.
        code: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: documents::AnjabFormat,
    },
    /// The ABK recap (rekapitulasi analisis beban kerja) of a unit: per position its
    /// yearly workload, the need it gives at the effective time, the kebutuhan (K) and
    /// bezetting (B), the selisih and the job efficiency (EJ) with its grade; totals per
    /// unit.
    Abk {
        /// Unit code (a perangkat daerah, or any unit).
        code: String,
        /// Output format; pdf is the recap to print and sign (to --out FILE, or a pipe).
        #[arg(long, value_enum, default_value_t)]
        format: output::PaperFormat,
    },
    /// The nine-box of a unit's staff: counts per box and each box's people (boxes
    /// 7–9 with --pool, the talent pool).
    Ninebox {
        /// Unit code.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// The whole database (every instansi).
        #[arg(long, conflicts_with = "code")]
        all: bool,
        /// Only the talent pool (boxes 9, 8, 7).
        #[arg(long)]
        pool: bool,
        /// Output format; svg draws the figures as a picture (to standard output).
        #[arg(long, value_enum, default_value_t)]
        format: PictureFormat,
    },
    /// Training needs of a unit's staff: per competency, the people below their
    /// position's standard and by how much.
    TrainingNeeds {
        /// Unit code.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// The whole database (every instansi).
        #[arg(long, conflicts_with = "code")]
        all: bool,
        /// List the people, a row each.
        #[arg(long)]
        people: bool,
        /// Output format (JSON always has the people).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Formation plan of a unit's subtree: per position kebutuhan, bezetting,
    /// retirements in each year and the shortages they leave; totals per unit, kind
    /// and in all.
    Formation {
        /// Unit code.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// The whole database (every instansi).
        #[arg(long, conflicts_with = "code")]
        all: bool,
        /// Years ahead, this one first.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=40))]
        years: u16,
        /// The recruitment list: only the positions short now or by the last year,
        /// by route (recruitment of CPNS/PPPK, or promotion into structural posts),
        /// kind and level, with totals.
        #[arg(long)]
        shortages: bool,
        /// Output format; svg draws the figures as a picture (to standard output).
        #[arg(long, value_enum, default_value_t)]
        format: PictureFormat,
    },
    /// Performance monitoring of a unit's subtree: the spread of ratings per year over
    /// the last completed years, each direct sub-unit's share rated at least baik (the
    /// weakest marked), and who needs a follow-up (a fall of two steps, or two years
    /// running below baik).
    Performance {
        /// Unit code (a position stands for its unit).
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// The whole database (every instansi, each a branch).
        #[arg(long, conflicts_with = "code")]
        all: bool,
        /// Completed years to look at, last year last.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=20))]
        years: u16,
        /// List everyone who needs a follow-up (CSV: that list instead of the spread).
        #[arg(long)]
        people: bool,
        /// Output format; svg draws the figures as a picture (to standard output).
        #[arg(long, value_enum, default_value_t)]
        format: PictureFormat,
    },
    /// Structural operations: apply or export an operations file (one operation per
    /// line, by code), make one operation, undo, redo.
    Ops {
        /// What to do.
        #[command(subcommand)]
        action: OpsAction,
    },
    /// Drafts (scenarios): edits kept apart from the committed structure until applied.
    Draft {
        /// What to do.
        #[command(subcommand)]
        action: DraftAction,
    },
    /// The journal of committed operations: who changed what, when and why.
    History {
        /// Only what concerns this unit, position or employee (NIP): the changes that
        /// name it, and for a position who holds it and who held it as jabat moved them,
        /// for an employee their position history.
        code: Option<String>,
        /// Only entries from this date (YYYY-MM-DD) on.
        #[arg(long)]
        since: Option<String>,
        /// Only entries by this OS user.
        #[arg(long)]
        user: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Check the structure (heads, eselon, grades, headcounts, retirement …); exits 1
    /// when a finding as grave as --fail-on (an error, by default) is found.
    Check {
        /// Also verify every index, total and count against a rebuild from the data.
        #[arg(long)]
        integrity: bool,
        /// The least grave finding that makes the exit code 1 (for cron: `warning`).
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Serve the database to every jabat process and user on this machine, in the
    /// foreground, until stopped (`jabat server stop`, Ctrl-C, SIGTERM). The socket is
    /// `<db>/jabat.sock`; `<db>/access.toml` gives other users a role. Commands start
    /// one in the background themselves when none runs.
    Serve {
        /// Stop by itself this many seconds after the last client has gone (what the
        /// interface asks of a server it starts); 0: run until stopped.
        #[arg(long, value_name = "SECONDS", default_value_t = 0)]
        idle_exit: u64,
    },
    /// The server holding the database: who is connected and since when, or stop it.
    Server {
        /// What to do.
        #[command(subcommand)]
        action: ServerAction,
    },
    /// Copy a whole database (content, reviews, drafts, journal, undo) into a new or
    /// empty one, between a database directory and PostgreSQL in either direction:
    /// `jabat copy --from ~/jabat/db --to postgresql:///jabat?host=/run/postgresql`.
    /// Nothing is written unless all is (the target is before or after, never between).
    Copy {
        /// The database copied (default: --db).
        #[arg(long, value_name = "PATH|URL")]
        from: Option<Location>,
        /// The database written: a directory that does not exist yet, or a PostgreSQL
        /// database without jabat's tables or with nothing in them.
        #[arg(long, value_name = "PATH|URL")]
        to: Location,
        /// Write over what the target holds.
        #[arg(long)]
        replace: bool,
    },
    /// The database itself: bring its tables up to date, work out what is derived
    /// afresh, and (PostgreSQL) give people roles on it.
    Db {
        /// What to do.
        #[command(subcommand)]
        action: DbAction,
    },
    /// Show the effective rule set, or check a rules file.
    Rules {
        /// Print the effective rule set as TOML (defaults with overrides applied).
        #[arg(long)]
        show: bool,
        /// Validate a rules file; errors name the key.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
        /// Output format of --show: the TOML itself (table), or the same as JSON or as
        /// CSV `key,value` lines (dotted keys).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Create an empty database (at --db, JABAT_DB or the default place). Only `init`,
    /// `import` and `generate` create one; every other command needs it to exist.
    Init,
    /// Print a completion script for a shell: `jabat completions bash >
    /// ~/.local/share/bash-completion/completions/jabat` (zsh: into a directory of
    /// $fpath as `_jabat`; fish: ~/.config/fish/completions/jabat.fish).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// Print the manual page (roff): `jabat man > ~/.local/share/man/man1/jabat.1`,
    /// or `jabat man | man -l -`.
    Man,
    /// Generate realistic synthetic sample data (deterministic for a seed).
    Generate {
        /// Shape of the data (default: city, or by --employees).
        #[arg(long, value_enum)]
        preset: Option<Preset>,
        /// Exact number of employees.
        #[arg(long)]
        employees: Option<u64>,
        /// Seed (the same seed on the same day gives the same data).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the sample is made as of, YYYY-MM-DD (default: --today, or the
        /// system date): ages, careers and the latest ratings lie relative to it.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<crate::model::Date>,
        /// Replace the content of a non-empty database.
        #[arg(long)]
        replace: bool,
        /// Write CSV files (or a .json file) here instead of into the database: the
        /// global --out PATH, taken by generate as where its files go.
        #[arg(skip)]
        out: Option<PathBuf>,
    },
}

/// What `jabat ops` does.
#[derive(Debug, Clone, Subcommand, serde::Serialize, serde::Deserialize)]
pub enum OpsAction {
    /// Apply an operations file atomically (all or nothing); the first operation that
    /// does not fit is reported with its line.
    Apply {
        /// The file.
        file: PathBuf,
        /// Check every operation against the database; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Why (kept in the journal).
        #[arg(long)]
        #[arg(long, value_parser = parse_text)]
        reason: Option<String>,
    },
    /// Write every committed operation, oldest first, as an operations file.
    Export {
        /// The file to write (`-`: standard output).
        file: PathBuf,
    },
    /// Make one operation, written as in a file: `jabat ops do move-unit 1.02 parent=1.03`.
    Do {
        /// The operation.
        #[arg(required = true, num_args = 1..)]
        line: Vec<String>,
        /// Why (kept in the journal).
        #[arg(long)]
        #[arg(long, value_parser = parse_text)]
        reason: Option<String>,
    },
    /// Merge unit FROM into INTO: its sub-units and positions (with their holders)
    /// move, its head stops heading when INTO has one, FROM is removed.
    Merge {
        /// The unit that goes.
        from: String,
        /// The unit that takes everything.
        into: String,
        /// Why (kept in the journal).
        #[arg(long)]
        #[arg(long, value_parser = parse_text)]
        reason: Option<String>,
    },
    /// Remove a unit with everything below it, or a position; its people go to the
    /// holding list (belum ditempatkan).
    Remove {
        /// Unit or position code.
        code: String,
        /// Why (kept in the journal).
        #[arg(long)]
        #[arg(long, value_parser = parse_text)]
        reason: Option<String>,
    },
    /// Undo the latest change that can be undone.
    Undo,
    /// Redo the latest undone change.
    Redo,
}

/// What `jabat draft` does.
#[derive(Debug, Clone, Subcommand, serde::Serialize, serde::Deserialize)]
pub enum DraftAction {
    /// Every draft.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Start an empty draft.
    New {
        /// Its name.
        name: String,
    },
    /// Add one operation to a draft (checked against the draft's structure).
    Add {
        /// The draft.
        name: String,
        /// The operation, written as in a file.
        #[arg(required = true, num_args = 1..)]
        line: Vec<String>,
        /// Why.
        #[arg(long)]
        #[arg(long, value_parser = parse_text)]
        reason: Option<String>,
    },
    /// A draft's operations, as an operations file.
    Show {
        /// The draft.
        name: String,
    },
    /// A draft's operations and the before and after of every unit it touches.
    Diff {
        /// The draft.
        name: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Commit a draft in one step (checked again against the current structure).
    Apply {
        /// The draft.
        name: String,
    },
    /// Drop a draft.
    Discard {
        /// The draft.
        name: String,
    },
}

impl Command {
    /// Whether the command writes to the database (refused under `--read-only`, before
    /// anything is opened). The interface is not a command: it opens read-only itself.
    pub fn writes(&self) -> bool {
        match self {
            Command::Import { dry_run, .. } => !dry_run,
            Command::Generate { out, .. } => out.is_none(),
            Command::Init => true,
            Command::Copy { .. } => true,
            Command::Db { action } => !matches!(action, DbAction::Roles { .. }),
            Command::Ops { action } => {
                !matches!(action, OpsAction::Export { .. } | OpsAction::Apply { dry_run: true, .. })
            }
            Command::Review { shortlist, reject, nominate, note, undo, .. } => {
                shortlist.is_some() || reject.is_some() || nominate.is_some() || note.is_some() || *undo
            }
            Command::Draft { action } => {
                matches!(
                    action,
                    DraftAction::New { .. }
                        | DraftAction::Add { .. }
                        | DraftAction::Apply { .. }
                        | DraftAction::Discard { .. }
                )
            }
            Command::Tree { .. }
            | Command::Show { .. }
            | Command::Find { .. }
            | Command::Stats { .. }
            | Command::Export { .. }
            | Command::Gaps { .. }
            | Command::Candidates { .. }
            | Command::ExportReview { .. }
            | Command::PetaJabatan { .. }
            | Command::Abk { .. }
            | Command::Anjab { .. }
            | Command::Ninebox { .. }
            | Command::TrainingNeeds { .. }
            | Command::Formation { .. }
            | Command::Performance { .. }
            | Command::History { .. }
            | Command::Check { .. }
            | Command::Rules { .. }
            | Command::Completions { .. }
            | Command::Man => false,
            // A server writes as it opens the database, and keeps writing for others.
            Command::Serve { .. } => true,
            Command::Server { action } => match action {
                ServerAction::Status { .. } => false,
                ServerAction::Stop => true,
            },
        }
    }

    /// Whether it is long work, which shows its progress: `check`, and the analyses
    /// over the whole database.
    pub fn is_long(&self) -> bool {
        match self {
            Command::Check { .. } => true,
            Command::Candidates { all, .. }
            | Command::Ninebox { all, .. }
            | Command::TrainingNeeds { all, .. }
            | Command::Formation { all, .. }
            | Command::Performance { all, .. } => *all,
            _ => false,
        }
    }

    /// Whether the command writes the whole content of the database (an import that
    /// does not merge, generating into the database): with no server running it opens
    /// the database itself.
    pub fn replaces_content(&self) -> bool {
        matches!(self, Command::Import { merge: false, dry_run: false, .. } | Command::Generate { out: None, .. })
    }

    /// Whether the command may create the database when there is none.
    pub fn creates(&self) -> bool {
        matches!(
            self,
            Command::Init
                | Command::Import { dry_run: false, .. }
                | Command::Generate { out: None, .. }
                | Command::Db { action: DbAction::Migrate }
        )
    }

    /// The command's name as typed, for messages (`import`, `ops undo`, `draft new`).
    pub fn name(&self) -> String {
        /// `ExportReview { .. }` → `export-review`.
        fn words(debug: String) -> String {
            let mut out = String::new();
            for (i, c) in debug.chars().take_while(|c| c.is_alphanumeric()).enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        }
        match self {
            Command::Ops { action } => format!("ops {}", words(format!("{action:?}"))),
            Command::Draft { action } => format!("draft {}", words(format!("{action:?}"))),
            Command::Server { action } => format!("server {}", words(format!("{action:?}"))),
            Command::Db { action } => format!("db {}", words(format!("{action:?}"))),
            other => words(format!("{other:?}")),
        }
    }
}

/// What `jabat db` does.
#[derive(Debug, Clone, Subcommand, serde::Serialize, serde::Deserialize)]
pub enum DbAction {
    /// Make jabat's tables, or bring them to this jabat's version (refused when they
    /// are newer). A database directory is brought up to date the same way.
    Migrate,
    /// Work out the derived tables afresh from the others (PostgreSQL): subtree
    /// totals, the people as the rules read them, search tokens and counts.
    Rebuild,
    /// Give USER a role on the database (PostgreSQL; making the login role when there
    /// is none), and no other jabat role. A database directory gives roles in its
    /// access.toml instead.
    Grant {
        /// The PostgreSQL role (login name).
        user: String,
        /// What they may do.
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Take every jabat role on the database from USER (PostgreSQL).
    Revoke {
        /// The PostgreSQL role (login name).
        user: String,
    },
    /// Who has which jabat role on the database (PostgreSQL).
    Roles {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// A role on a database in PostgreSQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum RoleArg {
    /// Every lookup and view.
    Viewer,
    /// Also review decisions and notes.
    Reviewer,
    /// Also structural edits, drafts and imports with --merge.
    Editor,
    /// Also import --replace and db rebuild.
    Admin,
}

impl From<RoleArg> for crate::store::postgres::DbRole {
    fn from(role: RoleArg) -> Self {
        use crate::store::postgres::DbRole;
        match role {
            RoleArg::Viewer => DbRole::Viewer,
            RoleArg::Reviewer => DbRole::Reviewer,
            RoleArg::Editor => DbRole::Editor,
            RoleArg::Admin => DbRole::Admin,
        }
    }
}

/// What `jabat server` does.
#[derive(Debug, Clone, Subcommand, serde::Serialize, serde::Deserialize)]
pub enum ServerAction {
    /// Who is connected to the server, with their role, and since when.
    Status {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Stop the server (its owner and administrators).
    Stop,
}

/// How a successful command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// Did what was asked / found something.
    Done,
    /// Looked, found nothing.
    NothingFound,
    /// Found problems (`check`): exit code 1, for cron jobs.
    Flagged,
}

/// Standard output that a closed pipe does not break: once the reader has gone
/// (`jabat check | head -1`), further output is dropped and the command runs to its
/// end, so its exit code still says what it found (1 for `check` with errors), never
/// an error about the pipe.
struct ClosablePipe<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> ClosablePipe<W> {
    fn shield(&mut self, result: std::io::Result<()>) -> std::io::Result<()> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for ClosablePipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write_all(buf);
        self.shield(result).map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.shield(result)
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    // A database's files are its owner's alone whatever the umask; exports follow it.
    crate::privacy::keep_private();
    let mut cli = Cli::parse();
    // `generate --out DIR` writes its files there rather than into a database.
    if let Some(Command::Generate { out, .. }) = &mut cli.command {
        *out = cli.out.take();
    }
    let config = match crate::config::Config::load() {
        Ok(c) => c,
        Err(e) => {
            output::say(format!("jabat: {e}"));
            return ExitCode::from(2);
        }
    };
    i18n::set_lang(cli.lang.or(config.lang).unwrap_or_else(Lang::from_env));
    // The interface draws on the terminal: there is nothing to put in a file.
    if cli.out.is_some() && cli.command.is_none() {
        output::say(format!("jabat: {}", i18n::tr(i18n::Msg::OutNeedsCommand)));
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(ClosablePipe { inner: stdout.lock(), closed: false });
    let result = match &cli.out {
        // Into the file whole once the command has done, or not at all.
        Some(path) => {
            let mut kept = Vec::new();
            commands::run(&cli, &config, &mut kept).and_then(|o| {
                // Nothing found and nothing to write: no file.
                if o != Outcome::Done && kept.is_empty() {
                    return Ok(o);
                }
                let shown = crate::model::text::printable(&path.display().to_string()).into_owned();
                crate::interchange::write::write_whole(path, |w| w.write_all(&kept))
                    .with_context(|| format!("cannot write {shown}"))?;
                output::say(format!("jabat: {}", i18n::trf(i18n::Msg::WroteFile, &[&shown])));
                Ok(o)
            })
        }
        None => commands::run(&cli, &config, &mut out).and_then(|o| {
            out.flush()?;
            Ok(o)
        }),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound | Outcome::Flagged) => ExitCode::from(1),
        Err(e) => {
            let _ = out.flush();
            // Not eprintln!: with the terminal gone it would panic instead of exiting.
            output::say(format!("jabat: {e:#}"));
            ExitCode::from(2)
        }
    }
}

/// The rule set: `--rules FILE`, else `rules.toml` in the config directory, on top of
/// the defaults of domain.md.
pub fn load_rules(cli: &Cli) -> anyhow::Result<crate::rules::RuleSet> {
    rules_of(rules_file(cli)?.as_ref())
}

/// The rules file the options name, read: where it is (for messages) and its text.
pub fn rules_file(cli: &Cli) -> anyhow::Result<Option<(String, String)>> {
    let path = match &cli.rules {
        Some(p) => Some(p.clone()),
        None => crate::config::dir().map(|d| d.join("rules.toml")).filter(|p| p.exists()),
    };
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Some((path.display().to_string(), text)))
}

/// The rule set a rules file (where it is, its text) gives; the defaults without one.
pub fn rules_of(file: Option<&(String, String)>) -> anyhow::Result<crate::rules::RuleSet> {
    match file {
        Some((place, text)) => crate::rules::RuleSet::with_overrides(text, place).map_err(anyhow::Error::msg),
        None => Ok(crate::rules::RuleSet::default()),
    }
}

/// Whether a store holds nothing.
pub fn is_empty(store: &dyn Store) -> anyhow::Result<bool> {
    Ok(store.roots()?.is_empty())
}

/// What `import` does with a person it cannot place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum Unplaced {
    /// Refuse the import, listing each with the reason.
    #[default]
    Error,
    /// Put them on the holding list (belum ditempatkan), listed with the reason.
    Hold,
}
