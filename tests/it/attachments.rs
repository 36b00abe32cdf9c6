//! Attachments: recorded at import and sync with every file-name form the
//! issue names, listed in `show`, `list` and `vsd attachment list`, saved
//! without ever overwriting, opened through the configured opener (a script
//! here that records its arguments), and attached to drafts.

use crate::common;
use crate::support;

use base64::Engine;
use common::{Home, Mail, write_mbox};
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A base64 part with the given headers; `bytes` is its content.
fn part(headers: &str, bytes: &[u8]) -> String {
    let encoded = B64.encode(bytes);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    format!(
        "{headers}\nContent-Transfer-Encoding: base64\n\n{}\n",
        lines.join("\n")
    )
}

fn multipart(boundary: &str, parts: &[String]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(&format!("--{boundary}\n{p}"));
    }
    s.push_str(&format!("--{boundary}--\n"));
    s
}

pub const SECRET_LOG: &str = "POST /accesstoken/get HTTP/1.1\nclient_secret: 9f8e7d6c5b4a39281706abcd\n\nHTTP/1.1 401 Unauthorized\n";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake screenshot";

/// The long name: 300 characters before `.pdf`.
fn long_name() -> String {
    format!("{}.pdf", "l".repeat(296))
}

/// The request (a screenshot inline and a log holding a secret), the
/// auto-reply, and the desk's answer with every file-name form.
pub fn attachment_mailbox() -> Vec<Mail> {
    let desk = "Vipps Integration <integration@vipps.no>";
    let ola = "Ola Nordmann <ola@example.com>";
    let request_body = multipart(
        "req",
        &[
            "Content-Type: text/plain; charset=utf-8\n\nHi,\n\nCapture fails in the test environment for the ePayment API.\nMSN 123456, orgnr 987654321, orderId abc-9, 2 March 2026. Log attached.\n\nOla\n".to_string(),
            part(
                "Content-Type: image/png; name=\"screenshot.png\"\nContent-Disposition: inline; filename=\"screenshot.png\"\nContent-ID: <shot@example.com>",
                PNG,
            ),
            part(
                "Content-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=\"app.log\"",
                SECRET_LOG.as_bytes(),
            ),
        ],
    );
    let nested = multipart(
        "alt",
        &[
            "Content-Type: text/plain; charset=utf-8\n\nHere is the report and the receipt.\n".to_string(),
            "Content-Type: text/html; charset=utf-8\n\n<p>Here is the report and the receipt.</p>\n".to_string(),
        ],
    );
    let answer_body = multipart(
        "ans",
        &[
            format!("Content-Type: multipart/alternative; boundary=\"alt\"\n\n{nested}"),
            part(
                "Content-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=iso-8859-1''Rapport%20for%20bl%E5b%E6r;\n filename*1*=%2Dtesten.pdf",
                b"%PDF-1.4 report",
            ),
            part(
                "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"=?UTF-8?Q?Kvittering_=C3=A6=C3=B8=C3=A5.pdf?=\"",
                b"%PDF-1.4 receipt",
            ),
            part(
                "Content-Type: text/plain\nContent-Disposition: attachment; filename=\"../../.bashrc\"",
                b"alias ls='rm -rf ~'\n",
            ),
            part(
                "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"C:\\temp\\a.pdf\"",
                b"%PDF-1.4 windows",
            ),
            part(
                "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe",
                b"MZ\x90\x00 not really",
            ),
            part(
                &format!("Content-Type: application/pdf; name=\"{}\"", long_name()),
                b"%PDF-1.4 long",
            ),
            part(
                "Content-Type: application/pdf\nContent-Disposition: attachment",
                b"%PDF-1.4 nameless",
            ),
        ],
    );
    vec![
        Mail::new(
            "req500@example.com",
            "Mon, 2 Mar 2026 09:00:00 +0100",
            ola,
            "Capture gives 401",
        )
        .to("integration@vipps.no")
        .header("MIME-Version", "1.0")
        .header("Content-Type", "multipart/mixed; boundary=\"req\"")
        .body(&request_body),
        Mail::new(
            "auto500@vipps.no",
            "Mon, 2 Mar 2026 09:01:00 +0100",
            desk,
            "[VSD-500] Capture gives 401",
        )
        .to(ola)
        .reply("req500@example.com", &["req500@example.com"])
        .body("Thank you. Your issue number is VSD-500.\n"),
        Mail::new(
            "d500@vipps.no",
            "Tue, 3 Mar 2026 10:00:00 +0100",
            desk,
            "RE: [VSD-500] Capture gives 401",
        )
        .to(ola)
        .reply(
            "auto500@vipps.no",
            &["req500@example.com", "auto500@vipps.no"],
        )
        .header("MIME-Version", "1.0")
        .header("Content-Type", "multipart/mixed; boundary=\"ans\"")
        .body(&answer_body),
    ]
}

