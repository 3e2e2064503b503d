//! Over a unit's staff: the nine-box grid (domain.md §7), training needs from the
//! competency gaps (§5), and the formation plan from kebutuhan, bezetting and
//! retirement (§4). Pure functions over data already read.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::fxhash::FxHashMap;

use super::RuleSet;
use super::ranking::nine_box;
use crate::model::{Competency, Date, Level, Nip, People, Person, Position, PositionId, PositionKind, StandardEntry};

/// A unit's positions, each with its effective standard, and the people holding them,
/// read in place from their batches (a national database has 4.5 million people: no
/// list of them is made).
pub struct Staff<'a> {
    /// The positions of the subtree, with their standards (shared: most positions
    /// have the default standard of their kind and level).
    pub positions: &'a [(Position, Arc<[StandardEntry]>)],
    batches: &'a [People],
    index: FxHashMap<PositionId, usize>,
}

impl<'a> Staff<'a> {
    /// The staff of `positions` among the people of `batches` (others are ignored).
    pub fn new(positions: &'a [(Position, Arc<[StandardEntry]>)], batches: &'a [People]) -> Staff<'a> {
        let index = positions.iter().enumerate().map(|(i, (p, _))| (p.id, i)).collect();
        Staff { positions, batches, index }
    }

    /// Each person holding one of the positions, where they were read, and their
    /// position's place in `positions`.
    pub fn placed(&self) -> impl Iterator<Item = (PersonRef, Person<'a>, usize)> + '_ {
        self.batches.iter().enumerate().flat_map(move |(b, batch)| {
            batch.iter().enumerate().filter_map(move |(r, person)| {
                let at = *self.index.get(&person.facts.position?)?;
                Some((PersonRef { batch: b as u32, row: r as u32 }, person, at))
            })
        })
    }

    /// Everyone holding one of the positions.
    pub fn people(&self) -> impl Iterator<Item = Person<'a>> + '_ {
        self.placed().map(|(_, person, _)| person)
    }
}

/// A person of a [`Staff`], by where they were read: results name people this way
/// rather than copying their names (a national grid places 3.3 million people).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonRef {
    /// The batch.
    pub batch: u32,
    /// The row in the batch.
    pub row: u32,
}

/// The nine-box as it is drawn, rows of performance from above to below, columns of
/// potential from low to high (domain.md §7).
pub const NINE_BOX_ROWS: [[u8; 3]; 3] = [[4, 7, 9], [2, 5, 8], [1, 3, 6]];

/// The follow-up for a box (domain.md §7), as the catalogue says it.
pub fn box_follow_up(number: u8) -> crate::i18n::Msg {
    use crate::i18n::Msg;
    match number {
        9 => Msg::Box9,
        7 | 8 => Msg::Box78,
        4 => Msg::Box4,
        1 => Msg::Box1,
        _ => Msg::Box2356,
    }
}

/// One person placed in the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// NIP.
    pub nip: Nip,
    /// Who.
    pub person: PersonRef,
    /// The place of their position in the staff's positions.
    pub position: u32,
    /// The box, 1–9.
    pub nine_box: u8,
    /// The potential score, when known.
    pub potential: Option<u8>,
    /// The JPM that stood in for it: against the standard one level up.
    pub jpm_next_level: Option<f64>,
}

/// The nine-box of a unit's staff.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NineBoxGrid {
    /// People in each box, index 0 for box 1; best potential first within a box.
    pub boxes: [Vec<Placed>; 9],
    /// People who cannot be placed, with why (no rating; no potential and no assessment).
    pub unplaced: Vec<(Nip, PersonRef, &'static str)>,
}

impl NineBoxGrid {
    /// The talent pool: boxes 9, 8 and 7, in that order.
    pub fn talent_pool(&self) -> impl Iterator<Item = &Placed> {
        self.boxes[6..].iter().rev().flatten()
    }

    /// How many people are placed.
    pub fn placed(&self) -> usize {
        self.boxes.iter().map(Vec::len).sum()
    }
}

/// The standard one level up: each competency of `standard` one level higher, at
/// most 5 (domain.md §7: without a potential score, potential is the JPM against the
/// next level up).
fn next_level(standard: &[StandardEntry]) -> Vec<StandardEntry> {
    standard.iter().map(|s| StandardEntry { competency: s.competency.clone(), level: (s.level + 1).min(5) }).collect()
}

