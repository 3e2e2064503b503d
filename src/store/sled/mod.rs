//! The embedded backend: one sled database per jabat database.
//!
//! `open` opens and closes a database (locks, upgrades, copies of read-only ones),
//! `trees` names the trees of a generation, `values` the shapes stored in them,
//! `bulk` writes a whole generation, `edit` commits a change, `search` answers queries
//! from the token index; the reads are here.
//!
//! Layout: the default tree holds metadata (`schema`, `generation`, `stats`). The
//! content lives in trees named `g<generation>.<name>`. A bulk replace writes a whole
//! new generation beside the current one, flushes it, then flips `generation` with one
//! single-key write: a crash before the flip leaves the old content, after it the new.
//! Trees of other generations are garbage from an interrupted write, dropped on open.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::model::{
    Dataset, Draft, Employee, Headcount, JournalEntry, Nip, People, Position, PositionId, Profile, Review,
    StandardEntry, Task, UndoState, Unit, UnitId,
};
use crate::store::codec::{decode, decode_ids, encode};
use crate::store::{Hit, KindFilter, SizeReport, Stats, Store, StoreError, StoreResult};

mod buckets;
mod bulk;
mod edit;
mod migrate;
mod open;
mod search;
mod trees;
mod values;

use buckets::Buckets;
use open::{current_generation, drop_other_generations, generation_exists};
use trees::Trees;
use values::*;

const META_SCHEMA: &[u8] = b"schema";
const META_GENERATION: &[u8] = b"generation";
const META_STATS: &[u8] = b"stats";
/// The generation the last replace took away, with what `Store::replaced` says of it
/// (`(u64, Replaced)`); absent when none is kept.
const META_REPLACED: &[u8] = b"replaced";

/// The generation kept by the last replace, and what it was, if there is one whose
/// trees are there.
fn kept(db: &sled::Db) -> StoreResult<Option<(u64, crate::store::Replaced)>> {
    match db.get(META_REPLACED)? {
        Some(v) => {
            let (generation, replaced): (u64, crate::store::Replaced) = decode(&v, "replaced content")?;
            Ok(generation_exists(db, generation).then_some((generation, replaced)))
        }
        None => Ok(None),
    }
}

/// The sled backend of [`Store`].
pub struct SledStore {
    db: sled::Db,
    /// Position code → its review (outside the generations: imports keep it).
    reviews: sled::Tree,
    /// Sequence number → journal entry (outside the generations, like reviews).
    journal: sled::Tree,
    /// Draft name → draft.
    drafts: sled::Tree,
    /// Sequence number → the nodes its change touched (`Touched`), for the overlap
    /// rule of commits prepared against an older journal. Entries from before it was
    /// kept have none, and count as touching everything.
    touched: sled::Tree,
    dir: PathBuf,
    trees: RwLock<Arc<Trees>>,
    /// Opened with `--read-only`: every write is refused.
    read_only: bool,
    /// For a database on a disk this process cannot write (a read-only mount): where
    /// it really is, and the copy opened instead (sled writes while it opens).
    copy_of: Option<(PathBuf, tempfile::TempDir)>,
}

impl SledStore {
    /// Refuses a bulk write the disk has no room for, before writing anything: a full
    /// disk half way through leaves sled unable even to open the database there.
    /// The estimate is generous (a new generation beside the old one, with sled's log).
    fn room_for(&self, data: &Dataset) -> StoreResult<()> {
        let records: usize = data.ratings.values().map(Vec::len).sum::<usize>()
            + data.assessments.values().map(Vec::len).sum::<usize>()
            + data.trainings.values().map(Vec::len).sum::<usize>()
            + data.grade_history.values().map(Vec::len).sum::<usize>()
            + data.credit_points.values().map(Vec::len).sum::<usize>()
            + 4 * data.position_history.values().map(Vec::len).sum::<usize>();
        // About what the sample's generations take (800 bytes an employee with their
        // records, 300 a unit or position), and room left to open the database after.
        let bytes = (800 * data.employees.len() + 300 * (data.units.len() + data.positions.len()) + 8 * records) as u64
            + (8 << 20);
        match fs4::available_space(&self.dir) {
            Ok(free) if free < bytes => Err(StoreError::DiskFull {
                path: self.dir.display().to_string(),
                needed_mb: bytes.div_ceil(1 << 20),
                free_mb: free / (1 << 20),
            }),
            _ => Ok(()),
        }
    }

