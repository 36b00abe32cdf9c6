//! Writes of another thread made between the steps of a long write. The
//! TUI's worker holds the store for a whole first sync, which on a large
//! mailbox takes minutes; a close or a note made meanwhile waits in
//! [`WaitingWrites`] and is made after the batch being stored, not after
//! the sync.

use super::Store;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

/// A write handed to the store's owner by another thread. It reports what
/// it did itself, so the owner needs to know nothing of who asked.
pub type StoreJob = Box<dyn FnOnce(&mut Store) + Send>;

/// Writes waiting for the store, first come first made. Both the owner of
/// the store (between its steps) and whoever next gets the store take
/// from it, so each write is made once and in order.
#[derive(Clone, Default)]
pub struct WaitingWrites(Arc<Mutex<VecDeque<StoreJob>>>);

impl WaitingWrites {
    pub fn push(&self, job: StoreJob) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(job);
    }

    fn pop(&self) -> Option<StoreJob> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
    }

    /// Makes every waiting write on `store`. A write that panics is told in
    /// the log and costs the others nothing.
    pub fn run(&self, store: &mut Store) {
        while let Some(job) = self.pop() {
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| job(store))) {
                tracing::error!(
                    "a write from the TUI failed: {}",
                    crate::text::panic_text(&panic)
                );
            }
        }
    }
}

impl Store {
    /// Makes the writes in `waiting` whenever [`Store::run_waiting_writes`]
    /// is called.
    pub fn take_writes_from(&mut self, waiting: WaitingWrites) {
        self.waiting = Some(waiting);
    }

    /// Between the steps of a long write (after each stored batch of a
    /// sync, while it waits for the next): makes the writes waiting, if
    /// any. Call it only with no transaction open.
    pub fn run_waiting_writes(&mut self) {
        if let Some(w) = self.waiting.clone() {
            w.run(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes are made once each, in the order they came, and one that
    /// panics does not stop those behind it.
    #[test]
    fn waiting_writes_are_made_once_in_order() {
        let mut store = Store::open_in_memory().expect("store");
        let waiting = WaitingWrites::default();
        store.take_writes_from(waiting.clone());
        let made = Arc::new(Mutex::new(Vec::new()));
        for i in 0..3 {
            let made = Arc::clone(&made);
            waiting.push(Box::new(move |_: &mut Store| {
                if i == 1 {
                    panic!("write {i} fails");
                }
                made.lock().expect("lock").push(i);
            }));
        }
        store.run_waiting_writes();
        store.run_waiting_writes();
        assert_eq!(*made.lock().expect("lock"), vec![0, 2]);
    }
}
