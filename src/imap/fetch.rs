//! Fetching: whole messages or headers in bulk (read past the crate, each
//! answer parsed on its own and salvaged when imap-proto refuses it), the
//! size listing, flags, changes since a MODSEQ, and Message-ID headers.

use super::error::ImapError;
use super::response::{collect_change, is_fetch_answer, server_text, uid_in};
use super::salvage::{FetchAnswer, salvage_fetch};
use super::session::Session;
use imap_proto::{AttributeValue, MailboxDatum, Response};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::num::NonZeroU64;
use std::panic::catch_unwind;

/// One message as fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub uid: u32,
    pub flags: Vec<String>,
    /// INTERNALDATE as the server wrote it (RFC 3501 date-time).
    pub internal_date: Option<String>,
    pub raw: Vec<u8>,
}

/// Flags of one message, with its MODSEQ where the server gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagState {
    pub uid: u32,
    pub flags: Vec<String>,
}

/// What changed in a folder since a MODSEQ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub flags: Vec<FlagState>,
    /// UIDs expunged since; only with QRESYNC.
    pub vanished: Vec<u32>,
}

/// What a fetch brought: the messages, and every answer that was not one.
/// The caller compares it with the UIDs it asked for: a UID in none of
/// these lists got no answer at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchReport {
    pub messages: Vec<Fetched>,
    /// Answers with a body but no UID: (sequence number, the message with
    /// `uid` 0), for the caller to match back.
    pub without_uid: Vec<(u32, Fetched)>,
    /// UIDs answered without a body item (an unsolicited flag update, or a
    /// server that left the body out).
    pub without_body: Vec<u32>,
    /// UIDs whose body came as NIL or with no bytes: not a message.
    pub empty_body: Vec<u32>,
    /// A second answer for a UID already answered, with another body.
    pub conflicting: Vec<Fetched>,
    /// Answers that could not be read at all: (UID, or 0 when unknown; why).
    pub unreadable: Vec<(u32, String)>,
    /// Whether the answer reported an expunge: sequence numbers moved.
    pub expunged: bool,
}

/// One message as listed by [`Session::listing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    pub seq: u32,
    pub uid: u32,
    pub size: Option<u32>,
}

impl<S: Read + Write> Session<S> {
    /// Sequence number, UID and RFC822.SIZE of the messages in `uid_set`,
    /// by UID, and whether the answer reported an expunge (the sequence
    /// numbers before it are stale). An answer the parser cannot read is
    /// left out: the caller checks the UIDs against a SEARCH.
    ///
    /// Each answer is read into a [`Listed`] as it arrives (twelve bytes a
    /// message), never held whole: a first sync of a large folder lists every
    /// UID in it.
    pub fn listing(&mut self, uid_set: &str) -> Result<(Vec<Listed>, bool), ImapError> {
        let mut out = Vec::new();
        let mut news: Vec<Response<'static>> = Vec::new();
        let host = self.host.clone();
        self.bulk_each(
            "list new messages",
            &format!("UID FETCH {uid_set} (UID RFC822.SIZE)"),
            |text| match imap_proto::parser::parse_response(&text) {
                Ok((_, Response::Fetch(seq, attrs))) => {
                    let mut uid = 0;
                    let mut size = None;
                    for a in attrs {
                        match a {
                            AttributeValue::Uid(u) => uid = u,
                            AttributeValue::Rfc822Size(n) => size = Some(n),
                            _ => {}
                        }
                    }
                    if uid != 0 {
                        out.push(Listed { seq, uid, size });
                    }
                }
                Ok((
                    _,
                    r @ (Response::Expunge(_)
                    | Response::Vanished { .. }
                    | Response::MailboxData(MailboxDatum::Exists(_))),
                )) => news.push(r.into_owned()),
                Ok(_) => {}
                Err(_) => tracing::warn!(
                    host = %host,
                    line = %server_text(&text),
                    "skipped a listing line the parser cannot read"
                ),
            },
        )?;
        let moved = news
            .iter()
            .any(|r| matches!(r, Response::Expunge(_) | Response::Vanished { .. }));
        for r in &news {
            self.note_unsolicited(r);
        }
        out.sort_unstable_by_key(|l| l.uid);
        out.dedup_by_key(|l| l.uid);
        Ok((out, moved))
    }

