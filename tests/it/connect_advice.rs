//! Connection errors that say what to change: implicit TLS against a
//! plaintext port, plaintext or STARTTLS against a TLS port (found at once,
//! not after the read timeout, which is set long here so that waiting for it
//! would give a timeout error instead of the advice), a certificate from an
//! unknown issuer, a refused connection, a name that does not resolve.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpListener;
use support::dovecot::{Dovecot, PASSWORD, USER};
use vsd::config::Config;
use vsd::imap::{self, ImapError, Password};

fn cfg(host: &str, port: u16, tls: &str, ca: Option<&std::path::Path>) -> vsd::config::ImapConfig {
    let ca = ca
        .map(|p| format!("ca_file = \"{}\"\n", p.display()))
        .unwrap_or_default();
    Config::parse_str(
        &format!(
            "[imap]\nhost = \"{host}\"\nport = {port}\ntls = \"{tls}\"\nuser = \"{USER}\"\npassword_command = \"echo '{PASSWORD}'\"\ntimeout_secs = 60\n{ca}"
        ),
        "t.toml",
    )
    .expect("config")
    .imap
    .expect("[imap]")
}

fn connect_err(c: &vsd::config::ImapConfig) -> ImapError {
    imap::connect(c, &Password::new(PASSWORD.into()))
        .err()
        .expect("an error")
}

#[test]
fn implicit_tls_against_a_plaintext_port_says_try_starttls() {
    let Some(d) = Dovecot::start() else { return };
    let e = connect_err(&cfg(
        "127.0.0.1",
        d.plain_port,
        "implicit",
        Some(&d.ca_file),
    ));
    assert!(matches!(e, ImapError::NotTls { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "cannot secure the connection to 127.0.0.1: it does not speak TLS on port {}: \
             try tls = \"starttls\", or port 993",
            d.plain_port
        )
    );
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn plaintext_against_a_tls_port_is_found_at_once() {
    let Some(d) = Dovecot::start() else { return };
    for mode in ["none", "starttls"] {
        let e = connect_err(&cfg("127.0.0.1", d.tls_port, mode, Some(&d.ca_file)));
        assert!(matches!(e, ImapError::ExpectsTls { .. }), "{mode}: {e}");
        let text = e.to_string();
        assert!(
            text.contains(&format!("use tls = \"implicit\" for port {}", d.tls_port)),
            "{text}"
        );
        assert!(text.contains(&format!("tls = \"{mode}\"")), "{text}");
        assert_eq!(e.exit_code(), 3);
    }
}

/// A TLS server that answers bytes that are no ClientHello with an alert
/// record, as many do, rather than hanging up.
#[test]
fn plaintext_against_a_port_that_answers_with_a_tls_alert() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        let mut buf = [0u8; 5];
        s.read_exact(&mut buf).expect("read");
        // Alert, TLS 1.2, length 2: fatal, protocol_version.
        s.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])
            .expect("write");
        // Until the client hangs up, so that the alert is not lost to a
        // reset for unread bytes.
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
    });
    let e = connect_err(&cfg("127.0.0.1", port, "starttls", None));
    assert!(matches!(e, ImapError::ExpectsTls { .. }), "{e}");
    server.join().expect("server");
}

#[test]
fn unknown_issuer_says_add_the_ca_as_ca_file() {
    let Some(d) = Dovecot::start() else { return };
    let e = connect_err(&cfg("127.0.0.1", d.tls_port, "implicit", None));
    let text = e.to_string();
    assert!(text.contains("UnknownIssuer"), "{text}");
    assert!(
        text.contains("add the CA (a PEM file) as ca_file under [imap]"),
        "{text}"
    );
}

#[test]
fn a_certificate_for_another_name_says_check_host() {
    let Some(d) = Dovecot::start() else { return };
    let p = support::proxy::Proxy::start("127.0.0.2", d.tls_port, None);
    let e = connect_err(&cfg("127.0.0.2", p.port, "implicit", Some(&d.ca_file)));
    let text = e.to_string();
    assert!(text.contains("not valid for name"), "{text}");
    assert!(text.contains("check host under [imap]"), "{text}");
}

#[test]
fn a_refused_connection_names_host_and_port_to_check() {
    let port = support::dovecot::free_port();
    let e = connect_err(&cfg("127.0.0.1", port, "none", None));
    assert!(matches!(e, ImapError::Connect { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("cannot connect to 127.0.0.1:{port}: ")),
        "{text}"
    );
    assert!(
        text.contains("nothing listens there: check host and port under [imap]"),
        "{text}"
    );
    assert_eq!(e.exit_code(), 3);
}

#[test]
fn a_name_that_does_not_resolve_says_check_host() {
    let e = connect_err(&cfg("imap.nonexistent.invalid", 993, "implicit", None));
    assert!(matches!(e, ImapError::Resolve { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.starts_with("cannot find the server \"imap.nonexistent.invalid\": "),
        "{text}"
    );
    assert!(text.ends_with("(check host under [imap])"), "{text}");
}

#[test]
fn vsd_sync_with_implicit_tls_on_a_plaintext_port_exits_3_with_the_advice() {
    let Some(d) = Dovecot::start() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let conf = dir.path().join("config.toml");
    vsd::files::write(
        &conf,
        format!(
            "[imap]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"implicit\"\nuser = \"{USER}\"\npassword = \"{PASSWORD}\"\ntimeout_secs = 60\n",
            d.plain_port
        )
        .as_bytes(),
    )
    .expect("config");
    // A password in the file is taken only from a file no one else reads.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"))
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(dir.path().join("vsd.db"))
        .arg("sync")
        .output()
        .expect("run vsd");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "does not speak TLS on port {}: try tls = \"starttls\", or port 993",
            d.plain_port
        )),
        "{stderr}"
    );
}
