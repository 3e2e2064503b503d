//! The nine-box (domain.md §7) and the ranking of promotion candidates: eligible ones by
//! a weighted score, then the near misses (one rule failed), then the rest.

use rayon::prelude::*;
use serde::Serialize;

use super::RuleSet;
use super::eligibility::{Candidate, Failure, Prepared, Rules, evaluate_prepared, failed_rules};
use crate::model::{Date, Grade, Nip, People, RatingLevel};

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
    /// Eligible, a near miss (one rule fails) or ineligible.
    pub standing: &'static str,
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
    /// The position they hold now, and its unit (where it was read).
    pub current_position: Option<String>,
    /// The unit of that position.
    pub current_unit: Option<String>,
    /// Every rule failed.
    pub failed: Vec<Failure>,
    /// The posts whose time counts towards the experience the target asks for, earlier
    /// ones first (empty when it asks none).
    pub experience: Vec<super::eligibility::CountedPost>,
    /// What the committee should know that no rule decides (a move into a functional
    /// post from another; credit points not checked).
    pub notes: Vec<String>,
}

impl Evaluated {
    /// Where they sit now, as a list says it: `post — unit`, or the post alone.
    pub fn place(&self) -> Option<String> {
        match (&self.current_position, &self.current_unit) {
            (Some(p), Some(u)) => Some(format!("{p} — {u}")),
            (Some(p), None) => Some(p.clone()),
            (None, _) => None,
        }
    }
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

/// Where a person stands: eligible, a near miss (one rule failed), neither, or in a
/// post as high as the target (a rotation, listed apart and never ranked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Every rule holds.
    Eligible,
    /// Exactly one rule fails (it may fail more than once, as a rating in two years).
    NearMiss,
    /// Two rules or more fail.
    Ineligible,
    /// Holds a post as high as the target: a move would be a rotation, not a promotion.
    Rotation,
}

impl Standing {
    /// Every standing, in the order a list shows them.
    pub const ALL: [Standing; 4] = [Standing::Eligible, Standing::NearMiss, Standing::Ineligible, Standing::Rotation];

    /// The stable key scripts read.
    pub fn key(self) -> &'static str {
        match self {
            Standing::Eligible => "eligible",
            Standing::NearMiss => "near_miss",
            Standing::Ineligible => "ineligible",
            Standing::Rotation => "rotation",
        }
    }
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
    /// Nine-box number.
    pub nine_box: Option<u8>,
    /// Place among the eligible, from 1.
    pub rank: Option<u32>,
    /// Whether they hold a post as high as the target (a move would be a rotation).
    pub rotation: bool,
    /// Whether they are in the target's field (a degree or a post of it): they come
    /// first within their standing.
    pub in_field: bool,
}

impl Scored {
    /// Eligible, near miss, neither, or a rotation.
    pub fn standing(&self) -> Standing {
        if self.rotation {
            return Standing::Rotation;
        }
        // A step down is no near miss: nothing the candidate could mend makes it a
        // promotion.
        if self.failed.contains(super::eligibility::Rule::Level) {
            return Standing::Ineligible;
        }
        match self.failed.len() {
            0 => Standing::Eligible,
            1 => Standing::NearMiss,
            _ => Standing::Ineligible,
        }
    }
}

/// The eligible first, then the near misses, then the rest, then the rotations; within
/// each those in the target's field first, then by score, highest first; ties by NIP. As
/// one number, so that sorting millions compares integers: standing (2 bits) ‖ outside
/// the field (1 bit) ‖ the score's bits inverted (a score is never negative, and the bits
/// of non-negative floats order as the floats do) ‖ NIP (< 2⁶⁰).
fn ranking_key(s: &Scored) -> u128 {
    (s.standing() as u128) << 125
        | u128::from(!s.in_field) << 124
        | u128::from(!s.score.max(0.0).to_bits()) << 60
        | u128::from(s.nip.as_u64())
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
        nine_box: nine,
        rank: None,
        rotation: prepared.movement(c.facts) == super::eligibility::Movement::Rotation,
        in_field: prepared.in_field(c).is_some_and(|f| f.any()),
    }
}

/// Everyone evaluated for a target: the eligible by score (ranked), then the near
/// misses, then the rest, then those for whom it would be a rotation; ties by NIP.
#[derive(Clone, Debug, Default)]
pub struct Ranking {
    /// Everyone, in order.
    pub entries: Vec<Scored>,
}

