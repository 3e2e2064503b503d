//! What the reducer asks to be done, and what came of it. [`App::update`] writes
//! nothing: every write (a commit, an undo, a draft or a review saved, an export) and
//! every change of the structure shown (a draft opened, changed or closed) leaves it as
//! an [`Effect`]. One loop (`ui::session::Session`) performs the effects in order
//! against the store, builds the open draft's view once per change of draft, and feeds
//! what came of each back as [`Action::Done`](super::Action::Done).
//!
//! [`App::update`]: super::App::update

use std::path::PathBuf;

use super::edits::{ChangeMark, Repeat};
use super::panes::Ghosts;
use super::tree::NodeId;
use crate::edit::EditError;
use crate::model::{Draft, JournalEntry, Op, Review};

/// What the codes an edit names are now, looked up once it is in: `(true, code)` a
/// unit's, `(false, code)` a position's.
pub type Located = std::collections::HashMap<(bool, String), NodeId>;

/// One change of a draft: its operations and their reason.
pub type DraftChange = (Vec<Op>, Option<String>);

/// What follows in the interface once a change is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterChange {
    /// Nothing more.
    Nothing,
    /// The cut was pasted: forget it.
    ForgetCut,
    /// The form that made it closes.
    CloseForm,
}

/// Operations an edit is made of, worked out against the structure shown before asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prepare {
    /// Removing a unit (with everything in it) or a position (its holders unplaced).
    Remove(NodeId),
    /// Merging one unit into another.
    Merge {
        /// The unit that goes.
        from: String,
        /// The unit that takes its sub-units, positions and people.
        into: String,
    },
}

/// What the panes need read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    /// The details of a node (of nothing: the pane is empty).
    Details(Option<NodeId>),
    /// An employee's profile; `go_to` selects their position too.
    Profile {
        /// Whose.
        nip: crate::model::Nip,
        /// Select their position in the tree (a search result, a finding).
        go_to: bool,
    },
    /// The journal, for the history list.
    Journal,
    /// The results of a search, and what follows them.
    Search {
        /// The text searched for.
        query: String,
        /// Which kinds.
        kinds: super::SearchKinds,
        /// What follows.
        then: super::navigate::AfterSearch,
    },
    /// What a code (or NIP) names.
    Locate(String),
    /// What the argument of a `:` command may complete to (codes, NIPs, draft names).
    Completions {
        /// The command.
        command: String,
        /// The argument typed so far.
        typed: String,
    },
    /// The free codes to suggest for something added under `parent`.
    AddForm {
        /// The parent unit's code.
        parent: Option<String>,
        /// A position is added (else a unit).
        is_position: bool,
    },
    /// Rows the tree lacks for a step, which is taken again once they are read.
    Rows {
        /// What it lacks.
        missing: super::tree::Missing,
        /// The step.
        then: TreeStep,
    },
}

/// A step of the tree that may need rows read first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeStep {
    /// Open a unit (Enter, a click on the selection); a unit already open closes.
    Toggle(NodeId),
    /// Open the selected unit, or go to its first child (`l`).
    Right,
    /// Open a unit and everything below it.
    ExpandAll(NodeId),
    /// Open the units above a node and select it.
    Reveal {
        /// The node.
        node: NodeId,
    },
    /// Read the tree again after a change, keeping these units open, then select a node.
    Reload {
        /// The units (and the holding list) open.
        open: Vec<NodeId>,
        /// What to select then.
        select: Option<NodeId>,
    },
}

