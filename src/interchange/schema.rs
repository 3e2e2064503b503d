//! The canonical tables and columns of the interchange format, with the Indonesian
//! header aliases accepted on import (`docs/data-format.md` lists the same).

/// One column of a table.
#[derive(Debug)]
pub struct Column {
    /// Canonical name, written on export.
    pub name: &'static str,
    /// Whether a row must have a value here.
    pub required: bool,
    /// Other header spellings accepted on import.
    pub aliases: &'static [&'static str],
    /// Whether export writes it (false: read on import only, to find something).
    pub exported: bool,
}

/// One table: a CSV file `<name>.csv`, or the array `<name>` of the JSON document.
#[derive(Debug)]
pub struct Table {
    /// Table name.
    pub name: &'static str,
    /// Other names of its sheet in a workbook (`Pegawai` for `employees`), folded as
    /// headers are.
    pub sheets: &'static [&'static str],
    /// Whether an import must include it.
    pub required: bool,
    /// Columns in canonical order.
    pub columns: &'static [Column],
}

const fn col(name: &'static str, required: bool, aliases: &'static [&'static str]) -> Column {
    Column { name, required, aliases, exported: true }
}

/// A column read on import only: what spreadsheets carry in place of a code.
const fn import_col(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { name, required: false, aliases, exported: false }
}

/// `units.csv`.
pub const UNITS: Table = Table {
    name: "units",
    sheets: &["unit_kerja", "unit", "unor", "satuan_kerja", "organisasi"],
    required: true,
    columns: &[
        col("code", true, &["kode", "kode_unit", "kode_unor", "id"]),
        col("parent_code", false, &["kode_induk", "induk", "parent", "kode_atasan"]),
        col("name", true, &["nama", "nama_unit", "nama_unor", "unit"]),
        col("kind", false, &["jenis", "jenis_unit", "tipe"]),
        col("eselon", false, &["eselon_unit"]),
        // SIASN's id of the unit: employees of a SIASN export are placed by it.
        col("unor_id", false, &["id_unor", "unor_id_siasn", "id_unor_siasn"]),
    ],
};

/// `positions.csv`.
pub const POSITIONS: Table = Table {
    name: "positions",
    sheets: &["jabatan", "daftar_jabatan", "formasi"],
    required: false,
    columns: &[
        col("code", true, &["kode", "kode_jabatan", "id"]),
        col("unit_code", true, &["kode_unit", "unit", "kode_unor"]),
        col("name", true, &["nama", "nama_jabatan", "jabatan"]),
        col("kind", true, &["jenis", "jenis_jabatan"]),
        col("level", false, &["jenjang", "jenjang_jabatan"]),
        col("eselon", false, &[]),
        col("class", false, &["kelas", "kelas_jabatan"]),
        col("needed", false, &["kebutuhan", "abk", "kebutuhan_pegawai"]),
        col("head", false, &["kepala", "kepala_unit"]),
    ],
};

/// `employees.csv`.
pub const EMPLOYEES: Table = Table {
    name: "employees",
    sheets: &["pegawai", "asn", "data_pegawai", "data_asn", "pns"],
    required: false,
    columns: &[
        col("nip", true, &["nip_baru"]),
        col("name", true, &["nama", "nama_pegawai", "nama_lengkap"]),
        col("status", false, &["status_pegawai", "jenis_pegawai", "status_kepegawaian", "jenis_pegawai_nama"]),
        col(
            "grade",
            false,
            &[
                "golongan",
                "gol",
                "gol_ruang",
                "golongan_ruang",
                "pangkat_gol",
                "pangkat_golongan",
                "gol_pangkat",
                "gol_akhir_nama",
            ],
        ),
        col("grade_since", false, &["tmt_golongan", "tmt_gol", "tmt_pangkat", "tmt_gol_ruang", "tmt_golongan_ruang"]),
        col("position_code", false, &["kode_jabatan", "jabatan_kode"]),
        col("position_since", false, &["tmt_jabatan"]),
        col(
            "education",
            false,
            &["pendidikan", "pendidikan_terakhir", "tingkat_pendidikan", "tingkat_pendidikan_nama"],
        ),
        col("birth_date", false, &["tanggal_lahir", "tgl_lahir"]),
        col("sex", false, &["jenis_kelamin", "jk", "kelamin"]),
        col("service_start", false, &["tmt_cpns", "mulai_kerja", "tmt_pengangkatan"]),
        col("potential", false, &["potensi", "nilai_potensi", "skor_potensi"]),
        // Where a spreadsheet names the post rather than coding it: found by its name
        // in its unit (by name or code) when there is no position code.
        import_col("position_name", &["jabatan", "nama_jabatan", "jabatan_nama"]),
        import_col("unit_name", &["unit_kerja", "unor", "nama_unit", "satuan_kerja", "unit_organisasi", "unor_nama"]),
        // SIASN's id of the unit, looked up before the unit's name.
        import_col("unor_id", &["id_unor"]),
        // Academic titles apart from the name, as SIASN keeps them: joined to it.
        import_col("title_before", &["gelar_depan"]),
        import_col("title_after", &["gelar_belakang"]),
    ],
};

/// `grades.csv`: the grade history.
pub const GRADES: Table = Table {
    name: "grades",
    sheets: &["riwayat_golongan", "riwayat_pangkat", "golongan", "pangkat"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("grade", true, &["golongan", "gol", "gol_ruang", "golongan_ruang"]),
        col("since", true, &["tmt", "tmt_golongan", "tmt_pangkat", "sejak"]),
    ],
};

/// `ratings.csv`.
pub const RATINGS: Table = Table {
    name: "ratings",
    sheets: &["kinerja", "predikat_kinerja", "skp", "penilaian_kinerja"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("year", true, &["tahun"]),
        col("rating", true, &["predikat", "predikat_kinerja", "nilai_kinerja"]),
    ],
};

/// `assessments.csv`.
pub const ASSESSMENTS: Table = Table {
    name: "assessments",
    sheets: &["kompetensi", "penilaian_kompetensi", "asesmen", "assessment"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("competency", true, &["kompetensi"]),
        col("level", true, &["tingkat", "level_kompetensi", "nilai"]),
        col("assessed_on", false, &["tanggal", "tanggal_asesmen", "tanggal_penilaian"]),
    ],
};

/// `standards.csv`.
pub const STANDARDS: Table = Table {
    name: "standards",
    sheets: &["standar_kompetensi", "standar"],
    required: false,
    columns: &[
        col("position_code", true, &["kode_jabatan"]),
        col("competency", true, &["kompetensi"]),
        col("level", true, &["tingkat", "level_standar", "standar"]),
    ],
};

/// `discipline.csv`.
pub const DISCIPLINE: Table = Table {
    name: "discipline",
    sheets: &["hukuman_disiplin", "disiplin"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("severity", true, &["tingkat", "tingkat_hukuman", "jenis_hukuman"]),
        col("start", true, &["mulai", "tmt", "tanggal_mulai", "tmt_hukuman"]),
        col("end", false, &["selesai", "akhir", "tanggal_selesai", "tanggal_akhir"]),
    ],
};

/// `trainings.csv`.
pub const TRAININGS: Table = Table {
    name: "trainings",
    sheets: &["pelatihan", "diklat", "riwayat_diklat", "riwayat_pelatihan"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("name", true, &["nama", "nama_diklat", "diklat", "pelatihan"]),
        col("kind", false, &["jenis", "jenis_diklat"]),
        col("year", false, &["tahun"]),
    ],
};

/// `credit_points.csv`: the credit points (angka kredit) a functional employee earned
/// each year.
pub const CREDIT_POINTS: Table = Table {
    name: "credit_points",
    sheets: &["angka_kredit", "pak"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("year", true, &["tahun"]),
        col("points", true, &["angka_kredit", "ak", "nilai", "jumlah_angka_kredit"]),
    ],
};

/// `tasks.csv`: the workload analysis (ABK) of positions.
pub const TASKS: Table = Table {
    name: "tasks",
    sheets: &["tugas", "beban_kerja", "abk", "uraian_tugas"],
    required: false,
    columns: &[
        col("position_code", true, &["kode_jabatan"]),
        col("task", true, &["tugas", "uraian_tugas", "nama_tugas", "kegiatan"]),
        col("volume", true, &["beban_kerja", "volume_kerja", "jumlah", "frekuensi"]),
        col("minutes", true, &["waktu", "menit", "norma_waktu", "waktu_penyelesaian"]),
    ],
};

/// `anjab.csv`: the job descriptions (analisis jabatan) of positions, a row per line of
/// the form: its section, the task or requirement it is of, and its text.
pub const ANJAB: Table = Table {
    name: "anjab",
    sheets: &["analisis_jabatan", "uraian_jabatan"],
    required: false,
    columns: &[
        col("position_code", true, &["kode_jabatan"]),
        col("section", true, &["bagian", "unsur"]),
        col("item", false, &["butir", "tugas", "uraian_tugas", "syarat"]),
        col("text", true, &["uraian", "isi", "keterangan"]),
    ],
};

/// `positions_history.csv`: the posts an employee held before (riwayat jabatan).
pub const POSITIONS_HISTORY: Table = Table {
    name: "positions_history",
    sheets: &["riwayat_jabatan"],
    required: false,
    columns: &[
        col("nip", true, &[]),
        col("from", true, &["tmt", "tmt_jabatan", "mulai", "dari", "tanggal_mulai"]),
        col("to", false, &["sampai", "selesai", "akhir", "tanggal_selesai"]),
        col("position", true, &["jabatan", "nama_jabatan"]),
        col("position_code", false, &["kode_jabatan"]),
        col("unit", false, &["unit_kerja", "unit_organisasi", "unor", "instansi"]),
        col("kind", false, &["jenis_jabatan", "jenis"]),
        col("level", false, &["jenjang", "jenjang_jabatan"]),
    ],
};

/// Every table, in import order.
pub const TABLES: [&Table; 13] = [
    &UNITS,
    &POSITIONS,
    &EMPLOYEES,
    &GRADES,
    &POSITIONS_HISTORY,
    &RATINGS,
    &ASSESSMENTS,
    &STANDARDS,
    &DISCIPLINE,
    &TRAININGS,
    &CREDIT_POINTS,
    &TASKS,
    &ANJAB,
];

/// Folds a header for matching: case, surrounding space, inner spaces and dashes.
pub fn fold_header(h: &str) -> String {
    // `Gol. Ruang`, `Gol/Ruang` and `gol_ruang` are one header.
    let folded = h.trim().trim_start_matches('\u{feff}').to_lowercase().replace([' ', '-', '/', '.'], "_");
    folded.split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
}

impl Column {
    /// Whether an unknown header looks like this column's name or an alias (a typo,
    /// or a word more or less): for "did you mean".
    pub fn resembles(&self, header: &str) -> bool {
        let h = fold_header(header);
        std::iter::once(&self.name).chain(self.aliases).any(|name| {
            let close = strsim::levenshtein(&h, name) <= if name.len() >= 8 { 2 } else { 1 };
            let within = h.len() >= 4 && name.len() >= 4 && (h.contains(name) || name.contains(h.as_str()));
            // `NIP Pegawai` for `nip`: the name as one word of the header.
            let word = h.split('_').any(|w| w == *name);
            close || within || word
        })
    }
}

impl Table {
    /// Whether a workbook's sheet of this name holds this table: its name, or an
    /// Indonesian one (`Unit Kerja`, `Pegawai`, `Kinerja` …), in any case and spacing.
    pub fn is_sheet(&self, sheet: &str) -> bool {
        let folded = fold_header(sheet);
        folded == self.name || self.sheets.contains(&folded.as_str())
    }

    /// The column a header names, by canonical name or alias.
    pub fn column_index(&self, header: &str) -> Option<usize> {
        let h = fold_header(header);
        self.columns.iter().position(|c| c.name == h || c.aliases.contains(&h.as_str()))
    }

    /// The index of a canonical column (panics on a typo: a programming error).
    pub fn idx(&self, name: &str) -> usize {
        self.columns.iter().position(|c| c.name == name).unwrap_or_else(|| panic!("no column {name} in {}", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_alias_ignoring_case_and_space() {
        assert_eq!(UNITS.column_index(" Kode_Induk "), Some(1));
        assert_eq!(POSITIONS.column_index("Kelas Jabatan"), Some(6));
        assert_eq!(EMPLOYEES.column_index("\u{feff}NIP"), Some(0));
        assert_eq!(DISCIPLINE.column_index("tingkat"), Some(1));
        assert_eq!(UNITS.column_index("warna"), None);
        // What spreadsheets write for a grade and its TMT.
        for header in ["Gol/Ruang", "Gol. Ruang", "GOL RUANG", "Pangkat/Gol", "Golongan Ruang"] {
            assert_eq!(EMPLOYEES.column_index(header), Some(EMPLOYEES.idx("grade")), "{header}");
        }
        assert_eq!(EMPLOYEES.column_index("TMT Gol"), Some(EMPLOYEES.idx("grade_since")));
        assert_eq!(EMPLOYEES.column_index("Jabatan"), Some(EMPLOYEES.idx("position_name")));
        assert_eq!(EMPLOYEES.column_index("Unit Kerja"), Some(EMPLOYEES.idx("unit_name")));
    }

    #[test]
    fn an_unknown_header_resembles_the_column_it_was_meant_for() {
        let grade = &EMPLOYEES.columns[EMPLOYEES.idx("grade")];
        assert!(grade.resembles("grde") && grade.resembles("Golongan Terakhir") && !grade.resembles("warna"));
        let birth = &EMPLOYEES.columns[EMPLOYEES.idx("birth_date")];
        assert!(birth.resembles("tanggal lahr") && !birth.resembles("nama"));
    }

    #[test]
    fn no_sheet_name_is_two_tables() {
        let mut seen = std::collections::HashSet::new();
        for t in TABLES {
            for name in std::iter::once(&t.name).chain(t.sheets) {
                assert!(seen.insert(*name), "{name} twice");
            }
        }
        assert!(EMPLOYEES.is_sheet("Data Pegawai") && UNITS.is_sheet("UNIT KERJA") && !UNITS.is_sheet("Pegawai"));
    }

    #[test]
    fn no_alias_is_ambiguous_within_a_table() {
        for t in TABLES {
            let mut seen = std::collections::HashSet::new();
            for c in t.columns {
                for name in std::iter::once(&c.name).chain(c.aliases) {
                    assert!(seen.insert(*name), "{}: {name} twice", t.name);
                }
            }
        }
    }
}

/// The column tables of `docs/data-format.md`, generated from the schema (a test
/// keeps the document in sync).
pub fn markdown_tables() -> String {
    let mut out = String::new();
    for t in TABLES {
        let needed = if t.required { "required" } else { "optional" };
        out.push_str(&format!(
            "### `{}.csv` ({needed})\n\n| column | required | also accepted as |\n|---|---|---|\n",
            t.name
        ));
        for c in t.columns {
            let aliases = c.aliases.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            let required = match (c.required, c.exported) {
                (true, _) => "yes",
                (false, true) => "",
                (false, false) => "import only",
            };
            out.push_str(&format!("| `{}` | {required} | {aliases} |\n", c.name));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod doc_tests {
    #[test]
    fn data_format_doc_lists_every_column_and_alias() {
        let doc = include_str!("../../docs/data-format.md");
        let start = doc.find("<!-- columns:start -->").expect("marker") + "<!-- columns:start -->\n".len();
        let end = doc.find("<!-- columns:end -->").expect("marker");
        // `JABAT_WRITE_DOCS=1 cargo test --lib data_format_doc` writes them anew.
        if std::env::var_os("JABAT_WRITE_DOCS").is_some() {
            let fresh = format!("{}{}{}", &doc[..start], super::markdown_tables(), &doc[end..]);
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/data-format.md"), fresh).unwrap();
            return;
        }
        assert_eq!(
            &doc[start..end],
            super::markdown_tables(),
            "docs/data-format.md is out of date: paste the output of schema::markdown_tables()"
        );
    }
}
