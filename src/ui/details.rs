//! The details pane: a unit, a position with its holders, or an employee's profile.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::{Theme, balance};
use crate::app::panes::{PositionDetails, ProfileView, UnitDetails};
use crate::app::{App, Details, Pane};
use crate::i18n::{Msg, label, tr, trf};
use crate::model::Date;
use crate::model::text::printable;
use crate::model::text::truncate;
use crate::rules::AbkRules;
use crate::rules::abk::{Workload, position_workload, unit_workload};

/// Draws the details of the selection (or the open profile) into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Pane::Details;
    let (title, lines, scroll) = match (&app.details.profile, &app.details.shown) {
        (Some(p), _) => (tr(Msg::Profile), profile_lines(p, app.today, theme), app.details.scroll as usize),
        (None, Details::Unit(u)) => {
            (tr(Msg::Details), unit_lines(u, &app.rules.abk, theme), app.details.scroll as usize)
        }
        (None, Details::Position(p)) => {
            let width = usize::from(area.width.saturating_sub(2));
            let picked: Vec<crate::model::Nip> = app
                .editing
                .picked
                .iter()
                .chain(&app.editing.cut)
                .filter_map(|c| match c {
                    crate::app::edits::Cut::Employee(nip) => Some(*nip),
                    _ => None,
                })
                .collect();
            let look = HoldersLook { cursor: app.details.cursor, focused, width, picked: &picked };
            let (lines, cursor_line) = position_lines(p, look, &app.rules.abk, theme);
            // Keep the highlighted holder in view.
            let height = area.height.saturating_sub(2) as usize;
            let scroll = cursor_line.map_or(0, |c| c.saturating_sub(height.saturating_sub(1)));
            (tr(Msg::Details), lines, scroll)
        }
        (None, Details::Empty) => (tr(Msg::Details), Vec::new(), 0),
        (None, Details::Holding(count)) => (
            tr(Msg::Details),
            vec![
                Line::styled(tr(Msg::HoldingListTitle).to_string(), theme.unit()),
                Line::raw(trf(Msg::HoldingListCount, &[count])),
                Line::raw(""),
                Line::styled(tr(Msg::HoldingListHint).to_string(), theme.dim()),
            ],
            app.details.scroll as usize,
        ),
        (None, Details::Person(view)) => {
            (tr(Msg::Profile), profile_lines(view, app.today, theme), app.details.scroll as usize)
        }
    };
    let block = super::pane_block(title, focused, theme);
    // A unit's staff: their numbers under its details, and with room as pictures.
    let mut lines = lines;
    let mut text_area = block.inner(area);
    frame.render_widget(block, area);
    use crate::app::question::{Answer, ViewState};
    let answer = match &app.views.state {
        ViewState::Ready(c) => c.answer.as_ref().as_ref().ok(),
        _ => None,
    };
    match (&app.details.profile, &app.details.shown, answer) {
        (None, Details::Unit(u), Some(Answer::StaffProfile(unit, profile, changes))) if *unit == u.unit.id => {
            lines.extend(staff_lines(profile, theme));
            lines.extend(change_lines(changes, theme));
            if let Some(rest) = staff_pictures(frame, text_area, profile, theme) {
                text_area = rest;
            }
        }
        (None, Details::Position(p), Some(Answer::PositionHistory(id, history))) if *id == p.position.id => {
            lines.extend(former_lines(history, theme));
            lines.extend(change_lines(&history.changes, theme));
        }
        _ => {}
    }
    // A position's anjab last: the longest part, read by scrolling down.
    if let (None, Details::Position(p)) = (&app.details.profile, &app.details.shown) {
        lines.extend(anjab_lines(p, theme));
    }
    // Scrolled no further than its last line at the foot; the frame tells the pane how
    // far that is (as ratatui's stateful widgets keep their offset), so that scrolling
    // stops at the end.
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let last = paragraph.line_count(text_area.width).saturating_sub(usize::from(text_area.height));
    app.details.extent.set(Some(u16::try_from(last).unwrap_or(u16::MAX)));
    let scroll = u16::try_from(scroll.min(last)).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.scroll((scroll, 0)), text_area);
}

