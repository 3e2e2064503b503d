//! The lookups of the command line: `tree`, `show`, `find`, `stats`, and the overview
//! printed when there is no terminal. Each reads the store and builds a listing or a
//! record; printing is `output`'s job.

use std::io::Write;

use super::output::{Cell, Format, Listing, Record, Style};
use super::{KindArg, Outcome};
use crate::i18n::{Msg, tr};
use crate::model::{Date, Nip, Position, Unit};
use crate::queries::{head_of, path_text};
use crate::store::{HitTarget, KindFilter, Store};

pub(super) fn overview(store: &dyn Store, out: &mut dyn Write, style: &Style) -> anyhow::Result<Outcome> {
    writeln!(out, "{}", tr(Msg::TuiPending))?;
    writeln!(out, "  jabat tree --depth 1 | jabat find <nama> | jabat show <kode|NIP> | jabat stats | jabat --help")?;
    writeln!(out)?;
    stats(store, false, Format::Table, out, style)
}

pub(super) fn tree(
    store: &dyn Store,
    code: Option<&str>,
    depth: Option<usize>,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let starts = match code {
        Some(c) => match store.unit_by_code(c)? {
            Some(u) => vec![u],
            None => {
                super::output::say(format!("jabat: {c}: {}", tr(Msg::NothingFound)));
                return Ok(Outcome::NothingFound);
            }
        },
        None => store.roots()?,
    };
    let mut listing = Listing::new(&[
        ("depth", tr(Msg::Depth), false),
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::Name), true),
        ("kind", tr(Msg::Kind), false),
        ("eselon", tr(Msg::Eselon), false),
        ("head", tr(Msg::Head), true),
        ("head_nip", tr(Msg::Nip), false),
        ("head_vacant", "", false),
        ("filled", tr(Msg::Filled), false),
        ("needed", tr(Msg::Needed), false),
        ("difference", tr(Msg::Difference), false),
    ])
    .machine_only("head_vacant")
    // On a narrow terminal the table leaves these out before cutting codes (`show`
    // gives them, and JSON and CSV always have them).
    .droppable("head_nip", 1)
    .droppable("difference", 2)
    .droppable("eselon", 3);
    let mut stack: Vec<(Unit, usize)> = starts.into_iter().rev().map(|u| (u, 0)).collect();
    while let Some((unit, level)) = stack.pop() {
        let (head, holder) = head_of(store, unit.id)?;
        let totals = store.subtree_headcount(unit.id)?;
        let name =
            if format == Format::Table { format!("{}{}", "  ".repeat(level), unit.name) } else { unit.name.clone() };
        let head_name = match (&head, &holder) {
            (_, Some(e)) => Cell::from(e.name.clone()),
            (Some(_), None) => Cell::Shown(tr(Msg::Vacant).to_string(), Box::new(Cell::Text(String::new()))),
            (None, None) => Cell::Text(String::new()),
        };
        let eselon = unit.eselon.or(head.as_ref().and_then(|h| h.spec.eselon));
        listing.push(vec![
            (level as u64).into(),
            unit.code.clone().into(),
            name.into(),
            unit.kind.clone().into(),
            eselon.map(|e| e.to_string()).into(),
            head_name,
            holder.as_ref().map(|e| e.nip).into(),
            Cell::Bool(head.is_some() && holder.is_none()),
            totals.filled.into(),
            totals.needed.into(),
            totals.difference().into(),
        ]);
        if depth.is_none_or(|d| level < d) {
            for child in store.children(unit.id)?.into_iter().rev() {
                stack.push((child, level + 1));
            }
        }
    }
    if format == Format::Table {
        // The depth column is for scripts; the table shows depth by indentation.
        listing.columns.remove(0);
        for r in &mut listing.rows {
            r.remove(0);
        }
    }
    listing.write(out, format, style)?;
    Ok(if listing.rows.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}

pub(super) fn show(
    store: &dyn Store,
    rules: &crate::rules::RuleSet,
    today: Date,
    target: &str,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let target = target.trim();
    let digits: String = target.chars().filter(|c| !c.is_whitespace()).collect();
    let record = if digits.len() == 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let nip = Nip::parse(&digits).map_err(anyhow::Error::msg)?;
        show_employee(store, &rules.retirement, nip, today)?
    } else if let Some(unit) = store.unit_by_code(target)? {
        Some(show_unit(store, &rules.abk, &unit)?)
    } else if let Some(position) = store.position_by_code(target)? {
        Some(show_position(store, rules, &position)?)
    } else {
        None
    };
    match record {
        Some(r) => {
            r.write(out, format, style)?;
            Ok(Outcome::Done)
        }
        None => {
            super::output::say(format!("jabat: {}: {target}", tr(Msg::NotFoundCode)));
            Ok(Outcome::NothingFound)
        }
    }
}

