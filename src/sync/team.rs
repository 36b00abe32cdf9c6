//! The state folder: the team's actions shared through the mailbox.
//!
//! Every operation ([`crate::issues::team::Op`]) is one small message in
//! `[imap] state_folder` (default `VSD-State`, created when missing): Subject
//! `vsd op <id>`, From its author, a JSON body. vsd appends, never edits or
//! deletes. A sync of the folder
//!
//! 1. reads the messages above the UIDNEXT it stopped at (all of them in a
//!    new incarnation: another UIDVALIDITY), and stores each operation it has
//!    not seen, with its event. A message that is no operation, or one whose
//!    author is not a team address, is skipped and reported, never the end of
//!    the sync. UIDNEXT never passes a UID the server listed but did not
//!    deliver;
//! 2. appends, in the order the store learnt them, every operation the store
//!    holds that is not in this incarnation of the folder: its own outbox,
//!    and, when the folder was emptied or recreated, everything, so the
//!    folder is filled again from what the stores hold.
//!
//! It runs beside the mail folders on every connection (`vsd sync`, `--watch`
//! and the TUI's worker), after them, so a failure here never costs mail.

use super::{SyncError, SyncEvent};
use crate::config::Config;
use crate::imap::{FolderStatus, ImapError, Session};
use crate::issues::team::{Op, OpKind};
use crate::store::{Store, TeamAdded};
use crate::text::sanitize::sanitize;
use std::io::{Read, Write};

/// The largest operation message read; operations are a few hundred bytes.
const MAX_OP_BYTES: usize = 256 * 1024;
/// UIDs fetched per command.
const BATCH: usize = 200;

/// What a sync of the state folder did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamSummary {
    /// Operations new to the store.
    pub received: usize,
    /// Operations appended to the folder.
    pub sent: usize,
    /// The folder was created, or found emptied or recreated, and filled
    /// again with this many operations (counted in `sent` too).
    pub refilled: usize,
    /// Whether a new operation closes or reopens an issue (the issues were
    /// regrouped).
    pub status_changed: bool,
    /// Messages skipped, one line each, safe to print.
    pub skipped: Vec<String>,
}

/// Whether the state folder needs a sync ([`sync_state`]): its STATUS
/// moved from what the store recorded (operations from colleagues, another
/// incarnation, fewer messages than the store placed there), or operations
/// wait to be shared. Costs a STATUS, not a SELECT, so the watch can ask
/// every few seconds.
pub fn state_moved<S: Read + Write>(
    session: &mut Session<S>,
    store: &Store,
    cfg: &Config,
) -> Result<bool, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    let folder = imap_cfg.state_folder.as_str();
    let now = match session.status(folder) {
        Ok(s) => s,
        // Created by the sync.
        Err(ImapError::NoFolder { .. }) => return Ok(true),
        Err(e) => return Err(e.into()),
    };
    let Some((v, next)) = store.team_folder(folder)? else {
        return Ok(true);
    };
    if v != now.uidvalidity || now.uidnext == 0 || now.uidnext > next {
        return Ok(true);
    }
    if (now.exists as usize) < store.team_on_server(v)?.len() {
        return Ok(true);
    }
    Ok(!store.team_outbox(v)?.is_empty())
}

/// Syncs the state folder on an open session (see the module doc).
pub fn sync_state<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
) -> Result<TeamSummary, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    let folder = imap_cfg.state_folder.as_str();
    let mut sum = TeamSummary::default();
    let server = select_or_create(session, folder)?;
    let v = server.uidvalidity;
    let from = match store.team_folder(folder)? {
        Some((known, next)) if known == v => next.max(1),
        _ => 1,
    };
    send_lost_again(session, store, &server)?;
    // 1. Read what is new.
    let next = read_new(session, store, cfg, folder, &server, from, &mut sum)?;
    store.set_team_folder(folder, v, next.max(1))?;
    // 2. Append what the folder lacks, in order.
    append_outbox(session, store, folder, v, &mut sum)?;
    if sum.status_changed {
        store.regroup(cfg)?;
    }
    Ok(sum)
}

