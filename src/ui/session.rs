//! The effect loop: the one place where the interface's effects are performed. It holds
//! the store and the open draft's view (built once per change of draft, not per key),
//! hands each action to [`App::update`], performs the effects it returns in order, and
//! feeds what came of each back as [`Action::Done`], until none is left.

use std::collections::VecDeque;
use std::sync::Arc;

use super::reads::{self, StoreSource};
use crate::app::effect::{Done, DraftChange, Effect, Load, Prepare, Refusal, TreeStep};
use crate::app::tree::NodeId;
use crate::app::tree::{EXPAND_ALL_LIMIT, Fetched, Missing, TreeSource};
use crate::app::{Action, App, question};
use crate::edit::{self, DraftView, EditError};
use crate::i18n::{Msg, tr};
use crate::model::{Draft, Op, Origin, Review};
use crate::store::{Stats, Store};

/// The most effects one action may lead to.
const MAX_EFFECTS_PER_ACTION: usize = 10_000;

/// The store an interface works on, and the structure it shows.
pub struct Session<'s> {
    base: &'s dyn Store,
    draft: Option<Arc<DraftView<'s>>>,
    /// A draft just saved and the structure it stages, checked as it was saved: the
    /// view shown next is built from it, not staged a second time.
    saved: Option<(Draft, edit::Staged<'s>)>,
    /// The last journal entry this session has shown.
    seen_head: u64,
    /// Entries this session committed itself (not shown as others' changes).
    own: std::collections::BTreeSet<u64>,
    /// When the journal and the other users were last looked at.
    watched: Option<(std::time::Instant, std::time::Instant)>,
    /// The store could not be reached the last time it was looked at (a shared server
    /// gone): said once, and again once it is back.
    unreachable: bool,
    /// How many review decisions the store had heard of at the last look (see
    /// [`Store::heard`]).
    reviews_heard: Option<u64>,
    /// What an effect came to besides its own answer (a nomination that is a second
    /// one), handed to the app after it.
    pending_done: Vec<Done>,
    /// What printed documents say of who made them (the configuration's `[documents]`).
    pub documents: crate::config::Documents,
}

/// How often an open interface looks for others' commits (they show within a second).
const WATCH_JOURNAL: std::time::Duration = std::time::Duration::from_millis(400);

/// How often it asks who else is connected.
const WATCH_USERS: std::time::Duration = std::time::Duration::from_secs(2);

impl<'s> Session<'s> {
    /// A session on `base`, showing the committed structure.
    pub fn new(base: &'s dyn Store) -> Session<'s> {
        let seen_head = base.journal_head().unwrap_or(0);
        Session {
            base,
            draft: None,
            saved: None,
            seen_head,
            own: Default::default(),
            watched: None,
            unreachable: false,
            reviews_heard: None,
            pending_done: Vec::new(),
            documents: Default::default(),
        }
    }

    /// Reads what the interface opens on and makes it.
    pub fn open(
        &self,
        keymap: crate::app::keymap::Keymap,
        rules: crate::rules::RuleSet,
        read_only: bool,
    ) -> anyhow::Result<App> {
        let shown = self.shown();
        let source = StoreSource::new(shown);
        let mut tree = crate::app::tree::TreeModel::load(&source)?;
        let instansi = tree.visible().iter().filter(|id| matches!(id, NodeId::Unit(_))).count();
        if instansi == 1
            && let Some(root) = tree.selected()
        {
            // One instansi: open it, as the user would first.
            tree.expand(&source, root)?;
        }
        let details = reads::details(shown, tree.selected(), &rules)?;
        let opening = crate::app::Opening {
            tree,
            details,
            stats: shown.stats()?,
            location: shown.location(),
            journal_head: self.seen_head,
            user: crate::store::acting_user(shown),
        };
        App::new(opening, keymap, rules, read_only)
    }

    /// The structure shown: the open draft's view, or the store.
    pub fn shown(&self) -> &dyn Store {
        match &self.draft {
            Some(view) => view.as_ref(),
            None => self.base,
        }
    }

    /// Writes the peta jabatan of `unit` as shown (the open draft's, with its changes
    /// marked) to `path`.
    fn peta(
        &self,
        unit: &str,
        path: &std::path::Path,
        today: crate::model::Date,
        draft: Option<String>,
    ) -> anyhow::Result<Option<usize>> {
        use crate::cli::documents::{Read, write_file};
        let shown = self.shown();
        let Some(u) = shown.unit_by_code(unit)? else { anyhow::bail!("{unit}: {}", tr(Msg::NothingFound)) };
        let map = match &self.draft {
            Some(view) => crate::documents::peta_jabatan_draft(self.base, view.as_ref(), u.id)?,
            None => Some(crate::documents::peta_jabatan(self.base, &u)?),
        };
        let Some(map) = map else { anyhow::bail!("{unit}: {}", tr(Msg::NothingFound)) };
        let read = Read { map, draft: self.draft.as_ref().and(draft), today };
        write_file(shown, &self.documents, &read, path, crate::documents::chart::PaperSize::default())
    }

    /// The open draft's view, for the worker (the analyses read the draft too).
    pub fn draft_view(&self) -> Option<Arc<DraftView<'s>>> {
        self.draft.clone()
    }

