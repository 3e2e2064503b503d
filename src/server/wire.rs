//! The wire format between a jabat client and the server: postcard messages in COBS
//! frames (each frame ends at the one zero byte COBS leaves in it), read with a limit
//! so that a peer cannot make the other side hold more than it allows.
//!
//! A connection opens with [`Hello`], whose shape never changes, so that a client and a
//! server of different versions can still tell each other which versions they are; the
//! server answers [`Welcome`] (or refuses, saying why), and from then on each
//! [`Request`] gets one [`Response`]. Both sides must speak the same [`PROTOCOL`] and be
//! the same jabat version: the payload of a response is the postcard of what the
//! [`crate::store::Store`] method returns, which only the same build decodes for sure.

use std::io::{BufRead, Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{Draft, JournalEntry, Nip, PositionId, Review, UnitId};
use crate::store::{KindFilter, StoreError, StructureChange};

/// The protocol's version: raised whenever a request, a response or the handshake after
/// [`Hello`] changes.
pub const PROTOCOL: u32 = 9;

/// The first bytes of every [`Hello`], so that whatever else is on the socket is told
/// apart at once.
pub const MAGIC: [u8; 5] = *b"jabat";

/// The most a [`Hello`] may take: it is a few bytes, and a peer that sends more is no
/// jabat client.
pub const MAX_HELLO: usize = 512;

/// The most a viewer's or a reviewer's request may take. Their requests are lookups and
/// decisions; a batch of ids goes in pieces of [`BATCH`], so none comes near this.
pub const MAX_REQUEST: usize = 256 << 10;

/// The most an editor's or an administrator's request may take: `import --merge` and
/// `--replace` send the whole dataset. Beyond [`IN_MEMORY`] it is not held in memory but
/// written to an unnamed file in the database's directory as it arrives
/// ([`receive_request`]), so this is a bound of the disk, not of memory.
pub const MAX_ADMIN_REQUEST: usize = 64 << 30;

/// A request up to this size is read into memory; a longer one (only an editor's or an
/// administrator's may be) is spooled to disk.
pub const IN_MEMORY: usize = 1 << 20;

/// How many ids (or NIPs) one batched request carries at most; a longer batch is sent
/// as several requests, so that every viewer's request stays small.
pub const BATCH: usize = 4096;

/// The most a response may take.
pub const MAX_RESPONSE: usize = 16 << 30;

/// The handshake a client opens with. Its shape is fixed for ever: only what follows it
/// depends on [`PROTOCOL`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// [`MAGIC`].
    pub magic: [u8; 5],
    /// The client's [`PROTOCOL`].
    pub protocol: u32,
    /// The client's jabat version.
    pub version: String,
}

impl Hello {
    /// This build's hello.
    pub fn ours() -> Hello {
        Hello { magic: MAGIC, protocol: PROTOCOL, version: env!("CARGO_PKG_VERSION").to_string() }
    }
}

/// The server's answer to [`Hello`]: the same fixed shape, then either who the client is
/// to the server or why it is turned away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// The server's [`PROTOCOL`].
    pub protocol: u32,
    /// The server's jabat version.
    pub version: String,
    /// Accepted (the user and role the server sees) or refused (why, in a sentence).
    pub answer: Result<Seen, String>,
}

/// Who the server sees on a connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// The OS user, from the socket's peer credentials.
    pub user: String,
    /// The role the access file gives them.
    pub role: super::access::Role,
    /// Where the database is (as the server names it).
    pub location: String,
}

