//! Job evaluation (evaluasi jabatan, PermenPANRB 34/2011; domain.md §12): a post's factor
//! levels, each worth points; their sum, the post's value (nilai jabatan), falls in the
//! band of one kelas jabatan. The levels are kept with the anjab
//! ([`crate::model::Section::Factor`]); the points and the bands are data
//! ([`JobEvaluationRules`]), so that an agency can correct them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{FUNCTIONAL_FACTORS, JobDescription, PositionKind, STRUCTURAL_FACTORS, Section, factor_level};

/// The points of every factor's levels and the lowest value of every kelas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobEvaluationRules {
    /// Points of each level (1, 2, …) of the factors of structural posts, by factor key.
    pub structural: BTreeMap<String, Vec<u32>>,
    /// Points of each level of the factors of functional and pelaksana posts.
    pub functional: BTreeMap<String, Vec<u32>>,
    /// The lowest value of each kelas, by kelas (`"1"` … `"17"`): a post's kelas is the
    /// highest whose lowest value its points reach.
    pub class_from: BTreeMap<String, u32>,
    /// Where the numbers come from.
    pub source: String,
}

impl Default for JobEvaluationRules {
    fn default() -> Self {
        let table = |rows: &[(&str, &[u32])]| -> BTreeMap<String, Vec<u32>> {
            rows.iter().map(|(k, points)| (k.to_string(), points.to_vec())).collect()
        };
        // PermenPANRB 34/2011, 3.1: the factors of structural posts.
        let structural = table(&[
            ("ruang_lingkup_program", &[175, 350, 550, 775, 900]),
            ("pengaturan_organisasi", &[100, 250, 350]),
            ("wewenang_penyeliaan", &[450, 775, 900]),
            ("sifat_hubungan", &[25, 50, 75, 100]),
            ("tujuan_hubungan", &[30, 75, 100, 125]),
            ("kesulitan_pengarahan", &[75, 205, 340, 505, 650, 800, 930, 1030]),
            ("kondisi_lain", &[310, 575, 975, 1120, 1225, 1325]),
        ]);
        // 3.2: the factors of functional (and pelaksana) posts.
        let functional = table(&[
            ("pengetahuan", &[50, 200, 350, 550, 750, 950, 1250, 1550, 1850]),
            ("pengawasan_penyelia", &[25, 125, 275, 450, 650]),
            ("pedoman", &[25, 125, 275, 450, 650]),
            ("kompleksitas", &[25, 75, 150, 225, 325, 450]),
            ("ruang_lingkup_dampak", &[25, 75, 150, 225, 325, 450]),
            ("hubungan_personal", &[10, 25, 60, 110]),
            ("tujuan_hubungan", &[20, 50, 120, 220]),
            ("persyaratan_fisik", &[5, 20, 50]),
            ("lingkungan_pekerjaan", &[5, 20, 50]),
        ]);
        // 3.3, the bands of value per kelas (each up to 5 below the next's lowest; every
        // level's points are a multiple of 5, so no value falls between two bands).
        let lowest = [190, 255, 355, 455, 555, 655, 755, 905, 1100, 1355, 1600, 1855, 2100, 2355, 2750, 3100, 3600];
        let class_from = lowest.iter().enumerate().map(|(i, v)| ((i + 1).to_string(), *v)).collect();
        JobEvaluationRules {
            structural,
            functional,
            class_from,
            source: "PermenPANRB 34/2011, Lampiran 3.1–3.3".into(),
        }
    }
}

impl JobEvaluationRules {
    /// The points of a post's factors: the structural table for a managerial post.
    fn points(&self, kind: PositionKind) -> &BTreeMap<String, Vec<u32>> {
        if kind.is_managerial() { &self.structural } else { &self.functional }
    }

    /// The kelas a value falls in, if it reaches the lowest.
    pub fn class_of(&self, value: u32) -> Option<u8> {
        self.class_from
            .iter()
            .filter_map(|(class, lowest)| Some((class.parse::<u8>().ok()?, *lowest)))
            .filter(|(_, lowest)| value >= *lowest)
            .max_by_key(|(class, _)| *class)
            .map(|(class, _)| class)
    }

    /// What is wrong with the tables, naming the key: a factor of neither list, a
    /// factor without points, a kelas outside 1–17, bands that do not rise with the kelas.
    pub fn check(&self) -> Result<(), String> {
        for (name, table, keys) in [
            ("structural", &self.structural, &STRUCTURAL_FACTORS[..]),
            ("functional", &self.functional, &FUNCTIONAL_FACTORS[..]),
        ] {
            for (key, points) in table {
                if !keys.contains(&key.as_str()) {
                    return Err(format!("job_evaluation.{name}.{key}: not a factor (one of {})", keys.join(", ")));
                }
                if points.is_empty() {
                    return Err(format!("job_evaluation.{name}.{key}: no levels"));
                }
            }
            if let Some(key) = keys.iter().find(|k| !table.contains_key(**k)) {
                return Err(format!("job_evaluation.{name}.{key}: missing"));
            }
        }
        let mut bands: Vec<(u8, u32)> = Vec::new();
        for (class, lowest) in &self.class_from {
            match class.parse::<u8>() {
                Ok(c @ 1..=17) => bands.push((c, *lowest)),
                _ => return Err(format!("job_evaluation.class_from.{class}: a kelas jabatan 1–17")),
            }
        }
        bands.sort();
        if let Some(w) = bands.windows(2).find(|w| w[1].1 <= w[0].1) {
            return Err(format!(
                "job_evaluation.class_from: kelas {} starts at {}, not above kelas {}'s {}",
                w[1].0, w[1].1, w[0].0, w[0].1
            ));
        }
        Ok(())
    }
}

