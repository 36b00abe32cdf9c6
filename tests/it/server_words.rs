//! Wrong data and wrong words from servers: a broken index that lists no
//! UIDs, `HIGHESTMODSEQ 0`, a refused `SELECT (CONDSTORE)`, a NO that is the
//! server's fault, lines the imap crate cannot parse, a stale UIDNEXT,
//! `[ALERT]`s, and escape sequences in what a server says. Each is played
//! by a server that answers command by command (tests/support/replying.rs)
//! and holds a small folder the test describes.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::replying::{self, ReplyingStream};
use vsd::config::Config;
use vsd::imap::{self, ImapError, Password, Session};
use vsd::store::Store;
use vsd::sync::{self, SyncEvent, SyncSummary};

/// What the scripted server holds and how it misbehaves.
#[derive(Clone)]
struct Folder {
    uidvalidity: u32,
    /// UIDNEXT as SELECT reports it (None: one above the highest UID).
    uidnext: Option<u32>,
    /// EXISTS as SELECT reports it (None: the number of messages).
    exists: Option<u32>,
    /// The answer to `UID SEARCH ALL` (None: the messages' UIDs).
    search: Option<Vec<u32>>,
    modseq: Option<u64>,
    messages: Vec<(u32, Vec<u8>)>,
    /// The tagged answer to a SELECT, when it is refused.
    refuse_select: Option<String>,
    /// The tagged answer to `SELECT … (CONDSTORE)`, when only that is refused.
    refuse_condstore_select: Option<String>,
    /// Untagged lines sent with SELECT and with SEARCH.
    select_extra: Vec<u8>,
    search_extra: Vec<u8>,
    /// Refuse `CHANGEDSINCE 0` as a strict server does (BAD).
    strict: bool,
}

impl Folder {
    fn with(messages: &[u32]) -> Folder {
        Folder {
            uidvalidity: 7,
            uidnext: None,
            exists: None,
            search: None,
            modseq: None,
            messages: messages.iter().map(|u| (*u, message(*u))).collect(),
            refuse_select: None,
            refuse_condstore_select: None,
            select_extra: Vec::new(),
            search_extra: Vec::new(),
            strict: true,
        }
    }

    fn uids(&self) -> Vec<u32> {
        self.messages.iter().map(|(u, _)| *u).collect()
    }
}

fn message(uid: u32) -> Vec<u8> {
    format!(
        "Message-ID: <m{uid}@example.com>\r\nFrom: Ola Nordmann <ola@example.com>\r\n\
         To: integration@vipps.no\r\nSubject: [VSD-{uid}] Refund {uid}\r\n\
         Date: Mon, 2 Mar 2026 09:00:00 +0100\r\n\r\nRefund {uid} fails.\r\n"
    )
    .into_bytes()
}

/// `1:3,5,7:*` against the UIDs present.
fn in_set(set: &str, uid: u32) -> bool {
    set.split(',').any(|part| {
        let bound = |s: &str| {
            if s == "*" {
                u32::MAX
            } else {
                s.parse().unwrap_or(0)
            }
        };
        match part.split_once(':') {
            Some((a, b)) => {
                let (a, b) = (bound(a), bound(b));
                (a.min(b)..=a.max(b)).contains(&uid)
            }
            None => bound(part) == uid,
        }
    })
}

