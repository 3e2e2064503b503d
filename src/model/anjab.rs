//! A position's job description (anjab, analisis jabatan; PermenPANRB 1/2020, domain.md
//! §12): the sections of the form besides the uraian tugas, which are the position's ABK
//! tasks, each here with its steps (tahapan) and its result (hasil kerja).
//!
//! Kept as rows of `(section, item, text)` so that a file, the interface and the print
//! all go through one shape: a section's items in order, a task's steps under the task's
//! name, a requirement under its key.

use serde::{Deserialize, Serialize};

/// The sections of an anjab that a position holds as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Ikhtisar jabatan: what the post is for, in a paragraph.
    Summary,
    /// A step (tahapan) of an uraian tugas; the item is the task's name.
    TaskStep,
    /// The result (hasil kerja) of an uraian tugas; the item is the task's name.
    TaskResult,
    /// Bahan kerja.
    Material,
    /// Perangkat kerja.
    Tool,
    /// Tanggung jawab.
    Responsibility,
    /// Wewenang.
    Authority,
    /// Korelasi jabatan: a post worked with, and on what.
    Correlation,
    /// Kondisi lingkungan kerja.
    Condition,
    /// Risiko bahaya.
    Hazard,
    /// Syarat jabatan; the item is the requirement's key.
    Requirement,
    /// Prestasi kerja yang diharapkan.
    Expected,
    /// A factor of the job evaluation (evaluasi jabatan, PermenPANRB 34/2011); the item is
    /// the factor's key, the text its level (1, 2, …). Last, as the form's kelas jabatan
    /// is, which the factors' points decide. (Appended: stored sections keep their tag.)
    Factor,
}

impl Section {
    /// Every section, in the form's order.
    pub const ALL: [Section; 13] = [
        Section::Summary,
        Section::TaskStep,
        Section::TaskResult,
        Section::Material,
        Section::Tool,
        Section::Responsibility,
        Section::Authority,
        Section::Correlation,
        Section::Condition,
        Section::Hazard,
        Section::Requirement,
        Section::Expected,
        Section::Factor,
    ];

    /// The sections that are a plain list (no item), between the duties and the
    /// requirements.
    pub const LISTS: [Section; 7] = [
        Section::Material,
        Section::Tool,
        Section::Responsibility,
        Section::Authority,
        Section::Correlation,
        Section::Condition,
        Section::Hazard,
    ];

    /// Its key in files.
    pub fn key(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            Section::TaskStep => "task_step",
            Section::TaskResult => "task_result",
            Section::Material => "material",
            Section::Tool => "tool",
            Section::Responsibility => "responsibility",
            Section::Authority => "authority",
            Section::Correlation => "correlation",
            Section::Condition => "condition",
            Section::Hazard => "hazard",
            Section::Requirement => "requirement",
            Section::Expected => "expected",
            Section::Factor => "factor",
        }
    }

    /// A section from its key, or from the form's Indonesian name (`ikhtisar`,
    /// `tahapan`, `hasil_kerja`, `bahan_kerja`, `perangkat_kerja`, `tanggung_jawab`,
    /// `wewenang`, `korelasi_jabatan`, `kondisi_lingkungan_kerja`, `risiko_bahaya`,
    /// `syarat_jabatan`, `prestasi_kerja`, `faktor_jabatan`), in any case, spaces for underscores.
    pub fn parse(text: &str) -> Option<Section> {
        let key = text.trim().to_lowercase().replace([' ', '-'], "_");
        Section::ALL.into_iter().find(|s| s.key() == key).or(match key.as_str() {
            "ikhtisar" | "ikhtisar_jabatan" => Some(Section::Summary),
            "tahapan" | "tahapan_tugas" => Some(Section::TaskStep),
            "hasil_kerja" => Some(Section::TaskResult),
            "bahan_kerja" => Some(Section::Material),
            "perangkat_kerja" => Some(Section::Tool),
            "tanggung_jawab" => Some(Section::Responsibility),
            "wewenang" => Some(Section::Authority),
            "korelasi" | "korelasi_jabatan" => Some(Section::Correlation),
            "kondisi_lingkungan" | "kondisi_lingkungan_kerja" => Some(Section::Condition),
            "risiko" | "risiko_bahaya" => Some(Section::Hazard),
            "syarat" | "syarat_jabatan" => Some(Section::Requirement),
            "prestasi" | "prestasi_kerja" | "prestasi_kerja_yang_diharapkan" => Some(Section::Expected),
            "faktor" | "faktor_jabatan" | "evaluasi_jabatan" => Some(Section::Factor),
            _ => None,
        })
    }

    /// Whether its rows name an item (a task, a requirement).
    pub fn has_item(self) -> bool {
        matches!(self, Section::TaskStep | Section::TaskResult | Section::Requirement | Section::Factor)
    }
}

