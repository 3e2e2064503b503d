//! What draws over the panes: the status bar, the key hints (or the line being typed),
//! search results, and the help generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::component::Component;
use crate::app::keymap::sequence_text;
use crate::app::tree::NodeId;
use crate::app::{App, Mode, Target};
use crate::i18n::{Msg, tr, trf};
use crate::model::text::truncate;

/// The status bar: mode, database, counts, and the last message.
pub fn status(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let mode = match app.mode {
        Mode::Normal | Mode::Help => tr(Msg::ModeNormal),
        Mode::Search => tr(Msg::ModeSearch),
        Mode::Command => tr(Msg::ModeCommand),
        Mode::Note => tr(Msg::ModeNote),
        Mode::Form | Mode::Confirm => tr(Msg::ModeCommand),
        Mode::Overlay => tr(Msg::ModeNormal),
    };
    // What just happened comes first, then the state one works in (read-only, a draft,
    // what is cut or picked, who else is here), and where and how big the database is
    // last: a narrow bar cuts those, not what one needs to know (a message longer than
    // the bar opens a popup over the panes).
    let mut text = format!(" {mode}");
    if !app.pending.is_empty() {
        text.push_str(&format!(" │ {} … ({})", sequence_text(&app.pending), tr(Msg::Pending)));
    } else if let Some(m) = &app.message {
        text.push_str(&format!(" │ {m}"));
    }
    if app.read_only {
        text.push_str(&format!(" │ {}", tr(Msg::ReadOnly)));
    }
    if !app.connected.is_empty() {
        text.push_str(&format!(" │ {} {}", tr(Msg::AlsoConnected), app.connected.join(", ")));
    }
    if let Some(d) = &app.drafting.name {
        match app.foreign_draft() {
            Some(owner) => {
                text.push_str(&format!(" │ [{}: {d}, {}]", tr(Msg::DraftOpen), trf(Msg::DraftOf, &[&owner])))
            }
            None => text.push_str(&format!(" │ [{}: {d}]", tr(Msg::DraftOpen))),
        }
    }
    if let Some(r) = &app.editing.reason {
        text.push_str(&format!(" │ {}: {}", tr(Msg::Reason), truncate(r, 30)));
    }
    match app.editing.cut.as_slice() {
        [] => {}
        [one] => text.push_str(&format!(" │ ✂ {}", one.label())),
        many => text.push_str(&format!(" │ ✂ {}", trf(Msg::CutMany, &[&many.len()]))),
    }
    if !app.editing.picked.is_empty() {
        text.push_str(&format!(" │ ◆ {}", app.editing.picked.len()));
    }
    text.push_str(&format!(
        " │ {} │ {} {} · {} {} · {} {}",
        app.location,
        app.stats.units,
        tr(Msg::Units).to_lowercase(),
        app.stats.positions,
        tr(Msg::Positions).to_lowercase(),
        app.stats.employees,
        tr(Msg::Employees).to_lowercase()
    ));
    let text = truncate(&text, area.width as usize);
    frame.render_widget(Paragraph::new(text).style(theme.status()), area);
}

/// Whether the status bar of `width` columns cuts the message: then it is shown whole
/// in a popup above the bar too.
pub fn message_cut(app: &App, width: u16) -> bool {
    use unicode_width::UnicodeWidthStr;
    let Some(message) = &app.message else { return false };
    // " MODE │ " comes before it.
    let before = 4 + tr(Msg::ModeNormal).width().max(tr(Msg::ModeCommand).width());
    app.pending.is_empty() && before + message.width() > usize::from(width)
}

/// The message whole, wrapped in a small popup at the foot of `panes`, when the status
/// bar cuts it; it goes with the next key.
pub fn long_message(frame: &mut Frame, panes: Rect, status: Rect, app: &App, theme: Theme) {
    let (Some(message), true) = (&app.message, message_cut(app, status.width)) else { return };
    let width = panes.width.min(100);
    let lines = crate::model::text::wrap(message, usize::from(width.saturating_sub(2)));
    let height = (lines.len() as u16 + 2).min(panes.height);
    if width < 10 || height < 3 {
        return;
    }
    let popup = Rect { x: panes.x, y: panes.y + panes.height - height, width, height };
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(format!(" {} ", tr(Msg::Message)));
    let text: Vec<Line> = lines.into_iter().map(Line::raw).collect();
    frame.render_widget(Paragraph::new(text).block(block), popup);
}

