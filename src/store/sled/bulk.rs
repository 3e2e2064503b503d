//! Writing a whole generation at once: every tree in key order, on two threads.

use std::collections::BTreeMap;

use super::SledStore;
use super::trees::Trees;
use super::values::*;
use crate::model::{Dataset, Employee, Headcount, Nip, Position, PositionId, Unit, UnitId};
use crate::store::derive::{self, PEOPLE_PER_CHUNK};

use crate::store::codec::{encode, encode_ids};
use crate::store::keys;
use crate::store::{StoreError, StoreResult};

impl SledStore {
    /// Writes every tree of generation `t` from `data`, each in key order (sled
    /// appends faster than it inserts at random), on two threads.
    pub(super) fn write_generation(t: &Trees, data: &Dataset) -> StoreResult<()> {
        fn put(tree: &sled::Tree, entries: impl IntoIterator<Item = (Vec<u8>, Vec<u8>)>) -> StoreResult<()> {
            for (k, v) in entries {
                tree.insert(k, v)?;
            }
            Ok(())
        }
        let id = |x: u32| u64::from(x);
        let people = || -> StoreResult<()> {
            let mut employees: Vec<&Employee> = data.employees.iter().collect();
            employees.sort_unstable_by_key(|e| e.nip);
            t.employees.put_sorted(employees.iter().map(|e| (e.nip.as_u64(), encode(&employee_value(e)))))?;
            let mut holders: BTreeMap<PositionId, Vec<u64>> = BTreeMap::new();
            for e in &employees {
                if let Some(p) = e.position {
                    holders.entry(p).or_default().push(e.nip.as_u64());
                }
            }
            t.position_holders.put_sorted(holders.iter().map(|(p, nips)| (id(p.0), encode_ids(nips))))?;
            put(
                &t.unplaced,
                employees
                    .iter()
                    .filter(|e| e.position.is_none())
                    .map(|e| (e.nip.as_u64().to_be_bytes().to_vec(), Vec::new())),
            )?;
            let mut children: BTreeMap<Option<UnitId>, Vec<u64>> = BTreeMap::new();
            let mut units: Vec<&Unit> = data.units.iter().collect();
            units.sort_unstable_by_key(|u| u.id);
            for u in &units {
                children.entry(u.parent).or_default().push(u.id.0 as u64);
            }
            t.units.put_sorted(units.iter().map(|u| (id(u.id.0), encode(&unit_value(u)))))?;
            // The roots are listed under 0, which no unit has as its id.
            t.unit_children.put_sorted(children.iter().map(|(p, ids)| (p.map_or(0, |p| id(p.0)), encode_ids(ids))))?;
            t.unit_code.put_all(units.iter().map(|u| (u.code.as_str(), id(u.id.0))))?;
            Self::write_totals(t, data)?;
            Self::write_people(t, data)
        };
        let rest = || -> StoreResult<()> {
            let mut nips: Vec<Nip> = data.ratings.keys().chain(data.assessments.keys()).copied().collect();
            nips.extend(data.penalties.keys().chain(data.trainings.keys()));
            nips.sort_unstable();
            nips.dedup();
            t.records.put_sorted(nips.into_iter().map(|nip| {
                let records = RecordsRef {
                    ratings: data.ratings.get(&nip).map_or(&[], Vec::as_slice),
                    assessments: data.assessments.get(&nip).map_or(&[], Vec::as_slice),
                    penalties: data.penalties.get(&nip).map_or(&[], Vec::as_slice),
                    trainings: data.trainings.get(&nip).map_or(&[], Vec::as_slice),
                };
                (nip.as_u64(), encode(&records))
            }))?;
            t.grades.put_sorted(data.grade_history.iter().map(|(nip, list)| (nip.as_u64(), encode(list))))?;
            t.posts.put_sorted(data.position_history.iter().map(|(nip, list)| (nip.as_u64(), encode(list))))?;
            t.credits.put_sorted(data.credit_points.iter().map(|(nip, list)| (nip.as_u64(), encode(list))))?;
            put(
                &t.unor,
                data.unor_ids.iter().map(|(code, unor)| (code.as_bytes().to_vec(), unor.as_bytes().to_vec())),
            )?;
            t.held.put_all(data.position_history.iter().flat_map(|(nip, list)| {
                list.iter().filter_map(|p| p.position_code.as_deref().map(|code| (code, nip.as_u64())))
            }))?;
            let mut positions: Vec<&Position> = data.positions.iter().collect();
            positions.sort_unstable_by_key(|p| p.id);
            t.positions.put_sorted(positions.iter().map(|p| (id(p.id.0), encode(&position_value(p)))))?;
            let mut of_unit: BTreeMap<UnitId, Vec<u64>> = BTreeMap::new();
            for p in &positions {
                of_unit.entry(p.unit).or_default().push(p.id.0 as u64);
            }
            t.unit_positions.put_sorted(of_unit.iter().map(|(u, ids)| (id(u.0), encode_ids(ids))))?;
            t.position_code.put_all(positions.iter().map(|p| (p.code.as_str(), id(p.id.0))))?;
            t.standards.put_sorted(data.standards.iter().map(|(p, list)| (id(p.0), encode(list))))?;
            t.tasks.put_sorted(data.tasks.iter().map(|(p, list)| (id(p.0), encode(list))))?;
            t.anjab.put_sorted(data.anjab.iter().map(|(p, a)| (id(p.0), encode(a))))?;
            // The same tokens an edit derives (`store::derive`), each id under its shard.
            let postings = keys::shard_postings(derive::tokens_of(data));
            put(&t.tokens, postings.into_iter().map(|(k, ids)| (k, encode_ids(&ids))))
        };
        std::thread::scope(|s| {
            let people = s.spawn(people);
            let rest = rest();
            let people = people.join().unwrap_or_else(|_| Err(StoreError::Backend("writer thread panicked".into())));
            rest.and(people)
        })
    }

    /// Writes every unit's totals over its subtree (see `Trees::unit_totals`), replacing
    /// whatever the tree held.
    pub(super) fn write_totals(t: &Trees, data: &Dataset) -> StoreResult<()> {
        t.unit_totals.tree.clear()?;
        let mut totals: Vec<(UnitId, Headcount)> = data.subtree_headcounts().into_iter().collect();
        totals.sort_unstable_by_key(|(u, _)| *u);
        t.unit_totals.put_sorted(totals.iter().map(|(u, h)| (u64::from(u.0), encode(h))))
    }

    /// Writes the people of every instansi branch in chunks (see `Trees::people`), replacing
    /// whatever the tree held.
    pub(super) fn write_people(t: &Trees, data: &Dataset) -> StoreResult<()> {
        t.people.clear()?;
        for ((root, branch), batches) in data.people_by_branch(PEOPLE_PER_CHUNK) {
            if batches.len() > usize::from(u16::MAX) {
                return Err(StoreError::Backend(format!("unit {} has too many people to store", branch.0)));
            }
            for (number, people) in batches.iter().enumerate() {
                t.people.insert(keys::people(root.0, branch.0, number as u16), encode(people))?;
            }
        }
        Ok(())
    }
}
