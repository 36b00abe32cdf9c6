//! Regrouping: deriving issues, flags and events from the stored messages.
//!
//! A full regroup reads every message; after a sync or an import of a few
//! messages, only the thread components they join (see [`super::scope`]) and
//! the issues those touch are read and walked, so new mail is applied in
//! time that grows with the change, not with the store.

use super::write::{from_ts, ts};
use super::{SqlContext, Store, StoreError, scope};
use crate::issues::content::{ANALYSIS_VERSION, Findings};
use crate::issues::grouping::{self, ActionKind, GroupConfig, LocalAction, MsgMeta};
use crate::mail::Address;
use chrono::Utc;
use regex::Regex;
use rusqlite::params;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

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

impl Store {
    pub(super) fn load_actions(&self) -> Result<Vec<LocalAction>, StoreError> {
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
