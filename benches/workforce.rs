//! Workforce benchmark: a unit's nine-box, training needs and formation plan, each
//! read and computed from scratch, in process on an existing database. Five runs each;
//! the first is the cold one.
//!
//! `cargo bench --bench workforce -- DB_PATH UNIT_CODE`

use std::time::{Duration, Instant};

use jabat::analysis::staff_of;
use jabat::model::Date;
use jabat::rules::RuleSet;
use jabat::rules::workforce::{formation_plan, nine_box_grid, training_needs};
use jabat::store::{SledStore, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [db, unit] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench workforce -- DB_PATH UNIT_CODE");
        return;
    };
    let store = SledStore::open(std::path::Path::new(db)).expect("open");
    let rules = RuleSet::default();
    let unit = store.unit_by_code(unit).expect("read").expect("unit");
    let today = Date::today();
    let mut times: [Vec<Duration>; 3] = Default::default();
    for run in 1..=5 {
        let start = Instant::now();
        let data = staff_of(&store, unit.id, &rules).expect("read");
        let grid = nine_box_grid(&data.staff(), &rules);
        times[0].push(start.elapsed());
        let start = Instant::now();
        let data = staff_of(&store, unit.id, &rules).expect("read");
        let needs = training_needs(&data.staff());
        times[1].push(start.elapsed());
        let start = Instant::now();
        let data = staff_of(&store, unit.id, &rules).expect("read");
        let plan = formation_plan(&data.staff(), &rules, today, 5);
        times[2].push(start.elapsed());
        println!(
            "run {run}: {} ({} positions, {} people): nine-box {:.1} ms ({} placed); training needs {:.1} ms ({} competencies); formation {:.1} ms (short now {})",
            unit.code,
            data.positions.len(),
            data.staff().people.len(),
            ms(times[0][run - 1]),
            grid.placed(),
            ms(times[1][run - 1]),
            needs.len(),
            ms(times[2][run - 1]),
            plan.total.shortage_now
        );
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        ms(v[v.len() / 2])
    };
    let [a, b, c] = &mut times;
    println!("median: nine-box {:.1} ms, training needs {:.1} ms, formation {:.1} ms", median(a), median(b), median(c));
}
