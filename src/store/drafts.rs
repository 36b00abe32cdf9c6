//! Reading what drafts need: an issue's messages with their roles,
//! recipients, Reply-To and threading ids, and the desk address the team
//! writes new requests to.

use super::write::from_ts;
use super::{SqlContext, Store, StoreError};
use crate::issues::Role;
use crate::issues::model::{Thread, ThreadMessage};
use crate::mail::Address;

/// Addresses stored as a JSON array of `{name, email}`; a row that does not
/// read as one has no addresses rather than stopping a draft.
pub(super) fn addresses(json: &str) -> Vec<Address> {
    #[derive(serde::Deserialize)]
    struct A {
        name: Option<String>,
        email: String,
    }
    serde_json::from_str::<Vec<A>>(json)
        .map(|v| {
            v.into_iter()
                .map(|a| Address::new(a.name.as_deref(), &a.email))
                .collect()
        })
        .unwrap_or_default()
}

fn ids(s: &str) -> Vec<String> {
    s.split_ascii_whitespace().map(str::to_owned).collect()
}

impl Store {
    /// An issue (by key, in any case, or `unfiled:` id) as a reply needs it:
    /// its canonical Subject and its messages in date order.
    pub fn draft_thread(&self, wanted: &str) -> Result<Thread, StoreError> {
        let id = self.resolve_id(wanted)?;
        let (key, title, canonical_subject): (Option<String>, String, String) = self
            .conn()
            .query_row(
                "SELECT key, title, canonical_subject FROM issues WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ctx("read an issue")?;
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT m.message_id, m.date, a.role, m.from_name, m.from_email, m.reply_to_json,
                        m.to_json, m.cc_json, m.in_reply_to, m.refs
                 FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.issue_id = ?1 ORDER BY m.date, m.id",
            )
            .ctx("read an issue's messages")?;
        let rows = st
            .query_map([&id], |r| {
                let from_email: Option<String> = r.get(4)?;
                let from_name: Option<String> = r.get(3)?;
                Ok(ThreadMessage {
                    message_id: r.get(0)?,
                    date: from_ts(r.get(1)?),
                    role: r.get::<_, Role>(2)?,
                    from: from_email.map(|e| Address::new(from_name.as_deref(), &e)),
                    reply_to: addresses(&r.get::<_, String>(5)?),
                    to: addresses(&r.get::<_, String>(6)?),
                    cc: addresses(&r.get::<_, String>(7)?),
                    in_reply_to: ids(&r.get::<_, String>(8)?),
                    references: ids(&r.get::<_, String>(9)?),
                })
            })
            .ctx("read an issue's messages")?;
        let messages = rows
            .collect::<Result<Vec<_>, _>>()
            .ctx("read an issue's messages")?;
        Ok(Thread {
            key,
            title,
            canonical_subject,
            messages,
        })
    }

    /// The addresses the desk wrote from, with how often, most frequent
    /// first: to tell the desk's domain when the config names none.
    pub fn desk_senders(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT m.from_email FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.role = 'desk' AND m.from_email IS NOT NULL
                 GROUP BY m.from_email ORDER BY count(*) DESC, m.from_email",
            )
            .ctx("read the desk's addresses")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read the desk's addresses")?;
        rows.collect::<Result<Vec<_>, _>>()
            .ctx("read the desk's addresses")
    }

    /// The recipients of the team's requests (the first team message of
    /// each issue), newest first: where a new request goes when the config
    /// names no desk address.
    pub fn request_recipients(&self) -> Result<Vec<Address>, StoreError> {
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT m.to_json FROM assignments a JOIN messages m ON m.id = a.message_rowid
                 WHERE a.role = 'team'
                   AND m.date = (SELECT min(n.date) FROM assignments b
                                 JOIN messages n ON n.id = b.message_rowid
                                 WHERE b.issue_id = a.issue_id)
                 ORDER BY m.date DESC, m.id DESC",
            )
            .ctx("read the team's requests")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read the team's requests")?;
        let mut out: Vec<Address> = Vec::new();
        for r in rows {
            for a in addresses(&r.ctx("read the team's requests")?) {
                if !out.iter().any(|o| o.email == a.email) {
                    out.push(a);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_address_json_reads_as_none() {
        assert_eq!(addresses("not json"), Vec::<Address>::new());
        assert_eq!(
            addresses(r#"[{"name":"Kari","email":"Kari@Example.com"}]"#),
            vec![Address::new(Some("Kari"), "kari@example.com")]
        );
    }
}
