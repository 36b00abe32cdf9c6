//! Downloading new mail: the UIDs a folder has that the store does not, in
//! batches, with a fetching, a parsing and a storing thread; messages above
//! `max_message_size` as their header. After each batch every UID of it is
//! stored or recorded as not fetched, and only then does UIDNEXT pass it.

use super::batch::{FetchedBatch, Seqs, UNKNOWN_SIZE, fetch_batch, plan_batches, why_not_fetched};
use super::finish::{REGROUP_EVERY, peak_rss_kb, regroup_into};
use super::ingest::{self, Incoming, Location};
use super::{Progress, SyncError, SyncSummary, uid_set};
use crate::config::Config;
use crate::imap::{self, Fetched, ImapError, Listed, Session};
use crate::store::{Reads, Store};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Downloads the UIDs from `from_uid` on (when `new_mail`) that the store
/// does not hold yet, and the UIDs recorded as not fetched, in batches; after
/// each batch, every UID of it is stored or recorded, and only then is
/// UIDNEXT raised past it.
#[allow(clippy::too_many_arguments)]
pub(super) fn fetch_new<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    v: u32,
    from_uid: u32,
    new_mail: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    let mut summary = SyncSummary::default();
    let Some(Plan {
        seqs,
        sizes,
        too_large,
    }) = plan(session, store, folder, v, from_uid, new_mail)?
    else {
        return Ok(summary);
    };
    let total = sizes.len();
    let mut p = Progress {
        folder: folder.to_string(),
        done: 0,
        total,
        bytes: 0,
    };
    progress(&p);
    // Above max_message_size, the header alone (as mbsync's MaxSize does).
    // A listed size above what the reader accepts would be refused whole.
    let limit = cfg.imap.as_ref().and_then(|i| i.max_message_size);
    let literal_max = limit.unwrap_or(0).max(imap::reader::LITERAL_MAX);
    let (oversized, sizes): (Vec<_>, Vec<_>) = sizes.into_iter().partition(|(uid, size)| {
        let size = u64::from(*size);
        too_large.contains(uid) || limit.is_some_and(|l| size > l) || size > literal_max
    });
    if !oversized.is_empty() {
        let limit = limit.unwrap_or(literal_max);
        fetch_oversized(
            session,
            store,
            folder,
            v,
            &oversized,
            limit,
            &mut summary,
            &mut p,
        )?;
        progress(&p);
    }
    let batches = plan_batches(&sizes);
    download(
        session,
        store,
        cfg,
        (folder, v),
        batches,
        seqs,
        &mut summary,
        &mut p,
        progress,
    )?;
    Ok(summary)
}

/// What a download asks for: (UID, size) of each message wanted, the
/// sequence numbers that match an answer without a UID back, and the UIDs
/// to ask for as their header only.
struct Plan {
    seqs: Seqs,
    sizes: Vec<(u32, u32)>,
    too_large: HashSet<u32>,
}

/// Which UIDs a download asks for: from `from_uid` on (when `new_mail`)
/// those the store does not hold, and those recorded as not fetched; a
/// recorded UID that is stored or gone since is no longer waited for. None
/// when there is nothing to fetch.
fn plan<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    from_uid: u32,
    new_mail: bool,
) -> Result<Option<Plan>, SyncError> {
    let pending = store.not_fetched(folder, v)?;
    let recorded: Vec<u32> = pending.iter().map(|n| n.uid).collect();
    // Only UIDs that may be asked for matter: from `from_uid` on, and the
    // recorded ones.
    let lowest = recorded.iter().copied().fold(from_uid.max(1), u32::min);
    let located: HashSet<u32> = store
        .present_uids_from(folder, v, lowest)?
        .into_iter()
        .collect();
    // A message an earlier sync was refused as too large is asked for as its
    // header from now on, as one above max_message_size is.
    let too_large: HashSet<u32> = pending
        .iter()
        .filter(|n| n.reason == "too-large")
        .map(|n| n.uid)
        .collect();
    let from = from_uid.max(1);
    let mut set = uid_set(&recorded);
    if new_mail {
        if !set.is_empty() {
            set.push(',');
        }
        set.push_str(&format!("{from}:*"));
    }
    if set.is_empty() {
        return Ok(None);
    }
    // `from:*` names the last message even when it is below `from`.
    let asked = |uid: u32| (new_mail && uid >= from) || recorded.binary_search(&uid).is_ok();
    let (mut wanted, moved) = wanted(session, folder, &set, &asked)?;
    let by_uid = |w: &[Listed], uid: u32| w.binary_search_by_key(&uid, |l| l.uid).is_ok();
    // Recorded UIDs stored since (found again by Message-ID) or gone from
    // the server: nothing waits for those any more.
    let done: Vec<u32> = recorded
        .iter()
        .copied()
        .filter(|u| located.contains(u) || !by_uid(&wanted, *u))
        .collect();
    store.clear_not_fetched(folder, v, &done)?;
    wanted.retain(|l| !located.contains(&l.uid));
    let total = wanted.len();
    if total == 0 {
        return Ok(None);
    }
    // Sequence numbers hold only while nothing is expunged.
    let seqs = if moved {
        Seqs::default()
    } else {
        Seqs::new(wanted.iter().filter(|l| l.seq != 0).map(|l| (l.seq, l.uid)))
    };
    let sizes: Vec<(u32, u32)> = wanted
        .into_iter()
        .map(|l| (l.uid, l.size.unwrap_or(UNKNOWN_SIZE)))
        .collect();
    Ok(Some(Plan {
        seqs,
        sizes,
        too_large,
    }))
}

