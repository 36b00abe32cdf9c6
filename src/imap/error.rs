//! Why talking to the IMAP server failed: [`ImapError`], its exit code, and
//! the translation of the `imap` crate's errors (and of the reader's limits)
//! into it. Every text the server supplied passes through
//! [`crate::text::sanitize`] before it reaches `Display`.

use super::{credential, reader, response::server_text, transport};
use crate::text::sanitize::sanitize;

/// Why talking to the IMAP server failed.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot connect to {host}:{port}: {cause}{}", transport::connect_advice(.cause))]
    Connect {
        host: String,
        port: u16,
        cause: std::io::Error,
    },
    #[error("cannot find the server {host:?}: {cause} (check host under [imap])")]
    Resolve { host: String, cause: std::io::Error },
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
    #[error("cannot {action} on {host}: {cause}")]
    Io {
        host: String,
        action: String,
        cause: std::io::Error,
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
    /// A problem in the configuration, or a server that refused or could
    /// not be reached.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            ImapError::CaFile { .. }
            | ImapError::Password(_)
            | ImapError::Token(_)
            | ImapError::NoFolder { .. } => ErrorKind::Usage,
            // FolderRefused, like every other refusal, is the server's.
            _ => ErrorKind::Server,
        }
    }

    /// The process exit code of [`ImapError::kind`].
    pub fn exit_code(&self) -> i32 {
        i32::from(self.kind().exit_code())
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

    /// True when the connection ended or broke under a command: the same
    /// server may well answer on a new one, unlike a lie or a stall, which
    /// would only come again.
    pub fn is_dropped(&self) -> bool {
        matches!(self, ImapError::Closed { .. } | ImapError::Io { .. })
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

/// Why an XOAUTH2 or OAUTHBEARER sign-in failed: the mechanism refused
/// outright (NO before any challenge), or the token refused.
pub(super) fn oauth2_error(
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
pub(super) fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

pub(super) fn convert(host: &str, action: &str, e: imap::Error) -> ImapError {
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
            cause: source,
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

#[cfg(test)]
mod tests {
    use super::*;

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
