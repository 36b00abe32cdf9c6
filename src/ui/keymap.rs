//! Keys as data: which key does what in which view.
//!
//! The app never matches on key codes itself; a key event is looked up here
//! and becomes an [`Action`]. The shipped defaults are [`Keymap::default`], and
//! the help overlay is drawn from the same table, so what `?` lists is what the
//! keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the user asked for, independent of the key that asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Next issue, or scroll down a line.
    Down,
    /// Previous issue, or scroll up a line.
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Open the selected issue.
    Open,
    /// Leave the issue view or the help.
    Back,
    /// Show resolved and closed issues too, or only open ones.
    ToggleAll,
    /// Show or hide the help overlay.
    Help,
    Quit,
    /// Draft a reply to the issue.
    Reply,
    /// Escalate the issue.
    Escalate,
    /// Draft a new request.
    NewRequest,
    /// Close the issue locally.
    Close,
    /// Reopen an issue closed locally (or resolved).
    Reopen,
    /// Type a filter for the list (key, title or status).
    Filter,
    /// Show the issue's attachments (a pane over the issue view).
    Attachments,
    /// Save the attachment selected in the pane.
    SaveAttachment,
    /// Open the attachment selected in the pane.
    OpenAttachment,
    /// Assign the issue to me.
    AssignMe,
    /// Assign the issue to nobody.
    Unassign,
    /// Assign the issue to an address typed in a prompt.
    AssignTo,
    /// Add a note, typed in a one-line prompt.
    Note,
    /// Link the issue to another, whose key is typed in a prompt (`!KEY`:
    /// this one is a duplicate of it).
    Link,
    /// The next sort order of the list.
    Sort,
    /// The list's order reversed.
    ReverseSort,
    /// Load the list again from the store.
    Reload,
    /// Every header of the selected message, in a pager.
    Headers,
    /// The selected message's raw source, in a pager.
    RawSource,
    /// Scroll to the next message of the issue.
    NextMessage,
    /// Scroll to the previous message of the issue.
    PrevMessage,
    /// Fold or unfold the desk's auto-replies.
    ToggleFold,
    /// Open a link of the selected message (a chooser when it has several).
    OpenLink,
    /// Copy the issue's key to the clipboard.
    CopyKey,
    /// Copy the selected message's Message-ID to the clipboard.
    CopyMessageId,
}

impl Action {
    /// The help overlay's words for the action.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Down => "next / scroll down",
            Action::Up => "previous / scroll up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Top => "first / top",
            Action::Bottom => "last / bottom",
            Action::Open => "open the issue",
            Action::Back => "back to the list",
            Action::ToggleAll => "all / open issues",
            Action::Help => "this help",
            Action::Quit => "quit (q in the list)",
            Action::Reply => "draft a reply",
            Action::Escalate => "escalate",
            Action::NewRequest => "draft a new request",
            Action::Close => "close the issue here",
            Action::Reopen => "reopen it",
            Action::Filter => "filter the list",
            Action::Attachments => "attachments pane",
            Action::SaveAttachment => "save the attachment",
            Action::OpenAttachment => "open the attachment",
            Action::AssignMe => "assign it to me",
            Action::Unassign => "assign it to nobody",
            Action::AssignTo => "assign it to… (address)",
            Action::Note => "add a note",
            Action::Link => "link to… (KEY; !KEY: duplicate of)",
            Action::Sort => "next sort order",
            Action::ReverseSort => "reverse the order",
            Action::Reload => "reload the list",
            Action::Headers => "all headers of the message",
            Action::RawSource => "raw source of the message",
            Action::NextMessage => "next message",
            Action::PrevMessage => "previous message",
            Action::ToggleFold => "fold / unfold auto-replies",
            Action::OpenLink => "open a link of the message",
            Action::CopyKey => "copy the key",
            Action::CopyMessageId => "copy the Message-ID",
        }
    }
}

impl Action {
    /// The action whose help row this one shares: related actions take one
    /// row, so that the help fits an 80×24 terminal whole.
    fn help_group(self) -> Action {
        match self {
            Action::Unassign | Action::AssignTo => Action::AssignMe,
            Action::Link => Action::Note,
            Action::ReverseSort => Action::Sort,
            Action::Up => Action::Down,
            Action::Bottom => Action::Top,
            Action::Reopen => Action::Close,
            Action::PrevMessage => Action::NextMessage,
            Action::RawSource => Action::Headers,
            Action::CopyMessageId => Action::CopyKey,
            a => a,
        }
    }

    /// The help's words for the row of this action (and its group).
    pub fn help_text(self) -> &'static str {
        match self {
            Action::AssignMe => "assign me/none/to…",
            Action::Note => "add a note / link",
            Action::Sort => "sort order / reverse it",
            Action::Down => "next / previous",
            Action::Top => "first / last",
            Action::Close => "close here / reopen",
            Action::NextMessage => "next / prev message",
            Action::Headers => "headers / raw source",
            Action::ToggleFold => "fold auto-replies",
            Action::OpenLink => "open a link",
            Action::CopyKey => "copy key / Msg-ID",
            a => a.describe(),
        }
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere, unless the view has its own binding for the key.
    Any,
    List,
    Issue,
    /// The attachments pane over the issue view.
    Attachments,
    Help,
    /// A message's headers or raw source over the issue view.
    Pager,
    /// The chooser of a message's links.
    Links,
}

