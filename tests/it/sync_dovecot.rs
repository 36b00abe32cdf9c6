//! Sync against a real Dovecot: issues from INBOX and Sent, idempotent
//! re-sync, new mail, expunges, flag changes, a recreated folder.

use crate::support;

use support::dovecot::{Dovecot, message};
use support::mail;
use vsd::config::Config;
use vsd::imap;
use vsd::store::Store;
use vsd::sync::{self, SyncSummary};

fn config(d: &Dovecot) -> Config {
    Config::parse_str(&d.config_toml(&["INBOX", "Sent"]), "test.toml").expect("config")
}

fn sync_once(d: &Dovecot, store: &mut Store) -> SyncSummary {
    let cfg = config(d);
    let icfg = cfg.imap.clone().expect("imap");
    let pw = imap::password(&icfg).expect("password");
    let mut s = imap::connect(&icfg, &pw).expect("connect");
    let sum = sync::sync_all(&mut s, store, &cfg, &mut |_| {}).expect("sync");
    s.logout();
    sum
}

fn keys(store: &Store) -> Vec<(Option<String>, String, usize)> {
    let mut v: Vec<_> = store
        .list(true)
        .expect("list")
        .into_iter()
        .map(|i| (i.key, i.title, i.message_count))
        .collect();
    v.sort();
    v
}

/// The store's view of a folder equals the server's.
fn assert_mirrors(d: &Dovecot, store: &Store, folder: &str) {
    let mut s = d.session();
    s.examine(folder).expect("examine");
    let fetches = s
        .uid_fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        .expect("fetch ids");
    let mut on_server: Vec<String> = fetches
        .iter()
        .filter_map(|f| f.header())
        .map(|h| {
            let h = String::from_utf8_lossy(h);
            let v = h.split_once(':').map(|x| x.1).unwrap_or("").trim();
            v.trim_start_matches('<').trim_end_matches('>').to_string()
        })
        .collect();
    on_server.sort();
    assert_eq!(
        store.message_ids_in_folder(folder).expect("ids"),
        on_server,
        "{folder}"
    );
}

#[test]
fn inbox_and_sent_sync_into_issues_and_resync_adds_nothing() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let mut store = Store::open_in_memory().expect("store");
    let first = sync_once(&d, &mut store);
    assert_eq!(first.new_messages, 6);
    assert_eq!(first.fetched, 6);
    assert_eq!(first.new_issues, 2);
    assert_eq!(
        keys(&store),
        vec![
            (None, "Login page is blank".to_string(), 1),
            (
                Some("VSD-1001".to_string()),
                "Refund fails for order 123".to_string(),
                3
            ),
            (
                Some("VSD-1002".to_string()),
                "Capture times out".to_string(),
                2
            ),
        ]
    );
    assert_mirrors(&d, &store, "INBOX");
    assert_mirrors(&d, &store, "Sent");

    let again = sync_once(&d, &mut store);
    assert_eq!(
        again,
        SyncSummary {
            folders: 2,
            ..SyncSummary::default()
        }
    );
    assert_eq!(store.message_count().unwrap(), 6);
}

/// Issue 17's bug: a fresh sync did not record what it grouped under, so
/// the first command after it regrouped the whole store again.
#[test]
fn the_first_command_after_a_fresh_sync_regroups_nothing() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("vsd.db");
    let mut store = Store::open(&db).expect("store");
    sync_once(&d, &mut store);
    let cfg = config(&d);
    assert!(
        store
            .grouped_under(&vsd::issues::grouping::GroupConfig::from_config(&cfg))
            .expect("basis")
    );
    assert!(
        !vsd::app::maintain(&mut store, &db, &cfg).expect("maintain"),
        "nothing was left to re-analyse or regroup"
    );
    // Other settings are another grouping: then it is redone, once.
    let mut other = cfg.clone();
    other.desk.new_problem_after_days += 1;
    assert!(vsd::app::maintain(&mut store, &db, &other).expect("maintain"));
    assert!(!vsd::app::maintain(&mut store, &db, &other).expect("maintain"));
}

#[test]
fn new_mail_arrives_with_the_next_sync() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let mut store = Store::open_in_memory().expect("store");
    sync_once(&d, &mut store);
    d.append("INBOX", &[mail::late_reply()]);
    let s = sync_once(&d, &mut store);
    assert_eq!((s.fetched, s.new_messages, s.new_issues), (1, 1, 0));
    let v = store.list(true).unwrap();
    let i = v
        .iter()
        .find(|i| i.key.as_deref() == Some("VSD-1002"))
        .unwrap();
    assert_eq!(i.message_count, 3);
    assert_eq!(i.status.as_str(), "awaiting-team");
    assert_mirrors(&d, &store, "INBOX");
}

