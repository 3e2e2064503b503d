//! The server: one process owns the database and serves it on a Unix-domain socket
//! inside the database directory ([`super::socket`]), a thread per admitted client. It
//! knows each client's OS user from the socket's peer credentials and gives them the
//! role the access file says before it reads a byte from them; whoever has none is
//! turned away at once. What anyone may hold of it is bounded: connections per user and
//! in all ([`super::limits`]), the time to say hello, the size of a request by role, the
//! bytes of requests in memory across connections, and whole-data answers at once.
//! Requests are performed on its one store, the writes one at a time.

use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::access::{Peer, Role};
use super::limits::{Bounds, Connections, Gate, Refusals, Roles, Slot};
use super::wire::{self, Budget, Client, Hello, Request, Response, Seen, Status, Welcome, WireError};
use crate::store::{Store, StoreError};

pub use super::socket::{owner_of, socket_path};
pub use super::start::{BACKGROUND_IDLE_EXIT, start_in_background};

/// How long a client has to say hello once connected.
pub const HELLO_WITHIN: Duration = Duration::from_secs(2);

/// How long the server waits for a client to take an answer before letting it go (a
/// client that stops reading holds a thread and a connection otherwise).
const ANSWER_TAKEN_WITHIN: Duration = Duration::from_secs(60);

/// The bytes of requests held in memory across all connections at once.
pub const REQUESTS_IN_MEMORY: usize = 64 << 20;

/// How many answers of the whole database (an export's load, an integrity check) are
/// worked out at once; others wait their turn.
const WHOLE_DATA_AT_ONCE: usize = 2;

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
pub(super) struct Server {
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
    /// Answers of the whole database, a few at once.
    whole_data: Gate,
    stopping: AtomicBool,
    /// When the last client left (or the server started), for `idle_exit`.
    idle_since: Mutex<Option<Instant>>,
    /// Who is connected, counted per user, against the bounds.
    pub(super) connections: Mutex<Connections>,
    /// The roles of users, from the access file (read again when it changes).
    roles: Mutex<Roles>,
    /// What was refused lately, so that a flood of refusals is one log line a while.
    refusals: Mutex<Refusals>,
    /// Requests held in memory across connections.
    budget: Budget,
    /// The listening socket (a second handle), to wake the accept loop when stopping.
    listener: Option<std::os::unix::net::UnixListener>,
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
    // The access file is read again when it changes; a broken one is refused here too.
    super::access::Access::load(db, owner).map_err(anyhow::Error::msg)?;
    crate::store::make_private(db)?;
    super::socket::keep_directory_mode(db);
    let bounds = Bounds::from_open_files();
    let listener = super::socket::bind(db).map_err(anyhow::Error::msg)?;
    let socket = socket_path(db);
    let server = Arc::new(Server {
        store,
        analyst: options.analyst,
        db: db.to_path_buf(),
        socket: socket.clone(),
        owner,
        owner_name: super::socket::user_name(owner),
        since: chrono::Utc::now().timestamp(),
        clients: Mutex::new(BTreeMap::new()),
        next_client: AtomicU64::new(1),
        writes: Mutex::new(()),
        whole_data: Gate::new(WHOLE_DATA_AT_ONCE),
        stopping: AtomicBool::new(false),
        idle_since: Mutex::new(Some(Instant::now())),
        connections: Mutex::new(Connections::new(bounds, owner)),
        roles: Mutex::new(Roles::default()),
        refusals: Mutex::new(Refusals::default()),
        budget: Budget::new(REQUESTS_IN_MEMORY),
        listener: listener.try_clone().ok(),
    });
    server.set_socket_mode();
    watch(&server, options);
    tracing::info!(
        "serving {} on {} (at most {} connections of others, {} a user, {} more of the owner's)",
        db.display(),
        socket.display(),
        bounds.others,
        bounds.per_user,
        bounds.owner
    );
    ready(&socket);
    for stream in listener.incoming() {
        if server.stopping.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => Server::arrive(&server, stream),
            Err(_) if server.stopping.load(Ordering::SeqCst) => break,
            Err(e) => {
                // Out of files or memory for a moment: the connections in the queue
                // wait, and those being served go on.
                server.refused("accept", u32::MAX, "", 0, &format!("accepting a connection: {e}"));
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    let _ = std::fs::remove_file(&socket);
    // Writes in flight finish before the process ends (each was flushed when made).
    drop(server.writes.lock());
    // Threads of clients still connected keep the store alive until the process ends,
    // so its closing does not run: the lock-info must not name this process after it.
    crate::store::let_go(db);
    tracing::info!("stopped serving {}", db.display());
    Ok(())
}

/// Stops the server on SIGTERM, SIGINT and SIGHUP, and when idle for `idle_exit`; keeps
/// the socket's and the directory's modes in step with the access file.
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
                // A database removed under the server (its directory deleted) has
                // nothing left to serve.
                if !crate::store::SledStore::exists(&server.db) {
                    tracing::info!("{} is gone: stopping", server.db.display());
                    server.stop();
                    return;
                }
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
    /// Ends the accept loop: sets the flag, then wakes `accept` by shutting the
    /// listening socket down (a connection of its own would not do when the socket's
    /// file is gone with the database).
    fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(listener) = &self.listener {
            let _ = nix::sys::socket::shutdown(listener.as_raw_fd(), nix::sys::socket::Shutdown::Both);
        }
        let _ = UnixStream::connect(&self.socket);
    }

