//! Reading interchange tables from a directory of CSV files or one JSON document,
//! into rows of text cells in canonical column order. No meaning is given to the
//! cells here; `validate` does that.

use std::fmt;
use std::path::Path;

use super::schema::{TABLES, Table};

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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{}: {}: {}", self.place, c, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
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

/// Where a table's rows came from.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file, as the user named it.
    pub file: String,
    /// Whether it is the JSON document (rows located by index, not line).
    pub json: bool,
}

/// One input row: its line (CSV) or index (JSON), and one cell per canonical column
/// (empty when absent).
#[derive(Clone, Debug)]
pub struct Row {
    /// Line in the file (1 = header), or the 0-based index in the JSON array.
    pub line: u64,
    /// Cells in canonical column order, trimmed.
    pub cells: Vec<String>,
}

/// A table as read from the input.
#[derive(Debug)]
pub struct RawTable {
    /// Which table.
    pub table: &'static Table,
    /// Where it came from; `None` when the input did not have it.
    pub source: Option<Source>,
    /// Its rows.
    pub rows: Vec<Row>,
    /// Which canonical columns the input had.
    pub present: Vec<bool>,
}

impl RawTable {
    /// The place of a row for messages.
    pub fn place(&self, row: &Row) -> String {
        match &self.source {
            Some(s) if s.json => format!("{}: {}[{}]", s.file, self.table.name, row.line),
            Some(s) => format!("{}:{}", s.file, row.line),
            None => self.table.name.to_string(),
        }
    }

    fn empty(table: &'static Table) -> RawTable {
        RawTable { table, source: None, rows: Vec::new(), present: vec![false; table.columns.len()] }
    }
}

/// Every table of an input, in [`TABLES`] order, plus warnings.
#[derive(Debug)]
pub struct RawInput {
    /// The tables.
    pub tables: Vec<RawTable>,
    /// Things ignored (unknown columns, unknown files).
    pub warnings: Vec<Problem>,
}

/// Reads `<dir>/<table>.csv` for every table.
pub fn read_csv_dir(dir: &Path, problems: &mut Problems) -> RawInput {
    let mut input = RawInput { tables: Vec::new(), warnings: Vec::new() };
    if !dir.is_dir() {
        problems.push(dir.display().to_string(), None, "not a directory of CSV files");
        return input;
    }
    for table in TABLES {
        let path = dir.join(format!("{}.csv", table.name));
        if !path.exists() {
            if table.required {
                problems.push(path.display().to_string(), None, "required file is missing");
            }
            input.tables.push(RawTable::empty(table));
            continue;
        }
        input.tables.push(read_csv_file(table, &path, problems, &mut input.warnings));
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut unknown: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.to_lowercase().ends_with(".csv") && !TABLES.iter().any(|t| format!("{}.csv", t.name) == *n))
            .collect();
        unknown.sort();
        for name in unknown {
            input.warnings.push(Problem {
                place: dir.join(&name).display().to_string(),
                column: None,
                message: "not a jabat table; ignored".into(),
            });
        }
    }
    input
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

