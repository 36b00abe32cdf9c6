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
    /// Search every message (a prompt; the list shows the matching issues).
    Search,
    /// The next message that matched the search (the next issue's first
    /// at the end of this one's).
    NextMatch,
    /// The previous message that matched the search.
    PrevMatch,
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
    /// The other pane, where there are two (the issue view and its
    /// attachments).
    NextPane,
    /// The `:` command line.
    CommandLine,
}

/// Every action with its name in `[keys]`, the help and the README: one
/// table, so the three never disagree. Names are stable; add, never rename.
pub const ACTIONS: &[(Action, &str)] = &[
    (Action::Down, "down"),
    (Action::Up, "up"),
    (Action::PageDown, "page_down"),
    (Action::PageUp, "page_up"),
    (Action::Top, "top"),
    (Action::Bottom, "bottom"),
    (Action::Open, "open"),
    (Action::Back, "back"),
    (Action::ToggleAll, "toggle_all"),
    (Action::Help, "help"),
    (Action::Quit, "quit"),
    (Action::Reply, "reply"),
    (Action::Escalate, "escalate"),
    (Action::NewRequest, "new_request"),
    (Action::Close, "close"),
    (Action::Reopen, "reopen"),
    (Action::Filter, "filter"),
    (Action::Search, "search"),
    (Action::NextMatch, "next_match"),
    (Action::PrevMatch, "prev_match"),
    (Action::Attachments, "attachments"),
    (Action::SaveAttachment, "save_attachment"),
    (Action::OpenAttachment, "open_attachment"),
    (Action::AssignMe, "assign_me"),
    (Action::Unassign, "unassign"),
    (Action::AssignTo, "assign_to"),
    (Action::Note, "note"),
    (Action::Link, "link"),
    (Action::Sort, "sort"),
    (Action::ReverseSort, "reverse_sort"),
    (Action::Reload, "reload"),
    (Action::NextPane, "next_pane"),
    (Action::CommandLine, "command"),
    (Action::Headers, "headers"),
    (Action::RawSource, "raw_source"),
    (Action::NextMessage, "next_message"),
    (Action::PrevMessage, "prev_message"),
    (Action::ToggleFold, "toggle_fold"),
    (Action::OpenLink, "open_link"),
    (Action::CopyKey, "copy_key"),
    (Action::CopyMessageId, "copy_message_id"),
];

