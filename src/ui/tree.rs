//! The tree pane: only the visible window of rows is drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::{Theme, balance};
use crate::app::tree::RowInfo;
use crate::app::{App, Pane};
use crate::i18n::{Msg, tr};
use crate::model::PositionSpec;
use crate::model::text::truncate;
use crate::store::HeadSeat;

/// Draws the tree into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let focused = app.focus == Pane::Tree;
    let block = super::pane_block(tr(Msg::Tree), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let window = app.tree.offset()..(app.tree.offset() + inner.height as usize).min(app.tree.len());
    // The counts' columns are as wide as the largest count shown needs, so that they
    // line up and a five-digit count never runs into its mark.
    let digits = window
        .clone()
        .filter_map(|i| app.tree.row(i))
        .map(|row| {
            let (filled, needed) = counts(row.info);
            filled.to_string().len().max(needed.map_or(1, |n| n.to_string().len()))
        })
        .max()
        .unwrap_or(1)
        .max(3);
    let mut lines = Vec::new();
    for index in window {
        let Some(row) = app.tree.row(index) else { break };
        let selected = index == app.tree.cursor();
        let (flags, by) = flags(app, row.id, row.info);
        let look = RowLook { selected, flags: &flags, changed_by: by, digits, width };
        lines.push(row_line(row.info, row.depth, row.expanded, look, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Columns the marks of a row take, always: a row with marks is not pushed right.
const FLAG_COLUMNS: usize = 2;

/// The marks of a node, at most [`FLAG_COLUMNS`] of them: ✂ cut, + added, » moved,
/// ~ edited (this session or the open draft), ! has findings; symbols, so that nothing
/// depends on colour. And who else changed it meanwhile, which the row says by its name.
fn flags<'a>(app: &'a App, id: crate::app::tree::NodeId, info: &RowInfo) -> (String, Option<&'a str>) {
    let mut out = String::new();
    use crate::app::edits::Cut;
    let is = |c: &Cut| match (c, info) {
        (Cut::Unit(x), RowInfo::Unit { code, .. }) => x == code,
        (Cut::Position(x), RowInfo::Position { position, .. }) => *x == position.code,
        (Cut::Employee(x), RowInfo::Person { nip, .. }) => x == nip,
        _ => false,
    };
    if app.editing.cut.iter().any(is) {
        out.push('✂');
    } else if app.editing.picked.iter().any(is) {
        out.push('◆');
    }
    if let Some(m) = app.drafting.marks.get(&id).or_else(|| app.editing.marks.get(&id)) {
        out.push_str(m.symbol());
    }
    if app.problems.flagged.contains(&id) {
        out.push('!');
    }
    let out: String = out.chars().take(FLAG_COLUMNS).collect();
    // Changed by someone else while this interface was open: who.
    (format!("{out:<FLAG_COLUMNS$}"), app.editing.by_others.get(&id).map(String::as_str))
}

/// A row's bezetting and kebutuhan (none when a position's is not set); the holding
/// list's people; nothing for a person.
fn counts(info: &RowInfo) -> (u64, Option<u64>) {
    match info {
        RowInfo::Unit { totals, .. } => (totals.filled, Some(totals.needed)),
        RowInfo::Position { position, filled } => (*filled, position.spec.needed.map(u64::from)),
        RowInfo::Holding { count } => (*count, None),
        RowInfo::Person { .. } => (0, None),
    }
}

/// The symbol of a person on the holding list.
const ORPHAN: &str = "☺";

/// How a row is drawn besides what it shows.
struct RowLook<'a> {
    selected: bool,
    flags: &'a str,
    changed_by: Option<&'a str>,
    /// Digits of the counts' columns.
    digits: usize,
    width: usize,
}

/// One row: selection mark, indentation, open/closed mark, name, then the head (for a
/// unit) or kind and grade (for a position), then bezetting/kebutuhan. The name keeps at
/// least 60% of what is left; the middle column gets the rest and is cut first.
fn row_line(info: &RowInfo, depth: u16, expanded: bool, look: RowLook, theme: Theme) -> Line<'static> {
    let RowLook { selected, flags, changed_by, digits, width } = look;
    let mark = format!("{}{flags}", if selected { "▶" } else { " " });
    let indent = "  ".repeat(depth as usize);
    let (symbol, name_style, middle, middle_style, figures, figures_style) = match info {
        RowInfo::Unit { head, totals, expandable, .. } => {
            let symbol = if !expandable {
                "·"
            } else if expanded {
                "▾"
            } else {
                "▸"
            };
            let (head_text, head_style) = match head {
                HeadSeat::Held(n) => (n.clone(), theme.dim()),
                HeadSeat::Vacant => (tr(Msg::Vacant).to_string(), theme.vacant()),
                HeadSeat::NoPosition => (String::new(), theme.dim()),
            };
            let (sign, style) = balance(theme, totals.filled, Some(totals.needed));
            let figures = format!("{:>digits$}/{:<digits$} {sign}", totals.filled, totals.needed);
            (symbol, theme.unit(), head_text, head_style, figures, style)
        }
        RowInfo::Position { position, filled } => {
            let PositionSpec { kind, level, eselon, class, needed, head } = &position.spec;
            let symbol = if *head { "★" } else { "•" };
            let kind_text = crate::i18n::label::kind_level(*kind, *level);
            let grade = match (eselon, class) {
                (Some(e), _) => format!(" {e}"),
                (None, Some(c)) => format!(" k{c}"),
                (None, None) => String::new(),
            };
            let (sign, style) = balance(theme, *filled, needed.map(u64::from));
            let needed_text = needed.map_or("?".to_string(), |n| n.to_string());
            let figures = format!("{filled:>digits$}/{needed_text:<digits$} {sign}");
            (symbol, theme.position(), format!("{kind_text}{grade}"), theme.dim(), figures, style)
        }
        RowInfo::Holding { count } => {
            let symbol = if expanded { "▾" } else { "▸" };
            // Its people, where a unit has its bezetting: none of them is needed anywhere.
            let figures = format!("{count:>digits$} {:<digits$}  ", tr(Msg::PeopleShort));
            (symbol, theme.vacant(), String::new(), theme.dim(), figures, theme.dim())
        }
        RowInfo::Person { nip, grade, .. } => {
            let grade = grade.map(|g| format!("  {g}")).unwrap_or_default();
            (ORPHAN, Style::new(), format!("{}{grade}", nip.spaced()), theme.dim(), String::new(), Style::new())
        }
    };
    let middle = match changed_by {
        Some(user) => format!("@{user} {middle}"),
        None => middle,
    };
    let left_fixed = mark.width() + indent.width() + symbol.width() + 1;
    let figures_width = if width > left_fixed + 8 + figures.width() { figures.width() + 1 } else { 0 };
    let available = width.saturating_sub(left_fixed + figures_width);
    let name_full = info.name().width();
    let middle_full = if middle.is_empty() { 0 } else { middle.width() + 2 };
    let name_width = name_full.min(available.saturating_sub(middle_full).max(available * 6 / 10));
    let middle_width = available.saturating_sub(name_width);
    let name = truncate(info.name(), name_width);
    let middle = if middle_width > 3 { truncate(&middle, middle_width - 2) } else { String::new() };
    let gap = available.saturating_sub(name.width() + middle.width());
    let mut spans = vec![
        Span::raw(mark.clone()),
        Span::raw(indent),
        Span::raw(symbol),
        Span::raw(" "),
        Span::styled(name, name_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(middle, middle_style),
    ];
    if figures_width > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(figures, figures_style));
    }
    let line = Line::from(spans);
    if selected { line.style(theme.selected()) } else { line }
}
