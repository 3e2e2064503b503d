//! The closed vocabularies of the domain (kinds, levels, grades, …), each with its
//! canonical spelling and the aliases Indonesian spreadsheets use.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Folds a vocabulary word for comparison: case, surrounding space and the
/// separators ` `, `-`, `_` are ignored.
pub(crate) fn fold_word(text: &str) -> String {
    text.trim().to_lowercase().chars().filter(|c| !matches!(c, ' ' | '-' | '_')).collect()
}

macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $canon:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the domain's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical spelling used in files and on screen.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),+ }
            }

            /// Parses the canonical spelling or a known alias, ignoring case and separators.
            pub fn parse(text: &str) -> Result<Self, String> {
                // Exports write the canonical spelling: match it without allocating.
                $(
                    if text == $canon {
                        return Ok($name::$variant);
                    }
                )+
                let folded = fold_word(text);
                $(
                    if folded == fold_word($canon) $(|| folded == fold_word($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                let expected = Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
                Err(crate::i18n::trf(
                    crate::i18n::Msg::NotOneOf,
                    &[&text.trim(), &crate::i18n::tr(crate::i18n::Msg::$what), &expected],
                ))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// Kind of position (jenis jabatan), domain.md §2.
    PositionKind, WhatPositionKind {
        /// Jabatan pimpinan tinggi (senior executive).
        Jpt = "jpt" | "jabatan pimpinan tinggi" | "pimpinan tinggi",
        /// Administrator (eselon III).
        Administrator = "administrator" | "administrasi",
        /// Pengawas (eselon IV).
        Pengawas = "pengawas",
        /// Pelaksana (non-functional staff).
        Pelaksana = "pelaksana" | "jfu" | "jabatan fungsional umum",
        /// Fungsional (functional, keahlian or keterampilan).
        Fungsional = "fungsional" | "jft" | "jf" | "jabatan fungsional",
    }
}

impl PositionKind {
    /// Whether this kind may head a structural unit (domain.md §1).
    pub fn is_managerial(self) -> bool {
        matches!(self, PositionKind::Jpt | PositionKind::Administrator | PositionKind::Pengawas)
    }

    /// Whether a position of this kind must have a level (jenjang): JPT and functional.
    pub fn needs_level(self) -> bool {
        matches!(self, PositionKind::Jpt | PositionKind::Fungsional)
    }
}

text_enum! {
    /// Level (jenjang) of a JPT or functional position, domain.md §2.
    Level, WhatLevel {
        /// JPT utama.
        Utama = "utama",
        /// JPT madya.
        Madya = "madya",
        /// JPT pratama.
        Pratama = "pratama",
        /// Ahli utama (functional, expert).
        AhliUtama = "ahli_utama",
        /// Ahli madya.
        AhliMadya = "ahli_madya",
        /// Ahli muda.
        AhliMuda = "ahli_muda",
        /// Ahli pertama.
        AhliPertama = "ahli_pertama",
        /// Penyelia (functional, skilled).
        Penyelia = "penyelia",
        /// Mahir.
        Mahir = "mahir",
        /// Terampil.
        Terampil = "terampil",
        /// Pemula.
        Pemula = "pemula",
    }
}

impl Level {
    /// Whether a position of `kind` can have this level.
    pub fn fits(self, kind: PositionKind) -> bool {
        match kind {
            PositionKind::Jpt => matches!(self, Level::Utama | Level::Madya | Level::Pratama),
            PositionKind::Fungsional => !matches!(self, Level::Utama | Level::Madya | Level::Pratama),
            _ => false,
        }
    }
}

text_enum! {
    /// Eselon of a structural position, domain.md §2–3.
    Eselon, WhatEselon {
        /// I.a
        IA = "I.a" | "i.a" | "ia" | "1a" | "i/a",
        /// I.b
        IB = "I.b" | "ib" | "1b" | "i/b",
        /// II.a
        IIA = "II.a" | "iia" | "2a" | "ii/a",
        /// II.b
        IIB = "II.b" | "iib" | "2b" | "ii/b",
        /// III.a
        IIIA = "III.a" | "iiia" | "3a" | "iii/a",
        /// III.b
        IIIB = "III.b" | "iiib" | "3b" | "iii/b",
        /// IV.a
        IVA = "IV.a" | "iva" | "4a" | "iv/a",
        /// IV.b
        IVB = "IV.b" | "ivb" | "4b" | "iv/b",
        /// V.a
        VA = "V.a" | "va" | "5a" | "v/a",
    }
}

text_enum! {
    /// Employment status: PNS (career civil servant) or PPPK (contract).
    EmploymentStatus, WhatStatus {
        /// Pegawai Negeri Sipil.
        Pns = "pns" | "cpns",
        /// Pegawai Pemerintah dengan Perjanjian Kerja.
        Pppk = "pppk",
    }
}

text_enum! {
    /// Sex as encoded in the NIP.
    Sex, WhatSex {
        /// Laki-laki.
        Male = "L" | "laki-laki" | "laki laki" | "pria" | "m",
        /// Perempuan.
        Female = "P" | "perempuan" | "wanita" | "w" | "f",
    }
}

text_enum! {
    /// Highest education, low → high (domain.md §3).
    Education, WhatEducation {
        /// Sekolah Dasar.
        Sd = "SD",
        /// Sekolah Menengah Pertama.
        Smp = "SMP" | "sltp",
        /// SMA/SMK.
        Sma = "SMA" | "smk" | "slta" | "sma/smk" | "ma" | "slta sederajat",
        /// Diploma I.
        D1 = "D-I" | "d1" | "d 1" | "di",
        /// Diploma II.
        D2 = "D-II" | "d2" | "dii",
        /// Diploma III.
        D3 = "D-III" | "d3" | "diii",
        /// Diploma IV (counts as S1 for requirements).
        D4 = "D-IV" | "d4" | "div",
        /// Sarjana.
        S1 = "S1" | "s-1" | "sarjana",
        /// Professional degree (dokter, apoteker, ners …).
        Profesi = "Profesi" | "pendidikan profesi",
        /// Magister.
        S2 = "S2" | "s-2" | "magister",
        /// Medical specialist.
        Spesialis = "Spesialis" | "sp" | "sp1" | "sp-1",
        /// Doktor.
        S3 = "S3" | "s-3" | "doktor",
    }
}

text_enum! {
    /// Yearly performance rating (predikat kinerja), domain.md §8.
    RatingLevel, WhatRating {
        /// Sangat Baik.
        SangatBaik = "sangat_baik",
        /// Baik.
        Baik = "baik",
        /// Butuh Perbaikan.
        ButuhPerbaikan = "butuh_perbaikan",
        /// Kurang (misconduct).
        Kurang = "kurang" | "misconduct",
        /// Sangat Kurang.
        SangatKurang = "sangat_kurang",
    }
}

text_enum! {
    /// Severity of a disciplinary penalty (hukuman disiplin).
    Severity, WhatSeverity {
        /// Ringan (light).
        Ringan = "ringan",
        /// Sedang (moderate).
        Sedang = "sedang",
        /// Berat (severe).
        Berat = "berat",
    }
}

text_enum! {
    /// A decision on a candidate for a position (the review of candidates).
    Decision, WhatDecision {
        /// On the shortlist put to the meeting (Baperjakat).
        Shortlisted = "shortlisted" | "shortlist" | "usulan",
        /// Set aside.
        Rejected = "rejected" | "ditolak" | "tolak",
        /// The one proposed for the position.
        Nominated = "nominated" | "dipilih" | "calon_terpilih",
    }
}

/// A PNS grade (golongan) by its BKN number (I/a = 11 … IV/e = 45), or a PPPK
/// grade I–XVII on its own scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    /// PNS grade as BKN number: tens = golongan I–IV, units = ruang a–e.
    Pns(u8),
    /// PPPK grade 1–17.
    Pppk(u8),
}

const ROMAN: [&str; 17] =
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"];

impl Grade {
    /// Every PNS grade, low → high.
    pub fn all_pns() -> impl Iterator<Item = Grade> {
        [(1, 4), (2, 4), (3, 4), (4, 5)].into_iter().flat_map(|(g, n)| (1..=n).map(move |r| Grade::Pns(g * 10 + r)))
    }

    /// The place of a PNS grade on the scale, from 0 (I/a) to 16 (IV/e).
    pub fn pns_index(self) -> Option<usize> {
        match self {
            Grade::Pns(n) if (1..=4).contains(&(n / 10)) && (1..=5).contains(&(n % 10)) => {
                Some(usize::from(n / 10 - 1) * 4 + usize::from(n % 10 - 1))
            }
            _ => None,
        }
    }

    /// Parses a grade on the scale of `status`: `III/b` (also `III.b`, `IIIb`, `32`) for
    /// PNS, `IX` (or `9`) for PPPK.
    pub fn parse(text: &str, status: EmploymentStatus) -> Result<Grade, String> {
        let t = text.trim();
        match status {
            EmploymentStatus::Pppk => {
                let upper = t.to_uppercase();
                let n = ROMAN
                    .iter()
                    .position(|r| *r == upper)
                    .map(|i| i as u8 + 1)
                    .or_else(|| t.parse::<u8>().ok().filter(|n| (1..=17).contains(n)));
                n.map(Grade::Pppk).ok_or_else(|| format!("'{t}' is not a PPPK grade (I … XVII)"))
            }
            EmploymentStatus::Pns => {
                let bad = || crate::i18n::trf(crate::i18n::Msg::NotAPnsGrade, &[&t]);
                if let Ok(n) = t.parse::<u8>() {
                    return Grade::all_pns().find(|g| *g == Grade::Pns(n)).ok_or_else(bad);
                }
                let folded: String =
                    t.chars().filter(|c| !matches!(c, '/' | '.' | ' ' | '-')).collect::<String>().to_lowercase();
                // The last character is the room (ruang); split by characters, not
                // bytes, so that any text is safe to read.
                let split = folded.char_indices().last().map_or(0, |(i, _)| i);
                let (roman, room) = folded.split_at(split);
                let golongan = match roman {
                    "i" => 1,
                    "ii" => 2,
                    "iii" => 3,
                    "iv" => 4,
                    _ => return Err(bad()),
                };
                let ruang = match room {
                    "a" => 1,
                    "b" => 2,
                    "c" => 3,
                    "d" => 4,
                    "e" => 5,
                    _ => return Err(bad()),
                };
                Grade::all_pns().find(|g| *g == Grade::Pns(golongan * 10 + ruang)).ok_or_else(bad)
            }
        }
    }

    /// The scale this grade belongs to.
    pub fn status(self) -> EmploymentStatus {
        match self {
            Grade::Pns(_) => EmploymentStatus::Pns,
            Grade::Pppk(_) => EmploymentStatus::Pppk,
        }
    }

    /// The rank name (pangkat) of a PNS grade.
    pub fn pangkat(self) -> Option<&'static str> {
        let Grade::Pns(n) = self else { return None };
        Some(match n {
            11 => "Juru Muda",
            12 => "Juru Muda Tingkat I",
            13 => "Juru",
            14 => "Juru Tingkat I",
            21 => "Pengatur Muda",
            22 => "Pengatur Muda Tingkat I",
            23 => "Pengatur",
            24 => "Pengatur Tingkat I",
            31 => "Penata Muda",
            32 => "Penata Muda Tingkat I",
            33 => "Penata",
            34 => "Penata Tingkat I",
            41 => "Pembina",
            42 => "Pembina Tingkat I",
            43 => "Pembina Utama Muda",
            44 => "Pembina Utama Madya",
            45 => "Pembina Utama",
            _ => return None,
        })
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Grade::Pns(n) => {
                let roman = ROMAN[(n / 10) as usize - 1];
                let room = (b'a' + (n % 10) - 1) as char;
                write!(f, "{roman}/{room}")
            }
            Grade::Pppk(n) => f.write_str(ROMAN[n as usize - 1]),
        }
    }
}

