//! The worker: one thread that answers the analysis views' questions, so
//! that the interface keeps drawing and reading keys while it works. Each question
//! carries a number; asking a newer one makes the worker drop the older, and stops it
//! between batches if it had begun.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::question::{
    Answer, Candidates, Computed, FORMATION_YEARS, Job, MONITORING_YEARS, PositionGaps, Question,
};
use crate::edit::DraftView;
use crate::model::Date;
use crate::queries::{candidates, position_input, staff_of, subtree_inputs};
use crate::rules::RuleSet;
use crate::rules::gaps::{gap_matrix, position_gaps};
use crate::rules::workforce::{formation_plan, nine_box_grid, training_needs};
use crate::store::Store;

/// A question, and the open draft's view to answer it on (else the store).
type Asked<'env> = (Job, Option<Arc<DraftView<'env>>>);

/// The interface's end of the worker.
pub struct Worker<'env> {
    jobs: Option<Sender<Asked<'env>>>,
    answers: Receiver<Computed>,
    latest: Arc<AtomicU64>,
}

impl<'env> Worker<'env> {
    /// Starts the worker thread in `scope`; it reads `store` (or the draft's view a
    /// question comes with) with `rules` as of `today`.
    pub fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        store: &'env dyn Store,
        rules: RuleSet,
        today: Date,
    ) -> Worker<'env> {
        let (jobs, inbox) = channel::<Asked<'env>>();
        let (outbox, answers) = channel::<Computed>();
        let latest = Arc::new(AtomicU64::new(0));
        let wanted = latest.clone();
        scope.spawn(move || {
            while let Ok((mut job, mut view)) = inbox.recv() {
                // Only the newest of the questions waiting matters.
                while let Ok((newer, its_view)) = inbox.try_recv() {
                    (job, view) = (newer, its_view);
                }
                if wanted.load(Ordering::Relaxed) != job.id {
                    continue;
                }
                let start = std::time::Instant::now();
                let keep_going = || wanted.load(Ordering::Relaxed) == job.id;
                let on: &dyn Store = match &view {
                    Some(view) => view.as_ref(),
                    None => store,
                };
                let answer = match compute(on, job.question, &rules, today, &keep_going) {
                    Ok(Some(a)) => Ok(a),
                    Ok(None) => continue,
                    Err(e) => Err(format!("{e:#}")),
                };
                let computed = Computed { job, answer: Arc::new(answer), took: start.elapsed() };
                if outbox.send(computed).is_err() {
                    return;
                }
            }
        });
        Worker { jobs: Some(jobs), answers, latest }
    }

    /// Hands over a question, to be answered on the open draft's view if there is one;
    /// any older question still running stops.
    pub fn ask(&self, job: Job, draft: Option<Arc<DraftView<'env>>>) {
        self.latest.store(job.id, Ordering::Relaxed);
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send((job, draft));
        }
    }

    /// An answer, if one has come.
    pub fn answer(&self) -> Option<Computed> {
        self.answers.try_recv().ok()
    }
}

impl Drop for Worker<'_> {
    /// Stops whatever runs and lets the thread end, so that quitting never waits
    /// for a computation nobody will read.
    fn drop(&mut self) {
        self.latest.store(u64::MAX, Ordering::Relaxed);
        self.jobs.take();
    }
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
        Question::NineBox(unit)
        | Question::Training(unit)
        | Question::Formation(unit)
        | Question::Performance(unit) => {
            let Some(u) = store.unit(unit)? else { return Ok(Some(Answer::Nothing)) };
            let data = staff_of(store, unit, rules)?;
            if !keep_going() {
                return Ok(None);
            }
            match question {
                Question::NineBox(_) => {
                    let grid = nine_box_grid(&data.staff(), rules);
                    Answer::NineBox(u, Box::new((data, grid)))
                }
                Question::Training(_) => {
                    let needs = training_needs(&data.staff());
                    Answer::Training(u, Box::new((data, needs)))
                }
                Question::Performance(_) => {
                    let years = crate::queries::years_before(today, MONITORING_YEARS);
                    let monitored = crate::queries::monitored(store, Some(unit), &data, years)?;
                    Answer::Performance(u, Box::new((data, monitored)))
                }
                _ => {
                    let plan = formation_plan(&data.staff(), rules, today, FORMATION_YEARS);
                    Answer::Formation(u, Box::new((data, plan)))
                }
            }
        }
        Question::StaffProfile(unit) => {
            let profile = store.staff_profile(unit, today)?;
            if !keep_going() {
                return Ok(None);
            }
            let code = store.unit(unit)?.map(|u| u.code).unwrap_or_default();
            Answer::StaffProfile(unit, profile, changes_naming(store, &code)?)
        }
        Question::PositionHistory(id) => {
            let code = store.position(id)?.map(|p| p.code).unwrap_or_default();
            let changes = changes_naming(store, &code)?;
            let mut former = if code.is_empty() { Vec::new() } else { store.former_holders(&code)? };
            let former_total = former.len();
            // The latest: those who left last.
            former.sort_by_key(|(_, post)| std::cmp::Reverse((post.to, post.from)));
            former.truncate(CHANGES_SHOWN);
            let mut named = Vec::with_capacity(former.len());
            for (nip, post) in former {
                named.push(crate::app::question::FormerHolder {
                    nip,
                    name: store.employee(nip)?.map(|e| e.name),
                    post,
                });
            }
            Answer::PositionHistory(
                id,
                Box::new(crate::app::question::PositionHistory { changes, former: named, former_total }),
            )
        }
        Question::Problems(lang) => {
            // The messages are written here, so in the interface's language.
            crate::i18n::set_lang(lang);
            let findings = store.findings(rules, today)?;
            if !keep_going() {
                return Ok(None);
            }
            Answer::Problems(problems(findings))
        }
        Question::Candidates(_) | Question::HeadCandidates(_) => {
            let position = match question {
                Question::HeadCandidates(unit) => store.positions_of(unit)?.into_iter().find(|p| p.spec.head),
                Question::Candidates(id) => store.position(id)?,
                _ => None,
            };
            let Some(p) = position else { return Ok(Some(Answer::Nothing)) };
            let Some(list) = candidates(store, &p, false, rules, today, keep_going)? else { return Ok(None) };
            let review = store.review(&p.code)?;
            Answer::Candidates(Box::new(Candidates { list, holders: store.holders(p.id)?, review }))
        }
    }))
}

/// Changes a node's details list, newest first.
const CHANGES_SHOWN: usize = 10;

/// The latest changes that name `code` (their inverses too: the post someone left),
/// newest first.
fn changes_naming(store: &dyn Store, code: &str) -> anyhow::Result<Vec<crate::model::JournalEntry>> {
    if code.is_empty() {
        return Ok(Vec::new());
    }
    let mut entries = store.journal_naming(code, Some(CHANGES_SHOWN))?;
    entries.reverse();
    Ok(entries)
}

/// The findings of the checks, each with where it leads.
fn problems(
    findings: Vec<crate::rules::checks::Finding>,
) -> Vec<(crate::rules::checks::Finding, Option<crate::app::Target>)> {
    use crate::app::Target;
    use crate::app::tree::NodeId;
    use crate::rules::checks::Node;
    findings
        .into_iter()
        .map(|f| {
            let target = match &f.node {
                Node::Unit(_) => f.unit.map(|id| Target::Node(NodeId::Unit(id))),
                Node::Position(_) => f.position.map(|id| Target::Node(NodeId::Position(id))),
                Node::Employee(nip) => Some(Target::Employee(*nip)),
                Node::Database => None,
            };
            (f, target)
        })
        .collect()
}
