//! The one catalogue of user-facing text, in Bahasa Indonesia and English.
//!
//! Every entry has both languages by construction (the macro takes a pair), so a
//! missing translation is a compile error rather than a blank on screen.

use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

impl Lang {
    /// The language the environment asks for: `LC_ALL`, `LC_MESSAGES`, then `LANG`;
    /// `id_*` means Indonesian, anything else English.
    pub fn from_env() -> Lang {
        let value =
            ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        match value {
            Some(v) if v.starts_with("id") => Lang::Id,
            _ => Lang::En,
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(1);

/// Sets the language used by [`tr`].
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language in use.
pub fn lang() -> Lang {
    if CURRENT.load(Ordering::Relaxed) == Lang::Id as u8 { Lang::Id } else { Lang::En }
}

macro_rules! catalogue {
    ($($key:ident => ($id:literal, $en:literal)),+ $(,)?) => {
        /// A catalogue entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Msg { $($key),+ }

        impl Msg {
            /// Every entry.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),+];

            /// The text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Id) => $id, (Msg::$key, Lang::En) => $en,)+
                }
            }
        }
    };
}

/// The text of `msg` in the current language.
pub fn tr(msg: Msg) -> &'static str {
    msg.text(lang())
}

catalogue! {
    Code => ("Kode", "Code"),
    Name => ("Nama", "Name"),
    Kind => ("Jenis", "Kind"),
    Level => ("Jenjang", "Level"),
    Eselon => ("Eselon", "Eselon"),
    Class => ("Kelas", "Class"),
    Needed => ("Kebutuhan", "Needed"),
    Filled => ("Bezetting", "Filled"),
    Difference => ("Selisih", "Difference"),
    Head => ("Kepala", "Head"),
    Vacant => ("(kosong)", "(vacant)"),
    Unit => ("Unit", "Unit"),
    Units => ("Unit", "Units"),
    Position => ("Jabatan", "Position"),
    Positions => ("Jabatan", "Positions"),
    Employee => ("Pegawai", "Employee"),
    Employees => ("Pegawai", "Employees"),
    Path => ("Jalur", "Path"),
    SubUnits => ("Subunit", "Sub-units"),
    Holders => ("Pemangku", "Holders"),
    Nip => ("NIP", "NIP"),
    Status => ("Status", "Status"),
    Grade => ("Golongan", "Grade"),
    Since => ("TMT", "Since"),
    Education => ("Pendidikan", "Education"),
    BirthDate => ("Tanggal lahir", "Birth date"),
    Age => ("Usia", "Age"),
    Years => ("tahun", "years"),
    Sex => ("Jenis kelamin", "Sex"),
    ServiceStart => ("TMT CPNS", "Service start"),
    Potential => ("Potensi", "Potential"),
    Ratings => ("Predikat kinerja", "Performance ratings"),
    Year => ("Tahun", "Year"),
    Rating => ("Predikat", "Rating"),
    Assessments => ("Asesmen kompetensi", "Competency assessments"),
    Competency => ("Kompetensi", "Competency"),
    AssessedOn => ("Tanggal", "Date"),
    Penalties => ("Hukuman disiplin", "Disciplinary penalties"),
    Severity => ("Tingkat", "Severity"),
    Start => ("Mulai", "Start"),
    End => ("Selesai", "End"),
    Trainings => ("Pelatihan", "Trainings"),
    Standard => ("Standar kompetensi", "Competency standard"),
    StandardDefault => ("(bawaan aturan)", "(rule defaults)"),
    None_ => ("(tidak ada)", "(none)"),
    NotPlaced => ("belum ditempatkan", "not placed"),
    Context => ("Keterangan", "Context"),
    Score => ("Skor", "Score"),
    Depth => ("Kedalaman", "Depth"),
    Instansi => ("Instansi", "Instansi"),
    Pppk => ("PPPK", "PPPK"),
    VacantPositions => ("Jabatan kosong", "Vacant positions"),
    OverfilledPositions => ("Jabatan berlebih", "Over-filled positions"),
    Database => ("Basis data", "Database"),
    Figure => ("Angka", "Figure"),
    Item => ("Butir", "Item"),
    NothingFound => ("tidak ditemukan", "nothing found"),
    NotFoundCode => ("tidak ada unit, jabatan atau NIP", "no unit, position or NIP"),
    DatabaseNotEmpty => (
        "basis data tidak kosong; pakai --replace (ganti semua) atau --merge (gabung)",
        "the database is not empty; use --replace (swap all) or --merge (upsert)"
    ),
    Imported => ("diimpor", "imported"),
    Valid => ("valid, tidak ada yang ditulis (--dry-run)", "valid, nothing written (--dry-run)"),
    Exported => ("diekspor ke", "exported to"),
    Generated => ("dibuat", "generated"),
    Warning => ("peringatan", "warning"),
    ImportRejected => ("impor ditolak, basis data tidak diubah", "import rejected, database unchanged"),
    DataBytes => ("Data (byte logis)", "Data (logical bytes)"),
    IndexBytes => ("Indeks (byte logis)", "Indexes (logical bytes)"),
    EmployeeValueAvg => ("Rata-rata nilai pegawai (byte)", "Average employee value (bytes)"),
    OnDisk => ("Di disk (byte)", "On disk (bytes)"),
    TuiPending => (
        "Tampilan layar penuh belum tersedia di versi ini; gunakan perintah di bawah.",
        "The full-screen view is not in this version yet; use the commands below."
    ),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_text_in_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::Id).is_empty() && !m.text(Lang::En).is_empty(), "{m:?}");
        }
    }
}
