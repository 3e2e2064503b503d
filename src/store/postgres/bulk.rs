//! The whole content at once: written with COPY (not a row at a time) in one
//! transaction, so a replace is all or nothing; read back whole; checked against a
//! rebuild of what is derived from it.

use std::collections::BTreeMap;
use std::io::Write;

use postgres::{Client, GenericClient};

use super::{packed, rows};
use crate::model::{Dataset, Nip, Profile, UndoState};
use crate::store::codec::decode;
use crate::store::derive::{self, PEOPLE_PER_CHUNK};
use crate::store::{Stats, StoreError, StoreResult, Whole, keys};

/// Rows of one table written through COPY's text format.
struct Copy<'a> {
    writer: postgres::CopyInWriter<'a>,
    line: String,
    first: bool,
}

impl<'a> Copy<'a> {
    fn new(tx: &'a mut postgres::Transaction<'_>, table: &str, columns: &str) -> StoreResult<Copy<'a>> {
        Ok(Copy {
            writer: tx.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?,
            line: String::new(),
            first: true,
        })
    }

    /// The next field: a value (escaped as COPY's text format asks) or NULL.
    fn field(&mut self, value: Option<&str>) -> &mut Self {
        if !self.first {
            self.line.push('\t');
        }
        self.first = false;
        match value {
            None => self.line.push_str("\\N"),
            Some(v) => {
                for c in v.chars() {
                    match c {
                        '\\' => self.line.push_str("\\\\"),
                        '\n' => self.line.push_str("\\n"),
                        '\r' => self.line.push_str("\\r"),
                        '\t' => self.line.push_str("\\t"),
                        c => self.line.push(c),
                    }
                }
            }
        }
        self
    }

    fn text(&mut self, value: impl ToString) -> &mut Self {
        self.field(Some(&value.to_string()))
    }

    fn opt(&mut self, value: Option<impl ToString>) -> &mut Self {
        match value {
            Some(v) => self.text(v),
            None => self.field(None),
        }
    }

    /// Bytes, as `bytea`'s hex form.
    fn bytes(&mut self, value: &[u8]) -> &mut Self {
        let mut hex = String::with_capacity(2 + 2 * value.len());
        hex.push_str("\\x");
        for b in value {
            hex.push_str(&format!("{b:02x}"));
        }
        self.field(Some(&hex))
    }

    fn end_row(&mut self) -> StoreResult<()> {
        self.line.push('\n');
        self.first = true;
        // Sent in large pieces: each send is a trip through the client's runtime.
        if self.line.len() >= Self::PIECE {
            self.send()?;
        }
        Ok(())
    }

    const PIECE: usize = 1 << 20;

    fn send(&mut self) -> StoreResult<()> {
        self.writer.write_all(self.line.as_bytes()).map_err(|e| StoreError::Backend(format!("COPY: {e}")))?;
        self.line.clear();
        Ok(())
    }

    fn finish(mut self) -> StoreResult<()> {
        self.send()?;
        self.writer.finish()?;
        Ok(())
    }
}

/// Replaces the whole content with `data` and everything derived from it, in one
/// transaction. Reviews, drafts and the journal stay (its numbers go on); the undo
/// state is emptied, as the journal's entries no longer fit the new content.
pub(super) fn replace(client: &mut Client, data: &Dataset, stamp: &crate::model::Stamp) -> StoreResult<()> {
    let mut tx = client.transaction()?;
    tx.execute(super::WRITERS_LOCK, &[])?;
    keep_replaced(&mut tx, stamp)?;
    write_content(&mut tx, data)?;
    set_meta(&mut tx, "undo", &packed(&UndoState::default()))?;
    tx.commit()?;
    Ok(())
}

/// The content tables in the order they can be filled (what a row refers to first);
/// each has its `previous_` twin (migration 8).
const KEPT: [&str; 17] = [
    "units",
    "positions",
    "employees",
    "ratings",
    "assessments",
    "penalties",
    "trainings",
    "grade_history",
    "position_history",
    "credit_points",
    "standards",
    "tasks",
    "anjab",
    "unor_ids",
    "derived_unit_totals",
    "derived_people",
    "derived_tokens",
];

