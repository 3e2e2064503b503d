//! Listings as spreadsheets (XLSX, by rust_xlsxwriter): a sheet per listing, its header
//! row bold and frozen, cells typed as a spreadsheet reads them (numbers as numbers,
//! dates and times as dates, NIPs and codes as text so that nothing turns them into
//! 1.98E+17), columns as wide as their values (up to a readable limit).

use rust_xlsxwriter::{ExcelDateTime, Format as Look, Workbook, Worksheet, XlsxError};

use super::output::{Cell, Listing};

/// A workbook being filled, a sheet at a time.
pub struct Book {
    workbook: Workbook,
    names: Vec<String>,
}

/// Widest a column is fitted to, in pixels (about 50 characters): wider text wraps in
/// the reader's view rather than pushing the next columns off the screen.
const MAX_WIDTH: u32 = 360;

impl Default for Book {
    fn default() -> Self {
        Book::new()
    }
}

impl Book {
    /// An empty workbook.
    pub fn new() -> Book {
        Book { workbook: Workbook::new(), names: Vec::new() }
    }

    /// Adds `listing` as a sheet named `name` (cut to Excel's 31 characters, made
    /// unique), headed by the columns' stable keys as CSV is.
    pub fn sheet(&mut self, name: &str, listing: &Listing) -> Result<(), XlsxError> {
        self.form(name, listing, &[], false)
    }

    /// Adds `listing` as a sheet of a form for people: headed by the columns' headers
    /// (a key where a column has none), `bold_rows` in bold (headings and totals).
    pub fn form(&mut self, name: &str, listing: &Listing, bold_rows: &[usize], shown: bool) -> Result<(), XlsxError> {
        let name = self.unique(name);
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(&name)?;
        let header = Look::new().set_bold().set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        for (c, column) in listing.columns.iter().enumerate() {
            let title = if shown && !column.header.is_empty() { &column.header } else { &column.key };
            sheet.write_string_with_format(0, col(c)?, title, &header)?;
        }
        let looks = Looks::new();
        for (r, row) in listing.rows.iter().enumerate() {
            let bold = bold_rows.contains(&r);
            for (c, cell) in row.iter().enumerate() {
                write(sheet, r as u32 + 1, col(c)?, cell, &looks, bold)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_autofit_max_width(MAX_WIDTH);
        sheet.autofit();
        Ok(())
    }

    /// Adds labelled values as a two-column sheet (a record's fields).
    pub fn fields(&mut self, name: &str, fields: &[(String, Cell)]) -> Result<(), XlsxError> {
        let name = self.unique(name);
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(&name)?;
        let header = Look::new().set_bold().set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        sheet.write_string_with_format(0, 0, "field", &header)?;
        sheet.write_string_with_format(0, 1, "value", &header)?;
        let looks = Looks::new();
        for (r, (key, value)) in fields.iter().enumerate() {
            sheet.write_string(r as u32 + 1, 0, key)?;
            write(sheet, r as u32 + 1, 1, value, &looks, false)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_autofit_max_width(MAX_WIDTH);
        sheet.autofit();
        Ok(())
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        if self.names.is_empty() {
            self.workbook.add_worksheet();
        }
        self.workbook.save_to_buffer()
    }

    /// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, not used yet.
    fn unique(&mut self, wanted: &str) -> String {
        let clean: String =
            wanted.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
        let clean = if clean.trim().is_empty() { "sheet".to_string() } else { clean };
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!(" {n}") };
            let base: String = clean.chars().take(31 - suffix.chars().count()).collect();
            let name = format!("{base}{suffix}");
            if !self.names.iter().any(|m| m.eq_ignore_ascii_case(&name)) {
                self.names.push(name.clone());
                return name;
            }
            n += 1;
        }
    }
}

/// A listing as a workbook of one sheet.
pub fn listing(name: &str, listing: &Listing) -> std::io::Result<Vec<u8>> {
    let mut book = Book::new();
    book.sheet(name, listing).map_err(io)?;
    book.finish().map_err(io)
}

/// A spreadsheet error as an I/O error of the output.
pub fn io(e: XlsxError) -> std::io::Error {
    std::io::Error::other(format!("cannot write the spreadsheet: {e}"))
}

fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::ParameterError("too many columns".into()))
}

/// The cell formats, made once.
struct Looks {
    date: Look,
    time: Look,
    decimals: [Look; 4],
}

impl Looks {
    fn new() -> Looks {
        Looks {
            date: Look::new().set_num_format("yyyy-mm-dd"),
            time: Look::new().set_num_format("yyyy-mm-dd hh:mm"),
            decimals: [
                Look::new().set_num_format("0"),
                Look::new().set_num_format("0.0"),
                Look::new().set_num_format("0.00"),
                Look::new().set_num_format("0.000"),
            ],
        }
    }
}

/// Writes one cell, typed: a number, a flag, a date or time, or text.
fn write(sheet: &mut Worksheet, row: u32, c: u16, cell: &Cell, looks: &Looks, bold: bool) -> Result<(), XlsxError> {
    let emphasise = |look: &Look| if bold { look.clone().set_bold() } else { look.clone() };
    let plain = emphasise(&Look::new());
    match cell {
        Cell::Text(s) if s.is_empty() => {
            if bold {
                sheet.write_blank(row, c, &plain)?;
            }
        }
        Cell::Text(s) => {
            sheet.write_string_with_format(row, c, crate::model::text::printable(s), &plain)?;
        }
        Cell::Int(n) => {
            sheet.write_number_with_format(row, c, *n as f64, &plain)?;
        }
        Cell::Float(v, d) => {
            let look = &looks.decimals[usize::from(*d).min(3)];
            sheet.write_number_with_format(row, c, *v, &emphasise(look))?;
        }
        Cell::Bool(b) | Cell::Flag(b) => {
            sheet.write_boolean_with_format(row, c, *b, &plain)?;
        }
        Cell::Time(t) => {
            // Local time, as the table shows it, with the offset the table names.
            let local = chrono::DateTime::from_timestamp(*t, 0)
                .map(|d| d.with_timezone(&chrono::Local).naive_local().and_utc().timestamp());
            match local.map(ExcelDateTime::from_timestamp) {
                Some(Ok(at)) => {
                    sheet.write_datetime_with_format(row, c, &at, &emphasise(&looks.time))?;
                }
                _ => {
                    sheet.write_string_with_format(row, c, super::output::rfc3339(*t), &plain)?;
                }
            }
        }
        Cell::Date(d) => {
            let parts = (u16::try_from(d.year()), u8::try_from(d.month()), u8::try_from(d.day()));
            let at = match parts {
                (Ok(y), Ok(m), Ok(day)) => ExcelDateTime::from_ymd(y, m, day),
                _ => Err(XlsxError::ParameterError("no such date".into())),
            };
            match at {
                Ok(at) => sheet.write_datetime_with_format(row, c, &at, &emphasise(&looks.date))?,
                // Before 1900 Excel has no dates: the text, as written.
                Err(_) => sheet.write_string_with_format(row, c, d.to_string(), &plain)?,
            };
        }
        Cell::List(items) => {
            sheet.write_string_with_format(row, c, crate::model::text::printable(&items.join("; ")), &plain)?;
        }
        Cell::Shown(_, value) => write(sheet, row, c, value, looks, bold)?,
        Cell::SplitNip(nip) => {
            sheet.write_string_with_format(row, c, nip.to_string(), &plain)?;
        }
    }
    Ok(())
}
