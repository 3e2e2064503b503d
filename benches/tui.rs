//! Interface benchmark: start to first frame, key to next frame over a scripted walk,
//! search keystrokes, the same walk with a draft of 50 operations open, and resident
//! memory, on an existing database.
//!
//! `cargo bench --bench tui -- DB_PATH|URL [KEYS]` (make the database first, e.g.
//! `jabat --db /tmp/province/db generate --preset province`); with `jabat serve` running
//! on it, the same through the server. Frames are drawn into a
//! 200×60 TestBackend: the update and render path without the terminal's own I/O. The
//! draft is saved in the database under the name `bench-draft` and removed at the end.

use std::time::{Duration, Instant};

use jabat::app::keymap::Keymap;
use jabat::app::{Action, App};
use jabat::model::{Draft, Op, PositionEdit, Stamp};
use jabat::store::Store;
use jabat::ui::session::Session;
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

/// A key as the terminal loop takes it: its action, then `Idle` (no more keys waiting,
/// so a search runs).
fn key(app: &mut App, session: &mut Session, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(a) = app.action_for_key(KeyEvent::new(code, modifiers)) {
        session.dispatch(app, a);
    }
    session.dispatch(app, Action::Idle);
}

/// A scripted walk: mostly moving, often opening and closing, sometimes jumping.
const SCRIPT: [(KeyCode, KeyModifiers); 16] = [
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

/// Walks `keys` keys of the script, drawing a frame after each: the time of each.
fn walk(
    app: &mut App,
    session: &mut Session,
    terminal: &mut Terminal<TestBackend>,
    theme: Theme,
    keys: usize,
) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(keys);
    for i in 0..keys {
        let (code, modifiers) = SCRIPT[(i * 7 + i / 16) % SCRIPT.len()];
        let t = Instant::now();
        key(app, session, code, modifiers);
        terminal.draw(|f| jabat::ui::draw(f, app, theme)).unwrap();
        samples.push(t.elapsed());
    }
    samples
}

