//! The last row: a prompt being typed, the close question, the sync's
//! progress, a notice or the screen's hints, and the account with its
//! connection at the right.

use super::put;
use crate::ui::app::App;
use crate::ui::sanitize::sanitize;
use crate::ui::text;
use crate::ui::theme::Element as E;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub(super) fn draw_footer(buf: &mut Buffer, area: Rect, app: &App, hints: &str) {
    let t = &app.theme;
    let mut spans = Vec::new();
    if let Some(p) = &app.prompt {
        spans.push(Span::styled(
            p.kind.label().to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!("{}▏", sanitize(&p.text))));
        if app.completions.is_empty() {
            spans.push(Span::styled(p.kind.hint(), t.get(E::Muted)));
        } else {
            spans.push(Span::styled(
                format!("  {}", sanitize(&app.completions.join(" "))),
                t.get(E::Muted),
            ));
        }
        put(buf, area, &Line::from(spans));
        return;
    }
    if let Some(id) = &app.confirm_close {
        put(
            buf,
            area,
            &Line::styled(
                format!("Close {}? y/n", sanitize(id)),
                Style::default().add_modifier(Modifier::BOLD),
            ),
        );
        return;
    }
    if let Some(p) = &app.progress {
        spans.push(Span::styled(
            format!("{}  ", sanitize(&p.describe())),
            t.get(E::Progress),
        ));
    }
    match &app.notice {
        Some(n) if n.error => spans.push(Span::styled(
            sanitize(&n.text).into_owned(),
            t.get(E::Error),
        )),
        Some(n) => spans.push(Span::raw(sanitize(&n.text).into_owned())),
        None => spans.push(Span::styled(hints.to_string(), t.get(E::Footer))),
    }
    // The account and its connection, at the right, when a worker syncs;
    // the hints give way to it, a notice does not.
    let status = status_text(app);
    let line = Line::from(spans);
    let width = area.width as usize;
    let status_w = text::width(&status);
    let room = width.saturating_sub(status_w + 2);
    if status.is_empty() || (app.notice.is_some() && line.width() > room) || room < 10 {
        put(buf, area, &line);
        return;
    }
    put(
        buf,
        Rect::new(area.x, area.y, room as u16, area.height),
        &line,
    );
    let style = match app.connection {
        Some(crate::ui::Connection::Offline { .. }) => t.get(E::Error),
        _ => t.get(E::Progress),
    };
    put(
        buf,
        Rect::new(
            area.x + (width - status_w) as u16,
            area.y,
            status_w as u16,
            area.height,
        ),
        &Line::styled(status, style),
    );
}

/// The status line's account and connection (`team@example.com · idle`),
/// empty when no worker syncs.
pub fn status_text(app: &App) -> String {
    match (&app.account, app.connection) {
        (Some(a), Some(c)) => format!("{} · {}", sanitize(a), c.describe(app.tz)),
        (None, Some(c)) => c.describe(app.tz),
        (Some(a), None) => sanitize(a).into_owned(),
        (None, None) => String::new(),
    }
}
