//! The issue view's mail-client keys in a real terminal against a real
//! store: To and Cc, the folded auto-reply, J/K, all headers (H) and the
//! raw source (X) read from the raw mail the store keeps, a link handed to
//! `[ui] opener` as one argument, and the key copied through `[ui]
//! clipboard` or, without it, with OSC 52 into tmux's own paste buffer;
//! and `vsd show` naming the same To and Cc.

use crate::common::{self, Home, Mail};
use crate::support::tmux::{Tmux, require_tmux};

const DESK: &str = "Vipps Integration <integration@vipps.no>";
const OLA: &str = "Ola Nordmann <ola@example.com>";

fn mailbox() -> Vec<Mail> {
    vec![
        Mail::new(
            "req700@example.com",
            "Mon, 2 Mar 2026 09:00:00 +0100",
            OLA,
            "Capture gives 401",
        )
        .to("integration@vipps.no")
        .cc("Kari Nordmann <kari@example.com>")
        .body("Hi,\n\nCapture returns 401. MSN 123456, environment test, orderId abc-7.\n\nOla\n"),
        Mail::new(
            "auto700@vipps.no",
            "Mon, 2 Mar 2026 09:01:00 +0100",
            DESK,
            "[VSD-700] Capture gives 401",
        )
        .to(OLA)
        .reply("req700@example.com", &["req700@example.com"])
        .body("Thank you. Your issue number is VSD-700.\n"),
        Mail::new(
            "d700@vipps.no",
            "Tue, 3 Mar 2026 10:00:00 +0100",
            DESK,
            "RE: [VSD-700] Capture gives 401",
        )
        .to(OLA)
        .cc("kari@example.com")
        .header("X-Desk-Ticket", "internal-4711")
        .reply(
            "auto700@vipps.no",
            &["req700@example.com", "auto700@vipps.no"],
        )
        .body("Please read https://developer.vippsmobilepay.com/docs/APIs/epayment-api/ first.\n"),
    ]
}

/// A home with the mailbox imported and `ui` as its `[ui]` section.
fn home(ui: &str) -> Home {
    let home = Home::new();
    let config = format!("{}\n[ui]\n{ui}\n", common::CONFIG);
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    common::write_mbox(&home.path("mail.mbox"), &mailbox());
    home.vsd()
        .arg("import")
        .arg(home.path("mail.mbox"))
        .assert()
        .success();
    home
}

fn start(home: &Home) -> Tmux {
    let cfg = home.path("config.toml");
    let db = home.path("vsd.db");
    Tmux::start(&[
        "env",
        "TZ=UTC",
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        cfg.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ])
}

#[test]
fn the_issue_view_shows_recipients_headers_source_opens_links_and_copies() {
    if !require_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let opened = dir.path().join("opened");
    let copied = dir.path().join("copied");
    let ui = format!(
        "opener = [\"sh\", \"-c\", \"printf '%s|%s' \\\"$#\\\" \\\"$1\\\" > {}\", \"sh\"]\n\
         clipboard = [\"sh\", \"-c\", \"cat > {}\"]",
        opened.display(),
        copied.display()
    );
    let home = home(&ui);
    let tmux = start(&home);
    tmux.wait_for("the list", |s| s.contains("VSD-700"));
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("the issue view", |s| s.contains("── 1/3"));
    assert!(s.contains("To: integration@vipps.no"), "{s}");
    assert!(s.contains("Cc: Kari Nordmann <kari@example.com>"), "{s}");
    assert!(s.contains("auto-reply, folded (z)"), "{s}");
    assert!(!s.contains("Your issue number is"), "{s}");
    // z unfolds it; J twice (the first message, then the auto-reply) brings
    // it to the top.
    tmux.keys(&["z", "J", "J"]);
    tmux.wait_for("the auto-reply unfolded", |s| {
        s.contains("Your issue number is VSD-700.") && !s.contains("folded (z)")
    });
    tmux.keys(&["z"]);
    tmux.wait_for("folded again", |s| s.contains("auto-reply, folded (z)"));
    tmux.keys(&["g"]);

    // J from the standing: the first message, then on to the desk's answer, whose headers and source come from the store.
    tmux.keys(&["J", "J", "J"]);
    tmux.keys(&["H"]);
    let s = tmux.wait_for("all headers", |s| s.starts_with("All headers 3/3"));
    assert!(s.contains("X-Desk-Ticket: internal-4711"), "{s}");
    assert!(s.contains("Message-ID: <d700@vipps.no>"), "{s}");
    tmux.keys(&["Escape", "X"]);
    let s = tmux.wait_for("the raw source", |s| s.starts_with("Raw source 3/3"));
    assert!(s.contains("Content-Transfer-Encoding: 8bit"), "{s}");
    assert!(s.contains("Please read https://developer"), "{s}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the issue view again", |s| s.contains("── 3/3"));

    // One link: opened at once, as one argument.
    tmux.keys(&["O"]);
    let want = "1|https://developer.vippsmobilepay.com/docs/APIs/epayment-api/";
    tmux.wait_for("the opener's notice", |s| {
        s.contains("opened https://developer")
    });
    assert_eq!(std::fs::read_to_string(&opened).expect("opened"), want);

    tmux.keys(&["y"]);
    tmux.wait_for("copied", |s| s.contains("copied VSD-700"));
    assert_eq!(std::fs::read_to_string(&copied).expect("copied"), "VSD-700");
    tmux.keys(&["Y"]);
    tmux.wait_for("copied the id", |s| s.contains("copied d700@vipps.no"));
    assert_eq!(
        std::fs::read_to_string(&copied).expect("copied"),
        "d700@vipps.no"
    );
    tmux.keys(&["Escape", "q"]);
    // tmux 3.3 leaves pane_dead_status empty for a zero exit status.
    tmux.wait_for("vsd exits", |_| {
        matches!(tmux.pane_state().as_str(), "1 0" | "1")
    });
}

#[test]
fn without_a_clipboard_command_the_key_is_copied_with_osc_52() {
    if !require_tmux() {
        return;
    }
    let home = home("");
    let tmux = start(&home);
    // tmux takes OSC 52 from the program into a paste buffer.
    let set = tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    assert!(set.status.success());
    tmux.wait_for("the list", |s| s.contains("VSD-700"));
    tmux.keys(&["y"]);
    tmux.wait_for("copied", |s| s.contains("copied VSD-700"));
    let start = std::time::Instant::now();
    let buffer = loop {
        let out = tmux.run(&["show-buffer"]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() || start.elapsed() > crate::support::tmux::WAIT {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(buffer, "VSD-700");
}

#[test]
fn show_gives_to_and_cc_of_every_message() {
    let home = home("");
    let v = home.json(&["show", "VSD-700", "--json"]);
    let messages = v["messages"].as_array().expect("messages");
    assert_eq!(
        messages[0]["to"],
        serde_json::json!(["integration@vipps.no"])
    );
    assert_eq!(
        messages[0]["cc"],
        serde_json::json!(["Kari Nordmann <kari@example.com>"])
    );
    assert_eq!(
        messages[2]["to"],
        serde_json::json!(["Ola Nordmann <ola@example.com>"])
    );
    assert_eq!(messages[1]["cc"], serde_json::json!([]));
    let out = home.vsd().args(["show", "VSD-700"]).output().expect("show");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  To: integration@vipps.no\n"), "{text}");
    assert!(
        text.contains("  Cc: Kari Nordmann <kari@example.com>\n"),
        "{text}"
    );
}
