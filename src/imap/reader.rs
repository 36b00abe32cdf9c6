//! A fast path for large responses beside the imap crate.
//!
//! The crate reads a response line by line and re-parses it from its start
//! after every line until it is complete: for a FETCH of whole messages that
//! is one parse per line of mail, most of the CPU a download costs. Here the
//! stream under the crate is shared: the crate gets it through [`Shared`],
//! whose reads stop at the end of a line, so the crate never holds bytes past
//! the line it asked for; a bulk command is written through the crate (which
//! keeps its tag count) and its answer is read directly with
//! [`Shared::read_response`], which takes literals whole by their announced
//! length.
//!
//! A bulk command carries a tag of its own (`b1`, `b2`, … beside the crate's
//! `a1`, `a2`, …), and the bulk reader ends only on that tag's completion: a stray tagged
//! line before it, or lines of a literal the server miscounted, are kept as
//! responses of their own (which then fail to parse and are reported) instead
//! of ending the answer early and leaving its rest for the next command.

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CHUNK: usize = 64 * 1024;

struct Inner<S> {
    stream: S,
    buf: Vec<u8>,
    pos: usize,
    /// Sees every byte read, for the server's `[ALERT]`s.
    alerts: super::alerts::Scanner,
}

impl<S: Read> Inner<S> {
    fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Reads more from the stream; false at end of stream.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos > 0 && self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + CHUNK, 0);
        let n = loop {
            match self.stream.read(&mut self.buf[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(start);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(start + n);
        self.alerts.feed(&self.buf[start..]);
        Ok(n > 0)
    }

    fn consume_into(&mut self, n: usize, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }
}

/// A stream shared between the imap crate and the bulk reader.
pub struct Shared<S>(Arc<Mutex<Inner<S>>>);

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<S> std::fmt::Debug for Shared<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared")
    }
}

fn poisoned() -> io::Error {
    io::Error::other("the IMAP stream's lock was poisoned")
}

impl<S: Read + Write> Shared<S> {
    pub fn new(stream: S) -> Self {
        Shared(Arc::new(Mutex::new(Inner {
            stream,
            buf: Vec::new(),
            pos: 0,
            alerts: super::alerts::Scanner::default(),
        })))
    }

    /// Shows the alert scanner bytes the server sent before this stream
    /// took over (the plaintext greeting the transport read).
    pub fn scan_earlier(&self, bytes: &[u8]) {
        if let Ok(mut inner) = self.0.lock() {
            inner.alerts.feed(bytes);
        }
    }

    /// The `[ALERT]` texts the server sent since the last call.
    pub fn take_alerts(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut inner| inner.alerts.take())
            .unwrap_or_default()
    }

    /// Reads one whole response to the last command: untagged lines (with
    /// their literals) up to and including the tagged completion. Returns
    /// the bytes and the offset where the tagged line starts.
    pub fn read_response(&self) -> io::Result<(Vec<u8>, usize)> {
        self.read_response_spans().map(|(bytes, spans)| {
            let tagged = spans.last().map_or(0, |s| s.start);
            (bytes, tagged)
        })
    }

    /// Like [`Shared::read_response`], with the byte range of each response
    /// (the last one is the tagged completion), so that one that cannot be
    /// parsed can be set aside alone.
    pub fn read_response_spans(&self) -> io::Result<(Vec<u8>, Vec<std::ops::Range<usize>>)> {
        self.read_response_spans_to(None)
    }

    /// Like [`Shared::read_response_spans`], ending only on a tagged line
    /// with `tag`; any other line that is neither untagged nor a
    /// continuation is kept as a response of its own.
    pub fn read_response_spans_to(
        &self,
        tag: Option<&[u8]>,
    ) -> io::Result<(Vec<u8>, Vec<std::ops::Range<usize>>)> {
        let mut inner = self.0.lock().map_err(|_| poisoned())?;
        let mut out = Vec::new();
        let mut spans = Vec::new();
        loop {
            let line_start = out.len();
            // One logical line: text up to LF, and after each line that
            // ends in a literal announcement, the literal and the rest.
            loop {
                read_line(&mut inner, &mut out)?;
                match literal_length(&out[line_start..]) {
                    Some(n) => read_exact(&mut inner, n, &mut out)?,
                    None => break,
                }
            }
            spans.push(line_start..out.len());
            let first = out.get(line_start).copied();
            if first != Some(b'*') && first != Some(b'+') {
                let line = &out[line_start..];
                let ends = match tag {
                    None => true,
                    Some(t) => line.starts_with(t) && line.get(t.len()) == Some(&b' '),
                };
                if ends {
                    return Ok((out, spans));
                }
            }
        }
    }
}

fn read_line<S: Read>(inner: &mut Inner<S>, out: &mut Vec<u8>) -> io::Result<()> {
    loop {
        if let Some(i) = memchr::memchr(b'\n', inner.buffered()) {
            inner.consume_into(i + 1, out);
            return Ok(());
        }
        let n = inner.buffered().len();
        inner.consume_into(n, out);
        if !inner.fill()? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
    }
}

