//! What a backend keeps besides the entities: search tokens, subtree totals, the people
//! of each branch packed for the rules, and the counts. A [`StructureChange`] says
//! which units, positions and employees change; [`derive`] works out, in one place for
//! every backend, what else changes with them, reading the stored structure through
//! [`Before`]. A backend writes the change and what is derived here in one atomic step
//! (sled: one redo record; the in-memory store: under one lock; PostgreSQL: one
//! transaction). The same functions derive a whole dataset (`tokens_of`,
//! `Dataset::subtree_headcounts`, `Dataset::people_by_branch`, `Stats::of`), so an
//! edited database and a fresh import of its content agree key for key, which
//! `verify_integrity` checks.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::keys::TokenOwner;
use super::{Stats, StoreError, StoreResult, StructureChange};
use crate::model::{
    Assessment, Employee, Headcount, Nip, Penalty, People, PersonFacts, Position, PositionId, PositionKind, Rating,
    Task, Unit, UnitId, text,
};

/// People per stored batch: small enough to decode on both cores in turn, large enough
/// that an instansi is a few batches.
pub const PEOPLE_PER_CHUNK: usize = 4096;

/// Where a unit's people are kept: (instansi, branch), the branch being the unit right
/// under the instansi on its path, or the instansi itself for its own positions.
pub type Place = (u32, u32);

/// An employee's records as a person's row is made from them: ratings, penalties,
/// assessments and position history.
pub type Records = (Vec<Rating>, Vec<Penalty>, Vec<Assessment>, Vec<crate::model::PostHeld>);

/// The stored structure before a change, as the derivation reads it. Every list is as
/// stored (sorted); absent entries read as empty.
pub trait Before {
    /// A unit.
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>>;
    /// A position.
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>>;
    /// The ids of a unit's sub-units.
    fn child_ids(&self, parent: UnitId) -> StoreResult<Vec<UnitId>>;
    /// The ids of a unit's positions.
    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>>;
    /// The NIPs of a position's holders.
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>>;
    /// A position's workload tasks.
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>>;
    /// A unit's stored subtree totals.
    fn unit_totals(&self, unit: UnitId) -> StoreResult<Headcount>;
    /// The batches of people of one branch, in order.
    fn branch_people(&self, place: Place) -> StoreResult<Vec<People>>;
    /// An employee's ratings, penalties and assessments (for a row made anew).
    fn records(&self, nip: Nip) -> StoreResult<Records>;
    /// The counts.
    fn stats(&self) -> StoreResult<Stats>;
}

/// One search token gained or lost by a unit or position.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TokenEdit {
    /// Whose token.
    pub owner: TokenOwner,
    /// The token.
    pub token: String,
    /// The unit's or position's id.
    pub id: u64,
    /// Gained (true) or lost.
    pub added: bool,
}

/// A branch's people as a change leaves them.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchPeople {
    /// The new batches (empty: nobody is left there).
    pub batches: Vec<People>,
    /// How many batches were stored before (the backend drops those past the new ones).
    pub replaced: usize,
}

/// Everything a change alters besides the entities and their lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// The new subtree totals of every unit above something touched (`None`: the unit
    /// is gone).
    pub totals: BTreeMap<UnitId, Option<Headcount>>,
    /// Search tokens gained and lost.
    pub tokens: Vec<TokenEdit>,
    /// The people of every branch a touched person leaves or joins.
    pub people: BTreeMap<Place, BranchPeople>,
    /// The counts after the change.
    pub stats: Stats,
}

/// The words a unit or position is found by: its name's and code's tokens and the
/// acronym of its name (BKPSDM).
pub fn search_tokens(name: &str, code: &str) -> Vec<String> {
    let mut tokens = text::tokens(&format!("{name} {code}"));
    if let Some(a) = text::acronym(name).filter(|a| !tokens.contains(a)) {
        tokens.push(a);
    }
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// The words an employee is found by.
pub fn employee_tokens(e: &Employee) -> Vec<String> {
    text::tokens(&e.name)
}

/// Works out what `change` alters besides the entities, reading the stored structure
/// through `before`.
pub fn derive(before: &dyn Before, change: &StructureChange) -> StoreResult<Derived> {
    let a = After { s: before, c: change };
    Ok(Derived { totals: totals(&a)?, tokens: tokens(change), people: people(&a)?, stats: stats(&a)? })
}

/// The structure before and after the change, read through it.
struct After<'a> {
    s: &'a dyn Before,
    c: &'a StructureChange,
}

