//! The Gaps and Candidates views of the right-hand pane. Only the rows on screen are
//! written out (a province's candidate list has 60 000 rows; each row's reasons are
//! worked out as it is drawn).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::queries::StaffData;
use crate::app::analysis::{Answer, Candidates, PositionGaps, View, ViewState};
use crate::app::{App, Pane};
use crate::i18n::{Msg, tr};
use crate::model::text::truncate;
use crate::rules::eligibility::Prepared;
use crate::rules::gaps::GapMatrix;
use crate::rules::ranking::{Standing, explain};
use crate::rules::workforce::{FormationPlan, NineBoxGrid, TrainingNeed, box_follow_up};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the Gaps or Candidates view into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let focused = app.focus == Pane::Details;
    let title = match app.view {
        View::Candidates => tr(Msg::Candidates),
        View::NineBox => tr(Msg::NineBox),
        View::Training => tr(Msg::TrainingNeeds),
        View::Formation => tr(Msg::FormationPlan),
        _ => tr(Msg::Gaps),
    };
    let block = super::pane_block(title, focused, theme);
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
            Ok(Answer::Nothing | Answer::Problems(_)) => {
                vec![Line::styled(tr(Msg::SelectForCandidates), theme.dim())]
            }
            Ok(Answer::UnitGaps(unit, matrix)) => {
                let took = format!("{} {} ms", tr(Msg::Took), computed.took.as_millis());
                matrix_lines(&unit.name, matrix, &took, app.view_cursor, width, height, theme)
            }
            Ok(Answer::PositionGaps(g)) => position_gap_lines(g, app, width, height, theme),
            Ok(Answer::Candidates(c)) => {
                let took = format!("{} {} ms", tr(Msg::Took), computed.took.as_millis());
                candidate_lines(c, app, &took, width, height, theme)
            }
            Ok(Answer::NineBox(unit, answer)) => {
                nine_box_lines(&unit.name, &answer.0, &answer.1, app.view_cursor, width, height, theme)
            }
            Ok(Answer::Training(unit, needs)) => {
                training_lines(&unit.name, &needs.0, &needs.1, app.view_cursor, width, height, theme)
            }
            Ok(Answer::Formation(unit, plan)) => {
                formation_lines(&unit.name, &plan.0, &plan.1, app.view_cursor, width, height, theme)
            }
        },
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

