//! The shared server, as its users meet it: a database served by `jabat serve` answers
//! every command through the socket exactly as when opened directly, a second process
//! may edit while the server holds the database, a client of another version or one
//! that sends garbage is turned away without harm, and the server stops when asked.

use crate::common;

use std::io::{BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Served, jabat};
use jabat::server::wire::{self, Hello, Welcome};

fn city_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    jabat().arg("--db").arg(&db).args(["generate", "--preset", "city", "--employees", "800"]).assert().success();
    (dir, db)
}

fn output(db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = jabat().arg("--db").arg(db).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// What a command gives with the database opened directly, no server involved.
fn opened_directly(db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = jabat().arg("--db").arg(db).arg("--no-server").args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// Lookups, analyses and checks a user runs from a shell or cron.
const LOOKUPS: &[&[&str]] = &[
    &["stats", "--format", "json"],
    &["tree", "--depth", "2"],
    &["find", "analis", "--format", "csv"],
    &["show", "1276.01", "--format", "json"],
    &["check", "--format", "csv"],
    &["formation", "--all", "--format", "json"],
    &["history", "--format", "json"],
];

#[test]
fn every_lookup_through_the_server_answers_as_the_database_opened_directly() {
    let (_dir, db) = city_db();
    let direct: Vec<_> = LOOKUPS.iter().map(|a| opened_directly(&db, a)).collect();
    let served = Served::start(&db, &[]);
    for (args, expected) in LOOKUPS.iter().zip(&direct) {
        assert_eq!(&output(&db, args), expected, "jabat {} through the server", args.join(" "));
    }
    // The server holds the database: opening it directly is what it saves the others from.
    assert!(jabat::store::SledStore::open(&db).is_err(), "the server holds sled's lock");
    // Connected clients are listed, with the role the owner has.
    let (code, status) = output(&db, &["server", "status", "--format", "json"]);
    assert_eq!(code, Some(0));
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status[0]["role"], "admin", "{status}");
    drop(served);
}

/// The analyses, which the server runs on its own store; what they print on standard
/// error (a summary, a code not found) comes back too.
const ANALYSES: &[&[&str]] = &[
    &["check", "--integrity", "--format", "json"],
    &["ninebox", "--all", "--format", "csv"],
    &["training-needs", "--all", "--format", "json"],
    &["formation", "1276.01", "--years", "3"],
    &["candidates", "1276.01.01.01-J01", "--all", "--format", "json"],
    &["gaps", "1276.01"],
    &["performance", "1276.04", "--format", "json"],
    &["ninebox", "1276.04", "--format", "svg"],
    &["ninebox", "NO-SUCH-UNIT"],
];

fn output_and_messages(db: &Path, args: &[&str], rules: &Path) -> (Option<i32>, String, String) {
    let out = jabat().arg("--db").arg(db).arg("--rules").arg(rules).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn direct_output_and_messages(db: &Path, args: &[&str], rules: &Path) -> (Option<i32>, String, String) {
    output_and_messages(db, &[&["--no-server"], args].concat(), rules)
}

#[test]
fn the_server_runs_the_analyses_itself_with_the_clients_rules_and_answers_as_opened_directly() {
    let (dir, db) = city_db();
    // The client's own rules file, which the server cannot be expected to read: a
    // longer time left before retirement changes who is eligible.
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "[eligibility]\nmin_years_to_retirement = 8\n").unwrap();
    let direct: Vec<_> = ANALYSES.iter().map(|a| direct_output_and_messages(&db, a, &rules)).collect();
    let candidates = ANALYSES.iter().position(|a| a[0] == "candidates").unwrap();
    assert_ne!(opened_directly(&db, ANALYSES[candidates]).1, direct[candidates].1, "the rules file matters");
    assert!(direct.iter().any(|(_, _, err)| err.contains("NO-SUCH-UNIT")), "a code not found is said");
    let served = Served::start(&db, &[]);
    for (args, expected) in ANALYSES.iter().zip(&direct) {
        assert_eq!(&output_and_messages(&db, args, &rules), expected, "jabat {} through the server", args.join(" "));
    }
    let log = served.log_after_stop(&db);
    for name in ["check", "ninebox", "training-needs", "formation", "candidates", "gaps", "performance"] {
        assert!(log.contains(&format!(" ran {name} in ")), "the server ran {name} itself:\n{log}");
    }
}

#[test]
fn the_server_works_out_the_findings_in_the_clients_language_and_rules() {
    use jabat::i18n::{Lang, set_lang};
    use jabat::store::remote::Reached;
    use jabat::store::{RemoteStore, SledStore, Store};
    let (_dir, db) = city_db();
    let day = jabat::model::Date::parse("2026-07-01").unwrap();
    let mut rules = jabat::rules::RuleSet::default();
    rules.eligibility.one_grade_below_allowed = false;
    let direct = {
        let store = SledStore::open(&db).unwrap();
        set_lang(Lang::Id);
        let id = store.findings(&rules, day).unwrap();
        set_lang(Lang::En);
        (id, store.findings(&rules, day).unwrap())
    };
    assert!(direct.0.len() > 10 && direct.0 != direct.1, "findings in two languages");
    assert!(direct.1.iter().any(|f| f.position.is_some()), "findings about positions say which");
    let _served = Served::start(&db, &[]);
    let Reached::Connected(remote) = RemoteStore::connect(&db, true).unwrap() else { panic!("connects") };
    set_lang(Lang::Id);
    assert_eq!(remote.findings(&rules, day).unwrap(), direct.0, "in Indonesian, as asked");
    set_lang(Lang::En);
    assert_eq!(remote.findings(&rules, day).unwrap(), direct.1, "in English, as asked");
    assert_ne!(remote.findings(&Default::default(), day).unwrap(), direct.1, "with the rules sent");
}

#[test]
fn what_the_details_ask_of_every_unit_selected_is_worked_out_by_the_server() {
    use jabat::store::remote::Reached;
    use jabat::store::{RemoteStore, SledStore, Store};
    let (_dir, db) = city_db();
    let day = jabat::model::Date::parse("2026-07-01").unwrap();
    let rename = |name: &str| vec![jabat::model::Op::RenameUnit { code: "1276.05".into(), name: name.into() }];
    let direct = {
        let store = SledStore::open(&db).unwrap();
        common::commit_as(&store, "siti", rename("Dinas Kesehatan Kota"));
        common::commit_as(&store, "budi", rename("Dinas Kesehatan"));
        let unit = store.unit_by_code("1276.05").unwrap().unwrap().id;
        let under = store.positions_under(unit).unwrap();
        (unit, store.staff_profile(unit, day).unwrap(), store.journal_naming("1276.05", Some(1)).unwrap(), under)
    };
    assert!(direct.1.by_age.iter().map(|(m, f)| m + f).sum::<u32>() > 0, "{:?}", direct.1);
    assert_eq!(direct.2.len(), 1, "the latest change only");
    assert_eq!(direct.2[0].stamp.user, "budi");
    let _served = Served::start(&db, &[]);
    let Reached::Connected(remote) = RemoteStore::connect(&db, true).unwrap() else { panic!("connects") };
    assert_eq!(remote.staff_profile(direct.0, day).unwrap(), direct.1);
    // A subtree's positions in one request, in the walk's order.
    assert!(direct.3.len() > 20, "{}", direct.3.len());
    assert_eq!(remote.positions_under(direct.0).unwrap(), direct.3);
    assert_eq!(remote.journal_naming("1276.05", Some(1)).unwrap(), direct.2);
    assert_eq!(remote.journal_naming("1276.05", None).unwrap().len(), 2);
}

#[test]
fn a_merge_through_the_server_takes_nothing_away_and_is_made_against_the_current_content() {
    use jabat::store::remote::Reached;
    use jabat::store::{RemoteStore, Store, StoreError};
    let (_dir, db) = city_db();
    let _served = Served::start(&db, &[]);
    let Reached::Connected(remote) = RemoteStore::connect(&db, false).unwrap() else { panic!("connects") };
    let head = remote.journal_head().unwrap();
    let mut data = remote.load_dataset().unwrap();
    let gone = data.employees.pop().unwrap();
    let refused = remote.merge_dataset(&data, head).unwrap_err();
    assert!(
        matches!(&refused, StoreError::MergeRemoves { what } if *what == format!("employee {}", gone.nip)),
        "{refused}"
    );
    data.employees.push(gone);
    let refused = remote.merge_dataset(&data, head + 1).unwrap_err();
    assert!(matches!(refused, StoreError::MergeRaced { .. }), "{refused}");
    data.units[0].name = "Pemerintah Kota Gabungan".into();
    remote.merge_dataset(&data, head).unwrap();
    assert_eq!(remote.roots().unwrap()[0].name, "Pemerintah Kota Gabungan");
}

#[test]
fn an_edit_from_another_process_goes_through_and_is_journaled_with_the_user_the_server_saw() {
    let (_dir, db) = city_db();
    let _served = Served::start(&db, &[]);
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["ops", "do", "rename-unit", "1276.01", "name=Sekretariat Daerah Kota", "--reason", "naskah baru"])
        .assert()
        .success();
    let (_, shown) = output(&db, &["show", "1276.01", "--format", "json"]);
    assert!(shown.contains("Sekretariat Daerah Kota"), "{shown}");
    let (_, history) = output(&db, &["history", "--format", "json"]);
    let history: serde_json::Value = serde_json::from_str(&history).unwrap();
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["user"], jabat::identity::current_user(), "{last}");
    // --read-only stays the client's own promise, whatever its role.
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["--read-only", "ops", "undo"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("read-only"));
}

