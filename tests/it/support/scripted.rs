//! Scripted IMAP servers: an in-memory stream that plays canned server
//! output and records what the client wrote, and a one-connection TCP server
//! that does the same over a socket.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Plays `script` to the reader; everything written is kept in `written`.
/// At the end of the script a read returns `TimedOut`, as a socket with a
/// read timeout would.
pub struct ScriptedStream {
    script: Vec<u8>,
    pos: usize,
    pub written: Arc<Mutex<Vec<u8>>>,
}

impl ScriptedStream {
    pub fn new(script: &[u8]) -> Self {
        ScriptedStream {
            script: script.to_vec(),
            pos: 0,
            written: Arc::new(Mutex::new(Vec::new())),
        }
    }
}

impl Read for ScriptedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.script.len() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "script ended"));
        }
        let n = buf.len().min(self.script.len() - self.pos);
        buf[..n].copy_from_slice(&self.script[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Write for ScriptedStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl imap::extensions::idle::SetReadTimeout for ScriptedStream {
    fn set_read_timeout(&mut self, _timeout: Option<Duration>) -> imap::error::Result<()> {
        Ok(())
    }
}

/// A TCP server for one connection: for each step, it waits until the
/// client's bytes contain `expect` (empty: no wait), then sends `reply`.
/// Returns the port and what the client sent, to be read once the client
/// has hung up.
pub fn tcp_server(steps: Vec<(&'static str, &'static str)>) -> (u16, Transcript) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let rec = received.clone();
    let handle = thread::spawn(move || {
        let Ok((mut sock, _)) = listener.accept() else {
            return;
        };
        sock.set_read_timeout(Some(Duration::from_millis(100))).ok();
        let mut buf = [0u8; 4096];
        for (expect, reply) in steps {
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while !rec
                .lock()
                .map(|r| {
                    let r: &Vec<u8> = &r;
                    String::from_utf8_lossy(r).contains(expect)
                })
                .unwrap_or(true)
            {
                if std::time::Instant::now() > deadline {
                    return;
                }
                match sock.read(&mut buf) {
                    Ok(0) => return,
                    Ok(n) => rec.lock().expect("lock").extend_from_slice(&buf[..n]),
                    Err(_) => {}
                }
            }
            if sock.write_all(reply.as_bytes()).is_err() {
                return;
            }
        }
        // Keep reading until the client goes away, so that what it sends
        // after the script is recorded too.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            match sock.read(&mut buf) {
                Ok(0) => return,
                Ok(n) => rec.lock().expect("lock").extend_from_slice(&buf[..n]),
                Err(_) => {}
            }
        }
    });
    (port, Transcript { received, handle })
}

/// What a client sent to [`tcp_server`].
pub struct Transcript {
    received: Arc<Mutex<Vec<u8>>>,
    handle: thread::JoinHandle<()>,
}

impl Transcript {
    /// Everything the client sent, read after the server has seen the
    /// connection close (or given up on it after 10 s), so no byte is
    /// still on its way.
    pub fn after_close(self) -> String {
        self.handle.join().expect("scripted server panicked");
        let bytes = self.received.lock().expect("lock").clone();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Plays `head`, then `fill` over and over for ever, `step` bytes a read, waiting `delay`
/// before each read after the head: a server that never ends a line, or one
/// that trickles.
pub struct EndlessStream {
    head: Vec<u8>,
    pos: usize,
    fill: Vec<u8>,
    at: usize,
    step: usize,
    delay: Duration,
    /// Bytes of `fill` handed out so far.
    pub sent: Arc<Mutex<u64>>,
}

impl EndlessStream {
    pub fn new(head: &[u8], fill: &[u8], step: usize, delay: Duration) -> Self {
        EndlessStream {
            head: head.to_vec(),
            pos: 0,
            fill: fill.to_vec(),
            at: 0,
            step: step.max(1),
            delay,
            sent: Arc::new(Mutex::new(0)),
        }
    }
}

impl Read for EndlessStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.pos);
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if !self.delay.is_zero() {
            thread::sleep(self.delay);
        }
        let n = buf.len().min(self.step);
        for b in &mut buf[..n] {
            *b = self.fill[self.at % self.fill.len()];
            self.at += 1;
        }
        *self.sent.lock().map_err(|_| io::Error::other("poisoned"))? += n as u64;
        Ok(n)
    }
}