/// One call of a [`crate::store::Store`] method, or of the server itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// `Store::stats`.
    Stats,
    /// `Store::roots`.
    Roots,
    /// `Store::unit`.
    Unit(UnitId),
    /// `Store::units`.
    Units(Vec<UnitId>),
    /// `Store::positions`.
    Positions(Vec<PositionId>),
    /// `Store::unit_by_code`.
    UnitByCode(String),
    /// `Store::unit_path`: a unit and its ancestors in one request, not one per level.
    UnitPath(UnitId),
    /// `Store::findings`, their messages in `lang` (the client's).
    Findings {
        /// The client's rule set.
        rules: Box<crate::rules::RuleSet>,
        /// The day to check as of.
        today: crate::model::Date,
        /// The language of the messages.
        lang: crate::i18n::Lang,
    },
    /// `Store::unit_overviews`.
    UnitOverviews(Vec<UnitId>),
    /// `Store::holder_counts`.
    HolderCounts(Vec<PositionId>),
    /// `Store::children`.
    Children(UnitId),
    /// `Store::child_count`.
    ChildCount(UnitId),
    /// `Store::positions_of`.
    PositionsOf(UnitId),
    /// `Store::positions_under`: a subtree's positions in one request, not two a unit.
    PositionsUnder(UnitId),
    /// `Store::subtree_headcount`.
    SubtreeHeadcount(UnitId),
    /// `Store::position`.
    Position(PositionId),
    /// `Store::position_by_code`.
    PositionByCode(String),
    /// `Store::holders`.
    Holders(PositionId),
    /// `Store::holder_count`.
    HolderCount(PositionId),
    /// `Store::all_positions`.
    AllPositions,
    /// `Store::review`.
    Review(String),
    /// `Store::put_review`.
    PutReview(Review),
    /// `Store::update_review`.
    UpdateReview {
        /// The review as the client last had it.
        before: Option<Review>,
        /// The same with its change.
        after: Review,
    },
    /// `Store::reviews`.
    Reviews,
    /// `Store::standards`.
    Standards(Vec<PositionId>),
    /// `Store::tasks`.
    Tasks(PositionId),
    /// `Store::standard`.
    Standard(PositionId),
    /// `Store::employee`.
    Employee(Nip),
    /// `Store::profile`.
    Profile(Nip),
    /// `Store::people`.
    People(Vec<UnitId>),
    /// `Store::people_of_branch`.
    PeopleOfBranch(UnitId, UnitId),
    /// `Store::profiles`.
    Profiles(Vec<Nip>),
    /// `Store::holder_nips`.
    HolderNips(PositionId),
    /// `Store::former_holders`.
    FormerHolders(String),
    /// `Store::unplaced`.
    Unplaced,
    /// `Store::staff_profile`.
    StaffProfile(UnitId, crate::model::Date),
    /// `Store::journal_naming`.
    JournalNaming(String, Option<usize>),
    /// `Store::search`.
    Search(String, KindFilter, usize),
    /// `Store::load_dataset`.
    LoadDataset,
    /// `Store::replace_dataset`.
    ReplaceDataset(Box<crate::model::Dataset>),
    /// `import --merge`: the current content with the import applied, made against the
    /// journal's head `against`; an editor's, so the server checks that it takes nothing
    /// away.
    MergeDataset {
        /// The merged content.
        data: Box<crate::model::Dataset>,
        /// The journal's head when the current content was read.
        against: u64,
    },
    /// `Store::size_report`.
    SizeReport,
    /// `Store::next_ids`.
    NextIds,
    /// `Store::commit`.
    Commit {
        /// The change.
        change: Box<StructureChange>,
        /// Its journal entry.
        entry: Box<JournalEntry>,
        /// The draft it consumes.
        consumed: Option<String>,
        /// The journal head it was staged against.
        against: u64,
    },
    /// `Store::touched`.
    Touched(u64),
    /// `Store::journal_head`.
    JournalHead,
    /// `Store::journal`.
    Journal,
    /// `Store::journal_entry`.
    JournalEntry(u64),
    /// `Store::undo_state`.
    UndoState,
    /// `Store::drafts`.
    Drafts,
    /// `Store::put_draft`.
    PutDraft(Draft),
    /// `Store::remove_draft`.
    RemoveDraft(String),
    /// `Store::verify_integrity`.
    VerifyIntegrity,
    /// Who is connected, and since when (`jabat server status`).
    Status,
    /// Stop the server once this answer is sent (`jabat server stop`).
    Stop,
    /// An analysis of the whole database or a large part of it, run by the server on its
    /// own store so that no client pulls the data through the socket: the question and
    /// the answer are the face's own (postcard, see `cli::analysis`), the server only
    /// hands them to its [`super::serve::Analyst`].
    Analyse(Vec<u8>),
    /// `Store::anjab`.
    Anjab(PositionId),
    /// `Store::unor_id`.
    UnorId(String),
    /// `Store::replaced`.
    Replaced,
    /// `Store::bring_back`.
    BringBack,
}

/// A response: the postcard of what the method returned, or the store's error.
pub type Response = Result<Vec<u8>, StoreError>;

/// What a connected client looks like in `jabat server status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// The OS user.
    pub user: String,
    /// Their process id, from the peer credentials.
    pub pid: i32,
    /// Their role.
    pub role: super::access::Role,
    /// Connected since, in seconds since 1970-01-01 UTC.
    pub since: i64,
}