fn read_exact<S: Read>(inner: &mut Inner<S>, mut n: usize, out: &mut Vec<u8>) -> io::Result<()> {
    // The length is the server's word: reserve what a read can bring, not
    // what it announces (`{90000000000}` aborted vsd; found by fuzzing).
    out.reserve(n.min(CHUNK));
    while n > 0 {
        if inner.buffered().is_empty() && !inner.fill()? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection inside a literal",
            ));
        }
        let take = n.min(inner.buffered().len());
        inner.consume_into(take, out);
        n -= take;
    }
    Ok(())
}

/// The length announced by a line ending in `{N}\r\n` (or `{N+}`).
pub(super) fn literal_length(line: &[u8]) -> Option<usize> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_suffix(b"}")?;
    let open = memchr::memrchr(b'{', line)?;
    let digits = &line[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

impl<S: Read + Write> Read for Shared<S> {
    /// Gives the crate at most the rest of the current line, so that it
    /// never buffers bytes that belong to the next response.
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut inner = self.0.lock().map_err(|_| poisoned())?;
        if inner.buffered().is_empty() && !inner.fill()? {
            return Ok(0);
        }
        let avail = inner.buffered();
        let upto = memchr::memchr(b'\n', avail).map_or(avail.len(), |i| i + 1);
        let n = upto.min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        inner.pos += n;
        if inner.pos == inner.buf.len() {
            inner.buf.clear();
            inner.pos = 0;
        }
        Ok(n)
    }
}

impl<S: Read + Write> Write for Shared<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().map_err(|_| poisoned())?.stream.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.lock().map_err(|_| poisoned())?.stream.flush()
    }
}

impl<S: Read + Write + imap::extensions::idle::SetReadTimeout>
    imap::extensions::idle::SetReadTimeout for Shared<S>
{
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::error::Result<()> {
        self.0
            .lock()
            .map_err(|_| imap::error::Error::Io(poisoned()))?
            .stream
            .set_read_timeout(timeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Script(io::Cursor<Vec<u8>>, usize);
    impl Read for Script {
        // Hands out at most `self.1` bytes per read, to split lines and
        // literals across reads.
        fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
            let n = b.len().min(self.1);
            self.0.read(&mut b[..n])
        }
    }
    impl Write for Script {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn literal_lengths() {
        assert_eq!(literal_length(b"* 1 FETCH (BODY[] {12}\r\n"), Some(12));
        assert_eq!(literal_length(b"* 1 FETCH (BODY[] {7+}\r\n"), Some(7));
        assert_eq!(literal_length(b"* OK {x}\r\n"), None);
        assert_eq!(literal_length(b"* OK done\r\n"), None);
        assert_eq!(literal_length(b"* OK {}\r\n"), None);
    }

    #[test]
    fn whole_response_with_literals_split_across_reads() {
        let text = b"* 1 FETCH (UID 1 BODY[] {14}\r\nline\r\n{3}\r\nx\n)\r\n* 2 FETCH (UID 2 BODY[] {0}\r\n)\r\na5 OK done\r\n* 3 EXISTS\r\n";
        for step in [1, 2, 7, 4096] {
            let s = Shared::new(Script(io::Cursor::new(text.to_vec()), step));
            let (bytes, tagged) = s.read_response().expect("response");
            let end = text.len() - b"* 3 EXISTS\r\n".len();
            assert_eq!(bytes, text[..end].to_vec(), "step {step}");
            assert_eq!(&bytes[tagged..], b"a5 OK done\r\n");
            // What follows is left for the next reader, a line at a time.
            let mut rest = s.clone();
            let mut buf = [0u8; 64];
            let mut got = Vec::new();
            loop {
                let n = rest.read(&mut buf).expect("read");
                if n == 0 {
                    break;
                }
                assert!(!buf[..n.saturating_sub(1)].contains(&b'\n'));
                got.extend_from_slice(&buf[..n]);
            }
            assert_eq!(got, b"* 3 EXISTS\r\n");
        }
    }

    /// Found by fuzzing the bulk reader: a literal announced as 90 GB was
    /// reserved whole before a byte of it came, and the allocation aborted.
    #[test]
    fn huge_literal_announcement_is_not_reserved() {
        let s = Shared::new(Script(
            io::Cursor::new(b"* 1 FETCH (BODY[] {90000000000}\r\nshort".to_vec()),
            4096,
        ));
        let e = s.read_response().expect_err("cut");
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn stray_tagged_line_does_not_end_the_answer() {
        let text = b"a3 OK stray\r\n* 1 FETCH (UID 1 BODY[] {2}\r\nab)\r\na5 OK done\r\n";
        let s = Shared::new(Script(io::Cursor::new(text.to_vec()), 4096));
        let (bytes, spans) = s.read_response_spans_to(Some(b"a5")).expect("response");
        assert_eq!(bytes, text.to_vec());
        assert_eq!(spans.len(), 3);
        assert_eq!(&bytes[spans[2].clone()], b"a5 OK done\r\n");
    }

    #[test]
    fn end_of_stream_inside_a_literal_is_an_error() {
        let s = Shared::new(Script(
            io::Cursor::new(b"* 1 FETCH (BODY[] {100}\r\nshort".to_vec()),
            4096,
        ));
        let e = s.read_response().expect_err("cut");
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }
}
