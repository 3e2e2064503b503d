//! The application: its state, the [`Action`] vocabulary, and [`App::update`], the one
//! place where state changes. Keys, the mouse, commands typed after `:` and tests all
//! produce actions. It does no I/O: no store, no file. What it needs read or written it
//! asks for as an [`effect::Effect`], which `ui::session` performs and answers with
//! [`Action::Done`].

pub mod component;
pub mod drafts;
pub mod edits;
pub mod effect;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod lists;
pub mod navigate;
pub mod panes;
pub mod question;
pub mod tree;
mod views;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::i18n::{Msg, tr};
use crate::model::Nip;
use crate::store::Stats;
use component::Outcome;
use keymap::{Chord, KeyAction, KeyMode, Keymap, Resolution};
use panes::{PositionDetails, UnitDetails};
use tree::{Fetched, NodeId, TreeModel};

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The structure tree.
    Tree,
    /// The details (or profile) pane.
    Details,
}

/// What the keyboard is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Browsing.
    Normal,
    /// Typing a search.
    Search,
    /// Typing a command after `:`.
    Command,
    /// Reading the help overlay.
    Help,
    /// Typing a note on a candidate.
    Note,
    /// Filling in a small form (add, rename, edit).
    Form,
    /// Answering y or n.
    Confirm,
    /// Reading a list over the panes (problems, history, a draft's differences).
    Overlay,
}

/// Everything that can happen to the application.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A bound key's action.
    Key(KeyAction),
    /// A character typed into the search or command line.
    Type(char),
    /// A mouse click at a screen cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// The mouse wheel over a screen cell: negative scrolls up.
    Wheel {
        /// Rows to scroll.
        delta: i16,
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// The terminal's new size.
    Resize(u16, u16),
    /// A command line, as typed after `:` (without the colon).
    Run(String),
    /// The worker's answer to a Gaps or Candidates question.
    Computed(question::Computed),
    /// Text pasted into the terminal (bracketed paste): typed into the field at once.
    Paste(String),
    /// No more input is waiting: the time to do what typing put off (the search).
    Idle,
    /// What came of an effect the reducer asked for.
    Done(Box<effect::Done>),
    /// A position's anjab as its editor left it (see [`App::external_edit`]); `None`
    /// clears it.
    AnjabEdited {
        /// The position.
        code: String,
        /// Its anjab now.
        anjab: Option<crate::model::JobDescription>,
    },
}

/// A position's anjab to write in the user's editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalEdit {
    /// The position's code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// The most characters a search may have; beyond it nothing more is typed.
pub const SEARCH_MAX: usize = 200;

/// A search result as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What it is: unit, position or employee (for the symbol).
    pub target: Target,
    /// Code or NIP.
    pub code: String,
    /// Name.
    pub name: String,
    /// Where it is: a unit's path above it, a position's unit, a person's position
    /// and unit (or the holding list).
    pub context: String,
}

/// Which kinds of thing a search lists; Tab in the search box steps through them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchKinds {
    /// Units, positions and people.
    #[default]
    All,
    /// Units only.
    Units,
    /// Positions only.
    Positions,
    /// People only.
    People,
}

impl SearchKinds {
    /// The next, in the order Tab steps through them.
    pub fn next(self) -> SearchKinds {
        match self {
            SearchKinds::All => SearchKinds::Units,
            SearchKinds::Units => SearchKinds::Positions,
            SearchKinds::Positions => SearchKinds::People,
            SearchKinds::People => SearchKinds::All,
        }
    }

    /// As the store filters.
    pub fn filter(self) -> crate::store::KindFilter {
        use crate::store::KindFilter;
        match self {
            SearchKinds::All => KindFilter::ALL,
            SearchKinds::Units => KindFilter { units: true, ..KindFilter::default() },
            SearchKinds::Positions => KindFilter { positions: true, ..KindFilter::default() },
            SearchKinds::People => KindFilter { employees: true, ..KindFilter::default() },
        }
    }

    /// Its name in the search box.
    pub fn label(self) -> &'static str {
        tr(match self {
            SearchKinds::All => Msg::SearchAll,
            SearchKinds::Units => Msg::Units,
            SearchKinds::Positions => Msg::Positions,
            SearchKinds::People => Msg::Employees,
        })
    }
}

/// Where a result leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A tree node.
    Node(NodeId),
    /// An employee: their position in the tree, and their profile.
    Employee(Nip),
}

