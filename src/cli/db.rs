//! `jabat db migrate|rebuild|grant|revoke|roles` and `jabat copy`: the database
//! itself, as its administrator looks after it and moves it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

use super::output::{Listing, Style};
use super::{Cli, DbAction, Outcome, db_location, open_options};
use crate::i18n::{Msg, tr, trf};
use crate::store::remote::Reached;
use crate::store::{Location, PgStore, RemoteStore, SledStore, Store, Whole};

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

/// `jabat copy`: a whole database into a new or empty one, between a directory and
/// PostgreSQL in either direction. The target is written all or not at all: PostgreSQL
/// in one transaction; a directory beside the target, moved into place once complete.
pub fn copy(
    cli: &Cli,
    from: Option<&Location>,
    to: &Location,
    replace: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let reading = crate::store::OpenOptions { create: false, read_only: true };
    let source = match from {
        Some(at) => super::open_at(cli, at, reading)?,
        None if cli.demo => super::open(cli)?,
        None => super::open_at(cli, &db_location(cli)?, reading)?,
    };
    if !cli.demo && from.cloned().map_or_else(|| db_location(cli).ok(), Some).as_ref() == Some(to) {
        bail!("{}", tr(Msg::CopySame));
    }
    let shown = !cli.quiet;
    let whole = super::progress::busy(shown, tr(Msg::ProgressReading), || Whole::read(source.store()))?;
    drop(source);
    let target = match to {
        Location::Postgres(url) => {
            let (target, _) = PgStore::open_migrating(url)?;
            if !replace && !holds_nothing(&target)? {
                bail!("{}", trf(Msg::CopyTargetNotEmpty, &[&target.location()]));
            }
            super::progress::busy(shown, tr(Msg::ProgressWriting), || target.restore(&whole))?;
            target.location()
        }
        Location::Dir(path) => {
            if SledStore::exists(path) && !replace {
                bail!("{}", trf(Msg::CopyTargetNotEmpty, &[&path.display()]));
            }
            super::progress::busy(shown, tr(Msg::ProgressWriting), || copy_into_dir(&whole, path))?;
            path.display().to_string()
        }
    };
    let (data, journal) = (&whole.data, whole.journal.len());
    let counts = [data.units.len(), data.positions.len(), data.employees.len(), journal, whole.reviews.len()];
    writeln!(
        out,
        "{}",
        trf(Msg::CopyDone, &[&target, &counts[0], &counts[1], &counts[2], &counts[3], &counts[4], &whole.drafts.len()])
    )?;
    Ok(Outcome::Done)
}

/// Whether a database holds nothing a copy would write over.
fn holds_nothing(store: &dyn Store) -> anyhow::Result<bool> {
    Ok(store.stats()?.units == 0
        && store.journal_head()? == 0
        && store.reviews()?.is_empty()
        && store.drafts()?.is_empty())
}

/// Writes `whole` into a new directory beside `path` and moves it into place (over the
/// database there, with --replace): a copy stopped half-way leaves `path` as it was.
fn copy_into_dir(whole: &Whole, path: &Path) -> anyhow::Result<()> {
    if let Reached::Connected(_) = RemoteStore::connect(path, true)? {
        bail!("{}", tr(Msg::CopyNotIntoServed));
    }
    let name = path.file_name().map_or_else(|| "db".into(), |n| n.to_string_lossy().into_owned());
    let sibling = |what: &str| path.with_file_name(format!(".{name}.{what}-{}", std::process::id()));
    let partial = sibling("copying");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let written = (|| -> anyhow::Result<()> {
        let store = SledStore::open_with(&partial, crate::store::OpenOptions::CREATE)?;
        store.restore(whole)?;
        store.settle()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(e);
    }
    let old = sibling("replaced");
    let had = path.exists();
    if had {
        std::fs::rename(path, &old).with_context(|| format!("cannot move {} aside", path.display()))?;
    }
    if let Err(e) = std::fs::rename(&partial, path) {
        // Put back what was there.
        if had {
            let _ = std::fs::rename(&old, path);
        }
        let _ = std::fs::remove_dir_all(&partial);
        return Err(anyhow::Error::new(e).context(format!("cannot move the copy to {}", path.display())));
    }
    if had {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
