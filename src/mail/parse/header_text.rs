//! Header values as text: raw bytes read as UTF-8 or Windows-1252, folded
//! lines joined, RFC 2047 encoded words decoded (adjacent words in one
//! charset together), and the lenient Q and base64 decoders they need.

use super::decode_text;
use encoding_rs::WINDOWS_1252;
use std::borrow::Cow;

/// A raw header value as text: UTF-8 when it is (RFC 6532), else Windows-1252,
/// which reads Latin-1 the same and gives the usual meaning to 0x80–0x9F.
pub(in crate::mail) fn raw_header_text(value: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(value) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(value).0,
    }
}

/// Joins folded lines: each line break and the whitespace around it become one space.
pub(in crate::mail) fn unfold(value: &str) -> Cow<'_, str> {
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
pub(super) fn q_decode(text: &[u8]) -> Vec<u8> {
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
pub(in crate::mail) fn qp_decode(input: &[u8]) -> Vec<u8> {
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
pub(super) fn base64_lenient(text: &[u8]) -> Vec<u8> {
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
