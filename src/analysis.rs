//! Reading what the rules need from the store, for the command line and the interface
//! alike (one code path, so both show the same results). The rules themselves are pure.

use anyhow::Result;

use crate::model::{Position, UnitId};
use crate::rules::RuleSet;
use crate::rules::gaps::PositionInput;
use crate::rules::jpm::effective_standard;
use crate::store::Store;

/// The names of a unit's path from the root, joined with ›.
pub fn path_text(store: &dyn Store, unit: UnitId) -> Result<String> {
    Ok(store.unit_path(unit)?.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join(" › "))
}

/// A unit's head position and whoever holds it.
pub fn head_of(store: &dyn Store, unit: UnitId) -> Result<(Option<Position>, Option<crate::model::Employee>)> {
    let head = store.positions_of(unit)?.into_iter().find(|p| p.head);
    let holder = match &head {
        Some(p) => store.holders(p.id)?.into_iter().next(),
        None => None,
    };
    Ok((head, holder))
}

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

/// Every position of a unit's subtree, as [`position_input`] reads them, with all
/// holders' assessments read in one batch.
pub fn subtree_inputs(store: &dyn Store, unit: UnitId, rules: &RuleSet) -> Result<Vec<PositionInput>> {
    let people = people_under(store, &[unit])?;
    let mut by_position: std::collections::HashMap<
        crate::model::PositionId,
        Vec<(crate::model::Employee, Vec<crate::model::Assessment>)>,
    > = std::collections::HashMap::new();
    for p in people {
        if let Some(pos) = &p.position {
            by_position.entry(pos.id).or_default().push((p.profile.employee, p.profile.assessments));
        }
    }
    let mut out = Vec::new();
    let mut stack = vec![unit];
    while let Some(u) = stack.pop() {
        for position in store.positions_of(u)? {
            let standard = effective_standard(&store.standard(position.id)?, position.kind, position.level, rules);
            let holders = by_position.remove(&position.id).unwrap_or_default();
            out.push(PositionInput { position, standard, holders });
        }
        stack.extend(store.children(u)?.into_iter().rev().map(|c| c.id));
    }
    Ok(out)
}

/// An employee with what eligibility needs: their position and records.
pub struct CandidateData {
    /// The position they hold.
    pub position: Option<crate::model::Position>,
    /// Everything recorded about them.
    pub profile: crate::model::Profile,
}

/// Everyone holding a position in the subtrees of `roots` (an instansi, or all of them).
pub fn people_under(store: &dyn Store, roots: &[UnitId]) -> Result<Vec<CandidateData>> {
    // First the NIPs and their positions (id lists only), then every profile in one
    // batch read that decodes each bucket once.
    let mut held: Vec<(crate::model::Nip, usize)> = Vec::new();
    let mut positions = Vec::new();
    let mut stack: Vec<UnitId> = roots.to_vec();
    while let Some(u) = stack.pop() {
        for p in store.positions_of(u)? {
            for nip in store.holder_nips(p.id)? {
                held.push((nip, positions.len()));
            }
            positions.push(p);
        }
        stack.extend(store.children(u)?.into_iter().map(|c| c.id));
    }
    let position_of: std::collections::HashMap<crate::model::Nip, usize> = held.iter().copied().collect();
    let nips: Vec<crate::model::Nip> = held.iter().map(|(n, _)| *n).collect();
    Ok(store
        .profiles(&nips)?
        .into_iter()
        .map(|profile| CandidateData {
            position: position_of.get(&profile.employee.nip).map(|i| positions[*i].clone()),
            profile,
        })
        .collect())
}

/// Ranks the people of the target's instansi (or of every instansi) for `target`.
pub fn candidates(
    store: &dyn Store,
    target: &Position,
    everyone: bool,
    rules: &RuleSet,
    today: crate::model::Date,
) -> Result<Vec<crate::rules::ranking::Evaluated>> {
    let roots: Vec<UnitId> = if everyone {
        store.roots()?.into_iter().map(|u| u.id).collect()
    } else {
        store.unit_path(target.unit)?.first().map(|u| u.id).into_iter().collect()
    };
    let people = people_under(store, &roots)?;
    let candidates: Vec<crate::rules::eligibility::Candidate> = people
        .iter()
        .map(|p| crate::rules::eligibility::Candidate {
            employee: &p.profile.employee,
            position: p.position.as_ref(),
            ratings: &p.profile.ratings,
            penalties: &p.profile.penalties,
            assessments: &p.profile.assessments,
        })
        .collect();
    let standard = effective_standard(&store.standard(target.id)?, target.kind, target.level, rules);
    Ok(crate::rules::ranking::rank(target, &standard, &candidates, rules, today))
}
