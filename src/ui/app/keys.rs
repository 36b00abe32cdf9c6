//! Keys to actions, and actions to state: [`App::handle_key`] picks the
//! context (help, pager, link chooser, attachments pane, list or issue view)
//! and [`App::update`] hands the action to that context's step. A step may
//! return a [`Command`] for the runner; none does I/O.

use super::{App, Command, DraftKind, LinkChooser, Prompt, PromptKind, Screen, TeamAction, scroll};
use crate::issues::model::IssueId;
use crate::ui::help;
use crate::ui::keymap::{Action, Context, Key};
use crate::ui::message_text::{self, RawView};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
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

    /// An action, applied in the context in force: the help, the pager, the
    /// link chooser, the attachments pane, else the list or the issue view.
    pub fn update(&mut self, action: Action) -> Option<Command> {
        if self.help {
            return self.help_update(action);
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
        self.view_update(action)
    }

    /// An action while the help is up: it scrolls, or closes.
    fn help_update(&mut self, action: Action) -> Option<Command> {
        let max = help::help_max_scroll(&self.keymap, &self.theme, self.area());
        if let Some(delta) = scroll::step(action, help::help_page(self.area())) {
            self.help_scroll = self.help_scroll.saturating_add_signed(delta).min(max);
            return None;
        }
        match action {
            Action::Back | Action::Help => {
                self.help = false;
                self.help_scroll = 0;
                None
            }
            Action::Quit => Some(Command::Quit),
            _ => None,
        }
    }

    /// An action in the list or the issue view, nothing open over them:
    /// each family of actions has its step.
    fn view_update(&mut self, action: Action) -> Option<Command> {
        if let Some(delta) = scroll::step(action, self.page()) {
            self.move_by(delta);
            return None;
        }
        match action {
            // Taken by `scroll::step` above; listed so that a new action
            // must be placed here.
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => {}
            Action::Open => return self.open(),
            Action::Back => self.back(),
            Action::ToggleAll => {
                self.show_all = !self.show_all;
                return Some(Command::Reload);
            }
            Action::Help => self.help = true,
            Action::Quit => return Some(Command::Quit),
            Action::Reply | Action::Escalate | Action::NewRequest => return self.draft(action),
            Action::Attachments | Action::NextPane => self.open_pane(action),
            // Bound in the pane only, which handles them above.
            Action::SaveAttachment | Action::OpenAttachment => {}
            Action::Filter | Action::Search | Action::CommandLine => self.start_typing(action),
            Action::NextMatch => return self.next_match(true),
            Action::PrevMatch => return self.next_match(false),
            Action::AssignMe
            | Action::Unassign
            | Action::AssignTo
            | Action::Note
            | Action::Link => return self.team_action(action),
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
            Action::NextMessage | Action::PrevMessage => self.step_message(action),
            Action::ToggleFold => self.toggle_fold(),
            Action::Headers
            | Action::RawSource
            | Action::OpenLink
            | Action::CopyKey
            | Action::CopyMessageId => return self.message_action(action),
            Action::Close | Action::Reopen => return self.close_or_reopen(action),
        }
        None
    }

    /// Back: out of the issue view to the list; in the list, the filter
    /// goes first, then the search under it.
    fn back(&mut self) {
        if self.screen == Screen::List {
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

    /// A reply or an escalation of the issue in hand, or a new request.
    fn draft(&mut self, action: Action) -> Option<Command> {
        let kind = match action {
            Action::NewRequest => return Some(Command::Draft(DraftKind::NewRequest, None)),
            Action::Reply => DraftKind::Reply,
            _ => DraftKind::Escalate,
        };
        match self.current_id() {
            Some(id) if kind == DraftKind::Reply || !id.is_unfiled() => {
                return Some(Command::Draft(kind, Some(id)));
            }
            _ => self.set_error("select an issue first".into()),
        }
        None
    }

    /// `v` opens the attachments pane at its first row, Tab at the row Tab
    /// last left.
    fn open_pane(&mut self, action: Action) {
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

    /// The filter (list only), the search prompt or the command line.
    fn start_typing(&mut self, action: Action) {
        match action {
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
            _ => {
                self.completions.clear();
                self.prompt = Some(Prompt {
                    kind: PromptKind::Command,
                    id: None,
                    text: String::new(),
                });
            }
        }
    }

    /// A team action on the issue in hand: assign and unassign at once, the
    /// others through a prompt. An unfiled request has no number to act on.
    fn team_action(&mut self, action: Action) -> Option<Command> {
        match self.current_id() {
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
        }
        None
    }

    /// J/K in the issue view: to the next or previous message's header.
    fn step_message(&mut self, action: Action) {
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

    /// `z` in the issue view: the desk's auto-replies folded or unfolded,
    /// staying on the same message.
    fn toggle_fold(&mut self) {
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

    /// The keys that act on the current message (headers, source, links,
    /// its id) or copy the issue's key.
    fn message_action(&mut self, action: Action) -> Option<Command> {
        match action {
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
            Action::CopyKey => return self.copy_key(),
            _ => {
                if let Some(m) = self.current_message_view() {
                    return Some(Command::Copy(m.message_id.clone()));
                }
            }
        }
        None
    }

    /// `y`: the issue's key (an unfiled request's short id) to the clipboard.
    fn copy_key(&mut self) -> Option<Command> {
        match self.current_id() {
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
        }
        None
    }

    /// `c` asks before it closes (one key too many should not close an
    /// issue); `o` reopens at once.
    fn close_or_reopen(&mut self, action: Action) -> Option<Command> {
        match self.current_id() {
            Some(id) if !id.is_unfiled() && action == Action::Close => {
                self.confirm_close = Some(id);
            }
            Some(id) if !id.is_unfiled() => {
                return Some(Command::SetState { id, close: false });
            }
            Some(_) => self.set_error("an unfiled request has no issue number to close yet".into()),
            None => self.set_error("select an issue first".into()),
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

    /// The issue an action is about: the one in view, else the selected one.
    pub(super) fn current_id(&self) -> Option<IssueId> {
        match self.screen {
            Screen::Issue => self.detail_id.clone(),
            Screen::List => self.selected_issue(),
        }
    }

    pub(super) fn open(&mut self) -> Option<Command> {
        if self.screen != Screen::List {
            return None;
        }
        let id = self.selected_issue()?;
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
}