fn show_unit(store: &dyn Store, abk: &crate::rules::AbkRules, unit: &Unit) -> anyhow::Result<Record> {
    let mut r = Record::default();
    let (head, holder) = head_of(store, unit.id)?;
    let totals = store.subtree_headcount(unit.id)?;
    r.field("code", tr(Msg::Code), unit.code.as_str());
    r.field("name", tr(Msg::Name), unit.name.as_str());
    r.field("path", tr(Msg::Path), path_text(store, unit.id)?);
    r.field("kind", tr(Msg::Kind), unit.kind.as_str());
    r.field("unor_id", tr(Msg::UnorId), store.unor_id(&unit.code)?);
    r.field(
        "eselon",
        tr(Msg::Eselon),
        unit.eselon.or(head.as_ref().and_then(|h| h.spec.eselon)).map(|e| e.to_string()),
    );
    let head_text = match (&head, &holder) {
        (Some(p), Some(e)) => format!("{} — {} ({})", p.name, e.name, e.nip),
        (Some(p), None) => format!("{} — {}", p.name, tr(Msg::Vacant)),
        _ => String::new(),
    };
    r.field("head", tr(Msg::Head), head_text);
    // The same, one fact a key, for scripts.
    r.machine_field("head_position_code", head.as_ref().map(|p| p.code.clone()));
    r.machine_field("head_name", holder.as_ref().map(|e| e.name.clone()));
    r.machine_field("head_nip", holder.as_ref().map(|e| e.nip));
    r.field("filled", tr(Msg::Filled), totals.filled);
    r.field("needed", tr(Msg::Needed), totals.needed);
    r.field("difference", tr(Msg::Difference), totals.difference());
    if let Some(w) = crate::rules::abk::unit_workload(&totals, abk) {
        workload_fields(&mut r, &w);
    }

    let mut subs = Listing::new(&[
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::Name), true),
        ("filled", tr(Msg::Filled), false),
        ("needed", tr(Msg::Needed), false),
    ]);
    for c in store.children(unit.id)? {
        let t = store.subtree_headcount(c.id)?;
        subs.push(vec![c.code.into(), c.name.into(), t.filled.into(), t.needed.into()]);
    }
    r.section("sub_units", tr(Msg::SubUnits), subs);

    let mut positions = Listing::new(&[
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::Name), true),
        ("head", tr(Msg::Head), false),
        ("kind", tr(Msg::Kind), false),
        ("level", tr(Msg::Level), false),
        ("eselon", tr(Msg::Eselon), false),
        ("class", tr(Msg::Class), false),
        ("filled", tr(Msg::Filled), false),
        ("needed", tr(Msg::Needed), false),
        ("difference", tr(Msg::Difference), false),
    ]);
    let own = store.positions_of(unit.id)?;
    let counts = store.holder_counts(&own.iter().map(|p| p.id).collect::<Vec<_>>())?;
    for (p, filled) in own.into_iter().zip(counts) {
        let needed = p.spec.needed.unwrap_or(0) as u64;
        positions.push(vec![
            p.code.clone().into(),
            p.name.clone().into(),
            Cell::Flag(p.spec.head),
            p.spec.kind.as_str().into(),
            p.spec.level.map(|l| l.to_string()).into(),
            p.spec.eselon.map(|e| e.to_string()).into(),
            p.spec.class.map(u64::from).into(),
            filled.into(),
            p.spec.needed.map(u64::from).into(),
            (filled as i64 - needed as i64).into(),
        ]);
    }
    r.section("positions", tr(Msg::Positions), positions);
    Ok(r)
}

