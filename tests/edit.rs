//! Structural edits against the store: what is refused and why, merges, files of
//! operations. (Random operation sequences, on every backend, are in
//! `store_contract.rs`.)

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use jabat::edit::{self, EditError};
use jabat::interchange::generate::{Options, Preset, generate};
use jabat::interchange::write::write_csv_dir;
use jabat::model::{Dataset, Op, Origin};
use jabat::store::{SledStore, Store};

fn small_city() -> Dataset {
    generate(Options { preset: Preset::City, employees: Some(300), seed: 7, as_of: common::sample_day() })
}

fn export_bytes(store: &SledStore, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let _ = std::fs::remove_dir_all(dir);
    write_csv_dir(&store.load_dataset().unwrap(), dir).unwrap();
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        out.insert(entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).unwrap());
    }
    out
}

fn open(dir: &Path) -> SledStore {
    SledStore::open(dir).unwrap()
}

#[test]
fn invalid_operations_change_nothing_and_say_why() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(&tmp.path().join("db"));
    store.replace_dataset(&small_city()).unwrap();
    let data = store.load_dataset().unwrap();
    let root = data.units.iter().find(|u| u.parent.is_none()).unwrap();
    let child = data.units.iter().find(|u| u.parent == Some(root.id)).unwrap();
    let before = export_bytes(&store, &tmp.path().join("a"));
    let fail = |ops: Vec<Op>| match edit::commit(&store, ops, Origin::Edit, None, None) {
        Err(EditError::Invalid { index, message, .. }) => (index, message),
        other => panic!("expected a refusal, got {other:?}"),
    };
    // A cycle.
    let (_, m) = fail(vec![Op::MoveUnit { code: root.code.clone(), parent: child.code.clone() }]);
    assert!(m.contains("instansi"), "{m}");
    let grandchild = data.units.iter().find(|u| u.parent == Some(child.id)).unwrap();
    let (_, m) = fail(vec![Op::MoveUnit { code: child.code.clone(), parent: grandchild.code.clone() }]);
    assert!(m.contains("cannot move under itself"), "{m}");
    // A unit with people cannot simply go.
    let (_, m) = fail(vec![Op::RemoveUnit { code: child.code.clone() }]);
    assert!(m.contains("sub-units"), "{m}");
    // Codes stay unique; the second operation is the one named.
    let (index, m) = fail(vec![
        Op::RenameUnit { code: child.code.clone(), name: "Dinas Baru".into() },
        Op::AddUnit {
            code: grandchild.code.clone(),
            parent: None,
            name: "x".into(),
            kind: String::new(),
            eselon: None,
            restore_id: None,
        },
    ]);
    assert_eq!(index, 1);
    assert!(m.contains("already in use"), "{m}");
    // One head per unit.
    let head = data.positions.iter().find(|p| p.spec.head).unwrap();
    let other = data
        .units
        .iter()
        .find(|u| data.positions.iter().any(|p| p.spec.head && p.unit == u.id && u.id != head.unit))
        .unwrap();
    let (_, m) = fail(vec![Op::MovePosition { code: head.code.clone(), unit: other.code.clone() }]);
    assert!(m.contains("already has a head"), "{m}");
    assert_eq!(before, export_bytes(&store, &tmp.path().join("b")));
    assert!(store.journal().unwrap().is_empty());
}

#[test]
fn merging_moves_everything_and_keeps_one_head() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(&tmp.path().join("db"));
    store.replace_dataset(&small_city()).unwrap();
    let data = store.load_dataset().unwrap();
    // Two sibling units that both have a head and people.
    let has_head = |id| data.positions.iter().any(|p| p.unit == id && p.spec.head);
    let (a, b) = data
        .units
        .iter()
        .filter(|u| u.parent.is_some() && has_head(u.id))
        .flat_map(|a| data.units.iter().map(move |b| (a, b)))
        .find(|(a, b)| a.id != b.id && a.parent == b.parent && has_head(b.id))
        .unwrap();
    let staged = edit::Staged::new(&store).unwrap();
    let ops = edit::merge_ops(&staged, &a.code, &b.code).unwrap();
    drop(staged);
    let people_before = store.subtree_headcount(a.id).unwrap().filled + store.subtree_headcount(b.id).unwrap().filled;
    edit::commit(&store, ops, Origin::Edit, Some("merge".into()), None).unwrap();
    assert!(store.unit_by_code(&a.code).unwrap().is_none());
    let merged = store.unit_by_code(&b.code).unwrap().unwrap();
    assert_eq!(store.subtree_headcount(merged.id).unwrap().filled, people_before);
    assert_eq!(store.positions_of(merged.id).unwrap().iter().filter(|p| p.spec.head).count(), 1);
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    let entry = &store.journal().unwrap()[0];
    assert_eq!(entry.reason.as_deref(), Some("merge"));
    assert!(!entry.stamp.user.is_empty());
}

#[test]
fn undo_takes_back_ones_own_change_and_not_one_someone_else_built_on() {
    let store = jabat::store::MemoryStore::new();
    store.replace_dataset(&small_city()).unwrap();
    let data = store.load_dataset().unwrap();
    let mut siblings = data.units.iter().filter(|u| u.parent == data.units[1].parent && u.parent.is_some());
    let (mine, theirs) = (siblings.next().unwrap().code.clone(), siblings.next().unwrap().code.clone());
    let rename = |code: &str, name: &str| vec![Op::RenameUnit { code: code.into(), name: name.into() }];
    edit::commit(&store, rename(&mine, "Bagian Saya"), Origin::Edit, None, None).unwrap();
    // Someone else's later change elsewhere: undo takes back one's own, past theirs.
    common::commit_as(&store, "siti", rename(&theirs, "Bagian Siti"));
    let undone = edit::undo(&store).unwrap();
    assert_eq!(undone.origin, Origin::Undo(1));
    assert_eq!(store.unit_by_code(&theirs).unwrap().unwrap().name, "Bagian Siti", "theirs stays");
    assert_ne!(store.unit_by_code(&mine).unwrap().unwrap().name, "Bagian Saya");
    // Their undo is theirs: with only their change left, there is nothing of ours.
    assert!(matches!(edit::undo(&store), Err(EditError::Nothing(_))));
    // One's own change that someone else then changed again is not undone under them.
    edit::commit(&store, rename(&mine, "Bagian Saya Lagi"), Origin::Edit, None, None).unwrap();
    common::commit_as(&store, "siti", rename(&mine, "Bagian Siti Juga"));
    match edit::undo(&store) {
        Err(EditError::Store(jabat::store::StoreError::Overlap { user, node, .. })) => {
            assert_eq!((user.as_str(), node.as_str()), ("siti", mine.as_str()));
        }
        other => panic!("expected a refusal naming siti, got {other:?}"),
    }
    assert_eq!(store.unit_by_code(&mine).unwrap().unwrap().name, "Bagian Siti Juga", "nothing changed");
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
}
