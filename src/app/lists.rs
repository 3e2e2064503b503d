//! Lists shown over the panes: the structural problems (computed by the worker; `]`
//! and `[` step through their nodes) and the history of changes.

use super::component::Outcome;
use super::tree::NodeId;
use super::{App, Mode, Target};
use crate::i18n::{Msg, tr};

/// Which list is shown over the panes (the problems list has filters of its own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OverlayKind {
    /// The problems.
    Problems,
    /// Another list.
    #[default]
    Other,
}

/// A list shown over the panes (problems, history, a draft's differences); Enter on a
/// line with a target goes there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlay {
    /// Its title.
    pub title: String,
    /// Its lines.
    pub lines: Vec<String>,
    /// Where each line leads.
    pub targets: Vec<Option<Target>>,
    /// The highlighted line.
    pub cursor: usize,
}

impl Overlay {
    /// Its own keys: move, close, or go where the highlighted line leads.
    pub fn key(&mut self, key: super::keymap::KeyAction) -> Outcome {
        use super::keymap::KeyAction as K;
        let last = self.lines.len().saturating_sub(1);
        match key {
            K::Close => Outcome::Closed,
            K::MoveDown => {
                self.cursor = (self.cursor + 1).min(last);
                Outcome::Handled
            }
            K::MoveUp => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Handled
            }
            K::Accept => match self.targets.get(self.cursor).copied() {
                Some(Some(target)) => Outcome::GoTo(target),
                _ => Outcome::Handled,
            },
            _ => Outcome::Handled,
        }
    }
}

impl App {
    /// Asks the worker for the problems list (reading the whole database can take a
    /// while on a large one); the answer opens it.
    pub(super) fn show_problems(&mut self) -> anyhow::Result<()> {
        self.jobs.last += 1;
        let job = super::question::Job {
            id: self.jobs.last,
            question: super::question::Question::Problems(crate::i18n::lang()),
        };
        self.jobs.out = Some(job);
        self.problems.job = Some(job.id);
        self.say(format!("{} {}…", tr(Msg::Problems), tr(Msg::Computing).to_lowercase()));
        Ok(())
    }

    /// Takes the worker's problems list: marks the nodes with findings and opens the
    /// list. The view the worker dropped for it is asked again.
    pub(super) fn take_problems(&mut self, computed: &super::question::Computed) -> anyhow::Result<()> {
        self.problems.job = None;
        let findings = match computed.answer.as_ref() {
            Ok(super::question::Answer::Problems(f)) => f,
            Ok(_) => return Ok(()),
            Err(e) => {
                self.say(e.clone());
                return Ok(());
            }
        };
        self.problems.flagged.clear();
        self.problems.nodes.clear();
        self.problems.found.clear();
        for (f, target) in findings {
            if let Some(Target::Node(id)) = target {
                self.problems.flagged.insert(*id);
                self.problems.nodes.push(*id);
            }
            if let Some(u) = f.unit {
                self.problems.flagged.insert(NodeId::Unit(u));
            }
            let line = format!(
                "{:<10} {:<26} {:<20} {}",
                crate::i18n::label::gravity(f.gravity),
                f.rule,
                f.node.key(),
                f.message
            );
            self.problems.found.push(super::navigate::FoundProblem {
                gravity: f.gravity,
                rule: f.rule.to_string(),
                line,
                target: *target,
            });
        }
        self.problems.index = None;
        self.message = None;
        self.list_problems();
        if matches!(self.views.state, super::question::ViewState::Waiting(..)) {
            self.views.state = super::question::ViewState::Idle;
            self.ask()?;
        }
        Ok(())
    }

    /// Opens the problems list as the filters keep it: by gravity (`f`) and by rule
    /// (`r`), each stepping through those found.
    fn list_problems(&mut self) {
        let p = &self.problems;
        let kept: Vec<&super::navigate::FoundProblem> = p
            .found
            .iter()
            .filter(|f| p.gravity.is_none_or(|g| f.gravity == g) && p.rule.as_ref().is_none_or(|r| f.rule == *r))
            .collect();
        let mut lines: Vec<String> = kept.iter().map(|f| f.line.clone()).collect();
        let mut targets: Vec<Option<Target>> = kept.iter().map(|f| f.target).collect();
        if lines.is_empty() {
            lines.push(tr(Msg::NoFindings).to_string());
            targets.push(None);
        }
        let mut title = format!("{} ({}/{})", tr(Msg::Problems), kept.len(), p.found.len());
        if let Some(g) = p.gravity {
            title.push_str(&format!(" · {}", crate::i18n::label::gravity(g)));
        }
        if let Some(r) = &p.rule {
            title.push_str(&format!(" · {r}"));
        }
        title.push_str(&format!(" · {}", tr(Msg::ProblemsFilterHint)));
        self.open_overlay(title, lines, targets);
        self.overlay_kind = OverlayKind::Problems;
    }