/// Who held a position before, those who left last first.
fn former_lines(history: &crate::app::question::PositionHistory, theme: Theme) -> Vec<Line<'static>> {
    if history.former.is_empty() {
        return Vec::new();
    }
    let mut lines =
        vec![Line::raw(""), heading(&format!("{} ({})", tr(Msg::FormerHolders), history.former_total), theme)];
    for f in &history.former {
        let until = f.post.to.map(|d| d.to_string()).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("  {} – {:<10} ", f.post.from, until), theme.dim()),
            Span::raw(f.name.clone().unwrap_or_else(|| f.nip.to_string())),
            Span::styled(format!("  {}", f.nip), theme.dim()),
        ]));
    }
    lines
}

/// A node's latest changes: when, who, and each operation, newest first.
fn change_lines(changes: &[crate::model::JournalEntry], theme: Theme) -> Vec<Line<'static>> {
    if changes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::raw(""), heading(tr(Msg::Changes), theme)];
    for e in changes {
        let ops: Vec<String> = e.ops.iter().map(label::op).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("  {} {} ", e.stamp.local_time(), e.stamp.user), theme.dim()),
            Span::raw(ops.join("; ")),
        ]));
    }
    lines
}

/// The names of the golongan columns: PNS I–IV, then PPPK.
const GOLONGAN: [&str; 5] = ["I", "II", "III", "IV", "PPPK"];

/// The age bands' labels.
fn age_label(band: usize) -> String {
    let (lo, hi) = crate::rules::workforce::AGE_BANDS[band];
    match band {
        0 => format!("<{}", hi + 1),
        b if b + 1 == crate::rules::workforce::AGE_BANDS.len() => format!("{lo}+"),
        _ => format!("{lo}–{hi}"),
    }
}

/// A unit's staff as numbers: by golongan, and by age band and sex.
fn staff_lines(p: &crate::rules::workforce::StaffProfile, theme: Theme) -> Vec<Line<'static>> {
    let golongan: Vec<String> = GOLONGAN.iter().zip(p.by_golongan).map(|(g, n)| format!("{g} {n}")).collect();
    let ages: Vec<String> =
        p.by_age.iter().enumerate().map(|(b, (m, f))| format!("{} {m}/{f}", age_label(b))).collect();
    vec![
        Line::raw(""),
        heading(tr(Msg::StaffProfile), theme),
        field(Msg::ByGolongan, golongan.join(" · "), theme),
        field(Msg::ByAgeAndSex, ages.join(" · "), theme),
    ]
}

/// Rows the pictures take.
const PICTURE_ROWS: u16 = 10;

