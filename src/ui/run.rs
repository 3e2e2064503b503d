//! The terminal loop: enter the alternate screen, draw, read events, turn them into
//! actions, and restore the terminal on quit, on error and on panic.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
};
use ratatui::crossterm::execute;

use super::session::Session;
use super::theme::Theme;
use super::worker::Worker;
use crate::app::keymap::Keymap;
use crate::app::question::ViewState;
use crate::app::{Action, App};
use crate::store::Store;

/// How the interface starts.
#[derive(Clone, Debug)]
pub struct Options {
    /// Capture the mouse (click, wheel). Off keeps the terminal's text selection.
    pub mouse: bool,
    /// Disable every change.
    pub read_only: bool,
    /// The rules in force.
    pub rules: crate::rules::RuleSet,
    /// The day ages, retirements and the rules are evaluated as of.
    pub today: crate::model::Date,
    /// What printed documents say of who made them.
    pub documents: crate::config::Documents,
}

/// Where the log goes: `jabat.log` in the state directory (`~/.local/state/jabat`).
pub fn log_path() -> PathBuf {
    let dirs = directories::ProjectDirs::from("", "", "jabat");
    let dir =
        dirs.as_ref().map(|d| d.state_dir().unwrap_or(d.data_dir()).to_path_buf()).unwrap_or_else(std::env::temp_dir);
    dir.join("jabat.log")
}

fn start_logging() -> Option<PathBuf> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let path = log_path();
    // The log names people and positions: owner only, whatever the umask.
    let dir = path.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    let file = std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(&path).ok()?;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    let subscriber = tracing_subscriber::fmt().with_writer(std::sync::Mutex::new(file)).with_ansi(false).finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}

/// The keymap: the default, with the user's `keys.toml` on top when there is one.
pub fn load_keymap() -> anyhow::Result<Keymap> {
    let Some(dir) = crate::config::dir() else { return Ok(Keymap::default_keymap()) };
    let path = dir.join("keys.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => Keymap::with_overrides(&text, &path.display().to_string()).map_err(anyhow::Error::msg),
        Err(_) => Ok(Keymap::default_keymap()),
    }
}

/// Undoes bracketed paste however the loop ends.
struct BracketedPaste(bool);

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        if self.0 {
            let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        }
    }
}

/// Undoes mouse capture however the loop ends.
struct MouseCapture(bool);

impl Drop for MouseCapture {
    fn drop(&mut self) {
        if self.0 {
            let _ = execute!(std::io::stdout(), DisableMouseCapture);
        }
    }
}

/// Runs the interface until the user quits.
pub fn run(store: &dyn Store, options: Options) -> anyhow::Result<()> {
    // Everything that can fail for a reason the user must read happens before the
    // screen is taken over.
    let keymap = load_keymap()?;
    let mut session = Session::new(store);
    session.documents = options.documents.clone();
    let mut app = session.open(keymap, options.rules, options.read_only)?;
    app.today = options.today;
    let log = start_logging();
    tracing::info!("jabat started on {}", store.location());
    let previous = std::panic::take_hook();
    let log_for_panic = log.clone();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        tracing::error!("panic: {info}");
        if let Some(p) = &log_for_panic {
            let _ = writeln!(std::io::stderr(), "jabat stopped on an internal error; the log is {}", p.display());
        }
    }));
    // SIGTERM, SIGHUP (the SSH connection dropped), SIGINT and SIGQUIT (Ctrl-\) end the
    // loop like `q`, so the terminal is restored and the database closed; a second
    // SIGTERM, SIGINT or SIGQUIT ends the process at once (a hangup often comes twice,
    // from the terminal and from the shell, and must not cut the closing short).
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT, SIGQUIT] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop))?;
    }
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // ratatui::init wraps the hook above with one that restores the terminal first.
    let mut terminal = ratatui::init();
    let mouse = MouseCapture(options.mouse && execute!(std::io::stdout(), EnableMouseCapture).is_ok());
    // Pasted text arrives as one event, not as thousands of keys.
    let paste = BracketedPaste(execute!(std::io::stdout(), EnableBracketedPaste).is_ok());
    let result = std::thread::scope(|scope| {
        let worker = Worker::start(scope, store, app.rules.clone(), app.today);
        event_loop(&mut terminal, &mut app, &mut session, &worker, (&stop, mouse.0))
    });
    drop(paste);
    drop(mouse);
    // After a hangup the terminal is gone: restoring it fails, and nothing may be
    // printed about that (printing to a closed terminal would end the process before
    // the database is closed). Failures go to the log.
    let restored = ratatui::try_restore().and_then(|()| terminal.show_cursor());
    if let Err(e) = restored {
        tracing::warn!("the terminal could not be restored: {e}");
        // Its drop would try (and print) again.
        std::mem::forget(terminal);
    }
    if stop.load(Ordering::Relaxed) {
        tracing::info!("stopped by a signal");
        if let Err(e) = &result {
            tracing::warn!("on stopping: {e:#}");
        }
        return Ok(());
    }
    if let Err(e) = &result {
        tracing::error!("{e:#}");
    }
    result
}

