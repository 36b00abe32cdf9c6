//! Drawing: the issue list, the issue view and what opens over them.
//!
//! Drawing reads the [`App`] and writes the frame's buffer; it changes no
//! state and does no I/O. Rows are composed by hand and cut with
//! [`text::fit`](super::text::fit) so that columns stay aligned whatever the
//! characters, and every string that came from mail is passed through
//! [`sanitize`](super::sanitize::sanitize) first. The layout functions are
//! shared with the app, which needs the page height for scrolling; every
//! size down to zero gets a layout, showing what fits.
//!
//! This file holds the screen's rows ([`Areas`]), the list's line
//! arithmetic the app shares and [`draw`], which draws the screen in force
//! and then what is open over it. Each screen and overlay has its file:
//! `list`, `issue` (the view) and `issue_text` (its text, composed once a
//! load rather than once a frame), `overlays` (attachments pane, pager,
//! link chooser), `help` and `footer`.

use super::app::{App, Screen};
use crate::issues::model::{IssueSummary, Status};
use chrono::{DateTime, FixedOffset, Utc};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

mod footer;
mod help;
mod issue;
mod issue_text;
mod list;
mod overlays;

use footer::draw_footer;
pub use footer::status_text;
use help::draw_help;
pub use help::{help_max_scroll, help_page};
use issue::draw_issue;
pub use issue_text::{IssueText, READABLE_WIDTH, auto_reply, highlight, issue_lines};
use list::draw_list;
pub use overlays::{attachments_layout, pager_body};
use overlays::{draw_attachments, draw_links, draw_pager};

/// The parts of a screen. Any of them may be empty on a small terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// Column headings (list) or the issue's dates (issue view).
    pub sub: Rect,
    pub body: Rect,
    pub footer: Rect,
}

/// The list's mark for an issue that holds attachments.
pub const ATTACHMENT_MARK: char = '@';

/// Header on the first row, footer on the last, the second row for the
/// sub-header once there are five rows, the body in between.
fn rows(area: Rect) -> Areas {
    let empty = |y| Rect::new(area.x, y, area.width, 0);
    let row = |y| Rect::new(area.x, y, area.width, 1);
    let h = area.height;
    let header = if h >= 1 { row(area.y) } else { empty(area.y) };
    let footer = if h >= 2 {
        row(area.y + h - 1)
    } else {
        empty(area.y + h)
    };
    let sub_h = u16::from(h >= 5);
    let sub = Rect::new(area.x, area.y + header.height, area.width, sub_h);
    let body_y = area.y + header.height + sub_h;
    let body_h = h.saturating_sub(header.height + sub_h + footer.height);
    Areas {
        header,
        sub,
        body: Rect::new(area.x, body_y, area.width, body_h),
        footer,
    }
}

/// The list: a header, the column headings (when there is room), the rows
/// and a footer.
pub fn list_areas(area: Rect) -> Areas {
    rows(area)
}

/// The issue view: a header, the issue's dates (when there is room), the
/// scrolled text and a footer.
pub fn issue_areas(area: Rect) -> Areas {
    rows(area)
}

/// An unfiled request: no key yet. Listed apart, after the issues.
pub fn is_unfiled(i: &IssueSummary) -> bool {
    i.status == Status::Unfiled || i.key.is_none()
}

/// The display line of row `idx`: rows after the "Unfiled requests" heading
/// are one further down.
pub fn list_line_of(issues: &[IssueSummary], idx: usize) -> usize {
    match issues.get(idx) {
        Some(i) if is_unfiled(i) => idx + 1,
        _ => idx,
    }
}

/// The row of the list drawn on display line `line` (None for the
/// "Unfiled requests" heading and below the last row): the inverse of
/// [`list_line_of`].
pub fn list_index_at(issues: &[IssueSummary], line: usize) -> Option<usize> {
    let heading = issues.iter().position(is_unfiled);
    let idx = match heading {
        Some(h) if line == h => return None,
        Some(h) if line > h => line - 1,
        _ => line,
    };
    (idx < issues.len()).then_some(idx)
}

/// Lines of the list body, headings included.
pub fn list_line_count(issues: &[IssueSummary]) -> usize {
    issues.len() + usize::from(issues.iter().any(is_unfiled))
}

fn date(at: DateTime<Utc>, tz: FixedOffset) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

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
