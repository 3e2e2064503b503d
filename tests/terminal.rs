//! The real binary in a real terminal: tmux runs it, `send-keys` types, `capture-pane`
//! reads the screen. One test goes through a real SSH session to an `sshd` started on
//! loopback. Each skips with a printed reason when its tool is absent (`.ci/run`
//! installs them).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A private tmux server running one command in a window of a given size.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        // A socket of its own each time: a server just told to stop may still hold the
        // last one's name, and a new session there dies with it ("server exited
        // unexpectedly").
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let nth = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("jabat-test-{}-{name}-{nth}", std::process::id());
        let shell = format!("{command}; echo EXIT=$?; sleep 30");
        let ok = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg(shell)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .status()
            .expect("tmux runs")
            .success();
        assert!(ok, "tmux did not start");
        Tmux { socket }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux").args(["-L", &self.socket, "send-keys", "-t", "t", k]).status().expect("send-keys");
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn screen(&self) -> String {
        let out =
            Command::new("tmux").args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"]).output().expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(start.elapsed() < within, "'{text}' did not appear; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

/// The new-user flow at one size: find BKPSDM, open it, search a person by surname,
/// read the profile, quit, and find the shell back with exit code 0.
fn new_user_flow(tmux: &Tmux) {
    let wait = Duration::from_secs(60);
    tmux.wait_for("Pemerintah Kota Binjai", wait);
    tmux.keys(&["/", "bkpsdm"]);
    tmux.wait_for("Badan Kepegawaian dan Pengembangan", wait);
    tmux.keys(&["Enter", "l", "j"]);
    tmux.wait_for("Sekretariat", wait);
    tmux.keys(&["/", "siregar"]);
    tmux.wait_for("Siregar", wait);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("NIP:", wait);
    assert!(screen.contains("Siregar"), "{screen}");
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=", wait);
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(!screen.contains("┌"), "the terminal was not restored:\n{screen}");
}

#[test]
fn in_tmux_at_80x24_and_200x60() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_jabat");
    for (w, h) in [(80, 24), (200, 60)] {
        let tmux = Tmux::start(&format!("{w}x{h}"), w, h, &format!("{bin} --demo"));
        new_user_flow(&tmux);
    }
}

