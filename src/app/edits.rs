//! Reorganizing from the interface: cut and paste, add, rename, edit, delete, merge,
//! undo, redo and repeat, each turned into operations that `edit` checks and commits
//! (or, with a draft open, adds to the draft); plus the problems and history lists and
//! the draft commands of the `:` line.

use std::collections::HashMap;

use super::tree::NodeId;
use super::{App, Mode, Pane, Target};
use crate::edit::{self, EditError};
use crate::i18n::{Msg, tr, trf};
use crate::model::{Draft, Eselon, Level, NewPosition, Nip, Op, Origin, PositionEdit, PositionKind};
use crate::store::Store;

/// What `x` marked for moving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A unit (with its subtree).
    Unit(String),
    /// A position (with its holders).
    Position(String),
    /// An employee.
    Employee(Nip),
}

/// How a node changed in this session (or in the open draft), as the tree marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeMark {
    /// Added.
    Added,
    /// Moved elsewhere.
    Moved,
    /// Renamed or edited.
    Edited,
    /// Removed by the open draft (still shown where it was).
    Removed,
}

impl ChangeMark {
    /// Its symbol in the tree (never colour alone).
    pub fn symbol(self) -> &'static str {
        match self {
            ChangeMark::Added => "+",
            ChangeMark::Moved => "»",
            ChangeMark::Edited => "~",
            ChangeMark::Removed => "−",
        }
    }
}

/// What `.` repeats on the selected node.
#[derive(Clone, Debug, PartialEq)]
pub enum Repeat {
    /// The same operation with the selected node as its subject.
    Op(Op),
    /// Merging the selected unit into the same target.
    Merge(String),
}

/// What a small form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormPurpose {
    /// A new unit or position under / in the unit `parent` (`None`: a new instansi),
    /// with the next free code of each kind (the one suggested follows the kind chosen).
    Add {
        /// The parent unit's code.
        parent: Option<String>,
        /// The next free sub-unit code.
        unit_code: String,
        /// The next free position code.
        position_code: String,
    },
    /// A unit's new name.
    RenameUnit(String),
    /// A position's new name.
    RenamePosition(String),
    /// A position's fields.
    EditPosition(String),
}

/// A small form: labelled fields, one being typed into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// Its title.
    pub title: String,
    /// (key, label, value).
    pub fields: Vec<(&'static str, String, String)>,
    /// The field being typed into.
    pub cursor: usize,
    /// What it does.
    pub purpose: FormPurpose,
    /// The values it opened with: an edit changes only the fields typed over.
    original: Vec<String>,
}

impl Form {
    fn value(&self, key: &str) -> &str {
        self.fields.iter().find(|(k, _, _)| *k == key).map_or("", |(_, _, v)| v.trim())
    }
}

/// A question waiting for y or n, with what yes does.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// The question.
    pub prompt: String,
    ops: Vec<Op>,
    repeat: Option<Repeat>,
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

fn opt<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    match text.trim() {
        "" | "-" => Ok(None),
        t => parse(t).map(Some),
    }
}

fn yes(text: &str) -> bool {
    matches!(text.trim().to_lowercase().as_str(), "y" | "ya" | "yes" | "1" | "true")
}

impl App {
    /// Whether edits are allowed; says why not in the status bar.
    fn can_edit(&mut self) -> bool {
        if self.read_only {
            self.message = Some(tr(Msg::ReadOnlyEdit).to_string());
        }
        !self.read_only
    }

    /// The code of the selected unit, or of the selected position's unit.
    fn selected_unit_code(&self, store: &dyn Store) -> anyhow::Result<Option<String>> {
        Ok(match self.tree.selected() {
            Some(NodeId::Unit(u)) => store.unit(u)?.map(|u| u.code),
            Some(NodeId::Position(p)) => match store.position(p)? {
                Some(p) => store.unit(p.unit)?.map(|u| u.code),
                None => None,
            },
            None => None,
        })
    }

    /// The code of the selected node (unit or position).
    fn selected_code(&self, store: &dyn Store) -> anyhow::Result<Option<String>> {
        Ok(match self.tree.selected() {
            Some(NodeId::Unit(u)) => store.unit(u)?.map(|u| u.code),
            Some(NodeId::Position(p)) => store.position(p)?.map(|p| p.code),
            None => None,
        })
    }

