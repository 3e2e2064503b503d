//! Opening the database a command names: a directory directly or through the server
//! that holds it, a database in PostgreSQL, or `--demo`'s sample.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{Cli, Command};
use crate::i18n::{Msg, trf};
use crate::interchange::generate::Preset;
use crate::store::remote::Reached;
use crate::store::{Location, PgStore, SledStore, Store};

/// A database opened for one command: through the server that holds it, directly when
/// none does, or in PostgreSQL; for `--demo` the temporary directory lives as long as
/// this does.
pub struct Opened {
    held: Held,
    _demo_dir: Option<tempfile::TempDir>,
}

enum Held {
    /// A database directory, opened directly.
    Local(SledStore),
    /// The server holding a database directory.
    Remote(Box<crate::store::RemoteStore>),
    /// A database in PostgreSQL.
    Postgres(Box<PgStore>),
}

impl Opened {
    /// The store, whichever way it was reached.
    pub fn store(&self) -> &(dyn Store + Sync) {
        match &self.held {
            Held::Local(local) => local,
            Held::Remote(remote) => remote.as_ref(),
            Held::Postgres(pg) => pg.as_ref(),
        }
    }

    /// Whether it goes through a server.
    pub fn is_remote(&self) -> bool {
        matches!(self.held, Held::Remote(_))
    }

    /// The server it goes through, if it does.
    pub fn remote(&self) -> Option<&crate::store::RemoteStore> {
        match &self.held {
            Held::Remote(remote) => Some(remote),
            _ => None,
        }
    }

    /// The PostgreSQL store, if it is one.
    pub fn postgres(&self) -> Option<&PgStore> {
        match &self.held {
            Held::Postgres(pg) => Some(pg.as_ref()),
            _ => None,
        }
    }

    /// After a bulk write on a database opened directly, opens it once more (see
    /// [`SledStore::settle`]); a server's database is the server's to settle, and
    /// PostgreSQL settles its own.
    pub fn settle(self) -> anyhow::Result<()> {
        if let Held::Local(local) = self.held {
            local.settle()?;
        }
        Ok(())
    }
}

/// The database the global options name (`--db`, `JABAT_DB`, or the default directory).
pub fn db_location(cli: &Cli) -> anyhow::Result<Location> {
    match &cli.db {
        Some(at) => Ok(at.clone()),
        None => Ok(Location::Dir(
            crate::store::default_path().context("no home directory to keep the database in; use --db PATH")?,
        )),
    }
}

/// The database directory the global options name; refused, saying why, when they name
/// a PostgreSQL database (for what only a directory has: `serve`, `server`).
pub fn db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    match db_location(cli)? {
        Location::Dir(path) => Ok(path),
        Location::Postgres(url) => {
            bail!("{}", trf(Msg::NotForPostgres, &[&crate::store::postgres::without_password(&url)]))
        }
    }
}

/// Opens the database the global options name: in PostgreSQL; through the server that
/// holds a directory; or the directory directly.
pub fn open(cli: &Cli) -> anyhow::Result<Opened> {
    if cli.demo {
        let dir =
            tempfile::Builder::new().prefix("jabat-demo-").tempdir().context("cannot create a temporary directory")?;
        let store = SledStore::open(dir.path())?;
        let data = crate::interchange::generate::generate(crate::interchange::generate::Options {
            preset: Preset::City,
            employees: None,
            seed: 1,
            as_of: cli.today(),
        });
        store.replace_dataset(&data)?;
        let store = if cli.read_only { store.refusing_writes() } else { store };
        return Ok(Opened { held: Held::Local(store), _demo_dir: Some(dir) });
    }
    open_at(cli, &db_location(cli)?, open_options(cli))
}

/// How long a command waits for a process that holds a database directly (an import
/// into a database no server held, say) before saying who holds it.
const WAIT_FOR_HOLDER: std::time::Duration = std::time::Duration::from_secs(600);

/// Opens the database at `at` as `options` say: in PostgreSQL; a directory through the
/// server that holds it, starting one when none does (or waiting for the one another
/// command is starting); directly only where [`opens_directly`] says.
pub fn open_at(cli: &Cli, at: &Location, options: crate::store::OpenOptions) -> anyhow::Result<Opened> {
    let path = match at {
        Location::Postgres(url) => {
            return Ok(Opened { held: Held::Postgres(Box::new(PgStore::open(url, options)?)), _demo_dir: None });
        }
        Location::Dir(path) => path,
    };
    let remote = |remote: Box<crate::store::RemoteStore>| Opened {
        // A server killed meanwhile is followed by a new one: the next call starts it.
        held: Held::Remote(Box::new(remote.restarting())),
        _demo_dir: None,
    };
    if let Reached::Connected(server) = crate::store::RemoteStore::connect(path, options.read_only)? {
        return Ok(remote(server));
    }
    if opens_directly(cli, path, options) {
        return Ok(Opened { held: Held::Local(SledStore::open_with(path, options)?), _demo_dir: None });
    }
    let started = std::time::Instant::now();
    let mut said = false;
    loop {
        match crate::server::start::start_in_background(path) {
            Ok(()) => {
                if let Reached::Connected(server) = crate::store::RemoteStore::connect(path, options.read_only)? {
                    return Ok(remote(server));
                }
            }
            // Another process has it open directly: wait for it, saying for whom once.
            Err(crate::store::StoreError::Locked { pid, user, .. }) if started.elapsed() < WAIT_FOR_HOLDER => {
                if !said {
                    super::output::say(format!(
                        "jabat: {}",
                        trf(Msg::WaitingForHolder, &[&path.display(), &pid, &user])
                    ));
                    said = true;
                }
            }
            Err(e) => return Err(e.into()),
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Whether a command opens a database directory itself rather than through a server:
/// `--read-only` (a server would write as it opens; it reads a private copy), a path
/// with no database yet (only `init`, `import` and `generate` create one), `--no-server`,
/// and a write of the whole content (`import` but `--merge`, `generate`) when no server
/// holds the database: it is the database's alone anyway, and commands that come
/// meanwhile wait for it.
fn opens_directly(cli: &Cli, path: &Path, options: crate::store::OpenOptions) -> bool {
    options.read_only
        || !SledStore::exists(path)
        || cli.no_server
        || cli.command.as_ref().is_some_and(Command::replaces_content)
}

/// How the command opens its database: creating it when it may, read-only when asked.
pub(super) fn open_options(cli: &Cli) -> crate::store::OpenOptions {
    crate::store::OpenOptions { create: cli.command.as_ref().is_some_and(Command::creates), read_only: cli.read_only }
}

/// Opens the database at `path` directly (what `serve` does).
pub fn open_local(cli: &Cli, path: &Path) -> anyhow::Result<SledStore> {
    Ok(SledStore::open_with(path, open_options(cli))?)
}
