//! Syncing folders: every configured one ([`sync_all`]), one
//! ([`sync_folder`]: changes to known mail, then new mail), and what IDLE
//! reported for the watched one ([`apply_news`]); and the looks that say
//! whether a folder moved since its last sync.

use super::{Progress, SyncError, SyncSummary, fetch_new, finish};
use crate::config::Config;
use crate::imap::{self, FolderStatus, ImapError, Session};
use crate::store::{FolderState, Store, StoreError};
use chrono::Utc;
use std::io::{Read, Write};
use std::time::Instant;

/// Whether `folder` as just selected has mail (or, with CONDSTORE, changes)
/// the store has not seen. Only growth counts, so a server whose figures
/// disagree with the store's cannot keep the worker from IDLE: more
/// messages than the store holds (new mail behind a stale UIDNEXT) counts
/// only when EXISTS grew since `before`, the previous look, so a message
/// that can never be stored causes one extra sync, not one per look.
pub(super) fn changed_since_sync(
    store: &Store,
    folder: &str,
    now: &FolderStatus,
    before: Option<&FolderStatus>,
) -> Result<bool, SyncError> {
    let Some(known) = store.folder_state(folder)? else {
        return Ok(false);
    };
    if known.uidvalidity != now.uidvalidity
        || now.uidnext > known.uidnext
        || matches!((known.highest_modseq, now.highest_modseq), (Some(k), Some(n)) if n > k)
    {
        return Ok(true);
    }
    let grew = before.is_none_or(|b| b.uidvalidity != now.uidvalidity || now.exists > b.exists);
    Ok(grew && u64::from(now.exists) > store.present_count(folder, now.uidvalidity)?)
}

/// Syncs every configured folder on an open session, then regroups issues.
pub fn sync_all<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    store.begin_bulk();
    let done = sync_all_folders(session, store, cfg, progress);
    store.end_bulk();
    done
}

