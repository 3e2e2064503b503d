//! `jabat performance CODE`: the monitoring of a unit's ratings over the last completed
//! years (evaluasi dan monitoring kinerja), its sub-units side by side, and who needs a
//! follow-up.

use std::io::Write;

use super::Outcome;
use super::output::{Cell, Format, Listing, Style};
use crate::i18n::{Msg, tr, trf};
use crate::model::Date;
use crate::queries::{Monitored, monitored, years_before};
use crate::rules::RuleSet;
use crate::rules::monitoring::{FollowUp, LEVELS, YearSpread, rating_name};
use crate::store::Store;

/// Follow-ups a table lists without `--people`.
const TABLE_FOLLOW_UPS: usize = 20;

/// What `jabat performance` was asked.
pub struct Query<'a> {
    /// The unit (or a position standing for it); none for the whole database.
    pub code: Option<&'a str>,
    /// Completed years to look at.
    pub years: u16,
    /// List every follow-up.
    pub people: bool,
    /// The day: the years looked at end the year before.
    pub today: Date,
}

fn percent(row: &YearSpread) -> Cell {
    Cell::float(row.at_least_baik().map(|s| s * 100.0), 1)
}

/// A year's counts as JSON.
fn year_json(row: &YearSpread) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    obj.insert("year".into(), row.year.into());
    for (level, n) in LEVELS.iter().zip(row.rated) {
        obj.insert(level.as_str().into(), n.into());
    }
    obj.insert("not_rated".into(), row.not_rated.into());
    let share = row.at_least_baik().map(|s| (s * 1000.0).round() / 10.0);
    obj.insert("at_least_baik_percent".into(), share.into());
    serde_json::Value::Object(obj)
}

