//! `vsd export`: the issues, or one issue's history, for a weekly report or
//! a spreadsheet: CSV (through the `csv` crate, so quotes, commas and line
//! breaks in titles survive), a Markdown table, or JSON.

use super::{Failure, Paths, listed, no_issue, open_maintained};
use crate::config::Config;
use crate::error::ErrorKind;
use crate::issues::{Event, IssueSummary};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::io::Write;

/// The formats `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Markdown,
    Json,
}

/// One issue of the export.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The key, or an unfiled request's short id.
    pub key: String,
    pub title: String,
    pub status: String,
    pub opened: DateTime<Utc>,
    pub last_activity: DateTime<Utc>,
    /// `desk`, `team`, or empty.
    pub waiting_on: Option<String>,
    pub days_waiting: Option<i64>,
    pub flags: Vec<crate::issues::RuleId>,
    /// Marks: overdue (on the desk past escalate_after_days).
    pub overdue: bool,
    /// Who on the team has it, where someone was assigned.
    pub assignee: Option<String>,
}

impl Row {
    fn of(i: &IssueSummary) -> Row {
        Row {
            key: i
                .key
                .clone()
                .or_else(|| i.short_id.clone())
                .unwrap_or_else(|| i.id.to_string()),
            title: i.title.clone(),
            status: i.status.as_str().to_string(),
            opened: i.opened_at,
            last_activity: i.last_activity,
            waiting_on: i.waiting_on.map(|r| r.as_str().to_string()),
            days_waiting: i.days_waiting,
            flags: i.flags.clone(),
            overdue: i.overdue,
            assignee: i.team.assignee.clone(),
        }
    }
}

const ISSUE_COLUMNS: [&str; 10] = [
    "key",
    "title",
    "status",
    "opened",
    "last_activity",
    "waiting_on",
    "days_waiting",
    "flags",
    "overdue",
    "assignee",
];

impl Row {
    fn cells(&self) -> [String; 10] {
        [
            self.key.clone(),
            self.title.clone(),
            self.status.clone(),
            self.opened.to_rfc3339(),
            self.last_activity.to_rfc3339(),
            self.waiting_on.clone().unwrap_or_default(),
            self.days_waiting.map(|d| d.to_string()).unwrap_or_default(),
            self.flags
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            if self.overdue { "yes" } else { "" }.to_string(),
            self.assignee.clone().unwrap_or_default(),
        ]
    }
}

/// A `--since` date: the start of that day, UTC.
pub fn parse_since(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("{s:?} is no date: give YYYY-MM-DD (or an RFC 3339 time)"))
}

/// `vsd export --format F [--all] [--since DATE] [KEY]`
pub fn export(
    paths: &Paths,
    cfg: &Config,
    format: Format,
    all: bool,
    since: Option<DateTime<Utc>>,
    key: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let store = open_maintained(paths, cfg)?;
    export_from(&store, cfg, format, all, since, key, out)
}

/// [`export`] from a store already open (the TUI's `:export`).
pub fn export_from(
    store: &crate::store::Store,
    cfg: &Config,
    format: Format,
    all: bool,
    since: Option<DateTime<Utc>>,
    key: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    if let Some(k) = key {
        let id = store.resolve_id(k).map_err(no_issue(k))?;
        let detail = store.detail(&id)?;
        let events: Vec<Event> = detail
            .events
            .into_iter()
            .filter(|e| since.is_none_or(|s| e.at >= s))
            .collect();
        write_history(&events, format, &mut out)?;
    } else {
        let issues = listed(store, cfg, all, crate::clock::now())?;
        let rows: Vec<Row> = issues
            .iter()
            .filter(|i| since.is_none_or(|s| i.last_activity >= s))
            .map(Row::of)
            .collect();
        write_issues(&rows, format, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// A CSV writer's error: a failed write as the I/O error it is (a closed
/// pipe then ends vsd quietly), anything else with the csv error as its
/// cause, told in its own words.
fn csv_error(e: csv::Error) -> anyhow::Error {
    if !e.is_io_error() {
        return Failure::because(ErrorKind::Usage, "cannot write the CSV".into(), e).into();
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        // Not reached: is_io_error said it was one.
        _ => Failure::Usage("cannot write the CSV".into()).into(),
    }
}

fn write_issues(rows: &[Row], format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(ISSUE_COLUMNS).map_err(csv_error)?;
            for r in rows {
                w.write_record(r.cells().map(|c| csv_cell(&c)))
                    .map_err(csv_error)?;
            }
            w.flush()?;
        }
        Format::Markdown => {
            table(
                out,
                &ISSUE_COLUMNS,
                rows.iter().map(|r| {
                    let mut c = r.cells();
                    // Days are what a report reads; times would crowd it.
                    c[3] = r.opened.format("%Y-%m-%d").to_string();
                    c[4] = r.last_activity.format("%Y-%m-%d").to_string();
                    c.to_vec()
                }),
            )?;
        }
    }
    Ok(())
}

const HISTORY_COLUMNS: [&str; 4] = ["at", "key", "kind", "detail"];

fn write_history(events: &[Event], format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    let cells = |e: &Event| {
        vec![
            e.at.to_rfc3339(),
            e.key.clone().unwrap_or_default(),
            e.kind.to_string(),
            e.detail.clone(),
        ]
    };
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, events)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(HISTORY_COLUMNS).map_err(csv_error)?;
            for e in events {
                w.write_record(cells(e).iter().map(|c| csv_cell(c)))
                    .map_err(csv_error)?;
            }
            w.flush()?;
        }
        Format::Markdown => {
            table(
                out,
                &HISTORY_COLUMNS,
                events.iter().map(|e| {
                    let mut c = cells(e);
                    c[0] = e.at.format("%Y-%m-%d %H:%M").to_string();
                    c
                }),
            )?;
        }
    }
    Ok(())
}

/// A CSV cell: control characters made visible (the export may go to a
/// terminal), and a cell a spreadsheet would take for a formula (`=`, `+`,
/// `-`, `@` first) led by an apostrophe, as OWASP advises.
fn csv_cell(s: &str) -> String {
    let s = crate::text::sanitize::sanitize(s).into_owned();
    if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s
    }
}

/// A Markdown table. A cell's `|` is escaped and its line breaks become
/// spaces, so that a title from mail cannot break the table; control
/// characters go through the sanitiser, as everywhere text reaches a reader.
fn table(
    out: &mut dyn Write,
    head: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    let cell = |s: &str| {
        crate::text::sanitize::sanitize(&s.replace(['\r', '\n'], " "))
            .replace('\\', "\\\\")
            .replace('|', "\\|")
    };
    writeln!(out, "| {} |", head.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(head.len()))?;
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}
