//! Who may read the files jabat writes. A database's files are its owner's alone,
//! whatever the umask they are written under (sled makes its snapshots and blobs as it
//! goes, with the process's umask): jabat runs with umask 077. What it writes for the
//! user to hand on (exports, operations files) follows the umask the user had.

use std::path::Path;
use std::sync::OnceLock;

/// The umask the process started with.
static USER_UMASK: OnceLock<u32> = OnceLock::new();

/// From now on, what this process creates is its user's alone (umask 077); the umask
/// it had is kept for [`share`]. The binary calls it first thing (a library user, a
/// test, keeps its own umask; opening a database still makes what is there private).
pub fn keep_private() {
    USER_UMASK.get_or_init(|| {
        use nix::sys::stat::{Mode, umask};
        umask(Mode::from_bits_truncate(0o077)).bits() as u32
    });
}

/// The mode a file (or, with `dir`, a directory) the user hands on gets: what their
/// umask gives.
pub fn shared_mode(dir: bool) -> u32 {
    let umask = USER_UMASK.get().copied().unwrap_or(0o022);
    (if dir { 0o777 } else { 0o666 }) & !umask
}

/// Gives `path`, written for the user to hand on, the mode their umask gives.
pub fn share(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::fs::metadata(path)?.is_dir();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(shared_mode(dir)))
}
