//! The machine output contract (docs/output.md): for every command that takes
//! `--format`, JSON is one valid document and CSV one rectangular table with one header
//! row, keys are stable English identifiers, NIPs 18 digits, numbers numbers, never an
//! internal id; a closed pipe changes nothing but the output. Run on a database
//! directory (through its server) and on PostgreSQL.

use crate::common;

use std::io::Read;
use std::process::Stdio;

use clap::CommandFactory;
use common::{Backend, Served, TestDb, jabat};

/// A city database with a journal entry, a draft and a review decision, so that every
/// command has something to say.
fn database(backend: Backend) -> TestDb {
    let db = backend.fresh("output_contract");
    let run = |args: &[&str]| {
        jabat().arg("--db").arg(&db).args(args).assert().success();
    };
    run(&["generate", "--preset", "city", "--employees", "1500"]);
    run(&["ops", "do", "rename-unit", "1276.14", "name=Dinas Baru"]);
    run(&["draft", "new", "d"]);
    run(&["draft", "add", "d", "move-unit", "1276.12.04.01", "parent=1276.13"]);
    if backend == Backend::Postgres {
        run(&["db", "grant", "jt_reader", "viewer"]);
    }
    {
        let store = db.open();
        let position = store.position_by_code("1276.04.03-J01").unwrap().unwrap();
        // Someone who holds a post under the position's unit.
        let unit = store.unit_by_code("1276.04.03").unwrap().unwrap();
        let held = store
            .positions_under(unit.id)
            .unwrap()
            .into_iter()
            .find_map(|p| store.holder_nips(p.id).unwrap().first().copied())
            .expect("someone holds a post under 1276.04.03");
        let someone = store.employee(held).unwrap().unwrap();
        let mut review = jabat::model::Review::new(&position.code);
        review.decide(
            someone.nip,
            jabat::model::Decision::Shortlisted,
            jabat::model::Stamp { user: "ana".into(), at: 1_780_000_000 },
        );
        review.note(someone.nip, "catatan", jabat::model::Stamp { user: "ana".into(), at: 1_780_000_100 });
        store.put_review(&review).unwrap();
    }
    db
}

/// Every command that takes `--format`, with the arguments it is run with here (the
/// server's on a directory, the database's roles on PostgreSQL).
fn commands(nip: &str, backend: Backend, merge: &str) -> Vec<Vec<String>> {
    let lines: &[&[&str]] = &[
        &["import", "--merge", "--dry-run", merge],
        &["tree", "1276.23", "--depth", "1"],
        &["show", "1276.23"],
        &["show", "1276.23.03-J01"],
        &["show", nip],
        &["find", "siregar"],
        &["stats"],
        &["gaps", "1276.23"],
        &["gaps", "1276.23.03-J01"],
        &["candidates", "1276.04.03-J01"],
        &["candidates", "1276.04.03-J01", "--explain", nip],
        &["review", "1276.04.03-J01"],
        &["review", "--all"],
        &["export-review", "1276.04.03-J01"],
        &["peta-jabatan", "1276.04"],
        &["abk", "1276.04"],
        &["anjab", "1276.04.01-J02"],
        &["ninebox", "1276.04"],
        &["training-needs", "1276.23", "--people"],
        &["training-needs", "1276.23"],
        &["formation", "1276.23"],
        &["formation", "1276.23", "--shortages"],
        &["performance", "1276.23"],
        &["performance", "1276.23", "--people"],
        &["history"],
        &["check", "--integrity"],
        &["rules", "--show"],
        &["draft", "list"],
        &["draft", "diff", "d"],
        match backend {
            Backend::Sled => &["server", "status"],
            Backend::Postgres => &["db", "roles"],
        },
    ];
    lines.iter().map(|l| l.iter().map(|w| w.to_string()).collect()).collect()
}

/// Names of every (sub)command that has a `--format` option.
fn commands_with_format() -> std::collections::BTreeSet<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        for sub in cmd.get_subcommands() {
            let name =
                if prefix.is_empty() { sub.get_name().to_string() } else { format!("{prefix} {}", sub.get_name()) };
            if sub.get_arguments().any(|a| a.get_id() == "format") {
                out.insert(name.clone());
            }
            walk(sub, &name, out);
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(&jabat::cli::Cli::command(), "", &mut out);
    out
}

fn key_is_stable(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_:".contains(c))
}

