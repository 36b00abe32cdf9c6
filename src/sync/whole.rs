//! `vsd fetch MESSAGE-ID`: a message stored as its header (above
//! `max_message_size`) downloaded whole.

use super::SyncError;
use super::fetch::incoming;
use super::ingest::{self, Incoming};
use crate::config::Config;
use crate::imap::{self, ImapError};
use crate::store::Store;
use std::path::Path;

/// What `vsd fetch` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WholeFetch {
    /// The placeholder was replaced by the whole message of this many bytes.
    Replaced { bytes: u64, folder: String },
    /// The store held the message whole already.
    AlreadyWhole,
}

/// `vsd fetch MESSAGE-ID`: downloads a message stored as a placeholder (above
/// `max_message_size`) whole from the first folder that still has it,
/// replaces the placeholder, and regroups, so its text and flags are those
/// of the real message.
pub fn fetch_whole(cfg: &Config, db: &Path, message_id: &str) -> Result<WholeFetch, SyncError> {
    let imap_cfg = cfg.imap.as_ref().ok_or(SyncError::NoImap)?;
    imap::quiet_imap_panics();
    let _lock = Store::lock_writer(db)?;
    let mut store = Store::open(db)?;
    let stored = store
        .stored_message(message_id)?
        .ok_or_else(|| SyncError::NoMessage {
            id: message_id.to_string(),
        })?;
    if stored.partial_size.is_none() {
        return Ok(WholeFetch::AlreadyWhole);
    }
    if stored.locations.is_empty() {
        return Err(SyncError::NotOnServer {
            id: stored.message_id,
            why: "no folder on the server holds it any more".into(),
        });
    }
    let password = imap::password(imap_cfg)?;
    let mut session = imap::connect(imap_cfg, &password)?;
    let mut why = String::from("no folder on the server holds it any more");
    for (folder, v, uid) in &stored.locations {
        let status = match session.select(folder) {
            Ok(s) => s,
            Err(ImapError::NoFolder { message, .. }) => {
                why = format!("folder {folder:?} is gone ({message})");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if status.uidvalidity != *v {
            why = format!("folder {folder:?} was recreated since the sync (run `vsd sync`)");
            continue;
        }
        let Some(f) = session
            .fetch(&uid.to_string())?
            .into_iter()
            .find(|f| f.uid == *uid)
        else {
            why = format!("UID {uid} is no longer in folder {folder:?}");
            continue;
        };
        let bytes = f.raw.len() as u64;
        let item = Incoming {
            location: None,
            ..incoming(folder, *v, f)
        };
        let whole = ingest::prepare(item);
        if whole.message.message_id != stored.message_id {
            why = format!(
                "UID {uid} in folder {folder:?} now holds another message ({:?})",
                whole.message.message_id
            );
            continue;
        }
        store.replace_message(stored.rowid, &whole)?;
        store.regroup(cfg)?;
        session.logout();
        return Ok(WholeFetch::Replaced {
            bytes,
            folder: folder.clone(),
        });
    }
    session.logout();
    Err(SyncError::NotOnServer {
        id: stored.message_id,
        why,
    })
}
