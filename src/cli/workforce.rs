//! `jabat ninebox`, `jabat training-needs` and `jabat formation`: a unit's talent grid,
//! its training needs and its formation plan.

use std::io::Write;

use super::Outcome;
use super::output::{Cell, Format, Listing, Style};
use crate::i18n::{Msg, tr, trf};
use crate::model::Date;
use crate::queries::{StaffData, path_text, staff_of, staff_of_all};
use crate::rules::RuleSet;
use crate::rules::workforce::{NineBoxGrid, PlanRow, box_follow_up, formation_plan, nine_box_grid, training_needs};
use crate::store::Store;

/// What a command covers: a unit's subtree, or (no code, `--all`) the whole database.
pub(super) struct Scope {
    /// The unit, none for the whole database.
    pub(super) unit: Option<crate::model::UnitId>,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) data: StaffData,
}

pub(super) fn scope(
    store: &dyn Store,
    rules: &RuleSet,
    code: Option<&str>,
    err: &mut dyn Write,
) -> anyhow::Result<Option<Scope>> {
    let Some(code) = code else {
        return Ok(Some(Scope {
            unit: None,
            code: String::new(),
            name: tr(Msg::WholeDatabase).to_string(),
            path: store.location(),
            data: staff_of_all(store, rules)?,
        }));
    };
    // A position stands for its unit, as everywhere else.
    let unit = match store.unit_by_code(code)? {
        Some(u) => Some(u),
        None => match store.position_by_code(code)? {
            Some(p) => store.unit(p.unit)?,
            None => None,
        },
    };
    let Some(unit) = unit else {
        writeln!(err, "jabat: {}: {code}", tr(Msg::NotFoundCode))?;
        return Ok(None);
    };
    Ok(Some(Scope {
        unit: Some(unit.id),
        path: path_text(store, unit.id)?,
        data: staff_of(store, unit.id, rules)?,
        code: unit.code,
        name: unit.name,
    }))
}

/// The grid as text: performance rows, potential columns, each cell its box number and count.
pub fn grid_text(grid: &NineBoxGrid) -> Vec<String> {
    const LABELS: [Msg; 3] = [Msg::PerformanceAbove, Msg::PerformanceExpected, Msg::PerformanceBelow];
    let rows: Vec<(Msg, [u8; 3])> = LABELS.into_iter().zip(crate::rules::workforce::NINE_BOX_ROWS).collect();
    let label_width = rows
        .iter()
        .map(|(m, _)| tr(*m).chars().count())
        .chain([tr(Msg::PotentialAxis).chars().count()])
        .max()
        .unwrap_or(0);
    let mut lines: Vec<String> = rows
        .iter()
        .map(|(label, boxes)| {
            let cells: String = boxes
                .iter()
                .map(|b| format!("{:<12}", format!("[{b}] {:>5}", grid.boxes[usize::from(b - 1)].len())))
                .collect();
            format!("{:<label_width$}  {}", tr(*label), cells.trim_end())
        })
        .collect();
    let heads: String = [Msg::PotentialLow, Msg::PotentialMiddle, Msg::PotentialHigh]
        .iter()
        .map(|m| format!("{:<12}", tr(*m)))
        .collect();
    lines.push(format!("{:<label_width$}  {}", tr(Msg::PotentialAxis), heads.trim_end()));
    lines
}

