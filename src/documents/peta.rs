//! The peta jabatan of a unit: its structure with every position's kelas, bezetting (B),
//! kebutuhan (K) and selisih (±), numbered as the form numbers it, with totals per unit;
//! and for a draft, the structure as the draft would make it with what it changes marked
//! beside what it removes.

use std::collections::BTreeMap;

use crate::model::{Position, PositionId, PositionKind, Unit, UnitId};
use crate::store::{Store, StoreResult};

/// A unit's peta jabatan.
#[derive(Clone, Debug, PartialEq)]
pub struct PetaJabatan {
    /// The unit and all below it.
    pub root: PetaUnit,
    /// The names of the units above the root, the instansi first.
    pub above: Vec<String>,
}

/// A unit of the map, with its positions and sub-units.
#[derive(Clone, Debug, PartialEq)]
pub struct PetaUnit {
    /// Internal id (the same before and after a draft).
    pub id: UnitId,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Hierarchical number: `1` for the root, `1.2` for its second sub-unit …; empty for
    /// a unit a draft removes.
    pub number: String,
    /// Levels below the root.
    pub depth: usize,
    /// The head position (the first, when a unit has several).
    pub head: Option<PetaPosition>,
    /// The other positions, in the store's order.
    pub positions: Vec<PetaPosition>,
    /// Sub-units, in the store's order.
    pub units: Vec<PetaUnit>,
    /// Σ bezetting of the subtree (what a draft removes not counted).
    pub filled: u64,
    /// Σ kebutuhan of the subtree (a position without a figure counts 0).
    pub needed: u64,
    /// What a draft does to it.
    pub change: Change,
}

impl PetaUnit {
    /// Selisih of the subtree: bezetting − kebutuhan.
    pub fn difference(&self) -> i64 {
        self.filled as i64 - self.needed as i64
    }

    /// The unit and every unit below it, parents first.
    pub fn walk(&self) -> Vec<&PetaUnit> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(u) = stack.pop() {
            out.push(u);
            stack.extend(u.units.iter().rev());
        }
        out
    }

    /// The head first, then the other positions.
    pub fn all_positions(&self) -> impl Iterator<Item = &PetaPosition> {
        self.head.iter().chain(&self.positions)
    }
}

/// A position of the map.
#[derive(Clone, Debug, PartialEq)]
pub struct PetaPosition {
    /// Internal id.
    pub id: PositionId,
    /// Code.
    pub code: String,
    /// Nama jabatan.
    pub name: String,
    /// Jenis jabatan.
    pub kind: PositionKind,
    /// Kelas jabatan.
    pub class: Option<u8>,
    /// Bezetting.
    pub filled: u64,
    /// Kebutuhan, when known.
    pub needed: Option<u32>,
    /// Whether it heads its unit.
    pub head: bool,
    /// What a draft does to it.
    pub change: Change,
}

impl PetaPosition {
    /// Selisih: bezetting − kebutuhan (a position without a kebutuhan counts 0).
    pub fn difference(&self) -> i64 {
        self.filled as i64 - i64::from(self.needed.unwrap_or(0))
    }
}

/// What a draft does to a unit or a position; all empty for the committed structure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// It is new.
    pub added: bool,
    /// The draft removes it: shown where it was, not counted.
    pub removed: bool,
    /// It comes from elsewhere: the name of the unit it was in.
    pub moved_from: Option<String>,
    /// It goes elsewhere: the name of the unit it will be in (shown where it was, not
    /// counted here).
    pub moved_to: Option<String>,
    /// Its name before.
    pub renamed_from: Option<String>,
    /// Its kebutuhan before, when that changes.
    pub needed_from: Option<Option<u32>>,
}

impl Change {
    /// Whether anything changes.
    pub fn any(&self) -> bool {
        *self != Change::default()
    }

    /// Whether it is a trace of what was (removed or moved away), not part of the
    /// structure as it becomes.
    pub fn gone(&self) -> bool {
        self.removed || self.moved_to.is_some()
    }

