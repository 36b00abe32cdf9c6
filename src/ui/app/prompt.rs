//! What the user types rather than presses: the one-line prompts (assign
//! to, note, link, search), the `:` command line turned into commands, and
//! the list's filter.

use super::{App, Command, DraftKind, TeamAction};
use crate::issues::model::IssueId;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

impl App {
    /// What Tab offered on the command line, when more than one fits.
    pub fn completions(&self) -> &[String] {
        &self.completions
    }

    /// The prompt being typed, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// A key while a prompt is typed: Enter gives the action, Esc drops it.
    pub(super) fn type_prompt(&mut self, event: KeyEvent) -> Option<Command> {
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
                let (text, offered) = crate::ui::command::complete(&p.text, &keys);
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
                    return match crate::ui::command::parse(&text) {
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
    fn run_line(&mut self, line: crate::ui::command::CommandLine) -> Option<Command> {
        use crate::ui::command::CommandLine as L;
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

    /// A key while the filter is typed: text edits it and the list follows
    /// at once; Enter keeps it, Esc drops it, arrows still move.
    pub(super) fn type_filter(&mut self, event: KeyEvent) -> Option<Command> {
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
    pub(super) fn set_filter(&mut self, filter: String) {
        let keep = self.selected_id().map(str::to_string);
        self.filter = filter;
        self.apply_filter();
        self.selected = keep
            .and_then(|id| self.issues.iter().position(|i| i.id == id))
            .unwrap_or(0);
        self.clamp();
    }

    /// Lists the loaded issues (or the search's) that match the filter.
    pub(super) fn apply_filter(&mut self) {
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
}
