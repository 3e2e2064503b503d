//! A full disk: on a small tmpfs (mounted when the tests run as root and may mount;
//! skipped with the reason elsewhere), a write that would not fit is refused before it
//! starts, a database is never opened where sled could not finish recovering it, and an
//! export that runs out of room leaves no table behind.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::jabat;

/// A tmpfs of `mb` MB, unmounted on drop.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(mb: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            common::skip("cannot mount a tmpfs here (needs root and mount permission)");
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk but for `leave_mb` MB.
    fn fill(&self, leave_mb: u64) -> PathBuf {
        let free = fs_free(self.path());
        let filler = self.path().join("filler");
        let size = free.saturating_sub(leave_mb << 20);
        std::fs::write(&filler, vec![0u8; size as usize]).unwrap();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn fs_free(path: &Path) -> u64 {
    let out = Command::new("df").args(["--output=avail", "-B1"]).arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn a_full_disk_never_leaves_a_half_write_or_a_damaged_database() {
    let Some(disk) = SmallDisk::mount(48) else { return };
    let work = tempfile::tempdir().unwrap();
    let sample = work.path().join("sample");
    jabat().args(["generate", "--employees", "20000", "--out"]).arg(&sample).assert().success();
    let db = disk.path().join("db");

    // Too little room for the import: refused before anything is written.
    let filler = disk.fill(12);
    let out = jabat().arg("--db").arg(&db).arg("import").arg(&sample).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not enough room on the disk") && stderr.contains("nothing was changed"), "{stderr}");
    assert!(!stderr.contains("Os {"), "no debug forms: {stderr}");
    std::fs::remove_file(&filler).unwrap();

    // With room, it imports; then the disk fills up (other files grow).
    jabat().arg("--db").arg(&db).arg("import").arg(&sample).assert().success();
    let filler = disk.fill(1);
    // Neither a write nor even opening is attempted on a full disk (sled could damage
    // its log recovering there); the message says what to do.
    for args in [&["import", "--replace"][..], &["stats"]] {
        let mut cmd = jabat();
        cmd.arg("--db").arg(&db).args(args);
        if args[0] == "import" {
            cmd.arg(&sample);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("free some space"), "{args:?}: {stderr}");
    }
    // An export that runs out of room leaves no table behind.
    let out_dir = disk.path().join("export");
    let out = jabat()
        .arg("--db")
        .arg(work.path().join("nowhere"))
        .arg("--demo")
        .arg("export")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let left: Vec<_> =
        std::fs::read_dir(&out_dir).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "a failed export left {left:?}");
    // Room again: the database is as it was.
    std::fs::remove_file(&filler).unwrap();
    let out = jabat().arg("--db").arg(&db).args(["check", "--integrity", "--format", "json"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("agrees with a rebuild"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = jabat().arg("--db").arg(&db).args(["stats", "--format", "json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["employees"], 20000);
}

#[test]
fn read_only_works_on_a_read_only_mount() {
    let Some(disk) = SmallDisk::mount(64) else { return };
    let db = disk.path().join("db");
    jabat().arg("--db").arg(&db).args(["generate", "--employees", "500"]).assert().success();
    let ok = Command::new("mount").args(["-o", "remount,ro"]).arg(disk.path()).status().unwrap().success();
    assert!(ok, "remount read-only");
    let out = jabat().arg("--db").arg(&db).arg("--read-only").args(["stats", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((stats["employees"].as_u64(), stats["database"].as_str()), (Some(500), db.to_str()));
    let out = jabat().arg("--db").arg(&db).args(["stats"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("open it with --read-only"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