/// Something the reducer asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Read something for the panes.
    Load(Load),
    /// Check and commit operations as one journal entry.
    Commit {
        /// The operations.
        ops: Vec<Op>,
        /// Why (`:reason`).
        reason: Option<String>,
        /// What `.` repeats once they are in.
        repeat: Option<Repeat>,
        /// What follows once they are in.
        then: AfterChange,
        /// The last journal entry the interface showed when the edit began.
        seen: u64,
    },
    /// Check operations against the open draft and add them to it.
    AddToDraft {
        /// The draft's name.
        draft: String,
        /// The operations.
        ops: Vec<Op>,
        /// Why (`:reason`).
        reason: Option<String>,
        /// What `.` repeats once they are in.
        repeat: Option<Repeat>,
        /// What follows once they are in.
        then: AfterChange,
    },
    /// Work out the operations of a removal or a merge, to ask before doing them.
    Prepare(Prepare),
    /// Undo (or redo) the latest journal entry.
    Undo {
        /// Redo instead.
        redo: bool,
    },
    /// Take the last change off the draft.
    DraftUndo(String),
    /// Put a change taken off back on the draft.
    DraftRedo(String, DraftChange),
    /// Commit a draft's operations in one entry and drop the draft.
    ApplyDraft(Draft),
    /// Open the named draft, making it if there is none.
    OpenDraft(String),
    /// Save a dropped draft again, unless its name has been taken meanwhile.
    RestoreDraft(Draft),
    /// List the drafts' names.
    ListDrafts,
    /// Drop a draft.
    RemoveDraft(String),
    /// Save the review of a position's candidates.
    SaveReview {
        /// The review as last read or saved.
        before: Option<Review>,
        /// The same with the decision.
        after: Review,
    },
    /// Export the committed content to a folder.
    Export(PathBuf),
    /// Write the peta jabatan of a unit (as the open draft leaves it) to a file, in the
    /// format its name ends in.
    Peta {
        /// The unit's code.
        unit: String,
        /// Where to.
        path: PathBuf,
        /// The day it is of.
        today: crate::model::Date,
        /// The open draft, whose view it is read through.
        draft: Option<String>,
    },
    /// List what a draft changes, against the committed structure.
    Diff(Draft),
    /// Show the structure as the named draft leaves it, or the committed one (`None`):
    /// the loop builds the draft's view and answers with [`Done::Shown`], with the node
    /// `select` names (a unit's code, or a position's) to select then.
    Show {
        /// The draft.
        draft: Option<String>,
        /// What to select: `(true, code)` a unit, `(false, code)` a position.
        select: Option<(bool, String)>,
    },
}

/// Why a change was not made, as the status bar says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// An operation does not fit: which one, and why.
    Invalid {
        /// The operation as a sentence.
        line: String,
        /// Why.
        message: String,
    },
    /// There was nothing to do (nothing to undo, an empty draft).
    Nothing(String),
    /// The store failed (or the structure changed under the edit).
    Failed(String),
}

impl From<EditError> for Refusal {
    fn from(e: EditError) -> Refusal {
        match e {
            EditError::Invalid { what, message, .. } => Refusal::Invalid { line: what, message },
            EditError::Nothing(m) => Refusal::Nothing(m),
            e => Refusal::Failed(format!("{e:#}")),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The reason first: a narrow status bar cuts the operation, not why.
            Refusal::Invalid { line, message } => write!(f, "{message} ({line})"),
            Refusal::Nothing(m) | Refusal::Failed(m) => f.write_str(m),
        }
    }
}

