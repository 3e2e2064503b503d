//! Structural edits as data: the closed set of operations a reorganization is made
//! of (the journal that records them is `journal`), and their line-oriented text form (one
//! operation per line, naming units, positions and employees by code and NIP, never by
//! internal id), which is what `jabat ops export` writes and `jabat ops apply` reads.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{Competency, Date, Eselon, Level, Nip, PositionKind, PositionSpec, StandardEntry, Task};

/// The fields of a position an edit changes; `None` leaves a field as it is (so an
/// operation written for one database replays on another).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PositionEdit {
    /// Kind (jenis jabatan).
    #[serde(default)]
    pub kind: Option<PositionKind>,
    /// Level; `Some(None)` clears it.
    #[serde(default, with = "clearable")]
    pub level: Option<Option<Level>>,
    /// Eselon; `Some(None)` clears it.
    #[serde(default, with = "clearable")]
    pub eselon: Option<Option<Eselon>>,
    /// Kelas jabatan; `Some(None)` clears it.
    #[serde(default, with = "clearable")]
    pub class: Option<Option<u8>>,
    /// Kebutuhan; `Some(None)` clears it.
    #[serde(default, with = "clearable")]
    pub needed: Option<Option<u32>>,
    /// Whether it heads its unit.
    #[serde(default)]
    pub head: Option<bool>,
}

/// A field an edit leaves (`None`), clears (`Some(None)`) or sets, kept apart in JSON
/// too: there a cleared field is `"-"`, as in the operation's text form, where plain
/// serde would write `null` for both and read a clearing back as leaving. Binary
/// encodings keep the nested option as it is, so stored journals read as before.
mod clearable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// How JSON writes "clear this field".
    const CLEARED: &str = "-";

    pub fn serialize<S: Serializer, T: Serialize>(value: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(None) if s.is_human_readable() => s.serialize_str(CLEARED),
            _ => value.serialize(s),
        }
    }

    pub fn deserialize<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        if !d.is_human_readable() {
            return Option::<Option<T>>::deserialize(d);
        }
        /// `"-"` and nothing else.
        struct Cleared;
        impl<'de> Deserialize<'de> for Cleared {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cleared, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                if text == CLEARED { Ok(Cleared) } else { Err(serde::de::Error::custom("not '-'")) }
            }
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Field<T> {
            Clear(#[allow(dead_code)] Cleared),
            Set(T),
        }
        Ok(match Option::<Field<T>>::deserialize(d)? {
            None => None,
            Some(Field::Clear(_)) => Some(None),
            Some(Field::Set(v)) => Some(Some(v)),
        })
    }
}

impl PositionEdit {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == PositionEdit::default()
    }

    /// `spec` with this edit made, and the edit that puts `spec` back (naming only the
    /// fields this one names).
    pub fn applied_to(&self, spec: PositionSpec) -> (PositionSpec, PositionEdit) {
        fn set<T: Copy>(field: &mut T, to: Option<T>, undo: &mut Option<T>) {
            if let Some(v) = to {
                *undo = Some(*field);
                *field = v;
            }
        }
        let (mut next, mut undo) = (spec, PositionEdit::default());
        set(&mut next.kind, self.kind, &mut undo.kind);
        set(&mut next.level, self.level, &mut undo.level);
        set(&mut next.eselon, self.eselon, &mut undo.eselon);
        set(&mut next.class, self.class, &mut undo.class);
        set(&mut next.needed, self.needed, &mut undo.needed);
        set(&mut next.head, self.head, &mut undo.head);
        (next, undo)
    }
}

/// A new position's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewPosition {
    /// Kind, level, eselon, class, kebutuhan and head.
    pub spec: PositionSpec,
    /// Competency standard (written back by the inverse of a removal).
    pub standard: Vec<StandardEntry>,
    /// Workload tasks (likewise).
    pub tasks: Vec<Task>,
}

impl NewPosition {
    /// The content of an existing position, with its standard and tasks (what the
    /// inverse of its removal writes back).
    pub fn of(p: &super::Position, standard: Vec<StandardEntry>, tasks: Vec<Task>) -> NewPosition {
        NewPosition { spec: p.spec, standard, tasks }
    }

