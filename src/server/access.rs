//! Who may do what on a shared database: `access.toml` beside the database gives OS
//! users and groups a role. The database's owner (the user the server runs as) is always
//! an administrator; with no access file, nobody else may connect. The file must be
//! writable by the owner alone, or the server does not trust it.
//!
//! ```toml
//! [users]
//! siti = "editor"
//! budi = "viewer"
//!
//! [groups]
//! baperjakat = "reviewer"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A role, each allowing what the one before allows and more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Every lookup and view.
    Viewer,
    /// Also review decisions and notes.
    Reviewer,
    /// Also structural edits, drafts and imports with `--merge`.
    Editor,
    /// Also `import --replace`, the access file and the server's settings.
    Admin,
}

impl Role {
    /// Its name as the access file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The access file's name, beside the database directory's content.
pub const FILE_NAME: &str = "access.toml";

/// Where the access file of the database in `db` is.
pub fn path_of(db: &Path) -> PathBuf {
    db.join(FILE_NAME)
}

/// The roles the access file gives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Access {
    /// Roles of users, by login name.
    #[serde(default)]
    pub users: BTreeMap<String, Role>,
    /// Roles of groups, by group name.
    #[serde(default)]
    pub groups: BTreeMap<String, Role>,
}

/// A peer as the server knows it from the socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    /// Numeric user id.
    pub uid: u32,
    /// Login name.
    pub user: String,
    /// Names of the groups the user is in.
    pub groups: Vec<String>,
}

impl Access {
    /// Reads the access file of the database in `db` (owned by `owner`): `None` when
    /// there is none. A file others may write, or one that cannot be read, is an error
    /// naming the file and, for a mistake in it, the line and the field.
    pub fn load(db: &Path, owner: u32) -> Result<Option<Access>, String> {
        use std::os::unix::fs::MetadataExt;
        let path = path_of(db);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        if meta.uid() != owner || meta.mode() & 0o022 != 0 {
            return Err(format!(
                "{}: must be owned and writable by the database's owner alone (uid {owner}); fix with `chown {owner} {0}; chmod 644 {0}`",
                path.display()
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Access::parse(&text).map(Some).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses an access file's text.
    pub fn parse(text: &str) -> Result<Access, String> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            match line {
                Some(line) => format!("line {line}: {}", e.message()),
                None => e.message().to_string(),
            }
        })
    }

    /// The role of `peer` on a database owned by `owner`: an administrator for the
    /// owner, else the highest role given to them or one of their groups.
    pub fn role_of(access: Option<&Access>, peer: &Peer, owner: u32) -> Option<Role> {
        if peer.uid == owner {
            return Some(Role::Admin);
        }
        let access = access?;
        let by_user = access.users.get(&peer.user).copied();
        let by_group = peer.groups.iter().filter_map(|g| access.groups.get(g).copied()).max();
        by_user.max(by_group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(uid: u32, user: &str, groups: &[&str]) -> Peer {
        Peer { uid, user: user.into(), groups: groups.iter().map(|g| g.to_string()).collect() }
    }

    #[test]
    fn the_owner_is_admin_and_others_need_the_file() {
        assert_eq!(Access::role_of(None, &peer(1000, "owner", &[]), 1000), Some(Role::Admin));
        assert_eq!(Access::role_of(None, &peer(1001, "siti", &["staff"]), 1000), None);
    }

    #[test]
    fn the_highest_role_of_the_user_and_their_groups_counts() {
        let access =
            Access::parse("[users]\nsiti = \"viewer\"\nbudi = \"editor\"\n\n[groups]\nbaperjakat = \"reviewer\"\n")
                .unwrap();
        let role = |p: &Peer| Access::role_of(Some(&access), p, 0);
        assert_eq!(role(&peer(5, "siti", &["staff"])), Some(Role::Viewer));
        assert_eq!(role(&peer(5, "siti", &["staff", "baperjakat"])), Some(Role::Reviewer));
        assert_eq!(role(&peer(6, "budi", &["baperjakat"])), Some(Role::Editor));
        assert_eq!(role(&peer(7, "ani", &["staff"])), None);
        assert!(Role::Viewer < Role::Reviewer && Role::Editor < Role::Admin);
    }

    #[test]
    fn a_mistake_in_the_file_names_its_line() {
        let err = Access::parse("[users]\nsiti = \"viewer\"\nbudi = \"boss\"\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        assert!(err.contains("viewer") && err.contains("admin"), "lists the roles: {err}");
        let err = Access::parse("[user]\nsiti = \"viewer\"\n").unwrap_err();
        assert!(err.starts_with("line 1:"), "{err}");
    }
}