/// Checks every key and value of a JSON document; returns what is wrong.
fn json_problems(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    const NUMBERS: &[&str] = &[
        "needed",
        "filled",
        "difference",
        "score",
        "jpm",
        "holders",
        "box",
        "rank",
        "required",
        "assessed",
        "seq",
        "workload_minutes",
        "job_efficiency",
        "need_from_workload",
        "potential",
        "age",
        "year",
        "short_by",
        "jpm_next_level",
        "average_gap",
        "share_below",
        "ikk",
        "first_year",
        "placed",
    ];
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let at = format!("{path}.{k}");
                if !key_is_stable(k) {
                    out.push(format!("{at}: key is not a stable identifier"));
                }
                if k == "id" || (["unit", "position"].contains(&k.as_str()) && v.is_number()) {
                    out.push(format!("{at}: an internal id"));
                }
                if (k == "nip" || k.ends_with("_nip") || k == "displaced_by")
                    && !(v.is_null()
                        || v.as_str().is_some_and(|s| s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit())))
                {
                    out.push(format!("{at}: a NIP that is not 18 digits: {v}"));
                }
                // Vocabularies in their canonical spelling (`administrator`, `III.b`).
                let text = v.as_str().unwrap_or("");
                if ["kind", "level", "status", "severity"].contains(&k.as_str()) && text.chars().any(char::is_uppercase)
                {
                    out.push(format!("{at}: not the canonical spelling: {text:?}"));
                }
                let eselons = ["I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b", "V.a"];
                if k == "eselon" && v.is_string() && !eselons.contains(&text) {
                    out.push(format!("{at}: not the canonical spelling of an eselon: {text:?}"));
                }
                if NUMBERS.contains(&k.as_str()) && !(v.is_number() || v.is_null() || v.is_array()) {
                    out.push(format!("{at}: a number written as {v}"));
                }
                json_problems(v, &at, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate().take(50) {
                json_problems(v, &format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::String(s) if s.contains(" → ") || s.contains('▼') || s.contains('\u{1b}') => {
            out.push(format!("{path}: two values or a drawing in one field: {s:?}"));
        }
        _ => {}
    }
}

fn csv_problems(text: &str, out: &mut Vec<String>) {
    if text.lines().any(|l| l.trim().is_empty()) {
        out.push("a blank line".into());
    }
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return out.push(format!("no header: {e}")),
    };
    for key in header.iter() {
        if !key_is_stable(key) {
            out.push(format!("header {key:?} is not a stable identifier"));
        }
    }
    let nip_columns: Vec<usize> =
        header.iter().enumerate().filter(|(_, k)| *k == "nip" || k.ends_with("_nip")).map(|(i, _)| i).collect();
    for (n, record) in reader.records().enumerate() {
        match record {
            Ok(r) => {
                if r == header {
                    out.push(format!("row {}: a second header", n + 2));
                }
                for &i in &nip_columns {
                    let v = &r[i];
                    if !(v.is_empty() || (v.len() == 18 && v.bytes().all(|b| b.is_ascii_digit()))) {
                        out.push(format!("row {}: NIP {v:?}", n + 2));
                    }
                }
                for v in r.iter() {
                    if v.contains(" → ") || v.contains('▼') {
                        out.push(format!("row {}: two values or a drawing in one cell: {v:?}", n + 2));
                    }
                }
            }
            Err(e) => out.push(format!("not rectangular: {e}")),
        }
    }
}

on_each_backend!(every_command_keeps_the_machine_output_contract_and_a_closed_pipe_keeps_the_exit_code);

