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
    /// The header the file gives each canonical column, where it differs from the
    /// canonical name (`Gol/Ruang` for `grade`), for messages in the file's own words.
    pub headers: Vec<Option<String>>,
    /// For a spreadsheet: the sheet's name and the letter of each canonical column's
    /// column in it, so that a problem names its cell (`Pegawai!C12`).
    pub sheet: Option<(String, Vec<Option<String>>)>,
}

impl Origin {
    /// A column as a message names it: as the file heads it, with jabat's name in
    /// brackets where the two differ (`Gol/Ruang (grade)`).
    pub fn column(&self, name: &str) -> String {
        let given = self.table.columns.iter().position(|c| c.name == name).and_then(|i| self.headers.get(i)?.as_ref());
        match given {
            Some(h) => format!("{h} ({name})"),
            None => name.to_string(),
        }
    }
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
    /// `file:line`, `file: table[index]` for JSON, `file: Sheet!row` for a spreadsheet.
    pub fn place(&self) -> String {
        match &self.origin.sheet {
            _ if self.origin.json => format!("{}: {}[{}]", self.origin.file, self.origin.table.name, self.line),
            Some((sheet, _)) => format!("{}: {sheet}!{}", self.origin.file, self.line),
            None => format!("{}:{}", self.origin.file, self.line),
        }
    }

