//! The mouse (`[ui] mouse`): clicks and double-clicks on the list's rows
//! and the attachments pane, the wheel over the list, the issue view, the
//! pane and the pager.

use super::{App, Command, Screen};
use crate::ui::keymap::Action;
use crate::ui::view;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use std::time::{Duration, Instant};

/// Two clicks on one row within this long are a double-click.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Lines the wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

impl App {
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
                self.wheel(event.kind == MouseEventKind::ScrollDown);
                None
            }
            MouseEventKind::Down(MouseButton::Left) if self.pane.is_some() => {
                self.click_pane(event, at)
            }
            MouseEventKind::Down(MouseButton::Left) if self.screen == Screen::List => {
                self.click_list(event, at)
            }
            _ => None,
        }
    }

    /// The wheel: the pane's selection when it is open, else the list's
    /// selection or the issue view's scroll.
    fn wheel(&mut self, down: bool) {
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
    }

    /// Whether a click on `idx` at `at` is the second of a double-click.
    fn double_click(&self, idx: usize, at: Instant) -> bool {
        self.last_click
            .is_some_and(|(row, t)| row == idx && at.duration_since(t) <= DOUBLE_CLICK)
    }

    /// In the attachments pane: a click selects, a double-click opens, as
    /// Enter does.
    fn click_pane(&mut self, event: MouseEvent, at: Instant) -> Option<Command> {
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
        let double = self.double_click(idx, at);
        self.pane = Some(idx);
        if double {
            self.last_click = None;
            return self.pane_update(Action::OpenAttachment, idx);
        }
        self.last_click = Some((idx, at));
        None
    }

    /// In the list: a click selects a row, a double-click opens it.
    fn click_list(&mut self, event: MouseEvent, at: Instant) -> Option<Command> {
        let body = view::list_areas(self.area()).body;
        if event.row < body.y || event.row >= body.y + body.height {
            self.last_click = None;
            return None;
        }
        let line = self.list_offset + usize::from(event.row - body.y);
        let idx = view::list_index_at(&self.issues, line)?;
        let double = self.double_click(idx, at);
        self.selected = idx;
        self.clamp();
        if double {
            self.last_click = None;
            return self.open();
        }
        self.last_click = Some((idx, at));
        None
    }
}
