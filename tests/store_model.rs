//! The store against a model: random datasets are written, the store is closed and
//! reopened at random, and every read is compared with plain `BTreeMap`s built from
//! the last dataset written (in the manner of sled's own model tests).

use std::collections::BTreeMap;

use jabat::model::{
    Assessment, Competency, Dataset, Date, Employee, EmploymentStatus, Grade, Level, Nip, Position, PositionId,
    PositionKind, PositionSpec, Rating, RatingLevel, Unit, UnitId,
};
use jabat::store::{HitTarget, KindFilter, SledStore, Store};
use proptest::prelude::*;

const NAMES: [&str; 6] = ["Budi Siregar", "Siti Nasution", "Rina Lubis", "Dedi Tarigan", "Ayu Ginting", "Budi Santoso"];

fn dataset() -> impl Strategy<Value = Dataset> {
    let units = proptest::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..10);
    let positions = proptest::collection::vec((any::<prop::sample::Index>(), 0..5u8, 0..4u32, any::<bool>()), 0..14);
    let people = proptest::collection::vec(
        (
            1960..2000i32,
            1..13u32,
            1..29u32,
            1..3u64,
            1..999u64,
            0..NAMES.len(),
            any::<Option<prop::sample::Index>>(),
            0..4u8,
        ),
        0..24,
    );
    (units, positions, people).prop_map(|(units, positions, people)| {
        let mut data = Dataset::default();
        for (i, (root, parent)) in units.iter().enumerate() {
            // Sparse ids, as after edits; parents always earlier, so no cycles.
            let id = UnitId(i as u32 * 3 + 1);
            let parent = if *root || i == 0 { None } else { Some(UnitId(parent.index(i) as u32 * 3 + 1)) };
            data.units.push(Unit {
                id,
                code: format!("U{i}"),
                parent,
                name: format!("Unit Bidang {i}"),
                kind: "bidang".into(),
                eselon: None,
            });
        }
        for (i, (unit, kind, needed, head)) in positions.iter().enumerate() {
            let kind = PositionKind::ALL[*kind as usize];
            let level = match kind {
                PositionKind::Jpt => Some(Level::Pratama),
                PositionKind::Fungsional => Some(Level::AhliMuda),
                _ => None,
            };
            data.positions.push(Position {
                id: PositionId(i as u32 + 1),
                code: format!("P{i}"),
                unit: data.units[unit.index(data.units.len())].id,
                name: format!("Analis Jabatan {i}"),
                spec: PositionSpec { kind, level, eselon: None, class: Some(8), needed: Some(*needed), head: *head },
            });
        }
        for (year, month, day, sex, seq, name, position, records) in people {
            let n = format!("{year:04}{month:02}{day:02}{:04}{:02}{sex}{seq:03}", year + 22, month);
            let nip = Nip::parse(&n).expect("valid NIP");
            if data.employees.iter().any(|e| e.nip == nip) {
                continue;
            }
            let position = position
                .filter(|_| !data.positions.is_empty())
                .map(|p| data.positions[p.index(data.positions.len())].id);
            data.employees.push(Employee {
                nip,
                name: NAMES[name].into(),
                status: EmploymentStatus::Pns,
                grade: Some(Grade::Pns(32)),
                grade_since: Date::from_ymd(2020, 4, 1),
                position,
                position_since: None,
                education: None,
                service_start_override: None,
                potential: Some(records * 20),
            });
            if records > 0 {
                data.ratings.insert(
                    nip,
                    (0..records).map(|k| Rating { year: 2020 + k as u16, rating: RatingLevel::Baik }).collect(),
                );
            }
            if records > 1 {
                data.assessments.insert(
                    nip,
                    vec![Assessment { competency: Competency::Integritas, level: records, assessed_on: None }],
                );
            }
        }
        data
    })
}

#[derive(Clone, Debug)]
enum Op {
    Replace(Box<Dataset>),
    Reopen,
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![3 => dataset().prop_map(|d| Op::Replace(Box::new(d))), 1 => Just(Op::Reopen)],
        1..6,
    )
}

/// The model: plain maps from the last dataset written.
struct Model {
    units: BTreeMap<UnitId, Unit>,
    positions: BTreeMap<PositionId, Position>,
    employees: BTreeMap<Nip, Employee>,
    data: Dataset,
}

impl Model {
    fn of(data: &Dataset) -> Model {
        Model {
            units: data.units.iter().map(|u| (u.id, u.clone())).collect(),
            positions: data.positions.iter().map(|p| (p.id, p.clone())).collect(),
            employees: data.employees.iter().map(|e| (e.nip, e.clone())).collect(),
            data: data.clone(),
        }
    }

    /// Whether `unit` is `ancestor` or below it.
    fn is_under(&self, unit: UnitId, ancestor: UnitId) -> bool {
        let mut at = Some(unit);
        while let Some(u) = at {
            if u == ancestor {
                return true;
            }
            at = self.units[&u].parent;
        }
        false
    }

    fn subtree(&self, id: UnitId) -> (u64, u64) {
        let own = self.positions.values().filter(|p| p.unit == id).fold((0, 0), |acc, p| {
            let filled = self.employees.values().filter(|e| e.position == Some(p.id)).count() as u64;
            (acc.0 + u64::from(p.spec.needed.unwrap_or(0)), acc.1 + filled)
        });
        self.units.values().filter(|u| u.parent == Some(id)).fold(own, |acc, c| {
            let (n, f) = self.subtree(c.id);
            (acc.0 + n, acc.1 + f)
        })
    }
}

