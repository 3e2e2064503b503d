//! Turning rows of text into a [`Dataset`]: every value parsed, every reference
//! resolved, every rule of the format checked, and every problem reported with its
//! place. Rows stream in table by table (units first), so only the dataset itself is
//! held in memory. Nothing here writes; an import with any problem changes nothing.

use std::collections::{BTreeMap, HashMap};

use super::read::{Problems, Row};
use crate::fxhash::FxHashMap;
use crate::i18n::{Msg, tr, trf};
use crate::model::{
    Assessment, Competency, CreditPoints, Dataset, Date, Employee, EmploymentStatus, Eselon, Grade, GradeStep, Level,
    Nip, Penalty, Position, PositionId, PositionKind, PositionSpec, PostHeld, Rating, RatingLevel, Severity, Sex,
    StandardEntry, Task, Training, Unit, UnitId,
};

/// Cells of one row, with typed accessors that report what they cannot parse.
struct Cells<'a> {
    row: Row<'a>,
    ok: bool,
}

impl<'a> Cells<'a> {
    fn new(row: Row<'a>) -> Self {
        Cells { row, ok: true }
    }

    fn text(&self, column: &str) -> &'a str {
        let row = self.row;
        &row.cells[row.origin.table.idx(column)]
    }

    /// Marks the row as not taken and says why, naming the column as the file heads
    /// it. An empty message says nothing: the cause is already reported (a table whose
    /// file could not be read, to which this row refers).
    fn fail(&mut self, problems: &mut Problems, column: &str, message: impl Into<String>) {
        self.ok = false;
        let message = message.into();
        if !message.is_empty() {
            problems.push(self.row.place_of(column), Some(&self.row.origin.column(column)), message);
        }
    }

    /// A value that must be there.
    fn required(&mut self, problems: &mut Problems, column: &str) -> Option<&'a str> {
        let t = self.text(column);
        if t.is_empty() {
            self.fail(problems, column, tr(Msg::ImpRequiredEmpty));
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
        parse(t).map_err(|m| self.fail(problems, column, m)).ok()
    }

    /// A required value, parsed.
    fn req<T>(
        &mut self,
        problems: &mut Problems,
        column: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let t = self.required(problems, column)?;
        parse(t).map_err(|m| self.fail(problems, column, m)).ok()
    }
}

fn int_in<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(
    lo: T,
    hi: T,
    what: Msg,
) -> impl Fn(&str) -> Result<T, String> {
    move |t| match t.parse::<T>() {
        Ok(v) if v >= lo && v <= hi => Ok(v),
        _ => Err(trf(Msg::ImpNotInRange, &[&t, &tr(what), &lo, &hi])),
    }
}

fn boolean(t: &str) -> Result<bool, String> {
    match t {
        "true" => return Ok(true),
        "false" => return Ok(false),
        _ => {}
    }
    match t.to_lowercase().as_str() {
        "true" | "ya" | "y" | "yes" | "1" | "benar" => Ok(true),
        "false" | "tidak" | "t" | "no" | "n" | "0" | "salah" => Ok(false),
        _ => Err(trf(Msg::ImpNotBoolean, &[&t])),
    }
}

/// Codes as written: no control characters.
fn code(t: &str) -> Result<String, String> {
    if t.chars().any(char::is_control) {
        return Err(tr(Msg::EditCodeControl).into());
    }
    Ok(t.to_string())
}

/// SIASN's id of a unit: at most 64 letters, digits, `-`, `_` or `.` (SIASN writes 32
/// hex digits; older exports a shorter number).
fn unor_id(t: &str) -> Result<String, String> {
    let fits = t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if fits { Ok(t.to_string()) } else { Err(trf(Msg::ImpUnorIdInvalid, &[&crate::model::text::truncate(t, 70)])) }
}

/// A UNOR ID as two are compared: SIASN writes its hex digits in capitals, a
/// spreadsheet may not.
fn unor_key(id: &str) -> String {
    id.to_ascii_uppercase()
}

/// A number greater than zero, with `.` or (as Indonesian spreadsheets write it) `,`
/// before the decimals.
/// A number above 0 and at most `most`; the message names what it is and the bound.
fn positive_number(what: Msg, most: f64) -> impl Fn(&str) -> Result<f64, String> {
    move |t| {
        let normal = if t.contains('.') { t.to_string() } else { t.replace(',', ".") };
        match normal.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 && v <= most => Ok(v),
            Ok(v) if v.is_finite() && v > most => Err(trf(Msg::ImpAboveBound, &[&t, &tr(what), &most])),
            _ => Err(trf(Msg::ImpNotPositive, &[&t, &tr(what)])),
        }
    }
}

/// A NIP, also with the apostrophe a spreadsheet puts before a number kept as text
/// (`'198001012005011001`, as SIASN's export has it).
fn nip(t: &str) -> Result<Nip, String> {
    Nip::parse(t.strip_prefix('\'').unwrap_or(t))
}

/// A name with the titles kept apart from it: `Dr.` `Budi Siregar` `M.Si.` →
/// `Dr. Budi Siregar, M.Si.`.
fn titled(before: &str, name: &str, after: &str) -> String {
    let mut whole = name.trim().to_string();
    if !before.trim().is_empty() {
        whole = format!("{} {whole}", before.trim());
    }
    if !after.trim().is_empty() {
        whole = format!("{whole}, {}", after.trim());
    }
    whole
}

