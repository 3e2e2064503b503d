//! Where each pane goes for a terminal size: one pure function, used by drawing and
//! by mouse handling alike, so a click lands on what was drawn there.

use ratatui::layout::Rect;

/// The terminal and how it is split.
#[derive(Clone, Copy, Debug)]
pub struct Screen {
    /// The terminal size.
    pub size: Rect,
    /// Share of the tree pane, in percent.
    pub tree_percent: u16,
    /// Whether the details pane is hidden.
    pub details_hidden: bool,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen { size: Rect::new(0, 0, 80, 24), tree_percent: 55, details_hidden: false }
    }
}

/// The areas of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Areas {
    /// The tree pane (with its border).
    pub tree: Rect,
    /// The details pane (with its border); empty when hidden.
    pub details: Rect,
    /// The status bar.
    pub status: Rect,
    /// The key hints (or the search/command input while typing).
    pub hints: Rect,
}

/// Below this width the details go under the tree instead of beside it.
pub const NARROW: u16 = 80;

/// The areas for a terminal of `size`: the tree takes `tree_percent` of the width
/// (or of the height when narrow); hidden details leave the tree everything.
pub fn areas(size: Rect, tree_percent: u16, details_hidden: bool) -> Areas {
    let bars = size.height.min(2);
    let body = Rect { height: size.height - bars, ..size };
    let status = Rect { y: size.y + body.height, height: bars.min(1), ..size };
    let hints = Rect { y: status.y + status.height, height: bars.saturating_sub(1), ..size };
    if details_hidden || body.width < 3 || body.height < 3 {
        return Areas { tree: body, details: Rect { width: 0, height: 0, ..body }, status, hints };
    }
    let percent = tree_percent.clamp(20, 80);
    let (tree, details) = if size.width < NARROW {
        let top = (body.height as u32 * percent as u32 / 100) as u16;
        (Rect { height: top, ..body }, Rect { y: body.y + top, height: body.height - top, ..body })
    } else {
        let left = (body.width as u32 * percent as u32 / 100) as u16;
        (Rect { width: left, ..body }, Rect { x: body.x + left, width: body.width - left, ..body })
    };
    Areas { tree, details, status, hints }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_split_sideways_narrow_ones_stack() {
        let a = areas(Rect::new(0, 0, 120, 40), 50, false);
        assert_eq!((a.tree.width, a.details.x, a.details.width, a.status.y, a.hints.y), (60, 60, 60, 38, 39));
        let a = areas(Rect::new(0, 0, 60, 20), 60, false);
        assert_eq!((a.tree.height, a.details.y, a.tree.width), (10, 10, 60));
    }

    #[test]
    fn tiny_screens_do_not_underflow() {
        for (w, h) in [(1, 1), (0, 0), (2, 1), (1, 3), (3, 3)] {
            let a = areas(Rect::new(0, 0, w, h), 50, false);
            assert!(a.tree.height + a.status.height + a.hints.height <= h);
        }
    }
}
