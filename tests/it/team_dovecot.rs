//! Team state through the mailbox, against one harness Dovecot: colleagues
//! with their own configs and stores, one account. What one does (close,
//! assign, note, link) reaches the others' `vsd sync` and running `sync
//! --watch`; offline edits converge with the conflict shown; a deleted state
//! folder is filled again; an operation from outside the team is ignored.

use crate::common::Home;
use crate::support;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::sync::atomic::Ordering;
use std::time::Duration;
use support::dovecot::Dovecot;
use support::proxy::{Cut, CutPoint, Proxy};
use vsd::sync::SyncEvent;

/// A colleague: a home of their own on `d`'s account, synced once.
fn colleague(d: &Dovecot, from: &str) -> Home {
    colleague_with(d, from, &["INBOX", "Sent"])
}

fn colleague_with(d: &Dovecot, from: &str, folders: &[&str]) -> Home {
    let h = Home::new();
    let config = format!("{}from = \"{from}\"\n", d.config_toml(folders));
    vsd::files::write(&h.path("config.toml"), config.as_bytes()).expect("config");
    sync(&h);
    h
}

/// `vsd sync`, which must succeed; its stderr.
fn sync(h: &Home) -> String {
    let out = h.vsd().arg("sync").output().expect("sync");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "sync failed: {err}");
    err
}

