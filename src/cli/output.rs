//! Listings in three formats: a table that fits the terminal, JSON, or CSV.

use std::io::{IsTerminal, Write};

use unicode_width::UnicodeWidthStr;

pub use crate::model::text::truncate;

/// Output format of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// A JSON array of objects (a stable interface for scripts).
    Json,
    /// CSV with a header line.
    Csv,
}

/// Keeps the kind of an I/O error that serde_json wraps, so that a closed pipe is
/// still recognised as one.
/// A CSV error as the I/O error it wraps, so that a closed pipe is still seen as one.
fn csv_io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn json_io_error(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::from(kind),
        None => std::io::Error::other(e),
    }
}

/// One cell: text, or a number or flag that JSON keeps typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (empty = no value).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A flag.
    Bool(bool),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) if s.is_empty() => serde_json::Value::Null,
            Cell::Text(s) => s.clone().into(),
            Cell::Int(n) => (*n).into(),
            Cell::Bool(b) => (*b).into(),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Int(n as i64)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Text(String::new()), Into::into)
    }
}

/// A column: its stable key (JSON/CSV) and its translated header (table).
#[derive(Clone, Debug)]
pub struct Column {
    /// Key for JSON and CSV; never translated.
    pub key: String,
    /// Header for the table.
    pub header: String,
    /// Whether the table may shorten this column to fit.
    pub flexible: bool,
}

/// A listing ready to print in any format.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Listing {
    /// A listing with these columns: `(key, header, flexible)`.
    pub fn new(columns: &[(&str, &str, bool)]) -> Listing {
        Listing {
            columns: columns
                .iter()
                .map(|(k, h, f)| Column { key: k.to_string(), header: h.to_string(), flexible: *f })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// The rows as JSON objects keyed by column key.
    pub fn to_json(&self) -> serde_json::Value {
        self.rows
            .iter()
            .map(|r| {
                let obj: serde_json::Map<String, serde_json::Value> =
                    self.columns.iter().zip(r).map(|(c, v)| (c.key.clone(), v.json())).collect();
                serde_json::Value::Object(obj)
            })
            .collect()
    }

    /// Writes the listing in `format`.
    pub fn write(&self, out: &mut dyn Write, format: Format, style: &Style) -> std::io::Result<()> {
        match format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.to_json()).map_err(json_io_error)?;
                writeln!(out)
            }
            Format::Csv => {
                let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
                w.write_record(self.columns.iter().map(|c| c.key.as_str())).map_err(csv_io_error)?;
                for r in &self.rows {
                    w.write_record(r.iter().map(Cell::text)).map_err(csv_io_error)?;
                }
                w.flush()
            }
            Format::Table => self.write_table(out, style),
        }
    }

    fn write_table(&self, out: &mut dyn Write, style: &Style) -> std::io::Result<()> {
        let texts: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect();
        let widths = fit_widths(
            &self.columns.iter().map(|c| c.header.width()).collect::<Vec<_>>(),
            &texts,
            &self.columns.iter().map(|c| c.flexible).collect::<Vec<_>>(),
            style.width,
        );
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|i| !self.rows.is_empty() && self.rows.iter().all(|r| matches!(r[i], Cell::Int(_))))
            .collect();
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let cut = truncate(cell, widths[i]);
                let pad = widths[i].saturating_sub(cut.width());
                let last = i + 1 == cells.len();
                if numeric[i] {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(&cut);
                } else {
                    s.push_str(&cut);
                    if !last {
                        s.push_str(&" ".repeat(pad));
                    }
                }
            }
            s
        };
        let header = line(&self.columns.iter().map(|c| c.header.clone()).collect::<Vec<_>>());
        writeln!(out, "{}", style.bold(&header))?;
        for r in &texts {
            writeln!(out, "{}", line(r))?;
        }
        Ok(())
    }
}

/// Column widths: natural widths, then flexible columns shortened (widest first)
/// until the line fits `limit`.
fn fit_widths(headers: &[usize], rows: &[Vec<String>], flexible: &[bool], limit: Option<usize>) -> Vec<usize> {
    let mut widths: Vec<usize> = headers.to_vec();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.width());
        }
    }
    let Some(limit) = limit else { return widths };
    let gaps = 2 * widths.len().saturating_sub(1);
    loop {
        let total: usize = widths.iter().sum::<usize>() + gaps;
        if total <= limit {
            break;
        }
        let candidate = (0..widths.len()).filter(|i| flexible[*i] && widths[*i] > 8).max_by_key(|i| widths[*i]);
        match candidate {
            Some(i) => widths[i] -= (total - limit).min(widths[i] - 8),
            None => break,
        }
    }
    widths
}

