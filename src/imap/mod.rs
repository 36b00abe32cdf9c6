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
//! lenient walker ([`salvage_fetch`]) that takes only UID, FLAGS,
//! INTERNALDATE and the body, so a stray 8-bit keyword, a `NIL` date or an
//! odd BODYSTRUCTURE costs nothing, and an answer that cannot be read even so
//! costs that one message, never the batch.

pub mod alerts;
pub mod credential;
pub mod mailbox;
pub mod reader;
pub mod transport;

use crate::config::{ImapConfig, TlsMode, is_loopback};
use crate::text::sanitize::sanitize;
pub use credential::{
    AsCredential, Credential, Credentials, Mechanism, Password, SignIn, credential, password,
};
use imap_proto::{
    AttributeValue, MailboxDatum, MessageSection, Response, ResponseCode, SectionPath, Status,
};
use std::io::{Read, Write};
use std::num::NonZeroU64;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;
pub use transport::Transport;

/// Why talking to the IMAP server failed.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot connect to {host}:{port}: {source}{}", transport::connect_advice(.source))]
    Connect {
        host: String,
        port: u16,
        source: std::io::Error,
    },
    #[error("cannot find the server {host:?}: {source} (check host under [imap])")]
    Resolve {
        host: String,
        source: std::io::Error,
    },
    #[error(
        "cannot secure the connection to {host}: it does not speak TLS on port {port}: \
         try tls = \"starttls\", or port 993"
    )]
    NotTls { host: String, port: u16 },
    #[error(
        "cannot talk to {host} on port {port} without TLS: it expects TLS from the start there: \
         use tls = \"implicit\" for port {port}, or port 143 for tls = \"{mode}\""
    )]
    ExpectsTls {
        host: String,
        port: u16,
        mode: &'static str,
    },
    #[error("cannot read ca_file {path}: {message}")]
    CaFile { path: String, message: String },
    #[error("cannot secure the connection to {host}: {message}")]
    Tls { host: String, message: String },
    #[error(
        "cannot use STARTTLS with {host}: {}; stopped before sending the password \
         (use tls = \"implicit\" if the server offers port 993)", sanitize(.reason)
    )]
    StartTls { host: String, reason: String },
    #[error(
        "cannot trust {host}: it greeted with PREAUTH on an unencrypted connection \
         (a server that skips login there may be an impostor)"
    )]
    Preauth { host: String },
    #[error("cannot log in to {host} as {user}: {}", sanitize(.message))]
    Login {
        host: String,
        user: String,
        message: String,
    },
    #[error("cannot get the IMAP password: {0}")]
    Password(String),
    #[error("cannot get an OAuth2 access token: {0} (check token_command under [imap])")]
    Token(String),
    #[error(
        "cannot sign in to {host} as {user} with {mechanism}: the server refused the token \
         ({message}); check token_command: it must print a current access token for {user}"
    )]
    TokenRefused {
        host: String,
        user: String,
        mechanism: &'static str,
        message: String,
    },
    #[error(
        "cannot sign in to {host} with {mechanism}: the server does not take it ({message}); \
         check auth under [imap]"
    )]
    MechanismRefused {
        host: String,
        mechanism: &'static str,
        message: String,
    },
    #[error("cannot {action} on {host}: the server did not answer in time")]
    Timeout { host: String, action: String },
    #[error("cannot {} on {host}: the server closed the connection", sanitize(.action))]
    Closed { host: String, action: String },
    #[error("cannot {action} on {host}: {source}")]
    Io {
        host: String,
        action: String,
        source: std::io::Error,
    },
    #[error("cannot {action} on {host}: the server said {}", sanitize(.message))]
    Refused {
        host: String,
        action: String,
        message: String,
    },
    #[error(
        "cannot select folder {folder:?} on {host}: {} (check `folders` in the config)",
        sanitize(.message)
    )]
    NoFolder {
        host: String,
        folder: String,
        message: String,
    },
    /// The folder exists (or may), but the server cannot open it now: its
    /// trouble, not the config's.
    #[error(
        "cannot select folder {folder:?} on {host}: the server said {} (a problem on the \
         server's side; try again later)",
        sanitize(.message)
    )]
    FolderRefused {
        host: String,
        folder: String,
        message: String,
    },
    #[error("cannot {action} on {host}: unreadable answer from the server: {}", sanitize(.message))]
    Protocol {
        host: String,
        action: String,
        message: String,
    },
    #[error(
        "cannot {action} on {host}: the server announced {size} bytes{}, above the limit of \
         {limit} bytes; that message is not fetched",
        uid.map(|u| format!(" for UID {u}")).unwrap_or_default()
    )]
    TooLarge {
        host: String,
        action: String,
        uid: Option<u32>,
        size: u64,
        limit: u64,
    },
    #[error(
        "cannot {action} on {host}: the server sent a line longer than {limit} bytes \
         without ending it"
    )]
    LineTooLong {
        host: String,
        action: String,
        limit: usize,
    },
    #[error(
        "cannot {action} on {host}: the answer took longer than {secs} s (the server sends too \
         slowly; raise timeout_secs for a slow link)"
    )]
    TooSlow {
        host: String,
        action: String,
        secs: u64,
    },
    #[error(
        "cannot {action} on {host}: the IMAP library failed on the server's answer ({})",
        sanitize(.message)
    )]
    Panicked {
        host: String,
        action: String,
        message: String,
    },
}

impl ImapError {
    /// The process exit code this error calls for: 2 for a problem in the
    /// configuration, 3 for a server that refused or could not be reached.
    pub fn exit_code(&self) -> i32 {
        match self {
            ImapError::CaFile { .. }
            | ImapError::Password(_)
            | ImapError::Token(_)
            | ImapError::NoFolder { .. } => 2,
            // FolderRefused, like every other refusal, is the server's.
            _ => 3,
        }
    }

    /// True when the connection is unusable and a reconnect may help.
    pub fn is_connection_problem(&self) -> bool {
        matches!(
            self,
            ImapError::Timeout { .. }
                | ImapError::Closed { .. }
                | ImapError::Io { .. }
                | ImapError::Connect { .. }
                | ImapError::Protocol { .. }
                | ImapError::Panicked { .. }
                | ImapError::TooLarge { .. }
                | ImapError::LineTooLong { .. }
                | ImapError::TooSlow { .. }
        )
    }