/// A key with its modifiers (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub fn from_event(event: KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One row of the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
}

/// The table of bindings; earlier rows win over later ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        use Action as A;
        use Context as C;
        let rows: &[(Context, Key, Action)] = &[
            (C::Help, Key::plain(KeyCode::Esc), A::Back),
            (C::Help, Key::ch('q'), A::Back),
            (C::Help, Key::ch('?'), A::Back),
            (C::Help, Key::ctrl('c'), A::Quit),
            // The help scrolls where it does not fit.
            (C::Help, Key::ch('j'), A::Down),
            (C::Help, Key::plain(KeyCode::Down), A::Down),
            (C::Help, Key::ch('k'), A::Up),
            (C::Help, Key::plain(KeyCode::Up), A::Up),
            (C::Help, Key::plain(KeyCode::PageDown), A::PageDown),
            (C::Help, Key::ctrl('d'), A::PageDown),
            (C::Help, Key::plain(KeyCode::PageUp), A::PageUp),
            (C::Help, Key::ctrl('u'), A::PageUp),
            (C::Help, Key::ch('g'), A::Top),
            (C::Help, Key::plain(KeyCode::Home), A::Top),
            (C::Help, Key::ch('G'), A::Bottom),
            (C::Help, Key::plain(KeyCode::End), A::Bottom),
            (C::Attachments, Key::plain(KeyCode::Esc), A::Back),
            (C::Attachments, Key::ch('q'), A::Back),
            (C::Attachments, Key::ch('v'), A::Back),
            (C::Attachments, Key::ch('s'), A::SaveAttachment),
            (
                C::Attachments,
                Key::plain(KeyCode::Enter),
                A::OpenAttachment,
            ),
            (C::Attachments, Key::ch('o'), A::OpenAttachment),
            (C::Attachments, Key::ctrl('c'), A::Quit),
            (C::Pager, Key::plain(KeyCode::Esc), A::Back),
            (C::Pager, Key::ch('q'), A::Back),
            (C::Pager, Key::ch('H'), A::Back),
            (C::Pager, Key::ch('X'), A::Back),
            (C::Links, Key::plain(KeyCode::Esc), A::Back),
            (C::Links, Key::ch('q'), A::Back),
            (C::Links, Key::plain(KeyCode::Enter), A::OpenLink),
            (C::Links, Key::ch('O'), A::OpenLink),
            (C::Links, Key::ctrl('c'), A::Quit),
            (C::Any, Key::ch('j'), A::Down),
            (C::Any, Key::plain(KeyCode::Down), A::Down),
            (C::Any, Key::ch('k'), A::Up),
            (C::Any, Key::plain(KeyCode::Up), A::Up),
            (C::Any, Key::plain(KeyCode::PageDown), A::PageDown),
            (C::Any, Key::ctrl('d'), A::PageDown),
            (C::Any, Key::plain(KeyCode::PageUp), A::PageUp),
            (C::Any, Key::ctrl('u'), A::PageUp),
            (C::Any, Key::ch('g'), A::Top),
            (C::Any, Key::plain(KeyCode::Home), A::Top),
            (C::Any, Key::ch('G'), A::Bottom),
            (C::Any, Key::plain(KeyCode::End), A::Bottom),
            (C::List, Key::plain(KeyCode::Enter), A::Open),
            (C::List, Key::ch('l'), A::Open),
            (C::Issue, Key::plain(KeyCode::Esc), A::Back),
            (C::Issue, Key::ch('q'), A::Back),
            (C::Issue, Key::ch('h'), A::Back),
            (C::Issue, Key::ch('v'), A::Attachments),
            (C::Issue, Key::ch('J'), A::NextMessage),
            (C::Issue, Key::ch('K'), A::PrevMessage),
            (C::Issue, Key::ch('H'), A::Headers),
            (C::Issue, Key::ch('X'), A::RawSource),
            (C::Issue, Key::ch('z'), A::ToggleFold),
            (C::Issue, Key::ch('O'), A::OpenLink),
            (C::Any, Key::ch('y'), A::CopyKey),
            (C::Issue, Key::ch('Y'), A::CopyMessageId),
            (C::List, Key::ch('a'), A::ToggleAll),
            (C::List, Key::ch('/'), A::Filter),
            (C::List, Key::ch('s'), A::Sort),
            (C::List, Key::ch('S'), A::ReverseSort),
            (C::Any, Key::ch('R'), A::Reload),
            (C::Any, Key::plain(KeyCode::F(5)), A::Reload),
            (C::List, Key::plain(KeyCode::Esc), A::Back),
            (C::Any, Key::ch('r'), A::Reply),
            (C::Any, Key::ch('e'), A::Escalate),
            (C::Any, Key::ch('n'), A::NewRequest),
            (C::Any, Key::ch('c'), A::Close),
            (C::Any, Key::ch('o'), A::Reopen),
            (C::Any, Key::ch('m'), A::AssignMe),
            (C::Any, Key::ch('M'), A::Unassign),
            (C::Any, Key::ch('A'), A::AssignTo),
            (C::Any, Key::ch('N'), A::Note),
            (C::Any, Key::ch('L'), A::Link),
            (C::Any, Key::ch('?'), A::Help),
            (C::List, Key::ch('q'), A::Quit),
            (C::Any, Key::ctrl('c'), A::Quit),
        ];
        Keymap {
            bindings: rows
                .iter()
                .map(|&(context, key, action)| Binding {
                    context,
                    key,
                    action,
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The action for a key in a view: the view's own binding first, then a
    /// binding that applies everywhere. The help overlay takes no other keys.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        let find = |ctx: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == ctx && b.key == key)
                .map(|b| b.action)
        };
        match context {
            Context::Help => find(Context::Help),
            // The pane, the pager and the chooser move with the shared keys
            // and take no others: `r` or `c` must not act on the issue
            // behind them.
            Context::Attachments | Context::Pager | Context::Links => find(context).or_else(|| {
                find(Context::Any).filter(|a| {
                    matches!(
                        a,
                        Action::Down
                            | Action::Up
                            | Action::Top
                            | Action::Bottom
                            | Action::Help
                            | Action::Quit
                    ) || (context == Context::Pager
                        && matches!(a, Action::PageDown | Action::PageUp))
                })
            }),
            other => find(other).or_else(|| find(Context::Any)),
        }
    }

    /// The help overlay's rows: each action bound outside the help itself
    /// and the attachments pane (whose footer lists its keys), in table
    /// order, with all its keys.
    pub fn help_rows(&self) -> Vec<(String, Action)> {
        let mut rows: Vec<(Vec<String>, Action)> = Vec::new();
        for b in self.bindings.iter().filter(|b| {
            !matches!(
                b.context,
                Context::Help | Context::Attachments | Context::Pager | Context::Links
            )
        }) {
            let label = b.key.label();
            let action = b.action.help_group();
            match rows.iter_mut().find(|(_, a)| *a == action) {
                // The same key may do the same in two views.
                Some((labels, _)) if labels.contains(&label) => {}
                Some((labels, _)) => labels.push(label),
                None => rows.push((vec![label], action)),
            }
        }
        rows.into_iter()
            .map(|(labels, action)| (labels.join(" "), action))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_quits_the_list_but_leaves_an_issue() {
        let map = Keymap::default();
        assert_eq!(map.lookup(Context::List, Key::ch('q')), Some(Action::Quit));
        assert_eq!(map.lookup(Context::Issue, Key::ch('q')), Some(Action::Back));
        assert_eq!(map.lookup(Context::Help, Key::ch('q')), Some(Action::Back));
    }

    #[test]
    fn shared_keys_fall_back_to_any() {
        let map = Keymap::default();
        assert_eq!(map.lookup(Context::Issue, Key::ch('j')), Some(Action::Down));
        assert_eq!(
            map.lookup(Context::List, Key::plain(KeyCode::Down)),
            Some(Action::Down)
        );
        assert_eq!(
            map.lookup(Context::Issue, Key::ch('G')),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn help_takes_only_its_own_keys() {
        let map = Keymap::default();
        assert_eq!(map.lookup(Context::Help, Key::ch('r')), None);
        assert_eq!(map.lookup(Context::Help, Key::ch('j')), Some(Action::Down));
        assert_eq!(map.lookup(Context::Help, Key::ch('?')), Some(Action::Back));
    }

    #[test]
    fn ctrl_is_part_of_the_key() {
        let map = Keymap::default();
        let ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            map.lookup(Context::Issue, Key::from_event(ev)),
            Some(Action::Quit)
        );
        let plain_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(
            map.lookup(Context::List, Key::from_event(plain_c)),
            Some(Action::Close)
        );
    }

    #[test]
    fn help_rows_gather_every_key_of_an_action() {
        let rows = Keymap::default().help_rows();
        let down = rows.iter().find(|(_, a)| *a == Action::Down);
        assert_eq!(down.map(|(k, _)| k.as_str()), Some("j ↓ k ↑"));
        let back = rows.iter().find(|(_, a)| *a == Action::Back);
        assert_eq!(back.map(|(k, _)| k.as_str()), Some("Esc q h"));
        let assign = rows.iter().find(|(_, a)| *a == Action::AssignMe);
        assert_eq!(assign.map(|(k, _)| k.as_str()), Some("m M A"));
        assert!(
            !rows.iter().any(|(_, a)| *a == Action::Link),
            "with the note"
        );
    }
}
