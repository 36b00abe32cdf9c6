//! The background worker: first sync, IDLE, new mail applied as it arrives,
//! progress events, and the writer lock against a second sync. How fast new
//! mail is applied is measured by `scripts/bench-sync.sh`, not here.

use crate::support;

use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;
use support::dovecot::Dovecot;
use support::mail;
use vsd::config::Config;
use vsd::store::Store;
use vsd::sync::{self, SyncEvent};

fn next_event(rx: &std::sync::mpsc::Receiver<SyncEvent>, within: Duration) -> SyncEvent {
    match rx.recv_timeout(within) {
        Ok(e) => e,
        Err(RecvTimeoutError::Timeout) => panic!("no event within {within:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("worker ended"),
    }
}

/// How many messages the next `NewMail` event brings; an error fails.
fn next_new_mail(rx: &std::sync::mpsc::Receiver<SyncEvent>) -> usize {
    loop {
        match next_event(rx, Duration::from_secs(20)) {
            SyncEvent::NewMail { new_messages, .. } => return new_messages,
            SyncEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    }
}

/// Events up to and including the first `Idle`.
fn until_idle(rx: &std::sync::mpsc::Receiver<SyncEvent>) -> Vec<SyncEvent> {
    let mut v = Vec::new();
    loop {
        let e = next_event(rx, Duration::from_secs(20));
        let idle = e == SyncEvent::Idle;
        v.push(e);
        if idle {
            return v;
        }
    }
}

#[test]
fn worker_syncs_then_applies_new_mail_as_it_arrives() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let cfg = Config::parse_str(&d.config_toml(&["INBOX", "Sent"]), "t.toml").unwrap();
    let (_handle, rx) = sync::spawn_worker(&cfg, &db);
    let first = until_idle(&rx);
    assert_eq!(
        first,
        vec![
            // The status line's "connecting…".
            SyncEvent::Connecting,
            SyncEvent::Progress {
                folder: "INBOX".into(),
                done: 0,
                total: 3
            },
            SyncEvent::Progress {
                folder: "INBOX".into(),
                done: 3,
                total: 3
            },
            SyncEvent::Progress {
                folder: "Sent".into(),
                done: 0,
                total: 3
            },
            SyncEvent::Progress {
                folder: "Sent".into(),
                done: 3,
                total: 3
            },
            SyncEvent::NewMail {
                new_messages: 6,
                new_issues: 2
            },
            SyncEvent::Idle,
        ]
    );

    // While the worker runs, a second writer is told clearly.
    let e = sync::run(&cfg, &db, false).expect_err("busy");
    assert!(e.to_string().contains("another vsd is writing"), "{e}");
    assert_eq!(e.exit_code(), 2);

    d.append("INBOX", &[mail::late_reply()]);
    let got = loop {
        match next_event(&rx, Duration::from_secs(20)) {
            SyncEvent::NewMail {
                new_messages,
                new_issues,
            } => break (new_messages, new_issues),
            SyncEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    };
    assert_eq!(got, (1, 0));
    // The desk's mail arrived while watching: news of its own.
    assert_eq!(
        next_event(&rx, Duration::from_secs(20)),
        SyncEvent::DeskReplied {
            key: "VSD-1002".into(),
            title: "Capture times out".into()
        }
    );
    assert_eq!(next_event(&rx, Duration::from_secs(20)), SyncEvent::Idle);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.message_count().unwrap(), 7);
}

#[test]
fn worker_reports_an_unreachable_server_and_retries() {
    let port = support::dovecot::free_port();
    let cfg = Config::parse_str(
        &format!("[imap]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nuser = \"u\"\npassword = \"p\"\ntimeout_secs = 1\n"),
        "t.toml",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_h, rx) = sync::spawn_worker(&cfg, &dir.path().join("vsd.db"));
    for _ in 0..2 {
        // Each attempt is told before it is made (the status line's
        // "connecting…"), then its failure.
        assert_eq!(
            next_event(&rx, Duration::from_secs(10)),
            SyncEvent::Connecting
        );
        match next_event(&rx, Duration::from_secs(10)) {
            SyncEvent::Error(e) => {
                assert!(
                    e.starts_with(&format!("cannot connect to 127.0.0.1:{port}")),
                    "{e}"
                )
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn run_without_imap_section_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = sync::run(&Config::default(), &dir.path().join("vsd.db"), false).expect_err("error");
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("[imap]"), "{e}");
}

/// IDLE watches INBOX; mail that lands only in Sent (the team's own, sent
/// from another client) is applied within seconds too.
#[test]
fn worker_picks_up_mail_in_the_folders_it_does_not_idle_on() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let cfg = Config::parse_str(&d.config_toml(&["INBOX", "Sent"]), "t.toml").unwrap();
    let (_handle, rx) = sync::spawn_worker(&cfg, &db);
    until_idle(&rx);
    d.append(
        "Sent",
        &[support::dovecot::message(
            "sent9@example.com",
            mail::OLA,
            mail::DESK,
            "Re: [VSD-1002] Capture times out",
            "Fri, 6 Mar 2026 11:00:00 +0100",
            "In-Reply-To: <auto2@vipps.no>\r\nReferences: <req2@example.com> <auto2@vipps.no>\r\n",
            "Here is the log.",
        )],
    );
    // IDLE on INBOX never wakes for it: only the look at the other folders
    // every few seconds finds it.
    loop {
        if let SyncEvent::NewMail { new_messages, .. } = next_event(&rx, Duration::from_secs(20)) {
            assert_eq!(new_messages, 1);
            break;
        }
    }
    let store = Store::open(&db).unwrap();
    let issue = store.detail("VSD-1002").unwrap();
    assert!(
        issue
            .messages
            .iter()
            .any(|m| m.message_id == "sent9@example.com")
    );
}

/// With one folder, IDLE is renewed only every 25 minutes, so mail found by
/// nothing but IDLE proves IDLE works.
#[test]
fn with_one_folder_new_mail_comes_through_idle() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let cfg = Config::parse_str(&d.config_toml(&["INBOX"]), "t.toml").unwrap();
    let (_handle, rx) = sync::spawn_worker(&cfg, &db);
    until_idle(&rx);
    // The worker may still be on its way into IDLE; either way the mail
    // must be found now, not at the renewal.
    d.append("INBOX", &[mail::late_reply()]);
    assert_eq!(next_new_mail(&rx), 1);
}

/// Mail delivered after the sync has read INBOX but before IDLE starts is
/// seen when INBOX is selected for IDLE, and synced then, not left until
/// IDLE's renewal. A proxy delivers it just before the worker's second
/// SELECT (the first is the sync's).
#[test]
fn mail_arriving_between_sync_and_idle_is_not_left_waiting() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let d = Arc::new(d);
    let deliver = d.clone();
    let proxy = support::proxy::Proxy::start_with_hook(
        "127.0.0.1",
        d.plain_port,
        None,
        Some(support::proxy::Hook {
            pattern: b"SELECT".to_vec(),
            nth: 2,
            action: Box::new(move || {
                deliver.append("INBOX", &[mail::late_reply()]);
            }),
        }),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let toml = d.config_toml(&["INBOX"]).replace(
        &format!("port = {}", d.plain_port),
        &format!("port = {}", proxy.port),
    );
    let cfg = Config::parse_str(&toml, "t.toml").unwrap();
    let (_handle, rx) = sync::spawn_worker(&cfg, &db);
    let first = until_idle(&rx);
    let before: usize = first
        .iter()
        .map(|e| match e {
            SyncEvent::NewMail { new_messages, .. } => *new_messages,
            _ => 0,
        })
        .sum();
    assert_eq!(next_new_mail(&rx), 1);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.message_count().unwrap(), before as u64 + 1);
}