    /// The UID of the one message a fetch was refused for (its literal
    /// above the limit): that message is not fetched, the others may be.
    pub fn refused_uid(&self) -> Option<u32> {
        match self {
            ImapError::TooLarge { uid, .. } => *uid,
            _ => None,
        }
    }
}

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
fn sign_in<S: Read + Write>(
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
    let host_s = host.to_string();
    let action = "log in";
    let shared = reader::Shared::new(stream);
    shared.set_limits(limits);
    shared.arm();
    shared.scan_earlier(earlier);
    let for_crate = shared.clone();
    let result = catch_unwind(AssertUnwindSafe(move || {
        let mut client = imap::Client::new(for_crate);
        if !greeted {
            let greeting = client
                .read_greeting()
                .map_err(|e| convert(&host_s, action, e))?;
            let upper = greeting.to_ascii_uppercase();
            if upper.starts_with(b"* PREAUTH") {
                if !encrypted {
                    return Err(ImapError::Preauth { host: host_s });
                }
            } else if upper.starts_with(b"* BYE") {
                return Err(ImapError::Refused {
                    host: host_s,
                    action: "connect".into(),
                    message: transport::snippet(&greeting),
                });
            } else if !upper.starts_with(b"* OK") {
                return Err(ImapError::Protocol {
                    host: host_s,
                    action: "connect".into(),
                    message: format!("unexpected greeting {:?}", transport::snippet(&greeting)),
                });
            }
        } else {
            client.greeting_read = true;
        }
        let mut session = match credential {
            SignIn::Password(password) => client.login(user, password).map_err(|(e, _)| match e {
                imap::Error::No(no) => ImapError::Login {
                    host: host_s.clone(),
                    user: user.to_string(),
                    message: no.information,
                },
                imap::Error::Bad(bad) => ImapError::Login {
                    host: host_s.clone(),
                    user: user.to_string(),
                    message: bad.information,
                },
                // The crate's validation error names the offending
                // character of the password, never the password.
                other => convert(&host_s, action, other),
            }),
            SignIn::Token(mechanism, token) => {
                let sasl = credential::OAuth2::new(mechanism, user, token, &host_s, port);
                match client.authenticate(mechanism.name(), &sasl) {
                    Ok(s) => Ok(s),
                    Err((e, _)) => Err(oauth2_error(&host_s, user, &sasl, e)),
                }
            }
        }?;
        let caps: Vec<String> = session
            .capabilities()
            .map_err(|e| convert(&host_s, "read capabilities", e))?
            .iter()
            .map(|c| match c {
                imap_proto::Capability::Imap4rev1 => "IMAP4REV1".to_string(),
                imap_proto::Capability::Auth(a) => format!("AUTH={}", a.to_ascii_uppercase()),
                imap_proto::Capability::Atom(a) => a.to_ascii_uppercase(),
            })
            .collect();
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

/// What SELECT told about a folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FolderStatus {
    pub uidvalidity: u32,
    /// The next UID the server will give; 0 when it did not say.
    pub uidnext: u32,
    pub exists: u32,
    pub highest_modseq: Option<u64>,
}

/// One message as fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub uid: u32,
    pub flags: Vec<String>,
    /// INTERNALDATE as the server wrote it (RFC 3501 date-time).
    pub internal_date: Option<String>,
    pub raw: Vec<u8>,
}

/// Flags of one message, with its MODSEQ where the server gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagState {
    pub uid: u32,
    pub flags: Vec<String>,
}

/// What changed in a folder since a MODSEQ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub flags: Vec<FlagState>,
    /// UIDs expunged since; only with QRESYNC.
    pub vanished: Vec<u32>,
}

/// What a fetch brought: the messages, and every answer that was not one.
/// The caller compares it with the UIDs it asked for: a UID in none of
/// these lists got no answer at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchReport {
    pub messages: Vec<Fetched>,
    /// Answers with a body but no UID: (sequence number, the message with
    /// `uid` 0), for the caller to match back.
    pub without_uid: Vec<(u32, Fetched)>,
    /// UIDs answered without a body item (an unsolicited flag update, or a
    /// server that left the body out).
    pub without_body: Vec<u32>,
    /// UIDs whose body came as NIL or with no bytes: not a message.
    pub empty_body: Vec<u32>,
    /// A second answer for a UID already answered, with another body.
    pub conflicting: Vec<Fetched>,
    /// Answers that could not be read at all: (UID, or 0 when unknown; why).
    pub unreadable: Vec<(u32, String)>,
    /// Whether the answer reported an expunge: sequence numbers moved.
    pub expunged: bool,
}

/// The UIDs of the selected folder, and what EXISTS the server gave beside
/// them: a listing shorter than EXISTS is a broken answer (an index the
/// server lost), not evidence that mail left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UidList {
    pub uids: Vec<u32>,
    pub exists: u32,
}

impl UidList {
    /// Whether the listing and EXISTS agree, so that a UID missing from it
    /// may be taken as gone.
    pub fn agrees(&self) -> bool {
        self.uids.len() as u64 == u64::from(self.exists)
    }
}

/// The tagged completion of a command: its status (upper case), its
/// response code's name (upper case, e.g. `NONEXISTENT`) and the server's
/// words after the tag, made safe ([`server_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Completion {
    status: String,
    code: Option<String>,
    text: String,
}

impl Completion {
    /// Read by hand, not by imap-proto, so that 8-bit text in a NO (or an
    /// unknown code) still gives its status and code.
    fn parse(line: &[u8]) -> Completion {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let after_tag = memchr::memchr(b' ', line).map_or(&[][..], |i| &line[i + 1..]);
        let (status, rest) = match memchr::memchr(b' ', after_tag) {
            Some(i) => (&after_tag[..i], &after_tag[i + 1..]),
            None => (after_tag, &[][..]),
        };
        let code = rest.strip_prefix(b"[").map(|c| {
            let end = c
                .iter()
                .position(|b| *b == b']' || *b == b' ')
                .unwrap_or(c.len());
            String::from_utf8_lossy(&c[..end]).to_ascii_uppercase()
        });
        Completion {
            status: String::from_utf8_lossy(status).to_ascii_uppercase(),
            code,
            text: server_text(after_tag),
        }
    }

    fn is_ok(&self) -> bool {
        self.status == "OK"
    }
}

/// A command's answer: its untagged responses that could be read, and its
/// completion.
struct Answer {
    responses: Vec<Response<'static>>,
    completion: Completion,
}

/// What the server said, as text that is safe to print: UTF-8, else
/// Latin-1 (an old server's 8-bit text), trimmed, cut to 300 characters,
/// with every control character made visible ([`sanitize`]).
pub fn server_text(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|b| char::from(*b)).collect()),
    };
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let mut cut: String = text.chars().take(300).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    sanitize(&cut).into_owned()
}

/// Where `part` lies inside `whole`, when it is a slice of it.
fn range_in(whole: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let base = whole.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    let start = at.checked_sub(base)?;
    (start + part.len() <= whole.len()).then(|| start..start + part.len())
}

/// One message as listed by [`Session::listing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    pub seq: u32,
    pub uid: u32,
    pub size: Option<u32>,
}

/// What one FETCH answer said, read by imap-proto or by [`salvage_fetch`].
#[derive(Debug, Default)]
struct FetchAnswer {
    seq: u32,
    uid: Option<u32>,
    flags: Vec<String>,
    internal_date: Option<String>,
    /// `None`: no body item; `Some(None)`: `NIL`.
    body: Option<Option<Vec<u8>>>,
}

impl FetchAnswer {
    /// The answer's items. A body that is a slice of `text` (the buffer the
    /// response was read into) is not copied: its range is given instead,
    /// for the caller to turn `text` itself into the message.
    fn from_attrs(
        seq: u32,
        attrs: Vec<AttributeValue<'_>>,
        text: &[u8],
    ) -> (FetchAnswer, Option<std::ops::Range<usize>>) {
        let mut a = FetchAnswer {
            seq,
            ..FetchAnswer::default()
        };
        let mut at = None;
        for attr in attrs {
            match attr {
                AttributeValue::Uid(u) if u != 0 => a.uid = Some(u),
                AttributeValue::Flags(v) => a.flags = lasting_flags(v),
                AttributeValue::InternalDate(d) => a.internal_date = Some(d.into_owned()),
                // `BODY[HEADER]` is the body of a header-only fetch.
                AttributeValue::BodySection {
                    section: None | Some(SectionPath::Full(MessageSection::Header)),
                    data,
                    ..
                }
                | AttributeValue::Rfc822(data) => {
                    at = None;
                    a.body = Some(data.map(|d| match range_in(text, &d) {
                        Some(r) => {
                            at = Some(r);
                            Vec::new()
                        }
                        None => d.into_owned(),
                    }));
                }
                _ => {}
            }
        }
        (a, at)
    }
}

