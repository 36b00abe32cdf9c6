//! The terminal UI (ratatui): an issue list, an issue view and a help overlay.
//!
//! The UI pulls view models through [`IssueSource`] and never does I/O while
//! drawing. It is a state machine: a key event is looked up in the
//! [`keymap`] and becomes an [`Action`]; [`App::update`] applies it and may
//! return a [`Command`] (load an issue, reload the list, quit), which the
//! [`events`] loop fulfils through [`fulfil`] between frames. The loop blocks
//! on one channel fed by an input thread, the background jobs and a clock
//! tick; it never polls. A background job (the sync worker) reports with
//! [`UiUpdate`]s: `Changed` carries no data, the UI reloads what it shows
//! (notify, then pull), and several pending changes are coalesced into one
//! reload. The screen is redrawn only after something changed. Saving or
//! opening an attachment (the pane, `v`) is handed by the source to a thread
//! of its own; what it did comes back through [`IssueSource::take_news`].
//! Text from mail reaches the terminal only through [`sanitize::sanitize`].

pub mod app;
pub mod command;
pub mod events;
pub mod keymap;
pub mod message_text;
/// The sanitiser lives below both the CLI and the TUI (server text goes
/// through it too); this path is kept for the UI's callers.
pub use crate::text::sanitize;
pub mod text;
pub mod theme;
pub mod view;

use std::sync::mpsc::Receiver;

use chrono::{Local, Offset};

pub use app::{
    App, AttachmentJob, AttachmentJobKind, Command, DraftKind, SEARCH_LIMIT, Screen, Search,
    TeamAction,
};
pub use keymap::{Action, Keymap};
pub use message_text::RawView;

use crate::issues::model::{IssueDetail, IssueId, IssueSummary};
use crate::store::{SearchHit, SearchQuery};

/// Where the UI gets its data; the store implements it.
pub trait IssueSource {
    /// Issues and unfiled requests: the open ones, or all with `all`.
    fn list(&self, all: bool) -> anyhow::Result<Vec<IssueSummary>>;
    /// One issue by [`IssueSummary::id`] (its key, or `unfiled:<message-id>`).
    fn detail(&self, id: &IssueId) -> anyhow::Result<IssueDetail>;
    /// Writes a draft with the user at the plain terminal (the UI has left
    /// the alternate screen): the editor, the check's results, saving.
    /// Returns a line for the status bar.
    fn draft(&self, kind: DraftKind, id: Option<&IssueId>) -> anyhow::Result<String> {
        let _ = (kind, id);
        Err(anyhow::anyhow!("drafting is not available here"))
    }
    /// Why a draft should not be written now (an escalation the issue's
    /// standing does not call for), asked before the UI leaves the screen.
    fn refuse_draft(
        &self,
        kind: DraftKind,
        id: Option<&IssueId>,
    ) -> anyhow::Result<Option<String>> {
        let _ = (kind, id);
        Ok(None)
    }
    /// Notes that the user opened an issue (the list's new-mail mark goes).
    fn mark_seen(&self, id: &IssueId) -> anyhow::Result<()> {
        let _ = id;
        Ok(())
    }
    /// Closes (or, with `close` false, reopens) an issue locally. Returns a
    /// line for the footer.
    fn set_state(&self, id: &IssueId, close: bool) -> anyhow::Result<String> {
        let _ = (id, close);
        Err(anyhow::anyhow!("closing issues is not available here"))
    }
    /// Starts saving or opening an attachment on a worker thread (the UI
    /// never touches the disk) and returns at once with a line for the
    /// footer; the outcome arrives later through [`IssueSource::take_news`].
    fn attachment(&self, job: AttachmentJob) -> anyhow::Result<String> {
        let _ = job;
        Err(anyhow::anyhow!(
            "attachments cannot be saved or opened here"
        ))
    }
    /// Where the source's workers report what they finished, handed to
    /// the event loop once (None: the source has no workers).
    fn take_news(&self) -> Option<Receiver<UiUpdate>> {
        None
    }
    /// A team action (assign, note, link) on an issue. Returns a line for
    /// the footer.
    fn team(&self, id: &IssueId, action: &TeamAction) -> anyhow::Result<String> {
        let _ = (id, action);
        Err(anyhow::anyhow!("team actions are not available here"))
    }
    /// The raw mail of a stored message, as kept at import.
    fn raw_message(&self, message_id: &str) -> anyhow::Result<Vec<u8>> {
        let _ = message_id;
        Err(anyhow::anyhow!("the raw mail is not kept here"))
    }
    /// Starts the opener on a link (http, https or mailto) on a worker
    /// thread and returns a line for the footer.
    fn open_link(&self, url: &str) -> anyhow::Result<String> {
        let _ = url;
        Err(anyhow::anyhow!("links cannot be opened here"))
    }
    /// Puts `text` on the clipboard through the `[ui] clipboard` command.
    /// Ok(false): there is none, and the runner writes an OSC 52 escape to
    /// the terminal instead.
    fn copy(&self, text: &str) -> anyhow::Result<bool> {
        let _ = text;
        Ok(false)
    }
    /// Writes the issues (all of them with `all`), or one issue's history
    /// with `key`, to a new file under the download folder. Returns a line
    /// for the footer naming the file.
    fn export(
        &self,
        format: command::ExportFormat,
        all: bool,
        key: Option<&IssueId>,
    ) -> anyhow::Result<String> {
        let _ = (format, all, key);
        Err(anyhow::anyhow!("export is not available here"))
    }
    /// The messages that match a search, best first, at most `limit`.
    fn search(&self, query: &SearchQuery, limit: usize) -> anyhow::Result<Vec<SearchHit>> {
        let _ = (query, limit);
        Err(anyhow::anyhow!("search is not available here"))
    }
}