/// Copies the content about to be replaced into the `previous_` tables (in the engine,
/// not through the client), with what it was, letting go of what the last replace
/// kept. An empty content is not kept.
fn keep_replaced(tx: &mut postgres::Transaction<'_>, stamp: &crate::model::Stamp) -> StoreResult<()> {
    forget_kept(tx)?;
    let stats: Stats = match tx.query_opt("SELECT value FROM meta WHERE key = 'stats'", &[])? {
        Some(row) => decode(row.get::<_, &[u8]>(0), "stats")?,
        None => Stats::default(),
    };
    if stats == Stats::default() {
        return Ok(());
    }
    for t in KEPT {
        tx.batch_execute(&format!("INSERT INTO previous_{t} SELECT * FROM {t}"))?;
    }
    let head: i64 = tx.query_one("SELECT coalesce(max(seq), 0) FROM journal", &[])?.get(0);
    let undo: UndoState = match tx.query_opt("SELECT value FROM meta WHERE key = 'undo'", &[])? {
        Some(row) => decode(row.get::<_, &[u8]>(0), "undo")?,
        None => UndoState::default(),
    };
    let replaced = crate::store::Replaced { stamp: stamp.clone(), head: head as u64, stats, undo };
    set_meta(tx, "replaced", &packed(&Some(replaced)))
}

/// Lets go of the content the last replace kept, and of what it said of it.
fn forget_kept(tx: &mut postgres::Transaction<'_>) -> StoreResult<()> {
    let previous: Vec<String> = KEPT.iter().map(|t| format!("previous_{t}")).collect();
    tx.batch_execute(&format!("TRUNCATE {}", previous.join(", ")))?;
    tx.execute("DELETE FROM meta WHERE key = 'replaced'", &[])?;
    Ok(())
}

/// What the last replace took away, if it is kept.
pub(super) fn replaced(client: &mut impl GenericClient) -> StoreResult<Option<crate::store::Replaced>> {
    match client.query_opt("SELECT value FROM meta WHERE key = 'replaced'", &[])? {
        Some(row) => decode(row.get::<_, &[u8]>(0), "replaced"),
        None => Ok(None),
    }
}

/// Makes the kept content the content again, with its counts and undo state, in one
/// transaction; refused when a journal entry came since the replace.
pub(super) fn bring_back(client: &mut Client) -> StoreResult<crate::store::Replaced> {
    let mut tx = client.transaction()?;
    tx.execute(super::WRITERS_LOCK, &[])?;
    let Some(replaced) = replaced(&mut tx)? else { return Err(StoreError::NothingReplaced) };
    let head: i64 = tx.query_one("SELECT coalesce(max(seq), 0) FROM journal", &[])?.get(0);
    if head as u64 != replaced.head {
        return Err(StoreError::ReplacedSince { entries: (head as u64).saturating_sub(replaced.head) });
    }
    tx.batch_execute(&format!("TRUNCATE {}", KEPT.join(", ")))?;
    // As a replace fills them: keys and indexes set aside while the rows go in.
    let again = set_aside_keys_and_indexes(&mut tx)?;
    for t in KEPT {
        tx.batch_execute(&format!("INSERT INTO {t} SELECT * FROM previous_{t}"))?;
    }
    for statement in again {
        tx.batch_execute(&statement)?;
    }
    forget_kept(&mut tx)?;
    set_meta(&mut tx, "stats", &packed(&replaced.stats))?;
    set_meta(&mut tx, "undo", &packed(&replaced.undo))?;
    tx.commit()?;
    Ok(replaced)
}

