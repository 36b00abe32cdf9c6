//! The UI's state machine: the [`App`] and the [`Command`]s it gives the
//! runner.
//!
//! A key becomes an [`Action`](super::Action) through the [`Keymap`];
//! [`App::update`] applies it to the state and may return a [`Command`] for
//! the runner to fulfil (loading from the source is I/O, and I/O never
//! happens here or while drawing). The runner hands results back with
//! [`App::set_issues`] and [`App::set_detail`]. Everything here is plain
//! data, so tests drive it key by key without a terminal.
//!
//! This file holds the state and what reads it; the steps that change it are
//! cut by what drives them: `keys` (a key to an action, and each context's
//! step), `mouse`, `prompt` (prompts, the `:` command line, the filter),
//! `search`, `overlays` (the pager, the link chooser, the attachments pane),
//! `results` (what the runner hands back) and `layout` (sizes, scrolling,
//! wrapping).

use super::keymap::Keymap;
use super::message_text::RawView;
use crate::issues::model::{IssueDetail, IssueId, IssueSummary};
use crate::store::SearchQuery;
use chrono::{DateTime, FixedOffset, Utc};
use ratatui::text::Line;
use std::time::Instant;

mod keys;
mod layout;
mod mouse;
mod overlays;
mod prompt;
mod results;
mod search;

pub use mouse::DOUBLE_CLICK;
pub use overlays::{LinkChooser, Pager};
pub use prompt::{Prompt, PromptKind};
use search::Landing;
pub use search::{SEARCH_LIMIT, Search};

/// Work for the runner: things that need the source or end the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Load the issue list again (`show_all` says which issues).
    Reload,
    /// Load one issue by its id.
    LoadDetail(IssueId),
    /// Write a draft: the runner hands the terminal to the editor, then
    /// comes back to where the user was.
    Draft(DraftKind, Option<IssueId>),
    /// Close (or reopen) an issue locally, then reload.
    SetState {
        id: IssueId,
        close: bool,
    },
    /// Save or open an attachment: the source hands it to a worker thread
    /// and reports the outcome later (see `IssueSource::take_news`).
    Attachment(AttachmentJob),
    /// A team action on an issue (assign, note, link), then reload.
    Team {
        id: IssueId,
        action: TeamAction,
    },
    /// Read a message's raw mail from the store for the pager.
    LoadRaw {
        message_id: String,
        view: RawView,
    },
    /// Hand a link (http, https or mailto, already checked) to the opener.
    OpenLink(String),
    /// Put text on the clipboard: the `[ui] clipboard` command, else an
    /// OSC 52 escape the runner writes to the terminal.
    Copy(String),
    /// The issues, or one issue's history, to a file (`:export`).
    Export {
        format: super::command::ExportFormat,
        all: bool,
        key: Option<IssueId>,
    },
    /// Run a search through the source; the list then shows the issues
    /// whose messages matched (`text` is what the user typed).
    Search {
        text: String,
        query: SearchQuery,
    },
    Quit,
}

/// One attachment to save or open, named by its message and MIME part (a
/// number could point elsewhere once new mail arrives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentJob {
    /// The issue's id.
    pub id: IssueId,
    pub message_id: String,
    pub part: String,
    /// The safe name, for the notices.
    pub name: String,
    pub kind: AttachmentJobKind,
}

/// What to do with the attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentJobKind {
    /// Into `[ui] download_dir`, else the XDG download folder.
    Save,
    /// A private copy handed to `[ui] opener`.
    Open,
}

/// A team action the user asked for in the TUI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamAction {
    AssignMe,
    Unassign,
    AssignTo(String),
    Note(String),
    /// Link to the key; `true`: this issue is a duplicate of it.
    Link(String, bool),
}

/// Which draft the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    Reply,
    Escalate,
    NewRequest,
}

/// Which screen is showing (the help is an overlay on either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Issue,
}

