//! The documents of penataan jabatan on the command line: `peta-jabatan`.

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

use super::Outcome;
use super::output::{Cell, Format, Listing, Style};
use crate::documents::{Change, PetaJabatan, PetaPosition, PetaUnit};
use crate::i18n::{Msg, tr, trf};
use crate::model::Date;
use crate::store::Store;

/// Output format of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum DocumentFormat {
    /// The form as a table for reading.
    #[default]
    Table,
    /// One JSON document (a stable interface for scripts).
    Json,
    /// The JSON document on one line.
    Ndjson,
    /// CSV, a row per unit, position and total.
    Csv,
    /// A spreadsheet (to --out FILE or a pipe): the CSV's rows, headings and totals in
    /// bold.
    Xlsx,
    /// The organisation chart as an SVG picture (its pages one under another).
    Svg,
    /// The organisation chart as PDF, a page per sheet of paper (to --out FILE or a pipe).
    Pdf,
}

/// A document read for printing: the map, what it is of, and when.
pub struct Read {
    /// The map.
    pub map: PetaJabatan,
    /// The draft it shows, if any.
    pub draft: Option<String>,
    /// The day it is printed.
    pub today: Date,
}

/// Reads the peta jabatan of `code`, committed or as the draft `draft` would leave it.
pub fn read(store: &dyn Store, code: &str, draft: Option<&str>, today: Date) -> anyhow::Result<Option<Read>> {
    let map = match draft {
        None => match store.unit_by_code(code)? {
            Some(unit) => Some(crate::documents::peta_jabatan(store, &unit)?),
            None => None,
        },
        Some(name) => {
            let d =
                store.drafts()?.into_iter().find(|d| d.name == name).with_context(|| trf(Msg::CliNoDraft, &[&name]))?;
            let view = crate::edit::DraftView::new(crate::edit::staged_draft(store, &d)?)?;
            match crate::store::Store::unit_by_code(&view, code)? {
                Some(unit) => crate::documents::peta_jabatan_draft(store, &view, unit.id)?,
                None if store.unit_by_code(code)?.is_some() => {
                    anyhow::bail!("{}", trf(Msg::PetaDraftRemovesUnit, &[&name, &code]))
                }
                None => None,
            }
        }
    };
    Ok(map.map(|map| Read { map, draft: draft.map(str::to_string), today }))
}

/// What `peta-jabatan` is asked.
pub struct PetaRequest<'a> {
    /// The unit.
    pub code: &'a str,
    /// The draft to show it as, if any.
    pub draft: Option<&'a str>,
    /// The day.
    pub today: Date,
    /// The format.
    pub format: DocumentFormat,
    /// The paper of a chart.
    pub paper: crate::documents::chart::PaperSize,
}

