//! Plain-text output of `list`, `show` and `log`. Everything from a mail
//! passes through `text::sanitize` first: a terminal must never receive a
//! control sequence that a sender wrote.

use crate::issues::{Event, IssueDetail, IssueSummary, MessageView, RuleId};
use crate::text::age;
use crate::text::sanitize::sanitize;
use chrono::{DateTime, Local, Utc};
use std::io::{self, Write};

fn local(d: DateTime<Utc>) -> String {
    d.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn marks(flags: &[RuleId]) -> String {
    flags.iter().map(|r| r.mark()).collect()
}

/// The list's attachment column: the count, or blank for none.
fn attachments(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("@{n}")
    }
}

/// The rules flags break, by id: `subject-changed, cc-dropped`.
pub(super) fn rule_names(flags: &[crate::issues::Flag]) -> String {
    let ids: Vec<RuleId> = flags.iter().map(|f| f.rule).collect();
    crate::issues::rules::names(&ids)
}

/// `vsd list` as text: the counts, a table of the filed issues, the
/// unfiled requests under them, and a legend of the flags and marks shown.
pub fn list(
    issues: &[IssueSummary],
    counts: crate::issues::listing::Counts,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (filed, unfiled): (Vec<_>, Vec<_>) = issues.iter().partition(|i| i.key.is_some());
    writeln!(out, "{}", counts.line())?;
    if issues.is_empty() {
        writeln!(
            out,
            "no issues to show (vsd list --all shows resolved and closed ones)"
        )?;
        return Ok(());
    }
    // The team's column only when the team did something here: a store
    // used alone lists as it always did.
    let team = filed.iter().any(|i| has_team_marks(i));
    list_header(team, out)?;
    for i in &filed {
        list_row(i, i.key.as_deref().unwrap_or(""), team, now, out)?;
    }
    if !unfiled.is_empty() {
        writeln!(
            out,
            "\nUnfiled requests (no issue number yet; show, status and draft take the id):"
        )?;
        for i in &unfiled {
            list_row(i, i.short_id.as_deref().unwrap_or("-"), team, now, out)?;
        }
    }
    list_legend(issues, out)
}

/// The list's column heads; ASSIGNED only with the team's column.
fn list_header(team: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "   {:<14} {:<14} {:>4} {:<4} {:>5} {:>4} {:>3}  {:<6} {}TITLE",
        "KEY",
        "STATUS",
        "WAIT",
        "ON",
        "AGE",
        "MSGS",
        "ATT",
        "FLAGS",
        if team {
            format!("{:<14} ", "ASSIGNED")
        } else {
            String::new()
        }
    )
}

