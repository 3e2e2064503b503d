//! Performance monitoring (evaluasi dan monitoring kinerja): how a group's yearly ratings
//! are spread, how the share rated at least baik moves, and who needs a follow-up: a
//! rating that fell two steps from one year to the next, or two years running below baik.
//! Pure: the ratings come in, figures go out.

use super::workforce::{PersonRef, Staff};
use crate::i18n::{Msg, tr, trf};
use crate::model::{Nip, Rating, RatingLevel};

/// The predikat from best to worst, the order of every count here.
pub const LEVELS: [RatingLevel; 5] = [
    RatingLevel::SangatBaik,
    RatingLevel::Baik,
    RatingLevel::ButuhPerbaikan,
    RatingLevel::Kurang,
    RatingLevel::SangatKurang,
];

/// A rating's place in [`LEVELS`]: 0 sangat baik … 4 sangat kurang.
pub fn step(level: RatingLevel) -> usize {
    match level {
        RatingLevel::SangatBaik => 0,
        RatingLevel::Baik => 1,
        RatingLevel::ButuhPerbaikan => 2,
        RatingLevel::Kurang => 3,
        RatingLevel::SangatKurang => 4,
    }
}

/// A predikat's name, as the catalogue says it.
pub fn rating_name(level: RatingLevel) -> Msg {
    match level {
        RatingLevel::SangatBaik => Msg::RatingSangatBaik,
        RatingLevel::Baik => Msg::RatingBaik,
        RatingLevel::ButuhPerbaikan => Msg::RatingButuhPerbaikan,
        RatingLevel::Kurang => Msg::RatingKurang,
        RatingLevel::SangatKurang => Msg::RatingSangatKurang,
    }
}

/// A predikat's short name (a bar's label), as the catalogue says it.
pub fn rating_short(level: RatingLevel) -> Msg {
    match level {
        RatingLevel::SangatBaik => Msg::RatingShortSangatBaik,
        RatingLevel::Baik => Msg::RatingShortBaik,
        RatingLevel::ButuhPerbaikan => Msg::RatingShortButuhPerbaikan,
        RatingLevel::Kurang => Msg::RatingShortKurang,
        RatingLevel::SangatKurang => Msg::RatingShortSangatKurang,
    }
}

/// One year's spread of ratings over a group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearSpread {
    /// The year rated.
    pub year: u16,
    /// How many got each predikat, in the order of [`LEVELS`].
    pub rated: [u32; 5],
    /// How many of the group have no rating for the year.
    pub not_rated: u32,
}

impl YearSpread {
    /// The share of those rated who got at least baik; none when nobody was rated.
    pub fn at_least_baik(&self) -> Option<f64> {
        let rated: u32 = self.rated.iter().sum();
        (rated > 0).then(|| f64::from(self.rated[0] + self.rated[1]) / f64::from(rated))
    }
}

fn empty_years(years: std::ops::RangeInclusive<u16>) -> Vec<YearSpread> {
    years.map(|year| YearSpread { year, ..YearSpread::default() }).collect()
}

/// Counts one person into each year of `rows` they served in.
fn tally(rows: &mut [YearSpread], ratings: &[Rating], started: u16) {
    for row in rows.iter_mut().filter(|row| row.year >= started) {
        match ratings.iter().find(|r| r.year == row.year) {
            Some(r) => row.rated[step(r.rating)] += 1,
            None => row.not_rated += 1,
        }
    }
}

/// Why a person needs a follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUp {
    /// Their rating fell at least two steps from `year - 1` to `year`.
    FellTwoSteps {
        /// The year of the lower rating.
        year: u16,
        /// The rating the year before.
        from: RatingLevel,
        /// The rating that year.
        to: RatingLevel,
    },
    /// Rated below baik in `year - 1` and in `year`.
    BelowBaikTwice {
        /// The second of the two years.
        year: u16,
    },
}

