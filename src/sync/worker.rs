//! The TUI's background sync: a thread that runs the watch loop and sends
//! its events over a channel, and that is the store's one writer while it
//! runs. The UI's own writes (closing an issue, a team action, marking an
//! issue seen) are handed to it as [`StoreJob`]s through [`Writes`] and run
//! on the worker's connection, never beside its own writes: the watch loop
//! holds the store's mutex while it works and lets go of it while it waits
//! in IDLE, and a long sync makes the waiting writes between its batches
//! ([`Store::run_waiting_writes`]).

use super::watch::watch_loop;
use super::{Alerts, SyncError, SyncEvent};
use crate::config::Config;
use crate::imap::{self, Credentials};
pub use crate::store::StoreJob;
use crate::store::{Store, WaitingWrites, WriterLock};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};

/// Where the UI hands the worker its writes.
#[derive(Clone)]
pub struct Writes(mpsc::Sender<StoreJob>);

impl Writes {
    /// Hands `job` to the worker; gives it back when no worker takes it
    /// (it stopped, or never opened the store), for the caller to run.
    pub fn submit(&self, job: StoreJob) -> Result<(), StoreJob> {
        self.0.send(job).map_err(|e| e.0)
    }
}

/// Runs the UI's writes, one at a time, on the worker's connection, on a
/// thread that ends when the UI lets go of its [`Writes`]. Each write waits
/// in `waiting` for whichever comes first: this thread getting the store,
/// or the sync that holds it reaching the end of a batch.
fn serve(jobs: mpsc::Receiver<StoreJob>, store: Arc<Mutex<Store>>, waiting: WaitingWrites) {
    std::thread::spawn(move || {
        for job in jobs {
            waiting.push(job);
            waiting.run(&mut lock(&store));
        }
    });
}

/// `store` behind a mutex, taking the writes that wait in the returned
/// queue between the steps of its long writes.
fn shared(mut store: Store) -> (Arc<Mutex<Store>>, WaitingWrites) {
    let waiting = WaitingWrites::default();
    store.take_writes_from(waiting.clone());
    (Arc::new(Mutex::new(store)), waiting)
}

impl Writes {
    /// Writes served on `store` by a thread of their own, as a worker
    /// serves them (for tests of what hands writes over).
    pub fn serving(store: Store) -> Writes {
        let (writes, jobs) = mpsc::channel();
        let (store, waiting) = shared(store);
        serve(jobs, store, waiting);
        Writes(writes)
    }
}

/// The store behind the worker's mutex. A job that panicked poisons
/// nothing that matters: the connection is still good.
pub(super) fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts the background sync for the TUI: a first sync, then IDLE, with
/// reconnects. Events arrive on the receiver; the worker ends when the
/// receiver is dropped (noticed at its next event). The worker takes the
/// store's writer lock itself; a second writer is told so.
pub fn spawn_worker(
    cfg: &Config,
    db: &Path,
) -> (std::thread::JoinHandle<()>, mpsc::Receiver<SyncEvent>) {
    let (handle, rx, _) = start_worker(cfg, db, None);
    (handle, rx)
}

/// [`spawn_worker`] under a writer lock the caller holds and shares: the
/// TUI, whose own writes are handed to the worker through the [`Writes`].
pub fn spawn_worker_sharing(
    cfg: &Config,
    db: &Path,
    lock: Arc<WriterLock>,
) -> (
    std::thread::JoinHandle<()>,
    mpsc::Receiver<SyncEvent>,
    Writes,
) {
    let (handle, rx, writes) = start_worker(cfg, db, Some(lock));
    (handle, rx, writes)
}

fn start_worker(
    cfg: &Config,
    db: &Path,
    held: Option<Arc<WriterLock>>,
) -> (
    std::thread::JoinHandle<()>,
    mpsc::Receiver<SyncEvent>,
    Writes,
) {
    let (tx, rx) = mpsc::channel();
    let (writes, jobs) = mpsc::channel::<StoreJob>();
    let cfg = cfg.clone();
    let db = db.to_path_buf();
    let handle = std::thread::spawn(move || {
        imap::quiet_imap_panics();
        let Some(imap_cfg) = cfg.imap.clone() else {
            let _ = tx.send(SyncEvent::Error(SyncError::NoImap.to_string()));
            return;
        };
        let start = || -> Result<(Store, Arc<WriterLock>), SyncError> {
            let lock = match held {
                Some(l) => l,
                None => Arc::new(Store::lock_writer(&db)?),
            };
            Ok((Store::open(&db)?, lock))
        };
        let (store, _lock) = match start() {
            Ok(x) => x,
            Err(e) => {
                let _ = tx.send(SyncEvent::Error(e.to_string()));
                drop(tx);
                // Writes the UI handed over before it learnt that no
                // worker runs are not dropped: each gets a connection of
                // its own, as the UI's writes do without a worker.
                for job in jobs {
                    match Store::open(&db) {
                        Ok(mut s) => job(&mut s),
                        Err(e) => tracing::warn!("a write from the TUI was not made: {e}"),
                    }
                }
                return;
            }
        };
        let (store, waiting) = shared(store);
        serve(jobs, Arc::clone(&store), waiting);
        let mut credentials = Credentials::new();
        watch_loop(
            &imap_cfg,
            &mut credentials,
            &store,
            &cfg,
            None,
            Alerts::default(),
            &mut |ev| tx.send(ev).is_ok(),
        );
    });
    (handle, rx, Writes(writes))
}
