//! The storage contract: what every `Store` must do, one suite generic over the trait,
//! run against sled, the in-memory store and PostgreSQL (a throwaway cluster, see
//! `common::pg`; skipped, saying why, without PostgreSQL's programs). Each test below
//! runs once per backend (`sled::…`, `memory::…`, `postgres::…`); the `…_alike_…` tests
//! run the same edits on sled and another backend and compare every read.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use jabat::edit::{self, EditError};
use jabat::interchange::generate::{Options, Preset, generate};
use jabat::interchange::write::write_csv_dir;
use jabat::model::{
    AnjabRow, Dataset, Draft, Eselon, JobDescription, JournalEntry, Level, NewPosition, Op, Origin, PositionEdit,
    PositionKind, PositionSpec, Review, Section, Stamp,
};
use jabat::store::{KindFilter, MemoryStore, OpenOptions, PgStore, SledStore, Stats, Store, StoreError};
use proptest::test_runner::{Config, TestRunner};

/// Makes a store holding `data` (written the way an import writes it), refusing writes
/// when `read_only`, in `dir` where the backend keeps files.
type Make = fn(&Path, &Dataset, bool) -> Box<dyn Store>;

fn sled(dir: &Path, data: &Dataset, read_only: bool) -> Box<dyn Store> {
    let db = dir.join("db");
    let store = SledStore::open_with(&db, OpenOptions::CREATE).unwrap();
    store.replace_dataset(data).unwrap();
    if !read_only {
        return Box::new(store);
    }
    drop(store);
    Box::new(SledStore::open_with(&db, OpenOptions { create: false, read_only: true }).unwrap())
}

fn memory(_: &Path, data: &Dataset, read_only: bool) -> Box<dyn Store> {
    let store = MemoryStore::new();
    store.replace_dataset(data).unwrap();
    Box::new(if read_only { store.refusing_writes() } else { store })
}

