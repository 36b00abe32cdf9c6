//! The config `vsd init` writes, as commented TOML text made from the
//! answers: one section at a time, each key with a line on what it is.

use super::{Answers, Auth, tls_name};
use crate::config::TlsMode;

/// A TOML string, escaped as TOML wants.
pub(super) fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub(super) fn q_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| q(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A `key = value` line with its comment aligned.
pub(super) fn line(out: &mut String, key_value: String, comment: &str) {
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
pub(super) fn render_imap(t: &mut String, a: &Answers) {
    t.push_str("[imap]\n");
    server_lines(t, a, (&a.host, a.port, a.tls), true);
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

/// Where a server is and how vsd signs in to it, as `[imap]` and `[smtp]`
/// both write it; `explain` adds the comments that `[imap]`, read first,
/// carries.
fn server_lines(
    t: &mut String,
    a: &Answers,
    (host, port, tls): (&str, u16, TlsMode),
    explain: bool,
) {
    let say = |comment: &'static str| if explain { comment } else { "" };
    line(t, format!("host = {}", q(host)), say("the IMAP server"));
    line(t, format!("port = {port}"), "");
    line(
        t,
        format!("tls = {}", q(tls_name(tls))),
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
                say("its first output line is the password"),
            );
        }
        Auth::Xoauth2 | Auth::Oauthbearer => {
            line(
                t,
                format!("auth = {}", q(a.auth.name())),
                say("password | xoauth2 | oauthbearer"),
            );
            line(
                t,
                format!("token_command = {}", q(&a.secret_command)),
                say("its first output line is an access token; run at every connect"),
            );
        }
    }
}

/// The `[smtp]` section, or a commented one to fill in.
pub(super) fn render_smtp(t: &mut String, a: &Answers) {
    match &a.smtp {
        Some(s) => {
            t.push_str(
                "[smtp]                             # sending; without it, vsd drafts only\n",
            );
            server_lines(t, a, (&s.host, s.port, s.tls), false);
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
pub(super) fn render_desk(t: &mut String, a: &Answers) {
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
pub(super) fn render_team_and_ui(t: &mut String, a: &Answers) {
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