/// A competency of PermenPANRB 38/2017: the eight managerial ones, the one
/// socio-cultural one, or a technical one named by the agency (`teknis:<id>`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Competency {
    /// Integritas.
    Integritas,
    /// Kerjasama.
    Kerjasama,
    /// Komunikasi.
    Komunikasi,
    /// Orientasi pada Hasil.
    OrientasiHasil,
    /// Pelayanan Publik.
    PelayananPublik,
    /// Pengembangan Diri dan Orang Lain.
    PengembanganDiri,
    /// Mengelola Perubahan.
    MengelolaPerubahan,
    /// Pengambilan Keputusan.
    PengambilanKeputusan,
    /// Perekat Bangsa (socio-cultural).
    PerekatBangsa,
    /// A technical competency, by the agency's id.
    Teknis(String),
}

impl Competency {
    /// The nine managerial and socio-cultural competencies, in the regulation's order.
    pub const STANDARD_SET: [Competency; 9] = [
        Competency::Integritas,
        Competency::Kerjasama,
        Competency::Komunikasi,
        Competency::OrientasiHasil,
        Competency::PelayananPublik,
        Competency::PengembanganDiri,
        Competency::MengelolaPerubahan,
        Competency::PengambilanKeputusan,
        Competency::PerekatBangsa,
    ];