#[allow(clippy::too_many_arguments)]
fn nine_box_lines(
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

#[allow(clippy::too_many_arguments)]
fn training_lines(
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
    // The highlighted competency's people go at the foot.
    let foot_rows = height.saturating_sub(lines.len()) / 2;
    let rows = height.saturating_sub(lines.len() + foot_rows);
    let start = window_start(cursor, rows);
    for (i, n) in needs.iter().enumerate().skip(start).take(rows) {
        let [one, two, more] = n.by_gap();
        let text = format!(
            "{:<32} {:>6} {:>5} {:>5} {:>5} {:>7}",
            truncate(n.competency.name(), 32),
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
                    &[&n.competency.name(), &n.people.len(), &one, &two, &more, &n.not_assessed],
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

#[allow(clippy::too_many_arguments)]
fn formation_lines(
    unit: &str,
    data: &StaffData,
    plan: &FormationPlan,
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
    let mut lines = vec![Line::styled(truncate(unit, width), theme.unit())];
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
    lines.push(Line::styled(truncate(&row_text(tr(Msg::Total), &plan.total), width), theme.heading()));
    let rows = height.saturating_sub(lines.len());
    let start = window_start(cursor, rows);
    for (i, r) in plan.positions.iter().enumerate().skip(start).take(rows) {
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

/// The first row of a window of `height` rows that keeps `cursor` in view.
fn window_start(cursor: usize, height: usize) -> usize {
    cursor.saturating_sub(height.saturating_sub(1))
}

/// A cell of a gap grid: the gap with a symbol, coloured by how short it is.
fn gap_cell(gap: Option<f64>, theme: Theme) -> Span<'static> {
    let symbol = crate::rules::gaps::gap_symbol(gap);
    match gap {
        None => Span::styled(format!("{:>6}", symbol), theme.dim()),
        Some(g) if g <= -1.0 => Span::styled(format!("{g:>+5.1}{symbol}"), theme.shortage()),
        Some(g) if g < 0.0 => Span::styled(format!("{g:>+5.1}{symbol}"), theme.vacant()),
        Some(g) => Span::styled(format!("{g:>+5.1}{symbol}"), theme.surplus()),
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

/// The marks drawn before a candidate's name: decision, note, marked for comparison.
fn marks(app: &App, nip: crate::model::Nip) -> String {
    use crate::model::Decision;
    let mark = app.review.as_ref().and_then(|r| r.mark(nip));
    let decision = match mark.and_then(|m| m.decision) {
        Some(Decision::Nominated) => '★',
        Some(Decision::Shortlisted) => '✓',
        Some(Decision::Rejected) => '✗',
        None => ' ',
    };
    let note = if mark.is_some_and(|m| m.note.is_some()) { '✎' } else { ' ' };
    let compared = if app.compare.contains(&nip) { '◆' } else { ' ' };
    format!("{decision}{note}{compared}")
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
    let all = list.ranking.counts();
    lines.push(Line::from(truncate(
        &format!(
            "{} {} · {} {} · {} {} · {took}",
            tr(Msg::Eligible),
            all[0],
            tr(Msg::NearMissesShort),
            all[1],
            tr(Msg::Ineligible),
            all[2]
        ),
        width,
    )));
    let [shortlisted, rejected, nominated] = app.review.as_ref().map_or([0; 3], |r| r.counts());
    lines.push(Line::styled(
        truncate(
            &format!(
                "{}: {} · {}: {} · ✓ {shortlisted} ✗ {rejected} ★ {nominated}",
                tr(Msg::Filtered),
                app.filter.label(),
                tr(Msg::SortedBy),
                app.sort.label()
            ),
            width,
        ),
        theme.dim(),
    ));
    let entry_of = |k: usize| app.visible.get(k).and_then(|i| list.ranking.entries.get(*i as usize));
    let mut counts = [0; 3];
    for k in 0..app.visible.len() {
        if let Some(e) = entry_of(k) {
            counts[e.standing() as usize] += 1;
        }
    }
    let prepared = Prepared::new(&list.target, &list.standard, &app.rules, list.today);
    let explained = |k: usize| {
        let entry = entry_of(k)?;
        Some(explain(&list.person(entry)?, entry, &prepared))
    };
    // The highlighted person's reasons and note go at the foot, in full.
    let mut footer: Vec<Line<'static>> = Vec::new();
    if let Some(e) = explained(app.view_cursor) {
        footer.push(Line::styled(truncate(&format!("{} · {}", e.name, e.nip), width), theme.heading()));
        footer.extend(
            e.failed.iter().take(4).map(|f| Line::from(truncate(&format!("  {}: {}", f.rule, f.message), width))),
        );
        let nip = entry_of(app.view_cursor).map(|x| x.nip);
        if let Some(mark) = nip.and_then(|n| app.review.as_ref()?.mark(n)) {
            let what = mark.decision.map_or(String::new(), |d| format!("{} · ", decision_text(d)));
            let note = mark.note.as_deref().map_or(String::new(), |n| format!("{}: {n} · ", tr(Msg::Note)));
            footer.push(Line::styled(
                truncate(
                    &format!("  {what}{note}{} {} {}", tr(Msg::By), mark.stamp.user, mark.stamp.local_time()),
                    width,
                ),
                theme.dim(),
            ));
        }
    }
    let rows = height.saturating_sub(lines.len() + footer.len());
    let total_rows = app.visible.len() + 3;
    let cursor_row = row_of_entry(app.view_cursor, counts);
    let start = window_start(cursor_row, rows);
    let name_width = width.saturating_sub(39).clamp(10, 40);
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
                let (Some(e), Some(entry)) = (explained(k), entry_of(k)) else { continue };
                let name = format!("{:<name_width$}", truncate(&e.name, name_width));
                let marks = marks(app, entry.nip);
                let text = match e.rank {
                    Some(rank) => format!(
                        "{marks}{rank:>4} {name} {:.3} {:>5} {:>2} {}",
                        e.score,
                        e.jpm.map_or("-".to_string(), |j| format!("{j:.1}")),
                        e.nine_box.map_or("-".to_string(), |b| b.to_string()),
                        e.grade.clone().unwrap_or_default()
                    ),
                    None if e.failed.len() == 1 || e.failed.iter().all(|f| f.rule == e.failed[0].rule) => {
                        format!("{marks}     {name} {}: {}", e.failed[0].rule, e.failed[0].message)
                    }
                    None => {
                        let mut rules: Vec<&str> = e.failed.iter().map(|f| f.rule).collect();
                        rules.dedup();
                        format!("{marks}     {name} {}", rules.join(", "))
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

fn decision_text(d: crate::model::Decision) -> &'static str {
    use crate::model::Decision;
    tr(match d {
        Decision::Shortlisted => Msg::Shortlisted,
        Decision::Rejected => Msg::Rejected,
        Decision::Nominated => Msg::Nominated,
    })
}

/// The marked candidates side by side, over the pane.
pub fn comparison(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(c) = app.candidates() else { return };
    if area.width < 20 || area.height < 5 {
        return;
    }
    let list = &c.list;
    let prepared = Prepared::new(&list.target, &list.standard, &app.rules, list.today);
    let people: Vec<_> = app
        .compare
        .iter()
        .filter_map(|nip| {
            let entry = list.find(*nip)?;
            let person = list.person(entry)?;
            Some((explain(&person, entry, &prepared), person))
        })
        .collect();
    frame.render_widget(ratatui::widgets::Clear, area);
    let block = Block::new().borders(Borders::ALL).border_style(theme.focused_border()).title(format!(
        " {} — {} ",
        tr(Msg::Comparison),
        list.target.code
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = 18usize;
    let column = ((inner.width as usize).saturating_sub(label_width) / people.len().max(1)).clamp(8, 36);
    let mut rows: Vec<(String, Vec<String>, Option<Vec<Style>>)> = Vec::new();
    let text_row = |label: &str, values: Vec<String>| (label.to_string(), values, None);
    rows.push(text_row(tr(Msg::Name), people.iter().map(|(e, _)| e.name.clone()).collect()));
    rows.push(text_row(tr(Msg::Nip), people.iter().map(|(e, _)| e.nip.clone()).collect()));
    rows.push(text_row(
        tr(Msg::Standing),
        people
            .iter()
            .map(|(e, _)| match e.rank {
                Some(r) => format!("#{r} {}", tr(Msg::Eligible).to_lowercase()),
                None => format!("{} {}", e.failed.len(), tr(Msg::RulesFailed)),
            })
            .collect(),
    ));
    rows.push(text_row(tr(Msg::Score), people.iter().map(|(e, _)| format!("{:.3}", e.score)).collect()));
    rows.push(text_row("JPM", people.iter().map(|(e, _)| e.jpm.map_or("-".into(), |j| format!("{j:.1}"))).collect()));
    rows.push(text_row("Box", people.iter().map(|(e, _)| e.nine_box.map_or("-".into(), |b| b.to_string())).collect()));
    rows.push(text_row(tr(Msg::Grade), people.iter().map(|(e, _)| e.grade.clone().unwrap_or_default()).collect()));
    let years = |d: Option<crate::model::Date>| d.map_or("-".to_string(), |d| d.years_until(list.today).to_string());
    rows.push(text_row(tr(Msg::YearsInGrade), people.iter().map(|(_, p)| years(p.facts.grade_since)).collect()));
    rows.push(text_row(tr(Msg::Service), people.iter().map(|(_, p)| years(Some(p.facts.service_start))).collect()));
    rows.push(text_row(
        tr(Msg::Education),
        people.iter().map(|(_, p)| p.facts.education.map_or("-".into(), |e| e.to_string())).collect(),
    ));
    let this_year = list.today.year();
    for year in (this_year - 3)..this_year {
        rows.push(text_row(
            &format!("{} {year}", tr(Msg::Rating)),
            people
                .iter()
                .map(|(_, p)| {
                    p.ratings.iter().find(|r| i32::from(r.year) == year).map_or("-".into(), |r| r.rating.to_string())
                })
                .collect(),
        ));
    }
    for s in &list.standard {
        let mut values = Vec::new();
        let mut styles = Vec::new();
        for (_, p) in &people {
            let level = p.levels.get(&s.competency);
            values.push(level.map_or("?".into(), |l| format!("{l} ({:+})", i16::from(l) - i16::from(s.level))));
            styles.push(match level {
                None => theme.dim(),
                Some(l) if l < s.level => theme.shortage(),
                Some(_) => theme.surplus(),
            });
        }
        rows.push((format!("{} ≥{}", s.competency.short(), s.level), values, Some(styles)));
    }
    rows.push(text_row(
        tr(Msg::Rule),
        people
            .iter()
            .map(|(e, _)| {
                let mut ids: Vec<&str> = e.failed.iter().map(|f| f.rule).collect();
                ids.dedup();
                if ids.is_empty() { "—".into() } else { ids.join(", ") }
            })
            .collect(),
    ));
    rows.push(text_row(
        tr(Msg::Decision),
        people
            .iter()
            .map(|(e, _)| {
                let nip = crate::model::Nip::parse(&e.nip).ok();
                let mark = nip.and_then(|n| app.review.as_ref()?.mark(n));
                let decision = mark.and_then(|m| m.decision).map_or("-".to_string(), |d| decision_text(d).to_string());
                match mark.and_then(|m| m.note.as_deref()) {
                    Some(note) => format!("{decision} · {note}"),
                    None => decision,
                }
            })
            .collect(),
    ));
    let lines: Vec<Line<'static>> = rows
        .into_iter()
        .map(|(label, values, styles)| {
            let mut spans =
                vec![Span::styled(format!("{:<label_width$}", truncate(&label, label_width - 1)), theme.dim())];
            for (i, v) in values.iter().enumerate() {
                let style = styles.as_ref().and_then(|s| s.get(i).copied()).unwrap_or_default();
                spans.push(Span::styled(format!("{:<column$}", truncate(v, column.saturating_sub(1))), style));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
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
