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

pub mod hooks;
pub mod ingest;
pub mod team;
mod watch;

use watch::watch_loop;

use crate::config::Config;
use crate::imap::{
    self, Credentials, FetchReport, Fetched, FolderStatus, ImapError, Listed, Session, Transport,
};
use crate::store::{FolderState, Reads, Store, StoreError};
use chrono::{DateTime, Utc};
use ingest::{Incoming, Location};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

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

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub folders: usize,
    /// Messages fetched from the server.
    pub fetched: usize,
    /// Messages new to the store.
    pub new_messages: usize,
    pub new_issues: usize,
    pub new_flags: usize,
    /// Messages whose IMAP flags changed.
    pub flag_changes: usize,
    /// Locations newly marked gone.
    pub gone: usize,
    /// Locations marked gone earlier that the server lists again.
    pub back: usize,
    /// Locations of known mail found again under a new UIDVALIDITY.
    pub relocated: usize,
    /// (origin, error) of messages stored raw because they could not be parsed.
    pub unparseable: Vec<(String, String)>,
    /// Answers from the server that were not trusted, and what was done.
    pub warnings: Vec<String>,
    /// UIDs of the synced folders that wait to be fetched again, after this
    /// sync: (`folder/uidvalidity/uid`, reason, detail, attempts).
    pub waiting: Vec<Waiting>,
    /// Origins of UIDs the server answered twice with different bodies: the
    /// first answer keeps the location, the second is stored without one.
    pub conflicts: Vec<String>,
    /// (key, title) of the issues the desk wrote on in this sync.
    pub desk_replied: Vec<(String, String)>,
}

/// A UID that waits to be fetched again (see [`crate::store::NotFetched`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub origin: String,
    pub reason: String,
    pub detail: String,
    pub attempts: u32,
}

