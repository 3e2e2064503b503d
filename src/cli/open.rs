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

/// Opens the database at `at` as `options` say: in PostgreSQL; through the server that
/// holds a directory; or the directory directly.
pub fn open_at(cli: &Cli, at: &Location, options: crate::store::OpenOptions) -> anyhow::Result<Opened> {
    let path = match at {
        Location::Postgres(url) => {
            return Ok(Opened { held: Held::Postgres(Box::new(PgStore::open(url, options)?)), _demo_dir: None });
        }
        Location::Dir(path) => path,
    };
    let socket = crate::server::serve::socket_path(path);
    if let Reached::Connected(remote) = crate::store::RemoteStore::connect(&socket, options.read_only)? {
        // The interface keeps going when the server goes away: it starts a new one.
        let remote = if cli.command.is_none() { Box::new(remote.restarting(path)) } else { remote };
        return Ok(Opened { held: Held::Remote(remote), _demo_dir: None });
    }
    Ok(Opened { held: Held::Local(SledStore::open_with(path, options)?), _demo_dir: None })
}

/// How the command opens its database: creating it when it may, read-only when asked.
pub(super) fn open_options(cli: &Cli) -> crate::store::OpenOptions {
    crate::store::OpenOptions { create: cli.command.as_ref().is_some_and(Command::creates), read_only: cli.read_only }
}

/// Opens the database at `path` directly (what `serve` does, and every command when
/// no server holds it).
pub fn open_local(cli: &Cli, path: &Path) -> anyhow::Result<SledStore> {
    Ok(SledStore::open_with(path, open_options(cli))?)
}
