//! The issue list: its header (title, or the search, and the counts per
//! status), the column headings, the rows in columns that give way on a
//! narrow screen, and its footer.

use super::{ATTACHMENT_MARK, draw_footer, is_unfiled, list_areas, list_line_count, put, row_at};
use crate::issues::model::{IssueSummary, Role, Status};
use crate::ui::app::App;
use crate::ui::sanitize::sanitize;
use crate::ui::text;
use crate::ui::theme::{Element as E, Theme};
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The list's columns, as wide as the listed issues need.
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
            if search.hits >= crate::ui::app::SEARCH_LIMIT {
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

/// The list screen: header, column headings, the rows (or what to say when
/// there are none) and the footer.
pub(super) fn draw_list(buf: &mut Buffer, area: Rect, app: &App) {
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
        put(
            buf,
            row_at(body, 0).intersection(body),
            &Line::styled(empty_list_line(app), t.get(E::Muted)),
        );
    } else {
        draw_rows(buf, body, app, &cols);
    }
    draw_list_footer(buf, areas.footer, app);
}

/// What an empty list says: loading, the first sync under way, no match
/// for the search or the filter, or no issues.
fn empty_list_line(app: &App) -> String {
    if !app.loaded {
        "Loading…".to_string()
    } else if app.loaded_issues.is_empty() && app.connection.is_some_and(|c| c.syncing()) {
        // The first sync has not filled the store yet.
        match app.connection {
            Some(crate::ui::Connection::Connecting) => {
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
    }
}

/// The rows in view, with the "Unfiled requests" heading before the first
/// unfiled one and the selected row highlighted.
fn draw_rows(buf: &mut Buffer, body: Rect, app: &App, cols: &Columns) {
    let t = &app.theme;
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

/// The list's footer: the filter being typed, else the hints for a search,
/// the plain list or the filter in force.
fn draw_list_footer(buf: &mut Buffer, footer: Rect, app: &App) {
    if app.typing {
        draw_filter_input(buf, footer, app);
    } else if app.filter.is_empty() && app.search.is_some() {
        draw_footer(
            buf,
            footer,
            app,
            "n/N next/prev match · Enter open · / new search · Esc leaves the search",
        );
    } else if app.filter.is_empty() {
        draw_footer(
            buf,
            footer,
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
        draw_footer(buf, footer, app, &hints);
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
