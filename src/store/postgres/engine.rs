//! Reaching the engine: what a URL says (and never its password), the password libpq
//! would use, the first round trip of a connection, the version of jabat's tables, and
//! the engine's errors in jabat's words.

use super::{APPLICATION, SCHEMA};
use crate::i18n::{Msg, tr, trf};
use crate::store::{StoreError, StoreResult};

pub(super) mod embedded {
    refinery::embed_migrations!("src/store/postgres/migrations");
}

/// The parsed URL, with jabat's application name and the password from the
/// environment, and how messages name it.
pub(super) fn configure(url: &str) -> StoreResult<(postgres::Config, String)> {
    let mut config: postgres::Config =
        url.parse().map_err(|e| StoreError::Database(trf(Msg::PgBadUrl, &[&without_password(url), &deepest(&e)])))?;
    if config.get_application_name().is_none() {
        // How `others()` tells jabat's sessions from an agency's other programs.
        config.application_name(APPLICATION);
    }
    password_from_environment(&mut config);
    let what = describe(&config);
    // Connections are made without TLS; asked for it, say so rather than let the
    // driver blame the server.
    if config.get_ssl_mode() == postgres::config::SslMode::Require {
        return Err(StoreError::Database(trf(Msg::PgNoTls, &[&what])));
    }
    Ok((config, what))
}

/// Whether `text` names a PostgreSQL database (`postgres://…`, `postgresql://…`).
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// A URL as messages show it: any password left out (`user:secret@` → `user@`,
/// `password=secret` → `password=…`).
pub fn without_password(url: &str) -> String {
    let (head, query) = url.split_once('?').map_or((url, None), |(h, q)| (h, Some(q)));
    let mut out = match head.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((user, host)) if user.contains(':') => {
                format!("{scheme}://{}@{host}", user.split_once(':').map_or(user, |(u, _)| u))
            }
            _ => head.to_string(),
        },
        None => head.to_string(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| if pair.starts_with("password=") { "password=…".to_string() } else { pair.to_string() })
            .collect();
        out = format!("{out}?{}", pairs.join("&"));
    }
    out
}

/// What a connection string says, for messages: host (or socket), database, user;
/// never the password.
fn describe(config: &postgres::Config) -> String {
    use postgres::config::Host;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().map_or(String::new(), |p| format!(":{p}"));
    let user = config.get_user().map_or_else(crate::identity::current_user, str::to_string);
    trf(Msg::PgWhere, &[&config.get_dbname().unwrap_or(&user), &format!("{host}{port}"), &user])
}

/// The password libpq would use when the URL gives none, so that it need not be typed
/// into a URL (and shell history): `PGPASSWORD`, else the first line of `PGPASSFILE`
/// (default `~/.pgpass`) matching host, port, database and user. As libpq does, a file
/// that others may read is not used.
fn password_from_environment(config: &mut postgres::Config) {
    use postgres::config::Host;
    use std::os::unix::fs::PermissionsExt;
    if config.get_password().is_some() {
        return;
    }
    if let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty()) {
        config.password(password.as_encoded_bytes());
        return;
    }
    let Some(file) = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".pgpass")))
    else {
        return;
    };
    let private = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0);
    let Some(text) = private.then(|| std::fs::read_to_string(&file).ok()).flatten() else {
        return;
    };
    // A socket counts as localhost, as in libpq.
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let user = config.get_user().map_or_else(crate::identity::current_user, str::to_string);
    let database = config.get_dbname().unwrap_or(&user).to_string();
    if let Some(password) = pgpass_password(&text, [&host, &port, &database, &user]) {
        config.password(password);
    }
}

/// The password of the first line of a pgpass file whose four fields (host, port,
/// database, user; `*` for any) match `wanted`; `\:` and `\\` are a colon and a backslash.
fn pgpass_password(text: &str, wanted: [&str; 4]) -> Option<String> {
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = vec![String::new()];
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => fields.last_mut()?.extend(chars.next()),
                ':' if fields.len() < 5 => fields.push(String::new()),
                c => fields.last_mut()?.push(c),
            }
        }
        if fields.len() == 5 && fields.iter().zip(wanted).all(|(field, want)| field == "*" || field == want) {
            return fields.pop();
        }
    }
    None
}

