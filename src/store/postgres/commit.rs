//! A change committed: in one transaction, with the writers' lock taken first so that
//! writers go one at a time; refused when a node it touches changed after the entry it
//! was made against; what it derives worked out by `store::derive` from what is stored
//! then; the journal entry stamped with the database's own `session_user`.

use std::collections::BTreeMap;

use super::bulk::{JOURNAL_INSERT, insert_journal, set_meta};
use super::conn::{Conn, Tx};
use super::tx::Reading;
use super::{packed, rows};
use crate::model::JournalEntry;
use crate::store::codec::decode;
use crate::store::derive;
use crate::store::{StoreError, StoreResult, StructureChange, keys};

pub(super) fn commit(
    conn: &mut Conn,
    change: &StructureChange,
    mut entry: JournalEntry,
    consumed: Option<&str>,
    against: u64,
) -> StoreResult<JournalEntry> {
    let mut tx = conn.transaction()?;
    // Writers one at a time; readers are not held up.
    tx.execute(super::WRITERS_LOCK, &[])?;
    let head: i64 = tx.query_one("SELECT coalesce(max(seq), 0) FROM journal", &[])?.get(0);
    let head = head as u64;
    // Who made it is who the database says is connected, not what the client wrote.
    entry.stamp.user = tx.query_one("SELECT session_user::text", &[])?.get(0);
    let touched = change.touched();
    let derived = {
        let before = Reading::new(&mut tx);
        if let Some(made) = crate::store::settle_against(
            &entry,
            &touched,
            against,
            head,
            |seq| touched_at(&before, seq),
            |seq| journal_entry(&before, seq),
            &before,
        )? {
            return Ok(made);
        }
        derive::derive(&before, change)?
    };
    // The journal entry first: the engine lets this transaction change the tables only
    // once it has written one in its own name (migration V3, docs/security.md).
    entry.seq = head + 1;
    insert_journal(|values| tx.execute(JOURNAL_INSERT, values), &entry)?;
    tx.execute(
        "INSERT INTO derived_touched (seq, touched) VALUES ($1, $2)",
        &[&(entry.seq as i64), &packed(&touched)],
    )?;
    apply(&mut tx, change, derived)?;
    let undo: crate::model::UndoState = match tx.query_opt("SELECT value FROM meta WHERE key = 'undo'", &[])? {
        Some(r) => decode(r.get::<_, &[u8]>(0), "undo")?,
        None => Default::default(),
    };
    set_meta(tx.raw(), "undo", &packed(&undo.after(&entry.origin, entry.seq)))?;
    // Every open interface hears of it when the transaction commits.
    tx.execute("SELECT pg_notify($1, $2)", &[&super::listen::JOURNAL_CHANNEL, &entry.seq.to_string()])?;
    if let Some(name) = consumed {
        tx.execute("DELETE FROM drafts WHERE name = $1", &[&name])?;
    }
    tx.commit()?;
    Ok(entry)
}

fn journal_entry(before: &Reading, seq: u64) -> StoreResult<Option<JournalEntry>> {
    before.journal_entry(seq)
}

fn touched_at(before: &Reading, seq: u64) -> StoreResult<Option<crate::store::Touched>> {
    before.touched(seq)
}

