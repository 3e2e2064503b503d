//! Reading interchange tables from a directory of CSV files or one JSON document,
//! into rows of text cells in canonical column order. No meaning is given to the
//! cells here; `validate` does that.

use std::fmt;
use std::path::Path;

use super::schema::{TABLES, Table};
use crate::i18n::{Msg, tr, trf};

/// One problem found in the input, located by file, line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `file:line`, `file` or `file: table[index]`.
    pub place: String,
    /// The column, when one is to blame.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// The most of a column's name a problem quotes, and of the rest of it: a header of a
/// hundred thousand characters (or NULs) is quoted by its start.
const QUOTED_COLUMN: usize = 80;
const QUOTED_MESSAGE: usize = 400;

/// `text` as a problem quotes it: its control characters as pictures (a line of a file,
/// a column's name or a value can never steer the terminal), and no longer than `most`
/// characters.
fn quoted(text: &str, most: usize) -> String {
    let shown = crate::model::text::printable(text);
    match shown.char_indices().nth(most) {
        Some((cut, _)) => format!("{}…", &shown[..cut]),
        None => shown.into_owned(),
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (place, message) = (quoted(&self.place, QUOTED_MESSAGE), quoted(&self.message, QUOTED_MESSAGE));
        match &self.column {
            Some(c) => write!(f, "{place}: {}: {message}", quoted(c, QUOTED_COLUMN)),
            None => write!(f, "{place}: {message}"),
        }
    }
}

/// Problems of an import, in the order found.
#[derive(Clone, Debug, Default)]
pub struct Problems(pub Vec<Problem>);

/// How many problems a report lists before it only counts.
pub const PROBLEMS_SHOWN: usize = 100;

impl Problems {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds one.
    pub fn push(&mut self, place: String, column: Option<&str>, message: impl Into<String>) {
        self.0.push(Problem { place, column: column.map(str::to_string), message: message.into() });
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.0.iter().take(PROBLEMS_SHOWN) {
            writeln!(f, "{p}")?;
        }
        if self.0.len() > PROBLEMS_SHOWN {
            writeln!(f, "… and {} more problems", self.0.len() - PROBLEMS_SHOWN)?;
        }
        Ok(())
    }
}

/// Where a table's rows come from.
#[derive(Clone, Debug)]
pub struct Origin {
    /// Which table.
    pub table: &'static Table,
    /// The file, as the user named it.
    pub file: String,
    /// Whether it is the JSON document (rows located by index, not line).
    pub json: bool,
}

/// One input row, borrowed from the reader's buffer: its place and one cell per
/// canonical column (trimmed; empty when absent).
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// The table and file.
    pub origin: &'a Origin,
    /// Line in the file (1 = header), or the 0-based index in the JSON array.
    pub line: u64,
    /// Cells in canonical column order.
    pub cells: &'a [String],
}

impl Row<'_> {
    /// `file:line`, or `file: table[index]` for JSON.
    pub fn place(&self) -> String {
        if self.origin.json {
            format!("{}: {}[{}]", self.origin.file, self.origin.table.name, self.line)
        } else {
            format!("{}:{}", self.origin.file, self.line)
        }
    }
}

/// An input: a directory of CSV files, or a parsed JSON document.
pub enum Input {
    /// `<dir>/<table>.csv`.
    CsvDir(std::path::PathBuf),
    /// The document's tables by name.
    Json {
        /// The file, for messages.
        file: String,
        /// The top-level object.
        doc: serde_json::Map<String, serde_json::Value>,
    },
    /// Nothing readable (the problem is already reported).
    Unreadable,
}

