//! `vsd init`: the first run. It gathers the account (a preset for
//! Microsoft 365 or Gmail, or a plain IMAP host), how vsd signs in, the
//! folders, who the desk is (a domain, so every address the desk sends from
//! counts) and who the team is, and SMTP for sending; from flags, or by
//! asking line by line when stdin is a terminal. It writes a commented config
//! (0600, at the XDG path or `--config`), never over an existing one without
//! `--force`, then loads what it wrote, connects, lists the server's folders
//! when a configured one is missing, and says what to run next.
//!
//! Gathering ([`gather`]) and writing the text ([`render`]) do no I/O, so the
//! questions and the file are tested without a terminal or a server.

use super::{Failure, Paths};
use crate::config::{Config, TlsMode, is_loopback};
use crate::imap::{self, ImapError, ListedFolder};
use anyhow::Context;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

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
    fn name(self) -> &'static str {
        match self {
            Preset::M365 => "m365",
            Preset::Gmail => "gmail",
            Preset::Imap => "imap",
        }
    }

    fn title(self) -> &'static str {
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
    fn name(self) -> &'static str {
        match self {
            Auth::Password => "password",
            Auth::Xoauth2 => "xoauth2",
            Auth::Oauthbearer => "oauthbearer",
        }
    }

    /// The key that names the command printing the secret.
    fn command_key(self) -> &'static str {
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

fn tls_name(t: TlsMode) -> &'static str {
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

/// The SMTP part of the answers; user and credential are the IMAP ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpAnswers {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
}

/// Everything the config is written from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub preset: Preset,
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: String,
    pub auth: Auth,
    /// The password_command or token_command, as `auth` calls for.
    pub secret_command: String,
    pub folders: Vec<String>,
    pub drafts_folder: String,
    pub ca_file: Option<PathBuf>,
    pub desk: Vec<String>,
    pub team: Vec<String>,
    pub from: Option<String>,
    pub smtp: Option<SmtpAnswers>,
}

/// Asks the user one question; the answer is trimmed, and empty means the
/// default (or, with none, that the user gave nothing).
pub trait Ask {
    fn ask(&mut self, question: &str, default: Option<&str>) -> anyhow::Result<String>;
}

/// Plain line prompts: the question on one stream (stderr), the answer
/// read from another (stdin).
pub struct LinePrompt<'a> {
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
}

impl Ask for LinePrompt<'_> {
    fn ask(&mut self, question: &str, default: Option<&str>) -> anyhow::Result<String> {
        match default {
            Some(d) if !d.is_empty() => write!(self.out, "{question} [{d}]: ")?,
            _ => write!(self.out, "{question}: ")?,
        }
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.out)?;
            return Err(Failure::Usage(
                "vsd init stopped: the input ended before every question was answered (nothing was written)"
                    .into(),
            )
            .into());
        }
        let answer = line.trim();
        Ok(if answer.is_empty() {
            default.unwrap_or("").to_string()
        } else {
            answer.to_string()
        })
    }
}

/// What a preset fixes.
struct PresetDefaults {
    host: Option<&'static str>,
    tls: TlsMode,
    auth: Auth,
    folders: &'static [&'static str],
    drafts_folder: &'static str,
    smtp: Option<(&'static str, u16, TlsMode)>,
    token_hint: &'static str,
}

fn preset_defaults(p: Preset) -> PresetDefaults {
    match p {
        Preset::M365 => PresetDefaults {
            host: Some("outlook.office365.com"),
            tls: TlsMode::Implicit,
            auth: Auth::Xoauth2,
            folders: &["INBOX", "Sent Items"],
            drafts_folder: "Drafts",
            smtp: Some(("smtp.office365.com", 587, TlsMode::Starttls)),
            token_hint: "oama access USER",
        },
        Preset::Gmail => PresetDefaults {
            host: Some("imap.gmail.com"),
            tls: TlsMode::Implicit,
            auth: Auth::Xoauth2,
            folders: &["INBOX", "[Gmail]/Sent Mail"],
            drafts_folder: "[Gmail]/Drafts",
            smtp: Some(("smtp.gmail.com", 465, TlsMode::Implicit)),
            token_hint: "oama access USER",
        },
        Preset::Imap => PresetDefaults {
            host: None,
            tls: TlsMode::Implicit,
            auth: Auth::Password,
            folders: &["INBOX", "Sent"],
            drafts_folder: "Drafts",
            smtp: None,
            token_hint: "oama access USER",
        },
    }
}

fn imap_port(tls: TlsMode) -> u16 {
    match tls {
        TlsMode::Implicit => 993,
        TlsMode::Starttls | TlsMode::None => 143,
    }
}

fn smtp_port(tls: TlsMode) -> u16 {
    match tls {
        TlsMode::Implicit => 465,
        TlsMode::Starttls | TlsMode::None => 587,
    }
}

/// Mail domains shared by many people: a team there is its own address, not
/// the whole domain.
const PUBLIC_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "yahoo.com",
];

/// The team a user probably belongs to: `*@` their domain, or just them on a
/// public mail service.
fn team_default(user: &str) -> Option<String> {
    let (_, domain) = user.rsplit_once('@')?;
    let domain = domain.trim().to_ascii_lowercase();
    if domain.is_empty() || !domain.contains('.') {
        return None;
    }
    Some(if PUBLIC_DOMAINS.contains(&domain.as_str()) {
        user.trim().to_string()
    } else {
        format!("*@{domain}")
    })
}

/// The desk vsd was made for: every address of Vipps' domain.
pub const DEFAULT_DESK: &str = "*@vipps.no";

fn missing(flag: &str, what: &str) -> anyhow::Error {
    let mut chars = what.chars();
    let what: String = chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    Failure::Usage(format!(
        "vsd init needs {flag}, {what}: stdin is not a terminal, so vsd cannot ask; nothing was written"
    ))
    .into()
}

