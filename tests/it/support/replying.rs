//! An IMAP server that answers each command as it comes, by a handler the
//! test writes: in memory ([`ReplyingStream`]) or over TCP ([`serve`]).
//!
//! Unlike a fixed script, the answers follow what the client asks, so a
//! test states what the server holds (and how it misbehaves), not the order
//! in which a sync happens to ask. The handler gets each command without its
//! tag and returns the server's bytes (8-bit text too); `$TAG` in them
//! becomes the command's tag. A command line that ends in a literal
//! announcement is answered `+ go on` and collected whole first. IDLE is
//! answered by the handler (its `+` and anything else); the `DONE` that ends
//! it gets the tagged OK.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub type Handler = Arc<Mutex<dyn FnMut(&str) -> Vec<u8> + Send>>;

/// Wraps a closure as a [`Handler`].
pub fn handler(f: impl FnMut(&str) -> Vec<u8> + Send + 'static) -> Handler {
    Arc::new(Mutex::new(f))
}

/// The client's side of the conversation, parsed into commands.
struct Conversation {
    handler: Handler,
    pending: Vec<u8>,
    /// A command with a literal being collected: its text so far, and how
    /// many literal bytes are still due.
    literal: Option<(Vec<u8>, usize)>,
    /// Every command received (without tags), in order.
    commands: Arc<Mutex<Vec<String>>>,
    /// The tag of an IDLE in progress.
    idling: Option<String>,
}

impl Conversation {
    /// Takes client bytes; returns what the server sends back.
    fn take(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        loop {
            if let Some((cmd, left)) = self.literal.as_mut() {
                if self.pending.len() < *left {
                    return out;
                }
                cmd.extend(self.pending.drain(..*left));
                *left = 0;
            }
            let Some(i) = self.pending.windows(2).position(|w| w == b"\r\n") else {
                return out;
            };
            let line: Vec<u8> = self.pending.drain(..i + 2).collect();
            let line = &line[..line.len() - 2];
            let mut cmd = self.literal.take().map(|(c, _)| c).unwrap_or_default();
            cmd.extend_from_slice(line);
            if let Some(n) = literal_at_end(line) {
                self.literal = Some((cmd, n));
                out.extend_from_slice(b"+ go on\r\n");
                continue;
            }
            let text = String::from_utf8_lossy(&cmd).into_owned();
            let (tag, rest) = text.split_once(' ').unwrap_or((&text, ""));
            if text.eq_ignore_ascii_case("DONE") {
                if let Some(t) = self.idling.take() {
                    out.extend_from_slice(format!("{t} OK idle done\r\n").as_bytes());
                }
                continue;
            }
            if rest.eq_ignore_ascii_case("IDLE") {
                self.idling = Some(tag.to_string());
            }
            self.commands.lock().expect("lock").push(rest.to_string());
            let reply = (self.handler.lock().expect("handler"))(rest);
            out.extend_from_slice(&with_tag(&reply, tag.as_bytes()));
        }
    }
}

/// `reply` with every `$TAG` replaced by `tag`.
fn with_tag(reply: &[u8], tag: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(reply.len());
    let mut i = 0;
    while i < reply.len() {
        if reply[i..].starts_with(b"$TAG") {
            out.extend_from_slice(tag);
            i += 4;
        } else {
            out.push(reply[i]);
            i += 1;
        }
    }
    out
}

fn literal_at_end(line: &[u8]) -> Option<usize> {
    let s = std::str::from_utf8(line).ok()?;
    let s = s.strip_suffix('}')?;
    let open = s.rfind('{')?;
    s[open + 1..].trim_end_matches('+').parse().ok()
}

/// An in-memory stream: the greeting first, then the handler's answers to
/// what the client writes. A read with nothing to give fails with
/// `TimedOut`, as a socket with a read timeout would.
pub struct ReplyingStream {
    out: VecDeque<u8>,
    conversation: Conversation,
    /// Every command the client sent (without tags).
    pub commands: Arc<Mutex<Vec<String>>>,
}

impl ReplyingStream {
    pub fn new(greeting: &str, handler: Handler) -> Self {
        let commands = Arc::new(Mutex::new(Vec::new()));
        ReplyingStream {
            out: greeting.as_bytes().iter().copied().collect(),
            conversation: Conversation {
                handler,
                pending: Vec::new(),
                literal: None,
                commands: commands.clone(),
                idling: None,
            },
            commands,
        }
    }
}

impl Read for ReplyingStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out.is_empty() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "nothing to say"));
        }
        let n = buf.len().min(self.out.len());
        for (b, o) in buf.iter_mut().zip(self.out.drain(..n)) {
            *b = o;
        }
        Ok(n)
    }
}

impl Write for ReplyingStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let reply = self.conversation.take(buf);
        self.out.extend(reply);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl imap::extensions::idle::SetReadTimeout for ReplyingStream {
    fn set_read_timeout(&mut self, _timeout: Option<Duration>) -> imap::error::Result<()> {
        Ok(())
    }
}

/// A TCP server on loopback that greets each connection with `greeting`
/// and answers with the shared handler, for as long as the test runs.
/// Returns the port and the commands received over all connections. A
/// reply ending in `* BYE …\r\n` without a tagged line closes the
/// connection after it is sent.
pub fn serve(greeting: &'static str, handler: Handler) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let commands = Arc::new(Mutex::new(Vec::new()));
    let all = commands.clone();
    std::thread::spawn(move || {
        for sock in listener.incoming() {
            let Ok(mut sock) = sock else { continue };
            let handler = handler.clone();
            let commands = all.clone();
            std::thread::spawn(move || {
                let mut conv = Conversation {
                    handler,
                    pending: Vec::new(),
                    literal: None,
                    commands,
                    idling: None,
                };
                if sock.write_all(greeting.as_bytes()).is_err() || greeting.contains("* BYE") {
                    return;
                }
                let mut buf = [0u8; 8192];
                loop {
                    match sock.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            let reply = conv.take(&buf[..n]);
                            if sock.write_all(&reply).is_err() {
                                return;
                            }
                            let text = String::from_utf8_lossy(&reply);
                            let last = text.trim_end().rsplit("\r\n").next().unwrap_or("");
                            if last.starts_with("* BYE") {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    (port, commands)
}