impl Input {
    /// Opens a directory of CSV files, reporting files that are missing (unless
    /// `partial`: a merge may bring one table alone) or unknown.
    pub fn csv_dir(dir: &Path, partial: bool, problems: &mut Problems, warnings: &mut Vec<Problem>) -> Input {
        if !dir.is_dir() {
            problems.push(dir.display().to_string(), None, tr(Msg::ImpNotDir));
            return Input::Unreadable;
        }
        for table in TABLES {
            let path = dir.join(format!("{}.csv", table.name));
            if table.required && !partial && !present(&path) {
                problems.push(path.display().to_string(), None, tr(Msg::ImpFileMissing));
            }
        }
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut unknown: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n.to_lowercase().ends_with(".csv") && !TABLES.iter().any(|t| format!("{}.csv", t.name) == *n)
                })
                .collect();
            unknown.sort();
            for name in unknown {
                warnings.push(Problem {
                    place: dir.join(&name).display().to_string(),
                    column: None,
                    message: tr(Msg::ImpNotJabatTable).into(),
                });
            }
        }
        Input::CsvDir(dir.to_path_buf())
    }

    /// Reads the JSON document: an object with one array of row objects per table
    /// (every required one unless `partial`).
    pub fn json(path: &Path, partial: bool, problems: &mut Problems, warnings: &mut Vec<Problem>) -> Input {
        let file = path.display().to_string();
        if let Err(why) = readable_file(path) {
            problems.push(file, None, why);
            return Input::Unreadable;
        }
        let text = match std::fs::read(path) {
            Ok(b) => match String::from_utf8(b) {
                Ok(t) => t,
                Err(_) => {
                    problems.push(file, None, tr(Msg::ImpNotUtf8));
                    return Input::Unreadable;
                }
            },
            Err(e) => {
                problems.push(file, None, trf(Msg::ImpCannotRead, &[&e]));
                return Input::Unreadable;
            }
        };
        // Strict: a key given twice is an error, not the last one silently winning
        // (`{"units": [...], "units": []}` emptied a database).
        let doc = match serde_json::from_str::<Strict>(text.trim_start_matches('\u{feff}')).map(|s| s.0) {
            Ok(serde_json::Value::Object(doc)) => doc,
            Ok(_) => {
                problems.push(file, None, tr(Msg::ImpJsonShape));
                return Input::Unreadable;
            }
            Err(e) => {
                problems.push(format!("{file}:{}", e.line()), None, trf(Msg::ImpNotJson, &[&e]));
                return Input::Unreadable;
            }
        };
        for key in doc.keys() {
            if !TABLES.iter().any(|t| t.name == key) && key != "format" && key != "version" {
                warnings.push(Problem {
                    place: file.clone(),
                    column: Some(key.clone()),
                    message: tr(Msg::ImpUnknownTable).into(),
                });
            }
        }
        for table in TABLES {
            if table.required && !partial && !doc.contains_key(table.name) {
                problems.push(file.clone(), Some(table.name), tr(Msg::ImpTableMissing));
            }
        }
        match doc.get("format") {
            None => {}
            Some(serde_json::Value::String(f)) if f == "jabat" => {}
            Some(other) => problems.push(file.clone(), Some("format"), trf(Msg::ImpNotJabatFormat, &[&other])),
        }
        match doc.get("version") {
            None => {}
            Some(v) if v.as_u64() == Some(1) => {}
            Some(v) if v.as_u64().is_some_and(|n| n > 1) => {
                problems.push(file.clone(), Some("version"), trf(Msg::ImpVersionNewer, &[&v]))
            }
            Some(v) => problems.push(file.clone(), Some("version"), trf(Msg::ImpNotVersion, &[&v])),
        }
        Input::Json { file, doc }
    }

    /// Calls `each` for every row of `table`, in input order. Problems of the file
    /// itself (encoding, header, CSV syntax) go to `problems`.
    pub fn rows(
        &self,
        table: &'static Table,
        problems: &mut Problems,
        warnings: &mut Vec<Problem>,
        each: &mut dyn FnMut(Row<'_>, &mut Problems),
    ) {
        // Every value of every row is checked the same way before its table reads it.
        let each = &mut |row: Row<'_>, problems: &mut Problems| {
            check_values(row, problems);
            each(row, problems);
        };
        match self {
            Input::CsvDir(dir) => {
                let path = dir.join(format!("{}.csv", table.name));
                if present(&path) {
                    match inside(dir, &path).and_then(|()| readable_file(&path)) {
                        Ok(()) => csv_rows(table, &path, problems, warnings, each),
                        Err(why) => problems.push(path.display().to_string(), None, why),
                    }
                }
            }
            Input::Json { file, doc } => {
                if let Some(value) = doc.get(table.name) {
                    json_rows(table, file, value, problems, warnings, each);
                }
            }
            Input::Unreadable => {}
        }
    }
}

/// Whether something is at `path` (a link that leads nowhere counts: it is reported).
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Refuses a symbolic link that leads out of the import directory: what it points at
/// (another user's file, `/etc/shadow` on a server) is none of the import's business,
/// and a line of it would be quoted in a problem. Where it leads is not said either.
fn inside(dir: &Path, path: &Path) -> Result<(), String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    match (std::fs::canonicalize(dir), std::fs::canonicalize(path)) {
        (Ok(dir), Ok(target)) if target.starts_with(&dir) => Ok(()),
        (Ok(_), Ok(_)) => Err(tr(Msg::ImpLinkOutside).into()),
        // A link that leads nowhere is said as such by `readable_file`.
        _ => Ok(()),
    }
}

/// Refuses what is not a plain file: reading a FIFO would wait for ever, a device
/// would never end, and a link that leads nowhere is not "missing".
fn readable_file(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) if m.is_dir() => Err(tr(Msg::ImpIsDir).into()),
        Ok(_) => Err(tr(Msg::ImpNotRegular).into()),
        Err(e) if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            Err(trf(Msg::ImpBadLink, &[&e]))
        }
        Err(e) => Err(trf(Msg::ImpCannotRead, &[&e])),
    }
}

