//! The server: one process owns the database and serves it on a Unix-domain socket
//! beside it, one thread per client. It knows each client's OS user from the socket's
//! peer credentials, gives them the role the access file says, and performs their
//! requests on its one store, the writes one at a time.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::access::{Access, Peer, Role};
use super::wire::{self, Client, Hello, Request, Response, Seen, Status, Welcome, WireError};
use crate::store::{Store, StoreError};

/// How the server runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Stop this long after the last client has gone (a server the interface started);
    /// `None`: run until stopped.
    pub idle_exit: Option<Duration>,
    /// What answers [`Request::Analyse`]: the face that started the server, which alone
    /// knows its analyses (the server stays below the faces).
    pub analyst: Option<Analyst>,
}

/// Answers an analysis question (its postcard) on the server's store with the answer's
/// postcard and what was asked, for the log (`check --integrity`); a question it cannot
/// read is an error message.
pub type Analyst = fn(&(dyn Store + Sync), &[u8]) -> Result<(Vec<u8>, String), String>;

/// A running server's shared state.
struct Server {
    store: Box<dyn Store + Sync>,
    analyst: Option<Analyst>,
    db: PathBuf,
    socket: PathBuf,
    owner: u32,
    owner_name: String,
    since: i64,
    clients: Mutex<BTreeMap<u64, Client>>,
    next_client: AtomicU64,
    /// Writes are performed one at a time, in the order they arrive.
    writes: Mutex<()>,
    stopping: AtomicBool,
    /// When the last client left (or the server started), for `idle_exit`.
    idle_since: Mutex<Option<Instant>>,
}

/// Where the server of the database in `db` listens: beside the database directory,
/// `<db>.sock` (a Unix socket path has at most 107 bytes, so keep the database's path
/// short).
pub fn socket_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "db".into());
    name.push(".sock");
    db.with_file_name(name)
}

/// How long a server the interface started waits after its last client has gone.
pub const BACKGROUND_IDLE_EXIT: u64 = 120;

