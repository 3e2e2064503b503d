//! Storage. This module is the only code that touches sled, bincode and PostgreSQL.
//!
//! [`Store`] is the backend-neutral interface the rest of jabat uses: it speaks in
//! model types only. [`SledStore`] is the embedded backend, [`PgStore`] the shared
//! one, [`RemoteStore`] a sled database through `jabat serve`, [`MemoryStore`] the
//! reference the others are tested against. What goes wrong is a [`StoreError`]
//! (`error.rs`); the conflict rule every backend's commit applies is `overlap.rs`.

mod codec;
pub(crate) mod derive;
mod error;
mod keys;
mod location;
mod lock;
mod memory;
mod overlap;
pub mod postgres;
pub mod remote;
mod search;
mod sled;
mod whole;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::rules::checks::Finding;

use std::collections::BTreeMap;

use crate::model::{
    Dataset, Draft, Employee, Headcount, JournalEntry, Nip, People, Position, PositionId, PositionKind, Profile,
    Review, StandardEntry, Task, UndoState, Unit, UnitId,
};

pub use error::{StoreError, StoreResult};
pub use location::Location;
pub use lock::{Holder, clear as let_go, holder, make_private};
pub use memory::MemoryStore;
pub use overlap::{Touched, TouchedNode, check_overlap, settle_against};
pub use postgres::PgStore;
pub use remote::RemoteStore;
pub use sled::SledStore;
pub use whole::Whole;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 10;

/// How a database is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenOptions {
    /// Create an empty database when there is none (only `init`, `import` and
    /// `generate` do; everything else reports [`StoreError::Missing`]).
    pub create: bool,
    /// Refuse every write with [`StoreError::ReadOnly`].
    pub read_only: bool,
}

impl OpenOptions {
    /// Open or create, and allow writes (tests, the demo, `init`).
    pub const CREATE: OpenOptions = OpenOptions { create: true, read_only: false };
    /// Open an existing database and allow writes.
    pub const EXISTING: OpenOptions = OpenOptions { create: false, read_only: false };
}

/// Which kinds of node a search looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KindFilter {
    /// Include units.
    pub units: bool,
    /// Include positions.
    pub positions: bool,
    /// Include employees.
    pub employees: bool,
}

impl KindFilter {
    /// Every kind.
    pub const ALL: KindFilter = KindFilter { units: true, positions: true, employees: true };
}

/// What a search hit points at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HitTarget {
    /// A unit.
    Unit(Unit),
    /// A position.
    Position(Position),
    /// An employee.
    Employee(Employee),
}

/// One search result with its score (higher is better).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Rank score: exact code/NIP match beats exact tokens, which beat prefixes.
    pub score: u32,
    /// The node found.
    pub target: HitTarget,
}

/// Counts over the whole database, kept up to date on every write.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Root units (instansi).
    pub instansi: u64,
    /// All units.
    pub units: u64,
    /// All positions.
    pub positions: u64,
    /// Positions by kind, in [`PositionKind::ALL`] order.
    pub positions_by_kind: Vec<(PositionKind, u64)>,
    /// Employees.
    pub employees: u64,
    /// PPPK employees among them.
    pub pppk: u64,
    /// Employees holding no position.
    pub unplaced: u64,
    /// Σ kebutuhan and bezetting over all positions.
    pub headcount: Headcount,
    /// Positions with kebutuhan > 0 and nobody holding them.
    pub vacant_positions: u64,
    /// Positions with more holders than kebutuhan.
    pub overfilled_positions: u64,
}

