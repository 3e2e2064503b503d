//! What a merge would change about the people (a reconciliation, read before the
//! month's SIASN export is committed): who is new, who is gone (from a complete export),
//! who moved to another unit or post, whose grade, TMT, status, education or name is
//! new. Pure: the content before and after the merge in, the changes out.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{Dataset, Employee, Nip, PositionId, UnitId};

/// What changed about a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Not in the database before.
    New,
    /// In the database, not in a complete export.
    Gone,
    /// To a post of another unit (or from or to the holding list).
    Moved,
    /// To another post of the same unit.
    Post,
    /// Another grade.
    Grade,
    /// Another TMT golongan.
    GradeSince,
    /// Another TMT jabatan.
    PositionSince,
    /// PNS ↔ PPPK.
    Status,
    /// Another education.
    Education,
    /// Another name (titles too).
    Name,
}

impl ChangeKind {
    /// Every kind, in report order.
    pub const ALL: [ChangeKind; 10] = [
        ChangeKind::New,
        ChangeKind::Gone,
        ChangeKind::Moved,
        ChangeKind::Post,
        ChangeKind::Grade,
        ChangeKind::GradeSince,
        ChangeKind::PositionSince,
        ChangeKind::Status,
        ChangeKind::Education,
        ChangeKind::Name,
    ];

    /// Its stable key.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Gone => "gone",
            ChangeKind::Moved => "moved",
            ChangeKind::Post => "post",
            ChangeKind::Grade => "grade",
            ChangeKind::GradeSince => "grade_since",
            ChangeKind::PositionSince => "position_since",
            ChangeKind::Status => "status",
            ChangeKind::Education => "education",
            ChangeKind::Name => "name",
        }
    }
}

/// One change about one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonChange {
    /// Who.
    pub nip: Nip,
    /// Their name (after, or before when gone).
    pub name: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The unit it is counted under: of their post after (before, when gone or moved to
    /// the holding list); none for the holding list.
    pub unit: Option<UnitId>,
    /// The value before (empty for a new person).
    pub before: String,
    /// The value after (empty for one gone).
    pub after: String,
}

/// The changes, person by person in NIP order, with counts of people per unit and in
/// all, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Every change.
    pub changes: Vec<PersonChange>,
    /// People with a change of each kind, per unit (none: the holding list).
    pub by_unit: BTreeMap<Option<UnitId>, BTreeMap<ChangeKind, u64>>,
    /// People with a change of each kind, in all.
    pub total: BTreeMap<ChangeKind, u64>,
}

