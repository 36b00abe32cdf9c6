//! Signing in on an open stream: the greeting (a PREAUTH on an unencrypted
//! stream is refused), LOGIN or SASL (XOAUTH2, OAUTHBEARER), and the
//! capabilities, all under `catch_unwind`, giving a [`Session`].

use super::credential::{self, AsCredential, SignIn};
use super::error::{ImapError, convert, oauth2_error};
use super::session::{Session, Tracked};
use super::{reader, transport};
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Logs in on an open stream. `encrypted` says whether the stream is
/// protected (a PREAUTH greeting is refused otherwise); `greeted` whether the
/// greeting was already read (after STARTTLS).
pub fn login<S: Read + Write, C: AsCredential + ?Sized>(
    stream: S,
    host: &str,
    user: &str,
    credential: &C,
    encrypted: bool,
    greeted: bool,
) -> Result<Session<S>, ImapError> {
    sign_in(
        stream,
        host,
        None,
        user,
        credential.sign_in(),
        encrypted,
        greeted,
        &[],
        reader::Limits::default(),
    )
}

/// [`login`] with the limits on what the server may send in force from its
/// greeting on.
pub fn login_limited<S: Read + Write, C: AsCredential + ?Sized>(
    stream: S,
    host: &str,
    user: &str,
    credential: &C,
    encrypted: bool,
    greeted: bool,
    limits: reader::Limits,
) -> Result<Session<S>, ImapError> {
    sign_in(
        stream,
        host,
        None,
        user,
        credential.sign_in(),
        encrypted,
        greeted,
        &[],
        limits,
    )
}

/// [`login`], knowing the port (which OAUTHBEARER names to the server)
/// and what the transport read before (`earlier`: a plaintext greeting,
/// whose alerts count).
#[allow(clippy::too_many_arguments)]
pub(super) fn sign_in<S: Read + Write>(
    stream: S,
    host: &str,
    port: Option<u16>,
    user: &str,
    credential: SignIn<'_>,
    encrypted: bool,
    greeted: bool,
    earlier: &[u8],
    limits: reader::Limits,
) -> Result<Session<S>, ImapError> {
    let action = "log in";
    let shared = reader::Shared::new(stream);
    shared.set_limits(limits);
    shared.arm();
    shared.scan_earlier(earlier);
    let for_crate = shared.clone();
    let result = catch_unwind(AssertUnwindSafe(move || {
        let mut client = imap::Client::new(for_crate);
        if greeted {
            client.greeting_read = true;
        } else {
            let greeting = client
                .read_greeting()
                .map_err(|e| convert(host, action, e))?;
            check_greeting(&greeting, host, encrypted)?;
        }
        let mut session = authenticate(client, host, port, user, credential)?;
        let caps = capabilities(&mut session, host)?;
        Ok((session, caps))
    }));
    let (inner, caps) = match result {
        Ok(r) => r?,
        Err(p) => {
            return Err(ImapError::Panicked {
                host: host.to_string(),
                action: action.into(),
                message: crate::text::panic_text(&p),
            });
        }
    };
    Ok(Session {
        inner: Some(inner),
        host: host.to_string(),
        caps,
        qresync: false,
        condstore: false,
        bulk_tag: 0,
        tracked: Tracked::default(),
        socket: None,
        shared,
    })
}

/// A greeting vsd goes on from: `* OK`, or `* PREAUTH` on an encrypted
/// stream (on a plain one it may be an impostor skipping login).
fn check_greeting(greeting: &[u8], host: &str, encrypted: bool) -> Result<(), ImapError> {
    let upper = greeting.to_ascii_uppercase();
    if upper.starts_with(b"* PREAUTH") {
        if !encrypted {
            return Err(ImapError::Preauth {
                host: host.to_string(),
            });
        }
    } else if upper.starts_with(b"* BYE") {
        return Err(ImapError::Refused {
            host: host.to_string(),
            action: "connect".into(),
            message: transport::snippet(greeting),
        });
    } else if !upper.starts_with(b"* OK") {
        return Err(ImapError::Protocol {
            host: host.to_string(),
            action: "connect".into(),
            message: format!("unexpected greeting {:?}", transport::snippet(greeting)),
        });
    }
    Ok(())
}

/// LOGIN with the password, or SASL with the token.
fn authenticate<S: Read + Write>(
    client: imap::Client<S>,
    host: &str,
    port: Option<u16>,
    user: &str,
    credential: SignIn<'_>,
) -> Result<imap::Session<S>, ImapError> {
    let refused = |message: String| ImapError::Login {
        host: host.to_string(),
        user: user.to_string(),
        message,
    };
    match credential {
        SignIn::Password(password) => client.login(user, password).map_err(|(e, _)| match e {
            imap::Error::No(no) => refused(no.information),
            imap::Error::Bad(bad) => refused(bad.information),
            // The crate's validation error names the offending character of
            // the password, never the password.
            other => convert(host, "log in", other),
        }),
        SignIn::Token(mechanism, token) => {
            let sasl = credential::OAuth2::new(mechanism, user, token, host, port);
            client
                .authenticate(mechanism.name(), &sasl)
                .map_err(|(e, _)| oauth2_error(host, user, &sasl, e))
        }
    }
}

/// The capabilities the server announces after sign-in, upper case.
fn capabilities<S: Read + Write>(
    session: &mut imap::Session<S>,
    host: &str,
) -> Result<Vec<String>, ImapError> {
    Ok(session
        .capabilities()
        .map_err(|e| convert(host, "read capabilities", e))?
        .iter()
        .map(|c| match c {
            imap_proto::Capability::Imap4rev1 => "IMAP4REV1".to_string(),
            imap_proto::Capability::Auth(a) => format!("AUTH={}", a.to_ascii_uppercase()),
            imap_proto::Capability::Atom(a) => a.to_ascii_uppercase(),
        })
        .collect())
}
