//! `--format svg`: the figures of `performance`, `formation` and `ninebox` drawn as an
//! SVG picture for a report (plotters), the same figures their tables give, labelled
//! from the catalogue in the user's language. Written to standard output, so that
//! `jabat performance 1276.05 --format svg > kinerja.svg` makes the file.

use std::io::Write;

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;

use super::Outcome;
use super::performance::Query;
use crate::i18n::{Msg, tr, trf};
use crate::model::Date;
use crate::model::text::truncate;
use crate::queries::{Monitored, monitored, years_before};
use crate::rules::RuleSet;
use crate::rules::monitoring::{LEVELS, rating_name};
use crate::rules::workforce::{formation_plan, nine_box_grid};
use crate::store::Store;

/// The predikat's colours, sangat baik to sangat kurang (as the interface's).
const RATING_COLOURS: [RGBColor; 5] = [
    RGBColor(46, 139, 87),
    RGBColor(0, 150, 170),
    RGBColor(230, 180, 0),
    RGBColor(200, 90, 160),
    RGBColor(200, 40, 40),
];

const FONT: &str = "sans-serif";

/// The segments of `n` bars: plotters' segmented integers take both ends, so `0..n - 1`
/// gives `n` segments, the last ending at `Last`.
fn segments(n: usize) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize> {
    (0..n.saturating_sub(1)).into_segmented()
}

/// The right (or top) edge of bar `i` of `n`.
fn edge(i: usize, n: usize) -> SegmentValue<usize> {
    if i + 1 < n { SegmentValue::Exact(i + 1) } else { SegmentValue::Last }
}

/// A plotters failure as an error with its words.
fn failed<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("cannot draw the picture: {e:?}")
}

/// Draws into an SVG of `size` with `draw`, then writes it to `out`.
fn svg(
    size: (u32, u32),
    out: &mut dyn Write,
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        draw(&root)?;
        root.present().map_err(failed)?;
    }
    out.write_all(text.as_bytes())?;
    writeln!(out)?;
    Ok(())
}

