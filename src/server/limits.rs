//! What the server allows anyone to hold of it, and what it remembers to decide that
//! quickly: connections per user and in all (with room kept for the owner), whole-data
//! answers at once, the roles from the access file (read again only when it changes),
//! and refusals (logged a line a while, however many come).

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::access::{Access, Peer, Role};
use super::serve::Server;

/// How many connections the server takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Of all users but the owner, together.
    pub others: usize,
    /// Of any one user (the owner included).
    pub per_user: usize,
    /// Of the owner (its scripts, its cron jobs, the service account's), beyond `others`:
    /// kept so that a crowd never locks the owner out.
    pub owner: usize,
}

impl Bounds {
    /// The most of each.
    pub const MOST: Bounds = Bounds { others: 256, per_user: 32, owner: 64 };

    /// Files a server keeps for itself beside its connections: sled's (its log, its
    /// configuration, blobs opened while read), the log, the socket, a spooled request.
    pub const FILES_OF_ITS_OWN: u64 = 64;

    /// The bounds for a process that may open `files` files: each connection is one, and
    /// [`Bounds::FILES_OF_ITS_OWN`] stay free for the server's own work.
    pub fn for_open_files(files: u64) -> Bounds {
        let room = files.saturating_sub(Self::FILES_OF_ITS_OWN) as usize;
        let owner = (room / 8).clamp(1, Self::MOST.owner);
        let others = room.saturating_sub(owner).min(Self::MOST.others);
        Bounds { others, per_user: Self::MOST.per_user.min(others.max(owner)), owner }
    }

    /// Raises this process's soft limit of open files to its hard limit and returns the
    /// bounds that fit what it then has (systemd's `LimitNOFILE`, `ulimit -n`).
    pub fn from_open_files() -> Bounds {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        let files = match getrlimit(Resource::RLIMIT_NOFILE) {
            Ok((soft, hard)) if soft < hard => {
                if setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
                    hard
                } else {
                    soft
                }
            }
            Ok((soft, _)) => soft,
            Err(_) => 1024,
        };
        Bounds::for_open_files(files)
    }
}

/// Who is connected, per user.
#[derive(Debug)]
pub struct Connections {
    bounds: Bounds,
    owner: u32,
    per_user: HashMap<u32, usize>,
    others: usize,
}

impl Connections {
    /// None yet, within `bounds`, on a database owned by `owner`.
    pub fn new(bounds: Bounds, owner: u32) -> Connections {
        Connections { bounds, owner, per_user: HashMap::new(), others: 0 }
    }

    /// Room for one more connection of `uid`, held until the slot is dropped; or why not.
    pub(super) fn enter(server: &Arc<Server>, uid: u32) -> Result<Slot, String> {
        let mut all = server.connections.lock().unwrap_or_else(|e| e.into_inner());
        all.admit(uid)?;
        Ok(Slot { server: Arc::clone(server), uid })
    }

    /// Counts one more connection of `uid` when the bounds allow it.
    pub fn admit(&mut self, uid: u32) -> Result<(), String> {
        let mine = self.per_user.get(&uid).copied().unwrap_or(0);
        let is_owner = uid == self.owner;
        let limit = if is_owner { self.bounds.per_user.max(self.bounds.owner) } else { self.bounds.per_user };
        if mine >= limit {
            return Err(format!(
                "this user has {mine} connections to the server already, the most one user may; close some (an interface, a script) and try again"
            ));
        }
        if !is_owner && self.others >= self.bounds.others {
            return Err(format!(
                "the server has {} connections of others already, the most it takes; try again later",
                self.others
            ));
        }
        *self.per_user.entry(uid).or_default() += 1;
        if !is_owner {
            self.others += 1;
        }
        Ok(())
    }

    /// Counts one connection of `uid` less.
    pub fn leave(&mut self, uid: u32) {
        if let Some(n) = self.per_user.get_mut(&uid) {
            *n -= 1;
            if *n == 0 {
                self.per_user.remove(&uid);
            }
        }
        if uid != self.owner {
            self.others = self.others.saturating_sub(1);
        }
    }

    /// How many connections there are now.
    pub fn count(&self) -> usize {
        self.per_user.values().sum()
    }
}

/// One connection's place within the bounds, given back when it closes.
pub struct Slot {
    server: Arc<Server>,
    uid: u32,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.server.connections.lock().unwrap_or_else(|e| e.into_inner()).leave(self.uid);
    }
}

/// Lets a few through at once; the others wait their turn.
pub struct Gate {
    inside: Mutex<usize>,
    turn: Condvar,
    most: usize,
}

impl Gate {
    /// A gate for `most` at once.
    pub fn new(most: usize) -> Gate {
        Gate { inside: Mutex::new(0), turn: Condvar::new(), most }
    }

    /// Waits for room, then holds it until the pass is dropped.
    pub fn enter(&self) -> Pass<'_> {
        let mut inside = self.inside.lock().unwrap_or_else(|e| e.into_inner());
        while *inside >= self.most {
            inside = self.turn.wait(inside).unwrap_or_else(|e| e.into_inner());
        }
        *inside += 1;
        Pass(self)
    }
}

/// A place inside a [`Gate`].
pub struct Pass<'a>(&'a Gate);

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        *self.0.inside.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.0.turn.notify_one();
    }
}

/// Refusals lately, per user and kind: the first is logged, the rest counted until a
/// while has passed (a user opening hundreds of connections is one line every few
/// seconds).
#[derive(Debug, Default)]
pub struct Refusals {
    last: HashMap<(u32, &'static str), (Instant, u64)>,
}

impl Refusals {
    /// How long one user's refusals stay one line.
    pub const QUIET: Duration = Duration::from_secs(10);

