//! The sync worker: IMAP → mail → store, with progress and change events.
//!
//! A sync walks the configured folders. For each it compares the server's
//! UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ with what the store recorded
//! ([`crate::store::FolderState`]):
//!
//! - new UIDs are fetched whole (`BODY.PEEK[]`) in batches of a few
//!   megabytes, a fetching thread staying one batch ahead of the store; each
//!   stored batch raises the folder's UIDNEXT, so an interrupted sync resumes
//!   where it stopped and a repeated one adds nothing (messages are keyed by
//!   Message-ID, locations by folder, UIDVALIDITY and UID);
//! - flag changes and expunges come from CONDSTORE/QRESYNC
//!   (`CHANGEDSINCE`, `VANISHED`) when the server offers them, else from
//!   comparing `UID SEARCH ALL` and `UID FETCH 1:* (FLAGS)` with the store; an
//!   unchanged HIGHESTMODSEQ and UIDNEXT mean there is nothing to ask;
//! - a new UIDVALIDITY (the folder was recreated) is matched back by
//!   Message-ID: mail the store already has only gains a location, and the
//!   old incarnation's locations are marked gone.
//!
//! Mail that leaves the server is marked gone, never deleted, and only on
//! evidence: VANISHED, a new UIDVALIDITY, or a `UID SEARCH ALL` whose count
//! agrees with EXISTS (an empty or short listing from a broken server index
//! marks nothing). A UID the server lists again is no longer gone. EXISTS is
//! also trusted over a stale UIDNEXT: more messages than the store holds
//! means new mail is looked for. A message that cannot be parsed (or that
//! the parser panics on) is stored raw and reported. [`ingest`] is the part
//! shared with local imports.
//!
//! No message is lost on the way in: every UID the server lists (by the size
//! listing and by a SEARCH, in case one listing answer cannot be read) is,
//! after its batch, either stored or recorded as not fetched with the reason
//! ([`crate::store::NotFetched`]), and only then does UIDNEXT pass it. A UID
//! of a batch left without a message (no body item, an empty body, no UID, an
//! unreadable answer, no answer) is asked for again alone at once; if that
//! fails too it is recorded, and every later sync asks for the recorded UIDs
//! again, until they are stored or the server no longer lists them. An empty
//! body is never a message. When the server answers a UID twice with
//! different bodies, the first answer keeps the UID's location and the second
//! is stored as mail without a location (both bodies are kept; the summary
//! names the UID). A panic in the fetching thread fails the sync
//! ([`SyncError::FetchPanicked`]) rather than ending it as if all was fetched.

//!
//! The module is cut along its seams: [`folders`] syncs one folder and all
//! of them, [`fetch`] downloads new UIDs batch by batch (with [`batch`],
//! which asks the server for one batch and accounts for every UID in it),
//! [`finish`] regroups and lists what waits after a sync, [`summary`] says
//! what a sync did, [`cli`] is `vsd sync` with its stderr lines, [`worker`]
//! is the TUI's background thread and [`watch`] the IDLE loop both run,
//! [`whole`] is `vsd fetch`, and [`team`] the shared state folder.

mod batch;
pub mod cli;
mod fetch;
mod finish;
pub mod folders;
pub mod hooks;
pub mod ingest;
pub mod summary;
pub mod team;
mod watch;
pub mod whole;
pub mod worker;

pub use batch::uid_set;
pub use cli::run;
pub use folders::{sync_all, sync_folder};
pub use summary::{SyncSummary, Waiting, waiting_line, waiting_reasons};
pub use whole::{WholeFetch, fetch_whole};
pub use worker::{spawn_worker, spawn_worker_sharing};

use crate::imap::ImapError;
use crate::store::StoreError;
use fetch::fetch_new;
use finish::finish;
use folders::{apply_news, changed_since_sync, folder_moved};
use team::share_team_state;

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "cannot sync: the config has no [imap] section (run `vsd init`, or add host, user, password_command and folders)"
    )]
    NoImap,
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "cannot fetch message {id:?}: the store has no message with that Message-ID (see `vsd show KEY --json`)"
    )]
    NoMessage { id: String },
    #[error("cannot fetch message {id:?} whole: {why}")]
    NotOnServer { id: String, why: String },
    #[error(
        "cannot fetch mail from folder {folder:?}: the fetching thread failed ({message}); \
         what it had not handed over stays to be fetched at the next sync"
    )]
    FetchPanicked { folder: String, message: String },
}

impl SyncError {
    /// Whether the connection was lost or cut (worth signing in again),
    /// rather than a command refused.
    pub fn is_connection_problem(&self) -> bool {
        matches!(self, SyncError::Imap(e) if e.is_connection_problem())
    }

    /// Configuration and usage problems (including a sync already
    /// running), or a server that refused or could not be reached.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            SyncError::NoImap => ErrorKind::Usage,
            SyncError::Imap(e) => e.kind(),
            // The store is local: its trouble is not the server's.
            SyncError::Store(_) => ErrorKind::Usage,
            SyncError::NoMessage { .. } => ErrorKind::Usage,
            SyncError::NotOnServer { .. } => ErrorKind::Server,
            // The server's answer is what tripped it.
            SyncError::FetchPanicked { .. } => ErrorKind::Server,
        }
    }

    /// The process exit code of [`SyncError::kind`].
    pub fn exit_code(&self) -> i32 {
        i32::from(self.kind().exit_code())
    }
}

/// What the background worker tells the UI; sent only when something changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    Progress {
        folder: String,
        done: usize,
        total: usize,
    },
    NewMail {
        new_messages: usize,
        new_issues: usize,
    },
    /// After a sync: how many messages wait to be fetched again, and why
    /// (see [`waiting_line`]); sent when that changed, `count` 0 included.
    Waiting {
        count: usize,
        line: String,
    },
    Error(String),
    /// An `[ALERT]` from the server (RFC 3501 says the user must see it);
    /// each text once per worker, however often it is sent. Safe to print.
    Alert(String),
    /// Team actions arrived from colleagues (the list and the issue view
    /// should be read again), or state-folder messages were skipped; `lines`
    /// are safe to print.
    Team {
        received: usize,
        lines: Vec<String>,
    },

    /// The desk wrote on an issue (mail that arrived while watching; the
    /// first catch-up of a fresh session is not news). `[hooks]
    /// desk_replied` has been started for it.
    DeskReplied {
        key: String,
        title: String,
    },
    /// Up to date and waiting for new mail.
    Idle,
    /// Connecting to the server (at start, and again after a drop or an
    /// error).
    Connecting,
}

/// The alerts already shown, so that a server repeating one (in every
/// greeting, after every reconnect) is shown once.
#[derive(Default)]
struct Alerts(std::collections::HashSet<String>);

impl Alerts {
    /// The alerts among `texts` not shown before.
    fn fresh(&mut self, texts: Vec<String>) -> Vec<String> {
        texts
            .into_iter()
            .filter(|t| self.0.insert(t.clone()))
            .collect()
    }
}

/// Progress of one folder's download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub folder: String,
    pub done: usize,
    pub total: usize,
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes() {
        assert_eq!(SyncError::NoImap.exit_code(), 2);
        assert_eq!(
            SyncError::Store(StoreError::Busy {
                path: "x".into(),
                holder: "another vsd".into(),
                advice: "wait"
            })
            .exit_code(),
            2
        );
        assert_eq!(
            SyncError::Store(StoreError::NoIssue("VSD-1".into())).exit_code(),
            2,
            "the store is local: not the server's exit code"
        );
    }
}