/// Starts a server for the database in the background when none holds it (what the
/// interface does before opening it), and waits until it listens. Best effort: when
/// none can be started, the interface opens the database itself, and what stopped the
/// server (a database in use, say) is what opening it says. The server logs to
/// `<db>/server.log`.
pub fn start_in_background(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::process::CommandExt;
    let socket = socket_path(path);
    if !crate::store::SledStore::exists(path) || std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let log = std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path.join("server.log"));
    let mut command = std::process::Command::new(exe);
    command
        .arg("--db")
        .arg(path)
        .args(["serve", "--idle-exit", &BACKGROUND_IDLE_EXIT.to_string()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        // Its own process group: Ctrl-C in this terminal, or the terminal closing,
        // does not reach it; it stops once idle.
        .process_group(0);
    if let Ok(log) = log {
        command.stderr(log);
    } else {
        command.stderr(std::process::Stdio::null());
    }
    let Ok(mut child) = command.spawn() else { return };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if std::os::unix::net::UnixStream::connect(&socket).is_ok() {
            tracing::info!("started a server for {} (pid {})", path.display(), child.id());
            // The server outlives this process (init reaps it then).
            drop(child);
            return;
        }
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The user id that owns the database directory: the one user the server may run as.
pub fn owner_of(db: &Path) -> std::io::Result<u32> {
    use std::os::unix::fs::MetadataExt;
    Ok(std::fs::metadata(db)?.uid())
}

/// Serves `store`, the database in `db`, until stopped (`jabat server stop`, SIGTERM,
/// SIGINT, or idleness when `options.idle_exit` says). `ready` is called once the socket
/// listens.
pub fn serve(
    store: Box<dyn Store + Sync>,
    db: &Path,
    options: Options,
    ready: impl FnOnce(&Path),
) -> anyhow::Result<()> {
    let owner = owner_of(db)?;
    let me = nix::unistd::geteuid().as_raw();
    if me != owner {
        anyhow::bail!(
            "the server of {} must run as its owner (uid {owner}), not as uid {me}: the database's files stay private to its owner",
            db.display()
        );
    }
    // The access file is read again at each connection; a broken one is refused here too.
    Access::load(db, owner).map_err(anyhow::Error::msg)?;
    let socket = socket_path(db);
    // This process holds the database (sled's lock), so a socket left there is a
    // killed server's: replaced.
    if socket.exists() {
        std::fs::remove_file(&socket)?;
    }
    let listener =
        UnixListener::bind(&socket).map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", socket.display()))?;
    let server = Arc::new(Server {
        store,
        analyst: options.analyst,
        db: db.to_path_buf(),
        socket: socket.clone(),
        owner,
        owner_name: crate::identity::current_user(),
        since: chrono::Utc::now().timestamp(),
        clients: Mutex::new(BTreeMap::new()),
        next_client: AtomicU64::new(1),
        writes: Mutex::new(()),
        stopping: AtomicBool::new(false),
        idle_since: Mutex::new(Some(Instant::now())),
    });
    server.set_socket_mode();
    watch(&server, options);
    tracing::info!("serving {} on {}", db.display(), socket.display());
    ready(&socket);
    for stream in listener.incoming() {
        if server.stopping.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => {
                let server = Arc::clone(&server);
                std::thread::spawn(move || server.client(stream));
            }
            Err(e) => tracing::warn!("accepting a connection: {e}"),
        }
    }
    let _ = std::fs::remove_file(&socket);
    // Writes in flight finish before the store is dropped (and flushed).
    drop(server.writes.lock());
    tracing::info!("stopped serving {}", db.display());
    Ok(())
}

/// Stops the server on SIGTERM, SIGINT and SIGHUP, and when idle for `idle_exit`; keeps
/// the socket's mode in step with the access file.
fn watch(server: &Arc<Server>, options: Options) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // A server started in the background (it stops once idle) has no terminal whose
    // hangup should end it.
    let signals: &[i32] = if options.idle_exit.is_some() { &[SIGTERM, SIGINT] } else { &[SIGTERM, SIGINT, SIGHUP] };
    if let Ok(mut signals) = signal_hook::iterator::Signals::new(signals) {
        let server = Arc::clone(server);
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                server.stop();
            }
        });
    }
    {
        let server = Arc::clone(server);
        std::thread::spawn(move || {
            while !server.stopping.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_secs(2));
                server.set_socket_mode();
            }
        });
    }
    if let Some(idle) = options.idle_exit {
        let server = Arc::clone(server);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250).min(idle));
                let since = *server.idle_since.lock().unwrap_or_else(|e| e.into_inner());
                if since.is_some_and(|t| t.elapsed() >= idle) {
                    tracing::info!("no client for {} s: stopping", idle.as_secs());
                    server.stop();
                    return;
                }
            }
        });
    }
}

