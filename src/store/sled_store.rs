//! The embedded backend: one sled database per jabat database.
//!
//! Layout: the default tree holds metadata (`schema`, `generation`, `stats`). The
//! content lives in trees named `g<generation>.<name>`. A bulk replace writes a whole
//! new generation beside the current one, flushes it, then flips `generation` with one
//! single-key write: a crash before the flip leaves the old content, after it the new.
//! Trees of other generations are garbage from an interrupted write, dropped on open.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use super::codec::{bucket_entries, decode, decode_ids, encode, encode_bucket, encode_ids};
use super::keys::{self, TokenOwner};
use super::{Hit, HitTarget, KindFilter, SCHEMA_VERSION, SizeReport, Stats, Store, StoreError, StoreResult, lock};
use crate::model::{
    Assessment, Dataset, Date, Education, Employee, EmploymentStatus, Eselon, Grade, Headcount, Level, Nip, Penalty,
    Position, PositionId, PositionKind, Profile, Rating, StandardEntry, Training, Unit, UnitId, text,
};

const META_SCHEMA: &[u8] = b"schema";
const META_GENERATION: &[u8] = b"generation";
const META_STATS: &[u8] = b"stats";

/// Largest number of token-index entries read for one query token; a one-letter
/// prefix over millions of names would otherwise read a large share of the index.
const MAX_TOKEN_SCAN: usize = 200_000;

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

/// The trees of one generation. Lists (children, positions of a unit, holders,
/// token postings) are packed into one value each: sled costs a few microseconds per
/// key, so a million employees must not mean many millions of keys.
struct Trees {
    generation: u64,
    /// UnitId → UnitValue.
    units: sled::Tree,
    /// code → UnitId.
    unit_code: sled::Tree,
    /// parent UnitId (0 for the roots) → sorted child ids.
    unit_children: sled::Tree,
    /// UnitId → sorted position ids.
    unit_positions: sled::Tree,
    /// UnitId → subtree Headcount.
    unit_totals: sled::Tree,
    /// PositionId → PositionValue.
    positions: sled::Tree,
    /// code → PositionId.
    position_code: sled::Tree,
    /// PositionId → sorted holder NIPs.
    position_holders: sled::Tree,
    /// PositionId → competency standard.
    standards: sled::Tree,
    /// NIP bucket (birth-date digits) → the EmployeeValues of that bucket.
    employees: sled::Tree,
    /// NIP bucket → the RecordsValues (ratings, assessments, penalties, trainings).
    records: sled::Tree,
    /// owner ‖ token ‖ 0 ‖ shard → sorted ids.
    tokens: sled::Tree,
}

impl Trees {
    fn open(db: &sled::Db, generation: u64) -> StoreResult<Trees> {
        let t = |name: &str| db.open_tree(format!("g{generation}.{name}"));
        Ok(Trees {
            generation,
            units: t("units")?,
            unit_code: t("unit_code")?,
            unit_children: t("unit_children")?,
            unit_positions: t("unit_positions")?,
            unit_totals: t("unit_totals")?,
            positions: t("positions")?,
            position_code: t("position_code")?,
            position_holders: t("position_holders")?,
            standards: t("standards")?,
            employees: t("employees")?,
            records: t("records")?,
            tokens: t("tokens")?,
        })
    }

    /// Entity trees (data) and index trees, for the size report.
    fn data_and_indexes(&self) -> ([&sled::Tree; 5], [&sled::Tree; 7]) {
        (
            [&self.units, &self.positions, &self.employees, &self.records, &self.standards],
            [
                &self.unit_code,
                &self.unit_children,
                &self.unit_positions,
                &self.unit_totals,
                &self.position_code,
                &self.position_holders,
                &self.tokens,
            ],
        )
    }
}

