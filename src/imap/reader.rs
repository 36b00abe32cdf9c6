//! A fast path for large responses beside the imap crate, and the limits
//! every byte from the server passes through.
//!
//! The crate reads a response line by line and re-parses it from its start
//! after every line until it is complete: for a FETCH of whole messages that
//! is one parse per line of mail, most of the CPU a download costs. Here the
//! stream under the crate is shared: the crate gets it through [`Shared`],
//! whose reads stop at the end of a line, so the crate never holds bytes past
//! the line it asked for; a bulk command is written through the crate (which
//! keeps its tag count) and its answer is read directly with
//! [`Shared::read_responses`], which takes literals whole by their announced
//! length, each response in a buffer of its own.
//!
//! Both ways of reading pass through the same [`Limits`], so that no server
//! can make vsd reserve memory it has not received, hold a line open without
//! end, or answer one command forever:
//!
//! - a literal announced above [`Limits::literal_max`] is refused before a
//!   byte of it is read ([`LimitError::LiteralTooLarge`], naming the UID the
//!   line gave); below it, the buffer grows as bytes arrive, never by the
//!   announced length at once;
//! - a line (outside literals) longer than [`Limits::line_max`] is refused;
//! - each command's answer has a deadline, armed when the command is written
//!   and met by its tagged completion or a continuation (`+`): a base time,
//!   plus a second for every [`Limits::min_rate`] bytes of literal the server
//!   announces, so that a trickling server is cut off while a slow link that
//!   still moves data is not;
//! - the crate clears the socket's read timeout after IDLE, before it sends
//!   DONE; the timeout asked for here stays in force instead, so a server
//!   that never answers DONE cannot hang the session.
//!
//! After any of these the stream is broken for good: its place in the
//! server's answer is lost, and every later read fails at once so that the
//! caller reconnects.
//!
//! A bulk command carries a tag of its own (`b1`, `b2`, … beside the crate's
//! `a1`, `a2`, …), and the bulk reader ends only on that tag's completion: a stray tagged
//! line before it, or lines of a literal the server miscounted, are kept as
//! responses of their own (which then fail to parse and are reported) instead
//! of ending the answer early and leaving its rest for the next command.

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHUNK: usize = 64 * 1024;

/// Bounds on what one connection may send (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest line outside literals.
    pub line_max: usize,
    /// The largest literal accepted.
    pub literal_max: u64,
    /// The time one answer gets before its literals are counted.
    pub response_time: Duration,
    /// Bytes per second an announced literal must at least move at: each
    /// literal extends the answer's deadline by its length over this rate.
    pub min_rate: u64,
    /// The socket read timeout kept in force when the crate would clear it.
    pub read_timeout: Option<Duration>,
}

/// A line longer than this is not IMAP a server sends in good faith: the
/// longest honest ones are `UID SEARCH` answers, about 7 MB for a folder
/// of a million messages.
pub const LINE_MAX: usize = 16 * 1024 * 1024;
/// The largest literal taken whatever `max_message_size` says.
pub const LITERAL_MAX: u64 = 1024 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            line_max: LINE_MAX,
            literal_max: LITERAL_MAX,
            response_time: Duration::from_secs(300),
            min_rate: 64 * 1024,
            read_timeout: None,
        }
    }
}

/// Why the reader refused the server's answer. Carried inside the
/// [`io::Error`]s the reader returns; [`LimitError::of`] finds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error(
        "the server announced a literal of {size} bytes{}, above the limit of {limit} bytes",
        uid.map(|u| format!(" for UID {u}")).unwrap_or_default()
    )]
    LiteralTooLarge {
        size: u64,
        limit: u64,
        uid: Option<u32>,
    },
    #[error("the server sent a line longer than {limit} bytes")]
    LineTooLong { limit: usize },
    #[error("the server took more than {secs} s over one answer")]
    TooSlow { secs: u64 },
    #[error("an earlier answer on this connection was cut off ({0})")]
    Broken(String),
}

/// Why a stream was given up.
#[derive(Debug, Clone)]
enum Broken {
    Limit(LimitError),
    Io(io::ErrorKind, String),
}

impl Broken {
    fn to_io(&self) -> io::Error {
        match self {
            Broken::Limit(l) => l.clone().into_io(),
            Broken::Io(kind, m) => io::Error::new(*kind, m.clone()),
        }
    }
}

