//! Calendar dates as stored and exchanged by jabat.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (no time, no zone).
///
/// Serialized as the signed number of days since 1970-01-01, so that the codec stores
/// the dates of living employees in three bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

/// 1970-01-01 counted in days from 0001-01-01 (day 1), as chrono counts.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl Date {
    /// The date for a year, month and day, or `None` when no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// The date of chrono's date (as a database gives it back).
    pub fn from_naive(date: NaiveDate) -> Self {
        Date(date)
    }

    /// As chrono's date (for a database that stores dates as such).
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// Today in the local time zone.
    pub fn today() -> Self {
        Date(chrono::Local::now().date_naive())
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i32 {
        self.0.num_days_from_ce() - EPOCH_DAYS_FROM_CE
    }

    /// The date `days` after 1970-01-01, if it is representable.
    pub fn from_days_since_epoch(days: i32) -> Option<Self> {
        // Straight from the day number: every stored date is decoded this way, and
        // adding a duration to the epoch costs several times more.
        NaiveDate::from_num_days_from_ce_opt(days.checked_add(EPOCH_DAYS_FROM_CE)?).map(Date)
    }

    /// Whole years from `self` to `later` (an age or a length of service).
    pub fn years_until(self, later: Date) -> i32 {
        let mut years = later.year() - self.year();
        if (later.month(), later.day()) < (self.month(), self.day()) {
            years -= 1;
        }
        years
    }

    /// Whole months from `self` to `later`.
    pub fn months_until(self, later: Date) -> i32 {
        let mut months = (later.year() - self.year()) * 12 + later.month() as i32 - self.month() as i32;
        if later.day() < self.day() {
            months -= 1;
        }
        months
    }

    /// The first day of the month after the one `self` falls in.
    pub fn first_of_next_month(self) -> Date {
        let (y, m) = if self.month() == 12 { (self.year() + 1, 1) } else { (self.year(), self.month() + 1) };
        Date::from_ymd(y, m, 1).expect("first of a month exists")
    }

    /// The same day `years` later (29 February falls back to 28 February).
    pub fn add_years(self, years: i32) -> Date {
        let y = self.year() + years;
        Date::from_ymd(y, self.month(), self.day())
            .or_else(|| Date::from_ymd(y, self.month(), 28))
            .expect("28th of a month exists")
    }

    /// Parses `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`, the forms Indonesian
    /// spreadsheets export.
    pub fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        let bad = || crate::i18n::trf(crate::i18n::Msg::NotADate, &[&t]);
        let parts: Vec<&str> = if t.contains('/') { t.split('/').collect() } else { t.split('-').collect() };
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let (y, m, d) = if parts[0].len() == 4 && !t.contains('/') {
            (parts[0], parts[1], parts[2])
        } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
            (parts[2], parts[1], parts[0])
        } else {
            return Err(bad());
        };
        let (y, m, d): (i32, u32, u32) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        if !(1850..=2200).contains(&y) {
            return Err(crate::i18n::trf(crate::i18n::Msg::YearOutOfRange, &[&t, &y]));
        }
        Date::from_ymd(y, m, d).ok_or_else(|| crate::i18n::trf(crate::i18n::Msg::NotACalendarDay, &[&t]))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() { s.collect_str(self) } else { s.serialize_i32(self.days_since_epoch()) }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        if d.is_human_readable() {
            let s = String::deserialize(d)?;
            Date::parse(&s).map_err(D::Error::custom)
        } else {
            let days = i32::deserialize(d)?;
            Date::from_days_since_epoch(days).ok_or_else(|| D::Error::custom("date out of range"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days_since_epoch(), 0);
        for (y, m, d) in [(1850, 1, 1), (1969, 12, 31), (2000, 2, 29), (2026, 11, 22), (2200, 12, 31)] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), Some(date));
        }
        assert_eq!(Date::from_days_since_epoch(-1), Date::from_ymd(1969, 12, 31));
        assert_eq!(Date::from_days_since_epoch(i32::MAX), None);
    }

    #[test]
    fn parses_the_three_spreadsheet_forms() {
        let want = Date::from_ymd(1966, 8, 1).unwrap();
        assert_eq!(Date::parse("1966-08-01"), Ok(want));
        assert_eq!(Date::parse("01-08-1966"), Ok(want));
        assert_eq!(Date::parse("1/8/1966"), Ok(want));
        assert_eq!(Date::parse(" 01/08/1966 "), Ok(want));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in ["1966-02-30", "31-04-2020", "2020/01/01", "20200101", "", "1-1-1", "x-1-2000", "1700-01-01"] {
            assert!(Date::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn years_and_months_count_whole_periods() {
        let born = Date::from_ymd(1966, 8, 1).unwrap();
        assert_eq!(born.years_until(Date::from_ymd(2024, 7, 31).unwrap()), 57);
        assert_eq!(born.years_until(Date::from_ymd(2024, 8, 1).unwrap()), 58);
        assert_eq!(born.months_until(Date::from_ymd(1967, 8, 1).unwrap()), 12);
        assert_eq!(Date::from_ymd(2024, 12, 15).unwrap().first_of_next_month().to_string(), "2025-01-01");
    }

    #[test]
    fn epoch_days_round_trip() {
        for d in ["1900-01-01", "1969-12-31", "1970-01-01", "2059-12-31"] {
            let date = Date::parse(d).unwrap();
            assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), Some(date));
        }
    }
}
