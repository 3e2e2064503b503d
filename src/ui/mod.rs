//! Drawing. Every function here takes the state by shared reference: a frame reads the
//! application and changes nothing of it but what it alone can know, as ratatui's
//! stateful widgets do: how far a scrolled pane can go (`extent`). One module per pane.

pub mod details;
pub mod overlays;
pub mod reads;
pub mod run;
pub mod session;
pub mod theme;
pub mod tree;
pub mod views;
pub mod worker;

use ratatui::Frame;

use crate::app::{App, Mode};
use theme::Theme;

/// A pane's frame: a border, its title, and the focused pane's marked without colour
/// too: a thick border and ▶ before its title.
pub fn pane_block(title: &str, focused: bool, theme: Theme) -> ratatui::widgets::Block<'static> {
    use ratatui::widgets::{Block, BorderType, Borders};
    let block = Block::new().borders(Borders::ALL);
    if focused {
        block.border_type(BorderType::Thick).title(format!("▶ {title} ")).border_style(theme.focused_border())
    } else {
        block.title(format!(" {title} ")).border_style(theme.border())
    }
}

/// The smallest terminal the interface draws in; below it, it says so.
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// Draws the whole screen for the current state.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let size = frame.area();
    if size.width == 0 || size.height == 0 {
        return;
    }
    if size.width < MIN_SIZE.0 || size.height < MIN_SIZE.1 {
        overlays::too_small(frame, size, theme);
        return;
    }
    let areas = crate::app::layout::areas(size, app.screen.tree_percent, app.screen.details_hidden);
    if areas.tree.width >= 3 && areas.tree.height >= 3 {
        tree::draw(frame, areas.tree, app, theme);
        if app.views.shown == crate::app::question::View::Details || app.details.profile.is_some() {
            details::draw(frame, areas.details, app, theme);
        } else {
            views::draw(frame, areas.details, app, theme);
        }
        if app.views.comparing {
            views::comparison(frame, areas.tree.union(areas.details), app, theme);
        }
    }
    overlays::status(frame, areas.status, app, theme);
    overlays::long_message(frame, areas.tree.union(areas.details), areas.status, app, theme);
    overlays::hints(frame, areas.hints, app, theme);
    match app.mode {
        Mode::Search => overlays::search(frame, areas.tree.union(areas.details), app, theme),
        Mode::Help => overlays::help(frame, size, app, theme),
        Mode::Form => overlays::form(frame, areas.tree.union(areas.details), app, theme),
        Mode::Overlay => overlays::list(frame, areas.tree.union(areas.details), app, theme),
        _ => {}
    }
}
