//! The query layer: reading what the rules need from the store, for the command line and the interface
//! alike (one code path, so both show the same results). The rules themselves are pure.

use std::collections::HashMap;

use anyhow::Result;

use crate::model::{Position, PositionId, UnitId};
use crate::rules::RuleSet;
use crate::rules::eligibility::{CurrentPost, CurrentPosts, LookedUp, Prepared};
use crate::rules::gaps::{Holder, PositionInput};
use crate::rules::jpm::effective_standard;
use crate::rules::ranking::{Evaluated, Ranking, Scored, explain, rank_people};
use crate::store::Store;

/// The names of a unit's path from the root, joined with ›.
pub fn path_text(store: &dyn Store, unit: UnitId) -> Result<String> {
    Ok(store.unit_path(unit)?.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join(" › "))
}

/// A unit's head position and whoever holds it.
pub fn head_of(store: &dyn Store, unit: UnitId) -> Result<(Option<Position>, Option<crate::model::Employee>)> {
    let head = store.positions_of(unit)?.into_iter().find(|p| p.spec.head);
    let holder = match &head {
        Some(p) => store.holders(p.id)?.into_iter().next(),
        None => None,
    };
    Ok((head, holder))
}

/// A position with its effective standard and its holders' assessments.
pub fn position_input(store: &dyn Store, position: Position, rules: &RuleSet) -> Result<PositionInput> {
    let standard = effective_standard(&store.standard(position.id)?, position.spec.kind, position.spec.level, rules);
    let mut holders = Vec::new();
    for e in store.holders(position.id)? {
        let assessments = store.profile(e.nip)?.map(|p| p.assessments).unwrap_or_default();
        holders.push(Holder { nip: e.nip, name: e.name, assessments });
    }
    Ok(PositionInput { position, standard, holders })
}

/// A unit's subtree as the workforce computations read it: its positions with their
/// effective standards, and the people of its perangkat daerah (a superset, narrowed
/// by position in [`StaffData::staff`]).
pub struct StaffData {
    /// The positions of the subtree, parents' before children's, with their standards.
    pub positions: Vec<(Position, std::sync::Arc<[crate::model::StandardEntry]>)>,
    /// The people read.
    pub people: Vec<crate::model::People>,
}

impl StaffData {
    /// The staff: the positions, and the people holding one of them.
    pub fn staff(&self) -> crate::rules::workforce::Staff<'_> {
        crate::rules::workforce::Staff::new(&self.positions, &self.people)
    }

    /// The name of a person a result refers to.
    pub fn name(&self, who: crate::rules::workforce::PersonRef) -> &str {
        self.people.get(who.batch as usize).and_then(|b| b.get(who.row as usize)).map_or("", |p| p.name)
    }

    /// The position a result refers to.
    pub fn position(&self, at: u32) -> Option<&Position> {
        self.positions.get(at as usize).map(|(p, _)| p)
    }
}

/// Reads a unit's subtree for the workforce computations.
pub fn staff_of(store: &dyn Store, unit: UnitId, rules: &RuleSet) -> Result<StaffData> {
    with_standards_and_people(store, store.positions_under(unit)?, &[unit], rules)
}

/// Reads the whole database for the workforce computations: every position (in id
/// order) and everyone holding one.
pub fn staff_of_all(store: &dyn Store, rules: &RuleSet) -> Result<StaffData> {
    let roots: Vec<UnitId> = store.roots()?.into_iter().map(|u| u.id).collect();
    with_standards_and_people(store, store.all_positions()?, &roots, rules)
}

