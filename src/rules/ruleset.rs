//! Every number and table of domain.md as one value, with the regulation's defaults.
//! An agency's `rules.toml` overrides any part (only what it names); `jabat rules
//! --show` prints the effective set and `jabat rules --check FILE` validates one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::RetirementAges;
use crate::model::{Education, EmploymentStatus, Eselon, Grade, Level, PositionKind, RatingLevel};

/// Lowest and highest grade of a range, as written (`III/d`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRange {
    /// Lowest grade.
    pub lowest: String,
    /// Highest grade.
    pub highest: String,
}

/// The appointment requirements of one kind of target position (domain.md §4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Requirement {
    /// Lowest education (D-IV counts as S1).
    pub education: String,
    /// Years of service at least.
    pub years_of_service: u8,
    /// Years in the feeding levels at least.
    pub years_in_feeding: u8,
    /// The kinds/levels that feed this target (`administrator`, `fungsional/ahli_madya` …).
    pub feeding: Vec<String>,
    /// Oldest age at appointment; 0 for no limit.
    pub max_age: u8,
}

impl Default for Requirement {
    fn default() -> Self {
        Requirement {
            education: "S1".into(),
            years_of_service: 0,
            years_in_feeding: 0,
            feeding: Vec::new(),
            max_age: 0,
        }
    }
}

fn req(education: &str, service: u8, feeding_years: u8, feeding: &[&str], max_age: u8) -> Requirement {
    Requirement {
        education: education.into(),
        years_of_service: service,
        years_in_feeding: feeding_years,
        feeding: feeding.iter().map(|s| s.to_string()).collect(),
        max_age,
    }
}

/// What every appointment needs besides its own requirement (domain.md §4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Eligibility {
    /// How many of the last years' ratings must be at least `min_rating`.
    pub rating_years: u8,
    /// The lowest acceptable rating.
    pub min_rating: String,
    /// Months a light (ringan) penalty blocks when it has no end date.
    pub ringan_block_months: u8,
    /// Years of service left before retirement at least.
    pub min_years_to_retirement: u8,
    /// Whether a grade one below the lowest of the eselon is allowed (PP 100/2000).
    pub one_grade_below_allowed: bool,
}

impl Default for Eligibility {
    fn default() -> Self {
        Eligibility {
            rating_years: 2,
            min_rating: "baik".into(),
            ringan_block_months: 12,
            min_years_to_retirement: 1,
            one_grade_below_allowed: true,
        }
    }
}

/// Job–person match settings (domain.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JpmRules {
    /// Cap each assessed level at its required level before summing, so a surplus in
    /// one competency does not hide a gap in another.
    pub cap_per_competency: bool,
    /// MS (memenuhi syarat) from this JPM.
    pub ms: f64,
    /// MMS (masih memenuhi syarat) from this JPM; below it KMS.
    pub mms: f64,
    /// Optimal from this JPM (mapping).
    pub optimal: f64,
    /// Cukup optimal from this JPM; below it kurang optimal.
    pub cukup_optimal: f64,
    /// Years an assessment counts for a candidacy; an older one counts as not assessed
    /// (domain.md §11: two to three years in common practice). 0: no limit.
    pub valid_years: u8,
}

impl Default for JpmRules {
    fn default() -> Self {
        JpmRules { cap_per_competency: true, ms: 80.0, mms: 68.0, optimal: 90.0, cukup_optimal: 78.0, valid_years: 3 }
    }
}

/// The leadership training a managerial post calls for (domain.md §11): each step of the
/// ladder, lowest first, for its posts; a higher one attended stands for a lower.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LeadershipTraining {
    /// Whether a candidate without it is excluded (rule `training`); else it is a
    /// follow-up said with the candidate: to be completed after appointment.
    pub required: bool,
    /// The trainings, lowest first.
    pub ladder: Vec<TrainingStep>,
    /// The regulation.
    pub source: String,
}

/// One leadership training: its name, the posts that call for it (kind keys), and the
/// words that name it in the records (its older names too), matched as whole words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingStep {
    /// Its name as said (`PKA`).
    pub name: String,
    /// The posts that call for it (`administrator`, `jpt/pratama`).
    pub posts: Vec<String>,
    /// How the records name it (`pelatihan kepemimpinan administrator`, `diklatpim iii`).
    pub words: Vec<String>,
}