/// The messages of `set` that `asked` wants, by UID, with their sizes and
/// sequence numbers where the listing gave them; and whether an expunge
/// moved the sequence numbers meanwhile.
fn wanted<S: Read + Write + Send>(
    session: &mut Session<S>,
    folder: &str,
    set: &str,
    asked: &dyn Fn(u32) -> bool,
) -> Result<(Vec<Listed>, bool), SyncError> {
    // A SEARCH, whose answer every server gets right, says which UIDs are
    // there; the listing gives sizes (for batching) and sequence numbers (to
    // match back an answer without a UID). A UID the listing leaves out (an
    // answer that could not be read) is fetched all the same.
    let t = Instant::now();
    let present: Vec<u32> = session
        .uids_in(set)?
        .into_iter()
        .filter(|u| asked(*u))
        .collect();
    // Sorted vectors rather than maps: a first sync of a large folder holds
    // one entry per message here (about 30 bytes each, all told).
    let searched_us = t.elapsed().as_micros() as u64;
    let (listed, moved) = session.listing(set)?;
    tracing::debug!(
        folder,
        search_us = searched_us,
        listing_us = t.elapsed().as_micros() as u64 - searched_us,
        "listed new mail"
    );
    let mut wanted: Vec<Listed> = listed.into_iter().filter(|l| asked(l.uid)).collect();
    let by_uid = |w: &[Listed], uid: u32| w.binary_search_by_key(&uid, |l| l.uid).is_ok();
    let unlisted: Vec<Listed> = present
        .iter()
        .filter(|u| !by_uid(&wanted, **u))
        .map(|&uid| Listed {
            seq: 0,
            uid,
            size: None,
        })
        .collect();
    drop(present);
    if !unlisted.is_empty() {
        wanted.extend(unlisted);
        wanted.sort_unstable_by_key(|l| l.uid);
    }
    Ok((wanted, moved))
}

/// Fetches `batches` and stores them. One thread fetches while this one
/// stores: the network and the parser overlap, and at most two batches are
/// held at once.
#[allow(clippy::too_many_arguments)]
fn download<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    (folder, v): (&str, u32),
    batches: Vec<Vec<u32>>,
    seqs: Seqs,
    summary: &mut SyncSummary,
    p: &mut Progress,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(), SyncError> {
    std::thread::scope(|scope| -> Result<(), SyncError> {
        let (tx, fetched) = mpsc::sync_channel::<Result<FetchedBatch, ImapError>>(1);
        let fetcher = scope.spawn(move || {
            let mut busy = Duration::ZERO;
            let mut seqs = seqs;
            for batch in batches {
                let t = Instant::now();
                let r = fetch_batch(session, &batch, &mut seqs);
                busy += t.elapsed();
                let stop = r.is_err();
                if tx.send(r).is_err() || stop {
                    break;
                }
            }
            busy
        });
        let (tx, rx) = mpsc::sync_channel::<Result<PreparedBatch, ImapError>>(1);
        let parser = scope.spawn(move || {
            for r in fetched.iter() {
                if tx.send(r.map(|b| prepare_batch(folder, v, b))).is_err() {
                    break;
                }
            }
        });
        let started = Instant::now();
        let mut storing = Duration::ZERO;
        let mut result = store_arriving(
            &rx,
            store,
            cfg,
            (folder, v),
            summary,
            p,
            progress,
            &mut storing,
        );
        drop(rx);
        // Whatever a failed thread had not handed over is neither stored nor
        // recorded: UIDNEXT stays below it, and this sync fails.
        let parsed = parser.join();
        let fetching = match fetcher.join() {
            Ok(busy) => busy,
            Err(panic) => {
                result = result.and(Err(SyncError::FetchPanicked {
                    folder: folder.to_string(),
                    message: crate::text::panic_text(&panic),
                }));
                Duration::ZERO
            }
        };
        if let Err(panic) = parsed {
            result = result.and(Err(SyncError::FetchPanicked {
                folder: folder.to_string(),
                message: crate::text::panic_text(&panic),
            }));
        }
        tracing::info!(
            folder,
            messages = p.done,
            bytes = p.bytes,
            total_ms = started.elapsed().as_millis() as u64,
            fetch_ms = fetching.as_millis() as u64,
            store_ms = storing.as_millis() as u64,
            peak_rss_kb = peak_rss_kb(),
            "fetched new mail"
        );
        result
    })
}

