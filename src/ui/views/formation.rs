//! The formation view: kebutuhan, bezetting and the shortage retirements leave; with
//! room, each year's retirements and the shortage at its end as bars (ratatui's
//! BarChart) under the list.

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
    // The counts' columns are as wide as their headings when there is room for the
    // names beside them (at least 24 columns), else 5 wide with the headings cut.
    let heads = [tr(Msg::Needed), tr(Msg::Filled), tr(Msg::ShortageNow)];
    let fixed = |w: [usize; 3]| w.iter().map(|w| w + 1).sum::<usize>() + 6 * years.len() + 6;
    let full = heads.map(|h| h.width().max(5));
    let widths = if width >= fixed(full) + 24 { full } else { [5; 3] };
    let name_width = width.saturating_sub(fixed(widths)).clamp(10, 50);
    let [w0, w1, w2] = widths;
    let row_text = |name: &str, r: &crate::rules::workforce::PlanRow| {
        let retiring: String = r.retiring.iter().map(|n| format!(" {n:>5}")).collect();
        format!(
            "{:<name_width$} {:>w0$} {:>w1$} {:>w2$}{retiring} {:>5}",
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
                "{:<name_width$} {:>w0$} {:>w1$} {:>w2$}{retiring_heads} {:>5}",
                tr(Msg::Position),
                truncate(heads[0], w0),
                truncate(heads[1], w1),
                truncate(heads[2], w2),
                format!("→{last}")
            ),
            width,
        ),
        theme.heading(),
    ));
    // The recruitment list's total: the short positions' counts, the plan's shortages.
    let total = plan.listed_total(shortages_only);
    lines.push(Line::styled(truncate(&row_text(tr(Msg::Total), &total), width), theme.heading()));
    if plan.listed(shortages_only).next().is_none() {
        lines.push(Line::styled(tr(if shortages_only { Msg::NoShortages } else { Msg::NoPositions }), theme.dim()));
    }
    let rows = height.saturating_sub(lines.len());
    let start = window_start(cursor, rows);
    for (i, (_, r)) in plan.listed(shortages_only).enumerate().skip(start).take(rows) {
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

/// Rows the bars take (bars, values, years, the titles).
const CHART_ROWS: u16 = 8;

/// Draws each year's retirements and the shortage left at its end as two bar charts
/// side by side, each on its own scale (a handful retiring next to a hundred short would
/// not show), at the foot of `area` when it is tall and wide enough; returns what is left
/// for the list (all of `area` without room: the list's columns say the same in numbers).
pub(super) fn years_chart(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    plan: &FormationPlan,
    theme: Theme,
) -> ratatui::layout::Rect {
    use ratatui::layout::Rect;
    use ratatui::widgets::{Bar, BarChart};
    let years = plan.total.retiring.len() as u16;
    // A bar four wide (a year's label fits) and a gap, per year, for each chart.
    let one = years * 5;
    if area.height < 22 || area.width < 2 * one + 2 {
        return area;
    }
    let top = area.y + area.height - CHART_ROWS;
    let chart = |values: &[u32], style: ratatui::style::Style| {
        let bars: Vec<Bar> = values
            .iter()
            .enumerate()
            .map(|(y, v)| {
                Bar::default()
                    .value(u64::from(*v))
                    .label(Line::from((plan.first_year + y as i32).to_string()))
                    .style(style)
                    .value_style(theme.selected())
            })
            .collect();
        BarChart::vertical(bars).bar_width(4).bar_gap(1).label_style(theme.dim())
    };
    let titles = [(Msg::RetiringBars, theme.surplus()), (Msg::ShortageBars, theme.shortage())];
    let series = [&plan.total.retiring, &plan.total.shortage_by_year];
    for (i, ((title, style), values)) in titles.into_iter().zip(series).enumerate() {
        let x = area.x + i as u16 * (one + 2);
        let title_area = Rect { x, y: top, width: one, height: 1 };
        frame.render_widget(Paragraph::new(Line::styled(truncate(tr(title), one as usize), style)), title_area);
        frame.render_widget(chart(values, style), Rect { x, y: top + 1, width: one, height: CHART_ROWS - 1 });
    }
    Rect { height: area.height - CHART_ROWS, ..area }
}