/// Said in place of the panes when the terminal is smaller than the interface needs.
pub fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let (w, h) = super::MIN_SIZE;
    let text = trf(Msg::TooSmall, &[&format!("{w}×{h}"), &format!("{}×{}", area.width, area.height)]);
    let lines: Vec<Line> = crate::model::text::wrap(&text, usize::from(area.width))
        .into_iter()
        .take(usize::from(area.height))
        .map(|l| Line::styled(l, theme.heading()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The hint line: the main keys of the mode, generated from the keymap; while typing,
/// the search or command line with its cursor.
pub fn hints(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let line = match app.mode {
        Mode::Search => Line::from([vec![Span::styled("/", theme.key())], typed(&app.search.input)].concat()),
        Mode::Command => Line::from([vec![Span::styled(":", theme.key())], typed(&app.command.input)].concat()),
        Mode::Note => Line::from(
            [vec![Span::styled(format!("{}: ", tr(Msg::NotePrompt)), theme.key())], typed(&app.note.input)].concat(),
        ),
        Mode::Form => Line::styled(tr(Msg::FormHint), theme.dim()),
        Mode::Confirm => Line::from(vec![
            Span::styled(app.confirm.as_ref().map(|c| c.prompt.clone()).unwrap_or_default(), theme.key()),
            Span::raw(format!("  {}", tr(Msg::ConfirmYesNo))),
        ]),
        // The commands of the part that has the keyboard.
        _ => {
            let focused = app.focused();
            let (commands, mode) = focused.commands(app.read_only);
            let mut spans = Vec::new();
            for &action in commands {
                if let Some(key) = app.keymap.first_key(mode, action) {
                    spans.push(Span::styled(key, theme.key()));
                    let text = action.description().text(crate::i18n::lang());
                    // The first words of the description are enough for a hint.
                    let cut: &[char] = if focused == Component::Candidates { &[',', '(', ':'] } else { &[',', '('] };
                    let short: String = text.split(cut).next().unwrap_or(text).trim().to_string();
                    spans.push(Span::raw(format!(" {short}  ")));
                }
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// What is typed, with its cursor: the character under it reversed (a block past the
/// end), so that it shows without colour.
fn typed(field: &crate::app::component::TextField) -> Vec<Span<'static>> {
    use ratatui::style::Modifier;
    let (before, after) = field.split();
    let mut rest = after.chars();
    let under = rest.next().map_or(" ".to_string(), String::from);
    vec![
        Span::raw(before.to_string()),
        Span::styled(under, Style::new().add_modifier(Modifier::REVERSED)),
        Span::raw(rest.collect::<String>()),
    ]
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The search results while typing.
pub fn search(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let popup = centered(area, area.width.saturating_sub(4).min(100), area.height.saturating_sub(2).min(22));
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    frame.render_widget(Clear, popup);
    // The kinds listed, and how to narrow them, in the title.
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(format!(" {}: {} ", tr(Msg::SearchPrompt), app.search.input))
        .title_top(
            Line::from(format!(" {} · {} ", app.search.kinds.label(), tr(Msg::SearchKindsHint))).right_aligned(),
        );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = inner.width as usize;
    // A line is kept for saying there are more than listed.
    let height = (inner.height as usize).saturating_sub(usize::from(app.search.more));
    let first = app.search.cursor.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    if app.search.results.is_empty() && !app.search.input.is_empty() {
        lines.push(Line::styled(tr(Msg::NoResults), theme.dim()));
    }
    // What each hit is (its symbol) and where it is: the name, its code, then the
    // unit's path, the position's unit, the person's position and unit.
    // The name first, then the code, and where it is with what is left (at least a
    // little of it).
    let code_width = app.search.results.iter().map(|r| r.code.width()).max().unwrap_or(0).min(22);
    let name_room = width.saturating_sub(code_width + 6 + 12).max(12);
    let name_width = app.search.results.iter().map(|r| r.name.width()).max().unwrap_or(0).min(name_room);
    for (i, r) in app.search.results.iter().enumerate().skip(first).take(height) {
        let symbol = match r.target {
            Target::Node(NodeId::Unit(_)) => "▸",
            Target::Node(NodeId::Position(_)) => "•",
            Target::Node(NodeId::Holding) => "◌",
            Target::Employee(_) | Target::Node(NodeId::Person(_)) => "☺",
        };
        let selected = i == app.search.cursor;
        let head = format!(
            "{}{symbol} {:<name_width$}  {:<code_width$}  ",
            if selected { "▶" } else { " " },
            truncate(&r.name, name_width),
            truncate(&r.code, code_width),
        );
        let rest = width.saturating_sub(head.width());
        let line = Line::from(vec![
            Span::raw(truncate(&head, width)),
            Span::styled(truncate(&r.context, rest), if selected { Style::new() } else { theme.dim() }),
        ]);
        lines.push(if selected { line.style(theme.selected()) } else { line });
    }
    if app.search.more {
        lines.push(Line::styled(truncate(tr(Msg::SearchMore), width), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The `:` commands as the help lists them: how each is written, what it does.
const COMMAND_HELP: [(Msg, Msg); 13] = [
    (Msg::CmdGoto, Msg::CmdGotoWhat),
    (Msg::CmdFind, Msg::CmdFindWhat),
    (Msg::CmdExport, Msg::CmdExportWhat),
    (Msg::CmdPeta, Msg::CmdPetaWhat),
    (Msg::CmdLang, Msg::CmdLangWhat),
    (Msg::CmdDraft, Msg::CmdDraftWhat),
    (Msg::CmdDraftLeave, Msg::CmdDraftLeaveWhat),
    (Msg::CmdDiff, Msg::CmdDiffWhat),
    (Msg::CmdApply, Msg::CmdApplyWhat),
    (Msg::CmdDiscard, Msg::CmdDiscardWhat),
    (Msg::CmdReason, Msg::CmdReasonWhat),
    (Msg::CmdMessages, Msg::CmdMessagesWhat),
    (Msg::CmdQuit, Msg::CmdQuitWhat),
];

/// The help overlay: every binding of every mode, from the keymap.
pub fn help(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let popup = centered(area, area.width.saturating_sub(4).min(90), area.height.saturating_sub(2));
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    frame.render_widget(Clear, popup);
    let block =
        Block::new().borders(Borders::ALL).border_style(theme.focused_border()).title(format!(" {} ", tr(Msg::Help)));
    let mut lines = Vec::new();
    // The part that had the keyboard first: what can be done there.
    let mut parts = vec![Component::Tree, Component::Candidates, Component::Search, Component::Help];
    if let Some(at) = parts.iter().position(|c| c.key_mode() == app.help.from.key_mode()) {
        let first = parts.remove(at);
        parts.insert(0, first);
    }
    for part in parts {
        let (mode, title) = (part.key_mode(), part.title());
        lines.push(Line::styled(tr(title).to_string(), theme.heading()));
        for (action, sequences) in app.keymap.bindings(mode) {
            let keys = sequences.iter().map(|s| sequence_text(s)).collect::<Vec<_>>().join(", ");
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key()),
                Span::raw(action.description().text(crate::i18n::lang())),
            ]));
        }
        lines.push(Line::raw(""));
    }
    // The command line's commands, each with what it does.
    lines.push(Line::styled(tr(Msg::HelpCommands).to_string(), theme.heading()));
    for (syntax, what) in COMMAND_HELP {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<22}", tr(syntax)), theme.key()),
            Span::raw(tr(what).to_string()),
        ]));
    }
    // No further than the last line at the foot (and the pane learns how far that is).
    let last = lines.len().saturating_sub(usize::from(popup.height.saturating_sub(2)));
    app.help.extent.set(Some(last));
    let scroll = u16::try_from(app.help.scroll.min(last)).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), popup);
}

