//! Fuzzing by property: arbitrary bytes (and text shaped like the inputs, which gets
//! further in) as CSV tables, as the JSON document and as operation lines. Nothing
//! panics, and every problem names its place. Value decoding is fuzzed in
//! `store::codec`'s own tests. `PROPTEST_CASES=20000 cargo test --release --test fuzz`
//! runs them longer (docs/benchmarks.md says for how long they ran).

use std::path::Path;

use jabat::interchange;
use jabat::model::Op;
use proptest::prelude::*;

/// Text that looks like a CSV table: known headers, fields with quotes, separators,
/// line ends, control characters, long runs and odd Unicode.
fn csv_like() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        "[A-Za-z0-9 .\\-/]{0,12}",
        "\"[^\"]{0,12}\"?",
        "[\\x00-\\x1f\\x7f\"';,\\r\\n]{1,4}",
        "1966080119880310[0-9]{2}",
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "\\PC{0,8}",
        Just("x".repeat(600)),
    ];
    let header = prop_oneof![
        Just("code,parent_code,name,kind,eselon".to_string()),
        Just("kode;kode_induk;nama".to_string()),
        Just("nip,name,status,grade,position_code".to_string()),
        "[a-z_,;]{0,30}",
    ];
    let sep = prop_oneof![Just(","), Just(";")];
    (header, proptest::collection::vec((proptest::collection::vec(field, 0..7), sep), 0..12)).prop_map(|(h, rows)| {
        let mut text = h;
        for (fields, sep) in rows {
            text.push('\n');
            text.push_str(&fields.join(sep));
        }
        text
    })
}

/// Imports `files` from a fresh directory and checks the outcome: no panic, and each
/// problem placed in one of the files.
fn import_checks(files: &[(&str, &[u8])]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let path = if files.len() == 1 && files[0].0.ends_with(".json") {
        dir.path().join(files[0].0)
    } else {
        dir.path().to_path_buf()
    };
    let imported = interchange::import(&path, Default::default());
    for p in &imported.problems.0 {
        prop_assert!(p.place.starts_with(&dir.path().display().to_string()), "a problem without its place: {p}");
        prop_assert!(!p.message.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn csv_tables_of_any_bytes_never_panic(units in proptest::collection::vec(any::<u8>(), 0..600),
                                           employees in proptest::collection::vec(any::<u8>(), 0..600)) {
        import_checks(&[("units.csv", &units), ("employees.csv", &employees)])?;
    }

    #[test]
    fn csv_shaped_text_never_panics(units in csv_like(), positions in csv_like(), employees in csv_like(), ratings in csv_like()) {
        import_checks(&[
            ("units.csv", units.as_bytes()),
            ("positions.csv", positions.as_bytes()),
            ("employees.csv", employees.as_bytes()),
            ("ratings.csv", ratings.as_bytes()),
        ])?;
    }

    #[test]
    fn json_of_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        import_checks(&[("in.json", &bytes)])?;
    }

    #[test]
    fn json_shaped_documents_never_panic(doc in json_like()) {
        import_checks(&[("in.json", doc.to_string().as_bytes())])?;
    }

    #[test]
    fn operation_files_of_any_text_never_panic(lines in proptest::collection::vec("\\PC{0,60}|[a-z\\-]{3,14} [A-Za-z0-9.\\-]{0,10}( [a-z_]{2,8}=(\"[^\"]{0,8}\"?|[^ ]{0,8})){0,4}", 0..20)) {
        for line in &lines {
            let _ = Op::parse_line(line);
        }
    }
}

/// JSON documents shaped like the import format, with values of every type.
fn json_like() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)),
        "\\PC{0,10}".prop_map(serde_json::Value::from),
        "1966080119880310[0-9]{2}".prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("[a-z_]{1,12}", inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    let row_keys = prop_oneof![
        Just("code"),
        Just("parent_code"),
        Just("name"),
        Just("nip"),
        Just("position_code"),
        Just("unit_code"),
        Just("kind"),
        Just("year")
    ];
    let row = proptest::collection::btree_map(row_keys, value.clone(), 0..6)
        .prop_map(|m| serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
    let table = prop_oneof![proptest::collection::vec(row, 0..5).prop_map(serde_json::Value::from), value];
    let names = prop_oneof![
        Just("units"),
        Just("positions"),
        Just("employees"),
        Just("ratings"),
        Just("format"),
        Just("version")
    ];
    proptest::collection::btree_map(names, table, 0..5)
        .prop_map(|m| serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

#[test]
fn an_operations_file_names_the_line_of_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ops.txt");
    std::fs::write(&file, "rename-unit A name=X\nfly away\n\n# note\nmove-unit B\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
        .env("LANG", "C")
        .arg("--db")
        .arg(dir.path().join("db"))
        .args(["init"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
        .env("LANG", "C")
        .arg("--db")
        .arg(dir.path().join("db"))
        .args(["ops", "apply"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    let at = |n: usize| format!("{}:{n}:", Path::new(&file).display());
    assert!(stderr.contains(&at(2)) && stderr.contains(&at(5)), "{stderr}");
}