/// What `vsd attachment list --json` must give for the mailbox, exactly.
fn expected_list() -> Value {
    let long = format!("{}.pdf", "l".repeat(196));
    let row = |n: usize,
               mid: &str,
               from: &str,
               name: &str,
               ty: &str,
               size: usize,
               part: &str,
               inline: bool,
               hidden: bool| {
        json!({"number": n, "message_id": mid, "from": from, "name": name, "type": ty,
               "size": size, "part": part, "inline": inline, "hidden_characters": hidden})
    };
    let ola = "Ola Nordmann <ola@example.com>";
    let desk = "Vipps Integration <integration@vipps.no>";
    json!([
        row(
            1,
            "req500@example.com",
            ola,
            "screenshot.png",
            "image/png",
            PNG.len(),
            "2",
            true,
            false
        ),
        row(
            2,
            "req500@example.com",
            ola,
            "app.log",
            "text/plain",
            SECRET_LOG.len(),
            "3",
            false,
            false
        ),
        row(
            3,
            "d500@vipps.no",
            desk,
            "Rapport for blåbær-testen.pdf",
            "application/pdf",
            15,
            "2",
            false,
            false
        ),
        row(
            4,
            "d500@vipps.no",
            desk,
            "Kvittering æøå.pdf",
            "application/pdf",
            16,
            "3",
            false,
            false
        ),
        row(
            5,
            "d500@vipps.no",
            desk,
            "bashrc",
            "text/plain",
            20,
            "4",
            false,
            false
        ),
        row(
            6,
            "d500@vipps.no",
            desk,
            "a.pdf",
            "application/pdf",
            16,
            "5",
            false,
            false
        ),
        row(
            7,
            "d500@vipps.no",
            desk,
            "invoicefdp.exe",
            "application/octet-stream",
            15,
            "6",
            false,
            true
        ),
        row(
            8,
            "d500@vipps.no",
            desk,
            long.as_str(),
            "application/pdf",
            13,
            "7",
            true,
            false
        ),
        row(
            9,
            "d500@vipps.no",
            desk,
            "attachment-8.pdf",
            "application/pdf",
            17,
            "8",
            false,
            false
        ),
    ])
}

fn imported_home() -> Home {
    let home = Home::new();
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &attachment_mailbox());
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

