//! Real structures written by others (`../shared/data/real/`): they import and
//! browse, and the raw Banten file is rejected for exactly its real defects.

use crate::common;

use common::{import_into_new_db, jabat, real_data};
use predicates::prelude::*;

#[test]
fn dpd_setjen_imports_completely_and_browses() {
    let Some(dir) = real_data("dpd-setjen") else { return };
    let (_tmp, db, import) = import_into_new_db(&dir);
    import.success().stdout(predicate::str::contains("282 units, 2622 positions"));
    let stats = jabat().arg("--db").arg(&db).args(["stats", "--format", "json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["needed"], 3001);
    assert_eq!(stats["positions_fungsional"], 1776);
    assert_eq!(stats["instansi"], 1);
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["tree", "--depth", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sekretariat Jenderal DPD RI"))
        .stdout(predicate::str::contains("Kantor DPD RI di Ibu Kota Provinsi Aceh"));
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["find", "biro organisasi", "--kind", "unit"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Biro Organisasi, Keanggotaan, dan Kepegawaian"));
}

#[test]
fn banten_fixed_imports_completely() {
    let Some(dir) = real_data("banten-fixed") else { return };
    let (_tmp, db, import) = import_into_new_db(&dir);
    import.success().stdout(predicate::str::contains("282 units, 3762 positions"));
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["show", "B676"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Unit Inspektur"))
        .stdout(predicate::str::contains("ARSIPARIS PENYELIA"));
}

#[test]
fn banten_raw_is_rejected_for_each_real_defect_and_writes_nothing() {
    let Some(dir) = real_data("banten-raw") else { return };
    let (_tmp, db, import) = import_into_new_db(&dir);
    let out = import.code(2).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let problems: Vec<&str> = stderr.lines().filter(|l| l.contains(".csv:")).collect();
    let tail = |l: &str| l.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        problems.iter().map(|l| tail(l)).collect::<Vec<_>>(),
        [
            "units.csv:76: parent_code: unit 'B1068' is its own parent (a cycle)",
            "positions.csv:678: unit_code: required value is empty",
            "positions.csv:679: unit_code: required value is empty",
            "positions.csv:680: unit_code: required value is empty",
            "positions.csv:681: unit_code: required value is empty",
        ]
    );
    // Refused into a path where there was no database: none is left there.
    assert!(!db.exists(), "{} was left behind", db.display());
}