/// Makes the database `whole`, replacing everything, in one transaction.
pub(super) fn restore(client: &mut Client, whole: &Whole) -> StoreResult<()> {
    let mut tx = client.transaction()?;
    tx.execute(super::WRITERS_LOCK, &[])?;
    write_content(&mut tx, &whole.data)?;
    tx.batch_execute("TRUNCATE journal, derived_touched, reviews, drafts")?;
    // What this database held before is not kept: it is a copy of another.
    forget_kept(&mut tx)?;
    let statement = tx.prepare(JOURNAL_INSERT)?;
    for e in &whole.journal {
        insert_journal(|values| tx.execute(&statement, values), e)?;
    }
    let touched = tx.prepare("INSERT INTO derived_touched (seq, touched) VALUES ($1, $2)")?;
    for (seq, t) in &whole.touched {
        tx.execute(&touched, &[&(*seq as i64), &packed(t)])?;
    }
    for review in &whole.reviews {
        tx.execute("INSERT INTO reviews (position_code, review) VALUES ($1, $2)", &[&review.position, &json(review)?])?;
    }
    for draft in &whole.drafts {
        let created = chrono::DateTime::from_timestamp(draft.created.at, 0).unwrap_or_default();
        tx.execute(
            "INSERT INTO drafts (name, by_user, created, draft) VALUES ($1, $2, $3, $4)",
            &[&draft.name, &draft.created.user, &created, &json(draft)?],
        )?;
    }
    set_meta(&mut tx, "undo", &packed(&whole.undo))?;
    tx.commit()?;
    Ok(())
}

/// How a journal entry is written, with the values [`insert_journal`] gives it.
pub(super) const JOURNAL_INSERT: &str = "INSERT INTO journal (seq, at, by_user, origin, reason, ops, inverse, entry) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Writes `entry` as a journal row through `execute` ([`JOURNAL_INSERT`] prepared on
/// the writer's transaction).
pub(super) fn insert_journal(
    execute: impl FnOnce(super::conn::Params<'_>) -> Result<u64, postgres::Error>,
    entry: &crate::model::JournalEntry,
) -> StoreResult<()> {
    let at = chrono::DateTime::from_timestamp(entry.stamp.at, 0).unwrap_or_default();
    let (ops, inverse, whole) = (json(&entry.ops)?, json(&entry.inverse)?, json(entry)?);
    execute(&[
        &(entry.seq as i64),
        &at,
        &entry.stamp.user,
        &entry.origin.label(),
        &entry.reason,
        &ops,
        &inverse,
        &whole,
    ])?;
    Ok(())
}

/// A value as a JSON column holds it.
pub(super) fn json<T: serde::Serialize>(value: &T) -> StoreResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| StoreError::Backend(format!("JSON: {e}")))
}

/// The structure, the people, their records and what is derived from them, replacing
/// what the tables held (the journal, reviews and drafts are left as they are).
fn write_content(tx: &mut postgres::Transaction<'_>, data: &Dataset) -> StoreResult<()> {
    tx.batch_execute(
        "TRUNCATE units, positions, employees, ratings, assessments, penalties, trainings, grade_history, \
         position_history, credit_points, standards, tasks, anjab, unor_ids, derived_unit_totals, derived_people, \
         derived_tokens",
    )?;
    let again = set_aside_keys_and_indexes(tx)?;
    write_rows(tx, data)?;
    for statement in again {
        tx.batch_execute(&statement)?;
    }
    Ok(())
}

/// The tables `write_content` empties and fills.
const CONTENT: &str = "'units', 'positions', 'employees', 'ratings', 'assessments', 'penalties', 'trainings', \
     'grade_history', 'position_history', 'credit_points', 'standards', 'tasks', 'anjab', 'unor_ids', 'derived_unit_totals', 'derived_people', \
     'derived_tokens'";

