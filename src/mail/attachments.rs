//! The attachments and inline images of a message, read from its raw bytes.
//!
//! Every leaf of the MIME tree that is not the message's text is listed:
//! a part marked `attachment`, a part with a file name, or a part whose type
//! is not text (an inline image, a PDF, a forwarded message). Parts are named
//! by their MIME part path as IMAP numbers them (`1`, `2`, `1.2`), which is
//! also how [`content`] finds one again in the stored raw mail.
//!
//! The file name comes from Content-Disposition's `filename` (RFC 2231
//! continuations and charsets, which mailparse joins and decodes), else from
//! Content-Type's `name`; encoded words inside the quotes (RFC 2047, which
//! Outlook and Gmail send) are decoded afterwards, on the parameter's value,
//! so that a decoded `;` or `"` cannot change how the header splits. A
//! backslash in a quoted name is kept (Windows clients send `C:\temp\a.pdf`
//! unescaped); mailparse would take it for a quoted-pair and drop it. The
//! name is kept as the mail gives it: [`super::filename`] makes it safe
//! where it is shown or written.

use super::parse::{
    decode_words, decoded_bytes, decoded_prefix, lone_cr_to_crlf, qp_decode, raw_header_text,
    unfold,
};
use mailparse::{DispositionType, MailHeader, ParsedMail};
use serde::Serialize;

/// One attachment or inline part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// The MIME part path: `1` for a message that is a single part, `2` for
    /// the second part of a multipart message, `1.2` for the second part of
    /// the first.
    pub part: String,
    /// The file name as the mail gives it, decoded, not yet made safe.
    pub name: Option<String>,
    /// The content type, lower-cased (`application/pdf`).
    pub content_type: String,
    /// The size in bytes once the transfer encoding is undone.
    pub size: u64,
    /// True when the part is meant to be shown in the message (an inline
    /// image), false when marked as an attachment.
    pub inline: bool,
}

impl Attachment {
    /// The name made safe to show and to write (see [`super::filename`]).
    pub fn safe_name(&self) -> super::filename::SafeName {
        super::filename::safe_name(
            self.name.as_deref(),
            &super::filename::fallback_name(&self.part, &self.content_type),
        )
    }
}

