//! The CLI end to end: import a mailbox with known answers as mbox and as
//! Maildir, twice, and check `list`, `show` and `log` exactly as CONTRACT.md
//! fixes them, plus exit codes and error messages.

use crate::common;

use common::{Home, Mail, mailbox, write_maildir, write_mbox};
use serde_json::{Value, json};

/// The issues the test mailbox must give, in `list --all --json` order
/// (newest activity first, unfiled last), without the dates.
fn expected_list() -> Value {
    // No team actions yet: nobody assigned, no notes or links, no conflict.
    let team = json!({"assignee": null, "notes": [], "links": [], "conflict": false});
    let mut v = json!([
        {"id": "VSD-200", "key": "VSD-200", "title": "Webhooks kommer ikke fram", "status": "resolved",
         "message_count": 5, "flags": ["subject-changed", "key-missing", "missing-info"], "attachments": 0,
         "waiting_on": null},
        {"id": "VSD-100", "key": "VSD-100", "title": "POST /epayment gives 400", "status": "awaiting-desk",
         "message_count": 4, "flags": [], "attachments": 0, "waiting_on": "desk"},
        {"id": "unfiled:req300@example.com", "key": null, "title": "Recurring agreement stuck",
         "status": "unfiled", "message_count": 1, "flags": ["missing-info"], "attachments": 0,
         "waiting_on": "desk", "short_id": "ub304b8"},
    ]);
    for e in v.as_array_mut().expect("array") {
        for (k, val) in team.as_object().expect("object") {
            e[k] = val.clone();
        }
    }
    v
}

fn without_dates(v: &Value) -> Value {
    let mut v = v.clone();
    for e in v.as_array_mut().expect("array") {
        let o = e.as_object_mut().expect("object");
        for k in ["opened_at", "last_activity"] {
            let d = o.remove(k).expect("date field");
            chrono::DateTime::parse_from_rfc3339(d.as_str().expect("string")).expect("RFC 3339");
        }
        // What depends on today and on what the user opened.
        for k in ["days_waiting", "overdue", "new_mail"] {
            o.remove(k).expect("field");
        }
    }
    v
}

fn import_mbox(home: &Home) {
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
}

#[test]
fn mbox_import_gives_the_expected_issues() {
    let home = Home::new();
    import_mbox(&home);
    let list = home.json(&["list", "--all", "--json"]);
    assert_eq!(without_dates(&list), expected_list());
}

#[test]
fn maildir_import_equals_mbox_import_and_twice_changes_nothing() {
    let a = Home::new();
    import_mbox(&a);
    let b = Home::new();
    let md = b.path("Maildir");
    write_maildir(&md, &mailbox());
    b.vsd().arg("import").arg(&md).assert().success();
    assert_eq!(
        without_dates(&a.json(&["list", "--all", "--json"])),
        without_dates(&b.json(&["list", "--all", "--json"]))
    );
    let log_before = b.json(&["log", "--json"]);
    b.vsd().arg("import").arg(&md).assert().success();
    a.vsd()
        .arg("import")
        .arg(a.path("box.mbox"))
        .assert()
        .success();
    assert_eq!(
        without_dates(&b.json(&["list", "--all", "--json"])),
        expected_list()
    );
    assert_eq!(
        b.json(&["log", "--json"]),
        log_before,
        "a second import logs nothing"
    );
}

#[test]
fn list_without_all_shows_open_issues_and_unfiled() {
    let home = Home::new();
    import_mbox(&home);
    let list = home.json(&["list", "--json"]);
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["VSD-100", "unfiled:req300@example.com"]);
}