/// Rows checked against foreign keys one by one (a trigger per row, at commit) and
/// added to indexes one by one cost more than writing them: 7 of 11 s for a province.
/// When the tables are the session's own (the role that migrated them: a database's
/// owner), the emptied tables' keys and indexes are dropped here, and the returned
/// statements make them again once the rows are in (an index built from sorted rows,
/// each foreign key checked in one pass), in the same transaction: the `TRUNCATE`
/// already keeps everyone else out, and a failure undoes it all. Another role keeps
/// them, and pays the checks.
fn set_aside_keys_and_indexes(tx: &mut postgres::Transaction<'_>) -> StoreResult<Vec<String>> {
    let owned: Option<bool> = tx
        .query_one(
            "SELECT bool_and(pg_has_role(current_user, c.relowner, 'USAGE')) FROM pg_class c \
             WHERE c.relnamespace = 'jabat'::regnamespace AND c.relkind = 'r'",
            &[],
        )?
        .get(0);
    if owned != Some(true) {
        return Ok(Vec::new());
    }
    // Foreign keys first (they need the keys they refer to), then primary and unique keys.
    let constraints = tx.query(
        &format!(
            "SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid) \
             FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
             WHERE c.connamespace = 'jabat'::regnamespace AND c.contype IN ('f', 'p', 'u') \
               AND t.relname IN ({CONTENT}) \
             ORDER BY c.contype = 'f' DESC, 1, 2"
        ),
        &[],
    )?;
    let indexes = tx.query(
        &format!(
            "SELECT quote_ident(i.indexname), i.indexdef FROM pg_indexes i \
             WHERE i.schemaname = 'jabat' AND i.tablename IN ({CONTENT}) \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = \
                               (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) \
             ORDER BY 1"
        ),
        &[],
    )?;
    let mut keys = Vec::new();
    let mut foreign = Vec::new();
    for row in &constraints {
        let (table, name, definition): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        tx.batch_execute(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))?;
        let add = format!("ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
        if definition.starts_with("FOREIGN KEY") { foreign.push(add) } else { keys.push(add) }
    }
    for row in &indexes {
        let (name, definition): (String, String) = (row.get(0), row.get(1));
        tx.batch_execute(&format!("DROP INDEX {name}"))?;
        keys.push(definition);
    }
    keys.extend(foreign);
    Ok(keys)
}