/// An employee's records, as written (borrowed; encodes like [`RecordsValue`]).
#[derive(Serialize)]
struct RecordsRef<'a> {
    ratings: &'a [Rating],
    assessments: &'a [Assessment],
    penalties: &'a [Penalty],
    trainings: &'a [Training],
}

/// An employee's records as stored in their bucket.
#[derive(Serialize, Deserialize, Default)]
struct RecordsValue {
    ratings: Vec<Rating>,
    assessments: Vec<Assessment>,
    penalties: Vec<Penalty>,
    trainings: Vec<Training>,
}

/// A unit as stored under its id.
#[derive(Serialize, Deserialize)]
struct UnitValue {
    code: String,
    parent: Option<UnitId>,
    name: String,
    kind: String,
    eselon: Option<Eselon>,
}

/// A position as stored under its id.
#[derive(Serialize, Deserialize)]
struct PositionValue {
    code: String,
    unit: UnitId,
    name: String,
    kind: PositionKind,
    level: Option<Level>,
    eselon: Option<Eselon>,
    class: Option<u8>,
    needed: Option<u32>,
    head: bool,
}

/// An employee as stored under the NIP (which the value therefore omits).
#[derive(Serialize, Deserialize)]
struct EmployeeValue {
    name: String,
    status: EmploymentStatus,
    grade: Option<Grade>,
    grade_since: Option<Date>,
    position: Option<PositionId>,
    position_since: Option<Date>,
    education: Option<Education>,
    service_start_override: Option<Date>,
    potential: Option<u8>,
}

fn unit_value(u: &Unit) -> UnitValue {
    UnitValue { code: u.code.clone(), parent: u.parent, name: u.name.clone(), kind: u.kind.clone(), eselon: u.eselon }
}

fn unit_from(id: UnitId, v: UnitValue) -> Unit {
    Unit { id, code: v.code, parent: v.parent, name: v.name, kind: v.kind, eselon: v.eselon }
}

