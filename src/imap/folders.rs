//! Folder commands: LIST, CREATE, APPEND, and removing one message.

use super::error::ImapError;
use super::mailbox;
use super::response::quote;
use super::session::Session;
use imap_proto::{MailboxDatum, Response};
use std::io::{Read, Write};

/// One folder of a LIST answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFolder {
    /// Decoded from modified UTF-7, as a config names it.
    pub name: String,
    /// False for a `\Noselect` or `\NonExistent` name (a level of the
    /// hierarchy that holds no mail of its own).
    pub selectable: bool,
    /// Its special use (RFC 6154) where the server marks one: "Sent",
    /// "Drafts", "Archive", "Junk", "Trash", "All" or "Flagged".
    pub special: Option<&'static str>,
}

impl<S: Read + Write> Session<S> {
    /// Appends a message to a folder; returns its UID when the server says
    /// (UIDPLUS).
    pub fn append(
        &mut self,
        folder: &str,
        raw: &[u8],
        flags: &[&str],
    ) -> Result<Option<u32>, ImapError> {
        let wire = mailbox::encode(folder);
        let appended = self.guard(&format!("append to folder {folder:?}"), |s| {
            let mut cmd = s.append(&wire, raw);
            for f in flags {
                cmd.flag(imap::types::Flag::from(*f));
            }
            cmd.finish()
        })?;
        Ok(appended
            .uids
            .and_then(|u| u.into_iter().next())
            .map(|m| match m {
                imap_proto::UidSetMember::Uid(u) => u,
                imap_proto::UidSetMember::UidRange(r) => *r.start(),
            }))
    }

    /// Creates a folder.
    pub fn create(&mut self, folder: &str) -> Result<(), ImapError> {
        let action = format!("create folder {folder:?}");
        let quoted = quote(&mailbox::encode(folder)).ok_or_else(|| ImapError::Refused {
            host: self.host.clone(),
            action: action.clone(),
            message: "the name contains a line break".into(),
        })?;
        self.raw(&action, &format!("CREATE {quoted}")).map(|_| ())
    }

    /// Every folder the server lists for this user (`LIST "" "*"`), names as
    /// the user reads them, in the server's order. Used to say which folders
    /// exist when a configured one does not.
    pub fn list_folders(&mut self) -> Result<Vec<ListedFolder>, ImapError> {
        let responses = self.raw("list folders", "LIST \"\" \"*\"")?;
        Ok(responses
            .into_iter()
            .filter_map(|r| match r {
                Response::MailboxData(MailboxDatum::List {
                    name_attributes,
                    name,
                    ..
                }) => {
                    use imap_proto::NameAttribute as A;
                    let selectable = !name_attributes.iter().any(|a| {
                        matches!(a, A::NoSelect)
                            || matches!(a, A::Extension(e) if e.eq_ignore_ascii_case("\\NonExistent"))
                    });
                    let special = name_attributes.iter().find_map(|a| match a {
                        A::Sent => Some("Sent"),
                        A::Drafts => Some("Drafts"),
                        A::Archive => Some("Archive"),
                        A::Junk => Some("Junk"),
                        A::Trash => Some("Trash"),
                        A::All => Some("All"),
                        A::Flagged => Some("Flagged"),
                        _ => None,
                    });
                    Some(ListedFolder {
                        name: mailbox::decode(&name),
                        selectable,
                        special,
                    })
                }
                _ => None,
            })
            .collect())
    }

    /// Removes one message of the selected folder: `\Deleted`, then `UID
    /// EXPUNGE` of that UID alone (UIDPLUS), so that other messages someone
    /// marked deleted stay as they are. Without UIDPLUS the message keeps
    /// `\Deleted` for the user's client to expunge; returns whether it is gone.
    pub fn remove(&mut self, uid: u32) -> Result<bool, ImapError> {
        self.raw(
            &format!("mark UID {uid} deleted"),
            &format!("UID STORE {uid} +FLAGS.SILENT (\\Deleted)"),
        )?;
        if !self.has("UIDPLUS") {
            return Ok(false);
        }
        self.raw(&format!("expunge UID {uid}"), &format!("UID EXPUNGE {uid}"))?;
        Ok(true)
    }
}
