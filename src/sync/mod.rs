//! The sync worker: IMAP → mail → store, with progress and change events.
//! [`ingest`] is the part shared with local imports: raw bytes to analysed,
//! stored messages.

pub mod ingest;