impl FollowUp {
    /// What it says to a reader.
    pub fn text(&self) -> String {
        match *self {
            FollowUp::FellTwoSteps { year, from, to } => {
                trf(Msg::FellTwoSteps, &[&year, &tr(rating_name(from)), &tr(rating_name(to))])
            }
            FollowUp::BelowBaikTwice { year } => trf(Msg::BelowBaikTwice, &[&year]),
        }
    }

    /// What it says in a few words, the predikat by their short names.
    pub fn short_text(&self) -> String {
        match *self {
            FollowUp::FellTwoSteps { year, from, to } => {
                trf(Msg::FellTwoStepsShort, &[&year, &tr(rating_short(from)), &tr(rating_short(to))])
            }
            FollowUp::BelowBaikTwice { year } => trf(Msg::BelowBaikTwiceShort, &[&year]),
        }
    }

    /// The year it was seen in.
    pub fn year(&self) -> u16 {
        match *self {
            FollowUp::FellTwoSteps { year, .. } | FollowUp::BelowBaikTwice { year } => year,
        }
    }
}

/// Whether a person's ratings within `years` call for a follow-up: the latest fall of two
/// steps or more, else the latest two years running below baik (only consecutive years
/// both rated count).
pub fn follow_up(ratings: &[Rating], years: std::ops::RangeInclusive<u16>) -> Option<FollowUp> {
    let rating_in = |year: u16| ratings.iter().find(|r| r.year == year).map(|r| r.rating);
    let pairs =
        || years.clone().rev().filter_map(|year| Some((year, rating_in(year.checked_sub(1)?)?, rating_in(year)?)));
    let pairs_in_window =
        |(year, _, _): &(u16, RatingLevel, RatingLevel)| year.checked_sub(1).is_some_and(|y| years.contains(&y));
    if let Some((year, from, to)) = pairs().filter(pairs_in_window).find(|(_, from, to)| step(*to) >= step(*from) + 2) {
        return Some(FollowUp::FellTwoSteps { year, from, to });
    }
    pairs()
        .filter(pairs_in_window)
        .find(|(_, before, now)| step(*before) >= 2 && step(*now) >= 2)
        .map(|(year, _, _)| FollowUp::BelowBaikTwice { year })
}

/// A person who needs a follow-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Flagged {
    /// Who.
    pub person: PersonRef,
    /// Their NIP.
    pub nip: Nip,
    /// The place of their position in the staff's positions.
    pub position: u32,
    /// Why.
    pub follow_up: FollowUp,
}

/// The monitoring of a unit's staff over some years.
#[derive(Clone, Debug, PartialEq)]
pub struct Monitoring {
    /// The years looked at, oldest first.
    pub years: std::ops::RangeInclusive<u16>,
    /// How many people the staff has.
    pub people: u32,
    /// The spread of the whole staff, a row per year.
    pub spread: Vec<YearSpread>,
    /// Each branch's people and spread, in the order of the branches given.
    pub branches: Vec<(u32, Vec<YearSpread>)>,
    /// Who needs a follow-up, in the order of their positions, then NIP.
    pub follow_ups: Vec<Flagged>,
}

impl Monitoring {
    /// The branch with the smallest share at least baik in the latest year anyone of a
    /// branch was rated in (ties: the first); none without a rated branch.
    pub fn weakest(&self) -> Option<usize> {
        self.weakest_first().first().copied().filter(|b| latest_share(&self.branches[*b].1).is_some())
    }

    /// The branches by their share at least baik in the latest year rated, smallest
    /// first (ties, and those never rated at the end, in their order).
    pub fn weakest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.branches.len()).collect();
        order.sort_by(|a, b| match (latest_share(&self.branches[*a].1), latest_share(&self.branches[*b].1)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        order
    }
}

/// The share at least baik of the latest year anyone was rated in.
fn latest_share(rows: &[YearSpread]) -> Option<f64> {
    rows.iter().rev().find_map(YearSpread::at_least_baik)
}

impl Monitoring {}

