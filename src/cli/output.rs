//! Listings in three formats: a table that fits the terminal, JSON, or CSV.

use std::io::{IsTerminal, Write};

use unicode_width::UnicodeWidthStr;

use crate::model::text::printable;
pub use crate::model::text::truncate;

/// Output format of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// A JSON array of objects (a stable interface for scripts).
    Json,
    /// CSV with a header line (`--no-header`: without).
    Csv,
    /// One JSON value a line: a listing's rows, an array's items, or the document.
    Ndjson,
    /// A spreadsheet (to --out FILE or a pipe): typed cells, the header row frozen.
    Xlsx,
}

impl Format {
    /// Whether it is JSON, pretty or a value a line.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Ndjson)
    }
}

/// Writes a JSON document: pretty for `json`; for `ndjson` an array's items a line
/// each, else the document on one line.
pub fn write_json(out: &mut dyn Write, format: Format, doc: &serde_json::Value) -> std::io::Result<()> {
    match (format, doc) {
        (Format::Ndjson, serde_json::Value::Array(items)) => {
            for item in items {
                serde_json::to_writer(&mut *out, item).map_err(json_io_error)?;
                writeln!(out)?;
            }
            Ok(())
        }
        (Format::Ndjson, _) => {
            serde_json::to_writer(&mut *out, doc).map_err(json_io_error)?;
            writeln!(out)
        }
        _ => {
            serde_json::to_writer_pretty(&mut *out, doc).map_err(json_io_error)?;
            writeln!(out)
        }
    }
}

/// Output format of a command that can also print its document (PDF, to `--out FILE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum PaperFormat {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// A JSON document (a stable interface for scripts).
    Json,
    /// CSV with a header line (`--no-header`: without).
    Csv,
    /// One JSON value a line.
    Ndjson,
    /// A spreadsheet (to --out FILE or a pipe).
    Xlsx,
    /// The document for paper, as PDF.
    Pdf,
}

impl PaperFormat {
    /// The listing format, or none for the document.
    pub fn listing(self) -> Option<Format> {
        match self {
            PaperFormat::Table => Some(Format::Table),
            PaperFormat::Json => Some(Format::Json),
            PaperFormat::Csv => Some(Format::Csv),
            PaperFormat::Ndjson => Some(Format::Ndjson),
            PaperFormat::Xlsx => Some(Format::Xlsx),
            PaperFormat::Pdf => None,
        }
    }
}

/// Output format of a command that can also draw its figures as a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum PictureFormat {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// A JSON document (a stable interface for scripts).
    Json,
    /// CSV with a header line (`--no-header`: without).
    Csv,
    /// One JSON value a line.
    Ndjson,
    /// A spreadsheet (to --out FILE or a pipe).
    Xlsx,
    /// The figures drawn as an SVG picture, for a report.
    Svg,
}

impl PictureFormat {
    /// The listing format, or none for the picture.
    pub fn listing(self) -> Option<Format> {
        match self {
            PictureFormat::Table => Some(Format::Table),
            PictureFormat::Json => Some(Format::Json),
            PictureFormat::Csv => Some(Format::Csv),
            PictureFormat::Ndjson => Some(Format::Ndjson),
            PictureFormat::Xlsx => Some(Format::Xlsx),
            PictureFormat::Svg => None,
        }
    }
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

/// One cell: text, or a number, flag, time or list that JSON keeps typed. The table
/// shows each as a person reads it; JSON and CSV as a script reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (empty = no value).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number with a fixed count of decimals (shown so, and rounded so in JSON).
    Float(f64, u8),
    /// A flag.
    Bool(bool),
    /// A flag a reader sees as a mark (✓, or nothing) and a script as true or false.
    Flag(bool),
    /// A moment, seconds since 1970 UTC: local time in tables, RFC 3339 for scripts.
    Time(i64),
    /// A day, YYYY-MM-DD everywhere (a date cell in a spreadsheet).
    Date(crate::model::Date),
    /// Several values: an array in JSON, joined by "; " in tables and CSV.
    List(Vec<String>),
    /// Text for a reader (`(vacant)`), and another value for scripts (`null`).
    Shown(String, Box<Cell>),
    /// A NIP shown in its four parts (`19840218 200906 2 006`) to a reader, and as its
    /// 18 digits to scripts.
    SplitNip(crate::model::Nip),
}

impl Cell {
    /// A number shown with `decimals` decimals; none for `None`.
    pub fn float(value: Option<f64>, decimals: u8) -> Cell {
        match value {
            Some(v) if v.is_finite() => Cell::Float(v, decimals),
            _ => Cell::Text(String::new()),
        }
    }