/// News from a background job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiUpdate {
    /// The store changed: reload what is shown.
    Changed,
    /// What the status bar says of the sync (as data, worded by the view);
    /// [`SyncNote::Clear`] clears it.
    Progress(SyncNote),
    /// A server's `[ALERT]`: shown on the status line until the next key,
    /// so that progress lines do not wipe it before it is read.
    Alert(String),
    /// What a job did (an attachment saved): shown until the next key.
    Notice(String),
    /// Ring the terminal's bell (`[hooks] bell`, when the desk writes).
    Bell,
    /// Where the connection to the server stands, for the status line.
    Connection(Connection),
}

/// What the status line's left part says of the sync worker's last round,
/// as data: counts and keys, worded by [`SyncNote::describe`] when drawn.
/// Two notes are equal when they say the same words.
#[derive(Debug, Clone, Default, Eq)]
pub enum SyncNote {
    /// Nothing to say.
    #[default]
    Clear,
    /// New mail this round, (messages, issues), and the issues the desk
    /// wrote on, (key, title), as they came.
    News {
        mail: Option<(usize, usize)>,
        desk: Vec<(String, String)>,
    },
    /// Team actions that came from colleagues.
    TeamActions(usize),
    /// The sync failed, in the error's words.
    Failed(String),
    /// A line worded where it was made (what sharing the team state did,
    /// what waits to be fetched again).
    Said(String),
}

impl SyncNote {
    /// The status line's words.
    pub fn describe(&self) -> String {
        match self {
            SyncNote::Clear => String::new(),
            SyncNote::News { mail, desk } => mail
                .iter()
                .map(|(m, i)| format!("{m} new messages, {i} new issues"))
                .chain(
                    desk.iter()
                        .map(|(key, title)| format!("the desk wrote on {key}: {title}")),
                )
                .collect::<Vec<_>>()
                .join("; "),
            SyncNote::TeamActions(n) => format!("{n} team actions from colleagues"),
            SyncNote::Failed(e) => format!("sync: {e}"),
            SyncNote::Said(line) => line.clone(),
        }
    }

    /// The note to show, or None for one that says nothing.
    pub fn shown(self) -> Option<SyncNote> {
        (!self.describe().is_empty()).then_some(self)
    }
}

impl PartialEq for SyncNote {
    fn eq(&self, other: &SyncNote) -> bool {
        self.describe() == other.describe()
    }
}

impl From<String> for SyncNote {
    fn from(line: String) -> SyncNote {
        if line.is_empty() {
            SyncNote::Clear
        } else {
            SyncNote::Said(line)
        }
    }
}

impl From<&str> for SyncNote {
    fn from(line: &str) -> SyncNote {
        SyncNote::from(line.to_string())
    }
}

/// Where the sync worker's connection stands, as data: the status line
/// words it ([`Connection::describe`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    /// Downloading: `done` of `total` messages of the folder in hand.
    Syncing {
        done: usize,
        total: usize,
    },
    /// Up to date, waiting for new mail.
    Idle,
    /// The server could not be reached (or failed) since then.
    Offline {
        since: chrono::DateTime<chrono::Utc>,
    },
    /// Up to date again after being offline.
    Reconnected,
}

