//! The field (bidang, rumpun) of a post and of a person, domain.md §11, as data
//! (`fields.toml`, overridable in the rules file): a post is in a field by its name (a
//! functional family, a post named for its work), else by its unit and the units above
//! it, nearest first; a person by a degree of the field in their name (the gelar as
//! written) or by the post they hold. Some posts require their field (a kepala puskesmas
//! is a tenaga kesehatan, Permenkes 43/2019); elsewhere the field ranks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One field: the words that put a post in it, the degrees that put a person in it, and
/// the posts that require it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Its name as shown.
    pub label: String,
    /// Words of unit names that put a post under them in the field.
    #[serde(default)]
    pub units: Vec<String>,
    /// Words of post names (functional families, posts named for their work).
    #[serde(default)]
    pub posts: Vec<String>,
    /// Degrees, as a name writes them (`S.KM.`, `dr.`), that put a person in the field.
    #[serde(default)]
    pub degrees: Vec<String>,
    /// Posts (words of their names) whose regulation requires the field.
    #[serde(default)]
    pub required_for: Vec<String>,
    /// The least education that regulation asks of those posts (`S1`).
    #[serde(default)]
    pub required_education: Option<String>,
    /// That regulation.
    #[serde(default)]
    pub source: String,
}

/// The fields, by id.
pub type Fields = BTreeMap<String, Field>;

/// The fields jabat knows (`fields.toml`).
pub fn default_fields() -> Fields {
    toml::from_str(include_str!("fields.toml")).expect("fields.toml is jabat's own, and parses")
}

/// `text` as words to match: folded, letters and digits only, single spaces, with a
/// space at each end so that a word matches only as a whole.
fn words(text: &str) -> String {
    let folded = crate::model::text::fold(text);
    let joined: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!(" {} ", joined.join(" "))
}

/// The length of the longest of `keywords` found in `name` (already [`words`]).
fn longest_match(name: &str, keywords: &[String]) -> Option<usize> {
    keywords
        .iter()
        .map(|k| words(k))
        .filter(|k| !k.trim().is_empty() && name.contains(k.as_str()))
        .map(|k| k.len())
        .max()
}

/// Whether `name` holds any of `keywords` as whole words (folded).
pub fn names_any(name: &str, keywords: &[String]) -> bool {
    longest_match(&words(name), keywords).is_some()
}

/// The field of a post named `name` in units named `units`, nearest first: by its name,
/// else by the nearest unit whose name says one; the most specific words win.
pub fn field_of_post<'a>(fields: &'a Fields, name: &str, units: &[&str]) -> Option<&'a str> {
    let best = |text: &str, words_of: fn(&Field) -> &[String]| {
        let text = words(text);
        fields
            .iter()
            .filter_map(|(id, f)| longest_match(&text, words_of(f)).map(|len| (len, id.as_str())))
            .max_by_key(|(len, _)| *len)
            .map(|(_, id)| id)
    };
    best(name, |f| &f.posts).or_else(|| units.iter().find_map(|u| best(u, |f| &f.units)))
}

/// The degrees of field `id` a person named `name` holds (their gelar as written).
pub fn degrees_in<'a>(fields: &'a Fields, id: &str, name: &str) -> Vec<&'a str> {
    let Some(field) = fields.get(id) else { return Vec::new() };
    let titles: Vec<&str> = name.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()).collect();
    field.degrees.iter().filter(|d| titles.contains(&d.as_str())).map(String::as_str).collect()
}

/// The field a post named `name`, in field `id`, is required to be filled from, and the
/// regulation: `None` when its field only ranks.
pub fn required<'a>(fields: &'a Fields, id: Option<&str>, name: &str) -> Option<(&'a str, &'a Field)> {
    let (id, field) = fields.get_key_value(id?)?;
    longest_match(&words(name), &field.required_for).map(|_| (id.as_str(), field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case::a_guru_by_family("Guru Ahli Muda", &["SD Negeri 020032", "Satuan Pendidikan", "Dinas Pendidikan"], Some("pendidikan"))]
    #[case::a_nurse_in_a_school_is_health("Perawat Ahli Pertama", &["SD Negeri 020032"], Some("kesehatan"))]
    #[case::a_kepala_upt_puskesmas("Kepala UPT Puskesmas Jati Makmur", &["UPT Puskesmas Jati Makmur", "Dinas Kesehatan"], Some("kesehatan"))]
    #[case::a_seksi_of_a_dinas_by_the_dinas("Kepala Seksi Pelayanan", &["Seksi Pelayanan", "Bidang Pelayanan", "Dinas Kesehatan"], Some("kesehatan"))]
    #[case::the_nearest_unit_first("Pengadministrasi Perkantoran", &["UPT Puskesmas Tangsi", "Dinas Pendidikan"], Some("kesehatan"))]
    #[case::a_rsud("Kepala Bidang Pelayanan", &["Bidang Pelayanan", "RSUD dr. R.M. Djoelham"], Some("kesehatan"))]
    #[case::public_works("Penata Kelola Jalan dan Jembatan Ahli Muda", &["Bidang Bina Marga"], Some("pekerjaan_umum"))]
    #[case::no_field("Kepala Bagian Umum", &["Bagian Umum", "Sekretariat Daerah"], None)]
    fn a_posts_field_comes_from_its_name_then_its_units(
        #[case] name: &str,
        #[case] units: &[&str],
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(field_of_post(&default_fields(), name, units), expected);
    }

    #[test]
    fn a_person_is_in_a_field_by_a_degree_as_written() {
        let fields = default_fields();
        assert_eq!(degrees_in(&fields, "kesehatan", "Taufik Hasibuan, S.KM., M.Kes."), ["S.KM.", "M.Kes."]);
        assert_eq!(degrees_in(&fields, "kesehatan", "dr. Ratna"), ["dr."]);
        assert!(
            degrees_in(&fields, "kesehatan", "Dr. Zulkifli, S.E., M.Si.").is_empty(),
            "a doctorate is no physician"
        );
        assert_eq!(degrees_in(&fields, "pendidikan", "Ratna Amri, S.Pd."), ["S.Pd."]);
        assert!(degrees_in(&fields, "nowhere", "Ratna Amri, S.Pd.").is_empty());
    }

    #[test]
    fn a_kepala_puskesmas_requires_the_health_field_and_others_do_not() {
        let fields = default_fields();
        let (id, field) = required(&fields, Some("kesehatan"), "Kepala UPT Puskesmas Jati Makmur").unwrap();
        assert_eq!(id, "kesehatan");
        assert!(field.source.contains("Permenkes 43/2019"));
        assert!(required(&fields, Some("kesehatan"), "Kepala Seksi Pelayanan").is_none());
        assert!(required(&fields, None, "Kepala UPT Puskesmas").is_none());
    }
}