/// Places everyone of `staff` in the nine-box: performance from the latest rating,
/// potential from the potential score or else the JPM against the standard one level
/// up.
pub fn nine_box_grid(staff: &Staff, rules: &RuleSet) -> NineBoxGrid {
    let mut grid = NineBoxGrid::default();
    // Most positions share their kind's default standard: its next level is worked
    // out once per distinct standard, not once per person.
    let mut next_levels: FxHashMap<*const StandardEntry, Vec<StandardEntry>> = FxHashMap::default();
    for (who, person, at) in staff.placed() {
        let standard: &[StandardEntry] = &staff.positions[at].1;
        let last = person.ratings.iter().max_by_key(|r| r.year).map(|r| r.rating);
        // Worked out even with a potential score (which then decides): it is shown.
        let next = next_levels.entry(standard.as_ptr()).or_insert_with(|| next_level(standard));
        let jpm = super::jpm::jpm_of(next, &person.levels, &rules.jpm);
        match nine_box(last, person.facts.potential, jpm, rules) {
            Some(number) => grid.boxes[usize::from(number - 1)].push(Placed {
                nip: person.facts.nip,
                person: who,
                position: at as u32,
                nine_box: number,
                potential: person.facts.potential,
                jpm_next_level: jpm,
            }),
            None => {
                let why = if last.is_none() { "rating" } else { "potential" };
                grid.unplaced.push((person.facts.nip, who, why));
            }
        }
    }
    // Best potential first, ties by NIP; a national box holds a million people.
    let potential = |p: &Placed| p.potential.map(f64::from).or(p.jpm_next_level).unwrap_or(0.0);
    grid.boxes
        .par_iter_mut()
        .for_each(|b| b.par_sort_unstable_by(|x, y| potential(y).total_cmp(&potential(x)).then(x.nip.cmp(&y.nip))));
    grid.unplaced.sort();
    grid
}

/// Someone below their position's standard in one competency.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortfall {
    /// NIP.
    pub nip: Nip,
    /// Who.
    pub person: PersonRef,
    /// The place of their position in the staff's positions.
    pub position: u32,
    /// The level required.
    pub required: u8,
    /// Their latest level.
    pub assessed: u8,
}

impl Shortfall {
    /// Levels short (at least 1).
    pub fn short_by(&self) -> u8 {
        self.required - self.assessed
    }
}

/// The training need of one competency over a unit's staff.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingNeed {
    /// The competency.
    pub competency: Competency,
    /// People below standard, furthest below first.
    pub people: Vec<Shortfall>,
    /// People whose standard includes it but who were never assessed in it.
    pub not_assessed: usize,
}

impl TrainingNeed {
    /// How many people are short by 1, by 2, and by 3 or more.
    pub fn by_gap(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for p in &self.people {
            counts[usize::from(p.short_by().min(3) - 1)] += 1;
        }
        counts
    }
}

/// Training needs per competency: everyone below their position's standard, grouped
/// by competency, the competencies with the most people first.
pub fn training_needs(staff: &Staff) -> Vec<TrainingNeed> {
    // A handful of competencies: a list searched in place beats a map per entry.
    let mut needs: Vec<TrainingNeed> = Vec::new();
    for (who, person, position) in staff.placed() {
        for s in staff.positions[position].1.iter() {
            let need = match needs.iter().position(|n| n.competency == s.competency) {
                Some(i) => i,
                None => {
                    needs.push(TrainingNeed { competency: s.competency.clone(), people: Vec::new(), not_assessed: 0 });
                    needs.len() - 1
                }
            };
            let need = &mut needs[need];
            match person.levels.get(&s.competency) {
                None => need.not_assessed += 1,
                Some(level) if level < s.level => need.people.push(Shortfall {
                    nip: person.facts.nip,
                    person: who,
                    position: position as u32,
                    required: s.level,
                    assessed: level,
                }),
                Some(_) => {}
            }
        }
    }
    for n in &mut needs {
        n.people.sort_by(|a, b| b.short_by().cmp(&a.short_by()).then(a.nip.cmp(&b.nip)));
    }
    needs.sort_by(|a, b| b.people.len().cmp(&a.people.len()).then(a.competency.cmp(&b.competency)));
    needs
}

