//! What can go wrong in the store, said in the user's language.

use serde::{Deserialize, Serialize};

/// What can go wrong in the store.
#[derive(Debug, Serialize, Deserialize)]
pub enum StoreError {
    /// Another process has the database open.
    Locked {
        /// Database path.
        path: String,
        /// Holder's process id.
        pid: u32,
        /// Holder's OS user.
        user: String,
        /// When the holder opened it.
        since: String,
    },
    /// Another process has it open, and did not say who.
    LockedUnknown {
        /// Database path.
        path: String,
    },
    /// The database was written by a newer jabat.
    NewerSchema {
        /// Database path.
        path: String,
        /// Version found on disk.
        found: u32,
        /// Version this build supports.
        supported: u32,
    },
    /// There is no database where one was named, and this command does not create one.
    Missing {
        /// Database path.
        path: String,
    },
    /// A write was asked of a database opened read-only.
    ReadOnly,
    /// Opening read-only would need a write first (an upgrade, or finishing an
    /// interrupted change).
    NeedsWrite {
        /// Database path.
        path: String,
        /// What would have to be written.
        why: String,
    },
    /// The disk has too little room for a bulk write.
    DiskFull {
        /// Database path.
        path: String,
        /// What the write needs, in MB (an estimate on the safe side).
        needed_mb: u64,
        /// What is free, in MB.
        free_mb: u64,
    },
    /// The change was worked out against a journal that has moved on since: another
    /// edit came first. Nothing was written; stage it again against what is there now.
    Conflict {
        /// The journal entry the change was staged against (0: none).
        against: u64,
        /// The last journal entry now.
        head: u64,
    },
    /// Someone else changed a node this change touches after it was prepared.
    Overlap {
        /// Who made the other change.
        user: String,
        /// The code (or NIP) of a node both changes touch.
        node: String,
        /// When, as local time.
        when: String,
        /// Its journal entry.
        seq: u64,
    },
    /// Someone else changed a candidate's mark (or nominated another) after this
    /// decision was prepared.
    ReviewOverlap {
        /// Who made the other change.
        user: String,
        /// The candidate.
        nip: String,
        /// When, as local time.
        when: String,
    },
    /// A draft is its author's to change, apply or drop.
    NotYours {
        /// The draft.
        draft: String,
        /// Its author.
        owner: String,
    },
    /// The shared server refused a request the user's role does not allow.
    Denied {
        /// The user the server saw.
        user: String,
        /// Their role.
        role: String,
        /// The role the request needs.
        needed: String,
        /// The access file.
        file: String,
    },
    /// Replacing the whole content while others work on it would pull it from under them.
    InUse {
        /// Who else is connected.
        others: String,
    },
    /// A merging import would take away what the database holds (a merge adds and
    /// updates only; taking away is a replace, an administrator's).
    MergeRemoves {
        /// The first unit, position or employee that would be gone.
        what: String,
    },
    /// The content changed between reading it for a merge and writing the merge.
    MergeRaced {
        /// The journal's head now.
        head: u64,
        /// The head the merge was made against.
        against: u64,
    },
    /// The shared server is gone (stopped or killed) or answered what cannot be read.
    ServerGone {
        /// Where the database is.
        location: String,
        /// What happened on the connection.
        why: String,
    },
    /// What listens at the database's socket is not a server run by the database's
    /// owner: nothing was sent to it.
    Impostor {
        /// The socket.
        socket: String,
        /// The process listening there.
        pid: i32,
        /// Its name.
        process: String,
        /// The user it runs as.
        user: String,
        /// The database's owner.
        owner: String,
    },
    /// This user cannot reach the database's server: its directory does not let them
    /// through (no access file gives anyone a role).
    NoAccess {
        /// The database.
        db: String,
        /// This user.
        user: String,
        /// The database's owner.
        owner: String,
    },
    /// No server runs for a shared database, and only its owner can start one.
    NoServer {
        /// The database.
        db: String,
        /// Its owner.
        owner: String,
    },
    /// The server turned this client away, saying why (no role, no room, another version).
    Refused {
        /// The server's reason.
        why: String,
    },
    /// A request larger than the server takes from this user's role.
    TooLarge {
        /// Its size.
        bytes: u64,
        /// What the server takes.
        limit: u64,
    },
    /// A stored value could not be read back.
    Corrupt(String),
    /// The backend failed (I/O and the like).
    Backend(String),
    /// The database engine (PostgreSQL) could not be reached, refused or failed: a whole
    /// sentence in the user's language that names what to do, shown as it is.
    Database(String),
    /// No replaced content is kept to bring back.
    NothingReplaced,
    /// The content a replace took away cannot come back: changes were committed on
    /// what replaced it.
    ReplacedSince {
        /// How many entries since.
        entries: u64,
    },
}