/// `jabat peta-jabatan CODE`.
pub fn peta_jabatan(
    store: &dyn Store,
    settings: &crate::config::Documents,
    request: &PetaRequest,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let PetaRequest { code, draft, today, format, paper } = *request;
    let Some(read) = read(store, code, draft, today)? else {
        super::output::say(format!("jabat: {code}: {}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    };
    if let Some(pages) = write(store, settings, &read, format, paper, out, style)? {
        super::output::say(format!("jabat: {}", trf(Msg::PetaPages, &[&pages])));
    }
    Ok(Outcome::Done)
}

/// Writes the peta jabatan `read` to `path` (whole, or not at all) in the format its
/// name ends in: `.pdf` or `.svg` the chart on `paper`, `.xlsx`, `.csv` or `.json` the
/// form. The pages of a chart, none for the form. The interface's `:peta` writes
/// through this, so a file from it is the one the command line writes.
pub fn write_file(
    store: &dyn Store,
    settings: &crate::config::Documents,
    read: &Read,
    path: &std::path::Path,
    paper: crate::documents::chart::PaperSize,
) -> anyhow::Result<Option<usize>> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("pdf") => DocumentFormat::Pdf,
        Some("svg") => DocumentFormat::Svg,
        Some("xlsx") => DocumentFormat::Xlsx,
        Some("csv") => DocumentFormat::Csv,
        Some("json") => DocumentFormat::Json,
        _ => anyhow::bail!(
            "{}",
            trf(Msg::PetaUnknownFormat, &[&crate::model::text::printable(&path.display().to_string())])
        ),
    };
    let style = Style { terminal: false, ..Style::default() };
    let mut bytes = Vec::new();
    let pages = write(store, settings, read, format, paper, &mut bytes, &style)?;
    crate::interchange::write::write_whole(path, |w| w.write_all(&bytes))
        .with_context(|| format!("cannot write {}", crate::model::text::printable(&path.display().to_string())))?;
    Ok(pages)
}

/// Writes `read` in `format`; the pages of a chart.
fn write(
    store: &dyn Store,
    settings: &crate::config::Documents,
    read: &Read,
    format: DocumentFormat,
    paper: crate::documents::chart::PaperSize,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Option<usize>> {
    match format {
        DocumentFormat::Json => super::output::write_json(out, Format::Json, &to_json(read))?,
        DocumentFormat::Ndjson => super::output::write_json(out, Format::Ndjson, &to_json(read))?,
        DocumentFormat::Csv => rows(&read.map, false).write(out, Format::Csv, style)?,
        DocumentFormat::Svg | DocumentFormat::Pdf => {
            let frame = frame(store, settings, (&read.map, read.draft.as_deref(), read.today))?;
            let sheets = crate::documents::chart::chart(&read.map, &frame, paper);
            let title = format!("{} — {}", tr(Msg::PetaTitle), read.map.root.name);
            if format == DocumentFormat::Svg {
                out.write_all(crate::print::to_svg(&title, &sheets).as_bytes())?;
                writeln!(out)?;
            } else {
                super::output::write_binary(out, &crate::print::sheets_to_pdf(&title, &sheets)?, style)?;
            }
            return Ok(Some(sheets.len()));
        }
        DocumentFormat::Xlsx => {
            let listing = rows(&read.map, false);
            let bold: Vec<usize> =
                (0..listing.rows.len()).filter(|&i| listing.rows[i][0] != Cell::from("position")).collect();
            let mut book = super::xlsx::Book::new();
            book.form(tr(Msg::PetaTitle), &listing, &bold, true).map_err(super::xlsx::io)?;
            super::output::write_binary(out, &book.finish().map_err(super::xlsx::io)?, style)?;
        }
        DocumentFormat::Table => {
            let mut title = format!("{} — {}", tr(Msg::PetaTitle), read.map.root.name);
            if let Some(d) = &read.draft {
                title.push_str(&format!(" ({})", trf(Msg::PetaDraftNamed, &[d])));
            }
            writeln!(out, "{}", style.bold(&style.line(&title)))?;
            let mut listing = rows(&read.map, true);
            if read.draft.is_none() {
                listing = listing.machine_only("change");
            }
            listing.write(out, Format::Table, style)?;
        }
    }
    Ok(None)
}

/// What a chart says around the map: the agency, the date, the draft, who signs (the
/// configuration's first signatory, else the unit's head).
fn frame(
    store: &dyn Store,
    settings: &crate::config::Documents,
    (map, draft, today): (&PetaJabatan, Option<&str>, Date),
) -> anyhow::Result<crate::documents::chart::Frame> {
    use crate::documents::chart::Frame;
    let root = &map.root;
    let agency = settings.agency.clone().or_else(|| map.above.first().cloned()).unwrap_or_else(|| root.name.clone());
    let date = today.to_string();
    let signatory = signatory(store, settings, root.head.as_ref().map(|h| (h.id, h.name.as_str())), today)?;
    Ok(Frame { agency, date, draft: draft.map(str::to_string), signatory })
}

/// Who signs a document of a unit whose head position is `head` (id, name): the
/// configuration's first signatory, else the head and whoever holds it; with the place
/// and the day.
fn signatory(
    store: &dyn Store,
    settings: &crate::config::Documents,
    head: Option<(crate::model::PositionId, &str)>,
    today: Date,
) -> anyhow::Result<crate::documents::chart::Signatory> {
    use crate::documents::chart::Signatory;
    let place_date = match &settings.place {
        Some(place) => format!("{place}, {today}"),
        None => today.to_string(),
    };
    if let Some(s) = settings.signatories.first() {
        let id = if s.nip.is_empty() { String::new() } else { format!("NIP {}", s.nip) };
        return Ok(Signatory { place_date, role: s.role.clone(), name: s.name.clone(), id });
    }
    let holder = match head {
        Some((id, _)) => store.holders(id)?.into_iter().next(),
        None => None,
    };
    Ok(Signatory {
        place_date,
        role: head.map(|(_, name)| name.to_string()).unwrap_or_default(),
        name: holder.as_ref().map(|e| e.name.clone()).unwrap_or_default(),
        id: holder.map_or_else(|| "NIP".into(), |e| format!("NIP {}", e.nip)),
    })
}

/// A form's listing (the peta jabatan, the ABK recap): what each row is, the unit's
/// number, code and name (for scripts), the position's code and name, then `rest`.
fn form_listing(rest: &[(&str, &str, bool)]) -> Listing {
    let mut columns: Vec<(&str, &str, bool)> = vec![
        ("row", "", false),
        ("number", tr(Msg::PetaNumber), false),
        ("unit_code", "", false),
        ("unit_name", "", true),
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::PetaUnitOrPosition), true),
    ];
    columns.extend_from_slice(rest);
    Listing::new(&columns).machine_only("row").machine_only("unit_code").machine_only("unit_name")
}

