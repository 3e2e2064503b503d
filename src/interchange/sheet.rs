//! Tables from spreadsheets (`.xlsx`, and what calamine reads besides: `.xls`, `.ods`):
//! a workbook's sheet read as a table, its cells turned into the text a CSV file would
//! hold (a date cell a date, a whole number without its `.0`), every problem placed at
//! its cell (`file.xlsx: Pegawai!C12`).

use std::path::Path;

use calamine::{Data, Range, Reader};

use super::read::{Header, Origin, Problem, Problems, Row};
use super::schema::Table;
use crate::i18n::{Msg, tr, trf};

/// A workbook's sheets, by name, in the workbook's order.
pub type Sheets = Vec<(String, Range<Data>)>;

/// Whether `path` names a spreadsheet rather than a directory or the JSON document.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Reads every sheet of a workbook; what is wrong when it cannot be read.
pub fn open(path: &Path) -> Result<Sheets, String> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| trf(Msg::ImpNotWorkbook, &[&e]))?;
    Ok(book.worksheets())
}

/// The letters of a sheet's column from its index (0 → `A`, 26 → `AA`).
pub fn column_letters(mut index: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Calls `each` for every row of `sheet` read as `table`: the first row with anything
/// in it is the header. False when the header does not make the table (said).
pub fn sheet_rows(
    table: &'static Table,
    (file, sheet): (&str, &str),
    range: &Range<Data>,
    problems: &mut Problems,
    warnings: &mut Vec<Problem>,
    each: &mut dyn FnMut(Row<'_>, &mut Problems),
) -> bool {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate().map(|(i, cells)| (u64::from(first_row) + i as u64 + 1, cells));
    let Some((header_line, header)) = rows.find(|(_, cells)| cells.iter().any(|c| !text_of(c).trim().is_empty()))
    else {
        problems.push(format!("{file}: {sheet}"), None, tr(Msg::ImpEmptyFile));
        return false;
    };
    let names: Vec<String> = header.iter().map(text_of).collect();
    let place = format!("{file}: {sheet}!{header_line}");
    let Some(Header { given, mapping }) =
        Header::read(table, &place, names.iter().map(String::as_str), problems, warnings)
    else {
        return false;
    };
    let mut letters = vec![None; table.columns.len()];
    for (j, target) in mapping.iter().enumerate() {
        if let Some(i) = target {
            letters[*i] = Some(column_letters(first_column + j as u32));
        }
    }
    let origin =
        Origin { table, file: file.to_string(), json: false, headers: given, sheet: Some((sheet.into(), letters)) };
    let mut cells = vec![String::new(); table.columns.len()];
    for (line, row) in rows {
        if row.iter().all(|c| text_of(c).trim().is_empty()) {
            continue;
        }
        for c in cells.iter_mut() {
            c.clear();
        }
        let mut fine = true;
        for (j, (value, target)) in row.iter().zip(&mapping).enumerate() {
            let Some(i) = target else { continue };
            let column = &table.columns[*i];
            let at = || format!("{file}: {sheet}!{}{line}", column_letters(first_column + j as u32));
            match value {
                Data::Error(e) => {
                    problems.push(at(), Some(&origin.column(column.name)), trf(Msg::ImpCellError, &[e]));
                    fine = false;
                }
                // A NIP kept as a number has 18 digits, more than a spreadsheet's number
                // holds: its last ones are gone (1.97E+17), and no guess brings them back.
                Data::Float(f) if column.name == "nip" && f.abs() >= 1e15 => {
                    problems.push(
                        at(),
                        Some(&origin.column(column.name)),
                        trf(Msg::ImpNipAsNumber, &[&format!("{f:E}")]),
                    );
                    fine = false;
                }
                other => cells[*i].push_str(text_of(other).trim()),
            }
        }
        // `each` checks the values too (control characters, lengths), as for CSV.
        if fine {
            each(Row { origin: &origin, line, cells: &cells }, problems);
        }
    }
    true
}

/// A cell as the text a CSV file would hold: a date cell `YYYY-MM-DD`, a whole number
/// without a decimal point, a number as written, TRUE and FALSE as `true` and `false`.
fn text_of(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        // An ISO date and time: its date.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// The sheet of a workbook that holds `table`: the one named as the table or by one of
/// its Indonesian names.
pub fn sheet_of<'s>(sheets: &'s Sheets, table: &Table) -> Option<&'s (String, Range<Data>)> {
    sheets.iter().find(|(name, _)| table.is_sheet(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_does() {
        let letters: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702].into_iter().map(column_letters).collect();
        assert_eq!(letters, ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn cells_read_as_a_csv_file_would_hold_them() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        assert_eq!(text_of(&Data::Float(3.0)), "3");
        assert_eq!(text_of(&Data::Float(12.5)), "12.5");
        assert_eq!(text_of(&Data::Int(198001012005011001)), "198001012005011001");
        assert_eq!(text_of(&Data::Bool(true)), "true");
        // 2025-10-13 12:59, as a date cell.
        let date = ExcelDateTime::new(45943.541, ExcelDateTimeType::DateTime, false);
        assert_eq!(text_of(&Data::DateTime(date)), "2025-10-13");
        assert_eq!(text_of(&Data::DateTimeIso("2024-05-02T00:00:00".into())), "2024-05-02");
    }
}
