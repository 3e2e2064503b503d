//! The shared server: whole-process lookups through a running server against the same
//! lookups opened directly (`--no-server`), as the first command (which starts the
//! server) and against sqlite3 on the same data (run in turns, so that a loaded machine
//! slows all alike), and a load of many lookup clients and a few editors.
//!
//! `cargo bench --bench server -- DB_PATH|URL [ROUNDS] [LOAD_SECONDS]` on an existing
//! database (e.g. `jabat --db /tmp/nat/db generate --preset national`), with no server
//! running on it. The release binary must be built (`cargo build --release`). sqlite3's
//! copy is made once from an export, in `DB_PATH.bench/`. The load renames a few dozen
//! units (they stay renamed, and the journal grows): run it on a database for benchmarks.
//! Given a PostgreSQL URL it times the lookups against sqlite3 and `show` against psql
//! (the engine is the server there), with sqlite3's copy in `/tmp/jabat-bench-DATABASE/`;
//! `--pooled=URL2` (the same database through a pooler such as pgbouncer in session
//! mode) times `show` through it as well.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jabat::model::{Op, Origin};
use jabat::store::remote::Reached;
use jabat::store::{KindFilter, RemoteStore, Store};

fn binary() -> PathBuf {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/jabat");
    assert!(bin.exists(), "build the release binary first: cargo build --release");
    bin
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Times one whole process, which must succeed.
fn time(command: &mut Command) -> f64 {
    let start = Instant::now();
    let out = command.output().expect("runs");
    let took = millis(start.elapsed());
    assert!(out.status.success(), "{command:?}: {}", String::from_utf8_lossy(&out.stderr));
    took
}

struct Series {
    label: &'static str,
    times: Vec<f64>,
}

impl Series {
    fn new(label: &'static str) -> Series {
        Series { label, times: Vec::new() }
    }
    fn median(&self) -> f64 {
        let mut t = self.times.clone();
        t.sort_by(f64::total_cmp);
        percentile(&t, 0.5)
    }
}

/// The sqlite3 copy of the employees: a table with an index on the NIP, and an FTS5
/// index of the names (what `find` answers from).
fn sqlite_copy(db: &str, work: &Path) -> PathBuf {
    let peer = work.join("peer.sqlite");
    if peer.exists() {
        return peer;
    }
    std::fs::create_dir_all(work).unwrap();
    let export = work.join("export");
    let out = Command::new(binary()).arg("--db").arg(db).arg("export").arg(&export).output().unwrap();
    assert!(out.status.success(), "export: {}", String::from_utf8_lossy(&out.stderr));
    let script = format!(
        ".mode csv\n.import {} employees\nCREATE INDEX employees_nip ON employees(nip);\nCREATE VIRTUAL TABLE names USING fts5(name, nip UNINDEXED);\nINSERT INTO names SELECT name, nip FROM employees;\n",
        export.join("employees.csv").display()
    );
    let status = Command::new("sqlite3")
        .arg(&peer)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait()
        })
        .expect("sqlite3 runs");
    assert!(status.success(), "sqlite3 import");
    peer
}

fn jabat(db: &str, args: &[&str]) -> Command {
    let mut c = Command::new(binary());
    c.arg("--db").arg(db).args(args).env("LANG", "C");
    c
}

fn sqlite(peer: &Path, sql: &str) -> Command {
    let mut c = Command::new("sqlite3");
    c.arg(peer).arg(sql);
    c
}

