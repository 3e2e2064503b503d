//! Competency gaps and the job–person match (domain.md §5), as pure functions.
//!
//! The latest assessment of each competency counts. A competency with no assessment is
//! "not assessed", never level 0: it is listed as such and left out of the JPM, which is
//! taken over the assessed competencies of the standard only (`None` when there are none).

use serde::Serialize;

use super::{JpmRules, RuleSet};
use crate::model::{Assessment, Competency, Level, Levels, PositionKind, StandardEntry, latest_level};

/// One competency of a standard against a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompetencyGap {
    /// The competency.
    pub competency: Competency,
    /// The level the position requires.
    pub required: u8,
    /// The person's latest assessed level; `None` when not assessed.
    pub assessed: Option<u8>,
}

impl CompetencyGap {
    /// Assessed − required (negative is a shortfall); `None` when not assessed.
    pub fn gap(&self) -> Option<i8> {
        self.assessed.map(|a| a as i8 - self.required as i8)
    }
}

/// Category for selection: MS, MMS, KMS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionCategory {
    /// Memenuhi syarat.
    Ms,
    /// Masih memenuhi syarat.
    Mms,
    /// Kurang memenuhi syarat.
    Kms,
}

/// Category for mapping: Optimal, Cukup Optimal, Kurang Optimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingCategory {
    /// Optimal.
    Optimal,
    /// Cukup optimal.
    CukupOptimal,
    /// Kurang optimal.
    KurangOptimal,
}

/// A person against a position's standard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JobPersonMatch {
    /// Every competency of the standard.
    pub gaps: Vec<CompetencyGap>,
    /// JPM in percent over the assessed competencies, capped at 100.
    pub jpm: Option<f64>,
}

impl JobPersonMatch {
    /// IKK (competency gap index) = 100 − JPM.
    pub fn ikk(&self) -> Option<f64> {
        self.jpm.map(|j| 100.0 - j)
    }

    /// How many competencies of the standard were not assessed.
    pub fn not_assessed(&self) -> usize {
        self.gaps.iter().filter(|g| g.assessed.is_none()).count()
    }

    /// The selection category.
    pub fn selection(&self, rules: &JpmRules) -> Option<SelectionCategory> {
        self.jpm.map(|j| {
            if j >= rules.ms {
                SelectionCategory::Ms
            } else if j >= rules.mms {
                SelectionCategory::Mms
            } else {
                SelectionCategory::Kms
            }
        })
    }

    /// The mapping category.
    pub fn mapping(&self, rules: &JpmRules) -> Option<MappingCategory> {
        self.jpm.map(|j| {
            if j >= rules.optimal {
                MappingCategory::Optimal
            } else if j >= rules.cukup_optimal {
                MappingCategory::CukupOptimal
            } else {
                MappingCategory::KurangOptimal
            }
        })
    }
}

/// Where the standard in force on a position comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardSource {
    /// The position's own stored standard.
    Stored,
    /// The rule set's default level for the position's kind and level
    /// (`default_standards` in rules.toml).
    RuleDefault,
    /// Neither: no stored standard and no default for its kind and level.
    Missing,
}

impl StandardSource {
    /// The stable key scripts read.
    pub fn key(self) -> &'static str {
        match self {
            StandardSource::Stored => "stored",
            StandardSource::RuleDefault => "rule_default",
            StandardSource::Missing => "none",
        }
    }
}

/// The standard that applies to a position and where it comes from: its stored one,
/// else the nine managerial and socio-cultural competencies at the rule set's default
/// level for its kind/level. Everything that shows or uses a standard asks this, so the
/// details, `show` and the gap analyses never disagree.
pub fn standard_in_force(
    stored: &[StandardEntry],
    kind: PositionKind,
    level: Option<Level>,
    rules: &RuleSet,
) -> (Vec<StandardEntry>, StandardSource) {
    if !stored.is_empty() {
        return (stored.to_vec(), StandardSource::Stored);
    }
    match rules.default_standard_level(kind, level) {
        Some(level) => (
            Competency::STANDARD_SET.iter().map(|c| StandardEntry { competency: c.clone(), level }).collect(),
            StandardSource::RuleDefault,
        ),
        None => (Vec::new(), StandardSource::Missing),
    }
}

/// The standard that applies to a position (see [`standard_in_force`]).
pub fn effective_standard(
    stored: &[StandardEntry],
    kind: PositionKind,
    level: Option<Level>,
    rules: &RuleSet,
) -> Vec<StandardEntry> {
    standard_in_force(stored, kind, level, rules).0
}

