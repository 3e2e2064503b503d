//! The store as the tree's and the panes' source of data (reads only: the interface
//! never writes to the store).

use anyhow::Result;

use super::tree::{HeadInfo, NodeId, RowInfo, TreeSource};
use crate::model::{Date, Employee, Headcount, Position, PositionKind, Profile, StandardEntry, Unit, UnitId};
use crate::queries::path_text;
use crate::rules::RetirementAges;
use crate::store::Store;

/// Rows an open draft removes, under the unit that held them (ghosts: shown marked,
/// so that the tree shows what the draft takes away).
pub type Ghosts = std::sync::Arc<std::collections::HashMap<UnitId, Vec<(NodeId, RowInfo)>>>;

/// Reads the tree's rows from a store (with an open draft's ghosts).
pub struct StoreSource<'a>(pub &'a dyn Store, pub Ghosts);

impl<'a> StoreSource<'a> {
    /// The rows of a store, with no ghosts.
    pub fn new(store: &'a dyn Store) -> StoreSource<'a> {
        StoreSource(store, Ghosts::default())
    }

    fn unit_row(&self, unit: &Unit) -> Result<(NodeId, RowInfo)> {
        let store = self.0;
        let positions = store.positions_of(unit.id)?;
        let head = match positions.iter().find(|p| p.head) {
            Some(p) => match store.holders(p.id)?.into_iter().next() {
                Some(e) => HeadInfo::Held(e.name),
                None => HeadInfo::Vacant,
            },
            None => HeadInfo::NoHeadPosition,
        };
        let expandable = !positions.is_empty() || store.child_count(unit.id)? > 0;
        Ok((
            NodeId::Unit(unit.id),
            RowInfo::Unit {
                code: unit.code.clone(),
                name: unit.name.clone(),
                head,
                totals: store.subtree_headcount(unit.id)?,
                expandable,
            },
        ))
    }

    fn position_row(&self, p: &Position) -> Result<(NodeId, RowInfo)> {
        Ok((
            NodeId::Position(p.id),
            RowInfo::Position { position: Box::new(p.clone()), filled: self.0.holder_count(p.id)? },
        ))
    }
}

impl TreeSource for StoreSource<'_> {
    fn roots(&self) -> Result<Vec<(NodeId, RowInfo)>> {
        self.0.roots()?.iter().map(|u| self.unit_row(u)).collect()
    }

    fn children(&self, unit: UnitId) -> Result<Vec<(NodeId, RowInfo)>> {
        let mut rows: Vec<(NodeId, RowInfo)> =
            self.0.children(unit)?.iter().map(|u| self.unit_row(u)).collect::<Result<_>>()?;
        for p in self.0.positions_of(unit)? {
            rows.push(self.position_row(&p)?);
        }
        if let Some(ghosts) = self.1.get(&unit) {
            rows.extend(ghosts.iter().cloned());
        }
        Ok(rows)
    }

    fn ancestors(&self, node: NodeId) -> Result<Vec<UnitId>> {
        let holder = match node {
            NodeId::Unit(u) => self.0.unit(u)?.and_then(|u| u.parent),
            NodeId::Position(p) => self.0.position(p)?.map(|p| p.unit),
        };
        Ok(match holder {
            Some(u) => self.0.unit_path(u)?.into_iter().map(|u| u.id).collect(),
            None => Vec::new(),
        })
    }
}

/// What the details pane shows for a unit.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDetails {
    /// The unit.
    pub unit: Unit,
    /// Its path from the root, names joined.
    pub path: String,
    /// Its head position and holder.
    pub head: Option<(Position, Option<Employee>)>,
    /// Kebutuhan and bezetting over the subtree.
    pub totals: Headcount,
    /// Number of direct sub-units.
    pub sub_units: usize,
    /// Its own positions by kind: (kind, positions, filled, needed).
    pub by_kind: Vec<(PositionKind, u64, u64, u64)>,
    /// Its own positions with fewer holders than needed: (position, filled).
    pub vacancies: Vec<(Position, u64)>,
}

