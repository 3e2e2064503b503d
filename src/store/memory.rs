//! A store in memory: the second implementation of [`Store`], kept to the same
//! contract as sled by the conformance suite (`tests/store_contract.rs`), and the quick
//! store the interface's and the rules' tests run on. What it derives on a commit comes
//! from `store::derive`, as sled's does, so the two give the same answers to the same
//! questions. Nothing is kept when it is dropped.

use std::collections::BTreeMap;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::derive::{self, PEOPLE_PER_CHUNK, Place};
use super::search::{Found, SearchIndex};
use super::{
    Hit, HitTarget, KindFilter, SizeReport, Stats, Store, StoreError, StoreResult, StructureChange, Versions, keys,
};
use crate::model::{
    Assessment, Dataset, Draft, Employee, GradeStep, Headcount, JournalEntry, Nip, Penalty, People, Position,
    PositionId, Profile, Rating, Review, StandardEntry, Task, Training, UndoState, Unit, UnitId,
};

/// A database held in memory.
pub struct MemoryStore {
    state: RwLock<Memory>,
    read_only: bool,
}

/// An employee's records.
#[derive(Clone, Debug, Default, PartialEq)]
struct Records {
    ratings: Vec<Rating>,
    assessments: Vec<Assessment>,
    penalties: Vec<Penalty>,
    trainings: Vec<Training>,
}

/// Everything the store holds; the lists and indexes as sled keeps them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Memory {
    units: BTreeMap<UnitId, Unit>,
    unit_code: BTreeMap<String, UnitId>,
    children: BTreeMap<Option<UnitId>, Vec<UnitId>>,
    positions: BTreeMap<PositionId, Position>,
    position_code: BTreeMap<String, PositionId>,
    unit_positions: BTreeMap<UnitId, Vec<PositionId>>,
    holders: BTreeMap<PositionId, Vec<Nip>>,
    employees: BTreeMap<Nip, Employee>,
    records: BTreeMap<Nip, Records>,
    grades: BTreeMap<Nip, Vec<GradeStep>>,
    posts: BTreeMap<Nip, Vec<crate::model::PostHeld>>,
    credits: BTreeMap<Nip, Vec<crate::model::CreditPoints>>,
    standards: BTreeMap<PositionId, Vec<StandardEntry>>,
    tasks: BTreeMap<PositionId, Vec<Task>>,
    anjab: BTreeMap<PositionId, crate::model::JobDescription>,
    unor_ids: BTreeMap<String, String>,
    totals: BTreeMap<UnitId, Headcount>,
    people: BTreeMap<Place, Vec<People>>,
    tokens: BTreeMap<Vec<u8>, Vec<u64>>,
    stats: Stats,
    journal: BTreeMap<u64, JournalEntry>,
    /// What each entry's change touched.
    touched: BTreeMap<u64, crate::store::Touched>,
    undo: UndoState,
    reviews: BTreeMap<String, Review>,
    drafts: BTreeMap<String, Draft>,
    /// The content the last replace took away (its journal, reviews and drafts are
    /// the current ones), and what it was.
    replaced: Option<(Box<Memory>, super::Replaced)>,
}

impl Memory {
    /// The content of `data` with everything derived from it, as a bulk write makes it.
    fn of(data: &Dataset) -> Memory {
        let mut m = Memory::default();
        for u in &data.units {
            m.units.insert(u.id, u.clone());
            m.unit_code.insert(u.code.clone(), u.id);
            m.children.entry(u.parent).or_default().push(u.id);
        }
        for p in &data.positions {
            m.positions.insert(p.id, p.clone());
            m.position_code.insert(p.code.clone(), p.id);
            m.unit_positions.entry(p.unit).or_default().push(p.id);
        }
        for e in &data.employees {
            m.employees.insert(e.nip, e.clone());
            if let Some(p) = e.position {
                m.holders.entry(p).or_default().push(e.nip);
            }
        }
        for list in m.children.values_mut() {
            list.sort_unstable();
        }
        for list in m.unit_positions.values_mut() {
            list.sort_unstable();
        }
        for list in m.holders.values_mut() {
            list.sort_unstable();
        }
        let mut nips: Vec<Nip> = data.ratings.keys().chain(data.assessments.keys()).copied().collect();
        nips.extend(data.penalties.keys().chain(data.trainings.keys()));
        for nip in nips {
            let r = records_of(data, nip);
            if r != Records::default() {
                m.records.insert(nip, r);
            }
        }
        m.grades = data.grade_history.clone();
        m.posts = data.position_history.clone();
        m.credits = data.credit_points.clone();
        m.standards = data.standards.clone();
        m.tasks = data.tasks.clone();
        m.anjab = data.anjab.clone();
        m.unor_ids = data.unor_ids.clone();
        m.totals = data.subtree_headcounts().into_iter().collect();
        m.people = data
            .people_by_branch(PEOPLE_PER_CHUNK)
            .into_iter()
            .map(|((root, branch), batches)| ((root.0, branch.0), batches))
            .collect();
        m.tokens = keys::shard_postings(derive::tokens_of(data));
        m.stats = Stats::of(data);
        m
    }

