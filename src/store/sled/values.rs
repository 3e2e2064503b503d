//! The shapes stored as values, and their conversions to and from the model.

use serde::{Deserialize, Serialize};

use crate::model::{
    Assessment, Date, Education, Employee, EmploymentStatus, Eselon, Grade, Level, Nip, Penalty, Position, PositionId,
    PositionKind, Rating, Training, Unit, UnitId,
};

/// An employee's records, as written (borrowed; encodes like [`RecordsValue`]).
#[derive(Serialize)]
pub(super) struct RecordsRef<'a> {
    pub(super) ratings: &'a [Rating],
    pub(super) assessments: &'a [Assessment],
    pub(super) penalties: &'a [Penalty],
    pub(super) trainings: &'a [Training],
}

/// An employee's records as stored in their bucket.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct RecordsValue {
    pub(super) ratings: Vec<Rating>,
    pub(super) assessments: Vec<Assessment>,
    pub(super) penalties: Vec<Penalty>,
    pub(super) trainings: Vec<Training>,
}

/// A unit as stored under its id.
#[derive(Serialize, Deserialize)]
pub(super) struct UnitValue {
    pub(super) code: String,
    pub(super) parent: Option<UnitId>,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) eselon: Option<Eselon>,
}

/// A position as stored under its id.
#[derive(Serialize, Deserialize)]
pub(super) struct PositionValue {
    pub(super) code: String,
    pub(super) unit: UnitId,
    pub(super) name: String,
    pub(super) kind: PositionKind,
    pub(super) level: Option<Level>,
    pub(super) eselon: Option<Eselon>,
    pub(super) class: Option<u8>,
    pub(super) needed: Option<u32>,
    pub(super) head: bool,
}

/// An employee as stored under the NIP (which the value therefore omits).
#[derive(Serialize, Deserialize)]
pub(super) struct EmployeeValue {
    pub(super) name: String,
    pub(super) status: EmploymentStatus,
    pub(super) grade: Option<Grade>,
    pub(super) grade_since: Option<Date>,
    pub(super) position: Option<PositionId>,
    pub(super) position_since: Option<Date>,
    pub(super) education: Option<Education>,
    pub(super) service_start_override: Option<Date>,
    pub(super) potential: Option<u8>,
}

pub(super) fn unit_value(u: &Unit) -> UnitValue {
    UnitValue { code: u.code.clone(), parent: u.parent, name: u.name.clone(), kind: u.kind.clone(), eselon: u.eselon }
}

pub(super) fn unit_from(id: UnitId, v: UnitValue) -> Unit {
    Unit { id, code: v.code, parent: v.parent, name: v.name, kind: v.kind, eselon: v.eselon }
}

pub(super) fn position_value(p: &Position) -> PositionValue {
    PositionValue {
        code: p.code.clone(),
        unit: p.unit,
        name: p.name.clone(),
        kind: p.kind,
        level: p.level,
        eselon: p.eselon,
        class: p.class,
        needed: p.needed,
        head: p.head,
    }
}

pub(super) fn position_from(id: PositionId, v: PositionValue) -> Position {
    Position {
        id,
        code: v.code,
        unit: v.unit,
        name: v.name,
        kind: v.kind,
        level: v.level,
        eselon: v.eselon,
        class: v.class,
        needed: v.needed,
        head: v.head,
    }
}

pub(super) fn employee_value(e: &Employee) -> EmployeeValue {
    EmployeeValue {
        name: e.name.clone(),
        status: e.status,
        grade: e.grade,
        grade_since: e.grade_since,
        position: e.position,
        position_since: e.position_since,
        education: e.education,
        service_start_override: e.service_start_override,
        potential: e.potential,
    }
}

pub(super) fn employee_from(nip: Nip, v: EmployeeValue) -> Employee {
    Employee {
        nip,
        name: v.name,
        status: v.status,
        grade: v.grade,
        grade_since: v.grade_since,
        position: v.position,
        position_since: v.position_since,
        education: v.education,
        service_start_override: v.service_start_override,
        potential: v.potential,
    }
}

/// A review as schema 5 stored it: marks without `displaced_by`. Read only by the
/// schema 5 → 6 migration, which writes each back in the current shape.
#[derive(Deserialize)]
pub(super) struct ReviewV5 {
    position: String,
    marks: Vec<MarkV5>,
    history: Vec<ChangeV5>,
}

#[derive(Deserialize)]
struct MarkV5 {
    nip: Nip,
    decision: Option<crate::model::Decision>,
    note: Option<String>,
    stamp: crate::model::Stamp,
}

#[derive(Deserialize)]
struct ChangeV5 {
    before: Vec<(Nip, Option<MarkV5>)>,
}

/// The current shape of a review, field for field as `model::Review` encodes (its
/// fields are private to the model; the codec is positional, so the layout is what counts).
#[derive(Serialize)]
pub(super) struct ReviewV6 {
    position: String,
    marks: Vec<crate::model::Mark>,
    history: Vec<ChangeV6>,
}

#[derive(Serialize)]
struct ChangeV6 {
    before: Vec<(Nip, Option<crate::model::Mark>)>,
}

impl From<MarkV5> for crate::model::Mark {
    fn from(m: MarkV5) -> Self {
        crate::model::Mark { nip: m.nip, decision: m.decision, note: m.note, stamp: m.stamp, displaced_by: None }
    }
}

impl From<ReviewV5> for ReviewV6 {
    fn from(r: ReviewV5) -> Self {
        ReviewV6 {
            position: r.position,
            marks: r.marks.into_iter().map(Into::into).collect(),
            history: r
                .history
                .into_iter()
                .map(|c| ChangeV6 { before: c.before.into_iter().map(|(n, m)| (n, m.map(Into::into))).collect() })
                .collect(),
        }
    }
}
