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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::trees::Trees;
use super::values::*;
use super::{META_STATS, SledStore};
use crate::model::{
    Headcount, JournalEntry, Nip, People, PersonFacts, Position, PositionId, Task, UndoState, Unit, UnitId, text,
};
use crate::store::codec::{decode, decode_ids, encode, encode_ids};
use crate::store::keys::{self, TokenOwner};
use crate::store::{Stats, StoreError, StoreResult, StructureChange};

pub(super) const META_UNDO: &[u8] = b"undo";
const PENDING_KEY: &[u8] = b"write";
/// Marks the default tree in a redo record (sled's trees are otherwise named).
const DEFAULT_TREE: &[u8] = b"";

/// A value to write, or `None` to remove the key.
type Value = Option<Vec<u8>>;
/// (instansi, branch) of a unit.
type Place = (u32, u32);

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
        for (done, (name, kv)) in self.trees.iter().enumerate() {
            if abort_after == Some(done) {
                let _ = db.flush();
                std::process::abort();
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

/// The structure after the change, read through it.
struct After<'a> {
    t: &'a Trees,
    c: &'a StructureChange,
}

impl After<'_> {
    fn stored_unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.t.units.get(u64::from(id.0))?.map(|v| decode(&v, "unit").map(|v| unit_from(id, v))).transpose()
    }

    fn unit(&self, id: UnitId, before: bool) -> StoreResult<Option<Unit>> {
        match self.c.units.get(&id) {
            Some(v) => Ok(if before { v.before.clone() } else { v.after.clone() }),
            None => self.stored_unit(id),
        }
    }

    fn stored_position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.t.positions.get(u64::from(id.0))?.map(|v| decode(&v, "position").map(|v| position_from(id, v))).transpose()
    }

    fn position(&self, id: PositionId, before: bool) -> StoreResult<Option<Position>> {
        match self.c.positions.get(&id) {
            Some(v) => Ok(if before { v.before.clone() } else { v.after.clone() }),
            None => self.stored_position(id),
        }
    }

    fn list(tree: &super::buckets::Buckets, id: u64, what: &str) -> StoreResult<Vec<u64>> {
        match tree.get(id)? {
            Some(v) => decode_ids(&v, what),
            None => Ok(Vec::new()),
        }
    }

    fn children(&self, parent: UnitId) -> StoreResult<Vec<UnitId>> {
        match self.c.children.get(&Some(parent)) {
            Some(l) => Ok(l.clone()),
            None => Ok(Self::list(&self.t.unit_children, u64::from(parent.0), "children")?
                .into_iter()
                .map(|i| UnitId(i as u32))
                .collect()),
        }
    }

    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        match self.c.unit_positions.get(&unit) {
            Some(l) => Ok(l.clone()),
            None => Ok(Self::list(&self.t.unit_positions, u64::from(unit.0), "positions of a unit")?
                .into_iter()
                .map(|i| PositionId(i as u32))
                .collect()),
        }
    }

    fn stored_holders(&self, id: PositionId) -> StoreResult<Vec<Nip>> {
        Self::list(&self.t.position_holders, u64::from(id.0), "holders")?
            .into_iter()
            .map(|n| Nip::from_u64(n).map_err(StoreError::Corrupt))
            .collect()
    }

    fn holders(&self, id: PositionId) -> StoreResult<Vec<Nip>> {
        match self.c.holders.get(&id) {
            Some(l) => Ok(l.clone()),
            None => self.stored_holders(id),
        }
    }

    fn tasks(&self, id: PositionId) -> StoreResult<Vec<Task>> {
        match self.c.tasks.get(&id) {
            Some(t) => Ok(t.clone()),
            None => match self.t.tasks.get(u64::from(id.0))? {
                Some(v) => decode(&v, "tasks"),
                None => Ok(Vec::new()),
            },
        }
    }

    /// The ids from a unit up to its root, the unit first.
    fn chain(&self, id: UnitId, before: bool) -> StoreResult<Vec<UnitId>> {
        let mut chain = vec![id];
        let mut at = id;
        loop {
            let Some(u) = self.unit(at, before)? else { return Ok(Vec::new()) };
            match u.parent {
                None => return Ok(chain),
                Some(p) => {
                    chain.push(p);
                    at = p;
                }
            }
            if chain.len() > 10_000 {
                return Err(StoreError::Corrupt(format!("unit {} has a cycle of parents", id.0)));
            }
        }
    }

    /// (instansi, branch) of a unit: the branch is the unit right under the
    /// instansi on its path, or the instansi itself for its own positions.
    fn place(&self, id: UnitId, before: bool) -> StoreResult<Option<(u32, u32)>> {
        let chain = self.chain(id, before)?;
        let Some(root) = chain.last() else { return Ok(None) };
        let branch = if chain.len() >= 2 { chain[chain.len() - 2] } else { *root };
        Ok(Some((root.0, branch.0)))
    }
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

