//! `vsd draft … --save` against a private Dovecot: the draft lands in the
//! drafts folder with `\Draft` and threads on the newest message,
//! as fetched back from the server.

use crate::common;
use crate::support;

use common::{Home, mailbox};
use support::dovecot::{Dovecot, free_port};

/// A home whose config points at `d`, with the test mailbox in its INBOX
/// and synced into the store.
fn synced_home(d: &Dovecot) -> Home {
    let home = Home::new();
    let config = format!(
        "{}from = \"Ola Nordmann <ola@example.com>\"\n",
        d.config_toml(&["INBOX"])
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let mails: Vec<Vec<u8>> = mailbox().iter().map(|m| m.bytes()).collect();
    d.append("INBOX", &mails);
    let out = home.vsd().arg("sync").output().expect("sync");
    assert!(
        out.status.success(),
        "sync: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    home
}

fn body_file(home: &Home) -> String {
    let p = home.path("body.txt");
    std::fs::write(&p, "The MSN is 123456; here is the log.\n").expect("body");
    p.display().to_string()
}

/// (flags, raw) of every message in a folder.
fn fetch_all(d: &Dovecot, folder: &str) -> Vec<(Vec<String>, Vec<u8>)> {
    let mut s = d.session();
    s.select(folder).expect("select");
    let fetched = s.uid_fetch("1:*", "(FLAGS BODY.PEEK[])").expect("fetch");
    let out = fetched
        .iter()
        .map(|f| {
            (
                f.flags().iter().map(|fl| format!("{fl:?}")).collect(),
                f.body().expect("body").to_vec(),
            )
        })
        .collect();
    s.logout().ok();
    out
}

fn header(raw: &[u8], name: &str) -> String {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let all: Vec<String> = parsed
        .headers
        .iter()
        .filter(|h| h.get_key().eq_ignore_ascii_case(name))
        .map(|h| h.get_value())
        .collect();
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all.into_iter().next().unwrap_or_default()
}

#[test]
fn saved_reply_is_a_draft_in_dovecot_threaded_on_the_newest_message() {
    let Some(d) = Dovecot::start() else { return };
    let home = synced_home(&d);
    d.create_folder("Drafts");
    let f = body_file(&home);
    let out = home
        .vsd()
        .args(["draft", "reply", "VSD-100", "--body-file", &f, "--save"])
        .output()
        .expect("draft");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Drafts (UID 1)"
    );

    let drafts = fetch_all(&d, "Drafts");
    assert_eq!(drafts.len(), 1);
    let (flags, raw) = &drafts[0];
    assert!(flags.iter().any(|f| f == "Draft"), "{flags:?}");
    assert_eq!(
        header(raw, "Subject"),
        "Re: [VSD-100] POST /epayment gives 400"
    );
    assert_eq!(header(raw, "In-Reply-To"), "<t100@example.com>");
    assert_eq!(
        header(raw, "References"),
        "<req100@example.com> <auto100@vipps.no> <d100@vipps.no> <t100@example.com>"
    );
    // The message it threads on is the one in the server's INBOX.
    let inbox = fetch_all(&d, "INBOX");
    assert!(
        inbox
            .iter()
            .any(|(_, m)| header(m, "Message-ID") == "<t100@example.com>")
    );

    let log = home.json(&["log", "VSD-100", "--json"]);
    let kinds: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(kinds.ends_with(&["drafted", "draft-saved"]), "{kinds:?}");
}

#[test]
fn missing_drafts_folder_is_created() {
    let Some(d) = Dovecot::start() else { return };
    let home = synced_home(&d);
    let f = body_file(&home);
    let out = home
        .vsd()
        .args(["draft", "reply", "VSD-100", "--body-file", &f, "--save"])
        .output()
        .expect("draft");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let drafts = fetch_all(&d, "Drafts");
    assert_eq!(drafts.len(), 1);
    assert!(
        drafts[0].0.iter().any(|f| f == "Draft"),
        "{:?}",
        drafts[0].0
    );
    assert_eq!(header(&drafts[0].1, "In-Reply-To"), "<t100@example.com>");
}

#[test]
fn unreachable_server_exits_3_and_keeps_the_draft() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    common::write_mbox(&mbox, &mailbox());
    let config = format!(
        "{}\n[imap]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nuser = \"team@example.com\"\npassword = \"x\"\ntimeout_secs = 2\n",
        common::CONFIG,
        free_port()
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    home.vsd().arg("import").arg(&mbox).assert().success();
    let f = body_file(&home);
    let out = home
        .vsd()
        .args(["draft", "reply", "VSD-100", "--body-file", &f, "--save"])
        .output()
        .expect("draft");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("cannot save the draft"), "{stderr}");
    assert!(stderr.contains("the draft is kept in"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(home.path("drafts"))
            .expect("drafts dir")
            .count(),
        1
    );
}

#[test]
fn save_without_imap_is_a_usage_error() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    common::write_mbox(&mbox, &mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    let f = body_file(&home);
    let out = home
        .vsd()
        .args(["draft", "reply", "VSD-100", "--body-file", &f, "--save"])
        .output()
        .expect("draft");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let cfg = home.path("config.toml").display().to_string();
    assert!(
        stderr.contains(&format!(
            "cannot save the draft to the IMAP drafts folder: {cfg} has no [imap] section: run `vsd init --force`"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--out FILE.eml"), "{stderr}");
}
