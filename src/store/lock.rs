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
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = fs::OpenOptions::new().create(true).write(true).truncate(true).mode(0o600).open(&tmp)?;
        file.write_all(text.as_bytes())?;
    }
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

/// Makes everything in a database directory its owner's alone, whatever the umask it
/// was written under: every file 0600 and every directory below it 0700, down the whole
/// tree (sled's snapshots and blobs among them). The directory itself is 0700 (a server
/// opens it to 0711 while the access file gives others a role). Sockets keep their mode.
pub fn make_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir)?.permissions().mode() & 0o7777;
    if mode != 0o700 && mode != 0o711 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    private_below(dir)
}

fn private_below(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let wanted = if kind.is_dir() {
            0o700
        } else if kind.is_file() {
            0o600
        } else {
            continue;
        };
        let path = entry.path();
        if fs::symlink_metadata(&path)?.permissions().mode() & 0o7777 != wanted {
            fs::set_permissions(&path, fs::Permissions::from_mode(wanted))?;
        }
        if kind.is_dir() {
            private_below(&path)?;
        }
    }
    Ok(())
}

/// The process holding the database in `dir` directly, if its lock-info file names one
/// that still runs.
pub fn holder(dir: &Path) -> Option<Holder> {
    read(dir).filter(|h| alive(h.pid))
}

/// Removes the file if it still names this process.
pub fn clear(dir: &Path) {
    if read(dir).is_some_and(|h| h.pid == std::process::id()) {
        let _ = fs::remove_file(path(dir));
    }
}
