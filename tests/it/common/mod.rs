//! Test mailboxes written by the tests themselves: a small builder for
//! RFC 5322 messages, and writers for mbox and Maildir.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One message, built header by header.
#[derive(Clone, Debug)]
pub struct Mail {
    headers: Vec<(String, String)>,
    body: String,
}

impl Mail {
    pub fn new(id: &str, date: &str, from: &str, subject: &str) -> Mail {
        let mut m = Mail {
            headers: Vec::new(),
            body: "Hello,\n\nsee above.\n\nOla\n".into(),
        };
        if !id.is_empty() {
            m = m.header("Message-ID", &format!("<{id}>"));
        }
        if !date.is_empty() {
            m = m.header("Date", date);
        }
        m.header("From", from).header("Subject", subject)
    }

    pub fn header(mut self, name: &str, value: &str) -> Mail {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn to(self, v: &str) -> Mail {
        self.header("To", v)
    }

    pub fn cc(self, v: &str) -> Mail {
        self.header("Cc", v)
    }

    /// In-Reply-To the parent, References the given chain.
    pub fn reply(self, parent: &str, refs: &[&str]) -> Mail {
        let refs: Vec<String> = refs.iter().map(|r| format!("<{r}>")).collect();
        self.header("In-Reply-To", &format!("<{parent}>"))
            .header("References", &refs.join(" "))
    }

    pub fn body(mut self, b: &str) -> Mail {
        self.body = b.into();
        self
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut s = String::new();
        for (k, v) in &self.headers {
            s.push_str(&format!("{k}: {v}\r\n"));
        }
        if !self.headers.iter().any(|(k, _)| k == "Content-Type") {
            s.push_str("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n");
        }
        s.push_str("\r\n");
        s.push_str(&self.body.replace('\n', "\r\n"));
        s.into_bytes()
    }
}

/// Writes an mbox, escaping body lines that start with `From `.
pub fn write_mbox(path: &Path, mails: &[Mail]) {
    let mut out = Vec::new();
    for m in mails {
        out.extend_from_slice(b"From MAILER-DAEMON Mon Mar  2 09:00:00 2026\n");
        let text = String::from_utf8_lossy(&m.bytes()).replace("\r\n", "\n");
        for line in text.split_inclusive('\n') {
            let bare = line.trim_start_matches('>');
            if bare.starts_with("From ") {
                out.push(b'>');
            }
            out.extend_from_slice(line.as_bytes());
        }
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    std::fs::write(path, out).expect("write mbox");
}

/// Writes a Maildir with cur/, new/ and tmp/; every other message goes to new/.
pub fn write_maildir(dir: &Path, mails: &[Mail]) {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).expect("maildir");
    }
    for (i, m) in mails.iter().enumerate() {
        let (sub, name) = if i % 2 == 0 {
            ("cur", format!("{}.{i}.test:2,S", 1_700_000_000 + i))
        } else {
            ("new", format!("{}.{i}.test", 1_700_000_000 + i))
        };
        std::fs::write(dir.join(sub).join(name), m.bytes()).expect("write mail");
    }
}

pub const CONFIG: &str = r#"
[desk]
addresses = ["integration@vipps.no", "noreply@vipps.no"]
issue_pattern = "VSD-[0-9]+|Case [0-9]+"

[team]
addresses = ["*@example.com"]
from = "Ola Nordmann <ola@example.com>"
"#;

