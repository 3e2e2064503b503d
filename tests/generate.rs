//! The sample generator: every preset yields data that the importer accepts, with
//! people whose numbers agree with their positions.

use crate::common;

use jabat::interchange::{self, generate};
use jabat::model::{EmploymentStatus, Grade};

fn round_trip(preset: generate::Preset, employees: u64) -> jabat::model::Dataset {
    let data = generate::generate(generate::Options {
        preset,
        employees: Some(employees),
        seed: 11,
        as_of: common::sample_day(),
    });
    let dir = tempfile::tempdir().unwrap();
    interchange::export(&data, dir.path()).unwrap();
    let imported = interchange::import(dir.path(), Default::default());
    assert!(imported.problems.is_empty(), "{preset:?}: {}", imported.problems);
    assert_eq!(imported.data.employees.len() as u64, employees);
    imported.data
}

#[test]
fn every_preset_is_valid_input_and_consistent() {
    let as_of = common::sample_day();
    for (preset, employees, instansi) in [
        (generate::Preset::City, 3_000, 1),
        (generate::Preset::Province, 4_000, 1),
        (generate::Preset::National, 24_000, 2),
    ] {
        let data = round_trip(preset, employees);
        assert_eq!(data.units.iter().filter(|u| u.parent.is_none()).count(), instansi, "{preset:?}");
        for e in &data.employees {
            let age = e.birth_date().years_until(as_of);
            assert!((18..=67).contains(&age), "{preset:?}: {} is {age}", e.nip);
            let facts = e.nip.facts().unwrap();
            assert_eq!(facts.pppk_form, e.status == EmploymentStatus::Pppk, "{}", e.nip);
            assert_eq!(e.grade.map(Grade::status), Some(e.status));
            assert!(e.service_start().years_until(as_of) >= 0);
            // The grade history ends in the current grade, since its TMT, and climbs.
            let history = &data.grade_history[&e.nip];
            let last = history.last().unwrap();
            assert_eq!((Some(last.grade), Some(last.since)), (e.grade, e.grade_since), "{}", e.nip);
            assert!(
                history.windows(2).all(|w| w[0].since < w[1].since && w[0].grade < w[1].grade),
                "{}: {history:?}",
                e.nip
            );
        }
        let placed = data.employees.iter().filter(|e| e.position.is_some()).count();
        assert!(placed as u64 >= employees * 99 / 100, "{preset:?}: only {placed} placed");
        let heads = data.positions.iter().filter(|p| p.spec.head).count();
        assert!(heads * 2 > data.units.len(), "{preset:?}: {heads} heads for {} units", data.units.len());
    }
}

#[test]
fn the_city_is_binjai_with_its_perangkat_daerah_and_kecamatan() {
    let data = generate::generate(generate::Options {
        preset: generate::Preset::City,
        employees: None,
        seed: 1,
        as_of: common::sample_day(),
    });
    assert_eq!(data.employees.len(), 5_000);
    let names: Vec<&str> = data.units.iter().map(|u| u.name.as_str()).collect();
    for want in [
        "Pemerintah Kota Binjai",
        "Sekretariat Daerah",
        "Dinas Kesehatan",
        "RSUD dr. R.M. Djoelham",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Kecamatan Binjai Barat",
        "Kelurahan Tanah Tinggi",
    ] {
        assert!(names.contains(&want), "missing {want}");
    }
    assert!(data.units.iter().any(|u| u.kind == "sekolah") && data.units.iter().any(|u| u.kind == "puskesmas"));
    // Some positions vacant, some over-filled.
    let stats = jabat::store::Stats::of(&data);
    assert!(stats.vacant_positions > 0 && stats.overfilled_positions > 0);
}

/// Every file of a directory, by name.
fn files_of(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn the_same_seed_and_day_give_byte_identical_exports_and_another_day_another_sample() {
    let dir = tempfile::tempdir().unwrap();
    let generate = |name: &str, as_of: &str| {
        let out = dir.path().join(name);
        common::jabat()
            .args(["generate", "--preset", "city", "--seed", "9", "--as-of", as_of, "--out"])
            .arg(&out)
            .assert()
            .success();
        files_of(&out)
    };
    let first = generate("a", "2027-03-01");
    assert!(first.len() >= 8 && first.values().all(|bytes| !bytes.is_empty()), "{:?}", first.keys());
    assert_eq!(generate("b", "2027-03-01"), first, "the same seed and --as-of");
    // Through a database and out again: the same bytes.
    let db = dir.path().join("db");
    common::jabat()
        .arg("--db")
        .arg(&db)
        .args(["generate", "--preset", "city", "--seed", "9", "--as-of", "2027-03-01"])
        .assert()
        .success();
    common::jabat().arg("--db").arg(&db).arg("export").arg(dir.path().join("c")).assert().success();
    assert_eq!(files_of(&dir.path().join("c")), first, "generated into a database, then exported");
    let later = generate("d", "2028-03-01");
    assert_ne!(later["employees.csv"], first["employees.csv"], "another day ages everyone");
}
