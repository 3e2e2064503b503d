//! Keys as data: the embedded default keymap (`keymap.toml`), a user file that
//! overrides only what it names, and the resolution of key presses (and sequences such
//! as `g g`) into actions. The help overlay, the hint line and `docs/keybindings.md` are
//! generated from the same data.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Msg;

/// The embedded default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// The modes that have their own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyMode {
    /// Moving around the tree and panes.
    Normal,
    /// Typing a search or a command.
    Input,
    /// The help overlay.
    Help,
    /// The candidate list has the keyboard; keys not bound here work as in `Normal`.
    Candidates,
}

impl KeyMode {
    /// Every mode, in the order the help lists them.
    pub const ALL: [KeyMode; 4] = [KeyMode::Normal, KeyMode::Candidates, KeyMode::Input, KeyMode::Help];

    fn section(self) -> &'static str {
        match self {
            KeyMode::Normal => "normal",
            KeyMode::Input => "input",
            KeyMode::Help => "help",
            KeyMode::Candidates => "candidates",
        }
    }
}

macro_rules! bindable {
    ($($variant:ident = $name:literal => $msg:ident),+ $(,)?) => {
        /// Everything a key can do.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(missing_docs)]
        pub enum KeyAction { $($variant),+ }

        impl KeyAction {
            /// Every action.
            pub const ALL: &'static [KeyAction] = &[$(KeyAction::$variant),+];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(KeyAction::$variant => $name),+ }
            }

            /// The action a keymap file names.
            pub fn from_name(name: &str) -> Option<KeyAction> {
                match name { $($name => Some(KeyAction::$variant),)+ _ => None }
            }

            /// Its description in the catalogue.
            pub fn description(self) -> Msg {
                match self { $(KeyAction::$variant => Msg::$msg),+ }
            }
        }
    };
}

