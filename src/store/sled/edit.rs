//! Committing a structural change. The change (every touched unit, position and
//! employee before and after, and the lists that change with them) becomes raw writes
//! to each tree it concerns: the entities and their lists, the code and search
//! indexes, the subtree totals of every unit above a touched one, the people of every
//! branch a touched person leaves or joins, the counts, the journal and the undo state.
//!
//! Atomicity: all writes are first stored as one redo record and flushed; then they are
//! applied, the record is dropped and the database flushed again. A process killed
//! before the record is durable leaves the old state; killed after, the next open
//! applies the record again (every write sets a whole value, so applying twice is the
//! same as once).

use std::collections::BTreeMap;

use super::trees::Trees;
use super::values::*;
use super::{META_STATS, SledStore};
use crate::model::{Headcount, JournalEntry, Nip, People, Position, PositionId, Task, UndoState, Unit, UnitId};
use crate::store::codec::{decode, decode_ids, encode, encode_ids};
use crate::store::derive::{self, Place};
use crate::store::keys;
use crate::store::{Stats, StoreError, StoreResult, StructureChange};

pub(super) const META_UNDO: &[u8] = b"undo";
const PENDING_KEY: &[u8] = b"write";
/// Marks the default tree in a redo record (sled's trees are otherwise named).
const DEFAULT_TREE: &[u8] = b"";

/// A value to write, or `None` to remove the key.
type Value = Option<Vec<u8>>;

/// Raw writes, grouped by tree name.
#[derive(Default)]
pub(super) struct Writes {
    trees: BTreeMap<Vec<u8>, BTreeMap<Vec<u8>, Value>>,
}

impl Writes {
    fn put(&mut self, tree: &sled::Tree, key: impl Into<Vec<u8>>, value: Option<Vec<u8>>) {
        self.trees.entry(tree.name().to_vec()).or_default().insert(key.into(), value);
    }

    fn put_default(&mut self, key: &[u8], value: Option<Vec<u8>>) {
        self.trees.entry(DEFAULT_TREE.to_vec()).or_default().insert(key.to_vec(), value);
    }

    fn record(&self) -> Vec<u8> {
        type Flat<'a> = Vec<(&'a Vec<u8>, Vec<(&'a Vec<u8>, &'a Value)>)>;
        let flat: Flat<'_> = self.trees.iter().map(|(name, kv)| (name, kv.iter().collect())).collect();
        encode(&flat)
    }

    /// Reads a redo record back.
    fn from_record(record: &[u8]) -> StoreResult<Writes> {
        type Flat = Vec<(Vec<u8>, Vec<(Vec<u8>, Option<Vec<u8>>)>)>;
        let flat: Flat = decode(record, "pending write")?;
        Ok(Writes { trees: flat.into_iter().map(|(name, kv)| (name, kv.into_iter().collect())).collect() })
    }

    /// Applies the writes, one batch per tree.
    pub(super) fn apply(&self, db: &sled::Db) -> StoreResult<()> {
        // Fault injection for the crash tests (tests/crash.rs): end the process the
        // hard way after this many trees, as a kill -9 would.
        let abort_after: Option<usize> =
            std::env::var("JABAT_TEST_ABORT_AFTER_TREES").ok().and_then(|v| v.parse().ok());
        // And a commit drawn out, a pause before each tree, so that the crash tests'
        // kills at random moments land inside it, not only before or after.
        let pause: Option<std::time::Duration> = std::env::var("JABAT_TEST_PAUSE_PER_TREE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(std::time::Duration::from_millis);
        for (done, (name, kv)) in self.trees.iter().enumerate() {
            if abort_after == Some(done) {
                let _ = db.flush();
                std::process::abort();
            }
            if let Some(pause) = pause {
                let _ = db.flush();
                std::thread::sleep(pause);
            }
            let mut batch = sled::Batch::default();
            for (k, v) in kv {
                match v {
                    Some(v) => batch.insert(k.as_slice(), v.as_slice()),
                    None => batch.remove(k.as_slice()),
                }
            }
            if name == DEFAULT_TREE {
                db.apply_batch(batch)?;
            } else {
                db.open_tree(name)?.apply_batch(batch)?;
            }
        }
        Ok(())
    }
}

