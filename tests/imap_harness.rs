//! The Dovecot harness itself: it starts, serves both ports, takes mail.

mod support;

use support::dovecot::{Dovecot, message};

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