    /// The position this content makes, under its id, code, unit and name.
    pub fn position(&self, id: super::PositionId, code: &str, unit: super::UnitId, name: &str) -> super::Position {
        super::Position { id, code: code.to_string(), unit, name: name.to_string(), spec: self.spec }
    }
}

/// One structural edit. Every change to the structure is a sequence of these, applied
/// atomically; each has an inverse computed when it is applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// A new unit under `parent` (a new instansi when `None`).
    AddUnit {
        /// Its code, unique in the database.
        code: String,
        /// The parent's code.
        parent: Option<String>,
        /// Name.
        name: String,
        /// Free label of its kind.
        kind: String,
        /// Eselon recorded on the unit.
        eselon: Option<Eselon>,
        /// The internal id to use when free: set by the inverse of a removal, so undo
        /// restores the unit exactly (never written to an operations file).
        restore_id: Option<u32>,
    },
    /// A unit's new name.
    RenameUnit {
        /// The unit.
        code: String,
        /// The new name.
        name: String,
    },
    /// Removes an empty unit (no sub-units, no positions).
    RemoveUnit {
        /// The unit.
        code: String,
    },
    /// Moves a unit with its whole subtree under another unit.
    MoveUnit {
        /// The unit.
        code: String,
        /// The new parent.
        parent: String,
    },
    /// A new position.
    AddPosition {
        /// Its code, unique in the database.
        code: String,
        /// The unit it belongs to.
        unit: String,
        /// Name.
        name: String,
        /// Its fields.
        fields: Box<NewPosition>,
        /// As for units.
        restore_id: Option<u32>,
    },
    /// A position's new name.
    RenamePosition {
        /// The position.
        code: String,
        /// The new name.
        name: String,
    },
    /// Changes some of a position's fields.
    EditPosition {
        /// The position.
        code: String,
        /// What changes.
        edit: PositionEdit,
    },
    /// Removes a position nobody holds.
    RemovePosition {
        /// The position.
        code: String,
    },
    /// Moves a position (with its holders) to another unit.
    MovePosition {
        /// The position.
        code: String,
        /// The new unit.
        unit: String,
    },
    /// Places an employee in a position, moves them, or (with `None`) puts them on
    /// the holding list (belum ditempatkan).
    Place {
        /// The employee.
        nip: Nip,
        /// The position, or none.
        position: Option<String>,
        /// TMT jabatan from now on (`None` clears it).
        since: Option<Date>,
    },
    /// Sets a position's job description (anjab), or clears it with `None`. (Appended
    /// last: journals written before it keep their encoding.)
    SetAnjab {
        /// The position.
        code: String,
        /// The whole job description as it becomes.
        anjab: Option<Box<super::JobDescription>>,
    },
}

impl Op {
    /// Every verb of the text form.
    pub const VERBS: [&'static str; 12] = [
        "add-unit",
        "rename-unit",
        "remove-unit",
        "move-unit",
        "add-position",
        "rename-position",
        "edit-position",
        "remove-position",
        "move-position",
        "place",
        "unplace",
        "set-anjab",
    ];

    /// Whether `word` is the verb of an operation.
    pub fn is_verb(word: &str) -> bool {
        Self::VERBS.contains(&word)
    }