#[test]
fn y_copies_the_selected_code_and_path_to_the_clipboard_through_osc_52() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_jabat");
    let tmux = Tmux::start("copy", 140, 30, &format!("{bin} --demo"));
    // tmux takes the terminal's OSC 52 into its paste buffer when told to.
    let set = ["-L", &tmux.socket, "set-option", "-g", "set-clipboard", "on"];
    assert!(Command::new("tmux").args(set).status().unwrap().success());
    let buffer = || {
        let out = Command::new("tmux").args(["-L", &tmux.socket, "show-buffer"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let wait = Duration::from_secs(60);
    tmux.wait_for("Pemerintah Kota Binjai", wait);
    tmux.keys(&[":", "goto 1276.23.03", "Enter"]);
    tmux.wait_for("Bidang Mutasi dan Promosi", wait);
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("copied to the clipboard: 1276.23.03", wait);
    let start = Instant::now();
    while buffer() != "1276.23.03" {
        assert!(start.elapsed() < wait, "the buffer holds {:?}:\n{screen}", buffer());
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.keys(&["Y"]);
    tmux.wait_for("copied to the clipboard: Pemerintah", wait);
    let start = Instant::now();
    while !buffer().ends_with("› Bidang Mutasi dan Promosi") {
        assert!(start.elapsed() < wait, "the buffer holds {:?}", buffer());
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", wait);
}

#[test]
fn a_database_in_use_names_its_holder_and_opens_once_it_is_let_go() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let (_dir, db) = city_of_300();
    let held = jabat::store::SledStore::open(&db).unwrap();
    let bin = env!("CARGO_BIN_EXE_jabat");
    let tmux = Tmux::start("locked", 100, 20, &format!("{bin} --db {} --lang en", db.display()));
    let screen = tmux.wait_for("is open directly by process", Duration::from_secs(20));
    assert!(screen.contains(&format!("process {}", std::process::id())), "{screen}");
    drop(held);
    tmux.wait_for("Pemerintah Kota Binjai", Duration::from_secs(30));
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(10));
    assert!(Command::new(bin).arg("--db").arg(&db).args(["server", "stop"]).status().unwrap().success());
}

#[test]
fn a_restructuring_by_keyboard_survives_quitting_and_reopening() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let bin = env!("CARGO_BIN_EXE_jabat");
    let run = |args: &[&str]| Command::new(bin).arg("--db").arg(&db).args(args).env("LANG", "C").output().unwrap();
    assert!(run(&["generate", "--preset", "city"]).status.success());
    let wait = Duration::from_secs(60);
    let open = |name: &str| Tmux::start(name, 140, 40, &format!("{bin} --db {} --lang en", db.display()));
    let tmux = open("edit");
    tmux.wait_for("Pemerintah Kota Binjai", wait);
    // Move a seksi to another dinas, make a kepala seksi post functional, undo, redo.
    tmux.keys(&[":goto 1276.12.04.01", "Enter", "x", ":goto 1276.13", "Enter", "p"]);
    tmux.wait_for("done (1 operation)", wait);
    tmux.keys(&[":goto 1276.12.02.01-J01", "Enter", "e"]);
    tmux.wait_for("Edit position", wait);
    // The kind over what is there, the level completed by Tab, the eselon cleared
    // (Ctrl-u), down to head, which Tab turns to no.
    tmux.keys(&["C-u", "fungsional", "Down", "ahli mu", "Tab", "Down", "C-u", "Down", "Down", "Down", "Tab", "Enter"]);
    tmux.wait_for("done (1 operation)", wait);
    tmux.keys(&["u"]);
    tmux.wait_for("undo #2", wait);
    tmux.keys(&["C-r"]);
    tmux.wait_for("redo #2", wait);
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=", wait);
    assert!(screen.contains("EXIT=0"), "{screen}");
    drop(tmux);
    // Reopened: the state and the history are as left.
    let out = String::from_utf8(run(&["show", "1276.12.04.01"]).stdout).unwrap();
    assert!(out.contains("Dinas Perhubungan"), "{out}");
    let out = String::from_utf8(run(&["show", "1276.12.02.01-J01"]).stdout).unwrap();
    assert!(out.lines().any(|l| l.starts_with("Kind") && l.contains("fungsional")), "{out}");
    let out = String::from_utf8(run(&["history", "--format", "csv"]).stdout).unwrap();
    assert_eq!(csv::Reader::from_reader(out.as_bytes()).records().count(), 4, "{out}");
    let tmux = open("reopen");
    tmux.wait_for("Pemerintah Kota Binjai", wait);
    tmux.keys(&["8"]);
    let screen = tmux.wait_for("History (4)", wait);
    assert!(screen.contains("redo #2"), "{screen}");
    tmux.keys(&["Escape", "q"]);
    tmux.wait_for("EXIT=0", wait);
}

/// An sshd on a free loopback port, for this test only.
struct Sshd {
    child: Child,
    port: u16,
    key: PathBuf,
}

impl Sshd {
    fn start(dir: &Path) -> Option<Sshd> {
        let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"].into_iter().find(|p| Path::new(p).exists())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let keygen = |file: &str| {
            Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(dir.join(file))
                .status()
                .is_ok_and(|s| s.success())
        };
        if !(keygen("host_key") && keygen("client_key")) {
            return None;
        }
        std::fs::copy(dir.join("client_key.pub"), dir.join("authorized_keys")).ok()?;
        let _ = std::fs::create_dir_all("/run/sshd");
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n\
             StrictModes no\nUsePAM no\nPidFile {d}/sshd.pid\nAcceptEnv LANG\n",
            d = dir.display()
        );
        std::fs::write(dir.join("sshd_config"), config).ok()?;
        let child = Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(dir.join("sshd_config"))
            .stderr(std::fs::File::create(dir.join("sshd.log")).ok()?)
            .spawn()
            .ok()?;
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(10) {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(Sshd { child, port, key: dir.join("client_key") })
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn over_a_real_ssh_session_in_tmux() {
    if !have("tmux") || !have("ssh") {
        common::skip("tmux or the ssh client is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(sshd) = Sshd::start(dir.path()) else {
        common::skip("no sshd could be started on loopback (install openssh-server)");
        return;
    };
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_jabat")).unwrap();
    for (w, h) in [(80, 24), (200, 60)] {
        let command = format!(
            "ssh -t -p {} -i {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {user}@127.0.0.1 {} --demo",
            sshd.port,
            sshd.key.display(),
            bin.display()
        );
        let tmux = Tmux::start(&format!("ssh{w}"), w, h, &command);
        new_user_flow(&tmux);
    }
}

/// A city database of 300 employees, in a directory of its own.
fn city_of_300() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let bin = env!("CARGO_BIN_EXE_jabat");
    let ok = Command::new(bin).arg("--db").arg(&db).args(["generate", "--employees", "300"]).status().unwrap();
    assert!(ok.success());
    (dir, db)
}

/// The jabat process a tmux pane runs (the child of the pane's shell).
fn pane_jabat(tmux: &Tmux) -> Option<u32> {
    let out = Command::new("tmux")
        .args(["-L", &tmux.socket, "display-message", "-p", "-t", "t", "#{pane_pid}"])
        .output()
        .expect("display-message");
    let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
    children
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .find(|pid: &u32| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "jabat"))
}

/// The process ids of the clients the database's server has, but for the asker.
fn server_clients(bin: &str, db: &Path) -> Vec<i64> {
    let child = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["server", "status", "--format", "json"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let me = i64::from(child.id());
    let out = child.wait_with_output().unwrap();
    let clients: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    clients.as_array().into_iter().flatten().filter_map(|c| c["pid"].as_i64()).filter(|p| *p != me).collect()
}

#[test]
fn an_anjab_is_written_in_the_users_editor_and_journalled() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let bin = env!("CARGO_BIN_EXE_jabat");
    let run = |args: &[&str]| Command::new(bin).arg("--db").arg(&db).args(args).env("LANG", "C").output().unwrap();
    assert!(run(&["generate", "--preset", "city", "--today", common::SAMPLE_DAY_TEXT]).status.success());
    // An editor that adds a tool, and one that leaves a heading jabat does not know.
    let good = dir.path().join("good.sh");
    std::fs::write(&good, "#!/bin/sh\nsed -i 's/^\\[tool\\]$/[tool]\\nMesin fotokopi/' \"$1\"\n").unwrap();
    let bad = dir.path().join("bad.sh");
    std::fs::write(&bad, "#!/bin/sh\nprintf '[ringkasan]\\nx\\n' > \"$1\"\n").unwrap();
    for f in [&good, &bad] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let code = "1276.01.01.01-J02";
    let wait = Duration::from_secs(60);
    for (editor, said) in [(&bad, "the anjab was not read, nothing changed: line 1"), (&good, "done (1 operation)")] {
        let command = format!("EDITOR={} {bin} --db {} --lang en", editor.display(), db.display());
        let tmux = Tmux::start("anjab", 140, 40, &command);
        tmux.wait_for("Pemerintah Kota Binjai", wait);
        tmux.keys(&[&format!(":goto {code}"), "Enter", "E"]);
        tmux.wait_for(said, wait);
        tmux.keys(&["q"]);
        tmux.wait_for("EXIT=0", wait);
    }
    let json = run(&["anjab", code, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["tools"][0], "Mesin fotokopi");
    let history = String::from_utf8(run(&["history", "--format", "csv"]).stdout).unwrap();
    assert_eq!(history.lines().filter(|l| l.contains("set-anjab")).count(), 1, "{history}");
}

#[test]
fn a_signal_restores_the_terminal_and_closes_the_database() {
    // Regression: SIGTERM, SIGHUP (an SSH connection dropping) or SIGQUIT left the terminal in
    // the alternate screen with mouse reporting on and the cursor hidden. The interface
    // works through the server it starts; a signal ends its connection, and the server
    // goes on for the others.
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let (_dir, db) = city_of_300();
    let bin = env!("CARGO_BIN_EXE_jabat");
    let flags = |tmux: &Tmux| {
        let out = Command::new("tmux")
            .args(["-L", &tmux.socket, "display-message", "-p", "-t", "t"])
            .arg("#{alternate_on} #{cursor_flag} #{mouse_any_flag}")
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    for signal in ["TERM", "HUP", "INT", "QUIT"] {
        let tmux = Tmux::start(&format!("signal-{signal}"), 100, 24, &format!("{bin} --db {}", db.display()));
        tmux.wait_for("Pemerintah Kota Binjai", Duration::from_secs(30));
        assert_eq!(flags(&tmux), "1 0 1", "the interface took the screen and the mouse");
        let pid = pane_jabat(&tmux).expect("the interface runs in the pane");
        assert_eq!(server_clients(bin, &db), [i64::from(pid)], "the interface is the server's client");
        assert!(Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).status().unwrap().success());
        let screen = tmux.wait_for("EXIT=", Duration::from_secs(10));
        assert_eq!(flags(&tmux), "0 1 0", "SIG{signal}: the terminal is restored; the screen:\n{screen}");
        assert_eq!(server_clients(bin, &db), Vec::<i64>::new(), "SIG{signal}: its connection was closed");
    }
    // A real hangup: the terminal goes away under the interface (as when the SSH
    // connection drops). It ends and closes its connection even though it cannot
    // restore or print anything; the server it started stays for the others.
    let tmux = Tmux::start("hangup", 100, 24, &format!("{bin} --db {}", db.display()));
    tmux.wait_for("Pemerintah Kota Binjai", Duration::from_secs(30));
    assert_eq!(server_clients(bin, &db).len(), 1);
    let _ = Command::new("tmux").args(["-L", &tmux.socket, "kill-server"]).status();
    let start = Instant::now();
    while !server_clients(bin, &db).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(10), "the connection was not closed after the hangup");
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = Command::new(bin).arg("--db").arg(&db).args(["check", "--integrity"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("agrees with a rebuild"));
    assert!(Command::new(bin).arg("--db").arg(&db).args(["server", "stop"]).status().unwrap().success());
}

#[test]
fn another_process_commit_shows_in_an_open_interface_within_a_second() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let (_dir, db) = city_of_300();
    let bin = env!("CARGO_BIN_EXE_jabat");
    let tmux = Tmux::start("watch", 120, 30, &format!("{bin} --db {} --lang en", db.display()));
    tmux.wait_for("Pemerintah Kota Binjai", Duration::from_secs(30));
    // The second process is another analyst's shell: it works beside the open interface.
    let out = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .args(["ops", "do", "rename-unit", "1276.01", "name=Sekretariat Bersama"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let committed = Instant::now();
    let screen = tmux.wait_for("Sekretariat Bersama", Duration::from_secs(5));
    let seen = committed.elapsed();
    let user = jabat::identity::current_user();
    assert!(screen.contains(&format!("@{user}")), "marked with who changed it:\n{screen}");
    assert!(screen.contains(&format!("{user} changed: rename unit 1276.01")), "said in the status bar:\n{screen}");
    eprintln!("another process's commit on screen after {seen:?}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(10));
    assert!(Command::new(bin).arg("--db").arg(&db).args(["server", "stop"]).status().unwrap().success());
}

#[test]
fn a_large_paste_arrives_as_one_and_leaves_the_interface_quick() {
    // Regression: 100 KB pasted into search froze the interface for minutes, and what
    // was left went to the shell after a kill.
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paste = dir.path().join("paste.txt");
    std::fs::write(&paste, format!("bkpsdm{}", "y".repeat(100_000))).unwrap();
    let bin = env!("CARGO_BIN_EXE_jabat");
    let tmux = Tmux::start("paste", 100, 24, &format!("{bin} --demo"));
    tmux.wait_for("Pemerintah Kota Binjai", Duration::from_secs(60));
    tmux.keys(&["/"]);
    let tmux_cmd = |args: &[&str]| Command::new("tmux").args(["-L", &tmux.socket]).args(args).status().unwrap();
    assert!(tmux_cmd(&["load-buffer", paste.to_str().unwrap()]).success());
    assert!(tmux_cmd(&["paste-buffer", "-p", "-t", "t"]).success());
    tmux.wait_for("/bkpsdmyyyy", Duration::from_secs(5));
    tmux.keys(&["Escape", "q"]);
    let screen = tmux.wait_for("EXIT=", Duration::from_secs(5));
    assert!(screen.contains("EXIT=0") && !screen.contains("yyyy"), "{screen}");
}

#[test]
fn an_interface_outlives_its_server_being_killed_and_goes_on_with_a_new_one() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let (_dir, db) = city_of_300();
    let bin = env!("CARGO_BIN_EXE_jabat");
    let server = || -> Option<u32> {
        let text = std::fs::read_to_string(db.join("jabat.lock-info")).ok()?;
        text.lines().find_map(|l| l.strip_prefix("pid=")).and_then(|p| p.parse().ok())
    };
    let tmux = Tmux::start("reconnect", 120, 30, &format!("{bin} --db {} --lang en", db.display()));
    tmux.wait_for("Pemerintah Kota Binjai", Duration::from_secs(30));
    let first = server().expect("the interface started a server");
    assert!(Command::new("kill").args(["-9", &first.to_string()]).status().unwrap().success());
    // Its next look at the journal finds the server gone and starts another.
    let start = Instant::now();
    while server().is_none_or(|pid| pid == first) {
        assert!(start.elapsed() < Duration::from_secs(15), "no new server");
        std::thread::sleep(Duration::from_millis(100));
    }
    // It works as before: another process's change shows.
    let out = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .args(["ops", "do", "rename-unit", "1276.01", "name=Sekretariat Sesudah"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    tmux.wait_for("Sekretariat Sesudah", Duration::from_secs(5));
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(10));
    assert!(Command::new(bin).arg("--db").arg(&db).args(["server", "stop"]).status().unwrap().success());
}

#[test]
fn two_users_share_one_database_over_ssh_each_seeing_the_others_changes() {
    if !have("tmux") || !have("ssh") || !have("useradd") {
        common::skip("tmux, ssh or useradd is not installed");
        return;
    }
    if !nix::unistd::geteuid().is_root() {
        common::skip("making OS users for the sharing test needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let chmod =
        |p: &Path, mode: u32| std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap();
    chmod(dir.path(), 0o755);
    let _users = common::OsUsers::make(dir.path(), &["jt-ana", "jt-budi", "jt-vera", "jt-nono"]);
    let Some(sshd) = Sshd::start(dir.path()) else {
        common::skip("no sshd could be started on loopback (install openssh-server)");
        return;
    };
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_jabat")).unwrap();
    // Ana's database, in a directory the others may pass through; her access file gives
    // Budi the editor's role and Vera the viewer's; Nono has none.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    assert!(Command::new("chown").arg("jt-ana").arg(&shared).status().unwrap().success());
    let db = shared.join("db");
    let as_ana = |args: &[&str]| {
        Command::new("runuser").args(["-u", "jt-ana", "--"]).arg(&bin).arg("--db").arg(&db).args(args).output().unwrap()
    };
    assert!(as_ana(&["generate", "--preset", "city", "--employees", "800"]).status.success());
    std::fs::write(db.join("access.toml"), "[users]\n\"jt-budi\" = \"editor\"\n\"jt-vera\" = \"viewer\"\n").unwrap();
    assert!(Command::new("chown").arg("jt-ana").arg(db.join("access.toml")).status().unwrap().success());
    chmod(&db.join("access.toml"), 0o644);
    let ssh = |user: &str, command: &str| {
        format!(
            "ssh -t -p {} -i {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {user}@127.0.0.1 {command}",
            sshd.port,
            sshd.key.display()
        )
    };
    let over_ssh = |user: &str, args: &str| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(ssh(user, &format!("{} --db {} {args}", bin.display(), db.display())).replace("ssh -t", "ssh -T"))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let interface = format!("{} --db {} --lang en", bin.display(), db.display());

    // Ana opens the interface: it starts the server, as Ana.
    let ana = Tmux::start("ana", 130, 36, &ssh("jt-ana", &interface));
    ana.wait_for("Pemerintah Kota Binjai", Duration::from_secs(60));
    // Budi looks things up from his shell meanwhile, then opens the interface too.
    assert_eq!(over_ssh("jt-budi", "show 1276.01").0, Some(0));
    assert_eq!(over_ssh("jt-budi", "find analis").0, Some(0));
    assert!(matches!(over_ssh("jt-budi", "check").0, Some(0 | 1)), "check runs (1: findings)");
    let budi = Tmux::start("budi", 130, 36, &ssh("jt-budi", &interface));
    budi.wait_for("Pemerintah Kota Binjai", Duration::from_secs(60));
    budi.wait_for("also jt-ana", Duration::from_secs(5));
    ana.wait_for("also jt-budi", Duration::from_secs(5));

    // Ana moves a seksi; Budi, looking at where it goes, sees it with her mark.
    budi.keys(&[":goto 1276.13", "Enter", "l"]);
    ana.keys(&[":goto 1276.12.04.01", "Enter", "x", ":goto 1276.13", "Enter", "p"]);
    let moved = Instant::now();
    let screen = budi.wait_for("jt-ana changed: move unit 1276.12.04.01", Duration::from_secs(5));
    assert!(screen.contains("@jt-ana"), "the moved seksi is marked with who moved it:\n{screen}");
    eprintln!("Ana's move on Budi's screen after {:?}", moved.elapsed());

    // Budi begins renaming a dinas; Ana renames it first: his is refused with her name.
    budi.keys(&[":goto 1276.12.02", "Enter", "r"]);
    ana.keys(&[":goto 1276.12.02", "Enter", "r"]);
    ana.keys(&["C-u"]);
    for _ in 0..40 {
        ana.keys(&["BSpace"]);
    }
    ana.keys(&["Dinas Ana", "Enter"]);
    budi.wait_for("Dinas Ana", Duration::from_secs(5));
    budi.keys(&[" Budi", "Enter"]);
    budi.wait_for("jt-ana changed 1276.12.02", Duration::from_secs(5));

    // A viewer may look but not change, and is told why; a user with no role is turned away.
    let (code, _, said) = over_ssh("jt-vera", "ops do rename-unit 1276.01 name=Vera");
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("jt-vera is a viewer") && said.contains("needs editor"), "{said}");
    let (code, _, said) = over_ssh("jt-vera", "import /tmp --merge");
    assert_eq!(code, Some(2), "{said}");
    let (code, _, said) = over_ssh("jt-nono", "show 1276.01");
    assert_eq!(code, Some(2));
    assert!(said.contains("jt-nono has no role"), "{said}");

    budi.keys(&["Escape", "q"]);
    ana.keys(&["q"]);
    let history = String::from_utf8_lossy(&as_ana(&["history", "--format", "csv"]).stdout).into_owned();
    assert!(
        history.contains("jt-ana") && !history.contains("jt-budi"),
        "the journal names Ana, and only her:\n{history}"
    );
    assert!(as_ana(&["server", "stop"]).status.success());
}

#[test]
fn two_roles_share_one_postgres_database_each_seeing_the_others_changes() {
    if !have("tmux") {
        common::skip("tmux is not installed");
        return;
    }
    let Some(url) = common::pg::fresh_database("two_roles_in_tmux") else { return };
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_jabat")).unwrap();
    let jabat = |url: &str, args: &[&str]| Command::new(&bin).arg("--db").arg(url).args(args).output().unwrap();
    assert!(jabat(&url, &["generate", "--preset", "city", "--employees", "800"]).status.success());
    // The database's owner gives Ana the editor's role and Vera the viewer's.
    for (user, role) in [("jt_ana", "editor"), ("jt_vera", "viewer")] {
        let out = jabat(&url, &["db", "grant", user, role]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (ana_url, vera_url) = (common::pg::as_user(&url, "jt_ana"), common::pg::as_user(&url, "jt_vera"));
    let interface = |url: &str| format!("{} --db '{url}' --lang en", bin.display());
    let ana = Tmux::start("pg-ana", 130, 36, &interface(&ana_url));
    let vera = Tmux::start("pg-vera", 130, 36, &interface(&vera_url));
    ana.wait_for("as jt_ana", Duration::from_secs(60));
    vera.wait_for("as jt_vera", Duration::from_secs(60));
    vera.wait_for("also jt_ana", Duration::from_secs(5));

    // Ana renames the dinas Vera looks at: Vera's screen shows it, and who did it.
    vera.keys(&[":goto 1276.13", "Enter"]);
    ana.keys(&[":goto 1276.13", "Enter", "r", "C-u", "Dinas Ana", "Enter"]);
    let committed = Instant::now();
    let screen = vera.wait_for("jt_ana changed: rename unit 1276.13", Duration::from_secs(5));
    eprintln!("Ana's rename on Vera's screen after {:?}", committed.elapsed());
    assert!(screen.contains("Dinas Ana"), "{screen}");

    // Vera may look but not change: the database itself refuses, and she is told so.
    vera.keys(&["r", "C-u", "Dinas Vera", "Enter"]);
    let screen = vera.wait_for("the database refused", Duration::from_secs(5));
    assert!(screen.contains("permission denied"), "{screen}");
    let out = jabat(&vera_url, &["ops", "do", "rename-unit", "1276.01", "name=Vera"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the database refused"));

    ana.keys(&["q"]);
    vera.keys(&["Escape", "q"]);
    ana.wait_for("EXIT=0", Duration::from_secs(10));
    vera.wait_for("EXIT=0", Duration::from_secs(10));
    // The journal names the database's user, and only Ana changed anything.
    let history = String::from_utf8_lossy(&jabat(&url, &["history", "--format", "csv"]).stdout).into_owned();
    assert!(history.contains("jt_ana") && !history.contains("jt_vera"), "{history}");
    assert_eq!(history.lines().count(), 2, "one entry:\n{history}");
}