/// One value: the flag's, else an answer (on a terminal), else the default;
/// `None` when the value is optional and nobody gave one.
fn value(
    ask: &mut Option<&mut dyn Ask>,
    given: Option<String>,
    flag: &str,
    question: &str,
    default: Option<String>,
    required: bool,
) -> anyhow::Result<Option<String>> {
    if let Some(v) = given
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    {
        return Ok(Some(v));
    }
    let Some(a) = ask.as_deref_mut() else {
        return match default {
            Some(d) => Ok(Some(d)),
            None if required => Err(missing(flag, question)),
            None => Ok(None),
        };
    };
    // A required value is asked again until it is given (the input ending
    // stops the asking).
    loop {
        let answer = a.ask(question, default.as_deref())?;
        if !answer.is_empty() {
            return Ok(Some(answer));
        }
        if !required {
            return Ok(None);
        }
    }
}

/// A value from a fixed set, asked again when the answer is not one of them.
fn choice<T: clap::ValueEnum>(
    ask: &mut Option<&mut dyn Ask>,
    given: Option<T>,
    question: &str,
    default: T,
) -> anyhow::Result<T> {
    if let Some(v) = given {
        return Ok(v);
    }
    let Some(a) = ask.as_deref_mut() else {
        return Ok(default);
    };
    let names: Vec<String> = T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
        .collect();
    let default_name = default
        .to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default();
    let question = format!("{question} ({})", names.join(", "));
    loop {
        let answer = a.ask(&question, Some(&default_name))?;
        if let Ok(v) = T::from_str(&answer, true) {
            return Ok(v);
        }
    }
}

fn list(values: Vec<String>) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Gathers the answers from the flags, the preset and, when `ask` is given
/// (stdin is a terminal), the user. Nothing is read or written besides the
/// questions.
pub fn gather(args: InitArgs, ask: Option<&mut dyn Ask>) -> anyhow::Result<Answers> {
    // Given all it needs, init asks nothing, on a terminal too: a command
    // line typed in full (or pasted from a colleague) runs straight through.
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let complete = (args.preset.is_some_and(|p| p != Preset::Imap) || given(&args.host))
        && given(&args.user)
        && match args.auth {
            Some(Auth::Password) => given(&args.password_command),
            Some(_) => given(&args.token_command),
            None => given(&args.password_command) || given(&args.token_command),
        };
    let mut ask = if complete { None } else { ask };
    let preset = match (args.preset, &args.host) {
        (Some(p), _) => p,
        (None, Some(_)) => Preset::Imap,
        (None, None) => {
            if ask.is_none() {
                return Err(missing(
                    "--preset m365|gmail|imap (or --host)",
                    "the kind of account",
                ));
            }
            choice(&mut ask, None, "Account", Preset::Imap)?
        }
    };
    let pd = preset_defaults(preset);
    let host = value(
        &mut ask,
        args.host,
        "--host",
        "IMAP server",
        pd.host.map(str::to_string),
        true,
    )?
    .unwrap_or_default();
    // A preset knows how its server is reached; for a host of the user's
    // own, tls and port are asked.
    let mut q = Questions {
        imap: preset == Preset::Imap && ask.is_some(),
        ask,
        none: None,
    };
    let (tls, port) = q.reach(&pd, &host, args.tls, args.port)?;
    let user = value(
        q.any(),
        args.user,
        "--user",
        "User name, usually the mailbox's address",
        None,
        true,
    )?
    .unwrap_or_default();
    let (auth, secret_command) = q.sign_in(
        &pd,
        &user,
        args.auth,
        args.password_command,
        args.token_command,
    )?;
    let folders = match list(args.folders) {
        f if f.is_empty() => pd.folders.iter().map(|s| s.to_string()).collect(),
        f => f,
    };
    let drafts_folder = args
        .drafts_folder
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| pd.drafts_folder.to_string());
    let desk = q.addresses(
        args.desk,
        "--desk",
        "The desk's addresses; \"*@domain\" counts every address of the domain",
        Some(DEFAULT_DESK.to_string()),
    )?;
    let team = q.addresses(
        args.team,
        "--team",
        "The team's addresses; \"*@domain\" counts every address of the domain",
        team_default(&user),
    )?;
    let smtp = if args.no_smtp {
        None
    } else {
        q.smtp(&pd, args.smtp_host, args.smtp_tls, args.smtp_port)?
    };
    let answers = Answers {
        preset,
        host,
        port,
        tls,
        user,
        auth,
        secret_command,
        folders,
        drafts_folder,
        ca_file: args.ca_file,
        desk,
        team,
        from: args
            .from
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty()),
        smtp,
    };
    check_answers(&answers)?;
    Ok(answers)
}

/// Who answers `vsd init`'s questions: the user at a terminal (or no one),
/// and whether the questions of a server of the user's own (TLS, port, how
/// to sign in, SMTP) are asked, which a preset answers itself.
struct Questions<'a> {
    ask: Option<&'a mut dyn Ask>,
    /// Always no one: where the server's questions go when they are not
    /// asked.
    none: Option<&'a mut dyn Ask>,
    imap: bool,
}