impl Stats {
    /// Computes the counts of a dataset.
    pub fn of(data: &Dataset) -> Stats {
        let mut holders: std::collections::HashMap<PositionId, u64> = std::collections::HashMap::new();
        let mut stats = Stats {
            instansi: data.units.iter().filter(|u| u.parent.is_none()).count() as u64,
            units: data.units.len() as u64,
            positions: data.positions.len() as u64,
            employees: data.employees.len() as u64,
            ..Stats::default()
        };
        for e in &data.employees {
            if e.status == crate::model::EmploymentStatus::Pppk {
                stats.pppk += 1;
            }
            match e.position {
                Some(p) => *holders.entry(p).or_default() += 1,
                None => stats.unplaced += 1,
            }
        }
        stats.positions_by_kind = PositionKind::ALL.iter().map(|k| (*k, 0)).collect();
        for p in &data.positions {
            let filled = holders.get(&p.id).copied().unwrap_or(0);
            let needed = p.spec.needed.unwrap_or(0) as u64;
            stats.headcount.needed += needed;
            stats.headcount.filled += filled;
            if needed > 0 && filled == 0 {
                stats.vacant_positions += 1;
            }
            if filled > needed && p.spec.needed.is_some() {
                stats.overfilled_positions += 1;
            }
            if let Some(slot) = stats.positions_by_kind.iter_mut().find(|(k, _)| *k == p.spec.kind) {
                slot.1 += 1;
            }
        }
        stats
    }
}

impl Stats {
    /// The counts after `change`, from these (the counts before) and what it touched;
    /// `position` and `holders` read a position and its number of holders before
    /// (`true`) or after the change.
    pub fn after_change<E>(
        &self,
        change: &StructureChange,
        mut position: impl FnMut(PositionId, bool) -> Result<Option<Position>, E>,
        mut holders: impl FnMut(PositionId, bool) -> Result<usize, E>,
    ) -> Result<Stats, E> {
        fn bump(n: &mut u64, by: i64) {
            *n = n.saturating_add_signed(by);
        }
        let mut s = self.clone();
        for v in change.units.values() {
            for (u, sign) in [(&v.before, -1), (&v.after, 1)] {
                if let Some(u) = u {
                    bump(&mut s.units, sign);
                    if u.parent.is_none() {
                        bump(&mut s.instansi, sign);
                    }
                }
            }
        }
        let mut touched: std::collections::BTreeSet<PositionId> = change.positions.keys().copied().collect();
        touched.extend(change.holders.keys());
        for pid in touched {
            for (before, sign) in [(true, -1), (false, 1)] {
                let Some(p) = position(pid, before)? else { continue };
                let filled = holders(pid, before)? as u64;
                let needed = u64::from(p.spec.needed.unwrap_or(0));
                bump(&mut s.positions, sign);
                bump(&mut s.headcount.needed, sign * needed as i64);
                bump(&mut s.headcount.filled, sign * filled as i64);
                if needed > 0 && filled == 0 {
                    bump(&mut s.vacant_positions, sign);
                }
                if filled > needed && p.spec.needed.is_some() {
                    bump(&mut s.overfilled_positions, sign);
                }
                if let Some(slot) = s.positions_by_kind.iter_mut().find(|(k, _)| *k == p.spec.kind) {
                    bump(&mut slot.1, sign);
                }
            }
        }
        for v in change.employees.values() {
            for (e, sign) in [(&v.before, -1), (&v.after, 1)] {
                if e.as_ref().is_some_and(|e| e.position.is_none()) {
                    bump(&mut s.unplaced, sign);
                }
            }
        }
        Ok(s)
    }
}

/// On-disk size of a database, split as sled allows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeReport {
    /// Bytes of keys and values of entity trees (logical).
    pub data_bytes: u64,
    /// Bytes of keys and values of index trees (logical).
    pub index_bytes: u64,
    /// Bytes of encoded employee values only, and how many.
    pub employee_value_bytes: u64,
    /// Number of employee values.
    pub employee_values: u64,
    /// What the backend occupies on disk (its own overhead included).
    pub on_disk_bytes: u64,
}

/// An entity before and after a change (`None`: absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Versions<T> {
    /// As stored now.
    pub before: Option<T>,
    /// As the change leaves it.
    pub after: Option<T>,
}

