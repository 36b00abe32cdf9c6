//! `vsd send` for real: Dovecot's submission service (STARTTLS or implicit
//! TLS, PLAIN or XOAUTH2/OAUTHBEARER) relaying to an SMTP sink of the
//! test's own, and msmtp as a sendmail command. The sink receives exactly
//! one message with the right envelope, no Bcc header and the draft's bytes;
//! the Sent copy appears once whether or not the server files one itself;
//! and a vsd killed between "sending" and "sent" never sends twice.

use crate::common;
use crate::support;

use common::{Home, Mail};
use std::time::Duration;
use support::dovecot::{Dovecot, Options, PASSWORD, USER};
use support::smtp_sink::{Received, SinkOptions, SmtpSink};

const WAIT: Duration = Duration::from_secs(30);

/// The issue the tests answer: the desk asked last, so it awaits the team.
fn thread() -> Vec<Vec<u8>> {
    let desk = "Vipps Integration <integration@vipps.no>";
    let ola = "Ola Nordmann <ola@example.com>";
    vec![
        Mail::new("req100@example.com", "Mon, 2 Mar 2026 09:00:00 +0100", ola, "POST /epayment gives 400")
            .to("integration@vipps.no")
            .cc("kari@example.com")
            .body("Hi,\n\nPOST /epayment/v1/payments gives HTTP 400 in the test environment.\nMSN 123456, orgnr 987654321, orderId abc-1, 2 March 2026.\n\nOla\n")
            .bytes(),
        Mail::new("auto100@vipps.no", "Mon, 2 Mar 2026 09:01:00 +0100", desk, "[VSD-100] POST /epayment gives 400")
            .to(ola)
            .cc("kari@example.com")
            .reply("req100@example.com", &["req100@example.com"])
            .body("Thank you. Your issue number is VSD-100.\n")
            .bytes(),
        Mail::new("d100@vipps.no", "Tue, 3 Mar 2026 10:00:00 +0100", desk, "RE: [VSD-100] POST /epayment gives 400")
            .to(ola)
            .cc("kari@example.com")
            .reply("auto100@vipps.no", &["req100@example.com", "auto100@vipps.no"])
            .body("Which Merchant Serial Number?\n")
            .bytes(),
    ]
}

/// A reply the test writes itself, with a Bcc that must not leave.
fn reply(id: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: {}\r\nFrom: Ola Nordmann <ola@example.com>\r\nTo: Vipps Integration <integration@vipps.no>\r\nCc: kari@example.com\r\nBcc: boss@example.com\r\nSubject: Re: [VSD-100] POST /epayment gives 400\r\nIn-Reply-To: <d100@vipps.no>\r\nReferences: <req100@example.com> <auto100@vipps.no> <d100@vipps.no>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIt is 123456; the log is attached in the portal.\r\n\r\nOla\r\n",
        chrono::Utc::now().to_rfc2822()
    )
    .into_bytes()
}

/// The reply as it should leave: the same bytes without the Bcc line.
fn without_bcc(raw: &[u8]) -> Vec<u8> {
    String::from_utf8(raw.to_vec())
        .expect("utf-8")
        .replace("Bcc: boss@example.com\r\n", "")
        .into_bytes()
}

/// The message as the sink got it, without the trace headers a relay puts
/// on top (Received:, with their folded lines).
fn as_sent(r: &Received) -> Vec<u8> {
    let text = String::from_utf8(r.data.clone()).expect("utf-8");
    let mut lines = text.split_inclusive("\r\n").peekable();
    let mut out = String::new();
    let mut skipping = false;
    while let Some(l) = lines.next() {
        if out.is_empty() {
            if l.to_ascii_lowercase().starts_with("received:") {
                skipping = true;
                continue;
            }
            if skipping && (l.starts_with(' ') || l.starts_with('\t')) {
                continue;
            }
        }
        out.push_str(l);
        out.extend(lines.by_ref());
    }
    out.into_bytes()
}

