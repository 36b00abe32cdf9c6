//! The fetch path never loses a message: each misbehaviour of a server
//! found by syncing against scripted servers, replayed through the fake
//! server in `tests/support/scripted.rs`. After every sync, each UID the
//! server lists is stored or recorded as waiting, with the reason; a
//! waiting UID is fetched at the next sync the server serves it.

use crate::support;

use support::dovecot::message;
use support::mail::{DESK, OLA};
use support::scripted::{BodyAnswer, FakeServer};
use vsd::config::Config;
use vsd::imap::{self, Password};
use vsd::store::Store;
use vsd::sync::{self, SyncError, SyncSummary};

fn mail(i: u32) -> Vec<u8> {
    message(
        &format!("m{i}@example.com"),
        DESK,
        OLA,
        &format!("[VSD-{}] Case {i}", 3000 + i),
        "Mon, 2 Mar 2026 09:00:00 +0100",
        "",
        &format!("Body of message {i}.\r\nSecond line."),
    )
}

fn server(n: u32) -> FakeServer {
    FakeServer::new(77, (1..=n).map(mail).collect())
}

fn cfg() -> Config {
    Config::parse_str(
        "[imap]\nhost = \"127.0.0.1\"\ntls = \"none\"\nuser = \"u\"\npassword = \"p\"\nfolders = [\"INBOX\"]\n",
        "t.toml",
    )
    .expect("config")
}

fn sync_with(server: &FakeServer, store: &mut Store) -> Result<SyncSummary, SyncError> {
    imap::quiet_imap_panics();
    let mut s = imap::login(
        server.connect(),
        "fake",
        "u",
        &Password::new("p".into()),
        true,
        false,
    )
    .expect("login");
    let r = sync::sync_all(&mut s, store, &cfg(), &mut |_| {});
    s.logout();
    r
}

/// (uid, Message-ID) of every present location of INBOX, by UID.
fn located(store: &Store) -> Vec<(u32, String)> {
    store.located_message_ids("INBOX", 77).expect("locations")
}

fn waiting(store: &Store) -> Vec<(u32, String, u32)> {
    store
        .not_fetched("INBOX", 77)
        .expect("waiting")
        .into_iter()
        .map(|n| (n.uid, n.reason, n.attempts))
        .collect()
}

/// Every UID of the server is stored (under its own Message-ID) or waits.
fn assert_accounted(store: &Store, n: u32) {
    let stored: Vec<u32> = located(store).into_iter().map(|(u, _)| u).collect();
    let waits: Vec<u32> = waiting(store).into_iter().map(|(u, _, _)| u).collect();
    for uid in 1..=n {
        assert!(
            stored.contains(&uid) != waits.contains(&uid),
            "uid {uid}: stored {stored:?}, waiting {waits:?}"
        );
    }
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

/// The store holds exactly the server's messages, each at its own UID, and
/// nothing waits.
fn assert_all_stored(store: &Store, n: u32) {
    assert_eq!(
        located(store),
        (1..=n)
            .map(|u| (u, format!("m{u}@example.com")))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        store.message_ids_in_folder("INBOX").expect("ids").len(),
        n as usize
    );
    assert_eq!(waiting(store), vec![]);
    assert_eq!(store.message_count().expect("count"), u64::from(n));
}

/// Replaces `from` by `to` in the answer.
fn edit(a: &BodyAnswer, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(a.answer).into_owned();
    assert!(text.contains(from), "{text}");
    text.replacen(from, to, 1).into_bytes()
}

/// The answer with its `BODY[] {n}\r\n...` item left out.
fn without_body(a: &BodyAnswer) -> Vec<u8> {
    let text = String::from_utf8_lossy(a.answer).into_owned();
    let start = text.find(" BODY[] {").expect("body item");
    format!("{})\r\n", &text[..start]).into_bytes()
}

#[test]
fn internaldate_nil_panic_in_imap_proto_costs_no_message() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            edit(
                a,
                "INTERNALDATE \"02-Mar-2026 09:00:00 +0100\"",
                "INTERNALDATE NIL",
            )
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
}

#[test]
fn metadata_literal_not_utf8_does_not_kill_the_fetch() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        let mut out = Vec::new();
        if a.uid == 2 {
            out.extend_from_slice(
                b"* METADATA \"INBOX\" (/private/comment {4}\r\n\xff\xfe\xfd\xfc)\r\n",
            );
        }
        out.extend_from_slice(a.answer);
        out
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
}

