//! The small form of the reorganization keys: adding a unit or position, renaming,
//! editing a position's fields; what is typed becomes operations. A field with a closed
//! set of values (kind, level, eselon, head …) lists them and Tab completes them; the
//! add form shows the fields of the kind of node chosen, and suggests its code.

use super::App;
use super::Mode;
use super::component::{Outcome, TextField};
use super::edits::Repeat;
use super::effect::AfterChange;
use super::tree::{NodeId, RowInfo};
use crate::i18n::{Msg, label, tr, trf};
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
    /// The requirements (syarat jabatan) of a position's anjab, the rest as it is.
    Requirements {
        /// The position's code.
        code: String,
        /// Its anjab as the form opened on it.
        anjab: crate::model::JobDescription,
    },
    /// The job evaluation's factor levels of a position's anjab, the rest as it is.
    Factors {
        /// The position's code.
        code: String,
        /// Its anjab as the form opened on it.
        anjab: crate::model::JobDescription,
    },
}

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Which it is.
    pub key: &'static str,
    /// Its label.
    pub label: String,
    /// What is typed.
    pub value: TextField,
    /// The values it takes, which Tab completes; empty: any text.
    pub choices: Vec<String>,
    /// Whether a value outside its choices is taken too (they are suggestions).
    pub open: bool,
}

impl Field {
    fn text(key: &'static str, label: Msg, value: impl Into<String>) -> Field {
        Field { key, label: tr(label).to_string(), value: TextField::new(value), choices: Vec::new(), open: true }
    }

    fn choice(key: &'static str, label: Msg, value: impl Into<String>, choices: Vec<String>) -> Field {
        Field { choices, open: false, ..Field::text(key, label, value) }
    }
}

/// Common kinds of unit, suggested (a unit's kind is the agency's own word).
const UNIT_KINDS: [&str; 14] = [
    "dinas",
    "badan",
    "sekretariat",
    "inspektorat",
    "bidang",
    "bagian",
    "subbagian",
    "seksi",
    "kecamatan",
    "kelurahan",
    "uptd",
    "puskesmas",
    "sekolah",
    "rsud",
];

/// The fields of a position, as labelled and with the values each takes.
fn position_fields(spec: Option<&PositionSpec>) -> Vec<Field> {
    let o = |v: Option<String>| v.unwrap_or_default();
    let kind = spec.map_or(PositionKind::Pelaksana, |s| s.kind);
    vec![
        Field::choice(
            "kind",
            Msg::Kind,
            label::kind(kind),
            PositionKind::ALL.iter().map(|k| label::kind(*k).into()).collect(),
        ),
        Field::choice(
            "level",
            Msg::Level,
            o(spec.and_then(|s| s.level).map(|l| label::level(l).into())),
            level_choices(kind),
        ),
        Field::choice(
            "eselon",
            Msg::Eselon,
            o(spec.and_then(|s| s.eselon).map(|e| e.to_string())),
            Eselon::ALL.iter().map(|e| e.to_string()).chain(["-".to_string()]).collect(),
        ),
        Field::text("class", Msg::Class, o(spec.and_then(|s| s.class).map(|c| c.to_string()))),
        Field::text("needed", Msg::Needed, o(spec.and_then(|s| s.needed).map(|n| n.to_string()))),
        Field::choice(
            "head",
            Msg::Head,
            label::yes_no(spec.is_some_and(|s| s.head)),
            vec![label::yes_no(true).into(), label::yes_no(false).into()],
        ),
    ]
}

/// The levels a kind of position takes (none for a kind without levels).
fn level_choices(kind: PositionKind) -> Vec<String> {
    Level::ALL.iter().filter(|l| l.fits(kind)).map(|l| label::level(*l).to_string()).collect()
}

