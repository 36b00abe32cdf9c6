//! Gathering `vsd init`'s answers: each value from its flag, else asked on a
//! terminal ([`Ask`]), else the preset's default, else refused naming the
//! flag; then checked as a whole. No I/O but the asking, so the questions are
//! tested with scripted answers.

use super::{Auth, InitArgs, Preset, Tls};
use crate::app::Failure;
use crate::config::{TlsMode, is_loopback};
use std::io::{BufRead, Write};
use std::path::PathBuf;

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
pub(super) struct PresetDefaults {
    host: Option<&'static str>,
    tls: TlsMode,
    auth: Auth,
    folders: &'static [&'static str],
    drafts_folder: &'static str,
    smtp: Option<(&'static str, u16, TlsMode)>,
    token_hint: &'static str,
}

pub(super) fn preset_defaults(p: Preset) -> PresetDefaults {
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

pub(super) fn imap_port(tls: TlsMode) -> u16 {
    match tls {
        TlsMode::Implicit => 993,
        TlsMode::Starttls | TlsMode::None => 143,
    }
}

pub(super) fn smtp_port(tls: TlsMode) -> u16 {
    match tls {
        TlsMode::Implicit => 465,
        TlsMode::Starttls | TlsMode::None => 587,
    }
}

/// Mail domains shared by many people: a team there is its own address, not
/// the whole domain.
pub(super) const PUBLIC_DOMAINS: &[&str] = &[
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
pub(super) fn team_default(user: &str) -> Option<String> {
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

pub(super) fn missing(flag: &str, what: &str) -> anyhow::Error {
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
pub(super) fn value(
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
pub(super) fn choice<T: clap::ValueEnum>(
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

pub(super) fn list(values: Vec<String>) -> Vec<String> {
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
    let mut ask = if complete(&args) { None } else { ask };
    let preset = preset_of(&args, &mut ask)?;
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
    let (folders, drafts_folder) = folders_of(args.folders, args.drafts_folder, &pd);
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
        from: trimmed(args.from),
        smtp,
    };
    check_answers(&answers)?;
    Ok(answers)
}

/// Whether the flags give all init needs; then it asks nothing, on a
/// terminal too: a command line typed in full (or pasted from a colleague)
/// runs straight through.
fn complete(args: &InitArgs) -> bool {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    (args.preset.is_some_and(|p| p != Preset::Imap) || given(&args.host))
        && given(&args.user)
        && match args.auth {
            Some(Auth::Password) => given(&args.password_command),
            Some(_) => given(&args.token_command),
            None => given(&args.password_command) || given(&args.token_command),
        }
}

/// The preset: the flag's, else a plain IMAP host when `--host` is given,
/// else asked.
fn preset_of(args: &InitArgs, ask: &mut Option<&mut dyn Ask>) -> anyhow::Result<Preset> {
    match (args.preset, &args.host) {
        (Some(p), _) => Ok(p),
        (None, Some(_)) => Ok(Preset::Imap),
        (None, None) => {
            if ask.is_none() {
                return Err(missing(
                    "--preset m365|gmail|imap (or --host)",
                    "the kind of account",
                ));
            }
            choice(ask, None, "Account", Preset::Imap)
        }
    }
}

/// The folders to sync and the drafts folder: the flags', else the preset's.
fn folders_of(
    folders: Vec<String>,
    drafts_folder: Option<String>,
    pd: &PresetDefaults,
) -> (Vec<String>, String) {
    let folders = match list(folders) {
        f if f.is_empty() => pd.folders.iter().map(|s| s.to_string()).collect(),
        f => f,
    };
    let drafts_folder = trimmed(drafts_folder).unwrap_or_else(|| pd.drafts_folder.to_string());
    (folders, drafts_folder)
}

/// A flag's value trimmed, and none when it is empty.
fn trimmed(v: Option<String>) -> Option<String> {
    v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Who answers `vsd init`'s questions: the user at a terminal (or no one),
/// and whether the questions of a server of the user's own (TLS, port, how
/// to sign in, SMTP) are asked, which a preset answers itself.
pub(super) struct Questions<'a> {
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
pub(super) fn check_answers(a: &Answers) -> anyhow::Result<()> {
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