    /// The cell as a reader sees it (a table's text, control characters shown).
    pub fn shown_text(&self) -> String {
        printable(&self.text()).into_owned()
    }

    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(v, d) => format!("{v:.*}", usize::from(*d)),
            Cell::Bool(b) => b.to_string(),
            Cell::Flag(b) => (if *b { "✓" } else { "" }).to_string(),
            Cell::Time(t) => crate::model::Stamp { user: String::new(), at: *t }.local_time(),
            Cell::Date(d) => d.to_string(),
            Cell::List(items) => items.join("; "),
            Cell::SplitNip(nip) => nip.spaced(),
            Cell::Shown(text, _) => text.clone(),
        }
    }

    /// The text a script reads (CSV): times in RFC 3339, NIPs as 18 digits.
    fn machine_text(&self) -> String {
        match self {
            Cell::Time(t) => rfc3339(*t),
            Cell::SplitNip(nip) => nip.to_string(),
            Cell::Flag(b) => b.to_string(),
            Cell::Shown(_, value) => value.machine_text(),
            other => other.text(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) if s.is_empty() => serde_json::Value::Null,
            Cell::Text(s) => s.clone().into(),
            Cell::Int(n) => (*n).into(),
            Cell::Float(v, d) => {
                let scale = 10f64.powi(i32::from(*d));
                serde_json::Number::from_f64((v * scale).round() / scale).map_or(serde_json::Value::Null, Into::into)
            }
            Cell::Bool(b) | Cell::Flag(b) => (*b).into(),
            Cell::Time(t) => rfc3339(*t).into(),
            Cell::Date(d) => d.to_string().into(),
            Cell::List(items) => items.iter().map(|i| serde_json::Value::from(i.as_str())).collect(),
            Cell::SplitNip(nip) => nip.to_string().into(),
            Cell::Shown(_, value) => value.json(),
        }
    }

    fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(..))
    }
}

/// Writes a file's bytes (a spreadsheet, a PDF) to `out`, unless that is a terminal.
pub fn write_binary(out: &mut dyn Write, bytes: &[u8], style: &Style) -> std::io::Result<()> {
    if style.terminal {
        return Err(std::io::Error::other(crate::i18n::tr(crate::i18n::Msg::BinaryNeedsOut)));
    }
    out.write_all(bytes)
}

