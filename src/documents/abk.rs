//! The ABK recap of a unit (rekapitulasi analisis beban kerja, domain.md §6 and §12): per
//! position its yearly workload, the effective time, the need it gives, the kebutuhan
//! and bezetting, the selisih, and the job efficiency with its grade; totals per unit
//! over its subtree. Read on the peta jabatan's walk, so the two documents list the same
//! positions in the same order with the same figures.

use std::collections::BTreeMap;

use super::peta::{PetaJabatan, PetaUnit, peta_jabatan};
use crate::model::{Headcount, PositionId, Unit};
use crate::rules::AbkRules;
use crate::rules::abk::{Workload, position_workload, unit_workload};
use crate::store::{Store, StoreResult};

/// The recap: the map it walks, each position's workload (those with tasks), and each
/// unit's over its subtree.
#[derive(Clone, Debug, PartialEq)]
pub struct AbkRecap {
    /// The units and positions, with bezetting and kebutuhan.
    pub map: PetaJabatan,
    /// The tasks' count and the workload of each position that has tasks.
    pub positions: BTreeMap<PositionId, (usize, Workload)>,
    /// The workload of each unit's subtree (units with no tasks below them have none).
    pub units: BTreeMap<crate::model::UnitId, Workload>,
    /// Effective minutes per person per year.
    pub effective_minutes: u32,
}

/// The ABK recap of `unit` under `rules`: the map's reads, and one of tasks per position.
pub fn abk_recap(store: &dyn Store, unit: &Unit, rules: &AbkRules) -> StoreResult<AbkRecap> {
    let map = peta_jabatan(store, unit)?;
    let mut positions = BTreeMap::new();
    let mut units = BTreeMap::new();
    fn walk(
        store: &dyn Store,
        u: &PetaUnit,
        rules: &AbkRules,
        positions: &mut BTreeMap<PositionId, (usize, Workload)>,
        units: &mut BTreeMap<crate::model::UnitId, Workload>,
    ) -> StoreResult<Headcount> {
        let mut totals = Headcount::default();
        for p in u.all_positions() {
            let tasks = store.tasks(p.id)?;
            if let Some(w) = position_workload(&tasks, p.filled, rules) {
                positions.insert(p.id, (tasks.len(), w));
            }
            totals.add_position(p.needed, p.filled, &tasks);
        }
        for child in &u.units {
            totals.add(walk(store, child, rules, positions, units)?);
        }
        if let Some(w) = unit_workload(&totals, rules) {
            units.insert(u.id, w);
        }
        Ok(totals)
    }
    walk(store, &map.root, rules, &mut positions, &mut units)?;
    Ok(AbkRecap { map, positions, units, effective_minutes: rules.effective_minutes })
}