/// Selects the state folder, creating it the first time.
fn select_or_create<S: Read + Write + Send>(
    session: &mut Session<S>,
    folder: &str,
) -> Result<FolderStatus, SyncError> {
    match session.select(folder) {
        Ok(s) => Ok(s),
        Err(ImapError::NoFolder { .. }) => {
            session.create(folder)?;
            Ok(session.select(folder)?)
        }
        Err(e) => Err(e.into()),
    }
}

/// Operations recorded in this incarnation that the folder lost (emptied,
/// or some expunged) go out again. Only on evidence: an empty folder, or
/// a listing whose count agrees with EXISTS.
fn send_lost_again<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    server: &FolderStatus,
) -> Result<(), SyncError> {
    let recorded = store.team_on_server(server.uidvalidity)?;
    if (server.exists as usize) < recorded.len() {
        let lost: Vec<String> = if server.exists == 0 {
            recorded.into_iter().map(|(id, _)| id).collect()
        } else {
            let listed = session.uid_list()?;
            if listed.agrees() {
                recorded
                    .into_iter()
                    .filter(|(_, uid)| listed.uids.binary_search(uid).is_err())
                    .map(|(id, _)| id)
                    .collect()
            } else {
                Vec::new()
            }
        };
        store.team_not_on_server(&lost)?;
    }
    Ok(())
}

/// Reads the operations from UID `from` on, in batches; returns the UID
/// to read from next time (a message listed but not delivered is asked
/// for again then).
fn read_new<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    server: &FolderStatus,
    from: u32,
    sum: &mut TeamSummary,
) -> Result<u32, SyncError> {
    let v = server.uidvalidity;
    let mut next = from;
    if server.exists > 0 && (server.uidnext == 0 || server.uidnext > from) {
        let uids = session.uids_from(from)?;
        'batches: for chunk in uids.chunks(BATCH) {
            let report = session.fetch_report(&super::uid_set(chunk))?;
            let mut got: std::collections::HashMap<u32, Vec<u8>> = report
                .messages
                .into_iter()
                .map(|m| (m.uid, m.raw))
                .collect();
            for &uid in chunk {
                let Some(raw) = got.remove(&uid) else {
                    // Listed but not delivered: asked for again next time.
                    tracing::warn!(folder, uid, "state folder message not delivered");
                    break 'batches;
                };
                read_one(store, cfg, folder, v, uid, &raw, sum)?;
                next = uid + 1;
            }
        }
        if next > from && uids.last().is_some_and(|&l| next > l) {
            next = next.max(server.uidnext);
        }
    } else if server.exists == 0 {
        next = next.max(server.uidnext);
    }
    Ok(next)
}

/// Appends this side's operations that the folder lacks, in order.
fn append_outbox<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    sum: &mut TeamSummary,
) -> Result<(), SyncError> {
    let outbox = store.team_outbox(v)?;
    for o in &outbox {
        let raw = op_message(&o.id, &o.author, &o.body);
        let uid = session.append(folder, &raw, &["\\Seen"])?;
        store.team_uploaded(&o.id, v, uid)?;
        sum.sent += 1;
        sum.refilled += usize::from(o.was_shared);
    }
    Ok(())
}

/// Reads one message of the state folder into the store.
fn read_one(
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    v: u32,
    uid: u32,
    raw: &[u8],
    sum: &mut TeamSummary,
) -> Result<(), SyncError> {
    let skip = |sum: &mut TeamSummary, why: String| {
        let line = format!(
            "skipped message UID {uid} of {}: {}",
            sanitize(folder),
            sanitize(&why)
        );
        tracing::warn!("{line}");
        sum.skipped.push(line);
    };
    if raw.len() > MAX_OP_BYTES {
        skip(
            sum,
            format!("{} bytes is too large for an operation", raw.len()),
        );
        return Ok(());
    }
    let body = match body_text(raw) {
        Ok(b) => b,
        Err(why) => {
            skip(sum, why);
            return Ok(());
        }
    };
    let op = match Op::from_json(&body) {
        Ok(op) => op,
        Err(e) => {
            skip(sum, format!("not a vsd operation ({e})"));
            return Ok(());
        }
    };
    if !cfg.is_team_author(&op.author) {
        skip(
            sum,
            format!(
                "operation {} by {}, who is not a team address ([team] addresses); ignored",
                op.id, op.author
            ),
        );
        return Ok(());
    }
    let added = store.add_team_op(&op, body.trim(), false, Some((v, uid)))?;
    if added == TeamAdded::New {
        sum.received += 1;
        if matches!(op.kind, OpKind::Close | OpKind::Reopen) {
            sum.status_changed = true;
        }
    }
    Ok(())
}

