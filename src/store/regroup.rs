//! Regrouping: deriving issues, flags and events from the stored messages.
//!
//! A full regroup reads every message; after a sync or an import of a few
//! messages, only the thread components they join (see [`super::scope`]) and
//! the issues those touch are read and walked, so new mail is applied in
//! time that grows with the change, not with the store.

use super::write::{from_ts, ts};
use super::{SqlContext, Store, StoreError, scope};
use crate::issues::EventKind;
use crate::issues::content::{ANALYSIS_VERSION, Findings};
use crate::issues::grouping::{self, ActionKind, GroupConfig, LocalAction, MsgMeta};
use crate::issues::model::Role;
use crate::mail::Address;
use chrono::Utc;
use regex::Regex;
use rusqlite::{OptionalExtension, params};
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
    /// How many stored messages the regroup read: all of them, or the few
    /// that new mail and new actions could change.
    pub read_messages: usize,
    /// (key, title) of each issue the desk wrote on for the first time in
    /// the log: what `[hooks] desk_replied` is run for.
    pub desk_replied: Vec<(String, String)>,
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
#[derive(Default)]
struct Loaded {
    /// Row ids, parallel to `metas`.
    ids: Vec<i64>,
    metas: Vec<MsgMeta>,
    /// Each message's stored assignment, parallel to `metas`.
    current: Vec<Assigned>,
    seen: HashSet<i64>,
    /// Some message was analysed by an older vsd: what is grouped from it
    /// is not yet what this vsd would make of it.
    stale: bool,
}

impl Loaded {
    /// Sized once: a growing vector would briefly hold twice its size.
    fn with_capacity(n: usize) -> Self {
        Loaded {
            ids: Vec::with_capacity(n),
            metas: Vec::with_capacity(n),
            current: Vec::with_capacity(n),
            seen: HashSet::with_capacity(n),
            stale: false,
        }
    }

    /// Into row order, which threading's answers depend on: a scoped read
    /// then threads its messages in the order a full one would.
    fn sort(&mut self) {
        if self.ids.is_sorted() {
            return;
        }
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_unstable_by_key(|&i| self.ids[i]);
        let metas = std::mem::take(&mut self.metas);
        let mut metas: Vec<Option<MsgMeta>> = metas.into_iter().map(Some).collect();
        self.metas = order
            .iter()
            .map(|&i| metas[i].take().expect("each once"))
            .collect();
        self.ids = order.iter().map(|&i| self.ids[i]).collect();
        self.current = order.iter().map(|&i| self.current[i]).collect();
    }
}

