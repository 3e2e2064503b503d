//! Competency gaps of a position's holders, and a unit's gap matrix (positions ×
//! competencies), as pure functions over data already read.

use std::collections::BTreeMap;

use serde::Serialize;

use super::JpmRules;
use super::jpm::{JobPersonMatch, job_person_match};
use crate::model::{Assessment, Competency, Nip, Position, StandardEntry};

/// A holder of a position, as the gap functions read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// NIP.
    pub nip: Nip,
    /// Name.
    pub name: String,
    /// Their assessments.
    pub assessments: Vec<Assessment>,
}

/// A position with its standard and its holders' assessments, as the gap functions
/// take them.
#[derive(Clone, Debug)]
pub struct PositionInput {
    /// The position.
    pub position: Position,
    /// The standard that applies (stored or default).
    pub standard: Vec<StandardEntry>,
    /// Each holder with their assessments.
    pub holders: Vec<Holder>,
}

/// Every holder of a position against its standard, weakest JPM first (the
/// not assessed last).
pub fn position_gaps<'a>(input: &'a PositionInput, rules: &JpmRules) -> Vec<(&'a Holder, JobPersonMatch)> {
    let mut rows: Vec<(&Holder, JobPersonMatch)> =
        input.holders.iter().map(|h| (h, job_person_match(&input.standard, &h.assessments, rules))).collect();
    rows.sort_by(|a, b| {
        let key = |m: &JobPersonMatch| m.jpm.unwrap_or(f64::INFINITY);
        key(&a.1).total_cmp(&key(&b.1)).then(a.0.nip.cmp(&b.0.nip))
    });
    rows
}

/// One cell of the matrix: one competency over the holders of one position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GapCell {
    /// Holders of the position.
    pub holders: u32,
    /// Holders assessed in this competency.
    pub assessed: u32,
    /// Assessed holders below the required level.
    pub below: u32,
    /// Sum of the assessed holders' gaps (negative: shortfall).
    pub gap_sum: i32,
    /// Sum of the gaps of those below the required level only (0 or negative).
    pub shortfall_sum: i32,
}

impl GapCell {
    /// Average gap over the assessed holders.
    pub fn average_gap(&self) -> Option<f64> {
        (self.assessed > 0).then(|| f64::from(self.gap_sum) / f64::from(self.assessed))
    }

    /// Share of the assessed holders below standard, 0–1.
    pub fn share_below(&self) -> Option<f64> {
        (self.assessed > 0).then(|| f64::from(self.below) / f64::from(self.assessed))
    }
}

/// The symbol of an average gap, wherever a gap is drawn: ▼ short by a level or
/// more, ▽ short, ✓ meets, ? not assessed (so colour is never the only sign).
pub fn gap_symbol(average: Option<f64>) -> char {
    match average {
        None => '?',
        Some(g) if g <= -1.0 => '▼',
        Some(g) if g < 0.0 => '▽',
        Some(_) => '✓',
    }
}

/// One row of the matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GapRow {
    /// The position.
    pub position: Position,
    /// Holders.
    pub holders: u32,
    /// Cells by competency (only those of the position's standard); in JSON keyed by
    /// the competency's id.
    #[serde(serialize_with = "cells_by_id")]
    pub cells: BTreeMap<Competency, GapCell>,
}

impl GapMatrix {
    /// The rows listed: all (worst first), or with `focus` only the positions short in
    /// that competency, the widest shortfall first.
    pub fn listed(&self, focus: Option<&Competency>) -> Vec<&GapRow> {
        let Some(c) = focus else { return self.rows.iter().collect() };
        let gap = |r: &GapRow| r.cells.get(c).and_then(GapCell::average_gap);
        let mut rows: Vec<&GapRow> = self.rows.iter().filter(|r| gap(r).is_some_and(|g| g < 0.0)).collect();
        rows.sort_by(|a, b| gap(a).unwrap_or(0.0).total_cmp(&gap(b).unwrap_or(0.0)));
        rows
    }
}

impl GapRow {
    /// How bad the row is: the sum of its negative average gaps (lower is worse).
    pub fn severity(&self) -> f64 {
        self.cells.values().filter_map(GapCell::average_gap).filter(|g| *g < 0.0).sum()
    }
}