/// The factors a structural post is evaluated on (PermenPANRB 34/2011, 3.1), by key, in
/// the regulation's order: 1 ruang lingkup dan dampak program, 2 pengaturan organisasi,
/// 3 wewenang penyeliaan dan manajerial, 4a sifat hubungan, 4b tujuan hubungan,
/// 5 kesulitan dalam pengarahan pekerjaan, 6 kondisi lain.
pub const STRUCTURAL_FACTORS: [&str; 7] = [
    "ruang_lingkup_program",
    "pengaturan_organisasi",
    "wewenang_penyeliaan",
    "sifat_hubungan",
    "tujuan_hubungan",
    "kesulitan_pengarahan",
    "kondisi_lain",
];

/// The factors a functional or pelaksana post is evaluated on (PermenPANRB 34/2011,
/// 3.2), by key, in the regulation's order: 1 pengetahuan yang dibutuhkan jabatan,
/// 2 pengawasan penyelia, 3 pedoman, 4 kompleksitas, 5 ruang lingkup dan dampak,
/// 6 hubungan personal, 7 tujuan hubungan, 8 persyaratan fisik, 9 lingkungan pekerjaan.
pub const FUNCTIONAL_FACTORS: [&str; 9] = [
    "pengetahuan",
    "pengawasan_penyelia",
    "pedoman",
    "kompleksitas",
    "ruang_lingkup_dampak",
    "hubungan_personal",
    "tujuan_hubungan",
    "persyaratan_fisik",
    "lingkungan_pekerjaan",
];

/// The factors a post of `kind` is evaluated on: structural ones for a JPT, an
/// administrator and a pengawas, the functional ones for the rest.
pub fn factors_of(kind: super::PositionKind) -> &'static [&'static str] {
    if kind.is_managerial() { &STRUCTURAL_FACTORS } else { &FUNCTIONAL_FACTORS }
}

/// Whether `key` is a factor of either list.
fn is_factor(key: &str) -> bool {
    STRUCTURAL_FACTORS.contains(&key) || FUNCTIONAL_FACTORS.contains(&key)
}

/// A factor's level as its text gives it: a whole number from 1.
pub fn factor_level(text: &str) -> Option<u8> {
    text.trim().parse::<u8>().ok().filter(|l| *l >= 1)
}

/// The requirements (syarat jabatan) of the form, by key, in its order.
pub const REQUIREMENTS: [&str; 12] = [
    "pangkat_golongan",
    "pendidikan",
    "kursus_diklat",
    "pengalaman_kerja",
    "pengetahuan_kerja",
    "keterampilan_kerja",
    "bakat_kerja",
    "temperamen_kerja",
    "minat_kerja",
    "upaya_fisik",
    "kondisi_fisik",
    "fungsi_pekerjaan",
];

/// One line of an anjab: a section, the item it belongs to (a task's name, a
/// requirement's key; empty elsewhere), and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnjabRow {
    /// The section.
    pub section: Section,
    /// The task or requirement it is of (empty for the other sections).
    pub item: String,
    /// What it says.
    pub text: String,
}

/// A position's job description: its rows, a section's in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobDescription {
    /// The rows, in the form's order of sections, each section's items in order.
    pub rows: Vec<AnjabRow>,
}

impl JobDescription {
    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The texts of a section (of every item), in order.
    pub fn texts(&self, section: Section) -> impl Iterator<Item = &str> {
        self.rows.iter().filter(move |r| r.section == section).map(|r| r.text.as_str())
    }

    /// The texts of a section's item (a task's steps, a requirement), in order.
    pub fn item(&self, section: Section, item: &str) -> impl Iterator<Item = &str> {
        self.rows.iter().filter(move |r| r.section == section && r.item == item).map(|r| r.text.as_str())
    }

    /// The rows put in the form's order of sections (a section's rows keep theirs).
    pub fn sorted(mut self) -> JobDescription {
        self.rows.sort_by_key(|r| r.section);
        self
    }

