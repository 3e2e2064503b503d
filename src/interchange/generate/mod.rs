//! The sample-data generator: realistic, synthetic and deterministic for a seed.
//!
//! `city` is Pemerintah Kota Binjai (BPS code 1276; domain.md §10): its perangkat daerah
//! and kecamatan, bidang/bagian with seksi/subbagian, kelurahan, puskesmas named after
//! them and schools, positions with real nomenclature (the reference lists under this
//! folder) and about 5 000 people. `province` is one province government of about
//! 60 000; `national` about 4.5 million across the 38 provinces and the 514 real
//! kabupaten and kota (`kabupaten-kota.csv`). `--employees N` scales any of them to
//! exactly N people. Every person is fictional.
//!
//! What fits where is data beside the code: the functional families of each perangkat
//! daerah (`names.rs`), the pelaksana posts of each kind of unit
//! (`pelaksana-fit.csv`), the degrees of each area (`degrees.csv`).

mod anjab;
mod names;
mod people;
mod reference;
mod rng;
mod tasks;

use std::collections::HashSet;

use crate::model::{
    Dataset, Date, Education, Eselon, Level, Position, PositionId, PositionKind, PositionSpec, Unit, UnitId,
};
use names::Agency;
use reference::{Degrees, Fit, Functional, Pelaksana, load_fit, load_references};
pub use rng::Rng;

/// Which shape of data to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum Preset {
    /// Pemerintah Kota Binjai, about 5 000 employees.
    City,
    /// One province government, about 60 000 employees.
    Province,
    /// 38 provinces and 514 regencies/cities, about 4.5 million employees.
    National,
}

impl Preset {
    /// The default number of employees.
    pub fn default_employees(self) -> u64 {
        match self {
            Preset::City => 5_000,
            Preset::Province => 60_000,
            Preset::National => 4_500_000,
        }
    }

    /// The preset whose shape suits `employees` when none is named.
    pub fn for_employees(employees: u64) -> Preset {
        match employees {
            0..20_000 => Preset::City,
            20_000..200_000 => Preset::Province,
            _ => Preset::National,
        }
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Shape.
    pub preset: Preset,
    /// Exact number of employees (default: the preset's).
    pub employees: Option<u64>,
    /// Seed; the same seed on the same day gives the same data.
    pub seed: u64,
    /// The day the sample is generated as of: ages, careers, ratings (up to the
    /// year before), assessments and penalties all lie relative to it, so a sample is
    /// as current on the day it is made as real data would be. Pinned by `--as-of`
    /// (tests pin it to keep their figures).
    pub as_of: Date,
}

/// Average employees per instansi in the national preset (4.5 M over 552).
const NATIONAL_AVERAGE: u64 = 8_150;

/// What the people generator needs to know about a position.
#[derive(Clone)]
struct Seat {
    position: PositionId,
    kind: PositionKind,
    level: Option<Level>,
    eselon: Option<Eselon>,
    /// The functional family or pelaksana name, which decides titles and education.
    family: String,
    /// Minimum education of a pelaksana position.
    education: Option<Education>,
    needed: u32,
    head: bool,
    /// The perangkat daerah the position lies in (the instansi's child above it, or
    /// the instansi itself for its own positions): a few of them slip in their ratings.
    office: UnitId,
}

/// Builds the structure, then fills it with people.
struct Generator {
    /// The day the sample is as of.
    as_of: Date,
    /// The seed, for what is drawn apart from the main sequence (each person's ratings).
    seed: u64,
    rng: Rng,
    data: Dataset,
    seats: Vec<Seat>,
    functional: Vec<Functional>,
    pelaksana: Vec<Pelaksana>,
    fit: Fit,
    degrees: Degrees,
    used_nips: HashSet<u64>,
    /// Positions made so far in each unit, for their codes.
    positions_per_unit: std::collections::HashMap<UnitId, u32>,
}

/// The tier of an instansi, which decides its names and eselon.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    Province,
    City,
    Regency,
}

/// Generates a dataset.
pub fn generate(options: Options) -> Dataset {
    let employees = options.employees.unwrap_or(options.preset.default_employees());
    let (functional, pelaksana) = load_references();
    // The table is part of the program (a test reads it): a post it names that the
    // list lacks is a mistake in the build, not in anyone's input.
    let fit = load_fit(&pelaksana).expect("pelaksana-fit.csv names only posts of jabatan-pelaksana.csv");
    let mut g = Generator {
        as_of: options.as_of,
        seed: options.seed,
        rng: Rng::new(options.seed),
        data: Dataset::default(),
        seats: Vec::new(),
        functional,
        pelaksana,
        fit,
        degrees: Degrees::load().expect("degrees.csv is well formed"),
        used_nips: HashSet::with_capacity(employees as usize),
        positions_per_unit: Default::default(),
    };
    let plan = instansi_plan(options.preset, employees, &mut g.rng);
    for (code, name, tier, target) in plan {
        g.instansi(&code, &name, tier, target);
    }
    g.fill(employees);
    people::careers(&mut g.data, options.seed);
    tasks::add_workloads(&mut g.data, options.seed, crate::rules::RuleSet::default().abk.effective_minutes);
    anjab::add_job_descriptions(&mut g.data);
    add_unor_ids(&mut g.data, options.seed);
    crate::interchange::validate::normalize_order(&mut g.data);
    g.data
}

