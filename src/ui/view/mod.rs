//! Drawing: the issue list, the issue view and what opens over them.
//!
//! Drawing reads the [`App`] and writes the frame's buffer; it changes no
//! state and does no I/O. Rows are composed by hand and cut with
//! [`text::fit`](super::text::fit) so that columns stay aligned whatever the
//! characters, and every string that came from mail is passed through
//! [`sanitize`](super::sanitize::sanitize) first. What the app needs too
//! (the layout in [`crate::ui::layout`], the issue's text in
//! [`crate::ui::issue_text`], the help's in [`crate::ui::help`]) lives below
//! both, so that the drawing imports the app and never the other way.
//!
//! This file holds [`draw`], which draws the screen in force and then what
//! is open over it. Each screen and overlay has its file: `list`, `issue`,
//! `overlays` (attachments pane, pager, link chooser), `help` and `footer`.

use super::app::{App, Screen};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

mod footer;
mod help;
mod issue;
mod list;
mod overlays;

pub use crate::ui::help::help_page;
use footer::draw_footer;
pub use footer::status_text;
use help::draw_help;
pub use help::help_max_scroll;
use issue::draw_issue;
// What the app and the drawing share lives below both; these paths are
// kept for the view's callers.
pub use crate::ui::issue_text::{
    ATTACHMENT_MARK, IssueText, READABLE_WIDTH, auto_reply, highlight, issue_lines,
};
pub use crate::ui::layout::{
    Areas, attachments_layout, is_unfiled, issue_areas, list_areas, list_index_at, list_line_count,
    list_line_of, pager_body,
};
use list::draw_list;
use overlays::{draw_attachments, draw_links, draw_pager};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    match app.screen {
        Screen::List => draw_list(buf, area, app),
        Screen::Issue => draw_issue(buf, area, app),
    }
    if app.screen == Screen::Issue && app.pane.is_some() {
        draw_attachments(buf, area, app);
    }
    if app.screen == Screen::Issue && app.link_chooser.is_some() {
        draw_links(buf, area, app);
    }
    if app.screen == Screen::Issue && app.pager.is_some() {
        draw_pager(buf, area, app);
    }
    if app.help {
        draw_help(buf, area, app);
    }
}

fn put(buf: &mut Buffer, area: Rect, line: &Line<'_>) {
    if area.width > 0 && area.height > 0 {
        buf.set_line(area.x, area.y, line, area.width);
    }
}

fn row_at(area: Rect, i: u16) -> Rect {
    Rect::new(area.x, area.y + i, area.width, 1)
}