/// `jabat ninebox CODE`: the grid of a unit's staff, then each box's people (or, with
/// `--pool`, the talent pool only).
#[allow(clippy::too_many_arguments)]
pub fn ninebox(
    store: &dyn Store,
    rules: &RuleSet,
    code: Option<&str>,
    pool: bool,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(unit) = scope(store, rules, code, err)? else { return Ok(Outcome::NothingFound) };
    let grid = nine_box_grid(&unit.data.staff(), rules);
    let mut listing = Listing::new(&[
        ("box", "Box", false),
        ("follow_up", tr(Msg::FollowUp), true),
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("position_code", tr(Msg::Code), false),
        ("position", tr(Msg::Position), true),
        ("potential", tr(Msg::Potential), false),
        ("jpm_next_level", tr(Msg::JpmNextLevel), false),
    ])
    .droppable("follow_up", 1)
    .droppable("position_code", 2);
    for b in (1..=9u8).rev().filter(|b| !pool || *b >= 7) {
        for p in &grid.boxes[usize::from(b - 1)] {
            let position = unit.data.position(p.position);
            listing.push(vec![
                u64::from(b).into(),
                tr(box_follow_up(b)).into(),
                p.nip.into(),
                unit.data.name(p.person).into(),
                position.map(|x| x.code.clone()).into(),
                position.map(|x| x.name.clone()).into(),
                p.potential.map(u64::from).into(),
                Cell::float(p.jpm_next_level, 1),
            ]);
        }
    }
    match format {
        Format::Json | Format::Ndjson => {
            let counts: serde_json::Map<String, serde_json::Value> =
                (1..=9).map(|b| (b.to_string(), grid.boxes[b - 1].len().into())).collect();
            let unplaced: Vec<serde_json::Value> = grid
                .unplaced
                .iter()
                .map(|(nip, who, why)| {
                    serde_json::json!({ "nip": nip.to_string(), "name": unit.data.name(*who), "missing": why })
                })
                .collect();
            let doc = serde_json::json!({
                "unit": unit.code, "name": unit.name, "counts": counts, "placed": grid.placed(),
                "people": listing.to_json(), "unplaced": unplaced,
            });
            super::output::write_json(out, format, &doc)?;
        }
        Format::Csv | Format::Xlsx => listing.write(out, format, style)?,
        Format::Table => {
            writeln!(out, "{}", style.line(&format!("{} {} — {}", unit.code, unit.name, unit.path)))?;
            for line in grid_text(&grid) {
                writeln!(out, "{line}")?;
            }
            let summary =
                trf(Msg::NineBoxSummary, &[&grid.placed(), &grid.unplaced.len(), &grid.talent_pool().count()]);
            writeln!(out, "{}", style.paragraph(&summary))?;
            writeln!(out)?;
            listing.write(out, format, style)?;
        }
    }
    Ok(if grid.placed() == 0 { Outcome::NothingFound } else { Outcome::Done })
}

