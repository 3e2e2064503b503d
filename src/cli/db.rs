//! `jabat db migrate|rebuild|grant|revoke|roles`: the database itself, as its
//! administrator looks after it.

use std::io::Write;

use anyhow::bail;

use super::output::{Listing, Style};
use super::{Cli, DbAction, Outcome, db_location, open_options};
use crate::i18n::{Msg, tr, trf};
use crate::store::{Location, PgStore, SledStore};

/// Runs `jabat db …`.
pub fn run(cli: &Cli, action: &DbAction, out: &mut dyn Write, style: &Style) -> anyhow::Result<Outcome> {
    if cli.demo {
        bail!("{}", tr(Msg::ServeNeedsDb));
    }
    let url = match (db_location(cli)?, action) {
        (Location::Postgres(url), _) => url,
        (Location::Dir(path), DbAction::Migrate) => {
            // Opening a directory for writing brings it up to date.
            drop(SledStore::open_with(&path, open_options(cli))?);
            writeln!(out, "{}", trf(Msg::DbDirCurrent, &[&path.display(), &crate::store::SCHEMA_VERSION]))?;
            return Ok(Outcome::Done);
        }
        (Location::Dir(_), _) => {
            let name = cli.command.as_ref().map(super::Command::name).unwrap_or_default();
            bail!("{}", trf(Msg::DbOnlyPostgres, &[&name]))
        }
    };
    match action {
        DbAction::Migrate => {
            let (store, found) = PgStore::open_migrating(&url)?;
            let now = store.schema_version()?;
            let said = match found {
                0 => trf(Msg::DbTablesMade, &[&crate::store::Store::location(&store), &now]),
                f if f == now => trf(Msg::DbTablesCurrent, &[&crate::store::Store::location(&store), &now]),
                f => trf(Msg::DbTablesMigrated, &[&crate::store::Store::location(&store), &f, &now]),
            };
            writeln!(out, "{said}")?;
        }
        DbAction::Rebuild => {
            let store = PgStore::open(&url, open_options(cli))?;
            super::progress::busy(!cli.quiet, tr(Msg::ProgressWriting), || store.rebuild())?;
            writeln!(out, "{}", trf(Msg::DbRebuilt, &[&crate::store::Store::location(&store)]))?;
        }
        DbAction::Grant { user, role } => {
            let store = PgStore::open(&url, open_options(cli))?;
            let granted = store.grant(user, (*role).into())?;
            let role = crate::store::postgres::DbRole::from(*role).as_str();
            writeln!(out, "{}", trf(Msg::DbGranted, &[user, &role, &granted.group]))?;
            if !granted.left.is_empty() {
                writeln!(out, "{}", trf(Msg::DbLeft, &[user, &granted.left.join(", ")]))?;
            }
            if granted.created {
                writeln!(out, "{}", trf(Msg::DbNewLogin, &[user]))?;
            }
        }
        DbAction::Revoke { user } => {
            let store = PgStore::open(&url, open_options(cli))?;
            let left = store.revoke(user)?;
            if left.is_empty() {
                writeln!(out, "{}", trf(Msg::DbHadNoRole, &[user]))?;
                return Ok(Outcome::NothingFound);
            }
            writeln!(out, "{}", trf(Msg::DbLeft, &[user, &left.join(", ")]))?;
        }
        DbAction::Roles { format } => {
            let store = PgStore::open(&url, open_options(cli))?;
            let members = store.members()?;
            let mut listing = Listing::new(&[("user", tr(Msg::User), false), ("role", tr(Msg::Role), false)]);
            for (user, role) in &members {
                listing.push(vec![user.clone().into(), role.as_str().to_string().into()]);
            }
            listing.write(out, *format, style)?;
            if members.is_empty() {
                return Ok(Outcome::NothingFound);
            }
        }
    }
    Ok(Outcome::Done)
}
