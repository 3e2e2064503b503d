//! The analysis views' questions (gaps, candidates, nine-box, training needs,
//! formation, and the problems list): what each asks for when the selection changes,
//! and what comes back. The work itself (`ui::worker::compute`) runs off the interface
//! thread; the application only records the request and takes the answer, so a newer
//! selection simply makes an older answer stale.

use std::sync::Arc;

use crate::model::{Employee, Position, PositionId, Unit, UnitId};
use crate::queries::{CandidateList, StaffData};
use crate::rules::RuleSet;
use crate::rules::gaps::{GapMatrix, Holder};
use crate::rules::jpm::JobPersonMatch;
use crate::rules::workforce::{FormationPlan, NineBoxGrid, TrainingNeed};

/// Questions for the worker: the one not yet handed over, and the last number given.
#[derive(Default)]
pub struct Jobs {
    /// A question not yet handed to the worker.
    pub out: Option<Job>,
    /// The number of the last question asked.
    pub last: u64,
}

/// Years the interface's formation plan looks ahead.
pub const FORMATION_YEARS: u16 = 5;

/// Completed years the interface's performance monitoring looks back.
pub const MONITORING_YEARS: u16 = 5;

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
    /// The nine-box of the selected unit's staff.
    NineBox,
    /// Training needs of the selected unit's staff.
    Training,
    /// The formation plan of the selected unit's subtree.
    Formation,
    /// The performance monitoring of the selected unit's subtree.
    Performance,
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
    /// Candidates for the head position of a unit.
    HeadCandidates(UnitId),
    /// A unit's nine-box.
    NineBox(UnitId),
    /// A unit's training needs.
    Training(UnitId),
    /// A unit's formation plan.
    Formation(UnitId),
    /// A unit's performance monitoring.
    Performance(UnitId),
    /// Who a unit's staff are (its details' pictures), and its latest changes.
    StaffProfile(UnitId),
    /// A position's latest changes and former holders (its details' history).
    PositionHistory(PositionId),
    /// The structural checks of the whole database, their messages in a language.
    Problems(crate::i18n::Lang),
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
    /// The review of the position's candidates as stored when they were ranked.
    pub review: Option<crate::model::Review>,
}

/// An answer.
pub enum Answer {
    /// A unit's gap matrix.
    UnitGaps(Unit, GapMatrix),
    /// A position's gaps.
    PositionGaps(PositionGaps),
    /// Candidates.
    Candidates(Box<Candidates>),
    /// A unit's nine-box, with the staff it names.
    NineBox(Unit, Box<(StaffData, NineBoxGrid)>),
    /// A unit's training needs, with the staff they name.
    Training(Unit, Box<(StaffData, Vec<TrainingNeed>)>),
    /// A unit's formation plan, with the staff it names.
    Formation(Unit, Box<(StaffData, FormationPlan)>),
    /// A unit's performance monitoring, with the staff it names.
    Performance(Unit, Box<(StaffData, crate::queries::Monitored)>),
    /// Who a unit's staff are, and the latest changes that name it, newest first.
    StaffProfile(UnitId, crate::rules::workforce::StaffProfile, Vec<crate::model::JournalEntry>),
    /// A position's history: the latest changes that name it and who held it before,
    /// each newest first.
    PositionHistory(PositionId, Box<PositionHistory>),
    /// The findings of the structural checks, each with the node it leads to.
    Problems(Vec<(crate::rules::checks::Finding, Option<super::Target>)>),
    /// The selection has nothing to show in this view (a unit without a head position
    /// in the candidates view).
    Nothing,
}

/// What a position's details show of its past.
#[derive(Debug)]
pub struct PositionHistory {
    /// The latest changes that name the position, newest first.
    pub changes: Vec<crate::model::JournalEntry>,
    /// Its latest former holders (from the position histories), newest first.
    pub former: Vec<FormerHolder>,
    /// How many former holders there are in all.
    pub former_total: usize,
}

/// One who held a position before.
#[derive(Debug)]
pub struct FormerHolder {
    /// Their NIP.
    pub nip: crate::model::Nip,
    /// Their name, when they are still in the database.
    pub name: Option<String>,
    /// The post as their history has it.
    pub post: crate::model::PostHeld,
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
#[derive(Clone, Debug, Default)]
pub enum ViewState {
    /// Nothing asked.
    #[default]
    Idle,
    /// Waiting for the answer to a job, asked at a time.
    Waiting(Job, std::time::Instant),
    /// The answer.
    Ready(Computed),
}

/// Which candidates the list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CandidateFilter {
    /// Everyone.
    #[default]
    All,
    /// The eligible only.
    Eligible,
    /// The near misses only.
    NearMisses,
    /// Those in a post as high as the target (a rotation, not a promotion).
    Rotations,
    /// The talent pool: boxes 7, 8 and 9.
    TalentPool,
    /// Those with a decision or a note.
    Reviewed,
}

