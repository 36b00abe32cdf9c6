//! `vsd` with an account: the TUI runs the sync worker beside it, shows the
//! server's issues, and shows new mail as it arrives, in a real terminal.

use crate::support;

use support::dovecot::{Dovecot, message};
use support::mail::{self, DESK, OLA};
use support::tmux::{Tmux, require_tmux};

/// `vsd` in tmux on `d`'s INBOX and Sent, its config and store in `dir`.
fn tui_on(d: &Dovecot, dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, Tmux) {
    let cfg = dir.join("config.toml");
    vsd::files::write(&cfg, d.config_toml(&["INBOX", "Sent"]).as_bytes()).expect("config");
    let db = dir.join("vsd.db");
    let tmux = Tmux::start(&[
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        cfg.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    (cfg, db, tmux)
}

#[test]
fn the_tui_syncs_in_the_background_and_shows_new_mail_live() {
    if !require_tmux() {
        return;
    }
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, tmux) = tui_on(&d, dir.path());
    tmux.wait_for("the synced issues", |s| {
        s.contains("VSD-1001") && s.contains("VSD-1002") && s.contains("Login page is blank")
    });

    // A new request is answered by the desk while the TUI is open.
    d.append(
        "Sent",
        &[message(
            "req9@example.com",
            OLA,
            DESK,
            "Webhooks stopped arriving",
            "Mon, 9 Mar 2026 09:00:00 +0100",
            "",
            "Webhooks stopped. MSN 123456, environment: production, orderId abc-9.",
        )],
    );
    d.append(
        "INBOX",
        &[message(
            "auto9@vipps.no",
            DESK,
            OLA,
            "[VSD-1009] Webhooks stopped arriving",
            "Mon, 9 Mar 2026 09:05:00 +0100",
            "In-Reply-To: <req9@example.com>\r\nReferences: <req9@example.com>\r\n",
            "Thank you, your request has been received.",
        )],
    );
    let screen = tmux.wait_for("the new issue, live", |s| s.contains("VSD-1009"));
    assert!(screen.contains("Webhooks stopped arriving"), "{screen}");
    // The request (Sent) and the desk's answer (INBOX) may be applied in
    // either order: the answer first makes one new issue, the request first
    // an unfiled request that the answer then files (no new issue then).
    assert!(screen.contains("1 new messages, "), "{screen}");

    // Closing from the TUI writes beside its own sync worker, which holds
    // the store's writer lock: the two share it.
    tmux.keys(&["f", "VSD-1009", "Enter", "c", "y"]);
    tmux.wait_for("VSD-1009 closed", |s| {
        s.contains("VSD-1009 is closed (o reopens)")
    });
    tmux.keys(&["Escape", "a"]);
    tmux.wait_for("the closed issue among all", |s| {
        s.lines()
            .any(|l| l.get(3..).is_some_and(|r| r.starts_with("VSD-1009")) && l.contains("closed"))
    });
    // Mail that arrives meanwhile is still applied, and the close stands.
    d.append(
        "INBOX",
        &[message(
            "desk10@vipps.no",
            DESK,
            OLA,
            "[VSD-1001] Refund fails for order 123",
            "Tue, 10 Mar 2026 09:00:00 +0100",
            "",
            "We are looking into it.",
        )],
    );
    tmux.wait_for("new mail after the close", |s| {
        s.contains("1 new messages, 0 new issues")
            && s.lines().any(|l| {
                l.get(3..).is_some_and(|r| r.starts_with("VSD-1009")) && l.contains("closed")
            })
    });
    tmux.keys(&["q"]);
}

/// `vsd log KEY --json`'s events of one kind.
fn logged(cfg: &std::path::Path, db: &std::path::Path, key: &str, kind: &str) -> usize {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"))
        .args(["--config", cfg.to_str().expect("path")])
        .args(["--db", db.to_str().expect("path")])
        .args(["log", key, "--json"])
        .output()
        .expect("vsd log runs");
    assert!(out.status.success(), "{out:?}");
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).expect("log is JSON");
    events
        .as_array()
        .expect("an array")
        .iter()
        .filter(|e| e["kind"] == kind)
        .count()
}