    fn dataset(&self) -> Dataset {
        let mut data = Dataset {
            units: self.units.values().cloned().collect(),
            positions: self.positions.values().cloned().collect(),
            employees: self.employees.values().cloned().collect(),
            grade_history: self.grades.clone(),
            position_history: self.posts.clone(),
            credit_points: self.credits.clone(),
            standards: self.standards.clone(),
            tasks: self.tasks.clone(),
            anjab: self.anjab.clone(),
            unor_ids: self.unor_ids.clone(),
            ..Dataset::default()
        };
        for (nip, r) in &self.records {
            if !r.ratings.is_empty() {
                data.ratings.insert(*nip, r.ratings.clone());
            }
            if !r.assessments.is_empty() {
                data.assessments.insert(*nip, r.assessments.clone());
            }
            if !r.penalties.is_empty() {
                data.penalties.insert(*nip, r.penalties.clone());
            }
            if !r.trainings.is_empty() {
                data.trainings.insert(*nip, r.trainings.clone());
            }
        }
        data
    }

    fn head(&self) -> u64 {
        self.journal.keys().next_back().copied().unwrap_or(0)
    }

    /// Writes a change and what is derived from it.
    fn apply(&mut self, c: &StructureChange, derived: derive::Derived) {
        fn set<K: Ord, V>(map: &mut BTreeMap<K, V>, key: K, value: Option<V>) {
            match value {
                Some(v) => _ = map.insert(key, v),
                None => _ = map.remove(&key),
            }
        }
        fn codes<T>(index: &mut BTreeMap<String, T>, v: &Versions<impl HasCode>, id: T) {
            let (old, new) = (v.before.as_ref().map(HasCode::code), v.after.as_ref().map(HasCode::code));
            if old != new {
                if let Some(old) = old {
                    index.remove(old);
                }
                if let Some(new) = new {
                    index.insert(new.to_string(), id);
                }
            }
        }
        for (id, v) in &c.units {
            codes(&mut self.unit_code, v, *id);
            set(&mut self.units, *id, v.after.clone());
        }
        for (id, v) in &c.positions {
            codes(&mut self.position_code, v, *id);
            set(&mut self.positions, *id, v.after.clone());
        }
        for (nip, v) in &c.employees {
            if let Some(e) = &v.after {
                self.employees.insert(*nip, e.clone());
            }
        }
        fn listed<T: Clone>(l: &[T]) -> Option<Vec<T>> {
            (!l.is_empty()).then(|| l.to_vec())
        }
        for (parent, l) in &c.children {
            set(&mut self.children, *parent, listed(l));
        }
        for (unit, l) in &c.unit_positions {
            set(&mut self.unit_positions, *unit, listed(l));
        }
        for (p, l) in &c.holders {
            set(&mut self.holders, *p, listed(l));
        }
        for (p, l) in &c.standards {
            set(&mut self.standards, *p, listed(l));
        }
        for (p, l) in &c.tasks {
            set(&mut self.tasks, *p, listed(l));
        }
        for (p, a) in &c.anjab {
            set(&mut self.anjab, *p, a.clone());
        }
        for (nip, l) in &c.posts {
            set(&mut self.posts, *nip, listed(l));
        }
        for (unit, h) in derived.totals {
            set(&mut self.totals, unit, h);
        }
        for e in derived.tokens {
            let key = keys::token(e.owner, &e.token, e.owner.shard(e.id));
            let ids = self.tokens.entry(key.clone()).or_default();
            if e.added {
                if let Err(at) = ids.binary_search(&e.id) {
                    ids.insert(at, e.id);
                }
            } else {
                ids.retain(|i| *i != e.id);
            }
            if ids.is_empty() {
                self.tokens.remove(&key);
            }
        }
        for (place, p) in derived.people {
            set(&mut self.people, place, (!p.batches.is_empty()).then_some(p.batches));
        }
        self.stats = derived.stats;
    }
}