fn event_loop<'s>(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    session: &mut Session<'s>,
    worker: &Worker<'s>,
    (stop, mouse): (&AtomicBool, bool),
) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    let size = terminal.size()?;
    session.dispatch(app, Action::Resize(size.width, size.height));
    let input = terminal_input();
    let events = &input.events;
    let mut draw = true;
    loop {
        if let Some(job) = app.jobs.out.take() {
            worker.ask(job, session.draft_view());
        }
        while let Some(answer) = worker.answer() {
            session.dispatch(app, Action::Computed(answer));
            draw = true;
        }
        if stop.load(Ordering::Relaxed) || app.quit {
            return Ok(());
        }
        if draw {
            terminal.draw(|frame| super::draw(frame, app, theme))?;
        }
        // While the worker computes, wake up to show its progress and take its
        // answer; otherwise wake up now and then only to see whether a signal asked
        // to stop.
        let waiting = matches!(app.views.state, ViewState::Waiting(..)) || app.problems.job.is_some();
        let tick = Duration::from_millis(if waiting { 80 } else { 250 });
        let first = match events.recv_timeout(tick) {
            Ok(ev) => ev,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Idle: show what others committed meanwhile.
                draw = session.watch(app, std::time::Instant::now()) || waiting;
                continue;
            }
            // The terminal has gone (the SSH connection dropped): stop as on `q`.
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Handle everything already waiting before drawing again, so that a burst of
        // keys over a slow link costs one frame (and one search), not one per key.
        let mut next = Some(first);
        while let Some(ev) = next.take() {
            let action = match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => app.action_for_key(k),
                Event::Mouse(m) => app.action_for_mouse(m),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                Event::Paste(text) => Some(Action::Paste(text)),
                _ => None,
            };
            if let Some(a) = action {
                session.dispatch(app, a);
            }
            if let Some(text) = app.clipboard.take() {
                copy_to_clipboard(terminal, &text)?;
            }
            if let Some(edit) = app.external_edit.take() {
                edit_anjab(terminal, app, session, &input, mouse, edit)?;
            }
            if let Some(key) = app.deferred.take()
                && let Some(a) = app.action_for_key(key)
            {
                session.dispatch(app, a);
            }
            if app.quit {
                break;
            }
            next = events.try_recv().ok();
        }
        session.dispatch(app, Action::Idle);
        draw = true;
    }
}

/// Puts `text` on the user's clipboard through the terminal (OSC 52), which works over
/// SSH and, in tmux, with `set -g set-clipboard on`.
fn copy_to_clipboard(terminal: &mut ratatui::DefaultTerminal, text: &str) -> anyhow::Result<()> {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let backend = terminal.backend_mut();
    write!(backend, "\x1b]52;c;{encoded}\x07")?;
    backend.flush()?;
    Ok(())
}

