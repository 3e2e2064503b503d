//! Opening and closing a sled database: the lock and who holds it, the room it needs,
//! schema upgrades on open, a copy for one this process may only read, the generation
//! in force, and the closing flush.

use std::path::Path;
use std::sync::{Arc, RwLock};

use super::trees::Trees;
use super::{META_GENERATION, META_SCHEMA, SledStore, edit, migrate};
use crate::store::keys;
use crate::store::{OpenOptions, SCHEMA_VERSION, StoreError, StoreResult, lock};

impl From<sled::Error> for StoreError {
    /// One readable sentence per cause: not sled's debug forms (`Os { code: 28, … }`,
    /// "Read corrupted data at file offset None backtrace ()").
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => {
                StoreError::Backend("the disk is full; free some space and try again".into())
            }
            sled::Error::Io(io) if io.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::Backend("the database is on a read-only disk; open it with --read-only".into())
            }
            sled::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreError::Backend(format!("no permission to use the database files ({io})"))
            }
            sled::Error::Io(io) => StoreError::Backend(format!("the database files cannot be read or written ({io})")),
            sled::Error::Corruption { .. } => StoreError::Corrupt(
                "the database files are damaged (sled found data it cannot read); restore a backup or import again"
                    .into(),
            ),
            sled::Error::Unsupported(what) if what.contains("0.29") || what.contains("version") => StoreError::Corrupt(
                format!("the database's configuration file (conf) is damaged or not sled's ({what})"),
            ),
            other => StoreError::Backend(other.to_string()),
        }
    }
}

impl SledStore {
    /// Opens (creating if needed) the database in directory `dir`. Fails at once with
    /// [`StoreError::Locked`] when another process holds it. sled's background flusher
    /// can hold the file lock for a moment after this process dropped its previous
    /// handle (no holder is then recorded, or this process is): that is waited out,
    /// for up to five seconds.
    pub fn open(dir: &Path) -> StoreResult<SledStore> {
        SledStore::open_with(dir, OpenOptions::CREATE)
    }

