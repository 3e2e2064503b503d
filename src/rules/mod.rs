//! The regulations as data and pure functions (domain.md). No I/O.
//!
//! This first part holds retirement (BUP); the rules engine of competency gaps and
//! promotion eligibility grows here, each number overridable by the agency.

pub mod abk;
pub mod checks;
pub mod eligibility;
pub mod gaps;
pub mod jpm;
pub mod monitoring;
pub mod ranking;
mod ruleset;
pub mod workforce;

pub use ruleset::{
    AbkRules, Eligibility, GradeRange, JpmRules, NineBoxRules, RankingWeights, Requirement, RuleSet, kind_key,
};

use serde::{Deserialize, Serialize};

use crate::model::{Date, Level, PositionKind};

/// Retirement ages (batas usia pensiun) by kind and level of position, domain.md §4
/// (PP 11/2017, UU 20/2023).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetirementAges {
    /// Pelaksana, pengawas and administrator.
    pub structural_and_pelaksana: u8,
    /// JPT (all levels).
    pub jpt: u8,
    /// Fungsional ahli pertama, ahli muda, and all keterampilan levels.
    pub functional_junior: u8,
    /// Fungsional ahli madya.
    pub functional_ahli_madya: u8,
    /// Fungsional ahli utama.
    pub functional_ahli_utama: u8,
}

impl Default for RetirementAges {
    fn default() -> Self {
        RetirementAges {
            structural_and_pelaksana: 58,
            jpt: 60,
            functional_junior: 58,
            functional_ahli_madya: 60,
            functional_ahli_utama: 65,
        }
    }
}

impl RetirementAges {
    /// The retirement age for a position of `kind` and `level`; without a position, the
    /// general age (58).
    pub fn age_for(&self, kind: Option<PositionKind>, level: Option<Level>) -> u8 {
        match (kind, level) {
            (Some(PositionKind::Jpt), _) => self.jpt,
            (Some(PositionKind::Fungsional), Some(Level::AhliUtama)) => self.functional_ahli_utama,
            (Some(PositionKind::Fungsional), Some(Level::AhliMadya)) => self.functional_ahli_madya,
            (Some(PositionKind::Fungsional), _) => self.functional_junior,
            _ => self.structural_and_pelaksana,
        }
    }

    /// The retirement date: the first day of the month after the birthday that
    /// reaches the age (domain.md §4).
    pub fn date(&self, birth: Date, kind: Option<PositionKind>, level: Option<Level>) -> Date {
        birth.add_years(i32::from(self.age_for(kind, level))).first_of_next_month()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn retirement_falls_on_the_first_of_the_month_after_the_birthday() {
        let r = RetirementAges::default();
        // Born 1 August 1966, pelaksana (58): birthday 2024-08-01, retires 2024-09-01.
        assert_eq!(r.date(d("1966-08-01"), Some(PositionKind::Pelaksana), None), d("2024-09-01"));
        // Born 31 December, JPT (60): the next month is in the next year.
        assert_eq!(r.date(d("1965-12-31"), Some(PositionKind::Jpt), Some(Level::Pratama)), d("2026-01-01"));
        assert_eq!(r.date(d("1960-03-15"), Some(PositionKind::Fungsional), Some(Level::AhliUtama)), d("2025-04-01"));
        assert_eq!(r.date(d("1966-03-15"), Some(PositionKind::Fungsional), Some(Level::AhliMadya)), d("2026-04-01"));
        assert_eq!(r.date(d("1966-03-15"), Some(PositionKind::Fungsional), Some(Level::Penyelia)), d("2024-04-01"));
        assert_eq!(r.date(d("1966-03-15"), None, None), d("2024-04-01"));
    }
}
