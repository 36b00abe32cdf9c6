//! `vsd draft` end to end: drafts written from a mailbox with known answers,
//! parsed back with `mailparse`, checked with `vsd check`, refused when they
//! break a rule.

use crate::common;

use common::{CONFIG, Home, Mail, mailbox, write_mbox};
use std::path::Path;

/// VSD-500: a Norwegian request whose auto-reply came from a no-reply
/// address with a Reply-To, its Subject RFC 2047-encoded in two charsets;
/// then Kari answered with Per added.
fn norwegian() -> Vec<Mail> {
    let ola = "Ola Nordmann <ola@example.com>";
    vec![
        Mail::new(
            "req500@example.com",
            "Mon, 9 Mar 2026 09:00:00 +0100",
            ola,
            "Søknad om tilgang blåbær",
        )
        .to("integration@vipps.no")
        .cc("kari@example.com")
        .body("Hei,\n\nMSN 123456, orgnr 987654321, ordre abc-1, test, 9. mars 2026, ePayment, HTTP 403.\n"),
        Mail::new(
            "auto500@vipps.no",
            "Mon, 9 Mar 2026 09:01:00 +0100",
            "Vipps <noreply@vipps.no>",
            "=?ISO-8859-1?Q?[VSD-500]_S=F8knad_om?= =?UTF-8?Q?_tilgang_bl=C3=A5b=C3=A6r?=",
        )
        .header("Reply-To", "Vipps Integration <integration@vipps.no>")
        .to(ola)
        .cc("kari@example.com")
        .reply("req500@example.com", &["req500@example.com"])
        .body("Takk. Saksnummeret er VSD-500.\n"),
        Mail::new(
            "t500@example.com",
            "Tue, 10 Mar 2026 10:00:00 +0100",
            "=?UTF-8?Q?Kari_H=C3=A5nsen?= <kari@example.com>",
            "SV: [VSD-500] Søknad om tilgang blåbær",
        )
        .to("integration@vipps.no")
        .cc("ola@example.com, Per Olsen <per@example.com>")
        .reply(
            "auto500@vipps.no",
            &["req500@example.com", "auto500@vipps.no"],
        )
        .body("Vi har lagt til Per.\n"),
    ]
}

