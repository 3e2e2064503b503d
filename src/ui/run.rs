//! The terminal loop: enter the alternate screen, draw, read events, turn them into
//! actions, and restore the terminal on quit, on error and on panic.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use ratatui::crossterm::execute;

use super::theme::Theme;
use super::worker::Worker;
use crate::app::analysis::ViewState;
use crate::app::keymap::Keymap;
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
}

/// Where the log goes: `jabat.log` in the state directory (`~/.local/state/jabat`).
pub fn log_path() -> PathBuf {
    let dirs = directories::ProjectDirs::from("", "", "jabat");
    let dir =
        dirs.as_ref().map(|d| d.state_dir().unwrap_or(d.data_dir()).to_path_buf()).unwrap_or_else(std::env::temp_dir);
    dir.join("jabat.log")
}

fn start_logging() -> Option<PathBuf> {
    let path = log_path();
    std::fs::create_dir_all(path.parent()?).ok()?;
    let file = std::fs::OpenOptions::new().create(true).append(true).open(&path).ok()?;
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
pub fn run(store: &(dyn Store + Sync), options: Options) -> anyhow::Result<()> {
    // Everything that can fail for a reason the user must read happens before the
    // screen is taken over.
    let keymap = load_keymap()?;
    let mut app = App::new(store, keymap, options.rules, options.read_only)?;
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
    // ratatui::init wraps the hook above with one that restores the terminal first.
    let mut terminal = ratatui::init();
    let mouse = MouseCapture(options.mouse && execute!(std::io::stdout(), EnableMouseCapture).is_ok());
    let result = std::thread::scope(|scope| {
        let worker = Worker::start(scope, store, app.rules.clone(), app.today);
        event_loop(&mut terminal, &mut app, store, &worker)
    });
    drop(mouse);
    ratatui::restore();
    if let Err(e) = &result {
        tracing::error!("{e:#}");
    }
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    store: &dyn Store,
    worker: &Worker,
) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    let size = terminal.size()?;
    app.update(store, Action::Resize(size.width, size.height));
    loop {
        if let Some(job) = app.job_out.take() {
            worker.ask(job);
        }
        while let Some(answer) = worker.answer() {
            app.update(store, Action::Computed(answer));
        }
        terminal.draw(|frame| super::draw(frame, app, theme))?;
        if app.quit {
            return Ok(());
        }
        // While the worker computes, wake up to show its progress and take its
        // answer; otherwise sleep until the next event.
        let waiting = matches!(app.view_state, ViewState::Waiting(..)) || app.problems_job.is_some();
        if waiting && !event::poll(Duration::from_millis(80))? {
            continue;
        }
        // Handle everything already waiting before drawing again, so that a burst of
        // keys over a slow link costs one frame, not one per key.
        let mut next = Some(event::read()?);
        while let Some(ev) = next.take() {
            let action = match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => app.action_for_key(k),
                Event::Mouse(m) => app.action_for_mouse(m),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(a) = action {
                app.update(store, a);
            }
            if let Some(a) = app.deferred.take() {
                app.update(store, a);
            }
            if app.quit || !event::poll(std::time::Duration::ZERO)? {
                break;
            }
            next = Some(event::read()?);
        }
    }
}
