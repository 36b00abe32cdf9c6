//! SMTP submission through lettre's blocking connection (rustls): implicit
//! TLS (465), or STARTTLS (587) that fails closed when the server does not
//! offer it, as the IMAP side does; `none` only on loopback. The steps are
//! driven one by one rather than through lettre's transport so that:
//! - XOAUTH2 and OAUTHBEARER are spoken here (lettre has no OAUTHBEARER, and
//!   answers a refused token's challenge with "This mechanism does not
//!   expect a challenge"): a refused token is reported in plain words with
//!   the status the server gave;
//! - an error before the message was handed over (nothing sent, safe to try
//!   again) is told apart from a silence after it (it may have gone out).

use super::{Outgoing, Secret, SendError, SmtpPlan};
use crate::config::{AuthMethod, TlsMode};
use base64::Engine;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    Certificate, CertificateStore, SmtpConnection, TlsParameters,
};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use std::fmt;

/// A command line of our own (AUTH with an initial response, or the answer
/// to a challenge). Its text never reaches a log: lettre's tracing is off.
struct Line(String);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\r\n", self.0)
    }
}

fn tls_parameters(plan: &SmtpPlan) -> Result<TlsParameters, SendError> {
    let mut b =
        TlsParameters::builder(plan.host.clone()).certificate_store(CertificateStore::Default);
    if let Some(path) = &plan.ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            SendError::Config(format!("cannot read ca_file {}: {e}", path.display()))
        })?;
        let cert = Certificate::from_pem(&pem).map_err(|e| {
            SendError::Config(format!("cannot read ca_file {}: {e}", path.display()))
        })?;
        b = b.add_root_certificate(cert);
    }
    b.build_rustls().map_err(|e| SendError::Tls {
        host: plan.host.clone(),
        message: e.to_string(),
    })
}

/// The text of an error, with lettre's inner causes.
fn words(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cause = c.source();
    }
    s
}

fn connect(plan: &SmtpPlan) -> Result<SmtpConnection, SendError> {
    let hello = ClientId::default();
    let addr = (plan.host.as_str(), plan.port);
    let connect_error = |e: lettre::transport::smtp::Error| {
        if e.is_tls() {
            SendError::Tls {
                host: plan.host.clone(),
                message: words(&e),
            }
        } else {
            SendError::Connect {
                host: plan.host.clone(),
                port: plan.port,
                message: words(&e),
            }
        }
    };
    match plan.tls {
        TlsMode::Implicit => {
            let params = tls_parameters(plan)?;
            SmtpConnection::connect(addr, Some(plan.timeout), &hello, Some(&params), None)
                .map_err(connect_error)
        }
        TlsMode::Starttls => {
            let params = tls_parameters(plan)?;
            let mut conn = SmtpConnection::connect(addr, Some(plan.timeout), &hello, None, None)
                .map_err(connect_error)?;
            if !conn.server_info().supports_feature(Extension::StartTls) {
                conn.abort();
                return Err(SendError::StartTls {
                    host: plan.host.clone(),
                    reason: "the server does not offer STARTTLS".into(),
                });
            }
            conn.starttls(&params, &hello)
                .map_err(|e| SendError::StartTls {
                    host: plan.host.clone(),
                    reason: words(&e),
                })?;
            if !conn.is_encrypted() {
                conn.abort();
                return Err(SendError::StartTls {
                    host: plan.host.clone(),
                    reason: "the connection is still unencrypted".into(),
                });
            }
            Ok(conn)
        }
        TlsMode::None => SmtpConnection::connect(addr, Some(plan.timeout), &hello, None, None)
            .map_err(connect_error),
    }
}

/// Signs in as `plan.auth` says: with a password (PLAIN or LOGIN) or with
/// an OAuth2 access token.
fn authenticate(
    conn: &mut SmtpConnection,
    plan: &SmtpPlan,
    user: &str,
    secret: &Secret,
) -> Result<(), SendError> {
    let fail = |message: String| SendError::Auth {
        host: plan.host.clone(),
        user: user.to_string(),
        message,
    };
    match plan.auth {
        AuthMethod::Password => with_password(conn, user, secret, &fail),
        AuthMethod::Xoauth2 | AuthMethod::Oauthbearer => {
            with_token(conn, plan, user, secret, &fail)
        }
    }
}

/// AUTH PLAIN or LOGIN, whichever the server offers.
fn with_password(
    conn: &mut SmtpConnection,
    user: &str,
    secret: &Secret,
    fail: &dyn Fn(String) -> SendError,
) -> Result<(), SendError> {
    let offered = [Mechanism::Plain, Mechanism::Login]
        .into_iter()
        .any(|m| conn.server_info().supports_auth_mechanism(m));
    if !offered {
        return Err(fail(
            "the server offers neither AUTH PLAIN nor AUTH LOGIN (is it the submission port?)"
                .into(),
        ));
    }
    let creds = Credentials::new(user.to_string(), secret.expose().to_string());
    conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds)
        .map(|_| ())
        .map_err(|e| match e.status() {
            Some(code) => fail(format!(
                "the server refused the password (SMTP {code}); check password_command"
            )),
            None => fail(words(&e)),
        })
}

