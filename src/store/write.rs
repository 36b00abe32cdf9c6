//! Writing: new messages (deduplicated by Message-ID), and regrouping, which
//! derives issues, flags and events from the stored messages.

use super::{SqlContext, Store, StoreError};
use crate::issues::EventKind;
use crate::issues::content::{ANALYSIS_VERSION, Content};
use crate::issues::grouping::{ActionKind, LocalAction};
use crate::mail::{Address, Message};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// Where a message is on an IMAP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub folder: String,
    pub uidvalidity: u32,
    pub uid: u32,
    pub flags: Vec<String>,
}

/// A message ready to be stored: parsed (or not), analysed, with its raw bytes.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// The raw mail, packed for storing (see [`super::raw`]).
    pub raw: super::raw::PackedRaw,
    pub message: Message,
    /// Set when the raw bytes could not be parsed; `message` then holds what
    /// little could be said (a synthesized id, the fallback date).
    pub parse_error: Option<String>,
    pub date: DateTime<Utc>,
    pub date_from_header: bool,
    pub content: Content,
    pub location: Option<Location>,
    pub origin: String,
    /// The full size of a message stored as its header and a placeholder
    /// (above `max_message_size`); `None` for a message stored whole.
    pub partial: Option<u64>,
}

/// What adding messages did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddSummary {
    pub new_messages: usize,
    pub duplicates: usize,
    /// (origin, error) of messages stored raw because they could not be parsed.
    pub unparseable: Vec<(String, String)>,
}

fn addrs_json(a: &[Address]) -> String {
    serde_json::to_string(a).unwrap_or_else(|_| "[]".into())
}

/// Records where a message is (folder, UIDVALIDITY, UID → message row,
/// flags), present: a new message's location and one matched back by
/// Message-ID both go through it.
pub(super) const LOCATION_UPSERT: &str =
    "INSERT INTO locations (folder, uidvalidity, uid, message_rowid, flags, gone)
     VALUES (?1, ?2, ?3, ?4, ?5, 0)
     ON CONFLICT (folder, uidvalidity, uid) DO UPDATE SET
        message_rowid = excluded.message_rowid, flags = excluded.flags, gone = 0";

pub(super) fn ts(d: DateTime<Utc>) -> i64 {
    d.timestamp()
}

