//! The trees of one generation.

use crate::store::StoreResult;

/// The trees of one generation. Lists (children, positions of a unit, holders,
/// token postings) are packed into one value each: sled costs a few microseconds per
/// key, so a million employees must not mean many millions of keys.
pub(super) struct Trees {
    pub(super) generation: u64,
    /// UnitId → UnitValue.
    pub(super) units: sled::Tree,
    /// code → UnitId.
    pub(super) unit_code: sled::Tree,
    /// parent UnitId (0 for the roots) → sorted child ids.
    pub(super) unit_children: sled::Tree,
    /// UnitId → sorted position ids.
    pub(super) unit_positions: sled::Tree,
    /// UnitId → subtree Headcount.
    pub(super) unit_totals: sled::Tree,
    /// PositionId → PositionValue.
    pub(super) positions: sled::Tree,
    /// code → PositionId.
    pub(super) position_code: sled::Tree,
    /// PositionId → sorted holder NIPs.
    pub(super) position_holders: sled::Tree,
    /// PositionId → competency standard.
    pub(super) standards: sled::Tree,
    /// NIP bucket (birth-date digits) → the EmployeeValues of that bucket.
    pub(super) employees: sled::Tree,
    /// NIP bucket → the RecordsValues (ratings, assessments, penalties, trainings).
    pub(super) records: sled::Tree,
    /// owner ‖ token ‖ 0 ‖ shard → sorted ids.
    pub(super) tokens: sled::Tree,
}

impl Trees {
    pub(super) fn open(db: &sled::Db, generation: u64) -> StoreResult<Trees> {
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
    pub(super) fn data_and_indexes(&self) -> ([&sled::Tree; 5], [&sled::Tree; 7]) {
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
