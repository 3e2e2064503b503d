//! A draft seen as a store: the committed structure with the draft's operations
//! applied in memory. The interface reads through it while a draft is open, so the tree,
//! the details and search show the structure as the draft would make it; nothing is
//! written through it but drafts themselves.

use super::Staged;
use crate::model::{
    Dataset, Draft, Employee, Headcount, JournalEntry, Nip, People, Position, PositionId, Profile, Review,
    StandardEntry, Task, UndoState, Unit, UnitId,
};
use crate::store::derive::{self, Derived, StoreBefore};
use crate::store::{Hit, HitTarget, KindFilter, SizeReport, Stats, Store, StoreError, StoreResult, StructureChange};

/// The structure as a draft leaves it. Built once per change of draft (not per key):
/// what the draft's change alters besides the entities (subtree totals, the people of
/// each branch it touches, the counts) is derived here once, by the same code a commit
/// uses, so the analyses read the draft as they would read the committed result.
pub struct DraftView<'s> {
    staged: Staged<'s>,
    derived: Derived,
}

impl<'s> DraftView<'s> {
    /// Wraps a staged draft, deriving what its change alters.
    pub fn new(staged: Staged<'s>) -> StoreResult<DraftView<'s>> {
        let derived = derive::derive(&StoreBefore(staged.base()), staged.change())?;
        Ok(DraftView { staged, derived })
    }

    /// The staged change.
    pub fn staged(&self) -> &Staged<'s> {
        &self.staged
    }

    fn base(&self) -> &'s dyn Store {
        self.staged.base()
    }

    fn units(&self, ids: Vec<UnitId>) -> StoreResult<Vec<Unit>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(u) = self.staged.unit(id)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// A branch's people as the draft leaves them.
    fn branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>> {
        match self.derived.people.get(&(instansi.0, branch.0)) {
            Some(p) => Ok(p.batches.clone()),
            None => self.base().people_of_branch(instansi, branch),
        }
    }
}

/// The path from the root to a unit in the staged structure (empty when it is gone).
fn path_of(staged: &Staged<'_>, id: UnitId) -> StoreResult<Vec<Unit>> {
    let mut path = Vec::new();
    let mut next = Some(id);
    while let Some(at) = next {
        let Some(u) = staged.unit(at)? else { return Ok(Vec::new()) };
        next = u.parent;
        path.push(u);
        if path.len() > 10_000 {
            return Err(StoreError::Corrupt("a cycle of parents in a draft".into()));
        }
    }
    path.reverse();
    Ok(path)
}

fn read_only<T>() -> StoreResult<T> {
    Err(StoreError::Backend("a draft is open: leave it (:draft) or apply it (:apply) first".into()))
}