fn check(store: &SledStore, m: &Model) {
    let roots: Vec<UnitId> = m.units.values().filter(|u| u.parent.is_none()).map(|u| u.id).collect();
    assert_eq!(store.roots().unwrap().iter().map(|u| u.id).collect::<Vec<_>>(), roots);
    for u in m.units.values() {
        assert_eq!(store.unit(u.id).unwrap().as_ref(), Some(u));
        assert_eq!(store.unit_by_code(&u.code).unwrap().as_ref(), Some(u));
        let kids: Vec<&Unit> = m.units.values().filter(|c| c.parent == Some(u.id)).collect();
        assert_eq!(store.children(u.id).unwrap().iter().collect::<Vec<_>>(), kids);
        assert_eq!(store.child_count(u.id).unwrap(), kids.len());
        let ps: Vec<&Position> = m.positions.values().filter(|p| p.unit == u.id).collect();
        assert_eq!(store.positions_of(u.id).unwrap().iter().collect::<Vec<_>>(), ps);
        let h = store.subtree_headcount(u.id).unwrap();
        assert_eq!((h.needed, h.filled), m.subtree(u.id));
        // The people read for a unit cover everyone holding a position in its subtree,
        // with their records; for an instansi, exactly those.
        let batches = store.people(&[u.id]).unwrap();
        let people: Vec<jabat::model::Person> = batches.iter().flat_map(|b| b.iter()).collect();
        let held: Vec<&Employee> = m
            .employees
            .values()
            .filter(|e| e.position.is_some_and(|p| m.is_under(m.positions[&p].unit, u.id)))
            .collect();
        for e in &held {
            let p = people.iter().find(|p| p.facts.nip == e.nip).expect("holder among the people");
            assert_eq!(p.name, e.name);
            assert_eq!(p.facts.grade, e.grade);
            assert_eq!(p.ratings, m.data.ratings.get(&e.nip).map_or(&[][..], Vec::as_slice));
            assert_eq!(p.penalties, m.data.penalties.get(&e.nip).map_or(&[][..], Vec::as_slice));
            let assessed = m.data.assessments.get(&e.nip).map_or(&[][..], Vec::as_slice);
            for a in assessed {
                assert_eq!(p.levels.get(&a.competency), jabat::model::latest_level(assessed, &a.competency));
            }
            assert_eq!(
                p.levels.iter().count(),
                assessed.iter().map(|a| &a.competency).collect::<std::collections::BTreeSet<_>>().len()
            );
        }
        if u.parent.is_none() {
            assert_eq!(people.len(), held.len());
        }
    }
    for p in m.positions.values() {
        assert_eq!(store.position_by_code(&p.code).unwrap().as_ref(), Some(p));
        let holders: Vec<&Employee> = m.employees.values().filter(|e| e.position == Some(p.id)).collect();
        assert_eq!(store.holders(p.id).unwrap().iter().collect::<Vec<_>>(), holders);
        assert_eq!(store.holder_count(p.id).unwrap(), holders.len() as u64);
    }
    for e in m.employees.values() {
        assert_eq!(store.employee(e.nip).unwrap().as_ref(), Some(e));
        let profile = store.profile(e.nip).unwrap().unwrap();
        assert_eq!(profile.ratings, m.data.ratings.get(&e.nip).cloned().unwrap_or_default());
        assert_eq!(profile.assessments, m.data.assessments.get(&e.nip).cloned().unwrap_or_default());
        let hits = store.search(&e.nip.to_string(), KindFilter::ALL, 5).unwrap();
        assert!(matches!(&hits[0].target, HitTarget::Employee(x) if x.nip == e.nip));
        let surname = e.name.split(' ').next_back().unwrap();
        let hits = store.search(surname, KindFilter { employees: true, ..Default::default() }, 1000).unwrap();
        assert!(hits.iter().any(|h| matches!(&h.target, HitTarget::Employee(x) if x.nip == e.nip)));
    }
    let absent = Nip::parse("199912312025121999").unwrap();
    assert_eq!(store.employee(absent).unwrap(), None);
    let mut loaded = store.load_dataset().unwrap();
    loaded.units.sort_by_key(|u| u.id);
    loaded.positions.sort_by_key(|p| p.id);
    let mut want = m.data.clone();
    want.units.sort_by_key(|u| u.id);
    want.positions.sort_by_key(|p| p.id);
    want.employees.sort_by_key(|e| e.nip);
    assert_eq!(loaded, want);
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.units, stats.positions, stats.employees),
        (m.units.len() as u64, m.positions.len() as u64, m.employees.len() as u64)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn store_matches_the_model_across_reopen(ops in ops()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SledStore::open(dir.path()).unwrap();
        let mut model = Model::of(&Dataset::default());
        for op in ops {
            match op {
                Op::Replace(data) => {
                    store.replace_dataset(&data).unwrap();
                    model = Model::of(&data);
                }
                Op::Reopen => {
                    drop(store);
                    store = SledStore::open(dir.path()).unwrap();
                }
            }
            check(&store, &model);
        }
        drop(store);
        let store = SledStore::open(dir.path()).unwrap();
        check(&store, &model);
    }
}
