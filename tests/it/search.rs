//! `vsd search` over the test mailbox and a few messages of its own: words
//! and prefixes, Norwegian letters kept apart from their look-alikes, keys
//! and orderIds as plain terms, qualifiers, the JSON fields, the index
//! following import and a store made before the index existed, and any
//! typed text giving a valid query.

use crate::common;

use common::{Home, Mail, mailbox, write_mbox};
use proptest::prelude::*;
use serde_json::Value;

fn home_with_mail() -> Home {
    let home = Home::new();
    let mut mails = mailbox();
    mails.push(
        Mail::new(
            "req400@example.com",
            "Fri, 6 Mar 2026 09:00:00 +0100",
            "Kari Berg <kari@example.com>",
            "Blåbær-kampanjen viser feil pris",
        )
        .to("integration@vipps.no")
        .body("Hei,\n\nKampanjen for blåbær viser 0 kr. orderId bær-77, MSN 123456.\n\nKari\n"),
    );
    mails.push(
        Mail::new(
            "req401@example.com",
            "Fri, 6 Mar 2026 10:00:00 +0100",
            "Per Olsen <per@example.com>",
            "Bar code missing on receipt",
        )
        .to("integration@vipps.no")
        .body("The bar code is missing. orderId bar-78.\n"),
    );
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mails);
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

fn search(home: &Home, query: &[&str]) -> Vec<Value> {
    let out = home
        .vsd()
        .arg("search")
        .args(query)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "vsd search {query:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array().expect("array").clone()
}