/// A structural change as the store persists it: every unit, position and employee it
/// touches before and after, and the lists that change with them (each list in full,
/// as it will be). The edit module computes it; the store derives the rest (code and
/// search indexes, subtree totals, the people of each branch, the counts) and writes
/// it all atomically.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StructureChange {
    /// Units touched.
    pub units: BTreeMap<UnitId, Versions<Unit>>,
    /// Positions touched.
    pub positions: BTreeMap<PositionId, Versions<Position>>,
    /// Employees touched (never added or removed by an edit).
    pub employees: BTreeMap<Nip, Versions<Employee>>,
    /// Children of each touched parent (`None`: the roots), sorted.
    pub children: BTreeMap<Option<UnitId>, Vec<UnitId>>,
    /// Positions of each touched unit, sorted.
    pub unit_positions: BTreeMap<UnitId, Vec<PositionId>>,
    /// Holders of each touched position, sorted.
    pub holders: BTreeMap<PositionId, Vec<Nip>>,
    /// Standards of added or removed positions (empty: none).
    pub standards: BTreeMap<PositionId, Vec<StandardEntry>>,
    /// Tasks of added or removed positions (empty: none).
    pub tasks: BTreeMap<PositionId, Vec<Task>>,
    /// The whole position history of each employee whose history a move extends (or
    /// whose undone move takes its entry back).
    pub posts: BTreeMap<Nip, Vec<crate::model::PostHeld>>,
    /// The job description (anjab) of each position whose anjab is set or cleared.
    pub anjab: BTreeMap<PositionId, Option<crate::model::JobDescription>>,
}

impl StructureChange {
    /// The units it touches: each changed unit with its parent before and after, and
    /// the unit of each changed position before and after. (Units whose positions only
    /// change holders are the callers' to add: that needs reading the positions.)
    pub fn touched_units(&self) -> std::collections::BTreeSet<UnitId> {
        let mut touched = std::collections::BTreeSet::new();
        for (id, v) in &self.units {
            touched.insert(*id);
            touched.extend(v.before.as_ref().and_then(|u| u.parent));
            touched.extend(v.after.as_ref().and_then(|u| u.parent));
        }
        for v in self.positions.values() {
            touched.extend(v.before.as_ref().map(|p| p.unit));
            touched.extend(v.after.as_ref().map(|p| p.unit));
        }
        touched
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.positions.is_empty() && self.employees.is_empty() && self.anjab.is_empty()
    }

    /// The nodes it touches (see [`Touched`]).
    pub fn touched(&self) -> Touched {
        let mut t = Touched::default();
        for (id, v) in &self.units {
            t.units.insert(*id);
            let parent = |u: &Option<Unit>| u.as_ref().map(|u| u.parent);
            t.shape |= v.before.is_none() || v.after.is_none() || parent(&v.before) != parent(&v.after);
            t.codes.extend(v.before.iter().chain(&v.after).map(|u| u.code.clone()));
        }
        t.units.extend(self.children.keys().flatten().copied());
        t.shape |= self.children.contains_key(&None);
        t.units.extend(self.unit_positions.keys().copied());
        for (id, v) in &self.positions {
            t.positions.insert(*id);
            for p in v.before.iter().chain(&v.after) {
                t.codes.insert(p.code.clone());
                if p.spec.head {
                    t.units.insert(p.unit);
                }
            }
        }
        t.positions.extend(self.holders.keys().copied());
        t.positions.extend(self.standards.keys().copied());
        t.positions.extend(self.tasks.keys().copied());
        t.positions.extend(self.anjab.keys().copied());
        t.employees.extend(self.employees.keys().copied());
        t
    }
}

/// A content a replace took away, kept until the next replace (see
/// [`Store::bring_back`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replaced {
    /// Who replaced it, and when.
    pub stamp: crate::model::Stamp,
    /// The journal's head when it was replaced: an entry after it stands on the content
    /// that replaced it.
    pub head: u64,
    /// Its counts.
    pub stats: Stats,
    /// What undo and redo could take back then (its entries fit it again).
    pub undo: crate::model::UndoState,
}

