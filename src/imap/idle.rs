//! IDLE: waiting for the server to report a change in the selected folder,
//! and keeping what it reported ([`IdleNews`]), so that the caller can apply
//! exactly that (fetch the new UIDs, mark the vanished ones) without
//! selecting the folder again.

use super::error::ImapError;
use super::error::printable;
use super::fetch::FlagState;
use super::response::lasting_flags;
use super::session::Session;
use imap::types::UnsolicitedResponse;
use imap_proto::AttributeValue;
use std::io::{Read, Write};
use std::time::Duration;

/// How an IDLE wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleOutcome {
    /// The server reported a change (new mail, expunge, flags).
    Changed,
    /// The wait ran out; the caller renews IDLE.
    TimedOut,
    /// The caller's stop check said stop.
    Stopped,
}

/// What the server reported about the selected folder during IDLE, since
/// the last [`Session::take_news`]. The wait ends at the first report, and
/// the crate drops whatever else comes before IDLE's completion, so this
/// says *that* the folder changed and how, not every change: the caller
/// fetches from its own UIDNEXT on and asks for changes since its own
/// MODSEQ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdleNews {
    /// The last EXISTS the server gave: the folder's message count.
    pub exists: Option<u32>,
    /// How many EXPUNGEs (by sequence number, so which UIDs is unknown).
    pub expunged: usize,
    /// UIDs reported gone (VANISHED, with QRESYNC).
    pub vanished: Vec<u32>,
    /// Flags reported with their UID (a QRESYNC server always names it).
    pub flags: Vec<FlagState>,
    /// Flags reported by sequence number only.
    pub flags_without_uid: bool,
    /// A report of another kind (a new FLAGS list, an unknown response).
    pub other: bool,
}

impl IdleNews {
    pub fn is_empty(&self) -> bool {
        *self == IdleNews::default()
    }

    /// Adds one response; false when it is no news (keep-alive chatter).
    fn note(&mut self, resp: &UnsolicitedResponse) -> bool {
        match resp {
            UnsolicitedResponse::Exists(n) => self.exists = Some(*n),
            UnsolicitedResponse::Expunge(_) => self.expunged += 1,
            UnsolicitedResponse::Vanished { uids, .. } => {
                for r in uids {
                    self.vanished.extend(r.clone());
                }
            }
            UnsolicitedResponse::Fetch { attributes, .. } => {
                let mut uid = None;
                let mut flags = None;
                for a in attributes {
                    match a {
                        AttributeValue::Uid(u) if *u != 0 => uid = Some(*u),
                        AttributeValue::Flags(v) => flags = Some(lasting_flags(v.clone())),
                        _ => {}
                    }
                }
                match (uid, flags) {
                    (Some(uid), Some(flags)) => self.flags.push(FlagState { uid, flags }),
                    // MODSEQ alone, or a FETCH without a UID.
                    (None, Some(_)) => self.flags_without_uid = true,
                    _ => {}
                }
            }
            UnsolicitedResponse::Ok { .. }
            | UnsolicitedResponse::Recent(_)
            | UnsolicitedResponse::Bye { .. } => return false,
            _ => self.other = true,
        }
        true
    }
}

impl<S: Read + Write> Session<S> {
    /// Waits in IDLE until the server reports a change, `timeout` passes, or
    /// `stop` returns true (checked every `poll`). The read timeout is put
    /// back afterwards, since the crate leaves none. What the server
    /// reported is kept for [`Session::take_news`].
    pub fn idle(
        &mut self,
        timeout: Duration,
        poll: Duration,
        read_timeout: Duration,
        mut stop: impl FnMut() -> bool,
    ) -> Result<IdleOutcome, ImapError>
    where
        S: imap::extensions::idle::SetReadTimeout,
    {
        // Left over from the crate's own commands (an APPEND's EXISTS):
        // older than what the caller last looked at.
        self.guard("wait for new mail (IDLE)", |s| {
            s.take_all_unsolicited().for_each(drop);
            Ok(())
        })?;
        let started = std::time::Instant::now();
        let mut outcome = IdleOutcome::TimedOut;
        while started.elapsed() < timeout {
            if stop() {
                outcome = IdleOutcome::Stopped;
                break;
            }
            let left = timeout.saturating_sub(started.elapsed());
            let wait = poll.min(left).max(Duration::from_millis(10));
            if self.idle_once(wait, read_timeout)? {
                outcome = IdleOutcome::Changed;
                break;
            }
        }
        Ok(outcome)
    }

    /// One IDLE command of at most `wait`; true when the server reported a
    /// change (or an alert, which the user must see now, not at IDLE's
    /// renewal).
    fn idle_once(&mut self, wait: Duration, read_timeout: Duration) -> Result<bool, ImapError>
    where
        S: imap::extensions::idle::SetReadTimeout,
    {
        let mut bye: Option<String> = None;
        let mut news = std::mem::take(&mut self.tracked.news);
        let r = self.guard("wait for new mail (IDLE)", |s| {
            s.idle().timeout(wait).keepalive(false).wait_while(|resp| {
                if let UnsolicitedResponse::Bye { information, .. } = &resp {
                    bye = Some(information.clone().unwrap_or_default());
                    return false;
                }
                if let UnsolicitedResponse::Ok { code, .. } = &resp {
                    return !matches!(code, Some(imap_proto::ResponseCode::Alert));
                }
                !news.note(&resp)
            })
        });
        if let Some(n) = news.exists {
            self.tracked.exists = n;
        } else {
            self.tracked.exists = self.tracked.exists.saturating_sub(news.expunged as u32);
        }
        self.tracked.news = news;
        if let Some(sock) = &self.socket {
            let _ = sock.set_read_timeout(Some(read_timeout));
        }
        // The server ended the session (Microsoft 365 does so when the
        // access token expires): the caller signs in again.
        if let Some(info) = bye {
            self.inner = None;
            return Err(ImapError::Closed {
                host: self.host.clone(),
                action: format!(
                    "wait for new mail (IDLE) (server said BYE {})",
                    printable(&info)
                ),
            });
        }
        Ok(matches!(
            r?,
            imap::extensions::idle::WaitOutcome::MailboxChanged
        ))
    }

    /// What the server reported in IDLE since the last call (see
    /// [`IdleNews`]); selecting a folder forgets it.
    pub fn take_news(&mut self) -> IdleNews {
        std::mem::take(&mut self.tracked.news)
    }
}