    /// The verb of the text form, also a stable id of the operation's kind.
    pub fn verb(&self) -> &'static str {
        match self {
            Op::AddUnit { .. } => "add-unit",
            Op::RenameUnit { .. } => "rename-unit",
            Op::RemoveUnit { .. } => "remove-unit",
            Op::MoveUnit { .. } => "move-unit",
            Op::AddPosition { .. } => "add-position",
            Op::RenamePosition { .. } => "rename-position",
            Op::EditPosition { .. } => "edit-position",
            Op::RemovePosition { .. } => "remove-position",
            Op::MovePosition { .. } => "move-position",
            Op::Place { position: Some(_), .. } => "place",
            Op::Place { position: None, .. } => "unplace",
            Op::SetAnjab { .. } => "set-anjab",
        }
    }

    /// Whether the operation is about `code` (a unit, a position or a NIP): as its
    /// subject, or as the parent, unit or position it puts something in.
    pub fn mentions(&self, code: &str) -> bool {
        self.subject() == code
            || match self {
                Op::AddUnit { parent, .. } => parent.as_deref() == Some(code),
                Op::MoveUnit { parent, .. } => parent == code,
                Op::AddPosition { unit, .. } | Op::MovePosition { unit, .. } => unit == code,
                Op::Place { position, .. } => position.as_deref() == Some(code),
                _ => false,
            }
    }

    /// The code or NIP the operation is about.
    pub fn subject(&self) -> String {
        match self {
            Op::AddUnit { code, .. }
            | Op::RenameUnit { code, .. }
            | Op::RemoveUnit { code }
            | Op::MoveUnit { code, .. }
            | Op::AddPosition { code, .. }
            | Op::RenamePosition { code, .. }
            | Op::EditPosition { code, .. }
            | Op::RemovePosition { code }
            | Op::MovePosition { code, .. }
            | Op::SetAnjab { code, .. } => code.clone(),
            Op::Place { nip, .. } => nip.to_string(),
        }
    }

    /// The same operation on another subject (for "repeat the last operation").
    pub fn with_subject(&self, subject: &str) -> Op {
        let mut op = self.clone();
        match &mut op {
            Op::AddUnit { code, .. }
            | Op::RenameUnit { code, .. }
            | Op::RemoveUnit { code }
            | Op::MoveUnit { code, .. }
            | Op::AddPosition { code, .. }
            | Op::RenamePosition { code, .. }
            | Op::EditPosition { code, .. }
            | Op::RemovePosition { code }
            | Op::MovePosition { code, .. }
            | Op::SetAnjab { code, .. } => *code = subject.to_string(),
            Op::Place { nip, .. } => {
                if let Ok(n) = Nip::parse(subject) {
                    *nip = n;
                }
            }
        }
        op
    }

    /// The codes of the units and positions it names: its subject, and where it puts
    /// it (a parent, a unit, a position).
    pub fn codes(&self) -> Vec<&str> {
        match self {
            Op::AddUnit { code, parent, .. } => std::iter::once(code.as_str()).chain(parent.as_deref()).collect(),
            Op::MoveUnit { code, parent } => vec![code, parent],
            Op::AddPosition { code, unit, .. } | Op::MovePosition { code, unit } => vec![code, unit],
            Op::RenameUnit { code, .. }
            | Op::RemoveUnit { code }
            | Op::RenamePosition { code, .. }
            | Op::EditPosition { code, .. }
            | Op::RemovePosition { code }
            | Op::SetAnjab { code, .. } => vec![code],
            Op::Place { position, .. } => position.as_deref().into_iter().collect(),
        }
    }

    /// The text form: one line, `verb SUBJECT key=value …`.
    pub fn to_line(&self) -> String {
        let mut line = format!("{} {}", self.verb(), quote(&self.subject()));
        let mut put = |key: &str, value: &str| {
            let _ = write!(line, " {key}={}", quote(value));
        };
        fn opt<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map_or_else(|| "-".to_string(), T::to_string)
        }
        match self {
            Op::AddUnit { parent, name, kind, eselon, .. } => {
                put("parent", &opt(parent));
                put("name", name);
                put("kind", kind);
                put("eselon", &opt(eselon));
            }
            Op::RenameUnit { name, .. } | Op::RenamePosition { name, .. } => put("name", name),
            Op::RemoveUnit { .. } | Op::RemovePosition { .. } => {}
            Op::MoveUnit { parent, .. } => put("parent", parent),
            Op::AddPosition { unit, name, fields, .. } => {
                put("unit", unit);
                put("name", name);
                put("kind", fields.spec.kind.as_str());
                put("level", &opt(&fields.spec.level));
                put("eselon", &opt(&fields.spec.eselon));
                put("class", &opt(&fields.spec.class));
                put("needed", &opt(&fields.spec.needed));
                put("head", if fields.spec.head { "yes" } else { "no" });
                if !fields.standard.is_empty() {
                    let standard: Vec<String> =
                        fields.standard.iter().map(|s| format!("{}:{}", s.competency.id(), s.level)).collect();
                    put("standard", &standard.join(";"));
                }
                for t in &fields.tasks {
                    put("task", &format!("{}|{}|{}", t.name, t.volume, t.minutes));
                }
            }
            Op::EditPosition { edit, .. } => {
                if let Some(k) = edit.kind {
                    put("kind", k.as_str());
                }
                if let Some(v) = &edit.level {
                    put("level", &opt(v));
                }
                if let Some(v) = &edit.eselon {
                    put("eselon", &opt(v));
                }
                if let Some(v) = &edit.class {
                    put("class", &opt(v));
                }
                if let Some(v) = &edit.needed {
                    put("needed", &opt(v));
                }
                if let Some(h) = edit.head {
                    put("head", if h { "yes" } else { "no" });
                }
            }
            Op::MovePosition { unit, .. } => put("unit", unit),
            Op::Place { position, since, .. } => {
                if let Some(p) = position {
                    put("position", p);
                }
                put("since", &opt(since));
            }
            Op::SetAnjab { anjab, .. } => match anjab {
                Some(a) => put("anjab", &serde_json::to_string(a).expect("an anjab serializes")),
                None => put("anjab", "-"),
            },
        }
        line
    }

    /// Parses one line of the text form (without its comment).
    pub fn parse_line(line: &str) -> Result<Op, String> {
        let words = split_words(line)?;
        let mut it = words.into_iter();
        let verb = match it.next() {
            Some((None, v)) => v,
            _ => return Err("a line starts with an operation, e.g. 'move-unit 1.02 parent=1.03'".into()),
        };
        let subject = match it.next() {
            Some((None, s)) => s,
            _ => return Err(format!("'{verb}' needs a code or NIP after it")),
        };
        let mut fields = Fields { verb: verb.clone(), pairs: Vec::new() };
        for (key, value) in it {
            match key {
                Some(k) => fields.pairs.push((k, value, false)),
                None => return Err(format!("unexpected '{value}': write fields as key=value")),
            }
        }
        let op = match verb.as_str() {
            "add-unit" => Op::AddUnit {
                code: subject,
                parent: fields.optional("parent", |v| Ok(v.to_string()))?.flatten(),
                name: fields.required("name")?,
                kind: fields.optional("kind", |v| Ok(v.to_string()))?.flatten().unwrap_or_default(),
                eselon: fields.optional("eselon", Eselon::parse)?.flatten(),
                restore_id: None,
            },
            "rename-unit" => Op::RenameUnit { code: subject, name: fields.required("name")? },
            "remove-unit" => Op::RemoveUnit { code: subject },
            "move-unit" => Op::MoveUnit { code: subject, parent: fields.required("parent")? },
            "add-position" => {
                let kind = PositionKind::parse(&fields.required("kind")?).map_err(|e| format!("kind: {e}"))?;
                Op::AddPosition {
                    code: subject,
                    unit: fields.required("unit")?,
                    name: fields.required("name")?,
                    fields: Box::new(NewPosition {
                        spec: PositionSpec {
                            kind,
                            level: fields.optional("level", Level::parse)?.flatten(),
                            eselon: fields.optional("eselon", Eselon::parse)?.flatten(),
                            class: fields.optional("class", class)?.flatten(),
                            needed: fields.optional("needed", needed)?.flatten(),
                            head: fields.optional("head", yes_no)?.flatten().unwrap_or(false),
                        },
                        standard: fields.optional("standard", standard)?.flatten().unwrap_or_default(),
                        tasks: fields.all("task", task)?,
                    }),
                    restore_id: None,
                }
            }
            "rename-position" => Op::RenamePosition { code: subject, name: fields.required("name")? },
            "edit-position" => {
                let edit = PositionEdit {
                    kind: fields
                        .optional("kind", PositionKind::parse)?
                        .map(|k| k.ok_or("kind cannot be '-'"))
                        .transpose()?,
                    level: fields.optional("level", Level::parse)?,
                    eselon: fields.optional("eselon", Eselon::parse)?,
                    class: fields.optional("class", class)?,
                    needed: fields.optional("needed", needed)?,
                    head: fields.optional("head", yes_no)?.map(|h| h.unwrap_or(false)),
                };
                if edit.is_empty() {
                    return Err(
                        "edit-position changes nothing: give kind=, level=, eselon=, class=, needed= or head=".into()
                    );
                }
                Op::EditPosition { code: subject, edit }
            }
            "remove-position" => Op::RemovePosition { code: subject },
            "move-position" => Op::MovePosition { code: subject, unit: fields.required("unit")? },
            "place" | "unplace" => Op::Place {
                nip: Nip::parse(&subject).map_err(|e| format!("NIP: {e}"))?,
                position: if verb == "place" { Some(fields.required("position")?) } else { None },
                since: fields.optional("since", Date::parse)?.flatten(),
            },
            // The document as JSON (one line: its line ends are escaped), or `-`.
            "set-anjab" => Op::SetAnjab {
                code: subject,
                anjab: fields
                    .optional("anjab", |v| {
                        serde_json::from_str::<super::JobDescription>(v).map_err(|e| format!("not an anjab: {e}"))
                    })?
                    .ok_or_else(|| "'set-anjab' needs anjab=… (JSON, or - to clear)".to_string())?
                    .map(Box::new),
            },
            other => {
                return Err(format!(
                    "unknown operation '{other}' (expected one of: add-unit, rename-unit, remove-unit, move-unit, add-position, rename-position, edit-position, remove-position, move-position, place, unplace, set-anjab)"
                ));
            }
        };
        fields.finish()?;
        Ok(op)
    }
}