/// Every row of `data` into the emptied tables, with `COPY`.
fn write_rows(tx: &mut postgres::Transaction<'_>, data: &Dataset) -> StoreResult<()> {
    {
        let mut c = Copy::new(tx, "units", "id, code, parent_id, name, kind, eselon")?;
        for u in &data.units {
            c.text(u.id.0).text(&u.code).opt(u.parent.map(|p| p.0)).text(&u.name).text(&u.kind).opt(u.eselon);
            c.end_row()?;
        }
        c.finish()?;
    }
    {
        let mut c = Copy::new(tx, "positions", "id, code, unit_id, name, kind, level, eselon, class, needed, head")?;
        for p in &data.positions {
            let s = &p.spec;
            c.text(p.id.0).text(&p.code).text(p.unit.0).text(&p.name).text(s.kind);
            c.opt(s.level).opt(s.eselon).opt(s.class).opt(s.needed).text(s.head);
            c.end_row()?;
        }
        c.finish()?;
    }
    {
        let mut c = Copy::new(
            tx,
            "employees",
            "nip, name, status, grade, grade_since, position_id, position_since, education, \
             service_start_override, potential",
        )?;
        for e in &data.employees {
            c.text(e.nip.as_u64()).text(&e.name).text(e.status).opt(e.grade).opt(e.grade_since);
            c.opt(e.position.map(|p| p.0)).opt(e.position_since).opt(e.education);
            c.opt(e.service_start_override).opt(e.potential);
            c.end_row()?;
        }
        c.finish()?;
    }
    fn lists<T>(
        tx: &mut postgres::Transaction<'_>,
        table: &str,
        columns: &str,
        map: &BTreeMap<Nip, Vec<T>>,
        row: impl Fn(&mut Copy, &T),
    ) -> StoreResult<()> {
        let mut c = Copy::new(tx, table, &format!("nip, seq, {columns}"))?;
        for (nip, list) in map {
            for (seq, item) in list.iter().enumerate() {
                c.text(nip.as_u64()).text(seq);
                row(&mut c, item);
                c.end_row()?;
            }
        }
        c.finish()
    }
    lists(tx, "ratings", "year, rating", &data.ratings, |c, r| {
        c.text(r.year).text(r.rating);
    })?;
    lists(tx, "assessments", "competency, level, assessed_on", &data.assessments, |c, a| {
        c.text(a.competency.id()).text(a.level).opt(a.assessed_on);
    })?;
    lists(tx, "penalties", "severity, start_date, end_date", &data.penalties, |c, p| {
        c.text(p.severity).text(p.start).opt(p.end);
    })?;
    lists(tx, "trainings", "name, kind, year", &data.trainings, |c, t| {
        c.text(&t.name).text(&t.kind).opt(t.year);
    })?;
    lists(tx, "grade_history", "since, grade", &data.grade_history, |c, g| {
        c.text(g.since).text(g.grade);
    })?;
    lists(tx, "credit_points", "year, thousandths", &data.credit_points, |c, p| {
        c.text(p.year).text(p.thousandths);
    })?;
    lists(
        tx,
        "position_history",
        "from_date, to_date, position, position_code, unit, kind, level",
        &data.position_history,
        |c, p| {
            c.text(p.from).opt(p.to).text(&p.position).opt(p.position_code.as_deref()).opt(p.unit.as_deref());
            c.opt(p.kind).opt(p.level);
        },
    )?;
    {
        let mut c = Copy::new(tx, "standards", "position_id, seq, competency, level")?;
        for (p, list) in &data.standards {
            for (seq, s) in list.iter().enumerate() {
                c.text(p.0).text(seq).text(s.competency.id()).text(s.level);
                c.end_row()?;
            }
        }
        c.finish()?;
    }
    {
        let mut c = Copy::new(tx, "tasks", "position_id, seq, task, volume, minutes")?;
        for (p, list) in &data.tasks {
            for (seq, t) in list.iter().enumerate() {
                c.text(p.0).text(seq).text(&t.name).text(t.volume).text(t.minutes);
                c.end_row()?;
            }
        }
        c.finish()?;
    }
    {
        let mut c = Copy::new(tx, "anjab", "position_id, seq, section, item, body")?;
        for (p, a) in &data.anjab {
            for (seq, r) in a.rows.iter().enumerate() {
                c.text(p.0).text(seq).text(r.section.key()).text(&r.item).text(&r.text);
                c.end_row()?;
            }
        }
        c.finish()?;
    }
    {
        let mut c = Copy::new(tx, "unor_ids", "unit_code, unor_id")?;
        for (code, unor) in &data.unor_ids {
            c.text(code).text(unor);
            c.end_row()?;
        }
        c.finish()?;
    }
    write_derived(tx, data)
}

/// What is derived from the whole of `data`, as a bulk write of the other backends makes it.
pub(super) fn write_derived(tx: &mut postgres::Transaction<'_>, data: &Dataset) -> StoreResult<()> {
    {
        let mut c = Copy::new(tx, "derived_unit_totals", "unit_id, totals")?;
        for (unit, totals) in data.subtree_headcounts() {
            c.text(unit.0).bytes(&packed(&totals));
            c.end_row()?;
        }
        c.finish()?;
    }
    // The packed people and the token lists are most of a national write's bytes: sent
    // in COPY's binary format, not as hex and array text to be parsed back (90 s of
    // the national import's COPY before).
    {
        use postgres::types::Type;
        let sink = tx.copy_in("COPY derived_people (instansi, branch, chunk, people) FROM STDIN (FORMAT binary)")?;
        let mut rows =
            postgres::binary_copy::BinaryCopyInWriter::new(sink, &[Type::INT4, Type::INT4, Type::INT4, Type::BYTEA]);
        for ((root, branch), batches) in data.people_by_branch(PEOPLE_PER_CHUNK) {
            for (chunk, people) in batches.iter().enumerate() {
                rows.write(&[&(root.0 as i32), &(branch.0 as i32), &(chunk as i32), &packed(people)])?;
            }
        }
        rows.finish()?;
    }
    {
        use postgres::types::Type;
        let sink = tx.copy_in("COPY derived_tokens (key, ids) FROM STDIN (FORMAT binary)")?;
        let mut rows = postgres::binary_copy::BinaryCopyInWriter::new(sink, &[Type::BYTEA, Type::INT8_ARRAY]);
        for (key, ids) in keys::shard_postings(derive::tokens_of(data)) {
            let ids: Vec<i64> = ids.iter().map(|&id| id as i64).collect();
            rows.write(&[&key, &ids])?;
        }
        rows.finish()?;
    }
    set_meta(tx, "stats", &packed(&Stats::of(data)))
}