/// One factor of an evaluation: its level and what the level is worth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactorScore {
    /// The factor's key.
    pub factor: &'static str,
    /// The level given.
    pub level: u8,
    /// Its points; `None` when the factor has fewer levels.
    pub points: Option<u32>,
}

/// What is wrong with an evaluation, so that it gives no kelas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum EvaluationProblem {
    /// Factors of the post's list without a level.
    Missing {
        /// Their keys.
        factors: Vec<&'static str>,
    },
    /// A level above the factor's.
    LevelTooHigh {
        /// The factor.
        factor: &'static str,
        /// The level given.
        level: u8,
        /// How many levels it has.
        levels: usize,
    },
    /// A factor of the other kind of post (a structural factor on a functional post).
    OtherKind {
        /// The factor.
        factor: String,
    },
    /// The value is below the lowest kelas.
    BelowLowest,
}

/// A post's evaluation from the factor levels its anjab holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Whether it is on the structural factors.
    pub structural: bool,
    /// The factors of the post's list that have a level, in the regulation's order.
    pub factors: Vec<FactorScore>,
    /// The value: the sum of the factors' points.
    pub points: u32,
    /// The kelas the value falls in, when every factor has a valid level.
    pub class: Option<u8>,
    /// Why there is no kelas, when there is none.
    pub problems: Vec<EvaluationProblem>,
}

/// Evaluates a post of `kind` from its anjab's factor levels; `None` when it holds none.
pub fn evaluate(kind: PositionKind, anjab: &JobDescription, rules: &JobEvaluationRules) -> Option<Evaluation> {
    // No factor levels, no evaluation.
    anjab.texts(Section::Factor).next()?;
    let keys = crate::model::factors_of(kind);
    let table = rules.points(kind);
    let mut factors = Vec::new();
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    for key in keys {
        let Some(level) = anjab.item(Section::Factor, key).next().and_then(factor_level) else {
            missing.push(*key);
            continue;
        };
        let levels = table.get(*key).map_or(&[][..], Vec::as_slice);
        let points = levels.get(usize::from(level) - 1).copied();
        if points.is_none() {
            problems.push(EvaluationProblem::LevelTooHigh { factor: key, level, levels: levels.len() });
        }
        factors.push(FactorScore { factor: key, level, points });
    }
    if !missing.is_empty() {
        problems.insert(0, EvaluationProblem::Missing { factors: missing });
    }
    for r in anjab.rows.iter().filter(|r| r.section == Section::Factor && !keys.contains(&r.item.as_str())) {
        problems.push(EvaluationProblem::OtherKind { factor: r.item.clone() });
    }
    let points = factors.iter().filter_map(|f| f.points).sum();
    let class = if problems.is_empty() { rules.class_of(points) } else { None };
    if problems.is_empty() && class.is_none() {
        problems.push(EvaluationProblem::BelowLowest);
    }
    Some(Evaluation { structural: kind.is_managerial(), factors, points, class, problems })
}

impl Evaluation {
    /// Why it gives no kelas, in the interface's language; empty when it gives one.
    pub fn problem_text(&self) -> String {
        use crate::i18n::{Msg, label, tr, trf};
        let words: Vec<String> = self
            .problems
            .iter()
            .map(|p| match p {
                EvaluationProblem::Missing { factors } => {
                    let names: Vec<String> = factors.iter().map(|f| label::factor(f)).collect();
                    trf(Msg::AnjabEvaluationMissing, &[&names.join(", ")])
                }
                EvaluationProblem::LevelTooHigh { factor, level, levels } => {
                    trf(Msg::AnjabLevelTooHigh, &[&label::factor(factor), level, levels])
                }
                EvaluationProblem::OtherKind { factor } => {
                    let other = if self.structural { Msg::AnjabFunctionalPosts } else { Msg::AnjabStructuralPosts };
                    trf(Msg::AnjabNotThisKind, &[&label::factor(factor), &tr(other)])
                }
                EvaluationProblem::BelowLowest => trf(Msg::AnjabEvaluatedBelow, &[&self.points]),
            })
            .collect();
        words.join("; ")
    }

