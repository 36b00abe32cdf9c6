//! The attachments table: what each message holds, written with the
//! message (and again by re-analysis), read by `show`, `list` and
//! `vsd attachment`.

use super::{SqlContext, Store, StoreError};
use crate::issues::model::AttachmentView;
use crate::mail::Attachment;
use rusqlite::{Transaction, params};

/// One attachment of an issue, with the message that holds it: what
/// `vsd attachment` numbers and saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueAttachment {
    /// 1-based, in the order `vsd attachment list` prints: messages by date,
    /// parts in MIME order.
    pub number: usize,
    pub message_id: String,
    pub from: String,
    pub attachment: AttachmentView,
}

/// Records a new message's attachments.
pub(super) fn insert(
    tx: &Transaction<'_>,
    rowid: i64,
    list: &[Attachment],
) -> Result<(), StoreError> {
    let mut st = tx
        .prepare_cached(
            "INSERT OR REPLACE INTO attachments (message_rowid, seq, part, name, content_type, size, inline)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .ctx("prepare the attachment insert")?;
    for (seq, a) in list.iter().enumerate() {
        st.execute(params![
            rowid,
            seq as i64,
            a.part,
            a.name,
            a.content_type,
            a.size as i64,
            a.inline
        ])
        .ctx("store an attachment")?;
    }
    Ok(())
}

/// Replaces what is recorded for a message (fetched whole, re-analysed).
pub(super) fn replace(
    tx: &Transaction<'_>,
    rowid: i64,
    list: &[Attachment],
) -> Result<(), StoreError> {
    tx.execute("DELETE FROM attachments WHERE message_rowid = ?1", [rowid])
        .ctx("forget a message's attachments")?;
    insert(tx, rowid, list)
}

impl Store {
    /// Rewrites the attachments of messages read again from their raw mail.
    pub fn set_attachments(
        &mut self,
        updates: &[(i64, Vec<Attachment>)],
    ) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn_mut()
            .transaction()
            .ctx("begin recording attachments")?;
        for (rowid, list) in updates {
            replace(&tx, *rowid, list)?;
        }
        tx.commit().ctx("commit recorded attachments")
    }

    /// The attachments of one stored message, in MIME order.
    pub(super) fn attachments_of(&self, rowid: i64) -> Result<Vec<AttachmentView>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT part, name, content_type, size, inline FROM attachments
                 WHERE message_rowid = ?1 ORDER BY seq",
            )
            .ctx("read a message's attachments")?;
        let rows = st
            .query_map([rowid], |r| {
                Ok(Attachment {
                    part: r.get(0)?,
                    name: r.get(1)?,
                    content_type: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                    inline: r.get(4)?,
                })
            })
            .ctx("read a message's attachments")?;
        let mut out = Vec::new();
        for r in rows {
            out.push(AttachmentView::of(&r.ctx("read an attachment")?));
        }
        Ok(out)
    }

    /// An issue's attachments, numbered as `vsd attachment list` prints
    /// them: the issue's messages in `show`'s order, each message's parts in
    /// MIME order.
    pub fn issue_attachments(&self, wanted: &str) -> Result<Vec<IssueAttachment>, StoreError> {
        let detail = self.detail(wanted)?;
        let mut out = Vec::new();
        for m in detail.messages {
            for a in m.attachments {
                out.push(IssueAttachment {
                    number: out.len() + 1,
                    message_id: m.message_id.clone(),
                    from: m.from.clone(),
                    attachment: a,
                });
            }
        }
        Ok(out)
    }
}