/// A JSON value read strictly: an object with a key twice is an error.
struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Strict;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Strict, E> {
                Ok(Strict(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_string<E>(self, v: String) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_unit<E>(self) -> Result<Strict, E> {
                Ok(Strict(serde_json::Value::Null))
            }
            fn visit_none<E>(self) -> Result<Strict, E> {
                Ok(Strict(serde_json::Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
                let mut items = Vec::new();
                while let Some(Strict(v)) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Strict(items.into()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!("the key \"{key}\" is given twice")));
                    }
                    let Strict(v) = map.next_value()?;
                    out.insert(key, v);
                }
                Ok(Strict(out.into()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reports a value with a control character or more than [`MAX_NAME`] characters. In
/// a CSV file a line end inside a value means a quoted value ran on: its closing quote
/// is missing, and the parser took the following lines into it.
///
/// [`MAX_NAME`]: crate::model::text::MAX_NAME
fn check_values(row: Row<'_>, problems: &mut Problems) {
    use crate::model::text::{MAX_NAME, TextProblem, text_problem};
    for (value, column) in row.cells.iter().zip(row.origin.table.columns) {
        match text_problem(value, MAX_NAME) {
            None => {}
            Some(TextProblem::Control('\n' | '\r')) if !row.origin.json => {
                let lines = value.matches('\n').count();
                problems.push(row.place(), Some(column.name), trf(Msg::ImpOpenQuote, &[&lines]));
            }
            Some(p) => problems.push(row.place(), Some(column.name), format!("the value {p}")),
        }
    }
}

/// Guesses the delimiter from the header line: `;` when it has more of them than `,`.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let (mut commas, mut semis) = (0, 0);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

fn csv_rows(
    table: &'static Table,
    path: &Path,
    problems: &mut Problems,
    warnings: &mut Vec<Problem>,
    each: &mut dyn FnMut(Row<'_>, &mut Problems),
) {
    let file = path.display().to_string();
    let origin = Origin { table, file: file.clone(), json: false };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(file, None, trf(Msg::ImpCannotRead, &[&e]));
            return;
        }
    };
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            problems.push(format!("{file}:{line}"), None, tr(Msg::ImpNotUtf8Save));
            return;
        }
    };
    if text.trim().is_empty() {
        problems.push(file, None, tr(Msg::ImpEmptyFile));
        return;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(format!("{file}:1"), None, trf(Msg::ImpCannotReadHeader, &[&e]));
            return;
        }
    };
    let mut present = vec![false; table.columns.len()];
    let mut mapping: Vec<Option<usize>> = Vec::with_capacity(headers.len());
    let mut unknown: Vec<&str> = Vec::new();
    for h in headers.iter() {
        match table.column_index(h) {
            Some(i) if present[i] => {
                problems.push(format!("{file}:1"), Some(h.trim()), tr(Msg::ImpColumnTwice));
                mapping.push(None);
            }
            Some(i) => {
                present[i] = true;
                mapping.push(Some(i));
            }
            None => {
                if !h.trim().is_empty() {
                    unknown.push(h.trim());
                }
                mapping.push(None);
            }
        }
    }
    // An unknown column that looks like a known one that is missing was meant for it:
    // a problem ("did you mean"), not a column quietly ignored.
    let mut header_ok = true;
    for h in unknown {
        let meant = table.columns.iter().enumerate().find(|(i, c)| !present[*i] && c.resembles(h));
        match meant {
            Some((_, c)) => {
                problems.push(format!("{file}:1"), Some(h), trf(Msg::ImpDidYouMean, &[&c.name]));
                header_ok = false;
            }
            None => warnings.push(Problem {
                place: format!("{file}:1"),
                column: Some(h.to_string()),
                message: tr(Msg::ImpUnknownColumn).into(),
            }),
        }
    }
    for (i, c) in table.columns.iter().enumerate() {
        if c.required && !present[i] {
            problems.push(format!("{file}:1"), Some(c.name), tr(Msg::ImpColumnMissing));
            header_ok = false;
        }
    }
    if !header_ok {
        return;
    }
    // Parsing runs on its own thread, a chunk of rows ahead of validation: the two
    // halves of an import cost about the same, and the machine has two cores. Chunks
    // go back to the parser once read, so their strings are allocated only once.
    let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
    let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Chunk>();
    let columns = table.columns.len();
    std::thread::scope(|scope| {
        scope.spawn(move || parse_records(text, reader, &mapping, headers.len(), columns, chunks_tx, spent_rx));
        for chunk in chunks_rx {
            let mut problems_at = chunk.problems.iter().peekable();
            for (i, line) in chunk.lines.iter().enumerate() {
                while let Some((_, line, message)) = problems_at.next_if(|p| p.0 <= i) {
                    problems.push(format!("{file}:{line}"), None, message.clone());
                }
                let cells = &chunk.cells[i * columns..(i + 1) * columns];
                each(Row { origin: &origin, line: *line, cells }, problems);
            }
            for (_, line, message) in problems_at {
                problems.push(format!("{file}:{line}"), None, message.clone());
            }
            let _ = spent_tx.send(chunk);
        }
    });
}

/// Rows parsed ahead: their lines, their cells (row-major, canonical columns), and
/// problems found by the parser, each placed before the row of the given index.
#[derive(Default)]
struct Chunk {
    lines: Vec<u64>,
    cells: Vec<String>,
    problems: Vec<(usize, u64, String)>,
}

const CHUNK_ROWS: usize = 2048;

/// Parses the records after the header into chunks of rows in canonical column order.
fn parse_records(
    text: &str,
    mut reader: csv::Reader<&[u8]>,
    mapping: &[Option<usize>],
    header_len: usize,
    columns: usize,
    out: std::sync::mpsc::SyncSender<Chunk>,
    spent: std::sync::mpsc::Receiver<Chunk>,
) {
    // Lines are counted from byte offsets: csv's own line counter drifts by one on
    // CRLF files, which spreadsheet exports often are.
    let newlines: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    let raw = text.as_bytes();
    let line_at = |byte: u64| {
        // A record's reported start can sit on the `\n` of the previous CRLF; skip it.
        let mut at = byte as usize;
        while at < raw.len() && matches!(raw[at], b'\r' | b'\n') {
            at += 1;
        }
        newlines.partition_point(|nl| *nl < at) as u64 + 1
    };
    let fresh = |spent: &std::sync::mpsc::Receiver<Chunk>| {
        let mut c = spent.try_recv().unwrap_or_default();
        c.lines.clear();
        c.problems.clear();
        c
    };
    let mut record = csv::StringRecord::new();
    let mut chunk = fresh(&spent);
    let mut rows = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if record.len() > header_len && record.iter().skip(header_len).any(|c| !c.trim().is_empty()) {
                    let message = format!("{} fields, but the header has {header_len}", record.len());
                    chunk.problems.push((rows, line, message));
                    continue;
                }
                let start = rows * columns;
                if chunk.cells.len() < start + columns {
                    chunk.cells.resize(start + columns, String::new());
                }
                for cell in &mut chunk.cells[start..start + columns] {
                    cell.clear();
                }
                for (value, target) in record.iter().zip(mapping) {
                    if let Some(i) = target {
                        chunk.cells[start + i].push_str(value.trim());
                    }
                }
                chunk.lines.push(line);
                rows += 1;
                if rows == CHUNK_ROWS {
                    let full = std::mem::replace(&mut chunk, fresh(&spent));
                    rows = 0;
                    if out.send(full).is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                chunk.problems.push((rows, line, trf(Msg::ImpMalformed, &[&e])));
                break;
            }
        }
    }
    let _ = out.send(chunk);
}

