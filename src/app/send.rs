//! `vsd send FILE.eml | --saved KEY` and the send step of `vsd draft … --send`
//! and the TUI: the lint again, then the send, then the Sent copy, the
//! store and the event log.
//!
//! The order is what keeps a draft from going out twice. The attempt is
//! claimed in the store (`sending`, committed) before the first byte goes
//! out and marked `sent` after the server took it. A claim found at
//! `sending` means a vsd stopped in between: the message may have gone out,
//! so vsd says so and sends only when told to (`--resend`); a `sent` one is
//! refused the same way. A refusal by the server marks it `failed`, which
//! may be tried again.

use super::{Failure, Paths, lint, open_existing};
use crate::app::text::rule_names;
use crate::config::{Config, SaveCopy};
use crate::error::ErrorKind;
use crate::issues::Flag;
use crate::send::{Outgoing, SendError, Transport};
use crate::store::{SendRecord, SendState, Store, StoreError};
use crate::sync::ingest;
use anyhow::Context;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::Path;

/// What the user allowed.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// Send even when the draft breaks a rule.
    pub force: bool,
    /// Send even when the record says it was sent, or may have been.
    pub resend: bool,
    /// This process holds the store's writer lock already (the TUI).
    pub holds_lock: bool,
    /// Where the send's records go (the TUI's sync worker, while it runs).
    pub writer: super::writer::StoreWriter,
}

/// What became of a send.
#[derive(Debug)]
pub enum SendOutcome {
    Sent(Box<SentReport>),
    /// The lint refused it (without `--force`); nothing was sent.
    Refused {
        flags: Vec<crate::issues::Flag>,
    },
}

/// A message that went out, and what followed.
#[derive(Debug)]
pub struct SentReport {
    pub message_id: String,
    pub recipients: Vec<String>,
    pub transport: String,
    pub answer: String,
    /// What became of the Sent copy, in words.
    pub copy: String,
    /// The issue the message is stored under, once grouped.
    pub issue: Option<crate::issues::IssueId>,
    /// Things the user should know (a Sent copy that failed, a busy store).
    pub warnings: Vec<String>,
}

/// A send error, typed to the edge: `main` reads its kind.
fn send_failure(e: SendError) -> anyhow::Error {
    e.into()
}

