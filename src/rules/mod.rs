//! The regulations as data and pure functions (domain.md). No I/O.
//!
//! This first part holds retirement (BUP); the rules engine of competency gaps and
//! promotion eligibility grows here, each number overridable by the agency.

pub mod abk;
pub mod checks;
pub mod eligibility;
pub mod evaluation;
pub mod field;
pub mod gaps;
pub mod jpm;
pub mod monitoring;
pub mod ranking;
mod ruleset;
pub mod workforce;

pub use ruleset::{
    AbkRules, Eligibility, GradeRange, JpmRules, LeadershipTraining, NineBoxRules, RankingWeights, Requirement,
    RuleSet, kind_key,
};

use serde::{Deserialize, Serialize};

use crate::model::{Date, Level, PositionKind};

/// Retirement ages (batas usia pensiun) by kind and level of position, domain.md §4
/// (PP 11/2017, UU 20/2023), and by functional family where another law sets the age
/// (Pasal 240: guru 60, dosen 65 …), which comes first.
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
    /// Functional families whose own law sets the age, by the family's name as a
    /// position's name begins (`guru` for Guru Ahli Muda), lower case.
    pub families: std::collections::BTreeMap<String, FamilyRetirement>,
}

/// The retirement age a law sets for a functional family, whatever the level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyRetirement {
    /// The age.
    pub age: u8,
    /// The law that sets it, for the explanation.
    pub law: String,
}

impl Default for RetirementAges {
    fn default() -> Self {
        let family = |age: u8, law: &str| FamilyRetirement { age, law: law.to_string() };
        RetirementAges {
            structural_and_pelaksana: 58,
            jpt: 60,
            functional_junior: 58,
            functional_ahli_madya: 60,
            functional_ahli_utama: 65,
            families: [
                ("guru".to_string(), family(60, "UU 14/2005 Pasal 40; PP 11/2017 Pasal 240")),
                ("dosen".to_string(), family(65, "UU 14/2005 Pasal 67; PP 11/2017 Pasal 240")),
            ]
            .into(),
        }
    }
}

impl RetirementAges {
    /// The retirement age of whoever holds a position of `kind` and `level` named
    /// `name` (`None`: no position, the general age, 58): the age its functional
    /// family's own law sets, else the age of its kind and level.
    pub fn age_for(&self, kind: Option<PositionKind>, level: Option<Level>, name: Option<&str>) -> u8 {
        if kind == Some(PositionKind::Fungsional)
            && let Some((_, family)) = name.and_then(|n| self.family_of(n))
        {
            return family.age;
        }
        match (kind, level) {
            (Some(PositionKind::Jpt), _) => self.jpt,
            (Some(PositionKind::Fungsional), Some(Level::AhliUtama)) => self.functional_ahli_utama,
            (Some(PositionKind::Fungsional), Some(Level::AhliMadya)) => self.functional_ahli_madya,
            (Some(PositionKind::Fungsional), _) => self.functional_junior,
            _ => self.structural_and_pelaksana,
        }
    }