/// The server's answer to one command.
fn answer(f: &Folder, caps: &str, cmd: &str) -> Vec<u8> {
    let upper = cmd.to_ascii_uppercase();
    let ok = |untagged: Vec<u8>| {
        let mut v = untagged;
        v.extend_from_slice(b"$TAG OK done\r\n");
        v
    };
    if upper.starts_with("LOGIN") {
        return b"$TAG OK logged in\r\n".to_vec();
    }
    if upper == "CAPABILITY" {
        return ok(format!("* CAPABILITY IMAP4rev1 IDLE {caps}\r\n").into_bytes());
    }
    if upper.starts_with("SELECT") {
        if upper.contains("(CONDSTORE)")
            && let Some(r) = &f.refuse_condstore_select
        {
            return format!("$TAG {r}\r\n").into_bytes();
        }
        if let Some(r) = &f.refuse_select {
            return format!("$TAG {r}\r\n").into_bytes();
        }
        let uids = f.uids();
        let exists = f.exists.unwrap_or(uids.len() as u32);
        let next = f
            .uidnext
            .unwrap_or(uids.iter().max().copied().unwrap_or(0) + 1);
        let mut v = f.select_extra.clone();
        v.extend_from_slice(
            format!(
                "* {exists} EXISTS\r\n* OK [UIDVALIDITY {}] v\r\n* OK [UIDNEXT {next}] n\r\n",
                f.uidvalidity
            )
            .as_bytes(),
        );
        if let Some(m) = f.modseq {
            v.extend_from_slice(format!("* OK [HIGHESTMODSEQ {m}] m\r\n").as_bytes());
        }
        v.extend_from_slice(b"$TAG OK [READ-WRITE] selected\r\n");
        return v;
    }
    if let Some(rest) = upper.strip_prefix("UID SEARCH ") {
        let listed = f.search.clone().unwrap_or_else(|| f.uids());
        let listed: Vec<u32> = match rest.strip_prefix("UID ") {
            Some(set) => f.uids().into_iter().filter(|u| in_set(set, *u)).collect(),
            None => listed,
        };
        let mut v = f.search_extra.clone();
        let words: Vec<String> = listed.iter().map(u32::to_string).collect();
        v.extend_from_slice(
            format!("* SEARCH {}\r\n", words.join(" "))
                .trim_end()
                .as_bytes(),
        );
        v.extend_from_slice(b"\r\n");
        return ok(v);
    }
    if let Some(rest) = cmd.strip_prefix("UID FETCH ") {
        let (set, what) = rest.split_once(' ').unwrap_or((rest, ""));
        if what.contains("CHANGEDSINCE 0") && f.strict {
            return b"$TAG BAD CHANGEDSINCE 0 is not a mod-sequence\r\n".to_vec();
        }
        let mut v = Vec::new();
        for (i, (uid, raw)) in f.messages.iter().enumerate() {
            if !in_set(set, *uid) {
                continue;
            }
            let n = i + 1;
            if what.contains("RFC822.SIZE") {
                v.extend_from_slice(
                    format!("* {n} FETCH (UID {uid} RFC822.SIZE {})\r\n", raw.len()).as_bytes(),
                );
            } else if what.contains("BODY.PEEK[]") {
                v.extend_from_slice(
                    format!(
                        "* {n} FETCH (UID {uid} FLAGS () INTERNALDATE \"02-Mar-2026 09:00:00 +0100\" BODY[] {{{}}}\r\n",
                        raw.len()
                    )
                    .as_bytes(),
                );
                v.extend_from_slice(raw);
                v.extend_from_slice(b")\r\n");
            } else if what.contains("MESSAGE-ID") {
                let h = format!("Message-ID: <m{uid}@example.com>\r\n\r\n");
                v.extend_from_slice(
                    format!(
                        "* {n} FETCH (UID {uid} BODY[HEADER.FIELDS (MESSAGE-ID)] {{{}}}\r\n{h})\r\n",
                        h.len()
                    )
                    .as_bytes(),
                );
            } else if what.contains("FLAGS") {
                v.extend_from_slice(format!("* {n} FETCH (UID {uid} FLAGS ())\r\n").as_bytes());
            }
        }
        return ok(v);
    }
    if upper == "NOOP" {
        return ok(Vec::new());
    }
    if upper == "IDLE" {
        // The tagged OK follows the client's DONE.
        return b"+ idling\r\n".to_vec();
    }
    if upper == "LOGOUT" {
        return b"* BYE see you\r\n$TAG OK bye\r\n".to_vec();
    }
    b"$TAG BAD unknown command\r\n".to_vec()
}

/// A server holding `folder` (as INBOX and, for tests with two folders,
/// as Sent), announcing `caps`.
fn server(folder: &Arc<Mutex<Folder>>, caps: &'static str) -> replying::Handler {
    let f = folder.clone();
    replying::handler(move |cmd| answer(&f.lock().expect("folder"), caps, cmd))
}

const USER: &str = "team@example.com";