/// What the details pane shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Details {
    /// Nothing selected.
    #[default]
    Empty,
    /// A unit.
    Unit(Box<UnitDetails>),
    /// A position.
    Position(Box<PositionDetails>),
    /// The holding list, with how many are on it.
    Holding(u64),
    /// A person on the holding list: their profile.
    Person(Box<panes::ProfileView>),
}

/// Commands the `:` line knows, for completion.
pub const COMMANDS: [&str; 13] =
    ["goto", "find", "export", "peta", "lang", "draft", "diff", "apply", "discard", "reason", "messages", "q", "quit"];

/// Commands whose argument Tab completes: codes and NIPs, draft names, languages.
pub const COMPLETED: [&str; 4] = ["goto", "find", "draft", "lang"];

/// Messages a session keeps for `:messages`; older ones are forgotten.
pub const MESSAGES_KEPT: usize = 500;

/// A message of the session, and when it was said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    /// Seconds since the epoch.
    pub at: i64,
    /// What was said.
    pub text: String,
}

/// Results listed while searching.
pub const SEARCH_LIMIT: usize = 50;

/// The state of the whole interface: what is shared (the tree and its selection, the
/// draft, the message, the mode and focus, the rules and the day), and the parts that own
/// their own state and keys.
pub struct App {
    /// The tree and its selection.
    pub tree: TreeModel,
    /// The pane with the keyboard.
    pub focus: Pane,
    /// The keyboard's mode.
    pub mode: Mode,
    /// The details pane: what it shows for the selection, or a profile.
    pub details: component::DetailsPane,
    /// The search box, its results and the matches `n`/`N` step through.
    pub search: component::SearchBox,
    /// The command line after `:`.
    pub command: component::LineInput,
    /// The message the status bar shows: said since the last key that acted.
    pub message: Option<String>,
    /// Everything said this session, oldest first (`:messages`).
    pub said: Vec<Said>,
    /// The time now, in seconds since the epoch, for what is said (fixed in tests).
    pub clock: fn() -> i64,
    /// Keys of a sequence typed so far (`g` of `g g`).
    pub pending: Vec<Chord>,
    /// Where `back` and `forward` go.
    pub jumps: navigate::Jumps,
    /// The terminal size and how it is split.
    pub screen: layout::Screen,
    /// The keys.
    pub keymap: Keymap,
    /// Set when the user quits.
    pub quit: bool,
    /// A position whose anjab the user asked to write in their editor: the loop, which
    /// owns the terminal, hands it over and answers with [`Action::AnjabEdited`].
    pub external_edit: Option<ExternalEdit>,
    /// Whether edits are disabled (shown in the status bar).
    pub read_only: bool,
    /// Counts for the status bar.
    pub stats: Stats,
    /// Where the database is.
    pub location: String,
    /// The help.
    pub help: component::HelpView,
    /// The key that came with an Esc in one press (Alt+key), to be read once the Esc has
    /// acted: read before, it would be looked up in the keys of what the Esc closes.
    pub deferred: Option<KeyEvent>,
    /// The date ages and retirement are counted to (fixed in tests).
    pub today: crate::model::Date,
    /// The rules in force (defaults, or the agency's rules.toml).
    pub rules: crate::rules::RuleSet,
    /// The analysis views: which one the right-hand pane shows, its answer, its rows.
    pub views: component::ViewsPane,
    /// Questions for the worker.
    pub jobs: question::Jobs,
    /// The note being typed.
    pub note: component::LineInput,
    /// Reorganizing in this session: cut, marks, repeat, reason.
    pub editing: edits::Editing,
    /// The open form.
    pub form: Option<form::Form>,
    /// The question waiting for y or n.
    pub confirm: Option<edits::Confirm>,
    /// The list shown over the panes.
    pub overlay: Option<lists::Overlay>,
    /// Which list it is.
    pub overlay_kind: lists::OverlayKind,
    /// The open draft.
    pub drafting: drafts::OpenDraft,
    /// The findings of the last check.
    pub problems: navigate::Problems,
    /// Who else works on the database now (a shared server's other users).
    pub connected: Vec<String>,
    /// The last journal entry the structure shown includes.
    pub journal_seen: u64,
    /// Who is working (the OS user), whose drafts are theirs to change.
    pub user: String,
    /// Text to put on the user's clipboard, which the terminal loop sends (OSC 52) and
    /// takes: the reducer writes nothing itself.
    pub clipboard: Option<String>,
    /// Effects asked for by the action being handled, returned by `update`.
    effects: Vec<effect::Effect>,
}

