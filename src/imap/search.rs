//! UID SEARCH: which UIDs a folder holds (all, from a UID on, of a set),
//! with EXISTS beside the full listing so that a short answer is not taken
//! for expunges, and the search by Message-ID.

use super::error::ImapError;
use super::response::quote;
use super::session::Session;
use imap_proto::{MailboxDatum, Response};
use std::io::{Read, Write};

/// The UIDs of the selected folder, and what EXISTS the server gave beside
/// them: a listing shorter than EXISTS is a broken answer (an index the
/// server lost), not evidence that mail left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UidList {
    pub uids: Vec<u32>,
    pub exists: u32,
}

impl UidList {
    /// Whether the listing and EXISTS agree, so that a UID missing from it
    /// may be taken as gone.
    pub fn agrees(&self) -> bool {
        self.uids.len() as u64 == u64::from(self.exists)
    }
}

impl<S: Read + Write> Session<S> {
    /// All UIDs in the selected folder, ascending.
    pub fn uids(&mut self) -> Result<Vec<u32>, ImapError> {
        self.uid_list().map(|l| l.uids)
    }

    /// All UIDs in the selected folder, ascending, with the EXISTS the
    /// server gave as of that answer, to check one against the other.
    pub fn uid_list(&mut self) -> Result<UidList, ImapError> {
        let responses = self.raw("search the folder", "UID SEARCH ALL")?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v);
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(UidList {
            uids,
            exists: self.tracked.exists,
        })
    }

    /// UIDs at or above `from` in the selected folder, ascending.
    pub fn uids_from(&mut self, from: u32) -> Result<Vec<u32>, ImapError> {
        let responses = self.raw(
            "search the folder",
            &format!("UID SEARCH UID {}:*", from.max(1)),
        )?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v.into_iter().filter(|u| *u >= from));
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// Which of the UIDs in `uid_set` the selected folder still has, ascending.
    pub fn uids_in(&mut self, uid_set: &str) -> Result<Vec<u32>, ImapError> {
        let responses = self.raw("search the folder", &format!("UID SEARCH UID {uid_set}"))?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v);
            }
        }
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// UIDs in the selected folder of messages whose Message-ID header is
    /// `id` (given without angle brackets): to tell whether a sent message
    /// was filed already.
    pub fn find_message_id(&mut self, id: &str) -> Result<Vec<u32>, ImapError> {
        let action = format!("search for Message-ID <{id}>");
        let quoted = quote(&format!("<{id}>")).ok_or_else(|| ImapError::Protocol {
            host: self.host.clone(),
            action: action.clone(),
            message: "the Message-ID contains a line break".into(),
        })?;
        let responses = self.raw(&action, &format!("UID SEARCH HEADER Message-ID {quoted}"))?;
        let mut uids = Vec::new();
        for r in responses {
            if let Response::MailboxData(MailboxDatum::Search(v)) = r {
                uids.extend(v);
            }
        }
        uids.sort_unstable();
        Ok(uids)
    }
}
