//! `jabat abk CODE`: the ABK recap of a unit, as rows and as a page to print.

use super::*;

/// `jabat abk CODE`: the ABK recap of a unit.
pub fn abk(
    store: &dyn Store,
    rules: &crate::rules::RuleSet,
    settings: &crate::config::Documents,
    (code, today): (&str, Date),
    format: crate::cli::output::PaperFormat,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(unit) = store.unit_by_code(code)? else {
        crate::cli::output::say(format!("jabat: {code}: {}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    };
    let recap = crate::documents::abk::abk_recap(store, &unit, &rules.abk)?;
    let table = format == crate::cli::output::PaperFormat::Table;
    let listing = abk_rows(&recap, table);
    match format.listing() {
        Some(Format::Table) => {
            let title = format!("{} — {}", tr(Msg::AbkTitle), recap.map.root.name);
            writeln!(out, "{}", style.bold(&style.line(&title)))?;
            writeln!(out, "{}", style.line(&trf(Msg::AbkEffective, &[&recap.effective_minutes])))?;
            listing.write(out, Format::Table, style)?;
        }
        Some(f) if f.is_json() => {
            let doc = json!({
                "unit": recap.map.root.code, "name": recap.map.root.name, "date": today.to_string(),
                "effective_minutes": recap.effective_minutes, "rows": listing.to_json(),
            });
            crate::cli::output::write_json(out, f, &doc)?;
        }
        Some(Format::Xlsx) => {
            let bold: Vec<usize> =
                (0..listing.rows.len()).filter(|&i| listing.rows[i][0] != Cell::from("position")).collect();
            let mut book = crate::cli::xlsx::Book::new();
            book.form(tr(Msg::AbkTitle), &listing, &bold, true).map_err(crate::cli::xlsx::io)?;
            crate::cli::output::write_binary(out, &book.finish().map_err(crate::cli::xlsx::io)?, style)?;
        }
        Some(f) => listing.write(out, f, style)?,
        None => {
            let paper = abk_paper(&recap, &frame(store, settings, (&recap.map, None, today))?);
            crate::cli::review::write_pdf(&paper, out, style)?;
            crate::cli::output::say(format!("jabat: {}", trf(Msg::PetaPages, &[&crate::print::page_count(&paper)])));
        }
    }
    Ok(Outcome::Done)
}

/// The recap as rows: each unit a heading, its positions, its sub-units, its total.
fn abk_rows(recap: &crate::documents::abk::AbkRecap, table: bool) -> Listing {
    let mut listing = form_listing(&[
        ("tasks", tr(Msg::AbkTasks), false),
        ("workload_minutes", tr(Msg::AbkWorkload), false),
        ("effective_minutes", "", false),
        ("need_exact", "", false),
        ("need", tr(Msg::AbkNeed), false),
        ("needed", "K", false),
        ("filled", "B", false),
        ("difference", "±", false),
        ("efficiency", "EJ", false),
        ("grade", tr(Msg::AbkGrade), false),
    ]);
    for key in ["effective_minutes", "need_exact"] {
        listing = listing.machine_only(key);
    }
    listing = listing.droppable("code", 1).droppable("tasks", 2);
    let empty = || Cell::Text(String::new());
    let workload_cells = |w: Option<&crate::rules::abk::Workload>| -> [Cell; 4] {
        match w {
            Some(w) => [
                Cell::Float(w.minutes, 0),
                u64::from(recap.effective_minutes).into(),
                Cell::Float(w.need_exact, 2),
                u64::from(w.need).into(),
            ],
            None => [empty(), empty(), empty(), empty()],
        }
    };
    fn walk(
        listing: &mut Listing,
        recap: &crate::documents::abk::AbkRecap,
        u: &PetaUnit,
        table: bool,
        workload_cells: &dyn Fn(Option<&crate::rules::abk::Workload>) -> [Cell; 4],
    ) {
        let indent = |extra: usize| if table { "  ".repeat(u.depth + extra) } else { String::new() };
        let blank = || Cell::Text(String::new());
        let mut heading: Vec<Cell> = vec![
            "unit".into(),
            u.number.clone().into(),
            u.code.clone().into(),
            u.name.clone().into(),
            if table { u.code.clone() } else { String::new() }.into(),
            if table { format!("{}{}", indent(0), u.name) } else { String::new() }.into(),
        ];
        heading.extend(std::iter::repeat_with(blank).take(10));
        listing.push(heading);
        for p in u.all_positions() {
            let w = recap.positions.get(&p.id);
            let mut row: Vec<Cell> = vec![
                "position".into(),
                blank(),
                u.code.clone().into(),
                u.name.clone().into(),
                p.code.clone().into(),
                if table { format!("{}{}", indent(1), p.name) } else { p.name.clone() }.into(),
                w.map_or_else(blank, |(n, _)| (*n as u64).into()),
            ];
            row.extend(workload_cells(w.map(|(_, w)| w)));
            row.extend([
                p.needed.map(u64::from).into(),
                p.filled.into(),
                Cell::Int(p.difference()),
                w.map_or_else(blank, |(_, w)| Cell::float(w.efficiency, 2)),
                w.and_then(|(_, w)| w.grade).map(|g| g.to_string()).into(),
            ]);
            listing.push(row);
        }
        for child in &u.units {
            walk(listing, recap, child, table, workload_cells);
        }
        let w = recap.units.get(&u.id);
        let mut total: Vec<Cell> = vec![
            "total".into(),
            u.number.clone().into(),
            u.code.clone().into(),
            u.name.clone().into(),
            blank(),
            if table { format!("{}{} {}", indent(0), tr(Msg::PetaTotal), u.name) } else { String::new() }.into(),
            blank(),
        ];
        total.extend(workload_cells(w));
        total.extend([
            u.needed.into(),
            u.filled.into(),
            Cell::Int(u.difference()),
            w.map_or_else(blank, |w| Cell::float(w.efficiency, 2)),
            w.and_then(|w| w.grade).map(|g| g.to_string()).into(),
        ]);
        listing.push(total);
    }
    walk(&mut listing, recap, &recap.map.root, table, &workload_cells);
    listing
}

/// The recap as a document to print: landscape, the table with its totals, who signs.
fn abk_paper(recap: &crate::documents::abk::AbkRecap, frame: &crate::documents::chart::Frame) -> crate::print::Paper {
    use crate::print::{Block, Column, Paper, Signature, Table};
    let listing = abk_rows(recap, true);
    let keys: Vec<&str> = listing.columns.iter().map(|c| c.key.as_str()).collect();
    let at = |key: &str| keys.iter().position(|k| *k == key).expect("a column of the recap");
    let shown = ["number", "name", "workload_minutes", "need", "needed", "filled", "difference", "efficiency", "grade"];
    // Headings and totals in bold, as in the spreadsheet.
    let bold: Vec<usize> = (0..listing.rows.len()).filter(|&i| listing.rows[i][0] != Cell::from("position")).collect();
    let rows = listing.rows.iter().map(|r| shown.iter().map(|k| r[at(k)].shown_text()).collect()).collect();
    let header = |k: &str| listing.columns[at(k)].header.clone();
    let columns = vec![
        Column::text(&header("number"), 0.8),
        Column::text(&header("name"), 5.0),
        Column::number(&header("workload_minutes"), 1.6),
        Column::number(&header("need"), 1.2),
        Column::number("K", 0.6),
        Column::number("B", 0.6),
        Column::number("±", 0.6),
        Column::number("EJ", 0.8),
        Column::text(&header("grade"), 0.9),
    ];
    let s = &frame.signatory;
    Paper {
        title: format!("{} — {}", tr(Msg::AbkTitle), recap.map.root.name),
        subtitle: format!("{} — {}", frame.agency, frame.date),
        blocks: vec![
            Block::Paragraph(trf(Msg::AbkEffective, &[&recap.effective_minutes])),
            Block::Table(Table { columns, rows, bold }),
            Block::Signatures(vec![Signature {
                role: format!("{}\n{}", s.place_date, s.role),
                name: s.name.clone(),
                id: s.id.clone(),
            }]),
        ],
        footer: format!("jabat · {} {}", tr(Msg::AbkTitle), recap.map.root.name),
        page_of: tr(Msg::PageOf).into(),
        landscape: true,
    }
}
