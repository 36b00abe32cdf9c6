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

use super::{Address, Message};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use mailparse::{DispositionType, MailHeader, ParsedMail};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

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
    let mut message_id = None;
    let mut in_reply_to = UniqueIds::default();
    let mut references = UniqueIds::default();
    let mut subject = None;
    let mut from = None;
    let mut sender = None;
    let mut reply_to = UniqueAddresses::default();
    let mut to = UniqueAddresses::default();
    let mut cc = UniqueAddresses::default();
    let mut date = None;
    let (mut thread_index, mut thread_topic) = (None, None);

    for h in headers {
        let Some(name) = HeaderName::of(h.get_key_raw()) else {
            continue;
        };
        let text = raw_header_text(h.get_value_raw());
        let value = unfold(&text);
        match name {
            HeaderName::MessageId => {
                if message_id.is_none() {
                    message_id = parse_ids(&value).into_iter().next();
                }
            }
            HeaderName::InReplyTo => in_reply_to.extend(parse_ids(&value)),
            HeaderName::References => references.extend(parse_ids(&value)),
            HeaderName::Subject => {
                if subject.is_none() {
                    let decoded = decode_words(&value, warnings);
                    // An encoded CR or LF would break the one-line Subject.
                    let one_line = if decoded.contains(['\r', '\n']) {
                        decoded.replace(['\r', '\n'], " ")
                    } else {
                        decoded
                    };
                    subject = Some(one_line.trim().to_owned());
                }
            }
            HeaderName::From => {
                if from.is_none() {
                    from = parse_addresses(&value, warnings).into_iter().next();
                }
            }
            HeaderName::Sender => {
                if sender.is_none() {
                    sender = parse_addresses(&value, warnings).into_iter().next();
                }
            }
            HeaderName::ReplyTo => reply_to.extend(parse_addresses(&value, warnings)),
            HeaderName::To => to.extend(parse_addresses(&value, warnings)),
            HeaderName::Cc => cc.extend(parse_addresses(&value, warnings)),
            HeaderName::Date => {
                if date.is_none() {
                    date = parse_date(&value);
                }
            }
            HeaderName::ThreadIndex => {
                thread_index.get_or_insert_with(|| value.to_string());
            }
            HeaderName::ThreadTopic => {
                thread_topic.get_or_insert_with(|| decode_words(&value, warnings));
            }
        }
    }
    let mut in_reply_to = in_reply_to.list;
    let mut references = references.list;
    // Outlook's conversation joins the threading as one more id.
    if let Some(c) =
        thread_index.and_then(|t| super::thread_index::conversation(&t, thread_topic.as_deref()))
    {
        super::thread_index::join(c, &mut in_reply_to, &mut references);
    }

    let (message_id, message_id_synthesized) = match message_id {
        Some(id) => (id, false),
        None => (synthesized_id(raw), true),
    };
    Ok(Message {
        message_id,
        message_id_synthesized,
        in_reply_to,
        references,
        subject: subject.unwrap_or_default(),
        from: from.or(sender),
        reply_to: reply_to.list,
        to: to.list,
        cc: cc.list,
        date,
        text: String::new(),
        html: None,
        attachments: Vec::new(),
        attached_texts: Vec::new(),
        warnings: Vec::new(),
    })
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

// ---------------------------------------------------------------------------
// Header text

/// A raw header value as text: UTF-8 when it is (RFC 6532), else Windows-1252,
/// which reads Latin-1 the same and gives the usual meaning to 0x80–0x9F.
pub(super) fn raw_header_text(value: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(value) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(value).0,
    }
}

/// Joins folded lines: each line break and the whitespace around it become one space.
pub(super) fn unfold(value: &str) -> Cow<'_, str> {
    if !value.contains(['\r', '\n']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let line = line.trim_start_matches([' ', '\t']);
        if line.is_empty() {
            continue;
        }
        let kept = out.trim_end_matches([' ', '\t']).len();
        out.truncate(kept);
        out.push(' ');
        out.push_str(line);
    }
    Cow::Owned(out)
}

/// One RFC 2047 encoded word found in a header.
struct EncodedWord<'a> {
    charset: &'a str,
    bytes: Vec<u8>,
    /// Byte length of the whole `=?…?=` token.
    len: usize,
}