/// The open form: the fields shown, the one being typed into marked ▶ with its
/// cursor, the values that field takes under them, and the keys.
pub fn form(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(form) = &app.form else { return };
    let width = area.width.saturating_sub(4).min(80);
    let inner_width = usize::from(width.saturating_sub(2));
    let values = form.current().filter(|f| !f.choices.is_empty()).map(|f| {
        let text = trf(Msg::FormValues, &[&f.choices.join(" · ")]);
        crate::model::text::wrap(&text, inner_width.saturating_sub(2))
    });
    let shown = form.shown().count() as u16;
    let height = shown + 4 + values.as_ref().map_or(0, |v| v.len() as u16);
    let popup = centered(area, width, height);
    if popup.width < 10 || popup.height < 3 {
        return;
    }
    frame.render_widget(Clear, popup);
    let block =
        Block::new().borders(Borders::ALL).border_style(theme.focused_border()).title(format!(" {} ", form.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    // Labels whole where they leave the value a third of the line (a factor's name is
    // long, its value a digit; a requirement's the other way round).
    let label_width =
        form.shown().map(|(_, f)| f.label.width()).max().unwrap_or(0).min((inner_width * 2 / 3).saturating_sub(3));
    let mut lines = Vec::new();
    for (i, field) in form.shown() {
        let here = i == form.cursor;
        let label = format!("{}{:<label_width$}  ", if here { "▶" } else { " " }, truncate(&field.label, label_width));
        lines.push(if here {
            Line::from([vec![Span::styled(label, theme.selected())], typed(&field.value)].concat())
        } else {
            Line::from(vec![Span::raw(label), Span::raw(field.value.to_string())])
        });
    }
    for line in values.into_iter().flatten() {
        lines.push(Line::styled(format!("  {line}"), theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(truncate(tr(Msg::FormHint), inner_width), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A list over the panes (problems, history, a draft's differences): it covers them
/// whole, so that no border of theirs shows beside its own.
pub fn list(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(o) = &app.overlay else { return };
    let popup = area;
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    frame.render_widget(Clear, popup);
    let block = Block::new().borders(Borders::ALL).border_style(theme.focused_border()).title(format!(" {} ", o.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let height = inner.height as usize;
    let width = inner.width as usize;
    let first = o.cursor.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = o
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, l)| {
            let text = truncate(l, width.saturating_sub(1));
            if i == o.cursor {
                Line::from(vec![Span::raw("▶"), Span::raw(text)]).style(theme.selected())
            } else {
                Line::raw(format!(" {text}"))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
