//! Pages drawn as shapes at fixed places (text, lines, boxes), in points from the top
//! left: what a laid-out document or chart is before it becomes PDF (krilla) or SVG (the
//! svg crate). Both renderings draw the same shapes, so a chart looked at as SVG is the
//! chart printed.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};

use super::{BOLD, PrintError, REGULAR};

/// A colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    fn paint(self) -> krilla::paint::Paint {
        krilla::color::rgb::Color::new(self.0, self.1, self.2).into()
    }
}

/// One thing drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Text on one line, `y` its baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size in points.
        size: f32,
        /// Bold face.
        bold: bool,
        /// Its colour.
        colour: Rgb,
        /// What it says (only what the fonts can show: see `Metrics::printable`).
        text: String,
    },
    /// A straight line.
    Line {
        /// Where it starts.
        from: (f32, f32),
        /// Where it ends.
        to: (f32, f32),
        /// Its width.
        width: f32,
        /// Its colour.
        colour: Rgb,
    },
    /// A rectangle, filled or outlined or both.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The fill, if any.
        fill: Option<Rgb>,
        /// The outline's width and colour, if any.
        stroke: Option<(f32, Rgb)>,
        /// A dashed outline.
        dashed: bool,
    },
}

impl Shape {
    /// The same shape `dx` points to the right.
    pub fn shift_x(&mut self, dx: f32) {
        match self {
            Shape::Text { x, .. } | Shape::Rect { x, .. } => *x += dx,
            Shape::Line { from, to, .. } => {
                from.0 += dx;
                to.0 += dx;
            }
        }
    }
}

/// A page: its size and what is drawn on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in order (later over earlier).
    pub shapes: Vec<Shape>,
}

/// Writes `sheets` as one PDF, titled `title`, the fonts embedded (subset).
pub fn to_pdf(title: &str, sheets: &[Sheet]) -> Result<Vec<u8>, PrintError> {
    let font = |bytes: &'static [u8]| {
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes);
        Font::new(data.into(), 0).ok_or_else(|| PrintError("jabat's font does not load".into()))
    };
    let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
    let mut document = Document::new();
    document
        .set_metadata(Metadata::new().title(title.to_string()).creator(format!("jabat {}", env!("CARGO_PKG_VERSION"))));
    for sheet in sheets {
        let settings =
            PageSettings::from_wh(sheet.width, sheet.height).ok_or_else(|| PrintError("a page has no size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for shape in &sheet.shapes {
            match shape {
                Shape::Rect { x, y, w, h, fill, stroke, dashed } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    let Some(path) = path.finish() else { continue };
                    surface.set_fill(fill.map(|c| Fill { paint: c.paint(), ..Fill::default() }));
                    surface.set_stroke(stroke.map(|(width, c)| Stroke {
                        paint: c.paint(),
                        width,
                        dash: dashed.then(|| StrokeDash { array: vec![3.0, 2.0], offset: 0.0 }),
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
                Shape::Line { from, to, width, colour } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke { paint: colour.paint(), width: *width, ..Stroke::default() }));
                        surface.draw_path(&path);
                    }
                }
                Shape::Text { x, y, size, bold: is_bold, colour, text } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill { paint: colour.paint(), ..Fill::default() }));
                    let font = if *is_bold { bold.clone() } else { regular.clone() };
                    surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PrintError(format!("{e:?}")))
}

/// Space between pages in an SVG of several.
const PAGE_GAP: f32 = 24.0;

/// Writes `sheets` as one SVG picture, the pages one under the other, each outlined.
/// Text is set in DejaVu Sans, the face it was measured in (a reader without it falls
/// back to a narrower sans, so nothing grows out of its box).
pub fn to_svg(title: &str, sheets: &[Sheet]) -> String {
    use svg::node::element::{Group, Line, Rectangle, Text, Title};
    let width = sheets.iter().map(|s| s.width).fold(0.0, f32::max);
    let height = sheets.iter().map(|s| s.height).sum::<f32>() + PAGE_GAP * sheets.len().saturating_sub(1) as f32;
    let mut doc = svg::Document::new()
        .set("viewBox", (0, 0, width.ceil(), height.ceil()))
        .set("width", format!("{}pt", width.ceil()))
        .set("height", format!("{}pt", height.ceil()))
        .set("font-family", "DejaVu Sans, Verdana, sans-serif")
        .add(Title::new(title));
    let mut top = 0.0;
    for sheet in sheets {
        let mut page = Group::new().set("transform", format!("translate(0 {top})")).add(
            Rectangle::new()
                .set("width", sheet.width)
                .set("height", sheet.height)
                .set("fill", "white")
                .set("stroke", "#bbbbbb")
                .set("stroke-width", 0.5),
        );
        for shape in &sheet.shapes {
            page = match shape {
                Shape::Text { x, y, size, bold, colour, text } => {
                    let mut t = Text::new(text.as_str())
                        .set("x", round(*x))
                        .set("y", round(*y))
                        .set("font-size", *size)
                        .set("xml:space", "preserve");
                    if *bold {
                        t = t.set("font-weight", "bold");
                    }
                    if *colour != Rgb::BLACK {
                        t = t.set("fill", colour.hex());
                    }
                    page.add(t)
                }
                Shape::Line { from, to, width, colour } => page.add(
                    Line::new()
                        .set("x1", round(from.0))
                        .set("y1", round(from.1))
                        .set("x2", round(to.0))
                        .set("y2", round(to.1))
                        .set("stroke", colour.hex())
                        .set("stroke-width", *width),
                ),
                Shape::Rect { x, y, w, h, fill, stroke, dashed } => {
                    let mut r = Rectangle::new()
                        .set("x", round(*x))
                        .set("y", round(*y))
                        .set("width", round(*w))
                        .set("height", round(*h))
                        .set("fill", fill.map_or_else(|| "none".to_string(), Rgb::hex));
                    if let Some((width, colour)) = stroke {
                        r = r.set("stroke", colour.hex()).set("stroke-width", *width);
                    }
                    if *dashed {
                        r = r.set("stroke-dasharray", "3 2");
                    }
                    page.add(r)
                }
            };
        }
        doc = doc.add(page);
        top += sheet.height + PAGE_GAP;
    }
    doc.to_string()
}

/// Two decimals are more than a printer resolves.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}