/// How output looks: whether colour is allowed and how wide the terminal is.
#[derive(Clone, Debug, Default)]
pub struct Style {
    /// Use ANSI attributes.
    pub colour: bool,
    /// Width to fit tables into; `None` when not a terminal.
    pub width: Option<usize>,
}

impl Style {
    /// Detects the style of standard output: colour only on a terminal without `NO_COLOR`.
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        let width = if tty {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .or_else(|| ratatui::crossterm::terminal::size().ok().map(|(w, _)| w as usize))
        } else {
            None
        };
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { colour: tty && !no_colour, width }
    }

    /// Bold text when colour is on.
    pub fn bold(&self, text: &str) -> String {
        if self.colour { format!("\x1b[1m{text}\x1b[0m") } else { text.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_shrink_flexible_columns_to_fit() {
        let rows = vec![vec!["1275".to_string(), "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia".to_string()]];
        let w = fit_widths(&[4, 4], &rows, &[false, true], Some(30));
        assert_eq!(w, vec![4, 24]);
        assert_eq!(truncate("Badan Kepegawaian", 8), "Badan K…");
        assert_eq!(fit_widths(&[4, 4], &rows, &[false, true], None)[1], 54);
    }

    #[test]
    fn json_keeps_numbers_and_nulls() {
        let mut l =
            Listing::new(&[("code", "Kode", false), ("needed", "Kebutuhan", false), ("eselon", "Eselon", false)]);
        l.push(vec!["A".into(), 3u64.into(), Cell::from(None::<String>)]);
        assert_eq!(l.to_json().to_string(), r#"[{"code":"A","needed":3,"eselon":null}]"#);
    }
}

/// One thing shown in detail: labelled fields, then titled listings.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// `(key, label, value)`.
    pub fields: Vec<(&'static str, String, Cell)>,
    /// `(key, title, listing)`.
    pub sections: Vec<(&'static str, String, Listing)>,
}

impl Record {
    /// Adds a field.
    pub fn field(&mut self, key: &'static str, label: &str, value: impl Into<Cell>) {
        self.fields.push((key, label.to_string(), value.into()));
    }

    /// Adds a field for scripts only (JSON and CSV): the table says the same another way.
    pub fn machine_field(&mut self, key: &'static str, value: impl Into<Cell>) {
        self.fields.push((key, String::new(), value.into()));
    }

    /// Adds a section.
    pub fn section(&mut self, key: &'static str, title: &str, listing: Listing) {
        self.sections.push((key, title.to_string(), listing));
    }

    /// Writes the record in `format`. CSV has one line per value:
    /// `section,item,field,value` (fields have an empty section and item).
    pub fn write(&self, out: &mut dyn Write, format: Format, style: &Style) -> std::io::Result<()> {
        match format {
            Format::Json => {
                let mut obj = serde_json::Map::new();
                for (k, _, v) in &self.fields {
                    obj.insert(k.to_string(), v.json());
                }
                for (k, _, l) in &self.sections {
                    obj.insert(k.to_string(), l.to_json());
                }
                serde_json::to_writer_pretty(&mut *out, &serde_json::Value::Object(obj)).map_err(json_io_error)?;
                writeln!(out)
            }
            Format::Csv => {
                let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
                w.write_record(["section", "item", "field", "value"])?;
                for (k, _, v) in &self.fields {
                    w.write_record([String::new(), String::new(), k.to_string(), v.text()])?;
                }
                for (sk, _, l) in &self.sections {
                    for (i, r) in l.rows.iter().enumerate() {
                        for (c, v) in l.columns.iter().zip(r) {
                            w.write_record([sk.to_string(), (i + 1).to_string(), c.key.clone(), v.text()])?;
                        }
                    }
                }
                w.flush()
            }
            Format::Table => {
                let label_width = self.fields.iter().map(|(_, l, _)| l.width()).max().unwrap_or(0);
                for (_, label, value) in self.fields.iter().filter(|(_, label, _)| !label.is_empty()) {
                    let text = value.text();
                    let text = if text.is_empty() { "-".to_string() } else { text };
                    let pad = " ".repeat(label_width - label.width());
                    let line = format!("{label}{pad}  {text}");
                    writeln!(out, "{}", style.width.map_or(line.clone(), |w| truncate(&line, w)))?;
                }
                for (_, title, listing) in &self.sections {
                    writeln!(out)?;
                    writeln!(out, "{}", style.bold(title))?;
                    if listing.rows.is_empty() {
                        writeln!(out, "  {}", crate::i18n::tr(crate::i18n::Msg::None_))?;
                    } else {
                        listing.write(out, Format::Table, style)?;
                    }
                }
                Ok(())
            }
        }
    }
}
