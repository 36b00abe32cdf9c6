//! The commands behind the CLI: each opens what it needs (config, store),
//! does its work through the library, and writes text or JSON. Errors here
//! are `anyhow`, with the library's typed errors inside, so that
//! [`exit_code`] can map them to CONTRACT.md's codes.

pub mod attachment;
mod check;
mod draft;
mod errors;
pub mod export;
mod handover;
pub mod init;
mod listing;
mod mailbox;
mod paths;
mod review;
mod send;
mod standing;
mod state;
pub mod team;
mod text;
mod tui;
pub mod writer;

pub use check::{check, lint};
pub use errors::{Failure, describe, error_kind, exit_code, is_broken_pipe};
pub use listing::{ListOptions, list, listed, log, search, show};
use mailbox::open_maintained;
pub use mailbox::{fetch, import, maintain, other_sender_hints, sync};
pub use paths::{Paths, init_logging, no_account};
pub use standing::{standing_at, status, status_overview};
pub use state::close;

// The commands' shared steps, for the commands beside them and the TUI.
use errors::no_issue;
use listing::emit;
use mailbox::warn_other_senders;
use paths::{open_existing, read_only_note};
use state::{StateChange, change_state};

pub use attachment::{AttachmentCommand, attachment};
pub use draft::{
    DraftCommand, DraftOptions, Finish, Outcome, Prepared, ask_to_mask, complete, draft, edit,
    escalation_refusal, prepare_kam, prepare_new, prepare_new_related, prepare_reply, related_line,
};
pub use review::draft_at_terminal;
pub use send::{SendOptions, SendOutcome, SentReport, send_file, send_raw, send_saved};
pub use tui::{TuiSource, demo, keymap, tui};

pub use crate::issues::grouping::GROUPING_VERSION;
