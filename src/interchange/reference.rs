//! The spellings other systems give jabat's values (`siasn.toml`: BKN's SIASN), read
//! once. Data, not code: an agency whose export spells a value otherwise adds it there.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{Education, EmploymentStatus};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reference {
    education: BTreeMap<String, String>,
    status: BTreeMap<String, Vec<String>>,
}

fn reference() -> &'static Reference {
    static READ: OnceLock<Reference> = OnceLock::new();
    READ.get_or_init(|| toml::from_str(include_str!("siasn.toml")).expect("siasn.toml is jabat's own, and parses"))
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// An education as jabat spells it or as SIASN does (`S-1/Sarjana`, `Diploma III`).
pub fn education(text: &str) -> Result<Education, String> {
    Education::parse(text).or_else(|e| {
        let wanted = fold(text);
        let found = reference().education.iter().find(|(k, _)| fold(k) == wanted);
        found.and_then(|(_, v)| Education::parse(v).ok()).ok_or(e)
    })
}

/// An employment status as jabat spells it or as SIASN's kind of employee says it
/// (`PNS Daerah Kab./Kota yang bekerja pada Kab./Kota`, `PPPK`).
pub fn status(text: &str) -> Result<EmploymentStatus, String> {
    EmploymentStatus::parse(text).or_else(|e| {
        let words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        let said = |phrase: &str| {
            let phrase: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            words.windows(phrase.len().max(1)).any(|w| w == phrase.as_slice())
        };
        // PPPK first: "Pegawai Pemerintah dengan Perjanjian Kerja" is no PNS.
        ["pppk", "pns"]
            .into_iter()
            .find(|key| reference().status.get(*key).is_some_and(|phrases| phrases.iter().any(|p| said(p))))
            .and_then(|key| EmploymentStatus::parse(key).ok())
            .ok_or(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siasn_spellings_read_as_jabats_values() {
        assert_eq!(education("S-1/Sarjana"), Ok(Education::S1));
        assert_eq!(education("diploma  iii"), Ok(Education::D3));
        assert_eq!(education("SLTA"), Ok(Education::Sma));
        assert_eq!(education("S2"), Ok(Education::S2));
        assert!(education("Kursus").is_err());
        assert_eq!(status("PNS Daerah Kab./Kota yang bekerja pada Kab./Kota"), Ok(EmploymentStatus::Pns));
        assert_eq!(status("PPPK"), Ok(EmploymentStatus::Pppk));
        assert_eq!(status("Pegawai Pemerintah dengan Perjanjian Kerja"), Ok(EmploymentStatus::Pppk));
        assert!(status("Honorer").is_err());
    }
}