impl Server {
    /// Ends the accept loop: sets the flag, then wakes `accept` with a connection of
    /// its own.
    fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = UnixStream::connect(&self.socket);
    }

    /// Without an access file only the owner may reach the socket (0600); with one, the
    /// users it names must be able to connect (0666), and each is checked on arrival.
    /// Set at start and looked at again every two seconds by [`watch`] (an access file
    /// written while the server runs), never on a connection's way in.
    fn set_socket_mode(&self) {
        let mode = if super::access::path_of(&self.db).exists() { 0o666 } else { 0o600 };
        let current = std::fs::metadata(&self.socket).map(|m| m.permissions().mode() & 0o777);
        if current.is_ok_and(|m| m != mode) {
            let _ = std::fs::set_permissions(&self.socket, std::fs::Permissions::from_mode(mode));
        }
    }

    /// Serves one connection until it closes.
    fn client(self: Arc<Self>, stream: UnixStream) {
        if self.stopping.load(Ordering::SeqCst) {
            return;
        }
        let peer = match peer_of(&stream) {
            Ok(p) => p,
            Err(e) => return tracing::warn!("a connection without peer credentials: {e}"),
        };
        let Ok(write_half) = stream.try_clone() else { return };
        let mut input = BufReader::new(stream);
        let mut output = std::io::BufWriter::new(write_half);
        let hello: Hello = match wire::receive(&mut input, 4096) {
            Ok(h) => h,
            // A probe (is a server there?) connects and goes: nothing to say.
            Err(WireError::Closed) => return,
            Err(e) => return tracing::warn!("user {} (pid {}) sent no hello: {e}; disconnected", peer.0.user, peer.1),
        };
        let (peer, pid) = peer;
        let answer = self.admit(&hello, &peer);
        let welcome = Welcome {
            protocol: wire::PROTOCOL,
            version: env!("CARGO_PKG_VERSION").to_string(),
            answer: answer.clone(),
        };
        if wire::send(&mut output, &welcome).is_err() {
            return;
        }
        let role = match answer {
            Ok(seen) => seen.role,
            Err(why) => return tracing::info!("refused user {} (pid {pid}): {why}", peer.user),
        };
        let id = self.next_client.fetch_add(1, Ordering::SeqCst);
        self.joined(id, Client { user: peer.user.clone(), pid, role, since: chrono::Utc::now().timestamp() });
        let limit = if role >= Role::Editor { wire::MAX_ADMIN_REQUEST } else { wire::MAX_REQUEST };
        loop {
            let request: Request = match wire::receive(&mut input, limit) {
                Ok(r) => r,
                Err(WireError::Closed) => break,
                Err(e) => {
                    tracing::warn!("user {} (pid {pid}) sent {e}; disconnected", peer.user);
                    break;
                }
            };
            let stop = request == Request::Stop;
            let response = self.answer(request, &peer, pid, role);
            if wire::send(&mut output, &response).is_err() {
                break;
            }
            if stop && response.is_ok() {
                self.stop();
            }
        }
        self.left(id);
    }

    /// Whether a client may connect: the same protocol and version, and a role.
    fn admit(&self, hello: &Hello, peer: &Peer) -> Result<Seen, String> {
        let ours = env!("CARGO_PKG_VERSION");
        if hello.magic != wire::MAGIC {
            return Err("not a jabat client".into());
        }
        if hello.protocol != wire::PROTOCOL || hello.version != ours {
            return Err(format!(
                "this client is jabat {} (protocol {}) and the server of {} is jabat {ours} (protocol {}); use the same jabat for both (restart the server after an upgrade)",
                hello.version,
                hello.protocol,
                self.db.display(),
                wire::PROTOCOL
            ));
        }
        // The owner is an administrator whatever the file says (and can mend it).
        let access = if peer.uid == self.owner { None } else { Access::load(&self.db, self.owner)? };
        match Access::role_of(access.as_ref(), peer, self.owner) {
            Some(role) => Ok(Seen { user: peer.user.clone(), role, location: self.store.location() }),
            None => Err(format!(
                "user {} has no role on the database {}; its owner ({}) gives one in {}",
                peer.user,
                self.db.display(),
                self.owner_name,
                super::access::path_of(&self.db).display()
            )),
        }
    }

    fn joined(&self, id: u64, client: Client) {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).insert(id, client);
        *self.idle_since.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn left(&self, id: u64) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.remove(&id);
        if clients.is_empty() {
            *self.idle_since.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        }
    }

    /// Performs one request for `peer`, if their role allows it.
    fn answer(&self, request: Request, peer: &Peer, peer_pid: i32, role: Role) -> Response {
        let needed = needed_role(&request);
        if role < needed {
            return Err(StoreError::Denied {
                user: peer.user.clone(),
                role: role.to_string(),
                needed: needed.to_string(),
                file: super::access::path_of(&self.db).display().to_string(),
            });
        }
        let s = &*self.store;
        let _write = (needed > Role::Viewer).then(|| self.writes.lock().unwrap_or_else(|e| e.into_inner()));
        use Request as R;
        use wire::payload as p;
        match request {
            R::Stats => p(&s.stats()?),
            R::Roots => p(&s.roots()?),
            R::Unit(id) => p(&s.unit(id)?),
            R::UnitByCode(code) => p(&s.unit_by_code(&code)?),
            R::UnitPath(id) => p(&s.unit_path(id)?),
            R::UnitOverviews(ids) => p(&s.unit_overviews(&ids)?),
            R::Findings { rules, today, lang } => p(&crate::i18n::in_lang(lang, || s.findings(&rules, today))?),
            R::HolderCounts(ids) => p(&s.holder_counts(&ids)?),
            R::Units(ids) => p(&s.units(&ids)?),
            R::Positions(ids) => p(&s.positions(&ids)?),
            R::Children(id) => p(&s.children(id)?),
            R::ChildCount(id) => p(&s.child_count(id)?),
            R::PositionsOf(id) => p(&s.positions_of(id)?),
            R::PositionsUnder(id) => p(&s.positions_under(id)?),
            R::SubtreeHeadcount(id) => p(&s.subtree_headcount(id)?),
            R::Position(id) => p(&s.position(id)?),
            R::PositionByCode(code) => p(&s.position_by_code(&code)?),
            R::Holders(id) => p(&s.holders(id)?),
            R::HolderCount(id) => p(&s.holder_count(id)?),
            R::AllPositions => p(&s.all_positions()?),
            R::Review(code) => p(&s.review(&code)?),
            R::PutReview(mut review) => {
                // Whoever changed a mark is the user the server sees, not what the client wrote.
                review.restamp(s.review(&review.position)?.as_ref(), &peer.user);
                p(&s.put_review(&review)?)
            }
            R::UpdateReview { before, mut after } => {
                after.restamp(before.as_ref(), &peer.user);
                p(&s.update_review(before.as_ref(), &after)?)
            }
            R::Reviews => p(&s.reviews()?),
            R::Standards(ids) => p(&s.standards(&ids)?),
            R::Tasks(id) => p(&s.tasks(id)?),
            R::Standard(id) => p(&s.standard(id)?),
            R::Employee(nip) => p(&s.employee(nip)?),
            R::Profile(nip) => p(&s.profile(nip)?),
            R::People(scope) => p(&s.people(&scope)?),
            R::PeopleOfBranch(instansi, branch) => p(&s.people_of_branch(instansi, branch)?),
            R::Profiles(nips) => p(&s.profiles(&nips)?),
            R::HolderNips(id) => p(&s.holder_nips(id)?),
            R::FormerHolders(code) => p(&s.former_holders(&code)?),
            R::Unplaced => p(&s.unplaced()?),
            R::StaffProfile(unit, today) => p(&s.staff_profile(unit, today)?),
            R::JournalNaming(code, latest) => p(&s.journal_naming(&code, latest)?),
            R::Search(query, kinds, limit) => p(&s.search(&query, kinds, limit)?),
            R::LoadDataset => p(&s.load_dataset()?),
            R::ReplaceDataset(data) => {
                self.alone(peer_pid)?;
                p(&s.replace_dataset(&data)?)
            }
            R::MergeDataset { data, against } => {
                self.alone(peer_pid)?;
                let head = s.journal_head()?;
                if head != against {
                    return Err(StoreError::MergeRaced { head, against });
                }
                if let Some(what) = taken_away(&s.load_dataset()?, &data) {
                    return Err(StoreError::MergeRemoves { what });
                }
                p(&s.replace_dataset(&data)?)
            }
            R::SizeReport => p(&s.size_report()?),
            R::NextIds => p(&s.next_ids()?),
            R::Commit { change, mut entry, consumed, against } => {
                if let Some(name) = &consumed {
                    self.own_draft(name, peer, role)?;
                }
                entry.stamp.user = peer.user.clone();
                p(&s.commit(&change, *entry, consumed.as_deref(), against)?)
            }
            R::Touched(seq) => p(&s.touched(seq)?),
            R::JournalHead => p(&s.journal_head()?),
            R::Journal => p(&s.journal()?),
            R::JournalEntry(seq) => p(&s.journal_entry(seq)?),
            R::UndoState => p(&s.undo_state()?),
            R::Drafts => p(&s.drafts()?),
            R::PutDraft(mut draft) => {
                // A new draft is the asker's; an existing one keeps its author.
                draft.created = match self.own_draft(&draft.name, peer, role)? {
                    Some(existing) => existing.created,
                    None => crate::model::Stamp { user: peer.user.clone(), ..draft.created },
                };
                p(&s.put_draft(&draft)?)
            }
            R::RemoveDraft(name) => {
                self.own_draft(&name, peer, role)?;
                p(&s.remove_draft(&name)?)
            }
            R::VerifyIntegrity => p(&s.verify_integrity()?),
            R::Status => p(&self.status()),
            R::Stop => p(&()),
            R::Analyse(question) => match self.analyst {
                Some(analyst) => {
                    let started = Instant::now();
                    let (answer, asked) = analyst(s, &question).map_err(StoreError::Backend)?;
                    // Who ran which heavy reading, and what it cost the server.
                    tracing::info!("user {} (pid {peer_pid}) ran {asked} in {:.0?}", peer.user, started.elapsed());
                    p(&answer)
                }
                None => Err(StoreError::Backend("this server answers no analyses".into())),
            },
        }
    }

    /// Refuses a write of the whole content while others are connected: changes they
    /// prepared against the old content would land on the new one (ids start again).
    fn alone(&self, peer_pid: i32) -> Result<(), StoreError> {
        let clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let others: Vec<String> =
            clients.values().filter(|c| c.pid != peer_pid).map(|c| format!("{} (pid {})", c.user, c.pid)).collect();
        if others.is_empty() { Ok(()) } else { Err(StoreError::InUse { others: others.join(", ") }) }
    }

    /// The draft `name` as stored, if there is one, when `peer` may change it: its
    /// author, or an administrator.
    fn own_draft(&self, name: &str, peer: &Peer, role: Role) -> Result<Option<crate::model::Draft>, StoreError> {
        let existing = self.store.drafts()?.into_iter().find(|d| d.name == name);
        match &existing {
            Some(d) if d.created.user != peer.user && role < Role::Admin => {
                Err(StoreError::NotYours { draft: name.to_string(), owner: d.created.user.clone() })
            }
            _ => Ok(existing),
        }
    }

    fn status(&self) -> Status {
        Status {
            pid: std::process::id(),
            owner: self.owner_name.clone(),
            since: self.since,
            location: self.store.location(),
            clients: self.clients.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect(),
        }
    }
}