    /// What is wrong with it, if anything: a section with an item it should not have
    /// (or without one it needs), a requirement that is not one of the form's, an empty
    /// text.
    pub fn problem(&self) -> Option<String> {
        for r in &self.rows {
            if r.text.trim().is_empty() {
                return Some(format!("{}: an empty text", r.section.key()));
            }
            if r.section.has_item() == r.item.trim().is_empty() {
                return Some(if r.section.has_item() {
                    format!("{}: needs the item it is of (a task's name, a requirement)", r.section.key())
                } else {
                    format!("{}: has no item (found {:?})", r.section.key(), r.item)
                });
            }
            if r.section == Section::Requirement && !REQUIREMENTS.contains(&r.item.as_str()) {
                return Some(format!("requirement {:?}: not one of {}", r.item, REQUIREMENTS.join(", ")));
            }
            if r.section == Section::Factor {
                if let Some(problem) = factor_problem(&r.item, &r.text) {
                    return Some(problem);
                }
                if self.item(Section::Factor, &r.item).count() > 1 {
                    return Some(format!("factor {:?}: given more than once", r.item));
                }
            }
        }
        None
    }
}

/// What is wrong with a factor row: a key of neither list, a level that is not a whole
/// number from 1.
fn factor_problem(item: &str, text: &str) -> Option<String> {
    if !is_factor(item) {
        let keys: Vec<&str> = FUNCTIONAL_FACTORS.iter().chain(&STRUCTURAL_FACTORS).copied().collect();
        return Some(format!("factor {item:?}: not one of {}", keys.join(", ")));
    }
    if factor_level(text).is_none() {
        return Some(format!("factor {item}: the level is a whole number from 1 (found {text:?})"));
    }
    None
}

/// The text an analyst edits an anjab in (`$EDITOR`): a `[section]` line (with `: item`
/// for a task's or a requirement's), then its lines, one row each; `#` starts a comment.
/// `tasks` are the position's uraian tugas, each given a place for its steps and result
/// even when it has none yet; every requirement has its place too, and every factor of
/// `factors` (the post's kind's, [`factors_of`]) for its level.
pub fn to_text(anjab: &JobDescription, tasks: &[&str], factors: &[&str], heading: &str) -> String {
    let mut out = String::new();
    for line in heading.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push('\n');
    let mut section = |key: String, texts: Vec<&str>| {
        out.push_str(&format!("[{key}]\n"));
        for t in texts {
            out.push_str(t);
            out.push('\n');
        }
        out.push('\n');
    };
    section(Section::Summary.key().into(), anjab.texts(Section::Summary).collect());
    // The tasks as the position has them, then any the anjab names that it has not.
    let mut names: Vec<&str> = tasks.to_vec();
    for r in anjab.rows.iter().filter(|r| matches!(r.section, Section::TaskStep | Section::TaskResult)) {
        if !names.contains(&r.item.as_str()) {
            names.push(&r.item);
        }
    }
    for name in names {
        section(format!("{}: {name}", Section::TaskStep.key()), anjab.item(Section::TaskStep, name).collect());
        section(format!("{}: {name}", Section::TaskResult.key()), anjab.item(Section::TaskResult, name).collect());
    }
    for s in Section::LISTS {
        section(s.key().into(), anjab.texts(s).collect());
    }
    for key in REQUIREMENTS {
        section(format!("{}: {key}", Section::Requirement.key()), anjab.item(Section::Requirement, key).collect());
    }
    section(Section::Expected.key().into(), anjab.texts(Section::Expected).collect());
    // The post's factors, then any other the anjab holds (a post whose kind changed).
    let mut keys: Vec<&str> = factors.to_vec();
    for r in anjab.rows.iter().filter(|r| r.section == Section::Factor) {
        if !keys.contains(&r.item.as_str()) {
            keys.push(&r.item);
        }
    }
    for key in keys {
        section(format!("{}: {key}", Section::Factor.key()), anjab.item(Section::Factor, key).collect());
    }
    out
}