/// One position of the formation plan, or a total of several.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRow {
    /// The place of the position in the staff's positions (none for a total).
    pub position: Option<u32>,
    /// Its unit.
    pub unit: crate::model::UnitId,
    /// Kind and level (of a position, or of a total per kind).
    pub kind: Option<(PositionKind, Option<Level>)>,
    /// Kebutuhan (0 when not recorded).
    pub needed: u32,
    /// Bezetting now.
    pub filled: u32,
    /// Holders reaching retirement in each year of the horizon (index 0 is this year,
    /// with those already past it).
    pub retiring: Vec<u32>,
    /// The shortage now. For a total, the sum of its positions' shortages: a surplus in
    /// one position does not fill another.
    pub shortage_now: u32,
    /// The shortage at the end of each year of the horizon, as retirements add up.
    pub shortage_by_year: Vec<u32>,
}

impl PlanRow {
    fn position(at: usize, p: &Position, years: usize) -> PlanRow {
        PlanRow {
            position: Some(at as u32),
            unit: p.unit,
            kind: Some((p.spec.kind, p.spec.level)),
            needed: p.spec.needed.unwrap_or(0),
            filled: 0,
            retiring: vec![0; years],
            shortage_now: 0,
            shortage_by_year: vec![0; years],
        }
    }

    /// An empty total (of a kind and level, or of all).
    pub fn total(kind: Option<(PositionKind, Option<Level>)>, years: usize) -> PlanRow {
        PlanRow {
            position: None,
            unit: crate::model::UnitId(0),
            kind,
            needed: 0,
            filled: 0,
            retiring: vec![0; years],
            shortage_now: 0,
            shortage_by_year: vec![0; years],
        }
    }

    /// Works out the shortages of a position from its counts.
    fn settle(&mut self) {
        self.shortage_now = self.needed.saturating_sub(self.filled);
        let mut left = self.filled;
        for (shortage, retiring) in self.shortage_by_year.iter_mut().zip(&self.retiring) {
            left = left.saturating_sub(*retiring);
            *shortage = self.needed.saturating_sub(left);
        }
    }

    /// Whether the position (or total) is short now or by the end of the years.
    pub fn is_short(&self) -> bool {
        self.shortage_now > 0 || self.shortage_by_year.last().is_some_and(|s| *s > 0)
    }

    /// Kind and level as text, `administrator` or `fungsional/ahli_muda`.
    pub fn kind_key(&self) -> String {
        self.kind.map(|(k, l)| super::kind_key(k, l)).unwrap_or_default()
    }

    /// Adds a position's (or a total's) figures.
    pub fn add(&mut self, other: &PlanRow) {
        self.needed += other.needed;
        self.filled += other.filled;
        self.shortage_now += other.shortage_now;
        for (a, b) in self.retiring.iter_mut().zip(&other.retiring) {
            *a += b;
        }
        for (a, b) in self.shortage_by_year.iter_mut().zip(&other.shortage_by_year) {
            *a += b;
        }
    }
}

impl FormationPlan {
    /// The positions a view lists, with their places: all, or only the short ones.
    pub fn listed(&self, shortages_only: bool) -> impl Iterator<Item = (usize, &PlanRow)> + '_ {
        self.positions.iter().enumerate().filter(move |(_, r)| !shortages_only || r.is_short())
    }

    /// The total a view heads its list with: the plan's, or the short positions' (their
    /// counts; the shortages are the plan's), without grouping them as [`shortages`] does.
    pub fn listed_total(&self, shortages_only: bool) -> PlanRow {
        if !shortages_only {
            return self.total.clone();
        }
        let mut total = PlanRow::total(None, self.total.retiring.len());
        for (_, row) in self.listed(true) {
            total.add(row);
        }
        total
    }
}

/// The formation plan of a unit's staff over `years` years from `today`.
#[derive(Clone, Debug, PartialEq)]
pub struct FormationPlan {
    /// The first year (this year).
    pub first_year: i32,
    /// Per position, in the order given.
    pub positions: Vec<PlanRow>,
    /// Totals per unit (its own positions), in the order the positions came.
    pub by_unit: Vec<PlanRow>,
    /// Totals per kind and level.
    pub by_kind: Vec<PlanRow>,
    /// The grand total.
    pub total: PlanRow,
}