fn records_of(data: &Dataset, nip: Nip) -> Records {
    Records {
        ratings: data.ratings.get(&nip).cloned().unwrap_or_default(),
        assessments: data.assessments.get(&nip).cloned().unwrap_or_default(),
        penalties: data.penalties.get(&nip).cloned().unwrap_or_default(),
        trainings: data.trainings.get(&nip).cloned().unwrap_or_default(),
    }
}

/// What has a code indexed.
trait HasCode {
    fn code(&self) -> &str;
}
impl HasCode for Unit {
    fn code(&self) -> &str {
        &self.code
    }
}
impl HasCode for Position {
    fn code(&self) -> &str {
        &self.code
    }
}

impl derive::Before for Memory {
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        Ok(self.units.get(&id).cloned())
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        Ok(self.positions.get(&id).cloned())
    }
    fn child_ids(&self, parent: UnitId) -> StoreResult<Vec<UnitId>> {
        Ok(self.children.get(&Some(parent)).cloned().unwrap_or_default())
    }
    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        Ok(self.unit_positions.get(&unit).cloned().unwrap_or_default())
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        Ok(self.holders.get(&position).cloned().unwrap_or_default())
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        Ok(self.tasks.get(&position).cloned().unwrap_or_default())
    }
    fn unit_totals(&self, unit: UnitId) -> StoreResult<Headcount> {
        Ok(self.totals.get(&unit).copied().unwrap_or_default())
    }
    fn branch_people(&self, place: Place) -> StoreResult<Vec<People>> {
        Ok(self.people.get(&place).cloned().unwrap_or_default())
    }
    fn records(&self, nip: Nip) -> StoreResult<derive::Records> {
        let r = self.records.get(&nip).cloned().unwrap_or_default();
        Ok((r.ratings, r.penalties, r.assessments, self.posts.get(&nip).cloned().unwrap_or_default()))
    }
    fn stats(&self) -> StoreResult<Stats> {
        Ok(self.stats.clone())
    }
}

impl SearchIndex for Memory {
    fn unit_with_code(&self, code: &str) -> StoreResult<Option<u64>> {
        Ok(self.unit_code.get(code).map(|u| u64::from(u.0)))
    }
    fn position_with_code(&self, code: &str) -> StoreResult<Option<u64>> {
        Ok(self.position_code.get(code).map(|p| u64::from(p.0)))
    }
    fn nips_between(&self, low: u64, high: u64, each: &mut dyn FnMut(u64) -> bool) -> StoreResult<()> {
        for nip in self.employees.keys().map(|n| n.as_u64()).skip_while(|n| *n < low).take_while(|n| *n < high) {
            if !each(nip) {
                break;
            }
        }
        Ok(())
    }
    fn postings(&self, prefix: &[u8], each: &mut dyn FnMut(&[u8], Vec<u64>) -> bool) -> StoreResult<()> {
        for (key, ids) in self.tokens.range(prefix.to_vec()..).take_while(|(k, _)| k.starts_with(prefix)) {
            if !each(key, ids.clone()) {
                break;
            }
        }
        Ok(())
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new()
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore { state: RwLock::new(Memory::default()), read_only: false }
    }

    /// A store holding `data`.
    pub fn with(data: &Dataset) -> MemoryStore {
        MemoryStore { state: RwLock::new(Memory::of(data)), read_only: false }
    }

    /// The same store, refusing every write with [`StoreError::ReadOnly`].
    pub fn refusing_writes(mut self) -> MemoryStore {
        self.read_only = true;
        self
    }

