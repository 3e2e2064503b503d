//! The store of a database a jabat server holds: every call is one request on the
//! server's socket, answered by the server's own store. The client talks only to a
//! server run by the database's owner (`server::socket::connect` asks the kernel before
//! a byte is sent). A client's `--read-only` is its own promise, kept here before
//! anything is sent; what the user's role forbids, the server refuses. When the server
//! goes away the next call brings up a new one (or waits for the one another client is
//! starting) and sends the request again.

use std::io::{BufReader, BufWriter};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::de::DeserializeOwned;

use super::{Hit, KindFilter, SizeReport, Stats, Store, StoreError, StoreResult, StructureChange};
use crate::model::{
    Dataset, Draft, Employee, Headcount, JournalEntry, Nip, People, Position, PositionId, Profile, Review,
    StandardEntry, Task, UndoState, Unit, UnitId,
};
use crate::rules::checks::Finding;
use crate::server::wire::{self, Request, Seen, Welcome};

/// A connection to a jabat server. When the server goes away, the call that finds out
/// says so ([`StoreError::ServerGone`]); the next call connects again, to a server that
/// is back (or, for the interface, one it starts: [`RemoteStore::restarting`]).
pub struct RemoteStore {
    connection: Mutex<Option<Connection>>,
    seen: Seen,
    db: PathBuf,
    read_only: bool,
    /// Whether to start a server for the database when none answers any more.
    restart: bool,
}

struct Connection {
    input: BufReader<UnixStream>,
    output: BufWriter<UnixStream>,
}

/// What came of trying a database's socket.
pub enum Reached {
    /// A server answered and took us in.
    Connected(Box<RemoteStore>),
    /// No server listens there (no socket, or one a killed server left).
    NoServer,
}

impl RemoteStore {
    /// Connects to the server of the database in `db`, if one listens there and runs as
    /// the database's owner. A server that turns the client away (another version, no
    /// role, no room) is an error saying why; so is one run by anyone else.
    pub fn connect(db: &Path, read_only: bool) -> StoreResult<Reached> {
        let reached = match handshake(db) {
            // Killed between the connection and its answer: no server answers.
            Err(StoreError::ServerGone { .. }) => None,
            other => other?,
        };
        Ok(match reached {
            Some((connection, seen)) => Reached::Connected(Box::new(RemoteStore {
                connection: Mutex::new(Some(connection)),
                seen,
                db: db.to_path_buf(),
                read_only,
                restart: false,
            })),
            None => Reached::NoServer,
        })
    }

    /// The same connection, starting a server for the database should none answer
    /// later (after a server was killed, the next call brings up a new one).
    pub fn restarting(mut self) -> RemoteStore {
        self.restart = true;
        self
    }

    /// Who the server sees, with which role.
    pub fn seen(&self) -> &Seen {
        &self.seen
    }

    fn gone(&self, why: impl std::fmt::Display) -> StoreError {
        StoreError::ServerGone { location: self.db.display().to_string(), why: why.to_string() }
    }

    /// Connects again after the server went away: to a server that is back, or to one
    /// this client starts (or another client is starting).
    fn reconnect(&self) -> StoreResult<Connection> {
        if let Some((connection, _)) = handshake(&self.db)? {
            return Ok(connection);
        }
        if self.restart {
            crate::server::start::start_in_background(&self.db)?;
            if let Some((connection, _)) = handshake(&self.db)? {
                tracing::info!("connected to a new server for {}", self.db.display());
                return Ok(connection);
            }
        }
        Err(self.gone("no server answers"))
    }

