//! Safe defaults: `--read-only` writes nothing whatever the command, and a database
//! is never created by accident (a mistyped `--db` is an error, not an empty "all
//! clear").

mod common;

use std::path::Path;

use common::{Backend, export, jabat};

/// Everything a database holds that a command could change: the content, the
/// journal, the drafts and the reviews.
fn snapshot(db: &common::TestDb, dir: &Path) -> Vec<String> {
    let mut all: Vec<String> =
        export(db, dir).into_iter().map(|(name, bytes)| format!("{name}: {}", bytes.len())).collect();
    for args in [
        &["history", "--format", "json"][..],
        &["draft", "list", "--format", "json"],
        &["review", "--all", "--format", "json"],
    ] {
        let out = jabat().arg("--db").arg(db).args(args).output().unwrap();
        all.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    all
}

fn every_command_that_writes_is_refused_under_read_only_and_nothing_changes(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let db = backend.fresh("read_only");
    let run = |args: &[&str]| jabat().arg("--db").arg(&db).args(args).output().unwrap();
    assert!(run(&["generate", "--preset", "city", "--employees", "600"]).status.success());
    assert!(run(&["ops", "do", "rename-unit", "1276.12", "name=Dinas Kominfo"]).status.success());
    assert!(run(&["draft", "new", "d"]).status.success());
    assert!(run(&["draft", "add", "d", "rename-unit", "1276.13", "name=Dinas Perhubungan Kota"]).status.success());
    let data = tmp.path().join("data");
    export(&db, &data);
    let ops = tmp.path().join("ops.txt");
    std::fs::write(&ops, "rename-unit 1276.14 name=X\n").unwrap();
    let before = snapshot(&db, &tmp.path().join("before"));

    let data = data.to_str().unwrap();
    let ops = ops.to_str().unwrap();
    // One of each: every arm of `Command::writes` that says yes.
    let writing: &[&[&str]] = &[
        &["import", data],
        &["import", "--merge", data],
        &["import", "--replace", data],
        &["generate", "--replace", "--employees", "50"],
        &["generate"],
        &["init"],
        &["ops", "apply", ops],
        &["ops", "do", "rename-unit", "1276.14", "name=Y"],
        &["ops", "merge", "1276.12.03", "1276.12.02"],
        &["ops", "remove", "1276.12.04.02"],
        &["ops", "undo"],
        &["ops", "redo"],
        &["draft", "new", "e"],
        &["draft", "add", "d", "rename-unit", "1276.14", "name=Z"],
        &["draft", "apply", "d"],
        &["draft", "discard", "d"],
    ];
    for args in writing {
        let out = jabat().arg("--db").arg(&db).arg("--read-only").args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("read-only") && stderr.contains("writes to the database"), "{args:?}: {stderr}");
    }
    assert_eq!(snapshot(&db, &tmp.path().join("after")), before, "a read-only command changed the database");
    // What only reads still works read-only.
    for args in [&["check"][..], &["ops", "apply", "--dry-run", ops], &["import", "--dry-run", data], &["stats"]] {
        let out = jabat().arg("--db").arg(&db).arg("--read-only").args(args).output().unwrap();
        assert_ne!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_mistyped_database_path_is_an_error_and_nothing_is_created() {
    // Regression: a mistyped --db silently created an empty database, and `check` then
    // said "0 findings" with exit 0.
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("typo");
    for args in [
        &["check"][..],
        &["tree"],
        &["show", "1276"],
        &["find", "siregar"],
        &["stats"],
        &["history"],
        &["draft", "list"],
        &["ops", "undo"],
        &["gaps", "1276"],
        &["export", "out"],
    ] {
        let out = jabat().arg("--db").arg(&db).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&format!("no database at {}", db.display())), "{args:?}: {stderr}");
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
    // Validating an import needs no database and makes none.
    let data = tmp.path().join("data");
    common::write_dir(tmp.path(), "data", &[("units.csv", b"code,parent_code,name\nA,,Alpha\n")]);
    jabat().arg("--db").arg(&db).args(["import", "--dry-run"]).arg(&data).assert().success();
    assert!(!db.exists());
    // `init` makes an empty one, and says so again without harm; checking an empty
    // database is no all clear.
    jabat().arg("--db").arg(&db).arg("init").assert().success();
    jabat().arg("--db").arg(&db).arg("init").assert().success().stdout(predicates::str::contains("already"));
    let out = jabat().arg("--db").arg(&db).args(["check", "--format", "csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error,database.empty"));
    // And import creates one too.
    let other = tmp.path().join("other");
    jabat().arg("--db").arg(&other).arg("import").arg(&data).assert().success();
    jabat().arg("--db").arg(&other).arg("tree").assert().success();
}

on_each_backend!(every_command_that_writes_is_refused_under_read_only_and_nothing_changes);
