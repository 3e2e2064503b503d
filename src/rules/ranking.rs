//! The nine-box (domain.md §7) and the ranking of promotion candidates: eligible ones by
//! a weighted score, then the near misses (one rule failed), then the rest.

use serde::Serialize;

use super::RuleSet;
use super::eligibility::{Candidate, Failure, Prepared, evaluate_prepared};
use crate::model::{Date, Grade, Position, RatingLevel, StandardEntry};

/// The nine-box number of a last rating and a potential band, 1–9 (domain.md §7):
/// performance from the last rating, potential from the potential score or, when
/// there is none, from the JPM against the target's standard.
pub fn nine_box(
    last_rating: Option<RatingLevel>,
    potential: Option<u8>,
    jpm: Option<f64>,
    rules: &RuleSet,
) -> Option<u8> {
    let above = RatingLevel::parse(&rules.nine_box.performance_above).unwrap_or(RatingLevel::SangatBaik);
    let expected = RatingLevel::parse(&rules.nine_box.performance_as_expected).unwrap_or(RatingLevel::Baik);
    // RatingLevel is ordered best first.
    let performance = match last_rating? {
        r if r <= above => 2,
        r if r <= expected => 1,
        _ => 0,
    };
    let potential = match (potential, jpm) {
        (Some(p), _) if f64::from(p) >= rules.nine_box.potential_high => 2,
        (Some(p), _) if f64::from(p) >= rules.nine_box.potential_middle => 1,
        (Some(_), _) => 0,
        (None, Some(j)) if j >= rules.jpm.optimal => 2,
        (None, Some(j)) if j >= rules.jpm.cukup_optimal => 1,
        (None, Some(_)) => 0,
        (None, None) => return None,
    };
    const BOXES: [[u8; 3]; 3] = [[1, 3, 6], [2, 5, 8], [4, 7, 9]];
    Some(BOXES[performance][potential])
}

/// One person evaluated for a position, as listed and as `--format json` gives it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluated {
    /// NIP.
    pub nip: String,
    /// Name.
    pub name: String,
    /// Whether every rule holds.
    pub eligible: bool,
    /// Place among the eligible, from 1.
    pub rank: Option<u32>,
    /// Weighted score 0–1 (see [`score`]).
    pub score: f64,
    /// JPM against the position's standard.
    pub jpm: Option<f64>,
    /// Nine-box number.
    #[serde(rename = "box")]
    pub nine_box: Option<u8>,
    /// Current grade.
    pub grade: Option<String>,
    /// Every rule failed.
    pub failed: Vec<Failure>,
}

fn rating_value(r: RatingLevel) -> f64 {
    match r {
        RatingLevel::SangatBaik => 1.0,
        RatingLevel::Baik => 0.75,
        RatingLevel::ButuhPerbaikan => 0.25,
        _ => 0.0,
    }
}

/// The score: Σ weight × part, each part 0–1: JPM/100, box/9, the grade's place on
/// the PNS scale, the latest rating (sangat baik 1, baik 0.75, butuh perbaikan 0.25,
/// else 0), and years in grade up to four; divided by the sum of the weights.
pub fn score(c: &Candidate, jpm: Option<f64>, nine_box: Option<u8>, rules: &RuleSet, today: Date) -> f64 {
    let w = &rules.ranking;
    let grades: Vec<Grade> = Grade::all_pns().collect();
    let grade = c.employee.grade.and_then(|g| grades.iter().position(|x| *x == g)).map_or(0.0, |i| i as f64 / 16.0);
    let rating = c.ratings.iter().max_by_key(|r| r.year).map_or(0.0, |r| rating_value(r.rating));
    let years = c.employee.grade_since.map_or(0.0, |d| (f64::from(d.years_until(today).max(0)) / 4.0).min(1.0));
    let total = w.jpm * jpm.unwrap_or(0.0) / 100.0
        + w.nine_box * f64::from(nine_box.unwrap_or(0)) / 9.0
        + w.grade * grade
        + w.rating * rating
        + w.years_in_grade * years;
    total / (w.jpm + w.nine_box + w.grade + w.rating + w.years_in_grade)
}

/// Evaluates and orders everyone for `target`: the eligible by score (ranked), then the
/// near misses (exactly one rule failed), then the rest; ties by NIP.
pub fn rank(
    target: &Position,
    standard: &[StandardEntry],
    candidates: &[Candidate],
    rules: &RuleSet,
    today: Date,
) -> Vec<Evaluated> {
    let prepared = Prepared::new(target, standard, rules);
    let mut out: Vec<Evaluated> = candidates
        .iter()
        .map(|c| {
            let v = evaluate_prepared(c, &prepared, today);
            let last = c.ratings.iter().max_by_key(|r| r.year).map(|r| r.rating);
            let nine = nine_box(last, c.employee.potential, v.jpm.jpm, rules);
            Evaluated {
                nip: c.employee.nip.to_string(),
                name: c.employee.name.clone(),
                eligible: v.failed.is_empty(),
                rank: None,
                score: score(c, v.jpm.jpm, nine, rules, today),
                jpm: v.jpm.jpm,
                nine_box: nine,
                grade: c.employee.grade.map(|g| g.to_string()),
                failed: v.failed,
            }
        })
        .collect();
    let group = |e: &Evaluated| match e.failed.len() {
        0 => 0,
        1 => 1,
        _ => 2,
    };
    out.sort_by(|a, b| group(a).cmp(&group(b)).then(b.score.total_cmp(&a.score)).then(a.nip.cmp(&b.nip)));
    for (i, e) in out.iter_mut().filter(|e| e.eligible).enumerate() {
        e.rank = Some(i as u32 + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // domain.md §7: performance rows (below, as expected, above) × potential columns.
    #[rstest::rstest]
    #[case::below_low(RatingLevel::ButuhPerbaikan, 50, 1)]
    #[case::expected_low(RatingLevel::Baik, 50, 2)]
    #[case::below_middle(RatingLevel::Kurang, 80, 3)]
    #[case::above_low(RatingLevel::SangatBaik, 77, 4)]
    #[case::expected_middle(RatingLevel::Baik, 78, 5)]
    #[case::below_high(RatingLevel::SangatKurang, 95, 6)]
    #[case::above_middle(RatingLevel::SangatBaik, 89, 7)]
    #[case::expected_high(RatingLevel::Baik, 90, 8)]
    #[case::above_high(RatingLevel::SangatBaik, 90, 9)]
    fn the_nine_boxes(#[case] rating: RatingLevel, #[case] potential: u8, #[case] expected: u8) {
        assert_eq!(nine_box(Some(rating), Some(potential), None, &RuleSet::default()), Some(expected));
    }

    #[test]
    fn without_a_potential_score_the_jpm_decides_and_without_a_rating_there_is_no_box() {
        let r = RuleSet::default();
        assert_eq!(nine_box(Some(RatingLevel::Baik), None, Some(92.0), &r), Some(8));
        assert_eq!(nine_box(Some(RatingLevel::Baik), None, Some(78.0), &r), Some(5));
        assert_eq!(nine_box(Some(RatingLevel::Baik), None, None, &r), None);
        assert_eq!(nine_box(None, Some(95), None, &r), None);
    }
}
