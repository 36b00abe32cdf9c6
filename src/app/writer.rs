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

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &std::path::Path, name: &str) -> Store {
        Store::open(&dir.join(name)).expect("store")
    }

    #[test]
    fn a_write_runs_on_the_worker_when_one_takes_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let here = std::thread::current().id();
        let w = StoreWriter::worker(Writes::serving(store(dir.path(), "worker.db")));
        let mut own = store(dir.path(), "own.db");
        let ran_on = w
            .write(&mut own, |_| std::thread::current().id())
            .expect("written");
        assert_ne!(ran_on, here, "on the worker's thread, not the caller's");
    }

    #[test]
    fn without_a_worker_a_write_runs_on_its_own_connection() {
        let dir = tempfile::tempdir().expect("tempdir");
        let here = std::thread::current().id();
        let mut own = store(dir.path(), "own.db");
        let ran_on = StoreWriter::default()
            .write(&mut own, |_| std::thread::current().id())
            .expect("written");
        assert_eq!(ran_on, here);
    }
}
