//! Files in and out: import and export of the canonical CSV tables and JSON
//! document (`docs/data-format.md`), and the sample-data generator.

pub mod generate;
pub mod read;
pub mod reconcile;
pub mod reference;
pub mod schema;
pub mod sheet;
pub mod validate;
pub mod write;

use std::path::Path;

use crate::model::Dataset;
pub use read::{Problem, Problems};

/// Whether `path` names the JSON document rather than a directory of CSV files.
pub fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The outcome of reading and validating an input.
#[derive(Debug)]
pub struct Imported {
    /// The resulting content (base plus input); meaningful only without problems.
    pub data: Dataset,
    /// What is wrong; the import must not be written when any.
    pub problems: Problems,
    /// What was ignored.
    pub warnings: Vec<Problem>,
    /// Employees put on the holding list because the post their row names is not found
    /// (with [`Options::hold_unplaced`]): where, who (in `column`), why.
    pub held: Vec<Problem>,
    /// The NIPs the input's employee rows bring (for a reconciliation).
    pub given: std::collections::HashSet<crate::model::Nip>,
}

/// How an import treats what it cannot place.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Put an employee whose named post is not found on the holding list (listed)
    /// instead of refusing the import.
    pub hold_unplaced: bool,
}

/// Reads `path` (a directory of CSV files (or a workbook a table), a `.json` document,
/// or a workbook whose sheets are the tables) and applies it to
/// `base` (empty, or the current content for a merge). Writes nothing.
pub fn import(path: &Path, base: Dataset) -> Imported {
    import_with(path, base, Options::default())
}

/// [`import`], with `options`.
pub fn import_with(path: &Path, base: Dataset, options: Options) -> Imported {
    let mut problems = Problems::default();
    let mut warnings = Vec::new();
    // Merged into content already there, a table may come alone (a position history).
    let partial = !base.units.is_empty();
    let input = if is_json(path) {
        read::Input::json(path, partial, &mut problems, &mut warnings)
    } else if sheet::is_spreadsheet(path) {
        read::Input::workbook(path, partial, &mut problems, &mut warnings)
    } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        read::Input::csv_file(path, partial, &mut problems)
    } else {
        read::Input::csv_dir(path, partial, &mut problems, &mut warnings)
    };
    let mut builder = validate::Builder::new(base);
    if options.hold_unplaced {
        builder.hold_unplaced();
    }
    type Step = fn(&mut validate::Builder, read::Row<'_>, &mut Problems);
    let steps: [(&'static schema::Table, Step); 13] = [
        (&schema::UNITS, validate::Builder::unit),
        (&schema::POSITIONS, validate::Builder::position),
        (&schema::EMPLOYEES, validate::Builder::employee),
        (&schema::GRADES, validate::Builder::grade_step),
        (&schema::POSITIONS_HISTORY, validate::Builder::post_held),
        (&schema::RATINGS, validate::Builder::rating),
        (&schema::ASSESSMENTS, validate::Builder::assessment),
        (&schema::STANDARDS, validate::Builder::standard),
        (&schema::DISCIPLINE, validate::Builder::penalty),
        (&schema::TRAININGS, validate::Builder::training),
        (&schema::CREDIT_POINTS, validate::Builder::credit_points),
        (&schema::TASKS, validate::Builder::task),
        (&schema::ANJAB, validate::Builder::anjab_row),
    ];
    let mut unread: Vec<&'static str> = Vec::new();
    for (table, step) in steps {
        builder.start_table();
        // A table whose rows refer to one that could not be read is not read either:
        // each of its rows would fail for what is already said (an employee unknown, a
        // grade judged without the employee's status).
        let read = !refers_to(table.name).iter().any(|t| unread.contains(t))
            && input.rows(table, &mut problems, &mut warnings, &mut |row, problems| step(&mut builder, row, problems));
        if !read {
            unread.push(table.name);
            builder.table_unread(table.name);
        }
        if table.name == schema::UNITS.name {
            builder.finish_units(&mut problems);
        }
    }
    let held = std::mem::take(&mut builder.held);
    let given = std::mem::take(&mut builder.given);
    Imported { data: builder.finish(), problems, warnings, held, given }
}

/// The tables a table's rows refer to.
fn refers_to(table: &str) -> &'static [&'static str] {
    match table {
        "units" => &[],
        "positions" => &["units"],
        "employees" => &["units", "positions"],
        "standards" | "tasks" | "anjab" => &["positions"],
        _ => &["employees"],
    }
}

/// Writes `data` to `path`: a `.json` document, or else a directory of CSV files.
pub fn export(data: &Dataset, path: &Path) -> std::io::Result<()> {
    if is_json(path) { write::write_json(data, path) } else { write::write_csv_dir(data, path) }
}
