//! Raw RFC 5322 bytes to a [`Message`].
//!
//! mailparse splits the message into headers and MIME parts; everything that
//! real mail gets wrong is handled here, leniently. Header values are read as
//! UTF-8 and, failing that, as Windows-1252 (a superset of Latin-1), then
//! unfolded and their RFC 2047 encoded words decoded. Adjacent encoded words in
//! one charset are decoded together, because mailers split a multi-byte
//! character across two words. Message ids, address lists and dates have
//! parsers of their own: mailparse's reject the comments, missing brackets,
//! missing seconds and ISO forms that clients send. Bodies are decoded with the
//! charset they declare; when the bytes contradict it the text is still
//! decoded (lossily, or as the UTF-8 it evidently is) and a warning recorded.
//! Nothing in here fails on odd input except a message with no header at all.
//!
//! This file reads the header fields into a [`Message`]; the submodules read
//! one kind of thing each: [`header_text`], [`charset`], [`ids`],
//! [`addresses`], [`dates`] and [`body`].

use super::{Address, Message};
use chrono::{DateTime, Utc};
use mailparse::MailHeader;
use sha2::{Digest, Sha256};

mod addresses;
mod body;
mod charset;
mod dates;
mod header_text;
mod ids;

pub use addresses::*;
pub use body::*;
pub use charset::*;
pub use dates::*;
pub use header_text::*;
pub use ids::*;

/// A message that could not be read at all. Such mail is still stored raw and
/// reported by the caller, never dropped.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("cannot parse message: {0}")]
    Malformed(String),
}

/// Width given to html2text so that it never re-wraps a paragraph.
const HTML_WIDTH: usize = 10_000;

/// How much of a text or HTML part is decoded and read. Mail written by
/// people is far shorter; a longer part (a log pasted into a 200 MB body)
/// is read up to here, so that parsing and the rules cost memory and time
/// bounded by this and not by the message. The raw mail is kept whole.
pub const TEXT_MAX: usize = 1024 * 1024;

/// Parses one message.
///
/// Fails only when the bytes carry no header field at all (empty input,
/// binary garbage); a message with broken parts yields what can be read, with
/// the problems listed in [`Message::warnings`].
pub fn parse(raw: &[u8]) -> Result<Message, ParseError> {
    // Blank lines before the first header (some stores write them) would
    // otherwise make the whole message a body.
    let start = raw
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or_else(|| ParseError::Malformed("the message is empty".into()))?;
    let trimmed = &raw[start..];

    let mut warnings = Vec::new();
    let mut repaired = Vec::new();
    let mail = match mailparse::parse_mail(trimmed) {
        Ok(mail) => Some(mail),
        Err(first) => {
            // The usual cause is a lone CR ending a header line.
            repaired = lone_cr_to_crlf(trimmed);
            match mailparse::parse_mail(&repaired) {
                Ok(mail) => {
                    warnings.push(format!("repaired bare CR line endings ({first})"));
                    Some(mail)
                }
                Err(e) => {
                    warnings.push(format!("cannot read the MIME structure: {e}"));
                    None
                }
            }
        }
    };

    let mut msg = match &mail {
        Some(mail) => {
            let block = mail.get_headers().get_raw_bytes();
            let mut msg = from_headers(&mail.headers, block, raw, &mut warnings)?;
            let mut body = BodyParts::default();
            collect_body(mail, &mut body, &mut warnings);
            finish_body(&mut msg, body, mail, &mut warnings);
            msg.attachments = super::attachments::list_parsed(mail);
            msg.attached_texts = super::attachments::texts_parsed(mail, &msg.attachments);
            msg
        }
        None => {
            // Headers alone, and the rest shown as it is.
            let (headers, ix) = mailparse::parse_headers(&repaired)
                .map_err(|e| ParseError::Malformed(format!("cannot read the headers: {e}")))?;
            let block = repaired.get(..ix).unwrap_or_default();
            let mut msg = from_headers(&headers, block, raw, &mut warnings)?;
            msg.text = normalize_newlines(decode_text(
                repaired.get(ix..).unwrap_or_default(),
                None,
                &mut warnings,
            ));
            msg
        }
    };
    msg.warnings = warnings;
    Ok(msg)
}