fn session(
    greeting: &str,
    folder: &Arc<Mutex<Folder>>,
    caps: &'static str,
) -> (Session<ReplyingStream>, Arc<Mutex<Vec<String>>>) {
    let stream = ReplyingStream::new(greeting, server(folder, caps));
    let commands = stream.commands.clone();
    let s = imap::login(
        stream,
        "scripted",
        USER,
        &Password::new("pw".into()),
        true,
        false,
    )
    .expect("login");
    (s, commands)
}

fn config(port: u16, folders: &[&str]) -> String {
    format!(
        "[imap]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nuser = \"{USER}\"\n\
         password = \"pw\"\nfolders = {folders:?}\ntimeout_secs = 5\n\n\
         [desk]\naddresses = [\"integration@vipps.no\"]\n\n[team]\naddresses = [\"*@example.com\"]\n"
    )
}

fn cfg(folders: &[&str]) -> Config {
    Config::parse_str(&config(1, folders), "t.toml").expect("config")
}

fn sync_on(s: &mut Session<ReplyingStream>, store: &mut Store) -> SyncSummary {
    sync::sync_all(s, store, &cfg(&["INBOX"]), &mut |_| {}).expect("sync")
}

fn gone_flags(store: &Store) -> Vec<(u32, bool)> {
    store
        .locations_of("INBOX", 7)
        .expect("locations")
        .into_iter()
        .map(|(u, _, g)| (u, g))
        .collect()
}

#[test]
fn empty_uid_search_marks_nothing_gone_until_it_agrees_with_exists() {
    let f = Arc::new(Mutex::new(Folder::with(&[1, 2])));
    let (mut s, _) = session("* OK ready\r\n", &f, "");
    let mut store = Store::open_in_memory().expect("store");
    assert_eq!(sync_on(&mut s, &mut store).new_messages, 2);

    // A broken index: EXISTS 2, but SEARCH lists nothing.
    f.lock().unwrap().search = Some(vec![]);
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.gone, 0, "{sum:?}");
    assert_eq!(gone_flags(&store), vec![(1, false), (2, false)]);
    assert_eq!(sum.warnings.len(), 1, "{sum:?}");
    assert!(sum.warnings[0].contains("0 UIDs for 2 messages"), "{sum:?}");

    // A short listing that EXISTS confirms: 1 really left.
    {
        let mut f = f.lock().unwrap();
        f.search = None;
        f.messages.remove(0);
        f.uidnext = Some(3);
    }
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.gone, 1, "{sum:?}");
    assert_eq!(gone_flags(&store), vec![(1, true), (2, false)]);
    assert!(sum.warnings.is_empty(), "{sum:?}");
}

#[test]
fn mail_marked_gone_is_back_when_the_server_lists_it_again() {
    let f = Arc::new(Mutex::new(Folder::with(&[1, 2])));
    // With CONDSTORE, and a HIGHESTMODSEQ and UIDNEXT that never move: only
    // EXISTS tells that something is off.
    f.lock().unwrap().modseq = Some(40);
    let (mut s, _) = session("* OK ready\r\n", &f, "CONDSTORE");
    let mut store = Store::open_in_memory().expect("store");
    sync_on(&mut s, &mut store);

    // An index that lost everything, consistently: EXISTS 0, SEARCH empty.
    {
        let mut f = f.lock().unwrap();
        f.exists = Some(0);
        f.search = Some(vec![]);
        f.uidnext = Some(3);
    }
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.gone, 2, "{sum:?}");
    assert_eq!(gone_flags(&store), vec![(1, true), (2, true)]);
    let shown = store.detail("VSD-1").expect("issue");
    assert!(shown.messages[0].gone);

    // Rebuilt: the same UIDs again, same MODSEQ, same UIDNEXT.
    {
        let mut f = f.lock().unwrap();
        f.exists = None;
        f.search = None;
    }
    let sum = sync_on(&mut s, &mut store);
    assert_eq!((sum.back, sum.gone, sum.new_messages), (2, 0, 0), "{sum:?}");
    assert_eq!(gone_flags(&store), vec![(1, false), (2, false)]);
    let shown = store.detail("VSD-1").expect("issue");
    assert!(
        !shown.messages[0].gone,
        "show must not keep the wrong claim"
    );
    // And now it is in step: nothing more to do.
    let sum = sync_on(&mut s, &mut store);
    assert!(sum.is_empty(), "{sum:?}");
}

