//! Filling the generated structure with fictional people whose NIP, age, grade,
//! education, ratings, assessments and penalties fit their positions.

use super::{Generator, Rng, Seat, names};
use crate::model::{
    Assessment, Competency, CreditPoints, Date, Education, Employee, EmploymentStatus, Eselon, Grade, GradeStep, Level,
    Nip, Penalty, PositionKind, Rating, RatingLevel, Severity, Sex, StandardEntry, Training, UnitId,
};

/// PNS grades low → high as BKN numbers.
const GRADES: [u8; 17] = [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45];

fn grade_index(code: u8) -> usize {
    GRADES.iter().position(|g| *g == code).expect("a PNS grade")
}

/// The usual grade range (lowest, highest) of a seat.
fn grade_range(seat: &Seat, education: Education) -> (u8, u8) {
    match (seat.kind, seat.level, seat.eselon) {
        (PositionKind::Jpt, Some(Level::Utama | Level::Madya), _) => (44, 45),
        (PositionKind::Jpt, _, Some(Eselon::IIA | Eselon::IA | Eselon::IB)) => (43, 44),
        (PositionKind::Jpt, _, _) => (42, 43),
        (PositionKind::Administrator, _, Some(Eselon::IIIA)) => (41, 42),
        (PositionKind::Administrator, _, _) => (34, 41),
        (PositionKind::Pengawas, _, Some(Eselon::IVB)) => (32, 33),
        (PositionKind::Pengawas, _, _) => (33, 34),
        (PositionKind::Fungsional, Some(level), _) => match level {
            Level::AhliUtama => (44, 45),
            Level::AhliMadya => (41, 43),
            Level::AhliMuda => (33, 34),
            Level::AhliPertama => (31, 32),
            Level::Penyelia => (33, 34),
            Level::Mahir => (31, 32),
            Level::Terampil => (22, 24),
            _ => (21, 21),
        },
        _ => match education {
            Education::S1 | Education::D4 | Education::S2 => (31, 33),
            Education::D3 => (23, 32),
            Education::Sma => (21, 24),
            _ => (13, 22),
        },
    }
}

/// The grade a PNS enters with for an education level.
fn entry_grade(education: Education) -> u8 {
    match education {
        Education::Sd | Education::Smp => 12,
        Education::Sma | Education::D1 | Education::D2 => 21,
        Education::D3 => 23,
        // Most holders of a master's degree earned it in service and entered with S1.
        Education::D4 | Education::S1 | Education::S2 | Education::S3 => 31,
        _ => 32,
    }
}

/// The default required competency level of a seat (domain.md §5), used to place
/// assessed levels around it.
fn typical_level(seat: &Seat) -> u8 {
    match (seat.kind, seat.level) {
        (PositionKind::Jpt, Some(Level::Pratama)) => 4,
        (PositionKind::Jpt, _) => 5,
        (PositionKind::Administrator, _) => 3,
        (PositionKind::Pengawas, _) => 2,
        (PositionKind::Fungsional, Some(Level::AhliUtama)) => 4,
        (PositionKind::Fungsional, Some(Level::AhliMadya)) => 3,
        (PositionKind::Fungsional, Some(Level::AhliMuda | Level::Penyelia)) => 2,
        _ => 1,
    }
}

/// The years of service before a post: a head after the years in feeding posts the
/// rules ask (pengawas 4, administrator 4 more as pengawas, JPT 5 more), others none.
fn years_before_post(seat: &Seat) -> i32 {
    match seat.kind {
        PositionKind::Pengawas => 4,
        PositionKind::Administrator => 8,
        PositionKind::Jpt => 13,
        _ => 0,
    }
}

/// The year a PPPK contract began, for PPPK people: the first intake (2019) up to
/// `last_year`.
fn pppk_start_year(pppk: bool, last_year: i64, rng: &mut super::Rng) -> Option<i32> {
    pppk.then(|| rng.range(2019.min(last_year), last_year) as i32)
}

