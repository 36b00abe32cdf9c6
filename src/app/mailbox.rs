//! The commands that bring mail into the store (`vsd sync`, `vsd fetch`,
//! `vsd import`), and [`maintain`], which brings the store's derived data up
//! to date before any command reads it; with the hints for senders on
//! neither side.

use super::{Failure, Paths, no_account, open_existing};
use crate::config::Config;
use crate::store::{Store, StoreError};
use crate::sync::ingest;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The existing store, analysed again first where the grouping settings or
/// the analysis changed ([`maintain`]): what every reading command starts
/// from.
pub(super) fn open_maintained(paths: &Paths, cfg: &Config) -> anyhow::Result<Store> {
    let mut store = open_existing(paths)?;
    maintain(&mut store, &paths.db, cfg)?;
    Ok(store)
}

/// Brings derived data up to date when this vsd's rules or the config
/// changed since the store was last grouped: re-analyses stored raw mail
/// (no download) and regroups, logging what changed. Skipped quietly when
/// another vsd holds the writer lock: it will do the same.
pub fn maintain(store: &mut Store, db: &Path, cfg: &Config) -> anyhow::Result<bool> {
    // A store the user can only read is shown as it was last analysed.
    if store.read_only() {
        return Ok(false);
    }
    if store.grouped_under(&crate::issues::grouping::GroupConfig::from_config(cfg))? {
        return Ok(false);
    }
    let _lock = match Store::lock_writer(db) {
        Ok(l) => l,
        Err(StoreError::Busy { .. }) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    ingest::reanalyse(store)?;
    store.regroup_everything(cfg)?;
    Ok(true)
}

/// One line per sender that matches neither `[desk]` nor `[team]`, with
/// what to add: `"*@domain"` to `[desk]` when it shares the desk's domain
/// (the desk's notifier), else the address to one side or the other.
pub fn other_sender_hints(store: &Store, cfg: &Config) -> anyhow::Result<Vec<String>> {
    let senders = store.other_senders()?;
    if senders.is_empty() {
        return Ok(Vec::new());
    }
    let desk = store.inferred_desk(cfg)?;
    let mut out = Vec::new();
    for addr in senders {
        let shown = crate::text::sanitize::sanitize(&addr).into_owned();
        let domain = addr.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        out.push(if !domain.is_empty() && desk.shares_domain(&addr) {
            format!(
                "{shown} matches no [desk] address; add \"*@{}\"? (until then its mail is shown as other and counts for neither side)",
                crate::text::sanitize::sanitize(domain)
            )
        } else {
            format!(
                "{shown} matches neither [desk] nor [team]; add it to [team] addresses if it is a colleague, or to [desk] addresses (until then its mail is shown as other and counts for neither side)"
            )
        });
    }
    Ok(out)
}

/// Says on stderr, once per address, who is on neither side.
pub(super) fn warn_other_senders(store: &Store, cfg: &Config) -> anyhow::Result<()> {
    for line in other_sender_hints(store, cfg)? {
        eprintln!("vsd: {line}");
    }
    Ok(())
}

/// `vsd import PATH...`
pub fn import(
    paths: &Paths,
    cfg: &Config,
    files: &[PathBuf],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for f in files {
        if !f.exists() {
            return Err(Failure::Usage(format!(
                "cannot import {}: no such file or directory",
                f.display()
            ))
            .into());
        }
    }
    let _lock = Store::lock_writer(&paths.db)?;
    let mut store = Store::open(&paths.db)?;
    let started = std::time::Instant::now();
    store.begin_bulk();
    let report = ingest::import_paths(&mut store, files, &mut |_| {})?;
    let stored = started.elapsed();
    ingest::reanalyse(&mut store)?;
    let regroup = store.regroup(cfg)?;
    store.end_bulk();
    tracing::info!(
        read = report.read,
        stored_secs = stored.as_secs_f64(),
        regroup_secs = (started.elapsed() - stored).as_secs_f64(),
        "import finished"
    );
    let secs = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "read {} messages in {:.2}s: {} new, {} already stored; {} issues ({} new), {} unfiled, {} new flags",
        report.read,
        secs,
        report.added.new_messages,
        report.added.duplicates,
        regroup.issues,
        regroup.new_issues,
        regroup.unfiled,
        regroup.new_flags
    )?;
    warn_other_senders(&store, cfg)?;
    for (origin, err) in &report.added.unparseable {
        eprintln!("vsd: stored raw, could not parse {origin}: {err}");
    }
    for p in &report.failed_paths {
        eprintln!("vsd: {p}");
    }
    if !report.failed_paths.is_empty() {
        return Err(Failure::Usage(format!(
            "{} of {} paths could not be read",
            report.failed_paths.len(),
            files.len()
        ))
        .into());
    }
    Ok(())
}

/// `vsd sync [--watch]`
pub fn sync(paths: &Paths, cfg: &Config, watch: bool) -> anyhow::Result<()> {
    if cfg.imap.is_none() {
        return Err(Failure::Usage(no_account(paths, "sync")).into());
    }
    match crate::sync::run(cfg, &paths.db, watch) {
        Ok(_) => {
            // Who the new mail showed to be on neither side, with the hint.
            if let Ok(store) = Store::open(&paths.db) {
                warn_other_senders(&store, cfg)?;
            }
            Ok(())
        }
        // Typed to the edge: `main` reads its kind.
        Err(e) => Err(e.into()),
    }
}

/// `vsd fetch MESSAGE-ID`: a message stored as its header (above
/// `max_message_size`) downloaded whole.
pub fn fetch(
    paths: &Paths,
    cfg: &Config,
    message_id: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use crate::sync::WholeFetch;
    match crate::sync::fetch_whole(cfg, &paths.db, message_id) {
        Ok(WholeFetch::Replaced { bytes, folder }) => {
            writeln!(
                out,
                "fetched {} whole ({}, from {})",
                crate::text::sanitize::sanitize(message_id),
                crate::mail::partial::human_size(bytes),
                crate::text::sanitize::sanitize(&folder)
            )?;
            Ok(())
        }
        Ok(WholeFetch::AlreadyWhole) => {
            writeln!(
                out,
                "{} is stored whole already",
                crate::text::sanitize::sanitize(message_id)
            )?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}
