//! UIDs waiting to be fetched again: the `fetch_pending` table.
//!
//! Sync raises a folder's UIDNEXT past a UID only when the message is stored
//! or recorded here with the reason it was not (the server sent no body, an
//! empty body, an answer that could not be read, or nothing). Every sync
//! fetches the recorded UIDs again; a row goes once its message is stored or
//! the server no longer lists the UID, so a message the server fails to serve
//! is never skipped for good.

use super::{SqlContext, Store, StoreError};
use rusqlite::params;

/// One UID that waits to be fetched again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFetched {
    pub folder: String,
    pub uidvalidity: u32,
    pub uid: u32,
    /// A short class: `no-body`, `empty-body`, `unreadable`, `no-uid`, `no-answer`,
    /// `refused`, `too-large` (fetched as its header from then on).
    pub reason: String,
    /// What the last attempt saw.
    pub detail: String,
    /// How many syncs asked for it (each may ask twice: in its batch, then alone).
    pub attempts: u32,
    /// Unix seconds.
    pub first_tried: i64,
    pub last_tried: i64,
}

impl Store {
    /// Records UIDs of a folder incarnation that could not be fetched:
    /// (uid, reason, detail). A UID already recorded counts one more attempt.
    pub fn record_not_fetched(
        &mut self,
        folder: &str,
        uidvalidity: u32,
        items: &[(u32, String, String)],
    ) -> Result<(), StoreError> {
        if items.is_empty() {
            return Ok(());
        }
        let now = chrono::Utc::now().timestamp();
        let tx = self
            .conn_mut()
            .transaction()
            .ctx("begin recording mail not fetched")?;
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO fetch_pending
                        (folder, uidvalidity, uid, reason, detail, attempts, first_tried, last_tried)
                     VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)
                     ON CONFLICT (folder, uidvalidity, uid) DO UPDATE SET
                        reason = excluded.reason, detail = excluded.detail,
                        attempts = attempts + 1, last_tried = excluded.last_tried",
                )
                .ctx("prepare recording mail not fetched")?;
            for (uid, reason, detail) in items {
                st.execute(params![
                    folder,
                    uidvalidity as i64,
                    *uid as i64,
                    reason,
                    detail,
                    now
                ])
                .ctx("record mail not fetched")?;
            }
        }
        tx.commit().ctx("commit mail not fetched")?;
        Ok(())
    }

    /// The UIDs of a folder incarnation that wait to be fetched again, ascending.
    pub fn not_fetched(
        &self,
        folder: &str,
        uidvalidity: u32,
    ) -> Result<Vec<NotFetched>, StoreError> {
        self.not_fetched_where(Some((folder, uidvalidity)))
    }

    /// Every UID that waits to be fetched again, by folder and UID.
    pub fn all_not_fetched(&self) -> Result<Vec<NotFetched>, StoreError> {
        self.not_fetched_where(None)
    }

    fn not_fetched_where(&self, of: Option<(&str, u32)>) -> Result<Vec<NotFetched>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT folder, uidvalidity, uid, reason, detail, attempts, first_tried, last_tried
                 FROM fetch_pending
                 WHERE ?1 IS NULL OR (folder = ?1 AND uidvalidity = ?2)
                 ORDER BY folder, uidvalidity, uid",
            )
            .ctx("prepare the list of mail not fetched")?;
        let (folder, v) = match of {
            Some((f, v)) => (Some(f), v as i64),
            None => (None, 0),
        };
        let rows = st
            .query_map(params![folder, v], |r| {
                Ok(NotFetched {
                    folder: r.get(0)?,
                    uidvalidity: r.get::<_, i64>(1)? as u32,
                    uid: r.get::<_, i64>(2)? as u32,
                    reason: r.get(3)?,
                    detail: r.get(4)?,
                    attempts: r.get::<_, i64>(5)? as u32,
                    first_tried: r.get(6)?,
                    last_tried: r.get(7)?,
                })
            })
            .ctx("list mail not fetched")?;
        rows.collect::<Result<_, _>>().ctx("list mail not fetched")
    }

    /// Forgets recorded UIDs of a folder incarnation (stored now, or gone
    /// from the server); returns how many were recorded.
    pub fn clear_not_fetched(
        &mut self,
        folder: &str,
        uidvalidity: u32,
        uids: &[u32],
    ) -> Result<usize, StoreError> {
        self.per_uid(
            "DELETE FROM fetch_pending WHERE folder = ?1 AND uidvalidity = ?2 AND uid = ?3",
            (folder, uidvalidity, uids),
            "clear mail not fetched",
        )
    }

    /// Forgets the recorded UIDs of a folder's other incarnations (the
    /// folder was recreated: those UIDs name nothing now).
    pub fn clear_other_incarnations_not_fetched(
        &self,
        folder: &str,
        uidvalidity: u32,
    ) -> Result<usize, StoreError> {
        self.conn()
            .execute(
                "DELETE FROM fetch_pending WHERE folder = ?1 AND uidvalidity != ?2",
                params![folder, uidvalidity as i64],
            )
            .ctx("clear an old folder incarnation's mail not fetched")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-5 store (before `fetch_pending`) keeps its folder state and
    /// mail, and starts with nothing waiting.
    #[test]
    fn version_5_store_gains_an_empty_pending_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("v5.db");
        {
            let c = rusqlite::Connection::open(&p).expect("open");
            for (_, sql) in &super::super::MIGRATIONS[..5] {
                c.execute_batch(sql).expect("schema");
            }
            c.pragma_update(None, "user_version", 5).expect("version");
            c.execute(
                "INSERT INTO folders (name, uidvalidity, uidnext) VALUES ('INBOX', 7, 42)",
                [],
            )
            .expect("folder");
        }
        let mut s = Store::open(&p).expect("migrate");
        assert_eq!(
            s.folder_state("INBOX").expect("state").map(|f| f.uidnext),
            Some(42)
        );
        assert_eq!(s.all_not_fetched().expect("list"), vec![]);
        s.record_not_fetched("INBOX", 7, &[(41, "no-body".into(), String::new())])
            .expect("record");
        assert_eq!(s.not_fetched("INBOX", 7).expect("list").len(), 1);
    }

    #[test]
    fn recorded_uids_count_attempts_and_clear() {
        let mut s = Store::open_in_memory().expect("open");
        s.record_not_fetched(
            "INBOX",
            7,
            &[
                (5, "no-body".into(), "first".into()),
                (3, "empty-body".into(), "x".into()),
            ],
        )
        .expect("record");
        s.record_not_fetched("INBOX", 7, &[(5, "unreadable".into(), "second".into())])
            .expect("record again");
        s.record_not_fetched("Sent", 1, &[(1, "no-answer".into(), String::new())])
            .expect("record");
        let inbox = s.not_fetched("INBOX", 7).expect("list");
        assert_eq!(
            inbox
                .iter()
                .map(|n| (n.uid, n.reason.as_str(), n.detail.as_str(), n.attempts))
                .collect::<Vec<_>>(),
            vec![(3, "empty-body", "x", 1), (5, "unreadable", "second", 2)]
        );
        assert!(inbox[1].last_tried >= inbox[1].first_tried);
        assert_eq!(s.all_not_fetched().expect("all").len(), 3);
        assert_eq!(s.clear_not_fetched("INBOX", 7, &[5, 9]).expect("clear"), 1);
        assert_eq!(
            s.clear_other_incarnations_not_fetched("INBOX", 8)
                .expect("clear old"),
            1
        );
        assert_eq!(
            s.all_not_fetched()
                .expect("all")
                .into_iter()
                .map(|n| n.folder)
                .collect::<Vec<_>>(),
            vec!["Sent".to_string()]
        );
    }
}