/// `jabat training-needs CODE`: per competency, how many people are below their
/// position's standard and by how much; `--people` lists them.
#[allow(clippy::too_many_arguments)]
pub fn training(
    store: &dyn Store,
    rules: &RuleSet,
    code: Option<&str>,
    people: bool,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(unit) = scope(store, rules, code, err)? else { return Ok(Outcome::NothingFound) };
    let needs = training_needs(&unit.data.staff());
    if format.is_json() {
        let doc = serde_json::json!({ "unit": unit.code, "name": unit.name, "competencies": needs.iter().map(|n| {
            let [one, two, more] = n.by_gap();
            serde_json::json!({
                "competency": n.competency.id(), "below": n.people.len(), "short_by_1": one, "short_by_2": two,
                "short_by_3_or_more": more, "not_assessed": n.not_assessed,
                "people": n.people.iter().map(|p| serde_json::json!({
                    "nip": p.nip.to_string(), "name": unit.data.name(p.person),
                    "position_code": unit.data.position(p.position).map(|x| x.code.as_str()),
                    "position": unit.data.position(p.position).map(|x| x.name.as_str()),
                    "required": p.required, "assessed": p.assessed, "short_by": p.short_by(),
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>() });
        super::output::write_json(out, format, &doc)?;
        return Ok(if needs.iter().all(|n| n.people.is_empty()) { Outcome::NothingFound } else { Outcome::Done });
    }
    if format == Format::Table {
        writeln!(out, "{}", style.line(&format!("{} {} — {}", unit.code, unit.name, unit.path)))?;
    }
    if people {
        let mut listing = Listing::new(&[
            ("competency", tr(Msg::Competency), false),
            ("nip", tr(Msg::Nip), false),
            ("name", tr(Msg::Name), true),
            ("position_code", tr(Msg::Code), false),
            ("position", tr(Msg::Position), true),
            ("required", tr(Msg::Required), false),
            ("assessed", tr(Msg::Assessed), false),
            ("short_by", tr(Msg::ShortBy), false),
        ])
        .droppable("position_code", 1);
        for n in &needs {
            for p in &n.people {
                let position = unit.data.position(p.position);
                listing.push(vec![
                    n.competency.id().into(),
                    p.nip.into(),
                    unit.data.name(p.person).into(),
                    position.map(|x| x.code.clone()).into(),
                    position.map(|x| x.name.clone()).into(),
                    u64::from(p.required).into(),
                    u64::from(p.assessed).into(),
                    u64::from(p.short_by()).into(),
                ]);
            }
        }
        listing.write(out, format, style)?;
    } else {
        let mut listing = Listing::new(&[
            ("competency", tr(Msg::Competency), true),
            ("below", tr(Msg::BelowStandard), false),
            ("short_by_1", "−1", false),
            ("short_by_2", "−2", false),
            ("short_by_3_or_more", "−3+", false),
            ("not_assessed", tr(Msg::NotAssessed), false),
        ]);
        for n in &needs {
            let [one, two, more] = n.by_gap();
            listing.push(vec![
                n.competency.id().into(),
                (n.people.len() as u64).into(),
                (one as u64).into(),
                (two as u64).into(),
                (more as u64).into(),
                (n.not_assessed as u64).into(),
            ]);
        }
        listing.write(out, format, style)?;
    }
    Ok(if needs.iter().all(|n| n.people.is_empty()) { Outcome::NothingFound } else { Outcome::Done })
}

/// `jabat formation CODE --years N`: per position and in total, kebutuhan, bezetting,
/// retirements per year and the shortages they leave.
#[allow(clippy::too_many_arguments)]
pub fn formation(
    store: &dyn Store,
    rules: &RuleSet,
    today: Date,
    code: Option<&str>,
    years: u16,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(unit) = scope(store, rules, code, err)? else { return Ok(Outcome::NothingFound) };
    let plan = formation_plan(&unit.data.staff(), rules, today, years);
    let position_of = |row: &PlanRow| row.position.and_then(|at| unit.data.position(at));
    // Each unit total names its unit by code and name.
    let units: std::collections::HashMap<crate::model::UnitId, (String, String)> = plan
        .by_unit
        .iter()
        .map(|u| Ok((u.unit, store.unit(u.unit)?.map(|x| (x.code, x.name)).unwrap_or_default())))
        .collect::<anyhow::Result<_>>()?;
    /// What a row of the plan stands for.
    #[derive(Clone, Copy, PartialEq)]
    enum Row {
        Position,
        Unit,
        Kind,
        Total,
    }
    let identify = |what: Row, row: &PlanRow| -> (Option<String>, Option<String>) {
        match what {
            Row::Position => {
                let p = position_of(row);
                (p.map(|p| p.code.clone()), p.map(|p| p.name.clone()))
            }
            Row::Unit => units.get(&row.unit).map_or((None, None), |(c, n)| (Some(c.clone()), Some(n.clone()))),
            Row::Kind => (None, None),
            Row::Total => (None, Some(tr(Msg::Total).to_string())),
        }
    };
    let kind_and_level =
        |row: &PlanRow| (row.kind.map(|(k, _)| k.as_str()), row.kind.and_then(|(_, l)| l.map(|l| l.as_str())));
    if format.is_json() {
        let json_row = |what: Row, row: &PlanRow| {
            let (code, name) = identify(what, row);
            let (kind, level) = kind_and_level(row);
            serde_json::json!({
                "code": code, "name": name, "kind": kind, "level": level,
                "needed": row.needed, "filled": row.filled, "retiring": row.retiring,
                "shortage_now": row.shortage_now, "shortage_by_year": row.shortage_by_year,
            })
        };
        let doc = serde_json::json!({
            "unit": unit.code, "name": unit.name, "first_year": plan.first_year,
            "positions": plan.positions.iter().map(|r| json_row(Row::Position, r)).collect::<Vec<_>>(),
            "by_unit": plan.by_unit.iter().map(|r| json_row(Row::Unit, r)).collect::<Vec<_>>(),
            "by_kind": plan.by_kind.iter().map(|r| json_row(Row::Kind, r)).collect::<Vec<_>>(),
            "total": json_row(Row::Total, &plan.total),
        });
        super::output::write_json(out, format, &doc)?;
        return Ok(if plan.positions.is_empty() { Outcome::NothingFound } else { Outcome::Done });
    }
    let table = format == Format::Table;
    let last = plan.first_year + i32::from(years.max(1)) - 1;
    let mut columns: Vec<(String, String, bool)> = if table {
        // Totals are marked Σ in the name; kind and level share a column.
        vec![
            ("code".into(), tr(Msg::Code).into(), false),
            ("name".into(), tr(Msg::Name).into(), true),
            ("kind".into(), tr(Msg::Kind).into(), false),
        ]
    } else {
        vec![
            ("row".into(), String::new(), false),
            ("code".into(), tr(Msg::Code).into(), false),
            ("name".into(), tr(Msg::Name).into(), true),
            ("kind".into(), tr(Msg::Kind).into(), false),
            ("level".into(), tr(Msg::Level).into(), false),
        ]
    };
    columns.extend([
        ("needed".into(), tr(Msg::Needed).into(), false),
        ("filled".into(), tr(Msg::Filled).into(), false),
        ("shortage_now".into(), tr(Msg::ShortageNow).into(), false),
    ]);
    // In the table the years head their columns alone (a line above says they count
    // retirements), so that one-digit counts do not take a dozen columns each.
    for y in plan.first_year..=last {
        columns.push((format!("retiring_{y}"), if table { y.to_string() } else { String::new() }, false));
    }
    columns.push((format!("shortage_{last}"), format!("{} {last}", tr(Msg::ShortageEnd)), false));
    let columns: Vec<(&str, &str, bool)> = columns.iter().map(|(k, h, f)| (k.as_str(), h.as_str(), *f)).collect();
    let mut listing = Listing::new(&columns).droppable("kind", 1);
    let mut push = |what: Row, row: &PlanRow| {
        let (code, name) = identify(what, row);
        let (kind, level) = kind_and_level(row);
        let mut cells: Vec<Cell> = if table {
            let name = match what {
                Row::Position => name.unwrap_or_default(),
                _ => format!("Σ {}", name.unwrap_or_default()).trim_end().to_string(),
            };
            vec![code.into(), name.into(), row.kind_key().into()]
        } else {
            let label = match what {
                Row::Position => "position",
                Row::Unit => "unit",
                Row::Kind => "kind",
                Row::Total => "total",
            };
            vec![label.into(), code.into(), name.into(), kind.into(), level.into()]
        };
        cells.extend([u64::from(row.needed).into(), u64::from(row.filled).into(), u64::from(row.shortage_now).into()]);
        cells.extend(row.retiring.iter().map(|r| Cell::from(u64::from(*r))));
        cells.push(u64::from(row.shortage_by_year.last().copied().unwrap_or(0)).into());
        listing.push(cells);
    };
    for row in &plan.positions {
        push(Row::Position, row);
    }
    for row in &plan.by_unit {
        push(Row::Unit, row);
    }
    for row in &plan.by_kind {
        push(Row::Kind, row);
    }
    push(Row::Total, &plan.total);
    if table {
        writeln!(out, "{}", style.line(&format!("{} {} — {}", unit.code, unit.name, unit.path)))?;
        writeln!(out, "{}", style.paragraph(&trf(Msg::RetiringColumns, &[&plan.first_year, &last])))?;
    }
    listing.write(out, format, style)?;
    Ok(if plan.positions.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}

/// `jabat formation CODE --shortages`: the recruitment list, only the short positions by
/// route, kind and level, with the totals of each.
#[allow(clippy::too_many_arguments)]
pub fn recruitment(
    store: &dyn Store,
    rules: &RuleSet,
    today: Date,
    code: Option<&str>,
    years: u16,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    use crate::rules::workforce::{Route, shortages};
    let Some(unit) = scope(store, rules, code, err)? else { return Ok(Outcome::NothingFound) };
    let plan = formation_plan(&unit.data.staff(), rules, today, years);
    let list = shortages(&plan);
    let last = plan.first_year + i32::from(years.max(1)) - 1;
    let route_name = |r: Route| {
        tr(match r {
            Route::Recruitment => Msg::RouteRecruitment,
            Route::Promotion => Msg::RoutePromotion,
        })
    };
    // The unit of each short position (code and name), and what e-Formasi asks of it.
    use crate::rules::workforce::{Proposal, qualification};
    let mut units: std::collections::HashMap<crate::model::UnitId, (String, String)> = Default::default();
    let mut asks: std::collections::HashMap<usize, crate::rules::workforce::Qualification> = Default::default();
    let mut fields: std::collections::HashMap<usize, String> = Default::default();
    let years_count = usize::from(years.max(1));
    let mut by_proposal: Vec<(Proposal, PlanRow)> =
        [Proposal::Cpns, Proposal::Pppk].into_iter().map(|p| (p, PlanRow::total(None, years_count))).collect();
    for group in &list.groups {
        for at in &group.positions {
            let Some(p) = plan.positions[*at].position.and_then(|i| unit.data.position(i)) else { continue };
            if let std::collections::hash_map::Entry::Vacant(slot) = units.entry(p.unit) {
                let u = store.unit(p.unit)?;
                slot.insert(u.map(|u| (u.code, u.name)).unwrap_or_default());
            }
            let path = store.unit_path(p.unit)?;
            let names: Vec<&str> = path.iter().rev().map(|u| u.name.as_str()).collect();
            let field = crate::rules::field::field_of_post(&rules.fields, &p.name, &names);
            let q = qualification(p, field, rules);
            if let Some(proposal) = q.proposal
                && let Some((_, total)) = by_proposal.iter_mut().find(|(k, _)| *k == proposal)
            {
                total.add(&plan.positions[*at]);
            }
            if let Some(label) = field.and_then(|f| rules.fields.get(f)).map(|f| f.label.clone()) {
                fields.insert(*at, label);
            }
            asks.insert(*at, q);
        }
    }
    let table = format == Format::Table;
    let mut columns: Vec<(String, String, bool)> = vec![
        ("row".into(), String::new(), false),
        ("route".into(), tr(Msg::Route).into(), false),
        ("code".into(), tr(Msg::Code).into(), false),
        ("name".into(), tr(Msg::Name).into(), true),
        ("unit_code".into(), tr(Msg::Unit).into(), false),
        ("unit_name".into(), tr(Msg::Unit).into(), true),
        ("kind".into(), tr(Msg::Kind).into(), false),
        ("level".into(), tr(Msg::Level).into(), false),
        ("education".into(), tr(Msg::Education).into(), false),
        ("field".into(), tr(Msg::FieldOfPost).into(), false),
        ("proposal".into(), tr(Msg::Proposal).into(), false),
        ("needed".into(), tr(Msg::Needed).into(), false),
        ("filled".into(), tr(Msg::Filled).into(), false),
        ("shortage_now".into(), tr(Msg::ShortageNow).into(), false),
    ];
    for y in plan.first_year..=last {
        columns.push((format!("retiring_{y}"), String::new(), false));
    }
    columns.extend([
        ("retiring".into(), trf(Msg::RetiringBy, &[&last]), false),
        ("shortage_end".into(), format!("{} {last}", tr(Msg::ShortageEnd)), false),
    ]);
    let columns: Vec<(&str, &str, bool)> = columns.iter().map(|(k, h, f)| (k.as_str(), h.as_str(), *f)).collect();
    let mut listing = Listing::new(&columns)
        .machine_only("row")
        .machine_only("route")
        .machine_only("level")
        .machine_only("unit_code")
        .droppable("unit_name", 1)
        .droppable("field", 2)
        .droppable("education", 3);
    for y in plan.first_year..=last {
        listing = listing.machine_only(&format!("retiring_{y}"));
    }
    let mut push = |row_kind: &str,
                    route: Option<&str>,
                    code: Option<String>,
                    name: String,
                    place: Option<(String, String)>,
                    asked: Option<(&crate::rules::workforce::Qualification, Option<&String>)>,
                    row: &PlanRow| {
        let (kind, level) = match row.kind {
            Some((k, l)) => (Some(k.as_str()), l.map(|l| l.as_str())),
            None => (None, None),
        };
        let (unit_code, unit_name) = place.map_or((None, None), |(c, n)| (Some(c), Some(n)));
        let mut cells: Vec<Cell> = vec![
            row_kind.into(),
            route.into(),
            code.into(),
            name.into(),
            unit_code.into(),
            unit_name.into(),
            if table { Cell::from(row.kind_key()) } else { kind.into() },
            level.into(),
            asked.and_then(|(q, _)| q.education).map(|e| e.to_string()).into(),
            asked.and_then(|(_, f)| f.cloned()).into(),
            asked.and_then(|(q, _)| q.proposal).map_or(Cell::Text(String::new()), |p| {
                Cell::Shown(p.key().to_uppercase(), Box::new(Cell::from(p.key())))
            }),
            u64::from(row.needed).into(),
            u64::from(row.filled).into(),
            u64::from(row.shortage_now).into(),
        ];
        cells.extend(row.retiring.iter().map(|r| Cell::from(u64::from(*r))));
        cells.extend([
            u64::from(row.retiring.iter().sum::<u32>()).into(),
            u64::from(row.shortage_by_year.last().copied().unwrap_or(0)).into(),
        ]);
        listing.push(cells);
    };
    let mut groups = list.groups.iter().peekable();
    for (route, route_total) in &list.by_route {
        while let Some(group) = groups.next_if(|g| g.route == *route) {
            for at in &group.positions {
                let row = &plan.positions[*at];
                let p = row.position.and_then(|i| unit.data.position(i));
                let place = p.and_then(|p| units.get(&p.unit).cloned());
                let asked = asks.get(at).map(|q| (q, fields.get(at)));
                push(
                    "position",
                    Some(route.key()),
                    p.map(|p| p.code.clone()),
                    p.map(|p| p.name.clone()).unwrap_or_default(),
                    place,
                    asked,
                    row,
                );
            }
            let name = if table { format!("Σ {}", group.total.kind_key()) } else { String::new() };
            push("kind", Some(route.key()), None, name, None, None, &group.total);
        }
        let name = if table { format!("Σ {}", route_name(*route)) } else { route_name(*route).to_string() };
        push("route", Some(route.key()), None, name, None, None, route_total);
    }
    // The recruitment's proposal by route (CPNS, PPPK).
    for (proposal, total) in by_proposal.iter().filter(|(_, t)| t.needed > 0) {
        let name = if table { format!("Σ {}", proposal.key().to_uppercase()) } else { proposal.key().to_string() };
        push("proposal", Some(proposal.key()), None, name, None, None, total);
    }
    let name = if table { format!("Σ {}", tr(Msg::Total)) } else { tr(Msg::Total).to_string() };
    push("total", None, None, name, None, None, &list.total);
    match format {
        Format::Json | Format::Ndjson => {
            let rows = listing.to_json();
            let doc = serde_json::json!({
                "unit": unit.code, "name": unit.name, "first_year": plan.first_year, "last_year": last,
                "rows": rows,
            });
            super::output::write_json(out, format, &doc)?;
        }
        Format::Csv | Format::Xlsx => listing.write(out, format, style)?,
        Format::Table => {
            writeln!(out, "{}", style.line(&format!("{} {} — {}", unit.code, unit.name, unit.path)))?;
            writeln!(out, "{}", style.paragraph(&trf(Msg::ShortagesIntro, &[&last])))?;
            listing.write(out, format, style)?;
        }
    }
    Ok(if list.groups.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
