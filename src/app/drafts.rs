//! Drafts in the interface: the commands of the `:` line, the differences list, and
//! what the tree marks while a draft is open.

use super::App;
use super::edits::ChangeMark;
use super::effect::Effect;
use super::panes::Ghosts;
use super::tree::NodeId;
use crate::i18n::{Msg, tr};
use crate::model::{Draft, Op};

/// The open draft: edits go into it and the tree shows it.
#[derive(Default)]
pub struct OpenDraft {
    /// Its name; `None` while no draft is open.
    pub name: Option<String>,
    /// Its content, as last shown.
    pub content: Option<Draft>,
    /// Changes taken off the draft by undo, for redo.
    pub redo: Vec<(Vec<Op>, Option<String>)>,
    /// The draft `:discard` dropped, which `u` brings back until the next change.
    pub discarded: Option<Draft>,
    /// Nodes the draft adds, moves or edits.
    pub marks: std::collections::HashMap<NodeId, ChangeMark>,
    /// What the draft removes, shown in the tree under where it was.
    pub ghosts: Ghosts,
    /// Set when the structure shown must be read again (a draft opened, closed, changed).
    pub rebuild_view: bool,
}

impl App {
    /// The draft commands of the `:` line; true when `name` was one. What they write
    /// (a new draft, an applied one) goes to the committed store, as effects.
    pub(super) fn draft_command(&mut self, name: &str, arg: &str) -> anyhow::Result<bool> {
        match name {
            "reason" if let Some(why) = crate::edit::text_refusal(arg) => {
                self.say(format!("{why} ({})", tr(Msg::Reason).to_lowercase()));
            }
            "reason" => {
                // Kept for the edits that follow, until changed or cleared (`:reason`).
                self.editing.reason = (!arg.is_empty()).then(|| arg.to_string());
                self.say(match &self.editing.reason {
                    Some(r) => format!("{}: {r}", tr(Msg::Reason)),
                    None => format!("{}: –", tr(Msg::Reason)),
                });
            }
            "draft" if arg.is_empty() => {
                // Leave the draft (it stays saved).
                if self.drafting.name.take().is_some() {
                    self.say(tr(Msg::DraftClosed));
                    self.drafting.rebuild_view = true;
                } else {
                    self.effect(Effect::ListDrafts);
                }
                self.editing.marks.clear();
            }
            "draft" if crate::edit::text_refusal(arg).is_some() || arg.chars().count() > 100 => {
                self.say(tr(Msg::CliDraftName));
            }
            "draft" => {
                // Any draft may be looked at (another's read-only); only not under --read-only.
                if self.read_only {
                    self.say(tr(Msg::ReadOnlyEdit));
                    return Ok(true);
                }
                // Made if there is none yet; shown once its view is built.
                self.effect(Effect::OpenDraft(arg.to_string()));
                self.drafting.name = Some(arg.to_string());
                self.drafting.redo.clear();
                self.editing.marks.clear();
                self.say(format!("{} {arg}: {}", tr(Msg::DraftOpen), tr(Msg::DraftStarted)));
            }
            "apply" | "discard" | "diff" => {
                // The draft as last shown: every change of it goes through the loop,
                // which shows it again.
                let Some(draft) = self.drafting.content.clone().filter(|_| self.drafting.name.is_some()) else {
                    self.say(tr(Msg::NoDraft));
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