/// The map as rows, as the form has them: each unit a heading row with its head's
/// position, then its other positions, its sub-units, and its total; `table` indents
/// names by depth and leaves out the columns that only scripts need.
pub fn rows(map: &PetaJabatan, table: bool) -> Listing {
    let mut listing = form_listing(&[
        ("class", "Kelas", false),
        ("filled", "B", false),
        ("needed", "K", false),
        ("difference", "±", false),
        ("head", "", false),
        ("change", tr(Msg::PetaChange), true),
        ("was_name", "", false),
        ("was_unit", "", false),
        ("was_needed", "", false),
        ("moved_to", "", false),
    ]);
    for key in ["head", "was_name", "was_unit", "was_needed", "moved_to"] {
        listing = listing.machine_only(key);
    }
    listing = listing.droppable("code", 1);
    fn unit_rows(listing: &mut Listing, u: &PetaUnit, table: bool) {
        let indent = |extra: usize| if table { "  ".repeat(u.depth + extra) } else { String::new() };
        let gone = u.change.gone();
        let head = u.head.as_ref();
        // The heading: the unit, with its head's position and figures.
        let name = match (table, head) {
            (true, Some(h)) => format!("{}{} — {}", indent(0), u.name, h.name),
            (true, None) => format!("{}{}", indent(0), u.name),
            (false, _) => head.map(|h| h.name.clone()).unwrap_or_default(),
        };
        // The unit's change; its head's, said as the head's.
        let mut words = u.change.words(None);
        let mut change = u.change.clone();
        if let Some(h) = head.filter(|h| h.change.any()) {
            words.extend(h.change.words(h.needed).into_iter().map(|c| format!("{}: {c}", tr(Msg::Head))));
            change.added |= h.change.added;
            change.renamed_from = change.renamed_from.or(h.change.renamed_from.clone());
            change.needed_from = h.change.needed_from;
        }
        let mut row: Vec<Cell> = vec![
            "unit".into(),
            u.number.clone().into(),
            u.code.clone().into(),
            u.name.clone().into(),
            if table { u.code.clone() } else { head.map(|h| h.code.clone()).unwrap_or_default() }.into(),
            name.into(),
            head.and_then(|h| h.class).map(u64::from).into(),
            figure(head.filter(|_| !gone).map(|h| h.filled)),
            figure(head.filter(|_| !gone).map(|h| u64::from(h.needed.unwrap_or(0)))),
            head.filter(|_| !gone).map_or(Cell::Text(String::new()), |h| Cell::Int(h.difference())),
            Cell::Bool(head.is_some()),
        ];
        row.extend(change_cells(&change, words));
        listing.push(row);
        for p in &u.positions {
            listing.push(position_row(u, p, &indent(1), table));
        }
        for child in &u.units {
            unit_rows(listing, child, table);
        }
        if !gone {
            let label = format!("{}{} {}", indent(0), tr(Msg::PetaTotal), u.name);
            let mut row: Vec<Cell> = vec![
                "total".into(),
                u.number.clone().into(),
                u.code.clone().into(),
                u.name.clone().into(),
                Cell::Text(String::new()),
                if table { label.into() } else { Cell::Text(String::new()) },
                Cell::Text(String::new()),
                u.filled.into(),
                u.needed.into(),
                Cell::Int(u.difference()),
                Cell::Bool(false),
            ];
            row.extend(change_cells(&Change::default(), Vec::new()));
            listing.push(row);
        }
    }
    unit_rows(&mut listing, &map.root, table);
    listing
}

