//! The domain model: organization units, positions, employees and their records.
//!
//! Pure data and pure functions: nothing here does I/O or knows about the terminal.

mod anjab;
mod date;
mod enums;
mod journal;
mod nip;
mod ops;
mod people;
mod review;
pub mod text;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use anjab::{
    AnjabRow, FUNCTIONAL_FACTORS, JobDescription, REQUIREMENTS, STRUCTURAL_FACTORS, Section, factor_level, factors_of,
    from_text as anjab_from_text, to_text as anjab_to_text,
};
pub use date::Date;
pub use enums::{
    Competency, Decision, Education, EmploymentStatus, Eselon, Grade, Level, PositionKind, RatingLevel, Severity, Sex,
};
pub use journal::{Draft, JournalEntry, Origin, UndoState};
pub use nip::{NIP_MAX, NIP_MIN, Nip, NipFacts};
pub use ops::{NewPosition, Op, PositionEdit};
pub use people::{EarlierPost, Levels, People, Person, PersonFacts, earlier_posts, latest_level};
pub use review::{Mark, Review, Stamp};

/// The largest kebutuhan a position may have, given or computed from its tasks.
pub const MAX_NEEDED: u32 = 1_000_000;

/// The most minutes one doing of a task may take: a year's effective working time
/// (1 250 hours, PermenPANRB 1/2020). More is no task of one post.
pub const MAX_TASK_MINUTES: f64 = 75_000.0;

/// The most times a year a task may be done: a hundred million (a city's every
/// resident served many times over). More is a slip of the keyboard, whose figures
/// would run past what can be counted.
pub const MAX_TASK_VOLUME: f64 = 100_000_000.0;

/// The most levels a unit tree may have, the instansi being the first. Real
/// structures have fewer than ten; the limit keeps every walk up a tree short.
pub const MAX_UNIT_DEPTH: usize = 100;

/// Stable internal id of a unit. Codes can be renamed; ids never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitId(pub u32);

/// Stable internal id of a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PositionId(pub u32);

/// An organization unit: the instansi at a root, then perangkat daerah, bidang, seksi …
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Internal id.
    pub id: UnitId,
    /// The agency's code, unique in the database.
    pub code: String,
    /// The parent unit; `None` for an instansi (a root).
    pub parent: Option<UnitId>,
    /// Name as the agency writes it.
    pub name: String,
    /// Free label of the unit's kind (dinas, bidang, seksi, kelurahan …); local practice.
    pub kind: String,
    /// Eselon of the unit, if it is recorded on the unit itself.
    pub eselon: Option<Eselon>,
}

/// A position (jabatan) in a unit, held by zero or more employees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Internal id.
    pub id: PositionId,
    /// The agency's code, unique in the database.
    pub code: String,
    /// The unit the position belongs to.
    pub unit: UnitId,
    /// Name (nomenclature).
    pub name: String,
    /// What kind of post it is and how many it needs.
    pub spec: PositionSpec,
}

/// What a position is, apart from its identity, place and name: the kind, level,
/// eselon and class of the post, its kebutuhan and whether it heads its unit. One type
/// serves a position, the content of a new one and the stored value, so these fields
/// are spelled out once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionSpec {
    /// Kind (jenis jabatan).
    pub kind: PositionKind,
    /// Level (jenjang), for JPT and fungsional positions.
    pub level: Option<Level>,
    /// Eselon, for structural positions.
    pub eselon: Option<Eselon>,
    /// Kelas jabatan 1–17 (local values).
    pub class: Option<u8>,
    /// Kebutuhan: the needed headcount, when known.
    pub needed: Option<u32>,
    /// Whether this is the head position (kepala) of its unit.
    pub head: bool,
}

impl PositionSpec {
    /// A pelaksana post: no level, eselon or class, not a head.
    pub fn pelaksana(needed: Option<u32>) -> PositionSpec {
        PositionSpec { kind: PositionKind::Pelaksana, level: None, eselon: None, class: None, needed, head: false }
    }
}