impl After<'_> {
    fn unit(&self, id: UnitId, before: bool) -> StoreResult<Option<Unit>> {
        match self.c.units.get(&id) {
            Some(v) => Ok(if before { v.before.clone() } else { v.after.clone() }),
            None => self.s.unit(id),
        }
    }

    fn position(&self, id: PositionId, before: bool) -> StoreResult<Option<Position>> {
        match self.c.positions.get(&id) {
            Some(v) => Ok(if before { v.before.clone() } else { v.after.clone() }),
            None => self.s.position(id),
        }
    }

    fn children(&self, parent: UnitId) -> StoreResult<Vec<UnitId>> {
        match self.c.children.get(&Some(parent)) {
            Some(l) => Ok(l.clone()),
            None => self.s.child_ids(parent),
        }
    }

    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        match self.c.unit_positions.get(&unit) {
            Some(l) => Ok(l.clone()),
            None => self.s.position_ids(unit),
        }
    }

    fn holders(&self, id: PositionId) -> StoreResult<Vec<Nip>> {
        match self.c.holders.get(&id) {
            Some(l) => Ok(l.clone()),
            None => self.s.holder_nips(id),
        }
    }

    fn tasks(&self, id: PositionId) -> StoreResult<Vec<Task>> {
        match self.c.tasks.get(&id) {
            Some(t) => Ok(t.clone()),
            None => self.s.tasks(id),
        }
    }

    /// The ids from a unit up to its root, the unit first (empty: no such unit).
    fn chain(&self, id: UnitId, before: bool) -> StoreResult<Vec<UnitId>> {
        let mut chain = vec![id];
        let mut at = id;
        loop {
            let Some(u) = self.unit(at, before)? else { return Ok(Vec::new()) };
            match u.parent {
                None => return Ok(chain),
                Some(p) => {
                    chain.push(p);
                    at = p;
                }
            }
            if chain.len() > 10_000 {
                return Err(StoreError::Corrupt(format!("unit {} has a cycle of parents", id.0)));
            }
        }
    }

    fn place(&self, id: UnitId, before: bool) -> StoreResult<Option<Place>> {
        let chain = self.chain(id, before)?;
        let Some(root) = chain.last() else { return Ok(None) };
        let branch = if chain.len() >= 2 { chain[chain.len() - 2] } else { *root };
        Ok(Some((root.0, branch.0)))
    }
}

/// The tokens each changed unit and position gains and loses.
fn tokens(c: &StructureChange) -> Vec<TokenEdit> {
    let mut edits = Vec::new();
    let mut diff = |owner: TokenOwner, id: u64, old: Option<(&str, &str)>, new: Option<(&str, &str)>| {
        let old = old.map(|(n, c)| search_tokens(n, c)).unwrap_or_default();
        let new = new.map(|(n, c)| search_tokens(n, c)).unwrap_or_default();
        for tok in old.iter().filter(|t| !new.contains(t)) {
            edits.push(TokenEdit { owner, token: tok.clone(), id, added: false });
        }
        for tok in new.iter().filter(|t| !old.contains(t)) {
            edits.push(TokenEdit { owner, token: tok.clone(), id, added: true });
        }
    };
    for (uid, v) in &c.units {
        fn nc(u: &Unit) -> (&str, &str) {
            (u.name.as_str(), u.code.as_str())
        }
        diff(TokenOwner::Unit, u64::from(uid.0), v.before.as_ref().map(nc), v.after.as_ref().map(nc));
    }
    for (pid, v) in &c.positions {
        fn nc(p: &Position) -> (&str, &str) {
            (p.name.as_str(), p.code.as_str())
        }
        diff(TokenOwner::Position, u64::from(pid.0), v.before.as_ref().map(nc), v.after.as_ref().map(nc));
    }
    edits.sort_unstable();
    edits
}

