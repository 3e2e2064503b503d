//! Structural edits: each operation validated against the structure as the operations
//! before it leave it, applied to a [`Staged`] overlay, and its inverse computed; a
//! whole sequence is then committed by the store in one atomic write with its journal
//! entry. Undo applies an entry's inverse, redo its operations again; both are
//! journal entries themselves, so the history says everything that happened.
//!
//! The interface, the command line, drafts and operations files all come here, so
//! every edit is checked by the same code.

mod staged;
mod view;

pub use staged::Staged;
pub use view::DraftView;

use crate::i18n::{Msg, tr, trf};
use crate::model::text::{MAX_NAME, MAX_NOTE, TextProblem, text_problem};
use crate::model::{
    Draft, Employee, JournalEntry, NewPosition, Op, Origin, Position, PositionEdit, PositionKind, Stamp, Unit, UnitId,
};
use crate::store::{Store, StoreError};

/// Why an edit was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Operation `index` (from 0) does not fit the structure.
    #[error("{message}")]
    Invalid {
        /// Which operation of the sequence.
        index: usize,
        /// The operation as a line (of an operations file).
        line: String,
        /// The operation as a sentence, in the interface's language.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// There is nothing to undo or redo.
    #[error("{0}")]
    Nothing(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A failure inside one operation.
enum Fail {
    Invalid(String),
    Store(StoreError),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

type OpResult<T> = Result<T, Fail>;

fn invalid<T>(message: impl Into<String>) -> OpResult<T> {
    Err(Fail::Invalid(message.into()))
}

/// A sequence of operations applied to an overlay, with their inverse.
pub struct Planned<'s> {
    /// The structure as the operations leave it.
    pub staged: Staged<'s>,
    /// The operations, as applied.
    pub ops: Vec<Op>,
    /// Their inverse, in the order to apply it.
    pub inverse: Vec<Op>,
}

/// Applies `ops` in order on top of `staged`, checking each; the first that does not
/// fit stops it, naming its place in the sequence.
pub fn apply_all(staged: &mut Staged<'_>, ops: &[Op]) -> Result<Vec<Op>, EditError> {
    let mut inverse = Vec::with_capacity(ops.len());
    for (index, op) in ops.iter().enumerate() {
        match apply(staged, op) {
            Ok(inv) => inverse.push(inv),
            Err(Fail::Invalid(message)) => {
                return Err(EditError::Invalid {
                    index,
                    line: op.to_line(),
                    what: crate::i18n::label::op(op),
                    message,
                });
            }
            Err(Fail::Store(e)) => return Err(EditError::Store(e)),
        }
    }
    inverse.reverse();
    Ok(inverse)
}

/// Plans `ops` against the committed structure.
pub fn plan<'s>(store: &'s dyn Store, ops: &[Op]) -> Result<Planned<'s>, EditError> {
    let mut staged = Staged::new(store)?;
    let inverse = apply_all(&mut staged, ops)?;
    Ok(Planned { staged, ops: ops.to_vec(), inverse })
}

/// Who (as the store knows them: PostgreSQL's session user, a server's peer, or the
/// process's user) and when, now.
pub fn stamp_now(store: &dyn Store) -> Stamp {
    Stamp { user: crate::store::acting_user(store), at: chrono::Utc::now().timestamp() }
}

/// Validates and commits `ops` as one journal entry.
pub fn commit(
    store: &dyn Store,
    ops: Vec<Op>,
    origin: Origin,
    reason: Option<String>,
    consumed_draft: Option<&str>,
) -> Result<JournalEntry, EditError> {
    commit_seen(store, ops, origin, reason, consumed_draft, None)
}

/// [`commit`], for a change the user made looking at the structure as of journal entry
/// `seen` (an open interface, which shows others' changes a moment after they land):
/// it is refused when an entry after `seen` touched one of its nodes, as if it had
/// been staged then (`StoreError::Overlap`, naming who changed what when).
pub fn commit_seen(
    store: &dyn Store,
    ops: Vec<Op>,
    origin: Origin,
    reason: Option<String>,
    consumed_draft: Option<&str>,
    seen: Option<u64>,
) -> Result<JournalEntry, EditError> {
    if let Some(why) = reason.as_deref().and_then(text_refusal) {
        let reason = tr(Msg::Reason).to_lowercase();
        return Err(EditError::Invalid { index: 0, line: "--reason".into(), what: reason, message: why });
    }
    let planned = plan(store, &ops)?;
    let against = seen.map_or(planned.staged.against(), |s| s.min(planned.staged.against()));
    commit_planned(store, planned, origin, reason, consumed_draft, against)
}

