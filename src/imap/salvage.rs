//! The lenient reading of one FETCH answer that imap-proto refused or
//! panicked on ([`salvage_fetch`]): a small cursor ([`Walker`]) over the
//! framed response that takes only UID, FLAGS, INTERNALDATE and the body,
//! so that a stray 8-bit keyword, a `NIL` date or an odd BODYSTRUCTURE costs
//! nothing.

use super::response::{lasting_flags, range_in};
use imap_proto::{AttributeValue, MessageSection, SectionPath};

/// What one FETCH answer said, read by imap-proto or by [`salvage_fetch`].
#[derive(Debug, Default)]
pub(super) struct FetchAnswer {
    pub(super) seq: u32,
    pub(super) uid: Option<u32>,
    pub(super) flags: Vec<String>,
    pub(super) internal_date: Option<String>,
    /// `None`: no body item; `Some(None)`: `NIL`.
    pub(super) body: Option<Option<Vec<u8>>>,
}

impl FetchAnswer {
    /// The answer's items. A body that is a slice of `text` (the buffer the
    /// response was read into) is not copied: its range is given instead,
    /// for the caller to turn `text` itself into the message.
    pub(super) fn from_attrs(
        seq: u32,
        attrs: Vec<AttributeValue<'_>>,
        text: &[u8],
    ) -> (FetchAnswer, Option<std::ops::Range<usize>>) {
        let mut a = FetchAnswer {
            seq,
            ..FetchAnswer::default()
        };
        let mut at = None;
        for attr in attrs {
            match attr {
                AttributeValue::Uid(u) if u != 0 => a.uid = Some(u),
                AttributeValue::Flags(v) => a.flags = lasting_flags(v),
                AttributeValue::InternalDate(d) => a.internal_date = Some(d.into_owned()),
                // `BODY[HEADER]` is the body of a header-only fetch.
                AttributeValue::BodySection {
                    section: None | Some(SectionPath::Full(MessageSection::Header)),
                    data,
                    ..
                }
                | AttributeValue::Rfc822(data) => {
                    at = None;
                    a.body = Some(data.map(|d| match range_in(text, &d) {
                        Some(r) => {
                            at = Some(r);
                            Vec::new()
                        }
                        None => d.into_owned(),
                    }));
                }
                _ => {}
            }
        }
        (a, at)
    }
}

/// Reads what sync needs (sequence number, UID, FLAGS, INTERNALDATE, the
/// whole body) from a FETCH answer that imap-proto refused or panicked on:
/// an 8-bit keyword, `INTERNALDATE NIL`, a BODYSTRUCTURE it cannot read.
/// The reader has already framed the answer's literals by their announced
/// lengths, so the body taken here is exactly the bytes the server sent.
/// `None` when the text is not a FETCH answer this can walk, or names an
/// item twice: a literal the server miscounted runs into the next answer,
/// whose items would then be taken for this one's.
pub(super) fn salvage_fetch(text: &[u8]) -> Option<FetchAnswer> {
    let mut p = Walker { text, at: 0 };
    p.expect(b"* ")?;
    let seq = p.number()?;
    p.expect_ci(b" FETCH (")?;
    let mut a = FetchAnswer {
        seq,
        ..FetchAnswer::default()
    };
    let mut seen: Vec<Vec<u8>> = Vec::new();
    loop {
        p.skip_spaces();
        if p.peek()? == b')' {
            return Some(a);
        }
        let name = p.item_name()?.to_ascii_uppercase();
        if seen.contains(&name) {
            return None;
        }
        seen.push(name.clone());
        p.skip_spaces();
        match name.as_slice() {
            b"UID" => a.uid = Some(p.number()?).filter(|u| *u != 0),
            b"FLAGS" => {
                let list = p.value()?;
                a.flags = flag_words(list);
            }
            b"INTERNALDATE" => a.internal_date = p.string_value()?,
            b"BODY[]" | b"BODY[HEADER]" | b"RFC822" => a.body = Some(p.string_value_bytes()?),
            _ => {
                p.value()?;
            }
        }
    }
}

