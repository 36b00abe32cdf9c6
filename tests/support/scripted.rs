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