impl<'a> Questions<'a> {
    fn any(&mut self) -> &mut Option<&'a mut dyn Ask> {
        &mut self.ask
    }

    fn server(&mut self) -> &mut Option<&'a mut dyn Ask> {
        if self.imap {
            &mut self.ask
        } else {
            &mut self.none
        }
    }

    /// How the IMAP server is reached: TLS and port.
    fn reach(
        &mut self,
        pd: &PresetDefaults,
        host: &str,
        tls: Option<Tls>,
        port: Option<u16>,
    ) -> anyhow::Result<(TlsMode, u16)> {
        let tls: TlsMode = match tls {
            Some(t) => t.into(),
            None if self.imap => {
                let default = if is_loopback(host) {
                    Tls::Implicit
                } else {
                    match pd.tls {
                        TlsMode::Implicit => Tls::Implicit,
                        TlsMode::Starttls => Tls::Starttls,
                        TlsMode::None => Tls::None,
                    }
                };
                choice(self.server(), None, "TLS", default)?.into()
            }
            None => pd.tls,
        };
        let port = match port {
            Some(p) => p,
            None => {
                let default = imap_port(tls).to_string();
                let answer = value(
                    self.server(),
                    None,
                    "--port",
                    "IMAP port",
                    Some(default),
                    true,
                )?
                .unwrap_or_default();
                answer
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| {
                        Failure::Usage(format!(
                            "{answer:?} is not a port (a number from 1 to 65535)"
                        ))
                    })?
            }
        };
        Ok((tls, port))
    }

    /// How vsd signs in, and the command that prints the secret.
    fn sign_in(
        &mut self,
        pd: &PresetDefaults,
        user: &str,
        auth: Option<Auth>,
        password_command: Option<String>,
        token_command: Option<String>,
    ) -> anyhow::Result<(Auth, String)> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        let auth = match auth {
            Some(a) => a,
            None if given(&password_command) => Auth::Password,
            None if given(&token_command) => match pd.auth {
                Auth::Password => Auth::Xoauth2,
                oauth => oauth,
            },
            None if self.imap => choice(self.server(), None, "Sign in with", pd.auth)?,
            None => pd.auth,
        };
        let secret_command = match auth {
            Auth::Password => value(
                self.any(),
                password_command,
                "--password-command",
                "Command that prints the password on its first line, e.g. pass show mail/team",
                None,
                true,
            )?,
            Auth::Xoauth2 | Auth::Oauthbearer => value(
                self.any(),
                token_command,
                "--token-command",
                &format!(
                    "Command that prints an OAuth2 access token on its first line, e.g. {}",
                    pd.token_hint.replace("USER", user)
                ),
                None,
                true,
            )?,
        }
        .unwrap_or_default();
        Ok((auth, secret_command))
    }

    /// A side's addresses: those given, else asked.
    fn addresses(
        &mut self,
        given: Vec<String>,
        flag: &str,
        question: &str,
        default: Option<String>,
    ) -> anyhow::Result<Vec<String>> {
        Ok(match list(given) {
            d if !d.is_empty() => d,
            _ => list(vec![
                value(self.any(), None, flag, question, default, true)?.unwrap_or_default(),
            ]),
        })
    }

    /// The SMTP server, when there is one: the one given, the preset's, or
    /// asked for a server of the user's own.
    fn smtp(
        &mut self,
        pd: &PresetDefaults,
        host: Option<String>,
        tls: Option<Tls>,
        port: Option<u16>,
    ) -> anyhow::Result<Option<SmtpAnswers>> {
        let host = match (host, pd.smtp) {
            (Some(h), _) => Some(h.trim().to_string()).filter(|h| !h.is_empty()),
            (None, Some((h, _, _))) => Some(h.to_string()),
            (None, None) => value(
                self.server(),
                None,
                "--smtp-host",
                "SMTP server for sending (empty: none, vsd drafts only)",
                None,
                false,
            )?,
        };
        let Some(h) = host else {
            return Ok(None);
        };
        let preset_same_host = pd.smtp.filter(|(ph, _, _)| *ph == h);
        let tls: TlsMode = match (tls, preset_same_host) {
            (Some(t), _) => t.into(),
            (None, Some((_, _, t))) => t,
            (None, None) => TlsMode::Starttls,
        };
        let port = match (port, preset_same_host) {
            (Some(p), _) => p,
            (None, Some((_, p, pt))) if pt == tls => p,
            _ => smtp_port(tls),
        };
        Ok(Some(SmtpAnswers { host: h, port, tls }))
    }
}

/// Refuses answers the config loader would refuse, naming the flag, before
/// anything is written.
fn check_answers(a: &Answers) -> anyhow::Result<()> {
    let usage = |m: String| -> anyhow::Result<()> { Err(Failure::Usage(m).into()) };
    if a.host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return usage(format!("--host {:?} is not a host name", a.host));
    }
    if a.tls == TlsMode::None && !is_loopback(&a.host) {
        return usage(format!(
            "--tls none is refused for {:?}: only a loopback host may be reached unencrypted",
            a.host
        ));
    }
    if let Some(s) = &a.smtp {
        if s.host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return usage(format!("--smtp-host {:?} is not a host name", s.host));
        }
        if s.tls == TlsMode::None && !is_loopback(&s.host) {
            return usage(format!(
                "--smtp-tls none is refused for {:?}: only a loopback host may be reached unencrypted",
                s.host
            ));
        }
    }
    for (flag, addrs) in [("--desk", &a.desk), ("--team", &a.team)] {
        for addr in addrs {
            if !addr.contains('@') || addr.contains(char::is_whitespace) {
                return usage(format!(
                    "{flag} {addr:?} is not an address (write name@domain, or *@domain for a whole domain)"
                ));
            }
        }
    }
    if a.folders.iter().any(|f| f.contains(['\r', '\n'])) {
        return usage("--folders: a folder name cannot hold a line break".into());
    }
    if a.secret_command.contains(['\r', '\n']) {
        return usage(format!(
            "--{}: the command must be one line",
            a.auth.command_key().replace('_', "-")
        ));
    }
    Ok(())
}

/// A TOML string, escaped as TOML wants.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn q_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| q(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A `key = value` line with its comment aligned.
fn line(out: &mut String, key_value: String, comment: &str) {
    if comment.is_empty() {
        out.push_str(&key_value);
    } else {
        out.push_str(&format!("{key_value:<34} # {comment}"));
    }
    out.push('\n');
}

/// The config text for the answers: every key vsd reads, the ones not
/// chosen commented out with their defaults, each with a word on what it does.
pub fn render(a: &Answers) -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "# vsd's configuration, written by `vsd init --preset {}` for {}.\n\
         # README.md (Configuration) explains every key; `vsd init --force` writes a new one.\n\n",
        a.preset.name(),
        a.preset.title()
    ));
    render_imap(&mut t, a);
    render_smtp(&mut t, a);
    render_desk(&mut t, a);
    render_team_and_ui(&mut t, a);
    t
}

