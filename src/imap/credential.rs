//! What vsd signs in with: a password (IMAP LOGIN) or an OAuth2 access token
//! (SASL XOAUTH2 or OAUTHBEARER, RFC 7628), taken from the config at each
//! connect.
//!
//! Tokens expire within the hour, so [`credential`] runs `token_command` anew
//! for every connection and [`Credentials`] (what the sync worker keeps) never
//! holds a token across reconnects; a password is asked for once and kept in
//! memory until the server refuses it. Neither type shows its secret in
//! `Debug`, so a credential cannot reach a log or an error message.
//!
//! [`OAuth2`] is the SASL exchange for the imap crate's `authenticate`. A
//! server that refuses a token sends a further challenge holding a JSON error
//! (`{"status":"401",…}`) and waits for the client to answer it (an empty
//! response for XOAUTH2, `^A` for OAUTHBEARER) before its tagged NO; the
//! authenticator answers so, and keeps the error's `status` for the message.

use super::ImapError;
use crate::config::{AuthMethod, ImapConfig, is_loopback};
use crate::secret::{self, Secret};
use std::cell::{Cell, RefCell};

/// The IMAP password. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(Secret);

impl Password {
    pub fn new(s: String) -> Self {
        Password(Secret::new(s))
    }
    pub(crate) fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// The SASL mechanism an access token is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    XOAuth2,
    OAuthBearer,
}

impl Mechanism {
    /// The name in `AUTHENTICATE` and in `AUTH=` capabilities.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::XOAuth2 => "XOAUTH2",
            Mechanism::OAuthBearer => "OAUTHBEARER",
        }
    }
}

/// What signs in to the server. `Debug` shows the kind, never the secret.
#[derive(Clone)]
pub enum Credential {
    Password(Password),
    Token { mechanism: Mechanism, token: Secret },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Password(_) => f.write_str("Credential::Password(…)"),
            Credential::Token { mechanism, .. } => {
                write!(f, "Credential::Token({}, …)", mechanism.name())
            }
        }
    }
}

/// A borrowed view of a credential, for [`super::login`].
#[derive(Clone, Copy)]
pub enum SignIn<'a> {
    Password(&'a str),
    Token(Mechanism, &'a str),
}

/// Anything [`super::connect`] and [`super::login`] can sign in with: a
/// [`Password`] or a [`Credential`].
pub trait AsCredential {
    fn sign_in(&self) -> SignIn<'_>;
}

impl AsCredential for Password {
    fn sign_in(&self) -> SignIn<'_> {
        SignIn::Password(self.expose())
    }
}

impl AsCredential for Credential {
    fn sign_in(&self) -> SignIn<'_> {
        match self {
            Credential::Password(p) => SignIn::Password(p.expose()),
            Credential::Token { mechanism, token } => SignIn::Token(*mechanism, token.expose()),
        }
    }
}

/// The password from `password_command` (the first line it prints) or from
/// `password` (accepted by the config only for a loopback host).
pub fn password(cfg: &ImapConfig) -> Result<Password, ImapError> {
    if let Some(cmd) = &cfg.password_command {
        let s = secret::from_command("password_command", cmd)
            .map_err(|e| ImapError::Password(e.to_string()))?;
        return Ok(Password(s));
    }
    match &cfg.password {
        Some(p) if is_loopback(&cfg.host) => Ok(Password::new(p.clone())),
        Some(_) => Err(ImapError::Password(format!(
            "a password in the config file is accepted only for a loopback host, not {:?}: use password_command",
            cfg.host
        ))),
        None => Err(ImapError::Password(
            "no password_command in [imap]: add one whose first output line is the password".into(),
        )),
    }
}

/// The credential `auth` calls for, fetched now: the password, or a fresh
/// access token from `token_command`.
pub fn credential(cfg: &ImapConfig) -> Result<Credential, ImapError> {
    let mechanism = match cfg.auth {
        AuthMethod::Password => return password(cfg).map(Credential::Password),
        AuthMethod::Xoauth2 => Mechanism::XOAuth2,
        AuthMethod::Oauthbearer => Mechanism::OAuthBearer,
    };
    let Some(cmd) = &cfg.token_command else {
        return Err(ImapError::Token(format!(
            "auth = \"{}\" needs token_command in [imap]: a program whose first output line is an access token",
            cfg.auth.as_str()
        )));
    };
    let token =
        secret::from_command("token_command", cmd).map_err(|e| ImapError::Token(e.to_string()))?;
    Ok(Credential::Token { mechanism, token })
}

/// The credential a long-running sync signs in with at each connect: a
/// fresh token every time, a password once (asked again only after the
/// server refused it).
#[derive(Debug, Default)]
pub struct Credentials {
    password: Option<Password>,
}

impl Credentials {
    pub fn new() -> Self {
        Credentials::default()
    }

    /// The credential for the next connection.
    pub fn get(&mut self, cfg: &ImapConfig) -> Result<Credential, ImapError> {
        if cfg.auth == AuthMethod::Password {
            if let Some(p) = &self.password {
                return Ok(Credential::Password(p.clone()));
            }
            let p = password(cfg)?;
            self.password = Some(p.clone());
            return Ok(Credential::Password(p));
        }
        credential(cfg)
    }

