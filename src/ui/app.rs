//! The UI's state machine.
//!
//! A key becomes an [`Action`] through the [`Keymap`]; [`App::update`] applies
//! it to the state and may return a [`Command`] for the runner to fulfil
//! (loading from the source is I/O, and I/O never happens here or while
//! drawing). The runner hands results back with [`App::set_issues`] and
//! [`App::set_detail`]. Everything here is plain data, so tests drive it key
//! by key without a terminal.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;

use super::keymap::{Action, Context, Key, Keymap};
use super::view;
use crate::issues::model::{IssueDetail, IssueSummary};

/// Work for the runner: things that need the source or end the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Load the issue list again (`show_all` says which issues).
    Reload,
    /// Load one issue by its id.
    LoadDetail(String),
    /// Write a draft: the runner hands the terminal to the editor, then
    /// comes back to where the user was.
    Draft(DraftKind, Option<String>),
    /// Close (or reopen) an issue locally, then reload.
    SetState {
        id: String,
        close: bool,
    },
    Quit,
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
    pub(super) detail_id: Option<String>,
    pub(super) detail: Option<IssueDetail>,
    /// The issue view's text, wrapped to the current width.
    pub(super) detail_lines: Vec<Line<'static>>,
    pub(super) scroll: usize,
    pub(super) help: bool,
    pub(super) notice: Option<Notice>,
    pub(super) progress: Option<String>,
    pub(super) width: u16,
    pub(super) height: u16,
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
            notice: None,
            progress: None,
            width: 80,
            height: 24,
        }
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

    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// The terminal's size; layout decisions in `update` (page length, how
    /// far down the view goes) depend on it.
    pub fn resize(&mut self, width: u16, height: u16) {
        let rewrap = width != self.width;
        self.width = width;
        self.height = height;
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
                Screen::Issue => Context::Issue,
            }
        };
        self.notice = None;
        // Alt-x arrives when Esc and a key come in one read; neither is meant.
        if event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        if self.typing && context == Context::List {
            return self.type_filter(event);
        }
        let action = self.keymap.lookup(context, Key::from_event(event))?;
        self.update(action)
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

    /// Lists the loaded issues that match the filter.
    fn apply_filter(&mut self) {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.issues = self
            .loaded_issues
            .iter()
            .zip(&self.haystacks)
            .filter(|(_, hay)| words.iter().all(|w| hay.contains(w.as_str())))
            .map(|(i, _)| i.clone())
            .collect();
    }

    pub fn update(&mut self, action: Action) -> Option<Command> {
        if self.help {
            if matches!(action, Action::Back | Action::Help) {
                self.help = false;
            }
            if action == Action::Quit {
                return Some(Command::Quit);
            }
            return None;
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
                if self.screen == Screen::List && !self.filter.is_empty() {
                    self.set_filter(String::new());
                }
                if self.screen == Screen::Issue {
                    self.screen = Screen::List;
                    self.detail_id = None;
                    self.detail = None;
                    self.detail_lines.clear();
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
                    Some(id) if kind == DraftKind::Reply || !id.starts_with("unfiled:") => {
                        return Some(Command::Draft(kind, Some(id)));
                    }
                    _ => self.set_error("select an issue first".into()),
                }
            }
            Action::NewRequest => return Some(Command::Draft(DraftKind::NewRequest, None)),
            Action::Filter => self.typing = true,
            Action::Sort | Action::ReverseSort => {
                if action == Action::Sort {
                    self.sort = self.sort.next();
                } else {
                    self.reverse = !self.reverse;
                }
                // Sorting is of what is loaded: no I/O.
                let loaded = std::mem::take(&mut self.loaded_issues);
                self.set_issues(loaded);
                let dir = if self.reverse { ", reversed" } else { "" };
                self.set_notice(format!("sorted by {}{dir}", self.sort.as_str()));
            }
            Action::Reload => {
                self.set_notice("reloaded".into());
                return Some(Command::Reload);
            }
            Action::Close | Action::Reopen => {
                let id = self.current_id();
                match id {
                    Some(id) if !id.starts_with("unfiled:") => {
                        return Some(Command::SetState {
                            id,
                            close: action == Action::Close,
                        });
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
                self.detail = Some(d);
                self.rewrap();
                self.clamp();
            }
            Err(e) => {
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

    /// Progress from a background job; stays until replaced or cleared.
    pub fn set_progress(&mut self, text: Option<String>) {
        self.progress = text;
    }

    /// The issue an action is about: the one in view, else the selected one.
    fn current_id(&self) -> Option<String> {
        match self.screen {
            Screen::Issue => self.detail_id.clone(),
            Screen::List => self.selected_id().map(str::to_string),
        }
    }

    fn open(&mut self) -> Option<Command> {
        if self.screen != Screen::List {
            return None;
        }
        let id = self.selected_id()?.to_string();
        self.screen = Screen::Issue;
        self.detail_id = Some(id.clone());
        self.detail = None;
        self.detail_lines.clear();
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
        self.detail_lines = match &self.detail {
            Some(d) => view::issue_lines(d, self.width, self.tz),
            None => Vec::new(),
        };
    }
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