fn message_ids(messages: &[Vec<u8>]) -> Vec<String> {
    messages
        .iter()
        .map(|m| {
            let parsed = mailparse::parse_mail(m).expect("parses");
            parsed
                .headers
                .iter()
                .find(|h| h.get_key().eq_ignore_ascii_case("Message-ID"))
                .map(|h| h.get_value().trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// A home synced with `d`'s INBOX, sending as `smtp` says.
fn home(d: &Dovecot, smtp: &str) -> Home {
    let home = Home::new();
    d.create_folder("Sent");
    d.append("INBOX", &thread());
    let config = format!(
        "{}from = \"Ola Nordmann <ola@example.com>\"\n\n[smtp]\n{smtp}",
        d.config_toml(&["INBOX", "Sent"])
    );
    std::fs::write(home.path("config.toml"), config).expect("config");
    let out = home.vsd().arg("sync").output().expect("sync");
    assert!(
        out.status.success(),
        "sync: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    home
}

fn starttls_smtp(d: &Dovecot, save_copy: &str) -> String {
    format!(
        "host = \"127.0.0.1\"\nport = {}\ntls = \"starttls\"\nca_file = {:?}\nuser = \"{USER}\"\npassword = \"{PASSWORD}\"\nsave_copy = \"{save_copy}\"\ntimeout_secs = 20\n",
        d.submission_port,
        d.ca_file.display().to_string()
    )
}

fn submission(sink: &SmtpSink, oauth2: bool) -> Option<Dovecot> {
    Dovecot::start_with(Options {
        submission_relay: Some(sink.port),
        oauth2,
    })
}

fn write_draft(home: &Home, id: &str) -> (std::path::PathBuf, Vec<u8>) {
    let raw = reply(id);
    let path = home.path(&format!("{id}.eml"));
    std::fs::write(&path, &raw).expect("draft");
    (path, raw)
}

fn assert_one_delivery(sink: &SmtpSink, raw: &[u8]) {
    let got = sink.received();
    assert_eq!(got.len(), 1, "the sink got {} messages", got.len());
    let r = &got[0];
    assert_eq!(r.mail_from, "ola@example.com");
    assert_eq!(
        r.rcpt_to,
        [
            "integration@vipps.no",
            "kari@example.com",
            "boss@example.com"
        ]
    );
    let sent = as_sent(r);
    assert!(
        !String::from_utf8_lossy(&sent)
            .to_ascii_lowercase()
            .contains("\r\nbcc:"),
        "a Bcc header left: {}",
        String::from_utf8_lossy(&sent)
    );
    assert_eq!(
        String::from_utf8_lossy(&sent),
        String::from_utf8_lossy(&without_bcc(raw))
    );
}

#[test]
fn plain_over_starttls_sends_once_without_bcc_and_files_one_sent_copy() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "auto"));
    assert_eq!(
        home.json(&["show", "VSD-100", "--json"])["status"],
        "awaiting-team"
    );
    let (path, raw) = write_draft(&home, "send1@example.com");
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert!(
        out.status.success(),
        "send: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        d.log()
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("sent send1@example.com"), "{said}");
    assert_one_delivery(&sink, &raw);
    // The sink files nothing: vsd appended the copy, once, with the Bcc the
    // sender chose (the Sent folder is the sender's own record).
    let sent = d.messages("Sent");
    assert_eq!(message_ids(&sent), ["<send1@example.com>"]);
    assert_eq!(sent[0], raw);
    // The status follows at once, and the log says so.
    let show = home.json(&["show", "VSD-100", "--json"]);
    assert_eq!(show["status"], "awaiting-desk");
    let log = home.json(&["log", "VSD-100", "--json"]);
    let sent_events: Vec<&serde_json::Value> = log
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e["kind"] == "sent")
        .collect();
    assert_eq!(sent_events.len(), 1, "{log}");
    let detail = sent_events[0]["detail"].as_str().expect("detail");
    assert!(
        detail.contains("send1@example.com") && detail.contains("1 by Bcc"),
        "{detail}"
    );
    // A second send is refused and nothing more leaves.
    let again = home.vsd().arg("send").arg(&path).output().expect("send");
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("was sent already") && err.contains("--resend"),
        "{err}"
    );
    assert_eq!(sink.received().len(), 1);
    assert_eq!(d.messages("Sent").len(), 1);
    // The password never reaches the output or the store.
    let db = std::fs::read(home.path("vsd.db")).expect("db");
    assert!(!String::from_utf8_lossy(&db).contains(PASSWORD));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(PASSWORD));
}