#[test]
fn deleted_message_is_marked_gone_and_flags_follow() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let mut store = Store::open_in_memory().expect("store");
    sync_once(&d, &mut store);
    let (v, uids) = d.uids("INBOX");
    assert_eq!(uids, vec![1, 2, 3]);
    d.store_flags("INBOX", "1", "+FLAGS (\\Seen \\Flagged)");
    d.expunge("INBOX", "2");
    let s = sync_once(&d, &mut store);
    assert_eq!((s.fetched, s.gone, s.flag_changes), (0, 1, 1));
    assert_eq!(
        store.locations_of("INBOX", v).unwrap(),
        vec![
            (1, "\\Flagged \\Seen".to_string(), false),
            (2, String::new(), true),
            (3, String::new(), false),
        ]
    );
    // The message stays in the store and in its issue.
    assert_eq!(store.message_count().unwrap(), 6);
    assert_mirrors(&d, &store, "INBOX");
}

#[test]
fn recreated_folder_loses_and_doubles_nothing() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let mut store = Store::open_in_memory().expect("store");
    sync_once(&d, &mut store);
    let (v1, _) = d.uids("Sent");
    // The folder is recreated with two of its three messages and one new one.
    d.delete_folder("Sent");
    let sent: Vec<Vec<u8>> = mail::mailbox()
        .into_iter()
        .filter(|(f, _)| *f == "Sent")
        .map(|(_, m)| m)
        .take(2)
        .collect();
    d.append("Sent", &sent);
    d.append(
        "Sent",
        &[message(
            "req4@example.com",
            mail::OLA,
            mail::DESK,
            "Another thing",
            "Sat, 7 Mar 2026 09:00:00 +0100",
            "",
            "Hello.",
        )],
    );
    let (v2, _) = d.uids("Sent");
    assert_ne!(v1, v2);
    let s = sync_once(&d, &mut store);
    assert_eq!(
        (s.relocated, s.fetched, s.new_messages, s.gone),
        (2, 1, 1, 3)
    );
    assert_eq!(store.message_count().unwrap(), 7);
    assert_mirrors(&d, &store, "Sent");
    assert_eq!(store.present_count("Sent", v1).unwrap(), 0);
    assert_eq!(store.present_count("Sent", v2).unwrap(), 3);
    let again = sync_once(&d, &mut store);
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn unparseable_message_is_stored_raw_and_reported() {
    let Some(d) = Dovecot::start() else { return };
    d.create_folder("Sent");
    d.append("INBOX", &[b"\xff\xfe garbage without headers\r\n".to_vec()]);
    d.append("INBOX", &[mail::late_reply()]);
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_once(&d, &mut store);
    assert_eq!(s.fetched, 2);
    assert_eq!(s.new_messages, 2);
    assert!(s.waiting.is_empty(), "{:?}", s.waiting);
}