    /// Hands `action` to the app and performs every effect that follows from it.
    pub fn dispatch(&mut self, app: &mut App, action: Action) {
        let mut queue: VecDeque<Effect> = app.update(action).into();
        let mut performed = 0;
        while let Some(effect) = queue.pop_front() {
            // Every effect answers what it was asked, so the chain ends; should a fault
            // make one ask again and again, the key is given up rather than the session.
            performed += 1;
            if performed > MAX_EFFECTS_PER_ACTION {
                tracing::error!("more than {MAX_EFFECTS_PER_ACTION} effects for one action; the rest dropped");
                break;
            }
            let done = self.perform(effect, app);
            if let Done::Committed { result: Ok(entry), .. }
            | Done::Undone { result: Ok(entry), .. }
            | Done::Applied(Ok(entry)) = &done
            {
                self.own.insert(entry.seq);
            }
            queue.extend(app.update(Action::Done(Box::new(done))));
            for more in std::mem::take(&mut self.pending_done) {
                queue.extend(app.update(Action::Done(Box::new(more))));
            }
        }
    }

    /// Looks for what others did meanwhile (on a shared database: other users, other
    /// jabat processes): entries of the journal this session has not shown are handed
    /// to the app as `Done::Others`, and who else is connected as `Done::Connected`.
    /// Cheap enough to call on every idle tick; it asks the store at most every
    /// [`WATCH_JOURNAL`], by the clock the caller reads (`now`: the loop's tick; a test
    /// moves it on instead of sleeping). Whether anything changed on screen.
    pub fn watch(&mut self, app: &mut App, now: std::time::Instant) -> bool {
        // The first call looks at once.
        let long_ago = |d| now.checked_sub(d).unwrap_or(now);
        let (journal_at, users_at) = *self.watched.get_or_insert((long_ago(WATCH_JOURNAL), long_ago(WATCH_USERS)));
        let mut changed = false;
        if now.duration_since(users_at) >= WATCH_USERS {
            self.watched = Some((journal_at, now));
            if let Ok(users) = self.base.others()
                && users != app.connected
            {
                self.dispatch(app, Action::Done(Box::new(Done::Connected(users))));
                changed = true;
            }
        }
        if now.duration_since(journal_at) < WATCH_JOURNAL {
            return changed;
        }
        // A store that is told of others' writes is asked only when it heard of one.
        let heard = self.base.heard();
        let reviews_heard = heard.map(|h| h.reviews);
        let reviews_may_differ = reviews_heard.is_none() || reviews_heard != self.reviews_heard;
        self.reviews_heard = reviews_heard;
        // The candidates on screen: others' decisions on them show too (reviews are kept
        // beside the journal, not in it).
        if reviews_may_differ
            && let Some(code) = app.candidates().map(|c| c.list.target.code.clone())
            && let Ok(Some(stored)) = self.base.review(&code)
            && Some(&stored) != app.views.review.as_ref()
        {
            self.dispatch(app, Action::Done(Box::new(Done::ReviewSaved(stored))));
            changed = true;
        }
        self.watched = Some((now, self.watched.map_or(now, |w| w.1)));
        if let Some(heard) = heard
            && heard.head <= self.seen_head
        {
            return changed;
        }
        let head = match self.base.journal_head() {
            Ok(h) => h,
            Err(e) => {
                if !self.unreachable {
                    tracing::warn!("looking for others' changes: {e}");
                    self.unreachable = true;
                    self.dispatch(app, Action::Done(Box::new(Done::Notice(e.to_string()))));
                }
                return true;
            }
        };
        if std::mem::take(&mut self.unreachable) {
            let back = crate::i18n::trf(crate::i18n::Msg::Reconnected, &[&self.base.location()]);
            self.dispatch(app, Action::Done(Box::new(Done::Notice(back))));
            changed = true;
        }
        if head <= self.seen_head {
            return changed;
        }
        let entries: Vec<_> = (self.seen_head + 1..=head)
            .filter(|seq| !self.own.contains(seq))
            .filter_map(|seq| self.base.journal_entry(seq).ok().flatten())
            .collect();
        self.seen_head = head;
        if entries.is_empty() {
            return changed;
        }
        let ops: Vec<Op> = entries.iter().flat_map(|e| e.ops.iter().cloned()).collect();
        let located = located(self.base, &ops);
        self.dispatch(app, Action::Done(Box::new(Done::Others { entries, located })));
        true
    }