#[test]
fn every_file_name_form_is_listed_exactly_after_import() {
    let home = imported_home();
    assert_eq!(
        home.json(&["attachment", "list", "VSD-500", "--json"]),
        expected_list()
    );
    // show --json: the same, per message, without the numbering.
    let show = home.json(&["show", "VSD-500", "--json"]);
    let msgs = show["messages"].as_array().expect("messages");
    assert_eq!(msgs.len(), 3);
    assert_eq!(msgs[1]["attachments"], json!([]));
    assert_eq!(
        msgs[0]["attachments"][1],
        json!({"name": "app.log", "type": "text/plain", "size": SECRET_LOG.len(), "part": "3", "inline": false, "hidden_characters": false})
    );
    assert_eq!(msgs[2]["attachments"].as_array().map(Vec::len), Some(7));
    // The list marks the issue with its count.
    let list = home.json(&["list", "--all", "--json"]);
    let issue = list
        .as_array()
        .and_then(|a| a.iter().find(|i| i["key"] == "VSD-500"))
        .expect("VSD-500 listed");
    assert_eq!(issue["attachments"], 9);
    let text = home.vsd().args(["list", "--all"]).output().expect("list");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains(" VSD-500 ") && l.contains(" @9 ")),
        "{text}"
    );
}

#[test]
fn a_maildir_of_the_same_mail_lists_the_same() {
    let home = Home::new();
    let md = home.path("Maildir");
    common::write_maildir(&md, &attachment_mailbox());
    home.vsd().arg("import").arg(&md).assert().success();
    assert_eq!(
        home.json(&["attachment", "list", "VSD-500", "--json"]),
        expected_list()
    );
}

#[test]
fn show_lists_attachments_under_each_message_with_the_hidden_mark() {
    let home = imported_home();
    let out = home.vsd().args(["show", "VSD-500"]).output().expect("show");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains("  @ 1. screenshot.png (image/png, 24 B, inline)"),
        "{text}"
    );
    assert!(
        text.contains("  @ 3. Rapport for blåbær-testen.pdf (application/pdf, 15 B)"),
        "{text}"
    );
    assert!(
        text.contains("  @ 7. ⚠ invoicefdp.exe (application/octet-stream, 15 B)"),
        "{text}"
    );
    assert!(
        !text.contains('\u{202e}'),
        "no bidi override reaches the terminal"
    );
    let list = home
        .vsd()
        .args(["attachment", "list", "VSD-500"])
        .output()
        .expect("list");
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(list.contains("⚠ invoicefdp.exe"), "{list}");
    assert!(list.contains("the name held hidden characters"), "{list}");
}

#[test]
fn a_secret_in_an_attached_log_is_flagged_and_a_log_gives_request_and_response() {
    let home = imported_home();
    let show = home.json(&["show", "VSD-500", "--json"]);
    let request = &show["messages"][0];
    assert!(
        request["flags"]
            .as_array()
            .expect("flags")
            .contains(&json!("secret-unredacted")),
        "{request}"
    );
    let detail = request["flag_details"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "secret-unredacted"))
        .expect("detail");
    assert_eq!(detail["detail"], "unmasked client_secret in app.log");
    assert!(
        !detail["evidence"]
            .as_str()
            .unwrap_or("")
            .contains("9f8e7d6c"),
        "the secret is never shown: {detail}"
    );
    // The request gives everything else in its text; the log gives the
    // request and response.
    let status = home.json(&["status", "VSD-500", "--json"]);
    assert_eq!(status["missing_info"], json!([]), "{status}");
}

