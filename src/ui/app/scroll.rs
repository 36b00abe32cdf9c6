//! Where things can go on the screen the app was last given: the page
//! length, moving the selection or the scroll, keeping both in range, and
//! the issue view's text wrapped to the width.

use super::{App, Screen};
use crate::ui::keymap::Action;
use crate::ui::{help, issue_text, layout};

/// How far a movement action goes, in lines, on a page of `page` lines;
/// `None` for an action that does not move. The list, the issue view, the
/// help and the pager all move by the same steps.
pub(super) fn step(action: Action, page: usize) -> Option<isize> {
    let page = page.max(1) as isize;
    Some(match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Top => isize::MIN,
        Action::Bottom => isize::MAX,
        _ => return None,
    })
}

impl App {
    /// The terminal's size; layout decisions in `update` (page length, how
    /// far down the view goes) depend on it.
    pub fn resize(&mut self, width: u16, height: u16) {
        let rewrap = width != self.width;
        self.width = width;
        self.height = height;
        self.help_scroll = self.help_scroll.min(help::help_max_scroll(
            &self.keymap,
            &self.theme,
            self.area(),
        ));
        if rewrap {
            self.rewrap();
        }
        self.clamp();
    }

    pub(super) fn page(&self) -> usize {
        let areas = match self.screen {
            Screen::List => layout::list_areas(self.area()),
            Screen::Issue => layout::issue_areas(self.area()),
        };
        (areas.body.height as usize).max(1)
    }

    pub(super) fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.width, self.height)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
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
        let body = layout::issue_areas(self.area()).body.height as usize;
        self.detail_lines.len().saturating_sub(body)
    }

    /// Keeps the selection on a row, the selected row in view and the issue
    /// view's scroll within its text.
    pub(super) fn clamp(&mut self) {
        self.selected = self.selected.min(self.issues.len().saturating_sub(1));
        let body = layout::list_areas(self.area()).body.height as usize;
        let line = layout::list_line_of(&self.issues, self.selected);
        // The first unfiled request brings its heading into view with it.
        let first_unfiled = self
            .issues
            .get(self.selected)
            .is_some_and(layout::is_unfiled)
            && (self.selected == 0 || !layout::is_unfiled(&self.issues[self.selected - 1]));
        let top = if first_unfiled { line - 1 } else { line };
        if top < self.list_offset {
            self.list_offset = top;
        } else if body > 0 && line >= self.list_offset + body {
            self.list_offset = line + 1 - body;
        }
        let total = layout::list_line_count(&self.issues);
        self.list_offset = self.list_offset.min(total.saturating_sub(body.max(1)));
        self.scroll = self.scroll.min(self.max_scroll());
    }

    pub(super) fn rewrap(&mut self) {
        let text = match &self.detail {
            // Text wider than this is hard to read: a wide terminal gets
            // lines of a readable length, not of its width.
            Some(d) => issue_text::issue_lines(
                d,
                self.width.min(issue_text::READABLE_WIDTH),
                self.tz,
                self.fold_auto_replies,
                &self.theme,
            ),
            None => issue_text::IssueText::default(),
        };
        self.detail_lines = match &self.search {
            Some(s) if !s.terms.is_empty() => text
                .lines
                .into_iter()
                .map(|l| {
                    issue_text::highlight(
                        l,
                        &s.terms,
                        self.theme.get(crate::ui::theme::Element::Match),
                    )
                })
                .collect(),
            _ => text.lines,
        };
        self.message_starts = text.message_starts;
    }
}