/// Reads an encoded word at the start of `s` (which begins with `=?`).
fn encoded_word(s: &str) -> Option<EncodedWord<'_>> {
    let rest = s.get(2..)?;
    let q1 = rest.find('?')?;
    let charset = &rest[..q1];
    if charset.is_empty() || charset.len() > 40 || charset.contains(char::is_whitespace) {
        return None;
    }
    let after = &rest[q1 + 1..];
    let mut chars = after.chars();
    let enc = chars.next()?;
    if chars.next()? != '?' || !enc.is_ascii() {
        return None;
    }
    let text_start = &after[enc.len_utf8() + 1..];
    let end = text_start.find("?=")?;
    let text = &text_start[..end];
    if text.contains([' ', '\t']) {
        return None;
    }
    let bytes = match enc {
        'B' | 'b' => base64_lenient(text.as_bytes()),
        'Q' | 'q' => q_decode(text.as_bytes()),
        _ => return None,
    };
    // RFC 2231 lets a language follow the charset: `utf-8*en`.
    let charset = charset.split('*').next().unwrap_or(charset);
    Some(EncodedWord {
        charset,
        bytes,
        len: 2 + q1 + 1 + 2 + end + 2,
    })
}

/// Decodes RFC 2047 encoded words anywhere in `s`; the whitespace between two
/// encoded words is dropped, and runs of words in one charset are decoded as
/// one byte string.
pub fn decode_words(s: &str, warnings: &mut Vec<String>) -> String {
    if !s.contains("=?") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    // Bytes of consecutive encoded words in one charset, not yet decoded.
    let mut run: Option<(String, Vec<u8>)> = None;
    let mut pending_ws = "";
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with("=?")
            && let Some(word) = encoded_word(rest)
        {
            match &mut run {
                Some((cs, bytes)) if cs.eq_ignore_ascii_case(word.charset) => {
                    bytes.extend_from_slice(&word.bytes);
                }
                _ => {
                    flush_run(&mut run, &mut out, warnings);
                    run = Some((word.charset.to_owned(), word.bytes));
                }
            }
            pending_ws = "";
            i += word.len;
            continue;
        }
        let ws_len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if ws_len > 0 && run.is_some() {
            // Kept only if something other than an encoded word follows.
            pending_ws = &rest[..ws_len];
            i += ws_len;
            continue;
        }
        flush_run(&mut run, &mut out, warnings);
        out.push_str(pending_ws);
        pending_ws = "";
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..]
            .find("=?")
            .map(|p| p + first)
            .unwrap_or(rest.len());
        let chunk = &rest[..next];
        out.push_str(chunk);
        i += next;
    }
    flush_run(&mut run, &mut out, warnings);
    out.push_str(pending_ws);
    out
}

fn flush_run(run: &mut Option<(String, Vec<u8>)>, out: &mut String, warnings: &mut Vec<String>) {
    if let Some((charset, bytes)) = run.take() {
        out.push_str(&decode_text(&bytes, Some(&charset), warnings));
    }
}

