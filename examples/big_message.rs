//! Peak memory of `vsd sync` on one large message, for the figures in the
//! README's Development section. Figures only; nothing asserts.
//!
//! Serves one message of MB megabytes from a private Dovecot (the test
//! harness, plaintext on loopback) beside a small auto-reply, runs the given
//! `vsd` binary's `sync` into an empty store under `/usr/bin/time -v`, and
//! prints the message's size, the peak resident memory and their ratio.
//! KIND is `text` (a plain-text body of log lines) or `attachment` (a short
//! text and a base64 attachment, as a log file is usually sent).
//!
//! With `--old`, the config leaves out `max_message_size` (for a vsd from
//! before the key); else it is set above the message.
//!
//! ```text
//! big_message VSD_BINARY MB text|attachment [--old]
//! ```

#[allow(dead_code)]
#[path = "../tests/it/support/dovecot.rs"]
mod dovecot;
// The harness's token-introspection server, which `dovecot` refers to.
#[allow(dead_code)]
#[path = "../tests/it/support/introspect.rs"]
mod introspect;

use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 && args.len() != 5 {
        eprintln!("usage: big_message VSD_BINARY MB text|attachment [--old]");
        std::process::exit(2);
    }
    let bin = &args[1];
    let mb: usize = args[2].parse().expect("MB is a number");
    let kind = args[3].as_str();
    let Some(d) = dovecot::Dovecot::start() else {
        std::process::exit(1);
    };
    let head = "Message-ID: <big@example.com>\r\nDate: Mon, 2 Mar 2026 10:30:00 +0100\r\n\
                From: Ola Nordmann <ola@example.com>\r\nTo: integration@vipps.no\r\n\
                Subject: Re: [VSD-2001] Capture fails\r\nIn-Reply-To: <ack@vipps.no>\r\n\
                References: <ack@vipps.no>\r\nMIME-Version: 1.0\r\n";
    let line = "2026-03-02T10:00:00.123Z capture failed: HTTP 500 from /epayment/v1/payments order=4711\r\n";
    let mut msg = head.as_bytes().to_vec();
    match kind {
        "text" => {
            msg.extend_from_slice(
                b"Content-Type: text/plain; charset=utf-8\r\n\r\nThe logs:\r\n\r\n",
            );
            while msg.len() < mb << 20 {
                msg.extend_from_slice(line.as_bytes());
            }
        }
        "attachment" => {
            msg.extend_from_slice(
                b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n\
                  Content-Type: text/plain; charset=utf-8\r\n\r\nThe logs are attached.\r\n\
                  --b1\r\nContent-Type: application/octet-stream; name=\"logs.txt\"\r\n\
                  Content-Transfer-Encoding: base64\r\n\r\n",
            );
            // Base64 of log text, in lines of 76: what a mailer sends.
            let mut n = 0u64;
            while msg.len() < mb << 20 {
                let mut chunk = String::with_capacity(76);
                while chunk.len() < 76 {
                    n = n
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let c = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                        [(n >> 58) as usize] as char;
                    chunk.push(c);
                }
                msg.extend_from_slice(chunk.as_bytes());
                msg.extend_from_slice(b"\r\n");
            }
            msg.extend_from_slice(b"--b1--\r\n");
        }
        _ => {
            eprintln!("KIND is text or attachment");
            std::process::exit(2);
        }
    }
    let ack = b"Message-ID: <ack@vipps.no>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\n\
                From: integration@vipps.no\r\nTo: ola@example.com\r\n\
                Subject: [VSD-2001] Capture fails\r\n\r\nReceived.\r\n"
        .to_vec();
    let size = msg.len();
    d.write_maildir("INBOX", [ack, msg]);
    let work = tempfile::tempdir().expect("tempdir");
    let conf = work.path().join("vsd.toml");
    // Private: vsd refuses a readable config that holds a password.
    vsd::files::write(
        &conf,
        d.config_toml(&["INBOX"])
            .replacen(
                "timeout_secs = 10\n",
                if args.get(4).map(String::as_str) == Some("--old") {
                    "timeout_secs = 60\n"
                } else {
                    "timeout_secs = 60\nmax_message_size = \"4GB\"\n"
                },
                1,
            )
            .as_bytes(),
    )
    .expect("config");
    let db = work.path().join("vsd.db");
    let time = work.path().join("time");
    let status = Command::new("/usr/bin/time")
        .arg("-v")
        .arg("-o")
        .arg(&time)
        .arg(bin)
        .arg("--config")
        .arg(&conf)
        .arg("--db")
        .arg(&db)
        .arg("sync")
        .status()
        .expect("run vsd");
    let report = std::fs::read_to_string(&time).unwrap_or_default();
    let peak_kb: u64 = report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let secs = report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Elapsed (wall clock) time (h:mm:ss or m:ss): ")
        })
        .unwrap_or("?")
        .to_string();
    println!(
        "{kind}: message {:.1} MB, vsd sync peak RSS {:.1} MB ({:.2}x), {secs}, exit {}",
        size as f64 / 1048576.0,
        peak_kb as f64 / 1024.0,
        (peak_kb * 1024) as f64 / size as f64,
        status.code().unwrap_or(-1)
    );
}
