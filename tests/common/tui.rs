//! The interface without a terminal, for the tests that drive it: key sequences
//! drive the application, frames are drawn into ratatui's TestBackend and read back.

use jabat::app::{App, keymap::Keymap};
use jabat::model::Date;
use jabat::store::{MemoryStore, SledStore, Store};
use jabat::ui::session::Session;
use jabat::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn sample() -> jabat::model::Dataset {
    super::demo_sample().clone()
}

/// The demo in memory: the interface's tests need no database on disk.
pub fn demo() -> MemoryStore {
    MemoryStore::with(&sample())
}

/// The demo in a database of the test's own on `backend`, and the store open on it
/// (drop the store before running the command line on a directory).
pub fn demo_db(backend: super::Backend, test: &str) -> (super::TestDb, Box<dyn Store>) {
    let db = backend.demo(test);
    let store = db.open();
    (db, store)
}

/// The demo in a sled database, for the tests that then run the command line on it.
pub fn demo_on_disk() -> (tempfile::TempDir, SledStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    store.replace_dataset(&sample()).unwrap();
    (dir, store)
}

/// The interface as the terminal loop runs it: the app and the session that performs
/// its effects (read as the app itself).
pub struct Tui<'s> {
    pub app: App,
    pub session: Session<'s>,
}

impl Tui<'_> {
    pub fn dispatch(&mut self, action: jabat::app::Action) {
        self.session.dispatch(&mut self.app, action);
    }

    /// Answers the view's question at once (there is no worker thread here).
    pub fn answer_now(&mut self, _store: &dyn Store) {
        self.session.answer_now(&mut self.app);
    }
}

impl std::ops::Deref for Tui<'_> {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for Tui<'_> {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

pub fn app(store: &dyn Store, width: u16, height: u16) -> Tui<'_> {
    let mut tui = app_with(store, jabat::rules::RuleSet::default(), false, width, height);
    tui.today = Date::from_ymd(2026, 11, 22).unwrap();
    tui.location = "demo".into();
    tui
}

pub fn app_with(store: &dyn Store, rules: jabat::rules::RuleSet, read_only: bool, width: u16, height: u16) -> Tui<'_> {
    jabat::i18n::set_lang(jabat::i18n::Lang::En);
    let session = Session::new(store);
    let app = session.open(Keymap::default_keymap(), rules, read_only).unwrap();
    let mut tui = Tui { app, session };
    tui.dispatch(jabat::app::Action::Resize(width, height));
    tui
}

/// Presses keys written as text: characters are keys, `<enter>`, `<esc>`, `<tab>`,
/// `<down>`, `<c-d>` … are named ones.
pub fn press(app: &mut Tui, _store: &dyn Store, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (event, used) = if c == '<' {
            let end = rest.find('>').expect("closed <…>");
            let name = &rest[1..end];
            let event = match name {
                "enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                "esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                "tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                "down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                "up" => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
                "bs" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                other if other.starts_with("c-") => {
                    KeyEvent::new(KeyCode::Char(other.chars().nth(2).unwrap()), KeyModifiers::CONTROL)
                }
                // Esc and a key in one burst, as a terminal (or a slow link) sends them.
                other if other.starts_with("a-") => {
                    KeyEvent::new(KeyCode::Char(other.chars().nth(2).unwrap()), KeyModifiers::ALT)
                }
                other => panic!("unknown key <{other}>"),
            };
            (event, end + 1)
        } else {
            (KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), c.len_utf8())
        };
        rest = &rest[used..];
        if let Some(a) = app.action_for_key(event) {
            app.dispatch(a);
        }
        if let Some(key) = app.deferred.take()
            && let Some(a) = app.action_for_key(key)
        {
            app.dispatch(a);
        }
        // As the loop does once no more keys are waiting (keys typed by hand).
        app.dispatch(jabat::app::Action::Idle);
    }
}

pub fn render(app: &App, width: u16, height: u16, theme: Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| jabat::ui::draw(f, app, theme)).unwrap();
    terminal.backend().buffer().clone()
}

pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

pub const PLAIN: Theme = Theme { colour: false };
pub const COLOUR: Theme = Theme { colour: true };