/// SIASN's id for every unit, as SIASN writes them (32 hex digits in capitals), from a
/// generator of their own so that the rest of the sample is as before.
fn add_unor_ids(data: &mut Dataset, seed: u64) {
    let mut rng = Rng::new(seed ^ 0x5149_4153_4e55_4e4f);
    for u in &data.units {
        let id = format!("{:016X}{:016X}", rng.next_u64(), rng.next_u64());
        data.unor_ids.insert(u.code.clone(), id);
    }
}

/// The instansi to build, with their target headcounts summing to `employees`.
fn instansi_plan(preset: Preset, employees: u64, rng: &mut Rng) -> Vec<(String, String, Tier, u64)> {
    match preset {
        Preset::City => vec![("1276".into(), "Pemerintah Kota Binjai".into(), Tier::City, employees)],
        Preset::Province => vec![("12".into(), "Pemerintah Provinsi Sumatera Utara".into(), Tier::Province, employees)],
        Preset::National => {
            let count = (employees / NATIONAL_AVERAGE).clamp(1, 552) as usize;
            let mut list = Vec::new();
            for province in names::provinces() {
                // A province government employs the teachers of its SMA and SMK: the more
                // kabupaten and kota, the bigger it is. Java's regions are the most
                // populous, Papua's the least.
                let region = match province.code.as_bytes()[0] {
                    b'3' => 1.4,
                    b'9' => 0.6,
                    _ => 1.0,
                };
                let size = 1.0 + 0.12 * province.locals.len() as f64;
                list.push((
                    province.code.clone(),
                    format!("Pemerintah Provinsi {}", province.name),
                    Tier::Province,
                    size * region,
                ));
                for (code, name) in province.locals {
                    let tier = if name.starts_with("Kota ") { Tier::City } else { Tier::Regency };
                    let size = if tier == Tier::City { 0.5 + rng.unit() * 0.7 } else { 0.6 + rng.unit() * 0.9 };
                    list.push((code, format!("Pemerintah {name}"), tier, size * region));
                }
            }
            list.truncate(count);
            let weight: f64 = list.iter().map(|l| l.3).sum();
            let mut left = employees;
            let last = list.len() - 1;
            list.into_iter()
                .enumerate()
                .map(|(i, (code, name, tier, w))| {
                    let target = if i == last { left } else { ((employees as f64 * w / weight) as u64).min(left) };
                    left -= target;
                    (code, name, tier, target)
                })
                .collect()
        }
    }
}

/// The head's title for a perangkat daerah name.
fn head_title(agency: &str) -> String {
    match agency {
        "Inspektorat" => "Inspektur".into(),
        "Sekretariat DPRD" => "Sekretaris DPRD".into(),
        "Sekretariat Daerah" => "Sekretaris Daerah".into(),
        a if a.starts_with("RSUD") => format!("Direktur {a}"),
        a if a.starts_with("Inspektur Pembantu") || a.starts_with("Asisten") => a.to_string(),
        a if a.starts_with("Kelurahan") => "Lurah".into(),
        a if a.starts_with("Kecamatan") => "Camat".into(),
        a => format!("Kepala {a}"),
    }
}

impl Generator {
    fn unit(
        &mut self,
        parent: Option<UnitId>,
        code: String,
        name: String,
        kind: &str,
        eselon: Option<Eselon>,
    ) -> UnitId {
        let id = UnitId(self.data.units.len() as u32 + 1);
        self.data.units.push(Unit { id, code, parent, name, kind: kind.into(), eselon });
        id
    }

    fn code_of(&self, unit: UnitId) -> String {
        self.data.units[unit.0 as usize - 1].code.clone()
    }

    /// The unit below the root that `unit` lies in, or the root itself.
    fn office_of(&self, unit: UnitId) -> UnitId {
        let parent = |u: UnitId| self.data.units[u.0 as usize - 1].parent;
        let mut at = unit;
        while let Some(up) = parent(at).filter(|up| parent(*up).is_some()) {
            at = up;
        }
        at
    }

    fn child_code(&self, unit: UnitId, n: usize) -> String {
        format!("{}.{:02}", self.code_of(unit), n)
    }