    /// Flags of every message in `uid_set`.
    pub fn flags(&mut self, uid_set: &str) -> Result<Vec<FlagState>, ImapError> {
        let mut c = Changes::default();
        self.each_response(
            "fetch flags",
            &format!("UID FETCH {uid_set} (UID FLAGS)"),
            |r| collect_change(&mut c, r),
        )?;
        Ok(c.flags)
    }

    /// Flags changed and (with QRESYNC) UIDs expunged since `modseq`, which
    /// is never 0: RFC 7162 forbids `CHANGEDSINCE 0`.
    pub fn changes_since(&mut self, modseq: NonZeroU64) -> Result<Changes, ImapError> {
        let cmd = if self.qresync {
            format!("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE {modseq} VANISHED)")
        } else {
            format!("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE {modseq})")
        };
        let mut c = Changes::default();
        self.each_response("fetch changed flags", &cmd, |r| collect_change(&mut c, r))?;
        Ok(c)
    }

    /// Runs a command whose answer may be as long as the folder (flags of
    /// every message) and hands each response to `each` as it is read, so
    /// that only what `each` keeps of it is held. A line the parser cannot
    /// read is logged and skipped; the folder's news beside the answer is
    /// noted as [`Session::raw`] notes it.
    fn each_response(
        &mut self,
        action: &str,
        command: &str,
        mut each: impl FnMut(Response<'_>),
    ) -> Result<(), ImapError> {
        let mut news: Vec<Response<'static>> = Vec::new();
        let host = self.host.clone();
        self.bulk_each(
            action,
            command,
            |text| match imap_proto::parser::parse_response(&text) {
                Ok((
                    _,
                    r @ (Response::Expunge(_)
                    | Response::Vanished { earlier: false, .. }
                    | Response::MailboxData(MailboxDatum::Exists(_))),
                )) => news.push(r.into_owned()),
                Ok((_, r)) => each(r),
                Err(_) => tracing::warn!(
                    host = %host,
                    action,
                    line = %server_text(&text),
                    "skipped an answer line the parser cannot read"
                ),
            },
        )?;
        for r in &news {
            self.note_unsolicited(r);
        }
        Ok(())
    }

    /// Whole messages (`BODY.PEEK[]`, so nothing is marked read) with their
    /// flags and INTERNALDATE.
    pub fn fetch(&mut self, uid_set: &str) -> Result<Vec<Fetched>, ImapError> {
        self.fetch_report(uid_set).map(|r| r.messages)
    }

    /// Like [`Session::fetch`], with every answer that was not a message
    /// (see [`FetchReport`]). An answer imap-proto cannot read is read again
    /// leniently ([`salvage_fetch`]), so an 8-bit keyword or a BODYSTRUCTURE
    /// the parser refuses costs nothing.
    pub fn fetch_report(&mut self, uid_set: &str) -> Result<FetchReport, ImapError> {
        self.fetch_items(uid_set, "fetch messages", "BODY.PEEK[]")
    }

    /// The header of each message in `uid_set` (`BODY.PEEK[HEADER]`) with
    /// its flags and INTERNALDATE, in [`Fetched::raw`]: for messages above
    /// `max_message_size`.
    pub fn fetch_headers(&mut self, uid_set: &str) -> Result<FetchReport, ImapError> {
        self.fetch_items(uid_set, "fetch message headers", "BODY.PEEK[HEADER]")
    }

    fn fetch_items(
        &mut self,
        uid_set: &str,
        action: &str,
        section: &str,
    ) -> Result<FetchReport, ImapError> {
        let parts = self.bulk_parts(
            action,
            &format!("UID FETCH {uid_set} (UID FLAGS INTERNALDATE {section})"),
        )?;
        let mut report = FetchReport::default();
        let mut answers = Vec::new();
        for text in parts {
            match read_answer(text, &mut report) {
                Some(Answer::Message(a)) => answers.push(a),
                Some(Answer::Folder(r)) => self.note_unsolicited(&r),
                None => {}
            }
        }
        // Where each UID's first answer is, to tell a repeat from a conflict.
        let mut first: HashMap<u32, usize> = HashMap::new();
        for a in answers {
            let Some(body) = a.body else {
                report.without_body.extend(a.uid);
                continue;
            };
            let f = Fetched {
                uid: a.uid.unwrap_or(0),
                flags: a.flags,
                internal_date: a.internal_date,
                raw: body.unwrap_or_default(),
            };
            if f.raw.is_empty() {
                if f.uid != 0 {
                    report.empty_body.push(f.uid);
                }
            } else if f.uid == 0 {
                report.without_uid.push((a.seq, f));
            } else if let Some(&at) = first.get(&f.uid) {
                if report.messages[at].raw != f.raw {
                    report.conflicting.push(f);
                }
            } else {
                first.insert(f.uid, report.messages.len());
                report.messages.push(f);
            }
        }
        Ok(report)
    }

    /// The Message-ID header of each message in `uid_set` (None when absent).
    pub fn message_ids(&mut self, uid_set: &str) -> Result<Vec<(u32, Option<String>)>, ImapError> {
        let mut out = Vec::new();
        self.each_response(
            "fetch Message-IDs",
            &format!("UID FETCH {uid_set} (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"),
            |resp| {
                if let Response::Fetch(_, attrs) = resp {
                    let mut uid = 0;
                    let mut id = None;
                    let mut has_body = false;
                    for a in attrs {
                        match a {
                            AttributeValue::Uid(u) => uid = u,
                            AttributeValue::BodySection { data, .. } => {
                                has_body = true;
                                id = data.and_then(|d| crate::mail::parse::header_message_id(&d));
                            }
                            _ => {}
                        }
                    }
                    if uid != 0 && has_body {
                        out.push((uid, id));
                    }
                }
            },
        )?;
        Ok(out)
    }
}

/// A response of a bulk FETCH that [`read_answer`] could read.
enum Answer {
    Message(FetchAnswer),
    /// News of the folder beside the answer: EXISTS, EXPUNGE, VANISHED.
    Folder(Response<'static>),
}

/// One response of a bulk FETCH, parsed under `catch_unwind`: one the parser
/// refuses or panics on is read again leniently ([`salvage_fetch`]), and one
/// that cannot be read even so is noted in `report`, never the end of the
/// others. The body stays in `text` rather than being copied out. `None` for
/// a stray line; an expunge is noted in `report` and handed back with the
/// folder's other news.
fn read_answer(text: Vec<u8>, report: &mut FetchReport) -> Option<Answer> {
    let parsed = catch_unwind(|| match imap_proto::parser::parse_response(&text) {
        Ok((_, Response::Fetch(seq, attrs))) => Ok(Ok(FetchAnswer::from_attrs(seq, attrs, &text))),
        Ok((
            _,
            r @ (Response::Expunge(_)
            | Response::Vanished { .. }
            | Response::MailboxData(MailboxDatum::Exists(_))),
        )) => Ok(Err(r.into_owned())),
        Ok(_) => Err(None),
        Err(_) => Err(Some("the IMAP parser cannot read it".to_string())),
    });
    let why = match parsed {
        Ok(Ok(Ok((mut a, at)))) => {
            if let Some(r) = at {
                let mut raw = text;
                raw.truncate(r.end);
                raw.drain(..r.start);
                a.body = Some(Some(raw));
            }
            return Some(Answer::Message(a));
        }
        Ok(Ok(Err(r))) => {
            if !matches!(r, Response::MailboxData(_)) {
                report.expunged = true;
            }
            return Some(Answer::Folder(r));
        }
        Ok(Err(None)) => return None,
        Ok(Err(Some(why))) => why,
        Err(p) => format!(
            "the IMAP parser failed on it ({})",
            crate::text::panic_text(&p)
        ),
    };
    match salvage_fetch(&text) {
        Some(a) => {
            tracing::warn!(uid = a.uid, "read leniently: {why}");
            Some(Answer::Message(a))
        }
        None if is_fetch_answer(&text) => {
            report
                .unreadable
                .push((uid_in(&text), format!("{why}: {}", server_text(&text))));
            None
        }
        // Not an answer to this command (an unsolicited METADATA, a stray
        // line): nothing of the fetch is in it.
        None => {
            tracing::warn!("ignored an answer: {why}: {}", server_text(&text));
            None
        }
    }
}