/// Seconds since 1970 as RFC 3339 in UTC, `2026-11-22T11:30:00Z`.
pub fn rfc3339(at: i64) -> String {
    match chrono::DateTime::from_timestamp(at, 0) {
        Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        None => at.to_string(),
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
impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}
impl From<u8> for Cell {
    fn from(n: u8) -> Self {
        Cell::Int(i64::from(n))
    }
}
impl From<crate::model::Nip> for Cell {
    /// A NIP is always its 18 digits.
    fn from(nip: crate::model::Nip) -> Self {
        Cell::Text(nip.to_string())
    }
}
impl From<crate::model::Date> for Cell {
    fn from(d: crate::model::Date) -> Self {
        Cell::Date(d)
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
    /// Whether the table shortens this column before any other text (names, titles);
    /// other text columns are shortened after those, identifiers (codes, NIPs) last.
    pub flexible: bool,
    /// In a table too narrow for every column, columns with a drop rank are left out,
    /// lowest rank first, before identifiers are cut (JSON and CSV keep them all).
    pub drop_rank: Option<u8>,
    /// Never shown in tables.
    pub machine_only: bool,
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
                .map(|(k, h, f)| Column {
                    key: k.to_string(),
                    header: h.to_string(),
                    flexible: *f,
                    drop_rank: None,
                    machine_only: false,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Keeps the column `key` out of tables (it is for scripts: the table says the
    /// same another way).
    pub fn machine_only(mut self, key: &str) -> Listing {
        if let Some(c) = self.columns.iter_mut().find(|c| c.key == key) {
            c.machine_only = true;
        }
        self
    }

    /// Lets tables leave out the column `key` when they cannot fit everything (lower
    /// ranks go first).
    pub fn droppable(mut self, key: &str, rank: u8) -> Listing {
        if let Some(c) = self.columns.iter_mut().find(|c| c.key == key) {
            c.drop_rank = Some(rank);
        }
        self
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
            Format::Xlsx => {
                let bytes = super::xlsx::listing(&style.sheet, self)?;
                write_binary(out, &bytes, style)
            }
            Format::Json | Format::Ndjson => write_json(out, format, &self.to_json()),
            Format::Csv => {
                let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
                if !style.no_header {
                    w.write_record(self.columns.iter().map(|c| c.key.as_str())).map_err(csv_io_error)?;
                }
                for r in &self.rows {
                    w.write_record(r.iter().map(|c| style.safe(c.machine_text()))).map_err(csv_io_error)?;
                }
                w.flush()
            }
            Format::Table => self.write_table(out, style),
        }
    }

    fn write_table(&self, out: &mut dyn Write, style: &Style) -> std::io::Result<()> {
        // Whatever a value holds, it cannot steer the terminal.
        let texts: Vec<Vec<String>> =
            self.rows.iter().map(|r| r.iter().map(|c| printable(&c.text()).into_owned()).collect()).collect();
        // A column of numbers (some may be missing) is right-aligned and never cut.
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|i| {
                self.rows.iter().any(|r| r[i].is_number())
                    && self.rows.iter().all(|r| r[i].is_number() || r[i] == Cell::Text(String::new()))
            })
            .collect();
        let shape: Vec<ColumnShape> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| ColumnShape {
                values: texts.iter().map(|r| r[i].width()).max().unwrap_or(0),
                natural: texts.iter().map(|r| r[i].width()).max().unwrap_or(0).max(c.header.width()),
                class: if numeric[i] {
                    FitClass::Number
                } else if c.flexible {
                    FitClass::Prose
                } else if is_identifier(&c.key) {
                    FitClass::Identifier
                } else {
                    FitClass::Text
                },
                drop_rank: c.drop_rank,
                hidden: c.machine_only,
            })
            .collect();
        let widths = fit_widths(&shape, style.width);
        let shown: Vec<usize> = (0..self.columns.len()).filter(|i| widths[*i].is_some()).collect();
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (n, &i) in shown.iter().enumerate() {
                let width = widths[i].unwrap_or(0);
                if n > 0 {
                    s.push_str(&" ".repeat(separator(&shape[shown[n - 1]], &shape[i])));
                }
                let cut = if shape[i].class == FitClass::Identifier {
                    crate::model::text::truncate_front(&cells[i], width)
                } else {
                    truncate(&cells[i], width)
                };
                let pad = width.saturating_sub(cut.width());
                let last = n + 1 == shown.len();
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

/// Spaces between two neighbouring columns: one between small cells (numbers, or
/// short marks such as `2▼` and `-1.0▼`), whose right-aligned values stay apart anyway; two
/// elsewhere.
fn separator(left: &ColumnShape, right: &ColumnShape) -> usize {
    let small = |c: &ColumnShape| c.class == FitClass::Number || c.values <= 5;
    if small(left) && small(right) { 1 } else { 2 }
}

/// Whether a column holds identifiers (codes, NIPs, rule ids): cut last, since a cut
/// identifier cannot be typed back.
fn is_identifier(key: &str) -> bool {
    key == "code" || key == "nip" || key == "rule" || key == "node" || key.ends_with("_code") || key.ends_with("_nip")
}

/// How a column may give way when a table is too wide, in the order it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FitClass {
    /// Names and descriptions: shortened with other text, to 8 characters at the least.
    Prose,
    /// Other text (kinds, grades, dates): shortened with names, to 6.
    Text,
    /// Numbers: only their header, after text (values are never cut).
    Number,
    /// Codes and NIPs: only when nothing else is left, to 6, from the front.
    Identifier,
}

/// What fitting needs to know of a column.
#[derive(Clone, Copy, Debug)]
struct ColumnShape {
    /// The widest value.
    values: usize,
    natural: usize,
    class: FitClass,
    drop_rank: Option<u8>,
    /// Not in tables at all.
    hidden: bool,
}

impl ColumnShape {
    fn floor(&self) -> usize {
        match self.class {
            FitClass::Prose => self.natural.min(8),
            FitClass::Text => self.natural.min(6),
            FitClass::Identifier => self.natural.min(6),
            // Only a long header gives way; the numbers stay whole.
            FitClass::Number => self.natural.min(self.values.max(5)),
        }
    }
}

/// Column widths for a table `limit` wide (`None`: a column left out). If even every
/// text column at its floor would not fit, droppable columns go first, lowest rank
/// first. Then text gives way, the widest column first (down to the next widest, so
/// long names shrink together and short ones keep their meaning); identifiers are cut
/// only when text is at its floor.
fn fit_widths(columns: &[ColumnShape], limit: Option<usize>) -> Vec<Option<usize>> {
    let mut widths: Vec<Option<usize>> = columns.iter().map(|c| (!c.hidden).then_some(c.natural)).collect();
    let Some(limit) = limit else { return widths };
    let total = |w: &[Option<usize>]| -> usize {
        let shown: Vec<usize> = (0..columns.len()).filter(|&i| w[i].is_some()).collect();
        let separators: usize = shown.windows(2).map(|p| separator(&columns[p[0]], &columns[p[1]])).sum();
        shown.iter().map(|&i| w[i].unwrap_or(0)).sum::<usize>() + separators
    };
    let squeezable = |c: &ColumnShape| matches!(c.class, FitClass::Prose | FitClass::Text);
    // Droppable columns go while the rest would leave names less than a readable 20
    // characters (or other text less than its floor).
    let comfortable = |c: &ColumnShape| match c.class {
        FitClass::Prose => c.natural.min(20),
        _ => c.floor(),
    };
    let mut droppable: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].drop_rank.is_some()).collect();
    droppable.sort_by_key(|&i| columns[i].drop_rank);
    for i in droppable {
        let at_floors: Vec<Option<usize>> = widths
            .iter()
            .zip(columns)
            .map(|(w, c)| w.map(|w| if squeezable(c) { comfortable(c).min(w) } else { w }))
            .collect();
        if total(&at_floors) <= limit {
            break;
        }
        widths[i] = None;
    }
    let shrink = |widths: &mut Vec<Option<usize>>,
                  pool: &dyn Fn(&ColumnShape) -> bool,
                  floor: &dyn Fn(&ColumnShape) -> usize| loop {
        let excess = total(widths).saturating_sub(limit);
        if excess == 0 {
            return;
        }
        let mut candidates: Vec<usize> = (0..columns.len())
            .filter(|&i| pool(&columns[i]) && widths[i].is_some_and(|w| w > floor(&columns[i])))
            .collect();
        if candidates.is_empty() {
            return;
        }
        candidates.sort_by_key(|&i| std::cmp::Reverse(widths[i]));
        let widest = candidates[0];
        let w = widths[widest].unwrap_or(0);
        let next = candidates.get(1).and_then(|&i| widths[i]).unwrap_or(0);
        let target = next.max(floor(&columns[widest])).max(w.saturating_sub(excess));
        widths[widest] = Some(if target < w { target } else { w - 1 });
    };
    // Text to a readable width, then the long headers of numbers, then text to its
    // floor, and identifiers last.
    shrink(&mut widths, &squeezable, &comfortable);
    shrink(&mut widths, &|c: &ColumnShape| c.class == FitClass::Number, &ColumnShape::floor);
    shrink(&mut widths, &squeezable, &ColumnShape::floor);
    shrink(&mut widths, &|c: &ColumnShape| c.class == FitClass::Identifier, &ColumnShape::floor);
    widths
}

/// How output looks: whether colour is allowed and how wide the terminal is.
#[derive(Clone, Debug, Default)]
pub struct Style {
    /// Use ANSI attributes.
    pub colour: bool,
    /// Width to fit tables into; `None` when not a terminal.
    pub width: Option<usize>,
    /// CSV without its header line (`--no-header`).
    pub no_header: bool,
    /// Whether the output is a terminal (a spreadsheet, a PDF is not written to one).
    pub terminal: bool,
    /// The name of a spreadsheet's sheet: the command.
    pub sheet: String,
}

impl Style {
    /// Detects the style of standard output: colour only on a terminal without `NO_COLOR`.
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        // `COLUMNS`, when set, is the width even for a pipe (as `ls -C` takes it);
        // otherwise a terminal's width, and none (whole lines) for a pipe or a file.
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok()).filter(|w| *w > 0);
        let width = columns
            .or_else(|| tty.then(|| ratatui::crossterm::terminal::size().ok().map(|(w, _)| w as usize)).flatten());
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { colour: tty && !no_colour, width, no_header: false, terminal: tty, sheet: "jabat".into() }
    }

    /// A line of text cut to the terminal's width (whole when not a terminal), its
    /// control characters shown as pictures.
    pub fn line(&self, text: &str) -> String {
        let text = printable(text);
        self.width.map_or_else(|| text.to_string(), |w| truncate(&text, w))
    }

    /// A value for CSV, its control characters shown as pictures: a CSV file is read
    /// with `cat` and `less` as often as by a program, and none can enter jabat anyway
    /// (every way in refuses them), so only old data loses them.
    pub fn safe(&self, text: String) -> String {
        printable(&text).into_owned()
    }

    /// A sentence wrapped at the terminal's width, word by word (whole when not a
    /// terminal); a word longer than the width is cut.
    pub fn paragraph(&self, text: &str) -> String {
        let text = printable(text);
        let Some(width) = self.width else { return text.into_owned() };
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        lines.iter().map(|l| truncate(l, width)).collect::<Vec<_>>().join("\n")
    }

    /// Bold text when colour is on.
    pub fn bold(&self, text: &str) -> String {
        if self.colour { format!("\x1b[1m{text}\x1b[0m") } else { text.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(natural: usize, class: FitClass) -> ColumnShape {
        ColumnShape { values: natural, natural, class, drop_rank: None, hidden: false }
    }

    #[test]
    fn tables_shorten_the_widest_text_first_and_never_numbers() {
        let columns = [
            shape(10, FitClass::Identifier),
            shape(54, FitClass::Prose),
            shape(30, FitClass::Prose),
            shape(8, FitClass::Number),
        ];
        // 10 + 54 + 30 + 8 + 6 = 108 into 80: the longer name gives way until it meets
        // the other, then both share what is left.
        let w = fit_widths(&columns, Some(80));
        assert_eq!(w, vec![Some(10), Some(28), Some(28), Some(8)]);
        assert_eq!(fit_widths(&columns, None)[1], Some(54));
        assert_eq!(truncate("Badan Kepegawaian", 8), "Badan K…");
    }

    #[test]
    fn a_table_too_narrow_drops_what_may_go_before_cutting_identifiers() {
        let mut columns = [
            shape(14, FitClass::Identifier),
            shape(40, FitClass::Prose),
            shape(18, FitClass::Identifier),
            shape(10, FitClass::Number),
        ];
        columns[2].drop_rank = Some(1);
        let w = fit_widths(&columns, Some(40));
        assert_eq!(w[2], None, "the droppable column went");
        assert_eq!((w[0], w[3]), (Some(14), Some(10)), "identifiers and numbers whole");
        assert_eq!(w.iter().flatten().sum::<usize>() + 4, 40, "names take the room given back");
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
            Format::Xlsx => {
                // The fields on the first sheet, each section on a sheet of its own.
                let mut book = super::xlsx::Book::new();
                let fields: Vec<(String, Cell)> =
                    self.fields.iter().map(|(k, _, v)| (k.to_string(), v.clone())).collect();
                book.fields(&style.sheet, &fields).map_err(super::xlsx::io)?;
                for (key, _, listing) in &self.sections {
                    book.sheet(key, listing).map_err(super::xlsx::io)?;
                }
                write_binary(out, &book.finish().map_err(super::xlsx::io)?, style)
            }
            Format::Json | Format::Ndjson => {
                let mut obj = serde_json::Map::new();
                for (k, _, v) in &self.fields {
                    obj.insert(k.to_string(), v.json());
                }
                for (k, _, l) in &self.sections {
                    obj.insert(k.to_string(), l.to_json());
                }
                write_json(out, format, &serde_json::Value::Object(obj))
            }
            Format::Csv => {
                let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
                if !style.no_header {
                    w.write_record(["section", "item", "field", "value"])?;
                }
                for (k, _, v) in &self.fields {
                    w.write_record([String::new(), String::new(), k.to_string(), style.safe(v.machine_text())])?;
                }
                for (sk, _, l) in &self.sections {
                    for (i, r) in l.rows.iter().enumerate() {
                        for (c, v) in l.columns.iter().zip(r) {
                            let value = style.safe(v.machine_text());
                            w.write_record([sk.to_string(), (i + 1).to_string(), c.key.clone(), value])?;
                        }
                    }
                }
                w.flush()
            }
            Format::Table => {
                let label_width = self.fields.iter().map(|(_, l, _)| l.width()).max().unwrap_or(0);
                for (_, label, value) in self.fields.iter().filter(|(_, label, _)| !label.is_empty()) {
                    let text = printable(&value.text()).into_owned();
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

/// Where messages go (standard error): every line written shows its control
/// characters as pictures, its line ends kept, so that what a message quotes (a column's
/// name, a value, a line of a file, an argument) can never steer the terminal.
pub struct Messages<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Messages<W> {
    /// Messages written to `inner`.
    pub fn new(inner: W) -> Messages<W> {
        Messages { inner, pending: Vec::new() }
    }

    fn write_line(&mut self, line: &[u8], end: bool) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(line);
        self.inner.write_all(printable(&text).as_bytes())?;
        if end {
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Messages<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        while let Some(at) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=at).collect();
            self.write_line(&line[..at], true)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.write_line(&rest, false)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Messages<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Says a message on standard error through [`Messages`]; nothing happens when standard
/// error is gone (a closed terminal), rather than a panic.
pub fn say(message: impl std::fmt::Display) {
    let mut err = Messages::new(std::io::stderr().lock());
    let _ = writeln!(err, "{message}");
}