/// What came of an effect.
#[derive(Clone, Debug, PartialEq)]
pub enum Done {
    /// A commit.
    Committed {
        /// The operations asked.
        ops: Vec<Op>,
        /// What `.` repeats if they went in.
        repeat: Option<Repeat>,
        /// What follows if they went in.
        then: AfterChange,
        /// The journal entry, or why not.
        result: Result<JournalEntry, Refusal>,
        /// What the codes they name are now.
        located: Located,
    },
    /// Operations added to the open draft.
    DraftEdited {
        /// The operations asked.
        ops: Vec<Op>,
        /// What `.` repeats if they went in.
        repeat: Option<Repeat>,
        /// What follows if they went in.
        then: AfterChange,
        /// Whether they went in.
        result: Result<(), Refusal>,
    },
    /// The operations of a removal or a merge, or why there are none.
    Prepared {
        /// What was asked.
        what: Prepare,
        /// The code of what goes, and the operations; or why not.
        result: Result<(String, Vec<Op>), String>,
    },
    /// A change taken off the draft (`None`: it had none), or put back; and how many
    /// operations the draft has now.
    DraftStepped {
        /// The change taken off (an undo), if there was one.
        taken: Option<DraftChange>,
        /// Redo rather than undo.
        redo: bool,
        /// Operations the draft has now, or why the step failed.
        result: Result<usize, String>,
    },
    /// A dropped draft saved again (`Ok(false)`: its name is taken meanwhile).
    Restored {
        /// The draft.
        draft: Draft,
        /// Whether it was saved.
        result: Result<bool, String>,
    },
    /// The drafts' names.
    DraftNames(Result<Vec<String>, String>),
    /// A node's details.
    Details {
        /// Which node.
        node: Option<NodeId>,
        /// What the pane shows, or why it cannot.
        details: Result<super::Details, String>,
    },
    /// An employee's profile.
    Profile {
        /// Select their position too.
        go_to: bool,
        /// The profile (`None`: no such employee), or why it cannot be read.
        view: Result<Option<Box<super::panes::ProfileView>>, String>,
    },
    /// The journal.
    Journal(Result<Vec<JournalEntry>, String>),
    /// The results of a search.
    Found {
        /// The text searched for.
        query: String,
        /// What follows.
        then: super::navigate::AfterSearch,
        /// The results, best first, or why there are none.
        results: Result<Vec<super::Found>, String>,
    },
    /// Rows read for the tree, and the step that needed them (with the counts, after a
    /// change).
    Rows {
        /// The rows.
        fetched: Box<super::tree::Fetched>,
        /// The step to take again.
        then: TreeStep,
        /// The counts, read with the rows after a change.
        stats: Option<crate::store::Stats>,
    },
    /// The free codes to suggest in the add form.
    AddForm {
        /// The parent unit's code.
        parent: Option<String>,
        /// A position is added.
        is_position: bool,
        /// The first free unit code under the parent, and position code.
        codes: (String, String),
    },
    /// What an argument typed after a `:` command may complete to.
    Completions {
        /// The command.
        command: String,
        /// The argument typed when asked.
        typed: String,
        /// What it may become, in order.
        options: Vec<String>,
    },
    /// What a code names (`None`: nothing).
    Located {
        /// The code.
        code: String,
        /// What it names.
        target: Option<super::Target>,
    },
    /// An undo or redo.
    Undone {
        /// The journal entry, or why not.
        result: Result<JournalEntry, Refusal>,
        /// What the codes it names are now.
        located: Located,
    },
    /// A draft applied.
    Applied(Result<JournalEntry, Refusal>),
    /// A draft or a review written, or why not.
    Written(Result<(), String>),
    /// Changes others committed (another user, or another jabat process), oldest
    /// first, and what the codes they name are now.
    Others {
        /// Their journal entries.
        entries: Vec<JournalEntry>,
        /// What the codes they name are now.
        located: Located,
    },
    /// Who else works on the database now (a shared server's other users).
    Connected(Vec<String>),
    /// Something to say in the status bar (the server went away, or is back).
    Notice(String),
    /// A document written (how many pages, for a chart), or why not.
    Printed {
        /// Where to.
        path: PathBuf,
        /// Its pages, or why it was not written.
        result: Result<Option<usize>, String>,
    },
    /// An export written, or why not.
    Exported {
        /// Where to.
        dir: PathBuf,
        /// Whether it was.
        result: Result<(), String>,
    },
    /// A review saved, with what others decided meanwhile; or, from the watch, the review
    /// of the candidates shown as others left it.
    ReviewSaved(Review),
    /// One's own nomination saved while the same person is nominated for other posts
    /// too (their codes): said at once.
    NominatedElsewhere {
        /// The nominee.
        nip: crate::model::Nip,
        /// The other positions' codes.
        codes: Vec<String>,
    },
    /// A review that could not be saved, and the one stored (shown again).
    ReviewKept {
        /// Why it was not saved.
        error: String,
        /// The review as stored.
        stored: Option<Review>,
    },
    /// What a draft changes, as lines to show.
    Diff {
        /// The list's title.
        title: String,
        /// Its lines.
        lines: Vec<String>,
    },
    /// The structure shown now, built from the draft named (or the committed one).
    Shown {
        /// The draft it shows, if it could be built.
        draft: Option<Draft>,
        /// Why the draft asked for could not be shown.
        error: Option<String>,
        /// What the draft adds, moves, edits and removes.
        marks: std::collections::HashMap<NodeId, ChangeMark>,
        /// The rows it removes, still shown where they were.
        ghosts: Ghosts,
        /// What to select now.
        select: Option<NodeId>,
    },
}