/// Monitors `staff` over `years`: its spread, each branch's (a position's branch is
/// `branch_of[position]`, none for the unit's own positions), and who needs a follow-up.
pub fn monitor(
    staff: &Staff,
    branch_of: &[Option<u32>],
    branches: usize,
    years: std::ops::RangeInclusive<u16>,
) -> Monitoring {
    let mut out = Monitoring {
        years: years.clone(),
        people: 0,
        spread: empty_years(years.clone()),
        branches: vec![(0, empty_years(years.clone())); branches],
        follow_ups: Vec::new(),
    };
    for (person, p, position) in staff.placed() {
        let started = u16::try_from(p.facts.service_start.year()).unwrap_or(0);
        out.people += 1;
        tally(&mut out.spread, p.ratings, started);
        if let Some((count, rows)) =
            branch_of.get(position).copied().flatten().and_then(|b| out.branches.get_mut(b as usize))
        {
            *count += 1;
            tally(rows, p.ratings, started);
        }
        if let Some(follow_up) = follow_up(p.ratings, years.clone()) {
            out.follow_ups.push(Flagged { person, nip: p.facts.nip, position: position as u32, follow_up });
        }
    }
    out.follow_ups.sort_by_key(|f| (f.position, f.nip));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spread of each year of `years` (oldest first) over a group, each person given by
    /// their ratings and the first year they served: a year before it is not theirs, so
    /// they are neither rated nor counted as not rated in it.
    fn spread<'a>(
        group: impl IntoIterator<Item = (&'a [Rating], u16)>,
        years: std::ops::RangeInclusive<u16>,
    ) -> Vec<YearSpread> {
        let mut out = empty_years(years);
        for (ratings, started) in group {
            tally(&mut out, ratings, started);
        }
        out
    }

    use RatingLevel::*;

    fn ratings(list: &[(u16, RatingLevel)]) -> Vec<Rating> {
        list.iter().map(|&(year, rating)| Rating { year, rating }).collect()
    }

    #[test]
    fn a_spread_counts_each_year_and_those_without_a_rating() {
        let a = ratings(&[(2023, SangatBaik), (2024, Baik), (2025, Kurang)]);
        let b = ratings(&[(2024, ButuhPerbaikan), (2025, Baik)]);
        let none = ratings(&[]);
        let rows = spread([(&a[..], 2000), (&b[..], 2000), (&none[..], 2000)], 2023..=2025);
        assert_eq!(rows.iter().map(|r| r.year).collect::<Vec<_>>(), [2023, 2024, 2025]);
        assert_eq!(rows[0].rated, [1, 0, 0, 0, 0]);
        assert_eq!(rows[0].not_rated, 2);
        assert_eq!(rows[1].rated, [0, 1, 1, 0, 0]);
        assert_eq!(rows[2].rated, [0, 1, 0, 1, 0]);
        assert_eq!(rows[1].at_least_baik(), Some(0.5));
        assert_eq!(spread([(&none[..], 2000)], 2025..=2025)[0].at_least_baik(), None, "nobody rated: no share");
        let joined = spread([(&none[..], 2024)], 2023..=2025);
        assert_eq!(joined.iter().map(|r| r.not_rated).collect::<Vec<_>>(), [0, 1, 1], "not theirs before they served");
    }

    #[test]
    fn a_fall_of_two_steps_or_two_years_below_baik_call_for_a_follow_up() {
        let fell = ratings(&[(2023, SangatBaik), (2024, ButuhPerbaikan), (2025, Baik)]);
        assert_eq!(
            follow_up(&fell, 2021..=2025),
            Some(FollowUp::FellTwoSteps { year: 2024, from: SangatBaik, to: ButuhPerbaikan })
        );
        let twice = ratings(&[(2023, Baik), (2024, ButuhPerbaikan), (2025, Kurang)]);
        assert_eq!(follow_up(&twice, 2021..=2025), Some(FollowUp::BelowBaikTwice { year: 2025 }));
        let one_step = ratings(&[(2023, SangatBaik), (2024, Baik), (2025, ButuhPerbaikan)]);
        assert_eq!(follow_up(&one_step, 2021..=2025), None, "one step a year, and below baik once");
        let gap = ratings(&[(2022, ButuhPerbaikan), (2024, Kurang)]);
        assert_eq!(follow_up(&gap, 2021..=2025), None, "two years below baik, but not running");
        // A fall whose first year lies before the window is not within it.
        assert_eq!(follow_up(&fell, 2024..=2025), None);
    }

    #[test]
    fn monitoring_spreads_the_staff_and_each_branch_and_flags_who_needs_a_follow_up() {
        use crate::model::{
            Education, Employee, EmploymentStatus, Grade, People, PersonFacts, Position, PositionId, PositionKind,
            PositionSpec, UnitId,
        };
        let position = |id: u32| Position {
            id: PositionId(id),
            code: format!("P{id}"),
            unit: UnitId(id),
            name: format!("Position {id}"),
            spec: PositionSpec {
                kind: PositionKind::Pelaksana,
                level: None,
                eselon: None,
                class: None,
                needed: Some(2),
                head: false,
            },
        };
        let positions: Vec<_> = (1..=3).map(|id| (position(id), std::sync::Arc::from(Vec::new()))).collect();
        let mut people = People::default();
        // NIP digits 9–14 are the TMT CPNS: the second person started in 2024.
        let staff = [
            ("198001012005011001", 1, vec![(2024, SangatBaik), (2025, Baik)]),
            ("198001012024011002", 2, vec![(2024, Baik), (2025, Kurang)]),
            ("198001012005011003", 2, vec![(2023, ButuhPerbaikan), (2024, ButuhPerbaikan), (2025, Baik)]),
            ("198001012005011004", 3, vec![(2024, SangatBaik), (2025, ButuhPerbaikan)]),
        ];
        for (nip, at, list) in &staff {
            let e = Employee {
                nip: Nip::parse(nip).unwrap(),
                name: nip[..8].to_string(),
                status: EmploymentStatus::Pns,
                grade: Some(Grade::Pns(32)),
                grade_since: None,
                position: Some(PositionId(*at)),
                position_since: None,
                education: Some(Education::S1),
                service_start_override: None,
                potential: None,
            };
            let p = &positions[*at as usize - 1].0;
            people.push(PersonFacts::of(&e, Some(p)), &e.name, &ratings(list), &[], &[], &[]);
        }
        let batches = [people];
        let staff = Staff::new(&positions, &batches);
        // The first position is the unit's own; the others are two branches.
        let m = monitor(&staff, &[None, Some(0), Some(1)], 2, 2023..=2025);
        assert_eq!(m.people, 4);
        assert_eq!(m.spread[0].rated, [0, 0, 1, 0, 0]);
        assert_eq!(m.spread[0].not_rated, 2, "the newcomer of 2024 is not counted in 2023");
        assert_eq!(m.spread[2].rated, [0, 2, 1, 1, 0]);
        assert_eq!(m.branches[0].0, 2);
        assert_eq!(m.branches[0].1[2].rated, [0, 1, 0, 1, 0]);
        assert_eq!(m.branches[1].1[2].at_least_baik(), Some(0.0));
        assert_eq!(m.weakest(), Some(1), "the branch with no one at least baik last year");
        assert_eq!(m.weakest_first(), [1, 0]);
        let flagged: Vec<(String, FollowUp)> = m.follow_ups.iter().map(|f| (f.nip.to_string(), f.follow_up)).collect();
        assert_eq!(
            flagged,
            [
                ("198001012005011003".to_string(), FollowUp::BelowBaikTwice { year: 2024 }),
                ("198001012024011002".to_string(), FollowUp::FellTwoSteps { year: 2025, from: Baik, to: Kurang }),
                (
                    "198001012005011004".to_string(),
                    FollowUp::FellTwoSteps { year: 2025, from: SangatBaik, to: ButuhPerbaikan }
                ),
            ]
        );
    }
}
