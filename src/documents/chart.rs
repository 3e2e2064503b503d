//! The peta jabatan as an organisation chart on landscape pages: the unit on top, a box per
//! unit with its head first and its positions (kelas, B, K, ±) inside, sub-units below
//! their parent, joined by lines. The top unit's sub-units with units of their own each
//! start a column; those without go on where the one before ended, in the form's order. A
//! column that runs out of page goes on in the next, a box too, under its name marked as
//! continued, and a column whose parent is elsewhere says whose it is. A header on every
//! page, the foot with the page, and room to sign at the end.
//!
//! Every text is measured in the font it prints in and wrapped inside its box, so nothing
//! is cut and nothing overlaps: the tests check every page for it.

use super::peta::{Change, PetaJabatan, PetaPosition, PetaUnit};
use crate::i18n::{Msg, tr, trf};
use crate::print::{Metrics, Rgb, Shape, Sheet};

/// The paper a chart is laid out for (always landscape).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum PaperSize {
    /// A4 landscape (297 × 210 mm).
    #[default]
    A4,
    /// A3 landscape (420 × 297 mm), as a regulation's annex often is.
    A3,
}

impl PaperSize {
    fn points(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (841.89, 595.28),
            PaperSize::A3 => (1190.55, 841.89),
        }
    }
}

/// Who signs the chart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signatory {
    /// The place and date line ("Binjai, 2026-12-07").
    pub place_date: String,
    /// The role ("Kepala Dinas Kesehatan").
    pub role: String,
    /// The name (empty: a line to write on).
    pub name: String,
    /// The NIP line.
    pub id: String,
}

/// What the chart says around the map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// The agency (instansi), on every page's header.
    pub agency: String,
    /// The date the figures are of.
    pub date: String,
    /// The draft shown, if any.
    pub draft: Option<String>,
    /// Who signs, at the end.
    pub signatory: Signatory,
}

const MARGIN: f32 = 28.0;
const GAP: f32 = 18.0;
const HEADER: f32 = 50.0;
const FOOT: f32 = 14.0;
const PAD: f32 = 3.0;
const INDENT: f32 = 9.0;
const MAX_INDENT: usize = 4;
const TITLE: f32 = 6.8;
const TEXT: f32 = 6.0;
const SMALL: f32 = 5.0;
const LEADING: f32 = 1.25;
/// The narrowest the figure columns are (kelas, B, K, ±): wider when a figure needs it.
const FIGURES: [f32; 4] = [15.0, 13.0, 13.0, 15.0];
/// The narrowest a column of boxes gets before the page takes fewer.
const MIN_COLUMN: f32 = 165.0;
/// The most of a page the top unit may take before its rows go on in the columns.
const ROOT_SHARE: f32 = 0.4;

const GREY: Rgb = Rgb(130, 130, 130);
const LINE_GREY: Rgb = Rgb(90, 90, 90);
const TITLE_FILL: Rgb = Rgb(235, 239, 245);
const ADDED: Rgb = Rgb(0, 125, 60);
const MOVED: Rgb = Rgb(25, 90, 190);
const RENAMED: Rgb = Rgb(120, 60, 150);
const NEEDED: Rgb = Rgb(195, 105, 0);
const STRUCK: Rgb = Rgb(185, 40, 40);

/// The colour a change is drawn in (black: none).
fn colour_of(change: &Change) -> Rgb {
    if change.gone() {
        GREY
    } else if change.added {
        ADDED
    } else if change.moved_from.is_some() {
        MOVED
    } else if change.renamed_from.is_some() {
        RENAMED
    } else if change.needed_from.is_some() {
        NEEDED
    } else {
        Rgb::BLACK
    }
}

/// A line of a box, measured.
#[derive(Clone, Debug)]
enum Row {
    /// The unit's number and name, and what a draft does to it.
    Title { lines: Vec<String>, notes: Vec<String>, colour: Rgb, continued: bool },
    /// The figure columns' headings.
    Headings,
    /// A position: its name, its figures, what a draft does to it.
    Position { lines: Vec<String>, figures: [String; 4], notes: Vec<String>, colour: Rgb, bold: bool, struck: bool },
    /// The unit's total (with what is below it).
    Total { label: String, figures: [String; 4] },
}

