//! Where things go on the screen, shared by the app (the page length, which
//! row a click hits, how far a view scrolls) and the drawing: the rows of a
//! screen, the list's display lines with the "Unfiled requests" heading,
//! and the boxes of the attachments pane and the pager. Every size down to
//! zero gets a layout, showing what fits.

use crate::issues::model::{IssueSummary, Status};
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};

/// The parts of a screen. Any of them may be empty on a small terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// Column headings (list) or the issue's dates (issue view).
    pub sub: Rect,
    pub body: Rect,
    pub footer: Rect,
}

/// Header on the first row, footer on the last, the second row for the
/// sub-header once there are five rows, the body in between.
pub fn rows(area: Rect) -> Areas {
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

/// Where the attachments pane goes for `n` attachments with row `sel`
/// selected: its frame, the area of its rows (inside the frame, above the
/// line of keys) and the first row shown, so that the selected one stays
/// in view. None on a screen too small for it. Shared with the app, which
/// maps a click to a row.
pub fn attachments_layout(area: Rect, n: usize, sel: usize) -> Option<(Rect, Rect, usize)> {
    let w = area.width.min(78);
    let h = (n as u16 + 3)
        .min(area.height.saturating_sub(2))
        .max(3)
        .min(area.height);
    if w < 10 || h < 3 {
        return None;
    }
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let inner = Block::default().borders(Borders::ALL).inner(rect);
    let rows = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let offset = sel.saturating_sub((rows.height as usize).saturating_sub(1));
    Some((rect, rows, offset))
}

/// The pager's text area: the whole screen but its first and last rows.
pub fn pager_body(area: Rect) -> Rect {
    let a = rows(area);
    Rect::new(
        a.body.x,
        a.sub.y,
        a.body.width,
        a.body.height + a.sub.height,
    )
}
