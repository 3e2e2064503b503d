//! The performance monitoring view: a unit's spread of ratings per year as grouped bars
//! (ratatui's BarChart), each direct sub-unit with its trend (a Sparkline) and the
//! weakest first and marked, then who needs a follow-up. The cursor walks the sub-units (Enter
//! goes to one) and the follow-ups (Enter opens the profile). Too little room for the
//! bars, and the years are written as numbers instead.

use ratatui::layout::Rect;
use ratatui::widgets::{Bar, BarChart, BarGroup, Sparkline};

use super::*;
use crate::queries::Monitored;
use crate::rules::monitoring::{LEVELS, YearSpread, rating_short};

/// Rows the bars take when there is room for them (bars, their labels, the years).
const CHART_ROWS: u16 = 9;

/// The least height the bars are drawn in; below it (or too narrow for bars two
/// columns wide) the years are numbers.
const CHART_MIN: u16 = 16;

/// One line of the list under the bars.
enum Row {
    Heading(String),
    Branch(usize),
    FollowUp(usize),
}

/// The share of a year's rated with each predikat, in tenths of a percent.
fn per_mille(row: &YearSpread) -> [u64; 5] {
    let rated: u32 = row.rated.iter().sum();
    row.rated.map(|n| if rated == 0 { 0 } else { (u64::from(n) * 1000 + u64::from(rated) / 2) / u64::from(rated) })
}

fn share_text(row: Option<&YearSpread>) -> String {
    row.and_then(YearSpread::at_least_baik).map_or("  –  ".into(), |s| format!("{:>5.1}", s * 100.0))
}

