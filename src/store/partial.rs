//! Messages stored as a header and a placeholder (above `max_message_size`),
//! and their replacement by the whole message when it is fetched on request.

use super::write::{NewMessage, ts};
use super::{SqlContext, Store, StoreError};
use crate::issues::content::ANALYSIS_VERSION;
use rusqlite::{OptionalExtension, params};

/// What fetching one stored message whole needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    pub rowid: i64,
    pub message_id: String,
    /// The full size of a message stored as a placeholder; `None` when the
    /// store holds it whole.
    pub partial_size: Option<u64>,
    /// (folder, UIDVALIDITY, UID) of every location still on the server.
    pub locations: Vec<(String, u32, u32)>,
}

impl Store {
    /// The stored message with this Message-ID (angle brackets optional).
    pub fn stored_message(&self, message_id: &str) -> Result<Option<StoredMessage>, StoreError> {
        let id = message_id.trim();
        let id = id
            .strip_prefix('<')
            .and_then(|i| i.strip_suffix('>'))
            .unwrap_or(id);
        let row: Option<(i64, String, Option<i64>)> = self
            .conn()
            .query_row(
                "SELECT id, message_id, partial_size FROM messages WHERE message_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .ctx("look up a message")?;
        let Some((rowid, message_id, partial)) = row else {
            return Ok(None);
        };
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT folder, uidvalidity, uid FROM locations
                 WHERE message_rowid = ?1 AND gone = 0 ORDER BY folder, uidvalidity, uid",
            )
            .ctx("read a message's locations")?;
        let locations = st
            .query_map([rowid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)? as u32,
                    r.get::<_, i64>(2)? as u32,
                ))
            })
            .ctx("read a message's locations")?
            .collect::<Result<_, _>>()
            .ctx("read a message's locations")?;
        Ok(Some(StoredMessage {
            rowid,
            message_id,
            partial_size: partial.map(|n| n as u64),
            locations,
        }))
    }

    /// Replaces a stored message (a placeholder) with `m`, the same message
    /// fetched whole: its raw bytes, what its header says and its analysis.
    /// The next regroup reads everything, so its flags are derived anew.
    pub fn replace_message(&mut self, rowid: i64, m: &NewMessage) -> Result<(), StoreError> {
        self.before_write();
        let tx = self
            .conn_mut()
            .transaction()
            .ctx("begin replacing a message")?;
        let msg = &m.message;
        let findings = serde_json::to_string(&m.content.findings).unwrap_or_else(|_| "[]".into());
        let addrs =
            |a: &[crate::mail::Address]| serde_json::to_string(a).unwrap_or_else(|_| "[]".into());
        tx.execute(
            "UPDATE messages SET date = ?2, date_from_header = ?3, subject = ?4, from_name = ?5,
                from_email = ?6, to_json = ?7, cc_json = ?8, reply_to_json = ?9, in_reply_to = ?10,
                refs = ?11, new_text = ?12, quoted = ?13, quote_evidence = ?14, findings_json = ?15,
                parse_error = ?16, warnings = ?17, analysis_version = ?18, partial_size = ?19
             WHERE id = ?1",
            params![
                rowid,
                ts(m.date),
                m.date_from_header,
                msg.subject,
                msg.from.as_ref().and_then(|a| a.name.clone()),
                msg.from.as_ref().map(|a| a.email.clone()),
                addrs(&msg.to),
                addrs(&msg.cc),
                addrs(&msg.reply_to),
                msg.in_reply_to.join(" "),
                msg.references.join(" "),
                m.content.new_text,
                m.content.quoted,
                m.content.quote_evidence,
                findings,
                m.parse_error,
                msg.warnings.join("\n"),
                ANALYSIS_VERSION,
                m.partial.map(|n| n as i64),
            ],
        )
        .ctx("replace a message")?;
        super::raw::write(&tx, rowid, &m.raw, true)?;
        super::attachments::replace(&tx, rowid, &msg.attachments)?;
        tx.commit().ctx("commit a replaced message")?;
        self.after_commit();
        self.forget_grouping_basis()
    }
}

impl Store {
    /// The raw bytes of the stored message with this Message-ID.
    pub fn raw_message(&self, message_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<(i64, Vec<u8>, String)> = self
            .conn()
            .query_row(
                "SELECT m.id, r.raw, r.encoding FROM messages m
                 JOIN raw_messages r ON r.message_rowid = m.id WHERE m.message_id = ?1",
                [message_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .ctx("read a raw message")?;
        row.map(|(id, bytes, enc)| super::raw::unpack(bytes, &enc, id))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::ingest::{Incoming, prepare};

    fn incoming(raw: Vec<u8>) -> Incoming {
        Incoming {
            raw,
            origin: "test".into(),
            fallback_date: None,
            location: None,
        }
    }

    fn big(id: &str, line: &str) -> Vec<u8> {
        let mut raw =
            format!("Message-ID: <{id}>\r\nSubject: [VSD-3] logs\r\nFrom: ola@example.com\r\n\r\n")
                .into_bytes();
        while raw.len() < super::super::raw::STREAM_FROM + 4096 {
            raw.extend_from_slice(line.as_bytes());
        }
        raw
    }

    #[test]
    fn large_raw_mail_is_compressed_on_its_way_in_and_reads_back_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("v.db")).expect("open");
        let raw = big("big@x", "2026-03-02 capture failed: HTTP 500\r\n");
        let m = prepare(incoming(raw.clone()));
        assert!(m.raw.deferred, "large mail is compressed as it is written");
        s.add_messages(&[m]).expect("add");
        assert_eq!(s.raw_message("big@x").expect("read"), Some(raw.clone()));
        let (stored, enc): (i64, String) = s
            .conn()
            .query_row("SELECT length(raw), encoding FROM raw_messages", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("row");
        assert_eq!(enc, "zstd");
        assert!((stored as usize) < raw.len() / 4, "{stored}");

        // Replaced by another large body: the new bytes, whole.
        let rowid = s
            .stored_message("big@x")
            .expect("look up")
            .expect("row")
            .rowid;
        let other = big("big@x", "2026-03-03 refund failed: HTTP 409\r\n");
        s.replace_message(rowid, &prepare(incoming(other.clone())))
            .expect("replace");
        assert_eq!(s.raw_message("big@x").expect("read"), Some(other));
    }
}
