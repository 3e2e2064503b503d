//! Broken input is rejected as a whole, each problem named by file, line and column,
//! with exit code 2 and the database exactly as it was.

use crate::common;

use common::{export, jabat, write_dir};

const UNITS: &[u8] =
    b"code,parent_code,name,kind,eselon\nI,,Pemerintah Kota Contoh,instansi,\nD,I,Dinas Contoh,dinas,II.b\n";
const POSITIONS: &[u8] =
    b"code,unit_code,name,kind,level,eselon,class,needed,head\nD-1,D,Kepala Dinas Contoh,jpt,pratama,II.b,14,1,true\n";
const EMPLOYEES: &[u8] =
    b"nip,name,status,grade,grade_since,position_code\n196608011988031001,Budi Siregar,pns,IV/b,2020-04-01,D-1\n";

/// Imports `files` into a database that already holds a good dataset, with
/// `--replace`, and checks the failure: exit 2, every `expected` text in stderr, and
/// an export identical to the one before.
fn rejected(files: &[(&str, &[u8])], expected: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let (db, before) = good_db(&tmp);

    let bad = write_dir(tmp.path(), "bad", files);
    let out = jabat().arg("--db").arg(&db).arg("import").arg("--replace").arg(&bad).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&format!("{}/", bad.display()), "");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for want in expected {
        assert!(stderr.contains(want), "expected {want:?} in:\n{stderr}");
    }
    assert!(stderr.contains("database unchanged"), "{stderr}");
    assert_eq!(export(&db, &tmp.path().join("after")), before, "the database changed");
}

/// A database in `tmp` holding the good dataset, with its export as it is.
fn good_db(tmp: &tempfile::TempDir) -> (std::path::PathBuf, std::collections::BTreeMap<String, Vec<u8>>) {
    let good = write_dir(
        tmp.path(),
        "good",
        &[("units.csv", UNITS), ("positions.csv", POSITIONS), ("employees.csv", EMPLOYEES)],
    );
    let db = tmp.path().join("db");
    jabat().arg("--db").arg(&db).arg("import").arg(&good).assert().success();
    let before = export(&db, &tmp.path().join("before"));
    (db, before)
}

#[test]
fn bad_nip() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", b"nip,name\n196613011988031001,Siti\n12345,Rina\n"),
        ],
        &[
            "employees.csv:2: nip: NIP 196613011988031001: digits 1–8 (19661301) are not a birth date",
            "employees.csv:3: nip: '12345' is not a NIP (18 digits)",
        ],
    );
}

#[test]
fn unknown_parent() {
    rejected(
        &[("units.csv", b"code,parent_code,name\nA,,Alpha\nB,ZZ,Beta\n")],
        &["units.csv:3: parent_code: unknown unit 'ZZ'"],
    );
}

#[test]
fn every_problem_of_a_line_and_of_lines_that_refer_to_it_is_reported_at_once() {
    // Regression: an eselon error on a line hid its unknown parent until it was fixed,
    // and a rejected unit, position or employee made every row naming it "unknown".
    rejected(
        &[
            ("units.csv", b"code,parent_code,name,eselon\nA,,Alpha,\nB,ZZ,Beta,IX\nC,B,Gamma,\n"),
            (
                "positions.csv",
                b"code,unit_code,name,kind,level\nB-1,B,Kepala,administrator,tinggi\nC-1,C,Staf,pelaksana,\n",
            ),
            ("employees.csv", b"nip,name,position_code,grade\n196608011988031001,Budi,B-1,X/z\n"),
            ("ratings.csv", b"nip,year,rating\n196608011988031001,2025,baik\n"),
        ],
        &[
            "units.csv:3: eselon:",
            "units.csv:3: parent_code: unknown unit 'ZZ'",
            "positions.csv:2: level:",
            "employees.csv:2: grade:",
        ],
    );
}

#[test]
fn a_rejected_row_does_not_make_rows_that_name_it_unknown() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write_dir(
        tmp.path(),
        "bad",
        &[
            ("units.csv", b"code,parent_code,name,eselon\nA,,Alpha,\nB,A,Beta,IX\nC,B,Gamma,\n"),
            ("positions.csv", b"code,unit_code,name,kind,level\nB-1,B,Kepala,administrator,tinggi\n"),
            ("employees.csv", b"nip,name,position_code,grade\n196608011988031001,Budi,B-1,X/z\n"),
            ("ratings.csv", b"nip,year,rating\n196608011988031001,2025,baik\n"),
        ],
    );
    let out = jabat().arg("--db").arg(tmp.path().join("db")).arg("import").arg(&bad).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for spurious in ["unknown unit 'B'", "unknown position 'B-1'", "unknown employee"] {
        assert!(!stderr.contains(spurious), "{spurious:?} in:\n{stderr}");
    }
    assert!(stderr.contains("(3 problems)"), "exactly the three real problems:\n{stderr}");
}

#[test]
fn cycle_of_units() {
    rejected(
        &[("units.csv", b"code,parent_code,name\nR,,Root\nA,C,Alpha\nB,A,Beta\nC,B,Gamma\nS,S,Self\n")],
        &[
            "units.csv:3: parent_code: units form a cycle: A → C → B → A",
            "units.csv:6: parent_code: unit 'S' is its own parent",
        ],
    );
}

#[test]
fn bad_date() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", b"nip,name,grade_since\n196608011988031001,Budi,31-02-2020\n"),
        ],
        &["employees.csv:2: grade_since: '31-02-2020' is not a calendar day"],
    );
}

#[test]
fn wrong_enumeration() {
    rejected(
        &[("units.csv", UNITS), ("positions.csv", b"code,unit_code,name,kind\nP,D,Staf,structural\n")],
        &[
            "positions.csv:2: kind: 'structural' is not a position kind (expected one of: jpt, administrator, pengawas, pelaksana, fungsional)",
        ],
    );
}

#[test]
fn missing_required_column() {
    rejected(&[("units.csv", b"code,parent_code\nA,\n")], &["units.csv:1: name: required column is missing"]);
}

#[test]
fn missing_units_file() {
    rejected(&[("positions.csv", POSITIONS)], &["units.csv: required file is missing"]);
}

#[test]
fn not_utf8() {
    rejected(
        &[("units.csv", b"code,name\nA,Alpha\nB,Dinas Pendidikan \xe9l\xe9mentaire\n")],
        &["units.csv:3: not valid UTF-8 text"],
    );
}