/// Commits what [`plan`] staged, as made against journal entry `against`.
fn commit_planned(
    store: &dyn Store,
    planned: Planned<'_>,
    origin: Origin,
    reason: Option<String>,
    consumed_draft: Option<&str>,
    against: u64,
) -> Result<JournalEntry, EditError> {
    let Planned { staged, ops, inverse } = planned;
    let change = staged.into_change();
    let entry = JournalEntry { seq: 0, stamp: stamp_now(store), reason, origin, ops, inverse };
    Ok(store.commit(&change, entry, consumed_draft, against)?)
}

/// The latest of `seqs` that the user working now made: on a shared database each
/// undoes and redoes their own changes.
fn own_latest(store: &dyn Store, seqs: &[u64]) -> Result<Option<JournalEntry>, EditError> {
    let me = crate::store::acting_user(store);
    for &seq in seqs.iter().rev() {
        let entry = store.journal_entry(seq)?.ok_or_else(|| EditError::Nothing(trf(Msg::EditEntryGone, &[&seq])))?;
        if entry.stamp.user == me {
            return Ok(Some(entry));
        }
    }
    Ok(None)
}

/// Undoes the latest of one's own entries that can be undone. It is refused when a
/// later entry (someone else's) touched one of its nodes: that change stands on it.
pub fn undo(store: &dyn Store) -> Result<JournalEntry, EditError> {
    let state = store.undo_state()?;
    let Some(entry) = own_latest(store, &state.undo)? else {
        return Err(EditError::Nothing(tr(Msg::EditNothingToUndo).into()));
    };
    let planned = plan(store, &entry.inverse)?;
    let head = planned.staged.against();
    let me = crate::store::acting_user(store);
    crate::store::check_overlap(
        &planned.staged.change().touched(),
        entry.seq,
        head,
        |seq| store.touched(seq),
        |seq| store.journal_entry(seq),
        &crate::store::derive::StoreBefore(store),
        Some(&me),
    )?;
    commit_planned(store, planned, Origin::Undo(entry.seq), None, None, head)
}

/// Redoes the latest of one's own undone entries.
pub fn redo(store: &dyn Store) -> Result<JournalEntry, EditError> {
    let state = store.undo_state()?;
    let Some(entry) = own_latest(store, &state.redo)? else {
        return Err(EditError::Nothing(tr(Msg::EditNothingToRedo).into()));
    };
    commit(store, entry.ops, Origin::Redo(entry.seq), entry.reason, None)
}

/// Commits a draft's operations in one entry and drops the draft with it.
pub fn apply_draft(store: &dyn Store, draft: &Draft) -> Result<JournalEntry, EditError> {
    let ops: Vec<Op> = draft.ops().cloned().collect();
    if ops.is_empty() {
        return Err(EditError::Nothing(trf(Msg::EditDraftEmpty, &[&draft.name])));
    }
    let mut reasons: Vec<&str> = Vec::new();
    for r in draft.changes.iter().filter_map(|(_, r)| r.as_deref()) {
        if !reasons.contains(&r) {
            reasons.push(r);
        }
    }
    let reason = (!reasons.is_empty()).then(|| reasons.join("; "));
    commit(store, ops, Origin::Draft(draft.name.clone()), reason, Some(&draft.name))
}

/// The structure as a draft would leave it.
pub fn staged_draft<'s>(store: &'s dyn Store, draft: &Draft) -> Result<Staged<'s>, EditError> {
    let mut staged = Staged::new(store)?;
    let ops: Vec<Op> = draft.ops().cloned().collect();
    apply_all(&mut staged, &ops)?;
    Ok(staged)
}

fn check_code(code: &str) -> OpResult<()> {
    if code.trim().is_empty() || code.trim() != code {
        return invalid(tr(Msg::EditCodeBlank));
    }
    match text_problem(code, MAX_NAME) {
        Some(TextProblem::Control(_)) => invalid(tr(Msg::EditCodeControl)),
        Some(TextProblem::TooLong { chars, max }) => invalid(trf(Msg::EditTooLong, &[&chars, &max])),
        None => Ok(()),
    }
}