/// Reads what sync needs (sequence number, UID, FLAGS, INTERNALDATE, the
/// whole body) from a FETCH answer that imap-proto refused or panicked on:
/// an 8-bit keyword, `INTERNALDATE NIL`, a BODYSTRUCTURE it cannot read.
/// The reader has already framed the answer's literals by their announced
/// lengths, so the body taken here is exactly the bytes the server sent.
/// `None` when the text is not a FETCH answer this can walk, or names an
/// item twice: a literal the server miscounted runs into the next answer,
/// whose items would then be taken for this one's.
fn salvage_fetch(text: &[u8]) -> Option<FetchAnswer> {
    let mut p = Walker { text, at: 0 };
    p.expect(b"* ")?;
    let seq = p.number()?;
    p.expect_ci(b" FETCH (")?;
    let mut a = FetchAnswer {
        seq,
        ..FetchAnswer::default()
    };
    let mut seen: Vec<Vec<u8>> = Vec::new();
    loop {
        p.skip_spaces();
        if p.peek()? == b')' {
            return Some(a);
        }
        let name = p.item_name()?.to_ascii_uppercase();
        if seen.contains(&name) {
            return None;
        }
        seen.push(name.clone());
        p.skip_spaces();
        match name.as_slice() {
            b"UID" => a.uid = Some(p.number()?).filter(|u| *u != 0),
            b"FLAGS" => {
                let list = p.value()?;
                a.flags = flag_words(list);
            }
            b"INTERNALDATE" => a.internal_date = p.string_value()?,
            b"BODY[]" | b"BODY[HEADER]" | b"RFC822" => a.body = Some(p.string_value_bytes()?),
            _ => {
                p.value()?;
            }
        }
    }
}

/// The words of a parenthesized flag list, read leniently (8-bit bytes as
/// UTF-8 where they are, else replaced), without `\Recent`.
fn flag_words(list: &[u8]) -> Vec<String> {
    let inner = list
        .strip_prefix(b"(")
        .and_then(|l| l.strip_suffix(b")"))
        .unwrap_or(list);
    inner
        .split(|b| *b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
        .collect()
}

/// A cursor over one framed response for [`salvage_fetch`].
struct Walker<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Walker<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, s: &[u8]) -> Option<()> {
        self.text[self.at..]
            .starts_with(s)
            .then(|| self.at += s.len())
    }

    fn expect_ci(&mut self, s: &[u8]) -> Option<()> {
        let end = self.at.checked_add(s.len())?;
        let got = self.text.get(self.at..end)?;
        got.eq_ignore_ascii_case(s).then(|| self.at = end)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(&self.text[start..self.at])
            .ok()?
            .parse()
            .ok()
    }

    /// An item name such as `UID`, `BODY[]` or `BODY[HEADER.FIELDS (X)]<0>`.
    fn item_name(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.checked_sub(1)?,
                b' ' | b')' | b'(' if depth == 0 => break,
                b'\r' | b'\n' => return None,
                _ => {}
            }
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// Skips one value (atom, number, NIL, quoted string, literal or a
    /// parenthesized list of them) and returns its bytes.
    fn value(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        match self.peek()? {
            b'"' => {
                self.quoted()?;
            }
            b'{' => {
                self.literal()?;
            }
            b'(' => {
                self.at += 1;
                loop {
                    self.skip_spaces();
                    match self.peek()? {
                        b')' => {
                            self.at += 1;
                            break;
                        }
                        _ => {
                            self.value()?;
                        }
                    }
                }
            }
            _ => {
                self.item_name()?;
            }
        }
        Some(&self.text[start..self.at])
    }

    fn quoted(&mut self) -> Option<Vec<u8>> {
        self.expect(b"\"")?;
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    out.push(self.peek()?);
                    self.at += 1;
                }
                b'\r' | b'\n' => return None,
                b => {
                    out.push(b);
                    self.at += 1;
                }
            }
        }
    }

    fn literal(&mut self) -> Option<&'a [u8]> {
        self.expect(b"{")?;
        let n = self.number()? as usize;
        let _ = self.expect(b"+");
        self.expect(b"}\r\n").or_else(|| self.expect(b"}\n"))?;
        let end = self.at.checked_add(n)?;
        let data = self.text.get(self.at..end)?;
        self.at = end;
        Some(data)
    }

    /// A string value (quoted or literal) or NIL, as bytes.
    fn string_value_bytes(&mut self) -> Option<Option<Vec<u8>>> {
        match self.peek()? {
            b'"' => self.quoted().map(Some),
            b'{' => self.literal().map(|d| Some(d.to_vec())),
            _ => {
                let atom = self.item_name()?;
                atom.eq_ignore_ascii_case(b"NIL").then_some(None)
            }
        }
    }

    fn string_value(&mut self) -> Option<Option<String>> {
        self.string_value_bytes()
            .map(|v| v.map(|b| String::from_utf8_lossy(&b).into_owned()))
    }
}

/// Whether a raw response is a FETCH answer (`* 12 FETCH ...`).
fn is_fetch_answer(text: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"* ") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0
        && rest[digits..]
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b" FETCH "))
}

/// The UID a raw FETCH response names (`UID 123`), or 0.
fn uid_in(text: &[u8]) -> u32 {
    let head = &text[..text.len().min(4096)];
    let upper = head.to_ascii_uppercase();
    let Some(i) = memchr::memmem::find(&upper, b"UID ") else {
        return 0;
    };
    let digits: Vec<u8> = head[i + 4..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// How an IDLE wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleOutcome {
    /// The server reported a change (new mail, expunge, flags).
    Changed,
    /// The wait ran out; the caller renews IDLE.
    TimedOut,
    /// The caller's stop check said stop.
    Stopped,
}

/// One folder of a LIST answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFolder {
    /// Decoded from modified UTF-7, as a config names it.
    pub name: String,
    /// False for a `\Noselect` or `\NonExistent` name (a level of the
    /// hierarchy that holds no mail of its own).
    pub selectable: bool,
    /// Its special use (RFC 6154) where the server marks one: "Sent",
    /// "Drafts", "Archive", "Junk", "Trash", "All" or "Flagged".
    pub special: Option<&'static str>,
}

/// What a session learnt of the server as it went.
#[derive(Debug, Default)]
struct Tracked {
    /// EXISTS of the selected folder as the server last said (SELECT, then
    /// untagged EXISTS and EXPUNGE in later answers).
    exists: u32,
    /// The server refused `SELECT … (CONDSTORE)` although it announced
    /// CONDSTORE: it is not asked for it again this session.
    condstore_refused: bool,
}

/// A logged-in session.
pub struct Session<S: Read + Write> {
    /// `None` once a call panicked inside the crate: the stream's state is
    /// unknown, so every later call fails and the caller reconnects.
    inner: Option<imap::Session<reader::Shared<S>>>,
    /// The same stream, for reading large responses without the crate.
    shared: reader::Shared<S>,
    host: String,
    caps: Vec<String>,
    qresync: bool,
    condstore: bool,
    /// The number of the last bulk command's tag (`b1`, `b2`, …).
    bulk_tag: u32,
    tracked: Tracked,
    /// A second handle on the TCP socket: the crate leaves no read timeout
    /// after IDLE and gives no access to its stream, and another thread may
    /// need to shut the connection to end a wait.
    socket: Option<std::net::TcpStream>,
}

impl<S: Read + Write> Session<S> {
    /// Sets the limits on what the server may send (see [`reader`]).
    pub fn set_limits(&mut self, limits: reader::Limits) {
        self.shared.set_limits(limits);
    }

    /// Keeps a handle on the socket under this session (see [`Session::shutdown_handle`]).
    pub fn set_socket(&mut self, socket: std::net::TcpStream) {
        self.socket = Some(socket);
    }