impl Write for EndlessStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One message of a [`FakeServer`]'s folder.
#[derive(Clone, Debug)]
pub struct FakeMessage {
    pub uid: u32,
    /// The inside of the FLAGS list, as sent (`\Seen $Label`).
    pub flags: String,
    pub body: Vec<u8>,
}

/// What a [`FakeServer`] is about to send for one message of a body fetch.
pub struct BodyAnswer<'a> {
    pub uid: u32,
    pub seq: u32,
    /// How many body fetches have asked for this UID, this one included.
    pub attempt: u32,
    /// Whether the command asked for this UID alone.
    pub alone: bool,
    /// The well-formed answer (`* seq FETCH (... BODY[] {n}\r\n...)\r\n`).
    pub answer: &'a [u8],
    pub message: &'a FakeMessage,
}

/// Rewrites the answer for one message of a body fetch: the misbehaviour
/// under test. Returns the bytes to send instead.
pub type Misbehave = Box<dyn FnMut(&BodyAnswer) -> Vec<u8> + Send>;

struct FakeState {
    uidvalidity: u32,
    messages: Vec<FakeMessage>,
    misbehave: Option<Misbehave>,
    attempts: std::collections::HashMap<u32, u32>,
    /// Commands received, in order, for assertions.
    commands: Vec<String>,
    /// The next read after a body fetch of this UID panics.
    panic_on_body_of: Option<u32>,
    /// A body fetch that includes this UID is refused (`NO`).
    refuse_body_of: Option<u32>,
}

/// A one-folder IMAP server that answers what vsd's sync asks (LOGIN,
/// CAPABILITY, SELECT, UID SEARCH, UID FETCH of sizes, flags, Message-IDs,
/// headers and bodies) from a mailbox held in memory, through a [`Misbehave`] hook that
/// can make any one answer go wrong. Each [`FakeServer::connect`] is a new
/// connection to the same mailbox.
#[derive(Clone)]
pub struct FakeServer(Arc<Mutex<FakeState>>);

impl FakeServer {
    pub fn new(uidvalidity: u32, bodies: Vec<Vec<u8>>) -> FakeServer {
        let messages = bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| FakeMessage {
                uid: i as u32 + 1,
                flags: "\\Seen".into(),
                body,
            })
            .collect();
        FakeServer(Arc::new(Mutex::new(FakeState {
            uidvalidity,
            messages,
            misbehave: None,
            attempts: Default::default(),
            commands: Vec::new(),
            panic_on_body_of: None,
            refuse_body_of: None,
        })))
    }

    /// Sets (or with `None`, clears) the misbehaviour.
    pub fn misbehave(&self, m: Option<Misbehave>) {
        self.0.lock().expect("lock").misbehave = m;
    }

    /// Makes the stream panic while a body fetch that includes `uid` is read.
    pub fn panic_on_body_of(&self, uid: Option<u32>) {
        self.0.lock().expect("lock").panic_on_body_of = uid;
    }

    /// Makes every body fetch that includes `uid` end in a tagged NO.
    pub fn refuse_body_of(&self, uid: Option<u32>) {
        self.0.lock().expect("lock").refuse_body_of = uid;
    }

    pub fn append(&self, body: Vec<u8>) -> u32 {
        let mut st = self.0.lock().expect("lock");
        let uid = st.messages.last().map_or(1, |m| m.uid + 1);
        st.messages.push(FakeMessage {
            uid,
            flags: String::new(),
            body,
        });
        uid
    }

    pub fn expunge(&self, uid: u32) {
        self.0
            .lock()
            .expect("lock")
            .messages
            .retain(|m| m.uid != uid);
    }

    /// The commands received so far (without tags).
    pub fn commands(&self) -> Vec<String> {
        self.0.lock().expect("lock").commands.clone()
    }

    /// How many body fetches asked for `uid`.
    pub fn attempts(&self, uid: u32) -> u32 {
        self.0
            .lock()
            .expect("lock")
            .attempts
            .get(&uid)
            .copied()
            .unwrap_or(0)
    }

    pub fn connect(&self) -> FakeStream {
        FakeStream {
            server: self.clone(),
            out: b"* OK fake IMAP ready\r\n".to_vec(),
            pos: 0,
            input: Vec::new(),
            panic_armed: false,
        }
    }
}