/// How many SELECTs the server answered on a proxied connection.
fn selects(p: &support::proxy::Proxy, conn: usize) -> usize {
    let t = p.transcript(conn);
    memchr::memmem::find_iter(&t, b"Select completed").count()
}

/// Events until the store says `done`, each after an `Idle`.
fn until_stored(
    rx: &std::sync::mpsc::Receiver<SyncEvent>,
    db: &std::path::Path,
    done: impl Fn(&Store) -> bool,
) {
    loop {
        match next_event(rx, Duration::from_secs(20)) {
            SyncEvent::Error(e) => panic!("{e}"),
            SyncEvent::Idle if done(&Store::open(db).unwrap()) => return,
            _ => {}
        }
    }
}

/// The watched folder stays selected: new mail, a flag set elsewhere and a
/// message expunged elsewhere are applied from what the server says in IDLE,
/// on the same connection and without another SELECT (which costs a large
/// folder a quarter of a second each time).
#[test]
fn watch_applies_mail_flags_and_expunges_without_selecting_again() {
    let Some(d) = Dovecot::start() else { return };
    mail::serve(&d);
    let proxy = support::proxy::Proxy::start("127.0.0.1", d.plain_port, None);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let toml = d.config_toml(&["INBOX"]).replace(
        &format!("port = {}", d.plain_port),
        &format!("port = {}", proxy.port),
    );
    let cfg = Config::parse_str(&toml, "t.toml").unwrap();
    let (_handle, rx) = sync::spawn_worker(&cfg, &db);
    until_idle(&rx);
    proxy.wait_in_idle(0);
    let before = selects(&proxy, 0);

    let uid = d.append("INBOX", &[mail::late_reply()])[0];
    assert_eq!(next_new_mail(&rx), 1);
    let v = Store::open(&db)
        .unwrap()
        .folder_state("INBOX")
        .unwrap()
        .expect("INBOX synced")
        .uidvalidity;
    let location = |s: &Store| {
        s.locations_of("INBOX", v)
            .unwrap()
            .into_iter()
            .find(|(u, _, _)| *u == uid)
    };
    assert!(location(&Store::open(&db).unwrap()).is_some());

    d.store_flags("INBOX", &uid.to_string(), "+FLAGS (\\Flagged)");
    until_stored(&rx, &db, |s| {
        location(s).is_some_and(|(_, flags, _)| flags.contains("\\Flagged"))
    });

    d.expunge("INBOX", &uid.to_string());
    until_stored(&rx, &db, |s| location(s).is_some_and(|(_, _, gone)| gone));

    proxy.wait_in_idle(0);
    assert_eq!(selects(&proxy, 0), before, "no SELECT after the first sync");
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
}