#[test]
fn fetch_answer_without_uid_is_matched_back_by_sequence_number() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            edit(a, "UID 2 ", "")
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
}

#[test]
fn fetch_answer_without_uid_after_an_expunge_is_asked_for_alone() {
    // Sequence numbers cannot be trusted once an expunge moved them: the
    // UID is asked for alone, where a lone answer can only be its own.
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 3 && !a.alone {
            let mut out = b"* 1 EXPUNGE\r\n".to_vec();
            out.extend(edit(a, "UID 3 ", ""));
            out
        } else if a.uid == 3 {
            edit(a, "UID 3 ", "")
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    sync_with(&srv, &mut store).expect("sync");
    assert!(located(&store).contains(&(3, "m3@example.com".into())));
    assert!(
        srv.commands()
            .iter()
            .any(|c| c.starts_with("UID FETCH 3 ("))
    );
}

#[test]
fn fetch_answer_without_body_item_waits_and_is_fetched_again() {
    // As iCloud does: the answer carries UID and FLAGS but no body.
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            without_body(a)
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 2);
    assert_eq!(waiting(&store), vec![(2, "no-body".to_string(), 1)]);
    assert_eq!(s.waiting.len(), 1);
    assert_eq!(
        sync::waiting_line(&s.waiting).as_deref(),
        Some("1 message waits to be fetched again (server sent no body: 1)")
    );
    assert_accounted(&store, 3);
    // Asked again, alone, in the same sync.
    assert_eq!(srv.attempts(2), 2);
    // UIDNEXT went past it: it is the record that brings it back.
    assert_eq!(
        store
            .folder_state("INBOX")
            .expect("state")
            .expect("some")
            .uidnext,
        4
    );

    // Still broken: one more attempt counted, nothing else fetched again.
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 0);
    assert_eq!(waiting(&store), vec![(2, "no-body".to_string(), 2)]);
    assert_eq!(srv.attempts(1), 1);

    // The server serves it: stored, and the record goes.
    srv.misbehave(None);
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 1);
    assert!(s.waiting.is_empty());
    assert_all_stored(&store, 3);
}

#[test]
fn waiting_uid_expunged_from_the_server_is_forgotten() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            without_body(a)
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    sync_with(&srv, &mut store).expect("sync");
    assert_eq!(waiting(&store).len(), 1);
    srv.expunge(2);
    let s = sync_with(&srv, &mut store).expect("sync");
    assert!(s.waiting.is_empty(), "{:?}", s.waiting);
    assert_eq!(waiting(&store), vec![]);
}

#[test]
fn eight_bit_keyword_in_flags_costs_no_message() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            edit(a, "FLAGS (\\Seen)", "FLAGS (\\Seen $\u{c6}rlig)")
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
    let flags: Vec<String> = store
        .locations_of("INBOX", 77)
        .expect("locations")
        .into_iter()
        .filter(|(u, _, _)| *u == 2)
        .map(|(_, f, _)| f)
        .collect();
    assert_eq!(flags, vec!["\\Seen $\u{c6}rlig".to_string()]);
}

#[test]
fn literal_count_larger_than_the_data_costs_no_message() {
    // The first answer for UID 2 announces more bytes than its body has, and
    // so swallows the start of UID 3's answer.
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 && a.attempt == 1 {
            let n = a.message.body.len();
            edit(
                a,
                &format!("BODY[] {{{n}}}"),
                &format!("BODY[] {{{}}}", n + 40),
            )
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
}

#[test]
fn unsolicited_bodystructure_with_negative_lines_costs_no_message() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            edit(
                a,
                "FLAGS (\\Seen)",
                "FLAGS (\\Seen) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 40 -1)",
            )
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
}

