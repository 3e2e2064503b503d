//! The nine-box (domain.md §7) and the ranking of promotion candidates: eligible ones by
//! a weighted score, then the near misses (one rule failed), then the rest.

use serde::Serialize;

use super::RuleSet;
use super::eligibility::{Candidate, Failure, Prepared, Rules, evaluate_prepared, failed_rules};
use crate::model::{Date, Grade, Nip, People, Position, RatingLevel, StandardEntry};

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
    let grade = c.facts.grade.and_then(Grade::pns_index).map_or(0.0, |i| i as f64 / 16.0);
    let rating = c.ratings.iter().max_by_key(|r| r.year).map_or(0.0, |r| rating_value(r.rating));
    let years = c.facts.grade_since.map_or(0.0, |d| (f64::from(d.years_until(today).max(0)) / 4.0).min(1.0));
    let total = w.jpm * jpm.unwrap_or(0.0) / 100.0
        + w.nine_box * f64::from(nine_box.unwrap_or(0)) / 9.0
        + w.grade * grade
        + w.rating * rating
        + w.years_in_grade * years;
    total / (w.jpm + w.nine_box + w.grade + w.rating + w.years_in_grade)
}

/// Where a person stands: eligible, a near miss (one rule failed), or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Every rule holds.
    Eligible,
    /// Exactly one rule fails (it may fail more than once, as a rating in two years).
    NearMiss,
    /// Two rules or more fail.
    Ineligible,
}

/// One person's place in a [`Ranking`], without the messages: which batch and row
/// they are, the rules they fail, and what orders them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    /// Their batch among the ranked ones.
    pub batch: u32,
    /// Their row in the batch.
    pub row: u32,
    /// NIP (ties are ordered by it).
    pub nip: Nip,
    /// The rules failed.
    pub failed: Rules,
    /// Weighted score 0–1.
    pub score: f64,
    /// JPM against the target's standard.
    pub jpm: Option<f64>,
    /// Nine-box number.
    pub nine_box: Option<u8>,
    /// Place among the eligible, from 1.
    pub rank: Option<u32>,
}

impl Scored {
    /// Eligible, near miss or neither.
    pub fn standing(&self) -> Standing {
        match self.failed.len() {
            0 => Standing::Eligible,
            1 => Standing::NearMiss,
            _ => Standing::Ineligible,
        }
    }
}

/// The eligible first, then the near misses, then the rest; by score within each;
/// ties by NIP.
fn ranking_order(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    a.standing().cmp(&b.standing()).then(b.score.total_cmp(&a.score)).then(a.nip.cmp(&b.nip))
}

/// Scores one person for the prepared target.
fn score_one(c: &Candidate, prepared: &Prepared, batch: u32, row: u32) -> Scored {
    let rules = prepared.rules();
    let (failed, jpm) = failed_rules(c, prepared);
    let last = c.ratings.iter().max_by_key(|r| r.year).map(|r| r.rating);
    let nine = nine_box(last, c.facts.potential, jpm, rules);
    Scored {
        batch,
        row,
        nip: c.facts.nip,
        failed,
        score: score(c, jpm, nine, rules, prepared.today()),
        jpm,
        nine_box: nine,
        rank: None,
    }
}

/// Everyone evaluated for a target: the eligible by score (ranked), then the near
/// misses, then the rest; ties by NIP.
#[derive(Clone, Debug, Default)]
pub struct Ranking {
    /// Everyone, in order.
    pub entries: Vec<Scored>,
}

impl Ranking {
    /// How many are eligible, near misses, and neither.
    pub fn counts(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for e in &self.entries {
            counts[e.standing() as usize] += 1;
        }
        counts
    }

    /// Everyone of one standing, in order.
    pub fn of(&self, standing: Standing) -> impl Iterator<Item = &Scored> {
        self.entries.iter().filter(move |e| e.standing() == standing)
    }
}

/// Ranks every person of `batches` for the prepared target, on as many threads as
/// there are cores. `keep_going` is asked after each batch and stops the work (giving
/// `None`) when it says no: a newer question has made this one moot.
pub fn rank_people(prepared: &Prepared, batches: &[People], keep_going: &(dyn Fn() -> bool + Sync)) -> Option<Ranking> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(batches.len()).max(1);
    let score_batches = |from: usize| -> Option<Vec<Scored>> {
        let mut out = Vec::new();
        for b in (from..batches.len()).step_by(threads) {
            if !keep_going() {
                return None;
            }
            out.extend(batches[b].iter().enumerate().map(|(r, c)| score_one(&c, prepared, b as u32, r as u32)));
        }
        Some(out)
    };
    let parts: Vec<Option<Vec<Scored>>> = if threads == 1 {
        vec![score_batches(0)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (1..threads).map(|t| s.spawn(move || score_batches(t))).collect();
            let mut parts = vec![score_batches(0)];
            parts.extend(handles.into_iter().map(|h| h.join().unwrap_or(None)));
            parts
        })
    };
    let mut entries = Vec::with_capacity(batches.iter().map(People::len).sum());
    for part in parts {
        entries.extend(part?);
    }
    entries.sort_unstable_by(ranking_order);
    for (i, e) in entries.iter_mut().take_while(|e| e.failed.is_empty()).enumerate() {
        e.rank = Some(i as u32 + 1);
    }
    Some(Ranking { entries })
}

/// One ranked person with every failed rule's message, as listed and as JSON gives it.
pub fn explain(c: &Candidate, scored: &Scored, prepared: &Prepared) -> Evaluated {
    let verdict = evaluate_prepared(c, prepared);
    Evaluated {
        nip: c.facts.nip.to_string(),
        name: c.name.to_string(),
        eligible: verdict.failed.is_empty(),
        rank: scored.rank,
        score: scored.score,
        jpm: scored.jpm,
        nine_box: scored.nine_box,
        grade: c.facts.grade.map(|g| g.to_string()),
        failed: verdict.failed,
    }
}

/// Evaluates and orders everyone for `target`, with messages (for a handful of
/// people; [`rank_people`] ranks many).
pub fn rank(
    target: &Position,
    standard: &[StandardEntry],
    candidates: &[Candidate],
    rules: &RuleSet,
    today: Date,
) -> Vec<Evaluated> {
    let prepared = Prepared::new(target, standard, rules, today);
    let mut scored: Vec<(Scored, &Candidate)> =
        candidates.iter().enumerate().map(|(i, c)| (score_one(c, &prepared, 0, i as u32), c)).collect();
    scored.sort_by(|(a, _), (b, _)| ranking_order(a, b));
    for (i, (s, _)) in scored.iter_mut().take_while(|(s, _)| s.failed.is_empty()).enumerate() {
        s.rank = Some(i as u32 + 1);
    }
    scored.iter().map(|(s, c)| explain(c, s, &prepared)).collect()
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
