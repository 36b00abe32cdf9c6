//! The review after the editor, in a real terminal against a real store: a
//! scripted `$EDITOR` writes the reply, and each choice of "(s)end, (e)dit
//! again, save as (d)raft, (q)uit?" is taken: edit again (the editor gets
//! the text back), save (the draft file holds the second text), a refused
//! draft whose text is kept and offered again by the next `r`, discard
//! (which asks), and send (through a sendmail-compatible script).

use crate::common::{self, Home, Mail};
use crate::support::tmux::{Tmux, require_tmux};

const DESK: &str = "Vipps Integration <integration@vipps.no>";
const OLA: &str = "Ola Nordmann <ola@example.com>";

/// The editor: run N copies what it was given to `seen-N`, then writes the
/// text of the file `next` (what the test wants the user to write).
const EDITOR: &str = "#!/bin/sh\nd=$(dirname \"$0\")\nn=$(($(cat \"$d/runs\" 2>/dev/null || echo 0) + 1))\necho $n > \"$d/runs\"\ncp \"$1\" \"$d/seen-$n\"\ncat \"$d/next\" > \"$1\"\n";

/// The sendmail-compatible program: the message on stdin to `sent.eml`.
const SENDMAIL: &str = "#!/bin/sh\ncat > \"$(dirname \"$0\")/sent.eml\"\n";

fn mailbox() -> Vec<Mail> {
    vec![
        Mail::new(
            "req800@example.com",
            "Mon, 2 Mar 2026 09:00:00 +0100",
            OLA,
            "Refund fails",
        )
        .to("integration@vipps.no")
        .body("Refund fails. MSN 123456, environment test, orderId abc-8.\n"),
        Mail::new(
            "auto800@vipps.no",
            "Mon, 2 Mar 2026 09:01:00 +0100",
            DESK,
            "[VSD-800] Refund fails",
        )
        .to(OLA)
        .reply("req800@example.com", &["req800@example.com"])
        .body("Thank you. Your issue number is VSD-800.\n"),
        Mail::new(
            "d800@vipps.no",
            "Tue, 3 Mar 2026 10:00:00 +0100",
            DESK,
            "RE: [VSD-800] Refund fails",
        )
        .to(OLA)
        .reply(
            "auto800@vipps.no",
            &["req800@example.com", "auto800@vipps.no"],
        )
        .body("Which orderId?\n"),
    ]
}

struct Setup {
    home: Home,
    /// Where the editor and sendmail scripts and their traces live.
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(smtp: bool) -> Setup {
        let dir = tempfile::tempdir().expect("tempdir");
        let script = |name: &str, text: &str| crate::common::script(dir.path(), name, text);
        script("editor.sh", EDITOR);
        let sendmail = script("sendmail.sh", SENDMAIL);
        let home = Home::new();
        let mut config = common::CONFIG.to_string();
        if smtp {
            config.push_str(&format!(
                "\n[smtp]\nsendmail_command = \"{}\"\n",
                sendmail.display()
            ));
        }
        vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
        common::write_mbox(&home.path("mail.mbox"), &mailbox());
        home.vsd()
            .arg("import")
            .arg(home.path("mail.mbox"))
            .assert()
            .success();
        Setup { home, dir }
    }

    /// What the editor writes on its next run.
    fn next(&self, text: &str) {
        std::fs::write(self.dir.path().join("next"), text).expect("next");
    }