#[test]
fn a_server_that_files_the_sent_copy_itself_gets_no_second_one() {
    // The sink files each message into Sent before accepting it, as Gmail
    // and Microsoft 365 do.
    let dir = tempfile::tempdir().expect("tempdir");
    let conf_link = dir.path().join("dovecot.conf");
    let sink = SmtpSink::start(SinkOptions {
        file_into: Some((conf_link.clone(), "Sent".into())),
        ..Default::default()
    });
    let Some(d) = submission(&sink, false) else {
        return;
    };
    std::os::unix::fs::symlink(d.conf(), &conf_link).expect("link the config");
    let home = home(&d, &starttls_smtp(&d, "auto"));
    let (path, raw) = write_draft(&home, "send2@example.com");
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert!(
        out.status.success(),
        "send: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("filed by the server"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_one_delivery(&sink, &raw);
    assert_eq!(message_ids(&d.messages("Sent")), ["<send2@example.com>"]);
}

#[test]
fn implicit_tls_with_save_copy_never_files_nothing() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let smtp = format!(
        "host = \"127.0.0.1\"\nport = {}\ntls = \"implicit\"\nca_file = {:?}\nuser = \"{USER}\"\npassword_command = \"echo '{PASSWORD}'\"\nsave_copy = \"never\"\n",
        d.submissions_port,
        d.ca_file.display().to_string()
    );
    let home = home(&d, &smtp);
    let (path, raw) = write_draft(&home, "send3@example.com");
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert!(
        out.status.success(),
        "send: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_one_delivery(&sink, &raw);
    assert!(d.messages("Sent").is_empty());
}

#[test]
fn starttls_to_a_server_without_it_fails_closed_before_the_password() {
    // The sink offers no STARTTLS: vsd must stop, sending nothing.
    let sink = SmtpSink::start(SinkOptions::default());
    let home = Home::new();
    let smtp = format!(
        "[team]\nfrom = \"Ola Nordmann <ola@example.com>\"\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"starttls\"\nuser = \"{USER}\"\npassword = \"{PASSWORD}\"\n",
        sink.port
    );
    std::fs::write(home.path("config.toml"), smtp).expect("config");
    let (path, _) = write_draft(&home, "send4@example.com");
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not offer STARTTLS")
            && err.contains("stopped before sending the password"),
        "{err}"
    );
    assert!(sink.received().is_empty());
    // Nothing went out, so the send may be tried again (and fails again the same way).
    let again = home.vsd().arg("send").arg(&path).output().expect("send");
    assert!(String::from_utf8_lossy(&again.stderr).contains("STARTTLS"));
}

fn oauth_smtp(d: &Dovecot, auth: &str, token_file: &std::path::Path) -> String {
    format!(
        "host = \"127.0.0.1\"\nport = {}\ntls = \"starttls\"\nca_file = {:?}\nuser = \"{USER}\"\nauth = \"{auth}\"\ntoken_command = \"cat {}\"\nsave_copy = \"never\"\n",
        d.submission_port,
        d.ca_file.display().to_string(),
        token_file.display()
    )
}