#[test]
fn highestmodseq_zero_is_not_stored_and_changedsince_zero_is_never_sent() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    f.lock().unwrap().modseq = Some(0);
    let (mut s, commands) = session("* OK ready\r\n", &f, "CONDSTORE");
    let mut store = Store::open_in_memory().expect("store");
    sync_on(&mut s, &mut store);
    assert_eq!(
        store
            .folder_state("INBOX")
            .expect("state")
            .expect("synced")
            .highest_modseq,
        None
    );
    // Later syncs (a strict server answers CHANGEDSINCE 0 with BAD) work,
    // now that the server has a real HIGHESTMODSEQ.
    {
        let mut f = f.lock().unwrap();
        f.messages.push((2, message(2)));
        f.modseq = Some(5);
    }
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.new_messages, 1);
    sync_on(&mut s, &mut store);
    let sent = commands.lock().unwrap().join("\n");
    assert!(!sent.contains("CHANGEDSINCE 0"), "{sent}");
}

#[test]
fn refused_condstore_select_falls_back_to_a_plain_select() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    f.lock().unwrap().refuse_condstore_select =
        Some("BAD [CLIENTBUG] CONDSTORE is not available here".into());
    let (mut s, commands) = session("* OK ready\r\n", &f, "CONDSTORE");
    let mut store = Store::open_in_memory().expect("store");
    assert_eq!(sync_on(&mut s, &mut store).new_messages, 1);
    f.lock().unwrap().messages.push((2, message(2)));
    assert_eq!(sync_on(&mut s, &mut store).new_messages, 1);
    let selects: Vec<String> = commands
        .lock()
        .unwrap()
        .iter()
        .filter(|c| c.starts_with("SELECT"))
        .cloned()
        .collect();
    // Asked once with CONDSTORE, then plainly, and not asked again.
    assert_eq!(
        selects,
        vec![
            "SELECT \"INBOX\" (CONDSTORE)",
            "SELECT \"INBOX\"",
            "SELECT \"INBOX\""
        ]
    );
}

#[test]
fn select_no_unavailable_is_the_servers_fault_not_the_configs() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    f.lock().unwrap().refuse_select = Some("NO [UNAVAILABLE] backend down".into());
    let (mut s, _) = session("* OK ready\r\n", &f, "");
    let e = s.select("INBOX").expect_err("refused");
    assert!(matches!(e, ImapError::FolderRefused { .. }), "{e}");
    assert_eq!(e.exit_code(), 3);
    let text = e.to_string();
    assert!(text.contains("backend down"), "{text}");
    assert!(!text.contains("check `folders`"), "{text}");
    // The session is still in step.
    s.noop().expect("noop");

    for (answer, config) in [
        ("NO [NONEXISTENT] Mailbox doesn't exist: INBOX", true),
        ("NO Mailbox does not exist", true),
        ("NO [SERVERBUG] internal error", false),
        ("NO temporary failure, try again", false),
    ] {
        f.lock().unwrap().refuse_select = Some(answer.into());
        let e = s.select("INBOX").expect_err("refused");
        assert_eq!(e.exit_code(), if config { 2 } else { 3 }, "{answer}: {e}");
        assert_eq!(
            e.to_string().contains("check `folders`"),
            config,
            "{answer}: {e}"
        );
    }
}

#[test]
fn select_no_unavailable_exits_3_from_vsd_sync_after_the_other_folders_sync() {
    // Two folders on one server; only the second cannot be opened.
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let g = f.clone();
    let handler = replying::handler(move |cmd| {
        let f = g.lock().unwrap();
        if cmd.starts_with("SELECT \"Sent\"") {
            return b"$TAG NO [UNAVAILABLE] backend down\r\n".to_vec();
        }
        answer(&f, "", cmd)
    });
    let (port, _) = replying::serve("* OK ready\r\n", handler);
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    vsd::files::write(&conf, config(port, &["INBOX", "Sent"]).as_bytes()).unwrap();
    let db = dir.path().join("vsd.db");
    let out = vsd_sync(&conf, &db);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("\"Sent\""), "{err}");
    assert!(err.contains("backend down"), "{err}");
    assert!(!err.contains("check `folders`"), "{err}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.message_count().unwrap(), 1, "INBOX was synced");
}

