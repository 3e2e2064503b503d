//! Interface benchmark: start to first frame, key to next frame over a scripted walk,
//! search keystrokes, and resident memory, on an existing database.
//!
//! `cargo bench --bench tui -- DB_PATH [KEYS]` (make the database first, e.g.
//! `jabat --db /tmp/national/db generate --preset national`). Frames are drawn into a
//! 200×60 TestBackend: the update and render path without the terminal's own I/O.

use std::time::{Duration, Instant};

use jabat::app::keymap::Keymap;
use jabat::app::{Action, App};
use jabat::store::{SledStore, Store};
use jabat::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

fn key(app: &mut App, store: &dyn Store, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(a) = app.action_for_key(KeyEvent::new(code, modifiers)) {
        app.update(store, a);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(db) = args.first() else {
        eprintln!("usage: cargo bench --bench tui -- DB_PATH [KEYS]");
        return;
    };
    let keys: usize = args.get(1).and_then(|k| k.parse().ok()).unwrap_or(10_000);
    let theme = Theme { colour: true };
    let start = Instant::now();
    let store = SledStore::open(std::path::Path::new(db)).expect("open");
    let opened = start.elapsed();
    let mut app = App::new(&store, Keymap::default_keymap(), jabat::rules::RuleSet::default(), true).expect("app");
    app.update(&store, Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
    println!("employees: {}", store.stats().unwrap().employees);
    println!(
        "{:<44} {:>8.1} ms (open {:.1} ms)",
        "start to first full frame (in process)",
        start.elapsed().as_secs_f64() * 1e3,
        opened.as_secs_f64() * 1e3
    );

    // A scripted walk: mostly moving, often opening and closing, sometimes jumping.
    let script: [(KeyCode, KeyModifiers); 16] = [
        (KeyCode::Char('j'), KeyModifiers::NONE),
        (KeyCode::Char('l'), KeyModifiers::NONE),
        (KeyCode::Char('j'), KeyModifiers::NONE),
        (KeyCode::Char('j'), KeyModifiers::NONE),
        (KeyCode::Char('l'), KeyModifiers::NONE),
        (KeyCode::Char('k'), KeyModifiers::NONE),
        (KeyCode::PageDown, KeyModifiers::NONE),
        (KeyCode::Char('j'), KeyModifiers::NONE),
        (KeyCode::Char('h'), KeyModifiers::NONE),
        (KeyCode::Char('d'), KeyModifiers::CONTROL),
        (KeyCode::Char('l'), KeyModifiers::NONE),
        (KeyCode::Char('j'), KeyModifiers::NONE),
        (KeyCode::Char('u'), KeyModifiers::CONTROL),
        (KeyCode::Char('G'), KeyModifiers::NONE),
        (KeyCode::Char('k'), KeyModifiers::NONE),
        (KeyCode::Char('h'), KeyModifiers::NONE),
    ];
    let mut samples = Vec::with_capacity(keys);
    for i in 0..keys {
        let (code, modifiers) = script[(i * 7 + i / 16) % script.len()];
        let t = Instant::now();
        key(&mut app, &store, code, modifiers);
        terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
        samples.push(t.elapsed());
    }
    println!(
        "{:<44} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({keys} keys, {} rows open at the end)",
        "navigation key to next frame",
        percentile(&mut samples, 0.5).as_secs_f64() * 1e3,
        percentile(&mut samples, 0.99).as_secs_f64() * 1e3,
        percentile(&mut samples, 1.0).as_secs_f64() * 1e3,
        app.tree.len()
    );

    let mut samples = Vec::new();
    for query in ["siti nasution", "dinas kesehatan", "guru ahli madya", "1975", "kecamatan"] {
        key(&mut app, &store, KeyCode::Char('/'), KeyModifiers::NONE);
        for c in query.chars() {
            let t = Instant::now();
            key(&mut app, &store, KeyCode::Char(c), KeyModifiers::NONE);
            terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
            samples.push(t.elapsed());
        }
        key(&mut app, &store, KeyCode::Esc, KeyModifiers::NONE);
    }
    println!(
        "{:<44} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} keystrokes)",
        "search keystroke to results on screen",
        percentile(&mut samples, 0.5).as_secs_f64() * 1e3,
        percentile(&mut samples, 0.99).as_secs_f64() * 1e3,
        percentile(&mut samples, 1.0).as_secs_f64() * 1e3,
        samples.len()
    );
    println!("{:<44} {:>8.0} MB", "resident memory after the walk", rss_mb());
}