/// How many UIDs wait, by reason, in words: "no body: 2, unreadable: 1".
pub fn waiting_reasons(waiting: &[Waiting]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for w in waiting {
        match counts.iter_mut().find(|(r, _)| *r == w.reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((&w.reason, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(r, n)| format!("{}: {n}", reason_words(r)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words for a reason class of [`crate::store::NotFetched`].
fn reason_words(reason: &str) -> &str {
    match reason {
        "no-body" => "server sent no body",
        "empty-body" => "server sent an empty body",
        "unreadable" => "answer unreadable",
        "no-uid" => "answer without a UID",
        "no-answer" => "server sent nothing",
        "refused" => "server refused",
        "too-large" => "above the size limit",
        other => other,
    }
}

/// The line that says how many messages wait, e.g. "3 messages wait to be
/// fetched again (server sent no body: 2, answer unreadable: 1)".
pub fn waiting_line(waiting: &[Waiting]) -> Option<String> {
    match waiting.len() {
        0 => None,
        1 => Some(format!(
            "1 message waits to be fetched again ({})",
            waiting_reasons(waiting)
        )),
        n => Some(format!(
            "{n} messages wait to be fetched again ({})",
            waiting_reasons(waiting)
        )),
    }
}

impl SyncSummary {
    fn absorb(&mut self, other: SyncSummary) {
        self.folders += other.folders;
        self.fetched += other.fetched;
        self.new_messages += other.new_messages;
        self.new_issues += other.new_issues;
        self.new_flags += other.new_flags;
        self.flag_changes += other.flag_changes;
        self.gone += other.gone;
        self.back += other.back;
        self.relocated += other.relocated;
        self.unparseable.extend(other.unparseable);
        self.waiting.extend(other.waiting);
        self.conflicts.extend(other.conflicts);
        self.warnings.extend(other.warnings);
        self.desk_replied.extend(other.desk_replied);
    }

    /// True when the sync changed nothing in the store.
    pub fn is_empty(&self) -> bool {
        self.new_messages == 0
            && self.flag_changes == 0
            && self.gone == 0
            && self.back == 0
            && self.relocated == 0
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

/// Target size of one fetch: large enough to keep the connection busy,
/// small enough to bound memory (two batches are in flight).
const BATCH_BYTES: u64 = 2 * 1024 * 1024;
const BATCH_MAX: usize = 2000;

/// `vsd sync`: one sync of every configured folder, with progress on stderr;
/// with `watch`, stays connected and applies new mail as it arrives (until
/// the process ends).
pub fn run(cfg: &Config, db: &Path, watch: bool) -> Result<SyncSummary, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    imap::quiet_imap_panics();
    let _lock = Store::lock_writer(db)?;
    let mut credentials = Credentials::new();
    let mut store = Store::open(db)?;
    let bars = StderrProgress::new();
    let mut on_progress = |p: &Progress| bars.update(p);
    let t = Instant::now();
    let mut session = credentials.connect(imap_cfg)?;
    tracing::debug!(us = t.elapsed().as_micros() as u64, "signed in");
    let mut alerts = Alerts::default();
    let print_alerts = |alerts: &mut Alerts, s: &Session<Transport>| {
        for a in alerts.fresh(s.take_alerts()) {
            eprintln!("vsd sync: alert from {}: {a}", s.host());
        }
    };
    print_alerts(&mut alerts, &session);
    let mut summary = sync_all(&mut session, &mut store, cfg, &mut on_progress);
    // A message refused as too large broke the session but is recorded, and
    // the next pass takes its header; a dropped connection left every stored
    // message stored and the rest to fetch: reconnect and go on rather than
    // fail.
    let mut passes = 0;
    let mut resumed = Vec::new();
    while let Err(SyncError::Imap(e)) = &summary
        && (e.refused_uid().is_some() || e.is_dropped())
        && passes < 3
    {
        passes += 1;
        tracing::warn!("{e}; reconnecting to go on");
        if e.is_dropped() {
            resumed.push(format!("{e}; signed in again and went on"));
        }
        // The broken connection goes first: a server may take one at a time.
        drop(session);
        session = credentials.connect(imap_cfg)?;
        summary = sync_all(&mut session, &mut store, cfg, &mut on_progress);
    }
    bars.finish();
    for line in &resumed {
        eprintln!("vsd sync: {}", crate::text::sanitize::sanitize(line));
    }
    print_alerts(&mut alerts, &session);
    let summary = summary?;
    print_summary(&summary);
    let t = Instant::now();
    let mut print_team = |ev: SyncEvent| {
        print_team_event(&ev);
        true
    };
    let mut shared = share_team_state(&mut session, &mut store, cfg, &mut print_team);
    // The mail is stored; a session lost while sharing (a token that expired,
    // a server restart) is signed in again once rather than leaving the
    // colleagues' actions for the next sync.
    let mut session = match shared {
        Err(e) => {
            tracing::info!("{e}; signing in again to share team actions");
            drop(session);
            match credentials.connect(imap_cfg) {
                Ok(mut s) => {
                    shared = share_team_state(&mut s, &mut store, cfg, &mut print_team);
                    Some(s)
                }
                Err(e) => {
                    shared = Err(e.into());
                    None
                }
            }
        }
        Ok(_) => Some(session),
    };
    if let Err(e) = shared {
        print_team(team_not_shared(&e));
        session = None;
    }
    tracing::debug!(us = t.elapsed().as_micros() as u64, "team state");
    if !watch {
        if let Some(s) = session {
            s.logout();
        }
        return Ok(summary);
    }
    let mut total = summary;
    watch_loop(
        imap_cfg,
        &mut credentials,
        &mut store,
        cfg,
        session,
        alerts,
        &mut |ev| {
            if let SyncEvent::NewMail {
                new_messages,
                new_issues,
            } = ev
            {
                eprintln!("vsd sync: {new_messages} new messages, {new_issues} new issues");
                total.new_messages += new_messages;
                total.new_issues += new_issues;
            } else if let SyncEvent::Error(e) = ev {
                eprintln!("vsd sync: {}", crate::text::sanitize::sanitize(&e));
            } else if let SyncEvent::Alert(a) = ev {
                eprintln!("vsd sync: alert from {}: {a}", imap_cfg.host);
            } else if let ev @ SyncEvent::Team { .. } = ev {
                print_team_event(&ev);
            } else if let SyncEvent::DeskReplied { key, title } = ev {
                eprintln!(
                    "vsd sync: the desk wrote on {}: {}{}",
                    crate::text::sanitize::sanitize(&key),
                    crate::text::sanitize::sanitize(&title),
                    if cfg.hooks.bell { "\x07" } else { "" }
                );
            } else if let SyncEvent::Waiting { count, line } = ev {
                if count > 0 {
                    eprintln!("vsd sync: {line}");
                } else {
                    eprintln!("vsd sync: no message waits to be fetched again");
                }
            }
            true
        },
    );
    Ok(total)
}

/// Starts the background sync for the TUI: a first sync, then IDLE, with
/// reconnects. Events arrive on the receiver; the worker ends when the
/// receiver is dropped (noticed at its next event). The worker takes the
/// store's writer lock itself; a second writer is told so.
pub fn spawn_worker(
    cfg: &Config,
    db: &Path,
) -> (std::thread::JoinHandle<()>, mpsc::Receiver<SyncEvent>) {
    start_worker(cfg, db, None)
}

/// [`spawn_worker`] under a writer lock the caller holds and shares: the
/// TUI, whose own writes (closing an issue) go beside the worker's.
pub fn spawn_worker_sharing(
    cfg: &Config,
    db: &Path,
    lock: std::sync::Arc<crate::store::WriterLock>,
) -> (std::thread::JoinHandle<()>, mpsc::Receiver<SyncEvent>) {
    start_worker(cfg, db, Some(lock))
}

fn start_worker(
    cfg: &Config,
    db: &Path,
    held: Option<std::sync::Arc<crate::store::WriterLock>>,
) -> (std::thread::JoinHandle<()>, mpsc::Receiver<SyncEvent>) {
    let (tx, rx) = mpsc::channel();
    let cfg = cfg.clone();
    let db = db.to_path_buf();
    let handle = std::thread::spawn(move || {
        imap::quiet_imap_panics();
        let Some(imap_cfg) = cfg.imap.clone() else {
            let _ = tx.send(SyncEvent::Error(SyncError::NoImap.to_string()));
            return;
        };
        let start = || -> Result<(Store, std::sync::Arc<crate::store::WriterLock>), SyncError> {
            let lock = match held {
                Some(l) => l,
                None => std::sync::Arc::new(Store::lock_writer(&db)?),
            };
            Ok((Store::open(&db)?, lock))
        };
        let (mut store, _lock) = match start() {
            Ok(x) => x,
            Err(e) => {
                let _ = tx.send(SyncEvent::Error(e.to_string()));
                return;
            }
        };
        let mut credentials = Credentials::new();
        watch_loop(
            &imap_cfg,
            &mut credentials,
            &mut store,
            &cfg,
            None,
            Alerts::default(),
            &mut |ev| tx.send(ev).is_ok(),
        );
    });
    (handle, rx)
}

/// Syncs the state folder after the mail ([`team::sync_state`]) and tells
/// what came; a failure there is told, never the end of the sync. False
/// when the receiver of the events has gone; an error only when the
/// connection was lost, for the caller to sign in again and retry.
fn share_team_state<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    emit: &mut dyn FnMut(SyncEvent) -> bool,
) -> Result<bool, SyncError> {
    let folder = cfg.imap.as_ref().map_or("", |i| i.state_folder.as_str());
    // A STATUS says whether there is anything to do; a SELECT of the state
    // folder (and its look at the outbox) is for when there is. A failure
    // here is left for the sync to meet and tell.
    if matches!(team::state_moved(session, store, cfg), Ok(false)) {
        return Ok(true);
    }
    match team::sync_state(session, store, cfg) {
        Ok(t) => {
            let mut lines = t.skipped;
            if t.sent > t.refilled {
                lines.push(format!(
                    "shared {} team actions through {}",
                    t.sent - t.refilled,
                    crate::text::sanitize::sanitize(folder)
                ));
            }
            if t.refilled > 0 {
                lines.push(format!(
                    "{} was empty or recreated: filled it again with {} team actions",
                    crate::text::sanitize::sanitize(folder),
                    t.refilled
                ));
            }
            if t.received == 0 && lines.is_empty() {
                return Ok(true);
            }
            Ok(emit(SyncEvent::Team {
                received: t.received,
                lines,
            }))
        }
        Err(e) if e.is_connection_problem() => Err(e),
        Err(e) => Ok(emit(team_not_shared(&e))),
    }
}

/// What the user is told when the team state could not be synced.
fn team_not_shared(e: &SyncError) -> SyncEvent {
    SyncEvent::Team {
        received: 0,
        lines: vec![format!(
            "team actions not shared this time: {}",
            crate::text::sanitize::sanitize(&e.to_string())
        )],
    }
}

fn print_team_event(ev: &SyncEvent) {
    if let SyncEvent::Team { received, lines } = ev {
        for l in lines {
            eprintln!("vsd sync: {l}");
        }
        if *received > 0 {
            eprintln!("vsd sync: {received} team actions from colleagues");
        }
    }
}

/// Whether `folder` as just selected has mail (or, with CONDSTORE, changes)
/// the store has not seen. Only growth counts, so a server whose figures
/// disagree with the store's cannot keep the worker from IDLE: more
/// messages than the store holds (new mail behind a stale UIDNEXT) counts
/// only when EXISTS grew since `before`, the previous look, so a message
/// that can never be stored causes one extra sync, not one per look.
fn changed_since_sync(
    store: &Store,
    folder: &str,
    now: &FolderStatus,
    before: Option<&FolderStatus>,
) -> Result<bool, SyncError> {
    let Some(known) = store.folder_state(folder)? else {
        return Ok(false);
    };
    if known.uidvalidity != now.uidvalidity
        || now.uidnext > known.uidnext
        || matches!((known.highest_modseq, now.highest_modseq), (Some(k), Some(n)) if n > k)
    {
        return Ok(true);
    }
    let grew = before.is_none_or(|b| b.uidvalidity != now.uidvalidity || now.exists > b.exists);
    Ok(grew && u64::from(now.exists) > store.present_count(folder, now.uidvalidity)?)
}

/// Syncs every configured folder on an open session, then regroups issues.
pub fn sync_all<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    store.begin_bulk();
    let done = sync_all_folders(session, store, cfg, progress);
    store.end_bulk();
    done
}

fn sync_all_folders<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    session.enable_change_tracking()?;
    let mut summary = SyncSummary::default();
    // Mail stored before this run (an import, another account's sync) may
    // be found again in a folder seen for the first time.
    let had_mail = store.has_messages()?;
    // A folder that does not exist is reported after the others are synced.
    let mut missing = None;
    for folder in &imap_cfg.folders {
        // The state folder holds the team's actions, never mail, even when
        // `folders` names it too.
        if folder == &imap_cfg.state_folder {
            continue;
        }
        match sync_folder(session, store, cfg, folder, had_mail, progress) {
            Ok(s) => summary.absorb(s),
            // So is one the server cannot open now: the others still sync.
            Err(SyncError::Imap(
                e @ (ImapError::NoFolder { .. } | ImapError::FolderRefused { .. }),
            )) => {
                missing.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    finish(store, cfg, &mut summary)?;
    match missing {
        Some(e) => Err(SyncError::Imap(e)),
        None => Ok(summary),
    }
}

/// After folders were synced: issues regrouped (when the store changed),
/// and the UIDs of the configured folders that wait to be fetched again.
fn finish(store: &mut Store, cfg: &Config, summary: &mut SyncSummary) -> Result<(), SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    if !summary.is_empty() {
        regroup_into(store, cfg, Reads::Auto, summary)?;
    }
    let synced: HashSet<&str> = imap_cfg.folders.iter().map(String::as_str).collect();
    summary.waiting = store
        .all_not_fetched()?
        .into_iter()
        .filter(|n| synced.contains(n.folder.as_str()))
        .map(|n| Waiting {
            origin: format!("{}/{}/{}", n.folder, n.uidvalidity, n.uid),
            reason: n.reason,
            detail: n.detail,
            attempts: n.attempts,
        })
        .collect();
    Ok(())
}

/// How many stored messages a fetch lets pass between two regroups.
const REGROUP_EVERY: usize = 5_000;

/// Regroups and adds what it found (new issues, new flags, the desk's
/// replies) to `summary`.
fn regroup_into(
    store: &mut Store,
    cfg: &Config,
    reads: Reads,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    let t = Instant::now();
    let g = store.regroup_reading(cfg, reads)?;
    tracing::info!(
        ms = t.elapsed().as_millis() as u64,
        read = g.read_messages,
        peak_rss_kb = peak_rss_kb(),
        "regrouped"
    );
    summary.new_issues += g.new_issues;
    summary.new_flags += g.new_flags;
    summary.desk_replied.extend(g.desk_replied);
    Ok(())
}

/// Whether a folder's STATUS differs from what the store recorded at its
/// last sync: another UIDVALIDITY, a higher UIDNEXT, another HIGHESTMODSEQ
/// (flags or expunges), or another message count (an expunge, or mail
/// marked gone that is back, on a server without CONDSTORE).
fn folder_moved(store: &Store, folder: &str, now: &FolderStatus) -> Result<bool, SyncError> {
    let Some(known) = store.folder_state(folder)? else {
        return Ok(true);
    };
    if known.uidvalidity != now.uidvalidity
        || known.synced_at.is_none()
        || now.uidnext == 0
        || now.uidnext > known.uidnext
        || now.highest_modseq != known.highest_modseq
    {
        return Ok(true);
    }
    Ok(u64::from(now.exists) != store.present_count(folder, now.uidvalidity)?)
}

/// Applies what the server reported in IDLE about the selected `folder`
/// (UIDVALIDITY `v`), without selecting it again (see [`watch`]): the UIDs
/// from the folder's UIDNEXT on are fetched as a sync fetches them, and
/// expunges and flags come from the changes since the recorded MODSEQ.
/// `None` when the report cannot be applied so and a full look is due.
fn apply_news<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    v: u32,
    news: &imap::IdleNews,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Option<SyncSummary>, SyncError> {
    let Some(known) = store.folder_state(folder)?.filter(|k| k.uidvalidity == v) else {
        return Ok(None);
    };
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    let mut new_mail = news.exists.is_some();
    let only_new = news.expunged == 0
        && news.vanished.is_empty()
        && news.flags.is_empty()
        && !news.flags_without_uid
        && !news.other;
    if !only_new {
        // Expunges by sequence number name no UID; only VANISHED does.
        let expunges = news.expunged > 0 || !news.vanished.is_empty();
        let modseq = known.highest_modseq.and_then(std::num::NonZeroU64::new);
        let Some(m) = modseq.filter(|_| {
            !news.other && session.condstore_enabled() && (!expunges || session.qresync_enabled())
        }) else {
            return Ok(None);
        };
        // Since the last full sync: idempotent, and it names every change
        // the wait's first report stood for, not only that one.
        let c = session.changes_since(m)?;
        new_mail |= c.flags.iter().any(|f| f.uid >= known.uidnext);
        let listed: Vec<u32> = c.flags.iter().map(|f| f.uid).collect();
        let flags: Vec<(u32, Vec<String>)> =
            c.flags.into_iter().map(|f| (f.uid, f.flags)).collect();
        summary.flag_changes += store.update_flags(folder, v, &flags)?;
        summary.back += store.mark_present(folder, v, &listed)?;
        summary.gone += store.mark_gone(folder, v, &c.vanished)?;
    }
    let t = Instant::now();
    if new_mail {
        let s = fetch_new(
            session,
            store,
            cfg,
            folder,
            v,
            known.uidnext,
            true,
            progress,
        )?;
        summary.absorb(SyncSummary { folders: 0, ..s });
    }
    let fetched_us = t.elapsed().as_micros() as u64;
    finish(store, cfg, &mut summary)?;
    tracing::debug!(
        fetch_us = fetched_us,
        finish_us = t.elapsed().as_micros() as u64 - fetched_us,
        "applied news"
    );
    Ok(Some(summary))
}

/// Syncs one folder (see the module documentation). `had_mail` says whether
/// the store held mail before this sync began: only then is a folder seen
/// for the first time matched by Message-ID before downloading.
pub fn sync_folder<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    had_mail: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    let mut summary = SyncSummary {
        folders: 1,
        ..SyncSummary::default()
    };
    let t = Instant::now();
    let server = session.select(folder)?;
    let selected_us = t.elapsed().as_micros() as u64;
    let local = store.folder_state(folder)?;
    let v = server.uidvalidity;

    let (mut known, from_uid) = match local {
        Some(l) if l.uidvalidity == v => (l, l.uidnext),
        other => {
            // First sync, or the folder was recreated: start this incarnation
            // at UID 1, matching mail the store has by Message-ID.
            let fresh = FolderState {
                uidvalidity: v,
                uidnext: 1,
                highest_modseq: None,
                synced_at: None,
            };
            store.set_folder_state(folder, &fresh)?;
            if other.is_some() || had_mail {
                summary.relocated += relocate(session, store, folder, v)?;
            }
            summary.gone += store.mark_other_incarnations_gone(folder, v)?;
            store.clear_other_incarnations_not_fetched(folder, v)?;
            (fresh, 1)
        }
    };

    // Nothing at all changed: same UIDNEXT, same HIGHESTMODSEQ, and as many
    // messages as the store holds (else a figure is stale, or mail marked
    // gone is back).
    let unchanged = known.synced_at.is_some()
        && server.uidnext != 0
        && server.uidnext == known.uidnext
        && server.highest_modseq.is_some()
        && server.highest_modseq == known.highest_modseq
        && u64::from(server.exists) == store.present_count(folder, v)?;
    // UIDs recorded as not fetched are asked for again at every sync.
    let waiting = !store.not_fetched(folder, v)?.is_empty();
    tracing::debug!(
        folder,
        unchanged,
        select_us = selected_us,
        look_us = t.elapsed().as_micros() as u64 - selected_us,
        "looked at the folder"
    );
    if unchanged {
        if waiting {
            let s = fetch_new(session, store, cfg, folder, v, from_uid, false, progress)?;
            summary.absorb(SyncSummary { folders: 0, ..s });
        }
        return Ok(summary);
    }

    // Changes to mail already here. A sync that was interrupted before
    // completing has no HIGHESTMODSEQ to trust: compare everything.
    if known.synced_at.is_some() || from_uid > 1 {
        let basis = if known.synced_at.is_some() {
            known
        } else {
            FolderState {
                highest_modseq: None,
                ..known
            }
        };
        let c = changes(session, store, folder, &basis, &server)?;
        summary.flag_changes += c.flags;
        summary.gone += c.gone;
        summary.back += c.back;
        summary.warnings.extend(c.warning);
    }

    // New mail: UIDNEXT says so, or (a stale UIDNEXT) EXISTS counts more
    // messages than the store holds.
    let more_than_stored = || -> Result<bool, StoreError> {
        Ok(u64::from(server.exists) > store.present_count(folder, v)?)
    };
    let new_mail = server.exists > 0
        && (server.uidnext == 0 || server.uidnext > from_uid || more_than_stored()?);
    if new_mail || waiting {
        let s = fetch_new(session, store, cfg, folder, v, from_uid, new_mail, progress)?;
        summary.absorb(SyncSummary { folders: 0, ..s });
    }

    known.uidnext = store
        .folder_state(folder)?
        .map(|f| f.uidnext)
        .unwrap_or(known.uidnext)
        .max(server.uidnext);
    known.highest_modseq = server.highest_modseq;
    known.synced_at = Some(Utc::now().timestamp());
    store.set_folder_state(folder, &known)?;
    Ok(summary)
}

/// What [`changes`] found.
#[derive(Debug, Default)]
struct Changed {
    flags: usize,
    gone: usize,
    back: usize,
    /// Why a listing from the server was not trusted.
    warning: Option<String>,
}

/// Flag changes and expunges since the last sync.
fn changes<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    known: &FolderState,
    server: &imap::FolderStatus,
) -> Result<Changed, SyncError> {
    let v = server.uidvalidity;
    // RFC 7162 has no MODSEQ 0: a store that recorded one has none.
    let modseq = known.highest_modseq.and_then(std::num::NonZeroU64::new);
    match (modseq, session.condstore_enabled()) {
        (Some(m), true) if server.highest_modseq.is_some() => {
            let c = if server.highest_modseq == Some(m.get()) {
                imap::Changes::default()
            } else {
                session.changes_since(m)?
            };
            let listed: Vec<u32> = c.flags.iter().map(|f| f.uid).collect();
            let flags: Vec<(u32, Vec<String>)> =
                c.flags.into_iter().map(|f| (f.uid, f.flags)).collect();
            let mut out = Changed {
                flags: store.update_flags(folder, v, &flags)?,
                back: store.mark_present(folder, v, &listed)?,
                ..Changed::default()
            };
            if session.qresync_enabled() {
                out.gone += store.mark_gone(folder, v, &c.vanished)?;
            }
            // Without VANISHED (or to be sure), compare counts: the server's
            // count of old mail must equal the store's.
            let present = store.present_count(folder, v)?;
            let new_on_server = session_new_count(session, known.uidnext)?;
            if present + new_on_server != u64::from(server.exists) {
                let s = expunged_by_search(session, store, folder, v, known.uidnext)?;
                out.gone += s.gone;
                out.back += s.back;
                out.warning = s.warning;
            }
            Ok(out)
        }
        _ => {
            let mut out = expunged_by_search(session, store, folder, v, known.uidnext)?;
            let flags: Vec<(u32, Vec<String>)> = if known.uidnext > 1 {
                session
                    .flags(&format!("1:{}", known.uidnext - 1))?
                    .into_iter()
                    .map(|f| (f.uid, f.flags))
                    .collect()
            } else {
                Vec::new()
            };
            let listed: Vec<u32> = flags.iter().map(|(u, _)| *u).collect();
            out.back += store.mark_present(folder, v, &listed)?;
            out.flags = store.update_flags(folder, v, &flags)?;
            Ok(out)
        }
    }
}

/// How many messages the server has at or above `from_uid`. Asked, not
/// worked out from UIDNEXT, which a server may leave stale.
fn session_new_count<S: Read + Write>(
    session: &mut Session<S>,
    from_uid: u32,
) -> Result<u64, SyncError> {
    Ok(session
        .uids_from(from_uid)?
        .into_iter()
        .filter(|u| *u >= from_uid)
        .count() as u64)
}

/// Compares the stored UIDs below `below` with `UID SEARCH ALL`: those the
/// server lists are present (and no longer gone, if they were), those it
/// does not are gone, but only when the listing agrees with EXISTS. An
/// empty or short listing (a server whose index broke) marks nothing.
fn expunged_by_search<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    below: u32,
) -> Result<Changed, SyncError> {
    let listing = session.uid_list()?;
    let mut out = Changed {
        back: store.mark_present(folder, v, &listing.uids)?,
        ..Changed::default()
    };
    let on_server: std::collections::HashSet<u32> = listing.uids.iter().copied().collect();
    let missing: Vec<u32> = store
        .present_uids(folder, v)?
        .into_iter()
        .filter(|u| *u < below && !on_server.contains(u))
        .collect();
    if missing.is_empty() {
        return Ok(out);
    }
    if !listing.agrees() {
        let w = format!(
            "{folder}: the server listed {} UIDs for {} messages (UID SEARCH ALL against EXISTS); \
             {} not listed kept, not marked gone",
            listing.uids.len(),
            listing.exists,
            missing.len()
        );
        tracing::warn!("{w}");
        out.warning = Some(w);
        return Ok(out);
    }
    out.gone = store.mark_gone(folder, v, &missing)?;
    Ok(out)
}

/// A recreated (or first-seen) folder: gives mail the store already has its
/// new location without downloading it again; returns how many.
fn relocate<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
) -> Result<usize, SyncError> {
    let ids = session.message_ids("1:*")?;
    let with_id: Vec<String> = ids.iter().filter_map(|(_, id)| id.clone()).collect();
    let rows = store.rowids_of(&with_id)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let flags: std::collections::HashMap<u32, Vec<String>> = session
        .flags("1:*")?
        .into_iter()
        .map(|f| (f.uid, f.flags))
        .collect();
    let mut items: Vec<(u32, i64, Vec<String>)> = Vec::new();
    for (uid, id) in &ids {
        if let Some(row) = id.as_ref().and_then(|id| rows.get(id)) {
            items.push((*uid, *row, flags.get(uid).cloned().unwrap_or_default()));
        }
    }
    store.add_locations(folder, v, &items)?;
    // UIDNEXT stays: the fetch that follows skips located UIDs.
    Ok(items.len())
}

/// Downloads the UIDs from `from_uid` on (when `new_mail`) that the store
/// does not hold yet, and the UIDs recorded as not fetched, in batches; after
/// each batch, every UID of it is stored or recorded, and only then is
/// UIDNEXT raised past it.
#[allow(clippy::too_many_arguments)]
fn fetch_new<S: Read + Write + Send>(
    session: &mut Session<S>,
    store: &mut Store,
    cfg: &Config,
    folder: &str,
    v: u32,
    from_uid: u32,
    new_mail: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SyncSummary, SyncError> {
    let mut summary = SyncSummary::default();
    let pending = store.not_fetched(folder, v)?;
    let recorded: Vec<u32> = pending.iter().map(|n| n.uid).collect();
    // Only UIDs that may be asked for matter: from `from_uid` on, and the
    // recorded ones.
    let lowest = recorded.iter().copied().fold(from_uid.max(1), u32::min);
    let located: HashSet<u32> = store
        .present_uids_from(folder, v, lowest)?
        .into_iter()
        .collect();
    // A message an earlier sync was refused as too large is asked for as its
    // header from now on, as one above max_message_size is.
    let too_large: HashSet<u32> = pending
        .iter()
        .filter(|n| n.reason == "too-large")
        .map(|n| n.uid)
        .collect();
    let from = from_uid.max(1);
    let mut set = uid_set(&recorded);
    if new_mail {
        if !set.is_empty() {
            set.push(',');
        }
        set.push_str(&format!("{from}:*"));
    }
    if set.is_empty() {
        return Ok(summary);
    }
    // `from:*` names the last message even when it is below `from`.
    let asked = |uid: u32| (new_mail && uid >= from) || recorded.binary_search(&uid).is_ok();
    // A SEARCH, whose answer every server gets right, says which UIDs are
    // there; the listing gives sizes (for batching) and sequence numbers (to
    // match back an answer without a UID). A UID the listing leaves out (an
    // answer that could not be read) is fetched all the same.
    let t = Instant::now();
    let present: Vec<u32> = session
        .uids_in(&set)?
        .into_iter()
        .filter(|u| asked(*u))
        .collect();
    // Sorted vectors rather than maps: a first sync of a large folder holds
    // one entry per message here (about 30 bytes each, all told).
    let searched_us = t.elapsed().as_micros() as u64;
    let (listed, moved) = session.listing(&set)?;
    tracing::debug!(
        folder,
        search_us = searched_us,
        listing_us = t.elapsed().as_micros() as u64 - searched_us,
        "listed new mail"
    );
    let mut wanted: Vec<Listed> = listed.into_iter().filter(|l| asked(l.uid)).collect();
    let by_uid = |w: &[Listed], uid: u32| w.binary_search_by_key(&uid, |l| l.uid).is_ok();
    let unlisted: Vec<Listed> = present
        .iter()
        .filter(|u| !by_uid(&wanted, **u))
        .map(|&uid| Listed {
            seq: 0,
            uid,
            size: None,
        })
        .collect();
    drop(present);
    if !unlisted.is_empty() {
        wanted.extend(unlisted);
        wanted.sort_unstable_by_key(|l| l.uid);
    }
    // Recorded UIDs stored since (found again by Message-ID) or gone from
    // the server: nothing waits for those any more.
    let done: Vec<u32> = recorded
        .iter()
        .copied()
        .filter(|u| located.contains(u) || !by_uid(&wanted, *u))
        .collect();
    store.clear_not_fetched(folder, v, &done)?;
    wanted.retain(|l| !located.contains(&l.uid));
    let total = wanted.len();
    if total == 0 {
        return Ok(summary);
    }
    // Sequence numbers hold only while nothing is expunged.
    let seqs = if moved {
        Seqs::default()
    } else {
        Seqs::new(wanted.iter().filter(|l| l.seq != 0).map(|l| (l.seq, l.uid)))
    };
    let sizes: Vec<(u32, u32)> = wanted
        .into_iter()
        .map(|l| (l.uid, l.size.unwrap_or(UNKNOWN_SIZE)))
        .collect();
    let mut p = Progress {
        folder: folder.to_string(),
        done: 0,
        total,
        bytes: 0,
    };
    progress(&p);
    // Above max_message_size, the header alone (as mbsync's MaxSize does).
    // A listed size above what the reader accepts would be refused whole.
    let limit = cfg.imap.as_ref().and_then(|i| i.max_message_size);
    let literal_max = limit.unwrap_or(0).max(imap::reader::LITERAL_MAX);
    let (oversized, sizes): (Vec<_>, Vec<_>) = sizes.into_iter().partition(|(uid, size)| {
        let size = u64::from(*size);
        too_large.contains(uid) || limit.is_some_and(|l| size > l) || size > literal_max
    });
    if !oversized.is_empty() {
        let limit = limit.unwrap_or(literal_max);
        fetch_oversized(
            session,
            store,
            folder,
            v,
            &oversized,
            limit,
            &mut summary,
            &mut p,
        )?;
        progress(&p);
    }
    let batches = plan_batches(&sizes);

    // One thread fetches while this one stores: the network and the parser
    // overlap, and at most two batches are held at once.
    // Three stages, one thread each, so that both cores stay busy: this
    // one fetches, the next parses and analyses (on worker threads of its
    // own), this thread stores. At most a batch waits between two stages.
    std::thread::scope(|scope| -> Result<(), SyncError> {
        let (tx, fetched) = mpsc::sync_channel::<Result<FetchedBatch, ImapError>>(1);
        let fetcher = scope.spawn(move || {
            let mut busy = Duration::ZERO;
            let mut seqs = seqs;
            for batch in batches {
                let t = Instant::now();
                let r = fetch_batch(session, &batch, &mut seqs);
                busy += t.elapsed();
                let stop = r.is_err();
                if tx.send(r).is_err() || stop {
                    break;
                }
            }
            busy
        });
        let (tx, rx) = mpsc::sync_channel::<Result<PreparedBatch, ImapError>>(1);
        let parser = scope.spawn(move || {
            for r in fetched.iter() {
                if tx.send(r.map(|b| prepare_batch(folder, v, b))).is_err() {
                    break;
                }
            }
        });
        let mut result = Ok(());
        let started = Instant::now();
        let mut storing = Duration::ZERO;
        let mut since_regroup = 0;
        for r in rx.iter() {
            let t = Instant::now();
            let b = match r {
                Ok(b) => b,
                Err(e) => {
                    // A literal refused as too large: that message is
                    // recorded (and asked for as its header next time), so
                    // it cannot stop the folder's sync again.
                    if let Some(uid) = e.refused_uid() {
                        let why = [(uid, "too-large".to_string(), e.to_string())];
                        if let Err(se) = store.record_not_fetched(folder, v, &why) {
                            result = Err(se.into());
                            break;
                        }
                    }
                    result = Err(SyncError::Imap(e));
                    break;
                }
            };
            since_regroup += b.stored.len();
            if let Err(e) = store_batch(store, folder, v, b, &mut summary, &mut p) {
                result = Err(e);
                break;
            }
            // Issues grouped as the mail lands, a few thousand messages at a
            // time, rather than all of a first sync's at its end: what a
            // regroup holds is then what it reads, not the whole store.
            if since_regroup >= REGROUP_EVERY {
                since_regroup = 0;
                if let Err(e) = regroup_into(store, cfg, Reads::Least, &mut summary) {
                    result = Err(e);
                    break;
                }
            }
            storing += t.elapsed();
            progress(&p);
        }
        drop(rx);
        // Whatever a failed thread had not handed over is neither stored nor
        // recorded: UIDNEXT stays below it, and this sync fails.
        let parsed = parser.join();
        let fetching = match fetcher.join() {
            Ok(busy) => busy,
            Err(panic) => {
                result = result.and(Err(SyncError::FetchPanicked {
                    folder: folder.to_string(),
                    message: crate::text::panic_text(&panic),
                }));
                Duration::ZERO
            }
        };
        if let Err(panic) = parsed {
            result = result.and(Err(SyncError::FetchPanicked {
                folder: folder.to_string(),
                message: crate::text::panic_text(&panic),
            }));
        }
        tracing::info!(
            folder,
            messages = p.done,
            bytes = p.bytes,
            total_ms = started.elapsed().as_millis() as u64,
            fetch_ms = fetching.as_millis() as u64,
            store_ms = storing.as_millis() as u64,
            peak_rss_kb = peak_rss_kb(),
            "fetched new mail"
        );
        result
    })?;
    Ok(summary)
}

/// Stores messages above `max_message_size` (or refused as too large by an
/// earlier sync) as their header and a placeholder body
/// ([`ingest::prepare_partial`]); `vsd fetch` gets one whole. Every UID is
/// accounted for as [`store_batch`] does: a placeholder, or a record of why
/// not.
#[allow(clippy::too_many_arguments)]
fn fetch_oversized<S: Read + Write>(
    session: &mut Session<S>,
    store: &mut Store,
    folder: &str,
    v: u32,
    oversized: &[(u32, u32)],
    limit: u64,
    summary: &mut SyncSummary,
    p: &mut Progress,
) -> Result<(), SyncError> {
    for chunk in oversized.chunks(500) {
        let uids: Vec<u32> = chunk.iter().map(|(u, _)| *u).collect();
        let sizes: HashMap<u32, u32> = chunk.iter().copied().collect();
        let report = match session.fetch_headers(&uid_set(&uids)) {
            Ok(r) => r,
            Err(e @ ImapError::Refused { .. }) => {
                let refused: Vec<(u32, String, String)> = uids
                    .iter()
                    .map(|u| (*u, "refused".to_string(), e.to_string()))
                    .collect();
                store.record_not_fetched(folder, v, &refused)?;
                p.done += chunk.len();
                continue;
            }
            Err(e) => {
                if let Some(uid) = e.refused_uid() {
                    store.record_not_fetched(
                        folder,
                        v,
                        &[(uid, "too-large".to_string(), e.to_string())],
                    )?;
                }
                return Err(e.into());
            }
        };
        let mut seen: HashSet<u32> = HashSet::new();
        let mut messages = Vec::new();
        let mut not_fetched = Vec::new();
        let by_uid: HashSet<u32> = report
            .messages
            .iter()
            .map(|m| m.uid)
            .filter(|u| sizes.contains_key(u))
            .collect();
        for uid in &uids {
            if !by_uid.contains(uid) {
                let (reason, detail) = why_not_fetched(*uid, &report);
                not_fetched.push((*uid, reason, detail));
            }
        }
        for f in report.messages {
            if sizes.contains_key(&f.uid) && seen.insert(f.uid) {
                messages.push(f);
            }
        }
        summary.fetched += messages.len();
        p.bytes += messages.iter().map(|m| m.raw.len() as u64).sum::<u64>();
        let stored: Vec<u32> = messages.iter().map(|m| m.uid).collect();
        let prepared: Vec<_> = messages
            .into_iter()
            .map(|f| {
                let size = sizes.get(&f.uid).copied().map_or(0, u64::from);
                ingest::prepare_partial(incoming(folder, v, f), size, limit)
            })
            .collect();
        let added = store.add_messages(&prepared)?;
        summary.new_messages += added.new_messages;
        summary.unparseable.extend(added.unparseable);
        store.clear_not_fetched(folder, v, &stored)?;
        store.record_not_fetched(folder, v, &not_fetched)?;
        p.done += chunk.len();
    }
    Ok(())
}

/// What `vsd fetch` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WholeFetch {
    /// The placeholder was replaced by the whole message of this many bytes.
    Replaced { bytes: u64, folder: String },
    /// The store held the message whole already.
    AlreadyWhole,
}

/// `vsd fetch MESSAGE-ID`: downloads a message stored as a placeholder (above
/// `max_message_size`) whole from the first folder that still has it,
/// replaces the placeholder, and regroups, so its text and flags are those
/// of the real message.
pub fn fetch_whole(cfg: &Config, db: &Path, message_id: &str) -> Result<WholeFetch, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    imap::quiet_imap_panics();
    let _lock = Store::lock_writer(db)?;
    let mut store = Store::open(db)?;
    let stored = store
        .stored_message(message_id)?
        .ok_or_else(|| SyncError::NoMessage {
            id: message_id.to_string(),
        })?;
    if stored.partial_size.is_none() {
        return Ok(WholeFetch::AlreadyWhole);
    }
    if stored.locations.is_empty() {
        return Err(SyncError::NotOnServer {
            id: stored.message_id,
            why: "no folder on the server holds it any more".into(),
        });
    }
    let password = imap::password(imap_cfg)?;
    let mut session = imap::connect(imap_cfg, &password)?;
    let mut why = String::from("no folder on the server holds it any more");
    for (folder, v, uid) in &stored.locations {
        let status = match session.select(folder) {
            Ok(s) => s,
            Err(ImapError::NoFolder { message, .. }) => {
                why = format!("folder {folder:?} is gone ({message})");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if status.uidvalidity != *v {
            why = format!("folder {folder:?} was recreated since the sync (run `vsd sync`)");
            continue;
        }
        let Some(f) = session
            .fetch(&uid.to_string())?
            .into_iter()
            .find(|f| f.uid == *uid)
        else {
            why = format!("UID {uid} is no longer in folder {folder:?}");
            continue;
        };
        let bytes = f.raw.len() as u64;
        let item = Incoming {
            location: None,
            ..incoming(folder, *v, f)
        };
        let whole = ingest::prepare(item);
        if whole.message.message_id != stored.message_id {
            why = format!(
                "UID {uid} in folder {folder:?} now holds another message ({:?})",
                whole.message.message_id
            );
            continue;
        }
        store.replace_message(stored.rowid, &whole)?;
        store.regroup(cfg)?;
        session.logout();
        return Ok(WholeFetch::Replaced {
            bytes,
            folder: folder.clone(),
        });
    }
    session.logout();
    Err(SyncError::NotOnServer {
        id: stored.message_id,
        why,
    })
}

/// One fetched batch, parsed and analysed, ready to be stored.
struct PreparedBatch {
    /// The UIDs asked for, ascending.
    uids: Vec<u32>,
    messages: Vec<crate::store::NewMessage>,
    /// The UIDs that brought a message (the first answer, where two came).
    stored: Vec<u32>,
    bytes: u64,
    /// Origins of UIDs answered twice with different bodies.
    conflicts: Vec<String>,
    not_fetched: Vec<(u32, String, String)>,
}

/// Parses and analyses a fetched batch ([`ingest::prepare_all`]): pure, so
/// it runs beside the fetch and the store.
fn prepare_batch(folder: &str, v: u32, b: FetchedBatch) -> PreparedBatch {
    let bytes = b.messages.iter().map(|m| m.raw.len() as u64).sum::<u64>();
    let stored: Vec<u32> = b.messages.iter().map(|m| m.uid).collect();
    let mut items: Vec<Incoming> = b
        .messages
        .into_iter()
        .map(|f| incoming(folder, v, f))
        .collect();
    let mut conflicts = Vec::new();
    for f in b.conflicting {
        let origin = format!("{folder}/{v}/{}", f.uid);
        conflicts.push(origin.clone());
        let mut item = incoming(folder, v, f);
        // The first answer keeps the location; this one is kept as mail.
        item.location = None;
        item.origin = format!("{origin} (second answer)");
        items.push(item);
    }
    PreparedBatch {
        uids: b.uids,
        messages: ingest::prepare_all(items),
        stored,
        bytes,
        conflicts,
        not_fetched: b.not_fetched,
    }
}

/// Stores one prepared batch: the messages, then the record of those not
/// fetched, then UIDNEXT past the batch, so that an interruption anywhere
/// leaves the batch to be fetched again.
fn store_batch(
    store: &mut Store,
    folder: &str,
    v: u32,
    b: PreparedBatch,
    summary: &mut SyncSummary,
    p: &mut Progress,
) -> Result<(), SyncError> {
    summary.fetched += b.stored.len();
    p.done += b.uids.len();
    p.bytes += b.bytes;
    summary.conflicts.extend(b.conflicts);
    let added = store.add_messages(&b.messages)?;
    summary.new_messages += added.new_messages;
    summary.unparseable.extend(added.unparseable);
    store.clear_not_fetched(folder, v, &b.stored)?;
    store.record_not_fetched(folder, v, &b.not_fetched)?;
    if let Some(last) = b.uids.last() {
        store.advance_uidnext(folder, v, last.saturating_add(1))?;
    }
    Ok(())
}

/// Sequence number → UID, from the listing, for matching back an answer
/// without a UID: sorted pairs, searched by halves.
#[derive(Default)]
struct Seqs(Vec<(u32, u32)>);

impl Seqs {
    fn new(pairs: impl Iterator<Item = (u32, u32)>) -> Seqs {
        let mut v: Vec<(u32, u32)> = pairs.collect();
        v.sort_unstable();
        v.dedup_by_key(|(seq, _)| *seq);
        Seqs(v)
    }

    fn get(&self, seq: u32) -> Option<u32> {
        self.0
            .binary_search_by_key(&seq, |(s, _)| *s)
            .ok()
            .map(|i| self.0[i].1)
    }

    /// After an expunge, sequence numbers name other messages.
    fn clear(&mut self) {
        self.0 = Vec::new();
    }
}

/// Assumed size of a message the listing did not size, for batching.
const UNKNOWN_SIZE: u32 = 256 * 1024;
/// How many UIDs of a batch left without a message are asked for one at a
/// time before the rest is recorded for the next sync.
const ONE_BY_ONE: usize = 32;

struct FetchedBatch {
    /// The UIDs asked for, ascending.
    uids: Vec<u32>,
    messages: Vec<Fetched>,
    /// Second answers for a UID with another body.
    conflicting: Vec<Fetched>,
    /// (UID, reason, detail) of the UIDs left without a message.
    not_fetched: Vec<(u32, String, String)>,
}

/// Fetches one batch and accounts for every UID in it: a message, or a
/// reason it is not one. An answer without a UID is matched back by its
/// sequence number (from the listing, while no expunge moved them); a UID
/// still without a message is asked for alone, where a lone answer without
/// a UID can only be its own. A batch the server refuses (`NO`) is split in
/// halves until the UIDs it refuses stand alone, so that one message the
/// server will not serve does not hold up the folder.
fn fetch_batch<S: Read + Write>(
    session: &mut Session<S>,
    uids: &[u32],
    seqs: &mut Seqs,
) -> Result<FetchedBatch, ImapError> {
    let mut report = match session.fetch_report(&uid_set(uids)) {
        Ok(r) => r,
        Err(ImapError::Refused { .. }) if uids.len() > 1 => {
            let (a, b) = uids.split_at(uids.len() / 2);
            let mut first = fetch_batch(session, a, seqs)?;
            let second = fetch_batch(session, b, seqs)?;
            first.uids.extend(second.uids);
            first.messages.extend(second.messages);
            first.conflicting.extend(second.conflicting);
            first.not_fetched.extend(second.not_fetched);
            return Ok(first);
        }
        Err(e @ ImapError::Refused { .. }) => {
            return Ok(FetchedBatch {
                uids: uids.to_vec(),
                messages: Vec::new(),
                conflicting: Vec::new(),
                not_fetched: uids
                    .iter()
                    .map(|u| (*u, "refused".to_string(), e.to_string()))
                    .collect(),
            });
        }
        Err(e) => return Err(e),
    };
    let asked: HashSet<u32> = uids.iter().copied().collect();
    report.messages.retain(|m| asked.contains(&m.uid));
    let mut have: HashSet<u32> = report.messages.iter().map(|m| m.uid).collect();
    if report.expunged {
        // From here on, sequence numbers name other messages.
        seqs.clear();
    } else {
        for (seq, mut f) in std::mem::take(&mut report.without_uid) {
            match seqs.get(seq) {
                Some(uid) if asked.contains(&uid) && !have.contains(&uid) => {
                    f.uid = uid;
                    have.insert(uid);
                    report.messages.push(f);
                }
                _ => report.without_uid.push((seq, f)),
            }
        }
    }
    let mut out = FetchedBatch {
        uids: uids.to_vec(),
        messages: Vec::new(),
        conflicting: std::mem::take(&mut report.conflicting),
        not_fetched: Vec::new(),
    };
    let missing: Vec<u32> = uids.iter().copied().filter(|u| !have.contains(u)).collect();
    out.messages = std::mem::take(&mut report.messages);
    for (i, uid) in missing.into_iter().enumerate() {
        if i < ONE_BY_ONE {
            match session.fetch_report(&uid.to_string()) {
                Ok(mut alone) => {
                    if alone.expunged {
                        seqs.clear();
                    }
                    let own = alone.messages.iter().position(|m| m.uid == uid);
                    if let Some(at) = own {
                        out.messages.push(alone.messages.swap_remove(at));
                        out.conflicting
                            .extend(alone.conflicting.into_iter().filter(|c| c.uid == uid));
                        continue;
                    }
                    if alone.messages.is_empty() && alone.without_uid.len() == 1 {
                        let (_, mut f) = alone.without_uid.remove(0);
                        f.uid = uid;
                        out.messages.push(f);
                        continue;
                    }
                    // The batch's answer may say more than the lone one's
                    // silence.
                    let mut why = why_not_fetched(uid, &alone);
                    if why.0 == "no-answer" {
                        why = why_not_fetched(uid, &report);
                    }
                    out.not_fetched.push((uid, why.0, why.1));
                    continue;
                }
                Err(e @ ImapError::Refused { .. }) => {
                    out.not_fetched.push((uid, "refused".into(), e.to_string()));
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        let (reason, detail) = why_not_fetched(uid, &report);
        out.not_fetched.push((uid, reason, detail));
    }
    Ok(out)
}

/// Why a fetch brought no message for `uid`: a short class and details.
fn why_not_fetched(uid: u32, r: &FetchReport) -> (String, String) {
    if let Some((_, why)) = r.unreadable.iter().find(|(u, _)| *u == uid) {
        return ("unreadable".into(), why.clone());
    }
    if r.empty_body.contains(&uid) {
        return (
            "empty-body".into(),
            "the server sent an empty body (NIL or no bytes)".into(),
        );
    }
    if r.without_body.contains(&uid) {
        return (
            "no-body".into(),
            "the server answered without the message's body".into(),
        );
    }
    if !r.without_uid.is_empty() {
        return (
            "no-uid".into(),
            "the server answered without a UID that could be matched to it".into(),
        );
    }
    if let Some((_, why)) = r.unreadable.first() {
        return ("unreadable".into(), why.clone());
    }
    (
        "no-answer".into(),
        "the server sent no answer for it".into(),
    )
}

/// Splits (uid, size) pairs into batches of about [`BATCH_BYTES`].
fn plan_batches(sizes: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut bytes = 0u64;
    for (uid, size) in sizes {
        if !cur.is_empty() && (bytes + u64::from(*size) > BATCH_BYTES || cur.len() >= BATCH_MAX) {
            out.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        cur.push(*uid);
        bytes += u64::from(*size);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A compact UID set: runs become `a:b`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut s = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        if !s.is_empty() {
            s.push(',');
        }
        if start == end {
            s.push_str(&start.to_string());
        } else {
            s.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    s
}

fn incoming(folder: &str, v: u32, f: Fetched) -> Incoming {
    Incoming {
        origin: format!("{folder}/{v}/{}", f.uid),
        fallback_date: f.internal_date.as_deref().and_then(internal_date),
        location: Some(Location {
            folder: folder.to_string(),
            uidvalidity: v,
            uid: f.uid,
            flags: f.flags,
        }),
        raw: f.raw,
    }
}

/// The process's peak resident memory (Linux), for the phase timings.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// An IMAP INTERNALDATE (`17-Jul-1996 02:44:25 -0700`) in UTC.
fn internal_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s.trim(), "%d-%b-%Y %H:%M:%S %z")
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn print_summary(s: &SyncSummary) {
    let mut line = format!(
        "vsd sync: {} new messages, {} new issues, {} new flags",
        s.new_messages, s.new_issues, s.new_flags
    );
    if s.flag_changes > 0 {
        line.push_str(&format!(", {} flag changes", s.flag_changes));
    }
    if s.gone > 0 {
        line.push_str(&format!(", {} gone from the server", s.gone));
    }
    if s.back > 0 {
        line.push_str(&format!(", {} back on the server", s.back));
    }
    eprintln!("{line}");
    use crate::text::sanitize::sanitize;
    for w in &s.warnings {
        eprintln!("vsd sync: {w}");
    }
    for (origin, e) in &s.unparseable {
        eprintln!("vsd sync: {origin}: stored unparsed: {}", sanitize(e));
    }
    for origin in &s.conflicts {
        eprintln!(
            "vsd sync: {origin}: the server answered twice with different bodies; \
             the first keeps the location, the second is stored without one"
        );
    }
    // One line per UID, up to a screenful; the summary line counts them all.
    const LISTED: usize = 20;
    for w in s.waiting.iter().take(LISTED) {
        eprintln!(
            "vsd sync: {}: not fetched ({} attempt{}): {}",
            w.origin,
            w.attempts,
            if w.attempts == 1 { "" } else { "s" },
            sanitize(&w.detail)
        );
    }
    if s.waiting.len() > LISTED {
        eprintln!(
            "vsd sync: … and {} more not fetched",
            s.waiting.len() - LISTED
        );
    }
    if let Some(line) = waiting_line(&s.waiting) {
        eprintln!("vsd sync: {line}; each is asked for again at every sync");
    }
}

/// indicatif progress bars on stderr, one per folder; hidden when stderr is
/// not a terminal.
struct StderrProgress {
    bar: std::cell::RefCell<Option<(String, indicatif::ProgressBar)>>,
    started: Instant,
}

impl StderrProgress {
    fn new() -> Self {
        StderrProgress {
            bar: std::cell::RefCell::new(None),
            started: Instant::now(),
        }
    }

    fn update(&self, p: &Progress) {
        let mut slot = self.bar.borrow_mut();
        if slot.as_ref().map(|(f, _)| f != &p.folder).unwrap_or(true) {
            if let Some((_, old)) = slot.take() {
                old.finish();
            }
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(p.total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let style = indicatif::ProgressStyle::with_template(
                "{prefix:>10} [{bar:30}] {pos}/{len} {per_sec} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(p.folder.clone());
            *slot = Some((p.folder.clone(), bar));
        }
        if let Some((_, bar)) = slot.as_ref() {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
            let secs = self.started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!("{:.1} MB/s", p.bytes as f64 / 1e6 / secs));
        }
    }

    fn finish(&self) {
        if let Some((_, bar)) = self.bar.borrow_mut().take() {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn batches_respect_bytes_and_count() {
        let sizes: Vec<(u32, u32)> = (1..=5).map(|u| (u, 768 * 1024)).collect();
        assert_eq!(plan_batches(&sizes), vec![vec![1, 2], vec![3, 4], vec![5]]);
        let small: Vec<(u32, u32)> = (1..=4001).map(|u| (u, 10)).collect();
        let b = plan_batches(&small);
        assert_eq!(
            b.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![2000, 2000, 1]
        );
        // A message larger than a batch still gets one of its own.
        assert_eq!(plan_batches(&[(9, u32::MAX)]), vec![vec![9]]);
    }

    #[test]
    fn internal_dates_parse() {
        assert_eq!(
            internal_date("17-Jul-1996 02:44:25 -0700").map(|d| d.to_rfc3339()),
            Some("1996-07-17T09:44:25+00:00".to_string())
        );
        assert_eq!(
            internal_date(" 7-Jul-1996 02:44:25 +0000").map(|d| d.to_rfc3339()),
            Some("1996-07-07T02:44:25+00:00".to_string())
        );
        assert_eq!(internal_date("garbage"), None);
    }

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