impl Default for LeadershipTraining {
    fn default() -> Self {
        let step = |name: &str, posts: &[&str], words: &[&str]| TrainingStep {
            name: name.into(),
            posts: posts.iter().map(|p| p.to_string()).collect(),
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        LeadershipTraining {
            required: false,
            ladder: vec![
                step(
                    "PKP",
                    &["pengawas"],
                    &["pkp", "pelatihan kepemimpinan pengawas", "diklatpim iv", "diklat kepemimpinan tingkat iv"],
                ),
                step(
                    "PKA",
                    &["administrator"],
                    &[
                        "pka",
                        "pelatihan kepemimpinan administrator",
                        "diklatpim iii",
                        "diklat kepemimpinan tingkat iii",
                    ],
                ),
                step(
                    "PKN II",
                    &["jpt/pratama"],
                    &[
                        "pkn ii",
                        "pkn tingkat ii",
                        "pelatihan kepemimpinan nasional tingkat ii",
                        "diklatpim ii",
                        "diklat kepemimpinan tingkat ii",
                    ],
                ),
                step(
                    "PKN I",
                    &["jpt/madya", "jpt/utama"],
                    &[
                        "pkn i",
                        "pkn tingkat i",
                        "pelatihan kepemimpinan nasional tingkat i",
                        "diklatpim i",
                        "diklat kepemimpinan tingkat i",
                    ],
                ),
            ],
            source: "domain.md §11: pengawas PKP, administrator PKA, JPT pratama PKN II, JPT madya PKN I, \
                     completed after appointment where missing [common]"
                .into(),
        }
    }
}

impl LeadershipTraining {
    /// The step of the ladder a post of `kind` and `level` calls for.
    pub fn needed(&self, kind: PositionKind, level: Option<Level>) -> Option<usize> {
        let key = super::kind_key(kind, level);
        self.ladder.iter().position(|s| s.posts.contains(&key))
    }

    /// The highest step of the ladder among trainings named `names`.
    pub fn highest<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Option<usize> {
        Self::highest_of(&self.folded(), names)
    }

    /// Each step's words, folded for matching ([`super::field::words`]), to match many
    /// people's trainings with [`LeadershipTraining::highest_of`].
    pub fn folded(&self) -> Vec<Vec<String>> {
        self.ladder
            .iter()
            .map(|s| s.words.iter().map(|w| super::field::words(w)).filter(|w| !w.trim().is_empty()).collect())
            .collect()
    }

    /// The highest step of a `folded` ladder among trainings named `names`.
    pub fn highest_of<'a>(folded: &[Vec<String>], names: impl IntoIterator<Item = &'a str>) -> Option<usize> {
        names
            .into_iter()
            .filter_map(|n| {
                let n = super::field::words(n);
                folded.iter().rposition(|keys| keys.iter().any(|k| n.contains(k.as_str())))
            })
            .max()
    }
}

/// Nine-box band cut-offs (domain.md §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NineBoxRules {
    /// Potential score from which potential is high (tinggi).
    pub potential_high: f64,
    /// Potential score from which potential is middle (menengah).
    pub potential_middle: f64,
    /// The rating that means performance above expectation.
    pub performance_above: String,
    /// The lowest rating that means performance as expected.
    pub performance_as_expected: String,
}

impl Default for NineBoxRules {
    fn default() -> Self {
        NineBoxRules {
            potential_high: 90.0,
            potential_middle: 78.0,
            performance_above: "sangat_baik".into(),
            performance_as_expected: "baik".into(),
        }
    }
}

/// Workload analysis settings (domain.md §6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AbkRules {
    /// Effective working minutes per person per year (1 250 hours).
    pub effective_minutes: u32,
    /// Job efficiency above which the grade is A.
    pub ej_a: f64,
    /// From which B.
    pub ej_b: f64,
    /// From which C.
    pub ej_c: f64,
    /// From which D; below it E.
    pub ej_d: f64,
}

impl Default for AbkRules {
    fn default() -> Self {
        AbkRules { effective_minutes: 75_000, ej_a: 1.0, ej_b: 0.9, ej_c: 0.7, ej_d: 0.5 }
    }
}

/// Weights of the candidate score (each part is scaled to 0–1 first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RankingWeights {
    /// JPM against the target's standard.
    pub jpm: f64,
    /// Nine-box number (9 best).
    pub nine_box: f64,
    /// Grade seniority.
    pub grade: f64,
    /// The latest rating.
    pub rating: f64,
    /// Years in the current grade, up to four.
    pub years_in_grade: f64,
}

