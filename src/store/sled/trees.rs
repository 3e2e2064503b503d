//! The trees of one generation. Entities and their lists live in buckets (see
//! `buckets`): a national database has a quarter of a million keys, not millions.

use super::buckets::{Bucketing, Buckets, CodeIndex};
use crate::store::StoreResult;

pub(super) struct Trees {
    pub(super) generation: u64,
    /// UnitId → UnitValue.
    pub(super) units: Buckets,
    /// Unit code → UnitId.
    pub(super) unit_code: CodeIndex,
    /// Parent UnitId (0 for the roots) → sorted child ids.
    pub(super) unit_children: Buckets,
    /// UnitId → sorted position ids.
    pub(super) unit_positions: Buckets,
    /// UnitId → kebutuhan and bezetting summed over the subtree.
    pub(super) unit_totals: Buckets,
    /// PositionId → PositionValue.
    pub(super) positions: Buckets,
    /// Position code → PositionId.
    pub(super) position_code: CodeIndex,
    /// PositionId → sorted holder NIPs.
    pub(super) position_holders: Buckets,
    /// PositionId → competency standard.
    pub(super) standards: Buckets,
    /// PositionId → workload tasks (ABK). Its own tree, so that databases written
    /// before it existed read as having none.
    pub(super) tasks: Buckets,
    /// PositionId → job description (anjab). Its own tree, so that databases written
    /// before it existed read as having none, with no migration.
    pub(super) anjab: Buckets,
    /// Unit code → SIASN's UNOR ID, both as UTF-8 (no encoding to outlive). Its own
    /// tree, so that databases written before it existed read as having none; written
    /// only by a whole write (an import), never by an edit.
    pub(super) unor: sled::Tree,
    /// NIP → EmployeeValue.
    pub(super) employees: Buckets,
    /// NIP → RecordsValue (ratings, assessments, penalties, trainings).
    pub(super) records: Buckets,
    /// NIP → grade history. Its own tree, so that databases written before it
    /// existed read as having no history, with no migration.
    pub(super) grades: Buckets,
    /// NIP → position history (riwayat jabatan). Its own tree for the same reason.
    pub(super) posts: Buckets,
    /// NIP → credit points by year. Its own tree for the same reason.
    pub(super) credits: Buckets,
    /// Position code → the NIPs with an earlier post under it (`posts`), to say who held
    /// a position before; derived from `posts`.
    pub(super) held: CodeIndex,
    /// NIP → nothing: the employees on the holding list (no position); derived from
    /// the employees.
    pub(super) unplaced: sled::Tree,
    /// owner ‖ token ‖ 0 ‖ shard → sorted ids.
    pub(super) tokens: sled::Tree,
    /// Instansi id ‖ chunk → the people holding its positions, as the rules read them
    /// (`model::People`); derived from employees, records, positions and units.
    pub(super) people: sled::Tree,
}

impl Trees {
    pub(super) fn open(db: &sled::Db, generation: u64) -> StoreResult<Trees> {
        let t = |name: &str| db.open_tree(format!("g{generation}.{name}"));
        let block = |name: &'static str| -> StoreResult<Buckets> { Ok(Buckets::new(t(name)?, Bucketing::Block, name)) };
        let by_nip =
            |name: &'static str| -> StoreResult<Buckets> { Ok(Buckets::new(t(name)?, Bucketing::BirthDate, name)) };
        Ok(Trees {
            generation,
            units: block("units")?,
            unit_code: CodeIndex { tree: t("unit_code")? },
            unit_children: block("unit_children")?,
            unit_positions: block("unit_positions")?,
            unit_totals: block("unit_totals")?,
            positions: block("positions")?,
            position_code: CodeIndex { tree: t("position_code")? },
            position_holders: block("position_holders")?,
            standards: block("standards")?,
            tasks: block("tasks")?,
            anjab: block("anjab")?,
            unor: t("unor")?,
            employees: by_nip("employees")?,
            records: by_nip("records")?,
            grades: by_nip("grades")?,
            posts: by_nip("posts")?,
            credits: by_nip("credits")?,
            held: CodeIndex { tree: t("held")? },
            unplaced: t("unplaced")?,
            tokens: t("tokens")?,
            people: t("people")?,
        })
    }

    /// Entity trees (data) and index trees, for the size report.
    pub(super) fn data_and_indexes(&self) -> ([&sled::Tree; 11], [&sled::Tree; 10]) {
        (
            [
                &self.units.tree,
                &self.positions.tree,
                &self.employees.tree,
                &self.records.tree,
                &self.grades.tree,
                &self.posts.tree,
                &self.credits.tree,
                &self.standards.tree,
                &self.tasks.tree,
                &self.anjab.tree,
                &self.unor,
            ],
            [
                &self.unit_code.tree,
                &self.unit_children.tree,
                &self.unit_positions.tree,
                &self.unit_totals.tree,
                &self.position_code.tree,
                &self.position_holders.tree,
                &self.held.tree,
                &self.unplaced,
                &self.tokens,
                &self.people,
            ],
        )
    }
}
