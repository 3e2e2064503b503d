//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

pub mod pg;
pub mod tui;

/// The day the tests' samples are made as of, and (through `JABAT_TODAY`) the day the
/// binary evaluates as of: fixed, so that every figure a test expects stays the same
/// whatever the calendar says.
pub fn sample_day() -> jabat::model::Date {
    jabat::model::Date::parse(SAMPLE_DAY_TEXT).expect("a date")
}

/// `sample_day()` as the binary takes it.
pub const SAMPLE_DAY_TEXT: &str = "2026-07-01";

/// The jabat binary with a fixed language, no colour and a fixed day, as a script
/// would see it.
pub fn jabat() -> Command {
    let mut cmd = Command::cargo_bin("jabat").expect("binary built");
    cmd.env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("JABAT_DB")
        .env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
        .env("JABAT_TODAY", SAMPLE_DAY_TEXT);
    cmd
}

/// The sample `--demo` shows: the city preset, seed 1, made as of the sample day.
pub fn demo_sample() -> &'static jabat::model::Dataset {
    static SAMPLE: std::sync::OnceLock<jabat::model::Dataset> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        use jabat::interchange::generate;
        generate::generate(generate::Options {
            preset: generate::Preset::City,
            employees: None,
            seed: 1,
            as_of: sample_day(),
        })
    })
}

/// `../shared/data/real/<name>`, or `None` (with the reason printed) when the shared
/// material is not beside the checkout.
pub fn real_data(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real").join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is not there (the shared material sits beside the repository)", dir.display());
        None
    }
}

/// A test that cannot run here says why; under CI (`CI=true`, as `.ci/run` runs it)
/// that is a failure, since CI installs every tool the tests use.
pub fn skip(why: impl std::fmt::Display) {
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "SKIPPED under CI=true, where every test must run: {why}"
    );
    eprintln!("SKIPPED {why}");
}

/// Every file below `dir` (sockets and the like left out), by path relative to it, with
/// its bytes: what a command must leave as it was.
pub fn every_file(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, all: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let entry = entry.expect("entry");
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                walk(root, &entry.path(), all);
            } else if kind.is_file() {
                let path = entry.path();
                let bytes = std::fs::read(&path).expect("read");
                all.insert(path.strip_prefix(root).expect("below").to_path_buf(), bytes);
            }
        }
    }
    let mut all = std::collections::BTreeMap::new();
    walk(dir, dir, &mut all);
    all
}

/// Every file of a directory, name → bytes, for comparing exports.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Writes `files` (name, content) into a new directory under `root`.
pub fn write_dir(root: &Path, name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (file, content) in files {
        std::fs::write(dir.join(file), content).expect("write");
    }
    dir
}

/// Exports a database into `out` and returns its files.
pub fn export(db: impl AsRef<std::ffi::OsStr>, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    jabat().arg("--db").arg(db).arg("export").arg(out).assert().success();
    files(out)
}

/// Imports `input` into a new database; returns the database's directory (kept alive
/// by the returned guard) and the finished command, for assertions.
pub fn import_into_new_db(input: &Path) -> (tempfile::TempDir, PathBuf, assert_cmd::assert::Assert) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("db");
    let assert = jabat().arg("--db").arg(&db).arg("import").arg(input).assert();
    (tmp, db, assert)
}

/// A `jabat serve` child, stopped (killed if need be) when dropped.
pub struct Served {
    /// The process.
    pub child: Child,
    /// Its socket.
    pub socket: PathBuf,
}