    /// A clone of the socket: shutting it down ends a blocked call from
    /// another thread.
    pub fn shutdown_handle(&self) -> Option<std::net::TcpStream> {
        self.socket.as_ref().and_then(|s| s.try_clone().ok())
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the server announced a capability (upper case, e.g. "IDLE").
    pub fn has(&self, cap: &str) -> bool {
        self.caps.iter().any(|c| c.eq_ignore_ascii_case(cap))
    }

    pub fn qresync_enabled(&self) -> bool {
        self.qresync
    }

    pub fn condstore_enabled(&self) -> bool {
        self.condstore || self.qresync
    }

    /// Runs `f` on the crate's session with panics caught.
    fn guard<T>(
        &mut self,
        action: &str,
        f: impl FnOnce(&mut imap::Session<reader::Shared<S>>) -> imap::error::Result<T>,
    ) -> Result<T, ImapError> {
        let host = self.host.clone();
        let Some(inner) = self.inner.as_mut() else {
            return Err(ImapError::Closed {
                host,
                action: action.into(),
            });
        };
        match catch_unwind(AssertUnwindSafe(|| f(inner))) {
            Ok(r) => {
                // A limit hit or a read that failed inside an answer leaves
                // the stream out of step, even where the crate went on (it
                // ignores the answer to IDLE's DONE).
                if let Some(e) = self.shared.broken_error() {
                    self.inner = None;
                    return Err(match r {
                        Err(e) => convert(&host, action, e),
                        Ok(_) => convert(&host, action, imap::Error::Io(e)),
                    });
                }
                r.map_err(|e| {
                    // The crate reports a line it could not parse as a BYE
                    // and leaves the rest of the answer unread: the session
                    // is out of step from here on.
                    if matches!(e, imap::Error::Bye(_) | imap::Error::Parse(_)) {
                        self.inner = None;
                    }
                    convert(&host, action, e)
                })
            }
            Err(p) => {
                self.inner = None;
                Err(ImapError::Panicked {
                    host,
                    action: action.into(),
                    message: crate::text::panic_text(&p),
                })
            }
        }
    }

    /// Runs a raw command and parses every untagged response of its answer;
    /// a NO or BAD is an error.
    fn raw(&mut self, action: &str, command: &str) -> Result<Vec<Response<'static>>, ImapError> {
        let answer = self.exchange(action, command)?;
        if !answer.completion.is_ok() {
            return Err(ImapError::Refused {
                host: self.host.clone(),
                action: action.into(),
                message: answer.completion.text,
            });
        }
        Ok(answer.responses)
    }

    /// Writes a command through the crate (which keeps the tag count) and
    /// reads its whole answer past it. An untagged line that cannot be
    /// parsed is logged and skipped, so one odd line costs only itself;
    /// EXISTS and EXPUNGE keep [`Session::exists`] current. A NO or BAD is
    /// returned, not raised: the caller decides what it means.
    fn exchange(&mut self, action: &str, command: &str) -> Result<Answer, ImapError> {
        self.guard(action, |s| s.run_command(command))?;
        let host = self.host.clone();
        let mut parts = match self.shared.read_responses() {
            Ok(r) => r,
            Err(e) => {
                self.inner = None;
                return Err(convert(&host, action, imap::Error::Io(e)));
            }
        };
        let completion = Completion::parse(&parts.pop().unwrap_or_default());
        if !matches!(completion.status.as_str(), "OK" | "NO" | "BAD") {
            self.inner = None;
            return Err(ImapError::Protocol {
                host,
                action: action.into(),
                message: format!("unexpected completion {:?}", completion.text),
            });
        }
        let mut responses = Vec::new();
        for text in &parts {
            match imap_proto::parser::parse_response(text) {
                Ok((_, r)) => {
                    match &r {
                        Response::MailboxData(MailboxDatum::Exists(n)) => self.tracked.exists = *n,
                        Response::Expunge(_) => {
                            self.tracked.exists = self.tracked.exists.saturating_sub(1)
                        }
                        _ => {}
                    }
                    responses.push(r.into_owned());
                }
                Err(_) => tracing::warn!(
                    host = %host,
                    action,
                    line = %server_text(text),
                    "skipped an answer line the parser cannot read"
                ),
            }
        }
        Ok(Answer {
            responses,
            completion,
        })
    }

    /// The `[ALERT]` texts the server sent since the last call (greeting,
    /// login, any command), each once, safe for the terminal.
    pub fn take_alerts(&self) -> Vec<String> {
        self.shared.take_alerts()
    }

    /// EXISTS of the selected folder as the server last reported it.
    pub fn exists(&self) -> u32 {
        self.tracked.exists
    }

    /// Like [`Session::raw`], but the command is written and its answer read
    /// past the crate (see [`reader`]): for large responses. The command
    /// carries a tag of its own, and the answer ends only on that tag's
    /// completion. Returns the untagged responses, each in a buffer of its
    /// own.
    fn bulk_parts(&mut self, action: &str, command: &str) -> Result<Vec<Vec<u8>>, ImapError> {
        let host = self.host.clone();
        if self.inner.is_none() {
            return Err(ImapError::Closed {
                host,
                action: action.into(),
            });
        }
        self.bulk_tag += 1;
        let tag = format!("b{}", self.bulk_tag);
        let mut w = self.shared.clone();
        let sent = w
            .write_all(format!("{tag} {command}\r\n").as_bytes())
            .and_then(|()| w.flush());
        let read = sent.and_then(|()| self.shared.read_responses_to(Some(tag.as_bytes())));
        let mut parts = match read {
            Ok(r) => r,
            Err(e) => {
                // Part of an answer may be left unread: the session is done.
                self.inner = None;
                return Err(convert(&host, action, imap::Error::Io(e)));
            }
        };
        let done = parts.pop().unwrap_or_default();
        let done = &done[..];
        let status = done
            .splitn(3, |b| *b == b' ')
            .nth(1)
            .map(|w| w.to_ascii_uppercase())
            .unwrap_or_default();
        if status != b"OK" {
            let message = server_text(done);
            return Err(if status == b"NO" || status == b"BAD" {
                ImapError::Refused {
                    host,
                    action: action.into(),
                    message,
                }
            } else {
                self.inner = None;
                ImapError::Protocol {
                    host,
                    action: action.into(),
                    message: format!("unexpected completion {message:?}"),
                }
            });
        }
        Ok(parts)
    }

    /// Turns on QRESYNC (else CONDSTORE) when the server offers it, so that
    /// SELECT reports HIGHESTMODSEQ and FETCH can ask for changes only.
    pub fn enable_change_tracking(&mut self) -> Result<(), ImapError> {
        if self.qresync || self.condstore {
            return Ok(());
        }
        if self.has("QRESYNC") && self.has("ENABLE") {
            self.raw("enable QRESYNC", "ENABLE QRESYNC")?;
            self.qresync = true;
        } else if self.has("CONDSTORE") && !self.tracked.condstore_refused {
            self.condstore = true;
        }
        Ok(())
    }

