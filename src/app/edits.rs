//! Reorganizing from the interface: cut and paste, add, rename, edit, delete, merge,
//! undo, redo and repeat, each turned into operations that `edit` checks and commits
//! (or, with a draft open, adds to the draft). The small form is in `form`, drafts in
//! `drafts`, the problems and history lists in `lists`.

use super::effect::{AfterChange, Effect, Located, Prepare, Refusal};
use super::form::FormPurpose;
use super::tree::NodeId;
use super::tree::RowInfo;
use super::{App, Mode, Pane};
use crate::edit;
use crate::i18n::{Msg, tr, trf};
use crate::model::{Draft, Nip, Op};

/// Reorganizing in this session: what is marked, what was changed, what `.` repeats.
#[derive(Default)]
pub struct Editing {
    /// What `x` marked for moving (several, when they were picked first).
    pub cut: Vec<Cut>,
    /// What `v` (or Space) picked, for `x` to move together.
    pub picked: Vec<Cut>,
    /// Nodes changed in this session, with how.
    pub marks: std::collections::HashMap<NodeId, ChangeMark>,
    /// What `.` repeats.
    pub repeat: Option<Repeat>,
    /// The unit being merged while its target is searched for.
    pub picking_merge: Option<String>,
    /// What to select once the structure is read again: unit (true) or position, by code.
    pub select_after: Option<(bool, String)>,
    /// The reason recorded with the edits that follow (`:reason …`).
    pub reason: Option<String>,
    /// Nodes others changed while this interface was open, with who (until quit).
    pub by_others: std::collections::HashMap<NodeId, String>,
}

/// What `x` marked for moving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A unit (with its subtree).
    Unit(String),
    /// A position (with its holders).
    Position(String),
    /// An employee.
    Employee(Nip),
}

impl Cut {
    /// Its code, or NIP.
    pub fn label(&self) -> String {
        match self {
            Cut::Unit(code) | Cut::Position(code) => code.clone(),
            Cut::Employee(nip) => nip.to_string(),
        }
    }
}

/// How a node changed in this session (or in the open draft), as the tree marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeMark {
    /// Added.
    Added,
    /// Moved elsewhere.
    Moved,
    /// Renamed or edited.
    Edited,
    /// Removed by the open draft (still shown where it was).
    Removed,
}

impl ChangeMark {
    /// Its symbol in the tree (never colour alone).
    pub fn symbol(self) -> &'static str {
        match self {
            ChangeMark::Added => "+",
            ChangeMark::Moved => "»",
            ChangeMark::Edited => "~",
            ChangeMark::Removed => "−",
        }
    }
}

/// What `.` repeats on the selected node.
#[derive(Clone, Debug, PartialEq)]
pub enum Repeat {
    /// The same operation with the selected node as its subject.
    Op(Op),
    /// Merging the selected unit into the same target.
    Merge(String),
}

/// A question waiting for y or n, with what yes does.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// The question.
    pub prompt: String,
    then: OnYes,
    /// The last journal entry shown when it was asked.
    seen: u64,
}

/// What yes does.
#[derive(Clone, Debug, PartialEq)]
enum OnYes {
    /// Commit these operations (or add them to the open draft).
    Perform(Vec<Op>, Option<Repeat>),
    /// Drop the open draft (kept for `u` until the next change).
    DiscardDraft(Draft),
}

impl App {
    /// Whether edits are allowed; says why not in the status bar.
    pub(super) fn can_edit(&mut self) -> bool {
        if self.read_only {
            self.say(tr(Msg::ReadOnlyEdit));
            return false;
        }
        if let (Some(name), Some(owner)) = (self.drafting.name.clone(), self.foreign_draft()) {
            self.say(trf(Msg::DraftNotYours, &[&name, &owner]));
            return false;
        }
        true
    }

    /// The author of the open draft when it is someone else's (it opens read-only).
    pub fn foreign_draft(&self) -> Option<String> {
        self.drafting.name.as_ref()?;
        let owner = &self.drafting.content.as_ref()?.created.user;
        (*owner != self.user).then(|| owner.clone())
    }

