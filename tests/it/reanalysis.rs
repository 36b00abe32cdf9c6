//! When the rules change, an existing store is re-analysed from its raw
//! mail, without a download, and what changed goes into the event log.

use crate::common;

use common::{Home, mailbox, write_mbox};

fn sql(home: &Home, q: &str) {
    let c = rusqlite::Connection::open(home.path("vsd.db")).expect("open store");
    c.execute_batch(q).expect("sql");
}

fn kinds(home: &Home, key: &str) -> Vec<String> {
    home.json(&["log", key, "--json"])
        .as_array()
        .expect("log")
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["kind"].as_str().expect("kind"),
                e["detail"].as_str().expect("detail")
            )
        })
        .collect()
}

#[test]
fn an_older_analysis_is_redone_from_raw_mail_and_logged() {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    let clean = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(clean["messages"][3]["flags"], serde_json::json!([]));

    // A store written by a version whose splitter saw quoting in t100.
    sql(
        &home,
        "UPDATE messages SET quoted = 1, quote_evidence = '> old', analysis_version = 1
           WHERE message_id = 't100@example.com';
         UPDATE meta SET value = 'grouped by an older vsd' WHERE key = 'regroup.basis';",
    );
    home.vsd().args(["list"]).assert().success();
    let v = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(
        v["messages"][3]["flags"],
        serde_json::json!([]),
        "re-analysed from the raw mail, the stale flag is gone"
    );
    let log = kinds(&home, "VSD-100");
    assert!(!log.iter().any(|k| k.starts_with("flagged")), "{log:?}");

    // The same, but first grouped with the old finding so the flag was logged.
    sql(
        &home,
        "UPDATE messages SET quoted = 1, quote_evidence = '> old'
           WHERE message_id = 't100@example.com';
         UPDATE meta SET value = 'grouped by an older vsd' WHERE key = 'regroup.basis';",
    );
    // Regroup with the stale finding in place (as the old version did) …
    let mut store = vsd::store::Store::open(&home.path("vsd.db")).expect("store");
    store
        .regroup(&vsd::config::Config::parse_str(common::CONFIG, "c").expect("cfg"))
        .expect("regroup");
    drop(store);
    assert!(
        kinds(&home, "VSD-100")
            .iter()
            .any(|k| k.starts_with("flagged quoted-history"))
    );
    // … then a newer version opens the store.
    sql(
        &home,
        "UPDATE messages SET analysis_version = 1; UPDATE meta SET value = 'grouped by an older vsd' WHERE key = 'regroup.basis';",
    );
    home.vsd().args(["list"]).assert().success();
    let log = kinds(&home, "VSD-100");
    assert!(
        log.iter()
            .any(|k| k.starts_with("unflagged quoted-history")),
        "the lifted flag is logged: {log:?}"
    );
    let v = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(v["messages"][3]["flags"], serde_json::json!([]));
}