/// The `[imap]` section.
fn render_imap(t: &mut String, a: &Answers) {
    t.push_str("[imap]\n");
    line(t, format!("host = {}", q(&a.host)), "the IMAP server");
    line(t, format!("port = {}", a.port), "");
    line(
        t,
        format!("tls = {}", q(tls_name(a.tls))),
        "implicit | starttls | none (none only for a loopback host)",
    );
    line(t, format!("user = {}", q(&a.user)), "");
    match a.auth {
        Auth::Password => {
            line(
                t,
                "# auth = \"password\"".into(),
                "password (the default) | xoauth2 | oauthbearer",
            );
            line(
                t,
                format!("password_command = {}", q(&a.secret_command)),
                "its first output line is the password",
            );
        }
        Auth::Xoauth2 | Auth::Oauthbearer => {
            line(
                t,
                format!("auth = {}", q(a.auth.name())),
                "password | xoauth2 | oauthbearer",
            );
            line(
                t,
                format!("token_command = {}", q(&a.secret_command)),
                "its first output line is an access token; run at every connect",
            );
        }
    }
    line(
        t,
        format!("folders = {}", q_list(&a.folders)),
        "every folder synced: where the desk's mail and the team's own arrive",
    );
    line(
        t,
        format!("drafts_folder = {}", q(&a.drafts_folder)),
        "where `vsd draft --save` puts drafts (created if missing)",
    );
    match &a.ca_file {
        Some(p) => line(
            t,
            format!("ca_file = {}", q(&p.display().to_string())),
            "extra trusted certificates (PEM)",
        ),
        None => line(
            t,
            "# ca_file = \"/etc/ssl/my-ca.pem\"".into(),
            "extra trusted certificates, for a server with its own CA",
        ),
    }
    line(
        t,
        "# timeout_secs = 30".into(),
        "how long to wait for the server",
    );
    t.push('\n');
}

/// The `[smtp]` section, or a commented one to fill in.
fn render_smtp(t: &mut String, a: &Answers) {
    match &a.smtp {
        Some(s) => {
            t.push_str(
                "[smtp]                             # sending; without it, vsd drafts only\n",
            );
            line(t, format!("host = {}", q(&s.host)), "");
            line(t, format!("port = {}", s.port), "");
            line(
                t,
                format!("tls = {}", q(tls_name(s.tls))),
                "implicit | starttls | none (none only for a loopback host)",
            );
            line(t, format!("user = {}", q(&a.user)), "");
            match a.auth {
                Auth::Password => {
                    line(
                        t,
                        "# auth = \"password\"".into(),
                        "password (the default) | xoauth2 | oauthbearer",
                    );
                    line(
                        t,
                        format!("password_command = {}", q(&a.secret_command)),
                        "",
                    );
                }
                Auth::Xoauth2 | Auth::Oauthbearer => {
                    line(t, format!("auth = {}", q(a.auth.name())), "");
                    line(t, format!("token_command = {}", q(&a.secret_command)), "");
                }
            }
            line(
                t,
                "# save_copy = \"auto\"".into(),
                "auto | always | never: the copy in the Sent folder",
            );
        }
        None => {
            t.push_str(
                "# [smtp]                           # sending; without it, vsd drafts only\n",
            );
            line(t, "# host = \"smtp.example.com\"".into(), "");
            line(t, "# port = 587".into(), "");
            line(
                t,
                "# tls = \"starttls\"".into(),
                "implicit | starttls | none",
            );
            line(t, format!("# user = {}", q(&a.user)), "");
            line(
                t,
                format!("# {} = {}", a.auth.command_key(), q(&a.secret_command)),
                "",
            );
            line(
                t,
                "# sendmail_command = \"msmtp -a work\"".into(),
                "instead of host and port",
            );
        }
    }
    t.push('\n');
}

/// The `[desk]` section.
fn render_desk(t: &mut String, a: &Answers) {
    t.push_str("[desk]\n");
    line(
        t,
        format!("addresses = {}", q_list(&a.desk)),
        "who the desk is; \"*@domain\" counts every address of the domain",
    );
    line(
        t,
        format!("issue_pattern = {}", q("VSD-[0-9]+")),
        "the desk's issue keys, e.g. \"VSD-[0-9]+|Case [0-9]+\"",
    );
    line(
        t,
        format!(
            "# resolved_pattern = {}",
            q(r"(?i)\b(resolved|closed|løst|lukket)\b")
        ),
        "",
    );
    line(
        t,
        "# kam = \"kam@vipps.no\"".into(),
        "your key account manager, for `vsd draft escalate --kam`",
    );
    line(
        t,
        "# new_problem_after_days = 14".into(),
        "team mail this long after a resolve is a new problem",
    );
    line(
        t,
        "# escalate_after_days = 5".into(),
        "waiting longer than this suggests escalating",
    );
    t.push('\n');
}

/// The `[team]` section, then `[ui]` and `[theme]` commented out.
fn render_team_and_ui(t: &mut String, a: &Answers) {
    t.push_str("[team]\n");
    line(
        t,
        format!("addresses = {}", q_list(&a.team)),
        "who the team is",
    );
    match &a.from {
        Some(f) => line(t, format!("from = {}", q(f)), "the From of drafts"),
        None => line(
            t,
            "# from = \"Ola Nordmann <ola@example.com>\"".into(),
            "the From of drafts (default: user)",
        ),
    }
    t.push('\n');
    t.push_str("# [ui]\n");
    line(
        t,
        "# download_dir = \"~/Downloads\"".into(),
        "where attachments are saved (default: the XDG download folder)",
    );
    line(
        t,
        "# opener = [\"xdg-open\"]".into(),
        "opens an attachment or a link; it is added as one argument",
    );
    line(
        t,
        "# attach_limit = \"20MB\"".into(),
        "the most a draft's attachments may weigh together",
    );
    line(
        t,
        "# clipboard = [\"wl-copy\"]".into(),
        "takes copied text on stdin (default: the terminal's OSC 52)",
    );
    t.push('\n');
    t.push_str("# [theme]\n");
    line(
        t,
        "# flag = \"bold magenta\"".into(),
        "element = colour (red, light-blue, #rrggbb), \"on\" a background, bold, reverse…",
    );
}