impl super::App {
    /// Takes what came of an effect.
    pub(super) fn done(&mut self, done: Done) -> anyhow::Result<()> {
        use crate::i18n::{Msg, tr};
        match done {
            Done::Committed { ops, repeat, then, result, located } => {
                self.committed(ops, repeat, then, result, &located)
            }
            Done::DraftEdited { ops, repeat, then, result } => self.draft_edited(ops, repeat, then, result),
            Done::Prepared { what, result } => self.prepared(what, result),
            Done::DraftStepped { taken, redo, result } => self.draft_stepped(taken, redo, result),
            Done::Restored { draft, result } => self.restored(draft, result),
            Done::DraftNames(Ok(names)) => {
                self.say(if names.is_empty() { tr(Msg::NoDraft).to_string() } else { names.join("  ") })
            }
            Done::DraftNames(Err(e)) => self.say(e),
            Done::Details { node, details } => self.take_details(node, details),
            Done::Profile { go_to, view } => self.take_profile(go_to, view)?,
            Done::Journal(Ok(journal)) => self.show_journal(&journal),
            Done::Journal(Err(e)) => self.say(e),
            Done::Rows { fetched, then, stats } => {
                if let Some(stats) = stats {
                    self.stats = stats;
                }
                self.tree_step(&fetched, then)?
            }
            Done::Found { query, then, results } => self.take_results(query, then, results)?,
            Done::Located { code, target } => self.take_located(code, target)?,
            Done::Completions { command, typed, options } => self.take_completions(&command, &typed, options),
            Done::Undone { result, located } => self.undone(result, &located),
            Done::AddForm { parent, is_position, codes } => self.open_add_form_with(parent, is_position, codes),
            Done::Applied(Ok(entry)) => {
                self.journal_seen = self.journal_seen.max(entry.seq);
                self.drafting.name = None;
                self.drafting.rebuild_view = true;
                self.say(crate::i18n::trf(
                    Msg::DraftAppliedOps,
                    &[&entry.seq as &dyn std::fmt::Display, &entry.ops.len()],
                ));
            }
            Done::Applied(Err(why)) => self.say(why.to_string()),
            Done::Written(Ok(())) => {}
            Done::Written(Err(e)) => self.say(e),
            Done::ReviewSaved(review) => {
                // What others decided meanwhile shows with one's own decision (or, seen by
                // the watch, on its own).
                if self.candidates().is_some_and(|c| c.list.target.code == review.position) {
                    self.views.review = Some(review);
                    self.refresh_visible(self.selected_candidate());
                }
            }
            Done::NominatedElsewhere { nip, codes } => {
                let name = self.candidates().and_then(|c| {
                    let entry = c.list.ranking.entries.iter().find(|e| e.nip == nip)?;
                    Some(c.list.person(entry)?.name.to_string())
                });
                let who = name.map_or_else(|| nip.to_string(), |n| format!("{n} ({nip})"));
                self.say(crate::i18n::trf(Msg::AlsoNominated, &[&who, &codes.join(", ")]));
            }
            Done::ReviewKept { error, stored } => {
                self.views.review = stored;
                self.say(error);
                self.refresh_visible(self.selected_candidate());
            }
            Done::Others { entries, located } => self.others_committed(&entries, &located),
            Done::Connected(users) => self.connected = users,
            Done::Notice(text) => self.say(text),
            Done::Exported { dir, result: Ok(()) } => self.say(format!("{} {}", tr(Msg::Exported), dir.display())),
            Done::Exported { result: Err(e), .. } => self.say(e),
            Done::Printed { path, result: Ok(pages) } => {
                let mut said = format!("{} {}", tr(Msg::Written), path.display());
                if let Some(n) = pages {
                    said.push_str(&format!(" ({})", crate::i18n::trf(Msg::PetaPages, &[&n])));
                }
                self.say(said)
            }
            Done::Printed { result: Err(e), .. } => self.say(e),
            Done::Diff { title, lines } => {
                let targets = vec![None; lines.len()];
                self.open_overlay(title, lines, targets);
            }
            Done::Shown { draft, error, marks, ghosts, select } => {
                if let Some(e) = error {
                    self.say(e);
                }
                self.drafting.name = draft.as_ref().map(|d| d.name.clone());
                self.drafting.content = draft;
                self.drafting.marks = marks;
                self.drafting.ghosts = ghosts;
                self.after_edit(select);
            }
        }
        Ok(())
    }
}
