//! The Gaps and Candidates views of the right-hand pane. Only the rows on screen are
//! written out (a province's candidate list has 60 000 rows; each row's reasons are
//! worked out as it is drawn).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::app::analysis::{Answer, Candidates, PositionGaps, View, ViewState};
use crate::app::{App, Pane};
use crate::i18n::{Msg, tr};
use crate::model::text::truncate;
use crate::rules::eligibility::Prepared;
use crate::rules::gaps::GapMatrix;
use crate::rules::ranking::{Standing, explain};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the Gaps or Candidates view into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let focused = app.focus == Pane::Details;
    let title = match app.view {
        View::Candidates => tr(Msg::Candidates),
        _ => tr(Msg::Gaps),
    };
    let block = Block::new().borders(Borders::ALL).title(format!(" {title} ")).border_style(if focused {
        theme.focused_border()
    } else {
        theme.border()
    });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let lines = match &app.view_state {
        ViewState::Idle => vec![Line::styled(
            tr(if app.view == View::Candidates { Msg::SelectForCandidates } else { Msg::SelectForGaps }),
            theme.dim(),
        )],
        ViewState::Waiting(_, since) => {
            let elapsed = since.elapsed();
            let frame_no = (elapsed.as_millis() / 80) as usize % SPINNER.len();
            vec![Line::from(format!("{} {}… {:.1} s", SPINNER[frame_no], tr(Msg::Computing), elapsed.as_secs_f64()))]
        }
        ViewState::Ready(computed) => match computed.answer.as_ref() {
            Err(e) => vec![Line::styled(e.clone(), theme.shortage())],
            Ok(Answer::Nothing) => vec![Line::styled(tr(Msg::SelectForCandidates), theme.dim())],
            Ok(Answer::UnitGaps(unit, matrix)) => {
                let took = format!("{} {} ms", tr(Msg::Took), computed.took.as_millis());
                matrix_lines(&unit.name, matrix, &took, app.view_cursor, width, height, theme)
            }
            Ok(Answer::PositionGaps(g)) => position_gap_lines(g, app, width, height, theme),
            Ok(Answer::Candidates(c)) => {
                let took = format!("{} {} ms", tr(Msg::Took), computed.took.as_millis());
                candidate_lines(c, app, &took, width, height, theme)
            }
        },
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The first row of a window of `height` rows that keeps `cursor` in view.
fn window_start(cursor: usize, height: usize) -> usize {
    cursor.saturating_sub(height.saturating_sub(1))
}

/// A cell of a gap grid: the gap with a symbol, coloured by how short it is.
fn gap_cell(gap: Option<f64>, theme: Theme) -> Span<'static> {
    match gap {
        None => Span::styled(format!("{:>6}", "?"), theme.dim()),
        Some(g) if g <= -1.0 => Span::styled(format!("{g:>+5.1}▼"), theme.shortage()),
        Some(g) if g < 0.0 => Span::styled(format!("{g:>+5.1}▽"), theme.vacant()),
        Some(g) => Span::styled(format!("{g:>+5.1}✓"), theme.surplus()),
    }
}

fn header_row(label_width: usize, label: &str, columns: impl Iterator<Item = String>, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(format!("{:<label_width$}", truncate(label, label_width)), theme.heading())];
    spans.extend(columns.map(|c| Span::styled(format!("{:>6}", truncate(&c, 5)), theme.heading())));
    Line::from(spans)
}