/// Finishes a write interrupted by the end of the process, if there was one.
/// Whether a structural change was interrupted and waits to be finished.
pub(super) fn has_pending(db: &sled::Db) -> StoreResult<bool> {
    Ok(db.open_tree("pending")?.contains_key(PENDING_KEY)?)
}

pub(super) fn finish_pending(db: &sled::Db) -> StoreResult<()> {
    let pending = db.open_tree("pending")?;
    if let Some(record) = pending.get(PENDING_KEY)? {
        tracing::warn!("finishing a structural change interrupted by the end of the process");
        Writes::from_record(&record)?.apply(db)?;
        db.flush()?;
        pending.remove(PENDING_KEY)?;
        db.flush()?;
    }
    Ok(())
}

/// The stored generation, as the derivation reads it (under the write lock, so not
/// through the `Store` methods, which take the read lock).
pub(super) struct Stored<'a> {
    pub(super) t: &'a Trees,
    pub(super) store: &'a SledStore,
}

fn id_list(tree: &super::buckets::Buckets, id: u64, what: &str) -> StoreResult<Vec<u64>> {
    match tree.get(id)? {
        Some(v) => decode_ids(&v, what),
        None => Ok(Vec::new()),
    }
}

impl derive::Before for Stored<'_> {
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.t.units.get(u64::from(id.0))?.map(|v| decode(&v, "unit").map(|v| unit_from(id, v))).transpose()
    }

    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.t.positions.get(u64::from(id.0))?.map(|v| decode(&v, "position").map(|v| position_from(id, v))).transpose()
    }

    fn child_ids(&self, parent: UnitId) -> StoreResult<Vec<UnitId>> {
        Ok(id_list(&self.t.unit_children, u64::from(parent.0), "children")?
            .into_iter()
            .map(|i| UnitId(i as u32))
            .collect())
    }

    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        Ok(id_list(&self.t.unit_positions, u64::from(unit.0), "positions of a unit")?
            .into_iter()
            .map(|i| PositionId(i as u32))
            .collect())
    }

    fn holder_nips(&self, id: PositionId) -> StoreResult<Vec<Nip>> {
        id_list(&self.t.position_holders, u64::from(id.0), "holders")?
            .into_iter()
            .map(|n| Nip::from_u64(n).map_err(StoreError::Corrupt))
            .collect()
    }

    fn tasks(&self, id: PositionId) -> StoreResult<Vec<Task>> {
        match self.t.tasks.get(u64::from(id.0))? {
            Some(v) => decode(&v, "tasks"),
            None => Ok(Vec::new()),
        }
    }

    fn unit_totals(&self, unit: UnitId) -> StoreResult<Headcount> {
        match self.t.unit_totals.get(u64::from(unit.0))? {
            Some(v) => decode(&v, "unit totals"),
            None => Ok(Headcount::default()),
        }
    }

    fn branch_people(&self, (root, branch): Place) -> StoreResult<Vec<People>> {
        let mut prefix = root.to_be_bytes().to_vec();
        prefix.extend_from_slice(&branch.to_be_bytes());
        let mut batches = Vec::new();
        for kv in self.t.people.scan_prefix(prefix) {
            batches.push(decode(&kv?.1, "people")?);
        }
        Ok(batches)
    }

    fn records(&self, nip: Nip) -> StoreResult<derive::Records> {
        let r: RecordsValue = match self.t.records.get(nip.as_u64())? {
            Some(v) => decode(&v, "records")?,
            None => RecordsValue::default(),
        };
        let posts = match self.t.posts.get(nip.as_u64())? {
            Some(v) => decode(&v, "position history")?,
            None => Vec::new(),
        };
        Ok((r.ratings, r.penalties, r.assessments, posts))
    }

    fn stats(&self) -> StoreResult<Stats> {
        self.store.stats_now()
    }
}

/// The position codes of a history's posts, each once.
fn posted_codes(posts: &[crate::model::PostHeld]) -> std::collections::BTreeSet<&str> {
    posts.iter().filter_map(|p| p.position_code.as_deref()).collect()
}