fn home_with(config: &str) -> Home {
    let home = Home::new();
    std::fs::write(home.path("config.toml"), config).expect("config");
    let mbox = home.path("box.mbox");
    let mut mails = mailbox();
    mails.extend(norwegian());
    write_mbox(&mbox, &mails);
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

fn home() -> Home {
    home_with(CONFIG)
}

/// Runs vsd; returns (exit code, stdout, stderr).
fn run(home: &Home, args: &[&str], editor: Option<&Path>) -> (i32, String, String) {
    let mut cmd = home.vsd();
    cmd.args(args).env_remove("VISUAL");
    match editor {
        Some(e) => cmd.env("EDITOR", e),
        None => cmd.env_remove("EDITOR"),
    };
    let out = cmd.output().expect("run vsd");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn body_file(home: &Home, text: &str) -> String {
    let p = home.path("body.txt");
    std::fs::write(&p, text).expect("body");
    p.display().to_string()
}

/// The one value of a header; fails when it is missing or repeated.
fn header(raw: &[u8], name: &str) -> String {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let all: Vec<String> = parsed
        .headers
        .iter()
        .filter(|h| h.get_key().eq_ignore_ascii_case(name))
        .map(|h| h.get_value())
        .collect();
    assert_eq!(all.len(), 1, "{name}: {all:?}");
    all.into_iter().next().unwrap_or_default()
}

fn has_header(raw: &[u8], name: &str) -> bool {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    parsed
        .headers
        .iter()
        .any(|h| h.get_key().eq_ignore_ascii_case(name))
}

fn emails(raw: &[u8], name: &str) -> Vec<String> {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let h = parsed
        .headers
        .iter()
        .find(|h| h.get_key().eq_ignore_ascii_case(name))
        .expect("header present");
    mailparse::addrparse_header(h)
        .expect("addresses")
        .iter()
        .flat_map(|a| match a {
            mailparse::MailAddr::Single(s) => vec![s.addr.clone()],
            mailparse::MailAddr::Group(g) => g.addrs.iter().map(|s| s.addr.clone()).collect(),
        })
        .collect()
}

fn body(raw: &[u8]) -> String {
    mailparse::parse_mail(raw)
        .expect("parses")
        .get_body()
        .expect("body")
        .replace("\r\n", "\n")
}

fn seven_bit_head(raw: &[u8]) -> bool {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head ends");
    raw[..end].iter().all(|&b| b < 128)
}

fn check_exit(home: &Home, file: &Path, key: Option<&str>) -> i32 {
    let mut cmd = home.vsd();
    cmd.arg("check").arg(file);
    if let Some(k) = key {
        cmd.args(["--issue", k]);
    }
    cmd.output().expect("check").status.code().expect("code")
}

#[test]
fn reply_is_threaded_addressed_and_passes_check() {
    let home = home();
    let out = home.path("r.eml");
    let f = body_file(&home, "Here is the log.\n");
    let (code, stdout, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--body-file",
            &f,
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), out.display().to_string());
    let raw = std::fs::read(&out).expect("draft written");
    assert!(seven_bit_head(&raw));
    assert_eq!(emails(&raw, "From"), vec!["ola@example.com"]);
    assert_eq!(emails(&raw, "To"), vec!["integration@vipps.no"]);
    assert_eq!(emails(&raw, "Cc"), vec!["kari@example.com"]);
    assert_eq!(
        header(&raw, "Subject"),
        "Re: [VSD-100] POST /epayment gives 400"
    );
    assert_eq!(header(&raw, "In-Reply-To"), "<t100@example.com>");
    assert_eq!(
        header(&raw, "References"),
        "<req100@example.com> <auto100@vipps.no> <d100@vipps.no> <t100@example.com>"
    );
    assert!(header(&raw, "Message-ID").ends_with("@example.com>"));
    assert!(mailparse::dateparse(&header(&raw, "Date")).is_ok());
    assert_eq!(body(&raw), "Here is the log.\n");
    assert_eq!(check_exit(&home, &out, Some("VSD-100")), 0);
}

#[test]
fn no_reply_desk_and_two_charset_subject() {
    let home = home();
    let out = home.path("r.eml");
    let f = body_file(&home, "Per har nå tilgang, takk.\n");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "vsd-500",
            "--body-file",
            &f,
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let raw = std::fs::read(&out).expect("draft");
    assert!(seven_bit_head(&raw));
    assert_eq!(emails(&raw, "To"), vec!["integration@vipps.no"]);
    assert_eq!(
        emails(&raw, "Cc"),
        vec!["kari@example.com", "per@example.com"]
    );
    assert_eq!(
        header(&raw, "Subject"),
        "Re: [VSD-500] Søknad om tilgang blåbær"
    );
    assert_eq!(header(&raw, "In-Reply-To"), "<t500@example.com>");
    assert_eq!(
        header(&raw, "References"),
        "<req500@example.com> <auto500@vipps.no> <t500@example.com>"
    );
    assert_eq!(body(&raw), "Per har nå tilgang, takk.\n");
    assert_eq!(check_exit(&home, &out, Some("VSD-500")), 0);
}

fn editor_script(home: &Home, text: &str) -> std::path::PathBuf {
    let p = home.path("editor.sh");
    let seen = home.path("template-seen.txt");
    std::fs::write(
        &p,
        format!(
            "#!/bin/sh\ncp \"$1\" '{}'\n{{ printf '{text}'; cat \"$1\"; }} > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\n",
            seen.display()
        ),
    )
    .expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    p
}

#[test]
fn editor_gets_the_template_and_its_text_is_the_body() {
    let home = home();
    let editor = editor_script(&home, "The capture log is attached.\\n");
    let out = home.path("e.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--out",
            out.to_str().expect("path"),
        ],
        Some(&editor),
    );
    assert_eq!(code, 0, "{stderr}");
    let seen = std::fs::read_to_string(home.path("template-seen.txt")).expect("template");
    assert!(seen.contains("Reply to VSD-100: Re: [VSD-100] POST /epayment gives 400"));
    assert!(seen.contains("do not quote all the previous messages"));
    assert!(!seen.contains("It is 123456"), "no quoted history offered");
    let raw = std::fs::read(&out).expect("draft");
    assert_eq!(body(&raw), "The capture log is attached.\n");
}