/// A form: labelled fields, one being typed into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// Its title.
    pub title: String,
    /// Every field (the add form shows those of the kind of node chosen).
    pub fields: Vec<Field>,
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
    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn value(&self, key: &str) -> &str {
        self.field(key).map_or("", |f| f.value.trim())
    }

    /// Whether the add form adds a unit (else a position).
    fn adds_unit(&self) -> bool {
        let what = crate::model::text::fold(self.value("what"));
        what == crate::model::text::fold(tr(Msg::Unit)) || what.starts_with('u')
    }

    /// Whether field `i` is shown: the add form shows a unit's or a position's.
    pub fn shows(&self, i: usize) -> bool {
        let Some(field) = self.fields.get(i) else { return false };
        match self.purpose {
            FormPurpose::Add { .. } => {
                let unit = self.adds_unit();
                match field.key {
                    "what" | "code" | "name" => true,
                    "unit_kind" | "unit_eselon" => unit,
                    _ => !unit,
                }
            }
            _ => true,
        }
    }

    /// The fields shown, with their places.
    pub fn shown(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.fields.iter().enumerate().filter(|(i, _)| self.shows(*i))
    }

    /// The field being typed into.
    pub fn current(&self) -> Option<&Field> {
        self.fields.get(self.cursor)
    }

    /// Moves to the next (or previous) field shown.
    fn step(&mut self, forward: bool) {
        let n = self.fields.len();
        for k in 1..=n {
            let i = if forward { (self.cursor + k) % n } else { (self.cursor + n - k) % n };
            if self.shows(i) {
                self.cursor = i;
                return;
            }
        }
    }

    /// Keeps what depends on another field in step: the code suggested follows the
    /// kind of node (unless typed over), the levels offered follow the kind.
    fn follow(&mut self) {
        if let FormPurpose::Add { unit_code, position_code, .. } = &self.purpose {
            let suggested = if self.adds_unit() { unit_code.clone() } else { position_code.clone() };
            if let Some(code) = self.fields.iter_mut().find(|f| f.key == "code")
                && (*code.value == **unit_code || *code.value == **position_code)
            {
                code.value.set(suggested);
            }
        }
        if let Ok(kind) = PositionKind::parse(self.value("kind"))
            && let Some(level) = self.fields.iter_mut().find(|f| f.key == "level")
        {
            level.choices = level_choices(kind);
        }
    }

    /// Tab on a field with values: completes what is typed to the one value it begins,
    /// or as far as the values it begins agree (and says them); on a whole value, the
    /// next one. On a field of any text, the next field.
    fn complete(&mut self) -> Outcome {
        use crate::model::text::fold;
        let Some(field) = self.fields.get_mut(self.cursor) else { return Outcome::Handled };
        if field.choices.is_empty() {
            self.step(true);
            return Outcome::Handled;
        }
        let typed = fold(field.value.trim());
        let whole = field.choices.iter().position(|c| fold(c) == typed);
        let hits: Vec<&String> = field.choices.iter().filter(|c| fold(c).starts_with(&typed)).collect();
        let said = match (whole, hits.as_slice()) {
            (Some(at), _) => {
                let next = field.choices[(at + 1) % field.choices.len()].clone();
                field.value.set(next);
                None
            }
            (None, [one]) => {
                field.value.set(one.to_string());
                None
            }
            (None, []) => Some(trf(Msg::FormValues, &[&field.choices.join(" · ")])),
            (None, many) => {
                let common = common_prefix(many);
                if common.chars().count() >= field.value.trim().chars().count() {
                    field.value.set(common);
                }
                Some(many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" · "))
            }
        };
        self.follow();
        said.map_or(Outcome::Handled, Outcome::Say)
    }

    /// Its own keys: edit the field, complete its value, move between fields, cancel,
    /// or submit (`Take`).
    pub fn key(&mut self, key: super::keymap::KeyAction) -> Outcome {
        use super::keymap::KeyAction as K;
        if let Some(field) = self.fields.get_mut(self.cursor)
            && field.value.edit(key)
        {
            self.follow();
            return Outcome::Handled;
        }
        match key {
            K::Cancel => Outcome::Closed,
            K::Complete => self.complete(),
            K::NextResult => {
                self.step(true);
                Outcome::Handled
            }
            K::PreviousResult => {
                self.step(false);
                Outcome::Handled
            }
            K::Accept => Outcome::Take,
            _ => Outcome::Handled,
        }
    }

    /// Text typed into the field being edited.
    pub fn type_text(&mut self, text: impl Iterator<Item = char>, max: usize) {
        if let Some(field) = self.fields.get_mut(self.cursor) {
            field.value.insert(text, max);
        }
        self.follow();
    }
}

