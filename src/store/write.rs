//! Writing: new messages (deduplicated by Message-ID), and regrouping, which
//! derives issues, flags and events from the stored messages.

use super::{SqlContext, Store, StoreError};
use crate::issues::content::{ANALYSIS_VERSION, Content, Findings};
use crate::issues::grouping::{self, ActionKind, GroupConfig, LocalAction, MsgMeta};
use crate::mail::{Address, Message};
use chrono::{DateTime, Utc};
use regex::Regex;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

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
}

/// What adding messages did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddSummary {
    pub new_messages: usize,
    pub duplicates: usize,
    /// (origin, error) of messages stored raw because they could not be parsed.
    pub unparseable: Vec<(String, String)>,
}

/// What regrouping changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegroupSummary {
    pub issues: usize,
    pub unfiled: usize,
    pub new_issues: usize,
    pub new_flags: usize,
    pub new_events: usize,
    pub changed_issues: usize,
}

fn addrs_json(a: &[Address]) -> String {
    serde_json::to_string(a).unwrap_or_else(|_| "[]".into())
}

/// Addresses without their display names: grouping compares addresses only,
/// and a large store need not hold every name.
fn emails_from_json(s: &str) -> Vec<Address> {
    #[derive(serde::Deserialize)]
    struct E {
        email: String,
    }
    serde_json::from_str::<Vec<E>>(s)
        .map(|v| {
            v.into_iter()
                .map(|a| Address {
                    name: None,
                    email: a.email,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A message's stored (issue id, thread root, role).
/// Kept as a hash: comparing is all regrouping does with it, and a large
/// store's strings need not be held twice.
type Assigned = u64;

fn assigned(issue_id: Option<&str>, thread_root: Option<&str>, role: Option<&str>) -> Assigned {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (issue_id, thread_root, role).hash(&mut h);
    h.finish()
}

/// Stored messages as grouping sees them, in row order.
struct Loaded {
    /// Row ids, parallel to `metas`.
    ids: Vec<i64>,
    metas: Vec<MsgMeta>,
    /// Each message's stored assignment, parallel to `metas`.
    current: Vec<Assigned>,
}

fn ts(d: DateTime<Utc>) -> i64 {
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
                        analysis_version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                )
                .ctx("prepare the message insert")?;
            let mut raw = tx
                .prepare_cached(
                    "INSERT INTO raw_messages (message_rowid, raw, encoding) VALUES (?1, ?2, ?3)",
                )
                .ctx("prepare the raw insert")?;
            let mut find = tx
                .prepare_cached("SELECT id FROM messages WHERE message_id = ?1")
                .ctx("prepare the message lookup")?;
            let mut loc = tx
                .prepare_cached(
                    "INSERT INTO locations (folder, uidvalidity, uid, message_rowid, flags, gone)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0)
                     ON CONFLICT (folder, uidvalidity, uid) DO UPDATE SET
                        message_rowid = excluded.message_rowid, flags = excluded.flags, gone = 0",
                )
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
                    ])
                    .ctx("store a message")?;
                let rowid = if n == 1 {
                    let id = tx.last_insert_rowid();
                    raw.execute(params![id, m.raw.bytes, m.raw.encoding])
                        .ctx("store a raw message")?;
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
            ActionKind::Close => ("close", "closed", "closed locally"),
            ActionKind::Reopen => ("reopen", "reopened", "reopened locally"),
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
        kind: &str,
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

    fn load_actions(&self) -> Result<Vec<LocalAction>, StoreError> {
        let mut st = self
            .conn()
            .prepare("SELECT key, at, action FROM issue_actions ORDER BY at, id")
            .ctx("read local actions")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .ctx("read local actions")?;
        let mut out = Vec::new();
        for row in rows {
            let (key, at, action) = row.ctx("read a local action")?;
            out.push(LocalAction {
                key,
                at: from_ts(at),
                kind: if action == "close" {
                    ActionKind::Close
                } else {
                    ActionKind::Reopen
                },
            });
        }
        Ok(out)
    }

    /// The messages of one issue as grouping sees them (for `vsd check --issue`).
    pub fn issue_metas(&self, id: &str, resolved: &Regex) -> Result<Vec<MsgMeta>, StoreError> {
        Ok(self.load_metas(Some(id), resolved)?.metas)
    }

    /// Everything grouping needs, with each message's row id and current
    /// assignment; all messages, or one issue's.
    fn load_metas(&self, issue: Option<&str>, resolved: &Regex) -> Result<Loaded, StoreError> {
        const COLUMNS: &str = "SELECT m.id, m.message_id, m.date, m.subject, m.from_name,
                m.from_email, m.to_json, m.cc_json, m.in_reply_to, m.refs, m.new_text, m.quoted,
                m.quote_evidence, m.findings_json, a.issue_id, a.thread_root, a.role";
        // One issue's messages through the index; all of them in row order.
        let sql = match issue {
            Some(_) => format!(
                "{COLUMNS} FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.issue_id = ?1 ORDER BY m.id"
            ),
            None => format!(
                "{COLUMNS} FROM messages m LEFT JOIN assignments a ON a.message_rowid = m.id
                 ORDER BY m.id"
            ),
        };
        let mut st = self.conn().prepare(&sql).ctx("read messages")?;
        let mut rows = st
            .query(rusqlite::params_from_iter(issue))
            .ctx("read messages")?;
        // Sized once: a growing vector would briefly hold twice its size.
        let count = if issue.is_none() {
            usize::try_from(self.message_count()?).unwrap_or(0)
        } else {
            0
        };
        let mut ids = Vec::with_capacity(count);
        let mut metas = Vec::with_capacity(count);
        let mut current = Vec::with_capacity(count);
        let split =
            |s: String| -> Vec<String> { s.split_ascii_whitespace().map(str::to_owned).collect() };
        while let Some(r) = rows.next().ctx("read a message")? {
            let from_email: Option<String> = r.get(5).ctx("read a message")?;
            let from_name: Option<String> = r.get(4).ctx("read a message")?;
            let findings: String = r.get(13).ctx("read a message")?;
            ids.push(r.get(0).ctx("read a message")?);
            metas.push(MsgMeta {
                message_id: r.get(1).ctx("read a message")?,
                date: from_ts(r.get(2).ctx("read a message")?),
                subject: r.get(3).ctx("read a message")?,
                from: from_email.map(|e| Address {
                    name: from_name,
                    email: e,
                }),
                to: emails_from_json(&r.get::<_, String>(6).ctx("read a message")?),
                cc: emails_from_json(&r.get::<_, String>(7).ctx("read a message")?),
                in_reply_to: split(r.get(8).ctx("read a message")?),
                references: split(r.get(9).ctx("read a message")?),
                says_resolved: resolved.is_match(&r.get::<_, String>(10).ctx("read a message")?),
                quoted: r.get(11).ctx("read a message")?,
                quote_evidence: r.get(12).ctx("read a message")?,
                findings: serde_json::from_str::<Findings>(&findings).unwrap_or_default(),
            });
            let text = |i: usize| -> Result<Option<&str>, StoreError> {
                r.get_ref(i)
                    .and_then(|v| v.as_str_or_null().map_err(rusqlite::Error::from))
                    .ctx("read a message")
            };
            current.push(assigned(text(14)?, text(15)?, text(16)?));
        }
        Ok(Loaded {
            ids,
            metas,
            current,
        })
    }

    /// Derives issues, flags and events from the stored messages, writing
    /// only what changed and appending events never seen before. Issues are
    /// walked and written one at a time, so a large store's events are never
    /// all held at once.
    pub fn regroup(&mut self, cfg: &crate::config::Config) -> Result<RegroupSummary, StoreError> {
        self.before_write();
        let started = std::time::Instant::now();
        // Reading and writing share one write transaction: a regroup beside
        // another writer of this process (the TUI's sync worker, a close from
        // the UI) starts from what the other committed, and never writes
        // back a grouping of a snapshot the other has since changed.
        let tx = rusqlite::Transaction::new_unchecked(
            self.conn(),
            rusqlite::TransactionBehavior::Immediate,
        )
        .ctx("begin regrouping")?;
        let Loaded {
            ids,
            metas,
            current,
        } = self.load_metas(None, &cfg.resolved_regex())?;
        let actions = self.load_actions()?;
        let loaded = started.elapsed();
        let gcfg = GroupConfig::from_config(cfg);
        let plan = grouping::Plan::new(&metas, &gcfg);
        let planned = started.elapsed();
        let mut old_digests: HashMap<String, String> = {
            let mut st = self
                .conn()
                .prepare("SELECT id, digest FROM issues")
                .ctx("read issue digests")?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .ctx("read issue digests")?;
            rows.collect::<Result<_, _>>().ctx("read issue digests")?
        };

        let mut summary = RegroupSummary::default();
        let now = ts(Utc::now());
        {
            let mut set_msg = tx
                .prepare_cached(
                    "INSERT INTO assignments (message_rowid, issue_id, thread_root, role)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (message_rowid) DO UPDATE SET issue_id = excluded.issue_id,
                        thread_root = excluded.thread_root, role = excluded.role",
                )
                .ctx("prepare the assignment update")?;
            for (i, a) in plan.assignments.iter().enumerate() {
                let now = assigned(
                    Some(a.issue_id.as_str()),
                    Some(a.thread_root.as_str()),
                    Some(a.role.as_str()),
                );
                if current[i] != now {
                    set_msg
                        .execute(params![ids[i], a.issue_id, a.thread_root, a.role.as_str()])
                        .ctx("assign a message")?;
                }
            }
            // A message never assigned before has no flags to look up.
            let unassigned = assigned(None, None, None);
            let mut w = IssueWriter::prepare(&tx, now)?;
            for outcome in plan.outcomes(&actions) {
                let issue = &outcome.state;
                if issue.key.is_some() {
                    summary.issues += 1;
                } else {
                    summary.unfiled += 1;
                }
                let flags = flags_by_message(&outcome);
                let digest = issue_digest(issue, &metas, &flags);
                if old_digests.remove(&issue.id).as_ref() == Some(&digest) {
                    continue;
                }
                summary.changed_issues += 1;
                w.issue(issue, &digest)?;
                for &i in &issue.messages {
                    let had_flags = current[i] != unassigned;
                    let now_flags = flags.get(&i).map(Vec::as_slice).unwrap_or_default();
                    let lifted = w.message_flags(
                        ids[i],
                        now_flags,
                        had_flags,
                        issue.key.as_deref(),
                        &metas[i],
                    )?;
                    summary.new_events += lifted;
                }
                for e in &outcome.events {
                    if w.event(e)? {
                        summary.new_events += 1;
                        match e.kind {
                            "opened" => summary.new_issues += 1,
                            "flagged" => summary.new_flags += 1,
                            _ => {}
                        }
                    }
                }
            }
            // Issues that no longer exist (an unfiled request that got its number).
            for id in old_digests.keys() {
                tx.execute("DELETE FROM issues WHERE id = ?1", [id])
                    .ctx("remove a stale issue")?;
            }
        }
        tx.commit().ctx("commit regrouping")?;
        self.after_commit();
        tracing::debug!(
            messages = metas.len(),
            load_secs = loaded.as_secs_f64(),
            plan_secs = (planned - loaded).as_secs_f64(),
            walk_and_write_secs = (started.elapsed() - planned).as_secs_f64(),
            "regrouped"
        );
        Ok(summary)
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
        tx.commit().ctx("commit re-analysis")
    }
}

/// An issue's flags by message index.
fn flags_by_message(o: &grouping::IssueOutcome) -> HashMap<usize, Vec<&crate::issues::Flag>> {
    let mut by: HashMap<usize, Vec<&crate::issues::Flag>> = HashMap::new();
    for (i, f) in &o.flags {
        by.entry(*i).or_default().push(f);
    }
    by
}

/// What makes an issue's derived rows what they are; equal digests mean
/// nothing to rewrite.
fn issue_digest(
    issue: &grouping::IssueState,
    metas: &[MsgMeta],
    flags: &HashMap<usize, Vec<&crate::issues::Flag>>,
) -> String {
    let mut h = Sha256::new();
    h.update(issue.title.as_bytes());
    h.update([0]);
    h.update(issue.canonical_subject.as_bytes());
    h.update([0]);
    h.update(issue.status.as_str().as_bytes());
    h.update(issue.opened_at.timestamp().to_le_bytes());
    h.update(issue.last_activity.timestamp().to_le_bytes());
    for &i in &issue.messages {
        h.update(metas[i].message_id.as_bytes());
        h.update([1]);
        if let Some(fs) = flags.get(&i) {
            for f in fs {
                h.update(f.rule.as_str().as_bytes());
                h.update(f.detail.as_bytes());
                h.update(f.evidence.as_bytes());
                h.update([2]);
            }
        }
    }
    format!("{:x}", h.finalize())
}

/// The statements that write one changed issue's rows during a regroup.
struct IssueWriter<'t> {
    upsert: rusqlite::CachedStatement<'t>,
    old_flags: rusqlite::CachedStatement<'t>,
    del_flags: rusqlite::CachedStatement<'t>,
    add_flag: rusqlite::CachedStatement<'t>,
    add_event: rusqlite::CachedStatement<'t>,
    now: i64,
}

impl<'t> IssueWriter<'t> {
    fn prepare(tx: &'t rusqlite::Transaction<'_>, now: i64) -> Result<Self, StoreError> {
        Ok(IssueWriter {
            upsert: tx
                .prepare_cached(
                    "INSERT INTO issues (id, key, title, canonical_subject, status, opened_at,
                        last_activity, message_count, flags, digest)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (id) DO UPDATE SET key = excluded.key, title = excluded.title,
                        canonical_subject = excluded.canonical_subject, status = excluded.status,
                        opened_at = excluded.opened_at, last_activity = excluded.last_activity,
                        message_count = excluded.message_count, flags = excluded.flags,
                        digest = excluded.digest",
                )
                .ctx("prepare the issue upsert")?,
            old_flags: tx
                .prepare_cached("SELECT rule FROM flags WHERE message_rowid = ?1")
                .ctx("prepare the flag lookup")?,
            del_flags: tx
                .prepare_cached("DELETE FROM flags WHERE message_rowid = ?1")
                .ctx("prepare the flag delete")?,
            add_flag: tx
                .prepare_cached(
                    "INSERT INTO flags (message_rowid, rule, detail, evidence) VALUES (?1, ?2, ?3, ?4)",
                )
                .ctx("prepare the flag insert")?,
            add_event: tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO events (at, key, kind, detail, ref, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .ctx("prepare the event insert")?,
            now,
        })
    }

    fn issue(&mut self, issue: &grouping::IssueState, digest: &str) -> Result<(), StoreError> {
        let flag_ids: Vec<&str> = issue.flags.iter().map(|r| r.as_str()).collect();
        self.upsert
            .execute(params![
                issue.id,
                issue.key,
                issue.title,
                issue.canonical_subject,
                issue.status.as_str(),
                ts(issue.opened_at),
                ts(issue.last_activity),
                issue.messages.len() as i64,
                flag_ids.join(" "),
                digest,
            ])
            .ctx("store an issue")?;
        Ok(())
    }

    /// Replaces a message's flags; a flag that a re-analysis no longer
    /// raises is logged as lifted. Returns how many events that logged.
    fn message_flags(
        &mut self,
        rowid: i64,
        now_flags: &[&crate::issues::Flag],
        had_flags: bool,
        key: Option<&str>,
        meta: &MsgMeta,
    ) -> Result<usize, StoreError> {
        let before: Vec<String> = if had_flags {
            let before = self
                .old_flags
                .query_map([rowid], |r| r.get(0))
                .ctx("read a message's flags")?
                .collect::<Result<_, _>>()
                .ctx("read a message's flags")?;
            self.del_flags
                .execute([rowid])
                .ctx("clear a message's flags")?;
            before
        } else {
            Vec::new()
        };
        for f in now_flags {
            self.add_flag
                .execute(params![rowid, f.rule.as_str(), f.detail, f.evidence])
                .ctx("store a flag")?;
        }
        let Some(k) = key else { return Ok(0) };
        let mut logged = 0;
        for rule in before {
            if !now_flags.iter().any(|f| f.rule.as_str() == rule) {
                let now = self.now;
                self.add_event
                    .execute(params![
                        now,
                        k,
                        "unflagged",
                        format!("{rule} no longer raised on {}", meta.message_id),
                        format!(
                            "unflag:{k}:{}:{rule}:{ANALYSIS_VERSION}:{now}",
                            meta.message_id
                        ),
                        now
                    ])
                    .ctx("log a lifted flag")?;
                logged += 1;
            }
        }
        Ok(logged)
    }

    /// Appends an event unless it was logged before; true when it is new.
    fn event(&mut self, e: &grouping::EventDraft) -> Result<bool, StoreError> {
        let n = self
            .add_event
            .execute(params![
                ts(e.at),
                e.key,
                e.kind,
                e.detail,
                e.reference,
                self.now
            ])
            .ctx("log an event")?;
        Ok(n == 1)
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
        Ok(())
    }
}

impl Store {
    /// The user's local actions, for grouping outside a full regroup.
    pub fn actions(&self) -> Result<Vec<LocalAction>, StoreError> {
        self.load_actions()
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
