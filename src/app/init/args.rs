//! `vsd init`'s flags ([`InitArgs`]) and the kinds they choose among: the
//! account's preset, how vsd signs in, and the TLS mode.

use crate::config::TlsMode;
use std::path::PathBuf;

/// The account's kind: a provider whose settings vsd knows, or any IMAP host.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Microsoft 365 / Exchange Online.
    M365,
    /// Gmail and Google Workspace.
    Gmail,
    /// Any IMAP server.
    Imap,
}

impl Preset {
    pub(super) fn name(self) -> &'static str {
        match self {
            Preset::M365 => "m365",
            Preset::Gmail => "gmail",
            Preset::Imap => "imap",
        }
    }

    pub(super) fn title(self) -> &'static str {
        match self {
            Preset::M365 => "Microsoft 365",
            Preset::Gmail => "Gmail",
            Preset::Imap => "an IMAP server",
        }
    }
}

/// How vsd signs in (the `auth` key of CONTRACT.md).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// A password from password_command.
    Password,
    /// An OAuth2 access token from token_command, over SASL XOAUTH2.
    Xoauth2,
    /// An OAuth2 access token from token_command, over SASL OAUTHBEARER.
    Oauthbearer,
}

impl Auth {
    pub(super) fn name(self) -> &'static str {
        match self {
            Auth::Password => "password",
            Auth::Xoauth2 => "xoauth2",
            Auth::Oauthbearer => "oauthbearer",
        }
    }

    /// The key that names the command printing the secret.
    pub(super) fn command_key(self) -> &'static str {
        match self {
            Auth::Password => "password_command",
            Auth::Xoauth2 | Auth::Oauthbearer => "token_command",
        }
    }
}

/// `tls` as a flag value.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls {
    Implicit,
    Starttls,
    None,
}

impl From<Tls> for TlsMode {
    fn from(t: Tls) -> TlsMode {
        match t {
            Tls::Implicit => TlsMode::Implicit,
            Tls::Starttls => TlsMode::Starttls,
            Tls::None => TlsMode::None,
        }
    }
}

pub(super) fn tls_name(t: TlsMode) -> &'static str {
    match t {
        TlsMode::Implicit => "implicit",
        TlsMode::Starttls => "starttls",
        TlsMode::None => "none",
    }
}

/// `vsd init`'s flags; what is not given is asked on a terminal, or taken
/// from the preset, or refused naming the flag.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct InitArgs {
    /// The account's provider: m365 (Microsoft 365), gmail, or imap (any IMAP host).
    #[arg(long, value_enum)]
    pub preset: Option<Preset>,
    /// The IMAP server (implies --preset imap when no preset is given).
    #[arg(long, value_name = "HOST")]
    pub host: Option<String>,
    /// The IMAP port (default: 993 with implicit TLS, else 143).
    #[arg(long)]
    pub port: Option<u16>,
    /// How the IMAP connection is secured (none only for a loopback host).
    #[arg(long, value_enum)]
    pub tls: Option<Tls>,
    /// The mailbox's user name, usually its address.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// How vsd signs in (default: xoauth2 for m365 and gmail, else password).
    #[arg(long, value_enum, value_name = "A")]
    pub auth: Option<Auth>,
    /// A command whose first output line is the password (with --auth password).
    #[arg(long, value_name = "CMD")]
    pub password_command: Option<String>,
    /// A command whose first output line is an OAuth2 access token (xoauth2, oauthbearer).
    #[arg(long, value_name = "CMD")]
    pub token_command: Option<String>,
    /// The folders to sync, comma-separated (default: the preset's inbox and sent folder).
    #[arg(long, value_name = "F,F", value_delimiter = ',')]
    pub folders: Vec<String>,
    /// Where `vsd draft --save` puts drafts (default: the preset's).
    #[arg(long, value_name = "F")]
    pub drafts_folder: Option<String>,
    /// Extra trusted certificates (PEM), for a server with a certificate of its own CA.
    #[arg(long, value_name = "PATH")]
    pub ca_file: Option<PathBuf>,
    /// Who the desk is: addresses or "*@domain", comma-separated (default: "*@vipps.no").
    #[arg(long, value_name = "ADDR", value_delimiter = ',')]
    pub desk: Vec<String>,
    /// Who the team is: addresses or "*@domain", comma-separated (default: "*@" and the user's domain).
    #[arg(long, value_name = "ADDR", value_delimiter = ',')]
    pub team: Vec<String>,
    /// The From of drafts, e.g. "Ola Nordmann <ola@example.com>" (default: the user).
    #[arg(long, value_name = "ADDR")]
    pub from: Option<String>,
    /// The SMTP server for sending (the presets name their own).
    #[arg(long, value_name = "HOST")]
    pub smtp_host: Option<String>,
    /// The SMTP port (default: 465 with implicit TLS, else 587).
    #[arg(long, value_name = "PORT")]
    pub smtp_port: Option<u16>,
    /// How the SMTP connection is secured (default: the preset's, else starttls).
    #[arg(long, value_enum, value_name = "TLS")]
    pub smtp_tls: Option<Tls>,
    /// Write no [smtp] section (vsd then drafts only).
    #[arg(long, conflicts_with_all = ["smtp_host", "smtp_port", "smtp_tls"])]
    pub no_smtp: bool,
    /// Replace an existing config.
    #[arg(long)]
    pub force: bool,
    /// Write the config without connecting to the server.
    #[arg(long)]
    pub no_check: bool,
}
