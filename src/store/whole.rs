//! A whole database as `jabat copy` moves it between backends.

use super::{Store, StoreResult, Touched};
use crate::model::{Dataset, Draft, JournalEntry, Review, UndoState};

/// A whole database, as `jabat copy` moves it between backends: everything a store
/// keeps that is not derived from the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Whole {
    /// The structure, the people and their records.
    pub data: Dataset,
    /// Every review, by position code.
    pub reviews: Vec<Review>,
    /// Every draft, by name.
    pub drafts: Vec<Draft>,
    /// The journal, in order.
    pub journal: Vec<JournalEntry>,
    /// What each journal entry touched, where that was recorded.
    pub touched: Vec<(u64, Touched)>,
    /// What undo and redo would take.
    pub undo: UndoState,
}

impl Whole {
    /// Everything `store` keeps, read through the contract (so a server's database
    /// copies as a directory's does).
    pub fn read(store: &dyn Store) -> StoreResult<Whole> {
        let journal = store.journal()?;
        let mut touched = Vec::new();
        for entry in &journal {
            if let Some(t) = store.touched(entry.seq)? {
                touched.push((entry.seq, t));
            }
        }
        Ok(Whole {
            data: store.load_dataset()?,
            reviews: store.reviews()?,
            drafts: store.drafts()?,
            journal,
            touched,
            undo: store.undo_state()?,
        })
    }
}
