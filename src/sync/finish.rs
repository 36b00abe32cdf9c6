//! After a sync: issues regrouped (as mail lands, and at the end) and the
//! UIDs that wait to be fetched again.

use super::{SyncError, SyncSummary, Waiting};
use crate::config::Config;
use crate::store::{Reads, Store};
use std::collections::HashSet;
use std::time::Instant;

/// After folders were synced: issues regrouped (when the store changed),
/// and the UIDs of the configured folders that wait to be fetched again.
pub(super) fn finish(
    store: &mut Store,
    cfg: &Config,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    if !summary.is_empty() {
        regroup_into(store, cfg, Reads::Auto, summary)?;
    }
    let synced: HashSet<&str> = imap_cfg.folders.iter().map(String::as_str).collect();
    summary.waiting = store
        .all_not_fetched()?
        .into_iter()
        .filter(|n| synced.contains(n.folder.as_str()))
        .map(|n| Waiting {
            origin: format!("{}/{}/{}", n.folder, n.uidvalidity, n.uid),
            reason: n.reason,
            detail: n.detail,
            attempts: n.attempts,
        })
        .collect();
    Ok(())
}

/// How many stored messages a fetch lets pass between two regroups.
pub(super) const REGROUP_EVERY: usize = 5_000;

/// Regroups and adds what it found (new issues, new flags, the desk's
/// replies) to `summary`.
pub(super) fn regroup_into(
    store: &mut Store,
    cfg: &Config,
    reads: Reads,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    let t = Instant::now();
    let g = store.regroup_reading(cfg, reads)?;
    tracing::info!(
        ms = t.elapsed().as_millis() as u64,
        read = g.read_messages,
        peak_rss_kb = peak_rss_kb(),
        "regrouped"
    );
    summary.new_issues += g.new_issues;
    summary.new_flags += g.new_flags;
    summary.desk_replied.extend(g.desk_replied);
    Ok(())
}

/// The process's peak resident memory (Linux), for the phase timings.
pub(super) fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