fn with_standards_and_people(
    store: &dyn Store,
    positions: Vec<Position>,
    scope: &[UnitId],
    rules: &RuleSet,
) -> Result<StaffData> {
    let stored = store.standards(&positions.iter().map(|p| p.id).collect::<Vec<_>>())?;
    // Positions without a stored standard share their kind's and level's default.
    let mut defaults: crate::fxhash::FxHashMap<_, std::sync::Arc<[crate::model::StandardEntry]>> = Default::default();
    let positions = positions
        .into_iter()
        .zip(stored)
        .map(|(p, stored)| {
            let standard = if stored.is_empty() {
                defaults
                    .entry((p.spec.kind, p.spec.level))
                    .or_insert_with(|| effective_standard(&[], p.spec.kind, p.spec.level, rules).into())
                    .clone()
            } else {
                effective_standard(&stored, p.spec.kind, p.spec.level, rules).into()
            };
            (p, standard)
        })
        .collect();
    Ok(StaffData { positions, people: store.people(scope)? })
}

/// The branches of a scope (a unit's children, or with none the roots) and which of
/// them each of `positions` lies in: none for the unit's own positions. Reads the
/// units above the positions a level at a time, a request per level of the tree.
pub fn branches(
    store: &dyn Store,
    scope: Option<UnitId>,
    positions: &[(Position, std::sync::Arc<[crate::model::StandardEntry]>)],
) -> Result<(Vec<crate::model::Unit>, Vec<Option<u32>>)> {
    use crate::fxhash::FxHashMap;
    let branches = match scope {
        Some(unit) => store.children(unit)?,
        None => store.roots()?,
    };
    // Where a unit leads: a branch's place, or none (the scope itself, or outside it).
    let mut leads: FxHashMap<UnitId, Option<u32>> =
        branches.iter().enumerate().map(|(i, u)| (u.id, Some(i as u32))).collect();
    if let Some(unit) = scope {
        leads.insert(unit, None);
    }
    let mut parent: FxHashMap<UnitId, Option<UnitId>> = FxHashMap::default();
    let mut wanted: Vec<UnitId> = positions.iter().map(|(p, _)| p.unit).filter(|u| !leads.contains_key(u)).collect();
    while !wanted.is_empty() {
        wanted.sort_unstable();
        wanted.dedup();
        let read = store.units(&wanted)?;
        let mut next = Vec::new();
        for (id, unit) in wanted.iter().zip(read) {
            let up = unit.and_then(|u| u.parent);
            parent.insert(*id, up);
            if let Some(up) = up.filter(|u| !leads.contains_key(u) && !parent.contains_key(u)) {
                next.push(up);
            }
        }
        wanted = next;
    }
    let mut lead = |start: UnitId| {
        let mut chain = Vec::new();
        let mut at = Some(start);
        let found = loop {
            let Some(id) = at else { break None };
            if let Some(found) = leads.get(&id) {
                break *found;
            }
            chain.push(id);
            at = parent.get(&id).copied().flatten();
        };
        for id in chain {
            leads.insert(id, found);
        }
        found
    };
    let of = positions.iter().map(|(p, _)| lead(p.unit)).collect();
    Ok((branches, of))
}

/// The completed years `years` back from `today`: the last one is last year.
pub fn years_before(today: crate::model::Date, years: u16) -> std::ops::RangeInclusive<u16> {
    let last = u16::try_from(today.year() - 1).unwrap_or(0);
    last.saturating_sub(years.max(1) - 1)..=last
}

/// A scope's monitoring with the units its branches are.
pub struct Monitored {
    /// The figures.
    pub monitoring: crate::rules::monitoring::Monitoring,
    /// The branch units, in the order of `monitoring.branches`.
    pub branches: Vec<crate::model::Unit>,
    /// Each position's branch, by its place in the staff's positions.
    pub branch_of: Vec<Option<u32>>,
}

/// Monitors the staff `data` of `scope` (none: the whole database) over `years`.
pub fn monitored(
    store: &dyn Store,
    scope: Option<crate::model::UnitId>,
    data: &StaffData,
    years: std::ops::RangeInclusive<u16>,
) -> anyhow::Result<Monitored> {
    let (branches, branch_of) = branches(store, scope, &data.positions)?;
    let monitoring = crate::rules::monitoring::monitor(&data.staff(), &branch_of, branches.len(), years);
    Ok(Monitored { monitoring, branches, branch_of })
}