    /// What changes, in words of the interface's language: "new", "moved from X",
    /// "renamed from Y", "K 2 → 3" (`needed`: the kebutuhan now).
    pub fn words(&self, needed: Option<u32>) -> Vec<String> {
        use crate::i18n::{Msg, tr, trf};
        let mut words = Vec::new();
        if self.added {
            words.push(tr(Msg::PetaAdded).to_string());
        }
        if self.removed {
            words.push(tr(Msg::PetaRemoved).to_string());
        }
        if let Some(from) = &self.moved_from {
            words.push(trf(Msg::PetaMovedFrom, &[from]));
        }
        if let Some(to) = &self.moved_to {
            words.push(trf(Msg::PetaMovedTo, &[to]));
        }
        if let Some(from) = &self.renamed_from {
            words.push(trf(Msg::PetaRenamedFrom, &[from]));
        }
        if let Some(from) = &self.needed_from {
            words.push(format!("K {} → {}", from.unwrap_or(0), needed.unwrap_or(0)));
        }
        words
    }

    /// Short keys of what changes, for scripts: `added`, `removed`, `moved`,
    /// `moved_away`, `renamed`, `needed`.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        if self.added {
            keys.push("added");
        }
        if self.removed {
            keys.push("removed");
        }
        if self.moved_from.is_some() {
            keys.push("moved");
        }
        if self.moved_to.is_some() {
            keys.push("moved_away");
        }
        if self.renamed_from.is_some() {
            keys.push("renamed");
        }
        if self.needed_from.is_some() {
            keys.push("needed");
        }
        keys
    }
}

/// The peta jabatan of `unit` as `store` holds it: one read of children per unit, one of
/// the subtree's positions and one of their holder counts.
pub fn peta_jabatan(store: &dyn Store, unit: &Unit) -> StoreResult<PetaJabatan> {
    let above = store.unit_path(unit.id)?.into_iter().filter(|u| u.id != unit.id).map(|u| u.name).collect();
    Ok(PetaJabatan { root: read_tree(store, unit)?, above })
}

/// The peta jabatan of the unit `id` as a draft would leave it (`after`, a draft's
/// view), with every change against `before` (the committed structure) marked: what is
/// added, moved in, renamed or given another kebutuhan where it now is, and what is
/// removed or moved away where it was. `None` when the draft removes the unit itself.
pub fn peta_jabatan_draft(before: &dyn Store, after: &dyn Store, id: UnitId) -> StoreResult<Option<PetaJabatan>> {
    let Some(unit) = after.unit(id)? else { return Ok(None) };
    let mut map = peta_jabatan(after, &unit)?;
    let Some(old) = before.unit(id)? else {
        map.root.change.added = true;
        return Ok(Some(map));
    };
    let old = read_tree(before, &old)?;
    let mut was = Was::default();
    for u in old.walk() {
        was.units.insert(u.id, u);
        was.parents.extend(u.units.iter().map(|c| (c.id, u.id)));
        for p in u.all_positions() {
            was.positions.insert(p.id, (p, u.id));
        }
    }
    // Where each node of the map now is: a unit's parent, a position's unit.
    let mut is = BTreeMap::new();
    is.insert(Node::Unit(map.root.id), None);
    for u in map.root.walk() {
        is.extend(u.units.iter().map(|c| (Node::Unit(c.id), Some(u.id))));
        is.extend(u.all_positions().map(|p| (Node::Position(p.id), Some(u.id))));
    }
    let names = Names { before, after };
    mark(&mut map.root, None, &was, &is, &names)?;
    Ok(Some(map))
}

/// A unit or a position, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Unit(UnitId),
    Position(PositionId),
}

/// Where each node of a map is: a unit's parent (`None` for the root), a position's unit.
type Placed = BTreeMap<Node, Option<UnitId>>;

/// The committed subtree, by id: each unit, and each position with its unit.
#[derive(Default)]
struct Was<'a> {
    units: BTreeMap<UnitId, &'a PetaUnit>,
    parents: BTreeMap<UnitId, UnitId>,
    positions: BTreeMap<PositionId, (&'a PetaPosition, UnitId)>,
}

/// Where to look up the name of a unit outside the map, before and after.
struct Names<'s> {
    before: &'s dyn Store,
    after: &'s dyn Store,
}

impl Names<'_> {
    fn unit(store: &dyn Store, id: UnitId) -> StoreResult<Option<String>> {
        Ok(store.unit(id)?.map(|u| u.name))
    }
}