/// What a store has heard of others' writes (see [`Store::heard`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heard {
    /// The latest journal entry committed.
    pub head: u64,
    /// How many review decisions were saved since it began listening (a change of this
    /// number says the review on screen may have changed).
    pub reviews: u64,
}

/// Who a change made on `store` now is recorded as: the store's own idea of the user
/// when it has one, else the operating-system user.
pub fn acting_user(store: &dyn Store) -> String {
    store.acting_user().unwrap_or_else(crate::identity::current_user)
}

/// What a row of the tree says of a unit besides the unit itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOverview {
    /// Its head position, and who holds it.
    pub head: HeadSeat,
    /// How many positions it has.
    pub positions: usize,
    /// How many sub-units it has.
    pub sub_units: usize,
    /// Kebutuhan and bezetting over its subtree.
    pub totals: Headcount,
}

/// A unit's head position: none, vacant, or held by someone (their name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeadSeat {
    /// The unit has no head position.
    NoPosition,
    /// Its head position is vacant.
    Vacant,
    /// Held by the person named.
    Held(String),
}

/// The storage interface the rest of jabat uses. Shared between the interface and
/// its worker thread, so every store is `Send + Sync`.
pub trait Store: Send + Sync {
    /// Where the database lives, for messages.
    fn location(&self) -> String;
    /// The user this store records changes as when it decides that itself (PostgreSQL
    /// stamps its `session_user`, whatever the client wrote); `None` where the journal
    /// records the user the client names (the operating-system user, or, through a
    /// server, the peer the server sees, who is the same person).
    fn acting_user(&self) -> Option<String> {
        None
    }
    /// Counts over the whole database.
    fn stats(&self) -> StoreResult<Stats>;
    /// The root units (instansi), by id.
    fn roots(&self) -> StoreResult<Vec<Unit>>;
    /// A unit by id.
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>>;
    /// A unit by code.
    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>>;
    /// The sub-units of a unit, by id.
    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>>;
    /// How many sub-units a unit has (without reading them).
    fn child_count(&self, id: UnitId) -> StoreResult<usize>;
    /// The positions of a unit, by id.
    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>>;
    /// Kebutuhan and bezetting summed over the unit and all units below it (kept
    /// up to date on every write, so this is one read).
    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount>;
    /// A position by id.
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>>;
    /// A position by code.
    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>>;
    /// The employees holding a position, by NIP.
    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>>;
    /// How many employees hold a position.
    fn holder_count(&self, position: PositionId) -> StoreResult<u64>;
    /// Every position, in id order (for whole-database computations).
    fn all_positions(&self) -> StoreResult<Vec<Position>>;
    /// The review of a position's candidates, by the position's code.
    fn review(&self, code: &str) -> StoreResult<Option<Review>>;
    /// Saves a review: one key written and flushed before returning. Reviews live
    /// outside the generations, so an import keeps them.
    fn put_review(&self, review: &Review) -> StoreResult<()>;
    /// Every review, in code order.
    fn reviews(&self) -> StoreResult<Vec<Review>>;
    /// The stored standards of many positions at once, in the order asked (empty for
    /// those with none); each bucket read once.
    fn standards(&self, positions: &[PositionId]) -> StoreResult<Vec<Vec<StandardEntry>>>;
    /// A position's workload tasks (ABK), empty when none were imported.
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>>;
    /// A position's job description (anjab), if it has one.
    fn anjab(&self, position: PositionId) -> StoreResult<Option<crate::model::JobDescription>>;