fn report(series: &[&Series], peer: &Series) {
    for s in series {
        println!("{:<44} median {:>7.2} ms  ({:.2}× {})", s.label, s.median(), s.median() / peer.median(), peer.label);
    }
    println!("{:<44} median {:>7.2} ms", peer.label, peer.median());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let pooled = std::env::args().find_map(|a| a.strip_prefix("--pooled=").map(str::to_string));
    let db = args.first().expect("DB_PATH or URL").clone();
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(21);
    let load_seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(60);
    let location: jabat::store::Location = db.parse().expect("a path or a URL");
    let work = match &location {
        jabat::store::Location::Dir(path) => PathBuf::from(format!("{}.bench", path.display())),
        jabat::store::Location::Postgres(url) => {
            let name = url.split('?').next().and_then(|u| u.rsplit('/').next()).unwrap_or("postgres");
            PathBuf::from(format!("/tmp/jabat-bench-{name}"))
        }
    };
    let peer = sqlite_copy(&db, &work);
    let nip = {
        let out =
            sqlite(&peer, "SELECT nip FROM employees LIMIT 1 OFFSET (SELECT min(123456, count(*) / 2) FROM employees)")
                .output()
                .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let word = "siregar";
    let sql_show = format!("SELECT * FROM employees WHERE nip = '{nip}'");
    let sql_find = format!("SELECT nip, name FROM names WHERE names MATCH '{word}' LIMIT 20");
    println!("database {location} · NIP {nip} · word {word} · {rounds} rounds in turns");

    // Opened directly (no server), in turns with sqlite3.
    let (mut direct_show, mut direct_find) =
        (Series::new("show NIP, opened directly"), Series::new("find WORD, opened directly"));
    let (mut peer_show, mut peer_find) = (Series::new("sqlite3 show"), Series::new("sqlite3 find"));
    for _ in 0..rounds {
        direct_show.times.push(time(&mut jabat(&db, &["--no-server", "show", &nip])));
        peer_show.times.push(time(&mut sqlite(&peer, &sql_show)));
        direct_find.times.push(time(&mut jabat(&db, &["--no-server", "find", word])));
        peer_find.times.push(time(&mut sqlite(&peer, &sql_find)));
    }

    if location.dir().is_none() {
        println!("-- opened directly, in turns with sqlite3");
        report(&[&direct_show], &peer_show);
        report(&[&direct_find], &peer_find);
        // The engine's own client on the same data: what a connection costs any program.
        let (mut ours, mut psql) = (Series::new("show NIP (again)"), Series::new("psql, the employee by NIP"));
        let sql = format!("SELECT * FROM jabat.employees WHERE nip = {nip}");
        for _ in 0..rounds {
            ours.times.push(time(&mut jabat(&db, &["show", &nip])));
            psql.times.push(time(Command::new("psql").args([db.as_str(), "-Atc", sql.as_str()])));
        }
        println!("-- opened directly, in turns with psql");
        report(&[&ours], &psql);
        if let Some(pooled) = pooled {
            // A pooler keeps the server's sessions open: what is left is jabat's own work.
            let (mut through, mut sqlite_show) =
                (Series::new("show NIP, through the pooler"), Series::new("sqlite3 show"));
            for _ in 0..rounds {
                through.times.push(time(&mut jabat(&pooled, &["show", &nip])));
                sqlite_show.times.push(time(&mut sqlite(&peer, &sql_show)));
            }
            println!("-- through the pooler ({pooled}), in turns with sqlite3");
            report(&[&through], &sqlite_show);
        }
        return;
    }

    // The first command, which finds no server and starts one (stopped again before each
    // round), in turns with sqlite3.
    let (mut first_show, mut peer_first) = (Series::new("show NIP, the first command"), Series::new("sqlite3 show"));
    for _ in 0..rounds {
        first_show.times.push(time(&mut jabat(&db, &["show", &nip])));
        peer_first.times.push(time(&mut sqlite(&peer, &sql_show)));
        let _ = jabat(&db, &["server", "stop"]).output();
        while jabat::store::holder(Path::new(&db)).is_some()
            || matches!(jabat::server::socket::connect(Path::new(&db)), Ok(Some(_)))
        {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    // Through a server.
    let mut server = jabat(&db, &["serve"]).stderr(std::process::Stdio::null()).spawn().expect("jabat serve");
    let started = Instant::now();
    while !matches!(jabat::server::socket::connect(Path::new(&db)), Ok(Some(_))) {
        assert!(started.elapsed() < Duration::from_secs(120), "the server listens");
        std::thread::sleep(Duration::from_millis(20));
    }
    println!("server listening after {:.0} ms", millis(started.elapsed()));
    let (mut served_show, mut served_find) =
        (Series::new("show NIP, through the server"), Series::new("find WORD, through the server"));
    let (mut peer_show2, mut peer_find2) = (Series::new("sqlite3 show"), Series::new("sqlite3 find"));
    for _ in 0..rounds {
        served_show.times.push(time(&mut jabat(&db, &["show", &nip])));
        peer_show2.times.push(time(&mut sqlite(&peer, &sql_show)));
        served_find.times.push(time(&mut jabat(&db, &["find", word])));
        peer_find2.times.push(time(&mut sqlite(&peer, &sql_find)));
    }
    println!("-- opened directly, in turns with sqlite3");
    report(&[&direct_show], &peer_show);
    report(&[&direct_find], &peer_find);
    println!("-- the first command, starting a server, in turns with sqlite3");
    report(&[&first_show], &peer_first);
    println!("-- through a running server, in turns with sqlite3");
    report(&[&served_show], &peer_show2);
    report(&[&served_find], &peer_find2);

    load(Path::new(&db), &nip, word, load_seconds);
    let _ = jabat(&db, &["server", "stop"]).output();
    let _ = server.wait();
}

/// 50 clients looking things up in a loop and 5 editing, for `seconds`: errors, lookup
/// latency, and whether every acknowledged edit is in the journal exactly once.
fn load(db: &Path, nip: &str, word: &str, seconds: u64) {
    let connect = || match RemoteStore::connect(db, false).expect("connects") {
        Reached::Connected(r) => r,
        Reached::NoServer => panic!("no server"),
    };
    let probe = connect();
    let head_before = probe.journal_head().unwrap();
    let units: Vec<String> =
        probe.children(probe.roots().unwrap()[0].id).unwrap().into_iter().map(|u| u.code).collect();
    let nip = jabat::model::Nip::parse(nip).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let (acknowledged, refused) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut lookups = Vec::new();
    for i in 0..50 {
        let (stop, errors, store, word) = (Arc::clone(&stop), Arc::clone(&errors), connect(), word.to_string());
        lookups.push(std::thread::spawn(move || {
            let mut times = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let start = Instant::now();
                let ok = if i % 2 == 0 {
                    store.employee(nip).map(|e| e.is_some()).unwrap_or(false)
                } else {
                    store.search(&word, KindFilter::ALL, 20).is_ok()
                };
                times.push(millis(start.elapsed()));
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            times
        }));
    }
    let mut editors = Vec::new();
    for e in 0..5 {
        let (stop, errors, acknowledged, refused) =
            (Arc::clone(&stop), Arc::clone(&errors), Arc::clone(&acknowledged), Arc::clone(&refused));
        let store = connect();
        // Each editor its own units, except the first unit, which all of them rename:
        // those collide now and then and must be refused, never lost or doubled.
        let mine: Vec<String> =
            std::iter::once(units[0].clone()).chain(units.iter().skip(1 + e).step_by(5).take(4).cloned()).collect();
        editors.push(std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let code = &mine[n as usize % mine.len()];
                let name = format!("Unit Beban {e}-{n}");
                match jabat::edit::commit(
                    store.as_ref(),
                    vec![Op::RenameUnit { code: code.clone(), name }],
                    Origin::Edit,
                    None,
                    None,
                ) {
                    Ok(_) => _ = acknowledged.fetch_add(1, Ordering::Relaxed),
                    Err(jabat::edit::EditError::Store(
                        jabat::store::StoreError::Overlap { .. } | jabat::store::StoreError::Conflict { .. },
                    )) => _ = refused.fetch_add(1, Ordering::Relaxed),
                    Err(other) => {
                        eprintln!("editor {e}: {other}");
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                n += 1;
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut times: Vec<f64> = lookups.into_iter().flat_map(|t| t.join().unwrap()).collect();
    for e in editors {
        e.join().unwrap();
    }
    times.sort_by(f64::total_cmp);
    let head_after = probe.journal_head().unwrap();
    let journal = probe.journal().unwrap();
    let new: Vec<_> = journal.iter().filter(|e| e.seq > head_before).collect();
    let seqs: std::collections::BTreeSet<u64> = new.iter().map(|e| e.seq).collect();
    let acknowledged = acknowledged.load(Ordering::Relaxed);
    println!(
        "-- load, {seconds} s: 50 lookup clients, 5 editors: {} lookups, p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms; {} errors; {} edits acknowledged, {} refused as overlapping; journal +{} entries ({} distinct numbers)",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or(f64::NAN),
        errors.load(Ordering::Relaxed),
        acknowledged,
        refused.load(Ordering::Relaxed),
        head_after - head_before,
        seqs.len()
    );
    assert_eq!(head_after - head_before, acknowledged, "every acknowledged edit is in the journal, once");
    assert_eq!(seqs.len() as u64, acknowledged);
}