/// AUTH XOAUTH2 or OAUTHBEARER with the access token; a refusal says why
/// when the server's challenge tells it.
fn with_token(
    conn: &mut SmtpConnection,
    plan: &SmtpPlan,
    user: &str,
    secret: &Secret,
    fail: &dyn Fn(String) -> SendError,
) -> Result<(), SendError> {
    let (name, initial, answer) = token_exchange(plan, user, secret);
    let b64 = base64::engine::general_purpose::STANDARD;
    let first = conn.command(Line(format!("AUTH {name} {}", b64.encode(initial))));
    let response = match first {
        Ok(r) => r,
        Err(e) => {
            return Err(fail(match e.status() {
                Some(code) if u16::from(code) == 504 => {
                    format!("the server does not offer {name}")
                }
                Some(code) => format!(
                    "the server refused the access token from token_command (SMTP {code}); get a fresh token and try again"
                ),
                None => words(&e),
            }));
        }
    };
    if response.has_code(235) {
        return Ok(());
    }
    // 334: the token was refused and the server says why, in a
    // base64 JSON challenge the client must answer before the
    // final refusal comes.
    let challenge = response.message().collect::<Vec<_>>().join("");
    let why = b64
        .decode(challenge.trim())
        .ok()
        .and_then(|j| serde_json::from_slice::<serde_json::Value>(&j).ok())
        .and_then(|v| v.get("status").and_then(|s| s.as_str()).map(str::to_owned));
    let _ = conn.command(Line(answer.to_string()));
    Err(fail(format!(
        "the server refused the access token from token_command{} ({name}); it may have expired: get a fresh token and try again",
        why.map(|w| format!(" (status {w:?})")).unwrap_or_default()
    )))
}

/// The mechanism's name, its initial response, and the answer to an error
/// challenge.
fn token_exchange(
    plan: &SmtpPlan,
    user: &str,
    secret: &Secret,
) -> (&'static str, String, &'static str) {
    if plan.auth == AuthMethod::Xoauth2 {
        (
            "XOAUTH2",
            format!("user={user}\x01auth=Bearer {}\x01\x01", secret.expose()),
            "",
        )
    } else {
        (
            "OAUTHBEARER",
            format!(
                "n,a={},\x01host={}\x01port={}\x01auth=Bearer {}\x01\x01",
                user.replace('=', "=3D").replace(',', "=2C"),
                plan.host,
                plan.port,
                secret.expose()
            ),
            // RFC 7628: a client answers the error challenge with ^A.
            "AQ==",
        )
    }
}

/// The message as DATA carries it: every line ending CRLF (a bare LF is
/// refused by strict servers), without the final CRLF, which lettre writes
/// itself before the closing dot (else the message would gain a blank line).
pub fn wire(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut prev = 0u8;
    for &b in bytes {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    if out.ends_with(b"\r\n") {
        out.truncate(out.len() - 2);
    }
    out
}

/// Sends one message: connect, TLS, AUTH, MAIL, RCPT, DATA.
pub fn send(plan: &SmtpPlan, msg: &Outgoing, secret: Option<&Secret>) -> Result<String, SendError> {
    let mut conn = connect(plan)?;
    if let (Some(user), Some(secret)) = (&plan.user, secret)
        && let Err(e) = authenticate(&mut conn, plan, user, secret)
    {
        conn.abort();
        return Err(e);
    }
    let refused = |e: lettre::transport::smtp::Error| SendError::Refused {
        host: plan.host.clone(),
        message: words(&e),
    };
    let address = |a: &str| {
        a.parse::<lettre::Address>()
            .map_err(|e| SendError::Message {
                origin: msg.message_id.clone(),
                message: format!("{a:?} is not an address SMTP takes: {e}"),
            })
    };
    let mut params = Vec::new();
    if !msg.bytes.is_ascii() {
        if !conn.server_info().supports_feature(Extension::EightBitMime) {
            conn.abort();
            return Err(SendError::Refused {
                host: plan.host.clone(),
                message: "the message holds 8-bit text and the server does not offer 8BITMIME"
                    .into(),
            });
        }
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let steps = (|| -> Result<(), SendError> {
        conn.command(Mail::new(Some(address(&msg.from)?), params))
            .map_err(refused)?;
        for to in &msg.envelope_to {
            conn.command(Rcpt::new(address(to)?, vec![]))
                .map_err(|e| SendError::Refused {
                    host: plan.host.clone(),
                    message: format!("recipient {to}: {}", words(&e)),
                })?;
        }
        conn.command(Data).map_err(refused)?;
        Ok(())
    })();
    if let Err(e) = steps {
        conn.abort();
        return Err(e);
    }
    // From here on the server holds the message: a refusal is an answer,
    // but a silence may hide a delivery.
    match conn.message(&wire(&msg.bytes)) {
        Ok(r) => {
            let answer = format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "));
            let _ = conn.quit();
            Ok(answer.trim().to_string())
        }
        Err(e) if e.status().is_some() => {
            conn.abort();
            Err(refused(e))
        }
        Err(e) => {
            conn.abort();
            Err(SendError::Unknown {
                host: plan.host.clone(),
                message: words(&e),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wire;

    #[test]
    fn wire_form_has_crlf_and_leaves_the_last_one_to_the_terminator() {
        assert_eq!(wire(b"A: b\r\n\r\nhi\r\n"), b"A: b\r\n\r\nhi");
        assert_eq!(wire(b"A: b\n\nhi\nthere\n"), b"A: b\r\n\r\nhi\r\nthere");
        assert_eq!(wire(b"A: b\r\n\r\nno end"), b"A: b\r\n\r\nno end");
    }
}
