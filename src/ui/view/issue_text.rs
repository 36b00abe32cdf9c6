//! The issue view's text, composed once a load or a resize rather than once
//! a frame: where it stands, the team's part, each message (header,
//! addresses, flags with their evidence, its own words, attachments), the
//! event log, and the search's highlights on it.

use super::{ATTACHMENT_MARK, date};
use crate::issues::model::{AttachmentView, Event, IssueDetail, MessageView, Role};
use crate::ui::sanitize::sanitize;
use crate::ui::text;
use crate::ui::theme::{Element as E, Theme};
use chrono::FixedOffset;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Lines of a flag's evidence shown; a quoted history can run to pages.
const EVIDENCE_LINES: usize = 6;

/// `s` (one line, already safe) wrapped to `width` with every line indented.
fn wrapped(out: &mut Vec<Line<'static>>, s: &str, width: usize, indent: &str, style: Style) {
    let room = width.saturating_sub(text::width(indent)).max(1);
    for l in text::wrap(s, room) {
        out.push(Line::styled(format!("{indent}{l}"), style));
    }
}

/// A multi-line text from mail, each line made safe and wrapped.
fn wrapped_text(out: &mut Vec<Line<'static>>, s: &str, width: usize, indent: &str, style: Style) {
    for line in s.lines() {
        wrapped(out, &sanitize(line), width, indent, style);
    }
}

