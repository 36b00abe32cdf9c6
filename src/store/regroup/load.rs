//! Reading what a regroup walks: the stored messages as the grouping's
//! [`MsgMeta`], and the local and team actions.

use crate::issues::content::{ANALYSIS_VERSION, Findings};
use crate::issues::grouping::{ActionKind, LocalAction, MsgMeta};
use crate::mail::Address;
use crate::store::write::from_ts;
use crate::store::{SqlContext, Store, StoreError};
use regex::Regex;
use std::collections::HashSet;

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

pub(super) fn assigned(
    issue_id: Option<&str>,
    thread_root: Option<&str>,
    role: Option<&str>,
) -> Assigned {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (issue_id, thread_root, role).hash(&mut h);
    h.finish()
}

/// Stored messages as grouping sees them, in row order.
#[derive(Default)]
pub(super) struct Loaded {
    /// Row ids, parallel to `metas`.
    pub(super) ids: Vec<i64>,
    pub(super) metas: Vec<MsgMeta>,
    /// Each message's stored assignment, parallel to `metas`.
    pub(super) current: Vec<Assigned>,
    pub(super) seen: HashSet<i64>,
    /// Some message was analysed by an older vsd: what is grouped from it
    /// is not yet what this vsd would make of it.
    pub(super) stale: bool,
}

impl Loaded {
    /// Sized once: a growing vector would briefly hold twice its size.
    pub(super) fn with_capacity(n: usize) -> Self {
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
    pub(super) fn sort(&mut self) {
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
    pub(in crate::store) fn load_actions(&self) -> Result<Vec<LocalAction>, StoreError> {
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
    pub(super) fn load_metas<P: rusqlite::Params>(
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
    pub(super) fn load_component(
        &self,
        out: &mut Loaded,
        c: i64,
        resolved: &Regex,
    ) -> Result<(), StoreError> {
        self.load_metas(
            out,
            "m.message_id IN (SELECT id FROM thread_ids WHERE component = ?1)",
            [c],
            resolved,
        )
    }
}
