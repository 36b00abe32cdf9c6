//! Connecting and logging in: plaintext, implicit TLS, STARTTLS, against a
//! real Dovecot and against scripted servers that misbehave.

use crate::support;

use std::time::Duration;
use support::dovecot::{Dovecot, PASSWORD, USER};
use support::proxy::Proxy;
use support::scripted::{ScriptedStream, tcp_server};
use vsd::config::Config;
use vsd::imap::{self, ImapError, Password};

fn imap_cfg(text: &str) -> vsd::config::ImapConfig {
    Config::parse_str(text, "test.toml")
        .expect("config")
        .imap
        .expect("[imap]")
}

fn cfg(host: &str, port: u16, tls: &str, ca: Option<&std::path::Path>) -> vsd::config::ImapConfig {
    let ca = ca
        .map(|p| format!("ca_file = \"{}\"\n", p.display()))
        .unwrap_or_default();
    imap_cfg(&format!(
        "[imap]\nhost = \"{host}\"\nport = {port}\ntls = \"{tls}\"\nuser = \"{USER}\"\npassword = \"{PASSWORD}\"\ntimeout_secs = 2\n{ca}"
    ))
}

fn pw() -> Password {
    Password::new(PASSWORD.to_string())
}

#[test]
fn login_over_plaintext_loopback_and_select() {
    let Some(d) = Dovecot::start() else { return };
    d.append("INBOX", &[b"Subject: a\r\n\r\nx\r\n".to_vec()]);
    let mut s = imap::connect(&cfg("127.0.0.1", d.plain_port, "none", None), &pw()).expect("login");
    assert!(s.has("IDLE"));
    assert!(s.has("QRESYNC"));
    s.enable_change_tracking().expect("enable");
    assert!(s.qresync_enabled());
    let st = s.select("INBOX").expect("select");
    assert_eq!(st.exists, 1);
    assert_eq!(st.uidnext, 2);
    assert!(st.uidvalidity > 0);
    assert!(st.highest_modseq.is_some());
    assert_eq!(s.uids().expect("uids"), vec![1]);
    let f = s.fetch("1:*").expect("fetch");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].uid, 1);
    assert_eq!(f[0].raw, b"Subject: a\r\n\r\nx\r\n");
    s.logout();
}

#[test]
fn login_over_implicit_tls_with_ca_file() {
    let Some(d) = Dovecot::start() else { return };
    let mut s = imap::connect(
        &cfg("127.0.0.1", d.tls_port, "implicit", Some(&d.ca_file)),
        &pw(),
    )
    .expect("TLS login with the test CA");
    s.select("INBOX").expect("select");
    let s2 = imap::connect(
        &cfg("localhost", d.tls_port, "implicit", Some(&d.ca_file)),
        &pw(),
    )
    .expect("TLS login by name");
    s2.logout();
}

#[test]
fn starttls_with_dovecot_works() {
    let Some(d) = Dovecot::start() else { return };
    let mut s = imap::connect(
        &cfg("127.0.0.1", d.plain_port, "starttls", Some(&d.ca_file)),
        &pw(),
    )
    .expect("STARTTLS login");
    s.select("INBOX").expect("select");
}