/// A number, or nothing.
fn figure(value: Option<u64>) -> Cell {
    value.map_or(Cell::Text(String::new()), Cell::from)
}

fn position_row(u: &PetaUnit, p: &PetaPosition, indent: &str, table: bool) -> Vec<Cell> {
    let gone = p.change.gone();
    vec![
        "position".into(),
        Cell::Text(String::new()),
        u.code.clone().into(),
        u.name.clone().into(),
        p.code.clone().into(),
        if table { format!("{indent}{}", p.name) } else { p.name.clone() }.into(),
        p.class.map(u64::from).into(),
        figure((!gone).then_some(p.filled)),
        figure((!gone).then_some(u64::from(p.needed.unwrap_or(0)))),
        if gone { Cell::Text(String::new()) } else { Cell::Int(p.difference()) },
        Cell::Bool(p.head),
    ]
    .into_iter()
    .chain(change_cells(&p.change, p.change.words(p.needed)))
    .collect()
}

/// The cells of what a draft changes: in words for a reader, as keys for scripts, and
/// what was before in columns of their own.
fn change_cells(change: &Change, words: Vec<String>) -> [Cell; 5] {
    let keys = Cell::List(change.keys().into_iter().map(str::to_string).collect());
    [
        Cell::Shown(words.join("; "), Box::new(keys)),
        change.renamed_from.clone().into(),
        change.moved_from.clone().into(),
        change.needed_from.map_or(Cell::Text(String::new()), |n| Cell::Int(i64::from(n.unwrap_or(0)))),
        change.moved_to.clone().into(),
    ]
}

/// The map as one JSON document: the unit tree with its positions, every figure, and
/// what a draft changes (`change` keys, and `was` for what was before).
pub fn to_json(read: &Read) -> Value {
    fn change(c: &Change) -> (Value, Value) {
        let mut was = serde_json::Map::new();
        if let Some(n) = &c.renamed_from {
            was.insert("name".into(), n.clone().into());
        }
        if let Some(u) = &c.moved_from {
            was.insert("unit".into(), u.clone().into());
        }
        if let Some(n) = &c.needed_from {
            was.insert("needed".into(), n.map_or(Value::Null, Value::from));
        }
        let keys = c.keys().into_iter().map(Value::from).collect();
        (keys, if was.is_empty() { Value::Null } else { Value::Object(was) })
    }
    fn position(p: &PetaPosition) -> Value {
        let (keys, was) = change(&p.change);
        json!({
            "code": p.code, "name": p.name, "kind": p.kind.as_str(), "class": p.class,
            "filled": p.filled, "needed": p.needed, "difference": p.difference(), "head": p.head,
            "change": keys, "was": was, "moved_to": p.change.moved_to,
        })
    }
    fn unit(u: &PetaUnit) -> Value {
        let (keys, was) = change(&u.change);
        json!({
            "number": if u.number.is_empty() { Value::Null } else { u.number.clone().into() },
            "code": u.code, "name": u.name,
            "head": u.head.as_ref().map(position),
            "positions": u.positions.iter().map(position).collect::<Vec<_>>(),
            "units": u.units.iter().map(unit).collect::<Vec<_>>(),
            "filled": u.filled, "needed": u.needed, "difference": u.difference(),
            "change": keys, "was": was, "moved_to": u.change.moved_to,
        })
    }
    json!({
        "date": read.today.to_string(),
        "draft": read.draft,
        "above": read.map.above,
        "unit": unit(&read.map.root),
    })
}

