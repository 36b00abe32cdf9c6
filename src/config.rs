//! The TOML configuration: every section optional, defaults from CONTRACT.md,
//! and errors that name the file and line of the bad key.

use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Why a config file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
}

/// How the IMAP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    #[default]
    Implicit,
    Starttls,
    None,
}

/// How vsd signs in to the IMAP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    /// LOGIN with the password from `password_command` (or `password`).
    #[default]
    Password,
    /// SASL XOAUTH2 (Gmail, Microsoft 365) with the token from `token_command`.
    Xoauth2,
    /// SASL OAUTHBEARER (RFC 7628) with the token from `token_command`.
    Oauthbearer,
}

impl AuthMethod {
    /// The value as written in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Password => "password",
            AuthMethod::Xoauth2 => "xoauth2",
            AuthMethod::Oauthbearer => "oauthbearer",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapConfig {
    pub host: String,
    pub port: Option<u16>,
    #[serde(default)]
    pub tls: TlsMode,
    pub user: String,
    #[serde(default)]
    pub auth: AuthMethod,
    pub password_command: Option<String>,
    /// For `auth = "xoauth2"` or `"oauthbearer"`: its first output line is an
    /// access token; run at every connect, since tokens expire.
    pub token_command: Option<String>,
    /// Accepted only for a loopback host (checked in [`Config::validate`]).
    pub password: Option<String>,
    #[serde(default = "default_folders")]
    pub folders: Vec<String>,
    #[serde(default = "default_drafts")]
    pub drafts_folder: String,
    pub ca_file: Option<PathBuf>,
    /// Seconds to wait for a connection or for the server's next bytes; a
    /// whole answer gets ten times this (see [`crate::imap::limits`]).
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Messages larger than this (bytes) keep their header and a placeholder
    /// body until fetched whole on request; `None` (written as 0): no limit.
    #[serde(
        default = "default_max_message_size",
        deserialize_with = "deserialize_size"
    )]
    pub max_message_size: Option<u64>,
    /// Where sent mail is filed (default: [`ImapConfig::sent_folder`]).
    pub sent_folder: Option<String>,
    /// Where the team's actions (close, assign, note, link) are shared:
    /// one small message per action, never shown as mail.
    #[serde(default = "default_state_folder")]
    pub state_folder: String,
}

impl ImapConfig {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            TlsMode::Implicit => 993,
            TlsMode::Starttls | TlsMode::None => 143,
        })
    }

    /// The folder sent mail is filed in: `sent_folder`, else the first of
    /// `folders` whose name says Sent (in the languages clients show it in),
    /// else "Sent".
    pub fn sent_folder(&self) -> String {
        if let Some(f) = self.sent_folder.as_ref().filter(|f| !f.trim().is_empty()) {
            return f.clone();
        }
        self.folders
            .iter()
            .find(|f| looks_like_sent(f))
            .cloned()
            .unwrap_or_else(|| "Sent".into())
    }
}

/// Whether a folder name is the Sent folder as common clients name it
/// (the last path component, in any case): Sent, Sent Items, Sent Mail,
/// Sent Messages, Sendt, Sendte elementer, Sendte, Gesendet, Envoyés, Skickat.
pub fn looks_like_sent(folder: &str) -> bool {
    let last = folder
        .rsplit(['/', '.'])
        .next()
        .unwrap_or(folder)
        .trim()
        .to_lowercase();
    matches!(
        last.as_str(),
        "sent"
            | "sent items"
            | "sent mail"
            | "sent messages"
            | "sendt"
            | "sendte"
            | "sendte elementer"
            | "sendt post"
            | "gesendet"
            | "gesendete elemente"
            | "envoyés"
            | "éléments envoyés"
            | "skickat"
            | "skickade objekt"
    )
}

/// Whether vsd files the sent message in the Sent folder itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SaveCopy {
    /// Look for the message in the Sent folder after sending (Gmail and
    /// Microsoft 365 file it themselves) and append it only when missing.
    #[default]
    Auto,
    Always,
    Never,
}

/// `[smtp]`: how drafts are sent, by SMTP submission or a sendmail-compatible
/// program.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: Option<String>,
    pub port: Option<u16>,
    #[serde(default = "default_smtp_tls")]
    pub tls: TlsMode,
    /// Extra trusted certificates (default: the `[imap]` one).
    pub ca_file: Option<PathBuf>,
    /// The login (default: the `[imap]` user).
    pub user: Option<String>,
    #[serde(default)]
    pub auth: AuthMethod,
    pub password_command: Option<String>,
    /// Accepted only for a loopback host.
    pub password: Option<String>,
    pub token_command: Option<String>,
    /// A sendmail-compatible program and its arguments, run without a shell.
    pub sendmail_command: Option<String>,
    #[serde(default)]
    pub save_copy: SaveCopy,
    /// Seconds to wait for a connection or an answer.
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
}

fn default_smtp_tls() -> TlsMode {
    TlsMode::Starttls
}

impl SmtpConfig {
    /// The port: given, else 465 for implicit TLS, 587 for STARTTLS, 25 for none.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            TlsMode::Implicit => 465,
            TlsMode::Starttls => 587,
            TlsMode::None => 25,
        })
    }
}

fn default_folders() -> Vec<String> {
    vec!["INBOX".into(), "Sent".into()]
}
fn default_drafts() -> String {
    "Drafts".into()
}
fn default_state_folder() -> String {
    "VSD-State".into()
}
fn default_timeout() -> u64 {
    30
}
fn default_max_message_size() -> Option<u64> {
    Some(50 * 1024 * 1024)
}

