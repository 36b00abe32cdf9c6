//! The watch loop (`vsd sync --watch` and the TUI's worker): a first sync,
//! then IDLE on the first configured folder, with reconnects.
//!
//! The watched folder stays selected. What the server reports in IDLE
//! ([`IdleNews`]) is applied as it is: new UIDs are fetched from the
//! folder's UIDNEXT on, and, where the server reported expunges or flags,
//! the changes since the recorded MODSEQ are asked for (`CHANGEDSINCE`, with
//! `VANISHED` under QRESYNC) — no SELECT, which costs a large folder a
//! quarter of a second. The folder is selected again only when what was
//! reported cannot be applied so (an EXPUNGE by sequence number without
//! QRESYNC, flags without a UID and no CONDSTORE, a store that has not seen
//! the folder), after an error, or after a sync of another folder.
//!
//! The other folders (the team's Sent, the state folder) are looked at every
//! [`OTHER_FOLDERS_EVERY`] with STATUS, which the server answers from its
//! index without leaving the watched folder; only a folder whose UIDVALIDITY,
//! UIDNEXT, HIGHESTMODSEQ or message count moved is synced, and only team
//! state that moved (or waits to be shared) is. Without CONDSTORE a flag
//! change in another folder is seen at the next full sync. (Dovecot 2.3
//! offers NOTIFY, which would push those changes too; the crate reads IDLE
//! line by line and drops what comes after the line that ends the wait, so a
//! pushed STATUS could be lost where a poll cannot.)
//!
//! UIDNEXT never passes a message that is not stored: the fetch is the same
//! as a sync's ([`super::fetch_new`]), batch by batch.

use super::worker::lock;
use super::{
    Alerts, Progress, SyncError, SyncEvent, SyncSummary, changed_since_sync, finish, hooks,
    share_team_state, sync_all, sync_folder, team, waiting_line,
};
use crate::config::{Config, ImapConfig};
use crate::imap::{Credentials, FolderStatus, IdleNews, ImapError, Session, Transport};
use crate::store::Store;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often the folders IDLE does not watch are looked at with STATUS.
pub(super) const OTHER_FOLDERS_EVERY: Duration = Duration::from_secs(10);
/// How long one IDLE command lasts at most; RFC 2177 asks clients to renew
/// it within 29 minutes.
const IDLE_RENEWAL: Duration = Duration::from_secs(25 * 60);

/// Connect, sync, IDLE, repeat; reconnects with backoff after errors. Ends
/// when `emit` returns false.
///
/// Every connect signs in with a fresh credential ([`Credentials`]): an
/// access token runs `token_command` again. A session that was working and
/// is dropped by the server (a `BYE` in IDLE, as Microsoft 365 sends when the
/// token expires, or a cut connection) is signed in again at once and
/// without an error event; only when that fails, or the fresh session is
/// dropped before it gets back to IDLE, is the user told.
///
/// The store is locked for each step that reads or writes it and let go
/// of while the loop waits (IDLE, a reconnect's backoff), so that writes
/// handed to the worker ([`super::worker::Writes`]) land between steps.
pub(super) fn watch_loop(
    imap_cfg: &ImapConfig,
    credentials: &mut Credentials,
    store: &Mutex<Store>,
    cfg: &Config,
    mut session: Option<Session<Transport>>,
    alerts: Alerts,
    emit: &mut dyn FnMut(SyncEvent) -> bool,
) {
    let mut backoff = Duration::from_secs(1);
    let mut w = Watch {
        imap_cfg,
        cfg,
        synced: session.is_some(),
        // The first sync of a worker without a session catches up on what
        // came while vsd was not running: no hook runs for that.
        caught_up: session.is_some(),
        alerts,
        last_progress: None,
        last_waiting: String::new(),
        last_look: None,
        looked_at_others: Instant::now(),
        quiet_reconnect: true,
        dropped: None,
    };
    loop {
        let mut s = match session.take() {
            Some(s) => s,
            None if !emit(SyncEvent::Connecting) => return,
            None => match credentials.connect(imap_cfg) {
                Ok(s) => {
                    w.synced = false;
                    if !w.show_alerts(&s, emit) {
                        return;
                    }
                    s
                }
                Err(e) => {
                    let text = match w.dropped.take() {
                        Some(d) => format!("{d}; then {e}"),
                        None => e.to_string(),
                    };
                    if !emit(SyncEvent::Error(text)) {
                        return;
                    }
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(Duration::from_secs(60));
                    continue;
                }
            },
        };
        let result = w.round(&mut s, store, emit);
        // Alerts that came with a failure are shown beside it.
        if !w.show_alerts(&s, emit) {
            return;
        }
        match result {
            Ok(true) => {
                backoff = Duration::from_secs(1);
                session = Some(s);
            }
            Ok(false) => return,
            Err(SyncError::Imap(e)) if w.quiet_reconnect && e.is_connection_problem() => {
                tracing::info!("{e}; signing in again");
                w.quiet_reconnect = false;
                w.dropped = Some(e.to_string());
            }
            Err(e) => {
                if !emit(SyncEvent::Error(e.to_string())) {
                    return;
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(60));
            }
        }
    }
}