impl Row {
    fn height(&self) -> f32 {
        let lines = |n: usize, size: f32| n.max(1) as f32 * size * LEADING;
        match self {
            Row::Title { lines: l, notes, .. } => {
                lines(l.len(), TITLE) + notes.len() as f32 * SMALL * LEADING + 2.0 * PAD
            }
            Row::Headings => SMALL * LEADING + 1.0,
            Row::Position { lines: l, notes, .. } => lines(l.len(), TEXT) + notes.len() as f32 * SMALL * LEADING + 1.0,
            Row::Total { .. } => TEXT * LEADING + 2.0,
        }
    }
}

/// A box of the chart before it is placed: its unit and its rows.
struct Unit<'m> {
    unit: &'m PetaUnit,
    /// Levels below the top unit's sub-unit that starts its column (0 for that one).
    depth: usize,
    /// Index of the parent in the list of boxes (`None` for the top unit).
    parent: Option<usize>,
    /// Whether it starts a column of its own.
    starts_column: bool,
    gone: bool,
}

/// A placed piece of a box.
#[derive(Clone, Copy, Debug)]
struct Placed {
    page: usize,
    slot: usize,
    x: f32,
    top: f32,
    bottom: f32,
}

/// Lays `map` out as a chart on `paper`.
pub fn chart(map: &PetaJabatan, frame: &Frame, paper: PaperSize) -> Vec<Sheet> {
    let metrics = Metrics::new();
    let (width, height) = paper.points();
    let inner = width - 2.0 * MARGIN;
    let columns = (((inner + GAP) / (MIN_COLUMN + GAP)).floor() as usize).max(1);
    let column = (inner - GAP * (columns - 1) as f32) / columns as f32;
    // The figure columns as wide as their widest figure (the totals, in bold).
    let mut figure_widths = FIGURES;
    for u in map.root.walk() {
        let total = [String::new(), u.filled.to_string(), u.needed.to_string(), signed(u.difference())];
        for row in u.all_positions().map(|p| figures(p, false)).chain([total]) {
            for (w, f) in figure_widths.iter_mut().zip(&row) {
                *w = w.max(metrics.width(f, TEXT, true) + 3.0);
            }
        }
    }
    let mut layout = Layout {
        figure_widths,
        metrics: &metrics,
        width,
        height,
        columns,
        column,
        pages: Vec::new(),
        slot: 0,
        y: 0.0,
        slot_used: false,
        placed: Vec::new(),
        first_top: MARGIN + HEADER,
    };
    layout.new_page();

    // The boxes in the order they are placed.
    let mut boxes: Vec<Unit> =
        vec![Unit { unit: &map.root, depth: 0, parent: None, starts_column: false, gone: false }];
    // In the form's order, so that the numbers run on: a branch starts a column of its
    // own, a unit without sub-units goes on in the column where the last one ended.
    for top in &map.root.units {
        let mut stack = vec![(top, 0usize, 0usize, true)];
        while let Some((u, depth, parent, first)) = stack.pop() {
            let index = boxes.len();
            let starts_column = first && (u.units.iter().any(|c| !c.change.gone()) || u.units.len() > 1);
            boxes.push(Unit { unit: u, depth, parent: Some(parent), starts_column, gone: u.change.gone() });
            for child in u.units.iter().rev() {
                stack.push((child, depth + 1, index, false));
            }
        }
    }

    // The top unit, centred on the first page; what does not fit its share goes on in
    // the first column.
    let root_rows = layout.rows(&map.root, column, false);
    let root_x = (width - column) / 2.0;
    let top = MARGIN + HEADER;
    let bottom = height - MARGIN - FOOT;
    let (root_piece, root_rest) = split(&root_rows, (bottom - top) * ROOT_SHARE);
    let root_shapes = layout.pages[0].len();
    let root_bottom = layout.draw_piece(root_x, top, column, root_piece, false);
    let root_shapes = root_shapes..layout.pages[0].len();
    layout.placed.push(vec![Placed { page: 0, slot: usize::MAX, x: root_x, top, bottom: root_bottom }]);
    let bus = root_bottom + 8.0;
    let columns_top = if boxes.len() > 1 { bus + 10.0 } else { root_bottom };
    layout.y = columns_top;
    layout.first_top = columns_top;
    if !root_rest.is_empty() {
        let mut rest = vec![layout.continued_title(&map.root)];
        rest.push(Row::Headings);
        rest.extend(root_rest.iter().cloned());
        layout.flow(&rest, 0, false);
        layout.slot_used = true;
    }

    for b in boxes.iter().skip(1) {
        let depth = b.depth.min(MAX_INDENT);
        let w = column - depth as f32 * INDENT;
        let rows = layout.rows(b.unit, w, b.gone);
        if b.starts_column && layout.slot_used {
            layout.next_slot();
        }
        let pieces = layout.flow(&rows, depth, b.gone);
        layout.placed.push(pieces);
        layout.slot_used = true;
    }

    // The lines: from the top unit along the bus to its sub-units, and from each unit
    // down its left edge to its sub-units.
    // The top unit over the columns the first page uses (it was placed before they were).
    let used = layout.placed.iter().flatten().filter(|p| p.page == 0 && p.slot != usize::MAX).map(|p| p.slot).max();
    let root_x = match used {
        Some(last) => {
            let centred = (layout.slot_x(0) + layout.slot_x(last) + column) / 2.0 - column / 2.0;
            let shift = centred - root_x;
            for shape in &mut layout.pages[0][root_shapes] {
                shape.shift_x(shift);
            }
            centred
        }
        None => root_x,
    };
    let root_centre = root_x + column / 2.0;
    let mut bus_ends: Option<(f32, f32)> = None;
    for (i, b) in boxes.iter().enumerate().skip(1) {
        let Some(parent) = b.parent else { continue };
        let Some(first) = layout.placed[i].first().copied() else { continue };
        let child_y = first.top + TITLE * LEADING / 2.0 + PAD;
        let colour = if b.gone { GREY } else { LINE_GREY };
        if parent == 0 {
            // The spine in the gap left of the column, from the bus (first page) or the
            // top of the page (after it, with whose it is).
            let spine = layout.slot_x(first.slot) - GAP / 2.0;
            let from = if first.page == 0 {
                bus_ends = Some(bus_ends.map_or((spine, spine), |(a, z)| (a.min(spine), z.max(spine))));
                bus
            } else {
                layout.mark_parent(first, &map.root, spine);
                MARGIN + HEADER
            };
            layout.line(first.page, (spine, from), (spine, child_y), colour);
            layout.line(first.page, (spine, child_y), (first.x, child_y), colour);
            continue;
        }
        let parent_last = layout.placed[parent].last().copied();
        let spine = layout.slot_x(first.slot) + (boxes[parent].depth.min(MAX_INDENT) as f32) * INDENT + INDENT / 2.0;
        let from = match parent_last {
            Some(p) if p.page == first.page && p.slot == first.slot => p.bottom,
            _ => {
                layout.mark_parent(first, boxes[parent].unit, spine);
                layout.slot_top(first.page)
            }
        };
        layout.line(first.page, (spine, from), (spine, child_y), colour);
        layout.line(first.page, (spine, child_y), (first.x, child_y), colour);
    }
    if let Some((a, z)) = bus_ends {
        let (a, z) = (a.min(root_centre), z.max(root_centre));
        layout.line(0, (root_centre, root_bottom), (root_centre, bus), LINE_GREY);
        layout.line(0, (a, bus), (z, bus), LINE_GREY);
    }

    layout.signature(&frame.signatory);
    layout.finish(map, frame)
}