/// A size: a bare integer is bytes; a string is a number with B, KB, MB or
/// GB (any case, 1 KB = 1024 B, as mbsync's MaxSize counts). Zero is no limit.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_uppercase();
    let mult: u64 = match unit.as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => {
            return Err(format!(
                "{text:?} is not a size: write a number with B, KB, MB or GB, such as \"50MB\""
            ));
        }
    };
    let bad =
        || format!("{text:?} is not a size: write a number with B, KB, MB or GB, such as \"50MB\"");
    let n: f64 = num.parse().map_err(|_| bad())?;
    let bytes = n * mult as f64;
    if !bytes.is_finite() || bytes < 0.0 || bytes > u64::MAX as f64 {
        return Err(bad());
    }
    Ok(bytes as u64)
}

fn deserialize_size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a size such as \"50MB\" or a number of bytes")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
            parse_size(v).map_err(E::custom)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::custom(format!("{v} is not a size: it is below zero")))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
    }
    let n = d.deserialize_any(V)?;
    Ok((n > 0).then_some(n))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default = "default_issue_pattern")]
    pub issue_pattern: String,
    #[serde(default = "default_resolved_pattern")]
    pub resolved_pattern: String,
    pub kam: Option<String>,
    #[serde(default = "default_new_problem_days")]
    pub new_problem_after_days: u32,
    #[serde(default = "default_escalate_days")]
    pub escalate_after_days: u32,
    /// A request with no auto-reply after this many hours is unacknowledged.
    #[serde(default = "default_ack_hours")]
    pub ack_after_hours: u32,
}

impl Default for DeskConfig {
    fn default() -> Self {
        DeskConfig {
            addresses: Vec::new(),
            issue_pattern: default_issue_pattern(),
            resolved_pattern: default_resolved_pattern(),
            kam: None,
            new_problem_after_days: default_new_problem_days(),
            escalate_after_days: default_escalate_days(),
            ack_after_hours: default_ack_hours(),
        }
    }
}

fn default_issue_pattern() -> String {
    "VSD-[0-9]+".into()
}
fn default_resolved_pattern() -> String {
    r"(?i)\b(resolved|closed|løst|lukket)\b".into()
}
fn default_new_problem_days() -> u32 {
    14
}
fn default_escalate_days() -> u32 {
    5
}
fn default_ack_hours() -> u32 {
    24
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    #[serde(default)]
    pub addresses: Vec<String>,
    pub from: Option<String>,
}

/// `[ui]`: where attachments go and what opens them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    /// Where attachments are saved (a leading `~/` is the home directory);
    /// default: the XDG download folder.
    pub download_dir: Option<PathBuf>,
    /// The program that opens an attachment, and its arguments; the file is
    /// appended as one more argument, never through a shell. Default:
    /// `["xdg-open"]`.
    pub opener: Option<Vec<String>>,
    /// The most a draft's attachments may weigh, together (default 20 MB).
    #[serde(
        default = "default_attach_limit",
        deserialize_with = "deserialize_size"
    )]
    pub attach_limit: Option<u64>,
    /// A program and its arguments that takes text on its stdin and puts
    /// it on the clipboard (`["wl-copy"]`, `["xclip", "-selection",
    /// "clipboard"]`); run without a shell. Default: the terminal's OSC 52.
    pub clipboard: Option<Vec<String>>,
    /// Mouse in the TUI: click selects, double-click opens, the wheel
    /// scrolls. Off by default: with it on, the terminal's own selection
    /// needs Shift.
    #[serde(default)]
    pub mouse: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            download_dir: None,
            opener: None,
            attach_limit: default_attach_limit(),
            clipboard: None,
            mouse: false,
        }
    }
}

fn default_attach_limit() -> Option<u64> {
    Some(20 * 1024 * 1024)
}

impl UiConfig {
    /// `download_dir` with `~/` expanded, else the XDG download folder.
    pub fn download_dir(&self) -> Option<PathBuf> {
        let dirs = directories::UserDirs::new();
        match &self.download_dir {
            Some(p) => match p.strip_prefix("~") {
                Ok(rest) => dirs.map(|d| d.home_dir().join(rest)),
                Err(_) => Some(p.clone()),
            },
            None => dirs.and_then(|d| d.download_dir().map(Path::to_path_buf)),
        }
    }

    /// The opener's program and arguments.
    pub fn opener(&self) -> Vec<String> {
        match &self.opener {
            Some(o) if !o.is_empty() => o.clone(),
            _ => vec!["xdg-open".into()],
        }
    }
}

/// The elements `[theme]` may set, as the TUI names them
/// (`ui::theme::Element::name`).
pub const THEME_ELEMENTS: &[&str] = &[
    "title",
    "heading",
    "key",
    "status_awaiting_desk",
    "status_awaiting_team",
    "status_resolved",
    "status_closed",
    "status_unfiled",
    "desk",
    "team",
    "other",
    "flag",
    "quote",
    "muted",
    "highlight",
    "match",
    "selected",
    "footer",
    "error",
    "progress",
    "overdue",
    "attachment",
];

/// One `[theme]` value: words separated by spaces, a colour for the text
/// (a name such as `red` or `light-blue`, `#rrggbb`, or a palette number),
/// `on` and a colour for the background, and any of `bold`, `dim`,
/// `italic`, `underline`, `reverse`; e.g. `"bold white on #005f87"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct ThemeStyle {
    pub fg: Option<ratatui::style::Color>,
    pub bg: Option<ratatui::style::Color>,
    pub modifiers: ratatui::style::Modifier,
}

impl TryFrom<String> for ThemeStyle {
    type Error = String;