impl Connection {
    /// The status line's words; times in `tz`.
    pub fn describe(self, tz: chrono::FixedOffset) -> String {
        match self {
            Connection::Connecting => "connecting…".into(),
            Connection::Syncing { done, total } => format!("syncing {done}/{total}"),
            Connection::Idle => "idle".into(),
            Connection::Offline { since } => {
                format!("offline since {}", since.with_timezone(&tz).format("%H:%M"))
            }
            Connection::Reconnected => "reconnected".into(),
        }
    }

    /// Before the first sync is done: the list may be empty only for now.
    pub fn syncing(self) -> bool {
        matches!(self, Connection::Connecting | Connection::Syncing { .. })
    }
}

/// Carries out a command against the source and hands the result to the app.
/// Returns false for [`Command::Quit`].
pub fn fulfil(app: &mut App, source: &dyn IssueSource, command: Command) -> bool {
    match command {
        Command::Quit => return false,
        Command::Reload => reload(app, source),
        Command::LoadDetail(id) => {
            let detail = source.detail(&id);
            if detail.is_ok()
                && let Err(e) = source.mark_seen(&id)
            {
                tracing::warn!("cannot note that {id} was opened: {e:#}");
            }
            app.set_detail(&id, detail);
        }
        Command::SetState { id, close } => {
            say(app, source.set_state(&id, close));
            reload(app, source);
        }
        Command::Search { text, query } => run_search(app, source, text, query, true),
        Command::Export { format, all, key } => say(app, source.export(format, all, key.as_ref())),
        Command::Attachment(job) => say(app, source.attachment(job)),
        Command::Team { id, action } => {
            say(app, source.team(&id, &action));
            reload(app, source);
        }
        Command::LoadRaw { message_id, view } => {
            let raw = source.raw_message(&message_id);
            app.set_raw(&message_id, view, raw);
        }
        Command::OpenLink(url) => {
            // Checked again here: the command may come from anywhere.
            let line = if message_text::openable(&url) {
                source.open_link(&url)
            } else {
                Err(anyhow::anyhow!(
                    "only http, https and mailto links are opened"
                ))
            };
            say(app, line);
        }
        Command::Copy(text) => match source.copy(&text) {
            Ok(handled) => app.copied(text, handled),
            Err(e) => app.set_error(format!("cannot copy: {e:#}")),
        },
        Command::Draft(kind, id) => {
            // A notice, not progress: the sync worker's next progress
            // line would replace it before the user has read it.
            say(app, source.draft(kind, id.as_ref()));
            reload(app, source);
        }
    }
    true
}

/// The list loaded again, the search in force run again (new mail may match
/// it) and the issue in view loaded again.
fn reload(app: &mut App, source: &dyn IssueSource) {
    match source.list(app.show_all()) {
        Ok(list) => app.set_issues(list),
        Err(e) => app.set_error(format!("cannot load the issues: {e:#}")),
    }
    if let Some(s) = app.search() {
        let (text, query) = (s.text.clone(), s.query.clone());
        run_search(app, source, text, query, false);
    }
    if app.screen() == Screen::Issue
        && let Some(id) = app.detail_id.clone()
    {
        app.set_detail(&id, source.detail(&id));
    }
}

/// What the source said it did, in the footer: its line, or its error.
fn say(app: &mut App, line: anyhow::Result<String>) {
    match line {
        Ok(line) => app.set_notice(line),
        Err(e) => app.set_error(format!("{e:#}")),
    }
}

/// A search through the source, and every issue for the rows of those that
/// matched; `fresh` for one the user just typed.
fn run_search(
    app: &mut App,
    source: &dyn IssueSource,
    text: String,
    query: SearchQuery,
    fresh: bool,
) {
    let found = source
        .search(&query, SEARCH_LIMIT)
        .and_then(|hits| Ok((hits, source.list(true)?)));
    match found {
        Ok((hits, all)) => app.set_search(text, query, hits, all, fresh),
        Err(e) => app.set_error(format!("cannot search: {e:#}")),
    }
}

/// The terminal's bell (`[hooks] bell`): a BEL straight to the terminal,
/// which ratatui's buffer has no cell for.
fn ring_bell() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

/// The OSC 52 escape that asks the terminal to put `text` on the clipboard
/// (`c`). The runner writes it; the drawing code writes only cells.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}

