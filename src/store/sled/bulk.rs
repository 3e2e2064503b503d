//! Writing a whole generation at once: every tree in key order, on two threads.

use std::collections::BTreeMap;

use super::SledStore;
use super::trees::Trees;
use super::values::*;
use crate::model::{Dataset, Employee, Headcount, Nip, Position, PositionId, Unit, UnitId, text};
use crate::store::codec::{encode, encode_bucket, encode_ids};
use crate::store::keys::{self, TokenOwner};
use crate::store::{StoreError, StoreResult};

impl SledStore {
    /// Writes values keyed by NIP into buckets; `values` must be sorted by NIP.
    fn put_buckets(tree: &sled::Tree, values: impl IntoIterator<Item = (u64, Vec<u8>)>) -> StoreResult<()> {
        let mut current: Option<[u8; 4]> = None;
        let mut entries: Vec<(u64, Vec<u8>)> = Vec::new();
        let flush = |key: [u8; 4], entries: &mut Vec<(u64, Vec<u8>)>| -> StoreResult<()> {
            tree.insert(key, encode_bucket(entries.iter().map(|(s, v)| (*s, v.as_slice()))))?;
            entries.clear();
            Ok(())
        };
        for (nip, value) in values {
            let key = keys::nip_bucket(nip);
            if current.is_some_and(|c| c != key) {
                flush(current.expect("checked"), &mut entries)?;
            }
            current = Some(key);
            entries.push((keys::nip_suffix(nip), value));
        }
        if let Some(key) = current {
            flush(key, &mut entries)?;
        }
        Ok(())
    }

    /// Writes every tree of generation `t` from `data`, each in key order (sled
    /// appends faster than it inserts at random), on two threads.
    pub(super) fn write_generation(t: &Trees, data: &Dataset) -> StoreResult<()> {
        fn put(tree: &sled::Tree, entries: impl IntoIterator<Item = (Vec<u8>, Vec<u8>)>) -> StoreResult<()> {
            for (k, v) in entries {
                tree.insert(k, v)?;
            }
            Ok(())
        }
        let people = || -> StoreResult<()> {
            let mut employees: Vec<&Employee> = data.employees.iter().collect();
            employees.sort_unstable_by_key(|e| e.nip);
            Self::put_buckets(&t.employees, employees.iter().map(|e| (e.nip.as_u64(), encode(&employee_value(e)))))?;
            let mut holders: BTreeMap<PositionId, Vec<u64>> = BTreeMap::new();
            for e in &employees {
                if let Some(p) = e.position {
                    holders.entry(p).or_default().push(e.nip.as_u64());
                }
            }
            put(&t.position_holders, holders.iter().map(|(p, nips)| (keys::position(*p).to_vec(), encode_ids(nips))))?;
            let mut children: BTreeMap<Option<UnitId>, Vec<u64>> = BTreeMap::new();
            let mut units: Vec<&Unit> = data.units.iter().collect();
            units.sort_unstable_by_key(|u| u.id);
            for u in &units {
                children.entry(u.parent).or_default().push(u.id.0 as u64);
            }
            put(&t.units, units.iter().map(|u| (keys::unit(u.id).to_vec(), encode(&unit_value(u)))))?;
            put(&t.unit_children, children.iter().map(|(p, ids)| (keys::children_of(*p).to_vec(), encode_ids(ids))))?;
            let mut codes: Vec<(&str, UnitId)> = units.iter().map(|u| (u.code.as_str(), u.id)).collect();
            codes.sort_unstable();
            put(&t.unit_code, codes.into_iter().map(|(c, id)| (c.as_bytes().to_vec(), keys::unit(id).to_vec())))?;
            let mut totals: Vec<(UnitId, Headcount)> = data.subtree_headcounts().into_iter().collect();
            totals.sort_unstable_by_key(|(u, _)| *u);
            put(&t.unit_totals, totals.iter().map(|(u, h)| (keys::unit(*u).to_vec(), encode(h))))
        };
        let rest = || -> StoreResult<()> {
            let mut nips: Vec<Nip> = data.ratings.keys().chain(data.assessments.keys()).copied().collect();
            nips.extend(data.penalties.keys().chain(data.trainings.keys()));
            nips.sort_unstable();
            nips.dedup();
            Self::put_buckets(
                &t.records,
                nips.into_iter().map(|nip| {
                    let records = RecordsRef {
                        ratings: data.ratings.get(&nip).map_or(&[], Vec::as_slice),
                        assessments: data.assessments.get(&nip).map_or(&[], Vec::as_slice),
                        penalties: data.penalties.get(&nip).map_or(&[], Vec::as_slice),
                        trainings: data.trainings.get(&nip).map_or(&[], Vec::as_slice),
                    };
                    (nip.as_u64(), encode(&records))
                }),
            )?;
            let mut positions: Vec<&Position> = data.positions.iter().collect();
            positions.sort_unstable_by_key(|p| p.id);
            put(&t.positions, positions.iter().map(|p| (keys::position(p.id).to_vec(), encode(&position_value(p)))))?;
            let mut of_unit: BTreeMap<UnitId, Vec<u64>> = BTreeMap::new();
            for p in &positions {
                of_unit.entry(p.unit).or_default().push(p.id.0 as u64);
            }
            put(&t.unit_positions, of_unit.iter().map(|(u, ids)| (keys::unit(*u).to_vec(), encode_ids(ids))))?;
            let mut codes: Vec<(&str, PositionId)> = positions.iter().map(|p| (p.code.as_str(), p.id)).collect();
            codes.sort_unstable();
            put(
                &t.position_code,
                codes.into_iter().map(|(c, id)| (c.as_bytes().to_vec(), keys::position(id).to_vec())),
            )?;
            put(&t.standards, data.standards.iter().map(|(p, list)| (keys::position(*p).to_vec(), encode(list))))?;
            let mut postings: BTreeMap<Vec<u8>, Vec<u64>> = BTreeMap::new();
            let mut post = |owner: TokenOwner, text: &str, extra: Option<String>, id: u64| {
                let mut tokens = text::tokens(text);
                if let Some(a) = extra.filter(|a| !tokens.contains(a)) {
                    tokens.push(a);
                }
                for tok in tokens {
                    postings.entry(keys::token(owner, &tok, owner.shard(id))).or_default().push(id);
                }
            };
            // Units and positions are also found by the acronym of their name (BKPSDM).
            for u in &data.units {
                post(TokenOwner::Unit, &format!("{} {}", u.name, u.code), text::acronym(&u.name), u.id.0 as u64);
            }
            for p in &positions {
                post(TokenOwner::Position, &format!("{} {}", p.name, p.code), text::acronym(&p.name), p.id.0 as u64);
            }
            for e in &data.employees {
                post(TokenOwner::Employee, &e.name, None, e.nip.as_u64());
            }
            put(
                &t.tokens,
                postings.into_iter().map(|(k, mut ids)| {
                    ids.sort_unstable();
                    (k, encode_ids(&ids))
                }),
            )
        };
        std::thread::scope(|s| {
            let people = s.spawn(people);
            let rest = rest();
            let people = people.join().unwrap_or_else(|_| Err(StoreError::Backend("writer thread panicked".into())));
            rest.and(people)
        })
    }
}