impl Generator {
    /// Places exactly `employees` people: most in positions (some vacant, some
    /// over-filled), a few not yet placed.
    pub(super) fn fill(&mut self, employees: u64) {
        let unplaced = employees / 500;
        let placed = employees - unplaced;
        let needed: u64 = self.seats.iter().map(|s| s.needed as u64).sum();
        let ratio = placed as f64 / needed.max(1) as f64;
        let mut holders: Vec<u64> = Vec::with_capacity(self.seats.len());
        for s in &self.seats {
            let mut n = self.rng.round(s.needed as f64 * ratio);
            if self.rng.chance(0.09) {
                n = 0; // vacant: waiting for a promotion or a transfer
            } else if !s.head && self.rng.chance(0.06) {
                n += self.rng.range(1, 2) as u64; // over-filled
            }
            holders.push(if s.head { n.min(1) } else { n });
        }
        // Bring the total to exactly `placed` by adding to or taking from non-head seats.
        let open: Vec<usize> = (0..self.seats.len()).filter(|i| !self.seats[*i].head).collect();
        let mut total: u64 = holders.iter().sum();
        while total < placed && !open.is_empty() {
            let i = *self.rng.pick(&open);
            holders[i] += 1;
            total += 1;
        }
        let mut guard = 0u64;
        while total > placed && guard < 100 * placed.max(1000) {
            guard += 1;
            let i = *self.rng.pick(&open);
            if holders[i] > 0 {
                holders[i] -= 1;
                total -= 1;
            }
        }
        // Heads too, if there were only heads.
        for h in holders.iter_mut() {
            if total > placed && *h > 0 {
                *h -= 1;
                total -= 1;
            }
        }
        self.data.employees.reserve(employees as usize);
        for (i, n) in holders.into_iter().enumerate() {
            let seat = self.seats[i].clone();
            if n > 0 && seat.head && self.rng.chance(0.25) {
                self.standard(&seat);
            }
            for _ in 0..n {
                self.person(Some(&seat));
            }
        }
        for _ in 0..employees - total {
            self.person(None);
        }
    }

    /// A competency standard stored on the position: the defaults plus a technical one.
    fn standard(&mut self, seat: &Seat) {
        let level = typical_level(seat);
        let mut list: Vec<StandardEntry> =
            Competency::STANDARD_SET.iter().map(|c| StandardEntry { competency: c.clone(), level }).collect();
        list.push(StandardEntry {
            competency: Competency::Teknis("manajemen_pemerintahan".into()),
            level: level.min(4),
        });
        self.data.standards.insert(seat.position, list);
    }

    fn education_for(&mut self, seat: Option<&Seat>) -> Education {
        let r = self.rng.unit();
        let Some(seat) = seat else { return if r < 0.5 { Education::S1 } else { Education::Sma } };
        match seat.kind {
            PositionKind::Jpt => {
                if r < 0.05 {
                    Education::S3
                } else if r < 0.75 {
                    Education::S2
                } else {
                    Education::S1
                }
            }
            PositionKind::Administrator => {
                if r < 0.45 {
                    Education::S2
                } else {
                    Education::S1
                }
            }
            PositionKind::Pengawas => {
                if r < 0.15 {
                    Education::S2
                } else if r < 0.85 {
                    Education::S1
                } else {
                    Education::D3
                }
            }
            PositionKind::Pelaksana => match seat.education.unwrap_or(Education::Sma) {
                Education::S1 => {
                    if r < 0.9 {
                        Education::S1
                    } else {
                        Education::S2
                    }
                }
                Education::D3 => {
                    if r < 0.7 {
                        Education::D3
                    } else {
                        Education::S1
                    }
                }
                _ => {
                    if r < 0.6 {
                        Education::Sma
                    } else if r < 0.8 {
                        Education::D3
                    } else {
                        Education::S1
                    }
                }
            },
            PositionKind::Fungsional => {
                let expert = matches!(
                    seat.level,
                    Some(Level::AhliPertama | Level::AhliMuda | Level::AhliMadya | Level::AhliUtama)
                );
                match (seat.family.as_str(), expert) {
                    ("Dokter", _) => {
                        if r < 0.25 && seat.level != Some(Level::AhliPertama) {
                            Education::Spesialis
                        } else {
                            Education::Profesi
                        }
                    }
                    ("Apoteker", _) => Education::Profesi,
                    ("Perawat", true) => {
                        if r < 0.6 {
                            Education::Profesi
                        } else {
                            Education::S1
                        }
                    }
                    ("Bidan", true) => {
                        if r < 0.5 {
                            Education::D4
                        } else {
                            Education::S1
                        }
                    }
                    ("Guru", _) => {
                        if r < 0.1 {
                            Education::S2
                        } else {
                            Education::S1
                        }
                    }
                    (_, true) => {
                        if r < 0.25 {
                            Education::S2
                        } else {
                            Education::S1
                        }
                    }
                    (_, false) => {
                        if seat.level == Some(Level::Pemula) || r < 0.15 {
                            Education::Sma
                        } else {
                            Education::D3
                        }
                    }
                }
            }
        }
    }