    /// Sends one request and reads its answer. A request whose connection broke is
    /// sent again on a new one: every request may be (a read; a commit the server
    /// made already is answered with the entry it made, `store::already_made`; other
    /// writes rewrite the same value).
    fn call<T: DeserializeOwned>(&self, request: Request) -> StoreResult<T> {
        // What the server would refuse is said here, before a byte is sent.
        let needed = crate::server::serve::needed_role(&request);
        if needed > self.seen.role {
            return Err(StoreError::Denied {
                user: self.seen.user.clone(),
                role: self.seen.role.to_string(),
                needed: needed.to_string(),
                file: crate::server::access::path_of(&self.db).display().to_string(),
            });
        }
        let frame = wire::frame(&request).map_err(|e| StoreError::Backend(e.to_string()))?;
        // The server would end the connection over a frame this long: say why instead.
        let limit = crate::server::serve::request_limit(self.seen.role);
        if frame.len() > limit {
            return Err(StoreError::TooLarge { bytes: frame.len() as u64, limit: limit as u64 });
        }
        let mut slot = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let mut broke = String::new();
        // Whether a whole-content write went out on a connection that then broke: the
        // server may have made it, so what the sending again answers is not the outcome
        // (a replace made once, then refused for the room its second sending lacks,
        // would say "nothing was changed").
        let mut sent_whole = false;
        // The connection in hand, then new ones: a server killed just as this client
        // reached it (even between its hello and the answer) is followed by another.
        for _ in 0..SENT_AT_MOST {
            let connection = match slot.as_mut() {
                Some(c) => c,
                None => match self.reconnect() {
                    Ok(c) => slot.insert(c),
                    Err(StoreError::ServerGone { why, .. }) => {
                        broke = why;
                        continue;
                    }
                    Err(e) => return Err(e),
                },
            };
            let answer = wire::send_frame(&mut connection.output, &frame)
                .and_then(|()| wire::receive::<wire::Response>(&mut connection.input, wire::MAX_RESPONSE));
            match answer {
                Ok(Err(e)) if sent_whole => {
                    return Err(StoreError::Backend(crate::i18n::trf(crate::i18n::Msg::StoreResentWhole, &[&e])));
                }
                Ok(response) => return wire::from_payload(&response?),
                Err(e) => {
                    *slot = None;
                    broke = e.to_string();
                    sent_whole |= matches!(request, Request::ReplaceDataset(_) | Request::MergeDataset { .. });
                    if request == Request::Stop {
                        break;
                    }
                }
            }
        }
        Err(self.gone(broke))
    }

    /// A write: refused here under `--read-only`, before anything is sent.
    fn write<T: DeserializeOwned>(&self, request: Request) -> StoreResult<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.call(request)
    }

    /// What the server says of itself and its clients.
    pub fn status(&self) -> StoreResult<wire::Status> {
        self.call(Request::Status)
    }

    /// Has the server run an analysis on its own store (see `cli::analysis`): the
    /// question's postcard in, the answer's out.
    pub fn analyse(&self, question: Vec<u8>) -> StoreResult<Vec<u8>> {
        self.call(Request::Analyse(question))
    }

    /// `import --merge` through the server: `data` is the content it read at journal
    /// head `against` with the import applied (an editor may merge; only an
    /// administrator may replace).
    pub fn merge_dataset(&self, data: &Dataset, against: u64) -> StoreResult<()> {
        self.write(Request::MergeDataset { data: Box::new(data.clone()), against })
    }

    /// Asks the server to stop (the owner and administrators only).
    pub fn stop(&self) -> StoreResult<()> {
        self.call(Request::Stop)
    }
}

/// How many times a request is sent, on the connection in hand and then on new ones,
/// before the server is said to have gone.
const SENT_AT_MOST: usize = 4;

/// Connects to the server of the database in `db` (made sure of: run by its owner)
/// and says hello: `None` when no server listens there.
fn handshake(db: &Path) -> StoreResult<Option<(Connection, Seen)>> {
    let Some(stream) = crate::server::socket::connect(db)? else { return Ok(None) };
    let gone = |e: wire::WireError| StoreError::ServerGone { location: db.display().to_string(), why: e.to_string() };
    let mut connection = Connection {
        input: BufReader::new(stream.try_clone().map_err(|e| StoreError::Backend(e.to_string()))?),
        output: BufWriter::new(stream),
    };
    // A server that turns this user away (no role, no room) says why before it reads the
    // hello and closes: what it said is still there to read when the hello cannot go.
    let sent = wire::send(&mut connection.output, &wire::Hello::ours());
    let welcome: Welcome = match wire::receive(&mut connection.input, 64 << 10) {
        Ok(w) => w,
        Err(e) => return Err(gone(sent.err().unwrap_or(e))),
    };
    let seen = welcome.answer.map_err(|why| StoreError::Refused { why })?;
    let ours = env!("CARGO_PKG_VERSION");
    if welcome.protocol != wire::PROTOCOL || welcome.version != ours {
        return Err(StoreError::Backend(format!(
            "the server is jabat {} (protocol {}) and this is jabat {ours} (protocol {}); use the same jabat for both",
            crate::model::text::printable(&welcome.version),
            welcome.protocol,
            wire::PROTOCOL
        )));
    }
    Ok(Some((connection, seen)))
}

/// Asks for a batch of `items` in pieces of at most [`wire::BATCH`], so that each
/// request stays small, and joins the answers in order.
fn in_pieces<I: Clone, T>(items: &[I], mut ask: impl FnMut(Vec<I>) -> StoreResult<Vec<T>>) -> StoreResult<Vec<T>> {
    if items.len() <= wire::BATCH {
        return ask(items.to_vec());
    }
    let mut all = Vec::with_capacity(items.len());
    for piece in items.chunks(wire::BATCH) {
        all.extend(ask(piece.to_vec())?);
    }
    Ok(all)
}