/// A connection that failed, in one line: where, and what to do.
pub(super) fn connect_error(what: &str, e: postgres::Error) -> StoreError {
    let why = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => match deepest(&e).downcast_ref::<std::io::Error>().map(std::io::Error::kind) {
            Some(std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) => {
                tr(Msg::PgNotListening).into()
            }
            Some(std::io::ErrorKind::TimedOut) => tr(Msg::PgNoAnswer).into(),
            _ => deepest(&e).to_string(),
        },
    };
    StoreError::Database(trf(Msg::PgCannotConnect, &[&what, &why]))
}

/// The innermost cause of an error: what actually went wrong.
fn deepest<'e>(e: &'e (dyn std::error::Error + 'static)) -> &'e (dyn std::error::Error + 'static) {
    let mut inner = e;
    while let Some(source) = inner.source() {
        inner = source;
    }
    inner
}

/// An error of the engine, as the store says it.
fn db_error(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) if db.code() == &postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => {
            StoreError::Database(trf(Msg::PgRefused, &[&db.message()]))
        }
        Some(db) => StoreError::Database(trf(Msg::PgSays, &[&db.message()])),
        None if e.is_closed() => StoreError::Database(tr(Msg::PgClosed).into()),
        None => StoreError::Database(trf(Msg::PgSays, &[&e])),
    }
}

#[cfg(test)]
mod pgpass_tests {
    #[test]
    fn a_pgpass_line_matches_field_by_field_with_wildcards_and_escapes() {
        let text = "# comment\nother:5432:*:siti:no\nlocalhost:5432:jabat:siti:pa\\:ss\\\\w\n*:*:*:*:any\n";
        let find = |w: [&str; 4]| super::pgpass_password(text, w);
        assert_eq!(find(["localhost", "5432", "jabat", "siti"]).as_deref(), Some("pa:ss\\w"));
        assert_eq!(find(["db.example", "5433", "x", "budi"]).as_deref(), Some("any"));
        assert_eq!(super::pgpass_password("localhost:5432:jabat:siti\n", ["localhost", "5432", "jabat", "siti"]), None);
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        db_error(e)
    }
}

pub(super) enum SchemaState {
    Missing,
    Current,
    Older(u32),
    Newer(u32),
}

impl SchemaState {
    fn of(found: u32) -> SchemaState {
        let latest = latest_version();
        if found == latest {
            SchemaState::Current
        } else if found > latest {
            SchemaState::Newer(found)
        } else if found == 0 {
            SchemaState::Missing
        } else {
            SchemaState::Older(found)
        }
    }
}

/// Sets the search path on a new connection and asks, in one round trip, for the
/// `session_user` and the version of jabat's tables.
pub(super) fn introduce(client: &mut postgres::Client) -> StoreResult<(String, SchemaState)> {
    use postgres::SimpleQueryMessage::Row;
    let asked = client.simple_query(&format!(
        "SET search_path TO {SCHEMA}; SELECT session_user::text, max(version)::text FROM refinery_schema_history"
    ));
    match asked {
        Ok(messages) => {
            let Some(row) = messages.iter().find_map(|m| if let Row(row) = m { Some(row) } else { None }) else {
                return Err(StoreError::Database(trf(Msg::PgSays, &[&"no answer to SELECT session_user"])));
            };
            let user = row.get(0).unwrap_or_default().to_string();
            let found = row.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
            Ok((user, SchemaState::of(found)))
        }
        // No tables yet (the statements were one implicit transaction, so the search
        // path is set again).
        Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => {
            client.batch_execute(&format!("SET search_path TO {SCHEMA}")).map_err(db_error)?;
            let user: String = client.query_one("SELECT session_user::text", &[]).map_err(db_error)?.get(0);
            Ok((user, SchemaState::Missing))
        }
        Err(e) => Err(db_error(e)),
    }
}

/// The version of jabat's tables this build writes: the last file in `migrations/`.
/// A constant, checked against the migrations by a test, because asking the migration
/// crate compiles regular expressions, a millisecond every `jabat show` would pay.
const LATEST_VERSION: u32 = 8;

/// The version of jabat's tables this build writes.
pub fn latest_version() -> u32 {
    LATEST_VERSION
}

#[cfg(test)]
mod version_tests {
    #[test]
    fn the_latest_version_is_the_last_migration() {
        let last = super::embedded::migrations::runner().get_migrations().iter().map(|m| m.version()).max();
        assert_eq!(last, Some(super::LATEST_VERSION), "set LATEST_VERSION to the last migration's version");
    }
}