    fn try_from(text: String) -> Result<ThemeStyle, String> {
        use ratatui::style::{Color, Modifier};
        let mut style = ThemeStyle {
            fg: None,
            bg: None,
            modifiers: Modifier::empty(),
        };
        let mut words = text.split_whitespace();
        let colour = |w: &str| -> Result<Color, String> {
            w.parse::<Color>().map_err(|_| {
                format!(
                    "{w:?} in {text:?} is not a colour: write a name (red, light-blue, …), #rrggbb or a palette number"
                )
            })
        };
        let mut any = false;
        while let Some(w) = words.next() {
            any = true;
            match w.to_ascii_lowercase().as_str() {
                "bold" => style.modifiers |= Modifier::BOLD,
                "dim" => style.modifiers |= Modifier::DIM,
                "italic" => style.modifiers |= Modifier::ITALIC,
                "underline" | "underlined" => style.modifiers |= Modifier::UNDERLINED,
                "reverse" | "reversed" => style.modifiers |= Modifier::REVERSED,
                "on" => {
                    let Some(bg) = words.next() else {
                        return Err(format!(
                            "{text:?} ends with \"on\": name the background colour"
                        ));
                    };
                    style.bg = Some(colour(bg)?);
                }
                _ if style.fg.is_none() => style.fg = Some(colour(w)?),
                _ => {
                    return Err(format!(
                        "{text:?} names two text colours: write one, and \"on\" before a background"
                    ));
                }
            }
        }
        if !any {
            return Err("the style is empty: name a colour, such as \"red\"".into());
        }
        Ok(style)
    }
}

/// `[keys]`: an action's keys, as written (`search = "/"`, `down = ["j",
/// "C-n"]`), each with the line it is on. The UI reads the names and keys
/// (`crate::ui::keymap`); here only their form is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeysConfig {
    pub bindings: Vec<KeyBinding>,
}

/// One `action = …` line of `[keys]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub action: String,
    /// Empty: the action has no key.
    pub keys: Vec<String>,
    pub line: usize,
}

/// `[hooks]`: what runs when desk mail arrives (`vsd sync --watch`, the TUI).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HooksConfig {
    /// A program and its first arguments, run without a shell, with the
    /// issue's key and title appended.
    #[serde(default)]
    pub desk_replied: Vec<String>,
    /// Ring the terminal's bell too.
    #[serde(default)]
    pub bell: bool,
}

