//! The command line as a user drives it: the binary on temporary databases.

use crate::common;

use common::{Backend, TestDb, export, files, jabat};
use predicates::prelude::*;

fn demo_tree_shows_binjai_and_its_perangkat_daerah(backend: Backend) {
    let demo = backend.demo("demo_tree_shows_binjai_and_its_perangkat_daerah");
    demo.jabat()
        .args(["tree", "--depth", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Pemerintah Kota Binjai"))
        .stdout(predicate::str::contains("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"))
        .stdout(predicate::str::contains("Kecamatan Binjai Timur"))
        .stdout(predicate::str::contains("Bidang Mutasi dan Promosi"))
        .stdout(predicate::str::contains("Subbagian Keuangan").not());
}

fn depth_limits_the_tree(backend: Backend) {
    let demo = backend.demo("depth_limits_the_tree");
    let out = demo.jabat().args(["tree", "--depth", "1", "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().skip(1).all(|l| l.starts_with("0,") || l.starts_with("1,")), "{text}");
    assert!(text.lines().count() > 25);
}

fn find_lists_employees_by_surname_ranked_and_show_prints_the_person(backend: Backend) {
    let demo = backend.demo("find_lists_employees_by_surname_ranked_and_show_prints_the_person");
    let out = demo.jabat().args(["find", "siregar", "--kind", "employee", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 20);
    for h in hits {
        assert_eq!(h["kind"], "employee");
        assert!(h["name"].as_str().unwrap().to_lowercase().contains("siregar"), "{h}");
    }
    let nip = hits[0]["code"].as_str().unwrap().to_string();
    let shown = demo.jabat().args(["show", &nip]).output().unwrap();
    assert!(shown.status.success());
    let text = String::from_utf8(shown.stdout).unwrap();
    let spaced = format!("{} {} {} {}", &nip[0..8], &nip[8..14], &nip[14..15], &nip[15..18]);
    for want in [spaced.as_str(), "Pemerintah Kota Binjai ›", "Grade", "Performance ratings", "Competency assessments"]
    {
        assert!(text.contains(want), "missing {want} in\n{text}");
    }
}

fn find_is_accent_and_case_insensitive_and_exits_1_when_nothing_matches(backend: Backend) {
    let demo = backend.demo("find_is_accent_and_case_insensitive_and_exits_1_when_nothing_matches");
    jabat()
        .args(["--demo", "find", "BKPSDM-does-not-exist-xyz"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing found"));
    jabat()
        .args(["--demo", "find", "KEPEGAWAIAN", "--kind", "unit"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Badan Kepegawaian"));
    demo.jabat().args(["find", "Kepégawaian", "--kind", "unit"]).assert().success();
}

fn show_unknown_code_exits_1_and_bad_nip_exits_2(backend: Backend) {
    let demo = backend.demo("show_unknown_code_exits_1_and_bad_nip_exits_2");
    demo.jabat().args(["show", "NO-SUCH-CODE"]).assert().code(1);
    jabat()
        .args(["--demo", "show", "196613011988031001"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a birth date"));
}

fn piped_output_has_no_colour_and_csv_has_stable_keys(backend: Backend) {
    let demo = backend.demo("piped_output_has_no_colour_and_csv_has_stable_keys");
    let out = demo.jabat().args(["stats"]).output().unwrap();
    assert!(!out.stdout.contains(&0x1b));
    let out = demo.jabat().args(["find", "dinas", "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("kind,code,name,context,score"));
}

fn indonesian_interface_from_the_locale_and_the_flag(backend: Backend) {
    let demo = backend.demo("indonesian_interface_from_the_locale_and_the_flag");
    jabat()
        .args(["--demo", "stats"])
        .env("LANG", "id_ID.UTF-8")
        .assert()
        .success()
        .stdout(predicate::str::contains("Pegawai"));
    demo.jabat().args(["--lang", "id", "stats"]).assert().success().stdout(predicate::str::contains("Kebutuhan"));
    jabat()
        .args(["--demo", "--lang", "en", "stats"])
        .env("LANG", "id_ID.UTF-8")
        .assert()
        .stdout(predicate::str::contains("Needed"));
}

fn a_closed_pipe_is_not_an_error(backend: Backend) {
    let demo = backend.demo("a_closed_pipe_is_not_an_error");
    use std::io::Read;
    // Each writes well over a pipe's 64 KiB buffer.
    for args in [
        &["tree", "--format", "json"][..],
        &["training-needs", "1276", "--people", "--format", "csv"],
        &["tree", "--format", "table"],
    ] {
        let format = args.join(" ");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jabat"))
            .arg("--db")
            .arg(&demo)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

fn export_import_export_is_byte_identical_in_csv_and_json(backend: Backend) {
    let demo = backend.demo("export_import_export_is_byte_identical_in_csv_and_json");
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    demo.jabat().args(["export"]).arg(&first).assert().success();
    let db = backend.fresh("export_import_export_is_byte_identical_in_csv_and_json_db");
    jabat().arg("--db").arg(&db).arg("import").arg(&first).assert().success();
    assert_eq!(export(&db, &tmp.path().join("second")), files(&first));

    let json = tmp.path().join("all.json");
    jabat().arg("--db").arg(&db).arg("export").arg(&json).assert().success();
    let db2 = backend.fresh("export_import_export_is_byte_identical_in_csv_and_json_db2");
    jabat().arg("--db").arg(&db2).arg("import").arg(&json).assert().success();
    assert_eq!(export(&db2, &tmp.path().join("third")), files(&first));
    let json2 = tmp.path().join("again.json");
    jabat().arg("--db").arg(&db2).arg("export").arg(&json2).assert().success();
    assert_eq!(std::fs::read(json).unwrap(), std::fs::read(json2).unwrap());
}

fn a_non_empty_database_needs_replace_or_merge(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let db = backend.fresh("a_non_empty_database_needs_replace_or_merge_db");
    let data = common::write_dir(tmp.path(), "in", &[("units.csv", b"code,name\nA,Alpha\n")]);
    jabat().arg("--db").arg(&db).arg("import").arg(&data).assert().success();
    jabat()
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&data)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--replace"));
    let more =
        common::write_dir(tmp.path(), "more", &[("units.csv", b"code,parent_code,name\nB,A,Beta\nA,,Alpha Baru\n")]);
    jabat().arg("--db").arg(&db).arg("import").arg("--merge").arg(&more).assert().success();
    let units = String::from_utf8(export(&db, &tmp.path().join("out"))["units.csv"].clone()).unwrap();
    assert_eq!(units, "code,parent_code,name,kind,eselon,unor_id\nA,,Alpha Baru,,,\nB,A,Beta,,,\n");
    jabat().arg("--db").arg(&db).arg("import").arg("--replace").arg(&data).assert().success();
    let units = String::from_utf8(export(&db, &tmp.path().join("out2"))["units.csv"].clone()).unwrap();
    assert_eq!(units, "code,parent_code,name,kind,eselon,unor_id\nA,,Alpha,,,\n");
}

#[test]
fn the_demo_flag_opens_the_sample_in_a_database_of_its_own() {
    let (_tmp, db) = city_db(Backend::Sled, "demo");
    let tree = |cmd: &mut assert_cmd::Command| {
        cmd.args(["tree", "--format", "csv"]).assert().success().get_output().stdout.clone()
    };
    assert_eq!(tree(jabat().arg("--demo")), tree(&mut db.jabat()));
    jabat().args(["--demo", "ops", "do", "rename-unit", "1276", "name=X"]).assert().success();
    assert!(String::from_utf8(tree(jabat().arg("--demo"))).unwrap().contains("Pemerintah Kota Binjai"), "nothing kept");
}

#[test]
fn a_wrong_password_is_one_line_and_pgpassword_or_pgpass_give_the_right_one() {
    use std::os::unix::fs::PermissionsExt;
    let Some(backend) = Backend::postgres("a_wrong_password") else { return };
    if !common::pg::cluster().is_ok_and(common::pg::Pg::is_own) {
        common::skip("a_wrong_password: the server JABAT_TEST_PG names decides its own authentication");
        return;
    }
    let db = backend.demo("password");
    let role = common::pg::PASSWORD_ROLE;
    let mut admin = ::postgres::Client::connect(&db.arg, ::postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE {role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$; \
             ALTER ROLE {role} PASSWORD 'right horse'"
        ))
        .unwrap();
    db.jabat().args(["db", "grant", role, "viewer"]).assert().success();
    let theirs = common::pg::as_user(&db.arg, role);
    let with_password = theirs.replacen(&format!("{role}@"), &format!("{role}:battery@"), 1);
    let out = jabat().args(["--db", &with_password, "stats"]).output().unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert_eq!(said.lines().count(), 1, "one line: {said}");
    for want in [&format!("as {role}"), "password authentication failed", "PGPASSWORD or ~/.pgpass"] {
        assert!(said.contains(want), "{want:?} in {said}");
    }
    assert!(!said.contains("battery"), "never the password: {said}");
    jabat().args(["--db", &theirs, "stats"]).env("PGPASSWORD", "right horse").assert().success();
    // ~/.pgpass, used only while nobody else may read it.
    let home = tempfile::tempdir().unwrap();
    let name = theirs.split_once('?').unwrap().0.rsplit_once('/').unwrap().1.to_string();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("# jabat\nelsewhere:*:*:*:no\nlocalhost:5432:{name}:{role}:right horse\n"))
        .unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    jabat().args(["--db", &theirs, "stats"]).env("HOME", home.path()).assert().success();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    jabat().args(["--db", &theirs, "stats"]).env("HOME", home.path()).assert().code(2);
}

#[test]
fn through_pgbouncer_in_session_mode_commands_read_the_same_and_write_as_their_own_role() {
    let Some(backend) = Backend::postgres("through_pgbouncer") else { return };
    let Some(pooler) = common::pg::Pooler::start("through_pgbouncer", &["jabat_test", "siti"]) else { return };
    let db = backend.demo("pgbouncer");
    db.jabat().args(["db", "grant", "siti", "editor"]).assert().success();
    let mut admin = ::postgres::Client::connect(&db.arg, ::postgres::NoTls).unwrap();
    let nip: i64 = admin.query_one("SELECT nip FROM jabat.employees ORDER BY nip LIMIT 1", &[]).unwrap().get(0);
    let units: Vec<String> = admin
        .query("SELECT code FROM jabat.units WHERE parent_id IS NOT NULL ORDER BY id LIMIT 2", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let pooled = pooler.url(&db.arg);
    assert_ne!(pooled, db.arg);
    let output = |url: &str, args: &[&str]| {
        let out = jabat().arg("--db").arg(url).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    // Each read twice through the pooler: the second gets a server session the first
    // left (reset by pgbouncer), so nothing may depend on a fresh one.
    let nip = nip.to_string();
    for args in [
        &["show", nip.as_str(), "--format", "json"][..],
        &["find", "kepala", "--format", "csv"],
        &["tree", "--depth", "2"],
        &["gaps", &units[0], "--format", "csv"],
        &["performance", &units[0], "--format", "json"],
    ] {
        let direct = String::from_utf8(output(&db.arg, args)).unwrap();
        assert_eq!(String::from_utf8(output(&pooled, args)).unwrap(), direct, "{args:?} through pgbouncer");
        assert_eq!(String::from_utf8(output(&pooled, args)).unwrap(), direct, "{args:?} through pgbouncer, again");
    }
    // Writes through it: each in one transaction, in the journal under the role that
    // signed in (pgbouncer keeps a pool per role, so `session_user` is theirs).
    output(&pooled, &["ops", "do", "rename-unit", &units[0], "name=Bagian Lewat Pooler"]);
    let siti = common::pg::as_user(&pooled, "siti");
    output(&siti, &["ops", "do", "rename-unit", &units[1], "name=Bagian Siti"]);
    let history: serde_json::Value =
        serde_json::from_slice(&output(&db.arg, &["history", "--format", "json"])).unwrap();
    let users: Vec<&str> = history.as_array().unwrap().iter().filter_map(|e| e["user"].as_str()).collect();
    assert_eq!(users[users.len() - 2..], ["jabat_test", "siti"], "{history}");
    let tree = String::from_utf8(output(&db.arg, &["tree", "--depth", "2"])).unwrap();
    assert!(tree.contains("Bagian Lewat Pooler") && tree.contains("Bagian Siti"), "{tree}");
}

#[test]
fn tables_older_than_jabat_ask_for_db_migrate_and_newer_ones_are_refused() {
    let Some(backend) = Backend::postgres("schema_versions") else { return };
    let db = backend.demo("schema_versions");
    let mut admin = ::postgres::Client::connect(&db.arg, ::postgres::NoTls).unwrap();
    // As a database made by the jabat before the latest migration.
    admin
        .batch_execute(
            "DELETE FROM jabat.refinery_schema_history \
             WHERE version = (SELECT max(version) FROM jabat.refinery_schema_history)",
        )
        .unwrap();
    db.jabat()
        .arg("stats")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("older than this jabat").and(predicate::str::contains("jabat db migrate")));
    db.jabat().args(["db", "migrate"]).assert().success().stdout(predicate::str::contains("brought"));
    db.jabat().arg("stats").assert().success();
    // As a database a newer jabat has migrated.
    admin
        .batch_execute(
            "INSERT INTO jabat.refinery_schema_history (version, name, applied_on, checksum) \
             VALUES (9999, 'from_the_future', '', '0')",
        )
        .unwrap();
    for args in [&["stats"][..], &["db", "migrate"], &["ops", "do", "rename-unit", "1276", "name=X"]] {
        db.jabat().args(args).assert().code(2).stderr(predicate::str::contains("newer than this jabat"));
    }
}

#[test]
fn a_url_asking_for_tls_is_refused_saying_jabat_connects_without_it() {
    jabat()
        .args(["--db", "postgresql://siti@db.example/jabat?sslmode=require", "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "database jabat on db.example:5432 as siti: the URL asks for TLS (sslmode=require)",
        ))
        .stderr(predicate::str::contains("SSH tunnel"));
}

#[test]
fn a_second_process_waits_for_the_holder_saying_who_and_goes_on_once_it_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let held = jabat::store::SledStore::open(&db).unwrap();
    // Asked to open it directly, it stops at once and names the holder.
    let start = std::time::Instant::now();
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["--no-server", "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("in use by process {}", std::process::id())))
        .stderr(predicate::str::contains("since"));
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "took {:?}", start.elapsed());
    // Otherwise it waits for the holder (an import, say), says so once, and goes on.
    let waiting = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
        .arg("--db")
        .arg(&db)
        .arg("stats")
        .env("LANG", "C")
        .env_remove("JABAT_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    drop(held);
    let out = waiting.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert_eq!(said.matches("waiting").count(), 1, "{said}");
    assert!(said.contains(&format!("is open directly by process {}", std::process::id())), "{said}");
    jabat().arg("--db").arg(&db).args(["server", "stop"]).assert().success();
}

#[test]
fn generate_is_deterministic_and_scales_to_an_exact_count() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    jabat().args(["generate", "--employees", "700", "--seed", "5", "--out"]).arg(&a).assert().success();
    jabat().args(["generate", "--employees", "700", "--seed", "5", "--out"]).arg(&b).assert().success();
    assert_eq!(files(&a), files(&b));
    let employees = String::from_utf8(files(&a)["employees.csv"].clone()).unwrap();
    assert_eq!(employees.lines().count(), 701);
    // What the generator writes, the importer accepts.
    jabat().arg("--db").arg(tmp.path().join("db")).arg("import").arg("--dry-run").arg(&a).assert().success();
}

#[test]
fn rules_show_the_effective_set_and_check_files_naming_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let shown = jabat().args(["rules", "--show"]).output().unwrap();
    assert!(shown.status.success());
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.contains("[eselon_grades.\"III.b\"]") && text.contains("effective_minutes = 75000"), "{text}");
    // What --show prints is itself a valid rules file.
    let file = tmp.path().join("shown.toml");
    std::fs::write(&file, &text).unwrap();
    jabat().args(["rules", "--check"]).arg(&file).assert().success().stdout(predicate::str::contains("ok"));
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[nine_box]\npotential_middle = 95.0\n").unwrap();
    jabat().args(["rules", "--check"]).arg(&bad).assert().code(2).stderr(predicate::str::contains("nine_box"));
    let mine = tmp.path().join("mine.toml");
    std::fs::write(&mine, "[jpm]\nms = 85.0\n").unwrap();
    jabat()
        .arg("--rules")
        .arg(&mine)
        .args(["rules", "--show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ms = 85.0"));
}

fn gaps_of_a_position_and_of_a_unit_agree_with_each_other(backend: Backend) {
    let demo = backend.demo("gaps_of_a_position_and_of_a_unit_agree_with_each_other");
    // The position view's holders and the unit matrix's row for the same position come
    // from the same assessments.
    let out = demo.jabat().args(["gaps", "1276.23.03-J03", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let position: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let holders = position["holders"].as_array().unwrap();
    assert!(!holders.is_empty());
    for h in holders {
        assert!(["ms", "mms", "kms"].contains(&h["selection"].as_str().unwrap_or("ms")), "{h}");
    }
    let below_integritas = holders
        .iter()
        .filter(|h| {
            h["gaps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["competency"] == "integritas" && g["gap"].as_i64().is_some_and(|x| x < 0))
        })
        .count();
    let out = demo.jabat().args(["gaps", "1276.23.03", "--format", "json"]).output().unwrap();
    let matrix: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = matrix["positions"].as_array().unwrap().iter().find(|r| r["code"] == "1276.23.03-J03").unwrap();
    assert_eq!(row["holders"].as_u64().unwrap() as usize, holders.len());
    assert_eq!(row["cells"]["integritas"]["below"].as_u64().unwrap() as usize, below_integritas);
    demo.jabat().args(["gaps", "1276.23"]).assert().success().stdout(predicate::str::contains("INT"));
    // Regression: technical competencies (teknis:<id>) are map keys too.
    let out = demo.jabat().args(["gaps", "1276", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let whole: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(whole["competencies"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().starts_with("teknis:")));
    demo.jabat().args(["gaps", "NOPE"]).assert().code(1);
}

fn candidates_json_is_a_stable_interface_and_explain_gives_every_reason(backend: Backend) {
    let demo = backend.demo("candidates_json_is_a_stable_interface_and_explain_gives_every_reason");
    let out = demo.jabat().args(["candidates", "1276.23.03-J01", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let people: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(people.len() > 1000, "everyone of the instansi is considered");
    let rules = [
        "holder",
        "level",
        "status",
        "education",
        "grade",
        "experience",
        "rating",
        "penalty",
        "age",
        "retirement",
        "competency",
    ];
    let mut next_rank = 1;
    for p in &people {
        for key in ["nip", "name", "eligible", "standing", "rank", "score", "jpm", "box", "failed"] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        let failed = p["failed"].as_array().unwrap();
        // Eligible: every rule holds, and it is a promotion (not a rotation).
        assert_eq!(p["eligible"].as_bool().unwrap(), failed.is_empty() && p["standing"] != "rotation");
        if p["eligible"].as_bool().unwrap() {
            assert_eq!(p["rank"].as_u64().unwrap(), next_rank, "ranks run 1, 2, 3 … in order");
            next_rank += 1;
        } else {
            assert!(p["rank"].is_null());
        }
        for f in failed {
            assert!(rules.contains(&f["rule"].as_str().unwrap()), "{f}");
            assert!(!f["message"].as_str().unwrap().is_empty());
        }
    }
    assert!(next_rank > 1, "someone is eligible");
    // The current holder is never a candidate, and --explain says why.
    let holder = people.iter().find(|p| p["failed"].as_array().unwrap().iter().any(|f| f["rule"] == "holder")).unwrap();
    jabat()
        .args(["--demo", "candidates", "1276.23.03-J01", "--explain", holder["nip"].as_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("holder      already holds this position"));
    demo.jabat().args(["candidates", "NOPE"]).assert().code(1);
}

fn tasks_give_the_kebutuhan_and_the_job_efficiency_and_export_back(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let input = common::write_dir(
        tmp.path(),
        "abk",
        &[
            ("units.csv", b"code,parent_code,name\nU,,Dinas\nU.1,U,Bidang\n"),
            (
                "positions.csv",
                b"code,unit_code,name,kind,needed\nP1,U.1,Pengadministrasi,pelaksana,\nP2,U.1,Analis,pelaksana,4\n",
            ),
            ("employees.csv", b"nip,name,position_code\n198001012005011001,Ani,P1\n198001012005011002,Budi,P1\n"),
            // 1 500 × 60 + 2 000 × 22,5 = 135 000 minutes: 1.8 people, so 2; EJ 135 000 / (2 × 75 000) = 0.90.
            ("tasks.csv", "kode_jabatan;uraian_tugas;volume;waktu\nP1;Mengagendakan surat;1500;60\nP1;Mengarsipkan;2000;22,5\nP2;Menganalisis;10;60\n".as_bytes()),
        ],
    );
    let db = backend.fresh("tasks");
    db.jabat()
        .arg("import")
        .arg(&input)
        .assert()
        .success()
        .stderr(predicates::str::contains("kebutuhan of 1 positions computed"));
    let show = |code: &str| -> serde_json::Value {
        let out = jabat().arg("--db").arg(&db).args(["show", code, "--format", "json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let p1 = show("P1");
    assert_eq!(p1["needed"], 2, "computed from the workload");
    assert_eq!((p1["workload_minutes"].as_f64(), p1["job_efficiency"].as_f64()), (Some(135000.0), Some(0.9)));
    assert_eq!(p1["job_efficiency_grade"], "B");
    assert_eq!(show("P2")["needed"], 4, "a kebutuhan in the data is kept");
    // The unit rolls up: 135 600 minutes over the 2 holders of positions with tasks.
    let unit = show("U");
    assert_eq!((unit["workload_minutes"].as_f64(), unit["job_efficiency"].as_f64()), (Some(135600.0), Some(0.9)));
    let out = tmp.path().join("out");
    let exported = export(&db, &out);
    assert_eq!(
        String::from_utf8_lossy(&exported["tasks.csv"]),
        "position_code,task,volume,minutes\nP1,Mengagendakan surat,1500,60\nP1,Mengarsipkan,2000,22.5\nP2,Menganalisis,10,60\n"
    );
    // Bad rows name the file, the line and the column.
    let bad = common::write_dir(
        tmp.path(),
        "bad",
        &[
            ("units.csv", b"code,name\nU,Dinas\n"),
            ("positions.csv", b"code,unit_code,name,kind\nP,U,Analis,pelaksana\n"),
            ("tasks.csv", b"position_code,task,volume,minutes\nX,Rapat,12,60\nP,Rapat,-3,60\n"),
        ],
    );
    backend
        .fresh("tasks_bad")
        .jabat()
        .arg("import")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicates::str::contains("tasks.csv:2: position_code: unknown position 'X'"))
        .stderr(predicates::str::contains("tasks.csv:3: volume: '-3' is not a yearly volume"));
}

/// A city database in a temporary directory.
/// The city sample in a new database, and a directory for the test's other files.
fn city_db(backend: Backend, test: &str) -> (tempfile::TempDir, TestDb) {
    (tempfile::tempdir().unwrap(), backend.demo(test))
}

fn an_operations_file_replays_a_restructuring_and_reports_the_line_that_does_not_fit(backend: Backend) {
    let (tmp, db) =
        city_db(backend, "an_operations_file_replays_a_restructuring_and_reports_the_line_that_does_not_fit");
    let run = |db: &TestDb, args: &[&str]| jabat().arg("--db").arg(db).args(args).assert();
    run(&db, &["ops", "merge", "1276.12.03", "1276.12.02", "--reason", "penyederhanaan"]).success();
    run(&db, &["ops", "do", "move-unit", "1276.12.04.01", "parent=1276.13"]).success();
    run(
        &db,
        &[
            "ops",
            "do",
            "edit-position",
            "1276.12.02.01-J01",
            "kind=fungsional",
            "level=ahli_muda",
            "eselon=-",
            "head=no",
        ],
    )
    .success();
    run(&db, &["ops", "do", "rename-unit", "1276.12", "name=Dinas Kominfo"]).success();
    run(&db, &["ops", "undo"]).success().stdout(predicate::str::contains("undo #4"));
    run(&db, &["ops", "redo"]).success();
    run(&db, &["--read-only", "ops", "undo"]).code(2).stderr(predicate::str::contains("--read-only"));
    let history = run(&db, &["history", "--format", "csv"]).success().get_output().stdout.clone();
    let history = String::from_utf8(history).unwrap();
    let entries = csv::Reader::from_reader(history.as_bytes()).records().count();
    assert_eq!(entries, 6, "{history}");
    assert!(history.contains("penyederhanaan") && history.contains("redo #4"), "{history}");
    run(&db, &["history", "--user", "nobody-such"]).code(1);
    let ops = tmp.path().join("ops.txt");
    run(&db, &["ops", "export"]).code(2);
    run(&db, &["ops", "export", ops.to_str().unwrap()]).success();
    // On a fresh city database the file gives the same export.
    let (_fresh_dir, fresh) =
        city_db(backend, "an_operations_file_replays_a_restructuring_and_reports_the_line_that_does_not_fit");
    run(&fresh, &["ops", "apply", ops.to_str().unwrap(), "--dry-run"])
        .success()
        .stdout(predicate::str::contains("dry run"));
    run(&fresh, &["ops", "apply", ops.to_str().unwrap()]).success();
    assert_eq!(export(&db, &tmp.path().join("a")), export(&fresh, &tmp.path().join("b")));
    // A file that does not fit names its line and changes nothing.
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, "# two lines\nrename-unit 1276.13 name=Dishub\nmove-unit 1276.13 parent=1276.13.01\n")
        .unwrap();
    run(&fresh, &["ops", "apply", bad.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("bad.txt:3:").and(predicate::str::contains("cannot move under itself")));
    std::fs::write(&bad, "rename-unit 1276.13\n").unwrap();
    run(&fresh, &["ops", "apply", bad.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("bad.txt:1: 'rename-unit' needs name="));
    assert_eq!(export(&db, &tmp.path().join("c")), export(&fresh, &tmp.path().join("d")));
}

fn drafts_and_check_work_headless(backend: Backend) {
    let (_tmp, db) = city_db(backend, "drafts_and_check_work_headless");
    let run = |args: &[&str]| jabat().arg("--db").arg(&db).args(args).assert();
    run(&["draft", "new", "reorg"]).success();
    run(&["draft", "add", "reorg", "move-unit", "1276.12.04.01", "parent=1276.13"]).success();
    run(&["draft", "add", "reorg", "move-unit", "1276.12.04.01", "parent=1276.13"])
        .code(2)
        .stderr(predicate::str::contains("already under"));
    run(&["draft", "list", "--format", "csv"]).success().stdout(predicate::str::contains("reorg"));
    run(&["draft", "diff", "reorg", "--format", "csv"]).success().stdout(
        predicate::str::contains("1276.12.04.01,changed,").and(predicate::str::contains(",1276.12.04,1276.13,")),
    );
    run(&["show", "1276.12.04.01"]).success().stdout(predicate::str::contains("Dinas Komunikasi"));
    run(&["draft", "apply", "reorg"]).success();
    run(&["show", "1276.12.04.01"]).success().stdout(predicate::str::contains("Dinas Perhubungan"));
    run(&["draft", "list"]).code(1);
    // The generated city has real problems: errors give exit code 1 for cron jobs.
    let out = run(&["check", "--format", "json", "--integrity"]).code(1).get_output().clone();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("agrees with a rebuild"), "the verdict on the indexes is a message: {said}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    let rules: std::collections::BTreeSet<&str> =
        json.as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains("employee.past-retirement") && rules.contains("employee.unplaced"), "{rules:?}");
}

fn the_peta_jabatan_numbers_units_totals_as_tree_does_and_marks_a_drafts_changes(backend: Backend) {
    let (_tmp, db) = city_db(backend, "the_peta_jabatan_numbers_units_totals_as_tree_does_and_marks_a_drafts_changes");
    let run = |args: &[&str]| jabat().arg("--db").arg(&db).args(args).assert();
    let text = |a: assert_cmd::assert::Assert| String::from_utf8(a.get_output().stdout.clone()).unwrap();
    // The form, in both languages, as a reader sees it.
    insta::assert_snapshot!("peta_jabatan_en", text(run(&["peta-jabatan", "1276.05.02"]).success()));
    insta::assert_snapshot!("peta_jabatan_id", text(run(&["--lang", "id", "peta-jabatan", "1276.05.02"]).success()));
    // Every unit's total is what `tree` says of it.
    let csv = text(run(&["peta-jabatan", "1276.05", "--format", "csv"]).success());
    let tree = text(run(&["tree", "1276.05", "--format", "csv"]).success());
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let head = rows.headers().unwrap().clone();
    assert_eq!(
        head.iter().collect::<Vec<_>>(),
        [
            "row",
            "number",
            "unit_code",
            "unit_name",
            "code",
            "name",
            "class",
            "filled",
            "needed",
            "difference",
            "head",
            "change",
            "was_name",
            "was_unit",
            "was_needed",
            "moved_to"
        ]
    );
    let totals: std::collections::BTreeMap<String, (String, String)> = rows
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == "total")
        .map(|r| (r[2].to_string(), (r[7].to_string(), r[8].to_string())))
        .collect();
    let mut units = 0;
    for r in csv::Reader::from_reader(tree.as_bytes()).deserialize::<std::collections::HashMap<String, String>>() {
        let r = r.unwrap();
        assert_eq!(totals.get(&r["code"]), Some(&(r["filled"].clone(), r["needed"].clone())), "{}", r["code"]);
        units += 1;
    }
    assert_eq!(units, totals.len());
    // A draft: what it changes is marked, and what it takes away stays where it was.
    run(&["draft", "new", "sotk"]).success();
    for line in [
        "add-unit 1276.05.09 parent=1276.05 name=\"Bidang Sumber Daya Kesehatan\" kind=bidang",
        "rename-unit 1276.05.02 name=\"Bidang Kesmas\"",
        "move-unit 1276.05.03.03 parent=1276.05.09",
        "edit-position 1276.05.02-J02 needed=5",
        "remove-position 1276.05.02.01-J03",
    ] {
        let words: Vec<&str> = vec!["draft", "add", "sotk", line];
        run(&words).success();
    }
    let csv = text(run(&["peta-jabatan", "1276.05", "--draft", "sotk", "--format", "csv"]).success());
    // What changes, as keys, and what was before, a column each.
    let change = |code: &str, row: &str| -> Vec<[String; 4]> {
        csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .filter(|r| &r[0] == row && (&r[4] == code || row == "unit" && &r[2] == code))
            .map(|r| [r[11].to_string(), r[12].to_string(), r[13].to_string(), r[14].to_string() + &r[15]])
            .collect()
    };
    let s = |v: [&str; 4]| v.map(str::to_string);
    assert_eq!(change("1276.05.09", "unit"), [s(["added", "", "", ""])]);
    assert_eq!(change("1276.05.02", "unit"), [s(["renamed", "Bidang Kesehatan Masyarakat", "", ""])]);
    assert_eq!(
        change("1276.05.03.03", "unit"),
        [
            s(["moved_away", "", "", "Bidang Sumber Daya Kesehatan"]),
            s(["moved", "", "Bidang Pencegahan dan Pengendalian Penyakit", ""])
        ]
    );
    assert_eq!(change("1276.05.02-J02", "position"), [s(["needed", "", "", "3"])]);
    assert_eq!(change("1276.05.02.01-J03", "position"), [s(["removed", "", "", ""])]);
    // A reader sees them in words.
    let table = text(run(&["peta-jabatan", "1276.05.02", "--draft", "sotk"]).success());
    for words in ["renamed from Bidang Kesehatan Masyarakat", "K 3 → 5", "removed"] {
        assert!(table.contains(words), "{words}: {table}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&text(run(&["peta-jabatan", "1276.05", "--draft", "sotk", "--format", "json"]).success()))
            .expect("one JSON document");
    assert_eq!(json["draft"], "sotk");
    assert_eq!(json["unit"]["units"][1]["was"]["name"], "Bidang Kesehatan Masyarakat");
    // The committed structure is untouched, and a draft that removes the unit says so.
    run(&["peta-jabatan", "1276.05.09"]).code(1);
    run(&["draft", "add", "sotk", "remove-position 1276.05.02.03-J02"]).success();
    run(&["peta-jabatan", "nosuch", "--draft", "sotk"]).code(1);
    run(&["peta-jabatan", "1276.05", "--draft", "nosuch"]).code(2);
}

fn every_listing_is_also_a_spreadsheet_with_typed_cells_read_back(backend: Backend) {
    use calamine::{Data, Reader, Xlsx};
    let demo = backend.demo("every_listing_is_also_a_spreadsheet_with_typed_cells_read_back");
    let dir = tempfile::tempdir().unwrap();
    let read = |args: &[&str], name: &str| -> Xlsx<std::io::BufReader<std::fs::File>> {
        let path = dir.path().join(name);
        demo.jabat().args(args).args(["--format", "xlsx", "--out"]).arg(&path).assert().success().stdout("");
        calamine::open_workbook(&path).expect("a workbook calamine reads")
    };
    let sheet = |book: &mut Xlsx<_>, i: usize| book.worksheet_range_at(i).expect("a sheet").expect("reads");
    // The tree: numbers as numbers, NIPs as text (never 1.98E+17), totals as the CSV's.
    let mut book = read(&["tree", "1276.05", "--depth", "1"], "tree.xlsx");
    let tree = sheet(&mut book, 0);
    let header: Vec<String> = tree.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[..3], ["depth", "code", "name"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = &tree.rows().nth(1).unwrap().to_vec();
    assert_eq!(first[col("code")], Data::String("1276.05".into()));
    assert!(matches!(first[col("head_nip")], Data::String(ref s) if s.len() == 18), "{:?}", first[col("head_nip")]);
    assert_eq!((first[col("filled")].clone(), first[col("needed")].clone()), (Data::Float(699.0), Data::Float(723.0)));
    assert_eq!(
        tree.rows().count(),
        1 + demo
            .jabat()
            .args(["tree", "1276.05", "--depth", "1", "--format", "csv", "--no-header"])
            .output()
            .unwrap()
            .stdout
            .iter()
            .filter(|b| **b == b'\n')
            .count()
    );
    // A person: the fields, and each section on its own sheet, dates as dates.
    let nip = first[col("head_nip")].to_string();
    let mut book = read(&["show", &nip], "show.xlsx");
    let names = book.sheet_names();
    assert!(names.iter().any(|n| n == "position_history") && names.iter().any(|n| n == "ratings"), "{names:?}");
    let history = book.worksheet_range("position_history").unwrap();
    assert!(matches!(history.rows().nth(1).unwrap()[0], Data::DateTime(_)), "{:?}", history.rows().nth(1));
    // The peta jabatan: the form's headers, and the whole's total as tree's.
    let mut book = read(&["peta-jabatan", "1276.05"], "peta.xlsx");
    let peta = sheet(&mut book, 0);
    let header: Vec<String> = peta.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    for h in ["Kelas", "B", "K", "±"] {
        assert!(header.contains(&h.to_string()), "{header:?}");
    }
    let last = peta.rows().next_back().unwrap().to_vec();
    assert_eq!(last[0], Data::String("total".into()));
    assert_eq!(
        (last[7].clone(), last[8].clone(), last[9].clone()),
        (Data::Float(699.0), Data::Float(723.0), Data::Float(-24.0))
    );
    // Analyses and a picture format's listing too.
    for (args, name) in [
        (vec!["formation", "1276.05", "--shortages"], "formation.xlsx"),
        (vec!["candidates", "1276.05.04-J01"], "candidates.xlsx"),
        (vec!["performance", "1276.05"], "performance.xlsx"),
        (vec!["export-review", "1276.05.04-J01"], "review.xlsx"),
    ] {
        let mut book = read(&args, name);
        assert!(sheet(&mut book, 0).rows().count() > 1, "{args:?}");
    }
    // Nothing found writes no file; an unwritable --out is an error.
    let none = dir.path().join("none.xlsx");
    demo.jabat().args(["show", "199901012020011001", "--format", "xlsx", "--out"]).arg(&none).assert().code(1);
    assert!(!none.exists());
    demo.jabat().args(["tree", "--format", "xlsx", "--out", "/nonexistent/dir/t.xlsx"]).assert().code(2);
    // Without a command there is no output to write (the interface is drawn, not printed).
    let tui = dir.path().join("tui.txt");
    demo.jabat()
        .arg("--out")
        .arg(&tui)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out writes a command's output"));
    assert!(!tui.exists());
}

fn the_peta_jabatan_chart_prints_on_landscape_pages_with_every_name_and_room_to_sign(backend: Backend) {
    let demo = backend.demo("the_peta_jabatan_chart_prints_on_landscape_pages_with_every_name_and_room_to_sign");
    let dir = tempfile::tempdir().unwrap();
    let (Some(pdftotext), Some(rsvg)) = (which("pdftotext"), which("rsvg-convert")) else {
        return common::skip("pdftotext (poppler-utils) or rsvg-convert (librsvg2-bin) is not installed");
    };
    let csv = demo.jabat().args(["peta-jabatan", "1276.23", "--format", "csv"]).output().unwrap();
    let names: Vec<String> = csv::Reader::from_reader(&csv.stdout[..])
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == "position")
        .map(|r| r[5].to_string())
        .collect();
    assert!(names.len() > 20);
    for (lang, paper, words) in [
        ("id", "a4", ["PETA JABATAN", "Nama Jabatan", "Jumlah", "halaman 1 dari"]),
        ("en", "a3", ["PETA JABATAN", "Position", "Total", "page 1 of"]),
    ] {
        let pdf = dir.path().join(format!("peta-{lang}.pdf"));
        let out = demo
            .jabat()
            .args(["--lang", lang, "peta-jabatan", "1276.23", "--format", "pdf", "--paper", paper, "--out"])
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(if lang == "id" { "halaman" } else { "page" }), "{said}");
        let text = std::process::Command::new(&pdftotext).arg(&pdf).arg("-").output().unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        // Every name is printed whole (pdftotext puts a wrapped name's lines apart).
        let flat: String = text.split_whitespace().collect();
        for word in words.iter().copied().chain(["Badan Kepegawaian"]) {
            assert!(text.contains(word), "{lang}: {word}:\n{text}");
        }
        for name in &names {
            let name: String = name.split_whitespace().collect();
            assert!(flat.contains(&name), "{lang}: {name} is not printed whole");
        }
    }
    // The agency and who signs, from the configuration (the Baperjakat's record too).
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("jabat")).unwrap();
    std::fs::write(
        config.join("jabat/config.toml"),
        "[documents]\nagency = \"Pemerintah Kota Contoh Uji\"\nplace = \"Binjai\"\n\
         signatories = [{ role = \"Wali Kota Binjai\", name = \"Drs. Uji Coba\", nip = \"197001011990031001\" }]\n\
         baperjakat = [{ role = \"Ketua\", name = \"Ir. Ketua Uji\" }, { role = \"Sekretaris\" }]\n",
    )
    .unwrap();
    let printed = |args: &[&str], name: &str| -> String {
        let pdf = dir.path().join(name);
        let out = demo.jabat().env("XDG_CONFIG_HOME", &config).args(args).arg("--out").arg(&pdf).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = std::process::Command::new(&pdftotext).arg(&pdf).arg("-").output().unwrap();
        String::from_utf8(text.stdout).unwrap()
    };
    let chart = printed(&["peta-jabatan", "1276.23", "--format", "pdf"], "signed.pdf");
    for words in [
        "Pemerintah Kota Contoh Uji",
        "Wali Kota Binjai",
        "Drs. Uji Coba",
        "NIP 197001011990031001",
        "Binjai, 2026-07-01",
    ] {
        assert!(chart.contains(words), "{words}: {chart}");
    }
    let record = printed(&["export-review", "1276.05.04-J01", "--format", "pdf"], "record.pdf");
    for words in ["Pemerintah Kota Contoh Uji", "Ir. Ketua Uji", "Sekretaris"] {
        assert!(record.contains(words), "{words}: {record}");
    }
    // The SVG draws as a picture.
    let svg = dir.path().join("peta.svg");
    demo.jabat().args(["peta-jabatan", "1276.23", "--format", "svg", "--out"]).arg(&svg).assert().success();
    let png = dir.path().join("peta.png");
    let drawn = std::process::Command::new(&rsvg).arg(&svg).arg("-o").arg(&png).status().unwrap();
    assert!(drawn.success() && std::fs::metadata(&png).unwrap().len() > 10_000);
    // Not onto a terminal's stand-in either way: no file when the unit is not there.
    let none = dir.path().join("none.pdf");
    demo.jabat().args(["peta-jabatan", "9999", "--format", "pdf", "--out"]).arg(&none).assert().code(1);
    assert!(!none.exists());
}

fn the_abk_recap_gives_each_positions_workload_need_and_efficiency_with_unit_totals(backend: Backend) {
    let demo = backend.demo("the_abk_recap_gives_each_positions_workload_need_and_efficiency_with_unit_totals");
    let out = demo.jabat().args(["abk", "1276.23", "--format", "csv"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(&out.stdout[..]).records().map(|r| r.unwrap()).collect();
    let num = |r: &csv::StringRecord, i: usize| r[i].parse::<f64>().unwrap();
    let mut with_tasks = 0;
    for r in rows.iter().filter(|r| &r[0] == "position" && !r[7].is_empty()) {
        with_tasks += 1;
        // need = workload ÷ 75 000 rounded half up; EJ = workload ÷ (B × 75 000).
        let (workload, effective) = (num(r, 7), num(r, 8));
        assert_eq!(effective, 75_000.0);
        assert_eq!(num(r, 10), (workload / effective + 0.5).floor(), "{r:?}");
        if num(r, 12) > 0.0 {
            let ej = workload / (num(r, 12) * effective);
            assert!((num(r, 14) - ej).abs() < 0.006, "{r:?}");
            assert!(!r[15].is_empty());
        }
    }
    assert!(with_tasks > 10, "the sample's secretariat has tasks");
    // The whole's K and B are the tree's.
    let whole = rows.iter().rfind(|r| &r[0] == "total").unwrap();
    let tree = demo.jabat().args(["tree", "1276.23", "--depth", "0", "--format", "json"]).output().unwrap();
    let tree: serde_json::Value = serde_json::from_slice(&tree.stdout).unwrap();
    assert_eq!(&whole[2], "1276.23");
    assert_eq!(
        (num(whole, 11), num(whole, 12)),
        (tree[0]["needed"].as_f64().unwrap(), tree[0]["filled"].as_f64().unwrap())
    );
    // A unit's workload is its subtree's.
    let secretariat = rows.iter().find(|r| &r[0] == "total" && &r[2] == "1276.23.01").unwrap();
    let below: f64 = rows
        .iter()
        .filter(|r| &r[0] == "position" && r[2].starts_with("1276.23.01") && !r[7].is_empty())
        .map(|r| num(r, 7))
        .sum();
    assert_eq!(num(secretariat, 7), below);
    // To print, in the user's language.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("abk.pdf");
    demo.jabat().args(["--lang", "id", "abk", "1276.23", "--format", "pdf", "--out"]).arg(&pdf).assert().success();
    let Some(text) = pdf_text(&pdf) else { return };
    for word in
        ["Rekapitulasi Analisis Beban Kerja", "Waktu kerja efektif", "Predikat", "Jumlah Sekretariat", "halaman 1 dari"]
    {
        assert!(text.contains(word), "{word}: {text}");
    }
}

fn a_positions_anjab_prints_in_the_forms_order_and_leaves_and_comes_back_with_the_position(backend: Backend) {
    let (_tmp, db) =
        city_db(backend, "a_positions_anjab_prints_in_the_forms_order_and_leaves_and_comes_back_with_the_position");
    let run = |args: &[&str]| jabat().arg("--db").arg(&db).args(args).assert();
    let text = |a: assert_cmd::assert::Assert| String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let code = "1276.01.01.01-J02";
    let json: serde_json::Value =
        serde_json::from_str(&text(run(&["anjab", code, "--format", "json"]).success())).expect("one document");
    assert_eq!(json["code"], code);
    assert!(json["summary"].as_str().unwrap().starts_with("Melaksanakan"));
    let duties = json["duties"].as_array().unwrap();
    assert!(
        duties.len() >= 3
            && duties.iter().all(|d| d["steps"].as_array().unwrap().len() == 3 && d["result"].is_string())
    );
    for key in
        ["materials", "tools", "responsibilities", "authorities", "correlations", "conditions", "hazards", "expected"]
    {
        assert!(!json[key].as_array().unwrap().is_empty(), "{key}");
    }
    assert!(json["requirements"]["pendidikan"].as_str().unwrap().contains("S1"));
    // Headings in the user's language, in the form's order.
    let en = text(run(&["anjab", code]).success());
    let order =
        ["1. Job summary", "2. Duties", "3. Materials", "8. Working conditions", "10. Requirements", "12. Class"];
    let at: Vec<usize> = order.iter().map(|h| en.find(h).unwrap_or_else(|| panic!("{h}: {en}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{en}");
    // A position with an anjab is not removed by a bare operation; `ops remove` takes the
    // anjab with it, and its undo brings it back whole.
    run(&["ops", "remove", code]).success();
    run(&["anjab", code]).code(1);
    run(&["ops", "undo"]).success();
    let back: serde_json::Value =
        serde_json::from_str(&text(run(&["anjab", code, "--format", "json"]).success())).unwrap();
    assert_eq!(back, json);
    run(&["ops", "do", "add-position", "NEW-1", "unit=1276.01.01.01", "name=Analis Baru", "kind=pelaksana"]).success();
    run(&[
        "ops",
        "do",
        &format!("set-anjab NEW-1 anjab={}", quoted(r#"{"rows":[{"section":"summary","item":"","text":"Baru"}]}"#)),
    ])
    .success();
    run(&["ops", "do", "remove-position", "NEW-1"]).code(2).stderr(predicate::str::contains("has an anjab"));
    run(&["ops", "do", "set-anjab", "NEW-1", "anjab=-"]).success();
    run(&["ops", "do", "remove-position", "NEW-1"]).success();
    // To print.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("anjab.pdf");
    run(&["--lang", "id", "anjab", code, "--format", "pdf", "--out", pdf.to_str().unwrap()]).success();
    let Some(printed) = pdf_text(&pdf) else { return };
    for words in
        ["Analisis Jabatan", "Analis Kebijakan Ahli Pertama", "Uraian Tugas", "Syarat Jabatan", "halaman 1 dari"]
    {
        assert!(printed.contains(words), "{words}: {printed}");
    }
}

fn a_positions_factor_levels_give_a_kelas_beside_the_stored_one_and_check_warns_where_they_differ(backend: Backend) {
    let (_tmp, db) = city_db(
        backend,
        "a_positions_factor_levels_give_a_kelas_beside_the_stored_one_and_check_warns_where_they_differ",
    );
    let run = |args: &[&str]| jabat().arg("--db").arg(&db).args(args).assert();
    let text = |a: assert_cmd::assert::Assert| String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let code = "1276.01.01.01-J02";
    let json: serde_json::Value =
        serde_json::from_str(&text(run(&["anjab", code, "--format", "json"]).success())).unwrap();
    // The sample's levels give the kelas the post holds: the sum of the points, in its band.
    let evaluation = &json["evaluation"];
    let factors = evaluation["factors"].as_array().unwrap();
    assert_eq!(factors.len(), 9, "a functional post's nine factors: {evaluation}");
    let sum: u64 = factors.iter().map(|f| f["points"].as_u64().unwrap()).sum();
    assert_eq!(evaluation["points"].as_u64(), Some(sum));
    assert_eq!(evaluation["class"], json["class"], "{evaluation}");
    let checked = |args: &[&str]| -> Vec<(String, String)> {
        let out = jabat().arg("--db").arg(&db).args(["check", "--format", "json"]).args(args).output().unwrap();
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one document");
        found
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().contains("evaluation"))
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["node"].as_str().unwrap().to_string()))
            .collect()
    };
    assert_eq!(checked(&[]), [], "the sample's evaluations agree with its kelas");
    // The stored kelas changed: the evaluation's stands beside it, and check warns.
    let class = json["class"].as_u64().unwrap();
    let other = if class > 1 { class - 1 } else { class + 1 };
    run(&["ops", "do", "edit-position", code, &format!("class={other}")]).success();
    let en = text(run(&["anjab", code]).success());
    assert!(en.contains(&format!("Class (kelas jabatan): {other} ({sum} points → class {class})")), "{en}");
    assert!(en.contains("Knowledge the post requires") && en.contains("Job evaluation"), "{en}");
    assert_eq!(checked(&[]), [("position.class-evaluation".to_string(), code.to_string())]);
    // A level beyond a factor's, or a factor left out: no kelas, and check says why.
    let csv = text(run(&["anjab", code, "--format", "csv"]).success());
    let rows: Vec<serde_json::Value> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            let text = if (&r[1], &r[2]) == ("factor", "pedoman") { "9" } else { &r[3] };
            serde_json::json!({"section": &r[1], "item": &r[2], "text": text})
        })
        .collect();
    let anjab = serde_json::json!({ "rows": rows }).to_string();
    run(&["ops", "do", &format!("set-anjab {code} anjab={}", quoted(&anjab))]).success();
    let json: serde_json::Value =
        serde_json::from_str(&text(run(&["anjab", code, "--format", "json"]).success())).unwrap();
    assert_eq!(json["evaluation"]["class"], serde_json::Value::Null, "{json}");
    assert_eq!(json["evaluation"]["problems"][0]["problem"], "level_too_high", "{json}");
    assert_eq!(checked(&[]), [("position.evaluation-incomplete".to_string(), code.to_string())]);
    let id = text(run(&["--lang", "id", "check"]).code(1));
    assert!(
        id.contains("evaluasi jabatan tidak memberi kelas: Pedoman: tingkat 9, faktor ini punya 5 tingkat"),
        "{id}"
    );
    // A level that is no number is refused by the operation, which changes nothing.
    let bad = anjab.replace("\"9\"", "\"sembilan\"");
    run(&["ops", "do", &format!("set-anjab {code} anjab={}", quoted(&bad))]).code(2);
    // Printed: the factors and their points beside the kelas.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("anjab.pdf");
    run(&["--lang", "id", "anjab", code, "--format", "pdf", "--out", pdf.to_str().unwrap()]).success();
    let Some(printed) = pdf_text(&pdf) else { return };
    for words in ["Kelas Jabatan", "Pengetahuan yang dibutuhkan jabatan", "Tingkat", "Nilai"] {
        assert!(printed.contains(words), "{words}: {printed}");
    }
}

/// `text` as a value of an operation's line: in double quotes, `"` and `\` escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn tables_fit_80_columns_by_shortening_text_and_leaving_out_what_may_go(backend: Backend) {
    let demo = backend.demo("tables_fit_80_columns_by_shortening_text_and_leaving_out_what_may_go");
    // Regression: `tree 1276.23 --depth 1` wrapped every row at 80 columns, and
    // `formation 1276.23.03` each row onto three lines.
    for args in [
        &["tree", "1276.23", "--depth", "1"][..],
        &["formation", "1276.23.03"],
        &["candidates", "1276.23.03-J01", "--limit", "5"],
        &["training-needs", "1276.23", "--people"],
        &["check"],
        &["gaps", "1276.23"],
        &["show", "1276.23"],
        &["performance", "1276.23"],
    ] {
        let out = demo.jabat().env("COLUMNS", "80").args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.lines().count() > 2, "{args:?}: {text}");
        for line in text.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= 80, "{args:?}: a line of {width} columns:\n{line}");
        }
        // Codes are whole wherever they fit.
        if args[0] == "tree" {
            assert!(text.contains("1276.23.05 "), "{text}");
        }
    }
}

fn a_position_stands_for_its_unit_and_shows_the_standard_in_force(backend: Backend) {
    let demo = backend.demo("a_position_stands_for_its_unit_and_shows_the_standard_in_force");
    // Regression: ninebox, training-needs and formation refused a position code.
    for command in ["ninebox", "training-needs", "formation", "performance"] {
        let by_unit = demo.jabat().args([command, "1276.23.03", "--format", "json"]).output().unwrap();
        let by_position = demo.jabat().args([command, "1276.23.03-J03", "--format", "json"]).output().unwrap();
        assert!(by_position.status.success(), "{command}: {}", String::from_utf8_lossy(&by_position.stderr));
        assert_eq!(by_unit.stdout, by_position.stdout, "{command}");
    }
    // Regression: a position on the default standard showed an empty standard while
    // `gaps` used nine competencies.
    let out = demo.jabat().args(["show", "1276.23.03-J01", "--format", "json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = demo.jabat().args(["gaps", "1276.23.03-J01", "--format", "json"]).output().unwrap();
    let gaps: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["standard_source"], "rule_default");
    assert_eq!(shown["standard"].as_array().unwrap().len(), 9);
    assert_eq!(shown["standard"], gaps["standard"], "show and gaps use the same standard");
    let table = demo.jabat().args(["show", "1276.23.03-J01"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("(rule defaults for its kind and level)") && table.contains("integritas"), "{table}");
}

fn a_position_history_imports_with_indonesian_headers_shows_in_the_profile_and_exports_back(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let db =
        backend.fresh("a_position_history_imports_with_indonesian_headers_shows_in_the_profile_and_exports_back_db");
    jabat().arg("--db").arg(&db).args(["generate", "--employees", "300"]).assert().success();
    let out = jabat()
        .arg("--db")
        .arg(&db)
        .args(["find", "a", "--kind", "employee", "--limit", "10", "--format", "json"])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nips: Vec<String> = hits.as_array().unwrap().iter().map(|h| h["code"].as_str().unwrap().to_string()).collect();
    assert_eq!(nips.len(), 10);
    let mut csv = String::from("NIP,Nama Jabatan,Unit Kerja,Jenis Jabatan,Jenjang,TMT Jabatan,Sampai\n");
    for (i, nip) in nips.iter().enumerate() {
        csv.push_str(&format!("{nip},Kepala Seksi Contoh {i},Dinas Contoh,pengawas,,201{i}-01-02,201{i}-12-31\n"));
    }
    let dir = tmp.path().join("history");
    std::fs::create_dir_all(&dir).unwrap();
    // A directory with only the history: a merge keeps everything else.
    std::fs::write(dir.join("positions_history.csv"), csv).unwrap();
    let before = jabat().arg("--db").arg(&db).args(["stats", "--format", "json"]).output().unwrap().stdout;
    jabat().arg("--db").arg(&db).args(["import", "--merge"]).arg(&dir).assert().success();
    let after = jabat().arg("--db").arg(&db).args(["stats", "--format", "json"]).output().unwrap().stdout;
    assert_eq!(before, after, "the units, positions and people stay");
    // A first import still needs the required tables.
    let fresh = tmp.path().join("fresh");
    let refused = jabat().arg("--db").arg(&fresh).arg("import").arg(&dir).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("units.csv: required file is missing"));
    let out = jabat().arg("--db").arg(&db).args(["show", &nips[3], "--format", "json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let posts = shown["position_history"].as_array().expect("a position history");
    let post = posts.iter().find(|p| p["position"] == "Kepala Seksi Contoh 3").expect("the imported post");
    assert_eq!((post["from"].as_str(), post["to"].as_str()), (Some("2013-01-02"), Some("2013-12-31")));
    assert_eq!((post["unit"].as_str(), post["kind"].as_str()), (Some("Dinas Contoh"), Some("pengawas")));
    let table = jabat().arg("--db").arg(&db).args(["show", &nips[3]]).output().unwrap();
    assert!(String::from_utf8(table.stdout).unwrap().contains("Position history"));
    // Exported under the canonical headers, and read back the same.
    let again = tmp.path().join("again");
    jabat().arg("--db").arg(&db).arg("export").arg(&again).assert().success();
    let written = std::fs::read_to_string(again.join("positions_history.csv")).unwrap();
    assert!(written.starts_with("nip,from,to,position,position_code,unit,kind,level\n"), "{written}");
    assert_eq!(written.matches("Kepala Seksi Contoh").count(), 10);
}

fn a_move_extends_the_position_history_and_its_undo_takes_the_entry_back(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let db = backend.fresh("a_move_extends_the_position_history_and_its_undo_takes_the_entry_back_db");
    jabat().arg("--db").arg(&db).args(["generate", "--employees", "300"]).assert().success();
    let show = |nip: &str| -> serde_json::Value {
        let out = jabat().arg("--db").arg(&db).args(["show", nip, "--format", "json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // A pengawas (a kepala seksi) with a TMT, moved to a pelaksana post.
    jabat().arg("--db").arg(&db).arg("export").arg(tmp.path().join("x.json")).assert().success();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("x.json")).unwrap()).unwrap();
    let kind_of = |code: &str| {
        data["positions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["code"] == code)
            .map(|p| p["kind"].as_str().unwrap().to_string())
    };
    let kasi = data["employees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["position_code"].as_str().is_some_and(|c| kind_of(c).as_deref() == Some("pengawas"))
                && e["position_since"].is_string()
        })
        .expect("a pengawas");
    let (nip, old_code, old_since) = (
        kasi["nip"].as_str().unwrap(),
        kasi["position_code"].as_str().unwrap(),
        kasi["position_since"].as_str().unwrap(),
    );
    let target = data["positions"].as_array().unwrap().iter().find(|p| p["kind"] == "pelaksana").unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let before = show(nip)["position_history"].as_array().unwrap().len();
    jabat()
        .arg("--db")
        .arg(&db)
        .args(["ops", "do", "place", nip, &format!("position={target}"), "since=2026-06-15"])
        .assert()
        .success();
    let shown = show(nip);
    let posts = shown["position_history"].as_array().unwrap();
    assert_eq!(posts.len(), before + 1, "{shown}");
    let left = posts.last().unwrap();
    assert_eq!(left["position_code"], old_code);
    assert_eq!((left["from"].as_str(), left["to"].as_str()), (Some(old_since), Some("2026-06-15")));
    assert_eq!(left["kind"], "pengawas");
    // The history of each post says so: the one left names the move, the new one its holder.
    let history = |code: &str| -> serde_json::Value {
        let out = jabat().arg("--db").arg(&db).args(["history", code, "--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let of_old = history(old_code);
    let said = of_old["changes"].as_array().unwrap();
    assert_eq!(said.len(), 1, "{of_old}");
    assert!(said[0]["operations"][0].as_str().unwrap().starts_with(&format!("place {nip} position={target}")));
    // …and lists the mover among those who held it, with the days they held it.
    let former = |of: &serde_json::Value| -> Vec<(String, String, String)> {
        of["former_holders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["nip"].as_str().unwrap().into(), h["from"].as_str().unwrap().into(), h["to"].to_string()))
            .collect()
    };
    assert!(
        former(&of_old).contains(&(nip.to_string(), old_since.to_string(), "\"2026-06-15\"".to_string())),
        "{of_old}"
    );
    let of_new = history(&target);
    assert!(of_new["holders"].as_array().unwrap().iter().any(|h| h["nip"] == nip && h["since"] == "2026-06-15"));
    let of_person = history(nip);
    assert_eq!(of_person["position_history"].as_array().unwrap().last().unwrap()["position_code"], target.as_str());
    // Undone, the move leaves no trace in the career.
    jabat().arg("--db").arg(&db).args(["ops", "undo"]).assert().success();
    let shown = show(nip);
    assert_eq!(shown["position_history"].as_array().unwrap().len(), before, "{shown}");
    assert_eq!(shown["position_code"], old_code);
    assert!(!former(&history(old_code)).iter().any(|(n, from, _)| n == nip && from == old_since));
}

fn performance_formation_and_ninebox_draw_their_figures_as_svg_in_the_users_language(backend: Backend) {
    let demo = backend.demo("performance_formation_and_ninebox_draw_their_figures_as_svg_in_the_users_language");
    let svg = |args: &[&str], lang: &str| -> String {
        let out = demo.jabat().args(["--lang", lang]).args(args).args(["--format", "svg"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.trim_start().starts_with("<svg") && text.trim_end().ends_with("</svg>"),
            "{args:?}: one SVG document"
        );
        text
    };
    let p = svg(&["performance", "1276.05"], "en");
    assert!(
        p.contains("Dinas Kesehatan") && p.contains("2021") && p.contains("2025") && p.contains("Needs improvement")
    );
    assert!(p.contains("<rect"), "bars are drawn");
    let p = svg(&["performance", "1276.05"], "id");
    assert!(p.contains("Butuh perbaikan") && !p.contains("Needs improvement"), "the Indonesian catalogue");
    let f = svg(&["formation", "1276.05"], "en");
    assert!(f.contains("retiring that year") && f.contains("2030"));
    let n = svg(&["ninebox", "1276.04"], "en");
    for b in 1..=9 {
        assert!(n.contains(&format!("[{b}]")), "box {b}");
    }
    // A code that is not there is nothing found, as in the other formats.
    let out = demo.jabat().args(["ninebox", "NO-SUCH", "--format", "svg"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

fn the_recruitment_list_has_only_short_positions_and_the_shortages_of_the_full_plan(backend: Backend) {
    let demo = backend.demo("the_recruitment_list_has_only_short_positions_and_the_shortages_of_the_full_plan");
    let out = demo.jabat().args(["formation", "1276", "--format", "json"]).output().unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let short = |r: &serde_json::Value| {
        r["shortage_now"].as_u64().unwrap() > 0 || r["shortage_by_year"][4].as_u64().unwrap() > 0
    };
    let short_positions: Vec<&str> = plan["positions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| short(r))
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(short_positions.len() > 10 && short_positions.len() < plan["positions"].as_array().unwrap().len());
    let out = demo.jabat().args(["formation", "1276", "--shortages", "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "row",
            "route",
            "code",
            "name",
            "unit_code",
            "unit_name",
            "kind",
            "level",
            "education",
            "field",
            "proposal",
            "needed",
            "filled",
            "shortage_now",
            "retiring_2026",
            "retiring_2027",
            "retiring_2028",
            "retiring_2029",
            "retiring_2030",
            "retiring",
            "shortage_end"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let field =
        |r: &csv::StringRecord, k: &str| r.get(headers.iter().position(|h| h == k).unwrap()).unwrap().to_string();
    let number = |r: &csv::StringRecord, k: &str| field(r, k).parse::<u64>().unwrap();
    let positions: Vec<&csv::StringRecord> = rows.iter().filter(|r| field(r, "row") == "position").collect();
    let mut listed: Vec<String> = positions.iter().map(|r| field(r, "code")).collect();
    listed.sort();
    let mut expected: Vec<String> = short_positions.iter().map(|c| c.to_string()).collect();
    expected.sort();
    assert_eq!(listed, expected, "exactly the short positions");
    // Structural posts are filled by promotion, the rest recruited.
    for r in &positions {
        let structural = ["jpt", "administrator", "pengawas"].contains(&field(r, "kind").as_str());
        assert_eq!(field(r, "route"), if structural { "promotion" } else { "recruitment" }, "{r:?}");
    }
    let total = rows.iter().find(|r| field(r, "row") == "total").unwrap();
    assert_eq!(number(total, "shortage_now"), plan["total"]["shortage_now"].as_u64().unwrap());
    assert_eq!(number(total, "shortage_end"), plan["total"]["shortage_by_year"][4].as_u64().unwrap());
    let of_positions: u64 = positions.iter().map(|r| number(r, "shortage_now")).sum();
    assert_eq!(of_positions, number(total, "shortage_now"));
    let of_routes: u64 = rows.iter().filter(|r| field(r, "row") == "route").map(|r| number(r, "shortage_end")).sum();
    assert_eq!(of_routes, number(total, "shortage_end"));
    // What e-Formasi asks: the placement by name, the least education, the proposal by
    // route with its totals, and the retirements year by year.
    for r in &positions {
        assert!(!field(r, "unit_name").is_empty() && !field(r, "education").is_empty(), "{r:?}");
        let recruited = field(r, "route") == "recruitment";
        assert_eq!(["cpns", "pppk"].contains(&field(r, "proposal").as_str()), recruited, "{r:?}");
        let by_year: u64 = (2026..=2030).map(|y| number(r, &format!("retiring_{y}"))).sum();
        assert_eq!(by_year, number(r, "retiring"));
    }
    for proposal in ["cpns", "pppk"] {
        let of_positions: u64 =
            positions.iter().filter(|r| field(r, "proposal") == proposal).map(|r| number(r, "shortage_end")).sum();
        let row = rows.iter().find(|r| field(r, "row") == "proposal" && field(r, "route") == proposal).unwrap();
        assert!(of_positions > 0);
        assert_eq!(number(row, "shortage_end"), of_positions, "{proposal}");
    }
    let recruitment = rows.iter().find(|r| field(r, "row") == "route" && field(r, "route") == "recruitment").unwrap();
    let proposed: u64 = rows.iter().filter(|r| field(r, "row") == "proposal").map(|r| number(r, "shortage_end")).sum();
    assert_eq!(proposed, number(recruitment, "shortage_end"), "the proposal is the recruitment, by route");
}

fn performance_monitoring_adds_up_over_years_sub_units_and_follow_ups(backend: Backend) {
    let demo = backend.demo("performance_monitoring_adds_up_over_years_sub_units_and_follow_ups");
    let json = |args: &[&str]| -> serde_json::Value {
        let out = demo.jabat().args(args).args(["--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("one JSON document")
    };
    let m = json(&["performance", "1276.05"]);
    // The sample day is 2026-07-01: the five completed years up to 2025.
    assert_eq!((m["first_year"].as_u64(), m["last_year"].as_u64()), (Some(2021), Some(2025)), "{m}");
    let years = m["years"].as_array().unwrap();
    assert_eq!(years.len(), 5);
    let levels = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"];
    let people = m["people"].as_u64().unwrap();
    for year in years {
        let counted: u64 = levels.iter().chain(&["not_rated"]).map(|k| year[*k].as_u64().unwrap()).sum();
        assert!(counted <= people && counted > 0, "{year}");
        let rated: u64 = levels.iter().map(|k| year[*k].as_u64().unwrap()).sum();
        let good = year["sangat_baik"].as_u64().unwrap() + year["baik"].as_u64().unwrap();
        let share = year["at_least_baik_percent"].as_f64().unwrap();
        assert!((share - (good as f64 * 100.0 / rated as f64)).abs() < 0.06, "{year}");
    }
    // The sample has five years of ratings for most people, not three.
    assert!(years[0]["not_rated"].as_u64().unwrap() * 3 < people, "{}", years[0]);
    // The sub-units' people and each year's counts add up to no more than the unit's.
    let subs = m["sub_units"].as_array().unwrap();
    assert!(subs.len() > 2);
    assert!(subs.iter().map(|s| s["people"].as_u64().unwrap()).sum::<u64>() <= people);
    for (i, year) in years.iter().enumerate() {
        for level in levels {
            let of_subs: u64 = subs.iter().map(|s| s["years"][i][level].as_u64().unwrap()).sum();
            assert!(of_subs <= year[level].as_u64().unwrap(), "{level} in {}", year["year"]);
        }
    }
    // Exactly one weakest: the sub-unit with the smallest share in the last year.
    let latest = |s: &serde_json::Value| s["years"][4]["at_least_baik_percent"].as_f64().unwrap_or(f64::MAX);
    let weakest: Vec<&serde_json::Value> = subs.iter().filter(|s| s["weakest"] == true).collect();
    assert_eq!(weakest.len(), 1);
    assert!(subs.iter().all(|s| latest(s) >= latest(weakest[0])), "{}", weakest[0]["code"]);
    // Each follow-up names a position of the unit and why; CSV lists the same people.
    let follow = m["follow_up"].as_array().unwrap();
    assert!(!follow.is_empty());
    for f in follow {
        assert!(f["position_code"].as_str().unwrap().starts_with("1276.05"), "{f}");
        assert!(["fell_two_steps", "below_baik_twice"].contains(&f["reason"].as_str().unwrap()), "{f}");
    }
    let csv = demo.jabat().args(["performance", "1276.05", "--people", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("nip,name,position_code,position,sub_unit_code,reason,year,from,to\n"), "{csv}");
    assert_eq!(csv.lines().count(), follow.len() + 1);
    // The table says who in the reader's words, never the codes.
    let table = demo.jabat().args(["performance", "1276.05"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Needs improvement") && table.contains("◀ weakest"), "{table}");
    assert!(!table.contains("sangat_baik") && !table.contains("fell_two_steps"), "{table}");
    // A unit without people is nothing found.
    let empty = demo.jabat().args(["performance", "NO-SUCH"]).output().unwrap();
    assert_eq!(empty.status.code(), Some(1));
}

fn scripts_get_the_rule_set_and_the_operations_on_stdout(backend: Backend) {
    let out = jabat().args(["rules", "--show", "--format", "json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert!(rules["retirement"].is_object(), "{rules}");
    let out = jabat().args(["rules", "--show", "--format", "csv"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("key,value\n"));
    // Regression: `ops export -` wrote a file named `-`.
    let tmp = tempfile::tempdir().unwrap();
    let db = backend.fresh("scripts_get_the_rule_set_and_the_operations_on_stdout_db");
    jabat().arg("--db").arg(&db).args(["generate", "--employees", "300"]).assert().success();
    jabat().arg("--db").arg(&db).args(["ops", "do", "rename-unit", "1276.14", "name=X"]).assert().success();
    let out = jabat().current_dir(tmp.path()).arg("--db").arg(&db).args(["ops", "export", "-"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("rename-unit 1276.14 name=X"));
    assert!(!tmp.path().join("-").exists());
}

fn check_fails_on_what_fail_on_names_for_cron(backend: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    // One unit whose only position is not its head: a warning (no head), no error.
    let dir = common::write_dir(
        tmp.path(),
        "in",
        &[
            ("units.csv", b"code,parent_code,name\nA,,Dinas A\n"),
            ("positions.csv", b"code,unit_code,name,kind,needed\nA-1,A,Analis,pelaksana,1\n"),
            ("employees.csv", b"nip,name,position_code,grade\n198001012005011001,Budi,A-1,III/a\n"),
        ],
    );
    let db = backend.fresh("check_fails_on_what_fail_on_names_for_cron_db");
    jabat().arg("--db").arg(&db).arg("import").arg(&dir).assert().success();
    let check = |extra: &[&str]| {
        jabat().arg("--db").arg(&db).args(["check", "--format", "csv"]).args(extra).output().unwrap().status.code()
    };
    assert_eq!(check(&[]), Some(0), "a warning is not an error");
    assert_eq!(check(&["--fail-on", "warning"]), Some(1));
    assert_eq!(check(&["--fail-on", "info"]), Some(1));
    assert_eq!(check(&["--fail-on", "bogus"]), Some(2));
}

#[test]
fn bash_completes_the_subcommands_and_their_options_with_jabats_own_script() {
    if std::process::Command::new("bash").arg("--version").output().is_err() {
        common::skip("bash is not installed");
        return;
    }
    let out = jabat().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("jabat.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // What a user's Tab asks of the completion function, in a real bash.
    let complete = |words: &str| {
        let program = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
             _jabat jabat \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = std::process::Command::new("bash").arg("-c").arg(program).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let subcommands = complete("jabat for");
    assert_eq!(subcommands.trim(), "formation", "{subcommands}");
    let all = complete("jabat ''");
    for name in ["find", "show", "candidates", "performance", "completions", "man"] {
        assert!(all.lines().any(|l| l == name), "{name} in {all}");
    }
    let options = complete("jabat check --fa");
    assert_eq!(options.trim(), "--fail-on", "{options}");
    let values = complete("jabat check --fail-on ''");
    assert!(values.contains("warning") && values.contains("error"), "{values}");
}

#[test]
fn the_manual_page_is_jabats_own_and_docs_keep_it() {
    let out = jabat().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH jabat 1") && page.contains("completions") && page.contains("performance"));
    let kept = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/jabat.1")).unwrap();
    assert_eq!(kept, page, "docs/jabat.1 is `jabat man`: regenerate it with `cargo run -- man > docs/jabat.1`");
}

#[test]
fn copy_moves_a_whole_database_to_postgres_and_back_leaving_every_byte_and_entry() {
    let Some(pg) = common::pg::fresh_database("copy_round_trip") else { return };
    let (tmp, db) = city_db(Backend::Sled, "copy");
    let run = |db: &dyn AsRef<std::ffi::OsStr>, args: &[&str]| jabat().arg("--db").arg(db).args(args).assert();
    run(&db, &["ops", "merge", "1276.12.03", "1276.12.02", "--reason", "penyederhanaan"]).success();
    run(&db, &["draft", "new", "reorg"]).success();
    run(&db, &["draft", "add", "reorg", "move-unit", "1276.12.04.01", "parent=1276.13"]).success();
    let back = tmp.path().join("back");
    jabat().args(["copy", "--from"]).arg(&db).args(["--to", &pg]).assert().success().stdout(
        predicate::str::contains("copied to database t")
            .and(predicate::str::contains("1 journal entry, 0 reviews, 1 draft")),
    );
    jabat().args(["copy", "--from", &pg, "--to"]).arg(&back).assert().success();
    assert_eq!(export(&db, &tmp.path().join("a")), export(&back, &tmp.path().join("b")), "byte-identical export");
    for args in [
        &["history", "--format", "csv"][..],
        &["draft", "list", "--format", "csv"],
        &["draft", "diff", "reorg", "--format", "csv"],
    ] {
        let said = |db: &dyn AsRef<std::ffi::OsStr>| run(db, args).success().get_output().stdout.clone();
        assert_eq!(said(&db), said(&pg), "{args:?} on PostgreSQL");
        assert_eq!(said(&db), said(&back), "{args:?} back on sled");
    }
    // Into a database that holds something, or onto itself: refused, nothing written.
    jabat()
        .args(["copy", "--from"])
        .arg(&db)
        .args(["--to", &pg])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds data already"));
    jabat()
        .args(["copy", "--from"])
        .arg(&db)
        .arg("--to")
        .arg(&db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the same database"));
    assert_eq!(export(&db, &tmp.path().join("c")), export(&back, &tmp.path().join("d")));
}

/// Guru retire at 60 (UU 14/2005; PP 11/2017 Pasal 240), whatever their level: `show`
/// says so, `check` does not call a teacher of 59 past retirement, `formation` counts
/// them in the year they reach 60.
fn teachers_retire_at_sixty_in_show_check_and_formation(backend: Backend) {
    let demo = backend.demo("teachers_retire_at_sixty");
    let json = |args: &[&str]| -> serde_json::Value {
        let out = demo.jabat().args(args).args(["--format", "json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let hits = json(&["find", "guru", "ahli", "muda", "--kind", "position", "--limit", "50"]);
    let nip = hits
        .as_array()
        .unwrap()
        .iter()
        .find_map(|h| json(&["show", h["code"].as_str().unwrap()])["holders"][0]["nip"].as_str().map(str::to_string))
        .expect("a Guru Ahli Muda post with a holder");
    let person = json(&["show", &nip]);
    let born = jabat::model::Date::parse(person["birth_date"].as_str().unwrap()).unwrap();
    assert_eq!(
        person["retirement_date"].as_str().unwrap(),
        born.add_years(60).first_of_next_month().to_string(),
        "a Guru Ahli Muda retires at 60: {person}"
    );
    // Nobody in a Guru post under 60 is past retirement.
    let out = demo.jabat().args(["check", "--format", "json"]).output().unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in findings.as_array().unwrap().iter().filter(|f| f["rule"] == "employee.past-retirement") {
        let shown = json(&["show", f["node"].as_str().unwrap()]);
        let post = shown["position"].as_str().unwrap_or_default();
        assert!(!post.starts_with("Guru") || shown["age"].as_i64().unwrap() >= 60, "{f}: {shown}");
    }
    // And an agency that says otherwise is heeded.
    let rules = demo.jabat().args(["rules", "--show"]).output().unwrap();
    assert!(String::from_utf8_lossy(&rules.stdout).contains("[retirement.families.guru]"));
}

/// A Kepala UPT Puskesmas (pengawas, IV.a) is no promotion for a Kepala Dinas (JPT
/// pratama) or a Guru Ahli Madya: they fail `level`, never as near misses; another
/// Kepala UPT Puskesmas would be rotated, listed apart and unranked.
fn heads_of_dinas_step_down_and_peers_rotate_for_a_kepala_upt_puskesmas(backend: Backend) {
    let demo = backend.demo("step_down_and_rotate");
    let json = |args: &[&str]| -> serde_json::Value {
        let out = demo.jabat().args(args).args(["--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let people = json(&["candidates", "1276.05.53-J01"]);
    let by_nip: std::collections::HashMap<&str, &serde_json::Value> =
        people.as_array().unwrap().iter().map(|p| (p["nip"].as_str().unwrap(), p)).collect();
    let tree = json(&["tree", "1276", "--depth", "1"]);
    let heads: Vec<&str> = tree.as_array().unwrap().iter().filter_map(|u| u["head_nip"].as_str()).collect();
    assert!(heads.len() > 10, "{}", heads.len());
    for nip in heads {
        let p = by_nip[nip];
        assert_eq!(p["standing"], "ineligible", "a head of a perangkat daerah: {p}");
        let level = p["failed"].as_array().unwrap().iter().find(|f| f["rule"] == "level").expect("fails level");
        assert!(level["message"].as_str().unwrap().ends_with("a higher post): this would be a step down"), "{p}");
    }
    // The head of another puskesmas: a rotation, after everyone else, never ranked.
    let other = json(&["show", "1276.05.52-J01"]);
    let peer = other["holders"][0]["nip"].as_str().unwrap();
    assert_eq!(by_nip[peer]["standing"], "rotation", "{}", by_nip[peer]);
    assert!(by_nip[peer]["rank"].is_null());
    // Every candidate says where they sit now.
    assert_eq!(by_nip[peer]["current_position"], "Kepala UPT Puskesmas Tangsi");
    assert_eq!(by_nip[peer]["current_unit"], "UPT Puskesmas Tangsi");
    let placed = people.as_array().unwrap().iter().filter(|p| p["current_position"].is_string()).count();
    assert!(placed * 10 >= people.as_array().unwrap().len() * 9, "nearly everyone holds a post: {placed}");
    let review = demo.jabat().args(["export-review", "1276.05.53-J01", "--format", "csv"]).output().unwrap();
    let header = String::from_utf8(review.stdout).unwrap();
    assert!(header.lines().next().unwrap().contains("current_position,current_unit"), "{header}");
    let standings: Vec<&str> = people.as_array().unwrap().iter().map(|p| p["standing"].as_str().unwrap()).collect();
    let first_rotation = standings.iter().position(|s| *s == "rotation").unwrap();
    assert!(standings[first_rotation..].iter().all(|s| *s == "rotation"), "rotations come last");
    let table = demo.jabat().args(["candidates", "1276.05.53-J01", "--limit", "3"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("Rotations (a post as high: no promotion)") && table.contains("Current position"),
        "{table}"
    );
    // A kepala puskesmas is a tenaga kesehatan (Permenkes 43/2019): no teacher is
    // eligible, and a teacher who would otherwise be fails `field`.
    let eligible: Vec<&serde_json::Value> =
        people.as_array().unwrap().iter().filter(|p| p["standing"] == "eligible").collect();
    assert!(!eligible.is_empty());
    for p in &eligible {
        let post = p["current_position"].as_str().unwrap_or_default();
        assert!(!post.starts_with("Guru") && !p["name"].as_str().unwrap().contains("S.Pd."), "{p}");
        assert!(p["notes"][0].as_str().unwrap().starts_with("in this post's field (Kesehatan)"), "{p}");
    }
    let teachers = people.as_array().unwrap().iter().filter(|p| {
        p["current_position"].as_str().is_some_and(|c| c.starts_with("Guru Ahli Pertama"))
            && p["failed"].as_array().unwrap().iter().any(|f| f["rule"] == "field")
    });
    assert!(teachers.count() > 10, "teachers fail field");
    let shown = json(&["show", "1276.05.53-J01"]);
    assert_eq!(shown["field"], "Kesehatan");
}

/// A meeting that records its decisions in a script: the same decisions as the
/// interface's keys, with their checks; a second nomination of one person is said at once
/// and marked in `review --all`.
fn decisions_are_taken_headless_and_a_second_nomination_is_said(backend: Backend) {
    let demo = backend.demo("headless_decisions");
    let eligible = |code: &str| -> Vec<String> {
        let out = demo.jabat().args(["candidates", code, "--format", "json"]).output().unwrap();
        let people: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        people.iter().filter(|p| p["standing"] == "eligible").map(|p| p["nip"].as_str().unwrap().to_string()).collect()
    };
    let (a, b) = ("1276.05.04-J01", "1276.05.05-J01");
    let first = eligible(a);
    let both = first.iter().find(|n| eligible(b).contains(n)).expect("someone eligible for both").clone();
    let other = first.iter().find(|n| **n != both).unwrap().clone();
    let run = |args: &[&str]| demo.jabat().args(args).output().unwrap();
    let out = run(&["review", a, "--shortlist", &other]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shortlisted"));
    let out = run(&["review", a, "--note", &other, "kuat di manajemen"]);
    assert!(out.status.success());
    let out = run(&["review", a, "--nominate", &both]);
    assert!(out.status.success() && !String::from_utf8_lossy(&out.stderr).contains("too"));
    let out = run(&["review", b, "--nominate", &both]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!("is nominated for {a} too")), "{said}");
    let all = run(&["review", "--all", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let row = all.as_array().unwrap().iter().find(|r| r["code"] == b).unwrap();
    assert_eq!(row["nominated_elsewhere"], serde_json::json!([a]), "{all}");
    let shown = run(&["review", a, "--format", "json"]);
    let marks: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let mark = marks.as_array().unwrap().iter().find(|m| m["nip"] == other.as_str()).unwrap();
    assert_eq!((mark["decision"].as_str(), mark["note"].as_str()), (Some("shortlisted"), Some("kuat di manajemen")));
    // Undo takes back the last one; a bad NIP or --read-only changes nothing.
    assert!(run(&["review", b, "--undo"]).status.success());
    let out = run(&["review", "--all", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(all.as_array().unwrap().iter().all(|r| r["code"] != b), "{all}");
    assert_eq!(run(&["review", a, "--reject", "199999999999999999"]).status.code(), Some(2));
    let out = demo.jabat().args(["--read-only", "review", a, "--reject", &other]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
}

/// The meeting's record: `export-review --format pdf` is a PDF, written whole to
/// `--out`, that says the position, the nominee with the facts, the others with their
/// standing and reasons, every decision and note with who, and where the committee
/// signs, in the language asked; a terminal is not written a PDF.
fn the_meeting_record_is_a_pdf_with_the_nominee_the_others_the_decisions_and_the_signatures(backend: Backend) {
    let demo = backend.demo("meeting_record");
    let code = "1276.05.04-J01";
    let out = demo.jabat().args(["candidates", code, "--format", "json"]).output().unwrap();
    let people: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let eligible: Vec<&str> =
        people.iter().filter(|p| p["standing"] == "eligible").map(|p| p["nip"].as_str().unwrap()).collect();
    let (chosen, other) = (eligible[0], eligible[1]);
    for args in [
        vec!["review", code, "--shortlist", other],
        vec!["review", code, "--note", other, "kuat di pelayanan"],
        vec!["review", code, "--nominate", chosen],
    ] {
        assert!(demo.jabat().args(&args).output().unwrap().status.success(), "{args:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(pdftotext) = which("pdftotext") else {
        return common::skip("pdftotext (poppler-utils) is not installed: the PDF is not read back");
    };
    for (lang, words) in [
        ("id", ["Berita Acara Sidang Baperjakat", "Calon terpilih", "Calon lain yang dipertimbangkan", "Sekretaris"]),
        ("en", ["Minutes of the Baperjakat meeting", "The nominee", "The others considered", "Secretary"]),
    ] {
        let pdf = dir.path().join(format!("ba-{lang}.pdf"));
        let out = demo
            .jabat()
            .args(["--lang", lang, "export-review", code, "--format", "pdf", "--out"])
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "a file, not standard output");
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = std::process::Command::new(&pdftotext).args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        for word in words.iter().chain(&[code, chosen, other, "kuat di pelayanan", "Kepala Bidang Pelayanan Kesehatan"])
        {
            assert!(text.contains(word), "{lang}: {word} is missing:\n{text}");
        }
        // Who decided, on every decision (the OS user, or the database role on PostgreSQL).
        let review = demo.jabat().args(["review", code, "--format", "json"]).output().unwrap();
        let review: serde_json::Value = serde_json::from_slice(&review.stdout).unwrap();
        let user = review[0]["user"].as_str().unwrap().to_string();
        assert!(text.matches(user.as_str()).count() >= 3, "{user}: {text}");
    }
    // Nothing is left behind beside the file.
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// The text of a PDF as pdftotext reads it; `None` (said) without pdftotext.
fn pdf_text(pdf: &std::path::Path) -> Option<String> {
    let Some(pdftotext) = which("pdftotext") else {
        common::skip("pdftotext (poppler-utils) is not installed: the PDF is not read back");
        return None;
    };
    let out = std::process::Command::new(&pdftotext).arg(pdf).arg("-").output().unwrap();
    Some(String::from_utf8(out.stdout).unwrap())
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| std::path::Path::new(d).join(program)).find(|p| p.is_file())
}

on_each_backend!(
    the_meeting_record_is_a_pdf_with_the_nominee_the_others_the_decisions_and_the_signatures,
    decisions_are_taken_headless_and_a_second_nomination_is_said,
    heads_of_dinas_step_down_and_peers_rotate_for_a_kepala_upt_puskesmas,
    teachers_retire_at_sixty_in_show_check_and_formation,
    demo_tree_shows_binjai_and_its_perangkat_daerah,
    depth_limits_the_tree,
    find_lists_employees_by_surname_ranked_and_show_prints_the_person,
    find_is_accent_and_case_insensitive_and_exits_1_when_nothing_matches,
    show_unknown_code_exits_1_and_bad_nip_exits_2,
    piped_output_has_no_colour_and_csv_has_stable_keys,
    indonesian_interface_from_the_locale_and_the_flag,
    a_closed_pipe_is_not_an_error,
    export_import_export_is_byte_identical_in_csv_and_json,
    a_non_empty_database_needs_replace_or_merge,
    gaps_of_a_position_and_of_a_unit_agree_with_each_other,
    candidates_json_is_a_stable_interface_and_explain_gives_every_reason,
    tasks_give_the_kebutuhan_and_the_job_efficiency_and_export_back,
    an_operations_file_replays_a_restructuring_and_reports_the_line_that_does_not_fit,
    drafts_and_check_work_headless,
    the_peta_jabatan_numbers_units_totals_as_tree_does_and_marks_a_drafts_changes,
    every_listing_is_also_a_spreadsheet_with_typed_cells_read_back,
    the_peta_jabatan_chart_prints_on_landscape_pages_with_every_name_and_room_to_sign,
    the_abk_recap_gives_each_positions_workload_need_and_efficiency_with_unit_totals,
    a_positions_anjab_prints_in_the_forms_order_and_leaves_and_comes_back_with_the_position,
    a_positions_factor_levels_give_a_kelas_beside_the_stored_one_and_check_warns_where_they_differ,
    tables_fit_80_columns_by_shortening_text_and_leaving_out_what_may_go,
    a_position_stands_for_its_unit_and_shows_the_standard_in_force,
    a_position_history_imports_with_indonesian_headers_shows_in_the_profile_and_exports_back,
    a_move_extends_the_position_history_and_its_undo_takes_the_entry_back,
    performance_formation_and_ninebox_draw_their_figures_as_svg_in_the_users_language,
    the_recruitment_list_has_only_short_positions_and_the_shortages_of_the_full_plan,
    performance_monitoring_adds_up_over_years_sub_units_and_follow_ups,
    scripts_get_the_rule_set_and_the_operations_on_stdout,
    check_fails_on_what_fail_on_names_for_cron,
);