#[test]
fn empty_file() {
    rejected(&[("units.csv", b"")], &["units.csv: the file is empty"]);
}

#[test]
fn conflicting_explicit_values_and_references() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            (
                "employees.csv",
                b"nip,name,birth_date,sex,position_code,service_start\n196608011988031001,Budi,1966-08-02,P,X-9,1990-01-01\n",
            ),
            ("ratings.csv", b"nip,year,rating\n196608011988031001,2024,baik\n196608011988031001,2024,baik\n199001012015011001,2024,baik\n"),
        ],
        &[
            "employees.csv:2: birth_date: 1966-08-02 conflicts with NIP 196608011988031001, which says 1966-08-01",
            "employees.csv:2: sex: P conflicts with NIP",
            "employees.csv:2: position_code: unknown position 'X-9'",
            "employees.csv:2: service_start: 1990-01-01 conflicts with NIP 196608011988031001, whose TMT is 1988-03",
            "ratings.csv:4: nip: unknown employee 199001012015011001",
        ],
    );
}

#[test]
fn position_history_with_bad_dates_kinds_or_people_is_refused_line_by_line() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            (
                "positions_history.csv",
                "nip,tmt_jabatan,sampai,nama_jabatan,kode_jabatan,unit_kerja,jenis_jabatan,jenjang\n\
196608011988031001,1990-01-01,1988-12-31,Kepala Seksi,,Dinas X,pengawas,\n\
196608011988031001,1991-01-01,,Analis,,,jabatan sakti,\n\
196608011988031001,1992-02-30,,Analis,,,,\n\
199001012015011001,2015-01-01,,Analis,,,,\n\
196608011988031001,1993-01-01,1995-01-01,,,,,\n\
196608011988031001,1996-01-01,1999-01-01,Kepala Seksi,,,pengawas,\n\
196608011988031001,1996-01-01,1998-01-01,Kepala Subbagian,,,pengawas,\n"
                    .as_bytes(),
            ),
        ],
        &[
            "positions_history.csv:2: sampai (to): 1988-12-31 is before the start 1990-01-01",
            "positions_history.csv:3: jenis_jabatan (kind):",
            "positions_history.csv:4: tmt_jabatan (from):",
            "positions_history.csv:5: nip: unknown employee 199001012015011001",
            "positions_history.csv:6: nama_jabatan (position): required value is empty",
            "positions_history.csv:8: tmt_jabatan (from): a second post of 196608011988031001 from 1996-01-01 in this input",
        ],
    );
}

#[test]
fn grade_history_on_the_wrong_scale_or_twice_on_a_date() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            ("grades.csv", b"nip,grade,since\n196608011988031001,IX,1988-03-01\n196608011988031001,III/a,1992-04-01\n196608011988031001,III/b,1992-04-01\n"),
        ],
        &[
            "grades.csv:2: grade: 'IX' is not a PNS grade (I/a … IV/e)",
            "grades.csv:4: since: a second grade of 196608011988031001 from 1992-04-01 in this input",
        ],
    );
}

#[test]
fn credit_points_that_are_no_number_or_a_second_of_a_year_are_refused_and_good_ones_export_back() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            (
                "credit_points.csv",
                b"nip,tahun,angka_kredit\n196608011988031001,2023,12.5\n196608011988031001,2024,dua belas\n196608011988031001,2023,9\n196608011988031001,2025,1.2345\n",
            ),
        ],
        &[
            "credit_points.csv:3: angka_kredit (points): dua belas is not a number of credit points (a number with up to three decimals)",
            "credit_points.csv:4: tahun (year): second credit points of 196608011988031001 for 2023 in this input",
            "credit_points.csv:5: angka_kredit (points): 1.2345 is not a number of credit points",
        ],
    );
    // Good ones, with a comma for the decimal point, come back as written by export.
    let tmp = tempfile::tempdir().unwrap();
    let good = write_dir(
        tmp.path(),
        "good",
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            ("credit_points.csv", b"nip,year,points\n196608011988031001,2024,\"9,375\"\n196608011988031001,2023,25\n"),
        ],
    );
    let db = tmp.path().join("db");
    jabat().arg("--db").arg(&db).arg("import").arg(&good).assert().success();
    let out = export(&db, &tmp.path().join("out"));
    let written = out.iter().find(|(name, _)| name.ends_with("credit_points.csv")).map(|(_, bytes)| bytes.clone());
    assert_eq!(
        String::from_utf8(written.expect("credit_points.csv exported")).unwrap(),
        "nip,year,points\n196608011988031001,2023,25\n196608011988031001,2024,9.375\n"
    );
}