/// The words of a parenthesized flag list, read leniently (8-bit bytes as
/// UTF-8 where they are, else replaced), without `\Recent`.
fn flag_words(list: &[u8]) -> Vec<String> {
    let inner = list
        .strip_prefix(b"(")
        .and_then(|l| l.strip_suffix(b")"))
        .unwrap_or(list);
    inner
        .split(|b| *b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
        .collect()
}

/// A cursor over one framed response for [`salvage_fetch`].
struct Walker<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Walker<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, s: &[u8]) -> Option<()> {
        self.text[self.at..]
            .starts_with(s)
            .then(|| self.at += s.len())
    }

    fn expect_ci(&mut self, s: &[u8]) -> Option<()> {
        let end = self.at.checked_add(s.len())?;
        let got = self.text.get(self.at..end)?;
        got.eq_ignore_ascii_case(s).then(|| self.at = end)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(&self.text[start..self.at])
            .ok()?
            .parse()
            .ok()
    }

    /// An item name such as `UID`, `BODY[]` or `BODY[HEADER.FIELDS (X)]<0>`.
    fn item_name(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.checked_sub(1)?,
                b' ' | b')' | b'(' if depth == 0 => break,
                b'\r' | b'\n' => return None,
                _ => {}
            }
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// Skips one value (atom, number, NIL, quoted string, literal or a
    /// parenthesized list of them) and returns its bytes.
    fn value(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        match self.peek()? {
            b'"' => {
                self.quoted()?;
            }
            b'{' => {
                self.literal()?;
            }
            b'(' => {
                self.at += 1;
                loop {
                    self.skip_spaces();
                    match self.peek()? {
                        b')' => {
                            self.at += 1;
                            break;
                        }
                        _ => {
                            self.value()?;
                        }
                    }
                }
            }
            _ => {
                self.item_name()?;
            }
        }
        Some(&self.text[start..self.at])
    }

    fn quoted(&mut self) -> Option<Vec<u8>> {
        self.expect(b"\"")?;
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    out.push(self.peek()?);
                    self.at += 1;
                }
                b'\r' | b'\n' => return None,
                b => {
                    out.push(b);
                    self.at += 1;
                }
            }
        }
    }

    fn literal(&mut self) -> Option<&'a [u8]> {
        self.expect(b"{")?;
        let n = self.number()? as usize;
        let _ = self.expect(b"+");
        self.expect(b"}\r\n").or_else(|| self.expect(b"}\n"))?;
        let end = self.at.checked_add(n)?;
        let data = self.text.get(self.at..end)?;
        self.at = end;
        Some(data)
    }

    /// A string value (quoted or literal) or NIL, as bytes.
    fn string_value_bytes(&mut self) -> Option<Option<Vec<u8>>> {
        match self.peek()? {
            b'"' => self.quoted().map(Some),
            b'{' => self.literal().map(|d| Some(d.to_vec())),
            _ => {
                let atom = self.item_name()?;
                atom.eq_ignore_ascii_case(b"NIL").then_some(None)
            }
        }
    }

    fn string_value(&mut self) -> Option<Option<String>> {
        self.string_value_bytes()
            .map(|v| v.map(|b| String::from_utf8_lossy(&b).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imap::quiet_imap_panics;
    use std::panic::catch_unwind;

    fn parse_or_panic(text: &[u8]) -> Result<bool, String> {
        catch_unwind(|| imap_proto::parser::parse_response(text).is_ok())
            .map_err(|p| crate::text::panic_text(&p))
    }

    #[test]
    fn answers_imap_proto_refuses_are_read_leniently() {
        quiet_imap_panics();
        let cases: [(&[u8], &[u8]); 3] = [
            // imap-proto panics on it.
            (
                b"* 2 FETCH (UID 7 INTERNALDATE NIL FLAGS (\\Seen) BODY[] {3}\r\nab\n)\r\n",
                b"",
            ),
            (
                b"* 2 FETCH (UID 7 FLAGS (\\Seen $\xc3\x86rlig \\Recent) BODY[] {3}\r\nab\n)\r\n",
                b"$\xc3\x86rlig",
            ),
            (
                b"* 2 FETCH (UID 7 BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 -1) FLAGS (\\Seen) BODY[] {3}\r\nab\n)\r\n",
                b"",
            ),
        ];
        for (text, keyword) in cases {
            assert_ne!(
                parse_or_panic(text),
                Ok(true),
                "imap-proto reads {text:?} now"
            );
            let a = salvage_fetch(text).expect("salvaged");
            assert_eq!((a.seq, a.uid), (2, Some(7)));
            assert_eq!(a.body, Some(Some(b"ab\n".to_vec())));
            let mut want = vec!["\\Seen".to_string()];
            if !keyword.is_empty() {
                want.push(String::from_utf8_lossy(keyword).into_owned());
            }
            assert_eq!(a.flags, want);
        }
        assert_eq!(
            parse_or_panic(b"* 2 FETCH (UID 7 INTERNALDATE NIL BODY[] {1}\r\nx)\r\n")
                .map_err(|_| ()),
            Err(()),
            "INTERNALDATE NIL is a panic in imap-proto"
        );
        // A miscounted literal runs into the next answer: refused, not
        // taken for this one.
        assert!(
            salvage_fetch(
                b"* 2 FETCH (UID 7 BODY[] {5}\r\nab\n)\r\n* 3 FETCH (UID 8 BODY[] {1}\r\nx)\r\n"
            )
            .is_none()
        );
        assert!(
            salvage_fetch(b"* 2 FETCH (UID 7 BODY[] NIL)\r\n")
                .is_some_and(|a| a.body == Some(None))
        );
        assert!(salvage_fetch(b"* OK hello\r\n").is_none());
    }
}