impl Store {
    /// The closes and reopens the status walk applies: those an older vsd
    /// recorded locally (`issue_actions`, kept as they were), then, for each
    /// issue, the winning close or reopen of the team's operations.
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
        out.extend(self.team_state()?.status_actions());
        Ok(out)
    }

    /// The messages of one issue as grouping sees them (for `vsd check --issue`).
    pub fn issue_metas(&self, id: &str, resolved: &Regex) -> Result<Vec<MsgMeta>, StoreError> {
        let mut out = Loaded::default();
        self.load_metas(
            &mut out,
            "m.id IN (SELECT message_rowid FROM assignments WHERE issue_id = ?1)",
            [id],
            resolved,
        )?;
        Ok(out.metas)
    }

    /// Adds to `out` the messages `filter` (an SQL condition on `m`) selects,
    /// in row order, with each one's row id and current assignment. Rows
    /// `out` already holds are skipped.
    fn load_metas<P: rusqlite::Params>(
        &self,
        out: &mut Loaded,
        filter: &str,
        params: P,
        resolved: &Regex,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT m.id, m.message_id, m.date, m.subject, m.from_name,
                m.from_email, m.to_json, m.cc_json, m.in_reply_to, m.refs, m.new_text, m.quoted,
                m.quote_evidence, m.findings_json, a.issue_id, a.thread_root, a.role,
                (SELECT count(*) FROM attachments t WHERE t.message_rowid = m.id),
                m.analysis_version
             FROM messages m LEFT JOIN assignments a ON a.message_rowid = m.id
             WHERE {filter} ORDER BY m.id"
        );
        let mut st = self.conn().prepare_cached(&sql).ctx("read messages")?;
        let mut rows = st.query(params).ctx("read messages")?;
        let split =
            |s: String| -> Vec<String> { s.split_ascii_whitespace().map(str::to_owned).collect() };
        while let Some(r) = rows.next().ctx("read a message")? {
            let id: i64 = r.get(0).ctx("read a message")?;
            if !out.seen.insert(id) {
                continue;
            }
            let from_email: Option<String> = r.get(5).ctx("read a message")?;
            let from_name: Option<String> = r.get(4).ctx("read a message")?;
            let findings: String = r.get(13).ctx("read a message")?;
            out.stale |= r.get::<_, i64>(18).ctx("read a message")? < ANALYSIS_VERSION;
            out.ids.push(id);
            out.metas.push(MsgMeta {
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
                attachments: usize::try_from(r.get::<_, i64>(17).ctx("read a message")?)
                    .unwrap_or(0),
            });
            let text = |i: usize| -> Result<Option<&str>, StoreError> {
                r.get_ref(i)
                    .and_then(|v| v.as_str_or_null().map_err(rusqlite::Error::from))
                    .ctx("read a message")
            };
            out.current.push(assigned(text(14)?, text(15)?, text(16)?));
        }
        Ok(())
    }

    /// Adds the messages of a thread component to `out`.
    fn load_component(&self, out: &mut Loaded, c: i64, resolved: &Regex) -> Result<(), StoreError> {
        self.load_metas(
            out,
            "m.message_id IN (SELECT id FROM thread_ids WHERE component = ?1)",
            [c],
            resolved,
        )
    }

    /// Derives issues, flags and events from the stored messages, writing
    /// only what changed and appending events never seen before. After a
    /// regroup, new messages and new local actions are applied by reading
    /// only what they can change; a change to the grouping settings, to the
    /// analysis, or a large batch reads everything.
    pub fn regroup(&mut self, cfg: &crate::config::Config) -> Result<RegroupSummary, StoreError> {
        self.regroup_reading(cfg, Reads::Auto)
    }

    /// [`Store::regroup`] reading every message, whatever changed.
    pub fn regroup_everything(
        &mut self,
        cfg: &crate::config::Config,
    ) -> Result<RegroupSummary, StoreError> {
        self.regroup_reading(cfg, Reads::Everything)
    }

    /// [`Store::regroup`], choosing how much to read.
    pub fn regroup_reading(
        &mut self,
        cfg: &crate::config::Config,
        reads: Reads,
    ) -> Result<RegroupSummary, StoreError> {
        self.before_write();
        // Reading and writing share one write transaction: a regroup beside
        // another writer of this process (the TUI's sync worker, a close from
        // the UI) starts from what the other committed, and never writes
        // back a grouping of a snapshot the other has since changed.
        let tx = rusqlite::Transaction::new_unchecked(
            self.conn(),
            rusqlite::TransactionBehavior::Immediate,
        )
        .ctx("begin regrouping")?;
        let gcfg = GroupConfig::from_config(cfg);
        let basis = gcfg.fingerprint();
        let resolved = cfg.resolved_regex();
        let incremental = match reads {
            Reads::Everything => None,
            _ => self.regroup_scoped(&tx, &gcfg, &basis, &resolved, reads)?,
        };
        let summary = match incremental {
            Some(s) => s,
            None => self.regroup_all(&tx, &gcfg, &basis, &resolved)?,
        };
        tx.commit().ctx("commit regrouping")?;
        self.after_commit();
        Ok(summary)
    }

    /// Reads every message and rebuilds the thread components.
    fn regroup_all(
        &self,
        tx: &rusqlite::Transaction<'_>,
        gcfg: &GroupConfig,
        basis: &str,
        resolved: &Regex,
    ) -> Result<RegroupSummary, StoreError> {
        let started = std::time::Instant::now();
        let mut all = Loaded::with_capacity(usize::try_from(self.message_count()?).unwrap_or(0));
        self.load_metas(&mut all, "1", [], resolved)?;
        let loaded = started.elapsed();
        let plan = grouping::Plan::new(&all.metas, gcfg);
        let planned = started.elapsed();
        scope::rebuild(tx, &all.metas)?;
        let components = started.elapsed();
        let old_digests = self.digests(None)?;
        let mut s = self.write_plan(tx, &plan, &all, None, old_digests)?;
        s.read_messages = all.metas.len();
        self.save_bookkeeping(tx, basis, &plan, &all)?;
        tracing::debug!(
            messages = all.metas.len(),
            load_secs = loaded.as_secs_f64(),
            plan_secs = (planned - loaded).as_secs_f64(),
            components_secs = (components - planned).as_secs_f64(),
            write_secs = (started.elapsed() - components).as_secs_f64(),
            "regrouped everything"
        );
        Ok(s)
    }

    /// Regroups what the messages and actions added since the last regroup
    /// can change, or returns `None` when everything must be read.
    fn regroup_scoped(
        &self,
        tx: &rusqlite::Transaction<'_>,
        gcfg: &GroupConfig,
        basis: &str,
        resolved: &Regex,
        reads: Reads,
    ) -> Result<Option<RegroupSummary>, StoreError> {
        let started = std::time::Instant::now();
        if self.meta(META_BASIS)?.as_deref() != Some(basis) {
            return Ok(None);
        }
        let number = |k: &str| -> Result<Option<i64>, StoreError> {
            Ok(self.meta(k)?.and_then(|v| v.parse().ok()))
        };
        let (Some(upto), Some(actions_upto)) = (number(META_UPTO)?, number(META_ACTIONS_UPTO)?)
        else {
            return Ok(None);
        };
        // A store from before team operations has no cursor for them: all
        // of them are new.
        let ops_upto = number(META_OPS_UPTO)?.unwrap_or(0);
        // "rowid date fallback", or empty when no desk was inferred.
        let anchor: Option<(i64, chrono::DateTime<Utc>, bool)> =
            self.meta(META_DESK_ANCHOR)?.and_then(|v| {
                let mut p = v.split(' ');
                Some((
                    p.next()?.parse().ok()?,
                    from_ts(p.next()?.parse().ok()?),
                    p.next()? == "1",
                ))
            });

        let mut new = Loaded::default();
        self.load_metas(&mut new, "m.id > ?1", [upto], resolved)?;
        // Row ids are never reused, so `upto` is about how many were there.
        let large = new.metas.len() > SCOPED_MAX || (new.metas.len() as i64) * 4 > upto;
        if large && reads == Reads::Auto {
            return Ok(None);
        }
        if gcfg.desk.is_empty()
            && new
                .metas
                .iter()
                .any(|m| grouping::DeskAnchor::could_move(anchor.map(|a| (a.1, a.2)), m, gcfg))
        {
            return Ok(None);
        }
        let mut dirty: HashSet<String> = HashSet::new();
        {
            let mut st = tx
                .prepare_cached("SELECT DISTINCT key FROM issue_actions WHERE id > ?1")
                .ctx("read new local actions")?;
            let rows = st
                .query_map([actions_upto], |r| r.get::<_, String>(0))
                .ctx("read new local actions")?;
            for k in rows {
                dirty.insert(k.ctx("read new local actions")?);
            }
            let mut st = tx
                .prepare_cached(
                    "SELECT DISTINCT key FROM team_ops WHERE seq > ?1 AND kind IN ('close', 'reopen')
                        AND key IN (SELECT id FROM issues)",
                )
                .ctx("read new team operations")?;
            let rows = st
                .query_map([ops_upto], |r| r.get::<_, String>(0))
                .ctx("read new team operations")?;
            for k in rows {
                dirty.insert(k.ctx("read new team operations")?);
            }
        }
        if new.metas.is_empty() && dirty.is_empty() {
            return Ok(Some(self.counted(RegroupSummary::default())?));
        }

        // The components the new mail is in, and the issues they held and
        // now hold.
        let touched = scope::join(tx, &new.metas)?;
        let mut scoped = Loaded::default();
        let mut components: HashSet<i64> = HashSet::new();
        for &c in &touched {
            components.insert(c);
            dirty.extend(scope::issues_of_component(tx, c)?);
            self.load_component(&mut scoped, c, resolved)?;
        }
        {
            scoped.sort();
            let first = grouping::Plan::new(&scoped.metas, gcfg);
            dirty.extend(first.issue_ids().map(|(id, _)| id.to_string()));
        }
        // Every message of those issues, each with its whole component, so
        // that threading them again gives what it gave before.
        let mut more: Vec<i64> = Vec::new();
        for id in &dirty {
            more.extend(scope::components_of_issue(tx, id)?);
        }
        if let Some((rowid, ..)) = anchor {
            let id: Option<String> = tx
                .query_row(
                    "SELECT message_id FROM messages WHERE id = ?1",
                    [rowid],
                    |r| r.get(0),
                )
                .optional()
                .ctx("read the desk's first message")?;
            if let Some(id) = id {
                more.extend(scope::component_of(tx, &id)?);
            }
        }
        for c in more {
            if components.insert(c) {
                self.load_component(&mut scoped, c, resolved)?;
            }
        }
        scoped.sort();
        let loaded = started.elapsed();
        let plan = grouping::Plan::new(&scoped.metas, gcfg);
        if gcfg.desk.is_empty() {
            let now = plan.desk_anchor.map(|a| scoped.ids[a.index]);
            if now != anchor.map(|a| a.0) {
                return Ok(None);
            }
        }
        let old_digests = self.digests(Some(&dirty))?;
        let mut summary = self.write_plan(tx, &plan, &scoped, Some(&dirty), old_digests)?;
        summary.read_messages = scoped.metas.len();
        self.save_bookkeeping(tx, basis, &plan, &scoped)?;
        tracing::debug!(
            new = new.metas.len(),
            read = scoped.metas.len(),
            issues = dirty.len(),
            load_secs = loaded.as_secs_f64(),
            secs = started.elapsed().as_secs_f64(),
            "regrouped new mail"
        );
        Ok(Some(self.counted(summary)?))
    }

    /// Stored digests of all issues, or of those in `only`.
    fn digests(
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
    fn write_plan(
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
            if old_digests.remove(&issue.id).as_ref() == Some(&digest) {
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
                let logged = w.event(e)?;
                if logged == Logged::Relabelled {
                    summary.new_events += 1;
                } else if logged == Logged::New {
                    summary.new_events += 1;
                    match e.kind {
                        EventKind::Opened => summary.new_issues += 1,
                        EventKind::Flagged => summary.new_flags += 1,
                        EventKind::DeskReplied
                            if !summary.desk_replied.iter().any(|(k, _)| *k == e.key) =>
                        {
                            summary
                                .desk_replied
                                .push((e.key.clone(), issue.title.clone()));
                        }
                        _ => {}
                    }
                }
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

    /// Notes what this regroup covered, so the next can start from there.
    fn save_bookkeeping(
        &self,
        tx: &rusqlite::Transaction<'_>,
        basis: &str,
        plan: &grouping::Plan<'_>,
        loaded: &Loaded,
    ) -> Result<(), StoreError> {
        let max = |sql: &str| -> Result<i64, StoreError> {
            tx.query_row(sql, [], |r| r.get(0))
                .ctx("read the store's bookkeeping")
        };
        let upto = max("SELECT coalesce(max(id), 0) FROM messages")?;
        let actions_upto = max("SELECT coalesce(max(id), 0) FROM issue_actions")?;
        let ops_upto = self.team_seq()?;
        let anchor = plan
            .desk_anchor
            .map(|a| {
                format!(
                    "{} {} {}",
                    loaded.ids[a.index],
                    ts(loaded.metas[a.index].date),
                    u8::from(a.fallback)
                )
            })
            .unwrap_or_default();
        self.set_meta(META_UPTO, &upto.to_string())?;
        self.set_meta(META_ACTIONS_UPTO, &actions_upto.to_string())?;
        self.set_meta(META_OPS_UPTO, &ops_upto.to_string())?;
        self.set_meta(META_DESK_ANCHOR, &anchor)?;
        if loaded.stale {
            // Not grouped under this vsd's analysis yet: `vsd` re-analyses
            // and regroups at its next start (see `grouped_under`).
            self.forget_grouping_basis()
        } else {
            self.set_meta(META_BASIS, basis)
        }
    }

    /// True when the store was last grouped under these settings, by this
    /// vsd's grouping and analysis: nothing derived needs to be redone.
    pub fn grouped_under(&self, gcfg: &GroupConfig) -> Result<bool, StoreError> {
        Ok(self.meta(META_BASIS)?.as_deref() == Some(gcfg.fingerprint().as_str()))
    }

    /// `summary` with the store's issue and unfiled counts.
    fn counted(&self, mut summary: RegroupSummary) -> Result<RegroupSummary, StoreError> {
        let (issues, unfiled): (i64, i64) = self
            .conn()
            .query_row(
                "SELECT count(key), count(*) - count(key) FROM issues",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ctx("count issues")?;
        summary.issues = usize::try_from(issues).unwrap_or(0);
        summary.unfiled = usize::try_from(unfiled).unwrap_or(0);
        Ok(summary)
    }

    /// Makes the next regroup read everything (the messages' analysis or
    /// dates changed under it).
    pub(super) fn forget_grouping_basis(&self) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM meta WHERE key = ?1", [META_BASIS])
            .ctx("write the store's bookkeeping")?;
        Ok(())
    }
}

/// How much a regroup reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// Only what new mail and actions can change, unless they are many (a
    /// quarter of the store, or 20,000 messages), when reading everything
    /// is as quick.
    Auto,
    /// Only what new mail and actions can change whenever that is known,
    /// however many they are.
    Least,
    /// Every message.
    Everything,
}

/// Where the last regroup stopped: the highest message and action row ids
/// it saw, the message the desk was inferred from, and the settings it
/// walked with.
const META_UPTO: &str = "regroup.messages_upto";
const META_ACTIONS_UPTO: &str = "regroup.actions_upto";
const META_OPS_UPTO: &str = "regroup.team_ops_upto";
const META_DESK_ANCHOR: &str = "regroup.desk_anchor";
const META_BASIS: &str = "regroup.basis";

/// Beyond this many new messages, reading everything is as quick.
const SCOPED_MAX: usize = 20_000;

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
                issue.status.as_str(),
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
