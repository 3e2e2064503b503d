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
pub fn words(text: &str) -> String {
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

/// The field of a post named `name` in units named `units`, nearest first: by its name,
/// else by the nearest unit whose name says one; the most specific words win. (For many
/// posts, a [`FieldMatcher`] folds the words once.)
pub fn field_of_post<'a>(fields: &'a Fields, name: &str, units: &[&str]) -> Option<&'a str> {
    FieldMatcher::new(fields).field_of_post(name, units)
}

/// The fields' words folded once, to place many posts: a province's candidates place
/// fifteen thousand posts and the history of thousands of people.
pub struct FieldMatcher<'a> {
    /// Each field's id with the folded words of its post names.
    posts: Vec<(&'a str, Vec<String>)>,
    /// Each field's id with the folded words of its unit names.
    units: Vec<(&'a str, Vec<String>)>,
    /// What a name said before (many posts share a name, many units a word): post
    /// names, then unit names.
    seen: std::cell::RefCell<[std::collections::HashMap<String, Option<&'a str>>; 2]>,
}

impl<'a> FieldMatcher<'a> {
    /// The matcher of `fields`.
    pub fn new(fields: &'a Fields) -> FieldMatcher<'a> {
        let fold = |list: &[String]| -> Vec<String> {
            list.iter().map(|k| words(k)).filter(|k| !k.trim().is_empty()).collect()
        };
        FieldMatcher {
            posts: fields.iter().map(|(id, f)| (id.as_str(), fold(&f.posts))).collect(),
            units: fields.iter().map(|(id, f)| (id.as_str(), fold(&f.units))).collect(),
            seen: Default::default(),
        }
    }

    /// The field whose words in `table` (0 posts, 1 units) `text` holds, the longest
    /// match winning.
    fn best(&self, table: usize, text: &str) -> Option<&'a str> {
        if let Some(known) = self.seen.borrow()[table].get(text) {
            return *known;
        }
        let folded = words(text);
        let keys = if table == 0 { &self.posts } else { &self.units };
        let found = keys
            .iter()
            .filter_map(|(id, keys)| {
                keys.iter().filter(|k| folded.contains(k.as_str())).map(String::len).max().map(|len| (len, *id))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, id)| id);
        self.seen.borrow_mut()[table].insert(text.to_string(), found);
        found
    }

    /// The field a post's name says, if it says one.
    pub fn by_name(&self, name: &str) -> Option<&'a str> {
        self.best(0, name)
    }

    /// The field the nearest of `units` (nearest first) says, if one does.
    pub fn by_units(&self, units: &[&str]) -> Option<&'a str> {
        units.iter().find_map(|u| self.best(1, u))
    }

    /// [`field_of_post`], with the words folded once.
    pub fn field_of_post(&self, name: &str, units: &[&str]) -> Option<&'a str> {
        self.by_name(name).or_else(|| self.by_units(units))
    }
}

/// The degrees of field `id` a person named `name` holds (their gelar as written).
pub fn degrees_in<'a>(fields: &'a Fields, id: &str, name: &str) -> Vec<&'a str> {
    let Some(field) = fields.get(id) else { return Vec::new() };
    // Every degree is written with a dot: a name without one holds none (most of a
    // province's sixty thousand are looked at here).
    if !name.contains('.') {
        return Vec::new();
    }
    let mut titles = name.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| t.contains('.'));
    let titles: Vec<&str> = titles.by_ref().collect();
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