/// "Team": the assignee, a conflict, links and notes (author and time),
/// when the team did anything on the issue.
fn team_lines(
    t: &Theme,
    out: &mut Vec<Line<'static>>,
    team: &crate::issues::team::TeamView,
    w: usize,
    tz: FixedOffset,
) {
    if team.assignee.is_none() && team.notes.is_empty() && team.links.is_empty() && !team.conflict {
        return;
    }
    let head = text::truncate("── Team ", w);
    let fill = "─".repeat(w.saturating_sub(text::width(&head)));
    out.push(Line::styled(
        format!("{head}{fill}"),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let who = team.assignee.as_deref().map_or("nobody".into(), sanitize);
    wrapped(out, &format!("assigned to {who}"), w, "", Style::default());
    for c in &team.conflicts {
        wrapped(
            out,
            &format!("* conflict: {} (set it again to settle it)", sanitize(c)),
            w,
            "",
            t.get(E::Flag).add_modifier(Modifier::BOLD),
        );
    }
    for l in &team.links {
        wrapped(
            out,
            &format!("link: {} {}", l.kind, sanitize(&l.key)),
            w,
            "",
            Style::default(),
        );
    }
    for n in &team.notes {
        wrapped(
            out,
            &format!("+ note · {} · {}", date(n.at, tz), sanitize(&n.author)),
            w,
            "",
            t.get(E::Muted),
        );
        for line in n.text.lines() {
            wrapped(out, &sanitize(line), w, "  │ ", Style::default());
        }
    }
    out.push(Line::raw(""));
}

/// "Where it stands": who the issue waits on, what may have hidden the
/// team's mail, and the next step with its guideline.
fn standing_lines(
    t: &Theme,
    out: &mut Vec<Line<'static>>,
    s: &crate::issues::standing::Standing,
    w: usize,
) {
    let head = text::truncate("── Where it stands ", w);
    let fill = "─".repeat(w.saturating_sub(text::width(&head)));
    out.push(Line::styled(
        format!("{head}{fill}"),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let waiting = match (s.waiting_on, s.days_waiting) {
        (Some(r), Some(d)) => format!("waiting on the {} for {d} days", r.as_str()),
        (Some(r), None) => format!("waiting on the {}", r.as_str()),
        (None, _) => "waiting on nobody".to_string(),
    };
    wrapped(
        out,
        &format!("{waiting} · {} unanswered team message(s)", s.unanswered),
        w,
        "",
        Style::default(),
    );
    if !s.risks.is_empty() {
        wrapped(
            out,
            &format!(
                "may be hidden from the desk by: {}",
                crate::issues::rules::names(&s.risks)
            ),
            w,
            "",
            t.get(E::Flag),
        );
    }
    if !s.missing_info.is_empty() {
        wrapped(
            out,
            &format!("the request never gave: {}", s.missing_info.join(", ")),
            w,
            "",
            t.get(E::Flag),
        );
    }
    wrapped(
        out,
        &format!("next step: {}", s.next_step.as_str()),
        w,
        "",
        Style::default().add_modifier(Modifier::BOLD),
    );
    wrapped_text(out, &s.advice, w, "  ", t.get(E::Muted));
    out.push(Line::raw(""));
}

/// The issue view's text wraps at most this wide: longer lines are hard to
/// read on a wide terminal.
pub const READABLE_WIDTH: u16 = 100;

/// The issue view's text, and where each message begins in it.
#[derive(Debug, Default)]
pub struct IssueText {
    pub lines: Vec<Line<'static>>,
    /// The line of each message's header, in message order.
    pub message_starts: Vec<usize>,
}

/// The desk's auto-reply: its first message that carries the issue's key.
/// It says nothing the issue view does not already show, so it folds.
pub fn auto_reply(d: &IssueDetail) -> Option<usize> {
    let key = d.key.as_deref()?.to_lowercase();
    d.messages
        .iter()
        .position(|m| m.role == Role::Desk && m.subject.to_lowercase().contains(&key))
}

/// The issue's text (see [`IssueText`]): where it stands, the team's part,
/// each message (header, flags with their explanation and evidence, its own
/// words, attachments), then the event log, wrapped to `width` columns.
/// With `fold`, the auto-reply is one line.
pub fn issue_lines(
    d: &IssueDetail,
    width: u16,
    tz: FixedOffset,
    fold: bool,
    t: &Theme,
) -> IssueText {
    let w = (width as usize).max(1);
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let folded = auto_reply(d).filter(|_| fold);
    if let Some(s) = &d.standing {
        standing_lines(t, &mut out, s, w);
    }
    team_lines(t, &mut out, &d.team, w, tz);
    // Attachments are numbered across the issue, as the pane and `vsd
    // attachment` number them.
    let mut number = 0usize;
    for (i, m) in d.messages.iter().enumerate() {
        starts.push(out.len());
        let fold_this = folded == Some(i);
        message_head(t, &mut out, m, (i, d.messages.len()), fold_this, w, tz);
        if fold_this {
            // Its attachments still count in the issue's numbering.
            number += m.attachments.len();
            continue;
        }
        message_lines(t, &mut out, m, &mut number, w);
    }
    event_log(t, &mut out, &d.events, w, tz);
    IssueText {
        lines: out,
        message_starts: starts,
    }
}

/// A message's header line, `── n/N · date · role · sender ───`, in its
/// role's colour; `(i, n)` is its place among the issue's messages.
fn message_head(
    t: &Theme,
    out: &mut Vec<Line<'static>>,
    m: &MessageView,
    (i, n): (usize, usize),
    folded: bool,
    w: usize,
    tz: FixedOffset,
) {
    // The fold's mark first, where a narrow screen does not cut it.
    let head = format!(
        "── {}/{}{} · {} · {} · {} ",
        i + 1,
        n,
        if folded {
            " auto-reply, folded (z)"
        } else {
            ""
        },
        date(m.date, tz),
        m.role.as_str(),
        sanitize(&m.from),
    );
    let head = text::truncate(&head, w);
    let fill = "─".repeat(w.saturating_sub(text::width(&head)));
    out.push(Line::styled(
        format!("{head}{fill}"),
        t.role(m.role).add_modifier(Modifier::BOLD),
    ));
}

/// A message under its header: its addresses and subject, its flags, its
/// own words and its attachments (numbered on from `number`).
fn message_lines(
    t: &Theme,
    out: &mut Vec<Line<'static>>,
    m: &MessageView,
    number: &mut usize,
    w: usize,
) {
    message_meta(t, out, m, w);
    flag_lines(t, out, m, w);
    out.push(Line::raw(""));
    wrapped_text(out, m.new_text.trim_end(), w, "", Style::default());
    if m.quoted {
        out.push(Line::styled("[quoted history folded]", t.get(E::Quote)));
    }
    attachment_lines(t, out, &m.attachments, number, w);
    out.push(Line::raw(""));
}

/// To and Cc, a note when the server no longer holds the message, the
/// subject, and how to get a message stored as its header only.
fn message_meta(t: &Theme, out: &mut Vec<Line<'static>>, m: &MessageView, w: usize) {
    for (label, who) in [("To", &m.to), ("Cc", &m.cc)] {
        if !who.is_empty() {
            wrapped(
                out,
                &format!("{label}: {}", sanitize(&who.join(", "))),
                w,
                "",
                t.get(E::Muted),
            );
        }
    }
    if m.gone {
        out.push(Line::styled("(no longer on the server)", t.get(E::Muted)));
    }
    wrapped(
        out,
        &format!("Subject: {}", sanitize(&m.subject)),
        w,
        "",
        t.get(E::Muted),
    );
    if let Some(size) = m.partial_size {
        wrapped(
            out,
            &format!(
                "(partial: {}, only the header downloaded; vsd fetch '{}' gets it whole)",
                crate::mail::partial::human_size(size),
                sanitize(&m.message_id)
            ),
            w,
            "",
            t.get(E::Muted),
        );
    }
}

/// The message's flags: each explained one with its explanation and the
/// first lines of its evidence, then those that came without details.
fn flag_lines(t: &Theme, out: &mut Vec<Line<'static>>, m: &MessageView, w: usize) {
    for f in &m.flag_details {
        wrapped(
            out,
            &format!("⚑ {} {}: {}", f.rule.mark(), f.rule, sanitize(&f.detail)),
            w,
            "",
            t.get(E::Flag).add_modifier(Modifier::BOLD),
        );
        wrapped_text(out, &f.explanation, w, "  ", t.get(E::Flag));
        let evidence: Vec<&str> = f.evidence.lines().collect();
        for line in evidence.iter().take(EVIDENCE_LINES) {
            wrapped(out, &sanitize(line), w, "  │ ", t.get(E::Quote));
        }
        if evidence.len() > EVIDENCE_LINES {
            out.push(Line::styled(
                format!("  │ … {} more lines", evidence.len() - EVIDENCE_LINES),
                t.get(E::Muted),
            ));
        }
    }
    for rule in m
        .flags
        .iter()
        .filter(|r| !m.flag_details.iter().any(|f| f.rule == **r))
    {
        out.push(Line::styled(
            format!("⚑ {} {}", rule.mark(), rule),
            t.get(E::Flag).add_modifier(Modifier::BOLD),
        ));
    }
}

/// A message's attachments, numbered across the issue from `number`.
fn attachment_lines(
    t: &Theme,
    out: &mut Vec<Line<'static>>,
    attachments: &[AttachmentView],
    number: &mut usize,
    w: usize,
) {
    for a in attachments {
        *number += 1;
        wrapped(
            out,
            &format!(
                "{ATTACHMENT_MARK} {number}. {} ({}, {}{})",
                sanitize(&a.shown_name()),
                sanitize(&a.content_type),
                crate::mail::partial::human_size(a.size),
                if a.inline { ", inline" } else { "" }
            ),
            w,
            "",
            t.get(E::Attachment),
        );
    }
}

/// "Event log": one row per event, in columns where the width allows.
fn event_log(t: &Theme, out: &mut Vec<Line<'static>>, events: &[Event], w: usize, tz: FixedOffset) {
    let head = "── Event log ";
    out.push(Line::styled(
        format!(
            "{}{}",
            text::truncate(head, w),
            "─".repeat(w.saturating_sub(text::width(head)))
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    if events.is_empty() {
        out.push(Line::styled("(no events)", t.get(E::Muted)));
    }
    // Columns: the date, the kind as wide as the widest kind shown, and the
    // detail, whose wrapped lines start under its first.
    let kind_w = events
        .iter()
        .map(|e| text::width(e.kind.as_str()))
        .max()
        .unwrap_or(0)
        .clamp(10, 16);
    for e in events {
        let head = format!(
            "{}  {} ",
            date(e.at, tz),
            text::fit(e.kind.as_str(), kind_w)
        );
        let head_w = text::width(&head);
        if head_w + 10 > w {
            // Too narrow for columns: one wrapped line as before.
            wrapped(
                out,
                &format!("{head}{}", sanitize(&e.detail)),
                w,
                "",
                Style::default(),
            );
            continue;
        }
        let detail = sanitize(&e.detail);
        for (n, l) in text::wrap(&detail, w - head_w).into_iter().enumerate() {
            let lead = if n == 0 {
                head.clone()
            } else {
                " ".repeat(head_w)
            };
            out.push(Line::raw(format!("{lead}{l}")));
        }
    }
}

/// `line` (already safe) with what the search's words match, as the index
/// matches them (`crate::text::highlight`), in `style` (the theme's `match`:
/// by default reversed and bold, so that it reads without colour).
pub fn highlight(
    line: Line<'static>,
    needles: &[crate::text::highlight::Needle],
    style: Style,
) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::with_capacity(line.spans.len());
    let mut any = false;
    for span in &line.spans {
        let text = span.content.as_ref();
        let mut last = 0;
        for r in crate::text::highlight::find(text, needles) {
            any = true;
            if last < r.start {
                spans.push(Span::styled(text[last..r.start].to_string(), span.style));
            }
            spans.push(Span::styled(
                text[r.clone()].to_string(),
                span.style.patch(style),
            ));
            last = r.end;
        }
        if last < text.len() {
            spans.push(Span::styled(text[last..].to_string(), span.style));
        }
    }
    if !any {
        return line;
    }
    Line::from(spans).style(line.style)
}
