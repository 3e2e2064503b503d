//! Who is working: the operating-system user, recorded in the journal, in reviews and
//! drafts, and in the lock-info of a database. (A shared server will take it from the
//! socket's peer credentials instead of from the client.)

/// The OS user running this process (meaningful over SSH too).
pub fn current_user() -> String {
    // The account the process runs as (what sshd logged in), then what the
    // environment says, for systems where the account database cannot be read.
    whoami::username()
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        })
        .unwrap_or_else(|| "unknown".to_string())
}
