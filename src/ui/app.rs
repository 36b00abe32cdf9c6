//! The UI's state machine.
//!
//! A key becomes an [`Action`] through the [`Keymap`]; [`App::update`] applies
//! it to the state and may return a [`Command`] for the runner to fulfil
//! (loading from the source is I/O, and I/O never happens here or while
//! drawing). The runner hands results back with [`App::set_issues`] and
//! [`App::set_detail`]. Everything here is plain data, so tests drive it key
//! by key without a terminal.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::text::Line;
use std::time::{Duration, Instant};

use super::keymap::{Action, Context, Key, Keymap};
use super::message_text::{self, RawView};
use super::view;
use crate::issues::model::{IssueDetail, IssueId, IssueSummary};
use crate::store::{SearchHit, SearchQuery};

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

/// What a one-line prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    AssignTo,
    Note,
    Link,
    /// A search of every message (`/`).
    Search,
    /// The `:` command line.
    Command,
}

impl PromptKind {
    /// The prompt's words before the text typed.
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::AssignTo => "assign to (address, me, none): ",
            PromptKind::Note => "note: ",
            PromptKind::Link => "link to (KEY, or !KEY for duplicate of): ",
            PromptKind::Search => "search: ",
            PromptKind::Command => ":",
        }
    }

    /// The prompt's hint after the text typed.
    pub fn hint(self) -> &'static str {
        match self {
            PromptKind::Search => "  Enter searches · Esc cancels",
            PromptKind::Command => "  Tab completes · Enter runs · Esc cancels",
            _ => "  Enter adds · Esc cancels",
        }
    }
}

/// A one-line prompt being typed, for the issue `id` (none for a search or
/// the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub id: Option<IssueId>,
    pub text: String,
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

/// A message's headers or raw source, shown over the issue view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub view: RawView,
    /// Which message: `n/N · sender`, made safe.
    pub about: String,
    /// Safe lines ([`message_text::pager_lines`]).
    pub lines: Vec<String>,
    pub scroll: usize,
}

/// The links of a message to choose from, and the selected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkChooser {
    pub links: Vec<String>,
    pub selected: usize,
}

/// The search in force: what was typed, and which issues and messages
/// matched. While it is set the list shows its issues instead of the
/// loaded ones.
#[derive(Debug, Clone)]
pub struct Search {
    pub text: String,
    pub query: SearchQuery,
    /// Messages that matched (the first [`SEARCH_LIMIT`] of them).
    pub hits: usize,
    /// The issues that matched, best match first (unfiled requests last).
    pub(super) issues: Vec<IssueSummary>,
    pub(super) haystacks: Vec<String>,
    /// The message ids that matched, per issue id.
    pub(super) messages: std::collections::HashMap<IssueId, Vec<String>>,
    /// What the issue view highlights: the query's words and phrases.
    pub(super) terms: Vec<crate::text::highlight::Needle>,
    /// Best match first, as the index ranks them, until the user sorts.
    pub by_rank: bool,
}

/// Where in a newly opened issue to land: its first match or its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landing {
    First,
    Last,
}

/// Two clicks on one row within this long are a double-click.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Lines the wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

