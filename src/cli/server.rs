//! `jabat serve` and `jabat server status|stop`: the process that shares a database,
//! and what its users ask of it.

use std::io::Write;

use anyhow::bail;

use super::output::{Cell, Format, Listing, Style};
use super::{Cli, Outcome, ServerAction, db_path, open_local};
use crate::i18n::{Msg, tr, trf};
use crate::server::serve::{self, socket_path};
use crate::store::remote::Reached;
use crate::store::{RemoteStore, Store};

/// `jabat serve`: serves the database in the foreground until stopped.
pub fn serve(cli: &Cli, idle_exit: u64, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if cli.demo {
        bail!("{}", tr(Msg::ServeNeedsDb));
    }
    let path = db_path(cli)?;
    if let Reached::Connected(remote) = RemoteStore::connect(&socket_path(&path), true)? {
        let status = remote.status()?;
        bail!("{}", trf(Msg::AlreadyServed, &[&path.display(), &status.pid, &status.owner]));
    }
    let store = open_local(cli, &path)?;
    // The server's log is its standard error (the journal, under systemd): who was
    // refused, who sent what could not be read.
    let log = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_target(false).finish();
    let _ = tracing::subscriber::set_global_default(log);
    let options = serve::Options { idle_exit: (idle_exit > 0).then(|| std::time::Duration::from_secs(idle_exit)) };
    serve::serve(Box::new(store), &path, options, |socket| {
        eprintln!("jabat: {}", trf(Msg::Serving, &[&path.display(), &socket.display()]));
    })?;
    out.flush()?;
    Ok(Outcome::Done)
}

/// How long a server the interface started waits after its last client has gone.
pub const BACKGROUND_IDLE_EXIT: u64 = 120;

/// Starts a server for the database in the background when none holds it (what the
/// interface does before opening it), and waits until it listens. Best effort: when
/// none can be started, the interface opens the database itself, and what stopped the
/// server (a database in use, say) is what opening it says. The server logs to
/// `<db>/server.log`.
pub fn start_in_background(cli: &Cli) {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::process::CommandExt;
    let Ok(path) = db_path(cli) else { return };
    let socket = socket_path(&path);
    if !crate::store::SledStore::exists(&path) || std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let log = std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path.join("server.log"));
    let mut command = std::process::Command::new(exe);
    command
        .arg("--db")
        .arg(&path)
        .args(["serve", "--idle-exit", &BACKGROUND_IDLE_EXIT.to_string()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        // Its own process group: Ctrl-C in this terminal, or the terminal closing,
        // does not reach it; it stops once idle.
        .process_group(0);
    if let Ok(log) = log {
        command.stderr(log);
    } else {
        command.stderr(std::process::Stdio::null());
    }
    let Ok(mut child) = command.spawn() else { return };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if std::os::unix::net::UnixStream::connect(&socket).is_ok() {
            tracing::info!("started a server for {} (pid {})", path.display(), child.id());
            // The server outlives this process (init reaps it then).
            drop(child);
            return;
        }
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `jabat server status|stop`.
pub fn server(cli: &Cli, action: &ServerAction, out: &mut dyn Write, style: &Style) -> anyhow::Result<Outcome> {
    let path = db_path(cli)?;
    let Reached::Connected(remote) = RemoteStore::connect(&socket_path(&path), cli.read_only)? else {
        eprintln!("jabat: {}", trf(Msg::NoServer, &[&path.display()]));
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
            eprintln!("jabat: {}", trf(Msg::ServerStopping, &[&path.display()]));
            Ok(Outcome::Done)
        }
    }
}
