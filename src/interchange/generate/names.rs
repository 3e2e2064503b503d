//! Word lists for synthetic people and places. All people generated from these are
//! fictional; place names of Kota Binjai and the provinces are real (domain.md §10).

pub const GIVEN_MALE: &[&str] = &[
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Hendra",
    "Joko",
    "Rahmat",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Zulkifli",
    "Andi",
    "Bambang",
    "Darwin",
    "Fajar",
    "Gunawan",
    "Hasan",
    "Irwan",
    "Khairul",
    "Leo",
    "Muhammad",
    "Nanda",
    "Rizky",
    "Suryadi",
    "Teguh",
    "Agus",
    "Bonar",
    "Daniel",
    "Edi",
    "Ferdinand",
    "Hotman",
    "Juliper",
    "Marihot",
    "Robert",
    "Sahat",
    "Tommy",
    "Wijaya",
    "Ilham",
    "Arif",
    "Syahrial",
    "Faisal",
    "Heri",
    "Rudi",
    "Yohanes",
    "Dimas",
];
pub const GIVEN_FEMALE: &[&str] = &[
    "Fitri",
    "Indah",
    "Lestari",
    "Maya",
    "Nur",
    "Putri",
    "Rina",
    "Siti",
    "Sri",
    "Dewi",
    "Ayu",
    "Butet",
    "Dian",
    "Erna",
    "Februani",
    "Hotmaida",
    "Intan",
    "Juliana",
    "Kartika",
    "Lina",
    "Mawar",
    "Nurhayati",
    "Rosmawati",
    "Sarah",
    "Tiurma",
    "Wulan",
    "Yuni",
    "Ratna",
    "Sondang",
    "Evi",
    "Fatimah",
    "Halimah",
    "Meliana",
    "Novita",
    "Rahmawati",
    "Susanti",
    "Yanti",
    "Lia",
    "Desi",
    "Anggun",
];
pub const FAMILY: &[&str] = &[
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Hasibuan",
    "Simanjuntak",
    "Sinaga",
    "Ginting",
    "Tarigan",
    "Sembiring",
    "Sitepu",
    "Purba",
    "Pane",
    "Daulay",
    "Rangkuti",
    "Batubara",
    "Pohan",
    "Simatupang",
    "Manurung",
    "Situmorang",
    "Panjaitan",
    "Hutapea",
    "Sitompul",
    "Karo-Karo",
    "Perangin-angin",
    "Barus",
    "Surbakti",
    "Damanik",
    "Saragih",
    "Sipayung",
    "Matondang",
    "Tanjung",
    "Pardede",
    "Silalahi",
    "Marpaung",
    "Hutagalung",
    "Simbolon",
    "Gultom",
    "Santoso",
    "Wibowo",
    "Setiawan",
    "Susanto",
    "Kurniawan",
    "Prasetyo",
    "Hidayat",
    "Saputra",
    "Rahman",
    "Syahputra",
    "Lim",
    "Tan",
    "Wijaya",
    "Halim",
    "Gunadi",
    "Effendi",
    "Amri",
    "Lubis",
    "Sinulingga",
    "Bangun",
];

/// The real kecamatan and their kelurahan of an instansi, by its code, where the
/// generator knows them (Kota Binjai's).
pub fn real_kecamatan(code: &str) -> Option<&'static [(&'static str, &'static [&'static str])]> {
    (code == "1276").then_some(&BINJAI_KECAMATAN[..])
}

const BINJAI_KECAMATAN: [(&str, &[&str]); 5] = [
    ("Binjai Kota", &["Berngam", "Binjai", "Kartini", "Pekan Binjai", "Setia", "Tangsi", "Satria"]),
    (
        "Binjai Utara",
        &[
            "Cengkeh Turi",
            "Damai",
            "Jati Karya",
            "Jati Makmur",
            "Jati Negara",
            "Jati Utomo",
            "Kebun Lada",
            "Nangka",
            "Pahlawan",
        ],
    ),
    (
        "Binjai Selatan",
        &[
            "Bhakti Karya",
            "Binjai Estate",
            "Pujidadi",
            "Rambung Barat",
            "Rambung Dalam",
            "Rambung Timur",
            "Tanah Merah",
            "Tanah Seribu",
        ],
    ),
    (
        "Binjai Timur",
        &[
            "Dataran Tinggi",
            "Mencirim",
            "Sumber Karya",
            "Sumber Mulyo Rejo",
            "Tanah Tinggi",
            "Tunggurono",
            "Timbang Langkat",
        ],
    ),
    ("Binjai Barat", &["Bandar Senembah", "Limau Mungkur", "Limau Sundai", "Paya Roba", "Suka Maju", "Suka Ramai"]),
];

