//! The bad-input matrix: each malformed input into a new database, with `--replace`
//! and with `--merge`, is refused with exit 2 and a `file:line: column:` message, and
//! the database is exactly as it was. Then sizes: what is legitimate however large is
//! stored, what is not is refused at the door, and nothing panics.

use crate::common;

use std::path::Path;

use common::{Backend, export, jabat, write_dir};

const UNITS: &str = "code,parent_code,name,kind\nI,,Pemerintah Kota Contoh,instansi\nD,I,Dinas Contoh,dinas\n";
const POSITIONS: &str = "code,unit_code,name,kind,needed\nD-1,D,Staf,pelaksana,2\n";
const EMPLOYEES: &str = "nip,name,position_code\n196608011988031001,Budi Siregar,D-1\n";

/// A good input directory with `replace` substituted for one table.
fn input(root: &Path, name: &str, table: &str, content: &str) -> std::path::PathBuf {
    let mut files: Vec<(&str, String)> =
        vec![("units.csv", UNITS.into()), ("positions.csv", POSITIONS.into()), ("employees.csv", EMPLOYEES.into())];
    match files.iter_mut().find(|(f, _)| *f == table) {
        Some(slot) => slot.1 = content.to_string(),
        None => files.push((table, content.to_string())),
    }
    let files: Vec<(&str, &[u8])> = files.iter().map(|(f, c)| (*f, c.as_bytes())).collect();
    write_dir(root, name, &files)
}

/// Each case: the table, its content, and what the message must say.
fn cases() -> Vec<(&'static str, String, &'static str)> {
    vec![
        // An unclosed quote swallowed the rest of the file (two trainings lost, one
        // with a multi-line name; with --merge a unit's name took in the next line).
        (
            "trainings.csv",
            "nip,name,kind,year\n196608011988031001,\"Diklat PIM,struktural,2019\n196608011988031001,Latsar,dasar,2020\n196608011988031001,Bimtek,teknis,2021\n"
                .into(),
            "trainings.csv:2: name: a quoted value opened on this line runs over",
        ),
        (
            "units.csv",
            "code,parent_code,name,kind\nI,,Pemerintah Kota Contoh,instansi\nD,I,\"Dinas Contoh,dinas\nE,I,Dinas Lain,dinas\n".into(),
            "units.csv:3: name: a quoted value opened on this line runs over",
        ),
        // Escape sequences: clearing the screen, setting the clipboard, a bell, a NUL.
        ("units.csv", format!("{UNITS}X,I,Dinas\x1b[2J,dinas\n"), "units.csv:4: name: the value holds a control character (U+001B)"),
        ("employees.csv", format!("{EMPLOYEES}196608011988031002,Siti\x1b]52;c;aGk=\x07,D-1\n"), "employees.csv:3: name: the value holds a control character"),
        ("positions.csv", format!("{POSITIONS}D-2,D,Staf\x07,pelaksana,1\n"), "positions.csv:3: name: the value holds a control character (U+0007)"),
        ("units.csv", format!("{UNITS}Y,I,Dinas\0,dinas\n"), "units.csv:4: name: the value holds a control character (U+0000)"),
        // A name of 70 000 characters.
        ("units.csv", format!("{UNITS}Z,I,{},dinas\n", "A".repeat(70_000)), "units.csv:4: name: the value is 70000 characters long; at most 500"),
        ("trainings.csv", format!("nip,name\n196608011988031001,{}\n", "B".repeat(600)), "trainings.csv:2: name: the value is 600 characters long"),
    ]
}