/// Fifty operations that fit `store`: renames of units and new kebutuhan of
/// positions, spread over the tree, and seksi moved to a neighbouring bidang.
fn fifty_operations(store: &dyn Store) -> Vec<Op> {
    let data = store.load_dataset().expect("load");
    let mut ops: Vec<Op> = Vec::new();
    let step = (data.units.len() / 150).max(1);
    for (n, unit) in data.units.iter().filter(|u| u.parent.is_some()).step_by(step).enumerate() {
        let candidate = match n % 3 {
            0 => Op::RenameUnit { code: unit.code.clone(), name: format!("{} (ditata)", unit.name) },
            1 => match data.positions.iter().find(|p| p.unit == unit.id) {
                Some(p) => Op::EditPosition {
                    code: p.code.clone(),
                    edit: PositionEdit {
                        needed: Some(Some(p.spec.needed.unwrap_or(0) + 1)),
                        ..PositionEdit::default()
                    },
                },
                None => continue,
            },
            _ => {
                // A sibling of its parent: the seksi moves one bidang over.
                let Some(parent) = data.units.iter().find(|u| Some(u.id) == unit.parent) else { continue };
                let Some(uncle) = data.units.iter().find(|u| u.parent == parent.parent && u.id != parent.id) else {
                    continue;
                };
                Op::MoveUnit { code: unit.code.clone(), parent: uncle.code.clone() }
            }
        };
        let mut trial = ops.clone();
        trial.push(candidate.clone());
        if jabat::edit::plan(store, &trial).is_ok() {
            ops.push(candidate);
        }
        if ops.len() == 50 {
            break;
        }
    }
    ops
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(db) = args.first() else {
        eprintln!("usage: cargo bench --bench tui -- DB_PATH|URL [KEYS]");
        return;
    };
    let keys: usize = args.get(1).and_then(|k| k.parse().ok()).unwrap_or(10_000);
    let theme = Theme { colour: true };
    let start = Instant::now();
    // Through the server when one holds the database (as every user but the first
    // works), else opened directly.
    let location: jabat::store::Location = db.parse().expect("a path or a URL");
    let store: Box<dyn Store> = match location.dir().map(|dir| jabat::store::RemoteStore::connect(dir, false)) {
        Some(Ok(jabat::store::remote::Reached::Connected(remote))) => {
            println!("through the server of {db}");
            remote
        }
        _ => location.open_directly(jabat::store::OpenOptions::EXISTING).expect("open"),
    };
    let store = store.as_ref();
    let opened = start.elapsed();
    let mut session = Session::new(store);
    let mut app = session.open(Keymap::default_keymap(), jabat::rules::RuleSet::default(), false).expect("app");
    session.dispatch(&mut app, Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
    println!("employees: {}", store.stats().unwrap().employees);
    println!(
        "{:<44} {:>8.1} ms (open {:.1} ms)",
        "start to first full frame (in process)",
        start.elapsed().as_secs_f64() * 1e3,
        opened.as_secs_f64() * 1e3
    );

    let report = |what: &str, samples: &mut Vec<Duration>, rows: usize| {
        println!(
            "{:<44} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} keys, {rows} rows open at the end)",
            what,
            percentile(samples, 0.5).as_secs_f64() * 1e3,
            percentile(samples, 0.99).as_secs_f64() * 1e3,
            percentile(samples, 1.0).as_secs_f64() * 1e3,
            samples.len()
        );
    };
    let mut samples = walk(&mut app, &mut session, &mut terminal, theme, keys);
    report("navigation key to next frame", &mut samples, app.tree.len());

    let mut samples = Vec::new();
    for query in ["siti nasution", "dinas kesehatan", "guru ahli madya", "1975", "kecamatan"] {
        key(&mut app, &mut session, KeyCode::Char('/'), KeyModifiers::NONE);
        for c in query.chars() {
            let t = Instant::now();
            key(&mut app, &mut session, KeyCode::Char(c), KeyModifiers::NONE);
            terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
            samples.push(t.elapsed());
        }
        key(&mut app, &mut session, KeyCode::Esc, KeyModifiers::NONE);
    }
    println!(
        "{:<44} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} keystrokes)",
        "search keystroke to results on screen",
        percentile(&mut samples, 0.5).as_secs_f64() * 1e3,
        percentile(&mut samples, 0.99).as_secs_f64() * 1e3,
        percentile(&mut samples, 1.0).as_secs_f64() * 1e3,
        samples.len()
    );

    // The pictures: the analysis views of a perangkat daerah (the first root's largest
    // child), each answered once and then drawn over and over, in colour and without.
    let office = store
        .roots()
        .ok()
        .and_then(|r| r.into_iter().next())
        .and_then(|root| store.children(root.id).ok())
        .and_then(|c| c.into_iter().max_by_key(|u| store.subtree_headcount(u.id).map(|h| h.filled).unwrap_or(0)));
    if let Some(office) = office {
        session.dispatch(&mut app, Action::Run(format!("goto {}", office.code)));
        for (view, name) in [('9', "performance"), ('4', "nine-box"), ('6', "formation")] {
            key(&mut app, &mut session, KeyCode::Char(view), KeyModifiers::NONE);
            let t = Instant::now();
            session.answer_now(&mut app);
            let answered = t.elapsed();
            for theme in [Theme { colour: true }, Theme { colour: false }] {
                let mut samples = Vec::new();
                for _ in 0..200 {
                    let t = Instant::now();
                    terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
                    samples.push(t.elapsed());
                }
                println!(
                    "{:<44} p50 {:.2} ms, p99 {:.2} ms (answered in {:.1} ms)",
                    format!(
                        "{name} view of {} drawn, {}",
                        office.code,
                        if theme.colour { "colour" } else { "NO_COLOR" }
                    ),
                    percentile(&mut samples, 0.5).as_secs_f64() * 1e3,
                    percentile(&mut samples, 0.99).as_secs_f64() * 1e3,
                    answered.as_secs_f64() * 1e3,
                );
            }
        }
        key(&mut app, &mut session, KeyCode::Char('1'), KeyModifiers::NONE);
    }

    // The same walk with a draft of 50 operations open.
    let t = Instant::now();
    let ops = fifty_operations(store);
    let changes = ops.into_iter().map(|op| (vec![op], None)).collect::<Vec<_>>();
    let operations = changes.len();
    let draft = Draft { name: "bench-draft".into(), created: Stamp { user: "bench".into(), at: 0 }, changes };
    store.put_draft(&draft).expect("save the draft");
    println!("{:<44} {:>8.1} ms", format!("draft of {operations} operations made"), t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    session.dispatch(&mut app, Action::Run("draft bench-draft".into()));
    terminal.draw(|f| jabat::ui::draw(f, &app, theme)).unwrap();
    println!("{:<44} {:>8.1} ms", "opening it (its view built once)", t.elapsed().as_secs_f64() * 1e3);
    assert_eq!(app.drafting.name.as_deref(), Some("bench-draft"), "{:?}", app.message);
    let mut samples = walk(&mut app, &mut session, &mut terminal, theme, keys);
    report("navigation key to next frame, draft open", &mut samples, app.tree.len());
    session.dispatch(&mut app, Action::Run("draft".into()));
    store.remove_draft("bench-draft").expect("remove the draft");

    println!("{:<44} {:>8.0} MB", "resident memory after the walk", rss_mb());
}
