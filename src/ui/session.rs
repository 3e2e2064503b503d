//! The effect loop: the one place where the interface's effects are performed. It holds
//! the store and the open draft's view (built once per change of draft, not per key),
//! hands each action to [`App::update`], performs the effects it returns in order, and
//! feeds what came of each back as [`Action::Done`], until none is left.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::app::effect::{Done, Effect, Refusal};
use crate::app::{Action, App, question};
use crate::edit::{self, DraftView};
use crate::model::Origin;
use crate::store::Store;

/// The store an interface works on, and the structure it shows.
pub struct Session<'s> {
    base: &'s dyn Store,
    draft: Option<Arc<DraftView<'s>>>,
}

impl<'s> Session<'s> {
    /// A session on `base`, showing the committed structure.
    pub fn new(base: &'s dyn Store) -> Session<'s> {
        Session { base, draft: None }
    }

    /// The structure shown: the open draft's view, or the store.
    pub fn shown(&self) -> &dyn Store {
        match &self.draft {
            Some(view) => view.as_ref(),
            None => self.base,
        }
    }

    /// The open draft's view, for the worker (the analyses read the draft too).
    pub fn draft_view(&self) -> Option<Arc<DraftView<'s>>> {
        self.draft.clone()
    }

    /// Hands `action` to the app and performs every effect that follows from it.
    pub fn dispatch(&mut self, app: &mut App, action: Action) {
        let mut queue: VecDeque<Effect> = app.update(self.shown(), action).into();
        while let Some(effect) = queue.pop_front() {
            let done = self.perform(effect);
            queue.extend(app.update(self.shown(), Action::Done(Box::new(done))));
        }
    }

    /// Answers the view's pending question here and now (tests, and benchmarks, have no
    /// worker thread).
    pub fn answer_now(&mut self, app: &mut App) {
        let Some(job) = app.job_out.take() else { return };
        let start = std::time::Instant::now();
        let answer = match question::compute(self.shown(), job.question, &app.rules, app.today, &|| true) {
            Ok(Some(a)) => Ok(a),
            Ok(None) => return,
            Err(e) => Err(format!("{e:#}")),
        };
        let took = start.elapsed();
        self.dispatch(app, Action::Computed(question::Computed { job, answer: Arc::new(answer), took }));
    }

    fn perform(&mut self, effect: Effect) -> Done {
        let base = self.base;
        let failed = |e: &dyn std::fmt::Display| e.to_string();
        match effect {
            Effect::Commit { ops, reason, repeat } => {
                let result = edit::commit(base, ops.clone(), Origin::Edit, reason, None).map_err(Refusal::from);
                Done::Committed { ops, repeat, result }
            }
            Effect::Undo { redo } => {
                Done::Undone(if redo { edit::redo(base) } else { edit::undo(base) }.map_err(Refusal::from))
            }
            Effect::ApplyDraft(draft) => Done::Applied(edit::apply_draft(base, &draft).map_err(Refusal::from)),
            Effect::SaveDraft(draft) => Done::Written(base.put_draft(&draft).map_err(|e| failed(&e))),
            Effect::RemoveDraft(name) => Done::Written(base.remove_draft(&name).map(drop).map_err(|e| failed(&e))),
            Effect::SaveReview(review) => match base.put_review(&review) {
                Ok(()) => Done::Written(Ok(())),
                Err(e) => Done::ReviewKept { error: failed(&e), stored: base.review(&review.position).ok().flatten() },
            },
            Effect::Export(dir) => {
                let result = base
                    .load_dataset()
                    .map_err(anyhow::Error::from)
                    .and_then(|data| crate::interchange::export(&data, &dir).map_err(anyhow::Error::from))
                    .map_err(|e| format!("{e:#}"));
                Done::Exported { dir, result }
            }
            Effect::Diff(draft) => match crate::app::drafts::diff_lines(base, &draft) {
                Ok((title, lines)) => Done::Diff { title, lines },
                Err(e) => Done::Written(Err(format!("{e:#}"))),
            },
            Effect::Show(name) => self.show(name),
        }
    }

    /// Builds the view of the draft `name` (or drops it, for the committed structure).
    fn show(&mut self, name: Option<String>) -> Done {
        self.draft = None;
        let none = |error: Option<String>| Done::Shown {
            draft: None,
            error,
            marks: Default::default(),
            ghosts: Default::default(),
        };
        let Some(name) = name else { return none(None) };
        let draft = match self.base.drafts() {
            Ok(drafts) => drafts.into_iter().find(|d| d.name == name),
            Err(e) => return none(Some(format!("{e:#}"))),
        };
        // A draft dropped meanwhile: show the committed structure.
        let Some(draft) = draft else { return none(None) };
        let view = edit::staged_draft(self.base, &draft)
            .map_err(anyhow::Error::from)
            .and_then(|staged| Ok(DraftView::new(staged)?))
            .and_then(|view| Ok((crate::app::drafts::marks_of(&view)?, view)));
        match view {
            Ok(((marks, ghosts), view)) => {
                self.draft = Some(Arc::new(view));
                Done::Shown { draft: Some(name), error: None, marks, ghosts }
            }
            // The committed structure moved on under the draft: leave it, say why.
            Err(e) => none(Some(format!("draft {name}: {e:#}"))),
        }
    }
}
