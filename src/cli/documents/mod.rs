//! The documents of penataan jabatan on the command line: `peta-jabatan` (`peta`), the
//! ABK recap (`abk`) and a position's anjab (`anjab`); what they share is here: how a
//! map is read, the frame and signatory of a printed page, the form's listing.

mod abk;
mod anjab;
mod peta;

pub use abk::abk;
pub use anjab::{AnjabFormat, anjab};
pub use peta::{PetaRequest, peta_jabatan, rows, to_json, write_file};

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

use crate::cli::Outcome;
use crate::cli::output::{Cell, Format, Listing, Style};
use crate::documents::{Change, PetaJabatan, PetaPosition, PetaUnit};
use crate::i18n::{Msg, tr, trf};
use crate::model::Date;
use crate::store::Store;

/// Output format of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum DocumentFormat {
    /// The form as a table for reading.
    #[default]
    Table,
    /// One JSON document (a stable interface for scripts).
    Json,
    /// The JSON document on one line.
    Ndjson,
    /// CSV, a row per unit, position and total.
    Csv,
    /// A spreadsheet (to --out FILE or a pipe): the CSV's rows, headings and totals in
    /// bold.
    Xlsx,
    /// The organisation chart as an SVG picture (its pages one under another).
    Svg,
    /// The organisation chart as PDF, a page per sheet of paper (to --out FILE or a pipe).
    Pdf,
}

/// A document read for printing: the map, what it is of, and when.
pub struct Read {
    /// The map.
    pub map: PetaJabatan,
    /// The draft it shows, if any.
    pub draft: Option<String>,
    /// The day it is printed.
    pub today: Date,
}

/// Reads the peta jabatan of `code`, committed or as the draft `draft` would leave it.
pub fn read(store: &dyn Store, code: &str, draft: Option<&str>, today: Date) -> anyhow::Result<Option<Read>> {
    let map = match draft {
        None => match store.unit_by_code(code)? {
            Some(unit) => Some(crate::documents::peta_jabatan(store, &unit)?),
            None => None,
        },
        Some(name) => {
            let d =
                store.drafts()?.into_iter().find(|d| d.name == name).with_context(|| trf(Msg::CliNoDraft, &[&name]))?;
            let view = crate::edit::DraftView::new(crate::edit::staged_draft(store, &d)?)?;
            match crate::store::Store::unit_by_code(&view, code)? {
                Some(unit) => crate::documents::peta_jabatan_draft(store, &view, unit.id)?,
                None if store.unit_by_code(code)?.is_some() => {
                    anyhow::bail!("{}", trf(Msg::PetaDraftRemovesUnit, &[&name, &code]))
                }
                None => None,
            }
        }
    };
    Ok(map.map(|map| Read { map, draft: draft.map(str::to_string), today }))
}

/// What a chart says around the map: the agency, the date, the draft, who signs (the
/// configuration's first signatory, else the unit's head).
fn frame(
    store: &dyn Store,
    settings: &crate::config::Documents,
    (map, draft, today): (&PetaJabatan, Option<&str>, Date),
) -> anyhow::Result<crate::documents::chart::Frame> {
    use crate::documents::chart::Frame;
    let root = &map.root;
    let agency = settings.agency.clone().or_else(|| map.above.first().cloned()).unwrap_or_else(|| root.name.clone());
    let date = today.to_string();
    let signatory = signatory(store, settings, root.head.as_ref().map(|h| (h.id, h.name.as_str())), today)?;
    Ok(Frame { agency, date, draft: draft.map(str::to_string), signatory })
}

/// Who signs a document of a unit whose head position is `head` (id, name): the
/// configuration's first signatory, else the head and whoever holds it; with the place
/// and the day.
fn signatory(
    store: &dyn Store,
    settings: &crate::config::Documents,
    head: Option<(crate::model::PositionId, &str)>,
    today: Date,
) -> anyhow::Result<crate::documents::chart::Signatory> {
    use crate::documents::chart::Signatory;
    let place_date = match &settings.place {
        Some(place) => format!("{place}, {today}"),
        None => today.to_string(),
    };
    if let Some(s) = settings.signatories.first() {
        let id = if s.nip.is_empty() { String::new() } else { format!("NIP {}", s.nip) };
        return Ok(Signatory { place_date, role: s.role.clone(), name: s.name.clone(), id });
    }
    let holder = match head {
        Some((id, _)) => store.holders(id)?.into_iter().next(),
        None => None,
    };
    Ok(Signatory {
        place_date,
        role: head.map(|(_, name)| name.to_string()).unwrap_or_default(),
        name: holder.as_ref().map(|e| e.name.clone()).unwrap_or_default(),
        id: holder.map_or_else(|| "NIP".into(), |e| format!("NIP {}", e.nip)),
    })
}

/// A form's listing (the peta jabatan, the ABK recap): what each row is, the unit's
/// number, code and name (for scripts), the position's code and name, then `rest`.
fn form_listing(rest: &[(&str, &str, bool)]) -> Listing {
    let mut columns: Vec<(&str, &str, bool)> = vec![
        ("row", "", false),
        ("number", tr(Msg::PetaNumber), false),
        ("unit_code", "", false),
        ("unit_name", "", true),
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::PetaUnitOrPosition), true),
    ];
    columns.extend_from_slice(rest);
    Listing::new(&columns).machine_only("row").machine_only("unit_code").machine_only("unit_name")
}

/// A number, or nothing.
fn figure(value: Option<u64>) -> Cell {
    value.map_or(Cell::Text(String::new()), Cell::from)
}