fn sync_all_folders<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    session.enable_change_tracking()?;
    let mut summary = SyncSummary::default();
    // Mail stored before this run (an import, another account's sync) may
    // be found again in a folder seen for the first time.
    let had_mail = store.has_messages()?;
    // A folder that does not exist is reported after the others are synced.
    let mut missing = None;
    for folder in &imap_cfg.folders {
        // The state folder holds the team's actions, never mail, even when
        // `folders` names it too.
        if folder == &imap_cfg.state_folder {
            continue;
        }
        store.run_waiting_writes();
        match sync_folder(session, store, cfg, folder, had_mail, progress) {
            Ok(s) => summary.absorb(s),
            // So is one the server cannot open now: the others still sync.
            Err(SyncError::Imap(
                e @ (ImapError::NoFolder { .. } | ImapError::FolderRefused { .. }),
            )) => {
                missing.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    finish(store, cfg, &mut summary)?;
    match missing {
        Some(e) => Err(SyncError::Imap(e)),
        None => Ok(summary),
    }
}

/// Whether a folder's STATUS differs from what the store recorded at its
/// last sync: another UIDVALIDITY, a higher UIDNEXT, another HIGHESTMODSEQ
/// (flags or expunges), or another message count (an expunge, or mail
/// marked gone that is back, on a server without CONDSTORE).
pub(super) fn folder_moved(
    store: &Store,
    folder: &str,
    now: &FolderStatus,
) -> Result<bool, SyncError> {
    let Some(known) = store.folder_state(folder)? else {
        return Ok(true);
    };
    if known.uidvalidity != now.uidvalidity
        || known.synced_at.is_none()
        || now.uidnext == 0
        || now.uidnext > known.uidnext
        || now.highest_modseq != known.highest_modseq
    {
        return Ok(true);
    }
    Ok(u64::from(now.exists) != store.present_count(folder, now.uidvalidity)?)
}

/// Applies what the server reported in IDLE about the selected `folder`
/// (UIDVALIDITY `v`), without selecting it again (see [`watch`]): the UIDs
/// from the folder's UIDNEXT on are fetched as a sync fetches them, and
/// expunges and flags come from the changes since the recorded MODSEQ.
/// `None` when the report cannot be applied so and a full look is due.
pub(super) fn apply_news<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    v: u32,
    news: &imap::IdleNews,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Option<SyncSummary>, SyncError> {
    let Some(known) = store.folder_state(folder)?.filter(|k| k.uidvalidity == v) else {
        return Ok(None);
    };
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    let mut new_mail = news.exists.is_some();
    let only_new = news.expunged == 0
        && news.vanished.is_empty()
        && news.flags.is_empty()
        && !news.flags_without_uid
        && !news.other;
    if !only_new {
        // Expunges by sequence number name no UID; only VANISHED does.
        let expunges = news.expunged > 0 || !news.vanished.is_empty();
        let modseq = known.highest_modseq.and_then(std::num::NonZeroU64::new);
        let Some(m) = modseq.filter(|_| {
            !news.other && session.condstore_enabled() && (!expunges || session.qresync_enabled())
        }) else {
            return Ok(None);
        };
        // Since the last full sync: idempotent, and it names every change
        // the wait's first report stood for, not only that one.
        let c = session.changes_since(m)?;
        new_mail |= c.flags.iter().any(|f| f.uid >= known.uidnext);
        let listed: Vec<u32> = c.flags.iter().map(|f| f.uid).collect();
        let flags: Vec<(u32, Vec<String>)> =
            c.flags.into_iter().map(|f| (f.uid, f.flags)).collect();
        summary.flag_changes += store.update_flags(folder, v, &flags)?;
        summary.back += store.mark_present(folder, v, &listed)?;
        summary.gone += store.mark_gone(folder, v, &c.vanished)?;
    }
    let t = Instant::now();
    if new_mail {
        let s = fetch_new(
            session,
            store,
            cfg,
            folder,
            v,
            known.uidnext,
            true,
            progress,
        )?;
        summary.absorb(SyncSummary { folders: 0, ..s });
    }
    let fetched_us = t.elapsed().as_micros() as u64;
    finish(store, cfg, &mut summary)?;
    tracing::debug!(
        fetch_us = fetched_us,
        finish_us = t.elapsed().as_micros() as u64 - fetched_us,
        "applied news"
    );
    Ok(Some(summary))
}

/// Syncs one folder (see the module documentation). `had_mail` says whether
/// the store held mail before this sync began: only then is a folder seen
/// for the first time matched by Message-ID before downloading.
pub fn sync_folder<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    had_mail: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    let t = Instant::now();
    let server = session.select(folder)?;
    let selected_us = t.elapsed().as_micros() as u64;
    let local = store.folder_state(folder)?;
    let v = server.uidvalidity;

    let (known, from_uid) = match local {
        Some(l) if l.uidvalidity == v => (l, l.uidnext),
        other => {
            let fresh = new_incarnation(
                session,
                store,
                folder,
                v,
                other.is_some() || had_mail,
                &mut summary,
            )?;
            (fresh, 1)
        }
    };

    let unchanged = unchanged(store, folder, &known, &server)?;
    // UIDs recorded as not fetched are asked for again at every sync.
    let waiting = !store.not_fetched(folder, v)?.is_empty();
    tracing::debug!(
        folder,
        unchanged,
        select_us = selected_us,
        look_us = t.elapsed().as_micros() as u64 - selected_us,
        "looked at the folder"
    );
    if unchanged {
        if waiting {
            let s = fetch_new(session, store, cfg, folder, v, from_uid, false, progress)?;
            summary.absorb(SyncSummary { folders: 0, ..s });
        }
        return Ok(summary);
    }

    if known.synced_at.is_some() || from_uid > 1 {
        known_mail_changes(session, store, folder, known, &server, &mut summary)?;
    }

    // New mail: UIDNEXT says so, or (a stale UIDNEXT) EXISTS counts more
    // messages than the store holds.
    let more_than_stored = || -> Result<bool, StoreError> {
        Ok(u64::from(server.exists) > store.present_count(folder, v)?)
    };
    let new_mail = server.exists > 0
        && (server.uidnext == 0 || server.uidnext > from_uid || more_than_stored()?);
    if new_mail || waiting {
        let s = fetch_new(session, store, cfg, folder, v, from_uid, new_mail, progress)?;
        summary.absorb(SyncSummary { folders: 0, ..s });
    }

    record_synced(store, folder, known, &server)?;
    Ok(summary)
}

/// Nothing at all changed: same UIDNEXT, same HIGHESTMODSEQ, and as many
/// messages as the store holds (else a figure is stale, or mail marked
/// gone is back).
fn unchanged(
    store: &Store,
    folder: &str,
    known: &FolderState,
    server: &FolderStatus,
) -> Result<bool, StoreError> {
    Ok(known.synced_at.is_some()
        && server.uidnext != 0
        && server.uidnext == known.uidnext
        && server.highest_modseq.is_some()
        && server.highest_modseq == known.highest_modseq
        && u64::from(server.exists) == store.present_count(folder, server.uidvalidity)?)
}

/// Records the folder as synced up to what the server said: the next UID
/// (the fetch's, when it went further), HIGHESTMODSEQ and the time.
fn record_synced(
    store: &mut Store,
    folder: &str,
    mut known: FolderState,
    server: &FolderStatus,
) -> Result<(), StoreError> {
    known.uidnext = store
        .folder_state(folder)?
        .map(|f| f.uidnext)
        .unwrap_or(known.uidnext)
        .max(server.uidnext);
    known.highest_modseq = server.highest_modseq;
    known.synced_at = Some(Utc::now().timestamp());
    store.set_folder_state(folder, &known)
}

/// Changes to mail already here, added to `summary`. A sync that was
/// interrupted before completing has no HIGHESTMODSEQ to trust: everything
/// is compared.
fn known_mail_changes<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    known: FolderState,
    server: &FolderStatus,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    let basis = if known.synced_at.is_some() {
        known
    } else {
        FolderState {
            highest_modseq: None,
            ..known
        }
    };
    let c = changes(session, store, folder, &basis, server)?;
    summary.flag_changes += c.flags;
    summary.gone += c.gone;
    summary.back += c.back;
    summary.warnings.extend(c.warning);
    Ok(())
}

