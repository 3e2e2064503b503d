//! What a database administrator asks of jabat's tables: the derived tables worked out
//! afresh, and the engine's roles that let people see or change the data.
//!
//! Four group roles per database, `<database>_viewer`, `_reviewer`, `_editor` and
//! `_admin`, each a member of the one before, hold exactly the privileges their work
//! needs; `grant` makes a login role a member of one of them (and of no other). A
//! database name too long for that keeps its start and a digest (see `group_name`).

use postgres::Client;

use super::bulk;
use crate::store::{StoreError, StoreResult};

/// A role a person is given on a jabat database in PostgreSQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum DbRole {
    /// Every lookup and view.
    Viewer,
    /// Also review decisions and notes.
    Reviewer,
    /// Also structural edits, drafts and imports with `--merge`.
    Editor,
    /// Also `import --replace` and `jabat db rebuild`.
    Admin,
}

impl DbRole {
    /// All of them, the least first.
    pub const ALL: [DbRole; 4] = [DbRole::Viewer, DbRole::Reviewer, DbRole::Editor, DbRole::Admin];

    /// Its name, as `jabat db grant` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DbRole::Viewer => "viewer",
            DbRole::Reviewer => "reviewer",
            DbRole::Editor => "editor",
            DbRole::Admin => "admin",
        }
    }

    /// What it may do beyond the role below it, in SQL.
    fn privileges(self) -> &'static str {
        match self {
            DbRole::Viewer => "GRANT USAGE ON SCHEMA jabat TO {r}; GRANT SELECT ON ALL TABLES IN SCHEMA jabat TO {r};",
            DbRole::Reviewer => "GRANT INSERT, UPDATE ON jabat.reviews TO {r};",
            DbRole::Editor => {
                "GRANT INSERT, UPDATE, DELETE ON jabat.units, jabat.positions, jabat.employees, jabat.ratings, \
                 jabat.assessments, jabat.penalties, jabat.trainings, jabat.grade_history, jabat.position_history, \
                 jabat.credit_points, jabat.standards, jabat.tasks, jabat.anjab, jabat.unor_ids, jabat.derived_unit_totals, \
                 jabat.derived_people, jabat.derived_tokens, jabat.meta, jabat.drafts TO {r}; \
                 GRANT INSERT ON jabat.journal, jabat.derived_touched TO {r};"
            }
            DbRole::Admin => {
                "GRANT TRUNCATE ON jabat.units, jabat.positions, jabat.employees, jabat.ratings, jabat.assessments, \
                 jabat.penalties, jabat.trainings, jabat.grade_history, jabat.position_history, jabat.credit_points, \
                 jabat.standards, jabat.tasks, jabat.anjab, jabat.unor_ids, jabat.derived_unit_totals, jabat.derived_people, \
                 jabat.derived_tokens TO {r}; \
                 GRANT TRUNCATE, INSERT ON jabat.previous_units, jabat.previous_positions, jabat.previous_employees, \
                 jabat.previous_ratings, jabat.previous_assessments, jabat.previous_penalties, jabat.previous_trainings, \
                 jabat.previous_grade_history, jabat.previous_position_history, jabat.previous_credit_points, \
                 jabat.previous_standards, jabat.previous_tasks, jabat.previous_anjab, jabat.previous_unor_ids, \
                 jabat.previous_derived_unit_totals, jabat.previous_derived_people, jabat.previous_derived_tokens TO {r};"
            }
        }
    }
}

impl std::str::FromStr for DbRole {
    type Err = String;
    fn from_str(text: &str) -> Result<DbRole, String> {
        DbRole::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| format!("'{text}': one of viewer, reviewer, editor, admin"))
    }
}

/// `name` as an SQL identifier, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The group role of `role` on the database the client is connected to.
fn group(client: &mut impl postgres::GenericClient, role: DbRole) -> StoreResult<String> {
    let row = client.query_one("SELECT current_database()::text, md5(current_database())", &[])?;
    Ok(group_name(row.get(0), row.get(1), role))
}

/// `<database>_<role>`; for a database whose name leaves no room for that within the
/// 63 bytes PostgreSQL keeps of a name, its start and 8 digits of its MD5 (`digest`), so
/// that two long names that begin alike still get groups of their own.
fn group_name(database: &str, digest: &str, role: DbRole) -> String {
    const LONGEST: usize = 63;
    let whole = format!("{database}_{}", role.as_str());
    if whole.len() <= LONGEST {
        return whole;
    }
    let tail = format!("_{}_{}", &digest[..8.min(digest.len())], role.as_str());
    let mut head = LONGEST - tail.len();
    while !database.is_char_boundary(head) {
        head -= 1;
    }
    format!("{}{tail}", &database[..head])
}