#[test]
fn an_anjab_with_an_unknown_section_item_or_position_is_refused_and_a_good_one_exports_back() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            (
                "anjab.csv",
                "position_code,section,item,text\n\
                 D-1,summary,,Memimpin dinas\n\
                 D-1,ringkasan,,Apa ini\n\
                 D-1,task_step,,Tanpa tugas\n\
                 D-1,requirement,tinggi_badan,170 cm\n\
                 D-9,summary,,Tidak ada\n\
                 D-1,summary,x,Butir berlebih\n\
                 D-1,faktor,gaji,3\n\
                 D-1,factor,pedoman,tinggi\n\
                 D-1,factor,kondisi_lain,2\n\
                 D-1,factor,kondisi_lain,3\n"
                    .as_bytes(),
            ),
        ],
        &[
            "anjab.csv:3: section: 'ringkasan' is not a section of an anjab",
            "anjab.csv:4: item: this section names its item",
            "anjab.csv:5: item: 'tinggi_badan' is not a requirement",
            "anjab.csv:6: position_code:",
            "anjab.csv:7: item: section summary has no item",
            "anjab.csv:8: item: 'gaji' is not a factor of the job evaluation",
            "anjab.csv:9: text: a factor's level is a whole number from 1, not 'tinggi'",
            "anjab.csv:11: item: factor kondisi_lain already has its level",
        ],
    );
    // Indonesian headers and section names; the export writes jabat's own, the form's
    // sections in order, each section's lines as given.
    let tmp = tempfile::tempdir().unwrap();
    let good = write_dir(
        tmp.path(),
        "good",
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            (
                "anjab.csv",
                "kode_jabatan,bagian,butir,uraian\n\
                 D-1,Syarat Jabatan,pendidikan,Paling rendah S2\n\
                 D-1,ikhtisar,,Memimpin dinas\n\
                 D-1,tanggung_jawab,,Kinerja dinas\n\
                 D-1,tanggung_jawab,,Pengelolaan anggaran\n\
                 D-1,faktor_jabatan,kondisi_lain,2\n"
                    .as_bytes(),
            ),
        ],
    );
    let db = tmp.path().join("db");
    jabat().arg("--db").arg(&db).arg("import").arg(&good).assert().success();
    let expected = "position_code,section,item,text\n\
                    D-1,summary,,Memimpin dinas\n\
                    D-1,responsibility,,Kinerja dinas\n\
                    D-1,responsibility,,Pengelolaan anggaran\n\
                    D-1,requirement,pendidikan,Paling rendah S2\n\
                    D-1,factor,kondisi_lain,2\n";
    let out = export(&db, &tmp.path().join("out"));
    let written = out.iter().find(|(name, _)| name.ends_with("anjab.csv")).map(|(_, bytes)| bytes.clone());
    assert_eq!(String::from_utf8(written.expect("anjab.csv exported")).unwrap(), expected);
    // The printed form has it, headed in the user's language.
    let text = jabat().arg("--db").arg(&db).args(["--lang", "id", "anjab", "D-1"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for words in
        ["ANALISIS JABATAN", "1. Ikhtisar Jabatan", "Memimpin dinas", "Tanggung Jawab", "Pendidikan: Paling rendah S2"]
    {
        assert!(text.contains(words), "{words}: {text}");
    }
}

#[test]
fn duplicates_within_a_file() {
    rejected(
        &[("units.csv", b"code,name\nA,Alpha\nA,Again\n")],
        &["units.csv:3: code: duplicate unit code 'A' (first on line 2)"],
    );
}

#[test]
fn many_problems_are_listed_up_to_a_hundred_then_counted() {
    let mut units = String::from("code,parent_code,name\n");
    for i in 0..150 {
        units.push_str(&format!("U{i},NOPE,Unit {i}\n"));
    }
    rejected(
        &[("units.csv", units.as_bytes())],
        &["units.csv:101: parent_code", "… and 50 more problems", "(150 problems)"],
    );
}

#[test]
fn spreadsheet_exports_import_as_they_are() {
    // BOM, `;`, CRLF, Indonesian headers in any case, DD/MM/YYYY and DD-MM-YYYY dates,
    // an unknown column (a warning, not an error).
    let tmp = tempfile::tempdir().unwrap();
    let dir = write_dir(
        tmp.path(),
        "sheet",
        &[
            ("units.csv", "\u{feff}Kode;Kode_Induk;Nama;Jenis;Warna\r\nI;;Pemerintah Kota Contoh;instansi;biru\r\nD;I;Dinas Contoh;dinas;hijau\r\n".as_bytes()),
            ("positions.csv", b"KODE;KODE_UNIT;NAMA;JENIS;JENJANG;ESELON;KELAS;KEBUTUHAN;KEPALA\r\nD-1;D;Kepala Dinas;JPT;Pratama;II.b;14;1;ya\r\nD-2;D;Analis SDM Aparatur Ahli Pertama;fungsional;Ahli Pertama;;8;3;tidak\r\n"),
            ("employees.csv", b"nip;nama;golongan;tmt_golongan;kode_jabatan;tmt_jabatan;pendidikan;tanggal_lahir;jenis_kelamin\r\n196608011988031001;Drs. Budi Siregar, M.Si.;IV/b;01/04/2020;D-1;02-01-2021;S2;01/08/1966;L\r\n"),
            ("ratings.csv", b"nip;tahun;predikat\r\n196608011988031001;2024;Sangat Baik\r\n"),
            ("assessments.csv", b"nip;kompetensi;level;tanggal\r\n196608011988031001;Orientasi pada Hasil;4;2024-05-02\r\n"),
        ],
    );
    let db = tmp.path().join("db");
    jabat()
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicates::str::contains("units.csv:1: 1 column jabat has no use for, ignored: Warna"));
    let out = export(&db, &tmp.path().join("out"));
    let employees = String::from_utf8(out["employees.csv"].clone()).unwrap();
    assert!(employees.contains("196608011988031001,\"Drs. Budi Siregar, M.Si.\",pns,IV/b,2020-04-01,D-1,2021-01-02,S2,1966-08-01,L,1988-03-01,"), "{employees}");
    let positions = String::from_utf8(out["positions.csv"].clone()).unwrap();
    assert!(positions.contains("D-1,D,Kepala Dinas,jpt,pratama,II.b,14,1,true"), "{positions}");
    let assessments = String::from_utf8(out["assessments.csv"].clone()).unwrap();
    assert!(assessments.contains("196608011988031001,orientasi_hasil,4,2024-05-02"), "{assessments}");
}

#[test]
fn spreadsheet_headers_import_and_a_near_miss_of_a_missing_column_is_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let units = b"Kode,Kode Induk,Nama\nA,,Dinas A\nA.1,A,Bidang Satu\n";
    let positions = b"Kode Jabatan,Kode Unit,Nama Jabatan,Jenis Jabatan\nA.1-1,A.1,Analis Kepegawaian,pelaksana\nA-1,A,Analis Kepegawaian,pelaksana\n";
    // What a SIMPEG export writes: Gol/Ruang, TMT Gol., the post by name and unit.
    let employees = "NIP;Nama;Gol/Ruang;TMT Gol.;Jabatan;Unit Kerja\n\
                     198001012005011001;Budi;III/a;2005-01-01;Analis Kepegawaian;Bidang Satu\n";
    let dir = common::write_dir(
        tmp.path(),
        "good",
        &[("units.csv", units), ("positions.csv", positions), ("employees.csv", employees.as_bytes())],
    );
    let (_db_dir, db, assert) = common::import_into_new_db(&dir);
    assert.success();
    let out = common::jabat().arg("--db").arg(&db).args(["show", "198001012005011001", "--format", "json"]).output();
    let shown: serde_json::Value = serde_json::from_slice(&out.unwrap().stdout).unwrap();
    assert_eq!((shown["grade"].as_str(), shown["position_code"].as_str()), (Some("III/a"), Some("A.1-1")), "{shown}");
    // The same name in two units and no unit: which ones, said.
    let ambiguous = "NIP,Nama,Jabatan\n198001012005011001,Budi,Analis Kepegawaian\n";
    let dir = common::write_dir(
        tmp.path(),
        "ambiguous",
        &[("units.csv", units), ("positions.csv", positions), ("employees.csv", ambiguous.as_bytes())],
    );
    let (_d, _db, assert) = common::import_into_new_db(&dir);
    let err = String::from_utf8(assert.code(2).get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("employees.csv:2: Jabatan (position_name): 2 positions are named 'Analis Kepegawaian'"),
        "{err}"
    );
    // A header one letter off an optional column: a warning with its "did you mean";
    // off a required one, that column's error names it.
    let typo = "NIP,Nama,Golongn\n198001012005011001,Budi,III/a\n";
    let dir = common::write_dir(tmp.path(), "typo", &[("units.csv", units), ("employees.csv", typo.as_bytes())]);
    let (_d, _db, assert) = common::import_into_new_db(&dir);
    let err = String::from_utf8(assert.success().get_output().stderr.clone()).unwrap();
    assert!(err.contains("employees.csv:1: Golongn: unknown column, ignored; did you mean grade?"), "{err}");
    let typo = "NIP Pegawai,Nama\n198001012005011001,Budi\n";
    let dir = common::write_dir(tmp.path(), "typo2", &[("units.csv", units), ("employees.csv", typo.as_bytes())]);
    let (_d, _db, assert) = common::import_into_new_db(&dir);
    let err = String::from_utf8(assert.code(2).get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("employees.csv:1: nip: required column is missing; is the column 'NIP Pegawai' meant for it?"),
        "{err}"
    );
}