    /// The code of a node, as its row shows it.
    fn code_of(&self, id: NodeId) -> Option<String> {
        match self.tree.info(id)? {
            RowInfo::Unit { code, .. } => Some(code.clone()),
            RowInfo::Position { position, .. } => Some(position.code.clone()),
            RowInfo::Person { nip, .. } => Some(nip.to_string()),
            RowInfo::Holding { .. } => None,
        }
    }

    /// The code of the selected unit, or of the selected position's unit.
    pub(super) fn selected_unit_code(&self) -> Option<String> {
        match self.tree.selected()? {
            id @ NodeId::Unit(_) => self.code_of(id),
            id @ NodeId::Position(_) => match self.tree.info(id)? {
                RowInfo::Position { position, .. } => self.code_of(NodeId::Unit(position.unit)),
                _ => None,
            },
            NodeId::Holding | NodeId::Person(_) => None,
        }
    }

    /// The code of the selected node (unit or position).
    fn selected_code(&self) -> Option<String> {
        self.code_of(self.tree.selected()?)
    }

    /// The holder highlighted in the details pane, if it has the keyboard.
    fn selected_holder(&self) -> Option<Nip> {
        if self.focus != Pane::Details || self.details.profile.is_some() {
            return self.details.profile.as_ref().map(|p| p.profile.employee.nip);
        }
        match &self.details.shown {
            super::Details::Position(p) => p.holders.get(self.details.cursor).map(|e| e.nip),
            _ => None,
        }
    }

    /// What `x` or `v` takes where the user is: the holder or profile shown, else the
    /// node selected.
    fn current_cut(&self) -> Option<Cut> {
        match (self.selected_holder(), self.tree.selected()) {
            (Some(nip), _) | (None, Some(NodeId::Person(nip))) => Some(Cut::Employee(nip)),
            (None, Some(id @ NodeId::Unit(_))) => self.code_of(id).map(Cut::Unit),
            (None, Some(id @ NodeId::Position(_))) => self.code_of(id).map(Cut::Position),
            (None, Some(NodeId::Holding) | None) => None,
        }
    }

