//! Turning rows of text into a [`Dataset`]: every value parsed, every reference
//! resolved, every rule of the format checked, and every problem reported with its
//! place. Nothing here writes; an import with any problem changes nothing.

use std::collections::{BTreeMap, HashMap};

use super::read::{Problems, RawInput, RawTable, Row};
use super::schema::{self, Table};
use crate::model::{
    Assessment, Competency, Dataset, Date, Education, Employee, EmploymentStatus, Eselon, Grade, Level, Nip, Penalty,
    Position, PositionId, PositionKind, Rating, RatingLevel, Severity, Sex, StandardEntry, Training, Unit, UnitId,
};

/// Cells of one row, with typed accessors that report what they cannot parse.
struct Cells<'a> {
    table: &'a RawTable,
    row: &'a Row,
    ok: bool,
}

impl<'a> Cells<'a> {
    fn new(table: &'a RawTable, row: &'a Row) -> Self {
        Cells { table, row, ok: true }
    }

    fn place(&self) -> String {
        self.table.place(self.row)
    }

    fn text(&self, column: &str) -> &'a str {
        &self.row.cells[self.table.table.idx(column)]
    }

    fn fail(&mut self, problems: &mut Problems, column: &str, message: impl Into<String>) {
        self.ok = false;
        problems.push(self.place(), Some(column), message);
    }

    /// A value that must be there.
    fn required(&mut self, problems: &mut Problems, column: &str) -> Option<&'a str> {
        let t = self.text(column);
        if t.is_empty() {
            self.fail(problems, column, "required value is empty");
            None
        } else {
            Some(t)
        }
    }

    /// An optional value, parsed by `parse` when present.
    fn opt<T>(
        &mut self,
        problems: &mut Problems,
        column: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let t = self.text(column);
        if t.is_empty() {
            return None;
        }
        match parse(t) {
            Ok(v) => Some(v),
            Err(m) => {
                self.fail(problems, column, m);
                None
            }
        }
    }

    /// A required value, parsed.
    fn req<T>(
        &mut self,
        problems: &mut Problems,
        column: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let t = self.required(problems, column)?;
        match parse(t) {
            Ok(v) => Some(v),
            Err(m) => {
                self.fail(problems, column, m);
                None
            }
        }
    }
}

fn int_in<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(
    lo: T,
    hi: T,
    what: &'static str,
) -> impl Fn(&str) -> Result<T, String> {
    move |t| match t.parse::<T>() {
        Ok(v) if v >= lo && v <= hi => Ok(v),
        _ => Err(format!("'{t}' is not {what} ({lo}–{hi})")),
    }
}

fn boolean(t: &str) -> Result<bool, String> {
    match t.to_lowercase().as_str() {
        "true" | "ya" | "y" | "yes" | "1" | "benar" => Ok(true),
        "false" | "tidak" | "t" | "no" | "n" | "0" | "salah" => Ok(false),
        _ => Err(format!("'{t}' is not true or false (also ya/tidak, 1/0)")),
    }
}

/// Codes as written: no surrounding space, no control characters.
fn code(t: &str) -> Result<String, String> {
    if t.chars().any(char::is_control) {
        return Err("a code cannot hold control characters".into());
    }
    Ok(t.to_string())
}

fn table<'a>(input: &'a RawInput, t: &Table) -> &'a RawTable {
    input.tables.iter().find(|r| r.table.name == t.name).expect("every table is read")
}

/// Where each record of the merged dataset came from, for messages about it.
struct Origin {
    unit_place: HashMap<UnitId, String>,
}

