//! Reorganization benchmark, in process on an existing database (which it changes and
//! changes back: every edit is undone right after it is measured).
//!
//! `cargo bench --bench edit -- DB_PATH UNIT_CODE TARGET_CODE POSITION_CODE`:
//! moving UNIT (with its subtree) under TARGET, a small edit of POSITION (its
//! kebutuhan) and a rename of it, each with its journal entry, five times; then
//! `check` over the whole database (reading it and running every rule).

use std::time::{Duration, Instant};

use jabat::edit;
use jabat::model::{Date, Op, Origin, PositionEdit};
use jabat::rules::RuleSet;
use jabat::rules::checks::check;
use jabat::store::{SledStore, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn timed(store: &SledStore, ops: Vec<Op>) -> Duration {
    let start = Instant::now();
    edit::commit(store, ops, Origin::Edit, Some("benchmark".into()), None).expect("edit");
    let took = start.elapsed();
    edit::undo(store).expect("undo");
    took
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [db, unit, target, position] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench edit -- DB_PATH UNIT_CODE TARGET_CODE POSITION_CODE");
        return;
    };
    let store = SledStore::open(std::path::Path::new(db)).expect("open");
    let u = store.unit_by_code(unit).expect("read").expect("unit");
    // What moves with the unit.
    let (mut units, mut positions) = (0u64, 0u64);
    let mut stack = vec![u.id];
    while let Some(id) = stack.pop() {
        units += 1;
        positions += store.positions_of(id).expect("read").len() as u64;
        stack.extend(store.children(id).expect("read").into_iter().map(|c| c.id));
    }
    let people = store.subtree_headcount(u.id).expect("read").filled;
    println!(
        "moving {unit} ({} units, {} positions, {} people: {} descendants) under {target}",
        units - 1,
        positions,
        people,
        units - 1 + positions + people
    );
    let mut moves = Vec::new();
    let mut small = Vec::new();
    let mut renames = Vec::new();
    let p = store.position_by_code(position).expect("read").expect("position");
    for _ in 0..5 {
        moves.push(timed(&store, vec![Op::MoveUnit { code: unit.clone(), parent: target.clone() }]));
        let needed = Some(p.spec.needed.unwrap_or(0) + 1);
        small.push(timed(
            &store,
            vec![Op::EditPosition {
                code: position.clone(),
                edit: PositionEdit { needed: Some(needed), ..PositionEdit::default() },
            }],
        ));
        renames
            .push(timed(&store, vec![Op::RenamePosition { code: position.clone(), name: format!("{} (b)", p.name) }]));
    }
    println!("move unit:       median {:.1} ms, first {:.1} ms", ms(median(moves.clone())), ms(moves[0]));
    println!("edit kebutuhan:  median {:.1} ms, first {:.1} ms", ms(median(small.clone())), ms(small[0]));
    println!("rename position: median {:.1} ms, first {:.1} ms", ms(median(renames.clone())), ms(renames[0]));
    let mut checks = Vec::new();
    let mut found = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let data = store.load_dataset().expect("read");
        found = check(&data, &RuleSet::default(), Date::today()).len();
        checks.push(start.elapsed());
    }
    println!(
        "check (whole db): median {:.0} ms, first {:.0} ms, {found} findings",
        ms(median(checks.clone())),
        ms(checks[0])
    );
}
