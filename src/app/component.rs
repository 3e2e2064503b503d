//! The parts of the interface that take the keyboard, and what each offers. Which one
//! has it follows from the mode and the focus ([`App::focused`]); its commands make the
//! hint line and come first in the help, so both say what can be done where the user
//! is. The search box, the command line, the note, the help, the lists and the form own
//! their state and their keys (`SearchBox`, `LineInput`, `HelpView`, `lists::Overlay`,
//! `form::Form`), and say what is left for the rest of the interface to do
//! ([`Outcome`]); so do the details pane (`DetailsPane`) and the analysis views
//! (`ViewsPane`, for moving among their rows; what acts on a row, a decision on a
//! candidate say, needs the rest of the interface and stays in `App`), and the tree
//! (`TreeModel::key`: moving, folding, opening).

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

/// What the candidate list offers in the hint line when nothing may be written.
const LOOKING: [KeyAction; 5] =
    [KeyAction::Filter, KeyAction::Sort, KeyAction::Compare, KeyAction::ShowComparison, KeyAction::Help];

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
    /// closes); empty where the line shows what is being typed. Only what can be done
    /// now: `read_only` leaves out the decisions.
    pub fn commands(self, read_only: bool) -> (&'static [KeyAction], KeyMode) {
        match self {
            Component::Tree | Component::Details | Component::Help | Component::List => (&BROWSING, KeyMode::Normal),
            Component::Candidates if read_only => (&LOOKING, KeyMode::Candidates),
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
            Mode::Normal if self.focus == Pane::Details && !self.screen.details_hidden => Component::Details,
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

/// What a part's own keys leave for the rest of the interface to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more: the part took the key.
    Handled,
    /// The part closes.
    Closed,
    /// The part closes, giving what was typed (a command line, a note) or chosen.
    Done(String),
    /// The search box wants its results for the text typed before taking one.
    Refresh,
    /// The search box takes the highlighted result; the form is submitted.
    Take,
    /// Something to say in the status bar.
    Say(String),
    /// The part closes, leading to a node or a person (a list's line).
    GoTo(super::Target),
    /// An employee's profile is wanted (a holder opened in the details pane).
    Profile(crate::model::Nip),
    /// The tree takes a step that may need rows read first.
    Step(super::effect::TreeStep),
    /// The key is not this part's.
    Ignored,
}

/// The analysis views: which one the right-hand pane shows, the question it asked and
/// its answer, the highlighted row, and for candidates the review, the filter, the order,
/// the rows listed and those marked for comparison.
#[derive(Clone, Debug, Default)]
pub struct ViewsPane {
    /// Which view the right-hand pane shows.
    pub shown: super::question::View,
    /// Its question and answer.
    pub state: super::question::ViewState,
    /// The highlighted row.
    pub cursor: usize,
    /// The review of the position whose candidates are shown.
    pub review: Option<crate::model::Review>,
    /// Which candidates are listed.
    pub filter: super::question::CandidateFilter,
    /// How they are ordered.
    pub sort: super::question::CandidateSort,
    /// The listed candidates, as indexes into the ranking.
    pub visible: Vec<u32>,
    /// Candidates marked for comparison (up to three).
    pub compare: Vec<crate::model::Nip>,
    /// Whether the comparison is shown.
    pub comparing: bool,
    /// Whether the formation view lists only the short positions (the recruitment list).
    pub shortages_only: bool,
    /// The nine-box view's box walked to (none: box 9, where the walk starts).
    pub nine_box: Option<u8>,
    /// Whether the nine-box view lists the walked box's people (else the keys move
    /// between boxes).
    pub box_listing: bool,
    /// The competency a unit's gap grid lists the positions short in (none: all).
    pub gap_focus: Option<crate::model::Competency>,
}

pub use crate::rules::workforce::NINE_BOX_ROWS;

/// The box next to `from` in the drawn grid, a step of `(down, right)`; the edge stops.
pub fn box_step(from: u8, down: i8, right: i8) -> u8 {
    let (row, col) =
        (0..3).flat_map(|r| (0..3).map(move |c| (r, c))).find(|(r, c)| NINE_BOX_ROWS[*r][*c] == from).unwrap_or((0, 2));
    let row = (row as i8 + down).clamp(0, 2) as usize;
    let col = (col as i8 + right).clamp(0, 2) as usize;
    NINE_BOX_ROWS[row][col]
}

impl ViewsPane {
    /// Rows of the answer shown, for the cursor.
    pub fn rows(&self) -> usize {
        use super::question::{Answer, ViewState};
        let ViewState::Ready(c) = &self.state else { return 0 };
        match c.answer.as_ref() {
            Ok(Answer::UnitGaps(_, m)) => m.listed(self.gap_focus.as_ref()).len(),
            Ok(Answer::PositionGaps(g)) => g.rows.len(),
            Ok(Answer::Candidates(_)) => self.visible.len(),
            Ok(Answer::NineBox(_, answer)) if self.box_listing => {
                answer.1.boxes[usize::from(self.nine_box.unwrap_or(9) - 1)].len()
            }
            Ok(Answer::NineBox(..)) => 0,
            Ok(Answer::Training(_, answer)) => answer.1.len(),
            Ok(Answer::Formation(_, answer)) => answer.1.listed(self.shortages_only).count(),
            Ok(Answer::Performance(_, answer)) => {
                answer.1.monitoring.branches.len() + answer.1.monitoring.follow_ups.len()
            }
            _ => 0,
        }
    }

    /// Its own keys, `page` rows to a page: moving among the rows. What acts on a row
    /// (opening it, a decision, a note, the filter, the order, the comparison) is left
    /// to the interface (`Outcome::Handled` is not returned for those).
    pub fn key(&mut self, key: KeyAction, page: usize) -> Outcome {
        use KeyAction as K;
        // The grid is walked box by box until a box's people are listed.
        if !self.box_listing
            && let super::question::ViewState::Ready(c) = &self.state
            && let Ok(super::question::Answer::NineBox(..)) = c.answer.as_ref()
        {
            let at = self.nine_box.unwrap_or(9);
            let (down, right) = match key {
                K::MoveDown => (1, 0),
                K::MoveUp => (-1, 0),
                K::Collapse => (0, -1),
                K::Expand => (0, 1),
                _ => return Outcome::Take,
            };
            self.nine_box = Some(box_step(at, down, right));
            return Outcome::Handled;
        }
        if self.box_listing && key == K::Collapse {
            self.box_listing = false;
            return Outcome::Handled;
        }
        let last = self.rows().saturating_sub(1);
        let cursor = &mut self.cursor;
        match key {
            K::MoveDown => *cursor = (*cursor + 1).min(last),
            K::MoveUp => *cursor = cursor.saturating_sub(1),
            K::PageDown => *cursor = (*cursor + page).min(last),
            K::PageUp => *cursor = cursor.saturating_sub(page),
            K::HalfPageDown => *cursor = (*cursor + page / 2).min(last),
            K::HalfPageUp => *cursor = cursor.saturating_sub(page / 2),
            K::Top => *cursor = 0,
            K::Bottom => *cursor = last,
            _ => return Outcome::Take,
        }
        Outcome::Handled
    }
}

/// The details pane: what it shows for the selection (a unit, a position and its
/// holders), or an employee's profile in its place, and where it is scrolled.
#[derive(Clone, Debug, Default)]
pub struct DetailsPane {
    /// What it shows for the selection.
    pub shown: super::Details,
    /// The highlighted holder of a position.
    pub cursor: usize,
    /// Lines scrolled (a unit or a profile).
    pub scroll: u16,
    /// The most lines it can scroll, as the last frame drawn found it (none before the
    /// first): scrolling stops there (set by the drawing, as ratatui's stateful widgets
    /// keep their offset).
    pub extent: std::cell::Cell<Option<u16>>,
    /// An employee's profile, shown in place of the details.
    pub profile: Option<Box<super::panes::ProfileView>>,
}

impl DetailsPane {
    /// Its own keys, `page` lines to a page: move among a position's holders and open
    /// one, or scroll a unit or a profile.
    pub fn key(&mut self, key: KeyAction, page: u16) -> Outcome {
        use KeyAction as K;
        let rows = match &self.shown {
            super::Details::Position(p) if self.profile.is_none() => p.holders.len(),
            _ => 0,
        };
        if rows == 0 {
            let end = self.extent.get().unwrap_or(u16::MAX);
            match key {
                K::MoveDown => self.scroll = self.scroll.saturating_add(1).min(end),
                K::MoveUp => self.scroll = self.scroll.min(end).saturating_sub(1),
                K::PageDown | K::HalfPageDown => self.scroll = self.scroll.saturating_add(page / 2).min(end),
                K::PageUp | K::HalfPageUp => self.scroll = self.scroll.min(end).saturating_sub(page / 2),
                K::Top => self.scroll = 0,
                K::Bottom => self.scroll = end,
                _ => {}
            }
            return Outcome::Handled;
        }
        match key {
            K::MoveDown => self.cursor = (self.cursor + 1).min(rows.saturating_sub(1)),
            K::MoveUp | K::Collapse => self.cursor = self.cursor.saturating_sub(1),
            K::Top => self.cursor = 0,
            K::Bottom => self.cursor = rows.saturating_sub(1),
            K::Open | K::Expand => {
                if let super::Details::Position(p) = &self.shown
                    && let Some(e) = p.holders.get(self.cursor)
                {
                    return Outcome::Profile(e.nip);
                }
            }
            _ => {}
        }
        Outcome::Handled
    }

    /// Takes what was read for the selection; a profile stays only with the position it
    /// was opened from.
    pub fn take(&mut self, shown: super::Details) {
        self.shown = shown;
        if let (Some(view), super::Details::Position(p)) = (&self.profile, &self.shown) {
            if view.position.as_ref().map(|x| x.id) != Some(p.position.id) {
                self.profile = None;
            }
        } else if !matches!(self.shown, super::Details::Position(_)) {
            self.profile = None;
        }
    }
}

/// The search box: the text typed, its results, the one highlighted.
#[derive(Clone, Debug, Default)]
pub struct SearchBox {
    /// The text typed.
    pub input: TextField,
    /// Its results, best first.
    pub results: Vec<super::Found>,
    /// The highlighted result.
    pub cursor: usize,
    /// The text changed since the results were found.
    pub stale: bool,
    /// The results `n`/`N` step through.
    pub matches: Vec<super::Target>,
    /// Position in `matches`.
    pub match_index: usize,
    /// Which kinds are listed.
    pub kinds: super::SearchKinds,
    /// There are more results than listed.
    pub more: bool,
}

impl SearchBox {
    /// Opens empty.
    pub fn open(&mut self) {
        *self = SearchBox::default();
    }

    /// The highlighted result.
    pub fn highlighted(&self) -> Option<&super::Found> {
        self.results.get(self.cursor)
    }

    /// Its own keys.
    pub fn key(&mut self, key: KeyAction) -> Outcome {
        use KeyAction as K;
        match key {
            K::Cancel => {
                self.results.clear();
                Outcome::Closed
            }
            K::DeleteBack
            | K::DeleteForward
            | K::CursorLeft
            | K::CursorRight
            | K::LineStart
            | K::LineEnd
            | K::KillToStart
            | K::KillWord
            | K::KillToEnd => {
                let before = self.input.to_string();
                self.input.edit(key);
                self.stale |= *self.input != *before;
                Outcome::Handled
            }
            K::NextResult => {
                self.cursor = (self.cursor + 1).min(self.results.len().saturating_sub(1));
                Outcome::Handled
            }
            // Tab narrows to units, positions, people, then all again (listed anew once
            // the keys stop coming, like typing).
            K::Complete => {
                self.kinds = self.kinds.next();
                self.stale = true;
                Outcome::Handled
            }
            K::PreviousResult => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Handled
            }
            // Enter right after typing: the results the text asks for first.
            K::Accept if self.stale && !self.input.is_empty() => {
                self.stale = false;
                Outcome::Refresh
            }
            K::Accept => Outcome::Take,
            _ => Outcome::Handled,
        }
    }
}

