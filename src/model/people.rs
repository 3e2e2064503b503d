//! What the rules read of many people at once, packed so that reading the 60 000
//! people of a province makes a handful of allocations instead of a few per person:
//! one row of plain facts each, and their names and records in shared arrays.

use serde::{Deserialize, Serialize};

use super::{
    Assessment, Competency, Date, Education, Employee, EmploymentStatus, Grade, Level, Nip, Penalty, Position,
    PositionId, PositionKind, Rating,
};

/// The level of a person's latest assessment of `competency` among `assessments`;
/// undated assessments count as older than dated ones (the one rule for "latest").
pub fn latest_level(assessments: &[Assessment], competency: &Competency) -> Option<u8> {
    assessments.iter().filter(|a| a.competency == *competency).max_by_key(|a| a.assessed_on).map(|a| a.level)
}

/// A person's latest assessed level of each competency they were assessed in.
#[derive(Clone, Copy, Debug)]
pub struct Levels<'a> {
    table: &'a [Competency],
    entries: &'a [(u16, u8)],
}

impl<'a> Levels<'a> {
    /// The latest level of `competency`; `None` when not assessed.
    pub fn get(&self, competency: &Competency) -> Option<u8> {
        self.iter().find(|(c, _)| *c == competency).map(|(_, level)| level)
    }

    /// Every competency assessed with its latest level.
    pub fn iter(&self) -> impl Iterator<Item = (&'a Competency, u8)> + 'a {
        let table = self.table;
        self.entries.iter().filter_map(move |(i, level)| Some((table.get(usize::from(*i))?, *level)))
    }

    /// Whether nothing was assessed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A post held before the current one as the rules read it: its kind and level and
/// the time it was held (the experience rule counts time in posts that lead to a target).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierPost {
    /// Its kind.
    pub kind: PositionKind,
    /// Its level.
    pub level: Option<Level>,
    /// From when.
    pub from: Date,
    /// Until when.
    pub to: Date,
}

/// The earlier posts of a history that the rules can count: those with a kind, each
/// ending where recorded, else where the next post (or the current one, from `current`)
/// began; a post that overlaps the next is cut where the next begins, so no day counts
/// twice.
pub fn earlier_posts(history: &[super::PostHeld], current: Option<Date>) -> Vec<EarlierPost> {
    let mut posts: Vec<&super::PostHeld> = history.iter().collect();
    posts.sort_by_key(|p| p.from);
    let mut out = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        let Some(kind) = p.kind else { continue };
        let next = posts.get(i + 1).map(|n| n.from).or(current);
        let end = match (p.to, next) {
            (Some(to), Some(next)) => to.min(next),
            (Some(to), None) => to,
            (None, next) => match next {
                Some(next) => next,
                None => continue,
            },
        };
        if end > p.from {
            out.push(EarlierPost { kind, level: p.level, from: p.from, to: end });
        }
    }
    out
}

/// The plain facts of one person that eligibility and ranking read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    /// NIP.
    pub nip: Nip,
    /// PNS or PPPK.
    pub status: EmploymentStatus,
    /// Current grade.
    pub grade: Option<Grade>,
    /// Since when the grade is held.
    pub grade_since: Option<Date>,
    /// Highest education.
    pub education: Option<Education>,
    /// The position held.
    pub position: Option<PositionId>,
    /// Its kind and level, which decide whether it leads to a target.
    pub current: Option<(PositionKind, Option<Level>)>,
    /// Since when the position is held.
    pub position_since: Option<Date>,
    /// Date of birth (from the NIP).
    pub birth_date: Date,
    /// Start of service (from the NIP unless recorded otherwise).
    pub service_start: Date,
    /// Potential score 0–100.
    pub potential: Option<u8>,
}

impl PersonFacts {
    /// The facts of an employee who holds `position` (when placed).
    pub fn of(employee: &Employee, position: Option<&Position>) -> PersonFacts {
        PersonFacts {
            nip: employee.nip,
            status: employee.status,
            grade: employee.grade,
            grade_since: employee.grade_since,
            education: employee.education,
            position: employee.position,
            current: position.map(|p| (p.spec.kind, p.spec.level)),
            position_since: employee.position_since,
            birth_date: employee.birth_date(),
            service_start: employee.service_start(),
            potential: employee.potential,
        }
    }
}