/// Every position of a unit's subtree, as [`position_input`] reads them; the holders
/// come from the people of its perangkat daerah, read in one go.
pub fn subtree_inputs(store: &dyn Store, unit: UnitId, rules: &RuleSet) -> Result<Vec<PositionInput>> {
    let data = staff_of(store, unit, rules)?;
    let mut holders: HashMap<PositionId, Vec<Holder>> = HashMap::new();
    for person in data.staff().people() {
        holders.entry(person.facts.position.expect("staff hold positions")).or_default().push(Holder {
            nip: person.facts.nip,
            name: person.name.to_string(),
            // The latest level of each competency is all the gaps read.
            assessments: person
                .levels
                .iter()
                .map(|(c, level)| crate::model::Assessment { competency: c.clone(), level, assessed_on: None })
                .collect(),
        });
    }
    Ok(data
        .positions
        .into_iter()
        .map(|(position, standard)| {
            let holders = holders.remove(&position.id).unwrap_or_default();
            PositionInput { position, standard: standard.to_vec(), holders }
        })
        .collect())
}

/// The field of `position` (`kesehatan` …), from its name and its units up the tree.
fn field_of(path: &[crate::model::Unit], position: &Position, rules: &RuleSet) -> Option<String> {
    let units: Vec<&str> = path.iter().rev().map(|u| u.name.as_str()).collect();
    crate::rules::field::field_of_post(&rules.fields, &position.name, &units).map(str::to_string)
}

/// The field of `position` as shown (`Kesehatan`), when it has one.
pub fn field_label(store: &dyn Store, position: &Position, rules: &RuleSet) -> Result<Option<String>> {
    let field = field_of(&store.unit_path(position.unit)?, position, rules);
    Ok(field.and_then(|id| rules.fields.get(&id)).map(|f| f.label.clone()))
}

/// Everyone considered for a position, ranked, with what it takes to explain any of
/// them: the command line and the interface list from this.
pub struct CandidateList {
    /// The position.
    pub target: Position,
    /// Its effective standard.
    pub standard: Vec<crate::model::StandardEntry>,
    /// The people considered.
    pub people: Vec<crate::model::People>,
    /// Their ranking.
    pub ranking: Ranking,
    /// The day they were evaluated on.
    pub today: crate::model::Date,
    /// The posts they hold that stand at or above the target (a step down or a rotation).
    pub current: CurrentPosts,
    /// The target's field, when it has one.
    pub field: Option<String>,
    /// What was read for those who may be shortlisted (history, trainings, the date of
    /// the assessment).
    pub looked: LookedUp,
}

impl CandidateList {
    /// The target's requirements as the ranking weighed them, to explain an entry.
    pub fn prepared<'a>(&'a self, rules: &'a RuleSet) -> Prepared<'a> {
        Prepared::new(&self.target, &self.standard, rules, self.today)
            .with_current(&self.current)
            .with_field(self.field.clone())
            .with_looked(&self.looked)
    }

    /// The person a ranking entry is about.
    pub fn person(&self, entry: &Scored) -> Option<crate::model::Person<'_>> {
        self.people.get(entry.batch as usize)?.get(entry.row as usize)
    }

    /// The entries, each with every failed rule's message.
    pub fn explain<'a>(&self, rules: &RuleSet, entries: impl IntoIterator<Item = &'a Scored>) -> Vec<Evaluated> {
        let prepared = self.prepared(rules);
        entries.into_iter().filter_map(|e| Some(explain(&self.person(e)?, e, &prepared))).collect()
    }

    /// The entry of one person.
    pub fn find(&self, nip: crate::model::Nip) -> Option<&Scored> {
        self.ranking.entries.iter().find(|e| e.nip == nip)
    }
}