/// Builds the dataset that results from applying `input` to `base` (empty for a
/// fresh import or a replace; the current content for a merge, where rows upsert by
/// code and NIP). Problems go to `problems`; the result is meaningless when any.
pub fn build(input: &RawInput, mut data: Dataset, problems: &mut Problems) -> Dataset {
    let mut origin = Origin { unit_place: HashMap::new() };
    let unit_parents = units(table(input, &schema::UNITS), &mut data, problems, &mut origin);
    resolve_parents(&mut data, unit_parents, problems);
    check_cycles(&data, &origin, problems);
    positions(table(input, &schema::POSITIONS), &mut data, problems);
    employees(table(input, &schema::EMPLOYEES), &mut data, problems);
    let nips: std::collections::HashSet<Nip> = data.employees.iter().map(|e| e.nip).collect();
    records(input, &mut data, &nips, problems);
    data
}

fn units(
    raw: &RawTable,
    data: &mut Dataset,
    problems: &mut Problems,
    origin: &mut Origin,
) -> Vec<(usize, String, String)> {
    let mut by_code: HashMap<String, usize> = data.units.iter().enumerate().map(|(i, u)| (u.code.clone(), i)).collect();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut next_id = data.units.iter().map(|u| u.id.0).max().unwrap_or(0) + 1;
    let mut parents = Vec::new();
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let code = c.req(problems, "code", code);
        let name = c.required(problems, "name").map(str::to_string);
        let eselon = c.opt(problems, "eselon", Eselon::parse);
        let kind = c.text("kind").to_lowercase();
        let parent_code = c.text("parent_code").to_string();
        let Some(code) = code else { continue };
        if let Some(first) = seen.insert(code.clone(), row.line) {
            c.fail(problems, "code", format!("duplicate unit code '{code}' (first on line {first})"));
        }
        let (Some(name), true) = (name, c.ok) else { continue };
        let index = *by_code.entry(code.clone()).or_insert_with(|| {
            data.units.push(Unit {
                id: UnitId(next_id),
                code: code.clone(),
                parent: None,
                name: String::new(),
                kind: String::new(),
                eselon: None,
            });
            next_id += 1;
            data.units.len() - 1
        });
        let unit = &mut data.units[index];
        unit.name = name;
        unit.kind = kind;
        unit.eselon = eselon;
        origin.unit_place.insert(unit.id, c.place());
        parents.push((index, parent_code, c.place()));
    }
    parents
}

fn resolve_parents(data: &mut Dataset, parents: Vec<(usize, String, String)>, problems: &mut Problems) {
    let by_code: HashMap<&str, UnitId> = data.units.iter().map(|u| (u.code.as_str(), u.id)).collect();
    let mut resolved = Vec::with_capacity(parents.len());
    for (index, parent_code, place) in parents {
        if parent_code.is_empty() {
            resolved.push((index, None));
            continue;
        }
        match by_code.get(parent_code.as_str()) {
            Some(p) if *p == data.units[index].id => {
                problems.push(place, Some("parent_code"), format!("unit '{parent_code}' is its own parent (a cycle)"));
            }
            Some(p) => resolved.push((index, Some(*p))),
            None => problems.push(place, Some("parent_code"), format!("unknown unit '{parent_code}'")),
        }
    }
    for (index, parent) in resolved {
        data.units[index].parent = parent;
    }
}

/// Reports every cycle of parents once, at the first unit of the cycle in input order.
fn check_cycles(data: &Dataset, origin: &Origin, problems: &mut Problems) {
    let parent: HashMap<UnitId, Option<UnitId>> = data.units.iter().map(|u| (u.id, u.parent)).collect();
    let code: HashMap<UnitId, &str> = data.units.iter().map(|u| (u.id, u.code.as_str())).collect();
    // 0 = unvisited, 1 = on the current walk, 2 = known to reach a root.
    let mut state: HashMap<UnitId, u8> = HashMap::new();
    for u in &data.units {
        let mut walk: Vec<UnitId> = Vec::new();
        let mut at = Some(u.id);
        while let Some(id) = at {
            match state.get(&id).copied().unwrap_or(0) {
                2 => break,
                1 => {
                    let start = walk.iter().position(|w| *w == id).unwrap_or(0);
                    let cycle = &walk[start..];
                    if cycle.len() > 1 {
                        let first = cycle.iter().min_by_key(|c| c.0).copied().unwrap_or(id);
                        let names: Vec<&str> =
                            cycle.iter().chain(std::iter::once(&cycle[0])).map(|c| code[c]).collect();
                        let place = origin.unit_place.get(&first).cloned().unwrap_or_else(|| "units".into());
                        problems.push(place, Some("parent_code"), format!("units form a cycle: {}", names.join(" → ")));
                    }
                    break;
                }
                _ => {
                    state.insert(id, 1);
                    walk.push(id);
                    at = parent.get(&id).copied().flatten();
                }
            }
        }
        for w in walk {
            state.insert(w, 2);
        }
    }
}