/// What the server says of itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The server's process id.
    pub pid: u32,
    /// The user it runs as (the database's owner).
    pub owner: String,
    /// Serving since, in seconds since 1970-01-01 UTC.
    pub since: i64,
    /// Where the database is.
    pub location: String,
    /// Who is connected, the asker included.
    pub clients: Vec<Client>,
}

/// What went wrong on the wire.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The peer closed the connection.
    #[error("the connection was closed")]
    Closed,
    /// A frame longer than allowed.
    #[error("a message longer than {limit} bytes")]
    TooLong {
        /// The limit.
        limit: usize,
    },
    /// Bytes that are not a message of the protocol.
    #[error("a message that cannot be read: {0}")]
    Garbled(String),
    /// The server holds as much of its clients' requests in memory as it allows.
    #[error("more requests in memory than the server allows at once")]
    Busy,
    /// The socket failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Encodes a value as the payload of a response.
pub fn payload<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_stdvec(value).map_err(|e| StoreError::Backend(format!("cannot encode an answer: {e}")))
}

/// Decodes the payload of a response.
pub fn from_payload<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|e| StoreError::Backend(format!("the server's answer cannot be read: {e}")))
}

/// One message as the frame that carries it.
pub fn frame<T: Serialize>(message: &T) -> Result<Vec<u8>, WireError> {
    postcard::to_stdvec_cobs(message).map_err(|e| WireError::Garbled(e.to_string()))
}

/// Writes a frame made by [`frame`], and flushes.
pub fn send_frame(out: &mut impl Write, frame: &[u8]) -> Result<(), WireError> {
    out.write_all(frame)?;
    out.flush()?;
    Ok(())
}

/// Writes one message as a frame, and flushes.
pub fn send<T: Serialize>(out: &mut impl Write, message: &T) -> Result<(), WireError> {
    send_frame(out, &frame(message)?)
}

/// Reads one message of at most `limit` bytes.
pub fn receive<T: DeserializeOwned>(input: &mut impl BufRead, limit: usize) -> Result<T, WireError> {
    let mut frame = Vec::new();
    // One byte more than the limit tells a frame that is too long from one that fits.
    let read = input.take(limit as u64 + 1).read_until(0, &mut frame)?;
    if read == 0 {
        return Err(WireError::Closed);
    }
    if frame.last() != Some(&0) {
        return Err(if read > limit { WireError::TooLong { limit } } else { WireError::Closed });
    }
    postcard::from_bytes_cobs(&mut frame).map_err(|e| WireError::Garbled(e.to_string()))
}

/// The bytes of requests a server holds in memory across all its connections, and the
/// most it may: a frame is read against it piece by piece, and given back once decoded.
#[derive(Debug)]
pub struct Budget {
    held: std::sync::atomic::AtomicUsize,
    ceiling: usize,
}

impl Budget {
    /// A budget of `ceiling` bytes.
    pub const fn new(ceiling: usize) -> Budget {
        Budget { held: std::sync::atomic::AtomicUsize::new(0), ceiling }
    }

    /// The bytes held now.
    pub fn held(&self) -> usize {
        self.held.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn take(&self, bytes: usize) -> bool {
        use std::sync::atomic::Ordering::SeqCst;
        self.held.fetch_update(SeqCst, SeqCst, |held| (held + bytes <= self.ceiling).then_some(held + bytes)).is_ok()
    }

    fn give(&self, bytes: usize) {
        self.held.fetch_sub(bytes, std::sync::atomic::Ordering::SeqCst);
    }
}

/// What a frame being read holds of the budget, given back when dropped.
struct Held<'a> {
    budget: &'a Budget,
    bytes: usize,
}

impl Held<'_> {
    fn grow(&mut self, bytes: usize) -> Result<(), WireError> {
        if !self.budget.take(bytes) {
            return Err(WireError::Busy);
        }
        self.bytes += bytes;
        Ok(())
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.budget.give(self.bytes);
    }
}

/// Reads one request on a server: at most `limit` bytes, held in memory against
/// `budget` up to [`IN_MEMORY`]; a longer one is decoded from COBS as it arrives into an
/// unnamed file in `spool` (gone when closed, readable by this process only) and read
/// from there, so that a whole dataset never sits in memory as bytes.
pub fn receive_request<T: DeserializeOwned>(
    input: &mut impl BufRead,
    limit: usize,
    budget: &Budget,
    spool: &std::path::Path,
) -> Result<T, WireError> {
    let mut frame = Vec::new();
    let mut held = Held { budget, bytes: 0 };
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Err(WireError::Closed);
        }
        let (piece, ended) = match available.iter().position(|b| *b == 0) {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let taken = piece.len();
        if frame.len() + taken > limit {
            return Err(WireError::TooLong { limit });
        }
        if frame.len() + taken > IN_MEMORY {
            return spooled(input, frame, limit, spool);
        }
        held.grow(taken)?;
        frame.extend_from_slice(piece);
        input.consume(taken);
        if ended {
            return postcard::from_bytes_cobs(&mut frame).map_err(|e| WireError::Garbled(e.to_string()));
        }
    }
}