fn write_osc52(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out
        .write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush());
}

/// Restores the terminal when the runner ends, however it ends; with
/// `true`, mouse capture is turned off first.
struct Restore(bool);

impl Drop for Restore {
    fn drop(&mut self) {
        if self.0 {
            mouse_capture(false);
        }
        ratatui::restore();
    }
}

/// Turns the terminal's mouse reports on or off (only asked for with
/// `[ui] mouse`: while they are on, the terminal's own selection needs
/// Shift).
fn mouse_capture(on: bool) {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    let mut out = std::io::stdout();
    let done = if on {
        ratatui::crossterm::execute!(out, EnableMouseCapture)
    } else {
        ratatui::crossterm::execute!(out, DisableMouseCapture)
    };
    if let Err(e) = done {
        tracing::warn!(
            "cannot turn mouse capture {}: {e}",
            if on { "on" } else { "off" }
        );
    }
}

/// How the window behaves, from the config.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The keys in force (`[keys]` over the defaults).
    pub keymap: Keymap,
    /// Capture the mouse (`[ui] mouse`).
    pub mouse: bool,
    /// The styles to draw in (`[theme]`, `NO_COLOR`).
    pub theme: theme::Theme,
    /// The account the status line names (the IMAP user), when syncing.
    pub account: Option<String>,
}

/// Runs the UI on the terminal until the user quits: raw mode, the
/// alternate screen and a panic hook that restores the terminal, all undone
/// on the way out.
pub fn run(
    source: &dyn IssueSource,
    title: &str,
    updates: Option<Receiver<UiUpdate>>,
    options: Options,
) -> anyhow::Result<()> {
    run_noting(source, title, updates, None, options)
}

/// [`run`], with a line for the footer until the first key (what the user
/// should know at once, such as a sender on neither side). The sync
/// worker's `updates`, the source's news and the terminal's input all feed
/// the one [`events::EventLoop`].
pub fn run_noting(
    source: &dyn IssueSource,
    title: &str,
    updates: Option<Receiver<UiUpdate>>,
    notice: Option<String>,
    options: Options,
) -> anyhow::Result<()> {
    let tz = Local::now().offset().fix();
    let mut app = App::new(title, crate::clock::now(), tz, options.keymap);
    let mouse = options.mouse;
    app.set_theme(options.theme);
    app.set_account(options.account);
    // Armed before set-up, so a set-up that fails halfway is undone too.
    let _restore = Restore(mouse);
    let terminal =
        ratatui::try_init().map_err(|e| anyhow::anyhow!("cannot set up the terminal: {e}"))?;
    if mouse {
        mouse_capture(true);
    }
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    fulfil(&mut app, source, Command::Reload);
    if let Some(n) = notice {
        app.set_error(n);
    }
    let (feed, events) = events::channel();
    if let Some(rx) = updates {
        feed.forward(rx, Some(events::Event::WorkerGone));
    }
    if let Some(rx) = source.take_news() {
        feed.forward(rx, None);
    }
    let input = events::Input::spawn(feed);
    let mut tty = Tty { terminal, mouse };
    events::EventLoop::new(app, source, events)
        .with_input(input)
        .with_mouse(mouse)
        .run(&mut tty)?;
    Ok(())
}

/// The real terminal, as the event loop draws on it and hands it over.
struct Tty {
    terminal: ratatui::DefaultTerminal,
    mouse: bool,
}

impl events::Surface for Tty {
    fn draw(&mut self, app: &App) -> anyhow::Result<()> {
        self.terminal.draw(|frame| view::draw(frame, app))?;
        Ok(())
    }

    fn suspend(&mut self) -> anyhow::Result<()> {
        // The editor and the check's questions need the plain terminal.
        if self.mouse {
            mouse_capture(false);
        }
        ratatui::restore();
        Ok(())
    }

    fn resume(&mut self) -> anyhow::Result<Option<(u16, u16)>> {
        self.terminal = ratatui::try_init()
            .map_err(|e| anyhow::anyhow!("cannot set up the terminal again: {e}"))?;
        self.terminal.clear()?;
        if self.mouse {
            mouse_capture(true);
        }
        let size = self.terminal.size()?;
        Ok(Some((size.width, size.height)))
    }

    fn bell(&mut self) {
        ring_bell();
    }

    fn clipboard(&mut self, text: &str) {
        write_osc52(text);
    }
}