fn positions(raw: &RawTable, data: &mut Dataset, problems: &mut Problems) {
    let units: HashMap<String, UnitId> = data.units.iter().map(|u| (u.code.clone(), u.id)).collect();
    let mut by_code: HashMap<String, usize> =
        data.positions.iter().enumerate().map(|(i, p)| (p.code.clone(), i)).collect();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut next_id = data.positions.iter().map(|p| p.id.0).max().unwrap_or(0) + 1;
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let code = c.req(problems, "code", code);
        let unit_code = c.required(problems, "unit_code");
        let name = c.required(problems, "name").map(str::to_string);
        let kind = c.req(problems, "kind", PositionKind::parse);
        let level = c.opt(problems, "level", Level::parse);
        let eselon = c.opt(problems, "eselon", Eselon::parse);
        let class = c.opt(problems, "class", int_in(1u8, 17, "a kelas jabatan"));
        let needed = c.opt(problems, "needed", int_in(0u32, 1_000_000, "a headcount"));
        let head = c.opt(problems, "head", boolean).unwrap_or(false);
        let unit = unit_code.and_then(|uc| match units.get(uc) {
            Some(u) => Some(*u),
            None => {
                c.fail(problems, "unit_code", format!("unknown unit '{uc}'"));
                None
            }
        });
        if let Some(kind) = kind {
            match level {
                Some(l) if !l.fits(kind) => {
                    c.fail(problems, "level", format!("a {kind} position cannot have level {l}"))
                }
                None if matches!(kind, PositionKind::Jpt | PositionKind::Fungsional) => {
                    c.fail(problems, "level", format!("a {kind} position needs a level"))
                }
                _ => {}
            }
        }
        let Some(code) = code else { continue };
        if let Some(first) = seen.insert(code.clone(), row.line) {
            c.fail(problems, "code", format!("duplicate position code '{code}' (first on line {first})"));
        }
        let (Some(unit), Some(name), Some(kind), true) = (unit, name, kind, c.ok) else { continue };
        let position = Position {
            id: PositionId(next_id),
            code: code.clone(),
            unit,
            name,
            kind,
            level,
            eselon,
            class,
            needed,
            head,
        };
        match by_code.get(&code) {
            Some(&i) => data.positions[i] = Position { id: data.positions[i].id, ..position },
            None => {
                by_code.insert(code, data.positions.len());
                data.positions.push(position);
                next_id += 1;
            }
        }
    }
}