fn vsd_sync(conf: &std::path::Path, db: &std::path::Path) -> std::process::Output {
    assert_cmd::Command::cargo_bin("vsd")
        .unwrap()
        .arg("--config")
        .arg(conf)
        .arg("--db")
        .arg(db)
        .arg("sync")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

#[test]
fn unparsable_untagged_lines_in_select_and_search_are_skipped_not_a_false_bye() {
    let f = Arc::new(Mutex::new(Folder::with(&[1, 2])));
    {
        let mut f = f.lock().unwrap();
        // A Latin-1 mailbox name, 8-bit text in a NO, a non-ASCII keyword.
        f.select_extra = b"* LIST (\\HasNoChildren) \"/\" \"Caf\xe9\"\r\n\
              * NO Kvoten er n\xe6r full\r\n"
            .to_vec();
        f.search_extra = b"* 1 FETCH (UID 1 FLAGS (\\Seen $\xc6rlig))\r\n\
              * LIST (\\HasNoChildren) \"/\" \"Caf\xe9\"\r\n"
            .to_vec();
    }
    let (mut s, _) = session("* OK ready\r\n", &f, "");
    let st = s
        .select("INBOX")
        .expect("SELECT survives lines it cannot parse");
    assert_eq!((st.uidvalidity, st.exists), (7, 2));
    assert_eq!(s.uids().expect("SEARCH too"), vec![1, 2]);
    s.noop().expect("and the session is in step");
    let mut store = Store::open_in_memory().expect("store");
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.new_messages, 2);
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.gone, 0, "{sum:?}");
}

#[test]
fn stale_uidnext_does_not_hide_new_mail() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    f.lock().unwrap().modseq = Some(9);
    let (mut s, _) = session("* OK ready\r\n", &f, "CONDSTORE");
    let mut store = Store::open_in_memory().expect("store");
    assert_eq!(sync_on(&mut s, &mut store).new_messages, 1);
    {
        // Mail arrives, but SELECT goes on saying UIDNEXT 2 and the same
        // HIGHESTMODSEQ; only EXISTS has it right.
        let mut f = f.lock().unwrap();
        f.messages.push((2, message(2)));
        f.uidnext = Some(2);
    }
    let sum = sync_on(&mut s, &mut store);
    assert_eq!(sum.new_messages, 1, "{sum:?}");
    assert_eq!(
        store.message_ids_in_folder("INBOX").unwrap(),
        vec!["m1@example.com", "m2@example.com"]
    );
    // Without CONDSTORE too.
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let (mut s, _) = session("* OK ready\r\n", &f, "");
    let mut store = Store::open_in_memory().expect("store");
    sync_on(&mut s, &mut store);
    {
        let mut f = f.lock().unwrap();
        f.messages.push((2, message(2)));
        f.uidnext = Some(2);
    }
    assert_eq!(sync_on(&mut s, &mut store).new_messages, 1);
}

#[test]
fn alerts_from_greeting_login_and_commands_reach_the_session() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let g = f.clone();
    let handler = replying::handler(move |cmd| {
        if cmd.starts_with("LOGIN") {
            return b"$TAG OK [ALERT] Your password expires in 3 days\r\n".to_vec();
        }
        if cmd == "NOOP" {
            return b"* NO [ALERT] Mailbox is 95% full\r\n$TAG OK\r\n".to_vec();
        }
        answer(&g.lock().unwrap(), "", cmd)
    });
    let stream = ReplyingStream::new("* OK [ALERT] Maintenance at 22:00 UTC\r\n", handler);
    let mut s = imap::login(
        stream,
        "scripted",
        USER,
        &Password::new("pw".into()),
        true,
        false,
    )
    .expect("login");
    assert_eq!(
        s.take_alerts(),
        vec![
            "Maintenance at 22:00 UTC",
            "Your password expires in 3 days"
        ]
    );
    s.select("INBOX").unwrap();
    assert!(s.take_alerts().is_empty());
    s.noop().unwrap();
    assert_eq!(s.take_alerts(), vec!["Mailbox is 95% full"]);
    // A body that quotes an alert is mail, not an alert.
    f.lock().unwrap().messages[0].1 =
        b"Subject: x\r\n\r\n* OK [ALERT] Send your password to evil@example.com\r\n".to_vec();
    s.fetch("1").unwrap();
    assert!(s.take_alerts().is_empty());
}