/// Draws the staff as pictures at the foot of `area` when it is at least 64 wide and 30
/// tall: the golongan as bars (BarChart), and beside them the age pyramid (men to the
/// left, women to the right, the oldest band on top, the counts by the band's name in
/// the middle, both sides on one scale); returns the room left above them, or none
/// without room.
fn staff_pictures(
    frame: &mut Frame,
    area: Rect,
    p: &crate::rules::workforce::StaffProfile,
    theme: Theme,
) -> Option<Rect> {
    use ratatui::layout::Direction;
    use ratatui::widgets::{Bar, BarChart};
    if area.width < 64 || area.height < 30 {
        return None;
    }
    let top = area.y + area.height - PICTURE_ROWS;
    let text = |frame: &mut Frame, x: u16, y: u16, width: u16, line: Line<'static>| {
        frame.render_widget(Paragraph::new(line), Rect { x, y, width, height: 1 });
    };
    let golongan: Vec<Bar> = GOLONGAN
        .iter()
        .zip(p.by_golongan)
        .map(|(g, n)| Bar::default().value(u64::from(n)).label(Line::from(*g)).style(theme.position()))
        .collect();
    text(frame, area.x, top, 25, Line::styled(tr(Msg::ByGolongan).to_string(), theme.heading()));
    let chart =
        BarChart::vertical(golongan).bar_width(4).bar_gap(1).label_style(theme.dim()).value_style(theme.selected());
    frame.render_widget(chart, Rect { x: area.x, y: top + 1, width: 25, height: PICTURE_ROWS - 1 });

    // The pyramid: [men's bars][ m band f ][women's bars], the oldest band on top.
    let x = area.x + 27;
    let width = area.width - 27;
    let side = (width - PYRAMID_MIDDLE) / 2;
    let middle_x = x + side;
    let bands = p.by_age.len() as u16;
    let rows = Rect { x, y: top + 2, width, height: bands };
    text(frame, x, top, width, Line::styled(tr(Msg::AgePyramid).to_string(), theme.heading()));
    let sexes = Line::from(vec![
        Span::styled(format!("{:>w$}", tr(Msg::Men), w = usize::from(side + PYRAMID_MIDDLE / 2)), theme.surplus()),
        Span::raw(" │ "),
        Span::styled(tr(Msg::Women).to_string(), theme.vacant()),
    ]);
    text(frame, x, top + 1, width, sexes);
    let max = p.by_age.iter().map(|(m, f)| (*m).max(*f)).max().unwrap_or(0).max(1);
    let side_chart = |counts: Vec<u32>, style: Style| {
        let bars: Vec<Bar> =
            counts.into_iter().map(|n| Bar::default().value(u64::from(n)).text_value(String::new())).collect();
        BarChart::horizontal(bars)
            .max(u64::from(max))
            .bar_width(1)
            .bar_gap(0)
            .bar_style(style)
            .direction(Direction::Horizontal)
    };
    let oldest_first = || p.by_age.iter().rev();
    let men = side_chart(oldest_first().map(|(m, _)| *m).collect(), theme.surplus());
    let women = side_chart(oldest_first().map(|(_, f)| *f).collect(), theme.vacant());
    let bars_width = side.saturating_sub(1);
    render_mirrored(frame, men, Rect { x: x + 1, width: bars_width, ..rows });
    frame.render_widget(women, Rect { x: middle_x + PYRAMID_MIDDLE, width: bars_width, ..rows });
    for (row, (band, (m, f))) in p.by_age.iter().enumerate().rev().enumerate() {
        let line = Line::from(vec![
            Span::raw(format!("{m:>5} ")),
            Span::styled(format!("{:^5}", age_label(band)), theme.dim()),
            Span::raw(format!(" {f:<5}")),
        ]);
        text(frame, middle_x, rows.y + row as u16, PYRAMID_MIDDLE, line);
    }
    Some(Rect { height: area.height - PICTURE_ROWS, ..area })
}

/// Columns of the pyramid's middle: the men's count, the band, the women's count.
const PYRAMID_MIDDLE: u16 = 17;

/// Renders `widget` into `area` mirrored left to right, so that a horizontal BarChart's
/// bars grow leftwards from the area's right edge (ratatui's grow one way only). Only
/// for widgets drawn in symbols that read the same mirrored: bars without labels or
/// values, which are whole blocks.
fn render_mirrored(frame: &mut Frame, widget: impl ratatui::widgets::Widget, area: Rect) {
    let scratch_area = Rect { x: 0, y: 0, ..area };
    let mut scratch = ratatui::buffer::Buffer::empty(scratch_area);
    widget.render(scratch_area, &mut scratch);
    let buf = frame.buffer_mut();
    for y in 0..area.height {
        for x in 0..area.width {
            buf[(area.x + area.width - 1 - x, area.y + y)] = scratch[(x, y)].clone();
        }
    }
}

fn field(label: Msg, value: impl Into<String>, theme: Theme) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{}: ", tr(label)), theme.dim()), Span::raw(value.into())])
}

