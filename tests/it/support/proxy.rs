//! A TCP proxy between vsd and a server that can cut the connection.
//!
//! It forwards both ways and records what the server sent. With a cut set,
//! it forwards the server's bytes only up to that offset (counted over the
//! whole connection), then closes both sides: the client sees the stream end
//! in the middle of whatever was being sent — a literal, a tagged OK, IDLE.
//! Only the first `cut_connections` connections are cut; later ones pass.
//!
//! A [`Hook`] runs once, on the first connection, just before the client's
//! bytes holding the `nth` occurrence of a pattern are passed on: mail can be
//! delivered at a chosen point of the client's conversation.
//!
//! With [`Proxy::start_dropping_bodies`], the server's answers pass whole
//! responses at a time, and every other answer to a body fetch (counted over
//! all connections) loses the body item of its first message, as iCloud's
//! do now and then: `* 3 FETCH (UID 7 FLAGS () INTERNALDATE "...")`.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub struct Proxy {
    pub port: u16,
    pub ip: String,
    stop: Arc<AtomicBool>,
    /// Server → client bytes of each connection, in order.
    pub transcripts: Arc<Mutex<Vec<Vec<u8>>>>,
    pub connections: Arc<AtomicUsize>,
    /// How many body items were left out.
    pub dropped: Arc<AtomicUsize>,
}

/// The state of [`Proxy::start_dropping_bodies`], shared by its connections.
#[derive(Default)]
struct DropBodies {
    /// Answers to body fetches seen so far.
    answers: usize,
    /// Whether the responses now passing belong to a body fetch's answer.
    in_answer: bool,
}

#[derive(Clone, Debug)]
pub struct Cut {
    pub point: CutPoint,
    /// How many connections (from the first) are cut.
    pub connections: usize,
}

#[derive(Clone, Debug)]
pub enum CutPoint {
    /// After this many server → client bytes.
    At(usize),
    /// `extra` bytes after the `nth` (1-based) occurrence of `pattern` in
    /// what the server sent.
    After {
        pattern: Vec<u8>,
        nth: usize,
        extra: usize,
    },
}

/// Runs `action` before the client's `nth` (1-based) `pattern` reaches the
/// server.
pub struct Hook {
    pub pattern: Vec<u8>,
    pub nth: usize,
    pub action: Box<dyn FnOnce() + Send>,
}

impl Proxy {
    /// Listens on `ip` (any 127.0.0.0/8 address) and forwards to
    /// 127.0.0.1:`target`.
    pub fn start(ip: &str, target: u16, cut: Option<Cut>) -> Proxy {
        Proxy::start_with_hook(ip, target, cut, None)
    }

    /// [`Proxy::start`] with a hook on the first connection.
    pub fn start_with_hook(ip: &str, target: u16, cut: Option<Cut>, hook: Option<Hook>) -> Proxy {
        Proxy::start_full(ip, target, cut, hook, false)
    }

    /// [`Proxy::start`] that leaves out one message's body every other time
    /// (see the module documentation).
    pub fn start_dropping_bodies(ip: &str, target: u16, cut: Option<Cut>) -> Proxy {
        Proxy::start_full(ip, target, cut, None, true)
    }

