//! Moving around besides the tree keys: the details pane's keys, the mouse, search,
//! going to a result, and the `:` command line.

use super::component::Outcome;
use super::effect::TreeStep;
use super::keymap::KeyAction;
use super::tree::Fetched;
use super::tree::NodeId;
use super::{App, Found, Pane, Target, panes};
use crate::i18n::{self, Lang, Msg, tr, trf};

/// Where the user is: the node selected, the pane with the keyboard, the profile open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The node selected.
    pub node: Option<NodeId>,
    /// The pane with the keyboard.
    pub pane: Pane,
    /// The profile shown.
    pub profile: Option<crate::model::Nip>,
}

/// The jump list (vim's): the places jumps left (a search, `:goto`, `]`, Enter into the
/// holders, a profile opened), not every row passed; back goes to them, forward
/// returns.
#[derive(Default)]
pub struct Jumps {
    /// Places jumped from, the latest last.
    back: Vec<Place>,
    /// Places left by going back, the nearest last.
    forward: Vec<Place>,
    /// A profile is being opened by back or forward (not a jump of its own).
    pub(super) restoring: bool,
}

/// Places the jump list keeps.
const JUMPS_KEPT: usize = 100;

impl Jumps {
    /// Records a jump from `here`: back leads there again; forward is forgotten.
    pub fn record(&mut self, here: Place) {
        if self.back.last() != Some(&here) {
            if self.back.len() >= JUMPS_KEPT {
                self.back.remove(0);
            }
            self.back.push(here);
        }
        self.forward.clear();
    }

    /// The place before `here`; `here` is kept for forward.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        while let Some(place) = self.back.pop() {
            if place != here {
                self.forward.push(here);
                return Some(place);
            }
        }
        None
    }

    /// The place `back` left; `here` is kept for back.
    pub fn forward(&mut self, here: Place) -> Option<Place> {
        let place = self.forward.pop()?;
        self.back.push(here);
        Some(place)
    }

    /// How many places back leads to.
    pub fn len(&self) -> usize {
        self.back.len()
    }

    /// Whether back leads nowhere.
    pub fn is_empty(&self) -> bool {
        self.back.is_empty()
    }
}

/// A finding as the problems list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundProblem {
    /// How grave.
    pub gravity: crate::rules::checks::Gravity,
    /// Its rule's id.
    pub rule: String,
    /// Its line.
    pub line: String,
    /// Where it leads.
    pub target: Option<Target>,
}

/// The findings of the last check, as the tree marks them and `]`/`[` step through.
#[derive(Default)]
pub struct Problems {
    /// Every finding, as listed.
    pub found: Vec<FoundProblem>,
    /// The gravity the list keeps (none: every one).
    pub gravity: Option<crate::rules::checks::Gravity>,
    /// The rule the list keeps (none: every one).
    pub rule: Option<String>,
    /// Nodes with findings.
    pub flagged: std::collections::HashSet<NodeId>,
    /// The nodes `]` and `[` step through.
    pub nodes: Vec<NodeId>,
    /// Where `]` and `[` are.
    pub index: Option<usize>,
    /// The number of the problems question the worker is answering.
    pub job: Option<u64>,
}