impl Default for RankingWeights {
    fn default() -> Self {
        RankingWeights { jpm: 0.40, nine_box: 0.20, grade: 0.15, rating: 0.15, years_in_grade: 0.10 }
    }
}

/// The whole rule set. Tables are keyed by their canonical names (`III.a`,
/// `ahli_madya`, `jpt/pratama`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleSet {
    /// Lowest and highest grade per eselon (PP 13/2002).
    pub eselon_grades: BTreeMap<String, GradeRange>,
    /// Grade range per functional level.
    pub functional_grades: BTreeMap<String, GradeRange>,
    /// Lowest education per functional level: keahlian S1/D-IV, keterampilan D-III,
    /// pemula SMA (domain.md §11; a family's own regulation may ask more).
    pub functional_education: BTreeMap<String, String>,
    /// Appointment requirements per target (`jpt/utama` … `administrator`, `pengawas`).
    pub appointment: BTreeMap<String, Requirement>,
    /// What every appointment needs.
    pub eligibility: Eligibility,
    /// Retirement ages.
    pub retirement: RetirementAges,
    /// Default required level of the nine managerial and socio-cultural competencies,
    /// per kind or kind/level (`administrator`, `fungsional/ahli_muda`).
    pub default_standards: BTreeMap<String, u8>,
    /// Job–person match.
    pub jpm: JpmRules,
    /// Nine-box.
    pub nine_box: NineBoxRules,
    /// Workload analysis.
    pub abk: AbkRules,
    /// Weights of the candidate score.
    pub ranking: RankingWeights,
    /// How high each kind of post stands, by kind or kind/level (`jpt/pratama`,
    /// `fungsional/ahli_madya`), higher more senior: a move to a lower post is a step
    /// down, to one as high a rotation, to a higher one a promotion (domain.md §11).
    /// Posts of one kind are told apart by their eselon.
    pub post_levels: BTreeMap<String, u8>,
    /// The fields of posts and of people (`fields.toml`; domain.md §11).
    pub fields: super::field::Fields,
    /// The leadership training each managerial post calls for.
    pub leadership_training: LeadershipTraining,
    /// Units headed by an additional duty rather than a structural post.
    pub additional_duty_heads: AdditionalDutyHeads,
    /// The credit points (angka kredit) a kenaikan jenjang to a functional level needs,
    /// counted from the start of the post held (PermenPANRB 1/2023); a level not here
    /// is not checked.
    pub credit_points: BTreeMap<String, f64>,
    /// What the formation proposal (usulan kebutuhan, e-Formasi) asks of a short post.
    pub formation: FormationRules,
    /// The points of the job evaluation's factor levels and the kelas they give.
    pub job_evaluation: super::evaluation::JobEvaluationRules,
}

/// The formation proposal's qualification and route of a short post (domain.md §12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormationRules {
    /// The least education of a pelaksana post by its kelas: each key the lowest kelas
    /// from which its education is asked (PermenPANRB 41/2018's nomenclature:
    /// pengadministrasi SLTA, pengelola D-III, penata and penelaah S1/D-IV).
    pub pelaksana_education: BTreeMap<String, String>,
    /// The fields (ids of `fields`) whose functional posts are proposed as PPPK (guru and
    /// tenaga kesehatan, as the national procurement has done since 2021) [local].
    pub pppk_fields: Vec<String>,
    /// Whether pelaksana posts are proposed as PPPK (tenaga teknis) [local].
    pub pppk_pelaksana: bool,
}

impl Default for FormationRules {
    fn default() -> Self {
        FormationRules {
            pelaksana_education: [("1", "SMA"), ("6", "D-III"), ("7", "S1")]
                .iter()
                .map(|(c, e)| (c.to_string(), e.to_string()))
                .collect(),
            pppk_fields: vec!["pendidikan".into(), "kesehatan".into()],
            pppk_pelaksana: true,
        }
    }
}

/// Units headed by someone with an additional duty (tugas tambahan) rather than by a
/// structural head position: a school's kepala sekolah is a guru (Permendikbud 40/2021),
/// so a school needs no head position (check `unit.no-head` passes it by).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdditionalDutyHeads {
    /// The unit kinds, as `units.csv` writes them (any case).
    pub kinds: Vec<String>,
    /// The regulation.
    pub source: String,
}