/// Rows that fit in `room`, and the rest (none when all fit).
fn split(rows: &[Row], room: f32) -> (&[Row], &[Row]) {
    let mut used = 0.0;
    for (i, r) in rows.iter().enumerate() {
        used += r.height();
        // A piece keeps at least its title, headings and a row.
        if used > room && i >= 3 {
            return (&rows[..i], &rows[i..]);
        }
    }
    (rows, &[])
}

/// The pages being filled.
struct Layout<'a> {
    metrics: &'a Metrics,
    /// The widths of the figure columns.
    figure_widths: [f32; 4],
    width: f32,
    height: f32,
    columns: usize,
    column: f32,
    pages: Vec<Vec<Shape>>,
    /// The column being filled, counted over all pages.
    slot: usize,
    /// Where the next box goes in it.
    y: f32,
    /// Whether anything is in it yet.
    slot_used: bool,
    /// Where each box's pieces went, in the order of the boxes.
    placed: Vec<Vec<Placed>>,
    first_top: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
    }

    fn top(&self) -> f32 {
        MARGIN + HEADER
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN - FOOT
    }

    fn page_of(&self, slot: usize) -> usize {
        slot / self.columns
    }

    fn slot_x(&self, slot: usize) -> f32 {
        MARGIN + (slot % self.columns) as f32 * (self.column + GAP)
    }

    /// Where the columns start on `page` (below the top unit on the first).
    fn slot_top(&self, page: usize) -> f32 {
        if page == 0 { self.first_top } else { self.top() + 10.0 }
    }

    fn next_slot(&mut self) {
        self.slot += 1;
        let page = self.page_of(self.slot);
        while self.pages.len() <= page {
            self.new_page();
        }
        self.y = self.slot_top(page);
        self.slot_used = false;
    }

    /// Places `rows` from the current place down, going on in the next columns (a title
    /// marked as continued on each) where they do not fit; the pieces placed.
    fn flow(&mut self, rows: &[Row], depth: usize, gone: bool) -> Vec<Placed> {
        let x_in = depth as f32 * INDENT;
        let w = self.column - x_in;
        let mut pieces = Vec::new();
        let mut rest: Vec<Row> = rows.to_vec();
        loop {
            let room = self.bottom() - self.y;
            // Not even the title, headings and a row: the next column.
            let least: f32 = rest.iter().take(3).map(Row::height).sum();
            if least > room && self.slot_used {
                self.next_slot();
                continue;
            }
            let (piece, more) = split(&rest, room);
            let x = self.slot_x(self.slot) + x_in;
            let top = self.y;
            let bottom = self.draw_piece(x, top, w, piece, gone);
            pieces.push(Placed { page: self.page_of(self.slot), slot: self.slot, x, top, bottom });
            self.y = bottom + 8.0;
            self.slot_used = true;
            if more.is_empty() {
                return pieces;
            }
            let Some(Row::Title { lines, colour, notes, .. }) = rest.first().cloned() else { return pieces };
            let mut next = vec![Row::Title { lines: lines.clone(), notes, colour, continued: true }, Row::Headings];
            next.extend(more.iter().cloned());
            rest = next;
            self.next_slot();
        }
    }

    /// The title of a continued box.
    fn continued_title(&self, unit: &PetaUnit) -> Row {
        let mut title = self.rows(unit, self.column, false).remove(0);
        if let Row::Title { continued, .. } = &mut title {
            *continued = true;
        }
        title
    }

    /// The rows of `unit`'s box, measured for a box `w` wide.
    fn rows(&self, unit: &PetaUnit, w: f32, gone: bool) -> Vec<Row> {
        let m = self.metrics;
        let name_w = w - 2.0 * PAD - self.figure_widths.iter().sum::<f32>() - 2.0;
        let number = if unit.number.is_empty() { String::new() } else { format!("{} ", unit.number) };
        let title = m.printable(&format!("{number}{}", unit.name));
        let notes_of = |change: &Change, needed: Option<u32>| -> Vec<String> {
            change.words(needed).iter().flat_map(|w| m.wrap(&m.printable(w), name_w, SMALL, false)).collect()
        };
        // Room kept on the title's last line for "(continued)" when the box goes on.
        let continued = m.width(&format!(" ({})", tr(Msg::PetaContinued)), TITLE, true);
        let notes: Vec<String> =
            unit.change.words(None).iter().flat_map(|n| m.wrap(&m.printable(n), w - 2.0 * PAD, SMALL, false)).collect();
        let mut rows = vec![Row::Title {
            lines: m.wrap(&title, w - 2.0 * PAD - continued, TITLE, true),
            notes,
            colour: colour_of(&unit.change),
            continued: false,
        }];
        let unit_gone = gone || unit.change.gone();
        if unit.change.moved_to.is_some() {
            return rows;
        }
        rows.push(Row::Headings);
        for p in unit.all_positions() {
            let gone = unit_gone || p.change.gone();
            rows.push(Row::Position {
                lines: m.wrap(&m.printable(&p.name), name_w, TEXT, p.head),
                figures: figures(p, gone),
                notes: notes_of(&p.change, p.needed),
                colour: if unit_gone { GREY } else { colour_of(&p.change) },
                bold: p.head,
                struck: gone,
            });
        }
        if !unit_gone {
            let d = unit.difference();
            rows.push(Row::Total {
                label: tr(Msg::PetaTotal).to_string(),
                figures: [String::new(), unit.filled.to_string(), unit.needed.to_string(), signed(d)],
            });
        }
        rows
    }

    /// Draws a piece of a box at (`x`, `top`), `w` wide; where it ends.
    fn draw_piece(&mut self, x: f32, top: f32, w: f32, rows: &[Row], gone: bool) -> f32 {
        let page = self.page_of(self.slot).min(self.pages.len() - 1);
        let m = self.metrics;
        let mut shapes = Vec::new();
        let mut y = top;
        let figures_x = x + w - PAD - self.figure_widths.iter().sum::<f32>();
        let figure_edges: Vec<f32> = self
            .figure_widths
            .iter()
            .scan(figures_x, |at, fw| {
                *at += fw;
                Some(*at)
            })
            .collect();
        let text = |x: f32, y: f32, size: f32, bold: bool, colour: Rgb, t: &str| Shape::Text {
            x,
            y: y + size * 0.95,
            size,
            bold,
            colour,
            text: t.to_string(),
        };
        for row in rows {
            let h = row.height();
            match row {
                Row::Title { lines, notes, colour, continued } => {
                    shapes.push(Shape::Rect { x, y, w, h, fill: Some(TITLE_FILL), stroke: None, dashed: false });
                    let mut at = y + PAD;
                    let count = lines.len();
                    for (i, line) in lines.iter().enumerate() {
                        let line = if *continued && i + 1 == count {
                            format!("{line} ({})", tr(Msg::PetaContinued))
                        } else {
                            line.clone()
                        };
                        shapes.push(text(x + PAD, at, TITLE, true, *colour, &line));
                        at += TITLE * LEADING;
                    }
                    for note in notes {
                        shapes.push(text(x + PAD, at, SMALL, false, *colour, note));
                        at += SMALL * LEADING;
                    }
                }
                Row::Headings => {
                    let heads = ["Kelas", "B", "K", "±"];
                    shapes.push(text(x + PAD, y, SMALL, false, GREY, &m.printable(tr(Msg::PetaPositionName))));
                    for (i, head) in heads.iter().enumerate() {
                        let right = figure_edges[i];
                        shapes.push(text(right - m.width(head, SMALL, false) - 1.0, y, SMALL, false, GREY, head));
                    }
                    shapes.push(Shape::Line {
                        from: (x, y + h - 0.5),
                        to: (x + w, y + h - 0.5),
                        width: 0.3,
                        colour: GREY,
                    });
                }
                Row::Position { lines, figures, notes, colour, bold, struck } => {
                    let mut at = y + 0.5;
                    if *colour != Rgb::BLACK && !*struck {
                        shapes.push(Shape::Rect {
                            x: x + 0.6,
                            y: at,
                            w: 1.6,
                            h: h - 1.0,
                            fill: Some(*colour),
                            stroke: None,
                            dashed: false,
                        });
                    }
                    for (i, line) in lines.iter().enumerate() {
                        shapes.push(text(x + PAD, at, TEXT, *bold, *colour, line));
                        if *struck {
                            let mid = at + TEXT * 0.62;
                            let end = x + PAD + m.width(line, TEXT, *bold);
                            shapes.push(Shape::Line {
                                from: (x + PAD, mid),
                                to: (end, mid),
                                width: 0.5,
                                colour: STRUCK,
                            });
                        }
                        if i == 0 {
                            for (k, f) in figures.iter().enumerate() {
                                let right = figure_edges[k];
                                let fx = right - m.width(f, TEXT, *bold) - 1.0;
                                shapes.push(text(fx, at, TEXT, *bold, *colour, f));
                            }
                        }
                        at += TEXT * LEADING;
                    }
                    for note in notes {
                        shapes.push(text(x + PAD, at, SMALL, false, *colour, note));
                        at += SMALL * LEADING;
                    }
                }
                Row::Total { label, figures } => {
                    shapes.push(Shape::Line { from: (x, y + 0.5), to: (x + w, y + 0.5), width: 0.3, colour: GREY });
                    shapes.push(text(x + PAD, y + 1.5, TEXT, true, Rgb::BLACK, &m.printable(label)));
                    for (k, f) in figures.iter().enumerate() {
                        let right = figure_edges[k];
                        shapes.push(text(right - m.width(f, TEXT, true) - 1.0, y + 1.5, TEXT, true, Rgb::BLACK, f));
                    }
                }
            }
            y += h;
        }
        let outline = if gone { (0.6, GREY) } else { (0.7, Rgb::BLACK) };
        shapes.push(Shape::Rect { x, y: top, w, h: y - top, fill: None, stroke: Some(outline), dashed: gone });
        self.pages[page].extend(shapes);
        y
    }

    fn line(&mut self, page: usize, from: (f32, f32), to: (f32, f32), colour: Rgb) {
        // Under the boxes: lines are drawn first on their page.
        self.pages[page].insert(0, Shape::Line { from, to, width: 0.6, colour });
    }

    /// Above a column's first box whose parent is not on the same column: whose it is.
    fn mark_parent(&mut self, first: Placed, parent: &PetaUnit, spine: f32) {
        let top = self.slot_top(first.page);
        let label = self.metrics.printable(&format!("↑ {} {}", parent.number, parent.name));
        let room = self.column - (spine - self.slot_x(first.slot)) - 4.0;
        let line = self.metrics.wrap(&label, room.max(40.0), SMALL, false).remove(0);
        let shape = Shape::Text { x: spine + 2.0, y: top - 3.0, size: SMALL, bold: false, colour: GREY, text: line };
        if !self.pages[first.page].contains(&shape) {
            self.pages[first.page].push(shape);
        }
    }

    /// Room to sign at the bottom right of the last page, or of a page after it.
    fn signature(&mut self, who: &Signatory) {
        let w = 190.0_f32.min(self.column + GAP);
        let h = 9.0 * TEXT * LEADING;
        let x = self.width - MARGIN - w;
        let y = self.bottom() - h;
        let last = self.pages.len() - 1;
        let clash = self.placed.iter().flatten().any(|p| p.page == last && p.bottom > y && p.x + self.column > x)
            || self.pages[last].iter().any(|s| match s {
                Shape::Text { x: tx, y: ty, .. } => *tx > x - 2.0 && *ty > y,
                _ => false,
            });
        let page = if clash {
            self.new_page();
            last + 1
        } else {
            last
        };
        let m = self.metrics;
        let mut lines = vec![(who.place_date.clone(), false), (who.role.clone(), false)];
        lines.extend([(String::new(), false), (String::new(), false), (String::new(), false)]);
        let name = if who.name.is_empty() {
            "(............................................)".to_string()
        } else {
            who.name.clone()
        };
        lines.push((name, true));
        lines.push((who.id.clone(), false));
        let mut at = y;
        for (text, bold) in lines {
            for line in m.wrap(&m.printable(&text), w, TEXT + 0.5, bold) {
                if !line.is_empty() {
                    self.pages[page].push(Shape::Text {
                        x,
                        y: at + TEXT,
                        size: TEXT + 0.5,
                        bold,
                        colour: Rgb::BLACK,
                        text: line,
                    });
                }
                at += TEXT * LEADING;
            }
        }
    }

    /// The pages with their header and foot.
    fn finish(self, map: &PetaJabatan, frame: &Frame) -> Vec<Sheet> {
        let m = self.metrics;
        let count = self.pages.len();
        let mut title = tr(Msg::PetaTitle).to_uppercase();
        if let Some(d) = &frame.draft {
            title = format!("{title} — {}", trf(Msg::PetaDraftNamed, &[d]).to_uppercase());
        }
        let totals = format!("B {} · K {} · ± {}", map.root.filled, map.root.needed, signed(map.root.difference()));
        let (width, height) = (self.width, self.height);
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                let mut shapes = Vec::new();
                let text = |x: f32, y: f32, size: f32, bold: bool, t: &str| Shape::Text {
                    x,
                    y,
                    size,
                    bold,
                    colour: Rgb::BLACK,
                    text: m.printable(t),
                };
                let left = width / 2.0 - MARGIN;
                let mut y = MARGIN + 11.0;
                for (line, size, bold) in [
                    (title.as_str(), 11.0, true),
                    (map.root.name.as_str(), 9.0, true),
                    (frame.agency.as_str(), 7.5, false),
                ] {
                    if let Some(first) = m.wrap(&m.printable(line), left, size, bold).first() {
                        shapes.push(text(MARGIN, y, size, bold, first));
                    }
                    y += size * 1.3;
                }
                // The right: the date and the totals, and for a draft what the colours mean.
                let right = |t: &str, size: f32, bold: bool| width - MARGIN - m.width(&m.printable(t), size, bold);
                shapes.push(text(right(&frame.date, 7.5, false), MARGIN + 9.0, 7.5, false, &frame.date));
                shapes.push(text(right(&totals, 7.5, true), MARGIN + 19.0, 7.5, true, &totals));
                if frame.draft.is_some() {
                    let legend = [
                        (ADDED, tr(Msg::PetaAdded)),
                        (MOVED, tr(Msg::PetaLegendMoved)),
                        (RENAMED, tr(Msg::PetaLegendRenamed)),
                        (NEEDED, "K"),
                        (GREY, tr(Msg::PetaRemoved)),
                    ];
                    let widths: f32 = legend.iter().map(|(_, w)| m.width(w, SMALL + 1.0, false) + 14.0).sum();
                    let mut x = width - MARGIN - widths;
                    for (colour, word) in legend {
                        let y = MARGIN + 27.0;
                        shapes.push(Shape::Rect {
                            x,
                            y: y - 5.0,
                            w: 6.0,
                            h: 6.0,
                            fill: Some(colour),
                            stroke: None,
                            dashed: false,
                        });
                        shapes.push(Shape::Text {
                            x: x + 8.0,
                            y,
                            size: SMALL + 1.0,
                            bold: false,
                            colour,
                            text: m.printable(word),
                        });
                        x += m.width(word, SMALL + 1.0, false) + 14.0;
                    }
                }
                shapes.push(Shape::Line {
                    from: (MARGIN, MARGIN + HEADER - 8.0),
                    to: (width - MARGIN, MARGIN + HEADER - 8.0),
                    width: 0.5,
                    colour: Rgb::BLACK,
                });
                shapes.extend(body);
                let page_of = tr(Msg::PageOf).replace("{0}", &(i + 1).to_string()).replace("{1}", &count.to_string());
                let foot = format!("jabat · {} {}", tr(Msg::PetaTitle), map.root.name);
                let y = height - MARGIN + 2.0;
                shapes.push(Shape::Text {
                    x: MARGIN,
                    y,
                    size: 6.5,
                    bold: false,
                    colour: GREY,
                    text: m.printable(&foot),
                });
                let x = width - MARGIN - m.width(&page_of, 6.5, false);
                shapes.push(Shape::Text { x, y, size: 6.5, bold: false, colour: GREY, text: m.printable(&page_of) });
                Sheet { width, height, shapes }
            })
            .collect()
    }
}

