//! A logged-in session and the plumbing every command goes through: calls
//! into the crate under `catch_unwind` ([`Session::guard`]), commands whose
//! answers are read past the crate ([`Session::exchange`],
//! [`Session::bulk_parts`]), and SELECT with its refusals read by their
//! words. The commands themselves live beside this file by what they do
//! (fetch, search, idle, folders).

use super::error::{ImapError, convert};
use super::idle::IdleNews;
use super::response::{Answer, Completion, names_missing_folder, quote, server_text, valid_modseq};
use super::{mailbox, reader};
use imap_proto::{MailboxDatum, Response, ResponseCode, Status, StatusAttribute};
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What SELECT told about a folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FolderStatus {
    pub uidvalidity: u32,
    /// The next UID the server will give; 0 when it did not say.
    pub uidnext: u32,
    pub exists: u32,
    pub highest_modseq: Option<u64>,
}

/// What a session learnt of the server as it went.
#[derive(Debug, Default)]
pub(super) struct Tracked {
    /// EXISTS of the selected folder as the server last said (SELECT, then
    /// untagged EXISTS and EXPUNGE in later answers).
    pub(super) exists: u32,
    /// The server refused `SELECT … (CONDSTORE)` although it announced
    /// CONDSTORE: it is not asked for it again this session.
    pub(super) condstore_refused: bool,
    /// The folder selected now, as the caller named it.
    pub(super) selected: Option<String>,
    /// What the server reported in IDLE, for [`Session::take_news`].
    pub(super) news: super::idle::IdleNews,
}

/// A logged-in session.
pub struct Session<S: Read + Write> {
    /// `None` once a call panicked inside the crate: the stream's state is
    /// unknown, so every later call fails and the caller reconnects.
    pub(super) inner: Option<imap::Session<reader::Shared<S>>>,
    /// The same stream, for reading large responses without the crate.
    pub(super) shared: reader::Shared<S>,
    pub(super) host: String,
    pub(super) caps: Vec<String>,
    pub(super) qresync: bool,
    pub(super) condstore: bool,
    /// The number of the last bulk command's tag (`b1`, `b2`, …).
    pub(super) bulk_tag: u32,
    pub(super) tracked: Tracked,
    /// A second handle on the TCP socket: the crate leaves no read timeout
    /// after IDLE and gives no access to its stream, and another thread may
    /// need to shut the connection to end a wait.
    pub(super) socket: Option<std::net::TcpStream>,
}

impl<S: Read + Write> Session<S> {
    /// Sets the limits on what the server may send (see [`reader`]).
    pub fn set_limits(&mut self, limits: reader::Limits) {
        self.shared.set_limits(limits);
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the server announced a capability (upper case, e.g. "IDLE").
    pub fn has(&self, cap: &str) -> bool {
        self.caps.iter().any(|c| c.eq_ignore_ascii_case(cap))
    }

    pub fn qresync_enabled(&self) -> bool {
        self.qresync
    }

    pub fn condstore_enabled(&self) -> bool {
        self.condstore || self.qresync
    }

    /// Runs `f` on the crate's session with panics caught.
    pub(super) fn guard<T>(
        &mut self,
        action: &str,
        f: impl FnOnce(&mut imap::Session<reader::Shared<S>>) -> imap::error::Result<T>,
    ) -> Result<T, ImapError> {
        let host = self.host.clone();
        let Some(inner) = self.inner.as_mut() else {
            return Err(ImapError::Closed {
                host,
                action: action.into(),
            });
        };
        match catch_unwind(AssertUnwindSafe(|| f(inner))) {
            Ok(r) => {
                // A limit hit or a read that failed inside an answer leaves
                // the stream out of step, even where the crate went on (it
                // ignores the answer to IDLE's DONE).
                if let Some(e) = self.shared.broken_error() {
                    self.inner = None;
                    return Err(match r {
                        Err(e) => convert(&host, action, e),
                        Ok(_) => convert(&host, action, imap::Error::Io(e)),
                    });
                }
                r.map_err(|e| {
                    // The crate reports a line it could not parse as a BYE
                    // and leaves the rest of the answer unread: the session
                    // is out of step from here on.
                    if matches!(e, imap::Error::Bye(_) | imap::Error::Parse(_)) {
                        self.inner = None;
                    }
                    convert(&host, action, e)
                })
            }
            Err(p) => {
                self.inner = None;
                Err(ImapError::Panicked {
                    host,
                    action: action.into(),
                    message: crate::text::panic_text(&p),
                })
            }
        }
    }

    /// Runs a raw command and parses every untagged response of its answer;
    /// a NO or BAD is an error.
    pub(super) fn raw(
        &mut self,
        action: &str,
        command: &str,
    ) -> Result<Vec<Response<'static>>, ImapError> {
        let answer = self.exchange(action, command)?;
        if !answer.completion.is_ok() {
            return Err(ImapError::Refused {
                host: self.host.clone(),
                action: action.into(),
                message: answer.completion.text,
            });
        }
        Ok(answer.responses)
    }