/// `vsd init`. `named` says whether the user gave --config and --db (the
/// commands it suggests then repeat them). Returns the exit code.
pub fn init(
    paths: &Paths,
    args: InitArgs,
    named: (bool, bool),
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let Some((path, _)) = &paths.config else {
        return Err(Failure::Usage(
            "cannot find a config directory (neither XDG_CONFIG_HOME nor HOME is set): give --config PATH"
                .into(),
        )
        .into());
    };
    if path.is_dir() {
        return Err(Failure::Usage(format!(
            "cannot write the config at {}: it is a directory",
            path.display()
        ))
        .into());
    }
    if path.exists() && !args.force {
        return Err(Failure::Usage(format!(
            "a config already exists at {}: vsd init leaves it as it is (edit it, or give --force to replace it)",
            path.display()
        ))
        .into());
    }
    let force = args.force;
    let no_check = args.no_check;
    let mut args = args;
    if let Some(ca) = args.ca_file.take() {
        // The config may be read from another directory: keep the path whole.
        let whole = std::fs::canonicalize(&ca).map_err(|e| {
            Failure::Usage(format!(
                "cannot use --ca-file {}: {e} (nothing was written)",
                ca.display()
            ))
        })?;
        args.ca_file = Some(whole);
    }
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut err = std::io::stderr();
    let mut prompt = LinePrompt {
        input: &mut input,
        out: &mut err,
    };
    let mut ask: Option<&mut dyn Ask> = if terminal { Some(&mut prompt) } else { None };
    let mut answers = gather(args, ask.as_mut().map(|a| &mut **a as &mut dyn Ask))?;
    write_private(path, &render(&answers), force)?;
    writeln!(out, "wrote {}", path.display())?;
    let vsd = command_prefix(paths, named);
    if no_check {
        writeln!(out, "next: {vsd} sync, then {vsd}")?;
        return Ok(0);
    }
    let cfg = Config::load(path).with_context(|| {
        format!(
            "the config written to {} does not load; fix it there, then `{vsd} sync`",
            path.display()
        )
    })?;
    let Some(imap_cfg) = &cfg.imap else {
        writeln!(out, "next: {vsd} sync, then {vsd}")?;
        return Ok(0);
    };
    let listed = check_connection(imap_cfg, answers.auth, path, out)?;
    let missing: Vec<String> = answers
        .folders
        .iter()
        .filter(|f| !has_folder(&listed, f))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let not_there = format!(
            "{} not on {}: {}",
            folder_words(&missing),
            imap_cfg.host,
            server_folders(&listed)
        );
        let Some(a) = ask else {
            return Err(Failure::Usage(format!(
                "{not_there}\n  fix folders in {}, then `{vsd} sync`",
                path.display()
            ))
            .into());
        };
        // At a terminal the user picks from what the server has, and the
        // file is written again with that.
        writeln!(out, "{not_there}")?;
        out.flush()?;
        answers.folders = pick_folders(a, &listed, &answers.folders)?;
        write_private(path, &render(&answers), true)?;
        writeln!(out, "wrote {} again", path.display())?;
    }
    let shown: Vec<String> = answers.folders.iter().map(|f| format!("{f:?}")).collect();
    writeln!(
        out,
        "found {}",
        crate::text::sanitize::sanitize(&shown.join(", "))
    )?;
    if !has_folder(&listed, &answers.drafts_folder) {
        writeln!(
            out,
            "drafts folder {:?} is not on the server yet: `vsd draft --save` creates it",
            crate::text::sanitize::sanitize(&answers.drafts_folder)
        )?;
    }
    writeln!(out, "next: {vsd} sync, then {vsd}")?;
    Ok(0)
}

/// `folder "A" is` or `folders "A", "B" are`.
fn folder_words(names: &[String]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|f| crate::text::sanitize::sanitize(&format!("{f:?}")).into_owned())
        .collect();
    if quoted.len() == 1 {
        format!("folder {} is", quoted[0])
    } else {
        format!("folders {} are", quoted.join(", "))
    }
}

/// Asks which folders to sync until every one named is on the server. The
/// default keeps the configured folders the server has and adds the one it
/// marks as Sent.
fn pick_folders(
    ask: &mut dyn Ask,
    listed: &[ListedFolder],
    configured: &[String],
) -> anyhow::Result<Vec<String>> {
    let mut default: Vec<String> = configured
        .iter()
        .filter(|f| has_folder(listed, f))
        .cloned()
        .collect();
    if let Some(sent) = listed
        .iter()
        .find(|l| l.selectable && l.special == Some("Sent"))
        && !default.contains(&sent.name)
    {
        default.push(sent.name.clone());
    }
    let default = default.join(", ");
    let mut question = "Folders to sync, comma-separated".to_string();
    loop {
        let chosen = list(vec![ask.ask(&question, Some(&default))?]);
        let missing: Vec<String> = chosen
            .iter()
            .filter(|f| !has_folder(listed, f))
            .cloned()
            .collect();
        if !chosen.is_empty() && missing.is_empty() {
            return Ok(chosen);
        }
        question = if chosen.is_empty() {
            "Name at least one folder. Folders to sync, comma-separated".to_string()
        } else {
            format!(
                "The server has no {}. Folders to sync, comma-separated",
                folder_words(&missing)
                    .trim_end_matches(" is")
                    .trim_end_matches(" are")
            )
        };
    }
}

/// `vsd`, with --config and --db when the user named them.
fn command_prefix(paths: &Paths, named: (bool, bool)) -> String {
    let mut s = String::from("vsd");
    if let (true, Some((p, _))) = (named.0, &paths.config) {
        s.push_str(&format!(
            " --config {}",
            shell_word(&p.display().to_string())
        ));
    }
    if named.1 {
        s.push_str(&format!(
            " --db {}",
            shell_word(&paths.db.display().to_string())
        ));
    }
    s
}