    /// The id used in files: `integritas`, …, `teknis:<id>`.
    pub fn id(&self) -> String {
        match self {
            Competency::Teknis(id) => format!("teknis:{id}"),
            other => other.fixed_id().to_string(),
        }
    }

    /// The name the regulation gives it (a technical one: the agency's id).
    pub fn name(&self) -> &str {
        match self {
            Competency::Integritas => "Integritas",
            Competency::Kerjasama => "Kerjasama",
            Competency::Komunikasi => "Komunikasi",
            Competency::OrientasiHasil => "Orientasi pada Hasil",
            Competency::PelayananPublik => "Pelayanan Publik",
            Competency::PengembanganDiri => "Pengembangan Diri dan Orang Lain",
            Competency::MengelolaPerubahan => "Mengelola Perubahan",
            Competency::PengambilanKeputusan => "Pengambilan Keputusan",
            Competency::PerekatBangsa => "Perekat Bangsa",
            Competency::Teknis(id) => id,
        }
    }

    /// A column heading of a few letters (INT, KS …; T:id for a technical one).
    pub fn short(&self) -> String {
        match self {
            Competency::Integritas => "INT".into(),
            Competency::Kerjasama => "KS".into(),
            Competency::Komunikasi => "KOM".into(),
            Competency::OrientasiHasil => "OH".into(),
            Competency::PelayananPublik => "PP".into(),
            Competency::PengembanganDiri => "PD".into(),
            Competency::MengelolaPerubahan => "MP".into(),
            Competency::PengambilanKeputusan => "PK".into(),
            Competency::PerekatBangsa => "PB".into(),
            Competency::Teknis(id) => format!("T:{id}"),
        }
    }

