//! The record of sending, kept so that a draft is never sent twice: a send
//! is claimed as `sending` in a committed transaction before the first byte
//! goes out, and marked `sent` (or `failed`) after. A claim left at
//! `sending` is what a crash in between leaves behind; only the user can
//! tell whether the message went out, so vsd never clears it by itself.
//!
//! Also here: the drafts vsd wrote (a file, or a message in the IMAP drafts
//! folder), so that `vsd send --saved KEY` can find an issue's newest.

use super::write::{from_ts, ts};
use super::{SqlContext, Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// Where a send stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendState {
    /// Claimed; vsd had not heard back when it last wrote.
    Sending,
    Sent,
    /// The server or the program refused it: nothing went out.
    Failed,
}

impl SendState {
    pub fn as_str(self) -> &'static str {
        match self {
            SendState::Sending => "sending",
            SendState::Sent => "sent",
            SendState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> SendState {
        match s {
            "sent" => SendState::Sent,
            "failed" => SendState::Failed,
            // An unknown state is treated as the one that forbids a resend
            // without asking.
            _ => SendState::Sending,
        }
    }
}

/// One row of the send record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRecord {
    pub message_id: String,
    pub state: SendState,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub transport: String,
    pub detail: String,
}

/// A draft vsd wrote: a file, or a message in an IMAP folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDraft {
    pub message_id: String,
    pub issue_id: Option<String>,
    pub saved_at: DateTime<Utc>,
    pub path: Option<String>,
    pub folder: Option<String>,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
}

impl Store {
    /// The send record of a Message-ID, if it was ever sent or tried.
    pub fn send_record(&self, message_id: &str) -> Result<Option<SendRecord>, StoreError> {
        self.conn()
            .query_row(
                "SELECT message_id, state, started_at, finished_at, transport, detail
                 FROM sends WHERE message_id = ?1",
                [message_id],
                |r| {
                    Ok(SendRecord {
                        message_id: r.get(0)?,
                        state: SendState::parse(&r.get::<_, String>(1)?),
                        started_at: from_ts(r.get(2)?),
                        finished_at: r.get::<_, Option<i64>>(3)?.map(from_ts),
                        transport: r.get(4)?,
                        detail: r.get(5)?,
                    })
                },
            )
            .optional()
            .ctx("read the send record")
    }

    /// Claims a send: records `sending` and commits, unless the Message-ID
    /// was already claimed or sent. With `resend`, a claim left at `sending`
    /// or a finished send is taken over (the user said to send anyway).
    /// Returns the record that stood in the way when the claim was refused.
    pub fn claim_send(
        &mut self,
        message_id: &str,
        transport: &str,
        at: DateTime<Utc>,
        resend: bool,
    ) -> Result<Result<(), SendRecord>, StoreError> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx("begin claiming a send")?;
        let before: Option<(String, i64, Option<i64>, String, String)> = tx
            .query_row(
                "SELECT state, started_at, finished_at, transport, detail FROM sends WHERE message_id = ?1",
                [message_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .ctx("read the send record")?;
        if let Some((state, started, finished, transport_was, detail)) = before {
            let state = SendState::parse(&state);
            if state != SendState::Failed && !resend {
                return Ok(Err(SendRecord {
                    message_id: message_id.to_string(),
                    state,
                    started_at: from_ts(started),
                    finished_at: finished.map(from_ts),
                    transport: transport_was,
                    detail,
                }));
            }
        }
        tx.execute(
            "INSERT INTO sends (message_id, state, started_at, finished_at, transport, detail)
             VALUES (?1, 'sending', ?2, NULL, ?3, '')
             ON CONFLICT (message_id) DO UPDATE SET state = 'sending', started_at = excluded.started_at,
                finished_at = NULL, transport = excluded.transport, detail = ''",
            params![message_id, ts(at), transport],
        )
        .ctx("record a send")?;
        tx.commit().ctx("commit a send's claim")?;
        Ok(Ok(()))
    }

    /// Marks a claimed send as finished: `sent` or `failed`, with the
    /// server's answer or the reason.
    pub fn finish_send(
        &mut self,
        message_id: &str,
        state: SendState,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "UPDATE sends SET state = ?2, finished_at = ?3, detail = ?4 WHERE message_id = ?1",
                params![message_id, state.as_str(), ts(at), detail],
            )
            .ctx("record the end of a send")?;
        Ok(())
    }