/// The body of an operation message, decoded.
fn body_text(raw: &[u8]) -> Result<String, String> {
    let parsed = mailparse::parse_mail(raw).map_err(|e| format!("cannot read the message: {e}"))?;
    parsed
        .get_body()
        .map_err(|e| format!("cannot decode the body: {e}"))
}

/// The message that carries one operation. The JSON is 7-bit (see
/// [`Op::to_json`]); a body received from another client that is not, or
/// that has a line too long for mail, is sent base64.
pub fn op_message(id: &str, author: &str, body: &str) -> Vec<u8> {
    use base64::Engine;
    let date = chrono::Utc::now().to_rfc2822();
    let author = if author.contains(['\r', '\n']) {
        "unknown@invalid"
    } else {
        author
    };
    let plain = body.is_ascii() && body.lines().all(|l| l.len() <= 900);
    let (cte, text) = if plain {
        ("7bit", format!("{body}\r\n"))
    } else {
        let b = base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
        let mut t = String::new();
        for chunk in b.as_bytes().chunks(76) {
            t.push_str(std::str::from_utf8(chunk).unwrap_or(""));
            t.push_str("\r\n");
        }
        ("base64", t)
    };
    format!(
        "From: {author}\r\nTo: {author}\r\nSubject: vsd op {id}\r\nDate: {date}\r\n\
         Message-ID: <{id}@vsd-state.invalid>\r\nMIME-Version: 1.0\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Transfer-Encoding: {cte}\r\n\
         X-VSD-Op: 1\r\n\r\n{text}"
    )
    .into_bytes()
}

/// Syncs the state folder after the mail ([`sync_state`]) and tells
/// what came; a failure there is told, never the end of the sync. False
/// when the receiver of the events has gone; an error only when the
/// connection was lost, for the caller to sign in again and retry.
pub(super) fn share_team_state<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    emit: &mut dyn FnMut(SyncEvent) -> bool,
) -> Result<bool, SyncError> {
    let folder = cfg.imap.as_ref().map_or("", |i| i.state_folder.as_str());
    // A STATUS says whether there is anything to do; a SELECT of the state
    // folder (and its look at the outbox) is for when there is. A failure
    // here is left for the sync to meet and tell.
    if matches!(state_moved(session, store, cfg), Ok(false)) {
        return Ok(true);
    }
    match sync_state(session, store, cfg) {
        Ok(t) => {
            let mut lines = t.skipped;
            if t.sent > t.refilled {
                lines.push(format!(
                    "shared {} team actions through {}",
                    t.sent - t.refilled,
                    crate::text::sanitize::sanitize(folder)
                ));
            }
            if t.refilled > 0 {
                lines.push(format!(
                    "{} was empty or recreated: filled it again with {} team actions",
                    crate::text::sanitize::sanitize(folder),
                    t.refilled
                ));
            }
            if t.received == 0 && lines.is_empty() {
                return Ok(true);
            }
            Ok(emit(SyncEvent::Team {
                received: t.received,
                lines,
            }))
        }
        Err(e) if e.is_connection_problem() => Err(e),
        Err(e) => Ok(emit(team_not_shared(&e))),
    }
}

/// What the user is told when the team state could not be synced.
pub(super) fn team_not_shared(e: &SyncError) -> SyncEvent {
    SyncEvent::Team {
        received: 0,
        lines: vec![format!(
            "team actions not shared this time: {}",
            crate::text::sanitize::sanitize(&e.to_string())
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_message_reads_back() {
        let body = r#"{"v":1,"id":"ab","author":"a@example.com","at":"2026-01-01T00:00:00Z","lamport":1,"key":"VSD-1","kind":"note","text":"x"}"#;
        let raw = op_message("ab", "a@example.com", body);
        assert_eq!(body_text(&raw).expect("body").trim(), body);
        let long = format!("{{\"text\":\"{}æ\"}}", "y".repeat(2000));
        let raw = op_message("ab", "a@example.com", &long);
        assert!(std::str::from_utf8(&raw).expect("ascii").contains("base64"));
        assert_eq!(body_text(&raw).expect("body"), long);
    }
}