    /// Refuses a write when opened read-only.
    fn writable(&self) -> StoreResult<()> {
        if self.read_only { Err(StoreError::ReadOnly) } else { Ok(()) }
    }

    fn trees(&self) -> Arc<Trees> {
        self.trees.read().expect("trees lock").clone()
    }

    /// The employees of `nips` that exist, in NIP order, each bucket read once.
    fn employees_at(&self, t: &Trees, nips: impl Iterator<Item = Nip>) -> StoreResult<Vec<Employee>> {
        let ids: Vec<u64> = nips.map(Nip::as_u64).collect();
        let mut out = Vec::with_capacity(ids.len());
        t.employees.for_many(&ids, |id, bytes| {
            out.push(employee_from(Nip::from_u64(id).map_err(StoreError::Corrupt)?, decode(bytes, "employee")?));
            Ok(())
        })?;
        Ok(out)
    }

    /// Everything generation `t` holds.
    fn dataset_of(t: &Trees) -> StoreResult<Dataset> {
        let mut data = Dataset::default();
        t.units.for_each(|id, v| {
            data.units.push(unit_from(UnitId(id as u32), decode(v, "unit")?));
            Ok(())
        })?;
        t.positions.for_each(|id, v| {
            data.positions.push(position_from(PositionId(id as u32), decode(v, "position")?));
            Ok(())
        })?;
        Self::for_each_nip(&t.employees, |nip, bytes| {
            data.employees.push(employee_from(nip, decode(bytes, "employee")?));
            Ok(())
        })?;
        t.standards.for_each(|id, v| {
            data.standards.insert(PositionId(id as u32), decode(v, "standard")?);
            Ok(())
        })?;
        t.tasks.for_each(|id, v| {
            data.tasks.insert(PositionId(id as u32), decode(v, "tasks")?);
            Ok(())
        })?;
        t.anjab.for_each(|id, v| {
            data.anjab.insert(PositionId(id as u32), decode(v, "anjab")?);
            Ok(())
        })?;
        for entry in t.unor.iter() {
            let (code, unor) = entry?;
            data.unor_ids.insert(utf8(&code, "unor: code")?, utf8(&unor, "unor: id")?);
        }
        Self::for_each_nip(&t.grades, |nip, bytes| {
            data.grade_history.insert(nip, decode(bytes, "grade history")?);
            Ok(())
        })?;
        Self::for_each_nip(&t.posts, |nip, bytes| {
            data.position_history.insert(nip, decode(bytes, "position history")?);
            Ok(())
        })?;
        Self::for_each_nip(&t.credits, |nip, bytes| {
            data.credit_points.insert(nip, decode(bytes, "credit points")?);
            Ok(())
        })?;
        Self::for_each_nip(&t.records, |nip, bytes| {
            let r: RecordsValue = decode(bytes, "records")?;
            if !r.ratings.is_empty() {
                data.ratings.insert(nip, r.ratings);
            }
            if !r.assessments.is_empty() {
                data.assessments.insert(nip, r.assessments);
            }
            if !r.penalties.is_empty() {
                data.penalties.insert(nip, r.penalties);
            }
            if !r.trainings.is_empty() {
                data.trainings.insert(nip, r.trainings);
            }
            Ok(())
        })?;
        Ok(data)
    }

    /// Every (NIP, encoded value) of a tree bucketed by NIP, in NIP order.
    fn for_each_nip(tree: &Buckets, mut each: impl FnMut(Nip, &[u8]) -> StoreResult<()>) -> StoreResult<()> {
        tree.for_each(|id, bytes| each(Nip::from_u64(id).map_err(StoreError::Corrupt)?, bytes))
    }
}