/// A word a POSIX shell reads back unchanged.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Writes the file readable by its owner only (0600), its new directories
/// 0700. With `replace`, an existing file is replaced whole by a rename, so
/// a reader never sees half a config and the old file's mode does not carry
/// over.
fn write_private(path: &Path, text: &str, replace: bool) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let fail = |e: std::io::Error| -> anyhow::Error {
        Failure::Usage(format!(
            "cannot write the config at {}: {e}",
            path.display()
        ))
        .into()
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(fail)?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".into());
    let tmp = path.with_file_name(format!(".{file_name}.vsd-init-{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if replace {
            std::fs::rename(&tmp, path)
        } else {
            // Without --force an existing file is never touched, even one
            // that appeared while the questions were asked: a hard link
            // fails where a file exists, a rename would replace it.
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => std::fs::remove_file(&tmp),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                // A file system without hard links: check, then rename.
                Err(_) if path.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
                Err(_) => std::fs::rename(&tmp, path),
            }
        }
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(Failure::Usage(format!(
                "a config already exists at {}: vsd init leaves it as it is (edit it, or give --force to replace it)",
                path.display()
            ))
            .into());
        }
        return Err(fail(e));
    }
    Ok(())
}

/// Which config keys to look at for a failed connection.
fn what_to_fix(e: &ImapError, auth: Auth) -> String {
    match e {
        ImapError::Connect { .. } | ImapError::Timeout { .. } | ImapError::Closed { .. } => {
            "check host, port and tls".into()
        }
        ImapError::Tls { .. } | ImapError::StartTls { .. } | ImapError::Preauth { .. } => {
            "check tls and port (993 is implicit TLS, 143 STARTTLS), and ca_file for a server whose certificate is signed by a CA of its own".into()
        }
        ImapError::CaFile { .. } => "check ca_file".into(),
        ImapError::Login { .. } | ImapError::TokenRefused { .. } => {
            format!("check user and {}", auth.command_key())
        }
        ImapError::Password(_) | ImapError::Token(_) => format!("check {}", auth.command_key()),
        ImapError::MechanismRefused { .. } => "check auth".into(),
        ImapError::NotTls { .. } | ImapError::ExpectsTls { .. } => "check tls and port".into(),
        ImapError::Resolve { .. } => "check host".into(),
        _ => "check host, port and tls".into(),
    }
}