impl Default for AdditionalDutyHeads {
    fn default() -> Self {
        AdditionalDutyHeads {
            kinds: vec!["sekolah".into()],
            source: "Permendikbud 40/2021: a kepala sekolah is a guru with an additional duty".into(),
        }
    }
}

impl AdditionalDutyHeads {
    /// Whether a unit of `kind` is headed by an additional duty.
    pub fn covers(&self, kind: &str) -> bool {
        let kind = crate::model::text::fold(kind.trim());
        self.kinds.iter().any(|k| crate::model::text::fold(k.trim()) == kind)
    }
}

fn range(lowest: &str, highest: &str) -> GradeRange {
    GradeRange { lowest: lowest.into(), highest: highest.into() }
}

impl Default for RuleSet {
    fn default() -> Self {
        let eselon_grades = [
            ("I.a", "IV/d", "IV/e"),
            ("I.b", "IV/c", "IV/e"),
            ("II.a", "IV/c", "IV/d"),
            ("II.b", "IV/b", "IV/c"),
            ("III.a", "IV/a", "IV/b"),
            ("III.b", "III/d", "IV/a"),
            ("IV.a", "III/c", "III/d"),
            ("IV.b", "III/b", "III/c"),
            ("V.a", "III/a", "III/b"),
        ];
        let functional_grades = [
            ("ahli_pertama", "III/a", "III/b"),
            ("ahli_muda", "III/c", "III/d"),
            ("ahli_madya", "IV/a", "IV/c"),
            ("ahli_utama", "IV/d", "IV/e"),
            ("pemula", "II/a", "II/a"),
            ("terampil", "II/b", "II/d"),
            ("mahir", "III/a", "III/b"),
            ("penyelia", "III/c", "III/d"),
        ];
        let appointment = [
            ("jpt/utama", req("S1", 10, 2, &["jpt/madya", "fungsional/ahli_utama"], 58)),
            ("jpt/madya", req("S1", 7, 2, &["jpt/pratama", "fungsional/ahli_utama"], 58)),
            ("jpt/pratama", req("S1", 5, 2, &["administrator", "fungsional/ahli_madya"], 56)),
            ("administrator", req("S1", 0, 3, &["pengawas", "fungsional/ahli_muda"], 0)),
            ("pengawas", req("D-III", 0, 4, &["pelaksana", "fungsional/ahli_pertama", "fungsional/mahir"], 0)),
        ];
        let standards = [
            ("jpt/utama", 5),
            ("jpt/madya", 5),
            ("jpt/pratama", 4),
            ("administrator", 3),
            ("pengawas", 2),
            ("pelaksana", 1),
            ("fungsional/ahli_utama", 4),
            ("fungsional/ahli_madya", 3),
            ("fungsional/ahli_muda", 2),
            ("fungsional/ahli_pertama", 1),
            ("fungsional/penyelia", 2),
            ("fungsional/mahir", 1),
            ("fungsional/terampil", 1),
            ("fungsional/pemula", 1),
        ];
        // domain.md §11: JPT utama > madya > pratama ≈ ahli utama > administrator ≈ ahli
        // madya > pengawas ≈ ahli muda ≈ penyelia > pelaksana ≈ ahli pertama ≈ mahir ≈
        // terampil ≈ pemula.
        let post_levels = [
            ("jpt/utama", 7),
            ("jpt/madya", 6),
            ("jpt/pratama", 5),
            ("fungsional/ahli_utama", 5),
            ("administrator", 4),
            ("fungsional/ahli_madya", 4),
            ("pengawas", 3),
            ("fungsional/ahli_muda", 3),
            ("fungsional/penyelia", 3),
            ("pelaksana", 2),
            ("fungsional/ahli_pertama", 2),
            ("fungsional/mahir", 2),
            ("fungsional/terampil", 2),
            ("fungsional/pemula", 2),
        ];
        let functional_education = [
            ("ahli_pertama", "S1"),
            ("ahli_muda", "S1"),
            ("ahli_madya", "S1"),
            ("ahli_utama", "S1"),
            ("pemula", "SMA"),
            ("terampil", "D-III"),
            ("mahir", "D-III"),
            ("penyelia", "D-III"),
        ];
        RuleSet {
            eselon_grades: eselon_grades.iter().map(|(e, l, h)| (e.to_string(), range(l, h))).collect(),
            functional_education: functional_education.iter().map(|(l, e)| (l.to_string(), e.to_string())).collect(),
            functional_grades: functional_grades.iter().map(|(f, l, h)| (f.to_string(), range(l, h))).collect(),
            appointment: appointment.into_iter().map(|(k, r)| (k.to_string(), r)).collect(),
            eligibility: Eligibility::default(),
            retirement: RetirementAges::default(),
            default_standards: standards.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            jpm: JpmRules::default(),
            nine_box: NineBoxRules::default(),
            abk: AbkRules::default(),
            ranking: RankingWeights::default(),
            post_levels: post_levels.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            fields: super::field::default_fields(),
            leadership_training: LeadershipTraining::default(),
            additional_duty_heads: AdditionalDutyHeads::default(),
            credit_points: [("ahli_muda", 100.0), ("ahli_madya", 200.0), ("ahli_utama", 450.0)]
                .iter()
                .map(|(l, p)| (l.to_string(), *p))
                .collect(),
            formation: FormationRules::default(),
            job_evaluation: super::evaluation::JobEvaluationRules::default(),
        }
    }
}