    #[allow(clippy::too_many_arguments)]
    fn position(
        &mut self,
        unit: UnitId,
        name: String,
        kind: PositionKind,
        level: Option<Level>,
        eselon: Option<Eselon>,
        class: u8,
        needed: u32,
        head: bool,
        family: &str,
        education: Option<Education>,
    ) {
        let id = PositionId(self.data.positions.len() as u32 + 1);
        let unit_code = self.code_of(unit);
        let n = self.positions_per_unit.entry(unit).or_insert(0);
        *n += 1;
        let code = format!("{unit_code}-J{n:02}");
        self.data.positions.push(Position {
            id,
            code,
            unit,
            name,
            spec: PositionSpec { kind, level, eselon, class: Some(class), needed: Some(needed), head },
        });
        let office = self.office_of(unit);
        let family = family.into();
        self.seats.push(Seat { position: id, kind, level, eselon, family, education, needed, head, office });
    }

    fn head(&mut self, unit: UnitId, unit_name: &str, kind: PositionKind, eselon: Eselon) {
        let (level, class) = match eselon {
            Eselon::IA | Eselon::IB => (Some(Level::Madya), 16),
            Eselon::IIA => (Some(Level::Pratama), 15),
            Eselon::IIB => (Some(Level::Pratama), 14),
            Eselon::IIIA => (None, 12),
            Eselon::IIIB => (None, 11),
            Eselon::IVA => (None, 9),
            Eselon::IVB | Eselon::VA => (None, 8),
        };
        let level = if kind == PositionKind::Jpt { level } else { None };
        self.position(unit, head_title(unit_name), kind, level, Some(eselon), class, 1, true, "", None);
    }

    /// The pelaksana posts that fit `unit` besides those of every office: those of its
    /// places (its name or kind, and those of the units above it).
    fn fitting_posts(&self, unit: UnitId) -> Vec<usize> {
        let mut own = Vec::new();
        let mut at = Some(unit);
        while let Some(u) = at {
            let u = &self.data.units[u.0 as usize - 1];
            for place in [&u.name, &u.kind] {
                for &post in self.fit.by_place.get(place.as_str()).into_iter().flatten() {
                    if !own.contains(&post) {
                        own.push(post);
                    }
                }
            }
            at = u.parent;
        }
        own
    }

    /// One to `max` pelaksana positions, of posts that fit the unit: half of them of
    /// its own kind of work where it has one.
    fn staff(&mut self, unit: UnitId, max: u64) {
        let own = self.fitting_posts(unit);
        let mut named = Vec::new();
        for _ in 0..self.rng.range(1, max as i64) {
            let p = if !own.is_empty() && self.rng.below(2) == 0 {
                *self.rng.pick(&own)
            } else {
                *self.rng.pick(&self.fit.everywhere)
            };
            // A unit has each post once (two of a name would be one post's kebutuhan).
            if named.contains(&p) {
                continue;
            }
            named.push(p);
            let (name, education) = (self.pelaksana[p].name.clone(), self.pelaksana[p].education);
            let needed = self.rng.range(1, 3) as u32;
            let class = match education {
                Education::S1 => 7,
                Education::D3 => 6,
                _ => 5,
            };
            self.position(
                unit,
                name.clone(),
                PositionKind::Pelaksana,
                None,
                None,
                class,
                needed,
                false,
                &name,
                Some(education),
            );
        }
    }

    /// Functional positions of `family` at one to three adjacent levels.
    fn functional(&mut self, unit: UnitId, family: &str, scale: f64) {
        let matches: Vec<usize> =
            (0..self.functional.len()).filter(|i| self.functional[*i].name.eq_ignore_ascii_case(family)).collect();
        if matches.is_empty() {
            return;
        }
        let f = &self.functional[*self.rng.pick(&matches)];
        let (name, lo, hi) = (f.name.clone(), f.lowest, f.highest);
        // A family once in a unit (its positions are the last ones made).
        let placed = self.data.positions.iter().rev().take_while(|p| p.unit == unit);
        if placed.map(|p| crate::rules::eligibility::functional_family(&p.name)).any(|f| f.eq_ignore_ascii_case(&name))
        {
            return;
        }
        // Level enum order is high → low, so the range is hi..=lo.
        let levels: Vec<Level> =
            Level::ALL.iter().copied().filter(|l| *l >= hi && *l <= lo && l.fits(PositionKind::Fungsional)).collect();
        let take = self.rng.range(1, levels.len().min(3) as i64) as usize;
        // The most common levels are the lowest ones.
        for &level in levels.iter().rev().take(take) {
            let suffix = match level {
                Level::AhliUtama => "Ahli Utama",
                Level::AhliMadya => "Ahli Madya",
                Level::AhliMuda => "Ahli Muda",
                Level::AhliPertama => "Ahli Pertama",
                Level::Penyelia => "Penyelia",
                Level::Mahir => "Mahir",
                Level::Terampil => "Terampil",
                _ => "Pemula",
            };
            let class = match level {
                Level::AhliUtama => 14,
                Level::AhliMadya => 12,
                Level::AhliMuda => 10,
                Level::AhliPertama | Level::Penyelia => 8,
                Level::Mahir => 7,
                _ => 6,
            };
            let needed = ((self.rng.range(1, 3) as f64) * scale).round().max(1.0) as u32;
            self.position(
                unit,
                format!("{name} {suffix}"),
                PositionKind::Fungsional,
                Some(level),
                None,
                class,
                needed,
                false,
                &name,
                None,
            );
        }
    }