/// The Q encoding of RFC 2047: `_` is a space, `=XX` a byte; a stray `=` stays.
fn q_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'_' => out.push(b' '),
            b'=' => {
                if let (Some(h), Some(l)) = (
                    text.get(i + 1).and_then(|&c| hex_val(c)),
                    text.get(i + 2).and_then(|&c| hex_val(c)),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                out.push(b'=');
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Quoted-printable body decoding (RFC 2045 §6.7), lenient: a `=` not
/// followed by two hex digits or a line break stays as it is, and whitespace
/// at the end of a line (added in transport) is dropped. Line breaks are kept
/// as they were. Runs without `=` are copied whole, which is most of a body.
pub(super) fn qp_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    // Where the literal whitespace at the end of `out` begins: only that is
    // dropped at a line break, never an encoded `=20`.
    let mut ws_start = 0;
    let mut i = 0;
    while i < input.len() {
        let off = memchr::memchr2(b'=', b'\n', &input[i..]).unwrap_or(input.len() - i);
        let seg = &input[i..i + off];
        let trailing = seg
            .iter()
            .rev()
            .take_while(|&&c| matches!(c, b' ' | b'\t' | b'\r'))
            .count();
        if trailing < seg.len() {
            ws_start = out.len() + seg.len() - trailing;
        }
        out.extend_from_slice(seg);
        i += off;
        if i >= input.len() {
            break;
        }
        if input[i] == b'\n' {
            let cr = out.last() == Some(&b'\r');
            out.truncate(ws_start);
            out.extend_from_slice(if cr { b"\r\n" } else { b"\n" });
            ws_start = out.len();
            i += 1;
            continue;
        }
        // At a `=`.
        let rest = &input[i + 1..];
        if let (Some(h), Some(l)) = (
            rest.first().and_then(|&c| hex_val(c)),
            rest.get(1).and_then(|&c| hex_val(c)),
        ) {
            out.push(h << 4 | l);
            ws_start = out.len();
            i += 3;
            continue;
        }
        // A soft line break, perhaps with whitespace before it.
        let ws = rest
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        match &rest[ws..] {
            [b'\r', b'\n', ..] => i += 1 + ws + 2,
            [b'\n', ..] => i += 1 + ws + 1,
            [] => i += 1 + ws,
            _ => {
                out.push(b'=');
                i += 1;
            }
        }
        ws_start = out.len();
    }
    out
}

/// Base64 that skips whatever is not in the alphabet and stops at padding.
fn base64_lenient(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Charsets

/// Decodes text in the charset a message declares (`None`: none declared).
///
/// The declaration is trusted only as far as the bytes agree with it: bytes
/// that are not valid in the declared charset, or an unknown charset, are
/// still decoded and recorded in `warnings`; text declared as a single-byte
/// charset that is valid multi-byte UTF-8 is read as UTF-8, because that
/// mislabelling is common and the reverse almost never happens by chance.
pub fn decode_text<'a>(
    bytes: &'a [u8],
    charset: Option<&str>,
    warnings: &mut Vec<String>,
) -> Cow<'a, str> {
    let label = charset.map(|c| c.trim().trim_matches('"')).unwrap_or("");
    let ascii_like = label.is_empty()
        || label.eq_ignore_ascii_case("us-ascii")
        || label.eq_ignore_ascii_case("ascii");
    if ascii_like {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!(
                    "8-bit text without a charset ({}) decoded as windows-1252",
                    if label.is_empty() {
                        "none given"
                    } else {
                        label
                    }
                ));
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        };
    }
    let Some(encoding) = Encoding::for_label_no_replacement(label.as_bytes()) else {
        return match std::str::from_utf8(bytes) {
            Ok(s) => {
                warnings.push(format!("unknown charset \"{label}\" decoded as utf-8"));
                Cow::Borrowed(s)
            }
            Err(_) => {
                warnings.push(format!(
                    "unknown charset \"{label}\" decoded as windows-1252"
                ));
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        };
    };
    if encoding.is_ascii_compatible() && bytes.is_ascii() {
        // Every byte means the same in the declared charset; no need to look further.
        return match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => encoding.decode_without_bom_handling(bytes).0,
        };
    }
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!(
                    "text declared as {label} is not valid utf-8: decoded as windows-1252"
                ));
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
        };
    }
    if encoding.is_single_byte()
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        warnings.push(format!(
            "text declared as {label} is utf-8: decoded as utf-8"
        ));
        return Cow::Borrowed(s);
    }
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => s,
        None => {
            warnings.push(format!(
                "text is not valid {label}: undecodable bytes replaced"
            ));
            encoding.decode_without_bom_handling(bytes).0
        }
    }
}

// ---------------------------------------------------------------------------
// Message ids

/// The Message-ID in a header block (such as a `BODY[HEADER.FIELDS
/// (MESSAGE-ID)]` fetch gives), read as [`parse`] reads it: the first
/// Message-ID field that names an id, without angle brackets. `None` when no
/// field does; the caller decides what stands in (see [`synthesized_id`]).
pub fn header_message_id(block: &[u8]) -> Option<String> {
    let (headers, _) = mailparse::parse_headers(block).ok()?;
    headers
        .iter()
        .filter(|h| HeaderName::of(h.get_key_raw()) == Some(HeaderName::MessageId))
        .find_map(|h| {
            let text = raw_header_text(h.get_value_raw());
            parse_ids(&unfold(&text)).into_iter().next()
        })
}

