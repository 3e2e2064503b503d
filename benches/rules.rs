//! Rules benchmark: promotion candidates for one position over its instansi (or, with
//! `--all`, over the whole database), and a perangkat daerah's gap matrix, in process
//! on an existing database. Five runs each; the first is the cold one.
//!
//! `cargo bench --bench rules -- DB_PATH|URL POSITION_CODE UNIT_CODE [--all]`

use std::time::Instant;

use jabat::model::Date;
use jabat::queries;
use jabat::rules::RuleSet;
use jabat::rules::gaps::gap_matrix;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let everyone = std::env::args().any(|a| a == "--all");
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [db, position, unit] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench rules -- DB_PATH|URL POSITION_CODE UNIT_CODE [--all]");
        return;
    };
    let location: jabat::store::Location = db.parse().expect("a path or a URL");
    let store = location.open_directly(jabat::store::OpenOptions::EXISTING).expect("open");
    let store = &*store;
    let rules = RuleSet::default();
    let target = store.position_by_code(position).expect("read").expect("position");
    let unit = store.unit_by_code(unit).expect("read").expect("unit");
    let today = Date::today();
    let (mut candidates, mut matrices) = (Vec::new(), Vec::new());
    for run in 1..=5 {
        let start = Instant::now();
        let list =
            queries::candidates(store, &target, everyone, &rules, today, &|| true).expect("candidates").expect("ran");
        candidates.push(start.elapsed());
        let [eligible, near, others, rotations] = list.ranking.counts();
        // What the candidates pay for the shortlist's records (trainings, history, the
        // assessment's date, credit points): the same read again, alone.
        use jabat::rules::ranking::Standing;
        let shortlist: Vec<jabat::model::Nip> = list
            .ranking
            .entries
            .iter()
            .filter(|e| matches!(e.standing(), Standing::Eligible | Standing::NearMiss))
            .map(|e| e.nip)
            .collect();
        drop(list);
        let start = Instant::now();
        let read: usize = shortlist.chunks(1024).map(|c| store.profiles(c).expect("profiles").len()).sum();
        println!("   of which the shortlist's records ({read} people): {:.1} ms", ms(start.elapsed()));
        let start = Instant::now();
        let matrix = gap_matrix(&queries::subtree_inputs(store, unit.id, &rules).expect("inputs"));
        matrices.push(start.elapsed());
        println!(
            "run {run}: candidates for {} over {} people: {:.1} ms ({eligible} eligible, {near} near misses); gap matrix of {} ({} rows): {:.1} ms",
            target.code,
            eligible + near + others + rotations,
            ms(candidates[run - 1]),
            unit.code,
            matrix.rows.len(),
            ms(matrices[run - 1]),
        );
    }
    let median = |v: &mut Vec<std::time::Duration>| {
        v.sort();
        ms(v[v.len() / 2])
    };
    println!("median: candidates {:.1} ms, gap matrix {:.1} ms", median(&mut candidates), median(&mut matrices));
}