#[test]
fn xoauth2_and_oauthbearer_send_and_a_refused_token_is_said_plainly() {
    for (n, auth) in ["xoauth2", "oauthbearer"].into_iter().enumerate() {
        let sink = SmtpSink::start(SinkOptions::default());
        let Some(d) = submission(&sink, true) else {
            return;
        };
        let token_file = d.dir().join("token");
        std::fs::write(&token_file, "tok-good\n").expect("token");
        d.introspect().allow("tok-good", USER);
        let home = home(&d, &oauth_smtp(&d, auth, &token_file));
        // A refused token first: nothing leaves, and the error says why.
        std::fs::write(&token_file, "tok-expired\n").expect("token");
        let (path, raw) = write_draft(&home, &format!("oauth{n}@example.com"));
        let out = home.vsd().arg("send").arg(&path).output().expect("send");
        assert_eq!(out.status.code(), Some(3), "{auth}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("refused the access token") && err.contains("fresh token"),
            "{auth}: {err}"
        );
        assert!(!err.contains("does not expect a challenge"), "{err}");
        assert!(!err.contains("tok-expired"), "the token leaked: {err}");
        assert!(sink.received().is_empty());
        // A good token: it goes, once.
        std::fs::write(&token_file, "tok-good\n").expect("token");
        let out = home.vsd().arg("send").arg(&path).output().expect("send");
        assert!(
            out.status.success(),
            "{auth}: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            d.log()
        );
        assert_one_delivery(&sink, &raw);
    }
}

#[test]
fn msmtp_as_the_sendmail_command_sends_once_without_bcc() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let rc = d.dir().join("msmtprc");
    std::fs::write(
        &rc,
        format!(
            "account test\nhost 127.0.0.1\nport {}\ntls on\ntls_starttls on\ntls_trust_file {}\nauth plain\nuser {USER}\npasswordeval echo '{PASSWORD}'\nfrom ola@example.com\n",
            d.submission_port,
            d.ca_file.display()
        ),
    )
    .expect("msmtprc");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&rc, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let smtp = format!(
        "sendmail_command = \"msmtp -C {} -a test\"\nsave_copy = \"auto\"\n",
        rc.display()
    );
    let home = home(&d, &smtp);
    let (path, raw) = write_draft(&home, "msmtp1@example.com");
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert!(
        out.status.success(),
        "send: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        d.log()
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("by sendmail msmtp"));
    assert_one_delivery(&sink, &raw);
    // msmtp files nothing: vsd appended the copy.
    assert_eq!(message_ids(&d.messages("Sent")), ["<msmtp1@example.com>"]);
    assert_eq!(
        home.json(&["show", "VSD-100", "--json"])["status"],
        "awaiting-desk"
    );
}

#[test]
fn a_rule_break_stops_the_send_unless_forced() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "never"));
    let raw = String::from_utf8(reply("quoted@example.com"))
        .expect("utf-8")
        .replace(
            "\r\n\r\nOla\r\n",
            "\r\n\r\nOla\r\n\r\nOn Tue, 3 Mar 2026, Vipps Integration wrote:\r\n> Which Merchant Serial Number?\r\n",
        );
    let path = home.path("quoted.eml");
    std::fs::write(&path, &raw).expect("draft");
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("quoted-history") && err.contains("--force"),
        "{err}"
    );
    assert!(sink.received().is_empty());
    let out = home
        .vsd()
        .args(["send", "--force"])
        .arg(&path)
        .output()
        .expect("send");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sink.received().len(), 1);
    let log = home.json(&["log", "VSD-100", "--json"]);
    assert!(
        log.to_string()
            .contains("with --force despite quoted-history"),
        "{log}"
    );
}