/// The JPM of (required, assessed) pairs: the sum of assessed levels (capped at the
/// required one when the rules say so) over the sum required, over the assessed only.
fn jpm_over(pairs: impl Iterator<Item = (u8, Option<u8>)>, rules: &JpmRules) -> Option<f64> {
    let (mut have, mut need) = (0u32, 0u32);
    for (required, assessed) in pairs {
        if let Some(a) = assessed {
            have += u32::from(if rules.cap_per_competency { a.min(required) } else { a });
            need += u32::from(required);
        }
    }
    (need > 0).then(|| (f64::from(have) * 100.0 / f64::from(need)).min(100.0))
}

/// Matches a person's assessments against a standard.
pub fn job_person_match(standard: &[StandardEntry], assessments: &[Assessment], rules: &JpmRules) -> JobPersonMatch {
    let gaps: Vec<CompetencyGap> = standard
        .iter()
        .map(|s| CompetencyGap {
            competency: s.competency.clone(),
            required: s.level,
            assessed: latest_level(assessments, &s.competency),
        })
        .collect();
    let jpm = jpm_over(gaps.iter().map(|g| (g.required, g.assessed)), rules);
    JobPersonMatch { gaps, jpm }
}

/// The JPM alone, as [`job_person_match`] gives it, from a person's latest levels.
pub fn jpm_of(standard: &[StandardEntry], levels: &Levels, rules: &JpmRules) -> Option<f64> {
    jpm_over(standard.iter().map(|s| (s.level, levels.get(&s.competency))), rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use rstest::rstest;

    fn standard(levels: &[u8]) -> Vec<StandardEntry> {
        Competency::STANDARD_SET
            .iter()
            .zip(levels)
            .map(|(c, l)| StandardEntry { competency: c.clone(), level: *l })
            .collect()
    }

    fn assessed(levels: &[Option<u8>]) -> Vec<Assessment> {
        Competency::STANDARD_SET
            .iter()
            .zip(levels)
            .filter_map(|(c, l)| {
                l.map(|level| Assessment { competency: c.clone(), level, assessed_on: Date::from_ymd(2025, 3, 1) })
            })
            .collect()
    }

    // Standard of five competencies at level 5 (Σ 25): each point short is 4 %.
    #[rstest]
    #[case::all_met(&[5, 5, 5, 5, 5], 100.0, SelectionCategory::Ms, MappingCategory::Optimal)]
    #[case::above_90(&[5, 5, 5, 4, 4], 92.0, SelectionCategory::Ms, MappingCategory::Optimal)]
    #[case::exactly_80_is_ms(&[5, 5, 4, 3, 3], 80.0, SelectionCategory::Ms, MappingCategory::CukupOptimal)]
    #[case::just_below_80_is_mms(&[5, 4, 4, 3, 3], 76.0, SelectionCategory::Mms, MappingCategory::KurangOptimal)]
    #[case::exactly_68_is_mms(&[4, 4, 3, 3, 3], 68.0, SelectionCategory::Mms, MappingCategory::KurangOptimal)]
    #[case::just_below_68_is_kms(&[4, 3, 3, 3, 3], 64.0, SelectionCategory::Kms, MappingCategory::KurangOptimal)]
    fn jpm_categories_follow_the_thresholds(
        #[case] levels: &[u8],
        #[case] jpm: f64,
        #[case] selection: SelectionCategory,
        #[case] mapping: MappingCategory,
    ) {
        let rules = JpmRules::default();
        let m = job_person_match(
            &standard(&[5; 5]),
            &assessed(&levels.iter().map(|l| Some(*l)).collect::<Vec<_>>()),
            &rules,
        );
        assert_eq!(m.jpm, Some(jpm));
        assert_eq!(m.ikk(), Some(100.0 - jpm));
        assert_eq!(m.selection(&rules), Some(selection));
        assert_eq!(m.mapping(&rules), Some(mapping));
    }

    // Standard of five competencies at level 2 (Σ 10): each point short is 10 %.
    #[rstest]
    #[case::exactly_90_is_optimal(&[2, 2, 2, 2, 1], 90.0, MappingCategory::Optimal)]
    #[case::eighty_is_cukup(&[2, 2, 2, 1, 1], 80.0, MappingCategory::CukupOptimal)]
    #[case::seventy_is_kurang(&[2, 2, 1, 1, 1], 70.0, MappingCategory::KurangOptimal)]
    fn mapping_boundaries(#[case] levels: &[u8], #[case] jpm: f64, #[case] mapping: MappingCategory) {
        let rules = JpmRules::default();
        let m = job_person_match(
            &standard(&[2; 5]),
            &assessed(&levels.iter().map(|l| Some(*l)).collect::<Vec<_>>()),
            &rules,
        );
        assert_eq!(m.jpm, Some(jpm));
        assert_eq!(m.mapping(&rules), Some(mapping));
    }

    #[test]
    fn exactly_78_is_cukup_optimal_and_below_is_kurang() {
        let rules = JpmRules::default();
        // Fifty points required: the nine standard competencies and a technical one at 5.
        let std50: Vec<StandardEntry> = Competency::STANDARD_SET
            .iter()
            .cloned()
            .chain(std::iter::once(Competency::Teknis("x".into())))
            .map(|c| StandardEntry { competency: c, level: 5 })
            .collect();
        let person = |total: u8| -> Vec<Assessment> {
            // Spread `total` points over ten competencies, 1–5 each.
            let mut left = total;
            std50
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let rest = (std50.len() - i - 1) as u8;
                    let level = left.saturating_sub(rest).clamp(1, 5);
                    left -= level;
                    Assessment { competency: s.competency.clone(), level, assessed_on: None }
                })
                .collect()
        };
        let m = job_person_match(&std50, &person(39), &rules);
        assert_eq!(m.jpm, Some(78.0));
        assert_eq!(m.mapping(&rules), Some(MappingCategory::CukupOptimal));
        let m = job_person_match(&std50, &person(38), &rules);
        assert_eq!(m.jpm, Some(76.0));
        assert_eq!(m.mapping(&rules), Some(MappingCategory::KurangOptimal));
    }

    #[test]
    fn surpluses_do_not_hide_gaps_unless_the_rules_say_so() {
        let std = standard(&[3, 3]);
        let person = assessed(&[Some(5), Some(1)]);
        let capped = job_person_match(&std, &person, &JpmRules::default());
        assert_eq!(capped.jpm, Some(4.0 * 100.0 / 6.0));
        let uncapped = job_person_match(&std, &person, &JpmRules { cap_per_competency: false, ..JpmRules::default() });
        assert_eq!(uncapped.jpm, Some(100.0), "6 of 6, and never above 100");
        assert_eq!(capped.gaps[1].gap(), Some(-2));
    }

    #[test]
    fn not_assessed_is_not_level_zero() {
        let std = standard(&[2, 2, 2]);
        let m = job_person_match(&std, &assessed(&[Some(2), None, Some(2)]), &JpmRules::default());
        assert_eq!(m.jpm, Some(100.0), "the missing one is left out, not counted as 0");
        assert_eq!(m.not_assessed(), 1);
        assert_eq!(m.gaps[1].gap(), None);
        let none = job_person_match(&std, &[], &JpmRules::default());
        assert_eq!((none.jpm, none.selection(&JpmRules::default())), (None, None));
    }

    #[test]
    fn the_latest_assessment_counts() {
        let c = Competency::Integritas;
        let std = vec![StandardEntry { competency: c.clone(), level: 3 }];
        let history = vec![
            Assessment { competency: c.clone(), level: 1, assessed_on: Date::from_ymd(2022, 1, 1) },
            Assessment { competency: c.clone(), level: 3, assessed_on: Date::from_ymd(2024, 1, 1) },
            Assessment { competency: c, level: 2, assessed_on: None },
        ];
        assert_eq!(job_person_match(&std, &history, &JpmRules::default()).gaps[0].assessed, Some(3));
    }

    #[test]
    fn positions_without_a_stored_standard_get_the_defaults() {
        let rules = RuleSet::default();
        let s = effective_standard(&[], PositionKind::Fungsional, Some(Level::AhliMadya), &rules);
        assert_eq!(s.len(), 9);
        assert!(s.iter().all(|e| e.level == 3));
        let stored = vec![StandardEntry { competency: Competency::Teknis("anjab".into()), level: 4 }];
        assert_eq!(effective_standard(&stored, PositionKind::Pengawas, None, &rules), stored);
        assert_eq!(standard_in_force(&stored, PositionKind::Pengawas, None, &rules).1, StandardSource::Stored);
        let (entries, source) = standard_in_force(&[], PositionKind::Pelaksana, None, &rules);
        assert_eq!((entries.len(), source), (9, StandardSource::RuleDefault));
    }
}