    /// A bidang/bagian with two or three seksi/subbagian.
    fn division(
        &mut self,
        parent: UnitId,
        n: usize,
        name: &str,
        eselon: Eselon,
        families: &[&str],
        scale: f64,
    ) -> UnitId {
        let code = self.child_code(parent, n);
        let kind = if name.starts_with("Bagian") {
            "bagian"
        } else if name.starts_with("Inspektur") {
            "irban"
        } else {
            "bidang"
        };
        let unit = self.unit(Some(parent), code, name.into(), kind, Some(eselon));
        self.head(unit, name, PositionKind::Administrator, eselon);
        let topic = name.trim_start_matches("Bidang ").trim_start_matches("Bagian ").to_string();
        let prefix = if kind == "bagian" { "Subbagian" } else { "Seksi" };
        let sections = self.rng.range(2, 3) as usize;
        // Not "Seksi Pelayanan Pelayanan Kesehatan": no verb the topic begins with.
        let verbs: Vec<&str> = names::SECTION_VERBS.iter().copied().filter(|v| !topic.starts_with(v)).collect();
        for s in 0..sections {
            let verb = verbs[(s + n) % verbs.len()];
            let sname = format!("{prefix} {verb} {topic}");
            let code = self.child_code(unit, s + 1);
            let sub = self.unit(Some(unit), code, sname.clone(), &prefix.to_lowercase(), Some(Eselon::IVA));
            self.head(sub, &sname, PositionKind::Pengawas, Eselon::IVA);
            self.staff(sub, 2);
        }
        for family in families.iter().take(2) {
            self.functional(unit, family, scale);
        }
        unit
    }

    fn secretariat(&mut self, parent: UnitId, n: usize) {
        let code = self.child_code(parent, n);
        let unit = self.unit(Some(parent), code, "Sekretariat".into(), "sekretariat", Some(Eselon::IIIA));
        self.position(
            unit,
            "Sekretaris".into(),
            PositionKind::Administrator,
            None,
            Some(Eselon::IIIA),
            12,
            1,
            true,
            "",
            None,
        );
        for (i, name) in ["Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Subbagian Program dan Pelaporan"]
            .iter()
            .enumerate()
        {
            let code = self.child_code(unit, i + 1);
            let sub = self.unit(Some(unit), code, name.to_string(), "subbagian", Some(Eselon::IVA));
            self.head(sub, name, PositionKind::Pengawas, Eselon::IVA);
            self.staff(sub, 3);
        }
        self.functional(unit, "Analis Sumber Daya Manusia Aparatur", 1.0);
        self.functional(unit, "Arsiparis", 1.0);
    }

    fn instansi(&mut self, code: &str, name: &str, tier: Tier, target: u64) {
        let root = self.unit(None, code.into(), name.into(), "instansi", None);
        let start_needed: u64 = self.seats.iter().map(|s| s.needed as u64).sum();
        let (sekda_eselon, pd_eselon) =
            if tier == Tier::Province { (Eselon::IB, Eselon::IIA) } else { (Eselon::IIA, Eselon::IIB) };

        let setda = self.unit(
            Some(root),
            self.child_code(root, 1),
            "Sekretariat Daerah".into(),
            "sekretariat daerah",
            Some(sekda_eselon),
        );
        self.head(setda, "Sekretariat Daerah", PositionKind::Jpt, sekda_eselon);
        for (a, (assistant, parts)) in names::SETDA_ASSISTANTS.iter().enumerate() {
            let unit = self.unit(
                Some(setda),
                self.child_code(setda, a + 1),
                assistant.to_string(),
                "asisten",
                Some(pd_eselon),
            );
            self.head(unit, assistant, PositionKind::Jpt, pd_eselon);
            for (b, part) in parts.iter().enumerate() {
                let part = if tier == Tier::Province { part.replacen("Bagian", "Biro", 1) } else { part.to_string() };
                let eselon = if tier == Tier::Province { Eselon::IIB } else { Eselon::IIIA };
                if tier == Tier::Province {
                    let biro = self.unit(Some(unit), self.child_code(unit, b + 1), part.clone(), "biro", Some(eselon));
                    self.head(biro, &part, PositionKind::Jpt, eselon);
                    for (k, sub) in ["Bagian Perencanaan", "Bagian Pelaksanaan", "Bagian Evaluasi"].iter().enumerate() {
                        self.division(
                            biro,
                            k + 1,
                            &format!("{sub} {}", part.trim_start_matches("Biro ")),
                            Eselon::IIIA,
                            names::GENERAL_FUNCTIONAL,
                            1.0,
                        );
                    }
                } else {
                    self.division(unit, b + 1, &part, eselon, &["Analis Kebijakan"], 1.0);
                }
            }
        }

        let mut schools_parent = None;
        let mut health_parent = None;
        let mut n = 1;
        for agency in names::CITY_AGENCIES {
            n += 1;
            let pd = self.agency(root, n, agency, pd_eselon, tier);
            if agency.name == "Dinas Pendidikan" {
                schools_parent = Some(pd);
            } else if agency.name == "Dinas Kesehatan" {
                health_parent = Some(pd);
            }
        }
        if tier != Tier::Province {
            self.kecamatan(root, &mut n);
        }
        // Schools and health centres take the rest of the target headcount.
        let fixed: u64 = self.seats.iter().map(|s| s.needed as u64).sum::<u64>() - start_needed;
        let rest = (target as f64 * 1.04 - fixed as f64).max(0.0);
        if let Some(parent) = schools_parent {
            self.schools(parent, rest * 0.78, tier);
        }
        if let Some(parent) = health_parent {
            self.health_centres(parent, rest * 0.22, tier);
        }
    }