/// The longest start the values share, in the case of the first.
fn common_prefix(values: &[&String]) -> String {
    let Some(first) = values.first() else { return String::new() };
    let mut end = first.len();
    for v in &values[1..] {
        end = first
            .char_indices()
            .zip(v.chars())
            .take_while(|((_, a), b)| a.to_lowercase().eq(b.to_lowercase()))
            .last()
            .map_or(0, |((i, a), _)| (i + a.len_utf8()).min(end));
    }
    first[..end].to_string()
}

/// An optional field: empty or `-` is none.
fn opt<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    match text.trim() {
        "" | "-" => Ok(None),
        t => parse(t).map(Some),
    }
}

fn yes(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t == tr(Msg::Yes) || matches!(t.as_str(), "y" | "ya" | "yes" | "1" | "true")
}

impl App {
    pub(super) fn open_form(&mut self, title: String, fields: Vec<Field>, purpose: FormPurpose) {
        let original = fields.iter().map(|f| f.value.to_string()).collect();
        let mut form = Form { title, fields, cursor: 0, purpose, original, seen: self.journal_seen };
        form.follow();
        self.form = Some(form);
        self.mode = Mode::Form;
    }

    /// The form of an anjab's requirements: a field each, what it holds joined by "; ".
    pub(super) fn open_requirements_form(&mut self, code: String, anjab: crate::model::JobDescription) {
        use crate::model::{REQUIREMENTS, Section};
        let fields = REQUIREMENTS
            .iter()
            .map(|key| Field {
                key,
                label: label::requirement(key),
                value: TextField::new(anjab.item(Section::Requirement, key).collect::<Vec<_>>().join("; ")),
                choices: Vec::new(),
                open: true,
            })
            .collect();
        self.open_form(trf(Msg::RequirementsTitle, &[&code]), fields, FormPurpose::Requirements { code, anjab });
    }

    /// The form of a position's factor levels (evaluasi jabatan): a field for each factor
    /// of its kind, which takes a level from 1 to the factor's number of levels.
    pub(super) fn open_factors_form(&mut self, code: String, kind: PositionKind, anjab: crate::model::JobDescription) {
        use crate::model::Section;
        let table = if kind.is_managerial() {
            &self.rules.job_evaluation.structural
        } else {
            &self.rules.job_evaluation.functional
        };
        let fields = crate::model::factors_of(kind)
            .iter()
            .map(|key| {
                let levels = table.get(*key).map_or(0, Vec::len);
                Field {
                    key,
                    label: label::factor(key),
                    value: TextField::new(anjab.item(Section::Factor, key).next().unwrap_or_default()),
                    choices: (1..=levels).map(|l| l.to_string()).collect(),
                    open: false,
                }
            })
            .collect();
        self.open_form(trf(Msg::FactorsTitle, &[&code]), fields, FormPurpose::Factors { code, anjab });
    }

    /// The rename form of a unit or position.
    pub(super) fn open_rename_form(&mut self, code: String, name: String, purpose: FormPurpose) {
        self.open_form(trf(Msg::RenameTitle, &[&code]), vec![Field::text("name", Msg::Name, name)], purpose);
    }

