//! Drawing: the issue list, the issue view and the help overlay.
//!
//! Drawing reads the [`App`] and writes the frame's buffer; it changes no
//! state and does no I/O. Rows are composed by hand and cut with
//! [`text::fit`] so that columns stay aligned whatever the characters, and
//! every string that came from mail is passed through [`sanitize`] first.
//! The layout functions are shared with the app, which needs the page height
//! for scrolling; every size down to zero gets a layout, showing what fits.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::app::{App, Screen};
use super::sanitize::sanitize;
use super::text;
use super::theme::{Element as E, Theme};
use crate::issues::RuleId;
use crate::issues::model::{IssueDetail, IssueSummary, Role, Status};

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
fn draw_attachments(buf: &mut Buffer, area: Rect, app: &App) {
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
fn draw_pager(buf: &mut Buffer, area: Rect, app: &App) {
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
fn draw_links(buf: &mut Buffer, area: Rect, app: &App) {
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

fn put(buf: &mut Buffer, area: Rect, line: &Line<'_>) {
    if area.width > 0 && area.height > 0 {
        buf.set_line(area.x, area.y, line, area.width);
    }
}

fn row_at(area: Rect, i: u16) -> Rect {
    Rect::new(area.x, area.y + i, area.width, 1)
}

fn draw_footer(buf: &mut Buffer, area: Rect, app: &App, hints: &str) {
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
        Some(super::Connection::Offline { .. }) => t.get(E::Error),
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

struct Columns {
    key: usize,
    flags: usize,
    /// The team's column (assignee, `+` notes, `*` conflict): 0, and not
    /// drawn, while the team did nothing on the listed issues.
    team: usize,
    /// The marks column (new mail, overdue, on us): left out on a screen
    /// too narrow for it, where the key matters more.
    marks: bool,
    /// The age, last and msgs columns: left out below [`AGES_MIN_WIDTH`],
    /// where the title needs the room to stay readable.
    ages: bool,
}

/// Below this width the list leaves out the age, last and msgs columns.
const AGES_MIN_WIDTH: u16 = 72;

/// The team cell of a list row, made safe, at most 10 columns of name;
/// empty when the team did nothing on the issue.
fn team_cell(t: &crate::issues::team::TeamView) -> String {
    t.cell().map_or_else(String::new, |(who, marks)| {
        format!("{}{marks}", text::truncate(&sanitize(who), 10))
    })
}

/// Below this width the list leaves out the marks column.
const MARKS_MIN_WIDTH: u16 = 40;

impl Columns {
    fn of(issues: &[IssueSummary], width: u16) -> Columns {
        let key = issues
            .iter()
            .filter_map(|i| i.key.as_deref().or(i.short_id.as_deref()))
            .map(|k| text::width(&sanitize(k)))
            .max()
            .unwrap_or(0)
            .clamp(3, 14);
        let flags = issues
            .iter()
            .map(|i| i.flags.len() + usize::from(i.attachments > 0))
            .max()
            .unwrap_or(0)
            .max(5);
        let team = issues
            .iter()
            .map(|i| text::width(&team_cell(&i.team)))
            .max()
            .unwrap_or(0);
        let team = if team == 0 { 0 } else { team.max(4) };
        Columns {
            key,
            flags,
            team,
            marks: width >= MARKS_MIN_WIDTH,
            ages: width >= AGES_MIN_WIDTH,
        }
    }

    fn heading(
        &self,
        sort: crate::issues::listing::SortKey,
        reverse: bool,
        by_rank: bool,
    ) -> String {
        let order = if by_rank {
            "best match first".to_string()
        } else {
            format!(
                "by {}{}",
                sort.as_str(),
                if reverse { ", reversed" } else { "" }
            )
        };
        let ages = if self.ages {
            format!("{:>4} {:>4} ", "age", "last")
        } else {
            String::new()
        };
        format!(
            "{}{} {} {ages}{:>4} {}{} {}title ({order})",
            if self.marks { "   " } else { "" },
            text::fit("key", self.key),
            text::fit("status", 13),
            "wait",
            if self.ages {
                format!("{:>4} ", "msgs")
            } else {
                String::new()
            },
            text::fit("flags", self.flags),
            if self.team > 0 {
                format!("{} ", text::fit("who", self.team))
            } else {
                String::new()
            },
        )
    }

    /// Columns before the title.
    fn prefix(&self) -> usize {
        usize::from(self.marks) * 3
            + self.key
            + 1
            + 14
            + if self.ages { 20 } else { 5 }
            + self.flags
            + 1
            + if self.team > 0 { self.team + 1 } else { 0 }
    }

    fn row(
        &self,
        t: &Theme,
        issue: &IssueSummary,
        now: DateTime<Utc>,
        width: usize,
    ) -> Line<'static> {
        let key = match (&issue.key, &issue.short_id) {
            (Some(k), _) => text::fit(&sanitize(k), self.key),
            (None, Some(s)) => text::fit(s, self.key),
            (None, None) => text::fit("-", self.key),
        };
        // `@` first: the issue holds attachments (`v` in its view lists them).
        let marks: String = (issue.attachments > 0)
            .then_some(ATTACHMENT_MARK)
            .into_iter()
            .chain(issue.flags.iter().map(|r| r.mark()))
            .collect();
        let row_marks = crate::issues::listing::marks(issue);
        let wait_style = if issue.overdue {
            t.get(E::Overdue)
        } else if issue.waiting_on == Some(Role::Team) {
            t.status(Status::AwaitingTeam)
        } else {
            Style::default()
        };
        Line::from(vec![
            Span::styled(
                if self.marks {
                    format!("{row_marks} ")
                } else {
                    String::new()
                },
                wait_style,
            ),
            Span::styled(format!("{key} "), t.get(E::Key)),
            Span::styled(
                format!("{} ", text::fit(issue.status.as_str(), 13)),
                t.status(issue.status),
            ),
            Span::raw(if self.ages {
                format!(
                    "{:>4} {:>4} ",
                    crate::text::age(now, issue.opened_at),
                    crate::text::age(now, issue.last_activity),
                )
            } else {
                String::new()
            }),
            Span::styled(
                format!("{:>4} ", crate::issues::listing::waiting_cell(issue)),
                wait_style,
            ),
            Span::raw(if self.ages {
                format!("{:>4} ", issue.message_count)
            } else {
                String::new()
            }),
            Span::styled(
                format!("{} ", text::fit(&marks, self.flags)),
                t.get(E::Flag),
            ),
            Span::styled(
                if self.team > 0 {
                    format!("{} ", text::fit(&team_cell(&issue.team), self.team))
                } else {
                    String::new()
                },
                if issue.team.conflict {
                    t.get(E::Flag)
                } else {
                    t.get(E::Attachment)
                },
            ),
            Span::raw(text::truncate(
                &sanitize(&issue.title),
                width.saturating_sub(self.prefix()),
            )),
        ])
    }
}

/// The list's header: the title on the left, counts per status on the
/// right. The counts matter more, so on a narrow screen the title gives way.
fn draw_list_header(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    if area.width == 0 || area.height == 0 {
        return;
    }
    let count = |s: Status| app.issues.iter().filter(|i| i.status == s).count();
    let mut shown = vec![Status::AwaitingDesk, Status::AwaitingTeam, Status::Unfiled];
    if app.show_all {
        shown.extend([Status::Resolved, Status::Closed]);
    }
    // What a team lead asks first: what waits on us (the issues awaiting
    // the team), and which of those awaiting the desk are overdue.
    let counts = crate::issues::listing::counts(&app.issues);
    let mut spans = vec![Span::raw(if app.show_all { "all: " } else { "open: " })];
    for (n, s) in shown.into_iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw(" · "));
        }
        let label = match s {
            Status::AwaitingTeam => "on us".to_string(),
            s => s.as_str().replace('-', " "),
        };
        spans.push(Span::styled(format!("{} {label}", count(s)), t.status(s)));
        if s == Status::AwaitingDesk {
            spans.push(Span::raw(", "));
            spans.push(Span::styled(
                format!("{} overdue", counts.overdue),
                t.get(E::Overdue),
            ));
        }
    }
    let counts = Line::from(spans);
    let width = area.width as usize;
    // Cut counts read as nonsense: when they do not fit, the title alone.
    // A search's line matters more than the counts of its results.
    let search_w = app
        .search
        .as_ref()
        .map_or(0, |s| text::width(&sanitize(&s.text)) + 30);
    let counts_w = if counts.width() + search_w <= width {
        counts.width()
    } else {
        0
    };
    let room = if counts_w > 0 {
        width.saturating_sub(counts_w + 1)
    } else {
        width
    };
    // A title cut to a few letters says nothing; leave the room empty.
    let room = if counts_w > 0 && room < 8 { 0 } else { room };
    let title = match &app.search {
        Some(search) => format!(
            "search: {}  ({}{} hit{} in {} issue{})",
            sanitize(&search.text),
            search.hits,
            // The source gives at most this many.
            if search.hits >= super::app::SEARCH_LIMIT {
                "+"
            } else {
                ""
            },
            if search.hits == 1 { "" } else { "s" },
            search.issues.len(),
            if search.issues.len() == 1 { "" } else { "s" },
        ),
        None => format!("vsd · {}", sanitize(&app.title)),
    };
    let title = text::truncate(&title, room);
    put(buf, area, &Line::styled(title, t.get(E::Title)));
    if counts_w > 0 {
        let x = area.x + (width - counts_w) as u16;
        put(buf, Rect::new(x, area.y, counts_w as u16, 1), &counts);
    }
}