fn show_position(store: &dyn Store, rules: &crate::rules::RuleSet, p: &Position) -> anyhow::Result<Record> {
    let mut r = Record::default();
    let holders = store.holders(p.id)?;
    r.field("code", tr(Msg::Code), p.code.as_str());
    r.field("name", tr(Msg::Name), p.name.as_str());
    r.field("unit_path", tr(Msg::Path), path_text(store, p.unit)?);
    r.field("kind", tr(Msg::Kind), p.spec.kind.as_str());
    r.field("level", tr(Msg::Level), p.spec.level.map(|l| l.to_string()));
    r.field("eselon", tr(Msg::Eselon), p.spec.eselon.map(|e| e.to_string()));
    r.field("class", tr(Msg::Class), p.spec.class.map(u64::from));
    r.field("needed", tr(Msg::Needed), p.spec.needed.map(u64::from));
    r.field("filled", tr(Msg::Filled), holders.len() as u64);
    r.field("head", tr(Msg::Head), p.spec.head);
    r.field("field", tr(Msg::FieldOfPost), crate::queries::field_label(store, p, rules)?);
    let (standard, source) =
        crate::rules::jpm::standard_in_force(&store.standard(p.id)?, p.spec.kind, p.spec.level, rules);
    r.machine_field("standard_source", source.key());
    let mut s = Listing::new(&[("competency", tr(Msg::Competency), true), ("level", tr(Msg::Level), false)]);
    for e in &standard {
        s.push(vec![e.competency.id().into(), u64::from(e.level).into()]);
    }
    r.section("standard", &crate::i18n::standard_heading(source), s);
    let mut h = Listing::new(&[
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("grade", tr(Msg::Grade), false),
        ("since", tr(Msg::Since), false),
    ]);
    for e in holders {
        h.push(vec![
            e.nip.to_string().into(),
            e.name.into(),
            e.grade.map(|g| g.to_string()).into(),
            e.position_since.into(),
        ]);
    }
    let filled = h.rows.len() as u64;
    r.section("holders", tr(Msg::Holders), h);
    let tasks = store.tasks(p.id)?;
    if let Some(w) = crate::rules::abk::position_workload(&tasks, filled, &rules.abk) {
        workload_fields(&mut r, &w);
        let mut t = Listing::new(&[
            ("task", tr(Msg::Task), true),
            ("volume", tr(Msg::Volume), false),
            ("minutes", tr(Msg::Minutes), false),
            ("workload", tr(Msg::Workload), false),
        ]);
        for task in &tasks {
            t.push(vec![
                task.name.clone().into(),
                task.volume.to_string().into(),
                task.minutes.to_string().into(),
                format!("{:.0}", task.workload()).into(),
            ]);
        }
        r.section("tasks", tr(Msg::Workload), t);
    }
    Ok(r)
}

/// The workload figures of a unit or position (ABK).
fn workload_fields(r: &mut Record, w: &crate::rules::abk::Workload) {
    r.field("workload_minutes", tr(Msg::WorkloadTotal), Cell::Float(w.minutes, 0));
    r.field("need_from_workload_exact", tr(Msg::NeedFromWorkloadExact), Cell::Float(w.need_exact, 2));
    r.field("need_from_workload", tr(Msg::NeedFromWorkload), u64::from(w.need));
    r.field("job_efficiency", tr(Msg::Efficiency), Cell::float(w.efficiency, 2));
    r.field("job_efficiency_grade", tr(Msg::EfficiencyGrade), w.grade.map(|g| g.to_string()));
}

/// A position history as a listing: `from, to, position, position_code, unit, kind,
/// level`, oldest first (`show` and `history NIP`).
pub(super) fn posts_listing(posts: &[crate::model::PostHeld]) -> Listing {
    let mut listing = Listing::new(&[
        ("from", tr(Msg::Since), false),
        ("to", tr(Msg::Until), false),
        ("position", tr(Msg::Position), true),
        ("position_code", tr(Msg::Code), false),
        ("unit", tr(Msg::Unit), true),
        ("kind", tr(Msg::Kind), false),
        ("level", tr(Msg::Level), false),
    ])
    .droppable("position_code", 1)
    .droppable("level", 2);
    for p in posts {
        listing.push(vec![
            p.from.into(),
            p.to.into(),
            p.position.clone().into(),
            p.position_code.clone().into(),
            p.unit.clone().into(),
            p.kind.map(|k| k.as_str()).into(),
            p.level.map(|l| l.as_str()).into(),
        ]);
    }
    listing
}