/// A sled database behind its server, reached through the socket as every client of a
/// shared database reaches it. The server stops by itself once the test's connection
/// has been gone a second.
fn remote(dir: &Path, data: &Dataset, read_only: bool) -> Box<dyn Store> {
    use jabat::store::RemoteStore;
    use jabat::store::remote::Reached;
    let db = dir.join("served");
    drop(sled(dir, data, false));
    std::fs::rename(dir.join("db"), &db).unwrap();
    // Not a child this test waits for: it outlives the function, as a shared server
    // does, and writes nowhere a test must read (a pipe left unread would keep it).
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
        .env("LANG", "C")
        .env_remove("JABAT_DB")
        .arg("--db")
        .arg(&db)
        .args(["serve", "--idle-exit", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("jabat serve starts");
    // Reaped when it stops.
    std::thread::spawn(move || server.wait());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !matches!(jabat::server::socket::connect(&db), Ok(Some(_))) {
        assert!(std::time::Instant::now() < deadline, "the server listens within 20 s");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let Reached::Connected(store) = RemoteStore::connect(&db, read_only).unwrap() else { panic!("connects") };
    store
}

/// The PostgreSQL backend when the test cluster is there (see `common::pg`), or `None`
/// (with the reason printed).
fn postgres(test: &str) -> Option<Make> {
    match common::pg::cluster() {
        Ok(_) => Some(postgres_store),
        Err(why) => {
            common::skip(format!("postgres::{test}: {why}"));
            None
        }
    }
}

/// A fresh database on the test cluster for each store made.
fn postgres_store(_: &Path, data: &Dataset, read_only: bool) -> Box<dyn Store> {
    let url = common::pg::cluster().unwrap().database("contract");
    let store = PgStore::open(&url, OpenOptions::CREATE).unwrap();
    store.replace_dataset(data).unwrap();
    if !read_only {
        return Box::new(store);
    }
    drop(store);
    Box::new(PgStore::open(&url, OpenOptions { create: false, read_only: true }).unwrap())
}

macro_rules! contract {
    ([$($name:ident),* $(,)?], direct only: [$($direct:ident),* $(,)?] $(,)?) => {
        mod sled {
            $(#[test] fn $name() { super::$name(super::sled) })*
            $(#[test] fn $direct() { super::$direct(super::sled) })*
        }
        mod memory {
            $(#[test] fn $name() { super::$name(super::memory) })*
            $(#[test] fn $direct() { super::$direct(super::memory) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if let Some(make) = super::postgres(stringify!($name)) {
                    super::$name(make)
                }
            })*
            $(#[test] fn $direct() {
                if let Some(make) = super::postgres(stringify!($direct)) {
                    super::$direct(make)
                }
            })*
        }
        mod remote {
            $(#[test] fn $name() { super::$name(super::remote) })*

            #[test]
            fn a_copy_is_never_restored_into_a_served_database() {
                let tmp = tempfile::tempdir().unwrap();
                let data = super::small_city();
                let store = super::remote(tmp.path(), &data, false);
                let whole = jabat::store::Whole::read(store.as_ref()).unwrap();
                assert!(store.restore(&whole).is_err());
            }
        }
    };
}

contract!(
    [
        a_dataset_reads_back_whole_with_everything_derived_from_it,
        random_edits_keep_derived_values_true_and_undo_restores_the_export,
        a_change_staged_against_an_older_journal_is_refused_and_changes_nothing,
        a_change_staged_against_an_older_journal_touching_other_nodes_is_written,
        reviews_drafts_and_the_journal_outlive_a_replace,
        a_replaced_content_comes_back_until_the_next_replace_or_an_edit_on_it,
        a_read_only_store_refuses_every_write,
        a_short_search_is_the_head_of_a_long_one,
        a_commit_sent_again_is_answered_with_its_entry_and_made_once,
    ],
    // Not through a server: a copy is written into a database nobody uses yet, never one
    // a server shares (`RemoteStore::restore` refuses it; the remote module tests that).
    direct only: [a_whole_database_restores_into_another_and_reads_back_the_same],
);

fn small_city() -> Dataset {
    let mut data =
        generate(Options { preset: Preset::City, employees: Some(300), seed: 7, as_of: common::sample_day() });
    // A few on the holding list (a sample this small has none of its own).
    for e in data.employees.iter_mut().step_by(97) {
        (e.position, e.position_since) = (None, None);
    }
    data
}

/// The content in the order stores give it back (units, positions by id; people by NIP).
fn normalised(mut data: Dataset) -> Dataset {
    data.units.sort_by_key(|u| u.id);
    data.positions.sort_by_key(|p| p.id);
    data.employees.sort_by_key(|e| e.nip);
    data
}

fn export_bytes(store: &dyn Store, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let _ = std::fs::remove_dir_all(dir);
    write_csv_dir(&store.load_dataset().unwrap(), dir).unwrap();
    common::files(dir)
}

fn stamp() -> Stamp {
    Stamp { user: "tester".into(), at: 1_780_000_000 }
}

/// One random operation, built from the current content so that most fit.
fn pick(data: &Dataset, choice: (u8, usize, usize, bool), serial: usize) -> Vec<Op> {
    let (kind, a, b, flag) = choice;
    let unit = |i: usize| &data.units[i % data.units.len()];
    let position = |i: usize| &data.positions[i % data.positions.len()];
    let employee = |i: usize| &data.employees[i % data.employees.len()];
    match kind % 12 {
        0 => vec![Op::AddUnit {
            code: format!("NEW{serial}"),
            parent: Some(unit(a).code.clone()),
            name: format!("Seksi Baru {serial}"),
            kind: "seksi".into(),
            eselon: flag.then_some(Eselon::IVA),
            restore_id: None,
        }],
        1 => vec![Op::RenameUnit { code: unit(a).code.clone(), name: format!("Bagian {serial}") }],
        2 => vec![Op::MoveUnit { code: unit(a).code.clone(), parent: unit(b).code.clone() }],
        3 => vec![Op::AddPosition {
            code: format!("NP{serial}"),
            unit: unit(a).code.clone(),
            name: format!("Analis {serial}"),
            fields: Box::new(NewPosition {
                spec: PositionSpec {
                    kind: PositionKind::Fungsional,
                    level: Some(Level::AhliPertama),
                    eselon: None,
                    class: Some(8),
                    needed: Some(b as u32 % 4),
                    head: false,
                },
                standard: Vec::new(),
                tasks: Vec::new(),
            }),
            restore_id: None,
        }],
        4 => vec![Op::RenamePosition { code: position(a).code.clone(), name: format!("Pengelola {serial}") }],
        5 => vec![Op::EditPosition {
            code: position(a).code.clone(),
            edit: PositionEdit { needed: Some(Some(b as u32 % 7)), ..PositionEdit::default() },
        }],
        6 => vec![Op::EditPosition {
            code: position(a).code.clone(),
            edit: PositionEdit {
                kind: Some(PositionKind::Fungsional),
                level: Some(Some(Level::AhliMuda)),
                eselon: Some(None),
                head: Some(false),
                ..PositionEdit::default()
            },
        }],
        7 => vec![Op::MovePosition { code: position(a).code.clone(), unit: unit(b).code.clone() }],
        8 => vec![Op::Place { nip: employee(a).nip, position: (!flag).then(|| position(b).code.clone()), since: None }],
        9 => {
            // A whole removal, as the interface's delete makes it.
            let store_less = data.positions.iter().find(|p| p.unit == unit(a).id).map(|p| p.code.clone());
            match store_less {
                Some(code) => {
                    let mut ops: Vec<Op> = data
                        .employees
                        .iter()
                        .filter(|e| data.positions.iter().any(|p| p.code == code && Some(p.id) == e.position))
                        .map(|e| Op::Place { nip: e.nip, position: None, since: None })
                        .collect();
                    // Its anjab goes first, as `ops remove` and the interface take it.
                    if data.positions.iter().any(|p| p.code == code && data.anjab.contains_key(&p.id)) {
                        ops.push(Op::SetAnjab { code: code.clone(), anjab: None });
                    }
                    ops.push(Op::RemovePosition { code });
                    ops
                }
                None => vec![Op::RemoveUnit { code: unit(a).code.clone() }],
            }
        }
        10 => {
            // A job description written, or cleared.
            let anjab = (!flag).then(|| {
                Box::new(JobDescription {
                    rows: vec![
                        AnjabRow { section: Section::Summary, item: String::new(), text: format!("Ikhtisar {serial}") },
                        AnjabRow {
                            section: Section::Requirement,
                            item: "pendidikan".into(),
                            text: format!("Paling rendah S1 ({b})"),
                        },
                    ],
                })
            });
            vec![Op::SetAnjab { code: position(a).code.clone(), anjab }]
        }
        _ => vec![Op::RemoveUnit { code: unit(a).code.clone() }],
    }
}

fn a_dataset_reads_back_whole_with_everything_derived_from_it(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, false);
    assert_eq!(store.load_dataset().unwrap(), normalised(data.clone()));
    assert_eq!(store.stats().unwrap(), Stats::of(&data));
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    for (unit, totals) in data.subtree_headcounts() {
        assert_eq!(store.subtree_headcount(unit).unwrap(), totals, "unit {}", unit.0);
    }
    let max_unit = data.units.iter().map(|u| u.id.0).max().unwrap();
    let max_position = data.positions.iter().map(|p| p.id.0).max().unwrap();
    let (u, p) = store.next_ids().unwrap();
    assert_eq!((u.0, p.0), (max_unit + 1, max_position + 1));
    let root = data.units.iter().find(|u| u.parent.is_none()).unwrap();
    assert_eq!(store.roots().unwrap().first().map(|u| u.id), Some(root.id));
    // SIASN's ids of units, by code.
    assert!(!data.unor_ids.is_empty(), "the sample carries them");
    for u in data.units.iter().step_by(37) {
        assert_eq!(store.unor_id(&u.code).unwrap().as_ref(), data.unor_ids.get(&u.code), "unit {}", u.code);
    }
    assert_eq!(store.unor_id("no such code").unwrap(), None);
    // Everyone holding a position is among the people of their instansi.
    let people: usize = store.people(&[root.id]).unwrap().iter().map(|b| b.len()).sum();
    assert_eq!(people as u64, data.employees.iter().filter(|e| e.position.is_some()).count() as u64);
    // Who held a position before: every post under its code in the histories, oldest first.
    let (nip, post) = data
        .position_history
        .iter()
        .find_map(|(nip, l)| l.iter().find(|p| p.position_code.is_some()).map(|p| (*nip, p.clone())))
        .expect("the sample has careers");
    let code = post.position_code.clone().unwrap();
    let former = store.former_holders(&code).unwrap();
    let expected = data.position_history.values().flatten().filter(|p| p.position_code == Some(code.clone())).count();
    assert_eq!(former.len(), expected);
    assert!(former.contains(&(nip, post)));
    assert!(former.windows(2).all(|w| w[0].1.from <= w[1].1.from), "oldest first");
    assert!(store.former_holders("no such code").unwrap().is_empty());
    // The holding list: everyone without a position, in NIP order.
    let unplaced: Vec<_> = data.employees.iter().filter(|e| e.position.is_none()).map(|e| e.nip).collect();
    let listed: Vec<_> = store.unplaced().unwrap().into_iter().map(|e| e.nip).collect();
    assert!(!unplaced.is_empty() && listed.windows(2).all(|w| w[0] < w[1]));
    let mut expected = unplaced;
    expected.sort();
    assert_eq!(listed, expected);
    // A unit's staff: everyone placed in its subtree once by age and sex, by golongan
    // those with a grade.
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    let mut subtree = vec![unit.id];
    let mut i = 0;
    while i < subtree.len() {
        let parent = subtree[i];
        subtree.extend(data.units.iter().filter(|u| u.parent == Some(parent)).map(|u| u.id));
        i += 1;
    }
    let in_subtree: std::collections::HashSet<_> =
        data.positions.iter().filter(|p| subtree.contains(&p.unit)).map(|p| p.id).collect();
    let placed = data.employees.iter().filter(|e| e.position.is_some_and(|p| in_subtree.contains(&p))).count();
    let profile = store.staff_profile(unit.id, common::sample_day()).unwrap();
    assert_eq!(profile.by_age.iter().map(|(m, f)| m + f).sum::<u32>() as usize, placed, "staff of {}", unit.code);
    assert!(placed > 0 && profile.by_golongan.iter().sum::<u32>() as usize <= placed);
    let bkpsdm = store.search("bkpsdm", KindFilter::ALL, 5).unwrap();
    assert!(!bkpsdm.is_empty(), "the acronym of a unit's name finds it");
    assert_eq!(store.journal_head().unwrap(), 0);
    assert!(store.journal().unwrap().is_empty());
}

fn random_edits_keep_derived_values_true_and_undo_restores_the_export(make: Make) {
    let mut runner = TestRunner::new(Config { cases: 8, ..Config::default() });
    let strategy = proptest::collection::vec((0u8..11, 0usize..10_000, 0usize..10_000, proptest::bool::ANY), 1..14);
    runner
        .run(&strategy, |choices| {
            let tmp = tempfile::tempdir().unwrap();
            let store = make(tmp.path(), &small_city(), false);
            let store = store.as_ref();
            let start = export_bytes(store, &tmp.path().join("start"));
            let mut committed = 0;
            for (serial, choice) in choices.into_iter().enumerate() {
                let data = store.load_dataset().unwrap();
                match edit::commit(store, pick(&data, choice, serial), Origin::Edit, None, None) {
                    Ok(entry) => {
                        committed += 1;
                        assert_eq!(entry.seq, committed);
                        assert_eq!(store.journal_head().unwrap(), committed);
                    }
                    Err(EditError::Invalid { .. }) => {}
                    Err(e) => panic!("{e}"),
                }
            }
            assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
            // What the edits derived is what a fresh write of the result derives.
            let fresh = MemoryStore::with(&store.load_dataset().unwrap());
            same_answers(store, &fresh);
            for _ in 0..committed {
                edit::undo(store).unwrap();
            }
            assert!(matches!(edit::undo(store), Err(EditError::Nothing(_))));
            assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
            assert!(start == export_bytes(store, &tmp.path().join("end")), "export after undoing everything differs");
            for _ in 0..committed {
                edit::redo(store).unwrap();
            }
            assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
            Ok(())
        })
        .unwrap();
}

/// A journal entry of an edit, for a change committed by hand.
/// A search that stops reading once it has enough (a one-word query) answers the first
/// hits of the same search asked for everything: for the commonest name words, whole
/// and as prefixes, and for words with many positions and units.
fn a_short_search_is_the_head_of_a_long_one(make: Make) {
    let dir = tempfile::tempdir().unwrap();
    let data = generate(Options { preset: Preset::City, employees: Some(3000), seed: 7, as_of: common::sample_day() });
    let store = make(dir.path(), &data, true);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for e in &data.employees {
        for word in e.name.split([' ', ',', '.']).filter(|w| w.len() > 3) {
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
    }
    let mut common: Vec<(usize, String)> = counts.into_iter().map(|(w, n)| (n, w)).collect();
    common.sort_by(|a, b| b.cmp(a));
    let mut queries: Vec<String> = common.iter().take(5).map(|(_, w)| w.clone()).collect();
    queries.extend(common.iter().take(3).map(|(_, w)| w[..3].to_string()));
    queries.extend(["kepala", "seksi", "analis", "bidang", "ke"].map(String::from));
    for query in queries {
        let all = store.search(&query, KindFilter::ALL, 100_000).unwrap();
        assert!(all.len() > 12, "{query}: {} hits is not a common word", all.len());
        for limit in [1, 3, 10] {
            let head = store.search(&query, KindFilter::ALL, limit).unwrap();
            let expected: Vec<String> = all.iter().take(limit).map(|h| format!("{h:?}")).collect();
            let got: Vec<String> = head.iter().map(|h| format!("{h:?}")).collect();
            assert_eq!(got, expected, "{query} with limit {limit}");
        }
    }
}

/// A commit whose answer was lost (the connection broke) and is sent again: the same
/// user's same operations after the entry it was made against are that entry, not a
/// second one nor an overlap; someone else's identical edit is an overlap as ever.
fn a_commit_sent_again_is_answered_with_its_entry_and_made_once(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, false);
    let store = store.as_ref();
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    let mut staged = edit::Staged::new(store).unwrap();
    let ops = vec![Op::RenameUnit { code: unit.code.clone(), name: "Bagian Sekali".into() }];
    let inverse = edit::apply_all(&mut staged, &ops).unwrap();
    let against = staged.against();
    let change = staged.into_change();
    let first = store.commit(&change, edit_entry(ops.clone(), inverse.clone()), None, against).unwrap();
    let again = store.commit(&change, edit_entry(ops.clone(), inverse.clone()), None, against).unwrap();
    assert_eq!(again, first, "answered with the entry already made");
    assert_eq!(store.journal_head().unwrap(), first.seq, "made once");
    assert_eq!(store.undo_state().unwrap().undo, vec![first.seq]);
    if store.acting_user().is_none() {
        // (A store that names the user itself ignores the stamp written here: another
        // user is another connection, tests/postgres.rs.)
        let mut theirs = edit_entry(ops, inverse);
        theirs.stamp.user = "someone-else".into();
        assert!(matches!(store.commit(&change, theirs, None, against), Err(StoreError::Overlap { .. })));
    }
    assert_eq!(store.journal_head().unwrap(), first.seq);
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
}

fn edit_entry(ops: Vec<Op>, inverse: Vec<Op>) -> JournalEntry {
    JournalEntry { seq: 0, stamp: stamp(), reason: None, origin: Origin::Edit, ops, inverse }
}

/// Renames unit `staged` in a change that is staged and held back, while a rename of
/// `committed` is committed meanwhile: the held change, the journal entry it was staged
/// against, and its operations with their inverse.
fn staged_while_another_commits(
    store: &dyn Store,
    staged: &str,
    committed: &str,
) -> (jabat::store::StructureChange, u64, (Vec<Op>, Vec<Op>)) {
    let mut first = edit::Staged::new(store).unwrap();
    let ops = vec![Op::RenameUnit { code: staged.into(), name: "Bagian Pertama".into() }];
    let inverse = edit::apply_all(&mut first, &ops).unwrap();
    let against = first.against();
    let change = first.into_change();
    let other = vec![Op::RenameUnit { code: committed.into(), name: "Bagian Kedua".into() }];
    edit::commit(store, other, Origin::Edit, None, None).unwrap();
    (change, against, (ops, inverse))
}

fn a_change_staged_against_an_older_journal_is_refused_and_changes_nothing(make: Make) {
    // (When the later entry touched one of its nodes.)
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, false);
    let store = store.as_ref();
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    // Two analysts prepare an edit against the same journal entry; the second to
    // commit is refused.
    let (change, against, _) = staged_while_another_commits(store, &unit.code, &unit.code);
    let before = export_bytes(store, &tmp.path().join("a"));
    let entry = edit_entry(Vec::new(), Vec::new());
    match store.commit(&change, entry, None, against) {
        Err(StoreError::Overlap { user, node, seq: 1, .. }) => {
            assert_eq!(node, unit.code, "names the node both touch");
            assert_eq!(user, jabat::store::acting_user(store), "names who changed it");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(store.journal_head().unwrap(), 1);
    assert_eq!(store.unit_by_code(&unit.code).unwrap().unwrap().name, "Bagian Kedua");
    assert!(before == export_bytes(store, &tmp.path().join("b")));
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
}

fn a_change_staged_against_an_older_journal_touching_other_nodes_is_written(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, false);
    let store = store.as_ref();
    // Two sibling units, each renamed by one analyst.
    let mut under_parent = data.units.iter().filter(|u| u.parent.is_some());
    let first_unit = under_parent.next().unwrap();
    let second_unit = under_parent.find(|u| u.parent == first_unit.parent).expect("a sibling");
    let (change, against, (ops, inverse)) = staged_while_another_commits(store, &first_unit.code, &second_unit.code);
    let entry = edit_entry(ops, inverse);
    let written = store.commit(&change, entry, None, against).expect("nothing it touches moved");
    assert_eq!(written.seq, 2);
    assert_eq!(store.unit_by_code(&first_unit.code).unwrap().unwrap().name, "Bagian Pertama");
    assert_eq!(store.unit_by_code(&second_unit.code).unwrap().unwrap().name, "Bagian Kedua");
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    // A third change prepared against the start touches the first unit: refused.
    let mut late = edit::Staged::new(store).unwrap();
    edit::apply_all(&mut late, &[Op::RenameUnit { code: first_unit.code.clone(), name: "Bagian Ketiga".into() }])
        .unwrap();
    let change = late.into_change();
    let entry = edit_entry(Vec::new(), Vec::new());
    assert!(matches!(store.commit(&change, entry, None, against), Err(StoreError::Overlap { seq: 2, .. })));
}

fn reviews_drafts_and_the_journal_outlive_a_replace(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, false);
    let store = store.as_ref();
    let position = &data.positions[0];
    let review = Review::new(&position.code);
    store.put_review(&review).unwrap();
    assert_eq!(store.review(&position.code).unwrap(), Some(review.clone()));
    assert_eq!(store.review("no such code").unwrap(), None);
    for name in ["b-draft", "a-draft"] {
        store.put_draft(&Draft { name: name.into(), created: stamp(), changes: Vec::new() }).unwrap();
    }
    let names: Vec<String> = store.drafts().unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["a-draft", "b-draft"]);
    assert!(store.remove_draft("b-draft").unwrap());
    assert!(!store.remove_draft("b-draft").unwrap());
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    edit::commit(
        store,
        vec![Op::RenameUnit { code: unit.code.clone(), name: "Bagian Baru".into() }],
        Origin::Edit,
        None,
        None,
    )
    .unwrap();
    assert_eq!(store.undo_state().unwrap().undo, [1]);
    store.replace_dataset(&data).unwrap();
    assert_eq!(store.reviews().unwrap(), [review]);
    assert_eq!(store.drafts().unwrap().len(), 1);
    // The journal goes on numbering; what it holds can no longer be undone.
    assert_eq!(store.journal_head().unwrap(), 1);
    assert!(store.undo_state().unwrap().undo.is_empty());
    let entry = edit::commit(
        store,
        vec![Op::RenameUnit { code: unit.code.clone(), name: "Lagi".into() }],
        Origin::Edit,
        None,
        None,
    )
    .unwrap();
    assert_eq!(entry.seq, 2);
    assert_eq!(store.journal_entry(2).unwrap(), Some(entry));
}

fn a_replaced_content_comes_back_until_the_next_replace_or_an_edit_on_it(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, false);
    let store = store.as_ref();
    let before = export_bytes(store, &tmp.path().join("before"));
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    let rename = |name: &str| {
        edit::commit(
            store,
            vec![Op::RenameUnit { code: unit.code.clone(), name: name.into() }],
            Origin::Edit,
            None,
            None,
        )
    };
    rename("Bagian Baru").unwrap();
    let renamed = export_bytes(store, &tmp.path().join("renamed"));
    let undo = store.undo_state().unwrap();
    assert_eq!(store.replaced().unwrap(), None);
    assert!(matches!(store.bring_back(), Err(StoreError::NothingReplaced)));
    // A replace with one unit of it: what it took away is kept, with who and when.
    let mut small = Dataset { units: vec![data.units[0].clone()], ..Dataset::default() };
    small.unor_ids = data.unor_ids.clone();
    let by = Stamp { user: "rina".into(), at: 1_790_000_000 };
    store.replace_dataset_by(&small, &by).unwrap();
    assert_eq!(store.stats().unwrap(), Stats::of(&small));
    let kept = store.replaced().unwrap().expect("kept");
    assert_eq!((kept.head, kept.stats, kept.undo), (1, Stats::of(&data), undo.clone()));
    // Who replaced it: the store's own user where it knows one (a server, PostgreSQL).
    assert_eq!(kept.stamp.user, store.acting_user().unwrap_or(by.user.clone()));
    if store.acting_user().is_none() {
        assert_eq!(kept.stamp.at, by.at);
    }
    let back = store.bring_back().unwrap();
    assert_eq!(back.head, 1);
    assert_eq!(export_bytes(store, &tmp.path().join("back")), renamed, "the content as it was");
    assert_eq!(store.stats().unwrap(), Stats::of(&store.load_dataset().unwrap()));
    assert_eq!(store.undo_state().unwrap(), undo, "its journal's entries can be undone again");
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    assert_eq!(store.replaced().unwrap(), None, "brought back once");
    edit::undo(store).unwrap();
    assert_eq!(export_bytes(store, &tmp.path().join("undone")), before);
    // Once a change is committed on what replaced it, the replace stands.
    store.replace_dataset_by(&data, &by).unwrap();
    rename("Sesudah").unwrap();
    assert!(matches!(store.bring_back(), Err(StoreError::ReplacedSince { entries: 1 })));
    // Only the last replace's content is kept.
    store.replace_dataset_by(&small, &by).unwrap();
    store.replace_dataset_by(&data, &by).unwrap();
    assert_eq!(store.replaced().unwrap().unwrap().stats, Stats::of(&small));
    store.bring_back().unwrap();
    assert_eq!(store.stats().unwrap(), Stats::of(&small));
}

