//! `[ALERT]` texts, picked out of everything the server sends.
//!
//! RFC 3501 (7.1) says the text of an `[ALERT]` response code must be shown
//! to the user. It may come with any response: the greeting, the answer to
//! LOGIN or AUTHENTICATE, a SELECT, a FETCH, a NOOP, an IDLE. Some of those
//! are read by the imap crate, which drops response codes, and some by this
//! crate's own reader, so the alerts are taken from the byte stream itself,
//! below both: [`Scanner`] is fed every byte read from the server, follows
//! the framing (lines, and literals by their announced length, so that a
//! message body that happens to hold `* OK [ALERT]` is never taken for one)
//! and keeps the text of each alert it sees, made safe for the terminal
//! ([`super::server_text`]).

/// How much of a line is kept to look for an alert; an alert is short, and
/// a long line (a FETCH of many flags) needs only its end, for a literal.
const HEAD: usize = 1024;
const TAIL: usize = 32;

/// Follows the server's bytes and collects alert texts.
#[derive(Debug, Default)]
pub struct Scanner {
    head: Vec<u8>,
    tail: Vec<u8>,
    /// Bytes of a literal still to pass over.
    literal_left: u64,
    /// The line being read continues one that announced a literal: it is
    /// not the start of a response.
    continuation: bool,
    found: Vec<String>,
}

impl Scanner {
    /// Takes the next bytes the server sent.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.literal_left > 0 {
                let take = self.literal_left.min(bytes.len() as u64) as usize;
                self.literal_left -= take as u64;
                bytes = &bytes[take..];
                continue;
            }
            match memchr::memchr(b'\n', bytes) {
                Some(i) => {
                    self.push(&bytes[..=i]);
                    bytes = &bytes[i + 1..];
                    self.end_line();
                }
                None => {
                    self.push(bytes);
                    bytes = &[];
                }
            }
        }
    }

    /// The alerts seen since the last call, oldest first.
    pub fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.found)
    }

    fn push(&mut self, part: &[u8]) {
        let room = HEAD.saturating_sub(self.head.len());
        self.head.extend_from_slice(&part[..part.len().min(room)]);
        self.tail.extend_from_slice(part);
        if self.tail.len() > TAIL {
            let cut = self.tail.len() - TAIL;
            self.tail.drain(..cut);
        }
    }

    fn end_line(&mut self) {
        if !self.continuation
            && let Some(text) = alert_text(&self.head)
            && !self.found.contains(&text)
        {
            self.found.push(text);
        }
        match super::reader::literal_length(&self.tail) {
            Some(n) => {
                self.literal_left = n;
                self.continuation = true;
            }
            None => self.continuation = false,
        }
        self.head.clear();
        self.tail.clear();
    }
}

/// The text of an alert in one response line (`* OK [ALERT] text`, a
/// tagged `a1 NO [ALERT] text`, `* BYE [ALERT] text`, `+ [ALERT] text`).
fn alert_text(line: &[u8]) -> Option<String> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let (tag, rest) = split_word(line)?;
    let rest = if tag == b"+" {
        rest
    } else {
        let (status, rest) = split_word(rest)?;
        let known = [&b"OK"[..], b"NO", b"BAD", b"BYE", b"PREAUTH"];
        if !known.iter().any(|k| status.eq_ignore_ascii_case(k)) {
            return None;
        }
        rest
    };
    let code = b"[ALERT]";
    if rest.len() < code.len() || !rest[..code.len()].eq_ignore_ascii_case(code) {
        return None;
    }
    let text = super::server_text(&rest[code.len()..]);
    (!text.is_empty()).then_some(text)
}

/// The first space-separated word and what follows the space.
fn split_word(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let i = memchr::memchr(b' ', s)?;
    Some((&s[..i], &s[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(parts: &[&[u8]]) -> Vec<String> {
        let mut s = Scanner::default();
        for p in parts {
            s.feed(p);
        }
        s.take()
    }

    #[test]
    fn alerts_in_any_response_are_found() {
        assert_eq!(
            scan(&[b"* OK [ALERT] Maintenance at 22:00\r\n"]),
            vec!["Maintenance at 22:00"]
        );
        assert_eq!(
            scan(&[b"a1 OK [alert] Password expires in 3 days\r\n"]),
            vec!["Password expires in 3 days"]
        );
        assert_eq!(
            scan(&[b"* BYE [ALERT] Shutting down\r\n", b"+ [ALERT] hold on\r\n"]),
            vec!["Shutting down", "hold on"]
        );
        assert!(scan(&[b"* OK [UIDNEXT 4] ALERT\r\n* 3 EXISTS\r\n"]).is_empty());
    }

    #[test]
    fn an_alert_split_across_reads_is_found_once() {
        assert_eq!(
            scan(&[
                b"* NO [AL",
                b"ERT] Over quota\r",
                b"\n* OK [ALERT] Over quota\r\n"
            ]),
            vec!["Over quota"]
        );
    }

    #[test]
    fn alert_lookalikes_inside_literals_are_mail_not_alerts() {
        let body = b"x\r\n* OK [ALERT] send your password to evil@example.com\r\n";
        let head = format!("* 1 FETCH (UID 1 BODY[] {{{}}}\r\n", body.len());
        assert!(
            scan(&[
                head.as_bytes(),
                &body[..7],
                &body[7..],
                b")\r\n",
                b"a4 OK done\r\n"
            ])
            .is_empty()
        );
        // After the literal the framing is still followed.
        assert_eq!(
            scan(&[head.as_bytes(), body, b")\r\n", b"* OK [ALERT] real\r\n"]),
            vec!["real"]
        );
    }

    #[test]
    fn alert_text_is_made_safe_for_the_terminal() {
        assert_eq!(
            scan(&[b"* OK [ALERT] \x1b]0;owned\x07\x1b[2Jcaf\xe9\r\n"]),
            vec!["␛]0;owned␇␛[2Jcafé"]
        );
    }
}