    /// The family of a functional position named `name` whose law sets its own age: the
    /// longest family name the position's name begins with, as a whole word.
    pub fn family_of(&self, name: &str) -> Option<(&str, &FamilyRetirement)> {
        let name = crate::model::text::fold(name);
        self.families
            .iter()
            .filter(|(family, _)| {
                name.strip_prefix(family.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
            .max_by_key(|(family, _)| family.len())
            .map(|(family, retirement)| (family.as_str(), retirement))
    }

    /// The retirement date of whoever holds a position of `kind`, `level` and `name`:
    /// the first day of the month after the birthday that reaches the age (domain.md §4).
    pub fn date(&self, birth: Date, kind: Option<PositionKind>, level: Option<Level>, name: Option<&str>) -> Date {
        Self::date_at(birth, self.age_for(kind, level, name))
    }

    /// The retirement date of someone born on `birth` who retires at `age`.
    pub fn date_at(birth: Date, age: u8) -> Date {
        birth.add_years(i32::from(age)).first_of_next_month()
    }

    /// The same for the holder of `position` (none: not placed).
    pub fn date_in(&self, birth: Date, position: Option<&crate::model::Position>) -> Date {
        self.date(
            birth,
            position.map(|p| p.spec.kind),
            position.and_then(|p| p.spec.level),
            position.map(|p| p.name.as_str()),
        )
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
        assert_eq!(r.date(d("1966-08-01"), Some(PositionKind::Pelaksana), None, None), d("2024-09-01"));
        // Born 31 December, JPT (60): the next month is in the next year.
        assert_eq!(r.date(d("1965-12-31"), Some(PositionKind::Jpt), Some(Level::Pratama), None), d("2026-01-01"));
        let f = Some(PositionKind::Fungsional);
        assert_eq!(r.date(d("1960-03-15"), f, Some(Level::AhliUtama), None), d("2025-04-01"));
        assert_eq!(r.date(d("1966-03-15"), f, Some(Level::AhliMadya), None), d("2026-04-01"));
        assert_eq!(r.date(d("1966-03-15"), f, Some(Level::Penyelia), None), d("2024-04-01"));
        assert_eq!(r.date(d("1966-03-15"), None, None, None), d("2024-04-01"));
    }

    /// PP 11/2017 Pasal 240: a functional post whose retirement age another law sets
    /// keeps that age, whatever its level.
    #[rstest::rstest]
    #[case::guru_ahli_pertama("Guru Ahli Pertama", Level::AhliPertama, 60, Some("guru"))]
    #[case::guru_ahli_muda("Guru Ahli Muda", Level::AhliMuda, 60, Some("guru"))]
    #[case::guru_ahli_utama_keeps_its_own_age("Guru Ahli Utama", Level::AhliUtama, 60, Some("guru"))]
    #[case::dosen("Dosen Ahli Madya", Level::AhliMadya, 65, Some("dosen"))]
    #[case::not_a_guru_by_a_longer_word("Gurubesar Ahli Muda", Level::AhliMuda, 58, None)]
    #[case::another_family_keeps_its_level_age("Analis Kebijakan Ahli Muda", Level::AhliMuda, 58, None)]
    #[case::another_family_ahli_madya("Analis Kebijakan Ahli Madya", Level::AhliMadya, 60, None)]
    fn a_functional_familys_own_law_sets_its_retirement_age(
        #[case] name: &str,
        #[case] level: Level,
        #[case] age: u8,
        #[case] family: Option<&str>,
    ) {
        let r = RetirementAges::default();
        assert_eq!(r.age_for(Some(PositionKind::Fungsional), Some(level), Some(name)), age);
        assert_eq!(r.family_of(name).map(|(f, _)| f), family);
        // Only a functional post takes its family's age.
        assert_eq!(r.age_for(Some(PositionKind::Pelaksana), None, Some(name)), 58);
    }

    #[test]
    fn an_agency_overrides_a_familys_age_or_adds_one() {
        let rules = RuleSet::with_overrides(
            "[retirement.families.guru]\nage = 62\nlaw = \"perda\"\n[retirement.families.\"pengawas sekolah\"]\nage = 60\nlaw = \"PP 11/2017 Pasal 240\"\n",
            "rules.toml",
        )
        .unwrap();
        let r = &rules.retirement;
        assert_eq!(r.age_for(Some(PositionKind::Fungsional), Some(Level::AhliMuda), Some("Guru Ahli Muda")), 62);
        assert_eq!(
            r.age_for(Some(PositionKind::Fungsional), Some(Level::AhliMuda), Some("Pengawas Sekolah Ahli Muda")),
            60
        );
        assert_eq!(r.families["dosen"].age, 65, "the others keep their defaults");
    }
}
