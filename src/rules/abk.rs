//! Workforce need from workloads (ABK, domain.md §6): a position's yearly workload,
//! the headcount it needs, and the job efficiency (EJ) of those who hold it.

use serde::Serialize;

use super::AbkRules;
use crate::model::{Dataset, Headcount, Task};

/// A position's (or a unit's) workload figures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// Σ volume × minutes, a year.
    pub minutes: f64,
    /// Workload ÷ effective minutes per person: the need before rounding.
    pub need_exact: f64,
    /// The need, rounded half up to whole people.
    pub need: u32,
    /// Job efficiency: workload ÷ (holders × effective minutes), to two decimals as it
    /// is shown and graded; none without holders.
    pub efficiency: Option<f64>,
    /// Its grade, A to E.
    pub grade: Option<char>,
}

/// The grade of a job efficiency: A above the A cut-off, then B, C, D from theirs, else E.
pub fn efficiency_grade(ej: f64, rules: &AbkRules) -> char {
    if ej > rules.ej_a {
        'A'
    } else if ej >= rules.ej_b {
        'B'
    } else if ej >= rules.ej_c {
        'C'
    } else if ej >= rules.ej_d {
        'D'
    } else {
        'E'
    }
}

fn figures(minutes: f64, holders: u64, rules: &AbkRules) -> Workload {
    let effective = f64::from(rules.effective_minutes.max(1));
    let need_exact = minutes / effective;
    // Round half up; the small allowance keeps 2.5 from becoming 2.4999… in floating point.
    let need = (need_exact + 0.5 + 1e-9).floor() as u32;
    // EJ is read and graded at two decimals: 0.896 is shown as 0.90 and so is a B, never
    // a C beside the 0.90 on screen. The allowance keeps 0.895 from rounding down.
    let efficiency = (holders > 0).then(|| ((minutes / (holders as f64 * effective)) * 100.0 + 1e-9).round() / 100.0);
    Workload { minutes, need_exact, need, efficiency, grade: efficiency.map(|e| efficiency_grade(e, rules)) }
}

/// The workload of a position with `tasks` held by `holders` people; none without tasks.
pub fn position_workload(tasks: &[Task], holders: u64, rules: &AbkRules) -> Option<Workload> {
    (!tasks.is_empty()).then(|| figures(tasks.iter().map(Task::workload).sum(), holders, rules))
}

/// The workload of a unit's subtree from its totals; none when no position has tasks.
pub fn unit_workload(totals: &Headcount, rules: &AbkRules) -> Option<Workload> {
    (totals.workload_minutes > 0).then(|| figures(totals.workload_minutes as f64, totals.filled_with_tasks, rules))
}

/// Sets the kebutuhan of every position that has tasks and no kebutuhan of its own
/// from its workload; returns how many were set. A kebutuhan in the data is kept. A
/// workload that would need more than [`MAX_NEEDED`] people is refused, whether or not
/// the position has a kebutuhan of its own (the ABK recap shows the need its tasks
/// give): the codes of those positions with that need, and nothing is set.
///
/// [`MAX_NEEDED`]: crate::model::MAX_NEEDED
pub fn fill_needed(data: &mut Dataset, rules: &AbkRules) -> Result<usize, Vec<(String, f64)>> {
    let mut set = Vec::new();
    let mut too_big = Vec::new();
    for (i, p) in data.positions.iter().enumerate() {
        if let Some(w) = data.tasks.get(&p.id).and_then(|t| position_workload(t, 0, rules)) {
            if w.need_exact + 0.5 > f64::from(crate::model::MAX_NEEDED) {
                too_big.push((p.code.clone(), w.need_exact));
            } else if p.spec.needed.is_none() {
                set.push((i, w.need));
            }
        }
    }
    if !too_big.is_empty() {
        return Err(too_big);
    }
    for (i, need) in &set {
        data.positions[*i].spec.needed = Some(*need);
    }
    Ok(set.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(volume: f64, minutes: f64) -> Task {
        Task { name: format!("{volume}×{minutes}"), volume, minutes }
    }

    // 75 000 effective minutes a year; EJ grades A > 1.00, B 0.90–1.00, C 0.70–0.89,
    // D 0.50–0.69, E < 0.50.
    #[rstest::rstest]
    #[case::exactly_one_person(&[(1_000.0, 75.0)], 1, 1.0, 1, Some('B'))]
    #[case::two_and_a_half_rounds_up(&[(2_500.0, 60.0), (500.0, 75.0)], 2, 2.5, 3, Some('A'))]
    #[case::under_half_rounds_down(&[(1_000.0, 30.0)], 1, 0.4, 0, Some('E'))]
    #[case::c_grade(&[(600.0, 100.0)], 1, 0.8, 1, Some('C'))]
    #[case::shown_as_0_90_is_graded_b(&[(672.0, 100.0)], 1, 0.896, 1, Some('B'))]
    #[case::just_under_0_895_is_c(&[(671.0, 100.0)], 1, 0.894_666_666_666_666_7, 1, Some('C'))]
    #[case::nobody_holds_it(&[(1_500.0, 100.0)], 0, 2.0, 2, None)]
    fn need_and_efficiency(
        #[case] tasks: &[(f64, f64)],
        #[case] holders: u64,
        #[case] need_exact: f64,
        #[case] need: u32,
        #[case] grade: Option<char>,
    ) {
        let tasks: Vec<Task> = tasks.iter().map(|(v, m)| task(*v, *m)).collect();
        let w = position_workload(&tasks, holders, &AbkRules::default()).unwrap();
        assert!((w.need_exact - need_exact).abs() < 1e-9, "{w:?}");
        assert_eq!((w.need, w.grade), (need, grade));
    }

    #[test]
    fn the_grade_boundaries_are_those_of_the_rules() {
        let r = AbkRules::default();
        let grades: Vec<char> =
            [1.01, 1.0, 0.9, 0.89, 0.7, 0.69, 0.5, 0.49].iter().map(|e| efficiency_grade(*e, &r)).collect();
        assert_eq!(grades, ['A', 'B', 'B', 'C', 'C', 'D', 'D', 'E']);
        assert!(position_workload(&[], 3, &r).is_none());
    }
}