#[test]
fn emptied_editor_text_discards_the_draft() {
    let home = home();
    let editor = editor_script(&home, "");
    let out = home.path("e.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--out",
            out.to_str().expect("path"),
        ],
        Some(&editor),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("the body is empty"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn no_editor_is_a_usage_error() {
    let home = home();
    let (code, _, stderr) = run(&home, &["draft", "reply", "VSD-100"], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("set $VISUAL or $EDITOR"), "{stderr}");
}

#[test]
fn quoting_draft_is_refused_and_written_only_with_force() {
    let home = home();
    let out = home.path("q.eml");
    let f = body_file(
        &home,
        "It is 123456.\n\nOn Tue, 3 Mar 2026 at 10:00, Vipps Integration <integration@vipps.no> wrote:\n> Which Merchant Serial Number?\n",
    );
    let args = [
        "draft",
        "reply",
        "VSD-100",
        "--body-file",
        &f,
        "--out",
        out.to_str().expect("path"),
    ];
    let (code, stdout, stderr) = run(&home, &args, None);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("quoted-history"), "{stderr}");
    assert!(!out.exists());
    let kept: Vec<_> = std::fs::read_dir(home.path("drafts"))
        .expect("drafts dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(
        std::fs::read_to_string(&kept[0])
            .expect("kept")
            .contains("> Which Merchant Serial Number?")
    );

    let mut forced: Vec<&str> = args.to_vec();
    forced.push("--force");
    let (code, _, stderr) = run(&home, &forced, None);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.exists());
    assert_eq!(check_exit(&home, &out, Some("VSD-100")), 1);
    let log = home.json(&["log", "VSD-100", "--json"]);
    let drafted: Vec<&serde_json::Value> = log
        .as_array()
        .expect("log")
        .iter()
        .filter(|e| e["kind"] == "drafted")
        .collect();
    assert_eq!(drafted.len(), 1);
    let detail = drafted[0]["detail"].as_str().expect("detail");
    assert!(
        detail.contains("written with --force despite quoted-history"),
        "{detail}"
    );
}