/// The matrix of a unit's subtree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GapMatrix {
    /// The competencies that appear in any standard, in the regulation's order; in
    /// JSON by id.
    #[serde(serialize_with = "competency_ids")]
    pub competencies: Vec<Competency>,
    /// Positions with holders, worst gaps first.
    pub rows: Vec<GapRow>,
}

/// The competency with the widest shortfall over a matrix (see [`GapMatrix::worst`]).
#[derive(Clone, Debug, PartialEq)]
pub struct WorstCompetency {
    /// The competency.
    pub competency: Competency,
    /// Holders assessed in it, over every position of the matrix.
    pub assessed: u32,
    /// Of those, how many are below their position's required level (at least 1).
    pub below: u32,
    /// The average shortfall of those below (negative).
    pub average_shortfall: f64,
}

impl WorstCompetency {
    /// Share of the assessed below standard, 0–1.
    pub fn share_below(&self) -> f64 {
        f64::from(self.below) / f64::from(self.assessed)
    }
}

impl GapMatrix {
    /// The competency in which the largest share of assessed holders is below standard
    /// (ties: the deeper average shortfall, then the regulation's order). Only a real
    /// shortfall counts: when nobody is below standard in anything there is no worst,
    /// and a surplus never is one.
    pub fn worst(&self) -> Option<WorstCompetency> {
        self.competencies
            .iter()
            .filter_map(|c| {
                let (mut assessed, mut below, mut shortfall) = (0u32, 0u32, 0i64);
                for cell in self.rows.iter().filter_map(|r| r.cells.get(c)) {
                    assessed += cell.assessed;
                    below += cell.below;
                    shortfall += i64::from(cell.shortfall_sum);
                }
                (below > 0).then(|| WorstCompetency {
                    competency: c.clone(),
                    assessed,
                    below,
                    average_shortfall: shortfall as f64 / f64::from(below),
                })
            })
            .min_by(|a, b| {
                b.share_below().total_cmp(&a.share_below()).then(a.average_shortfall.total_cmp(&b.average_shortfall))
            })
    }
}

fn cells_by_id<S: serde::Serializer>(cells: &BTreeMap<Competency, GapCell>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(cells.iter().map(|(c, cell)| (c.id(), cell)))
}

fn competency_ids<S: serde::Serializer>(list: &[Competency], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().map(Competency::id))
}