#[test]
fn show_json_has_the_contract_fields() {
    let home = Home::new();
    import_mbox(&home);
    let v = home.json(&["show", "vsd-200", "--json"]);
    assert_eq!(v["key"], "VSD-200");
    assert_eq!(v["status"], "resolved");
    let msgs = v["messages"].as_array().expect("messages");
    let ids: Vec<&str> = msgs
        .iter()
        .map(|m| m["message_id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "req200@example.com",
            "auto200@vipps.no",
            "t200a@example.com",
            "t200b@example.com",
            "d200@vipps.no"
        ]
    );
    let roles: Vec<&str> = msgs
        .iter()
        .map(|m| m["role"].as_str().expect("role"))
        .collect();
    assert_eq!(roles, ["team", "desk", "team", "team", "desk"]);
    assert_eq!(msgs[0]["from"], "Kari Hånsen <kari@example.com>");
    assert_eq!(msgs[1]["subject"], "VSD-200: Webhooks kommer ikke fram");
    assert_eq!(msgs[2]["flags"], json!(["key-missing"]));
    assert_eq!(msgs[3]["flags"], json!(["subject-changed"]));
    assert_eq!(
        msgs[4]["new_text"],
        "Saken er løst: callback-URL manglet https."
    );
    for m in msgs {
        for k in [
            "message_id",
            "date",
            "from",
            "role",
            "subject",
            "flags",
            "new_text",
        ] {
            assert!(m.get(k).is_some(), "message lacks {k}");
        }
    }
    let kinds: Vec<&str> = v["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds.first(), Some(&"opened"));
    assert!(kinds.contains(&"resolved"), "{kinds:?}");
    // The request lacks the checklist; one reply lost the key, one changed the Subject.
    assert_eq!(
        kinds.iter().filter(|k| **k == "flagged").count(),
        3,
        "{kinds:?}"
    );
    assert_eq!(msgs[0]["flags"], json!(["missing-info"]));
}

#[test]
fn show_text_explains_flags_with_the_guideline() {
    let home = Home::new();
    import_mbox(&home);
    let out = home.vsd().args(["show", "VSD-200"]).output().expect("run");
    let s = String::from_utf8(out.stdout).expect("utf8");
    assert!(s.contains("key-missing"), "{s}");
    assert!(s.contains("without changing the Subject line"), "{s}");
}

/// `vsd log --json` is written event by event as it is read; what it
/// writes is the pretty JSON array it always was, empty or not.
#[test]
fn streamed_log_json_is_the_same_pretty_array() {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Event {
        at: String,
        key: Option<String>,
        kind: String,
        detail: String,
    }
    let home = Home::new();
    import_mbox(&home);
    for args in [
        &["log", "--json"][..],
        &["log", "VSD-100", "--json"],
        &["log", "--json", "--kind", "unlinked"],
    ] {
        let out = home.vsd().args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).expect("utf8");
        let events: Vec<Event> = serde_json::from_str(&text).expect("json");
        assert_eq!(
            text,
            serde_json::to_string_pretty(&events).expect("json") + "\n",
            "{args:?}"
        );
    }
    let out = home
        .vsd()
        .args(["log", "--json", "--kind", "unlinked"])
        .output()
        .expect("run");
    assert_eq!(out.stdout, b"[]\n");
    // A kind that does not exist is a usage error that names the kinds.
    let out = home
        .vsd()
        .args(["log", "--kind", "replied"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no event kind is called \"replied\"") && err.contains("desk-replied"),
        "{err}"
    );
}

#[test]
fn log_json_and_unknown_key() {
    let home = Home::new();
    import_mbox(&home);
    let v = home.json(&["log", "VSD-100", "--json"]);
    let arr = v.as_array().expect("array");
    assert!(!arr.is_empty());
    for e in arr {
        for k in ["at", "key", "kind", "detail"] {
            assert!(e.get(k).is_some(), "event lacks {k}");
        }
        assert_eq!(e["key"], "VSD-100");
    }
    let kinds: Vec<&str> = arr
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "team-replied",
            "desk-replied",
            "desk-replied",
            "team-replied"
        ]
    );

    let out = home.vsd().args(["show", "VSD-999"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("VSD-999"));
}