/// The terminal's events, read on a thread of their own: the loop waits on them with
/// a timeout, so it sees a stop signal even when reading hangs or spins on a terminal
/// that has gone. The channel closes when reading fails. Reading pauses while another
/// program (the user's editor) has the terminal.
struct Input {
    events: mpsc::Receiver<Event>,
    /// Asked to stop reading.
    paused: Arc<AtomicBool>,
    /// Not reading (paused, and out of its last wait).
    idle: Arc<AtomicBool>,
}

impl Input {
    /// Stops reading, and waits until the reading thread is out of its wait (so that it
    /// takes no key meant for the other program).
    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let until = std::time::Instant::now() + Duration::from_millis(500);
        while !self.idle.load(Ordering::SeqCst) && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

fn terminal_input() -> Input {
    let (tx, rx) = mpsc::channel();
    let (paused, idle) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
    let (p, i) = (Arc::clone(&paused), Arc::clone(&idle));
    let spawned = std::thread::Builder::new().name("terminal input".into()).spawn(move || {
        loop {
            if p.load(Ordering::SeqCst) {
                i.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            i.store(false, Ordering::SeqCst);
            // A short wait, so that a pause is seen soon; an event is read at once.
            match event::poll(Duration::from_millis(50)) {
                Ok(false) => {}
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(ev).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Err(_) => return,
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!("cannot start reading the terminal: {e}");
    }
    Input { events: rx, paused, idle }
}

/// Hands the terminal to the user's editor (`$VISUAL`, `$EDITOR`, else `vi`) on a
/// position's anjab in its text form, takes it back, and answers with what was written:
/// an unchanged or unreadable text changes nothing and says so.
fn edit_anjab(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    session: &mut Session<'_>,
    input: &Input,
    mouse: bool,
    edit: crate::app::ExternalEdit,
) -> anyhow::Result<()> {
    use crate::app::effect::Done;
    use crate::i18n::{Msg, tr, trf};
    let say = |app: &mut App, session: &mut Session<'_>, text: String| {
        session.dispatch(app, Action::Done(Box::new(Done::Notice(text))));
    };
    let store = session.shown();
    let Some(position) = store.position_by_code(&edit.code)? else { return Ok(()) };
    let before = store.anjab(position.id)?.unwrap_or_default();
    let tasks = store.tasks(position.id)?;
    let names: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
    let heading = format!("{} — {} ({})\n{}", tr(Msg::AnjabHeading), edit.name, edit.code, tr(Msg::AnjabEditHelp));
    let factors = crate::model::factors_of(position.spec.kind);
    let text = crate::model::anjab_to_text(&before, &names, factors, &heading);
    // Private to its user (tempfile makes it 0600), removed when dropped.
    let mut file = tempfile::Builder::new().prefix("jabat-anjab-").suffix(".txt").tempfile()?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    input.pause();
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    // As git runs it: through the shell, so that an editor with its options works.
    let ran =
        std::process::Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(file.path()).status();
    let _ = ratatui::crossterm::terminal::enable_raw_mode();
    let _ = execute!(std::io::stdout(), ratatui::crossterm::terminal::EnterAlternateScreen, EnableBracketedPaste);
    if mouse {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
    }
    terminal.clear()?;
    input.resume();
    let failed = match ran {
        Ok(status) if status.success() => None,
        Ok(status) => Some(status.to_string()),
        Err(e) => Some(e.to_string()),
    };
    if let Some(why) = failed {
        say(app, session, trf(Msg::AnjabEditorFailed, &[&editor, &why]));
        return Ok(());
    }
    let after = std::fs::read_to_string(file.path())?;
    match crate::model::anjab_from_text(&after) {
        Err((line, why)) => say(app, session, trf(Msg::AnjabNotRead, &[&line, &why])),
        Ok(anjab) if anjab == before => say(app, session, tr(Msg::AnjabUnchanged).into()),
        Ok(anjab) => {
            let anjab = (!anjab.is_empty()).then_some(anjab);
            session.dispatch(app, Action::AnjabEdited { code: edit.code, anjab });
        }
    }
    Ok(())
}