/// One person of a [`People`] batch, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Person<'a> {
    /// Their plain facts.
    pub facts: &'a PersonFacts,
    /// Their name.
    pub name: &'a str,
    /// Their ratings.
    pub ratings: &'a [Rating],
    /// Their penalties.
    pub penalties: &'a [Penalty],
    /// Their latest assessed levels.
    pub levels: Levels<'a>,
    /// The posts they held before the current one, oldest first.
    pub posts: &'a [EarlierPost],
}

/// Many people packed together: row `i`'s name and records are the slices between the
/// previous row's ends and its own. Assessments are kept as each competency's latest
/// level, the competency by its place in a table of the batch's competencies: a
/// national database's 40 million assessments then take 4 bytes each, not 32.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct People {
    facts: Vec<PersonFacts>,
    /// Ends of each row's name, ratings, penalties, levels and earlier posts.
    ends: Vec<[u32; 5]>,
    names: String,
    ratings: Vec<Rating>,
    penalties: Vec<Penalty>,
    competencies: Vec<Competency>,
    levels: Vec<(u16, u8)>,
    posts: Vec<EarlierPost>,
}

impl People {
    /// Adds a person.
    pub fn push(
        &mut self,
        facts: PersonFacts,
        name: &str,
        ratings: &[Rating],
        penalties: &[Penalty],
        assessments: &[Assessment],
        posts: &[EarlierPost],
    ) {
        self.facts.push(facts);
        self.names.push_str(name);
        self.ratings.extend_from_slice(ratings);
        self.penalties.extend_from_slice(penalties);
        self.posts.extend_from_slice(posts);
        for (i, a) in assessments.iter().enumerate() {
            // Each competency once, at its first appearance, with its latest level.
            if assessments[..i].iter().any(|b| b.competency == a.competency) {
                continue;
            }
            let Some(level) = latest_level(assessments, &a.competency) else { continue };
            let index = match self.competencies.iter().position(|c| *c == a.competency) {
                Some(index) => index,
                None => {
                    self.competencies.push(a.competency.clone());
                    self.competencies.len() - 1
                }
            };
            let index = u16::try_from(index).expect("fewer than 65 536 competencies in a batch");
            self.levels.push((index, level));
        }
        self.push_ends();
    }

    /// Adds a person of another batch as they are, with `facts` instead of theirs (and
    /// `posts`, when given, instead of their earlier posts).
    pub fn push_person(&mut self, facts: PersonFacts, person: Person<'_>, posts: Option<&[EarlierPost]>) {
        self.facts.push(facts);
        self.names.push_str(person.name);
        self.ratings.extend_from_slice(person.ratings);
        self.penalties.extend_from_slice(person.penalties);
        self.posts.extend_from_slice(posts.unwrap_or(person.posts));
        for (competency, level) in person.levels.iter() {
            let index = match self.competencies.iter().position(|c| c == competency) {
                Some(index) => index,
                None => {
                    self.competencies.push(competency.clone());
                    self.competencies.len() - 1
                }
            };
            let index = u16::try_from(index).expect("fewer than 65 536 competencies in a batch");
            self.levels.push((index, level));
        }
        self.push_ends();
    }

    fn push_ends(&mut self) {
        let end = |n: usize| u32::try_from(n).expect("fewer than 4 G entries in a batch");
        self.ends.push([
            end(self.names.len()),
            end(self.ratings.len()),
            end(self.penalties.len()),
            end(self.levels.len()),
            end(self.posts.len()),
        ]);
    }

    /// How many people.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether there is nobody.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Person `i`; `None` past the end, or when the batch is inconsistent (a damaged
    /// value), so that a bad batch cannot make a slice panic.
    pub fn get(&self, i: usize) -> Option<Person<'_>> {
        let start = if i == 0 { [0; 5] } else { *self.ends.get(i - 1)? };
        let end = *self.ends.get(i)?;
        let range = |k: usize| start[k] as usize..end[k] as usize;
        Some(Person {
            facts: self.facts.get(i)?,
            name: self.names.get(range(0))?,
            ratings: self.ratings.get(range(1))?,
            penalties: self.penalties.get(range(2))?,
            levels: Levels { table: &self.competencies, entries: self.levels.get(range(3))? },
            posts: self.posts.get(range(4))?,
        })
    }

    /// Every person in order.
    pub fn iter(&self) -> impl Iterator<Item = Person<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Whether every row's slices are in bounds and in order, and every level names a
    /// competency of the table (checked after decoding).
    pub fn is_consistent(&self) -> bool {
        self.facts.len() == self.ends.len()
            && (0..self.len()).all(|i| self.get(i).is_some())
            && self.levels.iter().all(|(c, _)| usize::from(*c) < self.competencies.len())
    }
}

