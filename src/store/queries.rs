//! Reading: the view models of `list`, `show` and `log`.

use super::write::from_ts;
use super::{SqlContext, Store, StoreError};
use crate::issues::rules::RuleId;
use crate::issues::{Event, FlagView, IssueDetail, IssueId, IssueSummary, MessageView, Status};
use rusqlite::{OptionalExtension, params};

/// Look-ups by a key typed in any case. They must use the indexes of
/// migrations/0004 (a 100k-message store has 130k events); the store's
/// tests check their plans, so they live here by name.
pub(super) const ISSUE_BY_KEY: &str =
    "SELECT id FROM issues WHERE id = ?1 OR lower(key) = lower(?1) LIMIT 1";
/// The whole log in time order, read through `events_at` as it is printed.
pub(super) const ALL_EVENTS: &str = "SELECT at, key, kind, detail FROM events ORDER BY at, id";
pub(super) const EVENTS_OF_KEY: &str =
    "SELECT at, key, kind, detail FROM events WHERE lower(key) = lower(?1) ORDER BY at, id";
pub(super) const KEY_IN_LOG: &str =
    "SELECT EXISTS (SELECT 1 FROM events WHERE lower(key) = lower(?1))";

/// A stored JSON array of `{name, email}` as `Name <addr>` strings; a row
/// that does not read (an older store's) shows no one rather than failing.
fn shown_addresses(json: &str) -> Vec<String> {
    super::drafts::addresses(json)
        .iter()
        .map(ToString::to_string)
        .collect()
}

impl Store {
    /// Issues and unfiled requests, newest activity first, unfiled last.
    /// Open ones only unless `all`. Who each waits on and since when come
    /// with it; [`crate::issues::model::annotate`] turns that into days.
    pub fn list(&self, all: bool) -> Result<Vec<IssueSummary>, StoreError> {
        let sql = format!(
            "SELECT i.id, i.key, i.title, i.status, i.opened_at, i.last_activity, i.message_count, i.flags,
                    i.last_desk_at, i.last_team_at, s.seen_at, i.attachment_count
             FROM issues i LEFT JOIN issue_seen s ON s.id = i.id {}
             ORDER BY i.key IS NULL, i.last_activity DESC, i.id",
            if all {
                ""
            } else {
                "WHERE i.status IN ('awaiting-desk', 'awaiting-team', 'unfiled')"
            }
        );
        let mut st = self.conn().prepare_cached(&sql).ctx("list issues")?;
        let rows = st
            .query_map([], |r| {
                let status: Status = r.get(3)?;
                let flags: String = r.get(7)?;
                let id: IssueId = r.get(0)?;
                let last_activity = from_ts(r.get(5)?);
                let desk: Option<i64> = r.get(8)?;
                let team: Option<i64> = r.get(9)?;
                let seen: Option<i64> = r.get(10)?;
                let (waiting_on, since) =
                    crate::issues::model::waiting(status, desk.map(from_ts), team.map(from_ts));
                Ok(IssueSummary {
                    short_id: id.short_id(),
                    id,
                    key: r.get(1)?,
                    title: r.get(2)?,
                    status,
                    opened_at: from_ts(r.get(4)?),
                    last_activity,
                    message_count: r.get::<_, i64>(6)? as usize,
                    // A rule a newer vsd raised is not one this vsd can name.
                    flags: flags.split_whitespace().filter_map(RuleId::parse).collect(),
                    attachments: r.get::<_, i64>(11)? as usize,
                    team: Default::default(),
                    waiting_on,
                    waiting_since: since,
                    days_waiting: None,
                    overdue: false,
                    new_mail: seen.is_none_or(|s| from_ts(s) < last_activity),
                })
            })
            .ctx("list issues")?;
        let mut issues: Vec<IssueSummary> = rows.collect::<Result<_, _>>().ctx("list issues")?;
        let mut views = self.team_state()?.views();
        for i in &mut issues {
            if let Some(v) = views.remove(i.id.as_str()) {
                i.team = v;
            }
        }
        Ok(issues)
    }

    /// Notes that the user opened an issue now: its new-mail mark goes.
    pub fn mark_seen(&self, id: &str, at: chrono::DateTime<chrono::Utc>) -> Result<(), StoreError> {
        // Nothing is noted in a store the user can only read.
        if self.read_only() {
            return Ok(());
        }
        self.conn()
            .execute(
                "INSERT INTO issue_seen (id, seen_at) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)",
                params![id, at.timestamp()],
            )
            .ctx("note that an issue was opened")?;
        Ok(())
    }

    /// Finds an issue's id from what a user typed: a key in any case, or an
    /// `unfiled:` id.
    pub fn resolve_id(&self, wanted: &str) -> Result<IssueId, StoreError> {
        let found: Option<IssueId> = self
            .conn()
            .query_row(ISSUE_BY_KEY, [wanted.trim()], |r| r.get(0))
            .optional()
            .ctx("look up an issue")?;
        if let Some(id) = found {
            return Ok(id);
        }
        // An unfiled request's short id, as `vsd list` prints it.
        let short = wanted.trim().to_ascii_lowercase();
        if short.len() == 7 && short.starts_with('u') {
            let mut st = self
                .conn()
                .prepare_cached("SELECT id FROM issues WHERE key IS NULL")
                .ctx("look up an unfiled request")?;
            let ids = st
                .query_map([], |r| r.get::<_, IssueId>(0))
                .ctx("look up an unfiled request")?;
            for id in ids {
                let id = id.ctx("look up an unfiled request")?;
                if id.short_id().as_deref() == Some(short.as_str()) {
                    return Ok(id);
                }
            }
        }
        Err(StoreError::NoIssue(wanted.to_string()))
    }

