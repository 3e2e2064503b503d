//! The structure as a change in progress would leave it: the store's content seen
//! through an overlay of the units, positions, employees and lists changed so far.
//! Operations validate against it, so each sees the ones before it; what it holds at
//! the end is the [`StructureChange`] the store commits.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Employee, Nip, Position, PositionId, StandardEntry, Task, Unit, UnitId};
use crate::store::{Store, StoreResult, StructureChange, Versions};

/// The store's content with a change applied in memory.
pub struct Staged<'s> {
    base: &'s dyn Store,
    change: StructureChange,
    unit_codes: HashMap<String, Option<UnitId>>,
    position_codes: HashMap<String, Option<PositionId>>,
    next_unit: u32,
    next_position: u32,
    against: u64,
}

impl<'s> Staged<'s> {
    /// Nothing changed yet.
    pub fn new(base: &'s dyn Store) -> StoreResult<Staged<'s>> {
        // The journal entry first: an edit committed after it makes this change stale
        // (`StoreError::Conflict`), even if it came between the two reads.
        let against = base.journal_head()?;
        let (u, p) = base.next_ids()?;
        Ok(Staged {
            base,
            change: StructureChange::default(),
            unit_codes: HashMap::new(),
            position_codes: HashMap::new(),
            next_unit: u.0,
            next_position: p.0,
            against,
        })
    }

    /// The store underneath.
    pub fn base(&self) -> &'s dyn Store {
        self.base
    }

    /// What has changed so far.
    pub fn change(&self) -> &StructureChange {
        &self.change
    }

    /// The journal entry the change is staged against (see [`Store::commit`]).
    pub fn against(&self) -> u64 {
        self.against
    }

    /// The change, for committing.
    pub fn into_change(self) -> StructureChange {
        self.change
    }

