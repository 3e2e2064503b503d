//! The training-needs view: who is below standard, by competency.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn training_lines(
    unit: &str,
    data: &StaffData,
    needs: &[TrainingNeed],
    cursor: usize,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(truncate(unit, width), theme.unit())];
    lines.push(Line::styled(
        truncate(
            &format!(
                "{:<32} {:>6} {:>5} {:>5} {:>5} {:>7}",
                tr(Msg::Competency),
                tr(Msg::BelowStandard),
                "−1",
                "−2",
                "−3+",
                "?"
            ),
            width,
        ),
        theme.heading(),
    ));
    if needs.is_empty() {
        lines.push(Line::styled(tr(Msg::NobodyBelowStandard), theme.dim()));
    }
    // The highlighted competency's people go at the foot.
    let foot_rows = height.saturating_sub(lines.len()) / 2;
    let rows = height.saturating_sub(lines.len() + foot_rows);
    let start = window_start(cursor, rows);
    for (i, n) in needs.iter().enumerate().skip(start).take(rows) {
        let [one, two, more] = n.by_gap();
        let text = format!(
            "{:<32} {:>6} {:>5} {:>5} {:>5} {:>7}",
            truncate(&crate::i18n::label::competency(&n.competency), 32),
            n.people.len(),
            one,
            two,
            more,
            n.not_assessed
        );
        let style = if i == cursor {
            theme.selected()
        } else if n.people.is_empty() {
            theme.dim()
        } else {
            Style::new()
        };
        lines.push(Line::styled(truncate(&text, width), style));
    }
    if let Some(n) = needs.get(cursor) {
        let [one, two, more] = n.by_gap();
        lines.push(Line::styled(
            truncate(
                &crate::i18n::trf(
                    Msg::PeopleBelow,
                    &[
                        &crate::i18n::label::competency(&n.competency),
                        &n.people.len(),
                        &one,
                        &two,
                        &more,
                        &n.not_assessed,
                    ],
                ),
                width,
            ),
            theme.heading(),
        ));
        for p in n.people.iter().take(foot_rows.saturating_sub(1)) {
            let position = data.position(p.position).map_or("", |x| x.name.as_str());
            let text = format!("  −{} {:<28} {position}", p.short_by(), truncate(data.name(p.person), 28));
            lines.push(Line::from(truncate(&text, width)));
        }
    }
    lines
}
