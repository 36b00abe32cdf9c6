//! What `vsd init` learns from the server once the config is written: does
//! it connect and sign in (and what to fix when not), and which of the
//! configured folders it has, with the choice of others when one is missing.

use super::{Ask, Auth, list};
use crate::app::Failure;
use crate::imap::{self, ImapError, ListedFolder};
use std::io::Write;
use std::path::Path;

/// `folder "A" is` or `folders "A", "B" are`.
pub(super) fn folder_words(names: &[String]) -> String {
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
pub(super) fn pick_folders(
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

/// Which config keys to look at for a failed connection.
pub(super) fn what_to_fix(e: &ImapError, auth: Auth) -> String {
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
pub(super) fn check_connection(
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
pub(super) fn has_folder(listed: &[ListedFolder], name: &str) -> bool {
    listed.iter().any(|l| {
        l.selectable
            && (l.name == name
                || (l.name.eq_ignore_ascii_case("INBOX") && name.eq_ignore_ascii_case("INBOX")))
    })
}

/// "the server has: …", each name as the config must write it, the special
/// ones marked; names are sanitised, since they come from the server.
pub(super) fn server_folders(listed: &[ListedFolder]) -> String {
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
