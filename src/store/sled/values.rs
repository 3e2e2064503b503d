//! The shapes stored as values, and their conversions to and from the model.

use serde::{Deserialize, Serialize};

use crate::model::{
    Assessment, Date, Education, Employee, EmploymentStatus, Eselon, Grade, Nip, Penalty, Position, PositionId,
    PositionSpec, Rating, Training, Unit, UnitId,
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
    /// Encodes as its six fields in place (bincode writes a nested struct's fields
    /// with no framing), so the stored shape is unchanged by the grouping.
    pub(super) spec: PositionSpec,
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
    PositionValue { code: p.code.clone(), unit: p.unit, name: p.name.clone(), spec: p.spec }
}

pub(super) fn position_from(id: PositionId, v: PositionValue) -> Position {
    Position { id, code: v.code, unit: v.unit, name: v.name, spec: v.spec }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PositionKind;
    use crate::store::codec::{decode, encode};

    /// Databases written before the position's kind, level, eselon, class, kebutuhan
    /// and head were grouped into one `PositionSpec` stored them as ten flat fields; the
    /// grouped value must encode to the same bytes and read those bytes back.
    #[test]
    fn a_stored_position_keeps_the_flat_shape_it_always_had() {
        #[derive(Serialize)]
        struct Flat {
            code: String,
            unit: UnitId,
            name: String,
            kind: PositionKind,
            level: Option<crate::model::Level>,
            eselon: Option<Eselon>,
            class: Option<u8>,
            needed: Option<u32>,
            head: bool,
        }
        let flat = Flat {
            code: "1276.3-J01".into(),
            unit: UnitId(7),
            name: "Analis Kebijakan".into(),
            kind: PositionKind::Fungsional,
            level: Some(crate::model::Level::AhliMuda),
            eselon: None,
            class: Some(9),
            needed: Some(2),
            head: false,
        };
        let position = Position {
            id: PositionId(3),
            code: flat.code.clone(),
            unit: flat.unit,
            name: flat.name.clone(),
            spec: PositionSpec {
                kind: flat.kind,
                level: flat.level,
                eselon: flat.eselon,
                class: flat.class,
                needed: flat.needed,
                head: flat.head,
            },
        };
        let bytes = encode(&flat);
        assert_eq!(encode(&position_value(&position)), bytes);
        let back: PositionValue = decode(&bytes, "position").unwrap();
        assert_eq!(position_from(PositionId(3), back), position);
    }
}