    fn read(&self) -> RwLockReadGuard<'_, Memory> {
        // A panic while holding the lock cannot leave half a change: every write
        // builds what it needs first and then only inserts.
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> StoreResult<RwLockWriteGuard<'_, Memory>> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        Ok(self.state.write().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Store for MemoryStore {
    fn location(&self) -> String {
        "(in memory)".into()
    }
    fn stats(&self) -> StoreResult<Stats> {
        Ok(self.read().stats.clone())
    }
    fn roots(&self) -> StoreResult<Vec<Unit>> {
        let m = self.read();
        Ok(m.children.get(&None).into_iter().flatten().filter_map(|u| m.units.get(u).cloned()).collect())
    }
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        Ok(self.read().units.get(&id).cloned())
    }
    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        let m = self.read();
        Ok(m.unit_code.get(code).and_then(|u| m.units.get(u)).cloned())
    }
    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        let m = self.read();
        Ok(m.children.get(&Some(id)).into_iter().flatten().filter_map(|u| m.units.get(u).cloned()).collect())
    }
    fn child_count(&self, id: UnitId) -> StoreResult<usize> {
        Ok(self.read().children.get(&Some(id)).map_or(0, Vec::len))
    }
    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        let m = self.read();
        Ok(m.unit_positions.get(&unit).into_iter().flatten().filter_map(|p| m.positions.get(p).cloned()).collect())
    }
    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount> {
        Ok(self.read().totals.get(&id).copied().unwrap_or_default())
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        Ok(self.read().positions.get(&id).cloned())
    }
    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        let m = self.read();
        Ok(m.position_code.get(code).and_then(|p| m.positions.get(p)).cloned())
    }
    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        let m = self.read();
        Ok(m.holders.get(&position).into_iter().flatten().filter_map(|n| m.employees.get(n).cloned()).collect())
    }
    fn holder_count(&self, position: PositionId) -> StoreResult<u64> {
        Ok(self.read().holders.get(&position).map_or(0, Vec::len) as u64)
    }
    fn all_positions(&self) -> StoreResult<Vec<Position>> {
        Ok(self.read().positions.values().cloned().collect())
    }
    fn review(&self, code: &str) -> StoreResult<Option<Review>> {
        Ok(self.read().reviews.get(code).cloned())
    }
    fn put_review(&self, review: &Review) -> StoreResult<()> {
        self.write()?.reviews.insert(review.position.clone(), review.clone());
        Ok(())
    }
    fn reviews(&self) -> StoreResult<Vec<Review>> {
        Ok(self.read().reviews.values().cloned().collect())
    }
    fn standards(&self, positions: &[PositionId]) -> StoreResult<Vec<Vec<StandardEntry>>> {
        let m = self.read();
        Ok(positions.iter().map(|p| m.standards.get(p).cloned().unwrap_or_default()).collect())
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        Ok(self.read().tasks.get(&position).cloned().unwrap_or_default())
    }
    fn anjab(&self, position: PositionId) -> StoreResult<Option<crate::model::JobDescription>> {
        Ok(self.read().anjab.get(&position).cloned())
    }
    fn unor_id(&self, unit_code: &str) -> StoreResult<Option<String>> {
        Ok(self.read().unor_ids.get(unit_code).cloned())
    }
    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>> {
        Ok(self.read().standards.get(&position).cloned().unwrap_or_default())
    }
    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        Ok(self.read().employees.get(&nip).cloned())
    }
    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>> {
        Ok(profile_of(&self.read(), nip))
    }
    fn people(&self, scope: &[UnitId]) -> StoreResult<Vec<People>> {
        let m = self.read();
        let mut out = Vec::new();
        for unit in scope {
            let range: Box<dyn Iterator<Item = (&Place, &Vec<People>)>> = match self.unit_path(*unit)?.as_slice() {
                [] => continue,
                [root] => Box::new(m.people.range((root.id.0, 0)..=(root.id.0, u32::MAX))),
                [root, branch, ..] => Box::new(m.people.get_key_value(&(root.id.0, branch.id.0)).into_iter()),
            };
            out.extend(range.flat_map(|(_, batches)| batches.iter().cloned()));
        }
        Ok(out)
    }
    fn people_of_branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>> {
        Ok(self.read().people.get(&(instansi.0, branch.0)).cloned().unwrap_or_default())
    }
    fn profiles(&self, nips: &[Nip]) -> StoreResult<Vec<Profile>> {
        let m = self.read();
        let mut sorted = nips.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        Ok(sorted.into_iter().filter_map(|n| profile_of(&m, n)).collect())
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        Ok(self.read().holders.get(&position).cloned().unwrap_or_default())
    }
    fn unplaced(&self) -> StoreResult<Vec<Employee>> {
        // A scan, in NIP order: the memory store holds samples and tests.
        Ok(self.read().employees.values().filter(|e| e.position.is_none()).cloned().collect())
    }
    fn former_holders(&self, code: &str) -> StoreResult<Vec<(Nip, crate::model::PostHeld)>> {
        // A scan: the memory store holds samples and tests, not a national database.
        let m = self.read();
        Ok(crate::store::posts_under(code, m.posts.iter().map(|(nip, l)| (*nip, l.clone()))))
    }
    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>> {
        // Ranked and resolved under one read lock (taking it again could wait behind
        // a writer).
        let m = self.read();
        super::search::search(&*m, query, kinds, limit, |found| {
            Ok(match found {
                Found::Unit(id) => m.units.get(&id).cloned().map(HitTarget::Unit),
                Found::Position(id) => m.positions.get(&id).cloned().map(HitTarget::Position),
                Found::Employee(nip) => m.employees.get(&nip).cloned().map(HitTarget::Employee),
            })
        })
    }
    fn load_dataset(&self) -> StoreResult<Dataset> {
        Ok(self.read().dataset())
    }
    fn replace_dataset_by(&self, data: &Dataset, stamp: &crate::model::Stamp) -> StoreResult<()> {
        let fresh = Memory::of(data);
        let mut m = self.write()?;
        let head = m.head();
        // Reviews, drafts and the journal stay (its numbers go on); the undo state is
        // emptied, as the journal's entries no longer fit the new content.
        let (reviews, drafts, journal, touched, undo) = (
            std::mem::take(&mut m.reviews),
            std::mem::take(&mut m.drafts),
            std::mem::take(&mut m.journal),
            std::mem::take(&mut m.touched),
            std::mem::take(&mut m.undo),
        );
        let old = std::mem::replace(&mut *m, Memory { reviews, drafts, journal, touched, ..fresh });
        if old.stats != Stats::default() {
            let replaced = super::Replaced { stamp: stamp.clone(), head, stats: old.stats.clone(), undo };
            m.replaced = Some((Box::new(Memory { replaced: None, ..old }), replaced));
        }
        Ok(())
    }
    fn replaced(&self) -> StoreResult<Option<super::Replaced>> {
        Ok(self.read().replaced.as_ref().map(|(_, r)| r.clone()))
    }
    fn bring_back(&self) -> StoreResult<super::Replaced> {
        let mut m = self.write()?;
        let head = m.head();
        let replaced = match &m.replaced {
            None => return Err(StoreError::NothingReplaced),
            Some((_, r)) if r.head != head => {
                return Err(StoreError::ReplacedSince { entries: head.saturating_sub(r.head) });
            }
            Some((_, r)) => r.clone(),
        };
        let (kept, _) = m.replaced.take().expect("looked at above");
        let (reviews, drafts, journal, touched) = (
            std::mem::take(&mut m.reviews),
            std::mem::take(&mut m.drafts),
            std::mem::take(&mut m.journal),
            std::mem::take(&mut m.touched),
        );
        *m = Memory { reviews, drafts, journal, touched, undo: replaced.undo.clone(), replaced: None, ..*kept };
        Ok(replaced)
    }
    fn size_report(&self) -> StoreResult<SizeReport> {
        let m = self.read();
        Ok(SizeReport { employee_values: m.employees.len() as u64, ..SizeReport::default() })
    }
    fn next_ids(&self) -> StoreResult<(UnitId, PositionId)> {
        let m = self.read();
        let unit = m.units.keys().next_back().map_or(1, |u| u.0 + 1);
        let position = m.positions.keys().next_back().map_or(1, |p| p.0 + 1);
        Ok((UnitId(unit), PositionId(position)))
    }
    fn commit(
        &self,
        change: &StructureChange,
        mut entry: JournalEntry,
        consumed: Option<&str>,
        against: u64,
    ) -> StoreResult<JournalEntry> {
        let mut m = self.write()?;
        let head = m.head();
        let touched = change.touched();
        if let Some(made) = crate::store::settle_against(
            &entry,
            &touched,
            against,
            head,
            |seq| Ok(m.touched.get(&seq).cloned()),
            |seq| Ok(m.journal.get(&seq).cloned()),
            &*m,
        )? {
            return Ok(made);
        }
        // Everything is worked out before anything is changed: an error leaves the
        // store as it was.
        let derived = derive::derive(&*m, change)?;
        m.apply(change, derived);
        entry.seq = head + 1;
        m.undo = m.undo.after(&entry.origin, entry.seq);
        m.journal.insert(entry.seq, entry.clone());
        m.touched.insert(entry.seq, touched);
        if let Some(name) = consumed {
            m.drafts.remove(name);
        }
        Ok(entry)
    }
    fn touched(&self, seq: u64) -> StoreResult<Option<crate::store::Touched>> {
        Ok(self.read().touched.get(&seq).cloned())
    }
    fn journal_head(&self) -> StoreResult<u64> {
        Ok(self.read().head())
    }
    fn journal(&self) -> StoreResult<Vec<JournalEntry>> {
        Ok(self.read().journal.values().cloned().collect())
    }
    fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>> {
        Ok(self.read().journal.get(&seq).cloned())
    }
    fn undo_state(&self) -> StoreResult<UndoState> {
        Ok(self.read().undo.clone())
    }
    fn drafts(&self) -> StoreResult<Vec<Draft>> {
        Ok(self.read().drafts.values().cloned().collect())
    }
    fn put_draft(&self, draft: &Draft) -> StoreResult<()> {
        self.write()?.drafts.insert(draft.name.clone(), draft.clone());
        Ok(())
    }
    fn remove_draft(&self, name: &str) -> StoreResult<bool> {
        Ok(self.write()?.drafts.remove(name).is_some())
    }
    fn restore(&self, whole: &super::Whole) -> StoreResult<()> {
        let fresh = Memory::of(&whole.data);
        let mut m = self.write()?;
        *m = Memory {
            journal: whole.journal.iter().map(|e| (e.seq, e.clone())).collect(),
            touched: whole.touched.iter().cloned().collect(),
            undo: whole.undo.clone(),
            reviews: whole.reviews.iter().map(|r| (r.position.clone(), r.clone())).collect(),
            drafts: whole.drafts.iter().map(|d| (d.name.clone(), d.clone())).collect(),
            ..fresh
        };
        Ok(())
    }
    fn verify_integrity(&self) -> StoreResult<Vec<String>> {
        let m = self.read();
        let fresh = Memory::of(&m.dataset());
        let mut problems = Vec::new();
        let mut compare = |name: &str, differs: bool| {
            if differs {
                problems.push(format!("{name}: differs from a rebuild"));
            }
        };
        compare("unit codes", m.unit_code != fresh.unit_code);
        compare("unit children", m.children != fresh.children);
        compare("position codes", m.position_code != fresh.position_code);
        compare("unit positions", m.unit_positions != fresh.unit_positions);
        compare("position holders", m.holders != fresh.holders);
        compare("unit totals", m.totals != fresh.totals);
        compare("people", m.people != fresh.people);
        compare("tokens", m.tokens != fresh.tokens);
        if m.stats != fresh.stats {
            problems.push(format!("stats: stored {:?}, rebuilt {:?}", m.stats, fresh.stats));
        }
        Ok(problems)
    }
}

fn profile_of(m: &Memory, nip: Nip) -> Option<Profile> {
    let employee = m.employees.get(&nip)?.clone();
    let r = m.records.get(&nip).cloned().unwrap_or_default();
    Some(Profile {
        employee,
        grade_history: m.grades.get(&nip).cloned().unwrap_or_default(),
        position_history: m.posts.get(&nip).cloned().unwrap_or_default(),
        ratings: r.ratings,
        assessments: r.assessments,
        penalties: r.penalties,
        trainings: r.trainings,
        credit_points: m.credits.get(&nip).cloned().unwrap_or_default(),
    })
}
