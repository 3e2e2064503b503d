//! Hearing of others' commits as they happen: a connection of its own that LISTENs on
//! the channels every commit and every review decision NOTIFY, so that an open
//! interface asks the database nothing while nobody changes anything, and shows a
//! change within moments of its commit. When the connection breaks the store says it
//! cannot hear (the interface then asks, as it does of any store), and a new listener
//! is tried a little later.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Config, NoTls};

use crate::store::Heard;

/// What a commit notifies, with its journal entry's number.
pub(super) const JOURNAL_CHANNEL: &str = "jabat_journal";
/// What a review decision notifies, with its position's code.
pub(super) const REVIEW_CHANNEL: &str = "jabat_review";

/// How long a listener waits on the connection before looking whether it should stop.
const POLL: Duration = Duration::from_millis(500);
/// How soon after a listener is lost a new one is tried.
const RETRY: Duration = Duration::from_secs(5);

/// What a listener has heard; shared with its thread.
#[derive(Default)]
struct Shared {
    head: AtomicU64,
    reviews: AtomicU64,
    listening: AtomicBool,
    stop: AtomicBool,
}

/// A listener thread, and when it was started.
pub(super) struct Listener {
    shared: Arc<Shared>,
    started: Instant,
}

impl Listener {
    /// Starts listening on a connection of its own.
    pub(super) fn start(config: &Config, schema: &str) -> Listener {
        let shared = Arc::new(Shared::default());
        let (config, schema, theirs) = (config.clone(), schema.to_string(), Arc::clone(&shared));
        let spawned = std::thread::Builder::new().name("jabat-listen".into()).spawn(move || {
            if let Err(e) = listen(&config, &schema, &theirs) {
                tracing::warn!("no longer hearing of others' commits: {e}");
            }
            theirs.listening.store(false, Ordering::SeqCst);
        });
        if let Err(e) = spawned {
            tracing::warn!("cannot listen for others' commits: {e}");
        }
        Listener { shared, started: Instant::now() }
    }

    /// What it has heard, while it listens.
    pub(super) fn heard(&self) -> Option<Heard> {
        self.shared.listening.load(Ordering::SeqCst).then(|| Heard {
            head: self.shared.head.load(Ordering::SeqCst),
            reviews: self.shared.reviews.load(Ordering::SeqCst),
        })
    }

    /// Whether it stopped listening long enough ago to try again.
    pub(super) fn worth_replacing(&self) -> bool {
        !self.shared.listening.load(Ordering::SeqCst) && self.started.elapsed() >= RETRY
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // The thread sees it within `POLL` and closes its connection.
        self.shared.stop.store(true, Ordering::SeqCst);
    }
}

fn listen(config: &Config, schema: &str, shared: &Shared) -> Result<(), postgres::Error> {
    let mut client = config.connect(NoTls)?;
    client.batch_execute(&format!("LISTEN {JOURNAL_CHANNEL}; LISTEN {REVIEW_CHANNEL}"))?;
    // Read after listening, so that no commit falls between.
    let head: i64 = client.query_one(&format!("SELECT coalesce(max(seq), 0) FROM {schema}.journal"), &[])?.get(0);
    shared.head.fetch_max(head as u64, Ordering::SeqCst);
    shared.listening.store(true, Ordering::SeqCst);
    while !shared.stop.load(Ordering::SeqCst) {
        {
            let mut notifications = client.notifications();
            let mut heard = notifications.timeout_iter(POLL);
            while let Some(n) = heard.next()? {
                match n.channel() {
                    JOURNAL_CHANNEL => {
                        if let Ok(seq) = n.payload().parse::<u64>() {
                            shared.head.fetch_max(seq, Ordering::SeqCst);
                        }
                    }
                    _ => {
                        shared.reviews.fetch_add(1, Ordering::SeqCst);
                    }
                }
            }
        }
        if client.is_closed() {
            break;
        }
    }
    Ok(())
}
