//! The TUI's state in a real terminal: the status line names the account
//! and where the connection stands, from the sync worker's events against
//! the harness's Dovecot (idle once synced, offline since a time once the
//! server is gone); and the CLI and the TUI give the same ages from one
//! function (a year and a month is `13mo` in both, never `1y` in one).

use crate::common::{self, Home};
use crate::support::dovecot::{Dovecot, USER};
use crate::support::mail;
use crate::support::tmux::{Tmux, require_tmux};

#[test]
fn the_status_line_names_the_account_idle_then_offline() {
    if !require_tmux() {
        return;
    }
    let Some(mut d) = Dovecot::start() else {
        return;
    };
    mail::serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    vsd::files::write(&cfg, d.config_toml(&["INBOX", "Sent"]).as_bytes()).expect("config");
    let db = dir.path().join("vsd.db");
    let tmux = Tmux::start(&[
        "env",
        "TZ=UTC",
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        cfg.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    let idle = format!("{USER} · idle");
    let s = tmux.wait_for("synced and idle", |s| {
        s.contains("VSD-1001")
            && s.lines()
                .last()
                .is_some_and(|l| l.trim_end().ends_with(&idle))
    });
    assert!(s.contains("VSD-1002"), "{s}");
    // The server goes away: the worker's failures put the line offline,
    // with the time it went.
    d.stop();
    let before = chrono::Utc::now();
    // The worker notices at its next look at the server (IDLE wakes every
    // few seconds to look at the other folders), then fails to reconnect.
    let offline = format!("{USER} · offline since ");
    let start = std::time::Instant::now();
    let s = loop {
        let s = tmux.screen();
        if s.contains(&offline) || start.elapsed() > std::time::Duration::from_secs(60) {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(s.contains(&offline), "{s}");
    let line = s
        .lines()
        .find(|l| l.contains("offline since "))
        .expect("the status line");
    let at = line
        .rsplit("offline since ")
        .next()
        .map(str::trim)
        .expect("a time");
    let when = chrono::NaiveTime::parse_from_str(at, "%H:%M").expect("HH:MM");
    let then = before.time();
    let diff = (then - when).num_minutes().rem_euclid(24 * 60);
    assert!(diff <= 2, "offline since {at}, stopped at {then}");
    tmux.keys(&["q"]);
}

#[test]
fn the_cli_and_the_tui_give_the_same_ages() {
    if !require_tmux() {
        return;
    }
    let home = Home::new();
    common::write_mbox(&home.path("mail.mbox"), &common::mailbox());
    home.vsd()
        .arg("import")
        .arg(home.path("mail.mbox"))
        .assert()
        .success();
    // 2 March 2026 and 400-odd days later: 13 months, not a year.
    let now = "2027-04-10T12:00:00Z";
    let out = home
        .vsd()
        .env("VSD_NOW", now)
        .args(["list"])
        .output()
        .expect("list");
    let cli = String::from_utf8_lossy(&out.stdout).into_owned();
    let row = cli
        .lines()
        .find(|l| l.contains("VSD-100 "))
        .unwrap_or_else(|| panic!("VSD-100 in\n{cli}"));
    assert!(row.contains(" 13mo "), "{row}");
    assert!(!row.contains(" 1y "), "{row}");

    let env = format!("VSD_NOW={now}");
    let cfg = home.path("config.toml");
    let db = home.path("vsd.db");
    let tmux = Tmux::start(&[
        "env",
        &env,
        "TZ=UTC",
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        cfg.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    let s = tmux.wait_for("the list", |s| s.contains("VSD-100 "));
    let tui = s
        .lines()
        .find(|l| l.contains("VSD-100 "))
        .expect("VSD-100 row");
    // The TUI's age and last columns: the same function, the same words.
    assert!(tui.contains("13mo 13mo"), "{tui}");
    assert!(!tui.contains("1y"), "{tui}");
    tmux.keys(&["q"]);
}