fn read_csv_file(table: &'static Table, path: &Path, problems: &mut Problems, warnings: &mut Vec<Problem>) -> RawTable {
    let file = path.display().to_string();
    let mut raw = RawTable::empty(table);
    raw.source = Some(Source { file: file.clone(), json: false });
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(file, None, format!("cannot read: {e}"));
            return raw;
        }
    };
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            problems.push(
                format!("{file}:{line}"),
                None,
                "not valid UTF-8 text; save the file as UTF-8 (CSV UTF-8 in a spreadsheet)",
            );
            return raw;
        }
    };
    if text.trim().is_empty() {
        problems.push(file, None, "the file is empty; it needs at least a header line");
        return raw;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(format!("{file}:1"), None, format!("cannot read the header: {e}"));
            return raw;
        }
    };
    let mut mapping: Vec<Option<usize>> = Vec::with_capacity(headers.len());
    for h in headers.iter() {
        match table.column_index(h) {
            Some(i) if raw.present[i] => {
                problems.push(format!("{file}:1"), Some(h.trim()), "column appears twice");
                mapping.push(None);
            }
            Some(i) => {
                raw.present[i] = true;
                mapping.push(Some(i));
            }
            None => {
                if !h.trim().is_empty() {
                    warnings.push(Problem {
                        place: format!("{file}:1"),
                        column: Some(h.trim().to_string()),
                        message: "unknown column; ignored".into(),
                    });
                }
                mapping.push(None);
            }
        }
    }
    for (i, c) in table.columns.iter().enumerate() {
        if c.required && !raw.present[i] {
            problems.push(format!("{file}:1"), Some(c.name), "required column is missing");
        }
    }
    // Lines are counted from byte offsets: csv's own line counter drifts by one on
    // CRLF files, which spreadsheet exports often are.
    let newlines: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    // A record's reported start can sit on the `\n` of the previous CRLF; skip it.
    let bytes = text.as_bytes();
    let line_at = |byte: u64| {
        let mut at = byte as usize;
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        newlines.partition_point(|nl| *nl < at) as u64 + 1
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if record.len() > headers.len() && record.iter().skip(headers.len()).any(|c| !c.trim().is_empty()) {
                    problems.push(
                        format!("{file}:{line}"),
                        None,
                        format!("{} fields, but the header has {}", record.len(), headers.len()),
                    );
                    continue;
                }
                let mut cells = vec![String::new(); table.columns.len()];
                for (value, target) in record.iter().zip(&mapping) {
                    if let Some(i) = target {
                        cells[*i] = value.trim().to_string();
                    }
                }
                raw.rows.push(Row { line, cells });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                problems.push(format!("{file}:{line}"), None, format!("malformed CSV: {e}"));
                break;
            }
        }
    }
    raw
}

/// Reads the JSON document: an object with one array of row objects per table.
pub fn read_json(path: &Path, problems: &mut Problems) -> RawInput {
    let file = path.display().to_string();
    let mut input = RawInput { tables: TABLES.iter().map(|t| RawTable::empty(t)).collect(), warnings: Vec::new() };
    let text = match std::fs::read(path) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                problems.push(file, None, "not valid UTF-8 text");
                return input;
            }
        },
        Err(e) => {
            problems.push(file, None, format!("cannot read: {e}"));
            return input;
        }
    };
    let doc: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("{file}:{}", e.line()), None, format!("not valid JSON: {e}"));
            return input;
        }
    };
    let Some(obj) = doc.as_object() else {
        problems.push(file, None, "the JSON document must be an object with one array per table");
        return input;
    };
    for key in obj.keys() {
        if !TABLES.iter().any(|t| t.name == key) && key != "format" && key != "version" {
            input.warnings.push(Problem {
                place: file.clone(),
                column: Some(key.clone()),
                message: "unknown table; ignored".into(),
            });
        }
    }
    for raw in &mut input.tables {
        let table = raw.table;
        let Some(value) = obj.get(table.name) else {
            if table.required {
                problems.push(file.clone(), Some(table.name), "required table is missing");
            }
            continue;
        };
        raw.source = Some(Source { file: file.clone(), json: true });
        let Some(items) = value.as_array() else {
            problems.push(file.clone(), Some(table.name), "must be an array of objects");
            continue;
        };
        let mut unknown = std::collections::BTreeSet::new();
        for (index, item) in items.iter().enumerate() {
            let Some(fields) = item.as_object() else {
                problems.push(format!("{file}: {}[{index}]", table.name), None, "must be an object");
                continue;
            };
            let mut cells = vec![String::new(); table.columns.len()];
            for (k, v) in fields {
                let Some(i) = table.column_index(k) else {
                    unknown.insert(k.clone());
                    continue;
                };
                raw.present[i] = true;
                cells[i] = match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.trim().to_string(),
                    other => other.to_string(),
                };
            }
            raw.rows.push(Row { line: index as u64, cells });
        }
        for k in unknown {
            input.warnings.push(Problem {
                place: format!("{file}: {}", table.name),
                column: Some(k),
                message: "unknown column; ignored".into(),
            });
        }
    }
    input
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