/// What the watch loop keeps between rounds.
struct Watch<'a> {
    imap_cfg: &'a ImapConfig,
    cfg: &'a Config,
    /// Whether the store is up to date with every folder as of the last
    /// full sync (false: sync them all before waiting).
    synced: bool,
    /// Whether a first sync is done, after which the desk's mail is news.
    caught_up: bool,
    alerts: Alerts,
    last_progress: Option<Progress>,
    /// What the last Waiting event said; nothing is sent while none wait.
    last_waiting: String,
    /// The watched folder as last selected.
    last_look: Option<FolderStatus>,
    looked_at_others: Instant,
    /// Whether a dropped session may be replaced without telling the user:
    /// once, until a session gets back to IDLE.
    quiet_reconnect: bool,
    /// The error that a quiet reconnect is hiding, told if the reconnect fails.
    dropped: Option<String>,
}

impl Watch<'_> {
    /// Shows the server's alerts not shown before; false when the receiver
    /// of the events has gone.
    fn show_alerts(
        &mut self,
        s: &Session<Transport>,
        emit: &mut dyn FnMut(SyncEvent) -> bool,
    ) -> bool {
        self.alerts
            .fresh(s.take_alerts())
            .into_iter()
            .all(|a| emit(SyncEvent::Alert(a)))
    }

    /// A progress callback that sends each change once.
    fn progress<'e>(
        last: &'e mut Option<Progress>,
        keep_going: &'e mut bool,
        emit: &'e mut dyn FnMut(SyncEvent) -> bool,
    ) -> impl FnMut(&Progress) + 'e {
        move |p: &Progress| {
            if last.as_ref() != Some(p) {
                *last = Some(p.clone());
                *keep_going &= emit(SyncEvent::Progress {
                    folder: p.folder.clone(),
                    done: p.done,
                    total: p.total,
                });
            }
        }
    }

    /// One round: a full sync when one is due, the watched folder selected
    /// when it is not, one wait in IDLE, and what it brought applied. False
    /// when the receiver of the events has gone.
    fn round(
        &mut self,
        s: &mut Session<Transport>,
        store: &Mutex<Store>,
        emit: &mut dyn FnMut(SyncEvent) -> bool,
    ) -> Result<bool, SyncError> {
        if !self.synced {
            if !self.catch_up(s, &mut lock(store), emit)? {
                return Ok(false);
            }
            self.synced = true;
            self.looked_at_others = Instant::now();
        }
        let first = self
            .imap_cfg
            .folders
            .first()
            .map(String::as_str)
            .unwrap_or("INBOX");
        if s.selected() != Some(first) {
            let now = s.select(first);
            let shown = self.show_alerts(s, emit);
            let now = now?;
            let before = self.last_look.replace(now.clone());
            if !shown {
                return Ok(false);
            }
            if changed_since_sync(&lock(store), first, &now, before.as_ref())? {
                // Mail came between the sync's look at this folder and now;
                // IDLE would not report it until something else changed.
                self.synced = false;
                return Ok(true);
            }
        }
        // What the server said beside the last commands comes first.
        let mut news = s.take_news();
        if news.is_empty() {
            let wait = self.until_others_are_due();
            let timeout = Duration::from_secs(self.imap_cfg.timeout_secs.max(1));
            // Back in IDLE: this session works, and a later drop may be
            // mended quietly again.
            self.quiet_reconnect = true;
            self.dropped = None;
            let idled = s.idle(wait, wait, timeout, || false);
            let shown = self.show_alerts(s, emit);
            idled?;
            if !shown {
                return Ok(false);
            }
            news = s.take_news();
        }
        if !news.is_empty() && !self.apply(s, &mut lock(store), first, &news, emit)? {
            return Ok(false);
        }
        if self.synced && self.looked_at_others.elapsed() >= OTHER_FOLDERS_EVERY {
            self.looked_at_others = Instant::now();
            return self.look_at_others(s, &mut lock(store), first, emit);
        }
        Ok(true)
    }

    /// How long IDLE may wait before the other folders are due.
    fn until_others_are_due(&self) -> Duration {
        OTHER_FOLDERS_EVERY
            .saturating_sub(self.looked_at_others.elapsed())
            .clamp(Duration::from_millis(10), IDLE_RENEWAL)
    }

    /// A full sync of every folder and of the team state, told as events.
    fn catch_up(
        &mut self,
        s: &mut Session<Transport>,
        store: &mut Store,
        emit: &mut dyn FnMut(SyncEvent) -> bool,
    ) -> Result<bool, SyncError> {
        let mut keep_going = true;
        let sum = {
            let mut progress = Self::progress(&mut self.last_progress, &mut keep_going, emit);
            sync_all(s, store, self.cfg, &mut progress)
        };
        let shown = self.show_alerts(s, emit);
        let sum = sum?;
        if !keep_going || !shown || !self.tell(&sum, emit) {
            return Ok(false);
        }
        self.caught_up = true;
        Ok(share_team_state(s, store, self.cfg, emit)? && emit(SyncEvent::Idle))
    }

    /// Tells what a sync or an applied report did: new mail, the desk's
    /// replies (with the hook, once caught up), what waits to be fetched.
    fn tell(&mut self, sum: &SyncSummary, emit: &mut dyn FnMut(SyncEvent) -> bool) -> bool {
        if sum.new_messages > 0
            && !emit(SyncEvent::NewMail {
                new_messages: sum.new_messages,
                new_issues: sum.new_issues,
            })
        {
            return false;
        }
        if self.caught_up {
            for (key, title) in &sum.desk_replied {
                hooks::desk_replied(&self.cfg.hooks.desk_replied, key, title);
                if !emit(SyncEvent::DeskReplied {
                    key: key.clone(),
                    title: title.clone(),
                }) {
                    return false;
                }
            }
        }
        let line = waiting_line(&sum.waiting).unwrap_or_default();
        if line != self.last_waiting {
            self.last_waiting = line.clone();
            if !emit(SyncEvent::Waiting {
                count: sum.waiting.len(),
                line,
            }) {
                return false;
            }
        }
        true
    }

    /// Applies what IDLE brought for the watched folder, which stays
    /// selected; when it cannot be applied so, a full sync is due instead.
    fn apply(
        &mut self,
        s: &mut Session<Transport>,
        store: &mut Store,
        folder: &str,
        news: &IdleNews,
        emit: &mut dyn FnMut(SyncEvent) -> bool,
    ) -> Result<bool, SyncError> {
        let v = self.last_look.as_ref().map_or(0, |l| l.uidvalidity);
        let mut keep_going = true;
        let t = Instant::now();
        let applied = {
            let mut progress = Self::progress(&mut self.last_progress, &mut keep_going, emit);
            super::apply_news(s, store, self.cfg, folder, v, news, &mut progress)?
        };
        tracing::debug!(
            folder,
            us = t.elapsed().as_micros() as u64,
            new_messages = applied.as_ref().map_or(0, |a| a.new_messages),
            "applied what IDLE reported"
        );
        let Some(sum) = applied else {
            tracing::debug!(folder, ?news, "news that needs a full look");
            self.synced = false;
            return Ok(keep_going);
        };
        Ok(keep_going && self.tell(&sum, emit) && emit(SyncEvent::Idle))
    }

    /// Looks at the folders IDLE does not watch (STATUS) and syncs those
    /// that moved, then the team state if it moved; tells what came.
    fn look_at_others(
        &mut self,
        s: &mut Session<Transport>,
        store: &mut Store,
        watched: &str,
        emit: &mut dyn FnMut(SyncEvent) -> bool,
    ) -> Result<bool, SyncError> {
        let imap_cfg = self.imap_cfg;
        let mut sum = SyncSummary::default();
        let mut keep_going = true;
        {
            let mut progress = Self::progress(&mut self.last_progress, &mut keep_going, emit);
            for folder in &imap_cfg.folders {
                if folder == watched || folder == &imap_cfg.state_folder {
                    continue;
                }
                let now = match s.status(folder) {
                    Ok(st) => st,
                    // The full sync reported it; it is not asked about
                    // every few seconds.
                    Err(ImapError::NoFolder { .. } | ImapError::FolderRefused { .. }) => continue,
                    Err(e) => return Err(e.into()),
                };
                if super::folder_moved(store, folder, &now)? {
                    let had_mail = store.has_messages()?;
                    sum.absorb(sync_folder(
                        s,
                        store,
                        self.cfg,
                        folder,
                        had_mail,
                        &mut progress,
                    )?);
                }
            }
        }
        let moved = sum.folders > 0;
        if moved {
            finish(store, self.cfg, &mut sum)?;
        }
        if !keep_going || (moved && !self.tell(&sum, emit)) {
            return Ok(false);
        }
        // Only when it moved: sharing selects the state folder.
        let team_moved = team::state_moved(s, store, self.cfg).unwrap_or(true);
        if team_moved && !share_team_state(s, store, self.cfg, emit)? {
            return Ok(false);
        }
        if moved || team_moved {
            return Ok(emit(SyncEvent::Idle));
        }
        Ok(true)
    }
}