impl Store for DraftView<'_> {
    fn location(&self) -> String {
        self.base().location()
    }
    fn acting_user(&self) -> Option<String> {
        self.base().acting_user()
    }
    fn stats(&self) -> StoreResult<Stats> {
        Ok(self.derived.stats.clone())
    }
    fn roots(&self) -> StoreResult<Vec<Unit>> {
        self.units(self.staged.child_ids(None)?)
    }
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.staged.unit(id)
    }
    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        self.staged.unit_by_code(code)
    }
    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        self.units(self.staged.child_ids(Some(id))?)
    }
    fn child_count(&self, id: UnitId) -> StoreResult<usize> {
        Ok(self.staged.child_ids(Some(id))?.len())
    }
    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        self.staged.positions_of(unit)
    }
    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount> {
        match self.derived.totals.get(&id) {
            Some(h) => Ok(h.unwrap_or_default()),
            None => self.base().subtree_headcount(id),
        }
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.staged.position(id)
    }
    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        self.staged.position_by_code(code)
    }
    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        let mut out = Vec::new();
        for nip in self.staged.holder_nips(position)? {
            if let Some(e) = self.staged.employee(nip)? {
                out.push(e);
            }
        }
        Ok(out)
    }
    fn holder_count(&self, position: PositionId) -> StoreResult<u64> {
        Ok(self.staged.holder_nips(position)?.len() as u64)
    }
    fn all_positions(&self) -> StoreResult<Vec<Position>> {
        let changed = &self.staged.change().positions;
        let mut all: Vec<Position> =
            self.base().all_positions()?.into_iter().filter(|p| !changed.contains_key(&p.id)).collect();
        all.extend(changed.values().filter_map(|v| v.after.clone()));
        all.sort_unstable_by_key(|p| p.id);
        Ok(all)
    }
    fn review(&self, code: &str) -> StoreResult<Option<Review>> {
        self.base().review(code)
    }
    fn put_review(&self, review: &Review) -> StoreResult<()> {
        self.base().put_review(review)
    }
    fn reviews(&self) -> StoreResult<Vec<Review>> {
        self.base().reviews()
    }
    fn standards(&self, positions: &[PositionId]) -> StoreResult<Vec<Vec<StandardEntry>>> {
        positions.iter().map(|p| self.staged.standard(*p)).collect()
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        self.staged.tasks(position)
    }
    fn anjab(&self, position: PositionId) -> StoreResult<Option<crate::model::JobDescription>> {
        self.staged.anjab(position)
    }
    fn unor_id(&self, unit_code: &str) -> StoreResult<Option<String>> {
        // An edit never changes it: as the database has it.
        self.base().unor_id(unit_code)
    }
    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>> {
        self.staged.standard(position)
    }
    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        self.staged.employee(nip)
    }
    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>> {
        let Some(mut profile) = self.base().profile(nip)? else { return Ok(None) };
        if let Some(e) = self.staged.employee(nip)? {
            profile.employee = e;
        }
        profile.position_history = self.staged.posts(nip)?;
        Ok(Some(profile))
    }
    fn people(&self, scope: &[UnitId]) -> StoreResult<Vec<People>> {
        let mut out = Vec::new();
        for unit in scope {
            match path_of(&self.staged, *unit)?.as_slice() {
                [] => {}
                [root] => {
                    // Every branch of the instansi, in the order a store keeps them.
                    let mut branches = self.staged.child_ids(Some(root.id))?;
                    branches.push(root.id);
                    branches.sort_unstable();
                    for branch in branches {
                        out.extend(self.branch(root.id, branch)?);
                    }
                }
                [root, branch, ..] => out.extend(self.branch(root.id, branch.id)?),
            }
        }
        Ok(out)
    }
    fn people_of_branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>> {
        self.branch(instansi, branch)
    }
    fn profiles(&self, nips: &[Nip]) -> StoreResult<Vec<Profile>> {
        let mut profiles = self.base().profiles(nips)?;
        for profile in &mut profiles {
            if let Some(e) = self.staged.employee(profile.employee.nip)? {
                profile.employee = e;
            }
            profile.position_history = self.staged.posts(profile.employee.nip)?;
        }
        Ok(profiles)
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        self.staged.holder_nips(position)
    }
    fn unplaced(&self) -> StoreResult<Vec<Employee>> {
        // The committed list, with the people the draft places or unplaces as it has them.
        let changed = &self.staged.change().employees;
        let mut out: Vec<Employee> =
            self.base().unplaced()?.into_iter().filter(|e| !changed.contains_key(&e.nip)).collect();
        out.extend(changed.values().filter_map(|v| v.after.clone()).filter(|e| e.position.is_none()));
        out.sort_by_key(|e| e.nip);
        Ok(out)
    }
    fn former_holders(&self, code: &str) -> StoreResult<Vec<(Nip, crate::model::PostHeld)>> {
        // The committed holders, with the histories the draft extends read as it has them.
        let changed = &self.staged.change().posts;
        let mut out: Vec<_> =
            self.base().former_holders(code)?.into_iter().filter(|(nip, _)| !changed.contains_key(nip)).collect();
        out.extend(crate::store::posts_under(code, changed.iter().map(|(nip, l)| (*nip, l.clone()))));
        out.sort_by(|(a, p), (b, q)| (p.from, a).cmp(&(q.from, b)));
        Ok(out)
    }
    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>> {
        // The committed index, with each unit and position read as the draft has it
        // (gone when the draft removes it); names the draft gives are found by code.
        let mut hits = Vec::new();
        for hit in self.base().search(query, kinds, limit)? {
            let target = match hit.target {
                HitTarget::Unit(u) => self.staged.unit(u.id)?.map(HitTarget::Unit),
                HitTarget::Position(p) => self.staged.position(p.id)?.map(HitTarget::Position),
                HitTarget::Employee(e) => self.staged.employee(e.nip)?.map(HitTarget::Employee),
            };
            if let Some(target) = target {
                hits.push(Hit { score: hit.score, target });
            }
        }
        // What the draft adds or renames is not in the committed index: match it here
        // (a draft changes few things, so a plain scan).
        let words = crate::model::text::query_tokens(query);
        let matches = |name: &str, code: &str| {
            let tokens = crate::model::text::tokens(&format!("{name} {code}"));
            code == query.trim()
                || (!words.is_empty() && words.iter().all(|w| tokens.iter().any(|t| t.starts_with(w.as_str()))))
        };
        let c = self.staged.change();
        if kinds.units {
            for v in c.units.values() {
                let Some(u) = &v.after else { continue };
                let new_words = v.before.as_ref().is_none_or(|b| b.name != u.name);
                let listed = hits.iter().any(|h| matches!(&h.target, HitTarget::Unit(x) if x.id == u.id));
                if new_words && !listed && matches(&u.name, &u.code) {
                    hits.insert(0, Hit { score: 100, target: HitTarget::Unit(u.clone()) });
                }
            }
        }
        if kinds.positions {
            for v in c.positions.values() {
                let Some(p) = &v.after else { continue };
                let new_words = v.before.as_ref().is_none_or(|b| b.name != p.name);
                let listed = hits.iter().any(|h| matches!(&h.target, HitTarget::Position(x) if x.id == p.id));
                if new_words && !listed && matches(&p.name, &p.code) {
                    hits.insert(0, Hit { score: 100, target: HitTarget::Position(p.clone()) });
                }
            }
        }
        hits.truncate(limit.max(1));
        Ok(hits)
    }
    fn load_dataset(&self) -> StoreResult<Dataset> {
        self.base().load_dataset()
    }
    fn replace_dataset_by(&self, _: &Dataset, _: &crate::model::Stamp) -> StoreResult<()> {
        read_only()
    }
    fn replaced(&self) -> StoreResult<Option<crate::store::Replaced>> {
        self.base().replaced()
    }
    fn bring_back(&self) -> StoreResult<crate::store::Replaced> {
        read_only()
    }
    fn size_report(&self) -> StoreResult<SizeReport> {
        self.base().size_report()
    }
    fn next_ids(&self) -> StoreResult<(UnitId, PositionId)> {
        Ok(self.staged.next_ids())
    }
    fn commit(&self, _: &StructureChange, _: JournalEntry, _: Option<&str>, _: u64) -> StoreResult<JournalEntry> {
        read_only()
    }
    fn touched(&self, seq: u64) -> StoreResult<Option<crate::store::Touched>> {
        self.base().touched(seq)
    }
    fn journal_head(&self) -> StoreResult<u64> {
        self.base().journal_head()
    }
    fn journal(&self) -> StoreResult<Vec<JournalEntry>> {
        self.base().journal()
    }
    fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>> {
        self.base().journal_entry(seq)
    }
    fn undo_state(&self) -> StoreResult<UndoState> {
        self.base().undo_state()
    }
    fn drafts(&self) -> StoreResult<Vec<Draft>> {
        self.base().drafts()
    }
    fn put_draft(&self, draft: &Draft) -> StoreResult<()> {
        self.base().put_draft(draft)
    }
    fn remove_draft(&self, name: &str) -> StoreResult<bool> {
        self.base().remove_draft(name)
    }
    fn verify_integrity(&self) -> StoreResult<Vec<String>> {
        self.base().verify_integrity()
    }
    fn restore(&self, _: &crate::store::Whole) -> StoreResult<()> {
        read_only()
    }
}