fn competency_level(t: &str) -> Result<u8, String> {
    int_in(1u8, 5, Msg::WhatCompetencyLevel)(t)
}

/// Units and positions by their folded names (units by code too), for finding a post
/// an employee row names.
struct NameIndex {
    units: HashMap<String, Vec<UnitId>>,
    positions: HashMap<String, Vec<usize>>,
    /// Units by their UNOR ID (as [`unor_key`] compares them), with their names and
    /// codes as messages give them.
    unor: HashMap<String, (UnitId, String)>,
}

impl NameIndex {
    fn of(data: &Dataset) -> NameIndex {
        let fold = crate::model::text::fold;
        let mut units: HashMap<String, Vec<UnitId>> = HashMap::new();
        for u in &data.units {
            units.entry(fold(&u.name)).or_default().push(u.id);
            let code = fold(&u.code);
            let same = units.entry(code).or_default();
            if !same.contains(&u.id) {
                same.push(u.id);
            }
        }
        let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in data.positions.iter().enumerate() {
            positions.entry(fold(&p.name)).or_default().push(i);
        }
        // Only the units that carry one (most databases: none).
        let unor = data
            .units
            .iter()
            .filter_map(|u| Some((unor_key(data.unor_ids.get(&u.code)?), (u.id, format!("{} ({})", u.name, u.code)))))
            .collect();
        NameIndex { units, positions, unor }
    }
}

/// Builds the dataset that results from applying the input to a base (empty for a
/// fresh import or a replace; the current content for a merge, where rows upsert by
/// code and NIP). Feed it the tables in order: units, [`Builder::finish_units`],
/// positions, employees, then the records.
pub struct Builder {
    data: Dataset,
    unit_by_code: FxHashMap<String, usize>,
    position_by_code: FxHashMap<String, usize>,
    employee_by_nip: FxHashMap<Nip, usize>,
    /// Where each unit row was, for messages about cycles.
    unit_place: HashMap<UnitId, String>,
    /// Parent codes as written, resolved once all units are in: of a unit taken in, or
    /// (none) of a row that could not be, whose parent is still checked.
    pending_parents: Vec<(Option<usize>, String, String)>,
    /// First line of each code or key seen in this input, per table.
    seen_codes: FxHashMap<String, u64>,
    seen_nips: FxHashMap<Nip, u64>,
    /// Whether the base holds any records, so that duplicates within this input
    /// must be told from entries the input replaces.
    base_has_records: bool,
    /// Length of each list before this table touched it (merges only).
    base_lengths: FxHashMap<Nip, usize>,
    position_base_lengths: FxHashMap<PositionId, usize>,
    /// The positions whose anjab this input gives (it replaces the base's whole).
    anjab_given: std::collections::HashSet<PositionId>,
    /// Units and positions by name, made when an employee row first names its post.
    by_name: Option<NameIndex>,
    /// Whether an employee whose named post is not found is put on the holding list
    /// (`--unplaced hold`) rather than refused.
    hold_unplaced: bool,
    /// Who was put on the holding list so, with where and why.
    pub held: Vec<super::Problem>,
    /// The NIPs the employees' rows of this input bring.
    pub given: std::collections::HashSet<Nip>,
    /// Tables whose file is there but could not be read (a header without a required
    /// column): rows that refer to theirs are not taken, and not reported as unknown.
    unread: Vec<&'static str>,
    /// The parent column as the units file heads it, for the problems found once every
    /// unit is in.
    parent_column: Option<String>,
    /// The UNOR ID column as the units file heads it.
    unor_column: Option<String>,
    next_unit: u32,
    next_position: u32,
}

impl Builder {
    /// Starts from `base`.
    pub fn new(base: Dataset) -> Builder {
        Builder {
            unit_by_code: base.units.iter().enumerate().map(|(i, u)| (u.code.clone(), i)).collect(),
            position_by_code: base.positions.iter().enumerate().map(|(i, p)| (p.code.clone(), i)).collect(),
            employee_by_nip: base.employees.iter().enumerate().map(|(i, e)| (e.nip, i)).collect(),
            next_unit: base.units.iter().map(|u| u.id.0).max().unwrap_or(0) + 1,
            next_position: base.positions.iter().map(|p| p.id.0).max().unwrap_or(0) + 1,
            base_has_records: !(base.ratings.is_empty()
                && base.assessments.is_empty()
                && base.standards.is_empty()
                && base.grade_history.is_empty()
                && base.position_history.is_empty()),
            data: base,
            unit_place: HashMap::new(),
            pending_parents: Vec::new(),
            seen_codes: FxHashMap::default(),
            seen_nips: FxHashMap::default(),
            base_lengths: FxHashMap::default(),
            position_base_lengths: FxHashMap::default(),
            anjab_given: Default::default(),
            unread: Vec::new(),
            parent_column: None,
            unor_column: None,
            by_name: None,
            hold_unplaced: false,
            held: Vec::new(),
            given: Default::default(),
        }
    }

