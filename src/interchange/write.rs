//! Export: the dataset as canonical tables, in a stable order, so that
//! export → import → export gives byte-identical files.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::schema::{TABLES, Table};
use crate::model::{CreditPoints, Dataset, PositionId, UnitId};

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Produces the rows of each table in a stable order, one row at a time into a
/// reused buffer (a million employees' rows never sit in memory at once).
pub struct Rows<'a> {
    data: &'a Dataset,
    unit_code: HashMap<UnitId, &'a str>,
    position_code: HashMap<PositionId, &'a str>,
    units: Vec<&'a crate::model::Unit>,
    unit_rank: HashMap<UnitId, usize>,
}

impl<'a> Rows<'a> {
    /// Prepares the lookups export needs.
    pub fn new(data: &'a Dataset) -> Rows<'a> {
        let units = data.units_in_tree_order();
        Rows {
            data,
            unit_code: data.units.iter().map(|u| (u.id, u.code.as_str())).collect(),
            position_code: data.positions.iter().map(|p| (p.id, p.code.as_str())).collect(),
            unit_rank: units.iter().enumerate().map(|(i, u)| (u.id, i)).collect(),
            units,
        }
    }

    /// Calls `each` with every row of `table`, cells in canonical column order.
    pub fn visit(&self, table: &Table, each: &mut dyn FnMut(&[String]) -> std::io::Result<()>) -> std::io::Result<()> {
        let data = self.data;
        let mut row: Vec<String> = Vec::with_capacity(table.columns.len());
        let mut emit = |cells: &mut dyn FnMut(&mut Vec<String>)| {
            row.clear();
            cells(&mut row);
            each(&row)
        };
        match table.name {
            "units" => {
                for u in &self.units {
                    emit(&mut |r| {
                        r.push(u.code.clone());
                        r.push(u.parent.map(|p| self.unit_code[&p].to_string()).unwrap_or_default());
                        r.push(u.name.clone());
                        r.push(u.kind.clone());
                        r.push(opt(u.eselon));
                        r.push(data.unor_ids.get(&u.code).cloned().unwrap_or_default());
                    })?;
                }
            }
            "positions" => {
                let mut positions: Vec<_> = data.positions.iter().collect();
                positions.sort_by_key(|p| (self.unit_rank.get(&p.unit).copied().unwrap_or(usize::MAX), p.id));
                for p in positions {
                    emit(&mut |r| {
                        r.push(p.code.clone());
                        r.push(self.unit_code[&p.unit].to_string());
                        r.push(p.name.clone());
                        r.push(p.spec.kind.to_string());
                        r.push(opt(p.spec.level));
                        r.push(opt(p.spec.eselon));
                        r.push(opt(p.spec.class));
                        r.push(opt(p.spec.needed));
                        r.push(p.spec.head.to_string());
                    })?;
                }
            }
            "employees" => {
                let mut employees: Vec<_> = data.employees.iter().collect();
                employees.sort_by_key(|e| e.nip);
                for e in employees {
                    emit(&mut |r| {
                        r.push(e.nip.to_string());
                        r.push(e.name.clone());
                        r.push(e.status.to_string());
                        r.push(opt(e.grade));
                        r.push(opt(e.grade_since));
                        r.push(e.position.map(|p| self.position_code[&p].to_string()).unwrap_or_default());
                        r.push(opt(e.position_since));
                        r.push(opt(e.education));
                        r.push(e.birth_date().to_string());
                        r.push(e.sex().to_string());
                        r.push(e.service_start().to_string());
                        r.push(opt(e.potential));
                    })?;
                }
            }
            "positions_history" => {
                for (nip, list) in &data.position_history {
                    for p in list {
                        emit(&mut |r| {
                            r.extend([nip.to_string(), p.from.to_string(), opt(p.to), p.position.clone()]);
                            r.extend([
                                p.position_code.clone().unwrap_or_default(),
                                p.unit.clone().unwrap_or_default(),
                                opt(p.kind),
                                opt(p.level),
                            ]);
                        })?;
                    }
                }
            }
            "grades" => {
                for (nip, list) in &data.grade_history {
                    for g in list {
                        emit(&mut |r| r.extend([nip.to_string(), g.grade.to_string(), g.since.to_string()]))?;
                    }
                }
            }
            "ratings" => {
                for (nip, list) in &data.ratings {
                    for x in list {
                        emit(&mut |r| r.extend([nip.to_string(), x.year.to_string(), x.rating.to_string()]))?;
                    }
                }
            }
            "assessments" => {
                for (nip, list) in &data.assessments {
                    for a in list {
                        emit(&mut |r| {
                            r.extend([nip.to_string(), a.competency.id(), a.level.to_string(), opt(a.assessed_on)])
                        })?;
                    }
                }
            }
            "standards" => {
                let mut positions: Vec<_> = data.standards.keys().collect();
                positions.sort_by_key(|p| (self.position_code.get(p).copied().unwrap_or(""), **p));
                for p in positions {
                    for x in &data.standards[p] {
                        emit(&mut |r| {
                            r.extend([self.position_code[p].to_string(), x.competency.id(), x.level.to_string()])
                        })?;
                    }
                }
            }
            "discipline" => {
                for (nip, list) in &data.penalties {
                    for p in list {
                        emit(&mut |r| {
                            r.extend([nip.to_string(), p.severity.to_string(), p.start.to_string(), opt(p.end)])
                        })?;
                    }
                }
            }
            "trainings" => {
                for (nip, list) in &data.trainings {
                    for t in list {
                        emit(&mut |r| r.extend([nip.to_string(), t.name.clone(), t.kind.clone(), opt(t.year)]))?;
                    }
                }
            }
            "credit_points" => {
                for (nip, list) in &data.credit_points {
                    for p in list {
                        emit(&mut |r| {
                            r.extend([
                                nip.to_string(),
                                p.year.to_string(),
                                CreditPoints::points_text(u64::from(p.thousandths)),
                            ])
                        })?;
                    }
                }
            }
            "tasks" => {
                let mut positions: Vec<_> = data.tasks.keys().collect();
                positions.sort_by_key(|p| (self.position_code.get(p).copied().unwrap_or(""), **p));
                for p in positions {
                    for t in &data.tasks[p] {
                        emit(&mut |r| {
                            r.extend([
                                self.position_code[p].to_string(),
                                t.name.clone(),
                                t.volume.to_string(),
                                t.minutes.to_string(),
                            ])
                        })?;
                    }
                }
            }
            "anjab" => {
                let mut positions: Vec<_> = data.anjab.keys().collect();
                positions.sort_by_key(|p| (self.position_code.get(p).copied().unwrap_or(""), **p));
                for p in positions {
                    for row in &data.anjab[p].rows {
                        emit(&mut |r| {
                            r.extend([
                                self.position_code[p].to_string(),
                                row.section.key().to_string(),
                                row.item.clone(),
                                row.text.clone(),
                            ])
                        })?;
                    }
                }
            }
            other => unreachable!("no table {other}"),
        }
        Ok(())
    }
}

/// Writes `path` through a temporary file and a rename, so a reader never sees half a file.
/// Writes a file whole or not at all: into a temporary file beside it, renamed over it
/// once complete; on failure (a full disk) the temporary file is removed.
pub fn write_whole(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp-export");
    let written = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut file)?;
        file.flush()?;
        file.get_ref().sync_all()?;
        // An export is the user's to hand on: their umask, not the database's privacy.
        crate::privacy::share(&tmp)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(tmp, path)
}

