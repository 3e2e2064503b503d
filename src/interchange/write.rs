//! Export: the dataset as canonical tables, in a stable order, so that
//! export → import → export gives byte-identical files.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::schema::{self, TABLES, Table};
use crate::model::{Dataset, PositionId, UnitId};

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The rows of every table, in [`TABLES`] order, cells in canonical column order.
pub fn table_rows(data: &Dataset) -> Vec<(&'static Table, Vec<Vec<String>>)> {
    let unit_code: HashMap<UnitId, &str> = data.units.iter().map(|u| (u.id, u.code.as_str())).collect();
    let position_code: HashMap<PositionId, &str> = data.positions.iter().map(|p| (p.id, p.code.as_str())).collect();
    let tree_order = data.units_in_tree_order();
    let unit_rank: HashMap<UnitId, usize> = tree_order.iter().enumerate().map(|(i, u)| (u.id, i)).collect();

    let units = tree_order
        .iter()
        .map(|u| {
            vec![
                u.code.clone(),
                u.parent.map(|p| unit_code[&p].to_string()).unwrap_or_default(),
                u.name.clone(),
                u.kind.clone(),
                opt(u.eselon),
            ]
        })
        .collect();

    let mut positions: Vec<_> = data.positions.iter().collect();
    positions.sort_by_key(|p| (unit_rank.get(&p.unit).copied().unwrap_or(usize::MAX), p.id));
    let positions = positions
        .iter()
        .map(|p| {
            vec![
                p.code.clone(),
                unit_code[&p.unit].to_string(),
                p.name.clone(),
                p.kind.to_string(),
                opt(p.level),
                opt(p.eselon),
                opt(p.class),
                opt(p.needed),
                p.head.to_string(),
            ]
        })
        .collect();

    let mut employees: Vec<_> = data.employees.iter().collect();
    employees.sort_by_key(|e| e.nip);
    let employees = employees
        .iter()
        .map(|e| {
            vec![
                e.nip.to_string(),
                e.name.clone(),
                e.status.to_string(),
                opt(e.grade),
                opt(e.grade_since),
                e.position.map(|p| position_code[&p].to_string()).unwrap_or_default(),
                opt(e.position_since),
                opt(e.education),
                e.birth_date().to_string(),
                e.sex().to_string(),
                e.service_start().to_string(),
                opt(e.potential),
            ]
        })
        .collect();

    let per_nip = |f: &dyn Fn(&mut Vec<Vec<String>>)| {
        let mut rows = Vec::new();
        f(&mut rows);
        rows
    };
    let ratings = per_nip(&|rows| {
        for (nip, list) in &data.ratings {
            rows.extend(list.iter().map(|r| vec![nip.to_string(), r.year.to_string(), r.rating.to_string()]));
        }
    });
    let assessments = per_nip(&|rows| {
        for (nip, list) in &data.assessments {
            rows.extend(
                list.iter().map(|a| vec![nip.to_string(), a.competency.id(), a.level.to_string(), opt(a.assessed_on)]),
            );
        }
    });
    let mut standard_positions: Vec<_> = data.standards.keys().collect();
    standard_positions.sort_by_key(|p| (position_code.get(p).copied().unwrap_or(""), **p));
    let standards = standard_positions
        .into_iter()
        .flat_map(|p| {
            let code = position_code[p];
            data.standards[p].iter().map(move |s| vec![code.to_string(), s.competency.id(), s.level.to_string()])
        })
        .collect();
    let discipline = per_nip(&|rows| {
        for (nip, list) in &data.penalties {
            rows.extend(
                list.iter().map(|p| vec![nip.to_string(), p.severity.to_string(), p.start.to_string(), opt(p.end)]),
            );
        }
    });
    let trainings = per_nip(&|rows| {
        for (nip, list) in &data.trainings {
            rows.extend(list.iter().map(|t| vec![nip.to_string(), t.name.clone(), t.kind.clone(), opt(t.year)]));
        }
    });
    vec![
        (&schema::UNITS, units),
        (&schema::POSITIONS, positions),
        (&schema::EMPLOYEES, employees),
        (&schema::RATINGS, ratings),
        (&schema::ASSESSMENTS, assessments),
        (&schema::STANDARDS, standards),
        (&schema::DISCIPLINE, discipline),
        (&schema::TRAININGS, trainings),
    ]
}

/// Writes `path` through a temporary file and a rename, so a reader never sees half a file.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp-export");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut file)?;
        file.flush()?;
    }
    std::fs::rename(tmp, path)
}

/// Writes every table as `<dir>/<table>.csv` (UTF-8, `,`, LF line ends).
pub fn write_csv_dir(data: &Dataset, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (table, rows) in table_rows(data) {
        write_atomically(&dir.join(format!("{}.csv", table.name)), |out| {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
            w.write_record(table.columns.iter().map(|c| c.name))?;
            for row in rows {
                w.write_record(&row)?;
            }
            w.flush()
        })?;
    }
    Ok(())
}

/// Columns written as JSON numbers when their cell is a number (a position's `level`
/// is a word, an assessment's a number).
const NUMBER_COLUMNS: [&str; 5] = ["class", "needed", "potential", "year", "level"];

/// Writes the JSON document: `{"format": "jabat", "version": 1, "units": [...], ...}`.
pub fn write_json(data: &Dataset, path: &Path) -> std::io::Result<()> {
    let mut doc = serde_json::Map::new();
    doc.insert("format".into(), "jabat".into());
    doc.insert("version".into(), 1.into());
    for (table, rows) in table_rows(data) {
        let items: Vec<serde_json::Value> = rows
            .into_iter()
            .map(|row| {
                let mut obj = serde_json::Map::new();
                for (col, cell) in table.columns.iter().zip(row) {
                    let value = if cell.is_empty() {
                        serde_json::Value::Null
                    } else if col.name == "head" {
                        serde_json::Value::Bool(cell == "true")
                    } else if let (true, Ok(n)) = (NUMBER_COLUMNS.contains(&col.name), cell.parse::<u64>()) {
                        n.into()
                    } else {
                        serde_json::Value::String(cell)
                    };
                    obj.insert(col.name.into(), value);
                }
                serde_json::Value::Object(obj)
            })
            .collect();
        doc.insert(table.name.into(), items.into());
    }
    debug_assert_eq!(TABLES.len() + 2, doc.len());
    write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, &serde_json::Value::Object(doc)).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    })
}