    /// SIASN's id of the unit with this code (UNOR ID), if it has one.
    fn unor_id(&self, unit_code: &str) -> StoreResult<Option<String>>;
    /// A position's competency standard as stored (empty when none).
    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>>;
    /// An employee by NIP.
    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>>;
    /// An employee with all their records.
    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>>;
    /// The people holding a position around each unit of `scope`, as the rules read
    /// them, in batches: all of an instansi for a root unit; for any other unit, all of
    /// the perangkat daerah (the branch under the instansi) that holds it. A superset
    /// of a unit's subtree, which callers narrow by position.
    fn people(&self, scope: &[UnitId]) -> StoreResult<Vec<People>>;
    /// The people of one branch of an instansi (`branch == instansi`: those holding the
    /// instansi's own positions), in batches: one of the parts [`Store::people`] joins.
    fn people_of_branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>>;

    /// Many employees with their records at once, in NIP order (absent NIPs are left
    /// out); much faster than one [`Store::profile`] each.
    fn profiles(&self, nips: &[Nip]) -> StoreResult<Vec<Profile>>;
    /// The NIPs of a position's holders (without reading the employees).
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>>;
    /// Who held a position code before: every earlier post under `code` (imported
    /// histories and the posts moves left), with its holder, oldest first.
    fn former_holders(&self, code: &str) -> StoreResult<Vec<(Nip, crate::model::PostHeld)>>;
    /// The employees on the holding list (belum ditempatkan: no position), in NIP order.
    fn unplaced(&self) -> StoreResult<Vec<Employee>>;
    /// Case- and accent-insensitive token-prefix search, best first.
    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>>;
    /// The whole content.
    fn load_dataset(&self) -> StoreResult<Dataset>;
    /// Replaces the whole content atomically: afterwards the database holds either
    /// all of `data` or, if the process dies first, exactly what it held before. The
    /// content replaced is kept, with `stamp` (who replaced it, when; a store that knows
    /// its user itself, [`Store::acting_user`], records that user instead), until the
    /// next replace: [`Store::bring_back`] makes it the content again.
    fn replace_dataset_by(&self, data: &Dataset, stamp: &crate::model::Stamp) -> StoreResult<()>;
    /// [`Store::replace_dataset_by`] the acting user, now.
    fn replace_dataset(&self, data: &Dataset) -> StoreResult<()> {
        let user = self.acting_user().unwrap_or_else(crate::identity::current_user);
        let stamp = crate::model::Stamp { user, at: chrono::Utc::now().timestamp() };
        self.replace_dataset_by(data, &stamp)
    }
    /// The content the last replace took away, while it is kept.
    fn replaced(&self) -> StoreResult<Option<Replaced>>;
    /// Makes the content the last replace took away the content again, with the counts
    /// and undo state it had, and keeps none; refused ([`StoreError::ReplacedSince`])
    /// when a change was committed since that replace (it stands on what replaced it),
    /// or when nothing is kept ([`StoreError::NothingReplaced`]). All or nothing.
    fn bring_back(&self) -> StoreResult<Replaced>;
    /// Sizes of the stored data and indexes.
    fn size_report(&self) -> StoreResult<SizeReport>;