fn check_name(name: &str) -> OpResult<()> {
    if name.trim().is_empty() {
        return invalid(tr(Msg::EditNameBlank));
    }
    match text_problem(name, MAX_NAME) {
        Some(TextProblem::Control(_)) => invalid(tr(Msg::EditNameControl)),
        Some(TextProblem::TooLong { chars, max }) => invalid(trf(Msg::EditTooLong, &[&chars, &max])),
        None => Ok(()),
    }
}

/// Why a reason (or a note, or a draft's name) cannot be kept, in the interface's
/// language; none when it can.
pub fn text_refusal(text: &str) -> Option<String> {
    match text_problem(text, MAX_NOTE)? {
        TextProblem::Control(_) => Some(tr(Msg::EditTextControl).to_string()),
        TextProblem::TooLong { chars, max } => Some(trf(Msg::EditTooLong, &[&chars, &max])),
    }
}

/// The level of a unit: 1 for an instansi.
fn depth_of(staged: &Staged<'_>, id: UnitId) -> OpResult<usize> {
    let mut depth = 0;
    let mut at = Some(id);
    while let Some(u) = at {
        depth += 1;
        if depth > crate::model::MAX_UNIT_DEPTH + 1 {
            return invalid(tr(Msg::EditCycleAbove));
        }
        at = staged.unit(u)?.and_then(|u| u.parent);
    }
    Ok(depth)
}

/// How many levels lie below a unit (0 when it has no sub-units).
fn height_of(staged: &Staged<'_>, id: UnitId) -> OpResult<usize> {
    let mut level = vec![id];
    let mut height = 0;
    while !level.is_empty() {
        let mut next = Vec::new();
        for u in level {
            next.extend(staged.child_ids(Some(u))?);
        }
        if next.is_empty() {
            break;
        }
        height += 1;
        if height > crate::model::MAX_UNIT_DEPTH {
            break;
        }
        level = next;
    }
    Ok(height)
}

fn unit_of(staged: &Staged<'_>, code: &str) -> OpResult<Unit> {
    match staged.unit_by_code(code)? {
        Some(u) => Ok(u),
        None => invalid(trf(Msg::EditNoUnit, &[&code])),
    }
}

fn position_of(staged: &Staged<'_>, code: &str) -> OpResult<Position> {
    match staged.position_by_code(code)? {
        Some(p) => Ok(p),
        None => invalid(trf(Msg::EditNoPosition, &[&code])),
    }
}

/// The head position of `unit` other than `except`, if any.
fn other_head(staged: &Staged<'_>, unit: UnitId, except: Option<&str>) -> OpResult<Option<Position>> {
    Ok(staged.positions_of(unit)?.into_iter().find(|p| p.spec.head && Some(p.code.as_str()) != except))
}

/// Kind, level and eselon of a position agree (domain.md §2).
fn check_fields(p: &Position) -> OpResult<()> {
    match p.spec.level {
        Some(l) if !l.fits(p.spec.kind) => return invalid(trf(Msg::EditLevelMismatch, &[&p.spec.kind, &l])),
        None if p.spec.kind.needs_level() => {
            return invalid(trf(Msg::EditLevelNeeded, &[&p.spec.kind]));
        }
        _ => {}
    }
    if p.spec.eselon.is_some() && matches!(p.spec.kind, PositionKind::Fungsional | PositionKind::Pelaksana) {
        return invalid(trf(Msg::EditNoEselon, &[&p.spec.kind]));
    }
    if p.spec.head && !p.spec.kind.is_managerial() {
        return invalid(trf(Msg::EditCannotHead, &[&p.spec.kind]));
    }
    Ok(())
}

