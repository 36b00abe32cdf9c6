//! Credentials and files: every file vsd creates is private (0600 in 0700
//! directories) whatever the umask, a config that shows a password to other
//! users is refused, config errors never show a secret, the writer lock holds
//! through a symbolic link and names who holds it, and a 10 MB References
//! header imports in linear time.

use crate::common;

use common::{Home, Mail, mailbox, write_mbox};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Runs vsd with the permissive umask most systems give users, so that a
/// file made without an explicit mode would come out 0644.
fn vsd_umask_022(home: &Home, db: &Path, args: &[&str]) -> Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_vsd"))
        .arg("--config")
        .arg(home.path("config.toml"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("VSD_CONFIG")
        .env_remove("VSD_DB")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("TZ", "UTC")
        .output()
        .expect("run vsd")
}

/// Every file and directory under `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        out.push(p.clone());
        if p.is_dir() {
            walk(&p, out);
        }
    }
}

#[test]
fn store_wal_lock_log_drafts_and_exports_are_private() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    let data = home.path("data");
    let db = data.join("deep/vsd.db");
    let out = vsd_umask_022(&home, &db, &["import", mbox.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A reply written with --out, and one refused by the rules (kept in drafts/).
    let body = home.path("body.txt");
    std::fs::write(&body, "Here is the log.\n").expect("body");
    let export = home.path("exports/new/reply.eml");
    let out = vsd_umask_022(
        &home,
        &db,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--body-file",
            body.to_str().expect("path"),
            "--out",
            export.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&body, "Hi\n\nOn Mon, Kari wrote:\n> old\n").expect("body");
    let out = vsd_umask_022(
        &home,
        &db,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--body-file",
            body.to_str().expect("path"),
        ],
    );
    assert!(!out.status.success(), "a quoting reply is refused");

    let mut made = vec![home.path("exports"), home.path("exports/new"), export];
    walk(&data, &mut made);
    let names: Vec<String> = made
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for want in ["vsd.db", "vsd.db.lock", "vsd.log", "drafts"] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(
        names.iter().any(|n| n.ends_with(".refused.txt")),
        "{names:?}"
    );
    for p in &made {
        let want = if p.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(p), want, "{}", p.display());
    }
    // The WAL and shared-memory files live while a writer has the store
    // open (the last to close removes them): they take the store's mode.
    let store = vsd::store::Store::open(&db).expect("open");
    store.set_meta("probe", "x").expect("write");
    for f in ["vsd.db-wal", "vsd.db-shm"] {
        assert_eq!(mode(&db.with_file_name(f)), 0o600, "{f}");
    }
}

/// A store and log written by an older vsd, readable by all, are made
/// private on the next use; their contents are kept.
#[test]
fn older_readable_store_and_log_are_tightened() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    let db = home.path("vsd.db");
    home.vsd().arg("import").arg(&mbox).assert().success();
    let files = [
        "vsd.db",
        "vsd.db-wal",
        "vsd.db-shm",
        "vsd.db.lock",
        "vsd.log",
    ];
    for f in files {
        let p = home.path(f);
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
    }
    let out = vsd_umask_022(&home, &db, &["import", mbox.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in files {
        let p = home.path(f);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{f}");
        }
    }
    let list = home.json(&["list", "--all", "--json"]);
    assert_eq!(list.as_array().expect("array").len(), 3);
}

const PASSWORD_CONFIG: &str =
    "[imap]\nhost = \"127.0.0.1\"\ntls = \"none\"\nuser = \"u\"\npassword = \"s3cret-pass\"\n";