    /// The first unused unit and position ids.
    fn next_ids(&self) -> StoreResult<(UnitId, PositionId)>;
    /// Writes a structural change with its journal entry (numbered by the store), what
    /// `derive` derives from it, and the undo state that follows from its origin, and
    /// drops the draft `consumed` if given: all of it or, if the process dies first,
    /// none of it. `against` is the [`Store::journal_head`] the change was staged
    /// against. When the journal has moved since, the change is still written if no
    /// entry since touched any of its units, positions or employees ([`Touched`], kept
    /// per entry); otherwise nothing is written and the answer is
    /// [`StoreError::Overlap`], naming who changed which node when (or
    /// [`StoreError::Conflict`] for entries whose nodes are not recorded).
    fn commit(
        &self,
        change: &StructureChange,
        entry: JournalEntry,
        consumed: Option<&str>,
        against: u64,
    ) -> StoreResult<JournalEntry>;
    /// The number of the last journal entry (0: none yet).
    fn journal_head(&self) -> StoreResult<u64>;
    /// Every journal entry, oldest first.
    fn journal(&self) -> StoreResult<Vec<JournalEntry>>;
    /// The journal entries that name `code` (a unit, a position or a NIP; see
    /// [`JournalEntry::names`]), oldest first; with `latest`, only that many of the
    /// newest. One request to a server, which reads its journal where it is.
    fn journal_naming(&self, code: &str, latest: Option<usize>) -> StoreResult<Vec<JournalEntry>> {
        let mut entries: Vec<JournalEntry> = self.journal()?.into_iter().filter(|e| e.names(code)).collect();
        if let Some(n) = latest {
            entries.drain(..entries.len().saturating_sub(n));
        }
        Ok(entries)
    }
    /// One journal entry.
    fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>>;
    /// What undo and redo would take.
    fn undo_state(&self) -> StoreResult<UndoState>;
    /// Every draft, by name.
    fn drafts(&self) -> StoreResult<Vec<Draft>>;
    /// Saves a draft (one key, flushed).
    fn put_draft(&self, draft: &Draft) -> StoreResult<()>;
    /// Drops a draft; false when there was none.
    fn remove_draft(&self, name: &str) -> StoreResult<bool>;
    /// Rebuilds every index, total and count from the data beside the database and
    /// compares: a list of what differs (empty when all agree).
    fn verify_integrity(&self) -> StoreResult<Vec<String>>;
    /// Makes this database `whole`: its content, reviews, drafts, journal and undo
    /// state, replacing all it had (what `jabat copy` writes into an empty one).
    fn restore(&self, whole: &Whole) -> StoreResult<()>;

    /// The nodes the change of journal entry `seq` touched (`None`: not recorded, as
    /// for entries from before they were kept).
    fn touched(&self, seq: u64) -> StoreResult<Option<Touched>>;
    /// What this store has been told of others' writes without asking (a database
    /// that notifies its listeners of each commit: PostgreSQL's LISTEN/NOTIFY),
    /// listening from the first call on; `None` where it must be asked
    /// ([`Store::journal_head`], [`Store::review`]).
    fn heard(&self) -> Option<Heard> {
        None
    }
    /// Who else works on this database now (the other users of a shared server), for
    /// the status bar; none for a database this process alone has open.
    fn others(&self) -> StoreResult<Vec<String>> {
        Ok(Vec::new())
    }

    /// Makes one user's change of a review (what turned `before` into `after`) on the
    /// review as stored now, keeping what others decided meanwhile
    /// ([`Review::rebased`]); the review as saved, or [`StoreError::ReviewOverlap`]
    /// when someone else changed the same candidate. A server does it under its write
    /// lock; a database one process holds needs no more than this.
    fn update_review(&self, before: Option<&Review>, after: &Review) -> StoreResult<Review> {
        let stored = self.review(&after.position)?;
        let merged = Review::rebased(stored.as_ref(), before, after).map_err(|theirs| StoreError::ReviewOverlap {
            user: theirs.stamp.user.clone(),
            nip: theirs.nip.to_string(),
            when: theirs.stamp.local_time(),
        })?;
        self.put_review(&merged)?;
        Ok(merged)
    }

    /// Several units at once, in the order asked (`None` where there is none): one
    /// request to a server instead of one each.
    fn units(&self, ids: &[UnitId]) -> StoreResult<Vec<Option<Unit>>> {
        ids.iter().map(|id| self.unit(*id)).collect()
    }

    /// Several positions at once, in the order asked.
    fn positions(&self, ids: &[PositionId]) -> StoreResult<Vec<Option<Position>>> {
        ids.iter().map(|id| self.position(*id)).collect()
    }

    /// The findings of the structural checks over everything (`jabat check`, the
    /// interface's problems view), their messages in this thread's language. A server
    /// works them out on its own store: a client never pulls the whole database through
    /// the socket for them.
    fn findings(&self, rules: &crate::rules::RuleSet, today: crate::model::Date) -> StoreResult<Vec<Finding>> {
        Ok(crate::rules::checks::check(&self.load_dataset()?, rules, today))
    }