/// The whole configuration. `Config::default()` is what vsd uses with no file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub imap: Option<ImapConfig>,
    pub smtp: Option<SmtpConfig>,
    #[serde(default)]
    pub desk: DeskConfig,
    #[serde(default)]
    pub team: TeamConfig,
    #[serde(default)]
    pub ui: UiConfig,
    #[serde(default)]
    pub hooks: HooksConfig,
    /// `[theme]`: element = style (see [`THEME_ELEMENTS`], [`ThemeStyle`]).
    #[serde(default)]
    pub theme: std::collections::BTreeMap<String, ThemeStyle>,
    /// `[keys]` as written; read into [`Config::keys`] after parsing.
    #[serde(default, rename = "keys")]
    keys_table: toml::Table,
    #[serde(skip)]
    pub keys: KeysConfig,
    /// Where the config came from, for error messages.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            cause: source,
        })?;
        let name = path.display().to_string();
        let mut cfg = Config::parse_str(&text, &name)?;
        refuse_readable_secret(path, &text, &name)?;
        cfg.source = Some(path.to_path_buf());
        Ok(cfg)
    }

    /// Parses and validates config text; `name` is used in errors.
    pub fn parse_str(text: &str, name: &str) -> Result<Config, ConfigError> {
        let mut cfg: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start)).unwrap_or(1);
            ConfigError::Invalid {
                path: name.to_string(),
                line,
                message: without_secrets(text, line, e.message().trim()),
            }
        })?;
        cfg.validate(text, name).map_err(|e| match e {
            ConfigError::Invalid {
                path,
                line,
                message,
            } => ConfigError::Invalid {
                path,
                line,
                message: scrub_secrets(text, message),
            },
            e => e,
        })?;
        cfg.keys = keys_of(&cfg.keys_table, text, name)?;
        Ok(cfg)
    }

    /// Checks what serde cannot: patterns that compile, addresses, and the
    /// account's and the sender's settings; each error names its line.
    fn validate(&self, text: &str, name: &str) -> Result<(), ConfigError> {
        let err = |key: &str, message: String| ConfigError::Invalid {
            path: name.to_string(),
            line: line_of_key(text, key),
            message,
        };
        self.validate_patterns(&err)?;
        self.validate_ui(text, name, &err)?;
        self.validate_addresses(&err)?;
        if let Some(imap) = &self.imap {
            validate_imap(imap, &err)?;
        }
        if let Some(smtp) = &self.smtp {
            self.validate_smtp(smtp, text, name)?;
        }
        Ok(())
    }

    /// `issue_pattern` and `resolved_pattern` compile.
    fn validate_patterns(
        &self,
        err: &dyn Fn(&str, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        Regex::new(&self.desk.issue_pattern).map_err(|e| {
            err(
                "issue_pattern",
                format!("issue_pattern is not a valid regular expression: {e}"),
            )
        })?;
        Regex::new(&self.desk.resolved_pattern).map_err(|e| {
            err(
                "resolved_pattern",
                format!("resolved_pattern is not a valid regular expression: {e}"),
            )
        })?;
        Ok(())
    }

    /// `[ui] opener` names a program; `[theme]` names only known elements.
    fn validate_ui(
        &self,
        text: &str,
        name: &str,
        err: &dyn Fn(&str, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        if self
            .ui
            .opener
            .as_ref()
            .is_some_and(|o| o.first().is_none_or(|p| p.trim().is_empty()))
        {
            return Err(err(
                "opener",
                "opener is empty: name a program and its arguments, such as [\"xdg-open\"]".into(),
            ));
        }
        if let Some(k) = self
            .theme
            .keys()
            .find(|k| !THEME_ELEMENTS.contains(&k.as_str()))
        {
            return Err(ConfigError::Invalid {
                path: name.to_string(),
                line: line_of_section_key(text, "theme", k),
                message: format!(
                    "[theme] has no element {k:?}: the elements are {}",
                    THEME_ELEMENTS.join(", ")
                ),
            });
        }
        Ok(())
    }

    /// Every `[desk]` and `[team]` address is one (or a `*@domain`).
    fn validate_addresses(
        &self,
        err: &dyn Fn(&str, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        for a in self.desk.addresses.iter().chain(&self.team.addresses) {
            if !a.contains('@') {
                return Err(err(
                    "addresses",
                    format!(
                        "{a:?} is not an address (write name@domain, or *@domain for a whole domain)"
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate_smtp(&self, smtp: &SmtpConfig, text: &str, name: &str) -> Result<(), ConfigError> {
        // [smtp] keys share names with [imap] ones: look for them below the
        // [smtp] header.
        let err = |key: &str, message: String| ConfigError::Invalid {
            path: name.to_string(),
            line: line_of_section_key(text, "smtp", key),
            message,
        };
        match &smtp.sendmail_command {
            Some(cmd) => validate_sendmail(smtp, cmd, &err),
            None => {
                validate_smtp_server(smtp, &err)?;
                self.validate_smtp_auth(smtp, &err)
            }
        }
    }

    /// How `[smtp]` signs in: the command its auth method needs, and a user.
    fn validate_smtp_auth(
        &self,
        smtp: &SmtpConfig,
        err: &dyn Fn(&str, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        match smtp.auth {
            AuthMethod::Password => {
                if smtp.token_command.is_some() {
                    return Err(err(
                        "token_command",
                        "token_command is for auth = \"xoauth2\" or \"oauthbearer\"; with auth = \"password\" give password_command".into(),
                    ));
                }
                if smtp.user.is_some() && smtp.password.is_none() && smtp.password_command.is_none()
                {
                    return Err(err(
                        "user",
                        "[smtp] names a user but no password_command: add password_command = \"…\" whose first output line is the password".into(),
                    ));
                }
            }
            AuthMethod::Xoauth2 | AuthMethod::Oauthbearer => {
                if smtp.token_command.is_none() {
                    return Err(err(
                        "auth",
                        format!(
                            "auth = {:?} needs token_command = \"…\" whose first output line is the access token",
                            smtp.auth.as_str()
                        ),
                    ));
                }
                if smtp.user.is_none() && self.imap.is_none() {
                    return Err(err(
                        "auth",
                        "an OAuth2 login needs user = \"you@example.com\" under [smtp]".into(),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The compiled issue-key pattern (validated at load).
    pub fn issue_regex(&self) -> Regex {
        Regex::new(&self.desk.issue_pattern)
            .unwrap_or_else(|_| Regex::new(&default_issue_pattern()).expect("default pattern"))
    }

    /// The compiled resolved pattern (validated at load).
    pub fn resolved_regex(&self) -> Regex {
        Regex::new(&self.desk.resolved_pattern)
            .unwrap_or_else(|_| Regex::new(&default_resolved_pattern()).expect("default pattern"))
    }

    /// This user's own address, bare and lower case: the address part of
    /// `[team] from`, else the IMAP user. The author of their team actions.
    pub fn my_address(&self) -> Option<String> {
        let raw = self.from_address()?;
        let inner = match (raw.rfind('<'), raw.rfind('>')) {
            (Some(a), Some(b)) if a < b => &raw[a + 1..b],
            _ => raw.as_str(),
        };
        let a = inner.trim().to_lowercase();
        (a.contains('@') && !a.contains(char::is_whitespace)).then_some(a)
    }

    /// Whether a team action's author is one of the team: a `[team]`
    /// address, or, with none configured, this user.
    pub fn is_team_author(&self, author: &str) -> bool {
        let team = AddressSet::new(&self.team.addresses);
        if team.is_empty() {
            self.my_address().as_deref() == Some(&author.to_lowercase())
        } else {
            team.contains(author)
        }
    }

    /// The address drafts are sent from: `[team] from`, else the IMAP user.
    pub fn from_address(&self) -> Option<String> {
        self.team
            .from
            .clone()
            .or_else(|| self.imap.as_ref().map(|i| i.user.clone()))
    }
}

/// `[keys]` read: each value a key or a list of keys, with its line.
fn keys_of(table: &toml::Table, text: &str, name: &str) -> Result<KeysConfig, ConfigError> {
    let mut bindings = Vec::new();
    for (action, value) in table {
        let line = line_of_section_key(text, "keys", action);
        let bad = || ConfigError::Invalid {
            path: name.to_string(),
            line,
            message: format!(
                "[keys] {action} must be a key such as \"C-d\" or a list of keys such as [\"j\", \"Down\"]"
            ),
        };
        let keys = match value {
            toml::Value::String(k) => vec![k.clone()],
            toml::Value::Array(list) => list
                .iter()
                .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
                .collect::<Result<_, _>>()?,
            _ => return Err(bad()),
        };
        bindings.push(KeyBinding {
            action: action.clone(),
            keys,
            line,
        });
    }
    // In the file's order, so that an error names the first bad line.
    bindings.sort_by_key(|b| b.line);
    Ok(KeysConfig { bindings })
}

/// True for a key whose value is a secret: `password`, a token, a client
/// secret, however it is quoted, dotted or cased. `password_command` and
/// `token_command` count too: a command may hold the secret inline.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.trim().to_ascii_lowercase();
    let k = k.rsplit('.').next().unwrap_or(&k);
    let k = k.trim().trim_matches(['"', '\'']);
    ["password", "passwd", "token", "secret"]
        .iter()
        .any(|w| k.contains(w))
}

/// The key a config line sets (`password` in `  password = 1`), if any.
fn key_of_line(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('#') && !key.starts_with('[')).then_some(key)
}

/// A parse error's message, without any secret's value in it.
///
/// toml and serde quote the offending value ("invalid type: integer
/// `98765432`, expected a string"); for a secret that would put the password
/// on the terminal. When the error's line sets a secret key, only what was
/// expected is said; and any value written under a secret key anywhere in
/// the file is cut out of whatever message remains.
fn without_secrets(text: &str, line: usize, message: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = line
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .and_then(|l| key_of_line(l));
    let out = match at.filter(|k| is_secret_key(k)) {
        Some(key) => {
            let key = key.trim_matches(['"', '\'']);
            let expected = message
                .rsplit_once("expected ")
                .map(|(_, e)| e.lines().next().unwrap_or("").trim())
                .filter(|e| !e.is_empty() && e.len() < 80);
            match expected {
                Some(e) => {
                    format!("{key} has an invalid value (not shown: it is a secret); expected {e}")
                }
                None => format!(
                    "{key} has an invalid value (not shown: it is a secret); write it as a quoted string"
                ),
            }
        }
        None => message.to_string(),
    };
    scrub_secrets(text, out)
}

/// `message` with every value written under a secret key in `text` cut out.
fn scrub_secrets(text: &str, message: String) -> String {
    static ASSIGNMENT: std::sync::LazyLock<Option<Regex>> = std::sync::LazyLock::new(|| {
        // A secret key set anywhere: on a line of its own, in an inline
        // table (`imap = { password = 1 }`), quoted or dotted.
        Regex::new(
            r#"(?i)[A-Za-z0-9_."'-]*(?:password|passwd|token|secret)[A-Za-z0-9_"'-]*\s*=\s*("{3}[^\n]*|'{3}[^\n]*|"[^"\n]*"?|'[^'\n]*'?|[^,}\]\n#]*)"#,
        )
        .ok()
    });
    let mut out = message;
    let Some(re) = ASSIGNMENT.as_ref() else {
        return out;
    };
    for c in re.captures_iter(text) {
        let Some(value) = c.get(1) else { continue };
        let value = value.as_str().trim().trim_matches(['"', '\'']).trim();
        // Words as short as these are in the message for other reasons.
        if value.len() >= 4 && out.contains(value) {
            out = out.replace(value, "****");
        }
    }
    out
}

/// Refuses a config file that others may read when it holds a secret in
/// plain (`password = "…"`), as aerc does: a `password_command` names a
/// program and is not refused.
fn refuse_readable_secret(path: &Path, text: &str, name: &str) -> Result<(), ConfigError> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Ok(());
    };
    let Some(key) = plain_secret(&table) else {
        return Ok(());
    };
    let meta = std::fs::metadata(path).map_err(|source| ConfigError::Io {
        path: name.to_string(),
        cause: source,
    })?;
    if !crate::files::readable_by_others(&meta) {
        return Ok(());
    }
    use std::os::unix::fs::PermissionsExt;
    Err(ConfigError::Invalid {
        path: name.to_string(),
        line: line_of_key(text, key),
        message: format!(
            "the config holds a {key} and other users can read it (mode {:o}): run `chmod 600 {}`, or use {key}_command",
            meta.permissions().mode() & 0o777,
            path.display()
        ),
    })
}

/// The first secret key with a literal value, in any section.
fn plain_secret(table: &toml::Table) -> Option<&str> {
    table.iter().find_map(|(k, v)| match v {
        toml::Value::Table(t) => plain_secret(t),
        _ if is_secret_key(k) && !k.ends_with("_command") => Some(k.as_str()),
        _ => None,
    })
}

/// `[imap]`: a host and folders; a password in the file and no TLS only
/// for a loopback host.
fn validate_imap(
    imap: &ImapConfig,
    err: &dyn Fn(&str, String) -> ConfigError,
) -> Result<(), ConfigError> {
    if imap.host.trim().is_empty() {
        return Err(err("host", "host is empty: name the IMAP server".into()));
    }
    if imap.folders.is_empty() {
        return Err(err(
            "folders",
            "folders is empty: name at least one folder, such as \"INBOX\"".into(),
        ));
    }
    let loopback = is_loopback(&imap.host);
    if imap.password.is_some() && !loopback {
        return Err(err(
            "password",
            format!(
                "a password in the config file is accepted only for a loopback host, not {:?}: use password_command",
                imap.host
            ),
        ));
    }
    if imap.tls == TlsMode::None && !loopback {
        return Err(err(
            "tls",
            format!(
                "tls = \"none\" is refused for {:?}: only a loopback host may be reached unencrypted",
                imap.host
            ),
        ));
    }
    validate_auth(imap, err)
}

/// `[smtp] sendmail_command`: a program, and no host beside it.
fn validate_sendmail(
    smtp: &SmtpConfig,
    cmd: &str,
    err: &dyn Fn(&str, String) -> ConfigError,
) -> Result<(), ConfigError> {
    if cmd.split_whitespace().next().is_none() {
        return Err(err(
            "sendmail_command",
            "sendmail_command is empty: name a program, such as \"msmtp -a work\"".into(),
        ));
    }
    if smtp.host.is_some() {
        return Err(err(
            "sendmail_command",
            "[smtp] has both host and sendmail_command: keep one (the program, or the server)"
                .into(),
        ));
    }
    Ok(())
}

/// `[smtp] host`: given; a password in the file and no TLS only for a
/// loopback host.
fn validate_smtp_server(
    smtp: &SmtpConfig,
    err: &dyn Fn(&str, String) -> ConfigError,
) -> Result<(), ConfigError> {
    let host = smtp.host.as_deref().unwrap_or("");
    if host.trim().is_empty() {
        return Err(err(
            "host",
            "[smtp] needs host = \"smtp.example.com\" (or sendmail_command = \"…\")".into(),
        ));
    }
    let loopback = is_loopback(host);
    if smtp.tls == TlsMode::None && !loopback {
        return Err(err(
            "tls",
            format!(
                "tls = \"none\" is refused for {host:?}: only a loopback host may be reached unencrypted"
            ),
        ));
    }
    if smtp.password.is_some() && !loopback {
        return Err(err(
            "password",
            format!(
                "a password in the config file is accepted only for a loopback host, not {host:?}: use password_command"
            ),
        ));
    }
    Ok(())
}

/// The credential keys that go with `auth`: a password for `password`, a
/// `token_command` for the OAuth2 mechanisms, and not the other kind.
fn validate_auth(
    imap: &ImapConfig,
    err: &dyn Fn(&str, String) -> ConfigError,
) -> Result<(), ConfigError> {
    match imap.auth {
        AuthMethod::Password => {
            if imap.token_command.is_some() {
                return Err(err(
                    "token_command",
                    "token_command is for OAuth2: add auth = \"xoauth2\" (or \"oauthbearer\") to [imap], \
                     or use password_command for a password"
                        .into(),
                ));
            }
            if imap.password.is_none() && imap.password_command.is_none() {
                return Err(err(
                    "user",
                    "no password_command: add password_command = \"…\" whose first output line is the password \
                     (or auth = \"xoauth2\" with token_command for OAuth2)"
                        .into(),
                ));
            }
        }
        AuthMethod::Xoauth2 | AuthMethod::Oauthbearer => {
            let auth = imap.auth.as_str();
            for key in ["password_command", "password"] {
                let given = match key {
                    "password" => imap.password.is_some(),
                    _ => imap.password_command.is_some(),
                };
                if given {
                    return Err(err(
                        key,
                        format!(
                            "{key} is not used with auth = \"{auth}\": remove it, and give token_command \
                             (or set auth = \"password\")"
                        ),
                    ));
                }
            }
            match &imap.token_command {
                Some(c) if !c.trim().is_empty() => {}
                Some(_) => {
                    return Err(err(
                        "token_command",
                        "token_command is empty: name the program that prints an access token"
                            .into(),
                    ));
                }
                None => {
                    return Err(err(
                        "auth",
                        format!(
                            "auth = \"{auth}\" needs token_command = \"…\", a program whose first output \
                             line is an OAuth2 access token (oama, pizauth, a provider's CLI)"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// True for `localhost`, `127.0.0.0/8` and `::1`.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where `key = …` is written, or 1 when the key is not written
/// (its default was used).
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// The line of `key = …` inside `[section]`, else 1.
fn line_of_section_key(text: &str, section: &str, key: &str) -> usize {
    let header = format!("[{section}]");
    let Some(start) = text.lines().position(|l| l.trim() == header) else {
        return 1;
    };
    text.lines()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
        .unwrap_or(start + 1)
}

/// Matches addresses against a list of `name@domain` and `*@domain` patterns.
#[derive(Debug, Clone, Default)]
pub struct AddressSet {
    exact: Vec<String>,
    domains: Vec<String>,
}

impl AddressSet {
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Self {
        let mut set = AddressSet::default();
        for p in patterns {
            let p = p.as_ref().trim().to_ascii_lowercase();
            match p.strip_prefix("*@") {
                Some(d) => set.domains.push(d.to_string()),
                None => set.exact.push(p),
            }
        }
        set
    }

    pub fn add_exact(&mut self, email: &str) {
        self.exact.push(email.to_ascii_lowercase());
    }

    pub fn add_domain(&mut self, domain: &str) {
        self.domains.push(domain.to_ascii_lowercase());
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.domains.is_empty()
    }

    /// The set's patterns, `name@domain` then `*@domain`, each in sorted
    /// order: what a fingerprint of the set hashes.
    pub fn patterns(&self) -> Vec<String> {
        let mut exact = self.exact.clone();
        exact.sort();
        let mut domains: Vec<String> = self.domains.iter().map(|d| format!("*@{d}")).collect();
        domains.sort();
        exact.extend(domains);
        exact
    }

    /// Whether `email` is on the domain of one of the set's addresses or
    /// domains (the desk's notifier beside a one-address `[desk]`).
    pub fn shares_domain(&self, email: &str) -> bool {
        let email = email.to_ascii_lowercase();
        let Some((_, domain)) = email.rsplit_once('@') else {
            return false;
        };
        self.domains.iter().any(|d| d == domain)
            || self
                .exact
                .iter()
                .any(|e| e.rsplit_once('@').is_some_and(|(_, d)| d == domain))
    }

    pub fn contains(&self, email: &str) -> bool {
        let email = email.to_ascii_lowercase();
        if self.exact.contains(&email) {
            return true;
        }
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        self.domains.iter().any(|d| d == domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_has_contract_defaults() {
        let c = Config::parse_str("", "x.toml").expect("parses");
        assert!(c.imap.is_none());
        assert_eq!(c.desk.issue_pattern, "VSD-[0-9]+");
        assert_eq!(c.desk.new_problem_after_days, 14);
        assert_eq!(c.desk.escalate_after_days, 5);
        assert_eq!(c.desk.ack_after_hours, 24);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let e = Config::parse_str(
            "[desk]\nissue_pattern = \"VSD-[0-9]+\"\nbogus = 1\n",
            "c.toml",
        )
        .expect_err("an error")
        .to_string();
        assert!(e.starts_with("c.toml:3:"), "{e}");
        assert!(e.contains("bogus"), "{e}");
    }

    #[test]
    fn bad_regex_names_its_line() {
        let e = Config::parse_str("[desk]\n\nissue_pattern = \"VSD-[\"\n", "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.starts_with("c.toml:3:"), "{e}");
        assert!(e.contains("issue_pattern"), "{e}");
    }

    #[test]
    fn password_only_for_loopback() {
        let t = "[imap]\nhost = \"imap.example.com\"\nuser = \"u\"\npassword = \"p\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.starts_with("c.toml:4:"), "{e}");
        let t = "[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\npassword = \"p\"\ntls = \"none\"\n";
        assert!(Config::parse_str(t, "c.toml").is_ok());
    }

    #[test]
    fn tls_none_refused_off_loopback() {
        let t = "[imap]\nhost = \"mail.example.com\"\nuser = \"u\"\npassword_command = \"echo p\"\ntls = \"none\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.contains("c.toml:5:"), "{e}");
    }

    #[test]
    fn oauth2_needs_token_command_named_at_auth_line() {
        let t = "[imap]\nhost = \"imap.gmail.com\"\nuser = \"u\"\nauth = \"xoauth2\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.starts_with("c.toml:4:"), "{e}");
        assert!(e.contains("token_command"), "{e}");
        let t = "[imap]\nhost = \"imap.gmail.com\"\nuser = \"u\"\nauth = \"oauthbearer\"\ntoken_command = \"oama access u\"\n";
        let c = Config::parse_str(t, "c.toml").expect("parses");
        let imap = c.imap.expect("imap");
        assert_eq!(imap.auth, AuthMethod::Oauthbearer);
        assert_eq!(imap.token_command.as_deref(), Some("oama access u"));
    }

    #[test]
    fn oauth2_refuses_password_keys_and_password_refuses_token_command() {
        let t = "[imap]\nhost = \"h.example.com\"\nuser = \"u\"\nauth = \"xoauth2\"\ntoken_command = \"t\"\npassword_command = \"p\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.starts_with("c.toml:6:"), "{e}");
        assert!(e.contains("password_command is not used"), "{e}");
        let t = "[imap]\nhost = \"h.example.com\"\nuser = \"u\"\ntoken_command = \"t\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.starts_with("c.toml:4:"), "{e}");
        assert!(e.contains("auth = \"xoauth2\""), "{e}");
        let t = "[imap]\nhost = \"h.example.com\"\nuser = \"u\"\nauth = \"kerberos\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("an error")
            .to_string();
        assert!(e.starts_with("c.toml:4:"), "{e}");
    }

    #[test]
    fn case_pattern_alternative_compiles() {
        let c = Config::parse_str("[desk]\nissue_pattern = \"VSD-[0-9]+|Case [0-9]+\"\n", "c")
            .expect("parses");
        let re = c.issue_regex();
        assert!(re.is_match("Re: Case 123456 refund"));
    }

    #[test]
    fn max_message_size_takes_units_and_bare_bytes() {
        let base = "[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\npassword = \"p\"\n";
        let size = |v: &str| {
            Config::parse_str(&format!("{base}max_message_size = {v}\n"), "c.toml")
                .map(|c| c.imap.and_then(|i| i.max_message_size))
        };
        assert_eq!(size("\"50MB\"").ok(), Some(Some(50 << 20)));
        assert_eq!(size("\"512 kb\"").ok(), Some(Some(512 << 10)));
        assert_eq!(size("\"2GB\"").ok(), Some(Some(2 << 30)));
        assert_eq!(size("\"100B\"").ok(), Some(Some(100)));
        assert_eq!(size("1000").ok(), Some(Some(1000)));
        assert_eq!(size("0").ok(), Some(None), "zero is no limit");
        let c = Config::parse_str(base, "c.toml").expect("parses");
        assert_eq!(
            c.imap.and_then(|i| i.max_message_size),
            Some(50 << 20),
            "the default"
        );
        for bad in ["\"50 furlongs\"", "\"MB\"", "-5", "\"\""] {
            let e = size(bad).expect_err(bad).to_string();
            assert!(e.starts_with("c.toml:5:"), "{bad}: {e}");
        }
        let e = size("\"50 furlongs\"").expect_err("bad").to_string();
        assert!(e.contains("\"50 furlongs\" is not a size"), "{e}");
    }

    #[test]
    fn smtp_errors_name_the_smtp_line() {
        let t = "[imap]\nhost = \"imap.example.com\"\nuser = \"u\"\npassword_command = \"echo p\"\ntls = \"none\"\n";
        assert!(Config::parse_str(t, "c").is_err());
        let t = "[smtp]\nhost = \"smtp.example.com\"\nport = 587\ntls = \"none\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("refused")
            .to_string();
        assert!(e.starts_with("c.toml:4:"), "{e}");
        let t = "[smtp]\nhost = \"smtp.example.com\"\nuser = \"u\"\nauth = \"xoauth2\"\n";
        let e = Config::parse_str(t, "c.toml")
            .expect_err("refused")
            .to_string();
        assert!(
            e.starts_with("c.toml:4:") && e.contains("token_command"),
            "{e}"
        );
        let t = "[smtp]\nsendmail_command = \"msmtp -a work\"\nsave_copy = \"never\"\n";
        let c = Config::parse_str(t, "c.toml").expect("parses");
        let smtp = c.smtp.expect("smtp");
        assert_eq!(smtp.save_copy, SaveCopy::Never);
        let t = "[smtp]\nhost = \"smtp.example.com\"\nsendmail_command = \"msmtp\"\n";
        assert!(Config::parse_str(t, "c.toml").is_err());
    }

    #[test]
    fn smtp_port_follows_tls() {
        let c = Config::parse_str("[smtp]\nhost = \"smtp.example.com\"\n", "c").expect("parses");
        let smtp = c.smtp.expect("smtp");
        assert_eq!((smtp.tls, smtp.port()), (TlsMode::Starttls, 587));
        let c = Config::parse_str(
            "[smtp]\nhost = \"smtp.example.com\"\ntls = \"implicit\"\n",
            "c",
        )
        .expect("parses");
        assert_eq!(c.smtp.expect("smtp").port(), 465);
    }

    #[test]
    fn sent_folder_defaults_to_one_that_looks_like_sent() {
        let base = "[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\npassword = \"p\"\n";
        let c = Config::parse_str(
            &format!("{base}folders = [\"INBOX\", \"Sendte elementer\"]\n"),
            "c",
        )
        .expect("parses");
        assert_eq!(c.imap.expect("imap").sent_folder(), "Sendte elementer");
        let c = Config::parse_str(&format!("{base}folders = [\"INBOX\"]\n"), "c").expect("parses");
        assert_eq!(c.imap.expect("imap").sent_folder(), "Sent");
        let c = Config::parse_str(
            &format!("{base}folders = [\"INBOX\", \"[Gmail]/Sent Mail\"]\nsent_folder = \"Out\"\n"),
            "c",
        )
        .expect("parses");
        assert_eq!(c.imap.expect("imap").sent_folder(), "Out");
        assert!(looks_like_sent("[Gmail]/Sent Mail"));
        assert!(!looks_like_sent("INBOX"));
    }

    #[test]
    fn address_set_matches_domains() {
        let s = AddressSet::new(&["team@example.com", "*@example.org"]);
        assert!(s.contains("TEAM@example.com"));
        assert!(s.contains("kari@example.org"));
        assert!(!s.contains("kari@example.net"));
    }
}

#[cfg(test)]
mod secret_tests {
    use super::*;

    fn error_of(text: &str) -> String {
        Config::parse_str(text, "c.toml")
            .expect_err("an error")
            .to_string()
    }

    /// The issue's case: an unquoted number as the password was echoed in
    /// the type error.
    #[test]
    fn config_type_error_does_not_echo_password() {
        let e = error_of("[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\npassword = 98765432\n");
        assert!(!e.contains("98765432"), "{e}");
        assert!(e.starts_with("c.toml:4:"), "{e}");
        assert!(e.contains("password"), "{e}");
        assert!(e.contains("string"), "says what was expected: {e}");
    }

    /// Every way of writing a secret's value wrongly, under every secret
    /// key, is refused without the value.
    #[test]
    fn no_config_value_error_echoes_a_secret() {
        let secret = "Hunter2Hunter2";
        let values = [
            secret.to_string(),
            format!("\"{secret}"),
            format!("'{secret}"),
            format!("[\"{secret}\"]"),
            format!("{{ x = \"{secret}\" }}"),
            format!("\"{secret}\" trailing"),
            format!("\"\"\"{secret}"),
            "98765432198765".to_string(),
            "1.5e300".to_string(),
        ];
        for key in [
            "password",
            "token",
            "client_secret",
            "\"password\"",
            "PASSWORD",
        ] {
            for v in &values {
                let text = format!("[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\n{key} = {v}\n");
                let Err(e) = Config::parse_str(&text, "c.toml") else {
                    continue;
                };
                let e = e.to_string();
                assert!(!e.contains(secret), "{key} = {v}: {e}");
                assert!(!e.contains("98765432198765"), "{key} = {v}: {e}");
                assert!(!e.contains("1.5e300"), "{key} = {v}: {e}");
            }
        }
    }

    #[test]
    fn inline_table_password_is_not_echoed() {
        for text in [
            "imap = { host = \"127.0.0.1\", user = \"u\", password = 98765432 }\n",
            "[imap]\nhost = \"127.0.0.1\"\nuser = \"u\"\n\"password\" = 98765432\n",
            "imap.host = \"127.0.0.1\"\nimap.user = \"u\"\nimap.password = 98765432\n",
        ] {
            let e = error_of(text);
            assert!(!e.contains("98765432"), "{text}: {e}");
        }
    }

    /// A secret is cut out of an error on another line too (a validation
    /// message that would quote it).
    #[test]
    fn secret_values_are_scrubbed_from_any_message() {
        let text = "[imap]\nhost = \"s3cretpass\"\nuser = \"u\"\npassword = \"s3cretpass\"\n";
        let e = error_of(text);
        assert!(!e.contains("s3cretpass"), "{e}");
    }

    #[test]
    fn keys_take_a_key_or_a_list_with_their_lines() {
        let text = "[ui]\nopener = [\"xdg-open\"]\n\n[keys]\nsearch = \"/\"\ndown = [\"j\", \"C-n\"]\nreply = []\n";
        let cfg = Config::parse_str(text, "c.toml").expect("loads");
        let b = &cfg.keys.bindings;
        assert_eq!(b.len(), 3);
        assert_eq!(
            (b[0].action.as_str(), b[0].keys.clone(), b[0].line),
            ("search", vec!["/".to_string()], 5)
        );
        assert_eq!(
            (b[1].action.as_str(), b[1].keys.clone(), b[1].line),
            ("down", vec!["j".to_string(), "C-n".to_string()], 6)
        );
        assert!(b[2].keys.is_empty());
        let e = Config::parse_str("[keys]\n\ndown = 5\n", "c.toml").expect_err("a number");
        assert!(
            e.to_string()
                .starts_with("c.toml:3: [keys] down must be a key"),
            "{e}"
        );
    }

    #[test]
    fn secret_keys_are_recognised() {
        for k in [
            "password",
            "imap.password",
            "token",
            "\"client_secret\"",
            "password_command",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in ["host", "user", "tls", "folders"] {
            assert!(!is_secret_key(k), "{k}");
        }
    }
}
