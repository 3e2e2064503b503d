//! The small form of the reorganization keys: adding a unit or position, renaming,
//! editing a position's fields; what is typed becomes operations.

use super::App;
use super::Mode;
use super::component::Outcome;
use super::edits::Repeat;
use super::effect::AfterChange;
use super::tree::{NodeId, RowInfo};
use crate::i18n::{Msg, tr, trf};
use crate::model::{Eselon, Level, NewPosition, Op, PositionEdit, PositionKind, PositionSpec};

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
    /// The last journal entry shown when it opened: what the edit was made against.
    pub(super) seen: u64,
}

impl Form {
    fn value(&self, key: &str) -> &str {
        self.fields.iter().find(|(k, _, _)| *k == key).map_or("", |(_, _, v)| v.trim())
    }

    /// Its own keys: move between fields, erase, cancel, or submit (`Take`).
    pub fn key(&mut self, key: super::keymap::KeyAction) -> Outcome {
        use super::keymap::KeyAction as K;
        let n = self.fields.len().max(1);
        match key {
            K::Cancel => Outcome::Closed,
            K::DeleteBack => {
                if let Some(field) = self.fields.get_mut(self.cursor) {
                    field.2.pop();
                }
                Outcome::Handled
            }
            K::NextResult | K::Complete => {
                self.cursor = (self.cursor + 1) % n;
                Outcome::Handled
            }
            K::PreviousResult => {
                self.cursor = (self.cursor + n - 1) % n;
                Outcome::Handled
            }
            K::Accept => Outcome::Take,
            _ => Outcome::Handled,
        }
    }
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
    pub(super) fn open_form(
        &mut self,
        title: String,
        fields: Vec<(&'static str, String, String)>,
        purpose: FormPurpose,
    ) {
        let original = fields.iter().map(|(_, _, v)| v.clone()).collect();
        self.form = Some(Form { title, fields, cursor: 0, purpose, original, seen: self.journal_seen });
        self.mode = Mode::Form;
    }

    /// Asks for the codes to suggest, then opens the add form (where: under the
    /// selected unit; a sibling goes under its parent; a position selected stands for
    /// its unit).
    pub(super) fn open_add_form(&mut self, sibling: bool) {
        let (unit, is_position) = match self.tree.selected() {
            Some(NodeId::Unit(u)) => (Some(u), false),
            Some(id @ NodeId::Position(_)) => match self.tree.info(id) {
                Some(RowInfo::Position { position, .. }) => (Some(position.unit), true),
                _ => (None, false),
            },
            Some(NodeId::Holding | NodeId::Person(_)) | None => (None, false),
        };
        let parent = match (unit, sibling && !is_position) {
            (Some(u), true) => self.tree.parent_of(NodeId::Unit(u)),
            (Some(u), false) => Some(u),
            (None, _) => None,
        };
        let parent = parent.and_then(|u| match self.tree.info(NodeId::Unit(u)) {
            Some(RowInfo::Unit { code, .. }) => Some(code.clone()),
            _ => None,
        });
        self.effect(super::effect::Effect::Load(super::effect::Load::AddForm { parent, is_position }));
    }

    /// Opens the add form, with the codes suggested.
    pub(super) fn open_add_form_with(
        &mut self,
        parent: Option<String>,
        is_position: bool,
        (unit_code, position_code): (String, String),
    ) {
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
                ("head", tr(Msg::Head).into(), crate::i18n::label::yes_no(false).into()),
            ],
            FormPurpose::Add { parent, unit_code, position_code },
        );
    }

    /// Keys while a form is open.
    pub(super) fn form_key(&mut self, key: super::keymap::KeyAction) -> anyhow::Result<()> {
        let Some(form) = self.form.as_mut() else {
            self.mode = Mode::Normal;
            return Ok(());
        };
        match form.key(key) {
            Outcome::Closed => {
                self.form = None;
                self.mode = Mode::Normal;
            }
            Outcome::Take => {
                let form = form.clone();
                match self.form_ops(&form) {
                    // The form closes once the change is in; if it does not fit, it stays
                    // open with the reason in the status bar.
                    Ok(ops) => {
                        let repeat = ops.first().cloned().map(Repeat::Op);
                        self.perform_seen(ops, repeat, AfterChange::CloseForm, form.seen);
                    }
                    Err(m) => self.say(m),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A character typed into the form.
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
                            spec: PositionSpec {
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
                            },
                            standard: Vec::new(),
                            tasks: Vec::new(),
                        }),
                        restore_id: None,
                    }])
                }
            }
        }
    }
}