/// Applies one operation; returns its inverse.
fn apply(staged: &mut Staged<'_>, op: &Op) -> OpResult<Op> {
    match op {
        Op::AddUnit { code, parent, name, kind, eselon, restore_id } => {
            check_code(code)?;
            check_name(name)?;
            if staged.unit_by_code(code)?.is_some() {
                return invalid(trf(Msg::EditUnitCodeUsed, &[code]));
            }
            let parent = match parent {
                Some(p) => Some(unit_of(staged, p)?.id),
                None => None,
            };
            if let Some(p) = parent
                && depth_of(staged, p)? + 1 > crate::model::MAX_UNIT_DEPTH
            {
                return invalid(trf(Msg::EditTooDeep, &[&crate::model::MAX_UNIT_DEPTH]));
            }
            let id = staged.new_unit_id(*restore_id)?;
            let unit = Unit { id, code: code.clone(), parent, name: name.clone(), kind: kind.clone(), eselon: *eselon };
            staged.put_unit(id, Some(unit))?;
            Ok(Op::RemoveUnit { code: code.clone() })
        }
        Op::RenameUnit { code, name } => {
            check_name(name)?;
            let unit = unit_of(staged, code)?;
            if unit.name == *name {
                return invalid(trf(Msg::EditUnitSameName, &[code, name]));
            }
            let old = unit.name.clone();
            staged.put_unit(unit.id, Some(Unit { name: name.clone(), ..unit }))?;
            Ok(Op::RenameUnit { code: code.clone(), name: old })
        }
        Op::RemoveUnit { code } => {
            let unit = unit_of(staged, code)?;
            let children = staged.child_ids(Some(unit.id))?.len();
            let positions = staged.position_ids(unit.id)?.len();
            if children > 0 || positions > 0 {
                return invalid(trf(Msg::EditUnitNotEmpty, &[code, &children, &positions]));
            }
            let parent = match unit.parent {
                Some(p) => staged.unit(p)?.map(|u| u.code),
                None => None,
            };
            staged.put_unit(unit.id, None)?;
            Ok(Op::AddUnit {
                code: unit.code,
                parent,
                name: unit.name,
                kind: unit.kind,
                eselon: unit.eselon,
                restore_id: Some(unit.id.0),
            })
        }
        Op::MoveUnit { code, parent } => {
            let unit = unit_of(staged, code)?;
            let target = unit_of(staged, parent)?;
            let Some(old_parent) = unit.parent else {
                return invalid(trf(Msg::EditInstansiFixed, &[code]));
            };
            if old_parent == target.id {
                return invalid(trf(Msg::EditAlreadyUnder, &[code, parent]));
            }
            // No cycles: the new parent must not be the unit or lie below it.
            let mut at = Some(target.id);
            let mut steps = 0;
            if target.id == unit.id {
                return invalid(trf(Msg::EditUnderItself, &[code]));
            }
            while let Some(id) = at {
                if id == unit.id {
                    return invalid(trf(Msg::EditCycle, &[code, parent]));
                }
                at = staged.unit(id)?.and_then(|u| u.parent);
                steps += 1;
                if steps > 10_000 {
                    return invalid(tr(Msg::EditCycleAbove));
                }
            }
            if steps + 1 + height_of(staged, unit.id)? > crate::model::MAX_UNIT_DEPTH {
                return invalid(trf(Msg::EditTooDeep, &[&crate::model::MAX_UNIT_DEPTH]));
            }
            let old_code = staged.unit(old_parent)?.map(|u| u.code).unwrap_or_default();
            staged.put_unit(unit.id, Some(Unit { parent: Some(target.id), ..unit }))?;
            Ok(Op::MoveUnit { code: code.clone(), parent: old_code })
        }
        Op::AddPosition { code, unit, name, fields, restore_id } => {
            check_code(code)?;
            check_name(name)?;
            if staged.position_by_code(code)?.is_some() {
                return invalid(trf(Msg::EditPositionCodeUsed, &[code]));
            }
            let unit = unit_of(staged, unit)?;
            let id = staged.new_position_id(*restore_id)?;
            let position = fields.position(id, code, unit.id, name);
            let (head, standard, tasks) = (fields.spec.head, fields.standard.clone(), fields.tasks.clone());
            check_fields(&position)?;
            // A workload no position can carry would show as a need past what is counted.
            let workload: f64 = tasks.iter().map(crate::model::Task::workload).sum();
            let most = f64::from(crate::model::MAX_NEEDED) * crate::model::MAX_TASK_MINUTES;
            if workload > most {
                return invalid(trf(Msg::EditWorkloadTooBig, &[code, &crate::model::MAX_NEEDED]));
            }
            if head && let Some(h) = other_head(staged, unit.id, None)? {
                return invalid(trf(Msg::EditUnitHasHead, &[&unit.code, &h.code]));
            }
            staged.put_position(id, Some(position), Some((standard, tasks)))?;
            Ok(Op::RemovePosition { code: code.clone() })
        }
        Op::RenamePosition { code, name } => {
            check_name(name)?;
            let p = position_of(staged, code)?;
            if p.name == *name {
                return invalid(trf(Msg::EditPositionSameName, &[code, name]));
            }
            let old = p.name.clone();
            staged.put_position(p.id, Some(Position { name: name.clone(), ..p }), None)?;
            Ok(Op::RenamePosition { code: code.clone(), name: old })
        }
        Op::EditPosition { code, edit } => {
            let p = position_of(staged, code)?;
            if edit.class.flatten().is_some_and(|c| !(1..=17).contains(&c)) {
                return invalid(tr(Msg::EditClassRange));
            }
            let (spec, undo) = edit.applied_to(p.spec);
            let next = Position { spec, ..p.clone() };
            if next == p {
                return invalid(trf(Msg::EditSameValues, &[code]));
            }
            if edit.kind.is_some() || edit.level.is_some() || edit.eselon.is_some() || edit.head == Some(true) {
                check_fields(&next)?;
            }
            if next.spec.head
                && !p.spec.head
                && let Some(h) = other_head(staged, p.unit, Some(code))?
            {
                return invalid(trf(Msg::EditItsUnitHasHead, &[&h.code]));
            }
            staged.put_position(p.id, Some(next), None)?;
            Ok(Op::EditPosition { code: code.clone(), edit: undo })
        }
        Op::RemovePosition { code } => {
            let p = position_of(staged, code)?;
            let holders = staged.holder_nips(p.id)?.len();
            if holders > 0 {
                return invalid(trf(Msg::EditPositionHeld, &[code, &holders]));
            }
            // Its anjab goes first, in an operation of its own that an undo reverses.
            if staged.anjab(p.id)?.is_some() {
                return invalid(trf(Msg::EditPositionHasAnjab, &[code]));
            }
            let standard = staged.standard(p.id)?;
            let tasks = staged.tasks(p.id)?;
            let unit = staged.unit(p.unit)?.map(|u| u.code).unwrap_or_default();
            staged.put_position(p.id, None, None)?;
            Ok(Op::AddPosition {
                fields: Box::new(NewPosition::of(&p, standard, tasks)),
                code: p.code,
                unit,
                name: p.name,
                restore_id: Some(p.id.0),
            })
        }
        Op::MovePosition { code, unit } => {
            let p = position_of(staged, code)?;
            let target = unit_of(staged, unit)?;
            if p.unit == target.id {
                return invalid(trf(Msg::EditAlreadyIn, &[code, unit]));
            }
            if p.spec.head
                && let Some(h) = other_head(staged, target.id, None)?
            {
                return invalid(trf(Msg::EditTwoHeads, &[code, unit, &h.code]));
            }
            let old = staged.unit(p.unit)?.map(|u| u.code).unwrap_or_default();
            staged.put_position(p.id, Some(Position { unit: target.id, ..p }), None)?;
            Ok(Op::MovePosition { code: code.clone(), unit: old })
        }
        Op::Place { nip, position, since } => {
            let Some(e) = staged.employee(*nip)? else { return invalid(trf(Msg::EditNoEmployee, &[nip])) };
            let target = match position {
                Some(code) => Some(position_of(staged, code)?.id),
                None => None,
            };
            if e.position == target && e.position_since == *since {
                return invalid(match position {
                    Some(code) => trf(Msg::EditAlreadyHolds, &[nip, code]),
                    None => trf(Msg::EditAlreadyUnplaced, &[nip]),
                });
            }
            let old = match e.position {
                Some(p) => staged.position(p)?,
                None => None,
            };
            let old_code = old.as_ref().map(|p| p.code.clone());
            let old_since = e.position_since;
            // The post left joins the history (riwayat jabatan), ending where the new one
            // begins; going back to the post the history ends with (an undone move) takes
            // that entry back instead, so that an undo leaves no trace of the move.
            if e.position != target {
                let mut posts = staged.posts(*nip)?;
                let resumed = posts.last().is_some_and(|last| {
                    last.position_code.is_some() && last.position_code == *position && Some(last.from) == *since
                });
                if resumed {
                    posts.pop();
                    staged.put_posts(*nip, posts);
                } else if let (Some(p), Some(from)) = (&old, old_since) {
                    let unit = staged.unit(p.unit)?.map(|u| u.name);
                    posts.push(crate::model::PostHeld {
                        from,
                        to: since.filter(|to| *to >= from),
                        position: p.name.clone(),
                        position_code: Some(p.code.clone()),
                        unit,
                        kind: Some(p.spec.kind),
                        level: p.spec.level,
                    });
                    posts.sort();
                    staged.put_posts(*nip, posts);
                }
            }
            staged.put_employee(Employee { position: target, position_since: *since, ..e })?;
            Ok(Op::Place { nip: *nip, position: old_code, since: old_since })
        }
        Op::SetAnjab { code, anjab } => {
            let p = position_of(staged, code)?;
            let new = anjab.as_deref().filter(|a| !a.is_empty()).cloned().map(crate::model::JobDescription::sorted);
            if let Some(a) = &new {
                if let Some(problem) = a.problem() {
                    return invalid(problem);
                }
                for row in &a.rows {
                    let problem = text_problem(&row.item, MAX_NAME).or_else(|| text_problem(&row.text, MAX_ANJAB_TEXT));
                    let why = match problem {
                        Some(TextProblem::Control(_)) => tr(Msg::EditTextControl).to_string(),
                        Some(TextProblem::TooLong { chars, max }) => trf(Msg::EditTooLong, &[&chars, &max]),
                        None => continue,
                    };
                    return invalid(format!("{}: {why}", row.section.key()));
                }
                if a.rows.len() > MAX_ANJAB_ROWS {
                    return invalid(trf(Msg::EditAnjabTooLong, &[&MAX_ANJAB_ROWS]));
                }
            }
            let old = staged.anjab(p.id)?;
            if old == new {
                return invalid(trf(Msg::EditAnjabSame, &[code]));
            }
            staged.put_anjab(p.id, new);
            Ok(Op::SetAnjab { code: code.clone(), anjab: old.map(Box::new) })
        }
    }
}

