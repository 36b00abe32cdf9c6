//! The help overlay (`?`): the keys in force, the flag marks, the statuses
//! and the list's columns, in two columns where they fit and scrolled where
//! they do not.

use super::{ATTACHMENT_MARK, put, row_at};
use crate::issues::RuleId;
use crate::issues::model::Status;
use crate::ui::app::App;
use crate::ui::text;
use crate::ui::theme::Element as E;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// Width of the keys in the help's key column ("PgDn C-d Space").
const HELP_LABEL_WIDTH: usize = 14;

/// Width of the help's key column when the help has two.
const HELP_KEYS_WIDTH: usize = 33;

fn help_lines(app: &App, col: usize, right_col: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let t = &app.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut keys = vec![Line::styled("Keys", bold)];
    for (label, action) in app.keymap.help_rows() {
        keys.push(Line::raw(text::truncate(
            &format!(
                "{} {}",
                text::fit(&label, HELP_LABEL_WIDTH),
                action.help_text()
            ),
            col,
        )));
    }
    let mut marks = vec![Line::styled("Flag marks (list)", bold)];
    for rule in RuleId::ALL {
        marks.push(Line::from(vec![
            Span::styled(format!("{} ", rule.mark()), t.get(E::Flag)),
            Span::raw(text::truncate(
                &format!("{:<18}{}", rule.as_str(), rule.legend()),
                right_col.saturating_sub(2),
            )),
        ]));
    }
    // In place of a blank line: the help fits an 80×24 terminal whole.
    marks.push(Line::from(vec![
        Span::styled(format!("{ATTACHMENT_MARK} "), t.get(E::Flag)),
        Span::raw(text::truncate(
            &format!("{:<18}{}", "(attachments)", "holds files (v)"),
            right_col.saturating_sub(2),
        )),
    ]));
    marks.push(Line::styled("Status", bold));
    for s in [
        Status::AwaitingDesk,
        Status::AwaitingTeam,
        Status::Resolved,
        Status::Closed,
        Status::Unfiled,
    ] {
        let what = match s {
            Status::AwaitingDesk => "the desk has to answer",
            Status::AwaitingTeam => "desk answered: your turn",
            Status::Resolved => "desk marked it resolved",
            Status::Closed => "closed here",
            Status::Unfiled => "no issue number yet",
        };
        marks.push(Line::from(vec![
            Span::styled(format!("{:<15}", s.as_str()), t.status(s)),
            Span::raw(text::truncate(what, right_col.saturating_sub(15))),
        ]));
    }
    // Under the statuses, where the keys' column has run out: the help fits
    // an 80×24 terminal whole.
    marks.push(Line::styled("Columns (list)", bold));
    for (name, what) in [
        ("age", "since the issue opened"),
        ("last", "since its last message"),
        ("msgs", "messages in the thread"),
    ] {
        marks.push(Line::raw(text::truncate(
            &format!("{:<15}{what}", name),
            right_col,
        )));
    }
    (keys, marks)
}

/// The help overlay's box on a screen of `area`.
fn help_rect(area: Rect) -> Rect {
    let w = area.width.min(78);
    // A row free above and below where there is room, as tall as it needs.
    let h = area.height.saturating_sub(2).clamp(area.height.min(3), 40);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help's text area, its column widths and whether it has two columns.
fn help_layout(area: Rect) -> (Rect, usize, usize, bool) {
    let inner = Block::default()
        .borders(Borders::ALL)
        .inner(help_rect(area));
    // Two columns (keys | marks and statuses) when both fit, else one.
    let two = inner.width >= 70;
    let (col, right_col) = if two {
        (HELP_KEYS_WIDTH, inner.width as usize - HELP_KEYS_WIDTH - 2)
    } else {
        (inner.width as usize, inner.width as usize)
    };
    (inner, col, right_col, two)
}

/// Lines of the help as laid out on a screen of `area`.
fn help_len(app: &App, area: Rect) -> usize {
    let (_, col, right_col, two) = help_layout(area);
    let (keys, marks) = help_lines(app, col, right_col);
    if two {
        keys.len().max(marks.len())
    } else {
        keys.len() + 1 + marks.len()
    }
}

/// How far the help can scroll on a screen of `area`: 0 when it fits.
pub fn help_max_scroll(app: &App, area: Rect) -> usize {
    help_len(app, area).saturating_sub(help_page(area))
}

/// Lines of the help shown at once.
pub fn help_page(area: Rect) -> usize {
    help_layout(area).0.height as usize
}

pub(super) fn draw_help(buf: &mut Buffer, area: Rect, app: &App) {
    let rect = help_rect(area);
    Clear.render(rect, buf);
    let max = help_max_scroll(app, area);
    let offset = app.help_scroll.min(max);
    let title = if max == 0 {
        " Help · Esc closes ".to_string()
    } else {
        // Where the reader is, and that there is more.
        format!(
            " Help · {}{} j/k scroll · Esc closes ",
            if offset > 0 { "↑" } else { "" },
            if offset < max { "↓" } else { "" },
        )
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let (inner, col, right_col, two) = help_layout(area);
    block.render(rect, buf);
    let (keys, marks) = help_lines(app, col, right_col);
    if two {
        let left = Rect::new(inner.x + 1, inner.y, col as u16, inner.height);
        let right = Rect::new(
            inner.x + 1 + col as u16 + 1,
            inner.y,
            right_col as u16,
            inner.height,
        );
        for (i, l) in keys
            .iter()
            .skip(offset)
            .take(left.height as usize)
            .enumerate()
        {
            put(buf, row_at(left, i as u16), l);
        }
        for (i, l) in marks
            .iter()
            .skip(offset)
            .take(right.height as usize)
            .enumerate()
        {
            put(buf, row_at(right, i as u16), l);
        }
    } else {
        let blank = Line::raw("");
        let all = keys.iter().chain(std::iter::once(&blank)).chain(&marks);
        for (i, l) in all.skip(offset).take(inner.height as usize).enumerate() {
            put(buf, row_at(inner, i as u16), l);
        }
    }
}