/// Writes the change's entities and lists, and what is derived from it.
fn apply(tx: &mut Tx<'_>, c: &StructureChange, d: derive::Derived) -> StoreResult<()> {
    for (id, v) in &c.units {
        match &v.after {
            Some(u) => {
                tx.execute(
                    "INSERT INTO units (id, code, parent_id, name, kind, eselon) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, parent_id = EXCLUDED.parent_id, \
                     name = EXCLUDED.name, kind = EXCLUDED.kind, eselon = EXCLUDED.eselon",
                    &[
                        &(u.id.0 as i32),
                        &u.code,
                        &u.parent.map(|p| p.0 as i32),
                        &u.name,
                        &u.kind,
                        &rows::text(u.eselon),
                    ],
                )?;
            }
            None => _ = tx.execute("DELETE FROM units WHERE id = $1", &[&(id.0 as i32)])?,
        }
    }
    for (id, v) in &c.positions {
        match &v.after {
            Some(p) => {
                let s = &p.spec;
                tx.execute(
                    "INSERT INTO positions (id, code, unit_id, name, kind, level, eselon, class, needed, head) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, unit_id = EXCLUDED.unit_id, \
                     name = EXCLUDED.name, kind = EXCLUDED.kind, level = EXCLUDED.level, eselon = EXCLUDED.eselon, \
                     class = EXCLUDED.class, needed = EXCLUDED.needed, head = EXCLUDED.head",
                    &[
                        &(p.id.0 as i32),
                        &p.code,
                        &(p.unit.0 as i32),
                        &p.name,
                        &s.kind.as_str(),
                        &rows::text(s.level),
                        &rows::text(s.eselon),
                        &s.class.map(i16::from),
                        &s.needed.map(|n| n as i32),
                        &s.head,
                    ],
                )?;
            }
            None => _ = tx.execute("DELETE FROM positions WHERE id = $1", &[&(id.0 as i32)])?,
        }
    }
    for v in c.employees.values() {
        if let Some(e) = &v.after {
            tx.execute(
                "UPDATE employees SET name = $2, status = $3, grade = $4, grade_since = $5, position_id = $6, \
                 position_since = $7, education = $8, service_start_override = $9, potential = $10 WHERE nip = $1",
                &[
                    &(e.nip.as_u64() as i64),
                    &e.name,
                    &e.status.as_str(),
                    &rows::text(e.grade),
                    &rows::naive(e.grade_since),
                    &e.position.map(|p| p.0 as i32),
                    &rows::naive(e.position_since),
                    &rows::text(e.education),
                    &rows::naive(e.service_start_override),
                    &e.potential.map(i16::from),
                ],
            )?;
        }
    }
    for (p, list) in &c.standards {
        tx.execute("DELETE FROM standards WHERE position_id = $1", &[&(p.0 as i32)])?;
        for (seq, s) in list.iter().enumerate() {
            tx.execute(
                "INSERT INTO standards (position_id, seq, competency, level) VALUES ($1, $2, $3, $4)",
                &[&(p.0 as i32), &(seq as i32), &s.competency.id(), &i16::from(s.level)],
            )?;
        }
    }
    for (p, list) in &c.tasks {
        tx.execute("DELETE FROM tasks WHERE position_id = $1", &[&(p.0 as i32)])?;
        for (seq, t) in list.iter().enumerate() {
            tx.execute(
                "INSERT INTO tasks (position_id, seq, task, volume, minutes) VALUES ($1, $2, $3, $4, $5)",
                &[&(p.0 as i32), &(seq as i32), &t.name, &t.volume, &t.minutes],
            )?;
        }
    }
    for (p, anjab) in &c.anjab {
        tx.execute("DELETE FROM anjab WHERE position_id = $1", &[&(p.0 as i32)])?;
        for (seq, r) in anjab.iter().flat_map(|a| &a.rows).enumerate() {
            tx.execute(
                "INSERT INTO anjab (position_id, seq, section, item, body) VALUES ($1, $2, $3, $4, $5)",
                &[&(p.0 as i32), &(seq as i32), &r.section.key(), &r.item, &r.text],
            )?;
        }
    }
    for (nip, list) in &c.posts {
        let n = nip.as_u64() as i64;
        tx.execute("DELETE FROM position_history WHERE nip = $1", &[&n])?;
        for (seq, p) in list.iter().enumerate() {
            tx.execute(
                "INSERT INTO position_history (nip, seq, from_date, to_date, position, position_code, unit, kind, level) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &n,
                    &(seq as i32),
                    &p.from.naive(),
                    &rows::naive(p.to),
                    &p.position,
                    &p.position_code,
                    &p.unit,
                    &rows::text(p.kind),
                    &rows::text(p.level),
                ],
            )?;
        }
    }
    // Derived.
    for (unit, totals) in d.totals {
        match totals {
            Some(h) => tx.execute(
                "INSERT INTO derived_unit_totals (unit_id, totals) VALUES ($1, $2) \
                 ON CONFLICT (unit_id) DO UPDATE SET totals = EXCLUDED.totals",
                &[&(unit.0 as i32), &packed(&h)],
            )?,
            None => tx.execute("DELETE FROM derived_unit_totals WHERE unit_id = $1", &[&(unit.0 as i32)])?,
        };
    }
    let mut by_key: BTreeMap<Vec<u8>, Vec<(u64, bool)>> = BTreeMap::new();
    for e in d.tokens {
        by_key.entry(keys::token(e.owner, &e.token, e.owner.shard(e.id))).or_default().push((e.id, e.added));
    }
    for (key, edits) in by_key {
        let mut ids: Vec<i64> = match tx.query_opt("SELECT ids FROM derived_tokens WHERE key = $1", &[&key])? {
            Some(r) => r.get(0),
            None => Vec::new(),
        };
        for (id, added) in edits {
            let id = id as i64;
            match (ids.binary_search(&id), added) {
                (Err(at), true) => ids.insert(at, id),
                (Ok(at), false) => _ = ids.remove(at),
                _ => {}
            }
        }
        if ids.is_empty() {
            tx.execute("DELETE FROM derived_tokens WHERE key = $1", &[&key])?;
        } else {
            tx.execute(
                "INSERT INTO derived_tokens (key, ids) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET ids = EXCLUDED.ids",
                &[&key, &ids],
            )?;
        }
    }
    for ((instansi, branch), people) in d.people {
        tx.execute(
            "DELETE FROM derived_people WHERE instansi = $1 AND branch = $2",
            &[&(instansi as i32), &(branch as i32)],
        )?;
        for (chunk, batch) in people.batches.iter().enumerate() {
            tx.execute(
                "INSERT INTO derived_people (instansi, branch, chunk, people) VALUES ($1, $2, $3, $4)",
                &[&(instansi as i32), &(branch as i32), &(chunk as i32), &packed(batch)],
            )?;
        }
    }
    set_meta(tx.raw(), "stats", &packed(&d.stats))?;
    Ok(())
}

impl Reading<'_, '_> {
    pub(super) fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>> {
        let rows = self.query("SELECT entry FROM journal WHERE seq = $1", &[&(seq as i64)])?;
        match rows.first() {
            Some(r) => Ok(Some(
                serde_json::from_value(r.get(0)).map_err(|e| StoreError::Corrupt(format!("journal entry: {e}")))?,
            )),
            None => Ok(None),
        }
    }

    pub(super) fn touched(&self, seq: u64) -> StoreResult<Option<crate::store::Touched>> {
        let rows = self.query("SELECT touched FROM derived_touched WHERE seq = $1", &[&(seq as i64)])?;
        rows.first().map(|r| decode(r.get::<_, &[u8]>(0), "touched")).transpose()
    }
}