fn a_read_only_store_refuses_every_write(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let store = make(tmp.path(), &data, true);
    let store = store.as_ref();
    let refused = |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::ReadOnly)), "{r:?}");
    refused(store.replace_dataset(&Dataset::default()));
    refused(store.put_review(&Review::new(&data.positions[0].code)));
    refused(store.put_draft(&Draft { name: "x".into(), created: stamp(), changes: Vec::new() }));
    refused(store.remove_draft("x").map(drop));
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    match edit::commit(
        store,
        vec![Op::RenameUnit { code: unit.code.clone(), name: "x".into() }],
        Origin::Edit,
        None,
        None,
    ) {
        Err(EditError::Store(StoreError::ReadOnly)) => {}
        other => panic!("expected read-only, got {other:?}"),
    }
    assert_eq!(store.load_dataset().unwrap(), normalised(data));
}

/// Every read of `a` and `b` gives the same answer.
fn same_answers(a: &dyn Store, b: &dyn Store) {
    let data = a.load_dataset().unwrap();
    assert_eq!(data, b.load_dataset().unwrap());
    assert_eq!(a.next_ids().unwrap(), b.next_ids().unwrap());
    same_structure(a, b, &data);
    // Search: codes, NIP prefixes, words, prefixes of words, several words, nothing.
    let mut queries: Vec<String> =
        vec!["bkpsdm".into(), "dinas".into(), "a".into(), "kepala bidang".into(), "zzzz".into()];
    queries.extend(data.units.iter().step_by(5).map(|u| u.code.clone()));
    queries.extend(data.positions.iter().step_by(40).map(|p| p.name.clone()));
    queries.extend(data.employees.iter().step_by(30).map(|e| e.nip.to_string()[..8].to_string()));
    queries.extend(data.employees.iter().step_by(30).map(|e| e.name.chars().take(4).collect::<String>()));
    for q in &queries {
        for kinds in [KindFilter::ALL, KindFilter { employees: true, ..KindFilter::default() }] {
            assert_eq!(a.search(q, kinds, 20).unwrap(), b.search(q, kinds, 20).unwrap(), "search {q:?}");
        }
    }
}

