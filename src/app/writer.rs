//! Where a command's writes go: on its own connection, or, in the TUI
//! while a sync worker runs, to the worker, the store's one writer then
//! ([`crate::sync::worker::Writes`]). A draft saved or sent from the TUI
//! writes through it; the user is at the plain terminal meanwhile, so the
//! wait for the worker's answer holds up nothing.

use crate::store::Store;
use crate::sync::worker::{StoreJob, Writes};

/// The worker to hand writes to, if any.
#[derive(Clone, Default)]
pub struct StoreWriter {
    worker: Option<Writes>,
}

impl std::fmt::Debug for StoreWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.worker {
            Some(_) => "StoreWriter(worker)",
            None => "StoreWriter(own)",
        })
    }
}

impl StoreWriter {
    /// Writes handed to `worker`.
    pub fn worker(worker: Writes) -> StoreWriter {
        StoreWriter {
            worker: Some(worker),
        }
    }

    /// Runs `write` on the worker and waits for it; on `own` when there is
    /// no worker, or it takes no more.
    pub fn write<T: Send + 'static>(
        &self,
        own: &mut Store,
        write: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (tx, rx) = std::sync::mpsc::channel();
        let job: StoreJob = Box::new(move |store: &mut Store| {
            let _ = tx.send(write(store));
        });
        let left = match &self.worker {
            Some(w) => w.submit(job).err(),
            None => Some(job),
        };
        if let Some(job) = left {
            job(own);
        }
        rx.recv()
            .map_err(|_| anyhow::anyhow!("cannot write to the store: the sync worker stopped"))
    }
}
