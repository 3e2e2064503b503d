//! The worker: one thread that answers the analysis views' questions, so
//! that the interface keeps drawing and reading keys while it works. Each question
//! carries a number; asking a newer one makes the worker drop the older, and stops it
//! between batches if it had begun.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::question::{Computed, Job, compute};
use crate::edit::DraftView;
use crate::model::Date;
use crate::rules::RuleSet;
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