    /// Selects a folder read-write (flags are read, never changed: bodies are
    /// fetched with BODY.PEEK).
    ///
    /// A refusal is read by its words: a folder that does not exist (or may
    /// not be read) is the config's problem ([`ImapError::NoFolder`]); any
    /// other NO (`[UNAVAILABLE]`, `[SERVERBUG]`, a backend down) is the
    /// server's ([`ImapError::FolderRefused`]). A server that refuses
    /// `SELECT … (CONDSTORE)` although it announced CONDSTORE is asked with
    /// a plain SELECT, and not asked for CONDSTORE again this session.
    /// `HIGHESTMODSEQ 0` (which RFC 7162 does not allow) counts as none.
    pub fn select(&mut self, folder: &str) -> Result<FolderStatus, ImapError> {
        let action = format!("select folder {folder:?}");
        let quoted = quote(&mailbox::encode(folder)).ok_or_else(|| ImapError::NoFolder {
            host: self.host.clone(),
            folder: folder.to_string(),
            message: "the name contains a line break".into(),
        })?;
        let mut answer = if self.condstore && !self.qresync {
            let a = self.exchange(&action, &format!("SELECT {quoted} (CONDSTORE)"))?;
            if a.completion.is_ok() || names_missing_folder(&a.completion) {
                a
            } else {
                tracing::warn!(
                    host = %self.host,
                    folder,
                    answer = %a.completion.text,
                    "SELECT (CONDSTORE) refused; selecting without it"
                );
                let plain = self.exchange(&action, &format!("SELECT {quoted}"))?;
                if plain.completion.is_ok() {
                    self.condstore = false;
                    self.tracked.condstore_refused = true;
                }
                plain
            }
        } else {
            self.exchange(&action, &format!("SELECT {quoted}"))?
        };
        if !answer.completion.is_ok() {
            let missing = names_missing_folder(&answer.completion);
            let message = std::mem::take(&mut answer.completion.text);
            return Err(if missing {
                ImapError::NoFolder {
                    host: self.host.clone(),
                    folder: folder.to_string(),
                    message,
                }
            } else {
                ImapError::FolderRefused {
                    host: self.host.clone(),
                    folder: folder.to_string(),
                    message,
                }
            });
        }
        let mut st = FolderStatus::default();
        for r in answer.responses {
            match r {
                Response::Data {
                    status: Status::Ok,
                    code: Some(code),
                    ..
                } => match code {
                    ResponseCode::UidValidity(v) => st.uidvalidity = v,
                    ResponseCode::UidNext(n) => st.uidnext = n,
                    ResponseCode::HighestModSeq(m) => st.highest_modseq = valid_modseq(m),
                    _ => {}
                },
                Response::MailboxData(MailboxDatum::Exists(n)) => st.exists = n,
                _ => {}
            }
        }
        self.tracked.exists = st.exists;
        if st.uidvalidity == 0 {
            return Err(ImapError::Protocol {
                host: self.host.clone(),
                action,
                message: "SELECT gave no UIDVALIDITY".into(),
            });
        }
        Ok(st)
    }

    /// All UIDs in the selected folder, ascending.
    pub fn uids(&mut self) -> Result<Vec<u32>, ImapError> {
        self.uid_list().map(|l| l.uids)
    }

