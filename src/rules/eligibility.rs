//! Whether an employee may be appointed to a position, rule by rule (domain.md §4),
//! each failure naming its rule (a stable id, see `docs/rules.md`) and the value.
//!
//! The rules are written once, in [`check`], which reports each failure with a message
//! made only when asked for: ranking a province's 60 000 people only counts the rules
//! each fails, and the messages are written for the rows someone reads.

use serde::Serialize;

use super::jpm::{CompetencyGap, JobPersonMatch, jpm_of};
use super::{RuleSet, kind_key};
use crate::i18n::{Msg, tr, trf};
use crate::model::{
    Date, Education, EmploymentStatus, Grade, Level, Penalty, Person, Position, PositionKind, RatingLevel, Severity,
    StandardEntry,
};

/// The candidate the rules read: a person's facts, name and records.
pub type Candidate<'a> = Person<'a>;

/// The rules, each with its stable id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Already holds the target.
    Holder,
    /// Holds a post above the target: the move would be a step down.
    Level,
    /// The target's regulation requires its field (a kepala puskesmas is a tenaga
    /// kesehatan), and the candidate has neither a degree nor a post in it.
    Field,
    /// PPPK employees cannot hold managerial positions.
    Status,
    /// Lowest education.
    Education,
    /// Grade against the eselon's or the functional level's range.
    Grade,
    /// Years of service and years in a feeding position.
    Experience,
    /// Ratings of the last years.
    Rating,
    /// Disciplinary penalties in force.
    Penalty,
    /// The leadership training the target calls for, where the agency requires it.
    Training,
    /// The credit points of a kenaikan jenjang, where the data has them.
    CreditPoints,
    /// Oldest age at appointment.
    Age,
    /// Time left before retirement.
    Retirement,
    /// JPM against the target's standard.
    Competency,
}

impl Rule {
    /// Every rule, in the order they are checked.
    pub const ALL: [Rule; 14] = [
        Rule::Holder,
        Rule::Level,
        Rule::Field,
        Rule::Status,
        Rule::Education,
        Rule::Grade,
        Rule::Experience,
        Rule::Rating,
        Rule::Penalty,
        Rule::Training,
        Rule::CreditPoints,
        Rule::Age,
        Rule::Retirement,
        Rule::Competency,
    ];

    /// The stable id used in `--format json` and `docs/rules.md`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Holder => "holder",
            Rule::Level => "level",
            Rule::Field => "field",
            Rule::Status => "status",
            Rule::Education => "education",
            Rule::Grade => "grade",
            Rule::Experience => "experience",
            Rule::Rating => "rating",
            Rule::Penalty => "penalty",
            Rule::Training => "training",
            Rule::CreditPoints => "credit_points",
            Rule::Age => "age",
            Rule::Retirement => "retirement",
            Rule::Competency => "competency",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of failed rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules(u16);

impl Rules {
    /// Adds a rule.
    pub fn insert(&mut self, rule: Rule) {
        self.0 |= rule.bit();
    }

    /// How many distinct rules.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether no rule failed.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & rule.bit() != 0
    }

    /// The rules in checking order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

/// One rule a candidate fails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Stable rule id: `holder`, `level`, `field`, `status`, `education`, `grade`,
    /// `experience`, `rating`, `penalty`, `training`, `credit_points`, `age`,
    /// `retirement`, `competency`.
    pub rule: &'static str,
    /// What failed, with the value.
    pub message: String,
}

/// The verdict on one candidate for one position.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Every rule failed; empty when eligible.
    pub failed: Vec<Failure>,
    /// The match against the position's standard.
    pub jpm: JobPersonMatch,
}

/// A post whose time counts towards the experience a target asks for: one that leads
/// to it, held now or before (the position history).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CountedPost {
    /// Its kind and level, `pengawas` or `fungsional/ahli_muda`.
    pub kind: String,
    /// From when.
    pub from: Date,
    /// Until when; none for the post held now.
    pub to: Option<Date>,
    /// Until when it is counted: its end, or today.
    #[serde(skip)]
    pub counted_to: Date,
}

impl CountedPost {
    /// The days it counts.
    pub fn days(&self) -> i64 {
        days_between(self.from, self.counted_to)
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from(to.days_since_epoch() - from.days_since_epoch()).max(0)
}

/// One spell in a post that leads to the target: its kind and level, from, its
/// recorded end (none: held now), and where it is counted to.
struct Spell {
    kind: (PositionKind, Option<Level>),
    from: Date,
    to: Option<Date>,
    counted_to: Date,
}

impl Spell {
    fn days(&self) -> i64 {
        days_between(self.from, self.counted_to)
    }
}

/// The spells in posts that lead to the target, earlier ones first and the current last.
fn feeding_spells<'a>(candidate: &'a Candidate, prepared: &'a Prepared) -> impl Iterator<Item = Spell> + 'a {
    let today = prepared.today;
    let earlier = candidate
        .posts
        .iter()
        .filter(|p| prepared.feeding.contains(&(p.kind, p.level)))
        .map(move |p| Spell { kind: (p.kind, p.level), from: p.from, to: Some(p.to), counted_to: p.to.min(today) });
    // The post held now, from its TMT (unknown: it counts nothing, and is still named).
    let current = candidate.facts.current.filter(|c| prepared.feeding.contains(c)).map(|kind| {
        let since = candidate.facts.position_since.unwrap_or(today);
        Spell { kind, from: since, to: None, counted_to: today.max(since) }
    });
    earlier.chain(current)
}

/// Whole years in `days` counted back from `today`, as the calendar counts them (one
/// post held since a day gives the same years as that day's anniversaries).
fn whole_years(days: i64, today: Date) -> i64 {
    let back = i64::from(today.days_since_epoch()) - days;
    i32::try_from(back).ok().and_then(Date::from_days_since_epoch).map_or(0, |d| i64::from(d.years_until(today)))
}

/// The posts, earlier ones first and the current last, that lead to the target and so
/// count towards its experience (domain.md §4: "3 years as pengawas" counts every year
/// as pengawas, not only the current post's).
pub fn feeding_posts(candidate: &Candidate, prepared: &Prepared) -> Vec<CountedPost> {
    feeding_spells(candidate, prepared)
        .map(|s| CountedPost { kind: kind_key(s.kind.0, s.kind.1), from: s.from, to: s.to, counted_to: s.counted_to })
        .collect()
}

/// The family of a functional post by its name: the name without its level
/// (`Analis Kebijakan Ahli Muda` → `Analis Kebijakan`).
pub fn functional_family(name: &str) -> &str {
    const LEVELS: [&str; 8] =
        ["ahli pertama", "ahli muda", "ahli madya", "ahli utama", "terampil", "mahir", "penyelia", "pemula"];
    let trimmed = name.trim_end();
    let lower = trimmed.to_lowercase();
    for level in LEVELS {
        if lower.ends_with(level) && lower.len() == trimmed.len() {
            let cut = trimmed.len() - level.len();
            if cut == 0 || trimmed.as_bytes()[cut - 1] == b' ' {
                return trimmed[..cut].trim_end();
            }
        }
    }
    trimmed
}

/// D-IV counts as S1 for requirements.
fn education_rank(e: Education) -> Education {
    if e == Education::D4 { Education::S1 } else { e }
}

/// The grade one below `g` on the PNS scale.
fn one_below(g: Grade) -> Grade {
    let all: Vec<Grade> = Grade::all_pns().collect();
    match all.iter().position(|x| *x == g) {
        Some(i) if i > 0 => all[i - 1],
        _ => g,
    }
}

/// Whether a penalty is in force on `today`: from its start through its last day; a
/// light one without an end blocks for the rule set's months, others until lifted.
fn in_force(p: &Penalty, today: Date, ringan_months: u8) -> bool {
    if p.start > today {
        return false;
    }
    match (p.end, p.severity) {
        (Some(end), _) => end >= today,
        (None, Severity::Ringan) => {
            let mut until = p.start;
            for _ in 0..ringan_months {
                until = Date::from_days_since_epoch(
                    until.first_of_next_month().days_since_epoch() + until.day() as i32 - 1,
                )
                .unwrap_or(until);
            }
            until > today
        }
        (None, _) => true,
    }
}

/// What the rules know of a post a candidate holds now beyond its kind and level: its
/// name, for the reason, and its eselon, which orders posts of one kind (domain.md §11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentPost {
    /// Its name.
    pub name: String,
    /// Its eselon, if it has one.
    pub eselon: Option<crate::model::Eselon>,
    /// The name of its unit (empty when not read).
    pub unit: String,
    /// Its field (`kesehatan` …), when it has one.
    pub field: Option<String>,
}

/// The posts candidates hold now, by id: those at or above a target tell a step down and
/// a rotation from a promotion; every one, where it was read, says where a candidate sits.
pub type CurrentPosts = std::collections::HashMap<crate::model::PositionId, CurrentPost>;

/// What a move from a candidate's post to the target is (domain.md §11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Movement {
    /// To a higher post, or into a first post: what a promotion list ranks.
    Promotion,
    /// To a post as high (the same level and eselon): rotasi, considered apart.
    Rotation,
    /// To a lower post: demotion is a disciplinary sanction (PP 94/2021), never a
    /// candidacy.
    StepDown,
}

/// The grades a target takes: the lowest allowed (one below the eselon's lowest where
/// that is allowed), the lowest named, the highest (a functional level's range ends), and
/// what names the range (an eselon, a functional level).
struct GradeBounds {
    allowed: Grade,
    lowest: Grade,
    highest: Option<Grade>,
    what: String,
}