/// Stores messages above `max_message_size` (or refused as too large by an
/// earlier sync) as their header and a placeholder body
/// ([`ingest::prepare_partial`]); `vsd fetch` gets one whole. Every UID is
/// accounted for as [`store_batch`] does: a placeholder, or a record of why
/// not.
#[allow(clippy::too_many_arguments)]
fn fetch_oversized<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    oversized: &[(u32, u32)],
    limit: u64,
    summary: &mut SyncSummary,
    p: &mut Progress,
) -> Result<(), SyncError> {
    for chunk in oversized.chunks(500) {
        let uids: Vec<u32> = chunk.iter().map(|(u, _)| *u).collect();
        let sizes: HashMap<u32, u32> = chunk.iter().copied().collect();
        let report = match session.fetch_headers(&uid_set(&uids)) {
            Ok(r) => r,
            Err(e @ ImapError::Refused { .. }) => {
                let refused: Vec<(u32, String, String)> = uids
                    .iter()
                    .map(|u| (*u, "refused".to_string(), e.to_string()))
                    .collect();
                store.record_not_fetched(folder, v, &refused)?;
                p.done += chunk.len();
                continue;
            }
            Err(e) => {
                if let Some(uid) = e.refused_uid() {
                    store.record_not_fetched(
                        folder,
                        v,
                        &[(uid, "too-large".to_string(), e.to_string())],
                    )?;
                }
                return Err(e.into());
            }
        };
        let mut seen: HashSet<u32> = HashSet::new();
        let mut messages = Vec::new();
        let mut not_fetched = Vec::new();
        let by_uid: HashSet<u32> = report
            .messages
            .iter()
            .map(|m| m.uid)
            .filter(|u| sizes.contains_key(u))
            .collect();
        for uid in &uids {
            if !by_uid.contains(uid) {
                let (reason, detail) = why_not_fetched(*uid, &report);
                not_fetched.push((*uid, reason, detail));
            }
        }
        for f in report.messages {
            if sizes.contains_key(&f.uid) && seen.insert(f.uid) {
                messages.push(f);
            }
        }
        summary.fetched += messages.len();
        p.bytes += messages.iter().map(|m| m.raw.len() as u64).sum::<u64>();
        let stored: Vec<u32> = messages.iter().map(|m| m.uid).collect();
        let prepared: Vec<_> = messages
            .into_iter()
            .map(|f| {
                let size = sizes.get(&f.uid).copied().map_or(0, u64::from);
                ingest::prepare_partial(incoming(folder, v, f), size, limit)
            })
            .collect();
        let added = store.add_messages(&prepared)?;
        summary.new_messages += added.new_messages;
        summary.unparseable.extend(added.unparseable);
        store.clear_not_fetched(folder, v, &stored)?;
        store.record_not_fetched(folder, v, &not_fetched)?;
        p.done += chunk.len();
        store.run_waiting_writes();
    }
    Ok(())
}

/// One fetched batch, parsed and analysed, ready to be stored.
struct PreparedBatch {
    /// The UIDs asked for, ascending.
    uids: Vec<u32>,
    messages: Vec<crate::store::NewMessage>,
    /// The UIDs that brought a message (the first answer, where two came).
    stored: Vec<u32>,
    bytes: u64,
    /// Origins of UIDs answered twice with different bodies.
    conflicts: Vec<String>,
    not_fetched: Vec<(u32, String, String)>,
}

/// How often a sync waiting for its next batch makes the TUI's writes.
const WAITING_WRITES_EVERY: Duration = Duration::from_millis(50);