/// Reads a Message-ID, In-Reply-To or References value: the `<id>`s in it,
/// without brackets, whitespace, comments or the prose some clients put
/// between them, deduplicated in order. A value with no brackets at all is
/// read as whitespace-separated ids, keeping those that look like one.
pub fn parse_ids(value: &str) -> Vec<String> {
    let mut ids = UniqueIds::default();
    let mut push = |id: &str| {
        let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
        let id = id.trim_matches(['<', '>', '"', ',', ';']);
        if !id.is_empty() {
            ids.push(id.to_owned());
        }
    };
    if value.contains('<') {
        let mut rest = value;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            match after.find(['>', '<']) {
                Some(close) if after.as_bytes()[close] == b'>' => {
                    push(&after[..close]);
                    rest = &after[close + 1..];
                }
                Some(close) => {
                    push(&after[..close]);
                    rest = &after[close..];
                }
                None => {
                    // An unclosed bracket: the id runs to the next space.
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    push(&after[..end]);
                    rest = &after[end..];
                }
            }
        }
    } else {
        let stripped = strip_comments(value);
        let tokens: Vec<&str> = stripped
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.len() == 1 {
            push(tokens[0]);
        } else {
            for t in tokens.into_iter().filter(|t| t.contains('@')) {
                push(t);
            }
        }
    }
    ids.list
}

/// Ids in the order first met, each once. The set makes each addition
/// constant time: a References header of 450,000 ids (10 MB) is read in
/// linear time, where searching the list was quadratic and took minutes.
#[derive(Default)]
struct UniqueIds {
    list: Vec<String>,
    seen: std::collections::HashSet<String>,
}

impl UniqueIds {
    fn push(&mut self, id: String) {
        if !self.seen.contains(&id) {
            self.seen.insert(id.clone());
            self.list.push(id);
        }
    }

    fn extend(&mut self, ids: Vec<String>) {
        for id in ids {
            self.push(id);
        }
    }
}

/// Removes parenthesised comments (nested, with `\` escapes).
fn strip_comments(value: &str) -> Cow<'_, str> {
    if !value.contains('(') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut depth = 0u32;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' if depth > 0 => escaped = true,
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(' ');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------
// Addresses

#[derive(Debug)]
enum AddrToken {
    Word(String),
    Quoted(String),
    Comment(String),
    Angle(String),
    Comma,
    Colon,
    Semicolon,
}

fn tokenize_addresses(value: &str) -> Vec<AddrToken> {
    let mut tokens = Vec::new();
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            ',' => tokens.push(AddrToken::Comma),
            ':' => tokens.push(AddrToken::Colon),
            ';' => tokens.push(AddrToken::Semicolon),
            '"' => {
                let mut s = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                s.push(e);
                            }
                        }
                        c => s.push(c),
                    }
                }
                tokens.push(AddrToken::Quoted(s));
            }
            '(' => {
                let mut s = String::new();
                let mut depth = 1;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                s.push(e);
                            }
                            continue;
                        }
                        _ => {}
                    }
                    s.push(c);
                }
                tokens.push(AddrToken::Comment(s));
            }
            '<' => {
                let mut s = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    s.push(c);
                }
                tokens.push(AddrToken::Angle(s));
            }
            '>' => {}
            _ => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, ',' | ':' | ';' | '"' | '(' | '<' | '>') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                tokens.push(AddrToken::Word(value[i..end].to_owned()));
            }
        }
    }
    tokens
}

/// Reads an address list leniently: display names quoted or not, encoded
/// words in names, groups (their members are listed, the group name is
/// dropped), bare addresses, `<addr>` alone, `addr (Name)`, odd spacing.
/// Entries without an address are skipped.
pub fn parse_addresses(value: &str, warnings: &mut Vec<String>) -> Vec<Address> {
    // An unbalanced quote would swallow the rest of the list; drop the quotes.
    let value = if !quotes_balance(value) {
        Cow::Owned(value.replace('"', ""))
    } else {
        Cow::Borrowed(value)
    };
    let tokens = tokenize_addresses(&value);
    let mut out = Vec::new();
    let mut phrase: Vec<&AddrToken> = Vec::new();
    let mut angle: Option<&str> = None;
    for (i, tok) in tokens.iter().enumerate() {
        match tok {
            AddrToken::Comma | AddrToken::Semicolon => {
                finish_mailbox(&mut phrase, &mut angle, &mut out, warnings);
            }
            AddrToken::Colon => {
                // A group's name ends at the colon, unless this is a colon
                // inside an address (`a:b@c`), which then follows directly.
                let next_is_addr = matches!(tokens.get(i + 1), Some(AddrToken::Word(w)) if w.contains('@'))
                    && angle.is_none()
                    && phrase.is_empty();
                if !next_is_addr {
                    phrase.clear();
                }
            }
            AddrToken::Angle(a) => {
                if angle.is_none() {
                    angle = Some(a);
                }
            }
            t => phrase.push(t),
        }
    }
    finish_mailbox(&mut phrase, &mut angle, &mut out, warnings);
    out
}