    /// Records a draft vsd wrote, under its issue (None for a new request).
    pub fn record_draft(&mut self, d: &SavedDraft) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO saved_drafts (message_id, issue_id, saved_at, path, folder, uidvalidity, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (message_id) DO UPDATE SET issue_id = excluded.issue_id,
                    saved_at = excluded.saved_at, path = excluded.path, folder = excluded.folder,
                    uidvalidity = excluded.uidvalidity, uid = excluded.uid",
                params![
                    d.message_id,
                    d.issue_id,
                    ts(d.saved_at),
                    d.path,
                    d.folder,
                    d.uidvalidity,
                    d.uid
                ],
            )
            .ctx("record a draft")?;
        Ok(())
    }

    /// The newest draft recorded for an issue (its key in any case, or its
    /// unfiled id; `new` for new requests).
    pub fn newest_draft(&self, issue: &str) -> Result<Option<SavedDraft>, StoreError> {
        let sql = "SELECT message_id, issue_id, saved_at, path, folder, uidvalidity, uid
                   FROM saved_drafts WHERE {where} ORDER BY saved_at DESC, rowid DESC LIMIT 1";
        let (sql, arg) = if issue.eq_ignore_ascii_case("new") {
            (sql.replace("{where}", "issue_id IS NULL AND ?1 = ?1"), "")
        } else {
            (sql.replace("{where}", "lower(issue_id) = lower(?1)"), issue)
        };
        self.conn()
            .query_row(&sql, [arg.trim()], |r| {
                Ok(SavedDraft {
                    message_id: r.get(0)?,
                    issue_id: r.get(1)?,
                    saved_at: from_ts(r.get(2)?),
                    path: r.get(3)?,
                    folder: r.get(4)?,
                    uidvalidity: r.get(5)?,
                    uid: r.get(6)?,
                })
            })
            .optional()
            .ctx("find an issue's newest draft")
    }

    /// The issue a stored message was grouped into.
    pub fn issue_of_message(
        &self,
        message_id: &str,
    ) -> Result<Option<crate::issues::IssueId>, StoreError> {
        self.conn()
            .query_row(
                "SELECT a.issue_id FROM messages m JOIN assignments a ON a.message_rowid = m.id
                 WHERE m.message_id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()
            .ctx("find a message's issue")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_stands_until_finished_and_a_sent_message_is_refused() {
        let mut s = Store::open_in_memory().expect("store");
        let t = Utc::now();
        assert_eq!(
            s.claim_send("a@x", "smtp h:1", t, false).expect("claim"),
            Ok(())
        );
        let refused = s
            .claim_send("a@x", "smtp h:1", t, false)
            .expect("claim")
            .expect_err("claimed already");
        assert_eq!(refused.state, SendState::Sending);
        s.finish_send("a@x", SendState::Sent, "250 ok", t)
            .expect("finish");
        let refused = s
            .claim_send("a@x", "smtp h:1", t, false)
            .expect("claim")
            .expect_err("sent already");
        assert_eq!(
            (refused.state, refused.detail.as_str()),
            (SendState::Sent, "250 ok")
        );
        assert_eq!(
            s.claim_send("a@x", "smtp h:1", t, true).expect("claim"),
            Ok(())
        );
        assert_eq!(
            s.send_record("a@x").expect("read").map(|r| r.state),
            Some(SendState::Sending)
        );
    }

    #[test]
    fn a_failed_send_may_be_tried_again() {
        let mut s = Store::open_in_memory().expect("store");
        let t = Utc::now();
        assert_eq!(
            s.claim_send("b@x", "sendmail msmtp", t, false)
                .expect("claim"),
            Ok(())
        );
        s.finish_send("b@x", SendState::Failed, "exit 1", t)
            .expect("finish");
        assert_eq!(
            s.claim_send("b@x", "sendmail msmtp", t, false)
                .expect("claim"),
            Ok(())
        );
    }

    #[test]
    fn newest_draft_of_an_issue() {
        let mut s = Store::open_in_memory().expect("store");
        let t = Utc::now();
        for (id, key, secs, path) in [
            ("1@x", Some("VSD-1"), 0, "a.eml"),
            ("2@x", Some("VSD-1"), 10, "b.eml"),
            ("3@x", None, 20, "c.eml"),
        ] {
            s.record_draft(&SavedDraft {
                message_id: id.into(),
                issue_id: key.map(String::from),
                saved_at: t + chrono::Duration::seconds(secs),
                path: Some(path.into()),
                folder: None,
                uidvalidity: None,
                uid: None,
            })
            .expect("record");
        }
        let d = s.newest_draft("vsd-1").expect("read").expect("a draft");
        assert_eq!(d.message_id, "2@x");
        let d = s.newest_draft("new").expect("read").expect("a draft");
        assert_eq!(d.message_id, "3@x");
        assert!(s.newest_draft("VSD-2").expect("read").is_none());
    }
}
