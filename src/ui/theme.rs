//! Colours and attributes. Colour is never the only signal: the selection is reversed
//! and marked with ▶, shortages carry ▼ and surpluses ▲. With `NO_COLOR` the theme uses
//! no colour at all, only attributes.

use ratatui::style::{Color, Modifier, Style};

/// The styles the panes use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used.
    pub colour: bool,
}

impl Theme {
    /// The theme the environment asks for: no colour when `NO_COLOR` is set.
    pub fn from_env() -> Theme {
        Theme { colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    fn fg(self, c: Color) -> Style {
        if self.colour { Style::new().fg(c) } else { Style::new() }
    }

    /// The selected row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A unit's name.
    pub fn unit(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A position's name.
    pub fn position(self) -> Style {
        self.fg(Color::Cyan)
    }

    /// Secondary text (codes, kinds, paths).
    pub fn dim(self) -> Style {
        if self.colour { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    /// Fewer holders than needed.
    pub fn shortage(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// More holders than needed.
    pub fn surplus(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// A vacant head.
    pub fn vacant(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::ITALIC)
    }

    /// Headings inside a pane.
    pub fn heading(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The border of the pane with the keyboard.
    pub fn focused_border(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Other borders.
    pub fn border(self) -> Style {
        self.dim()
    }

    /// The status bar.
    pub fn status(self) -> Style {
        if self.colour {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A predikat's bars, by its step (0 sangat baik … 4 sangat kurang): green to red.
    /// Without colour the bars keep their place in a group and their label.
    pub fn rating(self, step: usize) -> Style {
        self.fg([Color::Green, Color::Cyan, Color::Yellow, Color::Magenta, Color::Red][step.min(4)])
    }

    /// A gap grid's cell by its gap (negative: short): green when met, then yellow to
    /// deep red as the shortfall grows. Without colour: bold when short by a level or
    /// more, plain otherwise (the cell's symbol says which).
    pub fn heat(self, gap: f64) -> Style {
        if !self.colour {
            return if gap <= -1.0 { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
        }
        let (bg, fg) = match gap {
            g if g <= -2.0 => (Color::Indexed(124), Color::White),
            g if g <= -1.0 => (Color::Indexed(160), Color::White),
            g if g < -0.5 => (Color::Indexed(208), Color::Black),
            g if g < 0.0 => (Color::Indexed(220), Color::Black),
            _ => (Color::Indexed(28), Color::White),
        };
        Style::new().bg(bg).fg(fg)
    }

    /// Keys in the hint line and help.
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

/// The marker and style of bezetting against kebutuhan: ▼ short, ▲ over, = equal.
pub fn balance(theme: Theme, filled: u64, needed: Option<u64>) -> (&'static str, Style) {
    match needed {
        Some(n) if filled < n => ("▼", theme.shortage()),
        Some(n) if filled > n => ("▲", theme.surplus()),
        Some(_) => ("=", Style::new()),
        None => (" ", theme.dim()),
    }
}
