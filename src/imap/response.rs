//! Reading what the server answered, where the `imap` crate would not:
//! tagged completions ([`Completion`], read by hand so that 8-bit text or an
//! unknown code still gives the status), what server words may be printed
//! ([`server_text`]), what counts as a missing folder, flags without
//! `\\Recent`, MODSEQs the RFC allows, and IMAP quoting.

use super::fetch::{Changes, FlagState};
use crate::text::sanitize::sanitize;
use imap_proto::{AttributeValue, Response};

/// The tagged completion of a command: its status (upper case), its
/// response code's name (upper case, e.g. `NONEXISTENT`) and the server's
/// words after the tag, made safe ([`server_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Completion {
    pub(super) status: String,
    pub(super) code: Option<String>,
    pub(super) text: String,
}

impl Completion {
    /// Read by hand, not by imap-proto, so that 8-bit text in a NO (or an
    /// unknown code) still gives its status and code.
    pub(super) fn parse(line: &[u8]) -> Completion {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let after_tag = memchr::memchr(b' ', line).map_or(&[][..], |i| &line[i + 1..]);
        let (status, rest) = match memchr::memchr(b' ', after_tag) {
            Some(i) => (&after_tag[..i], &after_tag[i + 1..]),
            None => (after_tag, &[][..]),
        };
        let code = rest.strip_prefix(b"[").map(|c| {
            let end = c
                .iter()
                .position(|b| *b == b']' || *b == b' ')
                .unwrap_or(c.len());
            String::from_utf8_lossy(&c[..end]).to_ascii_uppercase()
        });
        Completion {
            status: String::from_utf8_lossy(status).to_ascii_uppercase(),
            code,
            text: server_text(after_tag),
        }
    }

    pub(super) fn is_ok(&self) -> bool {
        self.status == "OK"
    }
}

/// A command's answer: its untagged responses that could be read, and its
/// completion.
pub(super) struct Answer {
    pub(super) responses: Vec<Response<'static>>,
    pub(super) completion: Completion,
}

/// What the server said, as text that is safe to print: UTF-8, else
/// Latin-1 (an old server's 8-bit text), trimmed, cut to 300 characters,
/// with every control character made visible ([`sanitize`]).
pub fn server_text(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|b| char::from(*b)).collect()),
    };
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let mut cut: String = text.chars().take(300).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    sanitize(&cut).into_owned()
}

/// Where `part` lies inside `whole`, when it is a slice of it.
pub(super) fn range_in(whole: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let base = whole.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    let start = at.checked_sub(base)?;
    (start + part.len() <= whole.len()).then(|| start..start + part.len())
}

/// Whether a raw response is a FETCH answer (`* 12 FETCH ...`).
pub(super) fn is_fetch_answer(text: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"* ") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0
        && rest[digits..]
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b" FETCH "))
}