/// Parses `raw` as [`super::parse`] does (blank lines before the header
/// skipped, lone CRs repaired when needed) and hands the MIME tree to `f`.
pub(super) fn with_tree<R>(raw: &[u8], f: impl FnOnce(&ParsedMail<'_>) -> R) -> Option<R> {
    let start = raw.iter().position(|b| !b.is_ascii_whitespace())?;
    let trimmed = &raw[start..];
    match mailparse::parse_mail(trimmed) {
        Ok(mail) => Some(f(&mail)),
        Err(_) => {
            let repaired = lone_cr_to_crlf(trimmed);
            mailparse::parse_mail(&repaired).ok().map(|m| f(&m))
        }
    }
}

/// Every attachment of the message in `raw`, in MIME order.
pub fn list(raw: &[u8]) -> Vec<Attachment> {
    with_tree(raw, list_parsed).unwrap_or_default()
}

/// Every attachment of a parsed message, in MIME order.
pub fn list_parsed(mail: &ParsedMail<'_>) -> Vec<Attachment> {
    let mut out = Vec::new();
    walk(mail, "", &mut out);
    out
}

/// The decoded bytes of the part at `part` (as [`Attachment::part`] names
/// it), or `None` when the message has no such part.
pub fn content(raw: &[u8], part: &str) -> Option<Vec<u8>> {
    with_tree(raw, |m| {
        find(m, part).map(|p| {
            let mut warnings = Vec::new();
            decoded_bytes(p, &mut warnings).into_owned()
        })
    })
    .flatten()
}

/// True for an attachment that holds text a person pasted or a tool wrote:
/// a log, an HTTP capture, JSON, plain text.
pub fn holds_text(a: &Attachment) -> bool {
    const EXTENSIONS: &[&str] = &[
        "txt",
        "log",
        "har",
        "json",
        "http",
        "xml",
        "csv",
        "yaml",
        "yml",
        "env",
        "ini",
        "conf",
        "cfg",
        "properties",
        "md",
        "curl",
        "sh",
        "ps1",
    ];
    let ext = a
        .name
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    a.content_type.starts_with("text/")
        || matches!(
            a.content_type.as_str(),
            "application/json" | "application/har+json" | "application/x-har" | "application/xml"
        )
        || ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// True for an image, attached or inline: what the checklist's
/// "screenshots, if possible" asks for.
pub fn is_image(a: &Attachment) -> bool {
    const EXTENSIONS: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "bmp", "heic", "heif", "tif", "tiff",
    ];
    let ext = a
        .name
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    a.content_type.starts_with("image/") || ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// True for an attachment that carries a request and its response: a
/// log, a HAR or HTTP capture (the checklist's "complete request and
/// response").
pub fn is_capture(a: &Attachment) -> bool {
    const EXTENSIONS: &[&str] = &["log", "har", "http", "pcap", "pcapng", "saz", "curl"];
    let ext = a
        .name
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        a.content_type.as_str(),
        "application/har+json"
            | "application/x-har"
            | "application/vnd.tcpdump.pcap"
            | "message/http"
    ) || ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// The text of the attachments that [`holds_text`], as (safe name, text),
/// decoded as UTF-8 (else Windows-1252), at most [`super::parse::TEXT_MAX`]
/// bytes in all.
pub(super) fn texts_parsed(mail: &ParsedMail<'_>, list: &[Attachment]) -> Vec<(String, String)> {
    let mut budget = super::parse::TEXT_MAX;
    let mut out = Vec::new();
    for a in list.iter().filter(|a| holds_text(a)) {
        if budget == 0 {
            break;
        }
        let Some(part) = find(mail, &a.part) else {
            continue;
        };
        let mut warnings = Vec::new();
        // Only as much is decoded as is read: a log of 200 MB costs its
        // first megabyte here, not its size.
        let (bytes, _) = decoded_prefix(part, &mut warnings, budget);
        let bytes = &bytes[..bytes.len().min(budget)];
        budget -= bytes.len();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        };
        out.push((a.safe_name().name, text));
    }
    out
}

fn find<'a>(mail: &'a ParsedMail<'a>, part: &str) -> Option<&'a ParsedMail<'a>> {
    let mut node = mail;
    if !mail.ctype.mimetype.starts_with("multipart/") {
        return (part == "1").then_some(mail);
    }
    for step in part.split('.') {
        let i: usize = step.parse().ok()?;
        node = node.subparts.get(i.checked_sub(1)?)?;
    }
    Some(node)
}

fn walk(node: &ParsedMail<'_>, path: &str, out: &mut Vec<Attachment>) {
    if node.ctype.mimetype.starts_with("multipart/") {
        for (i, sub) in node.subparts.iter().enumerate() {
            let p = if path.is_empty() {
                (i + 1).to_string()
            } else {
                format!("{path}.{}", i + 1)
            };
            walk(sub, &p, out);
        }
        return;
    }
    let path = if path.is_empty() { "1" } else { path };
    let disposition = disposition_of(&node.headers);
    let name = file_name(&node.headers);
    let mime = node.ctype.mimetype.as_str();
    let text_body = mime.is_empty() || mime == "text" || mime.starts_with("text/");
    let attached = disposition == DispositionType::Attachment;
    if !(attached || name.is_some() || !text_body) {
        return;
    }
    out.push(Attachment {
        part: path.to_string(),
        name,
        content_type: content_type_of(mime),
        size: decoded_size(node),
        inline: !attached,
    });
}

/// The part's type as vsd shows it: `type/subtype` of RFC 2045 token
/// characters, else `application/octet-stream` (a type is shown and
/// compared; a sender's control characters have no place in it).
fn content_type_of(mime: &str) -> String {
    if mime.is_empty() {
        return "text/plain".into();
    }
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    match mime.split_once('/') {
        Some((t, sub)) if token(t) && token(sub) => mime.to_string(),
        _ => "application/octet-stream".into(),
    }
}

/// The raw value of the first header named `key`, unfolded.
fn raw_value(headers: &[MailHeader<'_>], key: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| {
            h.get_key_raw()
                .trim_ascii_end()
                .eq_ignore_ascii_case(key.as_bytes())
        })
        .map(|h| unfold(&raw_header_text(h.get_value_raw())).into_owned())
}

