//! Who holds a database: a small text file beside sled's own lock.
//!
//! sled locks `<db>/db` exclusively and a second opener fails at once; this file
//! lets that failure say who holds the database and since when.

use std::fs;
use std::path::{Path, PathBuf};

/// The holder of a database as written in its lock-info file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// Process id.
    pub pid: u32,
    /// OS user.
    pub user: String,
    /// Local time the database was opened.
    pub since: String,
}

const FILE_NAME: &str = "jabat.lock-info";

fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Records this process as the holder of the database in `dir`.
pub fn write(dir: &Path) -> std::io::Result<()> {
    let since = chrono::Local::now().format("%Y-%m-%d %H:%M:%S %z");
    let text = format!("pid={}\nuser={}\nsince={}\n", std::process::id(), crate::identity::current_user(), since);
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    fs::write(&tmp, text)?;
    fs::rename(tmp, path(dir))
}

/// Reads the recorded holder, if the file is there and readable.
pub fn read(dir: &Path) -> Option<Holder> {
    let text = fs::read_to_string(path(dir)).ok()?;
    let field = |name: &str| {
        text.lines().find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix('='))).map(str::to_string)
    };
    Some(Holder { pid: field("pid")?.parse().ok()?, user: field("user")?, since: field("since")? })
}

/// Whether the process `pid` still runs. After a `kill -9` the file names a process
/// that has gone while another one may hold sled's lock already: that one is not yet
/// recorded, and naming the dead one would mislead.
pub fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new(&format!("/proc/{pid}")).exists() } else { true }
}

/// Makes a database directory readable by its owner only (0700, its files 0600),
/// whatever the umask: it holds every employee's records.
pub fn make_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let mode = if kind.is_dir() { 0o700 } else { 0o600 };
        if kind.is_dir() || kind.is_file() {
            fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode))?;
        }
    }
    Ok(())
}

/// Removes the file if it still names this process.
pub fn clear(dir: &Path) {
    if read(dir).is_some_and(|h| h.pid == std::process::id()) {
        let _ = fs::remove_file(path(dir));
    }
}