/// Ranks the people of the target's instansi (or of every instansi) for `target`.
/// `keep_going` is asked between batches; `None` when it said to stop.
pub fn candidates(
    store: &dyn Store,
    target: &Position,
    everyone: bool,
    rules: &RuleSet,
    today: crate::model::Date,
    keep_going: &(dyn Fn() -> bool + Sync),
) -> Result<Option<CandidateList>> {
    let path = store.unit_path(target.unit)?;
    let roots: Vec<UnitId> = if everyone {
        store.roots()?.into_iter().map(|u| u.id).collect()
    } else {
        path.first().map(|u| u.id).into_iter().collect()
    };
    let field = field_of(&path, target, rules);
    let people = store.people(&roots)?;
    if !keep_going() {
        return Ok(None);
    }
    let standard = effective_standard(&store.standard(target.id)?, target.spec.kind, target.spec.level, rules);
    // Where each sits now, for the list; across every instansi only what the rules need.
    let current = current_posts(store, &Prepared::new(target, &standard, rules, today), &people, !everyone)?;
    let prepared = Prepared::new(target, &standard, rules, today).with_current(&current).with_field(field.clone());
    let Some(mut ranking) = rank_people(&prepared, &people, keep_going) else { return Ok(None) };
    let looked = look_up(store, &ranking, &prepared)?;
    let prepared = prepared.with_looked(&looked);
    ranking.rescore(&prepared, &people);
    drop(prepared);
    Ok(Some(CandidateList { target: target.clone(), standard, people, ranking, today, current, field, looked }))
}

/// What the rules read, besides the packed facts, for the eligible and the near misses
/// of a first ranking (their profiles, read in batches): a post of the target's field
/// held before, the leadership trainings attended, and when the target's competencies
/// were last assessed. A post of this database in the history is placed by its units,
/// nearest first, as the one held now; another by the unit its history names. Those
/// already out are not read: what this adds can only exclude.
fn look_up(store: &dyn Store, ranking: &Ranking, prepared: &Prepared) -> Result<LookedUp> {
    use crate::rules::ranking::Standing;
    let rules = prepared.rules();
    let nips: Vec<crate::model::Nip> = ranking
        .entries
        .iter()
        .filter(|e| matches!(e.standing(), Standing::Eligible | Standing::NearMiss))
        .map(|e| e.nip)
        .collect();
    let mut profiles = Vec::new();
    for chunk in nips.chunks(1024) {
        profiles.extend(store.profiles(chunk)?);
    }
    let field = prepared.field();
    // The units of the posts of this database that the histories name.
    let mut unit_of: HashMap<&str, UnitId> = HashMap::new();
    if field.is_some() {
        let mut codes: Vec<&str> = profiles
            .iter()
            .flat_map(|p| p.position_history.iter().filter_map(|h| h.position_code.as_deref()))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            if let Some(p) = store.position_by_code(code)? {
                unit_of.insert(code, p.unit);
            }
        }
    }
    let mut units: Vec<UnitId> = unit_of.values().copied().collect();
    units.sort_unstable();
    units.dedup();
    let chains = unit_chains(store, &units)?;
    let matcher = crate::rules::field::FieldMatcher::new(&rules.fields);
    let unit_field = fields_of_units(&matcher, &chains);
    let standard: Vec<&crate::model::Competency> = prepared.standard().iter().map(|s| &s.competency).collect();
    let ladder = rules.leadership_training.folded();
    let mut found = LookedUp::new();
    for profile in &profiles {
        let earlier_in_field = field.and_then(|field| {
            let held = profile.position_history.iter().rev().find(|p| {
                let by_unit = || match p.position_code.as_deref().and_then(|c| unit_of.get(c)) {
                    Some(unit) => unit_field.get(unit).copied().flatten(),
                    None => matcher.by_units(&p.unit.as_deref().into_iter().collect::<Vec<_>>()),
                };
                matcher.by_name(&p.position).or_else(by_unit) == Some(field)
            })?;
            Some(match &held.unit {
                Some(unit) if !held.position.contains(unit.as_str()) => format!("{} ({unit})", held.position),
                _ => held.position.clone(),
            })
        });
        let training =
            crate::rules::LeadershipTraining::highest_of(&ladder, profile.trainings.iter().map(|t| t.name.as_str()));
        let assessed_on = profile
            .assessments
            .iter()
            .filter(|a| standard.contains(&&a.competency))
            .filter_map(|a| a.assessed_on)
            .max();
        // The points earned since the post held began (the year it began counts).
        let from = profile.employee.position_since.map_or(0, |d| d.year() as u16);
        let credit_points = (!profile.credit_points.is_empty()).then(|| {
            let have = profile.credit_points.iter().filter(|p| p.year >= from).map(|p| u64::from(p.thousandths)).sum();
            (have, from)
        });
        found.insert(
            profile.employee.nip,
            crate::rules::eligibility::Looked { earlier_in_field, training, assessed_on, credit_points },
        );
    }
    Ok(found)
}