#[test]
fn a_close_in_the_tui_goes_through_the_sync_worker_to_the_store_and_the_log_once() {
    if !require_tmux() {
        return;
    }
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let (cfg, db, tmux) = tui_on(&d, dir.path());
    tmux.wait_for("the synced issues, the worker idle", |s| {
        s.contains("VSD-1001") && s.contains("idle")
    });
    tmux.keys(&["f", "VSD-1001", "Enter", "c", "y"]);
    // The worker's answer, come back as news.
    tmux.wait_for("VSD-1001 closed", |s| {
        s.contains("VSD-1001 is closed (o reopens)")
    });
    // In the store while the TUI (and its worker) still run, once.
    assert_eq!(logged(&cfg, &db, "VSD-1001", "closed"), 1);
    // Reopened from among all issues: once.
    tmux.keys(&["a"]);
    tmux.wait_for("the closed issue among all", |s| {
        s.lines()
            .any(|l| l.get(3..).is_some_and(|r| r.starts_with("VSD-1001")) && l.contains("closed"))
    });
    tmux.keys(&["o"]);
    tmux.wait_for("VSD-1001 reopened", |s| {
        s.contains("VSD-1001 is awaiting-") && s.contains("(c closes)")
    });
    assert_eq!(logged(&cfg, &db, "VSD-1001", "closed"), 1);
    assert_eq!(logged(&cfg, &db, "VSD-1001", "reopened"), 1);
    tmux.keys(&["Escape", "q"]);
}

#[test]
fn a_reply_sent_from_the_tui_while_the_worker_runs_is_logged_once() {
    if !require_tmux() {
        return;
    }
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let script = |name: &str, text: &str| crate::common::script(dir.path(), name, text);
    // The user's reply, and a sendmail that keeps what it is given.
    let editor = script(
        "editor.sh",
        "#!/bin/sh\nprintf 'The orderId is 123, environment production.\\n' > \"$1\"\n",
    );
    let sendmail = script(
        "sendmail.sh",
        "#!/bin/sh\ncat > \"$(dirname \"$0\")/sent.eml\"\n",
    );
    let cfg = dir.path().join("config.toml");
    let config = format!(
        "{}\n[smtp]\nsendmail_command = \"{}\"\nsave_copy = \"never\"\n",
        d.config_toml(&["INBOX", "Sent"]),
        sendmail.display()
    );
    vsd::files::write(&cfg, config.as_bytes()).expect("config");
    let db = dir.path().join("vsd.db");
    let editor = format!("EDITOR={}", editor.display());
    let tmux = Tmux::start(&[
        "env",
        "-u",
        "VISUAL",
        &editor,
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        cfg.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    tmux.wait_for("the synced issues, the worker idle", |s| {
        s.contains("VSD-1001") && s.contains("idle")
    });
    tmux.keys(&["f", "VSD-1001", "Enter", "r"]);
    let review = tmux.wait_for("the review", |s| {
        s.contains("(s)end, (e)dit again") || s.contains("Press Enter to open the editor")
    });
    if review.contains("Press Enter to open the editor") {
        tmux.keys(&["Enter"]);
        tmux.wait_for("the review", |s| s.contains("(s)end, (e)dit again"));
    }
    tmux.keys(&["s", "Enter"]);
    let asked = tmux.wait_for("the send", |s| {
        s.contains("Press Enter to go back") || s.contains("Write it anyway?")
    });
    if asked.contains("Write it anyway?") {
        tmux.keys(&["y", "Enter"]);
    }
    let sent = tmux.wait_for("the send", |s| s.contains("Press Enter to go back"));
    assert!(sent.contains("Sent to integration@vipps.no"), "{sent}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("back in vsd", |s| s.contains("sent "));
    // Written through the worker while it runs: once in the log.
    assert_eq!(logged(&cfg, &db, "VSD-1001", "sent"), 1);
    let mail = std::fs::read_to_string(dir.path().join("sent.eml")).expect("sent");
    assert!(mail.contains("The orderId is 123"), "{mail}");
    tmux.keys(&["Escape", "q"]);
}
