//! Team operations in the store: every operation seen, with its event, the
//! outbox of those not (or no longer) in the state folder, and the state
//! folder's sync position. The merge itself is [`crate::issues::team`].

use super::write::ts;
use super::{SqlContext, Store, StoreError};
use crate::issues::EventKind;
use crate::issues::team::{LinkKind, Op, OpKind, TeamState};
use chrono::Utc;
use rusqlite::{OptionalExtension, params};

/// An operation waiting to go to the state folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxOp {
    pub id: String,
    pub author: String,
    pub body: String,
    /// It was in the state folder once, or came from it: sending it again
    /// refills a folder that was emptied or recreated.
    pub was_shared: bool,
}

/// What adding an operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamAdded {
    New,
    Known,
}

/// The event kind an operation is logged under.
fn event_kind(kind: &OpKind) -> Option<EventKind> {
    Some(match kind {
        OpKind::Close => EventKind::Closed,
        OpKind::Reopen => EventKind::Reopened,
        OpKind::Assign(_) => EventKind::Assigned,
        OpKind::Note(_) => EventKind::Noted,
        OpKind::Link(..) => EventKind::Linked,
        OpKind::Unlink(..) => EventKind::Unlinked,
        OpKind::Unknown(_) => return None,
    })
}

fn link_words(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Relates => "relates to",
        LinkKind::Duplicate => "duplicate of",
    }
}

/// A note's text on one line, for the event log.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The events an operation adds: (key, detail, ref).
fn events_of(op: &Op, local: bool) -> Vec<(String, String, String)> {
    let by = if local {
        "locally".to_string()
    } else {
        format!("by {}", op.author)
    };
    let r = format!("op:{}", op.id);
    match &op.kind {
        OpKind::Close => vec![(op.key.clone(), format!("closed {by}"), r)],
        OpKind::Reopen => vec![(op.key.clone(), format!("reopened {by}"), r)],
        OpKind::Assign(Some(a)) => vec![(op.key.clone(), format!("assigned to {a} {by}"), r)],
        OpKind::Assign(None) => vec![(op.key.clone(), format!("unassigned {by}"), r)],
        OpKind::Note(t) => vec![(
            op.key.clone(),
            format!("note by {}: {}", op.author, one_line(t)),
            r,
        )],
        OpKind::Link(t, l) | OpKind::Unlink(t, l) => {
            let verb = if matches!(op.kind, OpKind::Link(..)) {
                "linked"
            } else {
                "unlinked"
            };
            let what = format!("{} {} {t}", op.key, link_words(*l));
            vec![
                (op.key.clone(), format!("{verb}: {what} {by}"), r.clone()),
                (t.clone(), format!("{verb}: {what} {by}"), format!("{r}>")),
            ]
        }
        OpKind::Unknown(_) => Vec::new(),
    }
}

