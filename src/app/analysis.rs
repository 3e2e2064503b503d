//! The Gaps and Candidates views: what they ask for when the selection changes, and
//! what comes back. The work itself ([`compute`]) runs off the interface thread (see
//! `ui::worker`); the application only records the request and takes the answer, so a
//! newer selection simply makes an older answer stale.

use std::sync::Arc;

use crate::analysis::{CandidateList, candidates, position_input, subtree_inputs};
use crate::model::{Date, Employee, Position, PositionId, Unit, UnitId};
use crate::rules::RuleSet;
use crate::rules::gaps::{GapMatrix, Holder, gap_matrix, position_gaps};
use crate::rules::jpm::JobPersonMatch;
use crate::store::Store;

/// What the right-hand pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    /// The details of the selection.
    #[default]
    Details,
    /// Competency gaps of the selection.
    Gaps,
    /// Promotion candidates for the selected position (or a unit's head position).
    Candidates,
}

/// A question for the worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// A unit's gap matrix.
    UnitGaps(UnitId),
    /// A position's holders against its standard.
    PositionGaps(PositionId),
    /// Candidates for a position.
    Candidates(PositionId),
}

/// A question with its number: answers to anything but the latest are dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Increases with every question asked.
    pub id: u64,
    /// The question.
    pub question: Question,
}

/// A position's holders against its standard.
#[derive(Clone, Debug)]
pub struct PositionGaps {
    /// The position.
    pub position: Position,
    /// Its effective standard.
    pub standard: Vec<crate::model::StandardEntry>,
    /// Each holder with their match, weakest first.
    pub rows: Vec<(Holder, JobPersonMatch)>,
}

/// Candidates for a position, with who holds it now.
pub struct Candidates {
    /// Everyone ranked.
    pub list: CandidateList,
    /// The current holders.
    pub holders: Vec<Employee>,
}

/// An answer.
pub enum Answer {
    /// A unit's gap matrix.
    UnitGaps(Unit, GapMatrix),
    /// A position's gaps.
    PositionGaps(PositionGaps),
    /// Candidates.
    Candidates(Box<Candidates>),
    /// The selection has nothing to show in this view (a unit without a head position
    /// in the candidates view).
    Nothing,
}

/// An answer as it travels back in an [`super::Action`]: shared, compared by identity.
#[derive(Clone)]
pub struct Computed {
    /// The job it answers.
    pub job: Job,
    /// The answer, or the error met.
    pub answer: Arc<Result<Answer, String>>,
    /// How long it took.
    pub took: std::time::Duration,
}

impl PartialEq for Computed {
    fn eq(&self, other: &Self) -> bool {
        self.job == other.job && Arc::ptr_eq(&self.answer, &other.answer)
    }
}

impl Eq for Computed {}

impl std::fmt::Debug for Computed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Computed({:?}, {:?})", self.job, self.took)
    }
}

/// The state of the Gaps or Candidates view.
#[derive(Clone, Default)]
pub enum ViewState {
    /// Nothing asked.
    #[default]
    Idle,
    /// Waiting for the answer to a job, asked at a time.
    Waiting(Job, std::time::Instant),
    /// The answer.
    Ready(Computed),
}

/// Answers a question; `keep_going` says whether it is still wanted (checked between
/// batches of work, so a superseded question stops early and answers `None`).
pub fn compute(
    store: &dyn Store,
    question: Question,
    rules: &RuleSet,
    today: Date,
    keep_going: &(dyn Fn() -> bool + Sync),
) -> anyhow::Result<Option<Answer>> {
    Ok(Some(match question {
        Question::UnitGaps(unit) => {
            let Some(u) = store.unit(unit)? else { return Ok(Some(Answer::Nothing)) };
            let inputs = subtree_inputs(store, unit, rules)?;
            if !keep_going() {
                return Ok(None);
            }
            Answer::UnitGaps(u, gap_matrix(&inputs))
        }
        Question::PositionGaps(id) => {
            let Some(p) = store.position(id)? else { return Ok(Some(Answer::Nothing)) };
            let input = position_input(store, p, rules)?;
            let rows = position_gaps(&input, &rules.jpm).into_iter().map(|(h, m)| (h.clone(), m)).collect();
            Answer::PositionGaps(PositionGaps { position: input.position, standard: input.standard, rows })
        }
        Question::Candidates(id) => {
            let Some(p) = store.position(id)? else { return Ok(Some(Answer::Nothing)) };
            let Some(list) = candidates(store, &p, false, rules, today, keep_going)? else { return Ok(None) };
            Answer::Candidates(Box::new(Candidates { list, holders: store.holders(id)? }))
        }
    }))
}
