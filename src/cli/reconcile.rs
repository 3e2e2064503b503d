//! `import --merge SRC --dry-run`: the reconciliation, as a table, CSV, JSON or a
//! spreadsheet. The changes come from `interchange::reconcile`; this is their face.

use std::io::Write;

use serde_json::{Value, json};

use super::Outcome;
use super::output::{Format, Listing, Style};
use crate::i18n::{Msg, tr};
use crate::interchange::reconcile::{ChangeKind, Reconciliation};
use crate::model::{Dataset, UnitId};

/// Writes what a merge would change; says on stderr that nothing was written.
pub fn write(
    data: &Dataset,
    found: &Reconciliation,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let units: std::collections::HashMap<UnitId, &crate::model::Unit> = data.units.iter().map(|u| (u.id, u)).collect();
    let unit = |id: Option<UnitId>| -> (String, String) {
        match id.and_then(|id| units.get(&id)) {
            Some(u) => (u.code.clone(), u.name.clone()),
            None => (String::new(), tr(Msg::NotPlaced).to_string()),
        }
    };
    let word = |kind: ChangeKind| -> String {
        let msg = match kind {
            ChangeKind::New => Msg::ReconNew,
            ChangeKind::Gone => Msg::ReconGone,
            ChangeKind::Moved => Msg::ReconMoved,
            ChangeKind::Post => Msg::ReconPost,
            ChangeKind::Grade => Msg::ReconGrade,
            ChangeKind::GradeSince => Msg::ReconGradeSince,
            ChangeKind::PositionSince => Msg::ReconPositionSince,
            ChangeKind::Status => Msg::ReconStatus,
            ChangeKind::Education => Msg::ReconEducation,
            ChangeKind::Name => Msg::ReconName,
        };
        tr(msg).to_string()
    };
    let table = format == Format::Table;
    let change_text = |kind: ChangeKind| if table { word(kind) } else { kind.key().to_string() };
    let mut changes = Listing::new(&[
        ("nip", "NIP", false),
        ("name", tr(Msg::Name), true),
        ("change", tr(Msg::ReconChange), false),
        ("unit_code", tr(Msg::Code), false),
        ("unit_name", tr(Msg::Unit), true),
        ("before", tr(Msg::ReconBefore), true),
        ("after", tr(Msg::ReconAfter), true),
    ]);
    for c in &found.changes {
        let (code, name) = unit(c.unit);
        changes.push(vec![
            c.nip.into(),
            c.name.clone().into(),
            change_text(c.kind).into(),
            code.into(),
            name.into(),
            c.before.clone().into(),
            c.after.clone().into(),
        ]);
    }
    // The counts: people per unit and kind of change, then in all.
    let mut columns: Vec<(&str, String, bool)> =
        vec![("unit_code", tr(Msg::Code).to_string(), false), ("unit_name", tr(Msg::Unit).to_string(), true)];
    for kind in ChangeKind::ALL {
        columns.push((kind.key(), if table { word(kind) } else { kind.key().to_string() }, false));
    }
    let columns: Vec<(&str, &str, bool)> = columns.iter().map(|(k, h, f)| (*k, h.as_str(), *f)).collect();
    let mut counts = Listing::new(&columns);
    let count_row = |code: String, name: String, of: &std::collections::BTreeMap<ChangeKind, u64>| {
        let mut row = vec![code.into(), name.into()];
        row.extend(ChangeKind::ALL.iter().map(|k| of.get(k).copied().unwrap_or(0).into()));
        row
    };
    for (id, of) in &found.by_unit {
        let (code, name) = unit(*id);
        counts.push(count_row(code, name, of));
    }
    counts.push(count_row(String::new(), tr(Msg::Total).to_string(), &found.total));
    match format {
        Format::Json | Format::Ndjson => {
            // The counts' rows but the last (the total, given by kind).
            let mut units = counts.to_json();
            if let Value::Array(rows) = &mut units {
                rows.pop();
            }
            let total: serde_json::Map<String, Value> = ChangeKind::ALL
                .iter()
                .map(|k| (k.key().to_string(), json!(found.total.get(k).copied().unwrap_or(0))))
                .collect();
            let doc = json!({ "changes": changes.to_json(), "units": units, "total": total });
            super::output::write_json(out, format, &doc)?;
        }
        Format::Table => {
            if found.changes.is_empty() {
                super::output::say(tr(Msg::ReconNothing));
            } else {
                changes.write(out, format, style)?;
                writeln!(out)?;
                counts.write(out, format, style)?;
            }
        }
        // One rectangular table: the changes (the counts follow from them).
        Format::Csv => changes.write(out, format, style)?,
        // The changes, and the counts on a sheet of their own.
        Format::Xlsx => {
            let mut book = super::xlsx::Book::new();
            book.sheet("changes", &changes).map_err(super::xlsx::io)?;
            book.sheet("units", &counts).map_err(super::xlsx::io)?;
            super::output::write_binary(out, &book.finish().map_err(super::xlsx::io)?, style)?;
        }
    }
    super::output::say(tr(Msg::ReconWroteNothing));
    Ok(if found.changes.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
