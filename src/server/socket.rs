//! Where a database's server listens, and how each side makes sure of the other.
//!
//! The socket is `<db>/jabat.sock`, inside the database directory: only the directory's
//! owner can create anything there, so nobody else can plant a socket or a symbolic
//! link where clients look, whatever the parent directory allows (a world-writable
//! `/srv/shared` included). Others reach it because the directory is then 0711: they
//! may pass through it, not list it, and every file in it is 0600.
//!
//! A client believes nobody on their word: before it sends a byte it asks the kernel
//! who listens there (`SO_PEERCRED`) and talks only to a process running as the owner
//! of the database directory, the one user a server may run as.

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use crate::store::StoreError;

/// The socket's name inside the database directory.
pub const SOCKET_NAME: &str = "jabat.sock";

/// Where the server of the database in `db` listens: `<db>/jabat.sock` (a Unix socket
/// path has at most 107 bytes, so keep the database's path short).
pub fn socket_path(db: &Path) -> PathBuf {
    db.join(SOCKET_NAME)
}

/// The user id that owns the database directory: the one user its server may run as.
pub fn owner_of(db: &Path) -> std::io::Result<u32> {
    Ok(std::fs::metadata(db)?.uid())
}

/// The login name of user `uid`, or `uid N` when the account database does not say.
pub fn user_name(uid: u32) -> String {
    nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
        .ok()
        .flatten()
        .map_or_else(|| format!("uid {uid}"), |u| u.name)
}

/// The name a process gives itself (`/proc/PID/comm`), shown escaped.
fn process_name(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|c| crate::model::text::printable(c.trim_end()).into_owned())
        .unwrap_or_else(|_| "?".into())
}

/// The mode of the database directory: 0711 while `access.toml` gives others a role
/// (they pass through it to the socket, and can neither list it nor read a file in it),
/// 0700 otherwise.
pub fn directory_mode(db: &Path) -> u32 {
    if super::access::path_of(db).exists() { 0o711 } else { 0o700 }
}

/// Gives the database directory the mode [`directory_mode`] says, when it has another.
pub fn keep_directory_mode(db: &Path) {
    let wanted = directory_mode(db);
    let current = std::fs::metadata(db).map(|m| m.permissions().mode() & 0o7777);
    if current.is_ok_and(|m| m != wanted) {
        let _ = std::fs::set_permissions(db, std::fs::Permissions::from_mode(wanted));
    }
}

/// Binds the server's socket, as the database's owner. What lies at the socket's path
/// is replaced only when it is a socket of this user's (one a killed server left);
/// anything else (a symbolic link, a file, another user's socket) is refused, saying
/// what it is, and nothing is bound.
pub fn bind(db: &Path) -> Result<UnixListener, String> {
    let path = socket_path(db);
    let me = nix::unistd::geteuid().as_raw();
    match std::fs::symlink_metadata(&path) {
        Ok(found) => {
            let kind = found.file_type();
            let what = if kind.is_symlink() {
                Some("a symbolic link".to_string())
            } else if !kind.is_socket() {
                Some("not a socket".to_string())
            } else if found.uid() != me {
                Some(format!("a socket of user {}", user_name(found.uid())))
            } else {
                None
            };
            if let Some(what) = what {
                return Err(format!(
                    "{} is {what}, not one this server left: it listens only on a socket of its own there; remove it and start again",
                    path.display()
                ));
            }
            std::fs::remove_file(&path).map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: {e}", path.display())),
    }
    UnixListener::bind(&path).map_err(|e| format!("cannot listen on {}: {e}", path.display()))
}

/// Connects to the server of the database in `db`, if one listens, and makes sure it
/// runs as the directory's owner before anything is sent. `None`: no server (no socket,
/// or one a killed server left). A server run by anyone else is refused, naming the
/// process and the user found there.
pub fn connect(db: &Path) -> Result<Option<UnixStream>, StoreError> {
    let owner = match owner_of(db) {
        Ok(uid) => uid,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Backend(format!("{}: {e}", db.display()))),
    };
    let path = socket_path(db);
    let stream = match UnixStream::connect(&path) {
        Ok(s) => s,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) => {
            return Ok(None);
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(StoreError::NoAccess {
                db: db.display().to_string(),
                user: crate::identity::current_user(),
                owner: user_name(owner),
            });
        }
        Err(e) => return Err(StoreError::Backend(format!("cannot reach the server at {}: {e}", path.display()))),
    };
    let creds = nix::sys::socket::getsockopt(&stream, nix::sys::socket::sockopt::PeerCredentials)
        .map_err(|e| StoreError::Backend(format!("cannot tell who listens at {}: {e}", path.display())))?;
    if creds.uid() != owner {
        return Err(StoreError::Impostor {
            socket: path.display().to_string(),
            pid: creds.pid(),
            process: process_name(creds.pid()),
            user: user_name(creds.uid()),
            owner: user_name(owner),
        });
    }
    Ok(Some(stream))
}