/// Stores the prepared batches as they arrive, regrouping every
/// [`REGROUP_EVERY`] messages; adds the time spent to `storing`. Ends at the
/// first failure (a fetch that failed, a store that refused).
#[allow(clippy::too_many_arguments)]
fn store_arriving(
    rx: &mpsc::Receiver<Result<PreparedBatch, ImapError>>,
    store: &mut Store,
    cfg: &Config,
    (folder, v): (&str, u32),
    summary: &mut SyncSummary,
    p: &mut Progress,
    progress: &mut dyn FnMut(&Progress),
    storing: &mut Duration,
) -> Result<(), SyncError> {
    let mut since_regroup = 0;
    loop {
        // Writes the TUI made meanwhile wait for a batch at most, not for
        // the whole sync (see `Store::run_waiting_writes`).
        store.run_waiting_writes();
        let r = match rx.recv_timeout(WAITING_WRITES_EVERY) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let t = Instant::now();
        let b = match r {
            Ok(b) => b,
            Err(e) => {
                // A literal refused as too large: that message is recorded
                // (and asked for as its header next time), so it cannot
                // stop the folder's sync again.
                if let Some(uid) = e.refused_uid() {
                    let why = [(uid, "too-large".to_string(), e.to_string())];
                    store.record_not_fetched(folder, v, &why)?;
                }
                return Err(SyncError::Imap(e));
            }
        };
        since_regroup += b.stored.len();
        store_batch(store, folder, v, b, summary, p)?;
        // Issues grouped as the mail lands, a few thousand messages at a
        // time, rather than all of a first sync's at its end: what a
        // regroup holds is then what it reads, not the whole store.
        if since_regroup >= REGROUP_EVERY {
            since_regroup = 0;
            regroup_into(store, cfg, Reads::Least, summary)?;
        }
        *storing += t.elapsed();
        progress(p);
    }
    Ok(())
}

/// Parses and analyses a fetched batch ([`ingest::prepare_all`]): pure, so
/// it runs beside the fetch and the store.
fn prepare_batch(folder: &str, v: u32, b: FetchedBatch) -> PreparedBatch {
    let bytes = b.messages.iter().map(|m| m.raw.len() as u64).sum::<u64>();
    let stored: Vec<u32> = b.messages.iter().map(|m| m.uid).collect();
    let mut items: Vec<Incoming> = b
        .messages
        .into_iter()
        .map(|f| incoming(folder, v, f))
        .collect();
    let mut conflicts = Vec::new();
    for f in b.conflicting {
        let origin = format!("{folder}/{v}/{}", f.uid);
        conflicts.push(origin.clone());
        let mut item = incoming(folder, v, f);
        // The first answer keeps the location; this one is kept as mail.
        item.location = None;
        item.origin = format!("{origin} (second answer)");
        items.push(item);
    }
    PreparedBatch {
        uids: b.uids,
        messages: ingest::prepare_all(items),
        stored,
        bytes,
        conflicts,
        not_fetched: b.not_fetched,
    }
}

/// Stores one prepared batch: the messages, then the record of those not
/// fetched, then UIDNEXT past the batch, so that an interruption anywhere
/// leaves the batch to be fetched again.
fn store_batch(
    store: &mut Store,
    folder: &str,
    v: u32,
    b: PreparedBatch,
    summary: &mut SyncSummary,
    p: &mut Progress,
) -> Result<(), SyncError> {
    summary.fetched += b.stored.len();
    p.done += b.uids.len();
    p.bytes += b.bytes;
    summary.conflicts.extend(b.conflicts);
    let added = store.add_messages(&b.messages)?;
    summary.new_messages += added.new_messages;
    summary.unparseable.extend(added.unparseable);
    store.clear_not_fetched(folder, v, &b.stored)?;
    store.record_not_fetched(folder, v, &b.not_fetched)?;
    if let Some(last) = b.uids.last() {
        store.advance_uidnext(folder, v, last.saturating_add(1))?;
    }
    Ok(())
}

pub(super) fn incoming(folder: &str, v: u32, f: Fetched) -> Incoming {
    Incoming {
        origin: format!("{folder}/{v}/{}", f.uid),
        fallback_date: f.internal_date.as_deref().and_then(internal_date),
        location: Some(Location {
            folder: folder.to_string(),
            uidvalidity: v,
            uid: f.uid,
            flags: f.flags,
        }),
        raw: f.raw,
    }
}

/// An IMAP INTERNALDATE (`17-Jul-1996 02:44:25 -0700`) in UTC.
pub(super) fn internal_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s.trim(), "%d-%b-%Y %H:%M:%S %z")
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_dates_parse() {
        assert_eq!(
            internal_date("17-Jul-1996 02:44:25 -0700").map(|d| d.to_rfc3339()),
            Some("1996-07-17T09:44:25+00:00".to_string())
        );
        assert_eq!(
            internal_date(" 7-Jul-1996 02:44:25 +0000").map(|d| d.to_rfc3339()),
            Some("1996-07-07T02:44:25+00:00".to_string())
        );
        assert_eq!(internal_date("garbage"), None);
    }
}