fn show_employee(
    store: &dyn Store,
    ages: &crate::rules::RetirementAges,
    nip: Nip,
    today: Date,
) -> anyhow::Result<Option<Record>> {
    let Some(profile) = store.profile(nip)? else { return Ok(None) };
    let e = &profile.employee;
    let mut r = Record::default();
    r.field("nip", tr(Msg::Nip), Cell::SplitNip(e.nip));
    r.field("name", tr(Msg::Name), e.name.as_str());
    r.field("status", tr(Msg::Status), e.status.as_str());
    r.field("grade", tr(Msg::Grade), e.grade.map(|g| g.to_string()));
    r.field("pangkat", tr(Msg::Pangkat), e.grade.and_then(|g| g.pangkat()));
    r.field(
        "grade_since",
        &format!("{} {}", tr(Msg::Since), tr(Msg::Grade).to_lowercase()),
        e.grade_since.map(|d| d.to_string()),
    );
    let position = match e.position {
        Some(id) => store.position(id)?,
        None => None,
    };
    r.field("position_code", tr(Msg::Code), position.as_ref().map(|p| p.code.clone()));
    r.field(
        "position",
        tr(Msg::Position),
        position.as_ref().map_or_else(|| tr(Msg::NotPlaced).to_string(), |p| p.name.clone()),
    );
    r.field(
        "unit_path",
        tr(Msg::Path),
        match &position {
            Some(p) => path_text(store, p.unit)?,
            None => String::new(),
        },
    );
    r.field(
        "position_since",
        &format!("{} {}", tr(Msg::Since), tr(Msg::Position).to_lowercase()),
        e.position_since.map(|d| d.to_string()),
    );
    r.field("education", tr(Msg::Education), e.education.map(|d| d.to_string()));
    r.field("birth_date", tr(Msg::BirthDate), e.birth_date());
    r.field("age", tr(Msg::Age), e.birth_date().years_until(today) as i64);
    // At the age of the post held: its functional family's (guru 60), else its level's.
    r.field("retirement_date", tr(Msg::RetirementDate), ages.date_in(e.birth_date(), position.as_ref()));
    r.field("sex", tr(Msg::Sex), e.sex().as_str());
    r.field("service_start", tr(Msg::ServiceStart), e.service_start().to_string());
    r.field("potential", tr(Msg::Potential), e.potential.map(u64::from));

    let mut grades =
        Listing::new(&[("since", tr(Msg::Since), false), ("grade", tr(Msg::Grade), false), ("pangkat", "", true)]);
    for g in &profile.grade_history {
        grades.push(vec![g.since.into(), g.grade.to_string().into(), g.grade.pangkat().unwrap_or("").into()]);
    }
    r.section("grade_history", tr(Msg::GradeHistory), grades);
    r.section("position_history", tr(Msg::PositionHistory), posts_listing(&profile.position_history));
    let mut ratings = Listing::new(&[("year", tr(Msg::Year), false), ("rating", tr(Msg::Rating), false)]);
    for x in &profile.ratings {
        ratings.push(vec![u64::from(x.year).into(), x.rating.as_str().into()]);
    }
    r.section("ratings", tr(Msg::Ratings), ratings);
    let mut assessments = Listing::new(&[
        ("competency", tr(Msg::Competency), true),
        ("level", tr(Msg::Level), false),
        ("assessed_on", tr(Msg::AssessedOn), false),
    ]);
    for a in &profile.assessments {
        assessments.push(vec![a.competency.id().into(), u64::from(a.level).into(), a.assessed_on.into()]);
    }
    r.section("assessments", tr(Msg::Assessments), assessments);
    let mut penalties = Listing::new(&[
        ("severity", tr(Msg::Severity), false),
        ("start", tr(Msg::Start), false),
        ("end", tr(Msg::End), false),
    ]);
    for p in &profile.penalties {
        penalties.push(vec![p.severity.as_str().into(), p.start.to_string().into(), p.end.into()]);
    }
    r.section("penalties", tr(Msg::Penalties), penalties);
    let mut trainings =
        Listing::new(&[("name", tr(Msg::Name), true), ("kind", tr(Msg::Kind), false), ("year", tr(Msg::Year), false)]);
    for t in &profile.trainings {
        trainings.push(vec![t.name.clone().into(), t.kind.clone().into(), t.year.map(u64::from).into()]);
    }
    r.section("trainings", tr(Msg::Trainings), trainings);
    let mut credits = Listing::new(&[("year", tr(Msg::Year), false), ("points", tr(Msg::CreditPointsWord), false)]);
    for p in &profile.credit_points {
        credits.push(vec![u64::from(p.year).into(), Cell::Float(f64::from(p.thousandths) / 1000.0, 3)]);
    }
    r.section("credit_points", tr(Msg::CreditPointsTitle), credits);
    Ok(Some(r))
}