#[test]
fn import_problems_are_said_in_indonesian_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::write_dir(
        tmp.path(),
        "bad",
        &[
            ("units.csv", b"kode,kode_induk,nama\nA,,Dinas A\nB,ZZ,Dinas B\n"),
            ("employees.csv", b"nip,nama,golongan,tanggal_lahir\n198001012005011001,Budi,X/z,31-02-1980\n"),
        ],
    );
    let out = common::jabat()
        .env("LANG", "id_ID.UTF-8")
        .arg("--db")
        .arg(tmp.path().join("db"))
        .arg("import")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for said in [
        "units.csv:3: kode_induk (parent_code): unit 'ZZ' tidak dikenal",
        "'X/z' bukan golongan PNS",
        "bukan tanggal",
        "basis data tidak diubah (3 masalah)",
    ] {
        assert!(err.contains(said), "{said}:\n{err}");
    }
    for english in ["unknown unit", "is not a", "import rejected"] {
        assert!(!err.contains(english), "{english}:\n{err}");
    }
}

#[test]
fn an_unknown_column_is_a_warning_and_a_broken_header_gives_no_follow_on_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let ratings = b"nip,year,rating\n196608011988031001,2024,baik\n";
    // `Unit Lama`, kept for reference: imported, with one warning; a hundred thousand
    // columns jabat has no use for: still one line.
    let mut wide = String::from("nip,name,status,grade,grade_since,position_code,Unit Lama");
    let mut row = String::from("196608011988031001,Budi Siregar,pns,IV/b,2020-04-01,D-1,Dinas Lama");
    for i in 0..100_000 {
        wide.push_str(&format!(",Catatan {i}"));
        row.push(',');
    }
    let employees = format!("{wide}\n{row}\n");
    let dir = write_dir(
        tmp.path(),
        "extra",
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", employees.as_bytes()),
            ("catatan.csv", b"apa saja\n"),
            ("pegawai lama.csv", b"nip\n"),
        ],
    );
    let (_d, _db, assert) = common::import_into_new_db(&dir);
    let err = String::from_utf8(assert.success().get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().filter(|l| l.starts_with("warning:")).count(), 3, "{err}");
    assert!(err.contains("extra: 2 files are no jabat table, ignored: catatan.csv, pegawai lama.csv"), "{err}");
    assert!(err.contains("employees.csv:1: Unit Lama: unknown column, ignored; did you mean unit_name?"), "{err}");
    assert!(
        err.contains("employees.csv:1: 100000 columns jabat has no use for, ignored: Catatan 0, Catatan 1,"),
        "{err}"
    );
    assert!(err.contains("and 99992 more"), "{err}");
    // The NIP column headed otherwise: that one problem, which names the column meant,
    // and no "unknown employee" for each rating of the people it would have brought.
    let employees = b"NIP Pegawai,name\n196608011988031001,Budi Siregar\n";
    let dir = write_dir(
        tmp.path(),
        "broken",
        &[("units.csv", UNITS), ("positions.csv", POSITIONS), ("employees.csv", employees), ("ratings.csv", ratings)],
    );
    let (_d, db, assert) = common::import_into_new_db(&dir);
    let err = String::from_utf8(assert.code(2).get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("employees.csv:1: nip: required column is missing; is the column 'NIP Pegawai' meant for it?")
    );
    assert!(!err.contains("unknown employee") && err.contains("(1 problem)"), "{err}");
    // Refused into a path where there was nothing: nothing is left there.
    assert!(!db.exists(), "a refused import left {} behind", db.display());
}

#[test]
fn imports_that_would_lose_data_quietly_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, before) = good_db(&tmp);
    let import = |args: &[&str], dir: &std::path::Path| {
        let out = jabat().arg("--db").arg(&db).arg("import").args(args).arg(dir).output().unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    // A units file with its header only: a replace, or its dry run, is no emptying.
    let header_only = write_dir(tmp.path(), "header_only", &[("units.csv", b"code,parent_code,name\n")]);
    for args in [&["--replace"][..], &["--replace", "--dry-run"], &["--dry-run"]] {
        let (code, err) = import(args, &header_only);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("brings no units"), "{err}");
    }
    // Far fewer units, positions or people than there are: refused without a terminal to
    // ask on, unless --yes.
    let fewer = write_dir(tmp.path(), "fewer", &[("units.csv", b"code,name\nI,Pemerintah Kota Contoh\n")]);
    let (code, err) = import(&["--replace"], &fewer);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("Replacing 2 units, 1 positions, 1 employees with 1 units, 0 positions, 0 employees removes most")
            && err.contains("--yes"),
        "{err}"
    );
    // A quoted value left open on the last line.
    let mut units = UNITS.to_vec();
    units.extend_from_slice(b"Q1,I,\"Unclosed,dinas,\n");
    let open = write_dir(
        tmp.path(),
        "open",
        &[("units.csv", &units), ("positions.csv", POSITIONS), ("employees.csv", EMPLOYEES)],
    );
    let (code, err) = import(&["--replace"], &open);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("units.csv:4: a quoted value opened on this line is not closed before the end of the file"));
    assert_eq!(export(&db, &tmp.path().join("after")), before, "the database changed");
    let (code, err) = import(&["--replace", "--yes"], &fewer);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("the content before is kept: jabat ops undo brings it back, until the next replace"), "{err}");
    // Replaced by mistake: brought back, as it was, by the next run.
    let undo = jabat().arg("--db").arg(&db).args(["ops", "undo"]).output().unwrap();
    let said = String::from_utf8(undo.stdout).unwrap();
    assert_eq!(undo.status.code(), Some(0), "{said}");
    assert!(said.contains(" is back: 2 units, 1 positions, 1 employees"), "{said}");
    assert_eq!(export(&db, &tmp.path().join("back")), before, "the content as it was");
    let again = jabat().arg("--db").arg(&db).args(["ops", "undo"]).output().unwrap();
    assert_eq!(again.status.code(), Some(1), "nothing more to undo");
}