/// The fields of one line, each used once.
struct Fields {
    verb: String,
    /// (key, value, used)
    pairs: Vec<(String, String, bool)>,
}

impl Fields {
    fn take(&mut self, key: &str) -> Option<String> {
        let slot = self.pairs.iter_mut().find(|(k, _, used)| k == key && !*used)?;
        slot.2 = true;
        Some(slot.1.clone())
    }

    fn required(&mut self, key: &str) -> Result<String, String> {
        match self.take(key) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(format!("'{}' needs {key}=…", self.verb)),
        }
    }

    /// `None` when absent, `Some(None)` for `-`.
    fn optional<T>(
        &mut self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<Option<T>>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(v) if v == "-" => Ok(Some(None)),
            Some(v) => parse(&v).map(|x| Some(Some(x))).map_err(|e| format!("{key}: {e}")),
        }
    }

    fn all<T>(&mut self, key: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
        let mut out = Vec::new();
        while let Some(v) = self.take(key) {
            out.push(parse(&v).map_err(|e| format!("{key}: {e}"))?);
        }
        Ok(out)
    }

    fn finish(self) -> Result<(), String> {
        match self.pairs.iter().find(|(_, _, used)| !used) {
            // A field it has, left over: it was given twice (repeated fields such as
            // `standard=` are all taken).
            Some((k, _, _)) if self.pairs.iter().any(|(other, _, used)| other == k && *used) => {
                Err(format!("'{}': {k}= is given twice", self.verb))
            }
            Some((k, _, _)) => Err(format!("'{}' has no field '{k}'", self.verb)),
            None => Ok(()),
        }
    }
}