/// The first unit, position or employee of `before` that `after` no longer has, by code
/// and NIP: what a merge must not do.
fn taken_away(before: &crate::model::Dataset, after: &crate::model::Dataset) -> Option<String> {
    use std::collections::HashSet;
    let units: HashSet<&str> = after.units.iter().map(|u| u.code.as_str()).collect();
    let positions: HashSet<&str> = after.positions.iter().map(|p| p.code.as_str()).collect();
    let people: HashSet<crate::model::Nip> = after.employees.iter().map(|e| e.nip).collect();
    let unit = before.units.iter().find(|u| !units.contains(u.code.as_str())).map(|u| format!("unit {}", u.code));
    unit.or_else(|| {
        before.positions.iter().find(|p| !positions.contains(p.code.as_str())).map(|p| format!("position {}", p.code))
    })
    .or_else(|| before.employees.iter().find(|e| !people.contains(&e.nip)).map(|e| format!("employee {}", e.nip)))
}

/// The role a request needs.
pub fn needed_role(request: &Request) -> Role {
    match request {
        Request::PutReview(_) | Request::UpdateReview { .. } => Role::Reviewer,
        Request::Commit { .. } | Request::PutDraft(_) | Request::RemoveDraft(_) | Request::MergeDataset { .. } => {
            Role::Editor
        }
        Request::ReplaceDataset(_) | Request::Stop => Role::Admin,
        _ => Role::Viewer,
    }
}

/// The peer's user and groups (from the socket's credentials, never from what it says)
/// and process id.
fn peer_of(stream: &UnixStream) -> std::io::Result<(Peer, i32)> {
    use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
    use nix::unistd::{Gid, Group, Uid, User};
    let creds = getsockopt(stream, PeerCredentials).map_err(std::io::Error::from)?;
    let uid = creds.uid();
    let user = User::from_uid(Uid::from_raw(uid)).ok().flatten();
    let name = user.as_ref().map(|u| u.name.clone()).unwrap_or_else(|| format!("uid {uid}"));
    let mut groups = Vec::new();
    if let Some(u) = &user {
        let gids = nix::unistd::getgrouplist(
            &std::ffi::CString::new(u.name.as_str()).unwrap_or_default(),
            Gid::from_raw(creds.gid()),
        )
        .unwrap_or_default();
        groups = gids.into_iter().filter_map(|g| Group::from_gid(g).ok().flatten()).map(|g| g.name).collect();
    }
    Ok((Peer { uid, user: name, groups }, creds.pid()))
}