fn employees(raw: &RawTable, data: &mut Dataset, problems: &mut Problems) {
    let positions: HashMap<String, PositionId> = data.positions.iter().map(|p| (p.code.clone(), p.id)).collect();
    let mut by_nip: HashMap<Nip, usize> = data.employees.iter().enumerate().map(|(i, e)| (e.nip, i)).collect();
    let mut seen: HashMap<Nip, u64> = HashMap::new();
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let nip = c.req(problems, "nip", Nip::parse);
        let name = c.required(problems, "name").map(str::to_string);
        let facts = nip.and_then(|n| n.facts().ok());
        let status = c.opt(problems, "status", EmploymentStatus::parse).unwrap_or(match facts {
            Some(f) if f.pppk_form => EmploymentStatus::Pppk,
            _ => EmploymentStatus::Pns,
        });
        if status == EmploymentStatus::Pns && facts.is_some_and(|f| f.pppk_form) {
            c.fail(problems, "status", "a PNS cannot have a PPPK-form NIP (21 in digits 13–14)");
        }
        let grade = c.opt(problems, "grade", |t| Grade::parse(t, status));
        let grade_since = c.opt(problems, "grade_since", Date::parse);
        let position = c.opt(problems, "position_code", |t| {
            positions.get(t).copied().ok_or_else(|| format!("unknown position '{t}'"))
        });
        let position_since = c.opt(problems, "position_since", Date::parse);
        let education = c.opt(problems, "education", Education::parse);
        let birth_date = c.opt(problems, "birth_date", Date::parse);
        let sex = c.opt(problems, "sex", Sex::parse);
        let service_start = c.opt(problems, "service_start", Date::parse);
        let potential = c.opt(problems, "potential", int_in(0u8, 100, "a potential score"));
        let mut service_start_override = None;
        if let (Some(nip), Some(f)) = (nip, facts) {
            if let Some(b) = birth_date.filter(|b| *b != f.birth_date) {
                c.fail(problems, "birth_date", format!("{b} conflicts with NIP {nip}, which says {}", f.birth_date));
            }
            if let Some(s) = sex.filter(|s| *s != f.sex) {
                c.fail(problems, "sex", format!("{s} conflicts with NIP {nip}, which says {}", f.sex));
            }
            if let Some(s) = service_start {
                let month_ok = f.appointed_month.is_none_or(|m| m == s.month());
                if s.year() != f.appointed_year || !month_ok {
                    let nip_says = match f.appointed_month {
                        Some(m) => format!("{}-{m:02}", f.appointed_year),
                        None => f.appointed_year.to_string(),
                    };
                    c.fail(problems, "service_start", format!("{s} conflicts with NIP {nip}, whose TMT is {nip_says}"));
                } else if s != Employee::service_start_from_nip(&f) {
                    service_start_override = Some(s);
                }
            }
        }
        let Some(nip) = nip else { continue };
        if let Some(first) = seen.insert(nip, row.line) {
            c.fail(problems, "nip", format!("duplicate NIP {nip} (first on line {first})"));
        }
        let (Some(name), true) = (name, c.ok) else { continue };
        let employee = Employee {
            nip,
            name,
            status,
            grade,
            grade_since,
            position,
            position_since,
            education,
            service_start_override,
            potential,
        };
        match by_nip.get(&nip) {
            Some(&i) => data.employees[i] = employee,
            None => {
                by_nip.insert(nip, data.employees.len());
                data.employees.push(employee);
            }
        }
    }
}

