//! The PostgreSQL backend: the second implementation of the one storage contract,
//! for an agency that shares a database engine among servers, users and reporting
//! tools. The structure, the employees and their records, the reviews, the journal and
//! the drafts are real tables (`migrations/`, shown in docs/postgres.md); what jabat
//! derives from them (subtree totals, the people as the rules read them, the search
//! tokens, the counts) is kept beside them in `derived_*` tables, worked out by
//! `store::derive` as the other backends do. Every change is one transaction; writers
//! take the journal's lock in turn, so the conflict rule (a change refused when a node
//! it touches changed after the journal entry it was made against) holds as with sled.
//! Only this module (with `store::codec` for the derived values) touches PostgreSQL.

mod admin;
mod bulk;
mod commit;
mod conn;
mod engine;
mod listen;
mod rows;
mod tx;

use std::sync::{Mutex, MutexGuard};

use postgres::NoTls;

pub use admin::{DbRole, Granted};
use engine::{SchemaState, embedded};
pub use engine::{is_url, latest_version, without_password};

use conn::{Conn, Typed};
use postgres::types::Type;

use super::search::Found;
use super::{Hit, HitTarget, KindFilter, OpenOptions, SizeReport, Stats, Store, StoreError, StoreResult};
use crate::i18n::{Msg, trf};
use crate::model::{
    Dataset, Draft, Employee, Headcount, JournalEntry, Nip, People, Position, PositionId, Profile, Review,
    StandardEntry, Task, UndoState, Unit, UnitId,
};
use crate::store::codec::{decode, encode};

/// The `application_name` jabat's connections give.
const APPLICATION: &str = "jabat";

/// Writers of the structure go one at a time: each change takes this lock (a
/// transaction-scoped advisory lock, which needs no privilege on any table, so an
/// editor's role need not be allowed to change the journal's rows to serialise on it).
pub(super) const WRITERS_LOCK: &str = "SELECT pg_advisory_xact_lock(27233, 0)";

/// Migrations go one at a time (a session lock: the migration crate opens its own
/// transaction).
const MIGRATION_LOCK: &str = "SELECT pg_advisory_lock(27233, 1)";

/// Writers of one review (by its position's code) go one at a time.
const REVIEW_LOCK: &str = "SELECT pg_advisory_xact_lock(27234, hashtext($1))";

/// The schema jabat's tables live in, so that they sit beside an agency's own.
pub const SCHEMA: &str = "jabat";

/// A jabat database in PostgreSQL.
pub struct PgStore {
    conn: Mutex<Conn>,
    location: String,
    read_only: bool,
    /// The database's `session_user`: who the journal and the review marks name.
    user: String,
    /// How it connected (to connect again, and for the listener).
    config: postgres::Config,
    /// Hears of others' commits, once something asked ([`Store::heard`]).
    listener: Mutex<Option<listen::Listener>>,
}

impl PgStore {
    /// Connects to the database `url` names. Its tables must be there (made by `jabat
    /// db migrate`, or on `init`, `import` and `generate`, which `options.create`
    /// says), and not newer than this jabat.
    pub fn open(url: &str, options: OpenOptions) -> StoreResult<PgStore> {
        let (store, state) = PgStore::connect(url, options.read_only)?;
        match state {
            SchemaState::Current => {}
            SchemaState::Newer(found) => {
                return Err(StoreError::NewerSchema {
                    path: store.location.clone(),
                    found,
                    supported: latest_version(),
                });
            }
            SchemaState::Missing | SchemaState::Older(_) if options.create && !options.read_only => store.migrate()?,
            SchemaState::Missing => return Err(StoreError::Database(trf(Msg::PgNoTables, &[&store.location]))),
            SchemaState::Older(found) => {
                return Err(StoreError::Database(trf(
                    Msg::PgOlderTables,
                    &[&store.location, &found, &latest_version()],
                )));
            }
        }
        Ok(store)
    }

