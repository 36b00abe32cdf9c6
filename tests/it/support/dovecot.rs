//! A private Dovecot on loopback for one test.
//!
//! Each [`Dovecot`] lives in a temporary directory of its own: its
//! `dovecot.conf`, runtime and state directories, log, a test CA with a server
//! certificate it signed, a passwd file with one user, and that user's Maildir.
//! It listens on two free ports on 127.0.0.1, one plaintext and one implicit
//! TLS. Mail is put in place over IMAP (APPEND) or, for large mailboxes, by
//! writing Maildir files directly. Dropping the value stops the server.
//!
//! [`Dovecot::start_with`] with [`Options::oauth2`] adds an OAuth2 passdb
//! (XOAUTH2 and OAUTHBEARER) that asks a token-introspection server of the
//! test's own ([`Introspect`]) whether a token is active; the password login
//! keeps working beside it.
//!
//! When Dovecot is not installed the harness panics with instructions, so a
//! test cannot pass without having run; `VSD_SKIP_DOVECOT=1` skips instead.

use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub use super::introspect::Introspect;

pub const DOVECOT: &str = "/usr/sbin/dovecot";
pub const DOVEADM: &str = "/usr/bin/doveadm";
pub const USER: &str = "team@example.com";
pub const PASSWORD: &str = "correct horse battery";

/// A running private Dovecot.
pub struct Dovecot {
    dir: tempfile::TempDir,
    pub plain_port: u16,
    pub tls_port: u16,
    conf: PathBuf,
    /// PEM of the CA that signed the server certificate.
    pub ca_file: PathBuf,
    mail_uid: u32,
    mail_gid: u32,
    stopped: bool,
    /// The token-introspection server of an OAuth2 Dovecot
    /// ([`Options::oauth2`]): it says which tokens are active.
    pub oauth2: Option<Introspect>,
    /// The submission service's ports (STARTTLS, and implicit TLS) when
    /// started with [`Options::submission_relay`]; 0 otherwise.
    pub submission_port: u16,
    pub submissions_port: u16,
}

/// What a test Dovecot offers beyond password login; `Options::default()` is
/// what [`Dovecot::start`] starts, [`Options::oauth2`] adds OAuth2.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// XOAUTH2 and OAUTHBEARER through an OAuth2 passdb whose tokens an
    /// [`Introspect`] server on loopback judges (`Dovecot::oauth2`).
    pub oauth2: bool,
    /// Also run Dovecot's submission service (Debian's dovecot-submissiond),
    /// relaying what it takes to an SMTP server on this loopback port (the
    /// test's sink). Its ports are `Dovecot::submission_port` (STARTTLS)
    /// and `Dovecot::submissions_port` (implicit TLS).
    pub submission_relay: Option<u16>,
}

impl Options {
    /// A Dovecot that also signs in with OAuth2 tokens.
    // The update keeps further options at their defaults once there are any.
    #[allow(clippy::needless_update)]
    pub fn oauth2() -> Options {
        Options {
            oauth2: true,
            ..Options::default()
        }
    }
}

/// Whether Dovecot tests should run: panics with a clear message when Dovecot
/// is missing, unless `VSD_SKIP_DOVECOT=1`.
pub fn available() -> bool {
    if Path::new(DOVECOT).exists() {
        return true;
    }
    if std::env::var("VSD_SKIP_DOVECOT").as_deref() == Ok("1") {
        eprintln!("skipped: {DOVECOT} is missing and VSD_SKIP_DOVECOT=1");
        return false;
    }
    panic!(
        "{DOVECOT} is missing: these tests need a real Dovecot. Run scripts/install-test-deps.sh \
         as root (it installs dovecot-imapd), or set VSD_SKIP_DOVECOT=1 to skip them"
    );
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    l.local_addr().expect("local addr").port()
}

fn passwd_ids(name: &str) -> (u32, u32) {
    let passwd = fs::read_to_string("/etc/passwd").expect("read /etc/passwd");
    for line in passwd.lines() {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() > 3 && f[0] == name {
            return (f[2].parse().expect("uid"), f[3].parse().expect("gid"));
        }
    }
    panic!("no user {name:?} in /etc/passwd (Dovecot stores mail as this user)");
}