/// First sync, or the folder was recreated: this incarnation starts at UID
/// 1, and (with `match_known`) mail the store has gains its location by
/// Message-ID instead of being downloaded again; the old incarnation's
/// locations are gone.
fn new_incarnation<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    match_known: bool,
    summary: &mut SyncSummary,
) -> Result<FolderState, SyncError> {
    let fresh = FolderState {
        uidvalidity: v,
        uidnext: 1,
        highest_modseq: None,
        synced_at: None,
    };
    store.set_folder_state(folder, &fresh)?;
    if match_known {
        summary.relocated += relocate(session, store, folder, v)?;
    }
    summary.gone += store.mark_other_incarnations_gone(folder, v)?;
    store.clear_other_incarnations_not_fetched(folder, v)?;
    Ok(fresh)
}

/// What [`changes`] found.
#[derive(Debug, Default)]
struct Changed {
    flags: usize,
    gone: usize,
    back: usize,
    /// Why a listing from the server was not trusted.
    warning: Option<String>,
}

/// Flag changes and expunges since the last sync.
fn changes<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    known: &FolderState,
    server: &imap::FolderStatus,
) -> Result<Changed, SyncError> {
    let v = server.uidvalidity;
    // RFC 7162 has no MODSEQ 0: a store that recorded one has none.
    let modseq = known.highest_modseq.and_then(std::num::NonZeroU64::new);
    match (modseq, session.condstore_enabled()) {
        (Some(m), true) if server.highest_modseq.is_some() => {
            let c = if server.highest_modseq == Some(m.get()) {
                imap::Changes::default()
            } else {
                session.changes_since(m)?
            };
            let listed: Vec<u32> = c.flags.iter().map(|f| f.uid).collect();
            let flags: Vec<(u32, Vec<String>)> =
                c.flags.into_iter().map(|f| (f.uid, f.flags)).collect();
            let mut out = Changed {
                flags: store.update_flags(folder, v, &flags)?,
                back: store.mark_present(folder, v, &listed)?,
                ..Changed::default()
            };
            if session.qresync_enabled() {
                out.gone += store.mark_gone(folder, v, &c.vanished)?;
            }
            // Without VANISHED (or to be sure), compare counts: the server's
            // count of old mail must equal the store's.
            let present = store.present_count(folder, v)?;
            let new_on_server = session_new_count(session, known.uidnext)?;
            if present + new_on_server != u64::from(server.exists) {
                let s = expunged_by_search(session, store, folder, v, known.uidnext)?;
                out.gone += s.gone;
                out.back += s.back;
                out.warning = s.warning;
            }
            Ok(out)
        }
        _ => {
            let mut out = expunged_by_search(session, store, folder, v, known.uidnext)?;
            let flags: Vec<(u32, Vec<String>)> = if known.uidnext > 1 {
                session
                    .flags(&format!("1:{}", known.uidnext - 1))?
                    .into_iter()
                    .map(|f| (f.uid, f.flags))
                    .collect()
            } else {
                Vec::new()
            };
            let listed: Vec<u32> = flags.iter().map(|(u, _)| *u).collect();
            out.back += store.mark_present(folder, v, &listed)?;
            out.flags = store.update_flags(folder, v, &flags)?;
            Ok(out)
        }
    }
}

