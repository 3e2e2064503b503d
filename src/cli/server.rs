//! `jabat serve` and `jabat server status|stop`: the process that shares a database,
//! and what its users ask of it.

use std::io::Write;

use anyhow::bail;

use super::output::{Cell, Format, Listing, Style};
use super::{Cli, Outcome, ServerAction, db_path, open_local};
use crate::i18n::{Msg, tr, trf};
use crate::server::serve;
use crate::store::remote::Reached;
use crate::store::{RemoteStore, Store};

/// `jabat serve`: serves the database in the foreground until stopped.
pub fn serve(cli: &Cli, idle_exit: u64, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if cli.demo {
        bail!("{}", tr(Msg::ServeNeedsDb));
    }
    let path = db_path(cli)?;
    if let Reached::Connected(remote) = RemoteStore::connect(&path, true)? {
        let status = remote.status()?;
        bail!("{}", trf(Msg::AlreadyServed, &[&path.display(), &status.pid, &status.owner]));
    }
    let store = open_local(cli, &path)?;
    // The server's log is its standard error (the journal, under systemd): who was
    // refused, who sent what could not be read.
    let log = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_target(false).finish();
    let _ = tracing::subscriber::set_global_default(log);
    let options = serve::Options {
        idle_exit: (idle_exit > 0).then(|| std::time::Duration::from_secs(idle_exit)),
        analyst: Some(super::analysis::answer),
    };
    serve::serve(Box::new(store), &path, options, |socket| {
        super::output::say(format!("jabat: {}", trf(Msg::Serving, &[&path.display(), &socket.display()])));
    })?;
    out.flush()?;
    Ok(Outcome::Done)
}

/// `jabat server status|stop`.
pub fn server(cli: &Cli, action: &ServerAction, out: &mut dyn Write, style: &Style) -> anyhow::Result<Outcome> {
    let path = db_path(cli)?;
    let Reached::Connected(remote) = RemoteStore::connect(&path, cli.read_only)? else {
        super::output::say(format!("jabat: {}", trf(Msg::NoServer, &[&path.display()])));
        return Ok(Outcome::NothingFound);
    };
    match action {
        ServerAction::Status { format } => {
            let status = remote.status()?;
            if *format == Format::Table {
                let since = crate::model::Stamp { user: String::new(), at: status.since }.local_time();
                writeln!(
                    out,
                    "{}",
                    style.line(&trf(Msg::ServedBy, &[&remote.location(), &status.pid, &status.owner, &since]))
                )?;
            }
            let mut listing = Listing::new(&[
                ("user", tr(Msg::User), false),
                ("role", tr(Msg::Role), false),
                ("pid", tr(Msg::ProcessId), false),
                ("since", tr(Msg::ConnectedSince), false),
            ]);
            for c in &status.clients {
                listing.push(vec![
                    c.user.clone().into(),
                    c.role.as_str().to_string().into(),
                    Cell::Int(i64::from(c.pid)),
                    Cell::Time(c.since),
                ]);
            }
            listing.write(out, *format, style)?;
            Ok(Outcome::Done)
        }
        ServerAction::Stop => {
            remote.stop()?;
            super::output::say(format!("jabat: {}", trf(Msg::ServerStopping, &[&path.display()])));
            Ok(Outcome::Done)
        }
    }
}
