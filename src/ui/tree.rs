//! The tree pane: only the visible window of rows is drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
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
    let mut lines = Vec::new();
    for index in app.tree.offset()..(app.tree.offset() + inner.height as usize).min(app.tree.len()) {
        let Some(row) = app.tree.row(index) else { break };
        let selected = index == app.tree.cursor();
        lines.push(row_line(row.info, row.depth, row.expanded, selected, &flags(app, row.id, row.info), width, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The marks of a node: ✂ cut, + added, » moved, ~ edited (this session or the open
/// draft), @user changed by that user meanwhile, ! has findings. Symbols, so that nothing depends on colour.
fn flags(app: &App, id: crate::app::tree::NodeId, info: &RowInfo) -> String {
    let mut out = String::new();
    let code = match info {
        RowInfo::Unit { code, .. } => code.as_str(),
        RowInfo::Position { position, .. } => position.code.as_str(),
    };
    if let Some(c) = &app.editing.cut {
        use crate::app::edits::Cut;
        if matches!(c, Cut::Unit(x) | Cut::Position(x) if x == code) {
            out.push('✂');
        }
    }
    if let Some(m) = app.drafting.marks.get(&id).or_else(|| app.editing.marks.get(&id)) {
        out.push_str(m.symbol());
    }
    if let Some(user) = app.editing.by_others.get(&id) {
        // Changed by someone else while this interface was open: who.
        out.push_str(&format!("@{user} "));
    }
    if app.problems.flagged.contains(&id) {
        out.push('!');
    }
    out
}

/// One row: selection mark, indentation, open/closed mark, name, then the head (for a
/// unit) or kind and grade (for a position), then bezetting/kebutuhan. The name keeps at
/// least 60% of what is left; the middle column gets the rest and is cut first.
fn row_line(
    info: &RowInfo,
    depth: u16,
    expanded: bool,
    selected: bool,
    flags: &str,
    width: usize,
    theme: Theme,
) -> Line<'static> {
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
            let figures = format!("{:>5}/{:<5}{sign}", totals.filled, totals.needed);
            (symbol, theme.unit(), head_text, head_style, figures, style)
        }
        RowInfo::Position { position, filled } => {
            let PositionSpec { kind, level, eselon, class, needed, head } = &position.spec;
            let symbol = if *head { "★" } else { "•" };
            let kind_text = match level {
                Some(l) => format!("{kind}/{l}"),
                None => kind.to_string(),
            };
            let grade = match (eselon, class) {
                (Some(e), _) => format!(" {e}"),
                (None, Some(c)) => format!(" k{c}"),
                (None, None) => String::new(),
            };
            let (sign, style) = balance(theme, *filled, needed.map(u64::from));
            let needed_text = needed.map_or("?".to_string(), |n| n.to_string());
            let figures = format!("{filled:>5}/{needed_text:<5}{sign}");
            (symbol, theme.position(), format!("{kind_text}{grade}"), theme.dim(), figures, style)
        }
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