/// Kebutuhan, bezetting, retirements per year and the resulting shortages for every
/// position of `staff`, over `years` calendar years starting with today's.
pub fn formation_plan(staff: &Staff, rules: &RuleSet, today: Date, years: u16) -> FormationPlan {
    let years = usize::from(years.max(1));
    let mut rows: Vec<PlanRow> =
        staff.positions.iter().enumerate().map(|(i, (p, _))| PlanRow::position(i, p, years)).collect();
    // Each position's retirement age once (its functional family's, else its level's).
    let ages: Vec<u8> = staff
        .positions
        .iter()
        .map(|(p, _)| rules.retirement.age_for(Some(p.spec.kind), p.spec.level, Some(p.name.as_str())))
        .collect();
    for (_, person, i) in staff.placed() {
        rows[i].filled += 1;
        let retires = crate::rules::RetirementAges::date_at(person.facts.birth_date, ages[i]);
        // Already past retirement (the records lag) counts in this year.
        let year = (retires.year() - today.year()).max(0) as usize;
        if year < years {
            rows[i].retiring[year] += 1;
        }
    }
    let mut by_kind: BTreeMap<(PositionKind, Option<Level>), PlanRow> = BTreeMap::new();
    let mut total = PlanRow::total(None, years);
    let mut by_unit: Vec<PlanRow> = Vec::new();
    let mut unit_row: FxHashMap<crate::model::UnitId, usize> = FxHashMap::default();
    for ((p, _), row) in staff.positions.iter().zip(rows.iter_mut()) {
        row.settle();
        let at = *unit_row.entry(p.unit).or_insert_with(|| {
            let mut u = PlanRow::total(None, years);
            u.unit = p.unit;
            by_unit.push(u);
            by_unit.len() - 1
        });
        by_unit[at].add(row);
        by_kind
            .entry((p.spec.kind, p.spec.level))
            .or_insert_with(|| PlanRow::total(Some((p.spec.kind, p.spec.level)), years))
            .add(row);
        total.add(row);
    }
    FormationPlan {
        first_year: today.year(),
        positions: rows,
        by_unit,
        by_kind: by_kind.into_values().collect(),
        total,
    }
}

/// Age bands of a unit's staff profile, from the youngest: under 30, 30–39, 40–49,
/// 50–54, 55–59, 60 and over.
pub const AGE_BANDS: [(u32, u32); 6] = [(0, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 200)];

/// Who a unit's staff are: headcount by golongan (PNS I–IV, then PPPK) and by age band
/// and sex.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffProfile {
    /// PNS golongan I, II, III, IV, then PPPK (any grade); without a grade, not counted.
    pub by_golongan: [u32; 5],
    /// Per band of [`AGE_BANDS`]: men, women.
    pub by_age: [(u32, u32); 6],
}

/// The staff profile of `people` on `today`.
pub fn staff_profile<'a>(people: impl Iterator<Item = Person<'a>>, today: Date) -> StaffProfile {
    let mut out = StaffProfile::default();
    for person in people {
        match person.facts.grade {
            Some(crate::model::Grade::Pns(g)) if (11..=45).contains(&g) => {
                out.by_golongan[usize::from(g / 10 - 1)] += 1
            }
            Some(crate::model::Grade::Pppk(_)) => out.by_golongan[4] += 1,
            _ => {}
        }
        let age = person.facts.birth_date.years_until(today).max(0) as u32;
        let band = AGE_BANDS.iter().position(|(lo, hi)| (*lo..=*hi).contains(&age)).unwrap_or(AGE_BANDS.len() - 1);
        match person.facts.nip.facts().map(|f| f.sex) {
            Ok(crate::model::Sex::Male) => out.by_age[band].0 += 1,
            Ok(crate::model::Sex::Female) => out.by_age[band].1 += 1,
            Err(_) => {}
        }
    }
    out
}

/// How a short position is filled: recruited (CPNS or PPPK: functional and pelaksana
/// posts, as a formation proposal lists them) or by promotion from within (structural
/// posts, which the Baperjakat fills).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Route {
    /// Recruitment: the usulan kebutuhan (formasi) for CPNS and PPPK.
    Recruitment,
    /// Promotion or transfer into a structural post.
    Promotion,
}

impl Route {
    /// The route of a kind of post.
    pub fn of(kind: PositionKind) -> Route {
        if kind.is_managerial() { Route::Promotion } else { Route::Recruitment }
    }

    /// Its stable key.
    pub fn key(self) -> &'static str {
        match self {
            Route::Recruitment => "recruitment",
            Route::Promotion => "promotion",
        }
    }
}

/// How a short post is proposed to e-Formasi: a new civil servant (CPNS), a contract one
/// (PPPK), or, for a managerial post, no recruitment at all (it is filled by promotion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proposal {
    /// A CPNS formation.
    Cpns,
    /// A PPPK formation.
    Pppk,
}

impl Proposal {
    /// Its stable key.
    pub fn key(self) -> &'static str {
        match self {
            Proposal::Cpns => "cpns",
            Proposal::Pppk => "pppk",
        }
    }
}