    /// Answers the view's pending question here and now (tests, and benchmarks, have no
    /// worker thread).
    pub fn answer_now(&mut self, app: &mut App) {
        let Some(job) = app.jobs.out.take() else { return };
        let start = std::time::Instant::now();
        let answer = match super::worker::compute(self.shown(), job.question, &app.rules, app.today, &|| true) {
            Ok(Some(a)) => Ok(a),
            Ok(None) => return,
            Err(e) => Err(format!("{e:#}")),
        };
        let took = start.elapsed();
        self.dispatch(app, Action::Computed(question::Computed { job, answer: Arc::new(answer), took }));
    }

    fn perform(&mut self, effect: Effect, app: &App) -> Done {
        let base = self.base;
        let failed = |e: &dyn std::fmt::Display| e.to_string();
        match effect {
            Effect::Load(Load::Details(node)) => Done::Details {
                node,
                details: reads::details(self.shown(), node, &app.rules).map_err(|e| format!("{e:#}")),
            },
            Effect::Load(Load::Profile { nip, go_to }) => Done::Profile {
                go_to,
                view: reads::profile_view(self.shown(), nip, &app.rules.retirement)
                    .map(|v| v.map(Box::new))
                    .map_err(|e| format!("{e:#}")),
            },
            Effect::Load(Load::Rows { missing, then }) => match self.rows(app, &missing, &then) {
                Ok((fetched, stats)) => Done::Rows { fetched: Box::new(fetched), then, stats },
                Err(e) => Done::Written(Err(format!("{e:#}"))),
            },
            Effect::Load(Load::Journal) => Done::Journal(base.journal().map_err(|e| failed(&e))),
            Effect::Load(Load::Search { query, kinds, then }) => {
                let results = reads::search(self.shown(), &query, kinds.filter(), crate::app::SEARCH_LIMIT + 1)
                    .map_err(|e| failed(&e));
                Done::Found { query, then, results }
            }
            Effect::Load(Load::AddForm { parent, is_position }) => {
                match reads::free_codes(self.shown(), parent.as_deref()) {
                    Ok(codes) => Done::AddForm { parent, is_position, codes },
                    Err(e) => Done::Written(Err(format!("{e:#}"))),
                }
            }
            Effect::Load(Load::Completions { command, typed }) => {
                let options = reads::completions(self.shown(), &command, &typed).unwrap_or_default();
                Done::Completions { command, typed, options }
            }
            Effect::Load(Load::Locate(code)) => match reads::locate(self.shown(), &code) {
                Ok(target) => Done::Located { code, target },
                Err(e) => Done::Written(Err(format!("{e:#}"))),
            },
            Effect::Commit { ops, reason, repeat, then, seen } => {
                // Made looking at the structure as of the journal entry shown when it
                // began: a change by someone else since, to a node it touches, refuses it.
                let result =
                    edit::commit_seen(base, ops.clone(), Origin::Edit, reason, None, Some(seen)).map_err(Refusal::from);
                let located = located(base, &ops);
                Done::Committed { ops, repeat, then, result, located }
            }
            Effect::AddToDraft { draft, ops, reason, repeat, then } => {
                let result = self.add_to_draft(&draft, ops.clone(), reason);
                Done::DraftEdited { ops, repeat, then, result }
            }
            Effect::Prepare(what) => {
                let result = prepare(self.shown(), &what).map_err(|e| format!("{e:#}"));
                Done::Prepared { what, result }
            }
            Effect::DraftUndo(name) => self.step_draft(&name, None),
            Effect::DraftRedo(name, change) => self.step_draft(&name, Some(change)),
            Effect::OpenDraft(name) => {
                let made = match base.drafts() {
                    Ok(drafts) if drafts.iter().any(|d| d.name == name) => Ok(()),
                    Ok(_) => base.put_draft(&Draft {
                        name: name.clone(),
                        created: edit::stamp_now(base),
                        changes: Vec::new(),
                    }),
                    Err(e) => Err(e),
                };
                match made {
                    Ok(()) => self.show(Some(name), None),
                    Err(e) => Done::Written(Err(failed(&e))),
                }
            }
            Effect::RestoreDraft(draft) => {
                let result = match base.drafts() {
                    Ok(drafts) if drafts.iter().any(|d| d.name == draft.name) => Ok(false),
                    Ok(_) => base.put_draft(&draft).map(|()| true).map_err(|e| failed(&e)),
                    Err(e) => Err(failed(&e)),
                };
                Done::Restored { draft, result }
            }
            Effect::ListDrafts => {
                Done::DraftNames(base.drafts().map(|d| d.into_iter().map(|d| d.name).collect()).map_err(|e| failed(&e)))
            }
            Effect::Undo { redo } => {
                let result = if redo { edit::redo(base) } else { edit::undo(base) }.map_err(Refusal::from);
                let located = result.as_ref().map(|entry| located(base, &entry.ops)).unwrap_or_default();
                Done::Undone { result, located }
            }
            Effect::ApplyDraft(draft) => Done::Applied(edit::apply_draft(base, &draft).map_err(Refusal::from)),
            Effect::RemoveDraft(name) => Done::Written(base.remove_draft(&name).map(drop).map_err(|e| failed(&e))),
            Effect::SaveReview { before, after } => match base.update_review(before.as_ref(), &after) {
                Ok(saved) => {
                    // A new nomination of someone nominated elsewhere is said at once.
                    let new = saved.nominee().filter(|n| before.as_ref().and_then(Review::nominee) != Some(*n));
                    let elsewhere = new.and_then(|nip| {
                        let codes = Review::nominated_elsewhere(&base.reviews().ok()?, nip, &saved.position);
                        (!codes.is_empty()).then_some((nip, codes))
                    });
                    if let Some((nip, codes)) = elsewhere {
                        self.pending_done.push(Done::NominatedElsewhere { nip, codes });
                    }
                    Done::ReviewSaved(saved)
                }
                Err(e) => Done::ReviewKept { error: failed(&e), stored: base.review(&after.position).ok().flatten() },
            },
            Effect::Export(dir) => {
                let result = base
                    .load_dataset()
                    .map_err(anyhow::Error::from)
                    .and_then(|data| crate::interchange::export(&data, &dir).map_err(anyhow::Error::from))
                    .map_err(|e| format!("{e:#}"));
                Done::Exported { dir, result }
            }
            Effect::Peta { unit, path, today, draft } => {
                let result = self.peta(&unit, &path, today, draft).map_err(|e| format!("{e:#}"));
                Done::Printed { path, result }
            }
            Effect::Diff(draft) => match reads::diff_lines(base, &draft) {
                Ok((title, lines)) => Done::Diff { title, lines },
                Err(e) => Done::Written(Err(format!("{e:#}"))),
            },
            Effect::Show { draft, select } => self.show(draft, select),
        }
    }