    /// Puts employees whose named post is not found on the holding list, listed,
    /// rather than refusing the import.
    pub fn hold_unplaced(&mut self) {
        self.hold_unplaced = true;
    }

    /// Notes that `table`'s file could not be read (what is wrong is already reported).
    pub fn table_unread(&mut self, table: &'static str) {
        self.unread.push(table);
    }

    /// `message` about a reference to `table` that is not found; empty (said already)
    /// when `table`'s file could not be read.
    fn not_found(&self, table: &str, message: String) -> String {
        if self.unread.contains(&table) { String::new() } else { message }
    }

    /// Starts a new table: duplicates are looked for within one table.
    pub fn start_table(&mut self) {
        self.seen_codes.clear();
        self.seen_nips.clear();
        self.base_lengths.clear();
        self.position_base_lengths.clear();
    }

    /// The resulting dataset, its record lists in canonical order.
    pub fn finish(mut self) -> Dataset {
        normalize_order(&mut self.data);
        self.data
    }

    fn first_seen_code(&mut self, code: &str, line: u64) -> Option<u64> {
        match self.seen_codes.get(code) {
            Some(first) => Some(*first),
            None => {
                self.seen_codes.insert(code.to_string(), line);
                None
            }
        }
    }

    /// One row of `units`.
    pub fn unit(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let code = c.req(problems, "code", code);
        let name = c.required(problems, "name").map(str::to_string);
        let eselon = c.opt(problems, "eselon", Eselon::parse);
        let unor = c.opt(problems, "unor_id", unor_id);
        let kind = c.text("kind");
        let kind = if kind.chars().any(char::is_uppercase) { kind.to_lowercase() } else { kind.to_string() };
        let parent_code = c.text("parent_code").to_string();
        if self.parent_column.is_none() {
            self.parent_column = Some(row.origin.column("parent_code"));
            self.unor_column = Some(row.origin.column("unor_id"));
        }
        // A row with problems is still taken in as far as it goes: its parent is
        // checked, and rows that refer to it find it, so every problem of the input is
        // reported at once rather than in rounds. Nothing is written while any remain.
        let Some(code) = code else {
            self.pending_parents.push((None, parent_code, row.place()));
            return;
        };
        if let Some(first) = self.first_seen_code(&code, row.line) {
            c.fail(problems, "code", trf(Msg::ImpDuplicateUnit, &[&code, &first]));
            self.pending_parents.push((None, parent_code, row.place()));
            return;
        }
        let index = match self.unit_by_code.get(&code) {
            Some(i) => *i,
            None => {
                let id = UnitId(self.next_unit);
                self.next_unit += 1;
                self.data.units.push(Unit {
                    id,
                    code: code.clone(),
                    parent: None,
                    name: String::new(),
                    kind: String::new(),
                    eselon: None,
                });
                self.unit_by_code.insert(code, self.data.units.len() - 1);
                self.data.units.len() - 1
            }
        };
        let unit = &mut self.data.units[index];
        unit.name = name.unwrap_or_default();
        unit.kind = kind;
        unit.eselon = eselon;
        // An empty cell keeps the UNOR ID a merge's unit has: an older file without
        // the column does not take SIASN's ids away.
        if let Some(unor) = unor {
            self.data.unor_ids.insert(unit.code.clone(), unor);
        }
        let unit = &self.data.units[index];
        self.unit_place.insert(unit.id, row.place());
        self.pending_parents.push((Some(index), parent_code, row.place()));
    }

    /// Resolves the parents of the units read and looks for cycles.
    pub fn finish_units(&mut self, problems: &mut Problems) {
        for (index, parent_code, place) in std::mem::take(&mut self.pending_parents) {
            if parent_code.is_empty() {
                if let Some(index) = index {
                    self.data.units[index].parent = None;
                }
                continue;
            }
            match (self.unit_by_code.get(&parent_code).map(|i| self.data.units[*i].id), index) {
                (Some(p), Some(index)) if p == self.data.units[index].id => {
                    problems.push(
                        place,
                        Some(self.parent_column.as_deref().unwrap_or("parent_code")),
                        trf(Msg::ImpOwnParent, &[&parent_code]),
                    );
                }
                (Some(p), Some(index)) => self.data.units[index].parent = Some(p),
                (Some(_), None) => {}
                (None, _) if self.unread.contains(&"units") => {}
                (None, _) => problems.push(
                    place,
                    Some(self.parent_column.as_deref().unwrap_or("parent_code")),
                    trf(Msg::ImpUnknownUnit, &[&parent_code]),
                ),
            }
        }
        self.check_cycles(problems);
        self.check_depth(problems);
        self.check_unor_ids(problems);
    }

    /// Reports each UNOR ID two units have, at the row of this input that gives it
    /// (the later one's when both do), naming the other unit.
    fn check_unor_ids(&self, problems: &mut Problems) {
        let mut owner: HashMap<String, &Unit> = HashMap::new();
        for u in &self.data.units {
            let Some(unor) = self.data.unor_ids.get(&u.code) else { continue };
            let Some(first) = owner.get(&unor_key(unor)).copied() else {
                owner.insert(unor_key(unor), u);
                continue;
            };
            let (at, other) = if self.unit_place.contains_key(&u.id) { (u, first) } else { (first, u) };
            let place = self.unit_place.get(&at.id).cloned().unwrap_or_else(|| "units".into());
            let given = self.data.unor_ids.get(&at.code).map_or("", String::as_str);
            problems.push(
                place,
                Some(self.unor_column.as_deref().unwrap_or("unor_id")),
                trf(Msg::ImpUnorIdTaken, &[&given, &other.code]),
            );
        }
    }

