//! The journal: each committed change as an entry (its operations, their inverse, who,
//! when, why and what started it), what undo and redo walk, and drafts: changes kept
//! apart until applied.

use serde::{Deserialize, Serialize};

use super::{Op, Stamp};

/// What started a journal entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// An edit by hand (interface or command).
    Edit,
    /// Undoing entry `n`.
    Undo(u64),
    /// Redoing entry `n`.
    Redo(u64),
    /// Applying a draft.
    Draft(String),
    /// Applying an operations file.
    File(String),
}

impl Origin {
    /// Stable text for tables, JSON and CSV.
    pub fn label(&self) -> String {
        match self {
            Origin::Edit => "edit".into(),
            Origin::Undo(n) => format!("undo #{n}"),
            Origin::Redo(n) => format!("redo #{n}"),
            Origin::Draft(name) => format!("draft {name}"),
            Origin::File(name) => format!("file {name}"),
        }
    }
}

/// One committed change: its operations as applied, their inverse (in the order to
/// apply it), who, when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Sequence number, from 1.
    pub seq: u64,
    /// Who and when.
    pub stamp: Stamp,
    /// Why, if given.
    pub reason: Option<String>,
    /// What started it.
    pub origin: Origin,
    /// The operations, in order.
    pub ops: Vec<Op>,
    /// The operations that undo them, in order.
    pub inverse: Vec<Op>,
}

impl JournalEntry {
    /// Whether the change names `code` (a unit, a position or a NIP) in its operations
    /// or in their inverse, which names what it took away (the post someone left, the
    /// parent a unit left).
    pub fn names(&self, code: &str) -> bool {
        self.ops.iter().chain(&self.inverse).any(|op| op.mentions(code))
    }
}

/// What `undo` and `redo` walk: entries that can be undone (latest last) and entries
/// undone that can be redone (latest last). A new edit clears the redo list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoState {
    /// Entries that undo can take back, oldest first.
    pub undo: Vec<u64>,
    /// Entries undone that redo can apply again, oldest first.
    pub redo: Vec<u64>,
}

impl UndoState {
    /// The state after committing entry `seq` that came from `origin`.
    pub fn after(&self, origin: &Origin, seq: u64) -> UndoState {
        let mut next = self.clone();
        match origin {
            Origin::Undo(n) => {
                next.undo.retain(|x| x != n);
                next.redo.push(*n);
            }
            Origin::Redo(n) => {
                next.redo.retain(|x| x != n);
                next.undo.push(seq);
            }
            Origin::Edit | Origin::Draft(_) | Origin::File(_) => {
                next.undo.push(seq);
                next.redo.clear();
            }
        }
        next
    }
}

/// A named scenario: changes kept apart from the committed structure until applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Its name.
    pub name: String,
    /// Who started it, and when.
    pub created: Stamp,
    /// Its changes in order, each a group of operations with an optional reason.
    pub changes: Vec<(Vec<Op>, Option<String>)>,
}

impl Draft {
    /// Every operation in order.
    pub fn ops(&self) -> impl Iterator<Item = &Op> {
        self.changes.iter().flat_map(|(ops, _)| ops.iter())
    }
}