/// Whether every quoted string in a header value ends. A backslash escapes
/// the next character only inside quotes, so `"a\\"` (a name ending in a
/// backslash) is closed, while counting `\"` pairs would call it open.
fn quotes_balance(value: &str) -> bool {
    let mut inside = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if inside => {
                chars.next();
            }
            '"' => inside = !inside,
            _ => {}
        }
    }
    !inside
}

fn finish_mailbox<'t>(
    phrase: &mut Vec<&'t AddrToken>,
    angle: &mut Option<&'t str>,
    out: &mut Vec<Address>,
    warnings: &mut Vec<String>,
) {
    let words = std::mem::take(phrase);
    let angle = angle.take();
    let mut email: Option<String> = None;
    let mut name_parts: Vec<&str> = Vec::new();
    let mut comment: Option<&str> = None;
    if let Some(a) = angle {
        // Drop an obsolete source route (`@a,@b:user@c`) and a mailto: scheme.
        let a = a.rsplit_once(':').map_or(a, |(_, x)| x);
        email = Some(a.chars().filter(|c| !c.is_whitespace()).collect());
    }
    for t in &words {
        match t {
            AddrToken::Word(w) if email.is_none() && w.contains('@') => email = Some(w.clone()),
            AddrToken::Word(w) | AddrToken::Quoted(w) => name_parts.push(w),
            AddrToken::Comment(c) if comment.is_none() => comment = Some(c),
            _ => {}
        }
    }
    let email = match email {
        Some(e) => e,
        // A lone word names a local mailbox (`MAILER-DAEMON`).
        None if angle.is_none()
            && comment.is_none()
            && matches!(words.as_slice(), [AddrToken::Word(_)]) =>
        {
            let only = name_parts[0].to_owned();
            name_parts.clear();
            only
        }
        None => return,
    };
    let email = email.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    if email.is_empty() {
        return;
    }
    let raw_name = if name_parts.is_empty() {
        comment.unwrap_or("").to_owned()
    } else {
        name_parts.join(" ")
    };
    let name = decode_words(&raw_name, warnings);
    let name = name.trim();
    let name = strip_matching(name, '\'');
    let name = strip_matching(name, '"').trim();
    let name = (!name.is_empty() && !name.eq_ignore_ascii_case(email)).then_some(name);
    out.push(Address::new(name, email));
}

fn strip_matching(s: &str, q: char) -> &str {
    s.strip_prefix(q)
        .and_then(|x| x.strip_suffix(q))
        .unwrap_or(s)
}

// ---------------------------------------------------------------------------
// Dates

/// Reads a date in any of the forms mail clients write: RFC 5322 with or
/// without weekday and seconds, two-, three- and four-digit years, obsolete
/// and named zones, trailing `(CET)` comments, asctime (`Thu Nov 26 10:00:00
/// 2026`, as in mbox From lines) and ISO 8601. `None` when unreadable.
///
/// Military one-letter zones are read as UTC, as RFC 5322 §4.3 says, because
/// RFC 822 gave their signs backwards and senders disagree on them.
pub fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    let value = strip_comments(value);
    let value = value.trim();
    if value.len() >= 10
        && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && let Some(d) = parse_iso_date(value)
    {
        return Some(d);
    }
    parse_rfc_date(value)
}

fn parse_iso_date(value: &str) -> Option<DateTime<Utc>> {
    let b = value.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year: i32 = value.get(0..4)?.parse().ok()?;
    let month: u32 = value.get(5..7)?.parse().ok()?;
    let day: u32 = value.get(8..10)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let rest = value.get(10..)?.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?));
    }
    // Time digits and separators, then the zone.
    let zone_at = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let (h, m, s) = parse_clock(time)?;
    let offset = if zone.trim().is_empty() {
        0
    } else {
        zone_offset(zone.trim())?
    };
    to_utc(date, h, m, s, offset)
}