#[test]
fn draft_reply_send_drafts_and_sends_in_one_step_and_send_saved_refuses_it_again() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "auto"));
    let body = home.path("body.txt");
    std::fs::write(&body, "The MSN is 123456.\n").expect("body");
    let out = home.draft_reply("VSD-100", &body, ["--send"]);
    assert!(
        out.status.success(),
        "draft --send: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_to, ["integration@vipps.no", "kari@example.com"]);
    assert!(String::from_utf8_lossy(&got[0].data).contains("The MSN is 123456."));
    assert_eq!(d.messages("Sent").len(), 1);
    // The draft vsd wrote is the issue's newest; it went out already.
    let again = home
        .vsd()
        .args(["send", "--saved", "VSD-100"])
        .output()
        .expect("send --saved");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("was sent already"));
    assert_eq!(sink.received().len(), 1);
}

#[test]
fn send_saved_sends_the_newest_draft_of_the_issue() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "never"));
    for text in ["First thought.\n", "The MSN is 123456.\n"] {
        let body = home.path("body.txt");
        std::fs::write(&body, text).expect("body");
        let out = home.draft_reply("VSD-100", &body, std::iter::empty::<&str>());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Drafts are ordered by the second they were written.
        std::thread::sleep(Duration::from_millis(1100));
    }
    let out = home
        .vsd()
        .args(["send", "--saved", "vsd-100"])
        .output()
        .expect("send --saved");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let text = String::from_utf8_lossy(&got[0].data);
    assert!(
        text.contains("The MSN is 123456.") && !text.contains("First thought"),
        "{text}"
    );
}

/// Where the test kills vsd: while the server holds its answer to the
/// recipients (nothing delivered yet), or to the message's end (delivered,
/// no answer heard).
#[derive(Debug, Clone, Copy)]
enum KillPoint {
    BeforeDelivery,
    AfterDelivery,
}

#[test]
fn kill_9_between_sending_and_sent_never_sends_twice() {
    for point in [KillPoint::AfterDelivery, KillPoint::BeforeDelivery] {
        let sink = SmtpSink::start(SinkOptions {
            hold: true,
            hold_rcpt: matches!(point, KillPoint::BeforeDelivery),
            ..Default::default()
        });
        let Some(d) = submission(&sink, false) else {
            return;
        };
        let home = home(&d, &starttls_smtp(&d, "auto"));
        let (path, _) = write_draft(&home, "kill@example.com");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"))
            .arg("--config")
            .arg(home.path("config.toml"))
            .arg("--db")
            .arg(home.path("vsd.db"))
            .arg("send")
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn vsd send");
        sink.wait_arrived(WAIT);
        // SIGKILL: no handler runs, as in a crash or a power cut.
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        sink.release();
        let delivered = match point {
            KillPoint::AfterDelivery => 1,
            KillPoint::BeforeDelivery => 0,
        };
        assert_eq!(sink.delivered(), delivered, "{point:?}");
        // vsd does not send it again by itself: it says it may have gone.
        let again = home.vsd().arg("send").arg(&path).output().expect("send");
        assert_eq!(again.status.code(), Some(2), "{point:?}");
        let err = String::from_utf8_lossy(&again.stderr);
        assert!(
            err.contains("may have been sent")
                && err.contains("Sent folder")
                && err.contains("--resend"),
            "{point:?}: {err}"
        );
        assert_eq!(sink.delivered(), delivered, "{point:?}");
        // Told to, it sends.
        let out = home
            .vsd()
            .args(["send", "--resend"])
            .arg(&path)
            .output()
            .expect("send --resend");
        assert!(
            out.status.success(),
            "{point:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(sink.delivered(), delivered + 1, "{point:?}");
        // The Sent copy: auto found none from the killed run (vsd never
        // got that far) and filed one.
        assert_eq!(d.messages("Sent").len(), 1, "{point:?}");
    }
}

/// In the TUI, `r` drafts a reply through the editor; after the check's
/// result vsd offers to send it, and `y` sends it through the same path as
/// `vsd send`, while the window keeps the store (its sync worker holds it).
#[test]
fn the_tui_offers_to_send_after_the_review_and_sends_once() {
    if !support::tmux::require_tmux() {
        return;
    }
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "auto"));
    let editor = home.path("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'The MSN is 123456.\\n' > \"$1\"\n",
    )
    .expect("editor");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let editor_env = format!("EDITOR={}", editor.display());
    let config = home.path("config.toml").display().to_string();
    let db = home.path("vsd.db").display().to_string();
    let tmux = support::tmux::Tmux::start(&[
        "env",
        "-u",
        "VISUAL",
        &editor_env,
        "TZ=UTC",
        env!("CARGO_BIN_EXE_vsd"),
        "--config",
        &config,
        "--db",
        &db,
    ]);
    tmux.wait_for("the list", |s| s.contains("VSD-100"));
    tmux.keys(&["r"]);
    tmux.wait_for("the offer to send", |s| {
        s.contains("The draft passes the desk's rules")
            && s.contains("(s)end, (e)dit again, save as (d)raft, (q)uit?")
    });
    tmux.keys(&["s", "Enter"]);
    tmux.wait_for("the send's result", |s| {
        s.contains("Sent to integration@vipps.no, kari@example.com") && s.contains("Press Enter")
    });
    tmux.keys(&["Enter"]);
    // The status follows at once: the reply is the issue's fourth message.
    tmux.wait_for("the list with the reply stored", |s| {
        s.lines().any(|l| {
            l.get(3..).is_some_and(|r| r.starts_with("VSD-100"))
                && l.contains("awaiting-desk")
                && l.contains(" 4 ")
        })
    });
    tmux.keys(&["q"]);
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert!(String::from_utf8_lossy(&got[0].data).contains("The MSN is 123456."));
    assert_eq!(d.messages("Sent").len(), 1);
}

