//! The Gaps view: a unit's gap matrix, a position's holders against its standard.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn matrix_lines(
    unit: &str,
    m: &GapMatrix,
    focus: Option<&crate::model::Competency>,
    took: &str,
    cursor: usize,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(truncate(unit, width), theme.unit())];
    let mut summary = format!("{} {}", m.rows.len(), tr(Msg::Positions).to_lowercase());
    match m.worst() {
        Some(w) => summary.push_str(&format!(
            " · {}: {} {}/{} {} ({:+.2})",
            tr(Msg::Worst),
            w.competency.short(),
            w.below,
            w.assessed,
            tr(Msg::BelowStandard),
            w.average_shortfall
        )),
        None => summary.push_str(&format!(" · {}", tr(Msg::NoneBelowStandard))),
    }
    lines.push(Line::from(truncate(&format!("{summary} · {took}"), width)));
    match focus {
        Some(c) => lines.push(Line::styled(
            truncate(&trf(Msg::GapsShortIn, &[&crate::i18n::label::competency(c)]), width),
            theme.heading(),
        )),
        None => lines.push(Line::styled(truncate(tr(Msg::Legend), width), theme.dim())),
    }
    let label_width = width.saturating_sub(6 * m.competencies.len() + 4).clamp(8, 40);
    // The competency listed by is marked ▼ in the heading.
    let heads = m.competencies.iter().map(|c| if Some(c) == focus { format!("▼{}", c.short()) } else { c.short() });
    lines.push(header_row(label_width + 4, tr(Msg::Position), heads, theme));
    let listed = m.listed(focus);
    if listed.is_empty() && focus.is_some() {
        lines.push(Line::styled(tr(Msg::NoneBelowStandard), theme.dim()));
    }
    let rows = height.saturating_sub(lines.len());
    let start = window_start(cursor, rows);
    for (i, row) in listed.into_iter().enumerate().skip(start).take(rows) {
        let label = format!("{:>3} {}", row.holders, row.position.name);
        let mut spans = vec![Span::raw(format!("{:<w$}", truncate(&label, label_width + 4), w = label_width + 4))];
        for c in &m.competencies {
            spans.push(match row.cells.get(c) {
                Some(cell) => gap_cell(cell.average_gap(), theme),
                None => Span::raw(format!("{:>6}", "")),
            });
        }
        let mut line = Line::from(spans);
        if i == cursor {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    if m.rows.is_empty() {
        lines.push(Line::styled(tr(Msg::NoHolders), theme.dim()));
    }
    lines
}

pub(super) fn position_gap_lines(
    g: &PositionGaps,
    app: &App,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let jpm = &app.rules.jpm;
    let mut lines = vec![
        Line::styled(truncate(&format!("{} ({})", g.position.name, g.position.code), width), theme.position()),
        Line::styled(truncate(tr(Msg::Legend), width), theme.dim()),
    ];
    let label_width = width.saturating_sub(6 * g.standard.len() + 12).clamp(8, 40);
    let mut heading = header_row(label_width, tr(Msg::Name), std::iter::empty(), theme);
    heading.spans.push(Span::styled(format!("{:>6} {:<4}", "JPM", ""), theme.heading()));
    heading.spans.extend(
        g.standard
            .iter()
            .map(|s| Span::styled(format!("{:>6}", format!("{}≥{}", s.competency.short(), s.level)), theme.heading())),
    );
    lines.push(heading);
    let rows = height.saturating_sub(lines.len());
    let start = window_start(app.views.cursor, rows);
    for (i, (holder, m)) in g.rows.iter().enumerate().skip(start).take(rows) {
        let category = m.selection(jpm).map(|c| format!("{c:?}").to_uppercase()).unwrap_or_default();
        let mut spans = vec![
            Span::raw(format!("{:<label_width$}", truncate(&holder.name, label_width))),
            Span::raw(format!("{:>6} {category:<4}", m.jpm.map_or("-".to_string(), |j| format!("{j:.1}")))),
        ];
        spans.extend(m.gaps.iter().map(|gap| gap_cell(gap.gap().map(f64::from), theme)));
        let mut line = Line::from(spans);
        if i == app.views.cursor {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    if g.rows.is_empty() {
        lines.push(Line::styled(tr(Msg::NoHolders), theme.dim()));
    }
    lines
}