impl Action {
    /// The action's name in `[keys]`.
    pub fn name(self) -> &'static str {
        ACTIONS
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("?", |(_, n)| n)
    }

    /// The action a `[keys]` name stands for (any case, `-` as `_`).
    pub fn from_name(name: &str) -> Option<Action> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        ACTIONS.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }
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
            Action::Search => "search every message",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
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
            Action::NextPane => "other pane (attachments)",
            Action::CommandLine => "command line (:close, :sort …)",
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
            Action::NextPane => Action::Attachments,
            Action::NextMatch | Action::PrevMatch => Action::Search,
            Action::Escalate | Action::NewRequest => Action::Reply,
            a => a,
        }
    }

    /// The help's words for the row of this action (and its group).
    pub fn help_text(self) -> &'static str {
        match self {
            Action::AssignMe => "assign me/none/to…",
            Action::Note => "add a note / link",
            Action::Sort => "sort / reverse it",
            Action::Down => "next / previous",
            Action::Top => "first / last",
            Action::Close => "close / reopen",
            Action::Search => "search · n/N match",
            Action::Reply => "reply/escalate/new",
            Action::Quit => "quit (q: in list)",
            Action::CommandLine => "command line",
            Action::NextMessage => "next/prev message",
            Action::Headers => "headers / source",
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

    /// A key as `[keys]` writes it: one character (`/`, `G`, `+`), a name
    /// (`Space`, `Enter`, `Esc`, `Tab`, `BackTab`, `Backspace`, `Delete`,
    /// `Insert`, `Up`, `Down`, `Left`, `Right`, `PageUp`, `PageDown`,
    /// `Home`, `End`, `F1`…`F12`), any of them after `C-` (or `Ctrl-`) for
    /// Control. Names in any case.
    pub fn parse(text: &str) -> Result<Key, String> {
        let t = if text == " " { text } else { text.trim() };
        let lower = t.to_ascii_lowercase();
        let (ctrl, rest) = match ["c-", "ctrl-", "ctrl+", "^"]
            .iter()
            .find(|p| lower.starts_with(*p) && t.len() > p.len())
        {
            Some(p) => (true, &t[p.len()..]),
            None => (false, t),
        };
        let bad = || {
            format!(
                "{text:?} is not a key: write one character (\"/\", \"G\"), a name (Space, Enter, Esc, Tab, Backspace, Up, Down, Left, Right, PageUp, PageDown, Home, End, F1 to F12), or C- and one of them (\"C-d\")"
            )
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => match c {
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                // Control and a letter arrives as the small letter.
                c if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                c => KeyCode::Char(c),
            },
            (None, _) => return Err(bad()),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "s-tab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(bad()),
                },
            },
        };
        Ok(Key { code, ctrl })
    }

    /// How the help overlay writes the key: as `[keys]` takes it (arrows
    /// as arrows).
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
            KeyCode::BackTab => "BackTab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Delete".to_string(),
            KeyCode::Insert => "Insert".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("C-{base}") } else { base }
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
    /// The shipped keys. Long for a reason: it is one table, a binding a
    /// row, in the order the help lists them and lookups try them; cut into
    /// functions it would read worse, not better.
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
            (C::Attachments, Key::plain(KeyCode::Tab), A::NextPane),
            (C::Attachments, Key::plain(KeyCode::Left), A::Back),
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
            (C::Any, Key::ch(' '), A::PageDown),
            (C::Any, Key::plain(KeyCode::PageUp), A::PageUp),
            (C::Any, Key::ctrl('u'), A::PageUp),
            (C::Any, Key::ch('g'), A::Top),
            (C::Any, Key::plain(KeyCode::Home), A::Top),
            (C::Any, Key::ch('G'), A::Bottom),
            (C::Any, Key::plain(KeyCode::End), A::Bottom),
            (C::List, Key::plain(KeyCode::Enter), A::Open),
            (C::List, Key::ch('l'), A::Open),
            (C::List, Key::plain(KeyCode::Right), A::Open),
            (C::Issue, Key::plain(KeyCode::Esc), A::Back),
            (C::Issue, Key::ch('q'), A::Back),
            (C::Issue, Key::ch('h'), A::Back),
            (C::Issue, Key::plain(KeyCode::Left), A::Back),
            (C::Issue, Key::ch('v'), A::Attachments),
            (C::Issue, Key::ch('J'), A::NextMessage),
            (C::Issue, Key::ch('K'), A::PrevMessage),
            (C::Issue, Key::ch('H'), A::Headers),
            (C::Issue, Key::ch('X'), A::RawSource),
            (C::Issue, Key::ch('z'), A::ToggleFold),
            (C::Issue, Key::ch('O'), A::OpenLink),
            (C::Any, Key::ch('y'), A::CopyKey),
            (C::Issue, Key::ch('Y'), A::CopyMessageId),
            (C::Issue, Key::plain(KeyCode::Tab), A::NextPane),
            (C::List, Key::ch('a'), A::ToggleAll),
            (C::Any, Key::ch('/'), A::Search),
            (C::Any, Key::ch('n'), A::NextMatch),
            (C::Any, Key::ch('N'), A::PrevMatch),
            (C::List, Key::ch('f'), A::Filter),
            (C::List, Key::ch('s'), A::Sort),
            (C::List, Key::ch('S'), A::ReverseSort),
            (C::Any, Key::ch('R'), A::Reload),
            (C::Any, Key::plain(KeyCode::F(5)), A::Reload),
            (C::List, Key::plain(KeyCode::Esc), A::Back),
            (C::Any, Key::ch('r'), A::Reply),
            (C::Any, Key::ch('e'), A::Escalate),
            (C::Any, Key::ch('w'), A::NewRequest),
            (C::Any, Key::ch('c'), A::Close),
            (C::Any, Key::ch('o'), A::Reopen),
            (C::Any, Key::ch('m'), A::AssignMe),
            (C::Any, Key::ch('M'), A::Unassign),
            (C::Any, Key::ch('A'), A::AssignTo),
            (C::Any, Key::ch('+'), A::Note),
            (C::Any, Key::ch('L'), A::Link),
            (C::Any, Key::ch('?'), A::Help),
            (C::Any, Key::ch(':'), A::CommandLine),
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

/// Why `[keys]` could not be applied, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeymapError {
    pub line: usize,
    pub message: String,
}

impl Context {
    /// Whether a key bound in both contexts would be ambiguous: the same
    /// context, or `Any` beside a view that falls back to it.
    fn overlaps(self, other: Context) -> bool {
        self == other
            || matches!(
                (self, other),
                (Context::Any, Context::List | Context::Issue)
                    | (Context::List | Context::Issue, Context::Any)
            )
    }

    fn describe(self) -> &'static str {
        match self {
            Context::Any => "every view",
            Context::List => "the list",
            Context::Issue => "the issue view",
            Context::Attachments => "the attachments pane",
            Context::Help => "the help",
            Context::Pager => "the headers and source pager",
            Context::Links => "the link chooser",
        }
    }
}