/// The posts `people` hold, with their names, eselons and units (in batched reads):
/// every one when `all` (what a list shows of where each sits), else those at or above
/// the target, which tell a rotation or a step down from a promotion.
fn current_posts(
    store: &dyn Store,
    prepared: &Prepared,
    people: &[crate::model::People],
    all: bool,
) -> Result<CurrentPosts> {
    let mut wanted: Vec<crate::model::PositionId> = people
        .iter()
        .flat_map(|batch| batch.iter())
        .filter_map(|p| {
            let (kind, level) = p.facts.current?;
            (all || prepared.needs_current(kind, level)).then_some(p.facts.position).flatten()
        })
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let positions: Vec<Position> = store.positions(&wanted)?.into_iter().flatten().collect();
    let mut units: Vec<UnitId> = positions.iter().map(|p| p.unit).collect();
    units.sort_unstable();
    units.dedup();
    let chains = unit_chains(store, &units)?;
    // A post's field by its name, else by its unit's: the units' worked out once each.
    let matcher = crate::rules::field::FieldMatcher::new(&prepared.rules().fields);
    let unit_field = fields_of_units(&matcher, &chains);
    Ok(positions
        .into_iter()
        .map(|p| {
            let field = matcher.by_name(&p.name).or_else(|| unit_field.get(&p.unit).copied().flatten());
            let unit = chains.get(&p.unit).and_then(|c| c.first()).cloned().unwrap_or_default();
            (p.id, CurrentPost { name: p.name, eselon: p.spec.eselon, unit, field: field.map(str::to_string) })
        })
        .collect())
}

/// The field each unit's chain of names (nearest first) says, worked out once per unit for
/// all the posts in it.
fn fields_of_units<'a>(
    matcher: &crate::rules::field::FieldMatcher<'a>,
    chains: &HashMap<UnitId, Vec<String>>,
) -> HashMap<UnitId, Option<&'a str>> {
    chains
        .iter()
        .map(|(u, chain)| (*u, matcher.by_units(&chain.iter().map(String::as_str).collect::<Vec<_>>())))
        .collect()
}

/// The names of `units` and of the units above each, nearest first, read a level of the
/// tree at a time (a batched request each).
fn unit_chains(store: &dyn Store, units: &[UnitId]) -> Result<HashMap<UnitId, Vec<String>>> {
    let mut known: HashMap<UnitId, (String, Option<UnitId>)> = HashMap::new();
    let mut wanted: Vec<UnitId> = units.to_vec();
    while !wanted.is_empty() {
        wanted.sort_unstable();
        wanted.dedup();
        wanted.retain(|u| !known.contains_key(u));
        let mut above = Vec::new();
        for unit in store.units(&wanted)?.into_iter().flatten() {
            above.extend(unit.parent.filter(|p| !known.contains_key(p)));
            known.insert(unit.id, (unit.name, unit.parent));
        }
        wanted = above;
    }
    Ok(units
        .iter()
        .map(|u| {
            let mut chain = Vec::new();
            let mut at = Some(*u);
            // A tree is at most MAX_UNIT_DEPTH deep; the bound only guards a damaged one.
            while let Some((name, parent)) = at.and_then(|id| known.get(&id)).filter(|_| chain.len() <= 128) {
                chain.push(name.clone());
                at = *parent;
            }
            (*u, chain)
        })
        .collect())
}