    /// Reads the rows the tree lacks for `step`: what it asks for, and for a whole
    /// subtree or a reload all the step will need, with the counts after a change.
    fn rows(&self, app: &App, missing: &Missing, step: &TreeStep) -> anyhow::Result<(Fetched, Option<Stats>)> {
        let source = StoreSource(self.shown(), app.drafting.ghosts.clone());
        let mut fetched = Fetched::default();
        match (step, missing) {
            (TreeStep::Reload { open, .. }, _) => {
                fetched.roots = Some(source.roots()?);
                for node in open {
                    match node {
                        NodeId::Unit(unit) => _ = fetched.children.insert(*unit, source.children(*unit)?),
                        NodeId::Holding => fetched.holding = Some(source.holding()?),
                        NodeId::Position(_) | NodeId::Person(_) => {}
                    }
                }
                return Ok((fetched, Some(self.shown().stats()?)));
            }
            (_, Missing::Holding) => fetched.holding = Some(source.holding()?),
            (_, Missing::Roots) => fetched.roots = Some(source.roots()?),
            (TreeStep::ExpandAll(_), Missing::Children(from)) => {
                // In the order the tree opens them, as far as it will.
                let mut stack = vec![*from];
                while let Some(unit) = stack.pop() {
                    if fetched.children.len() >= EXPAND_ALL_LIMIT {
                        break;
                    }
                    let rows = source.children(unit)?;
                    stack.extend(rows.iter().rev().filter_map(|(id, _)| match id {
                        NodeId::Unit(u) => Some(*u),
                        _ => None,
                    }));
                    fetched.children.insert(unit, rows);
                }
            }
            (_, Missing::Children(unit)) => {
                fetched.children.insert(*unit, source.children(*unit)?);
            }
            (_, Missing::Ancestors(node)) => {
                let ancestors = source.ancestors(*node)?;
                for unit in &ancestors {
                    fetched.children.insert(*unit, source.children(*unit)?);
                }
                fetched.ancestors.insert(*node, ancestors);
            }
        }
        Ok((fetched, None))
    }