/// The kelas a position holds and, when its anjab has factor levels, what the job
/// evaluation gives beside it: marked where the two differ or it gives none.
fn class_line(d: &PositionDetails, theme: Theme) -> Line<'static> {
    let stored = d.position.spec.class.map_or_else(|| "-".into(), |c| c.to_string());
    let mut line = field(Msg::Class, stored, theme);
    if let Some(e) = &d.evaluation {
        let style = if e.class.is_some() && e.class == d.position.spec.class { theme.dim() } else { theme.shortage() };
        line.spans.push(Span::styled(format!(" · {}", e.summary()), style));
    }
    line
}

fn heading(label: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(label.to_string(), theme.heading()))
}

fn balance_span(theme: Theme, filled: u64, needed: u64) -> Span<'static> {
    let (sign, style) = balance(theme, filled, Some(needed));
    let diff = filled as i64 - needed as i64;
    Span::styled(format!("{filled}/{needed} ({diff:+}) {sign}"), style)
}

/// The workload figures (ABK): the need it gives and the job efficiency.
fn workload_lines(w: &Workload, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        field(Msg::WorkloadTotal, format!("{:.0} {}", w.minutes, tr(Msg::MinutesPerYear)), theme),
        field(Msg::NeedFromWorkload, format!("{:.2} → {}", w.need_exact, w.need), theme),
    ];
    if let (Some(ej), Some(grade)) = (w.efficiency, w.grade) {
        let style = if grade == 'A' || grade >= 'D' { theme.shortage() } else { Style::new() };
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", tr(Msg::Efficiency)), theme.dim()),
            Span::styled(format!("{ej:.2} ({grade})"), style),
        ]));
    }
    lines
}

fn unit_lines(d: &UnitDetails, abk: &AbkRules, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(Span::styled(d.unit.name.clone(), theme.unit())),
        field(Msg::Path, d.path.clone(), theme),
        field(Msg::Code, d.unit.code.clone(), theme),
    ];
    if !d.unit.kind.is_empty() {
        lines.push(field(Msg::Kind, d.unit.kind.clone(), theme));
    }
    let head = match &d.head {
        Some((p, Some(e))) => Line::from(vec![
            Span::styled(format!("{}: ", tr(Msg::Head)), theme.dim()),
            Span::raw(format!("{} — {} ({})", p.name, e.name, e.nip)),
        ]),
        Some((p, None)) => Line::from(vec![
            Span::styled(format!("{}: ", tr(Msg::Head)), theme.dim()),
            Span::raw(format!("{} — ", p.name)),
            Span::styled(tr(Msg::Vacant), theme.vacant()),
        ]),
        None => field(Msg::Head, tr(Msg::HeadPositionNone), theme),
    };
    lines.push(head);
    lines.push(Line::from(vec![
        Span::styled(format!("{}/{}: ", tr(Msg::Filled), tr(Msg::Needed)), theme.dim()),
        balance_span(theme, d.totals.filled, d.totals.needed),
    ]));
    lines.push(field(Msg::SubUnits, d.sub_units.to_string(), theme));
    if let Some(unor) = &d.unor_id {
        lines.push(field(Msg::UnorId, unor.clone(), theme));
    }
    if let Some(w) = unit_workload(&d.totals, abk) {
        lines.push(Line::raw(""));
        lines.push(heading(tr(Msg::Workload), theme));
        lines.extend(workload_lines(&w, theme));
    }
    if !d.by_kind.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(tr(Msg::CountsByKind), theme));
        for (kind, count, filled, needed) in &d.by_kind {
            lines.push(Line::from(vec![
                Span::raw(format!("  {:<14} {count:>3}  ", label::kind(*kind))),
                balance_span(theme, *filled, *needed),
            ]));
        }
    }
    if !d.vacancies.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(tr(Msg::PositionsWithVacancies), theme));
        for (p, filled) in &d.vacancies {
            let needed = u64::from(p.spec.needed.unwrap_or(0));
            lines.push(Line::from(vec![Span::raw(format!("  {}  ", p.name)), balance_span(theme, *filled, needed)]));
        }
    }
    lines
}