    /// Writes a command through the crate (which keeps the tag count) and
    /// reads its whole answer past it. An untagged line that cannot be
    /// parsed is logged and skipped, so one odd line costs only itself;
    /// EXISTS and EXPUNGE keep [`Session::exists`] current. A NO or BAD is
    /// returned, not raised: the caller decides what it means.
    pub(super) fn exchange(&mut self, action: &str, command: &str) -> Result<Answer, ImapError> {
        self.guard(action, |s| s.run_command(command))?;
        let host = self.host.clone();
        let mut parts = match self.shared.read_responses() {
            Ok(r) => r,
            Err(e) => {
                self.inner = None;
                return Err(convert(&host, action, imap::Error::Io(e)));
            }
        };
        let completion = Completion::parse(&parts.pop().unwrap_or_default());
        if !matches!(completion.status.as_str(), "OK" | "NO" | "BAD") {
            self.inner = None;
            return Err(ImapError::Protocol {
                host,
                action: action.into(),
                message: format!("unexpected completion {:?}", completion.text),
            });
        }
        let mut responses = Vec::new();
        for text in &parts {
            match imap_proto::parser::parse_response(text) {
                Ok((_, r)) => {
                    self.note_unsolicited(&r);
                    responses.push(r.into_owned());
                }
                Err(_) => tracing::warn!(
                    host = %host,
                    action,
                    line = %server_text(text),
                    "skipped an answer line the parser cannot read"
                ),
            }
        }
        Ok(Answer {
            responses,
            completion,
        })
    }

    /// Keeps [`Session::exists`] current and notes, as IDLE would, what the
    /// server reports about the selected folder beside the answer to another
    /// command (new mail during a STATUS or a fetch): the caller then applies
    /// it as news instead of waiting in IDLE for a report that was already
    /// sent. A `VANISHED (EARLIER)` is the answer to CHANGEDSINCE, not news.
    pub(super) fn note_unsolicited(&mut self, r: &Response<'_>) {
        let t = &mut self.tracked;
        match r {
            Response::MailboxData(MailboxDatum::Exists(n)) => {
                if *n != t.exists {
                    t.news.exists = Some(*n);
                }
                t.exists = *n;
            }
            Response::Expunge(_) => {
                t.exists = t.exists.saturating_sub(1);
                t.news.expunged += 1;
            }
            Response::Vanished {
                earlier: false,
                uids,
            } => {
                for r in uids {
                    t.news.vanished.extend(r.clone());
                }
            }
            _ => {}
        }
    }

    /// The `[ALERT]` texts the server sent since the last call (greeting,
    /// login, any command), each once, safe for the terminal.
    pub fn take_alerts(&self) -> Vec<String> {
        self.shared.take_alerts()
    }

    /// EXISTS of the selected folder as the server last reported it.
    pub fn exists(&self) -> u32 {
        self.tracked.exists
    }

    /// Like [`Session::raw`], but the command is written and its answer read
    /// past the crate (see [`reader`]): for large responses. The command
    /// carries a tag of its own, and the answer ends only on that tag's
    /// completion. Returns the untagged responses, each in a buffer of its
    /// own.
    pub(super) fn bulk_parts(
        &mut self,
        action: &str,
        command: &str,
    ) -> Result<Vec<Vec<u8>>, ImapError> {
        let mut parts = Vec::new();
        self.bulk_each(action, command, |p| parts.push(p))?;
        Ok(parts)
    }