/// Replaces every CR not followed by LF with CRLF.
pub(super) fn lone_cr_to_crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 16);
    for (i, &b) in raw.iter().enumerate() {
        out.push(b);
        if b == b'\r' && raw.get(i + 1) != Some(&b'\n') {
            out.push(b'\n');
        }
    }
    out
}

/// The headers vsd reads, named once.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderName {
    MessageId,
    InReplyTo,
    References,
    Subject,
    From,
    Sender,
    ReplyTo,
    To,
    Cc,
    Date,
    ThreadIndex,
    ThreadTopic,
}

impl HeaderName {
    fn of(key: &[u8]) -> Option<HeaderName> {
        let key = key.trim_ascii_end();
        const NAMES: [(&[u8], HeaderName); 12] = [
            (b"message-id", HeaderName::MessageId),
            (b"in-reply-to", HeaderName::InReplyTo),
            (b"references", HeaderName::References),
            (b"subject", HeaderName::Subject),
            (b"from", HeaderName::From),
            (b"sender", HeaderName::Sender),
            (b"reply-to", HeaderName::ReplyTo),
            (b"to", HeaderName::To),
            (b"cc", HeaderName::Cc),
            (b"date", HeaderName::Date),
            (b"thread-index", HeaderName::ThreadIndex),
            (b"thread-topic", HeaderName::ThreadTopic),
        ];
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(key))
            .map(|&(_, h)| h)
    }
}

/// True when some line of the header block is a field, `Name: value`, with a
/// name RFC 5322 allows (printable ASCII, no colon or space). Text that has
/// none is not mail, however mailparse splits it.
fn has_field_line(block: &[u8]) -> bool {
    block.split(|&b| b == b'\n').any(|line| {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let name = line[..colon].trim_ascii_end();
        !name.is_empty() && name.len() < 100 && name.iter().all(|&b| (33..=126).contains(&b))
    })
}