/// A position's kelas, B, K and ± as printed (none for what a draft takes away).
fn figures(p: &PetaPosition, gone: bool) -> [String; 4] {
    let class = p.class.map(|c| c.to_string()).unwrap_or_default();
    if gone {
        return [class, String::new(), String::new(), String::new()];
    }
    [class, p.filled.to_string(), p.needed.unwrap_or(0).to_string(), signed(p.difference())]
}

/// A selisih with its sign: `+2`, `0`, `-3`.
fn signed(d: i64) -> String {
    if d > 0 { format!("+{d}") } else { d.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PositionId, PositionKind, UnitId};

    fn position(id: u32, name: &str, head: bool) -> PetaPosition {
        PetaPosition {
            id: PositionId(id),
            code: format!("P{id}"),
            name: name.into(),
            kind: PositionKind::Pelaksana,
            class: Some(7),
            filled: u64::from(id % 4),
            needed: Some(id % 5),
            head,
            change: Change::default(),
        }
    }

    /// A dinas of `bidang` bidang with three seksi each and `upt` UPT of many posts, its
    /// names long, some words longer than a box.
    fn dinas(bidang: u32, upt: u32) -> PetaJabatan {
        let mut next = 0;
        let mut id = || {
            next += 1;
            next
        };
        let mut unit = |name: String, positions: u32, units: Vec<PetaUnit>| -> PetaUnit {
            let head_id = id();
            let mut ps = Vec::new();
            for k in 0..positions {
                let name = match k % 3 {
                    0 => "Pranata Laboratorium Kesehatan Ahli Pertama".to_string(),
                    1 => "Penata Kelola Sistem dan Teknologi Informasi Pemerintahan Daerah".to_string(),
                    _ => "Pengadministrasiperkantoranyangsangatpanjangsekalitanpaspasi".to_string(),
                };
                ps.push(position(id(), &name, false));
            }
            let filled = ps.iter().map(|p| p.filled).sum::<u64>() + units.iter().map(|u| u.filled).sum::<u64>();
            let needed = ps.iter().map(|p| u64::from(p.needed.unwrap_or(0))).sum::<u64>()
                + units.iter().map(|u| u.needed).sum::<u64>();
            PetaUnit {
                id: UnitId(head_id),
                code: format!("U{head_id}"),
                name: name.clone(),
                number: String::new(),
                depth: 0,
                head: Some(position(head_id, &format!("Kepala {name}"), true)),
                positions: ps,
                units,
                filled,
                needed,
                change: Change::default(),
            }
        };
        let mut subs = Vec::new();
        for b in 0..bidang {
            let seksi = (0..3).map(|s| unit(format!("Seksi Pelayanan Kesehatan Rujukan {b}.{s}"), 2, vec![])).collect();
            subs.push(unit(format!("Bidang Pencegahan dan Pengendalian Penyakit {b}"), 4, seksi));
        }
        for u in 0..upt {
            subs.push(unit(format!("UPT Puskesmas Tanah Seribu {u}"), 18, vec![]));
        }
        let mut root = unit("Dinas Kesehatan".into(), 30, subs);
        fn number(u: &mut PetaUnit, at: String) {
            for (i, c) in u.units.iter_mut().enumerate() {
                number(c, format!("{at}.{}", i + 1));
            }
            u.number = at;
        }
        number(&mut root, "1".into());
        PetaJabatan { root, above: vec!["Pemerintah Kota Binjai".into()] }
    }

    /// Each text's box: left, top, right, bottom.
    fn text_boxes(sheet: &Sheet, m: &Metrics) -> Vec<(f32, f32, f32, f32, String)> {
        sheet
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text { x, y, size, bold, text, .. } => {
                    Some((*x, y - size * 0.93, x + m.width(text, *size, *bold), y + size * 0.24, text.clone()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_large_unit_runs_over_pages_with_nothing_cut_overlapping_or_off_the_page() {
        let m = Metrics::new();
        let map = dinas(5, 14);
        for paper in [PaperSize::A4, PaperSize::A3] {
            let sheets = chart(&map, &Frame { agency: "Pemerintah Kota Binjai".into(), ..Frame::default() }, paper);
            assert!(sheets.len() >= 2, "{paper:?}: {} pages", sheets.len());
            let mut words = String::new();
            for (n, sheet) in sheets.iter().enumerate() {
                let boxes = text_boxes(sheet, &m);
                for (i, a) in boxes.iter().enumerate() {
                    assert!(
                        a.0 >= 0.0 && a.2 <= sheet.width && a.1 >= 0.0 && a.3 <= sheet.height,
                        "off the page: {a:?}"
                    );
                    for b in &boxes[i + 1..] {
                        let apart = a.2 <= b.0 + 0.01 || b.2 <= a.0 + 0.01 || a.3 <= b.1 + 0.01 || b.3 <= a.1 + 0.01;
                        assert!(apart, "{paper:?} page {}: {a:?} overlaps {b:?}", n + 1);
                    }
                    // (The figures sit between a name's first line and its second.)
                    if a.4.parse::<i64>().is_err() {
                        words.push_str(&a.4);
                        words.push(' ');
                    }
                }
                for s in &sheet.shapes {
                    if let Shape::Rect { x, y, w, h, .. } = s {
                        assert!(*x >= 0.0 && x + w <= sheet.width && *y >= 0.0 && y + h <= sheet.height);
                    }
                }
            }
            // Every name is there whole (wrapped at spaces, or inside a word too long).
            let joined: String = words.split_whitespace().collect::<Vec<_>>().concat();
            for u in map.root.walk() {
                for p in u.all_positions() {
                    let name: String = p.name.split_whitespace().collect::<Vec<_>>().concat();
                    assert!(joined.contains(&name), "{} is cut", p.name);
                }
            }
            assert!(words.contains(tr(Msg::PetaContinued)), "a box goes on in the next column, marked");
            assert!(words.contains("↑ 1 Dinas Kesehatan"), "a column on a later page says whose it is");
        }
    }

    #[test]
    fn a_draft_chart_shows_its_changes_in_colour_and_words() {
        let mut map = dinas(1, 1);
        map.root.units[1].change.added = true;
        map.root.units[0].positions[0].change.needed_from = Some(Some(1));
        map.root.units[0].units[0].change.moved_to = Some("Bidang Lain".into());
        let sheets = chart(&map, &Frame { draft: Some("sotk".into()), ..Frame::default() }, PaperSize::A4);
        let texts: Vec<(String, Rgb)> = sheets
            .iter()
            .flat_map(|s| &s.shapes)
            .filter_map(|s| match s {
                Shape::Text { text, colour, .. } => Some((text.clone(), *colour)),
                _ => None,
            })
            .collect();
        let has = |t: &str, c: Rgb| texts.iter().any(|(x, k)| x.contains(t) && *k == c);
        assert!(has(tr(Msg::PetaAdded), ADDED));
        assert!(has("K 1 → ", NEEDED));
        assert!(has(&trf(Msg::PetaMovedTo, &[&"Bidang Lain"]), GREY));
        let dashed = sheets.iter().flat_map(|s| &s.shapes).any(|s| matches!(s, Shape::Rect { dashed: true, .. }));
        assert!(dashed, "what moves away is outlined dashed");
    }
}