#[test]
fn alerts_are_shown_once_by_vsd_sync() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let g = f.clone();
    let handler = replying::handler(move |cmd| {
        if cmd.starts_with("SELECT") {
            // Said again with every SELECT: shown once.
            let mut v = b"* OK [ALERT] Maintenance at 22:00 UTC\r\n".to_vec();
            v.extend(answer(&g.lock().unwrap(), "", cmd));
            return v;
        }
        answer(&g.lock().unwrap(), "", cmd)
    });
    let (port, _) = replying::serve("* OK [ALERT] Maintenance at 22:00 UTC\r\n", handler);
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    vsd::files::write(&conf, config(port, &["INBOX"]).as_bytes()).unwrap();
    let out = vsd_sync(&conf, &dir.path().join("vsd.db"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        err.matches("vsd sync: alert from 127.0.0.1: Maintenance at 22:00 UTC")
            .count(),
        1,
        "{err}"
    );
}

#[test]
fn alerts_reach_the_worker_events_once_across_reconnects() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let g = f.clone();
    let idles = Arc::new(Mutex::new(0));
    let handler = replying::handler(move |cmd| {
        if cmd == "IDLE" {
            let mut n = idles.lock().unwrap();
            *n += 1;
            // The first IDLE ends with the server going down, saying why;
            // the greeting's alert comes again after the reconnect.
            return if *n == 1 {
                b"+ idling\r\n* BYE [ALERT] Restarting for maintenance\r\n".to_vec()
            } else {
                b"+ idling\r\n".to_vec()
            };
        }
        answer(&g.lock().unwrap(), "", cmd)
    });
    let (port, _) = replying::serve("* OK [ALERT] Maintenance at 22:00 UTC\r\n", handler);
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::parse_str(&config(port, &["INBOX"]), "t.toml").unwrap();
    let (_worker, rx) = sync::spawn_worker(&cfg, &dir.path().join("vsd.db"));
    let mut events = Vec::new();
    let mut idle = 0;
    while idle < 2 {
        let ev = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no event; so far {events:?}"));
        if ev == SyncEvent::Idle {
            idle += 1;
        }
        events.push(ev);
    }
    let alerts: Vec<&SyncEvent> = events
        .iter()
        .filter(|e| matches!(e, SyncEvent::Alert(_)))
        .collect();
    assert_eq!(
        alerts,
        vec![
            &SyncEvent::Alert("Maintenance at 22:00 UTC".into()),
            &SyncEvent::Alert("Restarting for maintenance".into())
        ],
        "{events:?}"
    );
}