    /// Adds `ops` to the draft `name`, if the whole draft still fits the committed
    /// structure with them.
    fn add_to_draft(&mut self, name: &str, ops: Vec<Op>, reason: Option<String>) -> Result<(), Refusal> {
        let base = self.base;
        let mut draft = base
            .drafts()
            .map_err(EditError::from)?
            .into_iter()
            .find(|d| d.name == name)
            .unwrap_or_else(|| Draft { name: name.to_string(), created: edit::stamp_now(base), changes: Vec::new() });
        draft.changes.push((ops, reason));
        let staged = edit::staged_draft(base, &draft)?;
        base.put_draft(&draft).map_err(EditError::from)?;
        self.saved = Some((draft, staged));
        Ok(())
    }

    /// Takes the last change off the draft `name` (`put_back`: puts that change on).
    fn step_draft(&self, name: &str, put_back: Option<DraftChange>) -> Done {
        let redo = put_back.is_some();
        let found = self.base.drafts().map(|d| d.into_iter().find(|d| d.name == name));
        let mut draft = match found {
            Ok(Some(d)) => d,
            Ok(None) => return Done::DraftStepped { taken: None, redo, result: Err(format!("draft {name}: –")) },
            Err(e) => return Done::DraftStepped { taken: None, redo, result: Err(e.to_string()) },
        };
        let taken = match put_back {
            Some(change) => {
                draft.changes.push(change);
                None
            }
            None => match draft.changes.pop() {
                Some(change) => Some(change),
                None => return Done::DraftStepped { taken: None, redo, result: Ok(draft.ops().count()) },
            },
        };
        let result = self.base.put_draft(&draft).map(|()| draft.ops().count()).map_err(|e| e.to_string());
        Done::DraftStepped { taken: if result.is_ok() { taken } else { None }, redo, result }
    }

