//! The byte stream under an IMAP session: a TCP connection with timeouts,
//! optionally wrapped in rustls, and the STARTTLS exchange done by hand.
//!
//! TLS is configured here rather than through the imap crate so that the
//! server name is always verified against the system roots plus the
//! configured `ca_file`, connect/read/write timeouts are always set, and
//! STARTTLS fails closed: when the server does not offer it, refuses it, or
//! the handshake fails, the connection is dropped before any credential is
//! written.
//!
//! A wrong `tls` or `port` is told apart from a broken server, at once:
//! implicit TLS against a plaintext port makes rustls read the IMAP greeting
//! as a record of no known type ([`implicit_tls`] says "does not speak TLS");
//! a plaintext client on a TLS port would wait for a greeting that never
//! comes, so the plaintext preludes ask CAPABILITY before the greeting: a
//! plaintext server answers after greeting, a TLS server takes the bytes for
//! a broken ClientHello and hangs up or sends an alert straight away.

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
        .map_err(|source| ImapError::Resolve {
            host: host.to_string(),
            cause: source,
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
                    cause: source,
                })?;
                return Ok(s);
            }
            Err(e) => last = e,
        }
    }
    Err(ImapError::Connect {
        host: host.to_string(),
        port,
        cause: last,
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

/// What the advice in a "cannot connect" message says, by the kind of
/// failure: the config keys to check.
pub(crate) fn connect_advice(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            " (nothing listens there: check host and port under [imap]; IMAP is usually on \
             port 993 with tls = \"implicit\", or 143 with tls = \"starttls\")"
        }
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
            " (no answer: check host and port under [imap], or a firewall in the way)"
        }
        io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
            " (check the network, and host under [imap])"
        }
        _ => "",
    }
}

/// Runs the TLS handshake to completion on `tcp`, verifying `host`.
pub fn tls_handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    handshake(tcp, host, config, false)
}

/// [`tls_handshake`] as the first thing on the connection (implicit TLS):
/// a server that answers in plaintext is reported as not speaking TLS on
/// that port, with the settings to try.
pub fn implicit_tls(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    handshake(tcp, host, config, true)
}

fn handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
    implicit: bool,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    let port = tcp.peer_addr().map(|a| a.port()).unwrap_or(0);
    handshake_io(tcp, host, config).map_err(|e| tls_error(host, port, implicit, e))
}

fn handshake_io(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<StreamOwned<ClientConnection, TcpStream>, io::Error> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{host:?} is not a valid server name: {e}"),
        )
    })?;
    let mut conn = ClientConnection::new(config, name).map_err(io::Error::other)?;
    let mut tcp = tcp;
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp)?;
    }
    Ok(StreamOwned::new(conn, tcp))
}

/// The rustls error inside an I/O error from the handshake, if any.
fn rustls_cause(e: &io::Error) -> Option<&rustls::Error> {
    e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
}

fn tls_error(host: &str, port: u16, implicit: bool, e: io::Error) -> ImapError {
    use rustls::CertificateError as C;
    let tls = |message: String| ImapError::Tls {
        host: host.to_string(),
        message,
    };
    match rustls_cause(&e) {
        // The first bytes were no TLS record: a plaintext server's greeting.
        Some(rustls::Error::InvalidMessage(_)) if implicit => ImapError::NotTls {
            host: host.to_string(),
            port,
        },
        Some(rustls::Error::InvalidCertificate(c)) => {
            let advice = match c {
                C::UnknownIssuer | C::UnhandledCriticalExtension => {
                    ": its certificate was issued by a CA that is not trusted here; if the server \
                     uses a private CA, add the CA (a PEM file) as ca_file under [imap]"
                }
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    ": check host under [imap]; it must be a name the certificate was issued for"
                }
                C::Expired | C::ExpiredContext { .. } => {
                    ": the server's certificate has expired (or this machine's clock is wrong)"
                }
                C::NotValidYet | C::NotValidYetContext { .. } => {
                    ": the server's certificate is not valid yet (or this machine's clock is wrong)"
                }
                _ => "",
            };
            tls(format!("{e}{advice}"))
        }
        None if e.kind() == io::ErrorKind::UnexpectedEof => {
            tls("the server closed the connection during the TLS handshake".into())
        }
        None if matches!(
            e.kind(),
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
        ) =>
        {
            ImapError::Timeout {
                host: host.to_string(),
                action: "secure the connection (TLS handshake)".into(),
            }
        }
        _ => tls(e.to_string()),
    }
}