#[test]
fn bye_greeting_with_escape_sequences_reaches_the_terminal_sanitised() {
    let (port, _) = replying::serve(
        "* BYE \x1b]0;owned\x07\x1b[2JToo many connections\r\n",
        replying::handler(|_| b"$TAG BAD\r\n".to_vec()),
    );
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    vsd::files::write(&conf, config(port, &["INBOX"]).as_bytes()).unwrap();
    let out = vsd_sync(&conf, &dir.path().join("vsd.db"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(!out.stderr.contains(&0x1b), "{err:?}");
    assert!(!out.stderr.contains(&0x07), "{err:?}");
    assert!(err.contains("␛]0;owned␇␛[2JToo many connections"), "{err}");
}

#[test]
fn no_answer_with_escape_sequences_reaches_the_terminal_sanitised() {
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    f.lock().unwrap().refuse_select = Some("NO [UNAVAILABLE] \x1b[2J\x1b]2;x\x07down".into());
    let (mut s, _) = session("* OK ready\r\n", &f, "");
    let e = s.select("INBOX").expect_err("refused");
    let text = e.to_string();
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(text.contains("␛[2J␛]2;x␇down"), "{text}");
    // And an alert with them.
    f.lock().unwrap().refuse_select = None;
    f.lock().unwrap().select_extra = b"* OK [ALERT] \x1b[2Jwipe\r\n".to_vec();
    s.select("INBOX").unwrap();
    assert_eq!(s.take_alerts(), vec!["␛[2Jwipe"]);
}

#[test]
fn alert_shows_on_the_tui_status_line() {
    if !support::tmux::require_tmux() {
        return;
    }
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let (port, _) = replying::serve("* OK [ALERT] Maintenance at 22:00 UTC\r\n", server(&f, ""));
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    vsd::files::write(&conf, config(port, &["INBOX"]).as_bytes()).unwrap();
    let db = dir.path().join("vsd.db");
    let tmux = support::tmux::Tmux::start(&[
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        conf.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    // The alert stays on the status line after the sync's progress is
    // done, until a key is pressed.
    tmux.wait_for("the alert beside the synced issue", |s| {
        s.contains("server alert: Maintenance at 22:00 UTC") && s.contains("VSD-1")
    });
    tmux.keys(&["j"]);
    tmux.wait_for("the alert gone after a key", |s| {
        !s.contains("server alert") && s.contains("VSD-1")
    });
    tmux.keys(&["q"]);
}

#[test]
fn alerts_during_idle_are_shown_at_once_by_vsd_sync_watch() {
    use std::io::BufRead;
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let g = f.clone();
    let idles = Arc::new(Mutex::new(0));
    let handler = replying::handler(move |cmd| {
        if cmd == "IDLE" {
            let mut n = idles.lock().unwrap();
            *n += 1;
            // With one folder IDLE is renewed after 25 minutes: the alert
            // must end it, not wait for that.
            if *n == 1 {
                return b"+ idling\r\n* OK [ALERT] Disk replaced tonight\r\n".to_vec();
            }
        }
        answer(&g.lock().unwrap(), "", cmd)
    });
    let (port, _) = replying::serve("* OK [ALERT] Maintenance at 22:00 UTC\r\n", handler);
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("config.toml");
    vsd::files::write(&conf, config(port, &["INBOX"]).as_bytes()).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"))
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(dir.path().join("vsd.db"))
        .args(["sync", "--watch"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut lines = Vec::new();
    let seen = loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(l) => {
                let done = l.contains("Disk replaced tonight");
                lines.push(l);
                if done {
                    break true;
                }
            }
            Err(_) => break false,
        }
    };
    child.kill().unwrap();
    child.wait().unwrap();
    lines.extend(rx.try_iter());
    assert!(seen, "{lines:#?}");
    let count = |t: &str| lines.iter().filter(|l| l.contains(t)).count();
    assert_eq!(
        count("alert from 127.0.0.1: Maintenance at 22:00 UTC"),
        1,
        "{lines:#?}"
    );
    assert_eq!(
        count("alert from 127.0.0.1: Disk replaced tonight"),
        1,
        "{lines:#?}"
    );
}

#[test]
fn a_line_the_crate_cannot_parse_is_no_false_bye_in_commands_it_reads() {
    // APPEND is still read by the imap crate, which reports a line it cannot
    // parse as a BYE the server never sent.
    let f = Arc::new(Mutex::new(Folder::with(&[1])));
    let g = f.clone();
    let handler = replying::handler(move |cmd| {
        if cmd.starts_with("APPEND") {
            return b"* LIST (\\HasNoChildren) \"/\" \"Caf\xe9\"\r\n$TAG OK [APPENDUID 7 9] done\r\n"
                .to_vec();
        }
        answer(&g.lock().unwrap(), "", cmd)
    });
    let stream = ReplyingStream::new("* OK ready\r\n", handler);
    let mut s = imap::login(
        stream,
        "scripted",
        USER,
        &Password::new("pw".into()),
        true,
        false,
    )
    .expect("login");
    let e = s
        .append("Drafts", b"Subject: x\r\n\r\ny\r\n", &["\\Draft"])
        .expect_err("unreadable answer");
    assert!(matches!(e, ImapError::Protocol { .. }), "{e}");
    assert!(!e.to_string().contains("BYE"), "{e}");
    assert_eq!(e.exit_code(), 3);
    assert!(e.is_connection_problem(), "a reconnect is due: {e}");
    // The rest of that answer was left unread: the session says it is done
    // rather than read the wrong answer for the next command.
    let e = s.noop().expect_err("out of step");
    assert!(matches!(e, ImapError::Closed { .. }), "{e}");
}