fn matrix_lines(
    unit: &str,
    m: &GapMatrix,
    took: &str,
    cursor: usize,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(truncate(unit, width), theme.unit())];
    // The worst competency over the subtree: the largest share of assessed holders
    // below standard, then the lowest average gap.
    let worst = m
        .competencies
        .iter()
        .filter_map(|c| {
            let (mut sum, mut assessed, mut below) = (0i64, 0u64, 0u64);
            for cell in m.rows.iter().filter_map(|r| r.cells.get(c)) {
                sum += i64::from(cell.gap_sum);
                assessed += u64::from(cell.assessed);
                below += u64::from(cell.below);
            }
            (assessed > 0).then(|| (c, sum as f64 / assessed as f64, below as f64 / assessed as f64))
        })
        .min_by(|a, b| b.2.total_cmp(&a.2).then(a.1.total_cmp(&b.1)));
    let mut summary = format!("{} {}", m.rows.len(), tr(Msg::Positions).to_lowercase());
    if let Some((c, gap, share)) = worst {
        summary.push_str(&format!(
            " · {}: {} {gap:+.2} ({:.0}% {})",
            tr(Msg::Worst),
            c.short(),
            share * 100.0,
            tr(Msg::BelowStandard)
        ));
    }
    lines.push(Line::from(truncate(&format!("{summary} · {took}"), width)));
    lines.push(Line::styled(truncate(tr(Msg::Legend), width), theme.dim()));
    let label_width = width.saturating_sub(6 * m.competencies.len() + 4).clamp(8, 40);
    lines.push(header_row(label_width + 4, tr(Msg::Position), m.competencies.iter().map(|c| c.short()), theme));
    let rows = height.saturating_sub(lines.len());
    let start = window_start(cursor, rows);
    for (i, row) in m.rows.iter().enumerate().skip(start).take(rows) {
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

fn position_gap_lines(g: &PositionGaps, app: &App, width: usize, height: usize, theme: Theme) -> Vec<Line<'static>> {
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
    let start = window_start(app.view_cursor, rows);
    for (i, (holder, m)) in g.rows.iter().enumerate().skip(start).take(rows) {
        let category = m.selection(jpm).map(|c| format!("{c:?}").to_uppercase()).unwrap_or_default();
        let mut spans = vec![
            Span::raw(format!("{:<label_width$}", truncate(&holder.name, label_width))),
            Span::raw(format!("{:>6} {category:<4}", m.jpm.map_or("-".to_string(), |j| format!("{j:.1}")))),
        ];
        spans.extend(m.gaps.iter().map(|gap| gap_cell(gap.gap().map(f64::from), theme)));
        let mut line = Line::from(spans);
        if i == app.view_cursor {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    if g.rows.is_empty() {
        lines.push(Line::styled(tr(Msg::NoHolders), theme.dim()));
    }
    lines
}

/// One row of the candidate list as drawn: a section heading or an entry.
enum ListRow {
    Heading(Standing),
    Entry(usize),
}

/// Row `v` of the list: the entries in their order, each section after its heading.
fn list_row(v: usize, counts: [usize; 3]) -> ListRow {
    let [eligible, near, _] = counts;
    if v == 0 {
        ListRow::Heading(Standing::Eligible)
    } else if v <= eligible {
        ListRow::Entry(v - 1)
    } else if v == eligible + 1 {
        ListRow::Heading(Standing::NearMiss)
    } else if v <= eligible + near + 1 {
        ListRow::Entry(v - 2)
    } else if v == eligible + near + 2 {
        ListRow::Heading(Standing::Ineligible)
    } else {
        ListRow::Entry(v - 3)
    }
}

/// Where entry `k` is drawn.
fn row_of_entry(k: usize, counts: [usize; 3]) -> usize {
    let [eligible, near, _] = counts;
    k + 1 + usize::from(k >= eligible) + usize::from(k >= eligible + near)
}

fn candidate_lines(
    c: &Candidates,
    app: &App,
    took: &str,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let list = &c.list;
    let target = &list.target;
    let mut lines =
        vec![Line::styled(truncate(&format!("{} ({})", target.name, target.code), width), theme.position())];
    if c.holders.is_empty() {
        lines.push(Line::styled(tr(Msg::Vacant), theme.vacant()));
    }
    // A pelaksana position can have dozens of holders: the first few say enough.
    const HOLDERS_SHOWN: usize = 3;
    for h in c.holders.iter().take(HOLDERS_SHOWN) {
        let retires = app.rules.retirement.date(h.birth_date(), Some(target.kind), target.level);
        lines.push(Line::from(truncate(
            &format!("{}: {} · {} {retires}", tr(Msg::HeldBy), h.name, tr(Msg::Retires)),
            width,
        )));
    }
    if c.holders.len() > HOLDERS_SHOWN {
        lines.push(Line::styled(format!("  … +{}", c.holders.len() - HOLDERS_SHOWN), theme.dim()));
    }
    let counts = list.ranking.counts();
    lines.push(Line::from(truncate(
        &format!(
            "{} {} · {} {} · {} {} · {took}",
            tr(Msg::Eligible),
            counts[0],
            tr(Msg::NearMissesShort),
            counts[1],
            tr(Msg::Ineligible),
            counts[2]
        ),
        width,
    )));
    let prepared = Prepared::new(&list.target, &list.standard, &app.rules, list.today);
    let explained = |k: usize| {
        let entry = list.ranking.entries.get(k)?;
        Some(explain(&list.person(entry)?, entry, &prepared))
    };
    // The highlighted person's reasons go at the foot, in full.
    let selected = explained(app.view_cursor);
    let footer: Vec<Line<'static>> = match &selected {
        Some(e) if !e.failed.is_empty() => {
            let mut foot = vec![Line::styled(truncate(&format!("{} · {}", e.name, e.nip), width), theme.heading())];
            foot.extend(
                e.failed.iter().take(4).map(|f| Line::from(truncate(&format!("  {}: {}", f.rule, f.message), width))),
            );
            foot
        }
        _ => Vec::new(),
    };
    let rows = height.saturating_sub(lines.len() + footer.len());
    let total_rows = list.ranking.entries.len() + 3;
    let cursor_row = row_of_entry(app.view_cursor, counts);
    let start = window_start(cursor_row, rows);
    let name_width = width.saturating_sub(36).clamp(10, 40);
    for v in (start..total_rows).take(rows) {
        let line = match list_row(v, counts) {
            ListRow::Heading(standing) => {
                let (label, n) = match standing {
                    Standing::Eligible => (tr(Msg::Eligible), counts[0]),
                    Standing::NearMiss => (tr(Msg::NearMisses), counts[1]),
                    Standing::Ineligible => (tr(Msg::Ineligible), counts[2]),
                };
                Line::styled(truncate(&format!("── {label} ({n}) "), width), theme.heading())
            }
            ListRow::Entry(k) => {
                let Some(e) = explained(k) else { continue };
                let name = format!("{:<name_width$}", truncate(&e.name, name_width));
                let text = match e.rank {
                    Some(rank) => format!(
                        "{rank:>4} {name} {:.3} {:>5} {:>2} {}",
                        e.score,
                        e.jpm.map_or("-".to_string(), |j| format!("{j:.1}")),
                        e.nine_box.map_or("-".to_string(), |b| b.to_string()),
                        e.grade.clone().unwrap_or_default()
                    ),
                    None if e.failed.len() == 1 || e.failed.iter().all(|f| f.rule == e.failed[0].rule) => {
                        format!("     {name} {}: {}", e.failed[0].rule, e.failed[0].message)
                    }
                    None => {
                        let mut rules: Vec<&str> = e.failed.iter().map(|f| f.rule).collect();
                        rules.dedup();
                        format!("     {name} {}", rules.join(", "))
                    }
                };
                let style = if k == app.view_cursor { theme.selected() } else { Style::new() };
                Line::styled(truncate(&text, width), style)
            }
        };
        lines.push(line);
    }
    lines.extend(footer);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_drawn_on_its_own_row_between_the_headings() {
        for counts in [[0, 0, 0], [2, 0, 3], [0, 1, 0], [3, 2, 4]] {
            let total: usize = counts.iter().sum();
            for k in 0..total {
                assert!(matches!(list_row(row_of_entry(k, counts), counts), ListRow::Entry(x) if x == k));
            }
            let headings = (0..total + 3).filter(|v| matches!(list_row(*v, counts), ListRow::Heading(_))).count();
            assert_eq!(headings, 3, "{counts:?}");
        }
    }
}