bindable! {
    MoveDown = "move_down" => KeyMoveDown,
    MoveUp = "move_up" => KeyMoveUp,
    Collapse = "collapse" => KeyCollapse,
    Expand = "expand" => KeyExpand,
    CollapseAll = "collapse_all" => KeyCollapseAll,
    ExpandAll = "expand_all" => KeyExpandAll,
    Top = "top" => KeyTop,
    Bottom = "bottom" => KeyBottom,
    PageDown = "page_down" => KeyPageDown,
    PageUp = "page_up" => KeyPageUp,
    HalfPageDown = "half_page_down" => KeyHalfPageDown,
    HalfPageUp = "half_page_up" => KeyHalfPageUp,
    Open = "open" => KeyOpen,
    NextPane = "next_pane" => KeyNextPane,
    Search = "search" => KeySearch,
    NextMatch = "next_match" => KeyNextMatch,
    PreviousMatch = "previous_match" => KeyPreviousMatch,
    CommandLine = "command_line" => KeyCommandLine,
    Back = "back" => KeyBack,
    Forward = "forward" => KeyForward,
    WidenTree = "widen_tree" => KeyWidenTree,
    NarrowTree = "narrow_tree" => KeyNarrowTree,
    ToggleDetails = "toggle_details" => KeyToggleDetails,
    ShowDetails = "show_details" => KeyShowDetails,
    ShowGaps = "show_gaps" => KeyShowGaps,
    ShowCandidates = "show_candidates" => KeyShowCandidates,
    ShowNineBox = "show_nine_box" => KeyShowNineBox,
    ShowTraining = "show_training_needs" => KeyShowTraining,
    ShowFormation = "show_formation" => KeyShowFormation,
    Shortlist = "shortlist" => KeyShortlist,
    Reject = "reject" => KeyReject,
    Nominate = "nominate" => KeyNominate,
    Undo = "undo" => KeyUndo,
    Note = "note" => KeyNote,
    Filter = "filter" => KeyFilter,
    Sort = "sort" => KeySort,
    Compare = "compare" => KeyCompare,
    ShowComparison = "show_comparison" => KeyShowComparison,
    Cut = "cut" => KeyCut,
    Paste = "paste" => KeyPaste,
    AddChild = "add_child" => KeyAddChild,
    AddSibling = "add_sibling" => KeyAddSibling,
    Rename = "rename" => KeyRename,
    EditFields = "edit" => KeyEditFields,
    EditAnjab = "edit_anjab" => KeyEditAnjab,
    EditRequirements = "edit_requirements" => KeyEditRequirements,
    EditFactors = "edit_factors" => KeyEditFactors,
    Delete = "delete" => KeyDelete,
    Merge = "merge" => KeyMerge,
    UndoEdit = "undo_edit" => KeyUndoEdit,
    RedoEdit = "redo_edit" => KeyRedoEdit,
    Repeat = "repeat" => KeyRepeat,
    ShowProblems = "show_problems" => KeyShowProblems,
    ShowHistory = "show_history" => KeyShowHistory,
    ShowPerformance = "show_performance" => KeyShowPerformance,
    NextProblem = "next_problem" => KeyNextProblem,
    PreviousProblem = "previous_problem" => KeyPreviousProblem,
    Help = "help" => KeyHelp,
    Close = "close" => KeyClose,
    Quit = "quit" => KeyQuit,
    Copy = "copy" => KeyCopy,
    Order = "order" => KeyOrder,
    FilterRule = "filter_rule" => KeyFilterRule,
    Pick = "pick" => KeyPick,
    CopyPath = "copy_path" => KeyCopyPath,
    Accept = "accept" => KeyAccept,
    Cancel = "cancel" => KeyCancel,
    NextResult = "next_result" => KeyNextResult,
    PreviousResult = "previous_result" => KeyPreviousResult,
    Complete = "complete" => KeyComplete,
    DeleteBack = "delete_back" => KeyDeleteBack,
    DeleteForward = "delete_forward" => KeyDeleteForward,
    CursorLeft = "cursor_left" => KeyCursorLeft,
    CursorRight = "cursor_right" => KeyCursorRight,
    LineStart = "line_start" => KeyLineStart,
    LineEnd = "line_end" => KeyLineEnd,
    KillToStart = "kill_to_start" => KeyKillToStart,
    KillWord = "kill_word" => KeyKillWord,
    KillToEnd = "kill_to_end" => KeyKillToEnd,
}

/// One key with its modifiers, as written in keymap files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chord {
    code: ChordKey,
    ctrl: bool,
    alt: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum ChordKey {
    Char(char),
    Named(&'static str),
    F(u8),
}

const NAMED: [(&str, KeyCode); 13] = [
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Backspace", KeyCode::Backspace),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Delete", KeyCode::Delete),
];

impl Chord {
    /// Parses `j`, `G`, `Ctrl-d`, `Alt-x`, `Enter`, `F1`.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-").filter(|r| !r.is_empty()) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-").filter(|r| !r.is_empty()) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            _ if rest == "Space" => ChordKey::Char(' '),
            (Some(c), None) => ChordKey::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => {
                if let Some((name, _)) = NAMED.iter().find(|(n, _)| *n == rest) {
                    ChordKey::Named(name)
                } else if let Some(n) =
                    rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n))
                {
                    ChordKey::F(n)
                } else {
                    return Err(format!("'{text}' is not a key (examples: j, G, Ctrl-d, Enter, PageDown, F1)"));
                }
            }
        };
        Ok(Chord { code, ctrl, alt })
    }

    /// The chord of a terminal key event, if it can be bound.
    pub fn from_event(key: KeyEvent) -> Option<Chord> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let code = match key.code {
            KeyCode::Char(c) => ChordKey::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::F(n) => ChordKey::F(n),
            KeyCode::BackTab => ChordKey::Named("Tab"),
            other => ChordKey::Named(NAMED.iter().find(|(_, k)| *k == other)?.0),
        };
        Some(Chord { code, ctrl, alt })
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            ChordKey::Char(' ') => f.write_str("Space"),
            ChordKey::Char(c) => write!(f, "{c}"),
            ChordKey::Named(n) => f.write_str(n),
            ChordKey::F(n) => write!(f, "F{n}"),
        }
    }
}

