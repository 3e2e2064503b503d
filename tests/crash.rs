//! A structural change applies completely or not at all, also when the process dies in
//! the middle: the real binary is killed (SIGKILL at random moments, and aborted at
//! chosen points of the write) during a large merge and during a draft apply; the
//! database reopened holds the structure before or after, never a mix, and every index,
//! total and count agrees with a rebuild. The kills are counted: the test fails unless
//! some of them landed inside the commit (told by the redo record a reopen finds), the
//! commit drawn out for them by a pause before each tree. The same holds in PostgreSQL,
//! for a merge and for an import that replaces everything.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use jabat::edit;
use jabat::interchange::generate::{Options, Preset, generate};
use jabat::model::Draft;
use jabat::store::{OpenOptions, SledStore, Store, StoreError};

fn exported(db: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let store = SledStore::open(db).unwrap();
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new(), "integrity of {}", db.display());
    drop(store);
    assert!(jabat(db, &["export", out.to_str().unwrap()]).status().unwrap().success());
    common::files(out)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A city database, and the same with the two largest dinas merged as a draft named
/// `big` (the merge: a dinas of about 2 000 people into another).
fn city_with_draft(root: &Path) -> PathBuf {
    let db = root.join("start");
    let store = SledStore::open(&db).unwrap();
    store
        .replace_dataset(&generate(Options {
            preset: Preset::City,
            employees: None,
            seed: 3,
            as_of: common::sample_day(),
        }))
        .unwrap();
    let ops = edit::merge_ops(&edit::Staged::new(&store).unwrap(), "1276.04", "1276.05").unwrap();
    store
        .put_draft(&Draft { name: "big".into(), created: edit::stamp_now(&store), changes: vec![(ops, None)] })
        .unwrap();
    drop(store);
    db
}

/// The binary on `db` opened directly (`--no-server`): the process killed here is the
/// one writing, not a client of a server that would finish the write.
fn jabat(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("jabat"));
    c.arg("--db").arg(db).arg("--no-server").args(args).env("NO_COLOR", "1");
    c
}

/// Whether the database in `db` holds a change a kill interrupted inside its commit (its
/// redo record written, its trees not all): a read-only open refuses it for that.
fn interrupted_inside_a_commit(db: &Path) -> bool {
    match SledStore::open_with(db, OpenOptions { create: false, read_only: true }) {
        Err(StoreError::NeedsWrite { why, .. }) => why.contains("interrupted change"),
        _ => false,
    }
}

/// How many of a command's kills must land inside its commit for the run to count: a
/// run whose kills all fall before or after it tests nothing of what it is for.
const KILLS_INSIDE_AT_LEAST: usize = 2;

/// The pause before each tree of a commit (`JABAT_TEST_PAUSE_PER_TREE_MS`): a commit's
/// own few milliseconds are narrower than the spread of a process's timing, so kills
/// at chosen moments would land inside it by luck only.
const PAUSE_PER_TREE_MS: u64 = 25;