#[test]
fn missing_folder_is_named_after_the_others_sync() {
    let Some(d) = Dovecot::start() else { return };
    d.append("INBOX", &[mail::late_reply()]);
    let cfg = Config::parse_str(&d.config_toml(&["INBOX", "Nonesuch"]), "t.toml").unwrap();
    let icfg = cfg.imap.clone().unwrap();
    let mut s = imap::connect(&icfg, &imap::password(&icfg).unwrap()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let e = sync::sync_all(&mut s, &mut store, &cfg, &mut |_| {}).expect_err("error");
    assert!(e.to_string().contains("\"Nonesuch\""), "{e}");
    assert_eq!(e.exit_code(), 2);
    assert_eq!(store.message_count().unwrap(), 1);
}

#[test]
fn many_messages_in_several_batches() {
    let Some(d) = Dovecot::start() else { return };
    d.create_folder("Sent");
    let body = "x".repeat(100_000);
    let n = d.write_maildir(
        "INBOX",
        (0..200).map(|i| {
            message(
                &format!("m{i}@example.com"),
                mail::OLA,
                mail::DESK,
                &format!("Bulk {i}"),
                "Mon, 2 Mar 2026 09:00:00 +0100",
                "",
                &body,
            )
        }),
    );
    assert_eq!(n, 200);
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_once(&d, &mut store);
    assert_eq!(s.fetched, 200);
    assert_eq!(s.new_messages, 200);
    let st = store.folder_state("INBOX").unwrap().unwrap();
    assert_eq!(st.uidnext, 201);
    assert_mirrors(&d, &store, "INBOX");
}

/// A first sync regroups every few thousand stored messages rather than
/// once at its end; what it leaves is what one regroup of the same mail
/// makes (the same issues, statuses, flags and events).
#[test]
fn a_first_sync_that_regroups_as_it_goes_groups_as_one_regroup_does() {
    let Some(d) = Dovecot::start() else { return };
    d.create_folder("Sent");
    let mut mails = Vec::new();
    for i in 0..1500 {
        let day = format!("Mon, {} Mar 2026 09:00:00 +0100", 1 + i % 28);
        let key = format!("VSD-{}", 20_000 + i);
        let (req, ack, team, desk) = (
            format!("q{i}@example.com"),
            format!("a{i}@vipps.no"),
            format!("t{i}@example.com"),
            format!("d{i}@vipps.no"),
        );
        let irt = |p: &str, refs: &[&String]| {
            let refs: Vec<String> = refs.iter().map(|r| format!("<{r}>")).collect();
            format!("In-Reply-To: <{p}>\r\nReferences: {}\r\n", refs.join(" "))
        };
        mails.push(message(
            &req,
            mail::OLA,
            mail::DESK,
            &format!("Problem {i}"),
            &day,
            "",
            "Capture fails.",
        ));
        mails.push(message(
            &ack,
            mail::DESK,
            mail::OLA,
            &format!("[{key}] Problem {i}"),
            &day,
            &irt(&req, &[&req]),
            "We have received your request.",
        ));
        // Every third team reply changes the Subject (a flag); every
        // fifth issue gets no desk answer.
        let subject = if i % 3 == 0 {
            format!("RE: Problem {i} again")
        } else {
            format!("RE: [{key}] Problem {i}")
        };
        mails.push(message(
            &team,
            mail::OLA,
            mail::DESK,
            &subject,
            &day,
            &irt(&ack, &[&req, &ack]),
            "More details.",
        ));
        if i % 5 != 0 {
            mails.push(message(
                &desk,
                mail::DESK,
                mail::OLA,
                &format!("RE: [{key}] Problem {i}"),
                &day,
                &irt(&team, &[&req, &ack, &team]),
                "Fixed now.",
            ));
        }
    }
    assert!(mails.len() > 5_000, "more than one regroup's worth");
    d.write_maildir("INBOX", mails.iter().cloned());
    let cfg = config(&d);
    let dir = tempfile::tempdir().expect("dir");
    let mut synced = Store::open(&dir.path().join("synced.db")).expect("store");
    let sum = sync_once(&d, &mut synced);
    assert_eq!(sum.new_messages, mails.len());
    let mut once = Store::open(&dir.path().join("once.db")).expect("store");
    let prepared: Vec<_> = mails
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            vsd::sync::ingest::prepare(vsd::sync::ingest::Incoming {
                raw: raw.clone(),
                origin: format!("m{i}"),
                fallback_date: None,
                location: None,
            })
        })
        .collect();
    once.add_messages(&prepared).expect("add");
    once.regroup_everything(&cfg).expect("regroup");
    let issues = |s: &Store| {
        let mut v: Vec<_> = s
            .list(true)
            .expect("list")
            .into_iter()
            .map(|i| (i.id, i.status, i.message_count, i.flags, i.last_activity))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let events = |s: &Store| {
        let mut v: Vec<_> = s
            .log(None)
            .expect("log")
            .into_iter()
            .map(|e| (e.key, e.kind, e.detail, e.at))
            .collect();
        v.sort();
        v
    };
    assert_eq!(issues(&synced).len(), 1500);
    assert_eq!(issues(&synced), issues(&once));
    assert_eq!(events(&synced), events(&once));
}

#[test]
fn resumed_sync_notices_mail_expunged_meanwhile() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let mut store = Store::open_in_memory().expect("store");
    sync_once(&d, &mut store);
    // As an interrupted first sync leaves it: UIDNEXT raised, never completed.
    let st = store.folder_state("INBOX").unwrap().unwrap();
    store
        .set_folder_state(
            "INBOX",
            &vsd::store::FolderState {
                highest_modseq: None,
                synced_at: None,
                ..st
            },
        )
        .unwrap();
    d.expunge("INBOX", "3");
    let s = sync_once(&d, &mut store);
    assert_eq!((s.fetched, s.gone), (0, 1));
    assert_mirrors(&d, &store, "INBOX");
    // Completed now: the next sync has nothing to do.
    assert!(sync_once(&d, &mut store).is_empty());
}

