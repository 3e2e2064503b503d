//! `jabat peta-jabatan CODE`: the map as the form's rows, as JSON, and as a chart.

use super::*;

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
        crate::cli::output::say(format!("jabat: {code}: {}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    };
    if let Some(pages) = write(store, settings, &read, format, paper, out, style)? {
        crate::cli::output::say(format!("jabat: {}", trf(Msg::PetaPages, &[&pages])));
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
        DocumentFormat::Json => crate::cli::output::write_json(out, Format::Json, &to_json(read))?,
        DocumentFormat::Ndjson => crate::cli::output::write_json(out, Format::Ndjson, &to_json(read))?,
        DocumentFormat::Csv => rows(&read.map, false).write(out, Format::Csv, style)?,
        DocumentFormat::Svg | DocumentFormat::Pdf => {
            let frame = frame(store, settings, (&read.map, read.draft.as_deref(), read.today))?;
            let sheets = crate::documents::chart::chart(&read.map, &frame, paper);
            let title = format!("{} — {}", tr(Msg::PetaTitle), read.map.root.name);
            if format == DocumentFormat::Svg {
                out.write_all(crate::print::to_svg(&title, &sheets).as_bytes())?;
                writeln!(out)?;
            } else {
                crate::cli::output::write_binary(out, &crate::print::sheets_to_pdf(&title, &sheets)?, style)?;
            }
            return Ok(Some(sheets.len()));
        }
        DocumentFormat::Xlsx => {
            let listing = rows(&read.map, false);
            let bold: Vec<usize> =
                (0..listing.rows.len()).filter(|&i| listing.rows[i][0] != Cell::from("position")).collect();
            let mut book = crate::cli::xlsx::Book::new();
            book.form(tr(Msg::PetaTitle), &listing, &bold, true).map_err(crate::cli::xlsx::io)?;
            crate::cli::output::write_binary(out, &book.finish().map_err(crate::cli::xlsx::io)?, style)?;
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
