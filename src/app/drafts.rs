//! Drafts in the interface: the commands of the `:` line, the differences list, and
//! what the tree marks while a draft is open.

use super::App;
use super::effect::Effect;
use crate::i18n::{Msg, tr};

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