/// Marks what changed in `unit` (whose parent is `parent`) and below, and puts back,
/// as traces, what the committed structure had there and the draft takes away.
fn mark(unit: &mut PetaUnit, parent: Option<UnitId>, was: &Was, is: &Placed, names: &Names) -> StoreResult<()> {
    match was.units.get(&unit.id) {
        Some(old) => {
            if old.name != unit.name {
                unit.change.renamed_from = Some(old.name.clone());
            }
        }
        None => match names.before.unit(unit.id)? {
            // It was outside the map: moved in.
            Some(u) => {
                let from = match u.parent {
                    Some(p) => Names::unit(names.before, p)?,
                    None => None,
                };
                unit.change.moved_from = Some(from.unwrap_or_default());
                if u.name != unit.name {
                    unit.change.renamed_from = Some(u.name);
                }
            }
            None => unit.change.added = true,
        },
    }
    // Within the map, a unit moved when its parent is another.
    if let (Some(old), Some(parent)) = (was.units.get(&unit.id), parent)
        && let Some(&old_parent) = was.parents.get(&old.id)
        && old_parent != parent
    {
        unit.change.moved_from = Some(was.units.get(&old_parent).map(|u| u.name.clone()).unwrap_or_default());
    }
    let here = unit.id;
    for p in unit.head.iter_mut().chain(unit.positions.iter_mut()) {
        match was.positions.get(&p.id) {
            Some((old, old_unit)) => {
                if *old_unit != here {
                    p.change.moved_from = Some(was.units.get(old_unit).map(|u| u.name.clone()).unwrap_or_default());
                }
                if old.name != p.name {
                    p.change.renamed_from = Some(old.name.clone());
                }
                if old.needed != p.needed {
                    p.change.needed_from = Some(old.needed);
                }
            }
            None => match names.before.position(p.id)? {
                Some(old) => {
                    p.change.moved_from = Some(Names::unit(names.before, old.unit)?.unwrap_or_default());
                    if old.name != p.name {
                        p.change.renamed_from = Some(old.name);
                    }
                    if old.spec.needed != p.needed {
                        p.change.needed_from = Some(old.spec.needed);
                    }
                }
                None => p.change.added = true,
            },
        }
    }
    for child in &mut unit.units {
        mark(child, Some(here), was, is, names)?;
    }
    // What was here and is not: removed, or moved away.
    if let Some(old) = was.units.get(&here) {
        let elsewhere = |node: Node| is.get(&node) != Some(&Some(here));
        for p in old.all_positions().filter(|p| elsewhere(Node::Position(p.id))) {
            let mut trace = p.clone();
            trace.change = Change::default();
            match names.after.position(p.id)? {
                Some(now) => {
                    trace.change.moved_to = Some(Names::unit(names.after, now.unit)?.unwrap_or_default());
                }
                None => trace.change.removed = true,
            }
            unit.positions.push(trace);
        }
        for u in old.units.iter().filter(|u| elsewhere(Node::Unit(u.id))) {
            unit.units.push(trace_of(u, names)?);
        }
    }
    Ok(())
}

/// A unit that is no longer where it was: removed with all it held, or moved away (shown
/// alone, its content being where it went).
fn trace_of(old: &PetaUnit, names: &Names) -> StoreResult<PetaUnit> {
    let mut trace = old.clone();
    trace.number = String::new();
    trace.filled = 0;
    trace.needed = 0;
    match names.after.unit(old.id)? {
        Some(now) => {
            let to = match now.parent {
                Some(p) => Names::unit(names.after, p)?,
                None => None,
            };
            trace.change = Change { moved_to: Some(to.unwrap_or_default()), ..Change::default() };
            trace.head = None;
            trace.positions.clear();
            trace.units.clear();
        }
        None => {
            fn removed(u: &mut PetaUnit) {
                u.number = String::new();
                u.filled = 0;
                u.needed = 0;
                u.change = Change { removed: true, ..Change::default() };
                for p in u.head.iter_mut().chain(u.positions.iter_mut()) {
                    p.change = Change { removed: true, ..Change::default() };
                }
                u.units.iter_mut().for_each(removed);
            }
            removed(&mut trace);
        }
    }
    Ok(trace)
}

