//! What the effect loop reads for the interface: the tree's rows, the details of a node,
//! a profile, search hits, what a code names, the free codes for a new unit, and what a
//! draft changes. The interface's reducer reads nothing itself; it asks, through
//! effects, and these answer (`ui::session`).

use std::collections::HashMap;

use anyhow::Result;

use crate::app::edits::ChangeMark;
use crate::app::panes::{Ghosts, PositionDetails, ProfileView, UnitDetails};
use crate::app::tree::{NodeId, RowInfo, TreeSource};
use crate::app::{Details, Found, Target};
use crate::edit;
use crate::i18n::{Msg, tr};
use crate::model::{Draft, Nip, Position, PositionKind, Unit, UnitId};
use crate::queries::path_text;
use crate::rules::RetirementAges;
use crate::store::{HitTarget, Store};

/// Reads the tree's rows from a store (with an open draft's ghosts).
pub struct StoreSource<'a>(pub &'a dyn Store, pub Ghosts);

impl<'a> StoreSource<'a> {
    /// The rows of a store, with no ghosts.
    pub fn new(store: &'a dyn Store) -> StoreSource<'a> {
        StoreSource(store, Ghosts::default())
    }

    /// The rows of `units`, their overviews read in one batch.
    fn unit_rows(&self, units: Vec<Unit>) -> Result<Vec<(NodeId, RowInfo)>> {
        let overviews = self.0.unit_overviews(&units.iter().map(|u| u.id).collect::<Vec<_>>())?;
        Ok(units
            .into_iter()
            .zip(overviews)
            .map(|(unit, o)| {
                let expandable = o.positions > 0 || o.sub_units > 0;
                let info =
                    RowInfo::Unit { code: unit.code, name: unit.name, head: o.head, totals: o.totals, expandable };
                (NodeId::Unit(unit.id), info)
            })
            .collect())
    }

    /// The rows of `positions`, their holders counted in one batch.
    fn position_rows(&self, positions: Vec<Position>) -> Result<Vec<(NodeId, RowInfo)>> {
        let filled = self.0.holder_counts(&positions.iter().map(|p| p.id).collect::<Vec<_>>())?;
        Ok(positions
            .into_iter()
            .zip(filled)
            .map(|(p, filled)| (NodeId::Position(p.id), RowInfo::Position { position: Box::new(p), filled }))
            .collect())
    }
}

impl TreeSource for StoreSource<'_> {
    fn roots(&self) -> Result<Vec<(NodeId, RowInfo)>> {
        let mut rows = self.unit_rows(self.0.roots()?)?;
        // The holding list follows the instansi, while anyone is on it.
        let count = self.0.stats()?.unplaced;
        if count > 0 {
            rows.push((NodeId::Holding, RowInfo::Holding { count }));
        }
        Ok(rows)
    }

    fn holding(&self) -> Result<Vec<(NodeId, RowInfo)>> {
        Ok(self
            .0
            .unplaced()?
            .into_iter()
            .map(|e| (NodeId::Person(e.nip), RowInfo::Person { nip: e.nip, name: e.name, grade: e.grade }))
            .collect())
    }

    fn children(&self, unit: UnitId) -> Result<Vec<(NodeId, RowInfo)>> {
        let mut rows = self.unit_rows(self.0.children(unit)?)?;
        rows.extend(self.position_rows(self.0.positions_of(unit)?)?);
        if let Some(ghosts) = self.1.get(&unit) {
            rows.extend(ghosts.iter().cloned());
        }
        Ok(rows)
    }

    fn ancestors(&self, node: NodeId) -> Result<Vec<UnitId>> {
        let holder = match node {
            NodeId::Unit(u) => self.0.unit(u)?.and_then(|u| u.parent),
            NodeId::Position(p) => self.0.position(p)?.map(|p| p.unit),
            NodeId::Holding | NodeId::Person(_) => None,
        };
        Ok(match holder {
            Some(u) => self.0.unit_path(u)?.into_iter().map(|u| u.id).collect(),
            None => Vec::new(),
        })
    }
}