fn ids(hits: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = hits
        .iter()
        .map(|h| h["message_id"].as_str().expect("message_id").to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn words_match_whole_and_as_prefixes_in_subject_sender_and_text() {
    let home = home_with_mail();
    // "epay" is the start of "epayment" in a subject and a body.
    let hits = search(&home, &["epay"]);
    assert!(
        ids(&hits).contains(&"req100@example.com".to_string()),
        "{hits:?}"
    );
    assert!(hits.iter().all(|h| h["key"] == "VSD-100"), "{hits:?}");
    // Words in the desk's Norwegian answer.
    assert_eq!(
        ids(&search(&home, &["callback-URL", "manglet"])),
        ["d200@vipps.no"]
    );
    // Every word must match.
    assert_eq!(
        search(&home, &["epayment", "callback"]),
        Vec::<Value>::new()
    );
}

#[test]
fn norwegian_letters_are_letters_of_their_own() {
    let home = home_with_mail();
    assert_eq!(ids(&search(&home, &["bær"])), ["req400@example.com"]);
    assert_eq!(ids(&search(&home, &["bar"])), ["req401@example.com"]);
    assert_eq!(ids(&search(&home, &["blåbær"])), ["req400@example.com"]);
}

#[test]
fn keys_order_ids_and_fts_syntax_are_terms() {
    let home = home_with_mail();
    let hits = search(&home, &["VSD-200"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["key"] == "VSD-200"), "{hits:?}");
    assert_eq!(ids(&search(&home, &["abc-1"])), ["req100@example.com"]);
    // FTS5 operators and a stray quote are text, never an error.
    for q in [
        "NEAR(epayment",
        "\"unclosed",
        "AND",
        "a*b",
        "col:x",
        "^x",
        "{x}",
    ] {
        let out = home.vsd().args(["search", q]).output().expect("run");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn qualifiers_narrow_by_sender_flag_status_and_key() {
    let home = home_with_mail();
    let from_kari = ids(&search(&home, &["from:kari"]));
    assert!(from_kari.contains(&"req400@example.com".to_string()));
    assert!(from_kari.contains(&"t200a@example.com".to_string()));
    assert!(!from_kari.contains(&"req100@example.com".to_string()));
    // A changed Subject is flagged; flag: finds it with no word given.
    let changed = search(&home, &["flag:subject-changed"]);
    assert_eq!(ids(&changed), ["t200b@example.com"]);
    assert_eq!(
        ids(&search(&home, &["webhooks", "status:resolved"])).len(),
        ids(&search(&home, &["webhooks", "key:vsd-200"])).len()
    );
    assert!(search(&home, &["webhooks", "status:awaiting-desk"]).is_empty());
    home.vsd().args(["close", "VSD-100"]).assert().success();
    assert!(!search(&home, &["epayment", "status:closed"]).is_empty());
    assert!(search(&home, &["epayment", "status:open"]).is_empty());
}

#[test]
fn hits_carry_the_issue_the_message_and_a_marked_snippet() {
    let home = home_with_mail();
    let hits = search(&home, &["manglet"]);
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h["id"], "VSD-200");
    assert_eq!(h["key"], "VSD-200");
    assert_eq!(h["title"], "Webhooks kommer ikke fram");
    assert_eq!(h["message_id"], "d200@vipps.no");
    assert!(
        h["snippet"]
            .as_str()
            .expect("snippet")
            .contains("[manglet]"),
        "{h}"
    );
    // An unfiled request is found too, with its id.
    let hits = search(&home, &["recurring"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["key"], Value::Null);
    assert!(
        hits[0]["id"].as_str().expect("id").starts_with("unfiled:"),
        "{hits:?}"
    );
}

#[test]
fn text_output_names_each_issue_once_and_no_hit_exits_1() {
    let home = home_with_mail();
    let out = home
        .vsd()
        .args(["search", "webhooks"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("VSD-200")).count(),
        1,
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("  ") && l.contains("Kari")),
        "{text}"
    );
    let out = home.vsd().args(["search", "zyxwvu"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = home
        .vsd()
        .args(["search", "flag:nope"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("quoted-history"));
    let out = home
        .vsd()
        .args(["search", "--", "***"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

/// A store made before the index existed gets it built when vsd opens it,
/// and mail imported later is found as well.
#[test]
fn an_older_store_is_indexed_when_opened_and_new_mail_follows() {
    let home = home_with_mail();
    {
        let db = rusqlite::Connection::open(home.path("vsd.db")).expect("db");
        db.execute_batch(
            "DROP TRIGGER message_search_insert;
             DROP TRIGGER message_search_delete;
             DROP TRIGGER message_search_update;
             DROP TABLE message_search;
             ALTER TABLE issues DROP COLUMN last_desk_at;
             ALTER TABLE issues DROP COLUMN last_team_at;
             ALTER TABLE issues DROP COLUMN attachment_count;
             DROP INDEX assignments_other;
             DROP INDEX events_at;
             DROP INDEX locations_present;
             PRAGMA user_version = 11;",
        )
        .expect("make it a store from before 0013_search");
    }
    assert_eq!(ids(&search(&home, &["manglet"])), ["d200@vipps.no"]);
    let late = home.path("late.mbox");
    write_mbox(
        &late,
        &[Mail::new(
            "d201@vipps.no",
            "Sat, 7 Mar 2026 09:00:00 +0100",
            "Vipps Integration <integration@vipps.no>",
            "RE: VSD-200: Webhooks kommer ikke fram",
        )
        .to("kari@example.com")
        .reply("d200@vipps.no", &["req200@example.com", "d200@vipps.no"])
        .body("Sertifikatet er fornyet.\n")],
    );
    home.vsd().arg("import").arg(&late).assert().success();
    assert_eq!(ids(&search(&home, &["sertifikatet"])), ["d201@vipps.no"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever is typed, the store answers: hits or none, never an SQL or
    /// FTS5 syntax error.
    #[test]
    fn any_typed_text_is_a_valid_query(text in "[ -~æøåÆØÅ\"*():^{}\\-]{0,40}") {
        let store = vsd::store::Store::open(&shared_home().path("vsd.db")).expect("open");
        match vsd::store::SearchQuery::parse(&text) {
            Ok(q) => {
                store.search(&q, 10).expect("a valid query");
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

/// One small store for the property test, imported once.
fn shared_home() -> &'static Home {
    static HOME: std::sync::OnceLock<Home> = std::sync::OnceLock::new();
    HOME.get_or_init(home_with_mail)
}

fn stored(id: &str, body: &str) -> vsd::store::NewMessage {
    vsd::sync::ingest::prepare(vsd::sync::ingest::Incoming {
        raw: Mail::new(
            id,
            "Fri, 6 Mar 2026 09:00:00 +0100",
            "Kari Berg <kari@example.com>",
            "Webhook retries",
        )
        .to("integration@vipps.no")
        .body(body)
        .bytes(),
        origin: id.to_string(),
        fallback_date: None,
        location: None,
    })
}

fn found(store: &mut vsd::store::Store, word: &str) -> Vec<String> {
    store
        .regroup(&vsd::config::Config::default())
        .expect("regroup");
    let q = vsd::store::SearchQuery::parse(word).expect("query");
    store
        .search(&q, 10)
        .expect("search")
        .into_iter()
        .map(|h| h.message_id)
        .collect()
}

/// A first bulk write into an empty store builds the index once at its
/// end; one that never ends (the process died) leaves the index to be
/// built by the next vsd that opens the store, and every later message is
/// indexed as it is written again.
#[test]
fn the_index_of_a_first_import_is_built_at_its_end_or_after_a_crash() {
    use vsd::store::Store;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("vsd.db");
    let mut store = Store::open(&db).expect("store");
    store.begin_bulk();
    assert!(store.search_index_paused().expect("paused"));
    store
        .add_messages(&[stored(
            "w1@example.com",
            "The zanzibar endpoint times out.\n",
        )])
        .expect("add");
    store.end_bulk();
    assert!(!store.search_index_paused().expect("paused"));
    assert_eq!(found(&mut store, "zanzibar"), ["w1@example.com"]);
    // A store that holds mail keeps indexing as it goes.
    store.begin_bulk();
    assert!(!store.search_index_paused().expect("paused"));
    store.end_bulk();
    drop(store);

    let db2 = dir.path().join("crashed.db");
    let mut store = Store::open(&db2).expect("store");
    store.begin_bulk();
    store
        .add_messages(&[stored(
            "w2@example.com",
            "The kilimanjaro callback is lost.\n",
        )])
        .expect("add");
    // No end_bulk: the process is gone.
    drop(store);
    let mut store = Store::open(&db2).expect("reopen");
    assert!(!store.search_index_paused().expect("paused"));
    assert_eq!(found(&mut store, "kilimanjaro"), ["w2@example.com"]);
    store
        .add_messages(&[stored("w3@example.com", "Another kilimanjaro retry.\n")])
        .expect("add");
    let mut later = found(&mut store, "kilimanjaro");
    later.sort();
    assert_eq!(later, ["w2@example.com", "w3@example.com"]);
}