/// The subtree totals of every unit above a touched one, before or after the change,
/// deepest first; units not above anything touched keep theirs.
fn totals(a: &After<'_>) -> StoreResult<BTreeMap<UnitId, Option<Headcount>>> {
    let c = a.c;
    let mut touched = c.touched_units();
    for pid in c.holders.keys().chain(c.tasks.keys()) {
        for before in [true, false] {
            if let Some(p) = a.position(*pid, before)? {
                touched.insert(p.unit);
            }
        }
    }
    let mut affected: BTreeSet<UnitId> = BTreeSet::new();
    for id in &touched {
        affected.extend(a.chain(*id, true)?);
        affected.extend(a.chain(*id, false)?);
    }
    let mut order: Vec<(usize, UnitId)> = Vec::new();
    let mut removed = Vec::new();
    for id in affected {
        let chain = a.chain(id, false)?;
        if chain.is_empty() {
            removed.push(id);
        } else {
            order.push((chain.len(), id));
        }
    }
    order.sort_unstable_by(|x, y| y.cmp(x));
    let units: Vec<UnitId> = order.into_iter().map(|(_, id)| id).collect();
    let computed = crate::model::roll_up(
        &units,
        |id| {
            let mut own = Headcount::default();
            for pid in a.position_ids(id)? {
                if let Some(p) = a.position(pid, false)? {
                    own.add_position(p.spec.needed, a.holders(pid)?.len() as u64, &a.tasks(pid)?);
                }
            }
            Ok(own)
        },
        |id| a.children(id),
        |child| a.s.unit_totals(child),
    )?;
    let mut out: BTreeMap<UnitId, Option<Headcount>> = computed.into_iter().map(|(u, h)| (u, Some(h))).collect();
    out.extend(removed.into_iter().map(|u| (u, None)));
    Ok(out)
}

/// What a moved person's row becomes: an employee the change places (their new facts),
/// or a holder who stays (their position's new kind and level).
enum Fresh {
    Employee(Box<Employee>, PersonFacts),
    Current(Option<(PositionKind, Option<crate::model::Level>)>),
}

