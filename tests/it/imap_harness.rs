//! The Dovecot harness itself: it starts, serves both ports, takes mail.

use crate::support;

use support::dovecot::{Dovecot, Options, message};

#[test]
fn harness_serves_appended_mail_and_expunges() {
    let Some(d) = Dovecot::start() else { return };
    let m1 = message(
        "a@example.com",
        "ola@example.com",
        "integration@vipps.no",
        "Hello",
        "Mon, 2 Mar 2026 10:00:00 +0100",
        "",
        "body",
    );
    let m2 = message(
        "b@example.com",
        "ola@example.com",
        "integration@vipps.no",
        "Hello 2",
        "Mon, 2 Mar 2026 10:00:00 +0100",
        "",
        "body",
    );
    let uids = d.append("INBOX", &[m1, m2]);
    assert_eq!(uids, vec![1, 2]);
    d.expunge("INBOX", "1");
    let (validity, left) = d.uids("INBOX");
    assert!(validity > 0);
    assert_eq!(left, vec![2]);
    assert_eq!(
        d.write_maildir("Sent", vec![b"Subject: x\r\n\r\nx\r\n".to_vec()]),
        1
    );
    assert_eq!(d.uids("Sent").1, vec![1]);
}

/// Signs in with XOAUTH2 through the imap crate alone, so that the harness is
/// checked apart from vsd's own client.
struct Xoauth2<'a> {
    token: &'a str,
}

impl imap::Authenticator for Xoauth2<'_> {
    type Response = Vec<u8>;
    fn process(&self, challenge: &[u8]) -> Vec<u8> {
        if challenge.is_empty() {
            format!(
                "user={}\x01auth=Bearer {}\x01\x01",
                support::dovecot::USER,
                self.token
            )
            .into_bytes()
        } else {
            // The JSON error of a refused token: answered empty, then NO.
            Vec::new()
        }
    }
}

fn xoauth2_login(d: &Dovecot, token: &str) -> Result<imap::Session<std::net::TcpStream>, String> {
    let tcp = std::net::TcpStream::connect(("127.0.0.1", d.plain_port)).expect("connect");
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    let mut client = imap::Client::new(tcp);
    client.read_greeting().expect("greeting");
    client
        .authenticate("XOAUTH2", &Xoauth2 { token })
        .map_err(|(e, _)| e.to_string())
}

#[test]
fn oauth2_harness_judges_tokens_by_introspection_and_kicks() {
    let Some(d) = Dovecot::start_with(Options::oauth2()) else {
        return;
    };
    let server = d.introspect();
    server.allow("good-token-1", support::dovecot::USER);
    let mut s = xoauth2_login(&d, "good-token-1").expect("an active token signs in");
    s.select("INBOX").expect("select");
    assert_eq!(server.asked(), vec!["good-token-1".to_string()]);

    // Password login still works beside the oauth2 passdb.
    d.append(
        "INBOX",
        &[message(
            "c@example.com",
            "ola@example.com",
            "integration@vipps.no",
            "Hello",
            "Mon, 2 Mar 2026 10:00:00 +0100",
            "",
            "body",
        )],
    );

    // A kicked session hears BYE (or the socket closes) soon: doveadm
    // returns once the signal is sent, not once the session has ended.
    d.kick(support::dovecot::USER);
    let start = std::time::Instant::now();
    while s.noop().is_ok() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "a kicked session must be gone"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    server.revoke("good-token-1");
    let refused = xoauth2_login(&d, "good-token-1").expect_err("a revoked token is refused");
    assert!(
        refused.contains("NO") || refused.to_lowercase().contains("fail"),
        "{refused}"
    );
    assert_eq!(server.asked().len(), 2);
}
