//! The trust boundary of a shared database directory, tried as an attacker would: with
//! real OS users (made and removed here, as root), the jabat binary, and the kernel's
//! word on who is at the other end of a socket. docs/security.md says what holds and why.

use crate::common;

use std::io::{Read, Write};

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{OsUsers, jabat};

const BIN: &str = env!("CARGO_BIN_EXE_jabat");

/// Whether the test can make OS users; says why not otherwise (a failure under CI).
fn as_root(test: &str) -> bool {
    if nix::unistd::geteuid().is_root() {
        return true;
    }
    common::skip(format!("{test}: making OS users needs root"));
    false
}

/// What an attack is tried on: OS users with homes of their own, and root's city
/// database in a directory of the given mode, with no server running.
struct Scene {
    homes: tempfile::TempDir,
    _users: OsUsers,
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Scene {
    /// The scene for `test`, or `None` (said why) when OS users cannot be made.
    fn new(test: &str, users: &[&str], dir_mode: u32, access: Option<&str>) -> Option<Scene> {
        if !as_root(test) {
            return None;
        }
        let homes = tempfile::tempdir().unwrap();
        std::fs::set_permissions(homes.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let users = OsUsers::make(homes.path(), users);
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(dir_mode)).unwrap();
        let db = city(dir.path(), "db");
        if let Some(access) = access {
            std::fs::write(db.join("access.toml"), access).unwrap();
        }
        common::stop_server(&db);
        Some(Scene { homes, _users: users, dir, db })
    }

    /// A user's home.
    fn home(&self, user: &str) -> PathBuf {
        self.homes.path().join(user)
    }
}

/// `jabat ARGS` as `user` (their own home, a plain locale).
fn as_user(user: &str, home: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new("runuser")
        .args(["-u", user, "--"])
        .arg(BIN)
        .args(args)
        .env("HOME", home)
        .env("LANG", "C")
        .env_remove("JABAT_DB")
        .output()
        .expect("runuser runs")
}

/// A shell command as `user`.
fn sh_as(user: &str, script: &str) -> Output {
    Command::new("runuser").args(["-u", user, "--", "sh", "-c", script]).output().expect("runuser runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A city database of 300 people in `dir/name`, made by root.
fn city(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    jabat().arg("--db").arg(&db).args(["generate", "--preset", "city", "--employees", "300"]).assert().success();
    db
}

/// `jabat serve` on `db` as `user` (root when `None`), in the foreground of a child whose
/// standard error is its log; waits until it listens.
struct Server {
    child: std::process::Child,
    /// The server itself (the child may be `runuser` around it).
    pid: i32,
    log: PathBuf,
}

impl Server {
    fn start(db: &Path, user: Option<&str>, open_files: u32, log: PathBuf) -> Server {
        let script = format!("ulimit -n {open_files}; exec {BIN} --db '{}' serve", db.display());
        let mut command = match user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--", "sh", "-c", &script]);
                c
            }
            None => {
                let mut c = Command::new("sh");
                c.args(["-c", &script]);
                c
            }
        };
        let log_file = std::fs::File::create(&log).unwrap();
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o666)).unwrap();
        let child = command.env("LANG", "C").stdout(Stdio::null()).stderr(log_file).spawn().unwrap();
        let socket = db.join("jabat.sock");
        let deadline = Instant::now() + Duration::from_secs(20);
        while UnixStream::connect(&socket).is_err() {
            assert!(Instant::now() < deadline, "the server listens: {}", std::fs::read_to_string(&log).unwrap());
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = listener_pid(&socket);
        Server { child, pid, log }
    }

    /// The server process.
    fn pid(&self) -> i32 {
        self.pid
    }

    fn status_field(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("{field} in {status}"));
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid())).unwrap().count()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-KILL").arg(self.pid.to_string()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The process listening on `socket`, as the kernel says.
fn listener_pid(socket: &Path) -> i32 {
    let stream = UnixStream::connect(socket).unwrap();
    nix::sys::socket::getsockopt(&stream, nix::sys::socket::sockopt::PeerCredentials).unwrap().pid()
}

fn show(db: &Path) -> Output {
    jabat().arg("--db").arg(db).args(["show", "1276.01", "--format", "json"]).output().unwrap()
}

