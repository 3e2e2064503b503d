//! Foundation benchmark: bulk generate, write, export, import, and lookups at scale.
//!
//! `cargo bench --bench foundation -- [EMPLOYEES] [WORKDIR]` (default 1 000 000 and a
//! temporary directory). Prints one line per figure; docs/benchmarks.md records them.
//! Whole-process figures run the release binary that cargo built for this bench.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use jabat::interchange::{self, generate};
use jabat::store::{KindFilter, SledStore, Store};

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    println!("{label:<48} {:>9.3} s", start.elapsed().as_secs_f64());
    out
}

fn percentile(mut samples: Vec<Duration>, p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

fn whole_process(label: &str, db: &Path, args: &[&str]) {
    let bin = env!("CARGO_BIN_EXE_jabat");
    let mut samples = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let out = Command::new(bin).arg("--db").arg(db).args(args).output().expect("run jabat");
        samples.push(start.elapsed());
        assert!(out.status.code().is_some_and(|c| c <= 1), "{label}: {}", String::from_utf8_lossy(&out.stderr));
    }
    println!("{label:<48} {:>9.3} s (median of 7)", percentile(samples, 0.5).as_secs_f64());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let employees: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = args.get(1).map(std::path::PathBuf::from).unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work).expect("workdir");
    let (db_a, db_b, csv) = (work.join("a"), work.join("b"), work.join("csv"));
    for p in [&db_a, &db_b, &csv] {
        let _ = std::fs::remove_dir_all(p);
    }
    println!("employees: {employees}");

    let preset = generate::Preset::for_employees(employees);
    let data = time("generate (in memory)", || {
        generate::generate(generate::Options {
            preset,
            employees: Some(employees),
            seed: 1,
            as_of: jabat::model::Date::today(),
        })
    });
    {
        let store = SledStore::open(&db_a).expect("open");
        time("write generated data to the store", || store.replace_dataset(&data).expect("write"));
        time("export to CSV", || interchange::export(&store.load_dataset().expect("load"), &csv).expect("export"));
        let z = store.size_report().expect("sizes");
        let n = z.employee_values.max(1) as f64;
        println!("{:<48} {:>9.1} B", "encoded employee value, average", z.employee_value_bytes as f64 / n);
        println!("{:<48} {:>9.1} B", "logical data per employee", z.data_bytes as f64 / n);
        println!("{:<48} {:>9.1} B", "logical indexes per employee", z.index_bytes as f64 / n);
        println!("{:<48} {:>9.1} B", "on disk per employee (sled, all included)", z.on_disk_bytes as f64 / n);
    }
    drop(data);
    {
        let imported = time("import: read and validate CSV", || interchange::import(&csv, Default::default()));
        assert!(imported.problems.is_empty(), "{}", imported.problems);
        let store = SledStore::open(&db_b).expect("open");
        time("import: write to the store", || store.replace_dataset(&imported.data).expect("write"));
    }

    let store = SledStore::open(&db_a).expect("open");
    let some_nip = store.search("siregar", KindFilter { employees: true, ..Default::default() }, 1).expect("search");
    let nip = match &some_nip.first().map(|h| &h.target) {
        Some(jabat::store::HitTarget::Employee(e)) => e.nip,
        _ => panic!("no Siregar in the sample"),
    };
    for query in ["siregar", "siti nasution", "dinas kesehatan", "guru ahli", "s", "1975"] {
        let mut samples = Vec::new();
        let mut found = 0;
        for _ in 0..20 {
            let start = Instant::now();
            found = store.search(query, KindFilter::ALL, 20).expect("search").len();
            samples.push(start.elapsed());
        }
        println!(
            "{:<48} {:>9.2} ms median, {:.2} ms p95 ({found} shown)",
            format!("find '{query}' after open"),
            percentile(samples.clone(), 0.5).as_secs_f64() * 1e3,
            percentile(samples, 0.95).as_secs_f64() * 1e3
        );
    }
    drop(store);
    whole_process("whole process: jabat show NIP", &db_a, &["show", &nip.to_string()]);
    whole_process("whole process: jabat find siregar", &db_a, &["find", "siregar"]);
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
