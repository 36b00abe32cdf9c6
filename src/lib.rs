//! vsd: a terminal tracker for support-desk email.
//!
//! Data flows one way: IMAP ([`imap`]) or local files ([`import`]) → [`sync`]
//! → [`mail::parse`] → [`store`] → [`issues`] (grouping, status, rules) →
//! [`store`] → the [`ui`], which pulls view models from the store and never
//! does network I/O. A reply flows from the UI or the CLI through [`draft`]
//! and back out through [`imap`] APPEND, or out to the desk through [`send`].
#![deny(clippy::unwrap_used)]

pub mod app;
pub mod clock;
pub mod config;
pub mod demo;
pub mod draft;
pub mod files;
pub mod imap;
pub mod import;
pub mod issues;
pub mod mail;
pub mod secret;
pub mod send;
pub mod store;
pub mod sync;
pub mod text;
pub mod ui;
