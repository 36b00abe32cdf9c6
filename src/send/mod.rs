//! Sending a draft: the message as it goes out ([`Outgoing`]: the envelope
//! sender, the envelope recipients from To, Cc and Bcc, and the bytes with
//! Bcc removed), and the two transports `[smtp]` may name: SMTP submission
//! ([`smtp`], through lettre with rustls, failing closed when TLS cannot be
//! had) or a sendmail-compatible program ([`sendmail`], run without a
//! shell). Network and process I/O only: the record that keeps a draft from
//! going out twice lives in the store, and the order of the steps around a
//! send in `app`.

pub mod sendmail;
pub mod smtp;

use crate::config::{AuthMethod, Config, TlsMode, is_loopback};
pub use crate::secret::Secret;
use std::path::PathBuf;
use std::time::Duration;

/// Why a message could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("cannot send {origin}: {message}")]
    Message { origin: String, message: String },
    #[error("cannot send: {0}")]
    Config(String),
    #[error("cannot get the SMTP {what}: {message}")]
    Secret { what: &'static str, message: String },
    #[error("cannot connect to the SMTP server {host}:{port}: {message}")]
    Connect {
        host: String,
        port: u16,
        message: String,
    },
    #[error("cannot secure the connection to the SMTP server {host}: {message}")]
    Tls { host: String, message: String },
    #[error(
        "cannot use STARTTLS with the SMTP server {host}: {reason}; stopped before sending the password \
         (use tls = \"implicit\" and port 465 if the server offers it)"
    )]
    StartTls { host: String, reason: String },
    #[error("cannot sign in to the SMTP server {host} as {user}: {message}")]
    Auth {
        host: String,
        user: String,
        message: String,
    },
    #[error("the SMTP server {host} refused the message: {message}")]
    Refused { host: String, message: String },
    /// The message was handed over but no answer came: it may have gone out.
    #[error(
        "no answer from the SMTP server {host} after the message was handed over ({message}): it may have been sent"
    )]
    Unknown { host: String, message: String },
    #[error("cannot run the sendmail command {program:?}: {message}")]
    Program { program: String, message: String },
    #[error("the sendmail command {program:?} failed ({status}){stderr}")]
    ProgramFailed {
        program: String,
        status: String,
        stderr: String,
    },
}

impl SendError {
    /// A problem of the message or the configuration, or a server or
    /// program that refused or could not be reached.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            SendError::Message { .. } | SendError::Config(_) | SendError::Secret { .. } => {
                ErrorKind::Usage
            }
            _ => ErrorKind::Server,
        }
    }

    /// The process exit code of [`SendError::kind`].
    pub fn exit_code(&self) -> u8 {
        self.kind().exit_code()
    }

    /// True when the message may have gone out despite the error, so that a
    /// second try could deliver it twice.
    pub fn maybe_sent(&self) -> bool {
        matches!(self, SendError::Unknown { .. })
    }
}

/// The message as it goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Without angle brackets.
    pub message_id: String,
    /// The envelope sender: the From address.
    pub from: String,
    /// To, Cc and Bcc, each address once, in that order.
    pub envelope_to: Vec<String>,
    /// How many of `envelope_to` came from Bcc only.
    pub bcc_count: usize,
    /// The message without its Bcc header.
    pub bytes: Vec<u8>,
}

impl Outgoing {
    /// Reads a draft: From, To, Cc, Bcc and Message-ID from its header, and
    /// its bytes without Bcc. `origin` names it in errors.
    pub fn from_draft(raw: &[u8], origin: &str) -> Result<Outgoing, SendError> {
        let fail = |message: String| SendError::Message {
            origin: origin.to_string(),
            message,
        };
        let (headers, _) = mailparse::parse_headers(raw)
            .map_err(|e| fail(format!("its header cannot be read: {e}")))?;
        let mut warnings = Vec::new();
        let addresses = |name: &str, warnings: &mut Vec<String>| -> Vec<String> {
            headers
                .iter()
                .filter(|h| h.get_key_ref().eq_ignore_ascii_case(name))
                .flat_map(|h| crate::mail::parse::parse_addresses(&h.get_value(), warnings))
                .map(|a| a.email)
                .collect()
        };
        let from = addresses("From", &mut warnings);
        let from = match from.as_slice() {
            [one] if crate::draft::is_plain_email(one) => one.clone(),
            [] => return Err(fail("it has no From address".into())),
            _ => {
                return Err(fail("its From header must name exactly one address".into()));
            }
        };
        let message_id = headers
            .iter()
            .find(|h| h.get_key_ref().eq_ignore_ascii_case("Message-ID"))
            .map(|h| crate::mail::parse::parse_ids(&h.get_value()))
            .and_then(|ids| ids.into_iter().next())
            .ok_or_else(|| {
                fail(
                    "it has no Message-ID (vsd records each send by it; draft it with vsd draft)"
                        .into(),
                )
            })?;
        let mut envelope_to: Vec<String> = Vec::new();
        let mut bcc_count = 0;
        for (name, is_bcc) in [("To", false), ("Cc", false), ("Bcc", true)] {
            for a in addresses(name, &mut warnings) {
                if !crate::draft::is_plain_email(&a) {
                    return Err(fail(format!("{a:?} in {name} is not an address")));
                }
                if !envelope_to.contains(&a) {
                    envelope_to.push(a);
                    if is_bcc {
                        bcc_count += 1;
                    }
                }
            }
        }
        if envelope_to.is_empty() {
            return Err(fail("it has no recipient in To, Cc or Bcc".into()));
        }
        Ok(Outgoing {
            message_id,
            from,
            envelope_to,
            bcc_count,
            bytes: without_header(raw, "Bcc"),
        })
    }
}