fn empty_body_is_not_a_message(empty: &'static str) {
    let srv = server(3);
    srv.misbehave(Some(Box::new(move |a| {
        if a.uid == 2 || a.uid == 3 {
            let n = a.message.body.len();
            let text = String::from_utf8_lossy(a.answer).into_owned();
            let start = text.find(&format!("BODY[] {{{n}}}")).expect("body");
            format!("{}BODY[] {empty})\r\n", &text[..start]).into_bytes()
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 1, "{s:?}");
    assert!(s.unparseable.is_empty(), "{:?}", s.unparseable);
    assert_eq!(store.message_count().expect("count"), 1);
    assert_eq!(
        waiting(&store),
        vec![
            (2, "empty-body".to_string(), 1),
            (3, "empty-body".to_string(), 1)
        ]
    );
    srv.misbehave(None);
    sync_with(&srv, &mut store).expect("sync");
    assert_all_stored(&store, 3);
}

#[test]
fn body_nil_is_not_a_message() {
    empty_body_is_not_a_message("NIL");
}

#[test]
fn body_of_zero_bytes_is_not_a_message() {
    empty_body_is_not_a_message("{0}\r\n");
}

#[test]
fn stray_tagged_ok_before_the_data_does_not_end_the_fetch() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        let mut out = Vec::new();
        if a.uid == 1 {
            out.extend_from_slice(b"a3 OK stray completion\r\n");
        }
        out.extend_from_slice(a.answer);
        out
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_all_stored(&store, 3);
    // The session stayed in step: a second sync has nothing to do.
    let again = sync_with(&srv, &mut store).expect("sync");
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn literal_size_of_more_than_12_digits_does_not_end_the_fetch_quietly() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            let n = a.message.body.len();
            edit(
                a,
                &format!("BODY[] {{{n}}}"),
                &format!("BODY[] {{{n:0>16}}}"),
            )
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    match sync_with(&srv, &mut store) {
        // Either the sync stops with an error (nothing marked fetched) …
        Err(e) => {
            assert_eq!(e.exit_code(), 3, "{e}");
            assert_eq!(waiting(&store), vec![]);
            assert!(
                store
                    .folder_state("INBOX")
                    .expect("state")
                    .is_none_or(|f| f.uidnext <= 2)
            );
        }
        // … or UID 2 is stored or waits, and the others are stored.
        Ok(s) => {
            assert_accounted(&store, 3);
            assert!(s.new_messages >= 2, "{s:?}");
            assert_eq!(s.new_messages + s.waiting.len(), 3, "{s:?}");
        }
    }
    srv.misbehave(None);
    sync_with(&srv, &mut store).expect("sync");
    assert_all_stored(&store, 3);
}

/// A literal announced above the reader's limit (1 GB here) breaks the
/// session; before this, the sync failed on it at every run and no later
/// message of the folder was ever stored.
fn announce_5_gb_for_uid_2(srv: &FakeServer) {
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            let n = a.message.body.len();
            edit(a, &format!("BODY[] {{{n}}}"), "BODY[] {5000000000}")
        } else {
            a.answer.to_vec()
        }
    })));
}

#[test]
fn literal_too_large_is_recorded_per_uid_and_fetched_as_its_header_next() {
    let srv = server(3);
    announce_5_gb_for_uid_2(&srv);
    let mut store = Store::open_in_memory().expect("store");
    let e = sync_with(&srv, &mut store).expect_err("the session is broken");
    assert!(
        matches!(&e, SyncError::Imap(i) if i.refused_uid() == Some(2)),
        "{e}"
    );
    let w = waiting(&store);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].0, w[0].1.as_str()), (2, "too-large"));
    // The next sync asks for UID 2's header only, and stores it as a
    // placeholder beside the others.
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 3, "{s:?}");
    assert_eq!(waiting(&store), vec![]);
    assert_all_stored(&store, 3);
    assert!(
        srv.commands()
            .iter()
            .any(|c| c.contains("BODY.PEEK[HEADER]") && c.contains(" 2 ")),
        "{:?}",
        srv.commands()
    );
    let m = store
        .stored_message("m2@example.com")
        .expect("query")
        .expect("stored");
    assert!(m.partial_size.is_some(), "{m:?}");
}

#[test]
fn vsd_sync_goes_on_past_a_literal_too_large_and_exits_0() {
    let srv = server(3);
    announce_5_gb_for_uid_2(&srv);
    let port = serve_tcp(srv.clone());
    let dir = tempfile::tempdir().expect("dir");
    let conf = dir.path().join("config.toml");
    std::fs::write(
        &conf,
        format!(
            "[imap]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nuser = \"u\"\npassword = \"p\"\nfolders = [\"INBOX\"]\n"
        ),
    )
    .expect("config");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let db = dir.path().join("vsd.db");
    let out = assert_cmd::Command::cargo_bin("vsd")
        .expect("vsd")
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(&db)
        .arg("sync")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let store = Store::open(&db).expect("store");
    assert_all_stored(&store, 3);
    assert_eq!(waiting(&store), vec![]);
}