/// An employee (PNS or PPPK). Birth date and sex are read from the NIP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    /// NIP, the permanent identifier.
    pub nip: Nip,
    /// Name with academic titles as the agency writes it.
    pub name: String,
    /// PNS or PPPK.
    pub status: EmploymentStatus,
    /// Current grade (golongan), on the scale of `status`.
    pub grade: Option<Grade>,
    /// Since when the grade is held (TMT golongan).
    pub grade_since: Option<Date>,
    /// The position held; `None` while not placed (belum ditempatkan).
    pub position: Option<PositionId>,
    /// Since when the position is held (TMT jabatan).
    pub position_since: Option<Date>,
    /// Highest education.
    pub education: Option<Education>,
    /// Start of service when it is not the first of the NIP's appointment month.
    pub service_start_override: Option<Date>,
    /// Potential score 0–100 (talent assessment), when known.
    pub potential: Option<u8>,
}

impl Employee {
    /// Facts read from the NIP (always valid for a stored employee).
    fn nip_facts(&self) -> NipFacts {
        self.nip.facts().expect("a stored NIP was validated")
    }

    /// Date of birth, from the NIP.
    pub fn birth_date(&self) -> Date {
        self.nip_facts().birth_date
    }

    /// Sex, from the NIP.
    pub fn sex(&self) -> Sex {
        self.nip_facts().sex
    }

    /// Start of service: the explicit date, else the first day of the NIP's
    /// appointment month (January for a PPPK number, which has no month).
    pub fn service_start(&self) -> Date {
        self.service_start_override.unwrap_or_else(|| Self::service_start_from_nip(&self.nip_facts()))
    }

    /// The start of service a NIP implies.
    pub fn service_start_from_nip(facts: &NipFacts) -> Date {
        Date::from_ymd(facts.appointed_year, facts.appointed_month.unwrap_or(1), 1).expect("validated month")
    }
}

/// One year's performance rating of an employee.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rating {
    /// The year rated.
    pub year: u16,
    /// The predikat.
    pub rating: RatingLevel,
}

/// One step of an employee's grade history: the grade held from a date.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GradeStep {
    /// From when (TMT golongan).
    pub since: Date,
    /// The grade.
    pub grade: Grade,
}

/// The credit points (angka kredit) a functional employee earned in a year, as the
/// records hold them (since 2023 worked out from the year's rating, PermenPANRB 1/2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CreditPoints {
    /// The year.
    pub year: u16,
    /// The points, in thousandths (12.5 is 12 500), so that sums are exact.
    pub thousandths: u32,
}

impl CreditPoints {
    /// Points written with up to three decimals (`12.5`, `9.375`; a comma is read as
    /// the decimal point too).
    pub fn parse_points(text: &str) -> Option<u32> {
        let text = text.trim().replace(',', ".");
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) if digits(fraction) && fraction.len() <= 3 => (whole, fraction),
            Some(_) => return None,
            None => (text.as_str(), ""),
        };
        if !digits(whole) {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let fraction: u32 = format!("{fraction:0<3}").parse().ok()?;
        whole.checked_mul(1000)?.checked_add(fraction)
    }

    /// Thousandths as written: `12.5`, `100`.
    pub fn points_text(thousandths: u64) -> String {
        let (whole, fraction) = (thousandths / 1000, thousandths % 1000);
        if fraction == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{fraction:03}").trim_end_matches('0').to_string()
        }
    }
}

/// An assessed competency level of an employee.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assessment {
    /// The competency.
    pub competency: Competency,
    /// Level 1–5.
    pub level: u8,
    /// When it was assessed.
    pub assessed_on: Option<Date>,
}

/// One line of a position's competency standard.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StandardEntry {
    /// The competency.
    pub competency: Competency,
    /// Required level 1–5.
    pub level: u8,
}

/// A disciplinary penalty.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Penalty {
    /// Severity.
    pub severity: Severity,
    /// First day in force.
    pub start: Date,
    /// Last day in force, if recorded.
    pub end: Option<Date>,
}

/// One post of an employee's position history (riwayat jabatan): what they held, where,
/// from when to when, as it was named then (a post held elsewhere, or since renamed or
/// removed, keeps its own words).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PostHeld {
    /// From when (TMT jabatan).
    pub from: Date,
    /// Until when; none while still held or when the end is not recorded.
    pub to: Option<Date>,
    /// The position's name.
    pub position: String,
    /// Its code, when it was one of this database's.
    pub position_code: Option<String>,
    /// The unit (or agency) it belonged to, by name.
    pub unit: Option<String>,
    /// Its kind.
    pub kind: Option<PositionKind>,
    /// Its level (jenjang), for JPT and functional posts.
    pub level: Option<Level>,
}

