//! The formation view: kebutuhan, bezetting and the shortage retirements leave.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn formation_lines(
    unit: &str,
    data: &StaffData,
    plan: &FormationPlan,
    shortages_only: bool,
    cursor: usize,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let years: Vec<String> =
        (0..plan.total.retiring.len()).map(|y| format!("{:>5}", plan.first_year + y as i32)).collect();
    let last = plan.first_year + plan.total.retiring.len() as i32 - 1;
    let name_width = width.saturating_sub(22 + 6 * years.len() + 6).clamp(10, 50);
    let row_text = |name: &str, r: &crate::rules::workforce::PlanRow| {
        let retiring: String = r.retiring.iter().map(|n| format!(" {n:>5}")).collect();
        format!(
            "{:<name_width$} {:>5} {:>5} {:>5}{retiring} {:>5}",
            truncate(name, name_width),
            r.needed,
            r.filled,
            r.shortage_now,
            r.shortage_by_year.last().copied().unwrap_or(0)
        )
    };
    let title = if shortages_only { format!("{unit} · {}", tr(Msg::ShortagesOnly)) } else { unit.to_string() };
    let mut lines = vec![Line::styled(truncate(&title, width), theme.unit())];
    let retiring_heads: String = years.iter().map(|y| format!(" {y}")).collect();
    lines.push(Line::styled(
        truncate(
            &format!(
                "{:<name_width$} {:>5} {:>5} {:>5}{retiring_heads} {:>5}",
                tr(Msg::Position),
                tr(Msg::Needed).chars().take(5).collect::<String>(),
                tr(Msg::Filled).chars().take(5).collect::<String>(),
                tr(Msg::ShortageNow).chars().take(5).collect::<String>(),
                format!("→{last}")
            ),
            width,
        ),
        theme.heading(),
    ));
    // The recruitment list's total: the short positions' counts, the plan's shortages.
    let total = if shortages_only { crate::rules::workforce::shortages(plan).total } else { plan.total.clone() };
    lines.push(Line::styled(truncate(&row_text(tr(Msg::Total), &total), width), theme.heading()));
    let rows = height.saturating_sub(lines.len());
    let start = window_start(cursor, rows);
    let listed = plan.listed(shortages_only);
    for (i, r) in listed.iter().map(|at| &plan.positions[*at]).enumerate().skip(start).take(rows) {
        let style = if i == cursor {
            theme.selected()
        } else if r.shortage_by_year.last().copied().unwrap_or(0) > 0 {
            theme.shortage()
        } else {
            Style::new()
        };
        let name = r.position.and_then(|at| data.position(at)).map_or("", |p| p.name.as_str());
        lines.push(Line::styled(truncate(&row_text(name, r), width), style));
    }
    lines
}