    /// Who a unit's staff are (headcount by golongan, by age band and sex) on `today`:
    /// one request to a server, which reads the people where they are, rather than
    /// sending the subtree's people through the socket for every unit selected.
    fn staff_profile(
        &self,
        unit: UnitId,
        today: crate::model::Date,
    ) -> StoreResult<crate::rules::workforce::StaffProfile> {
        let people = self.people(&[unit])?;
        // `people` reads the unit's whole branch: keep those placed in its subtree.
        let subtree: crate::fxhash::FxHashSet<PositionId> =
            self.positions_under(unit)?.into_iter().map(|p| p.id).collect();
        let placed = people
            .iter()
            .flat_map(|batch| batch.iter())
            .filter(|p| p.facts.position.is_some_and(|id| subtree.contains(&id)));
        Ok(crate::rules::workforce::staff_profile(placed, today))
    }

    /// Every position in the subtree of `unit`: the unit's own, then each child's subtree
    /// in turn (children in the order `children` gives). What an analysis of a unit
    /// reads; a backend where each read is a round trip answers it in one.
    fn positions_under(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        let mut positions = Vec::new();
        let mut stack = vec![unit];
        while let Some(u) = stack.pop() {
            positions.extend(self.positions_of(u)?);
            stack.extend(self.children(u)?.into_iter().rev().map(|c| c.id));
        }
        Ok(positions)
    }

    /// How many hold each of several positions, in the order asked.
    fn holder_counts(&self, ids: &[PositionId]) -> StoreResult<Vec<u64>> {
        ids.iter().map(|id| self.holder_count(*id)).collect()
    }

    /// What a row of the tree says of each of several units, in the order asked: four
    /// reads a unit, and one request to a server for them all (the interface's first
    /// frame shows every instansi of a national database).
    fn unit_overviews(&self, ids: &[UnitId]) -> StoreResult<Vec<UnitOverview>> {
        ids.iter()
            .map(|&id| {
                let positions = self.positions_of(id)?;
                let head = match positions.iter().find(|p| p.spec.head) {
                    Some(p) => match self.holders(p.id)?.into_iter().next() {
                        Some(e) => HeadSeat::Held(e.name),
                        None => HeadSeat::Vacant,
                    },
                    None => HeadSeat::NoPosition,
                };
                Ok(UnitOverview {
                    head,
                    positions: positions.len(),
                    sub_units: self.child_count(id)?,
                    totals: self.subtree_headcount(id)?,
                })
            })
            .collect()
    }

    /// The path from the root to `id`, root first.
    fn unit_path(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        let mut path = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(unit) = self.unit(id)? else { break };
            next = unit.parent;
            path.push(unit);
            if path.len() > 10_000 {
                return Err(StoreError::Corrupt(format!("unit {} has a cycle of parents", id.0)));
            }
        }
        path.reverse();
        Ok(path)
    }
}

/// The posts under `code` in `histories` (each holder's whole history), with their
/// holder, oldest first: what [`Store::former_holders`] returns.
pub fn posts_under(
    code: &str,
    histories: impl IntoIterator<Item = (Nip, Vec<crate::model::PostHeld>)>,
) -> Vec<(Nip, crate::model::PostHeld)> {
    let mut out: Vec<(Nip, crate::model::PostHeld)> = histories
        .into_iter()
        .flat_map(|(nip, posts)| posts.into_iter().map(move |p| (nip, p)))
        .filter(|(_, p)| p.position_code.as_deref() == Some(code))
        .collect();
    out.sort_by(|(a, p), (b, q)| (p.from, a).cmp(&(q.from, b)));
    out
}

/// Where the database lives when neither `--db` nor `JABAT_DB` says.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "jabat").map(|d| d.data_dir().join("db"))
}