/// The lines of a position, and which line holds the highlighted holder.
/// How a position's holders are listed: the one highlighted (when the pane has the
/// keyboard), the width, who is picked to move.
struct HoldersLook<'a> {
    cursor: usize,
    focused: bool,
    width: usize,
    picked: &'a [crate::model::Nip],
}

fn position_lines(
    d: &PositionDetails,
    look: HoldersLook,
    abk: &AbkRules,
    theme: Theme,
) -> (Vec<Line<'static>>, Option<usize>) {
    let HoldersLook { cursor, focused, width, picked } = look;
    let p = &d.position;
    let kind = label::kind_level(p.spec.kind, p.spec.level);
    let mut lines = vec![
        Line::from(Span::styled(p.name.clone(), theme.position())),
        field(Msg::Path, d.path.clone(), theme),
        field(Msg::Code, p.code.clone(), theme),
        field(Msg::Kind, kind, theme),
        field(Msg::Eselon, p.spec.eselon.map(|e| e.to_string()).unwrap_or_else(|| "-".into()), theme),
        class_line(d, theme),
        field(Msg::FieldOfPost, d.field.clone().unwrap_or_else(|| "-".into()), theme),
        Line::from(vec![
            Span::styled(format!("{}/{}: ", tr(Msg::Filled), tr(Msg::Needed)), theme.dim()),
            match p.spec.needed {
                Some(n) => balance_span(theme, d.holders.len() as u64, u64::from(n)),
                None => Span::raw(format!("{}/?", d.holders.len())),
            },
        ]),
    ];
    if p.spec.head {
        lines.push(field(Msg::Head, "★", theme));
    }
    lines.push(Line::raw(""));
    lines.push(heading(&crate::i18n::standard_heading(d.standard_source), theme));
    for s in &d.standard {
        lines.push(Line::raw(format!("  {:<32} {}", label::competency(&s.competency), s.level)));
    }
    lines.push(Line::raw(""));
    lines.push(heading(&format!("{} ({})", tr(Msg::Holders), d.holders.len()), theme));
    if d.holders.is_empty() {
        lines.push(Line::styled(format!("  {}", tr(Msg::NobodyHolds)), theme.dim()));
    }
    let mut cursor_line = None;
    // One line each, never wrapped: the NIP whole, then the grade and the TMT while
    // they fit, the name cut to what is left.
    const NIP: usize = 21;
    let rest = |with: &[usize]| width.saturating_sub(3 + NIP + with.iter().map(|w| w + 2).sum::<usize>());
    let (grade, since) = if rest(&[5, 10]) >= 24 { (true, true) } else { (rest(&[5]) >= 20, false) };
    let name_width = rest(&[if grade { 5 } else { 0 }, if since { 10 } else { 0 }]).max(8);
    for (i, e) in d.holders.iter().enumerate() {
        // Picked (or cut) to move with others: marked without colour.
        let mark = if picked.contains(&e.nip) { '◆' } else { ' ' };
        let mut text = format!("{mark} {:<name_width$}  {}", truncate(&e.name, name_width), e.nip.spaced());
        if grade {
            text.push_str(&format!("  {:<5}", e.grade.map(|g| g.to_string()).unwrap_or_default()));
        }
        if since {
            text.push_str(&format!("  {}", e.position_since.map(|d| d.to_string()).unwrap_or_default()));
        }
        let selected = focused && i == cursor;
        if selected {
            cursor_line = Some(lines.len());
            lines.push(Line::from(vec![Span::raw("▶"), Span::raw(text)]).style(theme.selected()));
        } else {
            lines.push(Line::raw(format!(" {text}")));
        }
    }
    if let Some(w) = position_workload(&d.tasks, d.holders.len() as u64, abk) {
        lines.push(Line::raw(""));
        lines.push(heading(tr(Msg::Workload), theme));
        for t in &d.tasks {
            lines.push(Line::raw(format!("  {}  {} × {} = {:.0}", t.name, t.volume, t.minutes, t.workload())));
        }
        lines.extend(workload_lines(&w, theme));
    }
    (lines, cursor_line)
}