/// The message without every occurrence of header `name` (with its folded
/// continuation lines); the body and every other byte are kept as they are.
pub fn without_header(raw: &[u8], name: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    let mut dropping = false;
    while !rest.is_empty() {
        let end = memchr::memchr(b'\n', rest)
            .map(|i| i + 1)
            .unwrap_or(rest.len());
        let (line, tail) = rest.split_at(end);
        let bare = line.strip_suffix(b"\n").unwrap_or(line);
        let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
        if bare.is_empty() {
            // The blank line that ends the header: the body follows untouched.
            out.extend_from_slice(rest);
            return out;
        }
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        if !continuation {
            dropping = line
                .iter()
                .position(|&b| b == b':')
                .is_some_and(|c| line[..c].trim_ascii().eq_ignore_ascii_case(name.as_bytes()));
        }
        if !dropping {
            out.extend_from_slice(line);
        }
        rest = tail;
    }
    out
}

/// How a message leaves: the SMTP server, or a program.
#[derive(Debug, Clone)]
pub enum Transport {
    Smtp(SmtpPlan),
    Sendmail { program: String, args: Vec<String> },
}

/// Everything SMTP submission needs, from `[smtp]` with `[imap]` defaults.
#[derive(Debug, Clone)]
pub struct SmtpPlan {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub ca_file: Option<PathBuf>,
    /// None: no AUTH (a relay that needs none).
    pub user: Option<String>,
    pub auth: AuthMethod,
    pub timeout: Duration,
}

impl Transport {
    /// The transport `[smtp]` names. `[smtp]` may leave `user` and `ca_file`
    /// to `[imap]`.
    pub fn from_config(cfg: &Config) -> Result<Transport, SendError> {
        let Some(smtp) = &cfg.smtp else {
            return Err(SendError::Config(
                "no [smtp] section in the config: add host = \"…\" (or sendmail_command = \"…\") under [smtp]"
                    .into(),
            ));
        };
        if let Some(cmd) = &smtp.sendmail_command {
            let mut words = split_command(cmd).map_err(SendError::Config)?;
            if words.is_empty() {
                return Err(SendError::Config("sendmail_command is empty".into()));
            }
            let program = words.remove(0);
            return Ok(Transport::Sendmail {
                program,
                args: words,
            });
        }
        let host = smtp
            .host
            .clone()
            .ok_or_else(|| SendError::Config("[smtp] has no host".into()))?;
        if smtp.tls == TlsMode::None && !is_loopback(&host) {
            return Err(SendError::Config(format!(
                "tls = \"none\" is refused for {host:?}: only a loopback host may be reached unencrypted"
            )));
        }
        let has_credentials = smtp.password.is_some()
            || smtp.password_command.is_some()
            || smtp.token_command.is_some();
        let user = smtp
            .user
            .clone()
            .or_else(|| cfg.imap.as_ref().map(|i| i.user.clone()))
            .filter(|_| has_credentials || smtp.user.is_some());
        Ok(Transport::Smtp(SmtpPlan {
            port: smtp.port(),
            tls: smtp.tls,
            ca_file: smtp
                .ca_file
                .clone()
                .or_else(|| cfg.imap.as_ref().and_then(|i| i.ca_file.clone())),
            user,
            auth: smtp.auth,
            timeout: Duration::from_secs(smtp.timeout_secs.max(1)),
            host,
        }))
    }