fn handshake(socket: &Path, hello: &Hello) -> Welcome {
    let stream = UnixStream::connect(socket).unwrap();
    let mut output = stream.try_clone().unwrap();
    wire::send(&mut output, hello).unwrap();
    wire::receive(&mut BufReader::new(stream), 1 << 16).unwrap()
}

#[test]
fn a_client_of_another_version_or_one_sending_garbage_is_turned_away_and_others_go_on() {
    let (_dir, db) = city_db();
    let served = Served::start(&db, &[]);
    let theirs = Hello { protocol: wire::PROTOCOL + 1, version: "0.0.1".into(), ..Hello::ours() };
    let welcome = handshake(&served.socket, &theirs);
    let why = welcome.answer.expect_err("another version is refused");
    assert!(why.contains("0.0.1") && why.contains(env!("CARGO_PKG_VERSION")), "names both versions: {why}");
    assert_eq!(welcome.version, env!("CARGO_PKG_VERSION"));
    // Garbage, a client that says nothing, one that goes away in the middle of a large
    // request (spooled to disk as it came), and a hello far too long.
    let mut garbage = UnixStream::connect(&served.socket).unwrap();
    garbage.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\0").unwrap();
    let silent = UnixStream::connect(&served.socket).unwrap();
    let mut long_hello = UnixStream::connect(&served.socket).unwrap();
    let _ = long_hello.write_all(&vec![b'x'; 8 << 10]);
    let mut huge = UnixStream::connect(&served.socket).unwrap();
    let welcome_ok = {
        let mut output = huge.try_clone().unwrap();
        wire::send(&mut output, &Hello::ours()).unwrap();
        wire::receive::<Welcome>(&mut BufReader::new(huge.try_clone().unwrap()), 1 << 16).unwrap()
    };
    assert!(welcome_ok.answer.is_ok());
    let chunk = vec![7u8; 1 << 20];
    for _ in 0..8 {
        if huge.write_all(&chunk).is_err() {
            break;
        }
    }
    drop(huge);
    drop(garbage);
    drop(long_hello);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0), "the server still answers");
    // The silent one is let go once its time to say hello is over.
    std::thread::sleep(jabat::server::serve::HELLO_WITHIN + Duration::from_millis(500));
    drop(silent);
    let log = served.log_after_stop(&db);
    assert!(log.contains("sent no hello:"), "the garbage is logged: {log}");
    assert!(log.contains("sent no hello within 2 s"), "the silent client is logged: {log}");
    assert!(log.contains("refused user"), "the other version is logged: {log}");
}

