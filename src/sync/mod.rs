//! The sync worker: IMAP → mail → store, with progress and change events.