fn class(v: &str) -> Result<u8, String> {
    match v.parse::<u8>() {
        Ok(c) if (1..=17).contains(&c) => Ok(c),
        _ => Err(format!("'{v}' is not a kelas jabatan (1–17)")),
    }
}

fn needed(v: &str) -> Result<u32, String> {
    v.parse::<u32>().map_err(|_| format!("'{v}' is not a headcount"))
}

fn yes_no(v: &str) -> Result<bool, String> {
    match v.to_lowercase().as_str() {
        "yes" | "ya" | "true" | "1" => Ok(true),
        "no" | "tidak" | "false" | "0" => Ok(false),
        _ => Err(format!("'{v}' is not yes or no")),
    }
}

fn standard(v: &str) -> Result<Vec<StandardEntry>, String> {
    v.split(';')
        .filter(|s| !s.trim().is_empty())
        .map(|item| {
            let (c, l) = item.rsplit_once(':').ok_or_else(|| format!("'{item}' is not COMPETENCY:LEVEL"))?;
            let level = l.trim().parse::<u8>().ok().filter(|l| (1..=5).contains(l));
            Ok(StandardEntry {
                competency: Competency::parse(c)?,
                level: level.ok_or_else(|| format!("'{l}' is not a level 1–5"))?,
            })
        })
        .collect()
}

