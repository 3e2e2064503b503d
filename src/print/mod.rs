//! Documents for paper: a [`Paper`] is a title and a list of [`Block`]s (headings,
//! paragraphs, facts, tables, a signature block), laid out on A4 pages, numbered, and
//! written as PDF by krilla with the fonts under `fonts/`. A chart lays itself out on
//! [`Sheet`]s with the same [`Metrics`], written as PDF or SVG. Values in, bytes out: no
//! store, no terminal. The faces build a `Paper` from what the queries answer.

mod sheet;

pub use sheet::{Rgb, Shape, Sheet, to_svg};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// A document to print.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paper {
    /// Its title, on top of the first page and in the PDF's metadata.
    pub title: String,
    /// A line under the title (the agency, the date).
    pub subtitle: String,
    /// What it holds, in order.
    pub blocks: Vec<Block>,
    /// The foot of every page, before "page i of n".
    pub footer: String,
    /// "page {0} of {1}" in the document's language.
    pub page_of: String,
    /// Landscape rather than portrait.
    pub landscape: bool,
}

/// A part of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section's heading.
    Heading(String),
    /// Running text, wrapped.
    Paragraph(String),
    /// Labels and their values, in two columns.
    Facts(Vec<(String, String)>),
    /// A table, its header repeated on every page it runs over.
    Table(Table),
    /// Where those named sign, side by side.
    Signatures(Vec<Signature>),
}

/// A table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Its columns.
    pub columns: Vec<Column>,
    /// Its rows, a cell per column.
    pub rows: Vec<Vec<String>>,
    /// The rows set in bold (headings and totals of a form), by index.
    pub bold: Vec<usize>,
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Its heading.
    pub title: String,
    /// Its share of the width, against the others'.
    pub weight: f32,
    /// Numbers are set to the right.
    pub right: bool,
}

impl Column {
    /// A column of text.
    pub fn text(title: &str, weight: f32) -> Column {
        Column { title: title.into(), weight, right: false }
    }

    /// A column of numbers.
    pub fn number(title: &str, weight: f32) -> Column {
        Column { title: title.into(), weight, right: true }
    }
}

/// One who signs: their role, name and NIP (empty when to be filled in by hand).
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// The role (Ketua, Sekretaris, Anggota).
    pub role: String,
    /// The name, or empty for a line to write on.
    pub name: String,
    /// The NIP line.
    pub id: String,
}

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF: {0}")]
pub struct PrintError(pub(crate) String);

const MARGIN: f32 = 48.0;
const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;
const LINE: f32 = 1.3;
const PAD: f32 = 3.0;

/// The two faces, parsed once, with their metrics: how wide text sets, and how it wraps.
pub struct Metrics {
    regular: skrifa::FontRef<'static>,
    bold: skrifa::FontRef<'static>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// The metrics of jabat's faces.
    pub fn new() -> Metrics {
        Metrics {
            regular: skrifa::FontRef::new(REGULAR).expect("jabat's own font parses"),
            bold: skrifa::FontRef::new(BOLD).expect("jabat's own font parses"),
        }
    }

    fn face(&self, bold: bool) -> &skrifa::FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        let (charmap, metrics) = (face.charmap(), face.glyph_metrics(Size::new(size), LocationRef::default()));
        text.chars().filter_map(|c| charmap.map(c)).filter_map(|g| metrics.advance_width(g)).sum()
    }

    /// `text` with what the fonts cannot show replaced by `?`, controls but line ends by
    /// spaces.
    pub fn printable(&self, text: &str) -> String {
        let charmap = self.regular.charmap();
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                c if c.is_control() => ' ',
                c if charmap.map(c).is_some() => c,
                _ => '?',
            })
            .collect()
    }

    /// `text` cut into lines no wider than `width`: at spaces, else inside a word.
    pub fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let joined = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(&joined, size, bold) <= width {
                    line = joined;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the line is cut where it must be.
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size, bold) > width && line.chars().count() > 1 {
                        let last = line.pop().expect("two characters at least");
                        lines.push(std::mem::take(&mut line));
                        line.push(last);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Lays blocks out page by page.
struct Layout<'a> {
    faces: &'a Metrics,
    width: f32,
    height: f32,
    pages: Vec<Vec<Shape>>,
    y: f32,
}