    /// A name with the titles of `education` in the area of `seat` (its functional
    /// family, else the perangkat daerah it lies in: degrees.csv).
    fn name_for(&mut self, sex: Sex, education: Education, seat: Option<&Seat>) -> String {
        let family = seat.map_or("", |s| s.family.as_str());
        let office = seat.map_or("", |s| self.data.units[s.office.0 as usize - 1].name.as_str());
        // Fields borrowed apart: the table and the units are read while the generator
        // draws, with nothing copied for each of millions of people.
        let (bachelors, masters) = self.degrees.of(&[family, office]);
        let given = if sex == Sex::Male { names::GIVEN_MALE } else { names::GIVEN_FEMALE };
        let mut name = self.rng.pick(given).to_string();
        if self.rng.chance(0.3) {
            let second = self.rng.pick::<&str>(given);
            if !name.contains(second) {
                name.push(' ');
                name.push_str(second);
            }
        }
        if self.rng.chance(0.8) {
            name.push(' ');
            name.push_str(self.rng.pick::<&str>(names::FAMILY));
        }
        let s1 = self.rng.pick(bachelors);
        match (education, family) {
            (Education::Profesi | Education::Spesialis, "Dokter") => {
                let sp = if education == Education::Spesialis {
                    *self.rng.pick(&[", Sp.PD.", ", Sp.A.", ", Sp.OG.", ", Sp.B."])
                } else {
                    ""
                };
                format!("dr. {name}{sp}")
            }
            (Education::Profesi, "Perawat") => format!("{name}, S.Kep., Ns."),
            (Education::Profesi, _) => format!("{name}, S.Farm., Apt."),
            (Education::D3, "Perawat") => format!("{name}, A.Md.Kep."),
            (Education::D3, "Bidan") => format!("{name}, A.Md.Keb."),
            (Education::D3, _) => format!("{name}, A.Md."),
            (Education::D4 | Education::S1, _) => format!("{name}, {s1}"),
            (Education::S2, _) => format!("{name}, {s1}, {}", self.rng.pick(masters)),
            (Education::S3, _) => format!("Dr. {name}, {s1}, {}", self.rng.pick(masters)),
            _ => name,
        }
    }

    /// A NIP not used yet.
    fn nip(&mut self, birth: Date, year: i32, month: Option<u32>, sex: Sex) -> Nip {
        let middle = match month {
            Some(m) => format!("{year:04}{m:02}"),
            None => format!("{year:04}21"),
        };
        let sex_digit = if sex == Sex::Male { 1 } else { 2 };
        let stem = format!("{:04}{:02}{:02}{middle}{sex_digit}", birth.year(), birth.month(), birth.day());
        let stem: u64 = stem.parse().expect("digits");
        let start = self.rng.range(1, 40) as u64;
        for seq in (start..=999).chain(1..start) {
            let n = stem * 1000 + seq;
            if self.used_nips.insert(n) {
                return Nip::from_u64(n).expect("generated NIPs are valid");
            }
        }
        // Every sequence of this stem is taken: try the next day of birth.
        let next = Date::from_days_since_epoch(birth.days_since_epoch() + 1).expect("in range");
        self.nip(next, year, month, sex)
    }