impl Keymap {
    /// The defaults with `[keys]` applied: each action named there gets
    /// the keys given in place of its defaults, in the views its defaults
    /// were in. An unknown action, a key that cannot be read and a key that
    /// two actions would share in one view are errors naming the line.
    pub fn with_config(keys: &crate::config::KeysConfig) -> Result<Keymap, KeymapError> {
        // Each row with the line of `[keys]` that gave it, if one did.
        let mut rows: Vec<(Binding, Option<usize>)> = Keymap::default()
            .bindings
            .into_iter()
            .map(|b| (b, None))
            .collect();
        for b in &keys.bindings {
            let action = Action::from_name(&b.action).ok_or_else(|| KeymapError {
                line: b.line,
                message: format!(
                    "[keys] has no action called {:?}; the actions are {}",
                    b.action,
                    ACTIONS
                        .iter()
                        .map(|(_, n)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
            let parsed: Vec<Key> = b
                .keys
                .iter()
                .map(|k| {
                    Key::parse(k).map_err(|m| KeymapError {
                        line: b.line,
                        message: format!("[keys] {}: {m}", b.action),
                    })
                })
                .collect::<Result<_, _>>()?;
            rebind(&mut rows, action, &parsed, b.line);
        }
        check_clashes(&rows)?;
        Ok(Keymap {
            bindings: rows.into_iter().map(|(b, _)| b).collect(),
        })
    }

    /// The keys bound to an action, as the help writes them.
    pub fn keys_of(&self, action: Action) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.action == action) {
            let l = b.key.label();
            if !out.contains(&l) {
                out.push(l);
            }
        }
        out
    }

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

/// `action` bound to `keys` (from line `line` of `[keys]`) in place of its
/// rows, in the views its defaults were in (every view for an action with
/// none).
fn rebind(rows: &mut Vec<(Binding, Option<usize>)>, action: Action, keys: &[Key], line: usize) {
    let mut contexts: Vec<Context> = Vec::new();
    for (r, _) in rows.iter().filter(|(r, _)| r.action == action) {
        if !contexts.contains(&r.context) {
            contexts.push(r.context);
        }
    }
    if contexts.is_empty() {
        contexts.push(Context::Any);
    }
    // The new rows take the place of the first old one, so the
    // help keeps its order; no row before it is removed.
    let at = rows
        .iter()
        .position(|(r, _)| r.action == action)
        .unwrap_or(rows.len());
    rows.retain(|(r, _)| r.action != action);
    let new: Vec<(Binding, Option<usize>)> = contexts
        .iter()
        .flat_map(|&context| {
            keys.iter().map(move |&key| {
                (
                    Binding {
                        context,
                        key,
                        action,
                    },
                    Some(line),
                )
            })
        })
        .collect();
    rows.splice(at..at, new);
}

/// A key `[keys]` gave that another action has in an overlapping view: an
/// error naming the later line of the two.
fn check_clashes(rows: &[(Binding, Option<usize>)]) -> Result<(), KeymapError> {
    for (mine, line) in rows {
        let Some(line) = *line else { continue };
        let clash = rows.iter().find(|(o, _)| {
            o.key == mine.key && o.action != mine.action && o.context.overlaps(mine.context)
        });
        if let Some((other, other_line)) = clash {
            let (theirs, line) = match other_line {
                Some(l) => (
                    format!("{} (bound here too)", other.action.name()),
                    line.max(*l),
                ),
                None => (format!("{} (its default)", other.action.name()), line),
            };
            return Err(KeymapError {
                line,
                message: format!(
                    "[keys]: {} would be bound to both {} and {theirs} in {}; give {} another key too",
                    mine.key.label(),
                    mine.action.name(),
                    other.context.describe(),
                    other.action.name(),
                ),
            });
        }
    }
    Ok(())
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
    fn every_action_has_one_name_and_it_reads_back() {
        let mut names: Vec<&str> = ACTIONS.iter().map(|(_, n)| *n).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "names are unique");
        for (a, name) in ACTIONS {
            assert_eq!(Action::from_name(name), Some(*a));
            assert_eq!(a.name(), *name);
        }
        // Every action in the default keymap has a name.
        for b in Keymap::default().bindings {
            assert_ne!(b.action.name(), "?", "{:?}", b.action);
        }
        assert_eq!(Action::from_name("Page-Down"), Some(Action::PageDown));
    }

    #[test]
    fn keys_read_as_written() {
        assert_eq!(Key::parse("C-d"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("Ctrl-D"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("Space"), Ok(Key::ch(' ')));
        assert_eq!(Key::parse("enter"), Ok(Key::plain(KeyCode::Enter)));
        assert_eq!(Key::parse("F5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("/"), Ok(Key::ch('/')));
        assert_eq!(Key::parse("G"), Ok(Key::ch('G')));
        assert_eq!(Key::parse("-"), Ok(Key::ch('-')));
        assert_eq!(Key::parse("PageDown"), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("←"), Ok(Key::plain(KeyCode::Left)));
        for bad in ["", "F13", "Ctl-x", "jj", "C-"] {
            assert!(Key::parse(bad).is_err(), "{bad:?}");
        }
        // What the help writes reads back as the same key.
        for b in Keymap::default().bindings {
            assert_eq!(Key::parse(&b.key.label()), Ok(b.key), "{:?}", b.key);
        }
    }

    fn keys(rows: &[(&str, &[&str], usize)]) -> crate::config::KeysConfig {
        crate::config::KeysConfig {
            bindings: rows
                .iter()
                .map(|(a, k, l)| crate::config::KeyBinding {
                    action: a.to_string(),
                    keys: k.iter().map(|s| s.to_string()).collect(),
                    line: *l,
                })
                .collect(),
        }
    }

    #[test]
    fn config_keys_replace_an_actions_defaults_in_its_views() {
        let map = Keymap::with_config(&keys(&[
            ("open", &["o", "Right"], 3),
            ("reopen", &["Q"], 4),
            ("page_down", &["C-f"], 5),
        ]))
        .expect("applies");
        assert_eq!(map.lookup(Context::List, Key::ch('o')), Some(Action::Open));
        assert_eq!(map.lookup(Context::List, Key::plain(KeyCode::Enter)), None);
        assert_eq!(map.lookup(Context::Issue, Key::ch('o')), None);
        assert_eq!(
            map.lookup(Context::Issue, Key::ch('Q')),
            Some(Action::Reopen)
        );
        assert_eq!(
            map.lookup(Context::Issue, Key::ctrl('f')),
            Some(Action::PageDown)
        );
        assert_eq!(map.lookup(Context::Issue, Key::ch(' ')), None);
        assert_eq!(map.keys_of(Action::Open), ["o", "→"]);
        // The pane keeps its own `o`.
        assert_eq!(
            map.lookup(Context::Attachments, Key::ch('o')),
            Some(Action::OpenAttachment)
        );
    }

    #[test]
    fn config_key_errors_name_the_line_and_both_actions() {
        let e = Keymap::with_config(&keys(&[("serach", &["/"], 7)])).expect_err("unknown");
        assert_eq!(e.line, 7);
        assert!(
            e.message.contains("no action called \"serach\""),
            "{}",
            e.message
        );
        assert!(e.message.contains("search"), "{}", e.message);
        let e = Keymap::with_config(&keys(&[("reply", &["C-"], 2)])).expect_err("bad key");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("\"C-\" is not a key"), "{}", e.message);
        // `j` is down's everywhere: reply cannot have it too.
        let e = Keymap::with_config(&keys(&[("reply", &["j"], 9)])).expect_err("twice");
        assert_eq!(e.line, 9);
        assert!(
            e.message
                .contains("j would be bound to both reply and down (its default)"),
            "{}",
            e.message
        );
        // Two lines of the file that give one key to two actions.
        let e = Keymap::with_config(&keys(&[("reply", &["x"], 3), ("escalate", &["x"], 4)]))
            .expect_err("twice in the file");
        assert!(e.message.contains("bound here too"), "{}", e.message);
        // Moving down off `j` frees it for reply.
        let map = Keymap::with_config(&keys(&[("down", &["D"], 3), ("reply", &["j"], 4)]))
            .expect("j is free");
        assert_eq!(map.lookup(Context::List, Key::ch('j')), Some(Action::Reply));
        // A key in the list beside the same key everywhere would be ambiguous.
        assert!(Keymap::with_config(&keys(&[("reply", &["a"], 3)])).is_err());
    }

    #[test]
    fn help_rows_gather_every_key_of_an_action() {
        let rows = Keymap::default().help_rows();
        let down = rows.iter().find(|(_, a)| *a == Action::Down);
        assert_eq!(down.map(|(k, _)| k.as_str()), Some("j ↓ k ↑"));
        let back = rows.iter().find(|(_, a)| *a == Action::Back);
        assert_eq!(back.map(|(k, _)| k.as_str()), Some("Esc q h ←"));
        let assign = rows.iter().find(|(_, a)| *a == Action::AssignMe);
        assert_eq!(assign.map(|(k, _)| k.as_str()), Some("m M A"));
        assert!(
            !rows.iter().any(|(_, a)| *a == Action::Link),
            "with the note"
        );
    }
}
