//! Threads Outlook broke: a reply that lost In-Reply-To and References joins
//! its issue through Thread-Index (its first 22 bytes name the conversation)
//! and Thread-Topic, also in a store written before vsd read them.

use crate::common;

use base64::Engine;
use common::{Home, Mail, write_mbox};

/// A Thread-Index: the conversation's 22 bytes (`seed` sets them apart) and
/// five more for each reply below it.
fn thread_index(seed: u8, replies: usize) -> String {
    let mut bytes: Vec<u8> = (0..22u8)
        .map(|b| b.wrapping_mul(7).wrapping_add(seed))
        .collect();
    for r in 0..replies {
        bytes.extend([0x10, 0x20, 0x30, 0x40, r as u8]);
    }
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn mails() -> Vec<Mail> {
    let desk = "Vipps Integration <integration@vipps.no>";
    let ola = "Ola Nordmann <ola@example.com>";
    vec![
        Mail::new(
            "req300@example.com",
            "Mon, 2 Mar 2026 09:00:00 +0100",
            ola,
            "Refund fails",
        )
        .to("integration@vipps.no")
        .header("Thread-Topic", "Refund fails")
        .header("Thread-Index", &thread_index(1, 0))
        .body("Hi,\n\nThe refund fails.\n\nOla\n"),
        Mail::new(
            "auto300@vipps.no",
            "Mon, 2 Mar 2026 09:01:00 +0100",
            desk,
            "[VSD-300] Refund fails",
        )
        .to(ola)
        .reply("req300@example.com", &["req300@example.com"])
        .body("Thank you. Your issue number is VSD-300.\n"),
        // Outlook's reply, with neither In-Reply-To nor References, nor the key.
        Mail::new(
            "t300@example.com",
            "Tue, 3 Mar 2026 11:00:00 +0100",
            ola,
            "SV: Refund fails",
        )
        .to("integration@vipps.no")
        .header("Thread-Topic", "Refund fails")
        .header("Thread-Index", &thread_index(1, 1))
        .body("Any news?\n"),
        // Another conversation with the same Subject stays apart.
        Mail::new(
            "u400@example.com",
            "Wed, 4 Mar 2026 11:00:00 +0100",
            ola,
            "SV: Refund fails",
        )
        .to("integration@vipps.no")
        .header("Thread-Topic", "Refund fails")
        .header("Thread-Index", &thread_index(99, 1))
        .body("A different refund.\n"),
    ]
}

fn ids_of(home: &Home, key: &str) -> Vec<String> {
    let v = home.json(&["show", key, "--json"]);
    v["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["message_id"].as_str().expect("id").to_string())
        .collect()
}

fn unfiled(home: &Home) -> usize {
    let list = home.json(&["list", "--all", "--json"]);
    list.as_array()
        .expect("list")
        .iter()
        .filter(|i| i["key"].is_null())
        .count()
}

#[test]
fn outlook_reply_without_references_joins_its_issue_through_thread_index() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mails());
    home.vsd().arg("import").arg(&mbox).assert().success();
    assert_eq!(
        ids_of(&home, "VSD-300"),
        ["req300@example.com", "auto300@vipps.no", "t300@example.com"]
    );
    assert_eq!(
        unfiled(&home),
        1,
        "the other conversation is its own request"
    );
}

#[test]
fn a_store_written_before_thread_index_was_read_joins_on_reanalysis() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mails());
    home.vsd().arg("import").arg(&mbox).assert().success();
    // As an older vsd stored them: no conversation ids, an older analysis.
    let c = rusqlite::Connection::open(home.path("vsd.db")).expect("open store");
    c.execute_batch(
        "UPDATE messages SET in_reply_to = '', refs = '' WHERE message_id <> 'auto300@vipps.no';
         UPDATE messages SET analysis_version = 2;
         UPDATE meta SET value = 'grouped by an older vsd' WHERE key = 'regroup.basis';",
    )
    .expect("sql");
    drop(c);
    home.vsd().args(["list"]).assert().success();
    assert_eq!(
        ids_of(&home, "VSD-300"),
        ["req300@example.com", "auto300@vipps.no", "t300@example.com"]
    );
}