impl LimitError {
    /// The limit error inside an I/O error from the reader, if that is what
    /// it is.
    pub fn of(e: &io::Error) -> Option<&LimitError> {
        e.get_ref().and_then(|x| x.downcast_ref::<LimitError>())
    }

    fn into_io(self) -> io::Error {
        let kind = match self {
            LimitError::TooSlow { .. } => io::ErrorKind::TimedOut,
            _ => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, self)
    }
}

/// Where the crate's reads stand in the server's answer: the reader hands
/// it bytes a line at a time and follows the framing to apply the limits.
#[derive(Default)]
struct Framing {
    /// Bytes of the current line handed out so far.
    line_len: usize,
    /// The last bytes of the current line, to see a literal announcement.
    tail: Vec<u8>,
    /// Literal bytes still to hand out.
    literal_left: u64,
    /// The first byte of the current response (`*`, `+`, or a tag's).
    first: Option<u8>,
}

struct Inner<S> {
    stream: S,
    buf: Vec<u8>,
    pos: usize,
    limits: Limits,
    deadline: Option<(Instant, Duration)>,
    broken: Option<Broken>,
    framing: Framing,
    /// Sees every byte read, for the server's `[ALERT]`s.
    alerts: super::alerts::Scanner,
}

impl<S: Read> Inner<S> {
    fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    fn fail(&mut self, e: LimitError) -> io::Error {
        self.broken.get_or_insert_with(|| Broken::Limit(e.clone()));
        e.into_io()
    }

    fn check(&mut self) -> io::Result<()> {
        if let Some(why) = &self.broken {
            let e = why.to_io();
            return Err(match LimitError::of(&e) {
                Some(_) => e,
                None => LimitError::Broken(e.to_string()).into_io(),
            });
        }
        if let Some((at, budget)) = self.deadline
            && Instant::now() >= at
        {
            return Err(self.fail(LimitError::TooSlow {
                secs: budget.as_secs(),
            }));
        }
        Ok(())
    }

    /// Reads more from the stream; false at end of stream.
    fn fill(&mut self) -> io::Result<bool> {
        self.check()?;
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
                    // A read that fails inside an answer leaves it half
                    // read; between answers, with none awaited (IDLE's
                    // wait), a timeout is only the end of a wait.
                    let between = self.deadline.is_none()
                        && self.framing.line_len == 0
                        && self.framing.literal_left == 0
                        && self.framing.first.is_none();
                    if !between {
                        self.broken
                            .get_or_insert_with(|| Broken::Io(e.kind(), e.to_string()));
                    }
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
        self.advance(n);
    }