/// Options of a completion the status bar lists.
const COMPLETIONS_SAID: usize = 12;

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
    /// Where the user is now.
    pub fn place(&self) -> Place {
        Place {
            node: self.tree.selected(),
            pane: self.focus,
            profile: self.details.profile.as_ref().map(|p| p.profile.employee.nip),
        }
    }

    /// Records a jump from where the user is (before the jump is made).
    pub(super) fn record_jump(&mut self) {
        let here = self.place();
        self.jumps.record(here);
    }

    /// Goes back to a place of the jump list.
    pub(super) fn restore(&mut self, place: Place) -> anyhow::Result<()> {
        if let Some(node) = place.node
            && Some(node) != self.tree.selected()
        {
            self.tree_step(&Fetched::default(), TreeStep::Reveal { node })?;
        }
        self.focus = place.pane;
        match place.profile {
            Some(nip) if self.details.profile.as_ref().map(|p| p.profile.employee.nip) != Some(nip) => {
                self.jumps.restoring = true;
                self.effect(super::effect::Effect::Load(super::effect::Load::Profile { nip, go_to: false }));
            }
            Some(_) => {}
            None => self.details.profile = None,
        }
        Ok(())
    }

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
        let (field, max) = match self.mode {
            super::Mode::Search => {
                self.search.stale = true;
                (&mut self.search.input, super::SEARCH_MAX)
            }
            super::Mode::Command => (&mut self.command.input, MAX_NOTE),
            super::Mode::Note => (&mut self.note.input, MAX_NOTE),
            super::Mode::Form => {
                if let Some(form) = self.form.as_mut() {
                    form.type_text(clean, MAX_NAME);
                }
                return;
            }
            _ => return,
        };
        field.insert(clean, max);
    }

    /// Asks for the results of the search typed; `then` says what follows them.
    pub(super) fn run_search(&mut self, then: AfterSearch) {
        let query = self.search.input.to_string();
        let kinds = self.search.kinds;
        self.effect(super::effect::Effect::Load(super::effect::Load::Search { query, kinds, then }));
    }

    /// Takes the results of a search, unless the text has changed since.
    pub(super) fn take_results(
        &mut self,
        query: String,
        then: AfterSearch,
        results: Result<Vec<Found>, String>,
    ) -> anyhow::Result<()> {
        if query != *self.search.input {
            return Ok(());
        }
        self.search.cursor = 0;
        self.search.results = results.unwrap_or_else(|e| {
            self.say(e);
            Vec::new()
        });
        // One more than listed is asked for, to know there are more.
        self.search.more = self.search.results.len() > super::SEARCH_LIMIT;
        self.search.results.truncate(super::SEARCH_LIMIT);
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

    /// Completes the argument of the `:` line with what it may become: the one option,
    /// or as far as the options agree (and says them).
    pub(super) fn take_completions(&mut self, command: &str, typed: &str, options: Vec<String>) {
        // Stale: the line changed since it was asked.
        if self.mode != super::Mode::Command || *self.command.input != *format!("{command} {typed}") {
            return;
        }
        match options.as_slice() {
            [] => self.say(trf(Msg::NoCompletion, &[&typed])),
            [one] => self.command.input.set(format!("{command} {one}")),
            many => {
                let first = &many[0];
                let shared = many
                    .iter()
                    .fold(first.len(), |n, o| first.bytes().zip(o.bytes()).take(n).take_while(|(a, b)| a == b).count());
                let shared = first.get(..shared).unwrap_or(typed);
                if shared.len() > typed.len() {
                    self.command.input.set(format!("{command} {shared}"));
                }
                // Listed a level at a time: a code under another listed is left out.
                let under = |o: &String| {
                    many.iter().any(|p| p != o && o.starts_with(p.as_str()) && o[p.len()..].starts_with(['.', '-']))
                };
                let level: Vec<&str> = many.iter().filter(|o| !under(o)).map(String::as_str).collect();
                let listed: Vec<&str> = level.iter().take(COMPLETIONS_SAID).copied().collect();
                let more = level.len().saturating_sub(COMPLETIONS_SAID);
                let mut text = listed.join("  ");
                if more > 0 {
                    text.push_str(&format!("  … +{more}"));
                }
                self.say(text);
            }
        }
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
        // A profile opened is a jump; one back or forward reopened is not.
        if !std::mem::take(&mut self.jumps.restoring) && view.is_some() {
            self.record_jump();
        }
        if go_to {
            // Their position, or their row on the holding list.
            let node = view.as_ref().map(|v| match &v.position {
                Some(p) => NodeId::Position(p.id),
                None => NodeId::Person(v.profile.employee.nip),
            });
            if let Some(node) = node {
                self.tree_step(&Fetched::default(), TreeStep::Reveal { node })?;
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
                self.record_jump();
                self.details.profile = None;
                self.tree_step(&Fetched::default(), TreeStep::Reveal { node: id })?;
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
                self.search.input.set(arg);
                self.run_search(AfterSearch::GoFirst);
            }
            "export" if !arg.is_empty() => self.effect(super::effect::Effect::Export(arg.into())),
            "peta" if !arg.is_empty() => match self.selected_unit_code() {
                Some(unit) => self.effect(super::effect::Effect::Peta {
                    unit,
                    path: arg.into(),
                    today: self.today,
                    draft: self.drafting.name.clone(),
                }),
                None => self.say(tr(Msg::PetaSelectUnit)),
            },
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