pub(super) fn set_meta(tx: &mut impl GenericClient, key: &str, value: &[u8]) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        &[&key, &value],
    )?;
    Ok(())
}

/// Everything stored, in the order the other backends give it back (by id and NIP).
pub(super) fn dataset(tx: &mut impl GenericClient) -> StoreResult<Dataset> {
    let mut data = Dataset::default();
    for r in tx.query("SELECT * FROM units ORDER BY id", &[])? {
        data.units.push(rows::unit(&r)?);
    }
    for r in tx.query("SELECT * FROM positions ORDER BY id", &[])? {
        data.positions.push(rows::position(&r)?);
    }
    for r in tx.query("SELECT * FROM employees ORDER BY nip", &[])? {
        data.employees.push(rows::employee(&r)?);
    }
    fn lists<T>(
        tx: &mut impl GenericClient,
        table: &str,
        map: &mut BTreeMap<Nip, Vec<T>>,
        row: fn(&postgres::Row) -> StoreResult<T>,
    ) -> StoreResult<()> {
        for r in tx.query(&format!("SELECT * FROM {table} ORDER BY nip, seq"), &[])? {
            map.entry(rows::nip(r.get("nip"))?).or_default().push(row(&r)?);
        }
        Ok(())
    }
    lists(tx, "ratings", &mut data.ratings, rows::rating)?;
    lists(tx, "assessments", &mut data.assessments, rows::assessment)?;
    lists(tx, "penalties", &mut data.penalties, rows::penalty)?;
    lists(tx, "trainings", &mut data.trainings, rows::training)?;
    lists(tx, "grade_history", &mut data.grade_history, rows::grade_step)?;
    lists(tx, "position_history", &mut data.position_history, rows::post)?;
    lists(tx, "credit_points", &mut data.credit_points, rows::credit_points)?;
    for r in tx.query("SELECT * FROM standards ORDER BY position_id, seq", &[])? {
        let p = crate::model::PositionId(r.get::<_, i32>("position_id") as u32);
        data.standards.entry(p).or_default().push(rows::standard(&r)?);
    }
    for r in tx.query("SELECT * FROM tasks ORDER BY position_id, seq", &[])? {
        let p = crate::model::PositionId(r.get::<_, i32>("position_id") as u32);
        data.tasks.entry(p).or_default().push(rows::task(&r)?);
    }
    for r in tx.query("SELECT * FROM anjab ORDER BY position_id, seq", &[])? {
        let p = crate::model::PositionId(r.get::<_, i32>("position_id") as u32);
        data.anjab.entry(p).or_default().rows.push(rows::anjab_row(&r)?);
    }
    for r in tx.query("SELECT unit_code, unor_id FROM unor_ids", &[])? {
        data.unor_ids.insert(r.get(0), r.get(1));
    }
    Ok(data)
}