/// Writes every table as `<dir>/<table>.csv` (UTF-8, `,`, LF line ends). All of them
/// are written into a staging folder inside `dir` first and moved into place only when
/// every one is complete: an export that fails (a full disk) leaves no table behind that
/// would re-import with others silently missing.
pub fn write_csv_dir(data: &Dataset, dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        crate::privacy::share(dir)?;
    }
    let staging = tempfile::Builder::new().prefix(".jabat-export-").tempdir_in(dir)?;
    let rows = Rows::new(data);
    for table in TABLES {
        write_whole(&staging.path().join(format!("{}.csv", table.name)), |out| {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
            w.write_record(table.columns.iter().filter(|c| c.exported).map(|c| c.name))?;
            rows.visit(table, &mut |row| w.write_record(row).map_err(std::io::Error::from))?;
            w.flush()
        })?;
    }
    // Renames within one folder take no room, so these do not fail for a full disk.
    for table in TABLES {
        let name = format!("{}.csv", table.name);
        std::fs::rename(staging.path().join(&name), dir.join(&name))?;
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
    let rows = Rows::new(data);
    for table in TABLES {
        let mut items: Vec<serde_json::Value> = Vec::new();
        rows.visit(table, &mut |row| {
            let mut obj = serde_json::Map::new();
            for (col, cell) in table.columns.iter().filter(|c| c.exported).zip(row) {
                let value = if cell.is_empty() {
                    serde_json::Value::Null
                } else if col.name == "head" {
                    serde_json::Value::Bool(cell == "true")
                } else if let (true, Ok(n)) = (NUMBER_COLUMNS.contains(&col.name), cell.parse::<u64>()) {
                    n.into()
                } else {
                    serde_json::Value::String(cell.clone())
                };
                obj.insert(col.name.into(), value);
            }
            items.push(serde_json::Value::Object(obj));
            Ok(())
        })?;
        doc.insert(table.name.into(), items.into());
    }
    debug_assert_eq!(TABLES.len() + 2, doc.len());
    write_whole(path, |out| {
        serde_json::to_writer_pretty(&mut *out, &serde_json::Value::Object(doc)).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    })
}
