//! The byte stream under an IMAP session: a TCP connection with timeouts,
//! optionally wrapped in rustls, and the STARTTLS exchange done by hand.
//!
//! TLS is configured here rather than through the imap crate so that the
//! server name is always verified against the system roots plus the
//! configured `ca_file`, connect/read/write timeouts are always set, and
//! STARTTLS fails closed: when the server does not offer it, refuses it, or
//! the handshake fails, the connection is dropped before any credential is
//! written.

use super::ImapError;
use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// A connected stream: plaintext (loopback only) or TLS.
#[derive(Debug)]
pub enum Transport {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Transport {
    /// The TCP socket underneath (for timeouts and for shutting the
    /// connection down from another thread).
    pub fn tcp(&self) -> &TcpStream {
        match self {
            Transport::Plain(s) => s,
            Transport::Tls(s) => s.get_ref(),
        }
    }

    pub fn is_encrypted(&self) -> bool {
        matches!(self, Transport::Tls(_))
    }
}

impl Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(s) => s.read(buf),
            Transport::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(s) => s.write(buf),
            Transport::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(s) => s.flush(),
            Transport::Tls(s) => s.flush(),
        }
    }
}

impl imap::extensions::idle::SetReadTimeout for Transport {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::error::Result<()> {
        self.tcp()
            .set_read_timeout(timeout)
            .map_err(imap::error::Error::Io)
    }
}

/// Opens a TCP connection to the first address of `host:port` that answers
/// within `timeout`, with read and write timeouts set.
pub fn tcp_connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, ImapError> {
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|source| ImapError::Connect {
            host: host.to_string(),
            port,
            source,
        })?
        .collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, "the name has no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                let set = s
                    .set_read_timeout(Some(timeout))
                    .and_then(|_| s.set_write_timeout(Some(timeout)))
                    .and_then(|_| s.set_nodelay(true));
                set.map_err(|source| ImapError::Connect {
                    host: host.to_string(),
                    port,
                    source,
                })?;
                return Ok(s);
            }
            Err(e) => last = e,
        }
    }
    Err(ImapError::Connect {
        host: host.to_string(),
        port,
        source: last,
    })
}

