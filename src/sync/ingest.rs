//! Raw mail to stored, analysed messages: the path shared by `vsd import`
//! and IMAP sync.
//!
//! Parsing and analysis are pure and run on worker threads; the store has
//! one writer, which takes messages in batches of a transaction each. Channels
//! are bounded, so a mailbox of any size passes through in little memory.

use crate::config::Config;
use crate::import::{self, ImportError, RawMail};
use crate::issues::content;
use crate::mail::{self, Message};
use crate::store::{AddSummary, NewMessage, Store, StoreError};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::mpsc;

pub use crate::store::Location;

/// What ingesting did.
pub type IngestSummary = AddSummary;

/// One message to ingest.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub raw: Vec<u8>,
    /// Where it came from, for reports (a path, `path:N`, or `folder/uid`).
    pub origin: String,
    /// The file's or the server's date, for a message without a Date header.
    pub fallback_date: Option<DateTime<Utc>>,
    pub location: Option<Location>,
}

impl From<RawMail> for Incoming {
    fn from(r: RawMail) -> Self {
        Incoming {
            raw: r.bytes,
            origin: r.origin,
            fallback_date: r.fallback_date,
            location: None,
        }
    }
}

/// Parses and analyses one message. Never fails: a message that cannot be
/// parsed is kept raw, with the error, under an id made from its bytes.
pub fn prepare(item: Incoming) -> NewMessage {
    let (message, parse_error) = match mail::parse(&item.raw) {
        Ok(m) => (m, None),
        Err(e) => (unparseable(&item.raw), Some(e.to_string())),
    };
    let (date, date_from_header) = match message.date {
        Some(d) => (d, true),
        None => (item.fallback_date.unwrap_or_else(Utc::now), false),
    };
    let content = if parse_error.is_some() {
        content::Content::default()
    } else {
        content::analyse(&message)
    };
    // The bodies have served their purpose: the store keeps the raw mail and
    // the analysis, and batches in flight stay small.
    let mut message = message;
    message.text = String::new();
    message.html = None;
    let packed = crate::store::raw::pack_owned(item.raw);
    NewMessage {
        raw: packed,
        message,
        parse_error,
        date,
        date_from_header,
        content,
        location: item.location,
        origin: item.origin,
        partial: None,
    }
}

/// [`prepare`] for a message above `max_message_size` of which only the
/// header was fetched: stored as a placeholder (see [`mail::partial`]) that
/// records the message's full `size`.
pub fn prepare_partial(item: Incoming, size: u64, limit: u64) -> NewMessage {
    let id = mail::parse(&item.raw)
        .ok()
        .filter(|m| !m.message_id_synthesized)
        .map(|m| m.message_id);
    let raw = mail::partial::placeholder(&item.raw, size, limit, id.as_deref());
    let mut m = prepare(Incoming { raw, ..item });
    m.partial = Some(size);
    m
}

fn unparseable(raw: &[u8]) -> Message {
    Message {
        message_id: format!("{:x}@vsd.invalid", Sha256::digest(raw)),
        message_id_synthesized: true,
        in_reply_to: Vec::new(),
        references: Vec::new(),
        subject: "(unparseable message)".into(),
        from: None,
        reply_to: Vec::new(),
        to: Vec::new(),
        cc: Vec::new(),
        date: None,
        text: String::new(),
        html: None,
        warnings: Vec::new(),
    }
}

/// Parses, analyses and stores messages in one transaction. The caller
/// regroups afterwards ([`Store::regroup`]) with the same config.
pub fn ingest(
    store: &mut Store,
    _cfg: &Config,
    items: Vec<Incoming>,
) -> Result<IngestSummary, StoreError> {
    let prepared: Vec<NewMessage> = if items.len() > 64 {
        parallel_map(items, prepare)
    } else {
        items.into_iter().map(prepare).collect()
    };
    store.add_messages(&prepared)
}