fn every_bad_input_is_refused_in_every_mode_naming_the_place_and_changing_nothing(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let good = input(tmp.path(), "good", "employees.csv", EMPLOYEES);
    let db = backend.fresh("bad_input");
    jabat().arg("--db").arg(&db).arg("import").arg(&good).assert().success();
    let before = export(&db, &tmp.path().join("before"));
    for (n, (table, content, expected)) in cases().into_iter().enumerate() {
        let bad = input(tmp.path(), &format!("bad{n}"), table, &content);
        for mode in ["new", "--replace", "--merge"] {
            let new = backend.fresh(&format!("bad_input_new{n}"));
            let (target, args) = match mode {
                "new" => (&new, vec!["import"]),
                m => (&db, vec!["import", m]),
            };
            let out = target.jabat().args(&args).arg(&bad).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).replace(&format!("{}/", bad.display()), "");
            assert_eq!(out.status.code(), Some(2), "case {n} {mode}: {stderr}");
            assert!(stderr.contains(expected), "case {n} {mode}: expected {expected:?} in\n{stderr}");
            assert!(
                !stderr.contains('\x1b') && !stderr.contains('\x07'),
                "case {n}: a message printed a control character"
            );
            if mode == "new" {
                let tree = target.jabat().arg("tree").output().unwrap();
                let said = String::from_utf8_lossy(&tree.stderr);
                assert!(
                    tree.status.code() == Some(1)
                        || said.contains("no database at")
                        || said.contains("no jabat tables"),
                    "case {n}: a refused import left something: {said}"
                );
            }
        }
        assert_eq!(export(&db, &tmp.path().join(format!("after{n}"))), before, "case {n} changed the database");
    }
}

/// The `i`-th of many distinct valid NIPs: born 1960–1975, appointed 1995-01.
fn nip(i: usize) -> String {
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    let year = 1960 + (i / 336) % 16;
    let sex = 1 + (i / 5376) % 2;
    let seq = 1 + i / 10752;
    format!("{year:04}{month:02}{day:02}199501{sex}{seq:03}")
}