/// `jabat performance CODE --format svg`: each year's spread of predikat as a stacked
/// bar (shares of those rated), and beside it each sub-unit's share at least baik in
/// the last year, weakest first.
pub fn performance(
    store: &dyn Store,
    rules: &RuleSet,
    query: Query<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some(unit) = super::workforce::scope(store, rules, query.code, err)? else {
        return Ok(Outcome::NothingFound);
    };
    let years = years_before(query.today, query.years);
    let Monitored { monitoring: m, branches, .. } = monitored(store, unit.unit, &unit.data, years.clone())?;
    if m.people == 0 {
        return Ok(Outcome::NothingFound);
    }
    let title = format!("{} {} — {} {}–{}", unit.code, unit.name, tr(Msg::Performance), years.start(), years.end());
    // The fifteen weakest sub-units, the weakest drawn on top.
    let mut order: Vec<usize> = m.weakest_first().into_iter().take(15).collect();
    order.reverse();
    let weakest = m.weakest();
    svg((1000, 560), out, |root| {
        let root = root.titled(&title, (FONT, 22)).map_err(failed)?;
        let (left, right) = root.split_horizontally(520);
        // The years: stacked shares of each predikat.
        let n = m.spread.len();
        let mut chart = ChartBuilder::on(&left)
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(segments(n), 0f64..100f64)
            .map_err(failed)?;
        let label_of = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                m.spread.get(*i).map_or(String::new(), |r| r.year.to_string())
            }
            SegmentValue::Last => String::new(),
        };
        chart.configure_mesh().disable_x_mesh().x_label_formatter(&label_of).y_desc("%").draw().map_err(failed)?;
        for (step, level) in LEVELS.iter().enumerate() {
            let colour = RATING_COLOURS[step];
            let bars = m.spread.iter().enumerate().filter_map(|(i, row)| {
                let rated: u32 = row.rated.iter().sum();
                if rated == 0 {
                    return None;
                }
                let share = |k: usize| f64::from(row.rated[..k].iter().sum::<u32>()) * 100.0 / f64::from(rated);
                let (low, high) = (100.0 - share(step + 1), 100.0 - share(step));
                let mut bar = Rectangle::new([(SegmentValue::Exact(i), low), (edge(i, n), high)], colour.filled());
                bar.set_margin(0, 0, 10, 10);
                Some(bar)
            });
            chart
                .draw_series(bars)
                .map_err(failed)?
                .label(tr(rating_name(*level)))
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .map_err(failed)?;
        // The sub-units, weakest first: the share at least baik in the latest year.
        if order.is_empty() {
            return Ok(());
        }
        let latest = |b: usize| m.branches[b].1.iter().rev().find_map(|r| r.at_least_baik()).map_or(0.0, |s| s * 100.0);
        let mut chart = ChartBuilder::on(&right)
            .caption(trf(Msg::PerformanceSubUnitsLatest, &[years.end()]), (FONT, 15))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(190)
            .build_cartesian_2d(0f64..100f64, segments(order.len()))
            .map_err(failed)?;
        let name_of = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                order.get(*i).map_or(String::new(), |b| truncate(&branches[*b].name, 30))
            }
            SegmentValue::Last => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_label_formatter(&name_of)
            .y_labels(order.len())
            .x_desc(format!("{} %", tr(Msg::AtLeastBaik)))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(order.iter().enumerate().map(|(i, b)| {
                let colour = if Some(*b) == weakest { RATING_COLOURS[4] } else { RATING_COLOURS[1] };
                let mut bar = Rectangle::new(
                    [(0.0, SegmentValue::Exact(i)), (latest(*b), edge(i, order.len()))],
                    colour.filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(failed)?;
        Ok(())
    })?;
    Ok(Outcome::Done)
}

/// `jabat formation CODE --format svg`: each year's retirements and the shortage at its
/// end, as two bar charts.
pub fn formation(
    store: &dyn Store,
    rules: &RuleSet,
    today: Date,
    code: Option<&str>,
    years: u16,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some(unit) = super::workforce::scope(store, rules, code, err)? else { return Ok(Outcome::NothingFound) };
    let plan = formation_plan(&unit.data.staff(), rules, today, years);
    if plan.positions.is_empty() {
        return Ok(Outcome::NothingFound);
    }
    let title = format!("{} {} — {}", unit.code, unit.name, tr(Msg::FormationPlan));
    let n = plan.total.retiring.len();
    svg((1000, 460), out, |root| {
        let root = root.titled(&title, (FONT, 22)).map_err(failed)?;
        let halves = root.split_evenly((1, 2));
        let series = [
            (tr(Msg::RetiringBars), &plan.total.retiring, RATING_COLOURS[2]),
            (tr(Msg::ShortageBars), &plan.total.shortage_by_year, RATING_COLOURS[4]),
        ];
        for (area, (caption, values, colour)) in halves.iter().zip(series) {
            let top = f64::from(values.iter().copied().max().unwrap_or(0).max(1)) * 1.15;
            let mut chart = ChartBuilder::on(area)
                .caption(caption, (FONT, 16))
                .margin(12)
                .x_label_area_size(30)
                .y_label_area_size(50)
                .build_cartesian_2d(segments(n), 0f64..top)
                .map_err(failed)?;
            let year_of = |v: &SegmentValue<usize>| match v {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if *i < n => {
                    (plan.first_year + *i as i32).to_string()
                }
                _ => String::new(),
            };
            chart.configure_mesh().disable_x_mesh().x_label_formatter(&year_of).draw().map_err(failed)?;
            chart
                .draw_series(values.iter().enumerate().map(|(i, v)| {
                    let mut bar =
                        Rectangle::new([(SegmentValue::Exact(i), 0.0), (edge(i, n), f64::from(*v))], colour.filled());
                    bar.set_margin(0, 0, 8, 8);
                    bar
                }))
                .map_err(failed)?;
            chart
                .draw_series(values.iter().enumerate().map(|(i, v)| {
                    Text::new(v.to_string(), (SegmentValue::CenterOf(i), f64::from(*v) + top * 0.02), (FONT, 14))
                }))
                .map_err(failed)?;
        }
        Ok(())
    })?;
    Ok(Outcome::Done)
}

/// `jabat ninebox CODE --format svg`: the grid, each box shaded by how many it holds,
/// with its number, its count and its follow-up.
pub fn ninebox(
    store: &dyn Store,
    rules: &RuleSet,
    code: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::rules::workforce::{NINE_BOX_ROWS, box_follow_up};
    let Some(unit) = super::workforce::scope(store, rules, code, err)? else { return Ok(Outcome::NothingFound) };
    let grid = nine_box_grid(&unit.data.staff(), rules);
    if grid.placed() == 0 {
        return Ok(Outcome::NothingFound);
    }
    let title = format!("{} {} — {}", unit.code, unit.name, tr(Msg::NineBox));
    let summary = trf(Msg::NineBoxSummary, &[&grid.placed(), &grid.unplaced.len(), &grid.talent_pool().count()]);
    let max = grid.boxes.iter().map(Vec::len).max().unwrap_or(1).max(1);
    svg((900, 720), out, |root| {
        let root = root.titled(&title, (FONT, 22)).map_err(failed)?;
        let (body, foot) = root.split_vertically(640);
        foot.draw(&Text::new(summary.clone(), (10, 10), (FONT, 14))).map_err(failed)?;
        // Row labels on the left, potential under the grid.
        let (labels, cells) = body.split_horizontally(170);
        let (cells, potential) = cells.split_vertically(600);
        let rows = [Msg::PerformanceAbove, Msg::PerformanceExpected, Msg::PerformanceBelow];
        for (area, label) in labels.split_evenly((3, 1)).iter().zip(rows) {
            area.draw(&Text::new(tr(label), (8, 95), (FONT, 14))).map_err(failed)?;
        }
        let columns = [Msg::PotentialLow, Msg::PotentialMiddle, Msg::PotentialHigh];
        for (area, label) in potential.split_evenly((1, 3)).iter().zip(columns) {
            area.draw(&Text::new(format!("{} {}", tr(Msg::PotentialAxis), tr(label)), (60, 10), (FONT, 14)))
                .map_err(failed)?;
        }
        for (area, b) in cells.split_evenly((3, 3)).iter().zip(NINE_BOX_ROWS.iter().flatten()) {
            let count = grid.boxes[usize::from(b - 1)].len();
            // From white to deep blue by the count.
            let depth = count as f64 / max as f64;
            let shade = |full: u8| (255.0 - depth * (255.0 - f64::from(full))) as u8;
            area.fill(&RGBColor(shade(30), shade(80), shade(160))).map_err(failed)?;
            let ink = if depth > 0.55 { WHITE } else { BLACK };
            let (w, h) = area.dim_in_pixel();
            area.draw(&Rectangle::new([(0, 0), (w as i32 - 1, h as i32 - 1)], BLACK.stroke_width(1)))
                .map_err(failed)?;
            area.draw(&Text::new(format!("[{b}]  {count}"), (12, 14), (FONT, 24).into_font().color(&ink)))
                .map_err(failed)?;
            let follow = truncate(tr(box_follow_up(*b)), 34);
            area.draw(&Text::new(follow, (12, 160), (FONT, 12).into_font().color(&ink))).map_err(failed)?;
        }
        Ok(())
    })?;
    Ok(Outcome::Done)
}