#[test]
fn close_and_reopen_locally() {
    let home = Home::new();
    import_mbox(&home);
    home.vsd().args(["close", "VSD-100"]).assert().success();
    let v = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(v["status"], "closed");
    let log = home.json(&["log", "VSD-100", "--json"]);
    assert!(
        log.as_array()
            .expect("log")
            .iter()
            .any(|e| e["kind"] == "closed")
    );
    home.vsd().args(["reopen", "VSD-100"]).assert().success();
    assert_eq!(
        home.json(&["show", "VSD-100", "--json"])["status"],
        "awaiting-desk"
    );
}

#[test]
fn bad_config_names_file_and_line_and_exits_2() {
    let home = Home::new();
    std::fs::write(
        home.path("config.toml"),
        "[desk]\nissue_pattern = \"VSD-[\"\n",
    )
    .expect("write");
    let out = home.vsd().args(["list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:2"), "{err}");
}

#[test]
fn missing_store_and_missing_path_are_clear_errors() {
    let home = Home::new();
    let out = home.vsd().args(["list"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("vsd import"));
    let out = home
        .vsd()
        .args(["import", "/nonexistent/box"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/box"));
}

#[test]
fn unparseable_mail_is_stored_and_reported_not_dropped() {
    let home = Home::new();
    let dir = home.path("eml");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("a.eml"), mailbox()[0].bytes()).expect("write");
    std::fs::write(
        dir.join("b.eml"),
        b"\xff\xfe\x00garbage with no headers at all\x00\x01",
    )
    .expect("write");
    let out = home.vsd().arg("import").arg(&dir).output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("read 2 messages"), "{stdout}");
}

#[test]
fn message_without_date_takes_the_files_date() {
    let home = Home::new();
    let eml = home.path("nodate.eml");
    std::fs::write(
        &eml,
        Mail::new("nd@example.com", "", "per@example.com", "No date here").bytes(),
    )
    .expect("write");
    let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600);
    std::fs::File::options()
        .write(true)
        .open(&eml)
        .expect("open")
        .set_modified(when)
        .expect("mtime");
    home.vsd().arg("import").arg(&eml).assert().success();
    let list = home.json(&["list", "--json"]);
    assert_eq!(list[0]["opened_at"], "2026-01-01T00:00:00Z");
}

#[test]
fn no_config_file_is_fine_for_import_and_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mbox = dir.path().join("b.mbox");
    write_mbox(&mbox, &mailbox());
    let run = |args: &[&str]| {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_vsd"));
        c.env("VSD_DB", dir.path().join("s.db"))
            .env("VSD_CONFIG", "")
            .env("XDG_CONFIG_HOME", dir.path().join("noconfig"))
            .args(args);
        c
    };
    run(&["import", mbox.to_str().expect("path")])
        .assert()
        .success();
    let out = run(&["list", "--all", "--json"]).output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    // The desk is inferred from the first auto-reply: the same issues come out.
    let keys: Vec<Value> = v
        .as_array()
        .expect("arr")
        .iter()
        .map(|e| e["key"].clone())
        .collect();
    assert_eq!(keys, [json!("VSD-200"), json!("VSD-100"), Value::Null]);
}

/// More messages than one write batch (2000) and a last chunk that is not
/// full: every message arrives once, in its issue, whichever thread read it.
#[test]
fn a_large_import_keeps_every_message_once() {
    let home = Home::new();
    let issues = 150;
    let per_issue = 29; // 4,350 messages: two full batches and a partial chunk.
    let mut mails = Vec::new();
    for k in 0..issues {
        let key = 5000 + k;
        let root = format!("req{k}@example.com");
        mails.push(
            Mail::new(
                &root,
                "Mon, 2 Mar 2026 09:00:00 +0100",
                "Kari <kari@example.com>",
                "Request",
            )
            .to("integration@vipps.no"),
        );
        for n in 1..per_issue {
            let id = format!("m{k}.{n}@example.com");
            let (from, subject) = if n % 2 == 1 {
                (
                    "Vipps <integration@vipps.no>",
                    format!("[VSD-{key}] Request"),
                )
            } else {
                (
                    "Kari <kari@example.com>",
                    format!("Re: [VSD-{key}] Request"),
                )
            };
            let date = format!("Mon, 2 Mar 2026 {:02}:{:02}:00 +0100", 10 + n / 60, n % 60);
            mails.push(Mail::new(&id, &date, from, &subject).reply(&root, &[&root]));
        }
    }
    let mbox = home.path("big.mbox");
    write_mbox(&mbox, &mails);
    for round in 0..2 {
        home.vsd().arg("import").arg(&mbox).assert().success();
        let list = home.json(&["list", "--all", "--json"]);
        let list = list.as_array().expect("array");
        assert_eq!(list.len(), issues, "round {round}");
        for issue in list {
            assert_eq!(issue["message_count"], per_issue, "round {round}: {issue}");
            assert!(issue["key"].is_string(), "round {round}: {issue}");
        }
    }
}

