//! Drafts in the interface: the commands of the `:` line, the differences list, and
//! what the tree marks while a draft is open.

use std::collections::HashMap;

use super::App;
use super::edits::ChangeMark;
use super::effect::Effect;
use super::tree::NodeId;
use crate::edit;
use crate::i18n::{Msg, tr};
use crate::model::Draft;
use crate::store::Store;

impl App {
    /// The draft commands of the `:` line; true when `name` was one. What they write
    /// (a new draft, an applied one) goes to the committed store, as effects.
    pub(super) fn draft_command(&mut self, name: &str, arg: &str) -> anyhow::Result<bool> {
        match name {
            "reason" if crate::edit::text_refusal(arg).is_some() => {
                self.message = crate::edit::text_refusal(arg).map(|why| format!("{}: {why}", tr(Msg::Reason)));
            }
            "reason" => {
                // Kept for the edits that follow, until changed or cleared (`:reason`).
                self.reason = (!arg.is_empty()).then(|| arg.to_string());
                self.message = Some(match &self.reason {
                    Some(r) => format!("{}: {r}", tr(Msg::Reason)),
                    None => format!("{}: –", tr(Msg::Reason)),
                });
            }
            "draft" if arg.is_empty() => {
                // Leave the draft (it stays saved).
                if self.draft.take().is_some() {
                    self.message = Some(tr(Msg::DraftClosed).to_string());
                    self.rebuild_view = true;
                } else {
                    self.effect(Effect::ListDrafts);
                }
                self.marks.clear();
            }
            "draft" if crate::edit::text_refusal(arg).is_some() || arg.chars().count() > 100 => {
                self.message = Some(tr(Msg::CliDraftName).to_string());
            }
            "draft" => {
                if !self.can_edit() {
                    return Ok(true);
                }
                // Made if there is none yet; shown once its view is built.
                self.effect(Effect::OpenDraft(arg.to_string()));
                self.draft = Some(arg.to_string());
                self.draft_redo.clear();
                self.marks.clear();
                self.message = Some(format!("{} {arg}: {}", tr(Msg::DraftOpen), tr(Msg::DraftStarted)));
            }
            "apply" | "discard" | "diff" => {
                // The draft as last shown: every change of it goes through the loop,
                // which shows it again.
                let Some(draft) = self.open_draft.clone().filter(|_| self.draft.is_some()) else {
                    self.message = Some(tr(Msg::NoDraft).to_string());
                    return Ok(true);
                };
                match name {
                    "apply" => {
                        if self.can_edit() {
                            self.effect(Effect::ApplyDraft(draft));
                        }
                    }
                    "discard" => {
                        if !self.can_edit() {
                            return Ok(true);
                        }
                        self.ask_discard(draft);
                    }
                    _ => self.effect(Effect::Diff(draft)),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// What a draft changes against the committed structure `base`: the list's title and
/// its lines (the operations, then each unit before and after).
pub fn diff_lines(base: &dyn Store, draft: &Draft) -> anyhow::Result<(String, Vec<String>)> {
    {
        let staged = edit::staged_draft(base, draft)?;
        let mut lines: Vec<String> = draft.ops().map(|op| format!("  {}", op.to_line())).collect();
        lines.insert(0, format!("{} ({})", tr(Msg::Operations), lines.len()));
        lines.push(String::new());
        for (b, a) in edit::unit_diff(&staged)? {
            let side = |s: &Option<edit::UnitSummary>| match s {
                Some(s) => format!(
                    "{} {}, {} {} {}/{}, {} {}, {} {}",
                    tr(Msg::Parent),
                    s.parent.as_deref().unwrap_or("–"),
                    s.positions,
                    tr(Msg::Positions).to_lowercase(),
                    s.filled,
                    s.needed,
                    s.children,
                    tr(Msg::SubUnits).to_lowercase(),
                    tr(Msg::Head).to_lowercase(),
                    if s.heads.is_empty() { "–".to_string() } else { s.heads.join(" ") }
                ),
                None => "–".into(),
            };
            let any = a.as_ref().or(b.as_ref()).expect("one side");
            lines.push(format!("{} {}", any.code, any.name));
            lines.push(format!("    {}  →  {}", side(&b), side(&a)));
        }
        Ok((format!("{} {}", tr(Msg::DraftDiff), draft.name), lines))
    }
}

/// What the open draft changes, for the tree: its marks and the rows it removes.
pub fn marks_of(view: &edit::DraftView<'_>) -> anyhow::Result<(HashMap<NodeId, ChangeMark>, super::source::Ghosts)> {
    let mut marks = App::draft_marks(view);
    let ghosts = App::draft_ghosts(view, &mut marks)?;
    Ok((marks, ghosts))
}

impl App {
    /// The rows the open draft removes, under the unit that held them, marked removed.
    fn draft_ghosts(
        view: &edit::DraftView<'_>,
        marks: &mut HashMap<NodeId, ChangeMark>,
    ) -> anyhow::Result<super::source::Ghosts> {
        use super::tree::{HeadInfo, RowInfo};
        let c = view.staged().change();
        let base = view.staged().base();
        let mut ghosts: HashMap<crate::model::UnitId, Vec<(NodeId, RowInfo)>> = HashMap::new();
        let removed_units: Vec<&crate::model::Unit> =
            c.units.values().filter(|v| v.after.is_none()).filter_map(|v| v.before.as_ref()).collect();
        for u in &removed_units {
            let Some(parent) = u.parent else { continue };
            let has_ghosts = removed_units.iter().any(|x| x.parent == Some(u.id))
                || c.positions.values().any(|v| v.after.is_none() && v.before.as_ref().is_some_and(|p| p.unit == u.id));
            let row = RowInfo::Unit {
                code: u.code.clone(),
                name: u.name.clone(),
                head: HeadInfo::NoHeadPosition,
                totals: base.subtree_headcount(u.id)?,
                expandable: has_ghosts,
            };
            ghosts.entry(parent).or_default().push((NodeId::Unit(u.id), row));
            marks.insert(NodeId::Unit(u.id), ChangeMark::Removed);
        }
        for v in c.positions.values().filter(|v| v.after.is_none()) {
            let Some(p) = &v.before else { continue };
            let row = RowInfo::Position { position: Box::new(p.clone()), filled: 0 };
            ghosts.entry(p.unit).or_default().push((NodeId::Position(p.id), row));
            marks.insert(NodeId::Position(p.id), ChangeMark::Removed);
        }
        Ok(std::sync::Arc::new(ghosts))
    }

    /// Marks of the open draft: what it adds, moves and edits.
    fn draft_marks(view: &edit::DraftView<'_>) -> HashMap<NodeId, ChangeMark> {
        let c = view.staged().change();
        let mut marks = HashMap::new();
        let mark = |moved: bool, added: bool| {
            if added {
                ChangeMark::Added
            } else if moved {
                ChangeMark::Moved
            } else {
                ChangeMark::Edited
            }
        };
        for (id, v) in &c.units {
            if let Some(a) = &v.after {
                let moved = v.before.as_ref().is_some_and(|b| b.parent != a.parent);
                marks.insert(NodeId::Unit(*id), mark(moved, v.before.is_none()));
            }
        }
        for (id, v) in &c.positions {
            if let Some(a) = &v.after {
                let moved = v.before.as_ref().is_some_and(|b| b.unit != a.unit);
                marks.insert(NodeId::Position(*id), mark(moved, v.before.is_none()));
            }
        }
        for pid in c.holders.keys() {
            marks.entry(NodeId::Position(*pid)).or_insert(ChangeMark::Edited);
        }
        marks
    }
}