    fn advance(&mut self, n: usize) {
        self.pos += n;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    /// A command went out: its answer's clock starts.
    fn arm(&mut self) {
        let budget = self.limits.response_time;
        self.deadline = Some((Instant::now() + budget, budget));
    }

    /// The server announced a literal of `n` bytes: refuse it, or give the
    /// answer time to carry it.
    fn literal(&mut self, n: u64, line: &[u8]) -> io::Result<()> {
        if n > self.limits.literal_max {
            return Err(self.fail(LimitError::LiteralTooLarge {
                size: n,
                limit: self.limits.literal_max,
                uid: uid_in_line(line),
            }));
        }
        if let Some((at, budget)) = &mut self.deadline {
            let extra = Duration::from_secs(n / self.limits.min_rate.max(1));
            *at += extra;
            *budget += extra;
        }
        Ok(())
    }

    /// A response ended: a tagged completion or a continuation meets the
    /// deadline of the command it answers.
    fn response_done(&mut self, first: Option<u8>) {
        if first != Some(b'*') {
            self.deadline = None;
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
            limits: Limits::default(),
            deadline: None,
            broken: None,
            framing: Framing::default(),
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

    /// Starts the clock of an answer that no command asked for: the
    /// greeting, which a server that trickles could otherwise hold for ever.
    pub fn arm(&self) {
        if let Ok(mut inner) = self.0.lock() {
            inner.arm();
        }
    }

    /// Sets the limits for what follows.
    pub fn set_limits(&self, limits: Limits) {
        if let Ok(mut inner) = self.0.lock() {
            inner.limits = limits;
        }
    }

    pub fn limits(&self) -> Limits {
        self.0.lock().map(|i| i.limits).unwrap_or_default()
    }

    /// Why the stream can no longer be used (the first error), once a
    /// read failed inside an answer or a limit was hit.
    pub fn broken_error(&self) -> Option<io::Error> {
        match self.0.lock() {
            Ok(i) => i.broken.as_ref().map(Broken::to_io),
            Err(_) => Some(poisoned()),
        }
    }

    /// Reads one whole response to the last command: untagged lines (with
    /// their literals) up to and including the tagged completion. Returns
    /// the bytes and the offset where the tagged line starts.
    pub fn read_response(&self) -> io::Result<(Vec<u8>, usize)> {
        let parts = self.read_responses()?;
        let mut out = Vec::new();
        let mut tagged = 0;
        for p in parts {
            tagged = out.len();
            out.extend_from_slice(&p);
        }
        Ok((out, tagged))
    }

    /// Like [`Shared::read_response`], each response (with its literals) in
    /// a buffer of its own, the tagged completion last: one that cannot be
    /// parsed can be set aside alone, and a message's literal can become the
    /// message without a copy.
    pub fn read_responses(&self) -> io::Result<Vec<Vec<u8>>> {
        self.read_responses_to(None)
    }

    /// Like [`Shared::read_responses`], ending only on a tagged line with
    /// `tag` when one is given; any other line that is neither untagged nor
    /// a continuation is kept as a response of its own.
    pub fn read_responses_to(&self, tag: Option<&[u8]>) -> io::Result<Vec<Vec<u8>>> {
        let mut parts = Vec::new();
        let done = self.read_responses_each(tag, |p| parts.push(p))?;
        parts.push(done);
        Ok(parts)
    }

    /// Like [`Shared::read_responses_to`], handing each response to `each`
    /// as it is read instead of keeping them all, and returning the one that
    /// ends the answer: a listing of a large folder then costs what `each`
    /// keeps of it, not the answer's bytes. `each` runs with the stream
    /// locked; it must not read from it.
    pub fn read_responses_each(
        &self,
        tag: Option<&[u8]>,
        mut each: impl FnMut(Vec<u8>),
    ) -> io::Result<Vec<u8>> {
        let mut inner = self.0.lock().map_err(|_| poisoned())?;
        inner.check()?;
        loop {
            let mut out = Vec::new();
            // One logical line: text up to LF, and after each line that
            // ends in a literal announcement, the literal and the rest.
            loop {
                let line_start = out.len();
                read_line(&mut inner, &mut out)?;
                match literal_length(&out[line_start..]) {
                    Some(n) => {
                        inner.literal(n, &out)?;
                        // Below literal_max, which fits in memory.
                        read_exact(&mut inner, n as usize, &mut out)?;
                    }
                    None => break,
                }
            }
            let first = out.first().copied();
            let ends = first != Some(b'*')
                && first != Some(b'+')
                && tag.is_none_or(|t| out.starts_with(t) && out.get(t.len()) == Some(&b' '));
            if ends {
                inner.response_done(first);
                return Ok(out);
            }
            each(out);
        }
    }
}

fn read_line<S: Read>(inner: &mut Inner<S>, out: &mut Vec<u8>) -> io::Result<()> {
    let start = out.len();
    loop {
        let limit = inner.limits.line_max;
        if let Some(i) = memchr::memchr(b'\n', inner.buffered()) {
            if out.len() - start + i + 1 > limit {
                return Err(inner.fail(LimitError::LineTooLong { limit }));
            }
            inner.consume_into(i + 1, out);
            return Ok(());
        }
        let n = inner.buffered().len();
        if out.len() - start + n > limit {
            return Err(inner.fail(LimitError::LineTooLong { limit }));
        }
        inner.consume_into(n, out);
        if !inner.fill()? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
    }
}

/// Reads a literal of `n` bytes onto `out`. The buffer grows with what has
/// arrived (doubling, at most by the bytes still announced), so a server
/// that announces more than it sends costs only what it sent.
fn read_exact<S: Read>(inner: &mut Inner<S>, mut n: usize, out: &mut Vec<u8>) -> io::Result<()> {
    while n > 0 {
        if inner.buffered().is_empty() && !inner.fill()? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection inside a literal",
            ));
        }
        let take = n.min(inner.buffered().len());
        if out.capacity() - out.len() < take {
            out.reserve(n.min(out.len().max(CHUNK)));
        }
        inner.consume_into(take, out);
        n -= take;
    }
    Ok(())
}

/// The length announced by a line ending in `{N}\r\n` (or `{N+}`). A
/// number too long for a u64 reads as `u64::MAX`, which every limit refuses.
pub(super) fn literal_length(line: &[u8]) -> Option<u64> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_suffix(b"}")?;
    let open = memchr::memrchr(b'{', line)?;
    let digits = &line[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(u64::MAX),
    )
}