fn run(h: &Home, args: &[&str]) -> String {
    let out = h.vsd().args(args).output().expect("run vsd");
    assert!(
        out.status.success(),
        "vsd {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// One issue of `list --all --json`.
fn issue(h: &Home, key: &str) -> Value {
    let list = h.json(&["list", "--all", "--json"]);
    list.as_array()
        .expect("array")
        .iter()
        .find(|i| i["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no {key} in {list}"))
}

/// What the team's operations say about an issue, as `show --json` gives it.
fn team_fields(h: &Home, key: &str) -> Value {
    let s = h.json(&["show", key, "--json"]);
    serde_json::json!({
        "status": s["status"],
        "assignee": s["assignee"],
        "notes": s["notes"].as_array().expect("notes").iter()
            .map(|n| serde_json::json!([n["author"], n["text"]])).collect::<Vec<_>>(),
        "links": s["links"],
        "conflict": s["conflict"],
    })
}

#[test]
fn a_colleagues_actions_reach_another_store_through_the_state_folder() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let ola = colleague(&d, "Ola Nordmann <ola@example.com>");
    let kari = colleague(&d, "Kari Hansen <kari@example.com>");
    // Per's config names the state folder among the mail folders: it is
    // still never read as mail.
    let per = colleague_with(
        &d,
        "Per Olsen <per@example.com>",
        &["INBOX", "Sent", "VSD-State"],
    );

    run(&ola, &["close", "VSD-1001"]);
    run(&ola, &["assign", "VSD-1002", "kari@example.com"]);
    run(
        &ola,
        &["note", "VSD-1002", "venter på loggene fra brukerstedet"],
    );
    run(&ola, &["link", "VSD-1002", "VSD-1001", "--duplicate"]);
    // Nothing leaves before a sync: the actions wait in the outbox.
    assert_eq!(issue(&kari, "VSD-1002")["assignee"], Value::Null);
    let said = sync(&ola);
    assert!(
        said.contains("shared 4 team actions through VSD-State"),
        "{said}"
    );
    // One small message per action, in the order they were made, From the
    // author, Subject "vsd op <id>", a JSON body.
    let kinds: Vec<String> = d
        .messages("VSD-State")
        .iter()
        .map(|m| {
            let p = mailparse::parse_mail(m).expect("parses");
            let h = |n: &str| {
                p.headers
                    .iter()
                    .find(|x| x.get_key().eq_ignore_ascii_case(n))
                    .map(|x| x.get_value())
                    .unwrap_or_default()
            };
            assert_eq!(h("From"), "ola@example.com");
            let body: Value = serde_json::from_str(&p.get_body().expect("body")).expect("json");
            assert_eq!(
                h("Subject"),
                format!("vsd op {}", body["id"].as_str().expect("id"))
            );
            assert_eq!(body["v"], 1);
            assert!(body["lamport"].as_u64().is_some(), "{body}");
            body["kind"].as_str().expect("kind").to_string()
        })
        .collect();
    assert_eq!(kinds, ["close", "assign", "note", "link"]);

    let said = sync(&kari);
    assert!(said.contains("4 team actions from colleagues"), "{said}");
    for h in [&kari, &ola] {
        assert_eq!(issue(h, "VSD-1001")["status"], "closed");
        let i = issue(h, "VSD-1002");
        assert_eq!(i["assignee"], "kari@example.com");
        assert_eq!(i["conflict"], false);
        assert_eq!(
            i["links"],
            serde_json::json!([{"key": "VSD-1001", "kind": "duplicate-of"}])
        );
        assert_eq!(
            team_fields(h, "VSD-1002")["notes"],
            serde_json::json!([["ola@example.com", "venter på loggene fra brukerstedet"]])
        );
        assert_eq!(
            issue(h, "VSD-1001")["links"],
            serde_json::json!([{"key": "VSD-1002", "kind": "duplicated-by"}])
        );
    }
    // Kari's own filter and event log see it as hers.
    let mine = kari.json(&["list", "--assigned", "me", "--json"]);
    let keys: Vec<&Value> = mine
        .as_array()
        .expect("array")
        .iter()
        .map(|i| &i["key"])
        .collect();
    assert_eq!(keys, vec!["VSD-1002"]);
    let log = run(&kari, &["log", "VSD-1002"]);
    assert!(
        log.contains("assigned to kari@example.com by ola@example.com"),
        "{log}"
    );
    assert!(log.contains("noted"), "{log}");
    assert!(
        log.contains("linked: VSD-1002 duplicate of VSD-1001 by ola@example.com"),
        "{log}"
    );

    // Per, who synced before any of it, gets the same.
    sync(&per);
    assert_eq!(team_fields(&per, "VSD-1002"), team_fields(&ola, "VSD-1002"));
    assert_eq!(
        team_fields(&per, "VSD-1001"),
        team_fields(&kari, "VSD-1001")
    );
    assert_eq!(
        per.json(&["list", "--all", "--json"])
            .as_array()
            .map(Vec::len),
        ola.json(&["list", "--all", "--json"])
            .as_array()
            .map(Vec::len),
        "no operation became an issue or a request"
    );
    // A second sync brings nothing twice.
    let again = sync(&per);
    assert!(!again.contains("team actions from colleagues"), "{again}");
    assert_eq!(d.messages("VSD-State").len(), 4);
}

#[test]
fn offline_edits_on_two_stores_converge_with_the_conflict_shown() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let ola = colleague(&d, "Ola Nordmann <ola@example.com>");
    let kari = colleague(&d, "Kari Hansen <kari@example.com>");
    let per = colleague(&d, "Per Olsen <per@example.com>");

    // Both edit VSD-1002 without having seen the other's edit.
    run(&ola, &["assign", "VSD-1002", "me"]);
    run(&ola, &["close", "VSD-1002"]);
    run(&kari, &["assign", "VSD-1002", "me"]);
    run(&kari, &["note", "VSD-1002", "I have it"]);
    sync(&ola);
    sync(&kari);
    sync(&ola);
    sync(&per);
    let a = team_fields(&ola, "VSD-1002");
    assert_eq!(a, team_fields(&kari, "VSD-1002"));
    assert_eq!(a, team_fields(&per, "VSD-1002"));
    assert_eq!(a["conflict"], true);
    assert_eq!(a["status"], "closed");
    // Equal clocks: the later author in (Lamport, author) order wins.
    assert_eq!(a["assignee"], "ola@example.com");
    let shown = run(&per, &["show", "VSD-1002"]);
    assert!(
        shown.contains("conflict: assignee: ola@example.com by ola@example.com or kari@example.com by kari@example.com"),
        "{shown}"
    );

    // Kari, having seen both, decides: the conflict ends everywhere.
    run(&kari, &["assign", "VSD-1002", "kari@example.com"]);
    sync(&kari);
    sync(&ola);
    sync(&per);
    for h in [&ola, &kari, &per] {
        let f = team_fields(h, "VSD-1002");
        assert_eq!(f["conflict"], false);
        assert_eq!(f["assignee"], "kari@example.com");
    }
}

#[test]
fn a_deleted_state_folder_is_filled_again_and_outsiders_are_ignored() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let ola = colleague(&d, "Ola Nordmann <ola@example.com>");
    let kari = colleague(&d, "Kari Hansen <kari@example.com>");
    run(&ola, &["assign", "VSD-1001", "me"]);
    run(&ola, &["note", "VSD-1001", "first"]);
    sync(&ola);
    sync(&kari);

    d.delete_folder("VSD-State");
    let said = sync(&kari);
    assert!(
        said.contains("filled it again with 2 team actions"),
        "{said}"
    );
    assert_eq!(d.messages("VSD-State").len(), 2);
    // Ola's store takes the new folder as it is: nothing new, nothing doubled.
    let said = sync(&ola);
    assert!(!said.contains("team actions from colleagues"), "{said}");
    assert_eq!(d.messages("VSD-State").len(), 2);

    // An operation by someone outside [team] addresses, and a message that is
    // no operation: both skipped and reported, the sync goes on.
    let outsider = r#"{"v":1,"id":"0badc0de","author":"mallory@evil.example","at":"2026-03-01T10:00:00Z","lamport":99,"key":"VSD-1001","kind":"assign","assignee":"mallory@evil.example"}"#;
    d.append(
        "VSD-State",
        &[
            format!("From: mallory@evil.example\r\nSubject: vsd op 0badc0de\r\nContent-Type: application/json\r\n\r\n{outsider}\r\n").into_bytes(),
            b"From: someone@example.com\r\nSubject: hello\r\n\r\nnot json \x1b[2J\r\n".to_vec(),
        ],
    );
    run(&kari, &["note", "VSD-1001", "second"]);
    let said = sync(&kari);
    assert!(
        said.contains("operation 0badc0de by mallory@evil.example, who is not a team address"),
        "{said}"
    );
    assert!(said.contains("not a vsd operation"), "{said}");
    assert!(!said.contains('\x1b'), "{said:?}");
    let said = sync(&ola);
    assert!(said.contains("1 team actions from colleagues"), "{said}");
    assert!(said.contains("0badc0de by mallory@evil.example"), "{said}");
    let f = team_fields(&ola, "VSD-1001");
    assert_eq!(f["assignee"], "ola@example.com");
    assert_eq!(
        f["notes"],
        serde_json::json!([["ola@example.com", "first"], ["kari@example.com", "second"]])
    );
}