/// A province with its kabupaten and kota, as `kabupaten-kota.csv` lists them.
pub struct Province {
    pub code: String,
    pub name: String,
    /// (BPS code, name such as "Kabupaten Langkat" or "Kota Binjai"), by code.
    pub locals: Vec<(String, String)>,
}

/// The 38 provinces, by code, each with its kabupaten and kota.
pub fn provinces() -> Vec<Province> {
    let mut by_code: std::collections::BTreeMap<String, Province> = Default::default();
    let mut reader =
        csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(include_str!("kabupaten-kota.csv").as_bytes());
    for r in reader.records() {
        // The file is part of the program: a test reads all of it.
        let r = r.expect("kabupaten-kota.csv is well formed");
        let province = by_code.entry(r[1].to_string()).or_insert_with(|| Province {
            code: r[1].to_string(),
            name: r[2].to_string(),
            locals: Vec::new(),
        });
        province.locals.push((r[0].to_string(), r[3].to_string()));
    }
    let mut list: Vec<Province> = by_code.into_values().collect();
    for p in &mut list {
        p.locals.sort();
    }
    list
}

/// Halves of synthetic place names for the many regencies of the national preset.
pub const PLACE_FIRST: &[&str] = &[
    "Tanjung", "Sungai", "Batu", "Bukit", "Muara", "Pulau", "Labuhan", "Air", "Lubuk", "Teluk", "Padang", "Rantau",
    "Kuala", "Sei", "Gunung", "Danau", "Pematang", "Tebing", "Lembah", "Ujung",
];
pub const PLACE_SECOND: &[&str] = &[
    "Raya",
    "Jaya",
    "Baru",
    "Indah",
    "Sari",
    "Makmur",
    "Hilir",
    "Hulu",
    "Tengah",
    "Utara",
    "Selatan",
    "Timur",
    "Barat",
    "Permai",
    "Sejahtera",
    "Mulia",
    "Lestari",
    "Agung",
    "Damai",
    "Harapan",
];

/// A perangkat daerah of the template: name, kind label, its bidang, and the
/// functional families that staff it.
pub struct Agency {
    pub name: &'static str,
    pub kind: &'static str,
    pub divisions: &'static [&'static str],
    pub functional: &'static [&'static str],
}

pub const GENERAL_FUNCTIONAL: &[&str] = &["Analis Kebijakan", "Perencana", "Arsiparis", "Pranata Komputer"];