/// A grade's place on the one scale of seventeen: PNS I/a … IV/e, and PPPK golongan I …
/// XVII lined up with them in order (IX ≈ III/a; domain.md §11).
fn scale(g: Grade) -> Option<usize> {
    match g {
        Grade::Pns(_) => g.pns_index(),
        Grade::Pppk(n) => (1..=17).contains(&n).then(|| usize::from(n) - 1),
    }
}

/// A grade as a reason shows it: a PPPK golongan with the PNS grade it lines up with.
fn shown_grade(g: Grade) -> String {
    match g {
        Grade::Pppk(_) => match scale(g).and_then(|i| Grade::all_pns().nth(i)) {
            Some(pns) => format!("{g} (≈ {pns})"),
            None => g.to_string(),
        },
        Grade::Pns(_) => g.to_string(),
    }
}

/// What a target position asks of everyone, worked out once per ranking rather than
/// once per candidate.
pub struct Prepared<'a> {
    target: &'a Position,
    standard: &'a [StandardEntry],
    rules: &'a RuleSet,
    requirement: Option<&'a super::Requirement>,
    education: Option<Education>,
    /// The grades the target takes.
    grade: Option<GradeBounds>,
    /// The kinds and levels that lead to the target.
    feeding: Vec<(PositionKind, Option<Level>)>,
    min_rating: RatingLevel,
    /// The target's retirement age (its functional family's, else its kind's and level's).
    retirement_age: u8,
    /// How high the target stands ([`RuleSet::post_level`]).
    level: Option<u8>,
    /// The posts candidates hold at or above the target's level.
    current: Option<&'a CurrentPosts>,
    /// The target's field, when it has one.
    field: Option<String>,
    /// The field the target's regulation requires, with it (worked out once).
    required: Option<&'a super::field::Field>,
    /// What was read besides the packed facts for those who may be shortlisted.
    looked: Option<&'a LookedUp>,
    /// The step of the leadership-training ladder the target calls for.
    training: Option<usize>,
    today: Date,
}

/// What is read for a candidate who may be shortlisted (the eligible and the near
/// misses of a first ranking) beyond the facts every candidate is ranked on: from their
/// position history, trainings and assessments. The rules it feeds can only add a
/// failure, so whoever was out before stays out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Looked {
    /// A post of the target's field held before (its name and unit).
    pub earlier_in_field: Option<String>,
    /// The highest step of the leadership-training ladder attended.
    pub training: Option<usize>,
    /// When the competencies of the target's standard were last assessed.
    pub assessed_on: Option<Date>,
    /// The credit points earned since the post held began, in thousandths, and the
    /// first year counted; none when the data holds no credit points for them.
    pub credit_points: Option<(u64, u16)>,
}

/// [`Looked`] by NIP.
pub type LookedUp = std::collections::BTreeMap<crate::model::Nip, Looked>;

/// How a candidate is in the target's field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InField<'a> {
    /// The degrees of the field they hold (their gelar as written).
    pub degrees: Vec<&'a str>,
    /// Whether the post they hold is in it.
    pub holds: bool,
    /// A post of it they held before.
    pub held: Option<&'a str>,
}

impl InField<'_> {
    /// Whether anything puts them in the field.
    pub fn any(&self) -> bool {
        !self.degrees.is_empty() || self.holds || self.held.is_some()
    }
}