/// Reads what the details pane shows for a unit.
pub fn unit_details(store: &dyn Store, unit: Unit) -> Result<UnitDetails> {
    let positions = store.positions_of(unit.id)?;
    // One read for every position's count (through a server, one round trip).
    let counts = store.holder_counts(&positions.iter().map(|p| p.id).collect::<Vec<_>>())?;
    let mut by_kind: Vec<(PositionKind, u64, u64, u64)> = Vec::new();
    let mut vacancies = Vec::new();
    let mut head = None;
    for (p, filled) in positions.into_iter().zip(counts) {
        let needed = u64::from(p.spec.needed.unwrap_or(0));
        match by_kind.iter_mut().find(|k| k.0 == p.spec.kind) {
            Some(k) => {
                k.1 += 1;
                k.2 += filled;
                k.3 += needed;
            }
            None => by_kind.push((p.spec.kind, 1, filled, needed)),
        }
        if p.spec.head {
            let holder = store.holders(p.id)?.into_iter().next();
            head = Some((p.clone(), holder));
        }
        if filled < needed {
            vacancies.push((p, filled));
        }
    }
    by_kind.sort_by_key(|k| k.0);
    Ok(UnitDetails {
        path: path_text(store, unit.id)?,
        totals: store.subtree_headcount(unit.id)?,
        sub_units: store.child_count(unit.id)?,
        unor_id: store.unor_id(&unit.code)?,
        unit,
        head,
        by_kind,
        vacancies,
    })
}

/// Reads what the details pane shows for a position.
pub fn position_details(
    store: &dyn Store,
    position: Position,
    rules: &crate::rules::RuleSet,
) -> Result<PositionDetails> {
    let (standard, standard_source) = crate::rules::jpm::standard_in_force(
        &store.standard(position.id)?,
        position.spec.kind,
        position.spec.level,
        rules,
    );
    let anjab = store.anjab(position.id)?;
    Ok(PositionDetails {
        path: path_text(store, position.unit)?,
        field: crate::queries::field_label(store, &position, rules)?,
        standard,
        standard_source,
        holders: store.holders(position.id)?,
        tasks: store.tasks(position.id)?,
        evaluation: anjab
            .as_ref()
            .and_then(|a| crate::rules::evaluation::evaluate(position.spec.kind, a, &rules.job_evaluation)),
        anjab,
        position,
    })
}

/// Reads an employee's profile.
pub fn profile_view(store: &dyn Store, nip: crate::model::Nip, ages: &RetirementAges) -> Result<Option<ProfileView>> {
    let Some(profile) = store.profile(nip)? else { return Ok(None) };
    let position = match profile.employee.position {
        Some(p) => store.position(p)?,
        None => None,
    };
    let path = match &position {
        Some(p) => path_text(store, p.unit)?,
        None => String::new(),
    };
    let retires = ages.date_in(profile.employee.birth_date(), position.as_ref());
    Ok(Some(ProfileView { profile, position, path, retires }))
}

/// What the details pane shows for `node`, read from `shown`.
pub fn details(shown: &dyn Store, node: Option<NodeId>, rules: &crate::rules::RuleSet) -> anyhow::Result<Details> {
    Ok(match node {
        Some(NodeId::Unit(id)) => match shown.unit(id)? {
            Some(u) => Details::Unit(Box::new(unit_details(shown, u)?)),
            None => Details::Empty,
        },
        Some(NodeId::Position(id)) => match shown.position(id)? {
            Some(p) => Details::Position(Box::new(position_details(shown, p, rules)?)),
            None => Details::Empty,
        },
        Some(NodeId::Holding) => Details::Holding(shown.stats()?.unplaced),
        Some(NodeId::Person(nip)) => match profile_view(shown, nip, &rules.retirement)? {
            Some(view) => Details::Person(Box::new(view)),
            None => Details::Empty,
        },
        None => Details::Empty,
    })
}

