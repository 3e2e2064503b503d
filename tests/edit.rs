//! Structural edits against the store: random operation sequences keep every index,
//! total and count equal to a rebuild, and undoing them all gives back the exact
//! export of the start.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use jabat::edit::{self, EditError};
use jabat::interchange::generate::{Options, Preset, generate};
use jabat::interchange::write::write_csv_dir;
use jabat::model::{Dataset, Eselon, Level, NewPosition, Op, Origin, PositionEdit, PositionKind};
use jabat::store::{SledStore, Store};
use proptest::prelude::*;

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

/// One random operation, built from the current content so that most fit.
fn pick(data: &Dataset, choice: (u8, usize, usize, bool), serial: usize) -> Vec<Op> {
    let (kind, a, b, flag) = choice;
    let unit = |i: usize| &data.units[i % data.units.len()];
    let position = |i: usize| &data.positions[i % data.positions.len()];
    let employee = |i: usize| &data.employees[i % data.employees.len()];
    match kind % 11 {
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
                kind: PositionKind::Fungsional,
                level: Some(Level::AhliPertama),
                eselon: None,
                class: Some(8),
                needed: Some(b as u32 % 4),
                head: false,
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
                    ops.push(Op::RemovePosition { code });
                    ops
                }
                None => vec![Op::RemoveUnit { code: unit(a).code.clone() }],
            }
        }
        _ => vec![Op::RemoveUnit { code: unit(a).code.clone() }],
    }
}

fn open(dir: &Path) -> SledStore {
    SledStore::open(dir).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_indexes_true_and_undo_restores_the_exact_export(
        choices in proptest::collection::vec((0u8..11, 0usize..10_000, 0usize..10_000, any::<bool>()), 1..14)
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("db");
        let store = open(&db);
        store.replace_dataset(&small_city()).unwrap();
        let start = export_bytes(&store, &tmp.path().join("start"));
        let mut committed = 0;
        for (serial, choice) in choices.into_iter().enumerate() {
            let data = store.load_dataset().unwrap();
            let ops = pick(&data, choice, serial);
            match edit::commit(&store, ops, Origin::Edit, None, None) {
                Ok(_) => committed += 1,
                Err(EditError::Invalid { .. }) => {}
                Err(e) => panic!("{e}"),
            }
        }
        prop_assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
        // Undo survives a restart.
        drop(store);
        let store = open(&db);
        for _ in 0..committed {
            edit::undo(&store).unwrap();
        }
        prop_assert!(matches!(edit::undo(&store), Err(EditError::Nothing(_))));
        prop_assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
        let end = export_bytes(&store, &tmp.path().join("end"));
        prop_assert!(start == end, "export after undoing everything differs");
        // Redo all, then the structure is the edited one again and still consistent.
        for _ in 0..committed {
            edit::redo(&store).unwrap();
        }
        prop_assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    }
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
    let head = data.positions.iter().find(|p| p.head).unwrap();
    let other = data
        .units
        .iter()
        .find(|u| data.positions.iter().any(|p| p.head && p.unit == u.id && u.id != head.unit))
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
    let has_head = |id| data.positions.iter().any(|p| p.unit == id && p.head);
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
    assert_eq!(store.positions_of(merged.id).unwrap().iter().filter(|p| p.head).count(), 1);
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    let entry = &store.journal().unwrap()[0];
    assert_eq!(entry.reason.as_deref(), Some("merge"));
    assert!(!entry.stamp.user.is_empty());
}