    /// [`Session::bulk_parts`], handing each untagged response to `each` as
    /// it is read, so that what the caller keeps of a long answer (a listing
    /// of every UID) is all it costs.
    pub(super) fn bulk_each(
        &mut self,
        action: &str,
        command: &str,
        each: impl FnMut(Vec<u8>),
    ) -> Result<(), ImapError> {
        let host = self.host.clone();
        if self.inner.is_none() {
            return Err(ImapError::Closed {
                host,
                action: action.into(),
            });
        }
        self.bulk_tag += 1;
        let tag = format!("b{}", self.bulk_tag);
        let mut w = self.shared.clone();
        let sent = w
            .write_all(format!("{tag} {command}\r\n").as_bytes())
            .and_then(|()| w.flush());
        let read = sent.and_then(|()| self.shared.read_responses_each(Some(tag.as_bytes()), each));
        let done = match read {
            Ok(d) => d,
            Err(e) => {
                // Part of an answer may be left unread: the session is done.
                self.inner = None;
                return Err(convert(&host, action, imap::Error::Io(e)));
            }
        };
        let status = done
            .splitn(3, |b| *b == b' ')
            .nth(1)
            .map(|w| w.to_ascii_uppercase())
            .unwrap_or_default();
        if status == b"OK" {
            return Ok(());
        }
        let message = server_text(&done);
        Err(if status == b"NO" || status == b"BAD" {
            ImapError::Refused {
                host,
                action: action.into(),
                message,
            }
        } else {
            self.inner = None;
            ImapError::Protocol {
                host,
                action: action.into(),
                message: format!("unexpected completion {message:?}"),
            }
        })
    }

    /// Turns on QRESYNC (else CONDSTORE) when the server offers it, so that
    /// SELECT reports HIGHESTMODSEQ and FETCH can ask for changes only.
    pub fn enable_change_tracking(&mut self) -> Result<(), ImapError> {
        if self.qresync || self.condstore {
            return Ok(());
        }
        if self.has("QRESYNC") && self.has("ENABLE") {
            self.raw("enable QRESYNC", "ENABLE QRESYNC")?;
            self.qresync = true;
        } else if self.has("CONDSTORE") && !self.tracked.condstore_refused {
            self.condstore = true;
        }
        Ok(())
    }

    /// Selects a folder read-write (flags are read, never changed: bodies are
    /// fetched with BODY.PEEK).
    ///
    /// A refusal is read by its words: a folder that does not exist (or may
    /// not be read) is the config's problem ([`ImapError::NoFolder`]); any
    /// other NO (`[UNAVAILABLE]`, `[SERVERBUG]`, a backend down) is the
    /// server's ([`ImapError::FolderRefused`]). A server that refuses
    /// `SELECT … (CONDSTORE)` although it announced CONDSTORE is asked with
    /// a plain SELECT, and not asked for CONDSTORE again this session.
    /// `HIGHESTMODSEQ 0` (which RFC 7162 does not allow) counts as none.
    pub fn select(&mut self, folder: &str) -> Result<FolderStatus, ImapError> {
        let action = format!("select folder {folder:?}");
        let quoted = quote(&mailbox::encode(folder)).ok_or_else(|| ImapError::NoFolder {
            host: self.host.clone(),
            folder: folder.to_string(),
            message: "the name contains a line break".into(),
        })?;
        // A SELECT that fails leaves no folder selected (RFC 3501 6.3.1).
        self.tracked.selected = None;
        self.tracked.news = IdleNews::default();
        let mut answer = self.select_answer(folder, &action, &quoted)?;
        if !answer.completion.is_ok() {
            let missing = names_missing_folder(&answer.completion);
            let message = std::mem::take(&mut answer.completion.text);
            return Err(if missing {
                ImapError::NoFolder {
                    host: self.host.clone(),
                    folder: folder.to_string(),
                    message,
                }
            } else {
                ImapError::FolderRefused {
                    host: self.host.clone(),
                    folder: folder.to_string(),
                    message,
                }
            });
        }
        let mut st = FolderStatus::default();
        for r in answer.responses {
            match r {
                Response::Data {
                    status: Status::Ok,
                    code: Some(code),
                    ..
                } => match code {
                    ResponseCode::UidValidity(v) => st.uidvalidity = v,
                    ResponseCode::UidNext(n) => st.uidnext = n,
                    ResponseCode::HighestModSeq(m) => st.highest_modseq = valid_modseq(m),
                    _ => {}
                },
                Response::MailboxData(MailboxDatum::Exists(n)) => st.exists = n,
                _ => {}
            }
        }
        self.tracked.exists = st.exists;
        if st.uidvalidity == 0 {
            return Err(ImapError::Protocol {
                host: self.host.clone(),
                action,
                message: "SELECT gave no UIDVALIDITY".into(),
            });
        }
        self.tracked.selected = Some(folder.to_string());
        // Its own EXISTS is the starting point, not news.
        self.tracked.news = IdleNews::default();
        Ok(st)
    }