#[test]
fn same_uid_answered_twice_with_different_bodies_loses_neither() {
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        let mut out = a.answer.to_vec();
        if a.uid == 2 {
            let other = mail(9);
            out.extend_from_slice(
                format!(
                    "* {} FETCH (UID 2 FLAGS () BODY[] {{{}}}\r\n",
                    a.seq,
                    other.len()
                )
                .as_bytes(),
            );
            out.extend_from_slice(&other);
            out.extend_from_slice(b")\r\n");
        }
        out
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    // The first answer keeps UID 2; the second is kept as mail.
    assert_eq!(s.conflicts, vec!["INBOX/77/2".to_string()]);
    assert_eq!(s.new_messages, 4);
    assert_eq!(store.message_count().expect("count"), 4);
    assert_eq!(
        located(&store),
        (1..=3)
            .map(|u| (u, format!("m{u}@example.com")))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        store
            .rowids_of(&["m9@example.com".into()])
            .expect("ids")
            .len(),
        1
    );
}

#[test]
fn panic_in_the_fetching_thread_is_an_error_not_an_empty_success() {
    let srv = server(3);
    srv.panic_on_body_of(Some(1));
    let mut store = Store::open_in_memory().expect("store");
    let e = sync_with(&srv, &mut store).expect_err("an error");
    assert!(matches!(e, SyncError::FetchPanicked { .. }), "{e}");
    assert_eq!(e.exit_code(), 3);
    assert!(
        e.to_string()
            .starts_with("cannot fetch mail from folder \"INBOX\""),
        "{e}"
    );
    assert_eq!(store.message_count().expect("count"), 0);
    // Nothing was marked fetched: the next sync gets them all.
    srv.panic_on_body_of(None);
    sync_with(&srv, &mut store).expect("sync");
    assert_all_stored(&store, 3);
}

#[test]
fn waiting_messages_are_retried_when_nothing_else_changed() {
    // UIDNEXT and the folder are unchanged since the last sync: the waiting
    // UID is still asked for.
    let srv = server(2);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 && a.attempt <= 2 {
            without_body(a)
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    sync_with(&srv, &mut store).expect("sync");
    assert_eq!(waiting(&store).len(), 1);
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 1);
    assert_all_stored(&store, 2);
}

#[test]
fn server_refusing_one_message_holds_up_no_other() {
    let srv = server(5);
    srv.refuse_body_of(Some(3));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store).expect("sync");
    assert_eq!(s.new_messages, 4, "{s:?}");
    assert_eq!(waiting(&store), vec![(3, "refused".to_string(), 1)]);
    assert_accounted(&store, 5);
    srv.refuse_body_of(None);
    sync_with(&srv, &mut store).expect("sync");
    assert_all_stored(&store, 5);
}

#[test]
fn vsd_sync_says_how_many_wait_and_still_exits_0() {
    // The same fault through the binary, over TCP: the summary line and the
    // per-UID line, exit 0.
    let srv = server(3);
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 2 {
            without_body(a)
        } else {
            a.answer.to_vec()
        }
    })));
    let port = serve_tcp(srv.clone());
    let dir = tempfile::tempdir().expect("dir");
    let conf = dir.path().join("config.toml");
    vsd::files::write(
        &conf,
        format!(
            "[imap]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nuser = \"u\"\npassword = \"p\"\nfolders = [\"INBOX\"]\n"
        )
        .as_bytes(),
    )
    .expect("config");
    // A password in the file is taken only from a file no one else reads.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = assert_cmd::Command::cargo_bin("vsd")
        .expect("vsd")
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(dir.path().join("vsd.db"))
        .arg("sync")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("vsd sync: 2 new messages"), "{err}");
    assert!(
        err.contains("vsd sync: INBOX/77/2: not fetched (1 attempt): the server answered without the message's body"),
        "{err}"
    );
    assert!(
        err.contains("vsd sync: 1 message waits to be fetched again (server sent no body: 1); each is asked for again at every sync"),
        "{err}"
    );
}

/// Serves the fake server over loopback TCP, one connection after another.
fn serve_tcp(srv: FakeServer) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut sock) = conn else { return };
            let mut fake = srv.connect();
            let mut buf = [0u8; 4096];
            loop {
                // Send what the fake has, then read the client's next bytes.
                loop {
                    match fake.read(&mut buf) {
                        Ok(n) if n > 0 => {
                            if sock.write_all(&buf[..n]).is_err() {
                                return;
                            }
                        }
                        _ => break,
                    }
                }
                match sock.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let _ = fake.write(&buf[..n]);
                    }
                }
            }
        }
    });
    port
}
