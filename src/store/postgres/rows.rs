//! The model's values as PostgreSQL rows and back: vocabularies spelled as in jabat's
//! files, dates as `date`, NIPs as `bigint`.

use postgres::Row;

use crate::model::{
    Assessment, Competency, Date, Education, Employee, EmploymentStatus, Eselon, Grade, GradeStep, Level, Nip, Penalty,
    Position, PositionId, PositionKind, PositionSpec, PostHeld, Rating, RatingLevel, Severity, StandardEntry, Task,
    Training, Unit, UnitId,
};
use crate::store::{StoreError, StoreResult};

/// A stored value that does not read back.
pub(super) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// A vocabulary value as stored.
pub(super) fn parse<T>(text: &str, what: &str, parse: impl Fn(&str) -> Result<T, String>) -> StoreResult<T> {
    parse(text).map_err(|e| corrupt(what, e))
}

fn opt_parse<T>(text: Option<String>, what: &str, p: impl Fn(&str) -> Result<T, String>) -> StoreResult<Option<T>> {
    text.map(|t| parse(&t, what, &p)).transpose()
}

/// A grade as written: `III/b` (PNS) or a Roman numeral (PPPK).
pub(super) fn grade(text: &str) -> StoreResult<Grade> {
    let status = if text.contains('/') { EmploymentStatus::Pns } else { EmploymentStatus::Pppk };
    parse(text, "grade", |t| Grade::parse(t, status))
}

pub(super) fn date(d: Option<chrono::NaiveDate>) -> Option<Date> {
    d.map(Date::from_naive)
}

pub(super) fn nip(n: i64) -> StoreResult<Nip> {
    Nip::from_u64(n as u64).map_err(|e| corrupt("nip", e))
}

pub(super) fn unit(row: &Row) -> StoreResult<Unit> {
    Ok(Unit {
        id: UnitId(row.get::<_, i32>("id") as u32),
        code: row.get("code"),
        parent: row.get::<_, Option<i32>>("parent_id").map(|p| UnitId(p as u32)),
        name: row.get("name"),
        kind: row.get("kind"),
        eselon: opt_parse(row.get("eselon"), "unit eselon", Eselon::parse)?,
    })
}

pub(super) fn position(row: &Row) -> StoreResult<Position> {
    Ok(Position {
        id: PositionId(row.get::<_, i32>("id") as u32),
        code: row.get("code"),
        unit: UnitId(row.get::<_, i32>("unit_id") as u32),
        name: row.get("name"),
        spec: PositionSpec {
            kind: parse(&row.get::<_, String>("kind"), "position kind", PositionKind::parse)?,
            level: opt_parse(row.get("level"), "level", Level::parse)?,
            eselon: opt_parse(row.get("eselon"), "eselon", Eselon::parse)?,
            class: row.get::<_, Option<i16>>("class").map(|c| c as u8),
            needed: row.get::<_, Option<i32>>("needed").map(|n| n as u32),
            head: row.get("head"),
        },
    })
}

pub(super) fn employee(row: &Row) -> StoreResult<Employee> {
    let status = parse(&row.get::<_, String>("status"), "status", EmploymentStatus::parse)?;
    Ok(Employee {
        nip: nip(row.get("nip"))?,
        name: row.get("name"),
        status,
        grade: row.get::<_, Option<String>>("grade").map(|g| grade(&g)).transpose()?,
        grade_since: date(row.get("grade_since")),
        position: row.get::<_, Option<i32>>("position_id").map(|p| PositionId(p as u32)),
        position_since: date(row.get("position_since")),
        education: opt_parse(row.get("education"), "education", Education::parse)?,
        service_start_override: date(row.get("service_start_override")),
        potential: row.get::<_, Option<i16>>("potential").map(|p| p as u8),
    })
}

pub(super) fn rating(row: &Row) -> StoreResult<Rating> {
    Ok(Rating {
        year: row.get::<_, i16>("year") as u16,
        rating: parse(&row.get::<_, String>("rating"), "rating", RatingLevel::parse)?,
    })
}

pub(super) fn assessment(row: &Row) -> StoreResult<Assessment> {
    Ok(Assessment {
        competency: parse(&row.get::<_, String>("competency"), "competency", Competency::parse)?,
        level: row.get::<_, i16>("level") as u8,
        assessed_on: date(row.get("assessed_on")),
    })
}

pub(super) fn penalty(row: &Row) -> StoreResult<Penalty> {
    Ok(Penalty {
        severity: parse(&row.get::<_, String>("severity"), "severity", Severity::parse)?,
        start: Date::from_naive(row.get("start_date")),
        end: date(row.get("end_date")),
    })
}

pub(super) fn training(row: &Row) -> StoreResult<Training> {
    Ok(Training {
        name: row.get("name"),
        kind: row.get("kind"),
        year: row.get::<_, Option<i16>>("year").map(|y| y as u16),
    })
}

pub(super) fn anjab_row(row: &Row) -> StoreResult<crate::model::AnjabRow> {
    let section: String = row.get("section");
    Ok(crate::model::AnjabRow {
        section: crate::model::Section::parse(&section)
            .ok_or_else(|| StoreError::Corrupt(format!("anjab: section {section}")))?,
        item: row.get("item"),
        text: row.get("body"),
    })
}

pub(super) fn credit_points(row: &Row) -> StoreResult<crate::model::CreditPoints> {
    let thousandths: i32 = row.get("thousandths");
    Ok(crate::model::CreditPoints {
        year: row.get::<_, i16>("year") as u16,
        thousandths: u32::try_from(thousandths)
            .map_err(|_| StoreError::Corrupt(format!("credit points {thousandths} below zero")))?,
    })
}

pub(super) fn grade_step(row: &Row) -> StoreResult<GradeStep> {
    Ok(GradeStep { since: Date::from_naive(row.get("since")), grade: grade(&row.get::<_, String>("grade"))? })
}

pub(super) fn post(row: &Row) -> StoreResult<PostHeld> {
    Ok(PostHeld {
        from: Date::from_naive(row.get("from_date")),
        to: date(row.get("to_date")),
        position: row.get("position"),
        position_code: row.get("position_code"),
        unit: row.get("unit"),
        kind: opt_parse(row.get("kind"), "kind", PositionKind::parse)?,
        level: opt_parse(row.get("level"), "level", Level::parse)?,
    })
}

pub(super) fn standard(row: &Row) -> StoreResult<StandardEntry> {
    Ok(StandardEntry {
        competency: parse(&row.get::<_, String>("competency"), "competency", Competency::parse)?,
        level: row.get::<_, i16>("level") as u8,
    })
}

pub(super) fn task(row: &Row) -> StoreResult<Task> {
    Ok(Task { name: row.get("task"), volume: row.get("volume"), minutes: row.get("minutes") })
}

/// An optional value as stored text.
pub(super) fn text<T: std::fmt::Display>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// A date as stored.
pub(super) fn naive(d: Option<Date>) -> Option<chrono::NaiveDate> {
    d.map(Date::naive)
}