    fn fixed_id(&self) -> &'static str {
        match self {
            Competency::Integritas => "integritas",
            Competency::Kerjasama => "kerjasama",
            Competency::Komunikasi => "komunikasi",
            Competency::OrientasiHasil => "orientasi_hasil",
            Competency::PelayananPublik => "pelayanan_publik",
            Competency::PengembanganDiri => "pengembangan_diri",
            Competency::MengelolaPerubahan => "mengelola_perubahan",
            Competency::PengambilanKeputusan => "pengambilan_keputusan",
            Competency::PerekatBangsa => "perekat_bangsa",
            Competency::Teknis(_) => "teknis",
        }
    }

    /// Parses an id or the competency's Indonesian name (`Orientasi pada Hasil`).
    pub fn parse(text: &str) -> Result<Competency, String> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("teknis:").or_else(|| t.strip_prefix("Teknis:")) {
            let id = rest.trim();
            if id.is_empty() || !id.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
                return Err(format!("'{t}': a technical competency is teknis:<id>, the id of letters, digits, _ - ."));
            }
            return Ok(Competency::Teknis(id.to_string()));
        }
        if let Some(c) = Competency::STANDARD_SET.iter().find(|c| c.fixed_id() == t) {
            return Ok(c.clone());
        }
        let folded = fold_word(t);
        let aliases: [(&str, Competency); 4] = [
            ("orientasipadahasil", Competency::OrientasiHasil),
            ("pengembangandiridanoranglain", Competency::PengembanganDiri),
            ("kerjasama", Competency::Kerjasama),
            ("perekatbangsa", Competency::PerekatBangsa),
        ];
        Competency::STANDARD_SET
            .into_iter()
            .find(|c| fold_word(c.fixed_id()) == folded)
            .or_else(|| aliases.into_iter().find(|(a, _)| *a == folded).map(|(_, c)| c))
            .ok_or_else(|| {
                format!(
                    "'{t}' is not a competency (expected one of: {}, or teknis:<id>)",
                    Competency::STANDARD_SET.iter().map(|c| c.fixed_id()).collect::<Vec<_>>().join(", ")
                )
            })
    }
}

