//! A store the user can only read (file mode 0444, or a folder without
//! write permission) opens read-only for `list`, `show` and the TUI, saying
//! so, instead of failing with SQLite's error code; a change is refused with
//! words that say why and what to do. The modes decide, not a write that
//! fails, so the tests hold when they run as root.

use std::os::unix::fs::PermissionsExt;

use crate::common::{self, Home};
use crate::support::tmux::{Tmux, require_tmux};

fn home() -> Home {
    let home = Home::new();
    common::write_mbox(&home.path("mail.mbox"), &common::mailbox());
    home.vsd()
        .arg("import")
        .arg(home.path("mail.mbox"))
        .assert()
        .success();
    home
}

fn chmod(p: &std::path::Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

fn assert_reads(home: &Home) {
    let out = home.vsd().arg("list").output().expect("list");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("VSD-100"),
        "{stderr}"
    );
    assert!(stderr.contains("is read-only: shown as it is"), "{stderr}");
    let v = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(v["key"], "VSD-100");
    let out = home
        .vsd()
        .args(["close", "VSD-100"])
        .output()
        .expect("close");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a change must be refused");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(stderr.contains("chmod u+w"), "{stderr}");
    assert!(
        !stderr.to_ascii_lowercase().contains("readonly database")
            && !stderr.contains("SQLITE")
            && !stderr.contains("code 8"),
        "no SQLite error code: {stderr}"
    );
}

#[test]
fn a_store_file_of_mode_0444_is_read_and_never_written() {
    let home = home();
    let db = home.path("vsd.db");
    chmod(&db, 0o444);
    assert_reads(&home);
    assert_eq!(mode(&db), 0o444, "vsd left the user's mode alone");
    let v = home.json(&["list", "--all", "--json"]);
    let closed = v
        .as_array()
        .expect("list")
        .iter()
        .any(|i| i["key"] == "VSD-100" && i["status"] == "closed");
    assert!(!closed, "nothing was written");
}

#[test]
fn a_store_in_a_folder_without_write_permission_is_read() {
    let home = home();
    let dir = home.dir.path().join("ro");
    std::fs::create_dir(&dir).expect("dir");
    // Moved into a folder of its own, which is then made read-only.
    std::fs::rename(home.path("vsd.db"), dir.join("vsd.db")).expect("move");
    chmod(&dir, 0o555);
    let vsd = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vsd"))
            .arg("--config")
            .arg(home.path("config.toml"))
            .arg("--db")
            .arg(dir.join("vsd.db"))
            .args(args)
            .env_remove("VSD_CONFIG")
            .env_remove("VSD_DB")
            .output()
            .expect("vsd")
    };
    let out = vsd(&["list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("VSD-100"));
    assert!(stderr.contains("is read-only"), "{stderr}");
    let out = vsd(&["close", "VSD-100"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["vsd.db"], "no lock, WAL or log was made there");
    chmod(&dir, 0o755);
}

#[test]
fn the_tui_shows_a_read_only_store_and_says_so() {
    if !require_tmux() {
        return;
    }
    let home = home();
    let db = home.path("vsd.db");
    chmod(&db, 0o444);
    let cfg = home.path("config.toml");
    let tmux = Tmux::start(&[
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        cfg.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    let s = tmux.wait_for("the list and the notice", |s| {
        s.contains("VSD-100") && s.contains("is read-only")
    });
    assert!(!s.contains("SQLITE"), "{s}");
    // A change says why it cannot be made.
    tmux.keys(&["c", "y"]);
    tmux.wait_for("the refusal", |s| {
        s.contains("read-only") && s.contains("chmod u+w")
    });
    tmux.keys(&["q"]);
    // tmux 3.3 leaves pane_dead_status empty for a zero exit status.
    tmux.wait_for("vsd exits", |_| {
        matches!(tmux.pane_state().as_str(), "1 0" | "1")
    });
    assert_eq!(mode(&db), 0o444);
}