fn position_value(p: &Position) -> PositionValue {
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

fn position_from(id: PositionId, v: PositionValue) -> Position {
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

fn employee_value(e: &Employee) -> EmployeeValue {
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

fn employee_from(nip: Nip, v: EmployeeValue) -> Employee {
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

/// The sled backend of [`Store`].
pub struct SledStore {
    db: sled::Db,
    dir: PathBuf,
    trees: RwLock<Arc<Trees>>,
}

impl SledStore {
    /// Opens (creating if needed) the database in directory `dir`. Fails at once with
    /// [`StoreError::Locked`] when another process holds it.
    pub fn open(dir: &Path) -> StoreResult<SledStore> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Backend(format!("cannot create database directory {}: {e}", dir.display())))?;
        let db = match sled::Config::new().path(dir).cache_capacity(128 * 1024 * 1024).open() {
            Ok(db) => db,
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                let path = dir.display().to_string();
                return Err(match lock::read(dir) {
                    Some(h) => StoreError::Locked { path, pid: h.pid, user: h.user, since: h.since },
                    None => StoreError::LockedUnknown { path },
                });
            }
            Err(e) => return Err(StoreError::Backend(format!("cannot open database {}: {e}", dir.display()))),
        };
        lock::write(dir)
            .map_err(|e| StoreError::Backend(format!("cannot write lock info in {}: {e}", dir.display())))?;

        let schema = match db.get(META_SCHEMA)? {
            Some(v) => u32::from_be_bytes(
                v.as_ref().try_into().map_err(|_| StoreError::Corrupt("schema version is not 4 bytes".into()))?,
            ),
            None => {
                db.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())?;
                SCHEMA_VERSION
            }
        };
        if schema > SCHEMA_VERSION {
            lock::clear(dir);
            return Err(StoreError::NewerSchema {
                path: dir.display().to_string(),
                found: schema,
                supported: SCHEMA_VERSION,
            });
        }
        migrate(&db, schema)?;

        let generation = match db.get(META_GENERATION)? {
            Some(v) => keys::read_u64(&v, 0),
            None => 0,
        };
        drop_other_generations(&db, generation)?;
        let trees = Trees::open(&db, generation)?;
        Ok(SledStore { db, dir: dir.to_path_buf(), trees: RwLock::new(Arc::new(trees)) })
    }

    fn trees(&self) -> Arc<Trees> {
        self.trees.read().expect("trees lock").clone()
    }

    fn employees_at(&self, t: &Trees, nips: impl Iterator<Item = Nip>) -> StoreResult<Vec<Employee>> {
        let mut out = Vec::new();
        for nip in nips {
            if let Some(bytes) = Self::bucket_entry(&t.employees, nip, "employees")? {
                out.push(employee_from(nip, decode(&bytes, "employee")?));
            }
        }
        Ok(out)
    }

    /// The encoded value of `nip` in a bucketed tree.
    fn bucket_entry(tree: &sled::Tree, nip: Nip, what: &str) -> StoreResult<Option<Vec<u8>>> {
        let Some(bucket) = tree.get(keys::nip_bucket(nip.as_u64()))? else { return Ok(None) };
        let suffix = keys::nip_suffix(nip.as_u64());
        let entries = bucket_entries(&bucket, what)?;
        Ok(entries.binary_search_by_key(&suffix, |(s, _)| *s).ok().map(|i| entries[i].1.to_vec()))
    }

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

    /// Every (NIP, encoded value) of a bucketed tree, in NIP order.
    fn for_each_in_buckets(
        tree: &sled::Tree,
        what: &str,
        mut each: impl FnMut(Nip, &[u8]) -> StoreResult<()>,
    ) -> StoreResult<()> {
        for kv in tree.iter() {
            let (key, bucket) = kv?;
            for (suffix, bytes) in bucket_entries(&bucket, what)? {
                each(Nip::from_u64(keys::nip_of(&key, suffix)).map_err(StoreError::Corrupt)?, bytes)?;
            }
        }
        Ok(())
    }

    fn list<T: serde::de::DeserializeOwned>(tree: &sled::Tree, key: &[u8], what: &str) -> StoreResult<Vec<T>> {
        match tree.get(key)? {
            Some(v) => decode(&v, what),
            None => Ok(Vec::new()),
        }
    }

    /// Writes every tree of generation `t` from `data`, each in key order (sled
    /// appends faster than it inserts at random), on two threads.
    fn write_generation(t: &Trees, data: &Dataset) -> StoreResult<()> {
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
            let mut post = |owner: TokenOwner, text: &str, id: u64| {
                for tok in text::tokens(text) {
                    postings.entry(keys::token(owner, &tok, owner.shard(id))).or_default().push(id);
                }
            };
            for u in &data.units {
                post(TokenOwner::Unit, &format!("{} {}", u.name, u.code), u.id.0 as u64);
            }
            for p in &positions {
                post(TokenOwner::Position, &format!("{} {}", p.name, p.code), p.id.0 as u64);
            }
            for e in &data.employees {
                post(TokenOwner::Employee, &e.name, e.nip.as_u64());
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

    /// The postings of `owner` for one query token, sorted by id: 3 for an exact
    /// token, 2 for a prefix.
    fn token_matches(t: &Trees, owner: TokenOwner, token: &str) -> StoreResult<Vec<(u64, u32)>> {
        let mut out: Vec<(u64, u32)> = Vec::new();
        for kv in t.tokens.scan_prefix(keys::token_prefix(owner, token)) {
            let (key, value) = kv?;
            let score = if keys::token_is_exact(&key, token) { 3 } else { 2 };
            out.extend(decode_ids(&value, "token postings")?.into_iter().map(|id| (id, score)));
            if out.len() >= MAX_TOKEN_SCAN {
                break;
            }
        }
        // Several tokens can share the prefix: keep each id once, with its best score.
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        out.dedup_by_key(|(id, _)| *id);
        Ok(out)
    }

    /// Ids of `owner` matching every query token, with summed scores, by merging
    /// the sorted postings (no hashing: common words have hundreds of thousands).
    fn all_tokens_match(t: &Trees, owner: TokenOwner, tokens: &[String]) -> StoreResult<Vec<(u64, u32)>> {
        let mut acc: Option<Vec<(u64, u32)>> = None;
        for tok in tokens {
            let found = Self::token_matches(t, owner, tok)?;
            acc = Some(match acc {
                None => found,
                Some(prev) => {
                    let (mut i, mut j, mut both) = (0, 0, Vec::new());
                    while i < prev.len() && j < found.len() {
                        match prev[i].0.cmp(&found[j].0) {
                            std::cmp::Ordering::Less => i += 1,
                            std::cmp::Ordering::Greater => j += 1,
                            std::cmp::Ordering::Equal => {
                                both.push((prev[i].0, prev[i].1 + found[j].1));
                                i += 1;
                                j += 1;
                            }
                        }
                    }
                    both
                }
            });
            if acc.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        Ok(acc.unwrap_or_default())
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        let _ = self.db.flush();
        lock::clear(&self.dir);
    }
}

/// Upgrades a database written with an older schema, one step at a time, each step in
/// its own atomic write. Schema 1 is the first; later steps are appended here.
fn migrate(db: &sled::Db, found: u32) -> StoreResult<()> {
    type Step = fn(&sled::Db) -> StoreResult<()>;
    const STEPS: &[Step] = &[];
    for version in found..SCHEMA_VERSION {
        let step = STEPS
            .get(version as usize - 1)
            .ok_or_else(|| StoreError::Corrupt(format!("no migration from schema {version}")))?;
        step(db)?;
        db.insert(META_SCHEMA, &(version + 1).to_be_bytes())?;
        db.flush()?;
    }
    Ok(())
}

fn drop_other_generations(db: &sled::Db, current: u64) -> StoreResult<()> {
    let prefix = format!("g{current}.");
    for name in db.tree_names() {
        let name = String::from_utf8_lossy(&name).into_owned();
        if name.starts_with('g') && name.contains('.') && !name.starts_with(&prefix) {
            db.drop_tree(name.as_bytes())?;
        }
    }
    Ok(())
}

impl Store for SledStore {
    fn location(&self) -> String {
        self.dir.display().to_string()
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
        t.units.get(keys::unit(id))?.map(|v| decode(&v, "unit").map(|v| unit_from(id, v))).transpose()
    }

    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        let t = self.trees();
        match t.unit_code.get(code.as_bytes())? {
            Some(id) => self.unit(UnitId(keys::read_u32(&id, 0))),
            None => Ok(None),
        }
    }

    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        self.children_of_key(Some(id))
    }

    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        let t = self.trees();
        let mut out = Vec::new();
        for id in Self::id_list(&t.unit_positions, &keys::unit(unit), "positions of a unit")? {
            let id = PositionId(id as u32);
            if let Some(v) = t.positions.get(keys::position(id))? {
                out.push(position_from(id, decode(&v, "position")?));
            }
        }
        Ok(out)
    }

    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount> {
        match self.trees().unit_totals.get(keys::unit(id))? {
            Some(v) => decode(&v, "unit totals"),
            None => Ok(Headcount::default()),
        }
    }

    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        let t = self.trees();
        t.positions.get(keys::position(id))?.map(|v| decode(&v, "position").map(|v| position_from(id, v))).transpose()
    }

    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        let t = self.trees();
        match t.position_code.get(code.as_bytes())? {
            Some(id) => self.position(PositionId(keys::read_u32(&id, 0))),
            None => Ok(None),
        }
    }

    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        let t = self.trees();
        let nips = Self::id_list(&t.position_holders, &keys::position(position), "holders")?;
        self.employees_at(&t, nips.into_iter().filter_map(|n| Nip::from_u64(n).ok()))
    }

    fn holder_count(&self, position: PositionId) -> StoreResult<u64> {
        let t = self.trees();
        Ok(Self::id_list(&t.position_holders, &keys::position(position), "holders")?.len() as u64)
    }

    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>> {
        Self::list(&self.trees().standards, &keys::position(position), "standard")
    }

    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        let t = self.trees();
        Ok(self.employees_at(&t, std::iter::once(nip))?.pop())
    }

    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>> {
        let t = self.trees();
        let Some(employee) = self.employees_at(&t, std::iter::once(nip))?.pop() else { return Ok(None) };
        let records: RecordsValue = match Self::bucket_entry(&t.records, nip, "records")? {
            Some(v) => decode(&v, "records")?,
            None => RecordsValue::default(),
        };
        Ok(Some(Profile {
            employee,
            ratings: records.ratings,
            assessments: records.assessments,
            penalties: records.penalties,
            trainings: records.trainings,
        }))
    }

    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>> {
        // Scores: 100 exact code or NIP, 50 NIP prefix, else the token scores summed.
        const UNIT: u8 = 0;
        const POSITION: u8 = 1;
        const EMPLOYEE: u8 = 2;
        let t = self.trees();
        let raw = query.trim();
        // Exact code and NIP hits are few; token hits can be hundreds of thousands and
        // are already unique per kind. Both go into one list; duplicates are removed
        // after the top is chosen.
        let mut ranked: Vec<(u32, u8, u64)> = Vec::new();
        let mut add = |kind: u8, id: u64, score: u32| ranked.push((score, kind, id));
        if raw.is_empty() {
            return Ok(Vec::new());
        }
        if kinds.units {
            if let Some(id) = t.unit_code.get(raw.as_bytes())? {
                add(UNIT, keys::read_u32(&id, 0) as u64, 100);
            }
        }
        if kinds.positions {
            if let Some(id) = t.position_code.get(raw.as_bytes())? {
                add(POSITION, keys::read_u32(&id, 0) as u64, 100);
            }
        }
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if kinds.employees && digits.len() >= 4 && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
            // A decimal prefix of an 18-digit number is a contiguous range of numbers.
            let scale = 10u64.pow(18 - digits.len() as u32);
            let low: u64 = digits.parse::<u64>().unwrap_or(0) * scale;
            let high = low + scale;
            let score = if digits.len() == 18 { 100 } else { 50 };
            let mut found = 0;
            let buckets = keys::nip_bucket(low)..=keys::nip_bucket(high - 1);
            'buckets: for kv in t.employees.range(buckets) {
                let (key, bucket) = kv?;
                for (suffix, _) in bucket_entries(&bucket, "employees")? {
                    let nip = keys::nip_of(&key, suffix);
                    if (low..high).contains(&nip) {
                        add(EMPLOYEE, nip, score);
                        found += 1;
                        if found >= limit.max(1) {
                            break 'buckets;
                        }
                    }
                }
            }
        }
        let tokens = text::query_tokens(raw);
        if !tokens.is_empty() {
            for (enabled, owner, kind) in [
                (kinds.units, TokenOwner::Unit, UNIT),
                (kinds.positions, TokenOwner::Position, POSITION),
                (kinds.employees, TokenOwner::Employee, EMPLOYEE),
            ] {
                if enabled {
                    for (id, score) in Self::all_tokens_match(&t, owner, &tokens)? {
                        add(kind, id, score);
                    }
                }
            }
        }
        // Best first: higher score, then units before positions before employees, then id.
        let order = |a: &(u32, u8, u64), b: &(u32, u8, u64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
        // Keep enough to fill `limit` after duplicates (a code hit is also a token hit).
        let keep = limit.saturating_mul(2).max(limit + 8);
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep, order);
            ranked.truncate(keep);
        }
        ranked.sort_unstable_by(order);
        let mut seen = std::collections::HashSet::new();
        ranked.retain(|(_, kind, id)| seen.insert((*kind, *id)));
        let mut hits = Vec::new();
        for (score, kind, id) in ranked {
            if hits.len() >= limit {
                break;
            }
            let target = match kind {
                UNIT => self.unit(UnitId(id as u32))?.map(HitTarget::Unit),
                POSITION => self.position(PositionId(id as u32))?.map(HitTarget::Position),
                _ => self.employees_at(&t, Nip::from_u64(id).ok().into_iter())?.pop().map(HitTarget::Employee),
            };
            if let Some(target) = target {
                hits.push(Hit { score, target });
            }
        }
        Ok(hits)
    }

    fn load_dataset(&self) -> StoreResult<Dataset> {
        let t = self.trees();
        let mut data = Dataset::default();
        for kv in t.units.iter() {
            let (k, v) = kv?;
            data.units.push(unit_from(UnitId(keys::read_u32(&k, 0)), decode(&v, "unit")?));
        }
        for kv in t.positions.iter() {
            let (k, v) = kv?;
            data.positions.push(position_from(PositionId(keys::read_u32(&k, 0)), decode(&v, "position")?));
        }
        Self::for_each_in_buckets(&t.employees, "employees", |nip, bytes| {
            data.employees.push(employee_from(nip, decode(bytes, "employee")?));
            Ok(())
        })?;
        for kv in t.standards.iter() {
            let (k, v) = kv?;
            data.standards.insert(PositionId(keys::read_u32(&k, 0)), decode(&v, "standard")?);
        }
        Self::for_each_in_buckets(&t.records, "records", |nip, bytes| {
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

    fn replace_dataset(&self, data: &Dataset) -> StoreResult<()> {
        let mut current = self.trees.write().expect("trees lock");
        let old_generation = current.generation;
        let generation = old_generation + 1;
        // Leftovers of an interrupted write of this generation number.
        drop_other_generations(&self.db, old_generation)?;
        let fresh = Trees::open(&self.db, generation)?;
        Self::write_generation(&fresh, data)?;
        self.db.insert(META_STATS, encode(&Stats::of(data)))?;
        self.db.flush()?;
        // The flip: one key, written after everything it points at is durable.
        self.db.insert(META_GENERATION, &generation.to_be_bytes())?;
        self.db.flush()?;
        *current = Arc::new(fresh);
        drop(current);
        drop_other_generations(&self.db, generation)?;
        Ok(())
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
        Self::for_each_in_buckets(&t.employees, "employees", |_, bytes| {
            report.employee_value_bytes += bytes.len() as u64;
            report.employee_values += 1;
            Ok(())
        })?;
        report.on_disk_bytes = self.db.size_on_disk()?;
        Ok(report)
    }
}

impl SledStore {
    fn children_of_key(&self, parent: Option<UnitId>) -> StoreResult<Vec<Unit>> {
        let t = self.trees();
        let mut out = Vec::new();
        for id in Self::id_list(&t.unit_children, &keys::children_of(parent), "children")? {
            let id = UnitId(id as u32);
            if let Some(v) = t.units.get(keys::unit(id))? {
                out.push(unit_from(id, decode(&v, "unit")?));
            }
        }
        Ok(out)
    }

    /// A packed id list, empty when absent.
    fn id_list(tree: &sled::Tree, key: &[u8], what: &str) -> StoreResult<Vec<u64>> {
        match tree.get(key)? {
            Some(v) => decode_ids(&v, what),
            None => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Unit;

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
    fn a_newer_schema_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            store.db.insert(META_SCHEMA, &99u32.to_be_bytes()).unwrap();
        }
        let err = SledStore::open(dir.path()).err().expect("refused");
        assert!(matches!(err, StoreError::NewerSchema { found: 99, supported: SCHEMA_VERSION, .. }));
        assert!(err.to_string().contains("newer than this jabat understands"), "{err}");
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
