//! `max_message_size` against a real Dovecot: a message above it is stored
//! as its header and a placeholder body, shown as partial by `vsd show`,
//! and `vsd fetch MESSAGE-ID` downloads it whole, replacing the placeholder
//! (re-analysed and regrouped).

use crate::support;

use std::os::unix::fs::PermissionsExt;
use support::dovecot::{Dovecot, message};
use support::mail::{DESK, OLA};
use vsd::config::Config;
use vsd::imap;
use vsd::store::Store;
use vsd::sync;

const BIG_ID: &str = "big-logs@example.com";

/// A desk auto-reply opening VSD-2001, and the team's reply carrying 40 KB
/// of logs with an unredacted secret in them.
fn serve(d: &Dovecot) -> usize {
    let ack = message(
        "ack-2001@vipps.no",
        DESK,
        OLA,
        "[VSD-2001] Capture fails with 500",
        "Mon, 2 Mar 2026 09:00:00 +0100",
        "",
        "Thank you, we have received your request.",
    );
    let logs =
        "2026-03-02T10:00:00Z capture failed: HTTP 500 from /epayment/v1/payments\r\n".repeat(520);
    let big = message(
        BIG_ID,
        OLA,
        DESK,
        "Re: [VSD-2001] Capture fails with 500",
        "Mon, 2 Mar 2026 10:30:00 +0100",
        "In-Reply-To: <ack-2001@vipps.no>\r\nReferences: <ack-2001@vipps.no>\r\n",
        &format!("Here are the logs.\r\n\r\nclient_secret: 9f8e7d6c5b4a39f3e\r\n\r\n{logs}"),
    );
    let size = big.len();
    d.append("INBOX", &[ack, big]);
    size
}

fn config_text(d: &Dovecot, max: &str) -> String {
    d.config_toml(&["INBOX"]).replacen(
        "timeout_secs = 10\n",
        &format!("timeout_secs = 10\nmax_message_size = {max}\n"),
        1,
    )
}

fn vsd(
    conf: &std::path::Path,
    db: &std::path::Path,
    args: &[&str],
) -> (Option<i32>, String, String) {
    let out = assert_cmd::Command::cargo_bin("vsd")
        .expect("vsd")
        .arg("--config")
        .arg(conf)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run vsd");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn message_above_max_message_size_is_a_placeholder_until_fetched_whole() {
    let Some(d) = Dovecot::start() else { return };
    let size = serve(&d);
    assert!(size > 32 * 1024);
    let dir = tempfile::tempdir().expect("tempdir");
    let conf = dir.path().join("config.toml");
    let db = dir.path().join("vsd.db");
    let text = config_text(&d, "\"32KB\"");
    std::fs::write(&conf, &text).expect("config");
    // A password in the file is taken only from a file no one else reads.
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let cfg = Config::parse_str(&text, "test.toml").expect("config");

    let mut store = Store::open(&db).expect("store");
    let icfg = cfg.imap.clone().expect("imap");
    let mut s = imap::connect(&icfg, &imap::password(&icfg).expect("pw")).expect("connect");
    let sum = sync::sync_all(&mut s, &mut store, &cfg, &mut |_| {}).expect("sync");
    s.logout();
    assert_eq!(sum.new_messages, 2);

    let detail = store.detail("VSD-2001").expect("issue");
    assert_eq!(detail.messages.len(), 2, "the placeholder joins its issue");
    let big = &detail.messages[1];
    assert_eq!(big.message_id, BIG_ID);
    assert_eq!(big.partial_size, Some(size as u64));
    assert!(
        big.new_text.contains("above max_message_size (32 KB)"),
        "{}",
        big.new_text
    );
    assert!(
        big.new_text.contains(&format!("vsd fetch '{BIG_ID}'")),
        "{}",
        big.new_text
    );
    assert!(
        !big.new_text.contains("capture failed"),
        "the body was not downloaded"
    );
    assert!(!big.flags.contains(&vsd::issues::RuleId::SecretUnredacted));
    assert_eq!(detail.messages[0].partial_size, None);
    drop(store);

    // `vsd show` says so, in text and JSON.
    let (code, out, err) = vsd(&conf, &db, &["show", "VSD-2001"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(partial: "), "{out}");
    assert!(
        out.contains(&format!("vsd fetch '{BIG_ID}' downloads it whole")),
        "{out}"
    );
    let (_, out, _) = vsd(&conf, &db, &["show", "VSD-2001", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["messages"][1]["partial_size"], serde_json::json!(size));
    assert_eq!(json["messages"][0]["partial_size"], serde_json::Value::Null);

    // A re-sync leaves it as it is: the UID is stored.
    let (code, _, err) = vsd(&conf, &db, &["sync"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("0 new messages"), "{err}");

    // Fetched whole on request: the real text, re-analysed and regrouped.
    let (code, out, err) = vsd(&conf, &db, &["fetch", &format!("<{BIG_ID}>")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(&format!("fetched <{BIG_ID}> whole")), "{out}");
    let store = Store::open(&db).expect("store");
    let detail = store.detail("VSD-2001").expect("issue");
    let big = &detail.messages[1];
    assert_eq!(big.partial_size, None);
    assert!(
        big.new_text.contains("capture failed: HTTP 500"),
        "{}",
        big.new_text
    );
    assert!(
        big.flags.contains(&vsd::issues::RuleId::SecretUnredacted),
        "the whole message is analysed: {:?}",
        big.flags
    );
    drop(store);

    // Again: nothing to do, said plainly.
    let (code, out, _) = vsd(&conf, &db, &["fetch", BIG_ID]);
    assert_eq!(code, Some(0));
    assert!(out.contains("stored whole already"), "{out}");
}

#[test]
fn vsd_fetch_of_an_unknown_message_id_is_a_usage_error() {
    let Some(d) = Dovecot::start() else { return };
    serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let conf = dir.path().join("config.toml");
    let db = dir.path().join("vsd.db");
    std::fs::write(&conf, config_text(&d, "\"32KB\"")).expect("config");
    // A password in the file is taken only from a file no one else reads.
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (code, _, err) = vsd(&conf, &db, &["sync"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = vsd(&conf, &db, &["fetch", "nonesuch@example.com"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no message with that Message-ID"), "{err}");
}

#[test]
fn message_below_max_message_size_is_fetched_whole() {
    let Some(d) = Dovecot::start() else { return };
    let size = serve(&d);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vsd.db");
    // A bare integer is bytes.
    let text = config_text(&d, &format!("{}", size + 1));
    let cfg = Config::parse_str(&text, "test.toml").expect("config");
    let mut store = Store::open(&db).expect("store");
    let icfg = cfg.imap.clone().expect("imap");
    let mut s = imap::connect(&icfg, &imap::password(&icfg).expect("pw")).expect("connect");
    sync::sync_all(&mut s, &mut store, &cfg, &mut |_| {}).expect("sync");
    s.logout();
    let detail = store.detail("VSD-2001").expect("issue");
    assert!(detail.messages.iter().all(|m| m.partial_size.is_none()));
    assert!(detail.messages[1].new_text.contains("capture failed"));
}