fn json_rows(
    table: &'static Table,
    file: &str,
    value: &serde_json::Value,
    problems: &mut Problems,
    warnings: &mut Vec<Problem>,
    each: &mut dyn FnMut(Row<'_>, &mut Problems),
) {
    let origin = Origin { table, file: file.to_string(), json: true };
    let Some(items) = value.as_array() else {
        problems.push(file.to_string(), Some(table.name), tr(Msg::ImpMustArray));
        return;
    };
    let mut unknown = std::collections::BTreeSet::new();
    let mut cells = vec![String::new(); table.columns.len()];
    for (index, item) in items.iter().enumerate() {
        let Some(fields) = item.as_object() else {
            problems.push(format!("{file}: {}[{index}]", table.name), None, tr(Msg::ImpMustObject));
            continue;
        };
        for c in cells.iter_mut() {
            c.clear();
        }
        for (k, v) in fields {
            let Some(i) = table.column_index(k) else {
                unknown.insert(k.clone());
                continue;
            };
            match v {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => cells[i].push_str(s.trim()),
                other => cells[i].push_str(&other.to_string()),
            }
        }
        each(Row { origin: &origin, line: index as u64, cells: &cells }, problems);
    }
    for k in unknown {
        warnings.push(Problem {
            place: format!("{file}: {}", table.name),
            column: Some(k),
            message: tr(Msg::ImpUnknownColumn).into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_semicolons_outside_quotes() {
        assert_eq!(detect_delimiter("kode;nama;induk\n"), b';');
        assert_eq!(detect_delimiter("code,\"a;b;c\",name\n"), b',');
        assert_eq!(detect_delimiter("code\n"), b',');
    }
}