fn every_command_keeps_the_machine_output_contract_and_a_closed_pipe_keeps_the_exit_code(backend: Backend) {
    let db = database(backend);
    let nip = {
        let out =
            jabat().arg("--db").arg(&db).args(["candidates", "1276.04.03-J01", "--format", "json"]).output().unwrap();
        let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        all[0]["nip"].as_str().unwrap().to_string()
    };
    // A merge to read before it is made: one person's row with another name.
    let merge = tempfile::tempdir().unwrap();
    jabat().arg("--db").arg(&db).arg("export").arg(merge.path().join("all")).assert().success();
    let mut reader = csv::Reader::from_path(merge.path().join("all/employees.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let mut first: Vec<String> = reader.records().next().unwrap().unwrap().iter().map(str::to_string).collect();
    first[1] = format!("Baru {}", first[1]);
    std::fs::create_dir(merge.path().join("in")).unwrap();
    let mut writer = csv::Writer::from_path(merge.path().join("in/employees.csv")).unwrap();
    writer.write_record(&header).unwrap();
    writer.write_record(&first).unwrap();
    writer.flush().unwrap();
    let commands = commands(&nip, backend, merge.path().join("in").to_str().unwrap());
    // Every command with --format is exercised here; a directory's through a server
    // (which holds the contract as the database opened directly does, and answers
    // `server status`).
    let _served = (backend == Backend::Sled).then(|| Served::start(db.dir(), &[]));
    let covered: std::collections::BTreeSet<String> = commands
        .iter()
        .map(|c| {
            if ["draft", "server", "db"].contains(&c[0].as_str()) { format!("{} {}", c[0], c[1]) } else { c[0].clone() }
        })
        .collect();
    // (Each backend has one of its own.)
    let elsewhere = match backend {
        Backend::Sled => "db roles",
        Backend::Postgres => "server status",
    };
    let missing: Vec<String> =
        commands_with_format().difference(&covered).filter(|c| *c != elsewhere).cloned().collect();
    assert!(missing.is_empty(), "commands with --format that this test does not run: {missing:?}");

    let mut problems = Vec::new();
    for args in &commands {
        let mut expected_code = None;
        let mut json_doc = None;
        let mut csv_text = String::new();
        for format in ["json", "csv", "ndjson"] {
            let out = jabat().arg("--db").arg(&db).args(args).args(["--format", format]).output().unwrap();
            let what = format!("{} --format {format}", args.join(" "));
            let code = out.status.code();
            if !matches!(code, Some(0 | 1)) {
                problems.push(format!("{what}: exit {code:?}: {}", String::from_utf8_lossy(&out.stderr)));
                continue;
            }
            if expected_code.is_some_and(|c| c != code) {
                problems.push(format!("{what}: exit {code:?} differs from the other format's"));
            }
            expected_code = Some(code);
            let text = String::from_utf8(out.stdout).expect("UTF-8 output");
            let mut found = Vec::new();
            if format == "json" {
                match serde_json::from_str::<serde_json::Value>(&text) {
                    // The rule set mirrors rules.toml, whose keys are eselon and kind
                    // names (`I.a`, `fungsional/ahli_muda`): checked as a document only.
                    Ok(doc) if args[0] == "rules" => json_doc = Some(doc),
                    Ok(doc) => {
                        json_problems(&doc, "", &mut found);
                        json_doc = Some(doc);
                    }
                    Err(e) => found.push(format!("not one JSON document: {e}")),
                }
            } else if format == "ndjson" && args[0] == "server" {
                // Who is connected differs from one run to the next: each line is JSON.
                if text.lines().any(|l| serde_json::from_str::<serde_json::Value>(l).is_err()) {
                    found.push("a line is not JSON".into());
                }
            } else if format == "ndjson" {
                // A JSON value a line: the JSON document's items, or the document.
                let values: Result<Vec<serde_json::Value>, _> = text.lines().map(serde_json::from_str).collect();
                match (values, &json_doc) {
                    (Err(e), _) => found.push(format!("a line is not JSON: {e}")),
                    (Ok(values), Some(serde_json::Value::Array(items))) if values != *items => {
                        found.push(format!("{} lines, not the {} items of the JSON array", values.len(), items.len()))
                    }
                    (Ok(values), Some(doc)) if !doc.is_array() && values != [doc.clone()] => {
                        found.push("not the JSON document on one line".into())
                    }
                    _ => {}
                }
            } else if args[0] == "rules" {
                let mut reader = csv::Reader::from_reader(text.as_bytes());
                if reader.records().any(|r| r.is_err()) {
                    found.push("not rectangular".into());
                }
            } else {
                csv_problems(&text, &mut found);
                csv_text = text.clone();
            }
            // Without its header, the same rows.
            if format == "csv" && !["rules", "server"].contains(&args[0].as_str()) {
                let bare = jabat().arg("--db").arg(&db).args(args).args(["--format", "csv", "--no-header"]).output();
                let bare = String::from_utf8(bare.unwrap().stdout).unwrap();
                if csv_text.split_once('\n').map(|(_, rows)| rows) != Some(bare.as_str()) {
                    found.push("--no-header does not leave out just the header".into());
                }
            }
            problems.extend(found.into_iter().take(5).map(|p| format!("{what}: {p}")));

            // The reader has gone before the first byte: the exit code is the same, and
            // nothing is said about the pipe.
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
                .env("LANG", "C")
                .env("JABAT_TODAY", common::SAMPLE_DAY_TEXT)
                .arg("--db")
                .arg(&db)
                .args(args)
                .args(["--format", format])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            drop(child.stdout.take());
            let mut stderr = String::new();
            child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
            let closed = child.wait().unwrap().code();
            if closed != code || stderr.to_lowercase().contains("broken pipe") {
                problems.push(format!("{what} | (closed): exit {closed:?} (not {code:?}), stderr {stderr:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
