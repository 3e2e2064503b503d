//! Performance monitoring (evaluasi dan monitoring kinerja): how a group's yearly ratings
//! are spread, how the share rated at least baik moves, and who needs a follow-up: a
//! rating that fell two steps from one year to the next, or two years running below baik.
//! Pure: the ratings come in, figures go out.

use serde::Serialize;

use crate::model::{Rating, RatingLevel};

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

/// One year's spread of ratings over a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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

/// The spread of each year of `years` (oldest first) over a group, each person given by
/// their ratings.
pub fn spread<'a>(
    group: impl IntoIterator<Item = &'a [Rating]>,
    years: std::ops::RangeInclusive<u16>,
) -> Vec<YearSpread> {
    let mut out: Vec<YearSpread> = years.map(|year| YearSpread { year, ..YearSpread::default() }).collect();
    for ratings in group {
        for row in &mut out {
            match ratings.iter().find(|r| r.year == row.year) {
                Some(r) => row.rated[step(r.rating)] += 1,
                None => row.not_rated += 1,
            }
        }
    }
    out
}

/// Why a person needs a follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use RatingLevel::*;

    fn ratings(list: &[(u16, RatingLevel)]) -> Vec<Rating> {
        list.iter().map(|&(year, rating)| Rating { year, rating }).collect()
    }

    #[test]
    fn a_spread_counts_each_year_and_those_without_a_rating() {
        let a = ratings(&[(2023, SangatBaik), (2024, Baik), (2025, Kurang)]);
        let b = ratings(&[(2024, ButuhPerbaikan), (2025, Baik)]);
        let none = ratings(&[]);
        let rows = spread([&a[..], &b[..], &none[..]], 2023..=2025);
        assert_eq!(rows.iter().map(|r| r.year).collect::<Vec<_>>(), [2023, 2024, 2025]);
        assert_eq!(rows[0].rated, [1, 0, 0, 0, 0]);
        assert_eq!(rows[0].not_rated, 2);
        assert_eq!(rows[1].rated, [0, 1, 1, 0, 0]);
        assert_eq!(rows[2].rated, [0, 1, 0, 1, 0]);
        assert_eq!(rows[1].at_least_baik(), Some(0.5));
        assert_eq!(spread([&none[..]], 2025..=2025)[0].at_least_baik(), None, "nobody rated: no share");
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
}
