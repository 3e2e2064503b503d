//! A throwaway PostgreSQL for the tests: a cluster initialised into a temporary
//! directory, listening on a Unix socket only, stopped when the test process ends (a
//! watcher stops it even when the process is killed); or the server `JABAT_TEST_PG`
//! names. Each test gets a database of its own. Without PostgreSQL's programs the
//! tests that need it skip, saying why.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Where the cluster's server is: a base URL databases are made under.
pub struct Pg {
    /// `postgresql://user@/?host=…&port=…` (no database).
    socket: PathBuf,
    port: u16,
    user: String,
    /// A server someone else runs (`JABAT_TEST_PG`).
    given: Option<String>,
    /// The cluster's directory (the watcher removes it).
    _dir: Option<PathBuf>,
}

/// The role the test cluster asks a password of (`scram-sha-256`; every other role is
/// trusted on the socket).
pub const PASSWORD_ROLE: &str = "jabat_pw";

static CLUSTER: OnceLock<Result<Pg, String>> = OnceLock::new();
static NEXT: AtomicU32 = AtomicU32::new(0);

/// The cluster this test process shares, started the first time; or why there is none.
pub fn cluster() -> Result<&'static Pg, &'static str> {
    CLUSTER.get_or_init(start).as_ref().map_err(String::as_str)
}

/// A fresh, empty database's URL, or `None` (with the reason printed) without PostgreSQL.
pub fn fresh_database(test: &str) -> Option<String> {
    match cluster() {
        Ok(pg) => Some(pg.database(test)),
        Err(why) => {
            super::skip(format!("{test}: {why}"));
            None
        }
    }
}

fn bin_dir() -> Option<PathBuf> {
    if let Ok(out) = Command::new("sh").args(["-c", "command -v initdb"]).output()
        && out.status.success()
    {
        let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let real = std::fs::canonicalize(&path).unwrap_or(path);
        return real.parent().map(Path::to_path_buf);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Runs a PostgreSQL program as the user the cluster belongs to (not root: initdb and
/// the server refuse to run as root).
fn as_owner(program: &Path, owner: Option<&str>) -> Command {
    match owner {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    }
}

fn start() -> Result<Pg, String> {
    if let Ok(url) = std::env::var("JABAT_TEST_PG")
        && !url.is_empty()
    {
        return Ok(Pg { socket: PathBuf::new(), port: 0, user: String::new(), given: Some(url), _dir: None });
    }
    let bin = bin_dir().ok_or("PostgreSQL's programs (initdb, pg_ctl) are not installed")?;
    let owner = if is_root() { Some("postgres") } else { None };
    if let Some(user) = owner
        && !Command::new("id").arg(user).output().is_ok_and(|o| o.status.success())
    {
        return Err(format!("running as root and there is no OS user '{user}' to run PostgreSQL as"));
    }
    let dir = tempfile::Builder::new().prefix("jabat-pg-").tempdir().map_err(|e| e.to_string())?;
    let data = dir.path().join("data");
    let socket = dir.path().to_path_buf();
    if let Some(user) = owner {
        let ok = Command::new("chown").args(["-R", user]).arg(dir.path()).status().is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("cannot give {} to {user}", dir.path().display()));
        }
    }
    let db_user = "jabat_test";
    let init = as_owner(&bin.join("initdb"), owner)
        .args(["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", db_user, "-D"])
        .arg(&data)
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !init.status.success() {
        return Err(format!("initdb failed: {}", String::from_utf8_lossy(&init.stderr)));
    }
    // One role signs in with a password (for the tests of a wrong one); the rest are trusted.
    let hba = data.join("pg_hba.conf");
    let trusted = std::fs::read_to_string(&hba).map_err(|e| format!("pg_hba.conf: {e}"))?;
    std::fs::write(&hba, format!("local all {PASSWORD_ROLE} scram-sha-256\n{trusted}"))
        .map_err(|e| format!("pg_hba.conf: {e}"))?;
    let port: u16 = 5432;
    let options = format!(
        "-c listen_addresses='' -c unix_socket_directories='{}' -p {port} -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off",
        socket.display()
    );
    let started = as_owner(&bin.join("pg_ctl"), owner)
        .args(["-w", "-t", "60", "-D"])
        .arg(&data)
        .args(["-l"])
        .arg(dir.path().join("log"))
        .args(["-o", &options, "start"])
        .output()
        .map_err(|e| format!("pg_ctl: {e}"))?;
    if !started.status.success() {
        let log = std::fs::read_to_string(dir.path().join("log")).unwrap_or_default();
        return Err(format!("pg_ctl start failed: {}{log}", String::from_utf8_lossy(&started.stderr)));
    }
    // Stopped and removed when this process ends, however it ends. (`kill -0` would
    // not do: the cluster's owner may not signal a root test process.)
    let watcher = format!(
        "while [ -d /proc/{pid} ]; do sleep 1; done; {ctl} -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        dir = dir.path().display()
    );
    let mut stop = as_owner(Path::new("sh"), owner);
    stop.args(["-c", &watcher]).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null());
    stop.spawn().map_err(|e| format!("cannot watch the cluster: {e}"))?;
    Ok(Pg { socket, port, user: db_user.into(), given: None, _dir: Some(dir.keep()) })
}

