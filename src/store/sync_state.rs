//! IMAP sync state: the `folders` table (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ
//! per folder) and the `locations` table (where each stored message is on the
//! server, keyed by folder, UIDVALIDITY and UID). A location whose message
//! left the server is marked `gone = 1`, never deleted, so an issue's history
//! survives the mail's expunge; one the server lists again is `gone = 0`
//! again, since a claim that mail left can rest on a broken answer. A
//! HIGHESTMODSEQ of 0 (no valid mod-sequence, RFC 7162) is neither written
//! nor read back: the folder then has none.

use super::{SqlContext, Store, StoreError};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// What vsd last knew of a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderState {
    pub uidvalidity: u32,
    /// Every UID below this has been fetched (or was never there).
    pub uidnext: u32,
    /// The HIGHESTMODSEQ of the last complete sync, when the server has one.
    pub highest_modseq: Option<u64>,
    /// Unix seconds of the last complete sync.
    pub synced_at: Option<i64>,
}

impl Store {
    /// The stored state of a folder, or `None` before its first sync.
    pub fn folder_state(&self, folder: &str) -> Result<Option<FolderState>, StoreError> {
        self.conn()
            .query_row(
                "SELECT uidvalidity, uidnext, highest_modseq, synced_at FROM folders WHERE name = ?1",
                [folder],
                |r| {
                    Ok(FolderState {
                        uidvalidity: r.get::<_, i64>(0)? as u32,
                        uidnext: r.get::<_, i64>(1)? as u32,
                        highest_modseq: r
                            .get::<_, Option<i64>>(2)?
                            .filter(|m| *m > 0)
                            .map(|m| m as u64),
                        synced_at: r.get(3)?,
                    })
                },
            )
            .optional()
            .ctx("read a folder's sync state")
    }

