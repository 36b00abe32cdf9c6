//! The body: which MIME parts are text, HTML and attachments, format=flowed
//! unwrapped, HTML turned into text, newlines normalised.

use super::{HTML_WIDTH, TEXT_MAX, base64_lenient, decode_text, qp_decode};
use crate::mail::Message;
use mailparse::{DispositionType, ParsedMail};
use std::borrow::Cow;

#[derive(Default)]
pub(super) struct BodyParts {
    text: Option<String>,
    html: Option<String>,
}

fn is_attachment(part: &ParsedMail<'_>) -> bool {
    let disp = part.get_content_disposition();
    disp.disposition == DispositionType::Attachment || disp.params.contains_key("filename")
}

/// Walks the MIME tree depth-first, keeping the first text/plain and the
/// first text/html part that are not attachments.
pub(super) fn collect_body(
    part: &ParsedMail<'_>,
    body: &mut BodyParts,
    warnings: &mut Vec<String>,
) {
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
        let size = crate::mail::partial::human_size(body_raw_len(part) as u64);
        warnings.push(format!(
            "a {mime} part of about {size} was read only as far as its first {}",
            crate::mail::partial::human_size(TEXT_MAX as u64)
        ));
        if is_plain {
            text.push_str(&format!(
                "\n[vsd: this text goes on: the part is about {size}, and only its first {} is shown]\n",
                crate::mail::partial::human_size(TEXT_MAX as u64)
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
pub(super) fn unflow(text: &str, delsp: bool) -> String {
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
pub(in crate::mail) fn decoded_prefix<'a>(
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
pub(in crate::mail) fn decoded_bytes<'a>(
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

pub(super) fn finish_body(
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
pub(super) fn normalize_newlines(text: Cow<'_, str>) -> String {
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
