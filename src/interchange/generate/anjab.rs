//! Job descriptions (anjab) for the sample: every position with workload tasks gets the
//! form's sections, written from its name, its unit, its kind and its tasks, as an
//! analyst's first draft reads (the uraian tugas are its tasks, each with three steps
//! and its result). Drawn from no randomness, after the tasks, so that nothing else of
//! the sample changes.

use std::collections::HashMap;

use crate::model::{AnjabRow, Dataset, JobDescription, Position, PositionKind, Section, Task, UnitId};

/// The result (hasil kerja) a task's words name, else a document.
fn result_of(task: &str) -> &'static str {
    let t = task.to_lowercase();
    [
        ("notulen", "Notulen rapat"),
        ("laporan", "Laporan"),
        ("surat", "Surat"),
        ("arsip", "Arsip tertata"),
        ("data", "Data terinput"),
        ("daftar hadir", "Rekapitulasi daftar hadir"),
        ("berkas", "Berkas usulan terperiksa"),
        ("kajian", "Dokumen kajian"),
        ("rencana", "Dokumen rencana"),
        ("konsultasi", "Catatan konsultasi"),
        ("standar operasional", "Dokumen SOP"),
    ]
    .iter()
    .find(|(word, _)| t.contains(word))
    .map_or("Dokumen", |(_, r)| r)
}

