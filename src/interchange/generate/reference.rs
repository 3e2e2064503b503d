//! The reference data the generator reads, compiled in: the national lists of
//! functional and pelaksana posts, which pelaksana posts fit which kind of unit
//! (`pelaksana-fit.csv`) and the degrees of each area (`degrees.csv`).

use crate::model::{Education, Level};

/// A functional position family from the reference list.
pub(super) struct Functional {
    pub(super) name: String,
    pub(super) lowest: Level,
    pub(super) highest: Level,
}

/// A pelaksana position name with its minimum education.
pub(super) struct Pelaksana {
    pub(super) name: String,
    pub(super) education: Education,
}

/// Where each pelaksana post fits (`pelaksana-fit.csv`): places (a unit's name or kind,
/// or `*`) with the posts, as indices into the pelaksana list.
pub(super) struct Fit {
    pub(super) everywhere: Vec<usize>,
    pub(super) by_place: std::collections::HashMap<String, Vec<usize>>,
}

/// The fitting table, read against the pelaksana list; a post the list lacks is named.
pub(super) fn load_fit(pelaksana: &[Pelaksana]) -> Result<Fit, String> {
    let mut fit = Fit { everywhere: Vec::new(), by_place: Default::default() };
    let mut reader =
        csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(include_str!("pelaksana-fit.csv").as_bytes());
    for (line, r) in reader.records().enumerate() {
        let r = r.map_err(|e| format!("pelaksana-fit.csv: {e}"))?;
        let (place, post) = (&r[0], &r[1]);
        let Some(index) = pelaksana.iter().position(|p| p.name == post) else {
            return Err(format!(
                "pelaksana-fit.csv, record {}: post {post:?} is not in jabatan-pelaksana.csv",
                line + 1
            ));
        };
        if place == "*" {
            fit.everywhere.push(index);
        } else {
            fit.by_place.entry(place.to_string()).or_default().push(index);
        }
    }
    Ok(fit)
}

/// The degrees of each area (`degrees.csv`): bachelor's and master's, by a functional
/// family or a perangkat daerah's name; `*` for the rest.
pub(super) struct Degrees(std::collections::HashMap<String, (Vec<String>, Vec<String>)>);

impl Degrees {
    pub(super) fn load() -> Result<Degrees, String> {
        let mut table = std::collections::HashMap::new();
        let mut reader =
            csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(include_str!("degrees.csv").as_bytes());
        for (line, r) in reader.records().enumerate() {
            let r = r.map_err(|e| format!("degrees.csv: {e}"))?;
            let list = |i: usize| -> Vec<String> { r[i].split(';').map(str::to_string).collect() };
            let (bachelor, master) = (list(1), list(2));
            if bachelor.iter().chain(&master).any(String::is_empty) {
                return Err(format!("degrees.csv, record {}: an empty degree", line + 1));
            }
            table.insert(r[0].to_string(), (bachelor, master));
        }
        if !table.contains_key("*") {
            return Err("degrees.csv: no `*` row for the areas it does not list".into());
        }
        Ok(Degrees(table))
    }

    /// The bachelor's and master's degrees of the first of `areas` the table lists.
    pub(super) fn of(&self, areas: &[&str]) -> &(Vec<String>, Vec<String>) {
        areas.iter().find_map(|a| self.0.get(*a)).unwrap_or(&self.0["*"])
    }
}

pub(super) fn load_references() -> (Vec<Functional>, Vec<Pelaksana>) {
    let mut functional = Vec::new();
    let mut reader = csv::Reader::from_reader(include_str!("jabatan-fungsional.csv").as_bytes());
    for r in reader.records().flatten() {
        // The source writes "Pelaksana Pemula" for pemula once; the level is the last word.
        let level = |t: &str| Level::parse(t).or_else(|_| Level::parse(t.split(' ').next_back().unwrap_or(t)));
        let (Ok(lowest), Ok(highest)) = (level(&r[2]), level(&r[3])) else { continue };
        functional.push(Functional { name: r[0].to_string(), lowest, highest });
    }
    let mut pelaksana = Vec::new();
    let mut reader = csv::Reader::from_reader(include_str!("jabatan-pelaksana.csv").as_bytes());
    for r in reader.records().flatten() {
        let e = &r[2];
        let education = if e.contains("S-1") || e.contains("D-4") {
            Education::S1
        } else if e.contains("D-3") {
            Education::D3
        } else {
            Education::Sma
        };
        pelaksana.push(Pelaksana { name: r[0].to_string(), education });
    }
    (functional, pelaksana)
}
