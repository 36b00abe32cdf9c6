//! Writing a regroup's outcome: each issue's digest, so that only what
//! changed is written, the issues, their messages' flags and the events.

use super::RegroupSummary;
use super::load::{Loaded, assigned};
use crate::issues::EventKind;
use crate::issues::content::ANALYSIS_VERSION;
use crate::issues::grouping::{self, MsgMeta};
use crate::issues::model::Role;
use crate::store::write::ts;
use crate::store::{SqlContext, Store, StoreError};
use chrono::Utc;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

impl Store {
    /// Stored digests of all issues, or of those in `only`.
    pub(super) fn digests(
        &self,
        only: Option<&HashSet<String>>,
    ) -> Result<HashMap<String, String>, StoreError> {
        let mut out = HashMap::new();
        match only {
            None => {
                let mut st = self
                    .conn()
                    .prepare("SELECT id, digest FROM issues")
                    .ctx("read issue digests")?;
                let rows = st
                    .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                    .ctx("read issue digests")?;
                for row in rows {
                    let (id, d) = row.ctx("read issue digests")?;
                    out.insert(id, d);
                }
            }
            Some(ids) => {
                let mut st = self
                    .conn()
                    .prepare_cached("SELECT digest FROM issues WHERE id = ?1")
                    .ctx("read issue digests")?;
                for id in ids {
                    if let Some(d) = st
                        .query_row([id], |r| r.get::<_, String>(0))
                        .optional()
                        .ctx("read issue digests")?
                    {
                        out.insert(id.clone(), d);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Writes what `plan` derived from `loaded`: assignments that changed,
    /// then each issue (all of them, or those in `only`) whose digest moved.
    /// Issues in `old_digests` the plan no longer has are removed.
    pub(super) fn write_plan(
        &self,
        tx: &rusqlite::Transaction<'_>,
        plan: &grouping::Plan<'_>,
        loaded: &Loaded,
        only: Option<&HashSet<String>>,
        mut old_digests: HashMap<String, String>,
    ) -> Result<RegroupSummary, StoreError> {
        let actions = self.load_actions()?;
        let metas = &loaded.metas;
        let ids = &loaded.ids;
        let current = &loaded.current;
        let mut summary = RegroupSummary::default();
        let now = ts(Utc::now());
        write_assignments(tx, plan, loaded)?;
        for (id, keyed) in plan.issue_ids() {
            if only.is_none_or(|o| o.contains(id)) {
                if keyed {
                    summary.issues += 1;
                } else {
                    summary.unfiled += 1;
                }
            }
        }
        // A message never assigned before has no flags to look up.
        let unassigned = assigned(None, None, None);
        let mut w = IssueWriter::prepare(tx, now)?;
        let outcomes: Box<dyn Iterator<Item = grouping::IssueOutcome>> = match only {
            None => Box::new(plan.outcomes(&actions)),
            Some(o) => Box::new(plan.outcomes_of(&actions, o)),
        };
        for outcome in outcomes {
            let issue = &outcome.state;
            let flags = flags_by_message(&outcome);
            let digest = issue_digest(issue, metas, &plan.assignments, &flags);
            if old_digests.remove(issue.id.as_str()).as_ref() == Some(&digest) {
                continue;
            }
            summary.changed_issues += 1;
            w.issue(issue, metas, &plan.assignments, &digest)?;
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
                summary.count(w.event(e)?, e, &issue.title);
            }
        }
        // Issues that no longer exist (an unfiled request that got its number).
        let still: HashSet<&str> = plan.issue_ids().map(|(id, _)| id).collect();
        for id in old_digests.keys() {
            if !still.contains(id.as_str()) {
                tx.execute("DELETE FROM issues WHERE id = ?1", [id])
                    .ctx("remove a stale issue")?;
            }
        }
        Ok(summary)
    }
}

/// Each message's issue, thread and role, written where they changed.
fn write_assignments(
    tx: &rusqlite::Transaction<'_>,
    plan: &grouping::Plan<'_>,
    loaded: &Loaded,
) -> Result<(), StoreError> {
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
        if loaded.current[i] != now {
            set_msg
                .execute(params![loaded.ids[i], a.issue_id, a.thread_root, a.role])
                .ctx("assign a message")?;
        }
    }
    Ok(())
}

impl RegroupSummary {
    /// Counts an event of the issue titled `title` as its writing went.
    fn count(&mut self, logged: Logged, e: &grouping::EventDraft, title: &str) {
        match logged {
            Logged::Relabelled => self.new_events += 1,
            Logged::New => {
                self.new_events += 1;
                match e.kind {
                    EventKind::Opened => self.new_issues += 1,
                    EventKind::Flagged => self.new_flags += 1,
                    EventKind::DeskReplied
                        if !self.desk_replied.iter().any(|(k, _)| *k == e.key) =>
                    {
                        self.desk_replied.push((e.key.clone(), title.to_string()));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
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
    assignments: &[grouping::Assignment],
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
        // The list's columns: who wrote last, and the attachment count.
        h.update(metas[i].date.timestamp().to_le_bytes());
        h.update((metas[i].attachments as u64).to_le_bytes());
        // A role that changed (a config change) is logged as relabelled.
        h.update(assignments[i].role.as_str().as_bytes());
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
    /// The kind of the first "wrote" event logged for a message.
    logged_kind: rusqlite::CachedStatement<'t>,
    /// The newest `relabelled` event of a message (its ref, in a range).
    last_relabel: rusqlite::CachedStatement<'t>,
    now: i64,
}

/// What [`IssueWriter::event`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Logged {
    /// The event was in the log already.
    Before,
    New,
    /// A message logged under another role: one `relabelled` event instead.
    Relabelled,
}

impl<'t> IssueWriter<'t> {
    fn prepare(tx: &'t rusqlite::Transaction<'_>, now: i64) -> Result<Self, StoreError> {
        Ok(IssueWriter {
            upsert: tx
                .prepare_cached(
                    "INSERT INTO issues (id, key, title, canonical_subject, status, opened_at,
                        last_activity, message_count, flags, digest, last_desk_at, last_team_at,
                        attachment_count)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT (id) DO UPDATE SET key = excluded.key, title = excluded.title,
                        canonical_subject = excluded.canonical_subject, status = excluded.status,
                        opened_at = excluded.opened_at, last_activity = excluded.last_activity,
                        message_count = excluded.message_count, flags = excluded.flags,
                        digest = excluded.digest, last_desk_at = excluded.last_desk_at,
                        last_team_at = excluded.last_team_at,
                        attachment_count = excluded.attachment_count",
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
            // Both use the (kind, ref) index: an equality on kind and a
            // lookup or range on ref.
            logged_kind: tx
                .prepare_cached(
                    "SELECT kind FROM events
                     WHERE kind IN ('desk-replied', 'team-replied', 'other-wrote') AND ref = ?1
                     ORDER BY id LIMIT 1",
                )
                .ctx("prepare the message event lookup")?,
            last_relabel: tx
                .prepare_cached(
                    "SELECT ref FROM events
                     WHERE kind = 'relabelled' AND ref >= ?1 AND ref < ?2
                     ORDER BY ref DESC LIMIT 1",
                )
                .ctx("prepare the relabelling lookup")?,
            now,
        })
    }

    fn issue(
        &mut self,
        issue: &grouping::IssueState,
        metas: &[MsgMeta],
        assignments: &[grouping::Assignment],
        digest: &str,
    ) -> Result<(), StoreError> {
        let flag_ids: Vec<&str> = issue.flags.iter().map(|r| r.as_str()).collect();
        let last = |role: Role| {
            issue
                .messages
                .iter()
                .filter(|&&i| assignments[i].role == role)
                .map(|&i| ts(metas[i].date))
                .max()
        };
        let attachments: usize = issue.messages.iter().map(|&i| metas[i].attachments).sum();
        self.upsert
            .execute(params![
                issue.id,
                issue.key,
                issue.title,
                issue.canonical_subject,
                issue.status,
                ts(issue.opened_at),
                ts(issue.last_activity),
                issue.messages.len() as i64,
                flag_ids.join(" "),
                digest,
                last(Role::Desk),
                last(Role::Team),
                attachments as i64,
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
                .execute(params![rowid, f.rule, f.detail, f.evidence])
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
                        EventKind::Unflagged,
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

    /// Appends an event unless it was logged before.
    /// A message logged before under another role (the config's `[desk]`
    /// or `[team]` changed) gets one `relabelled` event instead of a second
    /// "wrote" event for the same mail.
    fn event(&mut self, e: &grouping::EventDraft) -> Result<Logged, StoreError> {
        if let Some(role) = e.kind.role().map(Role::as_str) {
            let logged: Option<EventKind> = self
                .logged_kind
                .query_row([&e.reference], |r| r.get(0))
                .optional()
                .ctx("read a message's event")?;
            if let Some(first) = logged {
                let prefix = format!("relabel:{}:", e.reference);
                let upper = format!("relabel:{};", e.reference);
                let last: Option<String> = self
                    .last_relabel
                    .query_row([&prefix, &upper], |r| r.get(0))
                    .optional()
                    .ctx("read a message's relabelling")?;
                let (count, was) = match &last {
                    Some(r) => {
                        let mut parts = r[prefix.len()..].splitn(2, ':');
                        let n: u32 = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                        (n, parts.next().unwrap_or("").to_string())
                    }
                    None => (0, first.role().map(Role::as_str).unwrap_or("").to_string()),
                };
                if was == role {
                    return Ok(Logged::Before);
                }
                let detail = format!(
                    "mail of {} relabelled {was} → {role} (who is the desk or the team changed): {}",
                    e.at.format("%Y-%m-%d %H:%M"),
                    e.detail
                );
                let n = self
                    .add_event
                    .execute(params![
                        self.now,
                        e.key,
                        EventKind::Relabelled,
                        detail,
                        format!("{prefix}{:04}:{role}", count + 1),
                        self.now
                    ])
                    .ctx("log a relabelling")?;
                return Ok(if n == 1 {
                    Logged::Relabelled
                } else {
                    Logged::Before
                });
            }
        }
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
        Ok(if n == 1 { Logged::New } else { Logged::Before })
    }
}