    /// Builds the view of the draft `name` (or drops it, for the committed structure),
    /// and finds in it what `select` names.
    fn show(&mut self, name: Option<String>, select: Option<(bool, String)>) -> Done {
        let mut shown = self.build(name);
        if let (Done::Shown { select: found, .. }, Some((is_unit, code))) = (&mut shown, select) {
            let key = (is_unit, code);
            *found = located_codes(self.shown(), std::iter::once(key.1.as_str())).get(&key).copied();
        }
        shown
    }

    fn build(&mut self, name: Option<String>) -> Done {
        self.draft = None;
        let none = |error: Option<String>| Done::Shown {
            draft: None,
            error,
            marks: Default::default(),
            ghosts: Default::default(),
            select: None,
        };
        let saved = self.saved.take();
        let Some(name) = name else { return none(None) };
        let (draft, staged) = match saved {
            Some((draft, staged)) if draft.name == name => (draft, Ok(staged)),
            _ => {
                let draft = match self.base.drafts() {
                    Ok(drafts) => drafts.into_iter().find(|d| d.name == name),
                    Err(e) => return none(Some(format!("{e:#}"))),
                };
                // A draft dropped meanwhile: show the committed structure.
                let Some(draft) = draft else { return none(None) };
                let staged = edit::staged_draft(self.base, &draft);
                (draft, staged)
            }
        };
        let view = staged
            .map_err(anyhow::Error::from)
            .and_then(|staged| Ok(DraftView::new(staged)?))
            .and_then(|view| Ok((reads::marks_of(&view)?, view)));
        match view {
            Ok(((marks, ghosts), view)) => {
                self.draft = Some(Arc::new(view));
                Done::Shown { draft: Some(draft), error: None, marks, ghosts, select: None }
            }
            // The committed structure moved on under the draft: leave it, say why.
            Err(e) => none(Some(format!("draft {name}: {e:#}"))),
        }
    }
}

/// The operations of a removal or a merge, worked out against the structure `shown`,
/// with the code of what goes.
fn prepare(shown: &dyn Store, what: &Prepare) -> anyhow::Result<(String, Vec<Op>)> {
    let staged = edit::Staged::new(shown)?;
    Ok(match what {
        Prepare::Remove(NodeId::Unit(id)) => {
            let code = shown.unit(*id)?.map(|u| u.code).unwrap_or_default();
            let ops = edit::remove_unit_ops(&staged, &code)?;
            (code, ops)
        }
        Prepare::Remove(NodeId::Position(id)) => {
            let code = shown.position(*id)?.map(|p| p.code).unwrap_or_default();
            let ops = edit::remove_position_ops(&staged, &code)?;
            (code, ops)
        }
        Prepare::Merge { from, into } => (from.clone(), edit::merge_ops(&staged, from, into)?),
        Prepare::Remove(NodeId::Holding | NodeId::Person(_)) => (String::new(), Vec::new()),
    })
}

/// What the codes `ops` name are in `store` now.
fn located(store: &dyn Store, ops: &[Op]) -> crate::app::effect::Located {
    located_codes(store, ops.iter().flat_map(|op| op.codes()))
}

/// Each code as a unit's and as a position's, where it is one.
fn located_codes<'a>(store: &dyn Store, codes: impl Iterator<Item = &'a str>) -> crate::app::effect::Located {
    let mut found = crate::app::effect::Located::new();
    for code in codes {
        if let Ok(Some(u)) = store.unit_by_code(code) {
            found.insert((true, code.to_string()), NodeId::Unit(u.id));
        }
        if let Ok(Some(p)) = store.position_by_code(code) {
            found.insert((false, code.to_string()), NodeId::Position(p.id));
        }
    }
    found
}