/// `text` with its first letter in lower case, to follow a verb.
fn lowered(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// Adds the job descriptions; returns how many positions got one.
pub fn add_job_descriptions(data: &mut Dataset) -> usize {
    let units: HashMap<UnitId, (&str, Option<UnitId>)> =
        data.units.iter().map(|u| (u.id, (u.name.as_str(), u.parent))).collect();
    let heads: HashMap<UnitId, &str> =
        data.positions.iter().filter(|p| p.spec.head).map(|p| (p.unit, p.name.as_str())).collect();
    let rules = crate::rules::RuleSet::default();
    let mut written = Vec::new();
    for p in &data.positions {
        let Some(tasks) = data.tasks.get(&p.id).filter(|t| !t.is_empty()) else { continue };
        let (unit, parent) = units.get(&p.unit).copied().unwrap_or(("", None));
        let parent = parent.and_then(|id| units.get(&id)).map_or(unit, |(name, _)| *name);
        written.push((p.id, describe(p, tasks, unit, parent, heads.get(&p.unit).copied(), &rules)));
    }
    let count = written.len();
    data.anjab.extend(written);
    count
}

fn describe(
    p: &Position,
    tasks: &[Task],
    unit: &str,
    parent: &str,
    head: Option<&str>,
    rules: &crate::rules::RuleSet,
) -> JobDescription {
    let mut rows = Vec::new();
    let mut put = |section: Section, item: &str, text: String| {
        rows.push(AnjabRow { section, item: item.to_string(), text });
    };
    let duties: Vec<String> = tasks.iter().take(3).map(|t| lowered(&t.name)).collect();
    put(
        Section::Summary,
        "",
        format!(
            "{} di {unit}, yaitu {}, berdasarkan ketentuan dan prosedur agar tugas {parent} berjalan lancar.",
            if p.spec.kind == PositionKind::Fungsional {
                "Melaksanakan kegiatan jabatan fungsional"
            } else {
                "Melakukan kegiatan"
            },
            duties.join(", ")
        ),
    );
    for t in tasks {
        put(Section::TaskStep, &t.name, "Menerima arahan dan bahan dari atasan".into());
        put(Section::TaskStep, &t.name, format!("{} sesuai prosedur", t.name));
        put(Section::TaskStep, &t.name, "Melaporkan hasilnya kepada atasan".into());
        put(Section::TaskResult, &t.name, result_of(&t.name).into());
    }
    for m in ["Disposisi dan arahan atasan", "Peraturan perundang-undangan terkait", "Data dan dokumen pendukung"] {
        put(Section::Material, "", m.into());
    }
    for t in ["Komputer dan printer", "Aplikasi perkantoran", "Jaringan internet"] {
        put(Section::Tool, "", t.into());
    }
    for r in
        ["Kebenaran dan ketepatan hasil kerja", "Kerahasiaan data dan dokumen", "Ketepatan waktu penyelesaian tugas"]
    {
        put(Section::Responsibility, "", r.into());
    }
    for a in ["Meminta data dan informasi bagi tugasnya", "Memberikan saran kepada atasan"] {
        put(Section::Authority, "", a.into());
    }
    if let Some(head) = head {
        put(Section::Correlation, "", format!("{head} ({unit}): menerima arahan dan melaporkan hasil kerja"));
    }
    for c in [
        "Tempat kerja: di dalam ruangan",
        "Suhu: sejuk",
        "Udara: segar",
        "Keadaan ruangan: bersih dan nyaman",
        "Penerangan: terang",
        "Suara: tenang",
        "Keadaan tempat kerja: aman",
    ] {
        put(Section::Condition, "", c.into());
    }
    put(Section::Hazard, "", "Gangguan penglihatan: bekerja lama di depan layar komputer".into());
    put(Section::Hazard, "", "Nyeri punggung: duduk terlalu lama".into());
    let education = crate::rules::workforce::qualification(p, None, rules).education;
    if let Some(e) = education {
        put(Section::Requirement, "pendidikan", format!("Paling rendah {e}"));
    }
    put(Section::Requirement, "kursus_diklat", "Pelatihan teknis di bidang tugasnya".into());
    put(Section::Requirement, "pengetahuan_kerja", format!("Tugas dan fungsi {parent}"));
    put(Section::Requirement, "keterampilan_kerja", "Mengoperasikan komputer dan aplikasi perkantoran".into());
    put(Section::Requirement, "bakat_kerja", "G: inteligensia; Q: ketelitian".into());
    put(Section::Requirement, "temperamen_kerja", "T: bekerja teliti menurut aturan".into());
    put(Section::Requirement, "minat_kerja", "Konvensional".into());
    put(Section::Requirement, "upaya_fisik", "Duduk, berdiri, berjalan".into());
    put(Section::Requirement, "fungsi_pekerjaan", "D3: menyusun data; O6: memberi informasi".into());
    for t in tasks {
        put(Section::Expected, "", format!("{}: {} dalam setahun", result_of(&t.name), t.volume));
    }
    if let Some(levels) = p.spec.class.and_then(|c| factor_levels(p.spec.kind, c, &rules.job_evaluation)) {
        for (key, level) in levels {
            put(Section::Factor, key, level.to_string());
        }
    }
    JobDescription { rows }.sorted()
}

/// Factor levels whose points fall in `class`'s band, as an evaluation that agrees with
/// the stored kelas reads: every factor from its first level, raised one level at a time
/// in the regulation's order, round after round, until the value reaches the band
/// without passing it. `None` when no such levels are found (a structural post below
/// the lowest kelas its factors can give).
fn factor_levels(
    kind: PositionKind,
    class: u8,
    rules: &crate::rules::evaluation::JobEvaluationRules,
) -> Option<Vec<(&'static str, u8)>> {
    let lowest = *rules.class_from.get(&class.to_string())?;
    let ceiling = rules
        .class_from
        .iter()
        .filter_map(|(c, v)| (c.parse::<u8>().ok()? > class).then_some(*v))
        .min()
        .map_or(u32::MAX, |next| next - 1);
    let table = if kind.is_managerial() { &rules.structural } else { &rules.functional };
    let factors: Vec<(&'static str, &[u32])> =
        crate::model::factors_of(kind).iter().map(|k| Some((*k, table.get(*k)?.as_slice()))).collect::<Option<_>>()?;
    let mut levels = vec![1usize; factors.len()];
    let value = |levels: &[usize]| -> u32 { factors.iter().zip(levels).map(|((_, p), l)| p[l - 1]).sum() };
    while value(&levels) < lowest {
        let mut raised = false;
        for i in 0..factors.len() {
            if levels[i] < factors[i].1.len() {
                levels[i] += 1;
                if value(&levels) > ceiling {
                    levels[i] -= 1;
                    continue;
                }
                raised = true;
                if value(&levels) >= lowest {
                    break;
                }
            }
        }
        if !raised {
            return None;
        }
    }
    (value(&levels) <= ceiling)
        .then(|| factors.iter().zip(levels).map(|((k, _), l)| (*k, u8::try_from(l).unwrap_or(u8::MAX))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_factor_levels_give_the_kelas_they_were_drawn_for() {
        let rules = crate::rules::RuleSet::default().job_evaluation;
        for kind in [PositionKind::Pelaksana, PositionKind::Fungsional, PositionKind::Pengawas, PositionKind::Jpt] {
            for class in 1..=17u8 {
                let Some(levels) = factor_levels(kind, class, &rules) else {
                    // Only a structural post below what its lowest levels are worth.
                    assert!(kind.is_managerial() && class < 9, "{kind:?} kelas {class}");
                    continue;
                };
                let rows = levels
                    .iter()
                    .map(|(k, l)| AnjabRow { section: Section::Factor, item: k.to_string(), text: l.to_string() })
                    .collect();
                let e = crate::rules::evaluation::evaluate(kind, &JobDescription { rows }, &rules).unwrap();
                assert_eq!(e.class, Some(class), "{kind:?} {levels:?}");
            }
        }
    }
}