/// A kind key read back (`fungsional/ahli_muda` → fungsional, ahli muda), or why it is
/// not one.
pub fn parse_kind_key(key: &str) -> Result<(PositionKind, Option<Level>), String> {
    let (kind, level) = match key.split_once('/') {
        Some((k, l)) => (k, Some(l)),
        None => (key, None),
    };
    let kind = PositionKind::parse(kind)?;
    let level = level.map(Level::parse).transpose()?;
    if let Some(l) = level
        && !l.fits(kind)
    {
        return Err(format!("{kind} has no level {l}"));
    }
    Ok((kind, level))
}

/// The key a position's kind and level go by in the tables: `administrator`,
/// `jpt/pratama`, `fungsional/ahli_muda`.
pub fn kind_key(kind: PositionKind, level: Option<Level>) -> String {
    match level {
        Some(l) => format!("{kind}/{l}"),
        None => kind.to_string(),
    }
}

impl RuleSet {
    /// The defaults with a rules file's settings on top; errors name the file and key.
    pub fn with_overrides(text: &str, file: &str) -> Result<RuleSet, String> {
        let mut base = toml::Table::try_from(RuleSet::default()).expect("the defaults serialize");
        let over: toml::Table = text.parse().map_err(|e| format!("{file}: {e}"))?;
        merge(&mut base, over);
        let rules: RuleSet =
            toml::Value::Table(base).try_into().map_err(|e: toml::de::Error| format!("{file}: {}", e.message()))?;
        rules.check().map_err(|e| format!("{file}: {e}"))?;
        Ok(rules)
    }