/// How many messages the server has at or above `from_uid`. Asked, not
/// worked out from UIDNEXT, which a server may leave stale.
fn session_new_count<S: Read + Write>(
    session: &mut Session<S>,
    from_uid: u32,
) -> Result<u64, SyncError> {
    Ok(session
        .uids_from(from_uid)?
        .into_iter()
        .filter(|u| *u >= from_uid)
        .count() as u64)
}

/// Compares the stored UIDs below `below` with `UID SEARCH ALL`: those the
/// server lists are present (and no longer gone, if they were), those it
/// does not are gone, but only when the listing agrees with EXISTS. An
/// empty or short listing (a server whose index broke) marks nothing.
fn expunged_by_search<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    below: u32,
) -> Result<Changed, SyncError> {
    let listing = session.uid_list()?;
    let mut out = Changed {
        back: store.mark_present(folder, v, &listing.uids)?,
        ..Changed::default()
    };
    let on_server: std::collections::HashSet<u32> = listing.uids.iter().copied().collect();
    let missing: Vec<u32> = store
        .present_uids(folder, v)?
        .into_iter()
        .filter(|u| *u < below && !on_server.contains(u))
        .collect();
    if missing.is_empty() {
        return Ok(out);
    }
    if !listing.agrees() {
        let w = format!(
            "{folder}: the server listed {} UIDs for {} messages (UID SEARCH ALL against EXISTS); \
             {} not listed kept, not marked gone",
            listing.uids.len(),
            listing.exists,
            missing.len()
        );
        tracing::warn!("{w}");
        out.warning = Some(w);
        return Ok(out);
    }
    out.gone = store.mark_gone(folder, v, &missing)?;
    Ok(out)
}

/// A recreated (or first-seen) folder: gives mail the store already has its
/// new location without downloading it again; returns how many.
fn relocate<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
) -> Result<usize, SyncError> {
    let ids = session.message_ids("1:*")?;
    let with_id: Vec<String> = ids.iter().filter_map(|(_, id)| id.clone()).collect();
    let rows = store.rowids_of(&with_id)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let flags: std::collections::HashMap<u32, Vec<String>> = session
        .flags("1:*")?
        .into_iter()
        .map(|f| (f.uid, f.flags))
        .collect();
    let mut items: Vec<(u32, i64, Vec<String>)> = Vec::new();
    for (uid, id) in &ids {
        if let Some(row) = id.as_ref().and_then(|id| rows.get(id)) {
            items.push((*uid, *row, flags.get(uid).cloned().unwrap_or_default()));
        }
    }
    store.add_locations(folder, v, &items)?;
    // UIDNEXT stays: the fetch that follows skips located UIDs.
    Ok(items.len())
}