#[test]
fn a_running_watch_shows_a_colleagues_action() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let ola = colleague(&d, "Ola Nordmann <ola@example.com>");
    let kari = colleague(&d, "Kari Hansen <kari@example.com>");
    let mut watch = kari
        .vsd_std()
        .args(["sync", "--watch"])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("watch");
    let stderr = watch.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    run(&ola, &["assign", "VSD-1002", "kari@example.com"]);
    sync(&ola);
    let mut seen = Vec::new();
    let got = loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(l) if l.contains("1 team actions from colleagues") => break true,
            Ok(l) => seen.push(l),
            Err(_) => break false,
        }
    };
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(got, "the watch never told: {seen:?}");
    assert_eq!(issue(&kari, "VSD-1002")["assignee"], "kari@example.com");
}

/// Ola's config pointed at `port` (a proxy before the harness Dovecot).
fn through(h: &Home, d: &Dovecot, port: u16) {
    let config = std::fs::read_to_string(h.path("config.toml")).expect("config");
    let config = config.replace(
        &format!("port = {}", d.plain_port),
        &format!("port = {port}"),
    );
    vsd::files::write(&h.path("config.toml"), config.as_bytes()).expect("config");
}

/// A proxy that cuts the first connection where the server first answers
/// about the state folder: after the mail is synced, before the team's
/// actions are shared.
fn cut_at_the_state_folder(d: &Dovecot) -> Proxy {
    Proxy::start(
        "127.0.0.1",
        d.plain_port,
        Some(Cut {
            point: CutPoint::After {
                pattern: b"* STATUS ".to_vec(),
                nth: 1,
                extra: 0,
            },
            connections: 1,
        }),
    )
}

/// The session is lost (a token that expired, a server restart) just as the
/// mail is stored and the team state is due: `vsd sync` signs in again and
/// shares the actions, with no error shown.
#[test]
fn a_session_lost_before_the_state_folder_is_signed_in_again_to_share() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let ola = colleague(&d, "Ola Nordmann <ola@example.com>");
    run(&ola, &["close", "VSD-1001"]);
    d.append("INBOX", &[support::mail::late_reply()]);
    let proxy = cut_at_the_state_folder(&d);
    through(&ola, &d, proxy.port);
    let said = sync(&ola);
    assert!(said.contains("1 new messages"), "{said}");
    assert!(
        said.contains("shared 1 team actions through VSD-State"),
        "{said}"
    );
    assert!(!said.contains("not shared"), "{said}");
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 2, "{said}");
    let ops = d.messages("VSD-State");
    assert_eq!(ops.len(), 1);
}

/// The same for the TUI's worker: the actions are shared after a quiet
/// sign-in, no error event, and the worker gets to IDLE.
#[test]
fn a_session_lost_before_the_state_folder_leaves_the_worker_without_an_error() {
    let Some(d) = Dovecot::start() else { return };
    support::mail::serve(&d);
    let ola = colleague(&d, "Ola Nordmann <ola@example.com>");
    run(&ola, &["assign", "VSD-1002", "kari@example.com"]);
    let proxy = cut_at_the_state_folder(&d);
    through(&ola, &d, proxy.port);
    let cfg = vsd::config::Config::load(&ola.path("config.toml")).expect("config");
    let (_worker, rx) = vsd::sync::spawn_worker(&cfg, &ola.path("vsd.db"));
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(30)).expect("event") {
            SyncEvent::Idle => break,
            SyncEvent::Error(e) => errors.push(e),
            SyncEvent::Team { lines: l, .. } => lines.extend(l),
            _ => {}
        }
    }
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(lines, ["shared 1 team actions through VSD-State"]);
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 2);
    assert_eq!(d.messages("VSD-State").len(), 1);
}