/// `jabat abk CODE`: the ABK recap of a unit.
pub fn abk(
    store: &dyn Store,
    rules: &crate::rules::RuleSet,
    settings: &crate::config::Documents,
    (code, today): (&str, Date),
    format: super::output::PaperFormat,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(unit) = store.unit_by_code(code)? else {
        super::output::say(format!("jabat: {code}: {}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    };
    let recap = crate::documents::abk::abk_recap(store, &unit, &rules.abk)?;
    let table = format == super::output::PaperFormat::Table;
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
            super::output::write_json(out, f, &doc)?;
        }
        Some(Format::Xlsx) => {
            let bold: Vec<usize> =
                (0..listing.rows.len()).filter(|&i| listing.rows[i][0] != Cell::from("position")).collect();
            let mut book = super::xlsx::Book::new();
            book.form(tr(Msg::AbkTitle), &listing, &bold, true).map_err(super::xlsx::io)?;
            super::output::write_binary(out, &book.finish().map_err(super::xlsx::io)?, style)?;
        }
        Some(f) => listing.write(out, f, style)?,
        None => {
            let paper = abk_paper(&recap, &frame(store, settings, (&recap.map, None, today))?);
            super::review::write_pdf(&paper, out, style)?;
            super::output::say(format!("jabat: {}", trf(Msg::PetaPages, &[&crate::print::page_count(&paper)])));
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

/// The headings of an anjab's sections, in the form's order (the uraian tugas apart).
fn anjab_sections() -> [(crate::model::Section, Msg); 9] {
    use crate::model::Section as S;
    [
        (S::Material, Msg::AnjabMaterials),
        (S::Tool, Msg::AnjabTools),
        (S::Responsibility, Msg::AnjabResponsibilities),
        (S::Authority, Msg::AnjabAuthorities),
        (S::Correlation, Msg::AnjabCorrelations),
        (S::Condition, Msg::AnjabConditions),
        (S::Hazard, Msg::AnjabHazards),
        (S::Requirement, Msg::AnjabRequirements),
        (S::Expected, Msg::AnjabExpected),
    ]
}

/// A position's anjab with what it is read with: its unit's path, its tasks.
struct AnjabDocument {
    position: crate::model::Position,
    path: String,
    tasks: Vec<crate::model::Task>,
    anjab: crate::model::JobDescription,
    /// The job evaluation of its factor levels, when it holds any.
    evaluation: Option<crate::rules::evaluation::Evaluation>,
}

impl AnjabDocument {
    /// The requirements, each key once with its texts joined.
    fn requirements(&self) -> Vec<(String, String)> {
        use crate::model::{REQUIREMENTS, Section};
        REQUIREMENTS
            .iter()
            .filter_map(|key| {
                let texts: Vec<&str> = self.anjab.item(Section::Requirement, key).collect();
                (!texts.is_empty()).then(|| (key.to_string(), texts.join("; ")))
            })
            .collect()
    }

    /// The uraian tugas: each task with its steps and result (the anjab's rows for it).
    fn duties(&self) -> Vec<(&crate::model::Task, Vec<&str>, Option<&str>)> {
        use crate::model::Section;
        self.tasks
            .iter()
            .map(|t| {
                let steps = self.anjab.item(Section::TaskStep, &t.name).collect();
                (t, steps, self.anjab.item(Section::TaskResult, &t.name).next())
            })
            .collect()
    }

    fn json(&self) -> Value {
        use crate::model::Section;
        let mut doc = serde_json::Map::new();
        doc.insert("code".into(), self.position.code.clone().into());
        doc.insert("name".into(), self.position.name.clone().into());
        doc.insert("unit".into(), self.path.clone().into());
        doc.insert("class".into(), self.position.spec.class.map_or(Value::Null, Value::from));
        doc.insert("evaluation".into(), self.evaluation.as_ref().map_or(Value::Null, evaluation_json));
        doc.insert("summary".into(), self.anjab.texts(Section::Summary).collect::<Vec<_>>().join(" ").into());
        let duties: Vec<Value> = self
            .duties()
            .into_iter()
            .map(|(t, steps, result)| {
                json!({"task": t.name, "steps": steps, "result": result, "volume": t.volume, "minutes": t.minutes,
                       "workload_minutes": t.workload()})
            })
            .collect();
        doc.insert("duties".into(), duties.into());
        for (section, _) in anjab_sections() {
            if section == Section::Requirement {
                let reqs: serde_json::Map<String, Value> =
                    self.requirements().into_iter().map(|(k, v)| (k, v.into())).collect();
                doc.insert("requirements".into(), reqs.into());
            } else {
                let texts: Vec<&str> = self.anjab.texts(section).collect();
                let key = match section {
                    Section::Material => "materials",
                    Section::Tool => "tools",
                    Section::Responsibility => "responsibilities",
                    Section::Authority => "authorities",
                    Section::Correlation => "correlations",
                    Section::Condition => "conditions",
                    Section::Hazard => "hazards",
                    _ => "expected",
                };
                doc.insert(key.into(), texts.into());
            }
        }
        Value::Object(doc)
    }

    fn text(&self, out: &mut dyn Write, style: &Style) -> std::io::Result<()> {
        use crate::model::Section;
        let p = &self.position;
        writeln!(out, "{}", style.bold(&tr(Msg::AnjabTitle).to_uppercase()))?;
        for (label, value) in [
            (tr(Msg::Name), p.name.clone()),
            (tr(Msg::Code), p.code.clone()),
            (tr(Msg::Path), self.path.clone()),
            (tr(Msg::AnjabClass), self.class_line()),
        ] {
            writeln!(out, "{}", style.paragraph(&format!("{label}: {value}")))?;
        }
        let mut number = 0;
        let mut heading = |out: &mut dyn Write, msg: Msg| -> std::io::Result<()> {
            number += 1;
            writeln!(out)?;
            writeln!(out, "{}", style.bold(&format!("{number}. {}", tr(msg))))
        };
        heading(out, Msg::AnjabSummary)?;
        for t in self.anjab.texts(Section::Summary) {
            writeln!(out, "{}", style.paragraph(&format!("   {t}")))?;
        }
        heading(out, Msg::AnjabTasks)?;
        for (i, (t, steps, result)) in self.duties().into_iter().enumerate() {
            writeln!(out, "{}", style.paragraph(&format!("   {}) {}", i + 1, t.name)))?;
            for (k, step) in steps.iter().enumerate() {
                let letter = char::from(b'a' + (k % 26) as u8);
                writeln!(out, "{}", style.paragraph(&format!("      {letter}. {step}")))?;
            }
            let line = format!(
                "      {}",
                trf(Msg::AnjabDutyLine, &[&tr(Msg::AnjabResult), &result.unwrap_or("-"), &t.volume, &t.minutes])
            );
            writeln!(out, "{}", style.paragraph(&line))?;
        }
        for (section, msg) in anjab_sections() {
            heading(out, msg)?;
            if section == Section::Requirement {
                for (k, v) in self.requirements() {
                    writeln!(out, "{}", style.paragraph(&format!("   {}: {v}", crate::i18n::label::requirement(&k))))?;
                }
            } else {
                for t in self.anjab.texts(section) {
                    writeln!(out, "{}", style.paragraph(&format!("   - {t}")))?;
                }
            }
        }
        heading(out, Msg::AnjabClass)?;
        writeln!(out, "{}", style.paragraph(&format!("   {}", self.class_line())))?;
        if let Some(e) = &self.evaluation {
            writeln!(out)?;
            writeln!(out, "{}", style.bold(&format!("   {}", tr(Msg::AnjabEvaluation))))?;
            let width = e.factors.iter().map(|f| crate::i18n::label::factor(f.factor).chars().count()).max();
            for f in &e.factors {
                let name = crate::i18n::label::factor(f.factor);
                let pad = " ".repeat(width.unwrap_or(0) - name.chars().count());
                let points = f.points.map_or_else(|| "-".into(), |p| p.to_string());
                let line = format!("   {name}{pad}  {} {}  {points:>5}", tr(Msg::AnjabLevel), f.level);
                writeln!(out, "{}", style.paragraph(&line))?;
            }
            writeln!(out, "{}", style.paragraph(&format!("   {}", e.summary())))?;
        }
        Ok(())
    }

    /// The stored kelas, and beside it what the job evaluation gives when it is
    /// complete: `9 (1 295 points → class 9)`.
    fn class_line(&self) -> String {
        let stored = self.position.spec.class.map_or_else(|| "-".into(), |c| c.to_string());
        match &self.evaluation {
            Some(e) => format!("{stored} ({})", e.summary()),
            None => stored,
        }
    }

    fn paper(
        &self,
        settings: &crate::config::Documents,
        signer: &crate::documents::chart::Signatory,
    ) -> crate::print::Paper {
        use crate::model::Section;
        use crate::print::{Block, Column, Paper, Signature, Table};
        let p = &self.position;
        let mut blocks = vec![Block::Facts(vec![
            (tr(Msg::Name).into(), p.name.clone()),
            (tr(Msg::Code).into(), p.code.clone()),
            (tr(Msg::Path).into(), self.path.clone()),
        ])];
        let mut number = 0;
        let mut heading = |blocks: &mut Vec<Block>, msg: Msg| {
            number += 1;
            blocks.push(Block::Heading(format!("{number}. {}", tr(msg))));
        };
        heading(&mut blocks, Msg::AnjabSummary);
        blocks.extend(self.anjab.texts(Section::Summary).map(|t| Block::Paragraph(t.into())));
        heading(&mut blocks, Msg::AnjabTasks);
        let rows = self
            .duties()
            .into_iter()
            .enumerate()
            .map(|(i, (t, steps, result))| {
                let steps: Vec<String> = steps
                    .iter()
                    .enumerate()
                    .map(|(k, s)| format!("{}. {s}", char::from(b'a' + (k % 26) as u8)))
                    .collect();
                let name = if steps.is_empty() { t.name.clone() } else { format!("{}\n{}", t.name, steps.join("\n")) };
                vec![
                    (i + 1).to_string(),
                    name,
                    result.unwrap_or("").to_string(),
                    t.volume.to_string(),
                    t.minutes.to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::number("No", 0.5),
                Column::text(tr(Msg::AnjabTasks), 5.0),
                Column::text(tr(Msg::AnjabResult), 1.6),
                Column::number(tr(Msg::AnjabVolume), 1.2),
                Column::number(tr(Msg::AnjabMinutes), 1.0),
            ],
            rows,
            bold: Vec::new(),
        }));
        for (section, msg) in anjab_sections() {
            heading(&mut blocks, msg);
            if section == Section::Requirement {
                let facts =
                    self.requirements().into_iter().map(|(k, v)| (crate::i18n::label::requirement(&k), v)).collect();
                blocks.push(Block::Facts(facts));
            } else {
                let items: Vec<String> =
                    self.anjab.texts(section).enumerate().map(|(i, t)| format!("{}. {t}", i + 1)).collect();
                blocks.push(Block::Paragraph(if items.is_empty() { "-".into() } else { items.join("\n") }));
            }
        }
        heading(&mut blocks, Msg::AnjabClass);
        blocks.push(Block::Paragraph(self.class_line()));
        if let Some(e) = &self.evaluation {
            let rows = e
                .factors
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let points = f.points.map_or_else(|| "-".into(), |p| p.to_string());
                    vec![(i + 1).to_string(), crate::i18n::label::factor(f.factor), f.level.to_string(), points]
                })
                .collect();
            blocks.push(Block::Table(Table {
                columns: vec![
                    Column::number("No", 0.5),
                    Column::text(tr(Msg::AnjabFactor), 5.0),
                    Column::number(tr(Msg::AnjabLevel), 1.0),
                    Column::number(tr(Msg::AnjabPoints), 1.0),
                ],
                rows,
                bold: Vec::new(),
            }));
            blocks.push(Block::Paragraph(e.summary()));
        }
        blocks.push(Block::Paragraph(signer.place_date.clone()));
        blocks.push(Block::Signatures(vec![Signature {
            role: signer.role.clone(),
            name: signer.name.clone(),
            id: signer.id.clone(),
        }]));
        Paper {
            title: format!("{} — {}", tr(Msg::AnjabTitle), p.name),
            subtitle: settings
                .agency
                .clone()
                .unwrap_or_else(|| self.path.split(" › ").next().unwrap_or("").to_string()),
            blocks,
            footer: format!("jabat · {} {}", tr(Msg::AnjabTitle), p.code),
            page_of: tr(Msg::PageOf).into(),
            landscape: false,
        }
    }
}

/// An evaluation as the anjab's JSON has it: the factors with level and points, the
/// value, the kelas (null when it gives none) and the problems by stable key.
fn evaluation_json(e: &crate::rules::evaluation::Evaluation) -> Value {
    let factors: Vec<Value> =
        e.factors.iter().map(|f| json!({"factor": f.factor, "level": f.level, "points": f.points})).collect();
    json!({
        "factors": factors,
        "points": e.points,
        "class": e.class,
        "problems": serde_json::to_value(&e.problems).unwrap_or(Value::Null),
    })
}

/// `jabat anjab POS`: a position's job description in the form's order.
pub fn anjab(
    store: &dyn Store,
    (rules, settings): (&crate::rules::RuleSet, &crate::config::Documents),
    (code, today): (&str, Date),
    format: AnjabFormat,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(position) = store.position_by_code(code)? else {
        super::output::say(format!("jabat: {code}: {}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    };
    let Some(anjab) = store.anjab(position.id)? else {
        super::output::say(format!("jabat: {code}: {}", tr(Msg::AnjabNone)));
        return Ok(Outcome::NothingFound);
    };
    let doc = AnjabDocument {
        path: crate::queries::path_text(store, position.unit)?,
        tasks: store.tasks(position.id)?,
        evaluation: crate::rules::evaluation::evaluate(position.spec.kind, &anjab, &rules.job_evaluation),
        anjab,
        position,
    };
    match format {
        AnjabFormat::Text => doc.text(out, style)?,
        AnjabFormat::Json => super::output::write_json(out, Format::Json, &doc.json())?,
        AnjabFormat::Ndjson => super::output::write_json(out, Format::Ndjson, &doc.json())?,
        AnjabFormat::Csv | AnjabFormat::Xlsx => {
            let mut listing = Listing::new(&[
                ("position_code", tr(Msg::Code), false),
                ("section", "", false),
                ("item", "", true),
                ("text", "", true),
            ]);
            for r in &doc.anjab.rows {
                let row = vec![
                    doc.position.code.clone().into(),
                    r.section.key().into(),
                    r.item.clone().into(),
                    r.text.clone().into(),
                ];
                listing.push(row);
            }
            let format = if format == AnjabFormat::Csv { Format::Csv } else { Format::Xlsx };
            listing.write(out, format, style)?;
        }
        AnjabFormat::Pdf => {
            let head = store.positions_of(doc.position.unit)?.into_iter().find(|p| p.spec.head);
            let signer = signatory(store, settings, head.as_ref().map(|h| (h.id, h.name.as_str())), today)?;
            super::review::write_pdf(&doc.paper(settings, &signer), out, style)?;
        }
    }
    Ok(Outcome::Done)
}

/// Output format of `anjab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum AnjabFormat {
    /// The form as text, its headings in the interface's language.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// The JSON document on one line.
    Ndjson,
    /// Its rows as `anjab.csv` has them (`position_code, section, item, text`).
    Csv,
    /// The same rows as a spreadsheet (to --out FILE or a pipe).
    Xlsx,
    /// The form to print (to --out FILE, or a pipe).
    Pdf,
}