/// The structure `data` holds reads the same from `a` and `b`: every unit, position and
/// person, the totals, the people as the rules read them, the counts.
fn same_structure(a: &dyn Store, b: &dyn Store, data: &Dataset) {
    assert_eq!(a.stats().unwrap(), b.stats().unwrap());
    assert_eq!(a.roots().unwrap(), b.roots().unwrap());
    let ids: Vec<_> = data.units.iter().map(|u| u.id).collect();
    assert_eq!(a.people(&ids).unwrap(), b.people(&ids).unwrap());
    for u in &data.units {
        assert_eq!(a.unit_by_code(&u.code).unwrap(), b.unit_by_code(&u.code).unwrap());
        assert_eq!(a.children(u.id).unwrap(), b.children(u.id).unwrap());
        assert_eq!(a.child_count(u.id).unwrap(), b.child_count(u.id).unwrap());
        assert_eq!(a.positions_of(u.id).unwrap(), b.positions_of(u.id).unwrap());
        assert_eq!(a.positions_under(u.id).unwrap(), b.positions_under(u.id).unwrap(), "under {}", u.code);
        assert_eq!(a.subtree_headcount(u.id).unwrap(), b.subtree_headcount(u.id).unwrap(), "totals of {}", u.code);
        assert_eq!(a.people(&[u.id]).unwrap(), b.people(&[u.id]).unwrap(), "people of {}", u.code);
        assert_eq!(a.unit_path(u.id).unwrap(), b.unit_path(u.id).unwrap());
        let today = common::sample_day();
        assert_eq!(a.staff_profile(u.id, today).unwrap(), b.staff_profile(u.id, today).unwrap(), "staff of {}", u.code);
    }
    let pids: Vec<_> = data.positions.iter().map(|p| p.id).collect();
    assert_eq!(a.standards(&pids).unwrap(), b.standards(&pids).unwrap());
    assert_eq!(a.all_positions().unwrap(), b.all_positions().unwrap());
    for p in &data.positions {
        assert_eq!(a.position_by_code(&p.code).unwrap(), b.position_by_code(&p.code).unwrap());
        assert_eq!(a.holders(p.id).unwrap(), b.holders(p.id).unwrap());
        assert_eq!(a.holder_count(p.id).unwrap(), b.holder_count(p.id).unwrap());
        assert_eq!(a.holder_nips(p.id).unwrap(), b.holder_nips(p.id).unwrap());
        assert_eq!(a.tasks(p.id).unwrap(), b.tasks(p.id).unwrap());
    }
    // Who held each code before, from the histories (those moves extend too).
    let codes: std::collections::BTreeSet<&str> =
        data.position_history.values().flatten().filter_map(|p| p.position_code.as_deref()).collect();
    for code in codes.iter().copied().chain(data.positions.iter().step_by(9).map(|p| p.code.as_str())) {
        assert_eq!(a.former_holders(code).unwrap(), b.former_holders(code).unwrap(), "former holders of {code}");
    }
    let nips: Vec<_> = data.employees.iter().map(|e| e.nip).collect();
    assert_eq!(a.unplaced().unwrap(), b.unplaced().unwrap(), "the holding list");
    assert_eq!(a.profiles(&nips).unwrap(), b.profiles(&nips).unwrap());
    for e in data.employees.iter().step_by(7) {
        assert_eq!(a.profile(e.nip).unwrap(), b.profile(e.nip).unwrap());
    }
}