pub const CITY_AGENCIES: &[Agency] = &[
    Agency {
        name: "Sekretariat DPRD",
        kind: "sekretariat",
        divisions: &[
            "Bagian Umum dan Keuangan",
            "Bagian Persidangan dan Perundang-undangan",
            "Bagian Fasilitasi Penganggaran dan Pengawasan",
        ],
        functional: &["Analis Kebijakan", "Pranata Hubungan Masyarakat", "Arsiparis"],
    },
    Agency {
        name: "Inspektorat",
        kind: "inspektorat",
        divisions: &[
            "Inspektur Pembantu Wilayah I",
            "Inspektur Pembantu Wilayah II",
            "Inspektur Pembantu Wilayah III",
            "Inspektur Pembantu Khusus",
        ],
        functional: &["Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah"],
    },
    Agency {
        name: "Dinas Pendidikan",
        kind: "dinas",
        divisions: &[
            "Bidang Pembinaan Sekolah Dasar",
            "Bidang Pembinaan Sekolah Menengah Pertama",
            "Bidang Pendidikan Anak Usia Dini dan Nonformal",
            "Bidang Guru dan Tenaga Kependidikan",
        ],
        functional: &["Pengawas Sekolah", "Pamong Belajar", "Perencana"],
    },
    Agency {
        name: "Dinas Kesehatan",
        kind: "dinas",
        divisions: &[
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan Kesehatan",
            "Bidang Sumber Daya Kesehatan",
        ],
        functional: &[
            "Epidemiolog Kesehatan",
            "Administrator Kesehatan",
            "Tenaga Sanitasi Lingkungan",
            "Tenaga Sanitasi Lingkungan",
        ],
    },
    Agency {
        name: "RSUD dr. R.M. Djoelham",
        kind: "rsud",
        divisions: &[
            "Bagian Umum dan Keuangan",
            "Bidang Pelayanan Medik",
            "Bidang Keperawatan",
            "Bidang Penunjang Medik",
        ],
        functional: &["Dokter", "Perawat", "Bidan", "Apoteker", "Radiografer", "Pranata Laboratorium Kesehatan"],
    },
    Agency {
        name: "Dinas Pekerjaan Umum dan Tata Ruang",
        kind: "dinas",
        divisions: &["Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Tata Ruang", "Bidang Bina Konstruksi"],
        functional: &["Penata Kelola Jalan dan Jembatan", "Penata Ruang", "Penata Laksana Jalan dan Jembatan"],
    },
    Agency {
        name: "Dinas Perumahan dan Kawasan Permukiman",
        kind: "dinas",
        divisions: &["Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Pertanahan"],
        functional: &["Penata Kelola Bangunan Gedung Dan Kawasan Permukiman", "Perencana"],
    },
    Agency {
        name: "Dinas Lingkungan Hidup",
        kind: "dinas",
        divisions: &["Bidang Tata Lingkungan", "Bidang Pengelolaan Sampah", "Bidang Pengendalian Pencemaran"],
        functional: &["Pengendali Dampak Lingkungan", "Pengawas Lingkungan Hidup"],
    },
    Agency {
        name: "Dinas Ketahanan Pangan dan Pertanian",
        kind: "dinas",
        divisions: &[
            "Bidang Ketahanan Pangan",
            "Bidang Tanaman Pangan dan Hortikultura",
            "Bidang Peternakan dan Kesehatan Hewan",
        ],
        functional: &["Penyuluh Pertanian", "Medik Veteriner", "Analis Ketahanan Pangan"],
    },
    Agency {
        name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        kind: "dinas",
        divisions: &["Bidang Penanaman Modal", "Bidang Pelayanan Perizinan", "Bidang Pengaduan dan Informasi"],
        functional: &["Analis Kebijakan", "Penata Perizinan"],
    },
    Agency {
        name: "Dinas Komunikasi dan Informatika",
        kind: "dinas",
        divisions: &[
            "Bidang Informasi dan Komunikasi Publik",
            "Bidang Aplikasi Informatika",
            "Bidang Statistik dan Persandian",
        ],
        functional: &["Pranata Komputer", "Pranata Hubungan Masyarakat", "Statistisi", "Sandiman"],
    },
    Agency {
        name: "Dinas Perhubungan",
        kind: "dinas",
        divisions: &["Bidang Lalu Lintas", "Bidang Angkutan", "Bidang Prasarana dan Keselamatan"],
        functional: &["Penguji Kendaraan Bermotor", "Analis Kebijakan"],
    },
    Agency {
        name: "Dinas Sosial",
        kind: "dinas",
        divisions: &[
            "Bidang Rehabilitasi Sosial",
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Pemberdayaan Sosial",
        ],
        functional: &["Pekerja Sosial", "Penyuluh Sosial"],
    },
    Agency {
        name: "Dinas Koperasi dan UKM",
        kind: "dinas",
        divisions: &["Bidang Koperasi", "Bidang Usaha Kecil dan Menengah"],
        functional: &["Pengawas Koperasi", "Penyuluh Perindustrian dan Perdagangan"],
    },
    Agency {
        name: "Dinas Perindustrian, Perdagangan dan Pasar",
        kind: "dinas",
        divisions: &["Bidang Perindustrian", "Bidang Perdagangan", "Bidang Pengelolaan Pasar"],
        functional: &["Pengawas Perdagangan", "Penera"],
    },
    Agency {
        name: "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        kind: "dinas",
        divisions: &[
            "Bidang Pemberdayaan Perempuan",
            "Bidang Perlindungan Anak",
            "Bidang Pengendalian Penduduk dan KB",
        ],
        functional: &["Penyuluh Keluarga Berencana", "Analis Kebijakan"],
    },
    Agency {
        name: "Dinas Pariwisata",
        kind: "dinas",
        divisions: &["Bidang Destinasi Pariwisata", "Bidang Pemasaran Pariwisata", "Bidang Ekonomi Kreatif"],
        functional: &["Adyatama Kepariwisataan Dan Ekonomi Kreatif"],
    },
    Agency {
        name: "Satuan Polisi Pamong Praja",
        kind: "satuan",
        divisions: &[
            "Bidang Penegakan Perundang-undangan Daerah",
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            "Bidang Perlindungan Masyarakat",
        ],
        functional: &["Polisi Pamong Praja", "Pemadam Kebakaran"],
    },
    Agency {
        name: "Badan Penanggulangan Bencana Daerah",
        kind: "badan",
        divisions: &[
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ],
        functional: &["Penata Penanggulangan Bencana", "Analis Kebijakan"],
    },
    Agency {
        name: "Badan Pengelolaan Keuangan dan Aset Daerah",
        kind: "badan",
        divisions: &[
            "Bidang Anggaran",
            "Bidang Perbendaharaan",
            "Bidang Akuntansi",
            "Bidang Aset",
            "Bidang Pendapatan",
        ],
        functional: &["Analis Keuangan Negara", "Pengawas Keuangan Negara", "Penilai"],
    },
    Agency {
        name: "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        kind: "badan",
        divisions: &[
            "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia",
            "Bidang Perencanaan Perekonomian dan Infrastruktur",
            "Bidang Riset dan Inovasi",
        ],
        functional: &["Perencana", "Peneliti", "Analis Kebijakan"],
    },
    Agency {
        name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        kind: "badan",
        divisions: &[
            "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Kompetensi Aparatur",
            "Bidang Penilaian Kinerja dan Penghargaan",
        ],
        functional: &[
            "Analis Sumber Daya Manusia Aparatur",
            "Pranata Sumber Daya Manusia Aparatur",
            "Pranata Komputer",
        ],
    },
    Agency {
        name: "Badan Kesatuan Bangsa dan Politik",
        kind: "badan",
        divisions: &["Bidang Ideologi dan Wawasan Kebangsaan", "Bidang Politik Dalam Negeri"],
        functional: GENERAL_FUNCTIONAL,
    },
];