/// One issue's row in the list, under `id` (its key, or an unfiled
/// request's short id).
fn list_row(
    i: &IssueSummary,
    id: &str,
    team: bool,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> io::Result<()> {
    use crate::issues::listing::{marks as row_marks, waiting_cell};
    writeln!(
        out,
        "{} {:<14} {:<14} {:>4} {:<4} {:>5} {:>4} {:>3}  {:<6} {}{}",
        row_marks(i),
        sanitize(id),
        i.status.as_str(),
        waiting_cell(i),
        i.waiting_on.map_or("-", |r| match r {
            crate::issues::Role::Team => "us",
            r => r.as_str(),
        }),
        age(now, i.opened_at),
        i.message_count,
        attachments(i.attachments),
        marks(&i.flags),
        if team {
            format!("{:<14} ", team_cell(&i.team))
        } else {
            String::new()
        },
        sanitize(&i.title)
    )
}

/// What the flags' marks in the list mean (those shown only), and the
/// row marks.
fn list_legend(issues: &[IssueSummary], out: &mut dyn Write) -> io::Result<()> {
    let mut legend: Vec<RuleId> = issues
        .iter()
        .flat_map(|i| i.flags.iter().copied())
        .collect();
    legend.sort();
    legend.dedup();
    if !legend.is_empty() {
        let l: Vec<String> = legend
            .iter()
            .map(|r| format!("{} {}", r.mark(), r.as_str()))
            .collect();
        writeln!(out, "\nflags: {}", l.join(", "))?;
    }
    writeln!(
        out,
        "marks: * new mail since you last opened it, ! overdue on the desk, > waiting on us"
    )?;
    Ok(())
}

fn has_team_marks(i: &IssueSummary) -> bool {
    i.team.assignee.is_some() || !i.team.notes.is_empty() || i.team.conflict
}

/// The list's team cell ([`crate::issues::team::TeamView::cell`]), made
/// safe and cut to fit its column; `-` for an issue nobody touched.
fn team_cell(t: &crate::issues::team::TeamView) -> String {
    t.cell().map_or_else(
        || "-".into(),
        |(who, marks)| {
            format!(
                "{}{marks}",
                sanitize(who).chars().take(11).collect::<String>()
            )
        },
    )
}

/// The team's part of `show`: assignee, conflict, links and notes.
fn show_team(t: &crate::issues::team::TeamView, out: &mut dyn Write) -> io::Result<()> {
    if let Some(a) = &t.assignee {
        writeln!(out, "assigned to: {}", sanitize(a))?;
    }
    for c in &t.conflicts {
        writeln!(
            out,
            "conflict: {} (edits that did not see each other; setting it again settles it)",
            sanitize(c)
        )?;
    }
    for l in &t.links {
        writeln!(out, "link: {} {}", l.kind, sanitize(&l.key))?;
    }
    if !t.notes.is_empty() {
        writeln!(out, "\nNotes:")?;
        for n in &t.notes {
            writeln!(out, "  {}  {}", local(n.at), sanitize(&n.author))?;
            for line in n.text.lines() {
                writeln!(out, "  | {}", sanitize(line))?;
            }
        }
    }
    Ok(())
}

/// `vsd show` as text: the issue's head line and standing, the team's
/// part, each message, then the event log.
pub fn show(
    d: &IssueDetail,
    waiting_on: Option<crate::issues::Role>,
    days_waiting: Option<i64>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}  [{}]",
        sanitize(d.key.as_deref().unwrap_or("(unfiled)")),
        sanitize(&d.title),
        d.status.as_str()
    )?;
    match (waiting_on, days_waiting) {
        (Some(w), Some(n)) => writeln!(out, "waiting on the {} for {n} days", w.as_str())?,
        (Some(w), None) => writeln!(out, "waiting on the {}", w.as_str())?,
        _ => {}
    }
    show_team(&d.team, out)?;
    // Numbered across the issue, as `vsd attachment` takes them.
    let mut number = 0usize;
    for m in &d.messages {
        show_message(m, &mut number, out)?;
    }
    if !d.events.is_empty() {
        writeln!(out, "\nEvents:")?;
        log(&d.events, out)?;
    }
    Ok(())
}

/// One message of `show`: who wrote it when, to whom, its flags, its own
/// words and its attachments, numbered on from `number`.
fn show_message(m: &MessageView, number: &mut usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}  {:<5} {}{}",
        local(m.date),
        m.role.as_str(),
        sanitize(&m.from),
        if m.gone {
            "  (gone from the server)"
        } else {
            ""
        }
    )?;
    if !m.to.is_empty() {
        writeln!(out, "  To: {}", sanitize(&m.to.join(", ")))?;
    }
    if !m.cc.is_empty() {
        writeln!(out, "  Cc: {}", sanitize(&m.cc.join(", ")))?;
    }
    writeln!(out, "  Subject: {}", sanitize(&m.subject))?;
    if let Some(size) = m.partial_size {
        writeln!(
            out,
            "  (partial: {}; only the header was downloaded; vsd fetch '{}' downloads it whole)",
            crate::mail::partial::human_size(size),
            sanitize(&m.message_id)
        )?;
    }
    for f in &m.flag_details {
        writeln!(out, "  ! {} — {}", f.rule, sanitize(&f.detail))?;
        writeln!(out, "    {}", f.explanation)?;
        if !f.evidence.is_empty() {
            writeln!(out, "    evidence: {}", sanitize(&f.evidence))?;
        }
    }
    for line in m.new_text.lines() {
        writeln!(out, "  | {}", sanitize(line))?;
    }
    if m.quoted {
        writeln!(out, "  | [quoted history folded]")?;
    }
    for a in &m.attachments {
        *number += 1;
        writeln!(
            out,
            "  @ {number}. {} ({}, {}{})",
            a.shown_name(),
            a.content_type,
            crate::mail::partial::human_size(a.size),
            if a.inline { ", inline" } else { "" }
        )?;
    }
    Ok(())
}