    /// Reports each unit that lies one level past [`MAX_UNIT_DEPTH`] (one problem a
    /// branch: what lies below it is too deep because of it).
    ///
    /// [`MAX_UNIT_DEPTH`]: crate::model::MAX_UNIT_DEPTH
    fn check_depth(&self, problems: &mut Problems) {
        use crate::model::MAX_UNIT_DEPTH;
        let parent: HashMap<UnitId, Option<UnitId>> = self.data.units.iter().map(|u| (u.id, u.parent)).collect();
        let mut depth: HashMap<UnitId, usize> = HashMap::new();
        for u in &self.data.units {
            // Walk up to a unit of known depth (or a root), then fill in on the way back.
            let mut walk = Vec::new();
            let mut on_walk = std::collections::HashSet::new();
            let mut at = Some(u.id);
            let base = loop {
                match at {
                    None => break 0,
                    Some(id) if depth.contains_key(&id) => break depth[&id],
                    // A cycle (reported on its own): no level to speak of.
                    Some(id) if !on_walk.insert(id) => break usize::MAX / 2,
                    Some(id) => {
                        walk.push(id);
                        at = parent.get(&id).copied().flatten();
                    }
                }
            };
            for (i, id) in walk.iter().rev().enumerate() {
                depth.insert(*id, base + i + 1);
            }
        }
        for u in &self.data.units {
            if depth.get(&u.id) == Some(&(MAX_UNIT_DEPTH + 1)) {
                let place = self.unit_place.get(&u.id).cloned().unwrap_or_else(|| "units".into());
                problems.push(
                    place,
                    Some(self.parent_column.as_deref().unwrap_or("parent_code")),
                    trf(Msg::ImpTooDeep, &[&u.code, &(MAX_UNIT_DEPTH + 1), &MAX_UNIT_DEPTH]),
                );
            }
        }
    }

