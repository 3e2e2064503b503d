//! The parts of the interface that take the keyboard, and what each offers. Which one
//! has it follows from the mode and the focus ([`App::focused`]); its commands make the
//! hint line and come first in the help, so both say what can be done where the user
//! is. (The parts' state still lives in `App`; moving each part's state and key
//! handling into its own type is the next step.)

use super::keymap::{KeyAction, KeyMode};
use super::{App, Mode, Pane};
use crate::i18n::Msg;

/// A part of the interface that can have the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    /// The structure tree.
    Tree,
    /// The details pane (a unit, a position's holders, a profile) or an analysis view.
    Details,
    /// The candidate list.
    Candidates,
    /// The search box.
    Search,
    /// The `:` command line.
    CommandLine,
    /// A note being typed on a candidate.
    Note,
    /// The small form (add, rename, edit).
    Form,
    /// A yes-or-no question.
    Confirm,
    /// The help.
    Help,
    /// A list over the panes (problems, history, a draft's differences).
    List,
}

/// What the tree and the panes offer in the hint line.
const BROWSING: [KeyAction; 9] = [
    KeyAction::MoveDown,
    KeyAction::Expand,
    KeyAction::Collapse,
    KeyAction::Open,
    KeyAction::Search,
    KeyAction::CommandLine,
    KeyAction::NextPane,
    KeyAction::Help,
    KeyAction::Quit,
];

/// What the candidate list offers in the hint line.
const REVIEWING: [KeyAction; 9] = [
    KeyAction::Shortlist,
    KeyAction::Reject,
    KeyAction::Nominate,
    KeyAction::Undo,
    KeyAction::Note,
    KeyAction::Filter,
    KeyAction::Sort,
    KeyAction::Compare,
    KeyAction::ShowComparison,
];

impl Component {
    /// The keymap mode its keys are looked up in.
    pub fn key_mode(self) -> KeyMode {
        match self {
            Component::Tree | Component::Details => KeyMode::Normal,
            Component::Candidates => KeyMode::Candidates,
            Component::Search | Component::CommandLine | Component::Note | Component::Form | Component::Confirm => {
                KeyMode::Input
            }
            Component::Help | Component::List => KeyMode::Help,
        }
    }

    /// The commands the hint line shows for it, and the keymap mode their keys are
    /// shown from (over the help or a list, the browsing keys, which take over once it
    /// closes); empty where the line shows what is being typed.
    pub fn commands(self) -> (&'static [KeyAction], KeyMode) {
        match self {
            Component::Tree | Component::Details | Component::Help | Component::List => (&BROWSING, KeyMode::Normal),
            Component::Candidates => (&REVIEWING, KeyMode::Candidates),
            _ => (&[], KeyMode::Input),
        }
    }

    /// Its heading in the help.
    pub fn title(self) -> Msg {
        match self.key_mode() {
            KeyMode::Normal => Msg::Tree,
            KeyMode::Candidates => Msg::Candidates,
            KeyMode::Input => Msg::SearchPrompt,
            KeyMode::Help => Msg::Help,
        }
    }
}

impl App {
    /// The part of the interface that has the keyboard.
    pub fn focused(&self) -> Component {
        match self.mode {
            Mode::Normal if self.candidates_focused() => Component::Candidates,
            Mode::Normal if self.focus == Pane::Details && !self.details_hidden => Component::Details,
            Mode::Normal => Component::Tree,
            Mode::Search => Component::Search,
            Mode::Command => Component::CommandLine,
            Mode::Note => Component::Note,
            Mode::Form => Component::Form,
            Mode::Confirm => Component::Confirm,
            Mode::Help => Component::Help,
            Mode::Overlay => Component::List,
        }
    }
}
