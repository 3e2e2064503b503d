//! Where a database is: what `--db` names.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{OpenOptions, PgStore, SledStore, Store, StoreResult, postgres};

/// A database as `--db` names it: a directory (sled, shared through a jabat server),
/// or a PostgreSQL URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    /// A database directory.
    Dir(PathBuf),
    /// A database in PostgreSQL: `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Location, Self::Err> {
        Ok(if postgres::is_url(text) { Location::Postgres(text.to_string()) } else { Location::Dir(text.into()) })
    }
}

impl Location {
    /// Opens the database itself, asking no server (for tools and benchmarks; the faces
    /// open through `cli::open_at`, which tries a directory's server first).
    pub fn open_directly(&self, options: OpenOptions) -> StoreResult<Box<dyn Store>> {
        Ok(match self {
            Location::Dir(path) => Box::new(SledStore::open_with(path, options)?),
            Location::Postgres(url) => Box::new(PgStore::open(url, options)?),
        })
    }

    /// The directory, when it is one.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Location::Dir(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }
}

impl std::fmt::Display for Location {
    /// For messages: the path, or the URL without its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Dir(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&postgres::without_password(url)),
        }
    }
}