    /// In words, for the send record and the event log.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(p) => format!("smtp {}:{}", p.host, p.port),
            Transport::Sendmail { program, .. } => format!("sendmail {program}"),
        }
    }

    /// The password or token the transport needs, from the config's
    /// command (its first output line) or, on loopback, the file.
    pub fn secret(&self, cfg: &Config) -> Result<Option<Secret>, SendError> {
        let (Transport::Smtp(plan), Some(smtp)) = (self, &cfg.smtp) else {
            return Ok(None);
        };
        if plan.user.is_none() {
            return Ok(None);
        }
        match plan.auth {
            AuthMethod::Password => {
                if let Some(cmd) = &smtp.password_command {
                    return first_line_of("password", "password_command", cmd).map(Some);
                }
                match &smtp.password {
                    Some(p) if is_loopback(&plan.host) => Ok(Some(Secret::new(p.clone()))),
                    Some(_) => Err(SendError::Secret {
                        what: "password",
                        message: "a password in the config file is accepted only for a loopback host: use password_command".into(),
                    }),
                    None => Err(SendError::Secret {
                        what: "password",
                        message: "no password_command under [smtp]: add one whose first output line is the password".into(),
                    }),
                }
            }
            AuthMethod::Xoauth2 | AuthMethod::Oauthbearer => {
                let cmd = smtp.token_command.as_deref().ok_or_else(|| SendError::Secret {
                    what: "access token",
                    message: "no token_command under [smtp]: add one whose first output line is the access token".into(),
                })?;
                first_line_of("access token", "token_command", cmd).map(Some)
            }
        }
    }

    /// Sends the message. Returns the server's or the program's answer.
    pub fn send(&self, msg: &Outgoing, secret: Option<&Secret>) -> Result<String, SendError> {
        match self {
            Transport::Smtp(plan) => smtp::send(plan, msg, secret),
            Transport::Sendmail { program, args } => sendmail::send(program, args, msg),
        }
    }
}

/// The first line `cmd` prints (see [`crate::secret`]).
fn first_line_of(what: &'static str, key: &str, cmd: &str) -> Result<Secret, SendError> {
    crate::secret::from_command(key, cmd).map_err(|e| SendError::Secret {
        what,
        message: e.to_string(),
    })
}

/// Splits a command line into words without a shell: white space separates,
/// single and double quotes group, a backslash escapes the next character
/// (outside single quotes).
pub fn split_command(cmd: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed ' in the command {cmd:?}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c) => word.push(c),
                            None => return Err(format!("unclosed \" in the command {cmd:?}")),
                        },
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed \" in the command {cmd:?}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &[u8] = b"From: Ola <ola@example.com>\r\nTo: desk@vipps.no\r\nCc: Kari <kari@example.com>, desk@vipps.no\r\nBcc: boss@example.com,\r\n  audit@example.com\r\nMessage-ID: <d1@example.com>\r\nSubject: Re: [VSD-1] x\r\n\r\nBcc: this line is body text\r\n";

    #[test]
    fn envelope_from_to_cc_and_bcc_and_no_bcc_in_the_bytes() {
        let o = Outgoing::from_draft(DRAFT, "d.eml").expect("reads");
        assert_eq!(o.from, "ola@example.com");
        assert_eq!(o.message_id, "d1@example.com");
        assert_eq!(
            o.envelope_to,
            [
                "desk@vipps.no",
                "kari@example.com",
                "boss@example.com",
                "audit@example.com"
            ]
        );
        assert_eq!(o.bcc_count, 2);
        let text = String::from_utf8(o.bytes).expect("utf-8");
        assert_eq!(
            text,
            "From: Ola <ola@example.com>\r\nTo: desk@vipps.no\r\nCc: Kari <kari@example.com>, desk@vipps.no\r\nMessage-ID: <d1@example.com>\r\nSubject: Re: [VSD-1] x\r\n\r\nBcc: this line is body text\r\n"
        );
    }

    #[test]
    fn a_draft_without_recipients_or_message_id_is_refused() {
        let e = Outgoing::from_draft(
            b"From: a@example.com\r\nMessage-ID: <x@y>\r\n\r\nhi\r\n",
            "d.eml",
        )
        .expect_err("refused");
        assert!(e.to_string().contains("no recipient"), "{e}");
        let e = Outgoing::from_draft(
            b"From: a@example.com\r\nTo: b@example.com\r\n\r\nhi\r\n",
            "d.eml",
        )
        .expect_err("refused");
        assert!(e.to_string().contains("no Message-ID"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn commands_split_without_a_shell() {
        assert_eq!(
            split_command("msmtp -a work").expect("splits"),
            ["msmtp", "-a", "work"]
        );
        assert_eq!(
            split_command(r#"/opt/my mail/send "a b" 'c "d"' e\ f $HOME"#).expect("splits"),
            ["/opt/my", "mail/send", "a b", "c \"d\"", "e f", "$HOME"]
        );
        assert!(split_command("msmtp 'open").is_err());
    }
}