    fn agency(&mut self, root: UnitId, n: usize, agency: &Agency, eselon: Eselon, tier: Tier) -> UnitId {
        let name =
            if tier == Tier::Province && agency.name.starts_with("RSUD") { "RSUD Haji Provinsi" } else { agency.name };
        let pd = self.unit(Some(root), self.child_code(root, n), name.into(), agency.kind, Some(eselon));
        self.head(pd, name, PositionKind::Jpt, eselon);
        let has_secretariat = !matches!(agency.kind, "rsud") && agency.name != "Sekretariat DPRD";
        let mut k = 1;
        if has_secretariat {
            self.secretariat(pd, k);
            k += 1;
        }
        let scale = if agency.kind == "rsud" { 6.0 } else { 1.0 };
        for (d, division) in agency.divisions.iter().enumerate() {
            let families: Vec<&str> = agency.functional.iter().cycle().skip(d).take(2).copied().collect();
            self.division(pd, k, division, Eselon::IIIB, &families, scale);
            k += 1;
        }
        pd
    }

    fn kecamatan(&mut self, root: UnitId, n: &mut usize) {
        let list: Vec<(String, Vec<String>)> = if let Some(real) = names::real_kecamatan(&self.code_of(root)) {
            real.iter().map(|(k, ls)| (k.to_string(), ls.iter().map(|l| l.to_string()).collect())).collect()
        } else {
            (0..self.rng.range(5, 12))
                .map(|_| {
                    let k = format!("{} {}", self.rng.pick(names::PLACE_FIRST), self.rng.pick(names::PLACE_SECOND));
                    let ls = (0..self.rng.range(3, 8))
                        .map(|_| {
                            format!("{} {}", self.rng.pick(names::PLACE_FIRST), self.rng.pick(names::PLACE_SECOND))
                        })
                        .collect();
                    (k, ls)
                })
                .collect()
        };
        for (kname, kelurahan) in list {
            *n += 1;
            let name = format!("Kecamatan {kname}");
            let kec = self.unit(Some(root), self.child_code(root, *n), name.clone(), "kecamatan", Some(Eselon::IIIA));
            self.head(kec, &name, PositionKind::Administrator, Eselon::IIIA);
            let sek = self.unit(
                Some(kec),
                self.child_code(kec, 1),
                "Sekretariat Kecamatan".into(),
                "sekretariat",
                Some(Eselon::IIIB),
            );
            self.position(
                sek,
                "Sekretaris Camat".into(),
                PositionKind::Administrator,
                None,
                Some(Eselon::IIIB),
                11,
                1,
                true,
                "",
                None,
            );
            self.staff(sek, 3);
            for (s, sname) in [
                "Seksi Pemerintahan",
                "Seksi Ketenteraman dan Ketertiban Umum",
                "Seksi Pemberdayaan Masyarakat",
                "Seksi Kesejahteraan Sosial",
            ]
            .iter()
            .enumerate()
            {
                let sub =
                    self.unit(Some(kec), self.child_code(kec, s + 2), sname.to_string(), "seksi", Some(Eselon::IVA));
                self.head(sub, sname, PositionKind::Pengawas, Eselon::IVA);
                self.staff(sub, 2);
            }
            for (l, lname) in kelurahan.iter().enumerate() {
                let name = format!("Kelurahan {lname}");
                let kel =
                    self.unit(Some(kec), self.child_code(kec, l + 6), name.clone(), "kelurahan", Some(Eselon::IVA));
                self.head(kel, &name, PositionKind::Pengawas, Eselon::IVA);
                self.position(
                    kel,
                    "Sekretaris Kelurahan".into(),
                    PositionKind::Pengawas,
                    None,
                    Some(Eselon::IVB),
                    8,
                    1,
                    false,
                    "",
                    None,
                );
                self.staff(kel, 3);
            }
        }
    }