/// The longest text of one row of an anjab (a paragraph of the summary, a step).
pub const MAX_ANJAB_TEXT: usize = 4_000;

/// The most rows an anjab holds.
pub const MAX_ANJAB_ROWS: usize = 500;

/// A composite action (merge, removal) that cannot be built, written as its line.
fn refused(line: String, message: String) -> EditError {
    EditError::Invalid { index: 0, what: line.clone(), line, message }
}

/// The operations that merge unit `from` into `into`: its sub-units and positions
/// (with their holders) move, its head position stops heading when `into` has one, and
/// `from` is removed.
pub fn merge_ops(staged: &Staged<'_>, from: &str, into: &str) -> Result<Vec<Op>, EditError> {
    let wrap = |message: String| refused(format!("merge {from} {into}"), message);
    let a = staged.unit_by_code(from)?.ok_or_else(|| wrap(trf(Msg::EditNoUnit, &[&from])))?;
    let b = staged.unit_by_code(into)?.ok_or_else(|| wrap(trf(Msg::EditNoUnit, &[&into])))?;
    if a.id == b.id {
        return Err(wrap(tr(Msg::EditMergeSelf).into()));
    }
    let mut ops = Vec::new();
    for child in staged.child_ids(Some(a.id))? {
        if let Some(c) = staged.unit(child)? {
            ops.push(Op::MoveUnit { code: c.code, parent: b.code.clone() });
        }
    }
    let b_has_head = staged.positions_of(b.id)?.iter().any(|p| p.spec.head);
    for p in staged.positions_of(a.id)? {
        if p.spec.head && b_has_head {
            ops.push(Op::EditPosition {
                code: p.code.clone(),
                edit: PositionEdit { head: Some(false), ..PositionEdit::default() },
            });
        }
        ops.push(Op::MovePosition { code: p.code, unit: b.code.clone() });
    }
    ops.push(Op::RemoveUnit { code: a.code });
    Ok(ops)
}