/// A temporary home for a test: config, store, mailboxes.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        // Private, as a config that a test gives a password must be.
        vsd::files::write(&dir.path().join("config.toml"), CONFIG.as_bytes()).expect("config");
        Home { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `vsd` with this home's config and store.
    pub fn vsd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_vsd"));
        c.arg("--config")
            .arg(self.path("config.toml"))
            .arg("--db")
            .arg(self.path("vsd.db"))
            .env_remove("VSD_CONFIG")
            .env_remove("VSD_DB")
            .env_remove("VSD_NOW")
            .env("TZ", "UTC");
        c
    }

    /// [`Home::vsd`] as a std command, for a vsd that runs beside the test.
    pub fn vsd_std(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_vsd"));
        c.arg("--config")
            .arg(self.path("config.toml"))
            .arg("--db")
            .arg(self.path("vsd.db"))
            .env_remove("VSD_CONFIG")
            .env_remove("VSD_DB")
            .env("TZ", "UTC");
        c
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.vsd().args(args).output().expect("run vsd");
        assert!(
            out.status.success(),
            "vsd {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }

    /// `vsd draft reply KEY --body-file BODY` with `more` after it.
    pub fn draft_reply<S: AsRef<std::ffi::OsStr>>(
        &self,
        key: &str,
        body: &Path,
        more: impl IntoIterator<Item = S>,
    ) -> std::process::Output {
        self.vsd()
            .args(["draft", "reply", key, "--body-file"])
            .arg(body)
            .args(more)
            .output()
            .expect("run vsd draft reply")
    }

    /// [`Home::json`] as of `now` (RFC 3339, through `VSD_NOW`): what
    /// counts days gives the same answer on any day the tests run.
    pub fn json_at(&self, now: &str, args: &[&str]) -> serde_json::Value {
        let out = self
            .vsd()
            .env("VSD_NOW", now)
            .args(args)
            .output()
            .expect("run vsd");
        assert!(
            out.status.success(),
            "vsd {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }
}

/// The test mailbox with known answers (see `expected_list` in tests/cli.rs).
pub fn mailbox() -> Vec<Mail> {
    let desk = "Vipps Integration <integration@vipps.no>";
    let ola = "Ola Nordmann <ola@example.com>";
    let kari = "=?ISO-8859-1?Q?Kari_H=E5nsen?= <kari@example.com>";
    vec![
        // VSD-100: request, auto-reply, desk question, team answer (awaiting desk).
        Mail::new("req100@example.com", "Mon, 2 Mar 2026 09:00:00 +0100", ola, "POST /epayment gives 400")
            .to("integration@vipps.no")
            .cc("kari@example.com")
            .body("Hi,\n\nPOST /epayment/v1/payments gives HTTP 400 in the test environment.\nMSN 123456, orgnr 987654321, orderId abc-1, 2 March 2026.\n\nOla\n"),
        Mail::new("auto100@vipps.no", "Mon, 2 Mar 2026 09:01:00 +0100", desk, "[VSD-100] POST /epayment gives 400")
            .to(ola)
            .cc("kari@example.com")
            .reply("req100@example.com", &["req100@example.com"])
            .body("Thank you. Your issue number is VSD-100.\n"),
        Mail::new("d100@vipps.no", "Tue, 3 Mar 2026 10:00:00 +0100", desk, "RE: [VSD-100] POST /epayment gives 400")
            .to(ola)
            .cc("kari@example.com")
            .reply("auto100@vipps.no", &["req100@example.com", "auto100@vipps.no"])
            .body("Which Merchant Serial Number?\n"),
        Mail::new("t100@example.com", "Tue, 3 Mar 2026 11:00:00 +0100", ola, "Re: [VSD-100] POST /epayment gives 400")
            .to("integration@vipps.no")
            .cc(kari)
            .reply("d100@vipps.no", &["req100@example.com", "auto100@vipps.no", "d100@vipps.no"])
            .body("It is 123456.\n"),
        // VSD-200: resolved by the desk; a reply that lost the key and one that changed the Subject.
        Mail::new("req200@example.com", "Wed, 4 Mar 2026 08:00:00 +0100", kari, "Webhooks kommer ikke fram")
            .to("integration@vipps.no")
            .cc("ola@example.com"),
        Mail::new("auto200@vipps.no", "Wed, 4 Mar 2026 08:00:30 +0100", desk, "=?UTF-8?Q?VSD-200:_Webhooks_kommer_ikke_fram?=")
            .to(kari)
            .cc("ola@example.com")
            .reply("req200@example.com", &["req200@example.com"]),
        Mail::new("t200a@example.com", "Wed, 4 Mar 2026 12:00:00 +0100", kari, "SV: Webhooks kommer ikke fram")
            .to("integration@vipps.no")
            .cc("ola@example.com")
            .reply("auto200@vipps.no", &["req200@example.com", "auto200@vipps.no"]),
        Mail::new("t200b@example.com", "Wed, 4 Mar 2026 13:00:00 +0100", kari, "Sv: VSD-200: Webhooks fortsatt borte!")
            .to("integration@vipps.no")
            .cc("ola@example.com")
            .reply("t200a@example.com", &["req200@example.com", "auto200@vipps.no", "t200a@example.com"]),
        Mail::new("d200@vipps.no", "Thu, 5 Mar 2026 09:00:00 +0100", desk, "RE: VSD-200: Webhooks kommer ikke fram")
            .to(kari)
            .cc("ola@example.com")
            .reply("t200b@example.com", &["req200@example.com", "t200b@example.com"])
            .body("Saken er løst: callback-URL manglet https.\n"),
        // The same team reply twice: in Sent and as its Cc copy in INBOX.
        Mail::new("t100@example.com", "Tue, 3 Mar 2026 11:00:00 +0100", ola, "Re: [VSD-100] POST /epayment gives 400")
            .to("integration@vipps.no")
            .cc(kari)
            .reply("d100@vipps.no", &["req100@example.com", "auto100@vipps.no", "d100@vipps.no"])
            .body("It is 123456.\n"),
        // An unfiled request: no auto-reply yet, no Date header.
        Mail::new("req300@example.com", "", "Per Olsen <per@example.com>", "Recurring agreement stuck")
            .to("integration@vipps.no"),
    ]
}

/// An executable shell script `name` in `dir` (an editor, a sendmail, a
/// token helper a test plays).
pub fn script(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("script");
    std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    p
}