fn draw_list(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let areas = list_areas(area);
    draw_list_header(buf, areas.header, app);
    let cols = Columns::of(&app.issues, area.width);
    put(
        buf,
        areas.sub,
        &Line::styled(
            cols.heading(
                app.sort,
                app.reverse,
                app.search.as_ref().is_some_and(|s| s.by_rank),
            ),
            t.get(E::Heading),
        ),
    );
    let body = areas.body;
    if app.issues.is_empty() {
        let msg = if !app.loaded {
            "Loading…".to_string()
        } else if app.loaded_issues.is_empty() && app.connection.is_some_and(|c| c.syncing()) {
            // The first sync has not filled the store yet.
            match app.connection {
                Some(super::Connection::Connecting) => {
                    "Connecting… the first sync fills the list.".to_string()
                }
                _ => "Syncing… the list fills as mail arrives.".to_string(),
            }
        } else if app.filter.is_empty()
            && let Some(search) = &app.search
        {
            format!(
                "No message matches \"{}\". Esc leaves the search.",
                sanitize(&search.text)
            )
        } else if !app.filter.is_empty() {
            let all = if app.show_all { "" } else { ", a shows all" };
            format!(
                "No issue matches \"{}\". Esc clears the filter{all}.",
                sanitize(&app.filter)
            )
        } else if app.show_all {
            "No issues yet. ? for help.".to_string()
        } else {
            "No open issues. a shows all, ? for help.".to_string()
        };
        put(
            buf,
            row_at(body, 0).intersection(body),
            &Line::styled(msg, t.get(E::Muted)),
        );
    } else {
        // Rows are composed only for the lines in view: a mailbox may
        // hold thousands of issues.
        let slots = app.issues.iter().enumerate().flat_map(|(idx, issue)| {
            let heading = is_unfiled(issue) && (idx == 0 || !is_unfiled(&app.issues[idx - 1]));
            heading.then_some(None).into_iter().chain([Some(idx)])
        });
        let total = list_line_count(&app.issues);
        let offset = app
            .list_offset
            .min(total.saturating_sub(body.height as usize));
        for (i, slot) in slots.skip(offset).take(body.height as usize).enumerate() {
            let row = row_at(body, i as u16);
            match slot {
                None => put(
                    buf,
                    row,
                    &Line::styled(
                        "Unfiled requests",
                        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                    ),
                ),
                Some(idx) => {
                    put(
                        buf,
                        row,
                        &cols.row(t, &app.issues[idx], app.now, body.width as usize),
                    );
                    if idx == app.selected {
                        buf.set_style(row, t.get(E::Selected));
                    }
                }
            }
        }
    }
    if app.typing {
        draw_filter_input(buf, areas.footer, app);
    } else if app.filter.is_empty() && app.search.is_some() {
        draw_footer(
            buf,
            areas.footer,
            app,
            "n/N next/prev match · Enter open · / new search · Esc leaves the search",
        );
    } else if app.filter.is_empty() {
        draw_footer(
            buf,
            areas.footer,
            app,
            "j/k move · Enter open · / search · a all · ? help · q quit",
        );
    } else {
        let hints = format!(
            "filter \"{}\": {} of {} · Esc clears · f edits · Enter open",
            sanitize(&app.filter),
            app.issues.len(),
            app.loaded_issues.len()
        );
        draw_footer(buf, areas.footer, app, &hints);
    }
}

