//! The stored structure read inside one transaction, as what a change derives reads it
//! (`derive::Before`) and as the search looks things up (`SearchIndex`).

use std::cell::RefCell;

use super::conn::Tx;
use super::rows;
use crate::model::{Employee, Headcount, Nip, People, Position, PositionId, Task, Unit, UnitId};
use crate::store::codec::decode;
use crate::store::derive::{self, Place};
use crate::store::search::SearchIndex;
use crate::store::{Stats, StoreResult};

/// Rows fetched at a time when a scan may stop early.
const PAGE: i64 = 512;

/// A transaction, read through `&self` (the traits it serves read that way).
pub(super) struct Reading<'a, 't> {
    tx: RefCell<&'a mut Tx<'t>>,
}

impl<'a, 't> Reading<'a, 't> {
    pub(super) fn new(tx: &'a mut Tx<'t>) -> Reading<'a, 't> {
        Reading { tx: RefCell::new(tx) }
    }

    pub(super) fn query(
        &self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> StoreResult<Vec<postgres::Row>> {
        Ok(self.tx.borrow_mut().query(sql, params)?)
    }

    pub(super) fn unit_row(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.query("SELECT * FROM units WHERE id = $1", &[&(id.0 as i32)])?.first().map(rows::unit).transpose()
    }

    pub(super) fn position_row(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.query("SELECT * FROM positions WHERE id = $1", &[&(id.0 as i32)])?.first().map(rows::position).transpose()
    }

    pub(super) fn employee_row(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        self.query("SELECT * FROM employees WHERE nip = $1", &[&(nip.as_u64() as i64)])?
            .first()
            .map(rows::employee)
            .transpose()
    }
}

impl derive::Before for Reading<'_, '_> {
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.unit_row(id)
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.position_row(id)
    }
    fn child_ids(&self, parent: UnitId) -> StoreResult<Vec<UnitId>> {
        let rows = self.query("SELECT id FROM units WHERE parent_id = $1 ORDER BY id", &[&(parent.0 as i32)])?;
        Ok(rows.iter().map(|r| UnitId(r.get::<_, i32>(0) as u32)).collect())
    }
    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        let rows = self.query("SELECT id FROM positions WHERE unit_id = $1 ORDER BY id", &[&(unit.0 as i32)])?;
        Ok(rows.iter().map(|r| PositionId(r.get::<_, i32>(0) as u32)).collect())
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        let rows =
            self.query("SELECT nip FROM employees WHERE position_id = $1 ORDER BY nip", &[&(position.0 as i32)])?;
        rows.iter().map(|r| rows::nip(r.get(0))).collect()
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        let rows = self.query("SELECT * FROM tasks WHERE position_id = $1 ORDER BY seq", &[&(position.0 as i32)])?;
        rows.iter().map(rows::task).collect()
    }
    fn unit_totals(&self, unit: UnitId) -> StoreResult<Headcount> {
        match self.query("SELECT totals FROM derived_unit_totals WHERE unit_id = $1", &[&(unit.0 as i32)])?.first() {
            Some(row) => decode(row.get::<_, &[u8]>(0), "unit totals"),
            None => Ok(Headcount::default()),
        }
    }
    fn branch_people(&self, (instansi, branch): Place) -> StoreResult<Vec<People>> {
        let rows = self.query(
            "SELECT people FROM derived_people WHERE instansi = $1 AND branch = $2 ORDER BY chunk",
            &[&(instansi as i32), &(branch as i32)],
        )?;
        rows.iter().map(|r| decode(r.get::<_, &[u8]>(0), "people")).collect()
    }
    fn records(&self, nip: Nip) -> StoreResult<derive::Records> {
        let n = nip.as_u64() as i64;
        let list = |table: &str| self.query(&format!("SELECT * FROM {table} WHERE nip = $1 ORDER BY seq"), &[&n]);
        Ok((
            list("ratings")?.iter().map(rows::rating).collect::<StoreResult<_>>()?,
            list("penalties")?.iter().map(rows::penalty).collect::<StoreResult<_>>()?,
            list("assessments")?.iter().map(rows::assessment).collect::<StoreResult<_>>()?,
            list("position_history")?.iter().map(rows::post).collect::<StoreResult<_>>()?,
        ))
    }
    fn stats(&self) -> StoreResult<Stats> {
        match self.query("SELECT value FROM meta WHERE key = 'stats'", &[])?.first() {
            Some(row) => decode(row.get::<_, &[u8]>(0), "stats"),
            None => Ok(Stats::default()),
        }
    }
}

impl SearchIndex for Reading<'_, '_> {
    fn unit_with_code(&self, code: &str) -> StoreResult<Option<u64>> {
        let rows = self.query("SELECT id FROM units WHERE code = $1", &[&code])?;
        Ok(rows.first().map(|r| r.get::<_, i32>(0) as u64))
    }
    fn position_with_code(&self, code: &str) -> StoreResult<Option<u64>> {
        let rows = self.query("SELECT id FROM positions WHERE code = $1", &[&code])?;
        Ok(rows.first().map(|r| r.get::<_, i32>(0) as u64))
    }
    fn nips_between(&self, low: u64, high: u64, each: &mut dyn FnMut(u64) -> bool) -> StoreResult<()> {
        let mut from = low as i64;
        loop {
            let rows = self.query(
                "SELECT nip FROM employees WHERE nip >= $1 AND nip < $2 ORDER BY nip LIMIT $3",
                &[&from, &(high.min(i64::MAX as u64) as i64), &PAGE],
            )?;
            for r in &rows {
                let nip: i64 = r.get(0);
                if !each(nip as u64) {
                    return Ok(());
                }
                from = nip + 1;
            }
            if (rows.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }
    fn postings(&self, prefix: &[u8], each: &mut dyn FnMut(&[u8], Vec<u64>) -> bool) -> StoreResult<()> {
        let mut from = prefix.to_vec();
        let mut first = true;
        loop {
            let rows = self.query(
                if first {
                    "SELECT key, ids FROM derived_tokens WHERE key >= $1 ORDER BY key LIMIT $2"
                } else {
                    "SELECT key, ids FROM derived_tokens WHERE key > $1 ORDER BY key LIMIT $2"
                },
                &[&from, &PAGE],
            )?;
            first = false;
            for r in &rows {
                let key: Vec<u8> = r.get(0);
                if !key.starts_with(prefix) {
                    return Ok(());
                }
                let ids: Vec<i64> = r.get(1);
                if !each(&key, ids.into_iter().map(|i| i as u64).collect()) {
                    return Ok(());
                }
                from = key;
            }
            if (rows.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }
}