impl Store for RemoteStore {
    fn acting_user(&self) -> Option<String> {
        // Who the server records: the user its socket's peer credentials name.
        Some(self.seen.user.clone())
    }
    fn location(&self) -> String {
        self.seen.location.clone()
    }
    fn stats(&self) -> StoreResult<Stats> {
        self.call(Request::Stats)
    }
    fn roots(&self) -> StoreResult<Vec<Unit>> {
        self.call(Request::Roots)
    }
    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        self.call(Request::Unit(id))
    }
    fn units(&self, ids: &[UnitId]) -> StoreResult<Vec<Option<Unit>>> {
        in_pieces(ids, |ids| self.call(Request::Units(ids)))
    }
    fn positions(&self, ids: &[PositionId]) -> StoreResult<Vec<Option<Position>>> {
        in_pieces(ids, |ids| self.call(Request::Positions(ids)))
    }
    fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>> {
        self.call(Request::UnitByCode(code.to_string()))
    }
    fn unit_path(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        self.call(Request::UnitPath(id))
    }
    fn findings(&self, rules: &crate::rules::RuleSet, today: crate::model::Date) -> StoreResult<Vec<Finding>> {
        self.call(Request::Findings { rules: Box::new(rules.clone()), today, lang: crate::i18n::lang() })
    }
    fn unit_overviews(&self, ids: &[UnitId]) -> StoreResult<Vec<super::UnitOverview>> {
        in_pieces(ids, |ids| self.call(Request::UnitOverviews(ids)))
    }
    fn holder_counts(&self, ids: &[PositionId]) -> StoreResult<Vec<u64>> {
        in_pieces(ids, |ids| self.call(Request::HolderCounts(ids)))
    }
    fn children(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        self.call(Request::Children(id))
    }
    fn child_count(&self, id: UnitId) -> StoreResult<usize> {
        self.call(Request::ChildCount(id))
    }
    fn positions_of(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        self.call(Request::PositionsOf(unit))
    }
    fn positions_under(&self, unit: UnitId) -> StoreResult<Vec<Position>> {
        self.call(Request::PositionsUnder(unit))
    }
    fn subtree_headcount(&self, id: UnitId) -> StoreResult<Headcount> {
        self.call(Request::SubtreeHeadcount(id))
    }
    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        self.call(Request::Position(id))
    }
    fn position_by_code(&self, code: &str) -> StoreResult<Option<Position>> {
        self.call(Request::PositionByCode(code.to_string()))
    }
    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        self.call(Request::Holders(position))
    }
    fn holder_count(&self, position: PositionId) -> StoreResult<u64> {
        self.call(Request::HolderCount(position))
    }
    fn all_positions(&self) -> StoreResult<Vec<Position>> {
        self.call(Request::AllPositions)
    }
    fn review(&self, code: &str) -> StoreResult<Option<Review>> {
        self.call(Request::Review(code.to_string()))
    }
    fn put_review(&self, review: &Review) -> StoreResult<()> {
        self.write(Request::PutReview(review.clone()))
    }
    fn update_review(&self, before: Option<&Review>, after: &Review) -> StoreResult<Review> {
        self.write(Request::UpdateReview { before: before.cloned(), after: after.clone() })
    }
    fn reviews(&self) -> StoreResult<Vec<Review>> {
        self.call(Request::Reviews)
    }
    fn standards(&self, positions: &[PositionId]) -> StoreResult<Vec<Vec<StandardEntry>>> {
        in_pieces(positions, |ids| self.call(Request::Standards(ids)))
    }
    fn tasks(&self, position: PositionId) -> StoreResult<Vec<Task>> {
        self.call(Request::Tasks(position))
    }
    fn anjab(&self, position: PositionId) -> StoreResult<Option<crate::model::JobDescription>> {
        self.call(Request::Anjab(position))
    }
    fn unor_id(&self, unit_code: &str) -> StoreResult<Option<String>> {
        self.call(Request::UnorId(unit_code.to_string()))
    }
    fn standard(&self, position: PositionId) -> StoreResult<Vec<StandardEntry>> {
        self.call(Request::Standard(position))
    }
    fn employee(&self, nip: Nip) -> StoreResult<Option<Employee>> {
        self.call(Request::Employee(nip))
    }
    fn profile(&self, nip: Nip) -> StoreResult<Option<Profile>> {
        self.call(Request::Profile(nip))
    }
    fn people(&self, scope: &[UnitId]) -> StoreResult<Vec<People>> {
        self.call(Request::People(scope.to_vec()))
    }
    fn people_of_branch(&self, instansi: UnitId, branch: UnitId) -> StoreResult<Vec<People>> {
        self.call(Request::PeopleOfBranch(instansi, branch))
    }
    fn profiles(&self, nips: &[Nip]) -> StoreResult<Vec<Profile>> {
        let mut profiles = in_pieces(nips, |nips| self.call::<Vec<Profile>>(Request::Profiles(nips)))?;
        if nips.len() > wire::BATCH {
            // In NIP order, as the contract says, whatever order the pieces came in.
            profiles.sort_by_key(|p| p.employee.nip);
            profiles.dedup_by_key(|p| p.employee.nip);
        }
        Ok(profiles)
    }
    fn holder_nips(&self, position: PositionId) -> StoreResult<Vec<Nip>> {
        self.call(Request::HolderNips(position))
    }
    fn former_holders(&self, code: &str) -> StoreResult<Vec<(Nip, crate::model::PostHeld)>> {
        self.call(Request::FormerHolders(code.to_string()))
    }
    fn unplaced(&self) -> StoreResult<Vec<Employee>> {
        self.call(Request::Unplaced)
    }
    fn staff_profile(
        &self,
        unit: UnitId,
        today: crate::model::Date,
    ) -> StoreResult<crate::rules::workforce::StaffProfile> {
        self.call(Request::StaffProfile(unit, today))
    }
    fn journal_naming(&self, code: &str, latest: Option<usize>) -> StoreResult<Vec<JournalEntry>> {
        self.call(Request::JournalNaming(code.to_string(), latest))
    }
    fn search(&self, query: &str, kinds: KindFilter, limit: usize) -> StoreResult<Vec<Hit>> {
        self.call(Request::Search(query.to_string(), kinds, limit))
    }
    fn load_dataset(&self) -> StoreResult<Dataset> {
        self.call(Request::LoadDataset)
    }
    fn replace_dataset_by(&self, data: &Dataset, _: &crate::model::Stamp) -> StoreResult<()> {
        // The server stamps it with the user it knows from the socket.
        self.write(Request::ReplaceDataset(Box::new(data.clone())))
    }
    fn replaced(&self) -> StoreResult<Option<crate::store::Replaced>> {
        self.call(Request::Replaced)
    }
    fn bring_back(&self) -> StoreResult<crate::store::Replaced> {
        self.write(Request::BringBack)
    }
    fn size_report(&self) -> StoreResult<SizeReport> {
        self.call(Request::SizeReport)
    }
    fn next_ids(&self) -> StoreResult<(UnitId, PositionId)> {
        self.call(Request::NextIds)
    }
    fn commit(
        &self,
        change: &StructureChange,
        entry: JournalEntry,
        consumed: Option<&str>,
        against: u64,
    ) -> StoreResult<JournalEntry> {
        self.write(Request::Commit {
            change: Box::new(change.clone()),
            entry: Box::new(entry),
            consumed: consumed.map(str::to_string),
            against,
        })
    }
    fn touched(&self, seq: u64) -> StoreResult<Option<super::Touched>> {
        self.call(Request::Touched(seq))
    }
    fn journal_head(&self) -> StoreResult<u64> {
        self.call(Request::JournalHead)
    }
    fn journal(&self) -> StoreResult<Vec<JournalEntry>> {
        self.call(Request::Journal)
    }
    fn journal_entry(&self, seq: u64) -> StoreResult<Option<JournalEntry>> {
        self.call(Request::JournalEntry(seq))
    }
    fn undo_state(&self) -> StoreResult<UndoState> {
        self.call(Request::UndoState)
    }
    fn drafts(&self) -> StoreResult<Vec<Draft>> {
        self.call(Request::Drafts)
    }
    fn put_draft(&self, draft: &Draft) -> StoreResult<()> {
        self.write(Request::PutDraft(draft.clone()))
    }
    fn remove_draft(&self, name: &str) -> StoreResult<bool> {
        self.write(Request::RemoveDraft(name.to_string()))
    }
    fn verify_integrity(&self) -> StoreResult<Vec<String>> {
        self.call(Request::VerifyIntegrity)
    }
    fn restore(&self, _: &super::Whole) -> StoreResult<()> {
        // A copy is written into a database nobody uses yet, never one a server shares.
        Err(StoreError::Backend(crate::i18n::tr(crate::i18n::Msg::CopyNotIntoServed).into()))
    }
    fn others(&self) -> StoreResult<Vec<String>> {
        let me = std::process::id() as i32;
        let mut users: Vec<String> = self
            .status()?
            .clients
            .into_iter()
            .filter(|c| c.pid != me && c.user != self.seen.user)
            .map(|c| c.user)
            .collect();
        users.sort();
        users.dedup();
        Ok(users)
    }
}