#[test]
fn both_backends_answer_alike_after_the_same_edits() {
    answer_alike_after_the_same_edits(memory);
}

#[test]
fn postgres_answers_as_sled_after_the_same_edits() {
    if let Some(make) = postgres("postgres_answers_as_sled_after_the_same_edits") {
        answer_alike_after_the_same_edits(make);
    }
}

/// Sled and another backend, given the same content and the same edits, answer every
/// read alike.
fn answer_alike_after_the_same_edits(other: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let on_disk = sled(tmp.path(), &data, false);
    let in_memory = other(tmp.path(), &data, false);
    same_answers(on_disk.as_ref(), in_memory.as_ref());
    let mut committed = 0;
    for serial in 0..60usize {
        let now = on_disk.load_dataset().unwrap();
        let choice = ((serial * 7 % 11) as u8, serial * 7919 % 10_000, serial * 104_729 % 10_000, serial % 3 == 0);
        let ops = pick(&now, choice, serial);
        let (x, y) = (
            edit::commit(on_disk.as_ref(), ops.clone(), Origin::Edit, None, None),
            edit::commit(in_memory.as_ref(), ops, Origin::Edit, None, None),
        );
        match (x, y) {
            (Ok(x), Ok(y)) => {
                committed += 1;
                assert_eq!((x.seq, &x.ops, &x.inverse), (y.seq, &y.ops, &y.inverse));
            }
            (Err(EditError::Invalid { message: x, .. }), Err(EditError::Invalid { message: y, .. })) => {
                assert_eq!(x, y)
            }
            (x, y) => panic!("the backends disagree: {x:?} and {y:?}"),
        }
    }
    assert!(committed > 20, "only {committed} of the edits fit");
    same_answers(on_disk.as_ref(), in_memory.as_ref());
    assert_eq!(on_disk.undo_state().unwrap(), in_memory.undo_state().unwrap());
}