pub(super) fn find(
    store: &dyn Store,
    query: &str,
    kind: Option<KindArg>,
    limit: usize,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let filter = match kind {
        None => KindFilter::ALL,
        Some(KindArg::Unit) => KindFilter { units: true, ..KindFilter::default() },
        Some(KindArg::Position) => KindFilter { positions: true, ..KindFilter::default() },
        Some(KindArg::Employee) => KindFilter { employees: true, ..KindFilter::default() },
    };
    let hits = store.search(query, filter, limit)?;
    let mut listing = Listing::new(&[
        ("kind", tr(Msg::Kind), false),
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::Name), true),
        ("context", tr(Msg::Context), true),
        ("score", tr(Msg::Score), false),
    ]);
    // What each hit lies in, read in two batches (one request each through a server):
    // the positions of the people, then every unit named.
    let position_ids: Vec<_> = hits
        .iter()
        .filter_map(|h| match &h.target {
            HitTarget::Employee(e) => e.position,
            _ => None,
        })
        .collect();
    let positions: std::collections::HashMap<_, _> =
        store.positions(&position_ids)?.into_iter().flatten().map(|p| (p.id, p)).collect();
    let unit_ids: Vec<_> = hits
        .iter()
        .filter_map(|h| match &h.target {
            HitTarget::Unit(u) => u.parent,
            HitTarget::Position(p) => Some(p.unit),
            HitTarget::Employee(e) => e.position.and_then(|id| positions.get(&id)).map(|p| p.unit),
        })
        .collect();
    let unit_names: std::collections::HashMap<_, _> =
        store.units(&unit_ids)?.into_iter().flatten().map(|u| (u.id, u.name)).collect();
    let unit_name = |id| unit_names.get(&id).cloned().unwrap_or_default();
    for hit in &hits {
        let (kind, code, name, context): (&str, String, String, String) = match &hit.target {
            HitTarget::Unit(u) => ("unit", u.code.clone(), u.name.clone(), u.parent.map(unit_name).unwrap_or_default()),
            HitTarget::Position(p) => ("position", p.code.clone(), p.name.clone(), unit_name(p.unit)),
            HitTarget::Employee(e) => {
                let context = match e.position {
                    Some(id) => match positions.get(&id) {
                        Some(p) => format!("{} — {}", p.name, unit_name(p.unit)),
                        None => String::new(),
                    },
                    None => tr(Msg::NotPlaced).to_string(),
                };
                ("employee", e.nip.to_string(), e.name.clone(), context)
            }
        };
        let kind_cell: Cell = if format == Format::Table {
            match kind {
                "unit" => tr(Msg::Unit),
                "position" => tr(Msg::Position),
                _ => tr(Msg::Employee),
            }
            .into()
        } else {
            kind.into()
        };
        listing.push(vec![kind_cell, code.into(), name.into(), context.into(), u64::from(hit.score).into()]);
    }
    if hits.is_empty() {
        super::output::say(format!("jabat: {}: {query}", tr(Msg::NothingFound)));
        if format != Format::Table {
            listing.write(out, format, style)?;
        }
        return Ok(Outcome::NothingFound);
    }
    listing.write(out, format, style)?;
    Ok(Outcome::Done)
}

pub(super) fn stats(
    store: &dyn Store,
    storage: bool,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let s = store.stats()?;
    let mut r = Record::default();
    r.field("database", tr(Msg::Database), store.location());
    r.field("instansi", tr(Msg::Instansi), s.instansi);
    r.field("units", tr(Msg::Units), s.units);
    r.field("positions", tr(Msg::Positions), s.positions);
    let keys = [
        "positions_jpt",
        "positions_administrator",
        "positions_pengawas",
        "positions_pelaksana",
        "positions_fungsional",
    ];
    for ((kind, n), key) in s.positions_by_kind.iter().zip(keys) {
        r.field(key, &format!("  {}", kind.as_str()), *n);
    }
    r.field("employees", tr(Msg::Employees), s.employees);
    r.field("pppk", &format!("  {}", tr(Msg::Pppk)), s.pppk);
    r.field("unplaced", &format!("  {}", tr(Msg::NotPlaced)), s.unplaced);
    r.field("needed", tr(Msg::Needed), s.headcount.needed);
    r.field("filled", tr(Msg::Filled), s.headcount.filled);
    r.field("difference", tr(Msg::Difference), s.headcount.difference());
    r.field("vacant_positions", tr(Msg::VacantPositions), s.vacant_positions);
    r.field("overfilled_positions", tr(Msg::OverfilledPositions), s.overfilled_positions);
    if storage {
        let z = store.size_report()?;
        r.field("data_bytes", tr(Msg::DataBytes), z.data_bytes);
        r.field("index_bytes", tr(Msg::IndexBytes), z.index_bytes);
        r.field("employee_value_avg", tr(Msg::EmployeeValueAvg), z.employee_value_bytes / z.employee_values.max(1));
        r.field("on_disk_bytes", tr(Msg::OnDisk), z.on_disk_bytes);
    }
    r.write(out, format, style)?;
    Ok(Outcome::Done)
}