fn parallel_map<T: Send, U: Send>(items: Vec<T>, f: fn(T) -> U) -> Vec<U> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let chunk = items.len().div_ceil(workers);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items;
    while !items.is_empty() {
        let rest = items.split_off(chunk.min(items.len()));
        chunks.push(items);
        items = rest;
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| s.spawn(move || c.into_iter().map(f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// What `vsd import` did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub read: usize,
    pub added: AddSummary,
    /// Paths that could not be read at all.
    pub failed_paths: Vec<String>,
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// Imports paths (Maildir folders, mbox files, `.eml` files): a reader
/// thread, parsing workers, and this thread writing batches. A path that
/// cannot be read is reported in the result and the others go on.
///
/// Messages travel between the threads in chunks, so that the threads wake
/// each other once a chunk rather than once a message, and the parsed side
/// holds a whole batch: the workers go on while this thread commits.
pub fn import_paths(
    store: &mut Store,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport, IngestError> {
    const BATCH: usize = 2000;
    const CHUNK: usize = 32;
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let mut report = ImportReport::default();
    std::thread::scope(|s| -> Result<(), IngestError> {
        let (raw_tx, raw_rx) = mpsc::sync_channel::<Vec<RawMail>>(2 * workers);
        let raw_rx = std::sync::Arc::new(std::sync::Mutex::new(raw_rx));
        let (done_tx, done_rx) = mpsc::sync_channel::<Vec<NewMessage>>(BATCH / CHUNK);
        let reader = s.spawn(move || {
            let mut failed = Vec::new();
            let mut read = 0usize;
            let mut chunk = Vec::with_capacity(CHUNK);
            for p in paths {
                let mut send = |m: RawMail| {
                    chunk.push(m);
                    if chunk.len() >= CHUNK {
                        let _ =
                            raw_tx.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                    }
                };
                match import::read_path(p, &mut send) {
                    Ok(n) => read += n,
                    Err(e) => failed.push(e.to_string()),
                }
            }
            if !chunk.is_empty() {
                let _ = raw_tx.send(chunk);
            }
            (read, failed)
        });
        for _ in 0..workers {
            let rx = std::sync::Arc::clone(&raw_rx);
            let tx = done_tx.clone();
            s.spawn(move || {
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => break,
                    };
                    let Ok(chunk) = next else { break };
                    let prepared = chunk.into_iter().map(|r| prepare(r.into())).collect();
                    if tx.send(prepared).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut batch = Vec::with_capacity(BATCH + CHUNK);
        let mut done = 0usize;
        for chunk in done_rx {
            batch.extend(chunk);
            if batch.len() >= BATCH {
                merge(&mut report.added, store.add_messages(&batch)?);
                done += batch.len();
                progress(done);
                batch.clear();
            }
        }
        if !batch.is_empty() {
            merge(&mut report.added, store.add_messages(&batch)?);
            done += batch.len();
            progress(done);
        }
        let (read, failed) = reader.join().unwrap_or_default();
        report.read = read;
        report.failed_paths = failed;
        Ok(())
    })?;
    release_freed_memory();
    Ok(report)
}

/// Hands memory that the pipeline's threads freed back to the system, so
/// that regrouping afterwards does not stack on top of it (glibc keeps a
/// thread's freed memory in that thread's arena).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn merge(into: &mut AddSummary, s: AddSummary) {
    into.new_messages += s.new_messages;
    into.duplicates += s.duplicates;
    into.unparseable.extend(s.unparseable);
}

/// Re-analyses, from the stored raw mail, every message analysed by an
/// older vsd. Returns how many were redone.
pub fn reanalyse(store: &mut Store) -> Result<usize, StoreError> {
    let mut total = 0;
    loop {
        let stale = store.stale_analysis(1000)?;
        if stale.is_empty() {
            return Ok(total);
        }
        total += stale.len();
        let updates: Vec<(i64, content::Content)> = stale
            .into_iter()
            .map(|(id, raw)| {
                let c = match mail::parse(&raw) {
                    Ok(m) => content::analyse(&m),
                    Err(_) => content::Content::default(),
                };
                (id, c)
            })
            .collect();
        store.update_analysis(&updates)?;
    }
}