#[test]
fn a_drafts_view_answers_as_the_committed_result_would() {
    // The interface and the analyses read an open draft through `DraftView`: it must
    // show what committing the draft would make, totals and people included.
    let data = small_city();
    let mut runner = TestRunner::new(Config { cases: 16, ..Config::default() });
    let strategy = proptest::collection::vec((0u8..11, 0usize..10_000, 0usize..10_000, proptest::bool::ANY), 1..10);
    runner
        .run(&strategy, |choices| {
            let base = MemoryStore::with(&data);
            let committed = MemoryStore::with(&data);
            let mut ops = Vec::new();
            for (serial, choice) in choices.into_iter().enumerate() {
                let now = committed.load_dataset().unwrap();
                let step = pick(&now, choice, serial);
                if edit::commit(&committed, step.clone(), Origin::Edit, None, None).is_ok() {
                    ops.extend(step);
                }
            }
            let planned = edit::plan(&base, &ops).unwrap();
            let view = edit::DraftView::new(planned.staged).unwrap();
            same_structure(&view, &committed, &committed.load_dataset().unwrap());
            Ok(())
        })
        .unwrap();
}

/// What `jabat copy` relies on: everything read from one database, restored into
/// another (of the same backend here; `postgres_answers_as_sled…` and tests/cli.rs cross
/// them), reads back the same, and the copy goes on as the original would.
fn a_whole_database_restores_into_another_and_reads_back_the_same(make: Make) {
    let tmp = tempfile::tempdir().unwrap();
    let data = small_city();
    let original = make(&tmp.path().join("a"), &data, false);
    let original = original.as_ref();
    let unit = data.units.iter().find(|u| u.parent.is_some()).unwrap();
    let position = &data.positions[3];
    edit::commit(
        original,
        vec![Op::RenameUnit { code: unit.code.clone(), name: "Bagian Salinan".into() }],
        Origin::Edit,
        None,
        None,
    )
    .unwrap();
    edit::commit(
        original,
        vec![Op::EditPosition {
            code: position.code.clone(),
            edit: PositionEdit { needed: Some(None), ..PositionEdit::default() },
        }],
        Origin::Edit,
        None,
        None,
    )
    .unwrap();
    let mut review = Review::new(&position.code);
    review.decide(data.employees[0].nip, jabat::model::Decision::Shortlisted, stamp());
    original.put_review(&review).unwrap();
    let draft = Draft {
        name: "salinan".into(),
        created: stamp(),
        changes: vec![(vec![Op::RenameUnit { code: unit.code.clone(), name: "Bagian Draf".into() }], None)],
    };
    original.put_draft(&draft).unwrap();
    let whole = jabat::store::Whole::read(original).unwrap();
    assert_eq!(whole.journal.len(), 2);
    assert_eq!(whole.touched.len(), 2);

    std::fs::create_dir_all(tmp.path().join("b")).unwrap();
    let copy = make(
        &tmp.path().join("b"),
        &generate(Options { preset: Preset::City, employees: Some(120), seed: 9, as_of: common::sample_day() }),
        false,
    );
    let copy = copy.as_ref();
    copy.restore(&whole).unwrap();
    let mut again = jabat::store::Whole::read(copy).unwrap();
    again.data = normalised(again.data);
    let mut expected = whole.clone();
    expected.data = normalised(expected.data);
    assert!(again == expected, "the copy reads back otherwise");
    assert_eq!(copy.verify_integrity().unwrap(), Vec::<String>::new());
    same_answers(original, copy);
    assert!(export_bytes(original, &tmp.path().join("x")) == export_bytes(copy, &tmp.path().join("y")));
    // Undo goes on in the copy as in the original: the journal's last entry is undone.
    let undone = edit::undo(copy).unwrap();
    assert_eq!(undone.seq, 3);
    assert_eq!(copy.position_by_code(&position.code).unwrap().unwrap().spec.needed, position.spec.needed);
}
