//! Thread components: which stored messages a regroup must read when only
//! some mail is new.
//!
//! Threading links messages through the ids they name (their own,
//! In-Reply-To, References). Ids linked that way, directly or through other
//! messages, form a component; threading one component never looks at
//! another, so new mail can change the threads of its own components only.
//! `thread_ids` keeps each named id's component: a full regroup rebuilds it,
//! an incremental one joins the new messages' ids into it.

use super::{SqlContext, StoreError};
use crate::issues::grouping::{self, MsgMeta};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;

/// Union-find over ids and stored components.
#[derive(Default)]
struct Unions<'a> {
    index: HashMap<&'a str, usize>,
    stored: HashMap<i64, usize>,
    parent: Vec<usize>,
}

impl<'a> Unions<'a> {
    fn stored_node(&mut self, c: i64) -> usize {
        if let Some(&n) = self.stored.get(&c) {
            return n;
        }
        let n = self.parent.len();
        self.parent.push(n);
        self.stored.insert(c, n);
        n
    }

    fn node(&mut self, id: &'a str) -> usize {
        if let Some(&n) = self.index.get(id) {
            return n;
        }
        let n = self.parent.len();
        self.parent.push(n);
        self.index.insert(id, n);
        n
    }

    fn find(&mut self, mut n: usize) -> usize {
        while self.parent[n] != n {
            self.parent[n] = self.parent[self.parent[n]];
            n = self.parent[n];
        }
        n
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }

    /// Links every id `m` names.
    fn add(&mut self, m: &'a MsgMeta) {
        let mut ids = grouping::mentioned(m);
        let Some(first) = ids.next() else { return };
        let first = self.node(first);
        for id in ids {
            let n = self.node(id);
            self.union(first, n);
        }
    }
}

/// Replaces every component with those of `metas` (all stored messages).
pub(super) fn rebuild(tx: &Transaction<'_>, metas: &[MsgMeta]) -> Result<(), StoreError> {
    let mut u = Unions::default();
    for m in metas {
        u.add(m);
    }
    tx.execute("DELETE FROM thread_ids", [])
        .ctx("clear thread components")?;
    let mut ins = tx
        .prepare_cached("INSERT INTO thread_ids (id, component) VALUES (?1, ?2)")
        .ctx("prepare the thread component insert")?;
    // In key order, so that the table's pages fill one after another.
    let mut ids: Vec<(&str, usize)> = u.index.iter().map(|(k, v)| (*k, *v)).collect();
    ids.sort_unstable();
    for (id, n) in ids {
        let c = u.find(n) as i64;
        ins.execute(params![id, c])
            .ctx("store a thread component")?;
    }
    Ok(())
}

/// Joins the ids the new messages name into the stored components, merging
/// those they link; returns the components that hold the new messages.
pub(super) fn join(tx: &Transaction<'_>, new: &[MsgMeta]) -> Result<Vec<i64>, StoreError> {
    let mut u = Unions::default();
    for m in new {
        u.add(m);
    }
    let ids: Vec<(&str, usize)> = u.index.iter().map(|(k, v)| (*k, *v)).collect();
    // A stored component two groups of new ids reach joins them too.
    for &(id, n) in &ids {
        if let Some(c) = component_of(tx, id)? {
            let cn = u.stored_node(c);
            u.union(n, cn);
        }
    }
    // Each group of linked new ids, with the stored components it reaches.
    let mut groups: HashMap<usize, (Vec<&str>, Vec<i64>)> = HashMap::new();
    for (id, n) in ids {
        let root = u.find(n);
        groups.entry(root).or_default().0.push(id);
    }
    let stored: Vec<(i64, usize)> = u.stored.iter().map(|(c, n)| (*c, *n)).collect();
    for (c, n) in stored {
        let root = u.find(n);
        groups.entry(root).or_default().1.push(c);
    }
    let mut next: i64 = tx
        .query_row(
            "SELECT coalesce(max(component), -1) + 1 FROM thread_ids",
            [],
            |r| r.get(0),
        )
        .ctx("number a thread component")?;
    let mut relabel = tx
        .prepare_cached("UPDATE thread_ids SET component = ?1 WHERE component = ?2")
        .ctx("prepare the thread component merge")?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO thread_ids (id, component) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET component = excluded.component",
        )
        .ctx("prepare the thread component insert")?;
    let mut touched = Vec::with_capacity(groups.len());
    for (_, (ids, mut reached)) in groups {
        reached.sort_unstable();
        reached.dedup();
        let target = match reached.first() {
            Some(&c) => c,
            None => {
                next += 1;
                next - 1
            }
        };
        for &other in reached.iter().skip(1) {
            relabel
                .execute(params![target, other])
                .ctx("merge thread components")?;
        }
        for id in ids {
            put.execute(params![id, target])
                .ctx("store a thread component")?;
        }
        touched.push(target);
    }
    touched.sort_unstable();
    touched.dedup();
    Ok(touched)
}

/// The component of a message id, if it has one.
pub(super) fn component_of(tx: &Transaction<'_>, id: &str) -> Result<Option<i64>, StoreError> {
    tx.prepare_cached("SELECT component FROM thread_ids WHERE id = ?1")
        .ctx("prepare the thread component lookup")?
        .query_row([id], |r| r.get(0))
        .optional()
        .ctx("look up a thread component")
}

/// The components holding the messages of an issue.
pub(super) fn components_of_issue(
    tx: &Transaction<'_>,
    issue_id: &str,
) -> Result<Vec<i64>, StoreError> {
    let mut st = tx
        .prepare_cached(
            "SELECT DISTINCT t.component FROM assignments a
             JOIN messages m ON m.id = a.message_rowid
             JOIN thread_ids t ON t.id = m.message_id
             WHERE a.issue_id = ?1",
        )
        .ctx("prepare the issue component lookup")?;
    let rows = st
        .query_map([issue_id], |r| r.get(0))
        .ctx("find an issue's thread components")?;
    rows.collect::<Result<_, _>>()
        .ctx("find an issue's thread components")
}

/// The issues the messages of a component were assigned to before.
pub(super) fn issues_of_component(
    tx: &Transaction<'_>,
    component: i64,
) -> Result<Vec<String>, StoreError> {
    let mut st = tx
        .prepare_cached(
            "SELECT DISTINCT a.issue_id FROM thread_ids t
             JOIN messages m ON m.message_id = t.id
             JOIN assignments a ON a.message_rowid = m.id
             WHERE t.component = ?1",
        )
        .ctx("prepare the component issue lookup")?;
    let rows = st
        .query_map([component], |r| r.get(0))
        .ctx("find a component's issues")?;
    rows.collect::<Result<_, _>>()
        .ctx("find a component's issues")
}
