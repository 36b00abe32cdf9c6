//! Faults: connections cut at seeded points (inside a literal, after a
//! tagged OK, during IDLE) and `kill -9` of `vsd sync`. After each, the
//! database is sound and the next sync leaves the store equal to the server.

use crate::support;

use std::time::Duration;
use support::dovecot::{Dovecot, message};
use support::mail;
use support::proxy::{Cut, CutPoint, Proxy};
use vsd::config::Config;
use vsd::imap;
use vsd::store::Store;
use vsd::sync::{self, SyncEvent};

/// A tiny deterministic generator, so that a failing seed can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// The standard mailbox plus some large messages, so literals span reads.
fn serve(d: &Dovecot) -> usize {
    mail::serve(d);
    let big = "lorem ipsum dolor sit amet\r\n".repeat(3000);
    let extra: Vec<Vec<u8>> = (0..6)
        .map(|i| {
            message(
                &format!("big{i}@example.com"),
                mail::DESK,
                mail::OLA,
                &format!("[VSD-1001] Logs part {i}"),
                "Tue, 3 Mar 2026 11:00:00 +0100",
                "",
                &big,
            )
        })
        .collect();
    d.append("INBOX", &extra);
    12
}

fn cfg_via(d: &Dovecot, port: u16) -> Config {
    let text = d.config_toml(&["INBOX", "Sent"]).replace(
        &format!("port = {}", d.plain_port),
        &format!("port = {port}"),
    );
    Config::parse_str(&text, "t.toml").unwrap()
}

fn sync_via(cfg: &Config, store: &mut Store) -> Result<sync::SyncSummary, String> {
    let icfg = cfg.imap.clone().unwrap();
    let pw = imap::password(&icfg).map_err(|e| e.to_string())?;
    let mut s = imap::connect(&icfg, &pw).map_err(|e| e.to_string())?;
    let r = sync::sync_all(&mut s, store, cfg, &mut |_| {}).map_err(|e| e.to_string());
    s.logout();
    r
}

fn server_ids(d: &Dovecot, folder: &str) -> Vec<String> {
    let mut s = d.session();
    s.examine(folder).unwrap();
    let f = s
        .uid_fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        .unwrap();
    let mut v: Vec<String> = f
        .iter()
        .filter_map(|f| f.header())
        .map(|h| {
            let h = String::from_utf8_lossy(h);
            h.split_once(':')
                .map(|x| x.1)
                .unwrap_or("")
                .trim()
                .trim_matches(['<', '>'])
                .to_string()
        })
        .collect();
    v.sort();
    v
}

fn assert_mirrors(d: &Dovecot, store: &Store, total: u64) {
    assert_eq!(store.integrity_check().unwrap(), "ok");
    for f in ["INBOX", "Sent"] {
        assert_eq!(
            store.message_ids_in_folder(f).unwrap(),
            server_ids(d, f),
            "{f}"
        );
    }
    assert_eq!(store.message_count().unwrap(), total);
}

/// A proxy that cuts the first connection `extra` bytes after the server's
/// `nth` `pattern`.
fn cut_first_after(d: &Dovecot, pattern: &[u8], nth: usize, extra: usize) -> Proxy {
    Proxy::start(
        "127.0.0.1",
        d.plain_port,
        Some(Cut {
            point: CutPoint::After {
                pattern: pattern.to_vec(),
                nth,
                extra,
            },
            connections: 1,
        }),
    )
}

/// Cuts the first sync at `point`, then syncs again. With `drop_bodies`, the
/// server leaves out one message's body every other time throughout: none
/// lost, none doubled all the same.
fn cut_then_resync(d: &Dovecot, point: CutPoint, total: usize, drop_bodies: bool) {
    let cut = Some(Cut {
        point: point.clone(),
        connections: 1,
    });
    let proxy = if drop_bodies {
        Proxy::start_dropping_bodies("127.0.0.1", d.plain_port, cut)
    } else {
        Proxy::start("127.0.0.1", d.plain_port, cut)
    };
    let cfg = cfg_via(d, proxy.port);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let mut store = Store::open(&db).unwrap();
    let first = sync_via(&cfg, &mut store);
    assert!(
        first.is_err(),
        "the cut at {point:?} did not interrupt the sync: {first:?}"
    );
    drop(store);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    sync_via(&cfg, &mut store).unwrap_or_else(|e| panic!("sync after cut at {point:?}: {e}"));
    assert_mirrors(d, &store, total as u64);
    assert_eq!(store.all_not_fetched().unwrap(), vec![]);
    // And nothing more to do.
    let again = sync_via(&cfg, &mut store).unwrap();
    assert!(again.is_empty(), "{again:?}");
    if drop_bodies {
        assert!(
            proxy.dropped.load(std::sync::atomic::Ordering::SeqCst) > 0,
            "no body was left out"
        );
    }
}

