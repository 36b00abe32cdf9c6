//! Limits on what a server may send: literals larger than any message,
//! lines without end, answers that trickle for ever, and an IDLE whose DONE
//! is never answered. Each case is a scripted server (tests/support) whose
//! misbehaviour once crashed or hung vsd; each must now end in a clear,
//! typed error that leaves the session marked broken, so the caller
//! reconnects.

use crate::support;

use std::sync::mpsc;
use std::time::Duration;
use support::scripted::{EndlessStream, ScriptedStream, tcp_server};
use vsd::config::Config;
use vsd::imap::{self, ImapError, Password, reader::Limits};

const LOGIN_OK: &str =
    "* OK ready\r\na1 OK logged in\r\n* CAPABILITY IMAP4rev1 IDLE\r\na2 OK done\r\n";
const SELECTED: &str =
    "* 1 EXISTS\r\n* OK [UIDVALIDITY 5] v\r\n* OK [UIDNEXT 9] n\r\na3 OK selected\r\n";

fn pw() -> Password {
    Password::new("p".into())
}

/// Runs `f` on a thread of its own and waits for its answer, so that a
/// regression shows as a failure naming the case rather than a test run
/// that never ends.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("{what}: still blocked after two minutes"))
}

#[test]
fn body_literal_of_999999999999_bytes_is_refused_not_aborting() {
    let script = format!(
        "{LOGIN_OK}{SELECTED}* 1 FETCH (UID 7 FLAGS () INTERNALDATE \"02-Mar-2026 09:00:00 +0100\" BODY[] {{999999999999}}\r\nFrom: a\r\n"
    );
    let mut s = imap::login(
        ScriptedStream::new(script.as_bytes()),
        "scripted",
        "u",
        &pw(),
        true,
        false,
    )
    .expect("login");
    s.select("INBOX").expect("select");
    let e = s.fetch_report("7").expect_err("refused");
    assert!(
        matches!(
            e,
            ImapError::TooLarge {
                uid: Some(7),
                size: 999_999_999_999,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.refused_uid(), Some(7));
    assert!(e.to_string().contains("for UID 7"), "{e}");
    assert!(e.is_connection_problem(), "the caller reconnects");
    let again = s.noop().expect_err("the stream is out of step");
    assert!(matches!(again, ImapError::Closed { .. }), "{again}");
}

#[test]
fn literal_above_the_limit_is_refused_through_the_crate_too() {
    // SELECT goes through the imap crate's own reader; the limit holds
    // there as well.
    let script =
        format!("{LOGIN_OK}* 1 EXISTS\r\n* OK [ALERT {{99999999999999999999999}}\r\nxx\r\n");
    let mut s = imap::login(
        ScriptedStream::new(script.as_bytes()),
        "scripted",
        "u",
        &pw(),
        true,
        false,
    )
    .expect("login");
    let e = s.select("INBOX").expect_err("refused");
    assert!(
        matches!(e, ImapError::TooLarge { size: u64::MAX, .. }),
        "{e:?}"
    );
}

#[test]
fn literal_that_never_arrives_costs_only_what_was_sent() {
    // 500 MB announced, 40 bytes sent: the error comes from the end of the
    // stream, not from an allocation of the announced size.
    let script = format!(
        "{LOGIN_OK}{SELECTED}* 1 FETCH (UID 3 FLAGS () BODY[] {{524288000}}\r\nFrom: a@example.com\r\n\r\nshort"
    );
    let mut s = imap::login(
        ScriptedStream::new(script.as_bytes()),
        "scripted",
        "u",
        &pw(),
        true,
        false,
    )
    .expect("login");
    s.select("INBOX").expect("select");
    let e = s.fetch_report("3").expect_err("cut short");
    assert!(e.is_connection_problem(), "{e}");
}

#[test]
fn line_of_600mb_without_lf_is_refused_at_the_line_cap() {
    // The bulk reader (FETCH): the line ends at the cap, not at 600 MB.
    let head = format!("{LOGIN_OK}{SELECTED}* 1 FETCH (UID 1 FLAGS (");
    let stream = EndlessStream::new(head.as_bytes(), b"x", 1 << 20, Duration::ZERO);
    let sent = stream.sent.clone();
    let e = within("bulk line", move || {
        let mut s = imap::login(stream, "scripted", "u", &pw(), true, false).expect("login");
        s.select("INBOX").expect("select");
        s.fetch_report("1").expect_err("refused")
    });
    assert!(matches!(e, ImapError::LineTooLong { .. }), "{e:?}");
    assert!(e.to_string().contains("longer than"), "{e}");
    let read = *sent.lock().unwrap();
    assert!(
        read < 2 * imap::reader::LINE_MAX as u64,
        "read {read} bytes of one line"
    );
}

#[test]
fn endless_line_through_the_crate_is_refused_at_the_line_cap() {
    // An untagged line during SELECT, read by the imap crate.
    let head = format!("{LOGIN_OK}* 1 EXISTS\r\n* OK ");
    let stream = EndlessStream::new(head.as_bytes(), b"y", 64 * 1024, Duration::ZERO);
    let sent = stream.sent.clone();
    let e = within("crate line", move || {
        let mut s = imap::login(stream, "scripted", "u", &pw(), true, false).expect("login");
        s.select("INBOX").expect_err("refused")
    });
    assert!(matches!(e, ImapError::LineTooLong { .. }), "{e:?}");
    assert!(*sent.lock().unwrap() < 2 * imap::reader::LINE_MAX as u64);
}

#[test]
fn server_sending_a_byte_at_a_time_is_cut_off_by_the_answer_deadline() {
    // One byte of a never-ending line every 20 ms: each read is quick, so
    // only a deadline on the whole answer ends it.
    let head = format!("{LOGIN_OK}{SELECTED}* 1 FETCH (UID 1 FLAGS (");
    let stream = EndlessStream::new(head.as_bytes(), b"z", 1, Duration::from_millis(20));
    let e = within("trickle", move || {
        let mut s = imap::login(stream, "scripted", "u", &pw(), true, false).expect("login");
        s.set_limits(Limits {
            response_time: Duration::from_secs(1),
            ..Limits::default()
        });
        s.select("INBOX").expect("select");
        s.fetch_report("1").expect_err("cut off")
    });
    assert!(matches!(e, ImapError::TooSlow { secs: 1, .. }), "{e:?}");
    assert!(e.to_string().contains("took longer than 1 s"), "{e}");
}

#[test]
fn trickling_answer_through_the_crate_meets_the_deadline_too() {
    let head = format!("{LOGIN_OK}* 1 EXISTS\r\n");
    // Untagged lines that each end: without the deadline, SELECT would
    // wait for its tagged OK for ever.
    let stream = EndlessStream::new(
        head.as_bytes(),
        b"* OK still here\r\n",
        1,
        Duration::from_millis(20),
    );
    let e = within("crate trickle", move || {
        let mut s = imap::login(stream, "scripted", "u", &pw(), true, false).expect("login");
        s.set_limits(Limits {
            response_time: Duration::from_secs(1),
            ..Limits::default()
        });
        s.select("INBOX").expect_err("cut off")
    });
    assert!(matches!(e, ImapError::TooSlow { .. }), "{e:?}");
}

#[test]
fn idle_done_without_answer_times_out_instead_of_hanging() {
    // The server announces new mail in IDLE, then never answers DONE. The
    // crate clears the read timeout before it sends DONE; the session keeps
    // it, so the wait ends and the caller reconnects.
    let (port, transcript) = tcp_server(vec![
        ("", "* OK ready\r\n"),
        // Asked before the greeting is read, so that a TLS port is found at once.
        (
            "s1 CAPABILITY",
            "* CAPABILITY IMAP4rev1 IDLE\r\ns1 OK done\r\n",
        ),
        ("a1 LOGIN", "a1 OK logged in\r\n"),
        (
            "a2 CAPABILITY",
            "* CAPABILITY IMAP4rev1 IDLE\r\na2 OK done\r\n",
        ),
        ("a3 SELECT", SELECTED),
        ("a4 IDLE", "+ idling\r\n* 2 EXISTS\r\n"),
    ]);
    let cfg = Config::parse_str(
        &format!(
            "[imap]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nuser = \"u\"\npassword = \"p\"\ntimeout_secs = 1\n"
        ),
        "t.toml",
    )
    .expect("config")
    .imap
    .expect("[imap]");
    let e = within("IDLE DONE", move || {
        let mut s = imap::connect(&cfg, &pw()).expect("connect");
        s.select("INBOX").expect("select");
        let r = s.idle(
            Duration::from_secs(30),
            Duration::from_secs(30),
            Duration::from_secs(1),
            || false,
        );
        let next = s.noop().err();
        (r, next)
    });
    let (r, next) = e;
    let e = r.expect_err("no answer to DONE is an error");
    assert!(matches!(e, ImapError::Timeout { .. }), "{e:?}");
    assert!(e.is_connection_problem());
    assert!(
        matches!(next, Some(ImapError::Closed { .. })),
        "the session is given up: {next:?}"
    );
    assert!(transcript.after_close().contains("DONE\r\n"));
}

#[test]
fn greeting_that_trickles_is_cut_off_by_the_answer_deadline() {
    // "* OK " and then a byte every 20 ms, never a line's end.
    let stream = EndlessStream::new(b"* OK ", b"w", 1, Duration::from_millis(20));
    let e = within("greeting", move || {
        imap::login_limited(
            stream,
            "scripted",
            "u",
            &pw(),
            true,
            false,
            Limits {
                response_time: Duration::from_secs(1),
                ..Limits::default()
            },
        )
        .err()
        .expect("cut off")
    });
    assert!(matches!(e, ImapError::TooSlow { secs: 1, .. }), "{e:?}");
}