    fn person(&mut self, seat: Option<&Seat>) {
        let today = self.as_of;
        let family = seat.map(|s| s.family.clone()).unwrap_or_default();
        let education = self.education_for(seat);
        let sex = if self.rng.chance(match family.as_str() {
            "Bidan" => 1.0,
            "Perawat" | "Guru" => 0.7,
            _ => 0.45,
        }) {
            Sex::Female
        } else {
            Sex::Male
        };
        let pppk = seat.is_some_and(|s| {
            s.kind == PositionKind::Fungsional
                && matches!(family.as_str(), "Guru" | "Perawat" | "Bidan")
                && self.rng.chance(0.25)
                || s.kind == PositionKind::Pelaksana && self.rng.chance(0.05)
        });
        let (lo, hi) = match seat {
            Some(s) => grade_range(s, education),
            None => (31, 32),
        };
        let mut gi = self.rng.range(grade_index(lo) as i64, grade_index(hi) as i64) as usize;
        if gi > 0 && seat.is_some_and(|s| s.eselon.is_some()) && self.rng.chance(0.05) {
            gi -= 1; // one below the eselon's lowest: allowed by PP 100/2000
        }
        let entry = grade_index(entry_grade(education)).min(gi);
        let entry_age = match education {
            Education::Sma | Education::D1 | Education::D2 => self.rng.range(19, 25),
            Education::D3 => self.rng.range(21, 27),
            _ => self.rng.range(23, 31),
        } as i32;
        // The retirement age (BUP) of the seat: 58, 60 for JPT, ahli madya and guru (PP
        // 11/2017 Pasal 239–240), 65 for ahli utama; nobody placed is older than a year
        // before it, but for the few below.
        let bup = match (seat.map(|s| s.kind), seat.and_then(|s| s.level)) {
            (_, Some(Level::AhliUtama)) => 65,
            (Some(PositionKind::Jpt), _) | (_, Some(Level::AhliMadya)) => 60,
            _ if family == "Guru" => 60,
            _ => 58,
        };
        let max_age = bup - 1;
        // The age pyramid of the national workforce (about a third 50 or older): an age
        // drawn from it, then as many years of service as the grade and the post need
        // (a grade a step per four years from the entry grade; a head after the years
        // in feeding posts the rules ask).
        // (A little older than the national shares: a functional level whose grades end
        // low holds its people younger, below.)
        let age_band = *self.rng.pick(&[
            (20, 29),
            (30, 39),
            (30, 39),
            (40, 49),
            (40, 49),
            (40, 49),
            (50, 57),
            (50, 57),
            (50, 57),
            (50, 57),
        ]);
        let drawn_age = self.rng.range(age_band.0, age_band.1.min(i64::from(max_age))) as i32;
        let least_service = ((gi - entry) as i32 - 1).max(0) * 4 + 1;
        let mut service = (drawn_age - entry_age).max(least_service).max(seat.map_or(0, years_before_post) + 1);
        // A functional level whose grades end low is not held for a whole career: no
        // longer than the climb to its top grade and some years at it (those older have
        // gone up a level).
        let top = grade_index(hi);
        if seat.is_some_and(|s| s.kind == PositionKind::Fungsional) {
            let cap = ((top as i32 - entry as i32).max(0) + 3) * 4 + self.rng.range(0, 12) as i32;
            service = service.min(cap.max(least_service));
        }
        // Long service shows in the grade: a step per four years, within the post's range.
        let reachable = (entry + (service / 4) as usize).min(top);
        if reachable > gi {
            gi = if self.rng.chance(0.3) { reachable - 1 } else { reachable }.max(gi);
        }
        // A few people past retirement age on the day of the sample, as real data has
        // (records lag behind retirements).
        if self.rng.chance(0.003) {
            service = max_age + 2 - entry_age;
        } else if entry_age + service > max_age {
            service = max_age - entry_age;
        }
        // A PPPK contract starts from 2019 to last year, after the person reached
        // working age and at least three years before retirement (applicants are below
        // the BUP by law).
        let pppk_year = pppk_start_year(pppk, i64::from(today.year() - 1), &mut self.rng);
        let age = match pppk_year {
            Some(year) => {
                let years_since = today.year() - year;
                (entry_age + service).max(entry_age + years_since).min(bup - 3 + years_since)
            }
            None => entry_age + service,
        };
        let birth =
            Date::from_days_since_epoch(today.add_years(-age).days_since_epoch() - self.rng.range(0, 364) as i32)
                .expect("in range");
        let status = if pppk { EmploymentStatus::Pppk } else { EmploymentStatus::Pns };
        let (nip, grade, start) = if let Some(year) = pppk_year {
            let grade = match education {
                Education::Sma => 5,
                Education::D3 => 7,
                Education::S1 | Education::D4 | Education::Profesi => 9,
                _ => 10,
            };
            (self.nip(birth, year, None, sex), Grade::Pppk(grade), Date::from_ymd(year, 1, 1).expect("valid"))
        } else {
            let start = birth.add_years(entry_age);
            let month = self.rng.range(1, 12) as u32;
            let year = start.year().min(today.year() - 1);
            (
                self.nip(birth, year, Some(month), sex),
                Grade::Pns(GRADES[gi]),
                Date::from_ymd(year, month, 1).expect("valid"),
            )
        };
        let since = |g: &mut Generator, max_years: i64, after: Date| {
            let d = today.days_since_epoch() - g.rng.range(30, max_years * 365) as i32;
            Date::from_days_since_epoch(d.max(after.days_since_epoch())).expect("in range")
        };
        let mut grade_since = since(self, 4, start);
        // The history climbs one grade per promotion from the entry grade at TMT CPNS to
        // the current one; a PPPK contract has one grade from its start.
        let history: Vec<GradeStep> = if pppk_year.is_some() {
            grade_since = start;
            vec![GradeStep { since: start, grade }]
        } else {
            let steps = (gi - entry) as i32;
            if steps == 0 {
                grade_since = start;
            }
            let first = start.days_since_epoch();
            let last = grade_since.days_since_epoch().max(first + steps);
            grade_since = Date::from_days_since_epoch(last).expect("in range");
            (0..=steps)
                .map(|k| GradeStep {
                    since: Date::from_days_since_epoch(if steps == 0 {
                        first
                    } else {
                        first + (last - first) * k / steps
                    })
                    .expect("in range"),
                    grade: Grade::Pns(GRADES[entry + k as usize]),
                })
                .collect()
        };
        // A head took the post after the years in feeding posts the rules ask.
        let position_since = seat.map(|s| since(self, 6, start.add_years(years_before_post(s))));
        let name = self.name_for(sex, education, seat);
        let potential = self.rng.chance(0.4).then(|| self.rng.range(55, 98) as u8);
        let employee = Employee {
            nip,
            name,
            status,
            grade: Some(grade),
            grade_since: Some(grade_since),
            position: seat.map(|s| s.position),
            position_since,
            education: Some(education),
            service_start_override: None,
            potential,
        };
        self.data.grade_history.insert(employee.nip, history);
        self.records(&employee, seat, start);
        self.data.employees.push(employee);
    }

