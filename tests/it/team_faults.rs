//! The state folder against a scripted server that misbehaves: a message the
//! server lists but does not deliver keeps the folder's UIDNEXT before it
//! (it is read at the next sync), while one that is no operation is skipped,
//! reported and passed.

use crate::support;

use support::scripted::FakeServer;
use vsd::config::Config;
use vsd::imap::{self, Password};
use vsd::store::Store;
use vsd::sync::team::{TeamSummary, sync_state};

fn op(id: &str, lamport: u32, text: &str) -> Vec<u8> {
    let body = format!(
        r#"{{"v":1,"id":"{id}","author":"kari@example.com","at":"2026-03-01T10:00:00Z","lamport":{lamport},"key":"VSD-1","kind":"note","text":"{text}"}}"#
    );
    vsd::sync::team::op_message(id, "kari@example.com", &body)
}

fn cfg() -> Config {
    Config::parse_str(
        "[imap]\nhost = \"127.0.0.1\"\ntls = \"none\"\nuser = \"u\"\npassword = \"p\"\nfolders = [\"INBOX\"]\n\n[team]\naddresses = [\"*@example.com\"]\n",
        "t.toml",
    )
    .expect("config")
}

fn sync_with(server: &FakeServer, store: &mut Store) -> TeamSummary {
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
    let r = sync_state(&mut s, store, &cfg()).expect("state sync");
    s.logout();
    r
}

fn notes(store: &Store) -> Vec<String> {
    store
        .team_state()
        .expect("state")
        .view("VSD-1")
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect()
}

#[test]
fn an_undelivered_operation_is_read_at_the_next_sync_and_junk_is_passed() {
    let srv = FakeServer::new(
        41,
        vec![
            op("a1", 1, "one"),
            b"From: x@example.com\r\nSubject: hi\r\n\r\nnot an operation\r\n".to_vec(),
            op("a3", 2, "three"),
            op("a4", 3, "four"),
        ],
    );
    // UID 3 comes without its body.
    srv.misbehave(Some(Box::new(|a| {
        if a.uid == 3 {
            format!("* {} FETCH (UID 3 FLAGS (\\Seen))\r\n", a.seq).into_bytes()
        } else {
            a.answer.to_vec()
        }
    })));
    let mut store = Store::open_in_memory().expect("store");
    let s = sync_with(&srv, &mut store);
    assert_eq!(s.received, 1, "{s:?}");
    assert_eq!(s.skipped.len(), 1, "{s:?}");
    assert!(s.skipped[0].contains("UID 2") && s.skipped[0].contains("not a vsd operation"));
    assert_eq!(notes(&store), ["one"]);
    assert_eq!(store.team_folder("VSD-State").expect("pos"), Some((41, 3)));

    srv.misbehave(None);
    let s = sync_with(&srv, &mut store);
    assert_eq!(s.received, 2, "{s:?}");
    assert!(s.skipped.is_empty(), "the junk is not read twice: {s:?}");
    assert_eq!(notes(&store), ["one", "three", "four"]);
    assert_eq!(store.team_folder("VSD-State").expect("pos"), Some((41, 5)));
    // Nothing of its own to send, so nothing was appended.
    assert!(
        !srv.commands()
            .iter()
            .any(|c| c.to_ascii_uppercase().contains("APPEND"))
    );
}