/// The most messages a search in the TUI reads.
pub const SEARCH_LIMIT: usize = 2000;

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

    /// A mouse event (only with `[ui] mouse`), at `at`: a click on a list
    /// row selects it, a second click on it within [`DOUBLE_CLICK`] opens
    /// it; the wheel moves the list's selection or scrolls the issue view
    /// (the attachments pane's selection when it is open). Ignored while
    /// the help, a prompt or a question is up.
    pub fn handle_mouse(&mut self, event: MouseEvent, at: Instant) -> Option<Command> {
        if self.help || self.prompt.is_some() || self.confirm_close.is_some() || self.typing {
            return None;
        }
        // Over the issue view, the pager takes the wheel and the link
        // chooser takes nothing: the text behind them stays where it is.
        if self.link_chooser.is_some() {
            return None;
        }
        if self.pager.is_some() {
            let step = match event.kind {
                MouseEventKind::ScrollDown => Action::Down,
                MouseEventKind::ScrollUp => Action::Up,
                _ => return None,
            };
            for _ in 0..WHEEL_LINES {
                self.pager_update(step);
            }
            return None;
        }
        match event.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = event.kind == MouseEventKind::ScrollDown;
                self.last_click = None;
                if let Some(sel) = self.pane {
                    let n = self.attachments().len();
                    self.pane = Some(if down {
                        (sel + 1).min(n.saturating_sub(1))
                    } else {
                        sel.saturating_sub(1)
                    });
                } else {
                    self.move_by(if down { WHEEL_LINES } else { -WHEEL_LINES });
                }
                None
            }
            // In the attachments pane: a click selects, a double-click
            // opens, as Enter does.
            MouseEventKind::Down(MouseButton::Left) if self.pane.is_some() => {
                let n = self.attachments().len();
                let sel = self.pane.unwrap_or(0);
                let (_, rows, offset) = view::attachments_layout(self.area(), n, sel)?;
                let inside = event.row >= rows.y
                    && event.row < rows.y + rows.height
                    && event.column >= rows.x
                    && event.column < rows.x + rows.width;
                let idx = offset + usize::from(event.row.saturating_sub(rows.y));
                if !inside || idx >= n {
                    self.last_click = None;
                    return None;
                }
                let double = self
                    .last_click
                    .is_some_and(|(row, t)| row == idx && at.duration_since(t) <= DOUBLE_CLICK);
                self.pane = Some(idx);
                if double {
                    self.last_click = None;
                    return self.pane_update(Action::OpenAttachment, idx);
                }
                self.last_click = Some((idx, at));
                None
            }
            MouseEventKind::Down(MouseButton::Left) if self.screen == Screen::List => {
                let body = view::list_areas(self.area()).body;
                if event.row < body.y || event.row >= body.y + body.height {
                    self.last_click = None;
                    return None;
                }
                let line = self.list_offset + usize::from(event.row - body.y);
                let idx = view::list_index_at(&self.issues, line)?;
                let double = self
                    .last_click
                    .is_some_and(|(row, t)| row == idx && at.duration_since(t) <= DOUBLE_CLICK);
                self.selected = idx;
                self.clamp();
                if double {
                    self.last_click = None;
                    return self.open();
                }
                self.last_click = Some((idx, at));
                None
            }
            _ => None,
        }
    }

    /// The issue `c` asks about ("Close VSD-…? y/n"), while it asks.
    pub fn confirming_close(&self) -> Option<&str> {
        self.confirm_close.as_deref()
    }

    /// What Tab offered on the command line, when more than one fits.
    pub fn completions(&self) -> &[String] {
        &self.completions
    }

    /// The search in force.
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// The line of the issue view each message starts at.
    pub fn message_starts(&self) -> &[usize] {
        &self.message_starts
    }

    /// The start lines of the open issue's messages that matched the
    /// search, in the order the view shows them.
    pub fn match_lines(&self) -> Vec<usize> {
        let (Some(search), Some(d), Some(id)) = (&self.search, &self.detail, &self.detail_id)
        else {
            return Vec::new();
        };
        let Some(ids) = search.messages.get(id) else {
            return Vec::new();
        };
        d.messages
            .iter()
            .enumerate()
            .filter(|(_, m)| ids.contains(&m.message_id))
            .filter_map(|(i, _)| self.message_starts.get(i).copied())
            .collect()
    }

    /// The match `n`/`N` went to last in the open issue (0-based), and how
    /// many it has.
    pub fn match_position(&self) -> Option<(usize, usize)> {
        let n = self.match_lines().len();
        self.match_cursor.filter(|&c| c < n).map(|c| (c, n))
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

    /// The attachments pane's selected row (0-based), when it is open.
    pub fn pane_selection(&self) -> Option<usize> {
        self.pane
    }

    /// The attachments of the issue in view, numbered as `vsd attachment
    /// list` numbers them (from 1), with their message's id and sender.
    pub fn attachments(
        &self,
    ) -> Vec<(
        usize,
        &crate::issues::model::MessageView,
        &crate::issues::model::AttachmentView,
    )> {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        d.messages
            .iter()
            .flat_map(|m| m.attachments.iter().map(move |a| (m, a)))
            .enumerate()
            .map(|(i, (m, a))| (i + 1, m, a))
            .collect()
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

    /// The pager over the issue view (headers or raw source), if open.
    pub fn pager(&self) -> Option<&Pager> {
        self.pager.as_ref()
    }

    /// The link chooser, if open.
    pub fn link_chooser(&self) -> Option<&LinkChooser> {
        self.link_chooser.as_ref()
    }

    /// Text the runner should put on the clipboard with OSC 52, taken once.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// The runner's answer to a [`Command::Copy`]: `handled` when the
    /// `[ui] clipboard` command took it, else the runner writes OSC 52.
    pub fn copied(&mut self, text: String, handled: bool) {
        let shown = sanitize_line(&text);
        if !handled {
            self.clipboard = Some(text);
        }
        self.set_notice(format!("copied {shown}"));
    }

    /// The raw mail for a [`Command::LoadRaw`]: opens the pager, if the
    /// issue view still shows that message.
    pub fn set_raw(&mut self, message_id: &str, view: RawView, raw: anyhow::Result<Vec<u8>>) {
        let Some(d) = &self.detail else { return };
        let Some((i, m)) = d
            .messages
            .iter()
            .enumerate()
            .find(|(_, m)| m.message_id == message_id)
        else {
            return;
        };
        match raw {
            Ok(bytes) => {
                self.pager = Some(Pager {
                    view,
                    about: format!(
                        "{}/{} · {}",
                        i + 1,
                        d.messages.len(),
                        sanitize_line(&m.from)
                    ),
                    lines: message_text::pager_lines(&bytes, view),
                    scroll: 0,
                });
            }
            Err(e) => self.set_error(format!("cannot read the raw mail: {e:#}")),
        }
    }

    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// The moment ages are counted from.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The terminal's size; layout decisions in `update` (page length, how
    /// far down the view goes) depend on it.
    pub fn resize(&mut self, width: u16, height: u16) {
        let rewrap = width != self.width;
        self.width = width;
        self.height = height;
        self.help_scroll = self
            .help_scroll
            .min(view::help_max_scroll(self, self.area()));
        if rewrap {
            self.rewrap();
        }
        self.clamp();
    }

    /// A key from the terminal: looked up in the keymap and applied.
    pub fn handle_key(&mut self, event: KeyEvent) -> Option<Command> {
        let context = if self.help {
            Context::Help
        } else {
            match self.screen {
                Screen::List => Context::List,
                Screen::Issue if self.pager.is_some() => Context::Pager,
                Screen::Issue if self.link_chooser.is_some() => Context::Links,
                Screen::Issue if self.pane.is_some() => Context::Attachments,
                Screen::Issue => Context::Issue,
            }
        };
        self.notice = None;
        // Alt-x arrives when Esc and a key come in one read; neither is meant.
        if event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        if let Some(id) = self.confirm_close.take() {
            let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
            return match event.code {
                KeyCode::Char('c') if ctrl => Some(Command::Quit),
                KeyCode::Char('y' | 'Y') if !ctrl => Some(Command::SetState { id, close: true }),
                _ => {
                    self.set_notice(format!("{id} is not closed"));
                    None
                }
            };
        }
        if self.prompt.is_some() {
            return self.type_prompt(event);
        }
        if self.typing && context == Context::List {
            return self.type_filter(event);
        }
        let action = self.keymap.lookup(context, Key::from_event(event))?;
        self.update(action)
    }

    /// The prompt being typed, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// A key while a prompt is typed: Enter gives the action, Esc drops it.
    fn type_prompt(&mut self, event: KeyEvent) -> Option<Command> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if event.code != KeyCode::Tab {
            self.completions.clear();
        }
        let keys: Vec<String> = self
            .loaded_issues
            .iter()
            .filter_map(|i| i.key.clone())
            .collect();
        let p = self.prompt.as_mut()?;
        match event.code {
            KeyCode::Tab if p.kind == PromptKind::Command => {
                let (text, offered) = super::command::complete(&p.text, &keys);
                p.text = text;
                self.completions = offered;
            }
            KeyCode::Char('c') if ctrl => return Some(Command::Quit),
            KeyCode::Char('u') if ctrl => p.text.clear(),
            KeyCode::Char(c) if !ctrl && !c.is_control() => p.text.push(c),
            KeyCode::Backspace => {
                p.text.pop();
            }
            // The last search typed, to run again or change (as mutt
            // offers it).
            KeyCode::Up if p.kind == PromptKind::Search => {
                if let Some(last) = &self.last_search {
                    p.text = last.clone();
                }
            }
            KeyCode::Esc => self.prompt = None,
            KeyCode::Enter => {
                let p = self.prompt.take()?;
                let text = p.text.trim().to_string();
                if text.is_empty() {
                    return None;
                }
                if p.kind == PromptKind::Search {
                    return self.start_search(text);
                }
                if p.kind == PromptKind::Command {
                    return match super::command::parse(&text) {
                        Ok(line) => self.run_line(line),
                        Err(e) => {
                            self.set_error(e);
                            None
                        }
                    };
                }
                let action = match p.kind {
                    PromptKind::Search | PromptKind::Command => return None,
                    PromptKind::AssignTo => match text.to_ascii_lowercase().as_str() {
                        "me" => TeamAction::AssignMe,
                        "none" | "nobody" | "-" => TeamAction::Unassign,
                        _ => TeamAction::AssignTo(text),
                    },
                    PromptKind::Note => TeamAction::Note(text),
                    PromptKind::Link => match text.strip_prefix('!') {
                        Some(k) => TeamAction::Link(k.trim().to_string(), true),
                        None => TeamAction::Link(text, false),
                    },
                };
                return Some(Command::Team { id: p.id?, action });
            }
            _ => {}
        }
        None
    }

    /// The issue a typed key names: a loaded one by key or short id (any
    /// case), else the text as typed, which the source resolves or refuses.
    fn issue_named(&self, typed: &str) -> IssueId {
        let all = self
            .loaded_issues
            .iter()
            .chain(self.search.iter().flat_map(|s| s.issues.iter()));
        for i in all {
            let hit = i
                .key
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case(typed))
                || i.short_id
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(typed));
            if hit {
                return i.id.clone();
            }
        }
        IssueId::from_stored(typed)
    }

    /// A command line read: the same work the keys do. `:close` does not
    /// ask, as `c` does: the typed verb is the answer.
    fn run_line(&mut self, line: super::command::CommandLine) -> Option<Command> {
        use super::command::CommandLine as L;
        let target = |app: &App, key: &Option<String>| match key {
            Some(k) => Some(app.issue_named(k)),
            None => app.current_id(),
        };
        let close = matches!(line, L::Close(_));
        let reply = matches!(line, L::Reply(_));
        match line {
            L::Close(k) | L::Reopen(k) => match target(self, &k) {
                Some(id) if !id.is_unfiled() => Some(Command::SetState { id, close }),
                Some(_) => {
                    self.set_error("an unfiled request has no issue number to close yet".into());
                    None
                }
                None => {
                    self.set_error("select an issue first, or name one (:close VSD-…)".into());
                    None
                }
            },
            L::Reply(k) | L::Escalate(k) => {
                let kind = if reply {
                    DraftKind::Reply
                } else {
                    DraftKind::Escalate
                };
                match target(self, &k) {
                    Some(id) if kind == DraftKind::Reply || !id.is_unfiled() => {
                        Some(Command::Draft(kind, Some(id)))
                    }
                    _ => {
                        self.set_error("select an issue first, or name one (:reply VSD-…)".into());
                        None
                    }
                }
            }
            L::New => Some(Command::Draft(DraftKind::NewRequest, None)),
            L::Search(text) => self.start_search(text),
            L::Sort(key) => {
                self.sort = key;
                self.resort();
                None
            }
            L::Export(format, k) => Some(Command::Export {
                format,
                all: self.show_all,
                key: k.map(|k| self.issue_named(&k)),
            }),
            L::Quit => Some(Command::Quit),
        }
    }

    /// A search typed at the prompt: read here (reading is pure), run by
    /// the runner through the source. A query that cannot be read says why
    /// in the footer.
    fn start_search(&mut self, text: String) -> Option<Command> {
        self.last_search = Some(text.clone());
        match SearchQuery::parse(&text) {
            Ok(q) if q.is_empty() => {
                self.set_error(format!(
                    "nothing to search for in {text:?}: give a word with a letter or a digit, or from:, flag:, status:, key:"
                ));
                None
            }
            Ok(query) => Some(Command::Search { text, query }),
            Err(e) => {
                self.set_error(format!("cannot search for {text:?}: {e}"));
                None
            }
        }
    }

    /// The result of a [`Command::Search`]: the hits, and every issue (open
    /// or not: a search looks at all of them) for their rows. With
    /// `fresh`, the list goes to its top; a search run again after a
    /// reload keeps the selection.
    pub fn set_search(
        &mut self,
        text: String,
        query: SearchQuery,
        hits: Vec<SearchHit>,
        all: Vec<IssueSummary>,
        fresh: bool,
    ) {
        let keep = (!fresh)
            .then(|| self.selected_id().map(str::to_string))
            .flatten();
        let mut order: Vec<IssueId> = Vec::new();
        let mut messages: std::collections::HashMap<IssueId, Vec<String>> =
            std::collections::HashMap::new();
        for h in &hits {
            let ids = messages.entry(h.id.clone()).or_default();
            if ids.is_empty() {
                order.push(h.id.clone());
            }
            if !ids.contains(&h.message_id) {
                ids.push(h.message_id.clone());
            }
        }
        // By id: a mailbox may hold thousands of issues.
        let by_id: std::collections::HashMap<&str, &IssueSummary> =
            all.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut issues: Vec<IssueSummary> = order
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).map(|i| (*i).clone()))
            .collect();
        // The list draws unfiled requests under a heading after the issues.
        issues.sort_by_key(view::is_unfiled);
        let terms = query.needles();
        // A search run again after a reload keeps the order the user chose.
        let by_rank = fresh || self.search.as_ref().is_none_or(|s| s.by_rank);
        if !by_rank {
            self.sort_results(&mut issues);
        }
        self.search = Some(Search {
            text,
            query,
            hits: hits.len(),
            haystacks: issues.iter().map(haystack).collect(),
            issues,
            messages,
            terms,
            by_rank,
        });
        if fresh {
            self.filter.clear();
            self.typing = false;
            self.screen = Screen::List;
            self.detail_id = None;
            self.detail = None;
            self.detail_lines.clear();
            self.message_starts.clear();
            self.pane = None;
            self.scroll = 0;
            self.selected = 0;
            self.list_offset = 0;
        }
        self.apply_filter();
        if let Some(id) = keep
            && let Some(pos) = self.issues.iter().position(|i| i.id == id)
        {
            self.selected = pos;
        }
        // The open issue's highlights follow the new terms.
        self.rewrap();
        self.clamp();
    }

    /// The search's issues in the list's order (unfiled requests last).
    fn sort_results(&self, issues: &mut [IssueSummary]) {
        crate::issues::listing::sort(issues, self.sort, self.reverse);
        issues.sort_by_key(view::is_unfiled);
    }

    /// The list (and a search's results) in the order now chosen; no I/O.
    fn resort(&mut self) {
        let keep = self.selected_id().map(str::to_string);
        let loaded = std::mem::take(&mut self.loaded_issues);
        self.set_issues(loaded);
        if let Some(mut search) = self.search.take() {
            self.sort_results(&mut search.issues);
            search.haystacks = search.issues.iter().map(haystack).collect();
            search.by_rank = false;
            self.search = Some(search);
            self.apply_filter();
        }
        if let Some(id) = keep
            && let Some(pos) = self.issues.iter().position(|i| i.id == id)
        {
            self.selected = pos;
        }
        self.clamp();
        let dir = if self.reverse { ", reversed" } else { "" };
        self.set_notice(format!("sorted by {}{dir}", self.sort.as_str()));
    }

    /// Leaves the search: the list shows the loaded issues again.
    fn end_search(&mut self) {
        let keep = self.selected_id().map(str::to_string);
        self.search = None;
        self.match_cursor = None;
        self.apply_filter();
        self.selected = keep
            .and_then(|id| self.issues.iter().position(|i| i.id == id))
            .unwrap_or(0);
        self.rewrap();
        self.clamp();
    }

    /// `n` (`forward`) or `N`. In an issue: the next (previous) message
    /// that matched; past the last (first) one, the next (previous) issue
    /// of the results at its first (last) match, as mutt goes on to the
    /// next message; past the end of the results, around to the start with
    /// a note in the footer, as less and vim do. In the list: the next
    /// (previous) issue of the results, around the same way.
    fn next_match(&mut self, forward: bool) -> Option<Command> {
        if self.search.is_none() {
            self.set_error("no search yet: / searches every message".into());
            return None;
        }
        if self.issues.is_empty() {
            self.set_error("nothing matched the search".into());
            return None;
        }
        let n = self.issues.len();
        let step = |i: usize| {
            if forward {
                ((i + 1) % n, i + 1 == n)
            } else {
                ((i + n - 1) % n, i == 0)
            }
        };
        let wrapped_note = if forward {
            "search went past the last match: on from the first"
        } else {
            "search went past the first match: on from the last"
        };
        if self.screen == Screen::List {
            let (to, wrapped) = step(self.selected);
            self.selected = to;
            if wrapped {
                self.set_notice(wrapped_note.into());
            }
            self.clamp();
            return None;
        }
        let lines = self.match_lines();
        let next = match (self.match_cursor, forward) {
            (None, true) => Some(0),
            (Some(c), true) => Some(c + 1),
            (None, false) => lines.len().checked_sub(1),
            (Some(c), false) => c.checked_sub(1),
        }
        .filter(|&c| c < lines.len());
        if let Some(c) = next {
            self.match_cursor = Some(c);
            self.scroll = lines[c];
            self.clamp();
            self.on_message_at(lines[c]);
            return None;
        }
        // On to the next issue of the results.
        let here = self
            .detail_id
            .as_deref()
            .and_then(|id| self.issues.iter().position(|i| i.id == id));
        let (to, wrapped) = match here {
            Some(i) => step(i),
            None => (if forward { 0 } else { n - 1 }, false),
        };
        if wrapped {
            self.set_notice(wrapped_note.into());
        }
        let landing = if forward {
            Landing::First
        } else {
            Landing::Last
        };
        if Some(to) == here {
            // The only issue that matched: around within it.
            self.land(landing);
            return None;
        }
        self.selected = to;
        self.clamp();
        self.screen = Screen::List;
        let command = self.open();
        self.landing = Some(landing);
        command
    }

    /// Scrolls the open issue to its first or last match.
    fn land(&mut self, landing: Landing) {
        let lines = self.match_lines();
        let c = match landing {
            Landing::First => 0,
            Landing::Last => lines.len().saturating_sub(1),
        };
        if let Some(&line) = lines.get(c) {
            self.match_cursor = Some(c);
            self.scroll = line;
            self.clamp();
            self.on_message_at(line);
        } else {
            self.match_cursor = None;
            self.clamp();
        }
    }

    /// The message keys (headers, source, links, copy) act on the message
    /// whose header is at `line`, where a search match or J/K went.
    fn on_message_at(&mut self, line: usize) {
        if let Some(i) = self.message_starts.iter().position(|&l| l == line) {
            self.current_message = i;
        }
    }

    /// A key while the filter is typed: text edits it and the list follows
    /// at once; Enter keeps it, Esc drops it, arrows still move.
    fn type_filter(&mut self, event: KeyEvent) -> Option<Command> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Char('c') if ctrl => return Some(Command::Quit),
            KeyCode::Char('u') if ctrl => self.set_filter(String::new()),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let mut f = std::mem::take(&mut self.filter);
                f.push(c);
                self.set_filter(f);
            }
            KeyCode::Backspace => {
                let mut f = std::mem::take(&mut self.filter);
                f.pop();
                self.set_filter(f);
            }
            KeyCode::Enter => self.typing = false,
            KeyCode::Esc => {
                self.typing = false;
                self.set_filter(String::new());
            }
            KeyCode::Down => self.move_by(1),
            KeyCode::Up => self.move_by(-1),
            _ => {}
        }
        None
    }

    /// A new filter: the selection stays on the same issue while it is
    /// still shown, else goes to the first match.
    fn set_filter(&mut self, filter: String) {
        let keep = self.selected_id().map(str::to_string);
        self.filter = filter;
        self.apply_filter();
        self.selected = keep
            .and_then(|id| self.issues.iter().position(|i| i.id == id))
            .unwrap_or(0);
        self.clamp();
    }

    /// Lists the loaded issues (or the search's) that match the filter.
    fn apply_filter(&mut self) {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let (issues, haystacks) = match &self.search {
            Some(s) => (&s.issues, &s.haystacks),
            None => (&self.loaded_issues, &self.haystacks),
        };
        self.issues = issues
            .iter()
            .zip(haystacks)
            .filter(|(_, hay)| words.iter().all(|w| hay.contains(w.as_str())))
            .map(|(i, _)| i.clone())
            .collect();
    }

    pub fn update(&mut self, action: Action) -> Option<Command> {
        if self.help {
            let max = view::help_max_scroll(self, self.area());
            let page = view::help_page(self.area()) as isize;
            let delta = match action {
                Action::Back | Action::Help => {
                    self.help = false;
                    self.help_scroll = 0;
                    return None;
                }
                Action::Quit => return Some(Command::Quit),
                Action::Down => 1,
                Action::Up => -1,
                Action::PageDown => page,
                Action::PageUp => -page,
                Action::Top => isize::MIN,
                Action::Bottom => isize::MAX,
                _ => return None,
            };
            self.help_scroll = self.help_scroll.saturating_add_signed(delta).min(max);
            return None;
        }
        if self.pager.is_some() {
            return self.pager_update(action);
        }
        if let Some(chooser) = self.link_chooser.clone() {
            return self.chooser_update(action, chooser);
        }
        if let Some(sel) = self.pane {
            return self.pane_update(action, sel);
        }
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::Open => return self.open(),
            Action::Back => {
                if self.screen == Screen::List {
                    // The filter goes first, then the search under it.
                    if !self.filter.is_empty() {
                        self.set_filter(String::new());
                    } else if self.search.is_some() {
                        self.end_search();
                    }
                }
                if self.screen == Screen::Issue {
                    self.pane = None;
                    self.pager = None;
                    self.link_chooser = None;
                    self.screen = Screen::List;
                    self.detail_id = None;
                    self.detail = None;
                    self.detail_lines.clear();
                    self.message_starts.clear();
                    self.match_cursor = None;
                    self.landing = None;
                    self.scroll = 0;
                }
            }
            Action::ToggleAll => {
                self.show_all = !self.show_all;
                return Some(Command::Reload);
            }
            Action::Help => self.help = true,
            Action::Quit => return Some(Command::Quit),
            Action::Reply | Action::Escalate => {
                let id = self.current_id();
                let kind = if action == Action::Reply {
                    DraftKind::Reply
                } else {
                    DraftKind::Escalate
                };
                match id {
                    Some(id) if kind == DraftKind::Reply || !id.is_unfiled() => {
                        return Some(Command::Draft(kind, Some(id)));
                    }
                    _ => self.set_error("select an issue first".into()),
                }
            }
            Action::NewRequest => return Some(Command::Draft(DraftKind::NewRequest, None)),
            Action::Attachments | Action::NextPane => {
                if self.screen == Screen::Issue && self.detail.is_some() {
                    let n = self.attachments().len();
                    if n == 0 {
                        self.set_notice("this issue has no attachments".into());
                    } else if action == Action::NextPane {
                        // Back to the row Tab left.
                        self.pane = Some(self.pane_memory.min(n - 1));
                    } else {
                        self.pane = Some(0);
                    }
                    // A click on the list is no half of a double-click here.
                    self.last_click = None;
                }
            }
            // Bound in the pane only, which handles them above.
            Action::SaveAttachment | Action::OpenAttachment => {}
            Action::Filter => {
                if self.screen == Screen::List {
                    self.typing = true;
                }
            }
            Action::Search => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Search,
                    id: None,
                    text: String::new(),
                });
            }
            Action::CommandLine => {
                self.completions.clear();
                self.prompt = Some(Prompt {
                    kind: PromptKind::Command,
                    id: None,
                    text: String::new(),
                });
            }
            Action::NextMatch => return self.next_match(true),
            Action::PrevMatch => return self.next_match(false),
            Action::AssignMe
            | Action::Unassign
            | Action::AssignTo
            | Action::Note
            | Action::Link => match self.current_id() {
                Some(id) if !id.is_unfiled() => {
                    let kind = match action {
                        Action::AssignMe => {
                            return Some(Command::Team {
                                id,
                                action: TeamAction::AssignMe,
                            });
                        }
                        Action::Unassign => {
                            return Some(Command::Team {
                                id,
                                action: TeamAction::Unassign,
                            });
                        }
                        Action::AssignTo => PromptKind::AssignTo,
                        Action::Note => PromptKind::Note,
                        _ => PromptKind::Link,
                    };
                    self.prompt = Some(Prompt {
                        kind,
                        id: Some(id),
                        text: String::new(),
                    });
                }
                Some(_) => self.set_error(
                    "an unfiled request has no issue number yet: team actions need one".into(),
                ),
                None => self.set_error("select an issue first".into()),
            },
            Action::Sort | Action::ReverseSort => {
                if action == Action::Sort {
                    self.sort = self.sort.next();
                } else {
                    self.reverse = !self.reverse;
                }
                self.resort();
            }
            Action::Reload => {
                self.set_notice("reloaded".into());
                return Some(Command::Reload);
            }
            Action::NextMessage | Action::PrevMessage => {
                if self.screen == Screen::Issue && !self.message_starts.is_empty() {
                    let last = self.message_starts.len() - 1;
                    let at = self.current_message.min(last);
                    // Before the first message's header (the standing is
                    // above it), the next message is the first.
                    let before_first = self.scroll < self.message_starts[0];
                    let to = match action {
                        Action::NextMessage if before_first => 0,
                        Action::NextMessage => (at + 1).min(last),
                        _ => at.saturating_sub(1),
                    };
                    self.scroll = self.message_starts[to];
                    self.clamp();
                    self.current_message = to;
                }
            }
            Action::ToggleFold => {
                if self.screen == Screen::Issue {
                    self.fold_auto_replies = !self.fold_auto_replies;
                    let at = self.current_message;
                    self.rewrap();
                    // Stay on the same message.
                    if let Some(&line) = self.message_starts.get(at)
                        && self.scroll >= line
                    {
                        self.scroll = line;
                    }
                    self.clamp();
                    self.current_message = at;
                    self.set_notice(if self.fold_auto_replies {
                        "auto-replies folded (z unfolds)".into()
                    } else {
                        "auto-replies unfolded (z folds)".into()
                    });
                }
            }
            Action::Headers | Action::RawSource => {
                if let Some(m) = self.current_message_view() {
                    return Some(Command::LoadRaw {
                        message_id: m.message_id.clone(),
                        view: if action == Action::Headers {
                            RawView::Headers
                        } else {
                            RawView::Source
                        },
                    });
                }
            }
            Action::OpenLink => {
                if let Some(m) = self.current_message_view() {
                    let links = message_text::links(&m.new_text);
                    match links.len() {
                        0 => self.set_notice("this message holds no link".into()),
                        1 => return links.into_iter().next().map(Command::OpenLink),
                        _ => self.link_chooser = Some(LinkChooser { links, selected: 0 }),
                    }
                }
            }
            Action::CopyKey => match self.current_id() {
                Some(id) => {
                    let summary = self.issues.iter().find(|i| i.id == id);
                    let key = self
                        .detail
                        .as_ref()
                        .filter(|_| self.screen == Screen::Issue)
                        .and_then(|d| d.key.clone())
                        .or_else(|| summary.and_then(|s| s.key.clone()))
                        .or_else(|| summary.and_then(|s| s.short_id.clone()));
                    match key {
                        Some(k) => return Some(Command::Copy(k)),
                        None => self.set_error("this request has no key yet".into()),
                    }
                }
                None => self.set_error("select an issue first".into()),
            },
            Action::CopyMessageId => {
                if let Some(m) = self.current_message_view() {
                    return Some(Command::Copy(m.message_id.clone()));
                }
            }
            Action::Close | Action::Reopen => {
                let id = self.current_id();
                match id {
                    // Closing asks first: one key too many should not
                    // close an issue.
                    Some(id) if !id.is_unfiled() && action == Action::Close => {
                        self.confirm_close = Some(id);
                    }
                    Some(id) if !id.is_unfiled() => {
                        return Some(Command::SetState { id, close: false });
                    }
                    Some(_) => {
                        self.set_error("an unfiled request has no issue number to close yet".into())
                    }
                    None => self.set_error("select an issue first".into()),
                }
            }
        }
        None
    }

    /// The message the issue view's message keys act on.
    fn current_message_view(&self) -> Option<&crate::issues::model::MessageView> {
        if self.screen != Screen::Issue {
            return None;
        }
        let d = self.detail.as_ref()?;
        d.messages
            .get(self.current_message)
            .or_else(|| d.messages.last())
    }

    /// A key while the pager is open: it scrolls, or closes.
    fn pager_update(&mut self, action: Action) -> Option<Command> {
        let body = view::pager_body(self.area()).height as usize;
        let page = body.max(1) as isize;
        let p = self.pager.as_mut()?;
        let max = p.lines.len().saturating_sub(body);
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::Top => isize::MIN,
            Action::Bottom => isize::MAX,
            Action::Back => {
                self.pager = None;
                return None;
            }
            Action::Help => {
                self.help = true;
                return None;
            }
            Action::Quit => return Some(Command::Quit),
            _ => return None,
        };
        p.scroll = p.scroll.saturating_add_signed(delta).min(max);
        None
    }

    /// A key while the link chooser is open.
    fn chooser_update(&mut self, action: Action, chooser: LinkChooser) -> Option<Command> {
        let last = chooser.links.len().saturating_sub(1);
        let sel = chooser.selected;
        let to = match action {
            Action::Down => (sel + 1).min(last),
            Action::Up => sel.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Back => {
                self.link_chooser = None;
                return None;
            }
            Action::OpenLink => {
                self.link_chooser = None;
                return chooser.links.get(sel).cloned().map(Command::OpenLink);
            }
            Action::Help => {
                self.help = true;
                return None;
            }
            Action::Quit => return Some(Command::Quit),
            _ => return None,
        };
        if let Some(c) = &mut self.link_chooser {
            c.selected = to;
        }
        None
    }

    /// A key while the attachments pane is open: it moves, saves, opens or
    /// closes the pane; nothing reaches the issue behind it.
    fn pane_update(&mut self, action: Action, sel: usize) -> Option<Command> {
        let list = self.attachments();
        let last = list.len().saturating_sub(1);
        match action {
            Action::Down => self.pane = Some((sel + 1).min(last)),
            Action::Up => self.pane = Some(sel.saturating_sub(1)),
            Action::Top => self.pane = Some(0),
            Action::Bottom => self.pane = Some(last),
            Action::Back => self.pane = None,
            Action::NextPane => {
                self.pane_memory = sel;
                self.pane = None;
            }
            Action::Help => self.help = true,
            Action::Quit => return Some(Command::Quit),
            Action::SaveAttachment | Action::OpenAttachment => {
                let (_, m, a) = list.get(sel)?;
                let job = AttachmentJob {
                    id: self.detail_id.clone()?,
                    message_id: m.message_id.clone(),
                    part: a.part.clone(),
                    name: a.name.clone(),
                    kind: if action == Action::SaveAttachment {
                        AttachmentJobKind::Save
                    } else {
                        AttachmentJobKind::Open
                    },
                };
                return Some(Command::Attachment(job));
            }
            _ => {}
        }
        None
    }

    /// A fresh issue list from the source. The selection stays on the same
    /// issue when it is still listed.
    pub fn set_issues(&mut self, mut issues: Vec<IssueSummary>) {
        let keep = self.selected_id().map(str::to_string);
        if !self.show_all {
            issues.retain(|i| i.status.is_open());
        }
        // In the chosen order within each group: open issues, settled
        // ones, unfiled requests (the sort is stable).
        crate::issues::listing::sort(&mut issues, self.sort, self.reverse);
        issues.sort_by_key(|i| match (view::is_unfiled(i), i.status.is_open()) {
            (true, _) => 2,
            (false, true) => 0,
            (false, false) => 1,
        });
        self.haystacks = issues.iter().map(haystack).collect();
        self.loaded_issues = issues;
        self.loaded = true;
        self.apply_filter();
        if let Some(id) = keep
            && let Some(pos) = self.issues.iter().position(|i| i.id == id)
        {
            self.selected = pos;
        }
        self.clamp();
    }

    /// The result of a [`Command::LoadDetail`]. A result for an issue that is
    /// no longer wanted (the user went back) is dropped; a failure returns to
    /// the list with the error in the footer.
    pub fn set_detail(&mut self, id: &str, detail: anyhow::Result<IssueDetail>) {
        if self.detail_id.as_deref() != Some(id) {
            return;
        }
        match detail {
            Ok(d) => {
                // A first load lands on the search's match; a reload keeps
                // the place.
                let first_load = self.detail.is_none();
                self.detail = Some(d);
                self.rewrap();
                self.clamp();
                let n = self.message_starts.len();
                self.current_message = self.current_message.min(n.saturating_sub(1));
                if first_load && self.search.is_some() {
                    let landing = self.landing.take().unwrap_or(Landing::First);
                    self.land(landing);
                }
                // The issue may hold fewer attachments after a reload.
                let n = self.attachments().len();
                self.pane = self.pane.filter(|_| n > 0).map(|s| s.min(n - 1));
            }
            Err(e) => {
                // Back to the list, not only out of the pane.
                self.pane = None;
                self.update(Action::Back);
                self.notice = Some(Notice {
                    text: format!("cannot load {id}: {e:#}"),
                    error: true,
                });
            }
        }
    }

    /// A failure the user should see, e.g. a list that could not be loaded.
    pub fn set_error(&mut self, text: String) {
        self.notice = Some(Notice { text, error: true });
    }

    /// A line for the footer until the next key (what an action did).
    pub fn set_notice(&mut self, text: String) {
        self.notice = Some(Notice { text, error: false });
    }

    /// The account the status line names.
    pub fn set_account(&mut self, account: Option<String>) {
        self.account = account;
    }

    /// Where the sync worker's connection stands now.
    pub fn set_connection(&mut self, c: super::Connection) {
        self.connection = Some(c);
    }

    /// Progress from a background job; stays until replaced or cleared.
    pub fn set_progress(&mut self, note: Option<super::SyncNote>) {
        self.progress = note.and_then(super::SyncNote::shown);
    }

    /// The issue an action is about: the one in view, else the selected one.
    fn current_id(&self) -> Option<IssueId> {
        match self.screen {
            Screen::Issue => self.detail_id.clone(),
            Screen::List => self.issues.get(self.selected).map(|i| i.id.clone()),
        }
    }

    fn open(&mut self) -> Option<Command> {
        if self.screen != Screen::List {
            return None;
        }
        let id = self.issues.get(self.selected)?.id.clone();
        self.screen = Screen::Issue;
        self.detail_id = Some(id.clone());
        self.detail = None;
        self.detail_lines.clear();
        self.message_starts.clear();
        self.current_message = 0;
        self.pager = None;
        self.link_chooser = None;
        self.match_cursor = None;
        self.landing = None;
        self.pane_memory = 0;
        self.scroll = 0;
        Some(Command::LoadDetail(id))
    }

    fn page(&self) -> usize {
        let areas = match self.screen {
            Screen::List => view::list_areas(self.area()),
            Screen::Issue => view::issue_areas(self.area()),
        };
        (areas.body.height as usize).max(1)
    }

    fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.width, self.height)
    }

    fn move_by(&mut self, delta: isize) {
        match self.screen {
            Screen::List => {
                self.selected = self.selected.saturating_add_signed(delta);
            }
            Screen::Issue => {
                self.scroll = self.scroll.saturating_add_signed(delta);
                self.clamp();
                // The message keys act on the message scrolled to; the
                // bottom is the last message's, even when all of it fits.
                self.current_message = if delta == isize::MAX {
                    self.message_starts.len().saturating_sub(1)
                } else {
                    self.message_starts
                        .iter()
                        .rposition(|&l| l <= self.scroll)
                        .unwrap_or(0)
                };
                return;
            }
        }
        self.clamp();
    }

    fn max_scroll(&self) -> usize {
        let body = view::issue_areas(self.area()).body.height as usize;
        self.detail_lines.len().saturating_sub(body)
    }

    /// Keeps the selection on a row, the selected row in view and the issue
    /// view's scroll within its text.
    fn clamp(&mut self) {
        self.selected = self.selected.min(self.issues.len().saturating_sub(1));
        let body = view::list_areas(self.area()).body.height as usize;
        let line = view::list_line_of(&self.issues, self.selected);
        // The first unfiled request brings its heading into view with it.
        let first_unfiled = self.issues.get(self.selected).is_some_and(view::is_unfiled)
            && (self.selected == 0 || !view::is_unfiled(&self.issues[self.selected - 1]));
        let top = if first_unfiled { line - 1 } else { line };
        if top < self.list_offset {
            self.list_offset = top;
        } else if body > 0 && line >= self.list_offset + body {
            self.list_offset = line + 1 - body;
        }
        let total = view::list_line_count(&self.issues);
        self.list_offset = self.list_offset.min(total.saturating_sub(body.max(1)));
        self.scroll = self.scroll.min(self.max_scroll());
    }

    fn rewrap(&mut self) {
        let text = match &self.detail {
            // Text wider than this is hard to read: a wide terminal gets
            // lines of a readable length, not of its width.
            Some(d) => view::issue_lines(
                d,
                self.width.min(view::READABLE_WIDTH),
                self.tz,
                self.fold_auto_replies,
                &self.theme,
            ),
            None => view::IssueText::default(),
        };
        self.detail_lines = match &self.search {
            Some(s) if !s.terms.is_empty() => text
                .lines
                .into_iter()
                .map(|l| view::highlight(l, &s.terms, self.theme.get(super::theme::Element::Match)))
                .collect(),
            _ => text.lines,
        };
        self.message_starts = text.message_starts;
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