/// `HH:MM`, `HH:MM:SS` and `HH:MM:SS.fff` (fraction dropped).
fn parse_clock(time: &str) -> Option<(u32, u32, u32)> {
    let time = time.split(['.', ',']).next().unwrap_or(time);
    let mut parts = time.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = match parts.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some((h, m, s.min(59)))
}

fn to_utc(date: NaiveDate, h: u32, m: u32, s: u32, offset_secs: i32) -> Option<DateTime<Utc>> {
    let local = date.and_hms_opt(h, m, s)?;
    let utc = local.checked_sub_signed(chrono::Duration::seconds(i64::from(offset_secs)))?;
    Some(Utc.from_utc_datetime(&utc))
}

/// A zone as seconds east of UTC: numeric (`+0100`, `-08:00`, `+01`) or named.
fn zone_offset(zone: &str) -> Option<i32> {
    let zone = zone.trim_end_matches('.');
    // `GMT+01:00`, `UTC-5`: a named base with a numeric offset.
    let zone = ["GMT", "UTC", "UT"]
        .iter()
        .find_map(|base| {
            zone.get(..base.len())
                .filter(|p| p.eq_ignore_ascii_case(base))
                .map(|_| &zone[base.len()..])
                .filter(|rest| rest.starts_with(['+', '-']))
        })
        .unwrap_or(zone);
    if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (hh, mm) = if digits.len() <= 2 {
            (digits.parse::<i32>().ok()?, 0)
        } else {
            let split = digits.len() - 2;
            (
                digits[..split].parse::<i32>().ok()?,
                digits[split..].parse::<i32>().ok()?,
            )
        };
        if hh > 23 || mm > 59 {
            return None;
        }
        let secs = hh * 3600 + mm * 60;
        return Some(if sign == '-' { -secs } else { secs });
    }
    let hours = match zone.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" | "WET" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        "CET" | "MET" | "BST" | "WEST" => 1,
        "CEST" | "MEST" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        z if z.len() == 1 && z.chars().all(|c| c.is_ascii_alphabetic()) => 0,
        _ => return None,
    };
    Some(hours * 3600)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.trim_end_matches('.');
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let prefix = w[..3].to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// RFC 5322 and asctime dates: the parts are recognised by their shape, so
/// their order, the weekday and the seconds may vary.
fn parse_rfc_date(value: &str) -> Option<DateTime<Utc>> {
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut clock = None;
    let mut offset = None;
    let mut pm = None;
    for tok in value.split(|c: char| c.is_whitespace() || c == ',') {
        if tok.is_empty() {
            continue;
        }
        if tok.contains(':') && clock.is_none() && tok.as_bytes()[0].is_ascii_digit() {
            // `10:00:00+0100` written without a space.
            let split = tok.find(['+', '-']).unwrap_or(tok.len());
            clock = Some(parse_clock(&tok[..split])?);
            if split < tok.len() {
                offset = zone_offset(&tok[split..]);
            }
        } else if tok.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(tok);
        } else if tok.starts_with(['+', '-']) && clock.is_some() {
            if offset.is_none() {
                offset = zone_offset(tok);
            }
        } else if month.is_none()
            && let Some(m) = month_number(tok)
        {
            month = Some(m);
        } else if clock.is_some() && ["am", "pm"].iter().any(|m| tok.eq_ignore_ascii_case(m)) {
            pm = Some(tok.eq_ignore_ascii_case("pm"));
        } else if clock.is_some() && offset.is_none() {
            offset = zone_offset(tok);
        } else if tok.contains('-') && month.is_none() {
            // `26-Nov-2026`, as some old clients write.
            let parts: Vec<&str> = tok.split('-').collect();
            if parts.len() == 3 {
                month = month_number(parts[1]);
                numbers.push(parts[0]);
                numbers.push(parts[2]);
            }
        }
    }
    let month = month?;
    let (day, year) = match numbers.as_slice() {
        [a, b, ..] if a.len() == 4 => (b, a),
        [a, b, ..] => (a, b),
        _ => return None,
    };
    let day: u32 = day.parse().ok()?;
    let year_num: i32 = year.parse().ok()?;
    // RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx;
    // three-digit years add 1900.
    let year = match year.len() {
        1 | 2 if year_num < 50 => 2000 + year_num,
        1 | 2 => 1900 + year_num,
        3 => 1900 + year_num,
        _ => year_num,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if date.year() < 1900 {
        return None;
    }
    let (h, m, s) = clock.unwrap_or((0, 0, 0));
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    to_utc(date, h, m, s, offset.unwrap_or(0))
}