/// Makes the four group roles when they are not there, and gives each its privileges
/// on the tables as they are now (again after a migration adds tables).
pub(super) fn ensure_groups(client: &mut Client) -> StoreResult<()> {
    let mut tx = client.transaction()?;
    let mut below: Option<String> = None;
    for role in DbRole::ALL {
        let name = group(&mut tx, role)?;
        let exists = tx.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])?.is_some();
        if !exists {
            tx.batch_execute(&format!("CREATE ROLE {} NOLOGIN", ident(&name)))?;
        }
        tx.batch_execute(&role.privileges().replace("{r}", &ident(&name)))?;
        if let Some(below) = &below {
            tx.batch_execute(&format!("GRANT {} TO {}", ident(below), ident(&name)))?;
        }
        below = Some(name);
    }
    tx.commit()?;
    Ok(())
}

/// Whether the group roles have been made on this database (then a migration gives
/// them the new tables too).
pub(super) fn groups_exist(client: &mut Client) -> StoreResult<bool> {
    let name = group(client, DbRole::Viewer)?;
    Ok(client.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_name_fits_in_63_bytes_and_long_names_alike_stay_apart() {
        assert_eq!(group_name("binjai", "0123456789abcdef", DbRole::Viewer), "binjai_viewer");
        let long = "ä".repeat(40);
        let a = group_name(&long, "0123456789abcdef", DbRole::Reviewer);
        let b = group_name(&long, "fedcba9876543210", DbRole::Reviewer);
        assert!(a.len() <= 63 && b.len() <= 63, "{a} {b}");
        assert_ne!(a, b);
        assert!(a.starts_with("ää") && a.ends_with("_01234567_reviewer"), "{a}");
    }
}

/// What `grant` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Granted {
    /// The login role was made (it had none).
    pub created: bool,
    /// The group role it is now a member of.
    pub group: String,
    /// The jabat roles it was taken out of.
    pub left: Vec<String>,
}

/// Makes `user` (a login role, made when missing) a member of `role`'s group and of no
/// other jabat group on this database, in one transaction.
pub(super) fn grant(client: &mut Client, user: &str, role: DbRole) -> StoreResult<Granted> {
    check_name(user)?;
    ensure_groups(client)?;
    let mut tx = client.transaction()?;
    let created = tx.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&user])?.is_none();
    if created {
        tx.batch_execute(&format!("CREATE ROLE {} LOGIN", ident(user)))?;
    }
    let left = leave_groups(&mut tx, user, Some(role))?;
    let name = group(&mut tx, role)?;
    tx.batch_execute(&format!("GRANT {} TO {}", ident(&name), ident(user)))?;
    tx.commit()?;
    Ok(Granted { created, group: name, left })
}

/// Takes `user` out of every jabat group on this database; the groups it left.
pub(super) fn revoke(client: &mut Client, user: &str) -> StoreResult<Vec<String>> {
    check_name(user)?;
    let mut tx = client.transaction()?;
    let left = leave_groups(&mut tx, user, None)?;
    tx.commit()?;
    Ok(left)
}

fn leave_groups(tx: &mut postgres::Transaction<'_>, user: &str, keep: Option<DbRole>) -> StoreResult<Vec<String>> {
    let mut left = Vec::new();
    for role in DbRole::ALL.into_iter().filter(|r| Some(*r) != keep) {
        let name = group(tx, role)?;
        let member = tx
            .query_opt(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid \
                 JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2",
                &[&name, &user],
            )?
            .is_some();
        if member {
            tx.batch_execute(&format!("REVOKE {} FROM {}", ident(&name), ident(user)))?;
            left.push(name);
        }
    }
    Ok(left)
}

/// Who has which jabat role on this database: (login role, role), by name.
pub(super) fn members(client: &mut Client) -> StoreResult<Vec<(String, DbRole)>> {
    let mut out = Vec::new();
    for role in DbRole::ALL {
        let name = group(client, role)?;
        let rows = client.query(
            "SELECT u.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid \
             JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolcanlogin ORDER BY 1",
            &[&name],
        )?;
        out.extend(rows.iter().map(|r| (r.get::<_, String>(0), role)));
    }
    out.sort();
    Ok(out)
}

fn check_name(user: &str) -> StoreResult<()> {
    if user.is_empty() || user.len() > 63 || user.chars().any(char::is_control) {
        return Err(StoreError::Database(crate::i18n::trf(crate::i18n::Msg::PgBadRoleName, &[&user])));
    }
    Ok(())
}

/// Works out the derived tables afresh from the others, in one transaction.
pub(super) fn rebuild(client: &mut Client) -> StoreResult<()> {
    let mut tx = client.transaction()?;
    tx.execute(super::WRITERS_LOCK, &[])?;
    let data = bulk::dataset(&mut tx)?;
    // Emptied as a replacement (an administrator's TRUNCATE, which the engine records),
    // not row by row: rebuilding is the one write of derived rows without a journal entry.
    tx.batch_execute("TRUNCATE derived_unit_totals, derived_people, derived_tokens")?;
    bulk::write_derived(&mut tx, &data)?;
    tx.commit()?;
    Ok(())
}