/// One connection to a [`FakeServer`]. A read with nothing to send fails
/// with `TimedOut`, as a socket with a read timeout would.
pub struct FakeStream {
    server: FakeServer,
    out: Vec<u8>,
    pos: usize,
    input: Vec<u8>,
    panic_armed: bool,
}

impl Read for FakeStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.panic_armed {
            self.panic_armed = false;
            panic!("the scripted stream panics inside a body fetch");
        }
        if self.pos >= self.out.len() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "nothing to send"));
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Write for FakeStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.input.extend_from_slice(buf);
        while let Some(i) = self.input.windows(2).position(|w| w == b"\r\n") {
            let line: Vec<u8> = self.input.drain(..i + 2).collect();
            let line = String::from_utf8_lossy(&line[..i]).into_owned();
            let answer = self.answer(&line);
            self.out.extend_from_slice(&answer);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl imap::extensions::idle::SetReadTimeout for FakeStream {
    fn set_read_timeout(&mut self, _timeout: Option<Duration>) -> imap::error::Result<()> {
        Ok(())
    }
}

/// The UIDs of a UID set (`1:3,5,7:*`) among `have`, ascending.
fn uids_of(set: &str, have: &[u32]) -> Vec<u32> {
    let max = have.iter().copied().max().unwrap_or(0);
    let num = |s: &str| {
        if s == "*" {
            max
        } else {
            s.parse().unwrap_or(0)
        }
    };
    let mut out: Vec<u32> = Vec::new();
    for part in set.split(',') {
        let (a, b) = match part.split_once(':') {
            Some((a, b)) => (num(a), num(b)),
            None => (num(part), num(part)),
        };
        let (lo, hi) = (a.min(b), a.max(b));
        out.extend(have.iter().copied().filter(|u| *u >= lo && *u <= hi));
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl FakeStream {
    fn answer(&mut self, line: &str) -> Vec<u8> {
        let (tag, cmd) = line.split_once(' ').unwrap_or((line, ""));
        let upper = cmd.to_ascii_uppercase();
        let mut st = self.server.0.lock().expect("lock");
        st.commands.push(cmd.to_string());
        let have: Vec<u32> = st.messages.iter().map(|m| m.uid).collect();
        let seq_of = |uid: u32| {
            have.iter()
                .position(|u| *u == uid)
                .map_or(0, |i| i as u32 + 1)
        };
        let mut out = Vec::new();
        if upper.starts_with("LOGIN") {
            out.extend_from_slice(format!("{tag} OK logged in\r\n").as_bytes());
        } else if upper.starts_with("CAPABILITY") {
            out.extend_from_slice(
                format!("* CAPABILITY IMAP4rev1 IDLE\r\n{tag} OK done\r\n").as_bytes(),
            );
        } else if upper.starts_with("SELECT") || upper.starts_with("EXAMINE") {
            let uidnext = have.iter().copied().max().unwrap_or(0) + 1;
            out.extend_from_slice(
                format!(
                    "* {} EXISTS\r\n* OK [UIDVALIDITY {}] v\r\n* OK [UIDNEXT {uidnext}] n\r\n{tag} OK [READ-WRITE] selected\r\n",
                    have.len(),
                    st.uidvalidity
                )
                .as_bytes(),
            );
        } else if let Some(rest) = upper.strip_prefix("UID SEARCH ") {
            let uids = match rest.strip_prefix("UID ") {
                Some(set) => uids_of(set.trim(), &have),
                None => have.clone(),
            };
            let list: Vec<String> = uids.iter().map(u32::to_string).collect();
            out.extend_from_slice(
                format!("* SEARCH {}\r\n{tag} OK done\r\n", list.join(" ")).as_bytes(),
            );
        } else if let Some(rest) = upper.strip_prefix("UID FETCH ") {
            let (set, items) = rest.split_once(' ').unwrap_or((rest, ""));
            let uids = uids_of(set, &have);
            let alone = uids.len() == 1 && !set.contains([':', ',']);
            if items.contains("BODY.PEEK[]") && st.refuse_body_of.is_some_and(|r| uids.contains(&r))
            {
                out.extend_from_slice(format!("{tag} NO cannot fetch that now\r\n").as_bytes());
                return out;
            }
            for uid in &uids {
                let m = st
                    .messages
                    .iter()
                    .find(|m| m.uid == *uid)
                    .expect("message")
                    .clone();
                let seq = seq_of(*uid);
                if items.contains("BODY.PEEK[]") {
                    let mut answer = format!(
                        "* {seq} FETCH (UID {uid} FLAGS ({}) INTERNALDATE \"02-Mar-2026 09:00:00 +0100\" BODY[] {{{}}}\r\n",
                        m.flags,
                        m.body.len()
                    )
                    .into_bytes();
                    answer.extend_from_slice(&m.body);
                    answer.extend_from_slice(b")\r\n");
                    let attempt = {
                        let a = st.attempts.entry(*uid).or_insert(0);
                        *a += 1;
                        *a
                    };
                    if st.panic_on_body_of == Some(*uid) {
                        self.panic_armed = true;
                    }
                    let sent = match st.misbehave.as_mut() {
                        Some(f) => f(&BodyAnswer {
                            uid: *uid,
                            seq,
                            attempt,
                            alone,
                            answer: &answer,
                            message: &m,
                        }),
                        None => answer,
                    };
                    out.extend_from_slice(&sent);
                } else if items.contains("BODY.PEEK[HEADER]") {
                    let end = m
                        .body
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .map_or(m.body.len(), |i| i + 4);
                    out.extend_from_slice(
                        format!(
                            "* {seq} FETCH (UID {uid} FLAGS ({}) INTERNALDATE \"02-Mar-2026 09:00:00 +0100\" BODY[HEADER] {{{end}}}\r\n",
                            m.flags
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(&m.body[..end]);
                    out.extend_from_slice(b")\r\n");
                } else if items.contains("MESSAGE-ID") {
                    let text = String::from_utf8_lossy(&m.body).into_owned();
                    let id = text
                        .lines()
                        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                        .map(|l| format!("{l}\r\n"))
                        .unwrap_or_default()
                        + "\r\n";
                    out.extend_from_slice(
                        format!(
                            "* {seq} FETCH (UID {uid} BODY[HEADER.FIELDS (MESSAGE-ID)] {{{}}}\r\n{id})\r\n",
                            id.len()
                        )
                        .as_bytes(),
                    );
                } else if items.contains("RFC822.SIZE") {
                    out.extend_from_slice(
                        format!("* {seq} FETCH (UID {uid} RFC822.SIZE {})\r\n", m.body.len())
                            .as_bytes(),
                    );
                } else {
                    out.extend_from_slice(
                        format!("* {seq} FETCH (UID {uid} FLAGS ({}))\r\n", m.flags).as_bytes(),
                    );
                }
            }
            out.extend_from_slice(format!("{tag} OK fetch done\r\n").as_bytes());
        } else if upper.starts_with("LOGOUT") {
            out.extend_from_slice(format!("* BYE bye\r\n{tag} OK bye\r\n").as_bytes());
        } else if upper.starts_with("NOOP") || upper.starts_with("ENABLE") {
            out.extend_from_slice(format!("{tag} OK done\r\n").as_bytes());
        } else {
            out.extend_from_slice(format!("{tag} BAD unknown command\r\n").as_bytes());
        }
        out
    }
}