/// Whether `host:port` answers a TLS handshake: any TLS answer (even a
/// certificate that would be refused, or an alert) counts. Used only after
/// a plaintext attempt failed oddly, to say what the port wants.
fn speaks_tls(host: &str, port: u16, timeout: Duration) -> bool {
    let Ok(tcp) = tcp_connect(host, port, timeout) else {
        return false;
    };
    let Ok(config) = tls_config(None) else {
        return false;
    };
    match handshake_io(tcp, host, config) {
        Ok(_) => true,
        Err(e) => matches!(
            rustls_cause(&e),
            Some(
                rustls::Error::InvalidCertificate(_)
                    | rustls::Error::AlertReceived(_)
                    | rustls::Error::PeerIncompatible(_)
                    | rustls::Error::NoCertificatesPresented
            )
        ),
    }
}

/// The start of a plaintext session (`tls = "none"`): CAPABILITY is asked
/// before the greeting is read (see the module doc), then the greeting is
/// checked (PREAUTH refused, BYE reported) and the answer read. The session
/// then goes on from the greeting. Returns the lines read, for the alert
/// scanner.
pub fn plain_prelude<S: Read + Write>(
    stream: &mut S,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<Vec<u8>, ImapError> {
    prelude(stream, host, port, timeout, false)
}

/// The STARTTLS exchange on a fresh plaintext connection: CAPABILITY (sent
/// before the greeting, as in [`plain_prelude`]), greeting, STARTTLS, tagged
/// OK. Anything else stops here, before any credential is sent. Whatever was
/// read is discarded with the reader, so no plaintext injected before the
/// handshake can reach the session.
pub fn starttls_prelude<S: Read + Write>(
    stream: &mut S,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<(), ImapError> {
    // Plaintext before STARTTLS could be anybody's: nothing of it is kept.
    prelude(stream, host, port, timeout, true).map(|_| ())
}

fn prelude<S: Read + Write>(
    stream: &mut S,
    host: &str,
    port: u16,
    timeout: Duration,
    starttls: bool,
) -> Result<Vec<u8>, ImapError> {
    let p = Prelude {
        host,
        port,
        timeout,
        starttls,
        action: if starttls {
            "negotiate STARTTLS"
        } else {
            "read the greeting"
        },
    };
    stream
        .write_all(b"s1 CAPABILITY\r\n")
        .and_then(|_| stream.flush())
        .map_err(|e| io_error(host, p.action, e))?;
    // A reader of its own that is dropped at the end: bytes beyond the tagged
    // OK (a server talking before the handshake) are thrown away with it.
    let mut reader = BufReader::new(ReadHalf(stream, std::time::Instant::now() + timeout));
    p.first_bytes(&mut reader)?;
    let mut line = Vec::new();
    read_line(&mut reader, &mut line, host, p.action)?;
    let mut read = line.clone();
    p.greeting(&line)?;
    let offered = p.capabilities(&mut reader, &mut line, &mut read)?;
    if !starttls {
        return Ok(read);
    }
    if !offered {
        return Err(p.refuse("the server does not offer STARTTLS".into()));
    }
    p.start_tls(&mut reader, &mut line)?;
    Ok(Vec::new())
}

/// What the prelude of one connection knows, for its steps and errors.
struct Prelude<'h> {
    host: &'h str,
    port: u16,
    timeout: Duration,
    starttls: bool,
    action: &'static str,
}

impl Prelude<'_> {
    fn refuse(&self, reason: String) -> ImapError {
        ImapError::StartTls {
            host: self.host.to_string(),
            reason,
        }
    }

    fn expects_tls(&self) -> ImapError {
        ImapError::ExpectsTls {
            host: self.host.to_string(),
            port: self.port,
            mode: if self.starttls { "starttls" } else { "none" },
        }
    }

    /// The first bytes, as soon as any come: a TLS record (an alert, 0x15,
    /// or a handshake, 0x16) has no line end to wait for.
    fn first_bytes<R: BufRead>(&self, reader: &mut R) -> Result<(), ImapError> {
        let (host, port, timeout) = (self.host, self.port, self.timeout);
        let first = match reader.fill_buf() {
            Ok(b) => b.first().copied(),
            Err(e) => match io_error(host, self.action, e) {
                ImapError::Io { cause: source, .. }
                    if source.kind() == io::ErrorKind::ConnectionReset
                        && speaks_tls(host, port, timeout) =>
                {
                    return Err(self.expects_tls());
                }
                other => return Err(other),
            },
        };
        match first {
            // Hung up at once, before any greeting: a TLS server does that to
            // bytes that are no ClientHello. Ask it in TLS to be sure.
            None if speaks_tls(host, port, timeout) => Err(self.expects_tls()),
            None => Err(ImapError::Closed {
                host: host.to_string(),
                action: "read the greeting (it hung up before greeting)".into(),
            }),
            Some(0x15 | 0x16) => Err(self.expects_tls()),
            Some(_) => Ok(()),
        }
    }

    /// The greeting must be an untagged OK.
    fn greeting(&self, line: &[u8]) -> Result<(), ImapError> {
        let host = self.host;
        let upper = line.to_ascii_uppercase();
        if upper.starts_with(b"* PREAUTH") {
            return Err(ImapError::Preauth {
                host: host.to_string(),
            });
        }
        if upper.starts_with(b"* BYE") {
            return Err(ImapError::Refused {
                host: host.to_string(),
                action: "connect".into(),
                message: snippet(line),
            });
        }
        if upper.starts_with(b"* OK") {
            return Ok(());
        }
        if self.starttls {
            return Err(self.refuse(format!("the server greeted with {:?}", snippet(line))));
        }
        Err(ImapError::Protocol {
            host: host.to_string(),
            action: "connect".into(),
            message: format!("unexpected greeting {:?}", snippet(line)),
        })
    }

    /// Reads the answer to `s1 CAPABILITY` into `read`; whether STARTTLS is
    /// offered.
    fn capabilities<R: BufRead>(
        &self,
        reader: &mut R,
        line: &mut Vec<u8>,
        read: &mut Vec<u8>,
    ) -> Result<bool, ImapError> {
        let mut offered = false;
        loop {
            read_line(reader, line, self.host, self.action)?;
            read.extend_from_slice(line);
            let upper = line.to_ascii_uppercase();
            if upper.starts_with(b"* CAPABILITY ") {
                offered = upper
                    .split(|b| *b == b' ' || *b == b'\r' || *b == b'\n')
                    .any(|w| w == b"STARTTLS");
            } else if upper.starts_with(b"S1 ") {
                if upper.starts_with(b"S1 OK") {
                    return Ok(offered);
                }
                if !self.starttls {
                    return Err(ImapError::Refused {
                        host: self.host.to_string(),
                        action: "ask for capabilities".into(),
                        message: snippet(line),
                    });
                }
                return Err(self.refuse(format!("CAPABILITY failed: {:?}", snippet(line))));
            }
        }
    }

    /// Asks for STARTTLS and waits for its tagged OK.
    fn start_tls<S: Read + Write>(
        &self,
        reader: &mut BufReader<ReadHalf<'_, S>>,
        line: &mut Vec<u8>,
    ) -> Result<(), ImapError> {
        reader
            .get_mut()
            .0
            .write_all(b"s2 STARTTLS\r\n")
            .and_then(|_| reader.get_mut().0.flush())
            .map_err(|e| io_error(self.host, self.action, e))?;
        loop {
            read_line(reader, line, self.host, self.action)?;
            let upper = line.to_ascii_uppercase();
            if upper.starts_with(b"S2 OK") {
                return Ok(());
            }
            if upper.starts_with(b"S2 ") {
                return Err(
                    self.refuse(format!("the server refused STARTTLS: {:?}", snippet(line)))
                );
            }
        }
    }
}