#[test]
fn cuts_inside_a_literal_and_after_tagged_oks() {
    let Some(d) = Dovecot::start() else { return };
    let total = serve(&d);
    let points = vec![
        // Inside the first large literal of the first body fetch.
        CutPoint::After {
            pattern: b"BODY[] {".to_vec(),
            nth: 1,
            extra: 5000,
        },
        // Inside a later literal (second batch is in another folder).
        CutPoint::After {
            pattern: b"BODY[] {".to_vec(),
            nth: 4,
            extra: 40,
        },
        // Right after the tagged OK of LOGIN, of ENABLE, and of the first SELECT.
        CutPoint::After {
            pattern: b"a1 OK".to_vec(),
            nth: 1,
            extra: 0,
        },
        CutPoint::After {
            pattern: b"Logged in\r\n".to_vec(),
            nth: 1,
            extra: 0,
        },
        CutPoint::After {
            pattern: b"Select completed".to_vec(),
            nth: 1,
            extra: 30,
        },
        // After the tagged OK that ends the first body fetch.
        CutPoint::After {
            pattern: b"Fetch completed".to_vec(),
            nth: 2,
            extra: 30,
        },
    ];
    for p in points {
        cut_then_resync(&d, p.clone(), total, false);
        cut_then_resync(&d, p, total, true);
    }
}

#[test]
fn cuts_at_seeded_byte_offsets() {
    let Some(d) = Dovecot::start() else { return };
    let total = serve(&d);
    // How long is a whole sync's conversation?
    let proxy = Proxy::start("127.0.0.1", d.plain_port, None);
    let mut store = Store::open_in_memory().unwrap();
    sync_via(&cfg_via(&d, proxy.port), &mut store).unwrap();
    let len = proxy.transcript(0).len() as u64;
    assert!(len > 400_000, "{len}");
    let mut rng = Lcg(0x5eed);
    for i in 0..6 {
        let at = 1 + rng.next(len - 100) as usize;
        cut_then_resync(&d, CutPoint::At(at), total, i % 2 == 1);
    }
}

#[test]
fn cut_during_idle_reconnects_and_keeps_up() {
    let Some(d) = Dovecot::start() else { return };
    let total = serve(&d);
    let proxy = cut_first_after(&d, b"+ idling\r\n", 1, 0);
    let cfg = cfg_via(&d, proxy.port);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vsd.db");
    let (_h, rx) = sync::spawn_worker(&cfg, &db);
    let mut errors = Vec::new();
    let mut idles = 0;
    // First sync → Idle → the cut → reconnect → sync → Idle. A session that
    // was working is replaced without an error event: only a reconnect that
    // fails is the user's business.
    while idles < 2 {
        match rx.recv_timeout(Duration::from_secs(20)).expect("event") {
            SyncEvent::Idle => idles += 1,
            SyncEvent::Error(e) => errors.push(e),
            _ => {}
        }
    }
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        2
    );
    // Appended once the new session waits in IDLE, the mail is news it
    // must hear of (before, the sync would find it anyway).
    proxy.wait_in_idle(1);
    d.append("INBOX", &[mail::late_reply()]);
    loop {
        match rx.recv_timeout(Duration::from_secs(10)).expect("event") {
            SyncEvent::NewMail { new_messages, .. } => {
                assert_eq!(new_messages, 1);
                break;
            }
            SyncEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    }
    let store = Store::open(&db).unwrap();
    assert_mirrors(&d, &store, total as u64 + 1);
}