/// What e-Formasi asks of a short post: the least education, and the route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qualification {
    /// The least education the post asks (its level's for a functional post, its
    /// appointment's for a structural one, its kelas's for a pelaksana one).
    pub education: Option<crate::model::Education>,
    /// The route of a recruitment; none for a post filled by promotion.
    pub proposal: Option<Proposal>,
}

/// The qualification of `position`, whose field (an id of `rules.fields`) is `field`.
pub fn qualification(
    position: &crate::model::Position,
    field: Option<&str>,
    rules: &crate::rules::RuleSet,
) -> Qualification {
    use crate::model::Education;
    let spec = &position.spec;
    let parse = |text: &String| Education::parse(text).ok();
    let education = match (spec.kind, spec.level) {
        (PositionKind::Fungsional, Some(level)) => rules.functional_education.get(level.as_str()).and_then(parse),
        (PositionKind::Pelaksana, _) => {
            let class = spec.class.unwrap_or(1);
            rules
                .formation
                .pelaksana_education
                .iter()
                .filter_map(|(from, e)| Some((from.parse::<u8>().ok()?, e)))
                .filter(|(from, _)| *from <= class)
                .max_by_key(|(from, _)| *from)
                .and_then(|(_, e)| parse(e))
        }
        (kind, level) => rules.appointment.get(&crate::rules::kind_key(kind, level)).and_then(|r| parse(&r.education)),
    };
    // A post whose field's regulation asks more (a kepala puskesmas: S1/D-IV in health).
    let asked = crate::rules::field::required(&rules.fields, field, &position.name)
        .and_then(|(_, f)| f.required_education.as_deref())
        .and_then(|t| Education::parse(t).ok());
    let rank = |e: Education| if e == Education::D4 { Education::S1 } else { e };
    let education = match (education, asked) {
        (Some(e), Some(a)) if rank(a) > rank(e) => Some(a),
        (None, a) => a,
        (e, _) => e,
    };
    let proposal = match Route::of(spec.kind) {
        Route::Promotion => None,
        Route::Recruitment => {
            // A CPNS enters at a family's first level; a post above it is recruited as
            // PPPK (or filled by kenaikan jenjang).
            let entry = matches!(spec.level, None | Some(Level::AhliPertama | Level::Terampil | Level::Pemula));
            let pppk = match spec.kind {
                PositionKind::Pelaksana => rules.formation.pppk_pelaksana,
                _ => !entry || field.is_some_and(|f| rules.formation.pppk_fields.iter().any(|p| p == f)),
            };
            Some(if pppk { Proposal::Pppk } else { Proposal::Cpns })
        }
    };
    Qualification { education, proposal }
}

/// The positions of one kind and level that are short, with their total.
#[derive(Clone, Debug, PartialEq)]
pub struct ShortGroup {
    /// How they are filled.
    pub route: Route,
    /// The kind and level; the total carries it too.
    pub kind: (PositionKind, Option<Level>),
    /// The short positions, as places in the plan's positions, in the plan's order.
    pub positions: Vec<usize>,
    /// Their total.
    pub total: PlanRow,
}

/// The recruitment list of a plan: only the positions short now or by the end of its
/// years, grouped by route, then kind and level, with the totals of each group, each
/// route and all. Positions that are not short add nothing to a plan's shortages, so
/// the shortages here total those of the whole plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortages {
    /// The groups, recruitment first, each by kind and level.
    pub groups: Vec<ShortGroup>,
    /// The total of each route, recruitment first (a route with no short position is left out).
    pub by_route: Vec<(Route, PlanRow)>,
    /// The total.
    pub total: PlanRow,
}