    /// The keys of reorganization, in normal mode.
    pub(super) fn edit_key(&mut self, key: super::keymap::KeyAction) -> anyhow::Result<()> {
        // (`store` is read by the problems and history lists and the add form only.)
        use super::keymap::KeyAction as K;
        match key {
            K::ShowProblems => return self.show_problems(),
            K::ShowHistory => return self.show_history(),
            K::NextProblem | K::PreviousProblem => return self.step_problem(key == K::NextProblem),
            _ => {}
        }
        if !self.can_edit() {
            return Ok(());
        }
        match key {
            K::Pick => match self.current_cut() {
                Some(c) => {
                    // Picked again: taken out.
                    match self.editing.picked.iter().position(|p| *p == c) {
                        Some(at) => _ = self.editing.picked.remove(at),
                        None => self.editing.picked.push(c),
                    }
                    self.say(trf(Msg::Picked, &[&self.editing.picked.len()]));
                }
                None => self.say(tr(Msg::NothingToPick)),
            },
            K::Cut => {
                // What was picked goes together; else what is selected.
                let cut = if self.editing.picked.is_empty() {
                    self.current_cut().into_iter().collect()
                } else {
                    std::mem::take(&mut self.editing.picked)
                };
                match cut.as_slice() {
                    [] => {}
                    [one] => self.say(format!("✂ {} {}", one.label(), tr(Msg::CutMarked))),
                    many => self.say(format!("✂ {} {}", trf(Msg::CutMany, &[&many.len()]), tr(Msg::CutMarked))),
                }
                self.editing.cut = cut;
            }
            K::Paste => {
                if self.editing.cut.is_empty() {
                    self.say(tr(Msg::NothingCut));
                    return Ok(());
                }
                let target_unit = self.selected_unit_code();
                let target_position = match self.tree.selected() {
                    Some(id @ NodeId::Position(_)) => self.code_of(id),
                    _ => None,
                };
                let mut ops = Vec::new();
                for cut in &self.editing.cut {
                    let op = match cut {
                        Cut::Unit(code) => {
                            target_unit.clone().map(|parent| Op::MoveUnit { code: code.clone(), parent })
                        }
                        Cut::Position(code) => {
                            target_unit.clone().map(|unit| Op::MovePosition { code: code.clone(), unit })
                        }
                        Cut::Employee(nip) => match &target_position {
                            Some(code) => {
                                Some(Op::Place { nip: *nip, position: Some(code.clone()), since: Some(self.today) })
                            }
                            None => {
                                self.say(tr(Msg::SelectPositionFirst));
                                return Ok(());
                            }
                        },
                    };
                    ops.extend(op);
                }
                // One operation repeats with `.`; several go in as one change.
                let repeat = match ops.as_slice() {
                    [one] => Some(Repeat::Op(one.clone())),
                    _ => None,
                };
                if !ops.is_empty() {
                    self.perform(ops, repeat, AfterChange::ForgetCut);
                }
            }
            K::AddChild | K::AddSibling => self.open_add_form(key == K::AddSibling),
            K::Rename => match self.tree.selected().and_then(|id| self.tree.info(id)).cloned() {
                Some(RowInfo::Unit { code, name, .. }) => {
                    self.open_rename_form(code.clone(), name, FormPurpose::RenameUnit(code))
                }
                Some(RowInfo::Position { position: p, .. }) => {
                    self.open_rename_form(p.code.clone(), p.name.clone(), FormPurpose::RenamePosition(p.code))
                }
                Some(RowInfo::Holding { .. } | RowInfo::Person { .. }) | None => {}
            },
            K::EditFields => match self.tree.selected() {
                Some(id @ NodeId::Position(_)) => {
                    if let Some(RowInfo::Position { position: p, .. }) = self.tree.info(id).cloned() {
                        self.open_edit_form(&p);
                    }
                }
                Some(NodeId::Unit(_)) => self.edit_key(K::Rename)?,
                Some(NodeId::Holding | NodeId::Person(_)) | None => {}
            },
            K::EditAnjab => {
                if let Some(id @ NodeId::Position(_)) = self.tree.selected()
                    && let Some(RowInfo::Position { position: p, .. }) = self.tree.info(id)
                {
                    self.external_edit = Some(super::ExternalEdit { code: p.code.clone(), name: p.name.clone() });
                }
            }
            K::EditRequirements => {
                // From the details of the position selected, which hold its anjab.
                if let Some(NodeId::Position(id)) = self.tree.selected()
                    && let super::Details::Position(d) = &self.details.shown
                    && d.position.id == id
                {
                    let (code, anjab) = (d.position.code.clone(), d.anjab.clone().unwrap_or_default());
                    self.open_requirements_form(code, anjab);
                }
            }
            K::EditFactors => {
                if let Some(NodeId::Position(id)) = self.tree.selected()
                    && let super::Details::Position(d) = &self.details.shown
                    && d.position.id == id
                {
                    let (code, anjab) = (d.position.code.clone(), d.anjab.clone().unwrap_or_default());
                    self.open_factors_form(code, d.position.spec.kind, anjab);
                }
            }
            K::Delete => {
                if let Some(id @ (NodeId::Unit(_) | NodeId::Position(_))) = self.tree.selected() {
                    self.effect(Effect::Prepare(Prepare::Remove(id)));
                }
            }
            K::Merge => {
                if let Some(id @ NodeId::Unit(_)) = self.tree.selected()
                    && let Some(code) = self.code_of(id)
                {
                    self.editing.picking_merge = Some(code);
                    self.mode = Mode::Search;
                    self.search.open();
                    self.say(tr(Msg::PickMergeTarget));
                }
            }
            K::UndoEdit | K::RedoEdit => self.undo_redo(key == K::RedoEdit),
            K::Repeat => {
                let Some(code) = self.selected_code() else { return Ok(()) };
                match self.editing.repeat.clone() {
                    Some(Repeat::Op(op)) => {
                        let op = op.with_subject(&code);
                        self.perform(vec![op.clone()], Some(Repeat::Op(op)), AfterChange::Nothing);
                    }
                    Some(Repeat::Merge(into)) => self.merge_into(&code, &into),
                    None => self.say(tr(Msg::NothingToRepeat)),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Merges `from` into `into` after asking.
    pub(super) fn merge_into(&mut self, from: &str, into: &str) {
        self.effect(Effect::Prepare(Prepare::Merge { from: from.into(), into: into.into() }));
    }

    /// Asks about a removal or a merge, once its operations are worked out.
    pub(super) fn prepared(&mut self, what: Prepare, result: Result<(String, Vec<Op>), String>) {
        let (code, ops) = match result {
            Ok(found) => found,
            Err(e) => {
                self.say(e);
                return;
            }
        };
        match what {
            Prepare::Remove(_) => {
                let (units, positions, people) = edit::removal_summary(&ops);
                self.ask_confirm(trf(Msg::DeleteUnitPrompt, &[&code, &units, &positions, &people]), ops, None);
            }
            Prepare::Merge { from, into } => {
                let prompt = trf(Msg::MergePrompt, &[&from, &into, &ops.len()]);
                self.ask_confirm(prompt, ops, Some(Repeat::Merge(into)));
            }
        }
    }

    fn ask_confirm(&mut self, prompt: String, ops: Vec<Op>, repeat: Option<Repeat>) {
        self.confirm = Some(Confirm { prompt, then: OnYes::Perform(ops, repeat), seen: self.journal_seen });
        self.mode = Mode::Confirm;
    }

    /// Asks before dropping the open draft `draft`.
    pub(super) fn ask_discard(&mut self, draft: Draft) {
        let prompt = trf(Msg::DraftDiscardQuestion, &[&draft.name, &draft.ops().count()]);
        self.confirm = Some(Confirm { prompt, then: OnYes::DiscardDraft(draft), seen: self.journal_seen });
        self.mode = Mode::Confirm;
    }

    /// y / Enter on a confirmation.
    pub(super) fn confirmed(&mut self, yes: bool) -> anyhow::Result<()> {
        self.mode = Mode::Normal;
        let Some(c) = self.confirm.take() else { return Ok(()) };
        if !yes {
            self.say(tr(Msg::Cancelled));
            return Ok(());
        }
        match c.then {
            OnYes::Perform(ops, repeat) => self.perform_seen(ops, repeat, AfterChange::Nothing, c.seen),
            OnYes::DiscardDraft(draft) => {
                self.effect(Effect::RemoveDraft(draft.name.clone()));
                self.say(trf(Msg::DraftDiscardedUndo, &[&draft.name, &draft.ops().count()]));
                self.drafting.name = None;
                self.drafting.redo.clear();
                self.editing.marks.clear();
                self.drafting.rebuild_view = true;
                self.drafting.discarded = Some(draft);
            }
        }
        Ok(())
    }

    /// Commits `ops` (or adds them to the open draft): they are checked by the commit, and
    /// what came of it is shown by [`App::committed`] (or [`App::draft_edited`]).
    pub(super) fn perform(&mut self, ops: Vec<Op>, repeat: Option<Repeat>, then: AfterChange) {
        self.perform_seen(ops, repeat, then, self.journal_seen);
    }

    /// [`App::perform`], for an edit begun when the journal shown was at `seen` (a form
    /// or a question opened then): a change by someone else since, to a node it
    /// touches, refuses it.
    pub(super) fn perform_seen(&mut self, ops: Vec<Op>, repeat: Option<Repeat>, then: AfterChange, seen: u64) {
        // A change after `:discard`: from now on `u` undoes that change.
        self.drafting.discarded = None;
        let reason = self.editing.reason.clone();
        self.effect(match self.drafting.name.clone() {
            Some(draft) => Effect::AddToDraft { draft, ops, reason, repeat, then },
            None => Effect::Commit { ops, reason, repeat, then, seen },
        });
    }

    /// What follows a change in the interface.
    fn follow(&mut self, repeat: Option<Repeat>, then: AfterChange) {
        if repeat.is_some() {
            self.editing.repeat = repeat;
        }
        match then {
            AfterChange::Nothing => {}
            AfterChange::ForgetCut => self.editing.cut.clear(),
            AfterChange::CloseForm => {
                self.form = None;
                self.mode = Mode::Normal;
            }
        }
    }

    /// Shows what came of a commit: the tree reloaded, the nodes it touched marked.
    pub(super) fn committed(
        &mut self,
        ops: Vec<Op>,
        repeat: Option<Repeat>,
        then: AfterChange,
        result: Result<crate::model::JournalEntry, Refusal>,
        located: &Located,
    ) {
        let entry = match result {
            Ok(entry) => entry,
            Err(why) => {
                self.say(why.to_string());
                return;
            }
        };
        // The structure is read again whole: it shows everything up to this entry.
        self.journal_seen = self.journal_seen.max(entry.seq);
        self.follow(repeat, then);
        let select = self.mark_changes(located, &ops);
        self.after_edit(select);
        self.say(trf(Msg::DoneOps, &[&ops.len()]));
    }

    /// Shows what came of adding operations to the open draft: its view is read anew,
    /// then what was added or moved is selected.
    pub(super) fn draft_edited(
        &mut self,
        ops: Vec<Op>,
        repeat: Option<Repeat>,
        then: AfterChange,
        result: Result<(), Refusal>,
    ) {
        if let Err(why) = result {
            self.say(why.to_string());
            return;
        }
        self.follow(repeat, then);
        self.drafting.redo.clear();
        self.drafting.rebuild_view = true;
        self.editing.select_after = ops.iter().find_map(|op| match op {
            Op::AddUnit { code, .. } | Op::MoveUnit { code, .. } => Some((true, code.clone())),
            Op::AddPosition { code, .. } | Op::MovePosition { code, .. } => Some((false, code.clone())),
            _ => None,
        });
        self.say(trf(Msg::DoneOps, &[&ops.len()]));
    }

    /// Marks the nodes `ops` touched; returns the node to select (what was added or moved).
    fn mark_changes(&mut self, located: &Located, ops: &[Op]) -> Option<NodeId> {
        let mut select = None;
        for op in ops {
            let Some((code, mark, is_unit)) = marked(op) else { continue };
            if let Some(&id) = located.get(&(is_unit, code.to_string())) {
                // Added and moved say more than edited.
                let slot = self.editing.marks.entry(id).or_insert(mark);
                if *slot == ChangeMark::Edited {
                    *slot = mark;
                }
                if mark != ChangeMark::Edited || select.is_none() {
                    select = Some(id);
                }
            }
        }
        select
    }

    /// Shows what others committed: the nodes marked with who changed them, the
    /// structure read again keeping the selection and the open nodes (the open draft's
    /// view is built again on what is now there), and who did what in the status bar.
    pub(super) fn others_committed(&mut self, entries: &[crate::model::JournalEntry], located: &Located) {
        let Some(last) = entries.last() else { return };
        self.journal_seen = self.journal_seen.max(last.seq);
        for entry in entries {
            for op in &entry.ops {
                if let Some((code, _, is_unit)) = marked(op)
                    && let Some(&id) = located.get(&(is_unit, code.to_string()))
                {
                    self.editing.by_others.insert(id, entry.stamp.user.clone());
                }
            }
        }
        let what = last.ops.first().map(crate::i18n::label::op).unwrap_or_default();
        let more = entries.iter().map(|e| e.ops.len()).sum::<usize>().saturating_sub(1);
        self.say(if more > 0 {
            trf(Msg::OthersChangedMore, &[&last.stamp.user, &what, &more])
        } else {
            trf(Msg::OthersChanged, &[&last.stamp.user, &what])
        });
        if self.drafting.name.is_some() {
            self.drafting.rebuild_view = true;
        } else {
            self.after_edit(None);
        }
    }

    /// Shows the structure after a change: the tree (and the counts) read again, the
    /// panes with it, then `select` selected.
    pub(super) fn after_edit(&mut self, select: Option<NodeId>) {
        let then = super::effect::TreeStep::Reload { open: self.tree.open_nodes(), select };
        self.effect(Effect::Load(super::effect::Load::Rows { missing: super::tree::Missing::Roots, then }));
    }

    fn undo_redo(&mut self, redo: bool) {
        // Right after `:discard`, undo brings the draft back (and opens it again),
        // rather than undoing some earlier commit that has nothing to do with it.
        if !redo
            && self.drafting.name.is_none()
            && let Some(draft) = self.drafting.discarded.take()
        {
            self.effect(Effect::RestoreDraft(draft));
            return;
        }
        self.drafting.discarded = None;
        if let Some(name) = self.drafting.name.clone() {
            // In a draft, undo takes its last change off; redo puts it back.
            if !redo {
                self.effect(Effect::DraftUndo(name));
            } else if let Some(change) = self.drafting.redo.pop() {
                self.effect(Effect::DraftRedo(name, change));
            } else {
                self.say(tr(Msg::EditNothingToRedo));
            }
            return;
        }
        self.effect(Effect::Undo { redo });
    }

    /// Shows a step back or forth in the open draft.
    pub(super) fn draft_stepped(
        &mut self,
        taken: Option<super::effect::DraftChange>,
        redo: bool,
        result: Result<usize, String>,
    ) {
        let count = match result {
            Ok(count) => count,
            Err(e) => {
                self.say(e);
                return;
            }
        };
        match taken {
            Some(change) => self.drafting.redo.push(change),
            None if !redo => {
                self.say(tr(Msg::EditNothingToUndo));
                return;
            }
            None => {}
        }
        self.drafting.rebuild_view = true;
        let name = self.drafting.name.clone().unwrap_or_default();
        self.say(trf(Msg::DraftOps, &[&name, &count]));
    }

    /// Shows a dropped draft saved again, open (or why not).
    pub(super) fn restored(&mut self, draft: Draft, result: Result<bool, String>) {
        match result {
            Ok(true) => {
                self.say(trf(Msg::DraftRestored, &[&draft.name, &draft.ops().count()]));
                self.drafting.name = Some(draft.name);
                self.drafting.redo.clear();
                self.drafting.rebuild_view = true;
            }
            Ok(false) => {
                self.say(trf(Msg::DraftNameTaken, &[&draft.name]));
                self.drafting.discarded = Some(draft);
            }
            Err(e) => {
                self.say(e);
                self.drafting.discarded = Some(draft);
            }
        }
    }

    /// Shows what came of an undo or redo.
    pub(super) fn undone(&mut self, result: Result<crate::model::JournalEntry, Refusal>, located: &Located) {
        match result {
            Ok(entry) => {
                self.journal_seen = self.journal_seen.max(entry.seq);
                let select = self.mark_changes(located, &entry.ops);
                self.after_edit(select);
                self.say(format!("#{} {}", entry.seq, entry.origin.label()));
            }
            Err(why) => self.say(why.to_string()),
        }
    }
}

/// The node an operation marks, how, and whether it is a unit.
fn marked(op: &Op) -> Option<(&str, ChangeMark, bool)> {
    Some(match op {
        Op::AddUnit { code, .. } => (code, ChangeMark::Added, true),
        Op::MoveUnit { code, .. } => (code, ChangeMark::Moved, true),
        Op::RenameUnit { code, .. } => (code, ChangeMark::Edited, true),
        Op::AddPosition { code, .. } => (code, ChangeMark::Added, false),
        Op::MovePosition { code, .. } => (code, ChangeMark::Moved, false),
        Op::RenamePosition { code, .. } | Op::EditPosition { code, .. } => (code, ChangeMark::Edited, false),
        Op::Place { position: Some(code), .. } => (code, ChangeMark::Edited, false),
        _ => return None,
    })
}
