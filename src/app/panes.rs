//! What the panes show: a unit's or a position's details, a profile, the rows a draft
//! removes. Read by the effect loop (`ui::reads`), held and drawn by the interface.

use super::tree::{NodeId, RowInfo};
use crate::model::{Date, Employee, Headcount, Position, PositionKind, Profile, StandardEntry, Unit, UnitId};

/// Rows an open draft removes, under the unit that held them (ghosts: shown marked,
/// so that the tree shows what the draft takes away).
pub type Ghosts = std::sync::Arc<std::collections::HashMap<UnitId, Vec<(NodeId, RowInfo)>>>;

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
    /// SIASN's id of the unit, if it has one.
    pub unor_id: Option<String>,
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
    /// Its field, as shown (`Kesehatan`), when it has one.
    pub field: Option<String>,
    /// Its job description (anjab), when it has one.
    pub anjab: Option<crate::model::JobDescription>,
    /// The job evaluation of the factor levels its anjab holds, when it holds any.
    pub evaluation: Option<crate::rules::evaluation::Evaluation>,
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