impl Store for SledStore {
    fn location(&self) -> String {
        match &self.copy_of {
            Some((original, _)) => original.display().to_string(),
            None => self.dir.display().to_string(),
        }
    }

    fn stats(&self) -> StoreResult<Stats> {
        match self.db.get(META_STATS)? {
            Some(v) => decode(&v, "stats"),
            None => Ok(Stats::default()),
        }
    }

    fn roots(&self) -> StoreResult<Vec<Unit>> {
        self.children_of_key(None)
    }

    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        let t = self.trees();
        t.units.get(u64::from(id.0))?.map(|v| decode(&v, "unit").map(|v| unit_from(id, v))).transpose()
    }

    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        let t = self.trees();
        match t.unit_code.get(code)? {
            Some(id) => self.unit(UnitId(id as u32)),
            None => Ok(None),
        }
    }

    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        self.children_of_key(Some(id))
    }

    fn child_count(&self, id: UnitId) -> StoreResult<usize> {
        Ok(Self::id_list(&self.trees().unit_children, u64::from(id.0), "children")?.len())
    }

    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        let t = self.trees();
        let ids = Self::id_list(&t.unit_positions, u64::from(unit.0), "positions of a unit")?;
        let mut out = Vec::with_capacity(ids.len());
        t.positions.for_many(&ids, |id, v| {
            out.push(position_from(PositionId(id as u32), decode(v, "position")?));
            Ok(())
        })?;
        Ok(out)
    }

    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount> {
        match self.trees().unit_totals.get(u64::from(id.0))? {
            Some(v) => decode(&v, "unit totals"),
            None => Ok(Headcount::default()),
        }
    }

    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        let t = self.trees();
        t.positions.get(u64::from(id.0))?.map(|v| decode(&v, "position").map(|v| position_from(id, v))).transpose()
    }

    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        let t = self.trees();
        match t.position_code.get(code)? {
            Some(id) => self.position(PositionId(id as u32)),
            None => Ok(None),
        }
    }

    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        let t = self.trees();
        let nips = Self::id_list(&t.position_holders, u64::from(position.0), "holders")?;
        self.employees_at(&t, nips.into_iter().filter_map(|n| Nip::from_u64(n).ok()))
    }

    fn holder_count(&self, position: PositionId) -> StoreResult<u64> {
        let t = self.trees();
        Ok(Self::id_list(&t.position_holders, u64::from(position.0), "holders")?.len() as u64)
    }

    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        match self.trees().tasks.get(u64::from(position.0))? {
            Some(v) => decode(&v, "tasks"),
            None => Ok(Vec::new()),
        }
    }

    fn anjab(&self, position: PositionId) -> StoreResult<Option<crate::model::JobDescription>> {
        match self.trees().anjab.get(u64::from(position.0))? {
            Some(v) => decode(&v, "anjab").map(Some),
            None => Ok(None),
        }
    }

    fn unor_id(&self, unit_code: &str) -> StoreResult<Option<String>> {
        match self.trees().unor.get(unit_code.as_bytes())? {
            Some(v) => utf8(&v, "unor: id").map(Some),
            None => Ok(None),
        }
    }

    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>> {
        match self.trees().standards.get(u64::from(position.0))? {
            Some(v) => decode(&v, "standard"),
            None => Ok(Vec::new()),
        }
    }

    fn standards(&self, positions: &[PositionId]) -> StoreResult<Vec<Vec<StandardEntry>>> {
        let ids: Vec<u64> = positions.iter().map(|p| u64::from(p.0)).collect();
        let mut found: crate::fxhash::FxHashMap<u64, Vec<StandardEntry>> = Default::default();
        self.trees().standards.for_many(&ids, |id, v| {
            found.insert(id, decode(v, "standard")?);
            Ok(())
        })?;
        Ok(ids.iter().map(|id| found.remove(id).unwrap_or_default()).collect())
    }

    fn all_positions(&self) -> StoreResult<Vec<Position>> {
        use rayon::prelude::*;
        // A national database has 1.6 million positions: buckets are read in order,
        // then decoded on every core.
        let t = self.trees();
        let buckets: Vec<(sled::IVec, sled::IVec)> = t.positions.tree.iter().collect::<Result<_, _>>()?;
        let decoded: Vec<Vec<Position>> = buckets
            .par_iter()
            .map(|(key, bucket)| {
                crate::store::codec::bucket_entries(bucket, "positions")?
                    .into_iter()
                    .map(|(suffix, bytes)| {
                        let id = t.positions.id_of(key, suffix)?;
                        Ok(position_from(PositionId(id as u32), decode(bytes, "position")?))
                    })
                    .collect::<StoreResult<Vec<_>>>()
            })
            .collect::<StoreResult<_>>()?;
        Ok(decoded.into_iter().flatten().collect())
    }

    fn review(&self, code: &str) -> StoreResult<Option<Review>> {
        self.reviews.get(code.as_bytes())?.map(|v| decode(&v, "review")).transpose()
    }

    fn put_review(&self, review: &Review) -> StoreResult<()> {
        self.writable()?;
        self.reviews.insert(review.position.as_bytes(), encode(review))?;
        self.reviews.flush()?;
        Ok(())
    }

    fn reviews(&self) -> StoreResult<Vec<Review>> {
        self.reviews.iter().values().map(|v| decode(&v?, "review")).collect()
    }

    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        let t = self.trees();
        Ok(self.employees_at(&t, std::iter::once(nip))?.pop())
    }

    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>> {
        let t = self.trees();
        let Some(employee) = self.employees_at(&t, std::iter::once(nip))?.pop() else { return Ok(None) };
        let records: RecordsValue = match t.records.get(nip.as_u64())? {
            Some(v) => decode(&v, "records")?,
            None => RecordsValue::default(),
        };
        let grade_history = match t.grades.get(nip.as_u64())? {
            Some(v) => decode(&v, "grade history")?,
            None => Vec::new(),
        };
        let position_history = match t.posts.get(nip.as_u64())? {
            Some(v) => decode(&v, "position history")?,
            None => Vec::new(),
        };
        let credit_points = match t.credits.get(nip.as_u64())? {
            Some(v) => decode(&v, "credit points")?,
            None => Vec::new(),
        };
        Ok(Some(Profile {
            employee,
            grade_history,
            position_history,
            ratings: records.ratings,
            assessments: records.assessments,
            penalties: records.penalties,
            trainings: records.trainings,
            credit_points,
        }))
    }

    fn profiles(&self, nips: &[Nip]) -> StoreResult<Vec<Profile>> {
        let t = self.trees();
        let ids: Vec<u64> = nips.iter().map(|n| n.as_u64()).collect();
        let mut records: std::collections::HashMap<u64, RecordsValue> =
            std::collections::HashMap::with_capacity(ids.len());
        t.records.for_many(&ids, |id, bytes| {
            records.insert(id, decode(bytes, "records")?);
            Ok(())
        })?;
        let mut grades: std::collections::HashMap<u64, Vec<crate::model::GradeStep>> = std::collections::HashMap::new();
        t.grades.for_many(&ids, |id, bytes| {
            grades.insert(id, decode(bytes, "grade history")?);
            Ok(())
        })?;
        let mut posts: std::collections::HashMap<u64, Vec<crate::model::PostHeld>> = std::collections::HashMap::new();
        t.posts.for_many(&ids, |id, bytes| {
            posts.insert(id, decode(bytes, "position history")?);
            Ok(())
        })?;
        let mut credits: std::collections::HashMap<u64, Vec<crate::model::CreditPoints>> =
            std::collections::HashMap::new();
        t.credits.for_many(&ids, |id, bytes| {
            credits.insert(id, decode(bytes, "credit points")?);
            Ok(())
        })?;
        let mut out = Vec::with_capacity(nips.len());
        t.employees.for_many(&ids, |id, bytes| {
            let nip = Nip::from_u64(id).map_err(StoreError::Corrupt)?;
            let r = records.remove(&id).unwrap_or_default();
            out.push(Profile {
                employee: employee_from(nip, decode(bytes, "employee")?),
                grade_history: grades.remove(&id).unwrap_or_default(),
                position_history: posts.remove(&id).unwrap_or_default(),
                ratings: r.ratings,
                assessments: r.assessments,
                penalties: r.penalties,
                trainings: r.trainings,
                credit_points: credits.remove(&id).unwrap_or_default(),
            });
            Ok(())
        })?;
        Ok(out)
    }

    fn people(&self, scope: &[UnitId]) -> StoreResult<Vec<People>> {
        use rayon::prelude::*;
        let t = self.trees();
        let mut prefixes: Vec<Vec<u8>> = Vec::new();
        for unit in scope {
            prefixes.push(match self.unit_path(*unit)?.as_slice() {
                [] => continue,
                [root] => root.id.0.to_be_bytes().to_vec(),
                [root, branch, ..] => [root.id.0.to_be_bytes(), branch.id.0.to_be_bytes()].concat(),
            });
        }
        let mut stored = Vec::new();
        for prefix in &prefixes {
            for kv in t.people.scan_prefix(prefix) {
                stored.push(kv?.1);
            }
        }
        // Decoding is most of the work: every core takes values, each dropped once
        // decoded.
        stored
            .into_par_iter()
            .map(|bytes| {
                let people: People = decode(&bytes, "people")?;
                if !people.is_consistent() {
                    return Err(StoreError::Corrupt("a batch of people has rows out of bounds".into()));
                }
                Ok(people)
            })
            .collect()
    }

    fn people_of_branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>> {
        let t = self.trees();
        let stored = edit::Stored { t: &t, store: self };
        let batches = crate::store::derive::Before::branch_people(&stored, (instansi.0, branch.0))?;
        if batches.iter().any(|b| !b.is_consistent()) {
            return Err(StoreError::Corrupt("a batch of people has rows out of bounds".into()));
        }
        Ok(batches)
    }

    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        let t = self.trees();
        Self::id_list(&t.position_holders, u64::from(position.0), "holders")?
            .into_iter()
            .map(|n| Nip::from_u64(n).map_err(StoreError::Corrupt))
            .collect()
    }

    fn unplaced(&self) -> StoreResult<Vec<Employee>> {
        let t = self.trees();
        let mut nips = Vec::new();
        for key in t.unplaced.iter().keys() {
            let key = key?;
            let bytes: [u8; 8] = key.as_ref().try_into().map_err(|_| StoreError::Corrupt("holding list key".into()))?;
            nips.push(Nip::from_u64(u64::from_be_bytes(bytes)).map_err(StoreError::Corrupt)?);
        }
        self.employees_at(&t, nips.into_iter())
    }

    fn former_holders(&self, code: &str) -> StoreResult<Vec<(Nip, crate::model::PostHeld)>> {
        let t = self.trees();
        let mut histories = Vec::new();
        t.posts.for_many(&t.held.get_all(code)?, |id, bytes| {
            let nip = Nip::from_u64(id).map_err(StoreError::Corrupt)?;
            histories.push((nip, decode::<Vec<crate::model::PostHeld>>(bytes, "position history")?));
            Ok(())
        })?;
        Ok(crate::store::posts_under(code, histories))
    }

    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>> {
        use crate::store::HitTarget;
        use crate::store::search::{Found, search};
        let t = self.trees();
        search(&*t, query, kinds, limit, |found| {
            Ok(match found {
                Found::Unit(id) => self.unit(id)?.map(HitTarget::Unit),
                Found::Position(id) => self.position(id)?.map(HitTarget::Position),
                Found::Employee(nip) => self.employees_at(&t, std::iter::once(nip))?.pop().map(HitTarget::Employee),
            })
        })
    }

    fn load_dataset(&self) -> StoreResult<Dataset> {
        Self::dataset_of(&self.trees())
    }

    fn replace_dataset_by(&self, data: &Dataset, stamp: &crate::model::Stamp) -> StoreResult<()> {
        self.writable()?;
        self.room_for(data)?;
        let mut current = self.trees.write().expect("trees lock");
        let old_generation = current.generation;
        let generation = old_generation + 1;
        let before = self.stats()?;
        let replaced = crate::store::Replaced {
            stamp: stamp.clone(),
            head: self.journal_head_now()?,
            undo: self.undo_now()?,
            stats: before.clone(),
        };
        // What the last replace kept is let go first (its key before its trees, so that
        // the key never names trees that are gone), then the leftovers of an interrupted
        // write of this generation number.
        self.db.remove(META_REPLACED)?;
        self.db.flush()?;
        drop_other_generations(&self.db, &[old_generation])?;
        let fresh = Trees::open(&self.db, generation)?;
        // On a failure (a full disk) nothing more is written: sled 0.34 can damage its
        // log if it keeps writing after running out of room, while what it has is
        // recovered once room is freed. The old generation is untouched either way.
        Self::write_generation(&fresh, data)?;
        self.db.flush()?;
        // The flip: the generation key, with the counts and the (emptied) undo state
        // that belong to it, and what it replaced, in one atomic batch written after
        // everything it points at is durable. The journal's entries no longer fit the
        // new content.
        let mut flip = sled::Batch::default();
        flip.insert(META_STATS, encode(&Stats::of(data)));
        flip.insert(edit::META_UNDO, encode(&crate::model::UndoState::default()));
        flip.insert(META_GENERATION, &generation.to_be_bytes());
        // A content that was empty is not worth keeping.
        let kept = old_generation > 0 && before != Stats::default();
        if kept {
            flip.insert(META_REPLACED, encode(&(old_generation, &replaced)));
        }
        self.db.apply_batch(flip)?;
        self.db.flush()?;
        *current = Arc::new(fresh);
        drop(current);
        let keep: &[u64] = if kept { &[generation, old_generation] } else { &[generation] };
        // The new content is in place: a failure to drop what is not kept now (a disk
        // that filled meanwhile) is no failure of the replace; the next open drops it.
        if let Err(e) = drop_other_generations(&self.db, keep) {
            tracing::warn!("an older content stays on disk until the database is opened again: {e}");
        }
        Ok(())
    }

    fn replaced(&self) -> StoreResult<Option<crate::store::Replaced>> {
        Ok(kept(&self.db)?.map(|(_, r)| r))
    }

    fn bring_back(&self) -> StoreResult<crate::store::Replaced> {
        self.writable()?;
        let mut current = self.trees.write().expect("trees lock");
        let Some((generation, replaced)) = kept(&self.db)? else { return Err(StoreError::NothingReplaced) };
        let head = self.journal_head_now()?;
        if head != replaced.head {
            return Err(StoreError::ReplacedSince { entries: head.saturating_sub(replaced.head) });
        }
        let newer = current.generation;
        // One atomic flip back: the kept generation with its counts and undo state.
        let mut flip = sled::Batch::default();
        flip.insert(META_STATS, encode(&replaced.stats));
        flip.insert(edit::META_UNDO, encode(&replaced.undo));
        flip.insert(META_GENERATION, &generation.to_be_bytes());
        flip.remove(META_REPLACED);
        self.db.apply_batch(flip)?;
        self.db.flush()?;
        *current = Arc::new(Trees::open(&self.db, generation)?);
        drop(current);
        if let Err(e) = drop_other_generations(&self.db, &[generation]) {
            tracing::warn!("generation {newer} stays on disk until the database is opened again: {e}");
        }
        Ok(replaced)
    }

    fn size_report(&self) -> StoreResult<SizeReport> {
        let t = self.trees();
        let sum = |tree: &sled::Tree| -> StoreResult<u64> {
            let mut n = 0;
            for kv in tree.iter() {
                let (k, v) = kv?;
                n += (k.len() + v.len()) as u64;
            }
            Ok(n)
        };
        let (data, indexes) = t.data_and_indexes();
        let mut report = SizeReport::default();
        for tree in data {
            report.data_bytes += sum(tree)?;
        }
        for tree in indexes {
            report.index_bytes += sum(tree)?;
        }
        Self::for_each_nip(&t.employees, |_, bytes| {
            report.employee_value_bytes += bytes.len() as u64;
            report.employee_values += 1;
            Ok(())
        })?;
        report.on_disk_bytes = self.db.size_on_disk()?;
        Ok(report)
    }

    fn next_ids(&self) -> StoreResult<(UnitId, PositionId)> {
        Self::next_ids_of(&self.trees())
    }

    fn commit(
        &self,
        change: &crate::store::StructureChange,
        entry: JournalEntry,
        consumed: Option<&str>,
        against: u64,
    ) -> StoreResult<JournalEntry> {
        self.writable()?;
        self.commit_change(change, entry, consumed, against)
    }

    fn touched(&self, seq: u64) -> StoreResult<Option<crate::store::Touched>> {
        self.touched.get(seq.to_be_bytes())?.map(|v| decode(&v, "touched nodes")).transpose()
    }
    fn journal_head(&self) -> StoreResult<u64> {
        self.journal_head_now()
    }

    fn journal(&self) -> StoreResult<Vec<JournalEntry>> {
        self.journal.iter().map(|kv| decode(&kv?.1, "journal entry")).collect()
    }

    fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>> {
        self.journal.get(seq.to_be_bytes())?.map(|v| decode(&v, "journal entry")).transpose()
    }

    fn undo_state(&self) -> StoreResult<UndoState> {
        self.undo_now()
    }

    fn drafts(&self) -> StoreResult<Vec<Draft>> {
        self.drafts.iter().map(|kv| decode(&kv?.1, "draft")).collect()
    }

    fn put_draft(&self, draft: &Draft) -> StoreResult<()> {
        self.writable()?;
        self.drafts.insert(draft.name.as_bytes(), encode(draft))?;
        self.drafts.flush()?;
        Ok(())
    }

    fn remove_draft(&self, name: &str) -> StoreResult<bool> {
        self.writable()?;
        let existed = self.drafts.remove(name.as_bytes())?.is_some();
        self.drafts.flush()?;
        Ok(existed)
    }

    fn verify_integrity(&self) -> StoreResult<Vec<String>> {
        self.integrity_problems()
    }
    fn restore(&self, whole: &crate::store::Whole) -> StoreResult<()> {
        // Not one atomic write: `jabat copy` restores into a directory of its own and
        // moves it into place once this has returned.
        self.replace_dataset(&whole.data)?;
        for tree in [&self.journal, &self.touched, &self.reviews, &self.drafts] {
            tree.clear()?;
        }
        let mut journal = sled::Batch::default();
        for entry in &whole.journal {
            journal.insert(&entry.seq.to_be_bytes(), encode(entry));
        }
        self.journal.apply_batch(journal)?;
        let mut touched = sled::Batch::default();
        for (seq, t) in &whole.touched {
            touched.insert(&seq.to_be_bytes(), encode(t));
        }
        self.touched.apply_batch(touched)?;
        for review in &whole.reviews {
            self.reviews.insert(review.position.as_bytes(), encode(review))?;
        }
        for draft in &whole.drafts {
            self.drafts.insert(draft.name.as_bytes(), encode(draft))?;
        }
        self.db.insert(edit::META_UNDO, encode(&whole.undo))?;
        self.db.flush()?;
        Ok(())
    }
}