/// What the details pane shows for a position.
#[derive(Clone, Debug, PartialEq)]
pub struct PositionDetails {
    /// The position.
    pub position: Position,
    /// The path of its unit.
    pub path: String,
    /// The competency standard in force: its stored one, else the rule defaults.
    pub standard: Vec<StandardEntry>,
    /// Where that standard comes from.
    pub standard_source: crate::rules::jpm::StandardSource,
    /// Who holds it.
    pub holders: Vec<Employee>,
    /// Its workload tasks (ABK), when imported.
    pub tasks: Vec<crate::model::Task>,
}

/// An employee's profile as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileView {
    /// Everything recorded.
    pub profile: Profile,
    /// The position held.
    pub position: Option<Position>,
    /// The path of its unit.
    pub path: String,
    /// Retirement date (domain.md §4).
    pub retires: Date,
}

/// Reads what the details pane shows for a unit.
pub fn unit_details(store: &dyn Store, unit: Unit) -> Result<UnitDetails> {
    let positions = store.positions_of(unit.id)?;
    let mut by_kind: Vec<(PositionKind, u64, u64, u64)> = Vec::new();
    let mut vacancies = Vec::new();
    let mut head = None;
    for p in positions {
        let filled = store.holder_count(p.id)?;
        let needed = u64::from(p.needed.unwrap_or(0));
        match by_kind.iter_mut().find(|k| k.0 == p.kind) {
            Some(k) => {
                k.1 += 1;
                k.2 += filled;
                k.3 += needed;
            }
            None => by_kind.push((p.kind, 1, filled, needed)),
        }
        if p.head {
            let holder = store.holders(p.id)?.into_iter().next();
            head = Some((p.clone(), holder));
        }
        if filled < needed {
            vacancies.push((p, filled));
        }
    }
    by_kind.sort_by_key(|k| k.0);
    Ok(UnitDetails {
        path: path_text(store, unit.id)?,
        totals: store.subtree_headcount(unit.id)?,
        sub_units: store.child_count(unit.id)?,
        unit,
        head,
        by_kind,
        vacancies,
    })
}

/// Reads what the details pane shows for a position.
pub fn position_details(
    store: &dyn Store,
    position: Position,
    rules: &crate::rules::RuleSet,
) -> Result<PositionDetails> {
    let (standard, standard_source) =
        crate::rules::jpm::standard_in_force(&store.standard(position.id)?, position.kind, position.level, rules);
    Ok(PositionDetails {
        path: path_text(store, position.unit)?,
        standard,
        standard_source,
        holders: store.holders(position.id)?,
        tasks: store.tasks(position.id)?,
        position,
    })
}

/// Reads an employee's profile.
pub fn profile_view(store: &dyn Store, nip: crate::model::Nip, ages: &RetirementAges) -> Result<Option<ProfileView>> {
    let Some(profile) = store.profile(nip)? else { return Ok(None) };
    let position = match profile.employee.position {
        Some(p) => store.position(p)?,
        None => None,
    };
    let path = match &position {
        Some(p) => path_text(store, p.unit)?,
        None => String::new(),
    };
    let retires = ages.date(
        profile.employee.birth_date(),
        position.as_ref().map(|p| p.kind),
        position.as_ref().and_then(|p| p.level),
    );
    Ok(Some(ProfileView { profile, position, path, retires }))
}

/// What the details pane shows for `node`, read from `shown`.
pub fn details(
    shown: &dyn Store,
    node: Option<super::tree::NodeId>,
    rules: &crate::rules::RuleSet,
) -> anyhow::Result<super::Details> {
    Ok(match node {
        Some(super::tree::NodeId::Unit(id)) => match shown.unit(id)? {
            Some(u) => super::Details::Unit(Box::new(unit_details(shown, u)?)),
            None => super::Details::Empty,
        },
        Some(super::tree::NodeId::Position(id)) => match shown.position(id)? {
            Some(p) => super::Details::Position(Box::new(position_details(shown, p, rules)?)),
            None => super::Details::Empty,
        },
        None => super::Details::Empty,
    })
}
