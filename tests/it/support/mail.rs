//! A small support-desk mailbox written by the tests: two issues and an
//! unfiled request, split between INBOX (the desk's mail) and Sent (the
//! team's).
#![allow(dead_code)]

use super::dovecot::message;

pub const DESK: &str = "Vipps Integration <integration@vipps.no>";
pub const OLA: &str = "Ola Nordmann <ola@example.com>";

/// (folder, raw) of the mailbox, in the order it was written.
pub fn mailbox() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "Sent",
            message(
                "req1@example.com",
                OLA,
                DESK,
                "Refund fails for order 123",
                "Mon, 2 Mar 2026 09:00:00 +0100",
                "",
                "Hi, refunds fail. MSN 123456, environment: test, orderId abc-1.",
            ),
        ),
        (
            "INBOX",
            message(
                "auto1@vipps.no",
                DESK,
                OLA,
                "[VSD-1001] Refund fails for order 123",
                "Mon, 2 Mar 2026 09:05:00 +0100",
                "In-Reply-To: <req1@example.com>\r\nReferences: <req1@example.com>\r\n",
                "Thank you, your request has been received.",
            ),
        ),
        (
            "INBOX",
            message(
                "desk1@vipps.no",
                DESK,
                OLA,
                "RE: [VSD-1001] Refund fails for order 123",
                "Tue, 3 Mar 2026 10:00:00 +0100",
                "In-Reply-To: <auto1@vipps.no>\r\nReferences: <req1@example.com> <auto1@vipps.no>\r\n",
                "Which API version do you use?",
            ),
        ),
        (
            "Sent",
            message(
                "req2@example.com",
                OLA,
                DESK,
                "Capture times out",
                "Wed, 4 Mar 2026 09:00:00 +0100",
                "",
                "Capture times out. MSN 123456, environment: production, orderId abc-2.",
            ),
        ),
        (
            "INBOX",
            message(
                "auto2@vipps.no",
                DESK,
                OLA,
                "[VSD-1002] Capture times out",
                "Wed, 4 Mar 2026 09:05:00 +0100",
                "In-Reply-To: <req2@example.com>\r\nReferences: <req2@example.com>\r\n",
                "Thank you, your request has been received.",
            ),
        ),
        (
            "Sent",
            message(
                "req3@example.com",
                OLA,
                DESK,
                "Login page is blank",
                "Thu, 5 Mar 2026 09:00:00 +0100",
                "",
                "The login page is blank. MSN 123456, environment: test.",
            ),
        ),
    ]
}

/// A later desk answer on VSD-1002.
pub fn late_reply() -> Vec<u8> {
    message(
        "desk2@vipps.no",
        DESK,
        OLA,
        "RE: [VSD-1002] Capture times out",
        "Fri, 6 Mar 2026 10:00:00 +0100",
        "In-Reply-To: <auto2@vipps.no>\r\nReferences: <req2@example.com> <auto2@vipps.no>\r\n",
        "Please retry; it works now.",
    )
}

/// Puts the mailbox on the server.
pub fn serve(d: &super::dovecot::Dovecot) {
    for (folder, raw) in mailbox() {
        d.append(folder, &[raw]);
    }
}