    fn records(&mut self, e: &Employee, seat: Option<&Seat>, start: Date) {
        let today = self.as_of;
        // Ratings (SKP) of the last five finished years, drawn apart from the main
        // sequence (from the seed and the NIP) so that a person's ratings do not move
        // everyone generated after them. Most people keep their usual predikat; a few
        // offices slip, more each year.
        let last = (today.year() - 1) as u16;
        let ratings = ratings_of(self.seed, e.nip, seat.map(|s| s.office), seat.is_some_and(|s| s.head), start, last);
        // A PNS in a functional post earns credit points each year from the year's
        // rating (since 2023, PermenPANRB 1/2023), from when the post began; the years
        // in it before are the 2022 integration (AK integrasi), at baik.
        let functional = seat.filter(|s| s.kind == PositionKind::Fungsional).and_then(|s| s.level);
        if let (Some(level), EmploymentStatus::Pns, Some(since)) = (functional, e.status, e.position_since) {
            let from = since.year().max(2023) as u16;
            let before = (2022 - since.year() + 1).max(0) as u32;
            let integration = (before > 0).then(|| CreditPoints {
                year: 2022,
                thousandths: before * yearly_credit_points(level, RatingLevel::Baik),
            });
            let points: Vec<CreditPoints> = integration
                .into_iter()
                .chain(
                    ratings
                        .iter()
                        .filter(|r| r.year >= from)
                        .map(|r| CreditPoints { year: r.year, thousandths: yearly_credit_points(level, r.rating) }),
                )
                .collect();
            if !points.is_empty() {
                self.data.credit_points.insert(e.nip, points);
            }
        }
        if !ratings.is_empty() {
            self.data.ratings.insert(e.nip, ratings);
        }
        if self.rng.chance(0.55) {
            let base = seat.map_or(1, typical_level) as i64;
            let on = Date::from_ymd(
                self.rng.range(i64::from(last) - 3, i64::from(last)) as i32,
                self.rng.range(1, 12) as u32,
                self.rng.range(1, 28) as u32,
            );
            let mut list: Vec<Assessment> = Competency::STANDARD_SET
                .iter()
                .map(|c| {
                    let shift = [-1, 0, 0, 1][self.rng.below(4) as usize];
                    Assessment { competency: c.clone(), level: (base + shift).clamp(1, 5) as u8, assessed_on: on }
                })
                .collect();
            if seat.is_some_and(|s| self.data.standards.contains_key(&s.position)) {
                list.push(Assessment {
                    competency: Competency::Teknis("manajemen_pemerintahan".into()),
                    level: base.clamp(1, 4) as u8,
                    assessed_on: on,
                });
            }
            self.data.assessments.insert(e.nip, list);
        }
        if self.rng.chance(0.012) {
            let severity = *self.rng.pick(&[
                Severity::Ringan,
                Severity::Ringan,
                Severity::Ringan,
                Severity::Sedang,
                Severity::Sedang,
                Severity::Berat,
            ]);
            let start = Date::from_days_since_epoch(today.days_since_epoch() - self.rng.range(0, 3 * 365) as i32)
                .expect("in range");
            let months = match severity {
                Severity::Ringan => self.rng.range(6, 12),
                Severity::Sedang => 12,
                Severity::Berat => self.rng.range(12, 36),
            };
            let end = Date::from_days_since_epoch(start.days_since_epoch() + (months * 30) as i32);
            self.data.penalties.insert(e.nip, vec![Penalty { severity, start, end }]);
        }
        let mut list = Vec::new();
        if self.rng.chance(0.3) {
            for _ in 0..self.rng.range(1, 2) {
                let (name, kind) = *self.rng.pick(names::TRAININGS);
                let from = i64::from(start.year().max(today.year() - 16)).min(i64::from(last));
                let year = self.rng.range(from, i64::from(last)) as u16;
                if !list.iter().any(|t: &Training| t.name == name && t.year == Some(year)) {
                    list.push(Training { name: name.into(), kind: kind.into(), year: Some(year) });
                }
            }
        }
        // The leadership trainings of the posts held on the way (PKP for a pengawas, PKA
        // for an administrator, PKN II for a JPT pratama), most of them attended; now and
        // then someone not yet a head was sent ahead.
        let ladder = match seat.map(|s| s.kind) {
            Some(PositionKind::Pengawas) => 1,
            Some(PositionKind::Administrator) => 2,
            Some(PositionKind::Jpt) => 3,
            _ => usize::from(self.rng.chance(0.03)),
        };
        for (name, _) in names::LEADERSHIP_TRAININGS.iter().take(ladder) {
            if self.rng.chance(0.85) {
                let from = i64::from(start.year().max(today.year() - 20)).min(i64::from(last));
                let year = self.rng.range(from, i64::from(last)) as u16;
                list.push(Training { name: (*name).into(), kind: "kepemimpinan".into(), year: Some(year) });
            }
        }
        if !list.is_empty() {
            self.data.trainings.insert(e.nip, list);
        }
    }
}

