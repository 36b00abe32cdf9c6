//! The issue view: its header, the dates under it, the scrolled text with
//! the current message's header marked, and the footer's hints.

use super::{Areas, date, draw_footer, issue_areas, put, row_at};
use crate::issues::model::{IssueDetail, IssueSummary};
use crate::ui::app::App;
use crate::ui::sanitize::sanitize;
use crate::ui::theme::Element as E;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The issue view: the issue's header and dates and its scrolled text once
/// loaded (a loading line before), and the footer's hints.
pub(super) fn draw_issue(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let areas = issue_areas(area);
    let id = app.detail_id.as_deref().unwrap_or("");
    match &app.detail {
        Some(d) => {
            let summary = app.issues.iter().find(|i| i.id == id);
            draw_heading(buf, areas, app, d, summary);
            draw_text(buf, areas.body, app);
        }
        None => {
            put(
                buf,
                areas.header,
                &Line::styled(format!("Loading {}…", sanitize(id)), t.get(E::Muted)),
            );
        }
    }
    draw_footer(buf, areas.footer, app, &hints(app));
}

/// The header (key, status, title) and the line under it: opened, last
/// activity and how many messages, from the list's row when it has one.
fn draw_heading(
    buf: &mut Buffer,
    areas: Areas,
    app: &App,
    d: &IssueDetail,
    summary: Option<&IssueSummary>,
) {
    let t = &app.theme;
    let mut head = Vec::new();
    if let Some(key) = &d.key {
        head.push(Span::styled(format!("{} ", sanitize(key)), t.get(E::Key)));
    }
    head.push(Span::styled(
        format!("{} ", d.status.as_str()),
        t.status(d.status),
    ));
    head.push(Span::raw(sanitize(&d.title).into_owned()));
    put(buf, areas.header, &Line::from(head));
    let first = d.messages.iter().map(|m| m.date).min();
    let last = d.messages.iter().map(|m| m.date).max();
    let opened = summary.map(|s| s.opened_at).or(first);
    let active = summary.map(|s| s.last_activity).or(last);
    let when = |t: Option<DateTime<Utc>>| match t {
        Some(t) => format!("{} ({})", date(t, app.tz), crate::text::age(app.now, t)),
        None => "-".to_string(),
    };
    put(
        buf,
        areas.sub,
        &Line::styled(
            format!(
                "opened {} · last activity {} · {} message{}",
                when(opened),
                when(active),
                d.messages.len(),
                if d.messages.len() == 1 { "" } else { "s" }
            ),
            t.get(E::Muted),
        ),
    );
}

/// The issue's text as scrolled, the current message's header marked.
fn draw_text(buf: &mut Buffer, body: Rect, app: &App) {
    let offset = app
        .scroll
        .min(app.detail_lines.len().saturating_sub(body.height as usize));
    for (i, line) in app
        .detail_lines
        .iter()
        .skip(offset)
        .take(body.height as usize)
        .enumerate()
    {
        put(buf, row_at(body, i as u16), line);
    }
    // The message the message keys act on (J/K, H, X, O, Y): its
    // header stands out.
    if let Some(&at) = app.message_starts.get(app.current_message)
        && at >= offset
        && at < offset + body.height as usize
    {
        let row = row_at(body, (at - offset) as u16);
        buf.set_style(row, app.theme.get(E::Highlight));
    }
}

/// The footer's hints: where the search's matches are, else the keys.
fn hints(app: &App) -> String {
    match app.match_position() {
        Some((c, n)) => format!(
            "match {}/{n} here · n/N next/prev match · j/k scroll · Esc back · ? help",
            c + 1
        ),
        None if app.search.is_some() => {
            "n/N next/prev match · j/k scroll · g/G top/bottom · Esc back · ? help".to_string()
        }
        None if app.attachments().is_empty() => {
            "j/k scroll · J/K message · H headers · O link · Esc back · ? help".to_string()
        }
        None => "j/k scroll · J/K message · v attachments · Esc back · ? help".to_string(),
    }
}
