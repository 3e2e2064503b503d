//! The conflict rule shared by every backend: a change is made against the journal entry
//! its author last saw, and refused when a later entry touched one of the same nodes;
//! a commit sent again is answered with the entry already made.

use serde::{Deserialize, Serialize};

use super::{StoreError, StoreResult, derive};
use crate::model::{JournalEntry, Nip, PositionId, UnitId};

/// The nodes a committed change touched, kept beside its journal entry so that a change
/// prepared against an older journal can tell whether anything it relies on moved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touched {
    /// Units changed, units whose sub-units or positions changed, and the units of
    /// head positions changed (one head per unit is checked against them).
    pub units: std::collections::BTreeSet<UnitId>,
    /// Whether units were added, removed or moved: the shape of the tree, which every
    /// such change checks (no cycle, no tree too deep) as a whole.
    pub shape: bool,
    /// Positions changed, and positions whose holders, standard or tasks changed.
    pub positions: std::collections::BTreeSet<PositionId>,
    /// Employees changed.
    pub employees: std::collections::BTreeSet<Nip>,
    /// The codes of the units and positions changed, before and after (codes are
    /// unique: two changes taking one code must not both be written).
    pub codes: std::collections::BTreeSet<String>,
}

impl Touched {
    /// A node both touch, if any.
    pub fn shared_with(&self, other: &Touched) -> Option<TouchedNode> {
        (self.employees.intersection(&other.employees).next().map(|n| TouchedNode::Employee(*n)))
            .or_else(|| self.positions.intersection(&other.positions).next().map(|p| TouchedNode::Position(*p)))
            .or_else(|| self.units.intersection(&other.units).next().map(|u| TouchedNode::Unit(*u)))
            .or_else(|| self.codes.intersection(&other.codes).next().map(|c| TouchedNode::Code(c.clone())))
            .or_else(|| (self.shape && other.shape).then_some(TouchedNode::Shape))
    }
}

/// One node two changes both touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TouchedNode {
    /// The shape of the unit tree (both add, remove or move units).
    Shape,
    /// A unit.
    Unit(UnitId),
    /// A position.
    Position(PositionId),
    /// An employee.
    Employee(Nip),
    /// A code both use.
    Code(String),
}

/// Whether `change`, prepared against journal entry `against`, may be written now that
/// the journal is at `head`: the first later entry that touched one of its nodes, as
/// [`StoreError::Overlap`] (or [`StoreError::Conflict`] when an entry's nodes are not
/// known). `touched(seq)` reads what entry `seq` touched, `entry(seq)` the entry, and
/// `structure` the codes the nodes go by now; entries by `mine` (a user undoing their own change) do
/// not count. Shared by every backend, which calls it under its write lock, and by
/// undo.
pub fn check_overlap(
    change: &Touched,
    against: u64,
    head: u64,
    touched: impl Fn(u64) -> StoreResult<Option<Touched>>,
    entry: impl Fn(u64) -> StoreResult<Option<JournalEntry>>,
    structure: &dyn derive::Before,
    mine: Option<&str>,
) -> StoreResult<()> {
    if against > head {
        return Err(StoreError::Conflict { against, head });
    }
    for seq in against + 1..=head {
        let e = entry(seq)?;
        if mine.is_some() && e.as_ref().map(|e| e.stamp.user.as_str()) == mine {
            continue;
        }
        let Some(theirs) = touched(seq)? else { return Err(StoreError::Conflict { against, head }) };
        if let Some(node) = change.shared_with(&theirs) {
            let (user, when) = match e {
                Some(e) => (e.stamp.user.clone(), e.stamp.local_time()),
                None => (String::from("?"), String::from("?")),
            };
            let node = match node {
                TouchedNode::Shape => "the unit tree (units added, removed or moved)".to_string(),
                TouchedNode::Code(code) => code,
                TouchedNode::Employee(nip) => nip.to_string(),
                TouchedNode::Unit(id) => {
                    structure.unit(id).ok().flatten().map_or_else(|| format!("unit #{}", id.0), |u| u.code)
                }
                TouchedNode::Position(id) => {
                    structure.position(id).ok().flatten().map_or_else(|| format!("position #{}", id.0), |p| p.code)
                }
            };
            return Err(StoreError::Overlap { user, node, when, seq });
        }
    }
    Ok(())
}

/// What a commit of `entry` (touching `change`), made against journal entry `against`,
/// meets when the journal is at `head`: the entry itself when it was made already (a
/// commit sent again, see `already_made`), a refusal when a later entry touched the
/// same nodes ([`check_overlap`]), else nothing: write it. Every backend's commit asks
/// this under its write lock.
pub fn settle_against(
    entry: &JournalEntry,
    change: &Touched,
    against: u64,
    head: u64,
    touched_at: impl Fn(u64) -> StoreResult<Option<Touched>>,
    entry_at: impl Fn(u64) -> StoreResult<Option<JournalEntry>>,
    structure: &dyn derive::Before,
) -> StoreResult<Option<JournalEntry>> {
    if head == against {
        return Ok(None);
    }
    if let Some(made) = already_made(entry, against, head, &entry_at)? {
        return Ok(Some(made));
    }
    check_overlap(change, against, head, touched_at, &entry_at, structure, None)?;
    Ok(None)
}

/// The entry journalled after `against` that is `entry` itself: the same user's same
/// operations, origin and reason. A client whose connection broke before the answer
/// came sends its commit again (`RemoteStore` does, once); that commit is answered with
/// the entry already made, never made twice nor refused as overlapping its own.
fn already_made(
    entry: &JournalEntry,
    against: u64,
    head: u64,
    entry_at: impl Fn(u64) -> StoreResult<Option<JournalEntry>>,
) -> StoreResult<Option<JournalEntry>> {
    if entry.ops.is_empty() {
        return Ok(None);
    }
    for seq in (against + 1..=head).rev() {
        if let Some(made) = entry_at(seq)?
            && made.stamp.user == entry.stamp.user
            && made.ops == entry.ops
            && made.origin == entry.origin
            && made.reason == entry.reason
        {
            return Ok(Some(made));
        }
    }
    Ok(None)
}
