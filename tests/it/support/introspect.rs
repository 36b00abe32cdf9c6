//! A token-introspection endpoint (RFC 7662) on loopback for the test
//! Dovecot's OAuth2 passdb.
//!
//! Dovecot, with `introspection_mode = post`, POSTs `token=…` (form-encoded)
//! for every XOAUTH2 or OAUTHBEARER sign-in and believes the JSON it gets
//! back: `{"active": true, "username": "…"}` lets the user in, `{"active":
//! false}` refuses the token. A test says which tokens are active (and for
//! whom) and can later revoke them, and it can see every token Dovecot asked
//! about, in order, to prove that a fresh token was fetched for a reconnect.
//! Std only: a `TcpListener` and one thread that serves each request in turn.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct State {
    /// Active token → the user it signs in.
    active: HashMap<String, String>,
    /// Every token asked about, in the order asked.
    asked: Vec<String>,
}

/// A running introspection server; dropping it stops it.
pub struct Introspect {
    pub port: u16,
    state: Arc<(Mutex<State>, Condvar)>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Introspect {
    /// Starts the server on a free loopback port.
    pub fn start() -> Introspect {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the introspection server");
        let port = listener.local_addr().expect("local addr").port();
        let state = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let state = Arc::clone(&state);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(conn) = conn {
                        // A broken request only loses that request.
                        let _ = serve(conn, &state);
                    }
                }
            })
        };
        Introspect {
            port,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// The URL Dovecot's `introspection_url` points at.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/introspect", self.port)
    }

    /// Makes `token` an active token for `user`.
    pub fn allow(&self, token: &str, user: &str) {
        let (m, _) = &*self.state;
        m.lock()
            .expect("introspect state")
            .active
            .insert(token.to_string(), user.to_string());
    }

    /// Makes `token` inactive (expired or revoked) from now on.
    pub fn revoke(&self, token: &str) {
        let (m, _) = &*self.state;
        m.lock().expect("introspect state").active.remove(token);
    }

    /// Every token Dovecot asked about so far, in order.
    pub fn asked(&self) -> Vec<String> {
        let (m, _) = &*self.state;
        m.lock().expect("introspect state").asked.clone()
    }

    /// Waits until Dovecot has asked about `token`; false if `limit` passed
    /// first (a guard against a hang, not a timing assertion).
    pub fn wait_asked(&self, token: &str, limit: Duration) -> bool {
        let (m, cv) = &*self.state;
        let start = Instant::now();
        let mut s = m.lock().expect("introspect state");
        while !s.asked.iter().any(|t| t == token) {
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            s = cv.wait_timeout(s, left).expect("introspect state").0;
        }
        true
    }
}

impl Drop for Introspect {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(conn: TcpStream, state: &(Mutex<State>, Condvar)) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    let token = body
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| form_decode(v))
        .unwrap_or_default();
    let answer = {
        let (m, cv) = state;
        let mut s = m.lock().expect("introspect state");
        s.asked.push(token.clone());
        cv.notify_all();
        match s.active.get(&token) {
            Some(user) => format!(
                "{{\"active\": true, \"username\": \"{}\"}}",
                user.replace('\\', "\\\\").replace('"', "\\\"")
            ),
            None => "{\"active\": false}".to_string(),
        }
    };
    let mut out = conn;
    write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )?;
    out.flush()
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() => match s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