    /// The rule set as TOML, as `jabat rules --show` prints it.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a rule set serializes")
    }

    /// Checks what serde cannot: names of eselons, levels and grades, orders of
    /// thresholds. Errors name the key.
    pub fn check(&self) -> Result<(), String> {
        let grade = |key: String, text: &str| -> Result<Grade, String> {
            Grade::parse(text, EmploymentStatus::Pns).map_err(|e| format!("{key}: {e}"))
        };
        for (e, r) in &self.eselon_grades {
            Eselon::parse(e).map_err(|m| format!("eselon_grades.{e}: {m}"))?;
            let (lo, hi) = (
                grade(format!("eselon_grades.{e}.lowest"), &r.lowest)?,
                grade(format!("eselon_grades.{e}.highest"), &r.highest)?,
            );
            if lo > hi {
                return Err(format!("eselon_grades.{e}: lowest {lo} is above highest {hi}"));
            }
        }
        for (l, r) in &self.functional_grades {
            Level::parse(l).map_err(|m| format!("functional_grades.{l}: {m}"))?;
            let (lo, hi) = (
                grade(format!("functional_grades.{l}.lowest"), &r.lowest)?,
                grade(format!("functional_grades.{l}.highest"), &r.highest)?,
            );
            if lo > hi {
                return Err(format!("functional_grades.{l}: lowest {lo} is above highest {hi}"));
            }
        }
        let kind_key_ok = |key: &str| -> bool {
            let (kind, level) = key.split_once('/').map_or((key, None), |(k, l)| (k, Some(l)));
            match (PositionKind::parse(kind), level.map(Level::parse)) {
                (Ok(k), Some(Ok(l))) => l.fits(k),
                (Ok(k), None) => !matches!(k, PositionKind::Jpt | PositionKind::Fungsional),
                _ => false,
            }
        };
        for (k, r) in &self.appointment {
            if !kind_key_ok(k) {
                return Err(format!("appointment.{k}: not a kind/level such as jpt/pratama or administrator"));
            }
            Education::parse(&r.education).map_err(|m| format!("appointment.{k}.education: {m}"))?;
            if let Some(f) = r.feeding.iter().find(|f| !kind_key_ok(f)) {
                return Err(format!("appointment.{k}.feeding: '{f}' is not a kind/level"));
            }
        }
        for (k, v) in &self.default_standards {
            if !kind_key_ok(k) {
                return Err(format!("default_standards.{k}: not a kind/level such as fungsional/ahli_muda"));
            }
            if !(1..=5).contains(v) {
                return Err(format!("default_standards.{k}: level {v} is not 1–5"));
            }
        }
        RatingLevel::parse(&self.eligibility.min_rating).map_err(|m| format!("eligibility.min_rating: {m}"))?;
        RatingLevel::parse(&self.nine_box.performance_above).map_err(|m| format!("nine_box.performance_above: {m}"))?;
        RatingLevel::parse(&self.nine_box.performance_as_expected)
            .map_err(|m| format!("nine_box.performance_as_expected: {m}"))?;
        let j = &self.jpm;
        if !(0.0..=100.0).contains(&j.mms) || j.mms > j.ms || j.ms > 100.0 {
            return Err(format!("jpm: thresholds must satisfy 0 ≤ mms ({}) ≤ ms ({}) ≤ 100", j.mms, j.ms));
        }
        if j.cukup_optimal > j.optimal || j.optimal > 100.0 || j.cukup_optimal < 0.0 {
            return Err(format!(
                "jpm: thresholds must satisfy 0 ≤ cukup_optimal ({}) ≤ optimal ({}) ≤ 100",
                j.cukup_optimal, j.optimal
            ));
        }
        if self.nine_box.potential_middle > self.nine_box.potential_high {
            return Err("nine_box: potential_middle is above potential_high".into());
        }
        let w = &self.ranking;
        let weights = [w.jpm, w.nine_box, w.grade, w.rating, w.years_in_grade];
        if weights.iter().any(|x| *x < 0.0) || weights.iter().sum::<f64>() <= 0.0 {
            return Err("ranking: weights must not be negative, and not all zero".into());
        }
        let a = &self.abk;
        if a.effective_minutes == 0 || !(a.ej_d <= a.ej_c && a.ej_c <= a.ej_b && a.ej_b <= a.ej_a) {
            return Err("abk: effective_minutes must be above 0 and ej_d ≤ ej_c ≤ ej_b ≤ ej_a".into());
        }
        for (level, education) in &self.functional_education {
            Level::parse(level).map_err(|e| format!("functional_education.{level}: {e}"))?;
            Education::parse(education).map_err(|e| format!("functional_education.{level}: {e}"))?;
        }
        self.job_evaluation.check()?;
        for (class, education) in &self.formation.pelaksana_education {
            let at = format!("formation.pelaksana_education.{class}");
            match class.parse::<u8>() {
                Ok(1..=17) => {}
                _ => return Err(format!("{at}: a kelas jabatan 1–17")),
            }
            Education::parse(education).map_err(|e| format!("{at}: {e}"))?;
        }
        for id in &self.formation.pppk_fields {
            if !self.fields.contains_key(id) {
                return Err(format!("formation.pppk_fields: {id}: no such field (see fields)"));
            }
        }
        for (id, field) in &self.fields {
            if field.label.trim().is_empty() {
                return Err(format!("fields.{id}.label: a field needs a name"));
            }
            if !field.required_for.is_empty() && field.source.trim().is_empty() {
                return Err(format!("fields.{id}.source: a field required for a post names its regulation"));
            }
        }
        for key in self.post_levels.keys() {
            parse_kind_key(key).map_err(|e| format!("post_levels.{key}: {e}"))?;
        }
        for (level, points) in &self.credit_points {
            let level = Level::parse(level).map_err(|e| format!("credit_points.{level}: {e}"))?;
            if !level.fits(PositionKind::Fungsional) || !points.is_finite() || *points < 0.0 {
                return Err(format!("credit_points.{level}: a functional level and a number of points at least 0"));
            }
        }
        for (i, step) in self.leadership_training.ladder.iter().enumerate() {
            let at = format!("leadership_training.ladder[{i}]");
            if step.name.trim().is_empty() || step.words.iter().all(|w| w.trim().is_empty()) {
                return Err(format!("{at}: a training needs a name and the words that name it"));
            }
            for post in &step.posts {
                parse_kind_key(post).map_err(|e| format!("{at}.posts: {post}: {e}"))?;
            }
        }
        for (family, retirement) in &self.retirement.families {
            if family.is_empty() || *family != crate::model::text::fold(family.trim()) {
                return Err(format!(
                    "retirement.families.{family}: a family's name in lower case, as a position's name begins"
                ));
            }
            if !(40..=80).contains(&retirement.age) {
                return Err(format!("retirement.families.{family}.age: {} is not an age to retire at", retirement.age));
            }
        }
        Ok(())
    }

    /// The default required level of the standard competencies for a position.
    pub fn default_standard_level(&self, kind: PositionKind, level: Option<Level>) -> Option<u8> {
        self.default_standards.get(&kind_key(kind, level)).copied()
    }

    /// How high a post of `kind` and `level` stands ([`RuleSet::post_levels`]): by its
    /// kind and level, else by its kind; none when the table does not say.
    pub fn post_level(&self, kind: PositionKind, level: Option<Level>) -> Option<u8> {
        self.post_levels.get(&kind_key(kind, level)).or_else(|| self.post_levels.get(kind.as_str())).copied()
    }
}