/// The operations that remove a position: its holders go to the holding list first.
pub fn remove_position_ops(staged: &Staged<'_>, code: &str) -> Result<Vec<Op>, EditError> {
    let p = staged
        .position_by_code(code)?
        .ok_or_else(|| refused(format!("remove-position {code}"), trf(Msg::EditNoPosition, &[&code])))?;
    let mut ops: Vec<Op> =
        staged.holder_nips(p.id)?.into_iter().map(|nip| Op::Place { nip, position: None, since: None }).collect();
    if staged.anjab(p.id)?.is_some() {
        ops.push(Op::SetAnjab { code: p.code.clone(), anjab: None });
    }
    ops.push(Op::RemovePosition { code: p.code });
    Ok(ops)
}

/// The operations that remove a unit with everything below it: every holder goes to
/// the holding list, then positions and units go, deepest first.
pub fn remove_unit_ops(staged: &Staged<'_>, code: &str) -> Result<Vec<Op>, EditError> {
    let unit = staged
        .unit_by_code(code)?
        .ok_or_else(|| refused(format!("remove-unit {code}"), trf(Msg::EditNoUnit, &[&code])))?;
    let mut ops = Vec::new();
    fn walk(staged: &Staged<'_>, unit: &Unit, ops: &mut Vec<Op>) -> Result<(), EditError> {
        for child in staged.child_ids(Some(unit.id))? {
            if let Some(c) = staged.unit(child)? {
                walk(staged, &c, ops)?;
            }
        }
        for p in staged.positions_of(unit.id)? {
            ops.extend(remove_position_ops(staged, &p.code)?);
        }
        ops.push(Op::RemoveUnit { code: unit.code.clone() });
        Ok(())
    }
    walk(staged, &unit, &mut ops)?;
    Ok(ops)
}