pub(crate) fn from_ts(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

impl Store {
    /// Adds messages in one transaction. A Message-ID already stored is not
    /// stored again; its new location, if any, is recorded.
    pub fn add_messages(&mut self, batch: &[NewMessage]) -> Result<AddSummary, StoreError> {
        let mut summary = AddSummary::default();
        self.before_write();
        let tx = self.conn_mut().transaction().ctx("begin adding messages")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO messages (message_id, date, date_from_header, subject,
                        from_name, from_email, to_json, cc_json, reply_to_json, in_reply_to, refs,
                        new_text, quoted, quote_evidence, findings_json, parse_error, warnings,
                        analysis_version, partial_size)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                )
                .ctx("prepare the message insert")?;
            let mut find = tx
                .prepare_cached("SELECT id FROM messages WHERE message_id = ?1")
                .ctx("prepare the message lookup")?;
            let mut loc = tx
                .prepare_cached(LOCATION_UPSERT)
                .ctx("prepare the location insert")?;
            for m in batch {
                let msg = &m.message;
                let findings =
                    serde_json::to_string(&m.content.findings).unwrap_or_else(|_| "[]".into());
                let n = insert
                    .execute(params![
                        msg.message_id,
                        ts(m.date),
                        m.date_from_header,
                        msg.subject,
                        msg.from.as_ref().and_then(|a| a.name.clone()),
                        msg.from.as_ref().map(|a| a.email.clone()),
                        addrs_json(&msg.to),
                        addrs_json(&msg.cc),
                        addrs_json(&msg.reply_to),
                        msg.in_reply_to.join(" "),
                        msg.references.join(" "),
                        m.content.new_text,
                        m.content.quoted,
                        m.content.quote_evidence,
                        findings,
                        m.parse_error,
                        msg.warnings.join("\n"),
                        ANALYSIS_VERSION,
                        m.partial.map(|n| n as i64),
                    ])
                    .ctx("store a message")?;
                let rowid = if n == 1 {
                    let id = tx.last_insert_rowid();
                    super::raw::write(&tx, id, &m.raw, false)?;
                    super::attachments::insert(&tx, id, &msg.attachments)?;
                    summary.new_messages += 1;
                    if let Some(e) = &m.parse_error {
                        summary.unparseable.push((m.origin.clone(), e.clone()));
                    }
                    id
                } else {
                    summary.duplicates += 1;
                    find.query_row([&msg.message_id], |r| r.get::<_, i64>(0))
                        .ctx("find a stored message")?
                };
                if let Some(l) = &m.location {
                    loc.execute(params![
                        l.folder,
                        l.uidvalidity,
                        l.uid,
                        rowid,
                        l.flags.join(" ")
                    ])
                    .ctx("store a message's location")?;
                }
            }
        }
        tx.commit().ctx("commit new messages")?;
        self.after_commit();
        Ok(summary)
    }

    /// Records a local action (close or reopen) on an issue, with its event.
    pub fn add_action(
        &mut self,
        key: &str,
        kind: ActionKind,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let exists: Option<String> = self
            .conn()
            .query_row("SELECT key FROM issues WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .ctx("look up an issue")?;
        if exists.is_none() {
            return Err(StoreError::NoIssue(key.to_string()));
        }
        let (action, kind_s, detail) = match kind {
            ActionKind::Close => ("close", EventKind::Closed, "closed locally"),
            ActionKind::Reopen => ("reopen", EventKind::Reopened, "reopened locally"),
        };
        let tx = self.conn_mut().transaction().ctx("begin an action")?;
        tx.execute(
            "INSERT INTO issue_actions (key, at, action) VALUES (?1, ?2, ?3)",
            params![key, ts(at), action],
        )
        .ctx("record an action")?;
        tx.execute(
            "INSERT INTO events (at, key, kind, detail, ref, recorded_at) VALUES (?1, ?2, ?3, ?4, NULL, ?1)",
            params![ts(at), key, kind_s, detail],
        )
        .ctx("log an action")?;
        tx.commit().ctx("commit an action")
    }

    /// Appends an event that is not derived from mail (a draft made or saved,
    /// an escalation).
    pub fn append_event(
        &mut self,
        key: Option<&str>,
        kind: crate::issues::EventKind,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO events (at, key, kind, detail, ref, recorded_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
                params![ts(at), key, kind, detail, ts(Utc::now())],
            )
            .ctx("append an event")?;
        Ok(())
    }

    /// Up to `limit` messages whose content analysis is older than this
    /// vsd's, as (row id, raw bytes). Used to re-analyse without a download.
    pub fn stale_analysis(&self, limit: usize) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT m.id, r.raw, r.encoding FROM messages m JOIN raw_messages r ON r.message_rowid = m.id
                 WHERE m.analysis_version < ?1 LIMIT ?2",
            )
            .ctx("find stale analyses")?;
        let rows = st
            .query_map(params![ANALYSIS_VERSION, limit as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .ctx("find stale analyses")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, bytes, encoding) = row.ctx("find stale analyses")?;
            out.push((id, super::raw::unpack(bytes, &encoding, id)?));
        }
        Ok(out)
    }

    /// Rewrites the In-Reply-To and References of messages read again from
    /// their raw bytes, as (row id, In-Reply-To, References): a newer vsd
    /// reads ids an older one did not (Outlook's conversation id). The
    /// regroup that follows a re-analysis rebuilds the thread components.
    pub fn update_ids(
        &mut self,
        updates: &[(i64, Vec<String>, Vec<String>)],
    ) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn_mut()
            .transaction()
            .ctx("begin updating message ids")?;
        {
            let mut st = tx
                .prepare_cached("UPDATE messages SET in_reply_to = ?2, refs = ?3 WHERE id = ?1")
                .ctx("prepare the message id update")?;
            for (id, in_reply_to, references) in updates {
                st.execute(params![id, in_reply_to.join(" "), references.join(" ")])
                    .ctx("update a message's ids")?;
            }
        }
        tx.commit().ctx("commit updated message ids")?;
        Ok(())
    }

    /// Stores a message's new content analysis.
    pub fn update_analysis(&mut self, updates: &[(i64, Content)]) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction().ctx("begin re-analysis")?;
        {
            let mut st = tx
                .prepare_cached(
                    "UPDATE messages SET new_text = ?2, quoted = ?3, quote_evidence = ?4,
                        findings_json = ?5, analysis_version = ?6 WHERE id = ?1",
                )
                .ctx("prepare the analysis update")?;
            for (id, c) in updates {
                let findings = serde_json::to_string(&c.findings).unwrap_or_else(|_| "[]".into());
                st.execute(params![
                    id,
                    c.new_text,
                    c.quoted,
                    c.quote_evidence,
                    findings,
                    ANALYSIS_VERSION
                ])
                .ctx("update a message's analysis")?;
            }
        }
        tx.commit().ctx("commit re-analysis")?;
        // Flags come from the analysis: every issue is walked again.
        self.forget_grouping_basis()
    }
}

impl Store {
    /// A value of the store's own bookkeeping.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .ctx("read the store's bookkeeping")
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .ctx("write the store's bookkeeping")?;
        Ok(())
    }
}

impl Store {
    /// Moves every message's date by `seconds` (the demo's mailbox keeps its
    /// ages whatever the day it is opened).
    pub fn shift_dates(&mut self, seconds: i64) -> Result<(), StoreError> {
        if seconds == 0 {
            return Ok(());
        }
        self.conn()
            .execute("UPDATE messages SET date = date + ?1", [seconds])
            .ctx("move the demo's dates")?;
        self.forget_grouping_basis()
    }
}

impl Store {
    /// The user's local actions, for grouping outside a full regroup.
    pub fn actions(&self) -> Result<Vec<LocalAction>, StoreError> {
        self.load_actions()
    }

    /// The distinct senders grouping found on neither side (role other),
    /// lower-cased and sorted: each is reported once, with a hint.
    pub fn other_senders(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(OTHER_SENDERS)
            .ctx("read the senders of neither side")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read the senders of neither side")?;
        rows.collect::<Result<_, _>>()
            .ctx("read the senders of neither side")
    }

    /// The desk as grouping inferred it from the whole store, when the
    /// config names none: the sender of the first keyed message and its domain.
    pub fn inferred_desk(
        &self,
        cfg: &crate::config::Config,
    ) -> Result<crate::config::AddressSet, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT DISTINCT m.from_email FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.role = 'desk' AND m.from_email IS NOT NULL",
            )
            .ctx("read the desk's addresses")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read the desk's addresses")?;
        let mut set = crate::config::AddressSet::new(&cfg.desk.addresses);
        for r in rows {
            set.add_exact(&r.ctx("read the desk's addresses")?);
        }
        Ok(set)
    }
}

/// The senders of neither side: read on every `vsd list` through the
/// partial index of the few messages with that role.
pub(super) const OTHER_SENDERS: &str =
    "SELECT DISTINCT lower(m.from_email) FROM assignments a JOIN messages m ON m.id = a.message_rowid
     WHERE a.role = 'other' AND m.from_email IS NOT NULL ORDER BY 1";