impl Pg {
    /// Whether the cluster is the tests' own (whose authentication they set), not one
    /// `JABAT_TEST_PG` names.
    pub fn is_own(&self) -> bool {
        self.given.is_none()
    }

    /// The directory of the server's socket and its port, when the cluster is the
    /// tests' own.
    pub fn socket(&self) -> Option<(&Path, u16)> {
        self.given.is_none().then_some((self.socket.as_path(), self.port))
    }

    /// The URL of database `name` on this server.
    pub fn url(&self, name: &str) -> String {
        match &self.given {
            Some(base) => {
                let (head, query) = base.split_once('?').map_or((base.as_str(), None), |(h, q)| (h, Some(q)));
                let head = head.trim_end_matches('/');
                let root =
                    head.rsplit_once('/').filter(|(s, _)| s.ends_with('/') || s.contains('@')).map_or(head, |(s, _)| s);
                match query {
                    Some(q) => format!("{root}/{name}?{q}"),
                    None => format!("{root}/{name}"),
                }
            }
            None => format!("postgresql://{}@/{name}?host={}&port={}", self.user, self.socket.display(), self.port),
        }
    }

    /// A new database holding what the database at `url` holds (made from it as a
    /// template: nothing may be connected to it meanwhile).
    pub fn copy_of(&self, url: &str, test: &str) -> String {
        let path = url.split_once('?').map_or(url, |(path, _)| path);
        let template = path.rsplit_once('/').map_or(path, |(_, name)| name);
        let name = self.name(test);
        let mut admin =
            postgres::Client::connect(&self.url("postgres"), postgres::NoTls).expect("connects to the test server");
        admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")).expect("copies the test database");
        self.url(&name)
    }

    fn name(&self, test: &str) -> String {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        format!("t{}_{n}_{test}", std::process::id())
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .take(60)
            .collect()
    }

    /// A new, empty database for one test.
    pub fn database(&self, test: &str) -> String {
        let name = self.name(test);
        let mut admin =
            postgres::Client::connect(&self.url("postgres"), postgres::NoTls).expect("connects to the test server");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("creates the test database");
        self.url(&name)
    }
}

/// `url` connecting as `user` instead (no password: the test cluster trusts its socket).
pub fn as_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let rest = match rest.split_once('@') {
        Some((_, after)) if !rest.starts_with('/') => after,
        _ => rest,
    };
    format!("{scheme}://{user}@{rest}")
}

/// The URL of a database holding the demo sample, made once per test process, for
/// [`Pg::copy_of`] (nothing stays connected to it).
pub fn demo_template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let pg = cluster().expect("the caller checked the cluster");
        let url = pg.database("demo_template");
        let store = jabat::store::PgStore::open(&url, jabat::store::OpenOptions::CREATE).expect("opens");
        jabat::store::Store::replace_dataset(&store, super::demo_sample()).expect("writes the sample");
        url
    })
}

