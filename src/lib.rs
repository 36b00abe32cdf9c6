//! vsd: a terminal tracker for support-desk email.
//!
//! Data flows one way: IMAP ([`imap`]) or local files ([`import`]) → [`sync`]
//! → [`mail::parse`] → [`store`] → [`issues`] (grouping, status, rules) →
//! [`store`] → the [`ui`], which pulls view models from the store and never
//! does network I/O. A reply flows from the UI or the CLI through [`draft`]
//! and back out through [`imap`] APPEND, or out to the desk through [`send`].
//!
//! Modules, bottom to top; each imports only from those above it in this
//! list (unit tests aside):
//!
//! 1. [`text`], [`clock`], [`files`], [`secret`], [`error`]: ages,
//!    sanitising and search highlights; the clock tests can set; private
//!    files; secrets; the kinds of failure the exit codes tell apart.
//! 2. [`mail`]: one message parsed (headers, text, quotes, attachments),
//!    no I/O. [`config`]: the config file and its address sets.
//! 3. [`issues`]: what the mail means: grouping into issues, rules,
//!    statuses, the checklist, team state, event kinds, the view models.
//! 4. [`draft`]: replies and requests composed and threaded.
//! 5. [`store`]: SQLite (migrations, writes, regroup, search, reads).
//! 6. [`imap`], [`import`], [`send`]: the server, mail files, SMTP.
//! 7. [`sync`]: mail from the server or files into the store, and IDLE;
//!    the TUI's worker, which also takes the TUI's writes.
//! 8. [`ui`]: the TUI's state machine (`ui::app`), keys and drawing
//!    (`ui::view`), fed through [`ui::IssueSource`]; [`app`]: the commands,
//!    a file per family (`app::listing`, `app::mailbox`, `app::check`,
//!    `app::standing`, `app::state`, `app::init`, …), their errors and exit
//!    codes (`app::errors`), where the files are (`app::paths`), and the
//!    TUI's source and the worker's news (`app::tui`); [`demo`].
// `clippy::unwrap_used` is denied for the library and the binary alike in
// Cargo.toml's [lints].

pub mod app;
pub mod clock;
pub mod config;
pub mod demo;
pub mod draft;
pub mod error;
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
