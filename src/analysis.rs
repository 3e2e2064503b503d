//! Reading what the rules need from the store, for the command line and the interface
//! alike (one code path, so both show the same results). The rules themselves are pure.

use anyhow::Result;

use crate::model::{Position, UnitId};
use crate::rules::RuleSet;
use crate::rules::gaps::PositionInput;
use crate::rules::jpm::effective_standard;
use crate::store::Store;

/// A position with its effective standard and its holders' assessments.
pub fn position_input(store: &dyn Store, position: Position, rules: &RuleSet) -> Result<PositionInput> {
    let standard = effective_standard(&store.standard(position.id)?, position.kind, position.level, rules);
    let mut holders = Vec::new();
    for e in store.holders(position.id)? {
        let assessments = store.profile(e.nip)?.map(|p| p.assessments).unwrap_or_default();
        holders.push((e, assessments));
    }
    Ok(PositionInput { position, standard, holders })
}

/// Every position of a unit's subtree, as [`position_input`] reads them.
pub fn subtree_inputs(store: &dyn Store, unit: UnitId, rules: &RuleSet) -> Result<Vec<PositionInput>> {
    let mut out = Vec::new();
    let mut stack = vec![unit];
    while let Some(u) = stack.pop() {
        for p in store.positions_of(u)? {
            out.push(position_input(store, p, rules)?);
        }
        stack.extend(store.children(u)?.into_iter().rev().map(|c| c.id));
    }
    Ok(out)
}