    /// Connects to the database `url` names and brings jabat's tables to this jabat's
    /// version (making them the first time): the store, and the version found (0: none).
    /// Refused when they are newer than this jabat.
    pub fn open_migrating(url: &str) -> StoreResult<(PgStore, u32)> {
        let (store, state) = PgStore::connect(url, false)?;
        let found = match state {
            SchemaState::Newer(found) => {
                return Err(StoreError::NewerSchema {
                    path: store.location.clone(),
                    found,
                    supported: latest_version(),
                });
            }
            SchemaState::Current => latest_version(),
            SchemaState::Missing => 0,
            SchemaState::Older(found) => found,
        };
        store.migrate()?;
        Ok((store, found))
    }

    /// Connects, and learns in the same round trip who the server says we are and the
    /// version of jabat's tables: a lookup from a script pays for as few trips as it
    /// can.
    fn connect(url: &str, read_only: bool) -> StoreResult<(PgStore, SchemaState)> {
        let (config, what) = engine::configure(url)?;
        let mut client = config.connect(NoTls).map_err(|e| engine::connect_error(&what, e))?;
        let (user, state) = engine::introduce(&mut client)?;
        let store = PgStore {
            conn: Mutex::new(Conn::new(client)),
            location: what,
            read_only,
            user,
            config,
            listener: Mutex::new(None),
        };
        Ok((store, state))
    }

    /// Brings the tables to this jabat's version (creating them the first time).
    pub fn migrate(&self) -> StoreResult<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let mut conn = self.client();
        conn.statements.clear();
        conn.client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {SCHEMA}; SET search_path TO {SCHEMA}"))?;
        // Two jabats migrating at once go one after the other; the second finds nothing
        // left to do. All the steps are one transaction: the tables are at one version
        // or the other, never between.
        conn.client.execute(MIGRATION_LOCK, &[])?;
        let migrated = embedded::migrations::runner()
            .set_grouped(true)
            .run(&mut conn.client)
            .map_err(|e| StoreError::Database(trf(Msg::PgMigrateFailed, &[&self.location, &e])));
        let unlocked = conn.client.execute("SELECT pg_advisory_unlock(27233, 1)", &[]);
        migrated?;
        unlocked?;
        // New tables reach the roles already given out.
        if admin::groups_exist(&mut conn.client)? {
            admin::ensure_groups(&mut conn.client)?;
        }
        Ok(())
    }

    /// The version of jabat's tables in this database.
    pub fn schema_version(&self) -> StoreResult<u32> {
        let found: Option<i32> =
            self.client().query_one("SELECT max(version) FROM refinery_schema_history", &[])?.get(0);
        Ok(found.unwrap_or(0) as u32)
    }

    /// Works out the derived tables (subtree totals, the people as the rules read them,
    /// search tokens, counts) afresh from the others, in one transaction.
    pub fn rebuild(&self) -> StoreResult<()> {
        admin::rebuild(&mut self.writable()?.client)
    }

    /// Gives `user` (a login role, made when missing) `role` on this database, and no
    /// other jabat role.
    pub fn grant(&self, user: &str, role: DbRole) -> StoreResult<Granted> {
        admin::grant(&mut self.writable()?.client, user, role)
    }

    /// Takes every jabat role on this database from `user`; the groups it left.
    pub fn revoke(&self, user: &str) -> StoreResult<Vec<String>> {
        admin::revoke(&mut self.writable()?.client, user)
    }

    /// Who has which jabat role on this database.
    pub fn members(&self) -> StoreResult<Vec<(String, DbRole)>> {
        admin::members(&mut self.client().client)
    }

    /// The same store, refusing every write with [`StoreError::ReadOnly`].
    pub fn refusing_writes(mut self) -> PgStore {
        self.read_only = true;
        self
    }

    fn client(&self) -> MutexGuard<'_, Conn> {
        // A panic while holding it leaves no half-written change: every write is one
        // transaction, rolled back when it is dropped unfinished.
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        if conn.client.is_closed() {
            // The server restarted, or the network broke: connect again, so that an
            // open interface goes on once the server is back. (Until then the closed
            // connection answers each call with an error saying so.)
            let again = self.config.connect(NoTls).and_then(|mut client| {
                client.batch_execute(&format!("SET search_path TO {SCHEMA}"))?;
                Ok(client)
            });
            match again {
                Ok(client) => *conn = Conn::new(client),
                Err(e) => tracing::warn!("connecting again to {}: {e}", self.location),
            }
        }
        conn
    }

    fn writable(&self) -> StoreResult<MutexGuard<'_, Conn>> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        Ok(self.client())
    }

    fn meta<T: serde::de::DeserializeOwned + Default>(client: &mut Conn, key: &str) -> StoreResult<T> {
        match client.query_opt("SELECT value FROM meta WHERE key = $1", &[&key])? {
            Some(row) => decode(row.get::<_, &[u8]>(0), key),
            None => Ok(T::default()),
        }
    }

    // The lookups by key are sent unprepared: planning them again costs the server
    // less than the extra round trip of preparing costs a command that makes one.
    fn units_where(&self, filter: &str, params: Typed<'_>) -> StoreResult<Vec<Unit>> {
        let rows = self.client().query_typed(&format!("SELECT * FROM units WHERE {filter} ORDER BY id"), params)?;
        rows.iter().map(rows::unit).collect()
    }

    fn positions_where(&self, filter: &str, params: Typed<'_>) -> StoreResult<Vec<Position>> {
        let rows = self.client().query_typed(&format!("SELECT * FROM positions WHERE {filter} ORDER BY id"), params)?;
        rows.iter().map(rows::position).collect()
    }

    fn employees_where(&self, filter: &str, params: Typed<'_>) -> StoreResult<Vec<Employee>> {
        let rows =
            self.client().query_typed(&format!("SELECT * FROM employees WHERE {filter} ORDER BY nip"), params)?;
        rows.iter().map(rows::employee).collect()
    }
}