/// A training (diklat) an employee attended.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Training {
    /// Name of the training.
    pub name: String,
    /// Kind (struktural, fungsional, teknis …), free text.
    pub kind: String,
    /// Year attended.
    pub year: Option<u16>,
}

/// Everything recorded about one employee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The employee.
    pub employee: Employee,
    /// Grade history, oldest first.
    pub grade_history: Vec<GradeStep>,
    /// Position history (riwayat jabatan), oldest first.
    pub position_history: Vec<PostHeld>,
    /// Ratings, oldest first.
    pub ratings: Vec<Rating>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
    /// Penalties.
    pub penalties: Vec<Penalty>,
    /// Trainings.
    pub trainings: Vec<Training>,
    /// Credit points by year, oldest first.
    pub credit_points: Vec<CreditPoints>,
}

/// A whole database's content in memory, with ids resolved: what import validates,
/// what the generator produces and what export reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Units; a parent may come after its child.
    pub units: Vec<Unit>,
    /// Positions.
    pub positions: Vec<Position>,
    /// Employees.
    pub employees: Vec<Employee>,
    /// Grade histories by NIP, each sorted by date.
    pub grade_history: BTreeMap<Nip, Vec<GradeStep>>,
    /// Position histories by NIP, each sorted by date.
    pub position_history: BTreeMap<Nip, Vec<PostHeld>>,
    /// Ratings by NIP, each list sorted by year.
    pub ratings: BTreeMap<Nip, Vec<Rating>>,
    /// Assessments by NIP.
    pub assessments: BTreeMap<Nip, Vec<Assessment>>,
    /// Competency standards by position.
    pub standards: BTreeMap<PositionId, Vec<StandardEntry>>,
    /// Penalties by NIP.
    pub penalties: BTreeMap<Nip, Vec<Penalty>>,
    /// Trainings by NIP.
    pub trainings: BTreeMap<Nip, Vec<Training>>,
    /// Credit points by NIP, each list sorted by year.
    pub credit_points: BTreeMap<Nip, Vec<CreditPoints>>,
    /// Workload tasks by position (ABK).
    pub tasks: BTreeMap<PositionId, Vec<Task>>,
    /// Job descriptions (anjab) by position.
    pub anjab: BTreeMap<PositionId, JobDescription>,
    /// SIASN's id of a unit (UNOR ID), by unit code. Kept by code, not by internal id,
    /// and not removed with its unit: an undone removal brings the unit back under its
    /// code, and its UNOR ID with it. Only the entries of units there count.
    pub unor_ids: BTreeMap<String, String>,
}

impl Dataset {
    /// Whether it holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.positions.is_empty() && self.employees.is_empty()
    }

    /// Units in tree order (pre-order; siblings by id), roots first by id.
    pub fn units_in_tree_order(&self) -> Vec<&Unit> {
        let mut children: BTreeMap<Option<UnitId>, Vec<&Unit>> = BTreeMap::new();
        for u in &self.units {
            children.entry(u.parent).or_default().push(u);
        }
        for list in children.values_mut() {
            list.sort_by_key(|u| u.id);
        }
        let mut out = Vec::with_capacity(self.units.len());
        let mut stack: Vec<&Unit> = children.get(&None).map(|r| r.iter().rev().copied().collect()).unwrap_or_default();
        while let Some(u) = stack.pop() {
            out.push(u);
            if let Some(kids) = children.get(&Some(u.id)) {
                stack.extend(kids.iter().rev());
            }
        }
        out
    }
}

