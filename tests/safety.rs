//! Safe defaults: `--read-only` writes nothing whatever the command, and a database
//! is never created by accident (a mistyped `--db` is an error, not an empty "all
//! clear").

use crate::common;

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
        &["review", "1276.05.53-J01", "--nominate", "198104182004081013"],
        &["review", "1276.05.53-J01", "--undo"],
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

/// Every command that only reads, one of each (`Command::writes` says no), as a user or
/// a cron job runs it; `DATA`, `OPS` and `OUT` stand for an import directory, an
/// operations file and a directory to export into, outside the database.
const READING: &[&[&str]] = &[
    &[],
    &["tree", "--depth", "2"],
    &["show", "1276.05"],
    &["show", "1276.05.01-J01"],
    &["find", "kepala", "--limit", "3"],
    &["stats", "--format", "json"],
    &["export", "OUT"],
    &["gaps", "1276.05"],
    &["gaps", "1276.05.01-J01"],
    &["candidates", "1276.05.01-J01", "--format", "json"],
    &["review", "--all"],
    &["review", "1276.05.01-J01"],
    &["export-review", "1276.05.01-J01", "--format", "csv"],
    &["ninebox", "1276.05"],
    &["ninebox", "1276.05", "--format", "svg"],
    &["training-needs", "1276.05"],
    &["formation", "1276.05"],
    &["formation", "1276", "--shortages"],
    &["performance", "1276.05"],
    &["history"],
    &["history", "1276.12"],
    &["check"],
    &["check", "--integrity"],
    &["rules", "--show"],
    &["draft", "list"],
    &["draft", "show", "d"],
    &["draft", "diff", "d"],
    &["ops", "export", "-"],
    &["ops", "apply", "--dry-run", "OPS"],
    &["import", "--dry-run", "DATA"],
    &["server", "status"],
];

#[test]
fn under_read_only_no_command_changes_a_byte_of_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let run = |args: &[&str]| jabat().arg("--db").arg(&db).args(args).output().unwrap();
    assert!(run(&["generate", "--preset", "city", "--employees", "600"]).status.success());
    // Edits after the import: sled's log holds what its snapshot does not yet, which
    // opening it in place would write out.
    assert!(run(&["ops", "do", "rename-unit", "1276.12", "name=Dinas Kominfo"]).status.success());
    assert!(run(&["draft", "new", "d"]).status.success());
    assert!(run(&["draft", "add", "d", "rename-unit", "1276.13", "name=Dinas Perhubungan Kota"]).status.success());
    assert!(run(&["server", "stop"]).status.success());
    let data = tmp.path().join("data");
    assert!(run(&["--read-only", "export", data.to_str().unwrap()]).status.success());
    let ops = tmp.path().join("ops.txt");
    std::fs::write(&ops, "rename-unit 1276.14 name=X\n").unwrap();
    let before = common::every_file(&db);
    for (i, args) in READING.iter().enumerate() {
        let out_dir = tmp.path().join(format!("out{i}"));
        let args: Vec<&str> = args
            .iter()
            .map(|a| match *a {
                "OUT" => out_dir.to_str().unwrap(),
                "DATA" => data.to_str().unwrap(),
                "OPS" => ops.to_str().unwrap(),
                other => other,
            })
            .collect();
        let out = jabat().arg("--db").arg(&db).arg("--read-only").args(&args).output().unwrap();
        assert_ne!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let after = common::every_file(&db);
        let changed: Vec<_> = after.iter().filter(|(p, b)| before.get(*p) != Some(b)).map(|(p, _)| p).collect();
        assert!(after == before, "--read-only {args:?} changed {changed:?}");
    }
    // Stopping a shared server, or being one, is no reading.
    assert!(run(&["stats"]).status.success(), "a server for the others");
    for args in [&["server", "stop"][..], &["serve"]] {
        let out = jabat().arg("--db").arg(&db).arg("--read-only").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"), "{args:?}");
    }
    assert!(run(&["server", "status"]).status.success(), "the server goes on");
    assert!(run(&["server", "stop"]).status.success());
}

#[test]
fn every_file_of_a_database_is_its_owners_alone_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let bin = env!("CARGO_BIN_EXE_jabat");
    for umask in ["000", "022"] {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("db");
        let out = tmp.path().join("out");
        let script = format!(
            "umask {umask}; J='{bin} --db {db}'; $J generate --employees 400 && \
             $J ops do rename-unit 1276.12 name=Kominfo && $J show 1276.12 >/dev/null && \
             $J ops undo && $J export {out} && $J server stop",
            db = db.display(),
            out = out.display()
        );
        let ran = std::process::Command::new("sh").args(["-c", &script]).env("LANG", "C").output().unwrap();
        assert!(ran.status.success(), "umask {umask}: {}", String::from_utf8_lossy(&ran.stderr));
        let mut seen = 0;
        let mut stack = vec![db.clone()];
        while let Some(dir) = stack.pop() {
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "umask {umask}: {}", dir.display());
            for entry in std::fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                let kind = entry.file_type().unwrap();
                if kind.is_dir() {
                    stack.push(entry.path());
                } else if kind.is_file() {
                    let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
                    assert_eq!(mode, 0o600, "umask {umask}: {}", entry.path().display());
                    seen += 1;
                }
            }
        }
        assert!(seen >= 5, "sled's files and snapshot, the server's log and start lock: {seen}");
        for name in ["conf", "db", "server.log"] {
            assert!(db.join(name).is_file(), "umask {umask}: {name} was looked at");
        }
        // An export is the user's to hand on: it follows their umask.
        let wanted = if umask == "000" { 0o666 } else { 0o644 };
        let units = std::fs::metadata(out.join("units.csv")).unwrap().permissions().mode() & 0o777;
        assert_eq!(units, wanted, "umask {umask}: the export");
    }
}