    /// Writes a folder's state (insert or replace).
    pub fn set_folder_state(&self, folder: &str, st: &FolderState) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO folders (name, uidvalidity, uidnext, highest_modseq, synced_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (name) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                    uidnext = excluded.uidnext, highest_modseq = excluded.highest_modseq,
                    synced_at = excluded.synced_at",
                params![
                    folder,
                    st.uidvalidity as i64,
                    st.uidnext as i64,
                    st.highest_modseq
                        .filter(|m| *m > 0 && *m <= i64::MAX as u64)
                        .map(|m| m as i64),
                    st.synced_at
                ],
            )
            .ctx("write a folder's sync state")?;
        Ok(())
    }

    /// Raises a folder's UIDNEXT after a batch was stored (never lowers it).
    pub fn advance_uidnext(
        &self,
        folder: &str,
        uidvalidity: u32,
        uidnext: u32,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "UPDATE folders SET uidnext = MAX(uidnext, ?3) WHERE name = ?1 AND uidvalidity = ?2",
                params![folder, uidvalidity as i64, uidnext as i64],
            )
            .ctx("advance a folder's UIDNEXT")?;
        Ok(())
    }

    /// [`Store::present_uids`] at or above `from`: what a fetch of new
    /// mail must skip, without reading every location of a large folder.
    pub fn present_uids_from(
        &self,
        folder: &str,
        uidvalidity: u32,
        from: u32,
    ) -> Result<Vec<u32>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT uid FROM locations
                 WHERE folder = ?1 AND uidvalidity = ?2 AND uid >= ?3 AND gone = 0
                 ORDER BY uid",
            )
            .ctx("prepare the location lookup")?;
        let rows = st
            .query_map(params![folder, uidvalidity as i64, from as i64], |r| {
                r.get::<_, i64>(0).map(|u| u as u32)
            })
            .ctx("read locations")?;
        rows.collect::<Result<_, _>>().ctx("read locations")
    }

    /// UIDs of the messages present (not gone) in a folder incarnation, ascending.
    pub fn present_uids(&self, folder: &str, uidvalidity: u32) -> Result<Vec<u32>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT uid FROM locations WHERE folder = ?1 AND uidvalidity = ?2 AND gone = 0
                 ORDER BY uid",
            )
            .ctx("prepare the location lookup")?;
        let rows = st
            .query_map(params![folder, uidvalidity as i64], |r| {
                r.get::<_, i64>(0).map(|u| u as u32)
            })
            .ctx("read locations")?;
        rows.collect::<Result<_, _>>().ctx("read locations")
    }

    /// How many messages are present (not gone) in a folder incarnation.
    pub fn present_count(&self, folder: &str, uidvalidity: u32) -> Result<u64, StoreError> {
        self.conn()
            .query_row(PRESENT_COUNT, params![folder, uidvalidity as i64], |r| {
                r.get::<_, i64>(0).map(|n| n as u64)
            })
            .ctx("count locations")
    }

    /// Marks UIDs of a folder incarnation as gone from the server; returns how
    /// many were present before.
    pub fn mark_gone(
        &mut self,
        folder: &str,
        uidvalidity: u32,
        uids: &[u32],
    ) -> Result<usize, StoreError> {
        self.per_uid(
            "UPDATE locations SET gone = 1
             WHERE folder = ?1 AND uidvalidity = ?2 AND uid = ?3 AND gone = 0",
            (folder, uidvalidity, uids),
            "mark mail gone",
        )
    }

    /// Marks UIDs of a folder incarnation that the server lists as present
    /// again (they were marked gone on an answer that was wrong); returns
    /// how many were gone.
    pub fn mark_present(
        &mut self,
        folder: &str,
        uidvalidity: u32,
        uids: &[u32],
    ) -> Result<usize, StoreError> {
        self.per_uid(
            "UPDATE locations SET gone = 0
             WHERE folder = ?1 AND uidvalidity = ?2 AND uid = ?3 AND gone = 1",
            (folder, uidvalidity, uids),
            "mark mail present",
        )
    }

    /// Runs `sql` (parameters folder, UIDVALIDITY, UID) once per UID in one
    /// transaction; returns the rows it changed. `what` names the work in
    /// errors.
    pub(super) fn per_uid(
        &mut self,
        sql: &str,
        (folder, uidvalidity, uids): (&str, u32, &[u32]),
        what: &'static str,
    ) -> Result<usize, StoreError> {
        if uids.is_empty() {
            return Ok(0);
        }
        let tx = self.conn_mut().transaction().ctx(what)?;
        let mut n = 0;
        {
            let mut st = tx.prepare_cached(sql).ctx(what)?;
            for uid in uids {
                n += st
                    .execute(params![folder, uidvalidity as i64, *uid as i64])
                    .ctx(what)?;
            }
        }
        tx.commit().ctx(what)?;
        Ok(n)
    }

    /// Marks every location of a folder under another UIDVALIDITY as gone
    /// (the folder was recreated); returns how many.
    pub fn mark_other_incarnations_gone(
        &mut self,
        folder: &str,
        uidvalidity: u32,
    ) -> Result<usize, StoreError> {
        self.conn()
            .execute(
                "UPDATE locations SET gone = 1 WHERE folder = ?1 AND uidvalidity != ?2 AND gone = 0",
                params![folder, uidvalidity as i64],
            )
            .ctx("mark an old folder incarnation gone")
    }

    /// Sets the flags of located messages; returns how many rows changed.
    pub fn update_flags(
        &mut self,
        folder: &str,
        uidvalidity: u32,
        changes: &[(u32, Vec<String>)],
    ) -> Result<usize, StoreError> {
        let tx = self.conn_mut().transaction().ctx("begin updating flags")?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached(
                    "UPDATE locations SET flags = ?4
                     WHERE folder = ?1 AND uidvalidity = ?2 AND uid = ?3 AND flags != ?4",
                )
                .ctx("prepare the flag update")?;
            for (uid, flags) in changes {
                n += st
                    .execute(params![
                        folder,
                        uidvalidity as i64,
                        *uid as i64,
                        flags.join(" ")
                    ])
                    .ctx("update flags")?;
            }
        }
        tx.commit().ctx("commit flag updates")?;
        Ok(n)
    }

    /// The store's row ids of the given Message-IDs (those it has).
    pub fn rowids_of(&self, message_ids: &[String]) -> Result<HashMap<String, i64>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached("SELECT id FROM messages WHERE message_id = ?1")
            .ctx("prepare the Message-ID lookup")?;
        let mut out = HashMap::new();
        for id in message_ids {
            if let Some(row) = st
                .query_row([id], |r| r.get::<_, i64>(0))
                .optional()
                .ctx("look up a Message-ID")?
            {
                out.insert(id.clone(), row);
            }
        }
        Ok(out)
    }

    /// Records locations of messages already stored (a recreated folder
    /// matched back by Message-ID): (uid, message row id, flags).
    pub fn add_locations(
        &mut self,
        folder: &str,
        uidvalidity: u32,
        items: &[(u32, i64, Vec<String>)],
    ) -> Result<(), StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .ctx("begin adding locations")?;
        {
            let mut st = tx
                .prepare_cached(super::write::LOCATION_UPSERT)
                .ctx("prepare the location insert")?;
            for (uid, row, flags) in items {
                st.execute(params![
                    folder,
                    uidvalidity as i64,
                    *uid as i64,
                    row,
                    flags.join(" ")
                ])
                .ctx("add a location")?;
            }
        }
        tx.commit().ctx("commit locations")?;
        Ok(())
    }

    /// Message-IDs located (not gone) in a folder, sorted: what the store
    /// believes the folder holds.
    pub fn message_ids_in_folder(&self, folder: &str) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT m.message_id FROM locations l JOIN messages m ON m.id = l.message_rowid
                 WHERE l.folder = ?1 AND l.gone = 0 ORDER BY m.message_id",
            )
            .ctx("prepare the folder listing")?;
        let rows = st
            .query_map([folder], |r| r.get::<_, String>(0))
            .ctx("list a folder's messages")?;
        rows.collect::<Result<_, _>>()
            .ctx("list a folder's messages")
    }

    /// (uid, flags, gone) of every location of a folder incarnation.
    pub fn locations_of(
        &self,
        folder: &str,
        uidvalidity: u32,
    ) -> Result<Vec<(u32, String, bool)>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT uid, flags, gone FROM locations WHERE folder = ?1 AND uidvalidity = ?2
                 ORDER BY uid",
            )
            .ctx("prepare the location listing")?;
        let rows = st
            .query_map(params![folder, uidvalidity as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)? as u32,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)? != 0,
                ))
            })
            .ctx("list locations")?;
        rows.collect::<Result<_, _>>().ctx("list locations")
    }

    /// (uid, Message-ID) of every present location of a folder
    /// incarnation, by UID: which message each UID is.
    pub fn located_message_ids(
        &self,
        folder: &str,
        uidvalidity: u32,
    ) -> Result<Vec<(u32, String)>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT l.uid, m.message_id FROM locations l JOIN messages m ON m.id = l.message_rowid
                 WHERE l.folder = ?1 AND l.uidvalidity = ?2 AND l.gone = 0 ORDER BY l.uid",
            )
            .ctx("prepare the location listing")?;
        let rows = st
            .query_map(params![folder, uidvalidity as i64], |r| {
                Ok((r.get::<_, i64>(0)? as u32, r.get::<_, String>(1)?))
            })
            .ctx("list locations")?;
        rows.collect::<Result<_, _>>().ctx("list locations")
    }

    /// Whether the store holds any message: [`Store::message_count`]
    /// without counting them all.
    pub fn has_messages(&self) -> Result<bool, StoreError> {
        self.conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM messages)", [], |r| r.get(0))
            .ctx("look for messages")
    }

    /// How many messages the store holds.
    pub fn message_count(&self) -> Result<u64, StoreError> {
        self.conn()
            .query_row("SELECT COUNT(*) FROM messages", [], |r| {
                r.get::<_, i64>(0).map(|n| n as u64)
            })
            .ctx("count messages")
    }
}

