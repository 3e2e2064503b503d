//! Workforce benchmark: a unit's nine-box, training needs, formation plan and
//! performance monitoring, each
//! read and computed from scratch, in process on an existing database. Five runs each;
//! the first is the cold one.
//!
//! `cargo bench --bench workforce -- DB_PATH UNIT_CODE` (a unit's subtree) or
//! `cargo bench --bench workforce -- DB_PATH --all` (the whole database).

use std::time::{Duration, Instant};

use jabat::model::Date;
use jabat::queries::{StaffData, staff_of, staff_of_all};
use jabat::rules::RuleSet;
use jabat::rules::workforce::{formation_plan, nine_box_grid, training_needs};
use jabat::store::{SledStore, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let everything = std::env::args().any(|a| a == "--all");
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let (db, unit) = match args.as_slice() {
        [db] if everything => (db, None),
        [db, unit] => (db, Some(unit)),
        _ => {
            eprintln!("usage: cargo bench --bench workforce -- DB_PATH (UNIT_CODE | --all)");
            return;
        }
    };
    let store = SledStore::open(std::path::Path::new(db)).expect("open");
    let rules = RuleSet::default();
    let unit = unit.map(|u| store.unit_by_code(u).expect("read").expect("unit"));
    let label = unit.as_ref().map_or("all".to_string(), |u| u.code.clone());
    let read = || -> StaffData {
        match &unit {
            Some(u) => staff_of(&store, u.id, &rules).expect("read"),
            None => staff_of_all(&store, &rules).expect("read"),
        }
    };
    let today = Date::today();
    let mut times: [Vec<Duration>; 4] = Default::default();
    for run in 1..=5 {
        // Each computation reads afresh, and drops what it read before the next one
        // (as one command does), so that runs do not pile up memory.
        let (placed, people, positions) = {
            let start = Instant::now();
            let data = read();
            let grid = nine_box_grid(&data.staff(), &rules);
            times[0].push(start.elapsed());
            (grid.placed(), data.staff().people().count(), data.positions.len())
        };
        let competencies = {
            let start = Instant::now();
            let data = read();
            let needs = training_needs(&data.staff());
            times[1].push(start.elapsed());
            needs.len()
        };
        let short_now = {
            let start = Instant::now();
            let data = read();
            let plan = formation_plan(&data.staff(), &rules, today, 5);
            times[2].push(start.elapsed());
            plan.total.shortage_now
        };
        let follow_ups = {
            let start = Instant::now();
            let data = read();
            let years = jabat::queries::years_before(today, 5);
            let m = jabat::queries::monitored(&store, unit.as_ref().map(|u| u.id), &data, years).expect("monitor");
            times[3].push(start.elapsed());
            m.monitoring.follow_ups.len()
        };
        println!(
            "run {run}: {label} ({positions} positions, {people} people): nine-box {:.1} ms ({placed} placed); training needs {:.1} ms ({competencies} competencies); formation {:.1} ms (short now {short_now}); performance {:.1} ms ({follow_ups} follow-ups)",
            ms(times[0][run - 1]),
            ms(times[1][run - 1]),
            ms(times[2][run - 1]),
            ms(times[3][run - 1]),
        );
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        ms(v[v.len() / 2])
    };
    let [a, b, c, d] = &mut times;
    println!(
        "median: nine-box {:.1} ms, training needs {:.1} ms, formation {:.1} ms, performance {:.1} ms",
        median(a),
        median(b),
        median(c),
        median(d)
    );
}