fn when(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The issue a draft replies to, by its In-Reply-To and References, when the
/// store knows one of them.
fn replied_issue(store: &Store, raw: &[u8]) -> anyhow::Result<Option<crate::issues::IssueId>> {
    let Ok(msg) = crate::mail::parse(raw) else {
        return Ok(None);
    };
    for id in msg.in_reply_to.iter().chain(msg.references.iter().rev()) {
        if let Some(issue) = store.issue_of_message(id)? {
            return Ok(Some(issue));
        }
    }
    Ok(None)
}

/// Lints, claims, sends, files the Sent copy, stores and logs one draft.
/// `lint_issue` is the issue the draft is checked against (else the one it
/// replies to, when the store knows it).
pub fn send_raw(
    paths: &Paths,
    cfg: &Config,
    raw: Vec<u8>,
    origin: &str,
    lint_issue: Option<&str>,
    opts: SendOptions,
) -> anyhow::Result<SendOutcome> {
    let transport = Transport::from_config(cfg).map_err(send_failure)?;
    let outgoing = Outgoing::from_draft(&raw, origin).map_err(send_failure)?;
    let known_issue = match lint_issue {
        Some(k) => Some(crate::issues::IssueId::from_stored(k)),
        None if paths.db.exists() => replied_issue(&open_existing(paths)?, &raw)?,
        None => None,
    };
    let (_, flags) = lint(paths, cfg, raw.clone(), origin, known_issue.as_deref())?;
    if !flags.is_empty() && !opts.force {
        return Ok(SendOutcome::Refused { flags });
    }
    // The secret first: a password_command that fails leaves no claim behind.
    let secret = transport.secret(cfg).map_err(send_failure)?;
    let mut store = Store::open(&paths.db)?;
    let described = transport.describe();
    let started = Utc::now();
    let w = &opts.writer;
    let (id, by, resend) = (outgoing.message_id.clone(), described.clone(), opts.resend);
    let claimed = w.write(&mut store, move |s| s.claim_send(&id, &by, started, resend))??;
    if let Err(before) = claimed {
        return Err(claimed_before(cfg, &outgoing.message_id, &before));
    }
    let answer = deliver(&transport, &outgoing, secret.as_ref(), w, &mut store)?;
    let (copy, issue, warnings) = keep_sent(paths, cfg, &mut store, &outgoing, &raw, &opts);
    let issue = issue.or(known_issue);
    let detail = sent_detail(&outgoing, &described, &flags, &copy);
    let key = issue
        .as_ref()
        .and_then(|id| id.as_key())
        .map(str::to_string);
    w.write(&mut store, move |s| {
        s.append_event(
            key.as_deref(),
            crate::issues::EventKind::Sent,
            &detail,
            Utc::now(),
        )
    })??;
    Ok(SendOutcome::Sent(Box::new(SentReport {
        message_id: outgoing.message_id,
        recipients: outgoing.envelope_to,
        transport: described,
        answer,
        copy,
        issue,
        warnings,
    })))
}

/// Hands the message to the transport and records the outcome: sent,
/// failed, or (when the server may have taken it) left at "sending" for
/// the user to tell.
fn deliver(
    transport: &Transport,
    outgoing: &Outgoing,
    secret: Option<&crate::send::Secret>,
    w: &super::writer::StoreWriter,
    store: &mut Store,
) -> anyhow::Result<String> {
    let answer = match transport.send(outgoing, secret) {
        Ok(a) => a,
        Err(e) => {
            let now = Utc::now();
            if e.maybe_sent() {
                // Left at 'sending': only the user can tell.
                tracing::warn!(message_id = %outgoing.message_id, "send outcome unknown: {e}");
            } else {
                let (id, why) = (outgoing.message_id.clone(), e.to_string());
                w.write(store, move |s| {
                    s.finish_send(&id, SendState::Failed, &why, now)
                })??;
            }
            return Err(send_failure(e));
        }
    };
    let (id, said) = (outgoing.message_id.clone(), answer.clone());
    w.write(store, move |s| {
        s.finish_send(&id, SendState::Sent, &said, Utc::now())
    })??;
    Ok(answer)
}

/// After the send: the Sent copy filed and the message stored under its
/// issue. Neither unsends it, so each failure is a warning: what the copy
/// became, the issue it was stored under (when it was), and the warnings.
fn keep_sent(
    paths: &Paths,
    cfg: &Config,
    store: &mut Store,
    outgoing: &Outgoing,
    raw: &[u8],
    opts: &SendOptions,
) -> (String, Option<crate::issues::IssueId>, Vec<String>) {
    let mut warnings = Vec::new();
    let copy = match file_copy(cfg, outgoing, raw) {
        Ok(words) => words,
        Err(e) => {
            warnings.push(format!(
                "sent, but the Sent copy was not filed: {}",
                super::describe(&e)
            ));
            "not filed".into()
        }
    };
    let issue = match record(paths, cfg, store, raw, opts) {
        Ok(issue) => issue,
        Err(e) => {
            warnings.push(format!("sent, but not stored yet: {}", super::describe(&e)));
            None
        }
    };
    (copy, issue, warnings)
}

/// Why a message claimed before is not sent again: it was sent, or vsd
/// stopped before the server's answer came.
fn claimed_before(cfg: &Config, id: &str, before: &SendRecord) -> anyhow::Error {
    let sent_folder = cfg
        .imap
        .as_ref()
        .map(|i| i.sent_folder())
        .unwrap_or_else(|| "Sent".into());
    Failure::Usage(match before.state {
        SendState::Sent => format!(
            "{id} was sent already, at {} by {} ({}); --resend sends it again",
            when(before.finished_at.unwrap_or(before.started_at)),
            before.transport,
            before.detail
        ),
        _ => format!(
            "{id} may have been sent at {} by {}: vsd stopped before the server's answer came. \
             Look for it in the {sent_folder} folder (or ask the desk); --resend sends it anyway",
            when(before.started_at),
            before.transport
        ),
    })
    .into()
}

/// The sent event's detail: to whom, how, despite which rules, and the
/// Sent copy.
fn sent_detail(outgoing: &Outgoing, described: &str, flags: &[Flag], copy: &str) -> String {
    let forced = if flags.is_empty() {
        String::new()
    } else {
        format!(", with --force despite {}", rule_names(flags))
    };
    let bcc = if outgoing.bcc_count > 0 {
        format!(" ({} by Bcc)", outgoing.bcc_count)
    } else {
        String::new()
    };
    format!(
        "{} sent to {}{bcc} by {described}{forced}; Sent copy {copy}",
        outgoing.message_id,
        outgoing.envelope_to.join(", ")
    )
}

/// Files the Sent copy as `save_copy` says; returns what was done, in words.
fn file_copy(cfg: &Config, outgoing: &Outgoing, raw: &[u8]) -> anyhow::Result<String> {
    let mode = cfg.smtp.as_ref().map(|s| s.save_copy).unwrap_or_default();
    if mode == SaveCopy::Never {
        return Ok("not filed (save_copy = \"never\")".into());
    }
    let Some(imap_cfg) = &cfg.imap else {
        return Ok("not filed (no [imap] account)".into());
    };
    let folder = imap_cfg.sent_folder();
    let failure = |e: crate::imap::ImapError| -> anyhow::Error {
        Failure::because(
            ErrorKind::Server,
            format!("cannot file the Sent copy in {folder:?}"),
            e,
        )
        .into()
    };
    let credential = crate::imap::credential(imap_cfg).map_err(failure)?;
    let mut session = crate::imap::connect(imap_cfg, &credential).map_err(failure)?;
    let selected = session.select(&folder);
    if matches!(selected, Err(crate::imap::ImapError::NoFolder { .. })) {
        session.create(&folder).map_err(failure)?;
    } else if mode == SaveCopy::Auto {
        selected.map_err(failure)?;
        // Gmail and Microsoft 365 file the message themselves, sometimes a
        // moment after accepting it: look twice before filing a second copy.
        for attempt in 0..2 {
            if attempt > 0 {
                std::thread::sleep(std::time::Duration::from_millis(1500));
                session.noop().map_err(failure)?;
            }
            let uids = session
                .find_message_id(&outgoing.message_id)
                .map_err(failure)?;
            if !uids.is_empty() {
                let set = uids
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                let exact = session
                    .message_ids(&set)
                    .map_err(failure)?
                    .into_iter()
                    .any(|(_, id)| id.as_deref() == Some(outgoing.message_id.as_str()));
                if exact {
                    session.logout();
                    return Ok(format!("filed by the server in {folder}"));
                }
            }
        }
    }
    let uid = session.append(&folder, raw, &["\\Seen"]).map_err(failure)?;
    session.logout();
    Ok(format!(
        "appended to {folder}{}",
        uid.map(|u| format!(" (UID {u})")).unwrap_or_default()
    ))
}

/// Stores the sent message as the team's, so the issue's status follows at
/// once; returns its issue. Skipped (with an error) when another vsd holds
/// the store: it will find the message in the Sent folder.
fn record(
    paths: &Paths,
    cfg: &Config,
    store: &mut Store,
    raw: &[u8],
    opts: &SendOptions,
) -> anyhow::Result<Option<crate::issues::IssueId>> {
    let _lock = if opts.holds_lock {
        None
    } else {
        match Store::lock_writer(&paths.db) {
            Ok(l) => Some(l),
            Err(StoreError::Busy { .. }) => {
                return Err(anyhow::anyhow!(
                    "another vsd is writing to the store; the message is stored at its next sync of the Sent folder"
                ));
            }
            Err(e) => return Err(e.into()),
        }
    };
    let (cfg, raw) = (cfg.clone(), raw.to_vec());
    opts.writer.write(
        store,
        move |store| -> anyhow::Result<Option<crate::issues::IssueId>> {
            ingest::ingest(
                store,
                &cfg,
                vec![ingest::Incoming {
                    raw: raw.clone(),
                    origin: "the sent message".into(),
                    fallback_date: Some(Utc::now()),
                    location: None,
                }],
            )?;
            store.regroup(&cfg)?;
            let id = crate::mail::parse(&raw)
                .map(|m| m.message_id)
                .context("cannot read the sent message again")?;
            Ok(store.issue_of_message(&id)?)
        },
    )?
}

/// Prints a send's outcome; 0 when sent, 1 when the lint refused it.
pub fn report(outcome: &SendOutcome, out: &mut dyn Write) -> anyhow::Result<u8> {
    match outcome {
        SendOutcome::Sent(r) => {
            for w in &r.warnings {
                eprintln!("vsd: {w}");
            }
            writeln!(
                out,
                "sent {} to {} by {}{}; Sent copy {}",
                r.message_id,
                r.recipients.join(", "),
                r.transport,
                r.issue
                    .as_ref()
                    .map(|i| format!(" ({i})"))
                    .unwrap_or_default(),
                r.copy
            )?;
            Ok(0)
        }
        SendOutcome::Refused { flags } => {
            eprintln!(
                "vsd: the draft breaks the desk's rules and was not sent (--force sends it anyway):\n{}",
                super::draft::describe_flags(flags)
            );
            Ok(1)
        }
    }
}

/// `vsd send FILE.eml`
pub fn send_file(
    paths: &Paths,
    cfg: &Config,
    file: &Path,
    opts: SendOptions,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let raw = std::fs::read(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    let outcome = send_raw(paths, cfg, raw, &file.display().to_string(), None, opts)?;
    report(&outcome, out)
}

/// `vsd send --saved KEY`: the newest draft vsd wrote for the issue, from
/// its file or the IMAP drafts folder.
pub fn send_saved(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    opts: SendOptions,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let store = open_existing(paths)?;
    let issue = if key.eq_ignore_ascii_case("new") {
        "new".to_string()
    } else {
        store
            .resolve_id(key)
            .map_or_else(|_| key.to_string(), |id| id.as_str().to_string())
    };
    let saved = store.newest_draft(&issue)?.ok_or_else(|| {
        Failure::Usage(format!(
            "no draft of {key} was written by vsd (vsd draft reply {key} writes one; vsd send FILE.eml sends a file)"
        ))
    })?;
    drop(store);
    let (raw, origin) = match (&saved.path, &saved.folder, saved.uid) {
        (Some(p), _, _) => (
            std::fs::read(p)
                .map_err(|e| Failure::Usage(format!("cannot read the draft {p} of {key}: {e}")))?,
            p.clone(),
        ),
        (None, Some(folder), Some(uid)) => (
            fetch_saved(cfg, folder, saved.uidvalidity, uid)?,
            format!("{folder} UID {uid}"),
        ),
        _ => {
            return Err(Failure::Usage(format!(
                "the record of {key}'s draft {} says neither file nor folder",
                saved.message_id
            ))
            .into());
        }
    };
    let lint_issue = saved.issue_id.clone();
    let outcome = send_raw(paths, cfg, raw, &origin, lint_issue.as_deref(), opts)?;
    let code = report(&outcome, out)?;
    // A sent draft leaves the drafts folder, as in any mail client; the
    // send itself stands whatever happens here.
    if let (SendOutcome::Sent(_), None, Some(folder), Some(uid)) =
        (&outcome, &saved.path, &saved.folder, saved.uid)
    {
        match remove_saved(cfg, folder, saved.uidvalidity, uid) {
            Ok(true) => writeln!(out, "removed the draft from {folder:?}")?,
            Ok(false) => writeln!(
                out,
                "the draft in {folder:?} is marked deleted (the server cannot expunge one message alone)"
            )?,
            Err(e) => writeln!(
                out,
                "the draft stays in {folder:?}: {}",
                crate::text::sanitize::sanitize(&e)
            )?,
        }
    }
    Ok(code)
}

/// Signs in and selects the folder a draft was saved to; None when the
/// folder was recreated since (its UIDVALIDITY changed, so the saved UID
/// names nothing).
fn open_drafts(
    imap_cfg: &crate::config::ImapConfig,
    folder: &str,
    uidvalidity: Option<u32>,
) -> Result<Option<crate::imap::Session<crate::imap::Transport>>, crate::imap::ImapError> {
    let credential = crate::imap::credential(imap_cfg)?;
    let mut session = crate::imap::connect(imap_cfg, &credential)?;
    let st = session.select(folder)?;
    if uidvalidity.is_some_and(|v| v != st.uidvalidity) {
        session.logout();
        return Ok(None);
    }
    Ok(Some(session))
}

/// Takes a sent draft out of the drafts folder, if the folder is still the
/// one it was saved to.
fn remove_saved(
    cfg: &Config,
    folder: &str,
    uidvalidity: Option<u32>,
    uid: u32,
) -> Result<bool, String> {
    let Some(imap_cfg) = &cfg.imap else {
        return Err("the config has no [imap] section".into());
    };
    let e = |e: crate::imap::ImapError| e.to_string();
    let Some(mut session) = open_drafts(imap_cfg, folder, uidvalidity).map_err(e)? else {
        return Err("the folder was recreated since the draft was saved".into());
    };
    let gone = session.remove(uid).map_err(e)?;
    session.logout();
    Ok(gone)
}

fn fetch_saved(
    cfg: &Config,
    folder: &str,
    uidvalidity: Option<u32>,
    uid: u32,
) -> anyhow::Result<Vec<u8>> {
    let Some(imap_cfg) = &cfg.imap else {
        return Err(Failure::Usage(format!(
            "the draft is in the IMAP folder {folder:?}, and the config has no [imap] section"
        ))
        .into());
    };
    let failure = |e: crate::imap::ImapError| -> anyhow::Error {
        Failure::because(
            ErrorKind::Server,
            format!("cannot read the draft from {folder:?}"),
            e,
        )
        .into()
    };
    let mut session = match open_drafts(imap_cfg, folder, uidvalidity).map_err(failure)? {
        Some(s) => s,
        None => {
            return Err(Failure::Usage(format!(
                "the folder {folder:?} was recreated since the draft was saved (UIDVALIDITY changed): send it from a file"
            ))
            .into());
        }
    };
    let found = session.fetch(&uid.to_string()).map_err(failure)?;
    session.logout();
    found
        .into_iter()
        .find(|f| f.uid == uid)
        .map(|f| f.raw)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "the draft (UID {uid}) is no longer in {folder:?}: it was deleted or moved"
            ))
            .into()
        })
}