/// The messages still present in one folder incarnation, counted from the
/// partial index `locations_present` on every sync.
pub(super) const PRESENT_COUNT: &str =
    "SELECT COUNT(*) FROM locations WHERE folder = ?1 AND uidvalidity = ?2 AND gone = 0";

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_message(id: &str) -> (Store, i64) {
        let s = Store::open_in_memory().expect("open");
        s.conn()
            .execute(
                "INSERT INTO messages (message_id, date, date_from_header, subject, to_json, cc_json,
                    reply_to_json, in_reply_to, refs, new_text, quoted, analysis_version)
                 VALUES (?1, 0, 1, 's', '[]', '[]', '[]', '', '', '', 0, 1)",
                [id],
            )
            .expect("insert");
        let row = s.conn().last_insert_rowid();
        (s, row)
    }

    #[test]
    fn folder_state_round_trips_and_uidnext_only_rises() {
        let s = Store::open_in_memory().expect("open");
        assert_eq!(s.folder_state("INBOX").expect("test value"), None);
        let st = FolderState {
            uidvalidity: 7,
            uidnext: 10,
            highest_modseq: Some(u64::from(u32::MAX) + 5),
            synced_at: Some(1),
        };
        s.set_folder_state("INBOX", &st).expect("test value");
        assert_eq!(s.folder_state("INBOX").expect("test value"), Some(st));
        s.advance_uidnext("INBOX", 7, 5).expect("test value");
        assert_eq!(
            s.folder_state("INBOX")
                .expect("test value")
                .expect("test value")
                .uidnext,
            10
        );
        s.advance_uidnext("INBOX", 7, 20).expect("test value");
        assert_eq!(
            s.folder_state("INBOX")
                .expect("test value")
                .expect("test value")
                .uidnext,
            20
        );
        // Another incarnation's UIDNEXT is not touched.
        s.advance_uidnext("INBOX", 8, 30).expect("test value");
        assert_eq!(
            s.folder_state("INBOX")
                .expect("test value")
                .expect("test value")
                .uidnext,
            20
        );
    }

    #[test]
    fn highestmodseq_zero_is_stored_as_none() {
        let s = Store::open_in_memory().expect("open");
        let st = FolderState {
            uidvalidity: 7,
            uidnext: 10,
            highest_modseq: Some(0),
            synced_at: Some(1),
        };
        s.set_folder_state("INBOX", &st).expect("test value");
        assert_eq!(
            s.folder_state("INBOX").expect("test value"),
            Some(FolderState {
                highest_modseq: None,
                ..st
            })
        );
        // One written by an older vsd reads back as none too.
        s.conn()
            .execute("UPDATE folders SET highest_modseq = 0", [])
            .expect("test value");
        assert_eq!(
            s.folder_state("INBOX")
                .expect("test value")
                .and_then(|f| f.highest_modseq),
            None
        );
    }

    #[test]
    fn gone_marks_and_flags_update() {
        let (mut s, row) = store_with_message("a@x");
        s.add_locations(
            "INBOX",
            7,
            &[(1, row, vec![]), (2, row, vec!["\\Seen".into()])],
        )
        .expect("test value");
        assert_eq!(s.present_uids("INBOX", 7).expect("test value"), vec![1, 2]);
        assert_eq!(
            s.update_flags(
                "INBOX",
                7,
                &[(1, vec!["\\Flagged".into()]), (2, vec!["\\Seen".into()])]
            )
            .expect("test value"),
            1
        );
        assert_eq!(s.mark_gone("INBOX", 7, &[2, 3]).expect("test value"), 1);
        assert_eq!(
            s.locations_of("INBOX", 7).expect("test value"),
            vec![
                (1, "\\Flagged".to_string(), false),
                (2, "\\Seen".to_string(), true)
            ]
        );
        assert_eq!(s.present_count("INBOX", 7).expect("test value"), 1);
        // Listed again: back, once.
        assert_eq!(s.mark_present("INBOX", 7, &[2, 9]).expect("test value"), 1);
        assert_eq!(s.mark_present("INBOX", 7, &[2]).expect("test value"), 0);
        assert_eq!(s.present_count("INBOX", 7).expect("test value"), 2);
        assert_eq!(s.mark_gone("INBOX", 7, &[2]).expect("test value"), 1);
        assert_eq!(
            s.mark_other_incarnations_gone("INBOX", 8)
                .expect("test value"),
            1
        );
        assert_eq!(s.present_count("INBOX", 7).expect("test value"), 0);
        assert_eq!(
            s.message_ids_in_folder("INBOX").expect("test value"),
            Vec::<String>::new()
        );
        assert_eq!(
            s.rowids_of(&["a@x".into(), "b@x".into()])
                .expect("test value")
                .len(),
            1
        );
    }
}