/// What a moved person's row becomes: an employee the change places (their new facts),
/// or a holder who stays (their position's new kind and level).
enum Fresh {
    Employee(Box<crate::model::Employee>, PersonFacts),
    Current(Option<(crate::model::PositionKind, Option<crate::model::Level>)>),
}

/// The words a unit or position is found by (also used by the bulk write).
pub(super) fn search_tokens(name: &str, code: &str) -> Vec<String> {
    let mut tokens = text::tokens(&format!("{name} {code}"));
    if let Some(a) = text::acronym(name).filter(|a| !tokens.contains(a)) {
        tokens.push(a);
    }
    tokens.sort_unstable();
    tokens.dedup();
    tokens
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
    ) -> StoreResult<JournalEntry> {
        // Holding the write lock keeps readers from seeing half a change.
        let guard = self.trees.write().expect("trees lock");
        let t: &Trees = &guard;
        let after = After { t, c };
        let mut w = Writes::default();

        Self::entity_writes(t, c, &mut w)?;
        Self::token_writes(t, c, &mut w)?;
        Self::total_writes(&after, &mut w)?;
        Self::people_writes(&after, &mut w)?;
        let stats = Self::stats_after(&after, self.stats_now()?)?;
        w.put_default(META_STATS, Some(encode(&stats)));

        let seq = match self.journal.last()? {
            Some((k, _)) => {
                keys::read_u64(&k, 0).ok_or_else(|| StoreError::Corrupt("journal: a malformed key".into()))? + 1
            }
            None => 1,
        };
        entry.seq = seq;
        w.put(&self.journal, seq.to_be_bytes().to_vec(), Some(encode(&entry)));
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
        t.employees.rewrite(
            c.employees
                .iter()
                .filter_map(|(nip, v)| v.after.as_ref().map(|e| (nip.as_u64(), Some(encode(&employee_value(e))))))
                .collect(),
            |k, v| w.put(&t.employees.tree, k, v),
        )
    }

    fn token_writes(t: &Trees, c: &StructureChange, w: &mut Writes) -> StoreResult<()> {
        // key → (ids to add, ids to remove)
        let mut edits: BTreeMap<Vec<u8>, (Vec<u64>, Vec<u64>)> = BTreeMap::new();
        let mut diff = |owner: TokenOwner, id: u64, old: Option<(&str, &str)>, new: Option<(&str, &str)>| {
            let old = old.map(|(n, c)| search_tokens(n, c)).unwrap_or_default();
            let new = new.map(|(n, c)| search_tokens(n, c)).unwrap_or_default();
            for tok in old.iter().filter(|t| !new.contains(t)) {
                edits.entry(keys::token(owner, tok, owner.shard(id))).or_default().1.push(id);
            }
            for tok in new.iter().filter(|t| !old.contains(t)) {
                edits.entry(keys::token(owner, tok, owner.shard(id))).or_default().0.push(id);
            }
        };
        for (uid, v) in &c.units {
            fn nc(u: &Unit) -> (&str, &str) {
                (u.name.as_str(), u.code.as_str())
            }
            diff(TokenOwner::Unit, u64::from(uid.0), v.before.as_ref().map(nc), v.after.as_ref().map(nc));
        }
        for (pid, v) in &c.positions {
            fn nc(p: &Position) -> (&str, &str) {
                (p.name.as_str(), p.code.as_str())
            }
            diff(TokenOwner::Position, u64::from(pid.0), v.before.as_ref().map(nc), v.after.as_ref().map(nc));
        }
        for (key, (add, remove)) in edits {
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

    /// Recomputes the subtree totals of every unit above a touched one, before or
    /// after the change, deepest first; units not above anything touched keep theirs.
    fn total_writes(a: &After<'_>, w: &mut Writes) -> StoreResult<()> {
        let c = a.c;
        let mut touched = c.touched_units();
        for pid in c.holders.keys().chain(c.tasks.keys()) {
            for before in [true, false] {
                if let Some(p) = a.position(*pid, before)? {
                    touched.insert(p.unit);
                }
            }
        }
        let mut affected: BTreeSet<UnitId> = BTreeSet::new();
        for id in &touched {
            affected.extend(a.chain(*id, true)?);
            affected.extend(a.chain(*id, false)?);
        }
        let mut order: Vec<(usize, UnitId)> = Vec::new();
        let mut removed = Vec::new();
        for id in affected {
            let chain = a.chain(id, false)?;
            if chain.is_empty() {
                removed.push(id);
            } else {
                order.push((chain.len(), id));
            }
        }
        order.sort_unstable_by(|x, y| y.cmp(x));
        let units: Vec<UnitId> = order.into_iter().map(|(_, id)| id).collect();
        let t = a.t;
        let computed = crate::model::roll_up(
            &units,
            |id| {
                let mut own = Headcount::default();
                for pid in a.position_ids(id)? {
                    if let Some(p) = a.position(pid, false)? {
                        own.add_position(p.needed, a.holders(pid)?.len() as u64, &a.tasks(pid)?);
                    }
                }
                Ok(own)
            },
            |id| a.children(id),
            |child| match t.unit_totals.get(u64::from(child.0))? {
                Some(v) => decode(&v, "unit totals"),
                None => Ok(Headcount::default()),
            },
        )?;
        let mut values: BTreeMap<u64, Option<Vec<u8>>> =
            computed.iter().map(|(u, h)| (u64::from(u.0), Some(encode(h)))).collect();
        values.extend(removed.iter().map(|u| (u64::from(u.0), None)));
        t.unit_totals.rewrite(values, |k, v| w.put(&t.unit_totals.tree, k, v))
    }

    /// Rebuilds the people of every branch a touched person leaves or joins: their
    /// rows move between branches and take their new position's facts; everyone else's
    /// rows are copied as they are, in NIP order, in chunks as the bulk write makes them.
    fn people_writes(a: &After<'_>, w: &mut Writes) -> StoreResult<()> {
        let c = a.c;
        let t = a.t;
        // Positions whose holders' rows change: new kind or level, another branch, gone.
        let mut positions: BTreeSet<PositionId> = BTreeSet::new();
        for (pid, v) in &c.positions {
            let key = |p: &Position| (p.kind, p.level);
            let moved = match (&v.before, &v.after) {
                (Some(b), Some(x)) => {
                    key(b) != key(x) || (b.unit != x.unit && a.place(b.unit, true)? != a.place(x.unit, false)?)
                }
                _ => true,
            };
            if moved {
                positions.insert(*pid);
            }
        }
        // Units whose whole subtree changes branch.
        for (uid, v) in &c.units {
            if let (Some(b), Some(x)) = (&v.before, &v.after)
                && b.parent != x.parent
                && a.place(*uid, true)? != a.place(*uid, false)?
            {
                let mut stack = vec![*uid];
                while let Some(u) = stack.pop() {
                    positions.extend(a.position_ids(u)?);
                    stack.extend(a.children(u)?);
                }
            }
        }
        // Where each unit and position sits, before and after (many people share them).
        let mut places: HashMap<(UnitId, bool), Option<Place>> = HashMap::new();
        let mut place_of = |unit: UnitId, before: bool| -> StoreResult<Option<Place>> {
            if let Some(p) = places.get(&(unit, before)) {
                return Ok(*p);
            }
            let p = a.place(unit, before)?;
            places.insert((unit, before), p);
            Ok(p)
        };
        let mut branch_of = |pid: Option<PositionId>, before: bool| -> StoreResult<Option<Place>> {
            match pid {
                Some(pid) => match a.position(pid, before)? {
                    Some(p) => place_of(p.unit, before),
                    None => Ok(None),
                },
                None => Ok(None),
            }
        };
        // NIP → (branch before, branch after); and the new facts of each.
        let mut people: BTreeMap<Nip, (Option<Place>, Option<Place>)> = BTreeMap::new();
        let mut new_facts: HashMap<Nip, Fresh> = HashMap::new();
        for (nip, v) in &c.employees {
            let before = v.before.as_ref().and_then(|e| e.position);
            let after = v.after.as_ref().and_then(|e| e.position);
            people.insert(*nip, (branch_of(before, true)?, branch_of(after, false)?));
            if let Some(e) = &v.after {
                let position = match e.position {
                    Some(pid) => a.position(pid, false)?,
                    None => None,
                };
                new_facts.insert(*nip, Fresh::Employee(Box::new(e.clone()), PersonFacts::of(e, position.as_ref())));
            }
        }
        // Holders who stay in a position that changes kind, level or branch: their rows
        // move as they are, with the position's new kind and level.
        for pid in &positions {
            let (before, after) = (branch_of(Some(*pid), true)?, branch_of(Some(*pid), false)?);
            let current = a.position(*pid, false)?.map(|p| (p.kind, p.level));
            for nip in a.stored_holders(*pid)? {
                if c.employees.contains_key(&nip) {
                    continue;
                }
                people.insert(nip, (before, after));
                new_facts.insert(nip, Fresh::Current(current));
            }
        }
        if people.is_empty() {
            return Ok(());
        }
        let branches: BTreeSet<(u32, u32)> = people.values().flat_map(|(b, x)| [*b, *x]).flatten().collect();
        // Read every touched branch once.
        let mut stored: BTreeMap<Place, Vec<(Vec<u8>, People)>> = BTreeMap::new();
        for &(root, branch) in &branches {
            let mut prefix = root.to_be_bytes().to_vec();
            prefix.extend_from_slice(&branch.to_be_bytes());
            let mut chunks = Vec::new();
            for kv in t.people.scan_prefix(prefix) {
                let (k, v) = kv?;
                let batch: People = decode(&v, "people")?;
                if !batch.is_consistent() {
                    return Err(StoreError::Corrupt("a batch of people has rows out of bounds".into()));
                }
                chunks.push((k.to_vec(), batch));
            }
            stored.insert((root, branch), chunks);
        }
        // Where each affected person's old row is.
        let mut old_rows: HashMap<Nip, (usize, usize, usize)> = HashMap::new();
        let branch_list: Vec<(u32, u32)> = stored.keys().copied().collect();
        for (bi, key) in branch_list.iter().enumerate() {
            for (ci, (_, batch)) in stored[key].iter().enumerate() {
                for (ri, person) in batch.iter().enumerate() {
                    if people.contains_key(&person.facts.nip) {
                        old_rows.insert(person.facts.nip, (bi, ci, ri));
                    }
                }
            }
        }
        for key in &branch_list {
            // (nip, source) in NIP order: a row kept as it is, or an affected person.
            enum Source {
                Kept(usize, usize),
                Moved,
            }
            let mut rows: Vec<(Nip, Source)> = Vec::new();
            for (ci, (_, batch)) in stored[key].iter().enumerate() {
                for (ri, person) in batch.iter().enumerate() {
                    if !people.contains_key(&person.facts.nip) {
                        rows.push((person.facts.nip, Source::Kept(ci, ri)));
                    }
                }
            }
            for (nip, (_, after)) in &people {
                if *after == Some(*key) {
                    rows.push((*nip, Source::Moved));
                }
            }
            rows.sort_unstable_by_key(|(nip, _)| *nip);
            let mut chunks: Vec<People> = Vec::new();
            for (n, (nip, source)) in rows.iter().enumerate() {
                if n % super::bulk::PEOPLE_PER_CHUNK == 0 {
                    chunks.push(People::default());
                }
                let out = chunks.last_mut().expect("pushed");
                match source {
                    Source::Kept(ci, ri) => {
                        let p = stored[key][*ci].1.get(*ri).expect("row exists");
                        out.push_person(*p.facts, p);
                    }
                    Source::Moved => {
                        let old =
                            old_rows.get(nip).and_then(|&(obi, oci, ori)| stored[&branch_list[obi]][oci].1.get(ori));
                        match (new_facts.get(nip), old) {
                            (Some(Fresh::Employee(_, facts)), Some(p)) => out.push_person(*facts, p),
                            (Some(Fresh::Current(current)), Some(p)) => {
                                out.push_person(PersonFacts { current: *current, ..*p.facts }, p)
                            }
                            (Some(Fresh::Employee(e, facts)), None) => {
                                // Placed from the holding list: no row yet, so one is made.
                                let records: RecordsValue = match t.records.get(nip.as_u64())? {
                                    Some(v) => decode(&v, "records")?,
                                    None => RecordsValue::default(),
                                };
                                out.push(*facts, &e.name, &records.ratings, &records.penalties, &records.assessments);
                            }
                            (_, None) | (None, _) => {
                                return Err(StoreError::Corrupt(format!(
                                    "{nip} holds a position but has no row among the people of its branch"
                                )));
                            }
                        }
                    }
                }
            }
            let (root, branch) = *key;
            let mut written = BTreeSet::new();
            for (number, batch) in chunks.iter().enumerate() {
                let number = u16::try_from(number)
                    .map_err(|_| StoreError::Backend(format!("unit {branch} has too many people to store")))?;
                let k = keys::people(root, branch, number).to_vec();
                written.insert(k.clone());
                w.put(&t.people, k, Some(encode(batch)));
            }
            for (k, _) in &stored[key] {
                if !written.contains(k) {
                    w.put(&t.people, k.clone(), None);
                }
            }
        }
        Ok(())
    }

    /// The counts after the change, from the counts before and what it touched.
    fn stats_after(a: &After<'_>, s: Stats) -> StoreResult<Stats> {
        s.after_change(
            a.c,
            |pid, before| a.position(pid, before),
            |pid, before| Ok(if before { a.stored_holders(pid)?.len() } else { a.holders(pid)?.len() }),
        )
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
