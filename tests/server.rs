//! The shared server, as its users meet it: a database served by `jabat serve` answers
//! every command through the socket exactly as when opened directly, a second process
//! may edit while the server holds the database, a client of another version or one
//! that sends garbage is turned away without harm, and the server stops when asked.

mod common;

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

/// Lookups, analyses and checks a user runs from a shell or cron.
const LOOKUPS: &[&[&str]] = &[
    &["stats", "--format", "json"],
    &["tree", "--depth", "2"],
    &["find", "analis", "--format", "csv"],
    &["show", "1275.01", "--format", "json"],
    &["check", "--format", "csv"],
    &["formation", "--all", "--format", "json"],
    &["history", "--format", "json"],
];

#[test]
fn every_lookup_through_the_server_answers_as_the_database_opened_directly() {
    let (_dir, db) = city_db();
    let direct: Vec<_> = LOOKUPS.iter().map(|a| output(&db, a)).collect();
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

#[test]
fn an_edit_from_another_process_goes_through_and_is_journaled_with_the_user_the_server_saw() {
    let (_dir, db) = city_db();
    let _served = Served::start(&db, &[]);
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["ops", "do", "rename-unit", "1275.01", "name=Sekretariat Daerah Kota", "--reason", "naskah baru"])
        .assert()
        .success();
    let (_, shown) = output(&db, &["show", "1275.01", "--format", "json"]);
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
    // Garbage, a huge frame, and a client that goes away mid-request.
    let mut garbage = UnixStream::connect(&served.socket).unwrap();
    garbage.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\0").unwrap();
    let mut huge = UnixStream::connect(&served.socket).unwrap();
    let welcome_ok = {
        let mut output = huge.try_clone().unwrap();
        wire::send(&mut output, &Hello::ours()).unwrap();
        wire::receive::<Welcome>(&mut BufReader::new(huge.try_clone().unwrap()), 1 << 16).unwrap()
    };
    assert!(welcome_ok.answer.is_ok());
    let chunk = vec![7u8; 1 << 20];
    for _ in 0..=(wire::MAX_ADMIN_REQUEST >> 20) {
        if huge.write_all(&chunk).is_err() {
            break;
        }
    }
    drop(huge);
    drop(garbage);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0), "the server still answers");
    let log = served.log_after_stop(&db);
    assert!(log.contains("sent no hello"), "the garbage is logged: {log}");
    assert!(log.contains("a message longer than"), "the huge frame is logged: {log}");
    assert!(log.contains("refused user"), "the other version is logged: {log}");
}

#[test]
fn a_server_stops_when_asked_or_when_idle_and_commands_then_open_the_database_themselves() {
    let (_dir, db) = city_db();
    let mut served = Served::start(&db, &[]);
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
    assert!(served.ended_within(Duration::from_secs(10)), "stopped");
    assert!(!served.socket.exists(), "the socket is removed");
    jabat().arg("--db").arg(&db).args(["server", "status"]).assert().code(1);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0), "opened directly");
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
    let _again = Served::start(&db, &[]);
    assert_eq!(output(&db, &["find", "analis", "--limit", "1"]).0, Some(0));
}