    /// The holder highlighted in the details pane, if it has the keyboard.
    fn selected_holder(&self) -> Option<Nip> {
        if self.focus != Pane::Details || self.profile.is_some() {
            return self.profile.as_ref().map(|p| p.profile.employee.nip);
        }
        match &self.details {
            super::Details::Position(p) => p.holders.get(self.details_cursor).map(|e| e.nip),
            _ => None,
        }
    }

    /// The keys of reorganization, in normal mode.
    pub(super) fn edit_key(&mut self, store: &dyn Store, key: super::keymap::KeyAction) -> anyhow::Result<()> {
        use super::keymap::KeyAction as K;
        match key {
            K::ShowProblems => return self.show_problems(store),
            K::ShowHistory => return self.show_history(store),
            K::NextProblem | K::PreviousProblem => return self.step_problem(store, key == K::NextProblem),
            _ => {}
        }
        if !self.can_edit() {
            return Ok(());
        }
        match key {
            K::Cut => {
                let cut = match (self.selected_holder(), self.tree.selected()) {
                    (Some(nip), _) => Some(Cut::Employee(nip)),
                    (None, Some(NodeId::Unit(u))) => store.unit(u)?.map(|u| Cut::Unit(u.code)),
                    (None, Some(NodeId::Position(p))) => store.position(p)?.map(|p| Cut::Position(p.code)),
                    (None, None) => None,
                };
                if let Some(c) = &cut {
                    let what = match c {
                        Cut::Unit(code) | Cut::Position(code) => code.clone(),
                        Cut::Employee(nip) => nip.to_string(),
                    };
                    self.message = Some(format!("✂ {what} {}", tr(Msg::CutMarked)));
                }
                self.cut = cut;
            }
            K::Paste => {
                let Some(cut) = self.cut.clone() else {
                    self.message = Some(tr(Msg::NothingCut).to_string());
                    return Ok(());
                };
                let op = match &cut {
                    Cut::Unit(code) => {
                        self.selected_unit_code(store)?.map(|parent| Op::MoveUnit { code: code.clone(), parent })
                    }
                    Cut::Position(code) => {
                        self.selected_unit_code(store)?.map(|unit| Op::MovePosition { code: code.clone(), unit })
                    }
                    Cut::Employee(nip) => match self.tree.selected() {
                        Some(NodeId::Position(p)) => store.position(p)?.map(|p| Op::Place {
                            nip: *nip,
                            position: Some(p.code),
                            since: Some(self.today),
                        }),
                        _ => {
                            self.message = Some(tr(Msg::SelectPositionFirst).to_string());
                            return Ok(());
                        }
                    },
                };
                if let Some(op) = op {
                    if self.perform(store, vec![op.clone()], Some(Repeat::Op(op)))? {
                        self.cut = None;
                    }
                }
            }
            K::AddChild | K::AddSibling => self.open_add_form(store, key == K::AddSibling)?,
            K::Rename => match self.tree.selected() {
                Some(NodeId::Unit(u)) => {
                    if let Some(u) = store.unit(u)? {
                        self.open_form(
                            trf(Msg::RenameTitle, &[&u.code]),
                            vec![("name", tr(Msg::Name).into(), u.name)],
                            FormPurpose::RenameUnit(u.code),
                        );
                    }
                }
                Some(NodeId::Position(p)) => {
                    if let Some(p) = store.position(p)? {
                        self.open_form(
                            trf(Msg::RenameTitle, &[&p.code]),
                            vec![("name", tr(Msg::Name).into(), p.name)],
                            FormPurpose::RenamePosition(p.code),
                        );
                    }
                }
                None => {}
            },
            K::EditFields => match self.tree.selected() {
                Some(NodeId::Position(p)) => {
                    if let Some(p) = store.position(p)? {
                        let o = |v: Option<String>| v.unwrap_or_default();
                        self.open_form(
                            trf(Msg::EditTitle, &[&p.code]),
                            vec![
                                ("kind", tr(Msg::Kind).into(), p.kind.to_string()),
                                ("level", tr(Msg::Level).into(), o(p.level.map(|l| l.to_string()))),
                                ("eselon", tr(Msg::Eselon).into(), o(p.eselon.map(|e| e.to_string()))),
                                ("class", tr(Msg::Class).into(), o(p.class.map(|c| c.to_string()))),
                                ("needed", tr(Msg::Needed).into(), o(p.needed.map(|n| n.to_string()))),
                                ("head", tr(Msg::Head).into(), if p.head { "ya" } else { "tidak" }.into()),
                            ],
                            FormPurpose::EditPosition(p.code),
                        );
                    }
                }
                Some(NodeId::Unit(_)) => self.edit_key(store, K::Rename)?,
                None => {}
            },
            K::Delete => {
                let staged = edit::Staged::new(store)?;
                let (code, ops) = match self.tree.selected() {
                    Some(NodeId::Unit(u)) => match store.unit(u)? {
                        Some(u) => (u.code.clone(), edit::remove_unit_ops(&staged, &u.code)?),
                        None => return Ok(()),
                    },
                    Some(NodeId::Position(p)) => match store.position(p)? {
                        Some(p) => (p.code.clone(), edit::remove_position_ops(&staged, &p.code)?),
                        None => return Ok(()),
                    },
                    None => return Ok(()),
                };
                drop(staged);
                let (units, positions, people) = edit::removal_summary(&ops);
                self.ask_confirm(trf(Msg::DeleteUnitPrompt, &[&code, &units, &positions, &people]), ops, None);
            }
            K::Merge => {
                if let Some(NodeId::Unit(u)) = self.tree.selected() {
                    if let Some(u) = store.unit(u)? {
                        self.picking_merge = Some(u.code);
                        self.mode = Mode::Search;
                        self.search_input.clear();
                        self.results.clear();
                        self.result_cursor = 0;
                        self.message = Some(tr(Msg::PickMergeTarget).to_string());
                    }
                }
            }
            K::UndoEdit | K::RedoEdit => self.undo_redo(store, key == K::RedoEdit)?,
            K::Repeat => {
                let Some(code) = self.selected_code(store)? else { return Ok(()) };
                match self.repeat.clone() {
                    Some(Repeat::Op(op)) => {
                        let op = op.with_subject(&code);
                        self.perform(store, vec![op.clone()], Some(Repeat::Op(op)))?;
                    }
                    Some(Repeat::Merge(into)) => self.merge_into(store, &code, &into)?,
                    None => self.message = Some(tr(Msg::NothingToRepeat).to_string()),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Merges `from` into `into` after asking.
    pub(super) fn merge_into(&mut self, store: &dyn Store, from: &str, into: &str) -> anyhow::Result<()> {
        let staged = edit::Staged::new(store)?;
        let ops = edit::merge_ops(&staged, from, into)?;
        drop(staged);
        self.ask_confirm(trf(Msg::MergePrompt, &[&from, &into, &ops.len()]), ops, Some(Repeat::Merge(into.into())));
        Ok(())
    }

    fn ask_confirm(&mut self, prompt: String, ops: Vec<Op>, repeat: Option<Repeat>) {
        self.confirm = Some(Confirm { prompt, ops, repeat });
        self.mode = Mode::Confirm;
    }

    /// y / Enter on a confirmation.
    pub(super) fn confirmed(&mut self, store: &dyn Store, yes: bool) -> anyhow::Result<()> {
        self.mode = Mode::Normal;
        let Some(c) = self.confirm.take() else { return Ok(()) };
        if yes {
            self.perform(store, c.ops, c.repeat)?;
        }
        Ok(())
    }

    fn open_form(&mut self, title: String, fields: Vec<(&'static str, String, String)>, purpose: FormPurpose) {
        let original = fields.iter().map(|(_, _, v)| v.clone()).collect();
        self.form = Some(Form { title, fields, cursor: 0, purpose, original });
        self.mode = Mode::Form;
    }

    fn open_add_form(&mut self, store: &dyn Store, sibling: bool) -> anyhow::Result<()> {
        // Where: under the selected unit; a sibling goes under its parent; a position
        // selected stands for its unit.
        let (unit, is_position) = match self.tree.selected() {
            Some(NodeId::Unit(u)) => (store.unit(u)?, false),
            Some(NodeId::Position(p)) => match store.position(p)? {
                Some(p) => (store.unit(p.unit)?, true),
                None => (None, false),
            },
            None => (None, false),
        };
        let parent = match (&unit, sibling && !is_position) {
            (Some(u), true) => match u.parent {
                Some(p) => store.unit(p)?.map(|p| p.code),
                None => None,
            },
            (Some(u), false) => Some(u.code.clone()),
            (None, _) => None,
        };
        // Suggested codes: the parent's code and the next free number.
        let (mut unit_code, mut position_code) = (String::new(), String::new());
        if let Some(p) = &parent {
            for n in 1..1000 {
                let candidate = format!("{p}.{n:02}");
                if store.unit_by_code(&candidate)?.is_none() {
                    unit_code = candidate;
                    break;
                }
            }
            for n in 1..1000 {
                let candidate = format!("{p}-J{n:02}");
                if store.position_by_code(&candidate)?.is_none() {
                    position_code = candidate;
                    break;
                }
            }
        }
        let code = if is_position { position_code.clone() } else { unit_code.clone() };
        let what = if is_position { tr(Msg::Position) } else { "unit" };
        let where_ = parent.clone().unwrap_or_else(|| "—".into());
        self.open_form(
            trf(Msg::AddTitle, &[&where_]),
            vec![
                ("what", tr(Msg::What).into(), what.to_lowercase()),
                ("code", tr(Msg::Code).into(), code),
                ("name", tr(Msg::Name).into(), String::new()),
                ("kind", tr(Msg::Kind).into(), if is_position { "pelaksana".into() } else { String::new() }),
                ("level", tr(Msg::Level).into(), String::new()),
                ("eselon", tr(Msg::Eselon).into(), String::new()),
                ("class", tr(Msg::Class).into(), String::new()),
                ("needed", tr(Msg::Needed).into(), String::new()),
                ("head", tr(Msg::Head).into(), "tidak".into()),
            ],
            FormPurpose::Add { parent, unit_code, position_code },
        );
        Ok(())
    }

    /// Keys while a form is open.
    pub(super) fn form_key(&mut self, store: &dyn Store, key: super::keymap::KeyAction) -> anyhow::Result<()> {
        use super::keymap::KeyAction as K;
        let Some(form) = self.form.as_mut() else {
            self.mode = Mode::Normal;
            return Ok(());
        };
        let n = form.fields.len();
        match key {
            K::Cancel => {
                self.form = None;
                self.mode = Mode::Normal;
            }
            K::DeleteBack => {
                form.fields[form.cursor].2.pop();
            }
            K::NextResult | K::Complete => form.cursor = (form.cursor + 1) % n,
            K::PreviousResult => form.cursor = (form.cursor + n - 1) % n,
            K::Accept => {
                let form = form.clone();
                match self.form_ops(&form) {
                    Ok(ops) => {
                        if self.perform(store, ops.clone(), ops.first().cloned().map(Repeat::Op))? {
                            self.form = None;
                            self.mode = Mode::Normal;
                        }
                    }
                    Err(m) => self.message = Some(m),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A character typed into the form.
    pub(super) fn form_type(&mut self, c: char) {
        if let Some(form) = self.form.as_mut() {
            form.fields[form.cursor].2.push(c);
        }
    }

    fn form_ops(&self, form: &Form) -> Result<Vec<Op>, String> {
        let field = |key: &str, e: String| {
            format!("{}: {e}", form.fields.iter().find(|f| f.0 == key).map_or(key, |f| f.1.as_str()))
        };
        match &form.purpose {
            FormPurpose::RenameUnit(code) => {
                Ok(vec![Op::RenameUnit { code: code.clone(), name: form.value("name").into() }])
            }
            FormPurpose::RenamePosition(code) => {
                Ok(vec![Op::RenamePosition { code: code.clone(), name: form.value("name").into() }])
            }
            FormPurpose::EditPosition(code) => {
                let kind = PositionKind::parse(form.value("kind")).map_err(|e| field("kind", e))?;
                let edit = PositionEdit {
                    kind: Some(kind),
                    level: Some(opt(form.value("level"), Level::parse).map_err(|e| field("level", e))?),
                    eselon: Some(opt(form.value("eselon"), Eselon::parse).map_err(|e| field("eselon", e))?),
                    class: Some(
                        opt(form.value("class"), |t| t.parse::<u8>().map_err(|_| format!("'{t}' is not 1–17")))
                            .map_err(|e| field("class", e))?,
                    ),
                    needed: Some(
                        opt(form.value("needed"), |t| t.parse::<u32>().map_err(|_| format!("'{t}' is not a number")))
                            .map_err(|e| field("needed", e))?,
                    ),
                    head: Some(yes(form.value("head"))),
                };
                // Only what was typed over: an operation replays on another database.
                let changed = |key: &str| {
                    form.fields.iter().zip(&form.original).any(|((k, _, v), o)| *k == key && v.trim() != o.trim())
                };
                let edit = PositionEdit {
                    kind: edit.kind.filter(|_| changed("kind")),
                    level: edit.level.filter(|_| changed("level")),
                    eselon: edit.eselon.filter(|_| changed("eselon")),
                    class: edit.class.filter(|_| changed("class")),
                    needed: edit.needed.filter(|_| changed("needed")),
                    head: edit.head.filter(|_| changed("head")),
                };
                if edit.is_empty() {
                    return Err(tr(Msg::NothingChanged).to_string());
                }
                Ok(vec![Op::EditPosition { code: code.clone(), edit }])
            }
            FormPurpose::Add { parent, unit_code, position_code } => {
                let what = form.value("what").to_lowercase();
                let mut code = form.value("code").to_string();
                // The suggestion follows the kind of node chosen, unless typed over.
                if code == *unit_code || code == *position_code {
                    code = if what.starts_with('u') { unit_code.clone() } else { position_code.clone() };
                }
                let name = form.value("name").to_string();
                if what.starts_with('u') {
                    Ok(vec![Op::AddUnit {
                        code,
                        parent: parent.clone(),
                        name,
                        kind: form.value("kind").to_string(),
                        eselon: opt(form.value("eselon"), Eselon::parse).map_err(|e| field("eselon", e))?,
                        restore_id: None,
                    }])
                } else {
                    let unit = parent.clone().ok_or_else(|| "a position needs a unit".to_string())?;
                    Ok(vec![Op::AddPosition {
                        code,
                        unit,
                        name,
                        fields: Box::new(NewPosition {
                            kind: PositionKind::parse(form.value("kind")).map_err(|e| field("kind", e))?,
                            level: opt(form.value("level"), Level::parse).map_err(|e| field("level", e))?,
                            eselon: opt(form.value("eselon"), Eselon::parse).map_err(|e| field("eselon", e))?,
                            class: opt(form.value("class"), |t| {
                                t.parse::<u8>().map_err(|_| format!("'{t}' is not 1–17"))
                            })
                            .map_err(|e| field("class", e))?,
                            needed: opt(form.value("needed"), |t| {
                                t.parse::<u32>().map_err(|_| format!("'{t}' is not a number"))
                            })
                            .map_err(|e| field("needed", e))?,
                            head: yes(form.value("head")),
                            standard: Vec::new(),
                            tasks: Vec::new(),
                        }),
                        restore_id: None,
                    }])
                }
            }
        }
    }

    /// Commits `ops` (or adds them to the open draft), then shows the result: the tree
    /// reloaded, the nodes they touched marked. False when they did not fit (the
    /// reason is in the status bar).
    pub(super) fn perform(&mut self, store: &dyn Store, ops: Vec<Op>, repeat: Option<Repeat>) -> anyhow::Result<bool> {
        let result = match &self.draft {
            Some(name) => self.add_to_draft(store, name.clone(), ops.clone()),
            None => edit::commit(store, ops.clone(), Origin::Edit, self.reason.clone(), None).map(|e| e.seq),
        };
        match result {
            Ok(_) => {}
            Err(EditError::Invalid { line, message, .. }) => {
                self.message = Some(format!("{line}: {message}"));
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        }
        if repeat.is_some() {
            self.repeat = repeat;
        }
        if self.draft.is_some() {
            // The view in hand is the draft before these operations: read it anew,
            // then select what was added or moved.
            self.rebuild_view = true;
            self.select_after = ops.iter().find_map(|op| match op {
                Op::AddUnit { code, .. } | Op::MoveUnit { code, .. } => Some((true, code.clone())),
                Op::AddPosition { code, .. } | Op::MovePosition { code, .. } => Some((false, code.clone())),
                _ => None,
            });
        } else {
            let select = self.mark_changes(store, &ops)?;
            self.after_edit(store, select)?;
        }
        self.message = Some(format!("{} ({} {})", tr(Msg::Done), ops.len(), tr(Msg::Operations).to_lowercase()));
        Ok(true)
    }

    /// Adds `ops` to the draft `name` (the store passed is the draft's view already).
    fn add_to_draft(&mut self, store: &dyn Store, name: String, ops: Vec<Op>) -> Result<u64, EditError> {
        let mut staged = edit::Staged::new(store)?;
        edit::apply_all(&mut staged, &ops)?;
        drop(staged);
        let mut draft = store.drafts()?.into_iter().find(|d| d.name == name).unwrap_or_else(|| Draft {
            name: name.clone(),
            created: edit::stamp_now(),
            changes: Vec::new(),
        });
        draft.changes.push((ops, self.reason.clone()));
        store.put_draft(&draft)?;
        self.draft_redo.clear();
        Ok(0)
    }

    /// Marks the nodes `ops` touched; returns the node to select (what was added or moved).
    fn mark_changes(&mut self, store: &dyn Store, ops: &[Op]) -> anyhow::Result<Option<NodeId>> {
        let mut select = None;
        for op in ops {
            let (code, mark, is_unit) = match op {
                Op::AddUnit { code, .. } => (code, ChangeMark::Added, true),
                Op::MoveUnit { code, .. } => (code, ChangeMark::Moved, true),
                Op::RenameUnit { code, .. } => (code, ChangeMark::Edited, true),
                Op::AddPosition { code, .. } => (code, ChangeMark::Added, false),
                Op::MovePosition { code, .. } => (code, ChangeMark::Moved, false),
                Op::RenamePosition { code, .. } | Op::EditPosition { code, .. } => (code, ChangeMark::Edited, false),
                Op::Place { position: Some(code), .. } => (code, ChangeMark::Edited, false),
                _ => continue,
            };
            let id = if is_unit {
                store.unit_by_code(code)?.map(|u| NodeId::Unit(u.id))
            } else {
                store.position_by_code(code)?.map(|p| NodeId::Position(p.id))
            };
            if let Some(id) = id {
                // Added and moved say more than edited.
                let slot = self.marks.entry(id).or_insert(mark);
                if *slot == ChangeMark::Edited {
                    *slot = mark;
                }
                if mark != ChangeMark::Edited || select.is_none() {
                    select = Some(id);
                }
            }
        }
        Ok(select)
    }

    /// The node to select after the structure shown was read anew.
    pub(super) fn take_select_after(&mut self, store: &dyn Store) -> anyhow::Result<Option<NodeId>> {
        Ok(match self.select_after.take() {
            Some((true, code)) => store.unit_by_code(&code)?.map(|u| NodeId::Unit(u.id)),
            Some((false, code)) => store.position_by_code(&code)?.map(|p| NodeId::Position(p.id)),
            None => None,
        })
    }

    /// Shows the structure after a change.
    pub(super) fn after_edit(&mut self, store: &dyn Store, select: Option<NodeId>) -> anyhow::Result<()> {
        let src = self.source(store);
        self.tree.reload(&src)?;
        if let Some(id) = select {
            self.tree.reveal(&src, id)?;
        }
        self.stats = store.stats()?;
        self.profile = None;
        self.refresh_details(store)?;
        self.view_state = super::analysis::ViewState::Idle;
        self.ask(store)?;
        Ok(())
    }

    fn undo_redo(&mut self, store: &dyn Store, redo: bool) -> anyhow::Result<()> {
        if let Some(name) = self.draft.clone() {
            // In a draft, undo takes its last change off; redo puts it back.
            let Some(mut draft) = store.drafts()?.into_iter().find(|d| d.name == name) else { return Ok(()) };
            if redo {
                let Some(change) = self.draft_redo.pop() else {
                    self.message = Some(tr(Msg::EditNothingToRedo).into());
                    return Ok(());
                };
                draft.changes.push(change);
            } else {
                let Some(change) = draft.changes.pop() else {
                    self.message = Some(tr(Msg::EditNothingToUndo).into());
                    return Ok(());
                };
                self.draft_redo.push(change);
            }
            store.put_draft(&draft)?;
            self.rebuild_view = true;
            self.message = Some(format!(
                "{} {name}: {} {}",
                tr(Msg::DraftOpen),
                draft.ops().count(),
                tr(Msg::Operations).to_lowercase()
            ));
            return Ok(());
        }
        let result = if redo { edit::redo(store) } else { edit::undo(store) };
        match result {
            Ok(entry) => {
                let select = self.mark_changes(store, &entry.ops)?;
                self.after_edit(store, select)?;
                self.message = Some(format!("#{} {}", entry.seq, entry.origin.label()));
            }
            Err(EditError::Nothing(m)) => self.message = Some(m),
            Err(EditError::Invalid { line, message, .. }) => self.message = Some(format!("{line}: {message}")),
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    /// Asks the worker for the problems list (reading the whole database can take a
    /// while on a large one); the answer opens it.
    fn show_problems(&mut self, _store: &dyn Store) -> anyhow::Result<()> {
        self.last_job += 1;
        let job = super::analysis::Job {
            id: self.last_job,
            question: super::analysis::Question::Problems(crate::i18n::lang()),
        };
        self.job_out = Some(job);
        self.problems_job = Some(job.id);
        self.message = Some(format!("{} {}…", tr(Msg::Problems), tr(Msg::Computing).to_lowercase()));
        Ok(())
    }

    /// Takes the worker's problems list: marks the nodes with findings and opens the
    /// list. The view the worker dropped for it is asked again.
    pub(super) fn take_problems(
        &mut self,
        store: &dyn Store,
        computed: &super::analysis::Computed,
    ) -> anyhow::Result<()> {
        self.problems_job = None;
        let findings = match computed.answer.as_ref() {
            Ok(super::analysis::Answer::Problems(f)) => f,
            Ok(_) => return Ok(()),
            Err(e) => {
                self.message = Some(e.clone());
                return Ok(());
            }
        };
        let mut lines = Vec::new();
        let mut targets = Vec::new();
        self.flagged.clear();
        self.problem_nodes.clear();
        for (f, target) in findings {
            if let Some(Target::Node(id)) = target {
                self.flagged.insert(*id);
                self.problem_nodes.push(*id);
            }
            if let Some(u) = f.unit {
                self.flagged.insert(NodeId::Unit(u));
            }
            lines.push(format!("{:<7} {:<26} {:<20} {}", f.gravity.as_str(), f.rule, f.node.key(), f.message));
            targets.push(*target);
        }
        if lines.is_empty() {
            lines.push(tr(Msg::NoFindings).to_string());
            targets.push(None);
        }
        self.problem_index = None;
        self.message = None;
        self.open_overlay(format!("{} ({})", tr(Msg::Problems), findings.len()), lines, targets);
        if matches!(self.view_state, super::analysis::ViewState::Waiting(..)) {
            self.view_state = super::analysis::ViewState::Idle;
            self.ask(store)?;
        }
        Ok(())
    }

    fn step_problem(&mut self, store: &dyn Store, forward: bool) -> anyhow::Result<()> {
        if self.problem_nodes.is_empty() {
            if self.problems_job.is_none() {
                self.show_problems(store)?;
            }
            return Ok(());
        }
        let n = self.problem_nodes.len();
        let next = match (self.problem_index, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.problem_index = Some(next);
        self.tree.reveal(&self.source(store), self.problem_nodes[next])?;
        self.message = Some(format!("{}/{n}", next + 1));
        Ok(())
    }

    fn show_history(&mut self, store: &dyn Store) -> anyhow::Result<()> {
        let journal = store.journal()?;
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
                lines.push(format!("    {}", op.to_line()));
            }
        }
        let targets = vec![None; lines.len()];
        self.open_overlay(format!("{} ({})", tr(Msg::History), journal.len()), lines, targets);
        Ok(())
    }

    fn open_overlay(&mut self, title: String, lines: Vec<String>, targets: Vec<Option<Target>>) {
        self.overlay = Some(Overlay { title, lines, targets, cursor: 0 });
        self.mode = Mode::Overlay;
    }

    /// Keys while a list is shown over the panes.
    pub(super) fn overlay_key(&mut self, store: &dyn Store, key: super::keymap::KeyAction) -> anyhow::Result<()> {
        use super::keymap::KeyAction as K;
        let Some(o) = self.overlay.as_mut() else {
            self.mode = Mode::Normal;
            return Ok(());
        };
        let last = o.lines.len().saturating_sub(1);
        match key {
            K::Close => {
                self.overlay = None;
                self.mode = Mode::Normal;
            }
            K::MoveDown => o.cursor = (o.cursor + 1).min(last),
            K::MoveUp => o.cursor = o.cursor.saturating_sub(1),
            K::Accept => {
                if let Some(Some(target)) = o.targets.get(o.cursor).copied() {
                    self.overlay = None;
                    self.mode = Mode::Normal;
                    self.go_to(store, target)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The draft commands of the `:` line; true when `name` was one. They act on the
    /// committed store (`base`), not on a draft's view.
    pub(super) fn draft_command(&mut self, base: &dyn Store, name: &str, arg: &str) -> anyhow::Result<bool> {
        match name {
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
                } else {
                    let names: Vec<String> = base.drafts()?.into_iter().map(|d| d.name).collect();
                    self.message = Some(if names.is_empty() { tr(Msg::NoDraft).to_string() } else { names.join("  ") });
                }
                self.marks.clear();
                self.rebuild_view = true;
            }
            "draft" => {
                if !self.can_edit() {
                    return Ok(true);
                }
                if !base.drafts()?.iter().any(|d| d.name == arg) {
                    base.put_draft(&Draft { name: arg.to_string(), created: edit::stamp_now(), changes: Vec::new() })?;
                }
                self.draft = Some(arg.to_string());
                self.draft_redo.clear();
                self.marks.clear();
                self.rebuild_view = true;
                self.message = Some(format!("{} {arg}: {}", tr(Msg::DraftOpen), tr(Msg::DraftStarted)));
            }
            "apply" | "discard" | "diff" => {
                let Some(draft_name) = self.draft.clone() else {
                    self.message = Some(tr(Msg::NoDraft).to_string());
                    return Ok(true);
                };
                let Some(draft) = base.drafts()?.into_iter().find(|d| d.name == draft_name) else {
                    self.draft = None;
                    return Ok(true);
                };
                match name {
                    "apply" => {
                        if !self.can_edit() {
                            return Ok(true);
                        }
                        match edit::apply_draft(base, &draft) {
                            Ok(entry) => {
                                self.draft = None;
                                self.rebuild_view = true;
                                self.message = Some(format!(
                                    "#{}: {} ({} {})",
                                    entry.seq,
                                    tr(Msg::DraftApplied),
                                    entry.ops.len(),
                                    tr(Msg::Operations).to_lowercase()
                                ));
                            }
                            Err(EditError::Invalid { line, message, .. }) => {
                                self.message = Some(format!("{line}: {message}"))
                            }
                            Err(e) => return Err(e.into()),
                        }
                    }
                    "discard" => {
                        if !self.can_edit() {
                            return Ok(true);
                        }
                        base.remove_draft(&draft_name)?;
                        self.draft = None;
                        self.marks.clear();
                        self.rebuild_view = true;
                        self.message = Some(tr(Msg::DraftDiscarded).to_string());
                    }
                    _ => self.show_diff(base, &draft)?,
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn show_diff(&mut self, base: &dyn Store, draft: &Draft) -> anyhow::Result<()> {
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
        let targets = vec![None; lines.len()];
        self.open_overlay(format!("{} {}", tr(Msg::DraftDiff), draft.name), lines, targets);
        Ok(())
    }

    /// The rows the open draft removes, under the unit that held them, marked removed.
    pub(super) fn draft_ghosts(
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
    pub(super) fn draft_marks(view: &edit::DraftView<'_>) -> HashMap<NodeId, ChangeMark> {
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