/// The footer while the filter is typed: the text with a cursor, and how
/// many issues match.
fn draw_filter_input(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let line = Line::from(vec![
        Span::styled("filter: ", Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(sanitize(&app.filter).into_owned()),
        Span::styled(" ", Style::default().add_modifier(Modifier::REVERSED)),
        Span::styled(
            format!(
                "  {} of {} · Enter keeps · Esc clears",
                app.issues.len(),
                app.loaded_issues.len()
            ),
            t.get(E::Muted),
        ),
    ]);
    put(buf, area, &line);
}

fn draw_issue(buf: &mut Buffer, area: Rect, app: &App) {
    let t = &app.theme;
    let areas = issue_areas(area);
    let id = app.detail_id.as_deref().unwrap_or("");
    let summary = app.issues.iter().find(|i| i.id == id);
    match &app.detail {
        Some(d) => {
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
            let offset = app.scroll.min(
                app.detail_lines
                    .len()
                    .saturating_sub(areas.body.height as usize),
            );
            for (i, line) in app
                .detail_lines
                .iter()
                .skip(offset)
                .take(areas.body.height as usize)
                .enumerate()
            {
                put(buf, row_at(areas.body, i as u16), line);
            }
            // The message the message keys act on (J/K, H, X, O, Y): its
            // header stands out.
            if let Some(&at) = app.message_starts.get(app.current_message)
                && at >= offset
                && at < offset + areas.body.height as usize
            {
                let row = row_at(areas.body, (at - offset) as u16);
                buf.set_style(row, t.get(E::Highlight));
            }
        }
        None => {
            put(
                buf,
                areas.header,
                &Line::styled(format!("Loading {}…", sanitize(id)), t.get(E::Muted)),
            );
        }
    }
    let hints = match app.match_position() {
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
    };
    draw_footer(buf, areas.footer, app, &hints);
}

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

/// The issue view's scrolled text: each message (header, flags with their
/// explanation and evidence, its own words), then the event log, wrapped to
/// `width` columns.
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

/// The issue's text (see [`IssueText`]); with `fold`, the auto-reply is
/// one line.
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
    let n = d.messages.len();
    // Attachments are numbered across the issue, as the pane and `vsd
    // attachment` number them.
    let mut number = 0usize;
    for (i, m) in d.messages.iter().enumerate() {
        starts.push(out.len());
        let fold_this = folded == Some(i);
        // The fold's mark first, where a narrow screen does not cut it.
        let head = format!(
            "── {}/{}{} · {} · {} · {} ",
            i + 1,
            n,
            if fold_this {
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
        if fold_this {
            // Its attachments still count in the issue's numbering.
            number += m.attachments.len();
            continue;
        }
        for (label, who) in [("To", &m.to), ("Cc", &m.cc)] {
            if !who.is_empty() {
                wrapped(
                    &mut out,
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
            &mut out,
            &format!("Subject: {}", sanitize(&m.subject)),
            w,
            "",
            t.get(E::Muted),
        );
        if let Some(size) = m.partial_size {
            wrapped(
                &mut out,
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
        for f in &m.flag_details {
            wrapped(
                &mut out,
                &format!("⚑ {} {}: {}", f.rule.mark(), f.rule, sanitize(&f.detail)),
                w,
                "",
                t.get(E::Flag).add_modifier(Modifier::BOLD),
            );
            wrapped_text(&mut out, &f.explanation, w, "  ", t.get(E::Flag));
            let evidence: Vec<&str> = f.evidence.lines().collect();
            for line in evidence.iter().take(EVIDENCE_LINES) {
                wrapped(&mut out, &sanitize(line), w, "  │ ", t.get(E::Quote));
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
        out.push(Line::raw(""));
        wrapped_text(&mut out, m.new_text.trim_end(), w, "", Style::default());
        if m.quoted {
            out.push(Line::styled("[quoted history folded]", t.get(E::Quote)));
        }
        for a in &m.attachments {
            number += 1;
            wrapped(
                &mut out,
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
        out.push(Line::raw(""));
    }
    let head = "── Event log ";
    out.push(Line::styled(
        format!(
            "{}{}",
            text::truncate(head, w),
            "─".repeat(w.saturating_sub(text::width(head)))
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    if d.events.is_empty() {
        out.push(Line::styled("(no events)", t.get(E::Muted)));
    }
    // Columns: the date, the kind as wide as the widest kind shown, and the
    // detail, whose wrapped lines start under its first.
    let kind_w = d
        .events
        .iter()
        .map(|e| text::width(e.kind.as_str()))
        .max()
        .unwrap_or(0)
        .clamp(10, 16);
    for e in &d.events {
        let head = format!(
            "{}  {} ",
            date(e.at, tz),
            text::fit(e.kind.as_str(), kind_w)
        );
        let head_w = text::width(&head);
        if head_w + 10 > w {
            // Too narrow for columns: one wrapped line as before.
            wrapped(
                &mut out,
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
    IssueText {
        lines: out,
        message_starts: starts,
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

fn draw_help(buf: &mut Buffer, area: Rect, app: &App) {
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