    /// All UIDs in the selected folder, ascending, with the EXISTS the
    /// server gave as of that answer, to check one against the other.
    pub fn uid_list(&mut self) -> Result<UidList, ImapError> {
        let responses = self.raw("search the folder", "UID SEARCH ALL")?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v);
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(UidList {
            uids,
            exists: self.tracked.exists,
        })
    }

    /// UIDs at or above `from` in the selected folder, ascending.
    pub fn uids_from(&mut self, from: u32) -> Result<Vec<u32>, ImapError> {
        let responses = self.raw(
            "search the folder",
            &format!("UID SEARCH UID {}:*", from.max(1)),
        )?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v.into_iter().filter(|u| *u >= from));
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// Which of the UIDs in `uid_set` the selected folder still has, ascending.
    pub fn uids_in(&mut self, uid_set: &str) -> Result<Vec<u32>, ImapError> {
        let responses = self.raw("search the folder", &format!("UID SEARCH UID {uid_set}"))?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v);
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// Sequence number, UID and RFC822.SIZE of the messages in `uid_set`,
    /// by UID, and whether the answer reported an expunge (the sequence
    /// numbers before it are stale). An answer the parser cannot read is
    /// left out: the caller checks the UIDs against a SEARCH.
    pub fn listing(&mut self, uid_set: &str) -> Result<(Vec<Listed>, bool), ImapError> {
        let r = self.raw(
            "list new messages",
            &format!("UID FETCH {uid_set} (UID RFC822.SIZE)"),
        )?;
        let mut out = Vec::new();
        let mut moved = false;
        for resp in r {
            if matches!(resp, Response::Expunge(_) | Response::Vanished { .. }) {
                moved = true;
            }
            if let Response::Fetch(seq, attrs) = resp {
                let mut uid = 0;
                let mut size = None;
                for a in attrs {
                    match a {
                        AttributeValue::Uid(u) => uid = u,
                        AttributeValue::Rfc822Size(n) => size = Some(n),
                        _ => {}
                    }
                }
                if uid != 0 {
                    out.push(Listed { seq, uid, size });
                }
            }
        }
        out.sort_unstable_by_key(|l| l.uid);
        out.dedup_by_key(|l| l.uid);
        Ok((out, moved))
    }

    /// (UID, RFC822.SIZE) of the messages at or above `from`.
    pub fn sizes_from(&mut self, from: u32) -> Result<Vec<(u32, u32)>, ImapError> {
        let r = self.raw(
            "list new messages",
            &format!("UID FETCH {}:* (UID RFC822.SIZE)", from.max(1)),
        )?;
        let mut out = Vec::new();
        for resp in r {
            if let Response::Fetch(_, attrs) = resp {
                let mut uid = 0;
                let mut size = None;
                for a in attrs {
                    match a {
                        AttributeValue::Uid(u) => uid = u,
                        AttributeValue::Rfc822Size(n) => size = Some(n),
                        _ => {}
                    }
                }
                if let (true, Some(size)) = (uid >= from.max(1), size) {
                    out.push((uid, size));
                }
            }
        }
        out.sort_unstable();
        out.dedup_by_key(|(u, _)| *u);
        Ok(out)
    }

    /// Flags of every message in `uid_set`.
    pub fn flags(&mut self, uid_set: &str) -> Result<Vec<FlagState>, ImapError> {
        let r = self.raw("fetch flags", &format!("UID FETCH {uid_set} (UID FLAGS)"))?;
        Ok(collect_changes(r).flags)
    }

    /// Flags changed and (with QRESYNC) UIDs expunged since `modseq`, which
    /// is never 0: RFC 7162 forbids `CHANGEDSINCE 0`.
    pub fn changes_since(&mut self, modseq: NonZeroU64) -> Result<Changes, ImapError> {
        let cmd = if self.qresync {
            format!("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE {modseq} VANISHED)")
        } else {
            format!("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE {modseq})")
        };
        let r = self.raw("fetch changed flags", &cmd)?;
        Ok(collect_changes(r))
    }

    /// Whole messages (`BODY.PEEK[]`, so nothing is marked read) with their
    /// flags and INTERNALDATE.
    pub fn fetch(&mut self, uid_set: &str) -> Result<Vec<Fetched>, ImapError> {
        self.fetch_report(uid_set).map(|r| r.messages)
    }

    /// Like [`Session::fetch`], with every answer that was not a message
    /// (see [`FetchReport`]). An answer imap-proto cannot read is read again
    /// leniently ([`salvage_fetch`]), so an 8-bit keyword or a BODYSTRUCTURE
    /// the parser refuses costs nothing.
    pub fn fetch_report(&mut self, uid_set: &str) -> Result<FetchReport, ImapError> {
        self.fetch_items(uid_set, "fetch messages", "BODY.PEEK[]")
    }

    /// The header of each message in `uid_set` (`BODY.PEEK[HEADER]`) with
    /// its flags and INTERNALDATE, in [`Fetched::raw`]: for messages above
    /// `max_message_size`.
    pub fn fetch_headers(&mut self, uid_set: &str) -> Result<FetchReport, ImapError> {
        self.fetch_items(uid_set, "fetch message headers", "BODY.PEEK[HEADER]")
    }

    fn fetch_items(
        &mut self,
        uid_set: &str,
        action: &str,
        section: &str,
    ) -> Result<FetchReport, ImapError> {
        let parts = self.bulk_parts(
            action,
            &format!("UID FETCH {uid_set} (UID FLAGS INTERNALDATE {section})"),
        )?;
        let mut report = FetchReport::default();
        let mut answers = Vec::new();
        for text in parts {
            // Parsed under `catch_unwind`: one response the parser refuses or
            // panics on is kept with its bytes, never the end of the others.
            // The body stays in `text` rather than being copied out.
            let parsed = catch_unwind(|| match imap_proto::parser::parse_response(&text) {
                Ok((_, Response::Fetch(seq, attrs))) => {
                    Ok(Some(FetchAnswer::from_attrs(seq, attrs, &text)))
                }
                Ok((_, Response::Expunge(_) | Response::Vanished { .. })) => Ok(None),
                Ok(_) => Err(None),
                Err(_) => Err(Some("the IMAP parser cannot read it".to_string())),
            });
            let why = match parsed {
                Ok(Ok(Some((mut a, at)))) => {
                    if let Some(r) = at {
                        let mut raw = text;
                        raw.truncate(r.end);
                        raw.drain(..r.start);
                        a.body = Some(Some(raw));
                    }
                    answers.push(a);
                    continue;
                }
                Ok(Ok(None)) => {
                    report.expunged = true;
                    continue;
                }
                Ok(Err(None)) => continue,
                Ok(Err(Some(why))) => why,
                Err(p) => format!(
                    "the IMAP parser failed on it ({})",
                    crate::text::panic_text(&p)
                ),
            };
            match salvage_fetch(&text) {
                Some(a) => {
                    tracing::warn!(uid = a.uid, "read leniently: {why}");
                    answers.push(a);
                }
                None if is_fetch_answer(&text) => report
                    .unreadable
                    .push((uid_in(&text), format!("{why}: {}", server_text(&text)))),
                // Not an answer to this command (an unsolicited METADATA, a
                // stray line): nothing of the fetch is in it.
                None => tracing::warn!("ignored an answer: {why}: {}", server_text(&text)),
            }
        }
        for a in answers {
            let body = match a.body {
                None => {
                    if let Some(uid) = a.uid {
                        report.without_body.push(uid);
                    }
                    continue;
                }
                Some(b) => b.unwrap_or_default(),
            };
            let f = Fetched {
                uid: a.uid.unwrap_or(0),
                flags: a.flags,
                internal_date: a.internal_date,
                raw: body,
            };
            if f.raw.is_empty() {
                if f.uid != 0 {
                    report.empty_body.push(f.uid);
                }
            } else if f.uid == 0 {
                report.without_uid.push((a.seq, f));
            } else if let Some(first) = report.messages.iter().find(|m| m.uid == f.uid) {
                if first.raw != f.raw {
                    report.conflicting.push(f);
                }
            } else {
                report.messages.push(f);
            }
        }
        Ok(report)
    }

    /// The Message-ID header of each message in `uid_set` (None when absent).
    pub fn message_ids(&mut self, uid_set: &str) -> Result<Vec<(u32, Option<String>)>, ImapError> {
        let r = self.raw(
            "fetch Message-IDs",
            &format!("UID FETCH {uid_set} (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"),
        )?;
        let mut out = Vec::new();
        for resp in r {
            if let Response::Fetch(_, attrs) = resp {
                let mut uid = 0;
                let mut id = None;
                let mut has_body = false;
                for a in attrs {
                    match a {
                        AttributeValue::Uid(u) => uid = u,
                        AttributeValue::BodySection { data, .. } => {
                            has_body = true;
                            id = data.and_then(|d| header_message_id(&d));
                        }
                        _ => {}
                    }
                }
                if uid != 0 && has_body {
                    out.push((uid, id));
                }
            }
        }
        Ok(out)
    }

    /// UIDs in the selected folder of messages whose Message-ID header is
    /// `id` (given without angle brackets): to tell whether a sent message
    /// was filed already.
    pub fn find_message_id(&mut self, id: &str) -> Result<Vec<u32>, ImapError> {
        let action = format!("search for Message-ID <{id}>");
        let quoted = quote(&format!("<{id}>")).ok_or_else(|| ImapError::Protocol {
            host: self.host.clone(),
            action: action.clone(),
            message: "the Message-ID contains a line break".into(),
        })?;
        let responses = self.raw(&action, &format!("UID SEARCH HEADER Message-ID {quoted}"))?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v);
            }
        }
        uids.sort_unstable();
        Ok(uids)
    }

    /// Waits in IDLE until the server reports a change, `timeout` passes, or
    /// `stop` returns true (checked every `poll`). The read timeout is put
    /// back afterwards, since the crate leaves none.
    pub fn idle(
        &mut self,
        timeout: Duration,
        poll: Duration,
        read_timeout: Duration,
        mut stop: impl FnMut() -> bool,
    ) -> Result<IdleOutcome, ImapError>
    where
        S: imap::extensions::idle::SetReadTimeout,
    {
        let started = std::time::Instant::now();
        let mut outcome = IdleOutcome::TimedOut;
        while started.elapsed() < timeout {
            if stop() {
                outcome = IdleOutcome::Stopped;
                break;
            }
            let left = timeout.saturating_sub(started.elapsed());
            let wait = poll.min(left).max(Duration::from_millis(10));
            let mut bye: Option<String> = None;
            let r = self.guard("wait for new mail (IDLE)", |s| {
                s.idle().timeout(wait).keepalive(false).wait_while(|resp| {
                    if let imap::types::UnsolicitedResponse::Bye { information, .. } = &resp {
                        bye = Some(information.clone().unwrap_or_default());
                        return false;
                    }
                    // Keep waiting through keep-alive chatter; stop on
                    // anything that changes the folder, and on an alert,
                    // which the user must see now, not at IDLE's renewal.
                    match resp {
                        imap::types::UnsolicitedResponse::Ok { code, .. } => {
                            !matches!(code, Some(imap_proto::ResponseCode::Alert))
                        }
                        imap::types::UnsolicitedResponse::Recent(_) => true,
                        _ => false,
                    }
                })
            });
            if let Some(sock) = &self.socket {
                let _ = sock.set_read_timeout(Some(read_timeout));
            }
            // The server ended the session (Microsoft 365 does so when the
            // access token expires): the caller signs in again.
            if let Some(info) = bye {
                self.inner = None;
                return Err(ImapError::Closed {
                    host: self.host.clone(),
                    action: format!(
                        "wait for new mail (IDLE) (server said BYE {})",
                        printable(&info)
                    ),
                });
            }
            match r? {
                imap::extensions::idle::WaitOutcome::MailboxChanged => {
                    outcome = IdleOutcome::Changed;
                    break;
                }
                imap::extensions::idle::WaitOutcome::TimedOut => {}
            }
        }
        Ok(outcome)
    }

    /// Appends a message to a folder; returns its UID when the server says
    /// (UIDPLUS).
    pub fn append(
        &mut self,
        folder: &str,
        raw: &[u8],
        flags: &[&str],
    ) -> Result<Option<u32>, ImapError> {
        let wire = mailbox::encode(folder);
        let appended = self.guard(&format!("append to folder {folder:?}"), |s| {
            let mut cmd = s.append(&wire, raw);
            for f in flags {
                cmd.flag(imap::types::Flag::from(*f));
            }
            cmd.finish()
        })?;
        Ok(appended
            .uids
            .and_then(|u| u.into_iter().next())
            .map(|m| match m {
                imap_proto::UidSetMember::Uid(u) => u,
                imap_proto::UidSetMember::UidRange(r) => *r.start(),
            }))
    }

    /// Creates a folder.
    pub fn create(&mut self, folder: &str) -> Result<(), ImapError> {
        let action = format!("create folder {folder:?}");
        let quoted = quote(&mailbox::encode(folder)).ok_or_else(|| ImapError::Refused {
            host: self.host.clone(),
            action: action.clone(),
            message: "the name contains a line break".into(),
        })?;
        self.raw(&action, &format!("CREATE {quoted}")).map(|_| ())
    }

    /// Every folder the server lists for this user (`LIST "" "*"`), names as
    /// the user reads them, in the server's order. Used to say which folders
    /// exist when a configured one does not.
    pub fn list_folders(&mut self) -> Result<Vec<ListedFolder>, ImapError> {
        let responses = self.raw("list folders", "LIST \"\" \"*\"")?;
        Ok(responses
            .into_iter()
            .filter_map(|r| match r {
                Response::MailboxData(MailboxDatum::List {
                    name_attributes,
                    name,
                    ..
                }) => {
                    use imap_proto::NameAttribute as A;
                    let selectable = !name_attributes.iter().any(|a| {
                        matches!(a, A::NoSelect)
                            || matches!(a, A::Extension(e) if e.eq_ignore_ascii_case("\\NonExistent"))
                    });
                    let special = name_attributes.iter().find_map(|a| match a {
                        A::Sent => Some("Sent"),
                        A::Drafts => Some("Drafts"),
                        A::Archive => Some("Archive"),
                        A::Junk => Some("Junk"),
                        A::Trash => Some("Trash"),
                        A::All => Some("All"),
                        A::Flagged => Some("Flagged"),
                        _ => None,
                    });
                    Some(ListedFolder {
                        name: mailbox::decode(&name),
                        selectable,
                        special,
                    })
                }
                _ => None,
            })
            .collect())
    }

    /// Removes one message of the selected folder: `\Deleted`, then `UID
    /// EXPUNGE` of that UID alone (UIDPLUS), so that other messages someone
    /// marked deleted stay as they are. Without UIDPLUS the message keeps
    /// `\Deleted` for the user's client to expunge; returns whether it is gone.
    pub fn remove(&mut self, uid: u32) -> Result<bool, ImapError> {
        self.raw(
            &format!("mark UID {uid} deleted"),
            &format!("UID STORE {uid} +FLAGS.SILENT (\\Deleted)"),
        )?;
        if !self.has("UIDPLUS") {
            return Ok(false);
        }
        self.raw(&format!("expunge UID {uid}"), &format!("UID EXPUNGE {uid}"))?;
        Ok(true)
    }

    /// Sends NOOP (to pick up changes in the selected folder).
    pub fn noop(&mut self) -> Result<(), ImapError> {
        self.raw("check the connection (NOOP)", "NOOP").map(|_| ())
    }

    /// Says goodbye; errors are of no interest at that point.
    pub fn logout(mut self) {
        let _ = self.guard("log out", |s| s.logout());
    }
}