/// A key or a sequence of keys.
pub type Sequence = Vec<Chord>;

/// The bindings of every mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<KeyMode, Vec<(KeyAction, Vec<Sequence>)>>,
}

/// What a key press means so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Run this action.
    Action(KeyAction),
    /// The keys so far begin a longer sequence; wait for the next.
    Pending,
    /// Not bound.
    Unbound,
}

impl Keymap {
    /// The default keymap.
    pub fn default_keymap() -> Keymap {
        Keymap::parse(DEFAULT_KEYMAP, "keymap.toml").expect("the embedded keymap is valid")
    }

    /// Parses a whole keymap.
    pub fn parse(text: &str, file: &str) -> Result<Keymap, String> {
        let mut keymap = Keymap { modes: BTreeMap::new() };
        keymap.apply(text, file)?;
        keymap.check(file)?;
        Ok(keymap)
    }

    /// The default keymap with a user file's bindings on top (each action it names
    /// gets exactly the keys it lists).
    pub fn with_overrides(text: &str, file: &str) -> Result<Keymap, String> {
        let mut keymap = Keymap::default_keymap();
        keymap.apply(text, file)?;
        keymap.check(file)?;
        Ok(keymap)
    }

    /// Refuses a keymap in which a key sequence of a mode runs two actions, or a
    /// sequence begins another one of the same mode (which could then never be
    /// typed), and one that leaves nothing to quit with. Names the mode, both actions
    /// and the keys.
    fn check(&self, file: &str) -> Result<(), String> {
        for (mode, list) in &self.modes {
            let all: Vec<(KeyAction, &Sequence)> =
                list.iter().flat_map(|(a, seqs)| seqs.iter().map(move |s| (*a, s))).collect();
            for (i, (a, s)) in all.iter().enumerate() {
                for (b, t) in &all[i + 1..] {
                    let (short, long, short_action, long_action) =
                        if s.len() <= t.len() { (s, t, a, b) } else { (t, s, b, a) };
                    if long.starts_with(short) {
                        let how = if short.len() == long.len() {
                            format!("'{}' runs both {} and {}", sequence_text(short), a.name(), b.name())
                        } else {
                            format!(
                                "'{}' ({}) begins '{}' ({}), which could never be typed",
                                sequence_text(short),
                                short_action.name(),
                                sequence_text(long),
                                long_action.name()
                            )
                        };
                        return Err(format!("{file}: [{}]: {how}; give one of them other keys", mode.section()));
                    }
                }
            }
        }
        if self.modes.contains_key(&KeyMode::Normal)
            && self.bindings(KeyMode::Normal).iter().all(|(a, s)| *a != KeyAction::Quit || s.is_empty())
        {
            return Err(format!("{file}: [normal] quit: needs at least one key"));
        }
        Ok(())
    }