    fn start_full(
        ip: &str,
        target: u16,
        cut: Option<Cut>,
        hook: Option<Hook>,
        drop_bodies: bool,
    ) -> Proxy {
        let mut hook = hook;
        let dropping = drop_bodies.then(|| Arc::new(Mutex::new(DropBodies::default())));
        let dropped = Arc::new(AtomicUsize::new(0));
        let dropped2 = dropped.clone();
        let listener = TcpListener::bind((ip, 0)).expect("bind proxy");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let transcripts = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (stop2, tr2, conns2) = (stop.clone(), transcripts.clone(), connections.clone());
        thread::spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).ok();
                        let n = conns2.fetch_add(1, Ordering::SeqCst);
                        let this_cut = cut
                            .as_ref()
                            .filter(|c| n < c.connections)
                            .map(|c| c.point.clone());
                        let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                            continue;
                        };
                        let idx = {
                            let mut t = tr2.lock().expect("lock");
                            t.push(Vec::new());
                            t.len() - 1
                        };
                        let rewrite = dropping.clone().map(|d| (d, dropped2.clone()));
                        pipe(
                            client,
                            server,
                            this_cut,
                            hook.take(),
                            tr2.clone(),
                            idx,
                            rewrite,
                        );
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Proxy {
            port,
            ip: ip.to_string(),
            stop,
            transcripts,
            connections,
            dropped,
        }
    }

    /// Server → client bytes of connection `i`.
    pub fn transcript(&self, i: usize) -> Vec<u8> {
        self.transcripts
            .lock()
            .expect("lock")
            .get(i)
            .cloned()
            .unwrap_or_default()
    }

    /// Returns once connection `conn` waits in IDLE: the server's last
    /// words on it are its `+ idling` answer, after its last SELECT. New
    /// mail appended from then on is news the worker must hear of.
    pub fn wait_in_idle(&self, conn: usize) {
        for _ in 0..2000 {
            if self.in_idle(conn) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the worker never waited in IDLE on connection {conn}");
    }

    /// Returns the first connection found waiting in IDLE, once one is.
    pub fn wait_any_in_idle(&self) -> usize {
        for _ in 0..3000 {
            let n = self.connections.load(Ordering::SeqCst);
            if let Some(conn) = (0..n).find(|&c| self.in_idle(c)) {
                return conn;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("no connection ever waited in IDLE");
    }

    fn in_idle(&self, conn: usize) -> bool {
        let t = self.transcript(conn);
        let last_select = memchr::memmem::rfind(&t, b"Select completed");
        let last_idle = memchr::memmem::rfind(&t, b"+ idling");
        matches!((last_select, last_idle), (Some(s), Some(i)) if i > s)
            && t.ends_with(b"+ idling\r\n")
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn pipe(
    client: TcpStream,
    server: TcpStream,
    cut: Option<CutPoint>,
    hook: Option<Hook>,
    transcripts: Arc<Mutex<Vec<Vec<u8>>>>,
    idx: usize,
    rewrite: Option<(Arc<Mutex<DropBodies>>, Arc<AtomicUsize>)>,
) {
    let (c2, s2) = (
        client.try_clone().expect("clone"),
        server.try_clone().expect("clone"),
    );
    // client → server
    thread::spawn(move || {
        let (mut from, mut to) = (c2, s2);
        let mut buf = [0u8; 16384];
        let mut hook = hook;
        let mut sent: Vec<u8> = Vec::new();
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if let Some(h) = hook.take() {
                        sent.extend_from_slice(&buf[..n]);
                        let seen = sent
                            .windows(h.pattern.len())
                            .filter(|w| *w == h.pattern.as_slice())
                            .count();
                        if seen >= h.nth {
                            (h.action)();
                        } else {
                            hook = Some(h);
                        }
                    }
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        to.shutdown(Shutdown::Both).ok();
        from.shutdown(Shutdown::Both).ok();
    });
    // server → client, with the cut
    thread::spawn(move || {
        let (mut from, mut to) = (server, client);
        let mut buf = [0u8; 16384];
        let mut seen: Vec<u8> = Vec::new();
        let mut found = 0usize;
        let mut scanned = 0usize;
        let mut limit: Option<usize> = match &cut {
            Some(CutPoint::At(n)) => Some(*n),
            _ => None,
        };
        let mut framer = Vec::new();
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let chunk: Vec<u8> = match &rewrite {
                        Some((state, dropped)) => {
                            framer.extend_from_slice(&buf[..n]);
                            drop_bodies(&mut framer, state, dropped)
                        }
                        None => buf[..n].to_vec(),
                    };
                    let n = chunk.len();
                    if n == 0 {
                        continue;
                    }
                    let before = seen.len();
                    seen.extend_from_slice(&chunk);
                    if let (
                        None,
                        Some(CutPoint::After {
                            pattern,
                            nth,
                            extra,
                        }),
                    ) = (limit, &cut)
                    {
                        while scanned + pattern.len() <= seen.len() {
                            if seen[scanned..].starts_with(pattern) {
                                found += 1;
                                if found == *nth {
                                    limit = Some(scanned + pattern.len() + extra);
                                    break;
                                }
                                scanned += pattern.len();
                            } else {
                                scanned += 1;
                            }
                        }
                    }
                    let allowed = match limit {
                        Some(l) => n.min(l.saturating_sub(before)),
                        None => n,
                    };
                    if let Ok(mut t) = transcripts.lock() {
                        t[idx].extend_from_slice(&chunk[..allowed]);
                    }
                    if to.write_all(&chunk[..allowed]).is_err() {
                        break;
                    }
                    if limit.is_some_and(|l| before + allowed >= l) {
                        break;
                    }
                }
            }
        }
        to.shutdown(Shutdown::Both).ok();
        from.shutdown(Shutdown::Both).ok();
    });
}

/// Takes the whole responses at the front of `pending` (a line, and after a
/// literal announcement the literal and the rest), rewritten as
/// [`Proxy::start_dropping_bodies`] says; what is incomplete stays.
fn drop_bodies(pending: &mut Vec<u8>, state: &Mutex<DropBodies>, dropped: &AtomicUsize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = response_end(pending) else {
            return out;
        };
        let resp: Vec<u8> = pending.drain(..end).collect();
        let mut st = state.lock().expect("lock");
        let is_body = resp.starts_with(b"* ")
            && find(&resp, b" FETCH (").is_some()
            && find(&resp, b" BODY[] {").is_some();
        if is_body && !st.in_answer {
            st.in_answer = true;
            st.answers += 1;
            if st.answers % 2 == 1
                && let Some(cut) = without_body(&resp)
            {
                dropped.fetch_add(1, Ordering::SeqCst);
                out.extend_from_slice(&cut);
                continue;
            }
        } else if !resp.starts_with(b"*") && !resp.starts_with(b"+") {
            st.in_answer = false;
        }
        out.extend_from_slice(&resp);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where the first whole response in `buf` ends, if it is all there.
fn response_end(buf: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let nl = buf[at..].iter().position(|b| *b == b'\n')? + at;
        let line = &buf[at..=nl];
        at = nl + 1;
        match literal_len(line) {
            Some(n) if buf.len() >= at + n => at += n,
            Some(_) => return None,
            None => return Some(at),
        }
    }
}

fn literal_len(line: &[u8]) -> Option<usize> {
    let line = line.strip_suffix(b"}\r\n")?;
    let open = line.iter().rposition(|b| *b == b'{')?;
    std::str::from_utf8(&line[open + 1..]).ok()?.parse().ok()
}

/// The response with its ` BODY[] {n}` item and literal taken out.
fn without_body(resp: &[u8]) -> Option<Vec<u8>> {
    let start = find(resp, b" BODY[] {")?;
    let nl = resp[start..].iter().position(|b| *b == b'\n')? + start;
    let n = literal_len(&resp[start..=nl])?;
    let end = nl + 1 + n;
    let mut out = resp[..start].to_vec();
    out.extend_from_slice(resp.get(end..)?);
    Some(out)
}
