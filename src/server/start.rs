//! Starting a database's server when none runs: what the interface and every command
//! on a shared directory do, so that no jabat process holds the database but the
//! server, and a command never fails because another holds it. Starters take turns on a
//! lock file inside the database, so that after a crash the many commands that find no
//! server start one between them, and the others wait for it and use it.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::store::StoreError;

/// How long a server the interface or a command started waits after its last client
/// has gone.
pub const BACKGROUND_IDLE_EXIT: u64 = 120;

/// The file starters take turns on, inside the database directory.
const START_LOCK: &str = "jabat.start";

/// How long a starter waits for the server it started to listen (opening a national
/// database after a crash replays its log: seconds, not minutes).
const LISTENS_WITHIN: Duration = Duration::from_secs(120);

/// Makes sure a server runs for the database in `db`: one answers already, or this
/// process starts one in the background (`jabat serve --idle-exit`) and waits until it
/// listens, or waits for the one another starter is bringing up. Only the database's
/// owner may start one ([`StoreError::NoServer`] for anyone else). When the server
/// cannot start, the error says why: the process holding the database directly
/// ([`StoreError::Locked`]), or the last line the server logged in `<db>/server.log`.
pub fn start_in_background(db: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    if !crate::store::SledStore::exists(db) {
        return Err(StoreError::Missing { path: db.display().to_string() });
    }
    let owner = super::socket::owner_of(db).map_err(|e| StoreError::Backend(format!("{}: {e}", db.display())))?;
    if nix::unistd::geteuid().as_raw() != owner {
        return Err(StoreError::NoServer { db: db.display().to_string(), owner: super::socket::user_name(owner) });
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(db.join(START_LOCK))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::ReadOnlyFilesystem => StoreError::Backend(format!(
                "cannot open database {}: the database is on a read-only disk; open it with --read-only",
                db.display()
            )),
            _ => StoreError::Backend(format!("cannot start a server for {}: {e}", db.display())),
        })?;
    // Held until the server listens (or has failed): the next starter then finds it.
    let _turn = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| StoreError::Backend(format!("cannot start a server for {}: {e}", db.display())))?;
    if super::socket::connect(db)?.is_some() {
        return Ok(());
    }
    let exe = std::env::current_exe().map_err(|e| StoreError::Backend(format!("cannot start a server: {e}")))?;
    let log_path = db.join("server.log");
    // A server that stops at once while nobody holds the database any more met a holder
    // that let go meanwhile (or sled's flusher of one that just closed it): tried again.
    let mut tries = 0;
    loop {
        tries += 1;
        match spawn_and_wait(db, &exe, &log_path)? {
            Started::Listening => return Ok(()),
            Started::Stopped if tries < START_TRIES && crate::store::holder(db).is_none() => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Started::Stopped => return Err(why_not_started(db, &log_path)),
        }
    }
}

/// How many times a server is started before its failure is said.
const START_TRIES: usize = 5;

/// What came of starting one server.
enum Started {
    /// It listens.
    Listening,
    /// It stopped without listening.
    Stopped,
}

/// Starts `jabat serve --idle-exit` on `db` in the background, its standard error
/// appended to `log`, and waits until it listens or stops.
fn spawn_and_wait(db: &Path, exe: &Path, log_path: &Path) -> Result<Started, StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::process::CommandExt;
    let log = std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(log_path);
    let mut command = std::process::Command::new(exe);
    command
        .arg("--db")
        .arg(db)
        .args(["serve", "--idle-exit", &BACKGROUND_IDLE_EXIT.to_string()])
        .env_remove("JABAT_DB")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        // Its own process group: Ctrl-C in this terminal, or the terminal closing,
        // does not reach it; it stops once idle.
        .process_group(0);
    match log {
        Ok(log) => command.stderr(log),
        Err(_) => command.stderr(std::process::Stdio::null()),
    };
    let mut child =
        command.spawn().map_err(|e| StoreError::Backend(format!("cannot start a server for {}: {e}", db.display())))?;
    let deadline = Instant::now() + LISTENS_WITHIN;
    while Instant::now() < deadline {
        if super::socket::connect(db)?.is_some() {
            tracing::info!("started a server for {} (pid {})", db.display(), child.id());
            // The server outlives this process (init reaps it then).
            drop(child);
            return Ok(Started::Listening);
        }
        if child.try_wait().ok().flatten().is_some() {
            return Ok(Started::Stopped);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Err(StoreError::Backend(format!(
        "the server started for {} did not listen within {} s; see {}",
        db.display(),
        LISTENS_WITHIN.as_secs(),
        log_path.display()
    )))
}

/// Why a server just started has stopped: the process that holds the database, or the
/// last line of its log.
fn why_not_started(db: &Path, log: &Path) -> StoreError {
    if let Some(holder) = crate::store::holder(db) {
        return StoreError::Locked {
            path: db.display().to_string(),
            pid: holder.pid,
            user: holder.user,
            since: holder.since,
        };
    }
    let last = std::fs::read_to_string(log)
        .ok()
        .and_then(|text| text.lines().rev().find(|l| !l.trim().is_empty()).map(str::to_string))
        .unwrap_or_default();
    StoreError::Backend(format!(
        "the server started for {} stopped at once: {}",
        db.display(),
        last.trim_start_matches("jabat: ")
    ))
}