/// Builds the matrix of positions × competencies, worst rows first; positions nobody
/// holds are left out (they have no gaps, only a vacancy).
pub fn gap_matrix(inputs: &[PositionInput]) -> GapMatrix {
    let mut competencies: Vec<Competency> = Vec::new();
    let mut rows = Vec::new();
    for input in inputs.iter().filter(|i| !i.holders.is_empty()) {
        let mut cells = BTreeMap::new();
        for s in &input.standard {
            if !competencies.contains(&s.competency) {
                competencies.push(s.competency.clone());
            }
            let mut cell = GapCell { holders: input.holders.len() as u32, ..GapCell::default() };
            for holder in &input.holders {
                let latest =
                    holder.assessments.iter().filter(|a| a.competency == s.competency).max_by_key(|a| a.assessed_on);
                if let Some(a) = latest {
                    cell.assessed += 1;
                    let gap = i32::from(a.level) - i32::from(s.level);
                    cell.gap_sum += gap;
                    if gap < 0 {
                        cell.below += 1;
                        cell.shortfall_sum += gap;
                    }
                }
            }
            cells.insert(s.competency.clone(), cell);
        }
        rows.push(GapRow { position: input.position.clone(), holders: input.holders.len() as u32, cells });
    }
    competencies.sort();
    let mut keyed: Vec<(f64, GapRow)> = rows.into_iter().map(|r| (r.severity(), r)).collect();
    keyed.sort_by(|(sa, a), (sb, b)| sa.total_cmp(sb).then_with(|| a.position.code.cmp(&b.position.code)));
    GapMatrix { competencies, rows: keyed.into_iter().map(|(_, r)| r).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PositionId, PositionSpec, UnitId};

    fn position(code: &str) -> Position {
        Position {
            id: PositionId(1),
            code: code.into(),
            unit: UnitId(1),
            name: code.into(),
            spec: PositionSpec::pelaksana(Some(2)),
        }
    }

    fn person(nip: &str, levels: &[(Competency, u8)]) -> Holder {
        Holder {
            nip: Nip::parse(nip).unwrap(),
            name: nip.into(),
            assessments: levels
                .iter()
                .map(|(c, l)| Assessment { competency: c.clone(), level: *l, assessed_on: None })
                .collect(),
        }
    }

    fn standard(level: u8) -> Vec<StandardEntry> {
        vec![
            StandardEntry { competency: Competency::Integritas, level },
            StandardEntry { competency: Competency::Komunikasi, level },
        ]
    }

    #[test]
    fn the_matrix_averages_gaps_counts_those_below_and_puts_the_worst_first() {
        use Competency::*;
        let inputs = vec![
            PositionInput {
                position: position("FINE"),
                standard: standard(2),
                holders: vec![person("196608011988031001", &[(Integritas, 2), (Komunikasi, 3)])],
            },
            PositionInput {
                position: position("WEAK"),
                standard: standard(3),
                holders: vec![
                    person("196608011988031002", &[(Integritas, 1), (Komunikasi, 3)]),
                    person("196608011988031003", &[(Integritas, 2)]),
                    person("196608011988031004", &[]),
                ],
            },
            PositionInput { position: position("EMPTY"), standard: standard(3), holders: vec![] },
        ];
        let m = gap_matrix(&inputs);
        assert_eq!(m.competencies, vec![Integritas, Komunikasi]);
        assert_eq!(m.rows.iter().map(|r| r.position.code.as_str()).collect::<Vec<_>>(), ["WEAK", "FINE"]);
        let weak = &m.rows[0].cells[&Integritas];
        assert_eq!((weak.holders, weak.assessed, weak.below, weak.gap_sum, weak.shortfall_sum), (3, 2, 2, -3, -3));
        assert_eq!(weak.average_gap(), Some(-1.5));
        assert_eq!(weak.share_below(), Some(1.0));
        let kom = &m.rows[0].cells[&Komunikasi];
        assert_eq!((kom.assessed, kom.below, kom.average_gap()), (1, 0, Some(0.0)));
        assert_eq!(m.rows[1].severity(), 0.0);
        let worst = m.worst().unwrap();
        assert_eq!((worst.competency, worst.assessed, worst.below, worst.average_shortfall), (Integritas, 3, 2, -1.5));
    }

    #[test]
    fn a_surplus_is_never_the_worst_gap() {
        use Competency::*;
        // Komunikasi: everyone above standard (average +1); integritas: one of four
        // below by 1 while the others are well above (average +0.5).
        let inputs = vec![PositionInput {
            position: position("P"),
            standard: standard(2),
            holders: vec![
                person("196608011988031001", &[(Integritas, 1), (Komunikasi, 3)]),
                person("196608011988031002", &[(Integritas, 3), (Komunikasi, 3)]),
                person("196608011988031003", &[(Integritas, 3), (Komunikasi, 3)]),
                person("196608011988031004", &[(Integritas, 3), (Komunikasi, 3)]),
            ],
        }];
        let worst = gap_matrix(&inputs).worst().unwrap();
        assert_eq!((worst.competency, worst.below, worst.average_shortfall), (Integritas, 1, -1.0));
        let fine = vec![PositionInput {
            position: position("P"),
            standard: standard(2),
            holders: vec![person("196608011988031001", &[(Integritas, 3), (Komunikasi, 2)])],
        }];
        assert_eq!(gap_matrix(&fine).worst(), None, "nobody below standard: no worst gap");
    }

    #[test]
    fn holders_are_listed_weakest_first_and_the_not_assessed_last() {
        use Competency::*;
        let input = PositionInput {
            position: position("P"),
            standard: standard(2),
            holders: vec![
                person("196608011988031001", &[]),
                person("196608011988031002", &[(Integritas, 2), (Komunikasi, 2)]),
                person("196608011988031003", &[(Integritas, 1), (Komunikasi, 2)]),
            ],
        };
        let rows = position_gaps(&input, &JpmRules::default());
        let order: Vec<String> = rows.iter().map(|(e, _)| e.nip.to_string()).collect();
        assert_eq!(order, ["196608011988031003", "196608011988031002", "196608011988031001"]);
        assert_eq!(rows[0].1.jpm, Some(75.0));
        assert_eq!(rows[2].1.jpm, None);
    }
}