/// Connects with the written config and lists the server's folders; a
/// failure says which keys to look at, the file being written already.
fn check_connection(
    imap_cfg: &crate::config::ImapConfig,
    auth: Auth,
    path: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<Vec<ListedFolder>> {
    imap::quiet_imap_panics();
    let failed = |e: ImapError| -> anyhow::Error {
        let text = format!(
            "{e}\n  {} in {} (the file is written; edit it, or run `vsd init --force` again)",
            what_to_fix(&e, auth),
            path.display()
        );
        Failure::of(e.kind(), text).into()
    };
    let credential = imap::credential(imap_cfg).map_err(failed)?;
    let mut session = imap::connect(imap_cfg, &credential).map_err(failed)?;
    let listed = session.list_folders().map_err(failed)?;
    session.logout();
    writeln!(
        out,
        "connected to {} as {}",
        crate::text::sanitize::sanitize(&imap_cfg.host),
        crate::text::sanitize::sanitize(&imap_cfg.user)
    )?;
    Ok(listed)
}

/// Whether the server lists a folder SELECT can open (INBOX in any case).
fn has_folder(listed: &[ListedFolder], name: &str) -> bool {
    listed.iter().any(|l| {
        l.selectable
            && (l.name == name
                || (l.name.eq_ignore_ascii_case("INBOX") && name.eq_ignore_ascii_case("INBOX")))
    })
}

/// "the server has: …", each name as the config must write it, the special
/// ones marked; names are sanitised, since they come from the server.
fn server_folders(listed: &[ListedFolder]) -> String {
    let names: Vec<String> = listed
        .iter()
        .filter(|l| l.selectable)
        .map(|l| {
            let name = crate::text::sanitize::sanitize(&format!("{:?}", l.name)).into_owned();
            match l.special {
                Some(s) => format!("{name} (its {s} folder)"),
                None => name,
            }
        })
        .collect();
    if names.is_empty() {
        "the server lists no folders".into()
    } else {
        format!("the server has {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers from a script; records the questions.
    struct Script {
        answers: Vec<&'static str>,
        asked: Vec<String>,
    }

    impl Ask for Script {
        fn ask(&mut self, question: &str, default: Option<&str>) -> anyhow::Result<String> {
            self.asked.push(question.to_string());
            if self.answers.is_empty() {
                return Err(Failure::Usage("input ended".into()).into());
            }
            let a = self.answers.remove(0);
            Ok(if a.is_empty() {
                default.unwrap_or("").to_string()
            } else {
                a.to_string()
            })
        }
    }

    fn imap_args() -> InitArgs {
        InitArgs {
            preset: Some(Preset::Imap),
            host: Some("127.0.0.1".into()),
            port: Some(10993),
            tls: Some(Tls::Implicit),
            user: Some("team@example.com".into()),
            password_command: Some("cat /run/pw".into()),
            desk: vec!["*@desk.example".into()],
            team: vec!["*@example.com".into()],
            no_smtp: true,
            ..InitArgs::default()
        }
    }

    #[test]
    fn flags_alone_need_no_questions_and_the_text_loads() {
        let a = gather(imap_args(), None).expect("answers");
        let text = render(&a);
        let cfg = Config::parse_str(&text, "init.toml").expect("loads");
        let imap = cfg.imap.expect("imap");
        assert_eq!(imap.host, "127.0.0.1");
        assert_eq!(imap.port(), 10993);
        assert_eq!(imap.tls, TlsMode::Implicit);
        assert_eq!(imap.password_command.as_deref(), Some("cat /run/pw"));
        assert_eq!(imap.folders, vec!["INBOX", "Sent"]);
        assert_eq!(cfg.desk.addresses, vec!["*@desk.example"]);
        assert_eq!(cfg.team.addresses, vec!["*@example.com"]);
        assert!(text.contains("# [smtp]"), "{text}");
    }

    #[test]
    fn without_a_terminal_a_missing_value_names_its_flag() {
        let mut args = imap_args();
        args.user = None;
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--user"), "{e}");
        let mut args = imap_args();
        args.password_command = None;
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--password-command"), "{e}");
        let e = gather(InitArgs::default(), None)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("--preset"), "{e}");
        let args = InitArgs {
            preset: Some(Preset::M365),
            user: Some("team@example.com".into()),
            ..InitArgs::default()
        };
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--token-command"), "{e}");
    }

    #[test]
    fn on_a_terminal_missing_values_are_asked_with_defaults() {
        let args = InitArgs {
            preset: Some(Preset::Imap),
            ..InitArgs::default()
        };
        let mut s = Script {
            // host, tls (default), port (default), user, auth (default),
            // password command, desk (default), team (default), smtp (none)
            answers: vec![
                "mail.example.org",
                "",
                "",
                "kari@example.org",
                "",
                "pass show mail",
                "",
                "",
                "",
            ],
            asked: Vec::new(),
        };
        let a = gather(args, Some(&mut s)).expect("answers");
        assert_eq!(s.asked.len(), 9, "{:?}", s.asked);
        assert_eq!(a.host, "mail.example.org");
        assert_eq!(a.tls, TlsMode::Implicit);
        assert_eq!(a.port, 993);
        assert_eq!(a.auth, Auth::Password);
        assert_eq!(a.secret_command, "pass show mail");
        assert_eq!(a.desk, vec![DEFAULT_DESK]);
        assert_eq!(a.team, vec!["*@example.org"]);
        assert_eq!(a.smtp, None);
    }

    #[test]
    fn given_everything_needed_nothing_is_asked_on_a_terminal() {
        let mut args = imap_args();
        args.desk = Vec::new();
        args.team = Vec::new();
        args.no_smtp = false;
        let mut s = Script {
            answers: Vec::new(),
            asked: Vec::new(),
        };
        let a = gather(args, Some(&mut s)).expect("answers");
        assert!(s.asked.is_empty(), "{:?}", s.asked);
        assert_eq!(a.auth, Auth::Password);
        assert_eq!(a.desk, vec![DEFAULT_DESK]);
        assert_eq!(a.team, vec!["*@example.com"]);
        assert_eq!(a.smtp, None);
    }

    #[test]
    fn a_token_command_implies_oauth_sign_in() {
        let args = InitArgs {
            host: Some("mail.example.org".into()),
            user: Some("kari@example.org".into()),
            token_command: Some("oama access kari@example.org".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        assert_eq!(a.preset, Preset::Imap);
        assert_eq!(a.auth, Auth::Xoauth2);
        assert!(render(&a).contains("\nauth = \"xoauth2\""));
    }

    #[test]
    fn a_wrong_choice_is_asked_again_and_an_empty_required_value_too() {
        let args = InitArgs {
            preset: Some(Preset::Imap),
            host: Some("mail.example.org".into()),
            ..InitArgs::default()
        };
        let mut s = Script {
            answers: vec![
                "tls please", // not a choice: asked again
                "starttls",
                "",               // port: 143 by default for starttls
                "",               // user: required, asked again
                "kari@gmail.com", // a public domain: the team is the user
                "",
                "pass show mail",
                "",
                "",
                "smtp.example.org",
            ],
            asked: Vec::new(),
        };
        let a = gather(args, Some(&mut s)).expect("answers");
        assert_eq!(a.tls, TlsMode::Starttls);
        assert_eq!(a.port, 143);
        assert_eq!(a.user, "kari@gmail.com");
        assert_eq!(a.team, vec!["kari@gmail.com"]);
        assert_eq!(
            a.smtp,
            Some(SmtpAnswers {
                host: "smtp.example.org".into(),
                port: 587,
                tls: TlsMode::Starttls
            })
        );
    }

    /// What `vsd init` writes for each preset is a config vsd itself loads,
    /// with the sign-in the provider needs: OAuth2 for Microsoft 365 and
    /// Gmail on IMAP and SMTP alike, the token command on both.
    #[test]
    fn every_presets_config_loads_with_its_sign_in() {
        use crate::config::{AddressSet, AuthMethod, Config, TlsMode};
        let cases = [
            (
                Preset::M365,
                "outlook.office365.com",
                "smtp.office365.com",
                TlsMode::Starttls,
            ),
            (
                Preset::Gmail,
                "imap.gmail.com",
                "smtp.gmail.com",
                TlsMode::Implicit,
            ),
        ];
        for (preset, imap_host, smtp_host, smtp_tls) in cases {
            let args = InitArgs {
                preset: Some(preset),
                user: Some("team@example.com".into()),
                token_command: Some("oama access team@example.com".into()),
                ..InitArgs::default()
            };
            let a = gather(args, None).expect("answers");
            let cfg = Config::parse_str(&render(&a), "init output")
                .unwrap_or_else(|e| panic!("{preset:?}: {e}"));
            let imap = cfg.imap.as_ref().expect("[imap]");
            assert_eq!(imap.host, imap_host);
            assert_eq!(imap.tls, TlsMode::Implicit);
            assert_eq!(imap.auth, AuthMethod::Xoauth2, "{preset:?}");
            assert_eq!(
                imap.token_command.as_deref(),
                Some("oama access team@example.com")
            );
            assert!(imap.password_command.is_none() && imap.password.is_none());
            let smtp = cfg.smtp.as_ref().expect("[smtp]");
            assert_eq!(smtp.host.as_deref(), Some(smtp_host));
            assert_eq!(smtp.tls, smtp_tls, "{preset:?}");
            assert_eq!(smtp.auth, AuthMethod::Xoauth2, "{preset:?}");
            assert!(AddressSet::new(&cfg.desk.addresses).contains("noreply@vipps.no"));
            assert!(AddressSet::new(&cfg.team.addresses).contains("kari@example.com"));
        }
        let args = InitArgs {
            preset: Some(Preset::Imap),
            host: Some("mail.example.org".into()),
            user: Some("team@example.org".into()),
            password_command: Some("pass show mail".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        let cfg = Config::parse_str(&render(&a), "init output").expect("plain IMAP loads");
        let imap = cfg.imap.as_ref().expect("[imap]");
        assert_eq!(imap.auth, AuthMethod::Password);
        assert_eq!(imap.password_command.as_deref(), Some("pass show mail"));
    }

    #[test]
    fn presets_fix_their_servers_folders_and_sign_in() {
        let args = InitArgs {
            preset: Some(Preset::M365),
            user: Some("team@example.com".into()),
            token_command: Some("oama access team@example.com".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        let v: toml::Value = toml::from_str(&render(&a)).expect("TOML");
        assert_eq!(v["imap"]["host"].as_str(), Some("outlook.office365.com"));
        assert_eq!(v["imap"]["port"].as_integer(), Some(993));
        assert_eq!(v["imap"]["tls"].as_str(), Some("implicit"));
        assert_eq!(v["imap"]["auth"].as_str(), Some("xoauth2"));
        assert_eq!(
            v["imap"]["token_command"].as_str(),
            Some("oama access team@example.com")
        );
        assert!(v["imap"].get("password_command").is_none());
        let folders: Vec<&str> = v["imap"]["folders"]
            .as_array()
            .expect("folders")
            .iter()
            .filter_map(|f| f.as_str())
            .collect();
        assert_eq!(folders, ["INBOX", "Sent Items"]);
        assert_eq!(v["smtp"]["host"].as_str(), Some("smtp.office365.com"));
        assert_eq!(v["smtp"]["port"].as_integer(), Some(587));
        assert_eq!(v["smtp"]["tls"].as_str(), Some("starttls"));
        assert_eq!(v["smtp"]["auth"].as_str(), Some("xoauth2"));
        assert_eq!(v["desk"]["addresses"][0].as_str(), Some(DEFAULT_DESK));
        assert_eq!(v["team"]["addresses"][0].as_str(), Some("*@example.com"));

        let args = InitArgs {
            preset: Some(Preset::Gmail),
            user: Some("desk-team@example.no".into()),
            token_command: Some("oama access desk-team@example.no".into()),
            ..InitArgs::default()
        };
        let a = gather(args, None).expect("answers");
        let v: toml::Value = toml::from_str(&render(&a)).expect("TOML");
        assert_eq!(v["imap"]["host"].as_str(), Some("imap.gmail.com"));
        assert_eq!(v["imap"]["folders"][1].as_str(), Some("[Gmail]/Sent Mail"));
        assert_eq!(v["imap"]["drafts_folder"].as_str(), Some("[Gmail]/Drafts"));
        assert_eq!(v["smtp"]["host"].as_str(), Some("smtp.gmail.com"));
        assert_eq!(v["smtp"]["port"].as_integer(), Some(465));
        assert_eq!(v["smtp"]["tls"].as_str(), Some("implicit"));
    }

    #[test]
    fn awkward_values_are_escaped_so_the_text_reads_back_the_same() {
        let mut args = imap_args();
        args.password_command = Some(r#"pass show "mail\team" | head -1 # x"#.into());
        args.folders = vec!["INBOX".into(), "Sendte elementer".into(), "Q\"A".into()];
        args.from = Some("Ola \"O\" Nordmann <ola@example.com>".into());
        let a = gather(args, None).expect("answers");
        let cfg = Config::parse_str(&render(&a), "init.toml").expect("loads");
        let imap = cfg.imap.expect("imap");
        assert_eq!(
            imap.password_command.as_deref(),
            Some(r#"pass show "mail\team" | head -1 # x"#)
        );
        assert_eq!(imap.folders, vec!["INBOX", "Sendte elementer", "Q\"A"]);
        assert_eq!(
            cfg.team.from.as_deref(),
            Some("Ola \"O\" Nordmann <ola@example.com>")
        );
    }

    #[test]
    fn bad_answers_are_refused_naming_the_flag() {
        let mut args = imap_args();
        args.host = Some("mail.example.org".into());
        args.tls = Some(Tls::None);
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--tls none"), "{e}");
        let mut args = imap_args();
        args.desk = vec!["vipps.no".into()];
        let e = gather(args, None).expect_err("refused").to_string();
        assert!(e.contains("--desk \"vipps.no\""), "{e}");
    }

    #[test]
    fn a_missing_folder_is_picked_from_the_servers_until_all_exist() {
        let listed = vec![
            ListedFolder {
                name: "INBOX".into(),
                selectable: true,
                special: None,
            },
            ListedFolder {
                name: "[Gmail]".into(),
                selectable: false,
                special: None,
            },
            ListedFolder {
                name: "Sendte elementer".into(),
                selectable: true,
                special: Some("Sent"),
            },
        ];
        let mut s = Script {
            answers: vec!["INBOX, Utgående", "[Gmail]", ""],
            asked: Vec::new(),
        };
        let chosen =
            pick_folders(&mut s, &listed, &["inbox".into(), "Sent".into()]).expect("picked");
        assert_eq!(chosen, vec!["inbox", "Sendte elementer"]);
        assert_eq!(s.asked.len(), 3, "{:?}", s.asked);
        assert!(
            s.asked[1].starts_with("The server has no folder \"Utgående\"."),
            "{:?}",
            s.asked
        );
        assert!(
            s.asked[2].starts_with("The server has no folder \"[Gmail]\"."),
            "a \\Noselect name cannot be synced: {:?}",
            s.asked
        );
    }

    #[test]
    fn suggested_commands_quote_paths_for_the_shell() {
        assert_eq!(shell_word("/tmp/a/config.toml"), "/tmp/a/config.toml");
        assert_eq!(shell_word("/tmp/my dir/c.toml"), "'/tmp/my dir/c.toml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