#[test]
fn a_server_stops_when_asked_or_when_idle_and_the_next_command_starts_a_new_one() {
    let (_dir, db) = city_db();
    let mut served = Served::start(&db, &[]);
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
    assert!(served.ended_within(Duration::from_secs(10)), "stopped");
    assert!(!served.socket.exists(), "the socket is removed");
    jabat().arg("--db").arg(&db).args(["server", "status"]).assert().code(1);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0), "through a server it started");
    assert_eq!(output(&db, &["server", "status"]).0, Some(0), "which goes on for the next command");
    assert!(jabat::store::SledStore::open(&db).is_err(), "and holds the database");
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
    let mut idle = Served::start(&db, &["--idle-exit", "1"]);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0));
    assert!(idle.ended_within(Duration::from_secs(15)), "an idle server stops by itself");
}

#[test]
fn a_socket_left_by_a_killed_server_is_replaced() {
    let (_dir, db) = city_db();
    let mut served = Served::start(&db, &[]);
    served.child.kill().unwrap();
    served.child.wait().unwrap();
    assert!(served.socket.exists(), "kill -9 leaves the socket behind");
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0), "a stale socket is no server");
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
    let _again = Served::start(&db, &[]);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0));
}

/// `jabat --db DB ARGS` run as `user`, with its own home.
fn as_user(user: &str, home: &Path, db: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new("runuser")
        .args(["-u", user, "--"])
        .arg(env!("CARGO_BIN_EXE_jabat"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", home)
        .env("LANG", "C")
        .env_remove("JABAT_DB")
        .output()
        .expect("runuser runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn roles_from_the_access_file_decide_who_may_do_what_and_the_journal_names_who_did() {
    if !nix::unistd::geteuid().is_root() {
        common::skip("making OS users for the access test needs root");
        return;
    }
    let homes = tempfile::tempdir().unwrap();
    std::fs::set_permissions(homes.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let users = ["jabat-t-editor", "jabat-t-editor2", "jabat-t-viewer", "jabat-t-nobody"];
    let _users = common::OsUsers::make(homes.path(), &users);
    let (dir, db) = city_db();
    // Other users reach the socket beside the database, never the database itself.
    std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::os::unix::fs::PermissionsExt::from_mode(0o777)).unwrap();
    std::fs::write(
        db.join("access.toml"),
        "[users]\njabat-t-editor = \"editor\"\njabat-t-editor2 = \"editor\"\njabat-t-viewer = \"viewer\"\n",
    )
    .unwrap();
    let served = Served::start(&db, &[]);
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&served.socket).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o666, "with an access file, users may reach the socket");
    let db_mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&db).unwrap().permissions());
    assert_eq!(db_mode & 0o777, 0o711, "others may pass through to the socket, not list or read the database");

    let rename = ["ops", "do", "rename-unit", "1276.01", "name=Setda Baru"];
    let (code, shown, _) = as_user("jabat-t-viewer", home.path(), &db, &["show", "1276.01", "--format", "json"]);
    assert_eq!(code, Some(0), "a viewer looks things up");
    assert!(shown.contains("1276.01"));
    let (code, _, said) = as_user("jabat-t-viewer", home.path(), &db, &rename);
    assert_eq!(code, Some(2), "a viewer may not edit: {said}");
    assert!(
        said.contains("jabat-t-viewer is a viewer") && said.contains("needs editor") && said.contains("access.toml"),
        "{said}"
    );
    let exported = home.path().join("export");
    assert_eq!(output(&db, &["export", exported.to_str().unwrap()]).0, Some(0));
    let (code, _, said) =
        as_user("jabat-t-viewer", home.path(), &db, &["import", exported.to_str().unwrap(), "--merge"]);
    assert_eq!(code, Some(2), "nor import: {said}");
    assert!(said.contains("needs editor"), "{said}");
    let (code, said, _) =
        as_user("jabat-t-editor", home.path(), &db, &["import", exported.to_str().unwrap(), "--merge"]);
    assert_eq!(code, Some(0), "an editor merges an import: {said}");
    let (code, _, said) =
        as_user("jabat-t-editor", home.path(), &db, &["import", exported.to_str().unwrap(), "--replace"]);
    assert_eq!(code, Some(2), "but does not replace the content: {said}");
    assert!(said.contains("needs admin"), "{said}");
    let (code, _, said) = as_user("jabat-t-editor", home.path(), &db, &rename);
    assert_eq!(code, Some(0), "an editor edits: {said}");
    // A draft is its author's: another editor may look, not change, apply or drop it.
    assert_eq!(as_user("jabat-t-editor", home.path(), &db, &["draft", "new", "usulan"]).0, Some(0));
    let add = ["draft", "add", "usulan", "rename-unit", "1276.02", "name=DPRD Baru"];
    assert_eq!(as_user("jabat-t-editor", home.path(), &db, &add).0, Some(0));
    let theirs = ["draft", "add", "usulan", "rename-unit", "1276.03", "name=Inspektorat Baru"];
    for args in [&theirs[..], &["draft", "apply", "usulan"], &["draft", "discard", "usulan"]] {
        let (code, _, said) = as_user("jabat-t-editor2", home.path(), &db, args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("draft usulan is jabat-t-editor's"), "{args:?}: {said}");
    }
    assert_eq!(as_user("jabat-t-editor2", home.path(), &db, &["draft", "show", "usulan"]).0, Some(0));
    let (code, _, said) = as_user("jabat-t-nobody", home.path(), &db, &["show", "1276.01"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("jabat-t-nobody has no role"), "a user with no role is turned away: {said}");
    let (_, history) = output(&db, &["history", "--format", "json"]);
    let history: serde_json::Value = serde_json::from_str(&history).unwrap();
    assert_eq!(history.as_array().unwrap().last().unwrap()["user"], "jabat-t-editor", "the user the server saw");
    // An access file others may write is not trusted: those it names are refused, the
    // owner is not.
    std::fs::set_permissions(db.join("access.toml"), std::os::unix::fs::PermissionsExt::from_mode(0o666)).unwrap();
    let (code, _, said) = as_user("jabat-t-editor", home.path(), &db, &["show", "1276.01"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("writable by the database's owner alone"), "{said}");
    assert_eq!(output(&db, &["show", "1276.01"]).0, Some(0));
    drop(served);
}

#[test]
fn a_server_killed_during_commits_loses_no_acknowledged_edit() {
    let (_dir, db) = city_db();
    let codes: Vec<String> = {
        use jabat::store::Store;
        let store = jabat::store::SledStore::open(&db).unwrap();
        let data = store.load_dataset().unwrap();
        data.units.iter().filter(|u| u.parent.is_some()).take(20).map(|u| u.code.clone()).collect()
    };
    let mut acknowledged = Vec::new();
    let mut served = Some(Served::start(&db, &[]));
    let mut kills = 0;
    for (i, code) in codes.iter().enumerate() {
        let name = format!("Unit Uji {i}");
        let mut writer = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
            .arg("--db")
            .arg(&db)
            .args(["ops", "do", "rename-unit", code, &format!("name={name}")])
            .env("LANG", "C")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Every fourth commit, kill -9 the server while the commit is on its way; the
        // commands that follow start a new one themselves.
        if i % 4 == 1 {
            std::thread::sleep(Duration::from_millis(3 + 7 * i as u64 % 20));
            let pid = served.take().map(|mut s| {
                s.child.kill().unwrap();
                s.child.wait().unwrap();
            });
            if pid.is_none() {
                kill_server(&db);
            }
            kills += 1;
        }
        if writer.wait().unwrap().success() {
            acknowledged.push((code.clone(), name));
        }
    }
    assert!(kills >= 4, "the server was killed during commits");
    assert!(acknowledged.len() >= 10, "most commits went in: {acknowledged:?}");
    for (code, name) in &acknowledged {
        let (_, shown) = output(&db, &["show", code, "--format", "json"]);
        assert!(shown.contains(name.as_str()), "acknowledged rename of {code} to {name} is there:\n{shown}");
    }
    let out = jabat().arg("--db").arg(&db).args(["check", "--integrity"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("agrees with a rebuild"), "integrity after the kills");
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
}

/// `kill -9` of the server of `db`, whichever process it is now (one a command started).
fn kill_server(db: &Path) {
    let out = jabat().arg("--db").arg(db).args(["server", "status", "--format", "json"]).output().unwrap();
    if !out.status.success() {
        return;
    }
    // The server's pid is in the table's title; JSON lists clients only: ask the socket.
    let stream = jabat::server::socket::connect(db).unwrap().expect("a server listens");
    let creds = nix::sys::socket::getsockopt(&stream, nix::sys::socket::sockopt::PeerCredentials).unwrap();
    drop(stream);
    let _ = std::process::Command::new("kill").arg("-KILL").arg(creds.pid().to_string()).status();
    while jabat::server::socket::connect(db).is_ok_and(|s| s.is_some()) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn readers_racing_after_a_killed_server_bring_up_one_new_one_and_none_is_refused() {
    let (_dir, db) = city_db();
    assert_eq!(output(&db, &["stats"]).0, Some(0), "a server for the readers");
    let nip = {
        let (_, found) = output(&db, &["find", "siregar", "--kind", "employee", "--limit", "1", "--format", "csv"]);
        found.lines().nth(1).unwrap().split(',').nth(1).unwrap().to_string()
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|i| {
            let (db, nip, stop) = (db.clone(), nip.clone(), std::sync::Arc::clone(&stop));
            std::thread::spawn(move || {
                let (mut done, mut refused) = (0, Vec::new());
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let args: &[&str] = if i % 2 == 0 { &["show", &nip] } else { &["find", "analis", "--limit", "3"] };
                    let out = jabat().arg("--db").arg(&db).args(args).output().unwrap();
                    if out.status.success() {
                        done += 1;
                    } else {
                        refused.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                (done, refused)
            })
        })
        .collect();
    // kill -9 of the server, five times, while four loops read.
    let mut servers = Vec::new();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(1500));
        let stream = jabat::server::socket::connect(&db).unwrap().expect("a server listens");
        let creds = nix::sys::socket::getsockopt(&stream, nix::sys::socket::sockopt::PeerCredentials).unwrap();
        drop(stream);
        servers.push(creds.pid());
        kill_server(&db);
    }
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut reads = 0;
    for reader in readers {
        let (done, refused) = reader.join().unwrap();
        assert!(refused.is_empty(), "refused reads: {refused:?}");
        reads += done;
    }
    assert!(reads >= 40, "{reads} reads");
    eprintln!("{reads} reads, none refused, across five kills of the server");
    servers.dedup();
    assert_eq!(servers.len(), 5, "each kill was followed by a new server: {servers:?}");
    assert_eq!(output(&db, &["server", "status"]).0, Some(0), "one runs now");
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
}
