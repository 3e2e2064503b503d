//! The analysis views of the right-hand pane, one module each: gaps (a unit's matrix, a
//! position's holders), candidates (and their comparison), nine-box, training needs,
//! formation. Only the rows on screen are written out (a province's candidate list has
//! 60 000 rows; each row's reasons are worked out as it is drawn).

mod candidates;
mod formation;
mod gaps;
mod ninebox;
mod performance;
mod training;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::app::question::{Answer, Candidates, PositionGaps, View, ViewState};
use crate::app::{App, Pane};
use crate::i18n::trf;
use crate::i18n::{Msg, tr};
use crate::model::text::truncate;
use crate::queries::StaffData;
use crate::rules::gaps::GapMatrix;
use crate::rules::ranking::{Standing, explain};
use crate::rules::workforce::{FormationPlan, NineBoxGrid, TrainingNeed, box_follow_up};
use unicode_width::UnicodeWidthStr;

pub use candidates::comparison;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the Gaps or Candidates view into `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let focused = app.focus == Pane::Details;
    let title = match app.views.shown {
        View::Candidates => tr(Msg::Candidates),
        View::NineBox => tr(Msg::NineBox),
        View::Training => tr(Msg::TrainingNeeds),
        View::Formation => tr(Msg::FormationPlan),
        View::Performance => tr(Msg::Performance),
        _ => tr(Msg::Gaps),
    };
    let block = super::pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let ViewState::Ready(computed) = &app.views.state
        && let Ok(Answer::Performance(unit, answer)) = computed.answer.as_ref()
    {
        return performance::draw(frame, inner, &unit.name, &answer.0, &answer.1, app.views.cursor, theme);
    }
    // The formation plan: with room, its years as bars above the list.
    let inner = match &app.views.state {
        ViewState::Ready(computed) => match computed.answer.as_ref() {
            Ok(Answer::Formation(_, plan)) => formation::years_chart(frame, inner, &plan.1, theme),
            _ => inner,
        },
        _ => inner,
    };
    let width = inner.width as usize;
    let height = inner.height as usize;
    let lines = match &app.views.state {
        ViewState::Idle => vec![Line::styled(
            tr(if app.views.shown == View::Candidates { Msg::SelectForCandidates } else { Msg::SelectForGaps }),
            theme.dim(),
        )],
        ViewState::Waiting(_, since) => {
            let elapsed = since.elapsed();
            let frame_no = (elapsed.as_millis() / 80) as usize % SPINNER.len();
            vec![Line::from(format!("{} {}… {:.1} s", SPINNER[frame_no], tr(Msg::Computing), elapsed.as_secs_f64()))]
        }
        ViewState::Ready(computed) => match computed.answer.as_ref() {
            Err(e) => vec![Line::styled(e.clone(), theme.shortage())],
            Ok(
                Answer::Nothing
                | Answer::Problems(_)
                | Answer::Performance(..)
                | Answer::StaffProfile(..)
                | Answer::PositionHistory(..),
            ) => {
                vec![Line::styled(tr(Msg::SelectForCandidates), theme.dim())]
            }
            Ok(Answer::UnitGaps(unit, matrix)) => {
                let took = format!("{} {} ms", tr(Msg::Took), computed.took.as_millis());
                let focus = app.views.gap_focus.as_ref();
                gaps::matrix_lines(&unit.name, matrix, focus, &took, app.views.cursor, width, height, theme)
            }
            Ok(Answer::PositionGaps(g)) => gaps::position_gap_lines(g, app, width, height, theme),
            Ok(Answer::Candidates(c)) => {
                let took = format!("{} {} ms", tr(Msg::Took), computed.took.as_millis());
                candidates::candidate_lines(c, app, &took, width, height, theme)
            }
            Ok(Answer::NineBox(unit, answer)) => {
                let (walked, listing) = (app.views.nine_box.unwrap_or(9), app.views.box_listing);
                let cursor = app.views.cursor;
                ninebox::nine_box_lines(&unit.name, &answer.0, &answer.1, walked, listing, cursor, width, height, theme)
            }
            Ok(Answer::Training(unit, needs)) => {
                training::training_lines(&unit.name, &needs.0, &needs.1, app.views.cursor, width, height, theme)
            }
            Ok(Answer::Formation(unit, plan)) => {
                let only = app.views.shortages_only;
                formation::formation_lines(&unit.name, &plan.0, &plan.1, only, app.views.cursor, width, height, theme)
            }
        },
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The first row of a window of `height` rows that keeps `cursor` in view.
pub(super) fn window_start(cursor: usize, height: usize) -> usize {
    cursor.saturating_sub(height.saturating_sub(1))
}

/// A cell of a gap grid, the grid a heat map: the gap with its symbol (which carries
/// the meaning without colour), on a background that deepens with the shortfall.
pub(super) fn gap_cell(gap: Option<f64>, theme: Theme) -> Span<'static> {
    let symbol = crate::rules::gaps::gap_symbol(gap);
    match gap {
        None => Span::styled(format!("{:>6}", symbol), theme.dim()),
        Some(g) => Span::styled(format!("{g:>+5.1}{symbol}"), theme.heat(g)),
    }
}

pub(super) fn header_row(
    label_width: usize,
    label: &str,
    columns: impl Iterator<Item = String>,
    theme: Theme,
) -> Line<'static> {
    let mut spans = vec![Span::styled(format!("{:<label_width$}", truncate(label, label_width)), theme.heading())];
    spans.extend(columns.map(|c| Span::styled(format!("{:>6}", truncate(&c, 5)), theme.heading())));
    Line::from(spans)
}