/// `jabat performance CODE`.
pub fn performance(
    store: &dyn Store,
    rules: &RuleSet,
    query: Query<'_>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(unit) = super::workforce::scope(store, rules, query.code, err)? else {
        return Ok(Outcome::NothingFound);
    };
    let years = years_before(query.today, query.years);
    let Monitored { monitoring: m, branches, branch_of } = monitored(store, unit.unit, &unit.data, years.clone())?;
    let weakest = m.weakest();
    let outcome = if m.people == 0 { Outcome::NothingFound } else { Outcome::Done };
    let mut follow_ups = Listing::new(&[
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("position_code", tr(Msg::Code), false),
        ("position", tr(Msg::Position), true),
        ("sub_unit_code", tr(Msg::Unit), false),
        ("reason", tr(Msg::Reason), true),
        ("year", tr(Msg::Year), false),
        ("from", "", false),
        ("to", "", false),
    ])
    .machine_only("year")
    .machine_only("from")
    .machine_only("to")
    .droppable("sub_unit_code", 1)
    .droppable("position_code", 2);
    let shown = if query.people || format != Format::Table { m.follow_ups.len() } else { TABLE_FOLLOW_UPS };
    for f in m.follow_ups.iter().take(shown) {
        let position = unit.data.position(f.position);
        let branch = branch_of.get(f.position as usize).copied().flatten().and_then(|b| branches.get(b as usize));
        let (reason, from, to) = match f.follow_up {
            FollowUp::FellTwoSteps { from, to, .. } => ("fell_two_steps", Some(from), Some(to)),
            FollowUp::BelowBaikTwice { .. } => ("below_baik_twice", None, None),
        };
        follow_ups.push(vec![
            Cell::SplitNip(f.nip),
            unit.data.name(f.person).into(),
            position.map(|p| p.code.clone()).into(),
            position.map(|p| p.name.clone()).into(),
            branch.map(|b| b.code.clone()).into(),
            Cell::Shown(f.follow_up.text(), Box::new(reason.into())),
            u64::from(f.follow_up.year()).into(),
            from.map(|l| l.as_str()).into(),
            to.map(|l| l.as_str()).into(),
        ]);
    }
    match format {
        Format::Json | Format::Ndjson => {
            let sub_units: Vec<serde_json::Value> = branches
                .iter()
                .zip(&m.branches)
                .enumerate()
                .map(|(i, (b, (people, rows)))| {
                    serde_json::json!({
                        "code": b.code, "name": b.name, "people": people, "weakest": weakest == Some(i),
                        "years": rows.iter().map(year_json).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "unit": unit.code, "name": unit.name, "first_year": years.start(), "last_year": years.end(),
                "people": m.people, "years": m.spread.iter().map(year_json).collect::<Vec<_>>(),
                "sub_units": sub_units, "follow_up": follow_ups.to_json(),
            });
            super::output::write_json(out, format, &doc)?;
        }
        Format::Csv | Format::Xlsx if query.people => follow_ups.write(out, format, style)?,
        Format::Csv | Format::Xlsx => {
            let mut listing = spread_listing(true);
            let scope = std::iter::once(("unit", unit.code.as_str(), unit.name.as_str(), m.people, &m.spread, false));
            let subs = branches.iter().zip(&m.branches).enumerate().map(|(i, (b, (people, rows)))| {
                ("sub_unit", b.code.as_str(), b.name.as_str(), *people, rows, weakest == Some(i))
            });
            for (row, code, name, people, rows, weak) in scope.chain(subs) {
                for year in rows {
                    let mut cells: Vec<Cell> = vec![row.into(), code.into(), name.into(), u64::from(people).into()];
                    cells.extend(counts(year));
                    cells.push(Cell::Bool(weak));
                    listing.push(cells);
                }
            }
            listing.write(out, format, style)?;
        }
        Format::Table => {
            writeln!(out, "{}", style.line(&format!("{} {} — {}", unit.code, unit.name, unit.path)))?;
            let last = m.spread.last();
            let share =
                last.and_then(YearSpread::at_least_baik).map_or("–".to_string(), |s| format!("{:.1}%", s * 100.0));
            let summary = trf(Msg::PerformanceSummary, &[&m.people, years.start(), years.end(), &share]);
            writeln!(out, "{}", style.paragraph(&summary))?;
            writeln!(out)?;
            let mut listing = spread_listing(false);
            for year in &m.spread {
                listing.push(counts(year));
            }
            listing.write(out, format, style)?;
            if !branches.is_empty() {
                writeln!(out)?;
                writeln!(out, "{}", style.bold(tr(Msg::PerformanceSubUnits)))?;
                let mut columns: Vec<(String, String, bool)> = vec![
                    ("code".into(), tr(Msg::Code).into(), false),
                    ("name".into(), tr(Msg::Name).into(), true),
                    ("people".into(), tr(Msg::People).into(), false),
                ];
                columns.extend(years.clone().map(|y| (y.to_string(), y.to_string(), false)));
                columns.push(("weakest".into(), String::new(), false));
                let refs: Vec<(&str, &str, bool)> =
                    columns.iter().map(|(k, h, f)| (k.as_str(), h.as_str(), *f)).collect();
                let mut listing = Listing::new(&refs);
                for (i, (b, (people, rows))) in branches.iter().zip(&m.branches).enumerate() {
                    let mut cells: Vec<Cell> =
                        vec![b.code.clone().into(), b.name.clone().into(), u64::from(*people).into()];
                    cells.extend(rows.iter().map(percent));
                    cells.push(if weakest == Some(i) { format!("◀ {}", tr(Msg::Weakest)).into() } else { "".into() });
                    listing.push(cells);
                }
                listing.write(out, format, style)?;
            }
            writeln!(out)?;
            writeln!(out, "{}", style.bold(&trf(Msg::FollowUps, &[&m.follow_ups.len()])))?;
            if !m.follow_ups.is_empty() {
                follow_ups.write(out, format, style)?;
            }
            if m.follow_ups.len() > shown {
                writeln!(out, "{}", trf(Msg::FollowUpsMore, &[&(m.follow_ups.len() - shown)]))?;
            }
        }
    }
    Ok(outcome)
}

/// The columns of a year's counts; with `identified`, led by what the row is about and
/// ended by whether it is the weakest sub-unit (CSV).
fn spread_listing(identified: bool) -> Listing {
    let mut columns: Vec<(&str, &str, bool)> = Vec::new();
    if identified {
        columns.extend([
            ("row", "", false),
            ("code", tr(Msg::Code), false),
            ("name", tr(Msg::Name), true),
            ("people", tr(Msg::People), false),
        ]);
    }
    columns.push(("year", tr(Msg::Year), false));
    columns.extend(LEVELS.iter().map(|l| (l.as_str(), tr(rating_name(*l)), false)));
    columns.extend([("not_rated", tr(Msg::NotRated), false), ("at_least_baik_percent", tr(Msg::AtLeastBaik), false)]);
    if identified {
        columns.push(("weakest", tr(Msg::Weakest), false));
    }
    Listing::new(&columns)
}

/// A year's cells: the year, each predikat's count, the not rated and the share.
fn counts(row: &YearSpread) -> Vec<Cell> {
    let mut cells: Vec<Cell> = vec![u64::from(row.year).into()];
    cells.extend(row.rated.iter().map(|n| u64::from(*n).into()));
    cells.push(u64::from(row.not_rated).into());
    cells.push(percent(row));
    cells
}