/// The reading side of the prelude, with one deadline for all of it: the
/// socket's timeout bounds each read, but a server that answers a line
/// at a time, slowly or without end, would otherwise hold us for ever.
struct ReadHalf<'a, S>(&'a mut S, std::time::Instant);

impl<S: Read> Read for ReadHalf<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if std::time::Instant::now() >= self.1 {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the server's greeting and capabilities took too long",
            ));
        }
        self.0.read(buf)
    }
}

fn read_line<R: BufRead>(
    r: &mut R,
    line: &mut Vec<u8>,
    host: &str,
    action: &str,
) -> Result<(), ImapError> {
    line.clear();
    // A line longer than this is not a greeting or a capability list.
    let n = r
        .take(64 * 1024)
        .read_until(b'\n', line)
        .map_err(|e| io_error(host, action, e))?;
    if n == 0 {
        return Err(ImapError::Closed {
            host: host.to_string(),
            action: action.into(),
        });
    }
    Ok(())
}

fn io_error(host: &str, action: &str, e: io::Error) -> ImapError {
    if matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    ) {
        ImapError::Timeout {
            host: host.to_string(),
            action: action.into(),
        }
    } else {
        ImapError::Io {
            host: host.to_string(),
            action: action.into(),
            cause: e,
        }
    }
}

/// The first bytes of a server line, for an error message.
pub(crate) fn snippet(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(&line[..line.len().min(120)]);
    s.trim_end().to_string()
}