impl Ranking {
    /// How many are eligible, near misses, neither, and rotations.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for e in &self.entries {
            counts[e.standing() as usize] += 1;
        }
        counts
    }

    /// Scores again those `prepared` has looked up (what was read for the ones who may
    /// be shortlisted: an earlier post of the field, trainings, the assessment's date),
    /// then orders and numbers everyone again.
    pub fn rescore(&mut self, prepared: &Prepared, batches: &[People]) {
        for e in &mut self.entries {
            if prepared.looked(&e.nip).is_none() {
                continue;
            }
            if let Some(c) = batches.get(e.batch as usize).and_then(|b| b.get(e.row as usize)) {
                *e = score_one(&c, prepared, e.batch, e.row);
            }
        }
        self.entries.sort_by_cached_key(ranking_key);
        number_the_eligible(&mut self.entries);
    }

    /// Everyone of one standing, in order.
    pub fn of(&self, standing: Standing) -> impl Iterator<Item = &Scored> {
        self.entries.iter().filter(move |e| e.standing() == standing)
    }
}

/// Ranks every person of `batches` for the prepared target, on every core.
/// `keep_going` is asked before each batch and stops the work (giving `None`) when it
/// says no: a newer question has made this one moot.
pub fn rank_people(prepared: &Prepared, batches: &[People], keep_going: &(dyn Fn() -> bool + Sync)) -> Option<Ranking> {
    // Each batch scored on some core, into its own small vector.
    let scored: Option<Vec<Vec<Scored>>> = batches
        .par_iter()
        .enumerate()
        .map(|(b, batch)| {
            keep_going()
                .then(|| batch.iter().enumerate().map(|(r, c)| score_one(&c, prepared, b as u32, r as u32)).collect())
        })
        .collect();
    let scored = scored?;
    // Sort the keys with each entry's place, then gather: each key is worked out
    // once, and a swap moves 32 bytes rather than a whole entry.
    let mut keys: Vec<(u128, u32, u32)> =
        scored.iter().flat_map(|batch| batch.iter().map(|e| (ranking_key(e), e.batch, e.row))).collect();
    keys.par_sort_unstable_by_key(|(k, _, _)| *k);
    let mut entries: Vec<Scored> = keys.iter().map(|(_, b, r)| scored[*b as usize][*r as usize]).collect();
    number_the_eligible(&mut entries);
    Some(Ranking { entries })
}

/// Ranks 1, 2 … for the eligible, who come first in `entries` (in order); none for the
/// others.
fn number_the_eligible(entries: &mut [Scored]) {
    for (i, e) in entries.iter_mut().enumerate() {
        e.rank = (e.standing() == Standing::Eligible).then_some(i as u32 + 1);
    }
}

/// One ranked person with every failed rule's message, as listed and as JSON gives it.
pub fn explain(c: &Candidate, scored: &Scored, prepared: &Prepared) -> Evaluated {
    let verdict = evaluate_prepared(c, prepared);
    let current = c.facts.position.and_then(|p| prepared.current_post(p));
    Evaluated {
        nip: c.facts.nip.to_string(),
        name: c.name.to_string(),
        eligible: verdict.failed.is_empty() && !scored.rotation,
        standing: scored.standing().key(),
        rank: scored.rank,
        score: scored.score,
        jpm: verdict.jpm.jpm,
        nine_box: scored.nine_box,
        grade: c.facts.grade.map(|g| g.to_string()),
        current_position: current.map(|p| p.name.clone()),
        current_unit: current.map(|p| p.unit.clone()).filter(|u| !u.is_empty()),
        failed: verdict.failed,
        experience: super::eligibility::feeding_posts(c, prepared),
        notes: field_note(c, prepared)
            .into_iter()
            .chain(training_note(c, prepared))
            .chain(prepared.notes(c.facts))
            .collect(),
    }
}

/// The leadership training a candidate would still have to attend, where the agency
/// does not require it beforehand (else it is rule `training`).
fn training_note(c: &Candidate, prepared: &Prepared) -> Option<String> {
    if prepared.rules().leadership_training.required {
        return None;
    }
    prepared.missing_training(c.facts).map(|t| crate::i18n::trf(crate::i18n::Msg::NoteTraining, &[&t]))
}

/// Why a candidate ranks among the first of their standing: the degrees of the target's
/// field they hold, a post of it they hold, or one they held.
fn field_note(c: &Candidate, prepared: &Prepared) -> Option<String> {
    use crate::i18n::{Msg, tr, trf};
    let in_field = prepared.in_field(c)?;
    let label = prepared.rules().fields.get(prepared.field()?)?.label.clone();
    let mut why: Vec<String> = in_field.degrees.into_iter().map(str::to_string).collect();
    if in_field.holds {
        why.push(tr(Msg::InFieldPost).to_string());
    } else if let Some(held) = in_field.held {
        why.push(trf(Msg::InFieldEarlier, &[&held]));
    }
    (!why.is_empty()).then(|| trf(Msg::NoteInField, &[&label, &why.join(", ")]))
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