/// The credit points of a year at a functional level, in thousandths: the level's yearly
/// coefficient (ahli pertama 12.5, ahli muda 25, ahli madya 37.5, ahli utama 50; pemula
/// 3.75, terampil 5, mahir 12.5, penyelia 25) times the rating's share (sangat baik 150 %,
/// baik 100 %, butuh perbaikan 75 %, kurang 50 %, sangat kurang 25 %), PermenPANRB 1/2023.
fn yearly_credit_points(level: Level, rating: RatingLevel) -> u32 {
    let coefficient: u32 = match level {
        Level::AhliPertama | Level::Mahir => 12_500,
        Level::AhliMuda | Level::Penyelia => 25_000,
        Level::AhliMadya => 37_500,
        Level::AhliUtama => 50_000,
        Level::Pemula => 3_750,
        Level::Terampil => 5_000,
        _ => 0,
    };
    let percent = match rating {
        RatingLevel::SangatBaik => 150,
        RatingLevel::Baik => 100,
        RatingLevel::ButuhPerbaikan => 75,
        RatingLevel::Kurang => 50,
        RatingLevel::SangatKurang => 25,
    };
    coefficient * percent / 100
}

/// The predikat of the sample: mostly baik, a fifth sangat baik, few below.
fn draw_rating(rng: &mut Rng) -> RatingLevel {
    let r = rng.unit();
    if r < 0.18 {
        RatingLevel::SangatBaik
    } else if r < 0.93 {
        RatingLevel::Baik
    } else if r < 0.98 {
        RatingLevel::ButuhPerbaikan
    } else if r < 0.995 {
        RatingLevel::Kurang
    } else {
        RatingLevel::SangatKurang
    }
}

/// Whether an office's ratings slip over the years (about one in seven).
fn slips(seed: u64, office: UnitId) -> bool {
    Rng::new(seed ^ u64::from(office.0).wrapping_mul(0x2545_f491_4f6c_dd1d)).chance(0.15)
}

/// A person's ratings of the five years up to `last`, from the year they started: their
/// usual predikat most years, another now and then; in a slipping office a rating is one
/// step worse the more often the later the year; the latest is missing for a few. A head
/// of a unit was chosen among the well rated, and is mostly rated baik or better.
fn ratings_of(seed: u64, nip: Nip, office: Option<UnitId>, head: bool, start: Date, last: u16) -> Vec<Rating> {
    let mut rng = Rng::new(seed ^ nip.as_u64().wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let usual = match draw_rating(&mut rng) {
        RatingLevel::SangatBaik => RatingLevel::SangatBaik,
        _ if head => RatingLevel::Baik,
        other => other,
    };
    let slipping = !head && office.is_some_and(|o| slips(seed, o));
    let first = last.saturating_sub(4);
    let mut ratings = Vec::new();
    for year in first..=last {
        let late = rng.chance(0.04);
        if i32::from(year) < start.year() || (year == last && late) {
            continue;
        }
        let mut rating = if rng.chance(0.8) { usual } else { draw_rating(&mut rng) };
        if slipping && rng.chance(0.07 * f64::from(year - first)) {
            rating = worse(rating);
        }
        ratings.push(Rating { year, rating });
    }
    ratings
}

/// One predikat down.
fn worse(level: RatingLevel) -> RatingLevel {
    match level {
        RatingLevel::SangatBaik => RatingLevel::Baik,
        RatingLevel::Baik => RatingLevel::ButuhPerbaikan,
        RatingLevel::ButuhPerbaikan => RatingLevel::Kurang,
        RatingLevel::Kurang | RatingLevel::SangatKurang => RatingLevel::SangatKurang,
    }
}

/// The functional levels in order, keahlian and keterampilan.
const FUNCTIONAL_LADDERS: [&[Level]; 2] = [
    &[Level::AhliPertama, Level::AhliMuda, Level::AhliMadya, Level::AhliUtama],
    &[Level::Pemula, Level::Terampil, Level::Mahir, Level::Penyelia],
];

/// A functional level as a post's name ends with it.
fn level_name(level: Level) -> &'static str {
    match level {
        Level::AhliPertama => "Ahli Pertama",
        Level::AhliMuda => "Ahli Muda",
        Level::AhliMadya => "Ahli Madya",
        Level::AhliUtama => "Ahli Utama",
        Level::Pemula => "Pemula",
        Level::Terampil => "Terampil",
        Level::Mahir => "Mahir",
        Level::Penyelia => "Penyelia",
        _ => "",
    }
}

