//! Colours: which style each part of the screen is drawn in.
//!
//! The defaults use only colours a terminal's own palette keeps readable on
//! a light and on a dark background (no dark grey or yellow for text that
//! matters; secondary text is dimmed, not greyed, so the terminal picks the
//! shade). `[theme]` in the config sets any element (see
//! [`crate::config::THEME_ELEMENTS`]); with `NO_COLOR` set and not empty,
//! every colour goes and only bold, underline, italic and reverse stay.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeStyle;
use crate::issues::model::{Role, Status};

/// A part of the screen with a style of its own; its config name is
/// [`Element::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    /// The first line: the mailbox's or the issue's title.
    Title,
    /// The list's column headings.
    Heading,
    /// An issue's key.
    Key,
    StatusAwaitingDesk,
    StatusAwaitingTeam,
    StatusResolved,
    StatusClosed,
    StatusUnfiled,
    /// A message header from the desk, the team, or someone else.
    Desk,
    Team,
    Other,
    /// A flag and its explanation.
    Flag,
    /// Quoted evidence under a flag.
    Quote,
    /// Secondary text: dates, counts, the folded history.
    Muted,
    /// The message the issue view's keys act on.
    Highlight,
    /// The list's selected row, a pane's selected entry.
    Selected,
    /// The footer's key hints.
    Footer,
    /// An error in the footer.
    Error,
    /// A background job's progress.
    Progress,
    /// Overdue on the desk.
    Overdue,
    /// Attachments and the team's column.
    Attachment,
}

impl Element {
    pub const ALL: [Element; 21] = [
        Element::Title,
        Element::Heading,
        Element::Key,
        Element::StatusAwaitingDesk,
        Element::StatusAwaitingTeam,
        Element::StatusResolved,
        Element::StatusClosed,
        Element::StatusUnfiled,
        Element::Desk,
        Element::Team,
        Element::Other,
        Element::Flag,
        Element::Quote,
        Element::Muted,
        Element::Highlight,
        Element::Selected,
        Element::Footer,
        Element::Error,
        Element::Progress,
        Element::Overdue,
        Element::Attachment,
    ];

    /// The element's key under `[theme]`.
    pub fn name(self) -> &'static str {
        match self {
            Element::Title => "title",
            Element::Heading => "heading",
            Element::Key => "key",
            Element::StatusAwaitingDesk => "status_awaiting_desk",
            Element::StatusAwaitingTeam => "status_awaiting_team",
            Element::StatusResolved => "status_resolved",
            Element::StatusClosed => "status_closed",
            Element::StatusUnfiled => "status_unfiled",
            Element::Desk => "desk",
            Element::Team => "team",
            Element::Other => "other",
            Element::Flag => "flag",
            Element::Quote => "quote",
            Element::Muted => "muted",
            Element::Highlight => "highlight",
            Element::Selected => "selected",
            Element::Footer => "footer",
            Element::Error => "error",
            Element::Progress => "progress",
            Element::Overdue => "overdue",
            Element::Attachment => "attachment",
        }
    }

    /// The shipped style.
    fn default_style(self) -> Style {
        let fg = |c| Style::default().fg(c);
        let m = |m| Style::default().add_modifier(m);
        match self {
            Element::Title | Element::Key => m(Modifier::BOLD),
            Element::Heading => m(Modifier::UNDERLINED),
            Element::StatusAwaitingDesk => fg(Color::Blue),
            Element::StatusAwaitingTeam => fg(Color::Red),
            Element::StatusResolved => fg(Color::Green),
            Element::StatusClosed => m(Modifier::DIM),
            Element::StatusUnfiled => fg(Color::Magenta),
            Element::Desk => fg(Color::Blue),
            Element::Team => fg(Color::Green),
            Element::Other => fg(Color::Magenta),
            Element::Flag => fg(Color::Magenta),
            Element::Quote => m(Modifier::ITALIC),
            Element::Muted | Element::Footer => m(Modifier::DIM),
            Element::Highlight | Element::Selected => m(Modifier::REVERSED),
            Element::Error | Element::Overdue => fg(Color::Red).add_modifier(Modifier::BOLD),
            Element::Progress | Element::Attachment => fg(Color::Cyan),
        }
    }
}

/// The style of every element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    styles: [Style; Element::ALL.len()],
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            styles: Element::ALL.map(Element::default_style),
        }
    }
}

impl Theme {
    /// The defaults with the config's `[theme]` over them, without colours
    /// when `no_color`.
    pub fn new(config: &std::collections::BTreeMap<String, ThemeStyle>, no_color: bool) -> Theme {
        let mut theme = Theme::default();
        for (i, e) in Element::ALL.iter().enumerate() {
            if let Some(s) = config.get(e.name()) {
                theme.styles[i] = style_of(s);
            }
        }
        if no_color {
            theme = theme.without_colour();
        }
        theme
    }

    /// `NO_COLOR` from the environment: set and not empty.
    pub fn no_color_wanted() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// Every colour removed; bold, underline, italic, dim and reverse kept,
    /// so what stood out by colour alone becomes bold.
    pub fn without_colour(mut self) -> Theme {
        for s in &mut self.styles {
            let coloured = s.fg.is_some() || s.bg.is_some();
            let mut plain = Style::default().add_modifier(s.add_modifier);
            if coloured && s.add_modifier.is_empty() {
                plain = plain.add_modifier(Modifier::BOLD);
            }
            *s = plain;
        }
        self
    }

    pub fn get(&self, e: Element) -> Style {
        self.styles[e as usize]
    }

    pub fn status(&self, s: Status) -> Style {
        self.get(match s {
            Status::AwaitingDesk => Element::StatusAwaitingDesk,
            Status::AwaitingTeam => Element::StatusAwaitingTeam,
            Status::Resolved => Element::StatusResolved,
            Status::Closed => Element::StatusClosed,
            Status::Unfiled => Element::StatusUnfiled,
        })
    }

    pub fn role(&self, r: Role) -> Style {
        self.get(match r {
            Role::Desk => Element::Desk,
            Role::Team => Element::Team,
            Role::Other => Element::Other,
        })
    }
}

fn style_of(s: &ThemeStyle) -> Style {
    let mut style = Style::default();
    if let Some(fg) = s.fg {
        style = style.fg(fg);
    }
    if let Some(bg) = s.bg {
        style = style.bg(bg);
    }
    style.add_modifier(s.modifiers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_has_a_name_the_config_knows() {
        for (i, e) in Element::ALL.iter().enumerate() {
            assert_eq!(*e as usize, i, "ALL is in declaration order");
            assert!(
                crate::config::THEME_ELEMENTS.contains(&e.name()),
                "{}",
                e.name()
            );
        }
        assert_eq!(crate::config::THEME_ELEMENTS.len(), Element::ALL.len());
    }

    #[test]
    fn defaults_use_no_dark_grey_or_yellow() {
        let t = Theme::default();
        for e in Element::ALL {
            let s = t.get(e);
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    !matches!(
                        c,
                        Color::DarkGray | Color::Gray | Color::Yellow | Color::LightYellow
                    ),
                    "{}: {c:?}",
                    e.name()
                );
            }
        }
    }

    #[test]
    fn no_color_keeps_only_modifiers() {
        let t = Theme::default().without_colour();
        for e in Element::ALL {
            let s = t.get(e);
            assert_eq!((s.fg, s.bg), (None, None), "{}", e.name());
        }
        assert!(
            t.get(Element::Flag).add_modifier.contains(Modifier::BOLD),
            "a flag still stands out"
        );
        assert!(
            t.get(Element::Selected)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }
}