    /// One issue in full: messages in date order with their flags, and its events.
    pub fn detail(&self, wanted: &str) -> Result<IssueDetail, StoreError> {
        let id = self.resolve_id(wanted)?;
        let (key, title, status) = self.issue_row(&id)?;
        let messages = self.messages_of(&id)?;
        let events = match &key {
            Some(k) => self.log(Some(k))?,
            None => Vec::new(),
        };
        Ok(IssueDetail {
            key,
            title,
            status,
            messages,
            events,
            team: self.team_state()?.view(id.as_str()),
            standing: None,
        })
    }

    /// An issue's own row: its key, title and status.
    fn issue_row(&self, id: &IssueId) -> Result<(Option<String>, String, Status), StoreError> {
        self.conn()
            .query_row(
                "SELECT key, title, status FROM issues WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ctx("read an issue")
    }

    /// An issue's messages in date order, each with its flags and
    /// attachments.
    fn messages_of(&self, id: &IssueId) -> Result<Vec<MessageView>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT m.id, m.message_id, m.date, m.from_name, m.from_email, a.role, m.subject,
                        m.new_text, m.quoted,
                        EXISTS (SELECT 1 FROM locations l WHERE l.message_rowid = m.id)
                          AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.message_rowid = m.id AND l.gone = 0),
                        m.partial_size, m.to_json, m.cc_json
                 FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.issue_id = ?1 ORDER BY m.date, m.id",
            )
            .ctx("read an issue's messages")?;
        let rows = st
            .query_map([id], |r| {
                let from = match (
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ) {
                    (Some(n), Some(e)) => format!("{n} <{e}>"),
                    (None, Some(e)) => e,
                    _ => "(no sender)".into(),
                };
                let message = MessageView {
                    message_id: r.get(1)?,
                    date: from_ts(r.get(2)?),
                    from,
                    to: shown_addresses(&r.get::<_, String>(11)?),
                    cc: shown_addresses(&r.get::<_, String>(12)?),
                    role: r.get(5)?,
                    subject: r.get(6)?,
                    // Filled below, from queries of their own.
                    flags: Vec::new(),
                    new_text: r.get(7)?,
                    flag_details: Vec::new(),
                    quoted: r.get(8)?,
                    gone: r.get(9)?,
                    partial_size: r.get::<_, Option<i64>>(10)?.map(|n| n as u64),
                    attachments: Vec::new(),
                };
                Ok((r.get::<_, i64>(0)?, message))
            })
            .ctx("read an issue's messages")?;
        let mut messages = Vec::new();
        for row in rows {
            let (rowid, mut message) = row.ctx("read a message")?;
            message.flag_details = self.flags_of(rowid)?;
            message.flags = message.flag_details.iter().map(|f| f.rule).collect();
            message.attachments = self.attachments_of(rowid)?;
            messages.push(message);
        }
        Ok(messages)
    }

    /// One message's flags, with their explanations, by rule id.
    fn flags_of(&self, rowid: i64) -> Result<Vec<FlagView>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT rule, detail, evidence FROM flags WHERE message_rowid = ?1 ORDER BY rule",
            )
            .ctx("read flags")?;
        st.query_map([rowid], |r| {
            let rule: RuleId = r.get(0)?;
            Ok(FlagView {
                rule,
                explanation: rule.explanation(),
                detail: r.get(1)?,
                evidence: r.get(2)?,
            })
        })
        .ctx("read flags")?
        .collect::<Result<_, _>>()
        .ctx("read flags")
    }

    /// The event log, of one issue or of all, oldest first.
    pub fn log(&self, key: Option<&str>) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        self.each_event(key, |e| {
            out.push(e);
            Ok::<_, StoreError>(())
        })?;
        Ok(out)
    }

    /// Hands each event of the log (or of one key's), oldest first, to `f`
    /// as it is read, so that printing the whole log holds one at a time.
    pub fn each_event<E: From<StoreError>>(
        &self,
        key: Option<&str>,
        mut f: impl FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        let map = |r: &rusqlite::Row| -> rusqlite::Result<Event> {
            Ok(Event {
                at: from_ts(r.get(0)?),
                key: r.get(1)?,
                kind: r.get(2)?,
                detail: r.get(3)?,
            })
        };
        let (sql, args): (&str, Vec<&str>) = match key {
            Some(k) => (EVENTS_OF_KEY, vec![k]),
            None => (ALL_EVENTS, vec![]),
        };
        let mut st = self.conn().prepare_cached(sql).ctx("read the event log")?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), map)
            .ctx("read the event log")?;
        for e in rows {
            f(e.ctx("read an event")?)?;
        }
        Ok(())
    }

    /// True when the log knows the key (its mail may be gone from the store).
    pub fn key_in_log(&self, key: &str) -> Result<bool, StoreError> {
        self.conn()
            .query_row(KEY_IN_LOG, [key], |r| r.get(0))
            .ctx("look up the event log")
    }
}

impl Store {
    /// An issue's team messages as (subject, own text, findings), in date order.
    pub fn team_texts(
        &self,
        id: &str,
    ) -> Result<Vec<(String, String, crate::issues::content::Findings)>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT m.subject, m.new_text, m.findings_json
                 FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.issue_id = ?1 AND a.role = 'team' ORDER BY m.date, m.id",
            )
            .ctx("read an issue's team mail")?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .ctx("read an issue's team mail")?;
        let mut out = Vec::new();
        for r in rows {
            let (subject, text, findings) = r.ctx("read an issue's team mail")?;
            out.push((
                subject,
                text,
                serde_json::from_str(&findings).unwrap_or_default(),
            ));
        }
        Ok(out)
    }
}