/// A line for the footer until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub(super) title: String,
    pub(super) now: DateTime<Utc>,
    pub(super) tz: FixedOffset,
    pub(super) keymap: Keymap,
    /// What the list shows, in display order: keyed issues (open first),
    /// then unfiled requests; those of `loaded_issues` that match `filter`.
    pub(super) issues: Vec<IssueSummary>,
    /// Everything the source gave, in display order.
    pub(super) loaded_issues: Vec<IssueSummary>,
    /// What the filter searches in each of `loaded_issues`, lower-case,
    /// made once a load rather than once a key.
    haystacks: Vec<String>,
    /// Words every listed issue's key, title or status must contain.
    pub(super) filter: String,
    /// The filter is being typed: keys go to it, not to the keymap.
    pub(super) typing: bool,
    pub(super) loaded: bool,
    pub(super) selected: usize,
    pub(super) list_offset: usize,
    pub(super) show_all: bool,
    /// The list's order (`s` cycles it) and whether it is reversed (`S`).
    pub(super) sort: crate::issues::listing::SortKey,
    pub(super) reverse: bool,
    pub(super) screen: Screen,
    pub(super) detail_id: Option<IssueId>,
    pub(super) detail: Option<IssueDetail>,
    /// The issue view's text, wrapped to the current width.
    pub(super) detail_lines: Vec<Line<'static>>,
    pub(super) scroll: usize,
    pub(super) help: bool,
    /// Lines the help overlay is scrolled down by (when it does not fit).
    pub(super) help_scroll: usize,
    /// The attachments pane over the issue view, and its selected row.
    pub(super) pane: Option<usize>,
    /// The pane's row when Tab last left it, for Tab back.
    pane_memory: usize,
    pub(super) notice: Option<Notice>,
    pub(super) progress: Option<super::SyncNote>,
    pub(super) width: u16,
    pub(super) height: u16,
    /// A one-line prompt (an address, a note, a key) being typed: keys go
    /// to it.
    pub(super) prompt: Option<Prompt>,
    /// The search in force, if any.
    pub(super) search: Option<Search>,
    /// The first line of each message in `detail_lines`.
    pub(super) message_starts: Vec<usize>,
    /// Which of the open issue's matching messages `n`/`N` last went to.
    pub(super) match_cursor: Option<usize>,
    /// Where to land when the issue being loaded arrives.
    landing: Option<Landing>,
    /// What Tab offered last on the command line, when more than one fits.
    pub(super) completions: Vec<String>,
    /// `c` asks first: the issue it would close, until y or another key.
    pub(super) confirm_close: Option<IssueId>,
    /// The last click in the list: its row and when, for a double-click.
    last_click: Option<(usize, Instant)>,
    /// The last search typed (↑ at the search prompt brings it back).
    last_search: Option<String>,
    /// The message the issue view's message keys act on (headers, raw
    /// source, links, copy): the one scrolled to.
    pub(super) current_message: usize,
    /// The desk's auto-replies show as one line (`z` unfolds them).
    pub(super) fold_auto_replies: bool,
    /// A message's headers or source over the issue view.
    pub(super) pager: Option<Pager>,
    /// The chooser of a message's links.
    pub(super) link_chooser: Option<LinkChooser>,
    /// Text for the runner to put on the clipboard with OSC 52 (the drawing
    /// code writes only cells, never escapes).
    clipboard: Option<String>,
    /// The styles the screen is drawn in.
    pub(super) theme: super::theme::Theme,
    /// The account the status line names, when a sync worker runs.
    pub(super) account: Option<String>,
    /// Where its connection stands.
    pub(super) connection: Option<super::Connection>,
}

impl App {
    /// `now` is the time ages are counted from; `tz` the offset dates are
    /// shown in.
    pub fn new(title: &str, now: DateTime<Utc>, tz: FixedOffset, keymap: Keymap) -> App {
        App {
            title: title.to_string(),
            now,
            tz,
            keymap,
            issues: Vec::new(),
            loaded_issues: Vec::new(),
            haystacks: Vec::new(),
            filter: String::new(),
            typing: false,
            loaded: false,
            selected: 0,
            list_offset: 0,
            show_all: false,
            sort: crate::issues::listing::SortKey::default(),
            reverse: false,
            screen: Screen::List,
            detail_id: None,
            detail: None,
            detail_lines: Vec::new(),
            scroll: 0,
            help: false,
            help_scroll: 0,
            pane: None,
            pane_memory: 0,
            notice: None,
            progress: None,
            width: 80,
            height: 24,
            prompt: None,
            search: None,
            message_starts: Vec::new(),
            match_cursor: None,
            landing: None,
            completions: Vec::new(),
            confirm_close: None,
            last_click: None,
            last_search: None,
            current_message: 0,
            fold_auto_replies: true,
            pager: None,
            link_chooser: None,
            clipboard: None,
            theme: super::theme::Theme::default(),
            account: None,
            connection: None,
        }
    }

    /// The issue `c` asks about ("Close VSD-…? y/n"), while it asks.
    pub fn confirming_close(&self) -> Option<&str> {
        self.confirm_close.as_deref()
    }

    /// The line of the issue view each message starts at.
    pub fn message_starts(&self) -> &[usize] {
        &self.message_starts
    }

    /// The styles to draw in (`[theme]`, `NO_COLOR`).
    pub fn set_theme(&mut self, theme: super::theme::Theme) {
        self.theme = theme;
        self.rewrap();
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn show_all(&self) -> bool {
        self.show_all
    }

    /// The list's order, and whether it is reversed.
    pub fn sort(&self) -> (crate::issues::listing::SortKey, bool) {
        (self.sort, self.reverse)
    }

    pub fn help_visible(&self) -> bool {
        self.help
    }

    /// Lines the help overlay is scrolled down by.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    /// The list's filter, empty when none.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// True while the user types the filter.
    pub fn typing_filter(&self) -> bool {
        self.typing
    }

    /// The id of the issue the issue view shows or is loading.
    pub fn detail_id(&self) -> Option<&str> {
        self.detail_id.as_deref()
    }

    /// The id of the selected row of the list.
    pub fn selected_id(&self) -> Option<&str> {
        self.issues.get(self.selected).map(|i| i.id.as_str())
    }

    /// Lines the issue view is scrolled down by.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// The index of the message the issue view's message keys act on.
    pub fn current_message(&self) -> usize {
        self.current_message
    }

    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// The moment ages are counted from.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

/// A one-line text from mail or the user, safe for the footer.
fn sanitize_line(s: &str) -> String {
    super::sanitize::sanitize(&s.replace(['\r', '\n'], " ")).into_owned()
}

/// What the filter's words are looked for in: key, title and status.
fn haystack(issue: &IssueSummary) -> String {
    format!(
        "{} {} {}",
        issue.key.as_deref().unwrap_or(""),
        issue.title,
        issue.status.as_str()
    )
    .to_lowercase()
}
