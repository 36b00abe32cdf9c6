//! The TUI's side of the commands: `vsd` with no command and `vsd demo`.
//!
//! [`TuiSource`] is what the window reads and writes through
//! ([`crate::ui::IssueSource`]): the store, each issue's standing from the
//! config, attachment and link workers, and the UI's writes handed to the
//! sync worker while one runs (under the writer lock otherwise).
//! `SyncStatus` turns the worker's events into the status line's news.

use super::{
    Paths, StateChange, attachment, change_state, draft_at_terminal, escalation_refusal, export,
    handover, listed, maintain, open_existing, other_sender_hints, read_only_note, standing_at,
    team, writer,
};
use crate::config::{Config, ConfigError};
use crate::issues::IssueId;
use crate::issues::team::OpKind;
use crate::store::{Store, StoreError};
use anyhow::Context;

/// Forwards the sync worker's events to the TUI as redraw requests.
fn forward_sync_events(
    events: std::sync::mpsc::Receiver<crate::sync::SyncEvent>,
    bell: bool,
) -> std::sync::mpsc::Receiver<crate::ui::UiUpdate> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut status = SyncStatus {
            bell,
            ..SyncStatus::default()
        };
        for ev in events {
            for update in status.on(ev) {
                if tx.send(update).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// The TUI's status line as the sync worker's events move it. News of new
/// mail stays until the next quiet round of the worker (a few seconds); when
/// the worker is quiet, the line says how many messages wait to be fetched
/// again, or is empty.
#[derive(Default)]
struct SyncStatus {
    news_shown: bool,
    waiting: String,
    /// `[hooks] bell`: ring when the desk writes.
    bell: bool,
    /// New mail of this round: (messages, issues).
    mail: Option<(usize, usize)>,
    /// The issues the desk wrote on in this round: (key, title).
    desk: Vec<(String, String)>,
    /// Since when the server has not been reached, while it has not.
    offline_since: Option<chrono::DateTime<chrono::Utc>>,
}

impl SyncStatus {
    /// The news line of this round.
    fn news(&self) -> crate::ui::SyncNote {
        crate::ui::SyncNote::News {
            mail: self.mail,
            desk: self.desk.clone(),
        }
    }

    fn on(&mut self, ev: crate::sync::SyncEvent) -> Vec<crate::ui::UiUpdate> {
        use crate::sync::SyncEvent;
        use crate::ui::{Connection, SyncNote, UiUpdate};
        match ev {
            // Attempts while offline leave "offline since" standing.
            SyncEvent::Connecting if self.offline_since.is_some() => Vec::new(),
            SyncEvent::Connecting => vec![UiUpdate::Connection(Connection::Connecting)],
            // The status line says "syncing n/N" at its right; the left
            // is cleared of what an earlier round said.
            SyncEvent::Progress { done, total, .. } => vec![
                UiUpdate::Progress(SyncNote::Clear),
                UiUpdate::Connection(Connection::Syncing { done, total }),
            ],
            SyncEvent::NewMail {
                new_messages,
                new_issues,
            } => {
                self.news_shown = true;
                self.mail = Some((new_messages, new_issues));
                self.desk.clear();
                vec![UiUpdate::Progress(self.news()), UiUpdate::Changed]
            }
            SyncEvent::Waiting { line, .. } => {
                self.waiting = line;
                Vec::new()
            }
            SyncEvent::Error(e) => {
                let since = *self.offline_since.get_or_insert_with(crate::clock::now);
                vec![
                    UiUpdate::Progress(SyncNote::Failed(e)),
                    UiUpdate::Connection(Connection::Offline { since }),
                ]
            }
            // What was shared or skipped, when nothing came, does not
            // cover news of new mail from the same round.
            SyncEvent::Team { received: 0, .. } if self.news_shown => Vec::new(),
            SyncEvent::Team { received, lines } => {
                let mut out = Vec::new();
                let note = match (received, lines.last()) {
                    (0, Some(l)) => SyncNote::Said(l.clone()),
                    (n, _) => SyncNote::TeamActions(n),
                };
                if received > 0 {
                    self.news_shown = true;
                    out.push(UiUpdate::Changed);
                }
                out.insert(0, UiUpdate::Progress(note));
                out
            }
            SyncEvent::Alert(a) => vec![UiUpdate::Alert(format!("server alert: {a}"))],
            SyncEvent::DeskReplied { key, title } => {
                self.news_shown = true;
                // Beside the news of new mail, which it follows.
                self.desk.push((key, title));
                let mut v = vec![UiUpdate::Progress(self.news())];
                if self.bell {
                    v.push(UiUpdate::Bell);
                }
                v
            }
            SyncEvent::Idle => {
                let state = match self.offline_since.take() {
                    Some(_) => Connection::Reconnected,
                    None => Connection::Idle,
                };
                let mut out = vec![UiUpdate::Connection(state)];
                if self.news_shown {
                    self.news_shown = false;
                    self.mail = None;
                    self.desk.clear();
                } else {
                    out.push(UiUpdate::Progress(self.waiting.clone().into()));
                }
                out
            }
        }
    }
}

/// What the TUI reads: the store, with each issue's standing worked out
/// from the config.
pub struct TuiSource<'a> {
    store: &'a Store,
    cfg: &'a Config,
    paths: &'a Paths,
    /// The writer lock this process holds (shared with its sync worker);
    /// None when another vsd held it at start.
    lock: Option<std::sync::Arc<crate::store::WriterLock>>,
    /// Where attachment workers (and the sync worker, for the UI's
    /// writes) report what they did.
    news: Jobs,
    /// The sync worker's intake for the UI's writes, while one runs.
    writes: Option<crate::sync::worker::Writes>,
}

/// The channel between the TUI's attachment workers and the UI; the
/// receiver is handed to the event loop once.
struct Jobs {
    tx: std::sync::mpsc::Sender<crate::ui::UiUpdate>,
    rx: std::sync::Mutex<Option<std::sync::mpsc::Receiver<crate::ui::UiUpdate>>>,
}

impl Jobs {
    fn new() -> Jobs {
        let (tx, rx) = std::sync::mpsc::channel();
        Jobs {
            tx,
            rx: std::sync::Mutex::new(Some(rx)),
        }
    }
}

impl<'a> TuiSource<'a> {
    /// A source over the store with no sync worker beside it (as `vsd
    /// demo` runs): it takes the writer lock only for a change.
    pub fn reading(store: &'a Store, cfg: &'a Config, paths: &'a Paths) -> TuiSource<'a> {
        TuiSource {
            store,
            cfg,
            paths,
            lock: None,
            news: Jobs::new(),
            writes: None,
        }
    }
}

impl TuiSource<'_> {
    /// A write the UI asked for. With a sync worker running, it is handed
    /// to the worker (the store's one writer) and `pending` is the footer's
    /// line until the worker's answer comes through the news; else it is
    /// done here, under the writer lock, and its line returned.
    fn write(
        &self,
        pending: String,
        write: impl FnOnce(&mut Store) -> anyhow::Result<String> + Send + 'static,
    ) -> anyhow::Result<String> {
        use crate::ui::UiUpdate;
        if let Some(writes) = &self.writes {
            let tx = self.news.tx.clone();
            let job: crate::sync::worker::StoreJob = Box::new(move |store: &mut Store| {
                let update = match write(store) {
                    Ok(line) => UiUpdate::Notice(line),
                    Err(e) => UiUpdate::Alert(format!("{e:#}")),
                };
                let _ = tx.send(update);
                let _ = tx.send(UiUpdate::Changed);
            });
            // No worker took it (it stopped): done here, as without one.
            match writes.submit(job) {
                Ok(()) => return Ok(pending),
                Err(job) => {
                    job(&mut Store::open(&self.paths.db)?);
                    return Ok(pending);
                }
            }
        }
        // Without the shared lock, another vsd was writing when the TUI
        // started; it may be done now.
        let _own = match &self.lock {
            Some(_) => None,
            None => Some(Store::lock_writer(&self.paths.db)?),
        };
        // A connection of its own: the UI's reads stay on theirs.
        let mut store = Store::open(&self.paths.db)?;
        write(&mut store)
    }
}

/// Closes (or reopens) an issue; the footer's line.
fn state_line(
    store: &mut Store,
    cfg: &Config,
    id: &IssueId,
    close: bool,
) -> anyhow::Result<String> {
    match change_state(store, cfg, id, close)? {
        StateChange::Done(id, status) => {
            let undo = if close { "o reopens" } else { "c closes" };
            Ok(format!("{id} is {} ({undo})", status.as_str()))
        }
        StateChange::Already(line) => Ok(line),
    }
}

/// A team action from the TUI; the footer's line.
fn team_line(
    store: &mut Store,
    cfg: &Config,
    id: &IssueId,
    action: &crate::ui::TeamAction,
) -> anyhow::Result<String> {
    use crate::ui::TeamAction as T;
    let (id, kind) = match action {
        T::AssignMe => (id.to_string(), OpKind::Assign(Some(team::me(cfg)))),
        T::Unassign => (id.to_string(), OpKind::Assign(None)),
        T::AssignTo(who) => (id.to_string(), OpKind::Assign(team::assignee(cfg, who)?)),
        T::Note(text) => (id.to_string(), OpKind::Note(text.clone())),
        T::Link(to, duplicate) => team::link_kind(store, id, to, *duplicate)?,
    };
    let op = team::act(store, cfg, &id, kind)?;
    let what = match &op.kind {
        OpKind::Assign(Some(a)) => format!("assigned to {a}"),
        OpKind::Assign(None) => "assigned to nobody".into(),
        OpKind::Note(_) => "note added".into(),
        OpKind::Link(k, crate::issues::team::LinkKind::Duplicate) => {
            format!("a duplicate of {k}")
        }
        OpKind::Link(k, _) => format!("linked to {k}"),
        _ => "done".into(),
    };
    Ok(format!("{}: {what}", op.key))
}

impl crate::ui::IssueSource for TuiSource<'_> {
    fn list(&self, all: bool) -> anyhow::Result<Vec<crate::issues::IssueSummary>> {
        listed(self.store, self.cfg, all, crate::clock::now())
    }

    fn refuse_draft(
        &self,
        kind: crate::ui::DraftKind,
        id: Option<&IssueId>,
    ) -> anyhow::Result<Option<String>> {
        match (kind, id) {
            (crate::ui::DraftKind::Escalate, Some(id)) => {
                Ok(
                    escalation_refusal(self.store, self.cfg, id, crate::clock::now())?
                        .map(|why| format!("{why} (vsd draft escalate --force writes one anyway)")),
                )
            }
            _ => Ok(None),
        }
    }

    fn mark_seen(&self, id: &IssueId) -> anyhow::Result<()> {
        let Some(writes) = &self.writes else {
            return Ok(self.store.mark_seen(id, crate::clock::now())?);
        };
        let id = id.clone();
        let job: crate::sync::worker::StoreJob = Box::new(move |store: &mut Store| {
            if let Err(e) = store.mark_seen(&id, crate::clock::now()) {
                tracing::warn!("cannot note that {id} was opened: {e:#}");
            }
        });
        if let Err(job) = writes.submit(job) {
            job(&mut Store::open(&self.paths.db)?);
        }
        Ok(())
    }
    fn detail(&self, id: &IssueId) -> anyhow::Result<crate::issues::IssueDetail> {
        let mut d = self.store.detail(id)?;
        // An unfiled request stands somewhere too (waiting, or never
        // acknowledged).
        d.standing = Some(standing_at(self.store, self.cfg, id, crate::clock::now())?);
        Ok(d)
    }

    fn set_state(&self, id: &IssueId, close: bool) -> anyhow::Result<String> {
        let (cfg, id_owned) = (self.cfg.clone(), id.clone());
        let write = move |store: &mut Store| state_line(store, &cfg, &id_owned, close);
        let doing = if close { "closing" } else { "reopening" };
        self.write(format!("{doing} {id}…"), write)
    }

    fn attachment(&self, job: crate::ui::AttachmentJob) -> anyhow::Result<String> {
        use crate::ui::{AttachmentJobKind, UiUpdate};
        let db = self.paths.db.clone();
        let ui = self.cfg.ui.clone();
        let tx = self.news.tx.clone();
        let shown = crate::text::sanitize::sanitize(&job.name).into_owned();
        let kind = job.kind;
        std::thread::spawn(move || {
            let update = match attachment::run_job(&db, &ui, &job) {
                Ok(line) => UiUpdate::Notice(line),
                Err(e) => {
                    UiUpdate::Alert(crate::text::sanitize::sanitize(&e.to_string()).into_owned())
                }
            };
            let _ = tx.send(update);
        });
        Ok(match kind {
            AttachmentJobKind::Save => format!("saving {shown}…"),
            AttachmentJobKind::Open => format!("opening {shown}…"),
        })
    }

    fn take_news(&self) -> Option<std::sync::mpsc::Receiver<crate::ui::UiUpdate>> {
        self.news.rx.lock().ok()?.take()
    }

    fn team(&self, id: &IssueId, action: &crate::ui::TeamAction) -> anyhow::Result<String> {
        let (cfg, id_owned, act) = (self.cfg.clone(), id.clone(), action.clone());
        let write = move |store: &mut Store| team_line(store, &cfg, &id_owned, &act);
        self.write(format!("{id}: saving…"), write)
    }

    fn raw_message(&self, message_id: &str) -> anyhow::Result<Vec<u8>> {
        self.store
            .raw_message(message_id)?
            .ok_or_else(|| anyhow::anyhow!("the store keeps no raw mail of {message_id}"))
    }

    fn open_link(&self, url: &str) -> anyhow::Result<String> {
        handover::open_link(self.cfg.ui.opener(), url.to_string(), self.news.tx.clone());
        Ok(format!("opening {}…", crate::text::sanitize::sanitize(url)))
    }

    fn copy(&self, text: &str) -> anyhow::Result<bool> {
        match &self.cfg.ui.clipboard {
            Some(cmd) if !cmd.is_empty() => {
                handover::copy(cmd, text)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn export(
        &self,
        format: crate::ui::command::ExportFormat,
        all: bool,
        key: Option<&IssueId>,
    ) -> anyhow::Result<String> {
        use crate::ui::command::ExportFormat as F;
        let dir = self.cfg.ui.download_dir().ok_or_else(|| {
            anyhow::anyhow!("no download folder to export to: set [ui] download_dir")
        })?;
        crate::files::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let stamp = crate::clock::now().format("%Y%m%d-%H%M%S");
        // The key in the name, kept to letters, digits and '-'.
        let what = key.map_or_else(
            || "issues".to_string(),
            |k| {
                k.chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect()
            },
        );
        // A new file, never one that is there already.
        let mut n = 0;
        let (path, mut file) = loop {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let path = dir.join(format!("vsd-{what}-{stamp}{suffix}.{}", format.extension()));
            match crate::files::create_new(&path) {
                Ok(f) => break (path, f),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(anyhow::anyhow!("cannot create {}: {e}", path.display())),
            }
        };
        let cli = match format {
            F::Csv => export::Format::Csv,
            F::Markdown => export::Format::Markdown,
            F::Json => export::Format::Json,
        };
        let key = key.map(IssueId::as_str);
        export::export_from(self.store, self.cfg, cli, all, None, key, &mut file)?;
        Ok(format!(
            "exported to {} (as vsd export --format {}{}{} does)",
            path.display(),
            format.as_str(),
            if all { " --all" } else { "" },
            key.map(|k| format!(" {k}")).unwrap_or_default()
        ))
    }

    fn search(
        &self,
        query: &crate::store::SearchQuery,
        limit: usize,
    ) -> anyhow::Result<Vec<crate::store::SearchHit>> {
        Ok(self.store.search(query, limit)?)
    }

    fn draft(&self, kind: crate::ui::DraftKind, id: Option<&IssueId>) -> anyhow::Result<String> {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut out = std::io::stdout();
        draft_at_terminal(
            self.paths,
            self.cfg,
            kind,
            id.map(IssueId::as_str),
            self.lock.is_some(),
            self.writes
                .clone()
                .map(writer::StoreWriter::worker)
                .unwrap_or_default(),
            &mut input,
            &mut out,
        )
    }
}

/// The TUI's keys: the defaults with `[keys]` applied. An error names the
/// file and line as other config errors do.
pub fn keymap(cfg: &Config) -> Result<crate::ui::Keymap, ConfigError> {
    crate::ui::Keymap::with_config(&cfg.keys).map_err(|e| ConfigError::Invalid {
        path: cfg
            .source
            .as_ref()
            .map_or_else(|| "config".to_string(), |p| p.display().to_string()),
        line: e.line,
        message: e.message,
    })
}

/// `vsd` with no command: the TUI on the configured store.
pub fn tui(paths: &Paths, cfg: &Config) -> anyhow::Result<()> {
    let mut store = if cfg.imap.is_some() {
        Store::open(&paths.db)?
    } else {
        open_existing(paths)?
    };
    maintain(&mut store, &paths.db, cfg)?;
    // A store the user can only read is shown, not synced into.
    let read_only = store.read_only();
    let title = format!("vsd — {}", paths.db.display());
    // With an account configured this process is the store's writer: the
    // sync worker and the UI's own changes share the lock (when another vsd
    // writes, the worker says so and the window reads). Without one, the UI
    // takes the lock only for a change, so other commands can write meanwhile.
    let lock = match cfg.imap {
        Some(_) if read_only => None,
        Some(_) => match Store::lock_writer(&paths.db) {
            Ok(l) => Some(std::sync::Arc::new(l)),
            Err(StoreError::Busy { .. }) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    // The worker that shares this process's lock takes the UI's writes too.
    let mut writes = None;
    let updates = cfg.imap.as_ref().filter(|_| !read_only).map(|_| {
        let events = match &lock {
            Some(l) => {
                let (_worker, events, w) =
                    crate::sync::spawn_worker_sharing(cfg, &paths.db, l.clone());
                writes = Some(w);
                events
            }
            None => crate::sync::spawn_worker(cfg, &paths.db).1,
        };
        forward_sync_events(events, cfg.hooks.bell)
    });
    // A sender on neither side: said at once, with the hint (the first, and
    // how many more `vsd list` names).
    let hints = other_sender_hints(&store, cfg)?;
    let notice = hints.first().map(|h| match hints.len() {
        1 => h.clone(),
        n => format!("{h} (and {} more: vsd list names them)", n - 1),
    });
    let notice = if read_only {
        Some(read_only_note(&paths.db))
    } else {
        notice
    };
    let theme =
        crate::ui::theme::Theme::new(&cfg.theme, crate::ui::theme::Theme::no_color_wanted());
    let account = cfg
        .imap
        .as_ref()
        .filter(|_| !read_only)
        .map(|i| i.user.clone());
    crate::ui::run_noting(
        &TuiSource {
            store: &store,
            cfg,
            paths,
            lock,
            news: Jobs::new(),
            writes,
        },
        &title,
        updates,
        notice,
        crate::ui::Options {
            keymap: keymap(cfg)?,
            mouse: cfg.ui.mouse,
            theme,
            account,
        },
    )
}

/// `vsd demo`: the TUI on a fresh temporary store holding the demo mailbox.
pub fn demo() -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("vsd-demo-")
        .tempdir()
        .context("cannot create a temporary directory for the demo")?;
    let (store, cfg) = crate::demo::build(dir.path(), crate::clock::now())?;
    let paths = Paths {
        config: None,
        db: dir.path().join("demo.db"),
    };
    crate::ui::run_noting(
        &TuiSource {
            store: &store,
            cfg: &cfg,
            paths: &paths,
            lock: None,
            news: Jobs::new(),
            writes: None,
        },
        "vsd demo — Example AS and Vipps Integration",
        None,
        None,
        crate::ui::Options {
            theme: crate::ui::theme::Theme::new(
                &cfg.theme,
                crate::ui::theme::Theme::no_color_wanted(),
            ),
            ..crate::ui::Options::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::SyncEvent;
    use crate::ui::{Connection, UiUpdate};

    fn idle() -> UiUpdate {
        UiUpdate::Connection(Connection::Idle)
    }

    #[test]
    fn the_connection_moves_from_connecting_through_syncing_to_idle_and_back() {
        let mut st = SyncStatus::default();
        assert_eq!(
            st.on(SyncEvent::Connecting),
            vec![UiUpdate::Connection(Connection::Connecting)]
        );
        assert_eq!(
            st.on(SyncEvent::Progress {
                folder: "INBOX".into(),
                done: 3,
                total: 10
            }),
            vec![
                UiUpdate::Progress(String::new().into()),
                UiUpdate::Connection(Connection::Syncing { done: 3, total: 10 })
            ]
        );
        assert_eq!(st.on(SyncEvent::Idle)[0], idle());
        // A failure: offline since the first failure, through the retries.
        let first = st.on(SyncEvent::Error("cannot connect".into()));
        let Some(UiUpdate::Connection(Connection::Offline { since })) = first.get(1).cloned()
        else {
            panic!("offline: {first:?}");
        };
        assert!(st.on(SyncEvent::Connecting).is_empty(), "still offline");
        assert_eq!(
            st.on(SyncEvent::Error("cannot connect".into()))[1],
            UiUpdate::Connection(Connection::Offline { since }),
            "since the first failure"
        );
        assert_eq!(
            st.on(SyncEvent::Idle)[0],
            UiUpdate::Connection(Connection::Reconnected)
        );
        assert_eq!(st.on(SyncEvent::Idle)[0], idle());
        assert_eq!(
            st.on(SyncEvent::Connecting),
            vec![UiUpdate::Connection(Connection::Connecting)]
        );
    }

    #[test]
    fn team_actions_from_colleagues_reload_the_window_and_say_so() {
        let mut st = SyncStatus::default();
        assert_eq!(
            st.on(SyncEvent::Team {
                received: 2,
                lines: vec!["skipped message UID 3 of VSD-State: not a vsd operation".into()]
            }),
            vec![
                UiUpdate::Progress("2 team actions from colleagues".into()),
                UiUpdate::Changed
            ]
        );
        // What was shared, when nothing came, does not cover the news.
        assert!(
            st.on(SyncEvent::Team {
                received: 0,
                lines: vec!["shared 1 team actions through VSD-State".into()]
            })
            .is_empty()
        );
        assert_eq!(st.on(SyncEvent::Idle), vec![idle()]);
        // Later, it is told, and changes nothing.
        assert_eq!(
            st.on(SyncEvent::Team {
                received: 0,
                lines: vec!["shared 1 team actions through VSD-State".into()]
            }),
            vec![UiUpdate::Progress(
                "shared 1 team actions through VSD-State".into()
            )]
        );
    }

    #[test]
    fn status_line_says_how_many_messages_wait_when_the_worker_is_quiet() {
        let mut st = SyncStatus::default();
        let line = "2 messages wait to be fetched again (server sent no body: 2)".to_string();
        assert!(
            st.on(SyncEvent::Waiting {
                count: 2,
                line: line.clone()
            })
            .is_empty()
        );
        assert_eq!(
            st.on(SyncEvent::Idle),
            vec![idle(), UiUpdate::Progress(line.clone().into())]
        );
        // News of new mail stays one quiet round, then the waiting line is back.
        assert_eq!(
            st.on(SyncEvent::NewMail {
                new_messages: 1,
                new_issues: 0
            }),
            vec![
                UiUpdate::Progress("1 new messages, 0 new issues".into()),
                UiUpdate::Changed
            ]
        );
        assert_eq!(st.on(SyncEvent::Idle), vec![idle()]);
        assert_eq!(
            st.on(SyncEvent::Idle),
            vec![idle(), UiUpdate::Progress(line.into())]
        );
        // Once they are all fetched, the quiet line is empty.
        st.on(SyncEvent::Waiting {
            count: 0,
            line: String::new(),
        });
        assert_eq!(
            st.on(SyncEvent::Idle),
            vec![idle(), UiUpdate::Progress(String::new().into())]
        );
    }

    #[test]
    fn desk_mail_joins_the_news_line_and_rings_only_with_bell() {
        let desk = || SyncEvent::DeskReplied {
            key: "VSD-1".into(),
            title: "Refund fails".into(),
        };
        let mut st = SyncStatus::default();
        st.on(SyncEvent::NewMail {
            new_messages: 1,
            new_issues: 0,
        });
        assert_eq!(
            st.on(desk()),
            vec![UiUpdate::Progress(
                "1 new messages, 0 new issues; the desk wrote on VSD-1: Refund fails".into()
            )]
        );
        // The next round starts afresh.
        st.on(SyncEvent::Idle);
        let mut st = SyncStatus {
            bell: true,
            ..SyncStatus::default()
        };
        assert_eq!(
            st.on(desk()),
            vec![
                UiUpdate::Progress("the desk wrote on VSD-1: Refund fails".into()),
                UiUpdate::Bell
            ]
        );
    }
}