impl SledStore {
    fn children_of_key(&self, parent: Option<UnitId>) -> StoreResult<Vec<Unit>> {
        let t = self.trees();
        let ids = Self::id_list(&t.unit_children, parent.map_or(0, |p| u64::from(p.0)), "children")?;
        let mut out = Vec::with_capacity(ids.len());
        t.units.for_many(&ids, |id, v| {
            out.push(unit_from(UnitId(id as u32), decode(v, "unit")?));
            Ok(())
        })?;
        Ok(out)
    }

    /// A packed id list, empty when absent.
    fn id_list(tree: &Buckets, id: u64, what: &str) -> StoreResult<Vec<u64>> {
        match tree.get(id)? {
            Some(v) => decode_ids(&v, what),
            None => Ok(Vec::new()),
        }
    }
}

/// Stored text read back; anything else is a damaged database.
fn utf8(bytes: &[u8], what: &str) -> StoreResult<String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| StoreError::Corrupt(format!("{what}: not UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::open::locked;
    use super::*;
    use crate::model::Unit;
    use crate::store::lock;

    fn one_unit(code: &str) -> Dataset {
        let unit = Unit {
            id: UnitId(1),
            code: code.into(),
            parent: None,
            name: "Dinas".into(),
            kind: String::new(),
            eselon: None,
        };
        Dataset { units: vec![unit], ..Dataset::default() }
    }

    #[test]
    fn an_interrupted_bulk_write_leaves_the_old_content_and_its_garbage_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&one_unit("OLD")).unwrap();
            // What a process killed mid-write leaves: the next generation half written,
            // the generation key not flipped.
            let next = Trees::open(&store.db, store.trees().generation + 1).unwrap();
            SledStore::write_generation(&next, &one_unit("NEW")).unwrap();
            store.db.flush().unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert_eq!(store.roots().unwrap()[0].code, "OLD");
        let names: Vec<String> = store
            .db
            .tree_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .filter(|n| n.starts_with('g'))
            .collect();
        let current = format!("g{}.", store.trees().generation);
        assert!(names.iter().all(|n| n.starts_with(&current)), "{names:?}");
    }

    #[test]
    fn settling_right_after_a_bulk_write_waits_for_sleds_own_lock() {
        // Regression: reopening at once after dropping the handle sometimes found the
        // file still locked by sled's flusher and failed the import.
        let dir = tempfile::tempdir().unwrap();
        for round in 0..10 {
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&one_unit(&format!("U{round}"))).unwrap();
            store.settle().unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert_eq!(store.roots().unwrap()[0].code, "U9");
    }

    #[test]
    fn a_damaged_generation_key_is_reported_not_a_panic_or_an_empty_database() {
        // Regression: a 3-byte value panicked (keys.rs), and one naming a generation
        // that is not there read as an empty database while the counts said otherwise.
        for (value, says) in [(vec![0u8, 0, 1], "not 8"), (99u64.to_be_bytes().to_vec(), "is missing")] {
            let dir = tempfile::tempdir().unwrap();
            {
                let store = SledStore::open(dir.path()).unwrap();
                store.replace_dataset(&one_unit("U")).unwrap();
                store.db.insert(META_GENERATION, value).unwrap();
                store.db.flush().unwrap();
            }
            let err = SledStore::open(dir.path()).err().expect("refused");
            assert!(matches!(err, StoreError::Corrupt(_)) && err.to_string().contains(says), "{err}");
        }
    }

    #[test]
    fn a_lock_recorded_by_a_process_that_has_gone_names_nobody() {
        // Regression: after a kill -9, two starts at once named the dead process.
        let holder = |pid| lock::Holder { pid, user: "ana".into(), since: "x".into() };
        assert!(matches!(locked("db".into(), Some(holder(std::process::id()))), StoreError::Locked { .. }));
        assert!(matches!(locked("db".into(), Some(holder(0x7fff_fff0))), StoreError::LockedUnknown { .. }));
        assert!(matches!(locked("db".into(), None), StoreError::LockedUnknown { .. }));
    }

    #[test]
    fn a_new_database_is_private_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        drop(SledStore::open(&db).unwrap());
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db), 0o700);
        for entry in std::fs::read_dir(&db).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path) & 0o077, 0, "{} is readable by others", path.display());
        }
    }

    #[test]
    fn the_lock_info_names_this_process_while_open_and_goes_on_close() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let holder = lock::read(dir.path()).unwrap();
        assert_eq!(holder.pid, std::process::id());
        drop(store);
        assert!(lock::read(dir.path()).is_none());
    }
}