    fn seen(&self, run: usize) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("seen-{run}"))).unwrap_or_default()
    }

    fn start(&self) -> Tmux {
        let editor = format!("EDITOR={}", self.dir.path().join("editor.sh").display());
        let cfg = self.home.path("config.toml");
        let db = self.home.path("vsd.db");
        Tmux::start(&[
            "env",
            "-u",
            "VISUAL",
            &editor,
            "TZ=UTC",
            env!("CARGO_BIN_EXE_vsd"),
            "--config",
            cfg.to_str().expect("path"),
            "--db",
            db.to_str().expect("path"),
        ])
    }

    /// The files in the drafts directory whose names end with `ending`.
    fn drafts(&self, ending: &str) -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(self.home.path("drafts"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().ends_with(ending))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

const QUOTING: &str =
    "The orderId is abc-8.\n\nOn Tue, Vipps Integration wrote:\n> Which orderId?\n";

#[test]
fn edit_again_then_save_as_a_draft() {
    if !require_tmux() {
        return;
    }
    let s = Setup::new(false);
    let tmux = s.start();
    tmux.wait_for("the list", |x| x.contains("VSD-800"));
    s.next("The orderId is abc-8 (first try).\n");
    tmux.keys(&["r"]);
    let review = tmux.wait_for("the review", |x| {
        x.contains("The draft passes the desk's rules.")
            && x.contains("(e)dit again, save as (d)raft, (q)uit?")
    });
    assert!(!review.contains("(s)end"), "no [smtp]: no send\n{review}");
    s.next("The orderId is abc-8.\n");
    tmux.keys(&["e", "Enter"]);
    tmux.wait_for("the second review", |x| {
        x.matches("The draft passes the desk's rules.").count() == 2
    });
    assert!(
        s.seen(2).contains("The orderId is abc-8 (first try)."),
        "edit again starts from the text written: {}",
        s.seen(2)
    );
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for("written", |x| x.contains("Press Enter to go back"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list with the draft's place", |x| {
        x.contains("VSD-800") && x.contains("draft written to")
    });
    let eml = s.drafts(".eml");
    assert_eq!(eml.len(), 1, "{eml:?}");
    let text = std::fs::read_to_string(&eml[0]).expect("draft");
    assert!(text.contains("The orderId is abc-8.\r\n") || text.contains("The orderId is abc-8.\n"));
    assert!(!text.contains("first try"), "{text}");
    tmux.keys(&["q"]);
}

#[test]
fn a_refused_draft_is_kept_resumed_by_the_next_r_and_discard_asks() {
    if !require_tmux() {
        return;
    }
    let s = Setup::new(false);
    let tmux = s.start();
    tmux.wait_for("the list", |x| x.contains("VSD-800"));
    s.next(QUOTING);
    tmux.keys(&["r"]);
    let review = tmux.wait_for("the review", |x| {
        x.contains("The draft breaks the desk's rules:") && x.contains("save as (d)raft")
    });
    assert!(review.contains("quoted-history"), "{review}");
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for("the question", |x| x.contains("Write it anyway? [y/N]"));
    tmux.keys(&["n", "Enter"]);
    tmux.wait_for("kept", |x| x.contains("Press Enter to go back"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list with the refusal", |x| {
        x.contains("draft not written") && x.contains("r resumes it")
    });
    let kept = s.drafts(".refused.txt");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        std::fs::read_to_string(&kept[0])
            .expect("kept")
            .contains("The orderId is abc-8.")
    );
    assert!(s.drafts(".eml").is_empty());

    // `r` again offers the kept text; the editor gets it.
    s.next("The orderId is abc-8, without the quote.\n");
    tmux.keys(&["r"]);
    tmux.wait_for("the offer to resume", |x| {
        x.contains("The text of a refused draft for VSD-800 is kept in")
            && x.contains("Resume it? [Y/n]")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the review of the resumed draft", |x| {
        x.contains("The draft passes the desk's rules.")
    });
    assert!(
        s.seen(2).contains("On Tue, Vipps Integration wrote:"),
        "{}",
        s.seen(2)
    );
    assert!(s.seen(2).contains("The orderId is abc-8."), "{}", s.seen(2));

    // Quit asks; no keeps the review going, yes discards.
    tmux.keys(&["q", "Enter"]);
    tmux.wait_for("the question", |x| x.contains("Discard the draft? [y/N]"));
    tmux.keys(&["n", "Enter"]);
    tmux.wait_for("the review again", |x| {
        x.matches("(e)dit again, save as (d)raft, (q)uit?").count() >= 2
    });
    tmux.keys(&["q", "Enter"]);
    tmux.wait_for("the question again", |x| {
        x.matches("Discard the draft? [y/N]").count() >= 2
    });
    tmux.keys(&["y", "Enter"]);
    tmux.wait_for("discarded", |x| x.contains("Press Enter to go back"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list", |x| x.contains("draft discarded"));
    assert!(s.drafts(".eml").is_empty());
    assert!(
        s.drafts(".refused.txt").is_empty(),
        "the resumed text went with the discard"
    );
    // Nothing left to resume: the next r opens the editor on the template.
    s.next("Thanks.\n");
    tmux.keys(&["r"]);
    tmux.wait_for("the third review", |x| {
        !s.seen(3).is_empty()
            && x.lines()
                .rfind(|l| !l.trim().is_empty())
                .is_some_and(|l| l.contains("(e)dit again, save as (d)raft, (q)uit?"))
    });
    assert!(
        !s.seen(3).contains("abc-8"),
        "the editor got the template: {}",
        s.seen(3)
    );
    tmux.keys(&["q", "Enter", "y", "Enter"]);
    tmux.wait_for("the prompt", |x| x.contains("Press Enter to go back"));
    tmux.keys(&["Enter"]);
    tmux.keys(&["q"]);
}

#[test]
fn send_from_the_review() {
    if !require_tmux() {
        return;
    }
    let s = Setup::new(true);
    let tmux = s.start();
    tmux.wait_for("the list", |x| x.contains("VSD-800"));
    s.next("The orderId is abc-8.\n");
    tmux.keys(&["r"]);
    tmux.wait_for("the review with send", |x| {
        x.contains("(s)end, (e)dit again, save as (d)raft, (q)uit?")
    });
    tmux.keys(&["s", "Enter"]);
    let sent = tmux.wait_for("the send", |x| {
        x.contains("Press Enter to go back") && (x.contains("Sent to") || x.contains("Not sent"))
    });
    assert!(sent.contains("Sent to integration@vipps.no"), "{sent}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list", |x| x.contains("VSD-800") && x.contains("sent "));
    let mail = std::fs::read_to_string(s.dir.path().join("sent.eml")).expect("sent");
    assert!(mail.contains("The orderId is abc-8."), "{mail}");
    assert!(mail.contains("In-Reply-To: <d800@vipps.no>"), "{mail}");
    tmux.keys(&["q"]);
}

/// Advice known before the editor waits for Enter instead of flashing by.
#[test]
fn advice_known_before_the_editor_is_shown_before_it() {
    if !require_tmux() {
        return;
    }
    let s = Setup::new(false);
    // A reply to a closed issue: the question comes before the editor.
    s.home.vsd().args(["close", "VSD-800"]).assert().success();
    let tmux = s.start();
    tmux.wait_for("the list", |x| {
        x.contains("VSD-800") || x.contains("No open")
    });
    tmux.keys(&["a"]);
    tmux.wait_for("the closed issue", |x| x.contains("VSD-800"));
    s.next("Thanks.\n");
    tmux.keys(&["/", "VSD-800", "Enter", "r"]);
    let before = tmux.wait_for("the advice", |x| {
        x.contains("Write a new request that names VSD-800")
    });
    assert!(before.contains("VSD-800 is closed"), "{before}");
    assert_eq!(s.seen(1), "", "the editor has not run yet");
    tmux.keys(&["n", "Enter"]);
    tmux.wait_for("the review", |x| x.contains("save as (d)raft"));
    tmux.keys(&["q", "Enter", "y", "Enter"]);
    tmux.wait_for("the prompt", |x| x.contains("Press Enter to go back"));
    tmux.keys(&["Enter", "q"]);
}

/// A draft that cannot be made (a new request without its Subject) is said
/// so and edited again with its text, never thrown away.
#[test]
fn a_draft_that_cannot_be_made_is_edited_again_with_its_text() {
    if !require_tmux() {
        return;
    }
    let s = Setup::new(false);
    let tmux = s.start();
    tmux.wait_for("the list", |x| x.contains("VSD-800"));
    s.next("Subject:\n\nWebhooks stopped. MSN 123456, environment test, orderId abc-9.\n");
    tmux.keys(&["w"]);
    tmux.wait_for("the refusal to make it", |x| {
        x.contains("The draft cannot be made:") && x.contains("needs a Subject")
    });
    s.next("Subject: Webhooks stopped\n\nWebhooks stopped. MSN 123456, environment test, orderId abc-9.\n");
    tmux.keys(&["e", "Enter"]);
    tmux.wait_for("the review", |x| x.contains("save as (d)raft, (q)uit?"));
    assert!(
        s.seen(2).contains("Webhooks stopped. MSN 123456"),
        "the editor got the text back: {}",
        s.seen(2)
    );
    // The checklist is not complete: written only on a yes.
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for("the question", |x| x.contains("Write it anyway? [y/N]"));
    tmux.keys(&["y", "Enter"]);
    tmux.wait_for("written", |x| x.contains("Press Enter to go back"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list", |x| x.contains("draft written to"));
    let eml = s.drafts(".eml");
    assert_eq!(eml.len(), 1, "{eml:?}");
    let text = std::fs::read_to_string(&eml[0]).expect("draft");
    assert!(text.contains("Subject: Webhooks stopped"), "{text}");
    tmux.keys(&["q"]);
}