/// Reads the subtree of `root`, numbered and totalled.
fn read_tree(store: &dyn Store, root: &Unit) -> StoreResult<PetaUnit> {
    // The units, parents first, each with its children's ids.
    let mut units: Vec<(Unit, usize, Vec<UnitId>)> = Vec::new();
    let mut stack = vec![(root.clone(), 0usize)];
    while let Some((unit, depth)) = stack.pop() {
        let children = store.children(unit.id)?;
        let ids = children.iter().map(|c| c.id).collect();
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
        units.push((unit, depth, ids));
    }
    let positions = store.positions_under(root.id)?;
    let counts = store.holder_counts(&positions.iter().map(|p| p.id).collect::<Vec<_>>())?;
    let mut by_unit: BTreeMap<UnitId, Vec<PetaPosition>> = BTreeMap::new();
    for (p, filled) in positions.into_iter().zip(counts) {
        by_unit.entry(p.unit).or_default().push(position_of(p, filled));
    }
    let mut built: BTreeMap<UnitId, PetaUnit> = BTreeMap::new();
    // Children before parents, so that each parent takes its children built.
    for (unit, depth, children) in units.into_iter().rev() {
        let mut positions = by_unit.remove(&unit.id).unwrap_or_default();
        let head = positions.iter().position(|p| p.head).map(|i| positions.remove(i));
        let units: Vec<PetaUnit> = children.iter().filter_map(|c| built.remove(c)).collect();
        let own = head.iter().chain(&positions);
        let (mut filled, mut needed) =
            own.fold((0, 0), |(f, n), p| (f + p.filled, n + u64::from(p.needed.unwrap_or(0))));
        for u in &units {
            filled += u.filled;
            needed += u.needed;
        }
        built.insert(
            unit.id,
            PetaUnit {
                id: unit.id,
                code: unit.code,
                name: unit.name,
                number: String::new(),
                depth,
                head,
                positions,
                units,
                filled,
                needed,
                change: Change::default(),
            },
        );
    }
    let mut root = built.remove(&root.id).expect("the root was read");
    number(&mut root, "1".to_string());
    Ok(root)
}

fn number(unit: &mut PetaUnit, at: String) {
    for (i, child) in unit.units.iter_mut().enumerate() {
        number(child, format!("{at}.{}", i + 1));
    }
    unit.number = at;
}