/// Reads an anjab back from [`to_text`]'s form; an error names its line. Blank lines
/// and comments are skipped, a line's spaces at either end dropped.
pub fn from_text(text: &str) -> Result<JobDescription, (usize, String)> {
    let mut rows = Vec::new();
    let mut at: Option<(Section, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let (key, item) = head.split_once(':').map_or((head, ""), |(k, i)| (k, i.trim()));
            let section =
                Section::parse(key).ok_or_else(|| (number, format!("[{key}] is not a section of an anjab")))?;
            if section.has_item() == item.is_empty() {
                let why = if section.has_item() { "needs its item after a colon" } else { "has no item" };
                return Err((number, format!("[{head}]: {} {why}", section.key())));
            }
            if section == Section::Requirement && !REQUIREMENTS.contains(&item) {
                return Err((number, format!("[{head}]: {item} is not one of {}", REQUIREMENTS.join(", "))));
            }
            if section == Section::Factor && !is_factor(item) {
                return Err((number, format!("[{head}]: {}", factor_problem(item, "1").unwrap_or_default())));
            }
            at = Some((section, item.to_string()));
            continue;
        }
        let Some((section, item)) = &at else {
            return Err((number, "a line before the first [section]".into()));
        };
        if *section == Section::Factor {
            if let Some(problem) = factor_problem(item, line) {
                return Err((number, problem));
            }
            if rows.iter().any(|r: &AnjabRow| r.section == Section::Factor && r.item == *item) {
                return Err((number, format!("factor {item}: one level, on one line")));
            }
        }
        rows.push(AnjabRow { section: *section, item: item.clone(), text: line.to_string() });
    }
    Ok(JobDescription { rows }.sorted())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(section: Section, item: &str, text: &str) -> AnjabRow {
        AnjabRow { section, item: item.into(), text: text.into() }
    }

    #[test]
    fn an_anjab_reads_back_from_the_text_it_is_edited_in() {
        let anjab = JobDescription {
            rows: vec![
                row(Section::Summary, "", "Melakukan analisis"),
                row(Section::TaskStep, "Menyusun laporan", "Menghimpun data"),
                row(Section::TaskStep, "Menyusun laporan", "Menulis laporan"),
                row(Section::TaskResult, "Menyusun laporan", "Laporan"),
                row(Section::Responsibility, "", "Ketepatan data"),
                row(Section::Requirement, "pendidikan", "Paling rendah S1"),
            ],
        };
        let text = to_text(&anjab, &["Menyusun laporan", "Rapat koordinasi"], &FUNCTIONAL_FACTORS, "Analis\n1276-J01");
        assert!(text.starts_with("# Analis\n# 1276-J01\n"));
        assert!(text.contains("[task_step: Rapat koordinasi]\n\n"), "a task with nothing yet has its place");
        assert!(text.contains("[requirement: pangkat_golongan]\n"), "every requirement has its place");
        assert_eq!(from_text(&text), Ok(anjab.clone()));
        // Added lines go where they are written; a bad heading names its line.
        let more = text.replace("[tool]\n", "[tool]\n  Komputer  \n");
        assert_eq!(from_text(&more).unwrap().texts(Section::Tool).collect::<Vec<_>>(), ["Komputer"]);
        assert_eq!(from_text("[ringkasan]\nx").unwrap_err().0, 1);
        assert_eq!(from_text("\nx").unwrap_err(), (2, "a line before the first [section]".to_string()));
        assert!(from_text("[requirement: tinggi]\nx").unwrap_err().1.contains("tinggi"));
        assert!(from_text("[summary: x]\ny").is_err() && from_text("[task_step]\ny").is_err());
        assert_eq!(from_text("# nothing\n"), Ok(JobDescription::default()));
    }

    #[test]
    fn factor_levels_are_written_and_read_with_the_anjab() {
        let anjab = JobDescription {
            rows: vec![row(Section::Summary, "", "Memimpin"), row(Section::Factor, "sifat_hubungan", "2")],
        };
        let text = to_text(&anjab, &[], &STRUCTURAL_FACTORS, "Kepala");
        assert!(text.ends_with("[factor: kondisi_lain]\n\n"), "the factors go last, each with its place");
        assert!(text.contains("[factor: sifat_hubungan]\n2\n"));
        assert_eq!(from_text(&text), Ok(anjab.clone()));
        let filled =
            text.replace("[factor: pedoman]", "").replace("[factor: kondisi_lain]\n", "[factor: kondisi_lain]\n3\n");
        assert_eq!(from_text(&filled).unwrap().item(Section::Factor, "kondisi_lain").collect::<Vec<_>>(), ["3"]);
        // A level that is no number, a second level, an unknown factor: each names its line.
        assert_eq!(from_text("[factor: pedoman]\ntinggi").unwrap_err().0, 2);
        assert_eq!(from_text("[factor: pedoman]\n2\n3").unwrap_err().0, 3);
        assert!(from_text("[factor: gaji]\n2").unwrap_err().1.contains("gaji"));
        assert!(from_text("[faktor: pedoman]\n0").is_err());
        let twice =
            JobDescription { rows: vec![row(Section::Factor, "pedoman", "2"), row(Section::Factor, "pedoman", "3")] };
        assert!(twice.problem().unwrap().contains("more than once"));
        assert_eq!(JobDescription { rows: vec![row(Section::Factor, "pedoman", "4")] }.problem(), None);
        assert!(JobDescription { rows: vec![row(Section::Factor, "pedoman", "IV")] }.problem().is_some());
    }
}