/// Flags without `\\Recent`, which belongs to one session and would make
/// every sync look like a change.
fn lasting_flags(v: Vec<std::borrow::Cow<'_, str>>) -> Vec<String> {
    v.into_iter()
        .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
        .map(|f| f.into_owned())
        .collect()
}

fn collect_changes(responses: Vec<Response<'static>>) -> Changes {
    let mut c = Changes::default();
    for r in responses {
        match r {
            Response::Fetch(_, attrs) => {
                let mut uid = 0;
                let mut flags = None;
                for a in attrs {
                    match a {
                        AttributeValue::Uid(u) => uid = u,
                        AttributeValue::Flags(v) => flags = Some(lasting_flags(v)),
                        _ => {}
                    }
                }
                if let (true, Some(flags)) = (uid != 0, flags) {
                    c.flags.push(FlagState { uid, flags });
                }
            }
            Response::Vanished { uids, .. } => {
                for r in uids {
                    c.vanished.extend(r);
                }
            }
            _ => {}
        }
    }
    c
}

/// A HIGHESTMODSEQ the RFC allows (1 to 2^63 - 1); others count as none.
fn valid_modseq(m: u64) -> Option<u64> {
    (m > 0 && m <= i64::MAX as u64).then_some(m)
}

/// Whether a refused SELECT says the folder is not there (or not ours to
/// read): the config names a wrong folder. Servers say it with a code
/// (RFC 5530 NONEXISTENT, TRYCREATE, NOPERM) or, older ones, in words.
fn names_missing_folder(c: &Completion) -> bool {
    if let Some(code) = &c.code {
        match code.as_str() {
            "NONEXISTENT" | "TRYCREATE" | "NOPERM" => return true,
            // Codes that say the server is at fault, whatever the words.
            "UNAVAILABLE" | "SERVERBUG" | "INUSE" | "LIMIT" | "OVERQUOTA" | "CONTACTADMIN"
            | "EXPUNGEISSUED" | "CORRUPTION" => return false,
            _ => {}
        }
    }
    let t = c.text.to_lowercase();
    [
        "no such",
        "doesn't exist",
        "does not exist",
        "not exist",
        "nonexistent",
        "non-existent",
        "unknown mailbox",
        "unknown folder",
        "mailbox not found",
        "folder not found",
        "invalid mailbox name",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The Message-ID in a header block, without angle brackets.
fn header_message_id(header: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    let mut value = String::new();
    let mut inside = false;
    for line in text.lines() {
        if inside && (line.starts_with(' ') || line.starts_with('\t')) {
            value.push_str(line.trim());
            continue;
        }
        if inside {
            break;
        }
        if let Some((name, v)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("message-id")
        {
            value.push_str(v.trim());
            inside = true;
        }
    }
    let v = value.trim().trim_start_matches('<');
    let v = v.split('>').next().unwrap_or("").trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// An IMAP quoted string, or None when the text cannot be quoted (CR, LF).
fn quote(s: &str) -> Option<String> {
    if s.contains(['\r', '\n']) {
        return None;
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    Some(q)
}

/// Why an XOAUTH2 or OAUTHBEARER sign-in failed: the mechanism refused
/// outright (NO before any challenge), or the token refused.
fn oauth2_error(
    host: &str,
    user: &str,
    sasl: &credential::OAuth2<'_>,
    e: imap::Error,
) -> ImapError {
    let mechanism = sasl.mechanism.name();
    let info = match &e {
        imap::Error::No(no) => Some(format!("NO {}", no.information)),
        imap::Error::Bad(bad) => Some(format!("BAD {}", bad.information)),
        _ => None,
    };
    let Some(info) = info else {
        return convert(host, "sign in", e);
    };
    let info = printable(&info);
    if sasl.rounds.get() == 0 {
        return ImapError::MechanismRefused {
            host: host.to_string(),
            mechanism,
            message: info,
        };
    }
    let message = match sasl.refusal.borrow().as_deref() {
        Some(status) if !status.is_empty() => format!("{info}; status {status}"),
        _ => info,
    };
    ImapError::TokenRefused {
        host: host.to_string(),
        user: user.to_string(),
        mechanism,
        message,
    }
}

/// Server text for an error message, without control characters.
fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

fn convert(host: &str, action: &str, e: imap::Error) -> ImapError {
    let host = host.to_string();
    let action = action.to_string();
    if let imap::Error::Io(io) = &e
        && let Some(limit) = reader::LimitError::of(io)
    {
        return match limit.clone() {
            reader::LimitError::LiteralTooLarge { size, limit, uid } => ImapError::TooLarge {
                host,
                action,
                uid,
                size,
                limit,
            },
            reader::LimitError::LineTooLong { limit } => ImapError::LineTooLong {
                host,
                action,
                limit,
            },
            reader::LimitError::TooSlow { secs } => ImapError::TooSlow { host, action, secs },
            reader::LimitError::Broken(why) => ImapError::Closed {
                host,
                action: format!("{action} (the connection was out of step: {why})"),
            },
        };
    }
    match e {
        imap::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            ImapError::Timeout { host, action }
        }
        imap::Error::Io(source) => ImapError::Io {
            host,
            action,
            source,
        },
        imap::Error::ConnectionLost => ImapError::Closed { host, action },
        imap::Error::No(no) => ImapError::Refused {
            host,
            action,
            message: format!("NO {}", server_text(no.information.as_bytes())),
        },
        imap::Error::Bad(bad) => ImapError::Refused {
            host,
            action,
            message: format!("BAD {}", server_text(bad.information.as_bytes())),
        },
        // The crate's BYE is made up: it raises it for a line its parser
        // cannot read (a real BYE is untagged and ends in ConnectionLost).
        imap::Error::Bye(bye) => ImapError::Protocol {
            host,
            action,
            message: if bye.code.is_none() && bye.information == "no explanation given" {
                "a line the IMAP library cannot parse".to_string()
            } else {
                format!("BYE {}", server_text(bye.information.as_bytes()))
            },
        },
        other => ImapError::Protocol {
            host,
            action,
            message: server_text(other.to_string().as_bytes()),
        },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_and_refuses_line_breaks() {
        assert_eq!(quote("Sent").as_deref(), Some("\"Sent\""));
        assert_eq!(quote("a\"b\\c").as_deref(), Some("\"a\\\"b\\\\c\""));
        assert_eq!(quote("a\r\nb"), None);
    }

    #[test]
    fn message_id_from_folded_header() {
        assert_eq!(
            header_message_id(b"Message-ID:\r\n <abc@example.com>\r\n\r\n").as_deref(),
            Some("abc@example.com")
        );
        assert_eq!(
            header_message_id(b"message-id: <x@y>\r\n\r\n").as_deref(),
            Some("x@y")
        );
        assert_eq!(header_message_id(b"\r\n"), None);
    }

    #[test]
    fn flag_changes_and_vanished_are_collected() {
        let r: Vec<Response<'static>> = [
            &b"* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n"[..],
            b"* VANISHED (EARLIER) 3:4\r\n",
        ]
        .iter()
        .map(|l| {
            imap_proto::parser::parse_response(l)
                .expect("test value")
                .1
                .into_owned()
        })
        .collect();
        let c = collect_changes(r);
        assert_eq!(
            c.flags,
            vec![FlagState {
                uid: 7,
                flags: vec!["\\Seen".into()]
            }]
        );
        assert_eq!(c.vanished, vec![3, 4]);
    }

    fn parse_or_panic(text: &[u8]) -> Result<bool, String> {
        catch_unwind(|| imap_proto::parser::parse_response(text).is_ok())
            .map_err(|p| crate::text::panic_text(&p))
    }

    #[test]
    fn answers_imap_proto_refuses_are_read_leniently() {
        quiet_imap_panics();
        let cases: [(&[u8], &[u8]); 3] = [
            // imap-proto panics on it.
            (
                b"* 2 FETCH (UID 7 INTERNALDATE NIL FLAGS (\\Seen) BODY[] {3}\r\nab\n)\r\n",
                b"",
            ),
            (
                b"* 2 FETCH (UID 7 FLAGS (\\Seen $\xc3\x86rlig \\Recent) BODY[] {3}\r\nab\n)\r\n",
                b"$\xc3\x86rlig",
            ),
            (
                b"* 2 FETCH (UID 7 BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 -1) FLAGS (\\Seen) BODY[] {3}\r\nab\n)\r\n",
                b"",
            ),
        ];
        for (text, keyword) in cases {
            assert_ne!(
                parse_or_panic(text),
                Ok(true),
                "imap-proto reads {text:?} now"
            );
            let a = salvage_fetch(text).expect("salvaged");
            assert_eq!((a.seq, a.uid), (2, Some(7)));
            assert_eq!(a.body, Some(Some(b"ab\n".to_vec())));
            let mut want = vec!["\\Seen".to_string()];
            if !keyword.is_empty() {
                want.push(String::from_utf8_lossy(keyword).into_owned());
            }
            assert_eq!(a.flags, want);
        }
        assert_eq!(
            parse_or_panic(b"* 2 FETCH (UID 7 INTERNALDATE NIL BODY[] {1}\r\nx)\r\n")
                .map_err(|_| ()),
            Err(()),
            "INTERNALDATE NIL is a panic in imap-proto"
        );
        // A miscounted literal runs into the next answer: refused, not
        // taken for this one.
        assert!(
            salvage_fetch(
                b"* 2 FETCH (UID 7 BODY[] {5}\r\nab\n)\r\n* 3 FETCH (UID 8 BODY[] {1}\r\nx)\r\n"
            )
            .is_none()
        );
        assert!(
            salvage_fetch(b"* 2 FETCH (UID 7 BODY[] NIL)\r\n")
                .is_some_and(|a| a.body == Some(None))
        );
        assert!(salvage_fetch(b"* OK hello\r\n").is_none());
    }

    #[test]
    fn completions_are_read_with_8bit_text_and_unknown_codes() {
        let c = Completion::parse(b"a3 NO [UNAVAILABLE] backend d\xf8d\r\n");
        assert_eq!(c.status, "NO");
        assert_eq!(c.code.as_deref(), Some("UNAVAILABLE"));
        assert_eq!(c.text, "NO [UNAVAILABLE] backend d\u{f8}d");
        assert!(!names_missing_folder(&c));
        let c = Completion::parse(b"a3 no [NONEXISTENT] Mailbox doesn't exist\r\n");
        assert_eq!(c.status, "NO");
        assert!(names_missing_folder(&c));
        let c = Completion::parse(b"a3 NO Mailbox does not exist: Nonesuch\r\n");
        assert_eq!(c.code, None);
        assert!(names_missing_folder(&c));
        let c = Completion::parse(b"a3 NO [X-FOO 1] internal error\r\n");
        assert_eq!(c.code.as_deref(), Some("X-FOO"));
        assert!(!names_missing_folder(&c));
        let c = Completion::parse(b"a3 OK\r\n");
        assert!(c.is_ok());
    }

    #[test]
    fn server_text_is_safe_and_reads_latin1() {
        assert_eq!(server_text(b" Caf\xe9 \r\n"), "Café");
        assert_eq!(server_text(b"a\x1b[2Jb\x07"), "a␛[2Jb␇");
        assert_eq!(server_text("x".repeat(400).as_bytes()).chars().count(), 301);
    }

    #[test]
    fn modseq_zero_and_beyond_63_bits_are_none() {
        assert_eq!(valid_modseq(0), None);
        assert_eq!(valid_modseq(1), Some(1));
        assert_eq!(valid_modseq(u64::MAX), None);
    }

    #[test]
    fn error_display_never_carries_control_characters() {
        let e = ImapError::Login {
            host: "h".into(),
            user: "u".into(),
            message: "\x1b]0;title\x07no".into(),
        };
        assert!(!e.to_string().contains('\x1b'), "{e}");
        let e = ImapError::Closed {
            host: "h".into(),
            action: "x \x1b[2J".into(),
        };
        assert!(!e.to_string().contains('\x1b'), "{e}");
    }

    #[test]
    fn password_debug_hides_it() {
        assert_eq!(
            format!("{:?}", Password::new("hunter2".into())),
            "Password(…)"
        );
    }

    #[test]
    fn exit_codes() {
        assert_eq!(ImapError::Password("x".into()).exit_code(), 2);
        let folder = |message: &str| (String::from("h"), String::from("f"), message.to_string());
        let (host, f, message) = folder("NO [UNAVAILABLE] backend down");
        assert_eq!(
            ImapError::FolderRefused {
                host,
                folder: f,
                message
            }
            .exit_code(),
            3
        );
        assert_eq!(
            ImapError::Timeout {
                host: "h".into(),
                action: "a".into()
            }
            .exit_code(),
            3
        );
    }
}