/// The UID a raw FETCH response names (`UID 123`), or 0.
pub(super) fn uid_in(text: &[u8]) -> u32 {
    let head = &text[..text.len().min(4096)];
    let upper = head.to_ascii_uppercase();
    let Some(i) = memchr::memmem::find(&upper, b"UID ") else {
        return 0;
    };
    let digits: Vec<u8> = head[i + 4..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// Flags without `\\Recent`, which belongs to one session and would make
/// every sync look like a change.
pub(super) fn lasting_flags(v: Vec<std::borrow::Cow<'_, str>>) -> Vec<String> {
    v.into_iter()
        .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
        .map(|f| f.into_owned())
        .collect()
}

/// Adds one response of a flag fetch to `c`: a FETCH with a UID and FLAGS,
/// or a VANISHED.
pub(super) fn collect_change(c: &mut Changes, r: Response<'_>) {
    match r {
        Response::Fetch(_, attrs) => {
            let mut uid = 0;
            let mut flags = None;
            for a in attrs {
                match a {
                    AttributeValue::Uid(u) => uid = u,
                    AttributeValue::Flags(v) => flags = Some(lasting_flags(v)),
                    _ => {}
                }
            }
            if let (true, Some(flags)) = (uid != 0, flags) {
                c.flags.push(FlagState { uid, flags });
            }
        }
        Response::Vanished { uids, .. } => {
            for r in uids {
                c.vanished.extend(r);
            }
        }
        _ => {}
    }
}

/// A HIGHESTMODSEQ the RFC allows (1 to 2^63 - 1); others count as none.
pub(super) fn valid_modseq(m: u64) -> Option<u64> {
    (m > 0 && m <= i64::MAX as u64).then_some(m)
}

/// Whether a refused SELECT says the folder is not there (or not ours to
/// read): the config names a wrong folder. Servers say it with a code
/// (RFC 5530 NONEXISTENT, TRYCREATE, NOPERM) or, older ones, in words.
pub(super) fn names_missing_folder(c: &Completion) -> bool {
    if let Some(code) = &c.code {
        match code.as_str() {
            "NONEXISTENT" | "TRYCREATE" | "NOPERM" => return true,
            // Codes that say the server is at fault, whatever the words.
            "UNAVAILABLE" | "SERVERBUG" | "INUSE" | "LIMIT" | "OVERQUOTA" | "CONTACTADMIN"
            | "EXPUNGEISSUED" | "CORRUPTION" => return false,
            _ => {}
        }
    }
    let t = c.text.to_lowercase();
    [
        "no such",
        "doesn't exist",
        "does not exist",
        "not exist",
        "nonexistent",
        "non-existent",
        "unknown mailbox",
        "unknown folder",
        "mailbox not found",
        "folder not found",
        "invalid mailbox name",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// An IMAP quoted string, or None when the text cannot be quoted (CR, LF).
pub(super) fn quote(s: &str) -> Option<String> {
    if s.contains(['\r', '\n']) {
        return None;
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imap::fetch::FlagState;

    #[test]
    fn quote_escapes_and_refuses_line_breaks() {
        assert_eq!(quote("Sent").as_deref(), Some("\"Sent\""));
        assert_eq!(quote("a\"b\\c").as_deref(), Some("\"a\\\"b\\\\c\""));
        assert_eq!(quote("a\r\nb"), None);
    }

    #[test]
    fn flag_changes_and_vanished_are_collected() {
        let r: Vec<Response<'static>> = [
            &b"* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n"[..],
            b"* VANISHED (EARLIER) 3:4\r\n",
        ]
        .iter()
        .map(|l| {
            imap_proto::parser::parse_response(l)
                .expect("test value")
                .1
                .into_owned()
        })
        .collect();
        let mut c = Changes::default();
        for resp in r {
            collect_change(&mut c, resp);
        }
        assert_eq!(
            c.flags,
            vec![FlagState {
                uid: 7,
                flags: vec!["\\Seen".into()]
            }]
        );
        assert_eq!(c.vanished, vec![3, 4]);
    }

    #[test]
    fn completions_are_read_with_8bit_text_and_unknown_codes() {
        let c = Completion::parse(b"a3 NO [UNAVAILABLE] backend d\xf8d\r\n");
        assert_eq!(c.status, "NO");
        assert_eq!(c.code.as_deref(), Some("UNAVAILABLE"));
        assert_eq!(c.text, "NO [UNAVAILABLE] backend d\u{f8}d");
        assert!(!names_missing_folder(&c));
        let c = Completion::parse(b"a3 no [NONEXISTENT] Mailbox doesn't exist\r\n");
        assert_eq!(c.status, "NO");
        assert!(names_missing_folder(&c));
        let c = Completion::parse(b"a3 NO Mailbox does not exist: Nonesuch\r\n");
        assert_eq!(c.code, None);
        assert!(names_missing_folder(&c));
        let c = Completion::parse(b"a3 NO [X-FOO 1] internal error\r\n");
        assert_eq!(c.code.as_deref(), Some("X-FOO"));
        assert!(!names_missing_folder(&c));
        let c = Completion::parse(b"a3 OK\r\n");
        assert!(c.is_ok());
    }

    #[test]
    fn server_text_is_safe_and_reads_latin1() {
        assert_eq!(server_text(b" Caf\xe9 \r\n"), "Café");
        assert_eq!(server_text(b"a\x1b[2Jb\x07"), "a␛[2Jb␇");
        assert_eq!(server_text("x".repeat(400).as_bytes()).chars().count(), 301);
    }

    #[test]
    fn modseq_zero_and_beyond_63_bits_are_none() {
        assert_eq!(valid_modseq(0), None);
        assert_eq!(valid_modseq(1), Some(1));
        assert_eq!(valid_modseq(u64::MAX), None);
    }
}