/// The people of every branch a touched person leaves or joins: their rows move between
/// branches and take their new position's facts; everyone else's rows are kept as they
/// are, in NIP order, in batches of [`PEOPLE_PER_CHUNK`] as a bulk write makes them.
fn people(a: &After<'_>) -> StoreResult<BTreeMap<Place, BranchPeople>> {
    let c = a.c;
    // Positions whose holders' rows change: new kind or level, another branch, gone.
    let mut positions: BTreeSet<PositionId> = BTreeSet::new();
    for (pid, v) in &c.positions {
        let key = |p: &Position| (p.spec.kind, p.spec.level);
        let moved = match (&v.before, &v.after) {
            (Some(b), Some(x)) => {
                key(b) != key(x) || (b.unit != x.unit && a.place(b.unit, true)? != a.place(x.unit, false)?)
            }
            _ => true,
        };
        if moved {
            positions.insert(*pid);
        }
    }
    // Units whose whole subtree changes branch.
    for (uid, v) in &c.units {
        if let (Some(b), Some(x)) = (&v.before, &v.after)
            && b.parent != x.parent
            && a.place(*uid, true)? != a.place(*uid, false)?
        {
            let mut stack = vec![*uid];
            while let Some(u) = stack.pop() {
                positions.extend(a.position_ids(u)?);
                stack.extend(a.children(u)?);
            }
        }
    }
    // Where each unit sits, before and after (many people share them).
    let mut places: HashMap<(UnitId, bool), Option<Place>> = HashMap::new();
    let mut place_of = |unit: UnitId, before: bool| -> StoreResult<Option<Place>> {
        if let Some(p) = places.get(&(unit, before)) {
            return Ok(*p);
        }
        let p = a.place(unit, before)?;
        places.insert((unit, before), p);
        Ok(p)
    };
    let mut branch_of = |pid: Option<PositionId>, before: bool| -> StoreResult<Option<Place>> {
        match pid {
            Some(pid) => match a.position(pid, before)? {
                Some(p) => place_of(p.unit, before),
                None => Ok(None),
            },
            None => Ok(None),
        }
    };
    // NIP → (branch before, branch after); and the new facts of each.
    let mut people: BTreeMap<Nip, (Option<Place>, Option<Place>)> = BTreeMap::new();
    let mut new_facts: HashMap<Nip, Fresh> = HashMap::new();
    for (nip, v) in &c.employees {
        let before = v.before.as_ref().and_then(|e| e.position);
        let after = v.after.as_ref().and_then(|e| e.position);
        people.insert(*nip, (branch_of(before, true)?, branch_of(after, false)?));
        if let Some(e) = &v.after {
            let position = match e.position {
                Some(pid) => a.position(pid, false)?,
                None => None,
            };
            new_facts.insert(*nip, Fresh::Employee(Box::new(e.clone()), PersonFacts::of(e, position.as_ref())));
        }
    }
    // Holders who stay in a position that changes kind, level or branch: their rows
    // move as they are, with the position's new kind and level.
    for pid in &positions {
        let (before, after) = (branch_of(Some(*pid), true)?, branch_of(Some(*pid), false)?);
        let current = a.position(*pid, false)?.map(|p| (p.spec.kind, p.spec.level));
        for nip in a.s.holder_nips(*pid)? {
            if c.employees.contains_key(&nip) {
                continue;
            }
            people.insert(nip, (before, after));
            new_facts.insert(nip, Fresh::Current(current));
        }
    }
    let mut out = BTreeMap::new();
    if people.is_empty() {
        return Ok(out);
    }
    let branches: BTreeSet<Place> = people.values().flat_map(|(b, x)| [*b, *x]).flatten().collect();
    // Read every touched branch once.
    let mut stored: BTreeMap<Place, Vec<People>> = BTreeMap::new();
    for &place in &branches {
        let batches = a.s.branch_people(place)?;
        if batches.iter().any(|b| !b.is_consistent()) {
            return Err(StoreError::Corrupt("a batch of people has rows out of bounds".into()));
        }
        stored.insert(place, batches);
    }
    // Where each affected person's old row is: (branch, batch, row).
    let branch_list: Vec<Place> = stored.keys().copied().collect();
    let mut old_rows: HashMap<Nip, (usize, usize, usize)> = HashMap::new();
    for (bi, key) in branch_list.iter().enumerate() {
        for (ci, batch) in stored[key].iter().enumerate() {
            for (ri, person) in batch.iter().enumerate() {
                if people.contains_key(&person.facts.nip) {
                    old_rows.insert(person.facts.nip, (bi, ci, ri));
                }
            }
        }
    }
    for key in &branch_list {
        // (nip, source) in NIP order: a row kept as it is, or an affected person.
        enum Source {
            Kept(usize, usize),
            Moved,
        }
        let mut rows: Vec<(Nip, Source)> = Vec::new();
        for (ci, batch) in stored[key].iter().enumerate() {
            for (ri, person) in batch.iter().enumerate() {
                if !people.contains_key(&person.facts.nip) {
                    rows.push((person.facts.nip, Source::Kept(ci, ri)));
                }
            }
        }
        for (nip, (_, after)) in &people {
            if *after == Some(*key) {
                rows.push((*nip, Source::Moved));
            }
        }
        rows.sort_unstable_by_key(|(nip, _)| *nip);
        let mut batches: Vec<People> = Vec::new();
        for (n, (nip, source)) in rows.iter().enumerate() {
            if n % PEOPLE_PER_CHUNK == 0 {
                batches.push(People::default());
            }
            let Some(out) = batches.last_mut() else { unreachable!("a batch was pushed above") };
            let row = |bi: usize, ci: usize, ri: usize| stored[&branch_list[bi]][ci].get(ri);
            match source {
                Source::Kept(ci, ri) => {
                    let Some(p) = stored[key][*ci].get(*ri) else { unreachable!("rows were listed from the batches") };
                    out.push_person(*p.facts, p, None);
                }
                Source::Moved => {
                    let old = old_rows.get(nip).and_then(|&(bi, ci, ri)| row(bi, ci, ri));
                    // A move that extends the history gives the row its new earlier posts.
                    let posts = match (c.posts.get(nip), new_facts.get(nip)) {
                        (Some(history), Some(Fresh::Employee(e, _))) => {
                            Some(crate::model::earlier_posts(history, e.position_since))
                        }
                        _ => None,
                    };
                    match (new_facts.get(nip), old) {
                        (Some(Fresh::Employee(_, facts)), Some(p)) => out.push_person(*facts, p, posts.as_deref()),
                        (Some(Fresh::Current(current)), Some(p)) => {
                            out.push_person(PersonFacts { current: *current, ..*p.facts }, p, None)
                        }
                        (Some(Fresh::Employee(e, facts)), None) => {
                            // Placed from the holding list: no row yet, so one is made.
                            let (ratings, penalties, assessments, history) = a.s.records(*nip)?;
                            let history = c.posts.get(nip).unwrap_or(&history);
                            let posts = crate::model::earlier_posts(history, e.position_since);
                            out.push(*facts, &e.name, &ratings, &penalties, &assessments, &posts);
                        }
                        (_, None) | (None, _) => {
                            return Err(StoreError::Corrupt(format!(
                                "{nip} holds a position but has no row among the people of its branch"
                            )));
                        }
                    }
                }
            }
        }
        if batches.len() > usize::from(u16::MAX) {
            return Err(StoreError::Backend(format!("unit {} has too many people to store", key.1)));
        }
        out.insert(*key, BranchPeople { batches, replaced: stored[key].len() });
    }
    Ok(out)
}

