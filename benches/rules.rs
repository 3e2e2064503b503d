//! Rules benchmark: promotion candidates for one position over an instansi, and a
//! perangkat daerah's gap matrix, in process on an existing database.
//!
//! `cargo bench --bench rules -- DB_PATH POSITION_CODE UNIT_CODE`

use std::time::Instant;

use jabat::analysis;
use jabat::model::Date;
use jabat::rules::RuleSet;
use jabat::rules::gaps::gap_matrix;
use jabat::store::{SledStore, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [db, position, unit] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench rules -- DB_PATH POSITION_CODE UNIT_CODE");
        return;
    };
    let store = SledStore::open(std::path::Path::new(db)).expect("open");
    let rules = RuleSet::default();
    let target = store.position_by_code(position).expect("read").expect("position");
    let unit = store.unit_by_code(unit).expect("read").expect("unit");
    let today = Date::today();
    for run in 1..=3 {
        let start = Instant::now();
        let ranked = analysis::candidates(&store, &target, false, &rules, today).expect("candidates");
        let read_and_rank = start.elapsed();
        let eligible = ranked.iter().filter(|e| e.eligible).count();
        let start = Instant::now();
        let matrix = gap_matrix(&analysis::subtree_inputs(&store, unit.id, &rules).expect("inputs"));
        println!(
            "run {run}: candidates for {} over {} people: {:.1} ms ({eligible} eligible); gap matrix of {} ({} rows): {:.1} ms",
            target.code,
            ranked.len(),
            read_and_rank.as_secs_f64() * 1e3,
            unit.code,
            matrix.rows.len(),
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}