/// A position's anjab, section by section (`E` writes it in the user's editor).
fn anjab_lines(d: &PositionDetails, theme: Theme) -> Vec<Line<'static>> {
    use crate::model::Section;
    let Some(a) = &d.anjab else { return Vec::new() };
    let mut lines = vec![Line::raw(""), heading(tr(Msg::AnjabHeading), theme)];
    let texts = |s: Section| a.texts(s).map(|t| printable(t).into_owned()).collect::<Vec<_>>();
    for t in texts(Section::Summary) {
        lines.push(Line::raw(format!("  {t}")));
    }
    for task in &d.tasks {
        let steps: Vec<String> = a.item(Section::TaskStep, &task.name).map(|t| printable(t).into_owned()).collect();
        let result = a.item(Section::TaskResult, &task.name).next().map(|t| printable(t).into_owned());
        lines.push(Line::raw(format!(
            "  • {}{}",
            printable(&task.name),
            result.map(|r| format!(" → {r}")).unwrap_or_default()
        )));
        for step in steps {
            lines.push(Line::styled(format!("      {step}"), theme.dim()));
        }
    }
    for (section, msg) in [
        (Section::Material, Msg::AnjabMaterials),
        (Section::Tool, Msg::AnjabTools),
        (Section::Responsibility, Msg::AnjabResponsibilities),
        (Section::Authority, Msg::AnjabAuthorities),
        (Section::Correlation, Msg::AnjabCorrelations),
        (Section::Condition, Msg::AnjabConditions),
        (Section::Hazard, Msg::AnjabHazards),
        (Section::Expected, Msg::AnjabExpected),
    ] {
        let items = texts(section);
        if !items.is_empty() {
            lines.push(Line::raw(format!("  {}: {}", tr(msg), items.join("; "))));
        }
    }
    let requirements: Vec<String> = a
        .rows
        .iter()
        .filter(|r| r.section == Section::Requirement)
        .map(|r| format!("{}: {}", r.item.replace('_', " "), printable(&r.text)))
        .collect();
    if !requirements.is_empty() {
        lines.push(Line::raw(format!("  {}: {}", tr(Msg::AnjabRequirements), requirements.join("; "))));
    }
    if let Some(e) = &d.evaluation {
        let levels: Vec<String> =
            e.factors.iter().map(|f| format!("{} {}", crate::i18n::label::factor(f.factor), f.level)).collect();
        lines.push(Line::raw(format!("  {}: {}", tr(Msg::AnjabEvaluation), levels.join("; "))));
        // A kelas the evaluation does not give is what `check` warns of: marked so here.
        lines.push(class_line(d, theme));
    }
    lines
}