/// The counts after the change, from the counts before and what it touched.
fn stats(a: &After<'_>) -> StoreResult<Stats> {
    a.s.stats()?.after_change(
        a.c,
        |pid, before| a.position(pid, before),
        |pid, before| Ok(if before { a.s.holder_nips(pid)?.len() } else { a.holders(pid)?.len() }),
    )
}

/// Every search token of a whole dataset, for a bulk write: each token's ids, sorted.
pub fn tokens_of(data: &crate::model::Dataset) -> BTreeMap<(TokenOwner, String), Vec<u64>> {
    let mut postings: BTreeMap<(TokenOwner, String), Vec<u64>> = BTreeMap::new();
    let mut post = |owner: TokenOwner, tokens: Vec<String>, id: u64| {
        for tok in tokens {
            postings.entry((owner, tok)).or_default().push(id);
        }
    };
    for u in &data.units {
        post(TokenOwner::Unit, search_tokens(&u.name, &u.code), u64::from(u.id.0));
    }
    for p in &data.positions {
        post(TokenOwner::Position, search_tokens(&p.name, &p.code), u64::from(p.id.0));
    }
    for e in &data.employees {
        post(TokenOwner::Employee, employee_tokens(e), e.nip.as_u64());
    }
    for ids in postings.values_mut() {
        ids.sort_unstable();
        ids.dedup();
    }
    postings
}

/// Any store, read as the derivation reads (for a draft: the committed structure the
/// draft's change is derived against).
pub struct StoreBefore<'a>(pub &'a dyn super::Store);

impl Before for StoreBefore<'_> {
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.0.unit(id)
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.0.position(id)
    }
    fn child_ids(&self, parent: UnitId) -> StoreResult<Vec<UnitId>> {
        Ok(self.0.children(parent)?.into_iter().map(|u| u.id).collect())
    }
    fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        Ok(self.0.positions_of(unit)?.into_iter().map(|p| p.id).collect())
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        self.0.holder_nips(position)
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        self.0.tasks(position)
    }
    fn unit_totals(&self, unit: UnitId) -> StoreResult<Headcount> {
        self.0.subtree_headcount(unit)
    }
    fn branch_people(&self, (root, branch): Place) -> StoreResult<Vec<People>> {
        self.0.people_of_branch(UnitId(root), UnitId(branch))
    }
    fn records(&self, nip: Nip) -> StoreResult<Records> {
        Ok(match self.0.profile(nip)? {
            Some(p) => (p.ratings, p.penalties, p.assessments, p.position_history),
            None => Default::default(),
        })
    }
    fn stats(&self) -> StoreResult<Stats> {
        self.0.stats()
    }
}