/// A search hit as the results list shows it.
pub fn search(
    shown: &dyn Store,
    query: &str,
    kinds: crate::store::KindFilter,
    limit: usize,
) -> anyhow::Result<Vec<Found>> {
    let hits = shown.search(query, kinds, limit)?;
    // Where each is: the units and positions it names, read in two batches.
    let held: Vec<_> = hits
        .iter()
        .filter_map(|h| match &h.target {
            HitTarget::Employee(e) => e.position,
            _ => None,
        })
        .collect();
    let positions: std::collections::HashMap<_, _> =
        shown.positions(&held)?.into_iter().flatten().map(|p| (p.id, p)).collect();
    let unit_ids: Vec<_> = hits
        .iter()
        .filter_map(|h| match &h.target {
            HitTarget::Unit(u) => u.parent,
            HitTarget::Position(p) => Some(p.unit),
            HitTarget::Employee(e) => e.position.and_then(|p| positions.get(&p)).map(|p| p.unit),
        })
        .collect();
    let units: std::collections::HashMap<_, _> =
        shown.units(&unit_ids)?.into_iter().flatten().map(|u| (u.id, u)).collect();
    let unit_name = |id: Option<crate::model::UnitId>| id.and_then(|u| units.get(&u)).map(|u| u.name.clone());
    let mut found = Vec::with_capacity(hits.len());
    for hit in hits {
        found.push(match hit.target {
            HitTarget::Unit(u) => {
                // A unit's path above it; an instansi is where it is.
                let context = match u.parent {
                    Some(parent) => crate::queries::path_text(shown, parent)?,
                    None => tr(Msg::Instansi).to_string(),
                };
                Found { target: Target::Node(NodeId::Unit(u.id)), code: u.code, name: u.name, context }
            }
            HitTarget::Position(p) => {
                let context = unit_name(Some(p.unit)).unwrap_or_default();
                Found { target: Target::Node(NodeId::Position(p.id)), code: p.code, name: p.name, context }
            }
            HitTarget::Employee(e) => {
                let position = e.position.and_then(|p| positions.get(&p));
                let context = match position {
                    Some(p) => format!("{} · {}", p.name, unit_name(Some(p.unit)).unwrap_or_default()),
                    None => tr(Msg::HoldingList).to_string(),
                };
                Found { target: Target::Employee(e.nip), code: e.nip.to_string(), name: e.name, context }
            }
        });
    }
    Ok(found)
}

/// What the argument of a `:` command may complete to: for `goto` and `find` the codes
/// and NIPs that begin with it (found by the search, which knows codes by their
/// start), for `draft` the drafts' names; sorted, at most [`COMPLETIONS`].
pub fn completions(shown: &dyn Store, command: &str, typed: &str) -> anyhow::Result<Vec<String>> {
    let mut options: Vec<String> = match command {
        "draft" => shown.drafts()?.into_iter().map(|d| d.name).filter(|n| n.starts_with(typed)).collect(),
        _ if typed.is_empty() => Vec::new(),
        _ => shown
            .search(typed, crate::store::KindFilter::ALL, COMPLETIONS)?
            .into_iter()
            .map(|hit| match hit.target {
                HitTarget::Unit(u) => u.code,
                HitTarget::Position(p) => p.code,
                HitTarget::Employee(e) => e.nip.to_string(),
            })
            .filter(|code| code.starts_with(typed))
            .collect(),
    };
    options.sort();
    options.dedup();
    options.truncate(COMPLETIONS);
    Ok(options)
}

/// Options a completion reads at most.
const COMPLETIONS: usize = 200;

/// What a code names: a unit, else a position, else (a NIP) an employee.
pub fn locate(shown: &dyn crate::store::Store, code: &str) -> anyhow::Result<Option<Target>> {
    Ok(if let Some(u) = shown.unit_by_code(code)? {
        Some(Target::Node(NodeId::Unit(u.id)))
    } else if let Some(p) = shown.position_by_code(code)? {
        Some(Target::Node(NodeId::Position(p.id)))
    } else {
        Nip::parse(code).ok().map(Target::Employee)
    })
}

/// The codes to suggest for what is added under `parent`: its code and the next free
/// number, for a unit and for a position.
pub fn free_codes(shown: &dyn Store, parent: Option<&str>) -> anyhow::Result<(String, String)> {
    let (mut unit_code, mut position_code) = (String::new(), String::new());
    if let Some(p) = parent {
        for n in 1..1000 {
            let candidate = format!("{p}.{n:02}");
            if shown.unit_by_code(&candidate)?.is_none() {
                unit_code = candidate;
                break;
            }
        }
        for n in 1..1000 {
            let candidate = format!("{p}-J{n:02}");
            if shown.position_by_code(&candidate)?.is_none() {
                position_code = candidate;
                break;
            }
        }
    }
    Ok((unit_code, position_code))
}