    /// The place of a column's value: a spreadsheet's cell (`file: Sheet!C12`), else
    /// the row's place.
    pub fn place_of(&self, column: &str) -> String {
        let letter = self.origin.sheet.as_ref().and_then(|(sheet, letters)| {
            let i = self.origin.table.columns.iter().position(|c| c.name == column)?;
            Some((sheet, letters.get(i)?.as_ref()?))
        });
        match letter {
            Some((sheet, letter)) => format!("{}: {sheet}!{letter}{}", self.origin.file, self.line),
            None => self.place(),
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
    /// One CSV file, of the table its name or its header says (an `employees.csv`, a
    /// SIASN export given alone to a merge).
    CsvFile(std::path::PathBuf, &'static Table),
    /// A workbook, a table a sheet.
    Workbook {
        /// The file, for messages.
        file: String,
        /// Its sheets.
        sheets: super::sheet::Sheets,
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
        // A directory that cannot be listed is not an empty one (a merge of nothing).
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(dir.display().to_string(), None, trf(Msg::ImpCannotRead, &[&e]));
                return Input::Unreadable;
            }
        };
        for table in TABLES {
            let path = dir.join(format!("{}.csv", table.name));
            let book = dir.join(format!("{}.xlsx", table.name));
            match (present(&path), present(&book)) {
                (Ok(false), Ok(false)) if table.required && !partial => {
                    problems.push(path.display().to_string(), None, tr(Msg::ImpFileMissing));
                }
                (Ok(true), Ok(true)) => {
                    problems.push(book.display().to_string(), None, trf(Msg::ImpTwoFiles, &[&path.display()]));
                }
                (Err(e), _) => problems.push(path.display().to_string(), None, trf(Msg::ImpCannotRead, &[&e])),
                (_, Err(e)) => problems.push(book.display().to_string(), None, trf(Msg::ImpCannotRead, &[&e])),
                _ => {}
            }
        }
        let mut unknown: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                let lower = n.to_lowercase();
                (lower.ends_with(".csv") || lower.ends_with(".xlsx"))
                    && !TABLES.iter().any(|t| [format!("{}.csv", t.name), format!("{}.xlsx", t.name)].contains(n))
            })
            .collect();
        unknown.sort();
        // However many there are, one line.
        if !unknown.is_empty() {
            let names: Vec<&str> = unknown.iter().map(String::as_str).collect();
            warnings.push(Problem {
                place: dir.display().to_string(),
                column: None,
                message: trf(Msg::ImpNotJabatTables, &[&unknown.len(), &first_few(&names)]),
            });
        }
        Input::CsvDir(dir.to_path_buf())
    }

    /// Opens one CSV file as the table its name says (`employees.csv`, `pegawai.csv`),
    /// else as the table its header fits best (every required column there, the most
    /// columns known): a SIASN export is the employees'. A first import needs the units
    /// besides, which one file does not bring unless it is theirs.
    pub fn csv_file(path: &Path, partial: bool, problems: &mut Problems) -> Input {
        let file = path.display().to_string();
        if let Err(why) = readable_file(path) {
            problems.push(file, None, why);
            return Input::Unreadable;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let table = match TABLES.iter().find(|t| t.is_sheet(stem)) {
            Some(t) => Some(*t),
            None => {
                // Its header line only: the rows are read once, as the table's.
                let mut line = Vec::new();
                if let Ok(file) = std::fs::File::open(path) {
                    let _ = std::io::BufRead::read_until(&mut std::io::BufReader::new(file), b'\n', &mut line);
                }
                let first = String::from_utf8_lossy(&line);
                let first = first.trim_start_matches('\u{feff}');
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(detect_delimiter(first))
                    .flexible(true)
                    .from_reader(first.as_bytes());
                let headers: Vec<String> =
                    reader.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
                TABLES
                    .iter()
                    .filter(|t| {
                        t.columns.iter().filter(|c| c.required).all(|c| {
                            headers.iter().any(|h| t.column_index(h).is_some_and(|i| t.columns[i].name == c.name))
                        })
                    })
                    .max_by_key(|t| headers.iter().filter(|h| t.column_index(h).is_some()).count())
                    .copied()
            }
        };
        let Some(table) = table else {
            problems.push(file, None, tr(Msg::ImpWhichTable));
            return Input::Unreadable;
        };
        if !partial && table.name != "units" {
            problems.push(file, None, trf(Msg::ImpOneFileFirst, &[&table.name]));
            return Input::Unreadable;
        }
        Input::CsvFile(path.to_path_buf(), table)
    }

    /// Opens a workbook whose sheets are the tables (named as the files are, or by
    /// their Indonesian names: `Unit Kerja`, `Jabatan`, `Pegawai` …); a sheet of no
    /// table is said in one warning.
    pub fn workbook(path: &Path, partial: bool, problems: &mut Problems, warnings: &mut Vec<Problem>) -> Input {
        let file = path.display().to_string();
        if let Err(why) = readable_file(path) {
            problems.push(file, None, why);
            return Input::Unreadable;
        }
        let sheets = match super::sheet::open(path) {
            Ok(sheets) => sheets,
            Err(why) => {
                problems.push(file, None, why);
                return Input::Unreadable;
            }
        };
        for table in TABLES {
            if table.required && !partial && super::sheet::sheet_of(&sheets, table).is_none() {
                problems.push(file.clone(), Some(table.name), tr(Msg::ImpSheetMissing));
            }
        }
        let others: Vec<&str> =
            sheets.iter().map(|(n, _)| n.as_str()).filter(|n| !TABLES.iter().any(|t| t.is_sheet(n))).collect();
        if !others.is_empty() {
            warnings.push(Problem {
                place: file.clone(),
                column: None,
                message: trf(Msg::ImpOtherSheets, &[&others.join(", ")]),
            });
        }
        Input::Workbook { file, sheets }
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
    /// False when the table's file is there but could not be read as the table (its
    /// header, its encoding): its rows are missing, which is already said, and what
    /// refers to them is not to be reported again as unknown.
    pub fn rows(
        &self,
        table: &'static Table,
        problems: &mut Problems,
        warnings: &mut Vec<Problem>,
        each: &mut dyn FnMut(Row<'_>, &mut Problems),
    ) -> bool {
        // Every value of every row is checked the same way before its table reads it.
        let each = &mut |row: Row<'_>, problems: &mut Problems| {
            check_values(row, problems);
            each(row, problems);
        };
        match self {
            Input::CsvDir(dir) => {
                let csv = dir.join(format!("{}.csv", table.name));
                let book = dir.join(format!("{}.xlsx", table.name));
                let (path, is_csv) = match (present(&csv), present(&book)) {
                    (Ok(true), Ok(false)) => (csv, true),
                    (Ok(false), Ok(true)) => (book, false),
                    (Ok(false), Ok(false)) => return true,
                    // Both, or what cannot be told: said when the directory was opened.
                    _ => return false,
                };
                if let Err(why) = inside(dir, &path).and_then(|()| readable_file(&path)) {
                    problems.push(path.display().to_string(), None, why);
                    return false;
                }
                if is_csv {
                    return csv_rows(table, &path, problems, warnings, each);
                }
                // A table's own workbook: its sheet named as the table, else its first.
                let file = path.display().to_string();
                match super::sheet::open(&path) {
                    Ok(sheets) => {
                        let Some((name, range)) = super::sheet::sheet_of(&sheets, table).or(sheets.first()) else {
                            problems.push(file, None, tr(Msg::ImpEmptyFile));
                            return false;
                        };
                        super::sheet::sheet_rows(table, (&file, name), range, problems, warnings, each)
                    }
                    Err(why) => {
                        problems.push(file, None, why);
                        false
                    }
                }
            }
            Input::CsvFile(path, of) if of.name == table.name => csv_rows(table, path, problems, warnings, each),
            Input::CsvFile(..) => true,
            Input::Workbook { file, sheets } => match super::sheet::sheet_of(sheets, table) {
                Some((name, range)) => super::sheet::sheet_rows(table, (file, name), range, problems, warnings, each),
                None => true,
            },
            Input::Json { file, doc } => match doc.get(table.name) {
                Some(value) => json_rows(table, file, value, problems, warnings, each),
                None => true,
            },
            Input::Unreadable => false,
        }
    }
}

/// Whether something is at `path` (a link that leads nowhere counts: it is reported);
/// an error when that cannot be told (a directory one may list but not enter).
fn present(path: &Path) -> std::io::Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
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
                problems.push(row.place(), Some(&row.origin.column(column.name)), trf(Msg::ImpOpenQuote, &[&lines]));
            }
            Some(p) => problems.push(
                row.place_of(column.name),
                Some(&row.origin.column(column.name)),
                format!("the value {p}"),
            ),
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