#[test]
fn saving_never_overwrites_and_writes_private_files_inside_the_folder() {
    let home = imported_home();
    let dir = home.path("downloads");
    for round in 0..2 {
        let out = home
            .vsd()
            .args(["attachment", "save", "VSD-500", "--dir"])
            .arg(&dir)
            .output()
            .expect("save");
        assert!(
            out.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let long = format!("{}.pdf", "l".repeat(196));
    let long1 = format!("{} (1).pdf", "l".repeat(196));
    let mut want = vec![
        "screenshot.png",
        "screenshot (1).png",
        "app.log",
        "app (1).log",
        "Rapport for blåbær-testen.pdf",
        "Rapport for blåbær-testen (1).pdf",
        "Kvittering æøå.pdf",
        "Kvittering æøå (1).pdf",
        "bashrc",
        "bashrc (1)",
        "a.pdf",
        "a (1).pdf",
        "invoicefdp.exe",
        "invoicefdp (1).exe",
        long.as_str(),
        long1.as_str(),
        "attachment-8.pdf",
        "attachment-8 (1).pdf",
    ];
    want.sort();
    assert_eq!(names, want);
    for n in &names {
        let meta = std::fs::metadata(dir.join(n)).expect("meta");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{n}");
    }
    assert_eq!(
        std::fs::read(dir.join("Rapport for blåbær-testen (1).pdf")).expect("read"),
        b"%PDF-1.4 report"
    );
    assert!(!home.path(".bashrc").exists());
    // One by number, to a file that exists already: a third name.
    let out = home
        .vsd()
        .args(["attachment", "save", "VSD-500", "6", "--dir"])
        .arg(&dir)
        .output()
        .expect("save one");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("a (2).pdf"));
    assert_eq!(
        std::fs::read(dir.join("a (2).pdf")).expect("a"),
        b"%PDF-1.4 windows"
    );
    // A number that is not there.
    let out = home
        .vsd()
        .args(["attachment", "save", "VSD-500", "10", "--dir"])
        .arg(&dir)
        .output()
        .expect("save ten");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("VSD-500 has no attachment 10: it has 9"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A config whose opener is a script that writes each argument on a line
/// of `args.txt` and copies the file it was given.
fn with_recording_opener(home: &Home) {
    let script = home.path("opener.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> {args}\ncat \"$2\" > {copy}\n",
            args = home.path("args.txt").display(),
            copy = home.path("copy.bin").display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let config = format!(
        "{}\n[ui]\nopener = [{:?}, \"--from-vsd\"]\n",
        common::CONFIG,
        script.display().to_string()
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
}

fn recorded_args(home: &Home) -> Vec<String> {
    std::fs::read_to_string(home.path("args.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn opening_hands_a_private_copy_to_the_opener_as_one_argument() {
    let home = imported_home();
    with_recording_opener(&home);
    let out = home
        .vsd()
        .args(["attachment", "open", "VSD-500", "3"])
        .output()
        .expect("open");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = recorded_args(&home);
    assert_eq!(args.len(), 2, "{args:?}");
    assert_eq!(args[0], "--from-vsd");
    let path = Path::new(&args[1]);
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("Rapport for blåbær-testen.pdf"),
        "the name with spaces is one argument"
    );
    assert_eq!(
        std::fs::read(home.path("copy.bin")).expect("copy"),
        b"%PDF-1.4 report"
    );
    let dir = path.parent().expect("dir");
    assert_eq!(
        std::fs::metadata(dir).expect("dir").permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(
        std::fs::metadata(path).expect("file").permissions().mode() & 0o777,
        0o600
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("3: opened "));
}

#[test]
fn executables_and_launchers_are_refused_unless_forced() {
    let home = imported_home();
    with_recording_opener(&home);
    // By name (.exe, with the bidi override removed), and by content (MZ).
    let out = home
        .vsd()
        .args(["attachment", "open", "VSD-500", "7"])
        .output()
        .expect("open");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to open ⚠ invoicefdp.exe: it is an executable (by its name, .exe)"),
        "{err}"
    );
    assert!(recorded_args(&home).is_empty(), "the opener never ran");
    // Without a number, several attachments: which one?
    let out = home
        .vsd()
        .args(["attachment", "open", "VSD-500"])
        .output()
        .expect("open");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("say which to open"));
    // --force opens it.
    let out = home
        .vsd()
        .args(["attachment", "open", "VSD-500", "7", "--force"])
        .output()
        .expect("open");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = recorded_args(&home);
    assert_eq!(args.len(), 2);
    assert!(args[1].ends_with("/invoicefdp.exe"), "{args:?}");
}

#[test]
fn an_older_store_gets_its_attachments_by_reanalysis() {
    let home = imported_home();
    let c = rusqlite::Connection::open(home.path("vsd.db")).expect("open store");
    c.execute_batch(
        "DELETE FROM attachments; UPDATE messages SET analysis_version = 3;
         UPDATE meta SET value = 'grouped by an older vsd' WHERE key = 'regroup.basis';",
    )
    .expect("sql");
    drop(c);
    assert_eq!(
        home.json(&["attachment", "list", "VSD-500", "--json"]),
        expected_list()
    );
}

/// The list's attachment count is kept on the issue's row and filled for a
/// store made before it was.
#[test]
fn the_lists_attachment_count_survives_the_upgrade_to_issue_columns() {
    let home = imported_home();
    let count = |home: &Home| {
        let list = home.json(&["list", "--all", "--json"]);
        let row = list
            .as_array()
            .expect("array")
            .iter()
            .find(|i| i["key"] == "VSD-500")
            .cloned()
            .expect("VSD-500 listed");
        row["attachments"].clone()
    };
    let before = count(&home);
    assert_eq!(
        before,
        serde_json::json!(expected_list().as_array().expect("list").len())
    );
    crate::triage::as_store_before_list_columns(&home.path("vsd.db"));
    assert_eq!(count(&home), before);
}

#[test]
fn files_served_by_dovecot_are_listed_exactly_after_sync() {
    use support::dovecot::Dovecot;
    let Some(d) = Dovecot::start() else { return };
    let home = Home::new();
    let config = format!(
        "{}from = \"Ola Nordmann <ola@example.com>\"\n",
        d.config_toml(&["INBOX"])
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let mails: Vec<Vec<u8>> = attachment_mailbox().iter().map(|m| m.bytes()).collect();
    d.append("INBOX", &mails);
    let out = home.vsd().arg("sync").output().expect("sync");
    assert!(
        out.status.success(),
        "sync: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        home.json(&["attachment", "list", "VSD-500", "--json"]),
        expected_list()
    );
    // The bytes come from the synced raw mail.
    let dir = home.path("dl");
    home.vsd()
        .args(["attachment", "save", "VSD-500", "4", "--dir"])
        .arg(&dir)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(dir.join("Kvittering æøå.pdf")).expect("read"),
        b"%PDF-1.4 receipt"
    );
}

// ---------------------------------------------------------------------------
// Attaching to drafts

fn draft_home() -> Home {
    let home = imported_home();
    std::fs::write(
        home.path("body.txt"),
        "The new log and a screenshot are attached.\n",
    )
    .expect("body");
    std::fs::write(home.path("shot.png"), PNG).expect("png");
    std::fs::write(
        home.path("trace.har"),
        "{\"log\": {\"entries\": [{\"request\": {\"method\": \"POST\"}}]}}\n",
    )
    .expect("har");
    home
}

/// `vsd draft reply VSD-500` of the home's body.txt, with `attach` (files in
/// the home) attached, written to `out` in the home.
fn draft_reply(home: &Home, attach: &[&str], out: &str) -> std::process::Output {
    let mut more: Vec<std::ffi::OsString> = Vec::new();
    for a in attach {
        more.push("--attach".into());
        more.push(home.path(a).into());
    }
    more.push("--out".into());
    more.push(home.path(out).into());
    home.draft_reply("VSD-500", &home.path("body.txt"), more)
}

#[test]
fn a_draft_with_attachments_parses_back_part_by_part() {
    let home = draft_home();
    let mut body = std::fs::read_to_string(home.path("body.txt")).expect("body");
    body.push_str(&format!("Attach: {}\n", home.path("trace.har").display()));
    std::fs::write(home.path("body.txt"), body).expect("body");
    let out = draft_reply(&home, &["shot.png"], "d.eml");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let raw = std::fs::read(home.path("d.eml")).expect("eml");
    let parsed = mailparse::parse_mail(&raw).expect("parse");
    assert_eq!(parsed.ctype.mimetype, "multipart/mixed");
    assert_eq!(parsed.subparts.len(), 3);
    assert_eq!(parsed.subparts[0].ctype.mimetype, "text/plain");
    let text = parsed.subparts[0].get_body().expect("text");
    assert!(text.contains("The new log and a screenshot are attached."));
    assert!(
        !text.contains("Attach:"),
        "the Attach: line is not sent: {text}"
    );
    let files: Vec<(String, String, Vec<u8>)> = parsed.subparts[1..]
        .iter()
        .map(|p| {
            (
                p.get_content_disposition()
                    .params
                    .get("filename")
                    .cloned()
                    .unwrap_or_default(),
                p.ctype.mimetype.clone(),
                p.get_body_raw().expect("bytes"),
            )
        })
        .collect();
    assert_eq!(
        files,
        vec![
            (
                "shot.png".to_string(),
                "image/png".to_string(),
                PNG.to_vec()
            ),
            (
                "trace.har".to_string(),
                "application/json".to_string(),
                std::fs::read(home.path("trace.har")).expect("har")
            ),
        ]
    );
    // vsd reads its own draft's attachments back the same.
    let msg = vsd::mail::parse(&raw).expect("vsd parse");
    let names: Vec<_> = msg
        .attachments
        .iter()
        .map(|a| (a.safe_name().name, a.part.clone(), a.size))
        .collect();
    assert_eq!(
        names,
        vec![
            ("shot.png".to_string(), "2".to_string(), PNG.len() as u64),
            (
                "trace.har".to_string(),
                "3".to_string(),
                std::fs::metadata(home.path("trace.har"))
                    .expect("har")
                    .len()
            ),
        ]
    );
}

#[test]
fn a_secret_in_an_attached_log_refuses_the_draft() {
    let home = draft_home();
    std::fs::write(home.path("app.log"), SECRET_LOG).expect("log");
    let out = draft_reply(&home, &["app.log"], "d.eml");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("secret-unredacted: unmasked client_secret in app.log"),
        "{err}"
    );
    assert!(
        err.contains("mask those in an attached file in the file itself"),
        "{err}"
    );
    assert!(!home.path("d.eml").exists());
    // The kept text gives the attachment back as a line.
    let kept = err
        .lines()
        .find_map(|l| l.strip_prefix("vsd: your text is kept in "))
        .and_then(|l| l.split(';').next())
        .expect("kept path");
    let kept = std::fs::read_to_string(kept).expect("kept");
    assert!(
        kept.contains(&format!("Attach: {}", home.path("app.log").display())),
        "{kept}"
    );
}

#[test]
fn attachments_above_the_limit_are_refused_with_the_sizes() {
    let home = draft_home();
    let config = format!("{}\n[ui]\nattach_limit = \"1KB\"\n", common::CONFIG);
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    std::fs::write(home.path("big.log"), vec![b'x'; 2048]).expect("big");
    let out = draft_reply(&home, &["big.log"], "d.eml");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "the attachments come to 2 KB in all, above the limit of 1 KB ([ui] attach_limit)"
        ),
        "{err}"
    );
    let missing = draft_reply(&home, &["nope.pdf"], "d.eml");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot attach"));
}

/// `vsd draft new` of a request that gives every checklist item in words
/// but the request and response, with `attach` (files in the home) attached,
/// written to `n.eml`.
fn draft_new_request(home: &Home, attach: &[&str]) -> std::process::Output {
    std::fs::write(
        home.path("new.txt"),
        "Subject: Capture gives 401\n\nCapture gives 401 in the test environment for the ePayment API.\nMSN 123456, orgnr 987654321, orderId abc-9, 2 March 2026.\n",
    )
    .expect("new");
    let mut c = home.vsd();
    c.args(["draft", "new", "--body-file"])
        .arg(home.path("new.txt"))
        .arg("--out")
        .arg(home.path("n.eml"));
    for a in attach {
        c.arg("--attach").arg(home.path(a));
    }
    c.output().expect("draft new")
}

#[test]
fn an_attached_image_and_capture_count_for_the_new_requests_checklist() {
    let home = draft_home();
    let run = |attach: &[&str]| draft_new_request(&home, attach);
    let without = run(&[]);
    assert_eq!(without.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&without.stderr).contains("request-response"),
        "{}",
        String::from_utf8_lossy(&without.stderr)
    );
    let with = run(&["trace.har", "shot.png"]);
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
}

/// Guideline 10 asks for screenshots "if possible": a new request without
/// an image is not flagged, but `vsd check` suggests one; an attached image
/// (or an inline one) gives it; a reply is never asked.
#[test]
fn check_suggests_a_screenshot_for_a_new_request_until_an_image_is_attached() {
    let home = draft_home();
    let drafted = |attach: &[&str]| {
        let out = draft_new_request(&home, attach);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        home.path("n.eml")
    };
    let check = |file: &std::path::Path| {
        let text = home.vsd().arg("check").arg(file).output().expect("check");
        let json = home
            .vsd()
            .arg("check")
            .arg(file)
            .arg("--json")
            .output()
            .expect("check --json");
        assert_eq!(
            text.status.code(),
            Some(0),
            "a suggestion is not a broken rule"
        );
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
        (
            String::from_utf8_lossy(&text.stdout).into_owned(),
            v["suggested"].clone(),
        )
    };
    let (text, suggested) = check(&drafted(&["trace.har"]));
    assert!(
        text.contains("? screenshots — no screenshot is attached; the desk asks: \"Please provide screenshots, if possible.\""),
        "{text}"
    );
    assert_eq!(suggested[0]["item"], "screenshots");
    assert_eq!(suggested[0]["label"], "Screenshots (if possible)");
    let (text, suggested) = check(&drafted(&["trace.har", "shot.png"]));
    assert!(!text.contains("screenshot"), "{text}");
    assert_eq!(suggested, serde_json::json!([]));
    // A reply is not a new request: nothing to suggest.
    let out = draft_reply(&home, &[], "r.eml");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(check(&home.path("r.eml")).1, serde_json::json!([]));
}

// ---------------------------------------------------------------------------
// The TUI's attachments pane in a real terminal

#[test]
fn the_pane_saves_and_opens_in_a_real_terminal() {
    use support::tmux::{Tmux, require_tmux};
    if !require_tmux() {
        return;
    }
    let home = imported_home();
    with_recording_opener(&home);
    let config = format!(
        "{}download_dir = {:?}\n",
        std::fs::read_to_string(home.path("config.toml")).expect("config"),
        home.path("dl").display().to_string()
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let config = home.path("config.toml").display().to_string();
    let db = home.path("vsd.db").display().to_string();
    let tmux = Tmux::start(&[env!("CARGO_BIN_EXE_vsd"), "--config", &config, "--db", &db]);
    tmux.wait_for("the list with VSD-500 marked", |s| {
        s.lines().any(|l| {
            l.trim_start_matches([' ', '*', '!', '>'])
                .starts_with("VSD-500")
                && l.contains(" @")
        })
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the issue view with attachments in its footer", |s| {
        s.starts_with("VSD-500") && s.contains("v attachments")
    });
    tmux.keys(&["v"]);
    tmux.wait_for("the pane", |s| s.contains("Attachments (9)"));
    tmux.keys(&["j", "j", "s"]);
    let saved = home.path("dl").join("Rapport for blåbær-testen.pdf");
    tmux.wait_for("the saved notice", |s| {
        s.contains("saved ") && saved.exists()
    });
    assert_eq!(std::fs::read(&saved).expect("saved"), b"%PDF-1.4 report");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the opened notice", |s| s.contains("opened "));
    let args = recorded_args(&home);
    assert_eq!(args.len(), 2, "{args:?}");
    assert!(
        args[1].ends_with("/Rapport for blåbær-testen.pdf"),
        "{args:?}"
    );
    // The executable is refused in the pane too, and the opener not run.
    tmux.keys(&["G", "k", "k", "Enter"]);
    tmux.wait_for("the refusal", |s| s.contains("refusing to open"));
    assert_eq!(recorded_args(&home).len(), 2);
    tmux.keys(&["Escape", "Escape", "q"]);
}

#[test]
fn save_without_dir_uses_download_dir_with_the_home_expanded() {
    let home = imported_home();
    let config = format!(
        "{}\n[ui]\ndownload_dir = \"~/Nedlastinger\"\n",
        common::CONFIG
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let out = home
        .vsd()
        .env("HOME", home.path(""))
        .args(["attachment", "save", "VSD-500", "2"])
        .output()
        .expect("save");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = home.path("Nedlastinger").join("app.log");
    assert_eq!(std::fs::read(&saved).expect("saved"), SECRET_LOG.as_bytes());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("2: saved "));
}

#[test]
fn an_opener_that_fails_is_reported_with_its_status() {
    let home = imported_home();
    let config = format!("{}\n[ui]\nopener = [\"false\"]\n", common::CONFIG);
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let out = home
        .vsd()
        .args(["attachment", "open", "VSD-500", "3"])
        .output()
        .expect("open");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the opener false failed on "), "{err}");
    let config = format!("{}\n[ui]\nopener = []\n", common::CONFIG);
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let out = home
        .vsd()
        .args(["attachment", "list", "VSD-500"])
        .output()
        .expect("list");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("opener is empty"), "{err}");
}

#[test]
fn a_message_stored_as_its_header_gets_its_attachments_when_fetched_whole() {
    use support::dovecot::Dovecot;
    let Some(d) = Dovecot::start() else { return };
    let home = Home::new();
    let config = d.config_toml(&["INBOX"]).replacen(
        "timeout_secs = 10\n",
        "timeout_secs = 10\nmax_message_size = \"4KB\"\n",
        1,
    );
    vsd::files::write(&home.path("config.toml"), config.as_bytes()).expect("config");
    let mut mails = attachment_mailbox();
    // The desk's answer carries a 16 KB report: above the limit.
    let big = multipart(
        "big",
        &[
            "Content-Type: text/plain\n\nThe full report.\n".to_string(),
            part(
                "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"full.pdf\"",
                &[b'%'; 16 * 1024],
            ),
        ],
    );
    mails[2] = Mail::new(
        "d500@vipps.no",
        "Tue, 3 Mar 2026 10:00:00 +0100",
        "Vipps Integration <integration@vipps.no>",
        "RE: [VSD-500] Capture gives 401",
    )
    .to("Ola Nordmann <ola@example.com>")
    .reply(
        "auto500@vipps.no",
        &["req500@example.com", "auto500@vipps.no"],
    )
    .header("MIME-Version", "1.0")
    .header("Content-Type", "multipart/mixed; boundary=\"big\"")
    .body(&big);
    let raws: Vec<Vec<u8>> = mails.iter().map(|m| m.bytes()).collect();
    d.append("INBOX", &raws);
    home.vsd().arg("sync").assert().success();
    let names = |home: &Home| -> Vec<String> {
        home.json(&["attachment", "list", "VSD-500", "--json"])
            .as_array()
            .expect("list")
            .iter()
            .map(|a| a["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        names(&home),
        vec!["screenshot.png", "app.log"],
        "the placeholder holds none"
    );
    home.vsd()
        .args(["fetch", "d500@vipps.no"])
        .assert()
        .success();
    assert_eq!(names(&home), vec!["screenshot.png", "app.log", "full.pdf"]);
    let list = home.json(&["attachment", "list", "VSD-500", "--json"]);
    assert_eq!(list[2]["size"], 16 * 1024);
    assert_eq!(list[2]["part"], "2");
}