/// Draws the view into `area` (the pane's inside).
#[allow(clippy::too_many_arguments)]
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    unit: &str,
    data: &StaffData,
    m: &Monitored,
    cursor: usize,
    theme: Theme,
) {
    let monitoring = &m.monitoring;
    let width = area.width as usize;
    let mut y = area.y;
    let bottom = area.y + area.height;
    let line = |frame: &mut Frame, y: &mut u16, text: Line<'static>| {
        if *y < bottom {
            frame.render_widget(Paragraph::new(text), Rect { y: *y, height: 1, ..area });
            *y += 1;
        }
    };
    line(frame, &mut y, Line::styled(truncate(unit, width), theme.unit()));
    let latest = monitoring.spread.last();
    let summary = crate::i18n::trf(
        Msg::PerformanceHeadline,
        &[
            &monitoring.people,
            &tr(Msg::AtLeastBaik),
            monitoring.years.end(),
            &format!("{}%", share_text(latest).trim()),
        ],
    );
    line(frame, &mut y, Line::styled(truncate(&summary, width), theme.dim()));

    let groups = monitoring.spread.len().max(1) as u16;
    let bars = groups * LEVELS.len() as u16;
    // Every bar as wide as the room allows, a column between years.
    let bar_width = (area.width.saturating_sub(groups) / bars).clamp(1, 6);
    // Bars too narrow for their labels would say little (and, without colour, not
    // which is which): the numbers say it better.
    let chart = area.height >= CHART_MIN && bar_width >= 2;
    if chart {
        let rows = CHART_ROWS.min(bottom.saturating_sub(y));
        let chart = monitoring.spread.iter().fold(
            BarChart::default().bar_width(bar_width).bar_gap(0).group_gap(1).label_style(theme.dim()),
            |chart, year| {
                let shares = per_mille(year);
                let bars: Vec<Bar> = LEVELS
                    .iter()
                    .enumerate()
                    .map(|(step, level)| {
                        let bar = Bar::default().value(shares[step]).style(theme.rating(step));
                        let bar = bar.label(Line::from(tr(rating_short(*level))));
                        // Whole percents fit a bar three wide; narrower bars show none.
                        if bar_width >= 3 {
                            bar.text_value(format!("{}", (shares[step] + 5) / 10)).value_style(theme.selected())
                        } else {
                            bar.text_value(String::new())
                        }
                    })
                    .collect();
                chart.data(BarGroup::default().label(Line::from(year.year.to_string())).bars(&bars))
            },
        );
        let chart_area = Rect { y, height: rows, width: (bars * bar_width + groups).min(area.width), ..area };
        frame.render_widget(chart, chart_area);
        y += rows;
        // The legend: each predikat's short name in its bars' style, in the bars' order,
        // with its full name where there is room.
        let named: usize = LEVELS
            .iter()
            .map(|l| {
                tr(rating_short(*l)).chars().count() + tr(crate::rules::monitoring::rating_name(*l)).chars().count() + 5
            })
            .sum();
        let mut legend: Vec<Span<'static>> = Vec::new();
        for (step, level) in LEVELS.iter().enumerate() {
            legend.push(Span::styled(format!("█ {}", tr(rating_short(*level))), theme.rating(step)));
            if named <= width {
                legend.push(Span::raw(format!(" {}  ", tr(crate::rules::monitoring::rating_name(*level)))));
            } else {
                legend.push(Span::raw(" "));
            }
        }
        line(frame, &mut y, Line::from(legend));
    } else {
        // The years as numbers: each predikat's share and the share at least baik.
        for year in &monitoring.spread {
            let shares = per_mille(year);
            let mut spans = vec![Span::styled(format!("{} ", year.year), theme.dim())];
            for (step, level) in LEVELS.iter().enumerate() {
                spans.push(Span::styled(
                    format!("{}{:.0} ", tr(rating_short(*level)), shares[step] as f64 / 10.0),
                    theme.rating(step),
                ));
            }
            spans.push(Span::raw(format!("≥{}%", share_text(Some(year)).trim())));
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            line(
                frame,
                &mut y,
                if text.chars().count() > width { Line::from(truncate(&text, width)) } else { Line::from(spans) },
            );
        }
    }

    // The list: the sub-units, then the follow-ups; the cursor counts only their rows.
    let mut rows = Vec::new();
    if !m.branches.is_empty() {
        rows.push(Row::Heading(format!(
            "{} · {} · ◀ {}",
            tr(Msg::SubUnits),
            tr(Msg::PerformanceTrend),
            tr(Msg::Weakest)
        )));
        // Weakest first, so that it stands out however many sub-units there are.
        rows.extend(monitoring.weakest_first().into_iter().map(Row::Branch));
    }
    rows.push(Row::Heading(crate::i18n::trf(Msg::FollowUps, &[&monitoring.follow_ups.len()])));
    rows.extend((0..monitoring.follow_ups.len()).map(Row::FollowUp));
    if monitoring.follow_ups.is_empty() {
        rows.push(Row::Heading(format!("  {}", tr(Msg::NobodyToFollowUp))));
    }
    let at = rows.iter().enumerate().filter(|(_, r)| !matches!(r, Row::Heading(_))).nth(cursor).map_or(0, |(i, _)| i);
    // The last line tells the highlighted row in full.
    let room = bottom.saturating_sub(y).saturating_sub(1) as usize;
    let start = window_start(at, room);
    let weakest = monitoring.weakest();
    let years = monitoring.years.clone().count() as u16;
    // Narrow, the people are left out; the names get what the figures leave.
    let with_people = area.width >= 60;
    for (i, row) in rows.iter().enumerate().skip(start).take(room) {
        let selected = i == at;
        let row_area = Rect { y, height: 1, ..area };
        match row {
            Row::Heading(text) => {
                frame.render_widget(Paragraph::new(Line::styled(truncate(text, width), theme.heading())), row_area)
            }
            Row::Branch(b) => {
                let unit = &m.branches[*b];
                let (people, spread) = &monitoring.branches[*b];
                let mark = if weakest == Some(*b) { " ◀" } else { "" };
                // Name, people, the trend, the latest share, the mark.
                let spark = area.width >= 40;
                let fixed = if with_people { 7 } else { 1 } + if spark { years as usize } else { 0 } + 9;
                let name_width = width.saturating_sub(fixed).max(4);
                let left = if with_people {
                    format!("{:<name_width$} {:>5} ", truncate(&unit.name, name_width), people)
                } else {
                    format!("{:<name_width$} ", truncate(&unit.name, name_width))
                };
                let right = format!(" {}%{mark}", share_text(spread.last()));
                let style = if selected {
                    theme.selected()
                } else if weakest == Some(*b) {
                    theme.shortage()
                } else {
                    Style::new()
                };
                let left_width = left.chars().count() as u16;
                frame.render_widget(Paragraph::new(Line::styled(left, style)), row_area);
                let mut x = area.x + left_width;
                if spark && x + years <= area.x + area.width {
                    let shares: Vec<Option<u64>> = spread
                        .iter()
                        .map(|r| r.at_least_baik().map(|s| ((s * 100.0).round() as u64).saturating_sub(50)))
                        .collect();
                    let sparkline = Sparkline::default().data(shares).max(50).style(if selected {
                        theme.selected()
                    } else {
                        theme.rating(1)
                    });
                    frame.render_widget(sparkline, Rect { x, width: years, ..row_area });
                    x += years;
                }
                if x < area.x + area.width {
                    let rest = Rect { x, width: area.x + area.width - x, ..row_area };
                    frame.render_widget(Paragraph::new(Line::styled(right, style)), rest);
                }
            }
            Row::FollowUp(f) => {
                let flagged = &monitoring.follow_ups[*f];
                let position = data.position(flagged.position).map_or("", |p| p.name.as_str());
                // The name, why in a few words, then the position in what is left.
                let reason = flagged.follow_up.short_text();
                let name_width = (width / 3).clamp(8, 30);
                let text =
                    format!("{:<name_width$} {reason}  {position}", truncate(data.name(flagged.person), name_width));
                let style = if selected { theme.selected() } else { Style::new() };
                frame.render_widget(Paragraph::new(Line::styled(truncate(&text, width), style)), row_area);
            }
        }
        y += 1;
    }
    // The highlighted row in full: a sub-unit's code and its years, a person's NIP,
    // position and reason.
    let footer = match rows.get(at) {
        Some(Row::Branch(b)) => {
            let shares: Vec<String> =
                monitoring.branches[*b].1.iter().map(|r| share_text(Some(r)).trim().to_string()).collect();
            format!("{} {} · {}", m.branches[*b].code, m.branches[*b].name, shares.join(" "))
        }
        Some(Row::FollowUp(f)) => {
            let flagged = &monitoring.follow_ups[*f];
            let position = data.position(flagged.position).map_or(String::new(), |p| format!("{} {}", p.code, p.name));
            format!("{} · {} · {}", flagged.nip.spaced(), flagged.follow_up.text(), position)
        }
        _ => String::new(),
    };
    if y < bottom {
        let footer_area = Rect { y: bottom - 1, height: 1, ..area };
        frame.render_widget(Paragraph::new(Line::styled(truncate(&footer, width), theme.dim())), footer_area);
    }
}