    /// The answer to SELECT, asked with CONDSTORE where that is on and
    /// without it when the server refuses it so.
    fn select_answer(
        &mut self,
        folder: &str,
        action: &str,
        quoted: &str,
    ) -> Result<Answer, ImapError> {
        if !self.condstore || self.qresync {
            return self.exchange(action, &format!("SELECT {quoted}"));
        }
        let a = self.exchange(action, &format!("SELECT {quoted} (CONDSTORE)"))?;
        if a.completion.is_ok() || names_missing_folder(&a.completion) {
            return Ok(a);
        }
        tracing::warn!(
            host = %self.host,
            folder,
            answer = %a.completion.text,
            "SELECT (CONDSTORE) refused; selecting without it"
        );
        let plain = self.exchange(action, &format!("SELECT {quoted}"))?;
        if plain.completion.is_ok() {
            self.condstore = false;
            self.tracked.condstore_refused = true;
        }
        Ok(plain)
    }

    /// The folder selected now, as it was named to [`Session::select`];
    /// `None` before any and after a SELECT that failed.
    pub fn selected(&self) -> Option<&str> {
        self.tracked.selected.as_deref()
    }

    /// STATUS of a folder that is not the selected one (RFC 3501 advises
    /// against STATUS on the selected folder): UIDVALIDITY, UIDNEXT, the
    /// message count in [`FolderStatus::exists`], and HIGHESTMODSEQ where
    /// change tracking is on. Much cheaper than SELECT on a large folder: the
    /// server answers from its index, and the selection stays.
    pub fn status(&mut self, folder: &str) -> Result<FolderStatus, ImapError> {
        let action = format!("look at folder {folder:?} (STATUS)");
        let quoted = quote(&mailbox::encode(folder)).ok_or_else(|| ImapError::NoFolder {
            host: self.host.clone(),
            folder: folder.to_string(),
            message: "the name contains a line break".into(),
        })?;
        let items = if self.condstore_enabled() {
            "(UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ)"
        } else {
            "(UIDVALIDITY UIDNEXT MESSAGES)"
        };
        let answer = self.exchange(&action, &format!("STATUS {quoted} {items}"))?;
        if !answer.completion.is_ok() {
            let message = answer.completion.text.clone();
            return Err(if names_missing_folder(&answer.completion) {
                ImapError::NoFolder {
                    host: self.host.clone(),
                    folder: folder.to_string(),
                    message,
                }
            } else {
                ImapError::FolderRefused {
                    host: self.host.clone(),
                    folder: folder.to_string(),
                    message,
                }
            });
        }
        let mut st = FolderStatus::default();
        for r in answer.responses {
            if let Response::MailboxData(MailboxDatum::Status { status, .. }) = r {
                for a in status {
                    match a {
                        StatusAttribute::UidValidity(v) => st.uidvalidity = v,
                        StatusAttribute::UidNext(n) => st.uidnext = n,
                        StatusAttribute::Messages(n) => st.exists = n,
                        StatusAttribute::HighestModSeq(m) => st.highest_modseq = valid_modseq(m),
                        _ => {}
                    }
                }
            }
        }
        if st.uidvalidity == 0 {
            return Err(ImapError::Protocol {
                host: self.host.clone(),
                action,
                message: "STATUS gave no UIDVALIDITY".into(),
            });
        }
        Ok(st)
    }

    /// Sends NOOP (to pick up changes in the selected folder).
    pub fn noop(&mut self) -> Result<(), ImapError> {
        self.raw("check the connection (NOOP)", "NOOP").map(|_| ())
    }

    /// Says goodbye; errors are of no interest at that point.
    pub fn logout(mut self) {
        let _ = self.guard("log out", |s| s.logout());
    }
}