impl Dataset {
    /// Kebutuhan and bezetting of every unit, summed over the unit and all below it.
    pub fn subtree_headcounts(&self) -> std::collections::HashMap<UnitId, Headcount> {
        use std::collections::HashMap;
        let mut filled: HashMap<PositionId, u64> = HashMap::new();
        for e in &self.employees {
            if let Some(p) = e.position {
                *filled.entry(p).or_default() += 1;
            }
        }
        let mut totals: HashMap<UnitId, Headcount> = self.units.iter().map(|u| (u.id, Headcount::default())).collect();
        for p in &self.positions {
            if let Some(t) = totals.get_mut(&p.unit) {
                let holders = filled.get(&p.id).copied().unwrap_or(0);
                t.add_position(p.spec.needed, holders, self.tasks.get(&p.id).map_or(&[], Vec::as_slice));
            }
        }
        // Reverse pre-order visits every unit after all of its descendants.
        for u in self.units_in_tree_order().into_iter().rev() {
            if let Some(parent) = u.parent {
                let own = totals[&u.id];
                totals.get_mut(&parent).expect("parents exist").add(own);
            }
        }
        totals
    }
}

/// One task of a position's workload analysis (ABK, domain.md §6).
#[derive(Clone, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct Task {
    /// What is done (uraian tugas).
    pub name: String,
    /// How many times a year.
    pub volume: f64,
    /// Standard minutes per time (norma waktu).
    pub minutes: f64,
}

impl Task {
    /// Minutes a year.
    pub fn workload(&self) -> f64 {
        self.volume * self.minutes
    }
}

/// Headcount figures of a position or a subtree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headcount {
    /// Σ kebutuhan (positions without a figure count as 0).
    pub needed: u64,
    /// Bezetting: number of holders.
    pub filled: u64,
    /// Σ yearly workload, in whole minutes, of the positions with tasks (ABK).
    pub workload_minutes: u64,
    /// Holders of the positions with tasks, for the job efficiency.
    pub filled_with_tasks: u64,
}

impl Headcount {
    /// Selisih = bezetting − kebutuhan (negative = shortage).
    pub fn difference(self) -> i64 {
        self.filled as i64 - self.needed as i64
    }

    /// Counts one position: its kebutuhan, its holders, and its workload when it has tasks.
    pub fn add_position(&mut self, needed: Option<u32>, holders: u64, tasks: &[Task]) {
        self.needed += u64::from(needed.unwrap_or(0));
        self.filled += holders;
        if !tasks.is_empty() {
            self.workload_minutes += tasks.iter().map(Task::workload).sum::<f64>().round() as u64;
            self.filled_with_tasks += holders;
        }
    }

    /// Adds the figures of a subtree.
    pub fn add(&mut self, other: Headcount) {
        self.needed += other.needed;
        self.filled += other.filled;
        self.workload_minutes += other.workload_minutes;
        self.filled_with_tasks += other.filled_with_tasks;
    }
}

/// Subtree totals of `units` (ordered deepest first), each its own positions' figures
/// plus its children's totals: those computed here for children among `units`, the
/// `stored` ones for the others. What an edit recomputes for the units above what it
/// touched, whether the store commits it or a draft shows it.
pub fn roll_up<E>(
    units: &[UnitId],
    mut own: impl FnMut(UnitId) -> Result<Headcount, E>,
    mut children: impl FnMut(UnitId) -> Result<Vec<UnitId>, E>,
    mut stored: impl FnMut(UnitId) -> Result<Headcount, E>,
) -> Result<std::collections::HashMap<UnitId, Headcount>, E> {
    let mut out: std::collections::HashMap<UnitId, Headcount> = std::collections::HashMap::new();
    for &id in units {
        let mut total = own(id)?;
        for child in children(id)? {
            let sub = match out.get(&child) {
                Some(h) => *h,
                None => stored(child)?,
            };
            total.add(sub);
        }
        out.insert(id, total);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::CreditPoints;

    #[test]
    fn credit_points_read_with_up_to_three_decimals_and_write_back_the_same() {
        for (text, thousandths, back) in
            [("12.5", 12_500, "12.5"), ("9,375", 9_375, "9.375"), ("100", 100_000, "100"), (" 0.05 ", 50, "0.05")]
        {
            assert_eq!(CreditPoints::parse_points(text), Some(thousandths), "{text}");
            assert_eq!(CreditPoints::points_text(u64::from(thousandths)), back);
        }
        for bad in ["", "-1", "1.2345", "abc", "1.", ".5", "5000000"] {
            assert!(CreditPoints::parse_points(bad).is_none(), "{bad}");
        }
    }
}