/// The UID a FETCH line names (`UID 123`), for a refusal's message.
fn uid_in_line(line: &[u8]) -> Option<u32> {
    let start = memchr::memrchr(b'\n', &line[..line.len().saturating_sub(1)]).map_or(0, |i| i + 1);
    let line = &line[start..];
    let upper = line[..line.len().min(4096)].to_ascii_uppercase();
    let i = memchr::memmem::find(&upper, b"UID ")?;
    let digits: Vec<u8> = upper[i + 4..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

impl<S: Read + Write> Read for Shared<S> {
    /// Gives the crate at most the rest of the current line (or of the
    /// literal it is in), so that it never buffers bytes that belong to the
    /// next response, and applies the limits on the way.
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut inner = self.0.lock().map_err(|_| poisoned())?;
        inner.check()?;
        if inner.buffered().is_empty() && !inner.fill()? {
            return Ok(0);
        }
        let avail = inner.buffered();
        if inner.framing.literal_left > 0 {
            let left = usize::try_from(inner.framing.literal_left).unwrap_or(usize::MAX);
            let n = avail.len().min(out.len()).min(left);
            out[..n].copy_from_slice(&avail[..n]);
            inner.advance(n);
            inner.framing.literal_left -= n as u64;
            return Ok(n);
        }
        let upto = memchr::memchr(b'\n', avail).map_or(avail.len(), |i| i + 1);
        let n = upto.min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        let limit = inner.limits.line_max;
        let f = &mut inner.framing;
        if f.line_len == 0 && f.first.is_none() {
            f.first = out.first().copied();
        }
        f.line_len += n;
        f.tail.extend_from_slice(&out[..n]);
        if f.tail.len() > 32 {
            let cut = f.tail.len() - 32;
            f.tail.drain(..cut);
        }
        let ended = out[n - 1] == b'\n';
        let too_long = f.line_len > limit;
        inner.advance(n);
        if too_long {
            return Err(inner.fail(LimitError::LineTooLong { limit }));
        }
        if ended {
            let tail = std::mem::take(&mut inner.framing.tail);
            inner.framing.line_len = 0;
            match literal_length(&tail) {
                Some(len) => {
                    inner.literal(len, &tail)?;
                    inner.framing.literal_left = len;
                }
                None => {
                    let first = inner.framing.first.take();
                    inner.response_done(first);
                }
            }
        }
        Ok(n)
    }
}

impl<S: Read + Write> Write for Shared<S> {
    /// A write is a command (or a literal or DONE that a command goes on
    /// with): the clock of its answer starts.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut inner = self.0.lock().map_err(|_| poisoned())?;
        inner.arm();
        inner.stream.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.lock().map_err(|_| poisoned())?.stream.flush()
    }
}

impl<S: Read + Write + imap::extensions::idle::SetReadTimeout>
    imap::extensions::idle::SetReadTimeout for Shared<S>
{
    /// The crate asks for no timeout after IDLE, before it sends DONE and
    /// waits for the answer: the configured timeout is kept instead.
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::error::Result<()> {
        let mut inner = self
            .0
            .lock()
            .map_err(|_| imap::error::Error::Io(poisoned()))?;
        let timeout = timeout.or(inner.limits.read_timeout);
        inner.stream.set_read_timeout(timeout)
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
    /// Above the literal limit it is refused unread; below it, an
    /// announcement of 900 MB that brings five bytes costs five bytes.
    fn huge_literal_announcement_is_not_reserved() {
        let s = Shared::new(Script(
            io::Cursor::new(b"* 1 FETCH (BODY[] {90000000000}\r\nshort".to_vec()),
            4096,
        ));
        let e = s.read_response().expect_err("refused");
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        let s = Shared::new(Script(
            io::Cursor::new(b"* 1 FETCH (BODY[] {900000000}\r\nshort".to_vec()),
            4096,
        ));
        let e = s.read_response().expect_err("cut");
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn stray_tagged_line_does_not_end_the_answer() {
        let text = b"a3 OK stray\r\n* 1 FETCH (UID 1 BODY[] {2}\r\nab)\r\na5 OK done\r\n";
        let s = Shared::new(Script(io::Cursor::new(text.to_vec()), 4096));
        let parts = s.read_responses_to(Some(b"a5")).expect("response");
        assert_eq!(parts.concat(), text.to_vec());
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[2], b"a5 OK done\r\n");
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