    /// Schools under the education office until their kebutuhan reaches `needed`.
    fn schools(&mut self, dinas: UnitId, needed: f64, tier: Tier) {
        let kinds: &[(&str, u64)] = if tier == Tier::Province {
            &[("SMA Negeri", 3), ("SMK Negeri", 2)]
        } else {
            &[("SD Negeri", 4), ("SMP Negeri", 1)]
        };
        let code = self.child_code(dinas, 90);
        let upt = self.unit(Some(dinas), code, "Satuan Pendidikan".into(), "satuan pendidikan", None);
        let mut total = 0.0;
        let mut count = [0usize; 2];
        let mut i = 0;
        while total < needed {
            let which = usize::from(self.rng.below(kinds[0].1 + kinds[1].1) >= kinds[0].1);
            count[which] += 1;
            i += 1;
            // SD in Sumatera Utara are numbered in six digits (SD Negeri 020257).
            let number = if which == 0 && tier != Tier::Province {
                format!("{:06}", 20_000 + count[which] * 7 % 9000 + count[which])
            } else {
                count[which].to_string()
            };
            let name = format!("{} {number}", kinds[which].0);
            let school = self.unit(Some(upt), self.child_code(upt, i), name, "sekolah", None);
            let first = self.seats.len();
            let size = 0.7 + self.rng.unit() * 0.9;
            for (level, base, class) in
                [(Level::AhliPertama, 6.0, 8), (Level::AhliMuda, 5.0, 10), (Level::AhliMadya, 3.0, 12)]
            {
                let n = (base * size).round().max(1.0) as u32;
                let suffix = match level {
                    Level::AhliPertama => "Ahli Pertama",
                    Level::AhliMuda => "Ahli Muda",
                    _ => "Ahli Madya",
                };
                self.position(
                    school,
                    format!("Guru {suffix}"),
                    PositionKind::Fungsional,
                    Some(level),
                    None,
                    class,
                    n,
                    false,
                    "Guru",
                    None,
                );
            }
            self.position(
                school,
                "Pengadministrasi Perkantoran".into(),
                PositionKind::Pelaksana,
                None,
                None,
                5,
                2,
                false,
                "Pengadministrasi Perkantoran",
                Some(Education::Sma),
            );
            total += self.seats[first..].iter().map(|s| s.needed as f64).sum::<f64>();
        }
    }