/// Writes a test CA and a server certificate it signed for 127.0.0.1 and
/// localhost; returns (ca.pem, server.pem, server.key).
pub fn make_certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "vsd test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = ca_params.self_signed(&ca_key).expect("self-sign CA");

    let key = KeyPair::generate().expect("server key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .expect("server params");
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params
        .signed_by(&key, &ca, &ca_key)
        .expect("sign server cert");

    let ca_path = dir.join("ca.pem");
    let cert_path = dir.join("server.pem");
    let key_path = dir.join("server.key");
    fs::write(&ca_path, ca.pem()).expect("write ca.pem");
    fs::write(&cert_path, cert.pem()).expect("write server.pem");
    fs::write(&key_path, key.serialize_pem()).expect("write server.key");
    (ca_path, cert_path, key_path)
}

impl Dovecot {
    /// Starts a private Dovecot, or returns `None` when Dovecot is missing and
    /// `VSD_SKIP_DOVECOT=1` is set.
    pub fn start() -> Option<Dovecot> {
        Self::start_with(Options::default())
    }

    /// Starts a private Dovecot with the extras `options` asks for, or
    /// returns `None` as [`Dovecot::start`] does.
    pub fn start_with(options: Options) -> Option<Dovecot> {
        if !available() {
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("vsd-dovecot-")
            .tempdir()
            .expect("temp dir");
        let introspect = options.oauth2.then(Introspect::start);
        Some(Self::start_in(dir, introspect, options.submission_relay))
    }

    fn start_in(
        dir: tempfile::TempDir,
        introspect: Option<Introspect>,
        relay: Option<u16>,
    ) -> Dovecot {
        let root = dir.path().to_path_buf();
        // Dovecot's login and mail processes run as other users and must be
        // able to reach the sockets and the mail under this directory.
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).expect("chmod temp dir");
        let (mail_uid, mail_gid) = passwd_ids("mail");
        for sub in ["run", "state", "mail", "home"] {
            fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        std::os::unix::fs::chown(root.join("mail"), Some(mail_uid), Some(mail_gid))
            .expect("chown mail dir");
        std::os::unix::fs::chown(root.join("home"), Some(mail_uid), Some(mail_gid))
            .expect("chown home dir");
        let (ca_file, cert, key) = make_certificates(&root);
        fs::write(
            root.join("passwd"),
            format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .expect("write passwd");
        // The oauth2 passdb cannot answer user look-ups, so the static userdb
        // must accept every user (`doveadm save -u`, LMTP) without asking it.
        let (mechanisms, oauth2_passdb, allow_all) = match &introspect {
            Some(i) => {
                fs::write(
                    root.join("oauth2.conf.ext"),
                    format!(
                        "introspection_mode = post\nintrospection_url = {}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\nforce_introspection = yes\n",
                        i.url()
                    ),
                )
                .expect("write oauth2.conf.ext");
                (
                    "plain login xoauth2 oauthbearer",
                    format!(
                        "passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {}/oauth2.conf.ext\n}}\n",
                        root.display()
                    ),
                    " allow_all_users=yes",
                )
            }
            None => ("plain login", String::new(), ""),
        };

        let mut last_log = String::new();
        for _attempt in 0..5 {
            let plain_port = free_port();
            let tls_port = free_port();
            if plain_port == tls_port {
                continue;
            }
            let (submission_port, submissions_port) = match relay {
                Some(_) => (free_port(), free_port()),
                None => (0, 0),
            };
            if relay.is_some()
                && (submission_port == submissions_port
                    || [plain_port, tls_port].contains(&submission_port)
                    || [plain_port, tls_port].contains(&submissions_port))
            {
                continue;
            }
            let (protocols, submission) = match relay {
                Some(sink) => (
                    "imap submission",
                    format!(
                        "hostname = localhost\nsubmission_relay_host = 127.0.0.1\nsubmission_relay_port = {sink}\nsubmission_relay_trusted = yes\nsubmission_relay_ssl = no\nservice submission-login {{\n  inet_listener submission {{\n    address = 127.0.0.1\n    port = {submission_port}\n  }}\n  inet_listener submissions {{\n    address = 127.0.0.1\n    port = {submissions_port}\n    ssl = yes\n  }}\n}}\n"
                    ),
                ),
                None => ("imap", String::new()),
            };
            let conf = root.join("dovecot.conf");
            let r = root.display();
            fs::write(
                &conf,
                format!(
                    r#"base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
info_log_path = {r}/dovecot.log
listen = 127.0.0.1
protocols = {protocols}
{submission}ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
# A failed login is answered after this delay (2 s by default), which is
# the same as the tests' read timeout.
auth_failure_delay = 0
first_valid_uid = 8
mail_location = maildir:{r}/mail/%u
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
{oauth2_passdb}userdb {{
  driver = static
  args = uid=mail gid=mail home={r}/home/%u{allow_all}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \Sent
  }}
  mailbox Drafts {{
    special_use = \Drafts
  }}
}}
"#,
                    cert = cert.display(),
                    key = key.display(),
                ),
            )
            .expect("write dovecot.conf");
            // The daemon keeps the standard streams it inherits: give it a
            // file, not a pipe that would never reach end of file.
            let errors = fs::File::create(root.join("startup.err")).expect("startup.err");
            let status = Command::new(DOVECOT)
                .arg("-c")
                .arg(&conf)
                .stdin(std::process::Stdio::null())
                .stdout(errors.try_clone().expect("dup"))
                .stderr(errors)
                .status()
                .expect("run dovecot");
            if !status.success() {
                last_log = format!(
                    "{}{}",
                    fs::read_to_string(root.join("startup.err")).unwrap_or_default(),
                    fs::read_to_string(root.join("dovecot.log")).unwrap_or_default()
                );
                continue;
            }
            let mut d = Dovecot {
                dir,
                plain_port,
                tls_port,
                conf,
                ca_file,
                mail_uid,
                mail_gid,
                stopped: false,
                oauth2: introspect,
                submission_port,
                submissions_port,
            };
            if d.wait_ready(Duration::from_secs(10)) {
                return d;
            }
            eprintln!(
                "dovecot did not open its ports; retrying: {}",
                fs::read_to_string(root.join("dovecot.log")).unwrap_or_default()
            );
            d.stop();
            let introspect = d.oauth2.take();
            return Self::start_in(d.take_dir(), introspect, relay);
        }
        panic!("cannot start dovecot: {last_log}");
    }

