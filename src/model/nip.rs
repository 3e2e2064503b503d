//! The NIP (Nomor Induk Pegawai), the employee number that never changes.
//!
//! Layout (domain.md §9): digits 1–8 birth date `YYYYMMDD`; 9–14 year and month of the
//! first appointment (TMT CPNS) `YYYYMM`; 15 sex (1 male, 2 female); 16–18 a sequence
//! 001–999. PPPK numbers put the appointment year in 9–12 and `21` in 13–14.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Date, Sex};

/// A validated 18-digit NIP, kept as a number (it sorts like the digit string). Read
/// back from storage it must have 18 digits, so a damaged value is an error. (The full
/// check of its facts is made where employees are read, by their keys; repeating it for
/// every person of a national batch would cost a fifth of a second.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u64")]
pub struct Nip(u64);

impl TryFrom<u64> for Nip {
    type Error = String;
    fn try_from(n: u64) -> Result<Nip, String> {
        if (NIP_MIN..=NIP_MAX).contains(&n) { Ok(Nip(n)) } else { Err(format!("{n} is not an 18-digit NIP")) }
    }
}

/// The facts encoded in a NIP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NipFacts {
    /// Date of birth.
    pub birth_date: Date,
    /// Year of first appointment.
    pub appointed_year: i32,
    /// Month of first appointment; `None` for a PPPK number, which has no month.
    pub appointed_month: Option<u32>,
    /// Sex.
    pub sex: Sex,
    /// Whether the number has the PPPK form (`21` in digits 13–14).
    pub pppk_form: bool,
}

/// The smallest and largest numbers that have 18 digits.
pub const NIP_MIN: u64 = 100_000_000_000_000_000;
/// See [`NIP_MIN`].
pub const NIP_MAX: u64 = 999_999_999_999_999_999;

impl Nip {
    /// Parses a NIP written with or without the customary spaces (`19660801 198803 1 001`).
    pub fn parse(text: &str) -> Result<Nip, String> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(crate::i18n::trf(crate::i18n::Msg::NotANip, &[&text.trim()]));
        }
        let nip = Nip(digits.parse().expect("18 ascii digits fit in u64"));
        nip.facts()?;
        Ok(nip)
    }

    /// A NIP from its number, validated like [`Nip::parse`].
    pub fn from_u64(n: u64) -> Result<Nip, String> {
        if !(NIP_MIN..=NIP_MAX).contains(&n) {
            return Err(format!("{n} is not an 18-digit NIP"));
        }
        let nip = Nip(n);
        nip.facts()?;
        Ok(nip)
    }

    /// The number (for keys); only numbers that were once validated exist as `Nip`.
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// Reads the facts encoded in the number, failing when a date part is impossible.
    pub fn facts(self) -> Result<NipFacts, String> {
        // Digits by arithmetic: this runs for every row of every record file.
        let n = self.0;
        let num = |from: u32, len: u32| -> u32 { ((n / 10u64.pow(18 - from - len)) % 10u64.pow(len)) as u32 };
        let s = self;
        let birth_date = Date::from_ymd(num(0, 4) as i32, num(4, 2), num(6, 2))
            .ok_or_else(|| format!("NIP {s}: digits 1–8 ({:08}) are not a birth date", num(0, 8)))?;
        let appointed_year = num(8, 4) as i32;
        let mm = num(12, 2);
        let pppk_form = mm == 21;
        let appointed_month = if pppk_form { None } else { Some(mm) };
        if let Some(m) = appointed_month
            && !(1..=12).contains(&m)
        {
            return Err(format!("NIP {}: digits 13–14 ({:02}) are not a month", self, m));
        }
        if appointed_year < birth_date.year() + 14 || appointed_year > 2100 {
            return Err(format!(
                "NIP {}: appointment year {} is impossible for a birth year of {}",
                self,
                appointed_year,
                birth_date.year()
            ));
        }
        let sex = match num(14, 1) {
            1 => Sex::Male,
            2 => Sex::Female,
            d => return Err(format!("NIP {}: digit 15 is the sex, 1 or 2, not {d}", self)),
        };
        if num(15, 3) == 0 {
            return Err(format!("NIP {}: the sequence (digits 16–18) starts at 001", self));
        }
        Ok(NipFacts { birth_date, appointed_year, appointed_month, sex, pppk_form })
    }

    /// The NIP split as it is customarily written: `19660801 198803 1 001`.
    pub fn spaced(self) -> String {
        let s = self.to_string();
        format!("{} {} {} {}", &s[0..8], &s[8..14], &s[14..15], &s[15..18])
    }
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:018}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_facts_of_a_pns_number() {
        let nip = Nip::parse("19660801 198803 1 001").unwrap();
        let f = nip.facts().unwrap();
        assert_eq!(f.birth_date.to_string(), "1966-08-01");
        assert_eq!((f.appointed_year, f.appointed_month), (1988, Some(3)));
        assert_eq!(f.sex, Sex::Male);
        assert!(!f.pppk_form);
        assert_eq!(nip.spaced(), "19660801 198803 1 001");
        assert_eq!(nip.to_string(), "196608011988031001");
    }

    #[test]
    fn reads_a_pppk_number() {
        let f = Nip::parse("199003152022212005").unwrap().facts().unwrap();
        assert_eq!((f.appointed_year, f.appointed_month, f.pppk_form), (2022, None, true));
        assert_eq!(f.sex, Sex::Female);
    }

    #[test]
    fn rejects_impossible_numbers() {
        for bad in [
            "19660801198803100",    // 17 digits
            "1966080119880310011",  // 19 digits
            "19660801198803100a",   // letter
            "19661301198803 1 001", // month 13
            "19660230198803 1 001", // 30 February
            "196608011988131001",   // appointment month 13
            "196608011988033001",   // sex digit 3
            "196608011988031000",   // sequence 000
            "196608011970031001",   // appointed at age 3
        ] {
            assert!(Nip::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