/// The short positions of `plan`.
pub fn shortages(plan: &FormationPlan) -> Shortages {
    let years = plan.total.retiring.len();
    let mut groups: BTreeMap<(Route, PositionKind, Option<Level>), ShortGroup> = BTreeMap::new();
    for (at, row) in plan.positions.iter().enumerate() {
        let Some((kind, level)) = row.kind else { continue };
        if !row.is_short() {
            continue;
        }
        let route = Route::of(kind);
        let group = groups.entry((route, kind, level)).or_insert_with(|| ShortGroup {
            route,
            kind: (kind, level),
            positions: Vec::new(),
            total: PlanRow::total(Some((kind, level)), years),
        });
        group.positions.push(at);
        group.total.add(row);
    }
    let mut by_route: Vec<(Route, PlanRow)> = Vec::new();
    let mut total = PlanRow::total(None, years);
    for group in groups.values() {
        match by_route.last_mut() {
            Some((route, row)) if *route == group.route => row.add(&group.total),
            _ => {
                let mut row = PlanRow::total(None, years);
                row.add(&group.total);
                by_route.push((group.route, row));
            }
        }
        total.add(&group.total);
    }
    Shortages { groups: groups.into_values().collect(), by_route, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Assessment, Education, Employee, EmploymentStatus, Grade, PersonFacts, PositionSpec, Rating, RatingLevel,
        UnitId,
    };

    fn position(id: u32, kind: PositionKind, needed: Option<u32>) -> Position {
        Position {
            id: PositionId(id),
            code: format!("P{id}"),
            unit: UnitId(1),
            name: format!("Position {id}"),
            spec: PositionSpec { kind, level: None, eselon: None, class: None, needed, head: false },
        }
    }

    fn standard(level: u8) -> Arc<[StandardEntry]> {
        vec![
            StandardEntry { competency: Competency::Integritas, level },
            StandardEntry { competency: Competency::Kerjasama, level },
        ]
        .into()
    }

    /// A person born on `birth`, holding `position`, with a rating, a potential and
    /// levels of integritas and kerjasama (0 = not assessed).
    fn push(
        people: &mut People,
        nip: &str,
        position: &Position,
        rating: Option<RatingLevel>,
        potential: Option<u8>,
        levels: [u8; 2],
    ) {
        let e = Employee {
            nip: Nip::parse(nip).unwrap(),
            name: nip[..8].to_string(),
            status: EmploymentStatus::Pns,
            grade: Some(Grade::Pns(32)),
            grade_since: None,
            position: Some(position.id),
            position_since: None,
            education: Some(Education::S1),
            service_start_override: None,
            potential,
        };
        let ratings: Vec<Rating> = rating.map(|r| Rating { year: 2025, rating: r }).into_iter().collect();
        let assessments: Vec<Assessment> = [Competency::Integritas, Competency::Kerjasama]
            .into_iter()
            .zip(levels)
            .filter(|(_, l)| *l > 0)
            .map(|(competency, level)| Assessment { competency, level, assessed_on: None })
            .collect();
        people.push(PersonFacts::of(&e, Some(position)), &e.name, &ratings, &[], &assessments, &[]);
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).unwrap()
    }

    #[test]
    fn the_grid_places_by_rating_and_potential_or_the_jpm_one_level_up() {
        let p = position(1, PositionKind::Pelaksana, Some(3));
        let positions = vec![(p.clone(), standard(2))];
        let mut people = People::default();
        // Sangat baik, potential 95: box 9.
        push(&mut people, "198001012005011001", &p, Some(RatingLevel::SangatBaik), Some(95), [2, 2]);
        // Baik, no potential, levels 3 and 3 against 3 one level up (JPM 100): box 8.
        push(&mut people, "198001012005011002", &p, Some(RatingLevel::Baik), None, [3, 3]);
        // Baik, no potential, levels 2 and 2 against 3 (JPM 66.7): box 2.
        push(&mut people, "198001012005011003", &p, Some(RatingLevel::Baik), None, [2, 2]);
        // Kurang, potential 80: box 3.
        push(&mut people, "198001012005011004", &p, Some(RatingLevel::Kurang), Some(80), [0, 0]);
        // No rating: not placed.
        push(&mut people, "198001012005011005", &p, None, Some(99), [3, 3]);
        let batches = [people];
        let staff = Staff::new(&positions, &batches);
        let grid = nine_box_grid(&staff, &RuleSet::default());
        let boxes: Vec<(u8, usize)> =
            grid.boxes.iter().enumerate().map(|(i, b)| (i as u8 + 1, b.len())).filter(|(_, n)| *n > 0).collect();
        assert_eq!(boxes, [(2, 1), (3, 1), (8, 1), (9, 1)]);
        assert_eq!(grid.boxes[7][0].jpm_next_level, Some(100.0));
        assert_eq!(grid.placed() + grid.unplaced.len(), 5);
        assert_eq!(grid.unplaced[0].2, "rating");
        assert_eq!(grid.talent_pool().map(|p| p.nine_box).collect::<Vec<_>>(), [9, 8]);
    }

    #[test]
    fn the_recruitment_list_keeps_the_short_positions_by_route_and_kind_and_totals_the_plan() {
        let mut positions = vec![
            (position(1, PositionKind::Pelaksana, Some(3)), standard(1)),
            (position(2, PositionKind::Pengawas, Some(1)), standard(1)),
            (position(3, PositionKind::Pelaksana, Some(1)), standard(1)),
            (position(4, PositionKind::Fungsional, Some(2)), standard(1)),
        ];
        positions[3].0.spec.level = Some(Level::AhliPertama);
        let mut people = People::default();
        // Position 1: one of three. Position 3: full, its holder retires in 2027.
        push(&mut people, "198001012005011001", &positions[0].0, None, None, [0, 0]);
        push(&mut people, "196701012005011002", &positions[2].0, None, None, [0, 0]);
        // Position 4: two of two, nobody retiring: not short.
        push(&mut people, "198001012005011003", &positions[3].0, None, None, [0, 0]);
        push(&mut people, "198001012005011004", &positions[3].0, None, None, [0, 0]);
        let batches = [people];
        let staff = Staff::new(&positions, &batches);
        let plan = formation_plan(&staff, &RuleSet::default(), today(), 3);
        let list = shortages(&plan);
        let groups: Vec<(Route, PositionKind, Vec<usize>)> =
            list.groups.iter().map(|g| (g.route, g.kind.0, g.positions.clone())).collect();
        assert_eq!(
            groups,
            [
                (Route::Recruitment, PositionKind::Pelaksana, vec![0, 2]),
                (Route::Promotion, PositionKind::Pengawas, vec![1])
            ]
        );
        assert_eq!(
            list.by_route.iter().map(|(r, row)| (*r, row.shortage_now)).collect::<Vec<_>>(),
            [(Route::Recruitment, 2), (Route::Promotion, 1)]
        );
        // The shortages total those of the whole plan; the counts only the short positions'.
        assert_eq!(list.total.shortage_now, plan.total.shortage_now);
        assert_eq!(list.total.shortage_by_year, plan.total.shortage_by_year);
        assert_eq!(list.total.shortage_by_year.last(), Some(&4));
        assert_eq!((list.total.needed, plan.total.needed), (5, 7));
    }

    #[test]
    fn training_needs_group_people_below_standard_by_competency_and_gap() {
        let p = position(1, PositionKind::Pengawas, Some(1));
        let q = position(2, PositionKind::Pelaksana, None);
        let positions = vec![(p.clone(), standard(3)), (q.clone(), standard(1))];
        let mut people = People::default();
        push(&mut people, "198001012005011001", &p, None, None, [1, 2]); // INT −2, KS −1
        push(&mut people, "198001012005011002", &p, None, None, [2, 0]); // INT −1, KS not assessed
        push(&mut people, "198001012005011003", &q, None, None, [1, 1]); // meets
        let batches = [people];
        let staff = Staff::new(&positions, &batches);
        let needs = training_needs(&staff);
        assert_eq!(needs[0].competency, Competency::Integritas);
        assert_eq!(needs[0].by_gap(), [1, 1, 0]);
        assert_eq!(needs[0].people[0].short_by(), 2, "furthest below first");
        // Each shortfall names the person's own position (both short ones hold `p`, the
        // first), not the place of the competency in the list of needs.
        let positions: Vec<u32> = needs.iter().flat_map(|n| n.people.iter().map(|p| p.position)).collect();
        assert_eq!(positions, [0, 0, 0]);
        assert_eq!(
            (needs[1].competency.clone(), needs[1].by_gap(), needs[1].not_assessed),
            (Competency::Kerjasama, [1, 0, 0], 1)
        );
    }

    #[test]
    fn a_surplus_in_one_position_does_not_fill_another_in_the_totals() {
        let a = position(1, PositionKind::Pelaksana, Some(1));
        let b = position(2, PositionKind::Pelaksana, Some(2));
        let positions = vec![(a.clone(), standard(1)), (b, standard(1))];
        let mut people = People::default();
        push(&mut people, "198001012005011001", &a, None, None, [0, 0]);
        push(&mut people, "198001012005011002", &a, None, None, [0, 0]);
        let batches = [people];
        let staff = Staff::new(&positions, &batches);
        let plan = formation_plan(&staff, &RuleSet::default(), today(), 1);
        assert_eq!((plan.total.needed, plan.total.filled, plan.total.shortage_now), (3, 2, 2));
    }

    #[test]
    fn the_formation_plan_counts_retirements_per_year_and_the_shortages_they_leave() {
        let head = position(1, PositionKind::Administrator, Some(1));
        let staff_position = position(2, PositionKind::Pelaksana, Some(4));
        let empty = position(3, PositionKind::Pengawas, Some(2));
        let positions = vec![(head.clone(), standard(3)), (staff_position.clone(), standard(1)), (empty, standard(2))];
        let mut people = People::default();
        // Born 1968-10-15: 58 on 2026-10-15, retires 2026-11-01, this month.
        push(&mut people, "196810152000011001", &head, None, None, [0, 0]);
        // Born 1969-03-10: retires 2027-04-01. Born 1975-06-01: retires 2033, past the horizon.
        push(&mut people, "196903102000011002", &staff_position, None, None, [0, 0]);
        push(&mut people, "197506012000011003", &staff_position, None, None, [0, 0]);
        // Born 1966-01-01: past retirement (2024) yet still recorded: counts this year.
        push(&mut people, "196601012000011004", &staff_position, None, None, [0, 0]);
        let batches = [people];
        let staff = Staff::new(&positions, &batches);
        let plan = formation_plan(&staff, &RuleSet::default(), today(), 5);
        assert_eq!(plan.first_year, 2026);
        let [h, s, e] = [&plan.positions[0], &plan.positions[1], &plan.positions[2]];
        assert_eq!((h.filled, h.retiring.as_slice(), h.shortage_now), (1, &[1, 0, 0, 0, 0][..], 0));
        assert_eq!(h.shortage_by_year, [1, 1, 1, 1, 1]);
        assert_eq!((s.filled, s.retiring.as_slice(), s.shortage_now), (3, &[1, 1, 0, 0, 0][..], 1));
        assert_eq!(s.shortage_by_year, [2, 3, 3, 3, 3]);
        assert_eq!((e.filled, e.shortage_now, e.shortage_by_year.clone()), (0, 2, vec![2, 2, 2, 2, 2]));
        assert_eq!((plan.total.needed, plan.total.filled, plan.total.shortage_now), (7, 4, 3));
        assert_eq!(plan.total.shortage_by_year, [5, 6, 6, 6, 6]);
        assert_eq!(
            plan.by_kind.iter().map(|r| r.kind_key()).collect::<Vec<_>>(),
            ["administrator", "pengawas", "pelaksana"]
        );
    }
}