/// What merging made of `before`: `after` is the content the merge gives, `given` the
/// NIPs the input brought; with `complete`, who is in `before` and not in `given` is gone.
pub fn reconcile(before: &Dataset, after: &Dataset, given: &HashSet<Nip>, complete: bool) -> Reconciliation {
    // Posts by id, once: a change names its post before and after, and its unit.
    type Posts<'d> = HashMap<PositionId, &'d crate::model::Position>;
    fn posts(data: &Dataset) -> Posts<'_> {
        data.positions.iter().map(|p| (p.id, p)).collect()
    }
    let (posts_before, posts_after) = (posts(before), posts(after));
    let post_text = |posts: &Posts<'_>, id: Option<PositionId>| -> String {
        id.and_then(|id| posts.get(&id)).map_or_else(String::new, |p| format!("{} {}", p.code, p.name))
    };
    let unit_in = |posts: &Posts<'_>, id: Option<PositionId>| id.and_then(|id| posts.get(&id)).map(|p| p.unit);
    let was: HashMap<Nip, &Employee> = before.employees.iter().map(|e| (e.nip, e)).collect();
    let mut changes = Vec::new();
    let text = |v: Option<String>| v.unwrap_or_default();
    for e in &after.employees {
        let unit = unit_in(&posts_after, e.position);
        let mut change = |kind, before: String, after: String, unit: Option<UnitId>| {
            changes.push(PersonChange { nip: e.nip, name: e.name.clone(), kind, unit, before, after });
        };
        let Some(old) = was.get(&e.nip) else {
            change(ChangeKind::New, String::new(), post_text(&posts_after, e.position), unit);
            continue;
        };
        if old.position != e.position {
            let old_unit = unit_in(&posts_before, old.position);
            let kind = if old_unit == unit { ChangeKind::Post } else { ChangeKind::Moved };
            change(
                kind,
                post_text(&posts_before, old.position),
                post_text(&posts_after, e.position),
                unit.or(old_unit),
            );
        }
        let pairs = [
            (ChangeKind::Grade, old.grade.map(|g| g.to_string()), e.grade.map(|g| g.to_string())),
            (ChangeKind::GradeSince, old.grade_since.map(|d| d.to_string()), e.grade_since.map(|d| d.to_string())),
            (
                ChangeKind::PositionSince,
                old.position_since.map(|d| d.to_string()),
                e.position_since.map(|d| d.to_string()),
            ),
            (ChangeKind::Status, Some(old.status.to_string()), Some(e.status.to_string())),
            (ChangeKind::Education, old.education.map(|x| x.to_string()), e.education.map(|x| x.to_string())),
            (ChangeKind::Name, Some(old.name.clone()), Some(e.name.clone())),
        ];
        for (kind, b, a) in pairs {
            if b != a {
                change(kind, text(b), text(a), unit);
            }
        }
    }
    if complete {
        for old in before.employees.iter().filter(|e| !given.contains(&e.nip)) {
            let unit = unit_in(&posts_before, old.position);
            changes.push(PersonChange {
                nip: old.nip,
                name: old.name.clone(),
                kind: ChangeKind::Gone,
                unit,
                before: post_text(&posts_before, old.position),
                after: String::new(),
            });
        }
    }
    changes.sort_by(|a, b| a.nip.cmp(&b.nip).then(a.kind.cmp(&b.kind)));
    let mut by_unit: BTreeMap<Option<UnitId>, BTreeMap<ChangeKind, u64>> = BTreeMap::new();
    let mut total: BTreeMap<ChangeKind, u64> = BTreeMap::new();
    for c in &changes {
        *by_unit.entry(c.unit).or_default().entry(c.kind).or_default() += 1;
        *total.entry(c.kind).or_default() += 1;
    }
    Reconciliation { changes, by_unit, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, EmploymentStatus, Grade, Position, PositionSpec, Unit};

    fn unit(id: u32) -> Unit {
        Unit {
            id: UnitId(id),
            code: format!("U{id}"),
            parent: None,
            name: format!("Unit {id}"),
            kind: String::new(),
            eselon: None,
        }
    }

    fn post(id: u32, unit: u32) -> Position {
        Position {
            id: PositionId(id),
            code: format!("P{id}"),
            unit: UnitId(unit),
            name: format!("Jabatan {id}"),
            spec: PositionSpec::pelaksana(Some(1)),
        }
    }

    fn person(nip: &str, post: Option<u32>, grade: &str) -> Employee {
        Employee {
            nip: Nip::parse(nip).unwrap(),
            name: format!("Orang {}", &nip[15..]),
            status: EmploymentStatus::Pns,
            grade: Some(Grade::parse(grade, EmploymentStatus::Pns).unwrap()),
            grade_since: None,
            position: post.map(PositionId),
            position_since: None,
            education: None,
            service_start_override: None,
            potential: None,
        }
    }

    #[test]
    fn each_kind_of_change_is_found_and_counted_per_unit() {
        let base = Dataset {
            units: vec![unit(1), unit(2)],
            positions: vec![post(1, 1), post(2, 1), post(3, 2)],
            employees: vec![
                person("198001012005011001", Some(1), "III/a"),
                person("198001012005011002", Some(1), "III/a"),
                person("198001012005011003", Some(2), "III/a"),
                person("198001012005011004", Some(3), "III/a"),
            ],
            ..Dataset::default()
        };
        let mut merged = base.clone();
        merged.employees[0].position = Some(PositionId(3)); // to unit 2
        merged.employees[1].position = Some(PositionId(2)); // another post of unit 1
        merged.employees[2].grade = Some(Grade::parse("III/b", EmploymentStatus::Pns).unwrap());
        merged.employees[2].grade_since = Some(Date::parse("2026-04-01").unwrap());
        merged.employees.push(person("199001012015011005", Some(3), "III/a"));
        let given: HashSet<Nip> = merged.employees[..3].iter().chain(&merged.employees[4..]).map(|e| e.nip).collect();
        let r = reconcile(&base, &merged, &given, true);
        let found: Vec<(&str, &str)> = r.changes.iter().map(|c| (&c.name[..], c.kind.key())).collect();
        assert_eq!(
            found,
            [
                ("Orang 001", "moved"),
                ("Orang 002", "post"),
                ("Orang 003", "grade"),
                ("Orang 003", "grade_since"),
                ("Orang 004", "gone"),
                ("Orang 005", "new"),
            ]
        );
        assert_eq!(r.changes[0].before, "P1 Jabatan 1");
        assert_eq!(r.changes[0].after, "P3 Jabatan 3");
        assert_eq!(r.by_unit[&Some(UnitId(2))][&ChangeKind::Moved], 1);
        assert_eq!(r.by_unit[&Some(UnitId(2))][&ChangeKind::Gone], 1);
        assert_eq!(r.total.values().sum::<u64>(), 6);
        // Without --complete nobody is gone.
        assert!(reconcile(&base, &merged, &given, false).changes.iter().all(|c| c.kind != ChangeKind::Gone));
    }
}