#[test]
fn draft_goes_beside_the_store_and_is_logged() {
    let home = home();
    let f = body_file(&home, "Any news?\n");
    let (code, stdout, stderr) = run(
        &home,
        &["draft", "reply", "VSD-100", "--body-file", &f],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let path = std::path::PathBuf::from(stdout.trim());
    assert_eq!(path.parent(), Some(home.path("drafts").as_path()));
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(
        name.starts_with("VSD-100-") && name.ends_with(".eml"),
        "{name}"
    );
    let raw = std::fs::read(&path).expect("draft");
    let id = header(&raw, "Message-ID");
    let log = home.json(&["log", "VSD-100", "--json"]);
    let last = log.as_array().expect("log").last().expect("event").clone();
    assert_eq!(last["kind"], "drafted");
    let detail = last["detail"].as_str().expect("detail");
    assert!(detail.contains(id.trim_matches(['<', '>'])), "{detail}");
    assert!(detail.contains(path.to_str().expect("path")), "{detail}");
}

#[test]
fn secrets_are_refused_or_masked_to_four_characters() {
    let home = home();
    let out = home.path("s.eml");
    let f = body_file(
        &home,
        "The token call:\nclient_secret: 9f8e7d6c5b4a39281706\nOcp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef\n",
    );
    let base = [
        "draft",
        "reply",
        "VSD-100",
        "--body-file",
        &f,
        "--out",
        out.to_str().expect("path"),
    ];
    let (code, _, stderr) = run(&home, &base, None);
    assert_eq!(code, 1);
    assert!(stderr.contains("secret-unredacted"), "{stderr}");
    assert!(stderr.contains("--mask-secrets"), "{stderr}");
    assert!(!out.exists());
    let mut masked: Vec<&str> = base.to_vec();
    masked.push("--mask-secrets");
    let (code, _, stderr) = run(&home, &masked, None);
    assert_eq!(code, 0, "{stderr}");
    let raw = std::fs::read(&out).expect("draft");
    assert_eq!(
        body(&raw),
        "The token call:\nclient_secret: ****1706\nOcp-Apim-Subscription-Key: ****cdef\n"
    );
}

#[test]
fn unknown_issue_is_a_usage_error() {
    let home = home();
    let f = body_file(&home, "x\n");
    let (code, _, stderr) = run(
        &home,
        &["draft", "reply", "VSD-999", "--body-file", &f],
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no issue VSD-999"), "{stderr}");
}

#[test]
fn new_request_template_is_refused_until_the_checklist_is_filled() {
    let home = home();
    let out = home.path("n.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "new",
            "--subject",
            "Capture fails",
            "--no-edit",
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("missing-info: the request does not give: organisation-number, merchant-serial-number, product-or-api, environment, order-id, date, request-response"),
        "{stderr}"
    );
    assert!(!out.exists());

    let f = body_file(
        &home,
        "Subject: POST /epayment/v1/payments/abc-123/capture gives HTTP 500\n\nHello,\n\nCapturing a reserved payment gives HTTP 500 in the test environment (MT).\n\nOrganisation number: 987 654 321\nMerchant Serial Number (MSN): 123456\nProduct / API: ePayment API\norderId: abc-123\nWhen it happened: 2026-03-02\n\nRequest:\nPOST /epayment/v1/payments/abc-123/capture\n\nResponse:\nHTTP/1.1 500 Internal Server Error\n\nOla, phone 22 22 22 22\n",
    );
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "new",
            "--body-file",
            &f,
            "--cc",
            "Kari <kari@example.com>",
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let raw = std::fs::read(&out).expect("draft");
    assert!(seven_bit_head(&raw));
    assert_eq!(emails(&raw, "To"), vec!["integration@vipps.no"]);
    assert_eq!(emails(&raw, "Cc"), vec!["kari@example.com"]);
    assert_eq!(
        header(&raw, "Subject"),
        "POST /epayment/v1/payments/abc-123/capture gives HTTP 500"
    );
    assert!(!has_header(&raw, "In-Reply-To"));
    assert!(!has_header(&raw, "References"));
    assert!(body(&raw).starts_with("Hello,\n\nCapturing"));
    assert_eq!(check_exit(&home, &out, None), 0);
}

#[test]
fn new_request_without_a_subject_is_a_usage_error() {
    let home = home();
    let f = body_file(&home, "Hello\n");
    let (code, _, stderr) = run(&home, &["draft", "new", "--body-file", &f], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("needs a Subject"), "{stderr}");
}

#[test]
fn escalation_by_reply_adds_information_in_the_thread() {
    let home = home();
    let out = home.path("x.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "escalate",
            "VSD-100",
            "--no-edit",
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let raw = std::fs::read(&out).expect("draft");
    assert_eq!(emails(&raw, "To"), vec!["integration@vipps.no"]);
    assert_eq!(header(&raw, "In-Reply-To"), "<t100@example.com>");
    let text = body(&raw);
    assert!(
        text.starts_with("We have waited ") && text.contains(" days for an answer on this issue"),
        "{text}"
    );
    assert_eq!(check_exit(&home, &out, Some("VSD-100")), 0);
    let log = home.json(&["log", "VSD-100", "--json"]);
    let last = log.as_array().expect("log").last().expect("event").clone();
    assert_eq!(last["kind"], "escalated");
}

#[test]
fn kam_escalation_names_the_issue_and_quotes_nothing() {
    let config = CONFIG.replace(
        "issue_pattern = \"VSD-[0-9]+|Case [0-9]+\"",
        "issue_pattern = \"VSD-[0-9]+|Case [0-9]+\"\nkam = \"Kari Kam <kam@vipps.no>\"",
    );
    let home = home_with(&config);
    let out = home.path("k.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "escalate",
            "VSD-100",
            "--kam",
            "--no-edit",
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let raw = std::fs::read(&out).expect("draft");
    assert!(seven_bit_head(&raw));
    assert_eq!(emails(&raw, "To"), vec!["kam@vipps.no"]);
    assert_eq!(emails(&raw, "Cc"), vec!["kari@example.com"]);
    assert_eq!(
        header(&raw, "Subject"),
        "Escalation of VSD-100: POST /epayment gives 400"
    );
    assert!(!has_header(&raw, "In-Reply-To"));
    let text = body(&raw);
    assert!(
        text.contains("We need help with VSD-100 (\"POST /epayment gives 400\") at the service desk. We sent the request on 2 March 2026"),
        "{text}"
    );
    assert!(
        text.contains("Since then, the desk acknowledged it on 2 March 2026, the desk answered on 3 March 2026, we wrote on 3 March 2026."),
        "{text}"
    );
    assert!(!text.lines().any(|l| l.starts_with('>')), "{text}");
    assert!(!text.contains("Which Merchant Serial Number"), "{text}");
    assert_eq!(check_exit(&home, &out, None), 0);
    let log = home.json(&["log", "VSD-100", "--json"]);
    let last = log.as_array().expect("log").last().expect("event").clone();
    assert_eq!(last["kind"], "escalated");
    assert!(
        last["detail"]
            .as_str()
            .expect("detail")
            .contains("key account manager")
    );
}

#[test]
fn kam_escalation_without_a_kam_is_a_usage_error() {
    let home = home();
    let (code, _, stderr) = run(
        &home,
        &["draft", "escalate", "VSD-100", "--kam", "--no-edit"],
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no key account manager"), "{stderr}");
}

#[test]
fn reply_to_a_long_resolved_issue_is_refused_as_a_new_problem() {
    let home = home();
    let f = body_file(&home, "Webhooks are missing again.\n");
    let out = home.path("n.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "VSD-200",
            "--body-file",
            &f,
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("new-problem"), "{stderr}");
    assert!(
        stderr.contains("vsd draft new starts a new request"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn unfiled_request_is_answered_at_the_desk_it_was_sent_to() {
    let home = home();
    let f = body_file(&home, "Any news?\n");
    let out = home.path("u.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "unfiled:req300@example.com",
            "--body-file",
            &f,
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let raw = std::fs::read(&out).expect("draft");
    assert_eq!(emails(&raw, "To"), vec!["integration@vipps.no"]);
    assert_eq!(emails(&raw, "Cc"), vec!["per@example.com"]);
    assert_eq!(header(&raw, "Subject"), "Re: Recurring agreement stuck");
    assert_eq!(header(&raw, "In-Reply-To"), "<req300@example.com>");
    assert_eq!(header(&raw, "References"), "<req300@example.com>");
}

#[test]
fn visual_wins_over_editor_and_a_failing_editor_writes_nothing() {
    let home = home();
    let editor = editor_script(&home, "From VISUAL.\\n");
    let out = home.path("v.eml");
    let o = home
        .vsd()
        .args(["draft", "reply", "VSD-100", "--out"])
        .arg(&out)
        .env("VISUAL", &editor)
        .env("EDITOR", "false")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(body(&std::fs::read(&out).expect("draft")), "From VISUAL.\n");

    let out = home.path("f.eml");
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--out",
            out.to_str().expect("path"),
        ],
        Some(Path::new("false")),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("the editor \"false\" failed"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn out_and_save_together_are_refused() {
    let home = home();
    let (code, _, stderr) = run(
        &home,
        &[
            "draft",
            "reply",
            "VSD-100",
            "--no-edit",
            "--out",
            "x.eml",
            "--save",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}