    /// Health centres (puskesmas; a laboratory for a province) until `needed` is reached.
    fn health_centres(&mut self, dinas: UnitId, needed: f64, tier: Tier) {
        // Where the kelurahan are real (Binjai's), the puskesmas bear their names, as
        // real ones do.
        let root = self.data.units[dinas.0 as usize - 1].parent.map(|root| self.code_of(root)).unwrap_or_default();
        let kelurahan: Vec<&str> =
            names::real_kecamatan(&root).into_iter().flatten().flat_map(|(_, ls)| ls.iter().copied()).collect();
        let mut total = 0.0;
        let mut i = 0;
        while total < needed {
            i += 1;
            let name = if tier == Tier::Province {
                format!("UPT Laboratorium Kesehatan Daerah {i}")
            } else if i <= kelurahan.len() {
                // Every fifth, so that they spread over the kecamatan.
                format!("UPT Puskesmas {}", kelurahan[(i - 1) * 5 % kelurahan.len()])
            } else {
                format!("UPT Puskesmas {} {}", self.rng.pick(names::PLACE_FIRST), self.rng.pick(names::PLACE_SECOND))
            };
            let unit =
                self.unit(Some(dinas), self.child_code(dinas, 50 + i), name.clone(), "puskesmas", Some(Eselon::IVA));
            self.position(
                unit,
                format!("Kepala {name}"),
                PositionKind::Pengawas,
                None,
                Some(Eselon::IVA),
                9,
                1,
                true,
                "",
                None,
            );
            let first = self.seats.len();
            for family in [
                "Dokter",
                "Perawat",
                "Bidan",
                "Apoteker",
                "Pranata Laboratorium Kesehatan",
                "Tenaga Sanitasi Lingkungan",
            ] {
                let scale = match family {
                    "Perawat" | "Bidan" => 3.0,
                    "Dokter" => 1.5,
                    _ => 1.0,
                };
                self.functional(unit, family, scale);
            }
            self.staff(unit, 2);
            total += self.seats[first..].iter().map(|s| s.needed as f64).sum::<f64>() + 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::from_ymd(2026, 7, 1).unwrap()
    }

    #[test]
    fn samples_are_as_current_as_the_day_they_are_made() {
        // Regression: the generator was pinned to 2026-07-01 and wrote no rating after
        // 2025, so from 2027 on every sample person failed the two-year rating rule.
        for year in [2027, 2031] {
            let as_of = Date::from_ymd(year, 3, 15).unwrap();
            let data = generate(Options { preset: Preset::City, employees: Some(400), seed: 3, as_of });
            let latest = data.ratings.values().flatten().map(|r| i32::from(r.year)).max().unwrap();
            assert_eq!(latest, year - 1, "ratings reach last year");
            let rated_last_two = data
                .ratings
                .values()
                .filter(|r| r.iter().filter(|r| i32::from(r.year) >= year - 2).count() == 2)
                .count();
            assert!(rated_last_two * 10 > data.employees.len() * 8, "most people have both last two ratings");
            let newest_assessment = data.assessments.values().flatten().filter_map(|a| a.assessed_on).max().unwrap();
            assert!(newest_assessment < as_of && newest_assessment.year() >= year - 2, "{newest_assessment}");
            assert!(data.employees.iter().all(|e| e.birth_date().years_until(as_of) >= 18));
        }
    }

    #[test]
    fn ratings_cover_five_years_keep_to_a_person_and_slip_in_a_few_offices() {
        use crate::rules::monitoring::step;
        let data = generate(Options { preset: Preset::City, employees: None, seed: 1, as_of: day() });
        let years: std::collections::BTreeSet<u16> = data.ratings.values().flatten().map(|r| r.year).collect();
        assert_eq!(years.into_iter().collect::<Vec<_>>(), [2021, 2022, 2023, 2024, 2025]);
        // Most years a person gets their usual predikat: falls of two steps are rare.
        let pairs: Vec<(usize, usize)> =
            data.ratings.values().flat_map(|r| r.windows(2).map(|w| (step(w[0].rating), step(w[1].rating)))).collect();
        let same = pairs.iter().filter(|(a, b)| a == b).count();
        let fell_two = pairs.iter().filter(|(a, b)| *b >= a + 2).count();
        assert!(same * 10 > pairs.len() * 6 && fell_two * 50 < pairs.len(), "{same} {fell_two} of {}", pairs.len());
        // Each perangkat daerah's share at least baik, first year against last: a few
        // fall by ten points or more, most hold.
        let office: std::collections::HashMap<PositionId, UnitId> = {
            let parent: std::collections::HashMap<UnitId, Option<UnitId>> =
                data.units.iter().map(|u| (u.id, u.parent)).collect();
            data.positions
                .iter()
                .map(|p| {
                    let mut at = p.unit;
                    while let Some(up) = parent[&at].filter(|up| parent[up].is_some()) {
                        at = up;
                    }
                    (p.id, at)
                })
                .collect()
        };
        let mut shares: std::collections::HashMap<UnitId, [(u32, u32); 2]> = Default::default();
        for e in &data.employees {
            let (Some(p), Some(ratings)) = (e.position, data.ratings.get(&e.nip)) else { continue };
            for r in ratings.iter().filter(|r| r.year == 2021 || r.year == 2025) {
                let slot = &mut shares.entry(office[&p]).or_default()[usize::from(r.year == 2025)];
                slot.1 += 1;
                slot.0 += u32::from(step(r.rating) <= 1);
            }
        }
        let falls: Vec<f64> = shares
            .values()
            .filter(|[a, b]| a.1 >= 30 && b.1 >= 30)
            .map(|[a, b]| f64::from(a.0) / f64::from(a.1) - f64::from(b.0) / f64::from(b.1))
            .collect();
        let slipping = falls.iter().filter(|f| **f >= 0.10).count();
        assert!(slipping >= 1 && slipping * 3 < falls.len(), "{slipping} of {} offices slip: {falls:?}", falls.len());
    }

    #[test]
    fn the_national_preset_is_every_real_kabupaten_and_kota_once_under_its_province() {
        let plan = instansi_plan(Preset::National, 4_500_000, &mut Rng::new(1));
        assert_eq!(plan.len(), 552);
        let provinces: Vec<&(String, String, Tier, u64)> = plan.iter().filter(|p| p.2 == Tier::Province).collect();
        assert_eq!(provinces.len(), 38);
        let locals: std::collections::HashSet<&str> =
            plan.iter().filter(|p| p.2 != Tier::Province).map(|p| p.1.as_str()).collect();
        assert_eq!(locals.len(), 514, "514 distinct names");
        // Each follows its own province (by the table's province code), and the new
        // Papua provinces hold what the 2022 laws gave them.
        let table: std::collections::HashMap<String, String> = names::provinces()
            .into_iter()
            .flat_map(|p| p.locals.into_iter().map(move |(c, _)| (c, p.code.clone())))
            .collect();
        let mut current = "";
        for (code, name, tier, employees) in &plan {
            assert!(*employees > 500, "{name}: {employees}");
            if *tier == Tier::Province {
                current = code;
            } else {
                assert_eq!(table[code], current, "{name} ({code}) under province {current}");
                assert_eq!(*tier == Tier::City, name.starts_with("Pemerintah Kota "), "{name}");
            }
        }
        let in_province = |code: &str| -> Vec<String> {
            let mut names: Vec<String> = plan
                .iter()
                .filter(|p| p.2 != Tier::Province && table[&p.0] == code)
                .map(|p| p.1.trim_start_matches("Pemerintah ").to_string())
                .collect();
            names.sort();
            names
        };
        assert_eq!(
            in_province("95"),
            ["Kabupaten Asmat", "Kabupaten Boven Digoel", "Kabupaten Mappi", "Kabupaten Merauke"]
        );
        assert_eq!(in_province("92").len(), 6);
        assert!(plan.iter().any(|p| p.0 == "1276" && p.1 == "Pemerintah Kota Binjai" && p.2 == Tier::City));
        assert!(plan.iter().any(|p| p.0 == "1275" && p.1 == "Pemerintah Kota Medan"));
        // Sizes: a province bigger than most of its kabupaten, Java's bigger than Papua's.
        let size = |code: &str| plan.iter().find(|p| p.0 == code).map(|p| p.3).unwrap();
        assert!(size("35") > 3 * size("94"), "Jawa Timur {} against Papua {}", size("35"), size("94"));
    }

    #[test]
    fn the_embedded_list_is_the_reference_one_with_papua_since_2022() {
        // The reference sits beside the repository on the machines it was written on;
        // a clone without it has only the embedded copy to go by.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/reference/kabupaten-kota.csv");
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("SKIPPED the comparison with {path}: not on this machine");
            return;
        };
        let reference: std::collections::BTreeSet<(String, String)> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .flatten()
            .map(|r| (r[0].to_string(), r[3].to_string()))
            .collect();
        let ours: std::collections::BTreeSet<(String, String)> =
            names::provinces().into_iter().flat_map(|p| p.locals).collect();
        assert_eq!(ours, reference);
    }