/// Builds a message with every header field filled in and an empty body.
fn from_headers(
    headers: &[MailHeader<'_>],
    header_block: &[u8],
    raw: &[u8],
    warnings: &mut Vec<String>,
) -> Result<Message, ParseError> {
    if !has_field_line(header_block) {
        return Err(ParseError::Malformed("no header fields found".into()));
    }
    let mut fields = Fields::default();
    for h in headers {
        let Some(name) = HeaderName::of(h.get_key_raw()) else {
            continue;
        };
        let text = raw_header_text(h.get_value_raw());
        fields.read(name, &unfold(&text), warnings);
    }
    Ok(fields.into_message(raw))
}

/// The header fields read so far: the first of each single field, every
/// id and address of the lists (each once).
#[derive(Default)]
struct Fields {
    message_id: Option<String>,
    in_reply_to: UniqueIds,
    references: UniqueIds,
    subject: Option<String>,
    from: Option<Address>,
    sender: Option<Address>,
    reply_to: UniqueAddresses,
    to: UniqueAddresses,
    cc: UniqueAddresses,
    date: Option<DateTime<Utc>>,
    thread_index: Option<String>,
    thread_topic: Option<String>,
}

impl Fields {
    fn read(&mut self, name: HeaderName, value: &str, warnings: &mut Vec<String>) {
        match name {
            HeaderName::MessageId => {
                if self.message_id.is_none() {
                    self.message_id = parse_ids(value).into_iter().next();
                }
            }
            HeaderName::InReplyTo => self.in_reply_to.extend(parse_ids(value)),
            HeaderName::References => self.references.extend(parse_ids(value)),
            HeaderName::Subject => {
                if self.subject.is_none() {
                    let decoded = decode_words(value, warnings);
                    // An encoded CR or LF would break the one-line Subject.
                    let one_line = if decoded.contains(['\r', '\n']) {
                        decoded.replace(['\r', '\n'], " ")
                    } else {
                        decoded
                    };
                    self.subject = Some(one_line.trim().to_owned());
                }
            }
            HeaderName::From => {
                if self.from.is_none() {
                    self.from = parse_addresses(value, warnings).into_iter().next();
                }
            }
            HeaderName::Sender => {
                if self.sender.is_none() {
                    self.sender = parse_addresses(value, warnings).into_iter().next();
                }
            }
            HeaderName::ReplyTo => self.reply_to.extend(parse_addresses(value, warnings)),
            HeaderName::To => self.to.extend(parse_addresses(value, warnings)),
            HeaderName::Cc => self.cc.extend(parse_addresses(value, warnings)),
            HeaderName::Date => {
                if self.date.is_none() {
                    self.date = parse_date(value);
                }
            }
            HeaderName::ThreadIndex => {
                self.thread_index.get_or_insert_with(|| value.to_string());
            }
            HeaderName::ThreadTopic => {
                self.thread_topic
                    .get_or_insert_with(|| decode_words(value, warnings));
            }
        }
    }

    /// The message the fields make, its body not yet read.
    fn into_message(self, raw: &[u8]) -> Message {
        let mut in_reply_to = self.in_reply_to.list;
        let mut references = self.references.list;
        // Outlook's conversation joins the threading as one more id.
        if let Some(c) = self
            .thread_index
            .and_then(|t| super::thread_index::conversation(&t, self.thread_topic.as_deref()))
        {
            super::thread_index::join(c, &mut in_reply_to, &mut references);
        }
        let (message_id, message_id_synthesized) = match self.message_id {
            Some(id) => (id, false),
            None => (synthesized_id(raw), true),
        };
        Message {
            message_id,
            message_id_synthesized,
            in_reply_to,
            references,
            subject: self.subject.unwrap_or_default(),
            from: self.from.or(self.sender),
            reply_to: self.reply_to.list,
            to: self.to.list,
            cc: self.cc.list,
            date: self.date,
            text: String::new(),
            html: None,
            attachments: Vec::new(),
            attached_texts: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// `<sha256 of the bytes>@vsd.invalid`: the same bytes always get the same id.
pub fn synthesized_id(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let mut id = String::with_capacity(64 + 12);
    for b in digest {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 15)]));
    }
    id.push_str("@vsd.invalid");
    id
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Addresses in the order first met, each email once (in constant time
/// per address, for the same reason as [`UniqueIds`]).
#[derive(Default)]
struct UniqueAddresses {
    list: Vec<Address>,
    seen: std::collections::HashSet<String>,
}

impl UniqueAddresses {
    fn extend(&mut self, addrs: Vec<Address>) {
        for a in addrs {
            if self.seen.insert(a.email.clone()) {
                self.list.push(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::body::unflow;
    use super::dates::zone_offset;
    use super::header_text::q_decode;
    use super::*;

    #[test]
    fn message_id_from_a_folded_header_block() {
        assert_eq!(
            header_message_id(b"Message-ID:\r\n <abc@example.com>\r\n\r\n").as_deref(),
            Some("abc@example.com")
        );
        assert_eq!(
            header_message_id(b"message-id: <x@y>\r\n\r\n").as_deref(),
            Some("x@y")
        );
        assert_eq!(header_message_id(b"\r\n"), None);
        // As `parse` reads the same field of a whole message.
        let raw = b"Message-ID: <a@b> (comment)\r\nSubject: s\r\n\r\nbody\r\n";
        assert_eq!(
            header_message_id(raw),
            parse(raw).ok().map(|m| m.message_id)
        );
    }

    #[test]
    fn unfold_joins_lines_with_one_space() {
        assert_eq!(unfold("a\r\n b\n\tc"), "a b c");
        assert_eq!(unfold("a  \r\n   b"), "a b");
    }

    #[test]
    fn q_decode_keeps_stray_equals() {
        assert_eq!(q_decode(b"a_b=3Dc=zz"), b"a b=c=zz".to_vec());
    }

    #[test]
    fn text_part_of_200mb_is_read_only_to_text_max() {
        // A 200 MB log pasted into the body once took the message's size
        // twice over in decoded text; now parsing reads TEXT_MAX of it.
        let line = "2026-03-02T10:00:00Z capture failed: HTTP 500\r\n";
        let mut raw = b"Message-ID: <log@x>\r\nSubject: logs\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".to_vec();
        while raw.len() < 3 * TEXT_MAX {
            raw.extend_from_slice(line.as_bytes());
        }
        let m = parse(&raw).expect("parses");
        assert!(m.text.len() < TEXT_MAX + 200, "{}", m.text.len());
        assert!(m.text.starts_with("2026-03-02T10:00:00Z capture failed"));
        assert!(
            m.text
                .contains("[vsd: this text goes on: the part is about 3.0 MB"),
            "{}",
            &m.text[m.text.len() - 200..]
        );
        assert!(
            m.warnings
                .iter()
                .any(|w| w.contains("read only as far as its first 1 MB"))
        );
        for (cte, body) in [
            ("base64", {
                use base64::Engine;
                let b = base64::engine::general_purpose::STANDARD
                    .encode(line.repeat(3 * TEXT_MAX / line.len()));
                b.as_bytes()
                    .chunks(76)
                    .map(|c| format!("{}\r\n", String::from_utf8_lossy(c)))
                    .collect::<String>()
            }),
            ("quoted-printable", line.repeat(3 * TEXT_MAX / line.len())),
        ] {
            let raw = format!(
                "Message-ID: <e@x>\r\nSubject: logs\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: {cte}\r\n\r\n{body}"
            );
            let m = parse(raw.as_bytes()).expect("parses");
            assert!(m.text.len() < TEXT_MAX + 200, "{cte}: {}", m.text.len());
            assert!(
                m.text.starts_with("2026-03-02T10:00:00Z capture failed"),
                "{cte}"
            );
            assert!(m.text.contains("[vsd: this text goes on"), "{cte}");
        }
        // A part below the limit is read whole, without a note.
        let short = parse(b"Subject: x\r\n\r\nhello\r\n").expect("parses");
        assert!(!short.text.contains("[vsd:"));
    }

    #[test]
    fn unflow_cases() {
        assert_eq!(unflow("one \ntwo\nthree\n", false), "one two\nthree\n");
        assert_eq!(unflow("one \ntwo", false), "one two");
        assert_eq!(unflow("del \nsp\n", true), "delsp\n");
        assert_eq!(unflow(" From stuffed\n", false), "From stuffed\n");
        assert_eq!(
            unflow("> quoted \n> more\nown\n", false),
            "> quoted more\nown\n"
        );
        assert_eq!(unflow(">> a \n> b\n", false), ">> a \n> b\n");
        assert_eq!(unflow("text \n-- \nsig\n", false), "text \n-- \nsig\n");
        assert_eq!(unflow("ends soft \n", false), "ends soft \n");
        assert_eq!(unflow("", false), "");
        assert_eq!(unflow("\n\n", false), "\n\n");
    }

    #[test]
    fn qp_decode_cases() {
        assert_eq!(qp_decode(b"a=3Db"), b"a=b".to_vec());
        assert_eq!(qp_decode(b"soft=\r\nbreak"), b"softbreak".to_vec());
        assert_eq!(qp_decode(b"soft=  \nbreak"), b"softbreak".to_vec());
        assert_eq!(qp_decode(b"trail  \r\nx\t\ny"), b"trail\r\nx\ny".to_vec());
        assert_eq!(qp_decode(b"bad=zz=4"), b"bad=zz=4".to_vec());
        assert_eq!(qp_decode(b"end="), b"end".to_vec());
        assert_eq!(qp_decode(b"=c3=A5"), "å".as_bytes().to_vec());
        assert_eq!(qp_decode(b""), Vec::<u8>::new());
        assert_eq!(qp_decode(b"kept=20\nx"), b"kept \nx".to_vec());
        assert_eq!(qp_decode(b"a =\nb"), b"a b".to_vec());
        assert_eq!(qp_decode(b"   \n"), b"\n".to_vec());
    }

    #[test]
    fn base64_lenient_skips_junk() {
        assert_eq!(base64_lenient(b"aGVs bG8*="), b"hello".to_vec());
    }

    #[test]
    fn zones() {
        assert_eq!(zone_offset("+0130"), Some(5400));
        assert_eq!(zone_offset("-08:00"), Some(-28800));
        assert_eq!(zone_offset("+01"), Some(3600));
        assert_eq!(zone_offset("PDT"), Some(-25200));
        assert_eq!(zone_offset("Q"), Some(0));
        assert_eq!(zone_offset("+2500"), None);
        assert_eq!(zone_offset("Mars"), None);
    }
}