/// Careers before the post held now (riwayat jabatan), drawn apart from the main
/// sequence (from the seed and the NIP): the years between the start of service and
/// the current post are split into one to three earlier posts of the same office, each
/// a step below the next the way careers go (pelaksana, then pengawas, then
/// administrator; a functional post after the lower levels of its family, now and then
/// after a pelaksana post, never for a guru or a health professional). Those whose
/// current post began with their service have none.
pub(super) fn careers(data: &mut crate::model::Dataset, seed: u64) {
    use std::collections::HashMap;

    use crate::model::{PositionId, PostHeld};
    let parent: HashMap<UnitId, Option<UnitId>> = data.units.iter().map(|u| (u.id, u.parent)).collect();
    let unit_name: HashMap<UnitId, &str> = data.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let office = |mut at: UnitId| {
        while let Some(up) = parent.get(&at).copied().flatten().filter(|up| parent.get(up).copied().flatten().is_some())
        {
            at = up;
        }
        at
    };
    // Each office's positions by kind, to draw earlier posts from.
    let mut posts: HashMap<(UnitId, PositionKind), Vec<usize>> = HashMap::new();
    for (i, p) in data.positions.iter().enumerate() {
        if !p.spec.head || p.spec.kind.is_managerial() {
            posts.entry((office(p.unit), p.spec.kind)).or_default().push(i);
        }
    }
    let by_id: HashMap<PositionId, usize> = data.positions.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let mut siblings: HashMap<UnitId, Vec<usize>> = HashMap::new();
    for (i, p) in data.positions.iter().enumerate() {
        siblings.entry(p.unit).or_default().push(i);
    }
    let mut histories = Vec::new();
    for e in &data.employees {
        let (Some(at), Some(since)) = (e.position.and_then(|p| by_id.get(&p)), e.position_since) else { continue };
        let current = &data.positions[*at];
        let start = e.service_start();
        let years = start.years_until(since);
        if years < 2 {
            continue;
        }
        let mut rng = Rng::new(seed ^ e.nip.as_u64().wrapping_mul(0xd134_2543_de82_ef95));
        use PositionKind::*;
        // A functional post is climbed level by level within its family (kenaikan
        // jenjang); a guru or a health professional starts in the family, others now and
        // then came from a pelaksana post.
        let family = crate::rules::eligibility::functional_family(&current.name).to_string();
        let lower: Vec<Level> = match current.spec.level {
            Some(level) => FUNCTIONAL_LADDERS
                .iter()
                .find(|l| l.contains(&level))
                .map(|l| l.iter().copied().take_while(|x| *x != level).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let professional = matches!(family.as_str(), "Guru" | "Dokter" | "Perawat" | "Bidan" | "Apoteker");
        let steps: Vec<(PositionKind, Option<Level>)> = match current.spec.kind {
            Jpt => vec![(Pelaksana, None), (Pengawas, None), (Administrator, None)],
            Administrator => vec![(Pelaksana, None), (Pengawas, None)],
            Pengawas => vec![(Pelaksana, None)],
            Fungsional => {
                let from_pelaksana = !professional && rng.chance(0.3);
                let climbed = lower.iter().rev().take(2).rev().map(|l| (Fungsional, Some(*l)));
                from_pelaksana.then_some((Pelaksana, None)).into_iter().chain(climbed).collect()
            }
            Pelaksana if rng.chance(0.35) => vec![(Pelaksana, None)],
            _ => continue,
        };
        if steps.is_empty() {
            continue;
        }
        // Cut the years into as many spans, each at least a year.
        let n = steps.len().min(years as usize);
        let mut cuts: Vec<i32> = (1..n).map(|_| rng.range(1, i64::from(years - 1)) as i32).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut starts = vec![start];
        starts.extend(cuts.iter().map(|c| start.add_years(*c)));
        let home = office(current.unit);
        let mut list = Vec::new();
        for (i, from) in starts.iter().enumerate() {
            let (kind, level) = steps[steps.len() - starts.len() + i];
            let to = starts.get(i + 1).copied().unwrap_or(since);
            let held = match level {
                // The same family a level lower: a post of it in the same unit, else
                // named by the family and level in the same unit.
                Some(level) => {
                    let name = format!("{family} {}", level_name(level));
                    let here = siblings
                        .get(&current.unit)
                        .and_then(|ps| ps.iter().map(|i| &data.positions[*i]).find(|p| p.name == name));
                    match here {
                        Some(h) => Some((h.name.clone(), Some(h.code.clone()), h.unit)),
                        None => Some((name, None, current.unit)),
                    }
                }
                None => {
                    let pool = posts.get(&(home, kind)).filter(|p| !p.is_empty());
                    pool.map(|p| &data.positions[p[rng.below(p.len() as u64) as usize]])
                        .filter(|h| h.id != current.id)
                        .map(|h| (h.name.clone(), Some(h.code.clone()), h.unit))
                }
            };
            let Some((position, code, unit)) = held else { continue };
            list.push(PostHeld {
                from: *from,
                to: Some(to),
                position,
                position_code: code,
                unit: unit_name.get(&unit).map(|u| u.to_string()),
                kind: Some(kind),
                level,
            });
        }
        if !list.is_empty() {
            histories.push((e.nip, list));
        }
    }
    data.position_history.extend(histories);
}

#[cfg(test)]
mod tests {
    use super::{GRADES, entry_grade, grade_index};
    use crate::interchange::generate::{Options, Preset, generate};
    use crate::model::{Date, EmploymentStatus, Grade, PositionKind};

    #[test]
    fn careers_follow_service_and_education_and_retirements_spread_over_the_years() {
        use crate::model::{Level, RatingLevel};
        let as_of = Date::from_ymd(2027, 1, 15).unwrap();
        let data = generate(Options { preset: Preset::City, employees: None, seed: 5, as_of });
        let post: std::collections::HashMap<_, _> = data.positions.iter().map(|p| (p.id, p)).collect();
        let rules = crate::rules::RuleSet::default();
        let mut retiring = std::collections::BTreeMap::<i32, u32>::new();
        let mut pyramid = std::collections::BTreeMap::<i32, u32>::new();
        let (mut heads, mut heads_rated_well) = (0, 0);
        for e in &data.employees {
            let age = e.birth_date().years_until(as_of);
            *pyramid.entry(age / 10 * 10).or_default() += 1;
            let years = e.service_start().years_until(as_of);
            if let (EmploymentStatus::Pns, Some(Grade::Pns(code)), Some(education)) = (e.status, e.grade, e.education) {
                // A rise every four years from the grade one enters with (a step more
                // for a diploma earned in service or an outstanding rise).
                let steps = grade_index(code) as i32 - grade_index(entry_grade(education)) as i32;
                assert!(
                    steps <= years / 4 + 1,
                    "{}: {} after {years} years with {education:?}",
                    e.nip,
                    GRADES[grade_index(code)]
                );
            }
            let held = e.position.map(|p| post[&p]);
            // A head after the years in feeding posts the rules ask.
            let since = e.position_since.map(|s| e.service_start().years_until(s));
            match held.map(|p| (p.spec.kind, p.spec.head)) {
                Some((PositionKind::Jpt, _)) => assert!(age >= 35 && since >= Some(13), "{}: JPT at {age}", e.nip),
                Some((PositionKind::Administrator, true)) => {
                    assert!(age >= 30 && since >= Some(8), "{}: kepala bidang at {age}, {since:?}", e.nip)
                }
                Some((PositionKind::Pengawas, true)) => {
                    assert!(age >= 25 && since >= Some(4), "{}: kepala seksi at {age}, {since:?}", e.nip)
                }
                _ => {}
            }
            // Heads are mostly rated baik or better.
            if held.is_some_and(|p| p.spec.head) {
                heads += 1;
                let ratings = data.ratings.get(&e.nip).map_or(&[][..], Vec::as_slice);
                heads_rated_well += u32::from(ratings.iter().all(|r| r.rating <= RatingLevel::Baik));
            }
            let bup = rules.retirement.age_for(
                held.map(|p| p.spec.kind),
                held.and_then(|p| p.spec.level),
                held.map(|p| p.name.as_str()),
            );
            // A PPPK was hired at least three years before retirement.
            if e.status == EmploymentStatus::Pppk {
                let hired_at = e.birth_date().years_until(e.service_start());
                assert!(hired_at <= i32::from(bup) - 3, "{}: a PPPK hired at {hired_at}", e.nip);
            }
            // A guru's earlier posts are the lower levels of guru.
            if held.is_some_and(|p| p.name.starts_with("Guru ") && p.spec.level == Some(Level::AhliMadya)) {
                for h in data.position_history.get(&e.nip).into_iter().flatten() {
                    assert!(
                        h.position.starts_with("Guru Ahli "),
                        "{}: {} before {}",
                        e.nip,
                        h.position,
                        held.unwrap().name
                    );
                }
            }
            let retires = e.birth_date().year() + i32::from(bup);
            if (as_of.year()..as_of.year() + 5).contains(&retires) {
                *retiring.entry(retires).or_default() += 1;
            }
        }
        println!("age pyramid of the city sample on {as_of} (by decade): {pyramid:?}");
        println!("retirements in each of the next five years: {retiring:?}");
        let fifty = pyramid.range(50..).map(|(_, n)| n).sum::<u32>() as f64 / data.employees.len() as f64;
        assert!((0.28..0.40).contains(&fifty), "about a third 50 or older, as the national workforce: {fifty:.2}");
        assert_eq!(retiring.len(), 5, "someone retires in each of the next five years: {retiring:?}");
        let (least, most) = (retiring.values().min().unwrap(), retiring.values().max().unwrap());
        assert!(*least * 4 >= *most, "spread, not bunched: {retiring:?}");
        let five_years: u32 = retiring.values().sum();
        assert!(
            *least >= 80 && five_years >= 600,
            "retirements in the hundreds a year for a city of 5 000: {retiring:?}"
        );
        assert!(heads_rated_well * 10 >= heads * 9, "{heads_rated_well} of {heads} heads rated baik or better");
    }
}
