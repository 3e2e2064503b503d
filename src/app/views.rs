//! The interface's analysis views on the application: asking the question a view needs
//! for the selection, taking the answer, and the keys of those views (moving, opening,
//! and the review of candidates: decide, note, undo, filter, sort, compare).

use super::keymap::KeyAction;
use super::tree::NodeId;
use super::{App, Mode, Pane, question};
use crate::i18n::{Msg, tr, trf};
use crate::model::{Decision, Nip};

impl App {
    /// Asks the question the current view needs for the selection, unless it is the
    /// one already asked or answered.
    pub(super) fn ask(&mut self) -> anyhow::Result<()> {
        use question::{Question, View, ViewState};
        let question = match (self.views.shown, self.tree.selected()) {
            (View::Gaps, Some(NodeId::Unit(u))) => Some(Question::UnitGaps(u)),
            (View::Gaps, Some(NodeId::Position(p))) => Some(Question::PositionGaps(p)),
            (View::Candidates, Some(NodeId::Position(p))) => Some(Question::Candidates(p)),
            // A position's unit stands for it in the views of a unit's staff.
            (View::NineBox | View::Training | View::Formation | View::Performance, Some(node)) => {
                let unit = match (node, self.tree.info(node)) {
                    (NodeId::Unit(u), _) => Some(u),
                    (NodeId::Position(_), Some(super::tree::RowInfo::Position { position, .. })) => Some(position.unit),
                    (NodeId::Position(_) | NodeId::Holding | NodeId::Person(_), _) => None,
                };
                unit.map(|u| match self.views.shown {
                    View::NineBox => Question::NineBox(u),
                    View::Training => Question::Training(u),
                    View::Performance => Question::Performance(u),
                    _ => Question::Formation(u),
                })
            }
            // For a unit: candidates for its head position.
            (View::Candidates, Some(NodeId::Unit(u))) => Some(Question::HeadCandidates(u)),
            // A unit's details draw who its staff are, worked out in the background.
            (View::Details, Some(NodeId::Unit(u))) => Some(Question::StaffProfile(u)),
            (View::Details, Some(NodeId::Position(p))) => Some(Question::PositionHistory(p)),
            _ => None,
        };
        let asked = match &self.views.state {
            ViewState::Waiting(job, _) => Some(job.question),
            ViewState::Ready(c) => Some(c.job.question),
            ViewState::Idle => None,
        };
        if question == asked {
            return Ok(());
        }
        self.views.cursor = 0;
        self.views.box_listing = false;
        self.views.gap_focus = None;
        self.views.state = match question {
            Some(question) => {
                self.jobs.last += 1;
                let job = question::Job { id: self.jobs.last, question };
                self.jobs.out = Some(job);
                ViewState::Waiting(job, std::time::Instant::now())
            }
            None => ViewState::Idle,
        };
        Ok(())
    }