/// The encoded values of changed entities (`None`: removed) and the code-index edits
/// their codes need: the old code out, the new one in (`true`).
type CodeEdits = Vec<(String, u64, bool)>;
fn values_and_codes<'c, T: 'c>(
    changed: impl Iterator<Item = (u64, &'c crate::store::Versions<T>)>,
    encode: impl Fn(&T) -> Vec<u8>,
    code: impl Fn(&T) -> &String,
) -> (BTreeMap<u64, Value>, CodeEdits) {
    let mut values = BTreeMap::new();
    let mut codes = Vec::new();
    for (id, v) in changed {
        values.insert(id, v.after.as_ref().map(&encode));
        let (old, new) = (v.before.as_ref().map(&code), v.after.as_ref().map(&code));
        if old != new {
            codes.extend(old.map(|c| (c.clone(), id, false)));
            codes.extend(new.map(|c| (c.clone(), id, true)));
        }
    }
    (values, codes)
}

impl SledStore {
    /// The first unused unit and position ids of generation `t`.
    pub(super) fn next_ids_of(t: &Trees) -> StoreResult<(UnitId, PositionId)> {
        let last = |tree: &super::buckets::Buckets, what: &str| -> StoreResult<u32> {
            match tree.tree.last()? {
                Some((key, bucket)) => {
                    let entries = crate::store::codec::bucket_entries(&bucket, what)?;
                    Ok(match entries.last() {
                        Some((suffix, _)) => tree.id_of(&key, *suffix)? as u32,
                        None => 0,
                    })
                }
                None => Ok(0),
            }
        };
        Ok((UnitId(last(&t.units, "units")? + 1), PositionId(last(&t.positions, "positions")? + 1)))
    }

    /// Computes every write of a change and its journal entry, writes them atomically
    /// and returns the entry as numbered.
    pub(super) fn commit_change(
        &self,
        c: &StructureChange,
        mut entry: JournalEntry,
        consumed: Option<&str>,
        against: u64,
    ) -> StoreResult<JournalEntry> {
        // Holding the write lock keeps readers from seeing half a change.
        let guard = self.trees.write().expect("trees lock");
        let t: &Trees = &guard;
        let head = self.journal_head_now()?;
        let touched = c.touched();
        let stored = Stored { t, store: self };
        if let Some(made) = crate::store::settle_against(
            &entry,
            &touched,
            against,
            head,
            |seq| self.touched.get(seq.to_be_bytes())?.map(|v| decode(&v, "touched nodes")).transpose(),
            |seq| self.journal.get(seq.to_be_bytes())?.map(|v| decode(&v, "journal entry")).transpose(),
            &stored,
        )? {
            return Ok(made);
        }
        let derived = derive::derive(&stored, c)?;
        let mut w = Writes::default();

        Self::entity_writes(t, c, &mut w)?;
        Self::token_writes(t, &derived.tokens, &mut w)?;
        Self::total_writes(t, &derived.totals, &mut w)?;
        Self::people_writes(t, &derived.people, &mut w);
        w.put_default(META_STATS, Some(encode(&derived.stats)));

        let seq = head + 1;
        entry.seq = seq;
        w.put(&self.journal, seq.to_be_bytes().to_vec(), Some(encode(&entry)));
        w.put(&self.touched, seq.to_be_bytes().to_vec(), Some(encode(&touched)));
        let undo = self.undo_now()?.after(&entry.origin, seq);
        w.put_default(META_UNDO, Some(encode(&undo)));
        if let Some(name) = consumed {
            w.put(&self.drafts, name.as_bytes().to_vec(), None);
        }

        let pending = self.db.open_tree("pending")?;
        pending.insert(PENDING_KEY, w.record())?;
        self.db.flush()?;
        w.apply(&self.db)?;
        self.db.flush()?;
        pending.remove(PENDING_KEY)?;
        self.db.flush()?;
        drop(guard);
        Ok(entry)
    }

    /// The number of the last journal entry (0: none).
    pub(super) fn journal_head_now(&self) -> StoreResult<u64> {
        match self.journal.last()? {
            Some((k, _)) => keys::read_u64(&k, 0).ok_or_else(|| StoreError::Corrupt("journal: a malformed key".into())),
            None => Ok(0),
        }
    }

    pub(super) fn stats_now(&self) -> StoreResult<Stats> {
        match self.db.get(META_STATS)? {
            Some(v) => decode(&v, "stats"),
            None => Ok(Stats::default()),
        }
    }

    pub(super) fn undo_now(&self) -> StoreResult<UndoState> {
        match self.db.get(META_UNDO)? {
            Some(v) => decode(&v, "undo state"),
            None => Ok(UndoState::default()),
        }
    }

    fn entity_writes(t: &Trees, c: &StructureChange, w: &mut Writes) -> StoreResult<()> {
        let id = |x: u32| u64::from(x);
        let (units, unit_codes) =
            values_and_codes(c.units.iter().map(|(u, v)| (id(u.0), v)), |u| encode(&unit_value(u)), |u| &u.code);
        t.units.rewrite(units, |k, v| w.put(&t.units.tree, k, v))?;
        t.unit_code.rewrite(&unit_codes, |k, v| w.put(&t.unit_code.tree, k, v))?;
        let list = |ids: Vec<u64>| (!ids.is_empty()).then(|| encode_ids(&ids));
        t.unit_children.rewrite(
            c.children
                .iter()
                .map(|(p, l)| (p.map_or(0, |p| id(p.0)), list(l.iter().map(|u| id(u.0)).collect())))
                .collect(),
            |k, v| w.put(&t.unit_children.tree, k, v),
        )?;
        t.unit_positions.rewrite(
            c.unit_positions.iter().map(|(u, l)| (id(u.0), list(l.iter().map(|p| id(p.0)).collect()))).collect(),
            |k, v| w.put(&t.unit_positions.tree, k, v),
        )?;

        let (positions, position_codes) = values_and_codes(
            c.positions.iter().map(|(p, v)| (id(p.0), v)),
            |p| encode(&position_value(p)),
            |p| &p.code,
        );
        t.positions.rewrite(positions, |k, v| w.put(&t.positions.tree, k, v))?;
        t.position_code.rewrite(&position_codes, |k, v| w.put(&t.position_code.tree, k, v))?;
        t.position_holders.rewrite(
            c.holders.iter().map(|(p, l)| (id(p.0), list(l.iter().map(|n| n.as_u64()).collect()))).collect(),
            |k, v| w.put(&t.position_holders.tree, k, v),
        )?;
        t.standards.rewrite(
            c.standards.iter().map(|(p, s)| (id(p.0), (!s.is_empty()).then(|| encode(s)))).collect(),
            |k, v| w.put(&t.standards.tree, k, v),
        )?;
        t.tasks
            .rewrite(c.tasks.iter().map(|(p, s)| (id(p.0), (!s.is_empty()).then(|| encode(s)))).collect(), |k, v| {
                w.put(&t.tasks.tree, k, v)
            })?;
        t.anjab.rewrite(c.anjab.iter().map(|(p, a)| (id(p.0), a.as_ref().map(encode))).collect(), |k, v| {
            w.put(&t.anjab.tree, k, v)
        })?;
        t.employees.rewrite(
            c.employees
                .iter()
                .filter_map(|(nip, v)| v.after.as_ref().map(|e| (nip.as_u64(), Some(encode(&employee_value(e))))))
                .collect(),
            |k, v| w.put(&t.employees.tree, k, v),
        )?;
        // The holding list: who the change leaves without a position, and who not.
        for (nip, v) in &c.employees {
            let unplaced = v.after.as_ref().is_some_and(|e| e.position.is_none());
            w.put(&t.unplaced, nip.as_u64().to_be_bytes().to_vec(), unplaced.then(Vec::new));
        }
        // Who held each code before: the codes a history gains or loses.
        let mut held = Vec::new();
        for (nip, after) in &c.posts {
            let before: Vec<crate::model::PostHeld> = match t.posts.get(nip.as_u64())? {
                Some(v) => decode(&v, "position history")?,
                None => Vec::new(),
            };
            let (before, after) = (posted_codes(&before), posted_codes(after));
            held.extend(before.difference(&after).map(|code| (code.to_string(), nip.as_u64(), false)));
            held.extend(after.difference(&before).map(|code| (code.to_string(), nip.as_u64(), true)));
        }
        t.held.rewrite(&held, |k, v| w.put(&t.held.tree, k, v))?;
        t.posts.rewrite(
            c.posts.iter().map(|(nip, l)| (nip.as_u64(), (!l.is_empty()).then(|| encode(l)))).collect(),
            |k, v| w.put(&t.posts.tree, k, v),
        )
    }

    fn token_writes(t: &Trees, edits: &[derive::TokenEdit], w: &mut Writes) -> StoreResult<()> {
        // key → (ids to add, ids to remove)
        let mut by_key: BTreeMap<Vec<u8>, (Vec<u64>, Vec<u64>)> = BTreeMap::new();
        for e in edits {
            let lists = by_key.entry(keys::token(e.owner, &e.token, e.owner.shard(e.id))).or_default();
            if e.added { lists.0.push(e.id) } else { lists.1.push(e.id) }
        }
        for (key, (add, remove)) in by_key {
            let mut ids = match t.tokens.get(&key)? {
                Some(v) => decode_ids(&v, "token postings")?,
                None => Vec::new(),
            };
            ids.retain(|i| !remove.contains(i));
            ids.extend(add);
            ids.sort_unstable();
            ids.dedup();
            w.put(&t.tokens, key, (!ids.is_empty()).then(|| encode_ids(&ids)));
        }
        Ok(())
    }

    fn total_writes(t: &Trees, totals: &BTreeMap<UnitId, Option<Headcount>>, w: &mut Writes) -> StoreResult<()> {
        let values = totals.iter().map(|(u, h)| (u64::from(u.0), h.as_ref().map(encode))).collect();
        t.unit_totals.rewrite(values, |k, v| w.put(&t.unit_totals.tree, k, v))
    }

    /// Each touched branch's batches under keys 0, 1, …; stored batches past the new
    /// ones are dropped.
    fn people_writes(t: &Trees, people: &BTreeMap<Place, derive::BranchPeople>, w: &mut Writes) {
        for (&(root, branch), p) in people {
            for (number, batch) in p.batches.iter().enumerate() {
                w.put(&t.people, keys::people(root, branch, number as u16).to_vec(), Some(encode(batch)));
            }
            for number in p.batches.len()..p.replaced {
                w.put(&t.people, keys::people(root, branch, number as u16).to_vec(), None);
            }
        }
    }

    /// Rebuilds generation `t`'s derived content beside the database and compares.
    pub(super) fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        let t = self.trees();
        let data = Self::dataset_of(&t)?;
        let scratch = sled::Config::new().temporary(true).open()?;
        let fresh = Trees::open(&scratch, t.generation)?;
        Self::write_generation(&fresh, &data)?;
        let mut problems = Vec::new();
        let (data_now, index_now) = t.data_and_indexes();
        let (data_fresh, index_fresh) = fresh.data_and_indexes();
        let pairs = data_now.iter().zip(data_fresh.iter()).chain(index_now.iter().zip(index_fresh.iter()));
        for (now, fresh) in pairs {
            let name = String::from_utf8_lossy(&now.name()).into_owned();
            let mut differ = 0u64;
            let mut first = None;
            let mut a = now.iter();
            let mut b = fresh.iter();
            let (mut x, mut y) = (a.next().transpose()?, b.next().transpose()?);
            loop {
                match (&x, &y) {
                    (None, None) => break,
                    (Some((kx, vx)), Some((ky, vy))) if kx == ky => {
                        if vx != vy {
                            differ += 1;
                            first.get_or_insert_with(|| kx.to_vec());
                        }
                        x = a.next().transpose()?;
                        y = b.next().transpose()?;
                    }
                    (Some((kx, _)), Some((ky, _))) if kx < ky => {
                        differ += 1;
                        first.get_or_insert_with(|| kx.to_vec());
                        x = a.next().transpose()?;
                    }
                    (Some(_), Some((ky, _))) | (None, Some((ky, _))) => {
                        differ += 1;
                        first.get_or_insert_with(|| ky.to_vec());
                        y = b.next().transpose()?;
                    }
                    (Some((kx, _)), None) => {
                        differ += 1;
                        first.get_or_insert_with(|| kx.to_vec());
                        x = a.next().transpose()?;
                    }
                }
            }
            if differ > 0 {
                let key: String = first.unwrap_or_default().iter().map(|b| format!("{b:02x}")).collect();
                problems.push(format!("{name}: {differ} keys differ from a rebuild (first key {key})"));
            }
        }
        let stats = self.stats_now()?;
        let expected = Stats::of(&data);
        if stats != expected {
            problems.push(format!("stats: stored {stats:?}, rebuilt {expected:?}"));
        }
        Ok(problems)
    }
}
