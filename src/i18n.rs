//! The one catalogue of user-facing text, in Bahasa Indonesia and English.
//!
//! Every entry has both languages by construction (the macro takes a pair), so a
//! missing translation is a compile error rather than a blank on screen.

use std::cell::Cell;

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
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

thread_local! {
    /// The language of this thread's interface. Per thread because the interface and
    /// each command run on one thread, and tests run in parallel.
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Sets the language used by [`tr`] on this thread.
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// The language in use on this thread.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Runs `work` in `lang` on this thread, then goes back to the language before (a
/// server's thread answers each request in its client's language).
pub fn in_lang<T>(lang: Lang, work: impl FnOnce() -> T) -> T {
    let before = self::lang();
    set_lang(lang);
    let done = work();
    set_lang(before);
    done
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

/// The text of `msg` in the current language with `{0}`, `{1}` … replaced by `args`;
/// `{1|operation|operations}` is the argument with the noun that agrees with it (an
/// English text's plural: "1 operation", "3 operations").
pub fn trf(msg: Msg, args: &[&dyn std::fmt::Display]) -> String {
    fill(tr(msg), args)
}

fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut text = template.to_string();
    for (i, arg) in args.iter().enumerate() {
        let value = arg.to_string();
        text = text.replace(&format!("{{{i}}}"), &value);
        let open = format!("{{{i}|");
        while let Some(start) = text.find(&open) {
            let Some(len) = text[start..].find('}') else { break };
            let inner = &text[start + open.len()..start + len];
            let (one, many) = inner.split_once('|').unwrap_or((inner, inner));
            let noun = if value == "1" { one } else { many };
            text.replace_range(start..start + len + 1, &format!("{value} {noun}"));
        }
    }
    text
}

/// The heading of a position's competency standard, saying where it comes from.
pub fn standard_heading(source: crate::rules::jpm::StandardSource) -> String {
    use crate::rules::jpm::StandardSource;
    match source {
        StandardSource::Stored => tr(Msg::Standard).to_string(),
        StandardSource::RuleDefault => format!("{} {}", tr(Msg::Standard), tr(Msg::StandardDefault)),
        StandardSource::Missing => format!("{} {}", tr(Msg::Standard), tr(Msg::StandardMissing)),
    }
}

catalogue! {
    Code => ("Kode", "Code"),
    UnorId => ("UNOR ID", "UNOR ID"),
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
    Parent => ("Induk", "Parent"),
    Holders => ("Pemangku", "Holders"),
    FormerHolders => ("Pemangku sebelumnya", "Former holders"),
    Changes => ("Perubahan", "Changes"),
    StaffProfile => ("Pegawai", "Staff"),
    ByGolongan => ("Menurut golongan", "By golongan"),
    ByAgeAndSex => ("Menurut umur, laki-laki/perempuan", "By age, men/women"),
    Men => ("Laki-laki", "Men"),
    Women => ("Perempuan", "Women"),
    AgePyramid => ("Piramida umur", "Age pyramid"),
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
    StandardDefault => ("(bawaan aturan untuk jenis dan jenjangnya)", "(rule defaults for its kind and level)"),
    StandardMissing => ("(tidak ada: tanpa standar tersimpan dan tanpa bawaan aturan)", "(none: nothing stored and no rule default)"),
    None_ => ("(tidak ada)", "(none)"),
    NotPlaced => ("belum ditempatkan", "not placed"),
    Context => ("Keterangan", "Context"),
    Score => ("Skor", "Score"),
    Depth => ("Kedalaman", "Depth"),
    Rank => ("peringkat", "rank"),
    Gaps => ("Kesenjangan kompetensi", "Competency gaps"),
    FilterAll => ("semua", "all"),
    NeedComputed => (
        "kebutuhan {0} jabatan dihitung dari beban kerjanya (tasks.csv)",
        "kebutuhan of {0} positions computed from their workload (tasks.csv)"
    ),
    Workload => ("Beban kerja (ABK)", "Workload (ABK)"),
    Task => ("Tugas", "Task"),
    Volume => ("Volume", "Volume"),
    Minutes => ("Menit", "Minutes"),
    WorkloadTotal => ("Jumlah beban kerja", "Total workload"),
    NeedFromWorkload => ("Kebutuhan dari beban kerja", "Need from workload"),
    NeedFromWorkloadExact => ("Kebutuhan dari beban kerja (sebelum dibulatkan)", "Need from workload (before rounding)"),
    Pangkat => ("Pangkat", "Rank (pangkat)"),
    RouteRecruitment => ("Rekrutmen (CPNS/PPPK)", "Recruitment (CPNS/PPPK)"),
    RoutePromotion => ("Promosi atau mutasi (struktural)", "Promotion or transfer (structural)"),
    Route => ("Jalur", "Route"),
    RetiringBy => ("Pensiun s.d. {0}", "Retiring to {0}"),
    ShortagesIntro => (
        "Hanya jabatan yang kurang kini atau pada akhir {0}, menurut jalur, jenis dan jenjang; jumlah kekurangan sama dengan rencana formasi lengkap",
        "Only the positions short now or by the end of {0}, by route, kind and level; the shortages total those of the full formation plan"
    ),
    RetiringColumns => ("Kolom {0}–{1}: yang mencapai batas usia pensiun pada tahun itu", "Columns {0}–{1}: who reaches retirement age in that year"),
    Efficiency => ("Efisiensi jabatan (EJ)", "Job efficiency (EJ)"),
    EfficiencyGrade => ("Predikat EJ", "EJ grade"),
    MinutesPerYear => ("menit/tahun", "minutes/year"),
    WholeDatabase => ("seluruh basis data", "the whole database"),
    NotFoundUnit => ("tidak ada unit dengan kode", "no unit with the code"),
    PerformanceAbove => ("kinerja di atas", "performance above"),
    PerformanceExpected => ("kinerja sesuai", "performance as expected"),
    PerformanceBelow => ("kinerja di bawah", "performance below"),
    PotentialAxis => ("potensi →", "potential →"),
    PotentialLow => ("rendah", "low"),
    PotentialMiddle => ("menengah", "middle"),
    PotentialHigh => ("tinggi", "high"),
    FollowUp => ("Tindak lanjut", "Follow-up"),
    JpmNextLevel => ("JPM satu tingkat di atas", "JPM one level up"),
    NineBoxSummary => (
        "{0} orang dipetakan, {1} belum bisa dipetakan (tanpa predikat atau potensi); kelompok talenta (kotak 7–9): {2}",
        "{0} people placed, {1} who cannot be (no rating or no potential); talent pool (boxes 7–9): {2}"
    ),
    NineBox => ("Kotak talenta (nine-box)", "Nine-box"),
    NineBoxWalkHint => (
        "h/j/k/l: pindah kotak · Enter: daftar orangnya",
        "h/j/k/l: move between boxes · Enter: list its people"
    ),
    NineBoxListHint => (
        "Enter: buka profil · Esc/h: kembali ke kotak",
        "Enter: open the profile · Esc/h: back to the boxes"
    ),
    EmptyBox => ("(kotak ini kosong)", "(nobody in this box)"),
    Performance => ("Kinerja", "Performance"),
    RatingSangatBaik => ("Sangat baik", "Very good"),
    RatingBaik => ("Baik", "Good"),
    RatingButuhPerbaikan => ("Butuh perbaikan", "Needs improvement"),
    RatingKurang => ("Kurang", "Poor"),
    RatingSangatKurang => ("Sangat kurang", "Very poor"),
    NotRated => ("Belum dinilai", "Not rated"),
    RatingShortSangatBaik => ("SB", "VG"),
    RatingShortBaik => ("B", "G"),
    RatingShortButuhPerbaikan => ("BP", "NI"),
    RatingShortKurang => ("K", "P"),
    RatingShortSangatKurang => ("SK", "VP"),
    PerformanceHeadline => ("{0} orang · {1} {2}: {3}", "{0} people · {1} {2}: {3}"),
    FellTwoStepsShort => ("turun 2 tingkat {0}: {1}→{2}", "fell 2 steps {0}: {1}→{2}"),
    BelowBaikTwiceShort => ("di bawah baik 2 thn s.d. {0}", "below good 2 yrs to {0}"),
    PerformanceTrend => ("tren minimal baik (50–100%)", "trend at least good (50–100%)"),
    AtLeastBaik => ("≥ baik", "≥ good"),
    People => ("Orang", "People"),
    PerformanceSubUnits => (
        "Subunit: persentase berpredikat minimal baik per tahun",
        "Sub-units: share rated at least good per year"
    ),
    Weakest => ("terlemah", "weakest"),
    PerformanceSubUnitsLatest => ("Subunit: persentase minimal baik pada {0}", "Sub-units: share at least good in {0}"),
    FollowUps => ("Perlu tindak lanjut: {0} orang", "Need a follow-up: {0} people"),
    FollowUpsMore => ("… dan {0} lagi (--people untuk semua)", "… and {0} more (--people for all)"),
    FellTwoSteps => ("turun dua tingkat {0}: {1} → {2}", "fell two steps in {0}: {1} → {2}"),
    BelowBaikTwice => ("di bawah baik dua tahun berturut-turut, s.d. {0}", "below good two years running, to {0}"),
    PerformanceSummary => (
        "{0} orang, tahun {1}–{2}; minimal baik pada {2}: {3}",
        "{0} people, years {1}–{2}; at least good in {2}: {3}"
    ),
    TrainingNeeds => ("Kebutuhan pelatihan", "Training needs"),
    FormationPlan => ("Rencana formasi", "Formation plan"),
    Required => ("Standar", "Required"),
    Assessed => ("Hasil", "Assessed"),
    ShortBy => ("Kurang", "Short by"),
    ShortageNow => ("Kurang kini", "Short now"),
    ShortageEnd => ("Kurang akhir", "Short end"),
    Total => ("Jumlah", "Total"),
    PeopleBelow => ("{0}: {1} orang di bawah standar ({2} kurang 1, {3} kurang 2, {4} kurang ≥3), {5} belum dinilai",
        "{0}: {1} people below standard ({2} one level, {3} two, {4} three or more), {5} not assessed"),
    Box9 => ("promosikan / pertahankan", "promote, retain"),
    Box78 => ("pertahankan, rotasi, kembangkan", "retain, rotate, develop"),
    Box4 => ("rotasi dan kembangkan", "rotate and develop"),
    Box2356 => ("penempatan, bimbingan, pengembangan", "placement, coaching, development"),
    Box1 => ("tangani sesuai aturan disiplin", "handle under the disciplinary rules"),
    TalentPool => ("kotak 7–9", "boxes 7–9"),
    Reviewed => ("sudah ditinjau", "reviewed"),
    Decision => ("Keputusan", "Decision"),
    Note => ("Catatan", "Note"),
    Notes => ("Catatan", "Notes"),
    User => ("Pengguna", "User"),
    When => ("Waktu", "When"),
    LastChange => ("Perubahan terakhir", "Last change"),
    NotePrompt => ("Catatan untuk", "Note for"),
    By => ("oleh", "by"),
    Filtered => ("Saring", "Filter"),
    SortedBy => ("urut", "sort"),
    Shortlisted => ("diusulkan", "shortlisted"),
    Rejected => ("ditolak", "rejected"),
    Nominated => ("dipilih", "nominated"),
    DecisionRemoved => ("keputusan dibatalkan", "decision taken back"),
    NominatedElsewhere => ("! juga diusulkan di", "! also nominated for"),
    AlsoNominated => ("perhatian: {0} juga diusulkan untuk {1}; satu orang hanya dapat menduduki satu jabatan", "note: {0} is nominated for {1} too; one person can take one post"),
    NominationMoved => (
        "dipilih; {0} tadinya dipilih dan kembali ke daftar usulan",
        "nominated; {0} was the nominee and is back on the shortlist"
    ),
    DisplacedBy => ("Pilihan beralih ke", "Nomination went to"),
    NoteSaved => ("catatan disimpan", "note saved"),
    Undone => ("dibatalkan", "undone"),
    NothingToUndo => ("tidak ada yang bisa dibatalkan", "nothing to undo"),
    ReadOnlyRefused => ("mode hanya-baca: keputusan tidak disimpan", "read-only: decisions are not saved"),
    CompareMarked => ("ditandai untuk dibandingkan", "marked for comparison"),
    CompareNeedsTwo => ("tandai 2–3 orang dengan c", "mark 2–3 people with c"),
    CompareFull => ("paling banyak tiga orang", "three people at most"),
    Comparison => ("Perbandingan kandidat", "Candidates compared"),
    YearsInGrade => ("Lama di golongan", "Years in grade"),
    Service => ("Masa kerja", "Service"),
    Standing => ("Kedudukan", "Standing"),
    Candidates => ("Kandidat promosi", "Promotion candidates"),
    Computing => ("menghitung", "computing"),
    SelectForGaps => ("Pilih unit atau jabatan.", "Select a unit or a position."),
    SelectForCandidates => (
        "Pilih jabatan (atau unit yang punya jabatan kepala).",
        "Select a position (or a unit with a head position)."
    ),
    NoHolders => ("Belum ada pemangku yang dinilai.", "No holders to assess."),
    NotAssessed => ("belum dinilai", "not assessed"),
    Worst => ("Terburuk", "Worst"),
    NoneBelowStandard => ("tak seorang pun di bawah standar", "nobody below standard"),
    BelowStandard => ("di bawah standar", "below standard"),
    HeldBy => ("Dijabat", "Held by"),
    Took => ("dihitung dalam", "computed in"),
    Legend => ("▼ kurang ≥1 · ▽ kurang <1 · ✓ memenuhi · ? belum dinilai", "▼ short ≥1 · ▽ short <1 · ✓ meets · ? not assessed"),
    Rule => ("Aturan", "Rule"),
    Reason => ("Alasan", "Reason"),
    Eligible => ("Memenuhi syarat", "Eligible"),
    NotEligible => ("Tidak memenuhi syarat", "Not eligible"),
    Ineligible => ("Tidak memenuhi syarat", "Ineligible"),
    Rotations => ("Rotasi (jabatan setara, bukan promosi)", "Rotations (a post as high: no promotion)"),
    CurrentPosition => ("Jabatan sekarang", "Current position"),
    CurrentUnit => ("Unit sekarang", "Current unit"),
    FieldOfPost => ("Bidang", "Field"),
    StandingNearMiss => ("Nyaris", "Near miss"),
    StandingRotation => ("Rotasi", "Rotation"),
    PetaTitle => ("Peta Jabatan", "Peta Jabatan (job map)"),
    PetaDraftNamed => ("rancangan {0}", "draft {0}"),
    PetaNumber => ("No", "No"),
    PetaUnitOrPosition => ("Unit / Nama Jabatan", "Unit / Position"),
    PetaChange => ("Perubahan", "Change"),
    PetaTotal => ("Jumlah", "Total"),
    PetaAdded => ("baru", "new"),
    PetaRemoved => ("dihapus", "removed"),
    PetaMovedFrom => ("dipindah dari {0}", "moved from {0}"),
    PetaMovedTo => ("dipindah ke {0}", "moved to {0}"),
    PetaRenamedFrom => ("semula {0}", "renamed from {0}"),
    PetaPages => ("{0|halaman|halaman}", "{0|page|pages}"),
    PetaSelectUnit => ("pilih dulu sebuah unit (atau jabatannya) untuk peta jabatannya", "select a unit (or one of its positions) for its peta jabatan first"),
    PetaUnknownFormat => ("{0}: akhiri nama berkas dengan .pdf, .svg, .xlsx, .csv atau .json", "{0}: end the file's name in .pdf, .svg, .xlsx, .csv or .json"),
    Written => ("ditulis:", "written:"),
    AbkTitle => ("Rekapitulasi Analisis Beban Kerja", "ABK recap (workload analysis)"),
    AbkEffective => ("Waktu kerja efektif: {0} menit per pegawai per tahun", "Effective working time: {0} minutes per person per year"),
    AbkTasks => ("Tugas", "Tasks"),
    AbkWorkload => ("Beban kerja (menit/tahun)", "Workload (min/year)"),
    AbkNeed => ("Kebutuhan ABK", "ABK need"),
    AbkGrade => ("Predikat", "Grade"),
    Proposal => ("Usulan", "Proposal"),
    PetaContinued => ("lanjutan", "continued"),
    PetaPositionName => ("Nama Jabatan", "Position"),
    PetaLegendMoved => ("dipindah", "moved"),
    PetaLegendRenamed => ("ganti nama", "renamed"),
    PetaDraftRemovesUnit => ("rancangan {0} menghapus unit {1}", "draft {0} removes unit {1}"),
    MinutesTitle => ("Berita Acara Sidang Baperjakat", "Minutes of the Baperjakat meeting"),
    MinutesOpening => ("Pada {0}, Badan Pertimbangan Jabatan dan Kepangkatan (Baperjakat) membahas pengisian jabatan {1} ({2}). Daftar calon disusun oleh jabat menurut aturan yang berlaku pada tanggal tersebut: {3} memenuhi syarat, {4} nyaris memenuhi syarat, {5} tidak memenuhi syarat, {6} dalam jabatan setara (rotasi).", "On {0}, the Baperjakat (the committee on appointments and ranks) considered the appointment to {1} ({2}). The list of candidates was drawn up by jabat under the rules in force on that day: {3} eligible, {4} near misses, {5} ineligible, {6} in a post as high (rotation)."),
    MinutesPosition => ("Jabatan yang diisi", "The position"),
    MinutesNominee => ("Calon terpilih", "The nominee"),
    MinutesNoNominee => ("Belum ada calon terpilih.", "No nominee has been chosen."),
    MinutesOthers => ("Calon lain yang dipertimbangkan", "The others considered"),
    MinutesOthersNote => ("Semua yang memenuhi syarat dan setiap calon yang diberi keputusan atau catatan, menurut peringkat.", "Everyone eligible and every candidate given a decision or a note, in rank order."),
    MinutesDecisions => ("Keputusan dan catatan", "Decisions and notes"),
    MinutesNoDecisions => ("Belum ada keputusan atau catatan.", "No decision or note has been recorded."),
    MinutesClosing => ("Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.", "These minutes were drawn up to be used as is proper."),
    MinutesChair => ("Ketua", "Chair"),
    MinutesSecretary => ("Sekretaris", "Secretary"),
    MinutesMember => ("Anggota", "Member"),
    MinutesFooter => ("{0}: berita acara, dicetak oleh jabat {1}", "{0}: minutes, printed by jabat {1}"),
    PageOf => ("halaman {0} dari {1}", "page {0} of {1}"),
    RankScore => ("Peringkat dan skor", "Rank and score"),
    DecidedBy => ("Diputuskan oleh", "Decided by"),
    WhyChosen => ("Dasar pertimbangan", "Facts behind the choice"),
    BinaryNeedsOut => ("berkas ini tidak ditulis ke terminal: beri --out BERKAS", "this file is not written to a terminal: give --out FILE"),
    OutNeedsCommand => ("--out menulis keluaran sebuah perintah (mis. jabat tree --out pohon.csv), bukan antarmuka", "--out writes a command's output (say jabat tree --out tree.csv), not the interface"),
    WroteFile => ("ditulis: {0}", "written: {0}"),
    RotationFrom => ("rotasi dari", "rotation from"),
    RotationsShort => ("rotasi", "rotations"),
    NearMisses => ("Nyaris (gagal satu aturan)", "Near misses (one rule failed)"),
    NearMissesShort => ("Nyaris", "Near misses"),
    RulesFailed => ("aturan tidak terpenuhi", "rule(s) failed"),
    OthersFail => (
        "lainnya gagal dua aturan atau lebih, atau akan turun jabatan; --explain NIP memberi alasan satu orang, --format json alasan semua orang.",
        "others fail two or more rules, or would step down; --explain NIP gives one person's reasons, --format json everyone's."
    ),
    WhyStepDown => ("menjabat {0} ({1}, lebih tinggi): ini penurunan jabatan", "holds {0} ({1}, a higher post): this would be a step down"),
    WhyStepDownKind => ("menjabat jabatan {0} yang lebih tinggi: ini penurunan jabatan", "holds a higher post ({0}): this would be a step down"),
    NoteIntoFunctional => ("pindah ke jabatan fungsional dari jabatan lain (perpindahan dari jabatan lain, PermenPANRB 1/2023)", "a move into a functional post from another kind of post (perpindahan dari jabatan lain, PermenPANRB 1/2023)"),
    NoteOtherFamily => ("pindah dari rumpun jabatan fungsional lain (perpindahan dari jabatan lain, PermenPANRB 1/2023)", "a move from another functional family (perpindahan dari jabatan lain, PermenPANRB 1/2023)"),
    NoteCreditPoints => ("kenaikan jenjang dalam rumpun yang sama: angka kredit tidak diperiksa, datanya tidak ada", "a kenaikan jenjang within the family: credit points were not checked, the data holds none"),
    WhyField => ("bidang {0} wajib ({1}): tidak ada gelar atau jabatan di bidang itu", "the {0} field is required ({1}): no degree or post in it"),
    WhyFieldEducation => ("bidang {0} wajib berpendidikan paling rendah {2}, ini {1} ({3})", "the {0} field needs at least {2}, and this is {1} ({3})"),
    NoteInField => ("di bidang jabatan ini ({0}): {1}", "in this post's field ({0}): {1}"),
    InFieldPost => ("menjabat di bidang ini", "holds a post in it"),
    InFieldEarlier => ("pernah menjabat {0}", "held {0} before"),
    WhyTraining => ("belum mengikuti {0}, pelatihan kepemimpinan jabatan ini", "has not attended {0}, the leadership training this post calls for"),
    WhyAssessmentOld => ("asesmen {0} lebih dari {1} tahun lalu: dianggap belum diases", "assessed on {0}, more than {1} years ago: counts as not assessed"),
    WhyCreditPoints => ("angka kredit {0} sejak {1} < {2} untuk kenaikan jenjang ke {3}", "credit points {0} since {1} < {2} for a kenaikan jenjang to {3}"),
    RuleCreditPoints => ("angka kredit", "credit points"),
    NoteTraining => ("tindak lanjut: {0} belum diikuti, diselesaikan setelah pengangkatan", "follow-up: {0} not yet attended, to be completed after appointment"),
    WhyHolder => ("sudah memangku jabatan ini", "already holds this position"),
    WhyStatus => ("PPPK tidak dapat menduduki jabatan manajerial", "a PPPK employee cannot hold a managerial position"),
    WhyEducationMissing => ("pendidikan tidak tercatat (perlu {0})", "education not recorded ({0} needed)"),
    WhyEducation => ("pendidikan {0} < {1} (D-IV setara S1)", "education {0} < {1} (D-IV counts as S1)"),
    WhyGradeMissing => ("golongan tidak tercatat ({0} perlu {1})", "grade not recorded ({0} needs {1})"),
    WhyGrade => ("golongan {0} < {1} ({2} perlu {3})", "grade {0} < {1} ({2} needs {3})"),
    WhyGradeAbove => ("golongan {0} > {1} ({2} berkisar {3}–{1})", "grade {0} > {1} ({2} takes {3}–{1})"),
    WhyGradeOneBelow => (
        "golongan {0} < {1} ({2} perlu {3}, boleh satu tingkat di bawah)",
        "grade {0} < {1} ({2} needs {3}, one below allowed)"
    ),
    WhyService => ("masa kerja {0} tahun < {1}", "{0|year|years} of service < {1}"),
    ExperienceCounted => (
        "Pengalaman pada jabatan yang mengarah ke sini ({0} tahun): {1}",
        "Experience in posts that lead here ({0} years): {1}"
    ),
    WhyFeedingYears => ("{0} tahun sebagai {1} < {2}", "{0|year|years} as {1} < {2}"),
    WhyNotFeeding => (
        "tidak menduduki jabatan yang mengarah ke sini ({0})",
        "not in a position that leads here ({0})"
    ),
    Or => ("atau", "or"),
    WhyNoRating => ("tidak ada predikat kinerja {0}", "no rating for {0}"),
    WhyRating => ("predikat {0} pada {1}", "rating {0} in {1}"),
    WhyPenaltyUntil => ("hukuman disiplin {0} sampai {1}", "penalty {0} until {1}"),
    WhyPenaltyOpen => ("hukuman disiplin {0} tanpa tanggal selesai", "penalty {0} no end recorded"),
    WhyAge => ("usia {0} > {1}", "age {0} > {1}"),
    WhyRetires => ("pensiun {0}", "retires {0}"),
    WhyNotAssessed => ("belum dinilai terhadap standar jabatan", "not assessed against the position's standard"),
    WhyJpm => ("JPM {0} < {1} (KMS)", "JPM {0} < {1} (KMS)"),
    NotConsidered => ("tidak termasuk yang dinilai untuk", "is not among the people considered for"),
    Instansi => ("Instansi", "Instansi"),
    Pppk => ("PPPK", "PPPK"),
    VacantPositions => ("Jabatan kosong", "Vacant positions"),
    OverfilledPositions => ("Jabatan berlebih", "Over-filled positions"),
    Database => ("Basis data", "Database"),
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
    ImportRejectedN => ("impor ditolak, basis data tidak diubah ({0} masalah)", "import rejected, database unchanged ({0|problem|problems})"),
    DataBytes => ("Data (byte logis)", "Data (logical bytes)"),
    IndexBytes => ("Indeks (byte logis)", "Indexes (logical bytes)"),
    EmployeeValueAvg => ("Rata-rata nilai pegawai (byte)", "Average employee value (bytes)"),
    OnDisk => ("Di disk (byte)", "On disk (bytes)"),
    KeyMoveDown => ("Turun satu baris", "Move down"),
    KeyMoveUp => ("Naik satu baris", "Move up"),
    KeyCollapse => ("Tutup unit, atau ke induknya", "Close the unit, or go to its parent"),
    KeyExpand => ("Buka unit, atau ke anak pertamanya", "Open the unit, or go to its first child"),
    KeyCollapseAll => ("Tutup unit beserta seluruh isinya", "Close the unit and everything below"),
    KeyExpandAll => ("Buka unit beserta seluruh isinya", "Open the unit and everything below"),
    KeyTop => ("Ke baris pertama", "Go to the first row"),
    KeyBottom => ("Ke baris terakhir", "Go to the last row"),
    KeyPageDown => ("Turun satu halaman", "Page down"),
    KeyPageUp => ("Naik satu halaman", "Page up"),
    KeyHalfPageDown => ("Turun setengah halaman", "Half a page down"),
    KeyHalfPageUp => ("Naik setengah halaman", "Half a page up"),
    KeyOpen => ("Buka pilihan (unit, jabatan, profil pegawai)", "Open the selection (unit, position, employee profile)"),
    KeyNextPane => ("Pindah panel", "Next pane"),
    KeySearch => ("Cari unit, jabatan, pegawai", "Search units, positions, employees"),
    KeyNextMatch => ("Hasil cari berikutnya", "Next match"),
    KeyPreviousMatch => ("Hasil cari sebelumnya", "Previous match"),
    KeyCommandLine => ("Baris perintah", "Command line"),
    KeyBack => ("Kembali ke tempat sebelum lompatan terakhir (cari, :goto, ], Enter)", "Back to where the last jump left (search, :goto, ], Enter)"),
    KeyForward => ("Maju lagi ke lompatan berikutnya", "Forward to the next jump again"),
    KeyWidenTree => ("Lebarkan panel pohon", "Widen the tree pane"),
    KeyNarrowTree => ("Sempitkan panel pohon", "Narrow the tree pane"),
    KeyToggleDetails => ("Tampilkan/sembunyikan rincian", "Show or hide the details"),
    KeyShowDetails => ("Panel kanan: rincian", "Right pane: details"),
    KeyShowGaps => ("Panel kanan: kesenjangan kompetensi", "Right pane: competency gaps"),
    KeyShowCandidates => ("Panel kanan: kandidat promosi", "Right pane: promotion candidates"),
    KeyShowNineBox => ("Panel kanan: kotak talenta (nine-box)", "Right pane: the nine-box"),
    KeyShowTraining => ("Panel kanan: kebutuhan pelatihan", "Right pane: training needs"),
    KeyShowFormation => (
        "Panel kanan: rencana formasi (sekali lagi: hanya yang kurang)",
        "Right pane: formation plan (again: only the shortages)"
    ),
    RetiringBars => ("pensiun pada tahun itu", "retiring that year"),
    ShortageBars => ("kekurangan pada akhir tahun", "short at the year's end"),
    ShortagesOnly => ("hanya yang kurang (6: semua)", "only the shortages (6: all)"),
    KeyShowPerformance => ("Panel kanan: monitoring kinerja", "Right pane: performance monitoring"),
    KeyShortlist => ("Masukkan/keluarkan dari daftar usulan", "Shortlist, or take off the shortlist"),
    KeyReject => ("Tolak, atau batalkan penolakan", "Reject, or take the rejection back"),
    KeyNominate => ("Pilih sebagai calon (satu per jabatan)", "Nominate (one per position)"),
    KeyUndo => ("Batalkan keputusan terakhir", "Undo the last decision"),
    KeyNote => ("Tambah atau ubah catatan", "Add or edit a note"),
    KeyFilter => (
        "Saring: kandidat (semua, memenuhi syarat, nyaris, rotasi, kotak 7–9, sudah ditinjau), kisi kesenjangan menurut kompetensi, masalah menurut tingkat",
        "Filter: candidates (all, eligible, near misses, rotations, boxes 7–9, reviewed), a gap grid by competency, problems by gravity"
    ),
    KeySort => ("Urutkan menurut kolom berikutnya", "Sort by the next column"),
    KeyCompare => ("Tandai untuk dibandingkan (2–3 orang)", "Mark for comparison (2–3 people)"),
    KeyShowComparison => ("Bandingkan yang ditandai", "Compare the marked"),
    KeyHelp => ("Bantuan tombol", "Key help"),
    KeyClose => ("Tutup profil, hasil cari atau pesan", "Close the profile, results or message"),
    KeyQuit => ("Keluar", "Quit"),
    KeyAccept => ("Terapkan", "Accept"),
    KeyCancel => ("Batal", "Cancel"),
    KeyNextResult => ("Hasil berikutnya", "Next result"),
    KeyPreviousResult => ("Hasil sebelumnya", "Previous result"),
    KeyComplete => ("Lengkapi perintah", "Complete the command"),
    KeyDeleteBack => ("Hapus huruf sebelumnya", "Delete the previous character"),
    KeyPick => ("Pilih untuk dipindah bersama (x lalu memindah semuanya)", "Pick to move together (then x takes them all)"),
    Picked => ("{0} dipilih; x menandai semuanya untuk dipindah", "{0|picked|picked}; x marks them all to move"),
    NothingToPick => ("tidak ada yang bisa dipilih di sini", "nothing here to pick"),
    CutMany => ("{0} butir", "{0|item|items}"),
    GapsShortIn => ("hanya jabatan yang kurang dalam {0} (f: berikutnya)", "only positions short in {0} (f: the next)"),
    GapsAll => ("semua jabatan", "every position"),
    KeyOrder => ("Urutkan pohon: menurut kode, atau kekurangan terbesar dulu", "Order the tree: by code, or the largest shortage first"),
    TreeByShortage => ("pohon: kekurangan terbesar dulu", "tree: largest shortage first"),
    TreeByCode => ("pohon: menurut kode", "tree: by code"),
    KeyFilterRule => ("Daftar masalah: saring menurut aturan berikutnya", "Problems: keep the next rule only"),
    ProblemsFilterHint => ("f: tingkat · r: aturan", "f: gravity · r: rule"),
    KeyCopy => ("Salin kode atau NIP yang dipilih ke papan klip (OSC 52)", "Copy the selected code or NIP to the clipboard (OSC 52)"),
    KeyCopyPath => ("Salin jalur (atau nama) yang dipilih ke papan klip", "Copy the selected path (or name) to the clipboard"),
    Copied => ("disalin ke papan klip: {0}", "copied to the clipboard: {0}"),
    NothingToCopy => ("tidak ada yang bisa disalin di sini", "nothing here to copy"),
    KeyDeleteForward => ("Hapus karakter di kursor", "Delete the character under the cursor"),
    KeyCursorLeft => ("Kursor ke kiri", "Cursor left"),
    KeyCursorRight => ("Kursor ke kanan", "Cursor right"),
    KeyLineStart => ("Ke awal baris", "To the start of the line"),
    KeyLineEnd => ("Ke akhir baris", "To the end of the line"),
    KeyKillToStart => ("Hapus sampai awal baris", "Delete to the start of the line"),
    KeyKillWord => ("Hapus kata sebelum kursor", "Delete the word before the cursor"),
    KeyKillToEnd => ("Hapus sampai akhir baris", "Delete to the end of the line"),
    Help => ("Bantuan", "Help"),
    GradeSince => ("TMT golongan", "Grade since"),
    GradeHistory => ("Riwayat golongan", "Grade history"),
    PositionHistory => ("Riwayat jabatan", "Position history"),
    Until => ("Sampai", "Until"),
    Now => ("kini", "now"),
    PositionSince => ("TMT jabatan", "Position since"),
    Tree => ("Struktur", "Structure"),
    Details => ("Rincian", "Details"),
    Profile => ("Profil pegawai", "Employee profile"),
    SearchPrompt => ("Cari", "Search"),
    NoResults => ("tidak ada hasil", "no results"),
    RetirementDate => ("Tanggal pensiun (BUP)", "Retirement date"),
    Retires => ("Pensiun (BUP)", "Retires"),
    ModeNormal => ("JELAJAH", "BROWSE"),
    ModeSearch => ("CARI", "SEARCH"),
    ModeCommand => ("PERINTAH", "COMMAND"),
    ModeNote => ("CATATAN", "NOTE"),
    ReadOnly => ("hanya-baca", "read-only"),
    UnknownCommand => ("perintah tidak dikenal", "unknown command"),
    Pending => ("menunggu tombol berikutnya", "waiting for the next key"),
    PositionsWithVacancies => ("Jabatan dengan kekurangan", "Positions with vacancies"),
    CountsByKind => ("Jabatan menurut jenis", "Positions by kind"),
    HeadPositionNone => ("(tidak ada jabatan kepala)", "(no head position)"),
    LanguageSet => ("bahasa: Indonesia", "language: English"),
    TuiPending => (
        "Tampilan layar penuh butuh terminal; tanpa terminal, ringkasan ini dan perintah berikut:",
        "The full-screen view needs a terminal; without one, this overview and these commands:"
    ),
    CheckNoHead => ("unit tanpa jabatan kepala", "unit without a head position"),
    CheckTwoHeads => ("{0} jabatan kepala: {1}", "{0} head positions: {1}"),
    CheckEmptyUnit => ("unit tanpa jabatan dan tanpa sub-unit", "unit with no positions and no sub-units"),
    CheckHeadEselon => ("kepala ber-eselon {0}, unitnya tercatat eselon {1}", "head is eselon {0}, its unit is recorded as eselon {1}"),
    CheckHeadNotBelow => ("kepala {0} tidak di bawah kepala unit induk {1} ({2})", "head {0} is not below the parent unit's head {1} ({2})"),
    CheckDuplicateName => ("nama '{0}' sudah dipakai {1} di unit yang sama", "name '{0}' is also used by {1} in the same unit"),
    CheckHeldWithoutNeed => ("kebutuhan 0 tetapi diisi {0} orang", "kebutuhan 0 but held by {0}"),
    CheckOverNeed => ("bezetting {0} melebihi kebutuhan {1}", "bezetting {0} above kebutuhan {1}"),
    CheckVacantHead => ("jabatan kepala kosong", "vacant head position"),
    CheckClassEvaluation => ("kelas {0}, evaluasi jabatan memberi kelas {1} ({2} poin)", "class {0}, the job evaluation gives class {1} ({2} points)"),
    CheckEvaluationIncomplete => ("evaluasi jabatan tidak memberi kelas: {0}", "the job evaluation gives no class: {0}"),
    CheckUnplaced => ("belum ditempatkan", "not placed (holding list)"),
    CheckPastRetirement => ("melewati BUP sejak {0} (jabatan {1})", "past retirement age since {0} (position {1})"),
    CheckGradeRange => ("golongan {0} di luar rentang {1} ({2}: {3}–{4})", "grade {0} outside the range of {1} ({2}: {3}–{4})"),
    RuleId => ("Aturan", "Rule"),
    Node => ("Simpul", "Node"),
    Explanation => ("Keterangan", "Explanation"),
    NoFindings => ("tidak ada temuan", "no findings"),
    Findings => ("temuan", "findings"),
    Seq => ("No.", "No."),
    Origin => ("Asal", "Origin"),
    Operations => ("Operasi", "Operations"),
    KeyCut => ("Tandai unit, jabatan atau pegawai untuk dipindah", "Mark a unit, position or employee to move"),
    KeyPaste => ("Pindahkan yang ditandai ke sini", "Move what is marked here"),
    KeyAddChild => ("Tambah sub-unit atau jabatan", "Add a sub-unit or position"),
    KeyAddSibling => ("Tambah unit atau jabatan sejajar", "Add a sibling unit or position"),
    KeyRename => ("Ganti nama", "Rename"),
    KeyEditFields => ("Ubah isian jabatan", "Edit a position's fields"),
    KeyEditAnjab => ("Tulis anjab jabatan (di $EDITOR)", "Write the position's anjab (in $EDITOR)"),
    KeyEditRequirements => ("Ubah syarat jabatan anjab (formulir)", "Edit the anjab's requirements (a form)"),
    RequirementsTitle => ("Syarat jabatan {0}", "Requirements of {0}"),
    KeyEditFactors => ("Ubah tingkat faktor evaluasi jabatan (formulir)", "Edit the job evaluation's factor levels (a form)"),
    FactorsTitle => ("Faktor jabatan {0}", "Job evaluation factors of {0}"),
    AnjabUnchanged => ("anjab tidak berubah", "the anjab is unchanged"),
    AnjabNotRead => ("anjab tidak dibaca, tidak ada yang berubah: baris {0}: {1}", "the anjab was not read, nothing changed: line {0}: {1}"),
    AnjabEditorFailed => ("penyunting tidak dapat dijalankan ({0}): {1}", "the editor could not be run ({0}): {1}"),
    AnjabEditHelp => ("Satu baris satu butir di bawah [bagian]-nya; baris # diabaikan; berkas kosong menghapus anjab. Di bawah [factor: …] tingkat faktor itu (1, 2, …) untuk evaluasi jabatan. Simpan dan keluar untuk menyimpan ke jabat.", "One line an item under its [section]; lines with # are skipped; an empty file clears the anjab. Under [factor: …] the factor's level (1, 2, …) for the job evaluation. Save and quit to keep it in jabat."),
    AnjabHeading => ("Analisis jabatan", "Job description (anjab)"),
    KeyDelete => ("Hapus (dengan konfirmasi)", "Delete (asks first)"),
    KeyMerge => ("Gabungkan unit ke unit lain (pilih dengan pencarian)", "Merge a unit into another (pick by search)"),
    KeyUndoEdit => ("Batalkan perubahan struktur terakhir", "Undo the last structural change"),
    KeyRedoEdit => ("Ulangi perubahan yang dibatalkan", "Redo the undone change"),
    KeyRepeat => ("Ulangi operasi terakhir pada simpul terpilih", "Repeat the last operation on the selected node"),
    KeyShowProblems => ("Daftar masalah struktur", "List of structural problems"),
    KeyShowHistory => ("Riwayat perubahan", "History of changes"),
    KeyNextProblem => ("Masalah berikutnya", "Next problem"),
    KeyPreviousProblem => ("Masalah sebelumnya", "Previous problem"),
    ReadOnlyEdit => ("mode baca saja: perubahan dimatikan", "read-only: edits are disabled"),
    CutMarked => ("ditandai; pilih tujuan lalu tekan p", "marked; go to the destination and press p"),
    NothingCut => ("belum ada yang ditandai (x)", "nothing is marked (x)"),
    SelectPositionFirst => ("pilih jabatan tujuan", "select the destination position"),
    Done => ("selesai", "done"),
    DoneOps => ("selesai ({0} operasi)", "done ({0|operation|operations})"),
    ConfirmYesNo => ("y = ya, n/Esc = batal", "y = yes, n/Esc = cancel"),
    DeleteUnitPrompt => ("Hapus {0}: {1} unit, {2} jabatan; {3} orang ke daftar belum ditempatkan?", "Delete {0}: {1|unit|units}, {2|position|positions}; {3|person|people} to the holding list?"),
    MergePrompt => ("Gabungkan {0} ke {1}: {2} operasi?", "Merge {0} into {1}: {2|operation|operations}?"),
    PickMergeTarget => ("cari unit tujuan penggabungan lalu Enter", "search the unit to merge into, then Enter"),
    AddTitle => ("Tambah di {0}", "Add in {0}"),
    RenameTitle => ("Ganti nama {0}", "Rename {0}"),
    EditTitle => ("Ubah jabatan {0}", "Edit position {0}"),
    FormHint => ("Tab lengkapi/isian berikut · ↑↓ isian · Enter simpan · Esc batal", "Tab complete/next field · ↑↓ field · Enter save · Esc cancel"),
    FormValues => ("nilainya: {0}", "its values: {0}"),
    FormNotAValue => ("'{0}' bukan salah satu dari: {1}", "'{0}' is not one of: {1}"),
    FormNotANumber => ("'{0}' bukan bilangan 0–{1}", "'{0}' is not a number 0–{1}"),
    FormNotAClass => ("'{0}' bukan kelas jabatan 1–17", "'{0}' is not a kelas jabatan 1–17"),
    FormUnitNeedsKind => ("unit perlu jenis (dinas, badan, bidang …)", "a unit needs a kind (dinas, badan, bidang …)"),
    FormPositionNeedsUnit => ("jabatan perlu unit; pilih unitnya dulu", "a position needs a unit; select its unit first"),
    What => ("Jenis simpul (unit/jabatan)", "Node (unit/position)"),
    NothingToRepeat => ("belum ada operasi untuk diulang", "no operation to repeat yet"),
    DraftOpen => ("draf", "draft"),
    DraftStarted => ("draf dibuka; perubahan masuk ke draf", "draft open; edits go into it"),
    DraftClosed => ("kembali ke struktur tetap", "back to the committed structure"),
    DraftApplied => ("draf diterapkan", "draft applied"),
    DraftAppliedOps => ("#{0}: draf diterapkan ({1} operasi)", "#{0}: draft applied ({1|operation|operations})"),
    DraftOps => ("draf {0}: {1} operasi", "draft {0}: {1|operation|operations}"),
    DraftDiscardQuestion => (
        "Buang draf {0} dengan {1} operasi? (y/n; u memulihkannya)",
        "Discard draft {0} with its {1} operations? (y/n; u brings it back)"
    ),
    DraftDiscardedUndo => ("draf {0} dibuang ({1} operasi); u memulihkannya", "draft {0} discarded ({1|operation|operations}); u brings it back"),
    DraftRestored => ("draf {0} dipulihkan ({1} operasi)", "draft {0} restored ({1|operation|operations})"),
    DraftNameTaken => ("sudah ada draf bernama {0}; tidak dipulihkan", "a draft named {0} exists already; not restored"),
    Cancelled => ("dibatalkan", "cancelled"),
    NoDraft => ("tidak ada draf terbuka", "no draft is open"),
    Problems => ("Masalah", "Problems"),
    History => ("Riwayat", "History"),
    DraftDiff => ("Perbedaan draf", "Draft differences"),
    NothingChanged => ("tidak ada isian yang diubah", "no field was changed"),
    ReadOnlyCommand => (
        "hanya-baca: `jabat {0}` mengubah basis data; jalankan tanpa --read-only",
        "read-only: `jabat {0}` writes to the database; run it without --read-only"
    ),
    Initialized => ("basis data kosong dibuat", "empty database created"),
    FindingsSummary => (
        "{0} temuan: {1} galat, {2} peringatan, {3} info",
        "{0} findings: {1} errors, {2} warnings, {3} info"
    ),
    CheckEmptyDatabase => (
        "basis data tidak memuat unit apa pun: tidak ada yang diperiksa",
        "the database holds no units: there is nothing to check"
    ),
    PgWhere => ("basis data {0} di {1} sebagai {2}", "database {0} on {1} as {2}"),
    PgBadUrl => ("bukan URL PostgreSQL yang sah ({0}): {1}; bentuknya postgresql://PENGGUNA@HOST/NAMA atau postgresql:///NAMA?host=/run/postgresql", "not a valid PostgreSQL URL ({0}): {1}; it reads postgresql://USER@HOST/NAME or postgresql:///NAME?host=/run/postgresql"),
    PgNoTls => ("{0}: URL meminta TLS (sslmode=require), tetapi jabat terhubung tanpa TLS: pakai soket Unix server, jaringan tepercaya atau terowongan SSH, dan sslmode=prefer atau disable", "{0}: the URL asks for TLS (sslmode=require), but jabat connects without TLS: use the server's Unix socket, a trusted network or an SSH tunnel, and sslmode=prefer or disable"),
    PgCannotConnect => ("tidak dapat terhubung ke {0}: {1} (periksa bahwa servernya berjalan, dan host, port, nama basis data, pengguna serta kata sandi: di URL, PGPASSWORD atau ~/.pgpass)", "cannot connect to {0}: {1} (check that the server is running, and the host, port, database, user and password: in the URL, PGPASSWORD or ~/.pgpass)"),
    PgNotListening => ("tidak ada server PostgreSQL yang mendengarkan di sana", "no PostgreSQL server is listening there"),
    PgNoAnswer => ("server tidak menjawab", "the server does not answer"),
    PgRefused => ("basis data menolak: {0} (peran dengan hak lebih dapat memberikannya: `jabat db grant PENGGUNA PERAN`)", "the database refused: {0} (a role with more privileges can grant it: `jabat db grant USER ROLE`)"),
    PgSays => ("PostgreSQL: {0}", "PostgreSQL: {0}"),
    PgClosed => ("sambungan ke PostgreSQL terputus; tidak ada yang setengah tertulis (setiap perubahan satu transaksi)", "the connection to PostgreSQL was closed; nothing is half-written (every change is one transaction)"),
    PgNoTables => ("{0} belum berisi tabel jabat: buat dengan `jabat db migrate` (atau `jabat init`, `jabat import DIR`, `jabat generate`)", "{0} has no jabat tables: create them with `jabat db migrate` (or `jabat init`, `jabat import DIR`, `jabat generate`)"),
    PgOlderTables => ("tabel jabat di {0} versi {1}, lebih lama dari versi jabat ini ({2}): perbarui dengan `jabat db migrate`", "{0} has jabat's tables at version {1}, older than this jabat's {2}: bring them up to date with `jabat db migrate`"),
    PgMigrateFailed => ("tidak dapat membuat atau memperbarui tabel jabat di {0}: {1}", "cannot create or update jabat's tables in {0}: {1}"),
    PgBadRoleName => ("'{0}' bukan nama peran PostgreSQL yang dapat dipakai (1–63 karakter, tanpa karakter kendali)", "'{0}' is not a usable PostgreSQL role name (1–63 characters, no control characters)"),
    DbDirCurrent => ("basis data {0} pada skema versi {1}", "database {0} is at schema version {1}"),
    DbOnlyPostgres => ("`jabat {0}` untuk basis data di PostgreSQL; direktori basis data memberi peran lewat access.toml-nya dan menjaga sendiri apa yang diturunkannya", "`jabat {0}` is for a database in PostgreSQL; a database directory gives roles in its access.toml and keeps what it derives up to date itself"),
    DbTablesMade => ("{0}: tabel jabat dibuat, versi {1}", "{0}: jabat's tables made, version {1}"),
    DbTablesCurrent => ("{0}: tabel jabat sudah versi {1}; tidak ada yang perlu dilakukan", "{0}: jabat's tables are at version {1} already; nothing to do"),
    DbTablesMigrated => ("{0}: tabel jabat diperbarui dari versi {1} ke {2}", "{0}: jabat's tables brought from version {1} to {2}"),
    DbRebuilt => ("{0}: tabel turunan dihitung ulang", "{0}: the derived tables worked out afresh"),
    DbGranted => ("{0} kini {1} (anggota peran {2})", "{0} is now {1} (a member of role {2})"),
    DbLeft => ("{0} dikeluarkan dari {1}", "{0} taken out of {1}"),
    DbNewLogin => ("peran login {0} baru dibuat: beri kata sandi (ALTER ROLE … PASSWORD) atau izinkan lewat autentikasi peer server", "login role {0} was made: give it a password (ALTER ROLE … PASSWORD) or let it in by the server's peer authentication"),
    DbHadNoRole => ("{0} tidak punya peran jabat di basis data ini", "{0} has no jabat role on this database"),
    CopySame => ("sumber dan tujuan salinan adalah basis data yang sama", "the copy's source and target are the same database"),
    CopyTargetNotEmpty => ("{0} sudah berisi data; salinan hanya ditulis ke basis data baru atau kosong (atau pakai --replace untuk menimpanya)", "{0} holds data already; a copy is written only into a new or empty database (or give --replace to write over it)"),
    CopyDone => ("disalin ke {0}: {1} unit, {2} jabatan, {3} pegawai, {4} entri riwayat, {5} telaah, {6} draf", "copied to {0}: {1|unit|units}, {2|position|positions}, {3|employee|employees}, {4|journal entry|journal entries}, {5|review|reviews}, {6|draft|drafts}"),
    CopyNotIntoServed => ("salinan ditulis ke basis data yang belum dipakai siapa pun, bukan ke yang dilayani server", "a copy is written into a database nobody uses yet, not into one a server shares"),
    NotForPostgres => ("{0} adalah basis data PostgreSQL, yang dilayani PostgreSQL sendiri kepada semua pengguna; `jabat serve` dan `jabat server` hanya untuk direktori basis data", "{0} is a PostgreSQL database, which PostgreSQL itself serves to every user; `jabat serve` and `jabat server` are for a database directory"),
    AlreadyInitialized => ("sudah ada basis data di {0}; tidak ada yang diubah", "there is a database at {0} already; nothing changed"),
    CliNothingApplied => ("tidak ada yang diterapkan", "nothing was applied"),
    CliDoesNotFit => ("tidak cocok", "does not fit"),
    CliNoOperations => ("tidak ada operasi", "no operations"),
    CliDryRun => ("{0} operasi cocok; akan mengubah {1} unit, {2} jabatan dan {3} pegawai (uji coba: tidak ada yang ditulis)", "{0|operation fits|operations fit}; they would change {1|unit|units}, {2|position|positions} and {3|employee|employees} (dry run: nothing written)"),
    CliApplied => ("{0} operasi diterapkan dari {1}", "{0|operation|operations} applied from {1}"),
    CliExported => ("{0} operasi dari {1} entri riwayat", "{0|operation|operations} of {1|journal entry|journal entries}"),
    CliMerged => ("{0} digabung ke {1} ({2} operasi)", "{0} merged into {1} ({2|operation|operations})"),
    CliNoDraft => ("tidak ada draf '{0}'", "there is no draft '{0}'"),
    CliDraftExists => ("draf '{0}' sudah ada", "draft '{0}' already exists"),
    CliDraftName => (
        "nama draf: 1–100 karakter, tanpa karakter kendali",
        "a draft needs a name of 1–100 characters without control characters"
    ),
    CliDraftStarted => ("draf '{0}' dibuat", "draft '{0}' started"),
    CliReplaceUndone => ("isi yang diganti {0} pada {1} kembali: {2} unit, {3} jabatan, {4} pegawai", "the content {0} replaced at {1} is back: {2} units, {3} positions, {4} employees"),
    ImportReplacedKept => ("isi sebelumnya disimpan: jabat ops undo mengembalikannya, sampai penggantian berikutnya", "the content before is kept: jabat ops undo brings it back, until the next replace"),
    CliUndoneN => ("#{0} {1}: {2} operasi", "#{0} {1}: {2|operation|operations}"),
    CliDraftCount => ("draf '{0}': {1} operasi", "draft '{0}': {1|operation|operations}"),
    CliDraftAppliedN => ("draf '{0}' diterapkan, {1} operasi", "draft '{0}' applied, {1|operation|operations}"),
    CliDraftDiscardedN => ("draf '{0}' dibuang", "draft '{0}' discarded"),
    CliIntegrityOk => ("integritas: setiap indeks, total dan hitungan sesuai dengan penyusunan ulang", "integrity: every index, total and count agrees with a rebuild"),
    EditNothingToUndo => ("tidak ada yang bisa dibatalkan", "nothing to undo"),
    EditNothingToRedo => ("tidak ada yang bisa diulang", "nothing to redo"),
    EditEntryGone => ("entri riwayat {0} sudah tidak ada", "journal entry {0} is gone"),
    EditDraftEmpty => ("draf '{0}' tidak berisi operasi", "draft '{0}' holds no operations"),
    EditCodeBlank => ("kode tidak boleh kosong atau diawali/diakhiri spasi", "a code cannot be empty or start or end with spaces"),
    EditCodeControl => ("kode tidak boleh berisi karakter kendali", "a code cannot hold control characters"),
    EditNameBlank => ("nama tidak boleh kosong", "the name cannot be empty"),
    EditNameControl => ("nama tidak boleh berisi karakter kendali", "a name cannot hold control characters"),
    EditTextControl => ("teks tidak boleh berisi karakter kendali", "the text cannot hold control characters"),
    EditTooLong => ("{0} karakter; paling banyak {1}", "{0|character|characters} long; at most {1} are allowed"),
    EditNoUnit => ("tidak ada unit '{0}'", "there is no unit '{0}'"),
    EditNoPosition => ("tidak ada jabatan '{0}'", "there is no position '{0}'"),
    EditLevelMismatch => ("jabatan {0} tidak bisa berjenjang {1}", "a {0} position cannot have level {1}"),
    EditLevelNeeded => ("jabatan {0} perlu jenjang (level=…)", "a {0} position needs a level (level=…)"),
    EditNoEselon => ("jabatan {0} tidak ber-eselon (eselon=-)", "a {0} position has no eselon (eselon=-)"),
    EditCannotHead => ("jabatan {0} tidak bisa menjadi kepala unit", "a {0} position cannot head a unit"),
    EditUnitCodeUsed => ("kode unit '{0}' sudah dipakai", "unit code '{0}' is already in use"),
    EditUnitSameName => ("unit '{0}' sudah bernama '{1}'", "unit '{0}' is already named '{1}'"),
    EditUnitNotEmpty => ("unit '{0}' masih memiliki {1} sub-unit dan {2} jabatan; pindahkan atau hapus dulu", "unit '{0}' still has {1|sub-unit|sub-units} and {2|position|positions}; move or remove them first"),
    EditInstansiFixed => ("'{0}' adalah instansi; pindahkan unit-unitnya", "'{0}' is an instansi; move its units instead"),
    EditAlreadyUnder => ("unit '{0}' sudah berada di bawah '{1}'", "unit '{0}' is already under '{1}'"),
    EditCycle => ("'{1}' berada di dalam '{0}'; unit tidak bisa dipindah ke bawah dirinya sendiri", "'{1}' lies inside '{0}'; a unit cannot move under itself"),
    EditUnderItself => ("'{0}' tidak bisa dipindah ke bawah dirinya sendiri", "'{0}' cannot move under itself"),
    EditTooDeep => ("struktur unit paling banyak {0} tingkat", "a unit tree has at most {0} levels"),
    EditCycleAbove => ("unit di atas tujuan membentuk siklus", "the units above the target form a cycle"),
    EditPositionCodeUsed => ("kode jabatan '{0}' sudah dipakai", "position code '{0}' is already in use"),
    EditUnitHasHead => ("unit '{0}' sudah memiliki jabatan kepala, '{1}'", "unit '{0}' already has a head position, '{1}'"),
    EditPositionSameName => ("jabatan '{0}' sudah bernama '{1}'", "position '{0}' is already named '{1}'"),
    EditClassRange => ("kelas jabatan 1–17", "a kelas jabatan is 1–17"),
    EditSameValues => ("jabatan '{0}' sudah berisi nilai itu", "position '{0}' already has these values"),
    EditItsUnitHasHead => ("unitnya sudah memiliki jabatan kepala, '{0}'", "its unit already has a head position, '{0}'"),
    EditPositionHeld => ("jabatan '{0}' diisi {1} orang; tempatkan mereka di tempat lain atau ke daftar belum ditempatkan dulu", "position '{0}' has {1|holder|holders}; place them elsewhere or on the holding list first"),
    EditAlreadyIn => ("jabatan '{0}' sudah berada di '{1}'", "position '{0}' is already in '{1}'"),
    EditTwoHeads => ("'{0}' adalah kepala unitnya dan '{1}' sudah memiliki jabatan kepala, '{2}'; lepaskan salah satu dulu", "'{0}' heads its unit and '{1}' already has a head position, '{2}'; clear one head first"),
    EditNoEmployee => ("tidak ada pegawai {0}", "there is no employee {0}"),
    EditAlreadyHolds => ("{0} sudah menduduki '{1}'", "{0} already holds '{1}'"),
    EditAlreadyUnplaced => ("{0} sudah ada di daftar belum ditempatkan", "{0} is already on the holding list"),
    EditMergeSelf => ("unit tidak bisa digabung ke dirinya sendiri", "a unit cannot merge into itself"),
    Role => ("Peran", "Role"),
    Messages => ("Pesan", "Messages"),
    StoreLocked => ("basis data {0} sedang dipakai proses {1} milik {2} sejak {3}; tutup jabat itu dulu (satu proses per basis data)", "database {0} is in use by process {1} of user {2} since {3}; close that jabat first (one process at a time per database)"),
    StoreLockedUnknown => ("basis data {0} sedang dipakai proses lain (tanpa catatan siapa)", "database {0} is in use by another process (no holder recorded)"),
    StoreNewerSchema => ("basis data {0} berskema versi {1}, lebih baru dari yang dipahami jabat ini ({2}); perbarui jabat", "database {0} has schema version {1}, newer than this jabat understands ({2}); upgrade jabat"),
    StoreMissing => ("tidak ada basis data di {0}; buat dengan `jabat init`, `jabat import DIR` atau `jabat generate` (atau periksa --db / JABAT_DB)", "no database at {0}; create one with `jabat init`, `jabat import DIR` or `jabat generate` (or check --db / JABAT_DB)"),
    StoreReadOnly => ("hanya-baca: tidak ada yang ditulis (dibuka dengan --read-only)", "read-only: nothing is written (opened with --read-only)"),
    StoreNeedsWrite => ("basis data {0} {1}; buka sekali tanpa --read-only", "database {0} {1}; open it once without --read-only"),
    StoreDiskFull => ("ruang disk {0} tidak cukup: perlu sekitar {1} MB dan tersedia {2} MB; tidak ada yang diubah (kosongkan ruang lalu coba lagi)", "not enough room on the disk of {0}: about {1} MB are needed and {2} MB are free; nothing was changed (free some space and try again)"),
    StoreResentWhole => ("sambungan ke server putus saat isi basis data dikirim, dan pengiriman ulangnya gagal ({0}); kiriman pertama mungkin sudah dijalankan: lihat `jabat stats` untuk isi yang kini ada", "the connection to the server broke while the content was being sent, and sending it again failed ({0}); the first may have been made: `jabat stats` says what the database holds now"),
    StoreConflict => ("struktur berubah saat perubahan ini disiapkan (disiapkan terhadap entri riwayat #{0}, riwayat kini di #{1}); tidak ada yang diubah, coba lagi", "the structure changed while this edit was prepared (it was made against journal entry #{0}, the journal is at #{1}); nothing was changed, try again"),
    StoreOverlap => ("{0} mengubah {1} pada {2} (entri riwayat #{3}) setelah perubahan ini disiapkan; tidak ada yang diubah: lihat keadaan barunya dan ulangi bila masih perlu", "{0} changed {1} at {2} (journal entry #{3}) after this edit was prepared; nothing was changed: look at the new state and make the edit again if it still applies"),
    StoreReviewOverlap => ("{0} mengubah tinjauan {1} pada {2} setelah keputusan ini disiapkan; tidak ada yang diubah: daftar kini menunjukkan keputusannya, putuskan lagi bila masih perlu", "{0} changed the review of {1} at {2} after this decision was prepared; nothing was changed: the list shows theirs now, decide again if it still applies"),
    StoreNotYours => ("draf {0} milik {1}: hanya dia (atau administrator) yang boleh mengubah, menerapkan atau membuangnya", "draft {0} is {1}'s: only they (or an administrator) may change, apply or drop it"),
    StoreDenied => ("pengguna {0} berperan {1} pada basis data ini, dan ini perlu {2}; pemiliknya bisa mengubahnya di {3}", "user {0} is a {1} on this database, and this needs {2}; its owner can change that in {3}"),
    StoreInUse => ("seluruh basis data tidak bisa diganti saat orang lain bekerja di dalamnya ({0}); minta mereka menutup jabat, atau hentikan server (`jabat server stop`) lalu impor lagi", "the whole database cannot be replaced while others work on it ({0}); ask them to close jabat, or stop the server (`jabat server stop`) and import again"),
    StoreMergeRemoves => ("impor gabungan hanya menambah dan memperbarui, tetapi {0} akan hilang; tidak ada yang diubah (impor yang mengganti isi adalah `import --replace`, hak administrator)", "a merging import adds and updates, yet {0} would be gone; nothing was changed (an import that replaces the content is `import --replace`, an administrator's)"),
    StoreNothingReplaced => ("tidak ada isi yang diganti yang tersimpan untuk dikembalikan", "no replaced content is kept to bring back"),
    StoreReplacedSince => ("isi yang diganti tidak dapat dikembalikan: {0} perubahan sudah disimpan di atas isi penggantinya (jabat history)", "the replaced content cannot be brought back: {0} changes were committed on what replaced it (jabat history)"),
    StoreMergeRaced => ("basis data berubah saat impor digabungkan (entri riwayat {0}, digabung terhadap {1}); tidak ada yang diubah: jalankan impor lagi", "the database changed while the import was being merged (journal entry {0}, merged against {1}); nothing was changed: run the import again"),
    StoreImpostor => ("{0} ditolak: yang mendengarkan di sana adalah proses {1} ({2}) milik pengguna {3}, padahal hanya pemilik basis data ({4}) yang boleh melayaninya; tidak ada yang dikirim kepadanya", "refused {0}: what listens there is process {1} ({2}) of user {3}, and only the database's owner ({4}) may serve it; nothing was sent to it"),
    StoreNoAccess => ("pengguna {1} tidak bisa menjangkau server basis data {0}: pemiliknya ({2}) memberi peran di {0}/access.toml", "user {1} cannot reach the server of the database {0}: its owner ({2}) gives roles in {0}/access.toml"),
    StoreNoServer => ("tidak ada server untuk basis data {0}, dan hanya pemiliknya ({1}) yang bisa menjalankannya: minta ia menjalankan `jabat --db {0} serve` (atau layanan di docs/jabat.service)", "no server runs for the database {0}, and only its owner ({1}) can start one: ask them to run `jabat --db {0} serve` (or the service in docs/jabat.service)"),
    StoreRefused => ("server jabat menolak: {0}", "the jabat server refused: {0}"),
    StoreTooLarge => ("permintaan sebesar {0} MB melebihi yang diterima server dari peran Anda ({1} MB); tidak ada yang dikirim", "a request of {0} MB is more than the server takes from your role ({1} MB); nothing was sent"),
    StoreServerGone => ("server {0} hilang ({1}); tidak ada lagi yang dikerjakan; jalankan perintahnya lagi (ia menjalankan server baru)", "the server of {0} went away ({1}); nothing more was done; run the command again (it starts a new server)"),
    StoreCorrupt => ("nilai basis data rusak: {0}", "corrupt database value: {0}"),
    StoreBackend => ("galat penyimpanan: {0}", "storage error: {0}"),
    NotOneOf => ("'{0}' bukan {1} (pilihannya: {2})", "'{0}' is not {1} (expected one of: {2})"),
    NotACalendarDay => ("'{0}' bukan tanggal yang ada di kalender", "'{0}' is not a calendar day"),
    NotADate => ("'{0}' bukan tanggal (tulis YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY)", "'{0}' is not a date (use YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)"),
    YearOutOfRange => ("'{0}': tahun {1} di luar rentang", "'{0}': year {1} is out of range"),
    NotANip => ("'{0}' bukan NIP (18 digit)", "'{0}' is not a NIP (18 digits)"),
    NotAPnsGrade => ("'{0}' bukan golongan PNS (I/a … IV/e)", "'{0}' is not a PNS grade (I/a … IV/e)"),
    WhatDecision => ("keputusan", "a decision"),
    WhatSeverity => ("tingkat hukuman disiplin", "a penalty severity"),
    WhatRating => ("predikat kinerja", "a rating"),
    WhatEducation => ("tingkat pendidikan", "an education level"),
    WhatSex => ("jenis kelamin", "a sex"),
    WhatStatus => ("status kepegawaian", "a status"),
    WhatEselon => ("eselon", "an eselon"),
    WhatLevel => ("jenjang", "a level"),
    WhatPositionKind => ("jenis jabatan", "a position kind"),
    ImpRequiredEmpty => ("nilai wajib kosong", "required value is empty"),
    ImpNotInRange => ("'{0}' bukan {1} ({2}–{3})", "'{0}' is not {1} ({2}–{3})"),
    ImpNotBoolean => ("'{0}' bukan true atau false (juga ya/tidak, 1/0)", "'{0}' is not true or false (also ya/tidak, 1/0)"),
    ImpNotPositive => ("'{0}' bukan {1} (bilangan di atas 0)", "'{0}' is not {1} (a number above 0)"),
    EditWorkloadTooBig => ("tugas-tugas {0} membutuhkan lebih dari {1} orang", "the tasks of {0} would need more than {1} people"),
    ImportHeld => ("{0} orang ke daftar tunggu (belum ditempatkan), karena jabatannya tidak ditemukan:", "{0|person|people} put on the holding list (not placed), their post not found:"),
    ImpUnitsNamed => ("{0} unit bernama '{1}' ({2} …): unitnya tidak dapat dipastikan; beri kode unitnya", "{0} units are named '{1}' ({2} …): which one is meant cannot be told; give the unit's code"),
    ImportReconcileOnly => ("--format dan --complete berlaku untuk rekonsiliasi: import --merge --dry-run", "--format and --complete are the reconciliation's: import --merge --dry-run"),
    ReconNew => ("baru", "new"),
    ReconGone => ("tidak ada lagi", "gone"),
    ReconMoved => ("pindah unit", "moved"),
    ReconPost => ("ganti jabatan", "new post"),
    ReconGrade => ("golongan", "grade"),
    ReconGradeSince => ("TMT golongan", "TMT golongan"),
    ReconPositionSince => ("TMT jabatan", "TMT jabatan"),
    ReconStatus => ("status", "status"),
    ReconEducation => ("pendidikan", "education"),
    ReconName => ("nama", "name"),
    ReconChange => ("Perubahan", "Change"),
    ReconBefore => ("Sebelum", "Before"),
    ReconAfter => ("Sesudah", "After"),
    ReconNothing => ("penggabungan ini tidak mengubah data pegawai", "this merge changes nothing about the people"),
    ReconWroteNothing => ("(uji coba: tidak ada yang ditulis; jalankan tanpa --dry-run untuk menggabungkan)", "(a dry run: nothing was written; run without --dry-run to merge)"),
    ImpWhichTable => ("tabel apa berkas ini tidak terbaca dari nama maupun kepalanya: beri nama seperti employees.csv", "neither its name nor its header says which table this file is: name it as employees.csv is named"),
    ImpOneFileFirst => ("satu berkas tabel {0} dapat digabung (--merge) ke basis data yang sudah berisi; impor pertama membawa direktori atau buku kerja dengan unit", "one file of the table {0} can be merged (--merge) into a database that has content; a first import brings a directory or workbook with the units"),
    ImpNotWorkbook => ("bukan buku kerja yang terbaca: {0}", "not a workbook that can be read: {0}"),
    ImpCellError => ("sel berisi galat {0}", "the cell holds the error {0}"),
    ImpNipAsNumber => ("NIP tersimpan sebagai angka dan digit terakhirnya hilang ({0}); simpan kolom NIP sebagai teks", "the NIP is stored as a number and its last digits are lost ({0}); store the NIP column as text"),
    ImpTwoFiles => ("{0} juga ada: simpan salah satunya saja", "{0} is there too: keep one of them"),
    ImpSheetMissing => ("lembar wajib tidak ada", "required sheet is missing"),
    ImpOtherSheets => ("lembar yang tidak dipakai jabat, diabaikan: {0}", "sheets jabat has no use for, ignored: {0}"),
    ImpAboveBound => ("'{0}' terlalu besar untuk {1}: paling banyak {2}", "'{0}' is too large for {1}: at most {2}"),
    WhatCompetencyLevel => ("tingkat kompetensi", "a competency level"),
    WhatKelas => ("kelas jabatan", "a kelas jabatan"),
    WhatHeadcount => ("jumlah pegawai", "a headcount"),
    WhatPotential => ("skor potensi", "a potential score"),
    WhatYear => ("tahun", "a year"),
    WhatYearlyVolume => ("volume tahunan", "a yearly volume"),
    WhatMinutes => ("waktu dalam menit", "a time in minutes"),
    ImpDuplicateUnit => ("kode unit '{0}' ganda (pertama di baris {1})", "duplicate unit code '{0}' (first on line {1})"),
    ImpOwnParent => ("unit '{0}' menjadi induk dirinya sendiri (siklus)", "unit '{0}' is its own parent (a cycle)"),
    ImpUnknownUnit => ("unit '{0}' tidak dikenal", "unknown unit '{0}'"),
    ImpCycle => ("unit membentuk siklus: {0}", "units form a cycle: {0}"),
    ImpLevelNeeded => ("jabatan {0} perlu jenjang", "a {0} position needs a level"),
    ImpDuplicatePosition => ("kode jabatan '{0}' ganda (pertama di baris {1})", "duplicate position code '{0}' (first on line {1})"),
    ImpPnsPppkNip => ("PNS tidak bisa ber-NIP bentuk PPPK (21 pada digit 13–14)", "a PNS cannot have a PPPK-form NIP (21 in digits 13–14)"),
    ImpConflictsNip => ("{0} bertentangan dengan NIP {1}, yang menyatakan {2}", "{0} conflicts with NIP {1}, which says {2}"),
    ImpConflictsTmt => ("{0} bertentangan dengan NIP {1}, yang TMT-nya {2}", "{0} conflicts with NIP {1}, whose TMT is {2}"),
    ImpDuplicateNip => ("NIP {0} ganda (pertama di baris {1})", "duplicate NIP {0} (first on line {1})"),
    ImpNoUnitNamed => ("tidak ada unit bernama '{0}'", "no unit is named '{0}'"),
    ImpTasksNeedTooBig => ("tasks: jabatan {0}: tugasnya memberi kebutuhan {1} orang, lebih dari {2} yang diizinkan", "tasks: position {0}: its tasks give a kebutuhan of {1} people, more than the {2} allowed"),
    ImpNoUnorId => ("tidak ada unit dengan UNOR ID '{0}'", "no unit has the UNOR ID '{0}'"),
    ImpUnorIdTaken => ("UNOR ID '{0}' sudah milik unit {1}", "the UNOR ID '{0}' is already unit {1}'s"),
    ImpUnorIdInvalid => ("UNOR ID '{0}' tidak sah: paling banyak 64 huruf, angka, '-', '_' atau '.'", "'{0}' is no UNOR ID: at most 64 letters, digits, '-', '_' or '.'"),
    ImpNoPositionNamed => ("tidak ada jabatan bernama '{0}'", "no position is named '{0}'"),
    ImpNoPositionNamedIn => ("tidak ada jabatan bernama '{0}' di '{1}'", "no position named '{0}' in '{1}'"),
    ImpUnknownPosition => ("jabatan '{0}' tidak dikenal", "unknown position '{0}'"),
    ImpUnknownEmployee => ("pegawai {0} tidak dikenal", "unknown employee {0}"),
    ImpSecondGrade => ("golongan kedua {0} sejak {1} dalam masukan ini", "a second grade of {0} from {1} in this input"),
    ImpBeforeStart => ("{0} sebelum awal {1}", "{0} is before the start {1}"),
    ImpSecondPost => ("jabatan kedua {0} sejak {1} dalam masukan ini", "a second post of {0} from {1} in this input"),
    CreditPointsTitle => ("Angka kredit", "Credit points"),
    CreditPointsWord => ("Angka kredit", "Points"),
    ImpNotPoints => ("{0} bukan angka kredit (angka, paling banyak tiga desimal)", "{0} is not a number of credit points (a number with up to three decimals)"),
    ImpSecondCreditPoints => ("angka kredit kedua {0} untuk {1} dalam masukan ini", "second credit points of {0} for {1} in this input"),
    ImpSecondRating => ("predikat kedua {0} untuk {1} dalam masukan ini", "a second rating of {0} for {1} in this input"),
    ImpSecondAssessment => ("asesmen kedua {0} untuk {1} pada tanggal yang sama dalam masukan ini", "a second assessment of {0} in {1} on the same date in this input"),
    ImpStandardTwice => ("{0} sudah ada dalam standar jabatan ini dalam masukan ini", "{0} is already in the standard of this position in this input"),
    ImpTaskTwice => ("tugas '{0}' sudah tercantum untuk jabatan ini dalam masukan ini", "the task '{0}' is already listed for this position in this input"),
    ImpTooDeep => ("unit '{0}' akan berada di tingkat {1}; struktur unit paling banyak {2} tingkat", "unit '{0}' would be level {1}; a unit tree has at most {2}"),
    ImpNotDir => ("bukan folder berkas CSV", "not a directory of CSV files"),
    ImpFileMissing => ("berkas wajib tidak ada", "required file is missing"),
    ImpNotJabatTables => ("{0} berkas bukan tabel jabat, diabaikan: {1}", "{0|file is|files are} no jabat table, ignored: {1}"),
    ImpNotUtf8 => ("bukan teks UTF-8", "not valid UTF-8 text"),
    ImpJsonShape => ("dokumen JSON harus berupa objek dengan satu larik per tabel", "the JSON document must be an object with one array per table"),
    ImpNotJson => ("bukan JSON yang sah: {0}", "not valid JSON: {0}"),
    ImpUnknownTable => ("tabel tidak dikenal; diabaikan", "unknown table; ignored"),
    ImpTableMissing => ("tabel wajib tidak ada", "required table is missing"),
    ImpVersionNewer => ("versi {0} lebih baru dari yang dibaca jabat ini (1); perbarui jabat", "version {0} is newer than this jabat reads (1); upgrade jabat"),
    ImpNotVersion => ("{0} bukan versi (1)", "{0} is not a version (1)"),
    ImpIsDir => ("sebuah folder, bukan berkas", "is a directory, not a file"),
    ImpNotRegular => ("bukan berkas biasa (FIFO, soket atau perangkat); jabat hanya membaca berkas", "not a regular file (a FIFO, socket or device); jabat reads only files"),
    ImpLinkOutside => ("tautan simbolik yang keluar dari direktori impor; tidak dibaca", "a symbolic link leading out of the import directory; not read"),
    ImpBadLink => ("tautan simbolik yang tidak menuju ke mana pun atau berputar ({0})", "a symbolic link that leads nowhere or in a loop ({0})"),
    ImpCannotRead => ("tidak bisa dibaca: {0}", "cannot read: {0}"),
    ImpEmptyFile => ("berkas kosong; perlu setidaknya satu baris judul", "the file is empty; it needs at least a header line"),
    ImpCannotReadHeader => ("baris judul tidak bisa dibaca: {0}", "cannot read the header: {0}"),
    ImpColumnTwice => ("kolom muncul dua kali", "column appears twice"),
    ImportNoUnits => ("{0} tidak membawa unit: impor yang mengisi basis data membawa paling sedikit satu unit; tidak ada yang diubah", "{0} brings no units: an import that fills the database brings at least one; nothing was changed"),
    ImportReplaceMost => ("Mengganti {0} dengan {1} menghapus sebagian besar basis data.", "Replacing {0} with {1} removes most of the database."),
    ImportReplaceDeclined => ("tidak diganti; tidak ada yang diubah", "not replaced; nothing was changed"),
    ImportReplaceNeedsYes => ("Tidak ada yang diubah: tanpa terminal untuk bertanya, jalankan lagi dengan --yes bila memang itu maksudnya.", "Nothing was changed: with no terminal to ask on, run again with --yes if that is meant."),
    ImpDidYouMean => ("kolom tidak dikenal, diabaikan; maksudnya {0}?", "unknown column, ignored; did you mean {0}?"),
    ImpColumnMissing => ("kolom wajib tidak ada", "required column is missing"),
    ImpColumnMissingMeant => ("kolom wajib tidak ada; apakah kolom '{0}' maksudnya?", "required column is missing; is the column '{0}' meant for it?"),
    ImpUnknownColumns => ("{0} kolom tidak dipakai jabat, diabaikan: {1}", "{0|column|columns} jabat has no use for, ignored: {1}"),
    ImpAndMore => ("dan {0} lagi", "and {0} more"),
    ImpUnclosedQuote => ("nilai berkutip yang dibuka di baris ini tidak ditutup sampai akhir berkas", "a quoted value opened on this line is not closed before the end of the file"),
    ImpMalformed => ("CSV rusak: {0}", "malformed CSV: {0}"),
    ImpMustArray => ("harus berupa larik objek", "must be an array of objects"),
    ImpMustObject => ("harus berupa objek", "must be an object"),
    ImpOpenQuote => ("nilai berkutip yang dibuka di baris ini melewati {0} akhir baris: apakah kutip penutupnya hilang?", "a quoted value opened on this line runs over {0|line end|line ends}: is its closing quote missing?"),
    ImpNotUtf8Save => ("bukan teks UTF-8; simpan berkas sebagai UTF-8 (CSV UTF-8 di spreadsheet)", "not valid UTF-8 text; save the file as UTF-8 (CSV UTF-8 in a spreadsheet)"),
    ImpNotJabatFormat => ("{0} bukan \"jabat\"", "{0} is not \"jabat\""),
    ImpPositionsNamed => ("{0} jabatan bernama '{1}' ({2}); isi position_code, atau unitnya (unit_name)", "{0} positions are named '{1}' ({2}); give position_code, or the unit (unit_name)"),
    ProgressGenerating => ("membuat contoh data…", "generating the sample…"),
    ProgressWriting => ("menulis basis data…", "writing the database…"),
    ProgressReading => ("membaca basis data…", "reading the database…"),
    ProgressExporting => ("menulis berkas…", "writing the files…"),
    ProgressValidating => ("membaca dan memeriksa berkas…", "reading and checking the files…"),
    ProgressAnalysing => ("menghitung…", "working it out…"),
    NoCompletion => ("tidak ada yang diawali '{0}'", "nothing begins with '{0}'"),
    HelpCommands => ("Perintah (ketik : dulu)", "Commands (type : first)"),
    CmdGoto => (":goto KODE|NIP", ":goto CODE|NIP"),
    CmdGotoWhat => ("buka unit, jabatan atau pegawai", "go to a unit, position or employee"),
    CmdFind => (":find TEKS", ":find TEXT"),
    CmdFindWhat => ("cari dan buka hasil pertama; n/N hasil berikut/sebelumnya", "search and go to the first result; n/N the next/previous"),
    CmdExport => (":export BERKAS", ":export PATH"),
    CmdExportWhat => ("ekspor semuanya (folder CSV, atau .json)", "export everything (a CSV folder, or .json)"),
    CmdPeta => (":peta BERKAS", ":peta FILE"),
    CmdPetaWhat => ("peta jabatan unit terpilih (seperti rancangan yang terbuka): .pdf, .svg, .xlsx, .csv, .json", "the selected unit's peta jabatan (as the open draft leaves it): .pdf, .svg, .xlsx, .csv, .json"),
    CmdLang => (":lang id|en", ":lang id|en"),
    CmdLangWhat => ("bahasa antarmuka", "the interface's language"),
    CmdDraft => (":draft NAMA", ":draft NAME"),
    CmdDraftWhat => ("buka draf, atau buat baru; perubahan masuk ke draf", "open a draft, or start one; edits go into it"),
    CmdDraftLeave => (":draft", ":draft"),
    CmdDraftLeaveWhat => ("tinggalkan draf (tetap tersimpan)", "leave the draft (it stays saved)"),
    CmdDiff => (":diff", ":diff"),
    CmdDiffWhat => ("perbedaan draf dengan struktur", "the draft's differences from the structure"),
    CmdApply => (":apply", ":apply"),
    CmdApplyWhat => ("terapkan draf ke struktur", "apply the draft to the structure"),
    CmdDiscard => (":discard", ":discard"),
    CmdDiscardWhat => ("buang draf", "drop the draft"),
    CmdReason => (":reason TEKS", ":reason TEXT"),
    CmdReasonWhat => ("alasan untuk perubahan berikutnya (dicatat di riwayat)", "the reason for the edits that follow (kept in the history)"),
    CmdMessages => (":messages", ":messages"),
    CmdMessagesWhat => ("pesan sesi ini, dengan waktunya", "this session's messages, with their time"),
    CmdQuit => (":q", ":q"),
    CmdQuitWhat => ("keluar", "quit"),
    Yes => ("ya", "yes"),
    NoChangesYet => ("(belum ada perubahan)", "(no changes yet)"),
    NobodyBelowStandard => ("(tidak ada yang di bawah standar)", "(nobody is below standard)"),
    NoShortages => ("(tidak ada jabatan yang kurang)", "(no position is short)"),
    NoPositions => ("(tidak ada jabatan)", "(no positions)"),
    NoCandidatesShown => ("(tidak ada kandidat dengan saringan ini; f mengganti saringan)", "(no candidate with this filter; f changes it)"),
    NobodyToFollowUp => ("(tidak ada yang perlu ditindaklanjuti)", "(nobody needs a follow-up)"),
    NoJumpBack => ("tidak ada lompatan sebelumnya", "no earlier jump to go back to"),
    NoJumpForward => ("tidak ada lompatan berikutnya", "no later jump to go forward to"),
    SearchAll => ("semua", "all"),
    SearchMore => ("… lebih banyak dari yang tampil; perjelas pencarian", "… more than shown; narrow the search"),
    SearchKindsHint => ("Tab: jenis", "Tab: kind"),
    HoldingList => ("daftar belum ditempatkan", "the holding list"),
    PeopleShort => ("org", "ppl"),
    HoldingListCount => ("{0} pegawai tanpa jabatan", "{0|employee|employees} without a position"),
    HoldingListHint => (
        "l membuka daftarnya; pada seseorang, x lalu p pada sebuah jabatan menempatkannya",
        "l opens the list; on a person, x then p on a position places them"
    ),
    HoldingListTitle => ("Belum ditempatkan", "Holding list (not placed)"),
    NobodyHolds => ("(belum ada pemangku)", "(nobody holds it)"),
    BoxShort => ("Kotak", "Box"),
    MonthsLeft => ("{0} bulan lagi", "{0|month|months}"),
    SeverityRingan => ("ringan", "light"),
    SeveritySedang => ("sedang", "moderate"),
    SeverityBerat => ("berat", "severe"),
    No => ("tidak", "no"),
    GravityError => ("galat", "error"),
    GravityWarning => ("peringatan", "warning"),
    GravityInfo => ("info", "info"),
    RuleLevel => ("jenjang", "level"),
    RuleField => ("bidang", "field"),
    RuleTraining => ("pelatihan", "training"),
    RuleHolder => ("pemangku", "holder"),
    RuleStatus => ("status", "status"),
    RuleEducation => ("pendidikan", "education"),
    RuleGrade => ("golongan", "grade"),
    RuleExperience => ("pengalaman", "experience"),
    RuleRating => ("predikat kinerja", "rating"),
    RulePenalty => ("hukuman disiplin", "penalty"),
    RuleAge => ("usia", "age"),
    RuleRetirement => ("pensiun", "retirement"),
    RuleCompetency => ("kompetensi", "competency"),
    CompetencyIntegritas => ("Integritas", "Integrity"),
    CompetencyKerjasama => ("Kerja sama", "Teamwork"),
    CompetencyKomunikasi => ("Komunikasi", "Communication"),
    CompetencyOrientasiHasil => ("Orientasi pada hasil", "Results orientation"),
    CompetencyPelayananPublik => ("Pelayanan publik", "Public service"),
    CompetencyPengembanganDiri => ("Pengembangan diri dan orang lain", "Developing self and others"),
    CompetencyMengelolaPerubahan => ("Mengelola perubahan", "Managing change"),
    CompetencyPengambilanKeputusan => ("Pengambilan keputusan", "Decision making"),
    CompetencyPerekatBangsa => ("Perekat bangsa", "National unity"),
    OpAddUnit => ("tambah unit {0} “{1}” di bawah {2}", "add unit {0} “{1}” under {2}"),
    OpAddInstansi => ("tambah instansi {0} “{1}”", "add instansi {0} “{1}”"),
    OpRenameUnit => ("ganti nama unit {0} menjadi “{1}”", "rename unit {0} to “{1}”"),
    OpRemoveUnit => ("hapus unit {0}", "remove unit {0}"),
    OpMoveUnit => ("pindahkan unit {0} ke bawah {1}", "move unit {0} under {1}"),
    OpAddPosition => ("tambah jabatan {0} “{1}” di {2}", "add position {0} “{1}” in {2}"),
    OpRenamePosition => ("ganti nama jabatan {0} menjadi “{1}”", "rename position {0} to “{1}”"),
    OpEditPosition => ("ubah jabatan {0}: {1}", "edit position {0}: {1}"),
    OpRemovePosition => ("hapus jabatan {0}", "remove position {0}"),
    ImpAnjabSection => ("'{0}' bukan bagian anjab (salah satu dari: {1})", "'{0}' is not a section of an anjab (one of: {1})"),
    ImpAnjabNeedsItem => ("bagian ini menyebut butirnya: nama tugas, atau kunci syarat", "this section names its item: the task's name, or the requirement's key"),
    ImpAnjabNoItem => ("bagian {0} tidak punya butir", "section {0} has no item"),
    ImpAnjabRequirement => ("'{0}' bukan syarat jabatan (salah satu dari: {1})", "'{0}' is not a requirement (one of: {1})"),
    ImpAnjabFactor => ("'{0}' bukan faktor evaluasi jabatan (salah satu dari: {1})", "'{0}' is not a factor of the job evaluation (one of: {1})"),
    ImpAnjabLevel => ("tingkat faktor adalah bilangan bulat mulai 1, bukan '{0}'", "a factor's level is a whole number from 1, not '{0}'"),
    ImpAnjabFactorTwice => ("faktor {0} sudah diberi tingkat", "factor {0} already has its level"),
    AnjabTitle => ("Analisis Jabatan", "Job description (anjab)"),
    AnjabNone => ("jabatan ini belum punya anjab", "this position has no anjab yet"),
    AnjabSummary => ("Ikhtisar Jabatan", "Job summary"),
    AnjabTasks => ("Uraian Tugas", "Duties"),
    AnjabMaterials => ("Bahan Kerja", "Materials"),
    AnjabTools => ("Perangkat Kerja", "Tools"),
    AnjabResponsibilities => ("Tanggung Jawab", "Responsibilities"),
    AnjabAuthorities => ("Wewenang", "Authority"),
    AnjabCorrelations => ("Korelasi Jabatan", "Working relations"),
    AnjabConditions => ("Kondisi Lingkungan Kerja", "Working conditions"),
    AnjabHazards => ("Risiko Bahaya", "Hazards"),
    AnjabRequirements => ("Syarat Jabatan", "Requirements"),
    AnjabExpected => ("Prestasi Kerja yang Diharapkan", "Expected performance"),
    AnjabClass => ("Kelas Jabatan", "Class (kelas jabatan)"),
    AnjabSteps => ("Tahapan", "Steps"),
    AnjabResult => ("Hasil kerja", "Result"),
    AnjabDutyLine => ("{0}: {1}; {2} per tahun × {3} menit", "{0}: {1}; {2} a year × {3} minutes"),
    AnjabVolume => ("Jumlah hasil per tahun", "Results a year"),
    AnjabMinutes => ("Waktu (menit)", "Minutes each"),
    ReqPangkat => ("Pangkat/golongan ruang", "Rank and grade"),
    ReqPendidikan => ("Pendidikan", "Education"),
    ReqKursus => ("Kursus/diklat", "Courses and training"),
    ReqPengalaman => ("Pengalaman kerja", "Experience"),
    ReqPengetahuan => ("Pengetahuan kerja", "Knowledge"),
    ReqKeterampilan => ("Keterampilan kerja", "Skills"),
    ReqBakat => ("Bakat kerja", "Aptitudes"),
    ReqTemperamen => ("Temperamen kerja", "Temperaments"),
    ReqMinat => ("Minat kerja", "Interests"),
    ReqUpaya => ("Upaya fisik", "Physical effort"),
    ReqKondisi => ("Kondisi fisik", "Physical condition"),
    ReqFungsi => ("Fungsi pekerjaan", "Work functions"),
    AnjabEvaluation => ("Evaluasi Jabatan", "Job evaluation (evaluasi jabatan)"),
    AnjabFactor => ("Faktor", "Factor"),
    AnjabLevel => ("Tingkat", "Level"),
    AnjabPoints => ("Nilai", "Points"),
    AnjabEvaluated => ("nilai jabatan {0} → kelas {1}", "{0} points → class {1}"),
    AnjabEvaluatedBelow => ("nilai jabatan {0}, di bawah kelas terendah", "{0} points, below the lowest class"),
    AnjabEvaluationMissing => ("faktor tanpa tingkat: {0}", "factors without a level: {0}"),
    AnjabLevelTooHigh => ("{0}: tingkat {1}, faktor ini punya {2} tingkat", "{0}: level {1}, the factor has {2} levels"),
    AnjabNotThisKind => ("{0}: faktor jabatan {1}", "{0}: a factor of {1} posts"),
    AnjabStructuralPosts => ("struktural", "structural"),
    AnjabFunctionalPosts => ("fungsional dan pelaksana", "functional and pelaksana"),
    FacRuangLingkupProgram => ("Ruang lingkup dan dampak program", "Scope and effect of the programme"),
    FacPengaturanOrganisasi => ("Pengaturan organisasi", "Organisational setting"),
    FacWewenangPenyeliaan => ("Wewenang penyeliaan dan manajerial", "Supervisory and managerial authority"),
    FacSifatHubungan => ("Sifat hubungan", "Nature of contacts"),
    FacTujuanHubungan => ("Tujuan hubungan", "Purpose of contacts"),
    FacKesulitanPengarahan => ("Kesulitan dalam pengarahan pekerjaan", "Difficulty of directing the work"),
    FacKondisiLain => ("Kondisi lain", "Other conditions"),
    FacPengetahuan => ("Pengetahuan yang dibutuhkan jabatan", "Knowledge the post requires"),
    FacPengawasanPenyelia => ("Pengawasan penyelia", "Supervisory controls"),
    FacPedoman => ("Pedoman", "Guidelines"),
    FacKompleksitas => ("Kompleksitas", "Complexity"),
    FacRuangLingkupDampak => ("Ruang lingkup dan dampak", "Scope and effect"),
    FacHubunganPersonal => ("Hubungan personal", "Personal contacts"),
    FacPersyaratanFisik => ("Persyaratan fisik", "Physical demands"),
    FacLingkunganPekerjaan => ("Lingkungan pekerjaan", "Work environment"),
    OpSetAnjab => ("tulis anjab jabatan {0}", "write the anjab of position {0}"),
    OpClearAnjab => ("hapus anjab jabatan {0}", "clear the anjab of position {0}"),
    EditPositionHasAnjab => ("jabatan '{0}' punya anjab; hapus dulu (set-anjab {0} anjab=-), atau hapus jabatannya lewat ops remove", "position '{0}' has an anjab; clear it first (set-anjab {0} anjab=-), or remove the position with ops remove"),
    EditAnjabSame => ("anjab jabatan '{0}' sudah begitu", "the anjab of position '{0}' is already so"),
    EditAnjabTooLong => ("anjab paling banyak {0} baris", "an anjab has at most {0} rows"),
    OpMovePosition => ("pindahkan jabatan {0} ke {1}", "move position {0} to {1}"),
    OpPlace => ("tempatkan {0} di {1}", "place {0} in {1}"),
    OpUnplace => ("pindahkan {0} ke daftar belum ditempatkan", "put {0} on the holding list"),
    TooSmall => ("terminal terlalu kecil (perlu {0}, ada {1})", "terminal too small (need {0}, have {1})"),
    NoMessages => ("belum ada pesan dalam sesi ini", "nothing has been said this session"),
    Message => ("Pesan", "Message"),
    OthersChanged => ("{0} mengubah: {1}", "{0} changed: {1}"),
    OthersChangedMore => ("{0} mengubah: {1} (dan {2} operasi lain)", "{0} changed: {1} (and {2|more operation|more operations})"),
    AlsoConnected => ("juga", "also"),
    DraftNotYours => ("draf {0} milik {1}: hanya bisa dilihat; buka draf sendiri dengan :draft NAMA", "draft {0} is {1}'s: it can only be looked at; open one of your own with :draft NAME"),
    DraftOf => ("milik {0}, hanya dilihat", "{0}'s, read-only"),
    Reconnected => ("tersambung lagi ke server {0}", "connected again to the server of {0}"),
    ProcessId => ("Proses", "Process"),
    ConnectedSince => ("Sejak", "Since"),
    Serving => ("melayani {0} di {1} (hentikan dengan Ctrl-C atau `jabat server stop`)", "serving {0} on {1} (stop with Ctrl-C or `jabat server stop`)"),
    ServedBy => ("{0} dilayani proses {1} milik {2} sejak {3}", "{0} is served by process {1} of {2} since {3}"),
    AlreadyServed => ("{0} sudah dilayani proses {1} milik {2}; `jabat server status` menunjukkan siapa yang terhubung", "{0} is already served by process {1} of {2}; `jabat server status` shows who is connected"),
    WaitingForHolder => ("menunggu: {0} sedang dibuka langsung oleh proses {1} milik {2}", "waiting: {0} is open directly by process {1} of {2}"),
    NoServer => ("tidak ada server yang memegang {0}", "no server holds {0}"),
    ServerStopping => ("server {0} dihentikan", "the server of {0} is stopping"),
    ServeNeedsDb => ("`serve` memerlukan basis data (--db), bukan demo", "`serve` needs a database (--db), not the demo"),
}

/// How the values of the domain read on screen, in this thread's language: never
/// their spelling in files (`ahli_madya`, `sangat_baik`, `orientasi_hasil`). Kinds and
/// levels of position are Indonesian terms of art in both languages (docs/glossary.md).
pub mod label {
    use super::{Msg, tr, trf};
    use crate::model::{Competency, Level, Op, PositionKind, RatingLevel};

    /// A kind of position: JPT, Administrator, Pengawas, Pelaksana, Fungsional.
    pub fn kind(kind: PositionKind) -> &'static str {
        match kind {
            PositionKind::Jpt => "JPT",
            PositionKind::Administrator => "Administrator",
            PositionKind::Pengawas => "Pengawas",
            PositionKind::Pelaksana => "Pelaksana",
            PositionKind::Fungsional => "Fungsional",
        }
    }

    /// A level (jenjang): Ahli Madya, Terampil …
    pub fn level(level: Level) -> &'static str {
        match level {
            Level::Utama => "Utama",
            Level::Madya => "Madya",
            Level::Pratama => "Pratama",
            Level::AhliUtama => "Ahli Utama",
            Level::AhliMadya => "Ahli Madya",
            Level::AhliMuda => "Ahli Muda",
            Level::AhliPertama => "Ahli Pertama",
            Level::Penyelia => "Penyelia",
            Level::Mahir => "Mahir",
            Level::Terampil => "Terampil",
            Level::Pemula => "Pemula",
        }
    }

    /// A candidate's standing, as a list says it.
    pub fn standing(standing: crate::rules::ranking::Standing) -> &'static str {
        use crate::rules::ranking::Standing;
        tr(match standing {
            Standing::Eligible => Msg::Eligible,
            Standing::NearMiss => Msg::StandingNearMiss,
            Standing::Ineligible => Msg::Ineligible,
            Standing::Rotation => Msg::StandingRotation,
        })
    }

    /// A requirement (syarat jabatan) of an anjab by its key, in the interface's language.
    pub fn requirement(key: &str) -> String {
        let msg = match key {
            "pangkat_golongan" => Msg::ReqPangkat,
            "pendidikan" => Msg::ReqPendidikan,
            "kursus_diklat" => Msg::ReqKursus,
            "pengalaman_kerja" => Msg::ReqPengalaman,
            "pengetahuan_kerja" => Msg::ReqPengetahuan,
            "keterampilan_kerja" => Msg::ReqKeterampilan,
            "bakat_kerja" => Msg::ReqBakat,
            "temperamen_kerja" => Msg::ReqTemperamen,
            "minat_kerja" => Msg::ReqMinat,
            "upaya_fisik" => Msg::ReqUpaya,
            "kondisi_fisik" => Msg::ReqKondisi,
            "fungsi_pekerjaan" => Msg::ReqFungsi,
            other => return other.to_string(),
        };
        tr(msg).to_string()
    }

    /// A factor of the job evaluation by its key (`pedoman`); a key of neither list as
    /// itself.
    pub fn factor(key: &str) -> String {
        let msg = match key {
            "ruang_lingkup_program" => Msg::FacRuangLingkupProgram,
            "pengaturan_organisasi" => Msg::FacPengaturanOrganisasi,
            "wewenang_penyeliaan" => Msg::FacWewenangPenyeliaan,
            "sifat_hubungan" => Msg::FacSifatHubungan,
            "tujuan_hubungan" => Msg::FacTujuanHubungan,
            "kesulitan_pengarahan" => Msg::FacKesulitanPengarahan,
            "kondisi_lain" => Msg::FacKondisiLain,
            "pengetahuan" => Msg::FacPengetahuan,
            "pengawasan_penyelia" => Msg::FacPengawasanPenyelia,
            "pedoman" => Msg::FacPedoman,
            "kompleksitas" => Msg::FacKompleksitas,
            "ruang_lingkup_dampak" => Msg::FacRuangLingkupDampak,
            "hubungan_personal" => Msg::FacHubunganPersonal,
            "persyaratan_fisik" => Msg::FacPersyaratanFisik,
            "lingkungan_pekerjaan" => Msg::FacLingkunganPekerjaan,
            other => return other.to_string(),
        };
        tr(msg).to_string()
    }

    /// A kind with its level when it has one: `Fungsional Ahli Madya`.
    pub fn kind_level(kind: PositionKind, level: Option<Level>) -> String {
        match level {
            Some(l) => format!("{} {}", self::kind(kind), self::level(l)),
            None => self::kind(kind).to_string(),
        }
    }

    /// A kind/level key of the rules (`fungsional/ahli_muda`) as a label; a key that does
    /// not parse as itself.
    pub fn kind_key(key: &str) -> String {
        let (k, l) = key.split_once('/').map_or((key, None), |(k, l)| (k, Some(l)));
        match (PositionKind::parse(k), l.map(Level::parse).transpose()) {
            (Ok(k), Ok(l)) => kind_level(k, l),
            _ => key.to_string(),
        }
    }

    /// A predikat: Sangat baik / Very good …
    pub fn rating(rating: RatingLevel) -> &'static str {
        tr(crate::rules::monitoring::rating_name(rating))
    }

    /// A competency: its name in this language; a technical one by the agency's id,
    /// its separators read as spaces.
    pub fn competency(c: &Competency) -> String {
        let msg = match c {
            Competency::Integritas => Msg::CompetencyIntegritas,
            Competency::Kerjasama => Msg::CompetencyKerjasama,
            Competency::Komunikasi => Msg::CompetencyKomunikasi,
            Competency::OrientasiHasil => Msg::CompetencyOrientasiHasil,
            Competency::PelayananPublik => Msg::CompetencyPelayananPublik,
            Competency::PengembanganDiri => Msg::CompetencyPengembanganDiri,
            Competency::MengelolaPerubahan => Msg::CompetencyMengelolaPerubahan,
            Competency::PengambilanKeputusan => Msg::CompetencyPengambilanKeputusan,
            Competency::PerekatBangsa => Msg::CompetencyPerekatBangsa,
            Competency::Teknis(id) => {
                let words = id.replace(['_', '-'], " ");
                let mut chars = words.chars();
                return chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default();
            }
        };
        tr(msg).to_string()
    }

    /// An appointment rule, by its stable id (`experience` …).
    pub fn rule(id: &str) -> &str {
        let msg = match id {
            "holder" => Msg::RuleHolder,
            "level" => Msg::RuleLevel,
            "field" => Msg::RuleField,
            "training" => Msg::RuleTraining,
            "credit_points" => Msg::RuleCreditPoints,
            "status" => Msg::RuleStatus,
            "education" => Msg::RuleEducation,
            "grade" => Msg::RuleGrade,
            "experience" => Msg::RuleExperience,
            "rating" => Msg::RuleRating,
            "penalty" => Msg::RulePenalty,
            "age" => Msg::RuleAge,
            "retirement" => Msg::RuleRetirement,
            "competency" => Msg::RuleCompetency,
            other => return other,
        };
        tr(msg)
    }

    /// How grave a finding is.
    pub fn gravity(g: crate::rules::checks::Gravity) -> &'static str {
        use crate::rules::checks::Gravity;
        tr(match g {
            Gravity::Error => Msg::GravityError,
            Gravity::Warning => Msg::GravityWarning,
            Gravity::Info => Msg::GravityInfo,
        })
    }

    /// A disciplinary penalty's severity.
    pub fn severity(s: crate::model::Severity) -> &'static str {
        use crate::model::Severity;
        tr(match s {
            Severity::Ringan => Msg::SeverityRingan,
            Severity::Sedang => Msg::SeveritySedang,
            Severity::Berat => Msg::SeverityBerat,
        })
    }

    /// Yes or no.
    pub fn yes_no(yes: bool) -> &'static str {
        tr(if yes { Msg::Yes } else { Msg::No })
    }

    /// A structural operation as a sentence (the history, a node's changes, a draft's
    /// differences, a refusal), not in the syntax of operation files.
    pub fn op(op: &Op) -> String {
        match op {
            Op::AddUnit { code, parent: Some(parent), name, .. } => trf(Msg::OpAddUnit, &[code, name, parent]),
            Op::AddUnit { code, parent: None, name, .. } => trf(Msg::OpAddInstansi, &[code, name]),
            Op::RenameUnit { code, name } => trf(Msg::OpRenameUnit, &[code, name]),
            Op::RemoveUnit { code } => trf(Msg::OpRemoveUnit, &[code]),
            Op::MoveUnit { code, parent } => trf(Msg::OpMoveUnit, &[code, parent]),
            Op::AddPosition { code, unit, name, .. } => trf(Msg::OpAddPosition, &[code, name, unit]),
            Op::RenamePosition { code, name } => trf(Msg::OpRenamePosition, &[code, name]),
            Op::EditPosition { code, edit } => trf(Msg::OpEditPosition, &[code, &edit_text(edit)]),
            Op::RemovePosition { code } => trf(Msg::OpRemovePosition, &[code]),
            Op::MovePosition { code, unit } => trf(Msg::OpMovePosition, &[code, unit]),
            Op::Place { nip, position: Some(p), .. } => trf(Msg::OpPlace, &[nip, p]),
            Op::Place { nip, position: None, .. } => trf(Msg::OpUnplace, &[nip]),
            Op::SetAnjab { code, anjab: Some(_) } => trf(Msg::OpSetAnjab, &[code]),
            Op::SetAnjab { code, anjab: None } => trf(Msg::OpClearAnjab, &[code]),
        }
    }

    /// What an edit of a position changes: `kind Fungsional, level Ahli Muda`.
    fn edit_text(edit: &crate::model::PositionEdit) -> String {
        fn or_none<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
            value.map_or_else(|| "–".to_string(), show)
        }
        let field = |msg: Msg, value: String| format!("{} {value}", tr(msg).to_lowercase());
        let mut parts = Vec::new();
        if let Some(k) = edit.kind {
            parts.push(field(Msg::Kind, kind(k).into()));
        }
        if let Some(l) = edit.level {
            parts.push(field(Msg::Level, or_none(l, |l| level(l).into())));
        }
        if let Some(e) = edit.eselon {
            parts.push(field(Msg::Eselon, or_none(e, |e| e.to_string())));
        }
        if let Some(c) = edit.class {
            parts.push(field(Msg::Class, or_none(c, |c| c.to_string())));
        }
        if let Some(n) = edit.needed {
            parts.push(field(Msg::Needed, or_none(n, |n| n.to_string())));
        }
        if let Some(h) = edit.head {
            parts.push(field(Msg::Head, yes_no(h).into()));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_takes_the_noun_that_agrees_with_it() {
        let text = "{0} merged ({1|operation|operations}, {2|person|people})";
        assert_eq!(fill(text, &[&"A", &1, &3]), "A merged (1 operation, 3 people)");
        assert_eq!(fill(text, &[&"B", &2, &1]), "B merged (2 operations, 1 person)");
    }

    #[test]
    fn every_entry_has_text_in_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::Id).is_empty() && !m.text(Lang::En).is_empty(), "{m:?}");
        }
    }
}