/// Upserts one per-employee (or per-position) record list entry by its key.
fn upsert<K: Ord, T>(map: &mut BTreeMap<K, Vec<T>>, owner: K, item: T, same: impl Fn(&T) -> bool) {
    let list = map.entry(owner).or_default();
    match list.iter_mut().find(|x| same(x)) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

fn records(input: &RawInput, data: &mut Dataset, nips: &std::collections::HashSet<Nip>, problems: &mut Problems) {
    let known_nip = |c: &mut Cells, problems: &mut Problems| -> Option<Nip> {
        let nip = c.req(problems, "nip", Nip::parse)?;
        if nips.contains(&nip) {
            Some(nip)
        } else {
            c.fail(problems, "nip", format!("unknown employee {nip}"));
            None
        }
    };
    let level = int_in(1u8, 5, "a competency level");

    let raw = table(input, &schema::RATINGS);
    let mut seen = HashMap::new();
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let nip = known_nip(&mut c, problems);
        let year = c.req(problems, "year", int_in(1950u16, 2100, "a year"));
        let rating = c.req(problems, "rating", RatingLevel::parse);
        let (Some(nip), Some(year), Some(rating)) = (nip, year, rating) else { continue };
        if let Some(first) = seen.insert((nip, year), row.line) {
            c.fail(problems, "year", format!("second rating of {nip} for {year} (first on line {first})"));
            continue;
        }
        upsert(&mut data.ratings, nip, Rating { year, rating }, |r| r.year == year);
    }

    let raw = table(input, &schema::ASSESSMENTS);
    let mut seen = HashMap::new();
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let nip = known_nip(&mut c, problems);
        let competency = c.req(problems, "competency", Competency::parse);
        let lvl = c.req(problems, "level", &level);
        let assessed_on = c.opt(problems, "assessed_on", Date::parse);
        let (Some(nip), Some(competency), Some(lvl), true) = (nip, competency, lvl, c.ok) else { continue };
        if let Some(first) = seen.insert((nip, competency.clone(), assessed_on), row.line) {
            c.fail(
                problems,
                "competency",
                format!("second assessment of {nip} in {competency} on the same date (first on line {first})"),
            );
            continue;
        }
        let same_key = (competency.clone(), assessed_on);
        upsert(&mut data.assessments, nip, Assessment { competency, level: lvl, assessed_on }, |a| {
            (a.competency.clone(), a.assessed_on) == same_key
        });
    }

    let raw = table(input, &schema::STANDARDS);
    let positions: HashMap<&str, PositionId> = data.positions.iter().map(|p| (p.code.as_str(), p.id)).collect();
    let mut standards = std::mem::take(&mut data.standards);
    let mut seen = HashMap::new();
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let position = c.req(problems, "position_code", |t| {
            positions.get(t).copied().ok_or_else(|| format!("unknown position '{t}'"))
        });
        let competency = c.req(problems, "competency", Competency::parse);
        let lvl = c.req(problems, "level", &level);
        let (Some(position), Some(competency), Some(lvl)) = (position, competency, lvl) else { continue };
        if let Some(first) = seen.insert((position, competency.clone()), row.line) {
            c.fail(problems, "competency", format!("{competency} is already in this standard (line {first})"));
            continue;
        }
        let same = competency.clone();
        upsert(&mut standards, position, StandardEntry { competency, level: lvl }, |s| s.competency == same);
    }
    data.standards = standards;

    let raw = table(input, &schema::DISCIPLINE);
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let nip = known_nip(&mut c, problems);
        let severity = c.req(problems, "severity", Severity::parse);
        let start = c.req(problems, "start", Date::parse);
        let end = c.opt(problems, "end", Date::parse);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                c.fail(problems, "end", format!("{e} is before the start {s}"));
            }
        }
        let (Some(nip), Some(severity), Some(start), true) = (nip, severity, start, c.ok) else { continue };
        upsert(&mut data.penalties, nip, Penalty { severity, start, end }, |p| {
            p.severity == severity && p.start == start
        });
    }

    let raw = table(input, &schema::TRAININGS);
    for row in &raw.rows {
        let mut c = Cells::new(raw, row);
        let nip = known_nip(&mut c, problems);
        let name = c.required(problems, "name").map(str::to_string);
        let kind = c.text("kind").to_string();
        let year = c.opt(problems, "year", int_in(1950u16, 2100, "a year"));
        let (Some(nip), Some(name), true) = (nip, name, c.ok) else { continue };
        let key = (name.clone(), year);
        upsert(&mut data.trainings, nip, Training { name, kind, year }, |t| (t.name.clone(), t.year) == key);
    }
    normalize_order(data);
}

/// Sorts every record list so that export order never depends on input order.
pub fn normalize_order(data: &mut Dataset) {
    for l in data.ratings.values_mut() {
        l.sort();
    }
    for l in data.assessments.values_mut() {
        l.sort_by(|a, b| (&a.competency, a.assessed_on).cmp(&(&b.competency, b.assessed_on)));
    }
    for l in data.standards.values_mut() {
        l.sort();
    }
    for l in data.penalties.values_mut() {
        l.sort_by_key(|p| (p.start, p.severity));
    }
    for l in data.trainings.values_mut() {
        l.sort_by(|a, b| (a.year, &a.name).cmp(&(b.year, &b.name)));
    }
}