    /// Reports every cycle of parents once, at the place of its lowest unit id.
    fn check_cycles(&self, problems: &mut Problems) {
        let units = &self.data.units;
        let parent: HashMap<UnitId, Option<UnitId>> = units.iter().map(|u| (u.id, u.parent)).collect();
        let code: HashMap<UnitId, &str> = units.iter().map(|u| (u.id, u.code.as_str())).collect();
        // Absent = unvisited, 1 = on the current walk, 2 = known to reach a root.
        let mut state: HashMap<UnitId, u8> = HashMap::new();
        for u in units {
            let mut walk: Vec<UnitId> = Vec::new();
            let mut at = Some(u.id);
            while let Some(id) = at {
                match state.get(&id).copied().unwrap_or(0) {
                    2 => break,
                    1 => {
                        let start = walk.iter().position(|w| *w == id).unwrap_or(0);
                        let cycle = &walk[start..];
                        if cycle.len() > 1 {
                            let first = cycle.iter().min().copied().unwrap_or(id);
                            let names: Vec<&str> =
                                cycle.iter().chain(std::iter::once(&cycle[0])).map(|c| code[c]).collect();
                            let place = self.unit_place.get(&first).cloned().unwrap_or_else(|| "units".into());
                            problems.push(
                                place,
                                Some(self.parent_column.as_deref().unwrap_or("parent_code")),
                                trf(Msg::ImpCycle, &[&names.join(" → ")]),
                            );
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

    /// One row of `positions`.
    pub fn position(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let code = c.req(problems, "code", code);
        let unit_code = c.required(problems, "unit_code");
        let name = c.required(problems, "name").map(str::to_string);
        let kind = c.req(problems, "kind", PositionKind::parse);
        let level = c.opt(problems, "level", Level::parse);
        let eselon = c.opt(problems, "eselon", Eselon::parse);
        let class = c.opt(problems, "class", int_in(1u8, 17, Msg::WhatKelas));
        let needed = c.opt(problems, "needed", int_in(0u32, crate::model::MAX_NEEDED, Msg::WhatHeadcount));
        let head = c.opt(problems, "head", boolean).unwrap_or(false);
        let unit = unit_code.and_then(|uc| match self.unit_by_code.get(uc) {
            Some(i) => Some(self.data.units[*i].id),
            None => {
                c.fail(problems, "unit_code", self.not_found("units", trf(Msg::ImpUnknownUnit, &[&uc])));
                None
            }
        });
        if let Some(kind) = kind {
            match level {
                Some(l) if !l.fits(kind) => c.fail(problems, "level", trf(Msg::EditLevelMismatch, &[&kind, &l])),
                None if kind.needs_level() => c.fail(problems, "level", trf(Msg::ImpLevelNeeded, &[&kind])),
                _ => {}
            }
        }
        let Some(code) = code else { return };
        if let Some(first) = self.first_seen_code(&code, row.line) {
            c.fail(problems, "code", trf(Msg::ImpDuplicatePosition, &[&code, &first]));
        }
        if !c.ok && self.position_by_code.contains_key(&code) {
            // A row with problems does not overwrite what an earlier row or the base has.
            return;
        }
        // A row with problems is still taken in (with what could be read), so that
        // employees and records naming it report only their own problems.
        let position = Position {
            id: PositionId(self.next_position),
            code: code.clone(),
            unit: unit.unwrap_or(UnitId(0)),
            name: name.unwrap_or_default(),
            spec: PositionSpec { kind: kind.unwrap_or(PositionKind::Pelaksana), level, eselon, class, needed, head },
        };
        match self.position_by_code.get(&code) {
            Some(&i) => self.data.positions[i] = Position { id: self.data.positions[i].id, ..position },
            None => {
                self.position_by_code.insert(code, self.data.positions.len());
                self.data.positions.push(position);
                self.next_position += 1;
            }
        }
    }

    /// One row of `employees`.
    pub fn employee(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = c.req(problems, "nip", nip);
        let name = c.required(problems, "name").map(|n| titled(c.text("title_before"), n, c.text("title_after")));
        let facts = nip.and_then(|n| n.facts().ok());
        let status = c.opt(problems, "status", super::reference::status).unwrap_or(match facts {
            Some(f) if f.pppk_form => EmploymentStatus::Pppk,
            _ => EmploymentStatus::Pns,
        });
        if status == EmploymentStatus::Pns && facts.is_some_and(|f| f.pppk_form) {
            c.fail(problems, "status", tr(Msg::ImpPnsPppkNip));
        }
        let grade = c.opt(problems, "grade", |t| Grade::parse(t, status));
        let grade_since = c.opt(problems, "grade_since", Date::parse);
        let mut position = c.opt(problems, "position_code", |t| self.position_id(t));
        // No code, but the post's name (and its unit's): the one post of that name there.
        let named = c.text("position_name").trim().to_string();
        if position.is_none() && c.text("position_code").trim().is_empty() && !named.is_empty() {
            let unit = c.text("unit_name").trim().to_string();
            match self.position_named(&named, &unit, c.text("unor_id").trim()) {
                Ok(id) => position = Some(id),
                Err(why) if self.hold_unplaced => {
                    let nip = c.text("nip");
                    let who = format!(
                        "{} {}",
                        nip.strip_prefix('\'').unwrap_or(nip),
                        titled(c.text("title_before"), c.text("name"), c.text("title_after"))
                    );
                    self.held.push(super::Problem {
                        place: row.place_of("position_name"),
                        column: Some(who),
                        message: why,
                    });
                }
                Err(why) => c.fail(problems, "position_name", why),
            }
        }
        let position_since = c.opt(problems, "position_since", Date::parse);
        let education = c.opt(problems, "education", super::reference::education);
        let birth_date = c.opt(problems, "birth_date", Date::parse);
        let sex = c.opt(problems, "sex", Sex::parse);
        let service_start = c.opt(problems, "service_start", Date::parse);
        let potential = c.opt(problems, "potential", int_in(0u8, 100, Msg::WhatPotential));
        let mut service_start_override = None;
        if let (Some(nip), Some(f)) = (nip, facts) {
            if let Some(b) = birth_date.filter(|b| *b != f.birth_date) {
                c.fail(problems, "birth_date", trf(Msg::ImpConflictsNip, &[&b, &nip, &f.birth_date]));
            }
            if let Some(s) = sex.filter(|s| *s != f.sex) {
                c.fail(problems, "sex", trf(Msg::ImpConflictsNip, &[&s, &nip, &f.sex]));
            }
            if let Some(s) = service_start {
                let month_ok = f.appointed_month.is_none_or(|m| m == s.month());
                if s.year() != f.appointed_year || !month_ok {
                    let nip_says = match f.appointed_month {
                        Some(m) => format!("{}-{m:02}", f.appointed_year),
                        None => f.appointed_year.to_string(),
                    };
                    c.fail(problems, "service_start", trf(Msg::ImpConflictsTmt, &[&s, &nip, &nip_says]));
                } else if s != Employee::service_start_from_nip(&f) {
                    service_start_override = Some(s);
                }
            }
        }
        let Some(nip) = nip else { return };
        self.given.insert(nip);
        if let Some(first) = self.seen_nips.get(&nip) {
            c.fail(problems, "nip", trf(Msg::ImpDuplicateNip, &[&nip, &first]));
            return;
        }
        self.seen_nips.insert(nip, row.line);
        if !c.ok && self.employee_by_nip.contains_key(&nip) {
            return;
        }
        // Taken in even with problems, so that their records report only their own.
        let employee = Employee {
            nip,
            name: name.unwrap_or_default(),
            status,
            grade,
            grade_since,
            position,
            position_since,
            education,
            service_start_override,
            potential,
        };
        match self.employee_by_nip.get(&nip) {
            Some(&i) => self.data.employees[i] = employee,
            None => {
                self.employee_by_nip.insert(nip, self.data.employees.len());
                self.data.employees.push(employee);
            }
        }
    }

    /// The one position named `name` (case and spacing aside) in the unit whose UNOR
    /// ID is `unor`, or else the unit `unit` names (by its name or code), or anywhere
    /// when both are empty.
    fn position_named(&mut self, name: &str, unit: &str, unor: &str) -> Result<PositionId, String> {
        let fold = |t: &str| crate::model::text::fold(t);
        // Looked up by index: an export of a province names sixty thousand posts.
        let index = self.by_name.get_or_insert_with(|| NameIndex::of(&self.data));
        let by_unor = if unor.is_empty() { None } else { index.unor.get(&unor_key(unor)).cloned() };
        // The units to look in (none: anywhere), and the unit as messages name it.
        let (units, unit): (Vec<UnitId>, String) = match by_unor {
            Some((id, name)) => (vec![id], name),
            None if unit.is_empty() && !unor.is_empty() => return Err(trf(Msg::ImpNoUnorId, &[&unor])),
            None if unit.is_empty() => (Vec::new(), String::new()),
            None => match index.units.get(&fold(unit)) {
                Some(found) => (found.clone(), unit.to_string()),
                None if unor.is_empty() => return Err(trf(Msg::ImpNoUnitNamed, &[&unit])),
                None => {
                    return Err(format!("{}; {}", trf(Msg::ImpNoUnorId, &[&unor]), trf(Msg::ImpNoUnitNamed, &[&unit])));
                }
            },
        };
        let found: Vec<&crate::model::Position> = index
            .positions
            .get(&fold(name))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|i| &self.data.positions[*i])
            .filter(|p| units.is_empty() || units.contains(&p.unit))
            .collect();
        match found.as_slice() {
            [one] => Ok(one.id),
            [] if units.is_empty() => Err(trf(Msg::ImpNoPositionNamed, &[&name])),
            [] => Err(trf(Msg::ImpNoPositionNamedIn, &[&name, &unit])),
            // The unit's name is that of several units (a `Subbagian Keuangan` in every
            // dinas): which of them is what is missing.
            many if units.len() > 1 && many.iter().any(|p| p.unit != many[0].unit) => {
                let codes: Vec<&str> = units
                    .iter()
                    .take(5)
                    .filter_map(|id| self.data.units.iter().find(|u| u.id == *id))
                    .map(|u| u.code.as_str())
                    .collect();
                Err(trf(Msg::ImpUnitsNamed, &[&units.len(), &unit, &codes.join(", ")]))
            }
            many => {
                let codes: Vec<&str> = many.iter().take(5).map(|p| p.code.as_str()).collect();
                Err(trf(Msg::ImpPositionsNamed, &[&many.len(), &name, &codes.join(", ")]))
            }
        }
    }

    /// The id of a position code of this input or the base.
    fn position_id(&self, code: &str) -> Result<PositionId, String> {
        self.position_by_code
            .get(code)
            .map(|i| self.data.positions[*i].id)
            .ok_or_else(|| self.not_found("positions", trf(Msg::ImpUnknownPosition, &[&code])))
    }

    fn known_nip(&self, c: &mut Cells, problems: &mut Problems) -> Option<Nip> {
        let nip = c.req(problems, "nip", nip)?;
        if self.employee_by_nip.contains_key(&nip) {
            Some(nip)
        } else {
            c.fail(problems, "nip", self.not_found("employees", trf(Msg::ImpUnknownEmployee, &[&nip])));
            None
        }
    }

    /// Adds `item` to `owner`'s list, or replaces the base's entry with the same key
    /// (a merge). An entry with that key already given by this input is a duplicate:
    /// reported, and the list is left as it was.
    #[allow(clippy::too_many_arguments)]
    fn put_record<K: Ord + Copy + std::hash::Hash + Eq, T>(
        map: &mut BTreeMap<K, Vec<T>>,
        base_lengths: &mut FxHashMap<K, usize>,
        base_has_records: bool,
        owner: K,
        item: T,
        same: impl Fn(&T) -> bool,
        c: &mut Cells,
        problems: &mut Problems,
        column: &str,
        duplicate: impl FnOnce() -> String,
    ) {
        let list = map.entry(owner).or_default();
        // Entries before `base` came from the database; the rest from this input.
        let base = if base_has_records { *base_lengths.entry(owner).or_insert(list.len()) } else { 0 };
        if list[base..].iter().any(&same) {
            c.fail(problems, column, duplicate());
            return;
        }
        match list[..base].iter().position(&same) {
            Some(i) => list[i] = item,
            None => list.push(item),
        }
    }

    /// One row of `grades` (the grade history), on the employee's own scale.
    pub fn grade_step(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let status = nip.and_then(|n| self.employee_by_nip.get(&n)).map(|i| self.data.employees[*i].status);
        let grade = c.req(problems, "grade", |t| Grade::parse(t, status.unwrap_or(EmploymentStatus::Pns)));
        let since = c.req(problems, "since", Date::parse);
        let (Some(nip), Some(grade), Some(since), true) = (nip, grade, since, c.ok) else { return };
        Self::put_record(
            &mut self.data.grade_history,
            &mut self.base_lengths,
            self.base_has_records,
            nip,
            GradeStep { since, grade },
            |g| g.since == since,
            &mut c,
            problems,
            "since",
            || trf(Msg::ImpSecondGrade, &[&nip, &since]),
        );
    }

    /// One row of `positions_history` (riwayat jabatan): a post held from a date,
    /// until another or still.
    pub fn post_held(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let from = c.req(problems, "from", Date::parse);
        let to = c.opt(problems, "to", Date::parse);
        let position = c.required(problems, "position").map(|t| t.trim().to_string());
        let text = |c: &Cells, column: &str| Some(c.text(column).trim().to_string()).filter(|t| !t.is_empty());
        let position_code = text(&c, "position_code");
        let unit = text(&c, "unit");
        let kind = c.opt(problems, "kind", PositionKind::parse);
        let level = c.opt(problems, "level", Level::parse);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            c.fail(problems, "to", trf(Msg::ImpBeforeStart, &[&to, &from]));
        }
        let (Some(nip), Some(from), Some(position), true) = (nip, from, position, c.ok) else { return };
        Self::put_record(
            &mut self.data.position_history,
            &mut self.base_lengths,
            self.base_has_records,
            nip,
            PostHeld { from, to, position, position_code, unit, kind, level },
            |p| p.from == from,
            &mut c,
            problems,
            "from",
            || trf(Msg::ImpSecondPost, &[&nip, &from]),
        );
    }

    /// One row of `ratings`.
    pub fn rating(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let year = c.req(problems, "year", int_in(1950u16, 2100, Msg::WhatYear));
        let rating = c.req(problems, "rating", RatingLevel::parse);
        let (Some(nip), Some(year), Some(rating)) = (nip, year, rating) else { return };
        Self::put_record(
            &mut self.data.ratings,
            &mut self.base_lengths,
            self.base_has_records,
            nip,
            Rating { year, rating },
            |r| r.year == year,
            &mut c,
            problems,
            "year",
            || trf(Msg::ImpSecondRating, &[&nip, &year]),
        );
    }

    /// One row of `assessments`.
    pub fn assessment(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let competency = c.req(problems, "competency", Competency::parse);
        let level = c.req(problems, "level", competency_level);
        let assessed_on = c.opt(problems, "assessed_on", Date::parse);
        let (Some(nip), Some(competency), Some(level), true) = (nip, competency, level, c.ok) else { return };
        let same = (competency.clone(), assessed_on);
        let message = || trf(Msg::ImpSecondAssessment, &[&nip, &same.0]);
        Self::put_record(
            &mut self.data.assessments,
            &mut self.base_lengths,
            self.base_has_records,
            nip,
            Assessment { competency, level, assessed_on },
            |a| a.competency == same.0 && a.assessed_on == same.1,
            &mut c,
            problems,
            "competency",
            message,
        );
    }

    /// One row of `standards`.
    pub fn standard(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let position = c.req(problems, "position_code", |t| self.position_id(t));
        let competency = c.req(problems, "competency", Competency::parse);
        let level = c.req(problems, "level", competency_level);
        let (Some(position), Some(competency), Some(level)) = (position, competency, level) else { return };
        let same = competency.clone();
        let message = || trf(Msg::ImpStandardTwice, &[&same]);
        Self::put_record(
            &mut self.data.standards,
            &mut self.position_base_lengths,
            self.base_has_records,
            position,
            StandardEntry { competency, level },
            |s| s.competency == same,
            &mut c,
            problems,
            "competency",
            message,
        );
    }

    /// One row of `tasks`.
    pub fn task(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let position = c.req(problems, "position_code", |t| self.position_id(t));
        let name = c.required(problems, "task").map(str::to_string);
        let volume = c.req(problems, "volume", positive_number(Msg::WhatYearlyVolume, crate::model::MAX_TASK_VOLUME));
        let minutes = c.req(problems, "minutes", positive_number(Msg::WhatMinutes, crate::model::MAX_TASK_MINUTES));
        let (Some(position), Some(name), Some(volume), Some(minutes)) = (position, name, volume, minutes) else {
            return;
        };
        let same = name.clone();
        let message = || trf(Msg::ImpTaskTwice, &[&same]);
        Self::put_record(
            &mut self.data.tasks,
            &mut self.position_base_lengths,
            self.base_has_records,
            position,
            Task { name: name.clone(), volume, minutes },
            |t| t.name == name,
            &mut c,
            problems,
            "task",
            message,
        );
    }

    /// One row of `anjab`: a line of a position's job description. A position's rows
    /// replace what the base held of its anjab, in the order given.
    pub fn anjab_row(&mut self, row: Row<'_>, problems: &mut Problems) {
        use crate::model::{AnjabRow, FUNCTIONAL_FACTORS, REQUIREMENTS, STRUCTURAL_FACTORS, Section, factor_level};
        let mut c = Cells::new(row);
        let position = c.req(problems, "position_code", |t| self.position_id(t));
        let section = c.req(problems, "section", |t| {
            Section::parse(t).ok_or_else(|| {
                let keys: Vec<&str> = Section::ALL.iter().map(|s| s.key()).collect();
                trf(Msg::ImpAnjabSection, &[&t, &keys.join(", ")])
            })
        });
        let item = c.text("item").trim().to_string();
        let text = c.required(problems, "text").map(str::to_string);
        let (Some(position), Some(section), Some(text)) = (position, section, text) else { return };
        if section.has_item() && item.is_empty() {
            c.fail(problems, "item", tr(Msg::ImpAnjabNeedsItem));
        } else if !section.has_item() && !item.is_empty() {
            c.fail(problems, "item", trf(Msg::ImpAnjabNoItem, &[&section.key()]));
        } else if section == Section::Requirement && !REQUIREMENTS.contains(&item.as_str()) {
            c.fail(problems, "item", trf(Msg::ImpAnjabRequirement, &[&item, &REQUIREMENTS.join(", ")]));
        } else if section == Section::Factor {
            let keys: Vec<&str> = FUNCTIONAL_FACTORS.iter().chain(&STRUCTURAL_FACTORS).copied().collect();
            if !keys.contains(&item.as_str()) {
                c.fail(problems, "item", trf(Msg::ImpAnjabFactor, &[&item, &keys.join(", ")]));
            } else if factor_level(&text).is_none() {
                c.fail(problems, "text", trf(Msg::ImpAnjabLevel, &[&text]));
            } else if self.data.anjab.get(&position).is_some_and(|a| {
                self.anjab_given.contains(&position) && a.item(Section::Factor, &item).next().is_some()
            }) {
                c.fail(problems, "item", trf(Msg::ImpAnjabFactorTwice, &[&item]));
            }
        }
        if text.chars().count() > crate::edit::MAX_ANJAB_TEXT {
            c.fail(problems, "text", trf(Msg::EditTooLong, &[&text.chars().count(), &crate::edit::MAX_ANJAB_TEXT]));
        }
        if !c.ok {
            return;
        }
        let anjab = self.data.anjab.entry(position).or_default();
        if self.anjab_given.insert(position) {
            anjab.rows.clear();
        }
        if anjab.rows.len() >= crate::edit::MAX_ANJAB_ROWS {
            c.fail(problems, "position_code", trf(Msg::EditAnjabTooLong, &[&crate::edit::MAX_ANJAB_ROWS]));
            return;
        }
        anjab.rows.push(AnjabRow { section, item, text });
    }

    /// One row of `discipline`.
    pub fn penalty(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let severity = c.req(problems, "severity", Severity::parse);
        let start = c.req(problems, "start", Date::parse);
        let end = c.opt(problems, "end", Date::parse);
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            c.fail(problems, "end", trf(Msg::ImpBeforeStart, &[&e, &s]));
        }
        let (Some(nip), Some(severity), Some(start), true) = (nip, severity, start, c.ok) else { return };
        upsert(&mut self.data.penalties, nip, Penalty { severity, start, end }, |p| {
            p.severity == severity && p.start == start
        });
    }

    /// One row of `credit_points`: a year's points, once a year.
    pub fn credit_points(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let year = c.req(problems, "year", int_in(1950u16, 2100, Msg::WhatYear));
        let thousandths =
            c.req(problems, "points", |t| CreditPoints::parse_points(t).ok_or_else(|| trf(Msg::ImpNotPoints, &[&t])));
        let (Some(nip), Some(year), Some(thousandths)) = (nip, year, thousandths) else { return };
        Self::put_record(
            &mut self.data.credit_points,
            &mut self.base_lengths,
            self.base_has_records,
            nip,
            CreditPoints { year, thousandths },
            |p| p.year == year,
            &mut c,
            problems,
            "year",
            || trf(Msg::ImpSecondCreditPoints, &[&nip, &year]),
        );
    }

    /// One row of `trainings`.
    pub fn training(&mut self, row: Row<'_>, problems: &mut Problems) {
        let mut c = Cells::new(row);
        let nip = self.known_nip(&mut c, problems);
        let name = c.required(problems, "name").map(str::to_string);
        let kind = c.text("kind").to_string();
        let year = c.opt(problems, "year", int_in(1950u16, 2100, Msg::WhatYear));
        let (Some(nip), Some(name), true) = (nip, name, c.ok) else { return };
        upsert(&mut self.data.trainings, nip, Training { name: name.clone(), kind, year }, |t| {
            t.name == name && t.year == year
        });
    }
}

/// Upserts one entry of a per-employee (or per-position) record list.
fn upsert<K: Ord, T>(map: &mut BTreeMap<K, Vec<T>>, owner: K, item: T, same: impl Fn(&T) -> bool) {
    let list = map.entry(owner).or_default();
    match list.iter_mut().find(|x| same(x)) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

/// Sorts every record list so that export order never depends on input order.
pub fn normalize_order(data: &mut Dataset) {
    for l in data.grade_history.values_mut() {
        l.sort();
    }
    for l in data.position_history.values_mut() {
        l.sort();
    }
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
    for l in data.credit_points.values_mut() {
        l.sort();
    }
    for l in data.trainings.values_mut() {
        l.sort_by(|a, b| (a.year, &a.name).cmp(&(b.year, &b.name)));
    }
    for l in data.tasks.values_mut() {
        l.sort_by(|a, b| a.name.cmp(&b.name));
    }
    // A section's rows keep their order; the sections come in the form's.
    for a in data.anjab.values_mut() {
        *a = std::mem::take(a).sorted();
    }
    data.anjab.retain(|_, a| !a.is_empty());
}
