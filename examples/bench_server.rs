//! Serves a generated mailbox from a private Dovecot for `scripts/bench-sync.sh`.
//!
//! Moves the `INBOX` and `Sent` Maildir folders written by `genmail --folders`
//! into a Dovecot started by the test harness, lets Dovecot index them, writes
//! a vsd config and an mbsync config for the same server (implicit TLS, the
//! harness's test CA), prints `READY <dir>` and serves until its standard
//! input closes.
//!
//! ```text
//! bench_server GENMAIL_DIR OUT_DIR
//! ```

#[allow(dead_code)]
#[path = "../tests/it/support/dovecot.rs"]
mod dovecot;
// The harness's token-introspection server, which `dovecot` refers to.
#[allow(dead_code)]
#[path = "../tests/it/support/introspect.rs"]
mod introspect;

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: bench_server GENMAIL_DIR OUT_DIR");
        std::process::exit(2);
    }
    let src = PathBuf::from(&args[1]);
    let out = PathBuf::from(&args[2]);
    std::fs::create_dir_all(&out).expect("create OUT_DIR");
    let Some(d) = dovecot::Dovecot::start() else {
        std::process::exit(1);
    };
    let inbox = d.adopt_maildir("INBOX", &src.join("INBOX"));
    let sent = d.adopt_maildir("Sent", &src.join("Sent"));
    // Index both folders now, so that neither client pays for it.
    let mut s = d.session();
    for f in ["INBOX", "Sent"] {
        s.examine(f).expect("examine");
        s.uid_fetch("1:*", "(UID FLAGS RFC822.SIZE)")
            .expect("warm index");
    }
    s.logout().ok();
    let ca = std::fs::canonicalize(&d.ca_file).expect("ca path");
    // 0600: vsd refuses a config holding a password that others can read.
    vsd::files::write(
        &out.join("vsd.toml"),
        format!(
            "[imap]\nhost = \"localhost\"\nport = {}\ntls = \"implicit\"\nca_file = \"{}\"\nuser = \"{}\"\npassword = \"{}\"\nfolders = [\"INBOX\", \"Sent\"]\n\n[team]\naddresses = [\"*@example.com\"]\n",
            d.tls_port,
            ca.display(),
            dovecot::USER,
            dovecot::PASSWORD
        )
        .as_bytes(),
    )
    .expect("write vsd.toml");
    let local = out.join("mbsync-mail");
    std::fs::write(
        out.join("mbsyncrc"),
        format!(
            "IMAPAccount bench\nHost localhost\nPort {}\nUser {}\nPass \"{}\"\nSSLType IMAPS\nCertificateFile {}\n\n\
             IMAPStore remote\nAccount bench\n\n\
             MaildirStore local\nPath {}/\nInbox {}/INBOX\nSubFolders Verbatim\n\n\
             Channel bench\nFar :remote:\nNear :local:\nPatterns INBOX Sent\nCreate Near\nSync Pull\nSyncState *\n",
            d.tls_port,
            dovecot::USER,
            dovecot::PASSWORD,
            ca.display(),
            local.display(),
            local.display()
        ),
    )
    .expect("write mbsyncrc");
    println!("READY {} {inbox} {sent}", out.display());
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    drop(d);
}