pub const SETDA_ASSISTANTS: [(&str, [&str; 3]); 3] = [
    (
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        ["Bagian Tata Pemerintahan", "Bagian Kesejahteraan Rakyat", "Bagian Hukum"],
    ),
    (
        "Asisten Perekonomian dan Pembangunan",
        [
            "Bagian Perekonomian dan Sumber Daya Alam",
            "Bagian Administrasi Pembangunan",
            "Bagian Pengadaan Barang dan Jasa",
        ],
    ),
    ("Asisten Administrasi Umum", ["Bagian Organisasi", "Bagian Umum", "Bagian Protokol dan Komunikasi Pimpinan"]),
];

pub const SECTION_VERBS: &[&str] =
    &["Perencanaan", "Pembinaan", "Pengendalian", "Pengembangan", "Pelayanan", "Pengawasan"];

/// The leadership trainings, lowest first (PKP, PKA, PKN II), as the records name them.
pub const LEADERSHIP_TRAININGS: &[(&str, &str)] = &[
    ("Pelatihan Kepemimpinan Pengawas", "PKP"),
    ("Pelatihan Kepemimpinan Administrator", "PKA"),
    ("Pelatihan Kepemimpinan Nasional Tingkat II", "PKN II"),
];

/// Other trainings (name, kind) drawn for anyone.
pub const TRAININGS: &[(&str, &str)] = &[
    ("Pelatihan Dasar CPNS", "prajabatan"),
    ("Pelatihan Penyusunan Analisis Jabatan dan ABK", "teknis"),
    ("Pelatihan Pengadaan Barang/Jasa Pemerintah", "teknis"),
    ("Pelatihan Manajemen Aset Daerah", "teknis"),
    ("Pelatihan Pelayanan Prima", "teknis"),
    ("Pelatihan Penyusunan SAKIP", "teknis"),
    ("Bimbingan Teknis Sistem Informasi Kepegawaian", "teknis"),
];