#[cfg(test)]
mod qualification_tests {
    use super::*;
    use crate::model::{Education, Eselon, Level, PositionId, PositionSpec, UnitId};
    use crate::rules::RuleSet;

    fn post(name: &str, kind: PositionKind, level: Option<Level>, eselon: Option<Eselon>, class: u8) -> Position {
        let spec = PositionSpec { kind, level, eselon, class: Some(class), needed: Some(1), head: eselon.is_some() };
        Position { id: PositionId(1), code: "P".into(), unit: UnitId(1), name: name.into(), spec }
    }

    #[test]
    fn a_short_post_asks_its_levels_education_and_is_proposed_by_its_route() {
        let rules = RuleSet::default();
        let q = |p: &Position, field: Option<&str>| {
            let q = qualification(p, field, &rules);
            (q.education, q.proposal)
        };
        let f = PositionKind::Fungsional;
        // Entry levels outside guru and health: CPNS; above the entry: PPPK; health: PPPK.
        let analis = post("Analis Kebijakan Ahli Pertama", f, Some(Level::AhliPertama), None, 8);
        assert_eq!(q(&analis, Some("perencanaan")), (Some(Education::S1), Some(Proposal::Cpns)));
        let madya = post("Analis Kebijakan Ahli Madya", f, Some(Level::AhliMadya), None, 12);
        assert_eq!(q(&madya, None), (Some(Education::S1), Some(Proposal::Pppk)));
        let perawat = post("Perawat Terampil", f, Some(Level::Terampil), None, 6);
        assert_eq!(q(&perawat, Some("kesehatan")), (Some(Education::D3), Some(Proposal::Pppk)));
        // Pelaksana by kelas: 5 SMA, 6 D-III, 7 S1.
        let pelaksana = |class| post("Penata Kelola", PositionKind::Pelaksana, None, None, class);
        assert_eq!(q(&pelaksana(5), None).0, Some(Education::Sma));
        assert_eq!(q(&pelaksana(6), None).0, Some(Education::D3));
        assert_eq!(q(&pelaksana(7), None), (Some(Education::S1), Some(Proposal::Pppk)));
        // A managerial post is filled by promotion, at what its field's regulation asks.
        let kapus = post("Kepala UPT Puskesmas Damai", PositionKind::Pengawas, None, Some(Eselon::IVA), 9);
        assert_eq!(q(&kapus, Some("kesehatan")), (Some(Education::S1), None));
    }
}