impl<'a> Prepared<'a> {
    /// Works out the target's requirements on `today`.
    pub fn new(target: &'a Position, standard: &'a [StandardEntry], rules: &'a RuleSet, today: Date) -> Prepared<'a> {
        let requirement = rules.appointment.get(&kind_key(target.spec.kind, target.spec.level));
        let range = match (target.spec.eselon, target.spec.kind, target.spec.level) {
            (Some(es), _, _) => rules.eselon_grades.get(es.as_str()).map(|r| (r, es.as_str().to_string(), true)),
            (None, PositionKind::Fungsional, Some(l)) => {
                rules.functional_grades.get(l.as_str()).map(|r| (r, crate::i18n::label::level(l).to_string(), false))
            }
            _ => None,
        };
        let grade = range.and_then(|(range, what, eselon)| {
            let lowest = Grade::parse(&range.lowest, EmploymentStatus::Pns).ok()?;
            let allowed = if eselon && rules.eligibility.one_grade_below_allowed { one_below(lowest) } else { lowest };
            // A functional level's range ends: above it is another level's grade.
            let highest = (!eselon).then(|| Grade::parse(&range.highest, EmploymentStatus::Pns).ok()).flatten();
            Some(GradeBounds { allowed, lowest, highest, what })
        });
        // A functional post asks its level's education (keahlian S1/D-IV, keterampilan
        // D-III, pemula SMA); the others what their appointment asks.
        let education = match (requirement, target.spec.kind, target.spec.level) {
            (Some(r), _, _) => Some(Education::parse(&r.education).unwrap_or(Education::S1)),
            (None, PositionKind::Fungsional, Some(l)) => {
                rules.functional_education.get(l.as_str()).and_then(|e| Education::parse(e).ok())
            }
            _ => None,
        };
        // The rule set was checked when loaded, so every feeding key parses.
        let feeding = requirement
            .map(|r| {
                r.feeding
                    .iter()
                    .filter_map(|key| {
                        let (kind, level) = key.split_once('/').map_or((key.as_str(), None), |(k, l)| (k, Some(l)));
                        let kind = PositionKind::parse(kind).ok()?;
                        match level {
                            Some(l) => Level::parse(l).ok().map(|l| (kind, Some(l))),
                            None => Some((kind, None)),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Prepared {
            target,
            standard,
            rules,
            requirement,
            education,
            grade,
            feeding,
            min_rating: RatingLevel::parse(&rules.eligibility.min_rating).unwrap_or(RatingLevel::Baik),
            retirement_age: rules.retirement.age_for(
                Some(target.spec.kind),
                target.spec.level,
                Some(target.name.as_str()),
            ),
            level: rules.post_level(target.spec.kind, target.spec.level),
            current: None,
            field: None,
            required: None,
            looked: None,
            training: rules.leadership_training.needed(target.spec.kind, target.spec.level),
            today,
        }
    }

    /// The same, knowing the target's field (worked out from its name and units, which
    /// the caller reads): those in it rank first, and where its regulation requires the
    /// field, those outside it fail `field`.
    pub fn with_field(mut self, field: Option<String>) -> Prepared<'a> {
        self.required = super::field::required(&self.rules.fields, field.as_deref(), &self.target.name).map(|(_, f)| f);
        self.field = field;
        self
    }

    /// The target's field.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The same, knowing what was read for those who may be shortlisted.
    pub fn with_looked(mut self, looked: &'a LookedUp) -> Prepared<'a> {
        self.looked = Some(looked);
        self
    }

    /// What was read for `nip`, when it was.
    pub fn looked(&self, nip: &crate::model::Nip) -> Option<&'a Looked> {
        self.looked?.get(nip)
    }

    /// The leadership training the target calls for (`PKA`) that `candidate`, looked
    /// up, has not attended (nor a higher one).
    pub fn missing_training(&self, candidate: &crate::model::PersonFacts) -> Option<&'a str> {
        let needed = self.training?;
        let looked = self.looked(&candidate.nip)?;
        if candidate.position == Some(self.target.id) || looked.training.is_some_and(|t| t >= needed) {
            return None;
        }
        Some(self.rules.leadership_training.ladder[needed].name.as_str())
    }

    /// Whether a move of `candidate` to the target is a kenaikan jenjang: a functional
    /// post of the target's family, a level below.
    pub fn kenaikan_jenjang(&self, candidate: &crate::model::PersonFacts) -> bool {
        let family = |name: &str| functional_family(name).to_lowercase();
        self.target.spec.kind == PositionKind::Fungsional
            && candidate.position != Some(self.target.id)
            && matches!(candidate.current, Some((PositionKind::Fungsional, _)))
            && candidate
                .position
                .and_then(|p| self.current?.get(&p))
                .is_some_and(|c| family(&c.name) == family(&self.target.name))
    }

    /// The credit points a kenaikan jenjang to the target needs, in thousandths.
    pub fn credit_points_needed(&self) -> Option<u64> {
        let level = self.target.spec.level?;
        let points = self.rules.credit_points.get(level.as_str())?;
        Some((points * 1000.0).round() as u64)
    }

    /// When `candidate`'s assessment was made, if that is longer ago than an assessment
    /// counts for.
    pub fn stale_assessment(&self, candidate: &crate::model::PersonFacts) -> Option<Date> {
        let years = self.rules.jpm.valid_years;
        let on = self.looked(&candidate.nip)?.assessed_on?;
        (years > 0 && on.add_years(i32::from(years)) < self.today).then_some(on)
    }

    /// How `candidate` is in the target's field: the degrees of it they hold, whether the
    /// post they hold is in it, and a post of it held before. `None` when the target has
    /// no field.
    pub fn in_field(&self, candidate: &Candidate) -> Option<InField<'a>> {
        let field = self.field.as_deref()?;
        let degrees = super::field::degrees_in(&self.rules.fields, field, candidate.name);
        let holds = candidate
            .facts
            .position
            .and_then(|p| self.current?.get(&p))
            .is_some_and(|c| c.field.as_deref() == Some(field));
        let held = self.looked(&candidate.facts.nip).and_then(|l| l.earlier_in_field.as_deref());
        Some(InField { degrees, holds, held })
    }

    /// The same, knowing the names and eselons of the posts candidates hold at or above
    /// the target ([`CurrentPosts`]): without them a post as high is a rotation whatever
    /// its eselon, and a step down is named by its kind alone.
    pub fn with_current(mut self, current: &'a CurrentPosts) -> Prepared<'a> {
        self.current = Some(current);
        self
    }

    /// Whether the name and eselon of a candidate's post of `kind` and `level` are
    /// needed ([`CurrentPosts`]): it may stand at or above the target, or both are
    /// functional (whether it is the same family tells a kenaikan jenjang).
    pub fn needs_current(&self, kind: PositionKind, level: Option<Level>) -> bool {
        if kind == PositionKind::Fungsional && self.target.spec.kind == PositionKind::Fungsional {
            return true;
        }
        match (self.rules.post_level(kind, level), self.level) {
            (Some(theirs), Some(ours)) => theirs >= ours,
            _ => false,
        }
    }

    /// What is known of the post with id `id` a candidate holds now.
    pub fn current_post(&self, id: crate::model::PositionId) -> Option<&CurrentPost> {
        self.current?.get(&id)
    }

    /// What the committee should know of a move into a functional target that no rule
    /// decides: a move from another kind of post or family (perpindahan dari jabatan
    /// lain), or a kenaikan jenjang inside the family, whose credit points the data does
    /// not hold.
    pub fn notes(&self, candidate: &crate::model::PersonFacts) -> Vec<String> {
        if self.target.spec.kind != PositionKind::Fungsional || candidate.position == Some(self.target.id) {
            return Vec::new();
        }
        let family = |name: &str| functional_family(name).to_lowercase();
        match candidate.current {
            Some((PositionKind::Fungsional, _)) => {
                let theirs = candidate.position.and_then(|p| self.current?.get(&p)).map(|c| family(&c.name));
                match theirs {
                    // Checked by rule `credit_points` where the data has them.
                    // Said of those whose records were read and hold none (or when none
                    // were read at all); those already out were not read.
                    Some(theirs) if theirs == family(&self.target.name) => {
                        let unread = self.looked.is_some() && self.looked(&candidate.nip).is_none();
                        let checked = self.credit_points_needed().is_some()
                            && self.looked(&candidate.nip).is_some_and(|l| l.credit_points.is_some());
                        if checked || unread { Vec::new() } else { vec![tr(Msg::NoteCreditPoints).into()] }
                    }
                    Some(_) => vec![tr(Msg::NoteOtherFamily).into()],
                    None => Vec::new(),
                }
            }
            Some(_) => vec![tr(Msg::NoteIntoFunctional).into()],
            None => Vec::new(),
        }
    }

    /// What a move of `candidate` from the post they hold to the target is: by how high
    /// each stands, then, within one kind, by eselon (II.a above II.b). Whoever holds
    /// no post, or the target itself, is not moving from a post.
    pub fn movement(&self, candidate: &crate::model::PersonFacts) -> Movement {
        use std::cmp::Ordering;
        let Some((kind, level)) = candidate.current else { return Movement::Promotion };
        if candidate.position == Some(self.target.id) {
            return Movement::Promotion;
        }
        let (Some(theirs), Some(ours)) = (self.rules.post_level(kind, level), self.level) else {
            return Movement::Promotion;
        };
        match theirs.cmp(&ours) {
            Ordering::Greater => Movement::StepDown,
            Ordering::Less => Movement::Promotion,
            Ordering::Equal => {
                let eselon = candidate.position.and_then(|p| self.current?.get(&p)).and_then(|c| c.eselon);
                match (eselon, self.target.spec.eselon) {
                    // Eselon I.a is the first and highest.
                    (Some(theirs), Some(ours)) if kind == self.target.spec.kind => match theirs.cmp(&ours) {
                        Ordering::Less => Movement::StepDown,
                        Ordering::Greater => Movement::Promotion,
                        Ordering::Equal => Movement::Rotation,
                    },
                    _ => Movement::Rotation,
                }
            }
        }
    }

    /// The target.
    pub fn target(&self) -> &Position {
        self.target
    }

    /// The target's standard.
    pub fn standard(&self) -> &[StandardEntry] {
        self.standard
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        self.rules
    }

    /// The day evaluated.
    pub fn today(&self) -> Date {
        self.today
    }
}

/// Evaluates one candidate for `target`, whose standard is `standard`, on `today`.
pub fn evaluate(
    candidate: &Candidate,
    target: &Position,
    standard: &[StandardEntry],
    rules: &RuleSet,
    today: Date,
) -> Verdict {
    evaluate_prepared(candidate, &Prepared::new(target, standard, rules, today))
}

/// Evaluates one candidate against a prepared target, with every failure's message.
pub fn evaluate_prepared(candidate: &Candidate, prepared: &Prepared) -> Verdict {
    let mut failed = Vec::new();
    let jpm =
        check(candidate, prepared, &mut |rule, message| failed.push(Failure { rule: rule.id(), message: message() }));
    let gaps = prepared
        .standard
        .iter()
        .map(|s| CompetencyGap {
            competency: s.competency.clone(),
            required: s.level,
            assessed: candidate.levels.get(&s.competency),
        })
        .collect();
    Verdict { failed, jpm: JobPersonMatch { gaps, jpm } }
}

/// The rules a candidate fails, without messages, and the JPM against the target.
pub fn failed_rules(candidate: &Candidate, prepared: &Prepared) -> (Rules, Option<f64>) {
    let mut failed = Rules::default();
    let jpm = check(candidate, prepared, &mut |rule, _| failed.insert(rule));
    (failed, jpm)
}

/// Checks every rule in order, calling `fail` with each failed rule and a way to
/// write its message; returns the JPM against the target's standard.
pub fn check(
    candidate: &Candidate,
    prepared: &Prepared,
    fail: &mut dyn FnMut(Rule, &dyn Fn() -> String),
) -> Option<f64> {
    let (target, rules, today) = (prepared.target, prepared.rules, prepared.today);
    let e = candidate.facts;
    let managerial = target.spec.kind.is_managerial();

    if e.position == Some(target.id) {
        fail(Rule::Holder, &|| tr(Msg::WhyHolder).into());
    }
    if let (Movement::StepDown, Some((kind, level))) = (prepared.movement(e), e.current) {
        fail(Rule::Level, &|| {
            let post = crate::i18n::label::kind_level(kind, level);
            match e.position.and_then(|p| prepared.current?.get(&p)) {
                Some(current) => trf(Msg::WhyStepDown, &[&current.name, &post]),
                None => trf(Msg::WhyStepDownKind, &[&post]),
            }
        });
    }
    // A required field is met by a degree of it or a functional post of it (a tenaga
    // kesehatan is one by education or profession, not by a post in a health office),
    // at the education its regulation asks.
    if let Some(field) = prepared.required {
        let functional = matches!(e.current, Some((PositionKind::Fungsional, _)));
        let within = prepared.in_field(candidate).is_some_and(|f| !f.degrees.is_empty() || f.holds && functional);
        let least = field.required_education.as_deref().and_then(|t| Education::parse(t).ok());
        let educated = match (least, e.education) {
            (Some(least), Some(have)) => education_rank(have) >= education_rank(least),
            (Some(_), None) => false,
            (None, _) => true,
        };
        if !within {
            fail(Rule::Field, &|| trf(Msg::WhyField, &[&field.label, &field.source]));
        } else if !educated {
            fail(Rule::Field, &|| {
                let have = e.education.map_or_else(|| "-".to_string(), |x| x.to_string());
                let least = least.map_or_else(String::new, |x| x.to_string());
                trf(Msg::WhyFieldEducation, &[&field.label, &have, &least, &field.source])
            });
        }
    }
    if managerial && e.status == EmploymentStatus::Pppk {
        fail(Rule::Status, &|| tr(Msg::WhyStatus).into());
    }
    if let Some(needed) = prepared.education {
        match e.education {
            None => fail(Rule::Education, &|| trf(Msg::WhyEducationMissing, &[&needed])),
            Some(have) if education_rank(have) < education_rank(needed) => {
                fail(Rule::Education, &|| trf(Msg::WhyEducation, &[&have, &needed]))
            }
            Some(_) => {}
        }
    }
    // Grade: against the eselon's lowest (one below allowed), or within the functional
    // level's range; a PPPK golongan through the PNS grade it lines up with.
    // (A PPPK has no managerial post to be graded for: `status` says so.)
    if let Some(bounds) = prepared.grade.as_ref().filter(|_| !(managerial && e.status == EmploymentStatus::Pppk)) {
        let (allowed, lowest, what) = (&bounds.allowed, &bounds.lowest, &bounds.what);
        match e.grade.and_then(|g| Some((g, scale(g)?))) {
            None => fail(Rule::Grade, &|| trf(Msg::WhyGradeMissing, &[what, lowest])),
            Some((g, at)) if scale(*allowed).is_some_and(|least| at < least) => fail(Rule::Grade, &|| {
                let message = if allowed != lowest { Msg::WhyGradeOneBelow } else { Msg::WhyGrade };
                trf(message, &[&shown_grade(g), allowed, what, lowest])
            }),
            Some((g, at)) if bounds.highest.and_then(scale).is_some_and(|most| at > most) => fail(Rule::Grade, &|| {
                let highest = bounds.highest.map(|h| h.to_string()).unwrap_or_default();
                trf(Msg::WhyGradeAbove, &[&shown_grade(g), &highest, what, lowest])
            }),
            Some(_) => {}
        }
    }
    if let Some(req) = prepared.requirement {
        let service = e.service_start.years_until(today);
        if service < i32::from(req.years_of_service) {
            fail(Rule::Experience, &|| trf(Msg::WhyService, &[&service, &req.years_of_service]));
        }
        if req.years_in_feeding > 0 {
            // Summed without building the list: every candidate of a province passes here.
            let (spells, days) =
                feeding_spells(candidate, prepared).fold((0, 0), |(n, days), spell| (n + 1, days + spell.days()));
            if spells == 0 {
                fail(Rule::Experience, &|| {
                    let feeding: Vec<String> =
                        prepared.feeding.iter().map(|(k, l)| crate::i18n::label::kind_level(*k, *l)).collect();
                    trf(Msg::WhyNotFeeding, &[&feeding.join(&format!(" {} ", tr(Msg::Or)))])
                });
            } else {
                let years = whole_years(days, today);
                if years < i64::from(req.years_in_feeding) {
                    fail(Rule::Experience, &|| {
                        let counted = feeding_posts(candidate, prepared);
                        let mut kinds: Vec<String> =
                            counted.iter().map(|c| crate::i18n::label::kind_key(&c.kind)).collect();
                        kinds.dedup();
                        trf(Msg::WhyFeedingYears, &[&years, &kinds.join(" + "), &req.years_in_feeding])
                    });
                }
            }
        }
    }
    let min_rating = prepared.min_rating;
    for back in (1..=i32::from(rules.eligibility.rating_years)).rev() {
        let year = today.year() - back;
        // RatingLevel is ordered best first: "at least baik" is "not after baik".
        match candidate.ratings.iter().find(|r| i32::from(r.year) == year) {
            None => fail(Rule::Rating, &|| trf(Msg::WhyNoRating, &[&year])),
            Some(r) if r.rating > min_rating => fail(Rule::Rating, &|| trf(Msg::WhyRating, &[&r.rating, &year])),
            Some(_) => {}
        }
    }
    for p in candidate.penalties.iter().filter(|p| in_force(p, today, rules.eligibility.ringan_block_months)) {
        fail(Rule::Penalty, &|| match p.end {
            Some(end) => trf(Msg::WhyPenaltyUntil, &[&p.severity, &end]),
            None => trf(Msg::WhyPenaltyOpen, &[&p.severity]),
        });
    }
    if rules.leadership_training.required
        && let Some(training) = prepared.missing_training(e)
    {
        fail(Rule::Training, &|| trf(Msg::WhyTraining, &[&training]));
    }
    if let (Some(needed), true) = (prepared.credit_points_needed(), prepared.kenaikan_jenjang(e))
        && let Some((have, from)) = prepared.looked(&e.nip).and_then(|l| l.credit_points)
        && have < needed
    {
        fail(Rule::CreditPoints, &|| {
            let text = crate::model::CreditPoints::points_text;
            let level = target.spec.level.map(crate::i18n::label::level).unwrap_or_default();
            trf(Msg::WhyCreditPoints, &[&text(have), &from, &text(needed), &level])
        });
    }
    if let Some(req) = prepared.requirement.filter(|r| r.max_age > 0) {
        let age = e.birth_date.years_until(today);
        if age > i32::from(req.max_age) {
            fail(Rule::Age, &|| trf(Msg::WhyAge, &[&age, &req.max_age]));
        }
    }
    let retires = super::RetirementAges::date_at(e.birth_date, prepared.retirement_age);
    if today.months_until(retires) < i32::from(rules.eligibility.min_years_to_retirement) * 12 {
        fail(Rule::Retirement, &|| trf(Msg::WhyRetires, &[&retires]));
    }
    // An assessment older than it counts for is no assessment: no JPM, and the reason
    // gives its date.
    if let Some(on) = prepared.stale_assessment(e) {
        fail(Rule::Competency, &|| trf(Msg::WhyAssessmentOld, &[&on, &rules.jpm.valid_years]));
        return None;
    }
    let jpm = jpm_of(prepared.standard, &candidate.levels, &rules.jpm);
    match jpm {
        None => fail(Rule::Competency, &|| tr(Msg::WhyNotAssessed).into()),
        Some(j) if j < rules.jpm.mms => {
            fail(Rule::Competency, &|| trf(Msg::WhyJpm, &[&format!("{j:.1}"), &rules.jpm.mms]))
        }
        Some(_) => {}
    }
    jpm
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EarlierPost;
    use crate::model::{
        Assessment, Competency, Employee, Eselon, Grade, Nip, People, PersonFacts, PositionId, PositionSpec, Rating,
        UnitId,
    };
    use rstest::rstest;

    const TODAY: (i32, u32, u32) = (2026, 11, 22);

    fn today() -> Date {
        Date::from_ymd(TODAY.0, TODAY.1, TODAY.2).unwrap()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Kepala bidang: administrator III.b.
    fn kabid() -> Position {
        Position {
            id: PositionId(9),
            code: "KABID".into(),
            unit: UnitId(1),
            name: "Kepala Bidang".into(),
            spec: PositionSpec {
                kind: PositionKind::Administrator,
                level: None,
                eselon: Some(Eselon::IIIB),
                class: Some(11),
                needed: Some(1),
                head: true,
            },
        }
    }

    /// A kepala seksi (pengawas IV.a) who meets every rule for kabid on 2026-11-22.
    fn kasi() -> Position {
        Position {
            id: PositionId(3),
            code: "KASI".into(),
            spec: PositionSpec { kind: PositionKind::Pengawas, eselon: Some(Eselon::IVA), ..kabid().spec },
            ..kabid()
        }
    }

    fn employee() -> Employee {
        Employee {
            nip: Nip::parse("197805122003121004").unwrap(),
            name: "Budi".into(),
            status: EmploymentStatus::Pns,
            grade: Some(Grade::Pns(34)),
            grade_since: Some(d("2022-04-01")),
            position: Some(PositionId(3)),
            position_since: Some(d("2021-01-02")),
            education: Some(Education::S1),
            service_start_override: None,
            potential: Some(85),
        }
    }

    fn ratings() -> Vec<Rating> {
        vec![Rating { year: 2024, rating: RatingLevel::Baik }, Rating { year: 2025, rating: RatingLevel::SangatBaik }]
    }

    fn assessments() -> Vec<Assessment> {
        Competency::STANDARD_SET
            .iter()
            .map(|c| Assessment { competency: c.clone(), level: 3, assessed_on: None })
            .collect()
    }

    fn standard() -> Vec<StandardEntry> {
        Competency::STANDARD_SET.iter().map(|c| StandardEntry { competency: c.clone(), level: 3 }).collect()
    }

    /// Evaluates the model candidate with one change; returns the failures.
    fn verdict(
        change: impl FnOnce(&mut Employee, &mut Vec<Rating>, &mut Vec<Penalty>, &mut Vec<Assessment>),
    ) -> Vec<Failure> {
        let (mut e, mut r, mut p, mut a) = (employee(), ratings(), Vec::new(), assessments());
        change(&mut e, &mut r, &mut p, &mut a);
        let mut people = People::default();
        people.push(PersonFacts::of(&e, Some(&kasi())), &e.name, &r, &p, &a, &[]);
        evaluate(&people.get(0).unwrap(), &kabid(), &standard(), &RuleSet::default(), today()).failed
    }

    fn one(rule: &'static str, message: &str) -> Vec<Failure> {
        vec![Failure { rule, message: message.into() }]
    }

    /// A post by its name, kind, level and eselon.
    type PostOf = (&'static str, PositionKind, Option<Level>, Option<Eselon>);

    fn post(id: u32, (name, kind, level, eselon): PostOf) -> Position {
        Position {
            id: PositionId(id),
            code: format!("P{id}"),
            name: name.into(),
            spec: PositionSpec { kind, level, eselon, ..kabid().spec },
            ..kabid()
        }
    }

    /// domain.md §11: what a move from the post a candidate holds to the target is, by
    /// how high each stands and, within a kind, by eselon.
    #[rstest]
    #[case::kepala_dinas_to_kepala_upt_is_a_step_down(
        ("Kepala Dinas PUTR", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)),
        ("Kepala UPT Puskesmas", PositionKind::Pengawas, None, Some(Eselon::IVA)),
        Movement::StepDown
    )]
    #[case::kepala_dinas_to_kepala_bidang_is_a_step_down(
        ("Kepala Dinas", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)),
        ("Kepala Bidang", PositionKind::Administrator, None, Some(Eselon::IIIB)),
        Movement::StepDown
    )]
    #[case::kepala_dinas_to_sekda_is_a_promotion(
        ("Kepala Dinas", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)),
        ("Sekretaris Daerah", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIA)),
        Movement::Promotion
    )]
    #[case::sekda_to_kepala_dinas_is_a_step_down(
        ("Sekretaris Daerah", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIA)),
        ("Kepala Dinas", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)),
        Movement::StepDown
    )]
    #[case::kepala_dinas_to_another_dinas_is_a_rotation(
        ("Kepala Dinas Kesehatan", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)),
        ("Kepala Dinas Pendidikan", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)),
        Movement::Rotation
    )]
    #[case::kepala_bidang_to_sekretaris_dinas_is_a_promotion(
        ("Kepala Bidang", PositionKind::Administrator, None, Some(Eselon::IIIB)),
        ("Sekretaris Dinas", PositionKind::Administrator, None, Some(Eselon::IIIA)),
        Movement::Promotion
    )]
    #[case::sekretaris_kelurahan_to_lurah_is_a_promotion(
        ("Sekretaris Kelurahan", PositionKind::Pengawas, None, Some(Eselon::IVB)),
        ("Lurah", PositionKind::Pengawas, None, Some(Eselon::IVA)),
        Movement::Promotion
    )]
    #[case::kepala_seksi_to_kepala_bidang_is_a_promotion(
        ("Kepala Seksi", PositionKind::Pengawas, None, Some(Eselon::IVA)),
        ("Kepala Bidang", PositionKind::Administrator, None, Some(Eselon::IIIB)),
        Movement::Promotion
    )]
    #[case::ahli_madya_to_administrator_is_a_rotation(
        ("Analis Kebijakan Ahli Madya", PositionKind::Fungsional, Some(Level::AhliMadya), None),
        ("Kepala Bidang", PositionKind::Administrator, None, Some(Eselon::IIIB)),
        Movement::Rotation
    )]
    #[case::ahli_madya_to_ahli_muda_is_a_step_down(
        ("Analis Kebijakan Ahli Madya", PositionKind::Fungsional, Some(Level::AhliMadya), None),
        ("Analis Kebijakan Ahli Muda", PositionKind::Fungsional, Some(Level::AhliMuda), None),
        Movement::StepDown
    )]
    #[case::ahli_muda_of_another_family_is_a_rotation(
        ("Perencana Ahli Muda", PositionKind::Fungsional, Some(Level::AhliMuda), None),
        ("Analis Kebijakan Ahli Muda", PositionKind::Fungsional, Some(Level::AhliMuda), None),
        Movement::Rotation
    )]
    #[case::ahli_pertama_to_ahli_muda_is_a_promotion(
        ("Analis Kebijakan Ahli Pertama", PositionKind::Fungsional, Some(Level::AhliPertama), None),
        ("Analis Kebijakan Ahli Muda", PositionKind::Fungsional, Some(Level::AhliMuda), None),
        Movement::Promotion
    )]
    #[case::pelaksana_to_pengawas_is_a_promotion(
        ("Pengadministrasi Perkantoran", PositionKind::Pelaksana, None, None),
        ("Kepala Seksi", PositionKind::Pengawas, None, Some(Eselon::IVA)),
        Movement::Promotion
    )]
    #[case::guru_ahli_madya_to_kepala_upt_is_a_step_down(
        ("Guru Ahli Madya", PositionKind::Fungsional, Some(Level::AhliMadya), None),
        ("Kepala UPT Puskesmas", PositionKind::Pengawas, None, Some(Eselon::IVA)),
        Movement::StepDown
    )]
    fn a_move_is_a_promotion_a_rotation_or_a_step_down(
        #[case] from: PostOf,
        #[case] to: PostOf,
        #[case] expected: Movement,
    ) {
        let (held, target) = (post(3, from), post(9, to));
        let (from, to) = (from.0, to.0);
        let rules = RuleSet::default();
        let current: CurrentPosts = [(
            held.id,
            CurrentPost { name: held.name.clone(), eselon: held.spec.eselon, unit: String::new(), field: None },
        )]
        .into();
        let prepared = Prepared::new(&target, &[], &rules, today()).with_current(&current);
        let facts = PersonFacts::of(&employee(), Some(&held));
        assert_eq!(prepared.movement(&facts), expected, "{from} → {to}");
        // A step down is an exclusion named `level`, saying the post held; the others pass it.
        let mut people = People::default();
        people.push(facts, "Budi", &ratings(), &[], &assessments(), &[]);
        let mut failed = Vec::new();
        check(&people.get(0).unwrap(), &prepared, &mut |rule, message| failed.push((rule, message())));
        let level: Vec<&String> = failed.iter().filter(|(r, _)| *r == Rule::Level).map(|(_, m)| m).collect();
        match expected {
            Movement::StepDown => {
                assert_eq!(level.len(), 1, "{failed:?}");
                assert!(level[0].starts_with(&format!("holds {from} (")), "{}", level[0]);
                assert!(level[0].ends_with(", a higher post): this would be a step down"), "{}", level[0]);
                let id = crate::i18n::in_lang(crate::i18n::Lang::Id, || {
                    let mut said = Vec::new();
                    check(&people.get(0).unwrap(), &prepared, &mut |rule, message| {
                        if rule == Rule::Level {
                            said.push(message());
                        }
                    });
                    said
                });
                assert!(id[0].starts_with(&format!("menjabat {from} (")), "{}", id[0]);
                assert!(id[0].ends_with(", lebih tinggi): ini penurunan jabatan"), "{}", id[0]);
            }
            _ => assert!(level.is_empty(), "{failed:?}"),
        }
    }

    /// The rules a pelaksana with `grade` and `education` (PNS or PPPK by the grade)
    /// fails for a functional post of `level`, but for experience and competency.
    fn functional_failures(level: Level, grade: Grade, education: Education) -> Vec<(Rule, String)> {
        let target = post(9, ("Analis Kebijakan", PositionKind::Fungsional, Some(level), None));
        let held = post(3, ("Pengadministrasi Perkantoran", PositionKind::Pelaksana, None, None));
        let mut e = employee();
        e.grade = Some(grade);
        e.education = Some(education);
        e.status = if matches!(grade, Grade::Pppk(_)) { EmploymentStatus::Pppk } else { EmploymentStatus::Pns };
        let (rules, standard) = (RuleSet::default(), standard());
        let prepared = Prepared::new(&target, &standard, &rules, today());
        let mut people = People::default();
        people.push(PersonFacts::of(&e, Some(&held)), "Budi", &ratings(), &[], &assessments(), &[]);
        let mut failed = Vec::new();
        check(&people.get(0).unwrap(), &prepared, &mut |rule, message| failed.push((rule, message())));
        failed.retain(|(r, _)| !matches!(r, Rule::Experience | Rule::Competency));
        failed
    }

    /// domain.md §11: a functional post asks its level's education (keahlian S1/D-IV,
    /// keterampilan D-III, pemula SMA) and a grade within its level's range; a PPPK's
    /// golongan is compared through the PNS grade it lines up with (IX ≈ III/a).
    #[rstest]
    #[case::s1_at_iii_c_for_ahli_muda(Level::AhliMuda, Grade::Pns(33), Education::S1, &[])]
    #[case::d4_counts_as_s1(Level::AhliMuda, Grade::Pns(34), Education::D4, &[])]
    #[case::d3_is_not_keahlian(Level::AhliMuda, Grade::Pns(33), Education::D3, &["education D-III < S1 (D-IV counts as S1)"])]
    #[case::sma_is_not_keahlian(Level::AhliMuda, Grade::Pns(33), Education::Sma, &["education SMA < S1 (D-IV counts as S1)"])]
    #[case::iv_c_is_above_ahli_muda(Level::AhliMuda, Grade::Pns(43), Education::S1, &["grade IV/c > III/d (Ahli Muda takes III/c–III/d)"])]
    #[case::iii_b_is_below_ahli_muda(Level::AhliMuda, Grade::Pns(32), Education::S1, &["grade III/b < III/c (Ahli Muda needs III/c)"])]
    #[case::pppk_v_is_below_ahli_muda(Level::AhliMuda, Grade::Pppk(5), Education::S1, &["grade V (≈ II/a) < III/c (Ahli Muda needs III/c)"])]
    #[case::pppk_xi_lines_up_with_iii_c(Level::AhliMuda, Grade::Pppk(11), Education::S1, &[])]
    #[case::pppk_xiii_is_above_ahli_muda(Level::AhliMuda, Grade::Pppk(13), Education::S1, &["grade XIII (≈ IV/a) > III/d (Ahli Muda takes III/c–III/d)"])]
    #[case::d3_for_terampil(Level::Terampil, Grade::Pns(22), Education::D3, &[])]
    #[case::sma_is_not_keterampilan(Level::Terampil, Grade::Pns(22), Education::Sma, &["education SMA < D-III (D-IV counts as S1)"])]
    #[case::sma_for_pemula(Level::Pemula, Grade::Pns(21), Education::Sma, &[])]
    fn a_functional_post_asks_its_levels_education_and_grade_range(
        #[case] level: Level,
        #[case] grade: Grade,
        #[case] education: Education,
        #[case] expected: &[&str],
    ) {
        let failed = functional_failures(level, grade, education);
        let messages: Vec<&str> = failed.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages, expected, "{failed:?}");
        // The same rules fail in Indonesian, with the same values.
        let id = crate::i18n::in_lang(crate::i18n::Lang::Id, || functional_failures(level, grade, education));
        assert_eq!(id.iter().map(|(r, _)| *r).collect::<Vec<_>>(), failed.iter().map(|(r, _)| *r).collect::<Vec<_>>());
        for ((_, en), (_, id)) in failed.iter().zip(&id) {
            assert_ne!(en, id, "said in Indonesian");
            let words = |s: &str| {
                s.split(|c: char| !c.is_alphanumeric() && c != '/')
                    .filter(|w| w.chars().any(|c| c.is_ascii_digit() || c == '/'))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            assert_eq!(words(en), words(id), "{en} / {id}");
        }
    }

    #[rstest]
    #[case::pelaksana_moves_in(("Pengadministrasi Perkantoran", PositionKind::Pelaksana, None, None), "a move into a functional post from another kind of post (perpindahan dari jabatan lain, PermenPANRB 1/2023)")]
    #[case::the_same_family_climbs(("Analis Kebijakan Ahli Pertama", PositionKind::Fungsional, Some(Level::AhliPertama), None), "a kenaikan jenjang within the family: credit points were not checked, the data holds none")]
    #[case::another_family_moves_in(("Perencana Ahli Pertama", PositionKind::Fungsional, Some(Level::AhliPertama), None), "a move from another functional family (perpindahan dari jabatan lain, PermenPANRB 1/2023)")]
    fn a_move_into_a_functional_post_is_named_as_such(#[case] from: PostOf, #[case] note: &str) {
        assert_eq!(functional_family("Analis Kebijakan Ahli Muda"), "Analis Kebijakan");
        assert_eq!(functional_family("Guru Terampil"), "Guru");
        assert_eq!(functional_family("Pengadministrasi Perkantoran"), "Pengadministrasi Perkantoran");
        let target = post(9, ("Analis Kebijakan Ahli Muda", PositionKind::Fungsional, Some(Level::AhliMuda), None));
        let held = post(3, from);
        let rules = RuleSet::default();
        let current: CurrentPosts =
            [(held.id, CurrentPost { name: held.name.clone(), eselon: None, unit: String::new(), field: None })].into();
        let prepared = Prepared::new(&target, &[], &rules, today()).with_current(&current);
        assert_eq!(prepared.notes(&PersonFacts::of(&employee(), Some(&held))), [note]);
        // A structural target has none.
        let kabid = kabid();
        let prepared = Prepared::new(&kabid, &[], &rules, today()).with_current(&current);
        assert!(prepared.notes(&PersonFacts::of(&employee(), Some(&held))).is_empty());
    }

    /// The failures and notes of the model candidate for kabid (administrator: PKA), looked
    /// up with `trainings` attended and assessed on `assessed_on`, under `rules`.
    fn looked_up(rules: &RuleSet, trainings: &[&str], assessed_on: Option<&str>) -> (Vec<Failure>, Vec<String>) {
        let e = employee();
        let looked: LookedUp = [(
            e.nip,
            Looked {
                training: rules.leadership_training.highest(trainings.iter().copied()),
                assessed_on: assessed_on.map(d),
                ..Looked::default()
            },
        )]
        .into();
        let (target, standard) = (kabid(), standard());
        let prepared = Prepared::new(&target, &standard, rules, today()).with_looked(&looked);
        let mut people = People::default();
        people.push(PersonFacts::of(&e, Some(&kasi())), &e.name, &ratings(), &[], &assessments(), &[]);
        let person = people.get(0).unwrap();
        let failed = evaluate_prepared(&person, &prepared).failed;
        let ranking = super::super::ranking::rank_people(&prepared, std::slice::from_ref(&people), &|| true).unwrap();
        let notes = super::super::ranking::explain(&person, &ranking.entries[0], &prepared).notes;
        (failed, notes)
    }

    /// domain.md §11: an administrator post calls for PKA (Diklatpim III before 2019); a
    /// higher one stands for it. Missing, it is a follow-up said with the candidate, or,
    /// where the agency requires it beforehand, rule `training`.
    #[rstest]
    #[case::pka_attended(&["Pelatihan Kepemimpinan Administrator"], None)]
    #[case::its_old_name(&["Diklatpim III"], None)]
    #[case::a_higher_one(&["Pelatihan Dasar CPNS", "PKN Tingkat II"], None)]
    #[case::only_pkp(&["Pelatihan Kepemimpinan Pengawas"], Some("PKA"))]
    #[case::pkn_i_is_not_pkn_ii_nor_does_diklatpim_iv_make_iii(&["Diklatpim IV", "Bimbingan Teknis SAKIP"], Some("PKA"))]
    #[case::none(&[], Some("PKA"))]
    fn the_leadership_training_of_a_post_is_a_follow_up_or_a_rule(
        #[case] trainings: &[&str],
        #[case] missing: Option<&str>,
    ) {
        let mut rules = RuleSet::default();
        let (failed, notes) = looked_up(&rules, trainings, Some("2025-06-01"));
        assert!(failed.is_empty(), "{failed:?}");
        let expected: Vec<String> = missing
            .map(|t| format!("follow-up: {t} not yet attended, to be completed after appointment"))
            .into_iter()
            .collect();
        assert_eq!(notes, expected);
        rules.leadership_training.required = true;
        let (failed, notes) = looked_up(&rules, trainings, Some("2025-06-01"));
        let expected = missing
            .map(|t| one("training", &format!("has not attended {t}, the leadership training this post calls for")))
            .unwrap_or_default();
        assert_eq!(failed, expected);
        assert!(notes.is_empty(), "{notes:?}");
        let (failed, _) = crate::i18n::in_lang(crate::i18n::Lang::Id, || looked_up(&rules, trainings, None));
        if let Some(t) = missing {
            assert_eq!(failed, one("training", &format!("belum mengikuti {t}, pelatihan kepemimpinan jabatan ini")));
        }
    }

    /// An assessment counts for three years by default (the agency's setting); an older
    /// one counts as not assessed, and the reason gives its date. Without a date, or with
    /// no limit, it counts.
    #[rstest]
    #[case::within_three_years(Some("2023-11-23"), 3, None)]
    #[case::older(Some("2023-11-21"), 3, Some("assessed on 2023-11-21, more than 3 years ago: counts as not assessed"))]
    #[case::older_in_a_two_year_window(
        Some("2024-06-01"),
        2,
        Some("assessed on 2024-06-01, more than 2 years ago: counts as not assessed")
    )]
    #[case::no_limit(Some("2015-01-01"), 0, None)]
    #[case::no_date(None, 3, None)]
    fn an_assessment_older_than_its_window_counts_as_none(
        #[case] on: Option<&str>,
        #[case] years: u8,
        #[case] message: Option<&str>,
    ) {
        let mut rules = RuleSet::default();
        rules.jpm.valid_years = years;
        let (failed, _) = looked_up(&rules, &["PKA"], on);
        assert_eq!(failed, message.map(|m| one("competency", m)).unwrap_or_default());
        if message.is_some() {
            let (failed, _) = crate::i18n::in_lang(crate::i18n::Lang::Id, || looked_up(&rules, &["PKA"], on));
            assert!(failed[0].message.ends_with("dianggap belum diases"), "{failed:?}");
        }
    }

    /// PermenPANRB 1/2023: a kenaikan jenjang needs its credit points (Ahli Muda 100 by
    /// default), counted from the start of the post held. Where the data has them they
    /// are a rule; where it has none the list says they were not checked; a move from
    /// another family needs none.
    #[rstest]
    #[case::enough(Some((120_500, 2022)), "Analis Kebijakan Ahli Pertama", &[], &[])]
    #[case::short(
        Some((85_500, 2022)),
        "Analis Kebijakan Ahli Pertama",
        &["credit points 85.5 since 2022 < 100 for a kenaikan jenjang to Ahli Muda"],
        &[]
    )]
    #[case::no_data(None, "Analis Kebijakan Ahli Pertama", &[], &["a kenaikan jenjang within the family: credit points were not checked, the data holds none"])]
    #[case::another_family(Some((10_000, 2022)), "Perencana Ahli Pertama", &[], &["a move from another functional family (perpindahan dari jabatan lain, PermenPANRB 1/2023)"])]
    fn a_kenaikan_jenjang_needs_its_credit_points(
        #[case] points: Option<(u64, u16)>,
        #[case] held: &'static str,
        #[case] failed: &[&str],
        #[case] notes: &[&str],
    ) {
        let target = post(9, ("Analis Kebijakan Ahli Muda", PositionKind::Fungsional, Some(Level::AhliMuda), None));
        let held = post(3, (held, PositionKind::Fungsional, Some(Level::AhliPertama), None));
        let (rules, standard) = (RuleSet::default(), standard());
        let current: CurrentPosts =
            [(held.id, CurrentPost { name: held.name.clone(), eselon: None, unit: String::new(), field: None })].into();
        let e = employee();
        let looked: LookedUp = [(e.nip, Looked { credit_points: points, ..Looked::default() })].into();
        let prepared = Prepared::new(&target, &standard, &rules, today()).with_current(&current).with_looked(&looked);
        let facts = PersonFacts::of(&e, Some(&held));
        let mut people = People::default();
        people.push(facts, "Budi", &ratings(), &[], &assessments(), &[]);
        let found: Vec<String> = evaluate_prepared(&people.get(0).unwrap(), &prepared)
            .failed
            .into_iter()
            .filter(|f| f.rule == "credit_points")
            .map(|f| f.message)
            .collect();
        assert_eq!(found, failed);
        assert_eq!(prepared.notes(&facts), notes);
        if !failed.is_empty() {
            let id = crate::i18n::in_lang(crate::i18n::Lang::Id, || {
                evaluate_prepared(&people.get(0).unwrap(), &prepared)
                    .failed
                    .into_iter()
                    .find(|f| f.rule == "credit_points")
            });
            assert_eq!(id.unwrap().message, "angka kredit 85.5 sejak 2022 < 100 untuk kenaikan jenjang ke Ahli Muda");
        }
    }

    /// The vacant Kepala UPT Puskesmas (pengawas IV.a) of a puskesmas, and the posts its
    /// candidates hold, each with the field its name and unit give it.
    fn puskesmas() -> (Position, CurrentPosts, Vec<Position>) {
        let target = post(9, ("Kepala UPT Puskesmas Jati Makmur", PositionKind::Pengawas, None, Some(Eselon::IVA)));
        let held = [
            (3, ("Pengadministrasi Perkantoran", PositionKind::Pelaksana, None, None), "kesehatan"),
            (4, ("Pengadministrasi Perkantoran", PositionKind::Pelaksana, None, None), "pendidikan"),
            (5, ("Perawat Ahli Pertama", PositionKind::Fungsional, Some(Level::AhliPertama), None), "kesehatan"),
            (6, ("Guru Ahli Pertama", PositionKind::Fungsional, Some(Level::AhliPertama), None), "pendidikan"),
        ];
        let current = held
            .iter()
            .map(|(id, (name, ..), field)| {
                let unit = if *field == "kesehatan" { "UPT Puskesmas Tangsi" } else { "SD Negeri 020032" };
                (
                    PositionId(*id),
                    CurrentPost {
                        name: name.to_string(),
                        eselon: None,
                        unit: unit.into(),
                        field: Some(field.to_string()),
                    },
                )
            })
            .collect();
        (target, current, held.iter().map(|(id, p, _)| post(*id, *p)).collect())
    }

    /// Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan (by a degree
    /// of health, or a health functional post) of at least S1/D-IV; a post in a health
    /// office is not enough, nor is a teacher's degree.
    #[rstest]
    #[case::a_public_health_graduate_in_a_puskesmas("Budi, S.KM.", 3, Education::S1, None)]
    #[case::a_nurse_with_a_degree("Ns. Rina, S.Kep.", 5, Education::S1, None)]
    #[case::a_nurse_of_d3(
        "Rina",
        5,
        Education::D3,
        Some(("the Kesehatan field needs at least S1, and this is D-III (Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan of at least S1/D-IV)",
              "bidang Kesehatan wajib berpendidikan paling rendah S1, ini D-III (Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan of at least S1/D-IV)"))
    )]
    #[case::an_economist_in_a_puskesmas_office(
        "Budi, S.E.",
        3,
        Education::S1,
        Some(("the Kesehatan field is required (Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan of at least S1/D-IV): no degree or post in it",
              "bidang Kesehatan wajib (Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan of at least S1/D-IV): tidak ada gelar atau jabatan di bidang itu"))
    )]
    #[case::a_teacher(
        "Ratna Amri, S.Pd.",
        6,
        Education::S1,
        Some(("the Kesehatan field is required (Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan of at least S1/D-IV): no degree or post in it",
              "bidang Kesehatan wajib (Permenkes 43/2019 Pasal 39: a kepala puskesmas is a tenaga kesehatan of at least S1/D-IV): tidak ada gelar atau jabatan di bidang itu"))
    )]
    fn a_kepala_puskesmas_is_a_tenaga_kesehatan(
        #[case] name: &str,
        #[case] holds: u32,
        #[case] education: Education,
        #[case] expected: Option<(&str, &str)>,
    ) {
        let (target, current, held) = puskesmas();
        let held = held.iter().find(|p| p.id == PositionId(holds)).unwrap();
        let rules = RuleSet::default();
        let prepared =
            Prepared::new(&target, &[], &rules, today()).with_current(&current).with_field(Some("kesehatan".into()));
        let mut e = employee();
        e.education = Some(education);
        e.position = Some(held.id);
        let mut people = People::default();
        people.push(PersonFacts::of(&e, Some(held)), name, &ratings(), &[], &assessments(), &[]);
        for (lang, pick) in [(crate::i18n::Lang::En, 0), (crate::i18n::Lang::Id, 1)] {
            let failed = crate::i18n::in_lang(lang, || {
                let mut failed = Vec::new();
                check(&people.get(0).unwrap(), &prepared, &mut |rule, message| {
                    if rule == Rule::Field {
                        failed.push(message());
                    }
                });
                failed
            });
            let expected: Vec<&str> = expected.map(|(en, id)| if pick == 0 { en } else { id }).into_iter().collect();
            assert_eq!(failed, expected, "{name} in {lang:?}");
        }
    }

    /// Elsewhere the field ranks: among the eligible, those with a degree of it, a post of
    /// it, or a post of it held before come first, and the list says why.
    #[test]
    fn in_the_targets_field_comes_first_and_says_why() {
        let (mut target, current, held) = puskesmas();
        // A post whose regulation does not require its field: Kepala Seksi Pelayanan.
        target.name = "Kepala Seksi Pelayanan".into();
        let (rules, standard) = (RuleSet::default(), standard());
        let pelaksana = |nip: &str, name: &str, at: usize| {
            let mut e = employee();
            e.nip = Nip::parse(nip).unwrap();
            e.position = Some(held[at].id);
            (e, name.to_string(), at)
        };
        let mut people = People::default();
        // The same scores, so that NIPs would order them: a teacher, an office clerk of a
        // school who was once a puskesmas clerk, a clerk of a puskesmas with a health degree.
        for (e, name, at) in [
            pelaksana("197805122003121004", "Ratna Amri, S.Pd.", 1),
            pelaksana("197805122003121012", "Sari", 1),
            pelaksana("197805122003121020", "Budi, S.KM.", 0),
        ] {
            people.push(PersonFacts::of(&e, Some(&held[at])), &name, &ratings(), &[], &assessments(), &[]);
        }
        let sari = Nip::parse("197805122003121012").unwrap();
        let earlier_in_field = Some("Pengadministrasi Perkantoran (UPT Puskesmas Tangsi)".to_string());
        let looked: LookedUp = [(sari, Looked { earlier_in_field, training: Some(0), ..Looked::default() })].into();
        let prepared = Prepared::new(&target, &standard, &rules, today())
            .with_current(&current)
            .with_field(Some("kesehatan".into()))
            .with_looked(&looked);
        let batches = [people];
        let mut ranking = super::super::ranking::rank_people(&prepared, &batches, &|| true).unwrap();
        let order = |r: &super::super::ranking::Ranking| -> Vec<String> {
            r.entries.iter().map(|e| batches[0].get(e.row as usize).unwrap().name.to_string()).collect()
        };
        // Without the history read yet, only the degree puts Budi first.
        let no_history = Prepared::new(&target, &standard, &rules, today())
            .with_current(&current)
            .with_field(Some("kesehatan".into()));
        let mut first = super::super::ranking::rank_people(&no_history, &batches, &|| true).unwrap();
        assert_eq!(order(&first), ["Budi, S.KM.", "Ratna Amri, S.Pd.", "Sari"]);
        first.rescore(&prepared, &batches);
        assert_eq!(order(&first), ["Sari", "Budi, S.KM.", "Ratna Amri, S.Pd."]);
        let ranks: Vec<_> = first.entries.iter().map(|e| (e.standing(), e.rank)).collect();
        let eligible = super::super::ranking::Standing::Eligible;
        assert_eq!(ranks, [(eligible, Some(1)), (eligible, Some(2)), (eligible, Some(3))]);
        ranking.rescore(&prepared, &batches);
        assert_eq!(order(&ranking), order(&first));
        let notes: Vec<Vec<String>> = ranking
            .entries
            .iter()
            .map(|e| super::super::ranking::explain(&batches[0].get(e.row as usize).unwrap(), e, &prepared).notes)
            .collect();
        assert_eq!(
            notes[0],
            ["in this post's field (Kesehatan): held Pengadministrasi Perkantoran (UPT Puskesmas Tangsi) before"]
        );
        assert_eq!(notes[1], ["in this post's field (Kesehatan): S.KM., holds a post in it"]);
        assert!(notes[2].is_empty(), "{:?}", notes[2]);
    }

    #[test]
    fn without_its_name_a_higher_post_is_named_by_its_kind_and_an_agency_may_rank_posts_otherwise() {
        let held = post(3, ("Kepala Dinas", PositionKind::Jpt, Some(Level::Pratama), Some(Eselon::IIB)));
        let target = kabid();
        let rules = RuleSet::default();
        let prepared = Prepared::new(&target, &[], &rules, today());
        let mut people = People::default();
        people.push(PersonFacts::of(&employee(), Some(&held)), "Budi", &ratings(), &[], &assessments(), &[]);
        let mut failed = Vec::new();
        check(&people.get(0).unwrap(), &prepared, &mut |rule, message| failed.push((rule, message())));
        assert!(
            failed
                .iter()
                .any(|(r, m)| *r == Rule::Level && m == "holds a higher post (JPT Pratama): this would be a step down"),
            "{failed:?}"
        );
        // An agency that holds its ahli madya above its administrators says so.
        let rules = RuleSet::with_overrides("[post_levels]\n\"fungsional/ahli_madya\" = 5\n", "rules.toml").unwrap();
        let madya = post(3, ("Perencana Ahli Madya", PositionKind::Fungsional, Some(Level::AhliMadya), None));
        let prepared = Prepared::new(&target, &[], &rules, today());
        assert_eq!(prepared.movement(&PersonFacts::of(&employee(), Some(&madya))), Movement::StepDown);
        assert!(
            RuleSet::with_overrides("[post_levels]\n\"fungsional/kepala\" = 5\n", "rules.toml")
                .unwrap_err()
                .contains("post_levels.fungsional/kepala")
        );
    }

    #[test]
    fn the_model_candidate_is_eligible() {
        assert_eq!(verdict(|_, _, _, _| {}), vec![]);
    }

    // Grade for III.b: lowest III/d, one below (III/c) allowed.
    #[rstest]
    #[case::exactly_the_lowest(34, None)]
    #[case::one_below_is_allowed(33, None)]
    #[case::two_below_fails(32, Some("grade III/b < III/c (III.b needs III/d, one below allowed)"))]
    fn grade_against_the_eselon(#[case] grade: u8, #[case] message: Option<&str>) {
        let failed = verdict(|e, _, _, _| e.grade = Some(Grade::Pns(grade)));
        assert_eq!(failed, message.map(|m| one("grade", m)).unwrap_or_default());
    }

    // Education for administrator: at least S1; D-IV counts as S1.
    #[rstest]
    #[case::s1(Education::S1, None)]
    #[case::d4_counts_as_s1(Education::D4, None)]
    #[case::s2(Education::S2, None)]
    #[case::d3_fails(Education::D3, Some("education D-III < S1 (D-IV counts as S1)"))]
    fn education_requirement(#[case] education: Education, #[case] message: Option<&str>) {
        let failed = verdict(|e, _, _, _| e.education = Some(education));
        assert_eq!(failed, message.map(|m| one("education", m)).unwrap_or_default());
    }

    // Three years as pengawas: counted in whole years up to today.
    #[rstest]
    #[case::exactly_three_years("2023-11-22", None)]
    #[case::a_day_short("2023-11-23", Some("2 years as Pengawas < 3"))]
    fn years_in_the_feeding_position(#[case] since: &str, #[case] message: Option<&str>) {
        let failed = verdict(|e, _, _, _| e.position_since = Some(d(since)));
        assert_eq!(failed, message.map(|m| one("experience", m)).unwrap_or_default());
    }

    // Ratings of the last two full years (2024 and 2025) must be at least baik.
    #[rstest]
    #[case::butuh_perbaikan_last_year(2025, Some(RatingLevel::ButuhPerbaikan), Some("rating butuh_perbaikan in 2025"))]
    #[case::kurang_two_years_ago(2024, Some(RatingLevel::Kurang), Some("rating kurang in 2024"))]
    #[case::missing_rating(2025, None, Some("no rating for 2025"))]
    #[case::sangat_baik_is_fine(2024, Some(RatingLevel::SangatBaik), None)]
    fn ratings_of_the_last_two_years(
        #[case] year: u16,
        #[case] rating: Option<RatingLevel>,
        #[case] message: Option<&str>,
    ) {
        let failed = verdict(|_, r, _, _| {
            r.retain(|x| x.year != year);
            if let Some(rating) = rating {
                r.push(Rating { year, rating });
            }
        });
        assert_eq!(failed, message.map(|m| one("rating", m)).unwrap_or_default());
    }

    // A penalty is in force through its last day.
    #[rstest]
    #[case::ending_today(Severity::Sedang, "2025-11-23", Some("2026-11-22"), Some("penalty sedang until 2026-11-22"))]
    #[case::ended_yesterday(Severity::Sedang, "2025-11-22", Some("2026-11-21"), None)]
    #[case::not_started(Severity::Berat, "2026-12-01", Some("2027-12-01"), None)]
    #[case::berat_without_end(Severity::Berat, "2020-01-01", None, Some("penalty berat no end recorded"))]
    #[case::ringan_without_end_within_a_year(
        Severity::Ringan,
        "2026-03-01",
        None,
        Some("penalty ringan no end recorded")
    )]
    #[case::ringan_without_end_after_a_year(Severity::Ringan, "2025-10-01", None, None)]
    fn penalties(
        #[case] severity: Severity,
        #[case] start: &str,
        #[case] end: Option<&str>,
        #[case] message: Option<&str>,
    ) {
        let failed = verdict(|_, _, p, _| p.push(Penalty { severity, start: d(start), end: end.map(d) }));
        assert_eq!(failed, message.map(|m| one("penalty", m)).unwrap_or_default());
    }

    // Retirement at 58 for an administrator, on the first of the month after the
    // birthday; at least a year must be left.
    #[rstest]
    #[case::a_year_and_nine_days_left("196911302000011001", None)]
    #[case::eleven_months_left("196910312000011001", Some("retires 2027-11-01"))]
    #[case::ten_months_left("196909302000011001", Some("retires 2027-10-01"))]
    #[case::retired_on_the_first_of_this_month("196810152000011001", Some("retires 2026-11-01"))]
    fn time_left_before_retirement(#[case] nip: &str, #[case] message: Option<&str>) {
        let failed = verdict(|e, _, _, _| e.nip = Nip::parse(nip).unwrap());
        assert_eq!(failed, message.map(|m| one("retirement", m)).unwrap_or_default());
    }

    // Competency: JPM at least 68 (MMS) against a standard of nine at level 3 (Σ 27):
    // 19 points is 70.4 %, 18 points 66.7 % (JPM exactly 68 is tested in jpm.rs).
    #[rstest]
    #[case::nineteen_points_pass(&[3, 3, 3, 2, 2, 2, 2, 1, 1], None)]
    #[case::eighteen_points_fail(&[3, 3, 2, 2, 2, 2, 2, 1, 1], Some("JPM 66.7 < 68 (KMS)"))]
    fn competency_against_the_standard(#[case] levels: &[u8], #[case] message: Option<&str>) {
        let failed = verdict(|_, _, _, a| {
            for (x, l) in a.iter_mut().zip(levels) {
                x.level = *l;
            }
        });
        assert_eq!(failed, message.map(|m| one("competency", m)).unwrap_or_default());
    }

    #[test]
    fn reasons_are_written_in_the_interface_language() {
        crate::i18n::set_lang(crate::i18n::Lang::Id);
        let failed = verdict(|e, _, _, _| e.education = Some(Education::D3));
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert_eq!(failed, one("education", "pendidikan D-III < S1 (D-IV setara S1)"));
    }

    #[test]
    fn not_assessed_fails_the_competency_rule_and_pppk_cannot_be_managerial() {
        let failed = verdict(|_, _, _, a| a.clear());
        assert_eq!(failed, one("competency", "not assessed against the position's standard"));
        let failed = verdict(|e, _, _, _| {
            e.status = EmploymentStatus::Pppk;
            e.grade = Some(Grade::Pppk(9));
        });
        assert_eq!(failed, one("status", "a PPPK employee cannot hold a managerial position"));
    }

    #[test]
    fn the_holder_is_not_a_candidate_and_other_feeding_positions_are_named() {
        let failed = verdict(|e, _, _, _| e.position = Some(PositionId(9)));
        assert_eq!(failed[0], Failure { rule: "holder", message: "already holds this position".into() });
        let (e, r, a) = (employee(), ratings(), assessments());
        let pelaksana = {
            let k = kasi();
            Position { spec: PositionSpec { kind: PositionKind::Pelaksana, eselon: None, ..k.spec }, ..k }
        };
        let mut people = People::default();
        people.push(PersonFacts::of(&e, Some(&pelaksana)), &e.name, &r, &[], &a, &[]);
        let v = evaluate(&people.get(0).unwrap(), &kabid(), &standard(), &RuleSet::default(), today());
        assert_eq!(v.failed, one("experience", "not in a position that leads here (Pengawas or Fungsional Ahli Muda)"));
    }

    #[test]
    fn years_as_pengawas_before_a_functional_post_count_towards_a_kepala_bidang() {
        // Regression: only the current post counted, so someone who was a pengawas for
        // years before moving to a functional post was "not in a position that leads here".
        let (mut e, r, a) = (employee(), ratings(), assessments());
        let analis = {
            let k = kasi();
            let spec = PositionSpec {
                kind: PositionKind::Fungsional,
                level: Some(Level::AhliPertama),
                eselon: None,
                ..k.spec
            };
            Position { spec, ..k }
        };
        e.position_since = Some(d("2025-01-02"));
        let run = |posts: &[EarlierPost]| {
            let mut people = People::default();
            people.push(PersonFacts::of(&e, Some(&analis)), &e.name, &r, &[], &a, posts);
            let person = people.get(0).unwrap();
            let (target, standard, rules) = (kabid(), standard(), RuleSet::default());
            let prepared = Prepared::new(&target, &standard, &rules, today());
            let counted = feeding_posts(&person, &prepared);
            (evaluate(&person, &target, &standard, &rules, today()).failed, counted)
        };
        let pengawas =
            |from: &str, to: &str| EarlierPost { kind: PositionKind::Pengawas, level: None, from: d(from), to: d(to) };
        // Four years as pengawas, then the functional post: the years count, and are named.
        let (failed, counted) = run(&[pengawas("2021-01-02", "2025-01-02")]);
        assert_eq!(failed, vec![]);
        assert_eq!(counted.len(), 1);
        assert_eq!(
            (counted[0].kind.as_str(), counted[0].from, counted[0].to),
            ("pengawas", d("2021-01-02"), Some(d("2025-01-02")))
        );
        // Two years, and a pelaksana post that does not lead here: too few, and said so.
        let pelaksana = EarlierPost { kind: PositionKind::Pelaksana, ..pengawas("2015-01-01", "2021-01-02") };
        let (failed, _) = run(&[pelaksana, pengawas("2023-01-02", "2025-01-02")]);
        assert_eq!(failed, one("experience", "2 years as Pengawas < 3"));
        // Two spells add up.
        let (failed, counted) = run(&[pengawas("2017-01-02", "2019-01-02"), pengawas("2023-01-02", "2025-01-02")]);
        assert_eq!((failed, counted.len()), (vec![], 2));
    }
}