    /// Opens, read-only, a private copy of the database in `dir`: sled writes as it
    /// opens (its recovery snapshot, a fresh log segment) and as it closes, so reading a
    /// database in place would change its bytes, and on a read-only medium, or a
    /// directory this user may only read, it could not open at all. While it copies it
    /// holds sled's lock shared, so that no server opens the database half way through;
    /// one that holds it already (a process that opened it directly) is named.
    fn open_copy(dir: &Path) -> StoreResult<SledStore> {
        let mut file = std::fs::File::open(dir.join("db"))
            .map_err(|e| StoreError::Backend(format!("cannot read database {}: {e}", dir.display())))?;
        // sled's background flusher can hold the lock a moment after its process let the
        // database go: that is waited out; a process that holds it is named.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let _shared = loop {
            match nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockSharedNonblock) {
                Ok(held) => break held,
                Err((back, nix::errno::Errno::EWOULDBLOCK)) => {
                    let holder = lock::read(dir).filter(|h| lock::alive(h.pid) && h.pid != std::process::id());
                    if holder.is_some() || std::time::Instant::now() >= deadline {
                        return Err(locked(dir.display().to_string(), holder));
                    }
                    file = back;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err((_, e)) => {
                    return Err(StoreError::Backend(format!("cannot read database {}: {e}", dir.display())));
                }
            }
        };
        let copy = tempfile::Builder::new()
            .prefix("jabat-read-only-")
            .tempdir()
            .map_err(|e| StoreError::Backend(format!("cannot make a copy of {} to read: {e}", dir.display())))?;
        copy_tree(dir, copy.path())
            .and_then(|()| lock::make_private(copy.path()))
            .map_err(|e| StoreError::Backend(format!("cannot copy {} to read it: {e}", dir.display())))?;
        tracing::info!("reading a copy of {} in {}", dir.display(), copy.path().display());
        let mut store = SledStore::open_once(copy.path(), true)?;
        store.copy_of = Some((dir.to_path_buf(), copy));
        Ok(store)
    }

    /// Whether `dir` holds a database (sled's own file is there).
    pub fn exists(dir: &Path) -> bool {
        dir.join("db").is_file()
    }

    /// Opens the database in `dir` as `options` say: creating it only when asked to,
    /// refusing every write when read-only.
    pub fn open_with(dir: &Path, options: OpenOptions) -> StoreResult<SledStore> {
        if !options.create && !SledStore::exists(dir) {
            return Err(StoreError::Missing { path: dir.display().to_string() });
        }
        if options.read_only && SledStore::exists(dir) {
            return SledStore::open_copy(dir);
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            match SledStore::open_once(dir, options.read_only) {
                Err(StoreError::LockedUnknown { .. }) if std::time::Instant::now() < deadline => {}
                Err(StoreError::Locked { pid, .. })
                    if pid == std::process::id() && std::time::Instant::now() < deadline => {}
                other => return other,
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn open_once(dir: &Path, read_only: bool) -> StoreResult<SledStore> {
        let new = !SledStore::exists(dir);
        if !new {
            room_to_open(dir)?;
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Backend(format!("cannot create database directory {}: {e}", dir.display())))?;
        let db = match sled::Config::new().path(dir).cache_capacity(128 * 1024 * 1024).open() {
            Ok(db) => db,
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                let path = dir.display().to_string();
                return Err(locked(path, lock::read(dir)));
            }
            Err(e) => {
                return Err(match StoreError::from(e) {
                    StoreError::Backend(why) => {
                        StoreError::Backend(format!("cannot open database {}: {why}", dir.display()))
                    }
                    StoreError::Corrupt(why) => StoreError::Corrupt(format!("database {}: {why}", dir.display())),
                    other => other,
                });
            }
        };
        // Also files an older jabat, or sled under another umask, left readable by others.
        lock::make_private(dir).map_err(|e| {
            StoreError::Backend(format!("cannot make database directory {} private: {e}", dir.display()))
        })?;
        lock::write(dir)
            .map_err(|e| StoreError::Backend(format!("cannot write lock info in {}: {e}", dir.display())))?;

        let schema = match db.get(META_SCHEMA)? {
            Some(v) => u32::from_be_bytes(
                v.as_ref().try_into().map_err(|_| StoreError::Corrupt("schema version is not 4 bytes".into()))?,
            ),
            None => {
                // A new database; read-only, it stays as it is (and reads as empty).
                if !read_only {
                    db.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())?;
                }
                SCHEMA_VERSION
            }
        };
        if schema > SCHEMA_VERSION {
            lock::clear(dir);
            return Err(StoreError::NewerSchema {
                path: dir.display().to_string(),
                found: schema,
                supported: SCHEMA_VERSION,
            });
        }
        if read_only {
            let why = if schema < SCHEMA_VERSION {
                Some(format!("has schema version {schema} and needs the upgrade to {SCHEMA_VERSION}"))
            } else if edit::has_pending(&db)? {
                Some("has an interrupted change to finish".to_string())
            } else {
                None
            };
            if let Some(why) = why {
                drop(db);
                lock::clear(dir);
                return Err(StoreError::NeedsWrite { path: dir.display().to_string(), why });
            }
        }
        migrate::migrate(&db, schema)?;
        edit::finish_pending(&db)?;

        let generation = current_generation(&db)?;
        // A generation key that names trees which are not there would read as an empty
        // database while the counts say otherwise: that is damage, not emptiness.
        if generation > 0 && !generation_exists(&db, generation) {
            drop(db);
            lock::clear(dir);
            return Err(StoreError::Corrupt(format!(
                "database {}: its content (generation {generation}) is missing; restore a backup or import again",
                dir.display()
            )));
        }
        // The content the last replace took away stays, to be brought back.
        let kept = super::kept(&db)?.map(|(g, _)| g);
        drop_other_generations(&db, &[Some(generation), kept].into_iter().flatten().collect::<Vec<_>>())?;
        let trees = Trees::open(&db, generation)?;
        let reviews = db.open_tree("reviews")?;
        let journal = db.open_tree("journal")?;
        let drafts = db.open_tree("drafts")?;
        let touched = db.open_tree("touched")?;
        Ok(SledStore {
            db,
            reviews,
            journal,
            drafts,
            touched,
            dir: dir.to_path_buf(),
            trees: RwLock::new(Arc::new(trees)),
            read_only,
            copy_of: None,
        })
    }

    /// Closes the database and opens it once more, so that sled records its recovery
    /// snapshot now (it does so only while opening) rather than at the next start,
    /// which would otherwise replay a whole bulk write.
    pub fn settle(self) -> StoreResult<()> {
        let dir = self.dir.clone();
        drop(self);
        drop(SledStore::open(&dir)?);
        Ok(())
    }

    /// The same database, refusing every write from now on (the demo fills its
    /// temporary database first, then honours `--read-only`).
    pub fn refusing_writes(mut self) -> SledStore {
        self.read_only = true;
        self
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        // Every write was flushed when it was made; this last flush is a courtesy and
        // must not hang the process (sled can retry for ever on a full disk).
        let db = self.db.clone();
        let (done, waited) = std::sync::mpsc::channel();
        let flusher = std::thread::Builder::new().name("closing flush".into()).spawn(move || {
            let _ = db.flush();
            let _ = done.send(());
        });
        if flusher.is_ok() {
            let _ = waited.recv_timeout(std::time::Duration::from_secs(5));
        }
        lock::clear(&self.dir);
    }
}