#[test]
fn kill_9_leaves_a_sound_database() {
    let Some(d) = Dovecot::start() else { return };
    d.create_folder("Sent");
    let body = "Refund logs follow.\r\n".repeat(1000);
    let n = d.write_maildir(
        "INBOX",
        (0..1500).map(|i| {
            message(
                &format!("k{i}@example.com"),
                mail::DESK,
                mail::OLA,
                &format!("[VSD-{}] Case {i}", 2000 + i % 300),
                "Mon, 2 Mar 2026 09:00:00 +0100",
                "",
                &body,
            )
        }),
    );
    let dir = tempfile::tempdir().unwrap();
    let direct = dir.path().join("config.toml");
    vsd::files::write(&direct, d.config_toml(&["INBOX", "Sent"]).as_bytes()).unwrap();
    // Odd rounds go through a server that leaves out a body every other time.
    let dropping = Proxy::start_dropping_bodies("127.0.0.1", d.plain_port, None);
    let via = dir.path().join("config-dropping.toml");
    vsd::files::write(
        &via,
        d.config_toml(&["INBOX", "Sent"])
            .replace(
                &format!("port = {}", d.plain_port),
                &format!("port = {}", dropping.port),
            )
            .as_bytes(),
    )
    .unwrap();
    let exe = assert_cmd::cargo::cargo_bin("vsd");
    let mut rng = Lcg(9);
    for round in 0..4 {
        let conf = if round % 2 == 1 { &via } else { &direct };
        let db = dir.path().join(format!("vsd{round}.db"));
        let mut child = std::process::Command::new(&exe)
            .arg("--config")
            .arg(conf)
            .arg("--db")
            .arg(&db)
            .arg("sync")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(dir.path().join(format!("child{round}.err"))).unwrap())
            .spawn()
            .unwrap();
        // Round 0 dies before anything is stored; later rounds after the
        // first batch is committed, at a seeded moment.
        if round > 0 {
            let start = std::time::Instant::now();
            while start.elapsed() < Duration::from_secs(60) {
                // Read-only: opening the store would race vsd's own
                // migration of the new file.
                let stored = rusqlite::Connection::open_with_flags(
                    &db,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .and_then(|c| {
                    c.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get::<_, i64>(0))
                })
                .unwrap_or(0);
                if stored > 0 {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            eprintln!("round {round}: first batch after {:?}", start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(rng.next(if round == 0 {
            300
        } else {
            2000
        })));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut store = Store::open(&db).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        let before = store.message_count().unwrap();
        let cfg = Config::load(conf).unwrap();
        sync_via(&cfg, &mut store).unwrap();
        assert_eq!(store.all_not_fetched().unwrap(), vec![], "round {round}");
        assert_eq!(
            store.message_count().unwrap(),
            n as u64,
            "round {round} (had {before})"
        );
        assert_eq!(
            store.message_ids_in_folder("INBOX").unwrap(),
            server_ids(&d, "INBOX")
        );
        eprintln!("round {round}: killed with {before} of {n} stored");
        if round > 0 {
            assert!(
                before > 0,
                "round {round} killed before the first batch: {}",
                std::fs::read_to_string(dir.path().join(format!("child{round}.err")))
                    .unwrap_or_default()
            );
        }
    }
    assert!(dropping.dropped.load(std::sync::atomic::Ordering::SeqCst) > 0);
}

/// `vsd sync` whose connection is cut in the middle of a body: it signs in
/// again, goes on from what it stored, says so, and ends with every message
/// and exit 0.
#[test]
fn vsd_sync_cut_mid_body_signs_in_again_and_finishes() {
    let Some(d) = Dovecot::start() else { return };
    let total = serve(&d);
    let proxy = cut_first_after(&d, b"lorem ipsum", 2, 10);
    let home = crate::common::Home::new();
    let toml = d.config_toml(&["INBOX", "Sent"]).replace(
        &format!("port = {}", d.plain_port),
        &format!("port = {}", proxy.port),
    );
    vsd::files::write(&home.path("config.toml"), toml.as_bytes()).unwrap();
    let out = home.vsd().arg("sync").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "the server closed the connection inside a literal; signed in again and went on"
        ),
        "{err}"
    );
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        2
    );
    let store = Store::open(&home.path("vsd.db")).unwrap();
    assert_mirrors(&d, &store, total as u64);
    assert_eq!(store.all_not_fetched().unwrap(), vec![]);
}
