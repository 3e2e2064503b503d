//! The nine-box view: a unit's people by performance and potential. The grid is walked
//! box by box (h/j/k/l, arrows); each box is shaded by how many it holds (a darker
//! background with colour, a denser shade symbol without); the walked box's follow-up
//! and people are shown under it, and Enter lists them to open one.

use super::*;
use crate::rules::workforce::NINE_BOX_ROWS;

/// The shade of a box holding `count` of the fullest box's `max`: four steps, from
/// empty to full, as a background grey and as a symbol.
fn shade(count: usize, max: usize) -> usize {
    if count == 0 || max == 0 { 0 } else { (count * 3).div_ceil(max).clamp(1, 3) }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn nine_box_lines(
    unit: &str,
    data: &StaffData,
    grid: &NineBoxGrid,
    walked: u8,
    listing: bool,
    cursor: usize,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    use ratatui::style::Color;
    const SHADES: [&str; 4] = [" ", "░", "▒", "▓"];
    let mut lines = vec![Line::styled(truncate(unit, width), theme.unit())];
    let labels = [Msg::PerformanceAbove, Msg::PerformanceExpected, Msg::PerformanceBelow];
    // Three cells of 11 columns; the labels get what is left, up to 24.
    let label_width = width.saturating_sub(33).clamp(6, 24);
    let max = grid.boxes.iter().map(Vec::len).max().unwrap_or(0);
    for (label, boxes) in labels.into_iter().zip(NINE_BOX_ROWS) {
        let mut spans = vec![Span::styled(format!("{:<label_width$}", truncate(tr(label), label_width)), theme.dim())];
        for b in boxes {
            let count = grid.boxes[usize::from(b - 1)].len();
            let level = shade(count, max);
            let marker = if b == walked { '▶' } else { ' ' };
            let text = format!("{marker}[{b}]{:>5} {} ", count, SHADES[level]);
            let style = if b == walked {
                theme.selected()
            } else if theme.colour {
                let grey = [Color::Reset, Color::Indexed(236), Color::Indexed(239), Color::Indexed(242)][level];
                let style = Style::new().bg(grey);
                if b >= 7 { style.fg(Color::Yellow) } else { style }
            } else {
                Style::new()
            };
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        format!(
            "{:<label_width$} {:<11}{:<11}{:<11}",
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
    // The walked box: its follow-up, then its people.
    let people = &grid.boxes[usize::from(walked - 1)];
    lines.push(Line::styled(
        truncate(&format!("[{walked}] {} · {}", people.len(), tr(box_follow_up(walked))), width),
        theme.heading(),
    ));
    let hint = if listing { Msg::NineBoxListHint } else { Msg::NineBoxWalkHint };
    lines.push(Line::styled(truncate(tr(hint), width), theme.dim()));
    let rows = height.saturating_sub(lines.len());
    let start = if listing { window_start(cursor, rows) } else { 0 };
    for (i, p) in people.iter().enumerate().skip(start).take(rows) {
        let text = format!(
            "{:<28} {:<24} {:>3} {:>5}",
            truncate(data.name(p.person), 28),
            truncate(data.position(p.position).map_or("", |x| x.name.as_str()), 24),
            p.potential.map_or("-".into(), |x| x.to_string()),
            p.jpm_next_level.map_or("-".into(), |j| format!("{j:.0}"))
        );
        let style = if listing && i == cursor { theme.selected() } else { Style::new() };
        lines.push(Line::styled(truncate(&text, width), style));
    }
    if people.is_empty() && rows > 0 {
        lines.push(Line::styled(tr(Msg::EmptyBox), theme.dim()));
    }
    lines
}