/// What the interface opens on: read by the effect loop (`ui::session::Session::open`).
pub struct Opening {
    /// The tree, its roots loaded (and a lone instansi opened).
    pub tree: TreeModel,
    /// The details of the selection.
    pub details: Details,
    /// The counts.
    pub stats: Stats,
    /// Where the database is.
    pub location: String,
    /// The last journal entry the structure read includes.
    pub journal_head: u64,
    /// Who is working.
    pub user: String,
}

impl App {
    /// The interface on what `opening` holds.
    pub fn new(opening: Opening, keymap: Keymap, rules: crate::rules::RuleSet, read_only: bool) -> anyhow::Result<App> {
        let Opening { tree, details, stats, location, journal_head: journal_seen, user } = opening;
        let mut app = App {
            tree,
            focus: Pane::Tree,
            mode: Mode::Normal,
            details: component::DetailsPane { shown: details, ..Default::default() },
            search: Default::default(),
            command: Default::default(),
            message: None,
            said: Vec::new(),
            clock: || chrono::Utc::now().timestamp(),
            pending: Vec::new(),
            jumps: Default::default(),
            screen: Default::default(),
            keymap,
            quit: false,
            external_edit: None,
            read_only,
            stats,
            location,
            help: Default::default(),
            deferred: None,
            today: crate::model::Date::today(),
            rules,
            views: Default::default(),
            jobs: Default::default(),
            note: Default::default(),
            editing: Default::default(),
            form: None,
            confirm: None,
            overlay: None,
            overlay_kind: Default::default(),
            drafting: Default::default(),
            problems: Default::default(),
            connected: Vec::new(),
            journal_seen,
            user,
            clipboard: None,
            effects: Vec::new(),
        };
        app.ask()?;
        Ok(app)
    }

    /// Puts on the clipboard what is selected: the person's NIP (a profile, a holder,
    /// a candidate), else the node's code; with `path`, where it is (a unit's path, a
    /// position's unit path and name, a person's name and NIP).
    fn copy(&mut self, path: bool) {
        let person =
            self.details.profile.as_ref().map(|p| (p.profile.employee.nip, p.profile.employee.name.clone())).or_else(
                || match &self.details.shown {
                    Details::Person(p) => Some((p.profile.employee.nip, p.profile.employee.name.clone())),
                    _ => None,
                },
            );
        let focused_person = if self.focus == Pane::Details && !self.screen.details_hidden {
            self.selected_candidate().or_else(|| match &self.details.shown {
                Details::Position(p) if self.details.profile.is_none() => {
                    p.holders.get(self.details.cursor).map(|e| e.nip)
                }
                _ => None,
            })
        } else {
            None
        };
        let text = match (focused_person, &person, &self.details.shown, path) {
            (Some(nip), _, _, false) => Some(nip.to_string()),
            (None, Some((nip, _)), _, false) => Some(nip.to_string()),
            (None, Some((nip, name)), _, true) => Some(format!("{name} ({nip})")),
            (_, _, Details::Unit(u), true) => Some(u.path.clone()),
            (_, _, Details::Position(p), true) => Some(format!("{} › {}", p.path, p.position.name)),
            (_, _, Details::Unit(u), false) => Some(u.unit.code.clone()),
            (_, _, Details::Position(p), false) => Some(p.position.code.clone()),
            _ => None,
        };
        match text {
            Some(text) => {
                self.say(crate::i18n::trf(Msg::Copied, &[&text]));
                self.clipboard = Some(text);
            }
            None => self.say(tr(Msg::NothingToCopy)),
        }
    }

    /// Says `text` in the status bar until the next key acts, and keeps it for
    /// `:messages`.
    pub(crate) fn say(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self.said.last().is_none_or(|s| s.text != text) {
            if self.said.len() >= MESSAGES_KEPT {
                self.said.remove(0);
            }
            self.said.push(Said { at: (self.clock)(), text: text.clone() });
        }
        self.message = Some(text);
    }

    /// Asks for an effect (performed once the action has been handled).
    pub(crate) fn effect(&mut self, effect: effect::Effect) {
        self.effects.push(effect);
    }

    /// The areas of the current screen.
    pub fn areas(&self) -> layout::Areas {
        layout::areas(self.screen.size, self.screen.tree_percent, self.screen.details_hidden)
    }