#[test]
fn workloads_no_position_can_carry_are_refused_with_the_bound() {
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            (
                "tasks.csv",
                b"kode_jabatan,tugas,volume,waktu\nD-1,Rapat,4294967295,4294967295\nD-1,Laporan,12,75001\nD-1,Surat,100000001,5\n",
            ),
        ],
        &[
            "tasks.csv:2: volume: '4294967295' is too large for a yearly volume: at most 100000000",
            "tasks.csv:3: waktu (minutes): '75001' is too large for",
            "tasks.csv:4: volume: '100000001' is too large",
        ],
    );
    // Within the bounds one by one, too much together: the need it would give is said.
    let tasks: String = (0..20).map(|i| format!("D-1,Tugas {i},100000000,75000\n")).collect();
    rejected(
        &[
            ("units.csv", UNITS),
            ("positions.csv", POSITIONS),
            ("employees.csv", EMPLOYEES),
            ("tasks.csv", format!("position_code,task,volume,minutes\n{tasks}").as_bytes()),
        ],
        &["position D-1: its tasks give a kebutuhan of 2000000000 people, more than the 1000000 allowed"],
    );
}

#[test]
fn a_directory_its_user_cannot_read_is_said_so_not_taken_as_empty() {
    if !nix::unistd::geteuid().is_root() {
        common::skip("making an OS user for the permission test needs root");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let chmod = |p: &std::path::Path, mode: u32| {
        std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap()
    };
    chmod(tmp.path(), 0o755);
    let _users = common::OsUsers::make(tmp.path(), &["ji-rina"]);
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_jabat")).unwrap();
    let locked = write_dir(tmp.path(), "locked", &[("units.csv", UNITS), ("ratings.csv", b"nip,year,rating\n")]);
    chmod(&locked, 0o700);
    let home = tmp.path().join("ji-rina");
    let as_rina = |args: &[&str]| {
        let out = std::process::Command::new("runuser")
            .args(["-u", "ji-rina", "--"])
            .arg(&bin)
            .arg("--db")
            .arg(home.join("db"))
            .args(args)
            .env("LANG", "C")
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, err) = as_rina(&["import", locked.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("Permission denied") && !err.contains("required file is missing"), "{err}");
    let mine = home.join("good");
    std::fs::create_dir(&mine).unwrap();
    for (name, bytes) in [("units.csv", UNITS), ("positions.csv", POSITIONS), ("employees.csv", EMPLOYEES)] {
        std::fs::write(mine.join(name), bytes).unwrap();
    }
    assert!(std::process::Command::new("chown").args(["-R", "ji-rina"]).arg(&mine).status().unwrap().success());
    let (code, err) = as_rina(&["import", mine.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = as_rina(&["import", "--merge", locked.to_str().unwrap()]);
    assert_eq!(code, Some(2), "a merge of what cannot be read is no merge of nothing: {err}");
    assert!(err.contains("Permission denied"), "{err}");
    let _ = std::process::Command::new(&bin).arg("--db").arg(home.join("db")).args(["server", "stop"]).output();
}

/// A workbook as a spreadsheet program writes one: `sheets` of rows, where a cell is
/// text, a number or a date.
fn workbook(path: &std::path::Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(t) => sheet.write_string(r, c, *t).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Date(y, m, d) => {
                        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(r, c, &day, &date).map(|_| ())
                    }
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[derive(Clone)]
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
}

#[test]
fn a_workbook_imports_a_table_a_sheet_with_date_cells_and_names_the_cell_of_a_problem() {
    use Cell::{Date, Number, Text};
    let tmp = tempfile::tempdir().unwrap();
    let units = vec![
        vec![Text("Kode"), Text("Kode Induk"), Text("Nama"), Text("Jenis")],
        vec![Text("I"), Text(""), Text("Pemerintah Kota Contoh"), Text("instansi")],
        vec![Text("D"), Text("I"), Text("Dinas Contoh"), Text("dinas")],
    ];
    let positions = vec![
        vec![
            Text("Kode Jabatan"),
            Text("Kode Unit"),
            Text("Nama Jabatan"),
            Text("Jenis Jabatan"),
            Text("Kelas"),
            Text("Kebutuhan"),
        ],
        vec![Text("D-2"), Text("D"), Text("Analis SDM Aparatur"), Text("pelaksana"), Number(8.0), Number(3.0)],
    ];
    let employees = |nip: Cell| {
        vec![
            vec![
                Text("NIP"),
                Text("Nama"),
                Text("Gol/Ruang"),
                Text("TMT Golongan"),
                Text("Kode Jabatan"),
                Text("Tanggal Lahir"),
            ],
            vec![nip, Text("Budi Siregar"), Text("III/a"), Date(2020, 4, 1), Text("D-2"), Date(1980, 1, 1)],
        ]
    };
    let ratings = vec![
        vec![Text("NIP"), Text("Tahun"), Text("Predikat")],
        vec![Text("198001012005011001"), Number(2024.0), Text("Baik")],
    ];
    let book = tmp.path().join("kepegawaian.xlsx");
    workbook(
        &book,
        &[
            ("Unit Kerja", units.clone()),
            ("Jabatan", positions.clone()),
            ("Pegawai", employees(Text("198001012005011001"))),
            ("Kinerja", ratings),
            ("Catatan", vec![vec![Text("dibuat oleh bagian umum")]]),
        ],
    );
    let (_d, db, assert) = common::import_into_new_db(&book);
    let err = String::from_utf8(assert.success().get_output().stderr.clone()).unwrap();
    assert!(err.contains("sheets jabat has no use for, ignored: Catatan"), "{err}");
    let out = export(&db, &tmp.path().join("out"));
    let employees_csv = String::from_utf8(out["employees.csv"].clone()).unwrap();
    assert!(
        employees_csv.contains("198001012005011001,Budi Siregar,pns,III/a,2020-04-01,D-2,,,1980-01-01"),
        "{employees_csv}"
    );
    let positions_csv = String::from_utf8(out["positions.csv"].clone()).unwrap();
    assert!(positions_csv.contains("D-2,D,Analis SDM Aparatur,pelaksana,,,8,3,false"), "{positions_csv}");
    assert!(String::from_utf8(out["ratings.csv"].clone()).unwrap().contains("198001012005011001,2024,baik"));
    // The NIP kept as a number has lost its last digits: refused at its cell.
    let numeric = tmp.path().join("angka.xlsx");
    workbook(
        &numeric,
        &[
            ("Unit Kerja", units.clone()),
            ("Jabatan", positions.clone()),
            ("Pegawai", employees(Number(198001012005011001.0))),
        ],
    );
    let (_d, _db, assert) = common::import_into_new_db(&numeric);
    let err = String::from_utf8(assert.code(2).get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("angka.xlsx: Pegawai!A2: nip: the NIP is stored as a number and its last digits are lost"),
        "{err}"
    );
    // A workbook for one table, beside the CSV files of the others: a problem names the
    // cell and the column as the sheet heads it.
    let dir = write_dir(
        tmp.path(),
        "mixed",
        &[("units.csv", UNITS), ("positions.csv", b"code,unit_code,name,kind\nD-2,D,Analis,pelaksana\n")],
    );
    let mut bad = employees(Text("198001012005011001"));
    bad[1][2] = Text("X/z");
    bad[1][1] = Text("Budi\u{7}Siregar");
    workbook(&dir.join("employees.xlsx"), &[("Sheet1", bad)]);
    let (_d, _db, assert) = common::import_into_new_db(&dir);
    let err = String::from_utf8(assert.code(2).get_output().stderr.clone()).unwrap();
    assert!(err.contains("employees.xlsx: Sheet1!C2: Gol/Ruang (grade): 'X/z' is not a PNS grade"), "{err}");
    assert_eq!(err.matches("Sheet1!B2: Nama (name): the value").count(), 1, "said once: {err}");
}

/// The 66 columns of SIASN's "Export Data ASN", in its order.
const SIASN_COLUMNS: [&str; 66] = [
    "PNS ID",
    "NIP BARU",
    "NIP LAMA",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "AGAMA ID",
    "AGAMA NAMA",
    "JENIS KAWIN ID",
    "JENIS KAWIN NAMA",
    "NIK",
    "NOMOR HP",
    "EMAIL",
    "EMAIL GOV",
    "ALAMAT",
    "NPWP NOMOR",
    "BPJS",
    "JENIS PEGAWAI ID",
    "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA",
    "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS",
    "TANGGAL SK CPNS",
    "TMT CPNS",
    "NOMOR SK PNS",
    "TANGGAL SK PNS",
    "TMT PNS",
    "GOL AWAL ID",
    "GOL AWAL NAMA",
    "GOL AKHIR ID",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "MK TAHUN",
    "MK BULAN",
    "JENIS JABATAN ID",
    "JENIS JABATAN NAMA",
    "JABATAN ID",
    "JABATAN NAMA",
    "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN ID",
    "PENDIDIKAN NAMA",
    "TAHUN LULUS",
    "KPKN ID",
    "KPKN NAMA",
    "LOKASI KERJA ID",
    "LOKASI KERJA NAMA",
    "UNOR ID",
    "UNOR NAMA",
    "INSTANSI INDUK ID",
    "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID",
    "SATUAN KERJA KERJA NAMA",
    "IS VALID NIK",
    "NAMA SEKOLAH",
];

/// A row of a SIASN export: the columns named given, every other as SIASN fills it.
fn siasn_row(given: &[(&str, &str)]) -> String {
    let cells: Vec<String> = SIASN_COLUMNS
        .iter()
        .map(|column| {
            let value = given.iter().find(|(c, _)| c == column).map(|(_, v)| v.to_string());
            let value = value.unwrap_or_else(|| match *column {
                "PNS ID" => "8ae48298-5ac1-4c7a-015a-c2b3f1a20f11".into(),
                "AGAMA NAMA" => "Islam".into(),
                "KEDUDUKAN HUKUM NAMA" => "Aktif".into(),
                "STATUS CPNS PNS" => "P".into(),
                "INSTANSI INDUK NAMA" => "Pemerintah Kota Contoh".into(),
                "NIK" => "1275010101800001".into(),
                "ALAMAT" => "Jl. Sudirman No. 1, Binjai".into(),
                _ => String::new(),
            });
            if value.contains([',', '"']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
        })
        .collect();
    cells.join(",")
}

#[test]
fn a_siasn_export_merges_its_people_by_unit_and_post_name_and_says_who_cannot_be_placed() {
    let tmp = tempfile::tempdir().unwrap();
    let units = b"code,parent_code,name,kind\nI,,Pemerintah Kota Contoh,instansi\nD,I,Dinas Contoh,dinas\nD.1,D,Sekretariat,sekretariat\nE,I,Dinas Lain,dinas\nE.1,E,Sekretariat,sekretariat\n";
    let positions = b"code,unit_code,name,kind,level,eselon,head\nD-1,D,Kepala Dinas Contoh,jpt,pratama,II.b,true\nD.1-1,D.1,Pengelola Kepegawaian,pelaksana,,,false\nE.1-1,E.1,Pengelola Kepegawaian,pelaksana,,,false\nE-2,E,Pengadministrasi Perkantoran,pelaksana,,,false\n";
    let dir = write_dir(tmp.path(), "structure", &[("units.csv", units), ("positions.csv", positions)]);
    let db = tmp.path().join("db");
    jabat().arg("--db").arg(&db).arg("import").arg(&dir).assert().success();
    let pns = "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota";
    let rows = [
        siasn_row(&[
            ("NIP BARU", "'196608011988031001"),
            ("NAMA", "Budi Siregar"),
            ("GELAR DEPAN", "Drs."),
            ("GELAR BELAKANG", "M.Si."),
            ("TANGGAL LAHIR", "01-08-1966"),
            ("JENIS KELAMIN", "M"),
            ("JENIS PEGAWAI NAMA", pns),
            ("TMT CPNS", "01-03-1988"),
            ("GOL AKHIR NAMA", "IV/b"),
            ("TMT GOLONGAN", "01-04-2020"),
            ("JENIS JABATAN NAMA", "Jabatan Struktural"),
            ("JABATAN NAMA", "Kepala Dinas Contoh"),
            ("TMT JABATAN", "02-01-2021"),
            ("TINGKAT PENDIDIKAN NAMA", "S-2"),
            ("UNOR ID", "8ae48298-0001"),
            ("UNOR NAMA", "Dinas Contoh"),
        ]),
        siasn_row(&[
            ("NIP BARU", "'199001012021212005"),
            ("NAMA", "Rina Ginting"),
            ("GELAR BELAKANG", "A.Md."),
            ("TANGGAL LAHIR", "01-01-1990"),
            ("JENIS KELAMIN", "F"),
            ("JENIS PEGAWAI NAMA", "PPPK"),
            ("GOL AKHIR NAMA", "VII"),
            ("JABATAN NAMA", "Pengadministrasi Perkantoran"),
            ("TINGKAT PENDIDIKAN NAMA", "Diploma III"),
            ("UNOR NAMA", "Dinas Lain"),
        ]),
        // Which "Sekretariat"? Two units have the name.
        siasn_row(&[
            ("NIP BARU", "'198501012010011002"),
            ("NAMA", "Andi Lubis"),
            ("JENIS KELAMIN", "M"),
            ("JENIS PEGAWAI NAMA", pns),
            ("GOL AKHIR NAMA", "III/b"),
            ("JABATAN NAMA", "Pengelola Kepegawaian"),
            ("TINGKAT PENDIDIKAN NAMA", "SLTA"),
            ("UNOR NAMA", "Sekretariat"),
        ]),
    ];
    let export = tmp.path().join("Export Data ASN.csv");
    std::fs::write(&export, format!("{}\n{}\n", SIASN_COLUMNS.join(","), rows.join("\n"))).unwrap();
    let merge = |extra: &[&str]| {
        let out = jabat().arg("--db").arg(&db).args(["import", "--merge"]).args(extra).arg(&export).output().unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, err) = merge(&[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("Export Data ASN.csv:1: 51 columns jabat has no use for, ignored: PNS ID, NIP LAMA,"),
        "{err}"
    );
    assert_eq!(err.lines().filter(|l| l.starts_with("warning:")).count(), 1, "one line for the columns: {err}");
    assert!(
        err.contains(
            "Export Data ASN.csv:4: JABATAN NAMA (position_name): 2 units are named 'Sekretariat' (D.1, E.1 …)"
        ),
        "{err}"
    );
    assert!(err.contains("(1 problem)"), "the other two are placed: {err}");
    // With --unplaced hold: in, the one not placed on the holding list, listed.
    let (code, err) = merge(&["--unplaced", "hold"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 person put on the holding list") && err.contains("198501012010011002 Andi Lubis: 2 units"));
    let show = |nip: &str| -> serde_json::Value {
        let out = jabat().arg("--db").arg(&db).args(["show", nip, "--format", "json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let budi = show("196608011988031001");
    assert_eq!(budi["name"], "Drs. Budi Siregar, M.Si.", "{budi}");
    assert_eq!((budi["grade"].as_str(), budi["position_code"].as_str()), (Some("IV/b"), Some("D-1")), "{budi}");
    assert_eq!((budi["education"].as_str(), budi["status"].as_str()), (Some("S2"), Some("pns")), "{budi}");
    assert_eq!(budi["grade_since"], "2020-04-01", "{budi}");
    let rina = show("199001012021212005");
    assert_eq!(rina["name"], "Rina Ginting, A.Md.", "{rina}");
    assert_eq!((rina["status"].as_str(), rina["grade"].as_str()), (Some("pppk"), Some("VII")), "{rina}");
    assert_eq!((rina["position_code"].as_str(), rina["education"].as_str()), (Some("E-2"), Some("D-III")), "{rina}");
    let andi = show("198501012010011002");
    assert_eq!(andi["position_code"], serde_json::Value::Null, "on the holding list: {andi}");
    // Next month's export: Budi promoted, Rina no longer in it. Read before merging.
    let next = [rows[0].replace("IV/b", "IV/c").replace("01-04-2020", "01-04-2026"), rows[2].clone()];
    std::fs::write(&export, format!("{}\n{}\n", SIASN_COLUMNS.join(","), next.join("\n"))).unwrap();
    let before = common::export(&db, &tmp.path().join("before"));
    let dry = |format: &str| {
        let out = jabat()
            .arg("--db")
            .arg(&db)
            .args(["import", "--merge", "--dry-run", "--complete", "--unplaced", "hold", "--format", format])
            .arg(&export)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let found: serde_json::Value = serde_json::from_slice(&dry("json")).expect("one document");
    let changes: Vec<(String, String, String, String)> = found["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (text("nip"), text("change"), text("before"), text("after"))
        })
        .collect();
    let want =
        |nip: &str, change: &str, before: &str, after: &str| (nip.into(), change.into(), before.into(), after.into());
    assert_eq!(
        changes,
        [
            want("196608011988031001", "grade", "IV/b", "IV/c"),
            want("196608011988031001", "grade_since", "2020-04-01", "2026-04-01"),
            want("199001012021212005", "gone", "E-2 Pengadministrasi Perkantoran", ""),
        ],
        "{found}"
    );
    assert_eq!(found["total"]["grade"], 1);
    assert_eq!(found["units"][0]["unit_code"], "D", "{found}");
    let csv = String::from_utf8(dry("csv")).unwrap();
    assert_eq!(csv.lines().next(), Some("nip,name,change,unit_code,unit_name,before,after"));
    assert!(csv.lines().all(|l| l.split(',').count() >= 7) && csv.lines().count() == 4, "{csv}");
    let book = tmp.path().join("rekonsiliasi.xlsx");
    std::fs::write(&book, dry("xlsx")).unwrap();
    use calamine::Reader;
    let mut read: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(read.sheet_names(), ["changes", "units"]);
    let units = read.worksheet_range("units").unwrap();
    let total = units.rows().next_back().unwrap();
    assert_eq!(total[1].to_string(), "Total");
    assert_eq!(total[2..5].iter().map(|c| c.to_string()).collect::<Vec<_>>(), ["0", "1", "0"], "new, gone, moved");
    assert_eq!(common::export(&db, &tmp.path().join("after")), before, "a dry run writes nothing");
    // Its options mean nothing to a merge that writes: said, and nothing written.
    for extra in [&["--complete"][..], &["--format", "json"]] {
        let out = jabat().arg("--db").arg(&db).args(["import", "--merge"]).args(extra).arg(&export).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("the reconciliation's: import --merge --dry-run"));
    }
    assert_eq!(common::export(&db, &tmp.path().join("after2")), before);
}

#[test]
fn units_carry_siasn_unor_ids_and_a_siasn_export_places_people_by_them() {
    let tmp = tempfile::tempdir().unwrap();
    // Two units named "Sekretariat": only their UNOR IDs tell them apart.
    let units = b"code,parent_code,name,kind,unor_id\nI,,Pemerintah Kota Contoh,instansi,A1\nD,I,Dinas Contoh,dinas,8AE48298000D\nD.1,D,Sekretariat,sekretariat,8ae48298000d1\nE,I,Dinas Lain,dinas,\nE.1,E,Sekretariat,sekretariat,8AE48298000E1\n";
    let positions = b"code,unit_code,name,kind\nD.1-1,D.1,Pengelola Kepegawaian,pelaksana\nE.1-1,E.1,Pengelola Kepegawaian,pelaksana\nE-2,E,Pengadministrasi Perkantoran,pelaksana\n";
    let dir = write_dir(tmp.path(), "structure", &[("units.csv", units), ("positions.csv", positions)]);
    let db = tmp.path().join("db");
    jabat().arg("--db").arg(&db).arg("import").arg(&dir).assert().success();
    let show = |code: &str| -> serde_json::Value {
        let out = jabat().arg("--db").arg(&db).args(["show", code, "--format", "json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(show("D.1")["unor_id"], "8ae48298000d1", "shown as given");
    assert_eq!(show("E")["unor_id"], serde_json::Value::Null);
    let person = |nip: &str, name: &str, unor_id: &str, unor_name: &str, post: &str| {
        siasn_row(&[
            ("NIP BARU", nip),
            ("NAMA", name),
            ("JENIS PEGAWAI NAMA", "PNS"),
            ("JABATAN NAMA", post),
            ("UNOR ID", unor_id),
            ("UNOR NAMA", unor_name),
        ])
    };
    let rows = [
        // By UNOR ID (in capitals, as SIASN writes it): the second Sekretariat.
        person("198501012010011002", "Andi Lubis", "8AE48298000E1", "Sekretariat", "Pengelola Kepegawaian"),
        // An id jabat does not know: by UNOR NAMA instead.
        person("198601012010011003", "Sari Nasution", "FFFF0000", "Dinas Lain", "Pengadministrasi Perkantoran"),
        // Neither known: said so, both named.
        person("198701012010011004", "Tono Sembiring", "EEEE0000", "Dinas Hilang", "Pengelola Kepegawaian"),
        // The unit is found by its id, the post is not there.
        person("198801012010011005", "Wati Purba", "8AE48298000D1", "Sekretariat", "Pengadministrasi Perkantoran"),
    ];
    let export = tmp.path().join("Export Data ASN.csv");
    std::fs::write(&export, format!("{}\n{}\n", SIASN_COLUMNS.join(","), rows.join("\n"))).unwrap();
    let out = jabat().arg("--db").arg(&db).args(["import", "--merge"]).arg(&export).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("Export Data ASN.csv:4: JABATAN NAMA (position_name): no unit has the UNOR ID 'EEEE0000'; no unit is named 'Dinas Hilang'"),
        "{err}"
    );
    assert!(
        err.contains("Export Data ASN.csv:5: JABATAN NAMA (position_name): no position named 'Pengadministrasi Perkantoran' in 'Sekretariat (D.1)'"),
        "{err}"
    );
    assert!(err.contains("(2 problems)"), "the other two are placed: {err}");
    let (_, good) = rows.split_at(0);
    std::fs::write(&export, format!("{}\n{}\n", SIASN_COLUMNS.join(","), good[..2].join("\n"))).unwrap();
    jabat().arg("--db").arg(&db).args(["import", "--merge"]).arg(&export).assert().success();
    assert_eq!(show("198501012010011002")["position_code"], "E.1-1");
    assert_eq!(show("198601012010011003")["position_code"], "E-2");

    // Exported and read back as they are; a merge of a units file without the column
    // keeps them.
    let files = common::export(&db, &tmp.path().join("out"));
    let exported = String::from_utf8(files["units.csv"].clone()).unwrap();
    assert!(exported.starts_with("code,parent_code,name,kind,eselon,unor_id\n"), "{exported}");
    assert!(exported.contains("E.1,E,Sekretariat,sekretariat,,8AE48298000E1\n"), "{exported}");
    let plain = write_dir(
        tmp.path(),
        "plain",
        &[("units.csv", b"code,parent_code,name,kind\nE.1,E,Sekretariat Baru,sekretariat\n")],
    );
    jabat().arg("--db").arg(&db).args(["import", "--merge"]).arg(&plain).assert().success();
    assert_eq!(show("E.1")["unor_id"], "8AE48298000E1");
    assert_eq!(show("E.1")["name"], "Sekretariat Baru");

    // A UNOR ID is one unit's, and looks like one: refused naming the line and column.
    let before = common::export(&db, &tmp.path().join("before"));
    let twice = write_dir(
        tmp.path(),
        "twice",
        &[("units.csv", b"code,parent_code,name,kind,ID UNOR\nE,I,Dinas Lain,dinas,8ae48298000e1\n")],
    );
    let out = jabat().arg("--db").arg(&db).args(["import", "--merge"]).arg(&twice).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("units.csv:2: ID UNOR (unor_id): the UNOR ID '8ae48298000e1' is already unit E.1's"), "{err}");
    let odd = write_dir(
        tmp.path(),
        "odd",
        &[("units.csv", b"code,parent_code,name,kind,unor_id\nE,I,Dinas Lain,dinas,8ae4 8298\n")],
    );
    let out = jabat().arg("--db").arg(&db).args(["import", "--merge"]).arg(&odd).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("units.csv:2: unor_id: '8ae4 8298' is no UNOR ID: at most 64 letters"), "{err}");
    assert_eq!(common::export(&db, &tmp.path().join("after")), before, "nothing written");
}