impl std::fmt::Display for StoreError {
    /// In the user's language (a server sends the error, its client says it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::{Msg, tr, trf};
        let text = match self {
            StoreError::Locked { path, pid, user, since } => trf(Msg::StoreLocked, &[path, pid, user, since]),
            StoreError::LockedUnknown { path } => trf(Msg::StoreLockedUnknown, &[path]),
            StoreError::NewerSchema { path, found, supported } => trf(Msg::StoreNewerSchema, &[path, found, supported]),
            StoreError::Missing { path } => trf(Msg::StoreMissing, &[path]),
            StoreError::ReadOnly => tr(Msg::StoreReadOnly).to_string(),
            StoreError::NeedsWrite { path, why } => trf(Msg::StoreNeedsWrite, &[path, why]),
            StoreError::DiskFull { path, needed_mb, free_mb } => trf(Msg::StoreDiskFull, &[path, needed_mb, free_mb]),
            StoreError::Conflict { against, head } => trf(Msg::StoreConflict, &[against, head]),
            StoreError::Overlap { user, node, when, seq } => trf(Msg::StoreOverlap, &[user, node, when, seq]),
            StoreError::ReviewOverlap { user, nip, when } => trf(Msg::StoreReviewOverlap, &[user, nip, when]),
            StoreError::NotYours { draft, owner } => trf(Msg::StoreNotYours, &[draft, owner]),
            StoreError::Denied { user, role, needed, file } => trf(Msg::StoreDenied, &[user, role, needed, file]),
            StoreError::InUse { others } => trf(Msg::StoreInUse, &[others]),
            StoreError::MergeRemoves { what } => trf(Msg::StoreMergeRemoves, &[what]),
            StoreError::MergeRaced { head, against } => trf(Msg::StoreMergeRaced, &[head, against]),
            StoreError::ServerGone { location, why } => trf(Msg::StoreServerGone, &[location, why]),
            StoreError::Impostor { socket, pid, process, user, owner } => {
                trf(Msg::StoreImpostor, &[socket, pid, process, user, owner])
            }
            StoreError::NoAccess { db, user, owner } => trf(Msg::StoreNoAccess, &[db, user, owner]),
            StoreError::NoServer { db, owner } => trf(Msg::StoreNoServer, &[db, owner]),
            StoreError::Refused { why } => trf(Msg::StoreRefused, &[why]),
            StoreError::TooLarge { bytes, limit } => {
                trf(Msg::StoreTooLarge, &[&bytes.div_ceil(1 << 20), &limit.div_ceil(1 << 20)])
            }
            StoreError::Corrupt(what) => trf(Msg::StoreCorrupt, &[what]),
            StoreError::Backend(what) => trf(Msg::StoreBackend, &[what]),
            StoreError::Database(what) => what.clone(),
            StoreError::NothingReplaced => tr(Msg::StoreNothingReplaced).to_string(),
            StoreError::ReplacedSince { entries } => trf(Msg::StoreReplacedSince, &[entries]),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for StoreError {}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;