/// `vsd search`: each issue once, where its best hit ranks, with its
/// matching messages under it in rank order.
pub fn search(hits: &[crate::store::SearchHit], out: &mut dyn Write) -> io::Result<()> {
    let mut seen = std::collections::HashSet::new();
    let order: Vec<&str> = hits
        .iter()
        .map(|h| h.id.as_str())
        .filter(|id| seen.insert(*id))
        .collect();
    for id in order {
        let mut of_issue = hits.iter().filter(|h| h.id == id).peekable();
        if let Some(first) = of_issue.peek() {
            writeln!(
                out,
                "{}  {}",
                sanitize(first.key.as_deref().unwrap_or("unfiled")),
                sanitize(&first.title)
            )?;
        }
        for h in of_issue {
            writeln!(
                out,
                "  {}  {}  {}",
                local(h.date),
                sanitize(h.from.as_deref().unwrap_or("-")),
                sanitize(&h.snippet)
            )?;
        }
    }
    Ok(())
}

pub fn log(events: &[Event], out: &mut dyn Write) -> io::Result<()> {
    for e in events {
        log_line(e, out)?;
    }
    Ok(())
}

/// One event of `vsd log`.
pub fn log_line(e: &Event, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}  {:<10} {:<12} {}",
        local(e.at),
        sanitize(e.key.as_deref().unwrap_or("-")),
        e.kind,
        sanitize(&e.detail)
    )
}

pub fn check(
    flags: &[crate::issues::Flag],
    suggested: &[crate::issues::checklist::Item],
    new_text: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    if flags.is_empty() {
        writeln!(out, "no rule broken")?;
    }
    for f in flags {
        writeln!(out, "! {} — {}", f.rule, sanitize(&f.detail))?;
        writeln!(out, "  {}", f.rule.explanation())?;
        if !f.evidence.is_empty() {
            writeln!(out, "  evidence: {}", sanitize(&f.evidence))?;
        }
    }
    for &item in suggested {
        writeln!(out, "? {} — {}", item.id(), advice(item))?;
    }
    writeln!(out, "\nThe message's own text:")?;
    for line in new_text.lines() {
        writeln!(out, "  | {}", sanitize(line))?;
    }
    Ok(())
}

/// What to do about an optional checklist item a request leaves out.
pub fn advice(item: crate::issues::checklist::Item) -> &'static str {
    use crate::issues::checklist::Item;
    match item {
        Item::Screenshots => {
            "no screenshot is attached; the desk asks: \"Please provide screenshots, if possible.\" Attach one with --attach FILE or an \"Attach: PATH\" line"
        }
        _ => "the desk's checklist asks for it",
    }
}

/// `vsd status` without a key: a heading per next step, the longest wait first.
pub fn overview(
    entries: &[crate::issues::standing::TriageEntry],
    out: &mut dyn Write,
) -> io::Result<()> {
    use crate::issues::standing::NextStep;
    if entries.is_empty() {
        return writeln!(out, "nothing is open");
    }
    let mut first = true;
    for step in NextStep::IN_TRIAGE_ORDER {
        let group: Vec<_> = entries.iter().filter(|e| e.next_step == step).collect();
        if group.is_empty() {
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        writeln!(out, "{} ({})", step.as_str(), group.len())?;
        for e in group {
            let waiting = match (e.waiting_on, e.days_waiting) {
                (Some(w), Some(d)) => format!("{d}d on the {}", w.as_str()),
                (Some(w), None) => format!("on the {}", w.as_str()),
                _ => "-".to_string(),
            };
            writeln!(
                out,
                "  {:<14} {:<14} {:<16} {}",
                sanitize(
                    &e.key
                        .clone()
                        .or_else(|| e.id.short_id())
                        .unwrap_or_else(|| "-".into())
                ),
                e.status.as_str(),
                waiting,
                sanitize(&e.title)
            )?;
        }
    }
    Ok(())
}

pub fn standing(s: &crate::issues::standing::Standing, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}  [{}]",
        sanitize(s.key.as_deref().unwrap_or("(unfiled)")),
        s.status.as_str()
    )?;
    match (s.waiting_on, s.days_waiting) {
        (Some(w), Some(d)) => writeln!(out, "waiting on the {} for {d} days", w.as_str())?,
        (Some(w), None) => writeln!(out, "waiting on the {}", w.as_str())?,
        _ => writeln!(out, "waiting on nobody")?,
    }
    writeln!(out, "unanswered team messages: {}", s.unanswered)?;
    if !s.risks.is_empty() {
        writeln!(
            out,
            "may be hidden from the desk by: {}",
            crate::issues::rules::names(&s.risks)
        )?;
    }
    if !s.missing_info.is_empty() {
        writeln!(out, "the request never gave: {}", s.missing_info.join(", "))?;
    }
    writeln!(out, "next step: {}", s.next_step.as_str())?;
    writeln!(out, "  {}", s.advice)?;
    Ok(())
}
