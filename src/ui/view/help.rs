//! The help overlay (`?`) drawn: its box over the screen, its title saying
//! where the reader is, and its text ([`crate::ui::help`]) in one or two
//! columns, scrolled.

use super::{put, row_at};
use crate::ui::app::App;
use crate::ui::help::{help_layout, help_lines, help_rect};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// How far the help can scroll on a screen of `area`: 0 when it fits.
pub fn help_max_scroll(app: &App, area: Rect) -> usize {
    crate::ui::help::help_max_scroll(&app.keymap, &app.theme, area)
}

/// The help over whatever is on the screen, scrolled by the app's
/// `help_scroll`.
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
    let (keys, marks) = help_lines(&app.keymap, &app.theme, col, right_col);
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