fn task(v: &str) -> Result<Task, String> {
    let mut parts = v.rsplitn(3, '|');
    let (Some(minutes), Some(volume), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("'{v}' is not NAME|VOLUME|MINUTES"));
    };
    let number = |s: &str, most: f64| s.trim().parse::<f64>().ok().filter(|x| x.is_finite() && *x > 0.0 && *x <= most);
    Ok(Task {
        name: name.to_string(),
        volume: number(volume, super::MAX_TASK_VOLUME)
            .ok_or_else(|| format!("'{volume}' is not a volume (above 0, at most {})", super::MAX_TASK_VOLUME))?,
        minutes: number(minutes, super::MAX_TASK_MINUTES)
            .ok_or_else(|| format!("'{minutes}' is not minutes (above 0, at most {})", super::MAX_TASK_MINUTES))?,
    })
}

/// Quotes a value when it would not read back as one bare word.
fn quote(value: &str) -> String {
    let bare = !value.is_empty()
        && !value.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '\\' | '#' | '=') || c.is_control());
    if bare {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // No control character is ever written raw: a file printed with `cat`
            // cannot steer the terminal.
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Splits a line into words: bare or `"quoted"`, each optionally `key=`-prefixed.
/// A `#` outside quotes starts a comment.
fn split_words(line: &str) -> Result<Vec<(Option<String>, String)>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        if first == '#' {
            break;
        }
        let mut key = None;
        let mut word = String::new();
        loop {
            match chars.peek().copied() {
                None => break,
                Some(c) if c.is_whitespace() => break,
                Some('=') if key.is_none() && !word.is_empty() => {
                    chars.next();
                    key = Some(std::mem::take(&mut word));
                }
                Some('"') if word.is_empty() => {
                    chars.next();
                    loop {
                        match chars.next() {
                            None => return Err("a quoted value is not closed".into()),
                            Some('"') => break,
                            Some('\\') => match chars.next() {
                                Some('n') => word.push('\n'),
                                Some('t') => word.push('\t'),
                                Some('u') if chars.peek() == Some(&'{') => {
                                    chars.next();
                                    let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                                    let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                                    word.push(c.ok_or_else(|| format!("\\u{{{hex}}} is not a character"))?);
                                }
                                Some(c) => word.push(c),
                                None => return Err("a quoted value is not closed".into()),
                            },
                            Some(c) => word.push(c),
                        }
                    }
                    if chars.peek().is_some_and(|c| !c.is_whitespace()) {
                        return Err("a quoted value must be followed by a space".into());
                    }
                    break;
                }
                Some(c) => {
                    chars.next();
                    word.push(c);
                }
            }
        }
        out.push((key, word));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(op: Op) {
        let line = op.to_line();
        assert_eq!(Op::parse_line(&line), Ok(op), "{line}");
    }

    #[test]
    fn a_cleared_field_stays_cleared_through_json() {
        let edit = PositionEdit {
            kind: Some(PositionKind::Fungsional),
            level: Some(Some(Level::AhliMuda)),
            eselon: Some(None),
            class: Some(None),
            needed: Some(Some(3)),
            head: None,
        };
        let json = serde_json::to_string(&edit).unwrap();
        assert_eq!(json, r#"{"kind":"Fungsional","level":"AhliMuda","eselon":"-","class":"-","needed":3,"head":null}"#);
        assert_eq!(serde_json::from_str::<PositionEdit>(&json).unwrap(), edit);
        assert_eq!(serde_json::from_str::<PositionEdit>(r#"{"needed":null}"#).unwrap(), PositionEdit::default());
        assert!(serde_json::from_str::<PositionEdit>(r#"{"class":"x"}"#).is_err());
    }

    #[test]
    fn every_operation_reads_back_from_its_line() {
        round_trip(Op::AddUnit {
            code: "12.04.09".into(),
            parent: Some("12.04".into()),
            name: "Bidang \"Baru\" = tata kelola".into(),
            kind: "bidang".into(),
            eselon: Some(Eselon::IIIA),
            restore_id: None,
        });
        round_trip(Op::AddUnit {
            code: "X".into(),
            parent: None,
            name: "Kab".into(),
            kind: String::new(),
            eselon: None,
            restore_id: None,
        });
        round_trip(Op::RenameUnit { code: "a b".into(), name: "Seksi # 1".into() });
        // Control characters (in a legacy name) are written as \u{..}, never raw.
        let legacy = Op::RenameUnit { code: "1".into(), name: "a\x1b]52;c;x\x07b".into() };
        assert!(!legacy.to_line().chars().any(char::is_control), "{}", legacy.to_line());
        round_trip(legacy);
        round_trip(Op::RemoveUnit { code: "1".into() });
        round_trip(Op::MoveUnit { code: "1.2".into(), parent: "1.3".into() });
        round_trip(Op::AddPosition {
            code: "P1".into(),
            unit: "1".into(),
            name: "Analis Kebijakan".into(),
            fields: Box::new(NewPosition {
                spec: PositionSpec {
                    kind: PositionKind::Fungsional,
                    level: Some(Level::AhliMuda),
                    eselon: None,
                    class: Some(9),
                    needed: Some(2),
                    head: false,
                },
                standard: vec![StandardEntry { competency: Competency::Integritas, level: 3 }],
                tasks: vec![Task { name: "Menyusun | kajian".into(), volume: 12.5, minutes: 300.0 }],
            }),
            restore_id: None,
        });
        round_trip(Op::RenamePosition { code: "P1".into(), name: "x".into() });
        round_trip(Op::EditPosition {
            code: "P1".into(),
            edit: PositionEdit {
                kind: Some(PositionKind::Fungsional),
                eselon: Some(None),
                level: Some(Some(Level::AhliPertama)),
                ..PositionEdit::default()
            },
        });
        round_trip(Op::RemovePosition { code: "P1".into() });
        round_trip(Op::MovePosition { code: "P1".into(), unit: "2".into() });
        let nip = Nip::parse("197805122003121004").unwrap();
        round_trip(Op::Place { nip, position: Some("P1".into()), since: Date::parse("2026-11-29").ok() });
        round_trip(Op::Place { nip, position: None, since: None });
        let anjab = super::super::JobDescription {
            rows: vec![super::super::AnjabRow {
                section: super::super::Section::Summary,
                item: String::new(),
                text: "Melakukan \"analisis\" = kajian; 100% #1\nbaris dua".into(),
            }],
        };
        round_trip(Op::SetAnjab { code: "P1".into(), anjab: Some(Box::new(anjab)) });
        round_trip(Op::SetAnjab { code: "P1".into(), anjab: None });
    }

    proptest::proptest! {
        #[test]
        fn any_line_reads_or_says_why_without_panicking(line in "\\PC{0,80}") {
            let _ = Op::parse_line(&line);
        }

        #[test]
        fn names_with_any_characters_read_back(name in "\\PC{0,4}[^\\x00-\\x1f]{1,40}[\\x00-\\x1f]?", code in "[A-Za-z0-9.\\- ]{1,12}") {
            let code = code.trim().to_string();
            proptest::prop_assume!(!code.is_empty() && !name.trim().is_empty());
            let op = Op::RenameUnit { code, name };
            proptest::prop_assert_eq!(Op::parse_line(&op.to_line()), Ok(op));
        }
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let err = |l: &str| Op::parse_line(l).unwrap_err();
        assert!(err("move-unit 1.2").contains("parent="), "{}", err("move-unit 1.2"));
        assert!(err("jump 1").contains("unknown operation 'jump'"));
        assert!(err("rename-unit 1 name=\"open").contains("not closed"));
        assert!(err("edit-position P1").contains("changes nothing"));
        assert!(err("edit-position P1 class=40").contains("kelas"));
        assert!(err("rename-unit 1 name=x colour=red").contains("no field 'colour'"));
        assert!(err("place 123 position=P").contains("NIP"));
        assert_eq!(
            Op::parse_line("rename-unit 1 name=Baru   # a comment"),
            Ok(Op::RenameUnit { code: "1".into(), name: "Baru".into() })
        );
    }
}