/// Reads a table's CSV file row by row; false when the file could not be read as the
/// table (its encoding, its header), so that nothing of it was taken.
fn csv_rows(
    table: &'static Table,
    path: &Path,
    problems: &mut Problems,
    warnings: &mut Vec<Problem>,
    each: &mut dyn FnMut(Row<'_>, &mut Problems),
) -> bool {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(file, None, trf(Msg::ImpCannotRead, &[&e]));
            return false;
        }
    };
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            problems.push(format!("{file}:{line}"), None, tr(Msg::ImpNotUtf8Save));
            return false;
        }
    };
    if text.trim().is_empty() {
        problems.push(file, None, tr(Msg::ImpEmptyFile));
        return false;
    }
    let delimiter = detect_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(format!("{file}:1"), None, trf(Msg::ImpCannotReadHeader, &[&e]));
            return false;
        }
    };
    let Some(Header { given, mapping }) = Header::read(table, &format!("{file}:1"), headers.iter(), problems, warnings)
    else {
        return false;
    };
    let origin = Origin { table, file: file.clone(), json: false, headers: given, sheet: None };
    // Parsing runs on its own thread, a chunk of rows ahead of validation: the two
    // halves of an import cost about the same, and the machine has two cores. Chunks
    // go back to the parser once read, so their strings are allocated only once.
    let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
    let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Chunk>();
    let columns = table.columns.len();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            parse_records(text, reader, (&mapping, delimiter), headers.len(), columns, chunks_tx, spent_rx)
        });
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
    true
}

/// A file's header read against its table: the header each canonical column was
/// given (where it differs from the name), and the canonical column of each of the
/// file's columns.
pub(super) struct Header {
    pub(super) given: Vec<Option<String>>,
    pub(super) mapping: Vec<Option<usize>>,
}

