//! Structural checks: what is wrong or worth a look in a structure, each finding with
//! a severity, a stable rule id, the node and a one-line explanation (domain.md §1–4).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::RuleSet;
use crate::i18n::{Msg, trf};
use crate::model::{Dataset, Date, EmploymentStatus, Eselon, Grade, Nip, Position, PositionId, PositionKind, UnitId};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gravity {
    /// Breaks a regulation or the structure's own rules; `check` exits 1.
    Error,
    /// Likely wrong; worth a look.
    Warning,
    /// For information.
    Info,
}

impl Gravity {
    /// Stable text.
    pub fn as_str(self) -> &'static str {
        match self {
            Gravity::Error => "error",
            Gravity::Warning => "warning",
            Gravity::Info => "info",
        }
    }
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Node {
    /// A unit, by code.
    Unit(String),
    /// A position, by code.
    Position(String),
    /// An employee.
    Employee(Nip),
    /// The database as a whole.
    Database,
}

impl Node {
    /// Its kind, as a stable word.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Unit(_) => "unit",
            Node::Position(_) => "position",
            Node::Employee(_) => "employee",
            Node::Database => "database",
        }
    }

    /// Its code or NIP.
    pub fn key(&self) -> String {
        match self {
            Node::Unit(c) | Node::Position(c) => c.clone(),
            Node::Employee(n) => n.to_string(),
            Node::Database => String::new(),
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How serious.
    pub gravity: Gravity,
    /// Stable rule id (`unit.two-heads` …), never translated.
    #[serde(with = "rule_id")]
    pub rule: RuleId,
    /// What it is about.
    pub node: Node,
    /// The unit it lies in (the unit itself for a unit), for marking the tree.
    pub unit: Option<UnitId>,
    /// The position it is about, when it is about one, for going there.
    pub position: Option<PositionId>,
    /// One line of explanation, in the thread's language.
    pub message: String,
}

/// Every rule id with its gravity, in report order.
pub const RULES: &[(&str, Gravity)] = &[
    ("database.empty", Gravity::Error),
    ("unit.two-heads", Gravity::Error),
    ("head.eselon-mismatch", Gravity::Error),
    ("head.not-below-parent", Gravity::Error),
    ("holder.grade-range", Gravity::Warning),
    ("employee.past-retirement", Gravity::Error),
    ("unit.no-head", Gravity::Warning),
    ("position.vacant-head", Gravity::Warning),
    ("position.over-need", Gravity::Warning),
    ("position.held-without-need", Gravity::Warning),
    ("position.duplicate-name", Gravity::Warning),
    ("position.class-evaluation", Gravity::Warning),
    ("unit.empty", Gravity::Info),
    ("position.evaluation-incomplete", Gravity::Info),
    ("employee.unplaced", Gravity::Info),
];

/// A rule id: an entry of [`RULES`]. (A name for the type also keeps serde from taking
/// the field for text borrowed from the input, which a `&'static str` spelt out would be.)
pub type RuleId = &'static str;

/// A rule id as its text, read back as the entry of [`RULES`] (a finding sent by a
/// server of the same version names only rules this build knows).
mod rule_id {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(rule: &super::RuleId, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(rule)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<super::RuleId, D::Error> {
        let text = String::deserialize(from)?;
        super::RULES
            .iter()
            .map(|(rule, _)| *rule)
            .find(|rule| *rule == text)
            .ok_or_else(|| serde::de::Error::custom(format!("no rule {text}")))
    }
}

fn gravity(rule: &str) -> Gravity {
    RULES.iter().find(|(r, _)| *r == rule).map_or(Gravity::Warning, |(_, g)| *g)
}

/// The grades a holder of `p` may have: lowest allowed (one below for an eselon when
/// the rules allow), highest, and what sets the range.
pub fn grade_range(p: &Position, rules: &RuleSet) -> Option<(Grade, Grade, String)> {
    let (range, what, eselon) = match (p.spec.eselon, p.spec.kind, p.spec.level) {
        (Some(es), _, _) => (rules.eselon_grades.get(es.as_str())?, format!("eselon {es}"), true),
        (None, PositionKind::Fungsional, Some(l)) => {
            (rules.functional_grades.get(l.as_str())?, crate::i18n::label::level(l).to_string(), false)
        }
        _ => return None,
    };
    let lowest = Grade::parse(&range.lowest, EmploymentStatus::Pns).ok()?;
    let highest = Grade::parse(&range.highest, EmploymentStatus::Pns).ok()?;
    let lowest = if eselon && rules.eligibility.one_grade_below_allowed {
        let all: Vec<Grade> = Grade::all_pns().collect();
        match all.iter().position(|g| *g == lowest) {
            Some(i) if i > 0 => all[i - 1],
            _ => lowest,
        }
    } else {
        lowest
    };
    Some((lowest, highest, what))
}

/// The rank of an eselon, 0 for I.a upwards (a higher number is a lower post).
fn eselon_rank(e: Eselon) -> usize {
    Eselon::ALL.iter().position(|x| *x == e).unwrap_or(usize::MAX)
}

/// Checks a whole structure on `today`. Findings come sorted by gravity, rule and node.
pub fn check(data: &Dataset, rules: &RuleSet, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |rule: &'static str, node: Node, unit: Option<UnitId>, message: String| {
        out.push(Finding { gravity: gravity(rule), rule, node, unit, position: None, message });
    };
    let units: HashMap<UnitId, &crate::model::Unit> = data.units.iter().map(|u| (u.id, u)).collect();
    let positions: HashMap<PositionId, &Position> = data.positions.iter().map(|p| (p.id, p)).collect();
    let mut of_unit: BTreeMap<UnitId, Vec<&Position>> = BTreeMap::new();
    for p in &data.positions {
        of_unit.entry(p.unit).or_default().push(p);
    }
    let mut children: HashMap<UnitId, usize> = HashMap::new();
    for u in &data.units {
        if let Some(p) = u.parent {
            *children.entry(p).or_default() += 1;
        }
    }
    let mut holders: HashMap<PositionId, u64> = HashMap::new();
    for e in &data.employees {
        if let Some(p) = e.position {
            *holders.entry(p).or_default() += 1;
        }
    }
    let head_of = |u: UnitId| -> Option<&Position> { of_unit.get(&u)?.iter().copied().find(|p| p.spec.head) };
    // Nothing to check is not "all clear": a mistyped path or a failed import must not
    // pass a nightly check.
    if data.units.is_empty() {
        add("database.empty", Node::Database, None, trf(Msg::CheckEmptyDatabase, &[]));
    }

    for u in &data.units {
        let own = of_unit.get(&u.id).map_or(&[][..], Vec::as_slice);
        let heads: Vec<&&Position> = own.iter().filter(|p| p.spec.head).collect();
        let node = || Node::Unit(u.code.clone());
        match heads.len() {
            0 if !own.is_empty() && !rules.additional_duty_heads.covers(&u.kind) => {
                add("unit.no-head", node(), Some(u.id), trf(Msg::CheckNoHead, &[]))
            }
            0 => {}
            1 => {}
            n => {
                let codes: Vec<&str> = heads.iter().map(|p| p.code.as_str()).collect();
                add("unit.two-heads", node(), Some(u.id), trf(Msg::CheckTwoHeads, &[&n, &codes.join(", ")]));
            }
        }
        if own.is_empty() && !children.contains_key(&u.id) {
            add("unit.empty", node(), Some(u.id), trf(Msg::CheckEmptyUnit, &[]));
        }
        if let Some(head) = heads.first() {
            if let (Some(ue), Some(he)) = (u.eselon, head.spec.eselon)
                && ue != he
            {
                add(
                    "head.eselon-mismatch",
                    Node::Position(head.code.clone()),
                    Some(u.id),
                    trf(Msg::CheckHeadEselon, &[&he, &ue]),
                );
            }
            let parent_head = u.parent.and_then(&head_of);
            if let (Some(he), Some(ph)) = (head.spec.eselon, parent_head) {
                if let Some(pe) = ph.spec.eselon
                    && eselon_rank(he) <= eselon_rank(pe)
                {
                    add(
                        "head.not-below-parent",
                        Node::Position(head.code.clone()),
                        Some(u.id),
                        trf(Msg::CheckHeadNotBelow, &[&he, &ph.code, &pe]),
                    );
                }
            } else if let (None, Some(ph)) = (head.spec.eselon, parent_head) {
                // A head without an eselon under a parent head that has one: the kind
                // must still be below (a pengawas cannot head what an administrator's
                // unit holds above it, and so on).
                let rank = |k: PositionKind| match k {
                    PositionKind::Jpt => 0,
                    PositionKind::Administrator => 1,
                    PositionKind::Pengawas => 2,
                    _ => 3,
                };
                if rank(head.spec.kind) <= rank(ph.spec.kind) && head.spec.kind.is_managerial() {
                    add(
                        "head.not-below-parent",
                        Node::Position(head.code.clone()),
                        Some(u.id),
                        trf(
                            Msg::CheckHeadNotBelow,
                            &[
                                &crate::i18n::label::kind(head.spec.kind),
                                &ph.code,
                                &crate::i18n::label::kind(ph.spec.kind),
                            ],
                        ),
                    );
                }
            }
        }
        let mut names: HashMap<String, &str> = HashMap::new();
        for p in own {
            let key = crate::model::text::fold(&p.name);
            if let Some(first) = names.get(&key) {
                add(
                    "position.duplicate-name",
                    Node::Position(p.code.clone()),
                    Some(u.id),
                    trf(Msg::CheckDuplicateName, &[&p.name, first]),
                );
            } else {
                names.insert(key, &p.code);
            }
        }
    }

    for p in &data.positions {
        let filled = holders.get(&p.id).copied().unwrap_or(0);
        let node = || Node::Position(p.code.clone());
        match p.spec.needed {
            Some(0) if filled > 0 => {
                add("position.held-without-need", node(), Some(p.unit), trf(Msg::CheckHeldWithoutNeed, &[&filled]))
            }
            Some(n) if filled > u64::from(n) => {
                add("position.over-need", node(), Some(p.unit), trf(Msg::CheckOverNeed, &[&filled, &n]))
            }
            _ => {}
        }
        if p.spec.head && filled == 0 {
            add("position.vacant-head", node(), Some(p.unit), trf(Msg::CheckVacantHead, &[]));
        }
        let evaluation =
            data.anjab.get(&p.id).and_then(|a| super::evaluation::evaluate(p.spec.kind, a, &rules.job_evaluation));
        if let Some(e) = evaluation {
            match e.class {
                Some(class) if p.spec.class != Some(class) => {
                    let stored = p.spec.class.map_or_else(|| "-".to_string(), |c| c.to_string());
                    add(
                        "position.class-evaluation",
                        node(),
                        Some(p.unit),
                        trf(Msg::CheckClassEvaluation, &[&stored, &class, &e.points]),
                    )
                }
                Some(_) => {}
                None => add(
                    "position.evaluation-incomplete",
                    node(),
                    Some(p.unit),
                    trf(Msg::CheckEvaluationIncomplete, &[&e.problem_text()]),
                ),
            }
        }
    }

    let mut ranges: HashMap<PositionId, Option<(Grade, Grade, String)>> = HashMap::new();
    let mut ages: HashMap<PositionId, u8> = HashMap::new();
    for e in &data.employees {
        let node = || Node::Employee(e.nip);
        let position = e.position.and_then(|p| positions.get(&p).copied());
        let Some(p) = position else {
            add("employee.unplaced", node(), None, trf(Msg::CheckUnplaced, &[]));
            continue;
        };
        let unit = units.get(&p.unit).map(|u| u.id);
        let age = *ages
            .entry(p.id)
            .or_insert_with(|| rules.retirement.age_for(Some(p.spec.kind), p.spec.level, Some(p.name.as_str())));
        let retirement = crate::rules::RetirementAges::date_at(e.birth_date(), age);
        if retirement <= today {
            add("employee.past-retirement", node(), unit, trf(Msg::CheckPastRetirement, &[&retirement, &p.code]));
        }
        let range = ranges.entry(p.id).or_insert_with(|| grade_range(p, rules));
        if let (Some((low, high, what)), Some(g @ Grade::Pns(_))) = (range.as_ref(), e.grade)
            && (g < *low || g > *high)
        {
            add("holder.grade-range", node(), unit, trf(Msg::CheckGradeRange, &[&g, &p.code, &what, &low, &high]));
        }
    }
    let position_ids: HashMap<&str, PositionId> = data.positions.iter().map(|p| (p.code.as_str(), p.id)).collect();
    for f in &mut out {
        if let Node::Position(code) = &f.node {
            f.position = position_ids.get(code.as_str()).copied();
        }
    }
    out.sort_by(|a, b| a.gravity.cmp(&b.gravity).then(a.rule.cmp(b.rule)).then(a.node.cmp(&b.node)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Employee, Level, PositionSpec, Unit};

    fn unit(id: u32, parent: Option<u32>, eselon: Option<Eselon>) -> Unit {
        Unit {
            id: UnitId(id),
            code: format!("U{id}"),
            parent: parent.map(UnitId),
            name: format!("Unit {id}"),
            kind: String::new(),
            eselon,
        }
    }

    fn position(id: u32, unit: u32, kind: PositionKind, eselon: Option<Eselon>, head: bool) -> Position {
        Position {
            id: PositionId(id),
            code: format!("P{id}"),
            unit: UnitId(unit),
            name: format!("Jabatan {id}"),
            spec: PositionSpec {
                kind,
                level: (kind == PositionKind::Fungsional).then_some(Level::AhliMuda),
                eselon,
                class: None,
                needed: Some(1),
                head,
            },
        }
    }

    fn employee(nip: &str, position: Option<u32>, grade: u8) -> Employee {
        Employee {
            nip: Nip::parse(nip).unwrap(),
            name: "Budi".into(),
            status: EmploymentStatus::Pns,
            grade: Some(Grade::Pns(grade)),
            grade_since: None,
            position: position.map(PositionId),
            position_since: None,
            education: None,
            service_start_override: None,
            potential: None,
        }
    }

    /// A school is headed by a guru with an additional duty (Permendikbud 40/2021): its
    /// lack of a head position is no finding; an office's is, and an agency may name other
    /// kinds.
    #[test]
    fn a_school_needs_no_structural_head() {
        let school = Unit { kind: "Sekolah".into(), ..unit(2, Some(1), None) };
        let office = Unit { kind: "kantor".into(), ..unit(3, Some(1), None) };
        let data = Dataset {
            units: vec![unit(1, None, None), school, office],
            positions: vec![
                position(1, 1, PositionKind::Jpt, Some(Eselon::IIB), true),
                position(2, 2, PositionKind::Fungsional, None, false),
                position(3, 3, PositionKind::Pelaksana, None, false),
            ],
            ..Dataset::default()
        };
        let no_head = |rules: &RuleSet| -> Vec<String> {
            check(&data, rules, Date::parse("2026-11-29").unwrap())
                .iter()
                .filter(|f| f.rule == "unit.no-head")
                .map(|f| f.node.key())
                .collect()
        };
        let mut rules = RuleSet::default();
        assert_eq!(no_head(&rules), ["U3"]);
        rules.additional_duty_heads.kinds.push("Kantor".into());
        assert!(no_head(&rules).is_empty());
        rules.additional_duty_heads.kinds.clear();
        assert_eq!(no_head(&rules), ["U2", "U3"]);
    }

    #[test]
    fn each_rule_finds_what_it_names() {
        use PositionKind::*;
        let data = Dataset {
            units: vec![
                unit(1, None, Some(Eselon::IIA)),
                unit(2, Some(1), Some(Eselon::IIIA)),
                unit(3, Some(1), None),
                unit(4, Some(1), None),
            ],
            positions: vec![
                position(1, 1, Jpt, Some(Eselon::IIA), true),
                // A pengawas (IV.a) heads a unit recorded as III.a.
                position(2, 2, Pengawas, Some(Eselon::IVA), true),
                // Two heads, one of them vacant.
                position(3, 3, Administrator, Some(Eselon::IIIA), true),
                position(4, 3, Administrator, Some(Eselon::IIIA), true),
                Position { name: "Jabatan 3".into(), ..position(5, 3, Pelaksana, None, false) },
                position(6, 3, Fungsional, None, false),
            ],
            employees: vec![
                employee("197001012000011001", Some(1), 43),
                // III/a in a IV.a post: below even one below III/b.
                employee("198001012005011002", Some(2), 31),
                employee("198001012005011003", Some(3), 34),
                // Born 1960: past 58 long ago.
                employee("196001012005011004", Some(5), 32),
                employee("198501012010011005", Some(5), 32),
                employee("199001012015011006", Some(6), 33),
                employee("199001012015011007", None, 31),
            ],
            // P5's factors give kelas 7 (805 points) where it holds none; P6's lack eight.
            anjab: [(PositionId(5), [3, 2, 2, 2, 2, 2, 1, 1, 1].as_slice()), (PositionId(6), [4].as_slice())]
                .into_iter()
                .map(|(id, levels)| {
                    let rows = crate::model::FUNCTIONAL_FACTORS
                        .iter()
                        .zip(levels)
                        .map(|(k, l)| crate::model::AnjabRow {
                            section: crate::model::Section::Factor,
                            item: k.to_string(),
                            text: l.to_string(),
                        })
                        .collect();
                    (id, crate::model::JobDescription { rows })
                })
                .collect(),
            ..Dataset::default()
        };
        let found = check(&data, &RuleSet::default(), Date::parse("2026-11-29").unwrap());
        let got: Vec<(&str, String)> = found.iter().map(|f| (f.rule, f.node.key())).collect();
        let expect = [
            ("employee.past-retirement", "196001012005011004"),
            ("head.eselon-mismatch", "P2"),
            ("unit.two-heads", "U3"),
            ("holder.grade-range", "198001012005011002"),
            ("position.duplicate-name", "P5"),
            ("position.over-need", "P5"),
            ("position.vacant-head", "P4"),
            ("position.class-evaluation", "P5"),
            ("position.evaluation-incomplete", "P6"),
            ("unit.empty", "U4"),
            ("employee.unplaced", "199001012015011007"),
        ];
        for (rule, key) in expect {
            assert!(got.contains(&(rule, key.to_string())), "missing {rule} {key} in {got:?}");
        }
        assert_eq!(got.len(), expect.len(), "{got:?}");
        assert_eq!(found[0].gravity, Gravity::Error);
    }

    #[test]
    fn a_unit_head_at_or_above_its_parent_is_an_error() {
        let data = Dataset {
            units: vec![unit(1, None, None), unit(2, Some(1), None)],
            positions: vec![
                position(1, 1, PositionKind::Administrator, Some(Eselon::IIIA), true),
                position(2, 2, PositionKind::Administrator, Some(Eselon::IIIA), true),
            ],
            ..Dataset::default()
        };
        let found = check(&data, &RuleSet::default(), Date::parse("2026-11-29").unwrap());
        assert!(found.iter().any(|f| f.rule == "head.not-below-parent" && f.node == Node::Position("P2".into())));
    }
}
