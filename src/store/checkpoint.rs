//! Checkpoints during bulk writes. SQLite copies the write-ahead log into
//! the database after commits, on the writer's thread, and waits for the
//! disk twice each time; during an import or a sync that was a fifth of the
//! time. While a bulk write runs, a thread of its own does it instead.

use super::{SqlContext, Store, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Whether WAL checkpoints run on a thread of their own (see
/// [`Store::begin_bulk`]).
pub(super) enum Bulk {
    Off,
    /// Asked for; the thread starts at the first commit.
    Requested,
    Running(Checkpointer),
}

/// Copies the write-ahead log into the database on its own connection and
/// thread, so that the writer does not wait for the copy and its fsyncs.
///
/// SQLite starts the log over only when a write begins after a complete
/// checkpoint; a writer that always begins while one runs would grow the log
/// without end. So once the log passes [`Checkpointer::LOG_LIMIT`], the
/// writer waits for the running checkpoint before its next write.
pub(super) struct Checkpointer {
    ticks: Option<std::sync::mpsc::SyncSender<()>>,
    done: std::sync::mpsc::Receiver<()>,
    pending: usize,
    log: PathBuf,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            cause: source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .ctx("set the busy timeout")?;
        let (ticks, rx) = std::sync::mpsc::sync_channel::<()>(1);
        let (done_tx, done) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("vsd-checkpoint".into())
            .spawn(move || {
                for () in rx {
                    let r = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    if let Err(e) = r {
                        tracing::warn!(error = %e, "a background checkpoint failed");
                    }
                    let _ = done_tx.send(());
                }
            })
            .map_err(StoreError::Checkpoint)?;
        let mut log = path.as_os_str().to_owned();
        log.push("-wal");
        Ok(Checkpointer {
            ticks: Some(ticks),
            done,
            pending: 0,
            log: PathBuf::from(log),
            thread: Some(thread),
        })
    }

    const LOG_LIMIT: u64 = 64 * 1024 * 1024;

    fn tick(&mut self) {
        if let Some(t) = &self.ticks
            && t.send(()).is_ok()
        {
            self.pending += 1;
        }
    }

    /// Before a write: lets the log start over when it has grown too long.
    fn before_write(&mut self) {
        let long = std::fs::metadata(&self.log).is_ok_and(|m| m.len() > Self::LOG_LIMIT);
        while long && self.pending > 0 {
            if self.done.recv().is_err() {
                break;
            }
            self.pending -= 1;
        }
        while self.done.try_recv().is_ok() {
            self.pending = self.pending.saturating_sub(1);
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.ticks.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Store {
    /// Starts a bulk write (an import, a sync): from the next commit on, the
    /// write-ahead log is checkpointed on a thread of its own until
    /// [`Store::end_bulk`]. An in-memory store has no log and ignores it.
    ///
    /// Into an empty store, the search index is built once at the end
    /// rather than message by message.
    pub fn begin_bulk(&mut self) {
        if self.path.is_some() && matches!(self.bulk, Bulk::Off) {
            self.bulk = Bulk::Requested;
            if let Err(e) = self.pause_search_index() {
                tracing::warn!(error = %e, "the search index follows each message");
            }
        }
    }

    /// Ends a bulk write: waits for the last background checkpoint and gives
    /// checkpoints back to SQLite's own, after commits.
    pub fn end_bulk(&mut self) {
        if let Err(e) = self.resume_search_index() {
            // Left paused, it is built by the next vsd that opens the store.
            tracing::warn!(error = %e, "cannot build the search index");
        }
        if let Bulk::Running(c) = std::mem::replace(&mut self.bulk, Bulk::Off) {
            drop(c);
            if let Err(e) = self.conn.pragma_update(None, "wal_autocheckpoint", 1000) {
                tracing::warn!(error = %e, "cannot restore automatic checkpoints");
            }
        }
    }

    /// Called after each large commit: hands the checkpoint to the
    /// background thread during a bulk write.
    pub(crate) fn after_commit(&mut self) {
        if matches!(self.bulk, Bulk::Requested) {
            self.bulk = Bulk::Off;
            let started = self.path.as_deref().map(|path| {
                let c = Checkpointer::start(path)?;
                self.conn
                    .pragma_update(None, "wal_autocheckpoint", 0)
                    .ctx("turn off automatic checkpoints")?;
                Ok::<_, StoreError>(c)
            });
            match started {
                Some(Ok(c)) => self.bulk = Bulk::Running(c),
                // Checkpoints then stay with SQLite, after commits.
                Some(Err(e)) => tracing::warn!(error = %e, "no background checkpoints"),
                None => {}
            }
        }
        if let Bulk::Running(c) = &mut self.bulk {
            c.tick();
        }
    }

    /// Called before each large write transaction.
    pub(crate) fn before_write(&mut self) {
        if let Bulk::Running(c) = &mut self.bulk {
            c.before_write();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bulk write hands checkpoints to a thread and gives them back at the
    /// end: every commit lands, the log stays bounded, and SQLite's own
    /// checkpoints are on again afterwards.
    #[test]
    fn bulk_writes_checkpoint_in_the_background() {
        use crate::sync::ingest::{Incoming, prepare};
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("bulk.db");
        let mut s = Store::open(&p).expect("open");
        s.begin_bulk();
        let filler = "x".repeat(60_000);
        for batch in 0..40 {
            let msgs: Vec<_> = (0..20)
                .map(|i| {
                    let raw = format!(
                        "Message-ID: <{batch}.{i}@example.com>\r\nSubject: [VSD-{batch}] x\r\nFrom: a@example.com\r\n\r\n{i} {filler}\r\n"
                    );
                    prepare(Incoming {
                        raw: raw.into_bytes(),
                        origin: "test".into(),
                        fallback_date: None,
                        location: None,
                    })
                })
                .collect();
            s.add_messages(&msgs).expect("add");
            assert!(matches!(s.bulk, Bulk::Running(_)), "batch {batch}");
        }
        s.end_bulk();
        assert!(matches!(s.bulk, Bulk::Off));
        let auto: i64 = s
            .conn()
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(auto, 1000);
        assert_eq!(s.message_count().expect("count"), 800);
        assert_eq!(s.integrity_check().expect("check"), "ok");
        drop(s);
        let s = Store::open(&p).expect("reopen");
        assert_eq!(s.message_count().expect("count"), 800);
    }

    /// An in-memory store has no log to checkpoint: bulk mode stays off.
    #[test]
    fn bulk_mode_is_a_no_op_in_memory() {
        let mut s = Store::open_in_memory().expect("open");
        s.begin_bulk();
        s.after_commit();
        assert!(matches!(s.bulk, Bulk::Off));
    }
}