    /// Connects with the credential for this connection. A refused password
    /// is forgotten, so the next attempt runs `password_command` again.
    pub fn connect(
        &mut self,
        cfg: &ImapConfig,
    ) -> Result<super::Session<super::Transport>, ImapError> {
        let c = self.get(cfg)?;
        let r = super::connect(cfg, &c);
        if matches!(r, Err(ImapError::Login { .. })) {
            self.password = None;
        }
        r
    }
}

/// The SASL client side of XOAUTH2 and OAUTHBEARER for
/// `imap::Client::authenticate`.
pub(crate) struct OAuth2<'a> {
    pub mechanism: Mechanism,
    pub user: &'a str,
    pub token: &'a str,
    pub host: &'a str,
    /// Named to the server by OAUTHBEARER when known.
    pub port: Option<u16>,
    /// How many challenges were answered.
    pub rounds: Cell<u32>,
    /// The `status` of the server's JSON error, when it sent one.
    pub refusal: RefCell<Option<String>>,
}

impl<'a> OAuth2<'a> {
    pub fn new(
        mechanism: Mechanism,
        user: &'a str,
        token: &'a str,
        host: &'a str,
        port: Option<u16>,
    ) -> Self {
        OAuth2 {
            mechanism,
            user,
            token,
            host,
            port,
            rounds: Cell::new(0),
            refusal: RefCell::new(None),
        }
    }

    /// The first client message.
    fn initial(&self) -> Vec<u8> {
        match self.mechanism {
            Mechanism::XOAuth2 => {
                format!("user={}\x01auth=Bearer {}\x01\x01", self.user, self.token).into_bytes()
            }
            Mechanism::OAuthBearer => {
                // RFC 7628 §3.1: the GS2 header's authzid escapes ',' and '='.
                let user = self.user.replace('=', "=3D").replace(',', "=2C");
                let port = self
                    .port
                    .map(|p| format!("port={p}\x01"))
                    .unwrap_or_default();
                format!(
                    "n,a={user},\x01host={}\x01{port}auth=Bearer {}\x01\x01",
                    self.host, self.token
                )
                .into_bytes()
            }
        }
    }
}

impl imap::Authenticator for OAuth2<'_> {
    type Response = Vec<u8>;

    fn process(&self, challenge: &[u8]) -> Vec<u8> {
        let round = self.rounds.get();
        self.rounds.set(round + 1);
        if round == 0 {
            return self.initial();
        }
        // Any later challenge is the server's error report; answering it is
        // what makes the server send its tagged NO instead of waiting.
        *self.refusal.borrow_mut() = Some(error_status(challenge));
        match self.mechanism {
            Mechanism::XOAuth2 => Vec::new(),
            Mechanism::OAuthBearer => vec![0x01],
        }
    }
}

/// The `status` of a SASL OAuth2 error challenge (`{"status":"invalid_token",…}`),
/// cleaned of anything a terminal would act on; empty when there is none.
fn error_status(challenge: &[u8]) -> String {
    let status = serde_json::from_slice::<serde_json::Value>(challenge)
        .ok()
        .and_then(|v| {
            v.get("status").map(|s| {
                s.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| s.to_string())
            })
        });
    status
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_debug_hides_it() {
        assert_eq!(
            format!("{:?}", Password::new("hunter2".into())),
            "Password(…)"
        );
    }
    use imap::Authenticator;

    #[test]
    fn debug_hides_every_secret() {
        let c = Credential::Token {
            mechanism: Mechanism::XOAuth2,
            token: Secret::new("ya29.secret".into()),
        };
        assert_eq!(format!("{c:?}"), "Credential::Token(XOAUTH2, …)");
        let p = Credential::Password(Password::new("hunter2".into()));
        assert_eq!(format!("{p:?}"), "Credential::Password(…)");
        assert!(!format!("{:?}", Credentials::default()).contains("hunter2"));
    }

    #[test]
    fn xoauth2_initial_response_and_error_answer() {
        let a = OAuth2::new(Mechanism::XOAuth2, "u@example.com", "tok", "h", Some(993));
        assert_eq!(
            a.process(b""),
            b"user=u@example.com\x01auth=Bearer tok\x01\x01"
        );
        let answer = a.process(br#"{"status":"401","schemes":"bearer","scope":"mail"}"#);
        assert_eq!(answer, b"");
        assert_eq!(a.refusal.borrow().as_deref(), Some("401"));
    }

    #[test]
    fn oauthbearer_initial_response_escapes_authzid_and_answers_with_ctrl_a() {
        let a = OAuth2::new(
            Mechanism::OAuthBearer,
            "a,b=c@example.com",
            "tok",
            "imap.example.com",
            Some(993),
        );
        assert_eq!(
            a.process(b""),
            b"n,a=a=2Cb=3Dc@example.com,\x01host=imap.example.com\x01port=993\x01auth=Bearer tok\x01\x01"
        );
        assert_eq!(
            a.process(b"{\"status\":\"invalid_token\\u001b[2J\"}"),
            vec![0x01]
        );
        assert_eq!(a.refusal.borrow().as_deref(), Some("invalid_token[2J"));
    }
}