/// A rustls client config trusting the system roots and the certificates of
/// `ca_file`.
pub fn tls_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, ImapError> {
    let mut roots = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    // Unreadable system certificates are skipped: a ca_file or the rest of
    // the store may still verify the server.
    roots.add_parsable_certificates(native.certs);
    if let Some(path) = ca_file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| ImapError::CaFile {
                path: path.display().to_string(),
                message: e.to_string(),
            })?
            .collect::<Result<_, _>>()
            .map_err(|e| ImapError::CaFile {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        if certs.is_empty() {
            return Err(ImapError::CaFile {
                path: path.display().to_string(),
                message: "it holds no PEM certificate".into(),
            });
        }
        for c in certs {
            roots.add(c).map_err(|e| ImapError::CaFile {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::CaFile {
            path: ca_file.map(|p| p.display().to_string()).unwrap_or_default(),
            message: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Runs the TLS handshake to completion on `tcp`, verifying `host`.
pub fn tls_handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| ImapError::Tls {
        host: host.to_string(),
        message: format!("{host:?} is not a valid server name: {e}"),
    })?;
    let mut conn = ClientConnection::new(config, name).map_err(|e| ImapError::Tls {
        host: host.to_string(),
        message: e.to_string(),
    })?;
    let mut tcp = tcp;
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp).map_err(|e| ImapError::Tls {
            host: host.to_string(),
            message: e.to_string(),
        })?;
    }
    Ok(StreamOwned::new(conn, tcp))
}

/// The STARTTLS exchange on a fresh plaintext connection: greeting,
/// CAPABILITY, STARTTLS, tagged OK. Anything else stops here, before any
/// credential is sent. Whatever was read is discarded with the reader, so no
/// plaintext injected before the handshake can reach the session. The whole
/// exchange must end within `deadline`, so that a server that trickles
/// lines cannot hold the connection for ever.
pub fn starttls_prelude<S: Read + Write>(
    stream: &mut S,
    host: &str,
    deadline: Duration,
) -> Result<(), ImapError> {
    let until = std::time::Instant::now() + deadline;
    let read_line = |r: &mut BufReader<ReadHalf<'_, S>>, line: &mut Vec<u8>, host: &str| {
        if std::time::Instant::now() >= until {
            return Err(ImapError::TooSlow {
                host: host.to_string(),
                action: "negotiate STARTTLS".into(),
                secs: deadline.as_secs(),
            });
        }
        read_line(r, line, host)
    };
    let refuse = |reason: String| ImapError::StartTls {
        host: host.to_string(),
        reason,
    };
    // A reader of its own that is dropped at the end: bytes beyond the tagged
    // OK (a server talking before the handshake) are thrown away with it.
    let mut reader = BufReader::new(ReadHalf(stream));
    let mut line = Vec::new();
    read_line(&mut reader, &mut line, host)?;
    if line.starts_with(b"* PREAUTH") {
        return Err(ImapError::Preauth {
            host: host.to_string(),
        });
    }
    if !line.starts_with(b"* OK") {
        return Err(refuse(format!(
            "the server greeted with {:?}",
            snippet(&line)
        )));
    }
    reader
        .get_mut()
        .0
        .write_all(b"s1 CAPABILITY\r\n")
        .and_then(|_| reader.get_mut().0.flush())
        .map_err(|e| io_error(host, e))?;
    let mut offered = false;
    loop {
        read_line(&mut reader, &mut line, host)?;
        let upper = line.to_ascii_uppercase();
        if upper.starts_with(b"* CAPABILITY ") {
            offered = upper
                .split(|b| *b == b' ' || *b == b'\r' || *b == b'\n')
                .any(|w| w == b"STARTTLS");
        } else if upper.starts_with(b"S1 ") {
            if !upper.starts_with(b"S1 OK") {
                return Err(refuse(format!("CAPABILITY failed: {:?}", snippet(&line))));
            }
            break;
        }
    }
    if !offered {
        return Err(refuse("the server does not offer STARTTLS".into()));
    }
    reader
        .get_mut()
        .0
        .write_all(b"s2 STARTTLS\r\n")
        .and_then(|_| reader.get_mut().0.flush())
        .map_err(|e| io_error(host, e))?;
    loop {
        read_line(&mut reader, &mut line, host)?;
        let upper = line.to_ascii_uppercase();
        if upper.starts_with(b"S2 OK") {
            return Ok(());
        }
        if upper.starts_with(b"S2 ") {
            return Err(refuse(format!(
                "the server refused STARTTLS: {:?}",
                snippet(&line)
            )));
        }
    }
}

struct ReadHalf<'a, S>(&'a mut S);

impl<S: Read> Read for ReadHalf<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

fn read_line<R: BufRead>(r: &mut R, line: &mut Vec<u8>, host: &str) -> Result<(), ImapError> {
    line.clear();
    // A line longer than this is not a greeting or a capability list.
    let n = r
        .take(64 * 1024)
        .read_until(b'\n', line)
        .map_err(|e| io_error(host, e))?;
    if n == 0 {
        return Err(ImapError::Closed {
            host: host.to_string(),
            action: "negotiate STARTTLS".into(),
        });
    }
    Ok(())
}

fn io_error(host: &str, e: io::Error) -> ImapError {
    if matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    ) {
        ImapError::Timeout {
            host: host.to_string(),
            action: "negotiate STARTTLS".into(),
        }
    } else {
        ImapError::Io {
            host: host.to_string(),
            action: "negotiate STARTTLS".into(),
            source: e,
        }
    }
}

/// The first bytes of a server line, for an error message.
pub(crate) fn snippet(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(&line[..line.len().min(120)]);
    s.trim_end().to_string()
}
