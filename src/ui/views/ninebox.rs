//! The nine-box view: a unit's people by performance and potential.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn nine_box_lines(
    unit: &str,
    data: &StaffData,
    grid: &NineBoxGrid,
    cursor: usize,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    // The people in list order: box 9 first.
    let people: Vec<&crate::rules::workforce::Placed> = grid.boxes.iter().rev().flatten().collect();
    let current = people.get(cursor).map(|p| p.nine_box);
    let mut lines = vec![Line::styled(truncate(unit, width), theme.unit())];
    let rows: [(Msg, [u8; 3]); 3] =
        [(Msg::PerformanceAbove, [4, 7, 9]), (Msg::PerformanceExpected, [2, 5, 8]), (Msg::PerformanceBelow, [1, 3, 6])];
    // Three cells of 9 columns; the labels get what is left, up to 24.
    let label_width = width.saturating_sub(27).clamp(6, 24);
    for (label, boxes) in rows {
        let mut spans = vec![Span::styled(format!("{:<label_width$}", truncate(tr(label), label_width)), theme.dim())];
        for b in boxes {
            let text = format!(" [{b}]{:>5}", grid.boxes[usize::from(b - 1)].len());
            let style = if Some(b) == current {
                theme.selected()
            } else if b >= 7 {
                theme.surplus()
            } else {
                Style::new()
            };
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        format!(
            "{:<label_width$} {:<9}{:<9}{:<9}",
            truncate(tr(Msg::PotentialAxis), label_width),
            tr(Msg::PotentialLow),
            tr(Msg::PotentialMiddle),
            tr(Msg::PotentialHigh)
        ),
        theme.dim(),
    ));
    lines.push(Line::from(truncate(
        &crate::i18n::trf(Msg::NineBoxSummary, &[&grid.placed(), &grid.unplaced.len(), &grid.talent_pool().count()]),
        width,
    )));
    // One line is kept for the highlighted box's follow-up.
    let rows = height.saturating_sub(lines.len() + 1);
    let start = window_start(cursor, rows);
    let mut last_box = None;
    for (i, p) in people.iter().enumerate().skip(start).take(rows) {
        let heading = last_box != Some(p.nine_box);
        last_box = Some(p.nine_box);
        let text = format!(
            "{} {:<28} {:<24} {:>3} {:>5}",
            if heading { format!("[{}]", p.nine_box) } else { "   ".into() },
            truncate(data.name(p.person), 28),
            truncate(data.position(p.position).map_or("", |x| x.name.as_str()), 24),
            p.potential.map_or("-".into(), |x| x.to_string()),
            p.jpm_next_level.map_or("-".into(), |j| format!("{j:.0}"))
        );
        let style = if i == cursor { theme.selected() } else { Style::new() };
        lines.push(Line::styled(truncate(&text, width), style));
    }
    if let Some(b) = current {
        lines.push(Line::styled(truncate(&format!("[{b}] {}", tr(box_follow_up(b))), width), theme.dim()));
    }
    lines
}