/// Regression: a close made in the TUI during a long first sync waited for
/// the whole sync, because the sync held the store from its first batch to
/// its last. Now the TUI's writes are made between batches. The server here
/// stops answering before the second of three batches until the write has
/// been made; without the fix the write never comes and the test fails.
#[test]
fn a_write_from_the_tui_is_made_between_the_batches_of_a_long_first_sync() {
    let Some(d) = Dovecot::start() else { return };
    // Three messages of 1.2 MB: one batch each (batches are about 2 MB).
    let filler: String = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"
        .repeat(1_200_000 / 66);
    let big: Vec<Vec<u8>> = (1..=3)
        .map(|i| {
            support::dovecot::message(
                &format!("big{i}@vipps.no"),
                mail::DESK,
                mail::OLA,
                &format!("[VSD-{}] Logs attached", 2000 + i),
                "Mon, 2 Mar 2026 09:05:00 +0100",
                "",
                &filler,
            )
        })
        .collect();
    d.append("INBOX", &big);
    let (stalled_tx, stalled) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let proxy = support::proxy::Proxy::start_with_hook(
        "127.0.0.1",
        d.plain_port,
        None,
        Some(support::proxy::Hook {
            pattern: b"BODY.PEEK[])".to_vec(),
            nth: 2,
            action: Box::new(move || {
                let _ = stalled_tx.send(());
                // A hang guard only: the test releases the server at once
                // when it passes.
                let _ = released.recv_timeout(Duration::from_secs(60));
            }),
        }),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    // The wait for the server must not end in a timeout, which would end
    // the sync and free the store by another way.
    let toml = d
        .config_toml(&["INBOX"])
        .replace(
            &format!("port = {}", d.plain_port),
            &format!("port = {}", proxy.port),
        )
        .replace("timeout_secs = 10", "timeout_secs = 120");
    let cfg = Config::parse_str(&toml, "t.toml").unwrap();
    let lock = Arc::new(Store::lock_writer(&db).unwrap());
    let (_handle, rx, writes) = sync::spawn_worker_sharing(&cfg, &db, lock);
    stalled
        .recv_timeout(Duration::from_secs(30))
        .expect("the second batch asked for");

    let (made_tx, made) = std::sync::mpsc::channel();
    let job: vsd::store::StoreJob = Box::new(move |s: &mut Store| {
        let _ = made_tx.send(s.message_count().unwrap());
    });
    assert!(writes.submit(job).is_ok(), "the worker takes the write");
    let stored_then = made
        .recv_timeout(Duration::from_secs(30))
        .expect("the write is made while the sync waits for the server");
    assert!(
        stored_then < 3,
        "made before the sync ended ({stored_then})"
    );

    release.send(()).unwrap();
    let events = until_idle(&rx);
    assert!(
        !events.iter().any(|e| matches!(e, SyncEvent::Error(_))),
        "{events:?}"
    );
    assert_eq!(Store::open(&db).unwrap().message_count().unwrap(), 3);
}