/// Goes on reading a frame that began with `start` into a file, decoding COBS on the
/// way, then reads the message from that file.
fn spooled<T: DeserializeOwned>(
    input: &mut impl BufRead,
    start: Vec<u8>,
    limit: usize,
    spool: &std::path::Path,
) -> Result<T, WireError> {
    use cobs::{DecodeResult, DecoderState};
    use std::io::Seek;
    let file = tempfile::tempfile_in(spool)?;
    let mut decoded = std::io::BufWriter::with_capacity(1 << 16, file);
    let mut state = DecoderState::Idle;
    let mut read = 0usize;
    let garbled = || WireError::Garbled("not a COBS frame".into());
    let mut feed = |bytes: &[u8], decoded: &mut std::io::BufWriter<std::fs::File>| -> Result<bool, WireError> {
        for byte in bytes {
            match state.feed(*byte).map_err(|_| garbled())? {
                DecodeResult::DataContinue(b) => decoded.write_all(&[b])?,
                DecodeResult::DataComplete => return Ok(true),
                DecodeResult::NoData => {}
            }
        }
        Ok(false)
    };
    let mut ended = feed(&start, &mut decoded)?;
    read += start.len();
    drop(start);
    while !ended {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Err(WireError::Closed);
        }
        let taken = available.iter().position(|b| *b == 0).map_or(available.len(), |at| at + 1);
        read += taken;
        if read > limit {
            return Err(WireError::TooLong { limit });
        }
        ended = feed(&available[..taken], &mut decoded)?;
        input.consume(taken);
    }
    let mut file = decoded.into_inner().map_err(|e| WireError::Io(e.into_error()))?;
    file.rewind()?;
    // Strings are read through this scratch one at a time; a single value longer than
    // it is refused (no stored text comes near it).
    let mut scratch = vec![0u8; 1 << 20];
    let (message, _) = postcard::from_io((std::io::BufReader::with_capacity(1 << 16, file), &mut scratch[..]))
        .map_err(|e| WireError::Garbled(e.to_string()))?;
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_crosses_in_one_frame_and_the_next_follows() {
        let mut wire = Vec::new();
        send(&mut wire, &Request::UnitByCode("1276.3".into())).unwrap();
        send(&mut wire, &Request::Search("analis\0kebijakan".into(), KindFilter::default(), 5)).unwrap();
        assert_eq!(wire.iter().filter(|b| **b == 0).count(), 2, "one zero byte per frame, however many in the text");
        let mut input = std::io::Cursor::new(wire);
        assert_eq!(receive::<Request>(&mut input, 1024).unwrap(), Request::UnitByCode("1276.3".into()));
        assert!(
            matches!(receive::<Request>(&mut input, 1024).unwrap(), Request::Search(q, _, 5) if q == "analis\0kebijakan")
        );
        assert!(matches!(receive::<Request>(&mut input, 1024), Err(WireError::Closed)));
    }

    #[test]
    fn a_frame_over_the_limit_or_garbage_is_refused() {
        let mut wire = Vec::new();
        send(&mut wire, &Request::UnitByCode("x".repeat(5000))).unwrap();
        assert!(matches!(receive::<Request>(&mut std::io::Cursor::new(wire), 1000), Err(WireError::TooLong { .. })));
        let garbage = vec![0xff, 0x13, 0x37, 0x00];
        assert!(matches!(receive::<Request>(&mut std::io::Cursor::new(garbage), 1000), Err(WireError::Garbled(_))));
    }

    #[test]
    fn the_hello_of_another_version_is_still_read() {
        // A later protocol keeps Hello's shape, so this build reads its version.
        let theirs = Hello { magic: MAGIC, protocol: PROTOCOL + 1, version: "9.9.9".into() };
        let mut wire = Vec::new();
        send(&mut wire, &theirs).unwrap();
        assert_eq!(receive::<Hello>(&mut std::io::Cursor::new(wire), 1024).unwrap(), theirs);
    }
}