fn stored_review(tx: &mut conn::Tx<'_>, code: &str) -> StoreResult<Option<Review>> {
    match tx.query_opt("SELECT review FROM reviews WHERE position_code = $1", &[&code])? {
        Some(row) => Ok(Some(json_value(row.get(0), "review")?)),
        None => Ok(None),
    }
}

fn write_review(tx: &mut conn::Tx<'_>, review: &Review) -> StoreResult<()> {
    let value = serde_json::to_value(review).map_err(|e| StoreError::Backend(e.to_string()))?;
    tx.execute(
        "INSERT INTO reviews (position_code, review) VALUES ($1, $2) \
         ON CONFLICT (position_code) DO UPDATE SET review = EXCLUDED.review",
        &[&review.position, &value],
    )?;
    // Open interfaces showing it hear of it (when the transaction commits).
    tx.execute("SELECT pg_notify($1, $2)", &[&listen::REVIEW_CHANNEL, &review.position])?;
    Ok(())
}

fn ids(units: &[UnitId]) -> Vec<i32> {
    units.iter().map(|u| u.0 as i32).collect()
}

fn nips(nips: &[Nip]) -> Vec<i64> {
    nips.iter().map(|n| n.as_u64() as i64).collect()
}

impl Store for PgStore {
    fn location(&self) -> String {
        self.location.clone()
    }
    fn acting_user(&self) -> Option<String> {
        Some(self.user.clone())
    }
    fn heard(&self) -> Option<super::Heard> {
        let mut listener = self.listener.lock().unwrap_or_else(|e| e.into_inner());
        if listener.as_ref().is_none_or(listen::Listener::worth_replacing) {
            *listener = Some(listen::Listener::start(&self.config, SCHEMA));
        }
        listener.as_ref().and_then(listen::Listener::heard)
    }
    fn others(&self) -> StoreResult<Vec<String>> {
        let rows = self.client().query(
            "SELECT DISTINCT usename::text FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = $1 AND usename <> session_user ORDER BY 1",
            &[&APPLICATION],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
    fn stats(&self) -> StoreResult<Stats> {
        Self::meta(&mut self.client(), "stats")
    }
    fn roots(&self) -> StoreResult<Vec<Unit>> {
        self.units_where("parent_id IS NULL", &[])
    }
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        Ok(self.units_where("id = $1", &[(&(id.0 as i32), Type::INT4)])?.pop())
    }
    fn units(&self, ids_: &[UnitId]) -> StoreResult<Vec<Option<Unit>>> {
        let found = self.units_where("id = ANY($1)", &[(&ids(ids_), Type::INT4_ARRAY)])?;
        Ok(ids_.iter().map(|id| found.iter().find(|u| u.id == *id).cloned()).collect())
    }
    fn unit_path(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        // The way up in one query, not one per ancestor; the depth bound stops a cycle
        // of parents, which the check below then names.
        let rows = self.client().query_typed(
            "WITH RECURSIVE up AS ( \
               SELECT u.*, 0 AS depth FROM units u WHERE id = $1 \
               UNION ALL \
               SELECT u.*, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth <= 10000) \
             SELECT * FROM up ORDER BY depth DESC",
            &[(&(id.0 as i32), Type::INT4)],
        )?;
        if rows.len() > 10_000 {
            return Err(StoreError::Corrupt(format!("unit {} has a cycle of parents", id.0)));
        }
        rows.iter().map(rows::unit).collect()
    }
    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        Ok(self.units_where("code = $1", &[(&code, Type::TEXT)])?.pop())
    }
    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        self.units_where("parent_id = $1", &[(&(id.0 as i32), Type::INT4)])
    }
    fn child_count(&self, id: UnitId) -> StoreResult<usize> {
        let n: i64 =
            self.client().query_one("SELECT count(*) FROM units WHERE parent_id = $1", &[&(id.0 as i32)])?.get(0);
        Ok(n as usize)
    }
    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        self.positions_where("unit_id = $1", &[(&(unit.0 as i32), Type::INT4)])
    }
    fn positions_under(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        // The subtree's units and their positions in two queries; put in the order of
        // the walk the other backends make (depth first, a unit's own positions before
        // its children's, children by id) here, which costs less than sorting by path
        // in the engine.
        let mut client = self.client();
        const SUBTREE: &str = "WITH RECURSIVE sub (id, parent_id) AS ( \
                 SELECT id, parent_id FROM units WHERE id = $1 \
                 UNION SELECT u.id, u.parent_id FROM units u JOIN sub ON u.parent_id = sub.id)";
        let units =
            client.query(&format!("{SUBTREE} SELECT id, parent_id FROM sub ORDER BY id"), &[&(unit.0 as i32)])?;
        let rows = client.query(
            &format!("{SUBTREE} SELECT p.* FROM positions p JOIN sub ON p.unit_id = sub.id ORDER BY p.id"),
            &[&(unit.0 as i32)],
        )?;
        drop(client);
        let mut children: crate::fxhash::FxHashMap<i32, Vec<i32>> = Default::default();
        for row in &units {
            if let Some(parent) = row.get::<_, Option<i32>>(1) {
                children.entry(parent).or_default().push(row.get(0));
            }
        }
        let mut of_unit: crate::fxhash::FxHashMap<u32, Vec<Position>> = Default::default();
        for row in &rows {
            let position = rows::position(row)?;
            of_unit.entry(position.unit.0).or_default().push(position);
        }
        let mut positions = Vec::with_capacity(rows.len());
        let mut stack = vec![unit.0 as i32];
        while let Some(u) = stack.pop() {
            positions.extend(of_unit.remove(&(u as u32)).unwrap_or_default());
            if let Some(kids) = children.get(&u) {
                stack.extend(kids.iter().rev());
            }
        }
        Ok(positions)
    }
    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount> {
        match self.client().query_opt("SELECT totals FROM derived_unit_totals WHERE unit_id = $1", &[&(id.0 as i32)])? {
            Some(row) => decode(row.get::<_, &[u8]>(0), "unit totals"),
            None => Ok(Headcount::default()),
        }
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        Ok(self.positions_where("id = $1", &[(&(id.0 as i32), Type::INT4)])?.pop())
    }
    fn positions(&self, ids_: &[PositionId]) -> StoreResult<Vec<Option<Position>>> {
        let wanted: Vec<i32> = ids_.iter().map(|p| p.0 as i32).collect();
        let found = self.positions_where("id = ANY($1)", &[(&wanted, Type::INT4_ARRAY)])?;
        Ok(ids_.iter().map(|id| found.iter().find(|p| p.id == *id).cloned()).collect())
    }
    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        Ok(self.positions_where("code = $1", &[(&code, Type::TEXT)])?.pop())
    }
    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        self.employees_where("position_id = $1", &[(&(position.0 as i32), Type::INT4)])
    }
    fn holder_count(&self, position: PositionId) -> StoreResult<u64> {
        let n: i64 = self
            .client()
            .query_one("SELECT count(*) FROM employees WHERE position_id = $1", &[&(position.0 as i32)])?
            .get(0);
        Ok(n as u64)
    }
    fn holder_counts(&self, ids_: &[PositionId]) -> StoreResult<Vec<u64>> {
        let wanted: Vec<i32> = ids_.iter().map(|p| p.0 as i32).collect();
        let rows = self.client().query(
            "SELECT position_id, count(*) FROM employees WHERE position_id = ANY($1) GROUP BY position_id",
            &[&wanted],
        )?;
        let counts: std::collections::HashMap<i32, i64> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        Ok(wanted.iter().map(|p| counts.get(p).copied().unwrap_or(0) as u64).collect())
    }
    fn all_positions(&self) -> StoreResult<Vec<Position>> {
        self.positions_where("true", &[])
    }
    fn review(&self, code: &str) -> StoreResult<Option<Review>> {
        match self.client().query_opt("SELECT review FROM reviews WHERE position_code = $1", &[&code])? {
            Some(row) => Ok(Some(json_value(row.get(0), "review")?)),
            None => Ok(None),
        }
    }
    fn put_review(&self, review: &Review) -> StoreResult<()> {
        let mut conn = self.writable()?;
        let mut tx = conn.transaction()?;
        tx.execute(REVIEW_LOCK, &[&review.position])?;
        let stored = stored_review(&mut tx, &review.position)?;
        // Whoever changed a mark is the database's user, not what the client wrote.
        let mut review = review.clone();
        review.restamp(stored.as_ref(), &self.user);
        write_review(&mut tx, &review)?;
        tx.commit()?;
        Ok(())
    }
    fn update_review(&self, before: Option<&Review>, after: &Review) -> StoreResult<Review> {
        // As the server does under its lock: the stored review read and written in one
        // transaction, others' updates of the same review waiting meanwhile.
        let mut conn = self.writable()?;
        let mut tx = conn.transaction()?;
        tx.execute(REVIEW_LOCK, &[&after.position])?;
        let stored = stored_review(&mut tx, &after.position)?;
        let mut after = after.clone();
        after.restamp(before, &self.user);
        let merged = Review::rebased(stored.as_ref(), before, &after).map_err(|theirs| StoreError::ReviewOverlap {
            user: theirs.stamp.user.clone(),
            nip: theirs.nip.to_string(),
            when: theirs.stamp.local_time(),
        })?;
        write_review(&mut tx, &merged)?;
        tx.commit()?;
        Ok(merged)
    }
    fn reviews(&self) -> StoreResult<Vec<Review>> {
        let rows = self.client().query("SELECT review FROM reviews ORDER BY position_code", &[])?;
        rows.iter().map(|r| json_value(r.get(0), "review")).collect()
    }
    fn standards(&self, positions: &[PositionId]) -> StoreResult<Vec<Vec<StandardEntry>>> {
        let wanted: Vec<i32> = positions.iter().map(|p| p.0 as i32).collect();
        let rows = self
            .client()
            // A semi-join with the list, which the engine can hash, rather than `= ANY($1)`,
            // which it probes the index with once per element (21 ms for a dinas's 10 000).
            .query(
                "SELECT * FROM standards WHERE position_id IN (SELECT unnest($1::int[])) ORDER BY position_id, seq",
                &[&wanted],
            )?;
        let mut by: std::collections::HashMap<i32, Vec<StandardEntry>> = std::collections::HashMap::new();
        for r in &rows {
            by.entry(r.get("position_id")).or_default().push(rows::standard(r)?);
        }
        Ok(wanted.iter().map(|p| by.get(p).cloned().unwrap_or_default()).collect())
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        let rows =
            self.client().query("SELECT * FROM tasks WHERE position_id = $1 ORDER BY seq", &[&(position.0 as i32)])?;
        rows.iter().map(rows::task).collect()
    }

    fn unor_id(&self, unit_code: &str) -> StoreResult<Option<String>> {
        let row = self.client().query_opt("SELECT unor_id FROM unor_ids WHERE unit_code = $1", &[&unit_code])?;
        Ok(row.map(|r| r.get(0)))
    }
    fn anjab(&self, position: PositionId) -> StoreResult<Option<crate::model::JobDescription>> {
        let rows =
            self.client().query("SELECT * FROM anjab WHERE position_id = $1 ORDER BY seq", &[&(position.0 as i32)])?;
        if rows.is_empty() {
            return Ok(None);
        }
        let rows = rows.iter().map(rows::anjab_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(crate::model::JobDescription { rows }))
    }
    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>> {
        Ok(self.standards(&[position])?.pop().unwrap_or_default())
    }
    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        Ok(self.employees_where("nip = $1", &[(&(nip.as_u64() as i64), Type::INT8)])?.pop())
    }
    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>> {
        Ok(self.profiles(&[nip])?.pop())
    }
    fn profiles(&self, wanted: &[Nip]) -> StoreResult<Vec<Profile>> {
        bulk::profiles(&mut self.client().client, &nips(wanted))
    }
    fn people(&self, scope: &[UnitId]) -> StoreResult<Vec<People>> {
        let mut out = Vec::new();
        for unit in scope {
            let path = self.unit_path(*unit)?;
            let rows = match path.as_slice() {
                [] => continue,
                [root] => self.client().query(
                    "SELECT people FROM derived_people WHERE instansi = $1 ORDER BY branch, chunk",
                    &[&(root.id.0 as i32)],
                )?,
                [root, branch, ..] => self.client().query(
                    "SELECT people FROM derived_people WHERE instansi = $1 AND branch = $2 ORDER BY chunk",
                    &[&(root.id.0 as i32), &(branch.id.0 as i32)],
                )?,
            };
            for r in &rows {
                out.push(decode(r.get::<_, &[u8]>(0), "people")?);
            }
        }
        Ok(out)
    }
    fn people_of_branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>> {
        let rows = self.client().query(
            "SELECT people FROM derived_people WHERE instansi = $1 AND branch = $2 ORDER BY chunk",
            &[&(instansi.0 as i32), &(branch.0 as i32)],
        )?;
        rows.iter().map(|r| decode(r.get::<_, &[u8]>(0), "people")).collect()
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        let rows = self
            .client()
            .query("SELECT nip FROM employees WHERE position_id = $1 ORDER BY nip", &[&(position.0 as i32)])?;
        rows.iter().map(|r| rows::nip(r.get(0))).collect()
    }
    fn former_holders(&self, code: &str) -> StoreResult<Vec<(Nip, crate::model::PostHeld)>> {
        let rows = self.client().query(
            "SELECT h.* FROM position_history h WHERE h.nip IN \
             (SELECT nip FROM position_history WHERE position_code = $1) ORDER BY nip, seq",
            &[&code],
        )?;
        let mut histories: std::collections::BTreeMap<Nip, Vec<crate::model::PostHeld>> = Default::default();
        for r in &rows {
            histories.entry(rows::nip(r.get("nip"))?).or_default().push(rows::post(r)?);
        }
        Ok(super::posts_under(code, histories))
    }
    fn unplaced(&self) -> StoreResult<Vec<Employee>> {
        self.employees_where("position_id IS NULL", &[])
    }
    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>> {
        let mut conn = self.client();
        let mut tx = conn.transaction()?;
        let index = tx::Reading::new(&mut tx);
        let hits = super::search::search(&index, query, kinds, limit, |found| {
            Ok(match found {
                Found::Unit(id) => index.unit_row(id)?.map(HitTarget::Unit),
                Found::Position(id) => index.position_row(id)?.map(HitTarget::Position),
                Found::Employee(nip) => index.employee_row(nip)?.map(HitTarget::Employee),
            })
        })?;
        tx.commit()?;
        Ok(hits)
    }
    fn load_dataset(&self) -> StoreResult<Dataset> {
        let mut conn = self.client();
        let mut tx =
            conn.client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).start()?;
        let data = bulk::dataset(&mut tx)?;
        tx.commit()?;
        Ok(data)
    }
    fn replace_dataset_by(&self, data: &Dataset, stamp: &crate::model::Stamp) -> StoreResult<()> {
        // Recorded under the role this connection is, whatever the caller says.
        let stamp = crate::model::Stamp { user: self.user.clone(), ..stamp.clone() };
        bulk::replace(&mut self.writable()?.client, data, &stamp)
    }
    fn replaced(&self) -> StoreResult<Option<super::Replaced>> {
        bulk::replaced(&mut self.client().client)
    }
    fn bring_back(&self) -> StoreResult<super::Replaced> {
        bulk::bring_back(&mut self.writable()?.client)
    }
    fn size_report(&self) -> StoreResult<SizeReport> {
        let mut client = self.client();
        let employees: i64 = client.query_one("SELECT count(*) FROM employees", &[])?.get(0);
        let bytes: i64 = client.query_one("SELECT pg_database_size(current_database())", &[])?.get(0);
        Ok(SizeReport { employee_values: employees as u64, on_disk_bytes: bytes as u64, ..SizeReport::default() })
    }
    fn next_ids(&self) -> StoreResult<(UnitId, PositionId)> {
        let mut client = self.client();
        let u: i32 = client.query_one("SELECT coalesce(max(id), 0) + 1 FROM units", &[])?.get(0);
        let p: i32 = client.query_one("SELECT coalesce(max(id), 0) + 1 FROM positions", &[])?.get(0);
        Ok((UnitId(u as u32), PositionId(p as u32)))
    }
    fn commit(
        &self,
        change: &super::StructureChange,
        entry: JournalEntry,
        consumed: Option<&str>,
        against: u64,
    ) -> StoreResult<JournalEntry> {
        commit::commit(&mut *self.writable()?, change, entry, consumed, against)
    }
    fn touched(&self, seq: u64) -> StoreResult<Option<super::Touched>> {
        match self.client().query_opt("SELECT touched FROM derived_touched WHERE seq = $1", &[&(seq as i64)])? {
            Some(row) => Ok(Some(decode(row.get::<_, &[u8]>(0), "touched")?)),
            None => Ok(None),
        }
    }
    fn journal_head(&self) -> StoreResult<u64> {
        let head: i64 = self.client().query_one("SELECT coalesce(max(seq), 0) FROM journal", &[])?.get(0);
        Ok(head as u64)
    }
    fn journal(&self) -> StoreResult<Vec<JournalEntry>> {
        let rows = self.client().query("SELECT entry FROM journal ORDER BY seq", &[])?;
        rows.iter().map(|r| json_value(r.get(0), "journal entry")).collect()
    }
    fn journal_naming(&self, code: &str, latest: Option<usize>) -> StoreResult<Vec<JournalEntry>> {
        // The operations name codes as their JSON strings: the entries that hold it
        // are found there, then checked exactly.
        let pattern = format!("%{}%", code.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let rows =
            self.client().query("SELECT entry FROM journal WHERE entry::text LIKE $1 ORDER BY seq", &[&pattern])?;
        let mut entries: Vec<JournalEntry> = rows
            .iter()
            .map(|r| json_value(r.get(0), "journal entry"))
            .collect::<StoreResult<Vec<JournalEntry>>>()?
            .into_iter()
            .filter(|e: &JournalEntry| e.names(code))
            .collect();
        if let Some(n) = latest {
            entries.drain(..entries.len().saturating_sub(n));
        }
        Ok(entries)
    }
    fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>> {
        match self.client().query_opt("SELECT entry FROM journal WHERE seq = $1", &[&(seq as i64)])? {
            Some(row) => Ok(Some(json_value(row.get(0), "journal entry")?)),
            None => Ok(None),
        }
    }
    fn undo_state(&self) -> StoreResult<UndoState> {
        Self::meta(&mut self.client(), "undo")
    }
    fn drafts(&self) -> StoreResult<Vec<Draft>> {
        let rows = self.client().query("SELECT draft FROM drafts ORDER BY name", &[])?;
        rows.iter().map(|r| json_value(r.get(0), "draft")).collect()
    }
    fn put_draft(&self, draft: &Draft) -> StoreResult<()> {
        let value = serde_json::to_value(draft).map_err(|e| StoreError::Backend(e.to_string()))?;
        let created = chrono::DateTime::from_timestamp(draft.created.at, 0).unwrap_or_default();
        self.writable()?.execute(
            "INSERT INTO drafts (name, by_user, created, draft) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET draft = EXCLUDED.draft",
            &[&draft.name, &draft.created.user, &created, &value],
        )?;
        Ok(())
    }
    fn remove_draft(&self, name: &str) -> StoreResult<bool> {
        Ok(self.writable()?.execute("DELETE FROM drafts WHERE name = $1", &[&name])? > 0)
    }
    fn verify_integrity(&self) -> StoreResult<Vec<String>> {
        bulk::integrity_problems(&mut self.client().client)
    }
    fn restore(&self, whole: &super::Whole) -> StoreResult<()> {
        bulk::restore(&mut self.writable()?.client, whole)
    }
}

/// A JSON column read back into its value.
fn json_value<T: serde::de::DeserializeOwned>(value: serde_json::Value, what: &str) -> StoreResult<T> {
    serde_json::from_value(value).map_err(|e| rows::corrupt(what, e))
}

/// A value encoded for a `bytea` column of derived data.
fn packed<T: serde::Serialize>(value: &T) -> Vec<u8> {
    encode(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_never_show_a_password() {
        assert_eq!(without_password("postgres://ana:s3cr@t@db.example/jabat"), "postgres://ana@db.example/jabat");
        assert_eq!(
            without_password("postgresql://ana@/jabat?host=/run/postgresql&password=x&port=5433"),
            "postgresql://ana@/jabat?host=/run/postgresql&password=…&port=5433"
        );
        assert_eq!(without_password("postgres:///jabat"), "postgres:///jabat");
        assert!(is_url("postgresql://x") && is_url("postgres://x") && !is_url("/var/lib/jabat/db"));
    }
}