    #[test]
    fn posts_fit_their_units_and_no_post_of_a_ministry_without_regional_offices_appears() {
        let (_, pelaksana) = load_references();
        let fit = load_fit(&pelaksana).unwrap();
        Degrees::load().unwrap();
        let fitting: std::collections::HashSet<&str> =
            fit.everywhere.iter().chain(fit.by_place.values().flatten()).map(|i| pelaksana[*i].name.as_str()).collect();
        // The families the reference says a ministry without regional units oversees.
        let central = [
            "Badan Intilijen Negara (BIN)",
            "Kejaksaan Agung",
            "Kementerian Pertahanan",
            "Kementerian Luar Negeri",
            "Mahkamah Agung RI",
            "Kementerian Hukum dan HAM",
            "Badan Karantina Indonesia",
            "Komisi Pemberantasan Korupsi",
            "Sekretariat Jenderal DPR RI",
        ];
        let mut reader = csv::Reader::from_reader(include_str!("jabatan-fungsional.csv").as_bytes());
        let supervisor: std::collections::HashMap<String, String> =
            reader.records().flatten().map(|r| (r[0].to_lowercase(), r[5].to_string())).collect();
        for preset in [Preset::City, Preset::Province] {
            let data = generate(Options { preset, employees: Some(6_000), seed: 4, as_of: day() });
            for p in &data.positions {
                match p.spec.kind {
                    PositionKind::Pelaksana => assert!(fitting.contains(p.name.as_str()), "{preset:?}: {}", p.name),
                    PositionKind::Fungsional => {
                        let family = [
                            "Ahli Utama",
                            "Ahli Madya",
                            "Ahli Muda",
                            "Ahli Pertama",
                            "Penyelia",
                            "Mahir",
                            "Terampil",
                            "Pemula",
                        ]
                        .iter()
                        .find_map(|l| p.name.strip_suffix(&format!(" {l}")))
                        .unwrap_or(&p.name)
                        .to_lowercase();
                        let agency =
                            supervisor.get(&family).unwrap_or_else(|| panic!("{}: not in the reference", p.name));
                        assert!(!central.contains(&agency.as_str()), "{preset:?}: {} ({agency})", p.name);
                    }
                    _ => {}
                }
            }
            for u in &data.units {
                let words: Vec<&str> = u.name.split(' ').collect();
                assert!(words.windows(2).all(|w| w[0] != w[1]), "{preset:?}: {}", u.name);
            }
            for never in ["Pilot", "Juru Cuci Kapal", "Nakhoda", "Penelaah Teknis Intelijen"] {
                assert!(data.positions.iter().all(|p| p.name != never), "{preset:?}: {never}");
            }
        }
    }

    #[test]
    fn same_seed_same_day_same_data_other_seed_other_data() {
        let a = generate(Options { preset: Preset::City, employees: Some(800), seed: 7, as_of: day() });
        let b = generate(Options { preset: Preset::City, employees: Some(800), seed: 7, as_of: day() });
        let c = generate(Options { preset: Preset::City, employees: Some(800), seed: 8, as_of: day() });
        assert_eq!(a, b);
        assert_ne!(a.employees, c.employees);
        assert_eq!(a.employees.len(), 800);
    }
}
