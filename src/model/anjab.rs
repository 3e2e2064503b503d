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
}

impl Section {
    /// Every section, in the form's order.
    pub const ALL: [Section; 12] = [
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
        }
    }

    /// A section from its key, or from the form's Indonesian name (`ikhtisar`,
    /// `tahapan`, `hasil_kerja`, `bahan_kerja`, `perangkat_kerja`, `tanggung_jawab`,
    /// `wewenang`, `korelasi_jabatan`, `kondisi_lingkungan_kerja`, `risiko_bahaya`,
    /// `syarat_jabatan`, `prestasi_kerja`), in any case, spaces for underscores.
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
            _ => None,
        })
    }

    /// Whether its rows name an item (a task, a requirement).
    pub fn has_item(self) -> bool {
        matches!(self, Section::TaskStep | Section::TaskResult | Section::Requirement)
    }
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
        }
        None
    }
}