fn profile_lines(v: &ProfileView, today: Date, theme: Theme) -> Vec<Line<'static>> {
    let e = &v.profile.employee;
    let grade = e.grade.map(|g| match g.pangkat() {
        Some(p) => format!("{g} ({p})"),
        None => g.to_string(),
    });
    let months_left = today.months_until(v.retires);
    let retires_note = if months_left <= 0 {
        Span::styled(format!("{} ▼", v.retires), theme.shortage())
    } else if months_left < 12 {
        Span::styled(format!("{} ({}) ▼", v.retires, trf(Msg::MonthsLeft, &[&months_left])), theme.shortage())
    } else {
        Span::raw(format!("{} ({} {})", v.retires, months_left / 12, tr(Msg::Years)))
    };
    let mut lines = vec![
        Line::from(Span::styled(e.name.clone(), theme.unit())),
        field(Msg::Nip, e.nip.spaced(), theme),
        field(Msg::Status, e.status.as_str().to_uppercase(), theme),
        field(Msg::Grade, grade.unwrap_or_else(|| "-".into()), theme),
        field(Msg::GradeSince, e.grade_since.map(|d| d.to_string()).unwrap_or_else(|| "-".into()), theme),
        field(
            Msg::Position,
            v.position.as_ref().map_or_else(|| tr(Msg::NotPlaced).to_string(), |p| p.name.clone()),
            theme,
        ),
        field(Msg::Path, if v.path.is_empty() { "-".to_string() } else { v.path.clone() }, theme),
        field(Msg::PositionSince, e.position_since.map(|d| d.to_string()).unwrap_or_else(|| "-".into()), theme),
        field(Msg::Education, e.education.map(|x| x.to_string()).unwrap_or_else(|| "-".into()), theme),
        field(
            Msg::BirthDate,
            format!("{} ({} {})", e.birth_date(), e.birth_date().years_until(today), tr(Msg::Years)),
            theme,
        ),
        field(Msg::Sex, e.sex().as_str(), theme),
        field(Msg::ServiceStart, e.service_start().to_string(), theme),
        Line::from(vec![Span::styled(format!("{}: ", tr(Msg::Retires)), theme.dim()), retires_note]),
        field(Msg::Potential, e.potential.map(|p| p.to_string()).unwrap_or_else(|| "-".into()), theme),
    ];
    let section = |lines: &mut Vec<Line<'static>>, title: Msg, rows: Vec<String>| {
        lines.push(Line::raw(""));
        lines.push(heading(tr(title), theme));
        if rows.is_empty() {
            lines.push(Line::styled(format!("  {}", tr(Msg::None_)), theme.dim()));
        }
        lines.extend(rows.into_iter().map(|r| Line::raw(format!("  {r}"))));
    };
    let r = &v.profile;
    section(
        &mut lines,
        Msg::GradeHistory,
        r.grade_history
            .iter()
            .map(|g| format!("{}  {:<6} {}", g.since, g.grade, g.grade.pangkat().unwrap_or("")))
            .collect(),
    );
    // The career: the posts held before, then the one held now.
    let mut career: Vec<String> = r
        .position_history
        .iter()
        .map(|p| {
            let to = p.to.map_or_else(|| "…".to_string(), |d| d.to_string());
            let unit = p.unit.as_deref().map(|u| format!(" · {u}")).unwrap_or_default();
            format!("{} – {:<10}  {}{unit}", p.from, to, p.position)
        })
        .collect();
    if let Some(position) = &v.position {
        let from = e.position_since.map_or_else(|| "?".to_string(), |d| d.to_string());
        // Its unit, as the posts before name theirs: the last step of the path.
        let unit = v.path.rsplit(" › ").next().filter(|u| !u.is_empty()).map(|u| format!(" · {u}")).unwrap_or_default();
        career.push(format!("{from} – {:<10}  {}{unit}", tr(Msg::Now), position.name));
    }
    section(&mut lines, Msg::PositionHistory, career);
    section(
        &mut lines,
        Msg::Ratings,
        r.ratings.iter().map(|x| format!("{}  {}", x.year, label::rating(x.rating))).collect(),
    );
    section(
        &mut lines,
        Msg::Assessments,
        r.assessments
            .iter()
            .map(|a| {
                format!(
                    "{:<32} {}  {}",
                    label::competency(&a.competency),
                    a.level,
                    a.assessed_on.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .collect(),
    );
    section(
        &mut lines,
        Msg::Penalties,
        r.penalties
            .iter()
            .map(|p| {
                format!(
                    "{}  {} – {}",
                    label::severity(p.severity),
                    p.start,
                    p.end.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .collect(),
    );
    section(
        &mut lines,
        Msg::Trainings,
        r.trainings
            .iter()
            .map(|t| format!("{}  {}  {}", t.year.map(|y| y.to_string()).unwrap_or_default(), t.name, t.kind))
            .collect(),
    );
    section(
        &mut lines,
        Msg::CreditPointsTitle,
        r.credit_points
            .iter()
            .map(|p| format!("{}  {}", p.year, crate::model::CreditPoints::points_text(u64::from(p.thousandths))))
            .collect(),
    );
    lines
}