/// A recipient the server refuses: nothing leaves, the record says
/// `failed`, and the same draft may be sent once the cause is gone.
#[test]
fn a_refused_recipient_fails_the_send_and_it_may_be_tried_again() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "never"));
    let (path, raw) = write_draft(&home, "refused@example.com");
    sink.refuse(&["boss@example.com"]);
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused the message") && err.contains("boss@example.com"),
        "{err}"
    );
    assert_eq!(sink.delivered(), 0);
    sink.refuse(&[]);
    let out = home.vsd().arg("send").arg(&path).output().expect("send");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_one_delivery(&sink, &raw);
}

/// `vsd draft reply --save` puts the draft in the IMAP drafts folder;
/// `vsd send --saved KEY` fetches it from there and sends it.
#[test]
fn send_saved_fetches_a_draft_saved_to_the_imap_drafts_folder() {
    let sink = SmtpSink::start(SinkOptions::default());
    let Some(d) = submission(&sink, false) else {
        return;
    };
    let home = home(&d, &starttls_smtp(&d, "never"));
    // A colleague's draft, marked deleted but not expunged, waits in the
    // folder for their own client.
    d.create_folder("Drafts");
    let other = d.append("Drafts", &[reply("colleague@example.com")]);
    {
        let mut s = d.session();
        s.select("Drafts").expect("select");
        s.uid_store(other[0].to_string(), "+FLAGS (\\Deleted)")
            .expect("flag");
        s.logout().ok();
    }
    let body = home.path("body.txt");
    std::fs::write(&body, "Saved on the server.\n").expect("body");
    let out = home.draft_reply("VSD-100", &body, ["--save"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = d.messages("Drafts");
    assert_eq!(saved.len(), 2);
    let out = home
        .vsd()
        .args(["send", "--saved", "VSD-100"])
        .output()
        .expect("send --saved");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(as_sent(&got[0]), saved[1]);
    // Sent, so it leaves the drafts folder (UID EXPUNGE of that UID alone:
    // the colleague's deleted draft is left as it was).
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("removed the draft from \"Drafts\""), "{said}");
    assert_eq!(d.messages("Drafts"), [saved[0].clone()]);
}
