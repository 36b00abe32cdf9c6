//! Regrouping: deriving issues, flags and events from the stored messages.
//!
//! A full regroup reads every message; after a sync or an import of a few
//! messages, only the thread components they join (see [`super::scope`]) and
//! the issues those touch are read and walked, so new mail is applied in
//! time that grows with the change, not with the store. [`load`] reads what
//! a regroup walks, [`writer`] writes what it found.

use super::write::{from_ts, ts};
use super::{SqlContext, Store, StoreError, scope};
use crate::issues::grouping::{self, GroupConfig};
use chrono::Utc;
use regex::Regex;
use rusqlite::OptionalExtension;
use std::collections::HashSet;

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

mod load;
mod writer;

use load::Loaded;

impl Store {
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
        let Some(cursors) = self.cursors()? else {
            return Ok(None);
        };
        let mut new = Loaded::default();
        self.load_metas(&mut new, "m.id > ?1", [cursors.upto], resolved)?;
        // Row ids are never reused, so `upto` is about how many were there.
        let large = new.metas.len() > SCOPED_MAX || (new.metas.len() as i64) * 4 > cursors.upto;
        if large && reads == Reads::Auto {
            return Ok(None);
        }
        let anchor = cursors.anchor;
        if gcfg.desk.is_empty()
            && new
                .metas
                .iter()
                .any(|m| grouping::DeskAnchor::could_move(anchor.map(|a| (a.1, a.2)), m, gcfg))
        {
            return Ok(None);
        }
        let mut dirty = acted_on(tx, &cursors)?;
        if new.metas.is_empty() && dirty.is_empty() {
            return Ok(Some(self.counted(RegroupSummary::default())?));
        }
        let scoped = self.load_scope(tx, gcfg, &new, &mut dirty, anchor, resolved)?;
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

    /// Where the last regroup stopped; None when a cursor is missing (the
    /// store was never regrouped by this vsd).
    fn cursors(&self) -> Result<Option<Cursors>, StoreError> {
        let number = |k: &str| -> Result<Option<i64>, StoreError> {
            Ok(self.meta(k)?.and_then(|v| v.parse().ok()))
        };
        let (Some(upto), Some(actions_upto)) = (number(META_UPTO)?, number(META_ACTIONS_UPTO)?)
        else {
            return Ok(None);
        };
        // "rowid date fallback", or empty when no desk was inferred.
        let anchor = self.meta(META_DESK_ANCHOR)?.and_then(|v| {
            let mut p = v.split(' ');
            Some((
                p.next()?.parse().ok()?,
                from_ts(p.next()?.parse().ok()?),
                p.next()? == "1",
            ))
        });
        Ok(Some(Cursors {
            upto,
            actions_upto,
            // A store from before team operations has no cursor for them:
            // all of them are new.
            ops_upto: number(META_OPS_UPTO)?.unwrap_or(0),
            anchor,
        }))
    }

    /// Every message a scoped regroup must walk again: the components the
    /// new mail is in, the issues they held and now hold (`dirty` grows by
    /// those), and every message of those issues, each with its whole
    /// component, so that threading them again gives what it gave before.
    fn load_scope(
        &self,
        tx: &rusqlite::Transaction<'_>,
        gcfg: &GroupConfig,
        new: &Loaded,
        dirty: &mut HashSet<String>,
        anchor: Option<Anchor>,
        resolved: &Regex,
    ) -> Result<Loaded, StoreError> {
        let touched = scope::join(tx, &new.metas)?;
        let mut scoped = Loaded::default();
        let mut components: HashSet<i64> = HashSet::new();
        for &c in &touched {
            components.insert(c);
            dirty.extend(scope::issues_of_component(tx, c)?);
            self.load_component(&mut scoped, c, resolved)?;
        }
        scoped.sort();
        let first = grouping::Plan::new(&scoped.metas, gcfg);
        dirty.extend(first.issue_ids().map(|(id, _)| id.to_string()));
        let mut more: Vec<i64> = Vec::new();
        for id in dirty.iter() {
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
        Ok(scoped)
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

/// The message the desk was inferred from: its row id, date, and whether
/// it was the fallback choice.
type Anchor = (i64, chrono::DateTime<Utc>, bool);

/// Where the last regroup stopped (see the `META_` keys).
struct Cursors {
    upto: i64,
    actions_upto: i64,
    ops_upto: i64,
    anchor: Option<Anchor>,
}

/// The issues a local action or a team close or reopen touched since the
/// last regroup.
fn acted_on(
    tx: &rusqlite::Transaction<'_>,
    cursors: &Cursors,
) -> Result<HashSet<String>, StoreError> {
    let mut dirty = HashSet::new();
    let mut st = tx
        .prepare_cached("SELECT DISTINCT key FROM issue_actions WHERE id > ?1")
        .ctx("read new local actions")?;
    let rows = st
        .query_map([cursors.actions_upto], |r| r.get::<_, String>(0))
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
        .query_map([cursors.ops_upto], |r| r.get::<_, String>(0))
        .ctx("read new team operations")?;
    for k in rows {
        dirty.insert(k.ctx("read new team operations")?);
    }
    Ok(dirty)
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