// ---------------------------------------------------------------------------
// Bodies

#[derive(Default)]
struct BodyParts {
    text: Option<String>,
    html: Option<String>,
}

fn is_attachment(part: &ParsedMail<'_>) -> bool {
    let disp = part.get_content_disposition();
    disp.disposition == DispositionType::Attachment || disp.params.contains_key("filename")
}

/// Walks the MIME tree depth-first, keeping the first text/plain and the
/// first text/html part that are not attachments.
fn collect_body(part: &ParsedMail<'_>, body: &mut BodyParts, warnings: &mut Vec<String>) {
    let mime = part.ctype.mimetype.as_str();
    if mime.starts_with("multipart/") {
        for sub in &part.subparts {
            if body.text.is_some() && body.html.is_some() {
                return;
            }
            collect_body(sub, body, warnings);
        }
        return;
    }
    let is_plain = mime == "text/plain" || mime == "text" || mime.is_empty();
    let is_html = mime == "text/html";
    if !(is_plain && body.text.is_none() || is_html && body.html.is_none()) || is_attachment(part) {
        return;
    }
    let (bytes, cut) = decoded_prefix(part, warnings, TEXT_MAX);
    let charset = part.ctype.params.get("charset").map(String::as_str);
    let mut text = normalize_newlines(decode_text(&bytes, charset, warnings));
    if cut {
        let size = super::partial::human_size(body_raw_len(part) as u64);
        warnings.push(format!(
            "a {mime} part of about {size} was read only as far as its first {}",
            super::partial::human_size(TEXT_MAX as u64)
        ));
        if is_plain {
            text.push_str(&format!(
                "\n[vsd: this text goes on: the part is about {size}, and only its first {} is shown]\n",
                super::partial::human_size(TEXT_MAX as u64)
            ));
        }
    }
    if is_plain {
        let flowed = part
            .ctype
            .params
            .get("format")
            .is_some_and(|f| f.eq_ignore_ascii_case("flowed"));
        let delsp = part
            .ctype
            .params
            .get("delsp")
            .is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        body.text = Some(if flowed { unflow(&text, delsp) } else { text });
    } else {
        body.html = Some(text);
    }
}

/// Joins the soft line breaks of `format=flowed` text (RFC 3676): a line
/// ending in a space continues on the next line of the same quote depth.
/// Space-stuffing is undone, the signature separator `-- ` stays a line of its
/// own, and quoted paragraphs keep their `>` prefix, so quote detection
/// still sees them.
fn unflow(text: &str, delsp: bool) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    // The quote depth of the paragraph being joined, if one is open.
    let mut open: Option<usize> = None;
    for line in body.split('\n') {
        let depth = line.bytes().take_while(|&b| b == b'>').count();
        let content = &line[depth..];
        let content = content.strip_prefix(' ').unwrap_or(content);
        let soft = content.ends_with(' ') && content != "-- ";
        if open.is_some_and(|d| d != depth) || (open.is_some() && content == "-- ") {
            out.push('\n');
            open = None;
        }
        if open.is_none() {
            for _ in 0..depth {
                out.push('>');
            }
            if depth > 0 && !content.is_empty() {
                out.push(' ');
            }
        }
        let piece = if soft && delsp {
            &content[..content.len() - 1]
        } else {
            content
        };
        out.push_str(piece);
        if soft {
            open = Some(depth);
        } else {
            out.push('\n');
            open = None;
        }
    }
    if open.is_some() || !text.ends_with('\n') {
        // Keep the original ending: no newline added where there was none.
        if text.ends_with('\n') {
            out.push('\n');
        } else if out.ends_with('\n') && open.is_none() {
            out.pop();
        }
    }
    out
}

