//! `vsd close` and `vsd reopen`: an issue's local state changed, with its
//! event, or left as it is with a line saying why.

use super::{Paths, no_issue, open_maintained, team};
use crate::config::Config;
use crate::issues::team::OpKind;
use crate::store::Store;
use std::io::Write;

/// `vsd close KEY` / `vsd reopen KEY`
pub fn close(
    paths: &Paths,
    cfg: &Config,
    key: &str,
    close: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let _lock = Store::lock_writer(&paths.db)?;
    let mut store = open_maintained(paths, cfg)?;
    match change_state(&mut store, cfg, key, close)? {
        StateChange::Done(id, status) => writeln!(out, "{id}: {}", status.as_str())?,
        StateChange::Already(line) => writeln!(out, "{line}")?,
    }
    Ok(())
}

/// What a close or reopen did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StateChange {
    /// The issue's id and new status.
    Done(String, crate::issues::Status),
    /// Nothing to do (closing a closed issue, reopening an open one): why,
    /// in a line; nothing was logged.
    Already(String),
}

/// Closes or reopens an issue locally, with its event, and regroups; the
/// caller holds the writer lock. Closing a closed issue or reopening an
/// open one changes and logs nothing, and says so.
pub(super) fn change_state(
    store: &mut Store,
    cfg: &Config,
    key: &str,
    close: bool,
) -> anyhow::Result<StateChange> {
    use crate::issues::Status;
    let id = store.resolve_id(key).map_err(no_issue(key))?;
    let now_status = store.detail(&id)?.status;
    if close && now_status == Status::Closed {
        return Ok(StateChange::Already(format!(
            "{id} is closed already; nothing changed (vsd reopen {id} reopens it)"
        )));
    }
    if !close && now_status.is_open() {
        return Ok(StateChange::Already(format!(
            "{id} is open ({}); nothing to reopen",
            now_status.as_str()
        )));
    }
    let kind = if close { OpKind::Close } else { OpKind::Reopen };
    let op = team::act(store, cfg, &id, kind)?;
    let status = store.detail(&op.key)?.status;
    Ok(StateChange::Done(op.key, status))
}