impl fmt::Display for Competency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_accept_spreadsheet_spellings() {
        assert_eq!(PositionKind::parse(" Fungsional "), Ok(PositionKind::Fungsional));
        assert_eq!(Level::parse("Ahli Pertama"), Ok(Level::AhliPertama));
        assert_eq!(Level::parse("ahli-madya"), Ok(Level::AhliMadya));
        assert_eq!(Eselon::parse("III.b"), Ok(Eselon::IIIB));
        assert_eq!(Eselon::parse("IV/a"), Ok(Eselon::IVA));
        assert_eq!(Education::parse("D-IV"), Ok(Education::D4));
        assert_eq!(Education::parse("slta"), Ok(Education::Sma));
        assert_eq!(RatingLevel::parse("Sangat Baik"), Ok(RatingLevel::SangatBaik));
        assert_eq!(Sex::parse("p"), Ok(Sex::Female));
        assert!(PositionKind::parse("structural").unwrap_err().contains("expected one of: jpt"));
    }

    #[test]
    fn education_is_ordered_low_to_high() {
        assert!(Education::D3 < Education::D4 && Education::D4 < Education::S1 && Education::S2 < Education::S3);
    }

    #[test]
    fn grades_parse_in_all_common_forms() {
        let pns = EmploymentStatus::Pns;
        for t in ["III/b", "iii/b", "III.b", "IIIb", "32", " III / b "] {
            assert_eq!(Grade::parse(t, pns), Ok(Grade::Pns(32)), "{t}");
        }
        assert_eq!(Grade::Pns(45).to_string(), "IV/e");
        assert_eq!(Grade::Pns(11).pangkat(), Some("Juru Muda"));
        assert!(Grade::parse("I/e", pns).is_err());
        assert!(Grade::parse("IV/f", pns).is_err());
        assert!(Grade::parse("IX", pns).is_err());
        // Found by the fuzz test: a grade ending in a multi-byte character panicked.
        assert!(Grade::parse("tb¥¥", pns).is_err());
        assert!(Grade::parse("III/é", pns).is_err());
        assert_eq!(Grade::parse("IX", EmploymentStatus::Pppk), Ok(Grade::Pppk(9)));
        assert_eq!(Grade::parse("17", EmploymentStatus::Pppk), Ok(Grade::Pppk(17)));
        assert!(Grade::parse("XVIII", EmploymentStatus::Pppk).is_err());
        assert!(Grade::Pns(34) < Grade::Pns(41));
        assert_eq!(Grade::all_pns().count(), 17);
    }

    #[test]
    fn competencies_parse_by_id_and_name() {
        assert_eq!(Competency::parse("orientasi_hasil"), Ok(Competency::OrientasiHasil));
        assert_eq!(Competency::parse("Orientasi pada Hasil"), Ok(Competency::OrientasiHasil));
        assert_eq!(Competency::parse("Kerja Sama"), Ok(Competency::Kerjasama));
        assert_eq!(Competency::parse("teknis:kepegawaian"), Ok(Competency::Teknis("kepegawaian".into())));
        assert_eq!(Competency::Teknis("x".into()).id(), "teknis:x");
        assert!(Competency::parse("teknis:").is_err());
        assert!(Competency::parse("leadership").is_err());
    }
}
