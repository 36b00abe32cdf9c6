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
/// parsed is kept raw, with the error, under an id made from its bytes; so is
/// one the parser or the analysis panics on, with the panic as its error, so
/// that a panic costs that message its analysis and nothing else.
pub fn prepare(item: Incoming) -> NewMessage {
    prepare_with(item, parse_and_analyse)
}

type Analysed = Result<(Message, content::Content), String>;

fn prepare_with(item: Incoming, analyse: fn(&Incoming) -> Analysed) -> NewMessage {
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(&item)));
    let (message, parse_error, content) = match parsed {
        Ok(Ok((m, c))) => (m, None, c),
        Ok(Err(e)) => (unparseable(&item.raw), Some(e), content::Content::default()),
        Err(p) => (
            unparseable(&item.raw),
            Some(format!(
                "the mail parser failed on it ({})",
                crate::text::panic_text(&p)
            )),
            content::Content::default(),
        ),
    };
    let (date, date_from_header) = match message.date {
        Some(d) => (d, true),
        None => (item.fallback_date.unwrap_or_else(Utc::now), false),
    };
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
    // A header the parser panics on still gets its placeholder.
    let id = std::panic::catch_unwind(|| mail::parse(&item.raw))
        .ok()
        .and_then(Result::ok)
        .filter(|m| !m.message_id_synthesized)
        .map(|m| m.message_id);
    let raw = mail::partial::placeholder(&item.raw, size, limit, id.as_deref());
    let mut m = prepare(Incoming { raw, ..item });
    m.partial = Some(size);
    m
}

fn parse_and_analyse(item: &Incoming) -> Analysed {
    let message = mail::parse(&item.raw).map_err(|e| e.to_string())?;
    let content = content::analyse(&message);
    // The bodies have served their purpose: the store keeps the raw mail and
    // the analysis, and batches in flight stay small.
    let mut message = message;
    message.text = String::new();
    message.html = None;
    message.attached_texts = Vec::new();
    Ok((message, content))
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
        attachments: Vec::new(),
        attached_texts: Vec::new(),
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
    store.add_messages(&prepare_all(items))
}

/// [`prepare`] of each item, on worker threads for more than a few.
pub fn prepare_all(items: Vec<Incoming>) -> Vec<NewMessage> {
    if items.len() > 64 {
        parallel_map(items, prepare)
    } else {
        items.into_iter().map(prepare).collect()
    }
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
        let mut out = Vec::new();
        for h in handles {
            match h.join() {
                Ok(done) => out.extend(done),
                // `f` catches its own panics; one that escapes anyway must
                // not drop a chunk silently, and stops the caller instead.
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        out
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
        let mut ids = Vec::new();
        let mut attachments = Vec::new();
        let updates: Vec<(i64, content::Content)> = stale
            .into_iter()
            .map(|(id, raw)| {
                let c = match mail::parse(&raw) {
                    Ok(m) => {
                        // An older vsd did not read Outlook's conversation id.
                        if m.references
                            .iter()
                            .any(|r| mail::thread_index::is_conversation_id(r))
                        {
                            ids.push((id, m.in_reply_to.clone(), m.references.clone()));
                        }
                        attachments.push((id, m.attachments.clone()));
                        content::analyse(&m)
                    }
                    Err(_) => content::Content::default(),
                };
                (id, c)
            })
            .collect();
        store.update_ids(&ids)?;
        store.set_attachments(&attachments)?;
        store.update_analysis(&updates)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(i: usize) -> Incoming {
        Incoming {
            raw: format!("Message-ID: <p{i}@example.com>\r\nSubject: s\r\n\r\nbody {i}\r\n")
                .into_bytes(),
            origin: format!("INBOX/1/{i}"),
            fallback_date: None,
            location: None,
        }
    }

    /// Parses as usual, but panics on one message.
    fn panics_on_p50(item: &Incoming) -> Analysed {
        if item.origin == "INBOX/1/50" {
            panic!("parser bug");
        }
        parse_and_analyse(item)
    }

    #[test]
    fn panic_in_an_ingest_worker_costs_one_message_its_analysis_not_a_chunk() {
        let items: Vec<Incoming> = (0..200).map(item).collect();
        let out = parallel_map(items, |i| prepare_with(i, panics_on_p50));
        assert_eq!(out.len(), 200);
        let failed: Vec<&NewMessage> = out.iter().filter(|m| m.parse_error.is_some()).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].origin, "INBOX/1/50");
        assert_eq!(
            failed[0].parse_error.as_deref(),
            Some("the mail parser failed on it (parser bug)")
        );
        // Kept raw, under an id made from its bytes.
        assert!(failed[0].message.message_id.ends_with("@vsd.invalid"));
        let raw = &failed[0].raw;
        assert_eq!(
            crate::store::raw::unpack(raw.bytes.clone(), raw.encoding, 0).ok(),
            Some(item(50).raw)
        );
        assert_eq!(out[51].message.message_id, "p51@example.com");
    }
}