/// Many employees with their records, in NIP order.
pub(super) fn profiles(client: &mut Client, wanted: &[i64]) -> StoreResult<Vec<Profile>> {
    // Typed queries: one round trip each, not a prepare and an execute (a `show` from a
    // script makes these seven and exits).
    let nips = [(&wanted as &(dyn postgres::types::ToSql + Sync), postgres::types::Type::INT8_ARRAY)];
    let mut out: BTreeMap<Nip, Profile> = BTreeMap::new();
    for r in client.query_typed("SELECT * FROM employees WHERE nip = ANY($1) ORDER BY nip", &nips)? {
        let employee = rows::employee(&r)?;
        out.insert(
            employee.nip,
            Profile {
                employee,
                grade_history: Vec::new(),
                position_history: Vec::new(),
                ratings: Vec::new(),
                assessments: Vec::new(),
                penalties: Vec::new(),
                trainings: Vec::new(),
                credit_points: Vec::new(),
            },
        );
    }
    macro_rules! list {
        ($table:literal, $field:ident, $row:path) => {
            for r in client
                .query_typed(concat!("SELECT * FROM ", $table, " WHERE nip = ANY($1) ORDER BY nip, seq"), &nips)?
            {
                if let Some(p) = out.get_mut(&rows::nip(r.get("nip"))?) {
                    p.$field.push($row(&r)?);
                }
            }
        };
    }
    list!("grade_history", grade_history, rows::grade_step);
    list!("position_history", position_history, rows::post);
    list!("ratings", ratings, rows::rating);
    list!("assessments", assessments, rows::assessment);
    list!("penalties", penalties, rows::penalty);
    list!("trainings", trainings, rows::training);
    list!("credit_points", credit_points, rows::credit_points);
    Ok(out.into_values().collect())
}

/// What differs between the derived tables and a rebuild of them from the data.
pub(super) fn integrity_problems(client: &mut Client) -> StoreResult<Vec<String>> {
    let mut tx = client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).start()?;
    let data = dataset(&mut tx)?;
    let mut problems = Vec::new();
    let mut compare = |name: &str, differs: bool| {
        if differs {
            problems.push(format!("{name}: differs from a rebuild"));
        }
    };
    let totals: BTreeMap<i32, Vec<u8>> = tx
        .query("SELECT unit_id, totals FROM derived_unit_totals", &[])?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let fresh: BTreeMap<i32, Vec<u8>> =
        data.subtree_headcounts().into_iter().map(|(u, h)| (u.0 as i32, packed(&h))).collect();
    compare("unit totals", totals != fresh);
    let people: BTreeMap<(i32, i32, i32), Vec<u8>> = tx
        .query("SELECT instansi, branch, chunk, people FROM derived_people", &[])?
        .iter()
        .map(|r| ((r.get(0), r.get(1), r.get(2)), r.get(3)))
        .collect();
    let mut fresh_people = BTreeMap::new();
    for ((root, branch), batches) in data.people_by_branch(PEOPLE_PER_CHUNK) {
        for (chunk, p) in batches.iter().enumerate() {
            fresh_people.insert((root.0 as i32, branch.0 as i32, chunk as i32), packed(p));
        }
    }
    compare("people", people != fresh_people);
    let tokens: BTreeMap<Vec<u8>, Vec<i64>> =
        tx.query("SELECT key, ids FROM derived_tokens", &[])?.iter().map(|r| (r.get(0), r.get(1))).collect();
    let fresh_tokens: BTreeMap<Vec<u8>, Vec<i64>> = keys::shard_postings(derive::tokens_of(&data))
        .into_iter()
        .map(|(k, ids)| (k, ids.into_iter().map(|i| i as i64).collect()))
        .collect();
    compare("tokens", tokens != fresh_tokens);
    let stats: Stats = match tx.query_opt("SELECT value FROM meta WHERE key = 'stats'", &[])? {
        Some(r) => decode(r.get::<_, &[u8]>(0), "stats")?,
        None => Stats::default(),
    };
    let expected = Stats::of(&data);
    if stats != expected {
        problems.push(format!("stats: stored {stats:?}, rebuilt {expected:?}"));
    }
    tx.commit()?;
    Ok(problems)
}