#[test]
fn readable_config_with_password_is_refused_with_the_chmod_to_run() {
    let home = Home::new();
    let conf = home.path("config.toml");
    std::fs::write(&conf, PASSWORD_CONFIG).expect("config");
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = home.vsd().args(["list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("chmod 600 {}", conf.display())),
        "{err}"
    );
    assert!(err.contains(":5:"), "names the password's line: {err}");
    assert!(!err.contains("s3cret-pass"), "{err}");

    // Readable by the group alone is refused too; private is accepted.
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = home.vsd().args(["list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = home.vsd().args(["list"]).output().expect("run");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("chmod"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn readable_config_with_password_command_is_accepted() {
    let home = Home::new();
    let conf = home.path("config.toml");
    std::fs::write(
        &conf,
        "[imap]\nhost = \"imap.example.com\"\nuser = \"u\"\npassword_command = \"pass show mail\"\n",
    )
    .expect("config");
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = home.vsd().args(["list", "--all"]).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("chmod"), "{err}");
    assert!(!err.contains("other users"), "{err}");
}

/// The case, through the CLI: `password = 98765432` unquoted.
#[test]
fn config_type_error_does_not_echo_password_on_the_terminal() {
    let home = Home::new();
    let conf = home.path("config.toml");
    vsd::files::write(
        &conf,
        b"[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\npassword = 98765432\n",
    )
    .expect("config");
    let out = home.vsd().args(["list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("98765432"), "{err}");
    assert!(err.contains("config.toml:4:"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("98765432"));
}

/// Two writers through a symbolic link to one store ran at once: the lock
/// followed the path as written.
#[test]
fn writer_lock_holds_through_a_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real");
    std::fs::create_dir(&real).expect("dir");
    let db = real.join("vsd.db");
    vsd::store::Store::open(&db).expect("store");
    let link = dir.path().join("alias.db");
    std::os::unix::fs::symlink(&db, &link).expect("file link");
    let dir_link = dir.path().join("via");
    std::os::unix::fs::symlink(&real, &dir_link).expect("dir link");

    let held = vsd::store::Store::lock_writer(&db).expect("first writer");
    for other in [
        link.clone(),
        dir_link.join("vsd.db"),
        real.join("../real/vsd.db"),
    ] {
        let e = vsd::store::Store::lock_writer(&other).expect_err("second writer refused");
        assert!(e.to_string().contains("another vsd is writing"), "{e}");
    }
    drop(held);
    let via_link = vsd::store::Store::lock_writer(&link).expect("link first");
    assert!(vsd::store::Store::lock_writer(&db).is_err());
    drop(via_link);
}

/// A store not made yet, named through a link to where it will be: both
/// names share the lock before the database exists.
#[test]
fn writer_lock_holds_through_a_dangling_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vsd.db");
    let link = dir.path().join("alias.db");
    std::os::unix::fs::symlink("vsd.db", &link).expect("link");
    let _held = vsd::store::Store::lock_writer(&link).expect("first");
    assert!(vsd::store::Store::lock_writer(&db).is_err());
}

/// The refusal said "a sync or an import is running" whoever held the lock:
/// it names the holder, as the holder wrote itself into the lock file.
#[test]
fn refusal_names_the_command_holding_the_lock() {
    let home = Home::new();
    // `vsd sync` takes the lock, then runs password_command, which waits
    // here on a FIFO until the test has seen the refusal.
    let fifo = home.path("password.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    vsd::files::write(
        &home.path("config.toml"),
        format!(
            "{}\n[imap]\nhost = \"127.0.0.1\"\nport = 1\ntls = \"none\"\nuser = \"u\"\npassword_command = \"cat {}\"\ntimeout_secs = 2\n",
            common::CONFIG,
            fifo.display()
        )
        .as_bytes(),
    )
    .expect("config");
    let mut sync = home
        .vsd_std()
        .arg("sync")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("vsd sync");
    let lock = home.path("vsd.db.lock");
    let want = format!("{} vsd sync", sync.id());
    loop {
        if std::fs::read_to_string(&lock).is_ok_and(|s| s.trim() == want) {
            break;
        }
        assert!(sync.try_wait().expect("wait").is_none(), "sync ended early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    let out = home
        .vsd()
        .arg("import")
        .arg(&mbox)
        .output()
        .expect("import");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        err.contains(&format!("vsd sync (pid {}) holds it", sync.id())),
        "{err}"
    );
    assert!(!err.contains("a sync or an import is running"), "{err}");
    {
        use std::io::Write;
        let mut w = std::fs::OpenOptions::new()
            .write(true)
            .open(&fifo)
            .expect("open fifo");
        w.write_all(b"pw\n").expect("password");
    }
    // No server on port 1: the sync ends with exit 3, and the lock is free.
    assert_eq!(sync.wait().expect("sync ends").code(), Some(3));
    home.vsd().arg("import").arg(&mbox).assert().success();
}

/// What a lock file written by the TUI reads as in the refusal.
#[test]
fn refusal_names_the_vsd_window() {
    let home = Home::new();
    let lock = home.path("vsd.db.lock");
    // The pid of this test: a live process, as a holder would be.
    let me = std::process::id();
    vsd::files::write(&lock, format!("{me} the vsd window (TUI)\n").as_bytes()).expect("lock");
    let file = std::fs::File::open(&lock).expect("open");
    file.lock().expect("hold it");
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    let out = home
        .vsd()
        .arg("import")
        .arg(&mbox)
        .output()
        .expect("import");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "another vsd is writing to it: the vsd window (TUI, pid {me}) holds it; close it or wait"
        )),
        "{err}"
    );
}

/// The case: one mail with a 10 MB References header (450,000 ids)
/// took minutes to import, the ids being de-duplicated in quadratic time.
/// It imports with every id kept once, in order, and threads to its parent.
#[test]
fn references_header_of_10_mb_imports_with_every_id_once() {
    let home = Home::new();
    let n = 450_000;
    let mut ids: Vec<String> = (0..n)
        .map(|i| format!("<ref{i:07}.x@example.com>"))
        .collect();
    // Duplicates, as broken clients write them, are dropped.
    ids.push("<ref0000007.x@example.com>".into());
    ids.push("<auto@vipps.no>".into());
    let folded = ids
        .chunks(40)
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\r\n ");
    assert!(folded.len() > 10_000_000);
    let auto = Mail::new(
        "auto@vipps.no",
        "Thu, 01 Jan 2026 10:00:00 +0000",
        "integration@vipps.no",
        "[VSD-900] Refund fails",
    );
    let reply = Mail::new(
        "reply@example.com",
        "Fri, 02 Jan 2026 10:00:00 +0000",
        "Ola <ola@example.com>",
        "Re: Refund fails",
    )
    .header("In-Reply-To", "<auto@vipps.no>")
    .header("References", &folded);
    let parsed = vsd::mail::parse(&reply.bytes()).expect("parses");
    assert_eq!(parsed.references.len(), n + 1);
    assert_eq!(parsed.references[0], "ref0000000.x@example.com");
    assert_eq!(
        parsed.references[n - 1],
        format!("ref{:07}.x@example.com", n - 1)
    );
    assert_eq!(parsed.references[n], "auto@vipps.no");

    let mbox = home.path("big.mbox");
    write_mbox(&mbox, &[auto, reply]);
    home.vsd().arg("import").arg(&mbox).assert().success();
    let show = home.json(&["show", "VSD-900", "--json"]);
    let msgs = show["messages"].as_array().expect("messages");
    assert_eq!(msgs.len(), 2, "{show}");
}