    /// The result in a line: `1 180 points → class 9`, or why there is none.
    pub fn summary(&self) -> String {
        use crate::i18n::{Msg, trf};
        match self.class {
            Some(class) => trf(Msg::AnjabEvaluated, &[&self.points, &class]),
            None => self.problem_text(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnjabRow;

    fn anjab(levels: &[(&str, &str)]) -> JobDescription {
        JobDescription {
            rows: levels
                .iter()
                .map(|(k, l)| AnjabRow { section: Section::Factor, item: k.to_string(), text: l.to_string() })
                .collect(),
        }
    }

    #[test]
    fn the_default_tables_hold_together() {
        let rules = JobEvaluationRules::default();
        rules.check().unwrap();
        // The lowest a functional post can score is kelas 1's floor, and every multiple
        // of 5 from there falls in exactly one band.
        let lowest: u32 = rules.functional.values().map(|p| p[0]).sum();
        assert_eq!(lowest, 190);
        assert_eq!(rules.class_of(lowest), Some(1));
        assert_eq!(rules.class_of(185), None);
        assert_eq!((rules.class_of(250), rules.class_of(255)), (Some(1), Some(2)));
        assert_eq!((rules.class_of(3595), rules.class_of(3600), rules.class_of(9000)), (Some(16), Some(17), Some(17)));
        for (table, keys) in
            [(&rules.structural, &STRUCTURAL_FACTORS[..]), (&rules.functional, &FUNCTIONAL_FACTORS[..])]
        {
            assert_eq!(table.len(), keys.len());
            assert!(table.values().flatten().all(|p| p % 5 == 0));
            assert!(table.values().all(|p| p.windows(2).all(|w| w[0] < w[1])), "points rise with the level");
        }
    }

    #[test]
    fn a_post_is_evaluated_on_its_kinds_factors() {
        let rules = JobEvaluationRules::default();
        // A pelaksana: 350 + 125 + 125 + 75 + 75 + 25 + 20 + 5 + 5 = 805 → kelas 7.
        let levels = [
            ("pengetahuan", "3"),
            ("pengawasan_penyelia", "2"),
            ("pedoman", "2"),
            ("kompleksitas", "2"),
            ("ruang_lingkup_dampak", "2"),
            ("hubungan_personal", "2"),
            ("tujuan_hubungan", "1"),
            ("persyaratan_fisik", "1"),
            ("lingkungan_pekerjaan", "1"),
        ];
        let e = evaluate(PositionKind::Pelaksana, &anjab(&levels), &rules).unwrap();
        assert_eq!((e.points, e.class, e.structural), (805, Some(7), false));
        assert_eq!(e.factors.len(), 9);
        assert!(e.problems.is_empty());
        // A kepala seksi: 175 + 100 + 450 + 25 + 30 + 205 + 310 = 1 295 → kelas 9.
        let levels = [
            ("ruang_lingkup_program", "1"),
            ("pengaturan_organisasi", "1"),
            ("wewenang_penyeliaan", "1"),
            ("sifat_hubungan", "1"),
            ("tujuan_hubungan", "1"),
            ("kesulitan_pengarahan", "2"),
            ("kondisi_lain", "1"),
        ];
        let e = evaluate(PositionKind::Pengawas, &anjab(&levels), &rules).unwrap();
        assert_eq!((e.points, e.class, e.structural), (1295, Some(9), true));
        // Nothing given: no evaluation at all.
        assert_eq!(evaluate(PositionKind::Pengawas, &JobDescription::default(), &rules), None);
    }

    #[test]
    fn an_incomplete_or_impossible_evaluation_gives_no_kelas_and_says_why() {
        let rules = JobEvaluationRules::default();
        let e = evaluate(PositionKind::Fungsional, &anjab(&[("pedoman", "7"), ("kondisi_lain", "1")]), &rules).unwrap();
        assert_eq!(e.class, None);
        assert!(matches!(&e.problems[0], EvaluationProblem::Missing { factors } if factors.len() == 8));
        assert!(e.problems.contains(&EvaluationProblem::LevelTooHigh { factor: "pedoman", level: 7, levels: 5 }));
        assert!(e.problems.contains(&EvaluationProblem::OtherKind { factor: "kondisi_lain".into() }));
        assert!(!e.problem_text().is_empty());
    }

    #[test]
    fn tables_an_agency_breaks_are_refused_naming_the_key() {
        let mut rules = JobEvaluationRules::default();
        rules.class_from.insert("9".into(), 700);
        assert!(rules.check().unwrap_err().contains("kelas 9"));
        let mut rules = JobEvaluationRules::default();
        rules.functional.insert("gaji".into(), vec![5]);
        assert!(rules.check().unwrap_err().contains("job_evaluation.functional.gaji"));
        let mut rules = JobEvaluationRules::default();
        rules.structural.remove("kondisi_lain");
        assert!(rules.check().unwrap_err().contains("kondisi_lain: missing"));
        let mut rules = JobEvaluationRules::default();
        rules.class_from.insert("18".into(), 5000);
        assert!(rules.check().is_err());
    }
}