/// Puts `over` into `base`, table by table, so a file replaces only what it names.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_domain_md_and_valid() {
        let r = RuleSet::default();
        r.check().unwrap();
        assert_eq!(r.eselon_grades["III.b"], range("III/d", "IV/a"));
        assert_eq!(r.functional_grades["ahli_madya"], range("IV/a", "IV/c"));
        assert_eq!(r.appointment["jpt/pratama"].years_of_service, 5);
        assert_eq!(r.appointment["pengawas"].education, "D-III");
        assert_eq!(r.default_standard_level(PositionKind::Administrator, None), Some(3));
        assert_eq!(r.default_standard_level(PositionKind::Fungsional, Some(Level::Penyelia)), Some(2));
        assert_eq!(r.retirement.functional_ahli_utama, 65);
        assert_eq!(r.abk.effective_minutes, 75_000);
    }

    #[test]
    fn a_file_overrides_only_what_it_names_and_round_trips() {
        let r = RuleSet::with_overrides(
            "[jpm]\nms = 85.0\n[eselon_grades.\"III.b\"]\nlowest = \"III/c\"\nhighest = \"IV/a\"\n[abk]\neffective_minutes = 72000\n",
            "rules.toml",
        )
        .unwrap();
        assert_eq!(r.jpm.ms, 85.0);
        assert_eq!(r.jpm.mms, 68.0, "untouched values keep their defaults");
        assert_eq!(r.eselon_grades["III.b"].lowest, "III/c");
        assert_eq!(r.eselon_grades["IV.a"], range("III/c", "III/d"));
        assert_eq!(r.abk.effective_minutes, 72_000);
        assert_eq!(RuleSet::with_overrides(&r.to_toml(), "shown.toml").unwrap(), r);
    }

    #[test]
    fn bad_files_name_the_key() {
        let err = |text: &str| RuleSet::with_overrides(text, "rules.toml").unwrap_err();
        assert!(err("[jpm]\nms = 60.0\n").contains("jpm: thresholds"), "{}", err("[jpm]\nms = 60.0\n"));
        assert!(
            err("[eselon_grades.\"III.b\"]\nlowest = \"III/x\"\nhighest = \"IV/a\"\n")
                .contains("eselon_grades.III.b.lowest")
        );
        assert!(
            err("[eselon_grades.\"III.z\"]\nlowest = \"III/c\"\nhighest = \"IV/a\"\n").contains("eselon_grades.III.z")
        );
        assert!(err("[jpm]\ncolour = 1\n").contains("colour"));
        assert!(
            err("[default_standards]\n\"fungsional/ahli_muda\" = 7\n")
                .contains("default_standards.fungsional/ahli_muda")
        );
        assert!(
            err("[appointment.\"jpt/pratama\"]\neducation = \"PhD\"\n").contains("appointment.jpt/pratama.education")
        );
        assert!(err("[eligibility]\nmin_rating = \"ok\"\n").contains("eligibility.min_rating"));
        assert!(err("[abk]\nej_b = 2.0\n").contains("abk"));
        assert!(err("jpm = [").starts_with("rules.toml: "));
    }
}