impl super::Dataset {
    /// The people holding a position, grouped by instansi (root unit) and branch (the
    /// unit directly under the instansi that holds the position: its perangkat daerah,
    /// or the instansi itself for its own positions); in NIP order within a group, in
    /// batches of at most `batch` people; groups in id order.
    pub fn people_by_branch(&self, batch: usize) -> Vec<((super::UnitId, super::UnitId), Vec<People>)> {
        use std::collections::{BTreeMap, HashMap};
        // (root, branch) of every unit, parents before children.
        let mut place: HashMap<super::UnitId, (super::UnitId, super::UnitId)> =
            HashMap::with_capacity(self.units.len());
        for u in self.units_in_tree_order() {
            let at = match u.parent.and_then(|p| place.get(&p).copied()) {
                None => (u.id, u.id),
                Some((root, branch)) if branch == root => (root, u.id),
                Some(parent_place) => parent_place,
            };
            place.insert(u.id, at);
        }
        let positions: HashMap<PositionId, &Position> = self.positions.iter().map(|p| (p.id, p)).collect();
        let mut groups: BTreeMap<(super::UnitId, super::UnitId), Vec<(&Employee, &Position)>> = BTreeMap::new();
        for e in &self.employees {
            let Some(p) = e.position.and_then(|p| positions.get(&p)) else { continue };
            if let Some(at) = place.get(&p.unit) {
                groups.entry(*at).or_default().push((e, p));
            }
        }
        fn list<'a, T>(map: &'a BTreeMap<Nip, Vec<T>>, nip: &Nip) -> &'a [T] {
            map.get(nip).map_or(&[], Vec::as_slice)
        }
        groups
            .into_iter()
            .map(|(at, mut held)| {
                held.sort_unstable_by_key(|(e, _)| e.nip);
                let batches = held
                    .chunks(batch.max(1))
                    .map(|group| {
                        let mut people = People::default();
                        for (e, p) in group {
                            people.push(
                                PersonFacts::of(e, Some(p)),
                                &e.name,
                                list(&self.ratings, &e.nip),
                                list(&self.penalties, &e.nip),
                                list(&self.assessments, &e.nip),
                                &earlier_posts(list(&self.position_history, &e.nip), e.position_since),
                            );
                        }
                        people
                    })
                    .collect();
                (at, batches)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Competency, PositionSpec, RatingLevel, UnitId};

    #[test]
    fn rows_get_back_their_own_names_and_records() {
        let employee = |nip: &str, name: &str| Employee {
            nip: Nip::parse(nip).unwrap(),
            name: name.into(),
            status: EmploymentStatus::Pns,
            grade: Some(Grade::Pns(33)),
            grade_since: None,
            position: Some(PositionId(1)),
            position_since: None,
            education: None,
            service_start_override: None,
            potential: None,
        };
        let position = Position {
            id: PositionId(1),
            code: "P".into(),
            unit: UnitId(1),
            name: "Analis".into(),
            spec: PositionSpec::pelaksana(None),
        };
        let a = employee("197805122003121004", "Budi");
        let b = employee("198001012005012002", "Sari");
        let rating = Rating { year: 2025, rating: RatingLevel::Baik };
        let assessment = Assessment { competency: Competency::Integritas, level: 3, assessed_on: None };
        let older =
            Assessment { level: 1, assessed_on: Some(Date::parse("2020-01-01").unwrap()), ..assessment.clone() };
        let latest =
            Assessment { level: 2, assessed_on: Some(Date::parse("2024-01-01").unwrap()), ..assessment.clone() };
        let mut people = People::default();
        people.push(PersonFacts::of(&a, Some(&position)), &a.name, std::slice::from_ref(&rating), &[], &[], &[]);
        people.push(PersonFacts::of(&b, None), &b.name, &[], &[], &[older, latest, assessment], &[]);
        assert!(people.is_consistent());
        let all: Vec<Person> = people.iter().collect();
        assert_eq!((all[0].name, all[0].ratings, all[0].levels.is_empty()), ("Budi", &[rating][..], true));
        // The latest dated assessment counts; an undated one is older than any dated.
        let levels: Vec<(&Competency, u8)> = all[1].levels.iter().collect();
        assert_eq!((all[1].name, all[1].ratings.len(), levels), ("Sari", 0, vec![(&Competency::Integritas, 2)]));
        assert_eq!(all[0].facts.current, Some((PositionKind::Pelaksana, None)));
        assert_eq!(all[1].facts.birth_date, Date::parse("1980-01-01").unwrap());
        assert!(people.get(2).is_none());
    }
}