    /// A unit as the change leaves it.
    pub fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        match self.change.units.get(&id) {
            Some(v) => Ok(v.after.clone()),
            None => self.base.unit(id),
        }
    }

    /// A unit by code, as the change leaves it.
    pub fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        match self.unit_codes.get(code) {
            Some(Some(id)) => self.unit(*id),
            Some(None) => Ok(None),
            None => self.base.unit_by_code(code),
        }
    }

    /// The sub-units of `parent` (`None`: the roots).
    pub fn child_ids(&self, parent: Option<UnitId>) -> StoreResult<Vec<UnitId>> {
        if let Some(list) = self.change.children.get(&parent) {
            return Ok(list.clone());
        }
        let units = match parent {
            Some(p) => self.base.children(p)?,
            None => self.base.roots()?,
        };
        Ok(units.into_iter().map(|u| u.id).collect())
    }

    /// The positions of a unit.
    pub fn position_ids(&self, unit: UnitId) -> StoreResult<Vec<PositionId>> {
        if let Some(list) = self.change.unit_positions.get(&unit) {
            return Ok(list.clone());
        }
        Ok(self.base.positions_of(unit)?.into_iter().map(|p| p.id).collect())
    }

    /// A position.
    pub fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        match self.change.positions.get(&id) {
            Some(v) => Ok(v.after.clone()),
            None => self.base.position(id),
        }
    }

    /// A position by code.
    pub fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        match self.position_codes.get(code) {
            Some(Some(id)) => self.position(*id),
            Some(None) => Ok(None),
            None => self.base.position_by_code(code),
        }
    }

    /// The positions of a unit, read.
    pub fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        let mut out = Vec::new();
        for id in self.position_ids(unit)? {
            if let Some(p) = self.position(id)? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Who holds a position.
    pub fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        match self.change.holders.get(&position) {
            Some(list) => Ok(list.clone()),
            None => self.base.holder_nips(position),
        }
    }

    /// An employee.
    pub fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        match self.change.employees.get(&nip) {
            Some(v) => Ok(v.after.clone()),
            None => self.base.employee(nip),
        }
    }

    /// An employee's position history (riwayat jabatan), oldest first.
    pub fn posts(&self, nip: Nip) -> StoreResult<Vec<crate::model::PostHeld>> {
        match self.change.posts.get(&nip) {
            Some(list) => Ok(list.clone()),
            None => Ok(self.base.profile(nip)?.map(|p| p.position_history).unwrap_or_default()),
        }
    }

    /// Sets an employee's whole position history.
    pub fn put_posts(&mut self, nip: Nip, posts: Vec<crate::model::PostHeld>) {
        self.change.posts.insert(nip, posts);
    }

    /// A position's competency standard.
    pub fn standard(&self, id: PositionId) -> StoreResult<Vec<StandardEntry>> {
        match self.change.standards.get(&id) {
            Some(s) => Ok(s.clone()),
            None => self.base.standard(id),
        }
    }

    /// A position's workload tasks.
    pub fn tasks(&self, id: PositionId) -> StoreResult<Vec<Task>> {
        match self.change.tasks.get(&id) {
            Some(t) => Ok(t.clone()),
            None => self.base.tasks(id),
        }
    }

    /// A position's job description (anjab).
    pub fn anjab(&self, id: PositionId) -> StoreResult<Option<crate::model::JobDescription>> {
        match self.change.anjab.get(&id) {
            Some(a) => Ok(a.clone()),
            None => self.base.anjab(id),
        }
    }

    /// Sets (or with `None` clears) a position's job description.
    pub fn put_anjab(&mut self, id: PositionId, anjab: Option<crate::model::JobDescription>) {
        self.change.anjab.insert(id, anjab);
    }

    /// The next fresh unit and position ids.
    pub fn next_ids(&self) -> (UnitId, PositionId) {
        (UnitId(self.next_unit), PositionId(self.next_position))
    }

    /// A fresh unit id, or `wanted` when it is free.
    pub fn new_unit_id(&mut self, wanted: Option<u32>) -> StoreResult<UnitId> {
        if let Some(w) = wanted.filter(|w| *w > 0)
            && self.unit(UnitId(w))?.is_none()
            && !self.change.units.contains_key(&UnitId(w))
        {
            self.next_unit = self.next_unit.max(w + 1);
            return Ok(UnitId(w));
        }
        let id = UnitId(self.next_unit);
        self.next_unit += 1;
        Ok(id)
    }

    /// A fresh position id, or `wanted` when it is free.
    pub fn new_position_id(&mut self, wanted: Option<u32>) -> StoreResult<PositionId> {
        if let Some(w) = wanted.filter(|w| *w > 0)
            && self.position(PositionId(w))?.is_none()
            && !self.change.positions.contains_key(&PositionId(w))
        {
            self.next_position = self.next_position.max(w + 1);
            return Ok(PositionId(w));
        }
        let id = PositionId(self.next_position);
        self.next_position += 1;
        Ok(id)
    }

    fn edit_list<K: Ord + Copy, T: Ord + Copy>(
        lists: &mut BTreeMap<K, Vec<T>>,
        key: K,
        current: impl FnOnce() -> StoreResult<Vec<T>>,
        edit: impl FnOnce(&mut Vec<T>),
    ) -> StoreResult<()> {
        let list = match lists.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => e.insert(current()?),
        };
        edit(list);
        list.sort_unstable();
        list.dedup();
        Ok(())
    }

    /// Writes a unit (new or changed), or removes it with `None`; keeps the lists of
    /// children and the code index in step.
    pub fn put_unit(&mut self, id: UnitId, after: Option<Unit>) -> StoreResult<()> {
        let before = self.unit(id)?;
        let old_parent = before.as_ref().map(|u| u.parent);
        let new_parent = after.as_ref().map(|u| u.parent);
        if old_parent != new_parent {
            if let Some(p) = old_parent {
                let base = self.base;
                Self::edit_list(
                    &mut self.change.children,
                    p,
                    || Self::base_children(base, p),
                    |l| l.retain(|x| *x != id),
                )?;
            }
            if let Some(p) = new_parent {
                let base = self.base;
                Self::edit_list(&mut self.change.children, p, || Self::base_children(base, p), |l| l.push(id))?;
            }
        }
        if let Some(b) = &before
            && after.as_ref().is_none_or(|a| a.code != b.code)
        {
            self.unit_codes.insert(b.code.clone(), None);
        }
        if let Some(a) = &after {
            self.unit_codes.insert(a.code.clone(), Some(id));
        }
        if after.is_none() {
            // Written as empty, so the store drops what it held.
            self.change.children.insert(Some(id), Vec::new());
            self.change.unit_positions.insert(id, Vec::new());
        }
        let entry = self.change.units.entry(id).or_insert(Versions { before: before.clone(), after: None });
        entry.after = after;
        if entry.before == entry.after {
            self.change.units.remove(&id);
        }
        Ok(())
    }

    fn base_children(base: &dyn Store, parent: Option<UnitId>) -> StoreResult<Vec<UnitId>> {
        let units = match parent {
            Some(p) => base.children(p)?,
            None => base.roots()?,
        };
        Ok(units.into_iter().map(|u| u.id).collect())
    }

    /// Writes a position (new or changed), or removes it with `None`, with its
    /// standard and tasks when given; keeps the units' lists and the code index in step.
    pub fn put_position(
        &mut self,
        id: PositionId,
        after: Option<Position>,
        content: Option<(Vec<StandardEntry>, Vec<Task>)>,
    ) -> StoreResult<()> {
        let before = self.position(id)?;
        let old_unit = before.as_ref().map(|p| p.unit);
        let new_unit = after.as_ref().map(|p| p.unit);
        if old_unit != new_unit {
            if let Some(u) = old_unit {
                let base = self.base;
                Self::edit_list(
                    &mut self.change.unit_positions,
                    u,
                    || Ok(base.positions_of(u)?.into_iter().map(|p| p.id).collect()),
                    |l| l.retain(|x| *x != id),
                )?;
            }
            if let Some(u) = new_unit {
                let base = self.base;
                Self::edit_list(
                    &mut self.change.unit_positions,
                    u,
                    || Ok(base.positions_of(u)?.into_iter().map(|p| p.id).collect()),
                    |l| l.push(id),
                )?;
            }
        }
        if let Some(b) = &before
            && after.as_ref().is_none_or(|a| a.code != b.code)
        {
            self.position_codes.insert(b.code.clone(), None);
        }
        if let Some(a) = &after {
            self.position_codes.insert(a.code.clone(), Some(id));
        }
        if after.is_none() {
            self.change.holders.insert(id, Vec::new());
            self.change.standards.insert(id, Vec::new());
            self.change.tasks.insert(id, Vec::new());
        }
        let content = content.or_else(|| before.is_none().then(Default::default));
        if let Some((standard, tasks)) = content {
            self.change.standards.insert(id, standard);
            self.change.tasks.insert(id, tasks);
        }
        let entry = self.change.positions.entry(id).or_insert(Versions { before: before.clone(), after: None });
        entry.after = after;
        if entry.before == entry.after {
            self.change.positions.remove(&id);
        }
        Ok(())
    }

    /// Writes an employee's new placement; keeps the holder lists in step.
    pub fn put_employee(&mut self, after: Employee) -> StoreResult<()> {
        let nip = after.nip;
        let Some(before) = self.employee(nip)? else {
            return Ok(());
        };
        if before.position != after.position {
            if let Some(p) = before.position {
                let base = self.base;
                Self::edit_list(&mut self.change.holders, p, || base.holder_nips(p), |l| l.retain(|x| *x != nip))?;
            }
            if let Some(p) = after.position {
                let base = self.base;
                Self::edit_list(&mut self.change.holders, p, || base.holder_nips(p), |l| l.push(nip))?;
            }
        }
        let entry = self.change.employees.entry(nip).or_insert(Versions { before: Some(before), after: None });
        entry.after = Some(after);
        if entry.before == entry.after {
            self.change.employees.remove(&nip);
        }
        Ok(())
    }
}