    /// Without an access file only the owner may reach the socket (0600); with one, the
    /// users it names must be able to connect (0666), and each is checked on arrival.
    /// The directory follows (0700, or 0711 to pass through). Set at start and looked at
    /// again every two seconds by [`watch`] (an access file written while the server
    /// runs), never on a connection's way in.
    fn set_socket_mode(&self) {
        let mode = if super::access::path_of(&self.db).exists() { 0o666 } else { 0o600 };
        let current = std::fs::metadata(&self.socket).map(|m| m.permissions().mode() & 0o777);
        if current.is_ok_and(|m| m != mode) {
            let _ = std::fs::set_permissions(&self.socket, std::fs::Permissions::from_mode(mode));
        }
        super::socket::keep_directory_mode(&self.db);
    }

    /// A connection has arrived: before anything is read from it, who it is (the
    /// kernel's word), their role, and room for them within the bounds. Whoever has no
    /// role or no room is told why and let go at once, on this thread, so that a stranger
    /// holds nothing of the server's.
    fn arrive(server: &Arc<Server>, stream: UnixStream) {
        use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
        let creds = match getsockopt(&stream, PeerCredentials) {
            Ok(c) => c,
            Err(e) => {
                let why = format!("a connection without peer credentials: {e}");
                return server.refused("credentials", u32::MAX, "", 0, &why);
            }
        };
        let (uid, pid) = (creds.uid(), creds.pid());
        let peer = server.roles.lock().unwrap_or_else(|e| e.into_inner()).peer(uid, creds.gid());
        let role = match server.role_of(&peer) {
            Ok(role) => role,
            Err(why) => return server.turn_away("no role", stream, &peer, pid, why),
        };
        let slot = match Connections::enter(server, uid) {
            Ok(slot) => slot,
            Err(why) => return server.turn_away("no room", stream, &peer, pid, why),
        };
        let serving = Arc::clone(server);
        let spawned = std::thread::Builder::new()
            .name(format!("client {pid}"))
            .spawn(move || serving.client(stream, peer, pid, role, slot));
        if let Err(e) = spawned {
            server.refused("thread", uid, "", pid, &format!("no thread for a connection: {e}"));
        }
    }

    /// Tells a peer why it is not served, without reading what it sent, and closes.
    fn turn_away(&self, kind: &'static str, stream: UnixStream, peer: &Peer, pid: i32, why: String) {
        self.refused(kind, peer.uid, &peer.user, pid, &why);
        let welcome =
            Welcome { protocol: wire::PROTOCOL, version: env!("CARGO_PKG_VERSION").to_string(), answer: Err(why) };
        // A few hundred bytes: the socket's buffer takes them at once, or they are dropped.
        let _ = stream.set_nonblocking(true);
        let _ = wire::send(&mut &stream, &welcome);
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }

    /// Logs a refusal, at most one line per user and kind every few seconds however many
    /// come.
    fn refused(&self, kind: &'static str, uid: u32, user: &str, pid: i32, why: &str) {
        let said = self.refusals.lock().unwrap_or_else(|e| e.into_inner()).note(uid, kind);
        if let Some(more) = said {
            let who = if user.is_empty() { String::new() } else { format!("user {user} (pid {pid}): ") };
            let more = if more > 0 { format!(" (and {more} more refused since the last line)") } else { String::new() };
            tracing::warn!("refused {who}{}{more}", crate::model::text::printable(why));
        }
    }

    /// The role of `peer`: the owner is an administrator whatever the access file says
    /// (and can mend it); others need the file to give them one.
    fn role_of(&self, peer: &Peer) -> Result<Role, String> {
        if peer.uid == self.owner {
            return Ok(Role::Admin);
        }
        let role = self.roles.lock().unwrap_or_else(|e| e.into_inner()).role_of(&self.db, self.owner, peer)?;
        role.ok_or_else(|| {
            format!(
                "user {} has no role on the database {}; its owner ({}) gives one in {}",
                peer.user,
                self.db.display(),
                self.owner_name,
                super::access::path_of(&self.db).display()
            )
        })
    }

    /// Serves one admitted connection until it closes: the hello within
    /// [`HELLO_WITHIN`], then each request within the bound of the peer's role.
    fn client(self: Arc<Self>, stream: UnixStream, peer: Peer, pid: i32, role: Role, slot: Slot) {
        if self.stopping.load(Ordering::SeqCst) {
            return;
        }
        let _ = stream.set_read_timeout(Some(HELLO_WITHIN));
        let mut input = BufReader::new(&stream);
        let mut output = BufWriter::new(&stream);
        let hello: Hello = match wire::receive(&mut input, wire::MAX_HELLO) {
            Ok(h) => h,
            // A probe (is a server there?) connects and goes: nothing to say.
            Err(WireError::Closed) => return,
            Err(WireError::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
            {
                let why = format!("sent no hello within {} s; disconnected", HELLO_WITHIN.as_secs());
                return self.refused("silent", peer.uid, &peer.user, pid, &why);
            }
            Err(e) => {
                return self.refused(
                    "no hello",
                    peer.uid,
                    &peer.user,
                    pid,
                    &format!("sent no hello: {e}; disconnected"),
                );
            }
        };
        let _ = stream.set_read_timeout(None);
        let _ = stream.set_write_timeout(Some(ANSWER_TAKEN_WITHIN));
        let answer = self.admit(&hello, &peer, role);
        let welcome = Welcome {
            protocol: wire::PROTOCOL,
            version: env!("CARGO_PKG_VERSION").to_string(),
            answer: answer.clone(),
        };
        if wire::send(&mut output, &welcome).is_err() {
            return;
        }
        if let Err(why) = answer {
            return tracing::info!("refused user {} (pid {pid}): {why}", peer.user);
        }
        let id = self.next_client.fetch_add(1, Ordering::SeqCst);
        self.joined(id, Client { user: peer.user.clone(), pid, role, since: chrono::Utc::now().timestamp() });
        let limit = request_limit(role);
        loop {
            let request: Request = match wire::receive_request(&mut input, limit, &self.budget, &self.db) {
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
        // Its room is free before it is seen gone (`server status`).
        drop(slot);
        self.left(id);
    }

    /// Whether an admitted peer may go on: the same protocol and version.
    fn admit(&self, hello: &Hello, peer: &Peer, role: Role) -> Result<Seen, String> {
        let ours = env!("CARGO_PKG_VERSION");
        if hello.magic != wire::MAGIC {
            return Err("not a jabat client".into());
        }
        if hello.protocol != wire::PROTOCOL || hello.version != ours {
            return Err(format!(
                "this client is jabat {} (protocol {}) and the server of {} is jabat {ours} (protocol {}); use the same jabat for both (restart the server after an upgrade)",
                crate::model::text::printable(&hello.version),
                hello.protocol,
                self.db.display(),
                wire::PROTOCOL
            ));
        }
        Ok(Seen { user: peer.user.clone(), role, location: self.store.location() })
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
        // The answers that hold the whole database in memory, a few at a time.
        let _whole =
            matches!(request, Request::LoadDataset | Request::VerifyIntegrity).then(|| self.whole_data.enter());
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
            R::Anjab(id) => p(&s.anjab(id)?),
            R::UnorId(code) => p(&s.unor_id(&code)?),
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
                p(&s.replace_dataset_by(&data, &stamp_of(peer))?)
            }
            R::Replaced => p(&s.replaced()?),
            R::BringBack => {
                self.alone(peer_pid)?;
                p(&s.bring_back()?)
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
                p(&s.replace_dataset_by(&data, &stamp_of(peer))?)
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

/// The role a request needs. Every request is named here, without a catch-all arm, so
/// that a new one cannot be open to viewers by default: it does not compile until it
/// is given its role.
pub fn needed_role(request: &Request) -> Role {
    use Request as R;
    match request {
        R::Stats
        | R::Roots
        | R::Unit(_)
        | R::Units(_)
        | R::Positions(_)
        | R::UnitByCode(_)
        | R::UnitPath(_)
        | R::Findings { .. }
        | R::UnitOverviews(_)
        | R::HolderCounts(_)
        | R::Children(_)
        | R::ChildCount(_)
        | R::PositionsOf(_)
        | R::PositionsUnder(_)
        | R::SubtreeHeadcount(_)
        | R::Position(_)
        | R::PositionByCode(_)
        | R::Holders(_)
        | R::HolderCount(_)
        | R::AllPositions
        | R::Review(_)
        | R::Reviews
        | R::Standards(_)
        | R::Tasks(_)
        | R::Anjab(_)
        | R::UnorId(_)
        | R::Replaced
        | R::Standard(_)
        | R::Employee(_)
        | R::Profile(_)
        | R::People(_)
        | R::PeopleOfBranch(..)
        | R::Profiles(_)
        | R::HolderNips(_)
        | R::FormerHolders(_)
        | R::Unplaced
        | R::StaffProfile(..)
        | R::JournalNaming(..)
        | R::Search(..)
        | R::LoadDataset
        | R::SizeReport
        | R::NextIds
        | R::Touched(_)
        | R::JournalHead
        | R::Journal
        | R::JournalEntry(_)
        | R::UndoState
        | R::Drafts
        | R::VerifyIntegrity
        | R::Status
        | R::Analyse(_) => Role::Viewer,
        R::PutReview(_) | R::UpdateReview { .. } => Role::Reviewer,
        R::Commit { .. } | R::PutDraft(_) | R::RemoveDraft(_) | R::MergeDataset { .. } => Role::Editor,
        R::ReplaceDataset(_) | R::BringBack | R::Stop => Role::Admin,
    }
}

/// A whole write as the server records it: by the user the socket says, now.
fn stamp_of(peer: &Peer) -> crate::model::Stamp {
    crate::model::Stamp { user: peer.user.clone(), at: chrono::Utc::now().timestamp() }
}

/// The most a request of someone with `role` may take: a lookup or a decision is small;
/// only an editor or an administrator sends a whole dataset (spooled to disk).
pub fn request_limit(role: Role) -> usize {
    match role {
        Role::Viewer | Role::Reviewer => wire::MAX_REQUEST,
        Role::Editor | Role::Admin => wire::MAX_ADMIN_REQUEST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Draft, JournalEntry, Nip, Origin, PositionId, Review, Stamp, UnitId};

    /// Which request this is, by number: the match has no catch-all arm, so a new
    /// request does not compile until it is counted here too, and the test below then
    /// asks it of every role.
    fn number(request: &Request) -> usize {
        use Request as R;
        match request {
            R::Stats => 0,
            R::Roots => 1,
            R::Unit(_) => 2,
            R::Units(_) => 3,
            R::Positions(_) => 4,
            R::UnitByCode(_) => 5,
            R::UnitPath(_) => 6,
            R::Findings { .. } => 7,
            R::UnitOverviews(_) => 8,
            R::HolderCounts(_) => 9,
            R::Children(_) => 10,
            R::ChildCount(_) => 11,
            R::PositionsOf(_) => 12,
            R::PositionsUnder(_) => 13,
            R::SubtreeHeadcount(_) => 14,
            R::Position(_) => 15,
            R::PositionByCode(_) => 16,
            R::Holders(_) => 17,
            R::HolderCount(_) => 18,
            R::AllPositions => 19,
            R::Review(_) => 20,
            R::PutReview(_) => 21,
            R::UpdateReview { .. } => 22,
            R::Reviews => 23,
            R::Standards(_) => 24,
            R::Tasks(_) => 25,
            R::Standard(_) => 26,
            R::Employee(_) => 27,
            R::Profile(_) => 28,
            R::People(_) => 29,
            R::PeopleOfBranch(..) => 30,
            R::Profiles(_) => 31,
            R::HolderNips(_) => 32,
            R::FormerHolders(_) => 33,
            R::Unplaced => 34,
            R::StaffProfile(..) => 35,
            R::JournalNaming(..) => 36,
            R::Search(..) => 37,
            R::LoadDataset => 38,
            R::ReplaceDataset(_) => 39,
            R::MergeDataset { .. } => 40,
            R::SizeReport => 41,
            R::NextIds => 42,
            R::Commit { .. } => 43,
            R::Touched(_) => 44,
            R::JournalHead => 45,
            R::Journal => 46,
            R::JournalEntry(_) => 47,
            R::UndoState => 48,
            R::Drafts => 49,
            R::PutDraft(_) => 50,
            R::RemoveDraft(_) => 51,
            R::VerifyIntegrity => 52,
            R::Status => 53,
            R::Stop => 54,
            R::Analyse(_) => 55,
            R::Anjab(_) => 56,
            R::UnorId(_) => 57,
            R::Replaced => 58,
            R::BringBack => 59,
        }
    }
    const REQUESTS: usize = 60;

    fn every_request() -> Vec<Request> {
        use Request as R;
        let nip = Nip::parse("198001012005011001").unwrap();
        let day = Date::parse("2026-07-01").unwrap();
        let stamp = Stamp { user: "forged".into(), at: 1_780_000_000 };
        let entry = JournalEntry {
            seq: 0,
            stamp: stamp.clone(),
            reason: None,
            origin: Origin::Edit,
            ops: Vec::new(),
            inverse: Vec::new(),
        };
        vec![
            R::Stats,
            R::Roots,
            R::Unit(UnitId(1)),
            R::Units(vec![UnitId(1)]),
            R::Positions(vec![PositionId(1)]),
            R::UnitByCode("1276".into()),
            R::UnitPath(UnitId(1)),
            R::Findings { rules: Box::default(), today: day, lang: crate::i18n::Lang::En },
            R::UnitOverviews(vec![UnitId(1)]),
            R::HolderCounts(vec![PositionId(1)]),
            R::Children(UnitId(1)),
            R::ChildCount(UnitId(1)),
            R::PositionsOf(UnitId(1)),
            R::PositionsUnder(UnitId(1)),
            R::SubtreeHeadcount(UnitId(1)),
            R::Position(PositionId(1)),
            R::PositionByCode("1276-J01".into()),
            R::Holders(PositionId(1)),
            R::HolderCount(PositionId(1)),
            R::AllPositions,
            R::Review("1276-J01".into()),
            R::PutReview(Review::new("1276-J01")),
            R::UpdateReview { before: None, after: Review::new("1276-J02") },
            R::Reviews,
            R::Standards(vec![PositionId(1)]),
            R::Tasks(PositionId(1)),
            R::Standard(PositionId(1)),
            R::Employee(nip),
            R::Profile(nip),
            R::People(vec![UnitId(1)]),
            R::PeopleOfBranch(UnitId(1), UnitId(1)),
            R::Profiles(vec![nip]),
            R::HolderNips(PositionId(1)),
            R::FormerHolders("1276-J01".into()),
            R::Unplaced,
            R::StaffProfile(UnitId(1), day),
            R::JournalNaming("1276".into(), Some(1)),
            R::Search("analis".into(), Default::default(), 5),
            R::LoadDataset,
            R::ReplaceDataset(Box::default()),
            R::MergeDataset { data: Box::default(), against: 0 },
            R::SizeReport,
            R::NextIds,
            R::Commit { change: Box::default(), entry: Box::new(entry), consumed: None, against: 0 },
            R::Touched(1),
            R::JournalHead,
            R::Journal,
            R::JournalEntry(1),
            R::UndoState,
            R::Drafts,
            R::PutDraft(Draft { name: "usulan".into(), created: stamp, changes: Vec::new() }),
            R::RemoveDraft("usulan".into()),
            R::VerifyIntegrity,
            R::Status,
            R::Stop,
            R::Analyse(Vec::new()),
            R::Anjab(PositionId(1)),
            R::UnorId("1276".into()),
            R::Replaced,
            R::BringBack,
        ]
    }

    fn server(db: &Path) -> Server {
        Server {
            store: Box::new(crate::store::MemoryStore::new()),
            analyst: None,
            db: db.to_path_buf(),
            socket: socket_path(db),
            owner: 0,
            owner_name: "owner".into(),
            since: 0,
            clients: Mutex::new(BTreeMap::new()),
            next_client: AtomicU64::new(1),
            writes: Mutex::new(()),
            whole_data: Gate::new(WHOLE_DATA_AT_ONCE),
            stopping: AtomicBool::new(false),
            idle_since: Mutex::new(None),
            connections: Mutex::new(Connections::new(Bounds::MOST, 0)),
            roles: Mutex::new(Roles::default()),
            refusals: Mutex::new(Refusals::default()),
            budget: Budget::new(REQUESTS_IN_MEMORY),
            listener: None,
        }
    }

    #[test]
    fn every_request_is_answered_for_the_roles_it_needs_and_refused_to_the_others() {
        let requests = every_request();
        let mut numbers: Vec<usize> = requests.iter().map(number).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (0..REQUESTS).collect::<Vec<_>>(), "one of each request, each once");
        let dir = tempfile::tempdir().unwrap();
        let roles = [Role::Viewer, Role::Reviewer, Role::Editor, Role::Admin];
        for role in roles {
            let server = server(dir.path());
            let peer = Peer { uid: 1000, user: format!("a-{role}"), groups: Vec::new() };
            for request in every_request() {
                let needed = needed_role(&request);
                let answer = server.answer(request.clone(), &peer, 4242, role);
                let denied = matches!(&answer, Err(StoreError::Denied { needed: n, .. }) if *n == needed.to_string());
                assert_eq!(denied, role < needed, "{request:?} asked by a {role}: {answer:?}");
            }
        }
        // What each role gains over the one below, spelled out.
        let gained = |role: Role| -> Vec<usize> {
            every_request().iter().filter(|r| needed_role(r) == role).map(number).collect()
        };
        assert_eq!(gained(Role::Reviewer), [21, 22], "reviewers: decisions and notes");
        assert_eq!(gained(Role::Editor), [40, 43, 50, 51], "editors: merges, commits, drafts");
        assert_eq!(
            gained(Role::Admin),
            [39, 54, 59],
            "administrators: replacing the content, stopping the server, bringing a replaced content back"
        );
    }

    #[test]
    fn only_editors_and_administrators_send_more_than_a_small_request() {
        assert!(request_limit(Role::Viewer) < 1 << 20 && request_limit(Role::Reviewer) < 1 << 20);
        assert!(request_limit(Role::Editor) > 1 << 30 && request_limit(Role::Admin) > 1 << 30);
    }
}