    /// Rows of the tree that fit on screen.
    pub fn tree_height(&self) -> usize {
        self.areas().tree.height.saturating_sub(2).max(1) as usize
    }

    /// The keymap mode for the current state: the focused part's.
    pub fn key_mode(&self) -> KeyMode {
        self.focused().key_mode()
    }

    /// Whether the candidate list has the keyboard.
    pub(crate) fn candidates_focused(&self) -> bool {
        self.focus == Pane::Details
            && !self.screen.details_hidden
            && self.views.shown == question::View::Candidates
            && self.details.profile.is_none()
            && self.candidates().is_some()
    }

    /// The candidates shown, when the Candidates view has its answer.
    pub fn candidates(&self) -> Option<&question::Candidates> {
        match &self.views.state {
            question::ViewState::Ready(c) => match c.answer.as_ref() {
                Ok(question::Answer::Candidates(c)) => Some(c),
                _ => None,
            },
            _ => None,
        }
    }

    /// Turns a key press into an action, following sequences (`g g`). Printable keys
    /// that are not bound become typed text while a search or command is open.
    pub fn action_for_key(&mut self, key: KeyEvent) -> Option<Action> {
        let typing = matches!(self.mode, Mode::Search | Mode::Command | Mode::Note | Mode::Form | Mode::Confirm);
        let chord = Chord::from_event(key)?;
        self.pending.push(chord);
        let mode = self.key_mode();
        let mut resolution = self.keymap.resolve(mode, &self.pending);
        if mode == KeyMode::Candidates && resolution == Resolution::Unbound {
            resolution = self.keymap.resolve(KeyMode::Normal, &self.pending);
        }
        match resolution {
            Resolution::Action(a) => {
                self.pending.clear();
                Some(Action::Key(a))
            }
            Resolution::Pending => None,
            Resolution::Unbound => {
                let was_sequence = self.pending.len() > 1;
                self.pending.clear();
                // Terminals send Esc then a key quickly as Alt+key (a slow SSH link
                // does it too): an unbound Alt+key is taken as those two keys.
                if key.modifiers.contains(KeyModifiers::ALT) && !was_sequence {
                    let esc = self.action_for_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                    let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
                    return match esc {
                        Some(Action::Key(a)) => {
                            self.deferred = Some(plain);
                            Some(Action::Key(a))
                        }
                        _ => self.action_for_key(plain),
                    };
                }
                if let (true, KeyCode::Char(c)) = (typing, key.code)
                    && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    return Some(Action::Type(c));
                }
                // `g x`: forget the `g` and try `x` on its own.
                if was_sequence { self.action_for_key(key) } else { None }
            }
        }
    }

    /// Turns a mouse event into an action.
    pub fn action_for_mouse(&self, mouse: MouseEvent) -> Option<Action> {
        let (column, row) = (mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
            MouseEventKind::ScrollDown => Some(Action::Wheel { delta: 3, column, row }),
            MouseEventKind::ScrollUp => Some(Action::Wheel { delta: -3, column, row }),
            _ => None,
        }
    }

    /// Applies an action and returns the effects it asks for, which the caller performs
    /// in order, feeding what came of each back as [`Action::Done`]. It reads and
    /// writes nothing itself: what it needs read or written is an effect. Errors end up
    /// in the status bar, not in a crash.
    #[must_use = "the effects must be performed (ui::session::Session::dispatch does)"]
    pub fn update(&mut self, action: Action) -> Vec<effect::Effect> {
        // What was said stays until the next key (or click, or paste) acts: a key of a
        // sequence (`g` of `g g`) has not acted yet.
        if matches!(action, Action::Key(_) | Action::Type(_) | Action::Click { .. } | Action::Run(_) | Action::Paste(_))
        {
            self.message = None;
        }
        if let Err(e) = self.update_inner(action) {
            tracing::warn!("{e:#}");
            self.say(format!("{e:#}"));
        }
        if self.drafting.rebuild_view {
            // The draft shown changed (opened, closed, edited): the loop builds its view
            // again and answers with `Done::Shown`.
            self.drafting.rebuild_view = false;
            let (draft, select) = (self.drafting.name.clone(), self.editing.select_after.take());
            self.effect(effect::Effect::Show { draft, select });
        }
        std::mem::take(&mut self.effects)
    }

    fn update_inner(&mut self, action: Action) -> anyhow::Result<()> {
        if action == Action::Idle && !self.search.stale {
            return Ok(());
        }
        let action = if self.mode == Mode::Command && action == Action::Key(KeyAction::Accept) {
            self.mode = Mode::Normal;
            Action::Run(self.command.input.take())
        } else {
            action
        };
        if let Action::Run(line) = &action {
            let line = line.trim();
            let (name, arg) = line.split_once(' ').map_or((line, ""), |(n, a)| (n, a.trim()));
            if self.draft_command(name, arg)? {
                return Ok(());
            }
        }
        self.apply(action)
    }

    fn apply(&mut self, action: Action) -> anyhow::Result<()> {
        let before = self.tree.selected();
        match action {
            Action::Resize(w, h) => self.screen.size = Rect::new(0, 0, w, h),
            Action::Type(c) => match self.mode {
                // The search runs once the keys stop coming (`Idle`), not once a key.
                Mode::Search | Mode::Command | Mode::Note | Mode::Form => self.type_text(&c.to_string()),
                Mode::Confirm => match c {
                    'y' | 'Y' => self.confirmed(true)?,
                    'n' | 'N' => self.confirmed(false)?,
                    _ => {}
                },
                _ => {}
            },
            Action::Click { column, row } => self.click(column, row)?,
            Action::Wheel { delta, column, row } => {
                let a = self.areas();
                if a.tree.contains((column, row).into()) {
                    self.tree.scroll_by(delta as isize, self.tree_height());
                } else if a.details.contains((column, row).into()) {
                    self.details.cursor = (self.details.cursor as isize + delta as isize).max(0) as usize;
                }
            }
            Action::Run(line) => self.run_command(&line)?,
            Action::Paste(text) => self.type_text(&text),
            Action::AnjabEdited { code, anjab } => {
                let op = crate::model::Op::SetAnjab { code, anjab: anjab.map(Box::new) };
                self.perform(vec![op], None, effect::AfterChange::Nothing);
            }
            Action::Idle => {
                if self.search.stale && self.mode == Mode::Search {
                    self.run_search(navigate::AfterSearch::List);
                }
                self.search.stale = false;
            }
            Action::Key(key) => self.key(key)?,
            Action::Done(done) => self.done(*done)?,
            Action::Computed(c) if Some(c.job.id) == self.problems.job => self.take_problems(&c)?,
            Action::Computed(c) => {
                if matches!(&self.views.state, question::ViewState::Waiting(job, _) if *job == c.job) {
                    self.views.state = question::ViewState::Ready(c);
                    self.views.review = self.candidates().and_then(|c| c.review.clone());
                    self.views.compare.clear();
                    self.views.comparing = false;
                    self.refresh_visible(None);
                }
            }
        }
        if self.tree.selected() != before {
            self.refresh_details()?;
        }
        self.tree.scroll_to_cursor(self.tree_height());
        Ok(())
    }

    fn key(&mut self, key: KeyAction) -> anyhow::Result<()> {
        use KeyAction as K;
        match self.mode {
            Mode::Help => {
                if self.help.key(key) == Outcome::Closed {
                    self.mode = Mode::Normal;
                }
            }
            Mode::Form => self.form_key(key)?,
            Mode::Confirm => match key {
                K::Accept => self.confirmed(true)?,
                K::Cancel => self.confirmed(false)?,
                _ => {}
            },
            Mode::Overlay => self.overlay_key(key)?,
            Mode::Search => match self.search.key(key) {
                Outcome::Closed => {
                    self.mode = Mode::Normal;
                    self.editing.picking_merge = None;
                }
                Outcome::Refresh => self.run_search(navigate::AfterSearch::Accept),
                Outcome::Take => {
                    self.mode = Mode::Normal;
                    if let Some(from) = self.editing.picking_merge.take() {
                        let target = self.search.highlighted().map(|r| (r.target, r.code.clone()));
                        self.search.results.clear();
                        match target {
                            Some((Target::Node(NodeId::Unit(_)), into)) => self.merge_into(&from, &into),
                            _ => self.say(tr(Msg::PickMergeTarget)),
                        }
                    } else {
                        self.search.matches = self.search.results.iter().map(|r| r.target).collect();
                        self.search.match_index = self.search.cursor;
                        if let Some(t) = self.search.matches.get(self.search.match_index).copied() {
                            self.go_to(t)?;
                        } else {
                            self.say(tr(Msg::NoResults));
                        }
                    }
                }
                _ => {}
            },
            // Tab after a command's name completes its argument, from what is stored.
            Mode::Command
                if key == KeyAction::Complete
                    && let Some((command, typed)) = self.command.input.split_once(' ')
                    && COMPLETED.contains(&command) =>
            {
                let (command, typed) = (command.to_string(), typed.trim_start().to_string());
                match command.as_str() {
                    "lang" => {
                        let options = ["id", "en"].into_iter().filter(|l| l.starts_with(&typed)).map(String::from);
                        self.take_completions(&command, &typed, options.collect())
                    }
                    _ => self.effect(effect::Effect::Load(effect::Load::Completions { command, typed })),
                }
            }
            Mode::Command => match self.command.key(key, &COMMANDS) {
                Outcome::Closed => self.mode = Mode::Normal,
                Outcome::Done(line) => {
                    self.mode = Mode::Normal;
                    self.run_command(&line)?;
                }
                Outcome::Say(text) => self.say(text),
                _ => {}
            },
            Mode::Note => match self.note.key(key, &[]) {
                Outcome::Closed => self.mode = Mode::Normal,
                Outcome::Done(text) => {
                    self.mode = Mode::Normal;
                    if let Some(why) = crate::edit::text_refusal(&text) {
                        self.say(format!("{why} ({})", tr(Msg::Note).to_lowercase()));
                        return Ok(());
                    }
                    self.record(|review, nip, stamp| {
                        review.note(nip, &text, stamp);
                        Msg::NoteSaved
                    })?;
                }
                _ => {}
            },
            Mode::Normal => self.normal_key(key)?,
        }
        Ok(())
    }

    fn normal_key(&mut self, key: KeyAction) -> anyhow::Result<()> {
        use KeyAction as K;
        let in_details = self.focus == Pane::Details && !self.screen.details_hidden;
        match key {
            K::Quit => self.quit = true,
            K::Help => {
                // The help puts first what the part that had the keyboard offers.
                self.help = component::HelpView { from: self.focused(), ..Default::default() };
                self.mode = Mode::Help;
            }
            K::Search => {
                self.mode = Mode::Search;
                self.search.open();
            }
            K::CommandLine => {
                self.mode = Mode::Command;
                self.command.input.clear();
            }
            K::NextPane => {
                self.focus =
                    if self.focus == Pane::Tree && !self.screen.details_hidden { Pane::Details } else { Pane::Tree };
            }
            K::Close if self.views.comparing => self.views.comparing = false,
            // Esc in a box's people goes back to walking the grid.
            K::Close
                if self.focus == Pane::Details
                    && self.views.box_listing
                    && self.views.shown == question::View::NineBox
                    && self.details.profile.is_none() =>
            {
                self.views.box_listing = false
            }
            K::Close => {
                self.details.scroll = 0;
                if self.details.profile.take().is_none() {
                    self.message = None;
                    self.focus = Pane::Tree;
                }
            }
            K::Copy | K::CopyPath => self.copy(key == K::CopyPath),
            K::Order => {
                let by_shortage = self.tree.toggle_order();
                self.say(tr(if by_shortage { Msg::TreeByShortage } else { Msg::TreeByCode }));
            }
            K::WidenTree => self.screen.tree_percent = (self.screen.tree_percent + 5).min(80),
            K::NarrowTree => self.screen.tree_percent = self.screen.tree_percent.saturating_sub(5).max(20),
            K::ToggleDetails => {
                self.screen.details_hidden = !self.screen.details_hidden;
                self.focus = Pane::Tree;
            }
            K::ShowDetails
            | K::ShowGaps
            | K::ShowCandidates
            | K::ShowNineBox
            | K::ShowTraining
            | K::ShowFormation
            | K::ShowPerformance => {
                // The formation view's key again toggles the recruitment list.
                if key == K::ShowFormation && self.views.shown == question::View::Formation {
                    self.views.shortages_only = !self.views.shortages_only;
                    self.views.cursor = 0;
                }
                self.views.shown = match key {
                    K::ShowGaps => question::View::Gaps,
                    K::ShowCandidates => question::View::Candidates,
                    K::ShowNineBox => question::View::NineBox,
                    K::ShowTraining => question::View::Training,
                    K::ShowFormation => question::View::Formation,
                    K::ShowPerformance => question::View::Performance,
                    _ => question::View::Details,
                };
                self.screen.details_hidden = false;
                self.ask()?;
            }
            K::NextMatch | K::PreviousMatch if !self.search.matches.is_empty() => {
                let n = self.search.matches.len();
                self.search.match_index = if key == K::NextMatch {
                    (self.search.match_index + 1) % n
                } else {
                    (self.search.match_index + n - 1) % n
                };
                self.go_to(self.search.matches[self.search.match_index])?;
                self.say(format!("{}/{}", self.search.match_index + 1, n));
            }
            K::Back | K::Forward => {
                let here = self.place();
                let there = if key == K::Back { self.jumps.back(here) } else { self.jumps.forward(here) };
                match there {
                    Some(place) => self.restore(place)?,
                    None => self.say(tr(if key == K::Back { Msg::NoJumpBack } else { Msg::NoJumpForward })),
                }
            }
            K::Cut
            | K::Pick
            | K::Paste
            | K::AddChild
            | K::AddSibling
            | K::Rename
            | K::EditFields
            | K::EditAnjab
            | K::EditRequirements
            | K::EditFactors
            | K::Delete
            | K::Merge
            | K::UndoEdit
            | K::RedoEdit
            | K::Repeat
            | K::ShowProblems
            | K::ShowHistory
            | K::NextProblem
            | K::PreviousProblem => self.edit_key(key)?,
            _ if in_details && self.views.shown != question::View::Details && self.details.profile.is_none() => {
                self.view_key(key)?
            }
            _ if in_details => self.details_key(key)?,
            _ => match self.tree.key(key, self.tree_height()) {
                Outcome::Step(step) => self.tree_step(&Fetched::default(), step)?,
                Outcome::Take => {
                    // Into the holders: a jump, which back returns from.
                    self.record_jump();
                    self.focus = Pane::Details;
                    self.details.cursor = 0;
                }
                _ => {}
            },
        }
        Ok(())
    }

    /// Takes a step of the tree with the rows at hand; when some are missing, asks for
    /// them, and the step is taken again once they are read (`Done::Rows`).
    pub(crate) fn tree_step(&mut self, rows: &Fetched, step: effect::TreeStep) -> anyhow::Result<()> {
        use effect::TreeStep as S;
        let taken = match &step {
            S::Toggle(id) => self.tree.expand(rows, *id).map(|opened| {
                if !opened {
                    self.tree.collapse(*id);
                }
            }),
            S::Right => self.tree.right(rows).map(drop),
            S::ExpandAll(id) => self.tree.expand_subtree(rows, *id).map(drop),
            S::Reveal { node, .. } => self.tree.reveal(rows, *node).map(|_| {
                // A jump's target stands a third down, with what is below it in view,
                // unless it is in the window's upper part already.
                let height = self.tree_height();
                let (cursor, offset) = (self.tree.cursor(), self.tree.offset());
                if cursor < offset || cursor >= offset + height * 2 / 3 {
                    self.tree.place_cursor(height);
                }
            }),
            S::Reload { select, .. } => {
                let reloaded = self.tree.reload(rows);
                if reloaded.is_ok() {
                    // The structure changed: what the panes show is read again.
                    self.details.profile = None;
                    self.views.state = question::ViewState::Idle;
                    if let Some(id) = select {
                        self.tree_step(rows, S::Reveal { node: *id })?;
                    }
                    self.refresh_details()?;
                }
                reloaded
            }
        };
        match taken {
            Ok(()) => Ok(()),
            Err(e) => match e.downcast_ref::<tree::Missing>() {
                Some(missing) => {
                    self.effect(effect::Effect::Load(effect::Load::Rows { missing: missing.clone(), then: step }));
                    Ok(())
                }
                None => Err(e),
            },
        }
    }

    /// Asks for the details of the selection (after it changed).
    fn refresh_details(&mut self) -> anyhow::Result<()> {
        self.details.cursor = 0;
        self.details.scroll = 0;
        self.effect(effect::Effect::Load(effect::Load::Details(self.tree.selected())));
        self.ask()
    }

    /// Takes the details read for `node`, if it is still the selection.
    pub(crate) fn take_details(&mut self, node: Option<NodeId>, details: Result<Details, String>) {
        if node != self.tree.selected() {
            return;
        }
        let shown = details.unwrap_or_else(|e| {
            self.say(e);
            Details::Empty
        });
        self.details.take(shown);
    }
}