fn position_of(p: Position, filled: u64) -> PetaPosition {
    PetaPosition {
        id: p.id,
        code: p.code,
        name: p.name,
        kind: p.spec.kind,
        class: p.spec.class,
        filled,
        needed: p.spec.needed,
        head: p.spec.head,
        change: Change::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, Draft, Employee, EmploymentStatus, Nip, Op, PositionSpec, Stamp};
    use crate::store::MemoryStore;

    fn unit(id: u32, code: &str, parent: Option<u32>, name: &str) -> Unit {
        Unit {
            id: UnitId(id),
            code: code.into(),
            parent: parent.map(UnitId),
            name: name.into(),
            kind: "bidang".into(),
            eselon: None,
        }
    }

    fn position(id: u32, code: &str, unit: u32, name: &str, needed: u32, head: bool) -> Position {
        let spec = PositionSpec { class: Some(7), head, ..PositionSpec::pelaksana(Some(needed)) };
        Position { id: PositionId(id), code: code.into(), unit: UnitId(unit), name: name.into(), spec }
    }

    fn employee(nip: &str, position: u32) -> Employee {
        Employee {
            nip: Nip::parse(nip).unwrap(),
            name: "Budi".into(),
            status: EmploymentStatus::Pns,
            grade: None,
            grade_since: None,
            position: Some(PositionId(position)),
            position_since: None,
            education: None,
            service_start_override: None,
            potential: None,
        }
    }

    /// Kota A › Dinas (Bidang Satu › Seksi, Bidang Dua, Bidang Tiga).
    fn store() -> MemoryStore {
        MemoryStore::with(&Dataset {
            units: vec![
                unit(1, "A", None, "Kota A"),
                unit(2, "A.1", Some(1), "Dinas"),
                unit(3, "A.1.1", Some(2), "Bidang Satu"),
                unit(4, "A.1.1.1", Some(3), "Seksi"),
                unit(5, "A.1.2", Some(2), "Bidang Dua"),
                unit(6, "A.1.3", Some(2), "Bidang Tiga"),
            ],
            positions: vec![
                position(1, "A.1-J01", 2, "Kepala Dinas", 1, true),
                position(2, "A.1.1-J01", 3, "Kepala Bidang Satu", 1, true),
                position(3, "A.1.1-J02", 3, "Penata", 3, false),
                position(4, "A.1.1.1-J01", 4, "Pengelola", 2, false),
                position(5, "A.1.2-J01", 5, "Analis", 2, false),
            ],
            employees: vec![
                employee("198106182012122025", 1),
                employee("198201012010011001", 3),
                employee("198301012011012002", 3),
                employee("198401012012011003", 5),
            ],
            ..Dataset::default()
        })
    }

    #[test]
    fn the_map_numbers_units_puts_heads_on_top_and_totals_agree_with_the_store() {
        let store = store();
        let dinas = store.unit_by_code("A.1").unwrap().unwrap();
        let map = peta_jabatan(&store, &dinas).unwrap();
        assert_eq!(map.above, ["Kota A"]);
        let numbers: Vec<(&str, &str)> = map.root.walk().iter().map(|u| (u.number.as_str(), u.code.as_str())).collect();
        assert_eq!(numbers, [("1", "A.1"), ("1.1", "A.1.1"), ("1.1.1", "A.1.1.1"), ("1.2", "A.1.2"), ("1.3", "A.1.3")]);
        let satu = &map.root.units[0];
        assert_eq!(satu.head.as_ref().map(|h| h.code.as_str()), Some("A.1.1-J01"));
        assert_eq!(satu.positions.iter().map(|p| (p.code.as_str(), p.filled)).collect::<Vec<_>>(), [("A.1.1-J02", 2)]);
        for u in map.root.walk() {
            let t = store.subtree_headcount(u.id).unwrap();
            assert_eq!((u.filled, u.needed), (t.filled, t.needed), "{}", u.code);
        }
        assert_eq!((map.root.filled, map.root.needed, map.root.difference()), (4, 9, -5));
    }

    #[test]
    fn a_drafts_map_marks_each_kind_of_change_and_shows_what_goes_where_it_was() {
        let store = store();
        let lines = [
            "add-unit A.1.4 parent=A.1 name=\"Bidang Empat\" kind=bidang",
            "rename-unit A.1.2 name=\"Bidang Kedua\"",
            "move-unit A.1.1.1 parent=A.1.4",
            "edit-position A.1.1-J02 needed=5",
            "move-position A.1.2-J01 unit=A.1.4",
            "remove-unit A.1.3",
            "add-position A.1.4-J01 unit=A.1.4 name=\"Kepala Bidang Empat\" kind=administrator eselon=III.b needed=1 head=yes",
            "rename-position A.1-J01 name=\"Kepala Dinas Baru\"",
        ];
        let ops: Vec<Op> = lines.iter().map(|l| Op::parse_line(l).unwrap()).collect();
        let draft = Draft { name: "d".into(), created: Stamp { user: "u".into(), at: 0 }, changes: vec![(ops, None)] };
        let view = crate::edit::DraftView::new(crate::edit::staged_draft(&store, &draft).unwrap()).unwrap();
        let map = peta_jabatan_draft(&store, &view, UnitId(2)).unwrap().unwrap();
        let find = |code: &str| -> Vec<&PetaUnit> { map.root.walk().into_iter().filter(|u| u.code == code).collect() };
        let four = find("A.1.4");
        assert_eq!(four.len(), 1);
        assert!(four[0].change.added && four[0].number == "1.3", "{:?}", four[0]);
        assert!(four[0].head.as_ref().unwrap().change.added);
        assert_eq!(four[0].positions[0].change.moved_from.as_deref(), Some("Bidang Dua"));
        // The seksi: moved in under Bidang Empat, and a trace where it was.
        let seksi = find("A.1.1.1");
        assert_eq!(seksi.len(), 2);
        assert_eq!(seksi[0].change.moved_to.as_deref(), Some("Bidang Empat"));
        assert!(seksi[0].number.is_empty() && seksi[0].positions.is_empty());
        assert_eq!(seksi[1].change.moved_from.as_deref(), Some("Bidang Satu"));
        assert_eq!(seksi[1].number, "1.3.1", "numbers run over what the draft keeps");
        let dua = find("A.1.2")[0];
        assert_eq!(dua.change.renamed_from.as_deref(), Some("Bidang Dua"));
        assert_eq!(dua.positions[0].change.moved_to.as_deref(), Some("Bidang Empat"));
        assert_eq!(dua.filled, 0, "what moved away is not counted where it was");
        let tiga = find("A.1.3")[0];
        assert!(tiga.change.removed && tiga.number.is_empty());
        let satu = find("A.1.1")[0];
        assert_eq!(satu.positions[0].change.needed_from, Some(Some(3)));
        assert_eq!(map.root.head.as_ref().unwrap().change.renamed_from.as_deref(), Some("Kepala Dinas"));
        // The totals are the draft's: K 9 − 3 + 5 + 1 (the new head).
        assert_eq!((map.root.filled, map.root.needed), (4, 12));
        let t = crate::store::Store::subtree_headcount(&view, UnitId(2)).unwrap();
        assert_eq!((map.root.filled, map.root.needed), (t.filled, t.needed));
    }
}