fn disposition_of(headers: &[MailHeader<'_>]) -> DispositionType {
    raw_value(headers, "content-disposition")
        .map(|v| mailparse::parse_content_disposition(&v).disposition)
        .unwrap_or_default()
}

/// The part's file name: `filename` of Content-Disposition, else `name` of
/// Content-Type, with encoded words decoded; `None` when both are absent or
/// empty.
fn file_name(headers: &[MailHeader<'_>]) -> Option<String> {
    let from = |header: &str, parse: fn(&str) -> Option<String>| {
        raw_value(headers, header).and_then(|v| parse(&keep_backslashes(&v)))
    };
    let raw = from("content-disposition", |v| {
        let mut p = mailparse::parse_content_disposition(v).params;
        p.remove("filename").or_else(|| p.remove("filename*"))
    })
    .filter(|n| !n.trim().is_empty())
    .or_else(|| {
        from("content-type", |v| {
            let mut p = mailparse::parse_content_type(v).params;
            p.remove("name").or_else(|| p.remove("name*"))
        })
    })?;
    let name = if raw.contains("=?") {
        let mut warnings = Vec::new();
        decode_words(&raw, &mut warnings)
    } else {
        raw
    };
    (!name.trim().is_empty()).then_some(name)
}

/// Doubles each backslash that does not escape a quote or a backslash, so
/// that a Windows path survives mailparse's unquoting.
fn keep_backslashes(value: &str) -> String {
    if !value.contains('\\') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('"') | Some('\\') => {
                    out.push(c);
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                _ => out.push_str("\\\\"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The size of the part once decoded, without keeping the decoded bytes: a
/// base64 body is counted, not decoded.
fn decoded_size(part: &ParsedMail<'_>) -> u64 {
    use mailparse::body::Body;
    match part.get_body_encoded() {
        Body::Base64(b) => {
            let letters = b
                .get_raw()
                .iter()
                .filter(|c| c.is_ascii_alphanumeric() || **c == b'+' || **c == b'/')
                .count() as u64;
            letters * 3 / 4
        }
        Body::QuotedPrintable(b) => qp_decode(b.get_raw()).len() as u64,
        Body::SevenBit(b) | Body::EightBit(b) => b.get_raw().len() as u64,
        Body::Binary(b) => b.get_raw().len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(parts: &str) -> Vec<u8> {
        format!(
            "From: a@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n{parts}--b--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn windows_path_keeps_its_backslashes() {
        let raw = mail(
            "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"C:\\temp\\a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n",
        );
        let a = list(&raw);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].name.as_deref(), Some("C:\\temp\\a.pdf"));
        assert_eq!(a[0].safe_name().name, "a.pdf");
        assert_eq!(a[0].size, 5);
        assert_eq!(a[0].part, "2");
        assert_eq!(content(&raw, "2").as_deref(), Some(&b"%PDF-"[..]));
        assert_eq!(content(&raw, "3"), None);
    }

    #[test]
    fn escaped_quote_in_a_name_is_unescaped() {
        let raw = mail(
            "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"say \\\"hi\\\".txt\"\r\n\r\nx\r\n",
        );
        assert_eq!(list(&raw)[0].name.as_deref(), Some("say \"hi\".txt"));
    }

    #[test]
    fn a_type_with_control_characters_is_octet_stream() {
        let raw = mail(
            "--b\r\nContent-Type: image/\x1b[2Jpng\r\nContent-Disposition: attachment; filename=x\r\n\r\nx\r\n",
        );
        assert_eq!(list(&raw)[0].content_type, "application/octet-stream");
        assert_eq!(content_type_of("image/svg+xml"), "image/svg+xml");
    }

    #[test]
    fn attached_text_is_read_only_to_text_max() {
        use base64::Engine;
        let log = "client_secret: 0123456789abcdef0123\n".repeat(200_000);
        let b64 = base64::engine::general_purpose::STANDARD.encode(log.as_bytes());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        let raw = mail(&format!(
            "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=big.log\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            lines.join("\r\n")
        ));
        let m = super::super::parse(&raw).expect("parse");
        assert_eq!(m.attachments[0].size, log.len() as u64);
        assert_eq!(m.attached_texts.len(), 1);
        assert_eq!(m.attached_texts[0].1.len(), super::super::parse::TEXT_MAX);
        assert!(m.attached_texts[0].1.starts_with("client_secret: 0123"));
    }

    #[test]
    fn single_part_pdf_is_part_1() {
        let raw = b"From: a@example.com\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n";
        let a = list(raw);
        assert_eq!(a[0].part, "1");
        assert!(a[0].inline);
        assert_eq!(content(raw, "1").as_deref(), Some(&b"%PDF-"[..]));
        assert!(list(b"From: a@example.com\r\n\r\nplain text\r\n").is_empty());
    }
}