/// Copies the files of a database from `from` into `to`: sled's, not jabat's own beside
/// them (who holds it, the server's socket, lock and log).
pub(super) fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    const NOT_DATA: [&str; 5] = ["jabat.lock-info", "jabat.sock", "jabat.start", "server.log", "access.toml"];
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() && !NOT_DATA.iter().any(|n| entry.file_name() == *n) {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Refuses to open a database on a disk with almost no room: sled writes while it
/// opens (its recovery snapshot, a fresh log segment), and sled 0.34 can damage its log
/// when that write runs out of room. With room freed the database opens as it was.
pub(super) fn room_to_open(dir: &Path) -> StoreResult<()> {
    let size = std::fs::metadata(dir.join("db")).map_or(0, |m| m.len());
    let needed = (8 << 20) + size / 10;
    match fs4::available_space(dir) {
        Ok(free) if free < needed => Err(StoreError::DiskFull {
            path: dir.display().to_string(),
            needed_mb: needed.div_ceil(1 << 20),
            free_mb: free / (1 << 20),
        }),
        _ => Ok(()),
    }
}

/// The error for a database another process holds: naming the holder its lock-info
/// file records, unless that process has gone (then the real holder is not recorded
/// yet, and opening waits for it a moment).
pub(super) fn locked(path: String, holder: Option<lock::Holder>) -> StoreError {
    match holder {
        Some(h) if lock::alive(h.pid) => StoreError::Locked { path, pid: h.pid, user: h.user, since: h.since },
        _ => StoreError::LockedUnknown { path },
    }
}

/// The generation the content lives in (0 before the first bulk write).
pub(super) fn current_generation(db: &sled::Db) -> StoreResult<u64> {
    match db.get(META_GENERATION)? {
        None => Ok(0),
        Some(v) if v.len() == 8 => {
            Ok(keys::read_u64(&v, 0).ok_or_else(|| StoreError::Corrupt("the generation key is malformed".into()))?)
        }
        Some(v) => Err(StoreError::Corrupt(format!("the generation key holds {} bytes, not 8", v.len()))),
    }
}

/// Drops the trees of every generation but those in `keep`.
pub(super) fn drop_other_generations(db: &sled::Db, keep: &[u64]) -> StoreResult<()> {
    let prefixes: Vec<String> = keep.iter().map(|g| format!("g{g}.")).collect();
    for name in db.tree_names() {
        let name = String::from_utf8_lossy(&name).into_owned();
        if name.starts_with('g') && name.contains('.') && !prefixes.iter().any(|p| name.starts_with(p)) {
            db.drop_tree(name.as_bytes())?;
        }
    }
    Ok(())
}

/// Whether the trees of `generation` are there.
pub(super) fn generation_exists(db: &sled::Db, generation: u64) -> bool {
    let units = format!("g{generation}.units");
    db.tree_names().iter().any(|n| n.as_ref() == units.as_bytes())
}