/// What a draft changes against the committed structure `base`: the list's title and
/// its lines (the operations, then each unit before and after).
pub fn diff_lines(base: &dyn Store, draft: &Draft) -> anyhow::Result<(String, Vec<String>)> {
    {
        let staged = edit::staged_draft(base, draft)?;
        let mut lines: Vec<String> = draft.ops().map(|op| format!("  {}", crate::i18n::label::op(op))).collect();
        lines.insert(0, format!("{} ({})", tr(Msg::Operations), lines.len()));
        lines.push(String::new());
        for (b, a) in edit::unit_diff(&staged)? {
            let side = |s: &Option<edit::UnitSummary>| match s {
                Some(s) => format!(
                    "{} {}, {} {} {}/{}, {} {}, {} {}",
                    tr(Msg::Parent),
                    s.parent.as_deref().unwrap_or("–"),
                    s.positions,
                    tr(Msg::Positions).to_lowercase(),
                    s.filled,
                    s.needed,
                    s.children,
                    tr(Msg::SubUnits).to_lowercase(),
                    tr(Msg::Head).to_lowercase(),
                    if s.heads.is_empty() { "–".to_string() } else { s.heads.join(" ") }
                ),
                None => "–".into(),
            };
            let any = a.as_ref().or(b.as_ref()).expect("one side");
            lines.push(format!("{} {}", any.code, any.name));
            lines.push(format!("    {}  →  {}", side(&b), side(&a)));
        }
        Ok((format!("{} {}", tr(Msg::DraftDiff), draft.name), lines))
    }
}

/// What the open draft changes, for the tree: its marks and the rows it removes.
pub fn marks_of(view: &edit::DraftView<'_>) -> anyhow::Result<(HashMap<NodeId, ChangeMark>, Ghosts)> {
    let mut marks = draft_marks(view);
    let ghosts = draft_ghosts(view, &mut marks)?;
    Ok((marks, ghosts))
}

/// The rows the open draft removes, under the unit that held them, marked removed.
fn draft_ghosts(view: &edit::DraftView<'_>, marks: &mut HashMap<NodeId, ChangeMark>) -> anyhow::Result<Ghosts> {
    use crate::app::tree::RowInfo;
    use crate::store::HeadSeat;
    let c = view.staged().change();
    let base = view.staged().base();
    let mut ghosts: HashMap<crate::model::UnitId, Vec<(NodeId, RowInfo)>> = HashMap::new();
    let removed_units: Vec<&crate::model::Unit> =
        c.units.values().filter(|v| v.after.is_none()).filter_map(|v| v.before.as_ref()).collect();
    for u in &removed_units {
        let Some(parent) = u.parent else { continue };
        let has_ghosts = removed_units.iter().any(|x| x.parent == Some(u.id))
            || c.positions.values().any(|v| v.after.is_none() && v.before.as_ref().is_some_and(|p| p.unit == u.id));
        let row = RowInfo::Unit {
            code: u.code.clone(),
            name: u.name.clone(),
            head: HeadSeat::NoPosition,
            totals: base.subtree_headcount(u.id)?,
            expandable: has_ghosts,
        };
        ghosts.entry(parent).or_default().push((NodeId::Unit(u.id), row));
        marks.insert(NodeId::Unit(u.id), ChangeMark::Removed);
    }
    for v in c.positions.values().filter(|v| v.after.is_none()) {
        let Some(p) = &v.before else { continue };
        let row = RowInfo::Position { position: Box::new(p.clone()), filled: 0 };
        ghosts.entry(p.unit).or_default().push((NodeId::Position(p.id), row));
        marks.insert(NodeId::Position(p.id), ChangeMark::Removed);
    }
    Ok(std::sync::Arc::new(ghosts))
}

/// Marks of the open draft: what it adds, moves and edits.
fn draft_marks(view: &edit::DraftView<'_>) -> HashMap<NodeId, ChangeMark> {
    let c = view.staged().change();
    let mut marks = HashMap::new();
    let mark = |moved: bool, added: bool| {
        if added {
            ChangeMark::Added
        } else if moved {
            ChangeMark::Moved
        } else {
            ChangeMark::Edited
        }
    };
    for (id, v) in &c.units {
        if let Some(a) = &v.after {
            let moved = v.before.as_ref().is_some_and(|b| b.parent != a.parent);
            marks.insert(NodeId::Unit(*id), mark(moved, v.before.is_none()));
        }
    }
    for (id, v) in &c.positions {
        if let Some(a) = &v.after {
            let moved = v.before.as_ref().is_some_and(|b| b.unit != a.unit);
            marks.insert(NodeId::Position(*id), mark(moved, v.before.is_none()));
        }
    }
    for pid in c.holders.keys() {
        marks.entry(NodeId::Position(*pid)).or_insert(ChangeMark::Edited);
    }
    marks
}