/// A fresh operation id: 128 random bits in hex, from the system's random
/// source (a clock-and-process hash if that cannot be read).
pub fn new_op_id() -> String {
    use std::io::Read;
    let mut b = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut b));
    if read.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in b.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            h.write_u32(std::process::id());
            h.write_usize(i);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Store {
    /// Makes, stores and logs an operation of `author` on issue `key` (an
    /// issue id), with the clock and the edits it replaces taken from what
    /// the store holds; it waits in the outbox. The caller regroups when it
    /// closes or reopens.
    pub fn add_own_op(
        &mut self,
        key: &str,
        author: &str,
        at: chrono::DateTime<Utc>,
        kind: OpKind,
    ) -> Result<Op, StoreError> {
        let op = self.team_state()?.make(new_op_id(), author, at, key, kind);
        self.add_team_op(&op, &op.to_json(), true, None)?;
        Ok(op)
    }

    /// Every operation the store holds, merged.
    pub fn team_state(&self) -> Result<TeamState, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached("SELECT body FROM team_ops ORDER BY seq")
            .ctx("read team operations")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read team operations")?;
        let mut state = TeamState::new();
        for body in rows {
            let body = body.ctx("read a team operation")?;
            // Each body was read or written by this vsd before it was
            // stored; one an older build wrote and this one refuses is
            // skipped, not fatal.
            match Op::from_json(&body) {
                Ok(op) => {
                    state.apply(&op);
                }
                Err(e) => tracing::warn!("skipping a stored team operation: {e}"),
            }
        }
        Ok(state)
    }

    /// Stores an operation with its events; an id already stored changes
    /// nothing but, with `at_server`, where it is in the state folder.
    pub fn add_team_op(
        &mut self,
        op: &Op,
        body: &str,
        local: bool,
        at_server: Option<(u32, u32)>,
    ) -> Result<TeamAdded, StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .ctx("begin a team operation")?;
        let n = tx
            .execute(
                "INSERT OR IGNORE INTO team_ops (id, key, author, at, lamport, kind, body, local,
                    uidvalidity, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    op.id,
                    op.key,
                    op.author,
                    ts(op.at),
                    op.lamport as i64,
                    op.kind.name(),
                    body,
                    local,
                    at_server.map(|a| a.0),
                    at_server.map(|a| a.1),
                ],
            )
            .ctx("store a team operation")?;
        let added = if n == 1 {
            let now = ts(Utc::now());
            if let Some(kind) = event_kind(&op.kind) {
                for (key, detail, r) in events_of(op, local) {
                    tx.execute(
                        "INSERT OR IGNORE INTO events (at, key, kind, detail, ref, recorded_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![ts(op.at), key, kind, detail, r, now],
                    )
                    .ctx("log a team operation")?;
                }
            }
            TeamAdded::New
        } else {
            if let Some((v, uid)) = at_server {
                tx.execute(
                    "UPDATE team_ops SET uidvalidity = ?2, uid = ?3 WHERE id = ?1",
                    params![op.id, v, uid],
                )
                .ctx("record where a team operation is")?;
            }
            TeamAdded::Known
        };
        tx.commit().ctx("commit a team operation")?;
        Ok(added)
    }

    /// The operations not in the state folder of this UIDVALIDITY, in the
    /// order the store learnt them: its own outbox first made, first sent;
    /// after the folder was recreated, everything it holds.
    pub fn team_outbox(&self, uidvalidity: u32) -> Result<Vec<OutboxOp>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT id, author, body, local = 0 OR uidvalidity IS NOT NULL FROM team_ops
                 WHERE uidvalidity IS NULL OR uidvalidity != ?1 ORDER BY seq",
            )
            .ctx("read the team outbox")?;
        let rows = st
            .query_map([uidvalidity], |r| {
                Ok(OutboxOp {
                    id: r.get(0)?,
                    author: r.get(1)?,
                    body: r.get(2)?,
                    was_shared: r.get(3)?,
                })
            })
            .ctx("read the team outbox")?;
        rows.collect::<Result<_, _>>().ctx("read the team outbox")
    }

    /// How many of this store's own operations have never been in the state
    /// folder.
    pub fn team_outbox_len(&self) -> Result<usize, StoreError> {
        self.conn()
            .query_row(
                "SELECT count(*) FROM team_ops WHERE uidvalidity IS NULL",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .ctx("count the team outbox")
    }

    /// Records that an operation is in the state folder, at this UID when
    /// the server said (UIDPLUS).
    pub fn team_uploaded(
        &self,
        id: &str,
        uidvalidity: u32,
        uid: Option<u32>,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "UPDATE team_ops SET uidvalidity = ?2, uid = ?3 WHERE id = ?1",
                params![id, uidvalidity, uid],
            )
            .ctx("record an uploaded team operation")?;
        Ok(())
    }

    /// The UIDs of the operations recorded in this incarnation of the state
    /// folder, as (id, uid).
    pub fn team_on_server(&self, uidvalidity: u32) -> Result<Vec<(String, u32)>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT id, uid FROM team_ops WHERE uidvalidity = ?1 AND uid IS NOT NULL",
            )
            .ctx("read where team operations are")?;
        let rows = st
            .query_map([uidvalidity], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("read where team operations are")?;
        rows.collect::<Result<_, _>>()
            .ctx("read where team operations are")
    }

    /// Forgets where these operations were: they go out again. (UIDVALIDITY
    /// 0, which no folder has, keeps that they were shared once.)
    pub fn team_not_on_server(&mut self, ids: &[String]) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction().ctx("begin a team update")?;
        for id in ids {
            tx.execute(
                "UPDATE team_ops SET uidvalidity = 0, uid = NULL WHERE id = ?1",
                [id],
            )
            .ctx("mark a team operation for upload")?;
        }
        tx.commit().ctx("commit a team update")
    }

    /// The state folder's (UIDVALIDITY, UIDNEXT) as last synced.
    pub fn team_folder(&self, name: &str) -> Result<Option<(u32, u32)>, StoreError> {
        self.conn()
            .query_row(
                "SELECT uidvalidity, uidnext FROM team_folder WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("read the state folder's position")
    }

    pub fn set_team_folder(
        &self,
        name: &str,
        uidvalidity: u32,
        uidnext: u32,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO team_folder (name, uidvalidity, uidnext) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                    uidnext = excluded.uidnext",
                params![name, uidvalidity, uidnext],
            )
            .ctx("write the state folder's position")?;
        Ok(())
    }

    /// The highest sequence number of the stored operations (0 for none):
    /// regroup's cursor.
    pub(super) fn team_seq(&self) -> Result<i64, StoreError> {
        self.conn()
            .query_row("SELECT coalesce(max(seq), 0) FROM team_ops", [], |r| {
                r.get(0)
            })
            .ctx("read team operations")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn op(state: &TeamState, id: &str, kind: OpKind) -> Op {
        state.make(
            id.into(),
            "kari@example.com",
            DateTime::from_timestamp(1_767_225_600, 0).expect("time"),
            "VSD-1",
            kind,
        )
    }

    #[test]
    fn an_operation_is_stored_and_logged_once() {
        let mut s = Store::open_in_memory().expect("open");
        let o = op(
            &TeamState::new(),
            "n1",
            OpKind::Note("waiting for\nthe logs".into()),
        );
        let body = o.to_json();
        assert_eq!(
            s.add_team_op(&o, &body, false, None).expect("add"),
            TeamAdded::New
        );
        assert_eq!(
            s.add_team_op(&o, &body, false, Some((7, 1)))
                .expect("again"),
            TeamAdded::Known
        );
        let log = s.log(Some("VSD-1")).expect("log");
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].kind.as_str(), "noted");
        assert_eq!(
            log[0].detail,
            "note by kari@example.com: waiting for / the logs"
        );
        assert_eq!(s.team_state().expect("state").view("VSD-1").notes.len(), 1);
        assert!(s.team_outbox(7).expect("outbox").is_empty());
        assert_eq!(s.team_outbox(8).expect("outbox").len(), 1, "another folder");
    }

    #[test]
    fn a_link_is_logged_on_both_issues() {
        let mut s = Store::open_in_memory().expect("open");
        let o = op(
            &TeamState::new(),
            "l1",
            OpKind::Link("VSD-2".into(), LinkKind::Duplicate),
        );
        s.add_team_op(&o, &o.to_json(), true, None).expect("add");
        let both: Vec<(Option<String>, String)> = s
            .log(None)
            .expect("log")
            .into_iter()
            .map(|e| (e.key, e.detail))
            .collect();
        assert_eq!(
            both,
            vec![
                (
                    Some("VSD-1".into()),
                    "linked: VSD-1 duplicate of VSD-2 locally".into()
                ),
                (
                    Some("VSD-2".into()),
                    "linked: VSD-1 duplicate of VSD-2 locally".into()
                ),
            ]
        );
        assert_eq!(s.team_outbox_len().expect("len"), 1);
    }
}