    /// Keys while the Gaps or Candidates view has the keyboard: move among its rows;
    /// Enter opens a candidate's or holder's profile, or goes to a matrix row's position.
    pub(super) fn view_key(&mut self, key: KeyAction) -> anyhow::Result<()> {
        use KeyAction as K;
        use question::{Answer, ViewState};
        let page = self.areas().details.height.saturating_sub(6).max(1) as usize;
        if self.views.key(key, page) == super::component::Outcome::Handled {
            return Ok(());
        }
        match key {
            K::Open | K::Expand => {
                let ViewState::Ready(c) = &self.views.state else { return Ok(()) };
                let answer = c.answer.clone();
                let (nip, position) = match answer.as_ref() {
                    Ok(Answer::Candidates(c)) => (
                        self.views
                            .visible
                            .get(self.views.cursor)
                            .and_then(|i| c.list.ranking.entries.get(*i as usize))
                            .map(|e| e.nip),
                        None,
                    ),
                    Ok(Answer::PositionGaps(g)) => (g.rows.get(self.views.cursor).map(|(h, _)| h.nip), None),
                    Ok(Answer::UnitGaps(_, m)) => {
                        let listed = m.listed(self.views.gap_focus.as_ref());
                        (None, listed.get(self.views.cursor).map(|r| r.position.id))
                    }
                    // Enter on a box lists its people; on a person, opens the profile.
                    Ok(Answer::NineBox(..)) if !self.views.box_listing => {
                        self.views.box_listing = true;
                        self.views.cursor = 0;
                        return Ok(());
                    }
                    Ok(Answer::NineBox(_, answer)) => {
                        let b = usize::from(self.views.nine_box.unwrap_or(9) - 1);
                        (answer.1.boxes[b].get(self.views.cursor).map(|p| p.nip), None)
                    }
                    Ok(Answer::Formation(_, answer)) => {
                        let (data, plan) = answer.as_ref();
                        let row = plan.listed(self.views.shortages_only).nth(self.views.cursor).map(|(_, r)| r);
                        (None, row.and_then(|r| data.position(r.position?)).map(|p| p.id))
                    }
                    Ok(Answer::Performance(_, answer)) => {
                        // The sub-units come first: Enter on one goes to it, and the
                        // view follows to show its own sub-units.
                        let m = &answer.1;
                        let order = m.monitoring.weakest_first();
                        if let Some(unit) = order.get(self.views.cursor).and_then(|b| m.branches.get(*b)) {
                            let step = super::effect::TreeStep::Reveal { node: NodeId::Unit(unit.id) };
                            self.record_jump();
                            self.tree_step(&super::tree::Fetched::default(), step)?;
                            return self.ask();
                        }
                        let at = self.views.cursor - m.branches.len();
                        (m.monitoring.follow_ups.get(at).map(|f| f.nip), None)
                    }
                    _ => (None, None),
                };
                if let Some(nip) = nip {
                    self.effect(super::effect::Effect::Load(super::effect::Load::Profile { nip, go_to: false }));
                } else if let Some(id) = position {
                    let step = super::effect::TreeStep::Reveal { node: NodeId::Position(id) };
                    self.record_jump();
                    self.tree_step(&super::tree::Fetched::default(), step)?;
                    self.focus = Pane::Tree;
                }
            }
            K::Shortlist | K::Reject | K::Nominate if self.candidates().is_some() => {
                let decision = match key {
                    K::Shortlist => Decision::Shortlisted,
                    K::Reject => Decision::Rejected,
                    _ => Decision::Nominated,
                };
                let done = match decision {
                    Decision::Shortlisted => Msg::Shortlisted,
                    Decision::Rejected => Msg::Rejected,
                    Decision::Nominated => Msg::Nominated,
                };
                let mut displaced = None;
                self.record(|review, nip, stamp| {
                    let decided = review.decide(nip, decision, stamp);
                    displaced = decided.displaced;
                    if decided.taken_back { Msg::DecisionRemoved } else { done }
                })?;
                // Taking the nomination from someone else is said out loud: the record
                // keeps it too (their mark names who displaced them).
                if let Some(previous) = displaced {
                    let name = self.candidates().and_then(|c| {
                        let entry = c.list.ranking.entries.iter().find(|e| e.nip == previous)?;
                        Some(c.list.person(entry)?.name.to_string())
                    });
                    let who = name.map_or_else(|| previous.to_string(), |n| format!("{n} ({previous})"));
                    self.say(trf(Msg::NominationMoved, &[&who]));
                }
            }
            K::Undo if self.candidates().is_some() => {
                if self.read_only {
                    self.say(tr(Msg::ReadOnlyRefused));
                } else if let Some(review) = self.views.review.as_mut().filter(|r| r.can_undo()) {
                    let before = Some(review.clone());
                    review.undo();
                    let after = review.clone();
                    self.effect(super::effect::Effect::SaveReview { before, after });
                    self.say(tr(Msg::Undone));
                    self.refresh_visible(self.selected_candidate());
                } else {
                    self.say(tr(Msg::NothingToUndo));
                }
            }
            K::Note if self.candidates().is_some() => {
                if self.read_only {
                    self.say(tr(Msg::ReadOnlyRefused));
                } else if let Some(nip) = self.selected_candidate() {
                    self.note.input.set(
                        self.views
                            .review
                            .as_ref()
                            .and_then(|r| r.mark(nip))
                            .and_then(|m| m.note.clone())
                            .unwrap_or_default(),
                    );
                    self.mode = Mode::Note;
                }
            }
            K::Filter | K::Sort if self.candidates().is_some() => {
                if key == K::Filter {
                    self.views.filter = self.views.filter.next();
                } else {
                    self.views.sort = self.views.sort.next();
                }
                self.refresh_visible(self.selected_candidate());
                self.say(format!(
                    "{}: {} · {}: {}",
                    tr(Msg::Filtered),
                    self.views.filter.label(),
                    tr(Msg::SortedBy),
                    self.views.sort.label()
                ));
            }
            // A unit's gap grid: f lists the positions short in one competency, the next
            // each time, then all again.
            K::Filter => {
                let ViewState::Ready(c) = &self.views.state else { return Ok(()) };
                let Ok(Answer::UnitGaps(_, m)) = c.answer.as_ref() else { return Ok(()) };
                let next = match &self.views.gap_focus {
                    None => m.competencies.first().cloned(),
                    Some(now) => {
                        let at = m.competencies.iter().position(|c| c == now);
                        at.and_then(|i| m.competencies.get(i + 1)).cloned()
                    }
                };
                self.say(match &next {
                    Some(c) => trf(Msg::GapsShortIn, &[&crate::i18n::label::competency(c)]),
                    None => tr(Msg::GapsAll).to_string(),
                });
                self.views.gap_focus = next;
                self.views.cursor = 0;
            }
            K::Compare if self.candidates().is_some() => {
                if let Some(nip) = self.selected_candidate() {
                    if let Some(i) = self.views.compare.iter().position(|n| *n == nip) {
                        self.views.compare.remove(i);
                    } else if self.views.compare.len() < 3 {
                        self.views.compare.push(nip);
                    } else {
                        self.say(tr(Msg::CompareFull));
                        return Ok(());
                    }
                    self.say(format!("{} {}", self.views.compare.len(), tr(Msg::CompareMarked)));
                }
            }
            K::ShowComparison if self.candidates().is_some() => {
                if self.views.compare.len() >= 2 {
                    self.views.comparing = !self.views.comparing;
                } else {
                    self.say(tr(Msg::CompareNeedsTwo));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The NIP of the highlighted candidate.
    pub fn selected_candidate(&self) -> Option<Nip> {
        let c = self.candidates()?;
        let i = *self.views.visible.get(self.views.cursor)?;
        c.list.ranking.entries.get(i as usize).map(|e| e.nip)
    }

    /// Lists the candidates the filter keeps, in the sort's order, keeping the cursor
    /// on `keep` when it is still listed.
    pub(super) fn refresh_visible(&mut self, keep: Option<Nip>) {
        self.views.visible = match self.candidates() {
            Some(c) => question::visible_entries(
                c,
                self.views.review.as_ref(),
                self.views.filter,
                self.views.sort,
                &self.rules,
            ),
            None => Vec::new(),
        };
        let at = keep.and_then(|nip| {
            let c = self.candidates()?;
            self.views.visible.iter().position(|i| c.list.ranking.entries.get(*i as usize).map(|e| e.nip) == Some(nip))
        });
        self.views.cursor = at.unwrap_or(self.views.cursor.min(self.views.visible.len().saturating_sub(1)));
    }

    /// Changes the review of the shown position for the highlighted candidate, saves it,
    /// and says what `change` says was done; refused in read-only mode.
    pub(super) fn record(
        &mut self,
        change: impl FnOnce(&mut crate::model::Review, Nip, crate::model::Stamp) -> Msg,
    ) -> anyhow::Result<()> {
        if self.read_only {
            self.say(tr(Msg::ReadOnlyRefused));
            return Ok(());
        }
        let (Some(nip), Some(code)) =
            (self.selected_candidate(), self.candidates().map(|c| c.list.target.code.clone()))
        else {
            return Ok(());
        };
        let stamp = crate::model::Stamp { user: self.user.clone(), at: (self.clock)() };
        let before = self.views.review.clone();
        let review = self.views.review.get_or_insert_with(|| crate::model::Review::new(&code));
        let done = change(review, nip, stamp);
        let after = review.clone();
        self.effect(super::effect::Effect::SaveReview { before, after });
        self.say(tr(done));
        self.refresh_visible(Some(nip));
        Ok(())
    }
}