    fn apply(&mut self, text: &str, file: &str) -> Result<(), String> {
        let sections: toml::Table = text.parse().map_err(|e| format!("{file}: {e}"))?;
        for (section, actions) in sections {
            let mode = KeyMode::ALL
                .into_iter()
                .find(|m| m.section() == section)
                .ok_or_else(|| format!("{file}: [{section}]: not a mode (normal, candidates, input, help)"))?;
            let toml::Value::Table(actions) = actions else {
                return Err(format!("{file}: {section}: must be a section [{section}] of actions"));
            };
            let list = self.modes.entry(mode).or_default();
            for (name, keys) in actions {
                let action =
                    KeyAction::from_name(&name).ok_or_else(|| format!("{file}: [{section}] {name}: not an action"))?;
                let keys: Vec<String> = match keys {
                    toml::Value::Array(list) => list
                        .into_iter()
                        .map(|k| match k {
                            toml::Value::String(s) => Ok(s),
                            other => Err(format!("{file}: [{section}] {name}: {other} is not a key in quotes")),
                        })
                        .collect::<Result<_, _>>()?,
                    _ => {
                        return Err(format!("{file}: [{section}] {name}: give a list of keys, like [\"j\", \"Down\"]"));
                    }
                };
                let sequences = keys
                    .iter()
                    .map(|k| k.split_whitespace().map(Chord::parse).collect::<Result<Sequence, String>>())
                    .collect::<Result<Vec<_>, String>>()
                    .map_err(|e| format!("{file}: [{section}] {name}: {e}"))?;
                if sequences.iter().any(Vec::is_empty) {
                    return Err(format!("{file}: [{section}] {name}: an empty key"));
                }
                match list.iter_mut().find(|(a, _)| *a == action) {
                    Some(slot) => slot.1 = sequences,
                    None => list.push((action, sequences)),
                }
            }
        }
        Ok(())
    }

    /// What the keys pressed so far mean in `mode`.
    pub fn resolve(&self, mode: KeyMode, pressed: &[Chord]) -> Resolution {
        let Some(list) = self.modes.get(&mode) else { return Resolution::Unbound };
        let mut pending = false;
        for (action, sequences) in list {
            for s in sequences {
                if s.as_slice() == pressed {
                    return Resolution::Action(*action);
                }
                pending |= s.len() > pressed.len() && s.starts_with(pressed);
            }
        }
        if pending { Resolution::Pending } else { Resolution::Unbound }
    }

    /// The bindings of a mode, in file order.
    pub fn bindings(&self, mode: KeyMode) -> &[(KeyAction, Vec<Sequence>)] {
        self.modes.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The first key of an action in a mode, as text (for hints).
    pub fn first_key(&self, mode: KeyMode, action: KeyAction) -> Option<String> {
        self.bindings(mode).iter().find(|(a, _)| *a == action).and_then(|(_, s)| s.first()).map(|s| sequence_text(s))
    }

    /// `docs/keybindings.md`, generated (a test keeps the file in sync).
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# Key bindings\n\nGenerated from the default keymap (`src/app/keymap.toml`); a test keeps this file in sync.\n\
             A file `keys.toml` in the config directory (`~/.config/jabat/keys.toml` on Linux) overrides only\n\
             the actions it names, in the same format. Over plain SSH terminals `Ctrl-i` arrives as `Tab`,\n\
             so `Ctrl-n` also goes forward.\n",
        );
        for mode in KeyMode::ALL {
            out.push_str(&format!("\n## {}\n\n| keys | action | what it does |\n|---|---|---|\n", mode.section()));
            for (action, sequences) in self.bindings(mode) {
                let keys: Vec<String> = sequences.iter().map(|s| format!("`{}`", sequence_text(s))).collect();
                out.push_str(&format!(
                    "| {} | `{}` | {} |\n",
                    keys.join(", "),
                    action.name(),
                    action.description().text(crate::i18n::Lang::En)
                ));
            }
        }
        out
    }
}