#[test]
fn a_client_talks_only_to_a_server_run_by_the_databases_owner() {
    // root's database in a directory everybody may write to, like /srv/shared.
    let Some(scene) = Scene::new("impostor", &["jabat-t-mallory"], 0o1777, None) else { return };
    let (home, shared, db) = (scene.home("jabat-t-mallory"), &scene.dir, scene.db.clone());
    // Mallory makes a database of his own, renames a unit FAKE, gives root every role,
    // and serves it.
    let fake = home.join("fake");
    let mallory = |args: &[&str]| {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"--db", &fake];
        all.extend(args.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
        as_user("jabat-t-mallory", &home, &all)
    };
    assert!(mallory(&["generate", "--employees", "300"]).status.success());
    assert!(mallory(&["ops", "do", "rename-unit", "1276.01", "name=FAKE"]).status.success());
    let access = format!("printf '[users]\\nroot = \"admin\"\\n' > {}/access.toml", fake.display());
    assert!(sh_as("jabat-t-mallory", &access).status.success());
    mallory(&["server", "stop"]);
    let _served = Server::start(&fake, Some("jabat-t-mallory"), 1024, home.join("server.log"));
    let socket = fake.join("jabat.sock");
    let pid = _served.pid();
    let journal = text(&mallory(&["history", "--format", "csv"]).stdout);

    // He plants what he can where clients once looked, beside root's database: a
    // symbolic link to his socket. Inside the database he can plant nothing.
    let link = format!("ln -s {} {}/db.sock", socket.display(), shared.path().display());
    assert!(sh_as("jabat-t-mallory", &link).status.success(), "the parent is his to write in");
    let inside = format!("ln -s {} {}/jabat.sock", socket.display(), db.display());
    assert!(!sh_as("jabat-t-mallory", &inside).status.success(), "the database directory is its owner's alone");
    let out = show(&db);
    assert!(out.status.success() && !text(&out.stdout).contains("FAKE"), "{}", text(&out.stderr));
    common::stop_server(&db);
    // His very socket, moved there (a socket bound in the world-writable parent).
    let moved = format!("rm {0}/db.sock && mv {1} {0}/db.sock", shared.path().display(), socket.display());
    assert!(sh_as("jabat-t-mallory", &moved).status.success());
    let socket = shared.path().join("db.sock");
    let out = show(&db);
    assert!(out.status.success() && !text(&out.stdout).contains("FAKE"), "{}", text(&out.stderr));
    common::stop_server(&db);

    // Had his socket, or a link to it, got inside the database (a directory once left
    // writable), nothing is sent to it: root's client asks the kernel who listens and
    // refuses in one line naming the process and the user; no server starts over it.
    let planted = db.join("jabat.sock");
    assert!(Command::new("mv").arg(&socket).arg(&planted).status().unwrap().success());
    for round in ["his socket", "a link to it"] {
        for args in [
            &["show", "1276.01"][..],
            &["ops", "do", "rename-unit", "1276.02", "name=Disadap"],
            &["import", "--merge", shared.path().to_str().unwrap()],
        ] {
            let out = jabat().arg("--db").arg(&db).args(args).output().unwrap();
            let said = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{round}, {args:?}: {said}");
            assert!(said.contains("user jabat-t-mallory") && said.contains("nothing was sent"), "{round}: {said}");
            assert!(said.contains(&format!("process {pid} (jabat)")), "{round}: names process {pid}: {said}");
            assert_eq!(said.lines().count(), 1, "one line: {said}");
        }
        let out = jabat().arg("--db").arg(&db).arg("serve").output().unwrap();
        let said = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{round}: {said}");
        assert!(said.contains("user jabat-t-mallory") && said.contains("nothing was sent"), "{round}: {said}");
        if round == "his socket" {
            let elsewhere = home.join("jabat.sock");
            assert!(Command::new("mv").arg(&planted).arg(&elsewhere).status().unwrap().success());
            std::os::unix::fs::symlink(&elsewhere, &planted).unwrap();
        }
    }
    // A link to nowhere (his server gone) is no server, and none listens over it: the
    // server a command starts says what is in the way.
    drop(_served);
    assert_eq!(text(&mallory(&["history", "--format", "csv"]).stdout), journal, "nothing landed in his journal");
    for args in [&["show", "1276.01"][..], &["serve"]] {
        let out = jabat().arg("--db").arg(&db).args(args).output().unwrap();
        let said = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(said.contains("jabat.sock is a symbolic link"), "{args:?}: {said}");
    }
    // Taken away, root's own server starts again.
    std::fs::remove_file(&planted).unwrap();
    let out = show(&db);
    assert!(out.status.success() && !text(&out.stdout).contains("FAKE"), "{}", text(&out.stderr));
    common::stop_server(&db);
}