#[test]
fn large_but_legitimate_data_is_stored_and_read_back() {
    // Regression: any stored value over 64 KiB panicked ("a bucket entry is under 64
    // KiB"): a position with 10 000 holders, 3 000 trainings of one person.
    let tmp = tempfile::tempdir().unwrap();
    let mut employees = String::from("nip,name,position_code\n");
    let holders = 20_000;
    for i in 0..holders {
        employees.push_str(&format!("{},Guru {i},D-1\n", nip(i)));
    }
    let mut trainings = String::from("nip,name,kind,year\n");
    for i in 0..3_000 {
        trainings.push_str(&format!("{},Pelatihan ke-{i},teknis,{}\n", nip(0), 2000 + i % 25));
    }
    let dir = write_dir(
        tmp.path(),
        "big",
        &[
            ("units.csv", UNITS.as_bytes()),
            ("positions.csv", b"code,unit_code,name,kind,needed\nD-1,D,Guru,pelaksana,20000\nD-2,D,Staf,pelaksana,1\n"),
            ("employees.csv", employees.as_bytes()),
            ("trainings.csv", trainings.as_bytes()),
        ],
    );
    let db = tmp.path().join("db");
    let out = jabat().arg("--db").arg(&db).arg("import").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = jabat().arg("--db").arg(&db).args(["show", "D-1", "--format", "json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["filled"], holders);
    let out = jabat().arg("--db").arg(&db).args(["show", &nip(0), "--format", "json"]).output().unwrap();
    let person: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(person["trainings"].as_array().unwrap().len(), 3_000);
    // 5 000 people moved into one position by an operations file, in one step.
    let mut ops = String::new();
    for i in 0..5_000 {
        ops.push_str(&format!("place {} position=D-2\n", nip(i)));
    }
    let file = tmp.path().join("ops.txt");
    std::fs::write(&file, ops).unwrap();
    let out = jabat().arg("--db").arg(&db).args(["ops", "apply"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = jabat().arg("--db").arg(&db).args(["check", "--integrity", "--format", "json"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("agrees with a rebuild"));
    // A name of 100 000 characters is refused by an edit too, with the reason.
    let long = format!("name={}", "N".repeat(100_000));
    let out = jabat().arg("--db").arg(&db).args(["ops", "do", "rename-unit", "D", &long]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("100000 characters long; at most 500"));
    let out = jabat()
        .arg("--db")
        .arg(&db)
        .args(["ops", "do", "rename-unit", "D", "name=X", "--reason", "why\x1b[2J"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_stored_control_character_never_reaches_the_terminal_raw() {
    // Data written before the import refused them (or by another program) may still
    // hold escape sequences: no way out prints them raw.
    use jabat::store::Store;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    {
        let store = jabat::store::SledStore::open(&db).unwrap();
        let mut data = jabat::interchange::generate::generate(jabat::interchange::generate::Options {
            preset: jabat::interchange::generate::Preset::City,
            employees: Some(200),
            seed: 1,
            as_of: common::sample_day(),
        });
        let unit = data.units.iter_mut().find(|u| u.code == "1276.12").unwrap();
        unit.name = "Dinas\x1b]52;c;aGk=\x07\x1b[2J".into();
        store.replace_dataset(&data).unwrap();
    }
    jabat().arg("--db").arg(&db).args(["ops", "do", "rename-unit", "1276.13", "name=Dishub"]).assert().success();
    for args in [
        &["tree", "1276", "--depth", "1"][..],
        &["show", "1276.12"],
        &["show", "1276.12", "--format", "csv"],
        &["show", "1276.12", "--format", "json"],
        &["find", "dinas"],
        &["ops", "export", "-"],
        &["history"],
    ] {
        // As a terminal would get it (COLUMNS stands in for the width).
        let out = jabat().env("COLUMNS", "120").arg("--db").arg(&db).args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{args:?} printed a raw control character:\n{text}");
    }
    let tree = jabat().arg("--db").arg(&db).args(["tree", "1276", "--depth", "1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&tree.stdout).contains("Dinas␛]52;c;aGk=␇␛[2J"));
}

#[test]
fn smaller_faults_are_refused_with_a_message_that_does_not_mislead() {
    let tmp = tempfile::tempdir().unwrap();
    let refused = |dir: &Path, expected: &str| {
        let out = jabat().arg("--db").arg(tmp.path().join("db")).arg("import").arg(dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "expected {expected:?} in\n{stderr}");
    };
    // Tasks whose workload needs more people than a kebutuhan may hold, each within
    // the bounds of one task (the bounds themselves: import_errors.rs).
    let mut tasks = String::from("position_code,task,volume,minutes\n");
    for i in 0..50 {
        tasks.push_str(&format!("D-2,Tugas {i},100000000,75000\n"));
    }
    let dir = input(
        tmp.path(),
        "tasks",
        "positions.csv",
        "code,unit_code,name,kind\nD-1,D,Staf,pelaksana\nD-2,D,Staf,pelaksana\n",
    );
    std::fs::write(dir.join("tasks.csv"), tasks).unwrap();
    refused(&dir, "position D-2: its tasks give a kebutuhan of");
    // A tree deeper than a structure can be.
    let mut units = String::from("code,parent_code,name\nU0,,Root\n");
    for i in 1..=150 {
        units.push_str(&format!("U{i},U{},Unit {i}\n", i - 1));
    }
    let dir = write_dir(tmp.path(), "deep", &[("units.csv", units.as_bytes())]);
    refused(&dir, "units.csv:102: parent_code: unit 'U100' would be level 101; a unit tree has at most 100");
    // JSON: a table given twice, an unknown format, a newer version.
    let json = tmp.path().join("twice.json");
    std::fs::write(&json, r#"{"units":[{"code":"A","name":"Alpha"}],"units":[]}"#).unwrap();
    refused(&json, "the key \"units\" is given twice");
    std::fs::write(&json, r#"{"format":"other","version":7,"units":[{"code":"A","name":"Alpha"}]}"#).unwrap();
    refused(&json, "format: \"other\" is not \"jabat\"");
    refused(&json, "version 7 is newer than this jabat reads (1)");
    // A FIFO is not read (it would wait for ever); a link in a loop is not "missing".
    let dir = input(tmp.path(), "fifo", "employees.csv", EMPLOYEES);
    assert!(std::process::Command::new("mkfifo").arg(dir.join("ratings.csv")).status().unwrap().success());
    refused(&dir, "ratings.csv: not a regular file");
    let dir = input(tmp.path(), "loop", "employees.csv", EMPLOYEES);
    std::fs::remove_file(dir.join("units.csv")).unwrap();
    std::os::unix::fs::symlink(dir.join("units.csv"), dir.join("units.csv")).unwrap();
    refused(&dir, "units.csv: a symbolic link that leads nowhere or in a loop");
    // Operations whose messages misled.
    let db = tmp.path().join("ops-db");
    let good = input(tmp.path(), "good", "employees.csv", EMPLOYEES);
    jabat().arg("--db").arg(&db).arg("import").arg(&good).assert().success();
    for (line, expected) in [
        (&["rename-unit", "D", "name=A", "name=B"][..], "name= is given twice"),
        (&["move-unit", "D", "parent=D"], "'D' cannot move under itself"),
    ] {
        let out = jabat().arg("--db").arg(&db).args(["ops", "do"]).args(line).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(expected), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

on_each_backend!(every_bad_input_is_refused_in_every_mode_naming_the_place_and_changing_nothing);

/// What a terminal would take as a command: any control character but a line end.
fn controls(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().copied().filter(|b| (*b < 0x20 && *b != b'\n') || *b == 0x7f).collect()
}

#[test]
fn no_control_byte_reaches_the_terminal_through_any_message() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    jabat().arg("--db").arg(&db).args(["generate", "--employees", "300"]).assert().success();
    let osc52 = "\u{1b}]52;c;ZXZpbA==\u{7}";
    // A column's name (an OSC 52 clipboard write), a value (colour), a file of NULs, and
    // a link to a secret outside the import directory.
    let header = input(tmp.path(), "header", "units.csv", &UNITS.replacen(",kind\n", &format!(",kind,{osc52}\n"), 1));
    let value = input(
        tmp.path(),
        "value",
        "positions.csv",
        "code,unit_code,name,kind,eselon\nD-1,D,Kepala,administrator,\u{1b}[31mII.a\n",
    );
    let nuls = input(tmp.path(), "nuls", "units.csv", &"\0".repeat(100_000));
    let secret = tmp.path().join("shadow");
    std::fs::write(&secret, "root:$6$SECRET-HASH:19000:0:99999:7:::\n").unwrap();
    let linked = input(tmp.path(), "linked", "units.csv", UNITS);
    std::fs::remove_file(linked.join("units.csv")).unwrap();
    std::os::unix::fs::symlink(&secret, linked.join("units.csv")).unwrap();
    let mut said = Vec::new();
    for (i, dir) in [&header, &value, &nuls, &linked].into_iter().enumerate() {
        let new = tmp.path().join(format!("new{i}"));
        let out = jabat().arg("--db").arg(&new).arg("import").arg(dir).output().unwrap();
        assert!(controls(&out.stderr).is_empty(), "{}: {:?}", dir.display(), String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.len() < 4096, "{}: {} bytes said", dir.display(), out.stderr.len());
        said.push(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    assert!(said[0].contains("␛]52;c;ZXZpbA==␇"), "the column is shown, escaped: {}", said[0]);
    assert!(said[1].contains("␛[31mII.a"), "the value is shown, escaped: {}", said[1]);
    assert!(said[3].contains("leading out of the import directory") && !said[3].contains("SECRET"), "{}", said[3]);
    // Arguments said back, by a command opened directly and through a server.
    let quiet = "\u{1b}[2J\u{1b}]0;owned\u{7}";
    for args in [
        &["show", quiet][..],
        &["find", quiet],
        &["review", quiet],
        &["gaps", quiet],
        &["ninebox", quiet],
        &["history", quiet],
        &["ops", "do", "rename-unit", quiet, "name=x"],
    ] {
        let out = jabat().arg("--db").arg(&db).args(args).output().unwrap();
        assert!(controls(&out.stderr).is_empty(), "{args:?}: {:?}", String::from_utf8_lossy(&out.stderr));
        assert!(controls(&out.stdout).is_empty(), "{args:?}: {:?}", String::from_utf8_lossy(&out.stdout));
        assert!(!out.stderr.is_empty() || !out.stdout.is_empty(), "{args:?} says something");
    }
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
}