/// What a removal takes with it: sub-units, positions and people sent to the holding
/// list (for the confirmation that names them).
pub fn removal_summary(ops: &[Op]) -> (usize, usize, usize) {
    let count = |verb: &str| ops.iter().filter(|o| o.verb() == verb).count();
    (count("remove-unit"), count("remove-position"), count("unplace"))
}

/// A unit's own figures, for the before/after of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitSummary {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The parent's code.
    pub parent: Option<String>,
    /// Own positions.
    pub positions: usize,
    /// Σ kebutuhan of own positions.
    pub needed: u64,
    /// Σ bezetting of own positions.
    pub filled: u64,
    /// Codes of head positions.
    pub heads: Vec<String>,
    /// Sub-units.
    pub children: usize,
}

fn summary(staged: &Staged<'_>, id: UnitId) -> Result<Option<UnitSummary>, EditError> {
    let Some(unit) = staged.unit(id)? else { return Ok(None) };
    let parent = match unit.parent {
        Some(p) => staged.unit(p)?.map(|u| u.code),
        None => None,
    };
    let mut s = UnitSummary {
        code: unit.code,
        name: unit.name,
        parent,
        positions: 0,
        needed: 0,
        filled: 0,
        heads: Vec::new(),
        children: staged.child_ids(Some(id))?.len(),
    };
    for p in staged.positions_of(id)? {
        s.positions += 1;
        s.needed += u64::from(p.spec.needed.unwrap_or(0));
        s.filled += staged.holder_nips(p.id)?.len() as u64;
        if p.spec.head {
            s.heads.push(p.code);
        }
    }
    Ok(Some(s))
}

/// A unit before and after a change (`None`: absent).
pub type UnitChange = (Option<UnitSummary>, Option<UnitSummary>);

/// Every unit a staged change touches, with its own figures before and after.
pub fn unit_diff(staged: &Staged<'_>) -> Result<Vec<UnitChange>, EditError> {
    let c = staged.change();
    let mut touched = c.touched_units();
    let before = Staged::new(staged.base())?;
    for pid in c.holders.keys() {
        for s in [&before, staged] {
            if let Some(p) = s.position(*pid)? {
                touched.insert(p.unit);
            }
        }
    }
    let mut out = Vec::new();
    for id in touched {
        let (b, a) = (summary(&before, id)?, summary(staged, id)?);
        if b != a {
            out.push((b, a));
        }
    }
    Ok(out)
}