/// A sequence as written: chords separated by spaces.
pub fn sequence_text(s: &[Chord]) -> String {
    s.iter().map(Chord::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> Chord {
        Chord::from_event(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).unwrap()
    }

    #[test]
    fn the_default_keymap_parses_and_resolves_sequences() {
        let k = Keymap::default_keymap();
        assert_eq!(k.resolve(KeyMode::Normal, &[key('j')]), Resolution::Action(KeyAction::MoveDown));
        assert_eq!(k.resolve(KeyMode::Normal, &[key('g')]), Resolution::Pending);
        assert_eq!(k.resolve(KeyMode::Normal, &[key('g'), key('g')]), Resolution::Action(KeyAction::Top));
        assert_eq!(k.resolve(KeyMode::Normal, &[key('z')]), Resolution::Unbound);
        let ctrl_d = Chord::from_event(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)).unwrap();
        assert_eq!(k.resolve(KeyMode::Normal, &[ctrl_d]), Resolution::Action(KeyAction::HalfPageDown));
        let down = Chord::from_event(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)).unwrap();
        assert_eq!(k.resolve(KeyMode::Input, &[down]), Resolution::Action(KeyAction::NextResult));
    }

    #[test]
    fn a_user_file_overrides_only_what_it_names() {
        let k = Keymap::with_overrides("[normal]\nmove_down = [\"Ctrl-j\", \"s\"]\n", "keys.toml").unwrap();
        assert_eq!(k.resolve(KeyMode::Normal, &[key('j')]), Resolution::Unbound);
        assert_eq!(k.resolve(KeyMode::Normal, &[key('s')]), Resolution::Action(KeyAction::MoveDown));
        assert_eq!(k.resolve(KeyMode::Normal, &[key('k')]), Resolution::Action(KeyAction::MoveUp));
        assert_eq!(k.first_key(KeyMode::Normal, KeyAction::MoveDown).as_deref(), Some("Ctrl-j"));
    }

    #[test]
    fn bad_user_files_name_the_place() {
        assert!(
            Keymap::with_overrides("[normal]\nfly = [\"f\"]\n", "keys.toml")
                .unwrap_err()
                .contains("[normal] fly: not an action")
        );
        assert!(Keymap::with_overrides("[normal]\nquit = [\"Ctrl-\"]\n", "keys.toml").unwrap_err().contains("quit"));
        assert!(
            Keymap::with_overrides("[sideways]\nquit = [\"q\"]\n", "keys.toml").unwrap_err().contains("not a mode")
        );
        assert!(Keymap::with_overrides("normal = 3", "keys.toml").is_err());
    }

    #[test]
    fn conflicting_bindings_in_a_mode_are_refused_with_the_place() {
        // Regression: binding quit to j was accepted and left no quit key but `:q`.
        let err = Keymap::with_overrides("[normal]\nquit = [\"j\"]\n", "keys.toml").unwrap_err();
        assert!(err.contains("keys.toml: [normal]: 'j' runs both move_down and quit"), "{err}");
        let err = Keymap::with_overrides("[normal]\nsearch = [\"g\"]\n", "keys.toml").unwrap_err();
        assert!(err.contains("'g' (search) begins 'g g' (top)"), "{err}");
        let err = Keymap::with_overrides("[normal]\nquit = []\n", "keys.toml").unwrap_err();
        assert!(err.contains("quit: needs at least one key"), "{err}");
        // The same key in two modes is fine, and so is moving a key to a free one.
        assert!(Keymap::with_overrides("[candidates]\nshortlist = [\"j\"]\n", "keys.toml").is_ok());
        assert!(Keymap::with_overrides("[normal]\nquit = [\"Q\"]\n", "keys.toml").is_ok());
    }

    #[test]
    fn chords_print_as_they_parse() {
        for text in ["j", "G", "Ctrl-d", "Alt-x", "Enter", "PageDown", "F1", "?", "<"] {
            assert_eq!(Chord::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn keybindings_doc_is_generated_from_the_default_keymap() {
        let doc = include_str!("../../docs/keybindings.md");
        let generated = Keymap::default_keymap().markdown();
        // `JABAT_WRITE_DOCS=1 cargo test --lib keybindings_doc` writes it anew.
        if std::env::var_os("JABAT_WRITE_DOCS").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keybindings.md"), &generated).unwrap();
            return;
        }
        assert_eq!(
            doc, generated,
            "regenerate docs/keybindings.md: JABAT_WRITE_DOCS=1 cargo test --lib keybindings_doc"
        );
    }
}
