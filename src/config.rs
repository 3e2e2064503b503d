//! The user's settings: `config.toml` in the config directory (`~/.config/jabat` on
//! Linux). Command-line flags win over it; it wins over the environment.
//!
//! ```toml
//! mouse = false   # keep the terminal's own text selection (useful over SSH)
//! lang = "id"     # or "en"
//!
//! [documents]     # what printed documents say of who made them
//! agency = "Pemerintah Kota Binjai"
//! place = "Binjai"
//! signatories = [{ role = "Wali Kota Binjai", name = "…", nip = "…" }]
//! baperjakat = [{ role = "Ketua", name = "…", nip = "…" }, { role = "Sekretaris" }]
//! ```

use std::path::{Path, PathBuf};

use crate::i18n::Lang;

/// Settings read from the config file; `None` where the file says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Capture the mouse in the full-screen interface.
    pub mouse: Option<bool>,
    /// Interface language.
    pub lang: Option<Lang>,
    /// What printed documents say of who made them.
    pub documents: Documents,
}

/// The `[documents]` table: the agency a document is of, where it is signed, and who
/// signs it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// The agency's name (default: the instansi at the top of the unit's tree).
    pub agency: Option<String>,
    /// Where documents are signed ("Binjai").
    pub place: Option<String>,
    /// Who signs, in order (default: the head of the unit a document is of).
    #[serde(default)]
    pub signatories: Vec<Signatory>,
    /// Who signs the Baperjakat's record (berita acara), in order: the chair, the
    /// secretary, the members (default: lines to fill in by hand).
    #[serde(default)]
    pub baperjakat: Vec<Signatory>,
}

/// One who signs documents.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// The role ("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia").
    pub role: String,
    /// The name, with titles.
    #[serde(default)]
    pub name: String,
    /// The NIP (or another identifier line).
    #[serde(default)]
    pub nip: String,
}

/// The config directory, `~/.config/jabat` on Linux.
pub fn dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "jabat").map(|d| d.config_dir().to_path_buf())
}

impl Config {
    /// Reads `config.toml` from the config directory; a missing file is no settings.
    pub fn load() -> Result<Config, String> {
        match dir() {
            Some(d) => Config::read(&d.join("config.toml")),
            None => Ok(Config::default()),
        }
    }

    /// Reads a config file; errors name the file and the key.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Config::parse(&text, &path.display().to_string())
    }

    /// Parses the text of a config file.
    pub fn parse(text: &str, file: &str) -> Result<Config, String> {
        let table: toml::Table = text.parse().map_err(|e| format!("{file}: {e}"))?;
        let mut config = Config::default();
        for (key, value) in table {
            match (key.as_str(), value) {
                ("mouse", toml::Value::Boolean(b)) => config.mouse = Some(b),
                ("lang", toml::Value::String(s)) if s == "id" => config.lang = Some(Lang::Id),
                ("lang", toml::Value::String(s)) if s == "en" => config.lang = Some(Lang::En),
                ("mouse", other) => return Err(format!("{file}: mouse: expected true or false, found {other}")),
                ("lang", other) => return Err(format!("{file}: lang: expected \"id\" or \"en\", found {other}")),
                ("documents", toml::Value::Table(t)) => {
                    config.documents = t.try_into().map_err(|e| format!("{file}: documents: {e}"))?;
                }
                ("documents", other) => return Err(format!("{file}: documents: expected a table, found {other}")),
                (other, _) => return Err(format!("{file}: {other}: unknown setting (known: mouse, lang, documents)")),
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_errors_name_the_key() {
        assert_eq!(
            Config::parse("mouse = false\nlang = \"id\"\n", "c").unwrap(),
            Config { mouse: Some(false), lang: Some(Lang::Id), ..Config::default() }
        );
        let c = Config::parse(
            "[documents]\nagency = \"Pemerintah Kota Binjai\"\nsignatories = [{ role = \"Wali Kota\" }]\n",
            "c",
        )
        .unwrap();
        assert_eq!(c.documents.agency.as_deref(), Some("Pemerintah Kota Binjai"));
        assert_eq!(c.documents.signatories[0].role, "Wali Kota");
        let wrong = Config::parse("[documents]\nagensi = \"x\"\n", "c").unwrap_err();
        assert!(wrong.contains("c: documents") && wrong.contains("agensi"), "{wrong}");
        assert_eq!(Config::parse("", "c").unwrap(), Config::default());
        assert!(Config::parse("mouse = \"no\"", "c").unwrap_err().contains("c: mouse: expected true or false"));
        assert!(Config::parse("colour = 1", "c").unwrap_err().contains("colour: unknown setting"));
        assert!(Config::parse("lang = \"fr\"", "c").unwrap_err().contains("lang"));
        assert!(Config::read(Path::new("/nonexistent/jabat/config.toml")).unwrap().mouse.is_none());
    }
}