    fn take_dir(mut self) -> tempfile::TempDir {
        self.stopped = true;
        let dir = tempfile::Builder::new()
            .prefix("vsd-dovecot-")
            .tempdir()
            .expect("temp dir");
        std::mem::replace(&mut self.dir, dir)
    }

    fn wait_ready(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            let a = TcpStream::connect(("127.0.0.1", self.plain_port)).is_ok();
            let b = TcpStream::connect(("127.0.0.1", self.tls_port)).is_ok();
            let c = self.submission_port == 0
                || (TcpStream::connect(("127.0.0.1", self.submission_port)).is_ok()
                    && TcpStream::connect(("127.0.0.1", self.submissions_port)).is_ok());
            if a && b && c {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn conf(&self) -> &Path {
        &self.conf
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir().join("dovecot.log")).unwrap_or_default()
    }

    /// A vsd config for this server over plaintext loopback.
    pub fn config_toml(&self, folders: &[&str]) -> String {
        format!(
            "[imap]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nuser = \"{USER}\"\npassword = \"{PASSWORD}\"\nfolders = {:?}\ntimeout_secs = 10\n\n[desk]\naddresses = [\"integration@vipps.no\"]\n\n[team]\naddresses = [\"*@example.com\"]\n",
            self.plain_port, folders
        )
    }

    /// The introspection server of an OAuth2 Dovecot; panics on a Dovecot
    /// started without [`Options::oauth2`].
    pub fn introspect(&self) -> &Introspect {
        self.oauth2
            .as_ref()
            .expect("this Dovecot was started without Options { oauth2: true, .. }")
    }

    /// A vsd config for this server over plaintext loopback that signs in
    /// with `auth` (`"xoauth2"` or `"oauthbearer"`) and the token that
    /// `token_command` prints.
    pub fn oauth2_config_toml(&self, folders: &[&str], auth: &str, token_command: &str) -> String {
        format!(
            "[imap]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nuser = \"{USER}\"\nauth = \"{auth}\"\ntoken_command = {:?}\nfolders = {:?}\ntimeout_secs = 10\n\n[desk]\naddresses = [\"integration@vipps.no\"]\n\n[team]\naddresses = [\"*@example.com\"]\n",
            self.plain_port, token_command, folders
        )
    }

    /// Ends every session of `user` (`doveadm kick`): the client gets
    /// `* BYE`, as when a provider drops a session whose token expired.
    pub fn kick(&self, user: &str) {
        let out = Command::new(DOVEADM)
            .arg("-c")
            .arg(&self.conf)
            .arg("kick")
            .arg(user)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run doveadm kick");
        assert!(
            out.status.success(),
            "doveadm kick {user} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A logged-in session over plaintext, for putting mail in place.
    pub fn session(&self) -> imap::Session<TcpStream> {
        let tcp = TcpStream::connect(("127.0.0.1", self.plain_port)).expect("connect dovecot");
        tcp.set_read_timeout(Some(Duration::from_secs(30))).ok();
        let mut client = imap::Client::new(tcp);
        client.read_greeting().expect("greeting");
        client
            .login(USER, PASSWORD)
            .map_err(|(e, _)| e)
            .expect("login")
    }

    /// Creates a folder (no error when it exists).
    pub fn create_folder(&self, folder: &str) {
        let mut s = self.session();
        if let Err(e) = s.create(folder) {
            let msg = e.to_string();
            assert!(msg.contains("exists"), "cannot create {folder}: {msg}");
        }
        s.logout().ok();
    }

    /// Every message of a folder, in UID order (none when it does not exist).
    pub fn messages(&self, folder: &str) -> Vec<Vec<u8>> {
        let mut s = self.session();
        if s.examine(folder).is_err() {
            s.logout().ok();
            return Vec::new();
        }
        let fetched = s.uid_fetch("1:*", "BODY.PEEK[]").expect("fetch");
        let mut out: Vec<(u32, Vec<u8>)> = fetched
            .iter()
            .map(|f| (f.uid.unwrap_or(0), f.body().unwrap_or_default().to_vec()))
            .collect();
        out.sort_by_key(|(u, _)| *u);
        s.logout().ok();
        out.into_iter().map(|(_, b)| b).collect()
    }

    /// Files a message into a user's folder the way a provider's own
    /// server does (`doveadm save`), outside any IMAP session.
    pub fn doveadm_save(&self, folder: &str, raw: &[u8]) {
        save_with_doveadm(&self.conf, folder, raw);
    }

    /// Appends messages over IMAP; returns their UIDs.
    pub fn append(&self, folder: &str, messages: &[Vec<u8>]) -> Vec<u32> {
        self.append_flagged(folder, messages, &[])
    }

    /// Appends messages with flags such as `\Seen`; returns their UIDs.
    pub fn append_flagged(&self, folder: &str, messages: &[Vec<u8>], flags: &[&str]) -> Vec<u32> {
        if folder != "INBOX" {
            self.create_folder(folder);
        }
        let mut s = self.session();
        let mut uids = Vec::new();
        for m in messages {
            let mut cmd = s.append(folder, m);
            for f in flags {
                cmd.flag(imap::types::Flag::from(f.to_string()));
            }
            let appended = cmd.finish().expect("append");
            let uid = appended
                .uids
                .and_then(|u| u.first().cloned())
                .map(|r| match r {
                    imap_proto::UidSetMember::Uid(u) => u,
                    imap_proto::UidSetMember::UidRange(r) => *r.start(),
                })
                .expect("APPENDUID");
            uids.push(uid);
        }
        s.logout().ok();
        uids
    }

    /// Sets or clears flags on UIDs (`+FLAGS (\Seen)`, `-FLAGS (\Flagged)`).
    pub fn store_flags(&self, folder: &str, uids: &str, change: &str) {
        let mut s = self.session();
        s.select(folder).expect("select");
        s.uid_store(uids, change).expect("store");
        s.logout().ok();
    }

    /// Deletes UIDs from a folder for good (`\Deleted` + UID EXPUNGE).
    pub fn expunge(&self, folder: &str, uids: &str) {
        let mut s = self.session();
        s.select(folder).expect("select");
        s.uid_store(uids, "+FLAGS (\\Deleted)")
            .expect("store deleted");
        s.uid_expunge(uids).expect("expunge");
        s.logout().ok();
    }

    /// Deletes a whole folder (its next incarnation gets a new UIDVALIDITY).
    pub fn delete_folder(&self, folder: &str) {
        let mut s = self.session();
        s.delete(folder).expect("delete folder");
        s.logout().ok();
    }

    /// UIDVALIDITY and UIDs of a folder as the server has them.
    pub fn uids(&self, folder: &str) -> (u32, Vec<u32>) {
        let mut s = self.session();
        let mb = s.examine(folder).expect("examine");
        let mut uids: Vec<u32> = s.uid_search("ALL").expect("search").into_iter().collect();
        uids.sort_unstable();
        s.logout().ok();
        (mb.uid_validity.unwrap_or(0), uids)
    }

    /// Writes messages into a folder's Maildir directly (fast, for large
    /// mailboxes). Dovecot assigns UIDs when it next looks at the folder.
    pub fn write_maildir<I: IntoIterator<Item = Vec<u8>>>(
        &self,
        folder: &str,
        messages: I,
    ) -> usize {
        let base = self.dir().join("mail").join(USER);
        let fdir = if folder.eq_ignore_ascii_case("INBOX") {
            base.clone()
        } else {
            base.join(format!(".{folder}"))
        };
        let mut made = vec![base.clone()];
        for sub in ["cur", "new", "tmp"] {
            made.push(fdir.join(sub));
            made.push(base.join(sub));
        }
        made.push(fdir.clone());
        for d in &made {
            fs::create_dir_all(d).expect("mkdir maildir");
        }
        if fdir != base {
            fs::write(fdir.join("maildirfolder"), b"").expect("maildirfolder");
            made.push(fdir.join("maildirfolder"));
        }
        for d in &made {
            std::os::unix::fs::chown(d, Some(self.mail_uid), Some(self.mail_gid)).ok();
        }
        let pid = std::process::id();
        let mut n = 0;
        for m in messages {
            let name = format!("{}.P{pid}Q{n}.vsdtest:2,S", 1_700_000_000 + n);
            let path = fdir.join("cur").join(name);
            let mut f = fs::File::create(&path).expect("create maildir file");
            f.write_all(&m).expect("write maildir file");
            std::os::unix::fs::chown(&path, Some(self.mail_uid), Some(self.mail_gid)).ok();
            n += 1;
        }
        n
    }

    /// Moves the messages of a Maildir folder (its `cur` and `new`) into a
    /// folder of this server; returns how many. For benchmarks: no copy.
    pub fn adopt_maildir(&self, folder: &str, src: &Path) -> usize {
        let n = self.write_maildir(folder, std::iter::empty());
        assert_eq!(n, 0);
        let base = self.dir().join("mail").join(USER);
        let fdir = if folder.eq_ignore_ascii_case("INBOX") {
            base
        } else {
            base.join(format!(".{folder}"))
        };
        let mut moved = 0;
        for sub in ["cur", "new"] {
            let Ok(entries) = fs::read_dir(src.join(sub)) else {
                continue;
            };
            for e in entries.flatten() {
                let to = fdir.join(sub).join(e.file_name());
                fs::rename(e.path(), &to).expect("move a maildir file");
                std::os::unix::fs::chown(&to, Some(self.mail_uid), Some(self.mail_gid)).ok();
                moved += 1;
            }
        }
        moved
    }

    /// Stops the server (also done on drop).
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let ok = Command::new(DOVEADM)
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok && let Ok(pid) = fs::read_to_string(self.dir().join("run/master.pid")) {
            Command::new("kill").arg("-9").arg(pid.trim()).status().ok();
        }
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `doveadm -c CONF save -u USER -m FOLDER` with the message on stdin.
pub fn save_with_doveadm(conf: &Path, folder: &str, raw: &[u8]) {
    let mut child = Command::new(DOVEADM)
        .arg("-c")
        .arg(conf)
        .args(["save", "-u", USER, "-m", folder])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run doveadm save");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(raw)
        .expect("write to doveadm save");
    let out = child.wait_with_output().expect("doveadm save");
    assert!(
        out.status.success(),
        "doveadm save -m {folder} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A small RFC 5322 message written by the tests themselves.
pub fn message(
    id: &str,
    from: &str,
    to: &str,
    subject: &str,
    date: &str,
    extra: &str,
    body: &str,
) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: {date}\r\nFrom: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n{extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}