    /// The problems list's filters: the next gravity, or the next rule found.
    fn filter_problems(&mut self, by_rule: bool) {
        use crate::rules::checks::Gravity;
        let p = &mut self.problems;
        if by_rule {
            let mut rules: Vec<&str> = p.found.iter().map(|f| f.rule.as_str()).collect();
            rules.sort_unstable();
            rules.dedup();
            let at = p.rule.as_deref().and_then(|r| rules.iter().position(|x| *x == r));
            p.rule = match at {
                None => rules.first().map(|r| r.to_string()),
                Some(i) => rules.get(i + 1).map(|r| r.to_string()),
            };
        } else {
            p.gravity = match p.gravity {
                None => Some(Gravity::Error),
                Some(Gravity::Error) => Some(Gravity::Warning),
                Some(Gravity::Warning) => Some(Gravity::Info),
                Some(Gravity::Info) => None,
            };
        }
        self.list_problems();
    }

    pub(super) fn step_problem(&mut self, forward: bool) -> anyhow::Result<()> {
        if self.problems.nodes.is_empty() {
            if self.problems.job.is_none() {
                self.show_problems()?;
            }
            return Ok(());
        }
        let n = self.problems.nodes.len();
        let next = match (self.problems.index, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.problems.index = Some(next);
        let node = self.problems.nodes[next];
        self.record_jump();
        self.tree_step(&super::tree::Fetched::default(), super::effect::TreeStep::Reveal { node })?;
        self.say(format!("{}/{n}", next + 1));
        Ok(())
    }

    pub(super) fn show_history(&mut self) -> anyhow::Result<()> {
        self.effect(super::effect::Effect::Load(super::effect::Load::Journal));
        Ok(())
    }

    /// Opens the history list on the journal read.
    pub(super) fn show_journal(&mut self, journal: &[crate::model::JournalEntry]) {
        let mut lines = Vec::new();
        for e in journal.iter().rev() {
            lines.push(format!(
                "#{} {} {} {}{}",
                e.seq,
                e.stamp.local_time(),
                e.stamp.user,
                e.origin.label(),
                e.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
            ));
            for op in &e.ops {
                lines.push(format!("    {}", crate::i18n::label::op(op)));
            }
        }
        if lines.is_empty() {
            lines.push(tr(Msg::NoChangesYet).to_string());
        }
        let targets = vec![None; lines.len()];
        self.open_overlay(format!("{} ({})", tr(Msg::History), journal.len()), lines, targets);
    }

    /// Opens the list of what was said this session, with the time of each, the
    /// latest highlighted.
    pub(super) fn show_messages(&mut self) {
        use chrono::TimeZone;
        let mut lines: Vec<String> = self
            .said
            .iter()
            .map(|s| {
                let at = chrono::Local.timestamp_opt(s.at, 0).single().map(|t| t.format("%H:%M:%S").to_string());
                format!("{}  {}", at.unwrap_or_default(), s.text)
            })
            .collect();
        if lines.is_empty() {
            lines.push(tr(Msg::NoMessages).to_string());
        }
        let targets = vec![None; lines.len()];
        let count = self.said.len();
        self.open_overlay(format!("{} ({count})", tr(Msg::Messages)), lines, targets);
        if let Some(o) = self.overlay.as_mut() {
            o.cursor = o.lines.len() - 1;
        }
    }

    pub(super) fn open_overlay(&mut self, title: String, lines: Vec<String>, targets: Vec<Option<Target>>) {
        self.overlay = Some(Overlay { title, lines, targets, cursor: 0 });
        self.overlay_kind = OverlayKind::Other;
        self.mode = Mode::Overlay;
    }

    /// Keys while a list is shown over the panes.
    pub(super) fn overlay_key(&mut self, key: super::keymap::KeyAction) -> anyhow::Result<()> {
        if self.overlay.is_none() {
            self.mode = Mode::Normal;
            return Ok(());
        }
        use super::keymap::KeyAction as K;
        if self.overlay_kind == OverlayKind::Problems && matches!(key, K::Filter | K::FilterRule) {
            self.filter_problems(key == K::FilterRule);
            return Ok(());
        }
        let Some(o) = self.overlay.as_mut() else { return Ok(()) };
        match o.key(key) {
            Outcome::Closed => {
                self.overlay = None;
                self.mode = Mode::Normal;
            }
            Outcome::GoTo(target) => {
                self.overlay = None;
                self.mode = Mode::Normal;
                self.go_to(target)?;
            }
            _ => {}
        }
        Ok(())
    }
}
