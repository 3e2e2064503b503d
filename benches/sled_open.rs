//! What opening a sled database costs a command that runs without a server, and what a
//! compaction or a larger segment size would change (issue 14): opens a copy of a jabat
//! database as it is, then copies compacted into fresh databases (sled's own export and
//! import, every tree) at each segment size given, and times each open the way
//! `SledStore` opens (same cache capacity), with the CPU time and the bytes it writes.
//!
//! `cargo bench --bench sled_open -- DB [SEGMENT_KIB ...] [--opens N]`
//! (default segment sizes 512 and 8192 KiB, 5 opens; the copies go to a temporary
//! directory beside DB, removed at the end).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(db) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench sled_open -- DB [SEGMENT_KIB ...] [--opens N]");
        std::process::exit(2);
    };
    let mut opens = 5;
    let mut sizes = Vec::new();
    let mut rest = args[1..].iter();
    while let Some(a) = rest.next() {
        if a == "--opens" {
            opens = rest.next().and_then(|n| n.parse().ok()).expect("--opens N");
        } else {
            sizes.push(a.parse::<usize>().expect("a segment size in KiB") * 1024);
        }
    }
    if sizes.is_empty() {
        sizes = vec![512 * 1024, 8 << 20];
    }
    let work = tempfile::Builder::new()
        .prefix("jabat-sled-open-")
        .tempdir_in(db.parent().unwrap_or(Path::new(".")))
        .expect("a work directory beside the database");
    let as_is = work.path().join("as-is");
    copy_dir(&db, &as_is).expect("copies the database");
    // The lock file names the process that held it; sled's own lock is on `db`.
    let _ = std::fs::remove_file(as_is.join("jabat.lock"));
    println!(
        "{:<28} {:>10} {:>9} {:>9} {:>9} {:>10}",
        "database", "files MB", "open ms", "cpu ms", "min ms", "writes MB"
    );
    report("as written (512 KiB)", &as_is, opens);
    for size in sizes {
        let copy = work.path().join(format!("compacted-{}k", size / 1024));
        let started = Instant::now();
        compacted_copy(&as_is, &copy, size);
        eprintln!("compacted copy at {} KiB segments made in {:.1?}", size / 1024, started.elapsed());
        report(&format!("compacted, {} KiB", size / 1024), &copy, opens);
        std::fs::remove_dir_all(&copy).expect("removes the copy");
    }
}

/// Times `opens` opens of the sled database in `dir` (each followed by one read, as a
/// command reads its schema version first), after a first open that settles it.
fn report(name: &str, dir: &Path, opens: usize) {
    let segment_size = segment_size_of(dir);
    open_once(dir, segment_size);
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut written = Vec::new();
    for _ in 0..opens {
        let (cpu0, w0) = (cpu_time(), written_bytes());
        let started = Instant::now();
        open_once(dir, segment_size);
        walls.push(started.elapsed());
        cpus.push(cpu_time() - cpu0);
        written.push(written_bytes() - w0);
    }
    walls.sort();
    cpus.sort();
    written.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:<28} {:>10.0} {:>9.1} {:>9.1} {:>9.1} {:>10.1}",
        name,
        dir_size(dir) as f64 / 1e6,
        ms(walls[walls.len() / 2]),
        ms(cpus[cpus.len() / 2]),
        ms(walls[0]),
        written[written.len() / 2] as f64 / 1e6
    );
}

fn open_once(dir: &Path, segment_size: usize) {
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(128 * 1024 * 1024)
        .segment_size(segment_size)
        .open()
        .expect("opens");
    let _ = db.get(b"schema").expect("reads");
    drop(db);
}

/// Every tree of `from` written into a fresh database at `to` with `segment_size`.
fn compacted_copy(from: &Path, to: &Path, segment_size: usize) {
    let old = sled::Config::new().path(from).segment_size(segment_size_of(from)).open().expect("opens the source");
    let new = sled::Config::new().path(to).segment_size(segment_size).open().expect("creates the copy");
    new.import(old.export());
    new.flush().expect("flushes the copy");
}

/// The segment size a sled database was made with (its `conf` file says).
fn segment_size_of(dir: &Path) -> usize {
    let conf = std::fs::read(dir.join("conf")).unwrap_or_default();
    String::from_utf8_lossy(&conf)
        .lines()
        .find_map(|l| l.strip_prefix("segment_size: ").and_then(|n| n.trim().parse().ok()))
        .unwrap_or(512 * 1024)
}

/// The CPU time of this process, every thread (sled's among them) included.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is always valid.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let t = |tv: libc::timeval| Duration::new(tv.tv_sec as u64, tv.tv_usec as u32 * 1000);
    t(usage.ru_utime) + t(usage.ru_stime)
}

/// Bytes this process has had written to storage (`/proc/self/io`, `wchar`: what it
/// handed to write calls, cached or not).
fn written_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/io")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("wchar: ").and_then(|n| n.trim().parse().ok())))
        .unwrap_or(0)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
