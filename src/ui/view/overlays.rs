//! What is drawn over the issue view: the attachments pane, the pager of a
//! message's headers or raw source, and the chooser of its links; with the
//! layouts the app shares to map a click or a page to them.

use super::{put, row_at, rows};
use crate::ui::app::App;
use crate::ui::sanitize::sanitize;
use crate::ui::text;
use crate::ui::theme::Element as E;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

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

/// The attachments pane over the issue view: every attachment of the issue,
/// numbered as `vsd attachment list` numbers them, the selected one
/// highlighted, and its keys on the last line.
pub(super) fn draw_attachments(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let list = app.attachments();
    let sel = app.pane.unwrap_or(0);
    let Some((rect, rows_area, offset)) = attachments_layout(area, list.len(), sel) else {
        return;
    };
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Attachments ({}) ", list.len()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let rows = rows_area.height as usize;
    let width = inner.width as usize;
    for (i, (n, m, a)) in list.iter().enumerate().skip(offset).take(rows) {
        let size = crate::mail::partial::human_size(a.size);
        let right = format!(" {size:>8} {}", text::fit(&sanitize(&m.from), 18));
        let left_w = width.saturating_sub(text::width(&right));
        let left = text::fit(&format!("{n:>2}. {}", sanitize(&a.shown_name())), left_w);
        let row = row_at(inner, (i - offset) as u16);
        let style = if a.hidden_characters {
            t.get(E::Flag)
        } else {
            Style::default()
        };
        put(
            buf,
            row,
            &Line::from(vec![
                Span::styled(left, style),
                Span::styled(right, t.get(E::Muted)),
            ]),
        );
        if i == sel {
            buf.set_style(row, t.get(E::Selected));
        }
    }
    let hint = match list.get(sel) {
        Some((_, _, a)) if a.hidden_characters => format!(
            "{} name held hidden characters · s save · Enter open · Esc",
            crate::mail::filename::HIDDEN_MARK
        ),
        Some((_, _, a)) => format!("{} · s save · Enter open · Esc back", a.content_type),
        None => "Esc back".to_string(),
    };
    put(
        buf,
        row_at(inner, inner.height.saturating_sub(1)),
        &Line::styled(text::truncate(&format!(" {hint}"), width), t.get(E::Muted)),
    );
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

/// A message's headers or raw source over the whole issue view, scrolled;
/// its lines were made safe when the pager was filled.
pub(super) fn draw_pager(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let Some(p) = &app.pager else { return };
    Clear.render(area, buf);
    let a = rows(area);
    let body = pager_body(area);
    put(
        buf,
        a.header,
        &Line::from(vec![
            Span::styled(
                format!("{} ", p.view.title()),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(p.about.clone()),
        ]),
    );
    let width = body.width as usize;
    for (i, l) in p
        .lines
        .iter()
        .skip(p.scroll)
        .take(body.height as usize)
        .enumerate()
    {
        put(
            buf,
            row_at(body, i as u16),
            &Line::raw(text::truncate(l, width)),
        );
    }
    let shown_to = (p.scroll + body.height as usize).min(p.lines.len());
    put(
        buf,
        a.footer,
        &Line::styled(
            format!(
                "lines {}-{} of {} · j/k PgUp/PgDn scroll · Esc back",
                (p.scroll + 1).min(p.lines.len()),
                shown_to,
                p.lines.len()
            ),
            t.get(E::Muted),
        ),
    );
}

/// The chooser of a message's links: numbered, the selected one
/// highlighted.
pub(super) fn draw_links(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let Some(c) = &app.link_chooser else { return };
    let w = area.width.min(90);
    let h = (c.links.len() as u16 + 3).min(area.height);
    if w < 10 || h < 3 {
        return;
    }
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Links ({}) ", c.links.len()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let rows = inner.height.saturating_sub(1) as usize;
    let offset = c.selected.saturating_sub(rows.saturating_sub(1));
    for (i, l) in c.links.iter().enumerate().skip(offset).take(rows) {
        let row = row_at(inner, (i - offset) as u16);
        let shown = format!("{:>2}. {}", i + 1, sanitize(l));
        put(
            buf,
            row,
            &Line::raw(text::truncate(&shown, inner.width as usize)),
        );
        if i == c.selected {
            buf.set_style(row, t.get(E::Selected));
        }
    }
    put(
        buf,
        row_at(inner, inner.height.saturating_sub(1)),
        &Line::styled(" j/k choose · Enter opens · Esc back", t.get(E::Muted)),
    );
}