#[test]
fn tls_without_ca_file_is_refused() {
    let Some(d) = Dovecot::start() else { return };
    let e = imap::connect(&cfg("127.0.0.1", d.tls_port, "implicit", None), &pw())
        .err()
        .expect("an unknown CA must be refused");
    assert!(matches!(e, ImapError::Tls { .. }), "{e}");
    assert!(e.to_string().contains("UnknownIssuer"), "{e}");
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn tls_with_wrong_hostname_is_refused() {
    let Some(d) = Dovecot::start() else { return };
    // 127.0.0.2 reaches the same server through a proxy, but the
    // certificate names only 127.0.0.1 and localhost.
    let p = Proxy::start("127.0.0.2", d.tls_port, None);
    let e = imap::connect(
        &cfg("127.0.0.2", p.port, "implicit", Some(&d.ca_file)),
        &pw(),
    )
    .err()
    .expect("a certificate for another name must be refused");
    assert!(matches!(e, ImapError::Tls { .. }), "{e}");
    assert!(e.to_string().contains("not valid for name"), "{e}");
    // And directly at the transport: a name the certificate lacks.
    let tcp =
        imap::transport::tcp_connect("127.0.0.1", d.tls_port, Duration::from_secs(2)).unwrap();
    let config = imap::transport::tls_config(Some(&d.ca_file)).unwrap();
    let e = imap::transport::tls_handshake(tcp, "mail.example.net", config)
        .expect_err("wrong name refused");
    assert!(e.to_string().contains("not valid for name"), "{e}");
}

#[test]
fn wrong_password_is_a_login_error() {
    let Some(d) = Dovecot::start() else { return };
    let e = imap::connect(
        &cfg("127.0.0.1", d.plain_port, "none", None),
        &Password::new("wrong-secret-xyz".into()),
    )
    .err()
    .expect("refused");
    assert!(matches!(e, ImapError::Login { .. }), "{e}");
    assert!(!e.to_string().contains("wrong-secret-xyz"), "{e}");
    assert!(e.to_string().contains(USER), "{e}");
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn missing_folder_is_named() {
    let Some(d) = Dovecot::start() else { return };
    let mut s = imap::connect(&cfg("127.0.0.1", d.plain_port, "none", None), &pw()).unwrap();
    let e = s.select("Nonesuch").expect_err("no such folder");
    assert!(e.to_string().contains("\"Nonesuch\""), "{e}");
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn starttls_not_offered_is_refused_before_login() {
    let (port, received) = tcp_server(vec![
        ("", "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"),
        (
            "CAPABILITY",
            "* CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE\r\ns1 OK done\r\n",
        ),
    ]);
    let e = imap::connect(&cfg("127.0.0.1", port, "starttls", None), &pw())
        .err()
        .expect("refused");
    assert!(matches!(e, ImapError::StartTls { .. }), "{e}");
    assert!(e.to_string().contains("does not offer STARTTLS"), "{e}");
    let sent = received.after_close();
    assert_eq!(sent, "s1 CAPABILITY\r\n");
    assert!(!sent.contains(PASSWORD));
}

#[test]
fn starttls_refused_by_server_stops() {
    let (port, received) = tcp_server(vec![
        ("", "* OK ready\r\n"),
        (
            "CAPABILITY",
            "* CAPABILITY IMAP4rev1 STARTTLS\r\ns1 OK done\r\n",
        ),
        ("STARTTLS", "s2 NO not today\r\n"),
    ]);
    let e = imap::connect(&cfg("127.0.0.1", port, "starttls", None), &pw())
        .err()
        .expect("refused");
    assert!(e.to_string().contains("refused STARTTLS"), "{e}");
    let sent = received.after_close();
    assert_eq!(sent, "s1 CAPABILITY\r\ns2 STARTTLS\r\n");
}

#[test]
fn starttls_handshake_failure_sends_no_credentials() {
    // The server agrees to STARTTLS, then answers the ClientHello with
    // plaintext IMAP: the handshake fails and nothing else is sent.
    let (port, received) = tcp_server(vec![
        ("", "* OK ready\r\n"),
        (
            "CAPABILITY",
            "* CAPABILITY IMAP4rev1 STARTTLS\r\ns1 OK done\r\n",
        ),
        (
            "STARTTLS",
            "s2 OK go ahead\r\n* OK [CAPABILITY IMAP4rev1] injected\r\n",
        ),
        // The ClientHello (a TLS handshake record, 0x16 0x03).
        (
            "\u{16}\u{3}",
            "* OK [CAPABILITY IMAP4rev1] plaintext again\r\n",
        ),
    ]);
    let e = imap::connect(&cfg("127.0.0.1", port, "starttls", None), &pw())
        .err()
        .expect("refused");
    assert!(matches!(e, ImapError::Tls { .. }), "{e}");
    let sent = received.after_close();
    assert!(!sent.contains("LOGIN"));
    assert!(!sent.contains(PASSWORD));
}

#[test]
fn preauth_on_plaintext_is_refused() {
    let (port, received) = tcp_server(vec![("", "* PREAUTH welcome, no login needed\r\n")]);
    let e = imap::connect(&cfg("127.0.0.1", port, "none", None), &pw())
        .err()
        .expect("refused");
    assert!(matches!(e, ImapError::Preauth { .. }), "{e}");
    // Only the CAPABILITY asked before the greeting (which finds a TLS port
    // at once), never a credential.
    assert_eq!(received.after_close(), "s1 CAPABILITY\r\n");
    let (port, _) = tcp_server(vec![("", "* PREAUTH welcome\r\n")]);
    let e = imap::connect(&cfg("127.0.0.1", port, "starttls", None), &pw())
        .err()
        .expect("refused");
    assert!(matches!(e, ImapError::Preauth { .. }), "{e}");
}

#[test]
fn silent_server_times_out() {
    let (port, _) = tcp_server(vec![]);
    // The connect runs beside the test so that a missing timeout fails the
    // test (after a minute, far beyond the config's seconds) instead of
    // hanging the suite.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(imap::connect(&cfg("127.0.0.1", port, "none", None), &pw()).err());
    });
    let e = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("connect gave up on the silent server")
        .expect("timeout");
    assert!(matches!(e, ImapError::Timeout { .. }), "{e}");
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn unreachable_port_names_the_host() {
    let port = support::dovecot::free_port();
    let e = imap::connect(&cfg("127.0.0.1", port, "none", None), &pw())
        .err()
        .expect("refused");
    assert!(
        e.to_string()
            .starts_with(&format!("cannot connect to 127.0.0.1:{port}")),
        "{e}"
    );
    assert_eq!(e.exit_code(), 3);
}

const LOGIN_OK: &str =
    "* OK ready\r\na1 OK logged in\r\n* CAPABILITY IMAP4rev1 IDLE\r\na2 OK done\r\n";

#[test]
fn untagged_no_during_select_is_tolerated() {
    let script = format!(
        "{LOGIN_OK}* NO [ALERT] mailbox is huge\r\n* 3 EXISTS\r\n* OK [UIDVALIDITY 42] v\r\n* OK [UIDNEXT 9] n\r\na3 OK [READ-WRITE] selected\r\n"
    );
    let stream = ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(stream, "scripted", USER, &pw(), true, false).expect("login");
    let st = s.select("INBOX").expect("select survives an untagged NO");
    assert_eq!(st.uidvalidity, 42);
    assert_eq!(st.uidnext, 9);
    assert_eq!(st.exists, 3);
}

#[test]
fn tagged_ok_to_idle_without_continuation_is_an_error() {
    imap::quiet_imap_panics();
    let script = format!(
        "{LOGIN_OK}* 0 EXISTS\r\n* OK [UIDVALIDITY 1] v\r\na3 OK selected\r\na4 OK idle done already\r\n"
    );
    let stream = ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(stream, "scripted", USER, &pw(), true, false).expect("login");
    s.select("INBOX").expect("select");
    let e = s
        .idle(
            Duration::from_secs(1),
            Duration::from_secs(1),
            Duration::from_secs(1),
            || false,
        )
        .expect_err("an error, not a panic");
    assert!(matches!(e, ImapError::Panicked { .. }), "{e}");
    // The session is now unusable and says so.
    let e = s.noop().expect_err("broken session");
    assert!(matches!(e, ImapError::Closed { .. }), "{e}");
}

#[test]
fn password_command_first_line_and_failure() {
    let c = imap_cfg(
        "[imap]\nhost = \"imap.example.com\"\nuser = \"u\"\npassword_command = \"printf 's3cret\\\\nsecond\\\\n'\"\n",
    );
    let p = imap::password(&c).expect("password");
    assert_eq!(format!("{p:?}"), "Password(…)");
    let c = imap_cfg(
        "[imap]\nhost = \"imap.example.com\"\nuser = \"u\"\npassword_command = \"echo nope >&2; exit 3\"\n",
    );
    let e = imap::password(&c).expect_err("failure");
    assert_eq!(
        e.to_string(),
        "cannot get the IMAP password: password_command failed (exit status: 3): nope"
    );
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn password_from_command_logs_in() {
    let Some(d) = Dovecot::start() else { return };
    let c = imap_cfg(&format!(
        "[imap]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nuser = \"{USER}\"\npassword_command = \"echo '{PASSWORD}'\"\n",
        d.plain_port
    ));
    let p = imap::password(&c).expect("password");
    imap::connect(&c, &p).expect("login").logout();
}

#[test]
fn untagged_response_before_idle_continuation_times_out_not_hangs() {
    imap::quiet_imap_panics();
    let script = format!(
        "{LOGIN_OK}* 0 EXISTS\r\n* OK [UIDVALIDITY 1] v\r\na3 OK selected\r\n* 1 EXISTS\r\n+ idling\r\n"
    );
    let stream = ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(stream, "scripted", USER, &pw(), true, false).expect("login");
    s.select("INBOX").expect("select");
    let e = s
        .idle(
            Duration::from_secs(1),
            Duration::from_secs(1),
            Duration::from_secs(1),
            || false,
        )
        .expect_err("an error");
    assert!(matches!(e, ImapError::Timeout { .. }), "{e}");
}

#[test]
fn flag_only_fetch_is_no_message_and_recent_is_dropped() {
    let script = format!(
        "{LOGIN_OK}* 2 EXISTS\r\n* OK [UIDVALIDITY 5] v\r\n* OK [UIDNEXT 3] n\r\na3 OK selected\r\n\
         * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) INTERNALDATE \"02-Mar-2026 09:00:00 +0100\" BODY[] {{12}}\r\nSubject: a\r\n)\r\n\
         * 2 FETCH (UID 2 FLAGS ())\r\n\
         b1 OK done\r\n"
    );
    let stream = ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(stream, "scripted", USER, &pw(), true, false).expect("login");
    s.select("INBOX").expect("select");
    let f = s.fetch("1:2").expect("fetch");
    // The flag-only FETCH (an unsolicited update) is not a message;
    // \Recent belongs to the session and is not kept.
    assert_eq!(
        f,
        vec![imap::Fetched {
            uid: 1,
            flags: vec!["\\Seen".into()],
            internal_date: Some("02-Mar-2026 09:00:00 +0100".into()),
            raw: b"Subject: a\r\n".to_vec(),
        }]
    );
}

#[test]
fn eight_bit_keyword_answer_is_read_leniently_and_the_others_kept() {
    // imap-proto cannot read a non-ASCII keyword; the crate alone would end
    // the whole command there. The answer is read again leniently, and one
    // that cannot be read even so is reported with its UID.
    let script = format!(
        "{LOGIN_OK}* 3 EXISTS\r\n* OK [UIDVALIDITY 5] v\r\na3 OK selected\r\n\
         * 1 FETCH (UID 1 FLAGS () BODY[] {{3}}\r\nab\n)\r\n\
         * 2 FETCH (UID 2 FLAGS (\\Seen $Ærlig) BODY[] {{14}}\r\n* 9 EXISTS\r\nx\n)\r\n\
         * 3 FETCH (UID 3 FLAGS () BODY[] {{3}}\r\ncd\n)\r\n\
         * 4 FETCH (UID 4 FLAGS (\\Seen $Ærlig) BODY[] \x01)\r\n\
         b1 OK done\r\na4 OK noop\r\n"
    );
    let stream = ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(stream, "scripted", USER, &pw(), true, false).expect("login");
    s.select("INBOX").expect("select");
    let r = s.fetch_report("1:3").expect("fetch");
    assert_eq!(
        r.messages
            .iter()
            .map(|m| (m.uid, m.raw.clone()))
            .collect::<Vec<_>>(),
        vec![
            (1, b"ab\n".to_vec()),
            (2, b"* 9 EXISTS\r\nx\n".to_vec()),
            (3, b"cd\n".to_vec())
        ]
    );
    assert_eq!(r.messages[1].flags, vec!["\\Seen", "$Ærlig"]);
    assert_eq!(r.unreadable.len(), 1);
    assert_eq!(r.unreadable[0].0, 4);
    // The session is still in step: the next command gets its own answer.
    s.noop().expect("noop after the fetch");
}

/// A server that greets and then talks without end, a line every 100 ms,
/// each read within the socket's timeout: the prelude's own deadline (the
/// config's 2 s) ends it with a timeout, for STARTTLS as for plaintext.
#[test]
fn a_server_that_never_finishes_its_greeting_times_out() {
    for tls in ["starttls", "none"] {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            use std::io::Write;
            if let Ok((mut s, _)) = listener.accept() {
                let _ = s.write_all(b"* OK ready\r\n");
                while s.write_all(b"* OK still here\r\n").is_ok() {
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        });
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(imap::connect(&cfg("127.0.0.1", port, tls, None), &pw()).err());
        });
        let e = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("connect gave up on the endless greeting")
            .expect("an error");
        assert!(matches!(e, ImapError::Timeout { .. }), "{tls}: {e}");
        assert_eq!(e.exit_code(), 3);
    }
}