/// Runs `args` on copies of `start` killed at several moments and aborted inside the
/// write; each outcome must export as `before` or `after`.
fn survives(root: &Path, start: &Path, args: &[&str], name: &str) {
    let before = exported(start, &root.join(format!("{name}-before")));
    let done = root.join(format!("{name}-done"));
    copy_dir(start, &done);
    let began = std::time::Instant::now();
    assert!(
        jabat(&done, args)
            .env("JABAT_TEST_PAUSE_PER_TREE_MS", PAUSE_PER_TREE_MS.to_string())
            .status()
            .unwrap()
            .success()
    );
    let took = began.elapsed();
    let after = exported(&done, &root.join(format!("{name}-after")));
    assert_ne!(before, after, "the change changes something");
    let [mut seen_before, mut seen_inside, mut seen_after] = [0, 0, 0];
    let mut kills = 0;
    // SIGKILL at moments spread over the command's own life (as long as it took here),
    // then, round by round, over the stretch between the latest kill that left the
    // structure before and the earliest that left it after: where the commit is.
    let (mut from, mut to) = (took.mul_f64(0.05), took.mul_f64(1.05));
    for round in 0..6 {
        if seen_inside >= KILLS_INSIDE_AT_LEAST {
            break;
        }
        let (mut latest_before, mut earliest_after) = (from, to);
        for i in 0..8u32 {
            let at = from + (to - from).mul_f64(f64::from(i) / 7.0);
            let db = root.join(format!("{name}-kill{round}-{i}"));
            copy_dir(start, &db);
            let mut child = jabat(&db, args)
                .env("JABAT_TEST_PAUSE_PER_TREE_MS", PAUSE_PER_TREE_MS.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(at);
            let _ = child.kill();
            let _ = child.wait();
            kills += 1;
            let inside = interrupted_inside_a_commit(&db);
            let got = exported(&db, &root.join(format!("{name}-kill{round}-{i}-out")));
            assert!(
                got == before || got == after,
                "{name}: killed after {at:?}, the structure is neither before nor after"
            );
            assert!(!inside || got == after, "{name}: a kill inside the commit is finished on reopen");
            match (inside, got == after) {
                (true, _) => seen_inside += 1,
                (false, true) => {
                    seen_after += 1;
                    earliest_after = earliest_after.min(at);
                }
                (false, false) => {
                    seen_before += 1;
                    latest_before = latest_before.max(at);
                }
            }
            let _ = std::fs::remove_dir_all(&db);
        }
        // The next round looks where the outcome turned, a little wider than seen
        // (one run is not the next on a busy machine).
        let (lo, hi) = (latest_before.min(earliest_after), latest_before.max(earliest_after));
        let margin = (hi - lo).max(Duration::from_millis(4)).mul_f64(0.5);
        (from, to) = (lo.saturating_sub(margin), hi + margin);
    }
    eprintln!(
        "{name} ({took:?}): of {kills} kills {seen_before} before the commit, {seen_inside} inside, {seen_after} after"
    );
    assert!(
        seen_inside >= KILLS_INSIDE_AT_LEAST,
        "{name}: only {seen_inside} of the kills landed inside the commit ({seen_before} before, {seen_after} after)"
    );
    // Aborted inside the write, after 0, 1, 3 and 6 trees of it: the redo record is
    // already durable, so the next open finishes the change.
    for trees in [0, 1, 3, 6] {
        let db = root.join(format!("{name}-abort{trees}"));
        copy_dir(start, &db);
        let status = jabat(&db, args).env("JABAT_TEST_ABORT_AFTER_TREES", trees.to_string()).status().unwrap();
        assert!(!status.success(), "the process was aborted");
        assert!(interrupted_inside_a_commit(&db), "{name}: aborted after {trees} trees, inside the commit");
        let got = exported(&db, &root.join(format!("{name}-abort{trees}-out")));
        assert!(got == after, "{name}: aborted after {trees} trees, the change was not finished on reopen");
    }
}

#[test]
fn a_killed_merge_or_draft_apply_leaves_the_structure_before_or_after() {
    let tmp = tempfile::tempdir().unwrap();
    let start = city_with_draft(tmp.path());
    survives(tmp.path(), &start, &["ops", "merge", "1276.04", "1276.05"], "merge");
    survives(tmp.path(), &start, &["draft", "apply", "big"], "draft");
}

/// A PostgreSQL database exported (after its integrity is checked).
fn exported_pg(url: &str, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let store = jabat::store::PgStore::open(url, jabat::store::OpenOptions::EXISTING).unwrap();
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new(), "integrity of {url}");
    drop(store);
    common::export(url, out)
}

#[test]
fn on_postgres_a_killed_merge_or_import_leaves_the_database_before_or_after() {
    let Ok(pg) = common::pg::cluster() else {
        common::skip(common::pg::cluster().err().unwrap_or_default());
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let start_dir = city_with_draft(root);
    let start = pg.database("crash_start");
    assert!(
        Command::new(assert_cmd::cargo::cargo_bin("jabat"))
            .args(["copy", "--from"])
            .arg(&start_dir)
            .args(["--to", &start])
            .status()
            .unwrap()
            .success()
    );
    // What an import brings: another city, written over everything.
    let other = root.join("other");
    common::jabat().args(["generate", "--preset", "city", "--seed", "11", "--out"]).arg(&other).assert().success();
    let other = other.to_string_lossy().into_owned();
    let before = exported_pg(&start, &root.join("pg-before"));
    for (name, args) in
        [("merge", vec!["ops", "merge", "1276.04", "1276.05"]), ("import", vec!["import", "--replace", other.as_str()])]
    {
        let done = pg.copy_of(&start, name);
        let status = Command::new(assert_cmd::cargo::cargo_bin("jabat")).args(["--db", &done]).args(&args).status();
        assert!(status.unwrap().success());
        let after = exported_pg(&done, &root.join(format!("pg-{name}-after")));
        assert_ne!(before, after, "the change changes something");
        let mut seen = [0, 0];
        for (i, delay) in [5u64, 30, 60, 100, 150, 250, 400, 700, 1000, 1600, 2500].into_iter().enumerate() {
            let db = pg.copy_of(&start, name);
            let mut child = Command::new(assert_cmd::cargo::cargo_bin("jabat"))
                .args(["--db", &db])
                .args(&args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            let _ = child.kill();
            let _ = child.wait();
            let got = exported_pg(&db, &root.join(format!("pg-{name}-kill{i}")));
            assert!(got == before || got == after, "{name}: killed after {delay} ms, neither before nor after");
            seen[usize::from(got == after)] += 1;
        }
        eprintln!("{name} on PostgreSQL: {} kills before the commit, {} after", seen[0], seen[1]);
    }
}