impl Header {
    /// Reads `headers` (the file's, in order) at `place`; `None` when the header does
    /// not make the table (a required column missing, a column twice), which is said.
    pub(super) fn read<'h>(
        table: &'static Table,
        place: &str,
        headers: impl Iterator<Item = &'h str>,
        problems: &mut Problems,
        warnings: &mut Vec<Problem>,
    ) -> Option<Header> {
        let mut present = vec![false; table.columns.len()];
        let mut given: Vec<Option<String>> = vec![None; table.columns.len()];
        let mut mapping: Vec<Option<usize>> = Vec::new();
        let mut unknown: Vec<&str> = Vec::new();
        let mut twice = false;
        for h in headers {
            match table.column_index(h) {
                Some(i) if present[i] => {
                    problems.push(place.to_string(), Some(h.trim()), tr(Msg::ImpColumnTwice));
                    twice = true;
                    mapping.push(None);
                }
                Some(i) => {
                    present[i] = true;
                    let h = h.trim().trim_start_matches('\u{feff}');
                    let name = table.columns[i].name;
                    given[i] = (super::schema::fold_header(h) != name).then(|| h.to_string());
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
        let complete = header_columns(table, place, &present, &unknown, problems, warnings);
        (complete && !twice).then_some(Header { given, mapping })
    }
}

/// Sorts a header's unknown columns: one that looks like a missing required column
/// names it in that column's error; one that looks like a missing optional one is a
/// warning with its "did you mean"; the rest are ignored, said in one line however
/// many. An unknown column is never an error by itself. False when a required column
/// is missing.
fn header_columns(
    table: &'static Table,
    place: &str,
    present: &[bool],
    unknown: &[&str],
    problems: &mut Problems,
    warnings: &mut Vec<Problem>,
) -> bool {
    let place = place.to_string();
    let mut meant_for: Vec<Option<&str>> = vec![None; table.columns.len()];
    let mut ignored = Vec::new();
    for h in unknown {
        let meant = table.columns.iter().enumerate().find(|(i, c)| !present[*i] && c.resembles(h));
        match meant {
            Some((i, c)) if c.required => {
                meant_for[i].get_or_insert(h);
            }
            Some((_, c)) => warnings.push(Problem {
                place: place.clone(),
                column: Some(h.to_string()),
                message: trf(Msg::ImpDidYouMean, &[&c.name]),
            }),
            None => ignored.push(*h),
        }
    }
    if !ignored.is_empty() {
        warnings.push(Problem { place: place.clone(), column: None, message: ignored_columns(&ignored) });
    }
    let mut ok = true;
    for (i, c) in table.columns.iter().enumerate() {
        if c.required && !present[i] {
            let message = match meant_for[i] {
                Some(h) => trf(Msg::ImpColumnMissingMeant, &[&quoted(h, QUOTED_COLUMN)]),
                None => tr(Msg::ImpColumnMissing).into(),
            };
            problems.push(place.clone(), Some(c.name), message);
            ok = false;
        }
    }
    ok
}

/// The columns ignored, in a line: how many, the first few by name.
fn ignored_columns(names: &[&str]) -> String {
    trf(Msg::ImpUnknownColumns, &[&names.len(), &first_few(names)])
}

/// The first eight names, quoted, then how many more: a warning's list in a line.
fn first_few(names: &[&str]) -> String {
    const NAMED: usize = 8;
    let mut list: Vec<String> = names.iter().take(NAMED).map(|h| quoted(h, QUOTED_COLUMN)).collect();
    if names.len() > NAMED {
        list.push(trf(Msg::ImpAndMore, &[&(names.len() - NAMED)]));
    }
    list.join(", ")
}

/// Whether a record's text from its start to the end of the file leaves a quoted value
/// open: a `"` that begins a field and is never closed (`""` inside is a quote).
fn ends_inside_quotes(tail: &[u8], delimiter: u8) -> bool {
    let (mut quoted, mut field_start) = (false, true);
    let mut bytes = tail.iter().peekable();
    while let Some(&b) = bytes.next() {
        if quoted {
            if b == b'"' && bytes.next_if_eq(&&b'"').is_none() {
                quoted = false;
            }
        } else if b == b'"' && field_start {
            quoted = true;
            field_start = false;
        } else {
            field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
    }
    quoted
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
    (mapping, delimiter): (&[Option<usize>], u8),
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
    let mut last_start = None;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => {
                // The parser ends a quoted value at the end of the file as if it were
                // closed: on the last line a missing closing quote would go unseen
                // (elsewhere the lines it swallows give it away).
                if let Some(start) = last_start
                    && ends_inside_quotes(&raw[start as usize..], delimiter)
                {
                    chunk.problems.push((rows, line_at(start), tr(Msg::ImpUnclosedQuote).into()));
                }
                break;
            }
            Ok(true) => {
                last_start = record.position().map(|p| p.byte());
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
) -> bool {
    let origin = Origin { table, file: file.to_string(), json: true, headers: Vec::new(), sheet: None };
    let Some(items) = value.as_array() else {
        problems.push(file.to_string(), Some(table.name), tr(Msg::ImpMustArray));
        return false;
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
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(String::as_str).collect();
        warnings.push(Problem {
            place: format!("{file}: {}", table.name),
            column: None,
            message: ignored_columns(&names),
        });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_left_open_at_the_end_is_seen() {
        assert!(ends_inside_quotes(b"Q1,1276,\"Unclosed,dinas,\n", b','));
        assert!(ends_inside_quotes(b"Q1,\"a \"\" b", b','));
        assert!(!ends_inside_quotes(b"Q1,1276,\"Closed, dinas\",x\n", b','));
        assert!(!ends_inside_quotes(b"Q1,5\" monitor,x", b','), "a quote inside a field is a character");
        assert!(!ends_inside_quotes(b"Q1;\"a;b\";\"\"", b';'));
    }

    #[test]
    fn detects_semicolons_outside_quotes() {
        assert_eq!(detect_delimiter("kode;nama;induk\n"), b';');
        assert_eq!(detect_delimiter("code,\"a;b;c\",name\n"), b',');
        assert_eq!(detect_delimiter("code\n"), b',');
    }
}