/// Text being typed, with its cursor, edited like a shell line: Left/Right (Ctrl-b/f),
/// Home/End (Ctrl-a/e), Backspace, Delete, Ctrl-u (to the start), Ctrl-w (the word
/// before), Ctrl-k (to the end).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Byte offset of the cursor, on a character boundary.
    cursor: usize,
}

impl TextField {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> TextField {
        let text = text.into();
        TextField { cursor: text.len(), text }
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = TextField::new(text);
    }

    /// Empties it.
    pub fn clear(&mut self) {
        *self = TextField::default();
    }

    /// The text, and the field emptied.
    pub fn take(&mut self) -> String {
        std::mem::take(self).text
    }

    /// The text before the cursor and from it on.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Inserts `text` at the cursor, as far as `max` characters in all allow.
    pub fn insert(&mut self, text: impl Iterator<Item = char>, max: usize) {
        let room = max.saturating_sub(self.text.chars().count());
        for c in text.take(room) {
            self.text.insert(self.cursor, c);
            self.cursor += c.len_utf8();
        }
    }

    /// Its editing keys; false for a key that is not one of them.
    pub fn edit(&mut self, key: KeyAction) -> bool {
        use KeyAction as K;
        let before = |t: &str, at: usize| t[..at].chars().next_back().map_or(at, |c| at - c.len_utf8());
        let after = |t: &str, at: usize| t[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        match key {
            K::CursorLeft => self.cursor = before(&self.text, self.cursor),
            K::CursorRight => self.cursor = after(&self.text, self.cursor),
            K::LineStart => self.cursor = 0,
            K::LineEnd => self.cursor = self.text.len(),
            K::DeleteBack => {
                let from = before(&self.text, self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            K::DeleteForward => {
                let to = after(&self.text, self.cursor);
                self.text.replace_range(self.cursor..to, "");
            }
            K::KillToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            K::KillToEnd => self.text.truncate(self.cursor),
            K::KillWord => {
                // The spaces before the cursor, then the word before them.
                let head = &self.text[..self.cursor];
                let word_end = head.trim_end().len();
                let from = head[..word_end].rfind(' ').map_or(0, |i| i + 1);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            _ => return false,
        }
        true
    }
}

impl std::ops::Deref for TextField {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A line being typed: the `:` command line, or a note on a candidate.
#[derive(Clone, Debug, Default)]
pub struct LineInput {
    /// What is typed.
    pub input: TextField,
}

impl LineInput {
    /// Its own keys; `complete` lists what Tab may complete to (none for a note).
    pub fn key(&mut self, key: KeyAction, complete: &[&str]) -> Outcome {
        use KeyAction as K;
        if self.input.edit(key) {
            return Outcome::Handled;
        }
        match key {
            K::Cancel => Outcome::Closed,
            K::Complete if !complete.is_empty() => {
                let typed = self.input.trim_start();
                let hits: Vec<&str> = complete.iter().copied().filter(|c| c.starts_with(typed)).collect();
                if let [one] = hits.as_slice() {
                    self.input.set(format!("{one} "));
                    Outcome::Handled
                } else if !hits.is_empty() {
                    Outcome::Say(hits.join("  "))
                } else {
                    Outcome::Handled
                }
            }
            K::Accept => Outcome::Done(self.input.take()),
            _ => Outcome::Handled,
        }
    }
}

/// The help: how far it is scrolled, and the part it was opened from.
#[derive(Clone, Debug)]
pub struct HelpView {
    /// First line shown.
    pub scroll: usize,
    /// The part that had the keyboard when it opened (its keys come first).
    pub from: Component,
    /// The most lines it can scroll, as the last frame drawn found it (none before the
    /// first).
    pub extent: std::cell::Cell<Option<usize>>,
}

impl Default for HelpView {
    fn default() -> Self {
        HelpView { scroll: 0, from: Component::Tree, extent: std::cell::Cell::new(None) }
    }
}

impl HelpView {
    /// Its own keys.
    pub fn key(&mut self, key: KeyAction) -> Outcome {
        use KeyAction as K;
        match key {
            K::Close | K::Help => Outcome::Closed,
            K::MoveDown => {
                self.scroll = (self.scroll + 1).min(self.extent.get().unwrap_or(usize::MAX));
                Outcome::Handled
            }
            K::MoveUp => {
                self.scroll = self.scroll.min(self.extent.get().unwrap_or(usize::MAX)).saturating_sub(1);
                Outcome::Handled
            }
            _ => Outcome::Handled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyAction as K;

    #[test]
    fn the_search_box_asks_for_fresh_results_before_taking_one() {
        let mut search = SearchBox { input: TextField::new("bkp"), stale: true, ..SearchBox::default() };
        assert_eq!(search.key(K::Accept), Outcome::Refresh);
        assert_eq!(search.key(K::Accept), Outcome::Take);
        assert_eq!(search.key(K::DeleteBack), Outcome::Handled);
        assert_eq!((&*search.input, search.stale), ("bk", true));
        assert_eq!(search.key(K::NextResult), Outcome::Handled);
        assert_eq!(search.cursor, 0, "no results to move to");
        assert_eq!(search.key(K::Cancel), Outcome::Closed);
    }

    #[test]
    fn the_command_line_completes_one_command_and_lists_several() {
        let mut line = LineInput { input: TextField::new("dr") };
        assert_eq!(line.key(K::Complete, &["draft", "diff", "discard"]), Outcome::Handled);
        assert_eq!(&*line.input, "draft ");
        let mut line = LineInput { input: TextField::new("d") };
        assert_eq!(line.key(K::Complete, &["draft", "diff"]), Outcome::Say("draft  diff".into()));
        assert_eq!(line.key(K::Accept, &[]), Outcome::Done("d".into()));
        assert!(line.input.is_empty());
        // A note completes nothing.
        let mut note = LineInput { input: TextField::new("x") };
        assert_eq!(note.key(K::Complete, &[]), Outcome::Handled);
        assert_eq!(&*note.input, "x");
    }

    #[test]
    fn a_text_field_edits_like_a_shell_line() {
        let mut f = TextField::new("goto 1276.05 now");
        f.edit(K::KillWord);
        assert_eq!((&*f, f.split().1), ("goto 1276.05 ", ""));
        f.edit(K::KillWord);
        assert_eq!(&*f, "goto ");
        f.insert("bkpsdm".chars(), 100);
        f.edit(K::LineStart);
        f.edit(K::CursorRight);
        f.edit(K::DeleteForward);
        assert_eq!(&*f, "gto bkpsdm");
        f.insert("ö".chars(), 100);
        f.edit(K::CursorLeft);
        assert_eq!(f.split(), ("g", "öto bkpsdm"), "characters, not bytes");
        f.edit(K::KillToEnd);
        assert_eq!(&*f, "g");
        f.edit(K::LineEnd);
        f.insert("xyz".chars(), 3);
        assert_eq!(&*f, "gxy", "no further than its limit");
        f.edit(K::KillToStart);
        assert!(f.is_empty());
    }

    #[test]
    fn the_help_scrolls_and_closes_on_its_own_key() {
        let mut help = HelpView::default();
        help.key(K::MoveDown);
        help.key(K::MoveDown);
        help.key(K::MoveUp);
        assert_eq!(help.scroll, 1);
        assert_eq!(help.key(K::Help), Outcome::Closed);
    }
}