impl Layout<'_> {
    fn bottom(&self) -> f32 {
        self.height - MARGIN - 2.0 * SMALL
    }

    fn inner(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn page(&mut self) -> &mut Vec<Shape> {
        self.pages.last_mut().expect("a page is always open")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Room for `h` more points, else a new page.
    fn room(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let y = self.y + size;
        self.page().push(Shape::Text { x, y, size, bold, colour: Rgb::BLACK, text: text.to_string() });
    }

    fn lines(&mut self, text: &str, size: f32, bold: bool) {
        let text = self.faces.printable(text);
        for line in self.faces.wrap(&text, self.inner(), size, bold) {
            self.room(size * LINE);
            self.text(MARGIN, size, bold, &line);
            self.y += size * LINE;
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => {
                self.room(4.0 * BODY);
                self.y += BODY * 0.8;
                self.lines(text, BODY + 1.5, true);
                self.y += BODY * 0.3;
            }
            Block::Paragraph(text) => {
                self.lines(text, BODY, false);
                self.y += BODY * 0.4;
            }
            Block::Facts(facts) => {
                let label_width = facts
                    .iter()
                    .map(|(l, _)| self.faces.width(&self.faces.printable(l), BODY, true))
                    .fold(0.0, f32::max)
                    .min(self.inner() * 0.35)
                    + 12.0;
                for (label, value) in facts {
                    let label = self.faces.wrap(&self.faces.printable(label), label_width - 12.0, BODY, true);
                    let value = self.faces.wrap(&self.faces.printable(value), self.inner() - label_width, BODY, false);
                    let rows = label.len().max(value.len()) as f32;
                    self.room(rows * BODY * LINE);
                    let top = self.y;
                    for (i, line) in label.iter().enumerate() {
                        self.y = top + i as f32 * BODY * LINE;
                        self.text(MARGIN, BODY, true, line);
                    }
                    for (i, line) in value.iter().enumerate() {
                        self.y = top + i as f32 * BODY * LINE;
                        self.text(MARGIN + label_width, BODY, false, line);
                    }
                    self.y = top + rows * BODY * LINE;
                }
                self.y += BODY * 0.4;
            }
            Block::Table(table) => self.table(table),
            Block::Signatures(signatures) => self.signatures(signatures),
        }
    }

    /// The x of each column's left edge, and the right edge last.
    fn edges(&self, columns: &[Column]) -> Vec<f32> {
        let total: f32 = columns.iter().map(|c| c.weight.max(0.1)).sum();
        let mut x = MARGIN;
        let mut edges = vec![x];
        for c in columns {
            x += self.inner() * c.weight.max(0.1) / total;
            edges.push(x);
        }
        edges
    }

    /// Each cell of a row as the lines it takes in its column.
    fn wrap_cells(
        &self,
        columns: &[Column],
        edges: &[f32],
        cells: &[String],
        size: f32,
        bold: bool,
    ) -> Vec<Vec<String>> {
        (0..columns.len())
            .map(|i| {
                let cell = self.faces.printable(cells.get(i).map_or("", String::as_str));
                self.faces.wrap(&cell, edges[i + 1] - edges[i] - 2.0 * PAD, size, bold)
            })
            .collect()
    }

    /// How tall a row of cells wrapped so is.
    fn height_of(wrapped: &[Vec<String>], size: f32) -> f32 {
        wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * size * LINE + 2.0 * PAD
    }

    fn row(&mut self, columns: &[Column], edges: &[f32], cells: &[String], size: f32, bold: bool, shaded: bool) {
        let wrapped = self.wrap_cells(columns, edges, cells, size, bold);
        let h = Self::height_of(&wrapped, size);
        let (left, right, top) = (edges[0], *edges.last().expect("an edge"), self.y);
        if shaded {
            self.page().push(shade(left, top, right - left, h));
        }
        for (i, lines) in wrapped.iter().enumerate() {
            for (k, line) in lines.iter().enumerate() {
                let x = if columns[i].right {
                    edges[i + 1] - PAD - self.faces.width(line, size, bold)
                } else {
                    edges[i] + PAD
                };
                self.y = top + PAD + k as f32 * size * LINE;
                self.text(x, size, bold, line);
            }
        }
        self.y = top + h;
        let page = self.page();
        page.push(rule((left, top), (right, top)));
        page.push(rule((left, top + h), (right, top + h)));
        for x in edges {
            page.push(rule((*x, top), (*x, top + h)));
        }
    }

    fn row_height(&self, columns: &[Column], edges: &[f32], cells: &[String], size: f32, bold: bool) -> f32 {
        Self::height_of(&self.wrap_cells(columns, edges, cells, size, bold), size)
    }

    fn table(&mut self, table: &Table) {
        let edges = self.edges(&table.columns);
        let header: Vec<String> = table.columns.iter().map(|c| c.title.clone()).collect();
        let header_height = self.row_height(&table.columns, &edges, &header, SMALL, true);
        let first = table.rows.first().map_or(0.0, |r| self.row_height(&table.columns, &edges, r, SMALL, false));
        self.room(header_height + first);
        self.row(&table.columns, &edges, &header, SMALL, true, true);
        for (i, cells) in table.rows.iter().enumerate() {
            let bold = table.bold.contains(&i);
            let h = self.row_height(&table.columns, &edges, cells, SMALL, bold);
            if self.y + h > self.bottom() {
                self.new_page();
                self.row(&table.columns, &edges, &header, SMALL, true, true);
            }
            self.row(&table.columns, &edges, cells, SMALL, bold, false);
        }
        self.y += BODY * 0.6;
    }

    fn signatures(&mut self, signatures: &[Signature]) {
        // Three a row, each with room to sign above the name.
        let per_row = signatures.len().clamp(1, 3);
        let slot = self.inner() / per_row as f32;
        for group in signatures.chunks(per_row) {
            self.room(7.0 * BODY * LINE);
            let top = self.y + BODY;
            for (i, s) in group.iter().enumerate() {
                let x = MARGIN + i as f32 * slot;
                let role = self.faces.printable(&s.role);
                let name = if s.name.is_empty() {
                    "(....................................)".to_string()
                } else {
                    self.faces.printable(&s.name)
                };
                let id = self.faces.printable(&s.id);
                self.y = top;
                self.text(x, BODY, false, &role);
                self.y = top + 4.0 * BODY * LINE;
                self.text(x, BODY, true, &name);
                self.y = top + 5.0 * BODY * LINE;
                self.text(x, SMALL, false, &id);
                let page = self.page();
                page.push(rule((x, top + 4.0 * BODY * LINE), (x + slot - 18.0, top + 4.0 * BODY * LINE)));
            }
            self.y = top + 6.5 * BODY * LINE;
        }
    }
}

/// A thin black line, as a table's rules are drawn.
fn rule(from: (f32, f32), to: (f32, f32)) -> Shape {
    Shape::Line { from, to, width: 0.4, colour: Rgb::BLACK }
}

/// The grey behind a table's header.
fn shade(x: f32, y: f32, w: f32, h: f32) -> Shape {
    Shape::Rect { x, y, w, h, fill: Some(Rgb(232, 232, 232)), stroke: None, dashed: false }
}

/// The pages of `paper`, each with its foot: what the document is, and the page.
fn lay_out(paper: &Paper, metrics: &Metrics) -> Vec<Sheet> {
    let (width, height) = if paper.landscape { (841.89, 595.28) } else { (595.28, 841.89) };
    let mut layout = Layout { faces: metrics, width, height, pages: Vec::new(), y: MARGIN };
    layout.new_page();
    layout.lines(&paper.title, BODY + 5.0, true);
    if !paper.subtitle.is_empty() {
        layout.lines(&paper.subtitle, BODY, false);
    }
    layout.y += BODY * 0.5;
    for block in &paper.blocks {
        layout.block(block);
    }
    let count = layout.pages.len();
    let foot = metrics.printable(&paper.footer);
    layout
        .pages
        .into_iter()
        .enumerate()
        .map(|(number, mut shapes)| {
            let page_of = paper.page_of.replace("{0}", &(number + 1).to_string()).replace("{1}", &count.to_string());
            shapes.extend(page_foot(metrics, width, height, &foot, &page_of));
            Sheet { width, height, shapes }
        })
        .collect()
}

/// The foot of a page: what the document is on the left, "page i of n" on the right.
pub fn page_foot(metrics: &Metrics, width: f32, height: f32, foot: &str, page_of: &str) -> [Shape; 2] {
    let (size, y) = (SMALL - 1.0, height - MARGIN + SMALL);
    let text = |x: f32, text: &str| Shape::Text { x, y, size, bold: false, colour: Rgb::BLACK, text: text.into() };
    [text(MARGIN, foot), text(width - MARGIN - metrics.width(page_of, size, false), page_of)]
}

/// How many pages `paper` takes.
pub fn page_count(paper: &Paper) -> usize {
    lay_out(paper, &Metrics::new()).len()
}

/// Lays `paper` out and writes it as PDF.
pub fn to_pdf(paper: &Paper) -> Result<Vec<u8>, PrintError> {
    sheet::to_pdf(&paper.title, &lay_out(paper, &Metrics::new()))
}

/// Writes pages drawn elsewhere (a chart) as PDF.
pub fn sheets_to_pdf(title: &str, sheets: &[Sheet]) -> Result<Vec<u8>, PrintError> {
    sheet::to_pdf(title, sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_its_width_and_long_words_are_cut() {
        let faces = Metrics::new();
        let lines = faces.wrap("Kepala Bidang Pelayanan Kesehatan Dinas Kesehatan Kota Binjai", 120.0, BODY, false);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| faces.width(l, BODY, false) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Kepala Bidang Pelayanan Kesehatan Dinas Kesehatan Kota Binjai");
        let cut = faces.wrap(&"x".repeat(200), 50.0, BODY, false);
        assert!(cut.len() > 3 && cut.iter().all(|l| faces.width(l, BODY, false) <= 50.0));
        assert_eq!(faces.printable("a\u{7}b ≈ c 中\nd"), "a b ≈ c ?\nd");
        assert_eq!(faces.wrap("Budi\n1978", 200.0, BODY, false), ["Budi", "1978"]);
    }

    #[test]
    fn a_long_table_runs_over_pages_and_the_pdf_is_one() {
        let rows: Vec<Vec<String>> =
            (0..120).map(|i| vec![i.to_string(), format!("Nama {i}"), "Baik".into()]).collect();
        let paper = Paper {
            title: "Berita Acara".into(),
            subtitle: "Kota Binjai".into(),
            blocks: vec![
                Block::Facts(vec![("Jabatan".into(), "Kepala Bidang".into())]),
                Block::Table(Table {
                    columns: vec![Column::number("#", 1.0), Column::text("Nama", 5.0), Column::text("Predikat", 2.0)],
                    rows,
                    bold: vec![0],
                }),
                Block::Signatures(vec![Signature { role: "Ketua".into(), name: String::new(), id: "NIP".into() }]),
            ],
            footer: "jabat".into(),
            page_of: "page {0} of {1}".into(),
            landscape: false,
        };
        let pdf = to_pdf(&paper).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let metrics = Metrics::new();
        let pages = lay_out(&paper, &metrics);
        let height = pages[0].height;
        assert!(pages.len() >= 3, "{} pages", pages.len());
        // Every page of the table starts with its header, and nothing runs past the foot.
        for page in &pages[1..] {
            let first = page.shapes.iter().find_map(|m| match m {
                Shape::Text { text, bold: true, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first, Some("#"));
        }
        // (The foot is each page's last two shapes.)
        let lowest = pages.iter().flat_map(|p| &p.shapes[..p.shapes.len() - 2]).filter_map(|m| match m {
            Shape::Text { y, .. } => Some(*y),
            _ => None,
        });
        assert!(lowest.fold(0.0, f32::max) <= height - MARGIN);
    }
}