    /// Notes a refusal of `uid` of `kind`: `Some(n)` when it is to be logged, with the `n`
    /// refusals of the kind not logged since the last line.
    pub fn note(&mut self, uid: u32, kind: &'static str) -> Option<u64> {
        let now = Instant::now();
        match self.last.get_mut(&(uid, kind)) {
            Some((at, quiet)) if now.duration_since(*at) < Self::QUIET => {
                *quiet += 1;
                None
            }
            Some((at, quiet)) => {
                let said = *quiet;
                *at = now;
                *quiet = 0;
                Some(said)
            }
            None => {
                if self.last.len() > 4096 {
                    self.last.retain(|_, (at, _)| now.duration_since(*at) < Self::QUIET);
                }
                self.last.insert((uid, kind), (now, 0));
                Some(0)
            }
        }
    }
}

/// What the server knows of users' roles: the access file as last read (read again
/// when it changes), and each user's name and groups (looked up again after a while).
#[derive(Default)]
pub struct Roles {
    access: Option<(FileStamp, Result<Option<Access>, String>)>,
    peers: HashMap<u32, (Instant, Peer)>,
}

/// What tells that a file changed: where it is, its size, times, owner and mode.
type FileStamp = Option<(u64, u64, u64, i64, i64, u32, u32)>;

fn stamp_of(path: &Path) -> FileStamp {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some((m.dev(), m.ino(), m.size(), m.mtime(), m.mtime_nsec(), m.uid(), m.mode()))
}

impl Roles {
    /// How long a user's name and groups are kept.
    const PEER_KEPT: Duration = Duration::from_secs(10);

    /// The peer with user id `uid` and primary group `gid`: their name and groups from
    /// the account database (never from what the client says).
    pub fn peer(&mut self, uid: u32, gid: u32) -> Peer {
        let now = Instant::now();
        if let Some((at, peer)) = self.peers.get(&uid)
            && now.duration_since(*at) < Self::PEER_KEPT
        {
            return peer.clone();
        }
        let peer = look_up(uid, gid);
        if self.peers.len() > 4096 {
            self.peers.retain(|_, (at, _)| now.duration_since(*at) < Self::PEER_KEPT);
        }
        self.peers.insert(uid, (now, peer.clone()));
        peer
    }

    /// The role the access file of the database in `db` (owned by `owner`) gives `peer`:
    /// `None` without one; an error when the file cannot be trusted or read.
    pub fn role_of(&mut self, db: &Path, owner: u32, peer: &Peer) -> Result<Option<Role>, String> {
        let stamp = stamp_of(&super::access::path_of(db));
        if self.access.as_ref().is_none_or(|(seen, _)| *seen != stamp) {
            self.access = Some((stamp, Access::load(db, owner)));
        }
        let Some((_, access)) = &self.access else { return Ok(None) };
        let access = access.clone()?;
        Ok(Access::role_of(access.as_ref(), peer, owner))
    }
}

/// A user's name and groups from the account database.
fn look_up(uid: u32, gid: u32) -> Peer {
    use nix::unistd::{Gid, Group, Uid, User};
    let user = User::from_uid(Uid::from_raw(uid)).ok().flatten();
    let name = user.as_ref().map(|u| u.name.clone()).unwrap_or_else(|| format!("uid {uid}"));
    let mut groups = Vec::new();
    if let Some(u) = &user
        && let Ok(c_name) = std::ffi::CString::new(u.name.as_str())
    {
        let gids = nix::unistd::getgrouplist(&c_name, Gid::from_raw(gid)).unwrap_or_default();
        groups = gids.into_iter().filter_map(|g| Group::from_gid(g).ok().flatten()).map(|g| g.name).collect();
    }
    Peer { uid, user: name, groups }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_fit_the_files_a_process_may_open() {
        assert_eq!(Bounds::for_open_files(1 << 20), Bounds::MOST);
        let small = Bounds::for_open_files(1024);
        assert_eq!(small, Bounds { others: 256, per_user: 32, owner: 64 });
        let tiny = Bounds::for_open_files(128);
        assert!(tiny.others + tiny.owner + Bounds::FILES_OF_ITS_OWN as usize <= 128, "{tiny:?}");
        assert!(tiny.owner >= 1 && tiny.per_user >= 1, "{tiny:?}");
    }

    #[test]
    fn a_user_gets_their_share_and_the_owner_room_beyond_the_others() {
        let mut all = Connections::new(Bounds { others: 4, per_user: 3, owner: 2 }, 0);
        for _ in 0..3 {
            all.admit(7).unwrap();
        }
        assert!(all.admit(7).unwrap_err().contains("the most one user may"));
        all.admit(8).unwrap();
        assert!(all.admit(9).unwrap_err().contains("connections of others"));
        // The owner still comes in, up to its own bound.
        for _ in 0..3 {
            all.admit(0).unwrap();
        }
        assert!(all.admit(0).is_err());
        all.leave(7);
        all.admit(9).unwrap();
        assert_eq!(all.count(), 7);
    }

    #[test]
    fn refusals_of_one_user_are_one_line_a_while() {
        let mut refusals = Refusals::default();
        assert_eq!(refusals.note(5, "no role"), Some(0));
        for _ in 0..100 {
            assert_eq!(refusals.note(5, "no role"), None);
        }
        assert_eq!(refusals.note(6, "no role"), Some(0), "another user has a line of their own");
        assert_eq!(refusals.note(5, "no hello"), Some(0), "and another kind");
        refusals.last.get_mut(&(5, "no role")).unwrap().0 -= Refusals::QUIET;
        assert_eq!(refusals.note(5, "no role"), Some(100), "the next line counts those left out");
    }
}