#[test]
fn vsd_sync_command_syncs_and_prints_a_summary() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    vsd::files::write(&conf, d.config_toml(&["INBOX", "Sent"]).as_bytes()).unwrap();
    let db = dir.path().join("vsd.db");
    let out = assert_cmd::Command::cargo_bin("vsd")
        .unwrap()
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(&db)
        .arg("sync")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("vsd sync: 6 new messages, 2 new issues"),
        "{err}"
    );
    assert!(!err.contains(support::dovecot::PASSWORD));
    let out = assert_cmd::Command::cargo_bin("vsd")
        .unwrap()
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(&db)
        .arg("sync")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("vsd sync: 0 new messages, 0 new issues, 0 new flags"),
        "{err}"
    );
}

#[test]
fn vsd_sync_command_exits_3_when_the_server_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    let port = support::dovecot::free_port();
    vsd::files::write(
        &conf,
        format!("[imap]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nuser = \"u\"\npassword = \"hunter2\"\ntimeout_secs = 2\n").as_bytes(),
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("vsd")
        .unwrap()
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(dir.path().join("vsd.db"))
        .arg("sync")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("cannot connect to 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn mail_imported_before_the_first_sync_is_not_downloaded_again() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let mut store = Store::open_in_memory().expect("store");
    let cfg = config(&d);
    // Two of the six messages came in through a local import.
    let items: Vec<vsd::sync::ingest::Incoming> = mail::mailbox()
        .into_iter()
        .take(2)
        .enumerate()
        .map(|(i, (_, raw))| vsd::sync::ingest::Incoming {
            raw,
            origin: format!("import:{i}"),
            fallback_date: None,
            location: None,
        })
        .collect();
    vsd::sync::ingest::ingest(&mut store, &cfg, items).expect("import");
    let s = sync_once(&d, &mut store);
    assert_eq!((s.relocated, s.fetched, s.new_messages), (2, 4, 4));
    assert_eq!(store.message_count().unwrap(), 6);
    assert_mirrors(&d, &store, "INBOX");
    assert_mirrors(&d, &store, "Sent");
}

/// A folder whose name is not ASCII (a Norwegian client's "Sendte elementer"
/// renamed "Utgående") is named in modified UTF-7 on the wire, as the server
/// knows it, and keeps the user's spelling in the store.
#[test]
fn folder_names_beyond_ascii_are_sent_in_modified_utf7() {
    let Some(d) = Dovecot::start() else { return };
    let folder = "Utgående & svar";
    // The harness talks to the server directly, so it names the folder as
    // the server stores it.
    d.append(
        "Utg&AOU-ende &- svar",
        &[message(
            "out1@example.com",
            "Kari <kari@example.com>",
            "integration@vipps.no",
            "Re: [VSD-4242] Kvittering mangler",
            "Mon, 02 Mar 2026 10:00:00 +0100",
            "",
            "Her er ordrenummeret.",
        )],
    );
    let cfg = Config::parse_str(&d.config_toml(&["INBOX", folder]), "test.toml").expect("config");
    let icfg = cfg.imap.clone().expect("imap");
    let pw = imap::password(&icfg).expect("password");
    let mut s = imap::connect(&icfg, &pw).expect("connect");
    let mut store = Store::open_in_memory().expect("store");
    let sum = sync::sync_all(&mut s, &mut store, &cfg, &mut |_| {}).expect("sync");
    assert_eq!(sum.new_messages, 1);
    assert_eq!(
        store.message_ids_in_folder(folder).expect("ids"),
        vec!["out1@example.com".to_string()]
    );
    // Saving a draft creates and appends to such a folder the same way.
    s.create("Kladder/Påbegynt").expect("create");
    s.append(
        "Kladder/Påbegynt",
        &message(
            "d1@example.com",
            "a@example.com",
            "b@example.com",
            "x",
            "Mon, 02 Mar 2026 10:00:00 +0100",
            "",
            "x",
        ),
        &[],
    )
    .expect("append");
    s.logout();
    let mut raw = d.session();
    let st = raw
        .examine("Kladder/P&AOU-begynt")
        .expect("the encoded name exists");
    assert_eq!(st.exists, 1);
    raw.logout().ok();
}
