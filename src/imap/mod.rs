//! The IMAP client: connect, TLS, login, select, fetch, idle, append. Network
//! only: nothing here parses mail or touches the store.
//!
//! The session is generic over `Read + Write` so that a scripted stream can
//! play the odd answers a real server seldom gives. The `imap` crate does the
//! framing; responses whose shape matters to sync (SELECT, FETCH, VANISHED)
//! are parsed here with `imap-proto`, so an untagged `* NO` or an unknown
//! response code is tolerated instead of tripping the crate's assertions.
//! Every call into the crate runs under [`std::panic::catch_unwind`]: a panic
//! becomes [`ImapError::Panicked`] and the session is marked broken, so the
//! caller reconnects instead of crashing.
//!
//! Commands whose answer the crate would read line by line (SELECT, SEARCH,
//! NOOP, ENABLE, CREATE, flag fetches) are written through the crate and
//! their answers read by [`reader`]: one untagged line the crate's parser
//! cannot read (a Latin-1 mailbox name, 8-bit text in a `* NO`) then costs
//! that line, never the command (the crate ends it with a made-up BYE).
//! Whatever the server says reaches an error or a notice only through
//! [`server_text`], which makes it safe for the terminal; the error's
//! `Display` makes sure again, so no path prints raw server bytes. `[ALERT]`
//! texts are collected from the byte stream ([`alerts`]) and handed out by
//! [`Session::take_alerts`].
//!
//! A bulk FETCH's answers are parsed one at a time, each under
//! `catch_unwind`; one imap-proto refuses or panics on is read again by a
//! lenient walker ([`salvage`]) that takes only UID, FLAGS, INTERNALDATE and
//! the body, so a stray 8-bit keyword, a `NIL` date or an odd BODYSTRUCTURE
//! costs nothing, and an answer that cannot be read even so costs that one
//! message, never the batch.
//!
//! The files: [`error`] (what failed), [`transport`] (TCP and TLS),
//! [`login`] (greeting and sign-in), [`session`] (the session and the way
//! every command is sent and read), [`response`] and [`salvage`] (reading
//! answers), [`fetch`], [`search`], [`idle`] and [`folders`] (the commands by
//! what they do), [`reader`] (the byte stream and its limits), [`alerts`],
//! [`credential`] and [`mailbox`] (folder names in modified UTF-7).

pub mod alerts;
pub mod credential;
pub mod error;
pub mod fetch;
pub mod folders;
pub mod idle;
pub mod login;
pub mod mailbox;
pub mod reader;
pub mod response;
pub mod salvage;
pub mod search;
pub mod session;
pub mod transport;

use crate::config::{ImapConfig, TlsMode, is_loopback};
pub use credential::{
    AsCredential, Credential, Credentials, Mechanism, Password, SignIn, credential, password,
};
pub use error::ImapError;
pub use fetch::{Changes, FetchReport, Fetched, FlagState, Listed};
pub use folders::ListedFolder;
pub use idle::{IdleNews, IdleOutcome};
use login::sign_in;
pub use login::{login, login_limited};
pub use response::server_text;
pub use search::UidList;
pub use session::{FolderStatus, Session};
use std::time::Duration;
pub use transport::Transport;

/// Opens a session as the config says: TCP with timeouts, TLS (implicit or
/// STARTTLS, verified against the system roots and `ca_file`), login with
/// the password or SASL with the token that `credential` holds.
pub fn connect<C: AsCredential + ?Sized>(
    cfg: &ImapConfig,
    credential: &C,
) -> Result<Session<Transport>, ImapError> {
    let host = cfg.host.as_str();
    let port = cfg.port();
    let timeout = Duration::from_secs(cfg.timeout_secs.max(1));
    if cfg.tls == TlsMode::None && !is_loopback(host) {
        return Err(ImapError::Tls {
            host: host.to_string(),
            message: "tls = \"none\" is refused for a host that is not loopback".into(),
        });
    }
    let tcp = transport::tcp_connect(host, port, timeout)?;
    let mut earlier = Vec::new();
    let (stream, greeted) = match cfg.tls {
        TlsMode::None => {
            let mut tcp = tcp;
            earlier = transport::plain_prelude(&mut tcp, host, port, timeout)?;
            // The prelude read the greeting.
            (Transport::Plain(tcp), true)
        }
        TlsMode::Implicit => {
            let config = transport::tls_config(cfg.ca_file.as_deref())?;
            let tls = transport::implicit_tls(tcp, host, config)?;
            (Transport::Tls(Box::new(tls)), false)
        }
        TlsMode::Starttls => {
            let config = transport::tls_config(cfg.ca_file.as_deref())?;
            let mut tcp = tcp;
            transport::starttls_prelude(&mut tcp, host, port, timeout)?;
            let tls = transport::tls_handshake(tcp, host, config)?;
            // After STARTTLS the server sends no second greeting.
            (Transport::Tls(Box::new(tls)), true)
        }
    };
    let encrypted = stream.is_encrypted();
    let socket = stream.tcp().try_clone().ok();
    let mut session = sign_in(
        stream,
        host,
        Some(port),
        &cfg.user,
        credential.sign_in(),
        encrypted,
        greeted,
        &earlier,
        limits(cfg),
    )?;
    session.socket = socket;
    Ok(session)
}

/// The limits on what the server may send, from the config: the read
/// timeout stays set through IDLE, one answer gets ten times the timeout
/// (plus a second per 64 KB of literal it announces), and a literal may be
/// as large as `max_message_size` or [`reader::LITERAL_MAX`], whichever is
/// more (a message fetched whole on request may be above the first).
pub fn limits(cfg: &ImapConfig) -> reader::Limits {
    let timeout = Duration::from_secs(cfg.timeout_secs.max(1));
    reader::Limits {
        read_timeout: Some(timeout),
        response_time: timeout * 10,
        literal_max: cfg.max_message_size.unwrap_or(0).max(reader::LITERAL_MAX),
        ..reader::Limits::default()
    }
}

/// Keeps the default panic message off the terminal for panics raised inside
/// the imap crate, which [`Session`] catches and reports as errors. Other
/// panics still reach the previous hook.
pub fn quiet_imap_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let from_imap = info.location().is_some_and(|l| {
                let f = l.file();
                f.contains("/imap-3") || f.contains("/imap-proto-")
            });
            if from_imap {
                tracing::warn!("the imap crate panicked (caught): {info}");
            } else {
                previous(info);
            }
        }));
    });
}