/// `vsd list --all | head -1` on a list longer than the pipe holds: vsd is
/// still writing when the reader goes away after its first line. It exits
/// quietly with 0, as when the reader was gone from the start.
#[test]
fn broken_pipe_after_the_first_line_of_a_long_list_exits_quietly_with_0() {
    use std::io::BufRead;
    let home = Home::new();
    // 1,500 issues: about 150 KB of list, more than a pipe buffers (64 KB).
    let mails: Vec<Mail> = (0..1500)
        .map(|k| {
            Mail::new(
                &format!("auto{k}@vipps.no"),
                "Mon, 2 Mar 2026 09:00:00 +0100",
                "Vipps <integration@vipps.no>",
                &format!(
                    "[VSD-{}] A request with a title long enough to fill a row",
                    7000 + k
                ),
            )
            .to("kari@example.com")
        })
        .collect();
    let mbox = home.path("long.mbox");
    write_mbox(&mbox, &mails);
    home.vsd().arg("import").arg(&mbox).assert().success();
    for args in [
        &["list", "--all"][..],
        &["list", "--all", "--json"],
        &["log"],
    ] {
        let mut child = home
            .vsd_std()
            .env_remove("VSD_NOW")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run vsd");
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("first line");
        assert!(!first.is_empty(), "vsd {args:?} wrote nothing");
        // The reader is dropped here: vsd's next writes find no one.
        let out = child.wait_with_output().expect("vsd ends");
        assert_eq!(out.status.code(), Some(0), "vsd {args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "vsd {args:?}");
    }
}

/// `vsd list | head` once failed with "Broken pipe" and exit 2: a reader that
/// goes away is not an error.
#[test]
fn broken_pipe_on_stdout_exits_quietly_with_0() {
    let home = Home::new();
    import_mbox(&home);
    for args in [
        &["list", "--all"][..],
        &["list", "--all", "--json"],
        &["log"],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"));
        cmd.arg("--config")
            .arg(home.path("config.toml"))
            .arg("--db")
            .arg(home.path("vsd.db"))
            .args(args)
            .env_remove("VSD_CONFIG")
            .env_remove("VSD_DB")
            .stdout(writer)
            .stderr(std::process::Stdio::piped());
        let out = cmd.output().expect("run vsd");
        assert_eq!(out.status.code(), Some(0), "vsd {args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "vsd {args:?}");
    }
}

/// A store that cannot be opened is told in one line: what vsd could not
/// do and SQLite's reason, each once (the reason is not repeated as a
/// "caused by" line), with exit 2.
#[test]
fn an_unopenable_store_is_told_once_in_one_line_with_exit_2() {
    let home = Home::new();
    let dir = home.path("store.d");
    std::fs::create_dir(&dir).expect("dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"))
        .arg("--config")
        .arg(home.path("config.toml"))
        .arg("--db")
        .arg(&dir)
        .arg("list")
        .env_remove("VSD_CONFIG")
        .env_remove("VSD_DB")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("vsd: cannot open the store "), "{err}");
    assert_eq!(
        err.matches("unable to open database file").count(),
        1,
        "{err}"
    );
}