impl CandidateFilter {
    /// The next filter, for the key that cycles them.
    pub fn next(self) -> CandidateFilter {
        match self {
            CandidateFilter::All => CandidateFilter::Eligible,
            CandidateFilter::Eligible => CandidateFilter::NearMisses,
            CandidateFilter::NearMisses => CandidateFilter::Rotations,
            CandidateFilter::Rotations => CandidateFilter::TalentPool,
            CandidateFilter::TalentPool => CandidateFilter::Reviewed,
            CandidateFilter::Reviewed => CandidateFilter::All,
        }
    }

    /// Its name on screen.
    pub fn label(self) -> &'static str {
        use crate::i18n::{Msg, tr};
        tr(match self {
            CandidateFilter::All => Msg::FilterAll,
            CandidateFilter::Eligible => Msg::Eligible,
            CandidateFilter::NearMisses => Msg::NearMissesShort,
            CandidateFilter::Rotations => Msg::RotationsShort,
            CandidateFilter::TalentPool => Msg::TalentPool,
            CandidateFilter::Reviewed => Msg::Reviewed,
        })
    }
}

/// The column the list is sorted by, within each of eligible, near misses and others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CandidateSort {
    /// The ranking's order (score, then NIP).
    #[default]
    Score,
    /// JPM against the position's standard, highest first.
    Jpm,
    /// Nine-box number, highest first.
    NineBox,
    /// Grade, highest first.
    Grade,
    /// Name.
    Name,
    /// Decision: nominated, shortlisted, rejected, none.
    Decision,
}

impl CandidateSort {
    /// The next column, for the key that cycles them.
    pub fn next(self) -> CandidateSort {
        match self {
            CandidateSort::Score => CandidateSort::Jpm,
            CandidateSort::Jpm => CandidateSort::NineBox,
            CandidateSort::NineBox => CandidateSort::Grade,
            CandidateSort::Grade => CandidateSort::Name,
            CandidateSort::Name => CandidateSort::Decision,
            CandidateSort::Decision => CandidateSort::Score,
        }
    }

    /// Its name on screen.
    pub fn label(self) -> &'static str {
        use crate::i18n::{Msg, tr};
        match self {
            CandidateSort::Score => tr(Msg::Score),
            CandidateSort::Jpm => "JPM",
            CandidateSort::NineBox => "Box",
            CandidateSort::Grade => tr(Msg::Grade),
            CandidateSort::Name => tr(Msg::Name),
            CandidateSort::Decision => tr(Msg::Decision),
        }
    }
}

/// The entries of the candidate list to show, as indexes into the ranking: those the
/// filter keeps, eligible then near misses then the rest, each group in the sort's
/// order (ties keep the ranking's order).
pub fn visible_entries(
    c: &Candidates,
    review: Option<&crate::model::Review>,
    filter: CandidateFilter,
    sort: CandidateSort,
    rules: &RuleSet,
) -> Vec<u32> {
    use crate::model::Decision;
    use crate::rules::ranking::Standing;
    let list = &c.list;
    let decision = |nip| review.and_then(|r| r.mark(nip)).and_then(|m| m.decision);
    let mut shown: Vec<u32> = (0..list.ranking.entries.len() as u32)
        .filter(|i| {
            let e = &list.ranking.entries[*i as usize];
            match filter {
                CandidateFilter::All => true,
                CandidateFilter::Eligible => e.standing() == Standing::Eligible,
                CandidateFilter::NearMisses => e.standing() == Standing::NearMiss,
                CandidateFilter::Rotations => e.standing() == Standing::Rotation,
                CandidateFilter::TalentPool => e.nine_box.is_some_and(|b| b >= 7),
                CandidateFilter::Reviewed => review.and_then(|r| r.mark(e.nip)).is_some(),
            }
        })
        .collect();
    let entry = |i: u32| &list.ranking.entries[i as usize];
    let standing = |i: u32| entry(i).standing();
    match sort {
        CandidateSort::Score => {}
        CandidateSort::Jpm => {
            let jpm = |i: u32| {
                list.person(entry(i))
                    .and_then(|p| crate::rules::jpm::jpm_of(&list.standard, &p.levels, &rules.jpm))
                    .unwrap_or(-1.0)
            };
            let keys: std::collections::HashMap<u32, f64> = shown.iter().map(|i| (*i, jpm(*i))).collect();
            shown.sort_by(|a, b| standing(*a).cmp(&standing(*b)).then(keys[b].total_cmp(&keys[a])));
        }
        CandidateSort::NineBox => {
            shown.sort_by_key(|i| (standing(*i), std::cmp::Reverse(entry(*i).nine_box)));
        }
        CandidateSort::Grade => {
            shown.sort_by_key(|i| (standing(*i), std::cmp::Reverse(list.person(entry(*i)).and_then(|p| p.facts.grade))))
        }
        CandidateSort::Name => shown.sort_by_cached_key(|i| {
            (standing(*i), list.person(entry(*i)).map(|p| crate::model::text::fold(p.name)).unwrap_or_default())
        }),
        CandidateSort::Decision => shown.sort_by_key(|i| {
            let order = match decision(entry(*i).nip) {
                Some(Decision::Nominated) => 0,
                Some(Decision::Shortlisted) => 1,
                Some(Decision::Rejected) => 2,
                None => 3,
            };
            (standing(*i), order)
        }),
    }
    shown
}