/// pgbouncer in front of the tests' cluster, in session mode (what docs/postgres.md
/// advises for many short commands), stopped when dropped.
pub struct Pooler {
    dir: tempfile::TempDir,
    child: std::process::Child,
}

/// The port the pooler's socket is named by (its own directory, so it clashes with
/// nothing).
const POOLER_PORT: u16 = 6432;

impl Pooler {
    /// Started for `users` (the roles that may sign in through it), or `None` with the
    /// reason printed: no pgbouncer, or a server the tests do not run.
    pub fn start(test: &str, users: &[&str]) -> Option<Pooler> {
        let why = |reason: String| {
            super::skip(format!("{test} through pgbouncer: {reason}"));
            None
        };
        let Some((socket, port)) = cluster().ok().and_then(Pg::socket) else {
            return why("the tests do not run this PostgreSQL server".into());
        };
        let found = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].into_iter().map(Path::new).find(|p| p.exists());
        let Some(program) = found else { return why("pgbouncer is not installed".into()) };
        let dir = tempfile::Builder::new().prefix("jabat-pgbouncer-").tempdir().ok()?;
        let users: String = users.iter().map(|u| format!("\"{u}\" \"\"\n")).collect();
        std::fs::write(dir.path().join("users.txt"), users).ok()?;
        let ini = format!(
            "[databases]\n* = host={socket} port={port}\n[pgbouncer]\nlisten_addr =\nunix_socket_dir = {dir}\n\
             listen_port = {POOLER_PORT}\nauth_type = trust\nauth_file = {dir}/users.txt\npool_mode = session\n\
             logfile = {dir}/log\n",
            socket = socket.display(),
            dir = dir.path().display()
        );
        std::fs::write(dir.path().join("pgbouncer.ini"), ini).ok()?;
        // pgbouncer will not run as root.
        let owner = if is_root() { Some("postgres") } else { None };
        if let Some(user) = owner {
            Command::new("chown").args(["-R", user]).arg(dir.path()).status().ok()?;
        }
        let child = as_owner(program, owner)
            .arg(dir.path().join("pgbouncer.ini"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let child = match child {
            Ok(c) => c,
            Err(e) => return why(format!("pgbouncer does not start: {e}")),
        };
        let pooler = Pooler { dir, child };
        let listening = pooler.dir.path().join(format!(".s.PGSQL.{POOLER_PORT}"));
        let started = std::time::Instant::now();
        while !listening.exists() {
            if started.elapsed() > std::time::Duration::from_secs(20) {
                let log = std::fs::read_to_string(pooler.dir.path().join("log")).unwrap_or_default();
                return why(format!("pgbouncer did not listen within 20 s: {log}"));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Some(pooler)
    }

    /// `url` (a database on the tests' cluster) reached through the pooler instead.
    pub fn url(&self, url: &str) -> String {
        let (socket, port) = cluster().ok().and_then(Pg::socket).expect("the pooler's cluster");
        url.replace(&format!("host={}", socket.display()), &format!("host={}", self.dir.path().display()))
            .replace(&format!("port={port}"), &format!("port={POOLER_PORT}"))
    }
}

impl Drop for Pooler {
    fn drop(&mut self) {
        // It runs as another user when the tests are root; `runuser` passes the signal on.
        let _ = self.child.kill();
        let _ = Command::new("pkill").arg("-f").arg(self.dir.path().join("pgbouncer.ini")).status();
        let _ = self.child.wait();
    }
}

/// Runs `sql` with `psql` on the database at `url` (as the role the URL names), stopping
/// at the first error: whether it went through, and what psql printed.
pub fn psql(url: &str, sql: &str) -> (bool, String) {
    let program = bin_dir().map(|d| d.join("psql")).filter(|p| p.exists()).unwrap_or_else(|| PathBuf::from("psql"));
    let out = Command::new(program)
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .env_remove("PGPASSWORD")
        .output()
        .expect("psql runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), said)
}
