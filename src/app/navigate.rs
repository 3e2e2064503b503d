//! Moving around besides the tree keys: the details pane's keys, the mouse, search,
//! going to a result, and the `:` command line.

use super::component::Outcome;
use super::effect::TreeStep;
use super::keymap::KeyAction;
use super::tree::Fetched;
use super::tree::NodeId;
use super::{App, Found, Pane, Target, panes};
use crate::i18n::{self, Lang, Msg, tr};

/// Nodes jumped from, for `back`, and left by `back`, for `forward`.
#[derive(Default)]
pub struct Jumps {
    /// Nodes visited before, for `back`.
    pub back: Vec<NodeId>,
    /// Nodes left by `back`, for `forward`.
    pub forward: Vec<NodeId>,
}

/// The findings of the last check, as the tree marks them and `]`/`[` step through.
#[derive(Default)]
pub struct Problems {
    /// Nodes with findings.
    pub flagged: std::collections::HashSet<NodeId>,
    /// The nodes `]` and `[` step through.
    pub nodes: Vec<NodeId>,
    /// Where `]` and `[` are.
    pub index: Option<usize>,
    /// The number of the problems question the worker is answering.
    pub job: Option<u64>,
}

/// What follows the results of a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSearch {
    /// They are listed as the user types.
    List,
    /// Enter came right after typing: the best is taken.
    Accept,
    /// `:find`: the first is gone to, and `n`/`N` step through them.
    GoFirst,
}

impl App {
    /// Keys while the details pane has the keyboard: move among the holders, open one.
    pub(super) fn details_key(&mut self, key: KeyAction) -> anyhow::Result<()> {
        let page = self.areas().details.height.saturating_sub(2).max(1);
        if let Outcome::Profile(nip) = self.details.key(key, page) {
            self.effect(super::effect::Effect::Load(super::effect::Load::Profile { nip, go_to: false }));
        }
        Ok(())
    }

    pub(super) fn click(&mut self, column: u16, row: u16) -> anyhow::Result<()> {
        let a = self.areas();
        let at = (column, row).into();
        if a.tree.contains(at) {
            self.focus = Pane::Tree;
            let line = row.saturating_sub(a.tree.y + 1) as usize;
            if row > a.tree.y && line < self.tree_height() {
                let index = self.tree.offset() + line;
                if index < self.tree.len() {
                    if index == self.tree.cursor()
                        && let Some(id) = self.tree.selected()
                    {
                        self.tree_step(&Fetched::default(), TreeStep::Toggle(id))?;
                    }
                    self.tree.move_to(index);
                }
            }
        } else if a.details.contains(at) {
            self.focus = Pane::Details;
        }
        Ok(())
    }

    /// Types `text` into the field being edited: line ends become spaces, other
    /// control characters are dropped, and nothing goes past the field's limit.
    pub(super) fn type_text(&mut self, text: &str) {
        use crate::model::text::{MAX_NAME, MAX_NOTE};
        let clean = text.chars().filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        });
        let (field, max): (&mut String, usize) = match self.mode {
            super::Mode::Search => {
                self.search.stale = true;
                (&mut self.search.input, super::SEARCH_MAX)
            }
            super::Mode::Command => (&mut self.command.input, MAX_NOTE),
            super::Mode::Note => (&mut self.note.input, MAX_NOTE),
            super::Mode::Form => match self.form.as_mut() {
                Some(form) => (&mut form.fields[form.cursor].2, MAX_NAME),
                None => return,
            },
            _ => return,
        };
        let room = max.saturating_sub(field.chars().count());
        field.extend(clean.take(room));
    }

    /// Asks for the results of the search typed; `then` says what follows them.
    pub(super) fn run_search(&mut self, then: AfterSearch) {
        let query = self.search.input.clone();
        self.effect(super::effect::Effect::Load(super::effect::Load::Search { query, then }));
    }

    /// Takes the results of a search, unless the text has changed since.
    pub(super) fn take_results(
        &mut self,
        query: String,
        then: AfterSearch,
        results: Result<Vec<Found>, String>,
    ) -> anyhow::Result<()> {
        if query != self.search.input {
            return Ok(());
        }
        self.search.cursor = 0;
        self.search.results = results.unwrap_or_else(|e| {
            self.say(e);
            Vec::new()
        });
        match then {
            AfterSearch::List => {}
            AfterSearch::Accept => return self.key(KeyAction::Accept),
            AfterSearch::GoFirst => {
                self.search.matches = self.search.results.iter().map(|r| r.target).collect();
                self.search.match_index = 0;
                match self.search.matches.first().copied() {
                    Some(t) => {
                        self.go_to(t)?;
                        self.say(format!("1/{}", self.search.matches.len()));
                    }
                    None => self.say(tr(Msg::NoResults)),
                }
            }
        }
        Ok(())
    }

    /// Goes to what a code (or NIP) names, once it is looked up.
    pub(super) fn take_located(&mut self, code: String, target: Option<Target>) -> anyhow::Result<()> {
        match target {
            Some(t) => self.go_to(t),
            None => {
                self.say(format!("{}: {code}", tr(Msg::NotFoundCode)));
                Ok(())
            }
        }
    }

    /// Takes a profile read: shows it, and for `go_to` selects the position first.
    pub(super) fn take_profile(
        &mut self,
        go_to: bool,
        view: Result<Option<Box<panes::ProfileView>>, String>,
    ) -> anyhow::Result<()> {
        let view = match view {
            Ok(view) => view,
            Err(e) => {
                self.say(e);
                return Ok(());
            }
        };
        if go_to {
            if let Some(p) = view.as_ref().and_then(|v| v.position.as_ref()) {
                let node = NodeId::Position(p.id);
                self.tree_step(&Fetched::default(), TreeStep::Reveal { node, retracing: false })?;
                self.refresh_details()?;
            }
            self.focus = Pane::Details;
        }
        self.details.profile = view;
        self.details.scroll = 0;
        Ok(())
    }

    /// Shows a search result: selects its node (opening the ancestors) and, for an
    /// employee, selects their position and opens their profile.
    pub(super) fn go_to(&mut self, target: Target) -> anyhow::Result<()> {
        match target {
            Target::Node(id) => {
                self.details.profile = None;
                self.tree_step(&Fetched::default(), TreeStep::Reveal { node: id, retracing: false })?;
                self.focus = Pane::Tree;
            }
            Target::Employee(nip) => {
                self.effect(super::effect::Effect::Load(super::effect::Load::Profile { nip, go_to: true }))
            }
        }
        Ok(())
    }

    pub(super) fn run_command(&mut self, line: &str) -> anyhow::Result<()> {
        let line = line.trim();
        let (name, arg) = line.split_once(' ').map_or((line, ""), |(n, a)| (n, a.trim()));
        match name {
            "q" | "quit" => self.quit = true,
            "messages" => self.show_messages(),
            "goto" => self.effect(super::effect::Effect::Load(super::effect::Load::Locate(arg.to_string()))),
            "find" => {
                self.search.input = arg.to_string();
                self.run_search(AfterSearch::GoFirst);
            }
            "export" if !arg.is_empty() => self.effect(super::effect::Effect::Export(arg.into())),
            "lang" => match arg {
                "id" => i18n::set_lang(Lang::Id),
                "en" => i18n::set_lang(Lang::En),
                _ => self.say("lang id | lang en"),
            },
            "" => {}
            _ => self.say(format!("{}: {name}", tr(Msg::UnknownCommand))),
        }
        if name == "lang" && matches!(arg, "id" | "en") {
            self.say(tr(Msg::LanguageSet));
        }
        Ok(())
    }
}
