//! A small SMTP server on loopback that keeps what it is given: the
//! envelope (MAIL FROM, RCPT TO) and the message of each DATA. Dovecot's
//! submission service relays to it, so a test sees exactly what left.
//!
//! Two behaviours a test can ask for:
//! - `file_into`: before accepting a message, file it into a folder with
//!   `doveadm save`, as Gmail and Microsoft 365 put a sent message in Sent
//!   themselves;
//! - `hold`: once a message has arrived, wait before answering its DATA, and
//!   say so on a channel, so that a test can kill the sender at the moment it
//!   has handed the message over but heard nothing back; `hold_rcpt` holds
//!   the answer to the first recipient instead, before anything is delivered.
//!
//! Std only: one thread accepts, one thread per connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One message as the sink received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message with dot-stuffing undone, CRLF line endings.
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct SinkOptions {
    /// Dovecot config and folder: file each message there before accepting it.
    pub file_into: Option<(PathBuf, String)>,
    /// Hold the answer to DATA until [`SmtpSink::release`].
    pub hold: bool,
    /// Hold the answer to the first RCPT instead (nothing delivered yet).
    pub hold_rcpt: bool,
}

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    /// One message per DATA that arrived (sent before the answer).
    arrived: Mutex<mpsc::Receiver<()>>,
    release: Arc<Mutex<bool>>,
    refused: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub fn start(options: SinkOptions) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the SMTP sink");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let release = Arc::new(Mutex::new(false));
        let refused: Arc<Mutex<Vec<String>>> = Arc::default();
        let (tx, rx) = mpsc::channel();
        {
            let received = received.clone();
            let release = release.clone();
            let refused = refused.clone();
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    let Ok(conn) = conn else { continue };
                    let received = received.clone();
                    let release = release.clone();
                    let refused = refused.clone();
                    let tx = tx.clone();
                    let options = options.clone();
                    std::thread::spawn(move || {
                        let _ = serve(conn, &options, &received, &release, &refused, &tx);
                    });
                }
            });
        }
        SmtpSink {
            port,
            received,
            arrived: Mutex::new(rx),
            release,
            refused,
        }
    }

    /// What arrived so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// How many messages reached the sink (their DATA ended).
    pub fn delivered(&self) -> usize {
        self.received.lock().expect("lock").len()
    }

    /// Waits until a message's DATA has arrived (with `hold`, its answer is
    /// then being held). Panics after `limit`.
    pub fn wait_arrived(&self, limit: Duration) {
        self.arrived
            .lock()
            .expect("lock")
            .recv_timeout(limit)
            .expect("a message reached the SMTP sink");
    }

    /// Refuses `RCPT TO` for these addresses from now on (550), or none.
    pub fn refuse(&self, addresses: &[&str]) {
        *self.refused.lock().expect("lock") = addresses.iter().map(|a| a.to_string()).collect();
    }

    /// Lets held answers go.
    pub fn release(&self) {
        *self.release.lock().expect("lock") = true;
    }
}

fn serve(
    conn: TcpStream,
    options: &SinkOptions,
    received: &Mutex<Vec<Received>>,
    release: &Mutex<bool>,
    refused: &Mutex<Vec<String>>,
    arrived: &mpsc::Sender<()>,
) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut w = conn.try_clone()?;
    let mut r = BufReader::new(conn);
    w.write_all(b"220 sink.localhost ESMTP test sink\r\n")?;
    let mut from = String::new();
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            w.write_all(b"250-sink.localhost\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")?;
        } else if upper.starts_with("HELO") {
            w.write_all(b"250 sink.localhost\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = angle(&cmd["MAIL FROM:".len()..]);
            rcpt.clear();
            w.write_all(b"250 2.1.0 Ok\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            let to = angle(&cmd["RCPT TO:".len()..]);
            if refused.lock().expect("lock").contains(&to) {
                w.write_all(b"550 5.1.1 No such user here\r\n")?;
                continue;
            }
            rcpt.push(to);
            if options.hold_rcpt && rcpt.len() == 1 {
                let _ = arrived.send(());
                wait_release(release);
            }
            w.write_all(b"250 2.1.5 Ok\r\n")?;
        } else if upper == "DATA" {
            w.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if r.read_until(b'\n', &mut l)? == 0 {
                    return Ok(());
                }
                if l == b".\r\n" || l == b".\n" {
                    break;
                }
                let l = if l.starts_with(b"..") {
                    &l[1..]
                } else {
                    &l[..]
                };
                data.extend_from_slice(l);
            }
            if let Some((conf, folder)) = &options.file_into {
                super::dovecot::save_with_doveadm(conf, folder, &data);
            }
            received.lock().expect("lock").push(Received {
                mail_from: from.clone(),
                rcpt_to: rcpt.clone(),
                data,
            });
            let _ = arrived.send(());
            if options.hold && !options.hold_rcpt {
                wait_release(release);
            }
            w.write_all(b"250 2.0.0 Ok: queued as SINK1\r\n")?;
        } else if upper == "RSET" || upper == "NOOP" {
            w.write_all(b"250 2.0.0 Ok\r\n")?;
        } else if upper == "QUIT" {
            w.write_all(b"221 2.0.0 Bye\r\n")?;
            return Ok(());
        } else {
            w.write_all(b"502 5.5.2 Command not recognized\r\n")?;
        }
    }
}

/// Waits (at most two minutes) until the test releases held answers.
fn wait_release(release: &Mutex<bool>) {
    let start = Instant::now();
    while !*release.lock().expect("lock") && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The address inside `<…>`, without ESMTP parameters after it.
fn angle(s: &str) -> String {
    let s = s.trim();
    match (s.find('<'), s.find('>')) {
        (Some(a), Some(b)) if b > a => s[a + 1..b].to_string(),
        _ => s.split_whitespace().next().unwrap_or("").to_string(),
    }
}