/// Opens `count` connections to `socket` as `user`, through this test binary run again
/// as that user (see [`hold_connections`]); each says hello when `hello`. Returns what it
/// reported: connections made, admitted, refused and why (the first reason).
fn hold_as(user: &str, socket: &Path, count: usize, hello: bool, frames: usize, seconds: u64) -> std::process::Child {
    let me = std::env::current_exe().unwrap();
    Command::new("runuser")
        .args(["-u", user, "--", "env"])
        .arg(format!("JABAT_TEST_HOLD={}:{count}:{}:{frames}:{seconds}", socket.display(), u8::from(hello)))
        .arg(me)
        .args(["--exact", "trust::hold_connections", "--ignored", "--nocapture", "--test-threads", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// What the holder reported: from `held …` on (the test harness prints before it).
fn report_of(child: std::process::Child) -> String {
    let out = child.wait_with_output().unwrap();
    let all = text(&out.stdout);
    all.find("held ").map(|at| all[at..].to_string()).unwrap_or(all)
}

/// Not a test of its own: what [`hold_as`] runs as another user. Opens connections and
/// holds them, saying hello and sending frames of 16 MiB without an end when asked.
#[test]
#[ignore = "run by the trust tests as another user"]
fn hold_connections() {
    let Ok(spec) = std::env::var("JABAT_TEST_HOLD") else { return };
    let parts: Vec<&str> = spec.rsplitn(5, ':').collect();
    let (seconds, frames, hello, count, socket): (u64, usize, bool, usize, &str) =
        (parts[0].parse().unwrap(), parts[1].parse().unwrap(), parts[2] == "1", parts[3].parse().unwrap(), parts[4]);
    let mut held = Vec::new();
    let (mut admitted, mut refused, mut why) = (0, 0, String::new());
    for _ in 0..count {
        let Ok(mut stream) = UnixStream::connect(socket) else { continue };
        if hello {
            let _ = jabat::server::wire::send(&mut stream, &jabat::server::wire::Hello::ours());
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            match jabat::server::wire::receive::<jabat::server::wire::Welcome>(&mut reader, 1 << 16) {
                Ok(w) => match w.answer {
                    Ok(_) => admitted += 1,
                    Err(e) => {
                        refused += 1;
                        if why.is_empty() {
                            why = e;
                        }
                    }
                },
                Err(_) => refused += 1,
            }
        }
        held.push(stream);
    }
    let chunk = vec![7u8; 1 << 20];
    let senders: Vec<_> = held
        .iter()
        .take(frames)
        .map(|s| {
            let mut s = s.try_clone().unwrap();
            let chunk = chunk.clone();
            std::thread::spawn(move || {
                for _ in 0..16 {
                    if s.write_all(&chunk).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
    for s in senders {
        let _ = s.join();
    }
    println!("held {} admitted {admitted} refused {refused} why {why}", held.len());
    std::thread::sleep(Duration::from_secs(seconds));
    // Whether each is still open: the server closes what it will not serve.
    let mut open = 0;
    for mut s in held {
        let _ = s.set_read_timeout(Some(Duration::from_millis(1)));
        let mut byte = [0u8; 1];
        if matches!(s.read(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock) {
            open += 1;
        }
    }
    println!("still open {open}");
}

#[test]
fn a_user_without_a_role_holds_nothing_and_one_with_a_role_only_their_share() {
    let viewer = Some("[users]\njabat-t-viewer = \"viewer\"\n");
    let Some(scene) = Scene::new("starving", &["jabat-t-stranger", "jabat-t-viewer"], 0o755, viewer) else { return };
    let (viewer_home, dir, db) = (scene.home("jabat-t-viewer"), &scene.dir, scene.db.clone());
    // The usual limit of open files.
    let server = Server::start(&db, None, 1024, dir.path().join("server.log"));
    let socket = db.join("jabat.sock");
    let files_before = server.open_files();
    // A stranger opens 600 connections and says nothing on them.
    let stranger = hold_as("jabat-t-stranger", &socket, 600, false, 0, 6);
    std::thread::sleep(Duration::from_secs(2));
    for _ in 0..5 {
        let started = Instant::now();
        let out = jabat().arg("--db").arg(&db).args(["show", "1276.01"]).output().unwrap();
        assert!(out.status.success(), "the owner is served: {}", text(&out.stderr));
        let out = as_user("jabat-t-viewer", &viewer_home, &[&"--db", &db, &"show", &"1276.01"]);
        assert!(out.status.success(), "a viewer is served: {}", text(&out.stderr));
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(server.open_files() < files_before + 20, "{} files open", server.open_files());
        assert!(server.status_field("Threads:") < 40, "{} threads", server.status_field("Threads:"));
    }
    let report = report_of(stranger);
    assert!(report.contains("still open 0"), "every one of them was closed: {report}");
    let files = server.open_files();
    eprintln!(
        "the stranger: {}; the server: {files} files, {} threads",
        report.trim().replace('\n', "; "),
        server.status_field("Threads:")
    );
    let log = server.log();
    let lines = log.lines().filter(|l| l.contains("jabat-t-stranger")).count();
    assert!((1..=3).contains(&lines), "{lines} lines of the stranger's 600 refusals:\n{log}");
    assert!(log.contains("has no role"), "{log}");

    // A user with a role gets their share, and a reason beyond it; the others go on.
    // (Once the viewer's earlier commands have left the server.)
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = jabat().arg("--db").arg(&db).args(["server", "status", "--format", "csv"]).output().unwrap();
        if !text(&out.stdout).contains("jabat-t-viewer") {
            break;
        }
        assert!(Instant::now() < deadline, "the viewer's commands are gone: {}", text(&out.stdout));
        std::thread::sleep(Duration::from_millis(50));
    }
    let viewer = hold_as("jabat-t-viewer", &socket, 100, true, 0, 3);
    std::thread::sleep(Duration::from_secs(1));
    let out = jabat().arg("--db").arg(&db).args(["show", "1276.01"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = report_of(viewer);
    assert!(report.starts_with("held 100 admitted 32 refused 68 why"), "{report}");
    assert!(report.contains("the most one user may"), "{report}");
}

#[test]
fn big_frames_leave_the_server_small_and_serving() {
    let viewer = Some("[users]\njabat-t-viewer = \"viewer\"\n");
    let Some(scene) = Scene::new("big frames", &["jabat-t-viewer"], 0o755, viewer) else { return };
    let (viewer_home, dir, db) = (scene.home("jabat-t-viewer"), &scene.dir, scene.db.clone());
    let server = Server::start(&db, None, 1024, dir.path().join("server.log"));
    let socket = db.join("jabat.sock");
    let out = jabat().arg("--db").arg(&db).args(["stats"]).output().unwrap();
    assert!(out.status.success());
    let before = server.status_field("VmHWM:");
    // A viewer: 30 frames of 16 MiB with no end, at once.
    let viewer = hold_as("jabat-t-viewer", &socket, 30, true, 30, 1);
    report_of(viewer);
    let peak = server.status_field("VmHWM:");
    assert!(peak < 400 << 10, "the server peaked at {} MB (from {} MB)", peak >> 10, before >> 10);
    let out = as_user("jabat-t-viewer", &viewer_home, &[&"--db", &db, &"show", &"1276.01"]);
    assert!(out.status.success(), "still serving: {}", text(&out.stderr));
    assert!(server.log().contains("a message longer than 262144 bytes"), "{}", server.log());
    // An editor's or administrator's request is spooled to disk beyond a MiB: two frames
    // of 250 MiB (without an end) from the owner, an administrator.
    let big = {
        let mut streams = Vec::new();
        for _ in 0..2 {
            let mut s = UnixStream::connect(&socket).unwrap();
            jabat::server::wire::send(&mut s, &jabat::server::wire::Hello::ours()).unwrap();
            let mut r = std::io::BufReader::new(s.try_clone().unwrap());
            let w: jabat::server::wire::Welcome = jabat::server::wire::receive(&mut r, 1 << 16).unwrap();
            assert!(w.answer.is_ok());
            streams.push(s);
        }
        let writers: Vec<_> = streams
            .into_iter()
            .map(|mut s| {
                std::thread::spawn(move || {
                    let chunk = vec![9u8; 1 << 20];
                    for _ in 0..250 {
                        s.write_all(&chunk).unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        server.status_field("VmHWM:")
    };
    assert!(big < 400 << 10, "two 250 MiB requests took the server to {} MB", big >> 10);
    eprintln!(
        "peak resident: {} MB before, {} MB after a viewer's frames, {} MB after 2 × 250 MiB",
        before >> 10,
        peak >> 10,
        big >> 10
    );
    let out = jabat().arg("--db").arg(&db).args(["show", "1276.01"]).output().unwrap();
    assert!(out.status.success());
}

#[test]
fn read_only_reads_a_database_its_user_may_only_read() {
    let Some(scene) = Scene::new("read-only", &["jabat-t-reader"], 0o755, None) else { return };
    let (home, db) = (scene.home("jabat-t-reader"), scene.db.clone());
    // A backup the reader was handed: readable, not writable by them.
    assert!(Command::new("chmod").args(["-R", "a+rX,go-w"]).arg(&db).status().unwrap().success());
    let files = common::every_file(&db);
    let out = as_user("jabat-t-reader", &home, &[&"--db", &db, &"--read-only", &"show", &"1276.01"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1276.01"));
    let out = as_user("jabat-t-reader", &home, &[&"--db", &db, &"--read-only", &"check", &"--integrity"]);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("agrees with a rebuild"), "{}", text(&out.stderr));
    assert!(common::every_file(&db) == files, "not a byte changed");
    // Without --read-only the reader cannot open it, and is told why.
    let out = as_user("jabat-t-reader", &home, &[&"--db", &db, &"show", &"1276.01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("only its owner"), "{}", text(&out.stderr));
}

/// What each role of a jabat database in PostgreSQL can do with psql, bypassing jabat:
/// nothing that jabat would not stamp with their own name.
#[test]
fn on_postgresql_the_engine_enforces_what_jabat_promises() {
    use common::pg::{as_user, psql};
    let Some(backend) = common::Backend::postgres("engine_enforces") else { return };
    let db = backend.demo("engine_enforces");
    let tag = format!("f{}", std::process::id());
    let role = |name: &str| format!("{tag}_{name}");
    for (user, given) in [
        ("vera", "viewer"),
        ("rina", "reviewer"),
        ("rudi", "reviewer"),
        ("edi", "editor"),
        ("eko", "editor"),
        ("adi", "admin"),
    ] {
        db.jabat().args(["db", "grant", &role(user), given]).assert().success();
    }
    let url = |user: &str| as_user(&db.arg, &role(user));
    let jabat_as = |user: &str, args: &[&str]| jabat().arg("--db").arg(url(user)).args(args).output().unwrap();
    let refused = |user: &str, sql: &str, why: &str| {
        let (ok, said) = psql(&url(user), sql);
        assert!(!ok, "{user} may not: {sql}\n{said}");
        assert!(said.contains(why), "{user}: {sql}: {said}");
    };
    let allowed = |user: &str, sql: &str| {
        let (ok, said) = psql(&url(user), sql);
        assert!(ok, "{user} may: {sql}\n{said}");
        said
    };
    // Through jabat, each does their work.
    assert!(jabat_as("edi", &["ops", "do", "rename-unit", "1276.12", "name=Dinas Kominfo"]).status.success());
    assert!(jabat_as("eko", &["draft", "new", "usulan"]).status.success());
    let last = "SELECT seq, by_user FROM jabat.journal ORDER BY seq DESC LIMIT 1";
    assert!(allowed("vera", last).ends_with(&format!("|{}\n", role("edi"))));

    // The journal: an entry in another's name becomes the writer's; none is changed or
    // removed, by anyone.
    allowed(
        "edi",
        "INSERT INTO jabat.journal SELECT seq + 1, at, 'root', origin, reason, ops, inverse, \
         jsonb_set(entry, '{stamp,user}', '\"root\"') FROM jabat.journal ORDER BY seq DESC LIMIT 1",
    );
    let history = text(&jabat_as("vera", &["history", "--format", "json"]).stdout);
    assert!(!history.contains("\"root\""), "no entry in root's name: {history}");
    let entries: serde_json::Value = serde_json::from_str(&history).unwrap();
    let seqs: Vec<i64> = entries.as_array().unwrap().iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [1, 2], "each entry with its own number: {history}");
    assert!(allowed("vera", last).ends_with(&format!("|{}\n", role("edi"))), "stamped with the writer");
    refused(
        "edi",
        "INSERT INTO jabat.journal SELECT seq + 5, at, by_user, origin, reason, ops, inverse, entry FROM jabat.journal ORDER BY seq DESC LIMIT 1",
        "not the next one",
    );
    for user in ["edi", "adi"] {
        refused(user, "UPDATE jabat.journal SET by_user = 'root'", "denied");
        refused(user, "DELETE FROM jabat.journal", "denied");
        refused(user, "TRUNCATE jabat.journal", "denied");
    }
    // The structure, the people and what is derived: no change without an entry first.
    for sql in [
        "UPDATE jabat.units SET name = 'Disadap' WHERE code = '1276.13'",
        "DELETE FROM jabat.employees WHERE nip = (SELECT min(nip) FROM jabat.employees)",
        "INSERT INTO jabat.ratings SELECT nip, 99, 2025, 'sangat_baik' FROM jabat.employees LIMIT 1",
        "INSERT INTO jabat.credit_points SELECT nip, 99, 2025, 999000 FROM jabat.employees LIMIT 1",
        "INSERT INTO jabat.anjab SELECT id, 999, 'summary', '', 'disadap' FROM jabat.positions LIMIT 1",
        "UPDATE jabat.positions SET needed = 99",
        "UPDATE jabat.derived_people SET people = ''::bytea",
        "UPDATE jabat.meta SET value = ''::bytea",
    ] {
        refused("edi", sql, "without a journal entry of theirs first");
        refused("adi", sql, "without a journal entry of theirs first");
    }
    refused("edi", "DELETE FROM jabat.derived_touched", "permission denied");
    // The content a replace kept, which `ops undo` would bring back: nobody plants one.
    refused("edi", "INSERT INTO jabat.previous_units SELECT * FROM jabat.units", "permission denied");
    refused("edi", "TRUNCATE jabat.previous_units", "permission denied");
    refused(
        "adi",
        "INSERT INTO jabat.previous_units SELECT * FROM jabat.units",
        "without a journal entry of theirs first",
    );
    refused("vera", "UPDATE jabat.units SET name = 'x'", "permission denied");
    refused("edi", "TRUNCATE jabat.units CASCADE", "permission denied");
    // A change after an entry of one's own goes in, under one's own name.
    allowed(
        "edi",
        "BEGIN; INSERT INTO jabat.journal SELECT seq + 1, at, by_user, origin, 'by hand', ops, inverse, entry \
         FROM jabat.journal ORDER BY seq DESC LIMIT 1; UPDATE jabat.units SET name = 'Dinas Perhubungan' \
         WHERE code = '1276.13'; COMMIT",
    );
    assert!(allowed("vera", last).ends_with(&format!("|{}\n", role("edi"))));

    // Reviews: who changed a mark is who wrote; the history grows or shrinks at its end;
    // one nominee; none removed.
    let code = allowed("vera", "SELECT code FROM jabat.positions WHERE head ORDER BY code LIMIT 1").trim().to_string();
    let nips: Vec<String> =
        allowed("vera", "SELECT nip FROM jabat.employees ORDER BY nip LIMIT 2").lines().map(str::to_string).collect();
    let mark = |nip: &str, decision: &str, user: &str, at: u64| {
        format!(
            r#"{{"nip":{nip},"decision":"{decision}","note":null,"stamp":{{"user":"{user}","at":{at}}},"displaced_by":null}}"#
        )
    };
    let review = |marks: &[String], history: &str| {
        format!(r#"{{"position":"{code}","marks":[{}],"history":{history}}}"#, marks.join(","))
    };
    allowed(
        "rina",
        &format!(
            "INSERT INTO jabat.reviews VALUES ('{code}', '{}')",
            review(&[mark(&nips[0], "Rejected", "root", 1)], "[]")
        ),
    );
    let by = |nip: &str| allowed("vera", &format!("SELECT by_user FROM jabat.review_marks WHERE nip = {nip}"));
    assert_eq!(by(&nips[0]).trim(), role("rina"), "stamped with the writer, not root");
    // Rudi changes only the name on Rina's decision: it stays Rina's.
    allowed(
        "rudi",
        &format!(
            "UPDATE jabat.reviews SET review = jsonb_set(review, '{{marks,0,stamp,user}}', '\"root\"') WHERE position_code = '{code}'"
        ),
    );
    assert_eq!(by(&nips[0]).trim(), role("rina"));
    // Rudi changes her decision: it is now his, and says so.
    allowed(
        "rudi",
        &format!(
            "UPDATE jabat.reviews SET review = jsonb_set(review, '{{marks,0,decision}}', '\"Nominated\"') WHERE position_code = '{code}'"
        ),
    );
    assert_eq!(by(&nips[0]).trim(), role("rudi"));
    refused(
        "rudi",
        &format!(
            "UPDATE jabat.reviews SET review = '{}' WHERE position_code = '{code}'",
            review(&[mark(&nips[0], "Nominated", "x", 2), mark(&nips[1], "Nominated", "x", 2)], "[]")
        ),
        "one nominee at most",
    );
    refused(
        "rudi",
        &format!(
            "UPDATE jabat.reviews SET review = jsonb_set(review, '{{history}}', '[{{\"before\":[]}}]') WHERE position_code = '{code}'; \
             UPDATE jabat.reviews SET review = jsonb_set(review, '{{history}}', '[{{\"before\":[[1,null]]}}]') WHERE position_code = '{code}'"
        ),
        "only added to",
    );
    refused("rudi", &format!("DELETE FROM jabat.reviews WHERE position_code = '{code}'"), "permission denied");
    refused("edi", &format!("DELETE FROM jabat.reviews WHERE position_code = '{code}'"), "permission denied");

    // Drafts: another editor can neither change nor drop Eko's; a new one is the writer's.
    refused(
        "edi",
        "UPDATE jabat.drafts SET draft = draft WHERE name = 'usulan'",
        "only its author or an administrator",
    );
    refused("edi", "DELETE FROM jabat.drafts WHERE name = 'usulan'", "only its author or an administrator");
    allowed(
        "edi",
        "INSERT INTO jabat.drafts SELECT 'mine', 'root', created, jsonb_set(draft, '{name}', '\"mine\"') FROM jabat.drafts WHERE name = 'usulan'",
    );
    assert_eq!(allowed("vera", "SELECT by_user FROM jabat.drafts WHERE name = 'mine'").trim(), role("edi"));
    let said = text(&jabat_as("edi", &["draft", "discard", "usulan"]).stderr);
    assert!(said.contains("only its author or an administrator"), "{said}");
    allowed("adi", "DELETE FROM jabat.drafts WHERE name = 'mine'");

    // What jabat does still works for each role, and the data agrees with a rebuild.
    assert!(jabat_as("eko", &["draft", "add", "usulan", "rename-unit", "1276.14", "name=Dinas Baru"]).status.success());
    assert!(jabat_as("eko", &["draft", "apply", "usulan"]).status.success());
    let out = jabat_as("edi", &["ops", "undo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(jabat_as("adi", &["db", "rebuild"]).status.success());
    let out = jabat_as("adi", &["generate", "--replace", "--employees", "300"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let replaced = format!("SELECT count(*) FROM jabat.replacements WHERE by_user = '{}'", role("adi"));
    assert_eq!(allowed("vera", &replaced).trim(), "2", "a rebuild and a replace, recorded with who");
    let out = jabat_as("vera", &["check", "--integrity"]);
    assert!(text(&out.stderr).contains("agrees with a rebuild"), "{}", text(&out.stderr));

    // The engine names the groups as `jabat db grant` does, for a long name too (its
    // start and a digest).
    let long = common::pg::cluster().unwrap().database("a_database_name_long_enough_to_need_a_digest_for_its_groups");
    jabat().arg("--db").arg(&long).args(["db", "migrate"]).assert().success();
    jabat().arg("--db").arg(&long).args(["db", "grant", &role("lena"), "reviewer"]).assert().success();
    let member = format!(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member \
         WHERE u.rolname = '{}'",
        role("lena")
    );
    let granted = allowed_on(&long, &member);
    assert_eq!(allowed_on(&long, "SELECT jabat.group_of('reviewer')"), granted);
    assert!(granted.trim().len() <= 63 && granted.contains("_reviewer"), "{granted}");
}

/// What `sql` prints on the database at `url`, as its owner.
fn allowed_on(url: &str, sql: &str) -> String {
    let (ok, said) = common::pg::psql(url, sql);
    assert!(ok, "{sql}: {said}");
    said
}