    /// The form of a position's fields.
    pub(super) fn open_edit_form(&mut self, position: &crate::model::Position) {
        self.open_form(
            trf(Msg::EditTitle, &[&position.code]),
            position_fields(Some(&position.spec)),
            FormPurpose::EditPosition(position.code.clone()),
        );
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
        let unit = tr(Msg::Unit).to_lowercase();
        let position = tr(Msg::Position).to_lowercase();
        let what = if is_position { position.clone() } else { unit.clone() };
        let where_ = parent.clone().unwrap_or_else(|| "—".into());
        let mut fields = vec![
            Field::choice("what", Msg::What, what, vec![unit, position]),
            Field::text("code", Msg::Code, code),
            Field::text("name", Msg::Name, String::new()),
            Field {
                open: true,
                ..Field::choice("unit_kind", Msg::Kind, String::new(), UNIT_KINDS.map(String::from).to_vec())
            },
        ];
        let eselons = Eselon::ALL.iter().map(|e| e.to_string()).chain(["-".to_string()]).collect();
        fields.push(Field::choice("unit_eselon", Msg::Eselon, String::new(), eselons));
        fields.extend(position_fields(None));
        self.open_form(trf(Msg::AddTitle, &[&where_]), fields, FormPurpose::Add { parent, unit_code, position_code });
        // The name is what is typed first.
        if let Some(form) = self.form.as_mut() {
            form.cursor = 2;
        }
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
            Outcome::Say(text) => self.say(text),
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

    /// The operations the form's values make, or what is wrong with them (reason first,
    /// then the field).
    fn form_ops(&self, form: &Form) -> Result<Vec<Op>, String> {
        let field = |key: &str, e: String| format!("{e} ({})", form.field(key).map_or(key, |f| f.label.as_str()));
        // A value of a closed field that is not one of its values names them.
        let closed = |key: &str, parse: fn(&str) -> Result<Option<String>, ()>| -> Result<(), String> {
            let value = form.value(key);
            match parse(value) {
                Ok(_) => Ok(()),
                Err(()) => {
                    let choices = form.field(key).map(|f| f.choices.join(" · ")).unwrap_or_default();
                    Err(field(key, trf(Msg::FormNotAValue, &[&value, &choices])))
                }
            }
        };
        let number = |key: &str, max: u32| -> Result<Option<u32>, String> {
            opt(form.value(key), |t| match t.parse::<u32>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(trf(Msg::FormNotANumber, &[&t, &max])),
            })
            .map_err(|e| field(key, e))
        };
        let class = || -> Result<Option<u8>, String> {
            opt(form.value("class"), |t| match t.parse::<u8>() {
                Ok(n @ 1..=17) => Ok(n),
                _ => Err(trf(Msg::FormNotAClass, &[&t])),
            })
            .map_err(|e| field("class", e))
        };
        let spec = || -> Result<PositionSpec, String> {
            closed("kind", |t| PositionKind::parse(t).map(|_| None).map_err(|_| ()))?;
            closed("level", |t| opt(t, Level::parse).map(|_| None).map_err(|_| ()))?;
            closed("eselon", |t| opt(t, Eselon::parse).map(|_| None).map_err(|_| ()))?;
            Ok(PositionSpec {
                kind: PositionKind::parse(form.value("kind")).map_err(|_| String::new())?,
                level: opt(form.value("level"), Level::parse).map_err(|_| String::new())?,
                eselon: opt(form.value("eselon"), Eselon::parse).map_err(|_| String::new())?,
                class: class()?,
                needed: number("needed", crate::model::MAX_NEEDED)?,
                head: yes(form.value("head")),
            })
        };
        match &form.purpose {
            FormPurpose::RenameUnit(code) => {
                Ok(vec![Op::RenameUnit { code: code.clone(), name: form.value("name").into() }])
            }
            FormPurpose::RenamePosition(code) => {
                Ok(vec![Op::RenamePosition { code: code.clone(), name: form.value("name").into() }])
            }
            FormPurpose::Requirements { code, anjab } => {
                use crate::model::{AnjabRow, JobDescription, Section};
                // The requirements as typed (a "; " between two of one), the rest kept.
                let mut rows: Vec<AnjabRow> =
                    anjab.rows.iter().filter(|r| r.section != Section::Requirement).cloned().collect();
                for f in &form.fields {
                    for text in form.value(f.key).split(';').map(str::trim).filter(|t| !t.is_empty()) {
                        rows.push(AnjabRow {
                            section: Section::Requirement,
                            item: f.key.to_string(),
                            text: text.into(),
                        });
                    }
                }
                let after = JobDescription { rows }.sorted();
                if after == *anjab {
                    return Err(tr(Msg::NothingChanged).to_string());
                }
                let anjab = (!after.is_empty()).then(|| Box::new(after));
                Ok(vec![Op::SetAnjab { code: code.clone(), anjab }])
            }
            FormPurpose::Factors { code, anjab } => {
                use crate::model::{AnjabRow, JobDescription, Section};
                // The levels as chosen (an empty field: no level), the rest kept.
                let mut rows: Vec<AnjabRow> =
                    anjab.rows.iter().filter(|r| r.section != Section::Factor).cloned().collect();
                for f in &form.fields {
                    let value = form.value(f.key).trim();
                    if value.is_empty() {
                        continue;
                    }
                    if !f.choices.iter().any(|c| c == value) {
                        return Err(field(f.key, trf(Msg::FormNotAValue, &[&value, &f.choices.join(" · ")])));
                    }
                    rows.push(AnjabRow { section: Section::Factor, item: f.key.to_string(), text: value.into() });
                }
                let after = JobDescription { rows }.sorted();
                if after == *anjab {
                    return Err(tr(Msg::NothingChanged).to_string());
                }
                let anjab = (!after.is_empty()).then(|| Box::new(after));
                Ok(vec![Op::SetAnjab { code: code.clone(), anjab }])
            }
            FormPurpose::EditPosition(code) => {
                let spec = spec()?;
                // Only what was typed over: an operation replays on another database.
                let changed = |key: &str| {
                    form.fields.iter().zip(&form.original).any(|(f, o)| f.key == key && f.value.trim() != o.trim())
                };
                let edit = PositionEdit {
                    kind: Some(spec.kind).filter(|_| changed("kind")),
                    level: Some(spec.level).filter(|_| changed("level")),
                    eselon: Some(spec.eselon).filter(|_| changed("eselon")),
                    class: Some(spec.class).filter(|_| changed("class")),
                    needed: Some(spec.needed).filter(|_| changed("needed")),
                    head: Some(spec.head).filter(|_| changed("head")),
                };
                if edit.is_empty() {
                    return Err(tr(Msg::NothingChanged).to_string());
                }
                Ok(vec![Op::EditPosition { code: code.clone(), edit }])
            }
            FormPurpose::Add { parent, .. } => {
                let code = form.value("code").to_string();
                let name = form.value("name").to_string();
                if form.adds_unit() {
                    let kind = form.value("unit_kind").to_lowercase();
                    if kind.is_empty() {
                        return Err(field("unit_kind", tr(Msg::FormUnitNeedsKind).to_string()));
                    }
                    closed("unit_eselon", |t| opt(t, Eselon::parse).map(|_| None).map_err(|_| ()))?;
                    Ok(vec![Op::AddUnit {
                        code,
                        parent: parent.clone(),
                        name,
                        kind,
                        eselon: opt(form.value("unit_eselon"), Eselon::parse).map_err(|_| String::new())?,
                        restore_id: None,
                    }])
                } else {
                    let unit = parent.clone().ok_or_else(|| tr(Msg::FormPositionNeedsUnit).to_string())?;
                    Ok(vec![Op::AddPosition {
                        code,
                        unit,
                        name,
                        fields: Box::new(NewPosition { spec: spec()?, standard: Vec::new(), tasks: Vec::new() }),
                        restore_id: None,
                    }])
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::KeyAction as K;

    fn form(fields: Vec<Field>) -> Form {
        Form {
            title: String::new(),
            original: fields.iter().map(|f| f.value.to_string()).collect(),
            fields,
            cursor: 0,
            purpose: FormPurpose::EditPosition("P".into()),
            seen: 0,
        }
    }

    #[test]
    fn tab_completes_a_value_cycles_whole_ones_and_says_the_choices_left() {
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let mut f = form(position_fields(None));
        f.fields[0].value.set("fu");
        assert_eq!(f.key(K::Complete), Outcome::Handled);
        assert_eq!(f.value("kind"), "Fungsional");
        // A whole value: the next one.
        f.key(K::Complete);
        assert_eq!(f.value("kind"), "JPT");
        // The levels follow the kind.
        f.fields[0].value.set("Fungsional");
        f.follow();
        f.cursor = 1;
        f.fields[1].value.set("ahli m");
        assert_eq!(f.key(K::Complete), Outcome::Say("Ahli Madya · Ahli Muda".into()));
        assert_eq!(f.value("level"), "Ahli M");
        f.fields[1].value.set("x");
        assert!(matches!(f.key(K::Complete), Outcome::Say(s) if s.contains("Ahli Utama")));
        // A field of any text: Tab goes on.
        f.cursor = 3;
        f.key(K::Complete);
        assert_eq!(f.cursor, 4);
    }

    #[test]
    fn the_longest_shared_start_keeps_the_first_values_case() {
        let (a, b) = ("Ahli Madya".to_string(), "ahli muda".to_string());
        assert_eq!(common_prefix(&[&a, &b]), "Ahli M");
        let c = "Pemula".to_string();
        assert_eq!(common_prefix(&[&a, &c]), "");
    }
}