impl Served {
    pub fn start(db: &Path, extra: &[&str]) -> Served {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"));
        cmd.env("LANG", "C").env_remove("JABAT_DB").arg("--db").arg(db).arg("serve").args(extra);
        let child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("jabat serve starts");
        let socket = jabat::server::serve::socket_path(db);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !matches!(jabat::server::socket::connect(db), Ok(Some(_))) {
            assert!(Instant::now() < deadline, "the server listens within 20 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        Served { child, socket }
    }

    /// Stops the server (`jabat server stop`) and returns what it logged.
    pub fn log_after_stop(mut self, db: &Path) -> String {
        jabat().arg("--db").arg(db).args(["server", "stop"]).assert().success();
        assert!(self.ended_within(Duration::from_secs(10)), "stopped");
        let mut log = String::new();
        std::io::Read::read_to_string(self.child.stderr.as_mut().unwrap(), &mut log).unwrap();
        log
    }

    /// Waits for the server to end by itself; whether it did in `within`.
    pub fn ended_within(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if self.child.try_wait().expect("waits").is_some() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Stops the server of the database in `db`, if one runs (the commands a test ran start
/// one), and waits until it has let the database go.
pub fn stop_server(db: &Path) {
    if !matches!(jabat::server::socket::connect(db), Ok(Some(_))) {
        return;
    }
    let _ = jabat().arg("--db").arg(db).args(["server", "stop"]).output();
    let deadline = Instant::now() + Duration::from_secs(20);
    while jabat::store::holder(db).is_some() || matches!(jabat::server::socket::connect(db), Ok(Some(_))) {
        assert!(Instant::now() < deadline, "the server of {} stops", db.display());
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Commits `ops` as if `user` had made them (another analyst on a shared database).
pub fn commit_as(
    store: &dyn jabat::store::Store,
    user: &str,
    ops: Vec<jabat::model::Op>,
) -> jabat::model::JournalEntry {
    let planned = jabat::edit::plan(store, &ops).unwrap();
    let against = planned.staged.against();
    let entry = jabat::model::JournalEntry {
        seq: 0,
        stamp: jabat::model::Stamp { user: user.into(), at: 1_780_000_000 },
        reason: None,
        origin: jabat::model::Origin::Edit,
        ops: planned.ops,
        inverse: planned.inverse,
    };
    store.commit(&planned.staged.into_change(), entry, None, against).unwrap()
}

/// OS users made for a test (as root: the caller checks), with homes under `root`,
/// removed with their processes when dropped. One test at a time holds any: the users
/// are the machine's, and two tests of the one binary making the same name would remove
/// it under each other.
pub struct OsUsers(Vec<String>, std::sync::MutexGuard<'static, ()>);

impl OsUsers {
    pub fn make(root: &Path, names: &[&str]) -> OsUsers {
        static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let mut made = OsUsers(Vec::new(), MAKING.lock().unwrap_or_else(|e| e.into_inner()));
        for name in names {
            // Left by a run that was cut short: its processes (a server) first.
            let _ = std::process::Command::new("pkill").args(["-KILL", "-u", name]).output();
            let _ = std::process::Command::new("userdel").arg(name).output();
            // A password field of `*`: no password, yet not locked (sshd refuses a key to
            // a locked account).
            let ok = std::process::Command::new("useradd")
                .args(["--create-home", "--shell", "/bin/sh", "--password", "*", "--home-dir"])
                .arg(root.join(name))
                .arg(name)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "as root, useradd makes the test's user {name}");
            made.0.push(name.to_string());
        }
        made
    }
}

impl Drop for OsUsers {
    fn drop(&mut self) {
        for name in &self.0 {
            let _ = std::process::Command::new("pkill").args(["-KILL", "-u", name]).output();
            let _ = std::process::Command::new("userdel").arg(name).output();
        }
    }
}

/// Where a test keeps its database: the CLI suites run once on each (see
/// [`on_each_backend!`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A database directory (sled).
    Sled,
    /// A database on the test cluster (see [`pg`]).
    Postgres,
}

/// A test's database: what `--db` is given, and what keeps it.
pub struct TestDb {
    /// The directory or the URL.
    pub arg: String,
    /// Which backend.
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

impl Backend {
    /// PostgreSQL when the test cluster runs; `None` (saying why) when it cannot.
    pub fn postgres(test: &str) -> Option<Backend> {
        match pg::cluster() {
            Ok(_) => Some(Backend::Postgres),
            Err(why) => {
                skip(format!("{test} on PostgreSQL: {why}"));
                None
            }
        }
    }

    /// The sample `--demo` shows ([`demo_sample`]) in a new database of the test's own.
    pub fn demo(self, test: &str) -> TestDb {
        match self {
            Backend::Sled => {
                let db = self.fresh(test);
                let store = jabat::store::SledStore::open(db.dir()).expect("opens");
                jabat::store::Store::replace_dataset(&store, demo_sample()).expect("writes the sample");
                db
            }
            Backend::Postgres => {
                let pg = pg::cluster().expect("checked by Backend::postgres");
                TestDb { arg: pg.copy_of(pg::demo_template(), test), backend: self, _dir: None }
            }
        }
    }

    /// A new database that does not exist yet (a directory) or is empty (PostgreSQL).
    pub fn fresh(self, test: &str) -> TestDb {
        match self {
            Backend::Sled => {
                let dir = tempfile::tempdir().expect("tempdir");
                let arg = dir.path().join("db").to_string_lossy().into_owned();
                TestDb { arg, backend: self, _dir: Some(dir) }
            }
            Backend::Postgres => TestDb {
                arg: pg::cluster().expect("checked by Backend::postgres").database(test),
                backend: self,
                _dir: None,
            },
        }
    }
}

impl TestDb {
    /// [`jabat`] on this database.
    pub fn jabat(&self) -> Command {
        let mut cmd = jabat();
        cmd.arg("--db").arg(&self.arg);
        cmd
    }

    /// The database directory (sled only).
    pub fn dir(&self) -> &Path {
        assert_eq!(self.backend, Backend::Sled, "only a directory has a path");
        Path::new(&self.arg)
    }

    /// The store itself, opened directly for writing (the server commands started for
    /// a directory is stopped first).
    pub fn open(&self) -> Box<dyn jabat::store::Store> {
        match self.backend {
            Backend::Sled => {
                stop_server(self.dir());
                Box::new(jabat::store::SledStore::open(self.dir()).expect("opens"))
            }
            Backend::Postgres => {
                Box::new(jabat::store::PgStore::open(&self.arg, jabat::store::OpenOptions::EXISTING).expect("opens"))
            }
        }
    }
}

impl TestDb {
    /// Commits `ops` as another analyst, `user`, would while the test has `store` open
    /// on this database: on PostgreSQL through a connection of that role (made an
    /// editor; the journal takes the engine's session user, not a name given); on a
    /// directory through `store`, stamped with the name.
    pub fn commit_as(
        &self,
        store: &dyn jabat::store::Store,
        user: &str,
        ops: Vec<jabat::model::Op>,
    ) -> jabat::model::JournalEntry {
        match self.backend {
            Backend::Sled => commit_as(store, user, ops),
            Backend::Postgres => {
                use jabat::store::{OpenOptions, PgStore};
                // Roles are the cluster's: one test at a time makes them.
                static ROLES: std::sync::Mutex<()> = std::sync::Mutex::new(());
                {
                    let _one = ROLES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let admin = PgStore::open(&self.arg, OpenOptions::EXISTING).expect("opens");
                    admin.grant(user, jabat::store::postgres::DbRole::Editor).expect("grants");
                }
                let theirs =
                    PgStore::open(&pg::as_user(&self.arg, user), OpenOptions::EXISTING).expect("opens as the user");
                let entry = commit_as(&theirs, user, ops);
                assert_eq!(entry.stamp.user, user, "the engine's session user");
                entry
            }
        }
    }
}

impl AsRef<std::ffi::OsStr> for TestDb {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.arg.as_ref()
    }
}

/// Runs each named test (a `fn(Backend)`) once on a database directory and once on
/// PostgreSQL (skipped, saying why, without it): `sled::name`, `postgres::name`.
#[macro_export]
macro_rules! on_each_backend {
    ($($name:ident),* $(,)?) => {
        mod sled {
            $(#[test] fn $name() { super::$name($crate::common::Backend::Sled) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if let Some(backend) = $crate::common::Backend::postgres(stringify!($name)) {
                    super::$name(backend)
                }
            })*
        }
    };
}
