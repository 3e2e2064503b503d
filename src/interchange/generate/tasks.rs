//! Workloads (ABK) for the sample: the pelaksana and functional positions of every
//! secretariat and its subdivisions get three to five tasks with yearly volumes and
//! standard minutes, sized so that their job efficiency spreads over the grades (some
//! positions short of staff, some with too many). Drawn from their own seed, after the
//! rest, so that the structure and the people stay as they were without tasks.

use std::collections::HashMap;

use super::Rng;
use crate::model::{Dataset, PositionKind, Task, UnitId};

const PELAKSANA: &[&str] = &[
    "Menerima dan mencatat surat masuk",
    "Mengagendakan dan mengirim surat keluar",
    "Menginput data ke aplikasi kepegawaian",
    "Menyiapkan bahan dan notulen rapat",
    "Mengarsipkan dokumen",
    "Merekapitulasi daftar hadir",
    "Memeriksa kelengkapan berkas usulan",
    "Menyusun laporan bulanan",
];

const FUNCTIONAL: &[&str] = &[
    "Menyusun kajian dan telaahan",
    "Menyusun rencana kebutuhan",
    "Memverifikasi dan memvalidasi data",
    "Menyusun laporan evaluasi",
    "Memberikan konsultasi teknis",
    "Menyusun standar operasional prosedur",
];

/// Standard minutes per occurrence the tasks use.
const MINUTES: &[f64] = &[15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 240.0];

/// Adds the tasks; returns how many positions got some.
pub fn add_workloads(data: &mut Dataset, seed: u64, effective_minutes: u32) -> usize {
    let mut rng = Rng::new(seed ^ 0xABC0_0ABC);
    let kinds: HashMap<UnitId, &str> = data.units.iter().map(|u| (u.id, u.kind.as_str())).collect();
    let mut count = 0;
    for p in &data.positions {
        let in_secretariat = matches!(kinds.get(&p.unit), Some(&("sekretariat" | "subbagian" | "bagian")));
        let names = match p.spec.kind {
            PositionKind::Pelaksana => PELAKSANA,
            PositionKind::Fungsional => FUNCTIONAL,
            _ => continue,
        };
        if !in_secretariat || p.spec.head {
            continue;
        }
        let needed = f64::from(p.spec.needed.unwrap_or(1).max(1));
        // Workload for efficiency between about 0.55 and 1.2 with the recorded staff.
        let target = needed * f64::from(effective_minutes) * (0.55 + rng.unit() * 0.65);
        let n = rng.range(3, 5) as usize;
        let mut chosen: Vec<&str> = Vec::with_capacity(n);
        while chosen.len() < n.min(names.len()) {
            let name = *rng.pick(names);
            if !chosen.contains(&name) {
                chosen.push(name);
            }
        }
        let weights: Vec<f64> = chosen.iter().map(|_| 0.5 + rng.unit()).collect();
        let total: f64 = weights.iter().sum();
        let tasks = chosen
            .iter()
            .zip(&weights)
            .map(|(name, w)| {
                let minutes = *rng.pick(MINUTES);
                let volume = (target * w / total / minutes).round().max(1.0);
                Task { name: name.to_string(), volume, minutes }
            })
            .collect();
        data.tasks.insert(p.id, tasks);
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Preset, generate};
    use crate::rules::RuleSet;
    use crate::rules::abk::position_workload;

    #[test]
    fn secretariat_staff_get_workloads_whose_efficiency_spreads_over_the_grades() {
        let data = generate(Options {
            preset: Preset::City,
            employees: Some(2_000),
            seed: 5,
            as_of: crate::model::Date::from_ymd(2026, 7, 1).unwrap(),
        });
        let rules = RuleSet::default().abk;
        assert!(data.tasks.len() > 40, "{} positions with tasks", data.tasks.len());
        let mut grades = std::collections::BTreeSet::new();
        for (id, tasks) in &data.tasks {
            assert!((3..=5).contains(&tasks.len()));
            let holders = data.employees.iter().filter(|e| e.position == Some(*id)).count() as u64;
            if let Some(g) = position_workload(tasks, holders, &rules).and_then(|w| w.grade) {
                grades.insert(g.to_string());
            }
        }
        assert!(grades.len() >= 3, "{grades:?}");
        // Deterministic for a seed.
        let again = generate(Options {
            preset: Preset::City,
            employees: Some(2_000),
            seed: 5,
            as_of: crate::model::Date::from_ymd(2026, 7, 1).unwrap(),
        });
        assert_eq!(data.tasks, again.tasks);
    }
}