/// Like [`decoded_bytes`], at most `max` bytes of it, decoding no more of
/// the part than that needs; true when the part goes on beyond.
pub(super) fn decoded_prefix<'a>(
    part: &'a ParsedMail<'a>,
    warnings: &mut Vec<String>,
    max: usize,
) -> (Cow<'a, [u8]>, bool) {
    use mailparse::body::Body;
    let raw_len = body_raw_len(part);
    // Encoded text is never shorter than what it decodes to.
    if raw_len <= max {
        return (decoded_bytes(part, warnings), false);
    }
    let mut out = match part.get_body_encoded() {
        // Base64 lines of 76 letters and CRLF carry 57 bytes: read enough
        // lines for `max`.
        Body::Base64(b) => {
            let raw = b.get_raw();
            base64_lenient(&raw[..raw.len().min(max / 57 * 78 + 160)])
        }
        Body::QuotedPrintable(b) => {
            let raw = b.get_raw();
            qp_decode(&raw[..raw.len().min(max.saturating_mul(3))])
        }
        Body::SevenBit(b) | Body::EightBit(b) => {
            return (Cow::Borrowed(&b.get_raw()[..max]), true);
        }
        Body::Binary(b) => return (Cow::Borrowed(&b.get_raw()[..max]), true),
    };
    let cut = out.len() > max || raw_len > max.saturating_mul(3);
    out.truncate(max);
    (Cow::Owned(out), cut)
}

/// The size of a part's body as sent.
fn body_raw_len(part: &ParsedMail<'_>) -> usize {
    use mailparse::body::Body;
    match part.get_body_encoded() {
        Body::Base64(b) | Body::QuotedPrintable(b) => b.get_raw().len(),
        Body::SevenBit(b) | Body::EightBit(b) => b.get_raw().len(),
        Body::Binary(b) => b.get_raw().len(),
    }
}

/// A part's body with its transfer encoding undone; broken encodings are
/// decoded as far as they go.
pub(super) fn decoded_bytes<'a>(
    part: &'a ParsedMail<'a>,
    warnings: &mut Vec<String>,
) -> Cow<'a, [u8]> {
    use mailparse::body::Body;
    match part.get_body_encoded() {
        Body::Base64(b) => match b.get_decoded() {
            Ok(v) => Cow::Owned(v),
            Err(e) => {
                warnings.push(format!("broken base64 decoded leniently: {e}"));
                Cow::Owned(base64_lenient(b.get_raw()))
            }
        },
        Body::QuotedPrintable(b) => Cow::Owned(qp_decode(b.get_raw())),
        Body::SevenBit(b) | Body::EightBit(b) => Cow::Borrowed(b.get_raw()),
        Body::Binary(b) => Cow::Borrowed(b.get_raw()),
    }
}

fn finish_body(
    msg: &mut Message,
    body: BodyParts,
    mail: &ParsedMail<'_>,
    warnings: &mut Vec<String>,
) {
    // An empty plain alternative (some clients send one) says less than the HTML.
    let text = body
        .text
        .filter(|t| !t.trim().is_empty() || body.html.is_none());
    msg.text = match (text, &body.html) {
        (Some(t), _) => t,
        (None, Some(html)) => html_to_text(html, warnings),
        (None, None) => {
            if mail.ctype.mimetype.starts_with("multipart/") && mail.subparts.is_empty() {
                // The boundary never appears: show what is there.
                warnings.push("multipart message without parts shown as text".into());
                let header_len = mail.get_headers().get_raw_bytes().len();
                let rest = mail.raw_bytes.get(header_len..).unwrap_or_default();
                normalize_newlines(decode_text(rest, None, warnings))
            } else {
                String::new()
            }
        }
    };
    msg.html = body.html;
}

/// HTML as plain text, one paragraph per line; blockquotes become `>` lines.
pub fn html_to_text(html: &str, warnings: &mut Vec<String>) -> String {
    match html2text::config::plain_no_decorate().string_from_read(html.as_bytes(), HTML_WIDTH) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(format!("cannot render HTML ({e}): tags stripped"));
            strip_tags(html)
        }
    }
}

/// The crude fallback when html2text gives up: text between tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// CRLF and lone CR to LF.
fn normalize_newlines(text: Cow<'_, str>) -> String {
    if !text.contains('\r') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
